//! The archive's trends: per year, how many reports there are, how many
//! have each mandated part, their median length, how many came out by the
//! deadline, how many of last year's plan items they deliver, and how many
//! discuss each topic. What no single report shows;
//! counted here, shown as shares by the trends page and exported as data.

use super::compliance::{Compliance, Timeliness};
use super::plans::FollowUps;
use super::topics::Taxonomy;
use crate::model::{MandatedPart, Report};
use serde::Serialize;
use std::collections::BTreeMap;

/// What the reports of one year say together. Counts, not shares: a share
/// is a count over [`YearTrend::reports`] (or [`YearTrend::dated`] for the
/// deadline), made where it is shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTrend {
    /// The year reported on.
    pub year: i32,
    /// Reports of the year in the archive.
    pub reports: usize,
    /// Reports with each mandated part, in the regulation's order
    /// ([`MandatedPart::ALL`]).
    pub with_part: [usize; 5],
    /// The median report's length in characters of body text (the mean of
    /// the two middle ones for an even count, rounded down).
    pub median_chars: usize,
    /// Reports whose publication date and deadline are both known.
    pub dated: usize,
    /// Of those, reports published by the deadline.
    pub on_time: usize,
    /// Reports with at least one paragraph under each topic, in the
    /// taxonomy's order.
    pub with_topic: Vec<usize>,
    /// The plan items of the year before that this year's reports follow
    /// up (their issuers' reports of the year before had a plans part).
    pub plan_items: usize,
    /// Of those, the items some paragraph of this year's report delivers.
    pub delivered: usize,
}

/// The trends of the reports of known year, oldest year first: a report
/// whose year is unknown has no place on a time line. `compliance` is each
/// report's ([`super::Corpus::compliance`]); `plans` gives the
/// plan items each year's reports follow up ([`FollowUps::by_year`]).
pub fn by_year(
    reports: &[Report],
    compliance: &[Compliance],
    taxonomy: &Taxonomy,
    plans: &FollowUps,
) -> Vec<YearTrend> {
    let mut years: BTreeMap<i32, Vec<(&Report, &Compliance)>> = BTreeMap::new();
    for (r, c) in reports.iter().zip(compliance) {
        if let Some(year) = r.meta.year {
            years.entry(year).or_default().push((r, c));
        }
    }
    let deliveries = plans.by_year(reports);
    (years.into_iter())
        .map(|(year, reports)| {
            let mut trend = year_trend(year, &reports, taxonomy);
            if let Some(d) = deliveries.iter().find(|d| d.year == year) {
                (trend.plan_items, trend.delivered) = (d.items, d.delivered);
            }
            trend
        })
        .collect()
}

/// The trend of `year`'s reports, each with its compliance.
fn year_trend(year: i32, reports: &[(&Report, &Compliance)], taxonomy: &Taxonomy) -> YearTrend {
    let mut trend = YearTrend {
        year,
        reports: reports.len(),
        with_part: [0; 5],
        median_chars: median(reports.iter().map(|(r, _)| r.char_count()).collect()),
        dated: 0,
        on_time: 0,
        with_topic: vec![0; taxonomy.topics.len()],
        plan_items: 0,
        delivered: 0,
    };
    for (r, c) in reports {
        for (k, part) in MandatedPart::ALL.iter().enumerate() {
            trend.with_part[k] += usize::from(c.missing().all(|m| m != *part));
        }
        match c.timeliness {
            Timeliness::OnTime { .. } => {
                (trend.dated, trend.on_time) = (trend.dated + 1, trend.on_time + 1)
            }
            Timeliness::Late { .. } => trend.dated += 1,
            Timeliness::Unknown => {}
        }
        for t in &r.analysis.topics {
            if let Some(k) = taxonomy.topics.iter().position(|rule| rule.name == t.topic) {
                trend.with_topic[k] += 1;
            }
        }
    }
    trend
}

/// The middle value (the mean of the two middle ones, rounded down, for an
/// even count); 0 for none.
fn median(mut values: Vec<usize>) -> usize {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => 0,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_odd_even_and_no_values() {
        assert_eq!(median(vec![]), 0);
        assert_eq!(median(vec![7]), 7);
        assert_eq!(median(vec![9, 1, 5]), 5);
        assert_eq!(median(vec![4, 1, 3, 10]), 3, "(3 + 4) / 2, rounded down");
    }
}
