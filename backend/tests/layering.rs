//! The layering invariants of ARCHITECTURE.md that a compiler does not check: the data layer knows nothing of HTTP
//! or of sessions (`http` → `editorial` → `db`, never back).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Files under `src/<module>` that mention any of `forbidden`, with the line.
fn offenders(module: &str, forbidden: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src")
            .join(module),
        &mut files,
    );
    assert!(!files.is_empty(), "no sources under src/{module}");
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read");
        for (n, line) in text.lines().enumerate() {
            if forbidden.iter().any(|w| line.contains(w)) {
                found.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_data_layer_imports_nothing_from_http_or_sessions() {
    let found = offenders(
        "db",
        &["crate::http", "super::http", "tower_sessions", "axum"],
    );
    assert!(
        found.is_empty(),
        "db must not depend on HTTP:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_editorial_service_imports_nothing_from_http() {
    let found = offenders("editorial", &["crate::http", "axum", "tower_sessions"]);
    assert!(
        found.is_empty(),
        "editorial must not depend on HTTP:\n{}",
        found.join("\n")
    );
}
