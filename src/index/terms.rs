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

use crate::model::{MandatedPart, Report};
use crate::segment;
use std::collections::{BTreeMap, HashMap};

/// Prefix of jieba word terms, so a word never collides with a character
/// pair of the same spelling.
pub const WORD_PREFIX: char = '~';

/// A title occurrence counts as this many paragraph occurrences (BM25F:
/// a report whose title names the query is about it).
pub const TITLE_WEIGHT: u32 = 4;
/// A heading occurrence counts as this many paragraph occurrences.
pub const HEADING_WEIGHT: u32 = 2;

/// What a document is: drives the heading/title boost in ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Title,
    Heading,
    Paragraph,
}

impl DocKind {
    fn weight(self) -> u32 {
        match self {
            DocKind::Title => TITLE_WEIGHT,
            DocKind::Heading => HEADING_WEIGHT,
            DocKind::Paragraph => 1,
        }
    }
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

/// Calls `visit(anchor, text, kind, part)` for every document of a report
/// in reading order: title, preamble, then every section's heading and
/// paragraphs (`part`: the mandated part of the top-level section).
fn each_document<'a>(
    report: &'a Report,
    mut visit: impl FnMut(&'a str, &'a str, DocKind, Option<MandatedPart>),
) {
    visit("", &report.meta.title, DocKind::Title, None);
    for p in &report.preamble {
        visit(&p.anchor, &p.text, DocKind::Paragraph, None);
    }
    for top in &report.sections {
        let part = top.part.as_ref().and_then(|m| m.part);
        let mut stack = vec![top];
        while let Some(section) = stack.pop() {
            visit(&section.anchor, &section.heading, DocKind::Heading, part);
            for p in &section.paragraphs {
                visit(&p.anchor, &p.text, DocKind::Paragraph, part);
            }
            stack.extend(section.children.iter().rev());
        }
    }
}

/// The documents of a report in reading order, with their topics.
pub fn documents(report: &Report) -> Vec<Doc> {
    let topics: BTreeMap<&str, &Vec<usize>> = report
        .analysis
        .paragraph_topics
        .iter()
        .map(|(anchor, t)| (anchor.as_str(), t))
        .collect();
    let mut docs = Vec::new();
    each_document(report, |anchor, text, kind, part| {
        let topics = match kind {
            DocKind::Paragraph => topics.get(anchor).map_or(Vec::new(), |t| t.to_vec()),
            _ => Vec::new(),
        };
        docs.push(Doc {
            anchor: anchor.to_owned(),
            text: text.to_owned(),
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
    each_document(report, |_, text, kind, _| {
        length += u64::from(weighted_length(text, kind));
    });
    length
}

/// Folds text the way queries are folded: ASCII letters to lower case.
/// (`static/search-core.js` `fold` does the same, one character for one.)
pub fn fold(text: &str) -> Vec<char> {
    text.chars().map(|c| c.to_ascii_lowercase()).collect()
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

/// The weighted term counts of one report and its weighted length.
#[derive(Debug, Default)]
pub struct TermCounts {
    pub grams: HashMap<Gram, u32>,
    pub words: HashMap<String, u32>,
    /// Characters, weighted like the terms (BM25 length normalisation).
    pub length: u32,
}

impl TermCounts {
    /// Counts the terms of one document with its kind's weight: every
    /// character and pair of adjacent characters (none with whitespace),
    /// and every jieba word of two or more characters without whitespace.
    pub fn add(&mut self, text: &str, kind: DocKind) {
        let weight = kind.weight();
        self.length += weighted_length(text, kind);
        let chars = fold(text);
        for (i, &c) in chars.iter().enumerate() {
            if c.is_whitespace() {
                continue;
            }
            *self.grams.entry(gram(c, None)).or_default() += weight;
            if let Some(&next) = chars.get(i + 1).filter(|n| !n.is_whitespace()) {
                *self.grams.entry(gram(c, Some(next))).or_default() += weight;
            }
        }
        let folded: String = chars.into_iter().collect();
        for word in segment::dictionary_words(&folded) {
            let multi = word.chars().nth(1).is_some();
            if multi && !word.chars().any(char::is_whitespace) {
                *self.words.entry(word.to_owned()).or_default() += weight;
            }
        }
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
        counts.add(&doc.text, doc.kind);
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
        assert_eq!(c.length, 9, "whitespace is not counted");
        assert!(!c.words.is_empty());
    }

    #[test]
    fn titles_and_headings_weigh_more() {
        let mut c = TermCounts::default();
        c.add("法治", DocKind::Title);
        c.add("法治", DocKind::Heading);
        c.add("法治", DocKind::Paragraph);
        assert_eq!(
            c.grams[&gram('法', Some('治'))],
            TITLE_WEIGHT + HEADING_WEIGHT + 1
        );
    }

    #[test]
    fn gram_text_round_trips() {
        assert_eq!(gram_text(gram('法', None)), "法");
        assert_eq!(gram_text(gram('𠀀', Some('a'))), "𠀀a");
    }
}
