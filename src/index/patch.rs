//! An incremental rebuild's postings: the last build's, patched.
//!
//! Rule "patch, do not merge": when the archive has as many reports as the
//! last build, the same rounded mean length, and few positions whose
//! report changed (by fingerprint), every entry of the other positions is
//! what it was. Only the postings of the terms the changed positions' old
//! or new report holds change, in that position's entry, so those are
//! patched ([`Postings::set`]) instead of merging every report's terms
//! again, and only the shards holding them are written again. Anything
//! else (a report added or removed, the mean crossing a step, many
//! positions changed — a report moved in the archive order changes every
//! position between its old and new one) merges the archive anew; so does
//! a cache that lacks a changed position's old terms.

use super::{
    entry_bytes, shard_count, shard_of, Postings, ReportTerms, ShardedPostings, Term, TermCache,
};
use crate::model::Report;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// At most one report in this many changed (rounded up: one report of a
/// small archive is patched too): patching costs a scan of each of a
/// changed report's terms' postings, merging costs the whole archive.
const MAX_CHANGED_SHARE: usize = 8;

/// The last build's postings, patched into this build's.
pub(super) struct Patched {
    pub postings: ShardedPostings,
    /// Each report's terms, as the cache keeps them.
    pub terms: TermCache,
    /// The shards whose terms' postings were patched.
    pub dirty: Vec<bool>,
}

/// This build's postings made from the `last` build's (see the rule at
/// the top), or `None` if they must be merged anew.
pub(super) fn patch(
    mut last: ShardedPostings,
    reports: &[Report],
    cached: &TermCache,
    avg_length: f64,
) -> Option<Patched> {
    let changed = changed_reports(&last, reports, avg_length)?;
    // The terms each changed report used to have, and every report's terms
    // now (counted for the changed ones that are new to the cache).
    let old: Vec<Arc<ReportTerms>> = changed
        .iter()
        .map(|&i| cached.get(&last.order[i]).cloned())
        .collect::<Option<_>>()?;
    let terms: TermCache = reports
        .par_iter()
        .map(|r| {
            let terms = cached
                .get(&r.fingerprint)
                .cloned()
                .unwrap_or_else(|| Arc::new(ReportTerms::counted(r)));
            (r.fingerprint, terms)
        })
        .collect();
    let mut dirty = vec![false; last.shards.len()];
    for (&i, old) in changed.iter().zip(&old) {
        let now = &terms[&reports[i].fingerprint];
        for (term, impact) in edits(old, now, avg_length) {
            last.set(term, i as u32, impact, &mut dirty);
        }
        last.order[i] = reports[i].fingerprint;
    }
    if shard_count(last.bytes) as usize != last.shards.len() {
        let all = std::mem::take(&mut last.shards)
            .into_iter()
            .flatten()
            .collect();
        last.reshard(all);
        dirty = vec![true; last.shards.len()];
    }
    Some(Patched {
        postings: last,
        terms,
        dirty,
    })
}

/// The archive indexes of the reports whose file changed since the `last`
/// build, if the rule allows patching.
fn changed_reports(
    last: &ShardedPostings,
    reports: &[Report],
    avg_length: f64,
) -> Option<Vec<usize>> {
    if last.order.len() != reports.len() || last.avg_length != avg_length {
        return None;
    }
    let changed: Vec<usize> = (reports.iter().zip(&last.order))
        .enumerate()
        .filter(|(_, (report, &fingerprint))| report.fingerprint != fingerprint)
        .map(|(i, _)| i)
        .collect();
    (changed.len() <= reports.len().div_ceil(MAX_CHANGED_SHARE)).then_some(changed)
}

/// Each term whose impact in an edited report changed, from what it had
/// (`old`) to what it has (`now`, `None`: gone). Terms with the same
/// impact are left out: their postings, and so most shards, are unchanged.
fn edits(old: &ReportTerms, now: &ReportTerms, avg_length: f64) -> Vec<(String, Option<u32>)> {
    let mut gone: FxHashMap<Term, u32> = old.impacts(&old.words, avg_length).collect();
    let mut edits: Vec<(String, Option<u32>)> = now
        .impacts(&now.words, avg_length)
        .filter(|(term, impact)| gone.remove(term) != Some(*impact))
        .map(|(term, impact)| (term.text(), Some(impact)))
        .collect();
    edits.extend(gone.into_keys().map(|term| (term.text(), None)));
    edits
}

impl ShardedPostings {
    /// Sets `report`'s impact in `term`'s postings (`None`: removes it),
    /// adding or dropping the term as needed, and marks its shard dirty.
    fn set(&mut self, term: String, report: u32, impact: Option<u32>, dirty: &mut [bool]) {
        let n = shard_of(&term, self.shards.len() as u32) as usize;
        let shard = &mut self.shards[n];
        match shard.binary_search_by(|(t, _)| t.as_str().cmp(&term)) {
            Ok(k) => {
                let (text, postings) = &mut shard[k];
                self.bytes -= entry_bytes(text, postings);
                postings.set(report, impact);
                if postings.df == 0 {
                    shard.remove(k);
                } else {
                    self.bytes += entry_bytes(text, postings);
                }
            }
            Err(k) => {
                let Some(impact) = impact else { return };
                let mut postings = Postings::default();
                postings.push(report, impact);
                self.bytes += entry_bytes(&term, &postings);
                shard.insert(k, (term, postings));
            }
        }
        dirty[n] = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::topics::Taxonomy;
    use crate::index::{average_length, merge, TextFiles};
    use std::path::Path;

    /// The bundled reports, copied to `dir` with `edit` applied to the
    /// file named `name`, loaded.
    fn reports_edited(dir: &Path, name: &str, edit: impl Fn(&str) -> String) -> Vec<Report> {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for entry in std::fs::read_dir(&content).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let file = path.file_name().unwrap();
            let text = if file == name { edit(&text) } else { text };
            std::fs::write(dir.join(file), text).unwrap();
        }
        // Each with the fingerprint of its file's bytes and path, as
        // `serve` has them.
        crate::pipeline::load_reports(dir, &Taxonomy::default()).0
    }

    /// The postings of `reports` merged from scratch, and their terms.
    fn merged(reports: &[Report]) -> (ShardedPostings, TermCache) {
        let facets = super::super::facets(reports, &Taxonomy::default());
        let texts = TextFiles {
            memo: None,
            facets: &facets,
            facets_fingerprint: 0,
        };
        let avg = average_length(reports, None);
        merge(&mut reports.to_vec(), None, &texts, avg, true, &|_| Ok(())).unwrap()
    }

    fn entries(p: &ShardedPostings) -> Vec<Vec<(String, String, u32)>> {
        let entry = |(t, p): &(String, Postings)| (t.clone(), p.as_str().to_owned(), p.df);
        p.shards
            .iter()
            .map(|s| s.iter().map(entry).collect())
            .collect()
    }

    #[test]
    fn patched_postings_are_the_merged_ones_and_only_changed_shards_are_dirty() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let name = "2022-gaoqing-jingkaiqu.txt";
        let before = reports_edited(a.path(), name, str::to_owned);
        // Same length (so the same mean), new characters and pairs in, some
        // words out.
        let after = reports_edited(b.path(), name, |t| t.replacen("依法", "龘靐", 3));
        let (last, terms) = merged(&before);
        let old = entries(&last);
        let avg = average_length(&after, Some(&terms));
        assert_eq!(avg, last.avg_length, "the edit keeps the mean");
        let patched = patch(last, &after, &terms, avg).expect("one report of five: patched");
        let (fresh, _) = merged(&after);
        let new = entries(&fresh);
        assert_eq!(entries(&patched.postings), new);
        for (n, dirty) in patched.dirty.iter().enumerate() {
            if old[n] != new[n] {
                assert!(dirty, "shard {n} changed but is not dirty");
            }
        }
        assert!(patched.dirty.iter().any(|d| !d), "some shards are kept");
        assert_eq!(patched.terms.len(), after.len());
    }

    #[test]
    fn more_changed_reports_or_another_order_are_merged_anew() {
        let dir = tempfile::tempdir().unwrap();
        let reports = reports_edited(dir.path(), "", str::to_owned);
        let (last, terms) = merged(&reports);
        let avg = last.avg_length;
        let mut two = reports.clone();
        two[0].fingerprint ^= 1;
        two[1].fingerprint ^= 1;
        assert!(changed_reports(&last, &two, avg).is_none(), "two of five");
        assert!(
            changed_reports(&last, &reports[1..], avg).is_none(),
            "one fewer"
        );
        assert!(
            changed_reports(&last, &reports, avg + 1.0).is_none(),
            "mean moved"
        );
        assert_eq!(changed_reports(&last, &reports, avg), Some(vec![]));
        let mut one = reports.clone();
        one[3].fingerprint ^= 1;
        assert_eq!(changed_reports(&last, &one, avg), Some(vec![3]));
        // The changed report's old terms are not cached: merged anew.
        let mut no_terms = terms.clone();
        no_terms.remove(&reports[3].fingerprint);
        assert!(patch(last, &one, &no_terms, avg).is_none());
    }
}
