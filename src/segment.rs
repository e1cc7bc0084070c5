//! Chinese word segmentation with jieba-rs, shared by every stage that needs
//! words (keywords, similarity, the search index). The dictionary is loaded
//! once per process: loading it costs far more than segmenting a report.

use jieba_rs::Jieba;
use std::sync::LazyLock;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// The words of `text` in order, with their byte ranges, as jieba cuts them
/// (HMM on, so that words missing from the dictionary are still grouped).
pub fn words(text: &str) -> Vec<Word<'_>> {
    JIEBA
        .cut(text, true)
        .into_iter()
        .map(|t| Word {
            text: t.word,
            start: t.byte_start,
            end: t.byte_end,
        })
        .collect()
}

/// The dictionary's words in `text`, in order (HMM off: several times
/// faster, and enough where words jieba does not know are found another
/// way, as in the search index, which has every character pair).
pub fn dictionary_words(text: &str) -> impl Iterator<Item = &str> {
    JIEBA.cut(text, false).into_iter().map(|t| t.word)
}

/// A word and where it is in the segmented text (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_chinese_into_words_with_offsets() {
        let text = "推进法治政府建设";
        let words = words(text);
        let joined: String = words.iter().map(|w| w.text).collect();
        assert_eq!(joined, text);
        assert!(words.len() >= 3, "{words:?}");
        assert!(words.iter().all(|w| &text[w.start..w.end] == w.text));
    }
}
