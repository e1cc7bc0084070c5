//! Property tests: no input makes the build panic, the parser keeps its
//! promises on any input, and the same files always give the same site.

mod common;

use baogao::model::{DecodedSource, Report, Section, SourceFile, SourceFormat};
use baogao::parse::{header, markdown, normalise, structure};
use baogao::{analyse, decode, parse};
use common::tree;
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
        Just("+++\u{3000}\n".to_owned()),
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
    let source = DecodedSource::utf8("p.txt", format, text);
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

fn non_space(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What ends a heading and is not kept in it.
const HEADING_STOPS: &[char] = &['。', '；', '：', ';', ':', '！', '？'];

/// Whether `segments[i..]` (text, is a heading) spell `body[at..]` exactly,
/// but for heading stops after a heading. Remembers what failed, so that
/// trying every number of dropped stops stays linear.
fn kept_in_order(
    segments: &[(Vec<char>, bool)],
    i: usize,
    body: &[char],
    at: usize,
    failed: &mut BTreeSet<(usize, usize)>,
) -> bool {
    let Some((text, heading)) = segments.get(i) else {
        return at == body.len();
    };
    if failed.contains(&(i, at)) || !body[at..].starts_with(text) {
        return false;
    }
    let mut end = at + text.len();
    loop {
        if kept_in_order(segments, i + 1, body, end, failed) {
            return true;
        }
        if *heading && body.get(end).is_some_and(|c| HEADING_STOPS.contains(c)) {
            end += 1;
        } else {
            failed.insert((i, at));
            return false;
        }
    }
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

    /// After normalisation, every non-space character of the body ends up,
    /// in order, in exactly one heading (marker and text) or paragraph:
    /// rejoining lines, run-in headings and building the tree lose and
    /// duplicate nothing. The one thing dropped is what ends a heading (its
    /// `。`, `；`, `：`, or the stop after a run-in heading), as the
    /// structure rules say.
    #[test]
    fn body_chars_are_kept_in_order(text in report_like()) {
        for markdown in [false, true] {
            let lines = if markdown {
                markdown::markdown_lines(&text, 0)
            } else {
                normalise::text_lines(&text, 0)
            };
            let frame = header::frame(&lines);
            let body = &lines[frame.body.clone()];
            let expected: Vec<char> = body.iter().flat_map(|l| non_space(&l.text)).collect();
            let (preamble, sections) = structure::build_tree(structure::join_lines(body));
            let mut segments: Vec<(Vec<char>, bool)> =
                preamble.iter().map(|p| (non_space(&p.text), false)).collect();
            fn walk(s: &Section, out: &mut Vec<(Vec<char>, bool)>) {
                let mut heading = non_space(s.marker.as_deref().unwrap_or(""));
                heading.extend(non_space(&s.heading));
                out.push((heading, true));
                out.extend(s.paragraphs.iter().map(|p| (non_space(&p.text), false)));
                s.children.iter().for_each(|c| walk(c, out));
            }
            sections.iter().for_each(|s| walk(s, &mut segments));
            let mut failed = BTreeSet::new();
            prop_assert!(
                kept_in_order(&segments, 0, &expected, 0, &mut failed),
                "markdown: {}\nbody: {:?}\nsegments: {:?}",
                markdown,
                expected.iter().collect::<String>(),
                segments.iter().map(|(t, h)| (t.iter().collect::<String>(), *h)).collect::<Vec<_>>()
            );
        }
    }
}

/// A line of portal metadata or furniture, in the forms portals print it.
fn portal_line() -> impl Strategy<Value = String> {
    let organ = prop::sample::select(vec![
        "某县人民政府",
        "某市司法局",
        "本网",
        "某某高新区管委会",
    ]);
    let number = 0u32..100_000;
    (organ, number, 0usize..7).prop_map(|(organ, n, form)| match form {
        0 => format!("索引号：{n:08}/2023-00031 发布机构：{organ} 生成日期：2023-03-31 文号：某政〔2023〕{n}号"),
        1 => format!("来源：{organ} 发布时间：2023-03-31 11:33"),
        2 => format!("时间：2023-03-31 浏览次数：{n} 字体:【大 中 小】 【打印】"),
        3 => format!("[ 索引号 ] {n}/2022-00088 [ 发文字号 ] 无 [ 发布机构 ] {organ}"),
        4 => format!("- 发布机构: {organ}"),
        5 => format!("生成日期：\n2023-03-{:02}", n % 28 + 1),
        _ => "【打印】 【关闭】".to_owned(),
    })
}

/// A report-like text with portal lines between its lines, each a block
/// of its own (blank lines around it, so Markdown does not join it to a
/// paragraph).
fn with_portal_lines() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec((report_like(), portal_line()), 1..5);
    pieces.prop_map(|pieces| {
        pieces
            .into_iter()
            .map(|(text, portal)| format!("{text}\n\n{portal}\n\n"))
            .collect()
    })
}

/// Everything a reader sees as the report's text or names.
fn shown(report: &Report) -> Vec<String> {
    fn walk(s: &Section, out: &mut Vec<String>) {
        out.push(s.heading.clone());
        out.extend(s.paragraphs.iter().map(|p| p.text.clone()));
        s.children.iter().for_each(|c| walk(c, out));
    }
    let mut out = vec![report.meta.title.clone()];
    out.extend(report.meta.issuer.clone());
    out.extend(report.preamble.iter().map(|p| p.text.clone()));
    report.sections.iter().for_each(|s| walk(s, &mut out));
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// No portal metadata line (索引号, 发布机构, 来源, 生成日期, 浏览次数,
    /// 字体) ever ends up in a title, an issuer, a heading or a paragraph,
    /// wherever it stands among the report's lines.
    #[test]
    fn portal_lines_are_never_text(text in with_portal_lines()) {
        for format in [SourceFormat::Text, SourceFormat::Markdown] {
            let Some(report) = parse_text(&text, format) else { continue };
            for shown in shown(&report) {
                for key in ["索引号", "发布机构", "来源", "生成日期", "浏览次数", "字体"] {
                    prop_assert!(!shown.contains(key), "{:?}: {} in {:?}", format, key, shown);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// A whole build over a folder of arbitrary files: it may fail with
    /// diagnostics, but never panics; and building the same files again,
    /// written in the opposite order into another folder, gives the same
    /// outcome: the same diagnostics, or byte-identical sites.
    #[test]
    fn build_never_panics_and_is_deterministic(files in prop::collection::vec((report_like(), prop::collection::vec(any::<u8>(), 0..64)), 1..4)) {
        let mut named: Vec<(String, Vec<u8>)> = Vec::new();
        for (i, (text, junk)) in files.iter().enumerate() {
            named.push((format!("r{i}.txt"), text.clone().into_bytes()));
            named.push((format!("sub/j{i}.md"), junk.clone()));
        }
        let mut outcomes = Vec::new();
        for reversed in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let content = dir.path().join(if reversed { "另一个 content" } else { "content" });
            let order: Vec<_> = if reversed { named.iter().rev().collect() } else { named.iter().collect() };
            for (name, bytes) in order {
                let path = content.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
            let out = dir.path().join("public");
            let options = baogao::pipeline::BuildOptions::new(content, &out);
            let outcome = match baogao::pipeline::build(&options) {
                Ok(_) => Ok(tree(&out)),
                Err(failure) => Err(format!("{:?}", failure.diagnostics)),
            };
            outcomes.push(outcome);
        }
        prop_assert!(outcomes[0] == outcomes[1], "two builds of the same files differ");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any two reports: the plans are split into items numbered 1, 2, …
    /// and paired without panicking, each delivery a paragraph of the next
    /// report that reaches the threshold, best first.
    #[test]
    fn plans_are_split_and_paired_on_any_reports(a in report_like(), b in report_like()) {
        use baogao::analyse::plans;
        let (Some(plan), Some(next)) = (parse_text(&a, SourceFormat::Text), parse_text(&b, SourceFormat::Text)) else {
            return Ok(());
        };
        let items = &plan.analysis.plan_items;
        prop_assert!(items.iter().enumerate().all(|(i, item)| item.number == i + 1));
        let found = plans::deliveries(&plan, &next);
        prop_assert_eq!(found.len(), items.len());
        for deliveries in &found {
            prop_assert!(deliveries.windows(2).all(|w| w[0].score >= w[1].score));
            for d in deliveries {
                prop_assert!(plans::delivers(d.score));
                prop_assert!(next.paragraph_at(&d.anchor).is_some());
            }
        }
    }
}
