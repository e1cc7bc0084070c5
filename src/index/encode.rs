//! The bytes of the search index: postings packed into printable strings,
//! and every data file written three ways (JSON, gzip, script).
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
    pub encoded: Vec<u8>,
}

impl Postings {
    /// Appends a report (after every report already pushed).
    pub fn push(&mut self, report: u32, impact: u32) {
        debug_assert!(report >= self.next, "reports come in archive order");
        let gap = report - self.next;
        self.next = report + 1;
        self.df += 1;
        push_gap(&mut self.encoded, gap);
        self.encoded
            .push(DIGITS[impact.clamp(1, IMPACT_LEVELS) as usize]);
    }

    /// The postings as a JSON string's content (only base64url digits).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.encoded).expect("base64url digits are ASCII")
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
    /// Index files (manifest, shards, postings): fetched by every query,
    /// worth a `.gz` copy for hosts that serve pre-compressed files. With
    /// the memo of an incremental rebuild, a copy whose script is unchanged
    /// is not compressed again.
    Beside(Option<&'m Memo>),
    /// Report texts: as large as the reports themselves, fetched only for
    /// results shown; left to the host's own compression.
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
    fn gaps_and_impacts_are_digits() {
        // Report 0 (gap 0, "A") impact 5 ("F"); report 1 (gap 0) impact 63.
        assert_eq!(encoded(&[(0, 5), (1, 63)]), "AFA_");
        // Gap 32 is two groups: 1 (marked, 33 = "h") then 0 ("A").
        assert_eq!(encoded(&[(32, 1)]), "hAB");
        // Impacts are clamped to one digit, never zero.
        assert_eq!(encoded(&[(0, 0), (1, 900)]), "ABA_");
    }

    #[test]
    fn large_gaps_take_more_digits() {
        // 2^20 = 32^4: five groups, then the impact.
        assert_eq!(encoded(&[(1 << 20, 1)]), "hgggAB");
    }
}
