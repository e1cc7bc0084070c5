//! A build killed with SIGKILL at any moment leaves either the old or the
//! new site, byte for byte, never a mix and never none; and the next build
//! succeeds and leaves no staging folder behind.
//!
//! The archive is the bundled reports copied many times under other names,
//! so that writing the site takes long enough to be caught in the middle.
//! The moments are events seen in the output's parent folder (the staging
//! folder appears, is half written, is complete, the output changes), not
//! times; whichever moment a kill lands on, the promise is the same.

#![cfg(unix)]

mod common;

use common::tree;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_baogao");
const COPIES: usize = 3;

type Tree = Vec<(String, Vec<u8>)>;

fn count_files(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count()
}

/// The bundled reports, `COPIES` times each; the "new" archive changes one
/// paragraph of every copy and adds a report.
fn write_archive(dir: &Path, new: bool) {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).unwrap();
    for entry in fs::read_dir("content").unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let text = fs::read_to_string(entry.path()).unwrap();
        for i in 0..COPIES {
            let text = if new {
                text.replacen("。\n", "。本段在新版中改写。\n", 1)
            } else {
                text.clone()
            };
            fs::write(dir.join(format!("copy{i:02}-{name}")), text).unwrap();
        }
    }
    if new {
        fs::write(
            dir.join("added.txt"),
            "某区人民政府关于2023年法治政府建设情况的报告\n一、主要举措和成效\n开展普法宣传12次。\n",
        )
        .unwrap();
    }
}

fn start(content: &Path, output: &Path) -> Child {
    Command::new(BIN)
        .args(["build", "--content"])
        .arg(content)
        .arg("--output")
        .arg(output)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

fn build(content: &Path, output: &Path) {
    let status = start(content, output).wait().unwrap();
    assert!(status.success(), "build of {}", content.display());
}

/// baogao's own folders beside the output: staging folders, old outputs
/// or a replaced site, none of which may outlive a build.
fn leftovers(parent: &Path) -> Vec<PathBuf> {
    fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".baogao-"))
        .collect()
}

/// When to kill a build.
#[derive(Debug, Clone, Copy)]
enum Moment {
    StagingCreated,
    StagingHalfWritten,
    StagingComplete,
    OutputChanged,
}

/// Waits for `moment` while the build runs (polling the folders), then
/// kills it. Returns false if the build ended first.
fn kill_at(
    child: &mut Child,
    moment: Moment,
    parent: &Path,
    output: &Path,
    total: usize,
    old: &Tree,
) -> bool {
    let deadline = Instant::now() + Duration::from_secs(300);
    let staging = || {
        fs::read_dir(parent)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().contains(".baogao-tmp-"))
    };
    let marker = old
        .iter()
        .find(|(n, _)| n == "index.html")
        .unwrap()
        .1
        .clone();
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        let reached = match moment {
            Moment::StagingCreated => staging().is_some(),
            Moment::StagingHalfWritten => staging().is_some_and(|s| count_files(&s) >= total / 2),
            Moment::StagingComplete => staging().is_some_and(|s| count_files(&s) >= total),
            Moment::OutputChanged => fs::read(output.join("index.html")).is_ok_and(|b| b != marker),
        };
        if reached {
            child.kill().unwrap();
            child.wait().unwrap();
            return true;
        }
        assert!(Instant::now() < deadline, "{moment:?} never came");
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn a_killed_build_leaves_the_old_or_the_new_site_and_the_next_build_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let (old_content, new_content) = (dir.path().join("old"), dir.path().join("new"));
    write_archive(&old_content, false);
    write_archive(&new_content, true);
    let site = dir.path().join("site");
    fs::create_dir(&site).unwrap();
    let output = site.join("public");
    build(&new_content, &dir.path().join("reference"));
    let new = tree(&dir.path().join("reference"));
    build(&old_content, &output);
    let old = tree(&output);
    assert_ne!(old, new);
    assert!(new.len() > 150, "{} files", new.len());
    // Each round kills a build towards the other archive, then lets the
    // next build run to the end: the sites alternate old → new → old ….
    let mut current_is_old = true;
    let mut kills = 0;
    for moment in [
        Moment::StagingCreated,
        Moment::StagingHalfWritten,
        Moment::StagingComplete,
        Moment::OutputChanged,
    ] {
        let (from, to, to_content) = if current_is_old {
            (&old, &new, &new_content)
        } else {
            (&new, &old, &old_content)
        };
        let mut child = start(to_content, &output);
        let killed = kill_at(&mut child, moment, &site, &output, to.len(), from);
        eprintln!("{moment:?}: killed {killed}");
        kills += usize::from(killed);
        let after = tree(&output);
        assert!(
            after == *from || after == *to,
            "killed at {moment:?}: the output is neither the old nor the new site ({} files)",
            after.len()
        );
        // The next build of the same content succeeds, whatever was left.
        build(to_content, &output);
        assert!(
            tree(&output) == *to,
            "after {moment:?}: the next build gives the new site"
        );
        assert_eq!(leftovers(&site), Vec::<PathBuf>::new(), "after {moment:?}");
        current_is_old = !current_is_old;
    }
    assert!(
        kills >= 3,
        "only {kills} builds were caught before they ended"
    );
}
