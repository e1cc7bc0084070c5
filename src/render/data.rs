//! The data exports: the archive's records (`data/reports-<year>.json`)
//! and figures (`data/figures-<year>.csv`), each split by year and, where a
//! year holds more than a part may, into numbered parts, with
//! `data/index.json` naming every part (layout in the README).

use super::{json_page, report_url, Archive};
use crate::error::Error;
use crate::memo::{self, Memo};
use crate::model::{
    Citation, Delivery, FollowUpOutcome, MandatedPart, Page, PageSink, PlanFollowUp, Region,
    Report, Section, TopicCount,
};
use serde::Serialize;

/// The bytes a part of an export may hold before the next report's
/// records start a new part: static hosts refuse files over 25 MiB
/// (Cloudflare Pages) and the archive promises none over 10 MiB, which
/// leaves room for one report's records past the mark.
pub(super) const PART_BYTES: usize = 8 * 1024 * 1024;

/// The data files of the archive, into `sink` as each is made. The two
/// exports are made one after the other, not side by side: each holds a
/// part and a batch of records at a time, and the build's peak memory
/// would hold both. A report's text is not here: its data copy is the
/// search index's text file (`search/r/<i>.js`), which the report page
/// links.
pub(super) fn pages(
    archive: &Archive,
    memo: Option<&Memo>,
    sink: &dyn PageSink,
) -> Result<(), Error> {
    let years = years(archive.reports);
    let index = DataIndex {
        reports: records_json(archive, &years, memo, sink)?,
        figures: figures_csv(archive, &years, memo, sink)?,
        plans: plans_csv(archive, &years, memo, sink)?,
    };
    sink.page(json_page("data/index.json", &index)?)
}

/// `data/index.json`: every part of each export, in archive order.
#[derive(Serialize)]
struct DataIndex {
    reports: Export,
    figures: Export,
    plans: Export,
}

/// One export's parts and their records in all.
#[derive(Serialize, Debug, PartialEq)]
struct Export {
    records: usize,
    parts: Vec<Part>,
}

/// One file of an export: its path from the site root, the year its
/// records report on (null: reports without a year) and how many it holds.
#[derive(Serialize, Debug, PartialEq)]
struct Part {
    path: String,
    year: Option<i32>,
    records: usize,
}

/// The reports of each year (archive indexes, in archive order), years in
/// the order the archive first lists them: newest first, undated last.
fn years(reports: &[Report]) -> Vec<(Option<i32>, Vec<usize>)> {
    let mut years: Vec<(Option<i32>, Vec<usize>)> = Vec::new();
    for (i, report) in reports.iter().enumerate() {
        let year = report.meta.year;
        match years.iter_mut().find(|(y, _)| *y == year) {
            Some((_, members)) => members.push(i),
            None => years.push((year, vec![i])),
        }
    }
    years
}

/// How an export is cut into files: its name (`reports` →
/// `data/reports-<year>[-<n>].<ext>`), what opens and closes each part,
/// and the bytes a part may hold before a new one starts.
struct Layout<'a> {
    name: &'a str,
    ext: &'a str,
    opening: &'a str,
    close: fn(&mut String),
    cap: usize,
}

impl Layout<'_> {
    /// The export: each year's reports' fragments (`make(i)`, holding
    /// `records(i)` records; taken from the memo by `key(i)` where
    /// unchanged), in parts of at most [`Layout::cap`] bytes unless one
    /// report's alone is more, each part given to `sink` as soon as it is
    /// full. A year in one part is `<name>-<year>.<ext>`; in several,
    /// `<name>-<year>-1.<ext>`, `-2`, ….
    fn write(
        &self,
        years: &[(Option<i32>, Vec<usize>)],
        memo: Option<&Memo>,
        (key, make, records): (
            impl Fn(usize) -> u64 + Sync,
            impl Fn(usize) -> Result<String, Error> + Sync,
            impl Fn(usize) -> usize,
        ),
        sink: &dyn PageSink,
    ) -> Result<Export, Error> {
        let mut parts = Vec::new();
        for (year, members) in years {
            let label = year.map_or_else(|| "undated".to_owned(), |y| y.to_string());
            let part = |number: Option<usize>, mut text: String, records: usize| {
                let path = match number {
                    Some(n) => format!("data/{}-{label}-{n}.{}", self.name, self.ext),
                    None => format!("data/{}-{label}.{}", self.name, self.ext),
                };
                (self.close)(&mut text);
                sink.page(Page::new(path.clone(), text.into_bytes()))?;
                Ok::<_, Error>(Part {
                    path,
                    year: *year,
                    records,
                })
            };
            let mut full: Vec<Part> = Vec::new();
            let mut text = self.opening.to_owned();
            let mut held = 0;
            memo::each_fragment(memo, members, &key, &make, |i, fragment| {
                if text.len() + fragment.len() > self.cap && text.len() > self.opening.len() {
                    let done = std::mem::replace(&mut text, self.opening.to_owned());
                    full.push(part(Some(full.len() + 1), done, std::mem::take(&mut held))?);
                }
                text.push_str(fragment);
                held += records(i);
                Ok(())
            })?;
            let number = (!full.is_empty()).then_some(full.len() + 1);
            full.push(part(number, text, held)?);
            parts.extend(full);
        }
        Ok(Export {
            records: parts.iter().map(|p| p.records).sum(),
            parts,
        })
    }
}

/// `data/reports-<year>.json`: the year's records, in archive order, as a
/// JSON array. Each record is serialised on its own: in parallel, and in
/// an incremental rebuild only the changed ones.
fn records_json(
    archive: &Archive,
    years: &[(Option<i32>, Vec<usize>)],
    memo: Option<&Memo>,
    sink: &dyn PageSink,
) -> Result<Export, Error> {
    let records = &archive.records;
    let key = |i| memo::fingerprint(("data/reports", archive.record_fingerprint(i)));
    let record = |i: usize| {
        let mut json =
            serde_json::to_string(&records[i]).map_err(|e| Error::data("data/reports", e))?;
        json.push(',');
        Ok(json)
    };
    let layout = Layout {
        name: "reports",
        ext: "json",
        opening: "[",
        close: |json| {
            if json.ends_with(',') {
                json.pop();
            }
            json.push_str("]\n");
        },
        cap: PART_BYTES,
    };
    layout.write(years, memo, (key, record, |_| 1), sink)
}

/// One report in `data/reports-<year>.json` (schema in the README). It borrows
/// from its report: the archive's records would otherwise copy every
/// report's sections and citations.
#[derive(Debug, Clone, Serialize)]
pub struct ReportRecord<'a> {
    /// The report's URL name, unique in the archive.
    pub slug: &'a str,
    /// The title as recovered (or from front matter).
    pub title: &'a str,
    /// The issuing organ, if known.
    pub issuer: Option<&'a str>,
    /// The year reported on, if known.
    pub year: Option<i32>,
    /// The date signed, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The printing date (`…印发`), `YYYY-MM-DD`.
    pub printed: Option<String>,
    /// When the portal the text was copied from published it (`发布时间`),
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The note (附注) below the date (`此件公开发布`).
    pub note: Option<&'a str>,
    /// The document number (发文字号).
    pub doc_number: Option<&'a str>,
    /// The names after `签发人：`.
    pub signers: &'a [String],
    /// The body addressed (`市委`).
    pub recipient: Option<&'a str>,
    /// Province, city and county (GB/T 2260), from front matter or found in
    /// the issuer's name, the title and the opening text.
    pub region: Option<RegionRecord<'a>>,
    /// Where the report is published online, from front matter.
    pub source_url: Option<&'a str>,
    /// The file's path under the content folder.
    pub source: &'a str,
    /// The encoding the file was read as (`UTF-8`, `GBK`, `UTF-16LE`, …).
    pub encoding: &'static str,
    /// The report's page, relative to the site root (`reports/<slug>.html`).
    pub url: String,
    /// Characters of headings and paragraphs, whitespace left out.
    pub char_count: usize,
    /// Paragraphs, the preamble's included.
    pub paragraph_count: usize,
    /// For each mandated part, in the regulation's order: the anchor of the
    /// first top-level section mapped to it, or null.
    pub parts: Vec<PartPresence<'a>>,
    /// The section tree: the top-level sections, each with its subsections.
    pub sections: Vec<SectionRecord<'a>>,
    /// The most distinctive words (TF-IDF over the archive), strongest first.
    pub keywords: &'a [String],
    /// Paragraphs per topic of the taxonomy.
    pub topics: &'a [TopicCount],
    /// Every `《…》` cited, paragraph by paragraph.
    pub citations: &'a [Citation],
    /// How many quantities the report states; the figures themselves are
    /// rows of `data/figures-<year>.csv`, exported once.
    pub figure_count: usize,
    /// The most similar reports, most similar first.
    pub related: Vec<RelatedRecord>,
}

/// What a page listing reports shows of each (the home page, the
/// comparison pages): a record without the per-paragraph detail (sections,
/// keywords, topics, citations, figures, related), which would make a page
/// listing every report carry the whole archive into its template.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ReportListing<'a> {
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

/// A related report in a record.
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

/// A node of the section tree in a record.
#[derive(Debug, Clone, Serialize)]
pub struct SectionRecord<'a> {
    pub heading: &'a str,
    pub marker: Option<&'a str>,
    pub level: u8,
    pub anchor: &'a str,
    /// Mandated part id on top-level sections; null below and where no
    /// rule matched.
    pub part: Option<&'static str>,
    /// Which rule decided (`heading`, `year's work`, `content`, `none`); top level only.
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
            published: r.meta.published.map(|d| d.to_string()),
            note: r.meta.note.as_deref(),
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
            figure_count: r.analysis.figures.len(),
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

/// `data/figures-<year>.csv`: every figure of the year's reports, one per
/// row (columns in the README).
fn figures_csv(
    archive: &Archive,
    years: &[(Option<i32>, Vec<usize>)],
    memo: Option<&Memo>,
    sink: &dyn PageSink,
) -> Result<Export, Error> {
    let header = [
        "report",
        "issuer",
        "year",
        "paragraph",
        "text",
        "value",
        "unit",
        "qualifier",
        "counts",
        "category",
    ];
    let reports = archive.reports;
    // Each report's rows are made on their own.
    let key = |i| memo::fingerprint(("data/figures", archive.listing_fingerprint(i)));
    let rows = |i: usize| {
        let r = &reports[i];
        (r.analysis.figures.iter())
            .map(|f| {
                [
                    r.slug.clone(),
                    r.meta.issuer.clone().unwrap_or_default(),
                    r.meta.year.map(|y| y.to_string()).unwrap_or_default(),
                    f.anchor.clone(),
                    f.text.clone(),
                    f.value.to_string(),
                    f.unit.to_owned(),
                    f.qualifier.clone().unwrap_or_default(),
                    f.counts.clone(),
                    f.category.as_deref().unwrap_or_default().to_owned(),
                ]
            })
            .collect()
    };
    let count = |i: usize| reports[i].analysis.figures.len();
    let export = CsvExport {
        name: "figures",
        header,
    };
    export.write(years, memo, (key, rows, count), sink)
}

/// A CSV export, cut into parts like the others: `data/<name>-<year>.csv`,
/// each part opening with `header` so that it reads on its own.
struct CsvExport<const N: usize> {
    name: &'static str,
    header: [&'static str; N],
}

impl<const N: usize> CsvExport<N> {
    /// The export of `years`: report `i`'s rows are `rows(i)`, `count(i)`
    /// of them (counted without making them), kept by `key(i)`.
    fn write(
        &self,
        years: &[(Option<i32>, Vec<usize>)],
        memo: Option<&Memo>,
        (key, rows, count): (
            impl Fn(usize) -> u64 + Sync,
            impl Fn(usize) -> Vec<[String; N]> + Sync,
            impl Fn(usize) -> usize,
        ),
        sink: &dyn PageSink,
    ) -> Result<Export, Error> {
        let path = format!("data/{}", self.name);
        let header = csv_text(&path, [self.header.map(str::to_owned)])?;
        let layout = Layout {
            name: self.name,
            ext: "csv",
            opening: &header,
            close: |_| (),
            cap: PART_BYTES,
        };
        let make = |i: usize| csv_text(&path, rows(i));
        layout.write(years, memo, (key, make, count), sink)
    }
}

/// `data/plans-<year>.csv`: each plan item of the year's reports whose
/// issuer's next report is in the archive, a row per paragraph that
/// delivers it, or one row with empty delivery fields for an item left
/// open (columns in the README). Reports without plans, or whose next
/// report is missing, have no rows: nothing was looked for.
fn plans_csv(
    archive: &Archive,
    years: &[(Option<i32>, Vec<usize>)],
    memo: Option<&Memo>,
    sink: &dyn PageSink,
) -> Result<Export, Error> {
    let header = [
        "issuer",
        "plan_report",
        "plan_anchor",
        "plan_item",
        "plan_text",
        "delivery_report",
        "delivery_anchor",
        "score",
    ];
    let plans = &archive.corpus.plans;
    // A plan report's rows show it, its next report and its issuer's name.
    let key = |i: usize| {
        let next = plans.of_plan_report(i).and_then(|f| f.delivery_report);
        let issuer = archive.corpus.series.of(i).map(|s| s.name.as_str());
        let next = next.map(|n| archive.listing_fingerprint(n));
        memo::fingerprint(("data/plans", archive.listing_fingerprint(i), next, issuer))
    };
    let rows = |i: usize| plan_rows(archive, i);
    // A row per delivering paragraph, or one for an item left open.
    let count = |i: usize| {
        paired(archive, i).map_or(0, |(f, _)| {
            (f.deliveries.iter()).map(|d| d.len().max(1)).sum()
        })
    };
    let export = CsvExport {
        name: "plans",
        header,
    };
    export.write(years, memo, (key, rows, count), sink)
}

/// Report `i`'s plans followed up in its issuer's next report (index), if
/// they were looked for there.
fn paired<'a>(archive: &Archive<'a>, i: usize) -> Option<(&'a PlanFollowUp, usize)> {
    let f = archive.corpus.plans.of_plan_report(i)?;
    match (f.outcome, f.delivery_report) {
        (FollowUpOutcome::Paired, Some(next)) => Some((f, next)),
        _ => None,
    }
}

/// Report `i`'s rows of `data/plans-<year>.csv`.
fn plan_rows(archive: &Archive, i: usize) -> Vec<[String; 8]> {
    let Some((f, next)) = paired(archive, i) else {
        return Vec::new();
    };
    let report = &archive.reports[i];
    let issuer = archive.corpus.series.of(i).map_or("", |s| &s.name);
    let mut rows = Vec::new();
    for (item, deliveries) in report.analysis.plan_items.iter().zip(&f.deliveries) {
        let row = |delivery: Option<&Delivery>| {
            [
                issuer.to_owned(),
                report.slug.clone(),
                item.anchor.clone(),
                item.number.to_string(),
                item.text.clone(),
                delivery.map_or(String::new(), |_| archive.reports[next].slug.clone()),
                delivery.map_or(String::new(), |d| d.anchor.clone()),
                delivery.map_or(String::new(), |d| format!("{:.3}", d.score)),
            ]
        };
        match deliveries.is_empty() {
            true => rows.push(row(None)),
            false => rows.extend(deliveries.iter().map(|d| row(Some(d)))),
        }
    }
    rows
}

/// CSV lines of `rows`, each cell made [`spreadsheet_safe`], for the
/// export at `path` (which errors name).
pub(super) fn csv_text<R: AsRef<[String]>>(
    path: &str,
    rows: impl IntoIterator<Item = R>,
) -> Result<String, Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    for row in rows {
        out.write_record(
            row.as_ref()
                .iter()
                .map(|cell| spreadsheet_safe(cell).into_owned()),
        )
        .map_err(|e| Error::data(path, e))?;
    }
    let bytes = (out.into_inner()).map_err(|e| Error::data(path, e.error()))?;
    String::from_utf8(bytes).map_err(|e| Error::data(path, e))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return first) gets a leading `'`, which spreadsheets show as
/// text (OWASP's advice against CSV injection).
pub(super) fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts `layout` cuts `years` into, with fragment `i` being
    /// `size(i)` bytes of one record each.
    fn parts(
        layout: &Layout,
        years: &[(Option<i32>, Vec<usize>)],
        size: fn(usize) -> usize,
    ) -> (Export, Vec<(String, String)>) {
        let pages = std::sync::Mutex::new(Vec::new());
        let sink = |page: Page| {
            let text = String::from_utf8(page.bytes).unwrap();
            pages.lock().unwrap().push((page.path, text));
            Ok(())
        };
        let make = |i: usize| Ok(format!("{i:0>width$};", width = size(i) - 1));
        let export = layout
            .write(years, None, (|_| 0, make, |_| 1), &sink)
            .unwrap();
        (export, pages.into_inner().unwrap())
    }

    #[test]
    fn a_year_past_the_cap_is_cut_into_numbered_parts_holding_every_record() {
        let layout = Layout {
            name: "reports",
            ext: "json",
            opening: "[",
            close: |text| text.push(']'),
            cap: 10,
        };
        // 2023: four records of 4 bytes (two to a part); undated: one of 20,
        // more than the cap alone; 2022: two of 4, one part.
        let years = [
            (Some(2023), vec![0, 1, 2, 3]),
            (None, vec![4]),
            (Some(2022), vec![5, 6]),
        ];
        let (export, pages) = parts(&layout, &years, |i| if i == 4 { 20 } else { 4 });
        let paths: Vec<&str> = pages.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "data/reports-2023-1.json",
                "data/reports-2023-2.json",
                "data/reports-undated.json",
                "data/reports-2022.json"
            ]
        );
        assert_eq!(pages[0].1, "[000;001;]");
        assert_eq!(pages[1].1, "[002;003;]");
        assert_eq!(pages[3].1, "[005;006;]");
        assert_eq!(export.records, 7);
        let listed: Vec<(&str, Option<i32>, usize)> = (export.parts.iter())
            .map(|p| (p.path.as_str(), p.year, p.records))
            .collect();
        assert_eq!(
            listed,
            [
                ("data/reports-2023-1.json", Some(2023), 2),
                ("data/reports-2023-2.json", Some(2023), 2),
                ("data/reports-undated.json", None, 1),
                ("data/reports-2022.json", Some(2022), 2)
            ]
        );
    }

    #[test]
    fn every_part_opens_with_the_header() {
        let layout = Layout {
            name: "figures",
            ext: "csv",
            opening: "h\n",
            close: |_| (),
            cap: 10,
        };
        let (_, pages) = parts(&layout, &[(Some(2023), vec![0, 1, 2])], |_| 4);
        assert_eq!(pages.len(), 2);
        assert!(pages.iter().all(|(_, text)| text.starts_with("h\n")));
        assert_eq!(pages[1].1, "h\n002;");
    }

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+1"), "'+1");
        assert_eq!(spreadsheet_safe("-1"), "'-1");
        assert_eq!(spreadsheet_safe("@SUM"), "'@SUM");
        assert_eq!(spreadsheet_safe("矛盾纠纷"), "矛盾纠纷");
    }
}
