//! Aqiqat's front end. Each bundle is a binary target (`src/bin/*.rs`) that mounts one app; code a bundle does not
//! reference is removed by the linker, so readers never download admin code.

pub mod admin;
pub mod api;
pub mod i18n;
pub mod json;
pub mod search_box;
pub mod widget;
