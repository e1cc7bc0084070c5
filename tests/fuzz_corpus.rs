//! Replays the fuzz seeds on stable Rust, through the same entry points as
//! the fuzz targets in `tests/fuzz/` (so CI needs no nightly): the seed
//! corpus `tests/fuzz/seeds/` (which also keeps every input the fuzzer
//! found a bug with), the bundled reports and the injection reports. Each
//! must parse without a panic and keep the parser's promises; each one's
//! site must render with no markup a template did not write.

use std::fs;
use std::path::PathBuf;

fn inputs() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["tests/fuzz/seeds", "content", "tests/injection"] {
        for entry in fs::read_dir(dir).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    files.sort();
    files
}

#[test]
fn the_seed_corpus_is_there() {
    let seeds = fs::read_dir("tests/fuzz/seeds").unwrap().count();
    assert!(seeds >= 10, "{seeds} seeds");
}

#[test]
fn every_seed_parses_and_keeps_the_parsers_promises() {
    for path in inputs() {
        let bytes = fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| baogao::fuzz::parse_input(&bytes));
        assert!(result.is_ok(), "{} makes the parser panic", path.display());
    }
}

#[test]
fn every_seed_renders_without_injected_markup() {
    for path in inputs() {
        let bytes = fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| baogao::fuzz::render_input(&bytes));
        assert!(result.is_ok(), "{} fails when rendered", path.display());
    }
}
