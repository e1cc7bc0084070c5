//! Chinese word segmentation with jieba-rs, shared by every stage that needs
//! words (keywords, similarity, the search index). The dictionary is loaded
//! when first needed and kept: loading it costs far more than segmenting a
//! report. A one-off build lets it go once every report is analysed
//! ([`release`]).

use crate::model::{Report, WordCounts};
use jieba_rs::Jieba;
use rustc_hash::FxHashMap;
use std::sync::{Arc, RwLock};

static JIEBA: RwLock<Option<Arc<Jieba>>> = RwLock::new(None);

/// The dictionary, loaded if it is not.
fn jieba() -> Arc<Jieba> {
    if let Some(jieba) = JIEBA.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
        return Arc::clone(jieba);
    }
    let mut slot = JIEBA.write().unwrap_or_else(|e| e.into_inner());
    Arc::clone(slot.get_or_insert_with(|| Arc::new(Jieba::new())))
}

/// Lets the dictionary go (some 32 MB); the next segmentation loads it
/// again. Words are counted in the analyse stage only (the index reads
/// the counts), so a build that will not analyse again (not `serve`)
/// calls this once every report is analysed: the index and render stages
/// would otherwise carry it through the build's peak memory.
pub(crate) fn release() {
    *JIEBA.write().unwrap_or_else(|e| e.into_inner()) = None;
}

/// The dictionary's words in `text`, in order (HMM off: several times
/// faster, and enough where words jieba does not know are found another
/// way, as in the search index, which has every character pair).
pub fn dictionary_words(text: &str) -> impl Iterator<Item = &str> {
    words_of(&jieba(), text)
}

fn words_of<'t>(jieba: &Jieba, text: &'t str) -> impl Iterator<Item = &'t str> {
    jieba.cut(text, false).into_iter().map(|t| t.word)
}

/// Bytes of text per distinct word of two or more characters, a little
/// under what reports have (18 in the bundled ones, 20 in the synthetic
/// archive's): it only sizes a map, which then need not grow.
const BYTES_PER_WORD: usize = 16;

/// The dictionary words of two or more characters (none of them
/// whitespace) in a report's title, headings and paragraphs, ASCII letters
/// in lower case (as queries are folded), each occurrence counted with its
/// text's weight ([`crate::model::DocKind::weight`]); sorted by word.
/// Counted once per report, in the analyse stage: keywords (TF-IDF) and
/// the search index both read these counts, so jieba runs once over the
/// archive's text.
pub(crate) fn word_counts(report: &Report) -> WordCounts {
    let mut folded = Vec::new();
    report.each_document(|_, text, kind, _| folded.push((text.to_ascii_lowercase(), kind)));
    // Sized for the text, so that it is not grown (and every word hashed
    // again) some ten times as it fills.
    let bytes: usize = folded.iter().map(|(text, _)| text.len()).sum();
    let mut counts: FxHashMap<&str, u32> =
        FxHashMap::with_capacity_and_hasher(bytes / BYTES_PER_WORD, Default::default());
    // Taken once per report, not once per paragraph (a lock and a shared
    // count both threads touch).
    let jieba = jieba();
    for (text, kind) in &folded {
        for word in words_of(&jieba, text) {
            let multi = word.chars().nth(1).is_some();
            if multi && !word.chars().any(char::is_whitespace) {
                *counts.entry(word).or_default() += kind.weight();
            }
        }
    }
    let mut counts: Vec<(&str, u32)> = counts.into_iter().collect();
    counts.sort_unstable();
    WordCounts::from_sorted(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_released_dictionary_is_loaded_again_when_needed() {
        let before: Vec<&str> = dictionary_words("推进法治政府建设").collect();
        release();
        let after: Vec<&str> = dictionary_words("推进法治政府建设").collect();
        assert_eq!(before, after);
    }

    #[test]
    fn segments_chinese_into_dictionary_words() {
        let text = "推进法治政府建设";
        let words: Vec<&str> = dictionary_words(text).collect();
        assert_eq!(words.concat(), text);
        assert!(words.len() >= 3, "{words:?}");
    }

    #[test]
    fn word_counts_weigh_titles_and_headings_and_fold_ascii() {
        use crate::model::{DecodedSource, SourceFormat};
        let text = "某市法治政府建设报告\n\n一、法治政府建设\n\n推进法治政府建设，PDF 文件。\n";
        let source = DecodedSource::utf8("r.txt", SourceFormat::Text, text);
        let (report, _) = crate::parse::parse(source).expect("parses");
        assert_eq!(report.meta.title, "某市法治政府建设报告");
        let counts = word_counts(&report);
        let count = |w: &str| counts.iter().find(|(x, _)| *x == w).map(|(_, n)| n);
        // Title (4) + heading (2) + paragraph (1).
        assert_eq!(count("法治"), Some(7), "{counts:?}");
        assert_eq!(count("pdf"), Some(1), "ASCII folded: {counts:?}");
        assert!(counts.iter().all(|(w, _)| w.chars().count() >= 2));
        let words: Vec<&str> = counts.iter().map(|(w, _)| w).collect();
        assert!(words.windows(2).all(|p| p[0] < p[1]), "sorted");
    }
}
