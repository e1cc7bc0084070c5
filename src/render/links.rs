//! Every URL of the index pages (cited documents, topics, regions, years,
//! issuers), decided once so that every page links to the same place. URLs
//! are relative to the site root; names become file names through
//! [`sanitize_slug`], made unique where two names clean up the same way.

use crate::analyse::topics::Taxonomy;
use crate::analyse::Corpus;
use crate::discover::sanitize_slug;
use crate::model::Report;
use std::collections::{BTreeMap, BTreeSet};

/// Cited-document titles are cut to this many characters in file names.
const MAX_DOCUMENT_SLUG_CHARS: usize = 40;

pub(crate) struct Links {
    /// Page of each cited document (by index in [`Corpus::documents`]).
    pub documents: Vec<String>,
    /// Cited document of each title as written (every variant).
    pub document_of: BTreeMap<String, usize>,
    /// Page of each topic (taxonomy order).
    pub topics: Vec<String>,
    /// Page of each issuer, by name.
    pub issuers: BTreeMap<String, String>,
    /// Page of each province, by name.
    pub provinces: BTreeMap<String, String>,
}

impl Links {
    pub(crate) fn new(reports: &[Report], corpus: &Corpus, taxonomy: &Taxonomy) -> Links {
        let document_names = corpus
            .documents
            .iter()
            .map(|d| d.title.chars().take(MAX_DOCUMENT_SLUG_CHARS).collect());
        let documents = unique_slugs(document_names)
            .into_iter()
            .map(|s| format!("citations/{s}.html"))
            .collect();
        let document_of = corpus
            .documents
            .iter()
            .enumerate()
            .flat_map(|(i, d)| d.variants.iter().map(move |(title, _)| (title.clone(), i)))
            .collect();
        let topics = unique_slugs(taxonomy.topics.iter().map(|t| t.name.to_string()))
            .into_iter()
            .map(|s| format!("topics/{s}.html"))
            .collect();
        // An issuer's page lists its reports over the years: an issuer of
        // one report has none (its report is its page), so that the site
        // does not hold a near-empty page per one-off issuer.
        let issuer_names: BTreeSet<String> = (corpus.series.series.iter())
            .filter(|s| s.reports.len() >= MIN_SERIES_FOR_PAGE)
            .map(|s| s.name.clone())
            .collect();
        let issuers = named_pages("issuers", issuer_names);
        let provinces = named_pages(
            "regions",
            reports
                .iter()
                .filter_map(|r| r.analysis.region.as_ref())
                .map(|g| g.province.clone())
                .collect(),
        );
        Links {
            documents,
            document_of,
            topics,
            issuers,
            provinces,
        }
    }

    pub(crate) fn topic(&self, taxonomy: &Taxonomy, name: &str) -> Option<&str> {
        let i = taxonomy.topics.iter().position(|t| &*t.name == name)?;
        Some(&self.topics[i])
    }
}

fn named_pages(folder: &str, names: BTreeSet<String>) -> BTreeMap<String, String> {
    let slugs = unique_slugs(names.iter().cloned());
    names
        .into_iter()
        .zip(slugs)
        .map(|(name, slug)| (name, format!("{folder}/{slug}.html")))
        .collect()
}

/// The URL of a report page.
pub fn report_url(slug: &str) -> String {
    format!("reports/{slug}.html")
}

/// Where a report's original text is: `sources/<slug>.txt`.
pub fn source_path(report: &Report) -> String {
    format!("sources/{}.txt", report.slug)
}

/// The page of a year.
pub(super) fn year_url(year: i32) -> String {
    format!("years/{year}.html")
}

/// The list of a year's reports, or of those whose year is unknown.
pub(super) fn year_list_url(year: Option<i32>) -> String {
    year.map_or("years/unknown.html".to_owned(), year_url)
}

/// The list of the reports whose region is unknown.
pub(super) const UNPLACED_URL: &str = "regions/unknown.html";

/// Reports an issuer needs for a page of its own.
pub(super) const MIN_SERIES_FOR_PAGE: usize = 2;

/// Slugs that name a folder's own page (`citations/index.html`): a cited
/// document or an issuer called `index` must not replace it.
const RESERVED_SLUGS: &[&str] = &["index"];

/// URL-safe, unique slugs for names, in the order given: a name whose slug
/// is taken (or reserved) gets `-2`, `-3`, ….
pub(super) fn unique_slugs(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut taken: BTreeSet<String> = RESERVED_SLUGS.iter().map(|s| s.to_string()).collect();
    names
        .into_iter()
        .map(|name| {
            let base = sanitize_slug(&name);
            let mut slug = base.clone();
            let mut n = 1;
            while !taken.insert(slug.clone()) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            slug
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_and_safe() {
        let slugs = unique_slugs([
            "《甲》".to_owned(),
            "甲".to_owned(),
            "../乙".to_owned(),
            "甲".to_owned(),
        ]);
        assert_eq!(slugs, ["甲", "甲-2", "乙", "甲-3"]);
    }

    #[test]
    fn a_name_cannot_take_a_folders_index_page() {
        let slugs = unique_slugs(["Index".to_owned(), "《index》".to_owned()]);
        assert_eq!(slugs, ["index-2", "index-3"]);
    }
}
