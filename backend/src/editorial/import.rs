//! Accepting a parsed digest: draft incidents made from the editor's choices and edits, duplicates of what the
//! database already holds skipped (same source URL, or the same title up to word forms, in any of the stored
//! titles' languages), ids made unique, each draft attributed to the importing user with the digest as its origin.
//! All drafts and the audit row land in one transaction, or none. Used by `aqiqat import` and the admin import page
//! alike.

use std::collections::{HashMap, HashSet};

use aqiqat_shared::{PartialDate, Slug, Status};

use super::Actor;
use crate::db::{Db, DbError, ItemDoc, WriteMeta, WriteOutcome};
use crate::import::{Digest, Entry, Flag};

/// The wire types of accepting (the admin page's too): an entry's edits, what was made and what was skipped.
pub use aqiqat_shared::admin::{
    ImportEdits as EntryEdits, ImportOutcome as Outcome, ImportSkipped as Skipped,
};

/// The tag put on drafts whose date was not in the text: the editor must set it.
pub const NEEDS_DATE_TAG: &str = "нужна-дата";

/// A title as the duplicate check compares it: its words' search stems (Russian or Kazakh word forms, case,
/// punctuation and ё do not matter), the same matching as the readers' search.
fn norm_title(t: &str) -> String {
    crate::search::title_key(t)
}

/// What the database already has, to recognise a digest entry seen before.
pub struct Known {
    /// Normalized title (each stored language's) → (id, date): a title alone recurs (monthly DDoS reports), so it
    /// must meet its date.
    titles: HashMap<String, Vec<(String, Option<PartialDate>)>>,
    urls: HashMap<String, String>,
    ids: HashSet<String>,
}

impl Known {
    pub async fn load(db: &Db) -> Result<Known, DbError> {
        let mut k = Known {
            titles: HashMap::new(),
            urls: HashMap::new(),
            ids: HashSet::new(),
        };
        for (id, titles, date, urls) in db.incident_keys().await? {
            for title in titles {
                k.titles
                    .entry(norm_title(&title))
                    .or_default()
                    .push((id.clone(), date));
            }
            for u in urls {
                k.urls.insert(u, id.clone());
            }
            k.ids.insert(id);
        }
        Ok(k)
    }

    /// The id of an incident this entry duplicates, if any: one with a source link in common, or with the same
    /// title and a date that does not contradict it (the same, or either unknown).
    pub fn duplicate_of(&self, e: &Entry) -> Option<String> {
        e.sources
            .iter()
            .find_map(|u| self.urls.get(u).cloned())
            .or_else(|| {
                self.titles.get(&norm_title(&e.title)).and_then(|same| {
                    same.iter()
                        .find(|(_, d)| d.is_none() || e.date.is_none() || *d == e.date)
                        .map(|(id, _)| id.clone())
                })
            })
    }

    fn remember(&mut self, e: &Entry, id: &str) {
        self.titles
            .entry(norm_title(&e.title))
            .or_default()
            .push((id.to_owned(), e.date));
        for u in &e.sources {
            self.urls.insert(u.clone(), id.to_owned());
        }
        self.ids.insert(id.to_owned());
    }

    fn unique_id(&self, base: &Slug) -> Slug {
        if !self.ids.contains(base.as_str()) {
            return base.clone();
        }
        (2..)
            .map(|n| {
                let stem: String = base.as_str().chars().take(70).collect();
                Slug::parse(&format!("{}-{n}", stem.trim_end_matches('-')))
                    .unwrap_or_else(|_| base.clone())
            })
            .find(|s| !self.ids.contains(s.as_str()))
            .unwrap_or_else(|| base.clone())
    }
}

fn edited(e: &Entry, edits: Option<&EntryEdits>) -> Entry {
    let mut e = e.clone();
    if let Some(x) = edits {
        if let Some(t) = x.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            e.title = t.to_owned();
        }
        if let Some(s) = x
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            e.summary = s.to_owned();
        }
        if let Some(c) = x.category {
            e.category = c;
        }
        if let Some(k) = x.kind {
            e.kind = k;
            e.kind_guessed = false;
        }
        if let Some(d) = x.date {
            e.date = Some(d);
            e.period = None;
            e.flags
                .retain(|f| !matches!(f, Flag::NoDate | Flag::PeriodFromDigest));
        }
    }
    e
}

/// Creates drafts for the `selected` entries (all when `None`; a set, so that choosing is O(1) per entry), and the
/// `import` audit row, in one transaction. `progress` is called after each entry.
pub async fn accept(
    db: &Db,
    digest: &Digest,
    selected: Option<&HashSet<usize>>,
    edits: &HashMap<usize, EntryEdits>,
    actor: &Actor,
    origin: &str,
    mut progress: impl FnMut(usize),
) -> Result<Outcome, DbError> {
    let user = actor.user;
    let mut known = Known::load(db).await?;
    let mut out = Outcome::default();
    let mut tx = db.begin().await?;
    for (index, raw) in digest.entries.iter().enumerate() {
        if selected.is_some_and(|s| !s.contains(&index)) {
            continue;
        }
        let e = edited(raw, edits.get(&index));
        let skip = |reason: String, duplicate_of: Option<String>| Skipped {
            index,
            title: e.title.clone(),
            reason,
            duplicate_of,
        };
        if let Some(id) = known.duplicate_of(&e) {
            out.skipped.push(skip(
                format!("already in the database as {id} (same title or source link)"),
                Some(id),
            ));
            progress(index);
            continue;
        }
        let mut input = match e.to_input() {
            Ok(mut input) => {
                // Dated only within the digest's period: a tag that asks the editor for the date.
                if e.flags.contains(&Flag::PeriodFromDigest) {
                    input.tags.push(NEEDS_DATE_TAG.to_owned());
                }
                input
            }
            Err(err) => {
                out.skipped.push(skip(err.to_string(), None));
                progress(index);
                continue;
            }
        };
        input.id = known.unique_id(&input.id);
        let doc = match input.validate() {
            Ok(inc) => ItemDoc::Incident(inc),
            Err(errors) => {
                out.skipped
                    .push(skip(format!("not a valid incident: {errors}"), None));
                progress(index);
                continue;
            }
        };
        let meta = WriteMeta {
            status: Status::Draft,
            user,
            submitted_by: None,
            note: format!("imported from {origin}"),
            origin: Some(origin.to_owned()),
            audit: None,
        };
        match tx.insert_item(&doc, &meta).await? {
            WriteOutcome::Saved { .. } => {
                known.remember(&e, doc.id().as_str());
                out.created.push(doc.id().to_string());
            }
            // Created by someone else meanwhile: report it rather than overwrite it.
            _ => out.skipped.push(skip(
                format!("the id {} was taken meanwhile", doc.id()),
                Some(doc.id().to_string()),
            )),
        }
        progress(index);
    }
    tx.audit(
        user,
        "import",
        Some(origin),
        &format!(
            "{} created, {} skipped",
            out.created.len(),
            out.skipped.len()
        ),
        actor.ip.as_deref(),
    )
    .await?;
    tx.commit().await?;
    Ok(out)
}
