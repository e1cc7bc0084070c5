//! Just enough of HTML to find the attributes of start tags, for the link
//! check (`check --site`) and for `serve`'s 404 page: comments, doctype,
//! end tags and the raw text of `<script>`/`<style>`/`<textarea>`/`<title>`
//! are skipped; attribute values may be double-, single- or unquoted (as
//! minify-html leaves them) and have their character references decoded.

use std::borrow::Cow;
use std::ops::Range;

/// One attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attribute<'a> {
    /// The element, lower-cased.
    pub tag: String,
    /// The attribute's name, lower-cased.
    pub name: String,
    /// The value with character references decoded; empty when there is
    /// no value.
    pub value: Cow<'a, str>,
    /// Bytes of the value as written, quotes included; empty when there is
    /// no value.
    pub span: Range<usize>,
}

/// Elements whose content is text, not markup.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// Every attribute of every start tag, in document order.
pub(crate) fn attributes(html: &str) -> Vec<Attribute<'_>> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        i += at;
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        if matches!(next, b'!' | b'?' | b'/') {
            i += rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        if !next.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let (tag, end) = start_tag(html, i + 1, &mut out);
        i = end;
        if RAW_TEXT.contains(&tag.as_str()) {
            let close = format!("</{tag}");
            let lower = html[i..].to_ascii_lowercase();
            i += lower.find(&close).unwrap_or(lower.len());
        }
    }
    out
}

/// Reads a start tag from after its `<`; pushes its attributes and returns
/// its name and the offset after its `>`.
fn start_tag<'a>(html: &'a str, from: usize, out: &mut Vec<Attribute<'a>>) -> (String, usize) {
    let bytes = html.as_bytes();
    let mut i = from;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'>' | b'/') {
        i += 1;
    }
    let tag = html[from..i].to_ascii_lowercase();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (tag, i);
        }
        if bytes[i] == b'>' {
            return (tag, i + 1);
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            out.push(Attribute {
                tag: tag.clone(),
                name,
                value: Cow::Borrowed(""),
                span: i..i,
            });
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let (raw, span) = match bytes.get(j) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let close = html[j + 1..]
                    .find(q as char)
                    .map_or(bytes.len(), |e| j + 1 + e);
                (&html[j + 1..close], j..(close + 1).min(bytes.len()))
            }
            _ => {
                let mut e = j;
                while e < bytes.len() && !bytes[e].is_ascii_whitespace() && bytes[e] != b'>' {
                    e += 1;
                }
                (&html[j..e], j..e)
            }
        };
        i = span.end;
        out.push(Attribute {
            tag: tag.clone(),
            name,
            value: decode_references(raw),
            span,
        });
    }
}

/// Decodes the character references that occur in attribute values.
pub(crate) fn decode_references(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1);
        let decoded = end.filter(|&e| rest[e..].starts_with(';')).and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name.strip_prefix('#').and_then(|n| {
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => n.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Replaces the values of the attributes for which `change` gives a new
/// value (written double-quoted and escaped).
pub(crate) fn rewrite_attributes(
    html: &str,
    change: impl Fn(&Attribute) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut copied = 0;
    for attr in attributes(html) {
        if attr.span.is_empty() {
            continue;
        }
        if let Some(value) = change(&attr) {
            out.push_str(&html[copied..attr.span.start]);
            out.push('"');
            out.push_str(&value.replace('&', "&amp;").replace('"', "&quot;"));
            out.push('"');
            copied = attr.span.end;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// Decodes `%XX` escapes of a URL path; `None` if the result is not UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Whether a URL names a scheme (`https:`, `mailto:`, `data:`) or a host
/// (`//host/`): not a file of the site.
pub(crate) fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(c), p) if p.is_none_or(|p| c < p) => {
            let scheme = &url[..c];
            scheme.starts_with(|ch: char| ch.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '+' | '-' | '.'))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(html: &str) -> Vec<(String, String, String)> {
        attributes(html)
            .into_iter()
            .map(|a| (a.tag, a.name, a.value.into_owned()))
            .collect()
    }

    #[test]
    fn quoted_unquoted_and_bare_attributes() {
        let html = "<!DOCTYPE html><A HREF=\"a.html#x\" class=b data-x='y &amp; z' hidden><img src=i.png alt=\"\"/>";
        assert_eq!(
            pairs(html),
            [
                ("a", "href", "a.html#x"),
                ("a", "class", "b"),
                ("a", "data-x", "y & z"),
                ("a", "hidden", ""),
                ("img", "src", "i.png"),
                ("img", "alt", ""),
            ]
            .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
        );
    }

    #[test]
    fn comments_and_script_text_are_not_markup() {
        let html = "<!-- <a href=no> --><script>let s = '<a href=\"no\">';</script><p id=yes>";
        assert_eq!(pairs(html), [("p".into(), "id".into(), "yes".into())]);
    }

    #[test]
    fn references_and_percent_escapes() {
        assert_eq!(
            decode_references("a&#x4e2d;&#25991;&lt;&bogus;&"),
            "a中文<&bogus;&"
        );
        assert_eq!(
            percent_decode("%E4%B8%AD%E6%96%87.html").unwrap(),
            "中文.html"
        );
        assert_eq!(percent_decode("100%").unwrap(), "100%");
        assert!(percent_decode("%FF").is_none());
    }

    #[test]
    fn external_urls() {
        for url in [
            "https://x.org/",
            "mailto:a@b",
            "data:image/png;base64,x",
            "//cdn/x.js",
        ] {
            assert!(is_external(url), "{url}");
        }
        for url in ["a.html", "../a.html?x=http://y", "#s1", "/static/a.css"] {
            assert!(!is_external(url), "{url}");
        }
    }

    #[test]
    fn rewriting_keeps_everything_else() {
        let html = "<a href=x.html class=c>t</a><img src='i.png'>";
        let out = rewrite_attributes(html, |a| {
            (a.name == "href" || a.name == "src").then(|| format!("../{}", a.value))
        });
        assert_eq!(
            out,
            "<a href=\"../x.html\" class=c>t</a><img src=\"../i.png\">"
        );
    }
}
