//! The comparison tables built from the analysis: figures by category
//! (values with units, summed only where the units agree) and the topic
//! matrix (paragraph counts as a heat map), each with an SVG chart drawn at
//! build time.

use super::compare::CompareNav;
use super::table::{Cell, Column, Sort, Span, Table, TableView};
use super::{Archive, PageDescription, Renderer};
use crate::error::Error;
use crate::model::Figure;
use serde::Serialize;
use std::collections::BTreeMap;

/// Heat map shades: a count falls in one of this many steps of the
/// column-independent maximum.
const HEAT_LEVELS: usize = 5;

/// The class of each heat level's cells.
const HEAT_CLASSES: [&str; HEAT_LEVELS + 1] =
    ["heat-0", "heat-1", "heat-2", "heat-3", "heat-4", "heat-5"];

/// The topic heat map chart shows the newest reports only; the table lists
/// every report.
const MAX_HEATMAP_REPORTS: usize = 20;

/// Label for figures whose phrase matched no topic.
const UNCATEGORISED: &str = "其他";

/// `compare/figures.html` (receives `totals`: the categories with their
/// [`UnitTotal`]s, `chart`, and `table`, a [`Table`] of report × category)
/// and `compare/topics.html` (receives `matrix`: [`TopicMatrix`], and
/// `table`, a [`Table`] of report × topic), into `sink`.
pub(super) fn pages(renderer: &Renderer, archive: &Archive, nav: CompareNav) -> Result<(), Error> {
    let table = FigureTable::new(archive);
    let view = table.view();
    let variables = FiguresPage {
        nav,
        totals: table.categories.iter().zip(&table.totals).collect(),
        chart: CategoryChart::new(&table),
        table: view.render(renderer, archive, |i| table.cells(archive, i))?,
        table_class: "figure-table",
    };
    renderer.page(PageDescription::new(FIGURES_URL, FIGURES_URL, variables))?;
    let matrix = TopicMatrix::new(archive);
    let view = matrix.view();
    let variables = TopicsPage {
        nav,
        table: view.render(renderer, archive, |i| matrix.cells(i))?,
        matrix: &matrix,
        table_class: "topic-matrix",
    };
    renderer.page(PageDescription::new(TOPICS_URL, TOPICS_URL, variables))
}

/// The variables of `compare/figures.html`.
#[derive(Serialize)]
struct FiguresPage<'a> {
    #[serde(flatten)]
    nav: CompareNav<'a>,
    totals: Vec<(&'a String, &'a Vec<UnitTotal>)>,
    chart: CategoryChart,
    table: TableView<'a>,
    table_class: &'static str,
}

/// The variables of `compare/topics.html`.
#[derive(Serialize)]
struct TopicsPage<'a> {
    #[serde(flatten)]
    nav: CompareNav<'a>,
    matrix: &'a TopicMatrix,
    table: TableView<'a>,
    table_class: &'static str,
}

const TOPICS_URL: &str = "compare/topics.html";

/// The first page of the figures table.
const FIGURES_URL: &str = "compare/figures.html";

/// Reports × figure categories: the columns (categories with a figure)
/// and their totals; each report's row is made by [`FigureTable::row`].
pub(super) struct FigureTable {
    pub categories: Vec<String>,
    /// Per category: the sum of its figures for each unit, never across
    /// units (`274 起；35 次`).
    pub totals: Vec<Vec<UnitTotal>>,
    /// The column of each category of the taxonomy (and of the
    /// uncategorised), if it has any figure.
    columns: Vec<Option<usize>>,
    /// The category names of the taxonomy, then the uncategorised.
    names: Vec<String>,
}

#[derive(Debug, Serialize, PartialEq)]
pub(super) struct UnitTotal {
    pub unit: String,
    pub value: String,
    pub figures: usize,
}

/// A value without trailing zeros (`130000000`, `97`, `1416.33`).
fn plain(value: f64) -> String {
    let text = format!("{value:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl FigureTable {
    pub(super) fn new(archive: &Archive) -> Self {
        let mut names: Vec<String> = archive
            .taxonomy
            .topics
            .iter()
            .map(|t| t.name.to_string())
            .collect();
        names.push(UNCATEGORISED.to_owned());
        let mut sums: Vec<BTreeMap<&str, (f64, usize)>> = vec![BTreeMap::new(); names.len()];
        for r in archive.reports {
            for f in &r.analysis.figures {
                let sum = sums[category_of(&names, f.category.as_deref())]
                    .entry(f.unit)
                    .or_insert((0.0, 0));
                sum.0 += f.value;
                sum.1 += 1;
            }
        }
        // Columns with no figure at all are left out.
        let keep: Vec<bool> = sums.iter().map(|s| !s.is_empty()).collect();
        let mut next = 0;
        let columns = keep
            .iter()
            .map(|&k| {
                k.then(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        let totals = kept(sums, &keep)
            .into_iter()
            .map(|units| {
                units
                    .into_iter()
                    .map(|(unit, (value, figures))| UnitTotal {
                        unit: unit.to_owned(),
                        value: plain(value),
                        figures,
                    })
                    .collect()
            })
            .collect();
        FigureTable {
            categories: kept(names.clone(), &keep),
            totals,
            columns,
            names,
        }
    }

    /// Report `i`'s row: per category, its first figure linked to its
    /// paragraph, with what it counts and how many figures the cell holds.
    pub(super) fn cells(&self, archive: &Archive, i: usize) -> Vec<Cell> {
        let (r, record) = (&archive.reports[i], &archive.records[i]);
        let mut found: Vec<Vec<&Figure>> = self.categories.iter().map(|_| Vec::new()).collect();
        for f in &r.analysis.figures {
            if let Some(c) = self.columns[category_of(&self.names, f.category.as_deref())] {
                found[c].push(f);
            }
        }
        let url = &record.url;
        let mut cells = vec![Cell::year(r.meta.year)];
        cells.extend(found.iter().map(|figures| {
            let Some(first) = figures.first() else {
                return Cell::new(Sort::Number(0), Vec::new());
            };
            let mut spans = vec![
                Span::link(
                    format!("{} {}", plain(first.value), first.unit),
                    format!("{url}#{}", first.anchor),
                ),
                Span::text(&first.counts).class("counts"),
            ];
            if figures.len() > 1 {
                spans.push(Span::text(format!("共 {} 项", figures.len())).class("extra"));
            }
            Cell::new(Sort::Number(figures.len() as i64), spans)
        }));
        cells
    }

    /// The table: report, year, and a column per category with figures.
    fn view(&self) -> Table {
        let mut columns = vec![Column::new("年度")];
        columns.extend(self.categories.iter().map(|c| Column::new(c.as_str())));
        Table {
            name: "figures".to_owned(),
            caption: "报告 × 数量类别".to_owned(),
            columns,
            issuer_under_title: false,
        }
    }
}

/// The index in `names` of a figure's category (the last, uncategorised,
/// for none or one not in the taxonomy).
fn category_of(names: &[String], category: Option<&str>) -> usize {
    let name = category.unwrap_or(UNCATEGORISED);
    names
        .iter()
        .position(|c| c == name)
        .unwrap_or(names.len() - 1)
}

/// The columns whose `keep` flag is set.
fn kept<T>(columns: Vec<T>, keep: &[bool]) -> Vec<T> {
    columns
        .into_iter()
        .zip(keep)
        .filter(|(_, &k)| k)
        .map(|(c, _)| c)
        .collect()
}

/// Figures per category across the archive, as horizontal bars.
#[derive(Serialize)]
struct CategoryChart {
    width: u32,
    height: u32,
    bars: Vec<CategoryBar>,
}

#[derive(Serialize)]
struct CategoryBar {
    label: String,
    count: usize,
    y: u32,
    width: u32,
}

const BAR_LABEL_WIDTH: u32 = 120;
const BAR_AREA: u32 = 440;
const BAR_ROW: u32 = 22;

impl CategoryChart {
    fn new(table: &FigureTable) -> Self {
        let counts: Vec<usize> = table
            .totals
            .iter()
            .map(|units| units.iter().map(|u| u.figures).sum())
            .collect();
        let max = counts.iter().copied().max().unwrap_or(0).max(1);
        let bars: Vec<CategoryBar> = table
            .categories
            .iter()
            .zip(counts)
            .enumerate()
            .map(|(i, (label, count))| CategoryBar {
                label: label.clone(),
                count,
                y: 4 + i as u32 * BAR_ROW,
                width: (count as u64 * u64::from(BAR_AREA) / max as u64).max(1) as u32,
            })
            .collect();
        CategoryChart {
            width: BAR_LABEL_WIDTH + BAR_AREA + 60,
            height: 8 + bars.len() as u32 * BAR_ROW,
            bars,
        }
    }
}

/// Reports × topics: paragraphs per topic, shaded by count.
#[derive(Serialize)]
pub(super) struct TopicMatrix {
    pub topics: Vec<TopicColumn>,
    /// Paragraphs per topic of each report, archive order.
    #[serde(skip)]
    counts: Vec<Vec<usize>>,
    pub max: usize,
    /// The heat map drawn as SVG (newest reports).
    chart: HeatmapChart,
}

#[derive(Serialize)]
pub(super) struct TopicColumn {
    pub name: String,
    pub url: String,
}

#[derive(Serialize)]
struct HeatmapChart {
    width: u32,
    height: u32,
    columns: Vec<(u32, String)>,
    rows: Vec<HeatmapRow>,
    omitted: usize,
}

#[derive(Serialize)]
struct HeatmapRow {
    y: u32,
    label: String,
    title: String,
    cells: Vec<HeatmapCell>,
}

#[derive(Serialize)]
struct HeatmapCell {
    x: u32,
    level: usize,
    title: String,
}

const HEAT_LABEL_WIDTH: u32 = 220;
const HEAT_CELL: u32 = 26;
const HEAT_TOP: u32 = 90;

fn heat_level(count: usize, max: usize) -> usize {
    if count == 0 {
        0
    } else {
        (count * HEAT_LEVELS)
            .div_ceil(max.max(1))
            .clamp(1, HEAT_LEVELS)
    }
}

impl TopicMatrix {
    pub(super) fn new(archive: &Archive) -> Self {
        let topics: Vec<TopicColumn> = archive
            .taxonomy
            .topics
            .iter()
            .zip(&archive.links.topics)
            .map(|(t, url)| TopicColumn {
                name: t.name.to_string(),
                url: url.clone(),
            })
            .collect();
        let counts: Vec<Vec<usize>> = archive
            .reports
            .iter()
            .map(|r| {
                topics
                    .iter()
                    .map(|t| {
                        r.analysis
                            .topics
                            .iter()
                            .find(|c| *c.topic == *t.name)
                            .map_or(0, |c| c.paragraphs)
                    })
                    .collect()
            })
            .collect();
        let max = counts.iter().flatten().copied().max().unwrap_or(0);
        let shown = &counts[..counts.len().min(MAX_HEATMAP_REPORTS)];
        let chart = HeatmapChart {
            width: HEAT_LABEL_WIDTH + topics.len() as u32 * HEAT_CELL + 10,
            height: HEAT_TOP + shown.len() as u32 * HEAT_CELL + 10,
            columns: topics
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    (
                        HEAT_LABEL_WIDTH + i as u32 * HEAT_CELL + HEAT_CELL / 2,
                        t.name.clone(),
                    )
                })
                .collect(),
            rows: (shown.iter().zip(archive.reports))
                .enumerate()
                .map(|(i, (row, report))| HeatmapRow {
                    y: HEAT_TOP + i as u32 * HEAT_CELL,
                    label: report.meta.title.chars().take(14).collect(),
                    title: report.meta.title.clone(),
                    cells: (row.iter().zip(&topics))
                        .enumerate()
                        .map(|(j, (&n, t))| HeatmapCell {
                            x: HEAT_LABEL_WIDTH + j as u32 * HEAT_CELL,
                            level: heat_level(n, max),
                            title: format!("{}：{n} 段", t.name),
                        })
                        .collect(),
                })
                .collect(),
            omitted: counts.len() - shown.len(),
        };
        TopicMatrix {
            topics,
            counts,
            max,
            chart,
        }
    }
}

impl TopicMatrix {
    /// Report `i`'s cells: its paragraphs per topic, shaded.
    fn cells(&self, i: usize) -> Vec<Cell> {
        (self.counts[i].iter())
            .map(|&n| Cell::number(n as i64).class(HEAT_CLASSES[heat_level(n, self.max)]))
            .collect()
    }

    /// The table: report, and a column per topic linked to its page.
    fn view(&self) -> Table {
        Table {
            name: "topics".to_owned(),
            caption: "报告 × 主题（段落数）".to_owned(),
            columns: (self.topics.iter())
                .map(|t| Column::linked(t.name.as_str(), t.url.clone()))
                .collect(),
            issuer_under_title: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heat_levels_cover_the_range() {
        assert_eq!(heat_level(0, 10), 0);
        assert_eq!(heat_level(1, 10), 1);
        assert_eq!(heat_level(10, 10), HEAT_LEVELS);
        assert_eq!(heat_level(5, 10), 3);
        assert_eq!(
            heat_level(3, 0),
            HEAT_LEVELS,
            "no maximum yet: any count is full"
        );
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(plain(130_000_000.0), "130000000");
        assert_eq!(plain(1416.33), "1416.33");
        assert_eq!(plain(97.0), "97");
    }
}
