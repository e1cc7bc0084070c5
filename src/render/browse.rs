//! Browsing the archive: a page per topic (the paragraphs of every report
//! under it), per region (province → city → issuer), per year, and per
//! issuer (all its years).

use super::links::year_url;
use super::paging::{listing_page, paginate, Quotes};
use super::{report_url, Archive, Link, Renderer};
use crate::model::{Page, PageSink};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Every browsing page. Templates receive: `topics/index.html` `topics`;
/// `topics/topic.html` `topic`, `items`, `pager`; `regions/index.html` `provinces`;
/// `regions/province.html` `province`; `years/index.html` `years`;
/// `years/year.html` `year`; `issuers/index.html` `issuers`;
/// `issuers/issuer.html` `issuer`.
pub fn pages(renderer: &Renderer, archive: &Archive, sink: &PageSink) -> Result<(), String> {
    let mut jobs: Vec<super::Job> = vec![Box::new(|| topic_pages(renderer, archive, sink))];
    for family in [region_pages, year_pages, issuer_pages] {
        jobs.push(Box::new(move || {
            family(renderer, archive)?.into_iter().try_for_each(sink)
        }));
    }
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

#[derive(Serialize)]
struct TopicReport {
    report: Listed,
    quotes: Quotes,
}

/// `topics/index.html` (receives `topics`) and each topic's pages
/// (`topics/topic.html`, receives `topic`, `items`: reports with their
/// `quotes`, and `pager`; see `paging`).
fn topic_pages(renderer: &Renderer, archive: &Archive, sink: &PageSink) -> Result<(), String> {
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
    sink(
        renderer.html("topics/index.html", "topics/index.html", "../", |ctx| {
            ctx.insert("topics", &topics)
        })?,
    )?;
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
            let page = listing_page(
                renderer,
                archive,
                ("topics/topic.html", "topics/item.html"),
                &url,
                topic,
                listed_reports,
                &pager,
                |i, anchors| TopicReport {
                    report: listed(archive, i),
                    quotes: Quotes::in_report(&archive.reports[i], anchors),
                },
                |ctx| ctx.insert("topic", topic),
            )?;
            sink(page)
        })
}

#[derive(Serialize)]
struct ProvinceView {
    name: String,
    url: String,
    report_count: usize,
    /// Cities (or `直辖` for counties directly under the province), each
    /// with its issuers and their reports.
    cities: Vec<CityView>,
}

#[derive(Serialize)]
struct CityView {
    name: String,
    issuers: Vec<IssuerGroup>,
}

#[derive(Serialize)]
struct IssuerGroup {
    issuer: Link,
    place: String,
    reports: Vec<Listed>,
}

/// City → issuer → (place name, reports).
type Cities = BTreeMap<String, BTreeMap<String, (String, Vec<usize>)>>;

fn region_pages(renderer: &Renderer, archive: &Archive) -> Result<Vec<Page>, String> {
    // province → city → issuer → reports, all sorted by name.
    let mut tree: BTreeMap<&str, Cities> = BTreeMap::new();
    for (i, r) in archive.reports.iter().enumerate() {
        let Some(region) = &r.analysis.region else {
            continue;
        };
        let city = region
            .city
            .clone()
            .unwrap_or_else(|| "省（市）直辖".to_owned());
        let issuer = r
            .meta
            .issuer
            .clone()
            .unwrap_or_else(|| "（发布机关不详）".to_owned());
        let entry = tree
            .entry(region.province.as_str())
            .or_default()
            .entry(city)
            .or_default()
            .entry(issuer)
            .or_insert_with(|| (region.name(), Vec::new()));
        entry.1.push(i);
    }
    let provinces: Vec<ProvinceView> = tree
        .into_iter()
        .map(|(province, cities)| ProvinceView {
            name: province.to_owned(),
            url: archive.links.provinces[province].clone(),
            report_count: cities
                .values()
                .flat_map(|c| c.values())
                .map(|(_, r)| r.len())
                .sum(),
            cities: cities
                .into_iter()
                .map(|(name, issuers)| CityView {
                    name,
                    issuers: issuers
                        .into_iter()
                        .map(|(issuer, (place, reports))| IssuerGroup {
                            issuer: Link {
                                url: archive
                                    .links
                                    .issuers
                                    .get(&issuer)
                                    .cloned()
                                    .unwrap_or_default(),
                                text: issuer,
                            },
                            place,
                            reports: reports.into_iter().map(|i| listed(archive, i)).collect(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let unplaced: Vec<Listed> = (0..archive.reports.len())
        .filter(|&i| archive.reports[i].analysis.region.is_none())
        .map(|i| listed(archive, i))
        .collect();
    let mut pages =
        vec![
            renderer.html("regions/index.html", "regions/index.html", "../", |ctx| {
                ctx.insert("provinces", &provinces);
                ctx.insert("unplaced", &unplaced);
            })?,
        ];
    for p in &provinces {
        pages.push(
            renderer.html("regions/province.html", &p.url, "../", |ctx| {
                ctx.insert("province", p)
            })?,
        );
    }
    Ok(pages)
}

#[derive(Serialize)]
struct YearView {
    year: i32,
    url: String,
    reports: Vec<Listed>,
}

fn year_pages(renderer: &Renderer, archive: &Archive) -> Result<Vec<Page>, String> {
    let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (i, r) in archive.reports.iter().enumerate() {
        if let Some(y) = r.meta.year {
            years.entry(y).or_default().push(i);
        }
    }
    let years: Vec<YearView> = years
        .into_iter()
        .rev()
        .map(|(year, reports)| YearView {
            year,
            url: year_url(year),
            reports: reports.into_iter().map(|i| listed(archive, i)).collect(),
        })
        .collect();
    let mut pages = vec![
        renderer.html("years/index.html", "years/index.html", "../", |ctx| {
            ctx.insert("years", &years)
        })?,
    ];
    for y in &years {
        pages.push(renderer.html("years/year.html", &y.url, "../", |ctx| {
            ctx.insert("year", y)
        })?);
    }
    Ok(pages)
}

#[derive(Serialize)]
struct IssuerView {
    name: String,
    url: String,
    region: Option<Link>,
    /// Oldest year first.
    reports: Vec<Listed>,
}

fn issuer_pages(renderer: &Renderer, archive: &Archive) -> Result<Vec<Page>, String> {
    let issuers: Vec<IssuerView> = archive
        .by_issuer
        .iter()
        .map(|(name, list)| {
            let region = archive.reports[list[0]]
                .analysis
                .region
                .as_ref()
                .and_then(|r| {
                    Some(Link {
                        text: r.name(),
                        url: archive.links.provinces.get(&r.province)?.clone(),
                    })
                });
            IssuerView {
                name: (*name).to_owned(),
                url: archive.links.issuers[*name].clone(),
                region,
                reports: list.iter().map(|&i| listed(archive, i)).collect(),
            }
        })
        .collect();
    let mut pages =
        vec![
            renderer.html("issuers/index.html", "issuers/index.html", "../", |ctx| {
                ctx.insert("issuers", &issuers)
            })?,
        ];
    for issuer in &issuers {
        pages.push(
            renderer.html("issuers/issuer.html", &issuer.url, "../", |ctx| {
                ctx.insert("issuer", issuer)
            })?,
        );
    }
    Ok(pages)
}
