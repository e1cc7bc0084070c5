//! Pages that list reports with quotes (a topic, a cited document) must not
//! grow with the archive: a topic found in every report would otherwise be
//! one page quoting thousands of paragraphs. So such lists are split into
//! pages of [`REPORTS_PER_PAGE`] reports, each report quoting at most
//! [`QUOTES_PER_REPORT`] paragraphs, cut to [`QUOTE_CHARS`] characters, and
//! linking the rest by permalink.

use super::{Archive, Renderer, Vars};
use crate::memo;
use crate::model::{Page, Report};
use serde::Serialize;

/// Reports listed on one page of a topic or a cited document.
pub const REPORTS_PER_PAGE: usize = 100;
/// Paragraphs quoted per report on those pages; the others are linked.
pub const QUOTES_PER_REPORT: usize = 2;
/// Characters of a quote before it is cut with "…" (a paragraph of these
/// reports runs to 100–400 characters; the gist is in its first sentences).
pub const QUOTE_CHARS: usize = 160;

/// A quoted paragraph: its permalink anchor and its (possibly cut) text.
#[derive(Debug, Serialize)]
pub struct Quote {
    pub anchor: String,
    pub text: String,
}

/// A report's paragraphs on a listing page: a few quoted, the rest linked.
#[derive(Debug, Default, Serialize)]
pub struct Quotes {
    pub shown: Vec<Quote>,
    /// Anchors of the paragraphs not quoted.
    pub others: Vec<String>,
}

impl Quotes {
    /// Quotes the first [`QUOTES_PER_REPORT`] of `report`'s paragraphs at
    /// `anchors`, in that order, and links the others (an anchor the
    /// report lacks quotes nothing).
    pub fn in_report(report: &Report, anchors: &[&str]) -> Self {
        let text = |anchor: &str| report.paragraph_at(anchor).map_or("", |p| p.text.as_str());
        let (shown, others) = anchors.split_at(anchors.len().min(QUOTES_PER_REPORT));
        Quotes {
            shown: shown
                .iter()
                .map(|&anchor| Quote {
                    anchor: anchor.to_owned(),
                    text: excerpt(text(anchor)),
                })
                .collect(),
            others: others.iter().map(|&a| a.to_owned()).collect(),
        }
    }
}

/// Reports listed with the anchors of the paragraphs to quote: the items of
/// a topic's or a cited document's pages, before their quotes are made.
pub type QuotedReports<'a> = [(usize, Vec<&'a str>)];

/// A page of `template` listing `reports` under `header` (the topic, the
/// document): it receives `items` (`item_template` once per report, with
/// `row` = `item(report, anchors)`), `pager`, and what `fill` gives.
/// What a page or an item shows of a report (title, URL, issuer, year, the
/// quoted paragraphs) is all in its listing fingerprint: an
/// incremental rebuild keys the page by those and the anchors, and makes
/// again only the items of changed reports.
#[allow(clippy::too_many_arguments)]
pub fn listing_page<T: Serialize>(
    renderer: &Renderer,
    archive: &Archive,
    (template, item_template): (&str, &str),
    url: &str,
    header: &impl Serialize,
    reports: &QuotedReports,
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

/// `text` cut to [`QUOTE_CHARS`] characters, with "…" when cut.
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
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
    let count = items.len().div_ceil(REPORTS_PER_PAGE).max(1);
    let file = |n: usize| {
        let u = page_url(url, n);
        u.rsplit('/').next().unwrap_or(&u).to_owned()
    };
    let pages: Vec<(usize, String)> = (1..=count).map(|n| (n, file(n))).collect();
    (1..=count)
        .map(|n| {
            let from = ((n - 1) * REPORTS_PER_PAGE).min(items.len());
            let to = (n * REPORTS_PER_PAGE).min(items.len());
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
    fn quotes_are_cut_and_the_rest_linked() {
        use crate::model::{DecodedSource, SourceFormat};
        let long = "法".repeat(QUOTE_CHARS) + "。";
        let text = format!("某市法治政府建设报告\n\n一、工作\n\n{long}\n\n短。\n\n第三段。\n");
        let source = DecodedSource::utf8("r.txt", SourceFormat::Text, &text);
        let (report, _) = crate::parse::parse(source).expect("parses");
        let anchors: Vec<&str> = report
            .paragraphs()
            .iter()
            .map(|p| p.anchor.as_str())
            .collect();
        assert_eq!(anchors.len(), 3, "{anchors:?}");
        // In the order asked for, whatever the report's order.
        let asked = [anchors[1], anchors[0], anchors[2], "nowhere"];
        let quotes = Quotes::in_report(&report, &asked);
        assert_eq!(quotes.shown[0].anchor, anchors[1]);
        assert_eq!(quotes.shown[0].text, "短。");
        assert_eq!(quotes.shown[1].text.chars().count(), QUOTE_CHARS + 1);
        assert!(quotes.shown[1].text.ends_with('…'));
        assert_eq!(quotes.others, [anchors[2], "nowhere"]);
        let missing = Quotes::in_report(&report, &["nowhere"]);
        assert_eq!(
            missing.shown[0].text, "",
            "an unknown anchor quotes nothing"
        );
        assert_eq!(excerpt(&"法".repeat(QUOTE_CHARS)), "法".repeat(QUOTE_CHARS));
    }
}
