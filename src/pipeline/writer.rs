//! Where a build's pages go as they are made: the staging folder or the
//! changed files of the output, each page counted, sized and hashed.

use super::Progress;
use crate::error::Error;
use crate::model::{Diagnostic, Page};
use crate::write;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A file the build wrote (or kept): the hash of its bytes (0 when not
/// hashed) and their count.
#[derive(Debug, Clone, Copy)]
pub(super) struct OutputFile {
    pub(super) hash: u64,
    pub(super) bytes: u64,
}

/// Where a build's pages go: a staging folder swapped in whole (a full
/// build), or the changed files of the output replaced (`serve`'s
/// incremental rebuilds).
pub(super) enum Target {
    Staging(write::Staging),
    Update(write::Update),
}

/// Writes pages as they are rendered (from several threads), counting
/// files and time, and keeping the first write error with its file for the
/// diagnostic, and each file's size. With `previous` (each file of the
/// last build),
/// it hashes every page, and an update skips the files whose bytes are
/// those already in the output.
pub(super) struct Writer<'a> {
    target: &'a Target,
    progress: &'a Progress,
    previous: Option<&'a HashMap<String, OutputFile>>,
    /// Each page's path, size and (when hashing) the hash of its bytes. Two
    /// pages at one path is a bug or a slug clash that must fail the build,
    /// not silently keep one of them.
    paths: Mutex<HashMap<String, OutputFile>>,
    files: AtomicUsize,
    html_pages: AtomicUsize,
    rewritten: AtomicUsize,
    nanos: AtomicU64,
}

impl<'a> Writer<'a> {
    pub(super) fn new(
        target: &'a Target,
        previous: Option<&'a HashMap<String, OutputFile>>,
        progress: &'a Progress,
    ) -> Self {
        Writer {
            target,
            progress,
            previous,
            paths: Mutex::new(HashMap::new()),
            files: AtomicUsize::new(0),
            html_pages: AtomicUsize::new(0),
            rewritten: AtomicUsize::new(0),
            nanos: AtomicU64::new(0),
        }
    }

    pub(super) fn write(&self, page: Page) -> Result<(), Error> {
        let started = Instant::now();
        let last = self.previous.and_then(|p| p.get(&page.path).copied());
        let file = match (self.previous, page.unchanged) {
            (_, true) => last.ok_or_else(|| {
                let message = "a page the last build did not write is said to be unchanged";
                Diagnostic::error(page.path.clone(), message)
            })?,
            (previous, false) => OutputFile {
                hash: previous.map_or(0, |_| bytes_hash(&page.bytes)),
                bytes: page.bytes.len() as u64,
            },
        };
        let fresh = (self.paths.lock().expect("no panic holds it"))
            .insert(page.path.clone(), file)
            .is_none();
        if !fresh {
            let message =
                "two pages of the site would be written to this path; nothing was written";
            return Err(Diagnostic::error(page.path, message).into());
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        if page.path.ends_with(".html") {
            self.html_pages.fetch_add(1, Ordering::Relaxed);
        }
        let written = match self.target {
            Target::Staging(staging) => staging.write(&page).map(|()| true),
            Target::Update(_) if page.unchanged || last.map(|f| f.hash) == Some(file.hash) => {
                Ok(false)
            }
            Target::Update(update) => update.write(page).map(|()| true),
        };
        self.timed(started);
        self.progress.step();
        match written {
            Ok(rewritten) => {
                self.rewritten
                    .fetch_add(usize::from(rewritten), Ordering::Relaxed);
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Adds the time since `started` to the writing time.
    fn timed(&self, started: Instant) {
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.nanos.fetch_add(nanos, Ordering::Relaxed);
    }

    pub(super) fn finish(self) -> Written {
        Written {
            files: self.files.into_inner(),
            html_pages: self.html_pages.into_inner(),
            rewritten: self.rewritten.into_inner(),
            time: Duration::from_nanos(self.nanos.into_inner()),
            hashes: self.paths.into_inner().expect("no panic holds it"),
        }
    }
}

/// A fingerprint of a file's bytes: tells an incremental rebuild whether a
/// file in the output must be replaced.
pub(super) fn bytes_hash(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// What a [`Writer`] did: files and HTML pages written, time spent writing
/// (summed over threads).
pub(super) struct Written {
    pub(super) files: usize,
    pub(super) html_pages: usize,
    /// Files written (all of them, unless the build was an update).
    pub(super) rewritten: usize,
    pub(super) time: Duration,
    /// Each file's path, hash and size.
    pub(super) hashes: HashMap<String, OutputFile>,
}
