//! A synthetic archive for benchmarks and scale tests — test data, never
//! content to publish. Reports are recombined from the real ones in
//! `content/`: sections taken from different reports, in varied orders,
//! headings renumbered in the styles real reports use, issuers and years
//! varied across the country's counties, sizes from 5 to 40 KB distributed
//! like published reports (most near 10 KB, a tail of long ones), about one in
//! ten written in GBK and one in twenty as Markdown. The same seed gives the
//! same archive. Every file is named `synthetic-*` and ends with a line that
//! says it is synthetic.
//!
//! With `--hugo DIR` it also writes the same reports as a Hugo site (Markdown
//! pages, minimal templates): the peer the benchmark times baogao against.
//!
//! `cargo run --release --example synth -- --reports 10000 --out DIR [--seed N] [--content DIR] [--hugo DIR]`

use baogao::model::{Report, Section};
use baogao::pipeline::load_reports;
use std::path::{Path, PathBuf};

/// A small deterministic generator (xorshift64*): test data needs
/// reproducibility, not statistical quality.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

struct Args {
    reports: usize,
    out: PathBuf,
    seed: u64,
    content: PathBuf,
    hugo: Option<PathBuf>,
}

fn args() -> Args {
    let mut args = Args {
        reports: 1000,
        out: PathBuf::from("synthetic"),
        seed: 1,
        content: PathBuf::from("content"),
        hugo: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--reports" => args.reports = value.parse().expect("--reports N"),
            "--out" => args.out = PathBuf::from(value),
            "--seed" => args.seed = value.parse().expect("--seed N"),
            "--content" => args.content = PathBuf::from(value),
            "--hugo" => args.hugo = Some(PathBuf::from(value)),
            other => panic!(
                "unknown option {other}; use --reports N --out DIR [--seed N] [--content DIR] [--hugo DIR]"
            ),
        }
    }
    args
}

/// County-level places to issue the synthetic reports, from the bundled
/// division data.
fn places() -> Vec<String> {
    let data: serde_json::Value =
        serde_json::from_str(include_str!("../assets/regions/pca-code.json"))
            .expect("division data");
    let mut places = Vec::new();
    for province in data.as_array().expect("provinces") {
        for city in province["children"].as_array().into_iter().flatten() {
            for county in city["children"].as_array().into_iter().flatten() {
                if let Some(name) = county["name"].as_str().filter(|n| *n != "市辖区") {
                    places.push(name.to_owned());
                }
            }
        }
    }
    places
}

const ORGANS: &[&str] = &[
    "人民政府",
    "司法局",
    "经济开发区管委会",
    "高新区管委会",
    "街道办事处",
];

/// How a heading level is numbered: the marker of the n-th heading.
type Numbering = fn(usize) -> String;

/// Heading styles for the top level and the level below, as real reports
/// number them.
const STYLES: &[(Numbering, Numbering)] = &[
    (|i| format!("{}、", cn(i)), |i| format!("（{}）", cn(i))),
    (|i| format!("## **{}、", cn(i)), |i| format!("({}) ", cn(i))),
    (|i| format!("第{}部分 ", cn(i)), |i| format!("{}.", i)),
    (|i| format!("{}、", cn(i)), |i| format!("{}、", i)),
];

fn cn(n: usize) -> String {
    const D: [&str; 11] = [
        "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    ];
    if n <= 10 {
        D[n].to_owned()
    } else {
        format!("十{}", D[n % 10])
    }
}

fn main() {
    let args = args();
    let (sources, _) = load_reports(&args.content, &Default::default());
    assert!(
        !sources.is_empty(),
        "no reports in {}",
        args.content.display()
    );
    let sections: Vec<&Section> = sources.iter().flat_map(|r| &r.sections).collect();
    let places = places();
    let mut rng = Rng(args.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    std::fs::create_dir_all(&args.out).expect("create the output folder");
    if let Some(hugo) = &args.hugo {
        hugo_site(hugo);
    }
    for n in 0..args.reports {
        let report = synthesize(&mut rng, &sources, &sections, &places);
        if let Some(hugo) = &args.hugo {
            hugo_page(hugo, n, &report);
        }
        write(&args.out, n, &report, &mut rng);
    }
    eprintln!(
        "wrote {} synthetic reports into {}",
        args.reports,
        args.out.display()
    );
}

/// Shortest and longest target size of a report, in bytes.
const MIN_SIZE: f64 = 5_000.0;
const MAX_SIZE: f64 = 40_000.0;

/// A report's target size: `MIN · (MAX/MIN)^(u³)` for `u` uniform in
/// [0, 1), so that sizes run from 5 to 40 KB but most reports are short,
/// as published ones are (the five in `content/` are 6–15 KB, mean 9.7 KB;
/// issue 6's reference archive of 10,000 is 108 MB): a median near 6.5 KB,
/// a mean near 10 KB before a report's last section overshoots it.
fn target_size(rng: &mut Rng) -> usize {
    let u = rng.below(1_000_000) as f64 / 1_000_000.0;
    (MIN_SIZE * (MAX_SIZE / MIN_SIZE).powf(u.powi(3))) as usize
}

fn synthesize(
    rng: &mut Rng,
    sources: &[Report],
    sections: &[&Section],
    places: &[String],
) -> String {
    let place = &places[rng.below(places.len())];
    let organ = ORGANS[rng.below(ORGANS.len())];
    let year = 2018 + rng.below(7);
    let target = target_size(rng);
    let style = STYLES[rng.below(STYLES.len())];
    let mut text = format!("{place}{organ}\n关于{year}年法治政府建设情况的报告\n\n");
    let opening = &sources[rng.below(sources.len())];
    for p in &opening.preamble {
        text.push_str(&p.text);
        text.push('\n');
    }
    let mut i = 0;
    while text.len() < target && i < 12 {
        i += 1;
        let s = sections[rng.below(sections.len())];
        let bold = style.0(i).starts_with("## **");
        text.push_str(&format!(
            "{}{}{}\n",
            style.0(i),
            s.heading,
            if bold { "**" } else { "" }
        ));
        for p in &s.paragraphs {
            text.push_str(&p.text);
            text.push('\n');
        }
        for (j, child) in s.children.iter().enumerate() {
            text.push_str(&format!("{}{}\n", style.1(j + 1), child.heading));
            for p in child.all_paragraphs() {
                text.push_str(&p.text);
                text.push('\n');
            }
        }
    }
    text.push_str(&format!(
        "\n{place}{organ}\n{}年{}月{}日\n",
        year + 1,
        1 + rng.below(3),
        1 + rng.below(28)
    ));
    text.push_str("（本报告为合成测试数据，由真实报告重新组合而成。）\n");
    text
}

fn write(dir: &Path, n: usize, text: &str, rng: &mut Rng) {
    let (ext, bytes) = match rng.below(20) {
        0 => (
            "md",
            text.replace("## **", "## ")
                .replace("**\n", "\n")
                .into_bytes(),
        ),
        1 | 2 => ("txt", encoding_rs::GBK.encode(text).0.into_owned()),
        _ => ("txt", text.as_bytes().to_vec()),
    };
    let path = dir.join(format!("synthetic-{n:05}.{ext}"));
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A Hugo site with the least a site needs: a configuration and templates
/// for a page, a list (paged, 100 a page) and the base.
fn hugo_site(dir: &Path) {
    let files = [
        (
            "hugo.toml",
            "baseURL = \"/\"\nlanguageCode = \"zh-CN\"\ntitle = \"synthetic\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n[pagination]\npagerSize = 100\n",
        ),
        (
            "layouts/baseof.html",
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
        ),
        (
            "layouts/single.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n",
        ),
        (
            "layouts/list.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range (.Paginate .RegularPagesRecursive).Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
        ),
    ];
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("create a Hugo folder");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

/// A report as a Hugo page: its first line the title, each line a
/// paragraph (Markdown needs a blank line between them).
fn hugo_page(dir: &Path, n: usize, text: &str) {
    let title = text.lines().nth(1).unwrap_or_default();
    let title = serde_json::to_string(title).expect("a string serialises");
    let body = text.replace('\n', "\n\n");
    let path = dir.join(format!("content/reports/synthetic-{n:05}.md"));
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("create the content folder");
    std::fs::write(&path, format!("+++\ntitle = {title}\n+++\n{body}"))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
