//! Rule "minify the templates, not the pages": an HTML template is minified
//! once, when it is loaded, with its `{{ }}`, `{% %}` and `{# #}` tags kept
//! as they are; the pages it renders are not minified again.
//!
//! Why: minifying every page parsed the whole output once more (about a
//! fifth of a large build's CPU time), and all it removed was the
//! templates' own white space and optional tags. What a report contributes
//! is escaped text, whose blank space `parse::normalise` has already
//! collapsed. The result stays valid HTML5: attribute values stay quoted
//! where the spec needs it, and `<html lang>` stays.

use std::borrow::Cow;

/// `text` minified if `name` is an HTML template that minify-html can
/// read without changing what it means; else `text` as it is. XML
/// templates (feed, sitemap) are never touched.
pub(super) fn template<'a>(name: &str, text: &'a str) -> Cow<'a, str> {
    if !name.ends_with(".html") || has_tag_among_attributes(text) {
        return Cow::Borrowed(text);
    }
    let cfg = minify_html::Cfg {
        keep_html_and_head_opening_tags: true,
        minify_css: false,
        minify_js: false,
        preserve_brace_template_syntax: true,
        ..minify_html::Cfg::new()
    };
    match String::from_utf8(minify_html::minify(text.as_bytes(), &cfg)) {
        Ok(minified) => Cow::Owned(minified),
        Err(_) => Cow::Borrowed(text),
    }
}

/// Whether a template tag stands inside an element's tag rather than in
/// an attribute value or between elements: among the attributes, as in
/// `<a href="x"{% if on %} class="on"{% endif %}>`, or as the element's
/// name, as in `<{{ tag }}>`. minify-html reads the first as attribute
/// names and reorders them, and the second as text, so such a template
/// is loaded as written.
fn has_tag_among_attributes(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut in_tag = false;
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (in_tag, quote) {
            (false, _) if b == b'<' => {
                let name = bytes.get(i + 1..).unwrap_or_default();
                let name = name.strip_prefix(b"/").unwrap_or(name);
                if name.starts_with(b"{{") || name.starts_with(b"{%") {
                    return true;
                }
                in_tag = name.first().is_some_and(u8::is_ascii_alphabetic);
            }
            (false, _) => {}
            (true, Some(q)) if b == q => quote = None,
            (true, Some(_)) => {}
            (true, None) => match b {
                b'"' | b'\'' => quote = Some(b),
                b'>' => in_tag = false,
                b'{' if matches!(bytes.get(i + 1), Some(b'%' | b'{' | b'#')) => return true,
                _ => {}
            },
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minifies_html_keeping_template_tags() {
        let text = "<ul>\n  {% for x in xs %}\n  <li class=\"{% if x %}a{% endif %}\">{{ x }}</li>\n  {% endfor %}\n</ul>\n";
        let out = template("list.html", text);
        assert!(out.len() < text.len(), "{out}");
        for tag in [
            "{% for x in xs %}",
            "{% if x %}a{% endif %}",
            "{{ x }}",
            "{% endfor %}",
        ] {
            assert!(out.contains(tag), "{tag} lost in {out}");
        }
    }

    #[test]
    fn leaves_xml_templates_alone() {
        let feed = "<feed>\n  <title>{{ site.title }}</title>\n</feed>\n";
        assert_eq!(template("feed.xml", feed), feed);
    }

    #[test]
    fn a_tag_among_attributes_keeps_the_template_as_written() {
        let text = "<a href=\"x\"{% if on %} class=\"on\"{% endif %}>\n  x\n</a>";
        assert!(has_tag_among_attributes(text));
        assert_eq!(template("nav.html", text), text);
        let expression = "<a {{ attrs }}>x</a>";
        assert!(has_tag_among_attributes(expression));
        assert!(has_tag_among_attributes("<{{ tag }}>x</{{ tag }}>"));
        assert!(has_tag_among_attributes("<h2>x</{{ tag }}>"));
    }

    #[test]
    fn tags_in_values_text_or_comparisons_are_not_among_attributes() {
        for text in [
            "<a href=\"{{ url }}\" title='{% if t %}{{ t }}{% endif %}'>{{ x }}</a>",
            "{% if a < b %}<p>{{ x }}</p>{% endif %}",
            "<p>1 < 2</p>{{ y }}",
            "",
        ] {
            assert!(!has_tag_among_attributes(text), "{text}");
        }
    }
}
