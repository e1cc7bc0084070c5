//! The search page, `search.html`: a form that works without JavaScript
//! (`?q=` in the URL) and the scripts that run the query in the browser
//! over the index written by [`crate::index`].

use super::Renderer;
use crate::model::Page;

/// `search.html` (receives nothing more than every page).
pub fn page(renderer: &Renderer) -> Result<Page, String> {
    renderer.html("search.html", "search.html", "", |_| {})
}
