//! The link check of a built site: every internal `href`, `src` and form
//! `action` of every HTML page must name a file of the site, and every
//! `#fragment` an element with that `id` (or an `<a name>`) in the page it
//! points to. External links (`https:`, `mailto:`, `//host`) are not
//! fetched.

use crate::html::{self, Attribute};
use crate::model::Diagnostic;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A finished link check.
#[derive(Debug)]
pub struct LinkCheck {
    /// HTML pages read.
    pub pages: usize,
    /// Internal links checked.
    pub links: usize,
    /// One error per broken link (per page and target), in page order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Lines of a page shown in a diagnostic only up to this length: a
/// minified page is one line of many kilobytes.
const MAX_SHOWN_LINE: usize = 240;

/// Checks every HTML page under `site`. Diagnostics name pages by their
/// path under `site`, prefixed with `shown` (e.g. `public/`).
pub fn check(site: &Path, shown: &str) -> LinkCheck {
    let mut files = BTreeSet::new();
    let mut dirs = BTreeSet::new();
    let mut diagnostics = Vec::new();
    if !site.is_dir() {
        diagnostics.push(
            Diagnostic::error(shown.trim_end_matches('/'), "site folder not found")
                .help("build the site first (`baogao build`), or name it with --site DIR"),
        );
    }
    for entry in walkdir::WalkDir::new(site)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let rel = rel_path(site, entry.path());
        if entry.file_type().is_dir() {
            dirs.insert(rel);
        } else {
            files.insert(rel);
        }
    }
    let pages: Vec<&String> = files.iter().filter(|f| is_html(f)).collect();
    let read: Vec<(String, Option<String>)> = pages
        .par_iter()
        .map(|p| {
            (
                (*p).clone(),
                std::fs::read(site.join(p.as_str()))
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).into_owned()),
            )
        })
        .collect();
    let texts: BTreeMap<String, String> = read
        .into_iter()
        .filter_map(|(p, t)| t.map(|t| (p, t)))
        .collect();
    let ids: BTreeMap<&str, BTreeSet<String>> = texts
        .par_iter()
        .map(|(p, t)| (p.as_str(), ids_of(t)))
        .collect();
    let site_files = SiteFiles {
        files: &files,
        dirs: &dirs,
        ids: &ids,
    };
    let checked: Vec<(usize, Vec<Diagnostic>)> = texts
        .par_iter()
        .map(|(page, text)| check_page(&site_files, page, text, shown))
        .collect();
    let mut links = 0;
    for (n, d) in checked {
        links += n;
        diagnostics.extend(d);
    }
    LinkCheck {
        pages: texts.len(),
        links,
        diagnostics,
    }
}

struct SiteFiles<'a> {
    files: &'a BTreeSet<String>,
    dirs: &'a BTreeSet<String>,
    ids: &'a BTreeMap<&'a str, BTreeSet<String>>,
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

fn rel_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The fragment targets of a page: every `id`, and `name` of `<a>`.
fn ids_of(html: &str) -> BTreeSet<String> {
    html::attributes(html)
        .into_iter()
        .filter(|a| a.name == "id" || (a.name == "name" && a.tag == "a"))
        .map(|a| a.value.into_owned())
        .collect()
}

/// The attributes that hold a URL the browser loads or follows.
fn is_link(a: &Attribute) -> bool {
    match a.name.as_str() {
        "href" => matches!(a.tag.as_str(), "a" | "area" | "link"),
        "src" => matches!(
            a.tag.as_str(),
            "img"
                | "script"
                | "iframe"
                | "source"
                | "audio"
                | "video"
                | "embed"
                | "track"
                | "input"
        ),
        "action" => a.tag == "form",
        "poster" => a.tag == "video",
        "data" => a.tag == "object",
        _ => false,
    }
}

/// Checks the links of one page; returns how many were checked and the
/// broken ones.
fn check_page(site: &SiteFiles, page: &str, text: &str, shown: &str) -> (usize, Vec<Diagnostic>) {
    let mut checked = 0;
    let mut broken = BTreeSet::new();
    let mut out = Vec::new();
    for attr in html::attributes(text).iter().filter(|a| is_link(a)) {
        let url = attr.value.trim();
        if url.is_empty() || html::is_external(url) {
            continue;
        }
        checked += 1;
        let Err(problem) = resolve(site, page, url) else {
            continue;
        };
        if !broken.insert(url.to_owned()) {
            continue;
        }
        let mut d = Diagnostic::error(
            format!("{shown}{page}"),
            format!(
                "broken link `{url}` in <{} {}>: {problem}",
                attr.tag, attr.name
            ),
        )
        .help("correct the link or the page it points to, then build again");
        let (line, column) = line_col(text, attr.span.start);
        let line_text = text.split('\n').nth(line - 1).unwrap_or("");
        if line_text.chars().count() <= MAX_SHOWN_LINE {
            d = d.at(text, line, column);
        }
        out.push(d);
    }
    (checked, out)
}

/// Follows `url` from `page`; the error says what is missing.
fn resolve(site: &SiteFiles, page: &str, url: &str) -> Result<(), String> {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let target = if path.is_empty() {
        page.to_owned()
    } else {
        let decoded =
            html::percent_decode(path).ok_or_else(|| format!("`{path}` is not valid UTF-8"))?;
        let joined = if let Some(abs) = decoded.strip_prefix('/') {
            abs.to_owned()
        } else {
            match page.rfind('/') {
                Some(i) => format!("{}/{decoded}", &page[..i]),
                None => decoded.clone(),
            }
        };
        let normal = normalise(&joined).ok_or("it leads out of the site")?;
        if site.files.contains(&normal) {
            normal
        } else if normal.is_empty() || site.dirs.contains(&normal) || decoded.ends_with('/') {
            let index = if normal.is_empty() {
                "index.html".to_owned()
            } else {
                format!("{normal}/index.html")
            };
            if !site.files.contains(&index) {
                return Err(format!("the folder `{normal}/` has no index.html"));
            }
            index
        } else {
            return Err(format!("there is no file `{normal}` in the site"));
        }
    };
    let Some(fragment) = fragment.filter(|f| !f.is_empty() && *f != "top") else {
        return Ok(());
    };
    let fragment = html::percent_decode(fragment).unwrap_or_else(|| fragment.to_owned());
    match site.ids.get(target.as_str()) {
        Some(ids) if ids.contains(&fragment) => Ok(()),
        Some(_) => Err(format!("`{target}` has no element with id `{fragment}`")),
        None => Err(format!(
            "`{target}` is not an HTML page, so `#{fragment}` points nowhere"
        )),
    }
}

/// Resolves `.` and `..` segments; `None` when `..` would leave the root.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_paths() {
        assert_eq!(normalise("a/./b/../c.html").as_deref(), Some("a/c.html"));
        assert_eq!(normalise("../x"), None);
        assert_eq!(normalise("").as_deref(), Some(""));
    }
}
