//! Latin-script queries for Cyrillic texts: the Cyrillic spellings a Latin word may stand for.
//!
//! Readers type Kazakh in the official Latin alphabet of 2021, in its 2018 predecessor with acute accents, or
//! in an informal transliteration without diacritics («Toqaev», «jurnalist», «Qazaqstan»), and Russian names
//! the way passports and English-language media spell them («Tokayev», «Khabarov»). Each Latin word therefore
//! gets a few Cyrillic candidates, Kazakh and Russian, which the caller stems like any Cyrillic word. The table
//! (first the default reading, then the alternatives tried when candidates are enumerated):
//!
//! | Latin | Kazakh reading | Russian reading |
//! |---|---|---|
//! | a | а, ә | а |
//! | ä, á | ә | а |
//! | b, d, f, l, m, p, r, s, t, v, z | б, д, ф, л, м, п, р, с, т, в, з | the same |
//! | c | ц, к | ц, к |
//! | ç, ch | ч | ч |
//! | e, é | е | е, э |
//! | g | г, ғ (ғ first in back-vowel words) | г |
//! | ğ, ǵ, gh | ғ | г |
//! | h | х, һ | х |
//! | ı (2021: і) | і | ы |
//! | i, ï, İ | и, і (і first in front-vowel words), й (й first after a vowel) | и, й (й first after a vowel) |
//! | j | ж | ж, й |
//! | k | к, қ (қ first in back-vowel words) | к |
//! | kh | х | х |
//! | n | н, ң | н |
//! | ñ, ń, ng (at the end, or before a consonant) | ң | н(г) |
//! | o | о, ө | о |
//! | ö, ó | ө | о |
//! | q | қ | к |
//! | sh, ş | ш | ш |
//! | shch | щ | щ |
//! | ts | ц, тс | ц, тс |
//! | u | у, ұ, ү | у |
//! | ū | ұ | у |
//! | ü, ú | ү | у |
//! | w, ý | у | в, у |
//! | x | х | кс, х |
//! | y | ы, й | ы, й (й after a vowel) |
//! | ya, yu, yo, ye; ia, iu after a consonant | я, ю, е, е; я (иа), ю (иу) | я (ья after a consonant), ю, ё, е (ье after a consonant); иа, иу |
//! | zh | ж | ж |
//!
//! A word is "back" when its vowels are only a, o, u, ū, y (Qazaqstan, Toqaev), "front" when they are only ä,
//! e, i, ı, ö, ü (bılım, mektep); that decides the default of the letters whose Kazakh reading depends on it.
//! Candidates are enumerated by how many non-default readings they use, at most [`MAX_CANDIDATES`] per language;
//! a Kazakh alternative that breaks vowel harmony (front ә ө ү і beside back а о ұ ы) is skipped.

use crate::Lang;

/// Candidates per language and word: enough for the one or two ambiguous letters a short word has.
pub const MAX_CANDIDATES: usize = 6;

/// Longest Latin word transliterated (a longer one is not a name or a word anybody types).
const MAX_LETTERS: usize = 40;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Harmony {
    Back,
    Front,
    Mixed,
}

/// One position of the word: its readings, default first.
type Options = Vec<&'static str>;

fn is_latin_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ä'
            | 'á'
            | 'e'
            | 'é'
            | 'i'
            | 'ı'
            | 'ï'
            | 'o'
            | 'ö'
            | 'ó'
            | 'u'
            | 'ū'
            | 'ü'
            | 'ú'
            | 'y'
            | 'ý'
    )
}

fn harmony(word: &[char]) -> Harmony {
    let back = word
        .iter()
        .any(|c| matches!(c, 'a' | 'o' | 'u' | 'ū' | 'y' | 'q' | 'ğ' | 'ǵ'));
    let front = word
        .iter()
        .any(|c| matches!(c, 'ä' | 'á' | 'e' | 'é' | 'i' | 'ı' | 'ö' | 'ó' | 'ü' | 'ú'));
    match (back, front) {
        (true, false) => Harmony::Back,
        (false, true) => Harmony::Front,
        _ => Harmony::Mixed,
    }
}

/// The positions of `word` read as Kazakh.
fn kazakh_positions(word: &[char]) -> Vec<Options> {
    let h = harmony(word);
    let mut out: Vec<Options> = Vec::new();
    let mut i = 0;
    while i < word.len() {
        let c = word[i];
        let prev = if i == 0 { None } else { Some(word[i - 1]) };
        let after_consonant = prev.is_some_and(|p| !is_latin_vowel(p));
        let next = word.get(i + 1).copied();
        let pair = next.map(|n| (c, n));
        let (opts, used): (Options, usize) = match pair {
            Some(('s', 'h')) => (vec!["ш"], 2),
            Some(('c', 'h')) => (vec!["ч"], 2),
            Some(('z', 'h')) => (vec!["ж"], 2),
            Some(('k', 'h')) => (vec!["х"], 2),
            Some(('g', 'h')) => (vec!["ғ"], 2),
            Some(('y', 'a')) => (vec!["я"], 2),
            Some(('y', 'u')) => (vec!["ю"], 2),
            Some(('y', 'o' | 'e')) => (vec!["е"], 2),
            Some(('i', 'a')) if after_consonant => (vec!["я", "иа"], 2),
            Some(('i', 'u')) if after_consonant => (vec!["ю", "иу"], 2),
            Some(('t', 's')) => (vec!["ц", "тс"], 2),
            Some(('n', 'g')) if word.get(i + 2).is_none_or(|c| !is_latin_vowel(*c)) => {
                (vec!["ң", "нг"], 2)
            }
            _ => {
                let o: Options = match c {
                    'a' => {
                        if h == Harmony::Front {
                            vec!["ә", "а"]
                        } else {
                            vec!["а", "ә"]
                        }
                    }
                    'ä' | 'á' => vec!["ә"],
                    'b' => vec!["б"],
                    'c' => vec!["ц", "к"],
                    'ç' => vec!["ч"],
                    'd' => vec!["д"],
                    'e' | 'é' => vec!["е"],
                    'f' => vec!["ф"],
                    'g' => {
                        if h == Harmony::Back {
                            vec!["ғ", "г"]
                        } else {
                            vec!["г", "ғ"]
                        }
                    }
                    'ğ' | 'ǵ' => vec!["ғ"],
                    'h' => vec!["х", "һ"],
                    'ı' => vec!["і"],
                    // After a vowel, i is й (Myrzataiūly, Aitu).
                    'i' | 'ï' if prev.is_some_and(is_latin_vowel) => vec!["й", "и", "і"],
                    'i' | 'ï' => {
                        if h == Harmony::Front {
                            vec!["і", "и", "й"]
                        } else {
                            vec!["и", "і", "й"]
                        }
                    }
                    'j' => vec!["ж"],
                    'k' => {
                        if h == Harmony::Back {
                            vec!["қ", "к"]
                        } else {
                            vec!["к", "қ"]
                        }
                    }
                    'l' => vec!["л"],
                    'm' => vec!["м"],
                    'n' => vec!["н", "ң"],
                    'ñ' | 'ń' => vec!["ң"],
                    'o' => vec!["о", "ө"],
                    'ö' | 'ó' => vec!["ө"],
                    'p' => vec!["п"],
                    'q' => vec!["қ"],
                    'r' => vec!["р"],
                    's' => vec!["с"],
                    'ş' => vec!["ш"],
                    't' => vec!["т"],
                    'u' => vec!["у", "ұ", "ү"],
                    'ū' => vec!["ұ"],
                    'ü' | 'ú' => vec!["ү"],
                    'v' => vec!["в"],
                    'w' | 'ý' => vec!["у"],
                    'x' => vec!["х"],
                    'y' => vec!["ы", "й"],
                    'z' => vec!["з"],
                    _ => return Vec::new(),
                };
                (o, 1)
            }
        };
        out.push(opts);
        i += used;
    }
    out
}

/// The positions of `word` read as a Russian word or name in the usual Latin transliteration.
fn russian_positions(word: &[char]) -> Vec<Options> {
    let mut out: Vec<Options> = Vec::new();
    let mut i = 0;
    while i < word.len() {
        let c = word[i];
        let prev = if i == 0 { None } else { Some(word[i - 1]) };
        let after_consonant = prev.is_some_and(|p| !is_latin_vowel(p));
        let rest: String = word[i..].iter().take(4).collect();
        let (opts, used): (Options, usize) = if rest.starts_with("shch") {
            (vec!["щ"], 4)
        } else if rest.starts_with("sh") {
            (vec!["ш"], 2)
        } else if rest.starts_with("ch") {
            (vec!["ч"], 2)
        } else if rest.starts_with("zh") {
            (vec!["ж"], 2)
        } else if rest.starts_with("kh") {
            (vec!["х"], 2)
        } else if rest.starts_with("ts") {
            (vec!["ц", "тс"], 2)
        } else if rest.starts_with("ya") {
            (
                if after_consonant {
                    vec!["ья", "я"]
                } else {
                    vec!["я"]
                },
                2,
            )
        } else if rest.starts_with("yu") {
            (
                if after_consonant {
                    vec!["ью", "ю"]
                } else {
                    vec!["ю"]
                },
                2,
            )
        } else if rest.starts_with("yo") {
            (vec!["ё", "йо"], 2)
        } else if rest.starts_with("ye") {
            (
                if after_consonant {
                    vec!["ье", "е"]
                } else {
                    vec!["е"]
                },
                2,
            )
        } else if rest.starts_with("ia") && after_consonant {
            (vec!["иа", "ия", "я"], 2)
        } else if rest.starts_with("iu") && after_consonant {
            (vec!["иу", "ию", "ю"], 2)
        } else {
            let o: Options = match c {
                'a' | 'ä' | 'á' => vec!["а"],
                'b' => vec!["б"],
                'c' => vec!["ц", "к"],
                'ç' => vec!["ч"],
                'd' => vec!["д"],
                'e' | 'é' => {
                    if prev.is_none() {
                        vec!["е", "э"]
                    } else {
                        vec!["е"]
                    }
                }
                'f' => vec!["ф"],
                'g' | 'ğ' | 'ǵ' => vec!["г"],
                'h' => vec!["х"],
                'ı' => vec!["ы"],
                // «ai» before a consonant or at the end is «ай» (Mirbolat Myrzataiuly, Aitu).
                'i' | 'ï' => {
                    let next_vowel = word.get(i + 1).is_some_and(|n| is_latin_vowel(*n));
                    if prev.is_some_and(is_latin_vowel) && !next_vowel {
                        vec!["й", "и"]
                    } else {
                        vec!["и", "й"]
                    }
                }
                'j' => vec!["ж", "й"],
                'k' | 'q' => vec!["к"],
                'l' => vec!["л"],
                'm' => vec!["м"],
                'n' | 'ñ' | 'ń' => vec!["н"],
                'o' | 'ö' | 'ó' => vec!["о"],
                'p' => vec!["п"],
                'r' => vec!["р"],
                's' | 'ş' => vec!["с"],
                't' => vec!["т"],
                'u' | 'ū' | 'ü' | 'ú' => vec!["у"],
                'v' => vec!["в"],
                'w' | 'ý' => vec!["в", "у"],
                'x' => vec!["кс", "х"],
                'y' => {
                    if prev.is_some_and(is_latin_vowel) {
                        vec!["й", "ы"]
                    } else if i + 1 == word.len() {
                        vec!["ы", "ий", "й"]
                    } else {
                        vec!["ы", "й"]
                    }
                }
                'z' => vec!["з"],
                _ => return Vec::new(),
            };
            (o, 1)
        };
        out.push(opts);
        i += used;
    }
    out
}

/// Whether a Kazakh spelling keeps vowel harmony (not both front ә ө ү і and back а о ұ ы): an alternative
/// reading that breaks it is not worth a look-up.
fn harmonic(s: &str) -> bool {
    let front = s.chars().any(|c| matches!(c, 'ә' | 'ө' | 'ү' | 'і'));
    let back = s.chars().any(|c| matches!(c, 'а' | 'о' | 'ұ' | 'ы'));
    !(front && back)
}

/// Spellings from positions, fewest non-default readings first, at most `max`; alternative readings only where
/// `keep` accepts them.
fn enumerate(positions: &[Options], max: usize, keep: fn(&str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let ambiguous: Vec<usize> = (0..positions.len())
        .filter(|&p| positions[p].len() > 1)
        .collect();
    // Choices as (position → index of the reading); cost = positions off their default.
    for cost in 0..=ambiguous.len() {
        let mut choice = vec![0usize; positions.len()];
        let mut done = false;
        combinations(&ambiguous, cost, 0, &mut Vec::new(), &mut |changed| {
            if done {
                return;
            }
            // Every non-default reading of every changed position.
            let mut idx = vec![1usize; changed.len()];
            loop {
                for (k, &p) in changed.iter().enumerate() {
                    choice[p] = idx[k];
                }
                let s: String = positions.iter().zip(&choice).map(|(o, &c)| o[c]).collect();
                if !out.contains(&s) && (out.is_empty() || keep(&s)) {
                    out.push(s);
                }
                for &p in changed {
                    choice[p] = 0;
                }
                if out.len() >= max {
                    done = true;
                    return;
                }
                // Next index vector.
                let mut k = 0;
                loop {
                    if k == idx.len() {
                        return;
                    }
                    idx[k] += 1;
                    if idx[k] < positions[changed[k]].len() {
                        break;
                    }
                    idx[k] = 1;
                    k += 1;
                }
            }
        });
        if done || out.len() >= max {
            break;
        }
    }
    out
}

/// Calls `f` with every `k`-subset of `items[from..]` added to `picked`.
fn combinations(
    items: &[usize],
    k: usize,
    from: usize,
    picked: &mut Vec<usize>,
    f: &mut dyn FnMut(&[usize]),
) {
    if picked.len() == k {
        f(picked);
        return;
    }
    for i in from..items.len() {
        picked.push(items[i]);
        combinations(items, k, i + 1, picked, f);
        picked.pop();
    }
}

/// The Cyrillic candidates of a lower-case Latin word, each with the language whose stemmer suits it.
pub fn cyrillic_candidates(word: &str) -> Vec<(Lang, String)> {
    // «İ» lower-cases to «i» and a combining dot.
    let chars: Vec<char> = word.chars().filter(|c| *c != '\u{307}').collect();
    if chars.is_empty() || chars.len() > MAX_LETTERS {
        return Vec::new();
    }
    let mut out = Vec::new();
    let kk = kazakh_positions(&chars);
    if !kk.is_empty() {
        out.extend(
            enumerate(&kk, MAX_CANDIDATES, harmonic)
                .into_iter()
                .map(|s| (Lang::Kk, s)),
        );
    }
    let ru = russian_positions(&chars);
    if !ru.is_empty() {
        out.extend(
            enumerate(&ru, MAX_CANDIDATES, |_| true)
                .into_iter()
                .map(|s| (Lang::Ru, s)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(word: &str, lang: Lang) -> Vec<String> {
        cyrillic_candidates(word)
            .into_iter()
            .filter(|(l, _)| *l == lang)
            .map(|(_, s)| s)
            .collect()
    }

    #[test]
    fn the_official_latin_alphabet_reads_back_exactly() {
        // 2021: ä ğ ı ñ ö q ş ū ü y; every letter has one reading, so the first candidate is the word.
        for (latin, cyrillic) in [
            ("qazaqstan", "қазақстан"),
            ("toqaev", "тоқаев"),
            ("bılım", "білім"),
            ("ädılet", "әділет"),
            ("jūmys", "жұмыс"),
            ("ükımet", "үкімет"),
            ("öñır", "өңір"),
            ("şeşım", "шешім"),
            ("sot", "сот"),
            ("ğalym", "ғалым"),
            ("būğattau", "бұғаттау"),
            // 2018, with acute accents.
            ("ádilet", "әділет"),
            ("óńir", "өңір"),
        ] {
            assert_eq!(candidates(latin, Lang::Kk)[0], cyrillic, "{latin}");
        }
    }

    #[test]
    fn informal_spellings_find_the_cyrillic_word_among_few_candidates() {
        for (latin, lang, cyrillic) in [
            ("toqaev", Lang::Kk, "тоқаев"),
            ("tokayev", Lang::Ru, "токаев"),
            ("tokaev", Lang::Ru, "токаев"),
            ("jurnalist", Lang::Kk, "журналист"),
            ("jurnalist", Lang::Ru, "журналист"),
            ("zhurnalist", Lang::Ru, "журналист"),
            ("kazakhstan", Lang::Ru, "казахстан"),
            ("kazakstan", Lang::Kk, "қазақстан"),
            ("akhmedyarov", Lang::Ru, "ахмедьяров"),
            ("khabarov", Lang::Ru, "хабаров"),
            ("bazhkenova", Lang::Ru, "бажкенова"),
            ("myrzataiuly", Lang::Ru, "мырзатайулы"),
            ("myrzataiuly", Lang::Kk, "мырзатайұлы"),
            ("almaty", Lang::Kk, "алматы"),
            ("astana", Lang::Ru, "астана"),
            ("bilim", Lang::Kk, "білім"),
            ("mektep", Lang::Kk, "мектеп"),
            ("sotqa", Lang::Kk, "сотқа"),
            ("zang", Lang::Kk, "заң"),
            ("yevgeny", Lang::Ru, "евгений"),
            ("kochetov", Lang::Ru, "кочетов"),
            ("shabuyl", Lang::Kk, "шабуыл"),
        ] {
            let all = candidates(latin, lang);
            assert!(all.iter().any(|c| c == cyrillic), "{latin} → {all:?}");
            assert!(all.len() <= MAX_CANDIDATES);
        }
    }

    #[test]
    fn words_of_other_scripts_and_overlong_words_have_no_candidates() {
        assert!(cyrillic_candidates("2025").is_empty());
        assert!(cyrillic_candidates(&"a".repeat(41)).is_empty());
        assert!(cyrillic_candidates("").is_empty());
    }
}
