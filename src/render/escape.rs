//! Text made safe for HTML and XML, and the URLs a page may link to from
//! what a report says.

/// Escapes text for HTML and XML, in text and in quoted attribute values:
/// the escape function of every template, and of what is added to a page
/// after it is rendered. Unlike tera's own, it leaves `/` as it is (no
/// context needs it escaped, and URLs are full of it).
pub(super) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let bytes = text.as_bytes();
    // Copies the runs between special characters whole: report text is
    // long and has few of them, found a vector at a time (memchr), not a
    // byte at a time. The next of `&<>`
    // is looked for again only once passed, and quotes only up to it, so
    // that text full of one kind is not searched to its end for the other
    // at every character. `next_markup`: the next of `&<>` from `from`,
    // or the end of the text.
    let next_markup = |from: usize| {
        memchr::memchr3(b'&', b'<', b'>', &bytes[from..]).map_or(bytes.len(), |m| from + m)
    };
    let (mut copied, mut markup) = (0, next_markup(0));
    loop {
        if markup < copied {
            markup = next_markup(copied);
        }
        let quote = memchr::memchr2(b'"', b'\'', &bytes[copied..markup]).map(|q| copied + q);
        let i = quote.unwrap_or(markup);
        if i == bytes.len() {
            break;
        }
        out.push_str(&text[copied..i]);
        out.push_str(match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether `url` is an absolute http(s) URL, the only kind a page links
/// to from what a report says.
pub(super) fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_slashes_and_escapes_both_quotes() {
        assert_eq!(
            escape_html("a/b <i>\"x\" & 'y'"),
            "a/b &lt;i&gt;&quot;x&quot; &amp; &#39;y&#39;"
        );
        assert_eq!(
            escape_html("报告《甲》<乙>&&"),
            "报告《甲》&lt;乙&gt;&amp;&amp;"
        );
        assert_eq!(escape_html("无需转义的正文"), "无需转义的正文");
        assert_eq!(escape_html(""), "");
        // Quotes before and after markup, at both ends, side by side.
        assert_eq!(escape_html("'<\"&>'"), "&#39;&lt;&quot;&amp;&gt;&#39;");
        assert_eq!(escape_html("甲\"乙<丙'"), "甲&quot;乙&lt;丙&#39;");
        // Many of one kind and one of the other far away.
        let quotes = format!("{}<", "'a".repeat(1000));
        let escaped = escape_html(&quotes);
        assert!(escaped.starts_with("&#39;a&#39;a") && escaped.ends_with("&#39;a&lt;"));
        assert_eq!(escaped.matches("&#39;").count(), 1000);
        let markup = format!("{}\"", "<a".repeat(1000));
        assert_eq!(escape_html(&markup).matches("&lt;").count(), 1000);
        assert!(escape_html(&markup).ends_with("a&quot;"));
    }
}
