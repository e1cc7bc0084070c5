//! Write: put the site on disk, atomically.
//!
//! Owns: the output folder. Pages are written into a staging folder beside
//! the output; only when every page is written is the staging folder swapped
//! in for the old output. A failed or interrupted build leaves the old
//! output as it was. A folder is only ever replaced or deleted if it carries
//! baogao's marker file, so a mistyped `--output` cannot wipe someone's
//! folder. The site a build replaces is removed once the new one is in
//! place, so that nothing is left beside the output but a running build's
//! staging folder. `serve`'s incremental rebuilds
//! use [`Update`] instead: only the files that changed are replaced, once
//! the build has succeeded. Must not render or decide what pages exist.

use crate::model::{Diagnostic, Page};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Marks a folder as made by baogao (and so safe for baogao to replace).
pub const MARKER: &str = ".baogao-output";

/// An output being written: a staging folder that becomes the output on
/// [`Staging::commit`], and is removed if dropped before that.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// Folders already created, each with the lock of the files written
    /// into it: most pages go to a few folders, and asking the file system
    /// again for each of tens of thousands of pages costs.
    folders: Mutex<HashMap<PathBuf, Arc<Mutex<()>>>>,
}

/// Whether `path` is a folder (not a link to one) carrying baogao's marker.
fn is_own_folder(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) && path.join(MARKER).is_file()
}

impl Staging {
    /// Checks that `output` may be replaced and makes a new staging folder
    /// beside it, after removing what killed builds left there.
    pub fn create(output: &Path) -> Result<Staging, Diagnostic> {
        let err = |msg: String| Diagnostic::error(output.display().to_string(), msg);
        check_replaceable(output).map_err(err)?;
        let (parent, name) = parent_and_name(output).map_err(err)?;
        fs::create_dir_all(&parent)
            .map_err(|e| err(format!("cannot create the output's parent folder: {e}")))?;
        remove_abandoned_staging(&parent, &name, output);
        let dir = parent.join(format!(".{name}.baogao-tmp-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)
                .map_err(|e| err(format!("cannot clear {}: {e}", dir.display())))?;
        }
        fs::create_dir(&dir).map_err(|e| err(format!("cannot create {}: {e}", dir.display())))?;
        fs::write(dir.join(MARKER), MARKER_TEXT)
            .map_err(|e| err(format!("cannot write into {}: {e}", dir.display())))?;
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            committed: false,
            folders: Mutex::new(HashMap::new()),
        })
    }

    /// Writes one page. Its path must stay inside the output folder.
    pub fn write(&self, page: &Page) -> Result<(), Diagnostic> {
        self.in_folder(page, |path| fs::write(path, &page.bytes))
    }

    /// Writes `page` to its path in the staging folder with `write`,
    /// holding the lock of its folder.
    fn in_folder(
        &self,
        page: &Page,
        write: impl Fn(&Path) -> io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let err = |msg: String| Diagnostic::error(page.path.clone(), msg);
        let rel = safe_relative(&page.path).map_err(err)?;
        let path = self.dir.join(rel);
        let parent = path.parent().unwrap_or(&self.dir);
        let known = (self.folders.lock().expect("no panic holds it"))
            .get(parent)
            .cloned();
        let folder = match known {
            Some(folder) => folder,
            None => {
                fs::create_dir_all(parent)
                    .map_err(|e| err(format!("cannot create {}: {e}", parent.display())))?;
                let mut folders = self.folders.lock().expect("no panic holds it");
                Arc::clone(folders.entry(parent.to_path_buf()).or_default())
            }
        };
        // Rule "one writer per folder": creating a file takes its folder's
        // lock in the kernel, and a thread waiting for it there spins,
        // burning a core that the file system's own writeback needs. Waiting
        // here sleeps instead (measured in the README's Benchmark section).
        let _one_at_a_time = folder.lock().expect("no panic holds it");
        write(&path).map_err(|e| err(format!("cannot write {}: {e}", path.display())))
    }

    /// Swaps the staging folder in for the output. On Linux the two folders
    /// trade places in one step (`renameat2` with `RENAME_EXCHANGE`), so a
    /// build killed at any moment leaves either the old or the new site at
    /// the output path; elsewhere (or on a file system without it) the old
    /// output is moved aside first, and a later build puts it back if the
    /// build was killed between the two renames.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let err = |msg: String| Diagnostic::error(self.output.display().to_string(), msg);
        // Checked again: the folder may have changed while the site was built.
        check_replaceable(&self.output).map_err(err)?;
        let had_output = self.output.exists();
        if had_output {
            match exchange(&self.dir, &self.output) {
                Ok(()) => {
                    // The staging path now holds the old site.
                    self.committed = true;
                    return remove_site(&self.dir).map_err(|e| {
                        err(format!(
                            "cannot remove the old output {}: {e}",
                            self.dir.display()
                        ))
                    });
                }
                Err(e) if exchange_unsupported(&e) => {}
                Err(e) => return Err(err(format!("cannot swap the new output in: {e}"))),
            }
        }
        let old = aside_name(&self.dir);
        if had_output {
            fs::rename(&self.output, &old)
                .map_err(|e| err(format!("cannot move the old output aside: {e}")))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.output) {
            if had_output {
                // Put the old site back: never leave no site at all.
                let _ = fs::rename(&old, &self.output);
            }
            return Err(err(format!("cannot move the new output into place: {e}")));
        }
        self.committed = true;
        if had_output {
            remove_site(&old).map_err(|e| {
                err(format!(
                    "cannot remove the old output {}: {e}",
                    old.display()
                ))
            })?;
        }
        Ok(())
    }
}

/// An incremental update of an output that a [`Staging`] made (`serve`'s
/// rebuilds): the pages whose bytes changed are held until the build has
/// succeeded, then each is rewritten in place ([`rewrite_file`]), and the
/// files the build no longer makes are removed. A failed build leaves the
/// output as it was; a process killed while an update is applied leaves a
/// mix of the two builds (and perhaps a file cut short), which `serve`'s
/// next start (a full build) replaces.
pub struct Update {
    output: PathBuf,
    changed: Mutex<Vec<Page>>,
}

impl Update {
    /// An update of `output`, which must be a site baogao wrote.
    pub fn new(output: &Path) -> Option<Update> {
        output.join(MARKER).is_file().then(|| Update {
            output: output.to_path_buf(),
            changed: Mutex::new(Vec::new()),
        })
    }

    /// Keeps a changed page to write. Its path must stay inside the output.
    pub fn write(&self, page: Page) -> Result<(), Diagnostic> {
        safe_relative(&page.path).map_err(|msg| Diagnostic::error(page.path.clone(), msg))?;
        self.changed.lock().expect("no panic holds it").push(page);
        Ok(())
    }

    /// Writes the changed pages and removes the files in `removed` (paths
    /// of the last build's files that this one did not make).
    pub fn apply<'a>(self, removed: impl Iterator<Item = &'a str>) -> Result<(), Diagnostic> {
        let changed = self.changed.into_inner().expect("no panic holds it");
        // Each file is rewritten on its own, in parallel.
        changed.par_iter().try_for_each(|page| {
            let path = self
                .output
                .join(safe_relative(&page.path).expect("checked"));
            rewrite_file(&path, &page.bytes).map_err(|e| {
                Diagnostic::error(
                    page.path.clone(),
                    format!("cannot write {}: {e}", path.display()),
                )
            })
        })?;
        for rel in removed {
            let path = self
                .output
                .join(safe_relative(rel).expect("written before"));
            match fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    let msg = format!("cannot remove {}: {e}", path.display());
                    return Err(Diagnostic::error(rel, msg));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Rewrites a file in place (truncated, then written), as development
/// servers do. Writing a temporary file and renaming it over the old one
/// would make no response half written, but frees an inode per changed
/// file, and on ext4 every file created in the next half minute scans past
/// the recently freed inodes, which made an edit's rebuild several times
/// slower. A request that comes
/// while its file is being rewritten may get it cut short; the reload that
/// follows the rebuild fetches it whole.
fn rewrite_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, bytes)
}

/// Where the old output waits while the new one is moved in, when the two
/// cannot be exchanged in one step.
fn aside_name(staging: &Path) -> PathBuf {
    staging.with_file_name(
        staging
            .file_name()
            .map(|n| n.to_string_lossy().replace(".baogao-tmp-", ".baogao-old-"))
            .unwrap_or_default(),
    )
}

/// Swaps two folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated strings that outlive the call;
    // renameat2 only reads them.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The kernel (ENOSYS) or the file system (EINVAL) cannot exchange: fall
/// back to two renames.
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// Removes a site baogao wrote, its marker last: a removal cut short leaves
/// a folder that still says it is baogao's (or an empty one), which a later
/// build removes.
fn remove_site(dir: &Path) -> io::Result<()> {
    remove_files_but(dir, |rel| rel == Path::new(MARKER))?;
    match fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(dir)
}

/// Removes every file under `dir` but those whose path relative to it
/// `keep` says to keep ([`REMOVERS`] at a time), then the folders left
/// empty, deepest first.
fn remove_files_but(dir: &Path, keep: impl Fn(&Path) -> bool) -> io::Result<()> {
    let mut files = Vec::new();
    let mut folders = Vec::new();
    // Contents first: a folder comes after everything in it.
    for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true) {
        let entry = entry.map_err(io::Error::from)?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        if entry.file_type().is_dir() {
            folders.push(entry.into_path());
        } else if !keep(rel) {
            files.push(entry.into_path());
        }
    }
    remove_files(&files)?;
    for folder in folders {
        if fs::read_dir(&folder)?.next().is_none() {
            fs::remove_dir(&folder)?;
        }
    }
    Ok(())
}

/// Files removed at once by [`remove_files`]. Removing a file waits on the
/// disk far more than it uses the CPU (the journal; a discard per file where
/// the disk is mounted with `discard`), so more removals are in flight than
/// there are cores; past sixteen, more gained little.
const REMOVERS: usize = 16;

/// Removes `files` with [`REMOVERS`] threads; a file already gone is fine.
/// The first error stops the thread that met it and is returned.
fn remove_files(files: &[PathBuf]) -> io::Result<()> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let remover = || -> io::Result<()> {
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(file) = files.get(i) else {
                return Ok(());
            };
            match fs::remove_file(file) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
    };
    std::thread::scope(|scope| {
        let removers: Vec<_> = (0..REMOVERS.min(files.len()))
            .map(|_| scope.spawn(remover))
            .collect();
        removers.into_iter().try_for_each(|r| {
            r.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    })
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // A failed build's pages: the old output stays as it was.
            let _ = remove_site(&self.dir);
        }
    }
}

const MARKER_TEXT: &str =
    "This folder was generated by baogao; `baogao build` replaces it whole.\n";

/// An output may be replaced if it does not exist, is an empty folder, or
/// carries the marker.
fn check_replaceable(output: &Path) -> Result<(), String> {
    let meta = match fs::symlink_metadata(output) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot read the output folder: {e}")),
    };
    if !meta.is_dir() {
        return Err(
            "the output path exists and is not a folder; refusing to replace it".to_owned(),
        );
    }
    if output.join(MARKER).is_file() || is_empty_dir(output) {
        return Ok(());
    }
    Err(format!(
        "the output folder was not created by baogao (it has no {MARKER} file); refusing to replace it. \
         Choose another folder with --output, or empty this one yourself"
    ))
}

fn is_empty_dir(path: &Path) -> bool {
    fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

fn parent_and_name(output: &Path) -> Result<(PathBuf, String), String> {
    let absolute =
        std::path::absolute(output).map_err(|e| format!("cannot resolve the output path: {e}"))?;
    let name = absolute
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or("the output path has no folder name (use e.g. --output public)")?;
    let parent = absolute
        .parent()
        .map(Path::to_path_buf)
        .ok_or("the output path has no parent folder")?;
    Ok((parent, name))
}

/// Folders of builds that were killed: a staging folder, or an old output
/// moved aside by the two-rename swap. Theirs is the marker (or nothing
/// left at all), and their process is gone. A build killed between the two
/// renames left no output: the old one is put back. Any other is removed,
/// as is the spare site older versions kept beside the output
/// (`.<name>.baogao-spare`).
fn remove_abandoned_staging(parent: &Path, name: &str, output: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name == format!(".{name}.baogao-spare") && is_own_folder(&entry.path()) {
            let _ = remove_site(&entry.path());
            continue;
        }
        let found = [".baogao-tmp-", ".baogao-old-"].iter().find_map(|kind| {
            file_name
                .strip_prefix(&format!(".{name}{kind}"))
                .and_then(|p| p.parse::<u32>().ok())
                .map(|pid| (*kind, pid))
        });
        let Some((kind, pid)) = found else { continue };
        let path = entry.path();
        if process_alive(pid) || !(path.join(MARKER).is_file() || is_empty_dir(&path)) {
            continue;
        }
        if kind == ".baogao-old-" && !output.exists() && fs::rename(&path, output).is_ok() {
            continue;
        }
        let _ = remove_site(&path);
    }
}

fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// A page path must be relative and stay inside the output folder.
fn safe_relative(path: &str) -> Result<&Path, String> {
    let p = Path::new(path);
    let inside = !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if inside {
        Ok(p)
    } else {
        Err(format!(
            "refusing to write outside the output folder: {path:?}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> Page {
        Page::new(path.to_owned(), text.as_bytes().to_vec())
    }

    #[test]
    fn writes_then_replaces_its_own_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::create(&out).unwrap();
        s.write(&page("a/b.html", "one")).unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "one");
        let s = Staging::create(&out).unwrap();
        s.write(&page("c.html", "two")).unwrap();
        s.commit().unwrap();
        assert!(!out.join("a/b.html").exists(), "old pages are gone");
        assert!(out.join(MARKER).is_file());
        let mut left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["public"], "no staging folder, no replaced site");
    }

    #[test]
    fn a_replaced_site_is_removed_whole_and_links_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("old");
        // More files than removers, in nested folders, and a link to a
        // folder outside the site, whose files must stay.
        for i in 0..(REMOVERS * 3) {
            let path = site.join(format!("f{}/g{}/{i}.html", i % 3, i % 2));
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let outside = dir.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("keep.txt"), "keep").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, site.join("f0/link")).unwrap();
        fs::write(site.join(MARKER), MARKER_TEXT).unwrap();
        remove_site(&site).unwrap();
        assert!(!site.exists());
        assert_eq!(
            fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "keep"
        );
        assert!(
            remove_files(&[site.join("gone.html")]).is_ok(),
            "already gone is fine"
        );
    }

    #[test]
    fn a_dropped_staging_leaves_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::create(&out).unwrap();
        s.write(&page("index.html", "old")).unwrap();
        s.commit().unwrap();
        let s = Staging::create(&out).unwrap();
        s.write(&page("index.html", "new")).unwrap();
        drop(s);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        // The failed build's pages are gone with its staging folder.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_spare_of_an_older_version_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let spare = dir.path().join(".public.baogao-spare");
        fs::create_dir_all(spare.join("a")).unwrap();
        fs::write(spare.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(spare.join("a/b.html"), "old").unwrap();
        // Another output's spare, and a folder of that name not baogao's.
        let other = dir.path().join(".site.baogao-spare");
        fs::create_dir(&other).unwrap();
        fs::write(other.join(MARKER), MARKER_TEXT).unwrap();
        let s = Staging::create(&out).unwrap();
        s.write(&page("index.html", "new")).unwrap();
        s.commit().unwrap();
        assert!(!spare.exists());
        assert!(other.join(MARKER).is_file(), "not this output's");
        let foreign = dir.path().join(".public.baogao-spare");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), "mine").unwrap();
        Staging::create(&out).unwrap().commit().unwrap();
        assert!(foreign.join("notes.txt").exists(), "no marker: kept");
    }

    #[test]
    fn refuses_a_folder_it_did_not_create() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("thesis.docx"), "precious").unwrap();
        let err = Staging::create(dir.path()).err().unwrap();
        assert!(err.message.contains("not created by baogao"));
        assert!(dir.path().join("thesis.docx").exists());
    }

    #[test]
    fn accepts_an_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let s = Staging::create(dir.path()).unwrap();
        s.write(&page("index.html", "x")).unwrap();
        s.commit().unwrap();
        assert!(dir.path().join("index.html").exists());
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let s = Staging::create(&dir.path().join("out")).unwrap();
        for bad in ["../x.html", "/etc/x", "a/../../b", "", "./a"] {
            assert!(s.write(&page(bad, "x")).is_err(), "{bad}");
        }
    }

    /// A pid no process can have (above Linux's pid_max).
    const DEAD: u32 = 999_999_990;

    #[test]
    fn leftovers_of_killed_builds_are_removed_and_foreign_folders_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staged = dir.path().join(format!(".public.baogao-tmp-{DEAD}"));
        fs::create_dir_all(staged.join("reports")).unwrap();
        fs::write(staged.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(staged.join("reports/a.html"), "x").unwrap();
        let emptied = dir.path().join(format!(".public.baogao-old-{}", DEAD + 1));
        fs::create_dir(&emptied).unwrap();
        let foreign = dir.path().join(format!(".public.baogao-tmp-{}", DEAD + 2));
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), "not baogao's").unwrap();
        let s = Staging::create(&out).unwrap();
        s.write(&page("index.html", "new")).unwrap();
        s.commit().unwrap();
        assert!(!staged.exists() && !emptied.exists());
        assert!(
            foreign.join("notes.txt").exists(),
            "no marker: not ours to remove"
        );
    }

    #[test]
    fn an_output_left_aside_by_a_killed_swap_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::create(&out).unwrap();
        s.write(&page("index.html", "old")).unwrap();
        s.commit().unwrap();
        // The two-rename swap killed between its renames: no output.
        fs::rename(&out, dir.path().join(format!(".public.baogao-old-{DEAD}"))).unwrap();
        let s = Staging::create(&out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        drop(s);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "the output alone"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("f"), "a").unwrap();
        fs::write(b.join("f"), "b").unwrap();
        match exchange(&a, &b) {
            Ok(()) => {
                assert_eq!(fs::read_to_string(a.join("f")).unwrap(), "b");
                assert_eq!(fs::read_to_string(b.join("f")).unwrap(), "a");
            }
            Err(e) => assert!(exchange_unsupported(&e), "{e}"),
        }
    }
}
