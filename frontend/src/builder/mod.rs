//! The embed builder: one component for the public page `/embed` (bundle `embed`) and the admin's partner page
//! (bundle `admin`); the widget bundle never references it, so readers never download it.
//!
//! Its controls only write option text; the shared crate parses it ([`EmbedOptions::from_pairs`], the same parser
//! the widget's URL goes through), and every output (snippet, iframe, CMS URL, public link, snapshot command and
//! the live preview's address) is written from that one parsed value. An option the parser refuses is named under
//! the controls and left out of every output.

pub mod i18n;

#[cfg(any(feature = "admin", feature = "embed"))]
mod component;
#[cfg(any(feature = "admin", feature = "embed"))]
pub use component::{Builder, mount};
