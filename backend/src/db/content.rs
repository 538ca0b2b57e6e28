//! Incidents and claims: writes (document + derived columns + search row) and every public read.

use aqiqat_shared::api::{
    ClaimBucket, ClaimCard, ClaimDetail, FacetCount, Facets, IncidentCard, IncidentDetail, Page,
    Timeline, TimelineBucket, TimelineRange, TimelineStep, TimelineStory,
};
use aqiqat_shared::filter::{Facet, Filter, ListQuery, StoryFilter, VerdictFilter};
use aqiqat_shared::{
    Category, Claim, Incident, Kind, Lang, Platform, Region, Stage, Status, StoryKind, Verdict,
};

use super::{Backend, Cursor, Db, DbError, Result, Sql, get};

/// Who reads an item's detail: readers see published items only; editors (the preview) any item, with its
/// pending change instead of the published text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Readers,
    Editors,
}

/// The searchable tables, so that search SQL is written once for all.
#[derive(Clone, Copy)]
pub(super) enum Table {
    Incidents,
    Claims,
    Stories,
}

impl Table {
    pub(super) fn fts(self) -> &'static str {
        match self {
            Table::Incidents => "incidents_fts",
            Table::Claims => "claims_fts",
            Table::Stories => "stories_fts",
        }
    }
}

impl Db {
    /// ` AND <alias>.seq IN (items matching the search)`.
    fn push_search(&self, sql: &mut Sql, table: Table, alias: &str, q: &str) {
        let Some(m) = self.search_expression(q) else {
            return;
        };
        let fts = table.fts();
        sql.push(&format!(
            " AND {alias}.seq IN (SELECT rowid FROM {fts} WHERE "
        ));
        match self.backend {
            Backend::Sqlite => sql.push(&format!("{fts} MATCH ")).bind(m),
            Backend::Postgres => sql.push("body @@ CAST(").bind(m).push(" AS tsquery)"),
        };
        sql.push(")");
    }

    /// For ranked lists: joins the search table and returns the ORDER BY expression of relevance.
    pub(super) fn push_search_join(
        &self,
        sql: &mut Sql,
        table: Table,
        alias: &str,
        m: String,
    ) -> String {
        let fts = table.fts();
        sql.push(&format!(" JOIN {fts} ON {fts}.rowid = {alias}.seq AND "));
        match self.backend {
            Backend::Sqlite => {
                sql.push(&format!("{fts} MATCH ")).bind(m);
                format!("{fts}.rank")
            }
            Backend::Postgres => {
                sql.push(&format!("{fts}.body @@ CAST("));
                let n = sql.param(m);
                sql.push(" AS tsquery)");
                format!("ts_rank({fts}.body, CAST(${n} AS tsquery)) DESC")
            }
        }
    }

    // ---- public reads ----------------------------------------------------------------------------------------

    /// A page of published incidents; `total`, when the caller already knows it for this filter and data version,
    /// saves counting every match again.
    pub async fn list_incidents(
        &self,
        q: &ListQuery,
        cursor: Option<&Cursor>,
        total: Option<u64>,
    ) -> Result<Page<IncidentCard>> {
        let total = match total {
            Some(n) => n,
            None => self.count_incidents(&q.filter).await?,
        };
        let mut sql = Sql::new("SELECT i.id, i.sort_key, i.doc FROM incidents i");
        let rank = q
            .filter
            .q
            .as_deref()
            .and_then(|text| self.search_expression(text))
            .map(|m| self.push_search_join(&mut sql, Table::Incidents, "i", m));
        sql.push(" WHERE 1 = 1");
        self.push_incident_filter(&mut sql, &q.filter, false);
        let rows = self
            .fetch_page(sql, rank.as_deref(), "i", q.limit, cursor)
            .await?;
        let mut items = Vec::with_capacity(rows.len());
        for (id, _, doc) in rows.iter().take(q.limit as usize) {
            items.push(IncidentCard::new(&parse_doc::<Incident>(id, doc)?, q.lang));
        }
        Ok(Page {
            items,
            total,
            next_cursor: next_cursor(&rows, q.limit, rank.is_some(), cursor),
        })
    }

    /// A page of published claims; `total`, when the caller already knows it for this filter and data version,
    /// saves counting every match again.
    pub async fn list_claims(
        &self,
        q: &ListQuery,
        cursor: Option<&Cursor>,
        total: Option<u64>,
    ) -> Result<Page<ClaimCard>> {
        let total = match total {
            Some(n) => n,
            None => self.count_claims(&q.filter).await?,
        };
        let mut sql = Sql::new("SELECT c.id, c.sort_key, c.doc FROM claims c");
        let rank = q
            .filter
            .q
            .as_deref()
            .and_then(|text| self.search_expression(text))
            .map(|m| self.push_search_join(&mut sql, Table::Claims, "c", m));
        sql.push(" WHERE 1 = 1");
        self.push_claim_filter(&mut sql, &q.filter, false);
        let rows = self
            .fetch_page(sql, rank.as_deref(), "c", q.limit, cursor)
            .await?;
        let mut items = Vec::with_capacity(rows.len());
        for (id, _, doc) in rows.iter().take(q.limit as usize) {
            items.push(ClaimCard::new(&parse_doc::<Claim>(id, doc)?, q.lang));
        }
        self.keep_published_links(&mut items).await?;
        Ok(Page {
            items,
            total,
            next_cursor: next_cursor(&rows, q.limit, rank.is_some(), cursor),
        })
    }

    async fn count_incidents(&self, f: &Filter) -> Result<u64> {
        let mut sql = Sql::new("SELECT COUNT(*) FROM incidents i WHERE 1 = 1");
        self.push_incident_filter(&mut sql, f, true);
        Ok(u64::try_from(sql.scalar(&self.pool).await?).unwrap_or(0))
    }

    async fn count_claims(&self, f: &Filter) -> Result<u64> {
        let mut sql = Sql::new("SELECT COUNT(*) FROM claims c WHERE 1 = 1");
        self.push_claim_filter(&mut sql, f, true);
        Ok(u64::try_from(sql.scalar(&self.pool).await?).unwrap_or(0))
    }

    /// A published incident with its published claims.
    pub async fn incident_detail(&self, id: &str, lang: Lang) -> Result<Option<IncidentDetail>> {
        self.incident_detail_for(id, lang, Audience::Readers).await
    }

    /// An incident with its published claims, as `audience` sees it: readers only a published one, editors (the
    /// preview) one in any status, with its pending change. One function, so a preview cannot drift from the page.
    pub async fn incident_detail_for(
        &self,
        id: &str,
        lang: Lang,
        audience: Audience,
    ) -> Result<Option<IncidentDetail>> {
        let mut sql = Sql::new(match audience {
            Audience::Readers => {
                "SELECT doc, updated_at FROM incidents WHERE status = 'published' AND id = "
            }
            Audience::Editors => {
                "SELECT COALESCE(pending_doc, doc), updated_at FROM incidents WHERE id = "
            }
        });
        sql.bind(id.to_owned());
        let Some(row) = sql.fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let inc: Incident = parse_doc(id, &get::<String>(&row, 0)?)?;
        let mut sql = Sql::new(
            "SELECT c.id, c.doc FROM claims c JOIN claim_incidents ci ON ci.claim_seq = c.seq
             WHERE c.status = 'published' AND ci.incident_id = ",
        );
        sql.bind(id.to_owned())
            .push(" ORDER BY c.sort_key DESC, c.id DESC");
        let mut claims = Vec::new();
        for r in sql.fetch_all(&self.pool).await? {
            claims.push(ClaimCard::new(
                &parse_doc::<Claim>(&get::<String>(&r, 0)?, &get::<String>(&r, 1)?)?,
                lang,
            ));
        }
        self.keep_published_links(&mut claims).await?;
        let mut detail = IncidentDetail::new(&inc, lang, claims, Some(get(&row, 1)?));
        detail.stories = self.incident_stories(id, lang).await?;
        Ok(Some(detail))
    }

    /// A published claim with its published incidents.
    pub async fn claim_detail(&self, id: &str, lang: Lang) -> Result<Option<ClaimDetail>> {
        self.claim_detail_for(id, lang, Audience::Readers).await
    }

    /// A claim with its published incidents, as `audience` sees it (see [`Db::incident_detail_for`]).
    pub async fn claim_detail_for(
        &self,
        id: &str,
        lang: Lang,
        audience: Audience,
    ) -> Result<Option<ClaimDetail>> {
        let mut sql = Sql::new(match audience {
            Audience::Readers => {
                "SELECT seq, doc, updated_at, published_at FROM claims WHERE status = 'published' AND id = "
            }
            Audience::Editors => {
                "SELECT seq, COALESCE(pending_doc, doc), updated_at, published_at FROM claims WHERE id = "
            }
        });
        sql.bind(id.to_owned());
        let Some(row) = sql.fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let claim: Claim = parse_doc(id, &get::<String>(&row, 1)?)?;
        let mut sql = Sql::new(
            "SELECT i.id, i.doc FROM incidents i JOIN claim_incidents ci ON ci.incident_id = i.id
             WHERE i.status = 'published' AND ci.claim_seq = ",
        );
        sql.bind(get::<i64>(&row, 0)?)
            .push(" ORDER BY i.sort_key DESC, i.id DESC");
        let mut incidents = Vec::new();
        for r in sql.fetch_all(&self.pool).await? {
            incidents.push(IncidentCard::new(
                &parse_doc::<Incident>(&get::<String>(&r, 0)?, &get::<String>(&r, 1)?)?,
                lang,
            ));
        }
        let mut detail = ClaimDetail::new(&claim, lang, incidents, Some(get(&row, 2)?));
        detail.published_at = get::<Option<String>>(&row, 3)?;
        detail.card.incident_ids = detail.incidents.iter().map(|i| i.id.clone()).collect();
        Ok(Some(detail))
    }

    /// Keeps only links to published incidents: readers must not learn the ids (made from the titles) of drafts
    /// or retracted items that a published claim happens to link to.
    pub(super) async fn keep_published_links(&self, cards: &mut [ClaimCard]) -> Result<()> {
        let mut linked: Vec<String> = cards
            .iter()
            .flat_map(|c| c.incident_ids.iter().cloned())
            .collect();
        linked.sort();
        linked.dedup();
        if linked.is_empty() {
            return Ok(());
        }
        let mut sql = Sql::new("SELECT id FROM incidents WHERE status = 'published' AND id IN (");
        for (i, id) in linked.into_iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind(id);
        }
        sql.push(")");
        let published: std::collections::HashSet<String> = sql
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| get(r, 0))
            .collect::<Result<_>>()?;
        for c in cards {
            c.incident_ids.retain(|id| published.contains(id));
        }
        Ok(())
    }

    /// Counts per value of each dimension, each computed with every filter but its own.
    pub async fn facets(&self, f: &Filter) -> Result<Facets> {
        let incidents = Table::Incidents;
        let category = self
            .group_count(
                "SELECT i.category, COUNT(*) FROM incidents i WHERE 1 = 1",
                " GROUP BY i.category",
                &f.without(Facet::Category),
                incidents,
            )
            .await?;
        let kind = self
            .group_count(
                "SELECT i.kind, COUNT(*) FROM incidents i WHERE 1 = 1",
                " GROUP BY i.kind",
                &f.without(Facet::Kind),
                incidents,
            )
            .await?;
        let region = self
            .group_count(
                "SELECT i.region, COUNT(*) FROM incidents i WHERE i.region IS NOT NULL",
                " GROUP BY i.region",
                &f.without(Facet::Region),
                incidents,
            )
            .await?;
        let platform = self
            .group_count(
                "SELECT p.platform, COUNT(*) FROM incidents i JOIN incident_platforms p ON p.incident_seq = i.seq WHERE 1 = 1",
                " GROUP BY p.platform",
                &f.without(Facet::Platform),
                incidents,
            )
            .await?;
        let verdict = self
            .group_count(
                "SELECT c.verdict, COUNT(*) FROM claims c WHERE 1 = 1",
                " GROUP BY c.verdict",
                &f.without(Facet::Verdict),
                Table::Claims,
            )
            .await?;
        let stage = self
            .group_count(
                "SELECT ss.stage, COUNT(DISTINCT i.seq) FROM incidents i JOIN story_steps ss ON ss.incident_id = i.id
                 JOIN stories st ON st.seq = ss.story_seq AND st.status = 'published' WHERE 1 = 1",
                " GROUP BY ss.stage",
                &f.without(Facet::Stage),
                incidents,
            )
            .await?;
        let verdict_names: Vec<&str> = Verdict::ALL
            .iter()
            .map(|v| v.as_str())
            .chain(std::iter::once(VerdictFilter::Unrated.as_str()))
            .collect();
        Ok(Facets {
            incidents: self.count_incidents(f).await?,
            claims: self.count_claims(f).await?,
            category: all_values(Category::ALL.iter().map(|c| c.as_str()), &category),
            kind: all_values(Kind::ALL.iter().map(|k| k.as_str()), &kind),
            region: all_values(Region::ALL.iter().map(|r| r.as_str()), &region),
            platform: all_values(Platform::ALL.iter().map(|p| p.as_str()), &platform),
            verdict: all_values(verdict_names.into_iter(), &verdict),
            stage: all_values(Stage::ALL.iter().map(|s| s.as_str()), &stage),
        })
    }

    async fn group_count(
        &self,
        select: &str,
        group: &str,
        f: &Filter,
        table: Table,
    ) -> Result<Vec<(String, u64)>> {
        let mut sql = Sql::new(select);
        match table {
            Table::Incidents => self.push_incident_filter(&mut sql, f, true),
            Table::Claims => self.push_claim_filter(&mut sql, f, true),
            Table::Stories => self.push_story_filter_in(&mut sql, f, true, &[Status::Published]),
        }
        sql.push(group);
        let rows = sql.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok((
                    get::<String>(r, 0)?,
                    u64::try_from(get::<i64>(r, 1)?).unwrap_or(0),
                ))
            })
            .collect()
    }

    /// Every matching incident on its month (per category) or, when it may have happened in several, on its
    /// range of months; claims per month and verdict. Oldest first.
    pub async fn timeline(&self, f: &Filter) -> Result<Timeline> {
        let mut sql = Sql::new(
            "SELECT i.month_lo, i.category, COUNT(*) FROM incidents i WHERE i.month_lo = i.month_hi",
        );
        self.push_incident_filter(&mut sql, f, true);
        sql.push(" GROUP BY i.month_lo, i.category ORDER BY i.month_lo, i.category");
        let mut buckets = Vec::new();
        for r in sql.fetch_all(&self.pool).await? {
            let Ok(category) = get::<String>(&r, 1)?.parse::<Category>() else {
                continue;
            };
            buckets.push(TimelineBucket {
                month: get(&r, 0)?,
                category,
                count: u64::try_from(get::<i64>(&r, 2)?).unwrap_or(0),
            });
        }
        let mut sql = Sql::new(
            "SELECT i.month_lo, i.month_hi, i.category, COUNT(*) FROM incidents i WHERE i.month_lo <> i.month_hi",
        );
        self.push_incident_filter(&mut sql, f, true);
        sql.push(" GROUP BY i.month_lo, i.month_hi, i.category ORDER BY i.month_lo, i.month_hi, i.category");
        let mut ranges = Vec::new();
        for r in sql.fetch_all(&self.pool).await? {
            let Ok(category) = get::<String>(&r, 2)?.parse::<Category>() else {
                continue;
            };
            ranges.push(TimelineRange {
                from: get(&r, 0)?,
                to: get(&r, 1)?,
                category,
                count: u64::try_from(get::<i64>(&r, 3)?).unwrap_or(0),
            });
        }
        let mut sql = Sql::new(
            "SELECT substr(c.sort_key, 1, 7) AS month, c.verdict, COUNT(*) FROM claims c WHERE substr(c.sort_key, 6, 2) <> '00'",
        );
        self.push_claim_filter(&mut sql, f, true);
        sql.push(" GROUP BY month, c.verdict ORDER BY month, c.verdict");
        let mut claims = Vec::new();
        for r in sql.fetch_all(&self.pool).await? {
            claims.push(ClaimBucket {
                month: get(&r, 0)?,
                verdict: get(&r, 1)?,
                count: u64::try_from(get::<i64>(&r, 2)?).unwrap_or(0),
            });
        }
        let mut sql =
            Sql::new("SELECT COUNT(*) FROM incidents i WHERE substr(i.sort_key, 6, 2) = '00'");
        self.push_incident_filter(&mut sql, f, true);
        let year_only_incidents = sql.scalar(&self.pool).await?;
        let mut sql =
            Sql::new("SELECT COUNT(*) FROM claims c WHERE substr(c.sort_key, 6, 2) = '00'");
        self.push_claim_filter(&mut sql, f, true);
        let year_only_claims = sql.scalar(&self.pool).await?;
        Ok(Timeline {
            buckets,
            ranges,
            claims,
            year_only: u64::try_from(year_only_incidents + year_only_claims).unwrap_or(0),
            stories: self.timeline_stories(f).await?,
        })
    }

    /// The published stories with a step among the incidents `f` matches (the latest first), each with its steps
    /// that fall on one month: the step's own date, else its incident's month. Steps on unpublished incidents are
    /// left out, as everywhere readers look.
    async fn timeline_stories(&self, f: &Filter) -> Result<Vec<TimelineStory>> {
        let mut sql = Sql::new(
            "SELECT s.id, s.kind, st.stage, st.sort_key, li.month_lo, li.month_hi, li.id \
             FROM story_steps st JOIN stories s ON s.seq = st.story_seq \
             LEFT JOIN incidents li ON li.id = st.incident_id AND li.status = 'published' \
             LEFT JOIN claims lc ON lc.id = st.claim_id AND lc.status = 'published' \
             WHERE s.status = 'published' AND (st.incident_id IS NULL OR li.id IS NOT NULL) \
             AND (st.claim_id IS NULL OR lc.id IS NOT NULL) AND s.seq IN (SELECT m.story_seq FROM story_steps m \
             JOIN incidents i ON i.id = m.incident_id WHERE 1 = 1",
        );
        self.push_incident_filter(&mut sql, f, true);
        sql.push(") ORDER BY s.sort_key DESC, s.id, st.position");
        let mut stories: Vec<TimelineStory> = Vec::new();
        for r in sql.fetch_all(&self.pool).await? {
            let id: String = get(&r, 0)?;
            if stories.last().is_none_or(|s| s.id != id) {
                if stories.len() == Timeline::MAX_STORIES {
                    break;
                }
                let Ok(kind) = get::<String>(&r, 1)?.parse::<StoryKind>() else {
                    continue;
                };
                stories.push(TimelineStory {
                    id: id.clone(),
                    kind,
                    steps: Vec::new(),
                });
            }
            let Some(story) = stories.last_mut().filter(|s| s.id == id) else {
                continue;
            };
            let Ok(stage) = get::<String>(&r, 2)?.parse::<Stage>() else {
                continue;
            };
            let own: Option<String> = get(&r, 3)?;
            let (lo, hi): (Option<String>, Option<String>) = (get(&r, 4)?, get(&r, 5)?);
            let month = match (own, lo, hi) {
                (Some(k), _, _) if k.len() >= 7 && &k[5..7] != "00" => k[..7].to_owned(),
                (_, Some(lo), Some(hi)) if lo == hi => lo,
                _ => continue,
            };
            story.steps.push(TimelineStep {
                month,
                stage,
                incident: get(&r, 6)?,
            });
        }
        stories.retain(|s| !s.steps.is_empty());
        Ok(stories)
    }

    /// Appends the reader's filter for `incidents i`. `with_q` adds the text search as a condition (ranked lists
    /// join the search table instead).
    pub(super) fn push_incident_filter(&self, sql: &mut Sql, f: &Filter, with_q: bool) {
        self.push_incident_filter_in(sql, f, with_q, &[Status::Published]);
    }

    /// The reader's filter over items of the given statuses (the admin lists choose them; readers get published).
    pub(super) fn push_incident_filter_in(
        &self,
        sql: &mut Sql,
        f: &Filter,
        with_q: bool,
        statuses: &[Status],
    ) {
        sql.and_in("i.status", statuses.iter().map(|s| s.as_str()));
        if !f.categories.is_empty() {
            sql.and_in("i.category", f.categories.iter().map(|c| c.as_str()));
        }
        if !f.kinds.is_empty() {
            sql.and_in("i.kind", f.kinds.iter().map(|k| k.as_str()));
        }
        if !f.regions.is_empty() {
            sql.and_in("i.region", f.regions.iter().map(|r| r.as_str()));
        }
        if !f.platforms.is_empty() {
            sql.push(
                " AND EXISTS (SELECT 1 FROM incident_platforms ip WHERE ip.incident_seq = i.seq",
            );
            sql.and_in("ip.platform", f.platforms.iter().map(|p| p.as_str()))
                .push(")");
        }
        if !f.verdicts.is_empty() {
            sql.push(
                " AND EXISTS (SELECT 1 FROM claim_incidents ci JOIN claims vc ON vc.seq = ci.claim_seq
                   WHERE ci.incident_id = i.id AND vc.status = 'published'",
            );
            sql.and_in("vc.verdict", f.verdicts.iter().map(|v| v.as_str()))
                .push(")");
        }
        push_range(sql, "i", f);
        push_story_steps(sql, "i", "incident_id", f);
        if with_q && let Some(q) = f.q.as_deref() {
            self.push_search(sql, Table::Incidents, "i", q);
        }
    }

    /// Appends the reader's filter for `claims c`; kind, region and platform select claims linked to such incidents.
    pub(super) fn push_claim_filter(&self, sql: &mut Sql, f: &Filter, with_q: bool) {
        self.push_claim_filter_in(sql, f, with_q, &[Status::Published]);
    }

    pub(super) fn push_claim_filter_in(
        &self,
        sql: &mut Sql,
        f: &Filter,
        with_q: bool,
        statuses: &[Status],
    ) {
        sql.and_in("c.status", statuses.iter().map(|s| s.as_str()));
        if !f.categories.is_empty() {
            sql.and_in("c.category", f.categories.iter().map(|c| c.as_str()));
        }
        if !f.verdicts.is_empty() {
            sql.and_in("c.verdict", f.verdicts.iter().map(|v| v.as_str()));
        }
        if !f.kinds.is_empty() || !f.regions.is_empty() || !f.platforms.is_empty() {
            sql.push(
                " AND EXISTS (SELECT 1 FROM claim_incidents ci JOIN incidents li ON li.id = ci.incident_id
                   WHERE ci.claim_seq = c.seq AND li.status = 'published'",
            );
            if !f.kinds.is_empty() {
                sql.and_in("li.kind", f.kinds.iter().map(|k| k.as_str()));
            }
            if !f.regions.is_empty() {
                sql.and_in("li.region", f.regions.iter().map(|r| r.as_str()));
            }
            if !f.platforms.is_empty() {
                sql.push(" AND EXISTS (SELECT 1 FROM incident_platforms ip WHERE ip.incident_seq = li.seq");
                sql.and_in("ip.platform", f.platforms.iter().map(|p| p.as_str()))
                    .push(")");
            }
            sql.push(")");
        }
        push_range(sql, "c", f);
        push_story_steps(sql, "c", "claim_id", f);
        if with_q && let Some(q) = f.q.as_deref() {
            self.push_search(sql, Table::Claims, "c", q);
        }
    }

    /// The reader's filter for `stories s`: `stage` and `story` select stories with such a public step (or this
    /// id), `q` searches the story's own text, and the rest of the filter keeps stories with a step linking a
    /// published incident that matches it.
    pub(super) fn push_story_filter_in(
        &self,
        sql: &mut Sql,
        f: &Filter,
        with_q: bool,
        statuses: &[Status],
    ) {
        sql.and_in("s.status", statuses.iter().map(|s| s.as_str()));
        if let Some(StoryFilter::Id(id)) = &f.story {
            sql.push(" AND s.id = ").bind(id.to_string());
        }
        if !f.stages.is_empty() {
            sql.push(&format!(
                " AND EXISTS (SELECT 1 FROM story_steps sst WHERE sst.story_seq = s.seq AND {}",
                public_step("sst")
            ));
            sql.and_in("sst.stage", f.stages.iter().map(|s| s.as_str()))
                .push(")");
        }
        let incidents = Filter {
            q: None,
            story: None,
            stages: Vec::new(),
            ..f.clone()
        };
        if !incidents.is_empty() {
            sql.push(
                " AND EXISTS (SELECT 1 FROM story_steps ssi JOIN incidents i ON i.id = ssi.incident_id WHERE ssi.story_seq = s.seq",
            );
            self.push_incident_filter(sql, &incidents, false);
            sql.push(")");
        }
        if with_q && let Some(q) = f.q.as_deref() {
            self.push_search(sql, Table::Stories, "s", q);
        }
    }

    /// Orders, applies the cursor and the limit, and fetches one extra row to know whether a next page exists.
    /// The first two columns of `sql` must be the id and the sort key.
    pub(super) async fn fetch_page_rows(
        &self,
        mut sql: Sql,
        rank: Option<&str>,
        alias: &str,
        limit: u32,
        cursor: Option<&Cursor>,
    ) -> Result<Vec<sqlx::any::AnyRow>> {
        let mut offset = 0;
        match (cursor, rank.is_some()) {
            (None, _) => {}
            (Some(Cursor::After { sort_key, id }), false) => {
                sql.push(&format!(" AND ({alias}.sort_key < "));
                let k = sql.param(sort_key.clone());
                sql.push(&format!(" OR ({alias}.sort_key = ${k} AND {alias}.id < "))
                    .bind(id.clone())
                    .push("))");
            }
            (Some(Cursor::Offset(n)), true) => offset = *n,
            _ => return Err(DbError::CursorMismatch),
        }
        match rank {
            Some(rank) => sql.push(&format!(
                " ORDER BY {rank}, {alias}.sort_key DESC, {alias}.id DESC"
            )),
            None => sql.push(&format!(" ORDER BY {alias}.sort_key DESC, {alias}.id DESC")),
        };
        sql.push(" LIMIT ")
            .bind(i64::from(limit) + 1)
            .push(" OFFSET ")
            .bind(i64::from(offset));
        sql.fetch_all(&self.pool).await
    }

    async fn fetch_page(
        &self,
        sql: Sql,
        rank: Option<&str>,
        alias: &str,
        limit: u32,
        cursor: Option<&Cursor>,
    ) -> Result<Vec<PageRow>> {
        let rows = self
            .fetch_page_rows(sql, rank, alias, limit, cursor)
            .await?;
        rows.iter()
            .map(|r| Ok((get(r, 0)?, get(r, 1)?, get(r, 2)?)))
            .collect()
    }
}

pub(super) type PageRow = (String, String, String);

fn all_values<'a>(
    names: impl Iterator<Item = &'a str>,
    counts: &[(String, u64)],
) -> Vec<FacetCount> {
    names
        .map(|n| FacetCount {
            value: n.to_owned(),
            count: counts.iter().find(|(v, _)| v == n).map_or(0, |(_, c)| *c),
        })
        .collect()
}

pub(crate) fn parse_doc<T: serde::de::DeserializeOwned>(id: &str, doc: &str) -> Result<T> {
    serde_json::from_str(doc).map_err(|e| DbError::Corrupt {
        id: id.to_owned(),
        reason: e.to_string(),
    })
}

/// A condition on a story step (`alias`): readers see it only when the item it links, if any, is published.
pub(super) fn public_step(alias: &str) -> String {
    format!(
        "({alias}.incident_id IS NULL OR {alias}.incident_id IN (SELECT id FROM incidents WHERE status = 'published')) \
         AND ({alias}.claim_id IS NULL OR {alias}.claim_id IN (SELECT id FROM claims WHERE status = 'published'))"
    )
}

/// ` AND` the item (`alias`, linked from steps by `column`) is a step of a published story (this one, at these
/// stages), when the filter asks for that.
fn push_story_steps(sql: &mut Sql, alias: &str, column: &str, f: &Filter) {
    if f.story.is_none() && f.stages.is_empty() {
        return;
    }
    sql.push(&format!(
        " AND EXISTS (SELECT 1 FROM story_steps ss JOIN stories st ON st.seq = ss.story_seq
           WHERE ss.{column} = {alias}.id AND st.status = 'published'"
    ));
    if let Some(StoryFilter::Id(id)) = &f.story {
        sql.push(" AND st.id = ").bind(id.to_string());
    }
    if !f.stages.is_empty() {
        sql.and_in("ss.stage", f.stages.iter().map(|s| s.as_str()));
    }
    sql.push(")");
}

fn push_range(sql: &mut Sql, alias: &str, f: &Filter) {
    let (from, to) = f.day_bounds();
    if let Some(from) = from {
        sql.push(&format!(" AND {alias}.date_hi >= ")).bind(from);
    }
    if let Some(to) = to {
        sql.push(&format!(" AND {alias}.date_lo <= ")).bind(to);
    }
}

/// Trims the extra row and makes the cursor for the page after this one.
pub(super) fn next_cursor(
    rows: &[PageRow],
    limit: u32,
    ranked: bool,
    cursor: Option<&Cursor>,
) -> Option<String> {
    if rows.len() <= limit as usize {
        return None;
    }
    let last = &rows[limit as usize - 1];
    let c = if ranked {
        let before = match cursor {
            Some(Cursor::Offset(n)) => *n,
            _ => 0,
        };
        Cursor::Offset(before + limit)
    } else {
        Cursor::After {
            sort_key: last.1.clone(),
            id: last.0.clone(),
        }
    };
    Some(c.encode())
}
