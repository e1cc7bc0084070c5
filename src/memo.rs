//! What an incremental rebuild (`serve`) remembers of the last good
//! build's pages: a fingerprint of each page's inputs. A page is a pure
//! function of its inputs, so a page whose fingerprint has not changed is
//! neither rendered nor written again. `render` fingerprints a template's
//! variables; the per-report data files are fingerprinted by the report's
//! [`crate::model::Report::fingerprint`] and what else they show.
//!
//! An export that holds every report (`data/reports-<year>.json`) changes
//! with an edit only in the edited report's part: the memo also keeps each
//! part (a *fragment*) by the fingerprint of its inputs, so that such a
//! file is rebuilt by making one part and joining the others
//! ([`each_fragment`]).

use crate::error::Error;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

/// What the last good build made, and what this build makes.
#[derive(Debug, Default)]
pub struct Memo {
    previous: Made,
    current: Mutex<Made>,
}

/// The fingerprint of each page's inputs, and each fragment by the
/// fingerprint of its inputs. (Fx hashing: the keys are paths the build
/// makes and fingerprints, looked up thousands of times per rebuild.)
#[derive(Debug, Default)]
struct Made {
    pages: FxHashMap<String, u64>,
    fragments: FxHashMap<u64, Arc<str>>,
}

impl Memo {
    /// Records the fingerprint of `path` in this build; true if the last
    /// good build made the page from the same inputs.
    pub fn unchanged(&self, path: &str, fingerprint: u64) -> bool {
        let mut current = self.current.lock().expect("no panic holds it");
        current.pages.insert(path.to_owned(), fingerprint);
        self.previous.pages.get(path) == Some(&fingerprint)
    }

    /// The fragment whose inputs have fingerprint `key`: the last good
    /// build's, or else `make`'s. Either way kept for the next build.
    pub fn fragment(
        &self,
        key: u64,
        make: impl FnOnce() -> Result<String, Error>,
    ) -> Result<Arc<str>, Error> {
        let fragment = match self.previous.fragments.get(&key) {
            Some(fragment) => Arc::clone(fragment),
            None => Arc::from(make()?),
        };
        let mut current = self.current.lock().expect("no panic holds it");
        current.fragments.insert(key, Arc::clone(&fragment));
        Ok(fragment)
    }

    /// Records for `path` the fingerprint the last good build had for it,
    /// if any: a file kept without being made again (its inputs known to be
    /// unchanged by other means) keeps its entry for the next build.
    pub fn carry(&self, path: &str) {
        if let Some(&fingerprint) = self.previous.pages.get(path) {
            let mut current = self.current.lock().expect("no panic holds it");
            current.pages.insert(path.to_owned(), fingerprint);
        }
    }

    /// After a good build: its pages are the ones the next compares to.
    pub fn commit(&mut self) {
        self.previous = std::mem::take(self.current.get_mut().expect("no panic holds it"));
    }

    /// After a failed build: the output is still the last good build's.
    pub fn discard(&mut self) {
        *self.current.get_mut().expect("no panic holds it") = Made::default();
    }
}

/// Fragments `make(i)` for each `i` of `items`, in that order, each given
/// to `each` as soon as its batch of [`JOIN_BATCH`] is made (in parallel;
/// with a memo, taken from it by `key(i)` where unchanged): for an export
/// cut into files as it is made, which holds a batch at a time.
pub(crate) fn each_fragment(
    memo: Option<&Memo>,
    items: &[usize],
    key: impl Fn(usize) -> u64 + Sync,
    make: impl Fn(usize) -> Result<String, Error> + Sync,
    mut each: impl FnMut(usize, &str) -> Result<(), Error>,
) -> Result<(), Error> {
    for batch in items.chunks(JOIN_BATCH) {
        match memo {
            Some(memo) => give(batch, |i| memo.fragment(key(i), || make(i)), &mut each)?,
            None => give(batch, &make, &mut each)?,
        }
    }
    Ok(())
}

/// Fragments `batch`, made in parallel, given to `each` in order.
fn give<T: AsRef<str> + Send>(
    batch: &[usize],
    make: impl Fn(usize) -> Result<T, Error> + Sync,
    each: &mut impl FnMut(usize, &str) -> Result<(), Error>,
) -> Result<(), Error> {
    let made: Vec<T> = batch
        .par_iter()
        .map(|&i| make(i))
        .collect::<Result<_, _>>()?;
    (batch.iter().zip(&made)).try_for_each(|(&i, fragment)| each(i, fragment.as_ref()))
}

/// Fragments made at once by [`each_fragment`]: enough for both cores to
/// share, few enough that a batch of the largest (a report's record, some
/// 9 KB) is a few MB.
const JOIN_BATCH: usize = 512;

/// The fingerprint of a page's inputs.
pub(crate) fn fingerprint(inputs: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    inputs.hash(&mut hasher);
    hasher.finish()
}

/// With a memo, whether page `path`, made from `inputs`, is unchanged
/// (and so need not be made); without one (a full build), false.
pub(crate) fn unchanged(memo: Option<&Memo>, path: &str, inputs: impl Hash) -> bool {
    memo.is_some_and(|memo| memo.unchanged(path, fingerprint(inputs)))
}

/// Feeds `value`'s JSON into `hasher` without building the string, a
/// buffer at a time: serde writes a token at a time, and the hasher's cost
/// is per write as much as per byte.
pub(crate) fn hash_json<T: Serialize + ?Sized>(hasher: &mut DefaultHasher, value: &T) {
    let mut writer = std::io::BufWriter::with_capacity(HASH_BUFFER, HashWriter(hasher));
    serde_json::to_writer(&mut writer, value).expect("page inputs serialise");
    std::io::Write::flush(&mut writer).expect("hashing does not fail");
}

/// Bytes of JSON fed to a hasher at once by [`hash_json`].
const HASH_BUFFER: usize = 8192;

/// The fingerprint of `value`'s JSON.
pub(crate) fn json_fingerprint<T: Serialize + ?Sized>(value: &T) -> u64 {
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

    #[test]
    fn a_fragment_is_made_once_and_kept_while_its_key_is_in_use() {
        let made = std::sync::atomic::AtomicUsize::new(0);
        let make = |i: usize| {
            made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(format!("<{i}>"))
        };
        let mut memo = Memo::default();
        let joined = |memo: Option<&Memo>, keys: [u64; 3]| {
            let mut out = String::new();
            each_fragment(
                memo,
                &[0, 1, 2],
                |i| keys[i],
                make,
                |_, f| {
                    out.push_str(f);
                    Ok(())
                },
            )
            .unwrap();
            out
        };
        let made_since = || made.swap(0, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(joined(Some(&memo), [1, 2, 3]), "<0><1><2>");
        assert_eq!(made_since(), 3);
        memo.commit();
        assert_eq!(joined(Some(&memo), [1, 9, 3]), "<0><1><2>");
        assert_eq!(made_since(), 1, "only the changed key");
        memo.discard();
        assert_eq!(joined(Some(&memo), [1, 2, 3]), "<0><1><2>");
        assert_eq!(made_since(), 0, "a failed build is forgotten");
        memo.commit();
        // Key 9 was not in the committed build: made again.
        joined(Some(&memo), [1, 9, 3]);
        assert_eq!(made_since(), 1);
        assert_eq!(joined(None, [1, 1, 1]), "<0><1><2>", "no memo: made");
        assert_eq!(made_since(), 3);
    }
}
