//! Index: the full-text search index of the archive, for the browser.
//!
//! The index answers "which reports hold these terms, and how strongly":
//! for every term ([`terms`]: characters, pairs of adjacent characters,
//! jieba words) the reports holding it with a quantised BM25 impact
//! (term frequency saturated and normalised by report length; titles and
//! headings weigh more). The browser intersects the pairs of a query to get
//! candidate reports, ranks them by their impacts and the terms' rarity,
//! then loads the text of the best candidates and finds the paragraphs that
//! really contain the query (Ctrl-F exactness, and the snippets).
//!
//! Why reports and not paragraphs: a paragraph-level index with positions
//! grows with every occurrence (hundreds of megabytes at 10,000 reports),
//! and a common term's postings alone would exceed what a query may
//! download. Report-level postings hold one entry per (term, report) in
//! about two bytes, so even a term in every report of a 10,000-report
//! archive is a few kilobytes compressed.
//!
//! Files under `search/`:
//! - `manifest`: shard count, report count, BM25 constants, facets and each
//!   report's year and region (filters apply before ranking);
//! - `s/<n>`: shard `n`, the terms whose FNV-1a hash ([`shard_of`], the same
//!   in `static/search-core.js`) modulo the shard count is `n`:
//!   `{term: [df, postings]}`, where a long postings string is replaced by
//!   a number `k` and lives in `p/<n>-<k>`, a pack of the shard's long
//!   postings `{term: postings}` of at most [`PACK_BYTES`] unless one
//!   term's alone is more (so shards stay small, a common term costs one
//!   pack, and the site does not hold a file per common term);
//! - `r/<i>`: report `i`'s slug, title and documents (anchor, text, mask),
//!   fetched only for the reports a query shows; also the compare view's
//!   text and the report's data download (its page links it), the one
//!   copy of its text as data.
//!
//! Every file is a script holding JSON ([`encode::data_files`]), index
//! files with a gzip copy beside when the site asks for them
//! (`[search] precompress`).
//! Work is parallel per report, in chunks (so memory holds one chunk's term
//! counts, not the archive's), then per partition of the terms, then per
//! shard; time and memory grow linearly with the archive.

pub mod encode;
mod manifest;
mod patch;
use manifest::{doc_mask, facets, report_facets, Manifest};
pub use manifest::{Facet, PART_BIT};
pub mod terms;

use crate::analyse::topics::Taxonomy;
use crate::error::Error;
use crate::memo::{self, Memo};
use crate::model::{Page, PageSink, Report, WordCounts};
use encode::{data_files, Gzip, Postings, IMPACT_LEVELS};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::sync::Arc;
pub use terms::{documents, fold, Doc, WORD_PREFIX};
use terms::{gram_text, Gram, TermCounts};

/// BM25 saturation: how fast repeated occurrences stop adding to a score.
pub const K1: f64 = 1.2;
/// BM25 length normalisation: how much a long report is discounted.
pub const B: f64 = 0.75;

/// Bytes of shard text to aim for: a query of a long phrase touches several
/// shards, and each should stay a few kilobytes compressed.
pub const TARGET_SHARD_BYTES: usize = 16 * 1024;

/// Postings longer than this (bytes) go to a pack of their own: a common
/// term would otherwise make its shard large for every query that touches it.
pub const LONG_POSTINGS: usize = 1024;

/// Bytes of long postings a pack may hold before the next starts a new
/// one: as much as a shard, so that fetching a long term's postings costs
/// a query at most what a shard does, while a file holds several terms
/// (one file per long term was some 9,700 files at 10,000 reports).
pub const PACK_BYTES: usize = TARGET_SHARD_BYTES;

/// Reports tokenised together before their terms are merged: bounds the
/// memory of term counts while keeping both cores busy.
const CHUNK: usize = 256;

/// Partitions of the terms, merged in parallel.
const PARTITIONS: usize = 16;

/// The shard a term is in: FNV-1a (32 bits) of its UTF-8 bytes modulo the
/// shard count. Mirrored by `shardOf` in `static/search-core.js`.
pub fn shard_of(term: &str, shards: u32) -> u32 {
    fnv1a(term.as_bytes()) % shards
}

fn fnv1a(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in bytes {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// What an incremental rebuild keeps between index builds: the page memo
/// and the index's own cache.
pub struct Incremental<'a> {
    /// The build's page memo: index files whose inputs did not change are
    /// kept ([`Page::unchanged`]) instead of being encoded again.
    pub memo: &'a Memo,
    /// The index's own cache: the reports' terms and the last build's
    /// postings, which this build reads and updates.
    pub cache: &'a mut IndexCache,
}

/// What `serve` keeps of the search index from one build to the next.
#[derive(Default)]
pub struct IndexCache {
    /// Each report's terms by its [`Report::fingerprint`], so that only
    /// the reports whose file changed are counted again.
    terms: TermCache,
    /// The last build's postings, patched by the next build
    /// ([`patch::patch`]) when only a few reports changed.
    postings: Option<ShardedPostings>,
    /// Whether the last build wrote gzip copies: a build that changes that
    /// writes every shard again, as the copies of those it keeps are not
    /// the last build's.
    precompress: bool,
}

impl IndexCache {
    /// Forgets the last build's postings, which describe files the output
    /// does not hold (a failed build, a build into a new output). The
    /// reports' terms depend on their files alone and are kept.
    pub fn forget_postings(&mut self) {
        self.postings = None;
    }
}

/// Each report's terms by its fingerprint.
type TermCache = FxHashMap<u64, Arc<ReportTerms>>;

/// The archive's postings as the index files hold them: by shard, each
/// shard's terms sorted.
struct ShardedPostings {
    /// Each report's fingerprint by archive index (the postings' report
    /// numbers).
    order: Vec<u64>,
    /// The mean length the impacts were computed with.
    avg_length: f64,
    /// The shard text [`shard_count`] measures, summed over the terms.
    bytes: usize,
    shards: Vec<Vec<(String, Postings)>>,
}

impl ShardedPostings {
    /// The merged terms of an archive, sorted into shards.
    fn new(order: Vec<u64>, avg_length: f64, terms: Vec<(String, Postings)>) -> Self {
        let bytes = terms.iter().map(|(t, p)| entry_bytes(t, p)).sum();
        let mut postings = ShardedPostings {
            order,
            avg_length,
            bytes,
            shards: Vec::new(),
        };
        postings.reshard(terms);
        postings
    }

    /// Puts `terms` into as many shards as their size asks for.
    fn reshard(&mut self, terms: Vec<(String, Postings)>) {
        let shards = shard_count(self.bytes);
        let mut by_shard: Vec<Vec<(String, Postings)>> = vec![Vec::new(); shards as usize];
        for (term, postings) in terms {
            by_shard[shard_of(&term, shards) as usize].push((term, postings));
        }
        by_shard
            .par_iter_mut()
            .for_each(|entries| entries.sort_unstable_by(|a, b| a.0.cmp(&b.0)));
        self.shards = by_shard;
    }
}

/// Builds the search files of the archive (reports in archive order) into
/// `sink`; returns the shard count, which the search page must know.
/// In an `incremental` rebuild, a file whose inputs are unchanged is passed
/// to `sink` as [`Page::unchanged`], reports are counted again only if
/// their terms are not in the cache, and the last build's postings are
/// patched if few reports changed; the cache then holds this build's.
/// The index is the last reader of the reports' word counts: it takes
/// them (a full build lets each chunk's go as soon as it is merged). With
/// `precompress`, each index file gets a gzip copy beside it.
pub fn build(
    reports: &mut [Report],
    (taxonomy, precompress): (&Taxonomy, bool),
    incremental: Option<Incremental>,
    sink: &dyn PageSink,
) -> Result<u32, Error> {
    let memo = incremental.as_ref().map(|i| i.memo);
    let gzip = match precompress {
        true => Gzip::Beside(memo),
        false => Gzip::None,
    };
    let mut cache = incremental.map(|i| i.cache);
    let cached = cache.as_deref_mut().map(|c| std::mem::take(&mut c.terms));
    let last = (cache.as_deref_mut())
        .and_then(|c| c.postings.take().filter(|_| c.precompress == precompress));
    let facets = facets(reports, taxonomy);
    let texts = TextFiles {
        memo,
        facets: &facets,
        facets_fingerprint: memo.map_or(0, |_| memo::json_fingerprint(&facets)),
    };
    let avg_length = average_length(reports, cached.as_ref());
    let patched = last
        .zip(cached.as_ref())
        .and_then(|(last, cached)| patch::patch(last, reports, cached, avg_length));
    let (postings, terms, dirty) = match patched {
        Some(patched) => {
            reports.par_iter().enumerate().try_for_each(|(i, report)| {
                texts
                    .write(i, report, None)
                    .into_iter()
                    .try_for_each(|p| sink.page(p))
            })?;
            (patched.postings, patched.terms, Some(patched.dirty))
        }
        None => {
            let keep = cache.is_some();
            let merged = merge(reports, cached.as_ref(), &texts, avg_length, keep, sink)?;
            (merged.0, merged.1, None)
        }
    };
    let shards = postings.shards.len() as u32;
    shard_files(&postings.shards, dirty.as_deref(), (memo, gzip), sink)?;
    let manifest = Manifest {
        version: 3,
        shards,
        reports: reports.len(),
        k1: K1,
        b: B,
        levels: IMPACT_LEVELS,
        report_facets: report_facets(reports, &facets),
        facets,
    };
    let json = serde_json::to_string(&manifest).expect("the manifest serialises");
    data_files("manifest", &json, gzip)
        .into_iter()
        .try_for_each(|p| sink.page(p))?;
    if let Some(cache) = cache {
        cache.terms = terms;
        cache.postings = Some(postings);
        cache.precompress = precompress;
    }
    for report in reports {
        report.analysis.words = Arc::default();
    }
    Ok(shards)
}

/// Every report's postings merged, and (if `keep`) each report's terms for
/// the cache; the reports' text files go to `sink` on the way. Without
/// `keep`, each report's word counts are let go once its chunk is merged:
/// the index is their last reader, and they would otherwise be held, with
/// the postings, through the build's peak of memory.
fn merge(
    reports: &mut [Report],
    cached: Option<&TermCache>,
    texts: &TextFiles,
    avg_length: f64,
    keep: bool,
    sink: &dyn PageSink,
) -> Result<(ShardedPostings, TermCache), Error> {
    let mut kept = TermCache::default();
    let mut partitions: Vec<Partition> = (0..PARTITIONS).map(|_| Partition::default()).collect();
    for (chunk, slice) in reports.chunks_mut(CHUNK).enumerate() {
        let first = chunk * CHUNK;
        // Each report's text files are written as it is tokenised, on
        // every core: written after the chunk's merge, they kept all but
        // one core idle.
        let tokenised: Vec<Tokenised> = slice
            .par_iter()
            .enumerate()
            .map(|(i, report)| {
                let terms = cached.and_then(|c| c.get(&report.fingerprint));
                let (t, text) = tokenise(first + i, report, terms, texts, avg_length);
                text.into_iter().try_for_each(|p| sink.page(p))?;
                Ok(t)
            })
            .collect::<Result<_, Error>>()?;
        partitions.par_iter_mut().enumerate().for_each(|(p, part)| {
            for (i, t) in tokenised.iter().enumerate() {
                part.add(first + i, &t.impacts[p]);
            }
        });
        if keep {
            for (report, t) in slice.iter().zip(tokenised) {
                kept.insert(report.fingerprint, t.terms);
            }
        } else {
            drop(tokenised);
            for report in slice {
                report.analysis.words = Arc::default();
            }
        }
    }
    let terms: Vec<(String, Postings)> = partitions
        .into_par_iter()
        .flat_map_iter(Partition::into_terms)
        .collect();
    let order = reports.iter().map(|r| r.fingerprint).collect();
    Ok((ShardedPostings::new(order, avg_length, terms), kept))
}

/// Mean weighted length of a report (BM25 normalises by it), rounded. A
/// report's length is in its cached grams, if there are any.
fn average_length(reports: &[Report], cached: Option<&TermCache>) -> f64 {
    let length = |r: &Report| match cached.and_then(|c| c.get(&r.fingerprint)) {
        Some(terms) => u64::from(terms.length),
        None => terms::report_length(r),
    };
    let total: u64 = reports.par_iter().map(length).sum();
    rounded_mean(total, reports.len())
}

/// Steps of the rounded mean length per power of two: a step is under
/// 1/64 (1.6 %) of the mean.
const MEAN_STEPS: f64 = 64.0;

/// Rule "rounded mean length": the mean is rounded to a step of 1/64 of
/// its power of two. Editing one report moves the exact mean a little, and
/// every report's impacts (so every index file) would move with it; with
/// the rounded mean, an edit changes only the postings of the edited
/// report's terms, unless the mean crosses a step. Impacts are quantised to
/// [`IMPACT_LEVELS`] anyway, so a 1 % longer mean length changes almost none.
fn rounded_mean(total: u64, reports: usize) -> f64 {
    let mean = (total as f64 / reports.max(1) as f64).max(1.0);
    let step = 2f64.powi(mean.log2().floor() as i32) / MEAN_STEPS;
    ((mean / step).round() * step).max(1.0)
}

/// A term of one report and its impact there.
type Impacts<'r> = Vec<(Term<'r>, u32)>;

/// An index term: a character or pair, or a jieba word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Term<'r> {
    Gram(Gram),
    /// Borrowed from the report's word counts: the reports outlive the
    /// index build, so no word is copied per report.
    Word(&'r str),
}

impl Term<'_> {
    fn partition(&self) -> usize {
        let hash = match self {
            Term::Gram(g) => g.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32,
            Term::Word(w) => u64::from(fnv1a(w.as_bytes())),
        };
        (hash % PARTITIONS as u64) as usize
    }

    fn text(&self) -> String {
        match self {
            Term::Gram(g) => gram_text(*g),
            Term::Word(w) => format!("{WORD_PREFIX}{w}"),
        }
    }
}

/// A report's terms: its weighted character and pair counts, its weighted
/// length, and its words (shared with the report).
#[derive(Debug)]
pub struct ReportTerms {
    grams: Vec<(Gram, u32)>,
    length: u32,
    words: Arc<WordCounts>,
}

impl ReportTerms {
    fn new(counts: TermCounts, words: &Arc<WordCounts>) -> Self {
        ReportTerms {
            grams: counts.grams.into_iter().collect(),
            length: counts.length,
            words: Arc::clone(words),
        }
    }

    /// A report's terms, counted.
    fn counted(report: &Report) -> Self {
        ReportTerms::new(terms::count(&documents(report)), &report.analysis.words)
    }

    /// Each term and its impact in the report, given the archive's mean
    /// length. The words are the report's, borrowed from `words` (its
    /// own, or these terms' copy of them), so the terms live as long as
    /// the caller needs.
    fn impacts<'w>(
        &self,
        words: &'w WordCounts,
        avg_length: f64,
    ) -> impl Iterator<Item = (Term<'w>, u32)> + use<'_, 'w> {
        let norm = 1.0 - B + B * f64::from(self.length) / avg_length;
        let grams = self.grams.iter().map(|&(g, tf)| (Term::Gram(g), tf));
        let words = words.iter().map(|(w, tf)| (Term::Word(w), tf));
        grams
            .chain(words)
            .map(move |(term, tf)| (term, impact(tf, norm)))
    }
}

/// One report, tokenised: its impacts split by partition, its text file,
/// its terms (for the cache of an incremental rebuild).
struct Tokenised<'r> {
    impacts: Vec<Impacts<'r>>,
    terms: Arc<ReportTerms>,
}

/// Cuts report `i` into documents and terms (counted unless `cached`),
/// and makes its text files. Pure: depends on this report (and the
/// archive's mean length) only.
fn tokenise<'r>(
    i: usize,
    report: &'r Report,
    cached: Option<&Arc<ReportTerms>>,
    texts: &TextFiles,
    avg_length: f64,
) -> (Tokenised<'r>, Vec<Page>) {
    let docs = documents(report);
    let terms = cached.map_or_else(
        || {
            Arc::new(ReportTerms::new(
                terms::count(&docs),
                &report.analysis.words,
            ))
        },
        Arc::clone,
    );
    let mut impacts: Vec<Impacts<'r>> = vec![Vec::new(); PARTITIONS];
    for (term, impact) in terms.impacts(&report.analysis.words, avg_length) {
        impacts[term.partition()].push((term, impact));
    }
    let text = texts.write(i, report, Some(&docs));
    (Tokenised { impacts, terms }, text)
}

/// BM25's term-frequency part, quantised to 1..=IMPACT_LEVELS: the browser
/// multiplies it by the term's rarity (idf), which it computes from `df`.
fn impact(tf: u32, norm: f64) -> u32 {
    let tf = f64::from(tf);
    let saturated = tf * (K1 + 1.0) / (tf + K1 * norm);
    let level = (saturated / (K1 + 1.0) * f64::from(IMPACT_LEVELS)).round();
    (level as u32).clamp(1, IMPACT_LEVELS)
}

/// The postings of a share of the terms. Words are keys of their own
/// (copied once per distinct word, not once per report), so that a report's
/// word counts can be let go as soon as its chunk is merged.
#[derive(Default)]
struct Partition {
    grams: FxHashMap<Gram, Postings>,
    words: FxHashMap<Box<str>, Postings>,
}

impl Partition {
    fn add(&mut self, report: usize, impacts: &Impacts<'_>) {
        let report = report as u32;
        for &(term, impact) in impacts {
            match term {
                Term::Gram(g) => self.grams.entry(g).or_default().push(report, impact),
                Term::Word(w) => match self.words.get_mut(w) {
                    Some(p) => p.push(report, impact),
                    None => {
                        let mut p = Postings::default();
                        p.push(report, impact);
                        self.words.insert(w.into(), p);
                    }
                },
            }
        }
    }

    fn into_terms(self) -> impl Iterator<Item = (String, Postings)> {
        let grams = self
            .grams
            .into_iter()
            .map(|(g, p)| (Term::Gram(g).text(), p));
        let words = (self.words.into_iter()).map(|(w, p)| (Term::Word(&w).text(), p));
        grams.chain(words)
    }
}

/// What a term adds to the shard text [`shard_count`] aims to bound: the
/// term, its df and quotes, and its postings unless they are long.
fn entry_bytes(term: &str, postings: &Postings) -> usize {
    let inline = Some(postings.encoded.len()).filter(|&n| n <= LONG_POSTINGS);
    term.len() + 12 + inline.unwrap_or(0)
}

/// Enough shards (a power of two) for each to hold about
/// [`TARGET_SHARD_BYTES`] of the `bytes` of shard text.
fn shard_count(bytes: usize) -> u32 {
    (bytes / TARGET_SHARD_BYTES + 1).next_power_of_two() as u32
}

/// The shard files, and the packs of their long postings. With `dirty`
/// (an incremental rebuild that patched the postings), a shard not marked
/// in it is unchanged and its files are kept.
fn shard_files(
    shards: &[Vec<(String, Postings)>],
    dirty: Option<&[bool]>,
    (memo, gzip): (Option<&Memo>, Gzip),
    sink: &dyn PageSink,
) -> Result<(), Error> {
    shards.par_iter().enumerate().try_for_each(|(n, entries)| {
        let pages = match (dirty, memo) {
            (Some(dirty), Some(memo)) if !dirty[n] => kept_shard_files(n, entries, memo, gzip),
            _ => shard_file(n, entries, gzip),
        };
        pages.into_iter().try_for_each(|p| sink.page(p))
    })
}

/// The files of shard `n`, unchanged since the last build: the shard and
/// its packs, each with its gzip copy if the site has them (whose memo
/// entry is carried to the next build, which compresses only changed
/// scripts).
fn kept_shard_files(
    n: usize,
    entries: &[(String, Postings)],
    memo: &Memo,
    gzip: Gzip,
) -> Vec<Page> {
    let (_, packs) = packs(entries);
    let names = (0..packs).map(|k| format!("p/{n}-{k}"));
    let mut pages = Vec::with_capacity(2 * (packs + 1));
    for name in names.chain([format!("s/{n}")]) {
        if let Gzip::Beside(_) = gzip {
            let gz = format!("search/{name}.js.gz");
            memo.carry(&gz);
            pages.push(Page::unchanged(gz));
        }
        pages.push(Page::unchanged(format!("search/{name}.js")));
    }
    pages
}

/// Which pack each of a shard's terms has its postings in (`None`: in the
/// shard), and how many packs there are. Packs fill in term order; the
/// next pack starts where a term's postings would take one past
/// [`PACK_BYTES`].
fn packs(entries: &[(String, Postings)]) -> (Vec<Option<usize>>, usize) {
    let (mut count, mut bytes) = (0, 0);
    let of = entries
        .iter()
        .map(|(term, postings)| {
            let len = postings.encoded.len();
            if len <= LONG_POSTINGS {
                return None;
            }
            // The term, its postings, quotes, colon and comma.
            let entry = term.len() + len + 6;
            if count == 0 || bytes + entry > PACK_BYTES {
                count += 1;
                bytes = 0;
            }
            bytes += entry;
            Some(count - 1)
        })
        .collect();
    (of, count)
}

/// Shard `n`: `{term: [df, postings or pack number]}` in term order, plus
/// its packs `p/<n>-<k>`: `{term: postings}`.
fn shard_file(n: usize, entries: &[(String, Postings)], gzip: Gzip) -> Vec<Page> {
    let (pack_of, count) = packs(entries);
    let mut json = String::from("{");
    let mut packs = vec![String::from("{"); count];
    for ((term, postings), pack) in entries.iter().zip(pack_of) {
        if json.len() > 1 {
            json.push(',');
        }
        let term = serde_json::to_string(term).expect("a string serialises");
        json.push_str(&term);
        let text = postings.as_str();
        match pack {
            Some(k) => {
                json.push_str(&format!(":[{},{k}]", postings.df));
                let pack = &mut packs[k];
                if pack.len() > 1 {
                    pack.push(',');
                }
                pack.push_str(&format!("{term}:\"{text}\""));
            }
            None => json.push_str(&format!(":[{},\"{text}\"]", postings.df)),
        }
    }
    json.push('}');
    let mut pages = Vec::new();
    for (k, mut pack) in packs.into_iter().enumerate() {
        pack.push('}');
        pages.extend(data_files(&format!("p/{n}-{k}"), &pack, gzip));
    }
    pages.extend(data_files(&format!("s/{n}"), &json, gzip));
    pages
}

/// `r/<i>`: report `i`'s text as the browser shows it: what a search
/// result shows, and what the compare view sets side by side (its part is
/// in the masks of its top-level sections' headings), and the report's
/// text as data, which its page offers for download. One file for all
/// three, so that the site carries each report's text as data once.
#[derive(Serialize)]
struct TextFile<'a> {
    slug: &'a str,
    title: &'a str,
    issuer: Option<&'a str>,
    year: Option<i32>,
    /// `[anchor, text, mask]` per document, in reading order.
    docs: Vec<(&'a str, &'a str, u64)>,
    /// Where each top-level section's heading is in `docs`.
    sections: Vec<usize>,
}

/// How the reports' text files are written: the facets their masks use,
/// and the memo of an incremental rebuild.
struct TextFiles<'a> {
    memo: Option<&'a Memo>,
    facets: &'a [Facet],
    facets_fingerprint: u64,
}

impl TextFiles<'_> {
    /// Report `i`'s text file. It shows the report (its slug, title and
    /// documents, which are made here unless given) with masks made from
    /// the facets: with the same, an incremental rebuild keeps the file.
    fn write(&self, i: usize, report: &Report, docs: Option<&[Doc]>) -> Vec<Page> {
        let path = format!("search/r/{i}.js");
        let inputs = (report.fingerprint, &report.slug, self.facets_fingerprint);
        if memo::unchanged(self.memo, &path, inputs) {
            return vec![Page::unchanged(path)];
        }
        let made;
        let docs = match docs {
            Some(docs) => docs,
            None => {
                made = documents(report);
                &made
            }
        };
        let facets = self.facets;
        let file = TextFile {
            slug: &report.slug,
            title: &report.meta.title,
            issuer: report.meta.issuer.as_deref(),
            year: report.meta.year,
            docs: docs
                .iter()
                .map(|d| (d.anchor, d.text, doc_mask(d, facets)))
                .collect(),
            sections: report.top_section_documents(),
        };
        let json = serde_json::to_string(&file).expect("strings serialise");
        data_files(&format!("r/{i}"), &json, Gzip::None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mean_length_is_rounded_to_a_64th_of_its_power_of_two() {
        // About 3,000 weighted characters a report: the step is 2048 / 64 = 32.
        assert_eq!(rounded_mean(3_000 * 1_000, 1_000), 3_008.0);
        // One report of a thousand made 400 characters longer: the same.
        assert_eq!(rounded_mean(3_000 * 1_000 + 400, 1_000), 3_008.0);
        // Past half a step, the next step.
        assert_eq!(rounded_mean(3_023 * 1_000, 1_000), 3_008.0);
        assert_eq!(rounded_mean(3_024 * 1_000, 1_000), 3_040.0);
        for mean in [1u64, 7, 63, 64, 65, 1_000, 4_095, 4_096, 123_456] {
            let rounded = rounded_mean(mean * 10, 10);
            let error = (rounded - mean as f64).abs() / mean as f64;
            assert!(error <= 1.0 / 128.0 + 1e-9, "{mean} → {rounded}");
        }
        assert_eq!(rounded_mean(0, 0), 1.0, "an empty archive");
    }

    /// Postings of `entries` reports, each with impact 1, one after another.
    fn postings(entries: u32) -> Postings {
        let mut p = Postings::default();
        (0..entries).for_each(|r| p.push(r, 1));
        p
    }

    #[test]
    fn long_postings_are_packed_several_to_a_file_up_to_a_shards_bytes() {
        // Each entry is two digits: 600 entries make postings of 1,200
        // bytes (long), 5,000 of 10,000 (most of a pack), 20,000 of
        // 40,000 (more than a pack alone).
        let entries: Vec<(String, Postings)> = [
            ("a", 600),
            ("b", 10),
            ("c", 600),
            ("d", 5_000),
            ("e", 20_000),
            ("f", 600),
        ]
        .into_iter()
        .map(|(t, n)| (t.to_owned(), postings(n)))
        .collect();
        let (of, count) = packs(&entries);
        assert_eq!(of, [Some(0), None, Some(0), Some(0), Some(1), Some(2)]);
        assert_eq!(count, 3);
        let pages = shard_file(0, &entries, Gzip::None);
        let names: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            names,
            [
                "search/p/0-0.js",
                "search/p/0-1.js",
                "search/p/0-2.js",
                "search/s/0.js"
            ]
        );
        let data = |page: &Page| -> serde_json::Value {
            let script = std::str::from_utf8(&page.bytes).unwrap();
            let json = script.split_once(',').unwrap().1.trim_end();
            serde_json::from_str(json.strip_suffix(");").unwrap()).unwrap()
        };
        let shard = data(&pages[3]);
        assert_eq!(shard["a"], serde_json::json!([600, 0]));
        assert_eq!(shard["b"][1], postings(10).as_str());
        assert_eq!(shard["e"], serde_json::json!([20_000, 1]));
        let first = data(&pages[0]);
        let terms: Vec<&String> = first.as_object().unwrap().keys().collect();
        assert_eq!(terms, ["a", "c", "d"]);
        assert_eq!(first["c"], postings(600).as_str());
        assert!(pages[0].bytes.len() < PACK_BYTES + 100);
        assert_eq!(data(&pages[2])["f"], postings(600).as_str());
    }

    #[test]
    fn shard_of_is_fnv1a() {
        // FNV-1a of "a" is 0xe40c292c.
        assert_eq!(shard_of("a", 1 << 31), 0xe40c_292c % (1 << 31));
        assert_eq!(shard_of("", 7), 0x811c_9dc5 % 7);
    }

    #[test]
    fn impact_saturates_and_discounts_long_reports() {
        assert!(impact(1, 1.0) < impact(10, 1.0));
        assert!(impact(10, 1.0) < impact(1000, 1.0));
        assert_eq!(impact(1_000_000, 1.0), IMPACT_LEVELS, "saturated");
        assert!(impact(5, 2.0) < impact(5, 0.5), "longer reports weigh less");
        assert!(impact(1, 1000.0) >= 1, "never zero: the report holds it");
    }
}
