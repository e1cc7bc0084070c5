//! Helpers shared by the integration tests (`mod common;` in each).

use std::fs;
use std::path::Path;

/// Every file under `dir` as (path relative to `dir`, bytes), sorted: two
/// outputs are the same site exactly when their trees are equal.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
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
