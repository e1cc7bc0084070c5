//! The data that flows between the pipeline stages, in one place.
//!
//! discover → [`SourceFile`] → decode → [`DecodedSource`] → parse → [`Report`]
//! (structure and metadata) → analyse → [`Report`] with [`PartMapping`]s →
//! render → [`Page`]s → write.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

mod diagnostic;
mod page;
mod plans;
mod words;
pub use diagnostic::{did_you_mean, Diagnostic, Severity, SourceSpan};
pub use page::{Page, PageSink};
pub use plans::{Delivery, FollowUpOutcome, PlanFollowUp, PlanItem};
pub use words::WordCounts;

/// How a source file is written; decides which parser reads it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// `.txt`: text pasted out of Word or PDF, possibly with Markdown artefacts.
    #[default]
    Text,
    /// `.md`: Markdown, read with pulldown-cmark.
    Markdown,
}

/// A report file found in the content folder.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where to read it.
    pub path: PathBuf,
    /// Path relative to the content folder, `/`-separated; names the file in
    /// diagnostics and in the records of `data/reports-<year>.json`.
    pub rel_path: String,
    /// How the file is written, by its extension (`.txt`; `.md` or `.markdown`).
    pub format: SourceFormat,
}

/// A source file's text after decoding and line-end normalisation.
#[derive(Debug, Clone)]
pub struct DecodedSource {
    /// The file the text was read from.
    pub file: SourceFile,
    /// UTF-8 text with `\n` line ends and no BOM.
    pub text: String,
    /// The encoding the bytes were read as (`UTF-8`, `GBK`, `UTF-16LE`, …).
    pub encoding: &'static str,
}

impl DecodedSource {
    /// A file at `rel_path` (under the content folder) whose bytes were
    /// `text` in UTF-8: what tests and tools that start from text parse.
    pub fn utf8(rel_path: &str, format: SourceFormat, text: &str) -> DecodedSource {
        DecodedSource {
            file: SourceFile {
                path: rel_path.into(),
                rel_path: rel_path.into(),
                format,
            },
            text: text.to_owned(),
            encoding: "UTF-8",
        }
    }
}

/// A calendar date as written in a report (`2022年12月16日`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The year of the Common Era (`2022`).
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
    /// The day of the month, from 1.
    pub day: u32,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What the report says about itself, detected from its text and overridden
/// by front matter.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Metadata {
    /// The title: front matter's, else the one the header's lines make up, else
    /// the portal's (a page copied from a government site), else the file's name.
    pub title: String,
    /// The issuing organ: front matter's, else the one the header, closing block,
    /// portal fields or opening sentence name ([`crate::parse`] decides), if any.
    pub issuer: Option<String>,
    /// The year reported on (`关于2022年…的报告` → 2022).
    pub year: Option<i32>,
    /// The date the report was signed (the closing date line).
    pub date: Option<Date>,
    /// The date it was printed (`2022年1月4日印发`), when given.
    pub printed: Option<Date>,
    /// The note (附注) below the date (`此件公开发布`), brackets removed.
    pub note: Option<String>,
    /// `平示范工〔2021〕117号`.
    pub doc_number: Option<String>,
    /// Names after `签发人：`.
    pub signers: Vec<String>,
    /// The body addressed (`市委：`).
    pub recipient: Option<String>,
    /// The region front matter names (`region`); when set, the analysis looks it
    /// up in the divisions instead of finding the region in the text.
    pub region: Option<String>,
    /// Where the report is published online, as front matter gives it
    /// (`source_url`): the text itself never says.
    pub source_url: Option<String>,
    /// When the portal it was copied from published it (`发布时间`).
    pub published: Option<Date>,
    /// The portal's other fields (`索引号`, `主题分类`, `有效性` …).
    pub portal: std::collections::BTreeMap<String, String>,
}

impl Metadata {
    /// The day the report became public, as well as the text tells (rule
    /// "public when published, not before printed"): the portal's
    /// publication date when the text was copied from one, since the
    /// deadline is for making the report public (art. 25); but never before
    /// the printing date, else the signing date, since a report cannot be
    /// public before it is printed (a portal's date before that is some
    /// other date of the page). Without a portal date, the printing date,
    /// else the signing date.
    pub fn publication(&self) -> Option<Date> {
        let printed = self.printed.or(self.date);
        match (self.published, printed) {
            (Some(published), Some(printed)) => Some(published.max(printed)),
            (published, printed) => published.or(printed),
        }
    }
}

/// The five parts that 《法治政府建设与责任落实督察工作规定》(2019) requires
/// of an annual report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MandatedPart {
    /// 主要举措和成效
    Measures,
    /// 存在的不足和原因
    Shortcomings,
    /// 党政主要负责人履行推进法治建设第一责任人职责情况
    Leadership,
    /// 下一年度主要安排
    Plans,
    /// 其他需要报告的事项
    Other,
}

impl MandatedPart {
    /// Every part, in the regulation's order: the order compliance, records and
    /// pages list them in.
    pub const ALL: [MandatedPart; 5] = [
        MandatedPart::Measures,
        MandatedPart::Shortcomings,
        MandatedPart::Leadership,
        MandatedPart::Plans,
        MandatedPart::Other,
    ];

    /// The stable id used in URLs and JSON.
    pub fn id(self) -> &'static str {
        match self {
            MandatedPart::Measures => "measures",
            MandatedPart::Shortcomings => "shortcomings",
            MandatedPart::Leadership => "leadership",
            MandatedPart::Plans => "plans",
            MandatedPart::Other => "other",
        }
    }

    /// The name the regulation gives the part.
    pub fn label(self) -> &'static str {
        match self {
            MandatedPart::Measures => "主要举措和成效",
            MandatedPart::Shortcomings => "存在的不足和原因",
            MandatedPart::Leadership => "第一责任人职责情况",
            MandatedPart::Plans => "下一年度主要安排",
            MandatedPart::Other => "其他需要报告的事项",
        }
    }
}

/// Why a top-level section was (or was not) mapped to a mandated part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartMapping {
    /// The part the section was mapped to; `None` when no rule matched.
    pub part: Option<MandatedPart>,
    /// The named rule that decided: `heading`, `year's work`, `content` or
    /// `none`.
    pub rule: &'static str,
    /// A sentence for people: the words that matched, or why none did.
    pub reason: String,
}

/// An inline enumeration marker (`一是`, `二是`, …) inside a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumerationMarker {
    /// Byte offset of the marker in the paragraph text.
    pub offset: usize,
    /// The marker, its numeral written as the count goes (`二是`).
    pub marker: String,
}

/// A paragraph of body text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// Permalink anchor, unique in the report.
    pub anchor: String,
    /// The paragraph's text, its lines rejoined where wrapping or a page break
    /// split them.
    pub text: String,
    /// 1-based line in the source file where the paragraph starts.
    pub line: usize,
    /// Byte length of a lead sentence set in bold in the source, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_len: Option<usize>,
    /// Its inline enumeration markers, in order: each goes on from the previous
    /// marker of the section (or is `一是`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enumeration: Vec<EnumerationMarker>,
}

/// A section: a heading and what follows it up to the next heading of the
/// same or a higher level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The heading's text without its numbering ([`Section::marker`]).
    pub heading: String,
    /// The numbering as written (`一、`, `（一）`, `1.`), if any.
    pub marker: Option<String>,
    /// Depth in the tree, 1 for top-level sections.
    pub level: u8,
    /// Permalink anchor, unique in the report.
    pub anchor: String,
    /// 1-based line in the source file of the heading.
    pub line: usize,
    /// The paragraphs directly under the heading, which come before its
    /// subsections.
    pub paragraphs: Vec<Paragraph>,
    /// Its subsections, in reading order.
    pub children: Vec<Section>,
    /// Set by the analyse stage on top-level sections only.
    pub part: Option<PartMapping>,
}

impl Section {
    /// All paragraphs of this section and its descendants, in reading order.
    pub fn all_paragraphs(&self) -> Vec<&Paragraph> {
        let mut out = Vec::new();
        self.push_paragraphs(&mut out);
        out
    }

    /// Adds [`Section::all_paragraphs`] to `out`, with no list of its own
    /// per subsection.
    fn push_paragraphs<'a>(&'a self, out: &mut Vec<&'a Paragraph>) {
        out.extend(&self.paragraphs);
        for child in &self.children {
            child.push_paragraphs(out);
        }
    }

    /// The paragraph at `anchor` in this section or below it. Anchors
    /// extend their section's (`s3-1` holds `s3-1-p2` and `s3-1-4`:
    /// `parse::structure::assign_anchors`), so a section whose anchor does
    /// not begin `anchor` is not searched: the pages that quote reports
    /// look up some 440,000 anchors at 10,000 reports, each compared with
    /// every paragraph's before.
    fn paragraph_at(&self, anchor: &str) -> Option<&Paragraph> {
        let below = anchor.strip_prefix(self.anchor.as_str());
        if !below.is_some_and(|rest| rest.starts_with('-')) {
            return None;
        }
        (self.paragraphs.iter().find(|p| p.anchor == anchor))
            .or_else(|| self.children.iter().find_map(|c| c.paragraph_at(anchor)))
    }

    /// The text of the heading and every paragraph below it.
    pub fn full_text(&self) -> String {
        let mut text = self.heading.clone();
        for p in &self.paragraphs {
            text.push('\n');
            text.push_str(&p.text);
        }
        for child in &self.children {
            text.push('\n');
            text.push_str(&child.full_text());
        }
        text
    }

    /// Characters of [`Section::full_text`] that are not whitespace,
    /// counted without making it.
    pub fn char_count(&self) -> usize {
        chars_of(&self.heading)
            + self
                .paragraphs
                .iter()
                .map(|p| chars_of(&p.text))
                .sum::<usize>()
            + self.children.iter().map(Section::char_count).sum::<usize>()
    }

    /// Depth of the deepest heading below and including this one.
    pub fn depth(&self) -> u8 {
        self.children
            .iter()
            .map(Section::depth)
            .max()
            .unwrap_or(self.level)
    }
}

/// What a piece of a report's text is: its title, a heading or a
/// paragraph. A word in a title or heading says more about what the report
/// is about than one in a paragraph: search ranking and keywords weigh it
/// by [`DocKind::weight`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// The report's title.
    Title,
    /// A section's heading, at any level.
    Heading,
    /// A paragraph of the preamble or of a section.
    Paragraph,
}

/// A title occurrence counts as this many paragraph occurrences (BM25F:
/// a report whose title names the query is about it).
pub const TITLE_WEIGHT: u32 = 4;
/// A heading occurrence counts as this many paragraph occurrences.
pub const HEADING_WEIGHT: u32 = 2;

impl DocKind {
    /// How many paragraph occurrences an occurrence in this kind of text counts
    /// as: [`TITLE_WEIGHT`], [`HEADING_WEIGHT`] or 1.
    pub fn weight(self) -> u32 {
        match self {
            DocKind::Title => TITLE_WEIGHT,
            DocKind::Heading => HEADING_WEIGHT,
            DocKind::Paragraph => 1,
        }
    }
}

/// One report: metadata, structure and (after analysis) its mandated parts.
/// (`Default` is an empty report, for tests that build one by hand.)
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// URL-safe name, unique in the archive.
    pub slug: String,
    /// Path under the content folder.
    pub source: String,
    /// The file itself: the pipeline reads it again to write the original
    /// text, rather than keep every report's text until slugs are settled.
    pub path: std::path::PathBuf,
    /// How the source file is written, which decided the parser.
    pub format: SourceFormat,
    /// The encoding the file was read as (`UTF-8`, `GBK`, `UTF-16LE`, …).
    pub encoding: &'static str,
    /// What the report says about itself: title, issuer, year, dates, numbers.
    pub meta: Metadata,
    /// Paragraphs before the first heading (the opening summary).
    pub preamble: Vec<Paragraph>,
    /// The top-level sections, each holding its subsections.
    pub sections: Vec<Section>,
    /// The decoded source text, for diagnostics that quote a line of it
    /// (`check`). Empty in a build, which lets it go once the report is
    /// analysed: the "original text" download is written from the file,
    /// read again ([`Report::path`]).
    pub original: String,
    /// What the report says, set by the analyse stage.
    pub analysis: Analysis,
    /// Identifies the source the report was made from (its file's bytes
    /// and path, and the taxonomy): equal fingerprints, equal reports
    /// before the archive-wide analysis. Set when the file is loaded (0 for a
    /// report parsed from text alone); incremental rebuilds key the
    /// report's data files by it ([`crate::memo`]), and the original text
    /// is written only from a file that still has it.
    pub fingerprint: u64,
}

/// What one report says: the documents it cites, the figures it states, its
/// topics, keywords and region. Set by [`crate::analyse`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Analysis {
    /// Every `《…》` title cited in a paragraph, in reading order.
    pub citations: Vec<Citation>,
    /// Every quantity the paragraphs state, in reading order.
    pub figures: Vec<Figure>,
    /// Paragraphs per topic, in taxonomy order; topics with none left out.
    pub topics: Vec<TopicCount>,
    /// For each paragraph (by anchor, reading order) the indexes of its
    /// topics in the taxonomy; paragraphs without a topic are left out.
    #[serde(skip)]
    pub paragraph_topics: Vec<(String, Vec<usize>)>,
    /// The report's most distinctive words (TF-IDF over the archive).
    pub keywords: Vec<String>,
    /// Every word of two or more characters (jieba's dictionary) and its
    /// weighted count ([`crate::segment::word_counts`]): the input of
    /// TF-IDF and of the search index, counted in the parallel stage.
    /// Shared: `serve`'s cache keeps them for the index to patch its
    /// postings after an edit (the terms the report used to have).
    #[serde(skip)]
    pub words: Arc<WordCounts>,
    /// Where the issuer is: the region front matter names, else the one found in
    /// the issuer's name, the title and the opening words; `None` when none is found.
    pub region: Option<Region>,
    /// What its plans part enumerates (`crate::analyse::plans::split`).
    pub plan_items: Vec<PlanItem>,
    /// [`Report::char_count`] and the number of paragraphs, counted once:
    /// every build's records show them, and counting reads the whole text.
    #[serde(skip)]
    pub size: TextSize,
}

/// How long a report's body is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextSize {
    /// Characters of headings and paragraphs, whitespace left out.
    pub chars: usize,
    /// Paragraphs, the preamble's included.
    pub paragraphs: usize,
}

/// A `《…》` title cited in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// The title as written, normalised (no line breaks or spaces, full-width
    /// brackets), without the 《》.
    pub title: String,
    /// What kind of document the title names ([`CitationKind`]), by its ending.
    pub kind: CitationKind,
    /// The paragraph that cites it.
    pub anchor: String,
}

/// What kind of document a citation names, by rules over its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CitationKind {
    /// 法律 (…法, …法典)
    Law,
    /// 法规 (…条例)
    Regulation,
    /// 规章、规划、方案 (…规定, …办法, …规划, …方案, …纲要, …意见 …)
    Rules,
    /// 通知、通报、决定
    Notice,
    /// Books, films and everything else
    Other,
}

impl CitationKind {
    /// Every kind, in the order the citations page groups them.
    pub const ALL: [CitationKind; 5] = [
        CitationKind::Law,
        CitationKind::Regulation,
        CitationKind::Rules,
        CitationKind::Notice,
        CitationKind::Other,
    ];

    /// The kind's name as pages show it (`法律`, `规章、规划与方案`, …).
    pub fn label(self) -> &'static str {
        match self {
            CitationKind::Law => "法律",
            CitationKind::Regulation => "法规",
            CitationKind::Rules => "规章、规划与方案",
            CitationKind::Notice => "通知与决定",
            CitationKind::Other => "书籍、影片及其他",
        }
    }
}

/// A stated quantity: `共化解处理矛盾纠纷9起` → 9 起, counting 化解处理矛盾纠纷.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The quantity as written (`1.3亿元`, `97%以上`).
    pub text: String,
    /// The value in the base unit (`1.3亿元` → 130000000).
    pub value: f64,
    /// The base unit or measure word (`元`, `%`, `次`, `人次`, …): one of
    /// the units the extractor knows.
    pub unit: &'static str,
    /// `余`, `约`, `以上`, `近`, `累计`, `同比下降`, … as written.
    pub qualifier: Option<String>,
    /// What it counts: the phrase it belongs to.
    pub counts: String,
    /// The topic of the taxonomy the phrase falls under, if any (its name,
    /// shared with the taxonomy: a quarter of a million figures at 10,000
    /// reports).
    pub category: Option<Arc<str>>,
    /// The paragraph it comes from.
    pub anchor: String,
}

/// How many paragraphs of a report fall under a topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopicCount {
    /// The topic's name, shared with the taxonomy.
    pub topic: Arc<str>,
    /// Paragraphs of the report tagged with the topic.
    pub paragraphs: usize,
}

/// Where an issuer is, in the official administrative divisions (GB/T 2260).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Region {
    /// The six-digit code of the most specific division found; empty when
    /// front matter names a region that is no known division.
    pub code: String,
    /// The province-level division's name (`河南省`, `天津市`); the region as
    /// front matter wrote it when it names no known division.
    pub province: String,
    /// The prefecture-level division's name (`平顶山市`), if the region lies in
    /// one: a municipality's districts have none.
    pub city: Option<String>,
    /// The county-level division's name (`东丽区`), if the region is that
    /// specific.
    pub county: Option<String>,
}

impl Region {
    /// `河南省平顶山市`, `天津市东丽区`; a county whose name repeats its
    /// city's (`平顶山市城乡一体化示范区`) is not prefixed with it again.
    pub fn name(&self) -> String {
        let mut name = self.province.clone();
        match (&self.city, &self.county) {
            (Some(city), Some(county)) if county.starts_with(city.as_str()) => {
                name.push_str(county)
            }
            (city, county) => {
                name.extend(city.iter().cloned());
                name.extend(county.iter().cloned());
            }
        }
        name
    }
}

/// Gives back a vector's unused capacity (rule "fit what is kept": see
/// [`Report::fit`]) by moving its items into a vector of exactly their
/// number, not by `shrink_to_fit`: the allocator (mimalloc) keeps a block
/// shrunk by less than half where it is, its slack still taken.
pub fn fit<T>(items: &mut Vec<T>) {
    if items.capacity() > items.len() {
        let mut exact = Vec::with_capacity(items.len());
        exact.append(items);
        *items = exact;
    }
}

impl Section {
    /// [`Report::fit`] for a section, its paragraphs and its subsections.
    fn fit(&mut self) {
        fit(&mut self.paragraphs);
        self.paragraphs
            .iter_mut()
            .for_each(|p| fit(&mut p.enumeration));
        fit(&mut self.children);
        self.children.iter_mut().for_each(Section::fit);
    }
}

impl Report {
    /// Shrinks every vector to its length: a loaded report lives until the
    /// whole site is written, but its vectors grew by doubling as it was
    /// parsed and analysed, up to half of each unused (a section with one
    /// subsection holds room for four), so the build fits each report once
    /// it is analysed.
    pub fn fit(&mut self) {
        fit(&mut self.preamble);
        self.sections.iter_mut().for_each(Section::fit);
        fit(&mut self.sections);
        let analysis = &mut self.analysis;
        fit(&mut analysis.citations);
        fit(&mut analysis.figures);
        fit(&mut analysis.topics);
        fit(&mut analysis.paragraph_topics);
        fit(&mut analysis.plan_items);
        (analysis.paragraph_topics.iter_mut()).for_each(|(_, topics)| fit(topics));
    }

    /// Calls `visit(anchor, text, kind, part)` for every piece of text of
    /// the report in reading order: title, preamble, then every section's
    /// heading and paragraphs (`part`: the mandated part of the top-level
    /// section).
    pub fn each_document<'a>(
        &'a self,
        mut visit: impl FnMut(&'a str, &'a str, DocKind, Option<MandatedPart>),
    ) {
        visit("", &self.meta.title, DocKind::Title, None);
        for p in &self.preamble {
            visit(&p.anchor, &p.text, DocKind::Paragraph, None);
        }
        for top in &self.sections {
            let part = top.part.as_ref().and_then(|m| m.part);
            let mut stack = vec![top];
            while let Some(section) = stack.pop() {
                visit(&section.anchor, &section.heading, DocKind::Heading, part);
                for p in &section.paragraphs {
                    visit(&p.anchor, &p.text, DocKind::Paragraph, part);
                }
                stack.extend(section.children.iter().rev());
            }
        }
    }
    /// Where each top-level section's heading comes in
    /// [`Report::each_document`]'s order: the title, the preamble, then
    /// each section's heading, paragraphs and subsections.
    pub fn top_section_documents(&self) -> Vec<usize> {
        fn documents_in(s: &Section) -> usize {
            1 + s.paragraphs.len() + s.children.iter().map(documents_in).sum::<usize>()
        }
        let mut next = 1 + self.preamble.len();
        (self.sections.iter())
            .map(|s| {
                let at = next;
                next += documents_in(s);
                at
            })
            .collect()
    }

    /// Every paragraph of the report, in reading order.
    pub fn paragraphs(&self) -> Vec<&Paragraph> {
        let mut out: Vec<&Paragraph> = self.preamble.iter().collect();
        for s in &self.sections {
            s.push_paragraphs(&mut out);
        }
        out
    }

    /// The paragraph at `anchor`, found without listing the paragraphs
    /// (pages that quote reports look up a few anchors in each).
    pub fn paragraph_at(&self, anchor: &str) -> Option<&Paragraph> {
        (self.preamble.iter().find(|p| p.anchor == anchor))
            .or_else(|| self.sections.iter().find_map(|s| s.paragraph_at(anchor)))
    }

    /// Characters of body text (headings and paragraphs, no whitespace).
    pub fn char_count(&self) -> usize {
        let preamble: usize = self.preamble.iter().map(|p| chars_of(&p.text)).sum();
        preamble + self.sections.iter().map(Section::char_count).sum::<usize>()
    }
}

/// Characters of `text` that are not whitespace.
fn chars_of(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_leaves_no_room_and_keeps_the_items_in_order() {
        let mut items = Vec::new();
        (0..5).for_each(|i: u32| items.push(i));
        assert!(items.capacity() > 5, "grown by pushing");
        fit(&mut items);
        assert_eq!(
            (items.capacity(), items.as_slice()),
            (5, &[0, 1, 2, 3, 4][..])
        );
        let mut empty: Vec<u32> = Vec::with_capacity(8);
        fit(&mut empty);
        assert_eq!(empty.capacity(), 0);
    }

    #[test]
    fn a_fitted_report_is_the_same_report_with_no_room_left() {
        let text = "关于2022年法治政府建设情况的报告\n\n2022年，我区开展工作。\n\n一、主要举措\n（一）制度建设\n制定办法。\n（二）执法\n规范执法。\n二、存在的不足\n仍有差距。\n";
        let source = DecodedSource::utf8("r.txt", SourceFormat::Text, text);
        let (mut report, _) = crate::parse::parse(source).unwrap();
        let before = format!("{report:?}");
        report.fit();
        assert_eq!(format!("{report:?}"), before);
        fn fitted(s: &Section) -> bool {
            s.paragraphs.capacity() == s.paragraphs.len()
                && s.children.capacity() == s.children.len()
                && s.children.iter().all(fitted)
        }
        assert!(report.sections.iter().all(fitted));
        assert_eq!(report.sections.capacity(), report.sections.len());
    }

    #[test]
    fn paragraphs_are_found_by_anchor_and_counted_without_whitespace() {
        let text = "关于2022年法治政府建设情况的报告\n\n2022年，我区 开展工作。\n\n一、主要举措\n（一）制度建设\n制定办法。\n（二）执法\n规范执法。\n二、存在的不足\n仍有差距。\n";
        let source = DecodedSource::utf8("r.txt", SourceFormat::Text, text);
        let (report, _) = crate::parse::parse(source).unwrap();
        let all = report.paragraphs();
        assert_eq!(all.len(), 4);
        for p in &all {
            assert_eq!(report.paragraph_at(&p.anchor), Some(*p));
        }
        assert_eq!(report.paragraph_at("no-such-anchor"), None);
        assert_eq!(
            report.paragraph_at("s1"),
            None,
            "a section is not a paragraph"
        );
        for s in &report.sections {
            let full = s.full_text();
            assert_eq!(
                s.char_count(),
                full.chars().filter(|c| !c.is_whitespace()).count()
            );
        }
        let words = |t: &str| t.chars().filter(|c| !c.is_whitespace()).count();
        // Headings are counted without their markers (`一、`).
        let headings = "主要举措制度建设执法存在的不足";
        let body: usize = all.iter().map(|p| words(&p.text)).sum();
        assert_eq!(report.char_count(), words(headings) + body);
    }

    #[test]
    fn paragraphs_are_found_in_the_tenth_section_and_beyond() {
        // s1 begins s10-p1 and s11-1-p1 but does not hold them.
        let numerals = [
            "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一",
        ];
        let mut text = String::from("关于2022年法治政府建设情况的报告\n\n");
        for (i, n) in numerals.iter().enumerate() {
            text.push_str(&format!(
                "{n}、第{n}部分\n（一）其中一项\n第{}段内容。\n",
                i + 1
            ));
        }
        let source = DecodedSource::utf8("r.txt", SourceFormat::Text, &text);
        let (report, _) = crate::parse::parse(source).unwrap();
        assert_eq!(report.sections.len(), 11);
        let all = report.paragraphs();
        assert!(all.iter().any(|p| p.anchor == "s11-1-p1"), "{all:?}");
        for p in &all {
            assert_eq!(report.paragraph_at(&p.anchor), Some(*p));
        }
        assert_eq!(report.paragraph_at("s12-1-p1"), None);
    }
    #[test]
    fn top_section_documents_point_at_the_top_level_headings() {
        let text = "关于2022年法治政府建设情况的报告\n\n2022年，我区开展工作。\n\n一、主要举措\n（一）制度建设\n制定办法。\n（二）执法\n规范执法。\n二、存在的不足\n仍有差距。\n三、下一步安排\n继续推进。\n";
        let source = DecodedSource::utf8("r.txt", SourceFormat::Text, text);
        let (report, _) = crate::parse::parse(source).unwrap();
        let mut documents = Vec::new();
        report.each_document(|anchor, text, kind, _| documents.push((anchor, text, kind)));
        let tops: Vec<_> = (report.top_section_documents().into_iter())
            .map(|i| documents[i])
            .collect();
        assert_eq!(report.sections.len(), 3);
        for (top, section) in tops.iter().zip(&report.sections) {
            assert_eq!(
                *top,
                (&*section.anchor, &*section.heading, DocKind::Heading)
            );
        }
    }
}
