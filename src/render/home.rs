//! The home page: the archive at a glance.

use super::data::ReportListing;
use super::{Archive, Renderer};
use crate::model::{MandatedPart, PageSink};
use serde::Serialize;

/// `index.html` receives `rows` (`index_row.html` for each report, archive
/// order; that template receives `row`, the report's
/// [`super::data::ReportListing`]), `count` (reports) and `parts` (the five
/// mandated parts, `id` and `label`).
pub fn page(renderer: &Renderer, archive: &Archive, sink: &PageSink) -> Result<(), String> {
    let records = &archive.records;
    renderer.page_with_rows(
        ("index.html", "index.html", ""),
        ("rows", "index_row.html", records.len()),
        (
            |i| archive.listing_fingerprint(i),
            |i| ReportListing::from(&records[i]),
        ),
        |ctx| {
            ctx.insert("count", &records.len());
            ctx.insert("parts", &part_columns());
        },
        sink,
    )
}

/// The mandated parts as table columns.
#[derive(Serialize)]
struct PartColumn {
    id: &'static str,
    label: &'static str,
}

fn part_columns() -> Vec<PartColumn> {
    MandatedPart::ALL
        .iter()
        .map(|p| PartColumn {
            id: p.id(),
            label: p.label(),
        })
        .collect()
}
