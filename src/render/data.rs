//! The JSON exports: `data/reports.json` (one record per report, schema in
//! the README) and `data/reports/<slug>.json` (the record with the text).

use super::{json_page, report_url, Archive};
use crate::memo::{self, Memo};
use crate::model::{
    Citation, Figure, MandatedPart, Page, PageSink, Paragraph, Region, Report, Section, TopicCount,
};
use rayon::prelude::*;
use serde::Serialize;

/// The data files of the archive, into `sink` as each is made.
pub fn pages(archive: &Archive, memo: Option<&Memo>, sink: &PageSink) -> Result<(), String> {
    // The two exports that hold the whole archive (some 90 and 50 MB at
    // 10,000 reports) one after the other, not side by side: the build's
    // peak memory would hold both.
    super::side_by_side(vec![
        Box::new(|| report_files(archive, memo, sink)),
        Box::new(|| {
            records_json(archive, memo, sink)?;
            figures_csv(archive, memo, sink)
        }),
    ])
}

/// `data/reports.json`: every record, in archive order. Each record is
/// serialised on its own ([`super::streamed`]): in parallel, and in an incremental
/// rebuild only the changed ones.
fn records_json(archive: &Archive, memo: Option<&Memo>, sink: &PageSink) -> Result<(), String> {
    let path = "data/reports.json";
    let records = &archive.records;
    let key = |i| memo::fingerprint((path, archive.record_fingerprint(i)));
    let record = |i: usize| {
        let mut json = serde_json::to_string(&records[i]).map_err(|e| format!("{path}: {e}"))?;
        json.push(',');
        Ok(json)
    };
    let close = |json: &mut String| {
        if json.ends_with(',') {
            json.pop();
        }
        json.push_str("]\n");
    };
    let opening = "[".to_owned();
    super::streamed(
        path,
        opening,
        (memo, records.len()),
        key,
        record,
        close,
        sink,
    )
}

/// Per-report JSON. A report's file shows the
/// report and its record (which holds what the archive-wide analysis
/// added): with the same, an incremental rebuild keeps the file.
fn report_files(archive: &Archive, memo: Option<&Memo>, sink: &PageSink) -> Result<(), String> {
    (0..archive.reports.len())
        .into_par_iter()
        .try_for_each(|i| {
            let (report, record) = (&archive.reports[i], &archive.records[i]);
            let path = format!("data/reports/{}.json", report.slug);
            let inputs = (report.fingerprint, archive.record_fingerprint(i));
            if memo::unchanged(memo, &path, inputs) {
                return sink(Page::unchanged(path));
            }
            sink(json_page(&path, &ReportDetail::new(report, record))?)
        })
}

/// One report in `data/reports.json` (schema in the README). It borrows
/// from its report: the archive's records would otherwise copy every
/// report's sections, citations and figures (some 150 MB at 10,000).
#[derive(Debug, Clone, Serialize)]
pub struct ReportRecord<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub issuer: Option<&'a str>,
    pub year: Option<i32>,
    pub date: Option<String>,
    pub printed: Option<String>,
    pub doc_number: Option<&'a str>,
    pub signers: &'a [String],
    pub recipient: Option<&'a str>,
    /// Province, city and county (GB/T 2260), from front matter or found in
    /// the issuer's name, the title and the opening text.
    pub region: Option<RegionRecord<'a>>,
    pub source_url: Option<&'a str>,
    pub source: &'a str,
    pub encoding: &'static str,
    pub url: String,
    pub char_count: usize,
    pub paragraph_count: usize,
    /// For each mandated part, in the regulation's order: the anchor of the
    /// first top-level section mapped to it, or null.
    pub parts: Vec<PartPresence<'a>>,
    pub sections: Vec<SectionRecord<'a>>,
    /// The most distinctive words (TF-IDF over the archive), strongest first.
    pub keywords: &'a [String],
    /// Paragraphs per topic of the taxonomy.
    pub topics: &'a [TopicCount],
    /// Every `《…》` cited, paragraph by paragraph.
    pub citations: &'a [Citation],
    /// Every stated quantity.
    pub figures: &'a [Figure],
    /// The most similar reports, most similar first.
    pub related: Vec<RelatedRecord>,
}

/// What a page listing reports shows of each (the home page, the
/// comparison pages): a record without the per-paragraph detail (sections,
/// keywords, topics, citations, figures, related), which would make a page
/// listing every report carry the whole archive into its template.
#[derive(Debug, Clone, Serialize)]
pub struct ReportListing<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub issuer: Option<&'a str>,
    pub year: Option<i32>,
    pub date: Option<&'a str>,
    pub printed: Option<&'a str>,
    pub region: Option<&'a RegionRecord<'a>>,
    pub url: &'a str,
    pub char_count: usize,
    pub paragraph_count: usize,
    pub parts: &'a [PartPresence<'a>],
}

impl<'a> From<&'a ReportRecord<'a>> for ReportListing<'a> {
    fn from(r: &'a ReportRecord<'a>) -> Self {
        ReportListing {
            slug: r.slug,
            title: r.title,
            issuer: r.issuer,
            year: r.year,
            date: r.date.as_deref(),
            printed: r.printed.as_deref(),
            region: r.region.as_ref(),
            url: &r.url,
            char_count: r.char_count,
            paragraph_count: r.paragraph_count,
            parts: &r.parts,
        }
    }
}

/// A region with its full name.
#[derive(Debug, Clone, Serialize)]
pub struct RegionRecord<'a> {
    #[serde(flatten)]
    pub region: &'a Region,
    pub name: String,
}

/// A related report in `data/reports.json`.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedRecord {
    pub slug: String,
    /// Cosine similarity of the TF-IDF vectors, 0 to 1, rounded to 3 places.
    pub score: f64,
}

/// Whether a report has one of the mandated parts, and where.
#[derive(Debug, Clone, Serialize)]
pub struct PartPresence<'a> {
    pub part: &'static str,
    pub label: &'static str,
    pub anchor: Option<&'a str>,
}

/// A node of the section tree in `data/reports.json`.
#[derive(Debug, Clone, Serialize)]
pub struct SectionRecord<'a> {
    pub heading: &'a str,
    pub marker: Option<&'a str>,
    pub level: u8,
    pub anchor: &'a str,
    /// Mandated part id on top-level sections; null below and where no
    /// rule matched.
    pub part: Option<&'static str>,
    /// Which rule decided (`heading`, `content`, `none`); top level only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_rule: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_reason: Option<&'a str>,
    pub children: Vec<SectionRecord<'a>>,
}

impl<'a> From<&'a Report> for ReportRecord<'a> {
    fn from(r: &'a Report) -> Self {
        ReportRecord {
            slug: &r.slug,
            title: &r.meta.title,
            issuer: r.meta.issuer.as_deref(),
            year: r.meta.year,
            date: r.meta.date.map(|d| d.to_string()),
            printed: r.meta.printed.map(|d| d.to_string()),
            doc_number: r.meta.doc_number.as_deref(),
            signers: &r.meta.signers,
            recipient: r.meta.recipient.as_deref(),
            region: r.analysis.region.as_ref().map(|region| RegionRecord {
                name: region.name(),
                region,
            }),
            source_url: r.meta.source_url.as_deref(),
            source: &r.source,
            encoding: r.encoding,
            url: report_url(&r.slug),
            char_count: r.analysis.size.chars,
            paragraph_count: r.analysis.size.paragraphs,
            parts: MandatedPart::ALL
                .iter()
                .map(|&part| PartPresence {
                    part: part.id(),
                    label: part.label(),
                    anchor: r
                        .sections
                        .iter()
                        .find(|s| s.part.as_ref().and_then(|m| m.part) == Some(part))
                        .map(|s| s.anchor.as_str()),
                })
                .collect(),
            sections: r.sections.iter().map(SectionRecord::from).collect(),
            keywords: &r.analysis.keywords,
            topics: &r.analysis.topics,
            citations: &r.analysis.citations,
            figures: &r.analysis.figures,
            related: Vec::new(),
        }
    }
}

impl<'a> From<&'a Section> for SectionRecord<'a> {
    fn from(s: &'a Section) -> Self {
        SectionRecord {
            heading: &s.heading,
            marker: s.marker.as_deref(),
            level: s.level,
            anchor: &s.anchor,
            part: s.part.as_ref().and_then(|m| m.part).map(MandatedPart::id),
            part_rule: s.part.as_ref().map(|m| m.rule),
            part_reason: s.part.as_ref().map(|m| m.reason.as_str()),
            children: s.children.iter().map(SectionRecord::from).collect(),
        }
    }
}

/// `data/reports/<slug>.json`: the record plus the full text in structure.
#[derive(Serialize)]
struct ReportDetail<'a> {
    #[serde(flatten)]
    record: &'a ReportRecord<'a>,
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
    fn new(report: &'a Report, record: &'a ReportRecord<'a>) -> Self {
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

/// `data/figures.csv`: every figure of every report, one per row.
fn figures_csv(archive: &Archive, memo: Option<&Memo>, sink: &PageSink) -> Result<(), String> {
    let path = "data/figures.csv";
    let header = [
        "report",
        "title",
        "issuer",
        "year",
        "paragraph",
        "url",
        "text",
        "value",
        "unit",
        "qualifier",
        "counts",
        "category",
    ];
    let header = csv_rows([header.map(str::to_owned)])?;
    let reports = archive.reports;
    // Each report's rows are made on their own ([`memo::joined`]).
    let key = |i| memo::fingerprint((path, archive.listing_fingerprint(i)));
    let rows = |i: usize| {
        let r = &reports[i];
        csv_rows(r.analysis.figures.iter().map(|f| {
            let url = format!("{}#{}", report_url(&r.slug), f.anchor);
            [
                r.slug.clone(),
                r.meta.title.clone(),
                r.meta.issuer.clone().unwrap_or_default(),
                r.meta.year.map(|y| y.to_string()).unwrap_or_default(),
                f.anchor.clone(),
                url,
                f.text.clone(),
                f.value.to_string(),
                f.unit.to_owned(),
                f.qualifier.clone().unwrap_or_default(),
                f.counts.clone(),
                f.category.as_deref().unwrap_or_default().to_owned(),
            ]
        }))
    };
    super::streamed(path, header, (memo, reports.len()), key, rows, |_| (), sink)
}

/// CSV lines of `rows`, each cell made [`spreadsheet_safe`].
fn csv_rows<const N: usize>(rows: impl IntoIterator<Item = [String; N]>) -> Result<String, String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    for row in rows {
        out.write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned()))
            .map_err(|e| e.to_string())?;
    }
    let bytes = out.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return first) gets a leading `'`, which spreadsheets show as
/// text (OWASP's advice against CSV injection).
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+1"), "'+1");
        assert_eq!(spreadsheet_safe("-1"), "'-1");
        assert_eq!(spreadsheet_safe("@SUM"), "'@SUM");
        assert_eq!(spreadsheet_safe("矛盾纠纷"), "矛盾纠纷");
    }
}
