//! The comparison pages: the compliance matrix, structure statistics with
//! a chart of part lengths, a table per mandated part, and the compare view
//! where a reader picks two to four reports. The tables list every report
//! through [`super::table`]: a page of rows, the rest in the browser.

use super::data::{ReportListing, ReportRecord};
use super::table::{Cell, Column, Sort, Span, Table, TableView};
use super::{Archive, PageDescription, Renderer};
use crate::analyse::compliance::{issuer_kind, Compliance, DeadlineRule, Timeliness};
use crate::error::Error;
use crate::model::{MandatedPart, Report, Section};
use rayon::prelude::*;
use serde::Serialize;

/// The chart of part lengths shows the newest reports only: a bar per report
/// stops being readable past a few dozen. The tables list every report.
const MAX_CHART_REPORTS: usize = 40;

/// Every comparison page and the tables' data files.
pub(super) fn pages(
    renderer: &Renderer,
    archive: &Archive,
    rule: DeadlineRule,
) -> Result<(), Error> {
    let (reports, records) = (archive.reports, &archive.records[..]);
    let rows: Vec<MatrixRow> = (reports.par_iter().zip(records))
        .zip(&archive.corpus.compliance)
        .map(|((report, record), compliance)| MatrixRow::new(report, record, compliance))
        .collect();
    let parts = part_labels();
    let nav = CompareNav {
        parts: &parts,
        part: None,
    };
    let (rows, parts) = (&rows, &parts);
    let mut jobs: Vec<super::Job> = vec![
        Box::new(move || {
            let table = matrix_table(parts);
            let table = table.render(renderer, archive, |i| rows[i].matrix_cells())?;
            let variables = MatrixPage {
                nav,
                table,
                deadline: rule,
                table_class: "matrix",
            };
            renderer.page(PageDescription::new(MATRIX_URL, MATRIX_URL, variables))
        }),
        Box::new(move || {
            let charted: Vec<&MatrixRow> = rows.iter().take(MAX_CHART_REPORTS).collect();
            let table = structure_table();
            let variables = StructurePage {
                nav,
                table: table.render(renderer, archive, |i| rows[i].structure_cells())?,
                chart: PartLengthChart::new(&charted, rows.len()),
                table_class: "structure",
            };
            renderer.page(PageDescription::new(
                STRUCTURE_URL,
                STRUCTURE_URL,
                variables,
            ))
        }),
        Box::new(move || {
            let variables = PickerPage {
                nav,
                part_bit: crate::index::PART_BIT,
                chunks: reports.len().div_ceil(super::table::ROWS_PER_CHUNK),
            };
            renderer.page(PageDescription::new(PICKER_URL, PICKER_URL, variables))
        }),
        Box::new(move || super::matrices::pages(renderer, archive, nav)),
    ];
    for (k, part) in MandatedPart::ALL.into_iter().enumerate() {
        let nav = CompareNav {
            part: Some(&parts[k]),
            ..nav
        };
        jobs.push(Box::new(move || {
            let table = part_table(part);
            let variables = PartPage {
                nav,
                table: table.render(renderer, archive, |i| rows[i].part_cells(k))?,
                table_class: "part-table",
            };
            let url = part_page_url(part);
            renderer.page(PageDescription::new(url, "compare/part.html", variables))
        }));
    }
    super::side_by_side(jobs)
}

const MATRIX_URL: &str = "compare/matrix.html";
const STRUCTURE_URL: &str = "compare/structure.html";
/// The compare view, where a reader picks the reports to compare.
const PICKER_URL: &str = "compare/reports.html";

/// What every comparison page receives: the mandated parts, each with its
/// page, for the family's navigation, and the page's own part if it has
/// one.
#[derive(Clone, Copy, Serialize)]
pub(super) struct CompareNav<'a> {
    parts: &'a [PartLabel],
    part: Option<&'a PartLabel>,
}

/// The variables of `compare/matrix.html`.
#[derive(Serialize)]
struct MatrixPage<'a> {
    #[serde(flatten)]
    nav: CompareNav<'a>,
    table: TableView<'a>,
    deadline: DeadlineRule,
    table_class: &'static str,
}

/// The variables of `compare/structure.html`.
#[derive(Serialize)]
struct StructurePage<'a> {
    #[serde(flatten)]
    nav: CompareNav<'a>,
    table: TableView<'a>,
    chart: PartLengthChart,
    table_class: &'static str,
}

/// The variables of `compare/reports.html`: the filter bit of mandated
/// parts in the search index, and how many data files the catalogue has.
#[derive(Serialize)]
struct PickerPage<'a> {
    #[serde(flatten)]
    nav: CompareNav<'a>,
    part_bit: u32,
    chunks: usize,
}

/// The variables of `compare/part.html`.
#[derive(Serialize)]
struct PartPage<'a> {
    #[serde(flatten)]
    nav: CompareNav<'a>,
    table: TableView<'a>,
    table_class: &'static str,
}

/// The table of a mandated part's page, from the site root.
pub(super) fn part_page_url(part: MandatedPart) -> String {
    format!("compare/part-{}.html", part.id())
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
            url: part_page_url(p),
        })
        .collect()
}

fn matrix_table(parts: &[PartLabel]) -> Table {
    let mut columns = vec![
        Column::new("年度"),
        Column::new("地区"),
        Column::new("机关类型"),
    ];
    columns.extend((parts.iter()).map(|p| Column::linked(p.label, p.url.clone())));
    columns.extend([Column::new("缺项"), Column::new("发布")]);
    Table {
        name: "matrix".to_owned(),
        caption: "报告 × 五个法定部分".to_owned(),
        columns,
        issuer_under_title: true,
    }
}

fn structure_table() -> Table {
    let labels = [
        "年度",
        "字数",
        "段落",
        "节数",
        "标题层级",
        "开头段字数",
        "法定部分",
    ];
    Table {
        name: "structure".to_owned(),
        caption: "结构统计".to_owned(),
        columns: labels.into_iter().map(Column::new).collect(),
        issuer_under_title: false,
    }
}

fn part_table(part: MandatedPart) -> Table {
    let labels = ["年度", "地区", "所用标题", "位置", "字数"];
    Table {
        name: format!("part-{}", part.id()),
        caption: format!("各报告的“{}”", part.label()),
        columns: labels.into_iter().map(Column::new).collect(),
        issuer_under_title: true,
    }
}

/// One report in the matrix and the structure table.
#[derive(Serialize)]
struct MatrixRow<'a> {
    record: ReportListing<'a>,
    issuer_kind: &'static str,
    compliance: &'a Compliance,
    missing: usize,
    timeliness: TimelinessCell,
    sections: usize,
    depth: u8,
    /// Length of the text before the first heading.
    preamble_chars: usize,
}

impl<'a> MatrixRow<'a> {
    fn new(report: &Report, record: &'a ReportRecord, compliance: &'a Compliance) -> Self {
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

impl MatrixRow<'_> {
    /// The matrix: each part's position, heading and length, what is
    /// missing, and publication against the deadline.
    fn matrix_cells(&self) -> Vec<Cell> {
        let url = self.record.url;
        let mut cells = vec![
            Cell::year(self.record.year),
            region_cell(&self.record),
            Cell::new(
                Sort::Text(self.issuer_kind.to_owned()),
                vec![Span::text(self.issuer_kind)],
            ),
        ];
        cells.extend(self.compliance.parts.iter().map(|c| {
            match (c.position, c.sections.first()) {
                (Some(position), Some(first)) => {
                    let mut spans = vec![
                        Span::text(format!("第{position}")).class("position"),
                        Span::text(" "),
                        Span::link(&first.heading, format!("{url}#{}", first.anchor)),
                    ];
                    if c.sections.len() > 1 {
                        spans.push(
                            Span::text(format!("（共 {} 节）", c.sections.len())).class("extra"),
                        );
                    }
                    spans.push(Span::text(format!("{} 字", c.chars)).class("chars"));
                    Cell::new(Sort::Number(position as i64), spans).class("present")
                }
                _ => missing_cell(),
            }
        }));
        cells.push(Cell::number(self.missing as i64));
        let t = &self.timeliness;
        cells.push(Cell::new(Sort::Number(t.sort), vec![Span::text(&t.label)]).class(t.class));
        cells
    }

    /// Structure statistics: length, paragraphs, sections, depth, opening.
    fn structure_cells(&self) -> Vec<Cell> {
        let r = &self.record;
        let present = 5 - self.missing as i64;
        vec![
            Cell::year(r.year),
            Cell::number(r.char_count as i64),
            Cell::number(r.paragraph_count as i64),
            Cell::number(self.sections as i64),
            Cell::number(i64::from(self.depth)),
            Cell::number(self.preamble_chars as i64),
            Cell::new(
                Sort::Number(present),
                vec![Span::text(format!("{present} / 5"))],
            ),
        ]
    }

    /// One mandated part (the `k`th): the headings the report used for it,
    /// linked, its place among the parts and its length.
    fn part_cells(&self, k: usize) -> Vec<Cell> {
        let c = &self.compliance.parts[k];
        let url = self.record.url;
        let headings: Vec<Span> = (c.sections.iter().enumerate())
            .flat_map(|(i, s)| {
                let link = Span::link(&s.heading, format!("{url}#{}", s.anchor));
                (i > 0).then(|| Span::text("；")).into_iter().chain([link])
            })
            .collect();
        let mut cells = vec![Cell::year(self.record.year), region_cell(&self.record)];
        match c.position {
            Some(position) => cells.extend([
                Cell::new(Sort::Text(c.sections[0].heading.clone()), headings).class("present"),
                Cell::number(position as i64),
                Cell::number(c.chars as i64),
            ]),
            // Missing: after every position and every length when sorted.
            None => cells.extend([
                missing_cell(),
                Cell::new(Sort::Number(99), vec![Span::text("—")]),
                Cell::new(Sort::Number(0), vec![Span::text("—")]),
            ]),
        }
        cells
    }
}

/// A mandated part the report lacks: sorted after every position.
fn missing_cell() -> Cell {
    Cell::new(Sort::Number(99), vec![Span::text("缺").class("absent")]).class("missing")
}

fn region_cell(record: &ReportListing) -> Cell {
    let name = record.region.map_or("—".to_owned(), |r| r.name.clone());
    Cell::new(Sort::Text(name.clone()), vec![Span::text(name)])
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
pub(super) fn part_class(part: Option<MandatedPart>) -> &'static str {
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

/// How a report's timeliness reads in the matrix: label, class, and a sort
/// key (days after the deadline; unknown dates last).
#[derive(Serialize)]
pub(super) struct TimelinessCell {
    label: String,
    class: &'static str,
    sort: i64,
}

impl From<&Timeliness> for TimelinessCell {
    fn from(t: &Timeliness) -> Self {
        match t {
            Timeliness::OnTime { days_early, .. } => TimelinessCell {
                label: format!("按时（提前 {days_early} 天）"),
                class: "timeliness on-time",
                sort: -days_early,
            },
            Timeliness::Late { days_late, .. } => TimelinessCell {
                label: format!("逾期 {days_late} 天"),
                class: "timeliness late",
                sort: *days_late,
            },
            Timeliness::Unknown => TimelinessCell {
                label: "日期不详".to_owned(),
                class: "timeliness unknown",
                sort: i64::from(i32::MAX),
            },
        }
    }
}
