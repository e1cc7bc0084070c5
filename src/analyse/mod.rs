//! Analyse: what the parsed reports mean.
//!
//! Owns: mapping top-level sections to the mandated parts, and measuring
//! each report against the regulation (parts present, order, deadline). Must not change
//! the text or the structure that [`crate::parse`] recovered.

pub mod compliance;
pub mod parts;

use crate::model::Report;

/// Analyses one report in place.
pub fn analyse(report: &mut Report) {
    for section in &mut report.sections {
        section.part = Some(parts::map_section(section));
    }
}
