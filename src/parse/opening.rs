//! The opening of a report's text: where a report without a title (or
//! with a title that does not say) names its issuer and the year it
//! reports on (`2024年，某区坚持…`, `现将某县2022年法治政府建设工作情况报告如下`),
//! and the abbreviations it introduces (`某经济技术开发区管理委员会（简称经开区管委会）`).

use super::header::{is_organ_name, year_of};
use regex::Regex;
use std::sync::LazyLock;

/// Rule "the year opens the report": `2022年，…`, `2022年以来，…`,
/// `2022年度，…` — the year the first sentence starts with.
static OPENING_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:在|今年|过去的)?\s*(\d{4})\s*年(?:度|以来|来)?\s*[，,]").unwrap()
});

/// Rule "the report names its year": `现将某县2022年法治政府建设工作情况报告如下`.
static REPORTED_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"现将[^。；《》]{0,40}?(\d{4})\s*年(?:度)?[^。；《》]{0,40}?报告如下").unwrap()
});

/// Rule "the issuer opens the report": after the year (`2024年，`) and a
/// `在…领导下，`, an organ's name then a verb of the opening sentence
/// (`坚持`, `在…领导下`),
/// or the organ named in `现将…报告如下`. The name may be followed by the
/// abbreviation it introduces.
static OPENING_ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?:在|今年|过去的)?\s*\d{4}\s*年(?:度|以来|来)?\s*[，,]\s*)?",
        r"(?:在[^，。；]{2,30}下\s*[，,]\s*)?",
        r"(?P<organ>\p{Han}{2,30}?)\s*(?:[（(](?:以下)?简称[^）)]{1,16}[）)])?\s*",
        r"(?:坚持|在|深入|全面|认真|以|紧紧|始终|围绕|高度|持续|聚焦|按照|严格|扎实|统筹|积极|着力|紧扣|立足|把)",
    ))
    .unwrap()
});

static REPORTING_ORGAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"现将(?P<organ>\p{Han}{2,30}?)(?:\d{4}\s*年|关于|法治政府)").unwrap()
});

/// An organ's name with the abbreviation the text introduces for it:
/// `某经济技术开发区管理委员会（以下简称“经开区管委会”）`.
static ABBREVIATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<full>\p{Han}{2,30})[（(](?:以下)?简称[“”\x22「]?(?P<short>\p{Han}{2,16})[“”\x22」]?[）)]")
        .unwrap()
});

/// Words that start a sentence but name no particular organ (`我区`, `本县`,
/// `各级`): an opening with them names no issuer.
const DEICTIC_STARTS: &[char] = &['我', '本', '各', '该'];

/// `全县`, `全区`: the whole of a place, not its name (`全椒县` is one).
fn is_deictic(organ: &str) -> bool {
    organ.starts_with(DEICTIC_STARTS) || (organ.starts_with('全') && organ.chars().count() == 2)
}

/// The year the opening text reports on, if it says.
pub fn year(text: &str) -> Option<i32> {
    let c = OPENING_YEAR
        .captures(text)
        .or_else(|| REPORTED_YEAR.captures(text))?;
    year_of(&format!("{}年", &c[1]))
}

/// The issuer the opening text names, if any.
pub fn issuer(text: &str) -> Option<String> {
    let named = |re: &Regex| {
        let organ = re.captures(text)?.name("organ")?.as_str();
        (!is_deictic(organ) && is_organ_name(organ)).then(|| organ.to_owned())
    };
    let sentence = text.split(['。', '；']).next().unwrap_or(text);
    named(&OPENING_ISSUER).or_else(|| {
        REPORTING_ORGAN
            .captures(sentence)
            .and_then(|_| named(&REPORTING_ORGAN))
    })
}

/// The full name of `name` when the text introduces `name` as its
/// abbreviation; the longest organ name that ends the full form.
pub fn expand<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    ABBREVIATION.captures_iter(text).find_map(|c| {
        let full = c.name("full")?.as_str();
        (c.name("short")?.as_str() == name).then(|| organ_at_end(full))?
    })
}

/// The organ name a run of text ends with: the words after the last
/// punctuation or verb-like break (`2022年，某经济技术开发区管理委员会` →
/// `某经济技术开发区管理委员会`).
fn organ_at_end(text: &str) -> Option<&str> {
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let name = &text[start..];
    is_organ_name(name).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_at_the_start_or_in_the_reporting_clause() {
        assert_eq!(year("2024年，某区坚持依法行政。"), Some(2024));
        assert_eq!(year("2022年以来，某区坚持依法行政。"), Some(2022));
        assert_eq!(
            year("根据要求，现将某县2022年法治政府建设工作情况报告如下："),
            Some(2022)
        );
        assert_eq!(
            year("根据《某县法治政府建设实施方案（2021—2025年）》，本县推进。"),
            None,
            "a plan period is not the year reported on"
        );
        assert_eq!(year("按照2019年印发的《意见》，本县推进。"), None);
    }

    #[test]
    fn issuer_of_the_opening_sentence() {
        assert_eq!(
            issuer("2024年，某区坚持以习近平法治思想为指导。").as_deref(),
            Some("某区")
        );
        assert_eq!(
            issuer("某市政府在省委、省政府的坚强领导下，深入推进。").as_deref(),
            Some("某市政府")
        );
        assert_eq!(
            issuer("现将某县2022年法治政府建设工作情况报告如下：").as_deref(),
            Some("某县")
        );
        assert_eq!(
            issuer("2022年，在市委、市政府的坚强领导下，某区坚持依法行政。").as_deref(),
            Some("某区")
        );
        assert_eq!(issuer("2024年，我区坚持依法行政。"), None);
        assert_eq!(issuer("2024年，全县坚持依法行政。"), None);
        assert_eq!(
            issuer("2024年，全椒县坚持依法行政。").as_deref(),
            Some("全椒县")
        );
        assert_eq!(issuer("坚持依法行政。"), None);
    }

    #[test]
    fn abbreviation_introduced_by_the_text() {
        let text = "2022年，某经济技术开发区管理委员会（以下简称“经开区管委会”）坚持依法行政。";
        assert_eq!(
            expand(text, "经开区管委会"),
            Some("某经济技术开发区管理委员会")
        );
        assert_eq!(expand(text, "管委会"), None);
        assert_eq!(issuer(text).as_deref(), Some("某经济技术开发区管理委员会"));
    }
}
