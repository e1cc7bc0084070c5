//! The archive's keyword candidates, numbered.
//!
//! TF-IDF counts, for every word of every report, how many reports hold it,
//! and then weighs each report's words by that; related reports index
//! postings by word. With each word numbered once, both index arrays by
//! number instead of hashing the word's text for every report, twice.
//! `serve` keeps the numbers, and each report's numbered candidates by its
//! fingerprint, from one build to the next ([`CorpusCache`]), so a rebuild
//! numbers only the edited reports' words.

use super::topics::keyword_candidates;
use crate::model::Report;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// A report's keyword candidates: (word number, weighted count), in the
/// order of the words' text, each word once.
pub type Candidates = Arc<[(u32, u32)]>;

/// Words and their numbers. Numbers are only ever added: a word's number
/// stays while the vocabulary lives, whichever reports still use it.
#[derive(Debug, Default)]
pub struct Vocabulary {
    numbers: FxHashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
}

impl Vocabulary {
    /// The word numbered `n`.
    pub fn word(&self, n: u32) -> &str {
        &self.words[n as usize]
    }

    /// How many words are numbered (numbers are below this).
    pub fn count(&self) -> usize {
        self.words.len()
    }

    /// Numbers the keyword candidates of `reports` that have no number
    /// yet, in text order, so that numbers do not depend on how the
    /// threads were scheduled.
    fn add_words<'r>(&mut self, reports: impl ParallelIterator<Item = &'r Report>) {
        let numbers = &self.numbers;
        let mut new: Vec<&str> = reports
            .fold(FxHashSet::default, |mut new, r| {
                let words = keyword_candidates(&r.analysis.words).map(|(w, _)| w);
                new.extend(words.filter(|w| !numbers.contains_key(*w)));
                new
            })
            .reduce(FxHashSet::default, |mut a, b| {
                a.extend(b);
                a
            })
            .into_iter()
            .collect();
        new.sort_unstable();
        for word in new {
            let n = u32::try_from(self.words.len()).expect("fewer than 4 billion words");
            self.numbers.insert(word.into(), n);
            self.words.push(word.into());
        }
    }
}

/// What the corpus step keeps between `serve`'s builds: the vocabulary and
/// each report's numbered candidates by its fingerprint.
#[derive(Debug, Default)]
pub struct CorpusCache {
    /// Every keyword candidate of the archive's reports, numbered (numbers
    /// are only ever added).
    pub vocabulary: Vocabulary,
    candidates: FxHashMap<u64, Candidates>,
    /// The plan items paired by the last build ([`super::plans::Paired`]).
    pub paired: super::plans::Paired,
}

impl CorpusCache {
    /// Each report's numbered candidates, in archive order. With
    /// `by_fingerprint` (a rebuild: reports have fingerprints), a report
    /// the cache knows is not numbered again, and the cache keeps this
    /// build's reports for the next.
    pub fn numbered(&mut self, reports: &[Report], by_fingerprint: bool) -> Vec<Candidates> {
        let known = |r: &Report| {
            by_fingerprint
                .then(|| self.candidates.get(&r.fingerprint))
                .flatten()
                .cloned()
        };
        let known: Vec<Option<Candidates>> = reports.par_iter().map(known).collect();
        let unknown = reports.par_iter().zip(&known);
        (self.vocabulary).add_words(unknown.filter(|(_, k)| k.is_none()).map(|(r, _)| r));
        let vocabulary = &self.vocabulary;
        let number = |r: &Report| -> Candidates {
            keyword_candidates(&r.analysis.words)
                .map(|(w, count)| (vocabulary.numbers[w], count))
                .collect()
        };
        let numbered: Vec<Candidates> = (reports.par_iter().zip(known))
            .map(|(r, known)| known.unwrap_or_else(|| number(r)))
            .collect();
        if by_fingerprint {
            let by_report = reports.iter().zip(&numbered);
            self.candidates = by_report
                .map(|(r, c)| (r.fingerprint, Arc::clone(c)))
                .collect();
        }
        numbered
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Analysis, SourceFormat, WordCounts};

    fn report(fingerprint: u64, words: &[(&str, u32)]) -> Report {
        Report {
            slug: "r".into(),
            source: "r.txt".into(),
            format: SourceFormat::Text,
            encoding: "UTF-8",
            meta: Default::default(),
            preamble: vec![],
            sections: vec![],
            path: Default::default(),
            original: String::new(),
            analysis: Analysis {
                words: Arc::new(WordCounts::from_sorted(words.iter().copied())),
                ..Default::default()
            },
            fingerprint,
        }
    }

    #[test]
    fn words_are_numbered_once_in_text_order_and_kept_across_builds() {
        // 调解 < 复议 < 纠纷 < 诉讼 in text (UTF-8) order; 政府 is a stop
        // word, not a candidate.
        let a = report(1, &[("纠纷", 3), ("调解", 1), ("政府", 5)]);
        let b = report(2, &[("复议", 2), ("纠纷", 1)]);
        let mut cache = CorpusCache::default();
        let first = cache.numbered(&[a, b.clone()], true);
        let words = |c: &Candidates, v: &Vocabulary| -> Vec<(String, u32)> {
            c.iter().map(|&(n, k)| (v.word(n).to_owned(), k)).collect()
        };
        let mut expected = vec![("纠纷".to_owned(), 3), ("调解".to_owned(), 1)];
        expected.sort();
        assert_eq!(words(&first[0], &cache.vocabulary), expected);
        assert_eq!(cache.vocabulary.count(), 3);
        let mut all: Vec<&str> = (0..3).map(|n| cache.vocabulary.word(n)).collect();
        let numbered = all.clone();
        all.sort_unstable();
        assert_eq!(numbered, all, "numbered in text order");
        // An edited report: its new word gets the next number, the others
        // keep theirs, and the unchanged report is taken from the cache.
        let edited = report(3, &[("纠纷", 2), ("诉讼", 1)]);
        let second = cache.numbered(&[edited, b], true);
        assert!(Arc::ptr_eq(&second[1], &first[1]), "unchanged: cached");
        assert_eq!(cache.vocabulary.count(), 4);
        assert_eq!(cache.vocabulary.word(3), "诉讼");
        let dispute = |c: &Candidates| {
            c.iter()
                .find(|&&(n, _)| cache.vocabulary.word(n) == "纠纷")
                .map(|&(n, _)| n)
        };
        assert_eq!(
            dispute(&second[0]),
            dispute(&first[0]),
            "纠纷 keeps its number"
        );
    }

    #[test]
    fn without_fingerprints_nothing_is_taken_from_the_cache() {
        // A full build's reports all have fingerprint 0.
        let mut cache = CorpusCache::default();
        let a = report(0, &[("调解", 1)]);
        let b = report(0, &[("纠纷", 1)]);
        let numbered = cache.numbered(&[a, b], false);
        assert_ne!(numbered[0][0].0, numbered[1][0].0);
    }
}
