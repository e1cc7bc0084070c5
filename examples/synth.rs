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
//! One report in five is a copy from a government portal: the portal's
//! fields above the title (`[ 发布机构 ]`, `[ 成文日期 ]`, `[ 发布日期 ]`)
//! and its page furniture (`浏览次数`, `【打印】`) around the text, the
//! portal's date up to seven weeks after the signing, so that some reports
//! went public after the deadline although they were signed before it.
//!
//! Issuers report over runs of consecutive years (a series of one to five
//! reports, the issuer's name at times written another way that the series
//! key joins), most reports measures first and plans last, and each year's
//! measures report doing some of the previous year's plan items, reworded:
//! the benchmark pairs plans with their delivery as real archives need.
//!
//! With `--hugo DIR` it also writes the same reports as a Hugo site (Markdown
//! pages, minimal templates): the peer the benchmark times baogao against.
//!
//! `cargo run --release --example synth -- --reports 10000 --out DIR [--seed N] [--content DIR] [--hugo DIR]`

use baogao::model::{MandatedPart, Report, Section};
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

/// The real sections by what they are: measures, plans, and the rest.
struct Pools<'r> {
    measures: Vec<&'r Section>,
    plans: Vec<&'r Section>,
    others: Vec<&'r Section>,
}

impl<'r> Pools<'r> {
    fn new(sources: &'r [Report]) -> Pools<'r> {
        let mut pools = Pools {
            measures: Vec::new(),
            plans: Vec::new(),
            others: Vec::new(),
        };
        for s in sources.iter().flat_map(|r| &r.sections) {
            match s.part.as_ref().and_then(|m| m.part) {
                Some(MandatedPart::Measures) => pools.measures.push(s),
                Some(MandatedPart::Plans) => pools.plans.push(s),
                _ => pools.others.push(s),
            }
        }
        let all: Vec<&Section> = sources.iter().flat_map(|r| &r.sections).collect();
        for pool in [&mut pools.measures, &mut pools.plans, &mut pools.others] {
            if pool.is_empty() {
                pool.clone_from(&all);
            }
        }
        pools
    }
}

/// Longest run of consecutive years one synthetic issuer reports.
const MAX_SERIES: usize = 5;
/// Years the synthetic reports cover: 2018 and the six after it.
const FIRST_YEAR: usize = 2018;
const YEARS: usize = 7;

fn main() {
    let args = args();
    let (sources, _) = load_reports(&args.content, &Default::default());
    assert!(
        !sources.is_empty(),
        "no reports in {}",
        args.content.display()
    );
    let pools = Pools::new(&sources);
    let places = places();
    let mut rng = Rng(args.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    std::fs::create_dir_all(&args.out).expect("create the output folder");
    if let Some(hugo) = &args.hugo {
        hugo_site(hugo);
    }
    let mut n = 0;
    while n < args.reports {
        let place = &places[rng.below(places.len())];
        let organ = rng.below(ORGANS.len());
        let length = 1 + rng.below(MAX_SERIES);
        let first = FIRST_YEAR + rng.below(YEARS + 1 - length);
        let mut planned = Vec::new();
        for year in first..first + length {
            if n == args.reports {
                break;
            }
            let issuer = format!("{place}{}", organ_name(organ, &mut rng));
            let (report, signed) =
                synthesize(&mut rng, &sources, &pools, (&issuer, year), &mut planned);
            if let Some(hugo) = &args.hugo {
                hugo_page(hugo, n, &report);
            }
            // Its own stream, so that the archive is otherwise the same.
            let mut copy = Rng(rng.0 ^ (n as u64).wrapping_mul(0x2545_f491_4f6c_dd1d) | 1);
            let report = match copy.below(5) {
                0 => portal_copy(&report, &issuer, signed, &mut copy),
                _ => report,
            };
            write(&args.out, n, &report, &mut rng);
            n += 1;
        }
    }
    eprintln!(
        "wrote {} synthetic reports into {}",
        args.reports,
        args.out.display()
    );
}

/// Other ways issuers write an organ's name from year to year, which the
/// series key joins (`series::key`: `人民政府`/`政府`, `管委会`/`管理委员会`).
const ORGAN_VARIANTS: &[(&str, &str)] = &[
    ("人民政府", "政府"),
    ("经济开发区管委会", "经济开发区管理委员会"),
    ("高新区管委会", "高新区管理委员会"),
];

/// The organ's name, one year in four written the other way.
fn organ_name(organ: usize, rng: &mut Rng) -> &'static str {
    let name = ORGANS[organ];
    let variant = ORGAN_VARIANTS.iter().find(|(a, _)| *a == name);
    match variant {
        Some((_, other)) if rng.below(4) == 0 => other,
        _ => name,
    }
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

/// A date: year, month, day.
type Day = (usize, usize, usize);

/// One report of `issuer` for `year` and the day it was signed: an
/// opening, a measures section that reports doing some of last year's
/// `planned` items (reworded), sections until the target size, and (nine
/// reports in ten) a plans section last, whose items become `planned` for
/// the next year.
fn synthesize(
    rng: &mut Rng,
    sources: &[Report],
    pools: &Pools,
    (issuer, year): (&str, usize),
    planned: &mut Vec<String>,
) -> (String, Day) {
    let target = target_size(rng);
    let style = STYLES[rng.below(STYLES.len())];
    let mut text = format!("{issuer}\n关于{year}年法治政府建设情况的报告\n\n");
    let opening = &sources[rng.below(sources.len())];
    for p in &opening.preamble {
        text.push_str(&p.text);
        text.push('\n');
    }
    // Two items in three are reported done.
    let mut delivered = Vec::new();
    for item in planned.iter() {
        if rng.below(3) != 0 {
            delivered.push(reword(item, year, rng));
        }
    }
    let measures = pools.measures[rng.below(pools.measures.len())];
    push_section(&mut text, style, 1, measures, &delivered);
    let plans = (rng.below(10) != 0).then(|| pools.plans[rng.below(pools.plans.len())]);
    let plans_size = plans.map_or(0, |s| s.full_text().len());
    let mut i = 1;
    while text.len() + plans_size < target && i < 12 {
        i += 1;
        let s = pools.others[rng.below(pools.others.len())];
        push_section(&mut text, style, i, s, &[]);
    }
    *planned = plans.map(plan_items).unwrap_or_default();
    if let Some(s) = plans {
        push_section(&mut text, style, i + 1, s, &[]);
    }
    let signed = (year + 1, 1 + rng.below(3), 1 + rng.below(28));
    text.push_str(&format!(
        "\n{issuer}\n{}年{}月{}日\n",
        signed.0, signed.1, signed.2
    ));
    text.push_str("（本报告为合成测试数据，由真实报告重新组合而成。）\n");
    (text, signed)
}

/// Days of a (common) year before each month, January to July.
const DAYS_BEFORE_MONTH: [usize; 7] = [0, 31, 59, 90, 120, 151, 181];

/// `report` as copied from a portal's page: the portal's fields above it
/// (its publication date 0 to 48 days after `signed`, in the same year),
/// its page furniture below.
fn portal_copy(report: &str, issuer: &str, signed: Day, rng: &mut Rng) -> String {
    let published = DAYS_BEFORE_MONTH[signed.1 - 1] + signed.2 + rng.below(49);
    let month = (DAYS_BEFORE_MONTH[1..].iter())
        .filter(|&&end| published > end)
        .count();
    let day = published - DAYS_BEFORE_MONTH[month];
    let (y, m, d) = signed;
    format!(
        "[ 索引号 ] {:09}/{y}-{:05} [ 发布机构 ] {issuer}\n[ 成文日期 ] {y}-{m:02}-{d:02} [ 发布日期 ] {y}-{:02}-{day:02}\n{report}【打印】 【关闭】 浏览次数：{}\n",
        rng.below(1_000_000_000),
        rng.below(100_000),
        month + 1,
        rng.below(5_000),
    )
}

/// Writes section `s` as the `i`-th top-level section, `extra` paragraphs
/// after its own.
fn push_section(
    text: &mut String,
    style: (Numbering, Numbering),
    i: usize,
    s: &Section,
    extra: &[String],
) {
    let bold = style.0(i).starts_with("## **");
    text.push_str(&format!(
        "{}{}{}\n",
        style.0(i),
        s.heading,
        if bold { "**" } else { "" }
    ));
    for p in s.paragraphs.iter().map(|p| &p.text).chain(extra) {
        text.push_str(p);
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

/// A plans section's items as the year after reads them: each
/// sub-heading with its first paragraph, or each paragraph.
fn plan_items(section: &Section) -> Vec<String> {
    if section.children.is_empty() {
        return section.paragraphs.iter().map(|p| p.text.clone()).collect();
    }
    (section.children.iter())
        .map(|c| {
            let first = c.paragraphs.first().map_or("", |p| p.text.as_str());
            format!("{}。{first}", c.heading)
        })
        .collect()
}

/// Words a report of what was done uses instead of those of a plan.
const REWORDINGS: &[(&str, &str)] = &[
    ("进一步", ""),
    ("继续", ""),
    ("持续", ""),
    ("将", ""),
    ("切实", ""),
    ("努力", ""),
    ("加强", "强化"),
    ("推进", "推动"),
    ("加大", "提高"),
    ("深入", "扎实"),
];

/// What a report of year `year` says of a plan item it carried out: its
/// first two sentences, reworded, with an opening and a result.
fn reword(item: &str, year: usize, rng: &mut Rng) -> String {
    let mut sentences: Vec<&str> = item.split_inclusive('。').take(2).collect();
    if sentences.len() == 2 && rng.below(2) == 0 {
        sentences.swap(0, 1);
    }
    let mut text: String = sentences.concat();
    for (from, to) in REWORDINGS {
        text = text.replace(from, to);
    }
    let opening = ["", "全年", "按照上年度工作安排，"][rng.below(3)];
    let result = format!(
        "{year}年共开展相关工作{}次，完成年度任务。",
        2 + rng.below(30)
    );
    format!("{opening}{}，{result}", text.trim_end_matches('。'))
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
