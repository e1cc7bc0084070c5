//! Markdown reports, read with pulldown-cmark into the same lines that a
//! plain-text report gives, with their heading levels and bold leads.

use super::normalise::{clean_characters, fix_spacing, strip_emphasis_marks};
use super::Line;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// One line per heading, paragraph or list item, and one per line of a
/// paragraph broken over several (rule "a paragraph's lines are lines"):
/// those after its first may be joined again by the rules that rejoin a
/// plain-text report's wrapped lines ([`super::structure::join_lines`]),
/// so a closing block written as one paragraph (organ, date, note) is read
/// as the lines it is, and wrapped prose still runs on. Raw HTML is kept as text:
/// it is escaped on output like everything else, so nothing of the report is
/// lost and nothing of it runs.
pub fn markdown_lines(body: &str, line_offset: usize) -> Vec<Line> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset) + line_offset;
    let mut lines = Vec::new();
    let mut current: Option<Open> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut lines);
                current = Some(Open::new(line_of(range.start), Some(level as u8)));
            }
            Event::Start(Tag::Paragraph | Tag::Item) if current.is_none() => {
                current = Some(Open::new(line_of(range.start), None));
            }
            // An indented block (a paragraph pasted with a tab or four
            // spaces) or a raw HTML block is report text like a paragraph:
            // a block of its own, never run into the next one.
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => {
                flush(&mut current, &mut lines);
                current = Some(Open::new(line_of(range.start), None));
            }
            Event::Start(Tag::Strong) => {
                if let Some(open) = current.as_mut().filter(|o| o.text.trim().is_empty()) {
                    open.in_leading_strong = true;
                }
            }
            Event::End(TagEnd::Strong) => {
                if let Some(open) = current.as_mut().filter(|o| o.in_leading_strong) {
                    open.in_leading_strong = false;
                    open.lead = Some(open.text.clone());
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                let open = current.get_or_insert_with(|| Open::new(line_of(range.start), None));
                let mut pieces = t.split('\n');
                open.text.push_str(pieces.next().unwrap_or_default());
                for piece in pieces {
                    open.line_break();
                    open.text.push_str(piece);
                }
            }
            Event::SoftBreak | Event::HardBreak => match current.as_mut() {
                Some(open) if open.heading_level.is_none() && !open.in_leading_strong => {
                    flush(&mut current, &mut lines);
                    let mut next = Open::new(line_of(range.end), None);
                    next.complete = false;
                    current = Some(next);
                }
                Some(open) => open.line_break(),
                None => {}
            },
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock,
            ) => {
                flush(&mut current, &mut lines);
            }
            _ => {}
        }
    }
    flush(&mut current, &mut lines);
    lines
}

struct Open {
    line: usize,
    heading_level: Option<u8>,
    text: String,
    in_leading_strong: bool,
    lead: Option<String>,
    /// Whether it starts a block (not a paragraph's later line).
    complete: bool,
}

impl Open {
    fn new(line: usize, heading_level: Option<u8>) -> Self {
        Open {
            line,
            heading_level,
            text: String::new(),
            in_leading_strong: false,
            lead: None,
            complete: true,
        }
    }

    /// A line break inside a block joins the lines: Chinese text runs on,
    /// Latin words get a space between them.
    fn line_break(&mut self) {
        if self.text.ends_with(|c: char| c.is_ascii_alphanumeric()) {
            self.text.push(' ');
        }
    }
}

fn flush(current: &mut Option<Open>, lines: &mut Vec<Line>) {
    let Some(open) = current.take() else { return };
    let (text, unparsed_lead) = strip_emphasis_marks(&clean_characters(&open.text));
    let text = fix_spacing(&text);
    if text.is_empty() {
        return;
    }
    let lead_len = open
        .lead
        .or(unparsed_lead)
        .map(|lead| fix_spacing(&lead).len())
        .filter(|&len| len > 0 && len < text.len());
    lines.push(Line {
        number: open.line,
        text,
        lead_len,
        heading_level: open.heading_level,
        marked_up: false,
        complete: open.complete,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_items_and_leads() {
        let md = "# 某区2022年法治政府建设年度报告\n\n正文第一段，\n接续。\n\n## 一、主要举措\n\n**加强领导。**成立小组。\n\n- 条目一\n- 条目二\n\n<script>alert(1)</script>\n";
        let lines = markdown_lines(md, 3);
        let texts: Vec<_> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "某区2022年法治政府建设年度报告",
                "正文第一段，",
                "接续。",
                "一、主要举措",
                "加强领导。成立小组。",
                "条目一",
                "条目二",
                "<script>alert(1)</script>"
            ]
        );
        assert_eq!(lines[0].heading_level, Some(1));
        assert_eq!(lines[0].number, 4);
        assert_eq!((lines[2].number, lines[2].complete), (7, false));
        assert_eq!(lines[3].heading_level, Some(2));
        assert_eq!(lines[3].number, 9);
        assert_eq!(lines[4].lead_len, Some("加强领导。".len()));
        let later = |l: &Line| l.text == "接续。";
        assert!(lines.iter().all(|l| l.complete != later(l)));
        // The paragraph's lines run on again as a plain text's would.
        let blocks = super::super::structure::join_lines(&lines);
        assert_eq!(blocks[1].text, "正文第一段，接续。");
    }

    #[test]
    fn a_closing_block_written_as_one_paragraph_keeps_its_lines() {
        let md = "继续推进。\n\n某县人民政府\n2023年3月1日\n（此件公开发布）\n";
        let texts: Vec<_> = markdown_lines(md, 0).into_iter().map(|l| l.text).collect();
        assert_eq!(
            texts,
            [
                "继续推进。",
                "某县人民政府",
                "2023年3月1日",
                "（此件公开发布）"
            ]
        );
    }

    #[test]
    fn indented_and_html_blocks_are_blocks_of_their_own() {
        let md =
            "\t## \n\n索引号：1\n\n    缩进的段落，\n    接续。\n\n<div>\n块\n</div>\n\n下一段。\n";
        let lines = markdown_lines(md, 0);
        let texts: Vec<_> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "##",
                "索引号：1",
                "缩进的段落，接续。",
                "<div>块</div>",
                "下一段。"
            ]
        );
        assert_eq!(lines[2].number, 5);
    }
}
