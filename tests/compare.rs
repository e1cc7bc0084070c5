//! The comparison pages on hand-made archives: a report with no recognised
//! parts, one with a part split over two sections, and the bundled reports.

use baogao::pipeline::{build, BuildOptions};
use std::fs;
use std::path::Path;

fn build_archive(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir(&content).unwrap();
    for (name, text) in files {
        fs::write(content.join(name), text).unwrap();
    }
    let out = dir.path().join("public");
    let options = BuildOptions::new(content, &out);
    build(&options).unwrap();
    (dir, out)
}

/// Every row of a table's data files (`data/tables/<name>-<k>.js`), in
/// archive order, each element a number standing for the file's shared one
/// replaced by it (as `static/table.js` does).
fn table_rows(out: &Path, name: &str) -> Vec<serde_json::Value> {
    let mut rows = Vec::new();
    for k in 0.. {
        let Ok(text) = fs::read_to_string(out.join(format!("data/tables/{name}-{k}.js"))) else {
            break;
        };
        let prefix = format!("BaogaoTable.register(\"{name}-{k}\",");
        let json = text
            .trim_end()
            .strip_prefix(&prefix)
            .unwrap()
            .strip_suffix(");")
            .unwrap();
        let (chunk, shared): (Vec<Vec<serde_json::Value>>, Vec<serde_json::Value>) =
            serde_json::from_str(&format!("[{json}]")).unwrap();
        rows.extend(chunk.into_iter().map(|row| {
            let elements = row.into_iter().map(|e| match e.as_u64() {
                Some(i) => shared[i as usize].clone(),
                None => e,
            });
            serde_json::Value::Array(elements.collect())
        }));
    }
    rows
}

/// The place in the archive of the report whose page is `slug`: the
/// catalogue's (the full list's) rows lead with its title, linked.
fn archive_index(out: &Path, slug: &str) -> usize {
    let href = format!("reports/{slug}.html");
    (table_rows(out, "reports").iter())
        .position(|row| row[1][2][1] == href.as_str())
        .expect("the report has a row")
}

/// The matrix row of the report whose page is `slug`, as HTML.
fn matrix_row(out: &Path, slug: &str) -> String {
    let html = fs::read_to_string(out.join("compare/matrix.html")).unwrap();
    let start = html
        .find(&format!("href=\"../reports/{slug}.html\">"))
        .expect("row present");
    let row_start = html[..start].rfind("<tr").unwrap();
    // The minifier drops optional end tags: a row ends where the next starts.
    let row_end = start
        + ["<tr", "</tbody", "</table"]
            .iter()
            .filter_map(|end| html[start..].find(end))
            .min()
            .unwrap();
    html[row_start..row_end].to_owned()
}

const NO_PARTS: &str = "某区2022年法治政府建设年度报告\n一、弘扬法治精神\n法治是治国理政的基本方式。\n二、凝聚社会共识\n法治是基本方式。\n";
const SPLIT_PART: &str = "某县2022年法治政府建设年度报告\n一、主要举措和成效（上）\n开展宣传。\n二、存在的不足\n力量不足。\n三、主要举措和成效（下）\n开展培训。\n";

#[test]
fn a_report_with_no_recognised_parts_misses_all_five() {
    let (_dir, out) = build_archive(&[("none.txt", NO_PARTS), ("split.txt", SPLIT_PART)]);
    let row = matrix_row(&out, "none");
    assert_eq!(row.matches("class=\"missing\"").count(), 5, "{row}");
    // The browser sorts by the data files' rows: each part sorts after
    // every position, and the count of missing parts is five.
    // Other tables' data rows hold their own cells after the title: year,
    // region, kind, the five parts, the missing count.
    let data = &table_rows(&out, "matrix")[archive_index(&out, "none")];
    for part in 3..8 {
        assert_eq!(data[part][0], 99, "{data}");
        assert_eq!(data[part][1], "missing", "{data}");
    }
    assert_eq!(data[8][0], 5, "five missing: {data}");
}

#[test]
fn a_part_split_over_two_sections_counts_once_with_both_lengths() {
    let (_dir, out) = build_archive(&[("none.txt", NO_PARTS), ("split.txt", SPLIT_PART)]);
    let row = matrix_row(&out, "split");
    assert!(row.contains("（共 2 节）"), "{row}");
    assert!(row.contains("第1</span>"), "measures comes first: {row}");
    assert!(row.contains("第2</span>"), "shortcomings second: {row}");
    let measures_chars = "主要举措和成效（上）开展宣传。主要举措和成效（下）开展培训。"
        .chars()
        .count();
    assert!(row.contains(&format!("{measures_chars} 字")), "{row}");
}

#[test]
fn part_tables_show_each_reports_headings_or_say_the_part_is_missing() {
    let (_dir, out) = build_archive(&[("none.txt", NO_PARTS), ("split.txt", SPLIT_PART)]);
    let html = fs::read_to_string(out.join("compare/part-measures.html")).unwrap();
    assert!(
        html.contains("href=\"../reports/split.html#s1\">主要举措和成效（上）</a>；<a href=\"../reports/split.html#s3\">"),
        "both sections of the part, linked: {html}"
    );
    assert!(
        html.contains("class=\"absent\">缺"),
        "the other report lacks it"
    );
    assert!(
        !html.contains("开展宣传。"),
        "the text is on the report's page, not copied here"
    );
    // The compare view reads the report's search text file: its top-level
    // sections' headings carry their part (measures is the first part bit).
    // A report's file is numbered by its place in the archive, the order of
    // the full list's rows.
    let r = archive_index(&out, "split");
    let data = fs::read_to_string(out.join(format!("search/r/{r}.js"))).unwrap();
    let json: serde_json::Value = serde_json::from_str(
        data.trim_start_matches(&format!("BaogaoSearch.register(\"r/{r}\","))
            .trim_end()
            .trim_end_matches(");"),
    )
    .unwrap();
    assert_eq!(json["slug"], "split");
    let docs = json["docs"].as_array().unwrap();
    let headings: Vec<(&str, u64)> = (json["sections"].as_array().unwrap().iter())
        .map(|at| {
            let doc = &docs[at.as_u64().unwrap() as usize];
            (doc[1].as_str().unwrap(), doc[2].as_u64().unwrap())
        })
        .collect();
    let measures = 1 | 1 << baogao::index::PART_BIT;
    assert_eq!(headings[0], ("主要举措和成效（上）", measures));
    assert_eq!(headings[2], ("主要举措和成效（下）", measures));
    assert_eq!(headings.len(), 3);
}

#[test]
fn bundled_matrix_pingdingshan_lacks_shortcomings_and_others_have_four_parts_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&BuildOptions::new("content", &out)).unwrap();
    let row = matrix_row(&out, "2021-pingdingshan-shifanqu");
    let cells: Vec<&str> = row.split("<td").skip(4).take(5).collect();
    assert!(
        cells[1].contains("class=\"missing\""),
        "shortcomings missing: {row}"
    );
    assert!(cells[0].contains("第2") && cells[2].contains("第1") && cells[3].contains("第3"));
    assert!(
        row.contains("按时（提前 87 天）"),
        "printed 2022-01-04, due 2022-04-01"
    );
    for (slug, order) in [
        ("2022-jiyuan-jingkaiqu", ["第2", "第3", "第1", "第4"]),
        ("2022-gaoqing-jingkaiqu", ["第2", "第3", "第1", "第4"]),
        ("2022-jinjiang-jingkaiqu", ["第1", "第2", "第3", "第4"]),
        ("2022-dongli-jingkaiqu", ["第2", "第3", "第1", "第4"]),
    ] {
        let row = matrix_row(&out, slug);
        let cells: Vec<&str> = row.split("<td").skip(4).take(4).collect();
        for (cell, position) in cells.iter().zip(order) {
            assert!(
                cell.contains("class=\"present\"") && cell.contains(&format!("{position}</span>")),
                "{slug}: {cell}"
            );
        }
    }
    let structure = fs::read_to_string(out.join("compare/structure.html")).unwrap();
    assert!(
        structure.contains("role=img")
            && structure.contains("aria-labelledby=\"part-length-title part-length-desc\""),
        "the chart is an image with a text alternative"
    );
    assert!(structure.contains("<desc"), "and a description");
    assert!(structure.contains("<caption>"), "tables have captions");
}

#[test]
fn figures_table_sums_only_figures_with_the_same_unit() {
    let a = "甲区2022年法治政府建设年度报告\n一、主要举措和成效\n共化解矛盾纠纷9起，调解矛盾纠纷12次。\n";
    let b = "乙区2022年法治政府建设年度报告\n一、主要举措和成效\n共化解矛盾纠纷3起。\n";
    let (_dir, out) = build_archive(&[("a.txt", a), ("b.txt", b), ("none.txt", NO_PARTS)]);
    let html = fs::read_to_string(out.join("compare/figures.html")).unwrap();
    let footer = &html[html.find("figure-totals").expect("a totals table")..];
    assert!(footer.contains("12 起（2 项）"), "9 起 + 3 起: {footer}");
    assert!(
        footer.contains("12 次（1 项）"),
        "次 is not added to 起: {footer}"
    );
    assert!(
        html.contains("href=\"../reports/a.html#s1-p1\""),
        "each figure links to its paragraph"
    );
    assert!(
        html.contains("<th scope=col>矛盾纠纷化解"),
        "a column per category with figures"
    );
    assert!(
        !html.contains("<th scope=col>疫情防控"),
        "no column for a category without figures"
    );
}

#[test]
fn tables_show_a_page_of_rows_and_hold_every_report_in_their_data() {
    let texts: Vec<(String, String)> = (0..101)
        .map(|i| {
            let text = format!(
                "第{i}区2022年法治政府建设年度报告\n一、主要举措和成效\n共化解矛盾纠纷2起。\n"
            );
            (format!("r{i:03}.txt"), text)
        })
        .collect();
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let (_dir, out) = build_archive(&files);
    for (page, table) in [
        ("compare/figures.html", "figures"),
        ("compare/matrix.html", "matrix"),
        ("compare/structure.html", "structure"),
        ("compare/topics.html", "topics"),
        ("compare/part-plans.html", "part-plans"),
        ("reports.html", "reports"),
    ] {
        let html = fs::read_to_string(out.join(page)).unwrap();
        let rows = (html.matches(" scope=row><a href=\"../reports/").count())
            .max(html.matches(" scope=row><a href=\"reports/").count());
        assert_eq!(rows, baogao::render::TABLE_ROWS_PER_PAGE, "{page}");
        assert!(
            html.contains("共 101 份"),
            "{page}: the whole table's count"
        );
        for attribute in [
            format!("data-table=\"{table}\""),
            "data-chunks=\"1\"".to_owned(),
            "data-count=\"101\"".to_owned(),
        ] {
            assert!(html.contains(&attribute), "{page}: {attribute}");
        }
        assert_eq!(table_rows(&out, table).len(), 101, "{table}: every report");
    }
    let figures = fs::read_to_string(out.join("compare/figures.html")).unwrap();
    assert!(figures.contains("202 起（101 项）"), "the archive's total");
    assert!(!out.join("compare/figures.2.html").exists());
}

#[test]
fn topic_matrix_counts_paragraphs_per_topic() {
    let a = "甲区2022年法治政府建设年度报告\n一、主要举措和成效\n开展普法宣传。\n推进法治宣传进企业。\n做好疫情防控。\n";
    let (_dir, out) = build_archive(&[("a.txt", a), ("none.txt", NO_PARTS)]);
    let html = fs::read_to_string(out.join("compare/topics.html")).unwrap();
    let row = &html[html.find("href=\"../reports/a.html\">").unwrap()..];
    let row = &row[..row.find("<tr").unwrap_or(row.len())];
    let cells: Vec<&str> = row.split("<td").skip(1).collect();
    let taxonomy = baogao::analyse::topics::Taxonomy::default();
    let publicity = taxonomy
        .topics
        .iter()
        .position(|t| &*t.name == "普法宣传")
        .unwrap();
    assert!(
        cells[publicity].contains(">2"),
        "two paragraphs on 普法宣传: {}",
        cells[publicity]
    );
    assert!(
        cells[publicity].contains("heat-5"),
        "the most in the archive: darkest"
    );
    assert!(cells[0].contains("heat-0"), "none on 机构职能");
    assert!(
        html.contains("role=img"),
        "the heat map chart has a text alternative"
    );
}
