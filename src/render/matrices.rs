//! The comparison tables built from the analysis: figures by category
//! (values with units, summed only where the units agree) and the topic
//! matrix (paragraph counts as a heat map), each with an SVG chart drawn at
//! build time.

use super::paging::paginate;
use super::{report_url, Archive, Renderer};
use crate::model::PageSink;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Heat map shades: a count falls in one of this many steps of the
/// column-independent maximum.
const HEAT_LEVELS: usize = 5;

/// The topic heat map chart shows the newest reports only; the table lists
/// every report.
const MAX_HEATMAP_REPORTS: usize = 40;

/// Label for figures whose phrase matched no topic.
const UNCATEGORISED: &str = "其他";

/// `compare/figures.html` (`.2.html`, …; receives `table`: this page's
/// [`FigurePage`], `chart`, `pager`) and `compare/topics.html` (receives
/// `matrix`: [`TopicMatrix`], and `rows`: `compare/topics_row.html` for each
/// of its rows, which receives `row`, a [`TopicRow`]), into `sink`.
pub fn pages(
    renderer: &Renderer,
    archive: &Archive,
    parts: &(impl Serialize + Sync),
    sink: &PageSink,
) -> Result<(), String> {
    let table = FigureTable::new(archive);
    let chart = CategoryChart::new(&table);
    let reports: Vec<usize> = (0..archive.reports.len()).collect();
    // Every figure of every report is a link in this table: a few kilobytes
    // per report, so it is split into pages like the topic pages (the
    // chart and the totals, over the whole archive, are on each). A page
    // shows its reports' figures (in their listing fingerprints) and the
    // archive's columns, totals and chart: keyed by those, its rows are
    // only made when it changed.
    paginate(&reports, FIGURES_URL)
        .into_par_iter()
        .try_for_each(|(url, page_reports, pager)| {
            let inputs = renderer.memo().map_or(0, |_| {
                let records: Vec<u64> = page_reports
                    .iter()
                    .map(|&i| archive.listing_fingerprint(i))
                    .collect();
                let shared = (&table.categories, &table.totals, &chart, reports.len());
                crate::memo::fingerprint((records, crate::memo::json_fingerprint(&shared), &pager))
            });
            sink(
                renderer.html_keyed("compare/figures.html", &url, "../", inputs, |ctx| {
                    let rows: Vec<FigureRow> = page_reports
                        .iter()
                        .map(|&i| table.row(archive, i))
                        .collect();
                    let page = FigurePage {
                        categories: &table.categories,
                        rows: &rows,
                        totals: &table.totals,
                        reports: reports.len(),
                    };
                    ctx.insert("parts", parts);
                    ctx.insert("part", &None::<()>);
                    ctx.insert("table", &page);
                    ctx.insert("chart", &chart);
                    ctx.insert("pager", &pager);
                })?,
            )
        })?;
    let matrix = TopicMatrix::new(archive);
    // A row shows its report's topic counts, shaded against the maximum.
    renderer.page_with_rows(
        ("compare/topics.html", "compare/topics.html", "../"),
        ("rows", "compare/topics_row.html", matrix.rows.len()),
        (
            |i| crate::memo::fingerprint((archive.listing_fingerprint(i), matrix.max)),
            |i| &matrix.rows[i],
        ),
        |ctx| {
            ctx.insert("parts", parts);
            ctx.insert("part", &None::<()>);
            ctx.insert("matrix", &matrix);
        },
        sink,
    )
}

/// The first page of the figures table.
const FIGURES_URL: &str = "compare/figures.html";

/// One page of the figures table: its rows, with the columns and the
/// totals of the whole archive.
#[derive(Serialize)]
pub struct FigurePage<'a> {
    pub categories: &'a [String],
    pub rows: &'a [FigureRow],
    pub totals: &'a [Vec<UnitTotal>],
    /// Reports in the whole table.
    pub reports: usize,
}

/// Reports × figure categories: the columns (categories with a figure)
/// and their totals; each report's row is made by [`FigureTable::row`].
pub struct FigureTable {
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

#[derive(Serialize)]
pub struct FigureRow {
    pub title: String,
    pub url: String,
    pub year: Option<i32>,
    /// One cell per category: the figures, each linked to its paragraph.
    pub cells: Vec<Vec<FigureCell>>,
}

#[derive(Serialize)]
pub struct FigureCell {
    pub value: String,
    pub unit: String,
    pub counts: String,
    pub url: String,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct UnitTotal {
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
    pub fn new(archive: &Archive) -> Self {
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

    /// Report `i`'s row: its figures in their columns.
    pub fn row(&self, archive: &Archive, i: usize) -> FigureRow {
        let r = &archive.reports[i];
        let mut cells: Vec<Vec<FigureCell>> = self.categories.iter().map(|_| Vec::new()).collect();
        for f in &r.analysis.figures {
            if let Some(c) = self.columns[category_of(&self.names, f.category.as_deref())] {
                cells[c].push(FigureCell {
                    value: plain(f.value),
                    unit: f.unit.to_owned(),
                    counts: f.counts.clone(),
                    url: format!("{}#{}", report_url(&r.slug), f.anchor),
                });
            }
        }
        FigureRow {
            title: r.meta.title.clone(),
            url: report_url(&r.slug),
            year: r.meta.year,
            cells,
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
pub struct TopicMatrix {
    pub topics: Vec<TopicColumn>,
    /// Rendered by their own template (`rows`), not given to the page's.
    #[serde(skip)]
    pub rows: Vec<TopicRow>,
    pub max: usize,
    /// The heat map drawn as SVG (newest reports).
    chart: HeatmapChart,
}

#[derive(Serialize)]
pub struct TopicColumn {
    pub name: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct TopicRow {
    pub title: String,
    pub url: String,
    pub year: Option<i32>,
    /// Paragraph count and heat level (0 to [`HEAT_LEVELS`]) per topic.
    pub cells: Vec<(usize, usize)>,
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
    pub fn new(archive: &Archive) -> Self {
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
        let rows: Vec<TopicRow> = archive
            .reports
            .iter()
            .zip(&counts)
            .map(|(r, c)| TopicRow {
                title: r.meta.title.clone(),
                url: report_url(&r.slug),
                year: r.meta.year,
                cells: c.iter().map(|&n| (n, heat_level(n, max))).collect(),
            })
            .collect();
        let shown = &rows[..rows.len().min(MAX_HEATMAP_REPORTS)];
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
            rows: shown
                .iter()
                .enumerate()
                .map(|(i, row)| HeatmapRow {
                    y: HEAT_TOP + i as u32 * HEAT_CELL,
                    label: row.title.chars().take(14).collect(),
                    title: row.title.clone(),
                    cells: row
                        .cells
                        .iter()
                        .zip(&topics)
                        .enumerate()
                        .map(|(j, (&(n, level), t))| HeatmapCell {
                            x: HEAT_LABEL_WIDTH + j as u32 * HEAT_CELL,
                            level,
                            title: format!("{}：{n} 段", t.name),
                        })
                        .collect(),
                })
                .collect(),
            omitted: rows.len() - shown.len(),
        };
        TopicMatrix {
            topics,
            rows,
            max,
            chart,
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
