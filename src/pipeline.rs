//! The build, stage after stage: discover → decode → parse → analyse →
//! render → write. Collects the diagnostics of every stage, so that a build
//! reports all its errors at once, and writes nothing if there is one.

use crate::analyse::topics::Taxonomy;
use crate::model::{Diagnostic, Page, Report, Severity};
use crate::render::SiteInfo;
use crate::{analyse, decode, discover, index, parse, render, write};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What to build from where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub output: PathBuf,
    pub site: SiteInfo,
    /// The topics paragraphs are tagged with.
    pub taxonomy: Taxonomy,
    /// Warnings fail the build (`--strict`): nothing is written.
    pub strict: bool,
    /// Told how far the build has come (a progress bar), if anyone listens.
    pub progress: Progress,
}

impl BuildOptions {
    /// Options with the default site settings and taxonomy.
    pub fn new(content: impl Into<PathBuf>, output: impl Into<PathBuf>) -> Self {
        BuildOptions {
            content: content.into(),
            output: output.into(),
            site: SiteInfo::default(),
            taxonomy: Taxonomy::default(),
            strict: false,
            progress: Progress::default(),
        }
    }
}

/// Where a build reports its progress: a stage starts (with the number of
/// steps it has, 0 when unknown), a step is done.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<dyn ProgressSink>>);

/// What listens to a build's progress (`main` draws a bar with it).
pub trait ProgressSink: Send + Sync {
    fn stage(&self, name: &'static str, steps: usize);
    fn step(&self);
}

impl Progress {
    pub fn new(sink: Arc<dyn ProgressSink>) -> Self {
        Progress(Some(sink))
    }

    fn stage(&self, name: &'static str, steps: usize) {
        if let Some(sink) = &self.0 {
            sink.stage(name, steps);
        }
    }

    fn step(&self) {
        if let Some(sink) = &self.0 {
            sink.step();
        }
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(on)"
        } else {
            "Progress(off)"
        })
    }
}

/// A finished build.
#[derive(Debug)]
pub struct BuildSummary {
    pub reports: usize,
    /// HTML pages written.
    pub pages: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// Time spent in each stage of a build. The per-report stages (decode,
/// parse, analyse) run in parallel, fused per report: for them the time is
/// summed over reports (thread time), and `reports` is their wall time.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub discover: Duration,
    pub decode: Duration,
    pub parse: Duration,
    pub analyse: Duration,
    /// Wall time of the parallel per-report stages together.
    pub reports: Duration,
    /// Corpus-wide analysis (keywords, citations, related reports).
    pub corpus: Duration,
    /// Search index: tokenising (in parallel), merging, encoding the files.
    pub index: Duration,
    pub render: Duration,
    pub write: Duration,
}

impl Timings {
    /// One line per stage, for `build --timings`.
    pub fn lines(&self) -> Vec<String> {
        let ms = |d: Duration| format!("{:>9.1} ms", d.as_secs_f64() * 1000.0);
        vec![
            format!("discover {}", ms(self.discover)),
            format!("decode   {} (summed over reports)", ms(self.decode)),
            format!("parse    {} (summed over reports)", ms(self.parse)),
            format!(
                "analyse  {} (summed over reports) + {} across the archive",
                ms(self.analyse),
                ms(self.corpus).trim()
            ),
            format!(
                "         {} wall time of decode+parse+analyse in parallel",
                ms(self.reports)
            ),
            format!("index    {}", ms(self.index)),
            format!(
                "render   {} (wall, pages written as rendered)",
                ms(self.render)
            ),
            format!(
                "write    {} (summed over threads, during index and render)",
                ms(self.write)
            ),
        ]
    }
}

/// Writes pages into the staging folder as they are rendered (from several
/// threads), counting files and time, and keeping the first write error
/// with its file for the diagnostic.
struct Writer<'a> {
    staging: &'a write::Staging,
    progress: &'a Progress,
    /// Paths written so far: two pages at one path is a bug or a slug
    /// clash that must fail the build, not silently keep one of them.
    paths: Mutex<HashSet<String>>,
    files: AtomicUsize,
    html_pages: AtomicUsize,
    nanos: AtomicU64,
    error: Mutex<Option<Diagnostic>>,
}

impl<'a> Writer<'a> {
    fn new(staging: &'a write::Staging, progress: &'a Progress) -> Self {
        Writer {
            staging,
            progress,
            paths: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            html_pages: AtomicUsize::new(0),
            nanos: AtomicU64::new(0),
            error: Mutex::new(None),
        }
    }

    fn write(&self, page: Page) -> Result<(), String> {
        let fresh = (self.paths.lock().expect("no panic holds it")).insert(page.path.clone());
        if !fresh {
            let message =
                "two pages of the site would be written to this path; nothing was written";
            let error = Diagnostic::error(page.path, message);
            self.error
                .lock()
                .expect("no panic holds it")
                .get_or_insert(error);
            return Err(message.to_owned());
        }
        let started = Instant::now();
        let written = self.staging.write(&page);
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.nanos.fetch_add(nanos, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
        if page.path.ends_with(".html") {
            self.html_pages.fetch_add(1, Ordering::Relaxed);
        }
        self.progress.step();
        written.map_err(|e| {
            let message = e.message.clone();
            self.error
                .lock()
                .expect("no panic holds it")
                .get_or_insert(e);
            message
        })
    }

    fn finish(self) -> Written {
        Written {
            files: self.files.into_inner(),
            html_pages: self.html_pages.into_inner(),
            time: Duration::from_nanos(self.nanos.into_inner()),
            error: self.error.into_inner().expect("no panic holds it"),
        }
    }
}

/// What a [`Writer`] did: files and HTML pages written, time spent writing
/// (summed over threads), the first write error.
struct Written {
    files: usize,
    html_pages: usize,
    time: Duration,
    error: Option<Diagnostic>,
}

/// A failed build: every diagnostic, errors and warnings, in file order.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the site. On failure the output folder is left as it was.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildFailure> {
    let progress = &options.progress;
    let (mut reports, mut diagnostics, mut timings) =
        load_reports_timed(&options.content, &options.taxonomy, progress);
    let fail = |diagnostics: Vec<Diagnostic>| BuildFailure { diagnostics };
    if options.strict {
        for d in &mut diagnostics {
            d.severity = Severity::Error;
        }
    }
    if has_errors(&diagnostics) {
        return Err(fail(diagnostics));
    }
    progress.stage("analysing the archive", 0);
    let started = Instant::now();
    let corpus = analyse::corpus(&mut reports);
    timings.corpus = started.elapsed();
    let staging = match write::Staging::create(&options.output) {
        Ok(staging) => staging,
        Err(e) => {
            diagnostics.push(e);
            return Err(fail(diagnostics));
        }
    };
    let writer = Writer::new(&staging, progress);
    let sink = |page| writer.write(page);
    progress.stage("indexing", 0);
    let started = Instant::now();
    let indexed = index::build(&reports, &options.taxonomy, &sink);
    timings.index = started.elapsed();
    progress.stage("rendering", 0);
    let started = Instant::now();
    let rendered = indexed.and_then(|shards| {
        let (site, taxonomy) = (&options.site, &options.taxonomy);
        render::render_site(site, taxonomy, &reports, &corpus, shards, &sink)
    });
    timings.render = started.elapsed();
    let written = writer.finish();
    timings.write = written.time;
    if let Err(msg) = rendered {
        diagnostics.push(written.error.unwrap_or_else(|| {
            Diagnostic::error("templates", msg).help(
                "correct the template named above; a file in the site's templates/ replaces the built-in one of its name",
            )
        }));
        return Err(fail(diagnostics));
    }
    if let Err(e) = staging.commit() {
        diagnostics.push(e);
        return Err(fail(diagnostics));
    }
    Ok(BuildSummary {
        reports: reports.len(),
        pages: written.html_pages,
        files: written.files,
        warnings: diagnostics,
        timings,
    })
}

/// Discovers, decodes, parses and analyses every report. Reports come back
/// in archive order (newest year first, then by title and slug) with unique
/// slugs.
pub fn load_reports(
    content: &std::path::Path,
    taxonomy: &Taxonomy,
) -> (Vec<Report>, Vec<Diagnostic>) {
    let (reports, diagnostics, _) = load_reports_timed(content, taxonomy, &Progress::default());
    (reports, diagnostics)
}

/// [`load_reports`], with the time each stage took. Reports are read,
/// decoded, parsed and analysed in parallel; the results are collected in
/// discovery order, so the outcome does not depend on the thread count.
fn load_reports_timed(
    content: &std::path::Path,
    taxonomy: &Taxonomy,
    progress: &Progress,
) -> (Vec<Report>, Vec<Diagnostic>, Timings) {
    let mut timings = Timings::default();
    let started = Instant::now();
    let (files, mut diagnostics) = discover::discover(content);
    timings.discover = started.elapsed();
    progress.stage("reading reports", files.len());
    let started = Instant::now();
    let loaded: Vec<Loaded> = files
        .into_par_iter()
        .map(|file| {
            let loaded = load_one(file, taxonomy);
            progress.step();
            loaded
        })
        .collect();
    timings.reports = started.elapsed();
    let mut reports = Vec::new();
    for (result, stage) in loaded {
        timings.decode += stage[0];
        timings.parse += stage[1];
        timings.analyse += stage[2];
        match result {
            Ok((report, warnings)) => {
                diagnostics.extend(warnings);
                reports.push(report);
            }
            Err(e) => diagnostics.push(e),
        }
    }
    diagnostics.extend(make_slugs_unique(&mut reports));
    reports.sort_by(|a, b| {
        b.meta
            .year
            .cmp(&a.meta.year)
            .then_with(|| a.meta.title.cmp(&b.meta.title))
            .then_with(|| a.slug.cmp(&b.slug))
    });
    (reports, diagnostics, timings)
}

/// A report, or the error that stopped it, and the time of its read+decode,
/// parse and analyse stages.
type Loaded = (Result<(Report, Vec<Diagnostic>), Diagnostic>, [Duration; 3]);

fn load_one(file: crate::model::SourceFile, taxonomy: &Taxonomy) -> Loaded {
    let mut stage = [Duration::ZERO; 3];
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
        let (decoded, mut warnings) = decode::decode(file, &bytes)?;
        lap(0);
        let (mut report, parse_warnings) = parse::parse(decoded)?;
        lap(1);
        warnings.extend(parse_warnings);
        analyse::analyse(&mut report, taxonomy);
        lap(2);
        Ok((report, warnings))
    })();
    (result, stage)
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

/// A path two pages would be written to: one would silently replace the
/// other. URLs are made unique where they are chosen; this is the backstop.
fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}
