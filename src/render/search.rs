//! The search page, `search.html`: a form that works without JavaScript
//! (`?q=` in the URL) and the scripts that run the query in the browser
//! over the index written by [`crate::index`].

use super::Renderer;
use crate::error::Error;
use crate::model::Page;

/// `search.html`; receives `shards`, the index's shard count, so that the
/// page fetches the manifest and the query's shards in one round.
pub fn page(renderer: &Renderer, shards: u32) -> Result<Page, Error> {
    renderer.html("search.html", "search.html", "", |context| {
        context.insert("shards", &shards);
    })
}
