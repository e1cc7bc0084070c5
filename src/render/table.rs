//! Tables that list every report (the full list, the compliance matrix,
//! structure statistics, the topic matrix, the figures table, each mandated
//! part). A table's page shows its first page of rows; the browser sorts,
//! filters, counts and pages the whole archive over compact data files
//! loaded on demand (`static/table.js`), with the state in the URL. So no
//! page grows with the archive, and a visitor without JavaScript reaches
//! every report through the paged lists by year, region and issuer.
//!
//! A row is made of cells, a cell of spans (text, optionally linked or
//! classed): the page's first rows and the data files carry the same
//! cells, so one template and one script draw every table. Every table
//! lists every report in archive order, headed by the report's title: the
//! full list (`reports`, the catalogue) holds each report's title and
//! filter values once, and the other tables' data files only their own
//! cells, which the browser puts beside the catalogue's.

use super::data::ReportListing;
use super::{Archive, Renderer};
use crate::analyse::compliance::issuer_kind;
use crate::error::Error;
use crate::model::Page;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;
use std::collections::BTreeMap;

/// Rows a table shows at a time, on its page and in the browser.
pub const ROWS_PER_PAGE: usize = 50;
/// Rows per data file: a few hundred kilobytes, so that a filtered view
/// loads in parts and no file nears a host's size limit.
pub(super) const ROWS_PER_CHUNK: usize = 1000;

/// A column heading, optionally linked (relative to the site root).
#[derive(Debug, Clone, Serialize)]
pub(super) struct Column {
    pub label: String,
    pub href: Option<String>,
}

impl Column {
    pub(super) fn new(label: impl Into<String>) -> Self {
        Column {
            label: label.into(),
            href: None,
        }
    }

    pub(super) fn linked(label: impl Into<String>, href: String) -> Self {
        Column {
            label: label.into(),
            href: Some(href),
        }
    }
}

/// A piece of a cell: text, a link target relative to the site root, and a
/// CSS class.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Span {
    pub text: String,
    pub href: Option<String>,
    pub class: Option<&'static str>,
}

impl Span {
    pub(super) fn text(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            href: None,
            class: None,
        }
    }

    pub(super) fn link(text: impl Into<String>, href: String) -> Self {
        Span {
            href: Some(href),
            ..Span::text(text)
        }
    }

    pub(super) fn class(mut self, class: &'static str) -> Self {
        self.class = Some(class);
        self
    }
}

/// What a column sorts by: numbers before text in the browser's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub(super) enum Sort {
    Number(i64),
    Text(String),
}

/// One cell: its sort key, its class and what it shows.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Cell {
    pub sort: Sort,
    pub class: Option<&'static str>,
    pub spans: Vec<Span>,
}

impl Cell {
    pub(super) fn new(sort: Sort, spans: Vec<Span>) -> Self {
        Cell {
            sort,
            class: None,
            spans,
        }
    }

    /// A number shown as it is and sorted by.
    pub(super) fn number(n: i64) -> Self {
        Cell::new(Sort::Number(n), vec![Span::text(n.to_string())])
    }

    /// An optional year: sorted as 0 and shown as "—" when unknown.
    pub(super) fn year(year: Option<i32>) -> Self {
        Cell::new(
            Sort::Number(year.map_or(0, i64::from)),
            vec![Span::text(year.map_or("—".to_owned(), |y| y.to_string()))],
        )
    }

    pub(super) fn class(mut self, class: &'static str) -> Self {
        self.class = Some(class);
        self
    }
}

/// One report's row: the values it is filtered by (in the order of the
/// table's filters; empty when unknown) and its cells. The first cell is
/// the row's heading.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Row {
    pub filters: Vec<String>,
    pub cells: Vec<Cell>,
}

/// A filter of a table: the row value it selects on, its label, and each
/// value with the number of rows that have it.
#[derive(Debug, Serialize)]
struct Facet {
    name: &'static str,
    label: &'static str,
    values: Vec<(String, usize)>,
}

/// A table listing every report: its data files' name
/// (`data/tables/<name>-<k>.js`), its caption, its columns after the
/// report's title, and whether the title cell names the issuer too.
pub(super) struct Table {
    pub name: String,
    pub caption: String,
    pub columns: Vec<Column>,
    pub issuer_under_title: bool,
}

/// The table whose data files hold each report's title and filter values
/// (the full list): the others' hold only their own cells.
pub(super) const CATALOGUE: &str = "reports";

/// What every table filters by: the row values of [`report_filters`].
const FILTERS: &[(&str, &str)] = &[("year", "年度"), ("region", "地区"), ("kind", "机关类型")];

/// What a table's page receives as `table` (and includes
/// `table_view.html` to draw): the table's first page of rows and what the
/// browser needs to load the others.
#[derive(Serialize)]
pub(super) struct TableView<'a> {
    name: &'a str,
    caption: &'a str,
    issuer_under_title: bool,
    columns: Vec<Column>,
    facets: Vec<Facet>,
    rows: Vec<Row>,
    count: usize,
    chunks: usize,
    per_page: usize,
}

impl Table {
    /// Gives `renderer` the table's data files, and returns what its
    /// page shows of it. `cells(i)` makes report `i`'s cells after its
    /// title (archive order): they are made a data file at a time, in
    /// parallel, so that a table is never held whole.
    pub(super) fn render(
        &self,
        renderer: &Renderer,
        archive: &Archive,
        cells: impl Fn(usize) -> Vec<Cell> + Sync,
    ) -> Result<TableView<'_>, Error> {
        let listings: Vec<ReportListing> =
            archive.records.iter().map(ReportListing::from).collect();
        let filters: Vec<Vec<String>> = (listings.iter())
            .map(|r| report_filters(r, issuer_kind(r.issuer)))
            .collect();
        let row = |i: usize| Row {
            filters: filters[i].clone(),
            cells: std::iter::once(title_cell(&listings[i], self.issuer_under_title))
                .chain(cells(i))
                .collect(),
        };
        let total = listings.len();
        let chunks = total.div_ceil(ROWS_PER_CHUNK);
        for k in 0..chunks {
            let range = k * ROWS_PER_CHUNK..((k + 1) * ROWS_PER_CHUNK).min(total);
            let rows: Vec<Row> = range.into_par_iter().map(row).collect();
            renderer.file(self.data_file(k, &rows)?)?;
        }
        let first: Vec<Row> = (0..total.min(ROWS_PER_PAGE)).map(row).collect();
        let mut columns = vec![Column::new("报告")];
        columns.extend(self.columns.iter().cloned());
        Ok(TableView {
            name: &self.name,
            caption: &self.caption,
            issuer_under_title: self.issuer_under_title,
            columns,
            facets: facets(&filters),
            rows: first,
            count: total,
            chunks,
            per_page: ROWS_PER_PAGE,
        })
    }

    /// The `k`th data file: a script that registers its rows, so that it
    /// loads from disk as over http (a `fetch` of JSON is refused on
    /// `file://`). Only the catalogue's rows keep their filter values and
    /// title cell.
    fn data_file(&self, k: usize, rows: &[Row]) -> Result<Page, Error> {
        let name = format!("{}-{k}", self.name);
        let lead = self.name == CATALOGUE;
        let json = data_json(rows, lead).map_err(|e| Error::data(data_path(&name), e))?;
        let text = format!("BaogaoTable.register({},{json});\n", quoted(&name));
        Ok(Page::new(data_path(&name), text.into_bytes()))
    }
}

/// Each filter with its values and how many rows have each; `year` lists
/// its values newest first.
fn facets(filters: &[Vec<String>]) -> Vec<Facet> {
    (FILTERS.iter().enumerate())
        .map(|(f, &(name, label))| {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for row in filters {
                if let Some(value) = row.get(f).filter(|v| !v.is_empty()) {
                    *counts.entry(value).or_default() += 1;
                }
            }
            let mut values: Vec<(String, usize)> =
                counts.into_iter().map(|(v, n)| (v.to_owned(), n)).collect();
            if name == "year" {
                values.reverse();
            }
            Facet {
                name,
                label,
                values,
            }
        })
        .collect()
}

/// A report's heading cell: its title linked to its page, sorted by title,
/// with its issuer beneath when `issuer`.
fn title_cell(report: &ReportListing, issuer: bool) -> Cell {
    let mut spans = vec![Span::link(report.title, report.url.to_owned())];
    if let Some(name) = report.issuer.filter(|_| issuer) {
        spans.push(Span::text(name).class("issuer"));
    }
    Cell::new(Sort::Text(report.title.to_owned()), spans)
}

/// A report's values for [`FILTERS`]: year, province, issuer kind.
fn report_filters(report: &ReportListing, kind: &str) -> Vec<String> {
    vec![
        report.year.map_or(String::new(), |y| y.to_string()),
        report
            .region
            .map_or(String::new(), |r| r.region.province.clone()),
        kind.to_owned(),
    ]
}

/// The path of a table's data file, from the site root.
fn data_path(name: &str) -> String {
    format!("data/tables/{name}.js")
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

/// Rows as the data files hold them: arrays, not objects, since the field
/// names would repeat in every cell of every report: `[cell…]`, led by
/// `[filters…]` and the title cell in the catalogue (`lead`); a cell
/// `[sort, class or 0, span…]`, a span its text alone or
/// `[text, href or 0, class or 0]`, where a link into the row's own report
/// is only its `#anchor`. Then the file's shared elements (see
/// [`share_repeated`]): the JSON of `rows, shared`.
fn data_json(rows: &[Row], lead: bool) -> serde_json::Result<String> {
    let rows: Vec<Vec<String>> = (rows.iter())
        .map(|row| row_elements(row, lead))
        .collect::<serde_json::Result<_>>()?;
    let (rows, shared) = share_repeated(rows);
    let list = |items: Vec<String>| format!("[{}]", items.join(","));
    let rows: Vec<String> = rows.into_iter().map(list).collect();
    Ok(format!("{},{}", list(rows), list(shared)))
}

/// Rule "an element said once per file": an element (a cell, or the
/// catalogue's filter values) that stands more than once in a data file is
/// written once, in the file's shared list, and where it stands by its
/// place there, a number; every element is an array, so a number is never
/// mistaken for one. Most cells repeat: a part missing, a year, a region.
/// An element as short as its number is left as it is.
fn share_repeated(rows: Vec<Vec<String>>) -> (Vec<Vec<String>>, Vec<String>) {
    let mut seen: HashMap<&str, usize> = HashMap::default();
    for element in rows.iter().flatten() {
        *seen.entry(element.as_str()).or_default() += 1;
    }
    let mut place: HashMap<&str, usize> = HashMap::default();
    let mut shared = Vec::new();
    let worth = |e: &str| seen[e] > 1 && e.len() > 4;
    let packed: Vec<Vec<String>> = (rows.iter())
        .map(|row| {
            (row.iter())
                .map(|e| match worth(e) {
                    false => e.clone(),
                    true => {
                        let next = place.len();
                        let at = *place.entry(e.as_str()).or_insert(next);
                        if at == next {
                            shared.push(e.clone());
                        }
                        at.to_string()
                    }
                })
                .collect()
        })
        .collect();
    (packed, shared)
}

/// The JSON of each element of a row in a data file.
fn row_elements(row: &Row, lead: bool) -> serde_json::Result<Vec<String>> {
    let cells = &row.cells;
    let report = (cells.first())
        .and_then(|c| c.spans.first())
        .and_then(|s| s.href.as_deref())
        .unwrap_or_default();
    let skip = usize::from(!lead);
    let mut elements = Vec::with_capacity(cells.len() + 1);
    if lead {
        elements.push(serde_json::to_string(&row.filters)?);
    }
    for cell in &cells[skip.min(cells.len())..] {
        elements.push(serde_json::to_string(&CompactCell { cell, report })?);
    }
    Ok(elements)
}

struct CompactCell<'a> {
    cell: &'a Cell,
    /// The row's report page: links into it are written as `#anchor`.
    report: &'a str,
}

impl Serialize for CompactCell<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cell = self.cell;
        let mut seq = s.serialize_seq(Some(2 + cell.spans.len()))?;
        seq.serialize_element(&cell.sort)?;
        seq.serialize_element(&OrZero(cell.class))?;
        for span in &cell.spans {
            let href = span.href.as_deref().map(|h| {
                (h.strip_prefix(self.report))
                    .filter(|rest| !self.report.is_empty() && rest.starts_with('#'))
                    .unwrap_or(h)
            });
            match (href, span.class) {
                (None, None) => seq.serialize_element(&span.text)?,
                (href, class) => {
                    seq.serialize_element(&(&span.text, OrZero(href), OrZero(class)))?
                }
            }
        }
        seq.end()
    }
}

/// An optional string written as `0` when absent: shorter than `null`.
struct OrZero<'a>(Option<&'a str>);

impl Serialize for OrZero<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(text) => s.serialize_str(text),
            None => s.serialize_u8(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(year: &str, title: &str) -> Row {
        Row {
            filters: vec![year.to_owned()],
            cells: vec![
                Cell::new(
                    Sort::Text(title.to_owned()),
                    vec![Span::link(title, "reports/a.html".to_owned())],
                ),
                Cell::new(
                    Sort::Number(1),
                    vec![
                        Span::link("一、", "reports/a.html#s1".to_owned()),
                        Span::link("b", "reports/b.html#s1".to_owned()),
                    ],
                )
                .class("present"),
            ],
        }
    }

    #[test]
    fn the_catalogue_keeps_filters_and_titles_and_own_links_are_anchors() {
        let rows = [row("2022", "甲<")];
        assert_eq!(
            data_json(&rows, true).unwrap(),
            r##"[[["2022"],["甲<",0,["甲<","reports/a.html",0]],[1,"present",["一、","#s1",0],["b","reports/b.html#s1",0]]]],[]"##
        );
        assert_eq!(
            data_json(&rows, false).unwrap(),
            r##"[[[1,"present",["一、","#s1",0],["b","reports/b.html#s1",0]]]],[]"##,
            "other tables: their own cells only"
        );
    }

    #[test]
    fn an_element_that_repeats_is_written_once_and_then_by_its_place() {
        let rows = [row("2022", "甲"), row("2022", "乙"), row("2021", "甲")];
        assert_eq!(
            data_json(&rows, true).unwrap(),
            concat!(
                r##"[[0,1,2],[0,["乙",0,["乙","reports/a.html",0]],2],"##,
                r##"[["2021"],1,2]],"##,
                r##"[["2022"],["甲",0,["甲","reports/a.html",0]],[1,"present",["一、","#s1",0],["b","reports/b.html#s1",0]]]"##
            )
        );
        let short = vec![vec!["[1]".to_owned()], vec!["[1]".to_owned()]];
        assert_eq!(
            share_repeated(short.clone()),
            (short, vec![]),
            "not worth a number"
        );
    }

    #[test]
    fn facets_count_values_and_list_years_newest_first() {
        let filters = [
            ["2021", "", "x"],
            ["2022", "河南省", "x"],
            ["2022", "", "y"],
            ["", "", ""],
        ]
        .map(|f| f.map(str::to_owned).to_vec());
        let facets = facets(&filters);
        assert_eq!(
            facets[0].values,
            [("2022".to_owned(), 2), ("2021".to_owned(), 1)]
        );
        assert_eq!(facets[1].values, [("河南省".to_owned(), 1)]);
        assert_eq!(facets[2].values, [("x".to_owned(), 2), ("y".to_owned(), 1)]);
    }

    #[test]
    fn data_files_register_their_rows_under_their_name() {
        let table = Table {
            name: "matrix".to_owned(),
            caption: String::new(),
            columns: Vec::new(),
            issuer_under_title: false,
        };
        let page = table.data_file(2, &[]).unwrap();
        assert_eq!(page.path, "data/tables/matrix-2.js");
        assert_eq!(
            String::from_utf8(page.bytes).unwrap(),
            "BaogaoTable.register(\"matrix-2\",[],[]);\n"
        );
    }
}
