//! The build manifest that `cargo xtask dist` writes next to the hashed bundle files and the server reads at start:
//! which content-hashed file is which.

use serde::{Deserialize, Serialize};

pub const FILE_NAME: &str = "manifest.json";

/// The files of one WASM bundle, as names relative to the static directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    pub js: String,
    pub wasm: String,
    pub css: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub widget: Bundle,
    #[serde(default)]
    pub admin: Option<Bundle>,
    /// The public embed builder (`/embed`).
    #[serde(default)]
    pub embed: Option<Bundle>,
    /// The snapshot's widget (`aqiqat snapshot` copies it; the server never serves it).
    #[serde(default)]
    pub snapshot: Option<Bundle>,
}
