//! The snapshot's query engine (feature `local`): the public API's answers (lists, details, facets, timeline)
//! computed from a static [`Dataset`] instead of a database, for a copy of the widget that a partner hosts on any
//! static file server (`aqiqat snapshot`). The snapshot bundle runs it in the browser; the server's tests run it
//! natively against the real API's answers on the same data, so the two cannot drift unnoticed.
//!
//! Every rule here mirrors one in `backend/src/db/content.rs` (the SQL is the reference): which items a filter
//! keeps, how facets leave out their own dimension, where the timeline places an incident, which stories it draws.
//! Search uses the server's own stems ([`crate::search`]): an item's stems are precomputed by the snapshot command
//! from the same texts the search index holds, and a query is stemmed here exactly as the server stems it.
//! One difference is deliberate: a search lists its matches newest first, not by the databases' relevance rank
//! (FTS5's bm25 or PostgreSQL's `ts_rank`, which differ from each other too); the matches are the same.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::api::{
    ClaimBucket, ClaimCard, ClaimDetail, FacetCount, Facets, IncidentCard, IncidentDetail, Page,
    Timeline, TimelineBucket, TimelineRange, TimelineStep, TimelineStory,
};
use crate::filter::{Facet, Filter, ListQuery, StoryFilter, VerdictFilter};
use crate::search::{Term, query_terms};
use crate::view::{Selected, Tab, ViewData, ViewState};
use crate::{Category, Kind, Lang, Platform, Region, Stage, StoryKind, Verdict};

/// The version of the dataset's format; the bundle refuses a dataset of another.
pub const FORMAT: u32 = 1;

/// The file name of the dataset of one language, relative to the snapshot's root: its JSON, gzip-compressed (a
/// static server sends files as they are, so the snapshot's boot script unpacks it in the browser).
pub fn file_name(lang: Lang) -> String {
    format!("data/{}.json.gz", lang.as_str())
}

/// Everything a snapshot's widget shows in one language: published items only, as the public API sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub format: u32,
    pub lang: Lang,
    /// The data version of the database the snapshot was taken from.
    pub data_version: u64,
    /// When the snapshot was taken (RFC 3339).
    pub taken_at: String,
    pub incidents: Vec<LocalIncident>,
    pub claims: Vec<LocalClaim>,
    /// Published stories with at least one public step.
    pub stories: Vec<LocalStory>,
}

/// A step of a published story that an item is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRef {
    pub story: String,
    pub stage: Stage,
}

/// A published incident: its detail (the card inside) and the derived keys the database filters by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalIncident {
    pub detail: IncidentDetail,
    /// `Incident::sort_key`, `bounds` and `months`, as the database's derived columns hold them.
    pub sort_key: String,
    pub date_lo: String,
    pub date_hi: String,
    pub month_lo: String,
    pub month_hi: String,
    /// The item's search stems, space-separated ([`unique_stems`] of `search::index_text` of its `search_text`).
    pub stems: String,
    pub steps: Vec<StepRef>,
}

/// An item's search stems without repeats: a search asks only whether a stem is there.
pub fn unique_stems(stems: &str) -> String {
    let mut seen = std::collections::HashSet::new();
    stems
        .split(' ')
        .filter(|w| !w.is_empty() && seen.insert(*w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A published claim (its detail lists its published incidents).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalClaim {
    pub detail: ClaimDetail,
    pub sort_key: String,
    pub date_lo: String,
    pub date_hi: String,
    pub stems: String,
    pub steps: Vec<StepRef>,
}

/// A published story as the timeline draws it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalStory {
    pub id: String,
    pub kind: StoryKind,
    /// Its latest step's sort key (the database's `stories.sort_key`).
    pub sort_key: String,
    /// The published incidents that are its steps (a story is drawn when one of them matches).
    pub incidents: Vec<String>,
    /// Its public steps that fall on one month, in order.
    pub steps: Vec<TimelineStep>,
}

fn month_known(sort_key: &str) -> bool {
    sort_key.get(5..7).is_some_and(|m| m != "00")
}

fn matches_terms(stems: &str, terms: &[Term]) -> bool {
    terms.iter().all(|t| {
        t.alternatives.iter().any(|a| {
            stems.split(' ').any(|w| {
                if a.prefix {
                    w.starts_with(a.stem.as_str())
                } else {
                    w == a.stem
                }
            })
        })
    })
}

fn in_range(lo: &str, hi: &str, f: &Filter) -> bool {
    let (from, to) = f.day_bounds();
    from.is_none_or(|from| hi >= from.as_str()) && to.is_none_or(|to| lo <= to.as_str())
}

fn steps_match(steps: &[StepRef], f: &Filter) -> bool {
    if f.story.is_none() && f.stages.is_empty() {
        return true;
    }
    steps.iter().any(|s| {
        let story = match &f.story {
            None | Some(StoryFilter::Any) => true,
            Some(StoryFilter::Id(id)) => s.story == id.as_str(),
        };
        story && (f.stages.is_empty() || f.stages.contains(&s.stage))
    })
}

fn any_of<T: PartialEq>(chosen: &[T], value: &T) -> bool {
    chosen.is_empty() || chosen.contains(value)
}

/// A filter with its query's stems, computed once per question.
struct Compiled<'f> {
    f: &'f Filter,
    terms: Vec<Term>,
}

impl<'f> Compiled<'f> {
    fn new(f: &'f Filter) -> Compiled<'f> {
        Compiled {
            f,
            terms: f.q.as_deref().map(query_terms).unwrap_or_default(),
        }
    }
}

impl Dataset {
    fn incident_by_id(&self) -> HashMap<&str, &LocalIncident> {
        self.incidents
            .iter()
            .map(|i| (i.detail.card.id.as_str(), i))
            .collect()
    }

    fn incident_matches(i: &LocalIncident, c: &Compiled) -> bool {
        let f = c.f;
        let card = &i.detail.card;
        any_of(&f.categories, &card.category)
            && any_of(&f.kinds, &card.kind)
            && (f.regions.is_empty() || card.region.is_some_and(|r| f.regions.contains(&r)))
            && (f.platforms.is_empty() || card.platforms.iter().any(|p| f.platforms.contains(p)))
            && (f.verdicts.is_empty()
                || i.detail
                    .claims
                    .iter()
                    .any(|cl| f.verdicts.contains(&VerdictFilter::of(cl.verdict))))
            && in_range(&i.date_lo, &i.date_hi, f)
            && steps_match(&i.steps, f)
            && matches_terms(&i.stems, &c.terms)
    }

    fn claim_matches(
        cl: &LocalClaim,
        c: &Compiled,
        incidents: &HashMap<&str, &LocalIncident>,
    ) -> bool {
        let f = c.f;
        let card = &cl.detail.card;
        let linked = f.kinds.is_empty() && f.regions.is_empty() && f.platforms.is_empty()
            || cl.detail.incidents.iter().any(|li| {
                incidents.get(li.id.as_str()).is_some_and(|i| {
                    let ic = &i.detail.card;
                    any_of(&f.kinds, &ic.kind)
                        && (f.regions.is_empty()
                            || ic.region.is_some_and(|r| f.regions.contains(&r)))
                        && (f.platforms.is_empty()
                            || ic.platforms.iter().any(|p| f.platforms.contains(p)))
                })
            });
        any_of(&f.categories, &card.category)
            && (f.verdicts.is_empty() || f.verdicts.contains(&VerdictFilter::of(card.verdict)))
            && linked
            && in_range(&cl.date_lo, &cl.date_hi, f)
            && steps_match(&cl.steps, f)
            && matches_terms(&cl.stems, &c.terms)
    }

    /// The published incidents a filter keeps, newest first (sort key, then id, both descending).
    fn matching_incidents(&self, f: &Filter) -> Vec<&LocalIncident> {
        let c = Compiled::new(f);
        let mut v: Vec<&LocalIncident> = self
            .incidents
            .iter()
            .filter(|i| Self::incident_matches(i, &c))
            .collect();
        v.sort_by(|a, b| {
            (b.sort_key.as_str(), b.detail.card.id.as_str())
                .cmp(&(a.sort_key.as_str(), a.detail.card.id.as_str()))
        });
        v
    }

    fn matching_claims(&self, f: &Filter) -> Vec<&LocalClaim> {
        let c = Compiled::new(f);
        let incidents = self.incident_by_id();
        let mut v: Vec<&LocalClaim> = self
            .claims
            .iter()
            .filter(|cl| Self::claim_matches(cl, &c, &incidents))
            .collect();
        v.sort_by(|a, b| {
            (b.sort_key.as_str(), b.detail.card.id.as_str())
                .cmp(&(a.sort_key.as_str(), a.detail.card.id.as_str()))
        });
        v
    }

    /// `GET /api/v1/incidents`.
    pub fn incidents(&self, q: &ListQuery) -> Result<Page<IncidentCard>, String> {
        let all = self.matching_incidents(&q.filter);
        page(&all, q, |i| i.detail.card.clone())
    }

    /// `GET /api/v1/claims`.
    pub fn claims(&self, q: &ListQuery) -> Result<Page<ClaimCard>, String> {
        let all = self.matching_claims(&q.filter);
        page(&all, q, |c| c.detail.card.clone())
    }

    /// `GET /api/v1/incidents/{id}`.
    pub fn incident(&self, id: &str) -> Option<IncidentDetail> {
        self.incidents
            .iter()
            .find(|i| i.detail.card.id == id)
            .map(|i| i.detail.clone())
    }

    /// `GET /api/v1/claims/{id}`.
    pub fn claim(&self, id: &str) -> Option<ClaimDetail> {
        self.claims
            .iter()
            .find(|c| c.detail.card.id == id)
            .map(|c| c.detail.clone())
    }

    /// `GET /api/v1/facets`: each dimension counted with every filter but its own.
    pub fn facets(&self, f: &Filter) -> Facets {
        fn tally<'a, T: 'a>(
            items: &[&'a T],
            values: impl Fn(&'a T) -> Vec<&'static str>,
        ) -> HashMap<&'static str, u64> {
            let mut m = HashMap::new();
            for i in items {
                let mut vs = values(i);
                vs.sort_unstable();
                vs.dedup();
                for v in vs {
                    *m.entry(v).or_insert(0) += 1;
                }
            }
            m
        }
        fn all_values<'a>(
            names: impl Iterator<Item = &'a str>,
            counts: &HashMap<&str, u64>,
        ) -> Vec<FacetCount> {
            names
                .map(|n| FacetCount {
                    value: n.to_owned(),
                    count: counts.get(n).copied().unwrap_or(0),
                })
                .collect()
        }
        let category = tally(&self.matching_incidents(&f.without(Facet::Category)), |i| {
            vec![i.detail.card.category.as_str()]
        });
        let kind = tally(&self.matching_incidents(&f.without(Facet::Kind)), |i| {
            vec![i.detail.card.kind.as_str()]
        });
        let region = tally(&self.matching_incidents(&f.without(Facet::Region)), |i| {
            i.detail.card.region.iter().map(|r| r.as_str()).collect()
        });
        let platform = tally(&self.matching_incidents(&f.without(Facet::Platform)), |i| {
            i.detail.card.platforms.iter().map(|p| p.as_str()).collect()
        });
        let verdict = tally(&self.matching_claims(&f.without(Facet::Verdict)), |c| {
            vec![VerdictFilter::of(c.detail.card.verdict).as_str()]
        });
        let stage = tally(&self.matching_incidents(&f.without(Facet::Stage)), |i| {
            i.steps.iter().map(|s| s.stage.as_str()).collect()
        });
        let verdict_names = Verdict::ALL
            .iter()
            .map(|v| v.as_str())
            .chain(std::iter::once(VerdictFilter::Unrated.as_str()));
        Facets {
            incidents: self.matching_incidents(f).len() as u64,
            claims: self.matching_claims(f).len() as u64,
            category: all_values(Category::ALL.iter().map(|c| c.as_str()), &category),
            kind: all_values(Kind::ALL.iter().map(|k| k.as_str()), &kind),
            region: all_values(Region::ALL.iter().map(|r| r.as_str()), &region),
            platform: all_values(Platform::ALL.iter().map(|p| p.as_str()), &platform),
            verdict: all_values(verdict_names, &verdict),
            stage: all_values(Stage::ALL.iter().map(|s| s.as_str()), &stage),
        }
    }

    /// `GET /api/v1/timeline`: every matching incident on its month or its range of months, claims per month and
    /// verdict, the stories with a step among the matching incidents.
    pub fn timeline(&self, f: &Filter) -> Timeline {
        let incidents = self.matching_incidents(f);
        let claims = self.matching_claims(f);
        let mut buckets: BTreeMap<(&str, &str), u64> = BTreeMap::new();
        let mut ranges: BTreeMap<(&str, &str, &str), u64> = BTreeMap::new();
        for i in &incidents {
            let cat = i.detail.card.category.as_str();
            if i.month_lo == i.month_hi {
                *buckets.entry((&i.month_lo, cat)).or_insert(0) += 1;
            } else {
                *ranges.entry((&i.month_lo, &i.month_hi, cat)).or_insert(0) += 1;
            }
        }
        let mut claim_buckets: BTreeMap<(&str, &str), u64> = BTreeMap::new();
        for c in &claims {
            if month_known(&c.sort_key) {
                let verdict = VerdictFilter::of(c.detail.card.verdict).as_str();
                *claim_buckets
                    .entry((&c.sort_key[..7], verdict))
                    .or_insert(0) += 1;
            }
        }
        let year_only = incidents
            .iter()
            .filter(|i| !month_known(&i.sort_key))
            .count()
            + claims.iter().filter(|c| !month_known(&c.sort_key)).count();
        let matched: std::collections::HashSet<&str> = incidents
            .iter()
            .map(|i| i.detail.card.id.as_str())
            .collect();
        let mut stories: Vec<&LocalStory> = self
            .stories
            .iter()
            .filter(|s| s.incidents.iter().any(|id| matched.contains(id.as_str())))
            .collect();
        stories.sort_by(|a, b| b.sort_key.cmp(&a.sort_key).then(a.id.cmp(&b.id)));
        Timeline {
            buckets: buckets
                .into_iter()
                .filter_map(|((month, cat), count)| {
                    Some(TimelineBucket {
                        month: month.to_owned(),
                        category: cat.parse().ok()?,
                        count,
                    })
                })
                .collect(),
            ranges: ranges
                .into_iter()
                .filter_map(|((from, to, cat), count)| {
                    Some(TimelineRange {
                        from: from.to_owned(),
                        to: to.to_owned(),
                        category: cat.parse().ok()?,
                        count,
                    })
                })
                .collect(),
            claims: claim_buckets
                .into_iter()
                .map(|((month, verdict), count)| ClaimBucket {
                    month: month.to_owned(),
                    verdict: verdict.to_owned(),
                    count,
                })
                .collect(),
            year_only: year_only as u64,
            stories: stories
                .into_iter()
                .take(Timeline::MAX_STORIES)
                .filter(|s| !s.steps.is_empty())
                .map(|s| TimelineStory {
                    id: s.id.clone(),
                    kind: s.kind,
                    steps: s.steps.clone(),
                })
                .collect(),
        }
    }

    /// What a view's first screen shows (as the server's `/widget` page gathers it): the item opened, the facets,
    /// the timeline without the date filter, and the tab's first page. Unknown items and bad cursors become
    /// notices, as on the server.
    pub fn view_data(&self, state: &mut ViewState) -> ViewData {
        let mut notices = Vec::new();
        let mut data = ViewData {
            page: false,
            snapshot: true,
            data_version: Some(self.data_version),
            ..ViewData::default()
        };
        match state.selected.clone() {
            Some(Selected::Incident(id)) => match self.incident(&id) {
                Some(d) => data.incident = Some(d),
                None => {
                    notices.push(format!("incident: no published incident {id:?}"));
                    state.selected = None;
                }
            },
            Some(Selected::Claim(id)) => match self.claim(&id) {
                Some(d) => data.claim = Some(d),
                None => {
                    notices.push(format!("claim: no published claim {id:?}"));
                    state.selected = None;
                }
            },
            None => {}
        }
        let f = &state.query.filter;
        data.facets = Some(self.facets(f));
        data.timeline = Some(self.timeline(&f.without_dates()));
        if state.selected.is_none() {
            if state.query.cursor.is_some() && cursor_offset(state.query.cursor.as_deref()).is_err()
            {
                notices.push("cursor: the cursor is damaged".to_owned());
                state.query.cursor = None;
            }
            match state.tab {
                Tab::Incidents => data.incidents = self.incidents(&state.query).ok(),
                Tab::Claims => data.claims = self.claims(&state.query).ok(),
            }
        }
        data.view = state.to_query_string(true);
        data.notices = notices;
        data
    }
}

/// The offset a local cursor stands for (a local cursor is the number of items before the page).
fn cursor_offset(cursor: Option<&str>) -> Result<usize, String> {
    match cursor {
        None => Ok(0),
        Some(c) => c
            .strip_prefix("o")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| "cursor: the cursor is damaged".to_owned()),
    }
}

fn page<T, C>(all: &[&T], q: &ListQuery, card: impl Fn(&T) -> C) -> Result<Page<C>, String> {
    let start = cursor_offset(q.cursor.as_deref())?;
    let limit = q.limit as usize;
    let end = start.saturating_add(limit).min(all.len());
    let items = all
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|i| card(i))
        .collect();
    Ok(Page {
        items,
        total: all.len() as u64,
        next_cursor: (end < all.len()).then(|| format!("o{end}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index_text;

    fn incident(id: &str, sort_key: &str, text: &str, category: Category) -> LocalIncident {
        let inc = crate::incident::tests::sample().validate().unwrap();
        let mut detail = IncidentDetail::new(&inc, Lang::Ru, vec![], None);
        detail.card.id = id.to_owned();
        detail.card.category = category;
        let month = sort_key[..7].to_owned();
        LocalIncident {
            detail,
            sort_key: sort_key.to_owned(),
            date_lo: sort_key.to_owned(),
            date_hi: sort_key.to_owned(),
            month_lo: month.clone(),
            month_hi: month,
            stems: index_text([(Some(Lang::Ru), text)]),
            steps: vec![],
        }
    }

    fn dataset() -> Dataset {
        Dataset {
            format: FORMAT,
            lang: Lang::Ru,
            data_version: 3,
            taken_at: String::new(),
            incidents: vec![
                incident("a", "2025-09-01", "Утечка данных", Category::PersonalData),
                incident("b", "2025-10-02", "Блокировка сайта", Category::CourtCases),
                incident(
                    "c",
                    "2025-10-02",
                    "Утечки персональных данных",
                    Category::PersonalData,
                ),
            ],
            claims: vec![],
            stories: vec![],
        }
    }

    fn q(qs: &str) -> ListQuery {
        ListQuery::parse_query_string(qs).unwrap()
    }

    #[test]
    fn lists_are_newest_first_and_page_by_offset() {
        let d = dataset();
        let p = d.incidents(&q("limit=2")).unwrap();
        let ids: Vec<&str> = p.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!((ids, p.total), (vec!["c", "b"], 3));
        let next = d
            .incidents(&q(&format!("limit=2&cursor={}", p.next_cursor.unwrap())))
            .unwrap();
        assert_eq!(next.items[0].id, "a");
        assert_eq!(next.next_cursor, None);
        assert!(d.incidents(&q("cursor=zzz")).is_err());
    }

    #[test]
    fn search_meets_word_forms_and_facets_leave_out_their_own_dimension() {
        let d = dataset();
        // «утечку» stems like «утечка» and «утечки».
        assert_eq!(d.incidents(&q("q=утечку")).unwrap().total, 2);
        assert_eq!(d.incidents(&q("q=сайтов")).unwrap().total, 1);
        assert_eq!(d.incidents(&q("q=утечку сайт")).unwrap().total, 0);
        let f = q("category=court_cases").filter;
        let facets = d.facets(&f);
        assert_eq!(facets.incidents, 1);
        let pd = facets
            .category
            .iter()
            .find(|c| c.value == "personal_data")
            .unwrap();
        assert_eq!(pd.count, 2);
        let t = d.timeline(&Filter::default());
        let total: u64 = t.buckets.iter().map(|b| b.count).sum();
        assert_eq!(total, 3);
        assert_eq!(t.buckets[0].month, "2025-09");
    }
}
