//! The lines around the body: the header above it (red header, document
//! number, signers, issuer, title, recipient) and the closing block below it
//! (signing organ, date, printing line). Each kind of line is recognised by a
//! named rule; what is left between them is the body.

use super::dates::parse_date_line;
use super::structure::starts_with_section_marker;
use super::Line;
use crate::model::{Date, Metadata};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Titles and issuer lines are short; a longer line is body text. The
/// longest real titles (issuer + 关于 + year + subject + 报告) stay under 60.
const MAX_HEADER_LINE_CHARS: usize = 60;

/// The header is at the top: past this many lines, the body has begun.
const MAX_HEADER_LINES: usize = 12;

/// The closing block is a few lines (organ, date, printing organ, printing
/// date, 抄送).
const MAX_TRAILER_LINES: usize = 8;

/// Organ lines in the closing block are short names.
const MAX_ORGAN_CHARS: usize = 30;

/// A note (附注) below the date is a short bracketed line
/// (`（此件公开发布）`, `（联系人：张三，电话：1234567）`).
const MAX_NOTE_CHARS: usize = 60;

/// What the header and closing block say, and where the body lies.
#[derive(Debug, Default)]
pub struct Frame {
    /// What the header and closing block say: title, issuer, year, dates,
    /// document number, signers, recipient.
    pub meta: Metadata,
    /// The lines of the body, between header and closing block.
    pub body: Range<usize>,
}

/// Red header (版头): the issuing organ's name followed by 文件.
static RED_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\p{Han}[\p{Han}（）()·]{1,38})文件$").unwrap());

/// Document number (发文字号): organ abbreviation, year in 〔〕, number, 号.
static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\p{Han}A-Za-z]{1,20}\s*[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号$",
    )
    .unwrap()
});

/// Signers (签发人): names after `签发人：`.
static SIGNERS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^签\s*发\s*人\s*[：:]\s*(.+)$").unwrap());

/// Recipient (主送机关): a short organ name followed by a colon, alone.
static RECIPIENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\p{Han}[\p{Han}、，,]{0,29})[：:]$").unwrap());

/// Printing line (印发): organ and date, or date alone, then 印发. The date
/// starts at its year's four digits: the space between organ and date is
/// often gone (`某县人民政府办公室2023年3月2日印发`).
static PRINTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)\s*([0-9０-９〇○零一二三四五六七八九]{4}\s*年.*?日)\s*印发$").unwrap()
});

/// Copy-to lines (抄送、抄报) in the closing block.
static COPY_TO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(抄\s*送|抄\s*报)\s*[：:]").unwrap());

/// The year of a title (`关于2022年…`, `2022年度`).
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})\s*年").unwrap());

/// Words that end the name of an organ (机关): what an issuer line ends with.
const ORGAN_SUFFIXES: &[&str] = &[
    "人民政府",
    "政府",
    "委员会",
    "管理委员会",
    "管委会",
    "工委",
    "党委",
    "党组",
    "办公室",
    "办公厅",
    "办事处",
    "开发区",
    "示范区",
    "新区",
    "园区",
    "高新区",
    "经开区",
    "司法局",
    "局",
    "厅",
    "委",
    "办",
    "院",
    "中心",
    "公司",
    "街道",
    "镇",
    "乡",
    "县",
    "区",
    "市",
    "州",
    "盟",
    "旗",
    "省",
];

/// Words a report's title ends with (文种): a line ending so closes the title.
const TITLE_ENDINGS: &[&str] = &["报告", "总结", "情况"];

/// Finds the header, the closing block and the body between them.
pub fn frame(lines: &[Line]) -> Frame {
    let mut frame = Frame::default();
    let body_start = read_header(lines, &mut frame.meta);
    let body_end = read_trailer(lines, body_start, &mut frame.meta);
    frame.body = body_start..body_end;
    if frame.meta.year.is_none() {
        frame.meta.year = year_of(&frame.meta.title);
    }
    frame
}

/// A personal name: two to four Chinese characters, no organ's name.
const PERSON_NAME_CHARS: std::ops::RangeInclusive<usize> = 2..=4;

/// Rule "signers broken over lines": a line under `签发人：张三` that is only
/// a personal name is one more signer (names a space apart, the space
/// turned into a line break by a paste), not the start of the title: no
/// organ's name, nor a title's piece (`报告`, a year).
fn is_person_name(text: &str) -> bool {
    PERSON_NAME_CHARS.contains(&text.chars().count())
        && text.chars().all(|c| matches!(c, '\u{4e00}'..='\u{9fff}'))
        && !is_organ_name(text)
        && !text.contains(['报', '告', '年'])
}

/// Reads header lines from the top; returns the index of the first body line.
fn read_header(lines: &[Line], meta: &mut Metadata) -> usize {
    let mut red_header = None;
    let mut candidates: Vec<&str> = Vec::new();
    // The line each candidate is.
    let mut candidate_lines: Vec<usize> = Vec::new();
    let mut end = 0;
    // Whether the line before named signers (`签发人：张三`).
    let mut after_signers = false;
    for (i, line) in lines.iter().enumerate().take(MAX_HEADER_LINES) {
        let text = line.text.as_str();
        if is_body_line(line, !candidates.is_empty()) {
            break;
        }
        end = i + 1;
        let signer_line = std::mem::take(&mut after_signers);
        if signer_line && is_person_name(text) {
            meta.signers.push(text.to_owned());
            after_signers = true;
        } else if let Some(c) = RED_HEADER.captures(text) {
            red_header = Some(c[1].to_owned());
        } else if DOC_NUMBER.is_match(text) {
            meta.doc_number = Some(text.replace(' ', ""));
        } else if let Some(c) = SIGNERS.captures(text) {
            meta.signers = c[1]
                .split([' ', '、', '，', ','])
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            after_signers = true;
        } else if let Some(c) = RECIPIENT
            .captures(text)
            .filter(|c| !candidates.is_empty() || is_organ_name(&c[1]))
        {
            meta.recipient = Some(c[1].to_owned());
        } else if let Some(date) = parse_date_line(strip_brackets(text)) {
            meta.date = Some(date);
        } else {
            candidates.push(text);
            candidate_lines.push(i);
        }
    }
    let (title, issuer_line, used) = assemble_title(&candidates);
    // Rule "what follows the title is the body's": a line after the title
    // that is neither metadata nor an organ's name (a sentence cut short by
    // a page break) starts the body, or it would be lost.
    let stray = (used..candidates.len()).find(|&c| !is_organ_name(candidates[c]));
    if let Some(c) = stray {
        end = end.min(candidate_lines[c]);
    }
    meta.title = title;
    meta.issuer = red_header
        .or(issuer_line)
        .or_else(|| issuer_in_title(&meta.title));
    end
}

/// A line where the body has begun: a numbered section heading, a sentence,
/// or a line too long for a title. A line marked as a Markdown heading after
/// the title is a section heading.
fn is_body_line(line: &Line, after_title: bool) -> bool {
    let text = line.text.as_str();
    let sentence = text.contains(['。', '；', '！', '？'])
        || text.starts_with("一是")
        || opens_with_colon(text);
    let heading_after_title = after_title && matches!(line.heading_level, Some(l) if l > 1);
    starts_with_section_marker(text)
        || sentence
        || text.chars().count() > MAX_HEADER_LINE_CHARS
        || heading_after_title
}

/// Rule "an opening ends with a colon": a line ending with a colon that
/// is no recipient line (`现将有关情况报告如下：`) is the body's first sentence.
fn opens_with_colon(text: &str) -> bool {
    text.ends_with(['：', ':']) && !RECIPIENT.is_match(text)
}

/// Joins the title lines: a title split over lines is read as one, up to the
/// line that ends with the kind of document (报告). A first line that is only
/// an organ's name is also the issuer (GB/T 9704: 标题由发文机关名称、事由和文种组成).
/// Also returns how many candidates the title took.
fn assemble_title(candidates: &[&str]) -> (String, Option<String>, usize) {
    let closes = |s: &str| {
        TITLE_ENDINGS
            .iter()
            .any(|e| strip_brackets_end(s).ends_with(e))
    };
    let end = candidates
        .iter()
        .position(|s| closes(s))
        .map_or(candidates.len(), |i| i + 1);
    let lines = &candidates[..end];
    let issuer = match lines {
        [first, _, ..] if is_organ_name(first) => Some((*first).to_owned()),
        _ => None,
    };
    let mut title = String::new();
    for line in lines {
        let joins_latin = title.ends_with(|c: char| c.is_ascii_alphanumeric())
            && line.starts_with(|c: char| c.is_ascii_alphanumeric());
        if joins_latin {
            title.push(' ');
        }
        title.push_str(line);
    }
    let issuer = issuer.or_else(|| {
        // An organ named alone below the title.
        candidates[end..]
            .iter()
            .find(|s| is_organ_name(s))
            .map(|s| (*s).to_owned())
    });
    (title, issuer, end)
}

/// A line that is just the name of an organ: ends with an organ word and
/// says nothing else (no year, no 关于, no document kind).
pub fn is_organ_name(s: &str) -> bool {
    let plain =
        !s.contains("关于") && !YEAR.is_match(s) && !TITLE_ENDINGS.iter().any(|e| s.contains(e));
    plain && s.chars().count() <= MAX_ORGAN_CHARS && ends_with_organ_word(s)
}

/// Whether a name ends with an organ word ([`ORGAN_SUFFIXES`]), in
/// simplified or traditional characters (`區`, `縣`, `人民政府`).
fn ends_with_organ_word(name: &str) -> bool {
    let simplified = fast2s::convert(name);
    ORGAN_SUFFIXES.iter().any(|suf| simplified.ends_with(suf))
}

/// The issuer named at the start of a title: the words before `关于` or
/// before the year (`东丽经开区2022年…` → `东丽经开区`), if they name an organ;
/// else the place a title names after its year or its `关于`.
pub fn issuer_in_title(title: &str) -> Option<String> {
    let about = title.find("关于").or_else(|| title.find("關於"));
    let cut = [about, YEAR.find(title).map(|m| m.start())]
        .into_iter()
        .flatten()
        .min()?;
    let prefix = title[..cut].trim();
    let latin = prefix.contains(|c: char| c.is_ascii() && c != ' ');
    let names_organ = ends_with_organ_word(prefix) && !latin;
    if names_organ && prefix.chars().count() >= 2 {
        return Some(prefix.to_owned());
    }
    place_in_title(title)
}

/// Rule "year, place, subject": a title that is only the year, the place
/// and the subject (`2022年某区法治政府建设情况报告`), or that names the place
/// after its `关于` (`关于某区2022年法治政府建设情况的报告`), names its issuer
/// there.
static PLACE_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:关于|關於)?\s*(?:\d{4}\s*年度?)?\s*(\p{Han}{2,30}?)(?:\d{4}\s*年|关于|法治|依法|推进|全面)").unwrap()
});

fn place_in_title(title: &str) -> Option<String> {
    let place = PLACE_IN_TITLE.captures(title)?.get(1)?.as_str();
    is_organ_name(place).then(|| place.to_owned())
}

/// Reads the closing block from the bottom; returns where the body ends.
fn read_trailer(lines: &[Line], body_start: usize, meta: &mut Metadata) -> usize {
    let mut end = lines.len();
    // The kind of line just below the current one, to tell a signing organ
    // (above the date) from a printing organ (above the printing date).
    let mut below: Option<Closing> = None;
    let mut signing_organ = None;
    // Whether the signature (its date or organ) or a note is read already:
    // a note sits directly under the date, only the 版记 below it.
    let mut signed = false;
    while end > body_start && lines.len() - end < MAX_TRAILER_LINES {
        let text = lines[end - 1].text.as_str();
        let kind = if let Some(date) = parse_date_line(strip_brackets(text)) {
            meta.date.get_or_insert(date);
            Closing::Date
        } else if let Some(date) = printed_date(text) {
            meta.printed = Some(date);
            Closing::Printed
        } else if COPY_TO.is_match(text) {
            Closing::Other
        } else if !signed && is_note(text) && is_date_above(lines, end - 1, body_start) {
            meta.note = Some(strip_brackets(text).trim().to_owned());
            Closing::Note
        } else if is_organ_name(text) && !starts_with_section_marker(text) {
            if below != Some(Closing::Printed) {
                signing_organ = Some(text.to_owned());
                signed = true;
            }
            Closing::Organ
        } else {
            break;
        };
        signed |= matches!(kind, Closing::Date | Closing::Note);
        below = Some(kind);
        end -= 1;
    }
    if let Some(organ) = signing_organ {
        meta.issuer = Some(organ);
    }
    end
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Closing {
    Date,
    Printed,
    Organ,
    Note,
    Other,
}

/// Rule "a note sits under the date" (GB/T 9704 附注): a short line in
/// brackets, not a section's marker (`（三）`), directly below the date
/// line; without the date above it, a bracketed line is the body's.
fn is_note(text: &str) -> bool {
    let text = text.trim();
    text.starts_with(['（', '('])
        && text.ends_with(['）', ')'])
        && text.chars().count() <= MAX_NOTE_CHARS
        && !starts_with_section_marker(text)
}

/// Whether the line above line `at` (and within the body's bounds) is a date.
fn is_date_above(lines: &[Line], at: usize, body_start: usize) -> bool {
    at > body_start && parse_date_line(strip_brackets(&lines[at - 1].text)).is_some()
}

fn printed_date(text: &str) -> Option<Date> {
    let c = PRINTED.captures(text)?;
    parse_date_line(&c[2])
}

/// The year a title names, if any. Rule "a period is no year": the end of
/// a plan period (`（2021—2025年）`) is not the year reported on.
pub fn year_of(title: &str) -> Option<i32> {
    YEAR.captures_iter(title)
        .filter(|c| !ends_period(&title[..c.get(0).map_or(0, |m| m.start())]))
        .find_map(|c| c[1].parse().ok())
        .filter(|y| (1949..2200).contains(y))
}

/// Text that ends with the start of a period: a year and a dash (`2021—`).
fn ends_period(before: &str) -> bool {
    let dash = before
        .trim_end()
        .strip_suffix(['—', '-', '－', '–', '~', '～', '至', '到']);
    dash.is_some_and(|rest| {
        rest.trim_end()
            .trim_end_matches('年')
            .ends_with(|c: char| c.is_ascii_digit())
    })
}

/// `（2023年1月5日）` → `2023年1月5日`.
fn strip_brackets(s: &str) -> &str {
    s.trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')'])
}

/// A title may end with a bracketed note: `…报告（2022年度）`.
fn strip_brackets_end(s: &str) -> &str {
    if s.ends_with(['）', ')']) {
        if let Some(open) = s.rfind(['（', '(']) {
            return &s[..open];
        }
    }
    s
}
