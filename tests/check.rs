//! `baogao check`: content diagnostics without writing a site, and the
//! link check of a built site.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn baogao(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baogao"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A small site by hand: one good link, one to a missing page, one to an
/// anchor that no element has, one external link (not followed).
fn hand_made_site(dir: &Path) {
    fs::create_dir_all(dir.join("site/reports")).unwrap();
    fs::write(
        dir.join("site/index.html"),
        "<!DOCTYPE html>\n<html><head><link rel=stylesheet href=style.css></head><body>\n\
         <a href=\"reports/a.html#s1\">good</a>\n\
         <a href=\"reports/gone.html\">gone</a>\n\
         <a href='reports/a.html#s9'>nowhere</a>\n\
         <a href=\"https://example.org/x.html\">external</a>\n\
         <a href=\"#top\">top</a> <a href=\"reports/\">folder</a>\n\
         </body></html>\n",
    )
    .unwrap();
    fs::write(dir.join("site/style.css"), "").unwrap();
    fs::write(
        dir.join("site/reports/index.html"),
        "<a href=a.html>a</a> <a href=../index.html>home</a>",
    )
    .unwrap();
    fs::write(
        dir.join("site/reports/a.html"),
        "<h2 id=s1>一</h2><a href=\"../index.html\">home</a><a href=\"../../up.html\">up</a>",
    )
    .unwrap();
}

#[test]
fn a_broken_link_and_an_anchor_to_nowhere_fail_the_check() {
    let dir = tempfile::tempdir().unwrap();
    hand_made_site(dir.path());
    let out = baogao(dir.path(), &["check", "--site", "site"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("error: broken link `reports/gone.html` in <a href>: there is no file `reports/gone.html` in the site\n --> site/index.html:4:9\n"),
        "{err}"
    );
    assert!(
        err.contains("broken link `reports/a.html#s9` in <a href>: `reports/a.html` has no element with id `s9`"),
        "{err}"
    );
    assert!(
        err.contains("broken link `../../up.html` in <a href>: it leads out of the site"),
        "{err}"
    );
    assert!(
        !err.contains("example.org"),
        "external links are not checked"
    );
    assert!(!err.contains("#s1`"), "the good anchor resolves");
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn json_output_for_scripts() {
    let dir = tempfile::tempdir().unwrap();
    hand_made_site(dir.path());
    let out = baogao(dir.path(), &["check", "--site", "site", "--format", "json"]);
    assert!(!out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["errors"], 3);
    assert_eq!(json["summary"]["pages"], 3);
    assert_eq!(json["summary"]["ok"], false);
    let first = &json["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "site/index.html");
    assert_eq!(first["line"], 4);
}

#[test]
fn the_bundled_archive_passes() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = baogao(root, &["build", "--output", public.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = baogao(root, &["check", "--output", public.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("5 reports in content"), "{err}");
    assert!(err.contains(": 0 errors"), "{err}");
    assert!(!fs::read_dir(&public)
        .unwrap()
        .any(|e| e.unwrap().file_name() == "check"));
}

#[test]
fn content_problems_are_warnings_that_fail_only_with_strict() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir(&content).unwrap();
    let report = "某县人民政府\n关于2022年法治政府建设情况的报告\n\
                  一、主要举措和成效\n依据《行政复议法开展工作。\n\
                  二、附录\n见《》一文。\n";
    fs::write(content.join("a.txt"), report).unwrap();
    fs::write(content.join("b.txt"), report).unwrap();
    let out = baogao(dir.path(), &["check"]);
    let err = stderr(&out);
    assert!(out.status.success(), "warnings only: {err}");
    assert!(!dir.path().join("public").exists(), "check writes no site");
    for expected in [
        "warning: `《` is never closed\n --> content/a.txt:4:3\n",
        "warning: empty `《》`\n --> content/a.txt:6:2\n",
        "warning: section `二、附录` is not one of the five mandated parts\n --> content/a.txt:5:1\n",
        "warning: the mandated part “存在的不足和原因” is missing\n  --> content/a.txt\n",
        "warning: the same text as `a.txt`\n  --> content/b.txt\n",
    ] {
        assert!(err.contains(expected), "{expected}\nin:\n{err}");
    }
    assert!(
        !err.contains("no element"),
        "no site was built: no links checked"
    );
    let out = baogao(dir.path(), &["check", "--strict"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("error: the same text as `a.txt`"));
}

/// Two names of one place whose reports never share a year are listed as
/// likely aliases, with the line to add to baogao.toml; names that share a
/// year are not.
#[test]
fn check_lists_likely_issuer_aliases() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("content")).unwrap();
    let body = "一、主要举措和成效\n开展普法宣传。\n";
    for (file, title) in [
        ("a", "静海区人民政府关于2021年法治政府建设情况的报告"),
        ("b", "静海区司法局关于2022年法治政府建设情况的报告"),
        ("c", "静海区司法局关于2021年法治政府建设情况的报告"),
        ("d", "蓟州区人民政府关于2021年法治政府建设情况的报告"),
    ] {
        fs::write(
            dir.path().join(format!("content/{file}.txt")),
            format!("{title}\n{body}"),
        )
        .unwrap();
    }
    let out = baogao(dir.path(), &["check", "--content", "content"]);
    let err = stderr(&out);
    assert!(!err.contains("likely one issuer"), "shared 2021: {err}");
    fs::remove_file(dir.path().join("content/c.txt")).unwrap();
    let out = baogao(dir.path(), &["check", "--content", "content"]);
    let err = stderr(&out);
    assert!(err.contains("likely one issuer"), "{err}");
    assert!(err.contains("[issuers.aliases]"), "{err}");
    assert_eq!(err.matches("likely one issuer").count(), 1, "{err}");
}
