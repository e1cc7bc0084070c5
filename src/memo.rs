//! What an incremental rebuild (`serve`) remembers of the last good
//! build's pages: a fingerprint of each page's inputs. A page is a pure
//! function of its inputs, so a page whose fingerprint has not changed is
//! neither rendered nor written again. `render` fingerprints a template's
//! variables; the per-report data files are fingerprinted by the report's
//! [`crate::model::Report::fingerprint`] and what else they show.

use serde::Serialize;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

/// The fingerprints of the last good build's pages, and this build's.
#[derive(Debug, Default)]
pub struct Memo {
    previous: HashMap<String, u64>,
    current: Mutex<HashMap<String, u64>>,
}

impl Memo {
    /// Records the fingerprint of `path` in this build; true if the last
    /// good build made the page from the same inputs.
    pub fn unchanged(&self, path: &str, fingerprint: u64) -> bool {
        let mut current = self.current.lock().expect("no panic holds it");
        current.insert(path.to_owned(), fingerprint);
        self.previous.get(path) == Some(&fingerprint)
    }

    /// After a good build: its pages are the ones the next compares to.
    pub fn commit(&mut self) {
        self.previous = std::mem::take(self.current.get_mut().expect("no panic holds it"));
    }

    /// After a failed build: the output is still the last good build's.
    pub fn discard(&mut self) {
        self.current.get_mut().expect("no panic holds it").clear();
    }
}

/// The fingerprint of a page's inputs.
pub fn fingerprint(inputs: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    inputs.hash(&mut hasher);
    hasher.finish()
}

/// With a memo, whether page `path`, made from `inputs`, is unchanged
/// (and so need not be made); without one (a full build), false.
pub fn unchanged(memo: Option<&Memo>, path: &str, inputs: impl Hash) -> bool {
    memo.is_some_and(|memo| memo.unchanged(path, fingerprint(inputs)))
}

/// Feeds `value`'s JSON into `hasher` without building the string.
pub fn hash_json<T: Serialize + ?Sized>(hasher: &mut DefaultHasher, value: &T) {
    serde_json::to_writer(HashWriter(hasher), value).expect("page inputs serialise");
}

/// The fingerprint of `value`'s JSON.
pub fn json_fingerprint<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    hash_json(&mut hasher, value);
    hasher.finish()
}

struct HashWriter<'a>(&'a mut DefaultHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_unchanged_only_with_the_inputs_of_the_last_good_build() {
        let mut memo = Memo::default();
        assert!(!unchanged(Some(&memo), "a.html", 1));
        memo.commit();
        assert!(unchanged(Some(&memo), "a.html", 1));
        assert!(!unchanged(Some(&memo), "a.html", 2));
        memo.discard();
        assert!(
            unchanged(Some(&memo), "a.html", 1),
            "a failed build is forgotten"
        );
        assert!(!unchanged(None, "a.html", 1), "no memo, no reuse");
    }
}
