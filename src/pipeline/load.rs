//! Loading the archive: every report discovered, decoded, parsed and
//! analysed (or taken from the last build's), in archive order, with
//! unique slugs.

use super::writer::bytes_hash;
use super::{CachedReport, Progress, Timings};
use crate::analyse::topics::Taxonomy;
use crate::model::{Diagnostic, Report};
use crate::{analyse, decode, discover, parse};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Discovers, decodes, parses and analyses every report. Reports come back
/// in archive order (newest year first, then by title and slug) with unique
/// slugs.
pub fn load_reports(
    content: &std::path::Path,
    taxonomy: &Taxonomy,
) -> (Vec<Report>, Vec<Diagnostic>) {
    let load = Load {
        cached: None,
        keep_original: true,
    };
    let (reports, mut diagnostics, _, _) =
        load_reports_timed(content, taxonomy, load, &Progress::default());
    let (reports, slug_warnings) = settle(reports);
    diagnostics.extend(slug_warnings);
    (reports, diagnostics)
}

/// The loaded reports as the build's own, their slugs made unique (with a
/// warning for each one changed), in archive order.
pub(super) fn settle(reports: Vec<Arc<Report>>) -> (Vec<Report>, Vec<Diagnostic>) {
    let mut reports = own(reports);
    let warnings = make_slugs_unique(&mut reports);
    sort_reports(&mut reports);
    (reports, warnings)
}

/// How reports are loaded: with the last build's, for a rebuild; keeping
/// their original text, for diagnostics that quote it (`check`).
pub(super) struct Load<'a> {
    pub(super) cached: Option<&'a HashMap<String, CachedReport>>,
    pub(super) keep_original: bool,
}

/// [`load_reports`], with the time each stage took. Reports are read,
/// decoded, parsed and analysed in parallel; the results are collected in
/// discovery order, so the outcome does not depend on the thread count.
/// With `cached` reports (a rebuild), a file whose bytes hash the same is
/// not decoded, parsed or analysed again; the reports loaded are returned
/// for the next rebuild (empty without `cached`). Reports come shared with
/// that cache, in discovery order, their slugs not yet made unique: see
/// [`own`], [`make_slugs_unique`] and [`sort_reports`].
pub(super) fn load_reports_timed(
    content: &std::path::Path,
    taxonomy: &Taxonomy,
    load: Load,
    progress: &Progress,
) -> (
    Vec<Arc<Report>>,
    Vec<Diagnostic>,
    Timings,
    HashMap<String, CachedReport>,
) {
    let mut timings = Timings::default();
    let started = Instant::now();
    let (files, mut diagnostics) = discover::discover(content);
    timings.discover = started.elapsed();
    progress.stage("reading reports", files.len());
    let started = Instant::now();
    let loaded: Vec<Loaded> = files
        .into_par_iter()
        .map(|file| {
            let loaded = load_one(file, taxonomy, &load);
            progress.step();
            loaded
        })
        .collect();
    timings.reports = started.elapsed();
    let mut reports = Vec::new();
    let mut keep = HashMap::new();
    for (result, stage, hash) in loaded {
        timings.decode += stage[0];
        timings.parse += stage[1];
        timings.analyse += stage[2];
        match result {
            Ok((report, warnings)) => {
                if load.cached.is_some() {
                    let entry = CachedReport {
                        hash,
                        report: Arc::clone(&report),
                        warnings: warnings.clone(),
                    };
                    keep.insert(report.source.clone(), entry);
                }
                diagnostics.extend(warnings);
                reports.push(report);
            }
            Err(e) => diagnostics.push(e),
        }
    }
    (reports, diagnostics, timings, keep)
}

/// The reports for a build to change (keywords, slugs): each moved out of
/// its `Arc`, or copied (in parallel) if a cache shares it.
fn own(reports: Vec<Arc<Report>>) -> Vec<Report> {
    reports
        .into_par_iter()
        .map(|r| Arc::try_unwrap(r).unwrap_or_else(|shared| Report::clone(&shared)))
        .collect()
}

/// The archive order: newest year first, then by title and slug.
fn sort_reports(reports: &mut [Report]) {
    reports.sort_by(|a, b| {
        b.meta
            .year
            .cmp(&a.meta.year)
            .then_with(|| a.meta.title.cmp(&b.meta.title))
            .then_with(|| a.slug.cmp(&b.slug))
    });
}

/// A report, or the error that stopped it, the time of its read+decode,
/// parse and analyse stages, and the hash of its bytes (when caching).
type Loaded = (
    Result<(Arc<Report>, Vec<Diagnostic>), Diagnostic>,
    [Duration; 3],
    u64,
);

fn load_one(file: crate::model::SourceFile, taxonomy: &Taxonomy, load: &Load) -> Loaded {
    let mut stage = [Duration::ZERO; 3];
    let mut hash = 0;
    let mut clock = Instant::now();
    let mut lap = |i: usize| {
        stage[i] = clock.elapsed();
        clock = Instant::now();
    };
    let result = (|| {
        let bytes = std::fs::read(&file.path).map_err(|e| {
            Diagnostic::error(&file.rel_path, format!("cannot read the file: {e}"))
                .help("check that the file exists and is readable")
        })?;
        hash = bytes_hash(&bytes);
        if let Some(cached) = load.cached {
            if let Some(c) = cached.get(&file.rel_path).filter(|c| c.hash == hash) {
                return Ok((Arc::clone(&c.report), c.warnings.clone()));
            }
        }
        let (decoded, mut warnings) = decode::decode(file, &bytes)?;
        lap(0);
        let (mut report, parse_warnings) = parse::parse(decoded)?;
        lap(1);
        warnings.extend(parse_warnings);
        analyse::analyse(&mut report, taxonomy);
        report.fit();
        lap(2);
        report.fingerprint = crate::memo::fingerprint((hash, &report.source));
        if !load.keep_original {
            // The original text is a fifth of a loaded report and needed
            // only once, for a page written when the slugs are settled:
            // `write_sources` reads the file again rather than hold it.
            report.original = String::new();
        }
        Ok((Arc::new(report), warnings))
    })();
    (result, stage, hash)
}

/// Two reports with one slug would overwrite each other's page. The first
/// (by source path) keeps the slug; the others get `-2`, `-3`, … and a
/// warning.
fn make_slugs_unique(reports: &mut [Report]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut taken: BTreeMap<String, usize> = reports.iter().map(|r| (r.slug.clone(), 0)).collect();
    let mut seen = std::collections::BTreeSet::new();
    for report in reports.iter_mut() {
        if seen.insert(report.slug.clone()) {
            continue;
        }
        let base = report.slug.clone();
        let mut n = taken.get(&base).copied().unwrap_or(0).max(1);
        let slug = loop {
            n += 1;
            let candidate = format!("{base}-{n}");
            if !taken.contains_key(&candidate) {
                break candidate;
            }
        };
        taken.insert(base.clone(), n);
        taken.insert(slug.clone(), 0);
        seen.insert(slug.clone());
        warnings.push(
            Diagnostic::warning(
                &report.source,
                format!("slug `{base}` is already used by another report; using `{slug}`"),
            )
            .help("give the report its own `slug` in front matter, or rename the file"),
        );
        report.slug = slug;
    }
    warnings
}
