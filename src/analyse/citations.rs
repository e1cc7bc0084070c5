//! Citations: the documents a report names in `《…》`, found per paragraph,
//! normalised, typed, and merged across the archive with their variants.

use crate::model::{Citation, CitationKind, Report};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A title longer than this is not a title but a `《` left open: the text
/// after it is running prose.
pub const MAX_TITLE_CHARS: usize = 80;

/// Every `《…》` in `text`, outermost only: `《关于印发〈某办法〉的通知》` is
/// one title with its nested `〈〉` kept. Line breaks and spaces inside a
/// title (page breaks, PDF spacing) are removed. An unclosed `《` is skipped.
pub fn titles_in(text: &str) -> Vec<String> {
    let mut titles = Vec::new();
    let mut depth = 0usize;
    // `〈` opened inside the current title and not yet closed: a `》` then
    // closes the `〈` (a common typing slip: `《关于印发〈某方案》的通知》`).
    let mut open_angles = 0usize;
    let mut current = String::new();
    // Outside a title only a `《` counts, and most paragraphs have none:
    // the next one is found with a vector search, not a character at a time.
    let Some(mut at) = text.find('《') else {
        return titles;
    };
    while let Some(c) = text[at..].chars().next() {
        at += c.len_utf8();
        match c {
            '《' => {
                if depth > 0 {
                    // `《` inside a title stands for a nested title.
                    current.push('〈');
                }
                depth += 1;
            }
            '》' if depth == 1 && open_angles > 0 => {
                current.push('〉');
                open_angles -= 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let title = normalise_title(&current);
                    if !title.is_empty() && title.chars().count() <= MAX_TITLE_CHARS {
                        titles.push(title);
                    }
                    current.clear();
                } else {
                    current.push('〉');
                }
            }
            _ if depth > 0 => {
                match c {
                    '〈' => open_angles += 1,
                    '〉' => open_angles = open_angles.saturating_sub(1),
                    _ => {}
                }
                current.push(c);
                if current.chars().count() > MAX_TITLE_CHARS * 2 {
                    depth = 0;
                    open_angles = 0;
                    current.clear();
                }
            }
            _ => {}
        }
        if depth == 0 {
            match text[at..].find('《') {
                Some(next) => at += next,
                None => break,
            }
        }
    }
    titles
}

/// Removes whitespace and unifies bracket and dash forms, so that the same
/// title written two ways compares equal: a subtitle separator (`--`, `——`)
/// becomes `——`, a range (`2021-2025`, `2021——2025`) `2021—2025`.
pub fn normalise_title(raw: &str) -> String {
    let title: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            '<' => '〈',
            '>' => '〉',
            '–' | '－' => '-',
            _ => c,
        })
        .collect();
    let title = title.replace("--", "——").replace('-', "—");
    let title = EXTRA_DASHES.replace_all(&title, "——");
    RANGE_DASH.replace_all(&title, "$1—$2").into_owned()
}

/// Three or more dashes in a row: a subtitle separator typed long.
static EXTRA_DASHES: LazyLock<Regex> = LazyLock::new(|| Regex::new("—{3,}").unwrap());

/// A dash between two digits is a range, however long it was typed.
static RANGE_DASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d)—+(\d)").unwrap());

/// The kind of document, by the word its title ends with (its 文种); a
/// `关于印发〈…〉的通知` is a notice whatever it prints, and a bracketed
/// period after the kind (`规划（2021——2025年）`) does not change it.
pub fn kind_of(title: &str) -> CitationKind {
    let mut main = main_title(title);
    if let Some((before, _)) = main.strip_suffix('）').and_then(|m| m.rsplit_once('（')) {
        if !before.is_empty() {
            main = before;
        }
    }
    let ends = |words: &[&str]| words.iter().any(|w| main.ends_with(w));
    if ends(NOTICE_ENDINGS) {
        CitationKind::Notice
    } else if main.ends_with("条例") {
        CitationKind::Regulation
    } else if main.ends_with('法') || main.ends_with("法典") {
        CitationKind::Law
    } else if ends(RULES_ENDINGS) {
        CitationKind::Rules
    } else {
        CitationKind::Other
    }
}

const NOTICE_ENDINGS: &[&str] = &["通知", "通报", "决定", "公告", "通告", "批复", "函"];

const RULES_ENDINGS: &[&str] = &[
    "安排", "规定", "办法", "细则", "规则", "规划", "纲要", "方案", "计划", "意见", "清单", "制度",
    "要点", "标准", "规程", "指引", "准则", "措施", "举措",
];

/// A title without its subtitle (`生命重于泰山——学习…` → `生命重于泰山`).
fn main_title(title: &str) -> &str {
    title.split("——").next().unwrap_or(title)
}

/// The citations of a report, paragraph by paragraph, in reading order.
pub fn extract(report: &Report) -> Vec<Citation> {
    report
        .paragraphs()
        .into_iter()
        .flat_map(|p| {
            titles_in(&p.text).into_iter().map(|title| Citation {
                kind: kind_of(&title),
                title,
                anchor: p.anchor.clone(),
            })
        })
        .collect()
}

/// A document cited somewhere in the archive, with every way it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct CitedDocument {
    /// The title most often written (the longest on a tie).
    pub title: String,
    /// What kind of document it is, by the ending of its title ([`kind_of`]).
    pub kind: CitationKind,
    /// Every title merged into this document, with how often it occurs.
    pub variants: Vec<(String, usize)>,
    /// Where it is cited: report index in the archive and paragraph anchor.
    pub cited_by: Vec<(usize, String)>,
}

/// Merges the citations of the archive into documents. Titles are the same
/// document when equal after normalisation, when one is the other with a
/// subtitle (`——…`), or when one is the other with at most
/// [`MAX_MERGE_EXTRA_CHARS`] characters inserted (`重大行政决策暂行条例` /
/// `重大行政决策程序暂行条例`) and both end the same way.
pub fn merge(reports: &[Report]) -> Vec<CitedDocument> {
    let mut by_title: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        for c in &r.analysis.citations {
            by_title
                .entry(c.title.clone())
                .or_default()
                .push((i, c.anchor.clone()));
        }
    }
    let titles: Vec<&String> = by_title.keys().collect();
    let mut groups = UnionFind::new(titles.len());
    // Candidates share their first two characters and their last character
    // (the kind of document), which keeps the comparison near linear.
    let mut buckets: BTreeMap<(String, char), Vec<usize>> = BTreeMap::new();
    for (i, t) in titles.iter().enumerate() {
        let main = main_title(t);
        let head: String = main.chars().take(2).collect();
        let last = main.chars().last().unwrap_or(' ');
        buckets.entry((head, last)).or_default().push(i);
    }
    for members in buckets.values() {
        for (n, &a) in members.iter().enumerate() {
            for &b in &members[n + 1..] {
                if same_document(titles[a], titles[b]) {
                    groups.union(a, b);
                }
            }
        }
    }
    let mut merged: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..titles.len() {
        merged.entry(groups.find(i)).or_default().push(i);
    }
    let mut documents: Vec<CitedDocument> = merged
        .into_values()
        .map(|members| {
            let mut variants: Vec<(String, usize)> = members
                .iter()
                .map(|&i| (titles[i].clone(), by_title[titles[i]].len()))
                .collect();
            variants.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then(b.0.chars().count().cmp(&a.0.chars().count()))
                    .then(a.0.cmp(&b.0))
            });
            let title = variants[0].0.clone();
            let mut cited_by: Vec<(usize, String)> = members
                .iter()
                .flat_map(|&i| by_title[titles[i]].clone())
                .collect();
            cited_by.sort();
            cited_by.dedup();
            CitedDocument {
                kind: kind_of(&title),
                title,
                variants,
                cited_by,
            }
        })
        .collect();
    documents.sort_by(|a, b| {
        b.cited_by
            .len()
            .cmp(&a.cited_by.len())
            .then_with(|| a.title.cmp(&b.title))
    });
    documents
}

/// How many characters one title may have beyond the other and still be the
/// same document: enough for a dropped word (`程序`, `实施`), too few for a
/// different document of the same kind.
const MAX_MERGE_EXTRA_CHARS: usize = 2;

/// Titles shorter than this are never merged by insertion: in short titles
/// two characters change the meaning (`民法` / `民法典`).
const MIN_MERGE_CHARS: usize = 8;

fn same_document(a: &str, b: &str) -> bool {
    let (ma, mb) = (main_title(a), main_title(b));
    if ma == mb {
        return true;
    }
    let (short, long) = if ma.chars().count() <= mb.chars().count() {
        (ma, mb)
    } else {
        (mb, ma)
    };
    let (ns, nl) = (short.chars().count(), long.chars().count());
    ns >= MIN_MERGE_CHARS && nl - ns <= MAX_MERGE_EXTRA_CHARS && is_subsequence(short, long)
}

fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|d| d == c))
}

/// Disjoint sets over indexes, for grouping variant titles.
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, i: usize) -> usize {
        let mut root = i;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        let mut node = i;
        while self.parent[node] != root {
            let next = self.parent[node];
            self.parent[node] = root;
            node = next;
        }
        root
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller index is the root, so that groups do not depend on the
        // order of union calls.
        let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[child] = root;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_between_titles_is_skipped_whatever_it_holds() {
        assert_eq!(
            titles_in("甲》〉乙《丙》丁〈戊》，很长的正文之后《己》。"),
            ["丙", "己"]
        );
        assert_eq!(titles_in("没有书名号的段落"), Vec::<String>::new());
    }

    #[test]
    fn titles_outermost_nested_broken_and_unclosed() {
        assert_eq!(
            titles_in("学习《民法典》《中国共产党党内法规汇编》等"),
            ["民法典", "中国共产党党内法规汇编"]
        );
        assert_eq!(
            titles_in("制定下发《某区关于印发〈某区\n疫情防控工作方案〉的通知》，"),
            ["某区关于印发〈某区疫情防控工作方案〉的通知"]
        );
        assert_eq!(
            titles_in("《关于印发《甲办法》的通知》"),
            ["关于印发〈甲办法〉的通知"]
        );
        assert_eq!(
            titles_in("未闭合《标题 后面是很长的正文"),
            Vec::<String>::new()
        );
        assert_eq!(titles_in("《》《 》"), Vec::<String>::new());
        let long = format!("《{}》《短》", "长".repeat(200));
        assert_eq!(titles_in(&long), ["短"]);
    }

    #[test]
    fn a_closing_title_mark_typed_for_a_closing_angle() {
        assert_eq!(
            titles_in("《关于印发〈甲方案》的通知》后文"),
            ["关于印发〈甲方案〉的通知"]
        );
    }

    #[test]
    fn normalisation() {
        assert_eq!(
            normalise_title("法治晋江建设规划(2021-2025年)"),
            "法治晋江建设规划（2021—2025年）"
        );
        assert_eq!(
            normalise_title("法治天津建设规划（2021——2025年）"),
            "法治天津建设规划（2021—2025年）"
        );
        assert_eq!(
            normalise_title("生命重于泰山--学习习近平总书记关于安全生产重要论述"),
            "生命重于泰山——学习习近平总书记关于安全生产重要论述"
        );
        assert_eq!(
            normalise_title("重大行政决策 程序暂行条例"),
            "重大行政决策程序暂行条例"
        );
    }

    #[test]
    fn kinds() {
        use CitationKind::*;
        assert_eq!(kind_of("中华人民共和国安全生产法"), Law);
        assert_eq!(kind_of("民法典"), Law);
        assert_eq!(kind_of("宪法"), Law);
        assert_eq!(kind_of("重大行政决策程序暂行条例"), Regulation);
        assert_eq!(kind_of("法治政府建设与责任落实督察工作规定"), Rules);
        assert_eq!(kind_of("法治天津建设规划（2021—2025年）"), Rules);
        assert_eq!(kind_of("创建全国法治政府建设示范市工作方案"), Rules);
        assert_eq!(kind_of("关于印发〈某方案〉的通知"), Notice);
        assert_eq!(kind_of("关于对进一步做好重大行政工作的提示函"), Notice);
        assert_eq!(kind_of("习近平法治思想概论"), Other);
        assert_eq!(
            kind_of("生命重于泰山——学习习近平总书记关于安全生产重要论述"),
            Other
        );
        assert_eq!(kind_of("义马气化厂“7.19”重大爆炸事故教训警示教育片"), Other);
    }

    #[test]
    fn variants_merge_and_different_documents_do_not() {
        assert!(same_document(
            "重大行政决策程序暂行条例",
            "重大行政决策暂行条例"
        ));
        assert!(same_document(
            "生命重于泰山——学习习近平总书记关于安全生产重要论述",
            "生命重于泰山"
        ));
        assert!(
            !same_document("民法典", "民法"),
            "short titles are not merged"
        );
        assert!(!same_document(
            "天津市社会信用条例",
            "天津市社会治安综合治理条例"
        ));
        assert!(!same_document("政府信息公开条例", "重大行政决策暂行条例"));
    }
}
