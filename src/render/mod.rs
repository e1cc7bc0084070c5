//! Render: turn the analysed reports into the files of the site.
//!
//! Owns: the templates (tera), the views they receive, the JSON exports,
//! minification, and every URL of the site. Must not parse or analyse text,
//! nor touch the file system (that is [`crate::write`]).

mod archive;
mod browse;
mod charts;
mod citations;
mod compare;
mod data;
mod escape;
mod extras;
mod home;
mod issuers;
mod links;
mod matrices;
mod minify;
mod paging;
mod plans;
mod renderer;
mod report;
mod search;
mod table;
mod templates;
mod trends;

pub use crate::config::{Overrides, SiteInfo};
pub(crate) use archive::{Archive, Link};
pub use data::ReportRecord;
use escape::{escape_html, is_web_url};
pub use links::{report_url, source_path};
pub use renderer::{PageDescription, Renderer, TemplateTime};
pub use report::source_page;
pub use table::ROWS_PER_PAGE as TABLE_ROWS_PER_PAGE;
pub use templates::builtin_templates;

use crate::analyse::topics::Taxonomy;
use crate::analyse::Corpus;
use crate::error::Error;
use crate::memo::Memo;
use crate::model::{Page, PageSink, Report};
use rayon::prelude::*;
use serde::Serialize;

/// Renders the whole site (pages, data files, static files) into `sink`,
/// each page as soon as it is rendered. Reports must be in their final
/// order with unique slugs, analysed, with `corpus` made from them;
/// `search_shards` is the shard count of the search index.
/// With a `memo` (an incremental rebuild), pages whose inputs are those of
/// the last build are passed to `sink` as [`Page::unchanged`]. Returns the
/// time spent with each template, the longest first.
pub fn render_site(
    site: &SiteInfo,
    taxonomy: &Taxonomy,
    reports: &[Report],
    corpus: &Corpus,
    search_shards: u32,
    memo: Option<&Memo>,
    sink: &dyn PageSink,
) -> Result<Vec<(String, TemplateTime)>, Error> {
    let renderer = Renderer::new(site, memo, sink)?;
    let archive = Archive::new(reports, corpus, taxonomy, memo.is_some());
    let file = |page: Page| renderer.file(page);
    let (renderer, archive) = (&renderer, &archive);
    side_by_side(vec![
        Box::new(|| home::pages(renderer, archive)),
        // Report pages are the bulk of the work (templates and
        // minification) and independent of each other: in parallel.
        Box::new(|| {
            (0..reports.len())
                .into_par_iter()
                .try_for_each(|i| renderer.page(report::page(archive, i)))
        }),
        Box::new(|| citations::pages(renderer, archive)),
        Box::new(|| browse::pages(renderer, archive)),
        Box::new(|| compare::pages(renderer, archive, site.deadline)),
        Box::new(|| trends::pages(renderer, archive)),
        Box::new(|| issuers::pages(renderer, archive)),
        Box::new(|| data::pages(archive, memo, &file)),
        Box::new(|| renderer.page(search::page(search_shards))),
    ])?;
    extras::pages(renderer, site, archive)?;
    templates::static_files(&site.overrides)
        .into_iter()
        .try_for_each(|page| renderer.file(page))?;
    Ok(renderer.template_times())
}

/// Work that makes some pages and hands them to a sink.
pub type Job<'a> = Box<dyn FnOnce() -> Result<(), Error> + Send + 'a>;

/// Runs jobs side by side (each may be parallel inside too): a job of a
/// few pages (a table, the home page) then overlaps the others instead of
/// leaving a core idle. Returns an error of a failed job.
pub fn side_by_side(jobs: Vec<Job<'_>>) -> Result<(), Error> {
    jobs.into_par_iter().try_for_each(|job| job())
}

fn json_page<T: Serialize + ?Sized>(path: &str, value: &T) -> Result<Page, Error> {
    let mut bytes = serde_json::to_vec(value).map_err(|e| Error::data(path, e))?;
    bytes.push(b'\n');
    Ok(Page::new(path.to_owned(), bytes))
}
