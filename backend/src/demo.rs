//! The demo content: the Aug 2025 – Jan 2026 digest as 38 incidents, and claims from officials' statements.
//! Texts are our own wording of the digest's facts; claims stay unrated unless the sources document a verdict.

use aqiqat_shared::{Claim, Incident, Status};

use crate::db::Db;

const INCIDENTS: &str = include_str!("../demo/incidents.json");
const CLAIMS: &str = include_str!("../demo/claims.json");

pub fn incidents() -> anyhow::Result<Vec<Incident>> {
    Ok(serde_json::from_str(INCIDENTS)?)
}

pub fn claims() -> anyhow::Result<Vec<Claim>> {
    Ok(serde_json::from_str(CLAIMS)?)
}

/// Loads every demo item as published. Returns (incidents, claims) loaded.
pub async fn load(db: &Db) -> anyhow::Result<(usize, usize)> {
    let incidents = incidents()?;
    let claims = claims()?;
    for i in &incidents {
        db.save_incident(i, Status::Published).await?;
    }
    for c in &claims {
        db.save_claim(c, Status::Published).await?;
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
