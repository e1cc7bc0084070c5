//! Maps each top-level section to one of the five mandated parts, by named
//! rules over its heading and, where the heading is themed
//! (`二、把握工作重点`), over its content. Text is converted to simplified
//! characters first, so a report in traditional characters maps the same.

use crate::model::{MandatedPart, PartMapping, Section};
use aho_corasick::AhoCorasick;
use regex::Regex;
use std::sync::LazyLock;

/// Heading rules: the words by which a heading names a mandated part. Where
/// a heading names two parts (`存在的不足和下一步打算`, merged parts), the
/// one named first wins.
static HEADING_RULES: LazyLock<Vec<(MandatedPart, Regex)>> = LazyLock::new(|| {
    let rule = |part, re: &str| (part, Regex::new(re).unwrap());
    vec![
        rule(MandatedPart::Other, r"其他|其它|需要报告的事项"),
        rule(
            MandatedPart::Leadership,
            r"第一责任人|主要负责人.{0,24}职责|履行.{0,16}法治建设.{0,6}职责|述法",
        ),
        rule(
            MandatedPart::Shortcomings,
            r"不足|存在.{0,4}问题|问题.{0,2}[和与及]|差距|短板|薄弱|困难",
        ),
        rule(
            MandatedPart::Plans,
            r"下一年度|下一步|下步|明年|来年|今后|安排|打算|计划|思路|展望|工作要点",
        ),
        rule(
            MandatedPart::Measures,
            r"举措|成效|措施|做法|主要工作|工作情况|开展情况|进展|成绩|亮点",
        ),
    ]
});

/// Rule "the year's work": a heading that names only the year's work
/// (`2022年法治政府建设情况`, `2022年度工作情况`, `法治政府建设情况`) is the
/// report of what was done, the measures part. Applied only when no
/// heading rule matched: `2023年工作安排` names the plans.
static YEAR_WORK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:\d{4}\s*年度?|本年度|全年).{0,20}(?:情况|工作)|法治政府建设(?:工作)?情况)$")
        .unwrap()
});

/// Content cues: words typical of each part's text. A themed heading is
/// mapped to the part whose cues its text has most of.
const CONTENT_CUES: &[(MandatedPart, &[&str])] = &[
    (
        MandatedPart::Measures,
        &[
            "开展", "组织", "完成", "累计", "共计", "建立", "制定", "印发", "实现", "取得", "出动",
            "检查", "举办", "化解",
        ],
    ),
    (
        MandatedPart::Shortcomings,
        &[
            "不足",
            "不够",
            "欠缺",
            "有待",
            "短板",
            "差距",
            "薄弱",
            "不到位",
            "不高",
            "不强",
            "滞后",
            "尚未",
        ],
    ),
    (
        MandatedPart::Leadership,
        &[
            "第一责任人",
            "主要负责人",
            "亲自部署",
            "亲自过问",
            "亲自协调",
            "亲自督办",
            "述法",
            "主体责任",
        ],
    ),
    (
        MandatedPart::Plans,
        &[
            "下一步",
            "将继续",
            "力争",
            "计划",
            "明年",
            "今后",
            "着力",
            "切实",
        ],
    ),
];

/// A themed section is mapped by content only when the winning part has at
/// least this many cues…
const MIN_CONTENT_CUES: usize = 3;
/// …and this many times the cues of the runner-up; otherwise it is left
/// unmapped rather than guessed.
const MIN_CONTENT_MARGIN: f64 = 1.5;

/// Decides the mandated part of one top-level section.
pub fn map_section(section: &Section) -> PartMapping {
    let heading = fast2s::convert(&section.heading);
    if let Some(mapping) = by_heading(&heading) {
        return mapping;
    }
    if YEAR_WORK.is_match(&heading) {
        return PartMapping {
            part: Some(MandatedPart::Measures),
            rule: "year's work",
            reason: "标题只写本年度工作情况".to_owned(),
        };
    }
    by_content(&fast2s::convert(&section.full_text()))
}

fn by_heading(heading: &str) -> Option<PartMapping> {
    let (part, found) = HEADING_RULES
        .iter()
        .filter_map(|(part, re)| re.find(heading).map(|m| (*part, m)))
        .min_by_key(|(_, m)| m.start())?;
    Some(PartMapping {
        part: Some(part),
        rule: "heading",
        reason: format!("标题含“{}”", found.as_str()),
    })
}

/// Every content cue in one automaton, with the index of its part's entry
/// in [`CONTENT_CUES`]: a section's text is read once, not once per cue.
static CUES: LazyLock<(AhoCorasick, Vec<usize>)> = LazyLock::new(|| {
    let (cues, entries): (Vec<&str>, Vec<usize>) = CONTENT_CUES
        .iter()
        .enumerate()
        .flat_map(|(entry, (_, cues))| cues.iter().map(move |&cue| (cue, entry)))
        .unzip();
    let matcher = AhoCorasick::new(cues).expect("the content cues make an automaton");
    (matcher, entries)
});

/// How often each entry of [`CONTENT_CUES`] occurs in `text`, each cue
/// counted as `str::matches` counts it (occurrences that do not overlap an
/// earlier one of the same cue; other cues may overlap it).
fn cue_counts(text: &str) -> Vec<usize> {
    let (matcher, entries) = &*CUES;
    let mut counts = vec![0; CONTENT_CUES.len()];
    let mut free_from = vec![0; entries.len()];
    for m in matcher.find_overlapping_iter(text) {
        let cue = m.pattern().as_usize();
        if m.start() >= free_from[cue] {
            counts[entries[cue]] += 1;
            free_from[cue] = m.end();
        }
    }
    counts
}

fn by_content(text: &str) -> PartMapping {
    let mut scores: Vec<(MandatedPart, usize)> = CONTENT_CUES
        .iter()
        .zip(cue_counts(text))
        .map(|((part, _), count)| (*part, count))
        .collect();
    // Stable sort: ties keep the order of the table.
    scores.sort_by_key(|s| std::cmp::Reverse(s.1));
    let (best, best_score) = scores[0];
    let runner_up = scores[1].1;
    let summary = scores
        .iter()
        .map(|(p, s)| format!("{} {s}", p.id()))
        .collect::<Vec<_>>()
        .join("，");
    let clear = best_score >= MIN_CONTENT_CUES
        && best_score as f64 >= runner_up as f64 * MIN_CONTENT_MARGIN;
    if clear {
        PartMapping {
            part: Some(best),
            rule: "content",
            reason: format!("标题未点明，按正文用语判断（{summary}）"),
        }
    } else {
        PartMapping {
            part: None,
            rule: "none",
            reason: format!("标题未点明，正文用语也不足以判断（{summary}）"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_counts_are_those_of_str_matches() {
        for text in [
            "",
            "开展开展，组织完成。不足不够，有待加强；第一责任人主要负责人述法。下一步将继续力争",
            "不到位不到位不高不强尚未尚未",
            "第一责任人第一责任人，亲自部署亲自过问",
            "没有任何线索的文字",
        ] {
            let expected: Vec<usize> = CONTENT_CUES
                .iter()
                .map(|(_, cues)| cues.iter().map(|cue| text.matches(cue).count()).sum())
                .collect();
            assert_eq!(cue_counts(text), expected, "{text}");
        }
    }

    fn section(heading: &str, text: &str) -> Section {
        Section {
            heading: heading.to_owned(),
            marker: Some("一、".to_owned()),
            level: 1,
            anchor: "s1".to_owned(),
            line: 1,
            paragraphs: vec![crate::model::Paragraph {
                anchor: "s1-p1".to_owned(),
                text: text.to_owned(),
                line: 2,
                lead_len: None,
                enumeration: vec![],
            }],
            children: vec![],
            part: None,
        }
    }

    fn part_of(heading: &str, text: &str) -> Option<MandatedPart> {
        map_section(&section(heading, text)).part
    }

    #[test]
    fn headings_that_name_their_part() {
        use MandatedPart::*;
        assert_eq!(
            part_of("2022年度推进法治政府建设的主要举措和成效", ""),
            Some(Measures)
        );
        assert_eq!(part_of("存在的不足和原因", ""), Some(Shortcomings));
        assert_eq!(part_of("存在问题", ""), Some(Shortcomings));
        assert_eq!(
            part_of("党政主要负责人履行推进法治建设第一责任人职责情况", ""),
            Some(Leadership)
        );
        assert_eq!(
            part_of("下一年度推进法治政府建设的主要安排", ""),
            Some(Plans)
        );
        assert_eq!(part_of("2023年推进法治政府建设的初步安排", ""), Some(Plans));
        assert_eq!(part_of("下一步工作打算", ""), Some(Plans));
        assert_eq!(part_of("其他需要报告的事项", ""), Some(Other));
    }

    #[test]
    fn a_heading_of_the_years_work_is_the_measures_part() {
        use MandatedPart::*;
        assert_eq!(part_of("2022年法治政府建设情况", ""), Some(Measures));
        assert_eq!(part_of("2022年度工作情况", ""), Some(Measures));
        assert_eq!(part_of("法治政府建设情况", ""), Some(Measures));
        assert_eq!(part_of("主要成效", ""), Some(Measures));
        assert_eq!(part_of("2023年工作安排", ""), Some(Plans), "plans win");
        assert_eq!(
            part_of("2022年法治政府建设存在的问题和原因", ""),
            Some(Shortcomings)
        );
        assert_eq!(
            part_of("2022年法治政府建设情况和亮点做法", ""),
            Some(Measures)
        );
        assert_eq!(part_of("弘扬法治精神", ""), None, "no year, no part");
    }

    #[test]
    fn traditional_characters_map_the_same() {
        use MandatedPart::*;
        assert_eq!(part_of("存在的問題與不足", ""), Some(Shortcomings));
        assert_eq!(
            part_of("黨政主要負責人履行推進法治建設第一責任人職責情況", ""),
            Some(Leadership)
        );
        assert_eq!(part_of("下一年度主要安排", ""), Some(Plans));
        assert_eq!(part_of("主要舉措和成效", ""), Some(Measures));
    }

    #[test]
    fn merged_heading_takes_the_part_named_first() {
        let m = map_section(&section("存在的不足及下一步打算", ""));
        assert_eq!(m.part, Some(MandatedPart::Shortcomings));
        assert_eq!(m.rule, "heading");
    }

    #[test]
    fn themed_heading_is_mapped_by_content() {
        let text =
            "开展专项整治15次，累计检查企业127家次，完成整改，组织培训4次，共计出动人员508人次。";
        let m = map_section(&section("把握工作重点", text));
        assert_eq!(m.part, Some(MandatedPart::Measures));
        assert_eq!(m.rule, "content");
        let text = "区管委会主任切实履行第一责任人职责，亲自部署、亲自过问、亲自协调、亲自督办。";
        assert_eq!(
            part_of("加强组织领导", text),
            Some(MandatedPart::Leadership)
        );
    }

    #[test]
    fn themed_heading_without_clear_cues_is_left_unmapped() {
        let m = map_section(&section("弘扬法治精神", "法治是治国理政的基本方式。"));
        assert_eq!(m.part, None);
        assert_eq!(m.rule, "none");
        assert!(m.reason.contains("不足以判断"));
    }
}
