//! The cited documents: an index by kind and count, and pages per document
//! listing every report that cites it, with the citing paragraphs linked
//! (`paging`).

use super::paging::{listing_page, paginate};
use super::{Archive, PageDescription, Renderer};
use crate::error::Error;
use crate::model::CitationKind;
use rayon::prelude::*;
use serde::Serialize;

/// `citations/index.html` (receives `kinds`: each kind's `label` and
/// `documents`) and `citations/<slug>.html` per document (receives
/// `document`, `items`: the citing reports with their `paragraphs`, and
/// `pager`).
pub(super) fn pages(renderer: &Renderer, archive: &Archive) -> Result<(), Error> {
    let documents: Vec<DocumentView> = (0..archive.corpus.documents.len())
        .into_par_iter()
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
    let total = documents.len();
    let index = DocumentIndex { kinds, total };
    renderer.page(PageDescription::new(
        "citations/index.html",
        "citations/index.html",
        index,
    ))?;
    documents.par_iter().try_for_each(|document| {
        paginate(&document.citing, &document.url)
            .into_iter()
            .try_for_each(|(url, citing, pager)| {
                renderer.page(listing_page(
                    archive,
                    ("citations/document.html", url),
                    DocumentSubject { document },
                    (citing, pager),
                ))
            })
    })
}

/// The variables of `citations/index.html`.
#[derive(Serialize)]
struct DocumentIndex<'a> {
    kinds: Vec<KindGroup<'a>>,
    total: usize,
}

/// What `citations/document.html` receives beside its list.
#[derive(Serialize)]
struct DocumentSubject<'a> {
    document: &'a DocumentView<'a>,
}

#[derive(Serialize)]
struct KindGroup<'a> {
    label: &'static str,
    documents: Vec<&'a DocumentView<'a>>,
}

#[derive(Serialize)]
struct DocumentView<'a> {
    title: String,
    url: String,
    kind: CitationKind,
    kind_label: &'static str,
    /// Other ways the title was written, with counts.
    variants: Vec<(String, usize)>,
    /// Citing reports (archive index), each with the anchors of the
    /// paragraphs that cite the document.
    #[serde(skip)]
    citing: Vec<(usize, Vec<&'a str>)>,
    report_count: usize,
    count: usize,
}

impl<'a> DocumentView<'a> {
    fn new(archive: &'a Archive, d: usize) -> Self {
        let doc = &archive.corpus.documents[d];
        // `cited_by` is sorted by report: one group of anchors per report.
        let mut citing: Vec<(usize, Vec<&str>)> = Vec::new();
        for (r, anchor) in &doc.cited_by {
            match citing.last_mut() {
                Some((last, anchors)) if last == r => anchors.push(anchor),
                _ => citing.push((*r, vec![anchor])),
            }
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
            report_count: citing.len(),
            citing,
        }
    }
}
