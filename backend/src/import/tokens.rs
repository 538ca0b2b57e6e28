//! Word-level tokens of digest text, shared by the date, legal-reference and keyword scanners.
//!
//! One tokenizer for all of them, so that «41-1», «январь–июль» and «Касым-Жомарт» are cut the same way
//! everywhere; each token keeps its byte span so a scanner can quote the original text (a law's name).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// A run of letters (any script).
    Word,
    /// A run of ASCII digits.
    Num,
    /// Any hyphen or dash: `-`, `‐`, `–`, `—`, `−`.
    Dash,
    /// Any other single non-space character.
    Punct,
}

#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub kind: TokKind,
    /// Lower case, `ё` → `е`: what the scanners compare.
    pub lower: String,
    /// Byte span in the scanned text.
    pub start: usize,
    pub end: usize,
    /// No whitespace between this token and the previous one (`456-2`, `Instagram'е`).
    pub glued: bool,
}

impl Tok {
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }

    pub fn is(&self, lower: &str) -> bool {
        self.lower == lower
    }

    pub fn starts(&self, prefix: &str) -> bool {
        self.kind == TokKind::Word && self.lower.starts_with(prefix)
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokKind::Punct && self.lower.starts_with(c)
    }

    /// The value of a number token of at most `max_digits` digits.
    pub fn num(&self, max_digits: usize) -> Option<u32> {
        if self.kind == TokKind::Num && self.lower.len() <= max_digits {
            self.lower.parse().ok()
        } else {
            None
        }
    }

    /// The number of digits of a number token (0 for other tokens).
    pub fn digits(&self) -> usize {
        if self.kind == TokKind::Num {
            self.lower.len()
        } else {
            0
        }
    }
}

pub(crate) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '–' | '—' | '−')
}

/// Lower case with `ё` folded into `е`, as Russian texts use both spellings.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            // Russian letters, most of any digest, without the general Unicode tables.
            'а'..='я' => out.push(c),
            'А'..='Я' => out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
            'ё' | 'Ё' => out.push('е'),
            _ => out.extend(c.to_lowercase().map(|l| if l == 'ё' { 'е' } else { l })),
        }
    }
    out
}

/// `char::is_alphabetic` with the common cases (ASCII, Russian letters) answered without the Unicode tables.
pub(crate) fn is_letter(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphabetic(),
        'А'..='я' | 'ё' | 'Ё' => true,
        _ => c.is_alphabetic(),
    }
}

pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut glued = false;
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if c.is_whitespace() {
            glued = false;
            continue;
        }
        let kind = if is_letter(c) {
            TokKind::Word
        } else if c.is_ascii_digit() {
            TokKind::Num
        } else if is_dash(c) {
            TokKind::Dash
        } else {
            TokKind::Punct
        };
        let mut end = start + c.len_utf8();
        if matches!(kind, TokKind::Word | TokKind::Num) {
            while let Some(&(i, n)) = iter.peek() {
                let same = match kind {
                    TokKind::Word => is_letter(n),
                    _ => n.is_ascii_digit(),
                };
                if !same {
                    break;
                }
                end = i + n.len_utf8();
                iter.next();
            }
        }
        let lower = match text.get(start..end) {
            // Digits have no case.
            Some(s) if kind == TokKind::Num => s.to_owned(),
            Some(s) => fold(s),
            None => String::new(),
        };
        out.push(Tok {
            kind,
            lower,
            start,
            end,
            glued,
        });
        glued = true;
    }
    out
}

/// The lower-cased words of a text, for keyword rules.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(is_letter(c) || c.is_numeric()))
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_numbers_and_ranges_keep_their_dashes_glued() {
        let t = tokenize("статья 456-2, январь–июль; Instagram'е");
        let kinds: Vec<TokKind> = t.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                TokKind::Word,
                TokKind::Num,
                TokKind::Dash,
                TokKind::Num,
                TokKind::Punct,
                TokKind::Word,
                TokKind::Dash,
                TokKind::Word,
                TokKind::Punct,
                TokKind::Word,
                TokKind::Punct,
                TokKind::Word,
            ]
        );
        assert!(t[2].glued && t[3].glued && !t[1].glued);
        assert_eq!(t[11].lower, "е");
    }

    #[test]
    fn yo_is_folded() {
        assert_eq!(fold("Удалён ЁЖ"), "удален еж");
        let all: String = ('\u{0}'..='\u{2fff}').collect();
        let general: String = all
            .chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c == 'ё' { 'е' } else { c })
            .collect();
        assert_eq!(fold(&all), general, "the fast paths agree with Unicode");
        assert!(all.chars().all(|c| is_letter(c) == c.is_alphabetic()));
        assert_eq!(words("Удалён, ёж!"), ["удален", "еж"]);
    }
}
