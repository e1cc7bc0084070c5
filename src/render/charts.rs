//! Charts drawn at build time as SVG. Horizontal bar charts: a bar per
//! label, made of one or more segments (stacked), each with its own class
//! and tooltip, drawn by `chart_bars.html`. Line charts: a line per series
//! over the years, a dot per value with its tooltip, drawn by
//! `chart_lines.html`. A chart's size does not depend on the archive's,
//! only on its number of bars, or of years and series.

use serde::Serialize;

const LABEL_WIDTH: u32 = 150;
const BAR_AREA: u32 = 260;
const ROW: u32 = 26;
const LEGEND: u32 = 24;

/// One bar before layout: its label, an optional link (relative to the
/// site root) and its segments: class, value, tooltip.
pub(super) struct BarData {
    pub label: String,
    pub href: Option<String>,
    pub segments: Vec<(&'static str, usize, String)>,
}

/// A chart ready for `chart_bars.html`.
#[derive(Debug, Serialize)]
pub(super) struct BarChart {
    pub id: &'static str,
    pub title: String,
    pub desc: String,
    pub width: u32,
    pub height: u32,
    pub bars: Vec<Bar>,
    pub legend: Vec<LegendEntry>,
}

#[derive(Debug, Serialize)]
pub(super) struct Bar {
    pub label: String,
    pub href: Option<String>,
    pub y: u32,
    pub total: usize,
    /// Where the total is written, after the bar.
    pub total_x: u32,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Serialize)]
pub(super) struct Segment {
    pub class: &'static str,
    pub x: u32,
    pub width: u32,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub(super) struct LegendEntry {
    pub class: &'static str,
    pub label: &'static str,
    pub x: u32,
}

impl BarChart {
    /// Lays out `bars`, scaled to the longest; `legend` names the segment
    /// classes of a stacked chart (none for a chart of one series).
    pub(super) fn new(
        (id, title, desc): (&'static str, String, String),
        bars: Vec<BarData>,
        legend: &[(&'static str, &'static str)],
    ) -> Self {
        let top = if legend.is_empty() { 4 } else { LEGEND + 4 };
        let longest = (bars.iter())
            .map(|b| b.segments.iter().map(|s| s.1).sum::<usize>())
            .max()
            .unwrap_or(0)
            .max(1);
        let scale = |n: usize| (n as u64 * u64::from(BAR_AREA) / longest as u64) as u32;
        let bars: Vec<Bar> = (bars.into_iter().enumerate())
            .map(|(i, b)| {
                let total = b.segments.iter().map(|s| s.1).sum();
                let mut x = LABEL_WIDTH;
                let segments = (b.segments.into_iter())
                    .filter(|s| s.1 > 0)
                    .map(|(class, value, title)| {
                        let width = scale(value).max(1);
                        let segment = Segment {
                            class,
                            x,
                            width,
                            title,
                        };
                        x += width;
                        segment
                    })
                    .collect::<Vec<_>>();
                Bar {
                    total,
                    total_x: x + 6,
                    y: top + i as u32 * ROW,
                    label: b.label,
                    href: b.href,
                    segments,
                }
            })
            .collect();
        let legend = (legend.iter().enumerate())
            .map(|(i, &(class, label))| LegendEntry {
                class,
                label,
                x: i as u32 * 130,
            })
            .collect();
        BarChart {
            id,
            title,
            desc,
            width: LABEL_WIDTH + BAR_AREA + 60,
            height: top + bars.len() as u32 * ROW + 4,
            bars,
            legend,
        }
    }
}

/// Width of a line chart's plot, and of the margin left of it (the values'
/// scale) and right of it.
const PLOT_WIDTH: u32 = 360;
const PLOT_LEFT: u32 = 56;
const PLOT_RIGHT: u32 = 16;
/// Height of a line chart's plot, and of the margin above it (the legend)
/// and below it (the years).
const PLOT_HEIGHT: u32 = 140;
const PLOT_BOTTOM: u32 = 24;

/// One line before layout: its class, its label in the legend, and its
/// value in each year of the chart (`None` where it has none: the line
/// breaks there).
pub(super) struct LineData {
    pub class: &'static str,
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// A line chart ready for `chart_lines.html`.
#[derive(Debug, Serialize)]
pub(super) struct LineChart {
    pub id: &'static str,
    pub title: String,
    pub desc: String,
    pub width: u32,
    pub height: u32,
    /// Each year's label and where it is written.
    pub years: Vec<Tick>,
    /// The scale: a few values and their heights.
    pub ticks: Vec<Tick>,
    pub lines: Vec<Line>,
    pub legend: Vec<LineLegend>,
    /// Where the plot's edges are.
    pub left: u32,
    pub top: u32,
    pub bottom: u32,
    pub right: u32,
}

/// A series named in a line chart's legend, and where: the legend runs
/// over as many rows as it needs.
#[derive(Debug, Serialize)]
pub(super) struct LineLegend {
    pub class: &'static str,
    pub label: String,
    pub x: u32,
    pub y: u32,
}

/// Width of an entry of a line chart's legend (its swatch and a label of
/// up to seven characters), and height of a row of entries.
const LEGEND_ENTRY: u32 = 110;
const LEGEND_ROW: u32 = 20;

/// A label and where it goes along its axis.
#[derive(Debug, Serialize)]
pub(super) struct Tick {
    pub label: String,
    pub at: u32,
}

/// A series drawn: its runs of consecutive values as polyline points
/// (`x,y x,y …`), and a dot per value.
#[derive(Debug, Serialize)]
pub(super) struct Line {
    pub class: &'static str,
    pub runs: Vec<String>,
    pub dots: Vec<Dot>,
}

impl Line {
    /// The series `l` drawn over `years`, its value `v` of year `k` at
    /// `place(k, v)`; `unit` follows each value in the tooltips.
    fn new(
        l: LineData,
        years: &[i32],
        place: &dyn Fn(usize, f64) -> (u32, u32),
        unit: &str,
    ) -> Self {
        let points: Vec<Option<(u32, u32, f64)>> = (l.values.iter().enumerate())
            .map(|(k, v)| v.map(|v| (place(k, v).0, place(k, v).1, v)))
            .collect();
        let runs = (points.split(Option::is_none))
            .filter(|run| run.len() > 1)
            .map(|run| {
                let xy: Vec<String> = (run.iter().flatten())
                    .map(|(x, y, _)| format!("{x},{y}"))
                    .collect();
                xy.join(" ")
            })
            .collect();
        let dots = (points.iter().zip(years))
            .filter_map(|(p, year)| {
                let (x, y, v) = (*p)?;
                let title = format!("{year} 年度 · {}：{}{unit}", l.label, plain_value(v));
                Some(Dot { x, y, title })
            })
            .collect();
        Line {
            class: l.class,
            runs,
            dots,
        }
    }
}

/// A value of a series, with its tooltip.
#[derive(Debug, Serialize)]
pub(super) struct Dot {
    pub x: u32,
    pub y: u32,
    pub title: String,
}

impl LineChart {
    /// Lays out `lines` over `years` (ascending), from 0 to `max` (or to the largest
    /// value, when `max` is `None`); `unit` follows each value in the
    /// tooltips (`%`, `件`).
    pub(super) fn new(
        (id, title, desc): (&'static str, String, String),
        years: &[i32],
        lines: Vec<LineData>,
        (max, unit): (Option<f64>, &str),
    ) -> Self {
        let per_row = ((PLOT_LEFT + PLOT_WIDTH) / LEGEND_ENTRY) as usize;
        let legend_rows = match lines.len() {
            0 | 1 => 0,
            n => n.div_ceil(per_row) as u32,
        };
        let top = legend_rows * LEGEND_ROW + 8;
        let bottom = top + PLOT_HEIGHT;
        let largest =
            (lines.iter().flat_map(|l| l.values.iter().flatten())).fold(0.0_f64, |a, &b| a.max(b));
        let max = max.unwrap_or_else(|| nice_ceiling(largest));
        // Along the years as numbers: a year left out leaves its gap.
        let first = years.iter().copied().min().unwrap_or(0);
        let span = years.iter().copied().max().unwrap_or(0) - first;
        let step = PLOT_WIDTH / (span as u32 + 1);
        let x = |k: usize| PLOT_LEFT + step / 2 + (years[k] - first) as u32 * step;
        let y =
            |v: f64| bottom - ((v / max).clamp(0.0, 1.0) * f64::from(PLOT_HEIGHT)).round() as u32;
        let ticks = [0.0, 0.5, 1.0]
            .iter()
            .map(|f| Tick {
                label: format!("{}{unit}", plain_value(max * f)),
                at: y(max * f),
            })
            .collect();
        let legend = (lines.iter().enumerate())
            .filter(|_| legend_rows > 0)
            .map(|(i, l)| LineLegend {
                class: l.class,
                label: l.label.clone(),
                x: (i % per_row) as u32 * LEGEND_ENTRY,
                y: (i / per_row) as u32 * LEGEND_ROW + 4,
            })
            .collect();
        let place = |k: usize, v: f64| (x(k), y(v));
        let lines = (lines.into_iter())
            .map(|l| Line::new(l, years, &place, unit))
            .collect();
        LineChart {
            id,
            title,
            desc,
            width: PLOT_LEFT + PLOT_WIDTH + PLOT_RIGHT,
            height: bottom + PLOT_BOTTOM,
            years: (years.iter().enumerate())
                .map(|(k, y)| Tick {
                    label: y.to_string(),
                    at: x(k),
                })
                .collect(),
            ticks,
            lines,
            legend,
            left: PLOT_LEFT,
            top,
            bottom,
            right: PLOT_LEFT + PLOT_WIDTH,
        }
    }
}

/// The least of 1, 2 and 5 times a power of ten that is at least `v` (1
/// for nothing): a scale whose top and middle are round numbers.
fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let power = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&top| top >= v)
        .unwrap_or(10.0 * power)
}

/// A value as a chart writes it: whole numbers without decimals, others
/// with one (`35`, `87.5`).
fn plain_value(v: f64) -> String {
    match v.fract() == 0.0 {
        true => format!("{v:.0}"),
        false => format!("{v:.1}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, values: &[usize]) -> BarData {
        BarData {
            label: label.to_owned(),
            href: None,
            segments: values.iter().map(|&v| ("a", v, String::new())).collect(),
        }
    }

    #[test]
    fn bars_scale_to_the_longest_and_stack_their_segments() {
        let chart = BarChart::new(
            ("c", String::new(), String::new()),
            vec![bar("x", &[10, 10]), bar("y", &[5, 0])],
            &[],
        );
        let x = &chart.bars[0].segments;
        assert_eq!(chart.bars[0].total, 20);
        assert_eq!((x[0].x, x[0].width), (LABEL_WIDTH, BAR_AREA / 2));
        assert_eq!(x[1].x, LABEL_WIDTH + BAR_AREA / 2);
        // A zero segment draws nothing; the other is a quarter.
        assert_eq!(chart.bars[1].segments.len(), 1);
        assert_eq!(chart.bars[1].segments[0].width, BAR_AREA / 4);
        assert_eq!(chart.height, 4 + 2 * ROW + 4);
    }

    #[test]
    fn an_empty_chart_has_no_bars_and_no_division_by_zero() {
        let chart = BarChart::new(
            ("c", String::new(), String::new()),
            vec![bar("x", &[0])],
            &[],
        );
        assert!(chart.bars[0].segments.is_empty());
    }

    #[test]
    fn lines_break_where_a_year_has_no_value_and_scale_to_the_maximum() {
        let chart = LineChart::new(
            ("c", String::new(), String::new()),
            &[2020, 2021, 2022, 2023],
            vec![LineData {
                class: "a",
                label: "件数".to_owned(),
                values: vec![Some(10.0), Some(20.0), None, Some(5.0)],
            }],
            (None, "件"),
        );
        let line = &chart.lines[0];
        assert_eq!(
            line.runs.len(),
            1,
            "a lone value after the gap is a dot only"
        );
        assert_eq!(line.dots.len(), 3);
        assert_eq!(line.dots[1].y, chart.top, "20 is the top of the scale");
        assert_eq!(line.dots[1].title, "2021 年度 · 件数：20件");
        assert!(chart.legend.is_empty(), "one series, no legend");
        let xs: Vec<u32> = chart.years.iter().map(|t| t.at).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]) && xs[3] < chart.right);
    }

    #[test]
    fn scales_end_on_round_numbers() {
        assert_eq!(nice_ceiling(161.0), 200.0);
        assert_eq!(nice_ceiling(3394.0), 5000.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
        assert_eq!(nice_ceiling(0.3), 0.5);
        assert_eq!(nice_ceiling(0.0), 1.0);
    }

    #[test]
    fn a_chart_of_zeros_or_no_years_divides_by_nothing() {
        let zeros = LineData {
            class: "a",
            label: String::new(),
            values: vec![Some(0.0)],
        };
        let chart = LineChart::new(
            ("c", String::new(), String::new()),
            &[2022],
            vec![zeros],
            (None, ""),
        );
        assert_eq!(chart.lines[0].dots[0].y, chart.bottom);
        let empty = LineChart::new(
            ("c", String::new(), String::new()),
            &[],
            vec![],
            (Some(100.0), "%"),
        );
        assert!(empty.lines.is_empty() && empty.years.is_empty());
    }
}
