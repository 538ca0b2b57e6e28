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
    /// Start the HTTP server (API, widget, embed loader, demo page, admin panel).
    Serve(ServeArgs),
    /// Apply pending database migrations (`--status` lists them). Refuses a schema newer than this program.
    Migrate(MigrateArgs),
    /// Create an administrator. The password is read from standard input, or prompted on a terminal.
    CreateAdmin(CreateAdminArgs),
    /// Import a monitoring digest (Markdown/text) as draft incidents; `--dry-run` shows what would be created.
    Import(ImportArgs),
    /// Write everything (users, partners, items, revisions, audit log) as JSON lines, to move between databases.
    Export(ExportArgs),
    /// Read an export into an empty database (e.g. SQLite → PostgreSQL). All or nothing.
    ImportData(ImportDataArgs),
    /// Write synthetic published incidents and claims (for benchmarks and load tests), marked as such.
    /// Refuses a database that holds real content unless `--force`.
    Generate(GenerateArgs),
    /// Print the public API's OpenAPI 3.1 document (JSON), or with `--markdown` its reference as `docs/API.md`
    /// embeds it.
    Openapi(OpenapiArgs),
    /// Write a self-contained static copy of the widget (its page, bundle, data and the public item pages) for a
    /// partner to host on any static file server, e.g. where this server's domain is blocked.
    Snapshot(SnapshotArgs),
}

#[derive(Debug, Args)]
pub struct SnapshotArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The directory to write (created; it must not exist or be empty). Write to a new directory and swap it in
    /// place of the served one, so readers never see half a snapshot (see README).
    #[arg(long)]
    pub out: PathBuf,
    /// The language the snapshot opens in (`ru`, `kk`, `en`); readers can switch, as in the widget.
    #[arg(long, default_value = "ru")]
    pub lang: String,
    /// The view the snapshot opens with: the widget URL's filter keys, with the same values (comma-separated
    /// lists, `YYYY[-MM[-DD]]` dates). The data holds every published item, so readers can widen it.
    #[arg(long)]
    pub category: Option<String>,
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long)]
    pub region: Option<String>,
    #[arg(long)]
    pub platform: Option<String>,
    #[arg(long)]
    pub verdict: Option<String>,
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long)]
    pub q: Option<String>,
    #[arg(long)]
    pub story: Option<String>,
    #[arg(long)]
    pub stage: Option<String>,
    /// Open the claims' tab.
    #[arg(long)]
    pub claims: bool,
    /// Directory of the built front-end bundles (see `serve`); the snapshot bundle must be among them.
    #[arg(long, env = "AQIQAT_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,
    /// The original site (e.g. `https://aqiqat.example.kz`): pages name it as their canonical address. Without
    /// it, pages carry no canonical links.
    #[arg(long, env = "AQIQAT_PUBLIC_URL", value_parser = parse_origin)]
    pub public_url: Option<String>,
}

impl SnapshotArgs {
    /// The filter and language as a query string, as the widget's URL would carry them.
    pub fn view_query(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("category", &self.category),
            ("kind", &self.kind),
            ("region", &self.region),
            ("platform", &self.platform),
            ("verdict", &self.verdict),
            ("from", &self.from),
            ("to", &self.to),
            ("q", &self.q),
            ("story", &self.story),
            ("stage", &self.stage),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .chain(std::iter::once(("lang", self.lang.as_str())))
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// The bundles' directory: `--static-dir`, else `web/` beside the binary's directory (as for `serve`).
    pub fn static_dir(&self) -> PathBuf {
        static_dir_or_default(self.static_dir.as_deref())
    }
}

#[derive(Debug, Args)]
pub struct OpenapiArgs {
    /// The reference in Markdown instead of the JSON document.
    #[arg(long)]
    pub markdown: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// How many incidents to write.
    #[arg(long)]
    pub incidents: u64,
    /// How many fact-checked claims to write, each about one of the new incidents (default: a tenth of them).
    #[arg(long)]
    pub claims: Option<u64>,
    /// Seed of the pseudo-random choices: the same seed on an empty database gives the same items.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write into a database that holds real (not generated) content. Synthetic items are never meant for
    /// readers: only use this on a copy.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The digest file.
    pub file: PathBuf,
    /// Print what would be created; touches no database.
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: print JSON (`{"entries": [...]}`) instead of a listing.
    #[arg(long, requires = "dry_run")]
    pub json: bool,
    /// Attribute the drafts to this user (e-mail); default: no author (the command line).
    #[arg(long = "as", value_name = "EMAIL")]
    pub as_user: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Output file (default: standard output).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportDataArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The export file (`-` for standard input).
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only list the migrations and whether each is applied.
    #[arg(long)]
    pub status: bool,
}

#[derive(Debug, Args)]
pub struct CreateAdminArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The administrator's e-mail (the sign-in name).
    #[arg(long)]
    pub email: String,
    /// Display name (default: the e-mail's local part).
    #[arg(long)]
    pub name: Option<String>,
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

    /// The public origin, e.g. `https://monitor.example.kz`: https makes session cookies Secure, and
    /// state-changing requests from any other origin are refused. Without it the request's Host is trusted.
    #[arg(long, env = "AQIQAT_PUBLIC_URL", value_parser = parse_origin)]
    pub public_url: Option<String>,

    /// Without a public URL, take the request's Host header as our origin for the cross-site check. Needed to
    /// listen on a non-loopback address without `--public-url`: there anyone who reaches the port chooses the Host
    /// they send, so the server refuses to start unless told that this is intended (e.g. a proxy that overwrites
    /// Host).
    #[arg(long, env = "AQIQAT_TRUST_HOST_HEADER", action = clap::ArgAction::SetTrue, value_parser = clap::builder::BoolishValueParser::new())]
    pub trust_host_header: bool,

    /// Behind a reverse proxy: take the client address from X-Forwarded-For (for sign-in rate limits).
    #[arg(long, env = "AQIQAT_TRUST_PROXY", action = clap::ArgAction::SetTrue, value_parser = clap::builder::BoolishValueParser::new())]
    pub trust_proxy: bool,

    /// How many public answers (facets, timelines, first list pages, counts) each server keeps for the current
    /// data version (any write forgets them); 0 computes every one from the database.
    #[arg(long, env = "AQIQAT_AGGREGATE_CACHE", default_value_t = 1000)]
    pub aggregate_cache: usize,

    /// How much memory (MiB, keys and answers) those kept answers may take at most; past it they are forgotten
    /// and computed again.
    #[arg(long, env = "AQIQAT_MEMO_MEGABYTES", default_value_t = 32)]
    pub memo_megabytes: usize,
    /// The organisation that publishes the fact-checks: the `author` of the ClaimReview structured data on claim
    /// pages, which fact-check aggregators read.
    #[arg(long, env = "AQIQAT_PUBLISHER_NAME", default_value = "Aqiqat")]
    pub publisher_name: String,

    /// The publishing organisation's website (default: the public URL, else this server's origin).
    #[arg(long, env = "AQIQAT_PUBLISHER_URL", value_parser = parse_origin_or_url)]
    pub publisher_url: Option<String>,
}

/// An absolute http(s) URL.
fn parse_origin_or_url(s: &str) -> Result<String, String> {
    let s = s.trim();
    match url::Url::parse(s) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(s.to_owned()),
        _ => Err("expected an absolute http(s) URL, e.g. https://factcheck.example.kz".into()),
    }
}

/// An origin as browsers send it in `Origin`: lower case, without a default port or a trailing slash.
fn parse_origin(s: &str) -> Result<String, String> {
    let lower = s.trim().trim_end_matches('/').to_ascii_lowercase();
    let s = lower
        .strip_suffix(":443")
        .filter(|_| lower.starts_with("https://"))
        .or_else(|| {
            lower
                .strip_suffix(":80")
                .filter(|_| lower.starts_with("http://"))
        })
        .unwrap_or(&lower);
    let ok = (s.starts_with("http://") || s.starts_with("https://"))
        && s.split_once("://")
            .is_some_and(|(_, rest)| !rest.is_empty() && !rest.contains('/'));
    if ok {
        Ok(s.to_owned())
    } else {
        Err("expected scheme://host[:port], e.g. https://monitor.example.kz".into())
    }
}

impl ServeArgs {
    pub fn http_config(&self) -> crate::http::HttpConfig {
        let public_origin = self
            .public_url
            .as_deref()
            .map(|u| u.trim_end_matches('/').to_owned());
        crate::http::HttpConfig {
            secure_cookies: public_origin
                .as_deref()
                .is_some_and(|o| o.starts_with("https://")),
            public_origin,
            trust_proxy: self.trust_proxy,
            aggregate_cache: self.aggregate_cache,
            publisher: crate::http::Publisher {
                name: self.publisher_name.trim().to_owned(),
                url: self.publisher_url.clone(),
            },
            memo_bytes: self.memo_megabytes.saturating_mul(1024 * 1024),
        }
    }

    /// Refuses a deployment whose cross-site check would rest on a header the client chooses: a non-loopback
    /// address without a public URL, unless `--trust-host-header` says so.
    pub fn check_origin_policy(&self) -> Result<(), String> {
        if self.addr.ip().is_loopback() || self.public_url.is_some() || self.trust_host_header {
            return Ok(());
        }
        Err(format!(
            "refusing to listen on {} without a public URL: set AQIQAT_PUBLIC_URL (--public-url), e.g. \
             https://monitor.example.kz, so that other sites' requests can be told apart; or, if a proxy in front \
             sets the Host header itself, say so with AQIQAT_TRUST_HOST_HEADER=1 (--trust-host-header)",
            self.addr
        ))
    }

    pub fn static_dir(&self) -> PathBuf {
        static_dir_or_default(self.static_dir.as_deref())
    }
}

/// `--static-dir` when given, else `web/` beside the binary's directory (`target/web` for `target/release/aqiqat`),
/// where `cargo xtask dist` puts the bundles.
fn static_dir_or_default(given: Option<&std::path::Path>) -> PathBuf {
    if let Some(d) = given {
        return d.to_path_buf();
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().and_then(|p| p.parent()).map(|p| p.join("web")))
        .unwrap_or_else(|| PathBuf::from("web"))
}
