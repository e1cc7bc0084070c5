//! Horizontal bar charts drawn at build time as SVG: a bar per label, made
//! of one or more segments (stacked), each with its own class and tooltip.
//! Templates draw them with `chart_bars.html`; the chart's size does not
//! depend on the archive's, only on its number of bars.

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
}
