//! Word normalization for full-text search: the shared crate's stemmer (`aqiqat_shared::search`, feature
//! `search`), which the snapshot bundle also runs in the browser, so that a query stems the same on both sides.

pub use aqiqat_shared::search::*;
