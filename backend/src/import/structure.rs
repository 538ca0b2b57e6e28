//! The block structure of a digest: which lines are section headings, which start an entry, which are its body.
//!
//! Real digests mix heading styles (`## **1. …**`, `### **…**`, a bold line alone, a plain line), so every line is
//! first classified on its own and the outline is then built from the sequence, with the flags the editor needs
//! where a decision was a guess.

use aqiqat_shared::Category;

use super::Flag;
use super::tokens::words;

/// How one line looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line<'a> {
    Blank,
    /// `#`…`######` with its text (markers and surrounding bold removed).
    Heading {
        level: u8,
        text: &'a str,
    },
    /// A line that is bold from end to end (`**Title**`), with its text.
    Bold(&'a str),
    Text(&'a str),
}

/// Removes wrapping emphasis markers (`**…**`, `__…__`, `*…*`) and surrounding whitespace.
pub(crate) fn unwrap_emphasis(s: &str) -> &str {
    let mut t = s.trim();
    loop {
        let inner = ["**", "__", "*", "_"].iter().find_map(|m| {
            let inner = t.strip_prefix(m)?.strip_suffix(m)?;
            (!inner.trim().is_empty()).then_some(inner.trim())
        });
        match inner {
            Some(i) => t = i,
            None => return t,
        }
    }
}

fn classify(raw: &str) -> Line<'_> {
    let line = raw.trim();
    if line.is_empty() {
        return Line::Blank;
    }
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) {
        let rest = line.get(hashes..).unwrap_or("");
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            let text = rest.trim().trim_end_matches('#').trim();
            return Line::Heading {
                level: hashes as u8,
                text: unwrap_emphasis(text),
            };
        }
    }
    for m in ["**", "__"] {
        if let Some(inner) = line.strip_prefix(m).and_then(|l| l.strip_suffix(m))
            && !inner.trim().is_empty()
            && !inner.contains(m)
        {
            return Line::Bold(inner.trim());
        }
    }
    Line::Text(line)
}

/// `1. Свобода…` / `2) …`: the number and the rest.
fn numbered(text: &str) -> Option<(u32, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let n = text.get(..digits)?.parse().ok()?;
    let rest = text.get(digits..)?;
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    rest.starts_with(char::is_whitespace)
        .then_some((n, rest.trim()))
}

/// The categories a section heading's words point to, in digest order.
pub(crate) fn keyword_categories(text: &str) -> Vec<Category> {
    let w = words(text);
    let any = |prefixes: &[&str]| w.iter().any(|w| prefixes.iter().any(|p| w.starts_with(p)));
    let word = |forms: &[&str]| w.iter().any(|w| forms.contains(&w.as_str()));
    let mut out = Vec::new();
    if any(&["свобод", "freedom", "expression", "бостандығ"])
        || (any(&["доступ"]) && any(&["информац"]))
    {
        out.push(Category::FreedomOfExpression);
    }
    if any(&["персональн", "дербес", "personal", "privacy"]) {
        out.push(Category::PersonalData);
    }
    if any(&[
        "кибер",
        "инфраструктур",
        "cyber",
        "infrastructure",
        "инфрақұрылым",
    ]) {
        out.push(Category::Cybersecurity);
    }
    if any(&[
        "правов",
        "регулир",
        "законодат",
        "legal",
        "regulation",
        "legislation",
        "құқықтық",
        "заңнам",
    ]) {
        out.push(Category::LegalRegulation);
    }
    if any(&[
        "судеб",
        "судов",
        "court",
        "прецедент",
        "precedent",
        "litigation",
    ]) || word(&["суд", "суды", "суда", "судах", "сот"])
    {
        out.push(Category::CourtCases);
    }
    out
}

/// A section heading: its category and what the editor should know about how it was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SectionHead {
    category: Category,
    flags: Vec<Flag>,
}

/// A heading is a section when it is numbered (and the number or its words name a category), or, unnumbered, when
/// its words name a category and it sits at a level where this digest puts numbered sections (any `#`/`##` level
/// when the digest numbers none). Bold lines only count when numbered: unnumbered bold lines are entry titles, and
/// «**Суд прекратил дело**» must not open a section. When number and words disagree the words win, flagged.
fn section_head(
    line: Line<'_>,
    numbered_levels: &[u8],
    previous: Option<Category>,
) -> Option<SectionHead> {
    let (level, text) = match line {
        Line::Heading { level, text } => (level, text),
        Line::Bold(text) => (0, unwrap_emphasis(text)),
        _ => return None,
    };
    let by_number = numbered(text);
    let name = by_number.map_or(text, |(_, rest)| rest);
    let kws = keyword_categories(name);
    // Section names are short; a long numbered bold line is an entry («**1. Суд отказал блогеру в иске…**»).
    let short = words(name).len() <= 8;
    let shallow = (1..=2).contains(&level);
    let number_cat = by_number
        .and_then(|(n, _)| usize::try_from(n).ok())
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| Category::ALL.get(i).copied());
    let mut flags = Vec::new();
    let category = match (by_number, number_cat) {
        (Some(_), Some(c)) if kws.is_empty() || kws.contains(&c) => {
            // A deep heading or a bold line numbered 1–5 may be a numbered list inside an entry: it needs the
            // words and the shortness of a section name.
            if !shallow && (kws.is_empty() || !short) {
                return None;
            }
            c
        }
        (Some(_), _) => {
            if !shallow && !short {
                return None;
            }
            let first = *kws.first()?;
            flags.push(Flag::SectionKeywordMismatch);
            first
        }
        (None, _) => {
            if level == 0 || kws.is_empty() || !short {
                return None;
            }
            let at_section_level = if numbered_levels.is_empty() {
                level <= 2
            } else {
                numbered_levels.contains(&level)
            };
            if !at_section_level {
                return None;
            }
            if kws.len() > 1 {
                flags.push(Flag::SectionAmbiguous);
                // Digests go in order: prefer the first candidate after the previous section.
                let after = previous.and_then(|p| kws.iter().find(|&&c| c > p).copied());
                after.unwrap_or(kws[0])
            } else {
                kws[0]
            }
        }
    };
    Some(SectionHead { category, flags })
}

/// An entry as found in the text, still in Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawEntry {
    pub title: String,
    pub title_flag: Option<Flag>,
    /// Body paragraphs, each its lines joined with `\n`.
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawSection {
    pub category: Category,
    pub flags: Vec<Flag>,
    pub entries: Vec<RawEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outline {
    /// The text before the first section: the introduction, where the period is written.
    pub preamble: String,
    pub sections: Vec<RawSection>,
}

/// A title-shaped line: starts with a capital (or a digit or quote), is short, has no link, and does not end the
/// way a sentence of body text ends.
fn plain_title_shape(line: &str) -> bool {
    let t = line.trim();
    let n = t.chars().count();
    let first_ok = t
        .chars()
        .find(|c| !matches!(c, '«' | '"' | '“' | '„' | '\''))
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let last_ok = !t.ends_with(['.', ',', ';', ':', '…']);
    let words = t.split_whitespace().count();
    first_ok
        && last_ok
        && (10..=250).contains(&n)
        && (2..=30).contains(&words)
        && !t.contains("http://")
        && !t.contains("https://")
        && !t.contains("](")
}

enum Item {
    Title(String),
    Para(Vec<String>),
}

/// The first sentence of a paragraph, as a title for an entry that has none.
pub(crate) fn has_link(text: &str) -> bool {
    text.contains("http://") || text.contains("https://")
}

pub(crate) fn first_sentence(text: &str) -> String {
    let plain = super::inline::render(&super::inline::segments(text));
    let mut end = plain.len();
    for (i, c) in plain.char_indices() {
        if matches!(c, '.' | '!' | '?') && plain.get(i + 1..).is_none_or(|r| r.starts_with(' ')) {
            end = i + c.len_utf8();
            break;
        }
    }
    let sentence = plain.get(..end).unwrap_or(&plain);
    if sentence.chars().count() <= 200 {
        return sentence.trim_end_matches('.').to_owned();
    }
    let cut: String = sentence.chars().take(150).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

/// Turns one section's lines into entries.
fn section_entries(lines: &[Line<'_>]) -> Vec<RawEntry> {
    let mut items = Vec::new();
    let mut para: Vec<String> = Vec::new();
    for line in lines {
        match *line {
            Line::Blank => {
                if !para.is_empty() {
                    items.push(Item::Para(std::mem::take(&mut para)));
                }
            }
            Line::Heading { text, .. } | Line::Bold(text) => {
                if !para.is_empty() {
                    items.push(Item::Para(std::mem::take(&mut para)));
                }
                items.push(Item::Title(text.to_owned()));
            }
            Line::Text(t) => para.push(t.to_owned()),
        }
    }
    if !para.is_empty() {
        items.push(Item::Para(para));
    }

    let mut entries: Vec<RawEntry> = Vec::new();
    let mut open = false;
    // Whether the open entry already has a link: then it is complete, and a title-shaped line may start the next.
    let mut linked = false;
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Title(t) => {
                entries.push(RawEntry {
                    title: t.clone(),
                    title_flag: None,
                    paragraphs: Vec::new(),
                });
                open = true;
                linked = false;
            }
            Item::Para(lines) => {
                let body_follows = matches!(items.get(i + 1), Some(Item::Para(_)));
                let current_done = !open || linked;
                // A plain line starts an entry only where an entry can start: at the top of a section or after
                // the previous entry's link, and only when a body follows it.
                if lines.len() == 1 && plain_title_shape(&lines[0]) && current_done && body_follows
                {
                    entries.push(RawEntry {
                        title: lines[0].clone(),
                        title_flag: Some(Flag::TitleFromPlainLine),
                        paragraphs: Vec::new(),
                    });
                    open = true;
                    linked = false;
                } else if open && let Some(e) = entries.last_mut() {
                    let text = lines.join("\n");
                    linked |= has_link(&text);
                    e.paragraphs.push(text);
                } else {
                    // Text before the first entry of a section. With a link it is an entry whose title is
                    // missing; without one it is the section's preface and carries nothing to import.
                    let text = lines.join("\n");
                    if has_link(&text) {
                        entries.push(RawEntry {
                            title: first_sentence(&text),
                            title_flag: Some(Flag::TitleFromFirstSentence),
                            paragraphs: vec![text],
                        });
                        open = true;
                        linked = true;
                    }
                }
            }
        }
    }
    entries
}

/// Splits a digest into its preamble and sections. `None` when no section heading is found.
pub(crate) fn outline(text: &str) -> Option<Outline> {
    let lines: Vec<Line<'_>> = text.lines().map(classify).collect();
    let mut numbered_levels: Vec<u8> = Vec::new();
    for line in &lines {
        if let Line::Heading { level, text } = *line
            && numbered(text).is_some()
            && section_head(*line, &[], None).is_some()
            && !numbered_levels.contains(&level)
        {
            numbered_levels.push(level);
        }
    }
    let mut heads: Vec<(usize, SectionHead)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let previous = heads.last().map(|(_, h)| h.category);
        if let Some(h) = section_head(*line, &numbered_levels, previous) {
            heads.push((i, h));
        }
    }
    let first = heads.first()?.0;
    let preamble = text.lines().take(first).collect::<Vec<_>>().join("\n");
    let mut sections = Vec::new();
    for (k, (start, head)) in heads.iter().enumerate() {
        let end = heads.get(k + 1).map_or(lines.len(), |(e, _)| *e);
        let body = lines.get(start + 1..end).unwrap_or(&[]);
        sections.push(RawSection {
            category: head.category,
            flags: head.flags.clone(),
            entries: section_entries(body),
        });
    }
    Some(Outline { preamble, sections })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(text: &str) -> Vec<(Category, String)> {
        let o = outline(text).expect("sections");
        o.sections
            .iter()
            .flat_map(|s| s.entries.iter().map(|e| (s.category, e.title.clone())))
            .collect()
    }

    #[test]
    fn lines_are_classified_by_their_markup() {
        assert_eq!(
            classify("### **Заголовок**  "),
            Line::Heading {
                level: 3,
                text: "Заголовок"
            }
        );
        assert_eq!(classify("**Заголовок**  "), Line::Bold("Заголовок"));
        assert_eq!(classify("**а** и **б**"), Line::Text("**а** и **б**"));
        assert_eq!(classify("#хэштег"), Line::Text("#хэштег"));
        assert_eq!(classify("   "), Line::Blank);
    }

    #[test]
    fn numbered_sections_with_or_without_bold_map_in_digest_order() {
        let t = "## **1. Свобода выражения**\n### A title here\nbody\n## 2. Защита персональных данных\n### B title here\nbody\n# 5. Судебные precedents\n### C title here\nbody";
        assert_eq!(
            titles(t),
            [
                (Category::FreedomOfExpression, "A title here".to_owned()),
                (Category::PersonalData, "B title here".to_owned()),
                (Category::CourtCases, "C title here".to_owned()),
            ]
        );
    }

    #[test]
    fn a_number_that_contradicts_the_words_loses_to_them_and_is_flagged() {
        let o = outline("## 2. Кибербезопасность и инфраструктура\n### Title one\nbody")
            .expect("sections");
        assert_eq!(o.sections[0].category, Category::Cybersecurity);
        assert_eq!(o.sections[0].flags, [Flag::SectionKeywordMismatch]);
    }

    #[test]
    fn a_long_numbered_bold_line_is_an_entry_not_a_section() {
        let t = "## 5. Судебные дела\n**1. Суд отказал блогеру в иске о защите чести и достоинства редакции**\nbody";
        let o = outline(t).expect("sections");
        assert_eq!(o.sections.len(), 1);
        assert_eq!(o.sections[0].entries.len(), 1);
    }

    #[test]
    fn unnumbered_sections_are_found_by_their_words() {
        let t = "## Правовое регулирование\n**Title one**\nbody\n## Судебные дела\n**Суд прекратил дело**\nbody";
        assert_eq!(
            titles(t),
            [
                (Category::LegalRegulation, "Title one".to_owned()),
                (Category::CourtCases, "Суд прекратил дело".to_owned()),
            ]
        );
    }

    #[test]
    fn entry_headings_that_share_section_words_stay_entries() {
        // Sections are numbered at level 2, so an unnumbered level-3 heading about a court is an entry.
        let t =
            "## 5. Судебные дела\n### Суд признал решение законным\nbody\n### Суды и блогеры\nbody";
        assert_eq!(titles(t).len(), 2);
    }

    #[test]
    fn without_sections_there_is_no_outline() {
        assert!(outline("### Заголовок\nтекст").is_none());
        assert!(outline("## Введение\nтекст").is_none());
    }

    #[test]
    fn a_plain_line_is_a_title_only_where_an_entry_can_start() {
        let t = "## 3. Кибербезопасность\n\nНовое министерство появилось\n\nТекст. <https://a.kz/1>\n\nДругой заголовок без точки\n\nЕщё текст. <https://a.kz/2>";
        let o = outline(t).expect("sections");
        let e = &o.sections[0].entries;
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].title, "Другой заголовок без точки");
        assert_eq!(e[1].title_flag, Some(Flag::TitleFromPlainLine));
        // Before the entry's link, a short unpunctuated line is body text.
        let t2 = "## 3. Кибербезопасность\n### Заголовок\n\nТекст.\n\nСуд назначен на 1 декабря\n\n<https://a.kz/1>";
        let o2 = outline(t2).expect("sections");
        assert_eq!(o2.sections[0].entries.len(), 1);
        assert_eq!(o2.sections[0].entries[0].paragraphs.len(), 3);
    }

    #[test]
    fn text_before_the_first_entry_is_a_preface_unless_it_links() {
        let t = "## 1. Свобода выражения\nВ этом разделе собраны события.\n\nСайт закрыли. Подробнее <https://a.kz/x>\n### Title two\nbody";
        let o = outline(t).expect("sections");
        let e = &o.sections[0].entries;
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].title, "Сайт закрыли");
        assert_eq!(e[0].title_flag, Some(Flag::TitleFromFirstSentence));
    }
}
