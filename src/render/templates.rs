//! The templates and static files built into the binary, each replaced by
//! the site's own file of the same name, and tera loaded with them.

use super::escape::escape_html;
use super::minify;
use crate::config::Overrides;
use crate::error::Error;
use crate::model::Page;
use std::collections::BTreeMap;
use tera::Tera;

/// `(name, contents)` pairs of files compiled into the binary.
macro_rules! embedded {
    ($include:ident, $dir:literal, $($name:literal),+ $(,)?) => {
        [$(($name, $include!(concat!($dir, $name)))),+]
    };
}

/// The templates, built into the binary. Each page module documents the
/// variables its template receives; every template also receives `site`
/// ([`SiteInfo`]), `root` (the relative path to the site root, `""` or
/// `"../"`) and `path` (the page's own path).
const TEMPLATES: &[(&str, &str)] = &embedded!(
    include_str,
    "../../templates/",
    "base.html",
    "macros_lists.html",
    "listed_report.html",
    "index.html",
    "reports.html",
    "chart_bars.html",
    "chart_lines.html",
    "trends.html",
    "table_view.html",
    "table_cell.html",
    "report.html",
    "report_section.html",
    "report_toc.html",
    "report_paragraphs.html",
    "plan_items.html",
    "citations/index.html",
    "citations/document.html",
    "topics/index.html",
    "topics/topic.html",
    "regions/index.html",
    "regions/province.html",
    "years/index.html",
    "list.html",
    "issuers/index.html",
    "issuers/issuer.html",
    "compare/nav.html",
    "compare/matrix.html",
    "compare/structure.html",
    "compare/part.html",
    "compare/reports.html",
    "compare/figures.html",
    "compare/topics.html",
    "404.html",
    "search.html",
    "feed.xml",
    "sitemap.xml",
);

/// Static files copied to `static/` as they are.
const STATIC_FILES: &[(&str, &[u8])] = &embedded!(
    include_bytes,
    "../../",
    "static/style.css",
    "static/favicon.svg",
    "static/table.js",
    "static/report.js",
    "static/compare.js",
    "static/search-core.js",
    "static/search.js",
    "static/search-worker.js",
);

/// The built-in templates as (name, text): the names a site's own
/// `templates/` may replace.
pub fn builtin_templates() -> impl Iterator<Item = (&'static str, &'static str)> {
    TEMPLATES.iter().copied()
}

/// The static files of the site: the built-in ones, each replaced by the
/// site's own file of the same path, then the site's other files.
pub(super) fn static_files(overrides: &Overrides) -> Vec<Page> {
    let mut files: BTreeMap<&str, &[u8]> = STATIC_FILES.iter().copied().collect();
    for (path, bytes) in &overrides.static_files {
        files.insert(path, bytes);
    }
    files
        .into_iter()
        .map(|(path, bytes)| Page::new(path.to_owned(), bytes.to_vec()))
        .collect()
}

/// The built-in templates, each replaced by the site's own template of the
/// same name, as (name, text) in name order.
pub(super) fn templates(overrides: &Overrides) -> BTreeMap<&str, &str> {
    let mut templates: BTreeMap<&str, &str> = TEMPLATES.iter().copied().collect();
    for (name, text) in &overrides.templates {
        templates.insert(name, text);
    }
    templates
}

/// tera with `templates` loaded, minified ([`minify::template`]).
/// Templates that do not load once minified are loaded as written: either
/// they work so, or the error points at the lines the site's author wrote.
pub(super) fn load(templates: &BTreeMap<&str, &str>) -> Result<Tera, Error> {
    let load = |minified: bool| {
        let mut tera = Tera::default();
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(templates.iter().map(|(&name, &text)| match minified {
            true => (name, minify::template(name, text)),
            false => (name, text.into()),
        }))
        .map(|()| tera)
    };
    load(true)
        .or_else(|_| load(false))
        .map_err(|e| Error::Templates {
            cause: error_chain(&e),
        })
}

/// An error with its chain of causes, as one line.
pub(super) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}
