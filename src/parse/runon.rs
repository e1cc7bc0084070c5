//! Texts whose line breaks were lost: a report pasted from a web page as
//! one long line, title, addressee, opening, headings and paragraphs run
//! together. Such a line is cut back into lines where the breaks must have
//! been, by named rules, before the lines are read.

use regex::Regex;
use std::sync::LazyLock;

/// Rule "a run-on line": a line this long…
const RUN_ON_MIN_CHARS: usize = 300;
/// …holding at least this many top-level headings numbered in sequence
/// (`一、` … `二、`) after its start is a whole report on one line. A
/// paragraph may mention `一、` once; it does not number sections.
const RUN_ON_MIN_HEADINGS: usize = 2;

/// A title ends within this many characters of the start, with its kind of
/// document (`报告`), before any sentence has ended.
const MAX_TITLE_CHARS: usize = 60;

/// Top-level (`一、`) and second-level (`（一）`) heading markers.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<top>[一二三四五六七八九十]{1,3})[、．]|[（(](?P<sub>[一二三四五六七八九十]{1,3})[）)]")
        .unwrap()
});

/// Rule "indent breaks": two spaces or more (the full-width indent of a
/// paragraph, `　　`), or any space between two Chinese characters, stood
/// where a line broke: running text has none.
static GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s{2,}|(?:[^\x00-\x7f])\s+(?:[^\x00-\x7f])").unwrap());

/// Rule "the addressee follows the title": a short organ name and a colon.
static ADDRESSEE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Han}[\p{Han}、，]{1,29}[：:]").unwrap());

/// Rule "the opening ends with 如下": `现将有关情况报告如下：`.
const OPENING_END: &[&str] = &["如下：", "如下:"];

/// The pieces of a line: itself, or, for a run-on line, the lines it was.
pub fn split(line: &str) -> Vec<&str> {
    if line.chars().count() < RUN_ON_MIN_CHARS {
        return vec![line];
    }
    let markers = heading_starts(line);
    let inner_tops = markers.iter().filter(|(at, top)| *top && *at > 0).count();
    if inner_tops < RUN_ON_MIN_HEADINGS {
        return vec![line];
    }
    let mut cuts: Vec<usize> = markers.iter().map(|(at, _)| *at).collect();
    cuts.extend(gaps(line));
    let head = &line[..markers.first().map_or(line.len(), |(at, _)| *at)];
    cuts.extend(head_cuts(head));
    cuts.sort_unstable();
    cuts.dedup();
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts.into_iter().chain([line.len()]) {
        let piece = line[start..cut].trim();
        if !piece.is_empty() {
            pieces.push(piece);
        }
        start = cut;
    }
    pieces
}

/// Where headings start: markers numbered in sequence (`一、` then `二、`;
/// `（一）`, `（二）` under each), not followed by a numeral (`一、二级`)
/// unless it is a year (rule "a year may open a heading": `二、2022年度推进
/// 法治政府建设的主要举措`, the commonest form of a mandated part's heading).
/// Returns each one's byte offset and whether it is top-level.
fn heading_starts(line: &str) -> Vec<(usize, bool)> {
    let (mut next_top, mut next_sub) = (1, 1);
    let mut starts = Vec::new();
    for c in MARKER.captures_iter(line) {
        let whole = c.get(0).expect("group 0 always matches");
        let rest = &line[whole.end()..];
        let numeral = rest
            .chars()
            .next()
            .is_none_or(|a| "一二三四五六七八九十0123456789".contains(a));
        if numeral && !starts_with_year(rest) {
            continue;
        }
        let (numeral, top) = match (c.name("top"), c.name("sub")) {
            (Some(n), _) => (n.as_str(), true),
            (_, Some(n)) => (n.as_str(), false),
            _ => continue,
        };
        let n = super::dates::chinese_number(numeral);
        let expected = if top { next_top } else { next_sub };
        if n != Some(expected) {
            continue;
        }
        if top {
            (next_top, next_sub) = (next_top + 1, 1);
        } else {
            next_sub += 1;
        }
        starts.push((whole.start(), top));
    }
    starts
}

/// Whether `text` starts with a year: four digits and 年.
fn starts_with_year(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    digits == 4 && text[digits..].starts_with('年')
}

/// Where the gaps of [`GAP`] break the line (the end of the gap's first
/// character, so that the space goes with neither side).
fn gaps(line: &str) -> Vec<usize> {
    GAP.find_iter(line)
        .map(|m| {
            let first = line[m.start()..].chars().next().map_or(0, char::len_utf8);
            let space = m.as_str().starts_with(char::is_whitespace);
            if space {
                m.start()
            } else {
                m.start() + first
            }
        })
        .collect()
}

/// Breaks in the text before the first heading: after the title, after
/// the addressee that follows it, after the opening's `如下：`.
fn head_cuts(head: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut at = 0;
    if let Some(end) = title_end(head) {
        cuts.push(end);
        at = end;
    }
    if let Some(m) = ADDRESSEE.find(head[at..].trim_start()) {
        let skipped = head[at..].len() - head[at..].trim_start().len();
        cuts.push(at + skipped + m.end());
    }
    cuts.extend(
        OPENING_END
            .iter()
            .filter_map(|e| head.find(e).map(|i| i + e.len())),
    );
    cuts
}

/// The end of a title the head starts with: its first `报告`, within
/// [`MAX_TITLE_CHARS`], with no sentence ended before it.
fn title_end(head: &str) -> Option<usize> {
    let end = head.find("报告")? + "报告".len();
    let title = &head[..end];
    let short = title.chars().count() <= MAX_TITLE_CHARS;
    (short && !title.contains(['。', '；', '！', '？', '：'])).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report_on_one_line() -> String {
        let filler = "坚持以习近平法治思想为指导，全面推进依法行政，取得积极成效。".repeat(3);
        format!(
            "某县2022年法治政府建设情况报告某市人民政府：2022年，某县深入推进法治政府建设。现将有关情况报告如下：一、主要成效（一）加强组织领导。{filler}（二）推进依法决策。{filler}二、存在的不足（一）专业力量不足。{filler}三、下一年度主要安排继续推进。"
        )
    }

    #[test]
    fn a_report_on_one_line_is_cut_into_its_lines() {
        let line = report_on_one_line();
        let pieces = split(&line);
        assert_eq!(pieces[0], "某县2022年法治政府建设情况报告");
        assert_eq!(pieces[1], "某市人民政府：");
        assert_eq!(
            pieces[2],
            "2022年，某县深入推进法治政府建设。现将有关情况报告如下："
        );
        assert_eq!(pieces[3], "一、主要成效");
        assert!(pieces[4].starts_with("（一）加强组织领导。"));
        assert!(pieces[5].starts_with("（二）推进依法决策。"));
        assert_eq!(pieces[6], "二、存在的不足");
        assert!(
            pieces[7].starts_with("（一）专业力量不足。"),
            "numbering restarts"
        );
        assert_eq!(pieces[8], "三、下一年度主要安排继续推进。");
        assert_eq!(pieces.concat(), line, "nothing lost");
    }

    #[test]
    fn indents_and_spaces_between_chinese_are_breaks() {
        let line = report_on_one_line().replace("一、主要成效", "一、主要成效　　");
        let line = line.replace("（二）推进依法决策。", "（二）推进依法决策 ");
        let pieces = split(&line);
        assert!(pieces.contains(&"一、主要成效"));
        assert!(pieces.contains(&"（二）推进依法决策"));
    }

    #[test]
    fn a_year_may_open_a_heading_but_no_other_number() {
        let line = report_on_one_line()
            .replace("二、存在的不足", "二、2022年度存在的不足")
            .replace("三、下一年度", "三、2023年度");
        let pieces = split(&line);
        assert!(pieces.contains(&"二、2022年度存在的不足"));
        assert!(pieces.contains(&"三、2023年度主要安排继续推进。"));
        // Not a year: a count (`二、2022个`) or a numeral (`一、二级`).
        assert_eq!(heading_starts("二、2022个").len(), 0);
        assert_eq!(heading_starts("一、二级").len(), 0);
    }

    #[test]
    fn ordinary_lines_are_kept_whole() {
        let long = "坚持依法行政，开展一、二级培训。".repeat(30);
        assert_eq!(split(&long), [long.as_str()], "no numbered sections");
        let short = "一、主要成效（一）加强领导。二、问题";
        assert_eq!(split(short), [short], "short: a line as written");
        let one = format!("{}二、问题", "正文。".repeat(120));
        assert_eq!(
            split(&one),
            [one.as_str()],
            "one heading inside is not enough"
        );
    }
}
