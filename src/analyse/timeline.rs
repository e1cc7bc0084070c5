//! One issuer across the years: what each year's report holds (its parts
//! and their length, its publication against the deadline) and the figures
//! it states again year after year, as series.

use super::compliance::{Compliance, Timeliness};
use crate::model::Report;
use serde::Serialize;
use std::collections::BTreeMap;

/// One report of an issuer's series, as its timeline shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineYear {
    /// The report's index in the archive.
    pub report: usize,
    /// The year reported on.
    pub year: Option<i32>,
    /// Characters of each mandated part (regulation order), `None` when the
    /// report lacks it.
    pub part_chars: [Option<usize>; 5],
    /// Its publication against the deadline.
    pub timeliness: Timeliness,
}

/// The timeline of the issuer whose reports (archive indexes, oldest year
/// first, as [`super::series::Series`] holds them) are `series`, from each
/// report's `compliance` (archive order, [`super::Corpus::compliance`]).
pub fn timeline(
    reports: &[Report],
    series: &[usize],
    compliance: &[Compliance],
) -> Vec<TimelineYear> {
    (series.iter())
        .map(|&i| {
            let c = &compliance[i];
            let mut part_chars = [None; 5];
            for (slot, part) in part_chars.iter_mut().zip(&c.parts) {
                *slot = part.present().then_some(part.chars);
            }
            TimelineYear {
                report: i,
                year: reports[i].meta.year,
                part_chars,
                timeliness: c.timeliness,
            }
        })
        .collect()
}

/// A figure an issuer states in several years: what it counts, its unit,
/// and its value in each year that states it once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureSeries {
    /// What is counted, as the reports phrase it.
    pub counts: String,
    /// The unit every value is in.
    pub unit: &'static str,
    /// One point per year, oldest first.
    pub points: Vec<FigurePoint>,
}

/// A stated figure's value in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigurePoint {
    /// The year reported on.
    pub year: i32,
    /// The report's index in the archive.
    pub report: usize,
    /// The value in the unit's base (`1.3亿元` → 130000000).
    pub value: f64,
    /// The figure as written.
    pub text: String,
    /// The paragraph that states it.
    pub anchor: String,
}

/// Rule "the same figure is the same phrase in the same unit": a figure of
/// one year continues one of another year when both count the same phrase
/// (as the extractor cut it, `figures::counts`) in the same unit. Never
/// across units: 35 件 and 35 人 are not one series. A phrase stated twice
/// in one year's report in one unit is two different things (the same
/// verb for two measures), so that year is left out of its series.
/// Series of at least this many years are kept.
pub const MIN_SERIES_YEARS: usize = 2;

/// The figures the issuer whose reports are `series` (oldest year first)
/// states in [`MIN_SERIES_YEARS`] years or more, the longest series first,
/// then by phrase and unit.
pub fn figure_series(reports: &[Report], series: &[usize]) -> Vec<FigureSeries> {
    type Key<'a> = (&'a str, &'static str);
    let mut by_key: BTreeMap<Key, BTreeMap<i32, Vec<FigurePoint>>> = BTreeMap::new();
    for &i in series {
        let Some(year) = reports[i].meta.year else {
            continue;
        };
        for f in &reports[i].analysis.figures {
            let counts = f.counts.trim();
            if counts.is_empty() {
                continue;
            }
            let years = by_key.entry((counts, f.unit)).or_default();
            years.entry(year).or_default().push(FigurePoint {
                year,
                report: i,
                value: f.value,
                text: f.text.clone(),
                anchor: f.anchor.clone(),
            });
        }
    }
    let mut found: Vec<FigureSeries> = (by_key.into_iter())
        .map(|((counts, unit), years)| FigureSeries {
            counts: counts.to_owned(),
            unit,
            points: (years.into_values())
                .filter(|points| points.len() == 1)
                .flatten()
                .collect(),
        })
        .filter(|s| s.points.len() >= MIN_SERIES_YEARS)
        .collect();
    found.sort_by_key(|s| std::cmp::Reverse(s.points.len()));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Analysis, Figure, Metadata};

    fn report(year: i32, figures: &[(&str, f64, &'static str)]) -> Report {
        let figures = (figures.iter())
            .map(|&(counts, value, unit)| Figure {
                text: format!("{value}{unit}"),
                value,
                unit,
                qualifier: None,
                counts: counts.to_owned(),
                category: None,
                anchor: "p1".to_owned(),
            })
            .collect();
        Report {
            meta: Metadata {
                year: Some(year),
                ..Metadata::default()
            },
            analysis: Analysis {
                figures,
                ..Analysis::default()
            },
            ..Report::default()
        }
    }

    #[test]
    fn a_series_is_one_phrase_in_one_unit_over_two_years_or_more() {
        let reports = [
            report(
                2021,
                &[("办理行政复议案件", 30.0, "件"), ("培训", 5.0, "次")],
            ),
            report(
                2022,
                &[("办理行政复议案件", 35.0, "件"), ("培训", 200.0, "人")],
            ),
            report(2023, &[("办理行政复议案件", 41.0, "件")]),
        ];
        let found = figure_series(&reports, &[0, 1, 2]);
        assert_eq!(found.len(), 1, "培训 in 次 and in 人 are two things");
        let values: Vec<(i32, f64)> = found[0].points.iter().map(|p| (p.year, p.value)).collect();
        assert_eq!(values, [(2021, 30.0), (2022, 35.0), (2023, 41.0)]);
        assert_eq!(
            (found[0].counts.as_str(), found[0].unit),
            ("办理行政复议案件", "件")
        );
    }

    #[test]
    fn a_phrase_stated_twice_in_a_year_leaves_that_year_out() {
        let reports = [
            report(
                2021,
                &[("出动人员", 30.0, "人次"), ("出动人员", 50.0, "人次")],
            ),
            report(2022, &[("出动人员", 35.0, "人次")]),
            report(2023, &[("出动人员", 40.0, "人次")]),
        ];
        let found = figure_series(&reports, &[0, 1, 2]);
        let years: Vec<i32> = found[0].points.iter().map(|p| p.year).collect();
        assert_eq!(years, [2022, 2023]);
        let one_year_left = figure_series(&reports[..2], &[0, 1]);
        assert!(one_year_left.is_empty(), "one year is not a series");
    }
}
