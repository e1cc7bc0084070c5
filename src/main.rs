//! The `baogao` command.

use baogao::config::{with_trailing_slash, Config};
use baogao::model::{Diagnostic, Severity};
use baogao::pipeline::{build, BuildOptions};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
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
#[derive(Parser)]
#[command(name = "baogao", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from the reports in the content folder.
    ///
    /// Reads every .txt and .md file under --content (UTF-8, GBK/GB18030 or
    /// UTF-16 with BOM), recovers each report's metadata and structure, and
    /// writes the site into --output. The output is replaced only when the
    /// whole build succeeds; on any error the previous site is left as it
    /// was and every error is listed.
    Build(BuildArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(args),
    }
}

/// What `baogao build` was asked to do.
#[derive(Args)]
struct BuildArgs {
    /// Folder that holds the reports.
    #[arg(long, value_name = "DIR", default_value = "content")]
    content: PathBuf,
    /// Folder to write the site into (created by baogao; an existing
    /// folder not made by baogao is never overwritten).
    #[arg(long, value_name = "DIR", default_value = "public")]
    output: PathBuf,
    /// Absolute URL the site will be published under, e.g.
    /// https://example.org/reports/ — used for canonical links only;
    /// links between pages stay relative, so the site also works from
    /// disk and under any sub-path.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Print the time each stage of the build took.
    #[arg(long)]
    timings: bool,
    /// Settings file (site title, base URL, deadline, topics). Default:
    /// baogao.toml in the current folder, if there is one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

fn run_build(args: BuildArgs) -> ExitCode {
    let BuildArgs {
        content,
        output,
        base_url,
        timings,
        config,
    } = args;
    let started = Instant::now();
    let config_path = config
        .clone()
        .unwrap_or_else(|| PathBuf::from(baogao::config::DEFAULT_FILE));
    let mut config = match Config::load(&config_path, config.is_some()) {
        Ok(config) => config,
        Err(e) => {
            print_diagnostics(&[e]);
            eprintln!(
                "build failed: the configuration is invalid; {} was left as it was",
                output.display()
            );
            return ExitCode::FAILURE;
        }
    };
    if let Some(url) = base_url {
        config.site.base_url = Some(with_trailing_slash(&url));
    }
    let options = BuildOptions {
        site: config.site,
        taxonomy: config.taxonomy,
        ..BuildOptions::new(content, &output)
    };
    match build(&options) {
        Ok(summary) => {
            print_diagnostics(&summary.warnings);
            if timings {
                for line in summary.timings.lines() {
                    eprintln!("{line}");
                }
            }
            eprintln!(
                "built {} reports into {} ({} files, {} warnings) in {:.2?}",
                summary.reports,
                output.display(),
                summary.files,
                summary.warnings.len(),
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            let errors = failure
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            eprintln!(
                "build failed with {errors} error(s); {} was left as it was",
                output.display()
            );
            ExitCode::FAILURE
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}
