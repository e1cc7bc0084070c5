//! `serve`'s incremental rebuilds (`pipeline::rebuild` with a cache) give
//! the output a full build of the same content gives, byte for byte, after
//! every kind of change: a report edited, added, removed, renamed, the
//! configuration changed, a template overridden, and a failed build.

mod common;

use baogao::analyse::topics::Taxonomy;
use baogao::config::Overrides;
use baogao::pipeline::{self, BuildOptions, Cache};
use common::{bundled_content, tree};
use std::fs;
use std::path::Path;
use std::sync::Arc;

/// Rebuilds `out` incrementally, builds `content` afresh elsewhere, and
/// checks the two outputs are the same. Returns the files rewritten.
fn rebuild_matches_full(options: &BuildOptions, cache: &mut Cache, step: &str) -> usize {
    let summary = pipeline::rebuild(options, cache)
        .unwrap_or_else(|f| panic!("{step}: rebuild failed: {:?}", f.diagnostics));
    let fresh = tempfile::tempdir().unwrap();
    let full = BuildOptions {
        output: fresh.path().join("public"),
        ..options.clone()
    };
    pipeline::build(&full).unwrap_or_else(|f| panic!("{step}: build failed: {:?}", f.diagnostics));
    let (a, b) = (tree(&options.output), tree(&full.output));
    let paths = |t: &[(String, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&a), paths(&b), "{step}: the same files");
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{step}: {path} differs from a full build's");
    }
    summary.rewritten
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn incremental_rebuilds_equal_full_builds() {
    let dir = tempfile::tempdir().unwrap();
    let content = bundled_content(dir.path());
    let mut options = BuildOptions::new(&content, dir.path().join("public"));
    let mut cache = Cache::default();
    let first = rebuild_matches_full(&options, &mut cache, "first build");

    let unchanged = rebuild_matches_full(&options, &mut cache, "no change");
    assert_eq!(unchanged, 0, "nothing changed, nothing is written");

    let report = content.join("2022-dongli-jingkaiqu.txt");
    edit(&report, "。", "。本句为增量重建测试所加。");
    let edited = rebuild_matches_full(&options, &mut cache, "one report edited");
    assert!(
        edited > 0 && edited < first / 2,
        "{edited} of {first} files"
    );

    let copy = fs::read_to_string(content.join("2022-gaoqing-jingkaiqu.txt")).unwrap();
    fs::write(
        content.join("2023-added.txt"),
        copy.replacen("2022", "2023", 3),
    )
    .unwrap();
    rebuild_matches_full(&options, &mut cache, "a report added");

    fs::rename(report, content.join("2022-renamed.txt")).unwrap();
    rebuild_matches_full(&options, &mut cache, "a report renamed");

    // A report page shows what other reports are called (its related
    // reports, by issuer): renaming an issuer rebuilds the pages that name
    // it, though their own reports did not change. The renderer keys a
    // page by the variables it is given, so whatever a page shows counts.
    let other = options.output.join("reports/2022-gaoqing-jingkaiqu.html");
    let before = fs::read_to_string(&other).unwrap();
    assert!(before.contains("东丽经开区"), "names its related report");
    edit(
        &content.join("2022-renamed.txt"),
        "东丽经开区2022年",
        "东丽经济开发区2022年",
    );
    rebuild_matches_full(&options, &mut cache, "another report's issuer renamed");
    let after = fs::read_to_string(&other).unwrap();
    assert!(after.contains("东丽经济开发区") && !after.contains("东丽经开区"));

    fs::remove_file(content.join("2023-added.txt")).unwrap();
    rebuild_matches_full(&options, &mut cache, "a report removed");

    // A second file with a report's slug: a warning from after loading,
    // which a rebuild that changes nothing still reports.
    let twin = content.join("2022-gaoqing-jingkaiqu.md");
    fs::copy(content.join("2022-gaoqing-jingkaiqu.txt"), &twin).unwrap();
    let slug_warnings = |cache: &mut Cache| {
        let summary = pipeline::rebuild(&options, cache).unwrap();
        let slug = |d: &&baogao::model::Diagnostic| d.message.contains("slug");
        summary.warnings.iter().filter(slug).count()
    };
    assert_eq!(slug_warnings(&mut cache), 1);
    assert_eq!(
        slug_warnings(&mut cache),
        1,
        "and again, with nothing changed"
    );
    fs::remove_file(twin).unwrap();
    rebuild_matches_full(&options, &mut cache, "the twin removed");

    options.site.title = "另一个站名".to_owned();
    let retitled = rebuild_matches_full(&options, &mut cache, "the site's title changed");
    assert!(retitled > first / 2, "every page shows the title");

    options.taxonomy = Taxonomy::new(options.taxonomy.topics[..3].to_vec());
    rebuild_matches_full(&options, &mut cache, "the taxonomy changed");

    let footer =
        "{% extends \"base.html\" %}{% block content %}<p>自定义首页</p>{% endblock content %}";
    options.site.overrides = Arc::new(Overrides {
        templates: vec![("index.html".to_owned(), footer.to_owned())],
        static_files: vec![("static/extra.txt".to_owned(), b"extra".to_vec())],
    });
    rebuild_matches_full(
        &options,
        &mut cache,
        "a template and a static file overridden",
    );

    let before = tree(&options.output);
    fs::write(content.join("broken.txt"), [0u8, 0, 0, 0, 1, 2, 3, 0]).unwrap();
    assert!(pipeline::rebuild(&options, &mut cache).is_err());
    assert!(
        tree(&options.output) == before,
        "a failed rebuild writes nothing"
    );
    fs::remove_file(content.join("broken.txt")).unwrap();
    let after_failure = rebuild_matches_full(&options, &mut cache, "after a failed build");
    assert_eq!(after_failure, 0, "the output was still the last good build");

    let renamed = content.join("2022-renamed.txt");
    let text = fs::read_to_string(&renamed).unwrap();
    edit(&renamed, "本句为增量重建测试所加。", "");
    rebuild_matches_full(&options, &mut cache, "an edit undone");
    fs::write(&renamed, text).unwrap();
    rebuild_matches_full(&options, &mut cache, "the undo undone");

    // Gzip copies asked for, a report edited (its postings patched, the
    // copies of the shards kept carried over), then no longer asked for.
    options.precompress = true;
    rebuild_matches_full(&options, &mut cache, "gzip copies asked for");
    edit(&renamed, "。", "。又加一句。");
    rebuild_matches_full(&options, &mut cache, "an edit with gzip copies");
    options.precompress = false;
    rebuild_matches_full(&options, &mut cache, "gzip copies no longer asked for");

    fs::remove_dir_all(&options.output).unwrap();
    let whole = rebuild_matches_full(&options, &mut cache, "the output deleted");
    let files = tree(&options.output).len() - 1; // but the marker
    assert_eq!(whole, files, "a deleted output is written whole");
}

/// The plans followed up across years (paired once, then kept by the
/// fingerprints of both reports) after an edit of a report that delivers
/// last year's plans and states this year's: the synthetic multi-year
/// fixtures of `tests/fixtures/plans/`.
#[test]
fn plans_paired_again_only_where_a_report_changed_equal_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(&content).unwrap();
    let fixtures = Path::new("tests/fixtures/plans");
    for entry in fs::read_dir(fixtures.join("content")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), content.join(entry.file_name())).unwrap();
    }
    let config = baogao::config::Config::load(&fixtures.join("baogao.toml"), true).unwrap();
    let options = BuildOptions {
        issuer_aliases: config.issuer_aliases,
        ..BuildOptions::new(&content, dir.path().join("public"))
    };
    let mut cache = Cache::default();
    rebuild_matches_full(&options, &mut cache, "first build");
    let page = options.output.join("reports/2022-pingdingshan.html");
    let before = fs::read_to_string(&page).unwrap();
    // Its measures part loses its paragraphs: last year's items go open.
    let report = content.join("2022-pingdingshan.txt");
    let text = fs::read_to_string(&report).unwrap();
    let measures = text.find("一、").expect("a first part");
    let next = text[measures..].find("二、").expect("a second part") + measures;
    fs::write(
        &report,
        format!(
            "{}一、主要举措和成效\n无。\n{}",
            &text[..measures],
            &text[next..]
        ),
    )
    .unwrap();
    rebuild_matches_full(&options, &mut cache, "a delivering report emptied");
    let after = fs::read_to_string(&page).unwrap();
    assert!(after.matches("未见相关内容").count() > before.matches("未见相关内容").count());
}
