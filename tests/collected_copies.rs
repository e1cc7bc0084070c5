//! Each real report (`content/`) in the forms collected copies take: the
//! portal's fields above it (as lines, in brackets, as a bulleted block
//! printed twice) or its source and time under the title, with CRLF line
//! ends, its page furniture below, a note and the 版记 under the
//! closing date, page breaks in mid-sentence, the whole pasted as one
//! line, and the same as Markdown. Whatever the wrapping, the report
//! must read as the plain one does: the same title, issuer, year, date and
//! sections, and no paragraph more.

mod common;

use baogao::model::{Date, Report, SourceFormat};
use std::fs;

fn read_as(format: SourceFormat, text: &str) -> Report {
    common::read_as(format, text.as_bytes())
}

/// What a wrapping must not change.
#[derive(Debug, PartialEq)]
struct Reading {
    title: String,
    issuer: Option<String>,
    year: Option<i32>,
    date: Option<String>,
    headings: Vec<String>,
    paragraphs: usize,
}

fn reading(r: &Report) -> Reading {
    Reading {
        title: r.meta.title.clone(),
        issuer: r.meta.issuer.clone(),
        year: r.meta.year,
        date: r.meta.date.map(|d| d.to_string()),
        headings: r.sections.iter().map(|s| s.heading.clone()).collect(),
        paragraphs: r.paragraphs().len(),
    }
}

/// The real reports, each with its text.
fn reports() -> Vec<(String, String)> {
    let mut reports: Vec<(String, String)> = fs::read_dir("content")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| (p.display().to_string(), fs::read_to_string(&p).unwrap()))
        .collect();
    reports.sort();
    assert_eq!(reports.len(), 5);
    reports
}

/// The portal's forms: fields above, furniture below.
fn portal_copies(text: &str, organ: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "fields as lines",
            format!("索引号：11410400MB0000000X/2023-00031 主题分类：政务公开 发布机构：{organ} 生成日期：2023-04-06 有效性：有效\n时间：2023-04-06 浏览次数：1024 字体:【大 中 小】 【打印】\n{text}\n【打印】 【关闭】\n"),
        ),
        (
            "bracketed fields",
            format!("[ 索引号 ] 000014349/2023-00088 [ 发文字号 ] 无 [ 主题分类 ] 政务公开 [ 发布机构 ] {organ}\n[ 发布日期 ] 2023-04-06\n{text}\n【打印】 【关闭】 浏览次数：2327\n"),
        ),
        (
            "a bulleted block printed twice",
            format!("- 发布机构: {organ}\n- 发布日期: 2023/4/6\n- 发布机构: {organ}\n- 发布日期: 2023/4/6\n当前位置：首页 > 政务公开 > 法治政府建设\n{text}\n扫一扫在手机打开当前页\n"),
        ),
    ]
}

#[test]
fn a_portals_copy_reads_as_the_report() {
    for (name, text) in reports() {
        let plain = read_as(SourceFormat::Text, &text);
        let organ = plain.meta.issuer.clone().unwrap_or_default();
        for (form, copy) in portal_copies(&text, &organ) {
            let r = read_as(SourceFormat::Text, &copy);
            assert_eq!(reading(&r), reading(&plain), "{name}, {form}");
            assert_eq!(
                r.meta.published.unwrap().to_string(),
                "2023-04-06",
                "{name}, {form}"
            );
        }
    }
}

/// `text` with a note under its closing date's line and, when it has none,
/// a 版记 (抄送, printing line) at its end.
fn with_note_and_banji(text: &str, organ: &str, date: Date, printed: bool) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let dated = lines
        .iter()
        .rposition(|l| l.trim().ends_with('日') && !l.contains("印发"))
        .expect("a closing date line");
    let mut copy = lines[..=dated].join("\n");
    copy.push_str("\n（此件公开发布）\n");
    copy.push_str(&lines[dated + 1..].join("\n"));
    if !printed {
        let (y, m, d) = (date.year, date.month, date.day);
        copy.push_str(&format!(
            "\n\n抄送：市司法局。\n{organ}办公室{y}年{m}月{d}日印发\n"
        ));
    }
    copy
}

#[test]
fn a_note_and_the_banji_under_the_date_are_no_text() {
    for (name, text) in reports() {
        let plain = read_as(SourceFormat::Text, &text);
        let Some(date) = plain.meta.date else {
            continue;
        };
        let organ = plain.meta.issuer.clone().unwrap_or_default();
        let copy = with_note_and_banji(&text, &organ, date, plain.meta.printed.is_some());
        let r = read_as(SourceFormat::Text, &copy);
        assert_eq!(reading(&r), reading(&plain), "{name}");
        assert_eq!(r.meta.note.as_deref(), Some("此件公开发布"), "{name}");
        assert_eq!(r.meta.printed, plain.meta.printed.or(Some(date)), "{name}");
    }
}

/// `text` with `line` inserted after its title (its first line that ends
/// in 报告, where the portal prints its source and time).
fn after_title(text: &str, line: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let title = lines
        .iter()
        .position(|l| l.trim_end().ends_with("报告"))
        .unwrap_or(0);
    let mut copy = lines[..=title].join("\n");
    copy.push('\n');
    copy.push_str(line);
    copy.push('\n');
    copy.push_str(&lines[title + 1..].join("\n"));
    copy
}

#[test]
fn the_portals_source_and_time_under_the_title_are_no_text() {
    for (name, text) in reports() {
        let plain = read_as(SourceFormat::Text, &text);
        let copy = after_title(
            &text,
            "来源：某市司法局 发布时间：2023-04-06 11:33 浏览次数：88\r\n字体：【大 中 小】 【打印】 【关闭】",
        );
        let r = read_as(SourceFormat::Text, &copy.replace('\n', "\r\n"));
        assert_eq!(reading(&r), reading(&plain), "{name}");
        assert_eq!(
            r.meta.published.unwrap().to_string(),
            "2023-04-06",
            "{name}"
        );
    }
}

#[test]
fn a_report_pasted_as_one_line_keeps_its_metadata_and_sections() {
    let spaceless = |t: &str| t.split_whitespace().collect::<String>();
    for (name, text) in reports() {
        let plain = reading(&read_as(SourceFormat::Text, &text));
        // What a web page's text keeps of its paragraphs: their indent.
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let r = reading(&read_as(SourceFormat::Text, &lines.join("　　")));
        assert_eq!(spaceless(&r.title), spaceless(&plain.title), "{name}");
        assert_eq!(
            (&r.issuer, r.year, &r.date, &r.headings),
            (&plain.issuer, plain.year, &plain.date, &plain.headings),
            "{name}"
        );
    }
}

/// `text` with a page break (blank lines, a page number) in the middle of
/// each long line, where a PDF's page ended mid-sentence.
fn with_page_breaks(text: &str) -> String {
    let mut page = 1;
    let broken = text.lines().map(|line| {
        let chars: Vec<char> = line.chars().collect();
        let middle = chars.len() / 2;
        let mid_sentence = chars.len() > 60 && !"，。；：、".contains(chars[middle - 1]);
        if !mid_sentence {
            return line.to_owned();
        }
        page += 1;
        let (before, after): (String, String) = (
            chars[..middle].iter().collect(),
            chars[middle..].iter().collect(),
        );
        format!("{before}\n\n- {page} -\n\n{after}")
    });
    broken.collect::<Vec<_>>().join("\n")
}

#[test]
fn page_breaks_in_the_middle_of_sentences_are_no_breaks() {
    for (name, text) in reports() {
        let plain = read_as(SourceFormat::Text, &text);
        let r = read_as(SourceFormat::Text, &with_page_breaks(&text));
        assert_eq!(reading(&r), reading(&plain), "{name}");
        let texts = |r: &Report| {
            r.paragraphs()
                .iter()
                .map(|p| p.text.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(&r), texts(&plain), "{name}");
    }
}

#[test]
fn a_report_as_markdown_keeps_its_metadata() {
    for (name, text) in reports() {
        let plain = reading(&read_as(SourceFormat::Text, &text));
        let r = reading(&read_as(SourceFormat::Markdown, &text));
        // A blank line is a paragraph's end in Markdown (a page break in a
        // plain text may fall inside one): the metadata, not the count.
        assert_eq!(
            (&r.title, &r.issuer, r.year, &r.date),
            (&plain.title, &plain.issuer, plain.year, &plain.date),
            "{name}"
        );
    }
}
