//! What the browser reads before any query (`search/manifest.js`): the
//! index's constants, the facets, and each report's facet values; and the
//! mask of facets each searchable text carries.

use super::terms::Doc;
use crate::analyse::topics::Taxonomy;
use crate::model::{DocKind, MandatedPart, Report};
use serde::Serialize;

/// What the browser needs before any query.
#[derive(Debug, Serialize)]
pub(super) struct Manifest {
    pub(super) version: u32,
    pub(super) shards: u32,
    pub(super) reports: usize,
    pub(super) k1: f64,
    pub(super) b: f64,
    /// Impacts are 1..=levels, standing for 0..=k1+1.
    pub(super) levels: u32,
    pub(super) facets: Vec<Facet>,
    /// For each report facet, each report's value index (-1: none).
    pub(super) report_facets: Vec<Vec<i64>>,
}

/// A filter of the search page: a name, a label, its values. Report facets
/// (year, region) are checked before ranking, from the manifest; document
/// facets (part, topic) are bits of each document's mask starting at `bit`,
/// checked with the report's text.
#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    /// The facet's name in the manifest and the search page's script (`year`,
    /// `region`, `part`, `topic`).
    pub key: &'static str,
    /// Its name on the search page (`年度`, `地区`, `法定部分`, `主题`).
    pub label: &'static str,
    /// The values to choose from, as shown: years newest first, provinces,
    /// the mandated parts' labels, the topics' names.
    pub values: Vec<String>,
    /// First bit of the document mask for a document facet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bit: Option<u32>,
}

/// Bit of the document mask that marks a heading or title.
const HEADING_BIT: u32 = 0;

/// First bit of the mandated parts in the document mask, in
/// [`MandatedPart::ALL`] order (the compare view reads a section's part
/// from it).
pub const PART_BIT: u32 = HEADING_BIT + 1;

/// The filters: year and region (province) per report, mandated part and
/// topic per document. Values sorted (years newest first).
pub(super) fn facets(reports: &[Report], taxonomy: &Taxonomy) -> Vec<Facet> {
    let mut years: Vec<i32> = reports.iter().filter_map(|r| r.meta.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let mut regions: Vec<String> = reports.iter().filter_map(province).collect();
    regions.sort();
    regions.dedup();
    vec![
        Facet {
            key: "year",
            label: "年度",
            values: years.iter().map(i32::to_string).collect(),
            bit: None,
        },
        Facet {
            key: "region",
            label: "地区",
            values: regions,
            bit: None,
        },
        Facet {
            key: "part",
            label: "法定部分",
            values: MandatedPart::ALL
                .iter()
                .map(|p| p.label().to_owned())
                .collect(),
            bit: Some(PART_BIT),
        },
        Facet {
            key: "topic",
            label: "主题",
            values: taxonomy.topics.iter().map(|t| t.name.to_string()).collect(),
            bit: Some(PART_BIT + MandatedPart::ALL.len() as u32),
        },
    ]
}

pub(super) fn province(report: &Report) -> Option<String> {
    report.analysis.region.as_ref().map(|r| r.province.clone())
}

/// Each report's value index for the report facets (year, region).
pub(super) fn report_facets(reports: &[Report], facets: &[Facet]) -> Vec<Vec<i64>> {
    let index = |facet: &Facet, value: Option<String>| {
        value
            .and_then(|v| facet.values.iter().position(|x| *x == v))
            .map_or(-1, |i| i as i64)
    };
    vec![
        reports
            .iter()
            .map(|r| index(&facets[0], r.meta.year.map(|y| y.to_string())))
            .collect(),
        reports
            .iter()
            .map(|r| index(&facets[1], province(r)))
            .collect(),
    ]
}

/// A document's mask: heading bit, its part's bit, its topics' bits. Bits
/// past 52 (a taxonomy of more than 46 topics) are dropped, since the
/// browser reads masks as doubles.
pub(super) fn doc_mask(doc: &Doc, facets: &[Facet]) -> u64 {
    let mut mask = u64::from(doc.kind != DocKind::Paragraph) << HEADING_BIT;
    let part_bit = facets[2].bit.expect("part is a document facet");
    if let Some(part) = doc.part {
        let i = MandatedPart::ALL
            .iter()
            .position(|p| *p == part)
            .unwrap_or(0);
        mask |= 1 << (part_bit + i as u32);
    }
    let topic_bit = facets[3].bit.expect("topic is a document facet");
    for &t in doc.topics {
        let bit = topic_bit + t as u32;
        if bit < 53 {
            mask |= 1 << bit;
        }
    }
    mask
}
