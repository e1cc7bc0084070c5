//! The JSON exports: `data/reports.json` (one record per report, schema in
//! the README) and `data/reports/<slug>.json` (the record with the text).

use super::{json_page, report_url};
use crate::model::{MandatedPart, Page, Paragraph, Report, Section};
use serde::Serialize;

/// The data files of the archive.
pub fn pages(reports: &[Report], records: &[ReportRecord]) -> Result<Vec<Page>, String> {
    let mut pages = Vec::with_capacity(reports.len() + 1);
    for (report, record) in reports.iter().zip(records) {
        let detail = ReportDetail::new(report, record);
        pages.push(json_page(
            &format!("data/reports/{}.json", report.slug),
            &detail,
        )?);
    }
    pages.push(json_page("data/reports.json", records)?);
    Ok(pages)
}

/// One report in `data/reports.json` (schema in the README).
#[derive(Debug, Clone, Serialize)]
pub struct ReportRecord {
    pub slug: String,
    pub title: String,
    pub issuer: Option<String>,
    pub year: Option<i32>,
    pub date: Option<String>,
    pub printed: Option<String>,
    pub doc_number: Option<String>,
    pub signers: Vec<String>,
    pub recipient: Option<String>,
    pub region: Option<String>,
    pub source_url: Option<String>,
    pub source: String,
    pub encoding: String,
    pub url: String,
    pub char_count: usize,
    pub paragraph_count: usize,
    /// For each mandated part, in the regulation's order: the anchor of the
    /// first top-level section mapped to it, or null.
    pub parts: Vec<PartPresence>,
    pub sections: Vec<SectionRecord>,
}

/// Whether a report has one of the mandated parts, and where.
#[derive(Debug, Clone, Serialize)]
pub struct PartPresence {
    pub part: &'static str,
    pub label: &'static str,
    pub anchor: Option<String>,
}

/// A node of the section tree in `data/reports.json`.
#[derive(Debug, Clone, Serialize)]
pub struct SectionRecord {
    pub heading: String,
    pub marker: Option<String>,
    pub level: u8,
    pub anchor: String,
    /// Mandated part id on top-level sections; null below and where no
    /// rule matched.
    pub part: Option<&'static str>,
    /// Which rule decided (`heading`, `content`, `none`); top level only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_rule: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_reason: Option<String>,
    pub children: Vec<SectionRecord>,
}

impl From<&Report> for ReportRecord {
    fn from(r: &Report) -> Self {
        ReportRecord {
            slug: r.slug.clone(),
            title: r.meta.title.clone(),
            issuer: r.meta.issuer.clone(),
            year: r.meta.year,
            date: r.meta.date.map(|d| d.to_string()),
            printed: r.meta.printed.map(|d| d.to_string()),
            doc_number: r.meta.doc_number.clone(),
            signers: r.meta.signers.clone(),
            recipient: r.meta.recipient.clone(),
            region: r.meta.region.clone(),
            source_url: r.meta.source_url.clone(),
            source: r.source.clone(),
            encoding: r.encoding.to_owned(),
            url: report_url(&r.slug),
            char_count: r.char_count(),
            paragraph_count: r.paragraphs().len(),
            parts: MandatedPart::ALL
                .iter()
                .map(|&part| PartPresence {
                    part: part.id(),
                    label: part.label(),
                    anchor: r
                        .sections
                        .iter()
                        .find(|s| s.part.as_ref().and_then(|m| m.part) == Some(part))
                        .map(|s| s.anchor.clone()),
                })
                .collect(),
            sections: r.sections.iter().map(SectionRecord::from).collect(),
        }
    }
}

impl From<&Section> for SectionRecord {
    fn from(s: &Section) -> Self {
        SectionRecord {
            heading: s.heading.clone(),
            marker: s.marker.clone(),
            level: s.level,
            anchor: s.anchor.clone(),
            part: s.part.as_ref().and_then(|m| m.part).map(MandatedPart::id),
            part_rule: s.part.as_ref().map(|m| m.rule),
            part_reason: s.part.as_ref().map(|m| m.reason.clone()),
            children: s.children.iter().map(SectionRecord::from).collect(),
        }
    }
}

/// `data/reports/<slug>.json`: the record plus the full text in structure.
#[derive(Serialize)]
struct ReportDetail<'a> {
    #[serde(flatten)]
    record: &'a ReportRecord,
    preamble: &'a [Paragraph],
    body: Vec<SectionText<'a>>,
}

#[derive(Serialize)]
struct SectionText<'a> {
    anchor: &'a str,
    heading: &'a str,
    paragraphs: &'a [Paragraph],
    children: Vec<SectionText<'a>>,
}

impl<'a> ReportDetail<'a> {
    fn new(report: &'a Report, record: &'a ReportRecord) -> Self {
        ReportDetail {
            record,
            preamble: &report.preamble,
            body: report.sections.iter().map(SectionText::new).collect(),
        }
    }
}

impl<'a> SectionText<'a> {
    fn new(s: &'a Section) -> Self {
        SectionText {
            anchor: &s.anchor,
            heading: &s.heading,
            paragraphs: &s.paragraphs,
            children: s.children.iter().map(SectionText::new).collect(),
        }
    }
}
