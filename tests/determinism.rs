//! Same content, same bytes: the `baogao` binary builds one archive in two
//! different folders (one with spaces and Chinese in its path, run from
//! another working directory with relative paths), with the files created
//! in opposite orders, on 1 and on 2 threads, and the two output trees are
//! compared byte for byte.

mod common;

use common::tree;
use std::fs;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_baogao");

/// The bundled reports, the injection reports, reports in sub-folders, two
/// reports with one slug (which one gets `-2` depends on order) and a GBK
/// file: (relative path, bytes).
fn archive() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for dir in ["content", "tests/injection"] {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            files.push((name, fs::read(entry.path()).unwrap()));
        }
    }
    let good =
        "某区人民政府关于2022年法治政府建设情况的报告\n一、主要举措和成效\n开展普法宣传12次。\n";
    for (path, text) in [
        ("2023/a 报告.txt", good.replace("2022", "2023")),
        ("2023/b/c.md", format!("# {good}")),
        ("dup-a.txt", format!("+++\nslug = \"same\"\n+++\n{good}")),
        ("dup-b.txt", format!("+++\nslug = \"same\"\n+++\n{good}")),
        ("Dup-A.txt", good.replace("某区", "另一区")),
    ] {
        files.push((path.to_owned(), text.into_bytes()));
    }
    files.push((
        "gbk.txt".to_owned(),
        encoding_rs::GBK.encode(good).0.into_owned(),
    ));
    files.sort();
    files
}

fn write_archive(root: &Path, files: impl Iterator<Item = (String, Vec<u8>)>) {
    for (path, bytes) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

fn build(cwd: &Path, content: &str, output: &str, threads: &str) {
    let out = Command::new(BIN)
        .current_dir(cwd)
        .args(["build", "--content", content, "--output", output])
        .args(["--base-url", "https://example.org/r/"])
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn two_builds_in_different_folders_orders_and_thread_counts_are_byte_identical() {
    let files = archive();
    let a = tempfile::tempdir().unwrap();
    write_archive(&a.path().join("content"), files.clone().into_iter());
    let a_out = a.path().join("public");
    build(
        Path::new("/"),
        a.path().join("content").to_str().unwrap(),
        a_out.to_str().unwrap(),
        "1",
    );

    let b = tempfile::tempdir().unwrap();
    let b_root = b.path().join("另一个 folder/深一层");
    write_archive(&b_root.join("报告 content"), files.into_iter().rev());
    build(&b_root, "报告 content", "../site out", "2");
    let b_out = b.path().join("另一个 folder/site out");

    let (ta, tb) = (tree(&a_out), tree(&b_out));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ta), names(&tb), "the same files");
    assert!(ta.len() > 100, "{} files", ta.len());
    for ((name, x), (_, y)) in ta.iter().zip(&tb) {
        assert!(x == y, "{name} differs");
    }
}
