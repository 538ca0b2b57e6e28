//! What `aqiqat import --dry-run` prints: the JSON contract (`--json`) and a plain listing for people.

use aqiqat_shared::{Category, Lang};
use serde_json::{Value, json};

use super::{Digest, Entry};

/// `{"from", "to"}` of a period, as `YYYY-MM` (or whatever precision it was written in).
fn period_json(p: Option<(aqiqat_shared::PartialDate, aqiqat_shared::PartialDate)>) -> Value {
    p.map_or(
        Value::Null,
        |(from, to)| json!({"from": from.to_string(), "to": to.to_string()}),
    )
}

fn entry_json(e: &Entry) -> Value {
    let legal_refs: Vec<Value> = e
        .legal_refs
        .iter()
        .map(|r| {
            let mut o = serde_json::Map::new();
            o.insert("code".into(), json!(r.code.as_str()));
            o.insert("article".into(), json!(r.article));
            if let Some(p) = &r.part {
                o.insert("part".into(), json!(p));
            }
            if let Some(l) = &r.law {
                o.insert("law".into(), json!(l));
            }
            o.insert("text".into(), json!(r.display(Lang::Ru)));
            Value::Object(o)
        })
        .collect();
    json!({
        "title": e.title,
        "summary": e.summary,
        "category": e.category.as_str(),
        "kind": e.kind.as_str(),
        "date": e.date.map(|d| d.to_string()),
        "period": period_json(e.period),
        "sources": e.sources,
        "legal_refs": legal_refs,
        "platforms": e.platforms.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
        "regions": e.regions.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        "actors": e.actors,
        "flags": e.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
    })
}

/// `{"entries": [{"title", "summary", "category", "kind", "date", "period", "sources", "legal_refs",
/// "platforms", "regions", "actors", "flags"}]}` with the API's snake_case values and dates as `YYYY-MM-DD` /
/// `YYYY-MM` / `YYYY`. An entry's `date` is its own (from its text or a source URL) or `null`; its `period`,
/// `{"from", "to"}`, is the digest's period when it has no date of its own (flag `period_from_digest`), else
/// `null`.
pub fn dry_run_json(d: &Digest) -> Value {
    json!({ "entries": d.entries.iter().map(entry_json).collect::<Vec<_>>() })
}

/// A listing for a terminal: one block per entry under its section, the flags spelled out in Russian.
pub fn dry_run_text(d: &Digest) -> String {
    let mut out = String::new();
    match d.period {
        Some((a, b)) => out.push_str(&format!("Период: {a} – {b}\n")),
        None => out.push_str("Период: не найден\n"),
    }
    let flagged = d
        .entries
        .iter()
        .filter(|e| e.flags.iter().any(|f| *f != super::Flag::KindGuessed))
        .count();
    out.push_str(&format!(
        "Записей: {}, из них требуют проверки (кроме типа): {flagged}\n",
        d.entries.len()
    ));
    let mut section: Option<Category> = None;
    for (i, e) in d.entries.iter().enumerate() {
        if section != Some(e.category) {
            section = Some(e.category);
            out.push_str(&format!(
                "\n== {}. {} ==\n",
                e.category.section_number(),
                e.category.label(Lang::Ru)
            ));
        }
        let date = match (e.date, e.period) {
            (Some(d), _) => d.to_string(),
            (None, Some((a, b))) => format!("в период {a} – {b} (уточнить)"),
            (None, None) => "без даты".to_owned(),
        };
        out.push_str(&format!("\n{:>3}. {}\n", i + 1, e.title));
        out.push_str(&format!(
            "     дата: {date} · тип: {} ({})\n",
            e.kind.label(Lang::Ru),
            e.kind.as_str()
        ));
        for s in &e.sources {
            out.push_str(&format!("     источник: {s}\n"));
        }
        if !e.legal_refs.is_empty() {
            let refs: Vec<String> = e.legal_refs.iter().map(|r| r.display(Lang::Ru)).collect();
            out.push_str(&format!("     статьи: {}\n", refs.join("; ")));
        }
        if !e.platforms.is_empty() {
            let p: Vec<&str> = e.platforms.iter().map(|p| p.label(Lang::Ru)).collect();
            out.push_str(&format!("     платформы: {}\n", p.join(", ")));
        }
        if !e.regions.is_empty() {
            let r: Vec<&str> = e.regions.iter().map(|r| r.label(Lang::Ru)).collect();
            out.push_str(&format!("     регионы: {}\n", r.join(", ")));
        }
        if !e.actors.is_empty() {
            out.push_str(&format!("     участники: {}\n", e.actors.join(", ")));
        }
        if !e.flags.is_empty() {
            let f: Vec<String> = e
                .flags
                .iter()
                .map(|f| format!("{} [{}]", f.message(), f.as_str()))
                .collect();
            out.push_str(&format!("     проверить: {}\n", f.join("; ")));
        }
    }
    out
}
