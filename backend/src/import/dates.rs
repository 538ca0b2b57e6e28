//! Dates in digest text: Russian month names in every case (Kazakh ones where a number anchors them), the
//! digest's period, dates in source URLs, and the year of a date written without one.

use aqiqat_shared::PartialDate;

use super::Flag;
use super::tokens::{Tok, TokKind, tokenize};

/// A date as written, before its year is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawDate {
    pub year: Option<u16>,
    pub month: u8,
    pub day: Option<u8>,
}

/// The month of a Russian month name in any grammatical case (`январь`, `января`, `январе`, `январём`…).
/// Adjectives such as `июньская` are not dates and do not match.
pub(crate) fn ru_month(w: &str) -> Option<u8> {
    const SOFT: [(&str, u8); 9] = [
        ("январ", 1),
        ("феврал", 2),
        ("апрел", 4),
        ("июн", 6),
        ("июл", 7),
        ("сентябр", 9),
        ("октябр", 10),
        ("ноябр", 11),
        ("декабр", 12),
    ];
    for (stem, m) in SOFT {
        if let Some(end) = w.strip_prefix(stem)
            && matches!(end, "ь" | "я" | "е" | "ю" | "ем")
        {
            return Some(m);
        }
    }
    for (stem, m) in [("март", 3), ("август", 8)] {
        if let Some(end) = w.strip_prefix(stem)
            && matches!(end, "" | "а" | "е" | "у" | "ом")
        {
            return Some(m);
        }
    }
    match w {
        "май" | "мая" | "мае" | "маю" | "маем" => Some(5),
        _ => None,
    }
}

/// The month of a Kazakh month name with any suffix (`қаңтар`, `қаңтарда`, `тамыздан`).
pub(crate) fn kk_month(w: &str) -> Option<u8> {
    const KK: [(&str, u8); 12] = [
        ("қаңтар", 1),
        ("ақпан", 2),
        ("наурыз", 3),
        ("сәуір", 4),
        ("мамыр", 5),
        ("маусым", 6),
        ("шілде", 7),
        ("тамыз", 8),
        ("қыркүйек", 9),
        ("қазан", 10),
        ("қараша", 11),
        ("желтоқсан", 12),
    ];
    KK.iter()
        .find(|(stem, _)| w.starts_with(stem))
        .map(|(_, m)| *m)
}

/// `(month, is Kazakh)` of a word token.
fn month_tok(t: &Tok) -> Option<(u8, bool)> {
    if !t.is_word() {
        return None;
    }
    ru_month(&t.lower)
        .map(|m| (m, false))
        .or_else(|| kk_month(&t.lower).map(|m| (m, true)))
}

fn year_tok(t: &Tok) -> Option<u16> {
    let y = t.num(4)?;
    (t.digits() == 4 && (1900..=2100).contains(&y)).then_some(y as u16)
}

fn day_tok(t: &Tok) -> Option<u8> {
    let d = t.num(2)?;
    (1..=31).contains(&d).then_some(d as u8)
}

fn is_range_sep(t: &Tok) -> bool {
    t.kind == TokKind::Dash || t.is("по") || t.is("до")
}

/// `month [year] – month [year]` starting at `i`: `(end month, its year, index after)`.
fn month_range(toks: &[Tok], i: usize) -> Option<(u8, Option<u16>, usize)> {
    let mut j = i + 1;
    if toks.get(j).and_then(year_tok).is_some() {
        j += 1;
    }
    if !toks.get(j).is_some_and(is_range_sep) {
        return None;
    }
    let (m2, _) = toks.get(j + 1).and_then(month_tok)?;
    let y2 = toks.get(j + 2).and_then(year_tok);
    Some((m2, y2, j + 2 + usize::from(y2.is_some())))
}

/// A day written before the month at `i`: `26 сентября`, and the first day of `1–3 декабря` / `с 1 по 10
/// декабря`. Returns the day and the index where the date starts.
fn day_before(toks: &[Tok], i: usize) -> (Option<u8>, usize) {
    let Some(prev) = i.checked_sub(1) else {
        return (None, i);
    };
    let Some(day) = toks.get(prev).and_then(day_tok) else {
        return (None, i);
    };
    if prev >= 2
        && toks
            .get(prev - 1)
            .is_some_and(|t| t.kind == TokKind::Dash || t.is("по") || t.is("и"))
        && let Some(first) = toks.get(prev - 2).and_then(day_tok)
    {
        return (Some(first), prev - 2);
    }
    (Some(day), prev)
}

/// `26.09.2025` at `i`: the date and the index after it.
fn numeric_date(toks: &[Tok], i: usize) -> Option<(RawDate, usize)> {
    let t = toks.get(i..i + 5)?;
    let day = day_tok(&t[0])?;
    let month = t[2].num(2).filter(|m| (1..=12).contains(m))?;
    let year = year_tok(&t[4])?;
    let glued = t[1..].iter().all(|t| t.glued);
    (glued && t[1].is_punct('.') && t[3].is_punct('.')).then_some((
        RawDate {
            year: Some(year),
            month: month as u8,
            day: Some(day),
        },
        i + 5,
    ))
}

/// Every date written in `text`, in order. Skipped, because they do not date the event: document dates
/// («публикацию от 27 января 2025 года») and reporting periods («за январь–июль»). A range not introduced by
/// «за» («с сентября по декабрь») gives its first month. Years alone («в 2023 году») are not dates here.
pub(crate) fn text_dates(text: &str) -> Vec<RawDate> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some((d, next)) = numeric_date(&toks, i) {
            if !(i > 0 && toks[i - 1].is("от")) {
                out.push(d);
            }
            i = next;
            continue;
        }
        let Some((month, kazakh)) = month_tok(&toks[i]) else {
            i += 1;
            continue;
        };
        if !kazakh && let Some((m2, y2, next)) = month_range(&toks, i) {
            let reporting = i > 0 && toks[i - 1].is("за");
            if !reporting {
                let year = toks
                    .get(i + 1)
                    .and_then(year_tok)
                    .or_else(|| y2.map(|y| if month <= m2 { y } else { y - 1 }));
                out.push(RawDate {
                    year,
                    month,
                    day: None,
                });
            }
            i = next;
            continue;
        }
        let (day, first) = day_before(&toks, i);
        let mut year = toks.get(i + 1).and_then(year_tok);
        let next = i + 1 + usize::from(year.is_some());
        if year.is_none() && kazakh {
            // «2025 жылғы 18 қаңтар»
            let mut k = first;
            if k > 0 && toks[k - 1].starts("ж") {
                k -= 1;
            }
            year = k
                .checked_sub(1)
                .and_then(|p| toks.get(p))
                .and_then(year_tok);
        }
        // A Kazakh month word alone may be a name (Наурыз is also a holiday, Қазан a city): it needs a number.
        let anchored = !kazakh || day.is_some() || year.is_some();
        let document = first > 0 && toks[first - 1].is("от");
        if anchored && !document {
            out.push(RawDate { year, month, day });
        }
        i = next;
    }
    out
}

/// A month with its year, as periods write it: `август 2025`, `август 25`, `2025 жылғы тамыз`.
fn period_point(toks: &[Tok], i: usize) -> Option<(u8, Option<u16>, usize)> {
    if let Some((m, _)) = toks.get(i).and_then(month_tok) {
        let y = toks.get(i + 1).and_then(|t| {
            let n = t.num(4)?;
            match t.digits() {
                4 if (1900..=2100).contains(&n) => Some(n as u16),
                2 => Some(2000 + n as u16),
                _ => None,
            }
        });
        return Some((m, y, i + 1 + usize::from(y.is_some())));
    }
    let y = toks.get(i).and_then(year_tok)?;
    let mut j = i + 1;
    if toks
        .get(j)
        .is_some_and(|t| t.starts("жыл") || t.is("ж") || t.is("года") || t.is("г"))
    {
        j += 1;
    }
    if toks.get(j).is_some_and(|t| t.is_punct('.')) {
        j += 1;
    }
    let (m, _) = toks.get(j).and_then(month_tok)?;
    Some((m, Some(y), j + 1))
}

/// The digest's period from its introduction: «за август 25 – январь 26 года», «август 2025 – январь 2026», «за
/// август–сентябрь 2025», «с августа 2025 по январь 2026», «2025 жылғы тамыз – 2026 жылғы қаңтар», «за сентябрь
/// 2025», «за 2025 год». The first one found wins.
pub(crate) fn parse_period(text: &str) -> Option<(PartialDate, PartialDate)> {
    let toks = tokenize(text);
    for i in 0..toks.len() {
        let Some((m1, y1, next)) = period_point(&toks, i) else {
            continue;
        };
        if toks.get(next).is_some_and(is_range_sep)
            && let Some((m2, y2, _)) = period_point(&toks, next + 1)
            && let Some(y2) = y2.or(y1)
        {
            let y1 = y1.unwrap_or(if m1 <= m2 { y2 } else { y2.saturating_sub(1) });
            if let (Ok(a), Ok(b)) = (PartialDate::month(y1, m1), PartialDate::month(y2, m2))
                && a <= b
            {
                return Some((a, b));
            }
        }
        if i > 0
            && toks[i - 1].is("за")
            && let Some(y) = y1
            && let Ok(d) = PartialDate::month(y, m1)
        {
            return Some((d, d));
        }
    }
    // «за 2025 год»
    toks.windows(3).find_map(|w| {
        let y = year_tok(&w[1])?;
        (w[0].is("за") && w[2].starts("год"))
            .then(|| PartialDate::year(y).ok())?
            .map(|d| (d, d))
    })
}

fn month_index(year: u16, month: u8) -> i64 {
    i64::from(year) * 12 + i64::from(month) - 1
}

fn period_bounds(p: &(PartialDate, PartialDate)) -> (i64, i64) {
    (
        month_index(p.0.get_year(), p.0.get_month().unwrap_or(1)),
        month_index(p.1.get_year(), p.1.get_month().unwrap_or(12)),
    )
}

fn distance(idx: i64, (lo, hi): (i64, i64)) -> i64 {
    if idx < lo {
        lo - idx
    } else if idx > hi {
        idx - hi
    } else {
        0
    }
}

/// What is known when a date is given without a year.
#[derive(Debug, Clone, Copy)]
pub(crate) struct YearContext {
    pub period: Option<(PartialDate, PartialDate)>,
    /// Without a period: the latest year written in a full date anywhere in the digest.
    pub fallback_year: Option<u16>,
}

/// A dated guess and what the editor should know about it.
pub(crate) struct Resolved {
    pub date: PartialDate,
    pub flags: Vec<Flag>,
    pub outside: bool,
}

fn outside_period(ctx: &YearContext, d: &PartialDate) -> bool {
    match (&ctx.period, d.get_month()) {
        (Some(p), Some(m)) => distance(month_index(d.get_year(), m), period_bounds(p)) > 0,
        (Some(p), None) => d.get_year() < p.0.get_year() || d.get_year() > p.1.get_year(),
        (None, _) => false,
    }
}

/// Gives a written date its year: as written; else the year that puts the month inside the digest's period (or
/// nearest to it); else, with no period, the digest's latest year.
pub(crate) fn resolve(raw: RawDate, ctx: &YearContext) -> Option<Resolved> {
    let mut flags = Vec::new();
    let year = match (raw.year, ctx.period) {
        (Some(y), _) => y,
        (None, Some(p)) => {
            flags.push(Flag::YearInferred);
            let bounds = period_bounds(&p);
            let first = p.0.get_year().saturating_sub(1);
            (first..=p.1.get_year().saturating_add(1))
                .min_by_key(|&y| (distance(month_index(y, raw.month), bounds), y))
                .unwrap_or(first)
        }
        (None, None) => {
            flags.push(Flag::YearInferred);
            flags.push(Flag::NoPeriod);
            ctx.fallback_year?
        }
    };
    let date = match raw.day {
        Some(d) => PartialDate::day(year, raw.month, d),
        None => PartialDate::month(year, raw.month),
    }
    .ok()?;
    let outside = outside_period(ctx, &date);
    if outside {
        flags.push(Flag::DateOutsidePeriod);
    }
    Some(Resolved {
        date,
        flags,
        outside,
    })
}

/// A date in a URL path: `/2025/11/28/` (day), `/2025/11/` (month) or `2025-11-28` inside a segment.
pub(crate) fn url_date(url: &str) -> Option<PartialDate> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.split(['?', '#']).next().unwrap_or("");
    let path = path.split_once('/').map_or("", |(_, p)| p);
    let segs: Vec<&str> = path.split('/').collect();
    let small = |s: &str| -> Option<u8> {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    for (k, s) in segs.iter().enumerate() {
        if s.len() == 4
            && s.bytes().all(|b| b.is_ascii_digit())
            && let Ok(y) = s.parse::<u16>()
            && (1990..=2100).contains(&y)
            && let Some(m) = segs.get(k + 1).and_then(|s| small(s))
            && let Ok(month) = PartialDate::month(y, m)
        {
            return Some(
                segs.get(k + 2)
                    .and_then(|s| small(s))
                    .and_then(|d| PartialDate::day(y, m, d).ok())
                    .unwrap_or(month),
            );
        }
    }
    let bytes = path.as_bytes();
    for start in 0..bytes.len().saturating_sub(9) {
        let Some(w) = bytes.get(start..start + 10) else {
            break;
        };
        let shape = w.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
        let bounded = (start == 0 || !bytes[start - 1].is_ascii_digit())
            && bytes.get(start + 10).is_none_or(|b| !b.is_ascii_digit());
        if shape
            && bounded
            && let Some(text) = path.get(start..start + 10)
            && let Ok(d) = text.parse::<PartialDate>()
            && d.get_year() >= 1990
        {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd(s: &str) -> PartialDate {
        s.parse().expect("a test date")
    }

    fn raw(year: Option<u16>, month: u8, day: Option<u8>) -> RawDate {
        RawDate { year, month, day }
    }

    #[test]
    fn russian_month_names_match_in_every_case_but_adjectives_do_not() {
        for (w, m) in [
            ("январь", 1),
            ("января", 1),
            ("январе", 1),
            ("январю", 1),
            ("январем", 1),
            ("март", 3),
            ("марта", 3),
            ("мае", 5),
            ("мая", 5),
            ("августом", 8),
            ("сентябрь", 9),
            ("декабре", 12),
        ] {
            assert_eq!(ru_month(w), Some(m), "{w}");
        }
        for w in ["июньская", "мартовский", "майка", "янв", "декабрист"]
        {
            assert_eq!(ru_month(w), None, "{w}");
        }
    }

    #[test]
    fn dates_are_found_with_day_or_month_precision() {
        assert_eq!(
            text_dates("26 сентября президент заявил. С 18 января 2026 года и 17 ноября 2025"),
            [
                raw(None, 9, Some(26)),
                raw(Some(2026), 1, Some(18)),
                raw(Some(2025), 11, Some(17))
            ]
        );
        assert_eq!(
            text_dates("В январе читатели, в середине Декабря, январь 2026"),
            [
                raw(None, 1, None),
                raw(None, 12, None),
                raw(Some(2026), 1, None)
            ]
        );
        assert_eq!(
            text_dates("Протокол от 26.09.2025, решение 01.10.2025"),
            [raw(Some(2025), 10, Some(1))]
        );
    }

    #[test]
    fn document_dates_reporting_periods_and_bare_years_are_not_event_dates() {
        assert!(text_dates("признать публикацию от 27 января 2025 года недостоверной").is_empty());
        assert!(text_dates("За январь–июль текущего года, за январь–октябрь 2025 года").is_empty());
        assert!(
            text_dates("В 2023 году задержали, решение суда 2012 года, июньская утечка").is_empty()
        );
        assert_eq!(
            text_dates("с сентября по декабрь 2025"),
            [raw(Some(2025), 9, None)]
        );
        assert_eq!(text_dates("1–3 декабря"), [raw(None, 12, Some(1))]);
    }

    #[test]
    fn kazakh_months_need_a_number() {
        assert_eq!(text_dates("18 қаңтарда"), [raw(None, 1, Some(18))]);
        assert_eq!(
            text_dates("2025 жылғы 17 қарашада"),
            [raw(Some(2025), 11, Some(17))]
        );
        assert!(text_dates("Наурыз мерекесі, Қазан қаласы").is_empty());
    }

    #[test]
    fn periods_in_their_usual_forms() {
        let aug_jan = Some((pd("2025-08"), pd("2026-01")));
        for text in [
            "Мониторинг за август 25 – январь 26 года, который",
            "за Август 2025 – Январь 2026",
            "с августа 2025 по январь 2026 года",
            "за август–январь 2026",
            "2025 жылғы тамыз – 2026 жылғы қаңтар аралығы",
            "тамыз 2025 – қаңтар 2026",
        ] {
            assert_eq!(parse_period(text), aug_jan, "{text}");
        }
        assert_eq!(
            parse_period("за август–сентябрь 2025"),
            Some((pd("2025-08"), pd("2025-09")))
        );
        assert_eq!(
            parse_period("Обзор за сентябрь 2025 года"),
            Some((pd("2025-09"), pd("2025-09")))
        );
        assert_eq!(
            parse_period("Итоги за 2025 год"),
            Some((pd("2025"), pd("2025")))
        );
        assert_eq!(parse_period("Мониторинг цифровых прав"), None);
    }

    #[test]
    fn the_year_comes_from_the_period_containing_the_month() {
        let ctx = YearContext {
            period: Some((pd("2025-08"), pd("2026-01"))),
            fallback_year: None,
        };
        let sep = resolve(raw(None, 9, Some(26)), &ctx).expect("a date");
        assert_eq!(
            (sep.date, sep.flags, sep.outside),
            (pd("2025-09-26"), vec![Flag::YearInferred], false)
        );
        let jan = resolve(raw(None, 1, None), &ctx).expect("a date");
        assert_eq!(jan.date, pd("2026-01"));
        let june = resolve(raw(None, 6, None), &ctx).expect("a date");
        assert_eq!(june.date, pd("2025-06"));
        assert_eq!(june.flags, [Flag::YearInferred, Flag::DateOutsidePeriod]);
        let written = resolve(raw(Some(2024), 3, Some(1)), &ctx).expect("a date");
        assert_eq!(written.flags, [Flag::DateOutsidePeriod]);
        assert!(resolve(raw(None, 2, Some(30)), &ctx).is_none());
    }

    #[test]
    fn without_a_period_the_digest_year_is_used_and_flagged() {
        let ctx = YearContext {
            period: None,
            fallback_year: Some(2025),
        };
        let d = resolve(raw(None, 12, Some(10)), &ctx).expect("a date");
        assert_eq!(d.date, pd("2025-12-10"));
        assert_eq!(d.flags, [Flag::YearInferred, Flag::NoPeriod]);
        let none = YearContext {
            period: None,
            fallback_year: None,
        };
        assert!(resolve(raw(None, 12, Some(10)), &none).is_none());
    }

    #[test]
    fn urls_carry_dates_in_their_paths() {
        assert_eq!(
            url_date("https://www.uralskweek.kz/2025/11/28/instagramm/"),
            Some(pd("2025-11-28"))
        );
        assert_eq!(
            url_date("https://x.kz/news/2026/01/a.html"),
            Some(pd("2026-01"))
        );
        assert_eq!(
            url_date("https://x.kz/news/a-2025-12-01-b"),
            Some(pd("2025-12-01"))
        );
        assert_eq!(url_date("https://profit.kz/news/72263/x/"), None);
        assert_eq!(url_date("https://x.kz/2025/13/01/"), None);
        assert_eq!(url_date("https://2025.kz/"), None);
    }
}
