//! Hostile and broken input: every case gives a clear diagnostic or a
//! correct page, never a panic, never a write outside the output folder, and
//! the other reports are still built. Big inputs are generated here, never
//! committed.

use baogao::model::Severity;
use baogao::pipeline::{build, BuildOptions, BuildSummary};
use std::fs;
use std::path::Path;

const GOOD: &str = "某区人民政府关于2022年法治政府建设情况的报告\n一、主要举措和成效\n开展普法宣传12次。\n二、存在的不足和原因\n力量不足。\n";

fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    text.encode_utf16()
        .for_each(|u| bytes.extend_from_slice(&u.to_le_bytes()));
    bytes
}

fn utf16be(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    text.encode_utf16()
        .for_each(|u| bytes.extend_from_slice(&u.to_be_bytes()));
    bytes
}

/// Inputs that must build (perhaps with a warning), as (file name, bytes).
fn tolerated() -> Vec<(String, Vec<u8>)> {
    let mut invalid_utf8 = GOOD.as_bytes().to_vec();
    invalid_utf8.insert(30, 0xFF);
    let heading_chain: String = ["一、甲", "（一）乙", "1.丙", "（1）丁", "①戊"]
        .iter()
        .cycle()
        .take(5000)
        .map(|h| format!("{h}\n"))
        .collect();
    vec![
        ("empty.txt".into(), vec![]),
        (
            "whitespace.txt".into(),
            " \n\t\u{3000}\n\r\n".as_bytes().to_vec(),
        ),
        ("invalid-utf8.txt".into(), invalid_utf8),
        (
            "gbk.txt".into(),
            encoding_rs::GBK.encode(GOOD).0.into_owned(),
        ),
        (
            "gb18030.txt".into(),
            encoding_rs::GB18030
                .encode(&format!("{GOOD}𠀀"))
                .0
                .into_owned(),
        ),
        ("utf16le.txt".into(), utf16le(GOOD)),
        ("utf16be.txt".into(), utf16be(GOOD)),
        (
            "bom-in-middle.txt".into(),
            format!("{GOOD}\u{feff}后文。").into_bytes(),
        ),
        ("crlf.txt".into(), GOOD.replace('\n', "\r\n").into_bytes()),
        ("lone-cr.txt".into(), GOOD.replace('\n', "\r").into_bytes()),
        (
            "long-line.txt".into(),
            format!("{GOOD}{}。\n", "长".repeat(350_000)).into_bytes(),
        ),
        (
            "many-lines.txt".into(),
            format!("{GOOD}{}", "一行。\n".repeat(100_000)).into_bytes(),
        ),
        (
            "deep-headings.txt".into(),
            format!("{GOOD}{heading_chain}").into_bytes(),
        ),
        (
            "headings-only.txt".into(),
            "一、甲\n二、乙\n（一）丙\n".as_bytes().to_vec(),
        ),
        (
            "no-headings.txt".into(),
            "只有一段正文。又一段。\n".as_bytes().to_vec(),
        ),
        (
            "unclosed-title-mark.txt".into(),
            format!("{GOOD}学习《民法典，后面没有闭合。\n").into_bytes(),
        ),
        (
            "many-title-marks.txt".into(),
            format!("{GOOD}{}\n", "《》《甲》".repeat(5000)).into_bytes(),
        ),
        (
            "nul.txt".into(),
            format!("{GOOD}有\u{0}空字符。\n").into_bytes(),
        ),
        (
            "rtl-zero-width.txt".into(),
            format!("{GOOD}\u{202e}反向\u{200b}零宽\u{200d}文字。\n").into_bytes(),
        ),
        (
            "emoji.txt".into(),
            format!("{GOOD}表情😀👍🏽。\n").into_bytes(),
        ),
        (
            "traditional.txt".into(),
            "某區2022年法治政府建設年度報告\n一、主要舉措和成效\n開展。\n"
                .as_bytes()
                .to_vec(),
        ),
        (
            "name with spaces 和 “引号” 'quotes'.txt".into(),
            GOOD.as_bytes().to_vec(),
        ),
        (
            "dup-a.txt".into(),
            format!("+++\nslug = \"same\"\n+++\n{GOOD}").into_bytes(),
        ),
        (
            "dup-b.txt".into(),
            format!("+++\nslug = \"same\"\n+++\n{GOOD}").into_bytes(),
        ),
        (
            "slug-up.txt".into(),
            format!("+++\nslug = \"../../etc\"\n+++\n{GOOD}").into_bytes(),
        ),
        (
            "slug-abs.txt".into(),
            format!("+++\nslug = \"/abs\"\n+++\n{GOOD}").into_bytes(),
        ),
        (
            "long-slug.txt".into(),
            format!(
                "+++\nslug = \"{}\"\n+++\n{GOOD}学习《{}》。\n",
                "法".repeat(200),
                "长".repeat(300)
            )
            .into_bytes(),
        ),
        (
            "slug-mixed.txt".into(),
            format!("+++\nslug = \"a/../../b\"\n+++\n{GOOD}").into_bytes(),
        ),
    ]
}

fn build_folder(
    files: &[(String, Vec<u8>)],
) -> (
    tempfile::TempDir,
    Result<BuildSummary, baogao::pipeline::BuildFailure>,
) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir(&content).unwrap();
    fs::write(content.join("good.txt"), GOOD).unwrap();
    for (name, bytes) in files {
        fs::write(content.join(name), bytes).unwrap();
    }
    let result = build(&BuildOptions::new(&content, dir.path().join("public")));
    (dir, result)
}

/// Every file under `dir`, relative.
fn files_under(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn tolerated_inputs_build_with_every_report_and_nothing_outside_the_output() {
    let cases = tolerated();
    let (dir, result) = build_folder(&cases);
    let summary = result.unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    assert_eq!(summary.reports, cases.len() + 1, "every report is built");
    let written: Vec<String> = files_under(dir.path())
        .into_iter()
        .filter(|f| !f.starts_with("content/"))
        .collect();
    assert!(
        written.iter().all(|f| f.starts_with("public/")),
        "nothing written outside the output: {written:?}"
    );
    let out = dir.path().join("public");
    for slug in [
        "same", "same-2", "etc", "abs", "a-b", "good", "gbk", "utf16le", "utf16be",
    ] {
        assert!(out.join(format!("reports/{slug}.html")).is_file(), "{slug}");
    }
    let warnings: Vec<String> = summary
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.file, w.message))
        .collect();
    assert!(summary
        .warnings
        .iter()
        .all(|w| w.severity == Severity::Warning));
    for expected in [
        "invalid-utf8.txt: 3 byte sequence(s) are not valid UTF-8",
        "gbk.txt: not UTF-8: read as GBK",
        "dup-b.txt: slug `same` is already used",
    ] {
        assert!(
            warnings.iter().any(|w| w.starts_with(expected)),
            "{expected} in {warnings:#?}"
        );
    }
    let rtl = fs::read_to_string(out.join("reports/rtl-zero-width.html")).unwrap();
    assert!(
        rtl.contains("反向零宽") && !rtl.contains('\u{202e}'),
        "bidi overrides and zero-width spaces removed"
    );
    let emoji = fs::read_to_string(out.join("reports/emoji.html")).unwrap();
    assert!(emoji.contains("😀👍🏽"), "emoji kept");
}

#[test]
fn errors_fail_the_build_name_the_file_and_leave_the_old_output() {
    for (name, bytes, what) in [
        (
            "binary.txt",
            vec![0u8, 159, 146, 150, 0, 0, 1, 2, 3, 0, 0xFF],
            "binary",
        ),
        (
            "front.txt",
            b"+++\ntitle = \n+++\n".to_vec(),
            "malformed front matter",
        ),
        ("unclosed.md", b"---\ntitle: x\n".to_vec(), "never closed"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let out = dir.path().join("public");
        fs::create_dir(&content).unwrap();
        fs::write(content.join("good.txt"), GOOD).unwrap();
        build(&BuildOptions::new(&content, &out)).unwrap();
        let before: Vec<(String, Vec<u8>)> = files_under(&out)
            .into_iter()
            .map(|f| (f.clone(), fs::read(out.join(&f)).unwrap()))
            .collect();
        fs::write(content.join(name), &bytes).unwrap();
        let failure = build(&BuildOptions::new(&content, &out)).unwrap_err();
        let error = failure
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .unwrap();
        assert_eq!(error.file, name);
        assert!(error.message.contains(what), "{name}: {}", error.message);
        let after: Vec<(String, Vec<u8>)> = files_under(&out)
            .into_iter()
            .map(|f| (f.clone(), fs::read(out.join(&f)).unwrap()))
            .collect();
        assert_eq!(before, after, "{name}: the old output is untouched");
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_links_out_of_the_content_folder_are_skipped() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), GOOD).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(content.join("sub")).unwrap();
    fs::write(content.join("good.txt"), GOOD).unwrap();
    std::os::unix::fs::symlink(&content, content.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        content.join("linked.txt"),
    )
    .unwrap();
    let summary = build(&BuildOptions::new(&content, dir.path().join("public"))).unwrap();
    assert_eq!(summary.reports, 1);
    assert!(summary
        .warnings
        .iter()
        .any(|w| w.file == "linked.txt" && w.message.contains("symbolic link")));
}

#[test]
fn a_twenty_megabyte_report_builds() {
    let paragraph = "开展法治宣传活动25次，化解矛盾纠纷9起，学习《民法典》。";
    let big = format!(
        "{GOOD}{}",
        format!("{paragraph}\n").repeat(20 * 1024 * 1024 / (paragraph.len() + 1))
    );
    assert!(big.len() >= 20 * 1024 * 1024 - 200);
    let (_dir, result) = build_folder(&[("big.txt".into(), big.into_bytes())]);
    assert_eq!(result.unwrap().reports, 2);
}

#[test]
fn a_document_or_issuer_called_index_does_not_replace_the_index_pages() {
    // Two years of one issuer, so that it has a page of its own.
    let report = |year: u32| {
        format!("+++\nissuer = \"Index\"\n+++\n某区{year}年法治政府建设年度报告\n一、主要举措和成效\n学习《INDEX》和《民法典》。\n")
    };
    let files = [2021, 2022].map(|y| (format!("index{y}.txt"), report(y).into_bytes()));
    let (dir, result) = build_folder(&files);
    result.unwrap();
    let out = dir.path().join("public");
    for (index, own) in [
        ("citations/index.html", "citations/index-2.html"),
        ("issuers/index.html", "issuers/index-2.html"),
    ] {
        let page = fs::read_to_string(out.join(index)).unwrap();
        assert!(
            page.contains(own),
            "{index} is the index and links to {own}"
        );
        assert!(out.join(own).is_file());
    }
}
