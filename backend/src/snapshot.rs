//! `aqiqat snapshot`: a self-contained static copy of the reader widget for a partner's own domain, so that embeds
//! keep working where this server's domain is blocked. Any static file server can host it: every file is plain
//! (no `Content-Encoding` needed), addressed by its path (no query string is read by the server), and nothing is
//! requested from another origin.
//!
//! ```text
//! index.html           the widget's page, rendered like `/widget` from the local engine's answers
//! boot.js              starts the snapshot bundle (unpacks its gzip-compressed WebAssembly)
//! static/snapshot-<hash>.js, static/snapshot-<hash>_bg.wasm.gz
//! style.css            the reader stylesheet, for the public pages
//! data/<lang>.json.gz  one dataset per language (`aqiqat_shared::local::Dataset`), gzip-compressed
//! i/<id>.html, c/<id>.html   the public pages of the published incidents and claims
//! ```
//!
//! The data is built from the same reads as the public API (`Db::incident_detail`, `Db::claim_detail`) plus the
//! keys the filters use; the snapshot bundle answers the widget's questions from it with the shared local engine.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use aqiqat_frontend::i18n::ui;
use aqiqat_frontend::ssr::{self, Head, Script};
use aqiqat_shared::local::{self, Dataset, FORMAT, LocalClaim, LocalIncident, StepRef};
use aqiqat_shared::manifest::Bundle;
use aqiqat_shared::view::{PageKind, Surface, Tab, ViewState, public_path};
use aqiqat_shared::{Lang, ListQuery};

use crate::config::SnapshotArgs;
use crate::db::Db;
use crate::http::web::WebAssets;

/// What to write, checked before anything is read.
#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    pub state: ViewState,
    pub static_dir: PathBuf,
    pub bundle: Bundle,
    pub reader_css: String,
    pub public_url: Option<String>,
}

impl Options {
    pub fn new(args: &SnapshotArgs, assets: &WebAssets) -> anyhow::Result<Options> {
        let query = ListQuery::parse_query_string(&args.view_query())
            .map_err(|e| anyhow::anyhow!("--{}: {}", e.field, e.message))?;
        let state = ViewState {
            query,
            tab: if args.claims {
                Tab::Claims
            } else {
                Tab::Incidents
            },
            ..ViewState::default()
        };
        let Some(bundle) = assets.manifest.as_ref().and_then(|m| m.snapshot.clone()) else {
            bail!(
                "the snapshot bundle is not built in {}: run `cargo xtask dist` first, or point --static-dir at \
                 the directory it wrote (target/web)",
                assets.dir.display()
            );
        };
        for f in [&bundle.js, &format!("{}.gz", bundle.wasm)] {
            let path = assets.dir.join(f);
            if !path.is_file() {
                bail!(
                    "the snapshot bundle is incomplete: {} is missing (run `cargo xtask dist` again)",
                    path.display()
                );
            }
        }
        if args.out.exists() {
            let mut entries =
                fs::read_dir(&args.out).with_context(|| format!("--out {}", args.out.display()))?;
            if entries.next().is_some() {
                bail!(
                    "--out {} is not empty: write each snapshot into a new directory (see README: refreshing a \
                     snapshot)",
                    args.out.display()
                );
            }
        }
        Ok(Options {
            out: args.out.clone(),
            state,
            static_dir: assets.dir.clone(),
            bundle,
            reader_css: assets.reader_css.clone(),
            public_url: args.public_url.clone(),
        })
    }
}

/// What a snapshot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub incidents: usize,
    pub claims: usize,
    pub files: usize,
    pub bytes: u64,
}

/// The datasets of every language, from the database's published items.
pub async fn datasets(db: &Db) -> anyhow::Result<Vec<Dataset>> {
    let version = u64::try_from(db.data_version().await?).unwrap_or(0);
    let incidents = db.published_incidents().await?;
    let claims = db.published_claims().await?;
    let steps = db.snapshot_steps().await?;
    let stories = db.snapshot_stories().await?;
    let mut incident_steps: HashMap<&str, Vec<StepRef>> = HashMap::new();
    let mut claim_steps: HashMap<&str, Vec<StepRef>> = HashMap::new();
    for s in &steps {
        if let Some(i) = &s.incident {
            incident_steps.entry(i).or_default().push(s.step.clone());
        }
        if let Some(c) = &s.claim {
            claim_steps.entry(c).or_default().push(s.step.clone());
        }
    }
    let taken_at = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let mut out = Vec::new();
    for lang in Lang::ALL {
        let mut local_incidents = Vec::with_capacity(incidents.len());
        for i in &incidents {
            let id = i.id.as_str();
            // Published when read a moment ago; an item unpublished meanwhile is left out.
            let Some(detail) = db.incident_detail(id, lang).await? else {
                continue;
            };
            let (date_lo, date_hi) = i.bounds();
            let (month_lo, month_hi) = i.months();
            local_incidents.push(LocalIncident {
                detail,
                sort_key: i.sort_key(),
                date_lo,
                date_hi,
                month_lo,
                month_hi,
                stems: local::unique_stems(&crate::search::index_text(i.search_text())),
                steps: incident_steps.get(id).cloned().unwrap_or_default(),
            });
        }
        let mut local_claims = Vec::with_capacity(claims.len());
        for c in &claims {
            let id = c.id.as_str();
            let Some(detail) = db.claim_detail(id, lang).await? else {
                continue;
            };
            local_claims.push(LocalClaim {
                detail,
                sort_key: c.date.sort_key(),
                date_lo: c.date.first_day(),
                date_hi: c.date.last_day(),
                stems: local::unique_stems(&crate::search::index_text(c.search_text())),
                steps: claim_steps.get(id).cloned().unwrap_or_default(),
            });
        }
        out.push(Dataset {
            format: FORMAT,
            lang,
            data_version: version,
            taken_at: taken_at.clone(),
            incidents: local_incidents,
            claims: local_claims,
            stories: stories.clone(),
        });
    }
    Ok(out)
}

/// Writes the snapshot `o` describes.
pub async fn write(db: &Db, o: &Options) -> anyhow::Result<Summary> {
    let datasets = datasets(db).await?;
    let lang = o.state.query.lang;
    let Some(data) = datasets.iter().find(|d| d.lang == lang) else {
        bail!("no dataset for {lang:?}");
    };
    if data.incidents.is_empty() && data.claims.is_empty() {
        bail!("the database holds no published item: is --database-url the right database?");
    }
    let mut w = Writer::new(&o.out)?;
    for d in &datasets {
        w.file(&local::file_name(d.lang), &gzip(&serde_json::to_vec(d)?)?)?;
    }
    let js = format!("static/{}", o.bundle.js);
    let wasm = format!("static/{}.gz", o.bundle.wasm);
    w.copy(&o.static_dir.join(&o.bundle.js), &js)?;
    w.copy(&o.static_dir.join(format!("{}.gz", o.bundle.wasm)), &wasm)?;
    w.file("boot.js", boot_js(&js, &wasm).as_bytes())?;
    w.file("style.css", o.reader_css.as_bytes())?;
    let mut state = o.state.clone();
    let view = data.view_data(&mut state);
    if !view.notices.is_empty() {
        bail!("the view cannot be shown: {}", view.notices.join("; "));
    }
    let u = ui(lang);
    let head = Head {
        lang,
        title: format!("Aqiqat — {}", u.title),
        description: Some(u.subtitle.to_owned()),
        canonical: o
            .public_url
            .as_ref()
            .map(|origin| format!("{origin}{}", state.href(Surface::Widget, false))),
        site_name: "Aqiqat".to_owned(),
        css: o.reader_css.clone(),
        ..Head::default()
    };
    let script = Script {
        boot: "boot.js".to_owned(),
        wasm,
    };
    let index = ssr::view_document(&head, view, Some(&script));
    w.file("index.html", without_icon(&index).as_bytes())?;
    for i in &data.incidents {
        let d = i.detail.clone();
        let id = d.card.id.clone();
        let head = item_head(
            o,
            PageKind::Incident,
            &id,
            lang,
            format!("{} — Aqiqat", d.card.title),
        );
        let html = ssr::incident_document(&head, d, lang);
        w.file(
            &local_path(PageKind::Incident, &id),
            relink(&html, lang).as_bytes(),
        )?;
    }
    for c in &data.claims {
        let d = c.detail.clone();
        let id = d.card.id.clone();
        let title = format!(
            "«{}» — {} — Aqiqat",
            crate::http::pages::excerpt(&d.card.quote, 90),
            d.card.speaker.name
        );
        let head = item_head(o, PageKind::Claim, &id, lang, title);
        let html = ssr::claim_document(&head, d, lang);
        w.file(
            &local_path(PageKind::Claim, &id),
            relink(&html, lang).as_bytes(),
        )?;
    }
    Ok(Summary {
        incidents: data.incidents.len(),
        claims: data.claims.len(),
        files: w.files,
        bytes: w.bytes,
    })
}

fn local_path(kind: PageKind, id: &str) -> String {
    aqiqat_shared::view::snapshot_path(kind, id)
}

fn item_head(o: &Options, kind: PageKind, id: &str, lang: Lang, title: String) -> Head {
    let abs = |l: Lang| {
        o.public_url
            .as_ref()
            .map(|origin| format!("{origin}{}", public_path(kind, id, l)))
    };
    Head {
        lang,
        title,
        canonical: abs(lang),
        alternates: Lang::ALL
            .into_iter()
            .filter_map(|l| abs(l).map(|u| (l.as_str().to_owned(), u)))
            .collect(),
        og_type: Some("article"),
        site_name: "Aqiqat".to_owned(),
        // The stylesheet is one file for all the pages (`style.css`), linked in `relink`.
        css: String::new(),
        ..Head::default()
    }
}

fn gzip(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    Ok(gz.finish()?)
}

/// The boot script. The snapshot stores its WebAssembly and data gzip-compressed (a third and a seventh of their
/// size), because a static server sends files as they are: `unpack` fetches a file and unpacks it with the
/// browser's own `DecompressionStream`, unless the server already sent it with `Content-Encoding: gzip` and the
/// browser unpacked it (the gzip magic bytes tell). The bundle reads its data files through
/// `aqiqatSnapshotData`; then the glue starts the bundle.
fn boot_js(js: &str, wasm: &str) -> String {
    format!(
        "import init from \"./{js}\";\n\
         async function unpack(path) {{\n  \
           const r = await fetch(new URL(path, import.meta.url));\n  \
           if (!r.ok) throw new Error(`${{path}}: HTTP ${{r.status}}`);\n  \
           const bytes = new Uint8Array(await r.arrayBuffer());\n  \
           if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;\n  \
           return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream(\"gzip\"))).arrayBuffer();\n\
         }}\n\
         globalThis.aqiqatSnapshotData = async (path) => JSON.parse(new TextDecoder().decode(await unpack(path)));\n\
         await init({{ module_or_path: await unpack(\"./{wasm}\") }});\n"
    )
}

/// The page without the server's favicon link (a snapshot has no `/favicon.ico` of its own).
fn without_icon(html: &str) -> String {
    html.replace("<link rel=\"icon\" href=\"/favicon.ico\">", "")
}

/// A public page's links made relative to the snapshot (it sits one folder down, in `i/` or `c/`): item pages in
/// the snapshot's language become `../i/<id>.html`, the lists and other languages open in the snapshot's widget;
/// the inline stylesheet becomes a link to `../style.css`. Absolute URLs (canonical, sources) stay.
fn relink(html: &str, lang: Lang) -> String {
    let html = without_icon(html).replace(
        "<style></style>",
        "<link rel=\"stylesheet\" href=\"../style.css\">",
    );
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = rest.find("href=\"/") {
        let value_start = at + "href=\"".len();
        out.push_str(&rest[..value_start]);
        let after = &rest[value_start..];
        let end = after.find('"').unwrap_or(after.len());
        out.push_str(&relative(&after[..end].replace("&amp;", "&"), lang).replace('&', "&amp;"));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// One site-absolute path of a public page, as the snapshot's public pages link it.
fn relative(path: &str, lang: Lang) -> String {
    let (p, qs) = path.split_once('?').unwrap_or((path, ""));
    let (state, _) = ViewState::parse(qs);
    let target = state.query.lang;
    let item = |prefix: &str| p.strip_prefix(prefix).filter(|id| !id.contains('/'));
    let widget = |extra: &str| {
        let mut s = format!("../index.html?{extra}");
        if target != Lang::Ru {
            if !extra.is_empty() {
                s.push('&');
            }
            s.push_str("lang=");
            s.push_str(target.as_str());
        }
        s.trim_end_matches('?').to_owned()
    };
    if let Some(id) = item("/i/") {
        if target == lang {
            return format!("../{}", local_path(PageKind::Incident, id));
        }
        return widget(&format!("incident={id}"));
    }
    if let Some(id) = item("/c/") {
        if target == lang {
            return format!("../{}", local_path(PageKind::Claim, id));
        }
        return widget(&format!("claim={id}"));
    }
    if p == "/claims" {
        return widget("tab=claims");
    }
    widget("")
}

/// Writes files under the snapshot's directory and counts them.
struct Writer {
    root: PathBuf,
    files: usize,
    bytes: u64,
}

impl Writer {
    fn new(root: &Path) -> anyhow::Result<Writer> {
        fs::create_dir_all(root).with_context(|| format!("creating {}", root.display()))?;
        Ok(Writer {
            root: root.to_owned(),
            files: 0,
            bytes: 0,
        })
    }

    fn file(&mut self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        self.files += 1;
        self.bytes += bytes.len() as u64;
        Ok(())
    }

    fn copy(&mut self, from: &Path, rel: &str) -> anyhow::Result<()> {
        let bytes = fs::read(from).with_context(|| format!("reading {}", from.display()))?;
        self.file(rel, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_page_links_stay_inside_the_snapshot() {
        let html = "<head><link rel=\"icon\" href=\"/favicon.ico\"><style></style></head>\
                    <a href=\"/\">a</a><a href=\"/claims?lang=kk\">b</a><a href=\"/i/x-1\">c</a>\
                    <a href=\"/i/x-1?lang=en\">d</a><a href=\"/c/y\">e</a><a href=\"https://e.kz/a\">f</a>";
        let out = relink(html, Lang::Ru);
        assert_eq!(
            out,
            "<head><link rel=\"stylesheet\" href=\"../style.css\"></head>\
             <a href=\"../index.html\">a</a><a href=\"../index.html?tab=claims&amp;lang=kk\">b</a>\
             <a href=\"../i/x-1.html\">c</a><a href=\"../index.html?incident=x-1&amp;lang=en\">d</a>\
             <a href=\"../c/y.html\">e</a><a href=\"https://e.kz/a\">f</a>"
        );
    }
}
