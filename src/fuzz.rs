//! Entry points for the fuzz targets (`tests/fuzz/`) and for the test that
//! replays their corpus on stable Rust (`tests/fuzz_corpus.rs`), plus the
//! markup check that the injection tests share.
//!
//! Each entry point takes arbitrary bytes, runs them through the same code
//! as a build, and panics when a promise breaks; a panic inside baogao is a
//! finding too. Not part of the build itself.

use crate::analyse::topics::Taxonomy;
use crate::config::SiteInfo;
use crate::model::{Report, Section, Severity, SourceFile, SourceFormat};
use crate::{analyse, decode, parse, render};
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn taxonomy() -> &'static Taxonomy {
    static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
    TAXONOMY.get_or_init(Taxonomy::default)
}

/// The bytes as a report file, as plain text and as Markdown: decoded, front
/// matter split off, parsed and analysed. An error must be a diagnostic that
/// names the file; a report must keep the parser's promises
/// ([`check_report`]). Also splits the front matter of the bytes read
/// lossily as text, so the fence rules see text that decoding did not tidy.
pub fn parse_input(bytes: &[u8]) -> Vec<Report> {
    let _ = parse::frontmatter::split("f.txt", &String::from_utf8_lossy(bytes));
    let mut reports = Vec::new();
    for (name, format) in [
        ("fuzz.txt", SourceFormat::Text),
        ("fuzz.md", SourceFormat::Markdown),
    ] {
        let file = SourceFile {
            path: name.into(),
            rel_path: name.into(),
            format,
        };
        let decoded = match decode::decode(file, bytes) {
            Ok((decoded, _)) => decoded,
            Err(e) => {
                assert_error(&e, name);
                continue;
            }
        };
        match parse::parse(decoded) {
            Ok((mut report, _)) => {
                analyse::analyse(&mut report, taxonomy());
                check_report(&report);
                reports.push(report);
            }
            Err(e) => assert_error(&e, name),
        }
    }
    reports
}

/// [`parse_input`], then the whole site of that one report rendered: every
/// HTML page must pass [`markup_problems`], every JSON file must parse.
pub fn render_input(bytes: &[u8]) {
    let mut reports = parse_input(bytes);
    if let Some(md) = reports.get_mut(1) {
        md.slug.push_str("-md");
    }
    let corpus = analyse::corpus(&reports, None, &Default::default(), Default::default())
        .apply(&mut reports);
    let check = |page: crate::model::Page| -> Result<(), crate::error::Error> {
        check_page(&page);
        Ok(())
    };
    let shards = crate::index::build(&mut reports, (taxonomy(), true), None, &check)
        .expect("the index builds");
    render::render_site(
        &SiteInfo::default(),
        taxonomy(),
        &reports,
        &corpus,
        shards,
        None,
        &check,
    )
    .expect("the templates render any report");
}

/// An HTML page has only the templates' markup; a JSON file and the JSON
/// inside a search index script parse.
fn check_page(page: &crate::model::Page) {
    let json = |bytes: &[u8]| {
        serde_json::from_slice::<serde_json::Value>(bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", page.path));
    };
    if page.path.ends_with(".html") {
        let html = std::str::from_utf8(&page.bytes).expect("pages are UTF-8");
        let problems = markup_problems(html);
        assert!(problems.is_empty(), "{}: {problems:?}", page.path);
    } else if page.path.ends_with(".json") {
        json(&page.bytes);
    } else if page.path.starts_with("search/") && page.path.ends_with(".js") {
        let script = std::str::from_utf8(&page.bytes).expect("scripts are UTF-8");
        let start = script.find(',').expect("BaogaoSearch.register(name,data)") + 1;
        let end = script.rfind(");").expect("a closed call");
        json(&page.bytes[start..end]);
    }
}

fn assert_error(e: &crate::model::Diagnostic, file: &str) {
    assert_eq!(e.severity, Severity::Error);
    assert_eq!(e.file, file);
    assert!(!e.message.is_empty());
}

/// What the parser promises of any report: a title, a slug that is one safe
/// file name, unique anchors, no empty heading-less paragraph.
pub fn check_report(report: &Report) {
    assert!(!report.meta.title.is_empty(), "a report always has a title");
    assert!(
        !report.slug.is_empty()
            && !report.slug.starts_with('-')
            && report
                .slug
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_'),
        "unsafe slug {:?}",
        report.slug
    );
    let mut anchors = BTreeSet::new();
    let mut add = |a: &str| assert!(anchors.insert(a.to_owned()), "anchor {a} twice");
    fn walk(s: &Section, add: &mut dyn FnMut(&str)) {
        add(&s.anchor);
        s.paragraphs.iter().for_each(|p| add(&p.anchor));
        s.children.iter().for_each(|c| walk(c, add));
    }
    report.preamble.iter().for_each(|p| add(&p.anchor));
    report.sections.iter().for_each(|s| walk(s, &mut add));
}

/// The elements baogao's templates write. Anything else in a page (an
/// `<img>`, an `<iframe>`) came from a report.
const ELEMENTS: &[&str] = &[
    "!doctype",
    "html",
    "head",
    "meta",
    "title",
    "link",
    "body",
    "header",
    "nav",
    "main",
    "footer",
    "section",
    "article",
    "aside",
    "div",
    "span",
    "p",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "colgroup",
    "col",
    "form",
    "label",
    "input",
    "button",
    "select",
    "option",
    "datalist",
    "optgroup",
    "fieldset",
    "legend",
    "output",
    "details",
    "summary",
    "strong",
    "em",
    "b",
    "i",
    "small",
    "mark",
    "code",
    "abbr",
    "time",
    "br",
    "hr",
    "figure",
    "figcaption",
    "blockquote",
    "q",
    "cite",
    "sup",
    "sub",
    "data",
    "meter",
    "progress",
    "noscript",
    "template",
    "script",
    "svg",
    "g",
    "rect",
    "line",
    "polyline",
    "path",
    "circle",
    "text",
    "tspan",
    "desc",
    "defs",
];

/// Problems that mean text from a report became markup in an HTML page: an
/// element or attribute the templates never write (event handlers,
/// `srcdoc`), an inline script, or a `javascript:` (or `data:`, `vbscript:`)
/// link. Every `<` in a page must open one of [`ELEMENTS`]: text is escaped,
/// so a `<` from a report never appears raw.
pub fn markup_problems(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        // As in the HTML tokenizer, only `<` before a letter, `!` or `/`
        // and a letter opens a tag; any other `<` is text (`1 < 2`).
        let opens = match bytes.get(start + 1) {
            Some(b'!') => true,
            Some(b'/') => bytes.get(start + 2).is_some_and(u8::is_ascii_alphabetic),
            Some(c) => c.is_ascii_alphabetic(),
            None => false,
        };
        if !opens {
            at = start + 1;
            continue;
        }
        let (tag, end) = scan_tag(html, start);
        at = end.max(start + 1);
        let context = || {
            let from = floor_char_boundary(html, start.saturating_sub(20));
            let to = floor_char_boundary(html, (start + 60).min(html.len()));
            html[from..to].to_owned()
        };
        if tag.closing {
            if !ELEMENTS.contains(&tag.name.as_str()) {
                problems.push(format!(
                    "unknown closing tag </{}>: {}",
                    tag.name,
                    context()
                ));
            }
            continue;
        }
        if !ELEMENTS.contains(&tag.name.as_str()) {
            problems.push(format!("unknown element <{}>: {}", tag.name, context()));
            continue;
        }
        for (name, value) in &tag.attributes {
            if let Some(problem) = attribute_problem(&tag.name, name, value) {
                problems.push(format!("{problem}: {}", context()));
            }
        }
        // The text of <title> and <textarea> is not markup (RCDATA): a raw
        // `<` there is text, only their end tag ends it.
        if ["title", "textarea"].contains(&tag.name.as_str()) {
            let end = format!("</{}", tag.name);
            at = html[at..]
                .to_ascii_lowercase()
                .find(&end)
                .map_or(html.len(), |k| at + k);
            continue;
        }
        if tag.name == "script" {
            let has_src = tag.attributes.iter().any(|(n, _)| n == "src");
            let empty = html[at..].starts_with("</script>") || html[at..].starts_with("</script ");
            if !has_src || !empty {
                problems.push(format!("inline script: {}", context()));
            }
        }
    }
    problems
}

/// What is wrong with attribute `name="value"` of element `element`, if
/// anything: an event handler or another attribute that runs or loads
/// something, a script URL, a `<meta http-equiv>` other than the CSP.
fn attribute_problem(element: &str, name: &str, value: &str) -> Option<String> {
    let name = name.to_ascii_lowercase();
    if name.starts_with("on") || ["srcdoc", "formaction", "autofocus"].contains(&&*name) {
        return Some(format!("attribute {name} on <{element}>"));
    }
    if ["href", "src", "action", "xlink:href", "data"].contains(&&*name) {
        let url: String = decode_entities(value)
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
            .collect::<String>()
            .to_ascii_lowercase();
        let scheme = ["javascript:", "vbscript:", "data:"];
        if scheme.iter().any(|s| url.starts_with(s)) {
            return Some(format!("{name}={value:?} on <{element}>"));
        }
    }
    let value = value.to_ascii_lowercase();
    (element == "meta" && name == "http-equiv" && value != "content-security-policy")
        .then(|| format!("<meta http-equiv={value}>"))
}

struct Tag {
    name: String,
    closing: bool,
    attributes: Vec<(String, String)>,
}

/// Reads the tag that starts at `start` (a `<`) as the HTML tokenizer does;
/// returns it and the byte after its `>`.
fn scan_tag(html: &str, start: usize) -> (Tag, usize) {
    let b = html.as_bytes();
    let mut i = start + 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attributes = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            break;
        }
        let n0 = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !b"/>=".contains(&b[i]) {
            i += 1;
        }
        let attr = html[n0..i].to_owned();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let v0 = i + 1;
                    let v1 = html[v0..].find(q as char).map_or(b.len(), |k| v0 + k);
                    value = html[v0..v1].to_owned();
                    i = (v1 + 1).min(b.len());
                }
                _ => {
                    let v0 = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[v0..i].to_owned();
                }
            }
        }
        if attr.is_empty() {
            i += 1;
            continue;
        }
        attributes.push((attr, value));
    }
    let tag = Tag {
        name,
        closing,
        attributes,
    };
    (tag, (i + 1).min(b.len()))
}

/// Character references a browser would decode in an attribute value, as
/// far as they matter for a URL's scheme.
fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .unwrap_or(rest.len());
        let entity = &rest[..end];
        let decoded = if let Some(num) = entity.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse().ok(),
            };
            n.and_then(char::from_u32)
        } else {
            match entity.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "amp" => Some('&'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_check_finds_what_a_report_could_inject() {
        let page = |body: &str| format!("<!doctype html><html><body><p>{body}</p></body></html>");
        assert!(markup_problems(&page("&lt;script>alert(1)&lt;/script>")).is_empty());
        assert!(markup_problems(&page("<a href=../x.html title='a\"b'>x</a>")).is_empty());
        assert!(markup_problems(&page("<script src=../static/a.js defer></script>")).is_empty());
        assert!(markup_problems("<title>\"><img src=x>{{x}}</title><p>1 < 2").is_empty());
        for bad in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"x\" onmouseover=alert(1)>x</a>",
            "<a href=\" JaVa&#x53;cript&colon;alert(1)\">x</a>",
            "<a href=javascript:alert(1)>x</a>",
            "<iframe srcdoc=x></iframe>",
            "<input autofocus onfocus=alert(1)>",
            "<svg><script>alert(1)</script></svg>",
            "<title>a<b></title><img src=x>",
        ] {
            assert!(!markup_problems(&page(bad)).is_empty(), "{bad}");
        }
    }
}
