//! `cargo xtask bench [--quick] [--sizes 1000,10000,...] [--no-postgres]`: the numbers in BENCHMARKS.md.
//!
//! On the release server built by `dist`, with synthetic data from `aqiqat generate`:
//! 1. growth: p50/p95 of each public endpoint at every size (default 1k, 10k, 100k, 1M incidents), on SQLite and
//!    on PostgreSQL (when reachable), plus the time to start and answer a first request and the idle RSS;
//! 2. the widget's weight: every byte a reader downloads before the widget's first render (loader, page, glue,
//!    WASM, CSS, first data), brotli and gzip, as the server sends them;
//! 3. the browser: `tests/browser/bench.mjs` (load times throttled and not, interaction under 4× CPU throttling,
//!    long tasks), against the 10k database;
//! 4. load: wrk on loopback at 100k incidents, 64 and 256 connections, each endpoint beside the same JSON served
//!    as a static file by nginx on the same machine (the practical ceiling; installed when missing and run as
//!    root) and by this server's own file route, with peak RSS;
//! 5. export: `/api/v1/export/incidents.csv` of every incident at 100k (target: ≤ 5 s, the server's RSS growing
//!    by ≤ 20 MB while it streams, sampled from /proc/PID/status during the download).
//!
//! `--no-build` measures the build already in `<target>/release` and `<target>/web` instead of running `dist`.
//!
//! Everything is printed and written to `<target>/bench/` (report.json, growth.csv, growth.png). `--quick` runs
//! each part once on small data (1k incidents, SQLite, 1 s loads, one browser run): it checks that the harness
//! works, its numbers mean little. Nothing here passes or fails on a threshold.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::{FileSize, root, target_dir};

/// Where the 10k-incident database is also used for the browser and the widget's weight.
const BROWSER_SIZE: u64 = 10_000;
/// Where wrk loads the server.
const LOAD_SIZE: u64 = 100_000;

struct Options {
    quick: bool,
    /// Which parts to run: growth, browser, load (all by default).
    parts: Vec<String>,
    sizes: Vec<u64>,
    postgres: Option<String>,
}

impl Options {
    fn wants(&self, part: &str) -> bool {
        self.parts.iter().any(|p| p == part)
    }

    fn parse(args: &[String]) -> Result<Options> {
        let mut o = Options {
            quick: false,
            parts: ["growth", "browser", "load", "export"]
                .map(str::to_owned)
                .to_vec(),
            sizes: vec![1_000, 10_000, 100_000, 1_000_000],
            postgres: std::env::var("TEST_DATABASE_URL")
                .ok()
                .filter(|u| !u.is_empty())
                .or_else(|| Some("postgres://postgres@127.0.0.1:5432/postgres".into())),
        };
        let mut sizes_given = false;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--quick" => o.quick = true,
                "--no-build" => {}
                "--no-postgres" => o.postgres = None,
                "--parts" => {
                    let list = it
                        .next()
                        .context("--parts needs a list, e.g. growth,load")?;
                    o.parts = list.split(',').map(|p| p.trim().to_owned()).collect();
                    if let Some(bad) = o
                        .parts
                        .iter()
                        .find(|p| !["growth", "browser", "load", "export"].contains(&p.as_str()))
                    {
                        bail!("--parts: unknown part {bad} (growth, browser, load, export)");
                    }
                }
                "--sizes" => {
                    let list = it.next().context("--sizes needs a list, e.g. 1000,10000")?;
                    o.sizes = list
                        .split(',')
                        .map(|s| s.trim().replace('_', "").parse::<u64>())
                        .collect::<Result<_, _>>()
                        .context("--sizes: numbers separated by commas")?;
                    o.sizes.sort_unstable();
                    sizes_given = true;
                }
                other => bail!(
                    "unknown option {other}; usage: cargo xtask bench [--quick] [--sizes N,N,...] [--parts growth,browser,load,export] [--no-postgres] [--no-build]"
                ),
            }
        }
        if o.quick {
            if !sizes_given {
                o.sizes = vec![1_000];
            }
            o.postgres = None;
        }
        Ok(o)
    }
}

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Resident memory now and at its peak, in KiB (Linux /proc).
    fn rss_kib(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

/// The demo snapshot (`aqiqat snapshot` of the demo data, default options) on disk, in bytes (target ≤ 1 MB):
/// the demo data is loaded by a short `aqiqat serve --demo`, then the snapshot is written from its database.
fn snapshot_bytes(dir: &std::path::Path) -> Result<u64> {
    let db = format!("sqlite://{}/snapshot-demo.db", dir.display());
    let port = free_port()?;
    let mut server = aqiqat()
        .args(["serve", "--demo", "--database-url", &db, "--addr"])
        .arg(format!("127.0.0.1:{port}"))
        .spawn()
        .context("starting aqiqat serve --demo")?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while fetch(port, "/healthz", "identity").map_or(true, |r| r.status != 200) {
        if Instant::now() > deadline {
            let _ = server.kill();
            bail!("aqiqat serve --demo did not become healthy in 30 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    server.kill()?;
    server.wait()?;
    let out = dir.join("snapshot");
    let status = aqiqat()
        .args(["snapshot", "--database-url", &db, "--out"])
        .arg(&out)
        .arg("--static-dir")
        .arg(target_dir().join("web"))
        .status()?;
    if !status.success() {
        bail!("aqiqat snapshot failed");
    }
    // As `du -sb` counts: the apparent size of every file and directory.
    fn size(p: &std::path::Path) -> Result<u64> {
        let mut n = std::fs::metadata(p)?.len();
        for e in std::fs::read_dir(p)? {
            let e = e?;
            n += if e.file_type()?.is_dir() {
                size(&e.path())?
            } else {
                e.metadata()?.len()
            };
        }
        Ok(n)
    }
    let bytes = size(&out)?;
    println!();
    println!(
        "snapshot_bytes {bytes} (the demo snapshot on disk, as du -sb counts; target ≤ 1,000,000)"
    );
    Ok(bytes)
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn aqiqat() -> Command {
    let mut cmd = Command::new(target_dir().join("release").join("aqiqat"));
    cmd.env("AQIQAT_LOG", "error");
    cmd
}

struct Response {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

/// One HTTP/1.1 GET over a fresh connection, the body de-chunked but not decompressed.
fn fetch(port: u16, path: &str, encoding: &str) -> Result<Response> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(120)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: {encoding}\r\nConnection: close\r\n\r\n"
    )?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .with_context(|| format!("no HTTP header in the answer to {path}"))?;
    let headers = String::from_utf8_lossy(&buf[..split]).to_lowercase();
    let status = headers
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .with_context(|| format!("bad status line in the answer to {path}"))?;
    let raw = &buf[split + 4..];
    let body = if headers.contains("transfer-encoding: chunked") {
        dechunk(raw).with_context(|| format!("bad chunked body from {path}"))?
    } else {
        raw.to_vec()
    };
    Ok(Response {
        status,
        headers,
        body,
    })
}

fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&raw[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

fn get_status(port: u16, path: &str) -> Result<u16> {
    Ok(fetch(port, path, "identity")?.status)
}

/// API fuzzing: schemathesis (from PyPI, installed into a virtualenv under `~/.cache`) against the OpenAPI document
/// the release server generates, on the demo data, for a bounded time. It fails on any 5xx and on any answer the
/// document does not describe (status, content type, body schema), and on methods the routes do not refuse.
/// The step takes at most `AQIQAT_FUZZ_SECONDS` (default 170) with the install, and at least 30 s of fuzzing.
/// Prints how many test cases (requests) it generated.
pub fn fuzz_api() -> Result<()> {
    const VERSION: &str = "4.32.5";
    // The whole step (installing schemathesis the first time, starting the server, fuzzing) within this budget.
    let budget: u64 = std::env::var("AQIQAT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(170);
    let step_began = Instant::now();
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from);
    let venv = home.join(".cache").join("aqiqat-schemathesis");
    let st = venv.join("bin").join("schemathesis");
    let installed = Command::new(&st)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(VERSION));
    if !installed {
        crate::run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
        crate::run(
            Command::new(venv.join("bin").join("pip"))
                .args(["install", "-q", "--disable-pip-version-check"])
                .arg(format!("schemathesis=={VERSION}")),
        )?;
    }
    let dir = std::env::temp_dir().join(format!("aqiqat-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let port = free_port()?;
    let mut cmd = aqiqat();
    cmd.arg("serve")
        .env("AQIQAT_ADDR", format!("127.0.0.1:{port}"))
        .env("AQIQAT_DEMO", "1")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.join("fuzz.db").display()),
        )
        .stdout(Stdio::null())
        // Its log (every 4xx/5xx the fuzzer provokes), shown only when the step fails.
        .stderr(std::fs::File::create(dir.join("server.log"))?);
    let begun = Instant::now();
    let server = Server {
        child: cmd.spawn().context("start the release server")?,
        port,
    };
    while get_status(port, "/api/v1/version").ok() != Some(200) {
        if begun.elapsed() > Duration::from_secs(120) {
            bail!("the server did not answer in 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let base = format!("http://127.0.0.1:{}", server.port);
    let max_time = budget
        .saturating_sub(step_began.elapsed().as_secs())
        .max(30);
    let out = Command::new(&st)
        .arg("--config-file")
        .arg(root().join("tests").join("fuzz").join("schemathesis.toml"))
        .arg("run")
        .arg(format!("{base}/api/v1/openapi.json"))
        .args(["--url", &base])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,\
             response_schema_conformance,unsupported_method",
        ])
        .args(["--max-time", &max_time.to_string()])
        .args(["--workers", "2", "--request-timeout", "30"])
        .args(["--suppress-health-check", "all", "--no-color"])
        .stdin(Stdio::null())
        // Its cache and crash files go to the temporary directory, not the work tree.
        .current_dir(&dir)
        .output()
        .context("run schemathesis")?;
    drop(server);
    let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    std::io::stdout().write_all(&out.stdout)?;
    std::io::stderr().write_all(&out.stderr)?;
    // "Test cases:" is followed by "N generated, ...".
    let generated = stdout
        .split_once("Test cases:")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .unwrap_or("?");
    eprintln!("xtask: schemathesis generated {generated} test cases in at most {max_time} s");
    if !out.status.success() {
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        for line in tail.into_iter().rev() {
            eprintln!("server: {line}");
        }
        bail!("schemathesis found a 5xx or an answer outside the OpenAPI document: see above");
    }
    Ok(())
}

/// Starts `aqiqat serve`; returns it and the time from spawning it to its first answered API request.
fn start(database_url: &str, static_dir: Option<&Path>) -> Result<(Server, Duration)> {
    start_with(database_url, static_dir, true)
}

/// `start`, optionally without the facets/timeline memo (to measure what computing them costs).
fn start_with(
    database_url: &str,
    static_dir: Option<&Path>,
    memo: bool,
) -> Result<(Server, Duration)> {
    let port = free_port()?;
    let mut cmd = aqiqat();
    if !memo {
        cmd.env("AQIQAT_AGGREGATE_CACHE", "0");
    }
    cmd.arg("serve")
        .env("AQIQAT_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .stdout(Stdio::null());
    if let Some(dir) = static_dir {
        cmd.env("AQIQAT_STATIC_DIR", dir);
    }
    let begun = Instant::now();
    let child = cmd.spawn().context("start the release server")?;
    let server = Server { child, port };
    loop {
        // A cheap request that still needs the database: start-up, not the first list's counting.
        if let Ok(200) = get_status(port, "/api/v1/version") {
            break;
        }
        if begun.elapsed() > Duration::from_secs(120) {
            bail!("the server did not answer in 120 s");
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    Ok((server, begun.elapsed()))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The public endpoints measured everywhere: (name, path).
fn endpoints() -> Vec<(&'static str, String)> {
    let q = |s: &str| -> String { s.bytes().map(|b| format!("%{b:02X}")).collect() };
    vec![
        ("list", "/api/v1/incidents".into()),
        (
            "list_filtered",
            "/api/v1/incidents?category=court_cases&region=almaty".into(),
        ),
        ("search", format!("/api/v1/incidents?q={}", q("утечки"))),
        (
            "search_surname",
            format!("/api/v1/incidents?q={}", q("Касымовой")),
        ),
        ("facets", "/api/v1/facets".into()),
        (
            "facets_filtered",
            format!("/api/v1/facets?category=personal_data&q={}", q("данные")),
        ),
        ("timeline", "/api/v1/timeline".into()),
        ("claims", "/api/v1/claims?verdict=false".into()),
        ("detail", "/api/v1/incidents/syn-i-42".into()),
    ]
}

/// Sequential requests (one connection each) to every endpoint: p50 and p95 in ms.
fn latencies(port: u16, quick: bool) -> Result<Vec<(&'static str, f64, f64)>> {
    let mut out = Vec::new();
    for (name, path) in endpoints() {
        let (min_n, max_n, budget) = if quick {
            (5, 20, Duration::from_secs(2))
        } else {
            (20, 200, Duration::from_secs(6))
        };
        // Warm the caches once, as a running server would have them.
        get_status(port, &path)?;
        let mut times = Vec::new();
        let begun = Instant::now();
        while times.len() < max_n && (times.len() < min_n || begun.elapsed() < budget) {
            let t = Instant::now();
            let status = get_status(port, &path)?;
            times.push(ms(t.elapsed()));
            if status != 200 {
                bail!("{path} answered {status}");
            }
        }
        times.sort_by(f64::total_cmp);
        out.push((name, percentile(&times, 50.0), percentile(&times, 95.0)));
    }
    Ok(out)
}

/// `aqiqat generate` of `add` more incidents; returns the seconds it took.
fn generate(url: &str, add: u64) -> Result<f64> {
    let t = Instant::now();
    let out = aqiqat()
        .args([
            "generate",
            "--incidents",
            &add.to_string(),
            "--database-url",
            url,
        ])
        .stderr(Stdio::inherit())
        .output()?;
    if !out.status.success() {
        bail!("aqiqat generate failed");
    }
    Ok(t.elapsed().as_secs_f64())
}

/// One wrk run: requests/s, p50 and p99 (ms), errors.
fn wrk(url: &str, connections: u32, seconds: u32) -> Result<Value> {
    let out = Command::new("wrk")
        .args([
            "-t2",
            &format!("-c{connections}"),
            &format!("-d{seconds}s"),
            "--latency",
            "--timeout",
            "10s",
        ])
        .arg(url)
        .output()
        .context("run wrk (apt-get install wrk)")?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    if !out.status.success() {
        bail!("wrk failed: {text}{}", String::from_utf8_lossy(&out.stderr));
    }
    let line_value = |prefix: &str| -> Option<String> {
        text.lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(prefix))
            .map(|v| v.trim().to_owned())
    };
    let duration_ms = |v: &str| -> Option<f64> {
        let v = v.trim();
        let (num, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic())?);
        let n: f64 = num.parse().ok()?;
        Some(match unit {
            "us" => n / 1000.0,
            "ms" => n,
            "s" => n * 1000.0,
            "m" => n * 60_000.0,
            _ => return None,
        })
    };
    let rps: f64 = line_value("Requests/sec:")
        .and_then(|v| v.parse().ok())
        .context("no Requests/sec in wrk's output")?;
    let p50 = line_value("50%").and_then(|v| duration_ms(&v));
    let p99 = line_value("99%").and_then(|v| duration_ms(&v));
    let non_2xx: u64 = line_value("Non-2xx or 3xx responses:")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let socket: u64 = line_value("Socket errors:")
        .map(|v| {
            v.split(',')
                .filter_map(|p| p.split_whitespace().last()?.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0);
    Ok(json!({"rps": rps, "p50_ms": p50, "p99_ms": p99, "errors": non_2xx + socket, "url": url}))
}

fn ensure_wrk() -> Result<()> {
    if Command::new("wrk").arg("--version").output().is_ok() {
        return Ok(());
    }
    if !is_root() {
        bail!("the load test needs wrk: `sudo apt-get install wrk`");
    }
    let install = || {
        Command::new("apt-get")
            .args(["install", "-y", "-q", "--no-install-recommends", "wrk"])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .is_ok_and(|s| s.success())
    };
    if !install() {
        crate::run(Command::new("apt-get").args(["update", "-q"]))?;
        if !install() {
            bail!("apt-get install wrk failed");
        }
    }
    Ok(())
}

/// nginx serving `dir` (two workers, no logs): the practical ceiling for a static file on this machine.
struct Nginx {
    child: Child,
    port: u16,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM: the master stops its workers (SIGKILL would leave them running).
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn nginx(dir: &Path, quick: bool) -> Result<Option<Nginx>> {
    let found = || Command::new("nginx").arg("-v").output().is_ok();
    if !found() && !quick && is_root() {
        let _ = Command::new("apt-get")
            .args(["install", "-y", "-q", "--no-install-recommends", "nginx"])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status();
    }
    if !found() {
        eprintln!("xtask: no nginx: the static baseline is this server's own file route");
        return Ok(None);
    }
    let port = free_port()?;
    let prefix = dir.parent().unwrap_or(dir).join("nginx");
    std::fs::create_dir_all(prefix.join("logs"))?;
    let conf = prefix.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "daemon off;\nworker_processes 2;\npid {p}/nginx.pid;\nerror_log {p}/logs/error.log;\n\
             events {{ worker_connections 4096; }}\n\
             http {{ access_log off; default_type application/json; sendfile on; keepalive_requests 100000;\n\
             server {{ listen 127.0.0.1:{port}; root {root}; }} }}\n",
            p = prefix.display(),
            root = dir.display()
        ),
    )?;
    let child = Command::new("nginx")
        .arg("-p")
        .arg(&prefix)
        .arg("-c")
        .arg(&conf)
        .stderr(Stdio::null())
        .spawn()
        .context("start nginx")?;
    let n = Nginx { child, port };
    let begun = Instant::now();
    while get_status(port, "/baseline.json").map_or(true, |s| s != 200) {
        if begun.elapsed() > Duration::from_secs(10) {
            bail!("nginx did not serve the baseline file in 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(Some(n))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"))
}

/// A copy of the web directory plus one API answer as a plain file: the static baseline for the load test.
fn static_dir_with(port: u16, dir: &Path, path: &str) -> Result<(PathBuf, String)> {
    let web = dir.join("web");
    if web.exists() {
        std::fs::remove_dir_all(&web)?;
    }
    std::fs::create_dir_all(&web)?;
    for entry in std::fs::read_dir(target_dir().join("web"))? {
        let entry = entry?;
        std::fs::copy(entry.path(), web.join(entry.file_name()))?;
    }
    let answer = fetch(port, path, "identity")?;
    std::fs::write(web.join("baseline.json"), &answer.body)?;
    Ok((web, "/static/baseline.json".into()))
}

fn load_test(url: &str, dir: &Path, quick: bool) -> Result<Value> {
    ensure_wrk()?;
    let seconds = if quick { 2 } else { 8 };
    // The same server, given a web directory that also holds the list's JSON as a file.
    let (probe, _) = start(url, None)?;
    let list = "/api/v1/incidents?category=court_cases&region=almaty";
    let (web, baseline) = static_dir_with(probe.port, dir, list)?;
    drop(probe);
    let mut starts = Vec::new();
    for _ in 0..5 {
        let (s, took) = start(url, Some(&web))?;
        starts.push(ms(took));
        drop(s);
    }
    starts.sort_by(f64::total_cmp);
    let (server, _) = start(url, Some(&web))?;
    let (idle, _) = server.rss_kib();
    println!(
        "start to first answered request (/api/v1/version), 5 starts: median {:.0} ms, max {:.0} ms",
        starts[2], starts[4]
    );
    let nginx = nginx(&web, quick)?;
    let mut targets: Vec<(&str, String)> = Vec::new();
    if let Some(n) = &nginx {
        targets.push((
            "static_nginx",
            format!("http://127.0.0.1:{}/baseline.json", n.port),
        ));
    }
    targets.push((
        "static_aqiqat",
        format!("http://127.0.0.1:{}{baseline}", server.port),
    ));
    targets.extend(
        endpoints()
            .into_iter()
            .filter(|(n, _)| {
                ["list_filtered", "search", "facets", "timeline", "detail"].contains(n)
            })
            .map(|(n, p)| (n, format!("http://127.0.0.1:{}{p}", server.port))),
    );
    let mut rows = serde_json::Map::new();
    println!();
    println!(
        "{:<18} {:>5} {:>10} {:>9} {:>9} {:>7} {:>10}",
        "endpoint", "conns", "req/s", "p50 ms", "p99 ms", "errors", "vs first"
    );
    let mut base_rps = [0.0f64; 2];
    for (i, (name, url)) in targets.iter().enumerate() {
        let mut per = serde_json::Map::new();
        for (k, conns) in [64u32, 256].into_iter().enumerate() {
            let mut r = wrk(url, conns, seconds)?;
            let rps = r["rps"].as_f64().unwrap_or(0.0);
            // The first target is the baseline: nginx when available, else this server's own file route.
            if i == 0 {
                base_rps[k] = rps;
            }
            let ratio = rps / base_rps[k].max(1e-9);
            r["vs_static"] = json!(ratio);
            println!(
                "{:<18} {:>5} {:>10.0} {:>9.2} {:>9.2} {:>7} {:>9.0}%",
                name,
                conns,
                rps,
                r["p50_ms"].as_f64().unwrap_or(f64::NAN),
                r["p99_ms"].as_f64().unwrap_or(f64::NAN),
                r["errors"],
                ratio * 100.0
            );
            per.insert(format!("c{conns}"), r);
        }
        rows.insert((*name).to_owned(), Value::Object(per));
    }
    let (_, peak) = server.rss_kib();
    println!(
        "server RSS: {:.1} MiB idle after start, {:.1} MiB peak under load",
        idle as f64 / 1024.0,
        peak as f64 / 1024.0
    );
    Ok(json!({
        "seconds": seconds, "endpoints": rows, "rss_idle_kib": idle, "rss_peak_kib": peak,
        "startup_ms_median": starts[2], "startup_ms_max": starts[4],
    }))
}

/// The export's targets at 100,000 incidents.
const EXPORT_SECONDS: f64 = 5.0;
const EXPORT_RSS_GROWTH_MIB: f64 = 20.0;

/// Records in a CSV body: line ends outside quoted fields.
fn csv_records(body: &[u8]) -> u64 {
    let mut quoted = false;
    let mut n = 0;
    for (i, b) in body.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted && i > 0 && body[i - 1] == b'\r' => n += 1,
            _ => {}
        }
    }
    n
}

/// CSV export of every incident: the time to download it, its size, and how much the server's resident memory
/// grows while it streams (VmRSS sampled every 2 ms during the download, against the RSS just before it, after a
/// small export has warmed the server's pools and buffers).
fn export_bench(url: &str, size: u64) -> Result<Value> {
    let (server, _) = start(url, None)?;
    let port = server.port;
    let warm = fetch(
        port,
        "/api/v1/export/incidents.csv?category=court_cases",
        "identity",
    )?;
    if warm.status != 200 {
        bail!("the export answered {}", warm.status);
    }
    std::thread::sleep(Duration::from_millis(200));
    let (before, _) = server.rss_kib();
    let download = std::thread::spawn(move || {
        let t = Instant::now();
        let r = fetch(port, "/api/v1/export/incidents.csv", "identity");
        (r, t.elapsed())
    });
    let mut peak = before;
    let mut samples = 0u64;
    while !download.is_finished() {
        peak = peak.max(server.rss_kib().0);
        samples += 1;
        std::thread::sleep(Duration::from_millis(2));
    }
    let (resp, took) = download
        .join()
        .map_err(|_| anyhow::anyhow!("the download thread failed"))?;
    let resp = resp?;
    if resp.status != 200 {
        bail!("the export answered {}", resp.status);
    }
    let records = csv_records(&resp.body).saturating_sub(1);
    let (_, hwm) = server.rss_kib();
    let growth_mib = (peak.saturating_sub(before)) as f64 / 1024.0;
    let secs = took.as_secs_f64();
    let bytes = resp.body.len();
    println!(
        "{records} records, {:.1} MB in {secs:.2} s ({:.0} records/s, {:.1} MB/s)",
        bytes as f64 / 1e6,
        records as f64 / secs.max(1e-9),
        bytes as f64 / 1e6 / secs.max(1e-9)
    );
    println!(
        "server RSS {:.1} MiB before, {:.1} MiB peak while streaming ({samples} samples): +{growth_mib:.1} MiB; VmHWM {:.1} MiB",
        before as f64 / 1024.0,
        peak as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
    if size >= 100_000 {
        let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
        println!(
            "targets at 100k: ≤ {EXPORT_SECONDS} s {}, ≤ {EXPORT_RSS_GROWTH_MIB} MB growth {}",
            verdict(secs <= EXPORT_SECONDS),
            verdict(growth_mib <= EXPORT_RSS_GROWTH_MIB)
        );
    }
    if records != size {
        eprintln!("xtask: the export has {records} records, the database {size} incidents");
    }
    Ok(json!({
        "incidents": size, "records": records, "bytes": bytes, "seconds": secs,
        "rss_before_kib": before, "rss_peak_kib": peak, "rss_growth_mib": growth_mib, "vmhwm_kib": hwm,
        "rss_samples": samples,
    }))
}

/// What a reader downloads before the widget's first render, as this server sends it: the loader, the widget
/// page, its boot script, glue, WASM, CSS and first data. `requests` are the paths the browser asked for (from
/// bench.mjs: one embed's, the first request to each path); without them, the page's own links and the four
/// data requests the widget starts with.
fn weight(port: u16, requests: &[String]) -> Result<Value> {
    let mut paths: Vec<String> = requests.to_vec();
    if paths.is_empty() {
        let page = fetch(port, "/widget?lang=ru&embed=1", "identity")?;
        let html = String::from_utf8_lossy(&page.body).to_string();
        paths = vec!["/embed.js".to_owned(), "/widget?lang=ru&embed=1".to_owned()];
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                if let Some(p) = part.split('"').next()
                    && p.starts_with('/')
                    && !p.contains("favicon")
                {
                    paths.push(p.to_owned());
                }
            }
        }
        let manifest: Value = serde_json::from_slice(&std::fs::read(
            target_dir().join("web").join("manifest.json"),
        )?)?;
        if let Some(wasm) = manifest["widget"]["wasm"].as_str() {
            paths.push(format!("/static/{wasm}"));
        }
        paths.extend(
            [
                "/api/v1/version",
                "/api/v1/incidents",
                "/api/v1/facets",
                "/api/v1/timeline",
            ]
            .map(str::to_owned),
        );
    }
    println!();
    println!(
        "{:<64} {:>9} {:>9} {:>9}",
        "what a reader downloads before first render", "raw", "gzip", "brotli"
    );
    let mut total = [0usize; 3];
    let mut rows = Vec::new();
    for p in &paths {
        let mut sizes = [0usize; 3];
        let mut sent_as = String::new();
        for (k, enc) in ["identity", "gzip", "br"].into_iter().enumerate() {
            let r = fetch(port, p, enc)?;
            if r.status != 200 {
                bail!("{p} answered {}", r.status);
            }
            sizes[k] = r.body.len();
            total[k] += r.body.len();
            if k == 2 {
                // Small answers are sent uncompressed whatever the reader accepts.
                sent_as = r
                    .headers
                    .lines()
                    .find_map(|l| l.strip_prefix("content-encoding:"))
                    .map_or("identity", str::trim)
                    .to_owned();
            }
        }
        let shown: String = p.chars().take(64).collect();
        println!(
            "{:<64} {:>9} {:>9} {:>9}",
            shown, sizes[0], sizes[1], sizes[2]
        );
        rows.push(json!({"path": p, "raw": sizes[0], "gzip": sizes[1], "brotli": sizes[2], "brotli_sent_as": sent_as}));
    }
    println!(
        "{:<64} {:>9} {:>9} {:>9}",
        "total (bodies only; HTTP headers not counted)", total[0], total[1], total[2]
    );
    Ok(json!({"files": rows, "raw": total[0], "gzip": total[1], "brotli": total[2]}))
}

fn ensure_node_modules() -> Result<PathBuf> {
    let browser = root().join("tests").join("browser");
    if !browser
        .join("node_modules")
        .join("playwright-core")
        .exists()
    {
        crate::run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&browser),
        )?;
    }
    Ok(browser)
}

/// The browser's requests before the widget was interactive, the first to each path (so one embed's), as paths.
fn first_requests(report: &Value) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for r in report["requests"].as_array().into_iter().flatten() {
        let Some(url) = r["url"].as_str() else {
            continue;
        };
        let Some(path) = url
            .split("://")
            .nth(1)
            .and_then(|u| u.find('/').map(|i| &u[i..]))
        else {
            continue;
        };
        if seen.insert(path.split('?').next().unwrap_or(path).to_owned()) {
            out.push(path.to_owned());
        }
    }
    out
}

/// Runs tests/browser/bench.mjs against the server; returns its JSON report.
fn browser(port: u16, quick: bool) -> Result<Value> {
    let dir = ensure_node_modules()?;
    let chromium = crate::ensure_chromium()?;
    let mut cmd = Command::new("node");
    cmd.arg(dir.join("bench.mjs"))
        .args(["--base", &format!("http://127.0.0.1:{port}")])
        .env("CHROMIUM", chromium)
        .stderr(Stdio::inherit());
    if quick {
        cmd.arg("--quick");
    }
    let out = cmd.output().context("run node tests/browser/bench.mjs")?;
    if !out.status.success() {
        bail!("tests/browser/bench.mjs failed");
    }
    serde_json::from_slice(&out.stdout).context("bench.mjs printed no JSON report")
}

/// The browser report's main lines, for the terminal.
fn print_browser(r: &Value) {
    println!();
    println!(
        "browser (Chromium {}):",
        r["chromium"].as_str().unwrap_or("?")
    );
    let stat = |v: &Value| -> String {
        match (v["p50"].as_f64(), v["p95"].as_f64()) {
            (Some(a), Some(b)) => format!("{a:>8.0} {b:>8.0}"),
            _ => format!("{:>8} {:>8}", "-", "-"),
        }
    };
    println!("{:<52} {:>8} {:>8}", "", "p50 ms", "p95 ms");
    for net in ["unthrottled", "slow4g"] {
        let l = &r["load"][net];
        for key in [
            "host_fcp",
            "widget_first_render",
            "widget_first_paint",
            "widget_interactive",
            "main_thread_quiet",
        ] {
            println!("{:<52} {}", format!("load {net}: {key}"), stat(&l[key]));
        }
        let t = &r["timelinejs"][net];
        println!(
            "{:<52} {}",
            format!("TimelineJS3 {net}: first incident text"),
            stat(&t["first_text"])
        );
        println!(
            "{:<52} {:>8}",
            format!("  ratio ours/TimelineJS3 {net} (p50)"),
            t["ratio_p50"]
                .as_f64()
                .map_or("-".into(), |v| format!("{v:.2}"))
        );
        let bytes = |v: &Value| {
            v["p50"]
                .as_f64()
                .map_or("-".into(), |b| format!("{b:.0} B"))
        };
        println!(
            "{:<52} {:>8}   (TimelineJS3: {})",
            format!("bytes before first incident text {net} (p50)"),
            bytes(&l["first_text_bytes"]),
            bytes(&t["first_text_bytes"])
        );
        let h = &r["host_page"][net];
        for key in ["fcp_with", "fcp_without", "load_with", "load_without"] {
            println!(
                "{:<52} {}",
                format!("host page {net}: {key}"),
                stat(&h[key])
            );
        }
    }
    for target in ["widget", "demo", "demo_cross_origin"] {
        let i = &r["interaction"][target];
        if i.is_null() {
            continue;
        }
        for key in ["filter", "search", "search_minus_debounce", "search_enter"] {
            println!(
                "{:<52} {}",
                format!("interaction (CPU ×4) {target}: {key}"),
                stat(&i[key])
            );
        }
    }
    let sc = &r["interaction"]["scroll"];
    if !sc.is_null() {
        println!(
            "scrolling /widget's list (CPU ×4): to row {}, at most {} rows in the DOM, {} long tasks, longest {} ms",
            sc["deepest_row"], sc["max_rows_in_dom"], sc["count"], sc["longest_ms"]
        );
    }
}

struct GrowthRow {
    database: &'static str,
    /// /proc/loadavg before measuring: other work on the machine shows here.
    load_before: String,
    size: u64,
    generate_s: f64,
    startup_ms: f64,
    rss_idle_kib: u64,
    p50: Vec<(&'static str, f64, f64)>,
}

fn write_growth(dir: &Path, rows: &[GrowthRow]) -> Result<PathBuf> {
    let mut csv = String::from("database,incidents,endpoint,p50_ms,p95_ms\n");
    for r in rows {
        for (name, p50, p95) in &r.p50 {
            let _ = writeln!(csv, "{},{},{name},{p50:.3},{p95:.3}", r.database, r.size);
        }
    }
    let path = dir.join("growth.csv");
    std::fs::write(&path, csv)?;
    Ok(path)
}

/// growth.png from growth.csv with matplotlib (installed with pip when missing); skipped with a note if that
/// cannot be done.
fn plot(csv: &Path, png: &Path) {
    let script = root().join("xtask").join("plot_growth.py");
    let has = || {
        Command::new("python3")
            .args(["-c", "import matplotlib"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !has() {
        let _ = Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "matplotlib"])
            .status();
    }
    match Command::new("python3")
        .arg(&script)
        .arg(csv)
        .arg(png)
        .status()
    {
        Ok(s) if s.success() => println!("plot: {}", png.display()),
        _ => eprintln!(
            "xtask: no plot (python3 with matplotlib is needed); the numbers are in {}",
            csv.display()
        ),
    }
}

/// A fresh, empty database of each kind for the run.
fn databases(o: &Options, dir: &Path) -> Result<Vec<(&'static str, String)>> {
    let mut out = vec![("sqlite", format!("sqlite://{}/bench.db", dir.display()))];
    if let Some(admin) = &o.postgres {
        let name = format!("aqiqat_bench_{}", std::process::id());
        let created = Command::new("psql")
            .args([admin.as_str(), "-q", "-c"])
            .arg(format!("CREATE DATABASE {name}"))
            .status()
            .is_ok_and(|s| s.success());
        if created {
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
            out.push(("postgres", format!("{base}/{name}")));
        } else {
            eprintln!("xtask: PostgreSQL at {admin} is not reachable with psql: SQLite only");
        }
    }
    Ok(out)
}

fn drop_postgres(o: &Options, url: &str) {
    if let (Some(admin), Some((_, name))) = (&o.postgres, url.rsplit_once('/')) {
        let _ = Command::new("psql")
            .args([admin.as_str(), "-q", "-c"])
            .arg(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .status();
    }
}

pub fn run(sizes: &[FileSize], args: &[String]) -> Result<()> {
    let o = Options::parse(args)?;
    let out_dir = target_dir().join("bench");
    std::fs::create_dir_all(&out_dir)?;
    let dir = std::env::temp_dir().join(format!("aqiqat-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let browser_size = if o.quick { o.sizes[0] } else { BROWSER_SIZE };
    let load_size = if o.quick { o.sizes[0] } else { LOAD_SIZE };
    let bundle: Vec<Value> = sizes
        .iter()
        .map(|s| json!({"file": s.name, "raw": s.raw, "gzip": s.gzip, "brotli": s.brotli}))
        .collect();
    let mut report = json!({
        "date": today(),
        "quick": o.quick,
        "machine": machine(),
        "bundles": bundle,
    });
    report["snapshot_bytes"] = json!(snapshot_bytes(&dir)?);
    let mut growth = Vec::new();
    let mut loads = serde_json::Map::new();
    let mut exports = serde_json::Map::new();
    for (database, url) in databases(&o, &dir)? {
        let mut have = 0;
        for &size in &o.sizes {
            if !o.wants("growth") && size > browser_size.max(load_size) {
                break;
            }
            if database != "sqlite" && !o.wants("growth") && !o.wants("load") && !o.wants("export")
            {
                break;
            }
            let generate_s = generate(&url, size - have)?;
            have = size;
            if o.wants("growth") {
                growth.push(measure_growth(database, &url, size, generate_s, o.quick)?);
                if database == "sqlite" && size == browser_size {
                    println!("(reader pages, sqlite, {size} incidents)");
                    report["pages"] = page_timings(&url, o.quick)?;
                }
            }
            if o.wants("browser") && database == "sqlite" && size == browser_size {
                browser_and_weight(&url, o.quick, &mut report)?;
            }
            if o.wants("export") && size == load_size {
                println!();
                println!(
                    "CSV export, {database}, {size} incidents (load average {}):",
                    loadavg()
                );
                exports.insert(database.to_owned(), export_bench(&url, size)?);
            }
            if o.wants("load") && size == load_size {
                println!();
                println!(
                    "load test, {database}, {size} incidents (load average {}):",
                    loadavg()
                );
                loads.insert(database.to_owned(), load_test(&url, &dir, o.quick)?);
            }
        }
        if database == "postgres" {
            drop_postgres(&o, &url);
        }
    }
    report["load"] = Value::Object(loads);
    report["export"] = Value::Object(exports);
    report["growth"] = growth
        .iter()
        .map(|r| {
            json!({
                "database": r.database, "incidents": r.size, "generate_s": r.generate_s,
                "startup_ms": r.startup_ms, "rss_idle_kib": r.rss_idle_kib, "loadavg_before": r.load_before,
                "endpoints": r.p50.iter().map(|(n, a, b)| json!({"endpoint": n, "p50_ms": a, "p95_ms": b})).collect::<Vec<_>>(),
            })
        })
        .collect();
    if !growth.is_empty() {
        print_growth(&growth);
        let csv = write_growth(&out_dir, &growth)?;
        if !o.quick {
            plot(&csv, &out_dir.join("growth.png"));
        }
    }
    let name = format!("report-{}.json", o.parts.join("-"));
    std::fs::write(out_dir.join(&name), serde_json::to_vec_pretty(&report)?)?;
    println!("report: {}", out_dir.join(name).display());
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn print_growth(rows: &[GrowthRow]) {
    println!();
    println!("growth: p50 ms by number of incidents");
    let mut header = format!(
        "{:<10} {:>9} {:>8} {:>8}",
        "database", "incidents", "start ms", "gen s"
    );
    if let Some(first) = rows.first() {
        for (n, _, _) in &first.p50 {
            let _ = write!(header, " {:>9}", n.chars().take(9).collect::<String>());
        }
    }
    println!("{header}");
    for r in rows {
        let mut line = format!(
            "{:<10} {:>9} {:>8.0} {:>8.1}",
            r.database, r.size, r.startup_ms, r.generate_s
        );
        for (_, p50, _) in &r.p50 {
            let _ = write!(line, " {p50:>9.2}");
        }
        println!("{line}");
    }
}

/// Latency of every endpoint at this size (memo off: the cost of computing each answer), start-up and idle RSS.
fn measure_growth(
    database: &'static str,
    url: &str,
    size: u64,
    generate_s: f64,
    quick: bool,
) -> Result<GrowthRow> {
    let load_before = loadavg();
    // Start-up: three cold starts of the server on this (migrated) database; the median.
    let mut starts = Vec::new();
    for _ in 0..3 {
        let (s, took) = start(url, None)?;
        starts.push(ms(took));
        drop(s);
    }
    starts.sort_by(f64::total_cmp);
    let (server, _) = start_with(url, None, false)?;
    let (rss_idle_kib, _) = server.rss_kib();
    let p50 = latencies(server.port, quick)?;
    drop(server);
    println!();
    println!(
        "{database}, {size} incidents (+{} claims): generated in {generate_s:.1} s; start to first answer {:.0} ms; idle RSS {:.1} MiB",
        size / 10,
        starts[1],
        rss_idle_kib as f64 / 1024.0
    );
    println!(
        "{:<20} {:>9} {:>9}   (facets, timelines, lists computed every time)",
        "endpoint", "p50 ms", "p95 ms"
    );
    for (name, a, b) in &p50 {
        println!("{name:<20} {a:>9.2} {b:>9.2}");
    }
    Ok(GrowthRow {
        database,
        load_before,
        size,
        generate_s,
        startup_ms: starts[1],
        rss_idle_kib,
        p50,
    })
}

/// Rendering reader pages from this database: with the memo off every request renders from the database (a miss);
/// with it on, every request after the first is served from it (a hit). Sequential requests, one connection each.
fn page_timings(url: &str, quick: bool) -> Result<Value> {
    let pages = [
        ("widget", "/widget?lang=ru&embed=1"),
        (
            "widget_filtered",
            "/widget?lang=kk&category=court_cases&embed=1",
        ),
        ("incident_page", "/i/syn-i-42"),
        ("list_page", "/?lang=en"),
    ];
    let n = if quick { 20 } else { 300 };
    let mut out = serde_json::Map::new();
    println!();
    println!(
        "{:<36} {:>8} {:>8} {:>8}",
        "page rendering", "p50 ms", "p95 ms", "p99 ms"
    );
    for memo in [false, true] {
        let (server, _) = start_with(url, None, memo)?;
        let case = if memo { "hit" } else { "miss" };
        for (name, path) in pages {
            get_status(server.port, path)?;
            let mut times = Vec::with_capacity(n);
            for _ in 0..n {
                let t = Instant::now();
                let status = get_status(server.port, path)?;
                times.push(ms(t.elapsed()));
                if status != 200 {
                    bail!("{path} answered {status}");
                }
            }
            times.sort_by(f64::total_cmp);
            let (a, b, c) = (
                percentile(&times, 50.0),
                percentile(&times, 95.0),
                percentile(&times, 99.0),
            );
            println!(
                "{:<36} {a:>8.2} {b:>8.2} {c:>8.2}",
                format!("{name} ({case})")
            );
            out.insert(
                format!("{name}_{case}"),
                json!({"path": path, "n": n, "p50_ms": a, "p95_ms": b, "p99_ms": c}),
            );
        }
    }
    Ok(Value::Object(out))
}

fn browser_and_weight(url: &str, quick: bool, report: &mut Value) -> Result<()> {
    println!();
    println!("browser and weight (load average {}):", loadavg());
    let (server, _) = start(url, None)?;
    let b = browser(server.port, quick)?;
    print_browser(&b);
    let requests = first_requests(&b);
    report["weight"] = weight(server.port, &requests)?;
    report["browser"] = b;
    Ok(())
}

/// The 1, 5 and 15 minute load averages: how busy the machine was besides this run.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The conditions of the run, for the record.
fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    json!({"cpu": cpu, "cores": cores, "memory": mem, "os": std::env::consts::OS, "loadavg_at_start": loadavg()})
}

fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// The widget bundle's files as `dist` left them (sizes from the precompressed copies beside them).
pub fn built_sizes() -> Result<Vec<FileSize>> {
    let web = target_dir().join("web");
    let manifest: Value = serde_json::from_slice(
        &std::fs::read(web.join("manifest.json"))
            .context("no build to measure: run `cargo xtask dist` (or drop --no-build)")?,
    )?;
    let len = |name: &str| std::fs::metadata(web.join(name)).map_or(0, |m| m.len() as usize);
    let mut out = Vec::new();
    for key in ["wasm", "js", "css"] {
        let name = manifest["widget"][key]
            .as_str()
            .context("manifest.json has no widget bundle")?;
        out.push(FileSize {
            name: name.to_owned(),
            raw: len(name),
            gzip: len(&format!("{name}.gz")),
            brotli: len(&format!("{name}.br")),
        });
    }
    Ok(out)
}
