//! The cited documents: an index by kind and count, and pages per document
//! listing every report that cites it, with the citing paragraphs quoted or
//! linked (`paging`).

use super::paging::{paginate, Quotes};
use super::{report_url, Archive, Renderer};
use crate::model::{CitationKind, PageSink};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// `citations/index.html` (receives `kinds`: each kind's `label` and
/// `documents`) and `citations/<slug>.html` per document (receives
/// `document`, `items`: the citing reports with their `quotes`, and
/// `pager`).
pub fn pages(renderer: &Renderer, archive: &Archive, sink: &PageSink) -> Result<(), String> {
    let documents: Vec<DocumentView> = (0..archive.corpus.documents.len())
        .map(|d| DocumentView::new(archive, d))
        .collect();
    let kinds: Vec<KindGroup> = CitationKind::ALL
        .iter()
        .map(|&kind| KindGroup {
            label: kind.label(),
            documents: documents.iter().filter(|d| d.kind == kind).collect(),
        })
        .filter(|g| !g.documents.is_empty())
        .collect();
    sink(renderer.html(
        "citations/index.html",
        "citations/index.html",
        "../",
        |ctx| {
            ctx.insert("kinds", &kinds);
            ctx.insert("total", &documents.len());
        },
    )?)?;
    documents.par_iter().try_for_each(|doc| {
        paginate(&doc.citing, &doc.url)
            .into_iter()
            .try_for_each(|(url, items, pager)| {
                sink(
                    renderer.html("citations/document.html", &url, "../", |ctx| {
                        ctx.insert("document", doc);
                        ctx.insert("items", items);
                        ctx.insert("pager", &pager);
                    })?,
                )
            })
    })
}

#[derive(Serialize)]
struct KindGroup<'a> {
    label: &'static str,
    documents: Vec<&'a DocumentView>,
}

#[derive(Serialize)]
struct DocumentView {
    title: String,
    url: String,
    kind: CitationKind,
    kind_label: &'static str,
    /// Other ways the title was written, with counts.
    variants: Vec<(String, usize)>,
    /// Citing reports, each with the paragraphs that cite the document.
    #[serde(skip)]
    citing: Vec<CitingReport>,
    report_count: usize,
    count: usize,
}

#[derive(Serialize)]
struct CitingReport {
    title: String,
    url: String,
    year: Option<i32>,
    quotes: Quotes,
}

impl DocumentView {
    fn new(archive: &Archive, d: usize) -> Self {
        let doc = &archive.corpus.documents[d];
        // `cited_by` is sorted by report: one group of anchors per report.
        let mut groups: Vec<(usize, Vec<&str>)> = Vec::new();
        for (r, anchor) in &doc.cited_by {
            match groups.last_mut() {
                Some((last, anchors)) if last == r => anchors.push(anchor),
                _ => groups.push((*r, vec![anchor])),
            }
        }
        let citing: Vec<CitingReport> = groups
            .into_iter()
            .map(|(r, anchors)| {
                let report = &archive.reports[r];
                let texts: BTreeMap<&str, &str> = report
                    .paragraphs()
                    .into_iter()
                    .map(|p| (p.anchor.as_str(), p.text.as_str()))
                    .collect();
                let paragraphs = anchors
                    .into_iter()
                    .map(|a| (a.to_owned(), texts.get(a).copied().unwrap_or("")));
                CitingReport {
                    title: report.meta.title.clone(),
                    url: report_url(&report.slug),
                    year: report.meta.year,
                    quotes: Quotes::of(paragraphs),
                }
            })
            .collect();
        DocumentView {
            title: doc.title.clone(),
            url: archive.links.documents[d].clone(),
            kind: doc.kind,
            kind_label: doc.kind.label(),
            variants: doc
                .variants
                .iter()
                .filter(|(t, _)| t != &doc.title)
                .cloned()
                .collect(),
            count: doc.cited_by.len(),
            report_count: citing.len(),
            citing,
        }
    }
}
