//! The search page, `search.html`: a form that works without JavaScript
//! (`?q=` in the URL) and the scripts that run the query in the browser
//! over the index written by [`crate::index`].

use super::PageDescription;
use serde::Serialize;

/// `search.html`; receives `shards`, the index's shard count, so that the
/// page fetches the manifest and the query's shards in one round.
pub(super) fn page(shards: u32) -> PageDescription<SearchPage> {
    PageDescription::new("search.html", "search.html", SearchPage { shards })
}

/// The variables of `search.html`.
#[derive(Serialize)]
pub(super) struct SearchPage {
    shards: u32,
}
