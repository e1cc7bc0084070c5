//! The body's structure: paragraphs rejoined across page breaks, headings
//! recognised by their numbering, the section tree, inline enumerations and
//! permalink anchors.

use super::dates::{chinese_number, chinese_numeral};
use super::Line;
use crate::model::{EnumerationMarker, Paragraph, Section};
use regex::Regex;
use std::sync::LazyLock;

/// A numbered line is a heading when what follows the number is at most this
/// long and holds no full stop: headings of these reports run to about 40
/// characters (`一、党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况`).
const MAX_HEADING_CHARS: usize = 60;

/// A numbered line whose first sentence is at most this long and is followed
/// by more text has a run-in heading (`（一）加强组织领导。正文…`). A longer
/// first sentence is a numbered paragraph, not a heading.
const MAX_RUN_IN_HEADING_CHARS: usize = 40;

/// The numbering styles of 公文 headings, outermost first. The rank orders
/// them: a heading nests under the nearest heading before it of a lower rank,
/// so a skipped level (`一、` then `1、`) still nests.
struct MarkerStyle {
    rank: u8,
    pattern: Regex,
}

static MARKER_STYLES: LazyLock<Vec<MarkerStyle>> = LazyLock::new(|| {
    let style = |rank, re: &str| MarkerStyle {
        rank,
        pattern: Regex::new(re).unwrap(),
    };
    vec![
        // 第一部分 / 第一章
        style(
            10,
            r"^第[一二三四五六七八九十]{1,3}(?:部分|章)\s*[、：:]?\s*",
        ),
        // 一、 一． 一.
        style(11, r"^[一二三四五六七八九十]{1,3}\s*[、．.]\s*"),
        // （一） (一)
        style(
            12,
            r"^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]\s*[、．.]?\s*",
        ),
        // 1. 1、 1．
        style(13, r"^\d{1,2}\s*[、．.]\s*"),
        // （1） (1)
        style(14, r"^[（(]\s*\d{1,2}\s*[）)]\s*[、．.]?\s*"),
        // ① … ⑳
        style(15, r"^[①-⑳]\s*"),
    ]
});

/// A heading that a text export marked with `#` but did not number ranks
/// above every numbered style: in such exports `#` marks the outer sections.
const UNNUMBERED_MARKED_RANK: u8 = 9;

/// A numbering found at the start of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Rank of the numbering style: a heading nests under the nearest
    /// heading before it of a lower rank (`第一部分` 10, `一、` 11, … `①` 15).
    pub rank: u8,
    /// The numbering as written, without trailing spaces (`（一）`).
    pub text: String,
    /// Bytes up to the heading text.
    pub len: usize,
}

/// The section numbering a line starts with, if any.
pub fn section_marker(text: &str) -> Option<Marker> {
    MARKER_STYLES.iter().find_map(|style| {
        let m = style.pattern.find(text)?;
        let rest = &text[m.end()..];
        // `2.5万元` is a number, not a heading numbered 2.
        let decimal = style.rank == 13 && rest.starts_with(|c: char| c.is_ascii_digit());
        (!decimal && !rest.is_empty()).then(|| Marker {
            rank: style.rank,
            text: m.as_str().trim_end().to_owned(),
            len: m.end(),
        })
    })
}

/// Whether `text` starts with a section numbering ([`section_marker`]).
pub fn starts_with_section_marker(text: &str) -> bool {
    section_marker(text).is_some()
}

/// A paragraph or heading candidate after lines are rejoined.
#[derive(Debug, Clone)]
pub struct Block {
    /// 1-based line in the source file where the block starts.
    pub line: usize,
    /// The text of its lines joined (with a space only between two Latin
    /// letters or digits, not between two digits).
    pub text: String,
    /// Byte length of a bold lead at its start (from its first line).
    pub lead_len: Option<usize>,
    /// Heading level when the source marks it as a heading (Markdown).
    pub heading_level: Option<u8>,
    /// A text export marked its line with `#` (a heading in its editor).
    pub marked_up: bool,
}

/// Rejoins paragraphs that page breaks and line wrapping split: a line that
/// does not end a sentence continues on the next line, unless it is a
/// heading or the next line starts a numbered heading. This also rejoins a
/// `《…》` title broken in the middle.
pub fn join_lines(lines: &[Line]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for line in lines {
        if let Some(prev) = blocks.last_mut() {
            let continues = !line.complete
                && prev.heading_level.is_none()
                && !prev.marked_up
                && !line.marked_up
                && !ends_sentence(&prev.text)
                && !is_heading_line(&prev.text)
                && !starts_with_section_marker(&line.text);
            if continues {
                // Latin words get a space between them; a number broken
                // across lines (`1916` / `1家次`) is one number.
                let ends =
                    |c: fn(&char) -> bool| prev.text.chars().next_back().is_some_and(|e| c(&e));
                let starts = |c: fn(&char) -> bool| line.text.chars().next().is_some_and(|s| c(&s));
                let latin =
                    ends(char::is_ascii_alphanumeric) && starts(char::is_ascii_alphanumeric);
                let number = ends(char::is_ascii_digit) && starts(char::is_ascii_digit);
                if latin && !number {
                    prev.text.push(' ');
                }
                prev.text.push_str(&line.text);
                continue;
            }
        }
        blocks.push(Block {
            line: line.number,
            text: line.text.clone(),
            lead_len: line.lead_len,
            heading_level: line.heading_level,
            marked_up: line.marked_up,
        });
    }
    blocks
}

/// A line ends a sentence with a full stop, question or exclamation mark,
/// semicolon or colon, possibly followed by closing quotes or brackets.
fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['”', '’', '」', '』', '）', ')', '》', '"', '\'']);
    trimmed.ends_with(['。', '！', '？', '；', '：', '.', '!', '?', ';', ':', '…'])
}

fn is_heading_line(text: &str) -> bool {
    matches!(classify(text, None), Classified::Heading { .. })
}

/// What a block is.
#[derive(Debug, PartialEq)]
enum Classified {
    Heading {
        rank: u8,
        marker: Option<String>,
        text: String,
    },
    RunIn {
        rank: u8,
        marker: String,
        heading: String,
        rest: String,
    },
    Paragraph,
}

fn classify(text: &str, heading_level: Option<u8>) -> Classified {
    let marker = section_marker(text);
    if let Some(level) = heading_level {
        let (marker, heading) = match &marker {
            Some(m) => (Some(m.text.clone()), text[m.len..].to_owned()),
            None => (None, text.to_owned()),
        };
        return Classified::Heading {
            rank: level,
            marker,
            text: heading,
        };
    }
    let Some(marker) = marker else {
        return Classified::Paragraph;
    };
    let rest = &text[marker.len..];
    let body = rest.trim_end_matches(['。', '；', '：', ';', ':']);
    let has_stop = body.contains(['。', '！', '？', '；']);
    if !has_stop && body.chars().count() <= MAX_HEADING_CHARS {
        return Classified::Heading {
            rank: marker.rank,
            marker: Some(marker.text),
            text: body.to_owned(),
        };
    }
    let stop = rest.find(['。', '！', '？']).unwrap_or(rest.len());
    let lead = &rest[..stop];
    let after = rest[stop..].trim_start_matches(['。', '！', '？']).trim();
    if !after.is_empty() && lead.chars().count() <= MAX_RUN_IN_HEADING_CHARS && !lead.contains('；')
    {
        return Classified::RunIn {
            rank: marker.rank,
            marker: marker.text,
            heading: lead.to_owned(),
            rest: after.to_owned(),
        };
    }
    Classified::Paragraph
}

/// An open section while the tree is built.
struct Open {
    rank: u8,
    section: Section,
}

/// Builds the section tree from the blocks of the body. Returns the
/// paragraphs before the first heading and the top-level sections, with
/// anchors and enumerations set.
pub fn build_tree(blocks: Vec<Block>) -> (Vec<Paragraph>, Vec<Section>) {
    let mut preamble = Vec::new();
    let mut roots = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    for block in blocks {
        match classify(&block.text, block.heading_level) {
            Classified::Heading { rank, marker, text } => {
                let rank = if marker.is_none() && block.marked_up {
                    UNNUMBERED_MARKED_RANK
                } else {
                    rank
                };
                open_section(&mut stack, &mut roots, rank, marker, text, block.line);
            }
            Classified::RunIn {
                rank,
                marker,
                heading,
                rest,
            } => {
                open_section(
                    &mut stack,
                    &mut roots,
                    rank,
                    Some(marker),
                    heading,
                    block.line,
                );
                push_paragraph(&mut stack, &mut preamble, rest, block.line, None);
            }
            Classified::Paragraph if block.marked_up && !ends_sentence(&block.text) => {
                let (rank, text) = (UNNUMBERED_MARKED_RANK, block.text);
                open_section(&mut stack, &mut roots, rank, None, text, block.line);
            }
            Classified::Paragraph => {
                push_paragraph(
                    &mut stack,
                    &mut preamble,
                    block.text,
                    block.line,
                    block.lead_len,
                );
            }
        }
    }
    close_down_to(&mut stack, &mut roots, 0);
    assign_anchors(&mut preamble, &mut roots);
    mark_enumerations(&mut preamble);
    for section in &mut roots {
        mark_section_enumerations(section);
    }
    (preamble, roots)
}

/// Lead sentences: reports set the first sentence of a paragraph in bold as
/// an unnumbered heading (`组织保障工作还需进一步严格。对党组…`); text exports
/// lose the bold. When at least [`MIN_IMPLICIT_LEADS`] paragraphs of one
/// section start with a short sentence followed by more text, those
/// sentences are leads.
const MAX_LEAD_CHARS: usize = 20;
const MIN_LEAD_CHARS: usize = 4;
const MIN_IMPLICIT_LEADS: usize = 2;

fn implicit_lead_len(p: &Paragraph) -> Option<usize> {
    let stop = p.text.find('。')?;
    let len = stop + '。'.len_utf8();
    let chars = p.text[..stop].chars().count();
    let more = len < p.text.len();
    let enumerated = p.enumeration.first().is_some_and(|e| e.offset < len);
    ((MIN_LEAD_CHARS..=MAX_LEAD_CHARS).contains(&chars) && more && !enumerated).then_some(len)
}

fn mark_implicit_leads(paragraphs: &mut [Paragraph]) {
    if paragraphs.iter().any(|p| p.lead_len.is_some()) {
        return;
    }
    let leads: Vec<Option<usize>> = paragraphs.iter().map(implicit_lead_len).collect();
    if leads.iter().flatten().count() >= MIN_IMPLICIT_LEADS {
        for (p, lead) in paragraphs.iter_mut().zip(leads) {
            p.lead_len = lead;
        }
    }
}

fn open_section(
    stack: &mut Vec<Open>,
    roots: &mut Vec<Section>,
    rank: u8,
    marker: Option<String>,
    heading: String,
    line: usize,
) {
    close_down_to(stack, roots, rank);
    let level = u8::try_from(stack.len() + 1).unwrap_or(u8::MAX);
    stack.push(Open {
        rank,
        section: Section {
            heading,
            marker,
            level,
            anchor: String::new(),
            line,
            paragraphs: Vec::new(),
            children: Vec::new(),
            part: None,
        },
    });
}

/// Closes every open section of `rank` or deeper.
fn close_down_to(stack: &mut Vec<Open>, roots: &mut Vec<Section>, rank: u8) {
    while stack.last().is_some_and(|open| open.rank >= rank) {
        let closed = stack.pop().expect("checked non-empty").section;
        match stack.last_mut() {
            Some(parent) => parent.section.children.push(closed),
            None => roots.push(closed),
        }
    }
}

fn push_paragraph(
    stack: &mut [Open],
    preamble: &mut Vec<Paragraph>,
    text: String,
    line: usize,
    lead_len: Option<usize>,
) {
    let paragraph = Paragraph {
        anchor: String::new(),
        text,
        line,
        lead_len,
        enumeration: Vec::new(),
    };
    match stack.last_mut() {
        Some(open) => open.section.paragraphs.push(paragraph),
        None => preamble.push(paragraph),
    }
}

/// Anchors follow the outline: `s2` for the second top-level section,
/// `s2-3` for its third subsection, `s2-3-p1` for that subsection's first
/// paragraph, `p1` for the first paragraph before any heading. They stay the
/// same when text changes elsewhere in the report, so links into a report
/// keep working across corrections that do not restructure it.
fn assign_anchors(preamble: &mut [Paragraph], roots: &mut [Section]) {
    for (i, p) in preamble.iter_mut().enumerate() {
        p.anchor = format!("p{}", i + 1);
    }
    for (i, s) in roots.iter_mut().enumerate() {
        anchor_section(s, format!("s{}", i + 1));
    }
}

fn anchor_section(section: &mut Section, anchor: String) {
    for (i, p) in section.paragraphs.iter_mut().enumerate() {
        p.anchor = format!("{anchor}-p{}", i + 1);
    }
    for (i, child) in section.children.iter_mut().enumerate() {
        anchor_section(child, format!("{anchor}-{}", i + 1));
    }
    section.anchor = anchor;
}

/// Inline enumerations: `一是`, `二是` … at the start of a paragraph or
/// after a punctuation mark. The count must go on from the previous marker
/// in the same section (or start at 一), so words that merely contain `一是`
/// (`统一是`) or a stray `三是` are not taken for markers.
static ENUMERATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[。；：！？，,;:])\s*([一二三四五六七八九十]{1,3})是").unwrap()
});

fn mark_section_enumerations(section: &mut Section) {
    mark_enumerations(&mut section.paragraphs);
    mark_implicit_leads(&mut section.paragraphs);
    for child in &mut section.children {
        mark_section_enumerations(child);
    }
}

fn mark_enumerations(paragraphs: &mut [Paragraph]) {
    let mut last = 0;
    for p in paragraphs {
        for c in ENUMERATION.captures_iter(&p.text) {
            let numeral = c.get(1).expect("group 1 always matches");
            let Some(n) = chinese_number(numeral.as_str()) else {
                continue;
            };
            if n == 1 || n == last + 1 {
                p.enumeration.push(EnumerationMarker {
                    offset: numeral.start(),
                    marker: format!("{}是", chinese_numeral(n)),
                });
                last = n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(n: usize, text: &str) -> Line {
        Line {
            number: n,
            text: text.to_owned(),
            lead_len: None,
            heading_level: None,
            marked_up: false,
            complete: false,
        }
    }

    fn tree(text: &str) -> (Vec<Paragraph>, Vec<Section>) {
        let lines: Vec<Line> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.is_empty())
            .map(|(i, l)| line(i + 1, l))
            .collect();
        build_tree(join_lines(&lines))
    }

    #[test]
    fn markers_of_every_style() {
        let rank = |s: &str| section_marker(s).map(|m| (m.rank, m.text));
        assert_eq!(rank("一、加强组织领导"), Some((11, "一、".into())));
        assert_eq!(rank("十二．其他"), Some((11, "十二．".into())));
        assert_eq!(rank("（一）加强"), Some((12, "（一）".into())));
        assert_eq!(rank("(一) 依法"), Some((12, "(一)".into())));
        assert_eq!(rank("1.完善制度"), Some((13, "1.".into())));
        assert_eq!(rank("1、完善制度"), Some((13, "1、".into())));
        assert_eq!(rank("1．完善制度"), Some((13, "1．".into())));
        assert_eq!(rank("（1）完善"), Some((14, "（1）".into())));
        assert_eq!(rank("①完善"), Some((15, "①".into())));
        assert_eq!(rank("第一部分 主要举措"), Some((10, "第一部分".into())));
        assert_eq!(rank("2.5万元用于"), None);
        assert_eq!(rank("一是加强"), None);
        assert_eq!(rank("2022年以来"), None);
        assert_eq!(rank("一、"), None, "a bare number is no heading");
    }

    #[test]
    fn levels_nest_by_rank_even_when_skipped() {
        let (_, s) = tree("一、甲\n1、乙\n正文。\n（1）丙\n二、丁\n（一）戊\n");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].children[0].heading, "乙");
        assert_eq!(s[0].children[0].level, 2);
        assert_eq!(s[0].children[0].children[0].level, 3);
        assert_eq!(s[1].children[0].heading, "戊");
        assert_eq!(s[0].children[0].paragraphs[0].anchor, "s1-1-p1");
        assert_eq!(s[1].children[0].anchor, "s2-1");
    }

    #[test]
    fn run_in_heading_becomes_heading_and_paragraph() {
        let (_, s) = tree("一、主要举措\n（一）加强组织领导。成立领导小组，统筹推进。\n");
        let sub = &s[0].children[0];
        assert_eq!(sub.heading, "加强组织领导");
        assert_eq!(sub.marker.as_deref(), Some("（一）"));
        assert_eq!(sub.paragraphs[0].text, "成立领导小组，统筹推进。");
    }

    #[test]
    fn a_long_numbered_sentence_is_a_paragraph() {
        let long = "1.".to_owned() + &"很长的句子".repeat(10) + "。后文。";
        let (p, s) = tree(&long);
        assert!(s.is_empty());
        assert_eq!(p[0].text, long);
    }

    #[test]
    fn paragraphs_broken_by_page_breaks_are_rejoined() {
        let (_, s) = tree("一、举措\n以“党\n\n群连心工程”为载体，制定《关于印发〈办法\n\n〉的通知》。\n二、问题\n");
        assert_eq!(s[0].paragraphs.len(), 1);
        assert_eq!(
            s[0].paragraphs[0].text,
            "以“党群连心工程”为载体，制定《关于印发〈办法〉的通知》。"
        );
        assert_eq!(s[1].heading, "问题");
    }

    #[test]
    fn headings_are_not_joined_to_the_next_line() {
        let (_, s) = tree("一、聚焦关键少数，落实第一责任人职责\n2022年以来，深入学习。\n");
        assert_eq!(s[0].heading, "聚焦关键少数，落实第一责任人职责");
        assert_eq!(s[0].paragraphs[0].text, "2022年以来，深入学习。");
    }

    #[test]
    fn inline_enumerations_are_marked_in_order() {
        let (p, _) = tree("一是健全制度；二是统一是非标准；四是跳号。三是加强。\n");
        let markers: Vec<_> = p[0].enumeration.iter().map(|e| e.marker.as_str()).collect();
        assert_eq!(markers, ["一是", "二是", "三是"]);
        assert_eq!(&p[0].text[p[0].enumeration[1].offset..][..6], "二是");
    }

    #[test]
    fn enumerations_continue_across_paragraphs() {
        let (_, s) = tree("一、举措\n一是甲。\n二是乙。\n");
        assert_eq!(s[0].paragraphs[1].enumeration[0].marker, "二是");
    }

    #[test]
    fn short_first_sentences_of_several_paragraphs_are_leads() {
        let (_, s) = tree("一、问题\n组织保障还需加强。对党组要求严格。\n法治思维有待提升。在有些工作中欠缺。\n以上问题产生的原因主要是在开展各项工作时要求不严格、不严谨。后文。\n");
        let leads: Vec<_> = s[0].paragraphs.iter().map(|p| p.lead_len).collect();
        assert_eq!(
            leads,
            [
                Some("组织保障还需加强。".len()),
                Some("法治思维有待提升。".len()),
                None
            ]
        );
        let (_, s) = tree("一、问题\n组织保障还需加强。对党组要求严格。\n");
        assert_eq!(
            s[0].paragraphs[0].lead_len, None,
            "one alone is just a sentence"
        );
    }

    #[test]
    fn unnumbered_heading_marked_in_an_export() {
        let mut lines = vec![line(1, "总体情况"), line(2, "一、举措"), line(3, "正文。")];
        lines[0].marked_up = true;
        let (_, s) = build_tree(join_lines(&lines));
        assert_eq!(s[0].heading, "总体情况");
        assert_eq!(s[0].children[0].heading, "举措");
    }
}
