//! Property tests: no input makes the build panic, and the parser keeps its
//! promises on any input.

use baogao::model::{DecodedSource, Report, Section, SourceFile, SourceFormat};
use baogao::parse::{header, normalise, structure};
use baogao::{analyse, decode, parse};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// Text made of the pieces real reports are made of, in any order, plus
/// arbitrary characters: hits the parser's rules far more often than random
/// Unicode alone.
fn report_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("一、".to_owned()),
        Just("（一）".to_owned()),
        Just("(二) ".to_owned()),
        Just("1.".to_owned()),
        Just("2、".to_owned()),
        Just("（1）".to_owned()),
        Just("①".to_owned()),
        Just("第一部分".to_owned()),
        Just("一是".to_owned()),
        Just("二是".to_owned()),
        Just("。".to_owned()),
        Just("，".to_owned()),
        Just("；".to_owned()),
        Just("：".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("\r".to_owned()),
        Just("《".to_owned()),
        Just("》".to_owned()),
        Just("〈".to_owned()),
        Just("**".to_owned()),
        Just("## ".to_owned()),
        Just("+++\n".to_owned()),
        Just("---\n".to_owned()),
        Just("2022年".to_owned()),
        Just("二〇二二年十二月十六日".to_owned()),
        Just("印发".to_owned()),
        Just("文件".to_owned()),
        Just("签发人：".to_owned()),
        Just("〔2021〕117号".to_owned()),
        Just("报告".to_owned()),
        Just("关于".to_owned()),
        Just("不足".to_owned()),
        Just("举措".to_owned()),
        Just("下一步".to_owned()),
        Just("人民政府".to_owned()),
        Just(" ".to_owned()),
        Just("\u{3000}".to_owned()),
        Just("- 3 -".to_owned()),
        Just("加强组织领导".to_owned()),
        Just("abc 123".to_owned()),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

fn parse_text(text: &str, format: SourceFormat) -> Option<Report> {
    let file = SourceFile {
        path: "p.txt".into(),
        rel_path: "p.txt".into(),
        format,
    };
    let source = DecodedSource {
        file,
        text: text.to_owned(),
        encoding: "UTF-8",
    };
    let (mut report, _) = parse::parse(source).ok()?;
    analyse::analyse(&mut report, &Default::default());
    Some(report)
}

fn anchors(report: &Report) -> Vec<String> {
    fn walk(s: &Section, out: &mut Vec<String>) {
        out.push(s.anchor.clone());
        out.extend(s.paragraphs.iter().map(|p| p.anchor.clone()));
        s.children.iter().for_each(|c| walk(c, out));
    }
    let mut out: Vec<String> = report.preamble.iter().map(|p| p.anchor.clone()).collect();
    report.sections.iter().for_each(|s| walk(s, &mut out));
    out
}

fn letters(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let file = SourceFile { path: "b.txt".into(), rel_path: "b.txt".into(), format: SourceFormat::Text };
        let _ = decode::decode(file, &bytes);
    }

    #[test]
    fn parse_never_panics_and_anchors_are_unique(text in report_like()) {
        for format in [SourceFormat::Text, SourceFormat::Markdown] {
            if let Some(report) = parse_text(&text, format) {
                let all = anchors(&report);
                let unique: BTreeSet<_> = all.iter().collect();
                prop_assert_eq!(all.len(), unique.len());
                prop_assert!(!report.meta.title.is_empty());
            }
        }
    }

    #[test]
    fn parse_never_panics_on_any_unicode(text in "\\PC{0,300}") {
        let _ = parse_text(&text, SourceFormat::Text);
        let _ = parse_text(&text, SourceFormat::Markdown);
    }

    /// Every letter, digit and Han character of the body ends up, in order,
    /// in exactly one heading or paragraph: rejoining, run-in headings and
    /// tree building lose and duplicate nothing.
    #[test]
    fn body_text_is_kept_in_order(text in report_like()) {
        let lines = normalise::text_lines(&text, 0);
        let frame = header::frame(&lines);
        let body = &lines[frame.body.clone()];
        let expected: String = body.iter().map(|l| letters(&l.text)).collect();
        let (preamble, sections) = structure::build_tree(structure::join_lines(body));
        fn walk(s: &Section, out: &mut String) {
            out.push_str(&letters(s.marker.as_deref().unwrap_or("")));
            out.push_str(&letters(&s.heading));
            s.paragraphs.iter().for_each(|p| out.push_str(&letters(&p.text)));
            s.children.iter().for_each(|c| walk(c, out));
        }
        let mut got: String = preamble.iter().map(|p| letters(&p.text)).collect();
        sections.iter().for_each(|s| walk(s, &mut got));
        prop_assert_eq!(got, expected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// A whole build over a folder of arbitrary files: it may fail with
    /// diagnostics, but never panics.
    #[test]
    fn build_never_panics(files in prop::collection::vec((report_like(), prop::collection::vec(any::<u8>(), 0..64)), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        for (i, (text, junk)) in files.iter().enumerate() {
            std::fs::write(content.join(format!("r{i}.txt")), text).unwrap();
            std::fs::write(content.join(format!("j{i}.md")), junk).unwrap();
        }
        let options = baogao::pipeline::BuildOptions::new(content, dir.path().join("public"));
        let _ = baogao::pipeline::build(&options);
    }
}
