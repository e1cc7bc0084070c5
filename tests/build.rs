//! The whole build, end to end, on temporary folders.

mod common;

use baogao::config::HostLimits;
use baogao::pipeline::{build, BuildOptions};
use common::tree;
use std::fs;
use std::path::Path;

fn options(content: &Path, output: &Path) -> BuildOptions {
    BuildOptions::new(content, output)
}

fn copy_bundled(to: &Path) {
    for entry in fs::read_dir("content").unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn builds_the_bundled_archive() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let summary = build(&options(Path::new("content"), &out)).unwrap();
    assert_eq!(summary.reports, 5);
    assert!(summary.warnings.is_empty(), "{:#?}", summary.warnings);
    for path in [
        "index.html",
        "static/style.css",
        "data/index.json",
        "data/reports-2022.json",
        "data/figures-2022.csv",
        "reports/2022-jiyuan-jingkaiqu.html",
        "sources/2022-jiyuan-jingkaiqu.txt",
    ] {
        assert!(out.join(path).is_file(), "{path} is written");
    }
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("reports/2021-pingdingshan-shifanqu.html"));
    assert!(!index.contains("href=\"/"), "links are relative");
    let page = fs::read_to_string(out.join("reports/2022-jiyuan-jingkaiqu.html")).unwrap();
    assert!(
        page.contains("id=\"s2-p3\""),
        "paragraph anchors are written"
    );
    assert!(page.contains("Content-Security-Policy"));
    let scripts: Vec<&str> = page
        .match_indices("<script")
        .map(|(i, _)| &page[i..])
        .collect();
    assert_eq!(scripts.len(), 1, "one script, the permalinks'");
    assert!(
        scripts[0].starts_with("<script src=\"../static/report.js\" defer></script>"),
        "no inline scripts"
    );
}

#[test]
fn reports_json_has_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&options(Path::new("content"), &out)).unwrap();
    let reports = common::records(&out);
    assert_eq!(reports.len(), 5);
    for r in &reports {
        for key in [
            "slug",
            "title",
            "issuer",
            "year",
            "date",
            "doc_number",
            "source",
            "url",
            "char_count",
            "paragraph_count",
            "sections",
        ] {
            assert!(r.get(key).is_some(), "{key} in {r}");
        }
        for s in r["sections"].as_array().unwrap() {
            for key in ["heading", "level", "anchor", "part", "children"] {
                assert!(s.get(key).is_some(), "{key} in section");
            }
        }
    }
    let jiyuan = reports
        .iter()
        .find(|r| r["slug"] == "2022-jiyuan-jingkaiqu")
        .unwrap();
    assert_eq!(jiyuan["date"], "2022-12-16");
    assert_eq!(jiyuan["year"], 2022);
    assert_eq!(jiyuan["sections"][2]["part"], "shortcomings");
}

#[test]
fn data_index_names_every_part_of_the_exports_by_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&options(Path::new("content"), &out)).unwrap();
    let index: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("data/index.json")).unwrap()).unwrap();
    let mut slugs: Vec<String> = Vec::new();
    for part in index["reports"]["parts"].as_array().unwrap() {
        let path = part["path"].as_str().unwrap();
        let records: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join(path)).unwrap()).unwrap();
        let records = records.as_array().unwrap();
        assert_eq!(part["records"], records.len(), "{path}");
        assert_eq!(path, format!("data/reports-{}.json", part["year"]));
        assert!(records.iter().all(|r| r["year"] == part["year"]), "{path}");
        slugs.extend(
            records
                .iter()
                .map(|r| r["slug"].as_str().unwrap().to_owned()),
        );
    }
    assert_eq!(index["reports"]["records"], 5);
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 5, "every record once");
    assert_eq!(
        index["figures"]["parts"].as_array().unwrap().len(),
        index["reports"]["parts"].as_array().unwrap().len(),
        "a figures part for each year"
    );
    assert!(!out.join("data/reports.json").exists());
    assert!(!out.join("data/figures.csv").exists());
}

#[test]
fn a_site_over_its_hosts_limits_warns_and_with_strict_leaves_the_old_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let summary = build(&options(Path::new("content"), &out)).unwrap();
    let before = tree(&out);
    // The summary measures what is in the output (but the marker).
    let pages: Vec<_> = before
        .iter()
        .filter(|(p, _)| p != ".baogao-output")
        .collect();
    assert_eq!(summary.site.files, pages.len());
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    assert_eq!(summary.site.bytes, bytes as u64);
    let largest = pages.iter().map(|(_, b)| b.len()).max().unwrap();
    let (path, size) = summary.site.largest.clone().unwrap();
    assert_eq!(size, largest as u64);
    assert_eq!(
        before.iter().find(|(p, _)| *p == path).unwrap().1.len(),
        largest
    );
    let tiny = HostLimits {
        label: "Tiny Pages",
        site_bytes: Some(100_000),
        files: Some(10),
        file_bytes: Some(10_000),
    };
    let mut over = options(Path::new("content"), &out);
    over.host = Some(tiny);
    let summary = build(&over).unwrap();
    let messages: Vec<&str> = summary
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(
        messages[0].starts_with("the site is ")
            && messages[0].contains("more than Tiny Pages accepts (97.7 KiB)")
    );
    assert!(messages[1].contains(&format!(
        "has {} files, more than Tiny Pages accepts (10)",
        pages.len()
    )));
    assert!(messages[2].contains(&format!("the largest is {path} (")));
    // With --strict nothing replaces the output, and nothing is left beside it.
    fs::remove_dir_all(&out).unwrap();
    build(&options(Path::new("content"), &out)).unwrap();
    let before = tree(&out);
    over.strict = true;
    let failure = build(&over).unwrap_err();
    assert!(failure
        .diagnostics
        .iter()
        .any(|d| d.message.contains("not put in place")));
    assert_eq!(tree(&out), before);
    let beside: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["public"]);
    // Within every limit: no warning.
    over.host = Some(HostLimits {
        site_bytes: Some(1 << 40),
        files: Some(1 << 20),
        file_bytes: Some(1 << 30),
        ..tiny
    });
    assert!(build(&over).unwrap().warnings.is_empty());
}

#[test]
fn same_input_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&options(Path::new("content"), &a)).unwrap();
    let content = dir.path().join("elsewhere");
    fs::create_dir(&content).unwrap();
    copy_bundled(&content);
    build(&options(&content, &b)).unwrap();
    assert_eq!(tree(&a), tree(&b));
}

#[test]
fn a_failed_build_leaves_the_old_output_and_lists_every_error() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let out = dir.path().join("public");
    fs::create_dir(&content).unwrap();
    copy_bundled(&content);
    build(&options(&content, &out)).unwrap();
    let before = tree(&out);
    fs::write(content.join("bad-front.txt"), "+++\ntitle = = 1\n+++\n正文").unwrap();
    fs::write(content.join("binary.txt"), [0u8, 1, 2, 3, 0, 0, 0, 0xff]).unwrap();
    let failure = build(&options(&content, &out)).unwrap_err();
    let files: Vec<_> = failure
        .diagnostics
        .iter()
        .map(|d| d.file.as_str())
        .collect();
    assert!(
        files.contains(&"bad-front.txt") && files.contains(&"binary.txt"),
        "{files:?}"
    );
    let front = failure
        .diagnostics
        .iter()
        .find(|d| d.file == "bad-front.txt")
        .unwrap();
    assert_eq!(front.line(), Some(2));
    assert_eq!(tree(&out), before, "old output untouched");
    let siblings: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(siblings.len(), 2, "no staging folder left: {siblings:?}");
}

#[test]
fn a_portal_copys_dates_and_its_note_reach_its_record_and_page() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir(&content).unwrap();
    let report = "[ 索引号 ] 000014349/2023-00088 [ 发布机构 ] 某县人民政府\n[ 成文日期 ] 2023-03-20 [ 发布日期 ] 2023-04-06\n某县人民政府关于2022年法治政府建设情况的报告\n一、主要举措和成效\n开展法治宣传12次。\n二、下一年度主要安排\n继续推进。\n某县人民政府\n2023年3月20日\n（此件公开发布）\n【打印】 【关闭】 浏览次数：2327\n";
    fs::write(content.join("copy.txt"), report).unwrap();
    let out = dir.path().join("public");
    build(&options(&content, &out)).unwrap();
    let record = &common::records(&out)[0];
    assert_eq!(record["date"], "2023-03-20");
    assert_eq!(record["published"], "2023-04-06");
    assert_eq!(record["note"], "此件公开发布");
    let page = fs::read_to_string(out.join("reports/copy.html")).unwrap();
    for shown in ["网站发布日期", "2023-04-06", "附注", "此件公开发布"] {
        assert!(page.contains(shown), "{shown} on the page");
    }
    assert!(!page.contains("浏览次数"), "page furniture is not text");
    // Signed before the deadline, public after it: late.
    let matrix = fs::read_to_string(out.join("compare/matrix.html")).unwrap();
    assert!(matrix.contains("逾期"), "late in the matrix");
}

#[test]
fn gbk_and_utf16_reports_build_like_utf8_ones() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir(&content).unwrap();
    let text = fs::read_to_string("content/2022-jiyuan-jingkaiqu.txt").unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    fs::write(content.join("gbk.txt"), &gbk).unwrap();
    let mut utf16 = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        utf16.extend_from_slice(&unit.to_be_bytes());
    }
    fs::write(content.join("utf16.txt"), &utf16).unwrap();
    let (reports, diagnostics) = baogao::pipeline::load_reports(&content, &Default::default());
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0].meta.title, reports[1].meta.title);
    assert_eq!(reports[0].sections, reports[1].sections);
    assert_eq!(
        diagnostics.len(),
        1,
        "the GBK file is reported as re-encoded: {diagnostics:#?}"
    );
    assert!(diagnostics[0].message.contains("GBK"));
}

#[test]
fn duplicate_slugs_get_a_suffix_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(content.join("a")).unwrap();
    fs::write(
        content.join("a/x.txt"),
        "甲县人民政府2022年法治政府建设年度报告\n一、主要举措\n开展。\n",
    )
    .unwrap();
    fs::write(
        content.join("a-x.txt"),
        "乙县人民政府2022年法治政府建设年度报告\n一、主要举措\n开展。\n",
    )
    .unwrap();
    let out = dir.path().join("public");
    let summary = build(&options(&content, &out)).unwrap();
    assert!(out.join("reports/a-x.html").is_file() && out.join("reports/a-x-2.html").is_file());
    assert!(summary
        .warnings
        .iter()
        .any(|w| w.message.contains("already used")));
    let strict = BuildOptions {
        strict: true,
        output: dir.path().join("strict"),
        ..options(&content, &out)
    };
    let failure = build(&strict).expect_err("with --strict, a warning fails the build");
    let messages: Vec<&str> = failure
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("already used")),
        "{messages:?}"
    );
    assert!(!strict.output.exists(), "nothing is written");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let failure = build(&options(Path::new("content"), dir.path())).unwrap_err();
    assert!(failure
        .diagnostics
        .iter()
        .any(|d| d.message.contains("not created by baogao")));
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn report_text_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir(&content).unwrap();
    let hostile = "+++\nsource_url = \"javascript:alert(1)\"\n+++\n<script>alert(1)</script>2022年法治政府建设年度报告\n一、主要举措\n\"><img src=x onerror=alert(1)>{{ site }}{% if x %}开展。\n";
    fs::write(content.join("x.txt"), hostile).unwrap();
    let out = dir.path().join("public");
    build(&options(&content, &out)).unwrap();
    // Inside <title> (RCDATA) and quoted attribute values `<` is text, and
    // the minifier leaves it unescaped there; everywhere else it must be.
    // (A value holding `"` is single-quoted by the minifier.)
    let text_only = regex::Regex::new(r#"(?s)<title>.*?</title>|="[^"]*"|='[^']*'"#).unwrap();
    for page in ["index.html", "reports/x.html"] {
        let html = fs::read_to_string(out.join(page)).unwrap();
        let markup = text_only.replace_all(&html, "");
        let own_script = "<script src defer></script>";
        assert!(
            !markup.replace(own_script, "").contains("<script"),
            "{page}"
        );
        assert!(!markup.contains("<img"), "{page}");
        assert!(!html.contains("javascript:"), "{page}");
    }
    let html = fs::read_to_string(out.join("reports/x.html")).unwrap();
    assert!(
        html.contains("{{ site }}{% if x %}"),
        "template syntax in text is text"
    );
}

#[test]
fn feed_robots_and_404_always_sitemap_only_with_a_base_url() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&options(Path::new("content"), &out)).unwrap();
    let feed = fs::read_to_string(out.join("feed.xml")).unwrap();
    assert_eq!(feed.matches("<entry>").count(), 5);
    assert!(feed.contains("<id>urn:baogao:report:2022-jiyuan-jingkaiqu</id>"));
    assert!(out.join("404.html").is_file() && out.join("robots.txt").is_file());
    assert!(
        !out.join("sitemap.xml").exists(),
        "a sitemap needs absolute URLs"
    );
    let mut with_base = options(Path::new("content"), &dir.path().join("site"));
    with_base.site.base_url = Some("https://example.org/r/".to_owned());
    build(&with_base).unwrap();
    let site = dir.path().join("site");
    let sitemap = fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/r/reports/2022-jiyuan-jingkaiqu.html</loc>"));
    assert!(!sitemap.contains("404.html"));
    assert!(fs::read_to_string(site.join("robots.txt"))
        .unwrap()
        .contains("Sitemap: https://example.org/r/sitemap.xml"));
    let page = fs::read_to_string(site.join("reports/2022-jiyuan-jingkaiqu.html")).unwrap();
    assert!(
        page.contains("rel=canonical"),
        "canonical links with a base URL"
    );
}

#[test]
fn the_timings_say_which_templates_the_render_stage_went_to() {
    let dir = tempfile::tempdir().unwrap();
    let summary = build(&options(Path::new("content"), &dir.path().join("public"))).unwrap();
    let templates = &summary.timings.templates;
    let report = templates.iter().find(|(name, _)| name == "report.html");
    assert_eq!(report.map(|(_, t)| t.renders), Some(5), "{templates:?}");
    let totals: Vec<_> = templates.iter().map(|(_, t)| t.total()).collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "longest first");
    let lines = summary.timings.lines();
    let render = lines.iter().position(|l| l.starts_with("render")).unwrap();
    assert!(lines[render + 1].contains("by template"), "{lines:#?}");
    assert!(lines[render + 2].contains(&templates[0].0), "{lines:#?}");
}

#[test]
fn the_trends_count_each_years_reports_as_their_records_say() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&options(Path::new("content"), &out)).unwrap();
    let trends: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("data/trends.json")).unwrap()).unwrap();
    let records = common::records(&out);
    let parts = ["measures", "shortcomings", "leadership", "plans", "other"];
    let years = trends["years"].as_array().unwrap();
    let listed: Vec<i64> = years.iter().map(|y| y["year"].as_i64().unwrap()).collect();
    assert_eq!(listed, [2021, 2022], "oldest first");
    for year in years {
        let of_year: Vec<&serde_json::Value> = (records.iter())
            .filter(|r| r["year"] == year["year"])
            .collect();
        assert_eq!(year["reports"], of_year.len());
        for (k, part) in parts.iter().enumerate() {
            let with = (of_year.iter())
                .filter(|r| {
                    let parts = r["parts"].as_array().unwrap();
                    parts
                        .iter()
                        .any(|p| p["part"] == *part && !p["anchor"].is_null())
                })
                .count();
            assert_eq!(year["with_part"][k], with, "{} {part}", year["year"]);
        }
    }
    let csv = fs::read_to_string(out.join("data/trends.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("year,reports,with_measures,"),
        "{header}"
    );
    assert_eq!(csv.lines().count(), 1 + years.len());
    let page = fs::read_to_string(out.join("trends.html")).unwrap();
    assert!(page.contains("<svg") && page.contains("2021") && page.contains("2022"));
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("href=\"trends.html\""),
        "linked from the overview"
    );
}

#[test]
fn an_issuer_reporting_on_a_year_twice_is_a_warning_naming_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(&content).unwrap();
    let report = |year: i32, extra: &str| {
        format!(
            "甲县人民政府关于{year}年法治政府建设情况的报告\n一、主要举措和成效\n开展{extra}。\n"
        )
    };
    fs::write(content.join("a.txt"), report(2022, "甲")).unwrap();
    fs::write(content.join("b.txt"), report(2022, "乙")).unwrap();
    fs::write(content.join("c.txt"), report(2023, "丙")).unwrap();
    let out = dir.path().join("public");
    let summary = build(&options(&content, &out)).unwrap();
    let twice: Vec<_> = (summary.warnings.iter())
        .filter(|w| w.message.contains("twice"))
        .collect();
    assert_eq!(twice.len(), 1, "{:#?}", summary.warnings);
    let both = format!("{} {}", twice[0].file, twice[0].message);
    assert!(both.contains("a.txt") && both.contains("b.txt"), "{both}");
    assert!(twice[0]
        .help
        .as_deref()
        .is_some_and(|h| h.contains("front matter")));
    let strict = BuildOptions {
        strict: true,
        output: dir.path().join("strict"),
        ..options(&content, &out)
    };
    assert!(
        build(&strict).is_err(),
        "with --strict, a warning fails the build"
    );
}
