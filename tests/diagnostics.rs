//! The text of diagnostics, pinned: what a publisher reads when something
//! is wrong — where (file:line:column and the line), what, and what to do.

use std::fs;
use std::path::Path;
use std::process::Command;

/// Runs `baogao build` in `dir`; returns its stderr, which must be a
/// failure.
fn failed_build(dir: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_baogao"))
        .arg("build")
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        !dir.join("public").exists(),
        "a failed build writes nothing"
    );
    String::from_utf8(out.stderr).unwrap()
}

fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("content")).unwrap();
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

#[test]
fn malformed_front_matter() {
    let dir = folder(&[(
        "content/a.txt",
        "+++\ntitle = \"某县报告\"\nyaer = 2022\n+++\n正文\n".as_bytes(),
    )]);
    assert_eq!(
        failed_build(dir.path()),
        "\
error: malformed front matter: unknown field `yaer`, expected one of `title`, `issuer`, `year`, `date`, `region`, `doc_number`, `source_url`, `slug`
 --> content/a.txt:3:1
  |
3 | yaer = 2022
  | ^
  = help: did you mean `year`? front matter may set title, issuer, year, date, region, doc_number, source_url and slug; see the README section \"Front matter\"

build failed with 1 error; public was left as it was
"
    );
}

#[test]
fn a_front_matter_value_of_the_wrong_type() {
    let dir = folder(&[(
        "content/a.txt",
        "---\ntitle: 某县报告\nyear: 二〇二二年\n---\n正文\n".as_bytes(),
    )]);
    assert_eq!(
        failed_build(dir.path()),
        "\
error: malformed front matter: year: invalid type: string \"二〇二二年\", expected i32
 --> content/a.txt:3:7
  |
3 | year: 二〇二二年
  |       ^
  = help: front matter may set title, issuer, year, date, region, doc_number, source_url and slug; see the README section \"Front matter\"

build failed with 1 error; public was left as it was
"
    );
}

#[test]
fn an_unknown_config_key() {
    let dir = folder(&[(
        "baogao.toml",
        b"[site]\ntitle = \"\xe6\x8a\xa5\xe5\x91\x8a\xe5\xba\x93\"\ntitel = \"x\"\n",
    )]);
    assert_eq!(
        failed_build(dir.path()),
        "\
error: invalid configuration: unknown field `titel`, expected one of `title`, `description`, `base_url`, `language`
 --> baogao.toml:3:1
  |
3 | titel = \"x\"
  | ^
  = help: did you mean `title`? see the README section \"Configuration\" for the keys baogao.toml may set

build failed with 1 error; public was left as it was
"
    );
}

#[test]
fn an_undecodable_file() {
    let dir = folder(&[("content/scan.txt", b"PK\x03\x04\0\0\0\0\x14\0\0\0\0\0")]);
    assert_eq!(
        failed_build(dir.path()),
        "\
error: cannot decode: 9 NUL bytes, this looks like a binary file (or UTF-16 without a byte-order mark)
  --> content/scan.txt
   = help: save the file as UTF-8 (or GBK) text and build again

build failed with 1 error; public was left as it was
"
    );
}

#[test]
fn every_error_of_a_run_at_once_config_and_content() {
    let dir = folder(&[
        ("baogao.toml", b"[site]\ncolour = \"red\"\n"),
        ("content/a.txt", b"+++\nyear = 2022\n"),
        ("content/b.txt", b"\0\0\0\0\0\0"),
    ]);
    let err = failed_build(dir.path());
    assert!(err.contains(" --> baogao.toml:2:1\n"), "{err}");
    assert!(
        err.contains(
            "error: front matter opened with `+++` is never closed\n --> content/a.txt:1:1\n"
        ),
        "{err}"
    );
    assert!(err.contains("  --> content/b.txt\n"), "{err}");
    assert!(
        err.ends_with("build failed with 3 errors; public was left as it was\n"),
        "{err}"
    );
}

#[test]
fn warnings_fail_only_with_strict() {
    let dir = folder(&[("content/a.txt", "一些没有标题的文字。\n".as_bytes())]);
    let build = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_baogao"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = build(&["build"]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("warning: no year found\n  --> content/a.txt\n"),
        "{err}"
    );
    assert!(err.contains("built 1 report and "), "{err}");
    fs::remove_dir_all(dir.path().join("public")).unwrap();
    let out = build(&["build", "--strict"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("error: no year found"), "{err}");
    assert!(!dir.path().join("public").exists());
    let out = build(&["build", "--quiet"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "",
        "--quiet prints nothing on success"
    );
}
