//! The home page, the archive's overview: how many reports, by year and by
//! region, how many lack each mandated part, publication against the
//! deadline (charts drawn at build time), the latest reports and the search
//! box; and the full list of reports (`reports.html`), a table of
//! [`super::table`] one click away.

use super::charts::{BarChart, BarData};
use super::data::ReportListing;
use super::links::year_list_url;
use super::table::{Cell, Column, Sort, Span, Table, TableView};
use super::{Archive, PageDescription, Renderer};
use crate::analyse::compliance::Timeliness;
use crate::error::Error;
use crate::model::MandatedPart;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Newest reports listed on the home page.
const LATEST: usize = 20;
/// Provinces charted by name on the home page; the rest are summed.
const CHARTED_PROVINCES: usize = 12;

/// The home page and the full list.
pub(super) fn pages(renderer: &Renderer, archive: &Archive) -> Result<(), Error> {
    let facts: Vec<Facts> = (0..archive.reports.len())
        .into_par_iter()
        .map(|i| Facts::of(archive, i))
        .collect();
    let list = list_table();
    let table = list.render(renderer, archive, |i| list_cells(archive, i, &facts[i]))?;
    let variables = ListPage {
        table,
        table_class: "report-list",
    };
    renderer.page(PageDescription::new(
        "reports.html",
        "reports.html",
        variables,
    ))?;
    let overview = Overview::new(archive, &facts);
    renderer.page(PageDescription::new(
        "index.html",
        "index.html",
        HomePage { overview },
    ))
}

/// The variables of `index.html`.
#[derive(Serialize)]
struct HomePage<'a> {
    overview: Overview<'a>,
}

/// The variables of `reports.html`.
#[derive(Serialize)]
struct ListPage<'a> {
    table: TableView<'a>,
    table_class: &'static str,
}

/// What the overview counts of one report.
struct Facts {
    /// Which mandated parts it has, in the regulation's order.
    has: [bool; 5],
    timeliness: Timeliness,
}

impl Facts {
    fn of(archive: &Archive, i: usize) -> Self {
        let c = &archive.corpus.compliance[i];
        let mut has = [false; 5];
        for (k, part) in c.parts.iter().enumerate() {
            has[k] = part.present();
        }
        Facts {
            has,
            timeliness: c.timeliness,
        }
    }
}

fn list_table() -> Table {
    let mut columns = vec![Column::new("发布机关"), Column::new("年度")];
    columns.extend(MandatedPart::ALL.iter().map(|p| Column::new(p.label())));
    Table {
        name: super::table::CATALOGUE.to_owned(),
        caption: "全部报告（✓ 表示报告含有该法定部分）".to_owned(),
        columns,
        issuer_under_title: false,
    }
}

/// A report in the full list: issuer, year, and which parts it has. The
/// catalogue's issuer cell is also what other tables show under a title.
fn list_cells(archive: &Archive, i: usize, facts: &Facts) -> Vec<Cell> {
    let record: ReportListing = (&archive.records[i]).into();
    let issuer = record.issuer.unwrap_or("—");
    let mut cells = vec![
        Cell::new(Sort::Text(issuer.to_owned()), vec![Span::text(issuer)]),
        Cell::year(record.year),
    ];
    cells.extend((record.parts.iter().zip(facts.has)).map(|(p, has)| {
        match p.anchor {
            Some(anchor) if has => Cell::new(
                Sort::Number(1),
                vec![Span::link("✓", format!("{}#{anchor}", record.url))],
            )
            .class("part-cell present"),
            _ => Cell::new(Sort::Number(0), vec![Span::text("缺")]).class("part-cell missing"),
        }
    }));
    cells
}

/// What `index.html` receives as `overview`.
#[derive(Serialize)]
struct Overview<'a> {
    count: usize,
    years: usize,
    provinces: usize,
    issuers: usize,
    by_year: BarChart,
    by_region: BarChart,
    missing: BarChart,
    deadline: BarChart,
    latest: Vec<ReportListing<'a>>,
}

/// Segment classes of the deadline chart.
const DEADLINE_LEGEND: &[(&str, &str)] = &[
    ("on-time", "按时发布"),
    ("late", "逾期发布"),
    ("unknown", "日期不详"),
];

impl<'a> Overview<'a> {
    fn new(archive: &'a Archive, facts: &[Facts]) -> Self {
        let reports = archive.reports;
        let mut years: BTreeMap<Option<i32>, [usize; 3]> = BTreeMap::new();
        let mut provinces: BTreeMap<&str, usize> = BTreeMap::new();
        for (r, f) in reports.iter().zip(facts) {
            let kind = match f.timeliness {
                Timeliness::OnTime { .. } => 0,
                Timeliness::Late { .. } => 1,
                Timeliness::Unknown => 2,
            };
            years.entry(r.meta.year).or_default()[kind] += 1;
            let province = r
                .analysis
                .region
                .as_ref()
                .map_or("", |g| g.province.as_str());
            *provinces.entry(province).or_default() += 1;
        }
        let count = reports.len();
        Overview {
            count,
            years: years.keys().flatten().count(),
            provinces: provinces.keys().filter(|p| !p.is_empty()).count(),
            issuers: archive.corpus.series.series.len(),
            by_year: year_chart(&years),
            by_region: region_chart(archive, &provinces),
            missing: missing_chart(facts),
            deadline: deadline_chart(&years),
            latest: latest(archive),
        }
    }
}

fn year_label(year: Option<i32>) -> String {
    year.map_or("年度不详".to_owned(), |y| format!("{y} 年度"))
}

fn year_chart(years: &BTreeMap<Option<i32>, [usize; 3]>) -> BarChart {
    let bars = (years.iter().rev())
        .map(|(&year, counts)| {
            let n: usize = counts.iter().sum();
            BarData {
                label: year_label(year),
                href: Some(year_list_url(year)),
                segments: vec![("bar-fill", n, format!("{}：{n} 份", year_label(year)))],
            }
        })
        .collect();
    let text = (
        "by-year",
        "各年度报告数".to_owned(),
        "横条图：每个报告年度一条，长度与该年度的报告数成正比；点击年度可浏览该年度的全部报告。"
            .to_owned(),
    );
    BarChart::new(text, bars, &[])
}

fn region_chart(archive: &Archive, provinces: &BTreeMap<&str, usize>) -> BarChart {
    let mut ranked: Vec<(&str, usize)> = (provinces.iter())
        .filter(|(p, _)| !p.is_empty())
        .map(|(&p, &n)| (p, n))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let rest: usize = ranked.iter().skip(CHARTED_PROVINCES).map(|p| p.1).sum();
    let mut bars: Vec<BarData> = (ranked.iter().take(CHARTED_PROVINCES))
        .map(|&(p, n)| BarData {
            label: p.to_owned(),
            href: archive.links.provinces.get(p).cloned(),
            segments: vec![("bar-fill", n, format!("{p}：{n} 份"))],
        })
        .collect();
    let unplaced = provinces.get("").copied().unwrap_or(0);
    for (label, n) in [("其他地区", rest), ("地区不详", unplaced)] {
        if n > 0 {
            bars.push(BarData {
                label: label.to_owned(),
                href: Some("regions/index.html".to_owned()),
                segments: vec![("bar-fill", n, format!("{label}：{n} 份"))],
            });
        }
    }
    let text = ("by-region", "各地区报告数".to_owned(), format!("横条图：报告数最多的 {CHARTED_PROVINCES} 个省级地区各一条，其余合并；点击可浏览该地区的报告。"));
    BarChart::new(text, bars, &[])
}

fn missing_chart(facts: &[Facts]) -> BarChart {
    let bars = (MandatedPart::ALL.iter().enumerate())
        .map(|(k, part)| {
            let lacking = facts.iter().filter(|f| !f.has[k]).count();
            BarData {
                label: short_part_label(*part).to_owned(),
                href: Some(super::compare::part_page_url(*part)),
                segments: vec![(
                    "missing-fill",
                    lacking,
                    format!("缺少“{}”：{lacking} 份", part.label()),
                )],
            }
        })
        .collect();
    let text = (
        "missing",
        "缺少各法定部分的报告数".to_owned(),
        "横条图：五个法定部分各一条，长度与缺少该部分的报告数成正比；点击可查看各报告的该部分。"
            .to_owned(),
    );
    BarChart::new(text, bars, &[])
}

/// A mandated part's name short enough for a chart label.
pub(super) fn short_part_label(part: MandatedPart) -> &'static str {
    match part {
        MandatedPart::Measures => "举措和成效",
        MandatedPart::Shortcomings => "不足和原因",
        MandatedPart::Leadership => "第一责任人职责",
        MandatedPart::Plans => "下一年度安排",
        MandatedPart::Other => "其他事项",
    }
}

fn deadline_chart(years: &BTreeMap<Option<i32>, [usize; 3]>) -> BarChart {
    let bars = (years.iter().rev())
        .map(|(&year, counts)| BarData {
            label: year_label(year),
            href: None,
            segments: (DEADLINE_LEGEND.iter().zip(counts))
                .map(|(&(class, label), &n)| {
                    (class, n, format!("{}：{label} {n} 份", year_label(year)))
                })
                .collect(),
        })
        .collect();
    let text = ("deadline", "发布日期与法定期限".to_owned(), "堆叠横条图：每个报告年度一条，分为按时发布、逾期发布与日期不详三段（期限为报告年度次年 4 月 1 日或配置的日期）。".to_owned());
    BarChart::new(text, bars, DEADLINE_LEGEND)
}

/// The newest reports by publication date ([`crate::model::Metadata::publication`]),
/// then in archive order.
fn latest<'a>(archive: &'a Archive) -> Vec<ReportListing<'a>> {
    let mut order: Vec<usize> = (0..archive.reports.len()).collect();
    let published = |i: usize| archive.reports[i].meta.publication();
    order.sort_by(|&a, &b| published(b).cmp(&published(a)).then(a.cmp(&b)));
    (order.into_iter().take(LATEST))
        .map(|i| (&archive.records[i]).into())
        .collect()
}
