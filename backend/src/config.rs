//! Command line and environment: one place for every setting, with defaults that work on a laptop.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "aqiqat",
    version,
    about = "Aqiqat: digital-rights incident monitor and fact-check widget"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the HTTP server (API, widget, embed loader, demo page).
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct DbArgs {
    /// Database URL. SQLite (`sqlite://file.db`) is created and migrated on start.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://aqiqat.db")]
    pub database_url: String,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "AQIQAT_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    #[command(flatten)]
    pub db: DbArgs,

    /// Load the demo data (the Aug 2025 – Jan 2026 digest) when the database is empty. Never implied.
    /// `AQIQAT_DEMO=1` (or true/yes/on) enables it; 0/false/no/off disables it.
    #[arg(long, env = "AQIQAT_DEMO", action = clap::ArgAction::SetTrue, value_parser = clap::builder::BoolishValueParser::new())]
    pub demo: bool,

    /// Directory of the built front-end bundles. Default: `web/` beside the binary's directory
    /// (`target/web` for `target/release/aqiqat`), where `cargo xtask dist` puts them.
    #[arg(long, env = "AQIQAT_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,
}

impl ServeArgs {
    pub fn static_dir(&self) -> PathBuf {
        if let Some(d) = &self.static_dir {
            return d.clone();
        }
        std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().and_then(|p| p.parent()).map(|p| p.join("web")))
            .unwrap_or_else(|| PathBuf::from("web"))
    }
}
