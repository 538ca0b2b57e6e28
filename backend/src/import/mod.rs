//! The digest importer's parser: turns a monitoring digest (Markdown as the monitors write it) into entries for an
//! editor to review, each carrying flags for whatever was guessed. Pure functions: no I/O, no database, no clock.
//!
//! Flow: [`parse_bytes`] / [`parse_digest`] reject what is not a digest ([`ImportError`]), `structure` finds
//! sections and entries, `inline` turns Markdown into text and links, `dates` and `extract` read facts from the
//! text, and [`Entry::to_input`] makes the draft incident. [`dry_run_json`] and [`dry_run_text`] show the result.

mod dates;
mod extract;
mod inline;
mod report;
mod structure;
mod tokens;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use aqiqat_shared::incident::{SUMMARY_MAX, TITLE_MAX};
use aqiqat_shared::{
    Category, DatePeriod, IncidentInput, Kind, LegalRef, LocalizedText, PartialDate, Platform,
    Region, Slug, Source,
};
use serde::{Deserialize, Serialize};

pub use report::{dry_run_json, dry_run_text};

/// The largest digest accepted, in bytes. Real digests are tens of kilobytes; anything near this is a wrong file.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// A summary longer than this (in characters) is flagged: two entries have probably run together.
pub const LONG_SUMMARY_CHARS: usize = 2000;

/// Why a file cannot be imported at all. Nothing is created when any of these is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the digest is empty: there is no text in it")]
    Empty,
    #[error("the digest is {size} bytes, over the limit of {limit} bytes (5 MB)")]
    TooLarge { size: usize, limit: usize },
    #[error(
        "the file is not UTF-8 text (invalid byte at offset {offset}); save the digest as UTF-8 and try again"
    )]
    NotUtf8 { offset: usize },
    #[error("the file is UTF-16 text; save the digest as UTF-8 and try again")]
    Utf16,
    #[error("the file looks binary, not like a text digest: {reason}")]
    Binary { reason: &'static str },
    #[error(
        "no sections found: a digest needs section headings such as `## 1. Свобода выражения мнения`, numbered \
         1–5 or named after the five categories"
    )]
    NoSections,
}

/// Something the editor must check on an entry. Codes are stable: the CLI's JSON and the admin page use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Neither the text nor a source URL gives a date.
    NoDate,
    /// Without a date of its own, the entry is dated within the digest's period: the editor narrows it if a
    /// source says when.
    PeriodFromDigest,
    /// The date was written without a year; the year was chosen from the digest's period.
    YearInferred,
    /// The digest states no period, so a year had to come from elsewhere (or could not be found).
    NoPeriod,
    /// The text has no date; the one in the source URL was used.
    DateFromUrl,
    /// The date lies outside the digest's period.
    DateOutsidePeriod,
    /// No article URL or Telegram post: an incident needs a source.
    NoSource,
    /// A link could not be read as an http(s) URL and was left out.
    InvalidLink,
    /// The kind was guessed from keywords (always set: the editor confirms every kind).
    KindGuessed,
    /// Paragraphs split by a stray blank line mid-sentence were joined.
    MergedParagraphs,
    /// The section's number and its name disagree; the name decided the category.
    SectionKeywordMismatch,
    /// The section's name fits several categories.
    SectionAmbiguous,
    /// The title is a plain line with no heading markup.
    TitleFromPlainLine,
    /// No title was found; the first sentence stands in.
    TitleFromFirstSentence,
    /// The entry has a title but no text.
    NoSummary,
    /// The title is longer than an incident title may be; it will be shortened.
    LongTitle,
    /// The text is unusually long: entries may have run together (beyond the limit it will be shortened).
    LongSummary,
    /// Several regions are named, so no single region was set.
    SeveralRegions,
}

impl Flag {
    pub const ALL: &'static [Flag] = &[
        Flag::NoDate,
        Flag::PeriodFromDigest,
        Flag::YearInferred,
        Flag::NoPeriod,
        Flag::DateFromUrl,
        Flag::DateOutsidePeriod,
        Flag::NoSource,
        Flag::InvalidLink,
        Flag::KindGuessed,
        Flag::MergedParagraphs,
        Flag::SectionKeywordMismatch,
        Flag::SectionAmbiguous,
        Flag::TitleFromPlainLine,
        Flag::TitleFromFirstSentence,
        Flag::NoSummary,
        Flag::LongTitle,
        Flag::LongSummary,
        Flag::SeveralRegions,
    ];

    /// The snake_case code used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::NoDate => "no_date",
            Flag::PeriodFromDigest => "period_from_digest",
            Flag::YearInferred => "year_inferred",
            Flag::NoPeriod => "no_period",
            Flag::DateFromUrl => "date_from_url",
            Flag::DateOutsidePeriod => "date_outside_period",
            Flag::NoSource => "no_source",
            Flag::InvalidLink => "invalid_link",
            Flag::KindGuessed => "kind_guessed",
            Flag::MergedParagraphs => "merged_paragraphs",
            Flag::SectionKeywordMismatch => "section_keyword_mismatch",
            Flag::SectionAmbiguous => "section_ambiguous",
            Flag::TitleFromPlainLine => "title_from_plain_line",
            Flag::TitleFromFirstSentence => "title_from_first_sentence",
            Flag::NoSummary => "no_summary",
            Flag::LongTitle => "long_title",
            Flag::LongSummary => "long_summary",
            Flag::SeveralRegions => "several_regions",
        }
    }

    /// What the editor reads, in Russian.
    pub fn message(self) -> &'static str {
        match self {
            Flag::NoDate => "дата не найдена",
            Flag::PeriodFromDigest => {
                "датировано периодом дайджеста: уточните дату, если источник её называет"
            }
            Flag::YearInferred => "год не указан в тексте и определён по периоду дайджеста",
            Flag::NoPeriod => {
                "период дайджеста не найден: год взят из других дат дайджеста или не определён"
            }
            Flag::DateFromUrl => "дата взята из адреса ссылки",
            Flag::DateOutsidePeriod => "дата вне периода дайджеста",
            Flag::NoSource => "ссылка на источник не найдена",
            Flag::InvalidLink => "некорректная ссылка пропущена",
            Flag::KindGuessed => "тип определён автоматически",
            Flag::MergedParagraphs => "абзацы, разорванные пустой строкой, объединены",
            Flag::SectionKeywordMismatch => {
                "номер раздела не совпадает с его названием: раздел определён по названию"
            }
            Flag::SectionAmbiguous => "название раздела подходит к нескольким категориям",
            Flag::TitleFromPlainLine => "заголовок взят из строки без оформления",
            Flag::TitleFromFirstSentence => "заголовок не найден: взято первое предложение",
            Flag::NoSummary => "у записи нет текста",
            Flag::LongTitle => "заголовок длиннее 300 знаков и будет сокращён",
            Flag::LongSummary => "очень длинный текст: возможно, слились несколько записей",
            Flag::SeveralRegions => "упомянуто несколько регионов: регион не выбран",
        }
    }
}

impl std::fmt::Display for Flag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One incident as read from the digest, before an editor reviews it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub title: String,
    /// Paragraphs separated by a blank line (`\n\n`), links removed.
    pub summary: String,
    pub category: Category,
    pub kind: Kind,
    pub kind_guessed: bool,
    /// The entry's own date, from its text or a source URL.
    pub date: Option<PartialDate>,
    /// Without a date of its own: the digest's period, the months it happened within (flagged
    /// `period_from_digest`). The same month twice for a one-month digest.
    pub period: Option<(PartialDate, PartialDate)>,
    /// Cleaned, normalized source URLs in the order found.
    pub sources: Vec<String>,
    pub legal_refs: Vec<LegalRef>,
    pub platforms: Vec<Platform>,
    pub regions: Vec<Region>,
    /// People and organisations as written in the text.
    pub actors: Vec<String>,
    pub flags: Vec<Flag>,
}

/// A parsed digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    /// The months the digest covers, from its introduction.
    pub period: Option<(PartialDate, PartialDate)>,
    pub entries: Vec<Entry>,
}

impl Digest {
    /// The period's first month: a date the caller may offer for entries flagged `no_date`. Not applied by the
    /// parser, because a made-up date must be an editor's decision.
    pub fn period_start(&self) -> Option<PartialDate> {
        self.period.map(|(start, _)| start)
    }
}

/// Why an entry cannot become an incident as it stands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToInputError {
    #[error(
        "no date was found for «{title}» and the digest states no period: an incident needs one; supply it with \
         `to_input_with_date`"
    )]
    NoDate { title: String },
}

/// How a digest's period dates an incident: a period of several months, or the one month (or year) it names.
fn dating(period: (PartialDate, PartialDate)) -> (Option<PartialDate>, Option<DatePeriod>) {
    match DatePeriod::new(period.0, period.1) {
        Ok(p) => (None, Some(p)),
        Err(_) => (Some(period.0), None),
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    let cut = match cut.rsplit_once(char::is_whitespace) {
        Some((head, _)) if head.chars().count() > max_chars / 2 => head.to_owned(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

impl Entry {
    /// The draft incident, dated by the entry's own date or else within the digest's period. An entry with
    /// neither gives [`ToInputError::NoDate`] rather than an invented date; the caller asks the editor.
    pub fn to_input(&self) -> Result<IncidentInput, ToInputError> {
        match (self.date, self.period) {
            (Some(date), _) => Ok(self.to_input_with_date(date)),
            (None, Some(period)) => {
                let mut input = self.to_input_with_date(period.0);
                (input.date, input.period) = dating(period);
                Ok(input)
            }
            (None, None) => Err(ToInputError::NoDate {
                title: self.title.clone(),
            }),
        }
    }

    /// The draft incident with the given date. The id is made from the title (the caller makes it unique);
    /// overlong texts are shortened (the entry is flagged), and lists beyond the contract's limits (30 sources,
    /// 20 legal references) are cut; an empty summary repeats the title (flagged `no_summary`); the region is set
    /// only when exactly one is named. Actors are not carried over: their roles are the editor's call.
    pub fn to_input_with_date(&self, date: PartialDate) -> IncidentInput {
        let title = shorten(&self.title, TITLE_MAX);
        let summary = if self.summary.trim().is_empty() {
            title.clone()
        } else {
            shorten(&self.summary, SUMMARY_MAX)
        };
        IncidentInput {
            id: Slug::from_text(&self.title),
            date: Some(date),
            period: None,
            end_date: None,
            title: LocalizedText::ru(title),
            summary: LocalizedText::ru(summary),
            category: self.category,
            kind: self.kind,
            actors: Vec::new(),
            region: match self.regions.as_slice() {
                [one] => Some(*one),
                _ => None,
            },
            city: None,
            platforms: self.platforms.clone(),
            legal_refs: self.legal_refs.iter().take(20).cloned().collect(),
            sources: self.sources.iter().take(30).map(Source::url).collect(),
            tags: Vec::new(),
            corrections: Vec::new(),
        }
    }
}

/// Reads a digest file: rejects over-size, UTF-16, binary and non-UTF-8 input before parsing.
pub fn parse_bytes(bytes: &[u8]) -> Result<Digest, ImportError> {
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len(),
            limit: MAX_BYTES,
        });
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::Utf16);
    }
    if bytes.contains(&0) {
        return Err(ImportError::Binary {
            reason: "it contains NUL bytes",
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    parse_digest(text)
}

/// Parses a digest. Never panics; every entry found is returned, with flags where the editor must check.
pub fn parse_digest(text: &str) -> Result<Digest, ImportError> {
    if text.len() > MAX_BYTES {
        return Err(ImportError::TooLarge {
            size: text.len(),
            limit: MAX_BYTES,
        });
    }
    if text.contains('\0') {
        return Err(ImportError::Binary {
            reason: "it contains NUL bytes",
        });
    }
    let (mut total, mut control) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            control += 1;
        }
    }
    // Text has almost no control characters; one in twenty is a binary file read as text.
    if control * 20 > total {
        return Err(ImportError::Binary {
            reason: "too many control characters",
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let outline = structure::outline(&text).ok_or(ImportError::NoSections)?;
    let period = dates::parse_period(&outline.preamble);
    let drafts: Vec<Draft> = outline
        .sections
        .iter()
        .flat_map(|s| {
            s.entries
                .iter()
                .filter_map(move |e| draft(e, s.category, &s.flags))
        })
        .collect();
    let fallback_year = if period.is_some() {
        None
    } else {
        drafts
            .iter()
            .flat_map(|d| {
                d.text_dates.iter().filter_map(|r| r.year).chain(
                    d.entry
                        .sources
                        .iter()
                        .filter_map(|u| dates::url_date(u))
                        .map(|d| d.get_year()),
                )
            })
            .max()
    };
    let ctx = dates::YearContext {
        period,
        fallback_year,
    };
    let entries = drafts.into_iter().map(|d| finish(d, &ctx)).collect();
    Ok(Digest { period, entries })
}

/// An entry whose date is not decided yet (that needs every entry, for a digest without a period).
struct Draft {
    entry: Entry,
    text_dates: Vec<dates::RawDate>,
}

fn push(flags: &mut Vec<Flag>, f: Flag) {
    if !flags.contains(&f) {
        flags.push(f);
    }
}

/// Whether paragraph `next` continues `prev` across a stray blank line: `prev` stops without closing punctuation
/// and `next` starts with a lower-case word (possibly after an opening quote).
fn continues(prev: &str, next: &str) -> bool {
    let ends_open = !prev
        .trim_end()
        .ends_with(['.', '!', '?', '»', '"', ')', ':', '…', '”', ';']);
    let mut chars = next
        .chars()
        .skip_while(|c| matches!(c, '«' | '"' | '“' | '„' | '\'' | '('));
    ends_open && chars.next().is_some_and(char::is_lowercase)
}

fn draft(raw: &structure::RawEntry, category: Category, section_flags: &[Flag]) -> Option<Draft> {
    let mut flags = Vec::new();
    if let Some(f) = raw.title_flag {
        push(&mut flags, f);
    }
    for f in section_flags {
        push(&mut flags, *f);
    }
    let mut links = Vec::new();
    let title_segs = inline::segments(&raw.title);
    let mut title = structure::unwrap_emphasis(&inline::render(&title_segs)).to_owned();
    collect_links(&title_segs, &mut links);
    let mut paragraphs: Vec<String> = Vec::new();
    for p in &raw.paragraphs {
        let segs = inline::segments(p);
        collect_links(&segs, &mut links);
        let text = inline::render(&segs);
        if text.is_empty() {
            continue;
        }
        match paragraphs.last_mut() {
            Some(last) if continues(last, &text) => {
                last.push(' ');
                last.push_str(&text);
                push(&mut flags, Flag::MergedParagraphs);
            }
            _ => paragraphs.push(text),
        }
    }
    let summary = paragraphs.join("\n\n");
    if title.is_empty() && summary.is_empty() && links.is_empty() {
        return None;
    }
    let mut sources: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for l in &links {
        match inline::classify(l) {
            inline::LinkRole::Source(u) => {
                if seen.insert(u.clone()) {
                    sources.push(u);
                }
            }
            inline::LinkRole::Site => {}
            inline::LinkRole::Invalid => push(&mut flags, Flag::InvalidLink),
        }
    }
    if sources.is_empty() {
        push(&mut flags, Flag::NoSource);
    }
    if title.is_empty() {
        title = paragraphs
            .first()
            .map(|p| structure::first_sentence(p))
            .unwrap_or_default();
        push(&mut flags, Flag::TitleFromFirstSentence);
    }
    if summary.is_empty() {
        push(&mut flags, Flag::NoSummary);
    }
    if title.chars().count() > TITLE_MAX {
        push(&mut flags, Flag::LongTitle);
    }
    if summary.chars().count() > LONG_SUMMARY_CHARS {
        push(&mut flags, Flag::LongSummary);
    }
    // Facts are read from the title and the summary's beginning only: a real entry is a few kilobytes, and one
    // that is not (flagged `long_summary`) must not cost each scanner a pass over megabytes.
    let scanned = prefix(&summary, MAX_SCANNED_BYTES);
    let kind = extract::guess_kind(&title, scanned);
    push(&mut flags, Flag::KindGuessed);
    let text = format!("{title}\n{scanned}");
    let regions = extract::regions(&text);
    if regions.len() > 1 {
        push(&mut flags, Flag::SeveralRegions);
    }
    let mut text_dates = dates::text_dates(&title);
    text_dates.extend(dates::text_dates(scanned));
    Some(Draft {
        entry: Entry {
            legal_refs: extract::legal_refs(&text),
            platforms: extract::platforms(&text),
            actors: actors_of(&title, scanned),
            regions,
            title,
            summary,
            category,
            kind,
            kind_guessed: true,
            date: None,
            period: None,
            sources,
            flags,
        },
        text_dates,
    })
}

/// How much of an entry's summary the fact scanners read (see `draft`).
const MAX_SCANNED_BYTES: usize = 32 * 1024;

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn prefix(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Actors of the title and of each paragraph, read apart so that a name cannot run across a line break.
fn actors_of(title: &str, summary: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    std::iter::once(title)
        .chain(summary.split("\n\n"))
        .flat_map(extract::actors)
        .filter(|a| seen.insert(a.clone()))
        .collect()
}

fn collect_links(segs: &[inline::Seg], out: &mut Vec<String>) {
    for s in segs {
        if let inline::Seg::Link { url, .. } = s {
            out.push(url.clone());
        }
    }
}

/// Decides the date: the first date in the text that falls inside the period (or the first at all, flagged),
/// else a date in a source URL, else none.
fn finish(d: Draft, ctx: &dates::YearContext) -> Entry {
    let Draft {
        mut entry,
        text_dates,
    } = d;
    let mut first_outside = None;
    let mut chosen = None;
    for raw in &text_dates {
        if let Some(r) = dates::resolve(*raw, ctx) {
            if !r.outside {
                chosen = Some(r);
                break;
            }
            if first_outside.is_none() {
                first_outside = Some(r);
            }
        }
    }
    let flags = &mut entry.flags;
    if let Some(r) = chosen.or(first_outside) {
        entry.date = Some(r.date);
        for f in r.flags {
            push(flags, f);
        }
    } else if let Some(u) = entry.sources.iter().find_map(|u| dates::url_date(u)) {
        entry.date = Some(u);
        push(flags, Flag::DateFromUrl);
        if dates::resolve(
            dates::RawDate {
                year: Some(u.get_year()),
                month: u.get_month().unwrap_or(1),
                day: None,
            },
            ctx,
        )
        .is_some_and(|r| r.outside)
        {
            push(flags, Flag::DateOutsidePeriod);
        }
    } else {
        push(flags, Flag::NoDate);
        if let Some(period) = ctx.period {
            entry.period = Some(period);
            push(flags, Flag::PeriodFromDigest);
        } else if text_dates.iter().any(|r| r.year.is_none()) {
            push(flags, Flag::NoPeriod);
        }
    }
    entry
}
