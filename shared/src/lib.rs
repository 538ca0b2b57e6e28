//! Aqiqat's contract crate: the types both the server and the WASM front end agree on.
//!
//! Invariant: no I/O here (no network, files, clock or database), so the widget compiles it to WASM as is.

pub mod admin;
pub mod api;
pub mod appearance;
pub mod claim;
pub mod common;
pub mod css;
pub mod date;
pub mod embed;
pub mod enums;
pub mod error;
pub mod export;
pub mod filter;
pub mod i18n;
pub mod incident;
#[cfg(feature = "local")]
pub mod local;
pub mod manifest;
pub mod markup;
#[cfg(feature = "openapi")]
pub mod openapi;
#[cfg(feature = "search")]
pub mod search;
pub mod story;
pub mod view;

pub use claim::{Claim, ClaimInput, Speaker};
pub use common::{Correction, Slug, Source};
pub use date::{DateEnd, DatePeriod, PartialDate, Precision};
pub use enums::{
    ActorRole, Category, Kind, LegalCode, Platform, Region, Stage, Status, StoryKind, Verdict,
};
pub use error::{FieldError, ValidationErrors};
pub use filter::{Facet, Filter, ListQuery, RawQuery, StoryFilter, VerdictFilter};
pub use i18n::{Lang, LocalizedText};
pub use incident::{Actor, Incident, IncidentInput, LegalRef};
pub use story::{Story, StoryInput, StoryStep};
