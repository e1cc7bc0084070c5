//! What is searchable in a report: its documents (title, headings,
//! paragraphs) and its terms, each with a weight that says how strongly the
//! report is about it.
//!
//! Terms are every single character, every pair of adjacent characters (so
//! that any substring of two or more characters can be looked up, words
//! jieba does not know included) and jieba's words of two or more
//! characters (prefixed with [`WORD_PREFIX`], for ranking whole-word
//! matches). Positions are not kept: the browser verifies every candidate
//! against the report's text, which it loads anyway for the snippets.

use crate::model::{DocKind, MandatedPart, Report};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Prefix of jieba word terms, so a word never collides with a character
/// pair of the same spelling.
pub const WORD_PREFIX: char = '~';

/// One searchable document of a report (its text borrowed from it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc<'a> {
    /// The paragraph's anchor, or its section's for a heading; empty for the
    /// title.
    pub anchor: &'a str,
    /// The document's text, as the report holds it.
    pub text: &'a str,
    /// Title, heading or paragraph, which weighs its terms
    /// ([`DocKind::weight`]).
    pub kind: DocKind,
    /// The mandated part of the top-level section it is in.
    pub part: Option<MandatedPart>,
    /// Indexes of its topics in the taxonomy.
    pub topics: &'a [usize],
}

/// The documents of a report in reading order, with their topics.
pub fn documents(report: &Report) -> Vec<Doc<'_>> {
    let topics: BTreeMap<&str, &[usize]> = report
        .analysis
        .paragraph_topics
        .iter()
        .map(|(anchor, t)| (anchor.as_str(), t.as_slice()))
        .collect();
    let mut docs = Vec::new();
    report.each_document(|anchor, text, kind, part| {
        let topics = match kind {
            DocKind::Paragraph => topics.get(anchor).copied().unwrap_or_default(),
            _ => &[],
        };
        docs.push(Doc {
            anchor,
            text,
            kind,
            part,
            topics,
        });
    });
    docs
}

/// A report's length as BM25 sees it: the sum of its documents' weighted
/// lengths (the same as [`TermCounts::length`] after [`count`]), without
/// copying its text.
pub fn report_length(report: &Report) -> u64 {
    let mut length = 0;
    report.each_document(|_, text, kind, _| {
        length += u64::from(weighted_length(text, kind));
    });
    length
}

/// Folds text the way queries are folded: ASCII letters to lower case.
/// (`static/search-core.js` `fold` does the same, one character for one.)
pub fn fold(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().map(|c| c.to_ascii_lowercase())
}

/// A character or a pair of characters, packed in one integer so that
/// counting them allocates nothing: the first character in the high half,
/// the second (or [`NO_CHAR`]) in the low half.
pub type Gram = u64;

/// The low half of a single character's [`Gram`]: not a Unicode scalar.
const NO_CHAR: u64 = 0xFFFF_FFFF;

fn gram(first: char, second: Option<char>) -> Gram {
    (u64::from(first) << 32) | second.map_or(NO_CHAR, u64::from)
}

/// The text of a [`Gram`]: its one or two characters.
pub fn gram_text(gram: Gram) -> String {
    [gram >> 32, gram & NO_CHAR]
        .into_iter()
        .filter(|&c| c != NO_CHAR)
        .filter_map(|c| char::from_u32(c as u32))
        .collect()
}

/// The weighted character and pair counts of one report and its weighted
/// length. (Its words were counted by the analyse stage:
/// [`crate::segment::word_counts`].)
#[derive(Debug, Default)]
pub struct TermCounts {
    /// Each character and pair of adjacent characters, with its weighted
    /// count.
    pub grams: FxHashMap<Gram, u32>,
    /// Characters, weighted like the terms (BM25 length normalisation).
    pub length: u32,
}

impl TermCounts {
    /// Counts the terms of one document with its kind's weight: every
    /// character and pair of adjacent characters (none with whitespace).
    pub fn add(&mut self, text: &str, kind: DocKind) {
        let weight = kind.weight();
        // Its weighted length (as `weighted_length` counts it), counted
        // here rather than in another pass over the text.
        let mut length = 0;
        // One pass, each character tested for whitespace once: a pair is
        // the character before (none after whitespace) and this one.
        let mut before = None;
        for c in fold(text) {
            if c.is_whitespace() {
                before = None;
                continue;
            }
            length += 1;
            *self.grams.entry(gram(c, None)).or_default() += weight;
            if let Some(first) = before {
                *self.grams.entry(gram(first, Some(c))).or_default() += weight;
            }
            before = Some(c);
        }
        self.length += length * weight;
    }
}

/// A document's length as BM25 sees it: its non-whitespace characters,
/// weighted like its terms.
pub fn weighted_length(text: &str, kind: DocKind) -> u32 {
    text.chars().filter(|c| !c.is_whitespace()).count() as u32 * kind.weight()
}

/// Counts every document of a report.
pub fn count(docs: &[Doc]) -> TermCounts {
    let mut counts = TermCounts::default();
    for doc in docs {
        counts.add(doc.text, doc.kind);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_are_characters_and_pairs_without_whitespace() {
        let mut c = TermCounts::default();
        c.add("粤港澳大湾区 ABC", DocKind::Paragraph);
        assert_eq!(c.grams[&gram('湾', Some('区'))], 1);
        assert_eq!(c.grams[&gram('a', Some('b'))], 1, "ASCII folded");
        assert!(!c.grams.contains_key(&gram('区', Some(' '))));
        assert!(
            !c.grams.contains_key(&gram('区', Some('a'))),
            "no pair across a space"
        );
        assert_eq!(c.length, 9, "whitespace is not counted");
    }

    #[test]
    fn whitespace_at_the_edges_and_in_runs_makes_no_pair() {
        let mut c = TermCounts::default();
        c.add(" 法治\u{3000}\t 政府 ", DocKind::Paragraph);
        let mut grams: Vec<String> = c.grams.keys().map(|&g| gram_text(g)).collect();
        grams.sort();
        assert_eq!(grams, ["府", "政", "政府", "治", "法", "法治"]);
        assert_eq!(c.length, 4);
    }

    #[test]
    fn titles_and_headings_weigh_more() {
        let mut c = TermCounts::default();
        c.add("法治", DocKind::Title);
        c.add("法治", DocKind::Heading);
        c.add("法治", DocKind::Paragraph);
        assert_eq!(
            c.grams[&gram('法', Some('治'))],
            crate::model::TITLE_WEIGHT + crate::model::HEADING_WEIGHT + 1
        );
    }

    #[test]
    fn counted_length_is_the_report_length() {
        use crate::model::{DecodedSource, SourceFormat};
        let text =
            "某市法治政府建设报告\n\n一、法治 政府\n\n推进法治\u{3000}政府建设， PDF 文件。\n";
        let source = DecodedSource::utf8("r.txt", SourceFormat::Text, text);
        let (report, _) = crate::parse::parse(source).expect("parses");
        let counts = count(&documents(&report));
        assert_eq!(u64::from(counts.length), report_length(&report));
        assert!(counts.length > 0);
    }

    #[test]
    fn gram_text_round_trips() {
        assert_eq!(gram_text(gram('法', None)), "法");
        assert_eq!(gram_text(gram('𠀀', Some('a'))), "𠀀a");
    }
}
