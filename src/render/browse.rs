//! Browsing the archive: a page per topic (the paragraphs of every report
//! under it), per region (province → city → issuer), per year, and per
//! issuer (all its years).

use super::links::{year_list_url, UNPLACED_URL};
use super::paging::{listing_page, paginate, paginate_by, Pager};
use super::{report_url, Archive, Link, PageDescription, Renderer};
use crate::error::Error;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Every browsing page. Templates receive: `topics/index.html` `topics`;
/// `topics/topic.html` `topic`, `items`, `pager`; `regions/index.html` `provinces`;
/// `regions/province.html` `province`, `cities`, `pager`;
/// `years/index.html` `years`; `list.html` (a year's reports, those of no
/// known year or region) `heading`, `reports`, `pager`;
/// `issuers/index.html` `issuers` (name, URL, report count), `pager`;
/// `issuers/issuer.html` `issuer`.
pub(super) fn pages(renderer: &Renderer, archive: &Archive) -> Result<(), Error> {
    let jobs: Vec<super::Job> = [topic_pages, region_pages, year_pages, issuer_pages]
        .into_iter()
        .map(|family| -> super::Job { Box::new(move || family(renderer, archive)) })
        .collect();
    super::side_by_side(jobs)
}

/// A report as listed on the browsing pages.
#[derive(Serialize)]
struct Listed {
    title: String,
    url: String,
    issuer: Option<String>,
    year: Option<i32>,
}

fn listed(archive: &Archive, i: usize) -> Listed {
    let r = &archive.reports[i];
    Listed {
        title: r.meta.title.clone(),
        url: report_url(&r.slug),
        issuer: r.meta.issuer.clone(),
        year: r.meta.year,
    }
}

#[derive(Serialize)]
struct TopicView {
    name: String,
    url: String,
    keywords: Vec<String>,
    paragraph_count: usize,
    report_count: usize,
}

/// `topics/index.html` (receives `topics`) and each topic's pages
/// (`topics/topic.html`, receives `topic`, `items`: reports with their
/// `paragraphs`, and `pager`; see `paging`).
fn topic_pages(renderer: &Renderer, archive: &Archive) -> Result<(), Error> {
    let mut topics: Vec<TopicView> = archive
        .taxonomy
        .topics
        .iter()
        .zip(&archive.links.topics)
        .map(|(t, url)| TopicView {
            name: t.name.to_string(),
            url: url.clone(),
            keywords: t.keywords.clone(),
            paragraph_count: 0,
            report_count: 0,
        })
        .collect();
    // Each topic's reports (archive index), with the anchors of their
    // paragraphs on the topic.
    let mut reports: Vec<Vec<(usize, Vec<&str>)>> = topics.iter().map(|_| Vec::new()).collect();
    for (i, report) in archive.reports.iter().enumerate() {
        let mut per_topic: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for (anchor, tags) in &report.analysis.paragraph_topics {
            for &t in tags {
                per_topic.entry(t).or_default().push(anchor);
            }
        }
        for (t, anchors) in per_topic {
            topics[t].paragraph_count += anchors.len();
            topics[t].report_count += 1;
            reports[t].push((i, anchors));
        }
    }
    renderer.page(PageDescription::new(
        "topics/index.html",
        "topics/index.html",
        TopicIndex { topics: &topics },
    ))?;
    let jobs: Vec<_> = topics
        .iter()
        .zip(&reports)
        .flat_map(|(topic, reports)| {
            paginate(reports, &topic.url)
                .into_iter()
                .map(move |p| (topic, p))
        })
        .collect();
    jobs.into_par_iter()
        .try_for_each(|(topic, (url, listed_reports, pager))| {
            renderer.page(listing_page(
                archive,
                ("topics/topic.html", url),
                TopicSubject { topic },
                (listed_reports, pager),
            ))
        })
}

/// The variables of `topics/index.html`.
#[derive(Serialize)]
struct TopicIndex<'a> {
    topics: &'a [TopicView],
}

/// What `topics/topic.html` receives beside its list.
#[derive(Serialize)]
struct TopicSubject<'a> {
    topic: &'a TopicView,
}

/// Issuers listed on one page of a province, and on one page of the
/// issuer index.
const ISSUERS_PER_PAGE: usize = 200;

/// A province: its issuers by city, each linked to its own page (which
/// lists its reports), a page of [`ISSUERS_PER_PAGE`] at a time.
#[derive(Serialize)]
struct ProvinceView {
    name: String,
    url: String,
    report_count: usize,
}

/// An issuer as a province page or the issuer index lists it.
#[derive(Serialize)]
struct IssuerEntry {
    city: String,
    issuer: Link,
    place: String,
    reports: usize,
}

/// The issuers of one city on a page of a province.
#[derive(Serialize)]
struct CityView<'a> {
    name: &'a str,
    issuers: Vec<&'a IssuerEntry>,
}

/// The issuers of a province page, grouped by city in order.
fn by_city<'a>(entries: &'a [IssuerEntry]) -> Vec<CityView<'a>> {
    let mut cities: Vec<CityView> = Vec::new();
    for e in entries {
        match cities.last_mut() {
            Some(c) if c.name == e.city => c.issuers.push(e),
            _ => cities.push(CityView {
                name: &e.city,
                issuers: vec![e],
            }),
        }
    }
    cities
}

/// City → issuer → (place name, report count).
type Cities = BTreeMap<String, BTreeMap<String, (String, usize)>>;

fn region_pages(renderer: &Renderer, archive: &Archive) -> Result<(), Error> {
    let mut provinces = Vec::new();
    for (province, cities) in region_tree(archive) {
        let entries: Vec<IssuerEntry> = (cities.into_iter())
            .flat_map(|(city, issuers)| {
                issuers
                    .into_iter()
                    .map(move |(issuer, (place, reports))| (city.clone(), issuer, place, reports))
            })
            .map(|(city, issuer, place, reports)| IssuerEntry {
                city,
                issuer: Link {
                    url: archive.issuer_url(&issuer).unwrap_or_default(),
                    text: issuer,
                },
                place,
                reports,
            })
            .collect();
        let view = ProvinceView {
            name: province.to_owned(),
            url: archive.links.provinces[province].clone(),
            report_count: entries.iter().map(|e| e.reports).sum(),
        };
        for (url, shown, pager) in paginate_by(&entries, &view.url, ISSUERS_PER_PAGE) {
            let variables = ProvincePage {
                province: &view,
                cities: by_city(shown),
                pager,
            };
            renderer.page(PageDescription::new(
                url,
                "regions/province.html",
                variables,
            ))?;
        }
        provinces.push(view);
    }
    unplaced_pages(renderer, archive, &provinces)
}

/// The variables of `regions/province.html`.
#[derive(Serialize)]
struct ProvincePage<'a> {
    province: &'a ProvinceView,
    cities: Vec<CityView<'a>>,
    pager: Pager,
}

/// The reports placed in a region: province → city → issuer → (the
/// place's full name, its reports), all sorted by name.
fn region_tree<'a>(archive: &Archive<'a>) -> BTreeMap<&'a str, Cities> {
    let mut tree: BTreeMap<&str, Cities> = BTreeMap::new();
    for (i, r) in archive.reports.iter().enumerate() {
        let Some(region) = &r.analysis.region else {
            continue;
        };
        let city = region
            .city
            .clone()
            .unwrap_or_else(|| "省（市）直辖".to_owned());
        // By series, so that one issuer's names over the years are one entry.
        let issuer = (archive.corpus.series.of(i).map(|s| s.name.clone()))
            .or_else(|| r.meta.issuer.clone())
            .unwrap_or_else(|| "（发布机关不详）".to_owned());
        let entry = tree
            .entry(region.province.as_str())
            .or_default()
            .entry(city)
            .or_default()
            .entry(issuer)
            .or_insert_with(|| (region.name(), 0));
        entry.1 += 1;
    }
    tree
}

/// The regions index (`provinces`, and how many reports no region was
/// found for) and the paged list of those reports.
fn unplaced_pages(
    renderer: &Renderer,
    archive: &Archive,
    provinces: &[ProvinceView],
) -> Result<(), Error> {
    let unplaced: Vec<usize> = (0..archive.reports.len())
        .filter(|&i| archive.reports[i].analysis.region.is_none())
        .collect();
    let variables = RegionIndex {
        provinces,
        unplaced: unplaced.len(),
        unplaced_url: UNPLACED_URL,
    };
    renderer.page(PageDescription::new(
        "regions/index.html",
        "regions/index.html",
        variables,
    ))?;
    let heading = ListHeading {
        title: "地区不详".to_owned(),
        up: Link {
            text: "地区".to_owned(),
            url: "regions/index.html".to_owned(),
        },
    };
    match unplaced.is_empty() {
        true => Ok(()),
        false => report_list_pages(renderer, archive, &heading, &unplaced, UNPLACED_URL),
    }
}

/// The variables of `regions/index.html`.
#[derive(Serialize)]
struct RegionIndex<'a> {
    provinces: &'a [ProvinceView],
    unplaced: usize,
    unplaced_url: &'static str,
}

/// What a paged list of reports is headed with: its title and the index
/// it belongs to.
#[derive(Serialize)]
struct ListHeading {
    title: String,
    up: Link,
}

/// A paged list of reports (`list.html`, receives `heading`, `reports`,
/// `pager`), [`super::paging::REPORTS_PER_PAGE`] a page, starting at `url`.
fn report_list_pages(
    renderer: &Renderer,
    archive: &Archive,
    heading: &ListHeading,
    reports: &[usize],
    url: &str,
) -> Result<(), Error> {
    (paginate(reports, url).into_iter()).try_for_each(|(url, shown, pager)| {
        let variables = ReportList {
            heading,
            reports: shown.iter().map(|&i| listed(archive, i)).collect(),
            pager,
        };
        renderer.page(PageDescription::new(url, "list.html", variables))
    })
}

/// The variables of `list.html`.
#[derive(Serialize)]
struct ReportList<'a> {
    heading: &'a ListHeading,
    reports: Vec<Listed>,
    pager: Pager,
}

#[derive(Serialize)]
struct YearView {
    label: String,
    url: String,
    count: usize,
}

fn year_pages(renderer: &Renderer, archive: &Archive) -> Result<(), Error> {
    let mut years: BTreeMap<Option<i32>, Vec<usize>> = BTreeMap::new();
    for (i, r) in archive.reports.iter().enumerate() {
        years.entry(r.meta.year).or_default().push(i);
    }
    let up = Link {
        text: "年度".to_owned(),
        url: "years/index.html".to_owned(),
    };
    let mut views = Vec::new();
    // Newest first; the reports of no known year last.
    let ordered = (years.iter().rev())
        .filter(|(y, _)| y.is_some())
        .chain(years.get_key_value(&None));
    for (&year, reports) in ordered {
        let view = YearView {
            label: year.map_or("年度不详".to_owned(), |y| format!("{y} 年度")),
            url: year_list_url(year),
            count: reports.len(),
        };
        let heading = ListHeading {
            title: view.label.clone(),
            up: up.clone(),
        };
        report_list_pages(renderer, archive, &heading, reports, &view.url)?;
        views.push(view);
    }
    renderer.page(PageDescription::new(
        "years/index.html",
        "years/index.html",
        YearIndex { years: views },
    ))
}

/// The variables of `years/index.html`.
#[derive(Serialize)]
struct YearIndex {
    years: Vec<YearView>,
}

/// The issuer index: every issuer (its series' fullest name), linked to
/// its page, or to its one report's when it has no page.
fn issuer_pages(renderer: &Renderer, archive: &Archive) -> Result<(), Error> {
    let issuers: Vec<(&str, String, usize)> = (archive.corpus.series.series.iter())
        .map(|s| {
            (
                s.name.as_str(),
                archive.issuer_url(&s.name).unwrap_or_default(),
                s.reports.len(),
            )
        })
        .collect();
    for (url, shown, pager) in paginate_by(&issuers, "issuers/index.html", ISSUERS_PER_PAGE) {
        let issuers = (shown.iter())
            .map(|(name, url, count)| (*name, url.as_str(), *count))
            .collect();
        let variables = IssuerIndex { issuers, pager };
        renderer.page(PageDescription::new(url, "issuers/index.html", variables))?;
    }
    Ok(())
}

/// The variables of `issuers/index.html`: each issuer's name, URL and
/// report count.
#[derive(Serialize)]
struct IssuerIndex<'a> {
    issuers: Vec<(&'a str, &'a str, usize)>,
    pager: Pager,
}
