//! Render: turn the analysed reports into the files of the site.
//!
//! Owns: the templates (tera), the views they receive, the JSON exports,
//! minification, and every URL of the site. Must not parse or analyse text,
//! nor touch the file system (that is [`crate::write`]).

use crate::model::{MandatedPart, Page, Paragraph, Report, Section};
use serde::Serialize;
use tera::{Context, Tera};

/// The templates, built into the binary. Each receives the variables listed
/// in its view struct below.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("report.html", include_str!("../templates/report.html")),
];

/// Static files copied to `static/` as they are.
const STATIC_FILES: &[(&str, &[u8])] =
    &[("static/style.css", include_bytes!("../static/style.css"))];

/// What every page knows about the site.
#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    /// Absolute URL the site is published under, for canonical links only;
    /// every link between pages stays relative.
    pub base_url: Option<String>,
}

impl Default for SiteInfo {
    fn default() -> Self {
        SiteInfo {
            title: "法治政府建设年度报告库".to_owned(),
            base_url: None,
        }
    }
}

/// Renders the whole site: pages, data files and static files. Reports must
/// be in their final order with unique slugs.
pub fn render_site(site: &SiteInfo, reports: &[Report]) -> Result<Vec<Page>, String> {
    let tera = templates()?;
    let mut pages = Vec::new();
    let records: Vec<ReportRecord> = reports.iter().map(ReportRecord::from).collect();
    pages.push(html_page(
        &tera,
        "index.html",
        "index.html",
        site,
        "",
        |ctx| {
            ctx.insert("reports", &records);
            ctx.insert("parts", &part_columns());
        },
    )?);
    for (report, record) in reports.iter().zip(&records) {
        let path = format!("reports/{}.html", report.slug);
        let view = ReportView::new(report, record);
        pages.push(html_page(
            &tera,
            "report.html",
            &path,
            site,
            "../",
            |ctx| {
                ctx.insert("report", &view);
            },
        )?);
        pages.push(Page {
            path: format!("sources/{}.txt", report.slug),
            bytes: original_text(report),
        });
        pages.push(json_page(
            &format!("data/reports/{}.json", report.slug),
            &ReportDetail::new(report, record),
        )?);
    }
    pages.push(json_page("data/reports.json", &records)?);
    for (path, bytes) in STATIC_FILES {
        pages.push(Page {
            path: (*path).to_owned(),
            bytes: bytes.to_vec(),
        });
    }
    Ok(pages)
}

fn templates() -> Result<Tera, String> {
    let mut tera = Tera::default();
    tera.add_raw_templates(TEMPLATES.to_vec())
        .map_err(|e| format!("template error: {e:?}"))?;
    Ok(tera)
}

/// Renders one template into a minified page. `root` is the relative path
/// from the page to the site root (`""` or `"../"`).
fn html_page(
    tera: &Tera,
    template: &str,
    path: &str,
    site: &SiteInfo,
    root: &str,
    fill: impl FnOnce(&mut Context),
) -> Result<Page, String> {
    let mut ctx = Context::new();
    ctx.insert("site", site);
    ctx.insert("root", root);
    ctx.insert("path", path);
    fill(&mut ctx);
    let html = tera
        .render(template, &ctx)
        .map_err(|e| format!("rendering {path}: {}", error_chain(&e)))?;
    Ok(Page {
        path: path.to_owned(),
        bytes: minify(html.as_bytes()),
    })
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// Minifies HTML while keeping it valid HTML5 (quoted attribute values
/// where the spec needs them, the `<html lang>` tag).
fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_html_and_head_opening_tags: true,
        minify_css: false,
        minify_js: false,
        ..minify_html::Cfg::new()
    };
    minify_html::minify(html, &cfg)
}

fn json_page<T: Serialize + ?Sized>(path: &str, value: &T) -> Result<Page, String> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| format!("{path}: {e}"))?;
    bytes.push(b'\n');
    Ok(Page {
        path: path.to_owned(),
        bytes,
    })
}

/// The original text as decoded, in UTF-8 with a byte-order mark so that
/// browsers opening it from disk read it as UTF-8.
fn original_text(report: &Report) -> Vec<u8> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(report.original.as_bytes());
    bytes
}

fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The URL of a report page, relative to the site root.
pub fn report_url(slug: &str) -> String {
    format!("reports/{slug}.html")
}

/// One report in `data/reports.json` (schema in the README).
#[derive(Debug, Clone, Serialize)]
pub struct ReportRecord {
    pub slug: String,
    pub title: String,
    pub issuer: Option<String>,
    pub year: Option<i32>,
    pub date: Option<String>,
    pub printed: Option<String>,
    pub doc_number: Option<String>,
    pub signers: Vec<String>,
    pub recipient: Option<String>,
    pub region: Option<String>,
    pub source_url: Option<String>,
    pub source: String,
    pub encoding: String,
    pub url: String,
    pub char_count: usize,
    pub paragraph_count: usize,
    /// For each mandated part, in the regulation's order: the anchor of the
    /// first top-level section mapped to it, or null.
    pub parts: Vec<PartPresence>,
    pub sections: Vec<SectionRecord>,
}

/// Whether a report has one of the mandated parts, and where.
#[derive(Debug, Clone, Serialize)]
pub struct PartPresence {
    pub part: &'static str,
    pub label: &'static str,
    pub anchor: Option<String>,
}

/// A node of the section tree in `data/reports.json`.
#[derive(Debug, Clone, Serialize)]
pub struct SectionRecord {
    pub heading: String,
    pub marker: Option<String>,
    pub level: u8,
    pub anchor: String,
    /// Mandated part id on top-level sections; null below and where no
    /// rule matched.
    pub part: Option<&'static str>,
    /// Which rule decided (`heading`, `content`, `none`); top level only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_rule: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_reason: Option<String>,
    pub children: Vec<SectionRecord>,
}

impl From<&Report> for ReportRecord {
    fn from(r: &Report) -> Self {
        ReportRecord {
            slug: r.slug.clone(),
            title: r.meta.title.clone(),
            issuer: r.meta.issuer.clone(),
            year: r.meta.year,
            date: r.meta.date.map(|d| d.to_string()),
            printed: r.meta.printed.map(|d| d.to_string()),
            doc_number: r.meta.doc_number.clone(),
            signers: r.meta.signers.clone(),
            recipient: r.meta.recipient.clone(),
            region: r.meta.region.clone(),
            source_url: r.meta.source_url.clone(),
            source: r.source.clone(),
            encoding: r.encoding.to_owned(),
            url: report_url(&r.slug),
            char_count: r.char_count(),
            paragraph_count: r.paragraphs().len(),
            parts: MandatedPart::ALL
                .iter()
                .map(|&part| PartPresence {
                    part: part.id(),
                    label: part.label(),
                    anchor: r
                        .sections
                        .iter()
                        .find(|s| s.part.as_ref().and_then(|m| m.part) == Some(part))
                        .map(|s| s.anchor.clone()),
                })
                .collect(),
            sections: r.sections.iter().map(SectionRecord::from).collect(),
        }
    }
}

impl From<&Section> for SectionRecord {
    fn from(s: &Section) -> Self {
        SectionRecord {
            heading: s.heading.clone(),
            marker: s.marker.clone(),
            level: s.level,
            anchor: s.anchor.clone(),
            part: s.part.as_ref().and_then(|m| m.part).map(MandatedPart::id),
            part_rule: s.part.as_ref().map(|m| m.rule),
            part_reason: s.part.as_ref().map(|m| m.reason.clone()),
            children: s.children.iter().map(SectionRecord::from).collect(),
        }
    }
}

/// `data/reports/<slug>.json`: the record plus the full text in structure.
#[derive(Serialize)]
struct ReportDetail<'a> {
    #[serde(flatten)]
    record: &'a ReportRecord,
    preamble: &'a [Paragraph],
    body: Vec<SectionText<'a>>,
}

#[derive(Serialize)]
struct SectionText<'a> {
    anchor: &'a str,
    heading: &'a str,
    paragraphs: &'a [Paragraph],
    children: Vec<SectionText<'a>>,
}

impl<'a> ReportDetail<'a> {
    fn new(report: &'a Report, record: &'a ReportRecord) -> Self {
        ReportDetail {
            record,
            preamble: &report.preamble,
            body: report.sections.iter().map(SectionText::new).collect(),
        }
    }
}

impl<'a> SectionText<'a> {
    fn new(s: &'a Section) -> Self {
        SectionText {
            anchor: &s.anchor,
            heading: &s.heading,
            paragraphs: &s.paragraphs,
            children: s.children.iter().map(SectionText::new).collect(),
        }
    }
}

/// The mandated parts as table columns.
#[derive(Serialize)]
struct PartColumn {
    id: &'static str,
    label: &'static str,
}

fn part_columns() -> Vec<PartColumn> {
    MandatedPart::ALL
        .iter()
        .map(|p| PartColumn {
            id: p.id(),
            label: p.label(),
        })
        .collect()
}

/// What `report.html` receives as `report` (with `site`, `root`, `path`).
#[derive(Serialize)]
struct ReportView<'a> {
    record: &'a ReportRecord,
    format: &'static str,
    preamble: Vec<ParagraphView>,
    sections: Vec<SectionView>,
    source_href: String,
    json_href: String,
    /// `source_url` when it is a web address; never a `javascript:` or
    /// other scheme that would run or open something else.
    source_link: Option<String>,
}

impl<'a> ReportView<'a> {
    fn new(report: &Report, record: &'a ReportRecord) -> Self {
        ReportView {
            record,
            format: match report.format {
                crate::model::SourceFormat::Text => "text",
                crate::model::SourceFormat::Markdown => "markdown",
            },
            preamble: report.preamble.iter().map(ParagraphView::from).collect(),
            sections: report.sections.iter().map(SectionView::from).collect(),
            source_href: format!("../sources/{}.txt", report.slug),
            json_href: format!("../data/reports/{}.json", report.slug),
            source_link: report.meta.source_url.clone().filter(|u| is_web_url(u)),
        }
    }
}

#[derive(Serialize)]
struct SectionView {
    anchor: String,
    heading: String,
    marker: Option<String>,
    /// `h2` … `h6`.
    tag: String,
    part: Option<PartBadge>,
    /// Rule and reason, also when no part was found.
    part_reason: Option<String>,
    paragraphs: Vec<ParagraphView>,
    children: Vec<SectionView>,
}

#[derive(Serialize)]
struct PartBadge {
    id: &'static str,
    label: &'static str,
}

impl From<&Section> for SectionView {
    fn from(s: &Section) -> Self {
        SectionView {
            anchor: s.anchor.clone(),
            heading: s.heading.clone(),
            marker: s.marker.clone(),
            tag: format!("h{}", (s.level + 1).min(6)),
            part: s.part.as_ref().and_then(|m| m.part).map(|p| PartBadge {
                id: p.id(),
                label: p.label(),
            }),
            part_reason: s.part.as_ref().map(|m| m.reason.clone()),
            paragraphs: s.paragraphs.iter().map(ParagraphView::from).collect(),
            children: s.children.iter().map(SectionView::from).collect(),
        }
    }
}

/// A paragraph cut into runs so that the template can mark enumerations
/// and leads without any HTML being built outside the template.
#[derive(Serialize)]
struct ParagraphView {
    anchor: String,
    runs: Vec<Run>,
}

#[derive(Serialize)]
struct Run {
    /// `text`, `enum` (an inline enumeration marker) or `lead`.
    kind: &'static str,
    text: String,
}

impl From<&Paragraph> for ParagraphView {
    fn from(p: &Paragraph) -> Self {
        ParagraphView {
            anchor: p.anchor.clone(),
            runs: runs_of(p),
        }
    }
}

/// Cuts a paragraph at its lead and enumeration markers.
fn runs_of(p: &Paragraph) -> Vec<Run> {
    let mut cuts: Vec<(usize, usize, &'static str)> = Vec::new();
    if let Some(len) = p.lead_len.filter(|&l| p.text.is_char_boundary(l)) {
        cuts.push((0, len, "lead"));
    }
    for e in &p.enumeration {
        let end = e.offset + e.marker.len();
        let inside_lead = cuts
            .first()
            .is_some_and(|c| c.2 == "lead" && e.offset < c.1);
        if !inside_lead
            && p.text.is_char_boundary(e.offset)
            && p.text.is_char_boundary(end.min(p.text.len()))
        {
            cuts.push((e.offset, end.min(p.text.len()), "enum"));
        }
    }
    let mut runs = Vec::new();
    let mut at = 0;
    for (start, end, kind) in cuts {
        if start > at {
            runs.push(Run {
                kind: "text",
                text: p.text[at..start].to_owned(),
            });
        }
        runs.push(Run {
            kind,
            text: p.text[start..end].to_owned(),
        });
        at = end;
    }
    if at < p.text.len() {
        runs.push(Run {
            kind: "text",
            text: p.text[at..].to_owned(),
        });
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EnumerationMarker;

    #[test]
    fn runs_cut_at_lead_and_markers() {
        let text = "组织保障。一是甲；二是乙。".to_owned();
        let p = Paragraph {
            anchor: "p1".into(),
            lead_len: Some("组织保障。".len()),
            enumeration: vec![
                EnumerationMarker {
                    offset: text.find("一是").unwrap(),
                    marker: "一是".into(),
                },
                EnumerationMarker {
                    offset: text.find("二是").unwrap(),
                    marker: "二是".into(),
                },
            ],
            text,
            line: 1,
        };
        let runs: Vec<_> = runs_of(&p).into_iter().map(|r| (r.kind, r.text)).collect();
        assert_eq!(
            runs,
            [
                ("lead", "组织保障。".to_owned()),
                ("enum", "一是".to_owned()),
                ("text", "甲；".to_owned()),
                ("enum", "二是".to_owned()),
                ("text", "乙。".to_owned())
            ]
        );
    }
}
