//! Watching a site's inputs with `notify`: the content folder, the site's
//! `templates/` and `static/`, and its configuration file. Events come in
//! bursts (an editor writes a temporary file, renames it, touches it
//! again): they are gathered until the inputs have been quiet for a moment,
//! and a burst is handed over as one batch of changed paths.
//!
//! Not `notify-debouncer-full`: it hands each event over once it is that
//! old, however many follow on the same path, so a burst is cut into
//! several batches, each a rebuild (measured: the README's Benchmark
//! section).

use super::serve_error;
use super::Inputs;
use crate::config::{STATIC_DIR, TEMPLATES_DIR};
use crate::error::Error;
use notify::{EventKind, RecursiveMode};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// A burst of events ends after this long without one.
const QUIET: Duration = Duration::from_millis(150);
/// A burst is cut after this long even if events keep coming (a large copy
/// into the content folder), so that the site does not wait for it.
const MAX_BURST: Duration = Duration::from_secs(2);
/// The polling interval where the system's notification service cannot be
/// used (inotify watches exhausted, network file systems).
const POLL_INTERVAL: Duration = Duration::from_secs(1);

type Events = Receiver<notify::Result<notify::Event>>;

/// The watches on a site's inputs.
pub struct Watcher {
    watcher: Box<dyn notify::Watcher + Send>,
    events: Events,
    /// The paths watched, each recursively or not.
    watched: BTreeSet<(PathBuf, bool)>,
    /// Paths whose events matter.
    inputs: Inputs,
}

impl Watcher {
    /// Starts watching. Falls back to polling when the system's
    /// notification service is unavailable.
    pub fn new(inputs: &Inputs) -> Result<Watcher, Error> {
        let (tx, events) = channel();
        let native = notify::recommended_watcher(tx.clone())
            .map(|w| Box::new(w) as Box<dyn notify::Watcher + Send>);
        let mut watcher = Watcher {
            watcher: match native {
                Ok(w) => w,
                Err(_) => poller(tx.clone())?,
            },
            events,
            watched: BTreeSet::new(),
            inputs: inputs.clone(),
        };
        if watcher.follow_all().is_err() {
            // e.g. no inotify watches left: poll instead.
            watcher.watcher = poller(tx)?;
            watcher.watched.clear();
            watcher.follow_all()?;
        }
        Ok(watcher)
    }

    /// Watches the inputs as they are now: a `templates/` or `static/`
    /// folder created since, a content folder moved by the configuration.
    /// True when a folder is newly watched: what was written into it before
    /// its watch began is only seen by building again.
    pub fn follow(&mut self, inputs: &Inputs) -> bool {
        self.inputs = inputs.clone();
        let before = self.watched.len();
        if let Err(e) = self.follow_all() {
            eprintln!("warning: {e}");
        }
        self.watched.len() > before
    }

    fn follow_all(&mut self) -> Result<(), Error> {
        let root = &self.inputs.root;
        let wanted = [
            (self.inputs.content.clone(), true),
            (root.join(TEMPLATES_DIR), true),
            (root.join(STATIC_DIR), true),
            // The configuration file, and templates/ or static/ appearing.
            (root.clone(), false),
            (config_folder(&self.inputs.config), false),
        ];
        for (path, recursive) in wanted {
            if !path.is_dir() || self.watched.contains(&(path.clone(), recursive)) {
                continue;
            }
            let mode = if recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            self.watcher
                .watch(&path, mode)
                .map_err(|e| serve_error(format!("cannot watch {}: {e}", path.display())))?;
            self.watched.insert((path, recursive));
        }
        Ok(())
    }

    /// Waits for the next burst of changes to the inputs and returns the
    /// paths changed, sorted.
    pub fn next_batch(&self) -> Vec<PathBuf> {
        let mut changed = BTreeSet::new();
        // Wait as long as it takes for the first relevant event.
        while changed.is_empty() {
            match self.events.recv() {
                Ok(event) => self.collect(event, &mut changed),
                Err(_) => return Vec::new(),
            }
        }
        let started = Instant::now();
        while started.elapsed() < MAX_BURST {
            match self.events.recv_timeout(QUIET) {
                Ok(event) => self.collect(event, &mut changed),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        changed.into_iter().collect()
    }

    fn collect(&self, event: notify::Result<notify::Event>, changed: &mut BTreeSet<PathBuf>) {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            if self.matters(&path) {
                changed.insert(path);
            }
        }
    }

    /// Whether a change to `path` can change the site.
    pub fn matters(&self, path: &Path) -> bool {
        matters(&self.inputs, path)
    }
}

/// Whether a change to `path` can change the site: a file of the content,
/// the templates or the static files that is not hidden or an editor's
/// leftover, the folders themselves, or the configuration file. Nothing in
/// the output folder or its staging folders (hidden) counts.
pub fn matters(inputs: &Inputs, path: &Path) -> bool {
    let ignored = |base: &Path| {
        path.strip_prefix(base).is_ok_and(|rel| {
            rel.components()
                .any(|c| crate::discover::is_ignored_name(c.as_os_str()))
        })
    };
    if same_path(path, &inputs.config) {
        return true;
    }
    if under(path, &inputs.output) {
        return false;
    }
    let root = &inputs.root;
    [
        inputs.content.clone(),
        root.join(TEMPLATES_DIR),
        root.join(STATIC_DIR),
    ]
    .iter()
    .any(|base| under(path, base) && !ignored(&absolute(base)) && !ignored(base))
}

fn poller(
    tx: std::sync::mpsc::Sender<notify::Result<notify::Event>>,
) -> Result<Box<dyn notify::Watcher + Send>, Error> {
    let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
    notify::PollWatcher::new(tx, config)
        .map(|w| Box::new(w) as Box<dyn notify::Watcher + Send>)
        .map_err(|e| serve_error(format!("cannot watch for changes: {e}")))
}

fn config_folder(config: &Path) -> PathBuf {
    match config.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Paths from events are absolute; inputs may be relative.
fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    abs.canonicalize().unwrap_or(abs)
}

fn under(path: &Path, dir: &Path) -> bool {
    path.starts_with(dir) || path.starts_with(absolute(dir))
}

fn same_path(a: &Path, b: &Path) -> bool {
    a == b || absolute(a) == absolute(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_changes_matter() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let inputs = Inputs {
            content: root.join("content"),
            root: root.clone(),
            config: root.join("baogao.toml"),
            output: root.join("public"),
        };
        for yes in [
            "content/a.txt",
            "content/sub/b.md",
            "templates/base.html",
            "static/style.css",
            "baogao.toml",
        ] {
            assert!(matters(&inputs, &root.join(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            ".public.baogao-tmp-12/index.html",
            "content/.a.txt.swp",
            "content/a.txt~",
            "content/.git/index",
            "README.md",
            "target/debug/x",
        ] {
            assert!(!matters(&inputs, &root.join(no)), "{no}");
        }
    }
}
