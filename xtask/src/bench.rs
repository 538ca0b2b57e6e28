//! `cargo xtask bench`: prints the widget's transfer size and the public API's latency over loopback, measured on
//! the release server with the demo data. Numbers only; nothing here passes or fails on a threshold.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{FileSize, target_dir};

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

pub fn run(sizes: &[FileSize]) -> Result<()> {
    let dir = tempfile_dir()?;
    let port = free_port()?;
    let child = Command::new(target_dir().join("release").join("aqiqat"))
        .arg("serve")
        .env("AQIQAT_ADDR", format!("127.0.0.1:{port}"))
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/bench.db", dir.display()),
        )
        .env("AQIQAT_DEMO", "1")
        .env("AQIQAT_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .context("start the release server")?;
    let _server = Server(child);
    let start = Instant::now();
    while get(port, "/healthz").map_or(true, |s| s != 200) {
        if start.elapsed() > Duration::from_secs(30) {
            bail!("the server did not become healthy in 30 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    println!();
    println!(
        "API latency, release build, demo data (38 incidents), one connection per request, sequential:"
    );
    println!(
        "{:<60} {:>8} {:>8} {:>8}",
        "endpoint", "p50 ms", "p95 ms", "max ms"
    );
    let endpoints = [
        "/api/v1/incidents",
        "/api/v1/incidents?category=court_cases&limit=50",
        "/api/v1/incidents?q=%D1%83%D1%82%D0%B5%D1%87%D0%BA%D0%B8",
        "/api/v1/claims",
        "/api/v1/facets",
        "/api/v1/facets?category=personal_data&q=%D0%B4%D0%B0%D0%BD%D0%BD%D1%8B%D0%B5",
        "/api/v1/timeline",
        "/api/v1/incidents/vlast-ddos-attacks-2025-12",
    ];
    for path in endpoints {
        let mut times = Vec::with_capacity(200);
        for _ in 0..200 {
            let t = Instant::now();
            let status = get(port, path)?;
            times.push(t.elapsed());
            if status != 200 && status != 404 {
                bail!("{path} answered {status}");
            }
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<60} {:>8.2} {:>8.2} {:>8.2}",
            path,
            ms(times[times.len() / 2]),
            ms(times[times.len() * 95 / 100]),
            ms(times[times.len() - 1])
        );
    }
    let (g, b) = sizes
        .iter()
        .fold((0, 0), |(g, b), s| (g + s.gzip, b + s.brotli));
    println!();
    println!("widget transfer size (wasm + js + css): gzip {g} bytes, brotli {b} bytes");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("aqiqat-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
