//! A partner's embed, as the builder (`/embed`, and the admin's partner page) writes it: one option format for
//! every way of embedding. The script snippet's `data-<key>` attributes are exactly the widget URL's `<key>=`
//! parameters ([`EMBED_KEYS`], which `embed.js` forwards); the plain iframe's `src` is that URL. Two options belong
//! to the frame rather than the view, `height` and `title`: the snippet carries them as `data-height` /
//! `data-title`, which `embed.js` applies to the iframe it makes, and the plain iframe as its own `style` and
//! `title`.

use crate::common::Slug;
use crate::error::FieldError;
use crate::filter::RawQuery;
use crate::i18n::Lang;
use crate::view::{Selected, Surface, ViewState};

/// The widget URL's options a snippet may carry, in `embed.js`'s order (its `OPTIONS`; a server test holds the
/// two equal). Each is a [`ViewState`] key.
pub const EMBED_KEYS: [&str; 17] = [
    "lang", "category", "kind", "region", "platform", "verdict", "from", "to", "q", "story",
    "stage", "tab", "incident", "claim", "theme", "accent", "font",
];

/// The filter keys among them, which `aqiqat snapshot` takes as `--<key> <value>`.
pub const FILTER_KEYS: [&str; 10] = [
    "category", "kind", "region", "platform", "verdict", "from", "to", "q", "story", "stage",
];

/// The smallest and largest fixed height `embed.js` gives a frame (pixels).
pub const HEIGHT_MIN: u32 = 240;
pub const HEIGHT_MAX: u32 = 20_000;
/// The plain iframe's height when the snippet's would follow its content (no script there to measure it).
pub const IFRAME_AUTO_HEIGHT: u32 = 900;
/// The longest frame title (characters).
pub const TITLE_MAX: usize = 200;

/// One embed: the view with its look, and the frame around it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmbedOptions {
    pub view: ViewState,
    /// A fixed height in pixels; `None`: the frame follows its content (`embed.js` resizes it).
    pub height: Option<u32>,
    /// The frame's accessible title; `None`: the default.
    pub title: Option<String>,
}

/// `height`: `auto` (or nothing) or whole pixels within [`HEIGHT_MIN`]..=[`HEIGHT_MAX`].
pub fn parse_height(raw: &str) -> Result<Option<u32>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() || raw.eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    match raw.trim_end_matches("px").parse::<u32>() {
        Ok(h) if (HEIGHT_MIN..=HEIGHT_MAX).contains(&h) => Ok(Some(h)),
        _ => Err(FieldError::new(
            "height",
            "invalid_height",
            format!("auto, or a height in pixels from {HEIGHT_MIN} to {HEIGHT_MAX}"),
        )),
    }
}

/// `title`: at most [`TITLE_MAX`] characters, spaces trimmed; empty is the default.
pub fn parse_title(raw: &str) -> Result<Option<String>, FieldError> {
    let t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > TITLE_MAX {
        return Err(FieldError::new(
            "title",
            "too_long",
            format!("a title of at most {TITLE_MAX} characters"),
        ));
    }
    Ok((!t.is_empty()).then_some(t))
}

fn encode(v: &str) -> String {
    serde_urlencoded::to_string([("", v)]).unwrap_or_default()[1..].to_owned()
}

/// A word for a POSIX shell: as is when it is plain, else single-quoted.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.,:/=@".contains(&b))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

impl EmbedOptions {
    /// The widget URL's options, `(key, value)`, in [`EMBED_KEYS`] order, the language always named (a snippet
    /// reads plainly). Paging, `embed` and `preview` are never part of an embed.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut v = self.view.clone();
        v.embed = false;
        v.preview = false;
        v.query.cursor = None;
        let parsed: Vec<(String, String)> =
            serde_urlencoded::from_str(&v.to_query_string(false)).unwrap_or_default();
        let mut pairs = vec![("lang".to_owned(), v.query.lang.as_str().to_owned())];
        for key in EMBED_KEYS.iter().skip(1) {
            pairs.extend(parsed.iter().filter(|(k, _)| k == key).cloned());
        }
        pairs
    }

    /// The options from `(key, value)` pairs: a URL's query or a snippet's `data-*` attributes (without
    /// `data-`). The frame's `height` and `title` may be among them. Unusable options are reported and dropped.
    pub fn from_pairs(
        pairs: impl IntoIterator<Item = (String, String)>,
    ) -> (EmbedOptions, Vec<FieldError>) {
        let mut view_pairs = Vec::new();
        let mut errors = Vec::new();
        let mut out = EmbedOptions::default();
        for (k, v) in pairs {
            match k.as_str() {
                "height" => {
                    out.height = parse_height(&v).unwrap_or_else(|e| {
                        errors.push(e);
                        None
                    })
                }
                "title" => {
                    out.title = parse_title(&v).unwrap_or_else(|e| {
                        errors.push(e);
                        None
                    })
                }
                _ if EMBED_KEYS.contains(&k.as_str()) => view_pairs.push((k, v)),
                _ => errors.push(FieldError::new(
                    k.clone(),
                    "unknown_option",
                    format!("{k:?} is not an embed option"),
                )),
            }
        }
        let (view, notices) = ViewState::from_pairs(view_pairs);
        errors.extend(notices.into_iter().map(|n| {
            let (field, message) = n.split_once(": ").unwrap_or(("query", n.as_str()));
            FieldError::new(field, "invalid_option", message)
        }));
        out.view = view;
        (out, errors)
    }

    /// The options of a widget URL's query string.
    pub fn parse_query(qs: &str) -> (EmbedOptions, Vec<FieldError>) {
        match serde_urlencoded::from_str::<Vec<(String, String)>>(qs.trim_start_matches('?')) {
            Ok(pairs) => EmbedOptions::from_pairs(pairs),
            Err(_) => (
                EmbedOptions::default(),
                vec![FieldError::new(
                    "query",
                    "invalid_query",
                    "the address could not be read",
                )],
            ),
        }
    }

    /// The widget's query string (without `?`): `pairs`, URL-encoded.
    pub fn widget_query(&self) -> String {
        self.pairs()
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// `origin/widget?…`: the plain iframe's `src`, and the URL to paste into a CMS that reads oEmbed.
    pub fn widget_url(&self, origin: &str) -> String {
        format!("{origin}/widget?{}", self.widget_query())
    }

    /// The snippet's `data-*` attributes, `(name, value)`: the URL's options, then the frame's.
    pub fn data_attrs(&self) -> Vec<(String, String)> {
        let mut attrs: Vec<(String, String)> = self
            .pairs()
            .into_iter()
            .map(|(k, v)| (format!("data-{k}"), v))
            .collect();
        if let Some(h) = self.height {
            attrs.push(("data-height".to_owned(), h.to_string()));
        }
        if let Some(t) = &self.title {
            attrs.push(("data-title".to_owned(), t.clone()));
        }
        attrs
    }

    /// The script snippet: a placeholder and `embed.js`, which replaces it with the widget's iframe.
    pub fn snippet(&self, origin: &str) -> String {
        let attrs: String = self
            .data_attrs()
            .iter()
            .map(|(k, v)| format!(" {k}=\"{}\"", crate::markup::escape(v)))
            .collect();
        format!("<div data-aqiqat{attrs}></div>\n<script async src=\"{origin}/embed.js\"></script>")
    }

    /// The plain iframe, for pages that allow no third-party script. Its height is fixed (nothing resizes it).
    pub fn iframe(&self, origin: &str) -> String {
        format!(
            "<iframe src=\"{}\" title=\"{}\" loading=\"lazy\" style=\"display:block;width:100%;height:{}px;border:0\"></iframe>",
            crate::markup::escape(&self.widget_url(origin)),
            crate::markup::escape(self.title.as_deref().unwrap_or(DEFAULT_TITLE)),
            self.height.unwrap_or(IFRAME_AUTO_HEIGHT)
        )
    }

    /// Our oEmbed answer for this embed (what a CMS asks when the widget URL is pasted).
    pub fn oembed_url(&self, origin: &str) -> String {
        format!(
            "{origin}/oembed?url={}&format=json",
            encode(&self.widget_url(origin))
        )
    }

    /// The public page with this view: the item's page, or the public list with the filters.
    pub fn public_url(&self, origin: &str) -> String {
        let path = match &self.view.selected {
            Some(sel) => sel.public_path(self.view.query.lang),
            None => self.view.href(Surface::Page, false),
        };
        format!("{origin}{path}")
    }

    /// The command that writes a static copy of this view for the partner's own server.
    pub fn snapshot_command(&self) -> String {
        let mut cmd = format!(
            "aqiqat snapshot --out DIR --lang {}",
            self.view.query.lang.as_str()
        );
        let RawQuery {
            category,
            kind,
            region,
            platform,
            verdict,
            from,
            to,
            q,
            story,
            stage,
            ..
        } = self.view.query.to_raw();
        let values = [
            category, kind, region, platform, verdict, from, to, q, story, stage,
        ];
        for (key, value) in FILTER_KEYS.iter().zip(values) {
            if let Some(v) = value {
                cmd.push_str(&format!(" --{key} {}", shell_word(&v)));
            }
        }
        // The snapshot opens on the claims as the widget would (`aqiqat snapshot --claims`).
        if self.view.tab == crate::view::Tab::Claims {
            cmd.push_str(" --claims");
        }
        cmd
    }

    /// Opens one item (`None`: the lists).
    pub fn select(&mut self, sel: Option<Selected>) {
        self.view.selected = sel;
    }

    pub fn lang(&self) -> Lang {
        self.view.query.lang
    }
}

/// The frame's title when the partner gives none (as `embed.js`'s).
pub const DEFAULT_TITLE: &str = "Aqiqat: мониторинг цифровых прав";

/// Whether `id` could be an item's id (for the builder's id fields).
pub fn valid_id(id: &str) -> bool {
    Slug::parse(id).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appearance::{Font, Rgb, Theme};
    use crate::enums::{Category, Stage};
    use crate::filter::StoryFilter;
    use crate::view::Tab;

    fn sample() -> EmbedOptions {
        let (o, errs) = EmbedOptions::parse_query(
            "lang=kk&category=court_cases,personal_data&region=almaty&verdict=false&from=2025-09&to=2026-01\
             &q=%D0%B6%D1%83%D1%80%D0%BD%D0%B0%D0%BB%D0%B8%D1%81%D1%82+%26+co&story=any&stage=appeal&tab=claims\
             &theme=dark&accent=%23FFDD00&font=Georgia,+%27PT+Serif%27,+serif&height=700&title=Our+%22monitor%22",
        );
        assert!(errs.is_empty(), "{errs:?}");
        o
    }

    #[test]
    fn every_option_parses() {
        let o = sample();
        assert_eq!(o.lang(), Lang::Kk);
        assert_eq!(
            o.view.query.filter.categories,
            [Category::CourtCases, Category::PersonalData]
        );
        assert_eq!(o.view.query.filter.story, Some(StoryFilter::Any));
        assert_eq!(o.view.query.filter.stages, [Stage::Appeal]);
        assert_eq!(o.view.tab, Tab::Claims);
        assert_eq!(o.view.appearance.theme, Theme::Dark);
        assert_eq!(o.view.appearance.accent, Some(Rgb(255, 221, 0)));
        assert_eq!(
            o.view.appearance.font,
            Font::Family("\"Georgia\",\"PT Serif\",serif".into())
        );
        assert_eq!(o.height, Some(700));
        assert_eq!(o.title.as_deref(), Some("Our \"monitor\""));
    }

    #[test]
    fn snippet_attributes_are_the_url_query() {
        let o = sample();
        // The snippet's data-* attributes, read back as a browser's dataset would (HTML-unescaped).
        let snippet = o.snippet("https://aqiqat.example");
        let attrs = o.data_attrs();
        for (k, v) in &attrs {
            assert!(
                snippet.contains(&format!("{k}=\"{}\"", crate::markup::escape(v))),
                "{k}"
            );
        }
        let url_pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(&o.widget_query()).unwrap();
        let from_attrs: Vec<(String, String)> = attrs
            .iter()
            .map(|(k, v)| (k.trim_start_matches("data-").to_owned(), v.clone()))
            .filter(|(k, _)| k != "height" && k != "title")
            .collect();
        assert_eq!(url_pairs, from_attrs);
        assert!(
            url_pairs
                .iter()
                .all(|(k, _)| EMBED_KEYS.contains(&k.as_str()))
        );
        // Round trips: attributes → options and URL → options give the same embed.
        let (back, errs) = EmbedOptions::from_pairs(
            attrs
                .iter()
                .map(|(k, v)| (k.trim_start_matches("data-").to_owned(), v.clone())),
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(back, o);
        let (from_url, errs) = EmbedOptions::parse_query(&o.widget_query());
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(from_url.view, o.view);
        assert_eq!(from_url.widget_query(), o.widget_query());
    }

    #[test]
    fn default_embed_names_its_language() {
        let o = EmbedOptions::default();
        assert_eq!(o.widget_query(), "lang=ru");
        assert_eq!(
            o.snippet("https://a.example"),
            "<div data-aqiqat data-lang=\"ru\"></div>\n<script async src=\"https://a.example/embed.js\"></script>"
        );
        assert!(o.iframe("https://a.example").contains("height:900px"));
        assert_eq!(o.public_url("https://a.example"), "https://a.example/");
        assert_eq!(
            o.oembed_url("https://a.example"),
            "https://a.example/oembed?url=https%3A%2F%2Fa.example%2Fwidget%3Flang%3Dru&format=json"
        );
    }

    #[test]
    fn hostile_values_cannot_leave_their_attribute() {
        let (o, errs) = EmbedOptions::from_pairs([
            ("q".to_owned(), "\"><script>alert(1)</script>".to_owned()),
            ("title".to_owned(), "\" onload=\"alert(1)".to_owned()),
        ]);
        assert!(errs.is_empty(), "{errs:?}");
        let s = o.snippet("https://a.example");
        assert!(
            !s.contains("<script>alert") && !s.contains("\" onload"),
            "{s}"
        );
        let f = o.iframe("https://a.example");
        assert!(
            !f.contains("<script>alert") && !f.contains("\" onload"),
            "{f}"
        );
    }

    #[test]
    fn bad_options_are_reported() {
        let (o, errs) = EmbedOptions::from_pairs(
            [
                ("height", "12"),
                ("accent", "ffff00"),
                ("font", "x;}body{display:none"),
                ("view", "list"),
                ("category", "politics"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned())),
        );
        assert_eq!(o, EmbedOptions::default());
        let mut fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["accent", "category", "font", "height", "view"]);
        assert_eq!(parse_height("auto"), Ok(None));
        assert_eq!(parse_height("640px"), Ok(Some(640)));
        assert!(parse_height("20001").is_err());
        assert!(parse_title(&"x".repeat(TITLE_MAX + 1)).is_err());
    }

    #[test]
    fn item_views_and_public_links() {
        let (o, errs) = EmbedOptions::parse_query("lang=en&claim=some-claim&theme=auto");
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(o.widget_query(), "lang=en&claim=some-claim&theme=auto");
        assert_eq!(
            o.public_url("https://a.example"),
            "https://a.example/c/some-claim?lang=en"
        );
        let (l, _) = EmbedOptions::parse_query("category=court_cases&theme=dark&tab=claims");
        assert_eq!(
            l.public_url("https://a.example"),
            "https://a.example/claims?category=court_cases"
        );
    }

    #[test]
    fn snapshot_command_opens_the_claims_tab() {
        let mut o = EmbedOptions::default();
        assert!(!o.snapshot_command().contains("--claims"));
        o.view.tab = crate::view::Tab::Claims;
        assert_eq!(
            o.snapshot_command(),
            "aqiqat snapshot --out DIR --lang ru --claims"
        );
    }

    #[test]
    fn snapshot_command_names_the_filters() {
        assert_eq!(
            sample().snapshot_command(),
            "aqiqat snapshot --out DIR --lang kk --category court_cases,personal_data --region almaty \
             --verdict false --from 2025-09 --to 2026-01 --q 'журналист & co' --story any --stage appeal --claims"
        );
        let (o, _) = EmbedOptions::parse_query("q=it%27s");
        assert_eq!(
            o.snapshot_command(),
            "aqiqat snapshot --out DIR --lang ru --q 'it'\\''s'"
        );
    }
}
