//! Aqiqat's server: a thin `main` calls [`cli::main`]; tests build the same [`http::app`] router.

pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod editorial;
pub mod generate;
pub mod http;
pub mod import;
pub mod password;
pub mod search;
pub mod snapshot;
pub mod workflow;

pub use http::{AppState, HttpConfig, app, serve};
