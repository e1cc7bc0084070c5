//! The cited documents: an index by kind and count, and a page per document
//! listing every report and paragraph that cites it.

use super::{report_url, Archive, Renderer};
use crate::model::{CitationKind, Page};
use serde::Serialize;
use std::collections::BTreeMap;

/// `citations/index.html` (receives `kinds`: each kind's `label` and
/// `documents`) and `citations/<slug>.html` per document (receives
/// `document`).
pub fn pages(renderer: &Renderer, archive: &Archive) -> Result<Vec<Page>, String> {
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
    let mut pages = vec![renderer.html(
        "citations/index.html",
        "citations/index.html",
        "../",
        |ctx| {
            ctx.insert("kinds", &kinds);
            ctx.insert("total", &documents.len());
        },
    )?];
    for doc in &documents {
        pages.push(
            renderer.html("citations/document.html", &doc.url, "../", |ctx| {
                ctx.insert("document", doc)
            })?,
        );
    }
    Ok(pages)
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
    citing: Vec<CitingReport>,
    count: usize,
}

#[derive(Serialize)]
struct CitingReport {
    title: String,
    url: String,
    year: Option<i32>,
    paragraphs: Vec<CitingParagraph>,
}

#[derive(Serialize)]
struct CitingParagraph {
    anchor: String,
    text: String,
}

impl DocumentView {
    fn new(archive: &Archive, d: usize) -> Self {
        let doc = &archive.corpus.documents[d];
        let mut citing: Vec<CitingReport> = Vec::new();
        // `cited_by` is sorted by report: each report's paragraphs are
        // looked up in one map, built once.
        let mut current: Option<(usize, BTreeMap<&str, &str>)> = None;
        for (r, anchor) in &doc.cited_by {
            let report = &archive.reports[*r];
            if current.as_ref().is_none_or(|(i, _)| i != r) {
                let texts = report
                    .paragraphs()
                    .into_iter()
                    .map(|p| (p.anchor.as_str(), p.text.as_str()))
                    .collect();
                current = Some((*r, texts));
                citing.push(CitingReport {
                    title: report.meta.title.clone(),
                    url: report_url(&report.slug),
                    year: report.meta.year,
                    paragraphs: Vec::new(),
                });
            }
            let texts = &current.as_ref().expect("set above").1;
            let text = texts.get(anchor.as_str()).copied().unwrap_or("").to_owned();
            citing
                .last_mut()
                .expect("pushed above")
                .paragraphs
                .push(CitingParagraph {
                    anchor: anchor.clone(),
                    text,
                });
        }
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
            citing,
        }
    }
}
