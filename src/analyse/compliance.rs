//! Compliance: which mandated parts a report has, in what order and at what
//! length, and whether it was published by the legal deadline.

use crate::model::{Date, MandatedPart, Report, Section};
use serde::Serialize;

/// The deadline for publishing a year's report: a day of the following
/// year. 《法治政府建设与责任落实督察工作规定》 sets 4月1日.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRule {
    /// The deadline's month, 1 to 12 (`[deadline] month`).
    pub month: u32,
    /// The deadline's day of the month (`[deadline] day`).
    pub day: u32,
}

impl Default for DeadlineRule {
    fn default() -> Self {
        DeadlineRule { month: 4, day: 1 }
    }
}

impl DeadlineRule {
    /// The deadline for the report on `year`.
    pub fn for_year(self, year: i32) -> Option<Date> {
        crate::parse::dates::checked_date(year + 1, self.month, self.day)
    }
}

/// How one mandated part appears in one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartCoverage {
    /// The mandated part measured.
    pub part: MandatedPart,
    /// The top-level sections mapped to the part, in reading order (more
    /// than one when a report splits or repeats a part).
    pub sections: Vec<SectionRef>,
    /// 1-based place of the part among the report's mapped parts, by its
    /// first section; `None` when missing.
    pub position: Option<usize>,
    /// Characters (no whitespace) of all its sections.
    pub chars: usize,
}

impl PartCoverage {
    /// Whether the report has the part: some top-level section is mapped to it.
    pub fn present(&self) -> bool {
        !self.sections.is_empty()
    }
}

/// A top-level section, as the comparison pages point to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionRef {
    /// The section's anchor in its report's page.
    pub anchor: String,
    /// Its heading, without its numbering.
    pub heading: String,
    /// Characters of the section and its subsections, whitespace left out.
    pub chars: usize,
}

/// Whether a report came out by the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Timeliness {
    /// Published on the deadline or before it.
    OnTime {
        /// The deadline for the year reported on.
        deadline: Date,
        /// When it became public ([`crate::model::Metadata::publication`]).
        published: Date,
        /// Days from publication to the deadline (0 on the day itself).
        days_early: i64,
    },
    /// Published after the deadline.
    Late {
        /// The deadline for the year reported on.
        deadline: Date,
        /// When it became public ([`crate::model::Metadata::publication`]).
        published: Date,
        /// Days from the deadline to publication (1 or more).
        days_late: i64,
    },
    /// No year or no date in the report.
    Unknown,
}

/// The compliance of one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compliance {
    /// One entry per mandated part, in the regulation's order.
    pub parts: Vec<PartCoverage>,
    /// Top-level sections mapped to no part.
    pub unmapped: Vec<SectionRef>,
    /// Whether the report was published by the deadline.
    pub timeliness: Timeliness,
}

impl Compliance {
    /// The mandated parts the report lacks, in the regulation's order.
    pub fn missing(&self) -> impl Iterator<Item = MandatedPart> + '_ {
        self.parts.iter().filter(|c| !c.present()).map(|c| c.part)
    }
}

/// Measures one report against the regulation.
pub fn compliance(report: &Report, rule: DeadlineRule) -> Compliance {
    let mut order: Vec<MandatedPart> = Vec::new();
    let mut unmapped = Vec::new();
    for s in &report.sections {
        match s.part.as_ref().and_then(|m| m.part) {
            Some(p) if !order.contains(&p) => order.push(p),
            Some(_) => {}
            None => unmapped.push(section_ref(s)),
        }
    }
    let parts = MandatedPart::ALL
        .iter()
        .map(|&part| {
            let sections: Vec<SectionRef> = report
                .sections
                .iter()
                .filter(|s| s.part.as_ref().and_then(|m| m.part) == Some(part))
                .map(section_ref)
                .collect();
            PartCoverage {
                part,
                chars: sections.iter().map(|s| s.chars).sum(),
                position: order.iter().position(|&p| p == part).map(|i| i + 1),
                sections,
            }
        })
        .collect();
    Compliance {
        parts,
        unmapped,
        timeliness: timeliness(report, rule),
    }
}

fn section_ref(s: &Section) -> SectionRef {
    SectionRef {
        anchor: s.anchor.clone(),
        heading: s.heading.clone(),
        chars: s.char_count(),
    }
}

/// Against the report's publication date ([`crate::model::Metadata::publication`]).
fn timeliness(report: &Report, rule: DeadlineRule) -> Timeliness {
    let published = report.meta.publication();
    let deadline = report.meta.year.and_then(|y| rule.for_year(y));
    let (Some(published), Some(deadline)) = (published, deadline) else {
        return Timeliness::Unknown;
    };
    let days = days_between(deadline, published);
    if days <= 0 {
        Timeliness::OnTime {
            deadline,
            published,
            days_early: -days,
        }
    } else {
        Timeliness::Late {
            deadline,
            published,
            days_late: days,
        }
    }
}

/// Days from `a` to `b` (positive when `b` is later).
pub fn days_between(a: Date, b: Date) -> i64 {
    day_number(b) - day_number(a)
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar (the civil
/// from-date algorithm of H. Hinnant's `chrono`-compatible date library).
fn day_number(d: Date) -> i64 {
    let (m, day) = (i64::from(d.month), i64::from(d.day));
    let y = i64::from(d.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The kind of organ that issued a report, from the end of its name: the
/// matrix filters by it. The first rule whose suffix matches wins, so the
/// longer, more specific suffixes come first.
const ISSUER_KINDS: &[(&[&str], &str)] = &[
    (
        &[
            "开发区管理办公室",
            "开发区",
            "经开区",
            "高新区",
            "示范区",
            "园区",
            "新区",
            "管委会",
            "管理委员会",
        ],
        "开发区、园区",
    ),
    (&["人民政府", "政府"], "人民政府"),
    (
        &["工作委员会", "党工委", "党委", "工委", "党组"],
        "党委、工委",
    ),
    (&["街道办事处", "街道", "镇", "乡"], "乡镇、街道"),
    (
        &["司法局", "局", "委员会", "委", "办公室", "办", "厅", "中心"],
        "政府部门",
    ),
];

/// The issuer kind of `issuer`, or `其他`. A name starting with 中共 is a
/// party committee whatever it ends with (`中共某县委员会`).
pub fn issuer_kind(issuer: Option<&str>) -> &'static str {
    let Some(name) = issuer else { return "未知" };
    if name.starts_with("中共") {
        return "党委、工委";
    }
    ISSUER_KINDS
        .iter()
        .find(|(suffixes, _)| suffixes.iter().any(|s| name.ends_with(s)))
        .map_or("其他", |(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Metadata, PartMapping, SourceFormat};

    fn section(anchor: &str, heading: &str, part: Option<MandatedPart>) -> Section {
        Section {
            heading: heading.into(),
            marker: None,
            level: 1,
            anchor: anchor.into(),
            line: 1,
            paragraphs: vec![],
            children: vec![],
            part: Some(PartMapping {
                part,
                rule: "heading",
                reason: String::new(),
            }),
        }
    }

    fn report(sections: Vec<Section>, meta: Metadata) -> Report {
        Report {
            slug: "r".into(),
            source: "r.txt".into(),
            format: SourceFormat::Text,
            encoding: "UTF-8",
            meta,
            preamble: vec![],
            sections,
            path: Default::default(),
            original: String::new(),
            analysis: Default::default(),
            fingerprint: 0,
        }
    }

    fn date(year: i32, month: u32, day: u32) -> Option<Date> {
        Some(Date { year, month, day })
    }

    #[test]
    fn positions_follow_the_order_written_and_duplicates_add_up() {
        use MandatedPart::*;
        let r = report(
            vec![
                section("s1", "第一责任人", Some(Leadership)),
                section("s2", "举措一", Some(Measures)),
                section("s3", "举措二", Some(Measures)),
                section("s4", "弘扬精神", None),
            ],
            Metadata::default(),
        );
        let c = compliance(&r, DeadlineRule::default());
        let measures = &c.parts[0];
        assert_eq!(measures.position, Some(2));
        assert_eq!(measures.sections.len(), 2);
        assert_eq!(measures.chars, "举措一举措二".chars().count());
        assert_eq!(c.parts[2].position, Some(1));
        assert_eq!(
            c.missing().collect::<Vec<_>>(),
            [Shortcomings, Plans, Other]
        );
        assert_eq!(c.unmapped[0].heading, "弘扬精神");
    }

    #[test]
    fn a_report_with_no_recognised_parts_misses_all_five() {
        let r = report(vec![section("s1", "弘扬精神", None)], Metadata::default());
        let c = compliance(&r, DeadlineRule::default());
        assert_eq!(c.missing().count(), 5);
        assert!(c.parts.iter().all(|p| p.position.is_none()));
    }

    #[test]
    fn deadline_is_april_first_of_the_next_year() {
        let mut meta = Metadata {
            year: Some(2021),
            date: date(2021, 12, 31),
            printed: date(2022, 1, 4),
            ..Metadata::default()
        };
        let t = compliance(&report(vec![], meta.clone()), DeadlineRule::default()).timeliness;
        assert_eq!(
            t,
            Timeliness::OnTime {
                deadline: date(2022, 4, 1).unwrap(),
                published: date(2022, 1, 4).unwrap(),
                days_early: 87
            }
        );
        meta.printed = date(2022, 4, 2);
        let t = compliance(&report(vec![], meta.clone()), DeadlineRule::default()).timeliness;
        assert!(matches!(t, Timeliness::Late { days_late: 1, .. }));
        meta.printed = date(2022, 4, 1);
        let t = compliance(&report(vec![], meta.clone()), DeadlineRule::default()).timeliness;
        assert!(
            matches!(t, Timeliness::OnTime { days_early: 0, .. }),
            "the deadline day itself is on time"
        );
        meta.year = None;
        assert_eq!(
            compliance(&report(vec![], meta), DeadlineRule::default()).timeliness,
            Timeliness::Unknown
        );
    }

    #[test]
    fn the_portal_date_is_the_publication_but_never_before_printing() {
        let timeliness = |meta: &Metadata| {
            compliance(&report(vec![], meta.clone()), DeadlineRule::default()).timeliness
        };
        let mut meta = Metadata {
            year: Some(2021),
            date: date(2022, 3, 20),
            published: date(2022, 4, 6),
            ..Metadata::default()
        };
        // Signed in time, put online late: the deadline is for going public.
        assert!(matches!(
            timeliness(&meta),
            Timeliness::Late { days_late: 5, .. }
        ));
        // A portal date before the signing date is some other date of the page.
        meta.published = date(2022, 1, 1);
        let t = timeliness(&meta);
        assert!(
            matches!(t, Timeliness::OnTime { days_early: 12, .. }),
            "{t:?}"
        );
        // The portal's date alone is enough.
        meta.date = None;
        let t = timeliness(&meta);
        assert!(
            matches!(t, Timeliness::OnTime { days_early: 90, .. }),
            "{t:?}"
        );
        meta.published = None;
        assert_eq!(timeliness(&meta), Timeliness::Unknown);
    }

    #[test]
    fn days_between_dates() {
        let d = |y, m, d| Date {
            year: y,
            month: m,
            day: d,
        };
        assert_eq!(days_between(d(2022, 12, 31), d(2023, 1, 1)), 1);
        assert_eq!(days_between(d(2024, 2, 28), d(2024, 3, 1)), 2, "leap year");
        assert_eq!(days_between(d(2023, 2, 28), d(2023, 3, 1)), 1);
        assert_eq!(days_between(d(1970, 1, 1), d(2000, 1, 1)), 10_957);
    }

    #[test]
    fn issuer_kinds() {
        assert_eq!(
            issuer_kind(Some("济源经济技术开发区管理办公室")),
            "开发区、园区"
        );
        assert_eq!(issuer_kind(Some("东丽经开区")), "开发区、园区");
        assert_eq!(issuer_kind(Some("某县人民政府")), "人民政府");
        assert_eq!(
            issuer_kind(Some("中共平顶山市城乡一体化示范区工作委员会")),
            "党委、工委"
        );
        assert_eq!(issuer_kind(Some("中共某县委员会")), "党委、工委");
        assert_eq!(issuer_kind(Some("某县委员会")), "政府部门");
        assert_eq!(issuer_kind(Some("某某")), "其他");
        assert_eq!(issuer_kind(Some("某区司法局")), "政府部门");
        assert_eq!(issuer_kind(Some("某街道办事处")), "乡镇、街道");
        assert_eq!(issuer_kind(None), "未知");
    }
}
