//! The comparison pages: the compliance matrix, structure statistics with
//! a chart of part lengths, one side-by-side page per mandated part, and the
//! compare view where a reader picks two to four reports.

use super::data::{ReportListing, ReportRecord};
use super::{Archive, Renderer};
use crate::analyse::compliance::{compliance, issuer_kind, Compliance, DeadlineRule, Timeliness};
use crate::memo;
use crate::model::{MandatedPart, PageSink, Report, Section};
use rayon::prelude::*;
use serde::Serialize;
use std::sync::OnceLock;

/// Reports per side-by-side page: enough to compare, small enough to load
/// on a phone whatever the archive size.
const REPORTS_PER_PART_PAGE: usize = 20;

/// The chart of part lengths shows the newest reports only: a bar per report
/// stops being readable past a few dozen. The tables list every report.
const MAX_CHART_REPORTS: usize = 40;

/// Every comparison page and the compare view's data files.
pub fn pages(
    renderer: &Renderer,
    archive: &Archive,
    rule: DeadlineRule,
    sink: &PageSink,
) -> Result<(), String> {
    let (reports, records) = (archive.reports, &archive.records[..]);
    let count = reports.len();
    // Each row is made once for both tables, and only if one of them
    // renders it (an incremental rebuild takes most rows from its memo).
    let made: Vec<OnceLock<MatrixRow>> = (0..count).map(|_| OnceLock::new()).collect();
    let row = |i: usize| made[i].get_or_init(|| MatrixRow::new(&reports[i], &records[i], rule));
    // A row shows its report, its record and how it meets the deadline.
    let key = |i: usize| memo::fingerprint((archive.listing_fingerprint(i), rule));
    let parts = part_labels();
    // What every page of the family receives.
    let common = |ctx: &mut super::Vars| {
        ctx.insert("parts", &parts);
        ctx.insert("part", &None::<PartLabel>);
    };
    // A table page listing every report, with `row_template` for each.
    let table = |template: &str, row_template: &str, fill: &dyn Fn(&mut super::Vars)| {
        renderer.page_with_rows(
            (template, template, "../"),
            ("rows", row_template, count),
            (&key, &row),
            |ctx| {
                common(ctx);
                fill(ctx);
            },
            sink,
        )
    };
    let (table, common, parts) = (&table, &common, &parts);
    // Each table page lists every report (a large page at 10,000): made
    // side by side with each other and with the per-report pages.
    let mut jobs: Vec<super::Job> = vec![
        Box::new(move || {
            table("compare/matrix.html", "compare/matrix_row.html", &|ctx| {
                ctx.insert("count", &count);
                ctx.insert("deadline", &rule);
            })
        }),
        Box::new(move || {
            let charted: Vec<&MatrixRow> = (0..count.min(MAX_CHART_REPORTS)).map(row).collect();
            table(
                "compare/structure.html",
                "compare/structure_row.html",
                &|ctx| {
                    ctx.insert("chart", &PartLengthChart::new(&charted, count));
                },
            )
        }),
        Box::new(move || {
            let template = "compare/reports.html";
            sink(renderer.html(template, template, "../", |ctx| {
                common(ctx);
                ctx.insert("reports", &choices(records));
                ctx.insert("part_bit", &crate::index::PART_BIT);
            })?)
        }),
        Box::new(|| super::matrices::pages(renderer, archive, parts, sink)),
    ];
    // The side-by-side pages hold every report's text: the bulk of this
    // family's work, page by page independent, written as they are made.
    for part in MandatedPart::ALL {
        jobs.push(Box::new(move || part_pages(renderer, part, archive, sink)));
    }
    super::side_by_side(jobs)
}

/// A report the compare view offers: what its list shows. Only this, not
/// the report's listing: the list holds every report, and tera copies all
/// it is given into its context (some 30 MB of listings at 10,000).
#[derive(Serialize)]
struct Choice<'a> {
    slug: &'a str,
    title: &'a str,
    year: Option<i32>,
}

fn choices<'a>(records: &'a [ReportRecord<'a>]) -> Vec<Choice<'a>> {
    (records.iter())
        .map(|r| Choice {
            slug: r.slug,
            title: r.title,
            year: r.year,
        })
        .collect()
}

/// The URL of the first side-by-side page of a part, from the site root.
pub fn part_page_url(part: MandatedPart, page: usize) -> String {
    format!("compare/part-{}-{page}.html", part.id())
}

#[derive(Serialize)]
struct PartLabel {
    id: &'static str,
    label: &'static str,
    url: String,
}

fn part_labels() -> Vec<PartLabel> {
    MandatedPart::ALL
        .iter()
        .map(|&p| PartLabel {
            id: p.id(),
            label: p.label(),
            url: part_page_url(p, 1),
        })
        .collect()
}

/// One report in the matrix and the structure table.
#[derive(Serialize)]
struct MatrixRow<'a> {
    record: ReportListing<'a>,
    issuer_kind: &'static str,
    compliance: Compliance,
    missing: usize,
    timeliness: TimelinessCell,
    sections: usize,
    depth: u8,
    /// Length of the text before the first heading.
    preamble_chars: usize,
}

impl<'a> MatrixRow<'a> {
    fn new(report: &Report, record: &'a ReportRecord, rule: DeadlineRule) -> Self {
        let compliance = compliance(report, rule);
        MatrixRow {
            record: record.into(),
            issuer_kind: issuer_kind(report.meta.issuer.as_deref()),
            missing: compliance.missing().count(),
            timeliness: TimelinessCell::from(&compliance.timeliness),
            compliance,
            sections: report.sections.iter().map(count_sections).sum(),
            depth: report
                .sections
                .iter()
                .map(Section::depth)
                .max()
                .unwrap_or(0),
            preamble_chars: report.preamble.iter().map(|p| p.text.chars().count()).sum(),
        }
    }
}

fn count_sections(s: &Section) -> usize {
    1 + s.children.iter().map(count_sections).sum::<usize>()
}

/// A horizontal stacked bar per report: the length of each mandated part
/// (and of the unmapped sections), drawn at build time as SVG.
#[derive(Serialize)]
struct PartLengthChart {
    width: u32,
    height: u32,
    bars: Vec<Bar>,
    legend: Vec<LegendItem>,
    /// How many reports the chart leaves out (older ones).
    omitted: usize,
}

#[derive(Serialize)]
struct Bar {
    y: u32,
    label: String,
    title: String,
    segments: Vec<Segment>,
}

#[derive(Serialize)]
struct Segment {
    class: &'static str,
    x: u32,
    width: u32,
    title: String,
}

#[derive(Serialize)]
struct LegendItem {
    class: &'static str,
    label: &'static str,
    x: u32,
}

const CHART_LABEL_WIDTH: u32 = 260;
const CHART_BAR_AREA: u32 = 520;
const CHART_ROW: u32 = 22;
const CHART_TOP: u32 = 30;

impl PartLengthChart {
    /// The chart of the first of `count` rows (the newest reports), `shown`.
    fn new(shown: &[&MatrixRow], count: usize) -> Self {
        let total = |r: &MatrixRow| {
            r.compliance.parts.iter().map(|p| p.chars).sum::<usize>()
                + r.compliance.unmapped.iter().map(|s| s.chars).sum::<usize>()
        };
        let longest = shown.iter().copied().map(total).max().unwrap_or(0).max(1);
        let scale =
            |chars: usize| (chars as u64 * u64::from(CHART_BAR_AREA) / longest as u64) as u32;
        let bars = shown
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let mut x = CHART_LABEL_WIDTH;
                let mut segments = Vec::new();
                let unmapped: usize = row.compliance.unmapped.iter().map(|s| s.chars).sum();
                let lengths = row
                    .compliance
                    .parts
                    .iter()
                    .map(|p| (part_class(Some(p.part)), p.part.label(), p.chars));
                for (class, label, chars) in
                    lengths.chain(std::iter::once(("part-none", "未对应法定部分", unmapped)))
                {
                    if chars == 0 {
                        continue;
                    }
                    let width = scale(chars).max(1);
                    segments.push(Segment {
                        class,
                        x,
                        width,
                        title: format!("{label}：{chars} 字"),
                    });
                    x += width;
                }
                Bar {
                    y: CHART_TOP + i as u32 * CHART_ROW,
                    label: short_label(row.record.title),
                    title: row.record.title.to_owned(),
                    segments,
                }
            })
            .collect::<Vec<_>>();
        let legend = MandatedPart::ALL
            .iter()
            .map(|&p| (part_class(Some(p)), p.label()))
            .chain(std::iter::once((part_class(None), "未对应")))
            .enumerate()
            .map(|(i, (class, label))| LegendItem {
                class,
                label,
                x: i as u32 * 130,
            })
            .collect();
        PartLengthChart {
            width: CHART_LABEL_WIDTH + CHART_BAR_AREA + 10,
            height: CHART_TOP + bars.len() as u32 * CHART_ROW + 10,
            bars,
            legend,
            omitted: count - shown.len(),
        }
    }
}

/// The CSS class that colours a part in charts and tables.
fn part_class(part: Option<MandatedPart>) -> &'static str {
    match part {
        Some(MandatedPart::Measures) => "part-measures",
        Some(MandatedPart::Shortcomings) => "part-shortcomings",
        Some(MandatedPart::Leadership) => "part-leadership",
        Some(MandatedPart::Plans) => "part-plans",
        Some(MandatedPart::Other) => "part-other",
        None => "part-none",
    }
}

/// A title cut to fit the chart's label column.
fn short_label(title: &str) -> String {
    const MAX: usize = 18;
    if title.chars().count() <= MAX {
        title.to_owned()
    } else {
        title
            .chars()
            .take(MAX - 1)
            .chain(std::iter::once('…'))
            .collect()
    }
}

/// One report's part on a side-by-side page. Its text is borrowed from
/// the report: tera copies it into its context anyway.
#[derive(Serialize)]
struct PartBlock<'a> {
    record: ReportListing<'a>,
    sections: Vec<SectionText<'a>>,
}

#[derive(Serialize)]
struct SectionText<'a> {
    anchor: &'a str,
    heading: &'a str,
    paragraphs: Vec<ParagraphText<'a>>,
}

#[derive(Serialize)]
struct ParagraphText<'a> {
    anchor: &'a str,
    text: &'a str,
}

fn section_text(s: &Section) -> SectionText<'_> {
    SectionText {
        anchor: &s.anchor,
        heading: &s.heading,
        paragraphs: (s.all_paragraphs().into_iter())
            .map(|p| ParagraphText {
                anchor: &p.anchor,
                text: &p.text,
            })
            .collect(),
    }
}

fn sections_of(report: &Report, part: Option<MandatedPart>) -> Vec<SectionText<'_>> {
    report
        .sections
        .iter()
        .filter(|s| s.part.as_ref().and_then(|m| m.part) == part)
        .map(section_text)
        .collect()
}

/// The side-by-side pages of one part, [`REPORTS_PER_PART_PAGE`] reports
/// each, in archive order; reports without the part are listed as such.
fn part_pages(
    renderer: &Renderer,
    part: MandatedPart,
    archive: &Archive,
    sink: &PageSink,
) -> Result<(), String> {
    let (reports, records) = (archive.reports, &archive.records[..]);
    let indexes: Vec<usize> = (0..reports.len()).collect();
    let chunks: Vec<&[usize]> = if indexes.is_empty() {
        vec![&[]]
    } else {
        indexes.chunks(REPORTS_PER_PART_PAGE).collect()
    };
    let page_count = chunks.len();
    let parts = part_labels();
    chunks
        .into_par_iter()
        .enumerate()
        .try_for_each(|(i, chunk)| {
            let n = i + 1;
            let url = part_page_url(part, n);
            // The page shows its reports' listings and texts: with their
            // fingerprints unchanged (and its place in the pages), it is.
            let inputs = renderer.memo().map_or(0, |_| {
                let shown: Vec<u64> = chunk
                    .iter()
                    .map(|&k| archive.listing_fingerprint(k))
                    .collect();
                memo::fingerprint((part.id(), page_count, shown))
            });
            let page = renderer.html_keyed("compare/part.html", &url, "../", inputs, |ctx| {
                let blocks: Vec<PartBlock> = chunk
                    .iter()
                    .map(|&k| PartBlock {
                        record: (&records[k]).into(),
                        sections: sections_of(&reports[k], Some(part)),
                    })
                    .collect();
                ctx.insert(
                    "part",
                    &PartLabel {
                        id: part.id(),
                        label: part.label(),
                        url: url.clone(),
                    },
                );
                ctx.insert("parts", &parts);
                ctx.insert("blocks", &blocks);
                ctx.insert("page", &n);
                ctx.insert("pages", &page_count);
                ctx.insert("prev", &(n > 1).then(|| part_page_url(part, n - 1)));
                ctx.insert(
                    "next",
                    &(n < page_count).then(|| part_page_url(part, n + 1)),
                );
            })?;
            sink(page)
        })
}

/// How a report's timeliness reads in the matrix: label, class, and a sort
/// key (days after the deadline; unknown dates last).
#[derive(Serialize)]
struct TimelinessCell {
    label: String,
    class: &'static str,
    sort: i64,
}

impl From<&Timeliness> for TimelinessCell {
    fn from(t: &Timeliness) -> Self {
        match t {
            Timeliness::OnTime { days_early, .. } => TimelinessCell {
                label: format!("按时（提前 {days_early} 天）"),
                class: "on-time",
                sort: -days_early,
            },
            Timeliness::Late { days_late, .. } => TimelinessCell {
                label: format!("逾期 {days_late} 天"),
                class: "late",
                sort: *days_late,
            },
            Timeliness::Unknown => TimelinessCell {
                label: "日期不详".to_owned(),
                class: "unknown",
                sort: i64::from(i32::MAX),
            },
        }
    }
}
