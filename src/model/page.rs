//! What the render and index stages hand the writer: finished files, and
//! the sink they go to.

/// A finished output file, ready to be written.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// The file's content; empty when the page is [`Page::unchanged`].
    pub bytes: Vec<u8>,
    /// The page's inputs are those of the last build (an incremental
    /// rebuild of `serve`): it was not rendered again, `bytes` is empty and
    /// the file already in the output stays.
    pub unchanged: bool,
}

impl Page {
    /// A page to write: `bytes` at `path`.
    pub fn new(path: String, bytes: Vec<u8>) -> Page {
        Page {
            path,
            bytes,
            unchanged: false,
        }
    }

    /// A page that is the same as in the last build.
    pub fn unchanged(path: String) -> Page {
        Page {
            unchanged: true,
            ..Page::new(path, Vec::new())
        }
    }
}

/// Where finished pages go as soon as each exists (the writer), so that
/// the whole site is never held in memory. Called from several threads; an
/// error stops the build. A closure taking a page is a sink.
pub trait PageSink: Sync {
    /// Takes a finished page.
    fn page(&self, page: Page) -> Result<(), crate::error::Error>;
}

impl<F: Fn(Page) -> Result<(), crate::error::Error> + Sync> PageSink for F {
    fn page(&self, page: Page) -> Result<(), crate::error::Error> {
        self(page)
    }
}
