//! Content diagnostics: everything the build warns about (files re-encoded
//! or undecodable, titles, issuers or years not found, malformed front
//! matter), and what only matters to a publisher checking an archive:
//! top-level sections that map to no mandated part, mandated parts missing,
//! the same report twice, citations that look broken, issuer names that
//! are likely one issuer's.

use crate::analyse::citations::MAX_TITLE_CHARS;
use crate::analyse::series::{self, Aliases, Series};
use crate::analyse::topics::Taxonomy;
use crate::model::{Diagnostic, MandatedPart, Paragraph, Report};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The parts every report must have. 其他需要报告的事项 is only required
/// when there is something else to report, so its absence is no fault.
const REQUIRED_PARTS: [MandatedPart; 4] = [
    MandatedPart::Measures,
    MandatedPart::Shortcomings,
    MandatedPart::Leadership,
    MandatedPart::Plans,
];

/// Reads, parses and analyses every report under `content` (writing
/// nothing) and returns the number of reports and every diagnostic, in
/// file order.
pub fn check(content: &Path, taxonomy: &Taxonomy, aliases: &Aliases) -> (usize, Vec<Diagnostic>) {
    let (mut reports, mut diagnostics) = crate::pipeline::load_reports(content, taxonomy);
    reports.sort_by(|a, b| a.source.cmp(&b.source));
    for report in &reports {
        diagnostics.extend(parts(report));
        diagnostics.extend(citations(report));
    }
    diagnostics.extend(duplicates(&reports));
    diagnostics.extend(likely_aliases(&reports, aliases));
    diagnostics
        .sort_by(|a, b| (&a.file, a.line().unwrap_or(0)).cmp(&(&b.file, b.line().unwrap_or(0))));
    (reports.len(), diagnostics)
}

/// Top-level sections mapped to no part, and required parts that no
/// section was mapped to.
pub fn parts(report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if report.sections.is_empty() {
        // The parser already warned that there are no numbered headings.
        return out;
    }
    for section in &report.sections {
        let Some(mapping) = &section.part else {
            continue;
        };
        if mapping.part.is_none() {
            let heading = format!(
                "{}{}",
                section.marker.as_deref().unwrap_or(""),
                section.heading
            );
            out.push(
                Diagnostic::warning(
                    &report.source,
                    format!("section `{heading}` is not one of the five mandated parts"),
                )
                .at(&report.original, section.line, 1)
                .help(format!(
                    "{}; if it is one, name it in the heading (e.g. `主要举措和成效`, `存在的不足和原因`)",
                    mapping.reason
                )),
            );
        }
    }
    let present: Vec<MandatedPart> = report
        .sections
        .iter()
        .filter_map(|s| s.part.as_ref().and_then(|m| m.part))
        .collect();
    for part in REQUIRED_PARTS {
        if !present.contains(&part) {
            out.push(
                Diagnostic::warning(
                    &report.source,
                    format!("the mandated part “{}” is missing", part.label()),
                )
                .help(format!(
                    "《法治政府建设与责任落实督察工作规定》 requires it; give it a top-level section whose heading names it (e.g. `二、{}`)",
                    part.label()
                )),
            );
        }
    }
    out
}

/// Rule "one place, no shared year": two series (issuer names no rule
/// joined) of the same place whose reports never share a year are likely
/// one issuer writing its name two ways (a place reports once a year).
/// Compared only within a place, never across the archive.
pub fn likely_aliases(reports: &[Report], aliases: &Aliases) -> Vec<Diagnostic> {
    let index = series::group(reports, aliases);
    let mut by_place: BTreeMap<&str, Vec<&Series>> = BTreeMap::new();
    for one in &index.series {
        let region = reports[one.reports[0]].analysis.region.as_ref();
        if let Some(code) = region.map(|r| r.code.as_str()).filter(|c| !c.is_empty()) {
            by_place.entry(code).or_default().push(one);
        }
    }
    let years = |s: &Series| -> BTreeSet<i32> {
        s.reports
            .iter()
            .filter_map(|&i| reports[i].meta.year)
            .collect()
    };
    let mut out = Vec::new();
    for place in by_place.values() {
        for (n, a) in place.iter().enumerate() {
            for b in &place[n + 1..] {
                let (ya, yb) = (years(a), years(b));
                if ya.is_empty() || yb.is_empty() || !ya.is_disjoint(&yb) {
                    continue;
                }
                out.push(
                    Diagnostic::warning(
                        &reports[b.reports[0]].source,
                        format!(
                            "issuers `{}` and `{}` are of one place and never report the same year: likely one issuer",
                            a.name, b.name
                        ),
                    )
                    .help(format!(
                        "if they are, add `\"{}\" = \"{}\"` under `[issuers.aliases]` in baogao.toml",
                        b.name, a.name
                    )),
                );
            }
        }
    }
    out
}

/// Reports whose text (every heading and paragraph, spaces aside) is the
/// same as an earlier report's: the same report under two names.
pub fn duplicates(reports: &[Report]) -> Vec<Diagnostic> {
    let mut first: BTreeMap<String, &Report> = BTreeMap::new();
    let mut out = Vec::new();
    for report in reports {
        let text: String = body_text(report);
        if text.is_empty() {
            continue;
        }
        match first.get(&text) {
            Some(earlier) => out.push(
                Diagnostic::warning(
                    &report.source,
                    format!("the same text as `{}`", earlier.source),
                )
                .help("remove one of the two files, or keep both as different reports by correcting the wrong one"),
            ),
            None => {
                first.insert(text, report);
            }
        }
    }
    out
}

fn body_text(report: &Report) -> String {
    let mut text = String::new();
    fn headings(s: &crate::model::Section, text: &mut String) {
        text.push_str(&s.heading);
        for c in &s.children {
            headings(c, text);
        }
    }
    for s in &report.sections {
        headings(s, &mut text);
    }
    for p in report.paragraphs() {
        text.push_str(&p.text);
    }
    text.retain(|c| !c.is_whitespace());
    text
}

/// `《…》` that the citation index leaves out or reads by a guess.
pub fn citations(report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in report.paragraphs() {
        for (offset, problem, help) in bracket_problems(&p.text) {
            let (line, column) = locate(report, p, offset);
            out.push(
                Diagnostic::warning(&report.source, problem)
                    .at(&report.original, line, column)
                    .help(help),
            );
        }
    }
    out
}

/// Byte offset, problem and advice for each suspicious `《` or `》` of a
/// paragraph; the same reading as [`crate::analyse::citations::titles_in`].
fn bracket_problems(text: &str) -> Vec<(usize, String, &'static str)> {
    const CLOSE: &str = "add the missing `》` (or remove the stray `《`)";
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open_at = 0;
    let mut open_angles = 0usize;
    let mut chars = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '《' => {
                if depth == 0 {
                    open_at = i;
                    chars = 0;
                }
                depth += 1;
            }
            '》' if depth == 1 && open_angles > 0 => {
                open_angles -= 1;
                out.push((
                    i,
                    "`〈` closed with `》` in a citation".to_owned(),
                    "a title inside a title is written `〈…〉`: `《关于印发〈某办法〉的通知》`",
                ));
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    if chars == 0 {
                        out.push((
                            open_at,
                            "empty `《》`".to_owned(),
                            "write the title between the brackets, or remove them",
                        ));
                    } else if chars > MAX_TITLE_CHARS {
                        out.push((
                            open_at,
                            format!("a `《…》` of {chars} characters is not a title; a `》` is probably missing"),
                            CLOSE,
                        ));
                    }
                }
            }
            '》' => out.push((
                i,
                "`》` without a `《`".to_owned(),
                "add the missing `《` (or remove the stray `》`)",
            )),
            _ if depth > 0 => {
                match c {
                    '〈' => open_angles += 1,
                    '〉' => open_angles = open_angles.saturating_sub(1),
                    _ => {}
                }
                chars += 1;
            }
            _ => {}
        }
    }
    if depth > 0 {
        out.push((open_at, "`《` is never closed".to_owned(), CLOSE));
    }
    out
}

/// Lines a paragraph is looked for in: more than any paragraph broken over
/// page breaks spans.
const MAX_PARAGRAPH_LINES: usize = 50;

/// Line and column in the source file of byte `offset` of a paragraph: the
/// paragraph was joined from lines, so the characters there are looked for
/// in the source from the paragraph's first line on.
fn locate(report: &Report, p: &Paragraph, offset: usize) -> (usize, usize) {
    let needle: String = p.text[offset..].chars().take(6).collect();
    let start_line = p.line.saturating_sub(1);
    let lines = report.original.split('\n').enumerate().skip(start_line);
    for (n, line) in lines.take(MAX_PARAGRAPH_LINES) {
        if let Some(at) = line.find(needle.as_str()) {
            return (n + 1, line[..at].chars().count() + 1);
        }
    }
    (p.line, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        bracket_problems(text)
            .into_iter()
            .map(|(_, p, _)| p)
            .collect()
    }

    #[test]
    fn well_formed_citations_are_fine() {
        assert!(
            problems("依据《中华人民共和国行政复议法》和《关于印发〈某办法〉的通知》").is_empty()
        );
    }

    #[test]
    fn broken_citations() {
        assert_eq!(problems("见《》。"), ["empty `《》`"]);
        assert_eq!(problems("依据《某条例开展工作"), ["`《` is never closed"]);
        assert_eq!(problems("某条例》开展工作"), ["`》` without a `《`"]);
        assert_eq!(
            problems("《关于印发〈某方案》的通知》"),
            ["`〈` closed with `》` in a citation"]
        );
        let long = format!("《{}》", "字".repeat(MAX_TITLE_CHARS + 1));
        assert!(problems(&long)[0].contains("not a title"));
    }
}
