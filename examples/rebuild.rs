//! Benchmark of `serve`'s incremental rebuilds (run by scripts/bench.sh):
//! builds a copy of an archive once (full, filling the cache), then edits
//! one report at a time (a sentence added to a paragraph in its middle) and
//! rebuilds incrementally, printing each rebuild's time and files written.
//!
//!   cargo run --release --example rebuild -- --content DIR [--edits N] [--timings] [--unchanged N] [--verify]
//!
//! With `--verify`, the output after the last edit is compared, file by
//! file, with a full build of the edited content.

use baogao::pipeline::{self, BuildOptions, BuildSummary, Cache};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// As in the binary (src/main.rs), so that the figures are `serve`'s.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let content = PathBuf::from(value("--content").expect("--content DIR"));
    let edits: usize = value("--edits").map_or(5, |n| n.parse().expect("--edits N"));
    let work = std::env::temp_dir().join(format!("baogao-rebuild-{}", std::process::id()));
    let copy = work.join("content");
    copy_dir(&content, &copy);
    let options = BuildOptions::new(&copy, work.join("public"));
    let mut cache = Cache::default();
    let (full, summary) = timed(|| pipeline::rebuild(&options, &mut cache));
    println!(
        "full build        {:>9.1} ms  ({} files)",
        ms(full),
        summary.files
    );
    let (none, summary) = timed(|| pipeline::rebuild(&options, &mut cache));
    println!(
        "no change         {:>9.1} ms  ({} files written)",
        ms(none),
        summary.rewritten
    );
    for _ in 1..value("--unchanged").map_or(1, |n| n.parse().expect("--unchanged N")) {
        timed(|| pipeline::rebuild(&options, &mut cache));
    }
    if args.iter().any(|a| a == "--timings") {
        for line in summary.timings.lines() {
            println!("  {line}");
        }
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&copy)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.retain(|p| std::fs::read_to_string(p).is_ok());
    let (mut times, mut cpu_times) = (Vec::new(), Vec::new());
    for k in 0..edits.min(files.len()) {
        let file = &files[(k * 7919) % files.len()];
        edit(file, k);
        let cpu_before = cpu_time();
        let (time, summary) = timed(|| pipeline::rebuild(&options, &mut cache));
        let cpu = cpu_time() - cpu_before;
        println!(
            "edit one report   {:>9.1} ms  (CPU {:>6.1} ms; {} files written)  {}",
            ms(time),
            ms(cpu),
            summary.rewritten,
            file.file_name().unwrap_or_default().to_string_lossy()
        );
        if args.iter().any(|a| a == "--timings") {
            for line in summary.timings.lines() {
                println!("  {line}");
            }
        }
        times.push(time);
        cpu_times.push(cpu);
    }
    times.sort();
    cpu_times.sort();
    if let (Some(median), Some(cpu)) = (times.get(times.len() / 2), cpu_times.get(times.len() / 2))
    {
        println!(
            "median edit      {:>9.1} ms  (CPU {:>6.1} ms)",
            ms(*median),
            ms(*cpu)
        );
    }
    if args.iter().any(|a| a == "--verify") {
        let full = BuildOptions::new(&copy, work.join("full"));
        pipeline::build(&full).unwrap_or_else(|f| panic!("build failed: {:?}", f.diagnostics));
        let differences = differences(&options.output, &full.output);
        println!("files unlike a full build's: {differences}");
        if differences > 0 {
            std::process::exit(1);
        }
    }
    let _ = std::fs::remove_dir_all(&work);
}

/// The files of `a` and `b` (paths relative to each) present in one only
/// or with other bytes, each named on the standard error.
fn differences(a: &Path, b: &Path) -> usize {
    let files = |root: &Path| -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let bytes = std::fs::read(e.path()).expect("readable output");
                (
                    e.path().strip_prefix(root).expect("under root").to_owned(),
                    bytes,
                )
            })
            .collect()
    };
    let (a, b) = (files(a), files(b));
    let paths: std::collections::BTreeSet<&PathBuf> = a.keys().chain(b.keys()).collect();
    let unlike: Vec<&&PathBuf> = paths.iter().filter(|p| a.get(**p) != b.get(**p)).collect();
    for path in &unlike {
        eprintln!("differs: {}", path.display());
    }
    unlike.len()
}

fn timed(
    build: impl FnOnce() -> Result<BuildSummary, pipeline::BuildFailure>,
) -> (Duration, BuildSummary) {
    let started = Instant::now();
    let summary = build().unwrap_or_else(|f| panic!("build failed: {:?}", f.diagnostics));
    (started.elapsed(), summary)
}

/// The process's CPU time (user and system, all threads) so far: steadier
/// than wall time on a shared machine.
#[cfg(target_os = "linux")]
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

#[cfg(not(target_os = "linux"))]
fn cpu_time() -> Duration {
    Duration::ZERO
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Adds a sentence to the longest line in the middle half of a report: a
/// paragraph of body text, whatever the report's layout.
fn edit(file: &Path, k: usize) {
    let text = std::fs::read_to_string(file).expect("UTF-8 report");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let (from, to) = (lines.len() / 4, (lines.len() * 3 / 4).max(1));
    let longest = (from..to.min(lines.len()))
        .max_by_key(|&i| lines[i].chars().count())
        .unwrap_or(0);
    if let Some(line) = lines.get_mut(longest) {
        line.push_str(&format!("本段为第{k}次修改所加，用于测量增量重建。"));
    }
    std::fs::write(file, lines.join("\n") + "\n").expect("writable copy");
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).expect("under from");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("create folder");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &dest).expect("copy file");
        }
    }
}
