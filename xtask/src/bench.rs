//! `cargo xtask bench`: prints the widget's transfer size and the public API's latency over loopback, measured on
//! the release server: with the demo data (38 incidents), and with 10,000 incidents made from it. Numbers only;
//! nothing here passes or fails on a threshold.

use std::io::{BufWriter, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::{FileSize, root, target_dir};

const LARGE: usize = 10_000;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn aqiqat() -> Command {
    Command::new(target_dir().join("release").join("aqiqat"))
}

/// One HTTP/1.1 GET over a fresh connection; returns the status code.
fn get(port: u16, path: &str) -> Result<u16> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n"
    )?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    let head = String::from_utf8_lossy(&buf[..buf.len().min(16)]).to_string();
    head.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .with_context(|| format!("bad response to {path}: {head:?}"))
}

fn start(database_url: &str, demo: bool) -> Result<(Server, u16)> {
    let port = free_port()?;
    let mut cmd = aqiqat();
    cmd.arg("serve")
        .env("AQIQAT_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .env("AQIQAT_LOG", "warn")
        .stdout(Stdio::null());
    if demo {
        cmd.env("AQIQAT_DEMO", "1");
    }
    let server = Server(cmd.spawn().context("start the release server")?);
    let begun = Instant::now();
    while get(port, "/healthz").map_or(true, |s| s != 200) {
        if begun.elapsed() > Duration::from_secs(60) {
            bail!("the server did not become healthy in 60 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((server, port))
}

fn latency_table(port: u16, title: &str, detail_id: &str) -> Result<()> {
    println!();
    println!("{title}");
    println!(
        "{:<64} {:>8} {:>8} {:>8}",
        "endpoint", "p50 ms", "p95 ms", "max ms"
    );
    let detail = format!("/api/v1/incidents/{detail_id}");
    let endpoints = [
        "/api/v1/incidents",
        "/api/v1/incidents?category=court_cases&limit=50",
        "/api/v1/incidents?q=%D1%83%D1%82%D0%B5%D1%87%D0%BA%D0%B8",
        "/api/v1/claims",
        "/api/v1/facets",
        "/api/v1/facets?category=personal_data&q=%D0%B4%D0%B0%D0%BD%D0%BD%D1%8B%D0%B5",
        "/api/v1/timeline",
        detail.as_str(),
    ];
    for path in endpoints {
        let mut times = Vec::with_capacity(200);
        for _ in 0..200 {
            let t = Instant::now();
            let status = get(port, path)?;
            times.push(t.elapsed());
            if status != 200 {
                bail!("{path} answered {status}");
            }
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<64} {:>8.2} {:>8.2} {:>8.2}",
            path,
            ms(times[times.len() / 2]),
            ms(times[times.len() * 95 / 100]),
            ms(times[times.len() - 1])
        );
    }
    Ok(())
}

/// An export file (the `aqiqat import-data` format) of `n` published incidents made from the demo ones, with
/// distinct ids, titles, dates and links.
fn synthetic_export(path: &Path, n: usize) -> Result<()> {
    let demo: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(
        root().join("backend/demo/incidents.json"),
    )?)?;
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    let header = json!({"type": "header", "format": "aqiqat-export", "format_version": 1, "schema": [], "exported_at": "bench"});
    writeln!(out, "{header}")?;
    for i in 0..n {
        let mut doc = demo[i % demo.len()].clone();
        doc["id"] = json!(format!("bench-{i:05}"));
        let title = doc["title"]["ru"].as_str().unwrap_or("").to_owned();
        doc["title"]["ru"] = json!(format!("{title} ({i})"));
        let (year, month, day) = (2016 + (i / 336) % 10, 1 + (i / 28) % 12, 1 + i % 28);
        doc["date"] = json!(format!("{year:04}-{month:02}-{day:02}"));
        doc.as_object_mut().map(|o| o.remove("end_date"));
        if let Some(sources) = doc["sources"].as_array_mut() {
            for (k, s) in sources.iter_mut().enumerate() {
                s["url"] = json!(format!("https://example.kz/bench/{i}/{k}"));
            }
        }
        let line = json!({
            "type": "item", "kind": "incident", "id": doc["id"], "status": "published", "version": 1, "doc": doc,
            "author_id": null, "submitted_by": null, "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z", "published_at": "2026-01-01T00:00:00Z", "origin": "bench"
        });
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}

pub fn run(sizes: &[FileSize]) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("aqiqat-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    {
        let (_server, port) = start(&format!("sqlite://{}/demo.db", dir.display()), true)?;
        latency_table(
            port,
            "API latency, release build, SQLite, demo data (38 incidents, 8 claims), one connection per request, sequential:",
            "vlast-ddos-attacks-2025-12",
        )?;
    }
    let export = dir.join("large.jsonl");
    synthetic_export(&export, LARGE)?;
    let url = format!("sqlite://{}/large.db", dir.display());
    let t = Instant::now();
    let status = aqiqat()
        .args(["import-data", "--database-url", &url])
        .arg(&export)
        .env("AQIQAT_LOG", "warn")
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        bail!("import-data of the synthetic export failed");
    }
    println!();
    println!(
        "import-data of {LARGE} incidents into SQLite: {:.1} s",
        t.elapsed().as_secs_f64()
    );
    {
        let (_server, port) = start(&url, false)?;
        latency_table(
            port,
            &format!("API latency, release build, SQLite, {LARGE} incidents:"),
            "bench-00042",
        )?;
    }
    let (g, b) = sizes
        .iter()
        .filter(|s| s.name.starts_with("widget-"))
        .fold((0, 0), |(g, b), s| (g + s.gzip, b + s.brotli));
    println!();
    println!("widget transfer size (wasm + js + css): gzip {g} bytes, brotli {b} bytes");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
