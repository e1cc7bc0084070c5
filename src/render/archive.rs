//! The analysed archive as the pages see it: reports, their records, the
//! corpus, the URLs of everything linked, and each issuer's reports.

use super::links::Links;
use super::{data, report_url, ReportRecord};
use crate::analyse::topics::Taxonomy;
use crate::analyse::Corpus;
use crate::memo;
use crate::model::Report;
use rayon::prelude::*;
use serde::Serialize;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The analysed archive with everything the pages link to.
pub(crate) struct Archive<'a> {
    pub reports: &'a [Report],
    pub records: Vec<ReportRecord<'a>>,
    /// The fingerprint of each record, in an incremental rebuild (where
    /// several pages of a report are keyed by it); else empty.
    record_fingerprints: Vec<u64>,
    pub corpus: &'a Corpus,
    pub taxonomy: &'a Taxonomy,
    pub links: Links,
}

/// A link as templates receive it; `url` is relative to the site root.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    pub text: String,
    pub url: String,
}

impl<'a> Archive<'a> {
    /// The archive of `reports`, with its records' fingerprints if
    /// `fingerprint`.
    pub(crate) fn new(
        reports: &'a [Report],
        corpus: &'a Corpus,
        taxonomy: &'a Taxonomy,
        fingerprint: bool,
    ) -> Self {
        let mut records: Vec<ReportRecord> = reports.par_iter().map(ReportRecord::from).collect();
        for (record, related) in records.iter_mut().zip(&corpus.related) {
            record.related = related
                .iter()
                .map(|r| data::RelatedRecord {
                    slug: reports[r.report].slug.clone(),
                    score: (r.score * 1000.0).round() / 1000.0,
                })
                .collect();
        }
        // A record is its report (its source, by fingerprint) with what the
        // archive adds: the slug, keywords and related reports. Keyed by
        // those rather than by the record's JSON, which is the report's
        // whole structure serialised again for every report on every edit.
        let record_fingerprints = match fingerprint {
            true => reports
                .par_iter()
                .zip(&records)
                .map(|(report, record)| {
                    let mut hasher = DefaultHasher::new();
                    let keywords = &report.analysis.keywords;
                    (report.fingerprint, &report.slug, keywords).hash(&mut hasher);
                    memo::hash_json(&mut hasher, &record.related);
                    hasher.finish()
                })
                .collect(),
            false => Vec::new(),
        };
        Archive {
            reports,
            records,
            record_fingerprints,
            corpus,
            taxonomy,
            links: Links::new(reports, corpus, taxonomy),
        }
    }

    /// The fingerprint of report `i`'s record in an incremental rebuild;
    /// 0 in a full build, which keys no page.
    pub(crate) fn record_fingerprint(&self, i: usize) -> u64 {
        self.record_fingerprints.get(i).copied().unwrap_or(0)
    }

    /// The fingerprint of what a listing of report `i` shows (its
    /// `ReportListing`, or anything else drawn from the report alone): its
    /// source and its slug. Not its keywords or related reports, which an
    /// edit of another report can move: rows keyed by this are not made
    /// again for that.
    pub(crate) fn listing_fingerprint(&self, i: usize) -> u64 {
        let report = &self.reports[i];
        memo::fingerprint((report.fingerprint, &report.slug))
    }

    /// The same issuer's reports just before and after report `i`.
    pub(crate) fn issuer_neighbours(&self, i: usize) -> (Option<usize>, Option<usize>) {
        let Some(list) = self.corpus.series.of(i).map(|s| &s.reports) else {
            return (None, None);
        };
        let at = list
            .iter()
            .position(|&j| j == i)
            .expect("a report is in its issuer's list");
        (
            at.checked_sub(1).map(|k| list[k]),
            list.get(at + 1).copied(),
        )
    }

    /// Where an issuer's name links: its page, or for an issuer of one
    /// report, which has none, that report.
    pub(crate) fn issuer_url(&self, name: &str) -> Option<String> {
        self.links.issuers.get(name).cloned().or_else(|| {
            let first = *self.corpus.series.named(name)?.reports.first()?;
            Some(report_url(&self.reports[first].slug))
        })
    }

    pub(crate) fn report_link(&self, i: usize) -> Link {
        let r = &self.reports[i];
        let year = r.meta.year.map_or(String::new(), |y| format!("（{y}）"));
        Link {
            text: format!("{}{year}", r.meta.title),
            url: report_url(&r.slug),
        }
    }
}
