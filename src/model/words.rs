//! A report's words and their counts, packed.

use super::fit;

/// Words and their counts, sorted by word, packed: the words' text in one
/// string and a small entry per word, since a report has a couple of
/// thousand distinct words and the archive keeps them until it is indexed
/// (a `String` per word would cost three times the memory).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordCounts {
    text: String,
    /// (end of the word in `text`, its count); it starts where the last
    /// one ended.
    entries: Vec<(u32, u32)>,
}

impl WordCounts {
    /// From (word, count) pairs sorted by word.
    pub fn from_sorted<'a>(pairs: impl IntoIterator<Item = (&'a str, u32)>) -> Self {
        let mut counts = WordCounts::default();
        for (word, count) in pairs {
            counts.text.push_str(word);
            let end = u32::try_from(counts.text.len()).expect("a report's words fit in 4 GB");
            counts.entries.push((end, count));
        }
        if counts.text.capacity() > counts.text.len() {
            counts.text = String::from(counts.text.as_str());
        }
        fit(&mut counts.entries);
        counts
    }

    /// The words and their counts, sorted by word.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        let starts = std::iter::once(0).chain(self.entries.iter().map(|&(end, _)| end));
        starts
            .zip(&self.entries)
            .map(|(start, &(end, count))| (&self.text[start as usize..end as usize], count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_counts_give_back_the_words_and_counts_packed_into_them() {
        let pairs = [("pdf", 1), ("一是", 2), ("法治", 7)];
        let counts = WordCounts::from_sorted(pairs);
        assert_eq!(counts.iter().collect::<Vec<_>>(), pairs);
        assert_eq!(WordCounts::default().iter().count(), 0);
        assert_eq!(counts.text.capacity(), counts.text.len());
        assert_eq!(counts.entries.capacity(), counts.entries.len());
    }
}
