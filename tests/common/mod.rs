//! Helpers shared by the integration tests (`mod common;` in each).
// Each test file is its own crate and uses only some of the helpers.
#![allow(dead_code)]

use baogao::model::{Report, SourceFile, SourceFormat};
use baogao::{analyse, decode, parse};
use std::fs;
use std::path::Path;

/// A report's bytes read through decode → parse → analyse, as a file of
/// `format` would be.
pub(crate) fn read_as(format: SourceFormat, bytes: &[u8]) -> Report {
    let name = match format {
        SourceFormat::Text => "r.txt",
        SourceFormat::Markdown => "r.md",
    };
    let file = SourceFile {
        path: name.into(),
        rel_path: name.into(),
        format,
    };
    let (decoded, _) = decode::decode(file, bytes).expect("decodes");
    let (mut report, _) = parse::parse(decoded).expect("parses");
    analyse::analyse(&mut report, &Default::default());
    report
}

/// A folder `content` in `dir` holding a copy of the bundled reports.
pub(crate) fn bundled_content(dir: &Path) -> std::path::PathBuf {
    let content = dir.join("content");
    fs::create_dir(&content).unwrap();
    for entry in fs::read_dir("content").unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), content.join(entry.file_name())).unwrap();
    }
    content
}

/// Every file under `dir` as (path relative to `dir`, bytes), sorted: two
/// outputs are the same site exactly when their trees are equal.
pub(crate) fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Every record of the site `out`'s `data/reports-*.json` parts, in the
/// order `data/index.json` names them.
pub(crate) fn records(out: &Path) -> Vec<serde_json::Value> {
    export_parts(out, "reports")
        .iter()
        .flat_map(|part| {
            let json: serde_json::Value =
                serde_json::from_slice(&fs::read(out.join(part)).unwrap())
                    .unwrap_or_else(|e| panic!("{part}: {e}"));
            json.as_array().unwrap().clone()
        })
        .collect()
}

/// The paths of export `name`'s parts (`reports`, `figures`) as
/// `data/index.json` lists them.
pub(crate) fn export_parts(out: &Path, name: &str) -> Vec<String> {
    let index: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("data/index.json")).unwrap()).unwrap();
    index[name]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap().to_owned())
        .collect()
}
