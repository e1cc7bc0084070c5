//! The build, stage after stage: discover → decode → parse → analyse →
//! render → write. Collects the diagnostics of every stage, so that a build
//! reports all its errors at once, and writes nothing if there is one.

use crate::analyse::topics::Taxonomy;
use crate::analyse::Corpus;
use crate::config::HostLimits;
use crate::config::SiteInfo;
use crate::error::Error;
use crate::memo::Memo;
use crate::model::{Diagnostic, Page, PageSink, Report, Severity};
use crate::{analyse, decode, index, render, write};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

pub use load::load_reports;
use load::{load_reports_timed, settle, Load};
use std::sync::Arc;
use std::time::Instant;
use writer::{bytes_hash, OutputFile, Target, Writer};

mod load;
mod timings;
mod writer;

pub use timings::Timings;

/// What to build from where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The folder the reports are read from.
    pub content: PathBuf,
    /// The folder the site is written to.
    pub output: PathBuf,
    /// The site's settings: title, base URL, deadline, search options, its own
    /// templates and static files.
    pub site: SiteInfo,
    /// The topics paragraphs are tagged with.
    pub taxonomy: Taxonomy,
    /// `[issuers.aliases]`: names joined to another issuer's series.
    pub issuer_aliases: crate::analyse::series::Aliases,
    /// Warnings fail the build (`--strict`): nothing is written.
    pub strict: bool,
    /// A `.js.gz` copy beside each search index file (`[search] precompress`).
    pub precompress: bool,
    /// The limits of the host the site is measured against (those of
    /// `[deploy] host`).
    pub host: Option<HostLimits>,
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
            issuer_aliases: Default::default(),
            strict: false,
            precompress: false,
            host: None,
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
    /// A stage named `name` starts, with `steps` steps (0 when unknown).
    fn stage(&self, name: &'static str, steps: usize);
    /// One step of the current stage is done (called from any thread).
    fn step(&self);
}

impl Progress {
    /// Progress told to `sink`. ([`Progress::default`] tells no one.)
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
    /// Reports in the site.
    pub reports: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Files of the site, HTML pages included, whether or not this build
    /// rewrote them.
    pub files: usize,
    /// Files written: all of them, unless the build was an incremental
    /// rebuild ([`rebuild`]), which writes only the files that changed.
    pub rewritten: usize,
    /// The size of the site in the output.
    pub site: SiteSize,
    /// The warnings of every stage, in the order found.
    pub warnings: Vec<Diagnostic>,
    /// Time spent in each stage (`build --timings`).
    pub timings: Timings,
}

/// How large a site is: its bytes and files (the pages the build wrote,
/// not the `.baogao-output` marker), and its largest file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteSize {
    /// Bytes of all the site's files together.
    pub bytes: u64,
    /// Number of the site's files.
    pub files: usize,
    /// The largest file's path and bytes (the first by path of equals).
    pub largest: Option<(String, u64)>,
}

impl SiteSize {
    fn of(files: &HashMap<String, OutputFile>) -> SiteSize {
        let largest = (files.iter())
            .max_by(|a, b| a.1.bytes.cmp(&b.1.bytes).then_with(|| b.0.cmp(a.0)))
            .map(|(path, file)| (path.clone(), file.bytes));
        SiteSize {
            bytes: files.values().map(|f| f.bytes).sum(),
            files: files.len(),
            largest,
        }
    }

    /// What of the site `host` would refuse, one message each.
    fn over_limits(&self, limits: &HostLimits, files: &HashMap<String, OutputFile>) -> Vec<String> {
        let name = limits.label;
        let mut over = Vec::new();
        if let Some(max) = limits.site_bytes.filter(|&max| self.bytes > max) {
            over.push(format!(
                "the site is {}, more than {name} accepts ({})",
                crate::printer::bytes(self.bytes),
                crate::printer::bytes(max)
            ));
        }
        if let Some(max) = limits.files.filter(|&max| self.files > max) {
            over.push(format!(
                "the site has {} files, more than {name} accepts ({max})",
                self.files
            ));
        }
        if let Some(max) = limits.file_bytes {
            let large = files.values().filter(|f| f.bytes > max).count();
            if let Some((path, bytes)) = self.largest.as_ref().filter(|_| large > 0) {
                over.push(format!(
                    "{large} of the site's files are larger than {name} accepts ({}); the largest is {path} ({})",
                    crate::printer::bytes(max),
                    crate::printer::bytes(*bytes)
                ));
            }
        }
        over
    }
}

/// A failed build: every diagnostic, errors and warnings, those of the
/// files in file order, then those of the whole site.
#[derive(Debug)]
pub struct BuildFailure {
    /// Every diagnostic of the build, errors and warnings; at least one is
    /// an error.
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the site. On failure the output folder is left as it was.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildFailure> {
    run(options, None)
}

/// What `serve` keeps from one build to the next so that a rebuild redoes
/// only what changed: each report as read, parsed and analysed, by the hash
/// of its file's bytes; the fingerprint of each page's inputs (the render
/// memo); the hash of every file in the output.
#[derive(Default)]
pub struct Cache {
    /// The output folder the rest describes.
    output: Option<PathBuf>,
    /// Fingerprint of the taxonomy the reports were analysed with.
    taxonomy: u64,
    reports: HashMap<String, CachedReport>,
    memo: crate::memo::Memo,
    /// The numbered words of keywords and related reports.
    corpus: analyse::CorpusCache,
    /// Each report's terms and the last build's postings, for the search
    /// index.
    index: index::IndexCache,
    files: HashMap<String, OutputFile>,
    /// The fingerprint of the last good build's inputs, and what it made.
    last: Option<(u64, Made)>,
}

impl Cache {
    /// What the corpus step and the index fill, taken out of the cache for
    /// the build. In a `full` build (the output is gone, or is not the
    /// cache's) every page is made: none is taken from the memo or the last
    /// postings.
    fn take(&mut self, full: bool) -> (analyse::CorpusCache, index::IndexCache) {
        if full {
            self.memo = crate::memo::Memo::default();
            self.index.forget_postings();
        }
        (
            std::mem::take(&mut self.corpus),
            std::mem::take(&mut self.index),
        )
    }

    /// Remembers a good build: its pages, its files, its reports and, with
    /// the fingerprint of its inputs, its outcome.
    fn remember(
        &mut self,
        files: HashMap<String, OutputFile>,
        reports: HashMap<String, CachedReport>,
        last: Option<(u64, Made)>,
    ) {
        self.memo.commit();
        self.files = files;
        self.reports = reports;
        self.last = last;
    }

    /// Puts back what [`Cache::take`] took, whatever the outcome (it holds
    /// what depends on report files alone), but for what a failed build
    /// made: the memo's new pages and the postings.
    fn put_back(
        &mut self,
        corpus: Option<analyse::CorpusCache>,
        index: Option<index::IndexCache>,
        succeeded: bool,
    ) {
        if let Some((corpus, index)) = corpus.zip(index) {
            self.corpus = corpus;
            self.index = index;
        }
        if !succeeded {
            self.memo.discard();
            self.index.forget_postings();
        }
    }
}

/// What a good build made: its summary's counts and warnings.
#[derive(Debug, Clone)]
struct Made {
    reports: usize,
    pages: usize,
    files: usize,
    site: SiteSize,
    warnings: Vec<Diagnostic>,
}

impl Made {
    /// The summary of a build that found the site already made.
    fn summary(&self, timings: Timings) -> BuildSummary {
        BuildSummary {
            reports: self.reports,
            pages: self.pages,
            files: self.files,
            rewritten: 0,
            site: self.site.clone(),
            warnings: self.warnings.clone(),
            timings,
        }
    }
}

/// The fingerprint of everything a build reads: the settings, templates
/// and static files, the taxonomy, the issuer aliases, and each report file's path and bytes
/// hash. Two builds with the same make the same site.
fn inputs_fingerprint(options: &BuildOptions, loaded: &HashMap<String, CachedReport>) -> u64 {
    let files: BTreeMap<&str, u64> = loaded.iter().map(|(p, c)| (p.as_str(), c.hash)).collect();
    let site = &options.site;
    let mut hasher = DefaultHasher::new();
    crate::memo::hash_json(&mut hasher, site);
    (&site.overrides.templates, &site.overrides.static_files).hash(&mut hasher);
    (
        format!("{:?}", options.taxonomy.topics),
        &options.issuer_aliases,
        (options.strict, options.precompress, options.host),
        files,
    )
        .hash(&mut hasher);
    hasher.finish()
}

/// A report file's bytes hash, and the report and warnings they gave.
struct CachedReport {
    hash: u64,
    report: Arc<Report>,
    warnings: Vec<Diagnostic>,
}

/// Builds the site again after a change, redoing only what `cache` says
/// changed: reports whose file changed are read again, pages whose inputs
/// changed are rendered again, and only files whose bytes changed are
/// replaced in the output ([`write::Update`]). The output is the same as
/// a full [`build`]'s. With an empty cache (or another output folder) the
/// build is full, and fills the cache. On failure the output and the cache
/// are left as they were.
pub fn rebuild(options: &BuildOptions, cache: &mut Cache) -> Result<BuildSummary, BuildFailure> {
    let taxonomy = crate::memo::fingerprint(format!("{:?}", options.taxonomy.topics));
    if cache.output.as_deref() != Some(options.output.as_path()) || cache.taxonomy != taxonomy {
        *cache = Cache {
            output: Some(options.output.clone()),
            taxonomy,
            ..Cache::default()
        };
    }
    run(options, Some(cache))
}

fn run(
    options: &BuildOptions,
    mut cache: Option<&mut Cache>,
) -> Result<BuildSummary, BuildFailure> {
    let progress = &options.progress;
    let (loaded_reports, mut diagnostics, mut timings, loaded) =
        load_archive(options, cache.as_deref())?;
    let fail = |diagnostics: Vec<Diagnostic>| BuildFailure { diagnostics };
    // Rule "same inputs, same site": when nothing the build reads changed
    // since the last good build and its output is still there, the site in
    // it is this build's (editors save files unchanged, watchers fire twice).
    let inputs = cache
        .is_some()
        .then(|| inputs_fingerprint(options, &loaded));
    if let Some(made) = cache.as_deref().and_then(|c| last_site(c, inputs, options)) {
        // Its warnings are the last build's, those of later stages (slugs)
        // included.
        return Ok(made.summary(timings));
    }
    let settled = settle_into(options, cache.as_deref(), loaded_reports, &mut diagnostics);
    let Some((mut reports, target)) = settled else {
        return Err(fail(diagnostics));
    };
    let full = matches!(target, Target::Staging(_));
    let (mut corpus_cache, mut index_cache) = cache.as_deref_mut().map(|c| c.take(full)).unzip();
    let previous = cache.as_deref().map(|c| &c.files);
    let writer = Writer::new(&target, previous, progress);
    let sink = |page| writer.write(page);
    let memo = cache.as_deref().map(|c| &c.memo);
    let caches = (corpus_cache.as_mut(), index_cache.as_mut());
    let (rendered, corpus) = make_pages(options, &mut reports, (memo, caches), &sink, &mut timings);
    let written = writer.finish();
    timings.write = written.time;
    // Measured before the swap: with --strict, a site its host would
    // refuse is not put in place.
    let site = SiteSize::of(&written.hashes);
    let over = host_limits(options, &site, &written.hashes);
    let refused = options.strict && !over.is_empty();
    diagnostics.extend(over);
    let committed = rendered.map_err(Error::into_diagnostic).and_then(|()| {
        if refused {
            let message = "the site was not put in place: it is over its host's limits (above)";
            let output = options.output.display().to_string();
            return Err(Diagnostic::error(output, message));
        }
        let started = Instant::now();
        let committed = commit(target, previous, &written.hashes);
        timings.commit = started.elapsed();
        committed
    });
    if let Some(cache) = cache.as_deref_mut() {
        cache.put_back(corpus_cache, index_cache, committed.is_ok());
    }
    if let Err(e) = committed {
        diagnostics.push(e);
        return Err(fail(diagnostics));
    }
    let made = Made {
        reports: reports.len(),
        pages: written.html_pages,
        files: written.files,
        site,
        warnings: diagnostics,
    };
    let summary = BuildSummary {
        rewritten: written.rewritten,
        ..made.summary(timings)
    };
    if let Some(cache) = cache {
        cache.remember(written.hashes, loaded, inputs.map(|fp| (fp, made)));
    }
    // Freeing the archive's reports (millions of small allocations) takes
    // one thread longer than a small rebuild's work: the pool does it
    // while the rebuild's result is already served.
    rayon::spawn(move || drop((reports, corpus)));
    Ok(summary)
}

/// The reports in their final order with unique slugs, and where the build
/// writes; `None` (the reasons added to `diagnostics`) when a warning of
/// the archive as a whole (two reports with one slug, an issuer reporting
/// on a year twice) is an error (`--strict`) or the output cannot be
/// written to.
fn settle_into(
    options: &BuildOptions,
    cache: Option<&Cache>,
    loaded: Vec<Arc<Report>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Vec<Report>, Target)> {
    let (reports, slug_warnings) = settle(loaded);
    let series = analyse::series::group(&reports, &options.issuer_aliases);
    let repeated = analyse::series::repeated_years(&reports, &series);
    let warnings = slug_warnings.into_iter().chain(repeated);
    diagnostics.extend(warnings.map(|d| strictly(options, d)));
    if has_errors(diagnostics) {
        return None;
    }
    let target = target(&options.output, cache).map_err(|e| diagnostics.push(e));
    Some((reports, target.ok()?))
}

/// The archive as loaded (with the cache's reports, if any): its reports,
/// the diagnostics, the timings so far, and each file's report for the
/// cache. Every diagnostic is an error with `--strict`; an error fails the
/// build.
fn load_archive(
    options: &BuildOptions,
    cache: Option<&Cache>,
) -> Result<LoadedArchive, BuildFailure> {
    let load = Load {
        cached: cache.map(|c| &c.reports),
        keep_original: false,
    };
    let mut loaded =
        load_reports_timed(&options.content, &options.taxonomy, load, &options.progress);
    if cache.is_none() {
        // Every report is analysed and this build will not analyse again
        // (`serve` will, and keeps the dictionary).
        crate::segment::release();
    }
    loaded.1 = (loaded.1.into_iter())
        .map(|d| strictly(options, d))
        .collect();
    match has_errors(&loaded.1) {
        true => Err(BuildFailure {
            diagnostics: loaded.1,
        }),
        false => Ok(loaded),
    }
}

/// `d`, an error with `--strict`.
fn strictly(options: &BuildOptions, d: Diagnostic) -> Diagnostic {
    match options.strict {
        true => Diagnostic {
            severity: Severity::Error,
            ..d
        },
        false => d,
    }
}

/// What [`load_archive`] gives.
type LoadedArchive = (
    Vec<Arc<Report>>,
    Vec<Diagnostic>,
    Timings,
    HashMap<String, CachedReport>,
);

/// The corpus, the search index and the pages of `reports`, each page
/// handed to `sink` as it is made; the original texts are written
/// meanwhile. Returns the first error and the corpus (which the caller
/// frees off the critical path).
fn make_pages(
    options: &BuildOptions,
    reports: &mut [Report],
    (memo, (corpus_cache, index_cache)): (Option<&Memo>, Caches),
    sink: &dyn PageSink,
    timings: &mut Timings,
) -> (Result<(), Error>, Corpus) {
    let progress = &options.progress;
    progress.stage("analysing the archive", 0);
    // Side by side: the corpus step is partly serial (numbering the
    // vocabulary, the similarity postings), and writing the original
    // texts (a file read, checked, decoded and written per report) keeps
    // the other core busy meanwhile.
    let (sources, (archive, corpus_time)) = rayon::join(
        || write_sources(reports, memo, sink),
        || {
            let started = Instant::now();
            let archive = analyse::corpus(
                reports,
                corpus_cache,
                &options.issuer_aliases,
                options.site.deadline,
            );
            (archive, started.elapsed())
        },
    );
    timings.corpus = corpus_time;
    let corpus = archive.apply(reports);
    progress.stage("indexing", 0);
    let started = Instant::now();
    let incremental = memo
        .zip(index_cache)
        .map(|(memo, cache)| index::Incremental { memo, cache });
    // The index takes the word counts (it is their last reader: rendering
    // does not need them, and they are a large share of the archive's
    // memory).
    let indexed = sources.map_err(Error::from).and_then(|()| {
        let taxonomy = (&options.taxonomy, options.precompress);
        index::build(reports, taxonomy, incremental, sink)
    });
    timings.index = started.elapsed();
    progress.stage("rendering", 0);
    let started = Instant::now();
    let rendered = indexed.and_then(|shards| {
        let (site, taxonomy) = (&options.site, &options.taxonomy);
        render::render_site(site, taxonomy, reports, &corpus, shards, memo, sink)
    });
    timings.render = started.elapsed();
    (
        rendered.map(|templates| timings.templates = templates),
        corpus,
    )
}

/// What the corpus step and the index keep between `serve`'s builds.
type Caches<'c> = (
    Option<&'c mut analyse::CorpusCache>,
    Option<&'c mut index::IndexCache>,
);

/// A warning for each limit of the configured host the site is over (an
/// error with `--strict`).
fn host_limits(
    options: &BuildOptions,
    site: &SiteSize,
    files: &HashMap<String, OutputFile>,
) -> Vec<Diagnostic> {
    let Some(host) = options.host.as_ref() else {
        return Vec::new();
    };
    let output = options.output.display().to_string();
    let help = "publish on a host whose limits the site fits (README, \"Deploying\"), or make the archive smaller";
    let severity = match options.strict {
        true => Severity::Error,
        false => Severity::Warning,
    };
    (site.over_limits(host, files).into_iter())
        .map(|message| Diagnostic {
            severity,
            ..Diagnostic::warning(output.clone(), message).help(help)
        })
        .collect()
}

/// The last build's outcome, if its inputs were `inputs` (rule "same
/// inputs, same site") and its output is still there.
fn last_site<'c>(
    cache: &'c Cache,
    inputs: Option<u64>,
    options: &BuildOptions,
) -> Option<&'c Made> {
    let last = cache.last.as_ref().filter(|(fp, _)| Some(*fp) == inputs);
    let made = last.map(|(_, made)| made)?;
    write::Update::new(&options.output).map(|_| made)
}

/// Where a build writes: an update of the output when the cache describes
/// the site in it, else a staging folder.
fn target(output: &std::path::Path, cache: Option<&Cache>) -> Result<Target, Diagnostic> {
    let update = cache
        .filter(|c| !c.files.is_empty())
        .and_then(|_| write::Update::new(output));
    match update {
        Some(update) => Ok(Target::Update(update)),
        None => write::Staging::create(output).map(Target::Staging),
    }
}

/// Puts a finished build in place: swaps the staging folder in, or applies
/// the update (removing the last build's files this one did not make).
fn commit(
    target: Target,
    previous: Option<&HashMap<String, OutputFile>>,
    hashes: &HashMap<String, OutputFile>,
) -> Result<(), Diagnostic> {
    match target {
        Target::Staging(staging) => staging.commit(),
        Target::Update(update) => {
            let mut removed: Vec<&str> = previous
                .into_iter()
                .flat_map(|p| p.keys())
                .filter(|path| !hashes.contains_key(*path))
                .map(String::as_str)
                .collect();
            removed.sort_unstable();
            update.apply(removed.into_iter())
        }
    }
}

/// Writes each report's original text (`sources/<slug>.txt`, unless the
/// memo has it unchanged), read again from its file (rule "read twice, not
/// held", in [`load_one`]). A file whose bytes are no longer those the
/// report was made from (saved during the build) is an error: the page
/// would not be the report's.
fn write_sources(
    reports: &[Report],
    memo: Option<&crate::memo::Memo>,
    sink: &dyn crate::model::PageSink,
) -> Result<(), Diagnostic> {
    reports.par_iter().try_for_each(|report| {
        let path = render::source_path(report);
        let page = if crate::memo::unchanged(memo, &path, report.fingerprint) {
            Page::unchanged(path)
        } else {
            render::source_page(path, &read_again(report)?)
        };
        sink.page(page).map_err(Error::into_diagnostic)
    })
}

/// A report's original text, from its file read again.
fn read_again(report: &Report) -> Result<String, Diagnostic> {
    let changed = || {
        Diagnostic::error(
            &report.source,
            "the file changed while the site was being built",
        )
        .help("build again once the file is saved")
    };
    let bytes = std::fs::read(&report.path).map_err(|e| {
        Diagnostic::error(&report.source, format!("cannot read the file again: {e}"))
            .help("check that the file was not moved or deleted during the build, and build again")
    })?;
    if crate::memo::fingerprint((bytes_hash(&bytes), &report.source)) != report.fingerprint {
        return Err(changed());
    }
    decode::decode_known(&bytes, report.encoding).ok_or_else(changed)
}

/// Whether any diagnostic is an error, which stops the build before
/// anything is written.
fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_original_text_is_read_again_only_from_an_unchanged_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        let text =
            "关于2022年法治政府建设情况的报告\r\n一、主要举措和成效\r\n现将有关情况报告如下："
                .repeat(40);
        std::fs::write(&file, encoding_rs::GB18030.encode(&text).0).unwrap();
        let (reports, _) = load_reports(dir.path(), &Taxonomy::default());
        let report = &reports[0];
        assert_eq!(report.encoding, "GBK");
        assert_eq!(
            read_again(report).unwrap(),
            report.original,
            "as first decoded"
        );
        std::fs::write(&file, text.replacen("2022", "2023", 1)).unwrap();
        let changed = read_again(report).unwrap_err();
        assert!(changed.message.contains("changed while"), "{changed:?}");
        assert_eq!(changed.file, "a.txt");
        std::fs::remove_file(&file).unwrap();
        let gone = read_again(report).unwrap_err();
        assert!(
            gone.message.contains("cannot read the file again"),
            "{gone:?}"
        );
    }
}
