//! The `baogao` command: `init`, `build`, `serve`, `check`.

use baogao::check;
use baogao::config::{self, with_trailing_slash, Config};
use baogao::model::{Diagnostic, Severity};
use baogao::pipeline::{build, BuildOptions};
use baogao::printer::{counts, plural, Printer};
use baogao::serve::{self, Inputs, Resolved};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

// The build allocates many small strings and maps on every thread (parsing,
// term counting, templates); mimalloc's per-thread heaps cut the time spent
// in the system allocator, which profiles showed as a quarter of the build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// baogao (报告): builds a static, searchable archive site from Chinese
/// government annual reports on rule-of-law government building
/// (法治政府建设年度报告), given as plain text or Markdown files.
///
/// Start with `baogao init my-archive`, then `cd my-archive` and
/// `baogao serve` (or `baogao build`).
#[derive(Parser)]
#[command(name = "baogao", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print errors only: no warnings, progress or summary.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print the time of each build stage.
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new archive folder: a commented baogao.toml and content/
    /// with one sample report. `baogao build` works in it at once.
    Init(InitArgs),
    /// Build the site from the reports in the content folder.
    ///
    /// Reads every .txt and .md file under --content (UTF-8, GBK/GB18030 or
    /// UTF-16 with BOM), recovers each report's metadata and structure, and
    /// writes the site into --output. The output is replaced only when the
    /// whole build succeeds; on any error the previous site is left as it
    /// was and every error is listed.
    Build(BuildArgs),
    /// Build, serve the site on 127.0.0.1, and rebuild and reload the open
    /// pages whenever a report, template, static file or the configuration
    /// changes.
    ///
    /// A failed rebuild is printed and shown over the open pages; the last
    /// good site keeps being served.
    Serve(ServeArgs),
    /// Check the reports without writing the site, and every link and
    /// anchor of the built site. Exits non-zero when something is broken.
    ///
    /// Content: files that cannot be decoded or were re-encoded, reports
    /// whose title, issuer or year were not found, malformed front matter,
    /// top-level sections that are none of the five mandated parts,
    /// mandated parts missing, the same report under two names, citations
    /// that look broken. Links: every internal href, src and #anchor of
    /// every page of the built site (--output, or --site) must resolve.
    Check(CheckArgs),
}

/// Where the inputs and the output are; every option overrides baogao.toml.
#[derive(Args, Clone)]
struct SiteArgs {
    /// Folder that holds the reports [default: content, or [build] content
    /// in baogao.toml].
    #[arg(long, value_name = "DIR")]
    content: Option<PathBuf>,
    /// Folder to write the site into (created by baogao; an existing
    /// folder not made by baogao is never overwritten) [default: public,
    /// or [build] output in baogao.toml].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Settings file (site title, base URL, folders, deadline, topics)
    /// [default: baogao.toml in the current folder, if there is one].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Args)]
struct InitArgs {
    /// The folder to create (it must not exist, or be empty).
    dir: PathBuf,
}

/// What `baogao build` was asked to do.
#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Absolute URL the site will be published under, e.g.
    /// https://example.org/reports/ — for canonical links, the sitemap and
    /// the feed; links between pages stay relative, so the site also works
    /// from disk and under any sub-path.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Print the time each stage of the build took, and the templates the
    /// render stage spent longest with.
    #[arg(long)]
    timings: bool,
    /// Fail on warnings too (nothing is written).
    #[arg(long)]
    strict: bool,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, short, default_value_t = 8000)]
    port: u16,
    /// Address to listen on. The default serves this computer only; give
    /// 0.0.0.0 to let other computers of the network see the site.
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    interface: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Base URL for canonical links, as for `build`.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Treat warnings as errors: a build with warnings is shown as failed.
    #[arg(long)]
    strict: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Check the links of this built site only (with --content, the
    /// content too) [default: the content, and the links of --output if it
    /// has been built].
    #[arg(long = "site", value_name = "DIR")]
    site_dir: Option<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// rustc-style diagnostics on stderr.
    Human,
    /// One JSON object on stdout: {"diagnostics": [...], "summary": {...}}.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = cli.quiet;
    let verbose = cli.verbose;
    match cli.command {
        Command::Init(args) => run_init(args, quiet),
        Command::Build(args) => run_build(args, quiet, verbose),
        Command::Serve(args) => run_serve(args, quiet, verbose),
        Command::Check(args) => run_check(args, quiet),
    }
}

fn run_init(args: InitArgs, quiet: bool) -> ExitCode {
    match baogao::init::init(&args.dir) {
        Ok(files) => {
            if !quiet {
                for f in files {
                    eprintln!("created {}", f.display());
                }
                let dir = args.dir.display();
                eprintln!(
                    "\nA new archive with one sample report. Next:\n  cd {dir}\n  baogao serve      # build, serve at http://127.0.0.1:8000/, rebuild on change\n  baogao build      # or: build the site into public/\nPut the reports (.txt or .md) into content/ and edit baogao.toml."
                );
            }
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!(
                "{}",
                Diagnostic::error(args.dir.display().to_string(), msg)
                    .help("give a new folder's name: `baogao init my-archive`")
            );
            ExitCode::FAILURE
        }
    }
}

/// The settings a command runs with: baogao.toml, overridden by the
/// command line.
struct Settings {
    config: Config,
    config_path: PathBuf,
    content: PathBuf,
    output: PathBuf,
}

/// Reads the configuration and the site's own templates and static files,
/// and applies the command line over them. On errors, the folders the
/// command would use are still given (for the content's own errors).
fn settings(args: &SiteArgs, base_url: Option<&str>) -> (Settings, Vec<Diagnostic>) {
    let config_path = args
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from(config::DEFAULT_FILE));
    let mut errors = Vec::new();
    let mut config = match Config::load(&config_path, args.config.is_some()) {
        Ok(config) => config,
        Err(e) => {
            errors.push(e);
            Config {
                root: config_path
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
                ..Config::default()
            }
        }
    };
    if let Err(e) = config.load_overrides() {
        errors.extend(e);
    }
    if let Some(url) = base_url {
        if config::is_absolute_web_url(url) {
            config.site.base_url = Some(with_trailing_slash(url));
        } else {
            errors.push(
                Diagnostic::error("--base-url", format!("{url:?} is not an absolute http(s) URL"))
                    .help("give the address the site will be published under, e.g. https://example.org/reports/"),
            );
        }
    }
    let content = args
        .content
        .clone()
        .or_else(|| config.content.clone())
        .unwrap_or_else(|| config.root.join(config::DEFAULT_CONTENT));
    let output = args
        .output
        .clone()
        .or_else(|| config.output.clone())
        .unwrap_or_else(|| config.root.join(config::DEFAULT_OUTPUT));
    let content = tidy(content);
    let output = tidy(output);
    (
        Settings {
            config,
            config_path,
            content,
            output,
        },
        errors,
    )
}

/// `./content` → `content`, for messages.
fn tidy(path: PathBuf) -> PathBuf {
    match path.strip_prefix(".") {
        Ok(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => path,
    }
}

fn build_options(s: &Settings, strict: bool) -> BuildOptions {
    BuildOptions {
        site: s.config.site.clone(),
        taxonomy: s.config.taxonomy.clone(),
        issuer_aliases: s.config.issuer_aliases.clone(),
        strict,
        precompress: s.config.precompress,
        host: s.config.host.map(|h| h.limits()),
        ..BuildOptions::new(&s.content, &s.output)
    }
}

fn run_build(args: BuildArgs, quiet: bool, verbose: bool) -> ExitCode {
    let started = Instant::now();
    let (settings, config_errors) = settings(&args.site, args.base_url.as_deref());
    let printer = Printer {
        content: Some(settings.content.clone()),
        quiet,
    };
    let output = settings.output.display().to_string();
    if !config_errors.is_empty() {
        // Report the content's errors with the configuration's: all the
        // errors of the run at once.
        let (_, content_diagnostics) =
            baogao::pipeline::load_reports(&settings.content, &settings.config.taxonomy);
        let mut all = config_errors;
        all.extend(content_diagnostics);
        printer.print(&all);
        let (errors, _) = counts(&all);
        eprintln!(
            "build failed with {}; {output} was left as it was",
            plural(errors, "error")
        );
        return ExitCode::FAILURE;
    }
    let mut options = build_options(&settings, args.strict);
    if !quiet {
        options.progress = baogao::progress::terminal();
    }
    let result = build(&options);
    drop(options);
    match result {
        Ok(summary) => {
            printer.print(&summary.warnings);
            if args.timings || verbose {
                for line in summary.timings.lines() {
                    eprintln!("{line}");
                }
            }
            if !quiet {
                eprintln!(
                    "built {} and {} ({} files) into {output} in {:.2?}, {}",
                    plural(summary.reports, "report"),
                    plural(summary.pages, "page"),
                    summary.files,
                    started.elapsed(),
                    plural(summary.warnings.len(), "warning"),
                );
                eprintln!("{}", baogao::printer::site_size(&summary.site));
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            printer.print(&failure.diagnostics);
            let (errors, warnings) = counts(&failure.diagnostics);
            let strict = if args.strict && warnings == 0 && errors > 0 {
                " (warnings count as errors with --strict)"
            } else {
                ""
            };
            eprintln!(
                "build failed with {}{strict}; {output} was left as it was",
                plural(errors, "error")
            );
            ExitCode::FAILURE
        }
    }
}

fn run_serve(args: ServeArgs, quiet: bool, verbose: bool) -> ExitCode {
    let site_args = args.site.clone();
    let base_url = args.base_url.clone();
    let strict = args.strict;
    let (first, _) = settings(&site_args, base_url.as_deref());
    let inputs = |s: &Settings| Inputs {
        content: s.content.clone(),
        root: s.config.root.clone(),
        config: s.config_path.clone(),
        output: s.output.clone(),
    };
    let initial = inputs(&first);
    let resolve = Box::new(move || {
        let (s, errors) = settings(&site_args, base_url.as_deref());
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Resolved {
            options: build_options(&s, strict),
            inputs: inputs(&s),
        })
    });
    let printer = Printer {
        content: Some(first.content.clone()),
        quiet,
    };
    let options = serve::ServeOptions {
        addr: SocketAddr::new(args.interface, args.port),
        open: args.open,
        printer,
        verbose,
    };
    match serve::serve(serve::Site::new(resolve, initial), options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// `check --format json`.
#[derive(Serialize)]
struct CheckOutput<'a> {
    diagnostics: &'a [Diagnostic],
    summary: CheckSummary,
}

#[derive(Serialize)]
struct CheckSummary {
    reports: Option<usize>,
    pages: Option<usize>,
    links: Option<usize>,
    errors: usize,
    warnings: usize,
    ok: bool,
}

fn run_check(args: CheckArgs, quiet: bool) -> ExitCode {
    let (settings, mut diagnostics) = settings(&args.site, None);
    let printer = Printer {
        content: Some(settings.content.clone()),
        quiet,
    };
    let check_content = args.site_dir.is_none() || args.site.content.is_some();
    let mut reports = None;
    if check_content {
        let config = &settings.config;
        let (n, found) =
            check::content::check(&settings.content, &config.taxonomy, &config.issuer_aliases);
        reports = Some(n);
        diagnostics.extend(found);
    }
    let site = match &args.site_dir {
        Some(dir) => Some(dir.clone()),
        None => settings
            .output
            .join(baogao::write::MARKER)
            .is_file()
            .then(|| settings.output.clone()),
    };
    let mut pages = None;
    let mut links = None;
    if let Some(site) = &site {
        let shown = format!("{}/", site.display().to_string().trim_end_matches('/'));
        let found = check::links::check(site, &shown);
        pages = Some(found.pages);
        links = Some(found.links);
        diagnostics.extend(found.diagnostics);
    }
    if args.strict {
        for d in &mut diagnostics {
            d.severity = Severity::Error;
        }
    }
    let (errors, warnings) = counts(&diagnostics);
    let ok = errors == 0;
    let summary = CheckSummary {
        reports,
        pages,
        links,
        errors,
        warnings,
        ok,
    };
    match args.format {
        Format::Json => print_check_json(&printer, &diagnostics, summary),
        Format::Human => {
            printer.print(&diagnostics);
            if !quiet || !ok {
                let output = &settings.output;
                eprintln!(
                    "{}",
                    check_summary(&settings.content, (site.as_deref(), output), &summary)
                );
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `check --format json`: the diagnostics, files named as the user can
/// open them, and the summary.
fn print_check_json(printer: &Printer, diagnostics: &[Diagnostic], summary: CheckSummary) {
    let shown: Vec<Diagnostic> = diagnostics
        .iter()
        .map(|d| Diagnostic {
            file: printer.shown_file(d),
            ..d.clone()
        })
        .collect();
    let out = CheckOutput {
        diagnostics: &shown,
        summary,
    };
    match serde_json::to_string_pretty(&out) {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("error: {e}"),
    }
}

/// The line `check` ends with: what it checked, and how many errors and
/// warnings it found. `site` is the built site checked, if any; `output`
/// the folder a build would write.
fn check_summary(
    content: &std::path::Path,
    (site, output): (Option<&std::path::Path>, &std::path::Path),
    summary: &CheckSummary,
) -> String {
    let mut parts = Vec::new();
    if let Some(n) = summary.reports {
        parts.push(format!("{} in {}", plural(n, "report"), content.display()));
    }
    match (site, summary.pages, summary.links) {
        (Some(site), Some(p), Some(l)) => parts.push(format!(
            "{} ({}) in {}",
            plural(p, "page"),
            plural(l, "link"),
            site.display()
        )),
        _ => parts.push(format!(
            "no links ({} has not been built; `baogao build` first, or --site DIR)",
            output.display()
        )),
    }
    format!(
        "checked {}: {}, {}",
        parts.join(" and "),
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning")
    )
}
