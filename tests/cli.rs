//! The `baogao` command as a user runs it.

use std::fs;
use std::process::Command;

fn baogao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_baogao"))
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
    fs::create_dir(dir.path().join("content")).unwrap();
    fs::write(
        dir.path().join("baogao.toml"),
        "[site]\ntitle = \"x\"\ncolour = \"red\"\n",
    )
    .unwrap();
    let out = baogao()
        .arg("build")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("baogao.toml:3:1"), "{stderr}");
    assert!(stderr.contains("colour"), "{stderr}");
    assert!(!dir.path().join("public").exists());
}
