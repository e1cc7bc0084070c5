//! The search index over the bundled reports: recall against the Ctrl-F
//! ground truth (every document containing the query, and nothing else),
//! running the browser's query logic (`static/search-core.js`) in Node.

use baogao::index::{self, fold};
use baogao::pipeline::{build, load_reports, BuildOptions};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Queries of every kind the issue names: words, mid-word substrings, words
/// outside the dictionary, single characters, numbers, Chinese with digits,
/// Latin letters, several phrases, and queries found nowhere.
const QUERIES: &[&str] = &[
    // words
    "法治政府",
    "行政复议",
    "行政执法",
    "依法行政",
    "普法",
    "法律顾问",
    "矛盾纠纷",
    "营商环境",
    "安全生产",
    "疫情防控",
    "规范性文件",
    "重大行政决策",
    "公平竞争审查",
    "第一责任人",
    "述法",
    "合法性审查",
    "行政诉讼",
    "执法监督",
    "信访",
    "人民调解",
    // mid-word substrings
    "律顾",
    "政复",
    "治政",
    "法执",
    "纷化",
    "商环",
    "范性文",
    "大行政决",
    // outside the dictionary / across words
    "示范区",
    "经开区",
    "开发区管委会",
    "一村一法律顾问",
    "双随机",
    "放管服",
    // single characters
    "法",
    "治",
    "区",
    "纠",
    "谁",
    // numbers and Chinese with digits
    "2022",
    "2022年",
    "2021年",
    "2023年",
    "12345",
    "100%",
    "5家",
    "3个",
    // Latin
    "app",
    "LED",
    // several phrases (all must occur)
    "行政复议 调解",
    "法治 2022年",
    "普法 宣传",
    // nowhere in the archive
    "纠纷化解",
    "湾区",
    "量子计算",
];

/// `slug#anchor` of every document of the archive with its folded text.
fn documents(content: &Path) -> Vec<(String, String)> {
    let (reports, _) = load_reports(content, &Default::default());
    reports
        .iter()
        .flat_map(|r| {
            index::documents(r).into_iter().map(move |d| {
                let text: String = fold(d.text).collect();
                (format!("{}#{}", r.slug, d.anchor), text)
            })
        })
        .collect()
}

/// What Ctrl-F finds: documents containing every phrase of the query.
fn ground_truth(docs: &[(String, String)], query: &str) -> Vec<String> {
    let phrases: Vec<String> = query
        .split_whitespace()
        .map(|p| fold(p).collect())
        .collect();
    let found: BTreeSet<&String> = docs
        .iter()
        .filter(|(_, text)| phrases.iter().all(|p| text.contains(p.as_str())))
        .map(|(key, _)| key)
        .collect();
    found.into_iter().cloned().collect()
}

fn node_results(site: &Path, queries: &[&str]) -> Vec<Vec<String>> {
    let mut child = Command::new("node")
        .arg("tests/js/lib/search_run.mjs")
        .arg(site)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs (install Node.js; scripts/test.sh needs it too)");
    let input = serde_json::to_vec(queries).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed: {out:?}");
    serde_json::from_slice(&out.stdout).expect("node prints JSON")
}

#[test]
fn recall_matches_ctrl_f_over_the_bundled_reports() {
    assert!(
        QUERIES.len() >= 50,
        "the issue asks for at least 50 queries"
    );
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    build(&BuildOptions::new("content", &site)).expect("the bundled archive builds");
    let results = node_results(&site, QUERIES);
    let docs = documents(Path::new("content"));
    let mut found_any = 0;
    for (query, got) in QUERIES.iter().zip(&results) {
        let want = ground_truth(&docs, query);
        assert_eq!(got, &want, "results of {query:?} differ from Ctrl-F");
        found_any += usize::from(!want.is_empty());
    }
    assert!(
        found_any >= 45,
        "most queries occur in the archive: {found_any}"
    );
}

#[test]
fn no_gzip_copies_unless_the_site_asks_for_them() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    build(&BuildOptions::new("content", &site)).unwrap();
    let gz: Vec<_> = walkdir::WalkDir::new(&site)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "gz"))
        .collect();
    assert_eq!(gz, Vec::<std::path::PathBuf>::new());
}

#[test]
fn every_data_file_is_a_script_and_index_files_have_gzip_copies_when_asked() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    let mut options = BuildOptions::new("content", &site);
    options.precompress = true;
    build(&options).unwrap();
    let (mut scripts, mut texts) = (0, 0);
    for entry in walkdir::WalkDir::new(site.join("search")) {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|e| e != "js") {
            continue;
        }
        scripts += 1;
        let script = std::fs::read(&path).unwrap();
        assert!(script.starts_with(b"BaogaoSearch.register("), "{path:?}");
        let gz = path.with_extension("js.gz");
        if path.parent().unwrap().ends_with("r") {
            texts += 1;
            assert!(
                !gz.exists(),
                "report texts are left to the host's compression"
            );
            continue;
        }
        let mut unzipped = Vec::new();
        let gz = std::fs::read(&gz).unwrap();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unzipped)
            .unwrap();
        assert_eq!(unzipped, script, "{path:?}.gz is the same data");
    }
    assert_eq!(texts, 5, "one text file per report");
    assert!(scripts >= 7, "manifest, shards and texts: {scripts}");
}

#[test]
fn the_search_page_carries_the_search_options() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    let mut options = BuildOptions::new("content", &site);
    options.site.search.results_per_page = 7;
    options.site.search.snippets_per_report = 2;
    build(&options).unwrap();
    let page = std::fs::read_to_string(site.join("search.html")).unwrap();
    assert!(page.contains("data-page=\"7\""), "{page}");
    assert!(page.contains("data-snippets=\"2\""));
}
