//! Project tasks in Rust instead of a Makefile:
//!
//! - `cargo xtask dist`: release server + WASM bundles (offline: wasm-bindgen as a library, wasm-opt from npm),
//!   content-hashed and precompressed into `<target>/web`, where `target/release/aqiqat serve` finds them.
//! - `cargo xtask bundles [NAME...]`: only the WASM bundles of `dist` (all, or those named), for front-end work:
//!   sizes without building the server.
//!   With `AQIQAT_KEEP_NAMES=1` the name section is kept in `<target>/wasm-bindgen/<name>/<name>_named.wasm`
//!   (before wasm-opt) for size analysis, e.g. `twiggy top -n 40` on it.
//! - `cargo xtask demo`: `dist`, then start the server on the embedded database with the demo data.
//! - `cargo xtask test`: every test: the workspace's Rust tests, then the browser tests in headless Chromium.
//! - `cargo xtask bench`: bundle sizes (raw, gzip, brotli) and API latency, printed as numbers.

mod bench;

use std::env;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};
use aqiqat_shared::manifest::{self, Bundle, Manifest};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const WASM_PROFILE: &str = "wasm-release";
/// binaryen from npm: Debian's wasm-opt (108) silently breaks current wasm-bindgen output (see TOOLCHAIN notes).
const BINARYEN: &str = "binaryen@132.0.0";
/// The bundle of a snapshot's widget (`aqiqat snapshot`): the widget's code and stylesheet with feature `snapshot`.
const SNAPSHOT: &str = "snapshot";
/// Every `frontend/src/bin/<name>.rs` is a bundle; the widget must be one of them.
fn bundles() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join("frontend").join("src").join("bin"))
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .filter_map(|e| {
                    e.file_name()
                        .to_str()
                        .and_then(|n| n.strip_suffix(".rs"))
                        .map(str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default();
    // The widget first: the manifest's first bundle is the widget.
    names.sort_by_key(|n| (n != "widget", n.clone()));
    names
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dist") => dist().map(|_| ()),
        Some("bundles") => build_bundles(&args[1..]).map(|sizes| print_sizes(&sizes)),
        Some("demo") => demo(),
        Some("test") => test(),
        Some("bench") if args.iter().any(|a| a == "--no-build") => {
            bench::built_sizes().and_then(|sizes| bench::run(&sizes, &args[1..]))
        }
        Some("bench") => dist().and_then(|sizes| bench::run(&sizes, &args[1..])),
        // The API fuzzing step of `test` alone, on the release server `dist` built.
        Some("fuzz") => bench::fuzz_api(),
        _ => {
            eprintln!("usage: cargo xtask <dist | bundles | demo | test | bench | fuzz>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

pub fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

fn cargo() -> Command {
    let mut c = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root());
    c
}

pub fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("xtask: running {cmd:?}");
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

fn ensure_wasm_target() -> Result<()> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match out {
        Ok(o)
            if String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == WASM_TARGET) =>
        {
            Ok(())
        }
        Ok(_) => run(Command::new("rustup").args(["target", "add", WASM_TARGET])),
        // Without rustup the toolchain must already have the target; cargo will say so if not.
        Err(_) => Ok(()),
    }
}

/// wasm-opt from the npm package `binaryen`, installed once into the target directory.
fn wasm_opt() -> Option<PathBuf> {
    let dir = target_dir().join("tools").join("binaryen");
    let bin = dir.join("node_modules").join(".bin").join("wasm-opt");
    if bin.exists() {
        return Some(bin);
    }
    let ok = Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(&dir)
        .arg(BINARYEN)
        .status()
        .is_ok_and(|s| s.success());
    if ok && bin.exists() {
        Some(bin)
    } else {
        eprintln!(
            "xtask: warning: could not install {BINARYEN} with npm; bundles are not size-optimized"
        );
        None
    }
}

/// FNV-1a, 64 bits: a stable content fingerprint for cache-busting file names (not a security hash).
fn fingerprint(parts: &[&[u8]]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in *p {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:012x}", h & 0xffff_ffff_ffff)
}

/// Raw, gzip -9 and brotli -q 11 sizes of one served file.
#[derive(Debug, Clone)]
pub struct FileSize {
    pub name: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

fn write_compressed(dir: &Path, name: &str, bytes: &[u8]) -> Result<FileSize> {
    fs::write(dir.join(name), bytes)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    let gz = gz.finish()?;
    fs::write(dir.join(format!("{name}.gz")), &gz)?;
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params)?;
    fs::write(dir.join(format!("{name}.br")), &br)?;
    Ok(FileSize {
        name: name.to_owned(),
        raw: bytes.len(),
        gzip: gz.len(),
        brotli: br.len(),
    })
}

/// Component stylesheets and the bundles that include them.
const SHARED_CSS: [(&str, &[&str]); 1] = [("builder.css", &["admin", "embed"])];

/// The stylesheet of a bundle: its own, but the snapshot's is the widget's.
fn css_name(name: &str) -> &str {
    if name == SNAPSHOT { "widget" } else { name }
}

fn build_bundle(name: &str, out: &Path, opt: Option<&Path>) -> Result<(Bundle, Vec<FileSize>)> {
    let input = target_dir()
        .join(WASM_TARGET)
        .join(WASM_PROFILE)
        .join(format!("{name}.wasm"));
    let gen_dir = target_dir().join("wasm-bindgen").join(name);
    if gen_dir.exists() {
        fs::remove_dir_all(&gen_dir)?;
    }
    fs::create_dir_all(&gen_dir)?;
    if env::var_os("AQIQAT_KEEP_NAMES").is_some_and(|v| v == "1") {
        // The same wasm-bindgen output with the function names kept, for twiggy; never served.
        let named_dir = gen_dir.join("named");
        wasm_bindgen_cli_support::Bindgen::new()
            .input_path(&input)
            .web(true)?
            .typescript(false)
            .remove_name_section(false)
            .remove_producers_section(true)
            .generate(&named_dir)
            .with_context(|| format!("wasm-bindgen on {}", input.display()))?;
        fs::rename(
            named_dir.join(format!("{name}_bg.wasm")),
            gen_dir.join(format!("{name}_named.wasm")),
        )?;
        fs::remove_dir_all(&named_dir)?;
    }
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&input)
        .web(true)?
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&gen_dir)
        .with_context(|| format!("wasm-bindgen on {}", input.display()))?;
    let glue = gen_dir.join(format!("{name}.js"));
    let wasm = gen_dir.join(format!("{name}_bg.wasm"));
    if let Some(opt) = opt {
        let optimized = gen_dir.join(format!("{name}_opt.wasm"));
        // `-Os --low-memory-unused` (addresses below 1024 are never used by Rust's wasm32 layout, which puts the
        // stack first): measured against `-Oz`, the widget's wasm is 1.3 KB smaller brotli (+4 % raw), the admin's
        // 2.6 KB; `--converge`, `--gufa`, `-O2`, `-O3` were no better.
        run(Command::new(opt)
            .arg("-Os")
            .arg("--low-memory-unused")
            .arg("--enable-bulk-memory")
            .arg("--enable-nontrapping-float-to-int")
            .arg("--enable-sign-ext")
            .arg("--enable-reference-types")
            .arg("--enable-mutable-globals")
            .arg("--enable-multivalue")
            .arg(&wasm)
            .arg("-o")
            .arg(&optimized))?;
        fs::rename(&optimized, &wasm)?;
    }
    let js = fs::read(&glue)?;
    let wasm = fs::read(&wasm)?;
    let style = root().join("frontend").join("style");
    let mut css = fs::read_to_string(style.join(format!("{}.css", css_name(name))))
        .with_context(|| format!("frontend/style/{}.css", css_name(name)))?;
    // Stylesheets of components that several bundles compile in (the embed builder: `/embed` and the admin's
    // partner page), appended to each of those bundles' own.
    for (file, users) in SHARED_CSS {
        if users.contains(&name) {
            css.push('\n');
            css.push_str(
                &fs::read_to_string(style.join(file))
                    .with_context(|| format!("frontend/style/{file}"))?,
            );
        }
    }
    let css = aqiqat_shared::css::minify(&css).into_bytes();
    let hash = fingerprint(&[&js, &wasm, &css]);
    let bundle = Bundle {
        js: format!("{name}-{hash}.js"),
        wasm: format!("{name}-{hash}_bg.wasm"),
        css: format!("{name}-{hash}.css"),
    };
    let sizes = vec![
        write_compressed(out, &bundle.wasm, &wasm)?,
        write_compressed(out, &bundle.js, &js)?,
        write_compressed(out, &bundle.css, &css)?,
    ];
    Ok((bundle, sizes))
}

/// Builds everything `target/release/aqiqat serve` needs. Returns the served bundle files' sizes.
fn dist() -> Result<Vec<FileSize>> {
    let sizes = build_bundles(&[])?;
    run(cargo().args([
        "build",
        "--release",
        "-p",
        "aqiqat-backend",
        "--bin",
        "aqiqat",
    ]))?;
    print_sizes(&sizes);
    eprintln!(
        "xtask: built {} and {}",
        target_dir().join("release").join("aqiqat").display(),
        target_dir().join("web").display()
    );
    Ok(sizes)
}

/// The WASM bundles (all, or only those named) and their manifest in `<target>/web`. Returns the served bundle
/// files' sizes.
fn build_bundles(only: &[String]) -> Result<Vec<FileSize>> {
    ensure_wasm_target()?;
    let mut build = cargo();
    build.args([
        "build",
        "--profile",
        WASM_PROFILE,
        "--target",
        WASM_TARGET,
        "-p",
        "aqiqat-frontend",
    ]);
    // Leptos' type-erased components come from `.cargo/config.toml` (`--cfg erase_components`), as for the server.
    let mut names = bundles();
    if !only.is_empty() {
        names.retain(|n| only.contains(n));
    }
    // The snapshot bundle is the widget built with other features (its `api` answers from static files), so it
    // is a build of its own: in one build, features unify and the widget would carry the local engine too.
    for b in names.iter().filter(|n| *n != SNAPSHOT) {
        build.args(["--bin", b]);
    }
    run(&mut build)?;
    if names.iter().any(|n| n == SNAPSHOT) {
        run(cargo().args([
            "build",
            "--profile",
            WASM_PROFILE,
            "--target",
            WASM_TARGET,
            "-p",
            "aqiqat-frontend",
            "--no-default-features",
            "--features",
            "snapshot",
            "--bin",
            SNAPSHOT,
        ]))?;
    }
    let opt = wasm_opt();
    let out = target_dir().join("web");
    if out.exists() {
        fs::remove_dir_all(&out)?;
    }
    fs::create_dir_all(&out)?;
    let mut sizes = Vec::new();
    let mut bundles = Vec::new();
    for b in &names {
        let (bundle, s) = build_bundle(b, &out, opt.as_deref())?;
        bundles.push((b.clone(), bundle));
        sizes.extend(s);
    }
    let take = |name: &str| {
        bundles
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
    };
    let manifest = Manifest {
        widget: take("widget").context("no widget bundle")?,
        admin: take("admin"),
        embed: take("embed"),
        snapshot: take(SNAPSHOT),
    };
    fs::write(
        out.join(manifest::FILE_NAME),
        serde_json::to_vec_pretty(&manifest)?,
    )?;
    Ok(sizes)
}

fn print_sizes(sizes: &[FileSize]) {
    println!(
        "{:<40} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip -9", "brotli 11"
    );
    for s in sizes {
        println!(
            "{:<40} {:>10} {:>10} {:>10}",
            s.name, s.raw, s.gzip, s.brotli
        );
    }
    let (r, g, b) = sizes.iter().fold((0, 0, 0), |(r, g, b), s| {
        (r + s.raw, g + s.gzip, b + s.brotli)
    });
    println!(
        "{:<40} {:>10} {:>10} {:>10}",
        "total (wasm + js + css)", r, g, b
    );
}

fn demo() -> Result<()> {
    dist()?;
    let bin = target_dir().join("release").join("aqiqat");
    let mut cmd = Command::new(&bin);
    cmd.arg("serve").current_dir(root());
    if env::var_os("AQIQAT_DEMO").is_none() {
        cmd.env("AQIQAT_DEMO", "1");
    }
    eprintln!("xtask: starting Aqiqat: open http://127.0.0.1:8080/demo (Ctrl-C stops it)");
    run(&mut cmd)
}

/// Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser of its own).
fn ensure_chromium() -> Result<String> {
    if let Ok(path) = env::var("CHROMIUM") {
        return Ok(path);
    }
    let path = "/usr/bin/chromium";
    if !Path::new(path).exists() {
        let is_root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0"));
        if !is_root {
            bail!(
                "browser tests need Chromium: `sudo apt-get install chromium`, or set CHROMIUM=/path/to/chromium"
            );
        }
        run(Command::new("apt-get").arg("update").arg("-q"))?;
        run(Command::new("apt-get")
            .args([
                "install",
                "-y",
                "-q",
                "--no-install-recommends",
                "chromium",
                "fonts-dejavu-core",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"))?;
    }
    Ok(path.to_owned())
}

fn test() -> Result<()> {
    match env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => eprintln!("xtask: PostgreSQL tests: ON ({url})"),
        _ if ["CI", "AQIQAT_CI"]
            .iter()
            .any(|v| env::var(v).is_ok_and(|x| !x.is_empty() && x != "0" && x != "false")) =>
        {
            bail!("TEST_DATABASE_URL is not set, and CI must run the PostgreSQL tests")
        }
        _ => eprintln!(
            "xtask: PostgreSQL tests: SKIPPED (TEST_DATABASE_URL is not set; e.g. postgres://postgres@127.0.0.1:5432/postgres)"
        ),
    }
    // The bundles first: the end-to-end tests of `aqiqat snapshot` copy them (and refuse to skip in CI).
    dist()?;
    run(cargo().args(["test", "--workspace", "--exclude", "aqiqat-frontend"]))?;
    // The front end's own unit tests run on the host: the JSON mapping the bundles use, and every UI string in all
    // three languages (the reader views as the server builds them, with the admin panel's code).
    run(cargo().args([
        "test",
        "-p",
        "aqiqat-frontend",
        "--lib",
        "--no-default-features",
        "--features",
        "ssr,admin",
    ]))?;
    // Tests timed for optimized code, as the server runs it (ignored in the debug run above); the release build
    // of the dependencies is the one `dist` just made.
    run(cargo().args([
        "test",
        "--release",
        "-p",
        "aqiqat-backend",
        "--lib",
        "import::tests::a_five_megabyte",
    ]))?;
    let browser = root().join("tests").join("browser");
    if !browser
        .join("node_modules")
        .join("playwright-core")
        .exists()
    {
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&browser))?;
    }
    let chromium = ensure_chromium()?;
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1"])
        .args(
            [
                "widget.test.mjs",
                "admin.test.mjs",
                "scale.test.mjs",
                "privacy.test.mjs",
                "a11y.test.mjs",
                "builder.test.mjs",
                "snapshot.test.mjs",
            ]
            .map(|f| browser.join(f)),
        )
        .env("AQIQAT_BIN", target_dir().join("release").join("aqiqat"))
        .env("CHROMIUM", chromium)
        .current_dir(&browser))?;
    // API fuzzing against the generated OpenAPI document (bounded: AQIQAT_FUZZ_SECONDS for the whole step, default 170).
    bench::fuzz_api()
}
