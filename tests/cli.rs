//! The `baogao` command as a user runs it.

use std::fs;
use std::process::Command;

fn baogao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_baogao"))
}

/// The messages of a `baogao build` in `dir`, which must succeed.
fn built(dir: &std::path::Path) -> String {
    let out = baogao().arg("build").current_dir(dir).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    stderr
}

/// `baogao build` in `dir`, with an empty content folder and `config` as
/// its baogao.toml.
fn build_with_config(dir: &std::path::Path, config: &str) -> std::process::Output {
    fs::create_dir(dir.join("content")).unwrap();
    fs::write(dir.join("baogao.toml"), config).unwrap();
    baogao().arg("build").current_dir(dir).output().unwrap()
}

#[test]
fn help_explains_the_build_options() {
    let out = baogao().args(["build", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for option in [
        "--content",
        "--output",
        "--base-url",
        "--config",
        "--timings",
    ] {
        assert!(help.contains(option), "{option} in:\n{help}");
    }
}

#[test]
fn a_config_file_sets_title_deadline_and_topics() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("content")).unwrap();
    fs::copy(
        "content/2022-jiyuan-jingkaiqu.txt",
        dir.path().join("content/r.txt"),
    )
    .unwrap();
    let config = "[site]\ntitle = \"测试报告库\"\n[deadline]\nmonth = 1\nday = 1\n[[topics]]\nname = \"项目建设\"\nkeywords = [\"项目\"]\n";
    fs::write(dir.path().join("baogao.toml"), config).unwrap();
    let status = baogao()
        .arg("build")
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let out = dir.path().join("public");
    assert!(fs::read_to_string(out.join("index.html"))
        .unwrap()
        .contains("<title>测试报告库</title>"));
    assert!(
        out.join("topics/项目建设.html").is_file(),
        "the configured taxonomy replaces the default"
    );
    assert!(!out.join("topics/疫情防控.html").exists());
    let matrix = fs::read_to_string(out.join("compare/matrix.html")).unwrap();
    assert!(
        matrix.contains("按时（提前 16 天）"),
        "signed 2022-12-16, due on the configured 2023-01-01"
    );
    assert!(matrix.contains("次年 1 月 1 日"));
}

#[test]
fn an_invalid_config_fails_with_its_line_and_leaves_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_with_config(dir.path(), "[site]\ntitle = \"x\"\ncolour = \"red\"\n");
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("baogao.toml:3:1"), "{stderr}");
    assert!(stderr.contains("colour"), "{stderr}");
    assert!(!dir.path().join("public").exists());
}

#[test]
fn init_then_build_works_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("my-archive");
    let out = baogao().args(["init"]).arg(&archive).output().unwrap();
    assert!(out.status.success());
    let mut files: Vec<String> = walk(&archive);
    files.sort();
    assert_eq!(
        files,
        [".gitignore", "baogao.toml", "content/2023-shili-xian.txt"]
    );
    let stderr = built(&archive);
    assert!(stderr.contains("built 1 report and "), "{stderr}");
    assert!(
        stderr.contains(", 0 warnings"),
        "the sample is a clean report: {stderr}"
    );
    let page = fs::read_to_string(archive.join("public/reports/2023-shili-xian.html")).unwrap();
    assert!(page.contains("示例县人民政府关于2023年度法治政府建设情况的报告"));
    assert!(page.contains("<title>示例县人民政府关于2023年度法治政府建设情况的报告 · 示例县法治政府建设年度报告库</title>"));
    let out = baogao()
        .arg("check")
        .current_dir(&archive)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains(": 0 errors, 0 warnings"), "{stderr}");
    // Never over an existing archive.
    let out = baogao().args(["init"]).arg(&archive).output().unwrap();
    assert!(!out.status.success());
}

#[test]
fn build_ends_with_the_sites_size_and_largest_file_and_measures_it_against_the_host() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a");
    assert!(baogao()
        .arg("init")
        .arg(&archive)
        .status()
        .unwrap()
        .success());
    fs::write(
        archive.join("baogao.toml"),
        "[deploy]\nhost = \"cloudflare-pages\"\n",
    )
    .unwrap();
    let stderr = built(&archive);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("site: "))
        .unwrap_or_else(|| panic!("no size line: {stderr}"));
    let public = archive.join("public");
    let files: Vec<_> = walkdir::WalkDir::new(&public)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.file_name() != ".baogao-output")
        .collect();
    assert!(
        line.contains(&format!(" in {} files; ", files.len())),
        "{line}"
    );
    let largest = files
        .iter()
        .max_by_key(|e| e.metadata().unwrap().len())
        .unwrap();
    let rel = largest.path().strip_prefix(&public).unwrap();
    assert!(
        line.contains(&format!("largest file {} (", rel.display())),
        "{line}"
    );
    assert!(
        !stderr.contains("more than Cloudflare"),
        "a one-report site fits: {stderr}"
    );
}

#[test]
fn an_unknown_host_is_an_error_listing_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_with_config(dir.path(), "[deploy]\nhost = \"geocities\"\n");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success());
    assert!(stderr.contains("baogao.toml:2:8"), "{stderr}");
    for host in [
        "github-pages",
        "gitlab-pages",
        "cloudflare-pages",
        "cloudflare-pages-paid",
    ] {
        assert!(stderr.contains(&format!("\"{host}\"")), "{host}: {stderr}");
    }
}

fn walk(root: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.extend(walk(&path).into_iter().map(|f| format!("{name}/{f}")));
        } else {
            out.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    out
}

#[test]
fn a_site_overrides_templates_and_static_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content")).unwrap();
    fs::copy(
        "content/2022-jiyuan-jingkaiqu.txt",
        dir.path().join("content/r.txt"),
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>另一个 404：{{ site.title }}</h1>{% endblock main %}",
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("static/img")).unwrap();
    fs::write(dir.path().join("static/style.css"), "body{color:red}").unwrap();
    fs::write(dir.path().join("static/img/logo.svg"), "<svg/>").unwrap();
    fs::write(
        dir.path().join("baogao.toml"),
        "[site]\ndescription = \"本省报告\"\nlanguage = \"zh-Hans\"\nbase_url = \"https://example.org/r/\"\n[build]\noutput = \"site\"\n",
    )
    .unwrap();
    let out = baogao()
        .arg("build")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = dir.path().join("site");
    assert!(fs::read_to_string(site.join("404.html"))
        .unwrap()
        .contains("另一个 404：法治政府建设年度报告库"));
    assert_eq!(
        fs::read_to_string(site.join("static/style.css")).unwrap(),
        "body{color:red}"
    );
    assert!(site.join("static/img/logo.svg").is_file());
    assert!(site.join("static/table.js").is_file(), "the others stay");
    let index = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("<html lang=\"zh-Hans\">"),
        "{}",
        &index[..200]
    );
    assert!(index.contains("content=\"本省报告\" name=description"));
    assert!(index.contains("<link href=\"https://example.org/r/index.html\" rel=canonical>"));
    let report = fs::read_to_string(site.join("reports/r.html")).unwrap();
    assert!(report
        .contains("<meta property=\"og:url\" content=\"https://example.org/r/reports/r.html\">"));
    assert!(report.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(
        report.contains("2022年，在示范区党工委"),
        "the opening in the description"
    );

    // A broken template names itself.
    fs::write(dir.path().join("templates/404.html"), "{% if %}").unwrap();
    let out = baogao()
        .arg("build")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("404.html"), "{stderr}");
}

#[test]
fn the_readme_explains_every_command_and_option() {
    let readme = fs::read_to_string("README.md").unwrap();
    let options = regex::Regex::new(r"--[a-z][a-z-]+").unwrap();
    for command in ["init", "build", "serve", "check"] {
        assert!(
            readme.contains(&format!("### `baogao {command}")),
            "README has a section on `baogao {command}`"
        );
        let out = baogao().args([command, "--help"]).output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        for option in options.find_iter(&help).map(|m| m.as_str()) {
            if option == "--help" || option == "--version" {
                continue;
            }
            assert!(
                readme.contains(option),
                "README explains {option} of {command}"
            );
        }
    }
}
