//! The home page: the archive at a glance.

use super::data::{listings, ReportRecord};
use super::Renderer;
use crate::model::{MandatedPart, Page};
use serde::Serialize;

/// `index.html` receives `reports` (every report's
/// [`super::data::ReportListing`], archive order)
/// and `parts` (the five mandated parts, `id` and `label`).
pub fn page(renderer: &Renderer, records: &[ReportRecord]) -> Result<Page, String> {
    renderer.html("index.html", "index.html", "", |ctx| {
        ctx.insert("reports", &listings(records));
        ctx.insert("parts", &part_columns());
    })
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
