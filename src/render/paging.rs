//! Pages that list reports with their paragraphs on something (a topic, a
//! cited document) must not grow with the archive: a topic found in every
//! report would otherwise be one page listing thousands of reports. So such
//! lists are split into pages of [`REPORTS_PER_PAGE`] reports, each linking
//! its first paragraph on the subject and counting the others. The
//! paragraphs are not quoted: a report's text is written once, on its page.

use super::{report_url, Archive, PageDescription};
use crate::model::Report;
use serde::Serialize;

/// Reports listed on one page of a topic or a cited document.
pub(super) const REPORTS_PER_PAGE: usize = 100;

/// A listed report's paragraphs on a listing page: the first one's anchor
/// and how many there are.
#[derive(Debug, Default, Serialize)]
pub(super) struct ParagraphLinks {
    pub first: String,
    pub count: usize,
}

impl ParagraphLinks {
    pub(super) fn new(anchors: &[&str]) -> Self {
        ParagraphLinks {
            first: anchors.first().map_or(String::new(), |&a| a.to_owned()),
            count: anchors.len(),
        }
    }
}

/// Reports listed with the anchors of their paragraphs on the page's
/// subject: the items of a topic's or a cited document's pages.
pub(super) type LinkedReports<'a> = [(usize, Vec<&'a str>)];

/// A report as a page about a subject lists it (`listed_report.html`).
#[derive(Debug, Serialize)]
pub(super) struct ListedReport {
    pub name: String,
    pub url: String,
    pub year: Option<i32>,
    pub paragraphs: ParagraphLinks,
}

impl ListedReport {
    /// Report `report`, linking its paragraphs at `anchors`.
    pub(super) fn new(report: &Report, anchors: &[&str]) -> Self {
        ListedReport {
            name: listed_name(report).to_owned(),
            url: report_url(&report.slug),
            year: report.meta.year,
            paragraphs: ParagraphLinks::new(anchors),
        }
    }
}

/// Rule "named by its issuer": in a list of reports under a subject (a
/// topic, a cited document, related reports), a report is named by its
/// issuer, shown with its year: the two tell it from the others (an
/// issuer reports once a year). Its title restates both
/// (`某区人民政府关于2022年法治政府建设情况的报告`) and is the name only when
/// the issuer is unknown; a common topic lists thousands of reports.
pub(super) fn listed_name(report: &Report) -> &str {
    report.meta.issuer.as_deref().unwrap_or(&report.meta.title)
}

/// The variables of a page listing reports under a subject (a topic, a
/// cited document): the subject's own variables (`subject`), `items`, a
/// [`ListedReport`] per report, which the page's template draws with
/// `listed_report.html`, and `pager`.
#[derive(Serialize)]
pub(super) struct ListingPage<S> {
    #[serde(flatten)]
    subject: S,
    items: Vec<ListedReport>,
    pager: Pager,
}

/// The page of `template` at `url` listing `reports` under `subject`.
pub(super) fn listing_page<S: Serialize>(
    archive: &Archive,
    (template, url): (&'static str, String),
    subject: S,
    (reports, pager): (&LinkedReports, Pager),
) -> PageDescription<ListingPage<S>> {
    let items = (reports.iter())
        .map(|(r, anchors)| ListedReport::new(&archive.reports[*r], anchors))
        .collect();
    let variables = ListingPage {
        subject,
        items,
        pager,
    };
    PageDescription::new(url, template, variables)
}

/// Where a page is in its list, for the page links (`macros_lists::pager`).
#[derive(Debug, Serialize)]
pub(super) struct Pager {
    pub number: usize,
    pub count: usize,
    /// The pages linked, each its number and file name (links stay in the
    /// folder), in order; number 0 stands for a run of pages left out.
    pub pages: Vec<(usize, String)>,
    /// The file names of the previous and the next page.
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// Rule "a window of pages": a pager links the first and the last page and
/// those within this many of the current one; the rest are a gap, reached
/// page by page. A pager listing every page grows with the list, on every
/// page of it.
const PAGER_WINDOW: usize = 2;

/// The pages a pager links around page `number` of `count`, with 0 for
/// each gap.
fn window(number: usize, count: usize) -> Vec<usize> {
    let near = |n: usize| n == 1 || n == count || n.abs_diff(number) <= PAGER_WINDOW;
    let mut shown = Vec::new();
    for n in 1..=count {
        if near(n) {
            shown.push(n);
        } else if shown.last() != Some(&0) {
            shown.push(0);
        }
    }
    shown
}

/// The URL of page `n` (from 1) of a list whose first page is `url`:
/// `a/x.html`, `a/x.2.html`, … (slugs never hold a dot, so no clash).
pub(super) fn page_url(url: &str, n: usize) -> String {
    if n <= 1 {
        return url.to_owned();
    }
    let stem = url.strip_suffix(".html").unwrap_or(url);
    format!("{stem}.{n}.html")
}

/// `items` split into pages of [`REPORTS_PER_PAGE`]: each page's URL, its
/// items and its pager. An empty list still has its first page.
pub(super) fn paginate<'a, T>(items: &'a [T], url: &str) -> Vec<(String, &'a [T], Pager)> {
    paginate_by(items, url, REPORTS_PER_PAGE)
}

/// [`paginate`] with `per_page` items a page.
pub(super) fn paginate_by<'a, T>(
    items: &'a [T],
    url: &str,
    per_page: usize,
) -> Vec<(String, &'a [T], Pager)> {
    let count = items.len().div_ceil(per_page).max(1);
    let file = |n: usize| {
        let u = page_url(url, n);
        u.rsplit('/').next().unwrap_or(&u).to_owned()
    };
    (1..=count)
        .map(|n| {
            let from = ((n - 1) * per_page).min(items.len());
            let to = (n * per_page).min(items.len());
            let link = |n: usize| (n, if n == 0 { String::new() } else { file(n) });
            let pager = Pager {
                number: n,
                count,
                pages: window(n, count).into_iter().map(link).collect(),
                prev: (n > 1).then(|| file(n - 1)),
                next: (n < count).then(|| file(n + 1)),
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
        assert_eq!(pages[1].2.prev.as_deref(), Some("普法.html"));
        assert_eq!(pages[1].2.next.as_deref(), Some("普法.3.html"));
        assert_eq!(pages[2].2.next, None);
        assert_eq!(paginate(&items[..REPORTS_PER_PAGE], "a.html").len(), 1);
        assert_eq!(paginate::<usize>(&[], "a.html").len(), 1, "empty: one page");
    }

    #[test]
    fn a_pager_links_the_ends_and_a_window_around_the_page() {
        assert_eq!(window(1, 1), [1]);
        assert_eq!(window(3, 5), [1, 2, 3, 4, 5], "no gap in a short list");
        assert_eq!(window(1, 88), [1, 2, 3, 0, 88]);
        assert_eq!(window(57, 88), [1, 0, 55, 56, 57, 58, 59, 0, 88]);
        assert_eq!(window(88, 88), [1, 0, 86, 87, 88]);
        assert_eq!(window(4, 88), [1, 2, 3, 4, 5, 6, 0, 88], "no gap of none");
        for count in 1..40 {
            for number in 1..=count {
                let shown = window(number, count);
                assert!(shown.len() <= 2 * PAGER_WINDOW + 5, "bounded at any length");
                assert!(shown.contains(&number) && shown.contains(&count));
            }
        }
    }

    #[test]
    fn the_first_paragraph_is_linked_and_all_counted() {
        let links = ParagraphLinks::new(&["s2-p3", "s1-p1"]);
        assert_eq!((links.first.as_str(), links.count), ("s2-p3", 2));
        let none = ParagraphLinks::new(&[]);
        assert_eq!((none.first.as_str(), none.count), ("", 0));
    }
}
