//! Topics: a taxonomy of the subjects reports cover, each a name and the
//! keywords that mark a paragraph as about it; and each report's most
//! distinctive words by TF-IDF over the archive.

use super::vocabulary::{Candidates, Vocabulary};
use crate::model::{Report, TopicCount, WordCounts};
use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock, OnceLock};

/// The topics, in display order. Configurable (`[[topics]]` in baogao.toml).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    /// The topics, in display order.
    pub topics: Vec<TopicRule>,
    /// Every keyword of every topic in one automaton, built on first use:
    /// tagging a paragraph is then one pass over its text.
    #[serde(skip)]
    matcher: OnceLock<KeywordMatcher>,
}

/// The keywords of a taxonomy, matched together.
#[derive(Debug, Clone)]
struct KeywordMatcher {
    automaton: AhoCorasick,
    /// The topic of each keyword, by pattern index.
    topic_of_keyword: Vec<usize>,
}

/// Derived from the topics, so equal whenever the topics are.
impl PartialEq for KeywordMatcher {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for KeywordMatcher {}

/// A topic and the words that mark a paragraph as about it: a paragraph
/// containing any of the keywords is tagged.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicRule {
    /// Shared by the figures and topic counts that name the topic.
    pub name: Arc<str>,
    /// Words that tag a paragraph containing any of them with the topic.
    pub keywords: Vec<String>,
}

/// The default taxonomy: the task areas of 《法治政府建设实施纲要（2021—2025年）》
/// and the subjects these reports dwell on.
const DEFAULT_TOPICS: &[(&str, &[&str])] = &[
    (
        "机构职能",
        &[
            "政府职能",
            "机构改革",
            "放管服",
            "权责清单",
            "行政审批",
            "审批服务",
            "政务服务",
        ],
    ),
    (
        "依法行政制度",
        &["规范性文件", "制度建设", "备案审查", "立法", "规章"],
    ),
    (
        "行政决策",
        &[
            "重大行政决策",
            "决策程序",
            "合法性审查",
            "集体讨论",
            "议事规则",
            "三重一大",
        ],
    ),
    (
        "行政执法",
        &[
            "行政执法",
            "执法检查",
            "行政处罚",
            "综合执法",
            "执法人员",
            "专项整治",
            "双随机",
        ],
    ),
    (
        "突发事件应对",
        &["突发事件", "应急预案", "应急处置", "应急演练", "防灾减灾"],
    ),
    (
        "矛盾纠纷化解",
        &[
            "矛盾纠纷",
            "调解",
            "信访",
            "行政复议",
            "行政诉讼",
            "行政应诉",
            "枫桥经验",
            "劳动纠纷",
        ],
    ),
    (
        "权力制约监督",
        &[
            "监督",
            "政务公开",
            "信息公开",
            "问责",
            "督察",
            "人大代表建议",
            "政协委员提案",
        ],
    ),
    (
        "数字法治政府",
        &[
            "数字",
            "信息化",
            "互联网",
            "智慧",
            "一网通办",
            "大数据",
            "网上",
        ],
    ),
    (
        "党的领导",
        &[
            "党的领导",
            "党工委",
            "党委",
            "党组",
            "第一责任人",
            "习近平法治思想",
            "中心组",
        ],
    ),
    (
        "普法宣传",
        &[
            "普法",
            "法治宣传",
            "宣传教育",
            "宪法宣传",
            "民法典",
            "法治文化",
        ],
    ),
    (
        "法律顾问",
        &["法律顾问", "律师", "律所", "公共法律服务", "法律服务"],
    ),
    (
        "营商环境",
        &["营商环境", "惠企", "诚信", "信用", "企业服务", "银企"],
    ),
    (
        "安全生产",
        &["安全生产", "隐患", "消防", "危险化学品", "安全检查"],
    ),
    ("疫情防控", &["疫情", "核酸", "隔离", "疫苗", "防疫"]),
    (
        "学法用法",
        &["学法", "法律知识", "法治培训", "述法", "考法", "法治素养"],
    ),
];

impl Default for Taxonomy {
    fn default() -> Self {
        Taxonomy::new(
            DEFAULT_TOPICS
                .iter()
                .map(|(name, keywords)| TopicRule {
                    name: (*name).into(),
                    keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
                })
                .collect(),
        )
    }
}

impl Taxonomy {
    /// A taxonomy of `topics`, in that order; its keyword matcher is built on
    /// first use.
    pub fn new(topics: Vec<TopicRule>) -> Self {
        Taxonomy {
            topics,
            matcher: OnceLock::new(),
        }
    }

    /// Indexes of the topics whose keywords occur in `text`, in taxonomy
    /// order.
    pub fn tags(&self, text: &str) -> Vec<usize> {
        let mut tags: Vec<usize> = self.matched_topics(text).collect();
        tags.sort_unstable();
        tags.dedup();
        tags
    }

    /// The keywords' automaton, built when first needed.
    fn matcher(&self) -> &KeywordMatcher {
        self.matcher.get_or_init(|| {
            let (keywords, topic_of_keyword): (Vec<&str>, Vec<usize>) = self
                .topics
                .iter()
                .enumerate()
                .flat_map(|(i, t)| {
                    t.keywords
                        .iter()
                        .filter(|k| !k.is_empty())
                        .map(move |k| (k.as_str(), i))
                })
                .unzip();
            let automaton = AhoCorasick::new(keywords).expect("keywords are plain strings");
            KeywordMatcher {
                automaton,
                topic_of_keyword,
            }
        })
    }

    /// The first topic (in taxonomy order) that `text` is about: the
    /// lowest of the matches' topics, with no list made and sorted as
    /// [`Taxonomy::tags`] does (each figure asks it of up to three phrases,
    /// and there are 255,000 figures at 10,000 reports).
    pub fn topic_of(&self, text: &str) -> Option<&Arc<str>> {
        (self.matched_topics(text).min()).map(|i| &self.topics[i].name)
    }

    /// The topic of each keyword occurrence in `text`, repeats included.
    fn matched_topics<'t>(&'t self, text: &'t str) -> impl Iterator<Item = usize> + 't {
        let matcher = self.matcher();
        (matcher.automaton.find_overlapping_iter(text))
            .map(|m| matcher.topic_of_keyword[m.pattern().as_usize()])
    }
}

/// Tags every paragraph of a report; returns the tags and the counts per
/// topic (topics with no paragraph left out).
pub fn tag(report: &Report, taxonomy: &Taxonomy) -> (Vec<(String, Vec<usize>)>, Vec<TopicCount>) {
    let mut counts = vec![0usize; taxonomy.topics.len()];
    let mut tags = Vec::new();
    for p in report.paragraphs() {
        let found = taxonomy.tags(&p.text);
        for &i in &found {
            counts[i] += 1;
        }
        if !found.is_empty() {
            tags.push((p.anchor.clone(), found));
        }
    }
    let counts = counts
        .into_iter()
        .enumerate()
        .filter(|&(_, n)| n > 0)
        .map(|(i, n)| TopicCount {
            topic: taxonomy.topics[i].name.clone(),
            paragraphs: n,
        })
        .collect();
    (tags, counts)
}

/// Keywords shown per report.
pub const KEYWORDS_PER_REPORT: usize = 10;

/// Words that are in every report of this kind and say nothing about one.
const STOP_WORDS: &[&str] = &[
    "工作",
    "开展",
    "推进",
    "加强",
    "进一步",
    "法治",
    "建设",
    "政府",
    "法治政府",
    "坚持",
    "提高",
    "全面",
    "落实",
    "深入",
    "推动",
    "我们",
    "以及",
    "有关",
    "相关",
    "情况",
    "主要",
    "重要",
    "要求",
    "实现",
    "持续",
    "不断",
    "积极",
    "有效",
    "切实",
    "报告",
    "学习",
];

/// [`STOP_WORDS`] for lookup: every word of every report is looked up.
static STOP_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| STOP_WORDS.iter().copied().collect());

/// The words of a report that TF-IDF weighs: Chinese words of two or more
/// characters that are not stop words, with their (weighted) counts.
pub fn keyword_candidates(words: &WordCounts) -> impl Iterator<Item = (&str, u32)> + '_ {
    words.iter().filter(|(w, _)| {
        w.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            && !STOP_SET.contains(w)
            && !is_enumeration_marker(w)
    })
}

/// `一是`, `二是` … structure a report's text but say nothing about it.
fn is_enumeration_marker(word: &str) -> bool {
    word.strip_suffix('是')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| "一二三四五六七八九十".contains(c)))
}

/// Inverse document frequency, smoothed so that a word in every report
/// still weighs a little: `ln((1 + n) / (1 + df)) + 1`.
pub fn idf(reports: usize, document_frequency: usize) -> f64 {
    ((1.0 + reports as f64) / (1.0 + document_frequency as f64)).ln() + 1.0
}

/// TF-IDF weights of each report's keyword candidates (numbered in
/// `vocabulary`). Each report's words come heaviest first (equal weights
/// in the order of the words' text), at most `keep` of them.
pub fn tf_idf(
    candidates: &[Candidates],
    vocabulary: &Vocabulary,
    keep: usize,
) -> Vec<Vec<(u32, f64)>> {
    // A report's candidates are distinct words: counting them counts the
    // reports that hold each word.
    let mut df = vec![0usize; vocabulary.count()];
    for &(word, _) in candidates.iter().flat_map(|c| c.iter()) {
        df[word as usize] += 1;
    }
    let idfs: Vec<f64> = df.iter().map(|&n| idf(candidates.len(), n)).collect();
    candidates
        .par_iter()
        .map(|words| {
            let mut weights: Vec<(u32, f64)> = words
                .iter()
                .map(|&(word, n)| (word, f64::from(n) * idfs[word as usize]))
                .collect();
            // Heaviest first, equal weights by word: a total order (a
            // report's words are distinct), so the `keep` heaviest are
            // selected first and only they are sorted.
            let order = |a: &(u32, f64), b: &(u32, f64)| {
                let text = |n: u32| vocabulary.word(n);
                b.1.total_cmp(&a.1).then_with(|| text(a.0).cmp(text(b.0)))
            };
            if weights.len() > keep && keep > 0 {
                weights.select_nth_unstable_by(keep - 1, order);
            }
            weights.truncate(keep);
            weights.sort_by(order);
            // Not the capacity of all its words, for every report.
            weights.shrink_to_fit();
            weights
        })
        .collect()
}

/// Topic names two reports share, the one both discuss most first: by the
/// smaller of their two paragraph counts, then in taxonomy order.
pub fn shared_topics(a: &Report, b: &Report) -> Vec<String> {
    let theirs: BTreeMap<&str, usize> = (b.analysis.topics.iter())
        .map(|t| (&*t.topic, t.paragraphs))
        .collect();
    let mut shared: Vec<(usize, &TopicCount)> = (a.analysis.topics.iter())
        .filter_map(|t| theirs.get(&*t.topic).map(|&n| (n.min(t.paragraphs), t)))
        .collect();
    // Stable: equal strengths stay in taxonomy order.
    shared.sort_by_key(|&(both, _)| std::cmp::Reverse(both));
    shared
        .into_iter()
        .map(|(_, t)| t.topic.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_taxonomy_lists_the_spec_topics() {
        let t = Taxonomy::default();
        let names: Vec<_> = t.topics.iter().map(|t| &*t.name).collect();
        for name in [
            "机构职能",
            "依法行政制度",
            "行政决策",
            "行政执法",
            "突发事件应对",
            "矛盾纠纷化解",
            "权力制约监督",
            "数字法治政府",
            "党的领导",
            "普法宣传",
            "法律顾问",
            "营商环境",
            "安全生产",
            "疫情防控",
            "学法用法",
        ] {
            assert!(names.contains(&name), "{name}");
        }
    }

    #[test]
    fn tags_by_keyword() {
        let t = Taxonomy::default();
        let tags: Vec<_> = t
            .tags("共化解矛盾纠纷9起，开展全员核酸检测")
            .into_iter()
            .map(|i| &*t.topics[i].name)
            .collect();
        assert_eq!(tags, ["矛盾纠纷化解", "疫情防控"]);
        assert!(t.tags("天气晴朗").is_empty());
    }

    #[test]
    fn configured_taxonomy_parses_and_rejects_unknown_keys() {
        let t: Taxonomy =
            toml::from_str("[[topics]]\nname = \"环境保护\"\nkeywords = [\"生态\", \"污染\"]\n")
                .unwrap();
        assert_eq!(t.topic_of("推进污染治理").map(|n| &**n), Some("环境保护"));
        assert!(toml::from_str::<Taxonomy>(
            "[[topics]]\nname = \"x\"\nkeywords = []\nwords = []\n"
        )
        .is_err());
    }

    #[test]
    fn shared_topics_come_most_discussed_by_both_first() {
        let with = |topics: &[(&str, usize)]| Report {
            slug: "r".into(),
            source: "r.txt".into(),
            format: crate::model::SourceFormat::Text,
            encoding: "UTF-8",
            meta: Default::default(),
            preamble: vec![],
            sections: vec![],
            path: Default::default(),
            original: String::new(),
            analysis: crate::model::Analysis {
                topics: (topics.iter())
                    .map(|&(topic, paragraphs)| TopicCount {
                        topic: topic.into(),
                        paragraphs,
                    })
                    .collect(),
                ..Default::default()
            },
            fingerprint: 0,
        };
        // Taxonomy order in each report; 普法宣传 is only in one.
        let a = with(&[
            ("行政决策", 1),
            ("行政执法", 9),
            ("普法宣传", 4),
            ("安全生产", 5),
        ]);
        let b = with(&[("行政决策", 7), ("行政执法", 2), ("安全生产", 6)]);
        // 安全生产: min 5; then 行政执法 and 行政决策 (min 2 and 1).
        assert_eq!(shared_topics(&a, &b), ["安全生产", "行政执法", "行政决策"]);
        // Equal strengths keep the taxonomy order.
        let c = with(&[("行政决策", 3), ("行政执法", 3)]);
        assert_eq!(shared_topics(&c, &c), ["行政决策", "行政执法"]);
        assert!(shared_topics(&a, &with(&[])).is_empty());
    }

    #[test]
    fn idf_weighs_rare_words_up() {
        assert!(idf(10, 1) > idf(10, 5));
        assert!(idf(10, 10) > 0.0);
    }
}
