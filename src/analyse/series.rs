//! Series: one issuer's reports over the years. Issuers write their names
//! differently from year to year (`天津市静海区人民政府`, `静海区人民政府`,
//! `静海区政府`, `静海区`, in traditional characters too); a canonical key
//! ([`key`], per report) joins them, aliases in `baogao.toml` join what no
//! rule can know, and [`group`] (across the archive) makes the series.

use super::regions;
use crate::model::{Diagnostic, Report};
use serde::Deserialize;
use std::collections::BTreeMap;

/// `[issuers.aliases]` of `baogao.toml`: an issuer's name → the name of
/// the issuer whose series it belongs to (`"静海区政府" = "天津市静海区人民政府"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize)]
pub struct Aliases(pub BTreeMap<String, String>);

/// Rule "the organ, not its office word": the words that name a
/// government's or a zone's administration rather than the place, dropped
/// from the key (`静海区人民政府` and `静海区` are one issuer). Longest first.
/// Not `办公厅`, `办公室`, `司法局`: those are other organs than the
/// government (`某市人民政府办公厅` is not `某市人民政府`).
const ADMINISTRATION_SUFFIXES: &[&str] = &["人民政府", "管理委员会", "管委会", "政府"];

/// The canonical key of an issuer's name: simplified characters, no
/// spaces, no administration suffix ([`ADMINISTRATION_SUFFIXES`]), and
/// no province or city prefix where what follows names one place only.
pub fn key(issuer: &str) -> String {
    let simplified: String = fast2s::convert(issuer)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut key = simplified.as_str();
    if let Some(rest) = ADMINISTRATION_SUFFIXES
        .iter()
        .find_map(|s| key.strip_suffix(s))
        .filter(|rest| !rest.is_empty())
    {
        key = rest;
    }
    drop_region_prefixes(key).to_owned()
}

/// Rule "a prefix that adds nothing": `天津市静海区` → `静海区`, since only
/// one place is called 静海区; `北京市朝阳区` stays, since 长春 has a 朝阳区
/// too. Province, then city.
fn drop_region_prefixes(mut key: &str) -> &str {
    while let Some(len) = regions::leading_province_or_city(key) {
        let rest = &key[len..];
        if !regions::starts_with_unique_place(rest) {
            break;
        }
        key = rest;
    }
    key
}

/// One issuer's reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The fullest form of the issuer's name found (the longest; of equal
    /// lengths, the first in sort order).
    pub name: String,
    /// Indexes of its reports in the archive, oldest year first.
    pub reports: Vec<usize>,
}

/// Every series of the archive, and which one each report is in.
#[derive(Debug, Default)]
pub struct SeriesIndex {
    /// Sorted by name.
    pub series: Vec<Series>,
    /// For each report (archive order), its series' index in `series`.
    of: Vec<Option<usize>>,
}

impl SeriesIndex {
    /// The series of report `i`, if its issuer is known.
    pub fn of(&self, i: usize) -> Option<&Series> {
        self.of.get(i).copied().flatten().map(|s| &self.series[s])
    }

    /// The series named `name` (its fullest name), found by bisection:
    /// the series are sorted by name.
    pub fn named(&self, name: &str) -> Option<&Series> {
        let at = self.series.binary_search_by(|s| s.name.as_str().cmp(name));
        at.ok().map(|at| &self.series[at])
    }
}

/// Groups the archive's reports into series by the key of their issuer
/// (through `aliases` where one names it).
pub fn group(reports: &[Report], aliases: &Aliases) -> SeriesIndex {
    let alias_keys: BTreeMap<String, String> =
        aliases.0.iter().map(|(a, to)| (key(a), key(to))).collect();
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        if let Some(issuer) = &r.meta.issuer {
            let k = key(issuer);
            let k = alias_keys.get(&k).cloned().unwrap_or(k);
            by_key.entry(k).or_default().push(i);
        }
    }
    let mut series: Vec<Series> = by_key
        .into_values()
        .map(|mut list| {
            list.sort_by_key(|&i| (reports[i].meta.year, i));
            let name = fullest_name(
                list.iter()
                    .filter_map(|&i| reports[i].meta.issuer.as_deref()),
            );
            Series {
                name,
                reports: list,
            }
        })
        .collect();
    series.sort_by(|a, b| a.name.cmp(&b.name));
    let mut of = vec![None; reports.len()];
    for (s, one) in series.iter().enumerate() {
        for &i in &one.reports {
            of[i] = Some(s);
        }
    }
    SeriesIndex { series, of }
}

/// A warning for each report of a year its issuer already reports on,
/// naming both files: only the first of the year (in the series' order)
/// is paired with the issuer's years around it, so the other's plans and
/// measures are followed up nowhere. Two issuers whose names one rule
/// joins, or a draft beside the final report, look like this.
pub fn repeated_years(reports: &[Report], index: &SeriesIndex) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for s in &index.series {
        for pair in s.reports.windows(2) {
            let (first, second) = (&reports[pair[0]], &reports[pair[1]]);
            let Some(year) = first.meta.year.filter(|&y| second.meta.year == Some(y)) else {
                continue;
            };
            let message = format!(
                "{} reports on {year} twice: here and in {}; only {} is followed up across the years",
                s.name, first.source, first.source
            );
            let help = "if these are two issuers, name one apart with `issuer:` in its front matter; if one is a draft or a copy, remove it";
            warnings.push(Diagnostic::warning(&second.source, message).help(help));
        }
    }
    warnings
}

/// The longest of the names; of equal lengths, the first in sort order.
fn fullest_name<'n>(names: impl Iterator<Item = &'n str>) -> String {
    let longest = names.min_by(|a, b| {
        let (ca, cb) = (a.chars().count(), b.chars().count());
        cb.cmp(&ca).then(a.cmp(b))
    });
    longest.unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_issuer_written_differently_has_one_key() {
        let keys: Vec<String> = [
            "天津市静海区人民政府",
            "静海区人民政府",
            "静海区",
            "静海区政府",
            "天津市靜海區人民政府",
            "静海区 人民政府",
        ]
        .iter()
        .map(|n| key(n))
        .collect();
        assert!(keys.iter().all(|k| k == "静海区"), "{keys:?}");
    }

    #[test]
    fn similar_names_of_different_issuers_keep_their_keys() {
        assert_ne!(key("某某镇人民政府"), key("某某区人民政府"));
        assert_ne!(key("某市人民政府办公厅"), key("某市人民政府"));
        assert_ne!(key("某市司法局"), key("某市人民政府"));
        assert_eq!(
            key("北京市朝阳区人民政府"),
            "北京市朝阳区",
            "朝阳区 is not unique"
        );
        assert_eq!(
            key("某经济技术开发区管理委员会"),
            key("某经济技术开发区管委会")
        );
        assert_eq!(key("人民政府"), "人民政府", "nothing left: kept");
    }

    #[test]
    fn the_fullest_name_is_the_longest() {
        let names = ["静海区", "天津市静海区人民政府", "静海区政府"];
        assert_eq!(fullest_name(names.into_iter()), "天津市静海区人民政府");
        let tie = ["甲区", "乙区"].into_iter();
        assert_eq!(fullest_name(tie), "乙区", "乙 (U+4E59) sorts before 甲");
        assert_eq!(fullest_name(std::iter::empty()), "");
    }
}
