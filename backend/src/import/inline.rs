//! Inline Markdown of digest text: links (`<url>`, `[text](url)`, bare URLs), emphasis and escapes; turns a line
//! into plain reader text plus the URLs it links to, and decides which URLs are sources.

use aqiqat_shared::common::check_url;

/// Longest link text or URL looked for after a `[` or `<`, so a stray bracket in a 5 MB line costs a bounded scan.
const MAX_LINK_SCAN: usize = 2100;

/// A piece of inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Text(String),
    /// `text` is the link's visible text for `[text](url)`, `None` for `<url>` and bare URLs.
    Link {
        text: Option<String>,
        url: String,
    },
}

fn starts_with_http(s: &str) -> bool {
    let b = s.as_bytes();
    let starts = |p: &[u8]| b.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    starts(b"http://") || starts(b"https://")
}

/// Where the `)` matching an already-opened `(` is in `s`, counting nested parentheses (Wikipedia-style URLs).
fn matching_paren(s: &str) -> Option<usize> {
    let mut depth = 1usize;
    for (i, c) in s.char_indices() {
        if i > MAX_LINK_SCAN {
            return None;
        }
        match c {
            '(' => depth += 1,
            '[' | '\n' => return None,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `[text](url)` at the start of `s` (which begins with `[`): `(text, url, bytes consumed)`.
fn bracket_link(s: &str) -> Option<(&str, &str, usize)> {
    let rest = s.get(1..)?;
    let mut close = None;
    for (i, c) in rest.char_indices() {
        if i > MAX_LINK_SCAN || c == '[' || c == '\n' {
            break;
        }
        if c == ']' {
            close = Some(i);
            break;
        }
    }
    let close = close?;
    let text = rest.get(..close)?;
    let after = rest.get(close + 1..)?;
    let inner_start = after.strip_prefix('(')?;
    let end = matching_paren(inner_start)?;
    let inner = inner_start.get(..end)?.trim();
    // `[text](url "title")`: the URL is the first word.
    let url = inner.split_whitespace().next().unwrap_or("");
    let consumed = 1 + close + 1 + 1 + end + 1;
    Some((text, url, consumed))
}

/// `<url>` at the start of `s` (which begins with `<`).
fn angle_link(s: &str) -> Option<(&str, usize)> {
    let rest = s.get(1..)?;
    if !starts_with_http(rest) {
        return None;
    }
    for (i, c) in rest.char_indices() {
        if i > MAX_LINK_SCAN || c.is_whitespace() || c == '<' {
            return None;
        }
        if c == '>' {
            return Some((rest.get(..i)?, i + 2));
        }
    }
    None
}

fn url_stop(c: char) -> bool {
    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '«' | '»' | '“' | '”' | '[' | ']')
}

/// A bare URL at the start of `s`: its length after dropping trailing sentence punctuation and an unbalanced `)`.
fn bare_url(s: &str) -> usize {
    // Past the scan limit it is no usable URL anyway (sources are at most 2000 characters).
    let mut end = s.len();
    for (i, c) in s.char_indices() {
        if url_stop(c) || i > MAX_LINK_SCAN {
            end = i;
            break;
        }
    }
    let url = s.get(..end).unwrap_or("");
    trim_unbalanced(url, &['.', ',', ';', ':', '!', '?', '\'']).len()
}

/// `url` without trailing `punctuation` and without each trailing `)` that has no `(` to match, in one pass from
/// the end: the parentheses are counted once, not again after every character removed (which made a run of `)`
/// quadratic).
fn trim_unbalanced<'a>(url: &'a str, punctuation: &[char]) -> &'a str {
    let opened = url.matches('(').count();
    let mut closed = url.matches(')').count();
    let mut url = url;
    loop {
        url = url.trim_end_matches(punctuation);
        match url.strip_suffix(')') {
            Some(rest) if opened < closed => {
                url = rest;
                closed -= 1;
            }
            _ => return url,
        }
    }
}

/// Splits a line of Markdown into text and links.
pub(crate) fn segments(s: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < s.len() {
        let Some(rest) = s.get(i..) else { break };
        let Some(c) = rest.chars().next() else { break };
        let link = match c {
            '[' => bracket_link(rest).map(|(t, u, n)| (Some(t.to_owned()), u.to_owned(), n)),
            '<' => angle_link(rest).map(|(u, n)| (None, u.to_owned(), n)),
            'h' | 'H'
                if starts_with_http(rest)
                    && !text.chars().next_back().is_some_and(char::is_alphanumeric) =>
            {
                let n = bare_url(rest);
                rest.get(..n).map(|u| (None, u.to_owned(), n))
            }
            _ => None,
        };
        match link {
            Some((link_text, url, n)) if n > 0 => {
                if !text.is_empty() {
                    out.push(Seg::Text(std::mem::take(&mut text)));
                }
                if starts_with_http(&url) {
                    out.push(Seg::Link {
                        text: link_text,
                        url,
                    });
                } else if let Some(t) = link_text {
                    // `[text](mailto:…)` or a relative link: keep the words, the target is no source.
                    text.push_str(&t);
                }
                i += n;
            }
            _ => {
                text.push(c);
                i += c.len_utf8();
            }
        }
    }
    if !text.is_empty() {
        out.push(Seg::Text(text));
    }
    out
}

/// Whether a link's visible text is just its address (`[https://…](https://…)`, `[www.x.kz](…)`): such text is
/// not prose and goes away with the link.
fn text_is_address(text: &str) -> bool {
    let t = text.trim().trim_matches(['*', '_']);
    starts_with_http(t) || t.to_ascii_lowercase().starts_with("www.")
}

/// Reader text: links become their visible words (or vanish when they are bare addresses), escapes and emphasis
/// markers are dropped, whitespace is collapsed.
pub(crate) fn render(segs: &[Seg]) -> String {
    let mut raw = String::new();
    for s in segs {
        match s {
            Seg::Text(t) => raw.push_str(t),
            Seg::Link { text: Some(t), .. } if !text_is_address(t) => raw.push_str(t),
            Seg::Link { .. } => raw.push(' '),
        }
    }
    tidy(&strip_markup(&raw))
}

/// Drops Markdown escapes (`\_` → `_`, `\\_` → `_`) and bold markers (`**`, `__`); a literal `_` inside a word
/// (`@uralsk_week`) stays.
pub(crate) fn strip_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {
                // A run of backslashes escapes the punctuation after it; none of them is text.
                while chars.peek() == Some(&'\\') {
                    chars.next();
                }
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '*' | '_' if chars.peek() == Some(&c) => {
                chars.next();
            }
            '\u{200b}' | '\u{feff}' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Collapses whitespace and repairs what removed links leave behind: a space before punctuation, `()`.
pub(crate) fn tidy(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let mut chars = collapsed.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' '
            && chars
                .peek()
                .is_some_and(|n| matches!(n, ',' | '.' | ';' | ':' | '!' | '?' | ')'))
        {
            continue;
        }
        if c == '(' && chars.peek() == Some(&')') {
            chars.next();
            if out.ends_with(' ') && chars.peek() == Some(&' ') {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    out.trim().to_owned()
}

/// A URL as written, made usable: escapes gone, trailing punctuation gone, `utm_*` parameters gone.
pub(crate) fn clean_url(raw: &str) -> String {
    let no_escapes: String = raw.trim().chars().filter(|&c| c != '\\').collect();
    let url = trim_unbalanced(&no_escapes, &['.', ',', ';']).to_owned();
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b.to_owned(), Some(f.to_owned())),
        None => (url.clone(), None),
    };
    let (path, query) = match base.split_once('?') {
        Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
        None => (base, None),
    };
    let mut out = path;
    if let Some(q) = query {
        let kept: Vec<&str> = q
            .split('&')
            .filter(|p| {
                let key = p.split('=').next().unwrap_or("");
                let key = key.strip_prefix("amp;").unwrap_or(key);
                !p.is_empty() && !key.to_ascii_lowercase().starts_with("utm_")
            })
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(&f);
    }
    out
}

/// What a link in an entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkRole {
    /// An article or a Telegram post: a source, in normalized form.
    Source(String),
    /// A bare site address (`[Kyzdar.net](http://Kyzdar.net)`) or a Telegram channel: the entry's subject or an
    /// attribution, not evidence.
    Site,
    /// Not a usable http(s) URL.
    Invalid,
}

pub(crate) fn classify(raw: &str) -> LinkRole {
    let Ok(url) = check_url(&clean_url(raw)) else {
        return LinkRole::Invalid;
    };
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    let (host, tail) = match rest.find(['/', '?', '#']) {
        Some(i) => (rest.get(..i).unwrap_or(""), rest.get(i..).unwrap_or("")),
        None => (rest, ""),
    };
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let (path, query) = match tail.split_once('?') {
        Some((p, q)) => (p, q.split('#').next().unwrap_or("")),
        None => (tail.split('#').next().unwrap_or(""), ""),
    };
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let is_article = if matches!(host.as_str(), "t.me" | "www.t.me" | "telegram.me") {
        segs.len() >= 2
            && segs
                .last()
                .is_some_and(|s| s.bytes().all(|b| b.is_ascii_digit()))
    } else {
        !segs.is_empty() || !query.is_empty()
    };
    if is_article {
        LinkRole::Source(url)
    } else {
        LinkRole::Site
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(text: Option<&str>, url: &str) -> Seg {
        Seg::Link {
            text: text.map(str::to_owned),
            url: url.to_owned(),
        }
    }

    #[test]
    fn all_three_link_forms_are_found() {
        let segs = segments("См. <https://a.kz/1>, [здесь](https://b.kz/2) и https://c.kz/3.");
        assert_eq!(
            segs,
            [
                Seg::Text("См. ".into()),
                link(None, "https://a.kz/1"),
                Seg::Text(", ".into()),
                link(Some("здесь"), "https://b.kz/2"),
                Seg::Text(" и ".into()),
                link(None, "https://c.kz/3"),
                Seg::Text(".".into()),
            ]
        );
    }

    #[test]
    fn urls_with_parentheses_keep_them() {
        let segs = segments("[вики](https://ru.wikipedia.org/wiki/A_(b)) (https://x.kz/a_(b))");
        assert_eq!(
            segs[0],
            link(Some("вики"), "https://ru.wikipedia.org/wiki/A_(b)")
        );
        assert_eq!(segs[2], link(None, "https://x.kz/a_(b)"));
        assert_eq!(segs[3], Seg::Text(")".into()));
    }

    #[test]
    fn address_links_vanish_from_text_but_named_links_keep_their_words() {
        let segs = segments(
            "Итог [https://t.me/lmc\\\\_kz/1](https://t.me/lmc_kz/1), сообщает [Exclusive.kz](https://exclusive.kz). <https://x.kz/a>",
        );
        assert_eq!(render(&segs), "Итог, сообщает Exclusive.kz.");
    }

    #[test]
    fn escapes_and_bold_are_dropped_but_inner_underscores_stay() {
        assert_eq!(
            strip_markup("**Aitu** и @uralsk\\_week, \\*звезда\\*"),
            "Aitu и @uralsk_week, *звезда*"
        );
        assert_eq!(strip_markup("a\\\\_b"), "a_b");
    }

    #[test]
    fn utm_parameters_go_and_others_stay() {
        assert_eq!(
            clean_url("https://a.kz/x?utm\\_source=chatgpt.com"),
            "https://a.kz/x"
        );
        assert_eq!(
            clean_url("https://a.kz/x?id=5&utm_medium=tg&UTM_campaign=1&page=2#top"),
            "https://a.kz/x?id=5&page=2#top"
        );
        assert_eq!(clean_url("https://a.kz/x/)."), "https://a.kz/x/");
    }

    #[test]
    fn sources_are_articles_and_telegram_posts() {
        assert_eq!(
            classify("https://t.me/lmc\\_kz/4982"),
            LinkRole::Source("https://t.me/lmc_kz/4982".into())
        );
        assert_eq!(classify("https://t.me/lmc_kz"), LinkRole::Site);
        assert_eq!(classify("http://Kyzdar.net"), LinkRole::Site);
        assert_eq!(classify("https://exclusive.kz/"), LinkRole::Site);
        assert_eq!(
            classify("https://site.kz/?p=123"),
            LinkRole::Source("https://site.kz/?p=123".into())
        );
        assert_eq!(classify("https://"), LinkRole::Invalid);
        assert_eq!(classify("https://a b.kz/x"), LinkRole::Invalid);
    }
}
