//! Pages that list reports with their paragraphs on something (a topic, a
//! cited document) must not grow with the archive: a topic found in every
//! report would otherwise be one page listing thousands of reports. So such
//! lists are split into pages of [`REPORTS_PER_PAGE`] reports, each linking
//! its first paragraph on the subject and counting the others. The
//! paragraphs are not quoted: a report's text is written once, on its page.

use super::{Archive, Renderer, Vars};
use crate::memo;
use crate::model::Page;
use serde::Serialize;

/// Reports listed on one page of a topic or a cited document.
pub const REPORTS_PER_PAGE: usize = 100;

/// A listed report's paragraphs on a listing page: the first one's anchor
/// and how many there are.
#[derive(Debug, Default, Serialize)]
pub struct ParagraphLinks {
    pub first: String,
    pub count: usize,
}

impl ParagraphLinks {
    pub fn new(anchors: &[&str]) -> Self {
        ParagraphLinks {
            first: anchors.first().map_or(String::new(), |&a| a.to_owned()),
            count: anchors.len(),
        }
    }
}

/// Reports listed with the anchors of their paragraphs on the page's
/// subject: the items of a topic's or a cited document's pages.
pub type LinkedReports<'a> = [(usize, Vec<&'a str>)];

/// A page of `template` listing `reports` under `header` (the topic, the
/// document): it receives `items` (`item_template` once per report, with
/// `row` = `item(report, anchors)`), `pager`, and what `fill` gives.
/// What a page or an item shows of a report (title, URL, issuer, year, the
/// linked paragraphs) is in its listing fingerprint and anchors: an
/// incremental rebuild keys the page by those and the anchors, and makes
/// again only the items of changed reports.
#[allow(clippy::too_many_arguments)]
pub fn listing_page<T: Serialize>(
    renderer: &Renderer,
    archive: &Archive,
    (template, item_template): (&str, &str),
    url: &str,
    header: &impl Serialize,
    reports: &LinkedReports,
    pager: &Pager,
    item: impl Fn(usize, &[&str]) -> T + Sync,
    fill: impl Fn(&mut Vars),
) -> Result<Page, String> {
    let item_key = |k: usize| {
        let (r, anchors) = &reports[k];
        (archive.listing_fingerprint(*r), anchors)
    };
    let inputs = renderer.memo().map_or(0, |_| {
        let items: Vec<_> = (0..reports.len()).map(item_key).collect();
        memo::fingerprint((memo::json_fingerprint(header), items, pager))
    });
    let key = |k| memo::fingerprint(item_key(k));
    let items = match renderer.keyed_unchanged(template, url, inputs) {
        true => {
            renderer.keep_rows(item_template, reports.len(), key);
            String::new()
        }
        false => renderer.rows(item_template, reports.len(), key, |k| {
            item(reports[k].0, &reports[k].1)
        })?,
    };
    let page = (template, url, "../");
    renderer.html_with_rows(page, Some(inputs), ("items", &items), |ctx| {
        ctx.insert("pager", pager);
        fill(ctx);
    })
}

/// Where a page is in its list, for the page links (`macros_lists::pager`).
#[derive(Debug, Hash, Serialize)]
pub struct Pager {
    pub number: usize,
    pub count: usize,
    /// Every page's number and file name (links stay in the folder).
    pub pages: Vec<(usize, String)>,
}

/// The URL of page `n` (from 1) of a list whose first page is `url`:
/// `a/x.html`, `a/x.2.html`, … (slugs never hold a dot, so no clash).
pub fn page_url(url: &str, n: usize) -> String {
    if n <= 1 {
        return url.to_owned();
    }
    let stem = url.strip_suffix(".html").unwrap_or(url);
    format!("{stem}.{n}.html")
}

/// `items` split into pages of [`REPORTS_PER_PAGE`]: each page's URL, its
/// items and its pager. An empty list still has its first page.
pub fn paginate<'a, T>(items: &'a [T], url: &str) -> Vec<(String, &'a [T], Pager)> {
    paginate_by(items, url, REPORTS_PER_PAGE)
}

/// [`paginate`] with `per_page` items a page.
pub fn paginate_by<'a, T>(
    items: &'a [T],
    url: &str,
    per_page: usize,
) -> Vec<(String, &'a [T], Pager)> {
    let count = items.len().div_ceil(per_page).max(1);
    let file = |n: usize| {
        let u = page_url(url, n);
        u.rsplit('/').next().unwrap_or(&u).to_owned()
    };
    let pages: Vec<(usize, String)> = (1..=count).map(|n| (n, file(n))).collect();
    (1..=count)
        .map(|n| {
            let from = ((n - 1) * per_page).min(items.len());
            let to = (n * per_page).min(items.len());
            let pager = Pager {
                number: n,
                count,
                pages: pages.clone(),
            };
            (page_url(url, n), &items[from..to], pager)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_into_numbered_pages_in_the_same_folder() {
        let items: Vec<usize> = (0..REPORTS_PER_PAGE * 2 + 1).collect();
        let pages = paginate(&items, "topics/普法.html");
        let urls: Vec<&str> = pages.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(
            urls,
            [
                "topics/普法.html",
                "topics/普法.2.html",
                "topics/普法.3.html"
            ]
        );
        assert_eq!(pages[2].1, &[REPORTS_PER_PAGE * 2]);
        assert_eq!(pages[1].2.pages[0], (1, "普法.html".to_owned()));
        assert_eq!(paginate(&items[..REPORTS_PER_PAGE], "a.html").len(), 1);
        assert_eq!(paginate::<usize>(&[], "a.html").len(), 1, "empty: one page");
    }

    #[test]
    fn the_first_paragraph_is_linked_and_all_counted() {
        let links = ParagraphLinks::new(&["s2-p3", "s1-p1"]);
        assert_eq!((links.first.as_str(), links.count), ("s2-p3", 2));
        let none = ParagraphLinks::new(&[]);
        assert_eq!((none.first.as_str(), none.count), ("", 0));
    }
}
