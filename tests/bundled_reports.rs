//! Snapshot tests over the real reports in `content/`: metadata, the
//! section tree with its mandated parts, and the outline of every paragraph
//! (where it starts and ends, its enumerations and lead), so that any change
//! in what the parser recovers from a real report shows up in review.

use baogao::model::{Paragraph, Report, Section};
use baogao::pipeline::load_reports;
use baogao::render::ReportRecord;
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
struct ParagraphOutline {
    anchor: String,
    line: usize,
    starts: String,
    ends: String,
    lead: Option<String>,
    enumeration: Vec<String>,
}

fn outline(p: &Paragraph) -> ParagraphOutline {
    let chars: Vec<char> = p.text.chars().collect();
    let starts: String = chars.iter().take(16).collect();
    let ends: String = chars[chars.len().saturating_sub(8)..].iter().collect();
    ParagraphOutline {
        anchor: p.anchor.clone(),
        line: p.line,
        starts,
        ends,
        lead: p.lead_len.map(|l| p.text[..l].to_owned()),
        enumeration: p.enumeration.iter().map(|e| e.marker.clone()).collect(),
    }
}

fn section_outlines(s: &Section, out: &mut Vec<ParagraphOutline>) {
    out.extend(s.paragraphs.iter().map(outline));
    for c in &s.children {
        section_outlines(c, out);
    }
}

#[derive(Serialize)]
struct Snapshot<'a> {
    record: ReportRecord<'a>,
    /// The figures are not in the record (they are exported as CSV rows).
    figures: &'a [baogao::model::Figure],
    paragraphs: Vec<ParagraphOutline>,
}

fn snapshot(report: &Report) -> Snapshot<'_> {
    let mut paragraphs: Vec<ParagraphOutline> = report.preamble.iter().map(outline).collect();
    for s in &report.sections {
        section_outlines(s, &mut paragraphs);
    }
    Snapshot {
        record: ReportRecord::from(report),
        figures: &report.analysis.figures,
        paragraphs,
    }
}

fn bundled() -> Vec<Report> {
    let (reports, diagnostics) = load_reports(Path::new("content"), &Default::default());
    assert!(
        diagnostics.is_empty(),
        "the bundled reports build cleanly: {diagnostics:#?}"
    );
    assert_eq!(reports.len(), 5);
    reports
}

#[test]
fn bundled_reports_snapshots() {
    for report in bundled() {
        insta::assert_yaml_snapshot!(report.slug.clone(), snapshot(&report));
    }
}

#[test]
fn bundled_reports_have_their_four_parts_in_order_except_pingdingshan() {
    use baogao::model::MandatedPart::*;
    for report in bundled() {
        let parts: Vec<_> = report
            .sections
            .iter()
            .filter_map(|s| s.part.as_ref().and_then(|m| m.part))
            .collect();
        let mut sorted = parts.clone();
        sorted.sort();
        sorted.dedup();
        if report.slug == "2021-pingdingshan-shifanqu" {
            assert!(
                !parts.contains(&Shortcomings),
                "平顶山 2021 has no shortcomings part"
            );
            assert!(parts.contains(&Measures) && parts.contains(&Plans));
        } else {
            assert_eq!(
                sorted,
                [Measures, Shortcomings, Leadership, Plans],
                "{}",
                report.slug
            );
        }
    }
}
