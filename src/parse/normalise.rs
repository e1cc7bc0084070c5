//! Normalisation of single lines: the artefacts that copying a report out of
//! Word, PDF or a web page leaves in its text.

use super::Line;

/// Cleans every line of a plain-text report and drops the blank ones (blank
/// lines carry no meaning in these texts: page breaks put them in the middle
/// of sentences, and many files have none between paragraphs). A report
/// that lost its line breaks is cut back into lines first
/// ([`super::runon::split`]).
pub fn text_lines(body: &str, line_offset: usize) -> Vec<Line> {
    body.lines()
        .enumerate()
        .flat_map(|(i, raw)| {
            let cleaned = clean_characters(raw);
            let number = line_offset + i + 1;
            super::runon::split(&cleaned)
                .into_iter()
                .filter_map(|piece| text_line(number, piece))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// One line of text, cleaned (`None` when nothing is left of it).
fn text_line(number: usize, cleaned: &str) -> Option<Line> {
    let (text, artefacts) = strip_markdown_artefacts(cleaned);
    let text = fix_spacing(&text);
    if text.is_empty() || is_page_number(&text) {
        return None;
    }
    let lead_len = artefacts
        .lead
        .filter(|lead| lead.len() < text.len())
        .map(|lead| {
            // The bold lead as it reads after spacing fixes.
            fix_spacing(&lead).len()
        });
    Some(Line {
        number,
        text,
        lead_len,
        heading_level: None,
        marked_up: artefacts.hashes,
        complete: false,
    })
}

/// Replaces the many kinds of space with a plain space and removes
/// characters that are invisible and never meant: zero-width spaces, soft
/// hyphens, control characters (NUL from broken exports), and bidirectional
/// overrides that could make text display in another order than it reads.
pub fn clean_characters(raw: &str) -> String {
    // Most lines have none of them: copied whole, not a character at a time.
    if raw.chars().all(|c| cleaned(c) == Some(c)) {
        return raw.to_owned();
    }
    raw.chars().filter_map(cleaned).collect()
}

/// A character as [`clean_characters`] keeps it: a plain space, itself,
/// or nothing.
fn cleaned(c: char) -> Option<char> {
    match c {
        '\u{3000}' | '\u{a0}' | '\t' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' => {
            Some(' ')
        }
        '\u{200b}' | '\u{feff}' | '\u{ad}' | '\u{2060}' => None,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => None,
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// Markdown left in a text export: what it said, beyond the text itself.
#[derive(Default)]
struct Artefacts {
    /// The line started with `#` marks (a heading in the editor it came from).
    hashes: bool,
    /// A bold run at the very start of the line: a lead sentence.
    lead: Option<String>,
}

/// Removes Markdown heading marks (`## `) and bold/italic markers (`**`,
/// `__`) that text exports keep (`## **一、加强组织领导**`). Such a line is
/// plain text in a `.txt` file: its level comes from its numbering, not from
/// the number of `#`, which exports set inconsistently.
fn strip_markdown_artefacts(line: &str) -> (String, Artefacts) {
    let mut text = line.trim();
    let hashes = text.len() - text.trim_start_matches('#').len();
    let marked = (1..=6).contains(&hashes) && text[hashes..].starts_with(' ');
    if marked {
        text = text[hashes..].trim_start();
    }
    let (cleaned, lead) = strip_emphasis_marks(text);
    (
        cleaned,
        Artefacts {
            hashes: marked,
            lead,
        },
    )
}

/// Removes `**` and `__` left in text, returning the text and the bold run
/// it started with, if any. CommonMark leaves them in place around Chinese
/// punctuation (`**加强领导。**成立小组`), so Markdown files need this too.
pub fn strip_emphasis_marks(text: &str) -> (String, Option<String>) {
    // Most text has neither mark: copied once, not three times.
    if !text.contains("**") && !text.contains("__") {
        return (text.trim().to_owned(), None);
    }
    let mut lead = None;
    for mark in ["**", "__"] {
        if let Some(end) = text.strip_prefix(mark).and_then(|rest| rest.find(mark)) {
            lead = Some(text[mark.len()..mark.len() + end].trim().to_owned());
        }
    }
    let cleaned = text.replace("**", "").replace("__", "");
    (cleaned.trim().to_owned(), lead)
}

/// Fixes spacing: trims, collapses runs of spaces, and drops the spaces that
/// PDF conversion puts between Chinese text and digits or Latin letters
/// (`关于 2021 年度` → `关于2021年度`) and around Chinese punctuation. A single
/// space between two Chinese characters is kept: it separates names
/// (`示范区党工委 示范区管委会`).
pub fn fix_spacing(line: &str) -> String {
    let line = line.trim();
    // Most lines have no space to fix: copied whole.
    if !line.contains(' ') {
        return line.to_owned();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != ' ' {
            out.push(c);
            i += 1;
            continue;
        }
        let run_end = (i..chars.len())
            .find(|&j| chars[j] != ' ')
            .unwrap_or(chars.len());
        let before = out.chars().last();
        let after = chars.get(run_end).copied();
        if let (Some(b), Some(a)) = (before, after) {
            if !space_is_artefact(b, a) {
                out.push(' ');
            }
        }
        i = run_end;
    }
    out
}

/// A space between these two characters is an artefact of conversion.
fn space_is_artefact(before: char, after: char) -> bool {
    let cjk_and_ascii = |x: char, y: char| is_cjk(x) && y.is_ascii_alphanumeric();
    is_cjk_punctuation(before)
        || is_cjk_punctuation(after)
        || cjk_and_ascii(before, after)
        || cjk_and_ascii(after, before)
        || (before.is_ascii_digit() && after.is_ascii_digit())
}

/// Han characters and the CJK punctuation and full-width forms.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
        || is_cjk_punctuation(c)
}

/// Chinese punctuation (full-width), including the quotes and dashes that
/// Chinese text uses from the general punctuation block.
pub fn is_cjk_punctuation(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '（'
            | '）'
            | '【'
            | '】'
            | '〔'
            | '〕'
            | '「'
            | '」'
            | '『'
            | '』'
            | '…'
            | '—'
            | '·'
            | '～'
    )
}

/// Page numbers that PDF conversion leaves on a line of their own:
/// `- 5 -`, `— 12 —`, `第 3 页`, `第3页 共9页`.
fn is_page_number(line: &str) -> bool {
    let dashed = line
        .strip_prefix(['-', '—', '－', '–'])
        .and_then(|s| s.strip_suffix(['-', '—', '－', '–']))
        .map(|s| s.trim_matches(['-', '—', '－', '–', ' ']));
    if let Some(inner) = dashed {
        return !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit());
    }
    let paged = line.replace(' ', "");
    let mut rest = paged.as_str();
    let mut parts = 0;
    while let Some(after) = rest.strip_prefix('第').or_else(|| rest.strip_prefix('共')) {
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let Some(tail) = after[digits..].strip_prefix('页') else {
            return false;
        };
        if digits == 0 {
            return false;
        }
        rest = tail;
        parts += 1;
    }
    parts > 0 && rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_spacing_is_removed_but_name_separators_stay() {
        assert_eq!(
            fix_spacing("关于 2021 年度法治政府"),
            "关于2021年度法治政府"
        );
        assert_eq!(
            fix_spacing("共开展全员核酸检测 11 次，督导"),
            "共开展全员核酸检测11次，督导"
        );
        assert_eq!(
            fix_spacing("示范区党工委 示范区管委会"),
            "示范区党工委 示范区管委会"
        );
        assert_eq!(
            fix_spacing("百年之光启征程  巾帼奋进"),
            "百年之光启征程 巾帼奋进"
        );
        assert_eq!(
            fix_spacing("(一) 依法全面履行职能"),
            "(一) 依法全面履行职能"
        );
        assert_eq!(fix_spacing("（一） 依法"), "（一）依法");
        assert_eq!(fix_spacing("学习强国 APP，微信"), "学习强国APP，微信");
        assert_eq!(fix_spacing("1 416.33"), "1416.33");
        assert_eq!(fix_spacing("LED display"), "LED display");
        assert_eq!(
            fix_spacing(" \t关于2021年度\n"),
            "关于2021年度",
            "no space inside"
        );
    }

    #[test]
    fn invisible_and_odd_spaces() {
        assert_eq!(
            clean_characters("\u{3000}\u{3000}正文\u{200b}甲\u{0}乙\u{202e}丙"),
            "  正文甲乙丙"
        );
        // A line with none of them is kept as it is; one of them anywhere
        // (first, last, alone) is found.
        assert_eq!(clean_characters("正文 a1，。"), "正文 a1，。");
        assert_eq!(clean_characters("\t正文"), " 正文");
        assert_eq!(clean_characters("正文\u{85}"), "正文", "C1 control");
        assert_eq!(clean_characters("\u{feff}"), "");
        assert_eq!(clean_characters(""), "");
    }

    #[test]
    fn emphasis_marks_are_stripped_and_plain_text_trimmed() {
        assert_eq!(strip_emphasis_marks(" 正文。 "), ("正文。".into(), None));
        assert_eq!(
            strip_emphasis_marks("**加强领导。**成立小组"),
            ("加强领导。成立小组".into(), Some("加强领导。".into()))
        );
        assert_eq!(strip_emphasis_marks("甲__乙"), ("甲乙".into(), None));
        assert_eq!(strip_emphasis_marks("甲*乙_丙"), ("甲*乙_丙".into(), None));
    }

    #[test]
    fn markdown_artefacts_in_text() {
        let lines = text_lines(
            "## **一、加强组织领导**\n**组织保障。**正文继续。\n# 标题",
            0,
        );
        assert_eq!(lines[0].text, "一、加强组织领导");
        assert!(lines[0].marked_up);
        assert_eq!(lines[0].lead_len, None, "a whole bold line is no lead");
        assert_eq!(lines[1].text, "组织保障。正文继续。");
        assert_eq!(lines[1].lead_len, Some("组织保障。".len()));
        assert_eq!(lines[2].text, "标题");
        let lines = text_lines("#hashtag 不是标题", 0);
        assert_eq!(lines[0].text, "#hashtag不是标题");
        assert!(!lines[0].marked_up);
    }

    #[test]
    fn page_numbers_and_blank_lines_are_dropped() {
        let lines = text_lines("甲\n\n- 5 -\n— 12 —\n第 3 页\n第3页共9页\n1.\n乙", 10);
        let texts: Vec<_> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["甲", "1.", "乙"]);
        assert_eq!(lines[0].number, 11);
        assert_eq!(lines[2].number, 18);
    }
}
