//! What a report planned for its next year, and what the issuer's next
//! report says was done of it (`crate::analyse::plans`).

use super::WordCounts;
use serde::Serialize;

/// One thing a report plans for its next year: the smallest unit its plans
/// part (下一年度主要安排) enumerates — a numbered sub-heading with its
/// paragraphs, an inline `一是…` segment, or else a paragraph.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlanItem {
    /// The anchor of its section (a numbered sub-heading) or of its
    /// paragraph (an inline segment, a plain paragraph) in its report.
    pub anchor: String,
    /// Its number within the plans part, from 1 in reading order.
    pub number: usize,
    /// What to quote: the heading, or the start of the segment or
    /// paragraph, cut to [`crate::analyse::plans::QUOTE_CHARS`].
    pub text: String,
    /// Byte range of an inline segment in the paragraph at `anchor`; `None`
    /// for a whole section or paragraph.
    #[serde(skip)]
    pub segment: Option<(usize, usize)>,
    /// Its jieba words (two or more Han characters), counted in the
    /// analyse stage, where the dictionary is loaded: the pairing in the
    /// corpus step runs after a build has let it go.
    #[serde(skip)]
    pub words: WordCounts,
}

/// A paragraph of the issuer's next report that reports doing a plan item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delivery {
    /// The paragraph's anchor in the next year's report.
    pub anchor: String,
    /// How alike the item and the paragraph are
    /// (`crate::analyse::plans::SIMILARITY`), at least
    /// `crate::analyse::plans::DELIVERY_THRESHOLD`.
    pub score: f64,
}

/// What became of one report's plans (year N) in its issuer's report of
/// year N+1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanFollowUp {
    /// The report whose plans these are (index in the archive); its items
    /// are its `analysis.plan_items`.
    pub plan_report: usize,
    /// The issuer's report of the next year (index in the archive), if the
    /// archive has one.
    pub delivery_report: Option<usize>,
    /// For each plan item (in the order of `plan_items`), the paragraphs of
    /// `delivery_report` that report doing it, best first; empty for an
    /// item left open. Empty unless `outcome` is `Paired`.
    pub deliveries: Vec<Vec<Delivery>>,
    /// Whether the plans could be followed up, and if not, why.
    pub outcome: FollowUpOutcome,
}

/// Whether a report's plans could be followed up, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FollowUpOutcome {
    /// Each item was looked for in the next year's report.
    Paired,
    /// The report states no plans (no section is mapped to the plans
    /// part, or it holds no text): a compliance finding, whether or not
    /// the next year's report is in the archive.
    NoPlans,
    /// The issuer's report of the next year is not in the archive.
    NextYearMissing,
}

impl PlanFollowUp {
    /// How many plan items at least one paragraph delivers.
    pub fn delivered(&self) -> usize {
        self.deliveries.iter().filter(|d| !d.is_empty()).count()
    }

    /// The share of the plan items delivered, when they were paired.
    pub fn delivered_share(&self) -> Option<f64> {
        let paired = self.outcome == FollowUpOutcome::Paired && !self.deliveries.is_empty();
        paired.then(|| self.delivered() as f64 / self.deliveries.len() as f64)
    }
}
