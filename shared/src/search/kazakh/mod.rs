//! A Kazakh stemmer (Snowball has no Kazakh algorithm): rule-based suffix stripping, so that «Конституцияның»,
//! «журналистерге» and «Орталықтан» meet «Конституция», «журналист» and «Орталық».
//!
//! Kazakh is agglutinative. A noun takes, in this order, a plural (-лар/-лер/-дар/-дер/-тар/-тер), a possessive
//! (3rd person -ы/-і/-сы/-сі, 1st plural -ымыз/-іміз/-мыз/-міз) and a case ending: genitive -ның, accusative
//! -ны, dative -ға, locative -да, ablative -дан, instrumental -мен; -ғы/-дағы ("of the year", "the one in")
//! may stand before a case. After a possessive the cases are -ның, -н, -на, -нда, -нан (and -нша, "according
//! to"). A verb form may carry a participle (-ған, -атын) or a verbal noun (-у) before those, or end in a finite
//! ending (past -ды, present -йды/-ады). Every suffix exists in variants chosen by vowel harmony (back а/ы or
//! front е/і) and by the sound before it (a vowel; р, й, у; a voiced consonant; a voiceless one). The stemmer
//! strips suffixes from the end in the reverse of that order, taking the longest that fits, and only a variant
//! that the stem before it allows:
//! - harmony: a back suffix after a stem whose last vowel is front (ә ө ү і), or a front suffix after а о ұ ы я,
//!   is not a suffix; е, и, у, э, ю decide nothing (loanwords and names: журналистке, Тоқаевтың);
//! - the sound before: -та only after a voiceless consonant, -да only after a vowel or a voiced one, and so on;
//! - a stem keeps at least two letters, one a vowel, so that short roots survive (іс, ел, сот; су, ту and
//!   the particle да are never stripped); a verbal noun's -у leaves at least three.
//!
//! Some endings are truly ambiguous without a dictionary; both readings are kept (the index holds both stems, a
//! query matches either): «…сы» after a vowel is a possessive on a vowel stem (арна-сы) or -ы on an -с stem
//! (облыс-ы), «…ады» a past on an -а stem (сына-ды) or a present on a consonant stem (айт-ады), «…гі» -ғы on
//! жыл or -і on митинг, «…йтын» a participle (жаса-йтын) or -ы-н on a -йт stem (сайт-ы-н), «…ты» an
//! accusative (интеллек-ті) or -і on a -т stem (интеллект-і).
//!
//! The stem's end is normalized so that every form of a word meets: a final ғ, г, б becomes қ, к, п (к, қ, п
//! voice before a vowel: орталығы → орталық), and a final ст becomes с (an -ст stem loses its т before a
//! т-suffix: журналист, журналистер → журналис). Last, a noun stem is stemmed again until nothing changes
//! (see [`stem`]), so that a word whose own end looks like a suffix meets its inflected forms.

/// What a word stems to: one stem, or two where its ending is ambiguous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stems {
    pub stems: Vec<String>,
    /// Whether the word changed: an unchanged word may still be being typed (a query matches it as a prefix);
    /// a changed one is complete.
    pub changed: bool,
}

/// At most this many stems per word (each ambiguous ending doubles them).
const MAX_STEMS: usize = 3;

/// Stems whose ending looks like a suffix but is part of the word (жал-ған "false" is not a participle, Қазақ-стан
/// not an ablative): nothing is stripped from them, alone or once their own suffixes are gone.
const PROTECTED: &[&str] = &[
    "жалған",
    "қорған",
    "қазақстан",
    "өзбекстан",
    "тәжікстан",
    "қырғызстан",
    "түрікменстан",
    "ауғанстан",
    "пәкістан",
    "орда",
    "сауда",
    "шілде",
    "апта",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// Ends a word; nothing is stripped before it.
    Finite,
    Case,
    /// -ғы after a time or a locative (жылғы, бұрынғы, -дағы): a case may follow it (бұрынғыдан).
    Adjective,
    /// A case form that only follows a 3rd-person possessive (-н, -на, -нда, -нан, -ндағы).
    CaseAfterPossessive,
    Possessive,
    Plural,
    /// Participles and the verbal noun; nothing is stripped before them.
    Verbal,
}

impl Slot {
    /// The slots that may stand before this one.
    fn before(self) -> &'static [Slot] {
        match self {
            Slot::Finite | Slot::Verbal => &[],
            Slot::Case => &[
                Slot::Adjective,
                Slot::Possessive,
                Slot::Plural,
                Slot::Verbal,
            ],
            Slot::Adjective => &[Slot::Possessive, Slot::Plural, Slot::Verbal],
            Slot::CaseAfterPossessive => &[Slot::Possessive],
            Slot::Possessive => &[Slot::Plural, Slot::Verbal],
            Slot::Plural => &[Slot::Verbal],
        }
    }
}

const ALL_SLOTS: &[Slot] = &[
    Slot::Finite,
    Slot::Case,
    Slot::Adjective,
    Slot::CaseAfterPossessive,
    Slot::Possessive,
    Slot::Plural,
    Slot::Verbal,
];

/// The sound a suffix variant may follow (the last letter of the stem before it).
#[derive(Debug, Clone, Copy)]
enum After {
    Vowel,
    /// A vowel, or р, й, у (the variants of -лар, -дың).
    VowelOrRyu,
    /// A vowel, р, й, у or a voiced consonant (the variants of -ға, -да).
    NotVoiceless,
    /// р, й, у, л, з, ж (genitive -дың).
    RyuOrLzj,
    /// A vowel, р, й, у, л, з, ж (ablative -дан).
    NotNasalNorVoiceless,
    /// р, й, у or a voiced consonant (accusative -ды).
    RyuOrVoiced,
    /// A voiced consonant: л, м, н, ң, з, ж (plural -дар).
    Voiced,
    /// м, н, ң (ablative -нан, genitive -ның after them).
    Nasal,
    /// A vowel, м, н or ң (genitive -ның).
    VowelOrNasal,
    /// A voiceless consonant, or б, в, г, д, which take the voiceless variants (-тың, -қа, -та).
    Voiceless,
    /// Any consonant (possessive -ы, -ымыз; -атын).
    Consonant,
    /// A vowel, р, й, у, л, м, н, ң (instrumental -мен).
    Men,
    /// л, м, н, ң, з, ж (instrumental -бен).
    Ben,
    Any,
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'ә' | 'е' | 'ё' | 'и' | 'о' | 'ө' | 'ұ' | 'ү' | 'ы' | 'і' | 'э' | 'ю' | 'я' | 'у'
    )
}

impl After {
    fn allows(self, c: char) -> bool {
        // у is a glide after which suffixes go as after р and й (тергеуге, тергеуді); и and ю are read as
        // ій/йу, so they allow both the vowel and the р-й-у variants.
        let vowel = is_vowel(c) && c != 'у';
        let ryu = matches!(c, 'р' | 'й' | 'у' | 'и' | 'ю');
        let voiced = matches!(c, 'л' | 'м' | 'н' | 'ң' | 'з' | 'ж');
        let nasal = matches!(c, 'м' | 'н' | 'ң');
        let voiceless = matches!(
            c,
            'к' | 'қ'
                | 'п'
                | 'с'
                | 'т'
                | 'ф'
                | 'х'
                | 'һ'
                | 'ц'
                | 'ч'
                | 'ш'
                | 'щ'
                | 'б'
                | 'в'
                | 'г'
                | 'ғ'
                | 'д'
        );
        match self {
            After::Vowel => vowel || matches!(c, 'и' | 'ю'),
            After::VowelOrRyu => vowel || ryu,
            After::NotVoiceless => vowel || ryu || voiced,
            After::RyuOrLzj => ryu || matches!(c, 'л' | 'з' | 'ж'),
            After::NotNasalNorVoiceless => vowel || ryu || matches!(c, 'л' | 'з' | 'ж'),
            After::RyuOrVoiced => ryu || voiced,
            After::Voiced => voiced,
            After::Nasal => nasal,
            After::VowelOrNasal => vowel || nasal || matches!(c, 'и' | 'ю'),
            After::Voiceless => voiceless,
            After::Consonant => !vowel && c.is_alphabetic(),
            After::Men => vowel || ryu || matches!(c, 'л' | 'м' | 'н' | 'ң'),
            After::Ben => matches!(c, 'л' | 'м' | 'н' | 'ң' | 'з' | 'ж'),
            After::Any => c.is_alphabetic(),
        }
    }
}

struct Suffix {
    text: &'static str,
    slot: Slot,
    after: After,
}

const fn sfx(text: &'static str, slot: Slot, after: After) -> Suffix {
    Suffix { text, slot, after }
}

/// Every suffix the stemmer knows. Order does not matter: the longest that fits is taken.
const SUFFIXES: &[Suffix] = {
    use After::*;
    use Slot::*;
    &[
        // Finite verb endings: past after a vowel stem (сына-ды; after consonants it is the accusative's
        // string, stripped as such), present (жаса-йды, айт-ады).
        sfx("ды", Finite, Vowel),
        sfx("ді", Finite, Vowel),
        sfx("йды", Finite, Vowel),
        sfx("йді", Finite, Vowel),
        sfx("ады", Finite, Consonant),
        sfx("еді", Finite, Consonant),
        // Genitive.
        sfx("ның", Case, VowelOrNasal),
        sfx("нің", Case, VowelOrNasal),
        sfx("дың", Case, RyuOrLzj),
        sfx("дің", Case, RyuOrLzj),
        sfx("тың", Case, Voiceless),
        sfx("тің", Case, Voiceless),
        // Accusative (and the past after consonants).
        sfx("ны", Case, Vowel),
        sfx("ні", Case, Vowel),
        sfx("ды", Case, RyuOrVoiced),
        sfx("ді", Case, RyuOrVoiced),
        sfx("ты", Case, Voiceless),
        sfx("ті", Case, Voiceless),
        // Dative.
        sfx("ға", Case, NotVoiceless),
        sfx("ге", Case, NotVoiceless),
        sfx("қа", Case, Voiceless),
        sfx("ке", Case, Voiceless),
        // Locative.
        sfx("да", Case, NotVoiceless),
        sfx("де", Case, NotVoiceless),
        sfx("та", Case, Voiceless),
        sfx("те", Case, Voiceless),
        // Ablative.
        sfx("дан", Case, NotNasalNorVoiceless),
        sfx("ден", Case, NotNasalNorVoiceless),
        sfx("нан", Case, Nasal),
        sfx("нен", Case, Nasal),
        sfx("тан", Case, Voiceless),
        sfx("тен", Case, Voiceless),
        // Instrumental (one variant for both harmonies).
        sfx("мен", Case, Men),
        sfx("бен", Case, Ben),
        sfx("пен", Case, Voiceless),
        // Locative + -ғы ("the one in"), and -ғы alone ("of": 2025 жылғы).
        sfx("дағы", Adjective, NotVoiceless),
        sfx("дегі", Adjective, NotVoiceless),
        sfx("тағы", Adjective, Voiceless),
        sfx("тегі", Adjective, Voiceless),
        // Not after a vowel: орталығы, министрлігі are -ы, -і on орталық, министрлік.
        sfx("ғы", Adjective, RyuOrVoiced),
        sfx("гі", Adjective, RyuOrVoiced),
        sfx("қы", Adjective, Voiceless),
        sfx("кі", Adjective, Voiceless),
        // Cases after a 3rd-person possessive.
        sfx("н", CaseAfterPossessive, Vowel),
        sfx("на", CaseAfterPossessive, Vowel),
        sfx("не", CaseAfterPossessive, Vowel),
        sfx("нда", CaseAfterPossessive, Vowel),
        sfx("нде", CaseAfterPossessive, Vowel),
        sfx("нан", CaseAfterPossessive, Vowel),
        sfx("нен", CaseAfterPossessive, Vowel),
        sfx("ндағы", CaseAfterPossessive, Vowel),
        sfx("ндегі", CaseAfterPossessive, Vowel),
        // "According to": айтуынша, бағалауынша.
        sfx("нша", CaseAfterPossessive, Vowel),
        sfx("нше", CaseAfterPossessive, Vowel),
        // Possessive: 3rd person, 1st person plural.
        sfx("сы", Possessive, Vowel),
        sfx("сі", Possessive, Vowel),
        sfx("ы", Possessive, Consonant),
        sfx("і", Possessive, Consonant),
        sfx("мыз", Possessive, Vowel),
        sfx("міз", Possessive, Vowel),
        sfx("ымыз", Possessive, Consonant),
        sfx("іміз", Possessive, Consonant),
        // Plural.
        sfx("лар", Plural, VowelOrRyu),
        sfx("лер", Plural, VowelOrRyu),
        sfx("дар", Plural, Voiced),
        sfx("дер", Plural, Voiced),
        sfx("тар", Plural, Voiceless),
        sfx("тер", Plural, Voiceless),
        // Participles and the verbal noun.
        sfx("ған", Verbal, NotVoiceless),
        sfx("ген", Verbal, NotVoiceless),
        sfx("қан", Verbal, Voiceless),
        sfx("кен", Verbal, Voiceless),
        sfx("атын", Verbal, Consonant),
        sfx("етін", Verbal, Consonant),
        sfx("йтын", Verbal, Vowel),
        sfx("йтін", Verbal, Vowel),
        sfx("у", Verbal, Any),
    ]
};

/// Pairs of endings that are both right readings of a word: (longer, shorter), where the longer fits.
const AMBIGUOUS: &[(&str, &str)] = &[
    // арна-сы, облыс-ы
    ("сы", "ы"),
    ("сі", "і"),
    // айт-ады, сына-ды
    ("ады", "ды"),
    ("еді", "ді"),
    // жыл-ғы, митинг-і
    ("ғы", "ы"),
    ("ғы", "ы"),
    ("гі", "і"),
    ("қы", "ы"),
    ("кі", "і"),
    // жаса-йтын, сайт-ы-н; айн-атын, ақпарат-ы-н
    ("йтын", "н"),
    ("йтін", "н"),
    ("атын", "н"),
    ("етін", "н"),
    // интеллек-ті (accusative) or интеллект-і; оқырма-ны or оқырман-ы
    ("ты", "ы"),
    ("ті", "і"),
    ("ны", "ы"),
    ("ні", "і"),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Harmony {
    Back,
    Front,
}

fn harmony_of_suffix(s: &str) -> Option<Harmony> {
    // The instrumental has one form for both harmonies (сотпен, елмен).
    if matches!(s, "мен" | "бен" | "пен") {
        return None;
    }
    s.chars().find_map(|c| match c {
        'а' | 'ы' => Some(Harmony::Back),
        'е' | 'і' => Some(Harmony::Front),
        _ => None,
    })
}

/// The harmony a stem demands of its suffixes: that of its last vowel, if that vowel decides it.
fn harmony_of_stem(stem: &[char]) -> Option<Harmony> {
    let last = stem.iter().rev().find(|c| is_vowel(**c))?;
    match last {
        'а' | 'о' | 'ұ' | 'ы' | 'я' | 'ё' => Some(Harmony::Back),
        'ә' | 'ө' | 'ү' | 'і' => Some(Harmony::Front),
        _ => None,
    }
}

/// Whether `stem` is long enough to stand: two letters with a vowel (three for `min` = 3).
fn can_stand(stem: &[char], min: usize) -> bool {
    stem.len() >= min && stem.iter().any(|c| is_vowel(*c))
}

fn ends_with(word: &[char], suffix: &str) -> bool {
    let n = suffix.chars().count();
    word.len() >= n && word[word.len() - n..].iter().copied().eq(suffix.chars())
}

/// The suffixes of `slots` that `word` may end in, longest first.
fn candidates(word: &[char], slots: &[Slot]) -> Vec<&'static Suffix> {
    let mut out: Vec<&Suffix> = SUFFIXES
        .iter()
        .filter(|s| slots.contains(&s.slot) && ends_with(word, s.text))
        .filter(|s| {
            let stem = &word[..word.len() - s.text.chars().count()];
            let min = if s.text == "у" { 3 } else { 2 };
            can_stand(stem, min)
                && stem.last().is_some_and(|c| s.after.allows(*c))
                && match (harmony_of_suffix(s.text), harmony_of_stem(stem)) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                }
        })
        .collect();
    out.sort_by_key(|s| std::cmp::Reverse(s.text.chars().count()));
    out
}

/// Where a parse ends: the stem's length, and whether it is a verb stem (a participle, verbal noun or finite
/// ending was stripped), whose end (бұғатта-, жарияла-) is not read as a suffix again.
type End = (usize, bool);

/// The stems `word` strips to, given the slots allowed at its end: the longest suffix that fits (and, for an
/// ambiguous ending, the other reading too); the word itself when none fits.
fn parse(word: &[char], slots: &[Slot], verb: bool, out: &mut Vec<End>) {
    if PROTECTED.iter().any(|p| p.chars().eq(word.iter().copied())) {
        out.push((word.len(), verb));
        return;
    }
    let mut first: Option<&str> = None;
    for s in candidates(word, slots) {
        match first {
            None => {
                if strip(word, s, out) {
                    first = Some(s.text);
                }
            }
            Some(f) => {
                if AMBIGUOUS.contains(&(f, s.text)) {
                    strip(word, s, out);
                }
            }
        }
    }
    if first.is_none() {
        out.push((word.len(), verb));
    }
}

/// Strips `s` from `word` and parses what stands before it; false if `s` cannot be this word's suffix after all.
fn strip(word: &[char], s: &Suffix, out: &mut Vec<End>) -> bool {
    let stem = &word[..word.len() - s.text.chars().count()];
    if s.slot != Slot::CaseAfterPossessive {
        let verb = matches!(s.slot, Slot::Finite | Slot::Verbal);
        parse(stem, s.slot.before(), verb, out);
        return true;
    }
    // Only after a 3rd-person possessive, which goes with it.
    let before = out.len();
    for p in candidates(stem, &[Slot::Possessive]) {
        if matches!(p.text, "ы" | "і" | "сы" | "сі") {
            let inner = &stem[..stem.len() - p.text.chars().count()];
            parse(inner, Slot::Possessive.before(), false, out);
        }
    }
    out.len() > before
}

/// Normalizes a stem's end so that every form of a word meets (see the module's documentation).
fn normalize(stem: &[char]) -> String {
    let mut s = stem.to_vec();
    if let Some(last) = s.last_mut() {
        *last = match *last {
            'ғ' => 'қ',
            'г' => 'к',
            'б' => 'п',
            c => c,
        };
    }
    if s.ends_with(&['с', 'т']) && can_stand(&s[..s.len() - 1], 2) {
        s.pop();
    }
    s.into_iter().collect()
}

/// One round: the stems `word` parses to, normalized, each with whether it is a verb stem.
fn round(word: &[char]) -> Vec<(String, bool)> {
    let mut ends = Vec::new();
    parse(word, ALL_SLOTS, false, &mut ends);
    let mut stems: Vec<(String, bool)> = Vec::with_capacity(ends.len());
    for (end, verb) in ends {
        let s = (normalize(&word[..end]), verb);
        if !stems.contains(&s) {
            stems.push(s);
        }
    }
    stems
}

/// The stem(s) of a lower-case Kazakh word.
///
/// A noun stem is stemmed again until nothing changes: a word whose own ending looks like a suffix (Қазақстан,
/// Орда, желі) is cut when it stands alone, so its inflected forms (Қазақстанда, Ордаға, желілер) must be cut
/// the same way once their real suffix is gone, or the two would not meet. A verb stem is final.
pub fn stem(word: &str) -> Stems {
    let mut stems = vec![(word.to_owned(), false)];
    for _ in 0..4 {
        let mut next: Vec<(String, bool)> = Vec::new();
        for (s, verb) in &stems {
            let found = if *verb {
                vec![(s.clone(), true)]
            } else {
                round(&s.chars().collect::<Vec<_>>())
            };
            for n in found {
                if !next.iter().any(|(t, _)| *t == n.0) {
                    next.push(n);
                }
            }
        }
        next.truncate(MAX_STEMS);
        if next == stems {
            break;
        }
        stems = next;
    }
    let stems: Vec<String> = stems.into_iter().map(|(s, _)| s).collect();
    let changed = stems.len() != 1 || stems[0] != word;
    Stems { stems, changed }
}

#[cfg(test)]
mod tests;
