//! What the analysis finds in the bundled reports, and the pages it links:
//! cited documents merged with their variants, figures with values and
//! units, topics, regions, related reports.

mod common;

use baogao::pipeline::{build, BuildOptions};
use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The bundled archive, built once for all tests of this file.
fn site() -> &'static PathBuf {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            build(&BuildOptions::new("content", &out)).unwrap();
            (dir, out)
        })
        .1
}

fn read(path: &str) -> String {
    fs::read_to_string(site().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every record of the `data/reports-*.json` parts, as one array.
fn reports_json() -> serde_json::Value {
    serde_json::Value::Array(common::records(site()))
}

/// The record of the report `slug`.
fn report<'a>(json: &'a serde_json::Value, slug: &str) -> &'a serde_json::Value {
    json.as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == slug)
        .unwrap()
}

#[test]
fn a_cited_regulation_has_one_page_with_its_variant_merged() {
    let page = read("citations/重大行政决策程序暂行条例.html");
    assert!(
        page.contains("其他写法：《重大行政决策暂行条例》"),
        "the variant is merged and named"
    );
    assert!(
        page.contains("href=\"../reports/2021-pingdingshan-shifanqu.html#s2-2-p1\""),
        "平顶山 cites it in §s2-2-p1"
    );
    assert!(
        page.contains("href=\"../reports/2022-dongli-jingkaiqu.html#s2-5-p1\">")
            && page.contains("2022 年度 · 2 段"),
        "东丽 cites the variant in §s2-5-p1 and the full title in another paragraph"
    );
    assert!(
        !page.contains("<blockquote"),
        "the citing paragraphs are linked, not quoted"
    );
    assert!(
        !site().join("citations/重大行政决策暂行条例.html").exists(),
        "no second page for the variant"
    );
    let index = read("citations/index.html");
    assert!(index.contains("href=\"../citations/重大行政决策程序暂行条例.html\">《重大行政决策程序暂行条例》</a> <span class=count>3 处"));
}

/// Every row of the `data/figures-*.csv` parts, each a map from column to
/// cell.
fn figure_rows() -> Vec<std::collections::HashMap<String, String>> {
    let parts = common::export_parts(site(), "figures");
    let mut rows = Vec::new();
    for part in &parts {
        let text = read(part);
        let mut csv = csv::Reader::from_reader(text.as_bytes());
        rows.extend(csv.deserialize().map(Result::unwrap));
    }
    rows
}

#[test]
fn figures_come_out_with_values_and_units() {
    let rows = figure_rows();
    let figures = |slug: &str| -> Vec<serde_json::Value> {
        let of_report = rows.iter().filter(|f| f["report"] == slug);
        of_report
            .map(|f| {
                let mut f: serde_json::Value = serde_json::to_value(f).unwrap();
                f["value"] =
                    serde_json::json!(f["value"].as_str().unwrap().parse::<f64>().unwrap());
                f
            })
            .collect()
    };
    let jiyuan = figures("2022-jiyuan-jingkaiqu");
    let loan = jiyuan.iter().find(|f| f["text"] == "1.3亿元").unwrap();
    assert_eq!(
        (loan["value"].as_f64(), loan["unit"].as_str()),
        (Some(130_000_000.0), Some("元"))
    );
    let disputes = jiyuan.iter().find(|f| f["text"] == "9起").unwrap();
    assert_eq!(disputes["value"], 9.0);
    assert!(disputes["counts"].as_str().unwrap().contains("矛盾纠纷"));
    assert_eq!(disputes["category"], "矛盾纠纷化解");
    let tests = jiyuan
        .iter()
        .find(|f| f["counts"].as_str().unwrap().contains("核酸检测"))
        .unwrap();
    assert_eq!(
        (tests["value"].as_f64(), tests["unit"].as_str()),
        (Some(11.0), Some("次")),
        "`11 次` with spaces"
    );
    let jinjiang = figures("2022-jinjiang-jingkaiqu");
    let money = jinjiang
        .iter()
        .find(|f| f["text"] == "1416.33万元")
        .unwrap();
    assert_eq!(money["value"], 14_163_300.0);
    let drop = jinjiang.iter().find(|f| f["text"] == "23%").unwrap();
    assert_eq!(drop["qualifier"], "同比下降约");
    let gaoqing = figures("2022-gaoqing-jingkaiqu");
    let rate = gaoqing.iter().find(|f| f["unit"] == "%").unwrap();
    assert_eq!(
        (rate["value"].as_f64(), rate["qualifier"].as_str()),
        (Some(97.0), Some("以上"))
    );
}

#[test]
fn no_date_year_or_document_number_is_a_figure() {
    for f in figure_rows() {
        let text = &f["text"];
        let value: f64 = f["value"].parse().unwrap();
        let slug = &f["report"];
        assert!(
            !text.contains(['年', '月', '日', '号', '〔']),
            "{slug}: {text}"
        );
        assert!(
            !(1949.0..2100.0).contains(&value) || !text.starts_with("20"),
            "{slug}: a year as a figure: {text}"
        );
    }
}

#[test]
fn figures_csv_has_a_row_per_figure() {
    let total: usize = reports_json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["figure_count"].as_u64().unwrap() as usize)
        .sum();
    assert!(total > 100, "the bundled reports state figures: {total}");
    let parts = common::export_parts(site(), "figures");
    assert!(parts.len() > 1, "a part per year: {parts:?}");
    let mut rows = 0;
    for part in &parts {
        let csv = read(part);
        // Every part opens with the header, so each reads on its own.
        assert!(
            csv.starts_with(
                "report,issuer,year,paragraph,text,value,unit,qualifier,counts,category\n"
            ),
            "{part}"
        );
        rows += csv.lines().count() - 1;
    }
    assert_eq!(rows, total, "one row per figure");
    let index: serde_json::Value = serde_json::from_str(&read("data/index.json")).unwrap();
    assert_eq!(index["figures"]["records"], total);
    assert!(read("data/figures-2022.csv").contains("2022-jiyuan-jingkaiqu,"));
}

#[test]
fn regions_of_the_bundled_issuers() {
    let json = reports_json();
    let region = |slug: &str| {
        report(&json, slug)["region"]["name"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(region("2022-gaoqing-jingkaiqu"), "山东省淄博市高青县");
    assert_eq!(region("2022-jinjiang-jingkaiqu"), "福建省泉州市晋江市");
    assert_eq!(region("2022-dongli-jingkaiqu"), "天津市东丽区");
    assert_eq!(region("2022-jiyuan-jingkaiqu"), "河南省济源市");
    assert_eq!(
        region("2021-pingdingshan-shifanqu"),
        "河南省平顶山市城乡一体化示范区"
    );
    let henan = read("regions/河南省.html");
    assert!(henan.contains("平顶山市") && henan.contains("济源经济技术开发区管理办公室"));
}

#[test]
fn every_report_page_has_its_analysis_sections() {
    for r in reports_json().as_array().unwrap() {
        let page = read(r["url"].as_str().unwrap());
        for id in ["related", "topics", "citations", "figures"] {
            assert!(
                page.contains(&format!("<section id={id}>")),
                "{}: #{id}",
                r["slug"]
            );
        }
        assert!(
            !r["related"].as_array().unwrap().is_empty(),
            "{} has related reports",
            r["slug"]
        );
        assert!(
            !r["keywords"].as_array().unwrap().is_empty(),
            "{} has keywords",
            r["slug"]
        );
    }
    let jiyuan = read("reports/2022-jiyuan-jingkaiqu.html");
    assert!(jiyuan.contains("共同主题"), "related reports say why");
    // Rule "a reason, not a list": three topics and three documents at
    // most, and how many there are in all.
    for reason in jiyuan.split("<span class=reason>").skip(1) {
        let reason = &reason[..reason.find("</span>").unwrap()];
        let topics = reason.split('；').next().unwrap();
        assert!(topics.matches('、').count() <= 2, "{reason}");
        assert!(reason.matches("<a ").count() <= 3, "{reason}");
    }
    assert!(
        jiyuan.contains("安全生产等 11 个"),
        "the count of shared topics"
    );
    assert!(jiyuan.contains("href=\"../topics/矛盾纠纷化解.html\""));
    // The only report of its issuer: no issuer page, no link to one.
    assert!(!jiyuan.contains("href=\"../issuers/济源"));
}

#[test]
fn browsing_pages_exist_and_are_in_the_navigation() {
    let index = read("index.html");
    for (page, link) in [
        ("citations/index.html", "href=\"citations/index.html\""),
        ("topics/index.html", "href=\"topics/index.html\""),
        ("regions/index.html", "href=\"regions/index.html\""),
        ("years/index.html", "href=\"years/index.html\""),
        ("issuers/index.html", "href=\"issuers/index.html\""),
    ] {
        assert!(site().join(page).is_file(), "{page}");
        assert!(index.contains(link), "{link} in the navigation");
    }
    for page in [
        "years/2021.html",
        "years/2022.html",
        "topics/疫情防控.html",
        "regions/天津市.html",
    ] {
        assert!(site().join(page).is_file(), "{page}");
    }
    let topic = read("topics/疫情防控.html");
    assert!(
        topic.contains("html#s") && topic.contains(" 段</span>"),
        "topic pages link each report's paragraphs on the topic"
    );
    assert!(!topic.contains("<blockquote"), "and do not quote them");
}

#[test]
fn issuer_pages_link_the_years_and_reports_link_back() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir(&content).unwrap();
    for year in [2020, 2021, 2022] {
        let text = format!("某县人民政府关于{year}年法治政府建设情况的报告\n一、主要举措和成效\n开展普法宣传{year}次。\n");
        fs::write(content.join(format!("{year}.txt")), text).unwrap();
    }
    let out = dir.path().join("public");
    build(&BuildOptions::new(&content, &out)).unwrap();
    let middle = fs::read_to_string(out.join("reports/2021.html")).unwrap();
    assert!(
        middle.contains("上一年：<a href=\"../reports/2020.html\" rel=prev>"),
        "{middle}"
    );
    assert!(middle.contains("下一年：<a href=\"../reports/2022.html\" rel=next>"));
    let issuer = fs::read_to_string(out.join("issuers/某县人民政府.html")).unwrap();
    let positions: Vec<usize> = ["2020.html", "2021.html", "2022.html"]
        .iter()
        .map(|p| issuer.find(p).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "oldest year first"
    );
}

/// One issuer written four ways across the years (with and without its
/// city and 人民政府, in traditional characters) is one series: one issuer
/// page under the fullest name, its reports by year, linked prev/next; a
/// town of the same name and the government's general office stay apart;
/// `[issuers.aliases]` joins what no rule can.
#[test]
fn one_issuer_written_differently_is_one_series() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir(&content).unwrap();
    let body = "一、主要举措和成效\n开展普法宣传。\n";
    for (file, title) in [
        ("a2019", "靜海區人民政府關於2019年法治政府建設情況的報告"),
        ("a2020", "静海区2020年法治政府建设情况报告"),
        ("a2021", "静海区政府关于2021年法治政府建设情况的报告"),
        (
            "a2022",
            "天津市静海区人民政府关于2022年法治政府建设情况的报告",
        ),
        ("b2022", "静海镇人民政府关于2022年法治政府建设情况的报告"),
        (
            "c2022",
            "天津市人民政府办公厅关于2022年法治政府建设情况的报告",
        ),
        ("d2023", "静海新城管委会关于2023年法治政府建设情况的报告"),
    ] {
        fs::write(
            content.join(format!("{file}.txt")),
            format!("{title}\n{body}"),
        )
        .unwrap();
    }
    let out = dir.path().join("public");
    let mut options = BuildOptions::new(&content, &out);
    options
        .issuer_aliases
        .0
        .insert("静海新城管委会".into(), "静海区人民政府".into());
    build(&options).unwrap();
    let issuer = fs::read_to_string(out.join("issuers/天津市静海区人民政府.html")).unwrap();
    let positions: Vec<usize> = ["a2019", "a2020", "a2021", "a2022", "d2023"]
        .iter()
        .map(|p| issuer.find(&format!("{p}.html")).expect(p))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "by year");
    assert!(!issuer.contains("b2022.html") && !issuer.contains("c2022.html"));
    let middle = fs::read_to_string(out.join("reports/a2020.html")).unwrap();
    assert!(middle.contains("href=\"../reports/a2019.html\" rel=prev"));
    assert!(middle.contains("href=\"../reports/a2021.html\" rel=next"));
    assert!(middle.contains("href=\"../issuers/天津市静海区人民政府.html\""));
    // The town and the general office are issuers of their own, of one
    // report each: listed apart, each linking its report (an issuer of one
    // report has no page).
    let index = fs::read_to_string(out.join("issuers/index.html")).unwrap();
    for (name, report) in [
        ("静海镇人民政府", "b2022"),
        ("天津市人民政府办公厅", "c2022"),
    ] {
        assert!(
            index.contains(&format!("href=\"../reports/{report}.html\">{name}</a>")),
            "{name}: {index}"
        );
        assert!(!out.join(format!("issuers/{name}.html")).exists());
    }
    assert!(!out.join("issuers/静海区政府.html").exists());
}
