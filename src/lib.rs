//! baogao (报告): a static site generator for archives of Chinese government
//! annual reports on rule-of-law government building.
//!
//! The build is a pipeline, one module per stage:
//! [`discover`] → [`decode`] → [`parse`] → [`analyse`] → [`render`] →
//! [`write`], driven by [`pipeline`]. The data passed between stages is in
//! [`model`]. See ARCHITECTURE.md.

#![warn(unreachable_pub, missing_docs)]

pub mod analyse;
pub mod check;
pub mod config;
pub mod decode;
mod discover;
pub mod error;
#[doc(hidden)]
pub mod fuzz;
mod html;
pub mod index;
pub mod init;
mod memo;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod printer;
pub mod progress;
pub mod render;
pub mod segment;
pub mod serve;
pub mod write;
