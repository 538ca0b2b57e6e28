//! The `aqiqat` command: parses nothing itself (see `config`), runs the chosen subcommand.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use aqiqat_shared::admin::{Role, check_password, normalize_email};
use tokio::net::TcpListener;

use crate::config::{
    Cli, Command, CreateAdminArgs, ExportArgs, GenerateArgs, ImportArgs, ImportDataArgs,
    MigrateArgs, OpenapiArgs, ServeArgs, SnapshotArgs,
};
use crate::db::Db;
use crate::http::{AppState, web::WebAssets};
use crate::password::hash_password;

/// Demo accounts, created with the demo data only (never in production): README states them.
pub const DEMO_ADMIN: (&str, &str) = ("admin@aqiqat.kz", "aqiqat-demo-admin");
pub const DEMO_EDITOR: (&str, &str) = ("editor@aqiqat.kz", "aqiqat-demo-editor");

pub fn main(cli: Cli) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("AQIQAT_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve(args).await,
            Command::Migrate(args) => migrate(args).await,
            Command::CreateAdmin(args) => create_admin(args).await,
            Command::Import(args) => import_digest(args).await,
            Command::Export(args) => export(args).await,
            Command::ImportData(args) => import_data(args).await,
            Command::Generate(args) => generate(args).await,
            Command::Openapi(args) => openapi(&args),
            Command::Snapshot(args) => snapshot(args).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn openapi(args: &OpenapiArgs) -> anyhow::Result<()> {
    let out = if args.markdown {
        crate::http::openapi::render_markdown()
    } else {
        serde_json::to_string_pretty(crate::http::openapi::document_value())? + "\n"
    };
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(())
}

async fn snapshot(args: SnapshotArgs) -> anyhow::Result<()> {
    let assets = WebAssets::load(&args.static_dir());
    // Bad options are refused before anything is read or written.
    let options = crate::snapshot::Options::new(&args, &assets)?;
    // Read only: a snapshot never migrates (or creates) the database it reads.
    let db = Db::open(&args.db.database_url).await?;
    if db
        .migration_status()
        .await?
        .iter()
        .any(|(_, _, applied)| !applied)
    {
        db.close().await;
        anyhow::bail!(
            "{} is empty or its schema is older than this program: check --database-url, or run `aqiqat migrate`",
            args.db.database_url
        );
    }
    let summary = crate::snapshot::write(&db, &options).await;
    db.close().await;
    let summary = summary?;
    println!(
        "wrote {}: {} incidents and {} claims in {} files, {} bytes",
        args.out.display(),
        summary.incidents,
        summary.claims,
        summary.files,
        summary.bytes
    );
    Ok(())
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    args.check_origin_policy().map_err(anyhow::Error::msg)?;
    let db = Db::connect(&args.db.database_url).await?;
    if args.demo {
        load_demo(&db).await?;
    }
    let synthetic = db.synthetic_items().await?;
    if synthetic > 0 {
        tracing::warn!(
            "this database holds {synthetic} synthetic items made by `aqiqat generate`: for benchmarks only"
        );
    }
    let assets = WebAssets::load(&args.static_dir());
    let listener = TcpListener::bind(args.addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", args.addr))?;
    tracing::info!(
        "listening on http://{}/ (demo page: http://{}/demo, admin: http://{}/admin)",
        args.addr,
        args.addr,
        args.addr
    );
    let state = AppState::new(db.clone(), assets, args.http_config());
    crate::http::serve(listener, state, shutdown_signal()).await?;
    db.close().await;
    Ok(())
}

/// Demo content into an empty database, and the two demo accounts into an empty user table.
async fn load_demo(db: &Db) -> anyhow::Result<()> {
    if !db.is_empty().await? {
        tracing::info!("the database has content; demo data not loaded");
        return Ok(());
    }
    let (i, c) = crate::demo::load(db).await?;
    tracing::info!(incidents = i, claims = c, "loaded the demo data");
    // The demo accounts come only with the demo data, never into a database that had content of its own.
    if db.user_count().await? == 0 {
        for ((email, password), (name, role)) in [DEMO_ADMIN, DEMO_EDITOR].into_iter().zip([
            ("Демо-администратор", Role::Admin),
            ("Демо-редактор", Role::Editor),
        ]) {
            let hash = tokio::task::spawn_blocking(move || hash_password(password)).await??;
            db.create_user(email, name, role, &hash).await?;
            tracing::warn!(
                "demo account {email} / {password} ({}) created: for demonstrations only",
                role.as_str()
            );
        }
    }
    Ok(())
}

async fn migrate(args: MigrateArgs) -> anyhow::Result<()> {
    let db = Db::open(&args.db.database_url).await?;
    if args.status {
        for (version, description, applied) in db.migration_status().await? {
            println!(
                "{version} {} {description}",
                if applied { "applied" } else { "pending" }
            );
        }
        return Ok(());
    }
    let applied = db.migrate().await?;
    if applied.is_empty() {
        println!("the schema is up to date");
    } else {
        for v in applied {
            println!("applied migration {v}");
        }
    }
    db.close().await;
    Ok(())
}

/// Reads the new admin's password: prompted without echo on a terminal, else the first line of stdin.
fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password for the new administrator: ")?;
        let again = rpassword::prompt_password("Repeat it: ")?;
        anyhow::ensure!(first == again, "the two passwords differ");
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

async fn create_admin(args: CreateAdminArgs) -> anyhow::Result<()> {
    let email =
        normalize_email(&args.email).map_err(|e| anyhow::anyhow!("--email: {}", e.message))?;
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| email.split('@').next().unwrap_or("admin").to_owned());
    let password = read_password()?;
    check_password(&password).map_err(|e| anyhow::anyhow!("password: {}", e.message))?;
    let db = Db::connect(&args.db.database_url).await?;
    let hash = tokio::task::spawn_blocking(move || hash_password(&password)).await??;
    let Some(id) = db.create_user(&email, &name, Role::Admin, &hash).await? else {
        anyhow::bail!("a user with e-mail {email} already exists");
    };
    db.audit(
        None,
        "user_created",
        Some(&email),
        "admin (command line)",
        None,
    )
    .await?;
    let mut out = std::io::stdout();
    writeln!(out, "created administrator {email} (id {id})")?;
    db.close().await;
    Ok(())
}

async fn import_digest(args: ImportArgs) -> anyhow::Result<()> {
    let bytes =
        std::fs::read(&args.file).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let digest = crate::import::parse_bytes(&bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    if args.dry_run {
        let mut out = std::io::stdout().lock();
        if args.json {
            serde_json::to_writer_pretty(&mut out, &crate::import::dry_run_json(&digest))?;
            writeln!(out)?;
        } else {
            write!(out, "{}", crate::import::dry_run_text(&digest))?;
        }
        return Ok(());
    }
    let db = Db::connect(&args.db.database_url).await?;
    let user = match &args.as_user {
        Some(email) => {
            let email =
                normalize_email(email).map_err(|e| anyhow::anyhow!("--as: {}", e.message))?;
            Some(
                db.user_by_email(&email)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("--as: no user {email}"))?
                    .id,
            )
        }
        None => None,
    };
    let origin = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bar = indicatif::ProgressBar::new(digest.entries.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} entries {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let outcome = crate::editorial::import::accept(
        &db,
        &digest,
        None,
        &Default::default(),
        &crate::editorial::Actor::command_line(user),
        &origin,
        |_| bar.inc(1),
    )
    .await?;
    bar.finish_and_clear();
    println!(
        "{}: {} draft(s) created, {} skipped",
        origin,
        outcome.created.len(),
        outcome.skipped.len()
    );
    for s in &outcome.skipped {
        println!("  skipped #{} «{}»: {}", s.index + 1, s.title, s.reason);
    }
    db.close().await;
    Ok(())
}

async fn export(args: ExportArgs) -> anyhow::Result<()> {
    let db = Db::connect(&args.db.database_url).await?;
    let lines = match &args.output {
        Some(path) => {
            let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
            let n = db.export(&mut out).await?;
            out.flush()?;
            n
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let n = db.export(&mut out).await?;
            out.flush()?;
            n
        }
    };
    eprintln!("exported {lines} lines");
    db.close().await;
    Ok(())
}

async fn import_data(args: ImportDataArgs) -> anyhow::Result<()> {
    let db = Db::connect(&args.db.database_url).await?;
    let counts = if args.file.as_os_str() == "-" {
        db.import_export(std::io::stdin().lock()).await?
    } else {
        let file = std::fs::File::open(&args.file)
            .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
        db.import_export(std::io::BufReader::new(file)).await?
    };
    println!(
        "imported {} users, {} partners, {} items, {} revisions, {} audit entries",
        counts.users, counts.partners, counts.items, counts.revisions, counts.audit
    );
    db.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Items per batch handed from the generating thread to the writer (one transaction each).
const GENERATE_BATCH: usize = 2000;

async fn generate(args: GenerateArgs) -> anyhow::Result<()> {
    use crate::db::BulkItem;
    use aqiqat_shared::admin::ItemKind;

    let incidents = args.incidents;
    let claims = args.claims.unwrap_or(incidents / 10);
    anyhow::ensure!(
        incidents > 0 || claims == 0,
        "--claims needs incidents to be about: give --incidents too"
    );
    let db = Db::connect(&args.db.database_url).await?;
    let counts = db.content_counts().await?;
    if counts.real > 0 && !args.force {
        anyhow::bail!(
            "the database holds {} real (not generated) items: synthetic data must not be mixed into real content. \
             Use a new database (e.g. DATABASE_URL=sqlite://bench.db), or --force on a copy you mean to spoil",
            counts.real
        );
    }
    let started = std::time::Instant::now();
    let now = crate::db::now();
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(incidents + claims)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} items, {per_sec} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // One thread builds, validates and indexes items while this task writes the previous batch.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<(ItemKind, Vec<BulkItem>)>(4);
    let (first_incident, first_claim, seed) = (
        counts.max_incident_seq + 1,
        counts.max_claim_seq + 1,
        args.seed,
    );
    let producer = std::thread::spawn(move || {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut indexer = crate::search::CachedIndexer::default();
        let incident_seqs = first_incident..first_incident + incidents as i64;
        let claim_seqs = first_claim..first_claim + claims as i64;
        let mut batch = Vec::with_capacity(GENERATE_BATCH);
        for (kind, seqs) in [
            (ItemKind::Incident, incident_seqs.clone()),
            (ItemKind::Claim, claim_seqs),
        ] {
            for seq in seqs.clone() {
                let doc = match kind {
                    ItemKind::Incident => crate::generate::incident(&mut rng, seq),
                    ItemKind::Claim => {
                        let about = format!("syn-i-{}", rng.i64(incident_seqs.clone()));
                        crate::generate::claim(&mut rng, seq, &about)
                    }
                    ItemKind::Story => unreachable!("generate makes incidents and claims only"),
                };
                batch.push(BulkItem::new(seq, &doc, &mut indexer));
                let last = seq + 1 == seqs.end;
                if (batch.len() == GENERATE_BATCH || last)
                    && tx
                        .blocking_send((kind, std::mem::take(&mut batch)))
                        .is_err()
                {
                    // The writer stopped (its error is reported there).
                    return;
                }
            }
        }
    });
    while let Some((kind, batch)) = rx.recv().await {
        db.bulk_insert(kind, &batch, &now).await?;
        bar.inc(batch.len() as u64);
    }
    producer
        .join()
        .map_err(|_| anyhow::anyhow!("the generating thread failed"))?;
    db.finish_bulk_load(incidents + claims).await?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "generated {incidents} incidents and {claims} claims (synthetic, published) in {secs:.1} s ({:.0} items/s)",
        (incidents + claims) as f64 / secs.max(1e-9)
    );
    db.close().await;
    Ok(())
}
