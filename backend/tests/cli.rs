//! The `aqiqat` binary's subcommands as deploy scripts run them.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn aqiqat(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aqiqat"))
        .args(args)
        .env("AQIQAT_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run aqiqat");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn create_admin_reads_the_password_from_stdin_and_refuses_bad_input() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/cli.db", dir.path().display());
    let ok = aqiqat(
        &[
            "create-admin",
            "--email",
            "Chief@Aqiqat.kz",
            "--database-url",
            &url,
        ],
        "a long enough passphrase\n",
    );
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("created administrator chief@aqiqat.kz"));
    let again = aqiqat(
        &[
            "create-admin",
            "--email",
            "chief@aqiqat.kz",
            "--database-url",
            &url,
        ],
        "another long passphrase\n",
    );
    assert!(!again.status.success());
    assert!(text(&again).contains("already exists"), "{}", text(&again));
    let weak = aqiqat(
        &[
            "create-admin",
            "--email",
            "second@aqiqat.kz",
            "--database-url",
            &url,
        ],
        "short\n",
    );
    assert!(!weak.status.success());
    assert!(
        text(&weak).contains("at least 12 characters"),
        "{}",
        text(&weak)
    );
    let bad_email = aqiqat(
        &[
            "create-admin",
            "--email",
            "not-an-email",
            "--database-url",
            &url,
        ],
        "a long enough passphrase\n",
    );
    assert!(!bad_email.status.success());
    assert!(text(&bad_email).contains("--email"));
}

#[test]
fn migrate_reports_and_export_moves_everything_to_another_database() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/a.db", dir.path().display());
    let status = aqiqat(&["migrate", "--status", "--database-url", &url], "");
    assert!(status.status.success(), "{}", text(&status));
    assert!(text(&status).contains("pending"));
    let run = aqiqat(&["migrate", "--database-url", &url], "");
    assert!(text(&run).contains("applied migration"), "{}", text(&run));
    let again = aqiqat(&["migrate", "--database-url", &url], "");
    assert!(text(&again).contains("up to date"));
    aqiqat(
        &[
            "create-admin",
            "--email",
            "chief@aqiqat.kz",
            "--database-url",
            &url,
        ],
        "a long enough passphrase\n",
    );
    let file = dir.path().join("export.jsonl");
    let export = aqiqat(
        &[
            "export",
            "--database-url",
            &url,
            "--output",
            file.to_str().expect("path"),
        ],
        "",
    );
    assert!(export.status.success(), "{}", text(&export));
    let target = format!("sqlite://{}/b.db", dir.path().display());
    let import = aqiqat(
        &[
            "import-data",
            "--database-url",
            &target,
            file.to_str().expect("path"),
        ],
        "",
    );
    assert!(import.status.success(), "{}", text(&import));
    assert!(
        text(&import).contains("imported 1 users"),
        "{}",
        text(&import)
    );
    let twice = aqiqat(
        &[
            "import-data",
            "--database-url",
            &target,
            file.to_str().expect("path"),
        ],
        "",
    );
    assert!(!twice.status.success());
    assert!(text(&twice).contains("empty database"));
    let unsupported = aqiqat(&["migrate", "--database-url", "mysql://x"], "");
    assert!(!unsupported.status.success());
    assert!(text(&unsupported).contains("unsupported database URL"));
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/new.db", dir.path().display());
    assert!(
        aqiqat(&["migrate", "--database-url", &url], "")
            .status
            .success()
    );
    // Pretend a newer program applied a migration this one does not know.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    rt.block_on(async {
        let db = aqiqat_backend::db::Db::open(&url).await.expect("open");
        db.close().await;
        let pool = sqlx::SqlitePool::connect(&url).await.expect("pool");
        sqlx::query("INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (29990101000000, 'from the future', CURRENT_TIMESTAMP, 1, x'00', 0)")
            .execute(&pool)
            .await
            .expect("insert");
        pool.close().await;
    });
    let serve = aqiqat(&["migrate", "--database-url", &url], "");
    assert!(!serve.status.success());
    assert!(
        text(&serve).contains("newer than this program"),
        "{}",
        text(&serve)
    );
}

/// The real Aug 2025 – Jan 2026 digest (a copy of the project's seed, kept with the tests).
const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/testdata/digest-2025-08-2026-01.txt"
);

#[test]
fn import_dry_run_prints_the_json_contract_without_a_database() {
    let out = aqiqat(
        &[
            "import",
            SEED,
            "--dry-run",
            "--json",
            "--database-url",
            "postgres://nowhere.invalid/x",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let entries = json["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 38);
    let keys: Vec<&str> = entries[0]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = [
        "title",
        "summary",
        "category",
        "kind",
        "date",
        "period",
        "sources",
        "legal_refs",
        "platforms",
        "regions",
        "actors",
        "flags",
    ];
    want.sort_unstable();
    let mut got = keys.clone();
    got.sort_unstable();
    assert_eq!(got, want);
    assert_eq!(entries[0]["date"], "2025-09-26");
    assert_eq!(entries[0]["period"], serde_json::Value::Null);
    assert_eq!(entries[37]["category"], "court_cases");
    // An entry without a date of its own: `date` stays null, `period` is the digest's, and a flag says so.
    let undated: Vec<&serde_json::Value> = entries.iter().filter(|e| e["date"].is_null()).collect();
    assert!(!undated.is_empty());
    for e in undated {
        assert_eq!(
            e["period"],
            serde_json::json!({"from": "2025-08", "to": "2026-01"}),
            "{e}"
        );
        assert!(
            e["flags"]
                .as_array()
                .is_some_and(|f| f.iter().any(|f| f == "period_from_digest")),
            "{e}"
        );
    }
    let text_out = aqiqat(&["import", SEED, "--dry-run"], "");
    assert!(text_out.status.success());
    assert!(String::from_utf8_lossy(&text_out.stdout).contains("Период"));
}

#[test]
fn import_creates_drafts_once_and_rejects_bad_files_without_changes() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/import.db", dir.path().display());
    let first = aqiqat(&["import", SEED, "--database-url", &url], "");
    assert!(first.status.success(), "{}", text(&first));
    assert!(
        text(&first).contains("38 draft(s) created, 0 skipped"),
        "{}",
        text(&first)
    );
    let again = aqiqat(&["import", SEED, "--database-url", &url], "");
    assert!(again.status.success(), "{}", text(&again));
    assert!(
        text(&again).contains("0 draft(s) created, 38 skipped"),
        "{}",
        text(&again)
    );
    assert!(text(&again).contains("already in the database"));
    // Undated entries became drafts dated within the digest's period, never a made-up date, and on no month
    // of their own.
    let within = count(
        &url,
        "SELECT COUNT(*) FROM incidents WHERE doc LIKE '%\"period\":{\"from\":\"2025-08\",\"to\":\"2026-01\"}%' AND month_lo = '2025-08' AND month_hi = '2026-01'",
    );
    assert!(within > 0, "period-dated drafts");
    assert_eq!(
        within,
        count(
            &url,
            "SELECT COUNT(*) FROM incidents WHERE month_lo <> month_hi"
        ),
    );
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, "  \n").expect("write");
    let binary = dir.path().join("photo.jpg");
    std::fs::write(&binary, [0xFFu8, 0xD8, 0x00, 0x10, 0x4A, 0x46]).expect("write");
    let no_sections = dir.path().join("notes.md");
    std::fs::write(&no_sections, "Просто заметка без разделов.\n\nЕщё абзац.").expect("write");
    let huge = dir.path().join("huge.md");
    std::fs::write(
        &huge,
        "## 1. Свобода выражения\n\n".to_owned() + &"а".repeat(50 * 1024 * 1024),
    )
    .expect("write");
    for (file, says) in [
        (&empty, "empty"),
        (&binary, "binary"),
        (&no_sections, "section"),
        (&huge, "limit"),
    ] {
        let out = aqiqat(
            &[
                "import",
                file.to_str().expect("path"),
                "--database-url",
                &url,
            ],
            "",
        );
        assert!(!out.status.success(), "{}", file.display());
        assert!(
            text(&out).to_lowercase().contains(says),
            "{}: {}",
            file.display(),
            text(&out)
        );
    }
    let missing = aqiqat(&["import", "/no/such/file.md", "--database-url", &url], "");
    assert!(!missing.status.success());
    // Nothing was added by the refused files.
    let again = aqiqat(&["import", SEED, "--database-url", &url], "");
    assert!(text(&again).contains("38 skipped"));
}

/// Counts rows with a SQL query on a SQLite file.
fn count(url: &str, sql: &str) -> i64 {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(async {
            use sqlx::Connection;
            let mut conn = sqlx::SqliteConnection::connect(url).await.expect("open");
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&mut conn)
                .await
                .expect(sql)
        })
}

#[test]
fn generate_writes_marked_synthetic_items_and_refuses_real_content() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/bench.db", dir.path().display());
    for run in 1..=2 {
        let out = aqiqat(
            &[
                "generate",
                "--incidents",
                "300",
                "--claims",
                "40",
                "--database-url",
                &url,
            ],
            "",
        );
        assert!(out.status.success(), "{}", text(&out));
        assert!(
            text(&out).contains("generated 300 incidents and 40 claims"),
            "{}",
            text(&out)
        );
        let n = 300 * run;
        for (sql, want) in [
            (
                "SELECT COUNT(*) FROM incidents WHERE status = 'published' AND origin = 'synthetic' AND id LIKE 'syn-i-%'",
                n,
            ),
            ("SELECT COUNT(*) FROM incidents_fts", n),
            (
                "SELECT COUNT(*) FROM revisions WHERE item_kind = 'incident'",
                n,
            ),
            (
                "SELECT COUNT(*) FROM claims WHERE origin = 'synthetic'",
                40 * run,
            ),
            ("SELECT COUNT(*) FROM claim_incidents", 40 * run),
            (
                "SELECT value FROM meta WHERE key = 'synthetic_items'",
                340 * run,
            ),
            (
                "SELECT COUNT(DISTINCT category) FROM incidents",
                aqiqat_shared::Category::ALL.len() as i64,
            ),
        ] {
            assert_eq!(count(&url, sql), want, "{sql}");
        }
    }
    // Real content (imported drafts) makes the database off limits, and nothing is written.
    let real = format!("sqlite://{}/real.db", dir.path().display());
    let imported = aqiqat(&["import", SEED, "--database-url", &real], "");
    assert!(imported.status.success(), "{}", text(&imported));
    let refused = aqiqat(
        &["generate", "--incidents", "10", "--database-url", &real],
        "",
    );
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("38 real (not generated) items"),
        "{}",
        text(&refused)
    );
    assert_eq!(
        count(
            &real,
            "SELECT COUNT(*) FROM incidents WHERE origin = 'synthetic'"
        ),
        0
    );
    let forced = aqiqat(
        &[
            "generate",
            "--incidents",
            "10",
            "--force",
            "--database-url",
            &real,
        ],
        "",
    );
    assert!(forced.status.success(), "{}", text(&forced));
    let no_incidents = aqiqat(
        &[
            "generate",
            "--incidents",
            "0",
            "--claims",
            "5",
            "--database-url",
            &url,
        ],
        "",
    );
    assert!(!no_incidents.status.success());
}

/// A port nobody listens on now, on every interface.
fn free_port() -> u16 {
    std::net::TcpListener::bind("0.0.0.0:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

/// `aqiqat serve` with `env`; the exit status if it stopped by itself within `wait`, else `None` (then it is
/// still running and has answered `/healthz` on `port`, or has been stopped).
fn serve_for(env: &[(&str, &str)], port: u16, wait: std::time::Duration) -> (Option<Output>, bool) {
    let dir = tempfile::tempdir().expect("dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_aqiqat"))
        .arg("serve")
        .env("AQIQAT_LOG", "warn")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/serve.db", dir.path().display()),
        )
        .env_remove("AQIQAT_PUBLIC_URL")
        .env_remove("AQIQAT_TRUST_HOST_HEADER")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run aqiqat");
    let deadline = std::time::Instant::now() + wait;
    while std::time::Instant::now() < deadline {
        if child.try_wait().expect("wait").is_some() {
            return (Some(child.wait_with_output().expect("output")), false);
        }
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.write_all(b"GET /healthz HTTP/1.0\r\n\r\n");
            let mut answer = String::new();
            let _ = std::io::Read::read_to_string(&mut s, &mut answer);
            if answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200") {
                let _ = child.kill();
                let _ = child.wait();
                return (None, true);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    (None, false)
}

#[test]
fn serving_beyond_loopback_needs_a_public_url_or_an_explicit_trust_in_host() {
    let wait = std::time::Duration::from_secs(30);
    let port = free_port();
    let addr = format!("0.0.0.0:{port}");
    let (refused, answered) = serve_for(&[("AQIQAT_ADDR", &addr)], port, wait);
    assert!(!answered, "it must not serve on {addr} trusting Host");
    let refused = refused.expect("it stops by itself");
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("AQIQAT_PUBLIC_URL")
            && text(&refused).contains("AQIQAT_TRUST_HOST_HEADER"),
        "{}",
        text(&refused)
    );
    for extra in [
        ("AQIQAT_PUBLIC_URL", "https://monitor.example.kz"),
        ("AQIQAT_TRUST_HOST_HEADER", "1"),
    ] {
        let port = free_port();
        let addr = format!("0.0.0.0:{port}");
        let (stopped, answered) = serve_for(&[("AQIQAT_ADDR", &addr), extra], port, wait);
        assert!(
            answered,
            "with {extra:?} it serves: {:?}",
            stopped.as_ref().map(text)
        );
    }
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let (stopped, answered) = serve_for(&[("AQIQAT_ADDR", &addr)], port, wait);
    assert!(
        answered,
        "loopback needs neither: {:?}",
        stopped.as_ref().map(text)
    );
}

/// Every file under `dir`, relative, with its size.
fn files_under(dir: &std::path::Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let e = e.expect("entry");
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("inside").to_string_lossy();
                out.push((rel.into_owned(), e.metadata().expect("metadata").len()));
            }
        }
    }
    out.sort();
    out
}

/// `aqiqat snapshot` on the demo data: refuses bad options and missing bundles with a clear message, and writes a
/// static copy of at most 1 MB whose every link stays inside it. The full run needs the bundles `cargo xtask dist`
/// builds (`target/web`); without them it is skipped, except in CI (`CI=1`/`AQIQAT_CI=1`), where that fails.
#[tokio::test]
async fn snapshot_writes_a_small_self_contained_copy_of_the_demo() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/demo.db", dir.path().display());
    let db = aqiqat_backend::db::Db::connect(&url).await.expect("db");
    aqiqat_backend::demo::load(&db).await.expect("demo data");
    db.close().await;
    let out = dir.path().join("snap");
    let out_s = out.to_str().expect("utf-8 path").to_owned();
    let empty = dir.path().join("no-bundles");
    std::fs::create_dir_all(&empty).expect("dir");

    let missing = aqiqat(
        &[
            "snapshot",
            "--database-url",
            &url,
            "--out",
            &out_s,
            "--static-dir",
            empty.to_str().unwrap(),
        ],
        "",
    );
    assert!(!missing.status.success());
    assert!(
        text(&missing).contains("the snapshot bundle is not built")
            && text(&missing).contains("cargo xtask dist"),
        "{}",
        text(&missing)
    );
    assert!(!out.exists(), "nothing written without the bundle");
    let bad = aqiqat(
        &[
            "snapshot",
            "--database-url",
            &url,
            "--out",
            &out_s,
            "--category",
            "politics",
        ],
        "",
    );
    assert!(!bad.status.success());
    assert!(text(&bad).contains("--category"), "{}", text(&bad));

    let web = std::path::Path::new(env!("CARGO_BIN_EXE_aqiqat"))
        .parent()
        .and_then(|p| p.parent())
        .expect("target dir")
        .join("web");
    let built = std::fs::read_to_string(web.join("manifest.json"))
        .ok()
        .and_then(|m| serde_json::from_str::<aqiqat_shared::manifest::Manifest>(&m).ok())
        .is_some_and(|m| m.snapshot.is_some());
    if !built {
        let ci = ["CI", "AQIQAT_CI"]
            .iter()
            .any(|k| std::env::var(k).is_ok_and(|v| !v.is_empty() && v != "0"));
        assert!(
            !ci,
            "the snapshot bundle is not built in {}: run `cargo xtask dist`",
            web.display()
        );
        eprintln!(
            "SKIPPED the full snapshot: no snapshot bundle in {} (run `cargo xtask dist`)",
            web.display()
        );
        return;
    }
    let nowhere = format!("sqlite://{}/nothing-here.db", dir.path().display());
    let empty_db = aqiqat(
        &[
            "snapshot",
            "--database-url",
            &nowhere,
            "--out",
            &out_s,
            "--static-dir",
            web.to_str().unwrap(),
        ],
        "",
    );
    assert!(!empty_db.status.success());
    assert!(
        text(&empty_db).contains("is empty or its schema is older"),
        "{}",
        text(&empty_db)
    );
    let ok = aqiqat(
        &[
            "snapshot",
            "--database-url",
            &url,
            "--out",
            &out_s,
            "--static-dir",
            web.to_str().unwrap(),
        ],
        "",
    );
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(
        text(&ok).contains("38 incidents and 8 claims"),
        "{}",
        text(&ok)
    );
    let files = files_under(&out);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for f in [
        "index.html",
        "boot.js",
        "style.css",
        "data/ru.json.gz",
        "data/kk.json.gz",
        "data/en.json.gz",
    ] {
        assert!(names.contains(&f), "{f} in {names:?}");
    }
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("static/snapshot-") && n.ends_with(".js"))
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("static/snapshot-") && n.ends_with("_bg.wasm.gz"))
    );
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with("i/") && n.ends_with(".html"))
            .count(),
        38
    );
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with("c/") && n.ends_with(".html"))
            .count(),
        8
    );
    assert_eq!(files.len(), 6 + 2 + 38 + 8, "{names:?}");
    // As `du -sb` counts it: every file and directory's apparent size.
    let dirs: u64 = ["", "data", "static", "i", "c"]
        .iter()
        .map(|d| std::fs::metadata(out.join(d)).expect("dir").len())
        .sum();
    let total: u64 = files.iter().map(|(_, n)| n).sum::<u64>() + dirs;
    println!("snapshot_bytes {total}");
    assert!(
        total <= 1_000_000,
        "the demo snapshot is {total} bytes, over 1 MB"
    );
    // Links stay inside the snapshot: no site-absolute address is left in any page.
    for (name, _) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = std::fs::read_to_string(out.join(name)).expect("page");
        for bad in ["href=\"/", "src=\"/", "action=\"/"] {
            assert!(!html.contains(bad), "{name} has {bad}…");
        }
    }
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(
        index.contains("<script type=\"module\" src=\"boot.js\">"),
        "{index}"
    );
    assert!(index.contains("\"snapshot\":true"));
    // A snapshot goes into a new directory: an existing one with content is refused, and left as it was.
    let again = aqiqat(
        &[
            "snapshot",
            "--database-url",
            &url,
            "--out",
            &out_s,
            "--static-dir",
            web.to_str().unwrap(),
        ],
        "",
    );
    assert!(!again.status.success());
    assert!(text(&again).contains("is not empty"), "{}", text(&again));
    assert_eq!(files_under(&out), files);
}
