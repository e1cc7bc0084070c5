//! Render: turn the analysed reports into the files of the site.
//!
//! Owns: the templates (tera), the views they receive, the JSON exports,
//! minification, and every URL of the site. Must not parse or analyse text,
//! nor touch the file system (that is [`crate::write`]).

mod archive;
pub mod browse;
pub mod charts;
pub mod citations;
pub mod compare;
pub mod data;
mod escape;
pub mod extras;
pub mod home;
pub mod links;
pub mod matrices;
mod minify;
pub mod paging;
pub mod report;
pub mod search;
pub mod table;

pub use crate::config::{Overrides, SiteInfo};
pub use archive::{Archive, Link};
pub use data::ReportRecord;
use escape::{escape_html, is_web_url};

use crate::analyse::topics::Taxonomy;
use crate::analyse::Corpus;
use crate::error::Error;
use crate::memo::{self, Memo};
use crate::model::{Page, PageSink, Report};
use rayon::prelude::*;
use regex::Regex;
use serde::Serialize;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};
use tera::{Context, Tera};

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
    "table_view.html",
    "table_cell.html",
    "report.html",
    "report_section.html",
    "report_toc.html",
    "report_paragraphs.html",
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
fn static_files(overrides: &Overrides) -> Vec<Page> {
    let mut files: BTreeMap<&str, &[u8]> = STATIC_FILES.iter().copied().collect();
    for (path, bytes) in &overrides.static_files {
        files.insert(path, bytes);
    }
    files
        .into_iter()
        .map(|(path, bytes)| Page::new(path.to_owned(), bytes.to_vec()))
        .collect()
}

/// Renders the whole site (pages, data files, static files) into `sink`,
/// each page as soon as it is rendered. Reports must be in their final
/// order with unique slugs, analysed, with `corpus` made from them;
/// `search_shards` is the shard count of the search index.
/// With a `memo` (an incremental rebuild), pages whose inputs are those of
/// the last build are passed to `sink` as [`Page::unchanged`]. Returns the
/// time spent with each template, the longest first.
pub fn render_site(
    site: &SiteInfo,
    taxonomy: &Taxonomy,
    reports: &[Report],
    corpus: &Corpus,
    search_shards: u32,
    memo: Option<&Memo>,
    sink: &dyn PageSink,
) -> Result<Vec<(String, TemplateTime)>, Error> {
    let renderer = Renderer::new(site)?.with_memo(memo);
    let archive = Archive::new(reports, corpus, taxonomy, memo.is_some());
    // Every path, for the sitemap (sorted there, so thread order is moot).
    let paths = Mutex::new(Vec::new());
    let put = |page: Page| {
        (paths.lock().expect("no panic holds it")).push(page.path.clone());
        sink.page(page)
    };
    let emit = |pages: Vec<Page>| pages.into_iter().try_for_each(&put);
    let (renderer, archive) = (&renderer, &archive);
    side_by_side(vec![
        Box::new(|| home::pages(renderer, archive, site.deadline, &put)),
        // Report pages are the bulk of the work (templates and
        // minification) and independent of each other: in parallel.
        Box::new(|| {
            (0..reports.len())
                .into_par_iter()
                .try_for_each(|i| put(report::page(renderer, archive, i)?))
        }),
        Box::new(|| citations::pages(renderer, archive, &put)),
        Box::new(|| browse::pages(renderer, archive, &put)),
        Box::new(|| compare::pages(renderer, archive, site.deadline, &put)),
        Box::new(|| data::pages(archive, memo, &put)),
        Box::new(|| put(search::page(renderer, search_shards)?)),
    ])?;
    let seen = std::mem::take(&mut *paths.lock().expect("no panic holds it"));
    emit(extras::pages(renderer, site, archive, &seen)?)?;
    emit(static_files(&site.overrides))?;
    Ok(renderer.template_times())
}

/// Work that makes some pages and hands them to a sink.
pub type Job<'a> = Box<dyn FnOnce() -> Result<(), Error> + Send + 'a>;

/// Runs jobs side by side (each may be parallel inside too): a job of a
/// few pages (a table, the home page) then overlaps the others instead of
/// leaving a core idle. Returns an error of a failed job.
pub fn side_by_side(jobs: Vec<Job<'_>>) -> Result<(), Error> {
    jobs.into_par_iter().try_for_each(|job| job())
}

/// The templates and what every page knows about the site.
pub struct Renderer<'m> {
    tera: Tera,
    site: SiteInfo,
    /// Fingerprint of every template's name and text, and of the site's
    /// settings: what every page depends on.
    templates: u64,
    memo: Option<&'m Memo>,
    /// Time spent with each template, by name.
    times: Mutex<BTreeMap<String, TemplateTime>>,
}

/// The time a build spent rendering with one template: how many times
/// (pages, or rows), making its variables (the page's `fill`, and their
/// conversion for tera) and rendering it. Summed over threads; for
/// `build --timings`, which lists where the render stage went, a site's
/// own templates included (as Hugo's `--templateMetrics` does).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct TemplateTime {
    pub renders: usize,
    pub variables: Duration,
    pub rendering: Duration,
}

impl TemplateTime {
    pub fn total(&self) -> Duration {
        self.variables + self.rendering
    }
}

impl std::ops::Add for TemplateTime {
    type Output = TemplateTime;
    fn add(self, other: TemplateTime) -> TemplateTime {
        TemplateTime {
            renders: self.renders + other.renders,
            variables: self.variables + other.variables,
            rendering: self.rendering + other.rendering,
        }
    }
}

impl<'m> Renderer<'m> {
    /// The built-in templates, each replaced by the site's own template of
    /// the same name (`site.overrides`).
    pub fn new(site: &SiteInfo) -> Result<Renderer<'m>, Error> {
        let mut templates: BTreeMap<&str, &str> = TEMPLATES.iter().copied().collect();
        for (name, text) in &site.overrides.templates {
            templates.insert(name, text);
        }
        let mut hasher = DefaultHasher::new();
        templates.hash(&mut hasher);
        memo::hash_json(&mut hasher, site);
        let load = |minified: bool| {
            let mut tera = Tera::default();
            tera.set_escape_fn(escape_html);
            tera.add_raw_templates(templates.iter().map(|(&name, &text)| match minified {
                true => (name, minify::template(name, text)),
                false => (name, text.into()),
            }))
            .map(|()| tera)
        };
        // Templates that do not load once minified are loaded as written:
        // either they work so, or the error points at the lines the site's
        // author wrote.
        let tera = load(true)
            .or_else(|_| load(false))
            .map_err(|e| Error::Templates {
                cause: error_chain(&e),
            })?;
        Ok(Renderer {
            tera,
            site: site.clone(),
            templates: hasher.finish(),
            memo: None,
            times: Mutex::default(),
        })
    }

    /// Time spent with each template so far, the longest first.
    pub fn template_times(&self) -> Vec<(String, TemplateTime)> {
        let times = self.times.lock().unwrap_or_else(|e| e.into_inner());
        let mut times: Vec<(String, TemplateTime)> =
            times.iter().map(|(name, t)| (name.clone(), *t)).collect();
        times.sort_by(|a, b| b.1.total().cmp(&a.1.total()).then_with(|| a.0.cmp(&b.0)));
        times
    }

    /// Adds one render of `template`, started at `started`, its variables
    /// made at `made`.
    fn timed(&self, template: &str, started: Instant, made: Instant) {
        let rendered = Instant::now();
        let this = TemplateTime {
            renders: 1,
            variables: made - started,
            rendering: rendered - made,
        };
        let mut times = self.times.lock().unwrap_or_else(|e| e.into_inner());
        // The name is copied only the first time it is seen.
        match times.get_mut(template) {
            Some(time) => *time = *time + this,
            None => {
                times.insert(template.to_owned(), this);
            }
        }
    }

    /// The memo of an incremental rebuild, if this is one.
    pub fn memo(&self) -> Option<&'m Memo> {
        self.memo
    }

    /// Skips the pages `memo` says are unchanged, and records the others.
    pub fn with_memo(self, memo: Option<&'m Memo>) -> Renderer<'m> {
        Renderer { memo, ..self }
    }

    /// Renders a template that is not HTML (XML feeds) as it is. `fill`
    /// gives the template's variables; with a memo it is called twice
    /// when the page changed: once to fingerprint them, once to render.
    pub fn raw(&self, template: &str, path: &str, fill: impl Fn(&mut Vars)) -> Result<Page, Error> {
        let text = self.render(template, path, None, fill)?;
        Ok(text.map_or_else(
            || Page::unchanged(path.to_owned()),
            |text| Page::new(path.to_owned(), text),
        ))
    }

    /// Renders `template` at `path`, unless the memo has the page with the
    /// same inputs (then `None`): the templates and the site's settings,
    /// the template, and `inputs` if given, else every variable `fill`
    /// gives. The page comes as bytes, as tera writes them: they are
    /// UTF-8, and a page made a `String` would be checked to be, a pass
    /// over every byte of the site.
    fn render(
        &self,
        template: &str,
        path: &str,
        inputs: Option<u64>,
        fill: impl Fn(&mut Vars),
    ) -> Result<Option<Vec<u8>>, Error> {
        let fill = |vars: &mut Vars| {
            vars.insert("site", &self.site);
            fill(vars);
        };
        if let Some(memo) = self.memo {
            let mut hasher = DefaultHasher::new();
            match inputs {
                // As `keyed_unchanged`.
                Some(inputs) => (self.templates, template, inputs).hash(&mut hasher),
                None => {
                    (self.templates, template).hash(&mut hasher);
                    fill(&mut Vars::Fingerprint(&mut hasher));
                }
            }
            if memo.unchanged(path, hasher.finish()) {
                return Ok(None);
            }
        }
        let started = Instant::now();
        let mut ctx = Context::new();
        fill(&mut Vars::Context(&mut ctx));
        let made = Instant::now();
        let mut text = Vec::new();
        self.tera
            .render_to(template, &ctx, &mut text)
            .map_err(|e| template_error(path, &e))?;
        self.timed(template, started, made);
        Ok(Some(text))
    }

    /// Renders one template into a minified page at `path`; `root` is the
    /// relative path from the page to the site root (`""` or `"../"`).
    pub fn html(
        &self,
        template: &str,
        path: &str,
        root: &str,
        fill: impl Fn(&mut Vars),
    ) -> Result<Page, Error> {
        self.html_page(template, path, root, (None, None), fill)
    }

    /// Whether the page at `path`, from `template` and `inputs`, is the
    /// last build's, as [`Renderer::html_keyed`] will find: then what only
    /// its variables need is not made.
    pub fn keyed_unchanged(&self, template: &str, path: &str, inputs: u64) -> bool {
        let mut hasher = DefaultHasher::new();
        (self.templates, template, inputs).hash(&mut hasher);
        self.memo
            .is_some_and(|memo| memo.unchanged(path, hasher.finish()))
    }

    /// [`Renderer::html`] for a page whose inputs have a fingerprint far
    /// cheaper to compute than its variables' (a report page: its report's
    /// fingerprint and what the archive adds to it). With a memo, an
    /// unchanged `inputs` means an unchanged page, and `fill` is not called.
    pub fn html_keyed(
        &self,
        template: &str,
        path: &str,
        root: &str,
        inputs: u64,
        fill: impl Fn(&mut Vars),
    ) -> Result<Page, Error> {
        self.html_page(template, path, root, (Some(inputs), None), fill)
    }

    /// [`Renderer::html`] (or, with `inputs`, [`Renderer::html_keyed`])
    /// for a page that prints `rows.1`, rows [`Renderer::rows`] made, as
    /// its variable `rows.0` (`{{ rows | safe }}`). Rule "splice the
    /// rows": they are put in the rendered page, not given to tera, which
    /// would copy them into its context and write them out again, the page
    /// growing as it goes: the template prints [`ROWS_MARK`] in their place.
    pub fn html_with_rows(
        &self,
        (template, path, root): (&str, &str, &str),
        inputs: Option<u64>,
        rows: (&str, &str),
        fill: impl Fn(&mut Vars),
    ) -> Result<Page, Error> {
        self.html_page(template, path, root, (inputs, Some(rows)), fill)
    }

    /// The rows of a long list (a topic's or a cited document's reports):
    /// `template` rendered once per row, with `row(i)` as its one variable `row`, joined in
    /// order ([`memo::joined`]: in parallel, and in an incremental rebuild
    /// taken from the last build where the row's `key(i)` is unchanged;
    /// `key` must cover all that `row(i)` shows). The page's template
    /// prints them with `| safe`: they are a template's (escaped) output,
    /// never text from a report.
    pub fn rows<R: Serialize>(
        &self,
        template: &str,
        count: usize,
        key: impl Fn(usize) -> u64 + Sync,
        row: impl Fn(usize) -> R + Sync,
    ) -> Result<String, Error> {
        let key = |i| self.row_key(template, key(i));
        memo::joined(String::new(), self.memo, count, key, |i| {
            self.row(template, &row(i))
        })
    }

    /// One row: `template` rendered with `row` as its one variable.
    fn row<R: Serialize>(&self, template: &str, row: &R) -> Result<String, Error> {
        let started = Instant::now();
        let mut ctx = Context::new();
        ctx.insert("row", row);
        let made = Instant::now();
        let text = self
            .tera
            .render(template, &ctx)
            .map_err(|e| template_error(template, &e))?;
        self.timed(template, started, made);
        Ok(text)
    }

    /// Keeps for the next build the rows [`Renderer::rows`] would take
    /// from the memo, without making any: for a page found unchanged.
    pub fn keep_rows(&self, template: &str, count: usize, key: impl Fn(usize) -> u64) {
        if let Some(memo) = self.memo {
            (0..count).for_each(|i| memo.keep(self.row_key(template, key(i))));
        }
    }

    fn row_key(&self, template: &str, key: u64) -> u64 {
        memo::fingerprint((self.templates, template, key))
    }

    fn html_page(
        &self,
        template: &str,
        path: &str,
        root: &str,
        (inputs, rows): (Option<u64>, Option<(&str, &str)>),
        fill: impl Fn(&mut Vars),
    ) -> Result<Page, Error> {
        let render = |spliced: bool| {
            self.render(template, path, inputs, |vars| {
                vars.insert("root", root);
                vars.insert("path", path);
                match (rows, &mut *vars) {
                    (Some((key, _)), Vars::Context(ctx)) if spliced => ctx.insert(key, ROWS_MARK),
                    (Some((key, text)), vars) => vars.insert(key, text),
                    (None, _) => {}
                }
                fill(vars);
            })
        };
        let Some(html) = render(rows.is_some())? else {
            return Ok(Page::unchanged(path.to_owned()));
        };
        let html = match rows {
            None => html,
            Some((_, text)) => match splice_rows(&html, text) {
                Some(html) => html,
                // The mark came out of another variable too: the rows go
                // through the context after all.
                None => render(false)?.unwrap_or_default(),
            },
        };
        let html = open_graph(html, &self.site, path);
        Ok(Page::new(path.to_owned(), html))
    }
}

/// What a page made by [`Renderer::html_with_rows`] holds where its rows
/// go until they are spliced in. Report text never holds a NUL (the
/// parser drops control characters); should the mark come out of a
/// variable anyway, it is found twice and the page is rendered with the
/// rows in its context.
const ROWS_MARK: &str = "\u{0}baogao:rows\u{0}";

/// `html` with `rows` in place of its one [`ROWS_MARK`]; `None` if the mark
/// is not there exactly once.
fn splice_rows(html: &[u8], rows: &str) -> Option<Vec<u8>> {
    let at = mark_at(html)?;
    let mut spliced = Vec::with_capacity(html.len() - ROWS_MARK.len() + rows.len());
    spliced.extend_from_slice(&html[..at]);
    spliced.extend_from_slice(rows.as_bytes());
    spliced.extend_from_slice(&html[at + ROWS_MARK.len()..]);
    Some(spliced)
}

/// Where `html`'s one [`ROWS_MARK`] is; `None` if it is not there exactly
/// once.
fn mark_at(html: &[u8]) -> Option<usize> {
    let mark = ROWS_MARK.as_bytes();
    let mut found = (html.windows(mark.len()).enumerate())
        .filter(|(_, w)| *w == mark)
        .map(|(at, _)| at);
    match (found.next(), found.next()) {
        (Some(at), None) => Some(at),
        _ => None,
    }
}

/// The variables a template receives, as a page's code gives them: into
/// the template's context, or into a fingerprint of them (serialised
/// straight into a hasher, without building the context) that tells an
/// incremental rebuild whether the page changed.
pub enum Vars<'a> {
    Context(&'a mut Context),
    Fingerprint(&'a mut DefaultHasher),
}

impl Vars<'_> {
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        match self {
            Vars::Context(ctx) => ctx.insert(key, value),
            Vars::Fingerprint(hasher) => {
                key.hash(hasher);
                memo::hash_json(hasher, value);
            }
        }
    }
}

/// Adds Open Graph tags (title, description, type, site name, locale, and
/// the page's absolute URL when the site has a base URL) after the page's
/// meta description, from its `<title>` and description: what link
/// previews in chat apps and social sites show. A template without a
/// `<title>` or description gets none. Only the page's head is read as
/// text.
fn open_graph(mut html: Vec<u8>, site: &SiteInfo, path: &str) -> Vec<u8> {
    let body = html.windows(5).position(|w| w == b"<body");
    let Ok(head) = std::str::from_utf8(&html[..body.unwrap_or(html.len())]) else {
        return html;
    };
    let title = head
        .find("<title>")
        .map(|i| i + "<title>".len())
        .and_then(|from| Some(from..from + head[from..].find("</title>")?));
    let (Some(title), Some((description, at))) = (title, meta_description(head)) else {
        return html;
    };
    // Already escaped as text by tera; `"` is escaped again for the
    // attribute (the title's literal text comes from the template).
    let attr = |text: &str| text.trim().replace('"', "&quot;");
    let kind = if path.starts_with("reports/") {
        "article"
    } else {
        "website"
    };
    let mut tags = format!(
        "<meta property=\"og:type\" content=\"{kind}\"><meta property=\"og:title\" content=\"{}\"><meta property=\"og:description\" content=\"{}\"><meta property=\"og:site_name\" content=\"{}\"><meta property=\"og:locale\" content=\"{}\">",
        attr(&head[title]),
        attr(description),
        escape_html(&site.title),
        escape_html(&site.language.replace('-', "_")),
    );
    if let Some(base) = &site.base_url {
        tags.push_str(&format!(
            "<meta property=\"og:url\" content=\"{}\">",
            escape_html(&format!("{base}{path}"))
        ));
    }
    // In place: the page is not copied, only its body moved along.
    html.splice(at..at, tags.into_bytes());
    html
}

/// The `content` of the page's `<meta name="description">`, as written,
/// and where that tag ends. Its attributes may come in any order and be
/// quoted or not (a minified template writes `content="…" name=description`).
/// The word boundaries are ASCII (`(?-u:\b)`): attribute names are, and a
/// Unicode boundary keeps the regex engine off its fast automaton (it
/// would run a backtracker over every page's head).
fn meta_description(html: &str) -> Option<(&str, usize)> {
    static META: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"<meta\s[^>]*?(?-u:\b)name=(?:"description"|'description'|description)(?:[\s/][^>]*)?>"#,
        )
        .expect("valid pattern")
    });
    static CONTENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?-u:\b)content=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#).expect("valid pattern")
    });
    let head = &html[..html.find("<body").unwrap_or(html.len())];
    let tag = META.find(head)?;
    let value = CONTENT.captures(tag.as_str())?;
    let value = value.get(1).or(value.get(2)).or(value.get(3))?;
    Some((value.as_str(), tag.end()))
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

/// The error of rendering `page`, with tera's chain of causes.
fn template_error(page: &str, e: &tera::Error) -> Error {
    Error::Template {
        page: page.to_owned(),
        cause: error_chain(e),
    }
}

fn json_page<T: Serialize + ?Sized>(path: &str, value: &T) -> Result<Page, Error> {
    let mut bytes = serde_json::to_vec(value).map_err(|e| Error::data(path, e))?;
    bytes.push(b'\n');
    Ok(Page::new(path.to_owned(), bytes))
}

/// The URL of a report page, relative to the site root.
pub fn report_url(slug: &str) -> String {
    format!("reports/{slug}.html")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn rows_are_spliced_where_the_template_prints_them_and_a_mark_elsewhere_stays() {
        let rows = "<tr><td>甲 &amp; 乙</td></tr>";
        let template = "<!DOCTYPE html><html lang=zh-CN><head><title>{{ site.title }}</title></head><body><table>{{ rows | safe }}</table><p>{{ count }}</p></body></html>";
        let with_template = |site: &SiteInfo| SiteInfo {
            overrides: Arc::new(Overrides {
                templates: vec![("t.html".into(), template.into())],
                static_files: Vec::new(),
            }),
            ..site.clone()
        };
        let page = |site: &SiteInfo, spliced: bool| {
            let site = with_template(site);
            let renderer = Renderer::new(&site).unwrap();
            let fill = |ctx: &mut Vars| ctx.insert("count", &1);
            let page = match spliced {
                true => {
                    renderer.html_with_rows(("t.html", "t.html", ""), None, ("rows", rows), fill)
                }
                false => renderer.html("t.html", "t.html", "", |ctx| {
                    ctx.insert("rows", rows);
                    fill(ctx);
                }),
            };
            String::from_utf8(page.unwrap().bytes).unwrap()
        };
        let site = SiteInfo::default();
        assert_eq!(page(&site, true), page(&site, false));
        assert_eq!(page(&site, true).matches(rows).count(), 1);
        assert!(!page(&site, true).contains(ROWS_MARK));
        // A variable holding the mark: rendered with the rows in the context.
        let marked = SiteInfo {
            title: format!("站{ROWS_MARK}"),
            ..SiteInfo::default()
        };
        assert_eq!(page(&marked, true), page(&marked, false));
        assert_eq!(page(&marked, true).matches(rows).count(), 1);
    }

    #[test]
    fn the_meta_description_is_found_in_any_attribute_order_and_quoting() {
        for (html, content) in [
            ("<meta content=\"甲 乙\" name=description><link>", "甲 乙"),
            ("<meta name=\"description\" content=\"甲\">", "甲"),
            ("<meta name='description' content='甲'/>", "甲"),
            ("<meta content=甲 name=description>", "甲"),
            ("<meta name=description xcontent=乙 content=甲>", "甲"),
        ] {
            let (found, end) = meta_description(html).expect(html);
            assert_eq!(found, content, "{html}");
            assert_eq!(&html[end - 1..end], ">", "{html}");
            assert!(!html[..end].contains("<link"), "{html}");
        }
    }

    #[test]
    fn no_description_outside_the_head_or_under_another_name() {
        for html in [
            "<meta name=descriptions content=x>",
            "<meta xname=description content=x>",
            "<meta name=keywords content=x><meta content=y>",
            "<body><meta name=description content=x>",
        ] {
            assert_eq!(meta_description(html), None, "{html}");
        }
    }
}
