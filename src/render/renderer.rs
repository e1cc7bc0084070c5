//! The one engine that renders every page. A page family describes each
//! page it makes ([`PageDescription`]: path, template, variables) and
//! gives it to [`Renderer::page`]; the renderer decides whether the page
//! changed since the last build, renders it and passes it to the sink.
//! Files no template draws (data files, static files) go through
//! [`Renderer::file`].

use super::escape::escape_html;
use super::templates::{self, error_chain};
use crate::config::SiteInfo;
use crate::error::Error;
use crate::memo::{self, Memo};
use crate::model::{Page, PageSink};
use regex::Regex;
use serde::Serialize;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};
use tera::{Context, Tera};

/// A page as its family describes it: where it goes, the template that
/// draws it, and the template's variables, a struct per template. Every
/// template also receives `site` ([`SiteInfo`]), `root` (the relative path
/// from the page to the site root) and `path` (the page's own path).
pub struct PageDescription<V> {
    path: String,
    template: &'static str,
    root: String,
    variables: V,
}

impl<V: Serialize> PageDescription<V> {
    /// `template` drawing `variables` at `path` (from the site root), whose
    /// `root` is `../` for each folder the path goes down.
    pub fn new(path: impl Into<String>, template: &'static str, variables: V) -> Self {
        let path = path.into();
        PageDescription {
            root: "../".repeat(path.matches('/').count()),
            path,
            template,
            variables,
        }
    }

    /// The same page with `root` in place of the relative path to the site
    /// root: for a page served from any folder (`404.html`), the site's
    /// base URL.
    pub fn with_root(self, root: &str) -> Self {
        PageDescription {
            root: root.to_owned(),
            ..self
        }
    }
}

/// The templates, what every page knows about the site, the memo of the
/// last build, and where pages go.
pub struct Renderer<'a> {
    tera: Tera,
    site: SiteInfo,
    /// Fingerprint of every template's name and text, and of the site's
    /// settings: what every page depends on.
    templates: u64,
    memo: Option<&'a Memo>,
    sink: &'a dyn PageSink,
    /// The path of every file given so far, for the sitemap.
    paths: Mutex<Vec<String>>,
    /// Time spent with each template, by name.
    times: Mutex<BTreeMap<String, TemplateTime>>,
}

/// The time a build spent rendering with one template: how many pages,
/// converting their variables for tera, and rendering them. Summed over
/// threads; for `build --timings`, which lists where the render stage
/// went, a site's own templates included (as Hugo's `--templateMetrics`
/// does).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct TemplateTime {
    /// Pages rendered with the template.
    pub renders: usize,
    /// Time spent converting their variables into tera's context.
    pub variables: Duration,
    /// Time spent rendering them.
    pub rendering: Duration,
}

impl TemplateTime {
    /// Variables and rendering together.
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

impl<'a> Renderer<'a> {
    /// A renderer of the built-in templates, each replaced by the site's
    /// own template of the same name (`site.overrides`), giving its pages
    /// to `sink`. With a `memo` (an incremental rebuild), a page whose
    /// variables are the last build's is given as [`Page::unchanged`].
    pub fn new(
        site: &SiteInfo,
        memo: Option<&'a Memo>,
        sink: &'a dyn PageSink,
    ) -> Result<Renderer<'a>, Error> {
        let templates = templates::templates(&site.overrides);
        let mut hasher = DefaultHasher::new();
        templates.hash(&mut hasher);
        memo::hash_json(&mut hasher, site);
        Ok(Renderer {
            tera: templates::load(&templates)?,
            site: site.clone(),
            templates: hasher.finish(),
            memo,
            sink,
            paths: Mutex::default(),
            times: Mutex::default(),
        })
    }

    /// Renders `page` and gives it to the sink, unless the last build made
    /// it from the same template and variables: its fingerprint is made
    /// from the variables themselves, so whatever a page shows is keyed.
    pub fn page<V: Serialize>(&self, page: PageDescription<V>) -> Result<(), Error> {
        let variables = Variables {
            site: &self.site,
            root: &page.root,
            path: &page.path,
            page: &page.variables,
        };
        if let Some(memo) = self.memo {
            let mut hasher = DefaultHasher::new();
            (self.templates, page.template).hash(&mut hasher);
            memo::hash_json(&mut hasher, &variables);
            if memo.unchanged(&page.path, hasher.finish()) {
                return self.file(Page::unchanged(page.path));
            }
        }
        let text = self.render(page.template, &page.path, &variables)?;
        let text = match page.path.ends_with(".html") {
            true => open_graph(text, &self.site, &page.path),
            false => text,
        };
        self.file(Page::new(page.path, text))
    }

    /// Gives the sink a file no template draws (a data file, a static
    /// file).
    pub fn file(&self, page: Page) -> Result<(), Error> {
        (self.paths.lock().expect("no panic holds it")).push(page.path.clone());
        self.sink.page(page)
    }

    /// The paths of the files given so far, in no particular order.
    pub fn paths(&self) -> Vec<String> {
        self.paths.lock().expect("no panic holds it").clone()
    }

    /// Renders `template` at `path`. The page comes as bytes, as tera
    /// writes them: they are UTF-8, and a page made a `String` would be
    /// checked to be, a pass over every byte of the site.
    fn render(
        &self,
        template: &str,
        path: &str,
        variables: &impl Serialize,
    ) -> Result<Vec<u8>, Error> {
        let started = Instant::now();
        let ctx = Context::from_serialize(variables).map_err(|e| template_error(path, &e))?;
        let made = Instant::now();
        let mut text = Vec::new();
        self.tera
            .render_to(template, &ctx, &mut text)
            .map_err(|e| template_error(path, &e))?;
        self.timed(template, started, made);
        Ok(text)
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
}

/// What a template receives: what every page knows, and the page's own
/// variables beside them.
#[derive(Serialize)]
struct Variables<'v, V> {
    site: &'v SiteInfo,
    root: &'v str,
    path: &'v str,
    #[serde(flatten)]
    page: &'v V,
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

/// The error of rendering `page`, with tera's chain of causes.
fn template_error(page: &str, e: &tera::Error) -> Error {
    Error::Template {
        page: page.to_owned(),
        cause: error_chain(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_page_is_given_unchanged_exactly_when_its_variables_are() {
        #[derive(Serialize)]
        struct Vars {
            count: usize,
        }
        let memo = Memo::default();
        let made = Mutex::new(Vec::new());
        let sink = |page: Page| {
            made.lock().unwrap().push((page.path, page.unchanged));
            Ok(())
        };
        let mut memo = memo;
        for (count, unchanged) in [(1, false), (1, true), (2, false)] {
            let renderer = Renderer::new(&SiteInfo::default(), Some(&memo), &sink).unwrap();
            let page = PageDescription::new("a/b.html", "404.html", Vars { count });
            renderer.page(page).unwrap();
            drop(renderer);
            memo.commit();
            let (path, kept) = made.lock().unwrap().pop().unwrap();
            assert_eq!((path.as_str(), kept), ("a/b.html", unchanged), "{count}");
        }
    }
}
