//! Render: turn the analysed reports into the files of the site.
//!
//! Owns: the templates (tera), the views they receive, the JSON exports,
//! minification, and every URL of the site. Must not parse or analyse text,
//! nor touch the file system (that is [`crate::write`]).

pub mod compare;
pub mod data;
pub mod home;
pub mod report;

pub use data::ReportRecord;

use crate::analyse::compliance::DeadlineRule;
use crate::model::{Page, Report};
use serde::Serialize;
use tera::{Context, Tera};

/// The templates, built into the binary. Each page module documents the
/// variables its template receives; every template also receives `site`
/// ([`SiteInfo`]), `root` (the relative path to the site root, `""` or
/// `"../"`) and `path` (the page's own path).
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("report.html", include_str!("../../templates/report.html")),
    (
        "compare/nav.html",
        include_str!("../../templates/compare/nav.html"),
    ),
    (
        "compare/matrix.html",
        include_str!("../../templates/compare/matrix.html"),
    ),
    (
        "compare/structure.html",
        include_str!("../../templates/compare/structure.html"),
    ),
    (
        "compare/part.html",
        include_str!("../../templates/compare/part.html"),
    ),
    (
        "compare/reports.html",
        include_str!("../../templates/compare/reports.html"),
    ),
];

/// Static files copied to `static/` as they are.
const STATIC_FILES: &[(&str, &[u8])] = &[
    ("static/style.css", include_bytes!("../../static/style.css")),
    (
        "static/favicon.svg",
        include_bytes!("../../static/favicon.svg"),
    ),
    ("static/table.js", include_bytes!("../../static/table.js")),
    (
        "static/compare.js",
        include_bytes!("../../static/compare.js"),
    ),
];

/// What every page knows about the site.
#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    /// Absolute URL the site is published under, for canonical links only;
    /// every link between pages stays relative.
    pub base_url: Option<String>,
    /// When a year's report is due.
    pub deadline: DeadlineRule,
}

impl Default for SiteInfo {
    fn default() -> Self {
        SiteInfo {
            title: "法治政府建设年度报告库".to_owned(),
            base_url: None,
            deadline: DeadlineRule::default(),
        }
    }
}

/// Renders the whole site: pages, data files and static files. Reports must
/// be in their final order with unique slugs.
pub fn render_site(site: &SiteInfo, reports: &[Report]) -> Result<Vec<Page>, String> {
    let renderer = Renderer::new(site)?;
    let records: Vec<ReportRecord> = reports.iter().map(ReportRecord::from).collect();
    let mut pages = vec![home::page(&renderer, &records)?];
    for (report, record) in reports.iter().zip(&records) {
        pages.extend(report::pages(&renderer, report, record)?);
    }
    pages.extend(compare::pages(&renderer, reports, &records, site.deadline)?);
    pages.extend(data::pages(reports, &records)?);
    pages.extend(STATIC_FILES.iter().map(|(path, bytes)| Page {
        path: (*path).to_owned(),
        bytes: bytes.to_vec(),
    }));
    Ok(pages)
}

/// The templates and what every page knows about the site.
pub struct Renderer {
    tera: Tera,
    site: SiteInfo,
}

impl Renderer {
    pub fn new(site: &SiteInfo) -> Result<Renderer, String> {
        let mut tera = Tera::default();
        tera.add_raw_templates(TEMPLATES.to_vec())
            .map_err(|e| format!("template error: {}", error_chain(&e)))?;
        Ok(Renderer {
            tera,
            site: site.clone(),
        })
    }

    /// Renders one template into a minified page at `path`; `root` is the
    /// relative path from the page to the site root (`""` or `"../"`).
    pub fn html(
        &self,
        template: &str,
        path: &str,
        root: &str,
        fill: impl FnOnce(&mut Context),
    ) -> Result<Page, String> {
        let mut ctx = Context::new();
        ctx.insert("site", &self.site);
        ctx.insert("root", root);
        ctx.insert("path", path);
        fill(&mut ctx);
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| format!("rendering {path}: {}", error_chain(&e)))?;
        Ok(Page {
            path: path.to_owned(),
            bytes: minify(html.as_bytes()),
        })
    }
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

fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The URL of a report page, relative to the site root.
pub fn report_url(slug: &str) -> String {
    format!("reports/{slug}.html")
}
