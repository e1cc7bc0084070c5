//! Injection: reports whose title, issuer, front-matter values, headings,
//! text, cited titles, figures and file name carry script, attribute
//! breakouts, `javascript:` links, template syntax and JSON-breaking
//! characters (`tests/injection/`), built beside the bundled reports with a
//! base URL. Every output file keeps them as text: no page gets an element,
//! attribute or link a template did not write, every JSON file parses and
//! gives the strings back unchanged, no CSV cell starts a formula, and the
//! feed and sitemap stay well-formed XML. `tests/js/injection_browser.test.mjs`
//! loads the same reports in Chromium.

mod common;

use baogao::fuzz::markup_problems;
use baogao::pipeline::{build, BuildOptions};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The name of the report whose file name is the payload.
const HOSTILE_NAME: &str = "\"><img src=x onerror=alert(40)>{{7*7}}'&amp;.txt";

/// The policy every page carries: scripts and styles from the site's own
/// files only (no inline script, style or event handler), no plugins, no
/// `<base>`.
const CSP: &str = "<meta content=\"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'\" http-equiv=Content-Security-Policy>";

const BASE_URL: &str = "https://example.org/报告/";

fn hostile_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = common::bundled_content(dir.path());
    for name in ["injection.txt", "injection.md"] {
        fs::copy(Path::new("tests/injection").join(name), content.join(name)).unwrap();
    }
    fs::copy("tests/injection/named.txt", content.join(HOSTILE_NAME)).unwrap();
    let out = dir.path().join("public");
    let mut options = BuildOptions::new(&content, &out);
    options.site.base_url = Some(BASE_URL.to_owned());
    // Every kind of file the build can write, the gzip copies included.
    options.precompress = true;
    let summary = build(&options).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    assert_eq!(summary.reports, 8, "every report is built");
    (dir, out)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    out.sort();
    out
}

fn front_matter_value(file: &str, key: &str) -> String {
    let text = fs::read_to_string(Path::new("tests/injection").join(file)).unwrap();
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = ")))
        .or_else(|| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        })
        .unwrap();
    // Both fixtures write the value as one double-quoted string with TOML /
    // YAML escapes that JSON reads the same way.
    serde_json::from_str(line).unwrap()
}

#[test]
fn every_output_file_keeps_hostile_text_as_text() {
    let (_dir, out) = hostile_site();
    let mut checked = std::collections::BTreeMap::<&str, usize>::new();
    let mut problems = Vec::new();
    let mut neutralised = 0;
    for rel in files(&out) {
        let name = rel.to_string_lossy().into_owned();
        let bytes = fs::read(out.join(&rel)).unwrap();
        let kind = match rel.extension().and_then(|e| e.to_str()).unwrap_or("") {
            "html" => {
                let html = String::from_utf8(bytes).unwrap();
                if !html.contains(CSP) {
                    problems.push(format!("{name}: no Content-Security-Policy"));
                }
                problems.extend(
                    markup_problems(&html)
                        .into_iter()
                        .map(|p| format!("{name}: {p}")),
                );
                "html"
            }
            "json" => {
                if let Err(e) = serde_json::from_slice::<serde_json::Value>(&bytes) {
                    problems.push(format!("{name}: not JSON: {e}"));
                }
                "json"
            }
            "js" if name.starts_with("search") => {
                // BaogaoSearch.register("name",DATA);
                let script = String::from_utf8(bytes).unwrap();
                let data = script
                    .split_once(',')
                    .and_then(|(_, rest)| rest.trim_end().strip_suffix(");"));
                match data.map(serde_json::from_str::<serde_json::Value>) {
                    Some(Ok(_)) => {}
                    _ => problems.push(format!("{name}: not a data script")),
                }
                "search"
            }
            "gz" => {
                let mut text = Vec::new();
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_end(&mut text)
                    .unwrap();
                let plain = out.join(name.strip_suffix(".gz").unwrap());
                if fs::read(&plain).ok() != Some(text.clone()) {
                    problems.push(format!("{name}: not a copy of {}", plain.display()));
                }
                if name.ends_with(".json.gz") {
                    if let Err(e) = serde_json::from_slice::<serde_json::Value>(&text) {
                        problems.push(format!("{name}: not JSON: {e}"));
                    }
                }
                "gz"
            }
            "xml" => {
                let xml = String::from_utf8(bytes).unwrap();
                problems.extend(
                    xml_problems(&xml)
                        .into_iter()
                        .map(|p| format!("{name}: {p}")),
                );
                "xml"
            }
            "csv" => {
                problems.extend(
                    csv_problems(&bytes, &mut neutralised)
                        .into_iter()
                        .map(|p| format!("{name}: {p}")),
                );
                "csv"
            }
            _ => "other",
        };
        *checked.entry(kind).or_default() += 1;
    }
    assert_eq!(problems, Vec::<String>::new());
    assert!(
        neutralised > 0,
        "no neutralised formula cell: the hostile reports were not exported"
    );
    for kind in ["html", "json", "xml", "csv", "search", "gz"] {
        assert!(
            checked.get(kind).is_some_and(|&n| n > 0),
            "{kind} files checked: {checked:?}"
        );
    }
    assert!(
        files(&out).iter().any(|f| f.starts_with("search")),
        "the search index is among the files checked"
    );
}

#[test]
fn hostile_strings_come_back_unchanged_from_json_and_pages() {
    let (_dir, out) = hostile_site();
    let reports = common::records(&out);
    let find = |source: &str| {
        reports
            .iter()
            .find(|r| r["source"] == source)
            .unwrap_or_else(|| panic!("{source} in the records"))
            .clone()
    };
    let txt = find("injection.txt");
    for key in ["title", "issuer", "doc_number", "source_url"] {
        assert_eq!(txt[key], front_matter_value("injection.txt", key), "{key}");
    }
    assert_eq!(
        txt["slug"], "script-alert-6-script",
        "a slug keeps only safe characters"
    );
    let md = find("injection.md");
    for key in ["title", "issuer", "source_url"] {
        assert_eq!(md[key], front_matter_value("injection.md", key), "{key}");
    }
    let named = find(HOSTILE_NAME);
    assert!(
        named["title"]
            .as_str()
            .unwrap()
            .contains("onerror=alert(40)"),
        "the file name became the title: {named}"
    );

    let page = fs::read_to_string(out.join("reports/script-alert-6-script.html")).unwrap();
    assert!(
        page.contains("{{ site.title }}{% raw %}"),
        "template syntax in a title is shown, not run"
    );
    assert!(
        !page.contains("javascript:alert(5)\""),
        "source_url is not a link"
    );
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.is_ascii(), "sitemap URLs are percent-encoded");
    assert!(sitemap.contains("%E6%8A%A5%E5%91%8A/reports/img-src-x-onerror-alert-40-7-7-amp.html"));
    let robots = fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/%E6%8A%A5%E5%91%8A/sitemap.xml"));
    // The page's data download is its text file of the search index.
    let href = page
        .split("href=\"../search/r/")
        .nth(1)
        .and_then(|rest| rest.split_once('"'))
        .map(|(name, _)| name)
        .expect("the report page links its text as data");
    let script = fs::read_to_string(out.join("search/r").join(href)).unwrap();
    let json = (script.split_once(',').map(|(_, rest)| rest))
        .and_then(|rest| rest.trim_end().strip_suffix(");"))
        .unwrap();
    let detail: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(detail["slug"], "script-alert-6-script");
    let text = detail.to_string();
    assert!(
        text.contains("分隔符\u{2028}和\u{2029}"),
        "U+2028 and U+2029 are kept in JSON: {text}"
    );
}

/// No cell starts a formula; `neutralised` counts the cells that would have
/// (the hostile reports put such cells in, so the neutralising must be
/// exercised in some part of the export).
fn csv_problems(bytes: &[u8], neutralised: &mut usize) -> Vec<String> {
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                problems.push(format!("formula cell {cell:?}"));
            }
            if cell.starts_with("'=") || cell.starts_with("'@") {
                *neutralised += 1;
            }
        }
    }
    problems
}

/// The elements of the Atom feed and the sitemap; every `&` is an entity.
fn xml_problems(xml: &str) -> Vec<String> {
    const ELEMENTS: &[&str] = &[
        "?xml",
        "feed",
        "title",
        "subtitle",
        "link",
        "id",
        "updated",
        "published",
        "entry",
        "author",
        "name",
        "uri",
        "summary",
        "content",
        "generator",
        "rights",
        "urlset",
        "url",
        "loc",
        "lastmod",
    ];
    let mut problems = Vec::new();
    for (i, _) in xml.match_indices('<') {
        let rest = &xml[i + 1..];
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
            .collect();
        if !ELEMENTS.contains(&name.as_str()) {
            problems.push(format!("element <{name}> at {i}"));
        }
    }
    let entity = regex::Regex::new(r"^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);").unwrap();
    for (i, _) in xml.match_indices('&') {
        if !entity.is_match(&xml[i..]) {
            let context: String = xml[i..].chars().take(20).collect();
            problems.push(format!("bare & at {i}: {context}"));
        }
    }
    problems
}
