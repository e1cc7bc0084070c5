//! Plan → delivery on the labelled synthetic archive of
//! `tests/fixtures/plans/` (its README says how it was made): each plan
//! item paired by `analyse::plans` is compared with the hand-made labels
//! (`labels.tsv`); precision and recall are printed
//! (`cargo test --test plans -- --nocapture`) and held to 0.9, beside a
//! sweep of the threshold and the figures of the alternative measured
//! (cosine of TF-IDF vectors over the same terms).

use baogao::analyse::{self, plans, topics::Taxonomy, Corpus};
use baogao::config::Config;
use baogao::model::{Delivery, FollowUpOutcome, MandatedPart, Report, Severity};
use baogao::pipeline::load_reports;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

const FIXTURES: &str = "tests/fixtures/plans";

/// The fixtures' reports, analysed, and their corpus (built once).
fn archive() -> &'static (Vec<Report>, Corpus) {
    static ARCHIVE: OnceLock<(Vec<Report>, Corpus)> = OnceLock::new();
    ARCHIVE.get_or_init(|| {
        let dir = Path::new(FIXTURES);
        let config = Config::load(&dir.join("baogao.toml"), true).expect("the fixtures' config");
        let (mut reports, diagnostics) = load_reports(&dir.join("content"), &Taxonomy::default());
        let errors: Vec<_> = (diagnostics.iter())
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        let corpus = analyse::corpus(&reports, None, &config.issuer_aliases, Default::default())
            .apply(&mut reports);
        (reports, corpus)
    })
}

/// (plan report's slug, item number) → the anchors that deliver it.
type Labels = BTreeMap<(String, usize), BTreeSet<String>>;

fn labels() -> Labels {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("labels.tsv")).unwrap();
    let rows = text.lines().filter(|l| !l.starts_with('#')).skip(1);
    rows.map(|row| {
        let cells: Vec<&str> = row.split('\t').collect();
        let item = cells[2].parse().unwrap_or_else(|_| panic!("{row}"));
        let anchors = cells[3].split(' ').filter(|a| *a != "-");
        (
            (cells[1].to_owned(), item),
            anchors.map(str::to_owned).collect(),
        )
    })
    .collect()
}

fn slug_index(reports: &[Report], slug: &str) -> usize {
    (reports.iter().position(|r| r.slug == slug)).unwrap_or_else(|| panic!("no report {slug}"))
}

/// Precision and recall of `found` (same keys as the labels) over the
/// (item, paragraph) pairs.
fn precision_recall(labels: &Labels, found: &Labels) -> (f64, f64) {
    let pairs = |l: &Labels| -> BTreeSet<(String, usize, String)> {
        (l.iter())
            .flat_map(|((s, n), a)| a.iter().map(move |a| (s.clone(), *n, a.clone())))
            .collect()
    };
    let (want, got) = (pairs(labels), pairs(found));
    let hit = want.intersection(&got).count() as f64;
    (
        hit / got.len().max(1) as f64,
        hit / want.len().max(1) as f64,
    )
}

/// What a pairing function finds for every labelled plan report.
fn found_by(labels: &Labels, pair: impl Fn(&Report, &Report) -> Vec<Vec<Delivery>>) -> Labels {
    let (reports, corpus) = archive();
    let plan_reports: BTreeSet<&String> = labels.keys().map(|(s, _)| s).collect();
    let mut found = Labels::new();
    for slug in plan_reports {
        let i = slug_index(reports, slug);
        let follow_up = corpus.plans.of_plan_report(i).expect("a follow-up");
        let next = follow_up
            .delivery_report
            .expect("a labelled report has a next one");
        for (k, deliveries) in pair(&reports[i], &reports[next]).iter().enumerate() {
            let anchors = deliveries.iter().map(|d| d.anchor.clone()).collect();
            found.insert((slug.clone(), k + 1), anchors);
        }
    }
    found
}

#[test]
fn pairing_reaches_the_labels_and_leaves_open_exactly_the_undelivered() {
    let labels = labels();
    assert!(labels.len() >= 40, "{} labelled items", labels.len());
    let (reports, corpus) = archive();
    let mut found = Labels::new();
    for (slug, n) in labels.keys() {
        let follow_up = corpus
            .plans
            .of_plan_report(slug_index(reports, slug))
            .unwrap();
        assert_eq!(follow_up.outcome, FollowUpOutcome::Paired, "{slug}");
        let deliveries = &follow_up.deliveries[n - 1];
        found.insert(
            (slug.clone(), *n),
            deliveries.iter().map(|d| d.anchor.clone()).collect(),
        );
    }
    let (p, r) = precision_recall(&labels, &found);
    println!(
        "plan → delivery, {:?} ≥ {}: precision {p:.3}, recall {r:.3} ({} items)",
        plans::SIMILARITY,
        plans::DELIVERY_THRESHOLD,
        labels.len()
    );
    for (key, want) in &labels {
        if found[key] != *want {
            println!("  {key:?}: labelled {want:?}, found {:?}", found[key]);
        }
    }
    assert!(p >= 0.9 && r >= 0.9, "precision {p:.3}, recall {r:.3}");
    let open = |l: &Labels| -> Vec<(String, usize)> {
        (l.iter())
            .filter(|(_, a)| a.is_empty())
            .map(|(k, _)| k.clone())
            .collect()
    };
    assert_eq!(open(&found), open(&labels), "the items left open");
}

#[test]
fn the_threshold_and_the_alternative_measured() {
    let labels = labels();
    println!("threshold  cosine P/R     normalised BM25 P/R  cosine, paragraphs segmented P/R");
    for t in (2..=16).map(|t| f64::from(t) * 0.025) {
        let measured = |similarity| {
            let found = found_by(&labels, |a, b| plans::pair(a, b, similarity, t));
            precision_recall(&labels, &found)
        };
        let (cp, cr) = measured(plans::Similarity::Cosine);
        let (bp, br) = measured(plans::Similarity::Bm25);
        let (sp, sr) = precision_recall(&labels, &found_by(&labels, |a, b| cosine::pair(a, b, t)));
        println!("{t:.3}      {cp:.3} {cr:.3}    {bp:.3} {br:.3}          {sp:.3} {sr:.3}");
    }
}

#[test]
fn follow_ups_say_why_there_is_no_pairing() {
    let (reports, corpus) = archive();
    let of = |slug: &str| {
        corpus
            .plans
            .of_plan_report(slug_index(reports, slug))
            .unwrap()
    };
    // A missing year: 2022, then 2024.
    assert_eq!(of("2022-jiyuan").outcome, FollowUpOutcome::NextYearMissing);
    assert_eq!(of("2022-jiyuan").delivery_report, None);
    let jiyuan_2024 = slug_index(reports, "2024-jiyuan");
    assert!(
        corpus.plans.of_delivery_report(jiyuan_2024).is_none(),
        "no 2023"
    );
    // No plans part: the next report is named, nothing is paired.
    let dongli = of("2023-dongli");
    assert_eq!(dongli.outcome, FollowUpOutcome::NoPlans);
    assert_eq!(
        dongli.delivery_report,
        Some(slug_index(reports, "2024-dongli"))
    );
    assert!(dongli.deliveries.is_empty() && dongli.delivered_share().is_none());
    // Named differently in two years: by rule (管委会) and by alias.
    let by_delivery = |slug: &str| corpus.plans.of_delivery_report(slug_index(reports, slug));
    let jinjiang = by_delivery("2023-jinjiang").unwrap();
    assert_eq!(reports[jinjiang.plan_report].slug, "2022-jinjiang");
    let dongli = by_delivery("2023-dongli").unwrap();
    assert_eq!(reports[dongli.plan_report].slug, "2022-dongli");
    // The trend: per year of delivery, the items paired and delivered.
    let years = corpus.plans.by_year(reports);
    let total: usize = years.iter().map(|y| y.items).sum();
    assert_eq!(total, labels().len());
    assert!(years.windows(2).all(|w| w[0].year < w[1].year));
}

/// The cosine the build uses, done the straight way, to measure its
/// shortcut: every candidate paragraph segmented by jieba (the build
/// segments the plans only, and finds their words in the paragraphs by
/// string search), its terms its own words and pairs; the same candidates
/// and the same choice of the measures part first.
mod cosine {
    use super::*;

    fn terms(text: &str) -> BTreeMap<String, f64> {
        let han = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
        let mut out = BTreeMap::new();
        for w in baogao::segment::dictionary_words(text) {
            if w.chars().count() >= 2 && w.chars().all(han) {
                *out.entry(w.to_owned()).or_default() += 1.0;
            }
        }
        let chars: Vec<char> = text.chars().collect();
        for p in chars.windows(2).filter(|p| p.iter().all(|&c| han(c))) {
            *out.entry(p.iter().collect()).or_default() += 1.0;
        }
        out
    }

    fn candidates(report: &Report) -> Vec<(String, String, u8)> {
        let mut out: Vec<_> = (report.preamble.iter())
            .map(|p| (p.anchor.clone(), p.text.clone(), 1))
            .collect();
        for s in &report.sections {
            let tier = match s.part.as_ref().and_then(|m| m.part) {
                Some(MandatedPart::Measures) => 0,
                Some(MandatedPart::Plans | MandatedPart::Shortcomings) => continue,
                _ => 1,
            };
            let paragraphs = s.all_paragraphs().into_iter();
            out.extend(paragraphs.map(|p| (p.anchor.clone(), p.text.clone(), tier)));
        }
        out
    }

    pub(crate) fn pair(plan: &Report, next: &Report, threshold: f64) -> Vec<Vec<Delivery>> {
        let candidates = candidates(next);
        let vectors: Vec<_> = candidates.iter().map(|c| terms(&c.1)).collect();
        let mut df: BTreeMap<&str, f64> = BTreeMap::new();
        for v in &vectors {
            v.keys().for_each(|t| *df.entry(t).or_default() += 1.0);
        }
        let n = candidates.len() as f64;
        let weigh = |v: &BTreeMap<String, f64>| -> BTreeMap<String, f64> {
            (v.iter())
                .map(|(t, tf)| {
                    let d = df.get(t.as_str()).copied().unwrap_or(0.0);
                    (t.clone(), tf * (1.0 + (n + 1.0) / (d + 1.0)).ln())
                })
                .collect()
        };
        let norm = |v: &BTreeMap<String, f64>| v.values().map(|x| x * x).sum::<f64>().sqrt();
        let weighted: Vec<_> = vectors.iter().map(weigh).collect();
        (plan.analysis.plan_items.iter())
            .map(|item| {
                let q = weigh(&terms(&plans::item_text(plan, item)));
                let scores: Vec<f64> = (weighted.iter())
                    .map(|v| {
                        let dot: f64 = q.iter().filter_map(|(t, x)| v.get(t).map(|y| x * y)).sum();
                        dot / (norm(&q) * norm(v)).max(f64::MIN_POSITIVE)
                    })
                    .collect();
                for tier in [0, 1] {
                    let mut hits: Vec<(usize, f64)> = (scores.iter().copied().enumerate())
                        .filter(|&(c, s)| candidates[c].2 == tier && s >= threshold)
                        .collect();
                    hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                    if !hits.is_empty() {
                        return (hits.into_iter())
                            .map(|(c, score)| Delivery {
                                anchor: candidates[c].0.clone(),
                                score,
                            })
                            .collect();
                    }
                }
                Vec::new()
            })
            .collect()
    }
}
