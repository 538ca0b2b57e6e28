//! What `aqiqat snapshot` reads: every published item with the keys the public filters use, and the published
//! stories' public steps, so that the shared local engine (`aqiqat_shared::local`) can answer as `content.rs` does.

use aqiqat_shared::local::{LocalStory, StepRef};
use aqiqat_shared::{Claim, Incident, Stage, StoryKind};

use super::content::parse_doc;
use super::{Db, Result, Sql, get};

/// A public step of a published story, and the item it is.
#[derive(Debug, Clone)]
pub struct SnapshotStep {
    pub step: StepRef,
    pub incident: Option<String>,
    pub claim: Option<String>,
}

impl Db {
    /// Every published incident, by id.
    pub async fn published_incidents(&self) -> Result<Vec<Incident>> {
        let rows = Sql::new("SELECT id, doc FROM incidents WHERE status = 'published' ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| parse_doc(&get::<String>(r, 0)?, &get::<String>(r, 1)?))
            .collect()
    }

    /// Every published claim, by id.
    pub async fn published_claims(&self) -> Result<Vec<Claim>> {
        let rows = Sql::new("SELECT id, doc FROM claims WHERE status = 'published' ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| parse_doc(&get::<String>(r, 0)?, &get::<String>(r, 1)?))
            .collect()
    }

    /// The steps of published stories that link a published item (what the `story` and `stage` filters and the
    /// stage facet look at).
    pub async fn snapshot_steps(&self) -> Result<Vec<SnapshotStep>> {
        let rows = Sql::new(
            "SELECT s.id, ss.stage, li.id, lc.id FROM story_steps ss JOIN stories s ON s.seq = ss.story_seq \
             LEFT JOIN incidents li ON li.id = ss.incident_id AND li.status = 'published' \
             LEFT JOIN claims lc ON lc.id = ss.claim_id AND lc.status = 'published' \
             WHERE s.status = 'published' AND (li.id IS NOT NULL OR lc.id IS NOT NULL) \
             ORDER BY s.id, ss.position",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let Ok(stage) = get::<String>(r, 1)?.parse::<Stage>() else {
                continue;
            };
            out.push(SnapshotStep {
                step: StepRef {
                    story: get(r, 0)?,
                    stage,
                },
                incident: get(r, 2)?,
                claim: get(r, 3)?,
            });
        }
        Ok(out)
    }

    /// Published stories with their public steps as the timeline draws them (the rows `Db::timeline` reads for
    /// its stories, without the filter: the local engine applies it).
    pub async fn snapshot_stories(&self) -> Result<Vec<LocalStory>> {
        let rows = Sql::new(
            "SELECT s.id, s.kind, s.sort_key, st.stage, st.sort_key, li.month_lo, li.month_hi, li.id \
             FROM story_steps st JOIN stories s ON s.seq = st.story_seq \
             LEFT JOIN incidents li ON li.id = st.incident_id AND li.status = 'published' \
             LEFT JOIN claims lc ON lc.id = st.claim_id AND lc.status = 'published' \
             WHERE s.status = 'published' AND (st.incident_id IS NULL OR li.id IS NOT NULL) \
             AND (st.claim_id IS NULL OR lc.id IS NOT NULL) ORDER BY s.sort_key DESC, s.id, st.position",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut stories: Vec<LocalStory> = Vec::new();
        for r in &rows {
            let id: String = get(r, 0)?;
            if stories.last().is_none_or(|s| s.id != id) {
                let Ok(kind) = get::<String>(r, 1)?.parse::<StoryKind>() else {
                    continue;
                };
                stories.push(LocalStory {
                    id: id.clone(),
                    kind,
                    sort_key: get(r, 2)?,
                    incidents: Vec::new(),
                    steps: Vec::new(),
                });
            }
            let Some(story) = stories.last_mut().filter(|s| s.id == id) else {
                continue;
            };
            let incident: Option<String> = get(r, 7)?;
            if let Some(i) = &incident {
                story.incidents.push(i.clone());
            }
            let Ok(stage) = get::<String>(r, 3)?.parse::<Stage>() else {
                continue;
            };
            let own: Option<String> = get(r, 4)?;
            let (lo, hi): (Option<String>, Option<String>) = (get(r, 5)?, get(r, 6)?);
            let month = match (own, lo, hi) {
                (Some(k), _, _) if k.len() >= 7 && &k[5..7] != "00" => k[..7].to_owned(),
                (_, Some(lo), Some(hi)) if lo == hi => lo,
                _ => continue,
            };
            story.steps.push(aqiqat_shared::api::TimelineStep {
                month,
                stage,
                incident,
            });
        }
        Ok(stories)
    }
}
