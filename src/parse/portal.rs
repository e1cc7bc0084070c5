//! Portal metadata: what a government portal prints around a report
//! (政府信息公开 pages), copied with it. Lines and blocks of `key：value`
//! pairs (`索引号：… 发布机构：… 生成日期：…`), in brackets (`[ 索引号 ] …`),
//! bulleted (`- 发布机构:`), as `名  称:` blocks, and page furniture
//! (`浏览次数`, `字体:【大 中 小】`, `【打印】`). They are read as metadata
//! and removed from the lines, so that no title, heading, paragraph or
//! issuer is made of them.

use super::dates::date_prefix;
use super::Line;
use crate::model::Date;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// What a portal's fields say about the report.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Portal {
    /// Organs named by `发布机构`, `来源` and the like, in the order found:
    /// issuer candidates.
    pub organs: Vec<String>,
    /// `发布时间`, `发布日期`, `生成日期`: when the portal published it.
    pub published: Option<Date>,
    /// `成文日期`: the date the report was signed.
    pub written: Option<Date>,
    /// `文号`, `发文字号`.
    pub doc_number: Option<String>,
    /// `名称`, `标题`: the title as the portal gives it.
    pub title: Option<String>,
    /// Every other field (`索引号`, `主题分类`, `有效性` …), the first value
    /// of each key.
    pub other: BTreeMap<String, String>,
}

/// The role of a portal field.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Organ,
    Published,
    Written,
    DocNumber,
    Title,
    /// Page furniture (`浏览次数`, `字体`, `分享到`): dropped.
    Furniture,
    Other,
}

/// A key: its name, its role, and whether it is distinct (see [`KEYS`]).
type Key = (&'static str, Role, bool);

/// Rule "portal keys": the field names of the 政府信息公开 pages of Chinese
/// portals. `distinct` keys are never the start of a report sentence, so a
/// space or `|` may separate them from their value (tables copied as text);
/// the others (`来源`, `时间`, `名称` …) need a colon or brackets.
const KEYS: &[Key] = &[
    ("索引号", Role::Other, true),
    ("发布机构", Role::Organ, true),
    ("发文机关", Role::Organ, true),
    ("发布单位", Role::Organ, true),
    ("所属机构", Role::Organ, true),
    ("信息来源", Role::Organ, true),
    ("来源", Role::Organ, false),
    ("生成日期", Role::Published, true),
    ("发布日期", Role::Published, true),
    ("发布时间", Role::Published, true),
    ("公开日期", Role::Published, true),
    ("时间", Role::Published, false),
    ("日期", Role::Published, false),
    ("成文日期", Role::Written, true),
    ("发文日期", Role::Written, true),
    ("发文字号", Role::DocNumber, true),
    ("文号", Role::DocNumber, false),
    ("名称", Role::Title, false),
    ("标题", Role::Title, false),
    ("主题分类", Role::Other, true),
    ("体裁分类", Role::Other, true),
    ("组配分类", Role::Other, true),
    ("信息分类", Role::Other, true),
    ("公文种类", Role::Other, true),
    ("主题词", Role::Other, true),
    ("有效性", Role::Other, true),
    ("公开方式", Role::Other, true),
    ("公开范围", Role::Other, true),
    ("作者", Role::Other, false),
    ("责任编辑", Role::Furniture, true),
    ("编辑", Role::Furniture, false),
    ("浏览次数", Role::Furniture, true),
    ("访问量", Role::Furniture, true),
    ("阅读量", Role::Furniture, true),
    ("点击数", Role::Furniture, true),
    ("字体", Role::Furniture, false),
    ("字号", Role::Furniture, false),
    ("分享到", Role::Furniture, false),
];

/// A key where a field starts: after an optional bullet (`-`, `•`, `·`)
/// or opening bracket (`【字体：大 中 小】`), the key (its characters may be spaced out, as in
/// `名  称`), then a colon, a closing bracket, or — for a distinct key — a
/// space, `|` or the line's end. Nothing need come before it: PDF spacing
/// rules drop the space between a value's digits and the next key.
static KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(&KEY_PATTERN).unwrap());

/// [`KEY`] at the start of a line (after spaces): most lines are not
/// fields, and this tells so without reading them to their end.
static KEY_AT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*(?:{})", *KEY_PATTERN)).unwrap());

/// The pattern of [`KEY`]: the keys of [`KEYS`] as alternatives.
static KEY_PATTERN: LazyLock<String> = LazyLock::new(|| {
    let spaced = |k: &str| {
        k.chars()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(r"\s*")
    };
    let (distinct, other): (Vec<_>, Vec<_>) = KEYS.iter().partition(|(_, _, d)| *d);
    let alternatives = |keys: Vec<&Key>| {
        let mut names: Vec<&str> = keys.iter().map(|(k, _, _)| *k).collect();
        // Longest first: `发文字号` before `文号`, `发布时间` before `时间`.
        names.sort_by_key(|k| std::cmp::Reverse(k.chars().count()));
        names
            .iter()
            .map(|k| spaced(k))
            .collect::<Vec<_>>()
            .join("|")
    };
    format!(
        r"[-•·*●■【\[［]?\s*(?:[\[【［]\s*(?P<b>{all})\s*[\]】］]|(?P<d>{d})\s*(?:[：:]|[\s|｜]+|$)|(?P<o>{o})\s*[：:])\s*",
        all = alternatives(KEYS.iter().collect()),
        d = alternatives(distinct),
        o = alternatives(other),
    )
});

/// Page furniture that has no key: links and buttons of the page
/// (`【打印】`, `【关闭】`, `打印本页`, `扫一扫在手机打开当前页`; `打印`,
/// `关闭` as words, furniture only on a line of nothing else).
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"{BUTTON}|打印本页|关闭窗口|扫一扫在手机打开当前页|打印|关闭|收藏|分享|\[\s*大\s*中\s*小\s*\]|【\s*大\s*中\s*小\s*】"))
        .unwrap()
});

/// A button of the page in brackets (`【打印】`, `[关闭]`).
const BUTTON: &str =
    r"[【\[]\s*(?:打印|关闭|关闭窗口|打印本页|收藏|大|中|小|返回顶部|保存|我要纠错)\s*[】\]]";

/// Rule "buttons before fields": bracketed buttons that start a line of
/// fields (`【打印】 【关闭】 浏览次数：2327`) are furniture too. Only
/// bracketed ones: a sentence may start with the word 关闭.
static LEADING_BUTTONS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*(?:{BUTTON}\s*)+")).unwrap());

/// Rule "breadcrumbs and site names": the page's path on the portal
/// (`当前位置：首页 > 政务公开 > 法治政府建设`) or the portal's name
/// (`某县人民政府门户网站`), a line of its own.
static BREADCRUMB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:当前位置|您的位置|您现在的位置|所在位置)\s*[：:]\s*)?(?:首页|网站首页)\s*[>＞›»/]|^\p{Han}{2,30}(?:门户网站|政府网站|政府网)$").unwrap()
});

/// Rule "a value on the next line": a key alone at the end of a line
/// (tables copied cell by cell) takes the next line as its value when that
/// line is this short and is no sentence.
const MAX_NEXT_LINE_VALUE_CHARS: usize = 40;

/// Reads portal fields and furniture out of `lines`: returns the lines
/// left and what the fields say.
pub fn extract(lines: Vec<Line>) -> (Vec<Line>, Portal) {
    let mut portal = Portal::default();
    let mut kept = Vec::with_capacity(lines.len());
    let mut pending: Option<&'static Key> = None;
    for line in lines {
        if let Some(key) = pending.take() {
            if is_next_line_value(&line.text) {
                portal.record(key, line.text.trim());
                continue;
            }
        }
        match fields(&line.text) {
            Some((found, rest)) => {
                for (key, value) in &found {
                    portal.record(key, value);
                }
                pending = found
                    .last()
                    .filter(|(_, value)| value.is_empty())
                    .map(|(key, _)| *key);
                if let Some(rest) = rest {
                    kept.push(Line {
                        text: rest.to_owned(),
                        ..line
                    });
                }
            }
            None if is_furniture(&line.text) => {}
            None => kept.push(line),
        }
    }
    (kept, portal)
}

/// Whether a line is furniture only: what is left once its buttons are
/// removed is no more than separators.
fn is_furniture(text: &str) -> bool {
    BREADCRUMB.is_match(text)
        || FURNITURE.is_match(text)
            && FURNITURE
                .replace_all(text, "")
                .chars()
                .all(|c| c.is_whitespace() || "|｜/-—·".contains(c))
}

fn is_next_line_value(text: &str) -> bool {
    text.chars().count() <= MAX_NEXT_LINE_VALUE_CHARS
        && !text.contains(['。', '；'])
        && fields(text).is_none()
}

/// The fields of a line made of portal fields, and the text after them
/// when the last field runs into the report ([`MAX_FIELD_VALUE_CHARS`]);
/// `None` when the line is not fields (it must start with a key).
fn fields(text: &str) -> Option<Fields<'_>> {
    let text = LEADING_BUTTONS
        .find(text)
        .map_or(text, |m| &text[m.end()..]);
    if !KEY_AT_START.is_match(text) {
        return None;
    }
    let starts: Vec<_> = KEY.captures_iter(text).collect();
    let mut found = Vec::new();
    let mut rest = None;
    for (n, c) in starts.iter().enumerate() {
        let name = ["b", "d", "o"].iter().find_map(|g| c.name(g))?;
        let key: String = name
            .as_str()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let entry = KEYS.iter().find(|(k, _, _)| *k == key)?;
        let end = match starts.get(n + 1) {
            Some(next) => next.get(0)?.start(),
            None => {
                let start = c.get(0)?.end();
                let end = start + value_len(entry.1, &text[start..])?;
                rest = Some(text[end..].trim()).filter(|r| !r.is_empty());
                end
            }
        };
        // Separators, and the closing bracket of a key read without its
        // brackets (`[ 成文日期 ]`: a distinct key followed by a space).
        let value = text[c.get(0)?.end()..end]
            .trim_matches(|c: char| c.is_whitespace() || "|｜]】］".contains(c));
        found.push((entry, value.to_owned()));
    }
    Some((found, rest))
}

/// A line's fields, and the text left after them.
type Fields<'t> = (Vec<(&'static Key, String)>, Option<&'t str>);

/// Rule "a field's value is short": the longest values (a title in `名称`)
/// stay under this; a longer last value is the field's value run into the
/// report's text (line breaks lost).
const MAX_FIELD_VALUE_CHARS: usize = 60;

/// The length of the last field's value in `text`: all of it when short;
/// else a date's value up to the end of its date and time, another up to
/// its first space; `None` (not a field) when it cannot be told.
fn value_len(role: Role, text: &str) -> Option<usize> {
    if text.chars().count() <= MAX_FIELD_VALUE_CHARS {
        return Some(text.len());
    }
    if matches!(role, Role::Published | Role::Written) {
        return date_prefix(text).map(|(_, len)| len);
    }
    let lead = text.len() - text.trim_start().len();
    text[lead..].find(char::is_whitespace).map(|i| lead + i)
}

/// A value that says there is none.
fn is_empty_value(value: &str) -> bool {
    matches!(value, "" | "无" | "/" | "-" | "—" | "暂无")
}

impl Portal {
    /// Records one field; the first value of a key wins (metadata printed
    /// twice says the same thing twice).
    fn record(&mut self, (key, role, _): &Key, value: &str) {
        if is_empty_value(value) {
            return;
        }
        match role {
            Role::Organ => {
                let organ = value.split_whitespace().next().unwrap_or(value);
                if super::header::is_organ_name(organ) && !self.organs.iter().any(|o| o == organ) {
                    self.organs.push(organ.to_owned());
                }
            }
            Role::Published => {
                self.published = self
                    .published
                    .or_else(|| date_prefix(value).map(|(d, _)| d));
            }
            Role::Written => {
                self.written = self.written.or_else(|| date_prefix(value).map(|(d, _)| d))
            }
            Role::DocNumber => {
                self.doc_number
                    .get_or_insert_with(|| value.replace(' ', ""));
            }
            Role::Title => {
                self.title.get_or_insert_with(|| value.to_owned());
            }
            Role::Furniture => {}
            Role::Other => {
                self.other
                    .entry((*key).to_owned())
                    .or_insert_with(|| value.to_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        super::super::normalise::text_lines(text, 0)
    }

    fn left(text: &str) -> (Vec<String>, Portal) {
        let (kept, portal) = extract(lines(text));
        (kept.into_iter().map(|l| l.text).collect(), portal)
    }

    #[test]
    fn a_line_of_several_fields() {
        let (kept, p) = left("索引号：11410400MB1234567X/2023-00012 发布机构：某县人民政府 生成日期：2023-03-31 文号：某政〔2023〕5号\n正文。");
        assert_eq!(kept, ["正文。"]);
        assert_eq!(p.organs, ["某县人民政府"]);
        assert_eq!(p.published.unwrap().to_string(), "2023-03-31");
        assert_eq!(p.doc_number.as_deref(), Some("某政〔2023〕5号"));
        assert_eq!(p.other["索引号"], "11410400MB1234567X/2023-00012");
    }

    #[test]
    fn source_and_time_and_furniture() {
        let (kept, _) = left("打印 关闭\n编辑：张三\n打印文件12份。");
        assert_eq!(
            kept,
            ["打印文件12份。"],
            "buttons, not the word in a sentence"
        );
        let (kept, _) =
            left("当前位置：首页 > 政务公开 > 法治政府建设\n首页>信息公开\n首页是门户。");
        assert_eq!(kept, ["首页是门户。"], "breadcrumbs only");
        let (kept, _) = left("某县人民政府门户网站\n某县人民政府网\n某县政府网站建设");
        assert_eq!(kept, ["某县政府网站建设"], "site names only");
        let (kept, p) = left("来源：某市司法局 发布时间：2023-03-31 11:33\n时间：2023-03-31 浏览次数：1024 字体:【大 中 小】 【打印】\n【打印】 【关闭】\n【字体：大 中 小】\n正文。");
        assert_eq!(kept, ["正文。"]);
        assert_eq!(p.organs, ["某市司法局"]);
        assert_eq!(p.published.unwrap().to_string(), "2023-03-31");
    }

    #[test]
    fn buttons_before_fields_are_furniture_but_a_sentence_is_kept() {
        let (kept, _) =
            left("正文。\n【打印】 【关闭】 浏览次数：2327\n[打印] 发布时间：2023-04-03");
        assert_eq!(kept, ["正文。"]);
        let (kept, p) = left("【打印】发布时间：2023-04-03\n正文。");
        assert_eq!(kept, ["正文。"]);
        assert_eq!(p.published.unwrap().to_string(), "2023-04-03");
        // The word, not the button: a sentence that starts with it stays.
        let (kept, p) = left("关闭时间：每日18时。\n【打印】本页的说明。");
        assert_eq!(kept, ["关闭时间：每日18时。", "【打印】本页的说明。"]);
        assert_eq!(p.published, None);
    }

    #[test]
    fn bracketed_and_bulleted_and_spaced_keys() {
        let (kept, p) = left("[ 索引号 ] 000014349/2022-00088 [ 发文字号 ] 无 [ 主题分类 ] 政务公开\n- 发布机构: 某区人民政府\n• 文号: 某政办〔2022〕3号\n名  称: 某区2021年法治政府建设情况报告\n正文。");
        assert_eq!(kept, ["正文。"]);
        assert_eq!(p.organs, ["某区人民政府"]);
        assert_eq!(p.doc_number.as_deref(), Some("某政办〔2022〕3号"));
        assert_eq!(p.title.as_deref(), Some("某区2021年法治政府建设情况报告"));
        assert_eq!(p.other["主题分类"], "政务公开");
    }

    #[test]
    fn a_key_alone_takes_the_next_short_line() {
        let (kept, p) = left("发布机构：\n某县人民政府\n索引号\n001\n正文。");
        assert_eq!(kept, ["正文。"]);
        assert_eq!(p.organs, ["某县人民政府"]);
        assert_eq!(p.other["索引号"], "001");
        let (kept, _) = left("发布机构：\n2022年，本县坚持依法行政。");
        assert_eq!(
            kept,
            ["2022年，本县坚持依法行政。"],
            "a sentence is no value"
        );
    }

    #[test]
    fn fields_run_into_the_text_end_with_their_value() {
        let text = "正文".repeat(40);
        let (kept, p) = left(&format!(
            "来源：某县司法局 发布时间：2023-03-31 11:33某县2022年法治政府建设情况报告{text}"
        ));
        assert_eq!(p.published.unwrap().to_string(), "2023-03-31");
        assert_eq!(kept, [format!("某县2022年法治政府建设情况报告{text}")]);
        let (kept, p) = left(&format!(
            "发布机构：某县人民政府 某县2022年法治政府建设情况报告{text}"
        ));
        assert_eq!(p.organs, ["某县人民政府"]);
        assert_eq!(kept, [format!("某县2022年法治政府建设情况报告{text}")]);
        let glued = format!("发布机构：某县人民政府某县2022年法治政府建设情况报告{text}");
        assert_eq!(left(&glued).0, [glued], "no telling where it ends: text");
    }

    #[test]
    fn printed_twice_keeps_the_first() {
        let (_, p) = left("发布机构：某县人民政府\n发布机构：某县人民政府\n来源：某县司法局");
        assert_eq!(p.organs, ["某县人民政府", "某县司法局"]);
    }

    #[test]
    fn body_lines_are_not_fields() {
        for body in [
            "来源于群众的意见建议得到办理。",
            "时间紧、任务重。",
            "一、主要举措和成效",
            "名称变更为某某中心。",
            "通过标题党整治，净化网络。",
        ] {
            let (kept, _) = left(body);
            assert_eq!(kept, [body]);
        }
        let (_, p) = left("来源：本网");
        assert!(p.organs.is_empty(), "a website is no organ");
    }
}
