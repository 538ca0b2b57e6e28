//! Aqiqat's front end. Each bundle is a binary target (`src/bin/*.rs`) that starts one app; code a bundle does not
//! reference is removed by the linker, so readers never download admin or builder code. With the `ssr` feature (the server's)
//! the reader views render to HTML instead (`ssr`), and the admin panel is left out.

#[cfg(feature = "admin")]
pub mod admin;
pub mod api;
pub mod builder;
pub mod i18n;
pub mod json;
pub mod search_box;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod widget;
