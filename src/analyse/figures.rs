//! Figures: the quantities a report states (`共化解处理矛盾纠纷9起`,
//! `1.3亿元`, `97%以上`), with their unit, qualifier, normalised value and
//! what they count.

use super::topics::Taxonomy;
use crate::model::{Figure, Paragraph};
use crate::parse::dates::chinese_number;
use regex::Regex;
use std::sync::LazyLock;

/// A number, an optional 余/多, a magnitude (万/亿) and a unit or measure
/// word, with qualifiers before (`累计`, `约`, `同比下降`) and after (`以上`).
/// Years (`2022年`), dates (`12月16日`), document numbers (`〔2021〕117号`)
/// and hotlines (`12345`) have no unit from this list, so they never match.
static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "{}{}{}{}(?P<unit>{}){}",
        r"(?P<pre>(?:同比下降|同比增长|同比减少|累计|共计|共|约|近|超过|逾|达到|达){0,2})",
        r"(?P<num>\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百千]{2,})",
        r"\s?(?P<more>余|多)?",
        r"(?P<mag>万|亿)?\s?",
        UNITS.join("|"),
        r"(?P<post>以上|左右|余)?",
    ))
    .unwrap()
});

/// The units and measure words a figure may have, longest first where one
/// begins another (`人次` before `人`), as the pattern tries them in order.
const UNITS: &[&str] = &[
    "人次", "家次", "件次", "户次", "万元", "亿元", "元", "次", "起", "家", "人", "件", "个", "项",
    "份", "场", "户", "名", "条", "处", "所", "台", "辆", "批", "期", "篇", "天", "小时", "组",
    "轮", "%", "％",
];

/// `unit` as the figure keeps it: the entry of [`UNITS`], shared by every
/// figure (a quarter of a million at 10,000 reports) rather than copied.
fn known_unit(unit: &str) -> Option<&'static str> {
    UNITS.iter().find(|&&u| u == unit).copied()
}

/// Clause boundaries: what a figure counts is said within its clause.
const CLAUSE_BREAKS: &[char] = &[
    '。', '，', '；', '、', '：', '！', '？', ',', ';', ':', '（', '）', '(', ')', '“', '”', '《',
    '》',
];

/// Words that open a clause without saying what is counted.
const FILLER: &[&str] = &[
    "今年以来",
    "今年来",
    "截至目前",
    "截止目前",
    "目前",
    "全年",
    "其中",
    "先后",
    "已",
    "并为",
    "并",
    "为",
    "对",
    "有",
];

/// Words that open a clause and qualify its figure (`累计检查1220余家次`).
const LEADING_QUALIFIERS: &[&str] = &["累计", "共计", "共", "约", "近"];

/// When nothing precedes a figure in its clause (`7个常态化核酸检测点`),
/// what it counts follows it; this many characters of that are kept.
const MAX_FOLLOWING_CHARS: usize = 8;

/// What a figure counts is at most this long: the words right before it.
const MAX_COUNTS_CHARS: usize = 16;

/// The figures of one paragraph, in order.
pub fn extract(p: &Paragraph, taxonomy: &Taxonomy) -> Vec<Figure> {
    let text = &p.text;
    let mut figures = Vec::new();
    let mut previous_end = 0;
    for c in FIGURE.captures_iter(text) {
        let whole = c.get(0).expect("group 0");
        let num = c.name("num").expect("num always matches");
        if !stands_alone(text, num.start(), whole.end()) {
            continue;
        }
        let Some((value, unit)) = value_and_unit(&c) else {
            continue;
        };
        // 达 (“reaches”) is matched so that it stays out of what is counted,
        // but it does not qualify the number.
        let pre = c.name("pre").map_or(String::new(), |m| {
            m.as_str().replace("达到", "").replace('达', "")
        });
        let from = previous_end.max(clause_start(text, whole.start()));
        let (lead, counts) = counted_phrase(text, from, whole.start(), whole.end());
        let qualifier = [
            lead,
            Some(pre.as_str()),
            c.name("more").map(|m| m.as_str()),
            c.name("post").map(|m| m.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<String>();
        let category = taxonomy
            .topic_of(&counts)
            .or_else(|| taxonomy.topic_of(clause(text, whole.start())))
            .or_else(|| taxonomy.topic_of(sentence(text, whole.start())))
            .cloned();
        figures.push(Figure {
            text: text[num.start()..whole.end()].to_owned(),
            value,
            unit,
            qualifier: (!qualifier.is_empty()).then_some(qualifier),
            counts,
            category,
            anchor: p.anchor.clone(),
        });
        previous_end = whole.end();
    }
    figures
}

/// A figure stands alone: not the tail of a longer number (`2021.5`), not an
/// ordinal (`第14个`), not part of a product (`7×24小时`), and not followed
/// by more digits.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.');
    !glued(before)
        && !matches!(before, Some('第' | '×' | 'x' | 'X' | '*'))
        && !after.is_some_and(|c| c.is_ascii_digit())
}

/// The value in the base unit, computed in decimal so that `1.3亿元` is
/// exactly 130000000: 万元 and 亿元 become 元, `％` becomes `%`.
fn value_and_unit(c: &regex::Captures) -> Option<(f64, &'static str)> {
    let num = c.name("num")?.as_str();
    let unit = c.name("unit")?.as_str();
    let (mantissa, decimals) = if num.starts_with(|ch: char| ch.is_ascii_digit()) {
        let (int, frac) = num.split_once('.').unwrap_or((num, ""));
        (
            format!("{int}{frac}").parse::<u128>().ok()?,
            frac.len() as i32,
        )
    } else {
        (u128::from(chinese_number(num)?), 0)
    };
    let mut exponent = match c.name("mag").map(|m| m.as_str()) {
        Some("万") => 4,
        Some("亿") => 8,
        _ => 0,
    };
    let unit = match unit {
        "万元" => {
            exponent += 4;
            "元"
        }
        "亿元" => {
            exponent += 8;
            "元"
        }
        "％" => "%",
        other => other,
    };
    let value: f64 = format!("{mantissa}e{}", exponent - decimals).parse().ok()?;
    Some((value, known_unit(unit)?))
}

fn clause_start(text: &str, at: usize) -> usize {
    text[..at].rfind(CLAUSE_BREAKS).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    })
}

/// The sentence around `at`: the topic of a figure whose own clause names
/// none is the topic of its sentence.
fn sentence(text: &str, at: usize) -> &str {
    const STOPS: &[char] = &['。', '！', '？', '；'];
    let start = text[..at].rfind(STOPS).map_or(0, |i| i + '。'.len_utf8());
    let end = text[at..].find(STOPS).map_or(text.len(), |i| at + i);
    &text[start..end]
}

fn clause(text: &str, at: usize) -> &str {
    let start = clause_start(text, at);
    let end = text[at..]
        .find(CLAUSE_BREAKS)
        .map_or(text.len(), |i| at + i);
    &text[start..end]
}

/// What a figure counts: the words of its clause before it (fillers such as
/// `目前`, `先后` dropped), or, when there are none, the first words after
/// it; and the qualifier the clause opens with (`累计`, `共`), if any.
fn counted_phrase(
    text: &str,
    from: usize,
    start: usize,
    end: usize,
) -> (Option<&'static str>, String) {
    let mut before = text[from..start].trim();
    let mut lead = None;
    loop {
        if let Some((q, rest)) = LEADING_QUALIFIERS
            .iter()
            .find_map(|q| before.strip_prefix(q).map(|r| (*q, r)))
        {
            lead = lead.or(Some(q));
            before = rest.trim();
        } else if let Some(rest) = FILLER.iter().find_map(|f| before.strip_prefix(f)) {
            before = rest.trim();
        } else {
            break;
        }
    }
    if before.chars().count() >= 2 {
        let skip = before.chars().count().saturating_sub(MAX_COUNTS_CHARS);
        return (lead, before.chars().skip(skip).collect());
    }
    let after_end = text[end..]
        .find(CLAUSE_BREAKS)
        .map_or(text.len(), |i| end + i);
    let after = text[end..after_end]
        .chars()
        .take_while(|c| !c.is_ascii_digit())
        .take(MAX_FOLLOWING_CHARS)
        .collect();
    (lead, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(text: &str) -> Vec<Figure> {
        let p = Paragraph {
            anchor: "s1-p1".into(),
            text: text.into(),
            line: 1,
            lead_len: None,
            enumeration: vec![],
        };
        extract(&p, &Taxonomy::default())
    }

    fn values(text: &str) -> Vec<(f64, &'static str)> {
        figures(text)
            .into_iter()
            .map(|f| (f.value, f.unit))
            .collect()
    }

    #[test]
    fn values_and_units() {
        assert_eq!(
            values("并为5家企业融资贷款1.3亿元"),
            [(5.0, "家"), (130_000_000.0, "元")]
        );
        assert_eq!(values("获得银行纾困贷款4989万元"), [(49_890_000.0, "元")]);
        assert_eq!(values("涉及金额1416.33万元"), [(14_163_300.0, "元")]);
        assert_eq!(values("群众满意率达97%以上"), [(97.0, "%")]);
        assert_eq!(values("共开展全员核酸检测11次"), [(11.0, "次")]);
        assert_eq!(values("受训人员达612人次"), [(612.0, "人次")]);
        assert_eq!(values("筹集善款30余万元"), [(300_000.0, "元")]);
        assert_eq!(values("检查企业19161家次"), [(19161.0, "家次")]);
        assert_eq!(values("开展活动二十五次"), [(25.0, "次")]);
    }

    #[test]
    fn qualifiers() {
        let q = |t: &str| {
            figures(t)
                .into_iter()
                .map(|f| f.qualifier)
                .collect::<Vec<_>>()
        };
        assert_eq!(q("群众满意率达97%以上"), [Some("以上".to_owned())]);
        assert_eq!(
            q("劳动纠纷案件同比下降约23%"),
            [Some("同比下降约".to_owned())]
        );
        assert_eq!(q("参与学习270余人"), [Some("余".to_owned())]);
        assert_eq!(q("累计检查1220余家次"), [Some("累计余".to_owned())]);
        assert_eq!(q("共开展各类活动 25 次"), [Some("共".to_owned())]);
        assert_eq!(q("召开会议18次"), [None]);
    }

    #[test]
    fn what_they_count() {
        let counts = |t: &str| figures(t).into_iter().map(|f| f.counts).collect::<Vec<_>>();
        assert_eq!(
            counts("共化解处理矛盾纠纷9起，处置突发事件4起"),
            ["化解处理矛盾纠纷", "处置突发事件"]
        );
        assert_eq!(counts("共开展全员核酸检测 11 次"), ["开展全员核酸检测"]);
        assert_eq!(
            counts("督导检查63次，7个常态化核酸检测点坚持检测"),
            ["督导检查", "常态化核酸检测点"]
        );
        assert_eq!(
            counts("并为5家企业融资贷款1.3亿元"),
            ["企业融资贷款", "企业融资贷款"]
        );
        assert_eq!(counts("劳动纠纷案件同比下降约23%"), ["劳动纠纷案件"]);
    }

    #[test]
    fn categories_come_from_the_taxonomy() {
        let f = figures("共化解处理矛盾纠纷9起，全员核酸检测11次");
        assert_eq!(f[0].category.as_deref(), Some("矛盾纠纷化解"));
        assert_eq!(f[1].category.as_deref(), Some("疫情防控"));
    }

    #[test]
    fn dates_years_numbers_ordinals_are_not_figures() {
        for text in [
            "2022年12月16日",
            "平示范工〔2021〕117号",
            "《法治晋江建设规划（2021-2025年）》",
            "在全国第14个防灾减灾日",
            "7×24小时值守",
            "12345市民热线",
            "自10月1日开始",
            "一、加强组织领导",
            "“两个维护”“四个意识”",
            "十九届六中全会",
            "“7.19”重大爆炸事故",
        ] {
            assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
        }
    }
}
