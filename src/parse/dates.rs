//! Dates and Chinese numerals as they are written in reports.

use crate::model::Date;
use regex::Regex;
use std::sync::LazyLock;

/// A date that exists in the calendar, from 1949 (the earliest a report of
/// this kind could be dated) to 2199.
pub fn checked_date(year: i32, month: u32, day: u32) -> Option<Date> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1949..2200).contains(&year) && (1..=days).contains(&day)).then_some(Date { year, month, day })
}

/// `2022年12月16日` or `二〇二二年十二月十六日`, alone on a line (spaces allowed).
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([0-9一二三四五六七八九十]{1,3})\s*月\s*([0-9一二三四五六七八九十]{1,3})\s*日$").unwrap()
});

/// Parses a line that is nothing but a date.
pub fn parse_date_line(line: &str) -> Option<Date> {
    let c = DATE_LINE.captures(line.trim())?;
    let year = digits_year(&c[1])?;
    checked_date(year, chinese_number(&c[2])?, chinese_number(&c[3])?)
}

/// A date at the start of a portal's field, and the time after it:
/// `2023-03-31 11:33`, `2023/3/31`, `2023.03.31`, `2023年03月31日`. The
/// time may be glued to the day (`2023-03-3111:33`: spacing rules drop the
/// space between digits).
static DATE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?:[^\d:]|$)").unwrap()
});

/// The date a text starts with, whatever follows it, and the byte length
/// of the date and time.
pub fn date_prefix(text: &str) -> Option<(Date, usize)> {
    let c = DATE_PREFIX.captures(text)?;
    let whole = c.get(0)?;
    let glued = whole
        .as_str()
        .chars()
        .last()
        .filter(|c| !c.is_ascii_digit() && *c != ':');
    let len = whole.end() - glued.map_or(0, char::len_utf8);
    let date = checked_date(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
    Some((date, len))
}

/// A year written with Arabic digits or digit by digit in Chinese (`二〇二二`).
fn digits_year(s: &str) -> Option<i32> {
    s.chars()
        .map(|c| digit_value(c).map(|d| d as i32))
        .try_fold(0, |acc, d| Some(acc * 10 + d?))
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        // 公文 dates are often typed with ○ (WHITE CIRCLE) or Ｏ for 〇.
        '〇' | '零' | '○' | 'Ｏ' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// The value of a number written in Arabic digits or in Chinese numerals up
/// to 九千九百九十九 (`十二` = 12, `二十` = 20, `一百零五` = 105, `两千` = 2000).
pub fn chinese_number(s: &str) -> Option<u32> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let (mut total, mut current) = (0u32, None::<u32>);
    for c in s.chars() {
        match c {
            '十' => {
                total += current.unwrap_or(1) * 10;
                current = None;
            }
            '百' => {
                total += current.unwrap_or(1) * 100;
                current = None;
            }
            '千' => {
                total += current.unwrap_or(1) * 1000;
                current = None;
            }
            _ => {
                let d = digit_value(c)?;
                current = Some(current.map_or(d, |v| v * 10 + d));
            }
        }
    }
    let value = total + current.unwrap_or(0);
    (!s.is_empty()).then_some(value)
}

/// The Chinese numeral for `n` (1..=99), as used in `一是`, `二是`.
pub fn chinese_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n as usize].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", DIGITS[(n % 10) as usize]),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            DIGITS[(n % 10) as usize]
        ),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines() {
        assert_eq!(
            parse_date_line("2022年12月16日").unwrap().to_string(),
            "2022-12-16"
        );
        assert_eq!(
            parse_date_line(" 2021 年 1 月 4 日 ").unwrap().to_string(),
            "2021-01-04"
        );
        assert_eq!(
            parse_date_line("二〇二二年十二月十六日")
                .unwrap()
                .to_string(),
            "2022-12-16"
        );
        assert_eq!(
            parse_date_line("二○二三年三月一日").unwrap().to_string(),
            "2023-03-01"
        );
        assert_eq!(parse_date_line("2022年2月30日"), None);
        assert_eq!(parse_date_line("2022年1月4日印发"), None);
        assert_eq!(parse_date_line("截至2022年12月16日"), None);
    }

    #[test]
    fn date_prefixes() {
        let date = |s| date_prefix(s).map(|(d, _)| d.to_string());
        assert_eq!(date("2023-03-31 11:33").as_deref(), Some("2023-03-31"));
        assert_eq!(date("2023/3/1").as_deref(), Some("2023-03-01"));
        assert_eq!(date("2023.03.31").as_deref(), Some("2023-03-31"));
        assert_eq!(date("2023年03月31日 来源").as_deref(), Some("2023-03-31"));
        assert_eq!(date("2023-02-30"), None);
        assert_eq!(date("2023-03-311"), None);
        assert_eq!(date("第2023-03-31"), None);
        assert_eq!(date("2023-03-3111:33").as_deref(), Some("2023-03-31"));
        assert_eq!(date("2023-3-19:05").as_deref(), Some("2023-03-01"));
        assert_eq!(
            date_prefix("2023-03-31 11:33某县").unwrap().1,
            "2023-03-31 11:33".len()
        );
        assert_eq!(date_prefix("2023-03-31").unwrap().1, "2023-03-31".len());
    }

    #[test]
    fn numerals() {
        assert_eq!(chinese_number("十二"), Some(12));
        assert_eq!(chinese_number("二十"), Some(20));
        assert_eq!(chinese_number("二十三"), Some(23));
        assert_eq!(chinese_number("一百零五"), Some(105));
        assert_eq!(chinese_number("两千三百"), Some(2300));
        assert_eq!(chinese_number("12"), Some(12));
        assert_eq!(chinese_number("甲"), None);
        assert_eq!(chinese_number(""), None);
        for n in 1..=99 {
            assert_eq!(chinese_number(&chinese_numeral(n)), Some(n));
        }
    }
}
