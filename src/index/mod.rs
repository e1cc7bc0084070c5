//! Index: the full-text search index of the archive, for the browser.
//!
//! Documents are the title, headings and paragraphs of every report, each
//! with its permalink anchor. Every document is cut into terms
//! ([`terms_of`]): every pair of adjacent characters (so that any substring
//! of two or more characters is found, also words jieba does not know),
//! every single character (one-character queries), and jieba's words
//! (ranking: a query that is a whole word ranks above one that straddles
//! words). Each term keeps its positions, so the browser checks that the
//! pairs of a query follow each other in order (no false matches).
//!
//! The postings are split into shards by a hash of the term
//! ([`shard_of`], FNV-1a, the same in `static/search-core.js`), so that a
//! query downloads only the shards of its own terms. Snippet text lives in
//! one file per report, fetched only for the results shown. Every file is
//! written as JSON (for `fetch`), as a script (for `file://`, where `fetch`
//! is blocked) and as a `.gz` copy of the JSON for hosts that serve it.
//!
//! [`tokenise_report`] is a pure function of one report, so it runs in the
//! parallel per-report stage; [`build`] merges the per-report results in
//! archive order, which is linear in the archive.

use crate::analyse::topics::Taxonomy;
use crate::model::{MandatedPart, Page, Report};
use crate::segment;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

/// Bytes of uncompressed postings a shard should hold at most (before
/// compression, which divides it by about four): small enough that a cold
/// query of a few terms stays well under 150 KB compressed.
pub const TARGET_SHARD_BYTES: usize = 96 * 1024;

/// Prefix of jieba word terms, so a word never collides with a character
/// pair of the same spelling.
pub const WORD_PREFIX: char = '~';

/// What a document is: drives the heading/title boost in ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DocKind {
    Title,
    Heading,
    Paragraph,
}

/// One searchable document of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub anchor: String,
    pub text: String,
    pub kind: DocKind,
    /// The mandated part of the top-level section it is in.
    pub part: Option<MandatedPart>,
    /// Indexes of its topics in the taxonomy.
    pub topics: Vec<usize>,
}

/// A term's occurrences in one report: (document index, positions), in
/// document order.
pub type DocPositions = Vec<(u32, Vec<u32>)>;

/// The terms of one report: its documents, and for each term the positions
/// (in characters) where it occurs in each document.
#[derive(Debug, Clone, Default)]
pub struct ReportTerms {
    pub docs: Vec<Doc>,
    /// term → (document index in `docs`, positions), documents in order.
    pub postings: BTreeMap<String, DocPositions>,
}

/// The documents of a report in reading order: title, preamble, then every
/// section's heading and paragraphs.
pub fn documents(report: &Report) -> Vec<Doc> {
    let topics: BTreeMap<&str, &Vec<usize>> = report
        .analysis
        .paragraph_topics
        .iter()
        .map(|(anchor, t)| (anchor.as_str(), t))
        .collect();
    let topics_of = |anchor: &str| topics.get(anchor).map_or(Vec::new(), |t| t.to_vec());
    let mut docs = vec![Doc {
        anchor: String::new(),
        text: report.meta.title.clone(),
        kind: DocKind::Title,
        part: None,
        topics: Vec::new(),
    }];
    let paragraph = |p: &crate::model::Paragraph, part| Doc {
        anchor: p.anchor.clone(),
        text: p.text.clone(),
        kind: DocKind::Paragraph,
        part,
        topics: topics_of(&p.anchor),
    };
    docs.extend(report.preamble.iter().map(|p| paragraph(p, None)));
    for top in &report.sections {
        let part = top.part.as_ref().and_then(|m| m.part);
        let mut stack = vec![top];
        while let Some(section) = stack.pop() {
            docs.push(Doc {
                anchor: section.anchor.clone(),
                text: section.heading.clone(),
                kind: DocKind::Heading,
                part,
                topics: Vec::new(),
            });
            docs.extend(section.paragraphs.iter().map(|p| paragraph(p, part)));
            stack.extend(section.children.iter().rev());
        }
    }
    docs
}

/// Folds text the way queries are folded: ASCII letters to lower case.
/// (`static/search-core.js` `fold` does the same, one character for one.)
pub fn fold(text: &str) -> Vec<char> {
    text.chars().map(|c| c.to_ascii_lowercase()).collect()
}

/// The terms of one text with their positions in characters: every single
/// character and every pair of adjacent characters (whitespace excluded),
/// and every jieba word of two or more characters.
pub fn terms_of(text: &str) -> BTreeMap<String, Vec<u32>> {
    let chars = fold(text);
    let mut terms: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            continue;
        }
        terms.entry(c.to_string()).or_default().push(i as u32);
        if let Some(&next) = chars.get(i + 1).filter(|n| !n.is_whitespace()) {
            terms
                .entry([c, next].iter().collect())
                .or_default()
                .push(i as u32);
        }
    }
    let folded: String = chars.iter().collect();
    for word in segment::words(&folded) {
        let len = word.text.chars().count();
        if len >= 2 && !word.text.chars().any(char::is_whitespace) {
            let at = folded[..word.start].chars().count() as u32;
            terms
                .entry(format!("{WORD_PREFIX}{}", word.text))
                .or_default()
                .push(at);
        }
    }
    terms
}

/// Cuts one report into documents and terms. Pure: depends on this report
/// only, so it runs in the parallel per-report stage.
pub fn tokenise_report(report: &Report) -> ReportTerms {
    let docs = documents(report);
    let mut postings: BTreeMap<String, DocPositions> = BTreeMap::new();
    for (d, doc) in docs.iter().enumerate() {
        for (term, positions) in terms_of(&doc.text) {
            postings
                .entry(term)
                .or_default()
                .push((d as u32, positions));
        }
    }
    ReportTerms { docs, postings }
}

/// The shard a term is in: FNV-1a (32 bits) of its UTF-8 bytes modulo the
/// shard count. Mirrored by `shardOf` in `static/search-core.js`.
pub fn shard_of(term: &str, shards: u32) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % shards
}

/// A filter of the search page: a name, a label, its values. Report facets
/// (year, region) are per report in the manifest; document facets (part,
/// topic) are bits of each posting's document mask starting at `bit`.
#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    pub key: &'static str,
    pub label: &'static str,
    pub values: Vec<String>,
    /// First bit of the document mask for a document facet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bit: Option<u32>,
}

/// What the browser needs before any query: the shard count, the reports
/// with their report facet values, the facets, the document count.
#[derive(Debug, Serialize)]
struct Manifest {
    version: u32,
    shards: u32,
    docs: usize,
    /// Mean document length in characters (BM25).
    avg_len: f64,
    facets: Vec<Facet>,
    /// `[slug, title, [value index per report facet, -1 for none]]`.
    reports: Vec<(String, String, Vec<i64>)>,
}

/// Bit of the document mask that marks a heading or title.
const HEADING_BIT: u32 = 0;

/// Builds the search files from every report's terms (in archive order).
/// `search/manifest.json`, `search/s/<n>.json` (postings), and
/// `search/r/<i>.json` (snippet text per report), each also as `.js` and
/// `.json.gz`.
pub fn build(reports: &[Report], terms: &[ReportTerms], taxonomy: &Taxonomy) -> Vec<Page> {
    let facets = facets(reports, taxonomy);
    let report_values = |r: &Report| -> Vec<i64> {
        let value = |facet: &Facet, v: Option<String>| {
            v.and_then(|v| facet.values.iter().position(|x| *x == v))
                .map_or(-1, |i| i as i64)
        };
        vec![
            value(&facets[0], r.meta.year.map(|y| y.to_string())),
            value(&facets[1], province(r)),
        ]
    };
    let doc_count: usize = terms.iter().map(|t| t.docs.len()).sum();
    let total_len: usize = terms
        .iter()
        .flat_map(|t| &t.docs)
        .map(|d| d.text.chars().count())
        .sum();
    let mut postings: BTreeMap<&str, Vec<(u32, &DocPositions)>> = BTreeMap::new();
    for (r, t) in terms.iter().enumerate() {
        for (term, docs) in &t.postings {
            postings
                .entry(term.as_str())
                .or_default()
                .push((r as u32, docs));
        }
    }
    let masks: Vec<Vec<u64>> = terms
        .iter()
        .map(|t| t.docs.iter().map(|d| doc_mask(d, &facets)).collect())
        .collect();
    let lens: Vec<Vec<usize>> = terms
        .iter()
        .map(|t| t.docs.iter().map(|d| d.text.chars().count()).collect())
        .collect();
    let encoded: Vec<(&str, String)> = postings
        .iter()
        .map(|(term, by_report)| (*term, encode_postings(by_report, &masks, &lens)))
        .collect();
    let total: usize = encoded.iter().map(|(t, p)| t.len() + p.len() + 6).sum();
    let shards = (total / TARGET_SHARD_BYTES + 1).next_power_of_two() as u32;
    let mut shard_text: Vec<String> = vec![String::new(); shards as usize];
    for (term, list) in &encoded {
        let out = &mut shard_text[shard_of(term, shards) as usize];
        out.push(if out.is_empty() { '{' } else { ',' });
        out.push_str(&serde_json::to_string(term).expect("a string serialises"));
        out.push(':');
        out.push_str(list);
    }
    let mut pages = Vec::new();
    for (n, mut text) in shard_text.into_iter().enumerate() {
        if text.is_empty() {
            text.push('{');
        }
        text.push('}');
        pages.extend(data_files(&format!("s/{n}"), &text));
    }
    for (r, t) in terms.iter().enumerate() {
        let docs: Vec<(&str, &str)> = t
            .docs
            .iter()
            .map(|d| (d.anchor.as_str(), d.text.as_str()))
            .collect();
        let text = serde_json::to_string(&docs).expect("strings serialise");
        pages.extend(data_files(&format!("r/{r}"), &text));
    }
    let manifest = Manifest {
        version: 1,
        shards,
        docs: doc_count,
        avg_len: if doc_count == 0 {
            0.0
        } else {
            (total_len as f64 / doc_count as f64 * 10.0).round() / 10.0
        },
        reports: reports
            .iter()
            .map(|r| (r.slug.clone(), r.meta.title.clone(), report_values(r)))
            .collect(),
        facets,
    };
    let text = serde_json::to_string(&manifest).expect("the manifest serialises");
    pages.extend(data_files("manifest", &text));
    pages
}

/// The filters: year and region (province) per report, mandated part and
/// topic per document. Values sorted (years newest first).
fn facets(reports: &[Report], taxonomy: &Taxonomy) -> Vec<Facet> {
    let mut years: Vec<i32> = reports.iter().filter_map(|r| r.meta.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let mut regions: Vec<String> = reports.iter().filter_map(province).collect();
    regions.sort();
    regions.dedup();
    let part_bit = HEADING_BIT + 1;
    vec![
        Facet {
            key: "year",
            label: "年度",
            values: years.iter().map(i32::to_string).collect(),
            bit: None,
        },
        Facet {
            key: "region",
            label: "地区",
            values: regions,
            bit: None,
        },
        Facet {
            key: "part",
            label: "法定部分",
            values: MandatedPart::ALL
                .iter()
                .map(|p| p.label().to_owned())
                .collect(),
            bit: Some(part_bit),
        },
        Facet {
            key: "topic",
            label: "主题",
            values: taxonomy.topics.iter().map(|t| t.name.clone()).collect(),
            bit: Some(part_bit + MandatedPart::ALL.len() as u32),
        },
    ]
}

fn province(report: &Report) -> Option<String> {
    report.analysis.region.as_ref().map(|r| r.province.clone())
}

/// A document's mask: heading bit, its part's bit, its topics' bits. Bits
/// past 52 (a taxonomy of more than 46 topics) are dropped, since the
/// browser reads masks as doubles.
fn doc_mask(doc: &Doc, facets: &[Facet]) -> u64 {
    let mut mask = u64::from(doc.kind != DocKind::Paragraph) << HEADING_BIT;
    let part_bit = facets[2].bit.expect("part is a document facet");
    if let Some(part) = doc.part {
        let i = MandatedPart::ALL
            .iter()
            .position(|p| *p == part)
            .unwrap_or(0);
        mask |= 1 << (part_bit + i as u32);
    }
    let topic_bit = facets[3].bit.expect("topic is a document facet");
    for &t in &doc.topics {
        let bit = topic_bit + t as u32;
        if bit < 53 {
            mask |= 1 << bit;
        }
    }
    mask
}

/// A term's postings as a flat JSON array of integers:
/// `[report delta, doc count, (doc, length, mask, position count,
/// first position, position deltas…)…]…`.
fn encode_postings(
    by_report: &[(u32, &DocPositions)],
    masks: &[Vec<u64>],
    lens: &[Vec<usize>],
) -> String {
    let mut out = String::from("[");
    let mut previous = 0;
    let push = |out: &mut String, n: u64| {
        if out.len() > 1 {
            out.push(',');
        }
        write!(out, "{n}").expect("writing to a String");
    };
    for (r, docs) in by_report {
        push(&mut out, u64::from(r - previous));
        previous = *r;
        push(&mut out, docs.len() as u64);
        for (d, positions) in docs.iter() {
            let (r, d) = (*r as usize, *d as usize);
            push(&mut out, d as u64);
            push(&mut out, lens[r][d] as u64);
            push(&mut out, masks[r][d]);
            push(&mut out, positions.len() as u64);
            let mut last = 0;
            for &p in positions {
                push(&mut out, u64::from(p - last));
                last = p;
            }
        }
    }
    out.push(']');
    out
}

/// One data file three ways: `search/<name>.json`, `search/<name>.json.gz`,
/// and `search/<name>.js`, a script handing the same data to
/// `BaogaoSearch.register` (for `file://`, where `fetch` is blocked; JSON
/// is valid JavaScript, and the file is a script of the site itself, so the
/// CSP `script-src 'self'` allows it).
fn data_files(name: &str, json: &str) -> Vec<Page> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(json.as_bytes()).expect("writing to memory");
    let gz = gz.finish().expect("writing to memory");
    let script = format!(
        "BaogaoSearch.register({},{json});\n",
        serde_json::to_string(name).expect("a string serialises")
    );
    vec![
        Page {
            path: format!("search/{name}.json"),
            bytes: json.as_bytes().to_vec(),
        },
        Page {
            path: format!("search/{name}.json.gz"),
            bytes: gz,
        },
        Page {
            path: format!("search/{name}.js"),
            bytes: script.into_bytes(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_characters_pairs_and_words_with_positions() {
        let terms = terms_of("粤港澳大湾区 ABC");
        assert_eq!(terms["湾区"], vec![4]);
        assert_eq!(terms["区"], vec![5]);
        assert_eq!(terms["ab"], vec![7]);
        assert!(!terms.contains_key("区 "), "no pair across a space");
        assert!(terms.keys().any(|t| t.starts_with(WORD_PREFIX)));
    }

    #[test]
    fn shard_of_is_fnv1a() {
        // FNV-1a of "a" is 0xe40c292c.
        assert_eq!(shard_of("a", 1 << 31), 0xe40c_292c % (1 << 31));
        assert_eq!(shard_of("", 7), 0x811c_9dc5 % 7);
    }
}
