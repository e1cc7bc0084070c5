//! Plan → delivery: what a report plans for its next year (its plans part,
//! 下一年度主要安排, split into items: [`split`], per report) and which
//! paragraphs of the same issuer's report of the next year report doing
//! each item ([`follow_up`], across the archive, over its series: one
//! pairing per issuer and year, never per pair of reports).
//!
//! Similarity ([`SIMILARITY`]): the cosine of TF-IDF vectors whose terms
//! are pairs of Han characters and the items' jieba words, idf over the
//! next report's candidate paragraphs ([`Candidate`]: the measures part
//! first). The words are found in those paragraphs where their first pair
//! is, so that jieba runs over the plans parts only, once, in the analyse
//! stage, and the next report is not segmented again.

use crate::analyse::series::SeriesIndex;
use crate::model::{
    Delivery, FollowUpOutcome, MandatedPart, PlanFollowUp, PlanItem, Report, Section, WordCounts,
};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Rule "quote the first sentence": an item is quoted up to its first
/// sentence end if that comes within this many characters, else cut here
/// with `…`. Headings and `一是` segments state the task in their first
/// sentence; the rest is how.
pub const QUOTE_CHARS: usize = 60;

/// Rule "a delivery says the plan": a paragraph delivers an item when its
/// [`SIMILARITY`] with the item is at least this. Low, since reports
/// reword their plans when they report them (`全员轮训` → `分三批…进行了
/// 轮训`) and a delivery is short beside a planned sub-heading with its
/// paragraphs; the idf over the next report's own paragraphs already
/// weighs down what every paragraph says (`法治政府建设`). Below it,
/// paragraphs that share a topic but not the task (`宪法宣传周` for a
/// `普法中期评估`) pass. Chosen on the labelled fixtures, where precision
/// and recall are both highest here (`tests/plans.rs` prints the sweep).
pub const DELIVERY_THRESHOLD: f64 = 0.15;

/// BM25's term-frequency saturation and length normalisation, at their
/// usual values: a term found twice counts more than once, not twice.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Whether a top-level section is the plans part.
fn is_plans(section: &Section) -> bool {
    section.part.as_ref().and_then(|m| m.part) == Some(MandatedPart::Plans)
}

/// The plan items of a report: every plans section's items, numbered from
/// 1 in reading order, each with its jieba words.
pub fn split(report: &Report) -> Vec<PlanItem> {
    let mut items = Vec::new();
    for section in report.sections.iter().filter(|s| is_plans(s)) {
        items_of(section, true, &mut items);
    }
    for (i, item) in items.iter_mut().enumerate() {
        item.number = i + 1;
        item.words = words_of(&item_text(report, item));
    }
    items
}

/// Adds the items of `section`. Rule "the smallest unit enumerated": a
/// section with numbered sub-headings is its sub-headings' items, its own
/// unenumerated paragraphs an introduction (`下一步，我们将…`); a
/// paragraph with inline markers is its segments, text before the first
/// marker a lead-in; a sub-heading without markers is one item; the plans
/// part itself, with neither, is one item per paragraph.
fn items_of(section: &Section, top: bool, out: &mut Vec<PlanItem>) {
    let enumerated = section.paragraphs.iter().any(|p| !p.enumeration.is_empty());
    if enumerated || !section.children.is_empty() {
        for p in section.paragraphs.iter() {
            let offsets: Vec<usize> = p.enumeration.iter().map(|e| e.offset).collect();
            for (k, &start) in offsets.iter().enumerate() {
                let end = offsets.get(k + 1).copied().unwrap_or(p.text.len());
                let Some(text) = p.text.get(start..end) else {
                    continue;
                };
                out.push(item(&p.anchor, text, Some((start, end))));
            }
        }
        for child in &section.children {
            items_of(child, false, out);
        }
    } else if top {
        for p in &section.paragraphs {
            if !p.text.trim().is_empty() {
                out.push(item(&p.anchor, &p.text, None));
            }
        }
    } else {
        out.push(item(&section.anchor, &section.heading, None));
    }
}

fn item(anchor: &str, text: &str, segment: Option<(usize, usize)>) -> PlanItem {
    PlanItem {
        anchor: anchor.to_owned(),
        number: 0,
        text: quote(text),
        segment,
        words: WordCounts::default(),
    }
}

/// [`QUOTE_CHARS`]: the first sentence, or the first characters and `…`.
pub fn quote(text: &str) -> String {
    let text = text.trim();
    let mut end = None;
    for (n, (i, c)) in text.char_indices().enumerate() {
        if n == QUOTE_CHARS {
            return format!("{}…", &text[..i]);
        }
        if matches!(c, '。' | '；' | '！' | '？') {
            end = Some(i + c.len_utf8());
            break;
        }
    }
    text[..end.unwrap_or(text.len())].to_owned()
}

/// The whole text of an item: its section's heading and paragraphs, its
/// segment, or its paragraph.
pub fn item_text(report: &Report, item: &PlanItem) -> String {
    if let Some(p) = report.paragraph_at(&item.anchor) {
        let (start, end) = item.segment.unwrap_or((0, p.text.len()));
        return p.text.get(start..end).unwrap_or_default().to_owned();
    }
    (report.sections.iter())
        .find_map(|s| section_at(s, &item.anchor))
        .map(Section::full_text)
        .unwrap_or_default()
}

/// The section at `anchor`, this one or below it (anchors extend their
/// parent's).
fn section_at<'s>(section: &'s Section, anchor: &str) -> Option<&'s Section> {
    if section.anchor == anchor {
        return Some(section);
    }
    let below = anchor.strip_prefix(section.anchor.as_str());
    if !below.is_some_and(|rest| rest.starts_with('-')) {
        return None;
    }
    section.children.iter().find_map(|c| section_at(c, anchor))
}

/// Han characters (CJK Unified Ideographs and Extension A): the terms
/// are made of them, so that years, numbers and punctuation, which every
/// report has, pair nothing.
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// The jieba words of two or more Han characters in `text`, counted.
fn words_of(text: &str) -> WordCounts {
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for word in crate::segment::dictionary_words(text) {
        if word.chars().nth(1).is_some() && word.chars().all(is_han) {
            *counts.entry(word).or_default() += 1;
        }
    }
    WordCounts::from_sorted(counts)
}

/// A paragraph of the next report that may report doing a plan item.
struct Candidate<'r> {
    anchor: &'r str,
    text: &'r str,
    /// Rule "measures first": 0 for the measures part, where a report says
    /// what it did; 1 for the preamble and the parts that are neither
    /// plans nor shortcomings (the first-responsible's duties, other
    /// matters, sections of no part), looked at only for an item nothing
    /// in the measures part delivers. Plans (a plan repeated is not done)
    /// and shortcomings (what was not done) are left out.
    tier: u8,
}

/// The paragraphs of `report` that may deliver, in reading order.
fn candidates(report: &Report) -> Vec<Candidate<'_>> {
    let mut out: Vec<Candidate> = (report.preamble.iter())
        .map(|p| Candidate {
            anchor: &p.anchor,
            text: &p.text,
            tier: 1,
        })
        .collect();
    for section in &report.sections {
        let tier = match section.part.as_ref().and_then(|m| m.part) {
            Some(MandatedPart::Measures) => 0,
            Some(MandatedPart::Plans | MandatedPart::Shortcomings) => continue,
            _ => 1,
        };
        for p in section.all_paragraphs() {
            let (anchor, text) = (p.anchor.as_str(), p.text.as_str());
            out.push(Candidate { anchor, text, tier });
        }
    }
    out
}

/// How a plan item and a paragraph are compared (both measured on the
/// labelled fixtures: `tests/plans.rs` prints them side by side).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Similarity {
    /// Cosine of their TF-IDF vectors: symmetric in length, so a long item
    /// (a sub-heading with its paragraphs) is delivered by a short
    /// paragraph that says its core.
    Cosine,
    /// BM25 of the paragraph for the item, over the score of a paragraph
    /// of the mean length holding each of the item's terms once: the share
    /// of the item the paragraph covers, which a long item never reaches.
    Bm25,
}

/// The similarity the build uses ([`Similarity::Cosine`]: on the
/// fixtures, the normalised BM25 found half the deliveries of long items at
/// a threshold that kept its precision).
pub const SIMILARITY: Similarity = Similarity::Cosine;

/// A term: a pair of Han characters, packed (`first << 32 | second`), or
/// one of the plan report's words of three or more characters
/// ([`WORD_TERM`] | its number). A word of two characters is its pair.
type Term = u64;

/// The bit that marks a word's [`Term`] (no character pair has it: chars
/// are below 2^21).
const WORD_TERM: u64 = 1 << 63;

/// The plan report's words of three or more characters (a word of two is
/// a pair), by their first pair: a word is looked for only where its first
/// pair is, so that finding them costs a lookup per pair already counted.
#[derive(Default)]
struct Words<'w>(FxHashMap<Term, Vec<(u64, &'w str)>>);

impl<'w> Words<'w> {
    fn new(words: impl Iterator<Item = &'w str>) -> Words<'w> {
        let long: std::collections::BTreeSet<&str> =
            words.filter(|w| w.chars().nth(2).is_some()).collect();
        let mut by_first_pair: FxHashMap<Term, Vec<(u64, &str)>> = FxHashMap::default();
        for (id, word) in (0u64..).zip(long) {
            let mut chars = word.chars();
            if let (Some(a), Some(b)) = (chars.next(), chars.next()) {
                by_first_pair
                    .entry(han_pair(a, b))
                    .or_default()
                    .push((id, word));
            }
        }
        Words(by_first_pair)
    }
}

fn han_pair(a: char, b: char) -> Term {
    u64::from(a) << 32 | u64::from(b)
}

/// The terms of `text`, counted: its pairs of adjacent Han characters,
/// and every occurrence of `words` (overlapping, so that `法律顾问` in
/// `法律顾问库` counts).
fn term_counts(text: &str, words: &Words) -> FxHashMap<Term, f64> {
    let mut counts = FxHashMap::default();
    count_terms(text, words, &mut counts);
    counts
}

/// [`term_counts`] into `counts` (a map reused from paragraph to
/// paragraph keeps its room).
fn count_terms(text: &str, words: &Words, counts: &mut FxHashMap<Term, f64>) {
    let mut before: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        if let Some((at, b)) = before.filter(|_| is_han(c)) {
            let first = han_pair(b, c);
            *counts.entry(first).or_default() += 1.0;
            for &(id, word) in words.0.get(&first).into_iter().flatten() {
                if text[at..].starts_with(word) {
                    *counts.entry(WORD_TERM | id).or_default() += 1.0;
                }
            }
        }
        before = is_han(c).then_some((i, c));
    }
}

/// The candidates' terms, indexed: an item is scored against every
/// candidate at once, through the postings of its own terms.
struct Counted {
    /// For each term, where its postings are in `postings` and its idf:
    /// BM25's inverse document frequency over the candidates (a term most
    /// paragraphs hold, `法治`, `建设`, weighs little).
    terms: FxHashMap<Term, (usize, usize, f64)>,
    /// Every term's postings, one after the other: the candidates that
    /// hold it and how often (one vector, not one per term).
    postings: Vec<(usize, f64)>,
    /// The idf of a term no candidate holds.
    idf_unheld: f64,
    /// For each candidate, its length over the candidates' mean length.
    length_ratio: Vec<f64>,
    /// For each candidate, the length of its TF-IDF vector.
    norm: Vec<f64>,
}

impl Counted {
    fn new(candidates: &[Candidate], words: &Words) -> Counted {
        let mut counts = FxHashMap::default();
        let mut held: Vec<(Term, usize, f64)> = Vec::new();
        for (c, candidate) in candidates.iter().enumerate() {
            count_terms(candidate.text, words, &mut counts);
            held.extend(counts.drain().map(|(t, x)| (t, c, x)));
        }
        held.sort_unstable_by_key(|&(t, c, _)| (t, c));
        let n = candidates.len() as f64;
        let idf = |d: f64| (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
        let mut terms = FxHashMap::default();
        let mut norm = vec![0.0; candidates.len()];
        let mut at = 0;
        for run in held.chunk_by(|a, b| a.0 == b.0) {
            let weight = idf(run.len() as f64);
            run.iter()
                .for_each(|&(_, c, x)| norm[c] += (x * weight).powi(2));
            terms.insert(run[0].0, (at, at + run.len(), weight));
            at += run.len();
        }
        let lengths: Vec<f64> = (candidates.iter())
            .map(|c| c.text.chars().filter(|c| !c.is_whitespace()).count() as f64)
            .collect();
        let mean = lengths.iter().sum::<f64>() / lengths.len().max(1) as f64;
        Counted {
            terms,
            postings: held.into_iter().map(|(_, c, x)| (c, x)).collect(),
            idf_unheld: idf(0.0),
            length_ratio: lengths.iter().map(|l| l / mean.max(1.0)).collect(),
            norm: norm.into_iter().map(f64::sqrt).collect(),
        }
    }

    /// The candidates that hold `t` and how often, and its idf.
    fn holding(&self, t: &Term) -> (&[(usize, f64)], f64) {
        match self.terms.get(t) {
            Some(&(start, end, idf)) => (&self.postings[start..end], idf),
            None => (&[], self.idf_unheld),
        }
    }

    /// How alike an item (its terms counted) and each candidate are.
    fn scores(&self, similarity: Similarity, item: &FxHashMap<Term, f64>) -> Vec<f64> {
        let mut sums = vec![0.0; self.norm.len()];
        let mut whole = 0.0;
        for (t, x) in item {
            let (holding, idf) = self.holding(t);
            match similarity {
                // The dot product, and the item's squared length.
                Similarity::Cosine => {
                    whole += (x * idf).powi(2);
                    for &(c, y) in holding {
                        sums[c] += x * y * idf * idf;
                    }
                }
                // BM25 of each term once, and the score of a paragraph of
                // the mean length holding it once (its idf).
                Similarity::Bm25 => {
                    whole += idf;
                    for &(c, n) in holding {
                        let norm = K1 * (1.0 - B + B * self.length_ratio[c]);
                        sums[c] += idf * n * (K1 + 1.0) / (n + norm);
                    }
                }
            }
        }
        let scale = |c: usize| match similarity {
            Similarity::Cosine => whole.sqrt() * self.norm[c],
            Similarity::Bm25 => whole,
        };
        (sums.iter().enumerate())
            .map(|(c, sum)| if scale(c) > 0.0 { sum / scale(c) } else { 0.0 })
            .collect()
    }
}

/// Whether a score delivers ([`DELIVERY_THRESHOLD`]).
pub fn delivers(score: f64) -> bool {
    score >= DELIVERY_THRESHOLD
}

/// For each plan item of `plan`, the paragraphs of `next` (the issuer's
/// report of the next year) that deliver it, best first.
pub fn deliveries(plan: &Report, next: &Report) -> Vec<Vec<Delivery>> {
    pair(plan, next, SIMILARITY, DELIVERY_THRESHOLD)
}

/// [`deliveries`] by another measure or threshold (for measuring the
/// rule).
pub fn pair(
    plan: &Report,
    next: &Report,
    similarity: Similarity,
    threshold: f64,
) -> Vec<Vec<Delivery>> {
    let items = &plan.analysis.plan_items;
    if items.is_empty() {
        return Vec::new();
    }
    let words = Words::new(items.iter().flat_map(|i| i.words.iter().map(|(w, _)| w)));
    let candidates = candidates(next);
    let counted = Counted::new(&candidates, &words);
    (items.iter())
        .map(|item| {
            let terms = term_counts(&item_text(plan, item), &words);
            select(&counted.scores(similarity, &terms), &candidates, threshold)
        })
        .collect()
}

/// The candidates whose score reaches `threshold`, best first (ties in
/// reading order), from the measures part if any there does, else from
/// the others ([`Candidate::tier`]); none if none does (the item is left
/// open, never given the least bad paragraph).
fn select(scores: &[f64], candidates: &[Candidate], threshold: f64) -> Vec<Delivery> {
    for tier in [0, 1] {
        let mut found: Vec<(usize, f64)> = (scores.iter().copied().enumerate())
            .filter(|&(c, s)| candidates[c].tier == tier && s >= threshold)
            .collect();
        if found.is_empty() {
            continue;
        }
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        return (found.into_iter())
            .map(|(c, score)| Delivery {
                anchor: candidates[c].anchor.to_owned(),
                score,
            })
            .collect();
    }
    Vec::new()
}

/// Every report's follow-up, and which report follows up which.
#[derive(Debug, Default)]
pub struct FollowUps {
    /// One per report with a known issuer and year, in archive order.
    pub follow_ups: Vec<PlanFollowUp>,
    /// For each report (archive order), its follow-up's index.
    by_plan_report: Vec<Option<usize>>,
    /// For each report, the index of the follow-up of last year's plans it
    /// is the delivery report of.
    by_delivery_report: Vec<Option<usize>>,
}

impl FollowUps {
    /// What became of report `i`'s plans (its items are its
    /// `analysis.plan_items`); `None` if its issuer or year is unknown.
    pub fn of_plan_report(&self, i: usize) -> Option<&PlanFollowUp> {
        let at = self.by_plan_report.get(i).copied().flatten();
        at.map(|f| &self.follow_ups[f])
    }

    /// The follow-up of last year's plans in report `i` (the issuer's
    /// report of the year before, its plans and what `i` delivers of
    /// them); `None` if the archive has no report of the year before.
    pub fn of_delivery_report(&self, i: usize) -> Option<&PlanFollowUp> {
        let at = self.by_delivery_report.get(i).copied().flatten();
        at.map(|f| &self.follow_ups[f])
    }

    /// Per year of delivery (year N+1), the plan items of year N paired and
    /// delivered, oldest first: the archive's trend.
    pub fn by_year(&self, reports: &[Report]) -> Vec<YearDelivery> {
        let mut years: BTreeMap<i32, YearDelivery> = BTreeMap::new();
        for f in &self.follow_ups {
            let year = f.delivery_report.and_then(|r| reports.get(r)?.meta.year);
            let (Some(year), FollowUpOutcome::Paired) = (year, f.outcome) else {
                continue;
            };
            let y = years.entry(year).or_insert(YearDelivery {
                year,
                ..Default::default()
            });
            y.reports += 1;
            y.items += f.deliveries.len();
            y.delivered += f.delivered();
        }
        years.into_values().collect()
    }
}

/// Last year's plan items followed up in one year's reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearDelivery {
    /// The year of the reports that deliver (N+1).
    pub year: i32,
    /// Reports whose previous year's plans were paired.
    pub reports: usize,
    /// The plan items of the year before that those reports follow up.
    pub items: usize,
    /// Of those, the items some paragraph delivers.
    pub delivered: usize,
}

impl YearDelivery {
    /// The share of the items delivered (none: 0).
    pub fn share(&self) -> f64 {
        self.delivered as f64 / self.items.max(1) as f64
    }
}

/// The deliveries paired by the last build, by the fingerprints of the
/// plan report and of the next report: a pairing reads those two reports
/// alone, so `serve`'s rebuilds pair again only where either changed.
pub type Paired = rustc_hash::FxHashMap<(u64, u64), Vec<Vec<Delivery>>>;

/// Follows up every report's plans in its issuer's report of the next year
/// (the first of that year, if the series has two), in parallel. With
/// `cache` (a rebuild, whose reports have fingerprints), pairs it holds
/// are taken from it, and it is left holding this build's.
pub fn follow_up(
    reports: &[Report],
    series: &SeriesIndex,
    cache: Option<&mut Paired>,
) -> FollowUps {
    let mut pairs: Vec<(usize, Option<usize>)> = Vec::new();
    for s in &series.series {
        // Sorted by (year, index): the next year's first report is found
        // by bisection.
        for &i in &s.reports {
            let Some(year) = reports[i].meta.year else {
                continue;
            };
            let next_year = year.checked_add(1);
            let at = s
                .reports
                .partition_point(|&j| reports[j].meta.year < next_year);
            let next = (s.reports.get(at).copied())
                .filter(|&j| next_year.is_some() && reports[j].meta.year == next_year);
            pairs.push((i, next));
        }
    }
    pairs.sort_unstable();
    let known = cache.as_deref();
    let follow_ups: Vec<PlanFollowUp> = (pairs.into_par_iter())
        .map(|(i, next)| follow_up_one(reports, i, next, known))
        .collect();
    if let Some(cache) = cache {
        *cache = (follow_ups.iter())
            .filter(|f| f.outcome == FollowUpOutcome::Paired)
            .filter_map(|f| {
                Some((
                    fingerprints(reports, f.plan_report, f.delivery_report?),
                    f.deliveries.clone(),
                ))
            })
            .collect();
    }
    let mut by_plan_report = vec![None; reports.len()];
    let mut by_delivery_report = vec![None; reports.len()];
    for (f, one) in follow_ups.iter().enumerate() {
        by_plan_report[one.plan_report] = Some(f);
        if let Some(d) = one.delivery_report {
            by_delivery_report[d].get_or_insert(f);
        }
    }
    FollowUps {
        follow_ups,
        by_plan_report,
        by_delivery_report,
    }
}

/// The key of a pairing in [`Paired`].
fn fingerprints(reports: &[Report], plan: usize, next: usize) -> (u64, u64) {
    (reports[plan].fingerprint, reports[next].fingerprint)
}

fn follow_up_one(
    reports: &[Report],
    plan: usize,
    next: Option<usize>,
    known: Option<&Paired>,
) -> PlanFollowUp {
    let (outcome, deliveries) = match next {
        _ if reports[plan].analysis.plan_items.is_empty() => (FollowUpOutcome::NoPlans, vec![]),
        None => (FollowUpOutcome::NextYearMissing, vec![]),
        Some(n) => {
            let cached = known.and_then(|k| k.get(&fingerprints(reports, plan, n)));
            let made = cached
                .cloned()
                .unwrap_or_else(|| deliveries(&reports[plan], &reports[n]));
            (FollowUpOutcome::Paired, made)
        }
    };
    PlanFollowUp {
        plan_report: plan,
        delivery_report: next,
        deliveries,
        outcome,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DecodedSource, SourceFormat};

    fn analysed(text: &str) -> Report {
        let source = DecodedSource::utf8("r.txt", SourceFormat::Text, text);
        let (mut report, _) = crate::parse::parse(source).expect("parses");
        crate::analyse::analyse(&mut report, &Default::default());
        report
    }

    const HEAD: &str = "关于2022年法治政府建设情况的报告\n\n一、2022年法治政府建设主要举措和成效\n开展普法宣传活动十二场。\n";

    fn items(plans: &str) -> Vec<(String, usize, String)> {
        let report = analysed(&format!("{HEAD}二、2023年工作安排\n{plans}"));
        (report.analysis.plan_items.iter())
            .map(|i| (i.anchor.clone(), i.number, i.text.clone()))
            .collect()
    }

    #[test]
    fn numbered_sub_headings_are_items_with_their_paragraphs() {
        let got = items("下一步，我们将重点做好以下工作。\n（一）加强组织领导\n定期听取工作汇报。\n（二）深化普法宣传\n开展法治宣传活动。\n");
        assert_eq!(
            got,
            [
                ("s2-1".into(), 1, "加强组织领导".into()),
                ("s2-2".into(), 2, "深化普法宣传".into()),
            ],
            "the introduction is not an item"
        );
        let report = analysed(&format!(
            "{HEAD}二、2023年工作安排\n（一）加强组织领导\n定期听取工作汇报。\n"
        ));
        let words: Vec<&str> = (report.analysis.plan_items[0].words.iter())
            .map(|(w, _)| w)
            .collect();
        assert!(words.contains(&"工作汇报"), "paragraphs too: {words:?}");
    }

    #[test]
    fn inline_enumerations_are_items_of_their_segments() {
        let got = items("（一）优化营商环境\n为此，一是加强企业服务，走访企业。二是推进诚信建设；三是做好安全生产。\n（二）加强队伍建设\n组织培训。\n");
        let texts: Vec<&str> = got.iter().map(|(_, _, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "一是加强企业服务，走访企业。",
                "二是推进诚信建设；",
                "三是做好安全生产。",
                "加强队伍建设"
            ]
        );
        assert!(got[..3].iter().all(|(a, _, _)| a == "s2-1-p1"));
        assert_eq!(got.iter().map(|g| g.1).collect::<Vec<_>>(), [1, 2, 3, 4]);
        let report = analysed(&format!(
            "{HEAD}二、2023年工作安排\n一是加强企业服务。二是推进诚信建设。\n"
        ));
        let item = &report.analysis.plan_items[1];
        let p = report.paragraph_at(&item.anchor).unwrap();
        let (start, end) = item.segment.unwrap();
        assert_eq!(&p.text[start..end], "二是推进诚信建设。");
    }

    #[test]
    fn a_plans_part_without_numbering_is_one_item_a_paragraph() {
        let got = items("深化制度建设，强化责任担当。纳入考核。\n加强理论学习，提高法治素养。\n");
        assert_eq!(
            got,
            [
                ("s2-p1".into(), 1, "深化制度建设，强化责任担当。".into()),
                ("s2-p2".into(), 2, "加强理论学习，提高法治素养。".into()),
            ]
        );
    }

    #[test]
    fn an_empty_or_missing_plans_part_has_no_items() {
        assert!(items("").is_empty());
        let report = analysed(HEAD);
        assert!(report.analysis.plan_items.is_empty());
    }

    #[test]
    fn quotes_are_the_first_sentence_or_cut() {
        assert_eq!(quote(" 加强领导。然后。"), "加强领导。");
        assert_eq!(quote("没有句号"), "没有句号");
        let long = "长".repeat(QUOTE_CHARS + 5);
        assert_eq!(quote(&long), format!("{}…", "长".repeat(QUOTE_CHARS)));
        let exact = "长".repeat(QUOTE_CHARS);
        assert_eq!(quote(&exact), exact, "no cut at exactly the limit");
        assert_eq!(quote(""), "");
    }

    #[test]
    fn the_threshold_is_inclusive() {
        assert!(delivers(DELIVERY_THRESHOLD));
        assert!(!delivers(DELIVERY_THRESHOLD - 1e-9));
        assert!(delivers(1.0) && !delivers(0.0));
    }

    /// Each similarity of `item` with each of `paragraphs`.
    fn scored(item: &str, paragraphs: &[&str]) -> [Vec<f64>; 2] {
        let candidates: Vec<Candidate> = (paragraphs.iter())
            .map(|&text| Candidate {
                anchor: "",
                text,
                tier: 0,
            })
            .collect();
        let counted = Counted::new(&candidates, &Words::default());
        let item = term_counts(item, &Words::default());
        [Similarity::Cosine, Similarity::Bm25].map(|s| counted.scores(s, &item))
    }

    #[test]
    fn similarities_are_bounded_and_zero_without_shared_terms() {
        let paragraphs = [
            "完善合法性审查机制",
            "开展宪法宣传活动",
            "合法性审查全覆盖",
            "",
        ];
        let [cosine, bm25] = scored("完善合法性审查机制", &paragraphs);
        assert!((cosine[0] - 1.0).abs() < 1e-9, "itself: {cosine:?}");
        assert_eq!((cosine[1], bm25[1]), (0.0, 0.0), "nothing shared");
        assert!(cosine[2] > 0.0 && cosine[2] < 1.0, "{cosine:?}");
        assert!(bm25[2] > 0.0 && bm25[2] < bm25[0], "{bm25:?}");
        assert_eq!((cosine[3], bm25[3]), (0.0, 0.0), "an empty paragraph");
        let [cosine, bm25] = scored("", &paragraphs);
        assert!(
            cosine.iter().chain(&bm25).all(|&s| s == 0.0),
            "an empty item"
        );
        assert!(
            scored("审查", &[]).iter().all(Vec::is_empty),
            "no candidates"
        );
    }

    #[test]
    fn pairs_and_words_are_counted_overlapping_and_apart() {
        let words = Words::new(["法律顾问", "法律", "顾问库"].into_iter());
        let counts = term_counts("聘请法律顾问库，2023年法律顾问。律顾问", &words);
        assert_eq!(counts[&han_pair('法', '律')], 2.0);
        let word = |w: &str| {
            (words.0.values().flatten())
                .find(|(_, x)| *x == w)
                .map(|(id, _)| WORD_TERM | id)
        };
        assert_eq!(
            counts[&word("法律顾问").unwrap()],
            2.0,
            "twice, not at 律顾问"
        );
        assert_eq!(counts[&word("顾问库").unwrap()], 1.0, "overlapping");
        assert_eq!(word("法律"), None, "two characters: a pair");
        assert!(
            !counts.contains_key(&han_pair('库', '，')),
            "Han pairs only"
        );
        assert!(
            !counts.contains_key(&han_pair('3', '年')),
            "Han characters only"
        );
    }

    /// A delivery report whose measures say `measures`, after a plan report
    /// whose plans part is `plans`.
    fn paired(plans: &str, measures: &str) -> Vec<Vec<Delivery>> {
        let plan = analysed(&format!("{HEAD}二、2023年工作安排\n{plans}"));
        let next = analysed(&format!("关于2023年法治政府建设情况的报告\n\n一、2023年法治政府建设主要举措和成效\n{measures}二、存在的不足和原因\n行政执法人员培训不足。\n三、2024年工作安排\n继续加强行政复议规范化建设。\n"));
        deliveries(&plan, &next)
    }

    #[test]
    fn items_are_paired_with_what_reports_doing_them_or_left_open() {
        let got = paired(
            "（一）加强行政复议规范化建设\n（二）推进行政执法人员培训\n（三）深化法律顾问制度\n",
            "（一）复议\n推进行政复议规范化建设，办理复议案件十件。\n（二）宣传\n开展宪法宣传周活动。\n",
        );
        assert_eq!(got.len(), 3);
        let anchors: Vec<&str> = got[0].iter().map(|d| d.anchor.as_str()).collect();
        assert_eq!(anchors, ["s1-1-p1"]);
        assert!(delivers(got[0][0].score));
        assert!(got[1].is_empty(), "in shortcomings only: not done {got:?}");
        assert!(got[2].is_empty(), "in plans only: not done {got:?}");
    }

    #[test]
    fn nothing_to_pair_gives_nothing() {
        assert!(paired("", "开展宪法宣传周活动。\n").is_empty());
        let got = paired("（一）深化法律顾问制度\n", "");
        assert_eq!(got, [Vec::<Delivery>::new()]);
    }
}
