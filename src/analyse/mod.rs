//! Analyse: what the parsed reports mean.
//!
//! Owns: per report — the mandated part of each top-level section
//! (`parts`), the documents it cites (`citations`), the figures it states
//! (`figures`), its topics (`topics`) and region (`regions`); across the
//! archive — keywords by TF-IDF, cited documents merged with their variants,
//! related reports (`related`), and each issuer's reports as one series
//! (`series`), and what each issuer's next report delivers of each
//! report's plans (`plans`); and measuring a report against the
//! regulation (`compliance`). Must not change the text or the structure that
//! [`crate::parse`] recovered.

pub mod citations;
pub mod compliance;
pub mod figures;
pub mod parts;
pub mod plans;
pub mod regions;
pub mod related;
pub mod series;
pub mod timeline;
pub mod topics;
pub mod trends;
pub mod vocabulary;

use crate::model::Report;
use citations::CitedDocument;
use rayon::prelude::*;
use std::collections::BTreeSet;
use topics::Taxonomy;
pub use vocabulary::CorpusCache;

/// Analyses one report in place. Independent of every other report, so
/// reports can be analysed in any order or in parallel.
pub fn analyse(report: &mut Report, taxonomy: &Taxonomy) {
    for section in &mut report.sections {
        section.part = Some(parts::map_section(section));
    }
    let citations = citations::extract(report);
    let plan_items = plans::split(report);
    let figures = report
        .paragraphs()
        .into_iter()
        .flat_map(|p| figures::extract(p, taxonomy))
        .collect();
    let (paragraph_topics, topic_counts) = topics::tag(report, taxonomy);
    let region = match &report.meta.region {
        Some(given) => Some(regions::from_front_matter(given)),
        None => {
            let opening = report
                .preamble
                .first()
                .map_or("", |p| opening_words(&p.text));
            let issuer = report.meta.issuer.as_deref().unwrap_or("");
            regions::locate(&[issuer, &report.meta.title, opening])
        }
    };
    report.analysis = crate::model::Analysis {
        citations,
        figures,
        topics: topic_counts,
        paragraph_topics,
        keywords: Vec::new(),
        words: std::sync::Arc::new(crate::segment::word_counts(report)),
        region,
        plan_items,
        size: crate::model::TextSize {
            chars: report.char_count(),
            paragraphs: report.paragraphs().len(),
        },
    };
}

/// The opening words of a report name its place, if the text does
/// (`2022年，济源经济技术开发区深入学习…`); further on, other places are only
/// mentioned.
const OPENING_CHARS: usize = 120;

fn opening_words(text: &str) -> &str {
    text.char_indices()
        .nth(OPENING_CHARS)
        .map_or(text, |(i, _)| &text[..i])
}

/// What the archive says as a whole.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Every cited document, most cited first.
    pub documents: Vec<CitedDocument>,
    /// For each report (archive order), its related reports.
    pub related: Vec<Vec<Related>>,
    /// Each issuer's reports.
    pub series: series::SeriesIndex,
    /// What became of each report's plans in its issuer's next report.
    pub plans: plans::FollowUps,
    /// Each report measured against the regulation (archive order): its
    /// parts and their lengths, its publication against the deadline.
    pub compliance: Vec<compliance::Compliance>,
}

/// A report related to another, and why.
#[derive(Debug, Clone)]
pub struct Related {
    /// Index of the related report in the archive.
    pub report: usize,
    /// Cosine similarity of the two reports' TF-IDF vectors, 0 to 1.
    pub score: f64,
    /// Topics both discuss, the one both discuss most first.
    pub shared_topics: Vec<String>,
    /// Indexes into [`Corpus::documents`] of documents both cite, the least
    /// cited in the archive first: a document few others cite says more
    /// about why two reports are alike than one every report cites.
    pub shared_documents: Vec<usize>,
}

/// The documents two reports both cite, least cited first (documents are
/// numbered most cited first).
fn least_cited_first(a: &BTreeSet<usize>, b: &BTreeSet<usize>) -> Vec<usize> {
    let mut shared: Vec<usize> = a.intersection(b).copied().collect();
    shared.reverse();
    shared
}

/// What [`corpus`] found: the corpus, and each report's keywords (archive
/// order), which belong to the reports.
pub struct ArchiveAnalysis {
    corpus: Corpus,
    keywords: Vec<Vec<String>>,
}

impl ArchiveAnalysis {
    /// Gives each report its keywords; the corpus is what is left.
    pub fn apply(self, reports: &mut [Report]) -> Corpus {
        for (report, k) in reports.iter_mut().zip(self.keywords) {
            report.analysis.keywords = k;
        }
        self.corpus
    }
}

/// Analyses the archive as a whole (after every report was analysed, in
/// archive order): keywords, cited documents, related reports, series,
/// plans followed up, each report's compliance with the regulation (its
/// deadline `rule`). With a
/// `cache` (`serve`'s rebuilds, whose reports have fingerprints), only the
/// words of reports it does not know are numbered, and only the plans of
/// pairs of reports it does not know are paired. It only reads the
/// reports, so that it can run beside what else reads them (the pipeline
/// writes their original texts meanwhile); [`ArchiveAnalysis::apply`]
/// gives them their keywords.
pub fn corpus(
    reports: &[Report],
    cache: Option<&mut CorpusCache>,
    aliases: &series::Aliases,
    rule: compliance::DeadlineRule,
) -> ArchiveAnalysis {
    let by_fingerprint = cache.is_some();
    let mut fresh = CorpusCache::default();
    let cache = cache.unwrap_or(&mut fresh);
    let (keywords, similar) = {
        let candidates = cache.numbered(reports, by_fingerprint);
        let vocabulary = &cache.vocabulary;
        let keep = related::TERMS_PER_REPORT.max(topics::KEYWORDS_PER_REPORT);
        let weights = topics::tf_idf(&candidates, vocabulary, keep);
        let keywords: Vec<Vec<String>> = weights
            .iter()
            .map(|w| {
                let top = w.iter().take(topics::KEYWORDS_PER_REPORT);
                top.map(|&(word, _)| vocabulary.word(word).to_owned())
                    .collect()
            })
            .collect();
        (
            keywords,
            related::most_similar(&weights, vocabulary.count()),
        )
    };
    let documents = citations::merge(reports);
    let mut cites: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); reports.len()];
    for (d, doc) in documents.iter().enumerate() {
        for (r, _) in &doc.cited_by {
            cites[*r].insert(d);
        }
    }
    // In parallel: shared topics and documents for five neighbours of
    // every report.
    let related = similar
        .into_par_iter()
        .enumerate()
        .map(|(i, similar)| {
            similar
                .into_iter()
                .map(|s| Related {
                    report: s.report,
                    score: s.score,
                    shared_topics: topics::shared_topics(&reports[i], &reports[s.report]),
                    shared_documents: least_cited_first(&cites[i], &cites[s.report]),
                })
                .collect()
        })
        .collect();
    let series = series::group(reports, aliases);
    let paired = by_fingerprint.then_some(&mut cache.paired);
    let plans = plans::follow_up(reports, &series, paired);
    ArchiveAnalysis {
        corpus: Corpus {
            documents,
            related,
            series,
            plans,
            compliance: (reports.par_iter())
                .map(|r| compliance::compliance(r, rule))
                .collect(),
        },
        keywords,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_documents_come_least_cited_first() {
        // Documents are numbered most cited first: 0 is cited most.
        let a = BTreeSet::from([0, 2, 5, 7]);
        let b = BTreeSet::from([0, 1, 5, 7, 9]);
        assert_eq!(least_cited_first(&a, &b), [7, 5, 0]);
        assert!(least_cited_first(&a, &BTreeSet::new()).is_empty());
    }
}
