//! The archive's trends by year (`trends.html`, linked from the home
//! page's overview): charts drawn at build time and the same figures as a
//! table, and as data (`data/trends.json`, `data/trends.csv`). The page
//! grows with the number of years and topics, never with the reports.

use super::charts::{LineChart, LineData};
use super::compare::part_class;
use super::data::csv_text;
use super::home::short_part_label;
use super::links::year_url;
use super::{json_page, Archive, PageDescription, Renderer};
use crate::analyse::trends::{by_year, YearTrend};
use crate::error::Error;
use crate::model::{MandatedPart, Page};
use serde::Serialize;

/// Where the trends page is.
pub(super) const TRENDS_URL: &str = "trends.html";

/// The trends page and its data files.
pub(super) fn pages(renderer: &Renderer, archive: &Archive) -> Result<(), Error> {
    let corpus = archive.corpus;
    let trends = by_year(
        archive.reports,
        &corpus.compliance,
        archive.taxonomy,
        &corpus.plans,
    );
    let topics: Vec<&str> = (archive.taxonomy.topics.iter()).map(|t| &*t.name).collect();
    renderer.file(json_page(
        "data/trends.json",
        &TrendsData {
            topics: &topics,
            years: &trends,
        },
    )?)?;
    renderer.file(Page::new(
        "data/trends.csv".to_owned(),
        trends_csv(&trends, &topics)?.into_bytes(),
    ))?;
    let undated = archive
        .reports
        .iter()
        .filter(|r| r.meta.year.is_none())
        .count();
    let variables = TrendsPage {
        charts: charts(&trends, &topics),
        years: trends.iter().map(YearRow::new).collect(),
        parts: MandatedPart::ALL.iter().map(|p| p.label()).collect(),
        topics: topic_rows(archive, &trends),
        undated,
    };
    renderer.page(PageDescription::new(TRENDS_URL, "trends.html", variables))
}

/// `data/trends.json`: each year's counts ([`YearTrend`]), the topics
/// named in the order of their counts.
#[derive(Serialize)]
struct TrendsData<'a> {
    topics: &'a [&'a str],
    years: &'a [YearTrend],
}

/// `data/trends.csv`: a row per year, the counts of [`YearTrend`] with a
/// column per mandated part (`with_<part id>`) and per topic
/// (`topic:<name>`).
fn trends_csv(trends: &[YearTrend], topics: &[&str]) -> Result<String, Error> {
    let mut header: Vec<String> = ["year", "reports"].map(String::from).to_vec();
    header.extend(MandatedPart::ALL.iter().map(|p| format!("with_{}", p.id())));
    header.extend(
        [
            "median_chars",
            "dated",
            "on_time",
            "plan_items",
            "delivered",
        ]
        .map(String::from),
    );
    header.extend(topics.iter().map(|t| format!("topic:{t}")));
    let rows = trends.iter().map(|t| {
        let mut row = vec![t.year.to_string(), t.reports.to_string()];
        row.extend(t.with_part.iter().map(usize::to_string));
        let counts = [
            t.median_chars,
            t.dated,
            t.on_time,
            t.plan_items,
            t.delivered,
        ];
        row.extend(counts.map(|n| n.to_string()));
        row.extend(t.with_topic.iter().map(usize::to_string));
        row
    });
    csv_text("data/trends.csv", std::iter::once(header).chain(rows))
}

/// The variables of `trends.html`.
#[derive(Serialize)]
struct TrendsPage {
    charts: Vec<TrendChart>,
    years: Vec<YearRow>,
    /// The mandated parts' labels, the table's columns.
    parts: Vec<&'static str>,
    topics: Vec<TopicRow>,
    /// Reports of unknown year, which no trend counts.
    undated: usize,
}

/// A chart of the page, with its heading; `None` when no year has a
/// value to draw (no report's date is known, say).
#[derive(Serialize)]
struct TrendChart {
    heading: &'static str,
    chart: Option<LineChart>,
}

/// A year as the page's table shows it: shares in whole percent.
#[derive(Serialize)]
struct YearRow {
    year: i32,
    url: String,
    reports: usize,
    parts: Vec<u32>,
    median_chars: usize,
    /// Of the reports whose date and deadline are known; `None` if none is.
    on_time: Option<u32>,
    dated: usize,
    /// Of last year's plan items these reports follow up; `None` if none.
    delivered: Option<u32>,
    plan_items: usize,
}

impl YearRow {
    fn new(t: &YearTrend) -> Self {
        YearRow {
            year: t.year,
            url: year_url(t.year),
            reports: t.reports,
            parts: t
                .with_part
                .iter()
                .map(|&n| percent(n, t.reports).unwrap_or(0))
                .collect(),
            median_chars: t.median_chars,
            on_time: percent(t.on_time, t.dated),
            dated: t.dated,
            delivered: percent(t.delivered, t.plan_items),
            plan_items: t.plan_items,
        }
    }
}

/// A topic's share of each year's reports.
#[derive(Serialize)]
struct TopicRow {
    name: String,
    url: String,
    shares: Vec<u32>,
}

/// The topics any report discusses, each with its share of each year's
/// reports, the most discussed first.
fn topic_rows(archive: &Archive, trends: &[YearTrend]) -> Vec<TopicRow> {
    let mut rows: Vec<(usize, TopicRow)> = (archive.taxonomy.topics.iter().enumerate())
        .map(|(k, topic)| {
            let total: usize = trends.iter().map(|t| t.with_topic[k]).sum();
            let shares = (trends.iter())
                .map(|t| percent(t.with_topic[k], t.reports).unwrap_or(0))
                .collect();
            let row = TopicRow {
                name: topic.name.to_string(),
                url: archive.links.topics[k].clone(),
                shares,
            };
            (total, row)
        })
        .filter(|(total, _)| *total > 0)
        .collect();
    rows.sort_by_key(|(total, _)| std::cmp::Reverse(*total));
    rows.into_iter().map(|(_, row)| row).collect()
}

/// `n` of `of` in whole percent, `None` of nothing.
fn percent(n: usize, of: usize) -> Option<u32> {
    (of > 0).then(|| ((n as f64 * 100.0 / of as f64).round()) as u32)
}

/// The page's charts: reports per year, the share with each mandated part,
/// the median length, the share published by the deadline, the share of
/// last year's plan items delivered, and the share on the most discussed
/// topics (`topics`: the taxonomy's names).
fn charts(trends: &[YearTrend], topics: &[&str]) -> Vec<TrendChart> {
    let years: Vec<i32> = trends.iter().map(|t| t.year).collect();
    let share = |n: usize, of: usize| percent(n, of).map(f64::from);
    let parts = (MandatedPart::ALL.iter().enumerate())
        .map(|(k, p)| LineData {
            class: part_class(Some(*p)),
            label: short_part_label(*p).to_owned(),
            values: (trends.iter())
                .map(|t| share(t.with_part[k], t.reports))
                .collect(),
        })
        .collect();
    let one = |label: &str, value: &dyn Fn(&YearTrend) -> Option<f64>| {
        vec![LineData {
            class: "series-main",
            label: label.to_owned(),
            values: trends.iter().map(value).collect(),
        }]
    };
    let percent = (Some(100.0), "%");
    let charts = [
        (
            "报告数",
            "trend-count",
            "各年度收录的报告数",
            one("报告数", &|t| Some(t.reports as f64)),
            (None, " 份"),
        ),
        (
            "具备各法定部分的报告占比",
            "trend-parts",
            "各年度报告中具备五个法定部分的比例",
            parts,
            percent,
        ),
        (
            "篇幅中位数",
            "trend-length",
            "各年度报告正文字数的中位数",
            one("字数", &|t| Some(t.median_chars as f64)),
            (None, " 字"),
        ),
        (
            "按时发布的占比",
            "trend-deadline",
            "发布日期可知的报告中按期限发布的比例",
            one("按时", &|t| share(t.on_time, t.dated)),
            percent,
        ),
        (
            "上一年度安排的落实占比",
            "trend-plans",
            "上一年度报告所列安排中，本年度报告见到落实的比例",
            one("落实", &|t| share(t.delivered, t.plan_items)),
            percent,
        ),
        (
            "讨论最多的主题",
            "trend-topics",
            "讨论最多的几个主题在各年度报告中所占的比例",
            topic_lines(trends, topics),
            percent,
        ),
    ];
    (charts.into_iter())
        .map(|(heading, id, desc, lines, scale)| {
            let drawn = lines.iter().any(|l| l.values.iter().any(Option::is_some));
            let title = (id, heading.to_owned(), desc.to_owned());
            TrendChart {
                heading,
                chart: drawn.then(|| LineChart::new(title, &years, lines, scale)),
            }
        })
        .collect()
}

/// Topics charted on the trends page: the most discussed across the
/// archive; a line per topic past a handful cannot be told apart.
const CHARTED_TOPICS: usize = 5;

/// The share of each year's reports on each of the [`CHARTED_TOPICS`] most
/// discussed topics, most discussed first.
fn topic_lines(trends: &[YearTrend], topics: &[&str]) -> Vec<LineData> {
    const CLASSES: [&str; CHARTED_TOPICS] =
        ["series-1", "series-2", "series-3", "series-4", "series-5"];
    let total = |k: usize| trends.iter().map(|t| t.with_topic[k]).sum::<usize>();
    let mut order: Vec<usize> = (0..topics.len()).filter(|&k| total(k) > 0).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(total(k)));
    (order.into_iter().take(CHARTED_TOPICS).zip(CLASSES))
        .map(|(k, class)| LineData {
            class,
            label: topics[k].to_owned(),
            values: (trends.iter())
                .map(|t| percent(t.with_topic[k], t.reports).map(f64::from))
                .collect(),
        })
        .collect()
}
