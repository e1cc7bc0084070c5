//! What static hosts and readers expect beside the pages: an Atom feed of
//! the reports (newest first), `sitemap.xml` (absolute URLs, so only with a
//! base URL), `robots.txt` and `404.html`.

use super::{report_url, Archive, PageDescription, Renderer, SiteInfo};
use crate::error::Error;
use crate::model::{Page, Report};
use serde::Serialize;

/// Entries in the feed: readers only show the newest.
const FEED_ENTRIES: usize = 50;

/// `feed.xml` (receives `entries`, `updated`, `feed_id`), `sitemap.xml`
/// (receives `urls`) when the site has a base URL, `robots.txt`, and
/// `404.html` (receives nothing more than every page).
pub(super) fn pages(renderer: &Renderer, site: &SiteInfo, archive: &Archive) -> Result<(), Error> {
    let mut order: Vec<usize> = (0..archive.reports.len()).collect();
    order.sort_by(|&a, &b| {
        updated(&archive.reports[b])
            .cmp(&updated(&archive.reports[a]))
            .then(a.cmp(&b))
    });
    let base = site.base_url.clone().unwrap_or_default();
    let entries: Vec<FeedEntry> = order
        .iter()
        .take(FEED_ENTRIES)
        .map(|&i| {
            let r = &archive.reports[i];
            let url = format!("{base}{}", report_url(&r.slug));
            FeedEntry {
                id: if base.is_empty() {
                    format!("urn:baogao:report:{}", r.slug)
                } else {
                    url.clone()
                },
                url,
                title: r.meta.title.clone(),
                issuer: r.meta.issuer.clone(),
                updated: updated(r),
                summary: r
                    .preamble
                    .first()
                    .map(|p| p.text.chars().take(200).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let feed_updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| "1970-01-01".to_owned());
    let feed = Feed {
        entries,
        updated: feed_updated,
        feed_id: match base.is_empty() {
            true => "urn:baogao:feed".to_owned(),
            false => format!("{base}feed.xml"),
        },
    };
    renderer.page(PageDescription::new("feed.xml", "feed.xml", feed))?;
    let mut robots = "User-agent: *\nAllow: /\n".to_owned();
    if let Some(base) = &site.base_url {
        let mut urls: Vec<String> = (renderer.paths().iter())
            .filter(|p| p.ends_with(".html") && *p != "404.html")
            .map(|p| uri(&format!("{base}{p}")))
            .collect();
        urls.sort();
        let sitemap = Sitemap { urls };
        renderer.page(PageDescription::new("sitemap.xml", "sitemap.xml", sitemap))?;
        robots.push_str(&format!(
            "Sitemap: {}\n",
            uri(&format!("{base}sitemap.xml"))
        ));
    }
    renderer.file(Page::new("robots.txt".to_owned(), robots.into_bytes()))?;
    let not_found = PageDescription::new("404.html", "404.html", NotFound {});
    renderer.page(not_found.with_root(site.base_url.as_deref().unwrap_or("")))
}

/// The variables of `feed.xml`.
#[derive(Serialize)]
struct Feed {
    entries: Vec<FeedEntry>,
    updated: String,
    feed_id: String,
}

/// The variables of `sitemap.xml`: every page's absolute URL.
#[derive(Serialize)]
struct Sitemap {
    urls: Vec<String>,
}

/// The variables of `404.html`: none but every page's.
#[derive(Serialize)]
struct NotFound {}

/// Sitemaps and robots.txt take URLs (RFC 3986), not IRIs: a Chinese
/// page name (`citations/民法典.html`) or base URL is percent-encoded as
/// UTF-8, and so is any character a URL cannot hold (space, `"`, `<`, …).
fn uri(iri: &str) -> String {
    let mut out = String::with_capacity(iri.len());
    for c in iri.chars() {
        if c.is_ascii_graphic() && !"\"<>\\^`{|}".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[derive(Serialize)]
struct FeedEntry {
    id: String,
    url: String,
    title: String,
    issuer: Option<String>,
    /// `YYYY-MM-DD`.
    updated: String,
    summary: String,
}

/// When a report came out ([`crate::model::Metadata::publication`]), else
/// the start of the year after the one reported on (when such reports
/// appear), else never.
fn updated(r: &Report) -> String {
    match (r.meta.publication(), r.meta.year) {
        (Some(d), _) => d.to_string(),
        (None, Some(y)) => format!("{:04}-01-01", y + 1),
        (None, None) => "1970-01-01".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_urls_are_percent_encoded() {
        assert_eq!(
            uri("https://example.org/报告/citations/民法典.html"),
            "https://example.org/%E6%8A%A5%E5%91%8A/citations/%E6%B0%91%E6%B3%95%E5%85%B8.html"
        );
        assert_eq!(uri("https://x.org/a b\"<>"), "https://x.org/a%20b%22%3C%3E");
        assert_eq!(
            uri("https://x.org/a-b_c.html?q=1#s2"),
            "https://x.org/a-b_c.html?q=1#s2"
        );
    }
}
