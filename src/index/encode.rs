//! The bytes of the search index: postings packed into printable strings,
//! and every data file written as a script holding JSON (with a gzip copy
//! where the site asks for one).
//!
//! A postings string lists the reports that hold a term, in archive order,
//! each as the gap from the previous report (a variable-length number) and
//! the term's impact in that report (one digit). Digits are the 64
//! characters of base64url, so the string needs no escaping in JSON and
//! compresses well; `static/search-core.js` `decodePostings` reads it.

use crate::memo::{self, Memo};
use crate::model::Page;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write as _;

/// The 64 digits, in value order.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A gap digit at or above this value says more digits follow; its value
/// less this is the next five bits (most significant first).
const MORE: u32 = 32;

/// Impacts are quantised to 1..=[`IMPACT_LEVELS`] (one digit).
pub const IMPACT_LEVELS: u32 = 63;

/// The postings of one term, built report by report in archive order.
#[derive(Debug, Default, Clone)]
pub struct Postings {
    /// Reports holding the term.
    pub df: u32,
    /// The report of the last entry plus one (0 before the first).
    next: u32,
    /// The entries so far, as base64url digits: each the gap from the previous
    /// report and the term's impact there (the module's format).
    pub encoded: Vec<u8>,
}

impl Postings {
    /// Appends a report (after every report already pushed).
    pub fn push(&mut self, report: u32, impact: u32) {
        debug_assert!(report >= self.next, "reports come in archive order");
        let gap = report - self.next;
        self.next = report + 1;
        self.df += 1;
        grow_by_a_quarter(&mut self.encoded);
        push_entry(&mut self.encoded, gap, impact);
    }

    /// Sets report `report`'s entry to `impact`, or removes it (`None`),
    /// wherever it is: an incremental rebuild patches the postings of an
    /// edited report's terms instead of merging every report again. Only
    /// the entry and the gap of the entry after it are rewritten.
    pub fn set(&mut self, report: u32, impact: Option<u32>) {
        let (mut pos, mut next) = (0, 0);
        while pos < self.encoded.len() {
            let (gap, impact_at) = read_gap(&self.encoded, pos);
            let here = next + gap;
            if here >= report {
                self.splice_at(pos..impact_at, here, next, report, impact);
                return;
            }
            next = here + 1;
            pos = impact_at + 1;
        }
        // After every entry: appended.
        if let Some(impact) = impact {
            self.push(report, impact);
        }
    }

    /// [`Postings::set`] where the entry whose gap is at `gap` (for report
    /// `here`, the previous entry's report plus one being `next`) is the
    /// first at or after `report`.
    fn splice_at(
        &mut self,
        gap: std::ops::Range<usize>,
        here: u32,
        next: u32,
        report: u32,
        impact: Option<u32>,
    ) {
        let (pos, impact_at) = (gap.start, gap.end);
        let mut entry = Vec::new();
        if here == report {
            // Replaced, or removed: then the following entry's gap counts
            // from `next`, so it is rewritten too.
            let mut end = impact_at + 1;
            match impact {
                Some(impact) => push_entry(&mut entry, report - next, impact),
                None => {
                    self.df -= 1;
                    if end < self.encoded.len() {
                        let (gap, after) = read_gap(&self.encoded, end);
                        push_gap(&mut entry, gap + report + 1 - next);
                        end = after;
                    } else {
                        self.next = next;
                    }
                }
            }
            self.encoded.splice(pos..end, entry);
        } else if let Some(impact) = impact {
            // Inserted before `here`, whose gap now counts from report + 1.
            self.df += 1;
            push_entry(&mut entry, report - next, impact);
            push_gap(&mut entry, here - report - 1);
            self.encoded.splice(pos..impact_at, entry);
        }
    }

    /// The postings as a JSON string's content (only base64url digits).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.encoded).expect("base64url digits are ASCII")
    }
}

/// Makes room for an entry ahead of the vector's own doubling (rule
/// "postings grow by a quarter"): the whole archive's postings are held
/// until the index is written, and doubling leaves up to half of them
/// unused. Growing by a quarter keeps the slack under a fifth for a few
/// more copies of the shorter ones.
fn grow_by_a_quarter(encoded: &mut Vec<u8>) {
    /// The longest entry: a gap of up to seven digits and an impact digit.
    const ENTRY: usize = 8;
    if encoded.capacity() - encoded.len() < ENTRY {
        encoded.reserve_exact(encoded.len() / 4 + 2 * ENTRY);
    }
}

/// An entry: its gap, then its impact digit.
fn push_entry(out: &mut Vec<u8>, gap: u32, impact: u32) {
    push_gap(out, gap);
    out.push(DIGITS[impact.clamp(1, IMPACT_LEVELS) as usize]);
}

/// The gap whose digits start at `pos`, and where its entry's impact digit is.
fn read_gap(encoded: &[u8], mut pos: usize) -> (u32, usize) {
    let mut gap = 0;
    loop {
        let digit = digit_value(encoded[pos]);
        pos += 1;
        if digit < MORE {
            return (gap * MORE + digit, pos);
        }
        gap = gap * MORE + (digit - MORE);
    }
}

/// The value of a digit of [`DIGITS`].
fn digit_value(digit: u8) -> u32 {
    match digit {
        b'A'..=b'Z' => u32::from(digit - b'A'),
        b'a'..=b'z' => u32::from(digit - b'a') + 26,
        b'0'..=b'9' => u32::from(digit - b'0') + 52,
        b'-' => 62,
        _ => 63,
    }
}

/// A gap as five-bit groups, most significant first, every group but the
/// last marked with [`MORE`].
fn push_gap(out: &mut Vec<u8>, gap: u32) {
    let mut groups = [0u8; 7];
    let mut n = 0;
    let mut rest = gap;
    loop {
        groups[n] = (rest % MORE) as u8;
        n += 1;
        rest /= MORE;
        if rest == 0 {
            break;
        }
    }
    for i in (0..n).rev() {
        let more = if i > 0 { MORE as u8 } else { 0 };
        out.push(DIGITS[(groups[i] + more) as usize]);
    }
}

/// Whether a data file also gets a pre-compressed copy.
#[derive(Debug, Clone, Copy)]
pub enum Gzip<'m> {
    /// Index files (manifest, shards, postings) of a site that asks for
    /// them (`[search] precompress`): fetched by every query, worth a `.gz`
    /// copy for a server set up to send pre-compressed files. With the
    /// memo of an incremental rebuild, a copy whose script is unchanged is
    /// not compressed again.
    Beside(Option<&'m Memo>),
    /// Report texts, and every file of a site without the option: left to
    /// the host's own compression, as every common static host does.
    None,
}

/// One data file: `search/<name>.js`, a script handing the data to
/// `BaogaoSearch.register`. The page loads it as a script when opened from
/// disk (`file://`, where `fetch` is blocked; the CSP `script-src 'self'`
/// allows it); the worker fetches it and parses the JSON between the call's
/// parentheses. So one file serves both, and the archive holds the data
/// once. With [`Gzip::Beside`], also `search/<name>.js.gz`.
pub fn data_files(name: &str, json: &str, gzip: Gzip) -> Vec<Page> {
    let script = format!(
        "BaogaoSearch.register({},{json});\n",
        serde_json::to_string(name).expect("a string serialises")
    );
    let mut pages = Vec::with_capacity(2);
    if let Gzip::Beside(memo) = gzip {
        let path = format!("search/{name}.js.gz");
        if memo::unchanged(memo, &path, &script) {
            pages.push(Page::unchanged(path));
        } else {
            // zlib's default level: a faster level saves the build a
            // little, once, and costs every visitor's cold query more bytes.
            let mut gz = GzEncoder::new(Vec::new(), Compression::default());
            gz.write_all(script.as_bytes()).expect("writing to memory");
            pages.push(Page::new(path, gz.finish().expect("writing to memory")));
        }
    }
    pages.push(Page::new(format!("search/{name}.js"), script.into_bytes()));
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(entries: &[(u32, u32)]) -> String {
        let mut p = Postings::default();
        for &(r, i) in entries {
            p.push(r, i);
        }
        p.as_str().to_owned()
    }

    #[test]
    fn postings_grow_by_a_quarter_and_encode_as_before() {
        let mut p = Postings::default();
        let mut plain = Vec::new();
        for r in 0..10_000 {
            p.push(r * 3, r % 63 + 1);
            push_entry(&mut plain, if r == 0 { 0 } else { 2 }, r % 63 + 1);
            // Room for one more entry, and at most a quarter more.
            assert!(p.encoded.capacity() <= p.encoded.len() + p.encoded.len() / 4 + 16);
        }
        assert_eq!(p.encoded, plain);
        assert_eq!(p.df, 10_000);
    }

    #[test]
    fn gaps_and_impacts_are_digits() {
        // Report 0 (gap 0, "A") impact 5 ("F"); report 1 (gap 0) impact 63.
        assert_eq!(encoded(&[(0, 5), (1, 63)]), "AFA_");
        // Gap 32 is two groups: 1 (marked, 33 = "h") then 0 ("A").
        assert_eq!(encoded(&[(32, 1)]), "hAB");
        // Impacts are clamped to one digit, never zero.
        assert_eq!(encoded(&[(0, 0), (1, 900)]), "ABA_");
    }

    /// Postings pushed from scratch, for comparing with patched ones.
    fn pushed(entries: &std::collections::BTreeMap<u32, u32>) -> Postings {
        let mut p = Postings::default();
        for (&r, &i) in entries {
            p.push(r, i);
        }
        p
    }

    #[test]
    fn set_equals_pushing_the_changed_entries_again() {
        // Every report of 0..80 set, changed or removed in turn, from
        // postings with gaps of one and two digits: the result is the
        // postings pushed from the changed entries, byte for byte.
        let mut entries: std::collections::BTreeMap<u32, u32> =
            [(0, 3), (1, 9), (5, 63), (40, 1), (41, 7), (79, 2)].into();
        let mut patched = pushed(&entries);
        for step in 0..400u32 {
            let report = (step * 37) % 80;
            let impact = (step % 3 != 0).then_some(step % 63 + 1);
            match impact {
                Some(i) => entries.insert(report, i),
                None => entries.remove(&report),
            };
            patched.set(report, impact);
            let expected = pushed(&entries);
            assert_eq!(patched.as_str(), expected.as_str(), "step {step}");
            assert_eq!(patched.df, expected.df);
            // What push appends next is right too.
            let mut a = patched.clone();
            let mut b = expected.clone();
            a.push(100, 5);
            b.push(100, 5);
            assert_eq!(a.as_str(), b.as_str(), "step {step}: next");
        }
    }

    #[test]
    fn digit_values_invert_digits() {
        for (value, &digit) in DIGITS.iter().enumerate() {
            assert_eq!(digit_value(digit), value as u32);
        }
    }

    #[test]
    fn large_gaps_take_more_digits() {
        // 2^20 = 32^4: five groups, then the impact.
        assert_eq!(encoded(&[(1 << 20, 1)]), "hgggAB");
    }
}
