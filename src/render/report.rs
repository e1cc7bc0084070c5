//! A page per report: metadata panel, table of contents, the text in its
//! recovered structure with permalinks; and its original text.

use super::data::{ReportListing, ReportRecord};
use super::links::{source_path, year_url};
use super::paging::listed_name;
use super::plans::{self, FollowUpView};
use super::{escape_html, is_web_url, report_url, Archive, Link, PageDescription};
use crate::model::{Figure, Page, Paragraph, Report, Section, SourceFormat};
use serde::Serialize;

/// `reports/<slug>.html` for report `i` of the archive: its template
/// receives `report` ([`ReportView`]) and `context` ([`ReportContext`]).
pub(super) fn page<'a>(archive: &'a Archive, i: usize) -> PageDescription<ReportPage<'a>> {
    let report = &archive.reports[i];
    let variables = ReportPage {
        report: ReportView::new(report, &archive.records[i], i),
        context: ReportContext::new(archive, i),
    };
    PageDescription::new(report_url(&report.slug), "report.html", variables)
}

/// The variables of `report.html`.
#[derive(Serialize)]
pub(super) struct ReportPage<'a> {
    report: ReportView<'a>,
    context: ReportContext<'a>,
}

/// The page of a report's original `text` at `path` ([`source_path`]): the
/// text as decoded, in UTF-8 with a byte-order mark so that browsers
/// opening it from disk read it as UTF-8. The pipeline makes it as soon as
/// the slugs are settled, from the report's file read again.
pub fn source_page(path: String, text: &str) -> Page {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(text.as_bytes());
    Page::new(path, bytes)
}

/// Characters of the first paragraph in a page's meta description: search
/// engines and link previews show about this many Chinese characters.
const SUMMARY_CHARS: usize = 80;

/// The first paragraph, cut at [`SUMMARY_CHARS`] with `…`.
fn summary(report: &Report) -> String {
    let Some(first) = report.paragraphs().first().map(|p| p.text.trim()) else {
        return String::new();
    };
    let mut text: String = first.chars().take(SUMMARY_CHARS).collect();
    if first.chars().nth(SUMMARY_CHARS).is_some() {
        text.push('…');
    }
    text
}

/// What the report page shows beside the text: where the report sits in
/// the archive and what it shares with other reports. URLs are relative to
/// the site root.
#[derive(Serialize)]
struct ReportContext<'a> {
    region: Option<Link>,
    issuer: Option<Link>,
    year: Option<Link>,
    /// The same issuer's report of the year before and after.
    previous: Option<Link>,
    next: Option<Link>,
    keywords: &'a [String],
    topics: Vec<TopicLink>,
    citations: Vec<CitationLink>,
    figures: &'a [Figure],
    related: Vec<RelatedLink>,
    /// Last year's plans and what this report delivers of them.
    last_year: Option<FollowUpView>,
    /// This report's plans and what the next report says of them.
    plans: Option<FollowUpView>,
}

#[derive(Serialize)]
struct TopicLink {
    name: String,
    url: String,
    paragraphs: usize,
}

/// A cited document and the paragraphs of this report that cite it.
#[derive(Serialize)]
struct CitationLink {
    title: String,
    url: String,
    kind: &'static str,
    anchors: Vec<String>,
}

#[derive(Serialize)]
struct RelatedLink {
    /// Its issuer, or its title (rule "named by its issuer").
    name: String,
    url: String,
    year: Option<i32>,
    score_percent: u32,
    /// The first [`REASON_ITEMS`] shared topics, and how many there are.
    topics: Vec<String>,
    topic_count: usize,
    /// The titles of the first [`REASON_DOCUMENTS`] shared documents, and
    /// how many there are.
    documents: Vec<String>,
    document_count: usize,
}

/// Rule "a reason, not a list": why a report is related shows this many of
/// the topics and documents two reports share, the most telling first
/// ([`crate::analyse::Related`] orders them), and counts the rest. Two
/// reports on the same subject share a dozen topics and the national
/// documents every report cites; listed whole, they said nothing, and made
/// a fifth of a report page.
const REASON_ITEMS: usize = 3;

/// Of the documents, the reason names only the least cited one, unlinked:
/// a title runs to some forty characters and its link to more, and the
/// report's own list of citations names and links them all.
const REASON_DOCUMENTS: usize = 1;

impl<'a> ReportContext<'a> {
    fn new(archive: &'a Archive, i: usize) -> Self {
        let report = &archive.reports[i];
        let analysis = &report.analysis;
        let (previous, next) = archive.issuer_neighbours(i);
        ReportContext {
            region: analysis.region.as_ref().and_then(|r| {
                let url = archive.links.provinces.get(&r.province)?;
                Some(Link {
                    text: r.name(),
                    url: url.clone(),
                })
            }),
            issuer: report.meta.issuer.as_ref().and_then(|name| {
                let series = archive.corpus.series.of(i)?;
                Some(Link {
                    text: name.clone(),
                    url: archive.links.issuers.get(&series.name)?.clone(),
                })
            }),
            year: report.meta.year.map(|y| Link {
                text: format!("{y}年度"),
                url: year_url(y),
            }),
            previous: previous.map(|j| archive.report_link(j)),
            next: next.map(|j| archive.report_link(j)),
            keywords: &analysis.keywords,
            topics: analysis
                .topics
                .iter()
                .filter_map(|t| {
                    let url = archive.links.topic(archive.taxonomy, &t.topic)?.to_owned();
                    Some(TopicLink {
                        name: t.topic.to_string(),
                        url,
                        paragraphs: t.paragraphs,
                    })
                })
                .collect(),
            citations: citation_links(archive, report),
            figures: &analysis.figures,
            last_year: plans::last_year(archive, i),
            plans: plans::this_year(archive, i),
            related: archive.corpus.related[i]
                .iter()
                .map(|r| {
                    let other = &archive.reports[r.report];
                    RelatedLink {
                        name: listed_name(other).to_owned(),
                        url: report_url(&other.slug),
                        year: other.meta.year,
                        score_percent: (r.score * 100.0).round() as u32,
                        topics: (r.shared_topics.iter().take(REASON_ITEMS))
                            .cloned()
                            .collect(),
                        topic_count: r.shared_topics.len(),
                        documents: (r.shared_documents.iter().take(REASON_DOCUMENTS))
                            .map(|&d| archive.corpus.documents[d].title.clone())
                            .collect(),
                        document_count: r.shared_documents.len(),
                    }
                })
                .collect(),
        }
    }
}

/// The report's citations grouped by cited document, in order of first
/// citation.
fn citation_links(archive: &Archive, report: &Report) -> Vec<CitationLink> {
    let mut links: Vec<CitationLink> = Vec::new();
    for c in &report.analysis.citations {
        let Some(&d) = archive.links.document_of.get(&c.title) else {
            continue;
        };
        let url = &archive.links.documents[d];
        match links.iter_mut().find(|l| &l.url == url) {
            // Citations come in reading order: a repeat in the same
            // paragraph is the last anchor.
            Some(link) => {
                if link.anchors.last() != Some(&c.anchor) {
                    link.anchors.push(c.anchor.clone());
                }
            }
            None => links.push(CitationLink {
                title: archive.corpus.documents[d].title.clone(),
                url: url.clone(),
                kind: c.kind.label(),
                anchors: vec![c.anchor.clone()],
            }),
        }
    }
    links
}

/// What `report.html` receives as `report` (with `site`, `root`, `path`).
#[derive(Serialize)]
struct ReportView<'a> {
    record: RecordHead<'a>,
    format: &'static str,
    preamble: Vec<ParagraphView>,
    sections: Vec<SectionView>,
    /// The opening of the report (its first paragraph, cut), for the meta
    /// description and link previews.
    summary: String,
    source_href: String,
    /// The report's text as data: the search index's text file of report
    /// `i` (`index`'s `r/<i>`), which search results and the compare view
    /// read too, so that the site holds one data copy of each text.
    json_href: String,
    /// `source_url` when it is a web address; never a `javascript:` or
    /// other scheme that would run or open something else.
    source_link: Option<String>,
}

impl<'a> ReportView<'a> {
    fn new(report: &Report, record: &'a ReportRecord<'a>, i: usize) -> Self {
        ReportView {
            record: RecordHead::from(record),
            format: match report.format {
                SourceFormat::Text => "text",
                SourceFormat::Markdown => "markdown",
            },
            preamble: report.preamble.iter().map(ParagraphView::from).collect(),
            sections: report.sections.iter().map(SectionView::from).collect(),
            summary: summary(report),
            source_href: format!("../{}", source_path(report)),
            json_href: format!("../search/r/{i}.js"),
            source_link: report.meta.source_url.clone().filter(|u| is_web_url(u)),
        }
    }
}

/// What a report page shows of its record: the metadata, without the
/// per-paragraph detail (sections, keywords, topics, citations, figures,
/// related reports) that the page has from `context` and its own sections
/// in the form it shows them. Passed whole, the record made a report
/// page's variables half as large again, every one of them converted for
/// the template and most of them twice.
#[derive(Serialize)]
struct RecordHead<'a> {
    #[serde(flatten)]
    listing: ReportListing<'a>,
    published: Option<&'a str>,
    note: Option<&'a str>,
    doc_number: Option<&'a str>,
    signers: &'a [String],
    recipient: Option<&'a str>,
    source_url: Option<&'a str>,
    source: &'a str,
    encoding: &'static str,
}

impl<'a> From<&'a ReportRecord<'a>> for RecordHead<'a> {
    fn from(r: &'a ReportRecord<'a>) -> Self {
        RecordHead {
            listing: ReportListing::from(r),
            published: r.published.as_deref(),
            note: r.note,
            doc_number: r.doc_number,
            signers: r.signers,
            recipient: r.recipient,
            source_url: r.source_url,
            source: r.source,
            encoding: r.encoding,
        }
    }
}

#[derive(Serialize)]
struct SectionView {
    anchor: String,
    heading: String,
    marker: Option<String>,
    /// `h2` … `h6`.
    tag: String,
    part: Option<PartBadge>,
    /// Rule and reason, also when no part was found.
    part_reason: Option<String>,
    paragraphs: Vec<ParagraphView>,
    children: Vec<SectionView>,
}

#[derive(Serialize)]
struct PartBadge {
    id: &'static str,
    label: &'static str,
}

impl From<&Section> for SectionView {
    fn from(s: &Section) -> Self {
        SectionView {
            anchor: s.anchor.clone(),
            heading: s.heading.clone(),
            marker: s.marker.clone(),
            tag: format!("h{}", (s.level + 1).min(6)),
            part: s.part.as_ref().and_then(|m| m.part).map(|p| PartBadge {
                id: p.id(),
                label: p.label(),
            }),
            part_reason: s.part.as_ref().map(|m| m.reason.clone()),
            paragraphs: s.paragraphs.iter().map(ParagraphView::from).collect(),
            children: s.children.iter().map(SectionView::from).collect(),
        }
    }
}

/// A paragraph as the template prints it: its anchor, and its text as
/// HTML with its lead and enumeration markers marked up ([`marked_up`]).
#[derive(Serialize)]
struct ParagraphView {
    anchor: String,
    html: String,
}

impl From<&Paragraph> for ParagraphView {
    fn from(p: &Paragraph) -> Self {
        ParagraphView {
            anchor: p.anchor.clone(),
            html: marked_up(p),
        }
    }
}

/// Rule "the body is marked up in one place": a paragraph's text reaches
/// the template as escaped HTML, its lead in `<strong class="lead">` and
/// its inline enumeration markers (`一是`) in `<b class="enum">`, made here
/// with the templates' own escape function. Why: a template looping over
/// a paragraph's runs compares each run's kind, some 300 runs a report
/// page, and tera evaluates each as a lookup through its stack of frames,
/// a large share of a report page's rendering. Every character of the text
/// goes through [`escape_html`]; the marks are the only markup.
fn marked_up(p: &Paragraph) -> String {
    let mut html = String::with_capacity(p.text.len() + p.text.len() / 8);
    let mut at = 0;
    for (start, end, kind) in cuts(p) {
        // Markers come in order and do not overlap; if they did, the
        // text between is simply not repeated.
        if start > at {
            html.push_str(&escape_html(&p.text[at..start]));
        }
        let (open, close) = match kind {
            Cut::Lead => ("<strong class=\"lead\">", "</strong>"),
            Cut::Enumeration => ("<b class=\"enum\">", "</b>"),
        };
        html.push_str(open);
        html.push_str(&escape_html(&p.text[start..end]));
        html.push_str(close);
        at = end;
    }
    if at < p.text.len() {
        html.push_str(&escape_html(&p.text[at..]));
    }
    html
}

/// What a cut of a paragraph's text marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    Lead,
    Enumeration,
}

/// Where a paragraph is cut: its lead, then the enumeration markers after
/// it, in order, as byte ranges on character boundaries.
fn cuts(p: &Paragraph) -> Vec<(usize, usize, Cut)> {
    let mut cuts: Vec<(usize, usize, Cut)> = Vec::new();
    if let Some(len) = p.lead_len.filter(|&l| p.text.is_char_boundary(l)) {
        cuts.push((0, len, Cut::Lead));
    }
    for e in &p.enumeration {
        let end = (e.offset + e.marker.len()).min(p.text.len());
        let inside_lead = cuts
            .first()
            .is_some_and(|c| c.2 == Cut::Lead && e.offset < c.1);
        if !inside_lead && p.text.is_char_boundary(e.offset) && p.text.is_char_boundary(end) {
            cuts.push((e.offset, end, Cut::Enumeration));
        }
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EnumerationMarker;

    #[test]
    fn paragraphs_are_marked_up_at_lead_and_markers() {
        let text = "组织保障。一是甲；二是乙。".to_owned();
        let p = Paragraph {
            anchor: "p1".into(),
            lead_len: Some("组织保障。".len()),
            enumeration: vec![
                EnumerationMarker {
                    offset: text.find("一是").unwrap(),
                    marker: "一是".into(),
                },
                EnumerationMarker {
                    offset: text.find("二是").unwrap(),
                    marker: "二是".into(),
                },
            ],
            text,
            line: 1,
        };
        assert_eq!(
            marked_up(&p),
            "<strong class=\"lead\">组织保障。</strong><b class=\"enum\">一是</b>甲；<b class=\"enum\">二是</b>乙。"
        );
    }

    #[test]
    fn marked_up_text_is_escaped_and_markers_off_boundaries_are_left_alone() {
        let text = "<script>alert('x')</script> & 一是\"甲\"".to_owned();
        let p = Paragraph {
            anchor: "p1".into(),
            // Inside the first character of "一是": not a boundary.
            lead_len: None,
            enumeration: vec![
                EnumerationMarker {
                    offset: text.find("一是").unwrap(),
                    marker: "一是".into(),
                },
                EnumerationMarker {
                    offset: text.find("一是").unwrap() + 1,
                    marker: "是".into(),
                },
            ],
            text,
            line: 1,
        };
        assert_eq!(
            marked_up(&p),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; <b class=\"enum\">一是</b>&quot;甲&quot;"
        );
        let lead_past_end = Paragraph {
            lead_len: Some(100),
            enumeration: Vec::new(),
            ..p.clone()
        };
        assert_eq!(marked_up(&lead_past_end), escape_html(&p.text));
    }
}
