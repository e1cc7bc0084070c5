//! What a report page shows of the plans part across two years: on year
//! N+1's page, last year's plan items and the paragraphs of this report
//! that deliver each (or "未见相关内容"); on year N's page, its own plan
//! items, each linked forward to what the next report says of it.

use super::{report_url, Archive, Link};
use crate::model::{FollowUpOutcome, PlanFollowUp, Report};
use serde::Serialize;

/// One side of a report's plan follow-up, as its page shows it.
#[derive(Serialize)]
pub(super) struct FollowUpView {
    /// `paired`: the items were looked for in the next year's report;
    /// `no-plans`: the plan report has no plans part (a compliance
    /// finding); `missing`: the other year's report is not in the archive.
    state: &'static str,
    /// The other year's report: the plan report on the delivering page,
    /// the delivering report on the plan report's page.
    other: Option<Link>,
    /// The year the other report is of, for `missing`.
    other_year: Option<i32>,
    items: Vec<PlanItemView>,
    /// Items some paragraph delivers.
    delivered: usize,
}

/// A plan item quoted and linked to where its report states it, with the
/// paragraphs that deliver it.
#[derive(Serialize)]
struct PlanItemView {
    number: usize,
    text: String,
    /// From the site root, with the item's anchor.
    url: String,
    deliveries: Vec<DeliveryLink>,
}

/// A delivering paragraph: its anchor, and its URL from the site root.
#[derive(Serialize)]
struct DeliveryLink {
    anchor: String,
    url: String,
}

/// Last year's plans and what report `i` delivers of them; `None` when
/// the report's issuer or year is unknown (no series to look in).
pub(super) fn last_year(archive: &Archive, i: usize) -> Option<FollowUpView> {
    let report = &archive.reports[i];
    let year = report.meta.year?;
    archive.corpus.series.of(i)?;
    let Some(f) = archive.corpus.plans.of_delivery_report(i) else {
        return Some(missing(year.checked_sub(1)?, Vec::new()));
    };
    let plan = &archive.reports[f.plan_report];
    let other = archive.report_link(f.plan_report);
    Some(view(f, plan, Some(report), Some(other)))
}

/// What became of report `i`'s own plans in the issuer's next report;
/// `None` when its issuer or year is unknown. A report without plans says
/// so whether or not the next report is in the archive.
pub(super) fn this_year(archive: &Archive, i: usize) -> Option<FollowUpView> {
    let f = archive.corpus.plans.of_plan_report(i)?;
    let report = &archive.reports[i];
    let next = f.delivery_report;
    match f.outcome {
        FollowUpOutcome::NextYearMissing => {
            let year = report.meta.year?.checked_add(1)?;
            Some(missing(year, items(report, f, None)))
        }
        _ => {
            let delivering = next.map(|n| &archive.reports[n]);
            Some(view(
                f,
                report,
                delivering,
                next.map(|n| archive.report_link(n)),
            ))
        }
    }
}

/// The follow-up `f` of `plan`'s items in `delivering`, whose page names
/// the other report as `other`.
fn view(
    f: &PlanFollowUp,
    plan: &Report,
    delivering: Option<&Report>,
    other: Option<Link>,
) -> FollowUpView {
    let state = match f.outcome {
        FollowUpOutcome::Paired => "paired",
        FollowUpOutcome::NoPlans => "no-plans",
        FollowUpOutcome::NextYearMissing => "missing",
    };
    FollowUpView {
        state,
        other_year: None,
        other,
        items: items(plan, f, delivering),
        delivered: f.delivered(),
    }
}

/// The view of a follow-up whose other report, of `year`, is not in the
/// archive; `items` are the plan report's own, if this is its page.
fn missing(year: i32, items: Vec<PlanItemView>) -> FollowUpView {
    FollowUpView {
        state: "missing",
        other: None,
        other_year: Some(year),
        items,
        delivered: 0,
    }
}

/// The plan report's items, each with the paragraphs of `delivering` that
/// deliver it (none without a delivering report).
fn items(plan: &Report, f: &PlanFollowUp, delivering: Option<&Report>) -> Vec<PlanItemView> {
    let plan_url = report_url(&plan.slug);
    (plan.analysis.plan_items.iter().enumerate())
        .map(|(k, item)| PlanItemView {
            number: item.number,
            text: item.text.clone(),
            url: format!("{plan_url}#{}", item.anchor),
            deliveries: match delivering {
                Some(d) => (f.deliveries.get(k).into_iter().flatten())
                    .map(|delivery| DeliveryLink {
                        anchor: delivery.anchor.clone(),
                        url: format!("{}#{}", report_url(&d.slug), delivery.anchor),
                    })
                    .collect(),
                None => Vec::new(),
            },
        })
        .collect()
}
