//! Front matter: an optional TOML (`+++`) or YAML (`---`) block at the top of
//! a report that overrides what the parser detects.

use crate::model::{Date, Diagnostic};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// The fields a report may set by hand. Unknown keys are errors: a typo
/// (`isuser`) would otherwise be ignored without a word.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The report's title, in place of the one found in its text.
    pub title: Option<String>,
    /// The issuing organ, in place of the one found in the text or the portal's.
    pub issuer: Option<String>,
    /// The year reported on, in place of the one the title or opening names.
    pub year: Option<i32>,
    /// The date the report was signed, in place of the closing block's.
    pub date: Option<DateField>,
    /// The issuer's region, looked up in the divisions instead of found in the
    /// text ([`crate::model::Metadata::region`]).
    pub region: Option<String>,
    /// The document number (发文字号), in place of the header's.
    pub doc_number: Option<String>,
    /// Where the report is published online; nothing else gives it.
    pub source_url: Option<String>,
    /// The report's URL name, made URL-safe, in place of the one made from its
    /// file's path.
    pub slug: Option<String>,
}

/// A date written as a TOML date (`2022-12-16`) or as a string
/// (`"2022-12-16"`, `"2022年12月16日"`, `"2022/12/16"`).
#[derive(Debug, PartialEq)]
pub struct DateField(pub Date);

impl<'de> Deserialize<'de> for DateField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DateVisitor)
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = DateField;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date such as 2022-12-16 or \"2022年12月16日\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateField, E> {
        parse_date_field(v)
            .map(DateField)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    /// The toml crate hands a TOML date over as a one-entry map.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DateField, A::Error> {
        let (_, value): (String, String) = map
            .next_entry()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        self.visit_str(&value)
    }
}

/// Parses `2022-12-16`, `2022/12/16`, `2022.12.16` or `2022年12月16日`; a
/// time after the date is ignored.
fn parse_date_field(v: &str) -> Option<Date> {
    let digits: Vec<&str> = v
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(3)
        .collect();
    let [y, m, d] = digits[..] else { return None };
    crate::parse::dates::checked_date(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A report's text split into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The front matter; every field `None` when the text has none.
    pub front: FrontMatter,
    /// The text after the front matter's closing line (all of it when there is
    /// none).
    pub body: &'a str,
    /// Lines before the body starts, to keep line numbers true to the file.
    pub body_line_offset: usize,
}

/// Splits off and parses the front matter, if the text starts with one.
/// Errors carry the file, line and column of the problem.
pub fn split<'a>(file: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let first_line = text.split_inclusive('\n').next().unwrap_or("");
    let first = first_line.trim_end();
    let kind = match first {
        "+++" => Kind::Toml,
        "---" => Kind::Yaml,
        _ => {
            return Ok(Split {
                front: FrontMatter::default(),
                body: text,
                body_line_offset: 0,
            })
        }
    };
    // The fence line may end in spaces, also multi-byte ones (U+3000): the
    // block starts after the whole line, not after the trimmed fence.
    let start = first_line.len();
    let mut offset = start;
    let mut closing = None;
    for (i, line) in text[start.min(text.len())..]
        .split_inclusive('\n')
        .enumerate()
    {
        if line.trim_end() == first {
            closing = Some((offset, offset + line.len(), i + 2));
            break;
        }
        offset += line.len();
    }
    let Some((block_end, body_start, closing_line)) = closing else {
        return Err(Diagnostic::error(
            file,
            format!("front matter opened with `{first}` is never closed"),
        )
        .at(text, 1, 1)
        .help(format!(
            "end the front matter with a line that holds only `{first}`"
        )));
    };
    let block = &text[start.min(block_end)..block_end];
    let front = match kind {
        Kind::Toml => parse_toml(block),
        Kind::Yaml => parse_yaml(block),
    }
    .map_err(|(msg, line, col)| {
        let help = match crate::model::did_you_mean(&msg) {
            Some(hint) => format!("{hint} {HELP}"),
            None => HELP.to_owned(),
        };
        Diagnostic::error(file, format!("malformed front matter: {msg}"))
            .at(text, line + 1, col)
            .help(help)
    })?;
    Ok(Split {
        front,
        body: &text[body_start.min(text.len())..],
        body_line_offset: closing_line,
    })
}

const HELP: &str =
    "front matter may set title, issuer, year, date, region, doc_number, source_url and slug; \
see the README section \"Front matter\"";

enum Kind {
    Toml,
    Yaml,
}

/// Line and column (1-based, within the block) and message of an error.
type BlockError = (String, usize, usize);

fn parse_toml(block: &str) -> Result<FrontMatter, BlockError> {
    toml::from_str(block).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        let (line, col) = line_col(block, at);
        (e.message().trim().to_owned(), line, col)
    })
}

fn parse_yaml(block: &str) -> Result<FrontMatter, BlockError> {
    if block.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_yaml_ng::from_str(block).map_err(|e| {
        let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let msg = e.to_string();
        // The message repeats the position; people read it from the arrow.
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
        (msg, line, col)
    })
}

fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_front_matter() {
        let s = split("a.txt", "标题\n正文").unwrap();
        assert_eq!(s.front, FrontMatter::default());
        assert_eq!(s.body, "标题\n正文");
        assert_eq!(s.body_line_offset, 0);
    }

    #[test]
    fn toml_front_matter_with_a_toml_date() {
        let text = "+++\ntitle = \"甲\"\nyear = 2022\ndate = 2023-03-01\n+++\n正文\n";
        let s = split("a.txt", text).unwrap();
        assert_eq!(s.front.title.as_deref(), Some("甲"));
        assert_eq!(s.front.year, Some(2022));
        assert_eq!(s.front.date.unwrap().0.to_string(), "2023-03-01");
        assert_eq!(s.body, "正文\n");
        assert_eq!(s.body_line_offset, 5);
    }

    #[test]
    fn yaml_front_matter_with_a_chinese_date() {
        let text = "---\nissuer: 某区人民政府\ndate: 2023年3月1日\nslug: mou-qu\n---\n正文";
        let s = split("a.txt", text).unwrap();
        assert_eq!(s.front.issuer.as_deref(), Some("某区人民政府"));
        assert_eq!(s.front.date.unwrap().0.to_string(), "2023-03-01");
        assert_eq!(s.front.slug.as_deref(), Some("mou-qu"));
    }

    #[test]
    fn malformed_toml_points_at_line_and_column() {
        let text = "+++\ntitle = \"甲\"\nyear = = 2022\n+++\n正文";
        let err = split("r/a.txt", text).unwrap_err();
        assert_eq!(err.file, "r/a.txt");
        assert_eq!((err.line(), err.column()), (Some(3), Some(8)));
        assert_eq!(
            err.span.as_ref().map(|s| s.source_line.as_str()),
            Some("year = = 2022")
        );
        assert!(err.message.starts_with("malformed front matter"));
    }

    #[test]
    fn unknown_key_is_an_error() {
        let text = "---\ntitle: 甲\nisuser: 乙\n---\n";
        let err = split("a.md", text).unwrap_err();
        assert!(err.message.contains("isuser"), "{}", err.message);
        assert_eq!(err.line(), Some(3));
    }

    #[test]
    fn wrong_type_and_bad_date_are_errors() {
        let err = split("a.md", "---\nyear: 二〇二二\n---\n").unwrap_err();
        assert_eq!(err.line(), Some(2));
        let err = split("a.md", "+++\ndate = \"someday\"\n+++\n").unwrap_err();
        assert_eq!(err.line(), Some(2));
    }

    /// Found by fuzzing: a full-width space after the fence made the block
    /// start inside that character, and slicing there panicked.
    #[test]
    fn fences_with_trailing_wide_spaces() {
        let s = split("a.txt", "+++\u{3000}\ntitle = \"甲\"\n+++\u{3000}\n正文").unwrap();
        assert_eq!(s.front.title.as_deref(), Some("甲"));
        assert_eq!(s.body, "正文");
        assert_eq!(s.body_line_offset, 3);
        assert!(split("a.txt", "---\u{a0}").is_err(), "never closed");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split("a.md", "---\ntitle: 甲\n正文").unwrap_err();
        assert!(err.message.contains("never closed"));
        assert_eq!(err.line(), Some(1));
    }
}
