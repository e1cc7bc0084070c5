//! An issuer's page, for an issuer of two reports or more: its timeline.
//! Per year, the parts its report has and their length, and its
//! publication against the deadline; the figures it states year after year
//! as line charts; its topics by year. What no single report shows.

use super::charts::{LineChart, LineData};
use super::compare::TimelinessCell;
use super::home::short_part_label;
use super::{report_url, Archive, Link, PageDescription, Renderer};
use crate::analyse::series::Series;
use crate::analyse::timeline::{figure_series, timeline, FigureSeries, TimelineYear};
use crate::error::Error;
use crate::model::{FollowUpOutcome, MandatedPart};
use rayon::prelude::*;
use serde::Serialize;

/// Figures charted on an issuer's page, the longest series first: a
/// page of charts nobody scrolls through says less than a few.
const MAX_FIGURE_CHARTS: usize = 6;

/// `issuers/<name>.html` for each issuer with a page of its own.
pub(super) fn pages(renderer: &Renderer, archive: &Archive) -> Result<(), Error> {
    let series = &archive.corpus.series.series;
    series
        .par_iter()
        .try_for_each(|s| match archive.links.issuers.get(&s.name) {
            Some(url) => {
                let variables = IssuerPage::new(archive, s);
                renderer.page(PageDescription::new(url, "issuers/issuer.html", variables))
            }
            None => Ok(()),
        })
}

/// The variables of `issuers/issuer.html`.
#[derive(Serialize)]
struct IssuerPage {
    issuer: IssuerHead,
    /// The mandated parts' short labels, the timeline's columns.
    parts: Vec<&'static str>,
    years: Vec<YearEntry>,
    figures: Vec<FigureChart>,
    /// The years of the topic table's columns, and its rows.
    topic_years: Vec<String>,
    topics: Vec<TopicYears>,
}

#[derive(Serialize)]
struct IssuerHead {
    name: String,
    region: Option<Link>,
    report_count: usize,
}

/// One year of the timeline: the report, each part's length in characters
/// (`None`: missing), its publication against the deadline.
#[derive(Serialize)]
struct YearEntry {
    year: Option<i32>,
    report: Link,
    parts: Vec<Option<usize>>,
    timeliness: TimelinessCell,
    /// Of last year's plan items, how many this report delivers
    /// (`4 / 6 项`), or why none were looked for.
    last_year_plans: String,
}

/// A stated figure's series, charted, with each value linked to the
/// paragraph that states it.
#[derive(Serialize)]
struct FigureChart {
    counts: String,
    unit: &'static str,
    chart: LineChart,
    points: Vec<FigureLink>,
}

#[derive(Serialize)]
struct FigureLink {
    year: i32,
    text: String,
    url: String,
}

/// A topic's paragraphs in each year's report.
#[derive(Serialize)]
struct TopicYears {
    name: String,
    url: String,
    paragraphs: Vec<usize>,
}

impl IssuerPage {
    fn new(archive: &Archive, series: &Series) -> Self {
        let first = &archive.reports[series.reports[0]];
        let region = first.analysis.region.as_ref().and_then(|r| {
            Some(Link {
                text: r.name(),
                url: archive.links.provinces.get(&r.province)?.clone(),
            })
        });
        let years = timeline(archive.reports, &series.reports, &archive.corpus.compliance);
        let figures = figure_series(archive.reports, &series.reports);
        IssuerPage {
            issuer: IssuerHead {
                name: series.name.clone(),
                region,
                report_count: series.reports.len(),
            },
            parts: MandatedPart::ALL
                .iter()
                .map(|&p| short_part_label(p))
                .collect(),
            years: years.iter().map(|y| year_entry(archive, y)).collect(),
            figures: (figures.iter().take(MAX_FIGURE_CHARTS).enumerate())
                .map(|(k, f)| figure_chart(archive, k, f))
                .collect(),
            topic_years: (series.reports.iter())
                .map(|&i| {
                    archive.reports[i]
                        .meta
                        .year
                        .map_or("?".to_owned(), |y| y.to_string())
                })
                .collect(),
            topics: topic_years(archive, &series.reports),
        }
    }
}

fn year_entry(archive: &Archive, y: &TimelineYear) -> YearEntry {
    let report = &archive.reports[y.report];
    YearEntry {
        year: y.year,
        report: Link {
            text: report.meta.title.clone(),
            url: report_url(&report.slug),
        },
        parts: y.part_chars.to_vec(),
        timeliness: TimelinessCell::from(&y.timeliness),
        last_year_plans: last_year_plans(archive, y.report),
    }
}

/// What report `i` delivers of its issuer's plans of the year before.
fn last_year_plans(archive: &Archive, i: usize) -> String {
    match archive.corpus.plans.of_delivery_report(i) {
        Some(f) if f.outcome == FollowUpOutcome::Paired => {
            format!("{} / {} 项", f.delivered(), f.deliveries.len())
        }
        Some(f) if f.outcome == FollowUpOutcome::NoPlans => "上年无安排部分".to_owned(),
        _ => "—".to_owned(),
    }
}

/// Chart `k` of the page: one figure over the years.
fn figure_chart(archive: &Archive, k: usize, f: &FigureSeries) -> FigureChart {
    const IDS: [&str; MAX_FIGURE_CHARTS] = [
        "figure-1", "figure-2", "figure-3", "figure-4", "figure-5", "figure-6",
    ];
    let years: Vec<i32> = f.points.iter().map(|p| p.year).collect();
    let title = format!("{}（{}）", f.counts, f.unit);
    let desc = format!("历年报告所述“{}”的数值", f.counts);
    let line = LineData {
        class: "series-main",
        label: f.counts.clone(),
        values: f.points.iter().map(|p| Some(p.value)).collect(),
    };
    FigureChart {
        counts: f.counts.clone(),
        unit: f.unit,
        chart: LineChart::new((IDS[k], title, desc), &years, vec![line], (None, f.unit)),
        points: (f.points.iter())
            .map(|p| FigureLink {
                year: p.year,
                text: p.text.clone(),
                url: format!(
                    "{}#{}",
                    report_url(&archive.reports[p.report].slug),
                    p.anchor
                ),
            })
            .collect(),
    }
}

/// The topics of the issuer's reports, with each year's paragraphs on
/// them, in the taxonomy's order.
fn topic_years(archive: &Archive, reports: &[usize]) -> Vec<TopicYears> {
    (archive.taxonomy.topics.iter().zip(&archive.links.topics))
        .map(|(topic, url)| TopicYears {
            name: topic.name.to_string(),
            url: url.clone(),
            paragraphs: (reports.iter())
                .map(|&i| {
                    let topics = &archive.reports[i].analysis.topics;
                    (topics.iter().find(|t| t.topic == topic.name)).map_or(0, |t| t.paragraphs)
                })
                .collect(),
        })
        .filter(|t| t.paragraphs.iter().any(|&n| n > 0))
        .collect()
}
