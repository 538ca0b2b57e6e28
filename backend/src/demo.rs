//! The demo content: the Aug 2025 – Jan 2026 digest as 38 incidents, claims from officials' statements, and the
//! stories the digest follows (court cases and a law, with only the stages and dates it states). Texts are our own
//! wording of the digest's facts; claims stay unrated unless the sources document a verdict. An entry the digest
//! does not date is dated within the digest's period, never given a made-up day.

use aqiqat_shared::{Claim, Incident, Status, Story};

use crate::db::{Db, ItemDoc};

const INCIDENTS: &str = include_str!("../demo/incidents.json");
const CLAIMS: &str = include_str!("../demo/claims.json");
const STORIES: &str = include_str!("../demo/stories.json");

pub fn incidents() -> anyhow::Result<Vec<Incident>> {
    Ok(serde_json::from_str(INCIDENTS)?)
}

pub fn claims() -> anyhow::Result<Vec<Claim>> {
    Ok(serde_json::from_str(CLAIMS)?)
}

pub fn stories() -> anyhow::Result<Vec<Story>> {
    Ok(serde_json::from_str(STORIES)?)
}

/// Loads every demo item as published. Returns (incidents, claims) loaded; stories follow them.
pub async fn load(db: &Db) -> anyhow::Result<(usize, usize)> {
    let incidents = incidents()?;
    let claims = claims()?;
    for i in &incidents {
        db.save_incident(i, Status::Published).await?;
    }
    for c in &claims {
        db.save_claim(c, Status::Published).await?;
    }
    for s in stories()? {
        db.put_item(&ItemDoc::Story(s), Status::Published, "loaded")
            .await?;
    }
    Ok((incidents.len(), claims.len()))
}

#[cfg(test)]
mod tests {
    use aqiqat_shared::Category;

    #[test]
    fn every_demo_item_has_kazakh_text() {
        for i in super::incidents().unwrap() {
            assert!(i.title.kk.is_some(), "{}: no Kazakh title", i.id);
            assert!(i.summary.kk.is_some(), "{}: no Kazakh summary", i.id);
            for a in &i.actors {
                assert!(
                    a.name.kk.is_some(),
                    "{}: {} has no Kazakh name",
                    i.id,
                    a.name.ru
                );
            }
        }
        for c in super::claims().unwrap() {
            assert!(c.quote.kk.is_some(), "{}: no Kazakh quote", c.id);
            let s = &c.speaker;
            for t in [
                Some(&s.name),
                s.position.as_ref(),
                s.organisation.as_ref(),
                c.explanation.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                assert!(t.kk.is_some(), "{}: {} has no Kazakh text", c.id, t.ru);
            }
        }
        for s in super::stories().unwrap() {
            let notes = s.steps.iter().filter_map(|st| st.note.as_ref());
            for t in std::iter::once(&s.title).chain(&s.summary).chain(notes) {
                assert!(t.kk.is_some(), "{}: {} has no Kazakh text", s.id, t.ru);
            }
        }
    }

    #[test]
    fn demo_dates_are_the_digest_s_own_or_its_period() {
        let period =
            aqiqat_shared::DatePeriod::new("2025-08".parse().unwrap(), "2026-01".parse().unwrap())
                .unwrap();
        for i in super::incidents().unwrap() {
            match (i.date, i.period) {
                (Some(d), None) => assert!(
                    d.get_month().is_some() || d.get_year() < 2025,
                    "{}: a year alone in the digest's period is its period",
                    i.id
                ),
                (None, Some(p)) => assert_eq!(p, period, "{}", i.id),
                other => panic!("{}: {other:?}", i.id),
            }
        }
    }

    #[test]
    fn demo_stories_link_demo_items_in_order() {
        let incidents = super::incidents().unwrap();
        let claims = super::claims().unwrap();
        let stories = super::stories().unwrap();
        assert_eq!(stories.len(), 4);
        for s in &stories {
            for step in &s.steps {
                if let Some(id) = &step.incident_id {
                    assert!(incidents.iter().any(|i| i.id == *id), "{}: {id}", s.id);
                }
                if let Some(id) = &step.claim_id {
                    assert!(claims.iter().any(|c| c.id == *id), "{}: {id}", s.id);
                }
            }
        }
        let ai = stories.iter().find(|s| s.id.as_str() == "ai-law").unwrap();
        assert_eq!(
            ai.steps.iter().map(|s| s.stage).collect::<Vec<_>>(),
            [aqiqat_shared::Stage::Signed, aqiqat_shared::Stage::InForce]
        );
    }

    #[test]
    fn demo_data_is_the_whole_digest() {
        let incidents = super::incidents().unwrap();
        assert_eq!(incidents.len(), 38);
        let per_section: Vec<usize> = Category::ALL
            .iter()
            .map(|c| incidents.iter().filter(|i| i.category == *c).count())
            .collect();
        assert_eq!(per_section, [8, 7, 5, 8, 10]);
        let claims = super::claims().unwrap();
        assert!(claims.len() >= 5);
        for c in &claims {
            for id in &c.incident_ids {
                assert!(
                    incidents.iter().any(|i| i.id == *id),
                    "claim {} links unknown incident {id}",
                    c.id
                );
            }
        }
    }
}
