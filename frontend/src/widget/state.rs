//! The widget's state lives in its URL: a partner's snippet sets the first filter, a reader's link restores it.

use aqiqat_shared::{ListQuery, RawQuery};
use web_sys::UrlSearchParams;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Incidents,
    Claims,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selected {
    Incident(String),
    Claim(String),
}

pub struct Boot {
    pub query: ListQuery,
    pub tab: Tab,
    pub selected: Option<Selected>,
    pub embed: bool,
    /// Options the widget could not use, shown to the reader rather than silently dropped.
    pub notices: Vec<String>,
    /// The server's data version, fetched before the first request.
    pub data_version: Option<u64>,
    /// `preview=1`: the editors' preview of one item (see the admin item page).
    pub preview: bool,
}

fn field_mut<'a>(raw: &'a mut RawQuery, field: &str) -> Option<&'a mut Option<String>> {
    Some(match field {
        "category" => &mut raw.category,
        "kind" => &mut raw.kind,
        "region" => &mut raw.region,
        "platform" => &mut raw.platform,
        "verdict" => &mut raw.verdict,
        "from" => &mut raw.from,
        "to" => &mut raw.to,
        "q" => &mut raw.q,
        "lang" => &mut raw.lang,
        _ => return None,
    })
}

/// Reads the state from the page's query string. A bad option is reported and skipped; the rest still applies.
pub fn read(search: &str) -> Boot {
    let params = UrlSearchParams::new_with_str(search).ok();
    let get = |k: &str| params.as_ref().and_then(|p| p.get(k));
    let mut raw = RawQuery {
        category: get("category"),
        kind: get("kind"),
        region: get("region"),
        platform: get("platform"),
        verdict: get("verdict"),
        from: get("from"),
        to: get("to"),
        q: get("q"),
        lang: get("lang"),
        ..RawQuery::default()
    };
    let mut notices = Vec::new();
    let query = loop {
        match ListQuery::parse(&raw) {
            Ok(q) => break q,
            Err(e) => {
                notices.push(format!("{}: {}", e.field, e.message));
                match field_mut(&mut raw, &e.field) {
                    Some(slot) if slot.is_some() => *slot = None,
                    _ => break ListQuery::default(),
                }
            }
        }
    };
    let selected = match (get("incident"), get("claim")) {
        (Some(id), _) if aqiqat_shared::Slug::parse(&id).is_ok() => Some(Selected::Incident(id)),
        (_, Some(id)) if aqiqat_shared::Slug::parse(&id).is_ok() => Some(Selected::Claim(id)),
        _ => None,
    };
    let tab = match (get("tab").as_deref(), &selected) {
        (_, Some(Selected::Claim(_))) | (Some("claims"), _) => Tab::Claims,
        _ => Tab::Incidents,
    };
    Boot {
        query,
        tab,
        selected,
        embed: get("embed").as_deref() == Some("1"),
        notices,
        data_version: None,
        preview: get("preview").as_deref() == Some("1"),
    }
}

/// The query string for a state (without `?`).
pub fn write(query: &ListQuery, tab: Tab, selected: Option<&Selected>, embed: bool) -> String {
    let mut qs = ListQuery {
        limit: aqiqat_shared::filter::LIMIT_DEFAULT,
        cursor: None,
        data_version: None,
        ..query.clone()
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
    if tab == Tab::Claims {
        push("tab", "claims");
    }
    match selected {
        Some(Selected::Incident(id)) => push("incident", id),
        Some(Selected::Claim(id)) => push("claim", id),
        None => {}
    }
    if embed {
        push("embed", "1");
    }
    qs
}
