//! Parse: recover a report's metadata and structure from its text.
//!
//! Owns: front matter, line normalisation, header and closing block,
//! paragraphs, headings, the section tree, anchors. Must not decide what a
//! section means (that is [`crate::analyse`]) nor how it is shown.

pub mod dates;
pub mod frontmatter;
pub mod header;
pub mod markdown;
pub mod normalise;
pub mod opening;
pub mod portal;
pub mod runon;
pub mod structure;

use crate::discover::{default_slug, sanitize_slug};
use crate::model::{DecodedSource, Diagnostic, Report, SourceFormat};

/// A line of the report after normalisation, the unit the header and
/// structure rules read.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the source file.
    pub number: usize,
    /// The line's text, cleaned of what copying it out of Word, PDF or a web
    /// page left in it ([`normalise`]).
    pub text: String,
    /// Byte length of a bold lead at the start of the line.
    pub lead_len: Option<usize>,
    /// Heading level when the source marks it as a heading (Markdown).
    pub heading_level: Option<u8>,
    /// A text export marked the line with `#` (a heading in its editor).
    pub marked_up: bool,
    /// The line is a whole block (Markdown): never joined to its neighbours.
    pub complete: bool,
}

/// Parses one decoded report. A malformed front matter is an error; what the
/// parser could not find (a title, a year) is a warning, and the report is
/// still built.
pub fn parse(source: DecodedSource) -> Result<(Report, Vec<Diagnostic>), Diagnostic> {
    let file = &source.file.rel_path;
    let split = frontmatter::split(file, &source.text)?;
    let lines = match source.file.format {
        SourceFormat::Text => normalise::text_lines(split.body, split.body_line_offset),
        SourceFormat::Markdown => markdown::markdown_lines(split.body, split.body_line_offset),
    };
    let (lines, portal) = portal::extract(lines);
    let frame = header::frame(&lines);
    let blocks = structure::join_lines(&lines[frame.body.clone()]);
    let (preamble, sections) = structure::build_tree(blocks);
    let mut meta = frame.meta;
    let organs = apply_portal(&mut meta, portal);
    let front = split.front;
    let mut warnings = Vec::new();
    if let Some(title) = front.title {
        meta.title = title;
    }
    if meta.title.is_empty() {
        meta.title = file_stem(file).to_owned();
        warnings.push(
            Diagnostic::warning(file, "no title found; using the file name")
                .help("put the title on the first line, or set `title` in front matter"),
        );
    }
    let opening = opening_texts(&preamble);
    meta.issuer = front
        .issuer
        .or_else(|| decide_issuer(meta.issuer.take(), &organs, &opening));
    meta.date = front.date.map(|d| d.0).or(meta.date);
    meta.year = front
        .year
        .or(meta.year)
        .or_else(|| opening.iter().find_map(|t| opening::year(t)))
        .or_else(|| year_before(meta.date.or(meta.published)));
    meta.region = front.region.or(meta.region);
    meta.doc_number = front.doc_number.or(meta.doc_number);
    meta.source_url = front.source_url.or(meta.source_url);
    if meta.issuer.is_none() {
        warnings.push(
            Diagnostic::warning(file, "no issuer found")
                .help("add `issuer = \"…\"` (the issuing organ, e.g. `issuer = \"某区人民政府\"`) to the front matter at the top of the file, between `+++` lines"),
        );
    }
    if meta.year.is_none() {
        warnings.push(Diagnostic::warning(file, "no year found").help(
            "name the year in the title (`关于2022年…的报告`), or set `year` in front matter",
        ));
    }
    if sections.is_empty() {
        warnings.push(
            Diagnostic::warning(
                file,
                "no numbered headings found; the report is one block of paragraphs",
            )
            .help("number the sections `一、` `（一）` `1.` as 公文 do"),
        );
    }
    let slug = front
        .slug
        .map_or_else(|| default_slug(file), |s| sanitize_slug(&s));
    let report = Report {
        slug,
        source: file.clone(),
        path: source.file.path.clone(),
        format: source.file.format,
        encoding: source.encoding,
        meta,
        preamble,
        sections,
        original: source.text,
        analysis: Default::default(),
        fingerprint: 0,
    };
    Ok((report, warnings))
}

fn file_stem(rel_path: &str) -> &str {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// Rule "the opening is two paragraphs": where a report names its issuer
/// or year before its first heading, it does so in its first sentence or in
/// the `现将…报告如下` that follows it.
const OPENING_PARAGRAPHS: usize = 2;

fn opening_texts(preamble: &[crate::model::Paragraph]) -> Vec<&str> {
    let texts = preamble.iter().take(OPENING_PARAGRAPHS);
    texts.map(|p| p.text.as_str()).collect()
}

/// Rule "signed early, the year before": a report that names no year and
/// was signed or published in the first half of a year reports on the
/// year before (reports are due by 4月1日 of the following year); one
/// dated later in the year could be either.
const LAST_MONTH_OF_THE_YEAR_BEFORE: u32 = 6;

fn year_before(date: Option<crate::model::Date>) -> Option<i32> {
    let date = date?;
    (date.month <= LAST_MONTH_OF_THE_YEAR_BEFORE).then_some(date.year - 1)
}

/// What the portal's fields add to what the header said: the header wins
/// where both say (it is the report's own text). Returns the organs the
/// portal names, issuer candidates.
fn apply_portal(meta: &mut crate::model::Metadata, portal: portal::Portal) -> Vec<String> {
    if meta.title.is_empty() {
        if let Some(title) = portal.title {
            meta.issuer = meta
                .issuer
                .take()
                .or_else(|| header::issuer_in_title(&title));
            meta.year = meta.year.or_else(|| header::year_of(&title));
            meta.title = title;
        }
    }
    meta.doc_number = meta.doc_number.take().or(portal.doc_number);
    meta.date = meta.date.or(portal.written);
    meta.published = portal.published;
    meta.portal = portal.other;
    portal.organs
}

/// Rule "issuer by precedence": the report's own header and closing block
/// (signing organ, red header, issuer line, title — [`header::frame`]
/// decides among them), else the organ the portal names (`发布机构`,
/// `来源`: the portal's, so after the text's own), else the organ the
/// opening sentence names. A name the text introduces as an abbreviation
/// (`（简称经开区管委会）`) is replaced by its full form.
fn decide_issuer(found: Option<String>, portal: &[String], opening: &[&str]) -> Option<String> {
    let issuer = found
        .or_else(|| portal.first().cloned())
        .or_else(|| opening.iter().find_map(|t| opening::issuer(t)))?;
    let full = opening.iter().find_map(|t| opening::expand(t, &issuer));
    Some(full.map_or(issuer, str::to_owned))
}
