//! Stories as readers see them: lists, one story with its steps, and the stories an incident is a step of. A
//! step shows only when the item it links is published (readers must not learn drafts' ids); a story only when
//! it is published itself.

use std::collections::HashMap;

use aqiqat_shared::api::{
    ClaimCard, IncidentCard, IncidentStory, Page, StoryCard, StoryDetail, StoryStepView,
};
use aqiqat_shared::filter::ListQuery;
use aqiqat_shared::{Claim, Incident, Lang, Status, Story};

use super::content::{Table, next_cursor, parse_doc};
use super::{Cursor, Db, Result, Sql, get};

/// Published cards of the items some stories link, by id.
#[derive(Default)]
struct Linked {
    incidents: HashMap<String, IncidentCard>,
    claims: HashMap<String, ClaimCard>,
}

impl Linked {
    /// The story's public steps, numbered from 1.
    fn steps(&self, story: &Story, lang: Lang) -> Vec<StoryStepView> {
        let mut out = Vec::with_capacity(story.steps.len());
        for step in &story.steps {
            let incident = match &step.incident_id {
                Some(id) => match self.incidents.get(id.as_str()) {
                    Some(card) => Some(card.clone()),
                    None => continue,
                },
                None => None,
            };
            let claim = match &step.claim_id {
                Some(id) => match self.claims.get(id.as_str()) {
                    Some(card) => Some(card.clone()),
                    None => continue,
                },
                None => None,
            };
            let position = u32::try_from(out.len() + 1).unwrap_or(u32::MAX);
            out.push(StoryStepView::new(position, step, lang, incident, claim));
        }
        out
    }
}

impl Db {
    /// Cards of the published incidents and claims that `stories` link.
    async fn linked(&self, stories: &[Story], lang: Lang) -> Result<Linked> {
        let mut incident_ids: Vec<String> = Vec::new();
        let mut claim_ids: Vec<String> = Vec::new();
        for step in stories.iter().flat_map(|s| s.steps.iter()) {
            incident_ids.extend(step.incident_id.as_ref().map(ToString::to_string));
            claim_ids.extend(step.claim_id.as_ref().map(ToString::to_string));
        }
        incident_ids.sort();
        incident_ids.dedup();
        claim_ids.sort();
        claim_ids.dedup();
        let mut linked = Linked::default();
        for (table, ids) in [("incidents", incident_ids), ("claims", claim_ids)] {
            if ids.is_empty() {
                continue;
            }
            let mut sql = Sql::new(&format!(
                "SELECT id, doc FROM {table} WHERE status = 'published' AND id IN ("
            ));
            for (i, id) in ids.into_iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.bind(id);
            }
            sql.push(")");
            for r in sql.fetch_all(&self.pool).await? {
                let (id, doc): (String, String) = (get(&r, 0)?, get(&r, 1)?);
                if table == "incidents" {
                    let card = IncidentCard::new(&parse_doc::<Incident>(&id, &doc)?, lang);
                    linked.incidents.insert(id, card);
                } else {
                    let card = ClaimCard::new(&parse_doc::<Claim>(&id, &doc)?, lang);
                    linked.claims.insert(id, card);
                }
            }
        }
        let mut claims: Vec<ClaimCard> = linked.claims.values().cloned().collect();
        self.keep_published_links(&mut claims).await?;
        for c in claims {
            linked.claims.insert(c.id.clone(), c);
        }
        Ok(linked)
    }

    /// A page of published stories, the latest developments first.
    pub async fn list_stories(
        &self,
        q: &ListQuery,
        cursor: Option<&Cursor>,
    ) -> Result<Page<StoryCard>> {
        let published = [Status::Published];
        let mut count = Sql::new("SELECT COUNT(*) FROM stories s WHERE 1 = 1");
        self.push_story_filter_in(&mut count, &q.filter, true, &published);
        let total = u64::try_from(count.scalar(&self.pool).await?).unwrap_or(0);
        let mut sql = Sql::new("SELECT s.id, s.sort_key, s.doc FROM stories s");
        let rank = q
            .filter
            .q
            .as_deref()
            .and_then(|text| self.search_expression(text))
            .map(|m| self.push_search_join(&mut sql, Table::Stories, "s", m));
        sql.push(" WHERE 1 = 1");
        self.push_story_filter_in(&mut sql, &q.filter, false, &published);
        let rows = self
            .fetch_page_rows(sql, rank.as_deref(), "s", q.limit, cursor)
            .await?;
        let rows: Vec<(String, String, String)> = rows
            .iter()
            .map(|r| Ok((get(r, 0)?, get(r, 1)?, get(r, 2)?)))
            .collect::<Result<_>>()?;
        let stories: Vec<Story> = rows
            .iter()
            .take(q.limit as usize)
            .map(|(id, _, doc)| parse_doc(id, doc))
            .collect::<Result<_>>()?;
        let linked = self.linked(&stories, q.lang).await?;
        let items = stories
            .iter()
            .map(|s| StoryCard::new(s, q.lang, &linked.steps(s, q.lang)))
            .collect();
        Ok(Page {
            items,
            total,
            next_cursor: next_cursor(&rows, q.limit, rank.is_some(), cursor),
        })
    }

    /// A published story with its public steps.
    pub async fn story_detail(&self, id: &str, lang: Lang) -> Result<Option<StoryDetail>> {
        let mut sql =
            Sql::new("SELECT doc, updated_at FROM stories WHERE status = 'published' AND id = ");
        sql.bind(id.to_owned());
        let Some(row) = sql.fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let story: Story = parse_doc(id, &get::<String>(&row, 0)?)?;
        Ok(Some(
            self.story_view(&story, lang, Some(get(&row, 1)?)).await?,
        ))
    }

    /// A story (of any status: the editors' preview) as readers would see it.
    pub async fn story_view(
        &self,
        story: &Story,
        lang: Lang,
        updated_at: Option<String>,
    ) -> Result<StoryDetail> {
        let linked = self.linked(std::slice::from_ref(story), lang).await?;
        Ok(StoryDetail::new(
            story,
            lang,
            linked.steps(story, lang),
            updated_at,
        ))
    }

    /// The published stories incident `id` is a public step of, the latest developments first.
    pub async fn incident_stories(&self, id: &str, lang: Lang) -> Result<Vec<IncidentStory>> {
        let mut sql = Sql::new(
            "SELECT s.id, s.doc FROM stories s WHERE s.status = 'published'
             AND s.seq IN (SELECT story_seq FROM story_steps WHERE incident_id = ",
        );
        sql.bind(id.to_owned())
            .push(") ORDER BY s.sort_key DESC, s.id DESC");
        let stories: Vec<Story> = sql
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| parse_doc(&get::<String>(r, 0)?, &get::<String>(r, 1)?))
            .collect::<Result<_>>()?;
        if stories.is_empty() {
            return Ok(Vec::new());
        }
        let linked = self.linked(&stories, lang).await?;
        Ok(stories
            .iter()
            .filter_map(|s| IncidentStory::new(s, lang, linked.steps(s, lang), id))
            .collect())
    }
}
