//! What an incremental rebuild (`serve`) remembers of the last good
//! build's pages: a fingerprint of each page's inputs. A page is a pure
//! function of its inputs, so a page whose fingerprint has not changed is
//! neither rendered nor written again. `render` fingerprints a template's
//! variables; the per-report data files are fingerprinted by the report's
//! [`crate::model::Report::fingerprint`] and what else they show.
//!
//! A page that lists many reports (a topic's, a cited document's) changes
//! with an edit only in the edited report's row: the memo also keeps each
//! row (a *fragment*) by the fingerprint of its inputs, so that such a page
//! is rebuilt by making one row and joining the others ([`joined`]).

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

    /// Keeps the last build's fragment `key`, if it has one, for the next
    /// build without asking for it: a page found unchanged does not ask
    /// for its fragments, which would otherwise be lost to the next build.
    pub fn keep(&self, key: u64) {
        if let Some(fragment) = self.previous.fragments.get(&key) {
            let mut current = self.current.lock().expect("no panic holds it");
            current.fragments.insert(key, Arc::clone(fragment));
        }
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

/// `out` followed by fragments `make(0)`, …, `make(count - 1)` in that
/// order, made in parallel. With a memo, a fragment whose inputs' fingerprint `key(i)`
/// is the last build's is taken from it instead of made; `key` must cover
/// everything `make(i)` reads. Appended to `out` (a page's opening) rather
/// than returned alone, and made [`JOIN_BATCH`] at a time, so that the
/// fragments of one batch at a time are held beside the page, not all of
/// them.
pub fn joined(
    mut out: String,
    memo: Option<&Memo>,
    count: usize,
    key: impl Fn(usize) -> u64 + Sync,
    make: impl Fn(usize) -> Result<String, Error> + Sync,
) -> Result<String, Error> {
    for batch in batches(count) {
        match memo {
            Some(memo) => append(&mut out, batch, count, |i| {
                memo.fragment(key(i), || make(i))
            })?,
            None => append(&mut out, batch, count, &make)?,
        }
    }
    Ok(out)
}

/// Fragments `make(i)` for each `i` of `items`, in that order, each given
/// to `each` as soon as its batch of [`JOIN_BATCH`] is made (in parallel;
/// with a memo, taken from it by `key(i)` where unchanged): for an export
/// cut into files as it is made, which holds a batch at a time.
pub fn each_fragment(
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

/// Fragments made at once by [`joined`]: enough for both cores to share,
/// few enough that a batch of the largest rows (a report's record, some
/// 9 KB) is a few MB.
const JOIN_BATCH: usize = 512;

/// Appends fragments `batch` (of `count`) to `out`, made in parallel. After
/// the first batch, `out` is grown once to a quarter more than the
/// fragments so far predict for all of them: growing by doubling would copy
/// the page (tens of MB) several times, each time with the old copy and
/// the new one in memory, while room reserved and never written costs no
/// memory (the system gives pages as they are first written).
fn append<T: AsRef<str> + Send>(
    out: &mut String,
    batch: std::ops::Range<usize>,
    count: usize,
    make: impl Fn(usize) -> Result<T, Error> + Sync,
) -> Result<(), Error> {
    let first = batch.start == 0;
    let made_now = batch.len();
    let fragments = made(batch, make)?;
    let bytes: usize = fragments.iter().map(|f| f.as_ref().len()).sum();
    if first && made_now > 0 {
        out.reserve(bytes / made_now * count / 4 * 5);
    }
    for fragment in &fragments {
        out.push_str(fragment.as_ref());
    }
    Ok(())
}

/// Fragments `0..count` in batches of [`JOIN_BATCH`].
fn batches(count: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    (0..count)
        .step_by(JOIN_BATCH)
        .map(move |start| start..(start + JOIN_BATCH).min(count))
}

/// Fragments `batch`, made in parallel, in order.
fn made<T: Send>(
    batch: std::ops::Range<usize>,
    make: impl Fn(usize) -> Result<T, Error> + Sync,
) -> Result<Vec<T>, Error> {
    batch.into_par_iter().map(&make).collect()
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

    #[test]
    fn a_fragment_is_made_once_and_kept_while_its_key_is_in_use() {
        let made = std::sync::atomic::AtomicUsize::new(0);
        let make = |i: usize| {
            made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(format!("<{i}>"))
        };
        let mut memo = Memo::default();
        let joined_with =
            |memo: &Memo, keys: [u64; 3]| joined(String::new(), Some(memo), 3, |i| keys[i], make);
        assert_eq!(joined_with(&memo, [1, 2, 3]).unwrap(), "<0><1><2>");
        assert_eq!(made.swap(0, std::sync::atomic::Ordering::Relaxed), 3);
        memo.commit();
        assert_eq!(joined_with(&memo, [1, 9, 3]).unwrap(), "<0><1><2>");
        assert_eq!(
            made.swap(0, std::sync::atomic::Ordering::Relaxed),
            1,
            "only the changed key"
        );
        memo.discard();
        assert_eq!(joined_with(&memo, [1, 2, 3]).unwrap(), "<0><1><2>");
        assert_eq!(
            made.swap(0, std::sync::atomic::Ordering::Relaxed),
            0,
            "a failed build is forgotten"
        );
        memo.commit();
        // Key 9 was not in the committed build: made again.
        joined_with(&memo, [1, 9, 3]).unwrap();
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 1);
        assert_eq!(
            joined("0".into(), None, 2, |_| 1, make).unwrap(),
            "0<0><1>",
            "no memo: made, after the opening"
        );
        // A build that only keeps key 1 (its page was unchanged) carries it
        // to the next; key 3, neither asked for nor kept, is gone.
        memo.commit();
        memo.keep(1);
        memo.keep(42);
        memo.commit();
        made.store(0, std::sync::atomic::Ordering::Relaxed);
        joined_with(&memo, [1, 9, 3]).unwrap();
        assert_eq!(
            made.load(std::sync::atomic::Ordering::Relaxed),
            2,
            "9 and 3 made, 1 kept"
        );
    }
}
