//! `baogao check`: what is wrong with the content, without writing a site
//! ([`content`]), and whether every internal link and anchor of a built
//! site resolves ([`links`]).

pub mod content;
pub mod links;
