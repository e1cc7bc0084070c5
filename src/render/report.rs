//! A page per report: metadata panel, table of contents, the text in its
//! recovered structure with permalinks; and its original text.

use super::data::ReportRecord;
use super::{is_web_url, Renderer};
use crate::model::{Page, Paragraph, Report, Section, SourceFormat};
use serde::Serialize;

/// `reports/<slug>.html` and `sources/<slug>.txt` for one report.
pub fn pages(
    renderer: &Renderer,
    report: &Report,
    record: &ReportRecord,
) -> Result<Vec<Page>, String> {
    let view = ReportView::new(report, record);
    let html = renderer.html(
        "report.html",
        &super::report_url(&report.slug),
        "../",
        |ctx| {
            ctx.insert("report", &view);
        },
    )?;
    let source = Page {
        path: format!("sources/{}.txt", report.slug),
        bytes: original_text(report),
    };
    Ok(vec![html, source])
}

/// The original text as decoded, in UTF-8 with a byte-order mark so that
/// browsers opening it from disk read it as UTF-8.
fn original_text(report: &Report) -> Vec<u8> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(report.original.as_bytes());
    bytes
}

/// What `report.html` receives as `report` (with `site`, `root`, `path`).
#[derive(Serialize)]
struct ReportView<'a> {
    record: &'a ReportRecord,
    format: &'static str,
    preamble: Vec<ParagraphView>,
    sections: Vec<SectionView>,
    source_href: String,
    json_href: String,
    /// `source_url` when it is a web address; never a `javascript:` or
    /// other scheme that would run or open something else.
    source_link: Option<String>,
}

impl<'a> ReportView<'a> {
    fn new(report: &Report, record: &'a ReportRecord) -> Self {
        ReportView {
            record,
            format: match report.format {
                SourceFormat::Text => "text",
                SourceFormat::Markdown => "markdown",
            },
            preamble: report.preamble.iter().map(ParagraphView::from).collect(),
            sections: report.sections.iter().map(SectionView::from).collect(),
            source_href: format!("../sources/{}.txt", report.slug),
            json_href: format!("../data/reports/{}.json", report.slug),
            source_link: report.meta.source_url.clone().filter(|u| is_web_url(u)),
        }
    }
}

#[derive(Serialize)]
struct SectionView {
    anchor: String,
    heading: String,
    marker: Option<String>,
    /// `h2` … `h6`.
    tag: String,
    part: Option<PartBadge>,
    /// Rule and reason, also when no part was found.
    part_reason: Option<String>,
    paragraphs: Vec<ParagraphView>,
    children: Vec<SectionView>,
}

#[derive(Serialize)]
struct PartBadge {
    id: &'static str,
    label: &'static str,
}

impl From<&Section> for SectionView {
    fn from(s: &Section) -> Self {
        SectionView {
            anchor: s.anchor.clone(),
            heading: s.heading.clone(),
            marker: s.marker.clone(),
            tag: format!("h{}", (s.level + 1).min(6)),
            part: s.part.as_ref().and_then(|m| m.part).map(|p| PartBadge {
                id: p.id(),
                label: p.label(),
            }),
            part_reason: s.part.as_ref().map(|m| m.reason.clone()),
            paragraphs: s.paragraphs.iter().map(ParagraphView::from).collect(),
            children: s.children.iter().map(SectionView::from).collect(),
        }
    }
}

/// A paragraph cut into runs so that the template can mark enumerations
/// and leads without any HTML being built outside the template.
#[derive(Serialize)]
struct ParagraphView {
    anchor: String,
    runs: Vec<Run>,
}

#[derive(Serialize)]
struct Run {
    /// `text`, `enum` (an inline enumeration marker) or `lead`.
    kind: &'static str,
    text: String,
}

impl From<&Paragraph> for ParagraphView {
    fn from(p: &Paragraph) -> Self {
        ParagraphView {
            anchor: p.anchor.clone(),
            runs: runs_of(p),
        }
    }
}

/// Cuts a paragraph at its lead and enumeration markers.
fn runs_of(p: &Paragraph) -> Vec<Run> {
    let mut cuts: Vec<(usize, usize, &'static str)> = Vec::new();
    if let Some(len) = p.lead_len.filter(|&l| p.text.is_char_boundary(l)) {
        cuts.push((0, len, "lead"));
    }
    for e in &p.enumeration {
        let end = e.offset + e.marker.len();
        let inside_lead = cuts
            .first()
            .is_some_and(|c| c.2 == "lead" && e.offset < c.1);
        if !inside_lead
            && p.text.is_char_boundary(e.offset)
            && p.text.is_char_boundary(end.min(p.text.len()))
        {
            cuts.push((e.offset, end.min(p.text.len()), "enum"));
        }
    }
    let mut runs = Vec::new();
    let mut at = 0;
    for (start, end, kind) in cuts {
        if start > at {
            runs.push(Run {
                kind: "text",
                text: p.text[at..start].to_owned(),
            });
        }
        runs.push(Run {
            kind,
            text: p.text[start..end].to_owned(),
        });
        at = end;
    }
    if at < p.text.len() {
        runs.push(Run {
            kind: "text",
            text: p.text[at..].to_owned(),
        });
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EnumerationMarker;

    #[test]
    fn runs_cut_at_lead_and_markers() {
        let text = "组织保障。一是甲；二是乙。".to_owned();
        let p = Paragraph {
            anchor: "p1".into(),
            lead_len: Some("组织保障。".len()),
            enumeration: vec![
                EnumerationMarker {
                    offset: text.find("一是").unwrap(),
                    marker: "一是".into(),
                },
                EnumerationMarker {
                    offset: text.find("二是").unwrap(),
                    marker: "二是".into(),
                },
            ],
            text,
            line: 1,
        };
        let runs: Vec<_> = runs_of(&p).into_iter().map(|r| (r.kind, r.text)).collect();
        assert_eq!(
            runs,
            [
                ("lead", "组织保障。".to_owned()),
                ("enum", "一是".to_owned()),
                ("text", "甲；".to_owned()),
                ("enum", "二是".to_owned()),
                ("text", "乙。".to_owned())
            ]
        );
    }
}
