//! The plans across two years as the site shows them, on the synthetic
//! multi-year fixtures of `tests/fixtures/plans/` (see its README): the
//! report pages of both years, the issuer timeline, the trends, and the
//! plans export, against what the analysis paired.

mod common;

use baogao::config::Config;
use baogao::pipeline::{build, BuildOptions};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The fixtures' site, built once.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = SITE.get_or_init(|| {
        let dir = Path::new("tests/fixtures/plans");
        let config = Config::load(&dir.join("baogao.toml"), true).expect("the fixtures' config");
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let options = BuildOptions {
            issuer_aliases: config.issuer_aliases,
            ..BuildOptions::new(dir.join("content"), &out)
        };
        build(&options).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
        (tmp, out)
    });
    out
}

fn page(path: &str) -> String {
    fs::read_to_string(site().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The section of a page with `id`, up to its end.
fn section<'p>(page: &'p str, id: &str) -> Option<&'p str> {
    let from = page
        .find(&format!("<section id={id}>"))
        .or_else(|| page.find(&format!("<section id=\"{id}\">")))?;
    let to = page[from..].find("</section>")? + from;
    Some(&page[from..to])
}

/// The `href`s of `html`.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=")
        .skip(1)
        .map(|rest| {
            let rest = rest.trim_start_matches('"');
            rest[..rest.find(['"', '>', ' ']).unwrap()].to_owned()
        })
        .collect()
}

#[test]
fn a_delivering_report_quotes_last_years_items_and_links_both_years() {
    let page = page("reports/2022-pingdingshan.html");
    let last = section(&page, "last-year-plans").expect("the section is there");
    assert!(last.contains("上一年度安排的落实情况"));
    assert!(last.contains("未见相关内容"), "an item left open says so");
    assert!(
        last.contains("落实："),
        "a delivered item links its paragraphs"
    );
    let items = &last[last.find("plan-items").expect("the items are listed")..];
    for href in hrefs(items) {
        let (path, anchor) = href
            .split_once('#')
            .expect("every item link names a paragraph");
        let target = fs::read_to_string(
            site()
                .join("reports")
                .join(path.trim_start_matches("../reports/")),
        )
        .unwrap();
        assert!(
            target.contains(&format!("id={anchor}>"))
                || target.contains(&format!("id=\"{anchor}\"")),
            "{href} is a paragraph or section of its page"
        );
    }
    assert!(
        hrefs(last)
            .iter()
            .any(|h| h.contains("2021-pingdingshan.html#")),
        "items link year N"
    );
    assert!(
        hrefs(last)
            .iter()
            .any(|h| h.contains("2022-pingdingshan.html#")),
        "deliveries link this page"
    );
}

#[test]
fn a_plan_report_links_each_item_forward_and_says_when_the_next_year_is_missing() {
    let first = page("reports/2021-pingdingshan.html");
    let forward = section(&first, "plans-followed").expect("the section is there");
    assert!(hrefs(forward)
        .iter()
        .any(|h| h.contains("2022-pingdingshan.html#")));
    // 济源 reports on 2022 and 2024: 2022's plans have no next report.
    let gap = page("reports/2022-jiyuan.html");
    let forward = section(&gap, "plans-followed").unwrap();
    assert!(forward.contains("2023 年度的报告尚未收录"), "{forward}");
    let after_gap = page("reports/2024-jiyuan.html");
    let last = section(&after_gap, "last-year-plans").unwrap();
    assert!(last.contains("2023 年度的报告未收录"), "{last}");
}

#[test]
fn a_report_without_a_plans_part_is_a_finding_on_both_pages() {
    let own = page("reports/2023-dongli.html");
    assert!(section(&own, "plans-followed")
        .unwrap()
        .contains("没有“下一年度主要安排”部分"));
    let next = page("reports/2024-dongli.html");
    let last = section(&next, "last-year-plans").unwrap();
    assert!(
        last.contains("上一年度的报告") && last.contains("没有“下一年度主要安排”部分"),
        "{last}"
    );
}

#[test]
fn the_plans_export_has_a_row_per_delivery_and_one_per_open_item() {
    let index: serde_json::Value = serde_json::from_str(&page("data/index.json")).unwrap();
    let mut rows = Vec::new();
    for part in index["plans"]["parts"].as_array().unwrap() {
        let text = page(part["path"].as_str().unwrap());
        let mut lines = text.lines();
        assert_eq!(
            lines.next().unwrap(),
            "issuer,plan_report,plan_anchor,plan_item,plan_text,delivery_report,delivery_anchor,score"
        );
        rows.extend(lines.map(str::to_owned));
    }
    assert_eq!(index["plans"]["records"], rows.len());
    let open = rows.iter().filter(|r| r.ends_with(",,,")).count();
    assert!(
        open > 0 && open < rows.len(),
        "{open} open of {}",
        rows.len()
    );
    // 2022-dongli's plans are followed up in 2023-dongli, named otherwise:
    // one issuer, through the alias.
    let dongli: Vec<&String> = rows
        .iter()
        .filter(|r| r.contains(",2022-dongli,"))
        .collect();
    assert!(!dongli.is_empty());
    assert!(
        dongli
            .iter()
            .all(|r| r.starts_with("天津东丽经济技术开发区管理委员会,") || r.starts_with("东丽")),
        "{dongli:?}"
    );
    // Reports with no next year or no plans part have no rows.
    let plan_report = |r: &String| r.split(',').nth(1).unwrap().to_owned();
    assert!(!rows
        .iter()
        .any(|r| ["2022-jiyuan", "2023-dongli"].contains(&plan_report(r).as_str())));
}

#[test]
fn the_timeline_and_the_trends_count_the_delivered_items() {
    let trends: serde_json::Value = serde_json::from_str(&page("data/trends.json")).unwrap();
    let y2022 = trends["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == 2022)
        .unwrap();
    let (items, delivered) = (
        y2022["plan_items"].as_u64().unwrap(),
        y2022["delivered"].as_u64().unwrap(),
    );
    assert!(
        items > 0 && delivered > 0 && delivered < items,
        "{items} {delivered}"
    );
    let issuers = fs::read_dir(site().join("issuers")).unwrap().count();
    assert!(issuers >= 5, "an index and a timeline per series");
    let timeline = fs::read_dir(site().join("issuers"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|p| {
            p.contains("平顶山") && p.contains("class=timeline")
                || p.contains("平顶山") && p.contains("class=\"timeline\"")
        })
        .expect("平顶山's timeline");
    assert!(timeline.contains(" 项"), "the items delivered, per year");
}

#[test]
fn a_report_without_plans_says_so_though_its_next_year_is_not_in_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(&content).unwrap();
    let text = "甲县人民政府关于2022年法治政府建设情况的报告\n一、主要举措和成效\n开展普法宣传。\n二、存在的不足和原因\n宣传不够深入。\n";
    fs::write(content.join("a.txt"), text).unwrap();
    let out = dir.path().join("public");
    build(&BuildOptions::new(&content, &out)).unwrap();
    let page = fs::read_to_string(out.join("reports/a.html")).unwrap();
    let own = section(&page, "plans-followed").expect("the section is there");
    assert!(own.contains("没有“下一年度主要安排”部分"), "{own}");
    assert!(
        !own.contains("尚未收录"),
        "the finding, not the missing year"
    );
}
