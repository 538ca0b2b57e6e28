//! What a reader's view is, as a URL can say it: the filter and language, the tab, the item opened, and how the view
//! is shown. The server renders a view from it and the browser hydrates the same view from it, so both parse the
//! page's query string here, and both write links with [`ViewState::to_query_string`].
//!
//! A page's URL comes from people (partners' snippets, shared links, plain GET forms), so parsing is forgiving: a
//! bad option is reported and dropped, the rest still applies; unknown keys (`utm_source`, …) are ignored; a list
//! may arrive comma-separated (`category=a,b`, as the API takes it) or repeated (`category=a&category=b`, as an HTML
//! form with checkboxes sends it).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::{ClaimCard, ClaimDetail, Facets, IncidentCard, IncidentDetail, Page, Timeline};
use crate::appearance::Appearance;
use crate::common::Slug;
use crate::filter::{LIMIT_DEFAULT, ListQuery, RawQuery};
use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Incidents,
    Claims,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selected {
    Incident(String),
    Claim(String),
}

impl Selected {
    pub fn id(&self) -> &str {
        match self {
            Selected::Incident(id) | Selected::Claim(id) => id,
        }
    }

    /// The item's public page, e.g. `/i/<id>` (`?lang=` added for other languages than Russian).
    pub fn public_path(&self, lang: Lang) -> String {
        match self {
            Selected::Incident(id) => public_path(PageKind::Incident, id, lang),
            Selected::Claim(id) => public_path(PageKind::Claim, id, lang),
        }
    }
}

/// Where a reader view is shown. The same components render all of them; only links and a few controls differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Surface {
    /// `/widget`: the partner's iframe (with `embed=1`) or the widget opened on its own. Items open in place.
    #[default]
    Widget,
    /// `/` and `/claims`: the public list pages. Items open their public pages.
    Page,
    /// A static copy for a partner's own domain (`aqiqat snapshot`): the widget at `index.html`, items open in
    /// place, and every link is relative to the snapshot's root (the public pages are `i/<id>.html`).
    #[cfg(feature = "local")]
    Snapshot,
}

/// The kinds of public page with an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Incident,
    Claim,
}

/// `/i/<id>` or `/c/<id>`, with `?lang=` unless Russian (the default language).
pub fn public_path(kind: PageKind, id: &str, lang: Lang) -> String {
    let prefix = match kind {
        PageKind::Incident => "/i/",
        PageKind::Claim => "/c/",
    };
    if lang == Lang::Ru {
        format!("{prefix}{id}")
    } else {
        format!("{prefix}{id}?lang={}", lang.as_str())
    }
}

/// An item's public page inside a snapshot, relative to the snapshot's root: `i/<id>.html` or `c/<id>.html`.
#[cfg(feature = "local")]
pub fn snapshot_path(kind: PageKind, id: &str) -> String {
    match kind {
        PageKind::Incident => format!("i/{id}.html"),
        PageKind::Claim => format!("c/{id}.html"),
    }
}

#[cfg(feature = "local")]
impl Selected {
    /// [`snapshot_path`] of this item.
    pub fn snapshot_path(&self) -> String {
        match self {
            Selected::Incident(id) => snapshot_path(PageKind::Incident, id),
            Selected::Claim(id) => snapshot_path(PageKind::Claim, id),
        }
    }
}

/// One reader view.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ViewState {
    /// Filter, language and paging (`cursor`: a later page, for readers without scripts).
    pub query: ListQuery,
    pub tab: Tab,
    pub selected: Option<Selected>,
    /// In a partner's iframe (`embed=1`): reports its height to `embed.js`.
    pub embed: bool,
    /// The editors' preview of one item (`preview=1`), read through the admin API.
    pub preview: bool,
    /// Theme, accent colour and font (`theme`, `accent`, `font`): how the widget looks on a partner's page.
    pub appearance: Appearance,
}

/// Keys of the view itself; every other known key belongs to the list query ([`RawQuery`]).
const VIEW_KEYS: [&str; 8] = [
    "tab", "incident", "claim", "embed", "preview", "theme", "accent", "font",
];

fn is_query_key(key: &str) -> bool {
    // A key `RawQuery` accepts (it denies unknown fields), asked of serde rather than listed a second time.
    serde_urlencoded::from_str::<RawQuery>(&format!("{key}=")).is_ok()
}

impl ViewState {
    /// The view a query string describes (with or without the leading `?`), and a note for each option that could
    /// not be used.
    pub fn parse(qs: &str) -> (ViewState, Vec<String>) {
        match serde_urlencoded::from_str::<Vec<(String, String)>>(qs.trim_start_matches('?')) {
            Ok(pairs) => ViewState::from_pairs(pairs),
            Err(_) => (
                ViewState::default(),
                vec!["query: the address could not be read".to_owned()],
            ),
        }
    }

    /// The view from decoded `key=value` pairs, in their order.
    pub fn from_pairs(
        pairs: impl IntoIterator<Item = (String, String)>,
    ) -> (ViewState, Vec<String>) {
        let mut view: BTreeMap<String, String> = BTreeMap::new();
        let mut query: BTreeMap<String, String> = BTreeMap::new();
        for (k, v) in pairs {
            let v = v.trim().to_owned();
            if VIEW_KEYS.contains(&k.as_str()) {
                view.entry(k).or_insert(v);
            } else if k != "v" && is_query_key(&k) {
                // The data version is the client's business, not part of a view.
                match query.get_mut(&k) {
                    Some(acc) if !v.is_empty() => {
                        if !acc.is_empty() {
                            acc.push(',');
                        }
                        acc.push_str(&v);
                    }
                    Some(_) => {}
                    None => {
                        query.insert(k, v);
                    }
                }
            }
        }
        let mut notices = Vec::new();
        let query = loop {
            let qs = serde_urlencoded::to_string(&query).unwrap_or_default();
            match ListQuery::parse_query_string(&qs) {
                Ok(q) => break q,
                Err(e) => {
                    notices.push(format!("{}: {}", e.field, e.message));
                    if query.remove(&e.field).is_none() {
                        break ListQuery::default();
                    }
                }
            }
        };
        let id = |k: &str| view.get(k).filter(|id| Slug::parse(id).is_ok()).cloned();
        for k in ["incident", "claim"] {
            if view.get(k).is_some_and(|v| Slug::parse(v).is_err()) {
                notices.push(format!("{k}: not an item id"));
            }
        }
        let selected = match (id("incident"), id("claim")) {
            (Some(i), _) => Some(Selected::Incident(i)),
            (None, Some(c)) => Some(Selected::Claim(c)),
            _ => None,
        };
        let tab = match (view.get("tab").map(String::as_str), &selected) {
            (_, Some(Selected::Claim(_))) | (Some("claims"), _) => Tab::Claims,
            _ => Tab::Incidents,
        };
        let flag = |k: &str| view.get(k).is_some_and(|v| v == "1");
        let (appearance, errors) = Appearance::parse(
            view.get("theme").map(String::as_str),
            view.get("accent").map(String::as_str),
            view.get("font").map(String::as_str),
        );
        notices.extend(errors.iter().map(|e| format!("{}: {}", e.field, e.message)));
        let state = ViewState {
            query: ListQuery {
                data_version: None,
                ..query
            },
            tab,
            selected,
            embed: flag("embed"),
            preview: flag("preview"),
            appearance,
        };
        (state, notices)
    }

    /// The canonical query string of this view (without `?`; empty for the default view). Paging and the data
    /// version are left out unless `keep_cursor`: a link to a view starts at its first page.
    pub fn to_query_string(&self, keep_cursor: bool) -> String {
        let mut qs = ListQuery {
            limit: LIMIT_DEFAULT,
            cursor: if keep_cursor {
                self.query.cursor.clone()
            } else {
                None
            },
            data_version: None,
            ..self.query.clone()
        }
        .to_query_string();
        let mut push = |k: &str, v: &str| {
            if !qs.is_empty() {
                qs.push('&');
            }
            qs.push_str(k);
            qs.push('=');
            qs.push_str(v);
        };
        if self.tab == Tab::Claims && !matches!(self.selected, Some(Selected::Claim(_))) {
            push("tab", "claims");
        }
        match &self.selected {
            Some(Selected::Incident(id)) => push("incident", id),
            Some(Selected::Claim(id)) => push("claim", id),
            None => {}
        }
        if self.embed {
            push("embed", "1");
        }
        if self.preview {
            push("preview", "1");
        }
        for (k, v) in self.appearance.pairs() {
            push(
                k,
                &serde_urlencoded::to_string([("", v)]).unwrap_or_default()[1..],
            );
        }
        qs
    }

    /// The address of this view on a surface: `/widget?…`, or the public list (`/?…`, `/claims?…`).
    pub fn href(&self, surface: Surface, keep_cursor: bool) -> String {
        let path = match (surface, self.tab) {
            (Surface::Widget, _) => "/widget",
            (Surface::Page, Tab::Incidents) => "/",
            (Surface::Page, Tab::Claims) => "/claims",
            #[cfg(feature = "local")]
            (Surface::Snapshot, _) => "index.html",
        };
        let mut v = self.clone();
        if surface == Surface::Page {
            // The list pages are one tab each and never open an item in place.
            v.tab = Tab::Incidents;
            v.selected = None;
            v.embed = false;
            v.appearance = Appearance::default();
        }
        let qs = v.to_query_string(keep_cursor);
        if qs.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{qs}")
        }
    }
}

/// The data a reader view was first rendered with on the server. The page carries it (as JSON) so that the browser
/// hydrates exactly what the server rendered, without asking the API again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ViewData {
    /// The view's canonical query string, cursor included ([`ViewState::to_query_string`]).
    pub view: String,
    /// Whether it is the widget or a public list page.
    pub page: bool,
    /// Options of the address that could not be used, shown to the reader.
    #[serde(default)]
    pub notices: Vec<String>,
    /// The data version the answers are of.
    #[serde(default)]
    pub data_version: Option<u64>,
    #[serde(default)]
    pub facets: Option<Facets>,
    #[serde(default)]
    pub timeline: Option<Timeline>,
    /// `timeline` holds only the newest months ([`Timeline::newest`]): a widget page's first screen. The widget asks
    /// for the whole timeline when a reader reaches for the chart (or gets it with the next filter change). It was
    /// the biggest part of a large widget page's data.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub timeline_partial: bool,
    #[serde(default)]
    pub incidents: Option<Page<IncidentCard>>,
    #[serde(default)]
    pub claims: Option<Page<ClaimCard>>,
    #[serde(default)]
    pub incident: Option<IncidentDetail>,
    #[serde(default)]
    pub claim: Option<ClaimDetail>,
    /// A snapshot's page (`aqiqat snapshot`): links stay inside the snapshot, and the snapshot bundle answers the
    /// API's questions from the snapshot's own data files.
    #[cfg(feature = "local")]
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub snapshot: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enums::Category;

    #[test]
    fn repeated_and_comma_separated_lists_mean_the_same() {
        let (a, na) = ViewState::parse("category=court_cases&category=personal_data&lang=kk");
        let (b, nb) = ViewState::parse("?category=court_cases,personal_data&lang=kk");
        assert_eq!(a, b);
        assert!(na.is_empty() && nb.is_empty(), "{na:?} {nb:?}");
        assert_eq!(
            a.query.filter.categories,
            [Category::CourtCases, Category::PersonalData]
        );
        assert_eq!(a.query.lang, Lang::Kk);
    }

    #[test]
    fn a_bad_option_is_reported_and_the_rest_applies() {
        let (v, notes) = ViewState::parse(
            "category=politics&kind=fine&from=2026-01&to=2025-01&utm_source=x&incident=BAD%20ID&embed=1",
        );
        assert!(v.query.filter.categories.is_empty());
        assert_eq!(v.query.filter.kinds.len(), 1);
        assert_eq!(v.query.filter.to, None);
        assert!(v.query.filter.from.is_some());
        assert!(v.embed);
        assert_eq!(v.selected, None);
        let fields: Vec<&str> = notes
            .iter()
            .map(|n| n.split(':').next().unwrap_or(""))
            .collect();
        assert_eq!(fields, ["to", "category", "incident"], "{notes:?}");
    }

    #[test]
    fn empty_form_fields_are_no_filter() {
        // What a GET form sends when nothing is chosen.
        let (v, notes) = ViewState::parse("q=&kind=&region=&from=&to=&lang=ru");
        assert_eq!(v, ViewState::default());
        assert!(notes.is_empty());
    }

    #[test]
    fn links_round_trip() {
        let (v, _) = ViewState::parse(
            "q=%D1%83%D1%82%D0%B5%D1%87%D0%BA%D0%B0&category=court_cases&tab=claims&claim=some-claim&embed=1&cursor=abc&v=7",
        );
        assert_eq!(v.selected, Some(Selected::Claim("some-claim".into())));
        assert_eq!(v.query.cursor.as_deref(), Some("abc"));
        let (again, _) = ViewState::parse(&v.to_query_string(true));
        assert_eq!(again, v);
        assert!(!v.to_query_string(false).contains("cursor"));
        assert_eq!(
            v.href(Surface::Page, false),
            "/claims?category=court_cases&q=%D1%83%D1%82%D0%B5%D1%87%D0%BA%D0%B0"
        );
        assert_eq!(ViewState::default().href(Surface::Widget, false), "/widget");
        assert_eq!(
            Selected::Incident("a-b".into()).public_path(Lang::En),
            "/i/a-b?lang=en"
        );
    }
}
