//! `baogao serve`: build, serve the site on the loopback interface, watch
//! the content, templates, static files and configuration, rebuild on
//! change and reload the open pages. A failed rebuild is printed and shown
//! over the pages while the last good site keeps being served.
//!
//! [`http`] serves files and the reload events, [`watch`] turns file-system
//! events into batches of changed paths, and [`Site::rebuild`] is the one
//! place a rebuild happens.

pub mod http;
pub mod watch;

use crate::error::Error;
use crate::model::Diagnostic;
use crate::pipeline::{self, BuildOptions, BuildSummary};
use crate::printer::{counts, plural, Printer};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

/// Where a site's inputs are: what `serve` watches.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The folder the reports are read from.
    pub content: PathBuf,
    /// The site's folder, holding `templates/` and `static/`.
    pub root: PathBuf,
    /// The configuration file (`baogao.toml` or `--config`), which may not
    /// exist.
    pub config: PathBuf,
    /// The folder the site is written to and served from; nothing in it is an
    /// input.
    pub output: PathBuf,
}

/// What resolving the command line and configuration gives: the build to
/// run and where its inputs are.
pub struct Resolved {
    /// The build to run.
    pub options: BuildOptions,
    /// Where the build's inputs are, for the watcher.
    pub inputs: Inputs,
}

/// Reads the configuration (again) and gives the build to run.
pub type Resolver = Box<dyn FnMut() -> Result<Resolved, Vec<Diagnostic>> + Send>;

/// The site being served, how to build it, and what the last build left
/// for the next (the [`pipeline::Cache`]).
pub struct Site {
    resolve: Resolver,
    /// Where the inputs were last seen to be.
    pub inputs: Inputs,
    cache: pipeline::Cache,
}

impl Site {
    /// A site not built yet: each build is the one `resolve` gives, and
    /// `inputs` stand until a build resolves them again.
    pub fn new(resolve: Resolver, inputs: Inputs) -> Self {
        Site {
            resolve,
            inputs,
            cache: pipeline::Cache::default(),
        }
    }

    /// Builds the site: fully the first time, then incrementally. The
    /// configuration, the site's templates and static files and every
    /// report file are read again, and the cache finds what changed (by
    /// content, not by which paths the watcher saw): only changed reports
    /// are parsed again, only pages whose inputs changed are rendered, and
    /// only files whose bytes changed are replaced.
    pub fn rebuild(&mut self) -> Result<BuildSummary, Vec<Diagnostic>> {
        let resolved = (self.resolve)()?;
        self.inputs = resolved.inputs;
        pipeline::rebuild(&resolved.options, &mut self.cache).map_err(|f| f.diagnostics)
    }
}

/// What the server and the open pages know about the builds.
#[derive(Debug)]
pub struct State {
    /// Counts finished builds, good or bad; pages compare it to reload.
    pub generation: u64,
    /// Distinguishes this run of `serve` from an earlier one on the port.
    pub instance: u64,
    /// The text of the last build's errors, while it failed.
    pub error: Option<String>,
    /// A build is running (its output may be being swapped in).
    pub building: bool,
    /// The folder served.
    pub output: PathBuf,
}

/// [`State`] and the condition variable pages' event streams wait on.
pub struct Shared {
    /// The builds' state, as pages and the server read it.
    pub state: Mutex<State>,
    /// Notified whenever the state changes: pages' event streams wait on it.
    pub changed: Condvar,
}

impl Shared {
    /// The state of a site served from `output`: a build running, none
    /// finished, this run's instance taken from the clock.
    pub fn new(output: PathBuf) -> Arc<Shared> {
        let instance = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        Arc::new(Shared {
            state: Mutex::new(State {
                generation: 0,
                instance,
                error: None,
                building: true,
                output,
            }),
            changed: Condvar::new(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn update(&self, f: impl FnOnce(&mut State)) {
        f(&mut self.lock());
        self.changed.notify_all();
    }
}

/// How `serve` was asked to run.
pub struct ServeOptions {
    /// The address and port to listen on.
    pub addr: SocketAddr,
    /// Opens the site in a browser once it is served (`--open`).
    pub open: bool,
    /// Prints diagnostics and what each rebuild did.
    pub printer: Printer,
    /// Prints the timings of each rebuild (`build --timings`'s lines).
    pub verbose: bool,
}

/// Builds, serves and rebuilds until the process is stopped.
pub fn serve(mut site: Site, options: ServeOptions) -> Result<(), Error> {
    let listener = TcpListener::bind(options.addr).map_err(|e| {
        serve_error(format!(
            "cannot listen on {}: {e}; choose another port with --port N",
            options.addr
        ))
    })?;
    let addr = (listener.local_addr())
        .map_err(|e| serve_error(format!("cannot read the address listened on: {e}")))?;
    let shared = Shared::new(site.inputs.output.clone());
    let printer = &options.printer;
    // Watching starts before the first build: a change made while it runs,
    // or right after the address is printed, is not missed.
    let mut watcher = watch::Watcher::new(&site.inputs)?;
    rebuild(&mut site, &shared, printer, options.verbose);
    if watcher.follow(&site.inputs) {
        rebuild(&mut site, &shared, printer, options.verbose);
    }
    http::spawn(listener, Arc::clone(&shared))?;
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_owned(),
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());
    println!("serving {} at {url}", site.inputs.output.display());
    println!("watching for changes; press Ctrl-C to stop");
    if options.open {
        open_browser(&url);
    }
    loop {
        let changed = watcher.next_batch();
        if changed.is_empty() {
            continue;
        }
        if !printer.quiet {
            let cwd = std::env::current_dir().unwrap_or_default();
            for path in changed.iter().take(5) {
                let shown = path.strip_prefix(&cwd).unwrap_or(path);
                eprintln!("changed: {}", shown.display());
            }
            if changed.len() > 5 {
                eprintln!("… and {} more", changed.len() - 5);
            }
        }
        rebuild(&mut site, &shared, printer, options.verbose);
        if watcher.follow(&site.inputs) {
            rebuild(&mut site, &shared, printer, options.verbose);
        }
    }
}

/// Runs one rebuild and tells the pages how it went.
fn rebuild(site: &mut Site, shared: &Shared, printer: &Printer, verbose: bool) {
    shared.update(|s| s.building = true);
    let started = Instant::now();
    let result = site.rebuild();
    let elapsed = started.elapsed();
    match result {
        Ok(summary) => {
            printer.print(&summary.warnings);
            if verbose {
                for line in summary.timings.lines() {
                    eprintln!("{line}");
                }
            }
            if !printer.quiet {
                eprintln!(
                    "built {} and {} ({}; {} written) in {:.2?}",
                    plural(summary.reports, "report"),
                    plural(summary.pages, "page"),
                    plural(summary.warnings.len(), "warning"),
                    plural(summary.rewritten, "file"),
                    elapsed
                );
            }
            shared.update(|s| {
                s.generation += 1;
                s.error = None;
                s.building = false;
                s.output = site.inputs.output.clone();
            });
        }
        Err(diagnostics) => {
            printer.print(&diagnostics);
            let (errors, _) = counts(&diagnostics);
            let kept = if site.inputs.output.join(crate::write::MARKER).is_file() {
                "the last good site is still served"
            } else {
                "there is no site to serve yet"
            };
            eprintln!("build failed with {}; {kept}", plural(errors, "error"));
            let printer = Printer {
                quiet: true,
                ..printer.clone()
            };
            let errors_only: Vec<Diagnostic> = diagnostics
                .into_iter()
                .filter(|d| d.severity == crate::model::Severity::Error)
                .collect();
            let text = printer.render_all(&errors_only).trim_end().to_owned();
            shared.update(|s| {
                s.generation += 1;
                s.error = Some(text);
                s.building = false;
            });
        }
    }
}

/// Opens `url` in the desktop's browser; a failure is only reported.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let opened = std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = opened {
        eprintln!("warning: cannot open a browser ({program}: {e}); open {url} yourself");
    }
}

/// An [`Error::Serve`] saying `what`.
fn serve_error(what: String) -> Error {
    Error::Serve { what }
}
