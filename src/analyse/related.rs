//! Related reports: for each report, the most similar others by cosine
//! similarity of TF-IDF vectors over jieba words, with the reasons shown
//! (topics and cited documents in common). Candidates are found through an
//! inverted index over each report's top terms, so the cost grows with the
//! archive times the (capped) posting length, never with all pairs.

use rayon::prelude::*;

/// Terms per report in its similarity vector: its most distinctive words.
pub const TERMS_PER_REPORT: usize = 60;

/// A term shared by more reports than this is skipped when finding
/// candidates (it distinguishes nothing and would make the search
/// quadratic); only its heaviest postings are kept.
const MAX_POSTINGS_PER_TERM: usize = 200;

/// Related reports shown per report.
pub const RELATED_PER_REPORT: usize = 5;

/// A similar report and how similar it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    /// Index of the similar report in the archive.
    pub report: usize,
    /// Cosine similarity of the two reports' TF-IDF vectors (their
    /// [`TERMS_PER_REPORT`] heaviest terms), 0 to 1.
    pub score: f64,
}

/// The most similar reports of each report. `vectors[i]` is report i's
/// weighted terms (heaviest first), each term a number below `terms`
/// ([`super::vocabulary`]), so that the postings are a vector indexed by
/// term.
pub fn most_similar(vectors: &[Vec<(u32, f64)>], terms: usize) -> Vec<Vec<Similar>> {
    let vectors: Vec<&[(u32, f64)]> = vectors
        .iter()
        .map(|v| &v[..v.len().min(TERMS_PER_REPORT)])
        .collect();
    let norms: Vec<f64> = vectors
        .iter()
        .map(|v| v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt())
        .collect();
    let mut postings: Vec<Vec<(usize, f64)>> = vec![Vec::new(); terms];
    for (i, v) in vectors.iter().enumerate() {
        for &(term, w) in v.iter() {
            postings[term as usize].push((i, w));
        }
    }
    for list in &mut postings {
        if list.len() > MAX_POSTINGS_PER_TERM {
            list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(MAX_POSTINGS_PER_TERM);
        }
    }
    // Each report's neighbours depend only on the shared postings: computed
    // in parallel, collected in report order.
    // Dot products are summed in a dense array per thread (with the list of
    // reports touched, to read and reset only those): a map per report
    // would cost a tree insertion for each of its ~10,000 shared postings.
    let n = vectors.len();
    vectors
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0.0f64; n], vec![false; n], Vec::new()),
            |(dot, seen, touched), (i, v)| {
                for &(term, w) in v.iter() {
                    for &(j, wj) in &postings[term as usize] {
                        if j != i {
                            if !std::mem::replace(&mut seen[j], true) {
                                touched.push(j);
                            }
                            dot[j] += w * wj;
                        }
                    }
                }
                let mut similar: Vec<Similar> = touched
                    .drain(..)
                    .map(|j| {
                        seen[j] = false;
                        (j, std::mem::take(&mut dot[j]))
                    })
                    .filter(|&(j, _)| norms[i] > 0.0 && norms[j] > 0.0)
                    .map(|(j, d)| Similar {
                        report: j,
                        score: d / (norms[i] * norms[j]),
                    })
                    .collect();
                // Equal scores in report order. A report shares terms with
                // thousands of others in a large archive: the best few are
                // selected before sorting, not all of them sorted.
                let order = |a: &Similar, b: &Similar| {
                    b.score.total_cmp(&a.score).then(a.report.cmp(&b.report))
                };
                if similar.len() > RELATED_PER_REPORT {
                    similar.select_nth_unstable_by(RELATED_PER_REPORT - 1, order);
                    similar.truncate(RELATED_PER_REPORT);
                }
                similar.sort_by(order);
                // Its capacity is for every report it touched: kept for
                // 10,000 reports, that would be hundreds of megabytes.
                similar.shrink_to_fit();
                similar
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_similar_first_and_never_itself() {
        let (dispute, mediation, epidemic, weather) = (0, 1, 2, 3);
        let vectors = vec![
            vec![(dispute, 3.0), (mediation, 2.0)],
            vec![(dispute, 3.0), (mediation, 1.0)],
            vec![(epidemic, 3.0), (dispute, 0.5)],
            vec![(weather, 1.0)],
        ];
        let similar = most_similar(&vectors, 4);
        assert_eq!(
            similar[0].iter().map(|s| s.report).collect::<Vec<_>>(),
            [1, 2]
        );
        assert!(similar[0][0].score > 0.9 && similar[0][0].score <= 1.0 + 1e-9);
        assert!(similar[3].is_empty(), "nothing in common, nothing related");
    }
}
