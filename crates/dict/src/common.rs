//! Pieces shared by every dictionary kind: origins, date ranges, phrase
//! normalisation and the phrase index used by the matchers.

use dyad_types::Date;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};
use std::fmt;
use std::hash::BuildHasher;
use std::sync::Arc;

/// Where a dictionary entry is written: file and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The file name as given to the loader (`dictionaries/people.dict` for
    /// built-in files).
    pub file: Arc<str>,
    /// 1-based line number.
    pub line: u64,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// An inclusive range of days; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DateRange {
    /// First day of the range, or `None` for "since always".
    pub from: Option<Date>,
    /// Last day of the range (inclusive), or `None` for "still valid".
    pub to: Option<Date>,
}

impl DateRange {
    /// The range that contains every day.
    pub const ALWAYS: DateRange = DateRange {
        from: None,
        to: None,
    };

    /// True when `date` lies inside the range (both ends inclusive).
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date <= to)
    }

    /// True when neither end is given.
    pub fn is_always(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Number of days covered, or `None` when an end is open. Used to prefer
    /// the most specific of several ranges that contain a date.
    pub fn length_in_days(&self) -> Option<i64> {
        match (self.from, self.to) {
            (Some(from), Some(to)) => Some((to - from).num_days()),
            _ => None,
        }
    }

    /// Parses `FROM..TO` with either end optional (`2025-01-20..`).
    pub fn parse(text: &str) -> Option<DateRange> {
        let (from, to) = text.split_once("..")?;
        let parse_end = |end: &str| -> Option<Option<Date>> {
            let end = end.trim();
            if end.is_empty() {
                Some(None)
            } else {
                Date::parse_from_str(end, "%Y-%m-%d").ok().map(Some)
            }
        };
        let range = DateRange {
            from: parse_end(from)?,
            to: parse_end(to)?,
        };
        if let (Some(from), Some(to)) = (range.from, range.to) {
            if from > to {
                return None;
            }
        }
        Some(range)
    }
}

impl fmt::Display for DateRange {
    /// Formats in the dictionary syntax, `FROM..TO`, with open ends omitted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(from) = self.from {
            write!(f, "{from}")?;
        }
        f.write_str("..")?;
        if let Some(to) = self.to {
            write!(f, "{to}")?;
        }
        Ok(())
    }
}

/// Splits one token into the pieces the matchers compare: hyphens and dashes
/// become pieces of their own ("U.S.-led" → `U.S.`, `-`, `led`) and a final
/// possessive `'s`/`’s` is split off, so that dictionary phrases match both
/// whole-word and split tokenizations of the same text.
pub(crate) fn token_pieces(token: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = token;
    let mut possessive = None;
    for suffix in ["'s", "’s", "'S", "’S"] {
        if rest.len() > suffix.len() && rest.ends_with(suffix) {
            let cut = rest.len() - suffix.len();
            possessive = rest.get(cut..);
            rest = rest.get(..cut).unwrap_or(rest);
            break;
        }
    }
    if rest == "-" || rest == "–" || rest == "—" {
        pieces.push(rest);
    } else {
        let mut start = 0;
        for (index, character) in rest.char_indices() {
            if matches!(character, '-' | '–' | '—') {
                if let Some(before) = rest.get(start..index) {
                    if !before.is_empty() {
                        pieces.push(before);
                    }
                }
                if let Some(dash) = rest.get(index..index + character.len_utf8()) {
                    pieces.push(dash);
                }
                start = index + character.len_utf8();
            }
        }
        if let Some(after) = rest.get(start..) {
            if !after.is_empty() {
                pieces.push(after);
            }
        }
    }
    if let Some(possessive) = possessive {
        pieces.push(possessive);
    }
    pieces
}

/// True for a piece that is a hyphen or dash.
pub(crate) fn is_dash(piece: &str) -> bool {
    matches!(piece, "-" | "–" | "—")
}

/// True for a possessive piece (`'s`, `’s`, or a bare apostrophe).
pub(crate) fn is_possessive(piece: &str) -> bool {
    matches!(piece, "'s" | "’s" | "'S" | "’S" | "'" | "’")
}

/// Splits a dictionary phrase into pieces, the same way text tokens are
/// split, so the two can be compared piece by piece.
pub(crate) fn phrase_pieces(phrase: &str) -> Vec<String> {
    phrase
        .split_whitespace()
        .flat_map(token_pieces)
        .map(str::to_owned)
        .collect()
}

/// True for a word that starts with a capital letter and is not written in
/// capitals throughout (in shouted text every word has capitals, so they
/// mark nothing).
fn is_capitalised_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && word.chars().any(char::is_lowercase)
}

/// True when the words from piece `end` on continue a proper name: a
/// capitalised word ("West" + "Virginia") or "of" and a capitalised word
/// ("Gulf" + "of Aden"). A phrase written with a leading "the" ("the West",
/// "the Gulf") names something else when it is only the start of such a
/// longer name, so its match is dropped there. In a headline (`headline`
/// true) capitals say nothing and the rule does not apply.
pub(crate) fn continues_proper_name(texts: &[&str], end: usize, headline: bool) -> bool {
    if headline {
        return false;
    }
    let Some(next) = texts.get(end) else {
        return false;
    };
    if is_capitalised_word(next) {
        return true;
    }
    *next == "of"
        && texts
            .get(end + 1)
            .is_some_and(|after| is_capitalised_word(after))
}

/// The regular English plural of a noun phrase's last word.
pub(crate) fn regular_plural(phrase: &str) -> String {
    let (head_start, last) = match phrase.rfind(' ') {
        Some(space) => (
            phrase.get(..=space).unwrap_or(""),
            phrase.get(space + 1..).unwrap_or(""),
        ),
        None => ("", phrase),
    };
    let lower = last.to_lowercase();
    // Nouns in "-arch" (monarch, oligarch, patriarch) are said with a hard
    // "ch" and take a plain "s"; "march" and "search" are not agents.
    let hard_ch = lower.ends_with("arch") && !lower.ends_with("earch") && lower.chars().count() > 5;
    let plural = if hard_ch {
        format!("{last}s")
    } else if lower.ends_with('s')
        || lower.ends_with('x')
        || lower.ends_with('z')
        || lower.ends_with("ch")
        || lower.ends_with("sh")
    {
        format!("{last}es")
    } else if lower.ends_with('y')
        && !lower.ends_with("ay")
        && !lower.ends_with("ey")
        && !lower.ends_with("oy")
        && !lower.ends_with("uy")
    {
        format!(
            "{}ies",
            last.get(..last.len().saturating_sub(1)).unwrap_or(last)
        )
    } else {
        format!("{last}s")
    };
    format!("{head_start}{plural}")
}

/// How a dictionary piece is compared with a text piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseRule {
    /// dyad's rule: a piece written in lower case matches any
    /// capitalisation; a piece with a capital letter matches the same
    /// spelling, or the text in all capitals.
    AsWritten,
    /// PETRARCH's rule: comparison ignores case entirely.
    Insensitive,
}

fn piece_matches(
    dictionary_piece: &str,
    dictionary_lower: &str,
    text_piece: &str,
    rule: CaseRule,
) -> bool {
    match rule {
        CaseRule::Insensitive => dictionary_lower == text_piece.to_lowercase(),
        CaseRule::AsWritten => {
            if dictionary_piece == text_piece {
                return true;
            }
            let has_capital = dictionary_piece.chars().any(char::is_uppercase);
            if !has_capital {
                return dictionary_lower == text_piece.to_lowercase();
            }
            let text_is_shouted = !text_piece.chars().any(char::is_lowercase);
            text_is_shouted && dictionary_piece.to_uppercase() == text_piece
        }
    }
}

struct IndexedPhrase<T> {
    /// The pieces as written, joined by single spaces (pieces never contain
    /// spaces), kept only when the case rule needs them: PETRARCH phrases
    /// compare in lower case only. One string per phrase instead of one per
    /// piece keeps allocations, which dominate load time, low.
    pieces: Option<Box<str>>,
    /// The lower-case pieces joined by single spaces.
    lower: Box<str>,
    /// Number of pieces.
    length: usize,
    /// Hash of the folded second piece (see [`fold`]), for phrases of two
    /// pieces or more; compared before the pieces themselves, because
    /// buckets of common first words ("the") hold hundreds of phrases.
    second: Option<u64>,
    rule: CaseRule,
    value: T,
}

/// A piece folded for the index: lower-cased, upper-cased and lower-cased
/// again, character by character, so that every spelling the case rules let
/// match folds the same ("Straße", "STRASSE" and "strasse" all fold to
/// "strasse"). The index only narrows the phrases to compare; the case rule
/// itself is applied by [`piece_matches`]. Lower-case ASCII, the common case,
/// is borrowed without copying.
fn fold(piece: &str) -> std::borrow::Cow<'_, str> {
    if piece.is_ascii() {
        if piece.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(piece.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(piece)
        }
    } else {
        std::borrow::Cow::Owned(
            piece
                .chars()
                .flat_map(char::to_lowercase)
                .flat_map(char::to_uppercase)
                .flat_map(char::to_lowercase)
                .collect(),
        )
    }
}

/// The hash of a folded piece (see [`fold`]).
fn folded_hash(piece: &str) -> u64 {
    FxBuildHasher.hash_one(fold(piece).as_ref())
}

/// Phrases keyed by their first piece (lower-cased), each bucket sorted
/// longest phrase first, so that the longest match at a position is the
/// first one that fits.
pub(crate) struct PhraseIndex<T> {
    phrases: Vec<IndexedPhrase<T>>,
    by_first_piece: HashMap<String, Vec<usize>>,
    sorted: bool,
}

impl<T> Default for PhraseIndex<T> {
    fn default() -> Self {
        PhraseIndex {
            phrases: Vec::new(),
            by_first_piece: HashMap::default(),
            sorted: true,
        }
    }
}

impl<T> PhraseIndex<T> {
    /// Adds a phrase; phrases with no pieces are ignored (the loaders report
    /// them as diagnostics before calling this).
    pub(crate) fn insert(&mut self, phrase: &str, rule: CaseRule, value: T) {
        let mut original = String::with_capacity(phrase.len() + 4);
        let mut length = 0;
        for piece in phrase.split_whitespace().flat_map(token_pieces) {
            if length > 0 {
                original.push(' ');
            }
            original.push_str(piece);
            length += 1;
        }
        self.push(original, length, rule, value);
    }

    /// Adds a phrase given as pieces (used by tests that build pieces
    /// directly, including pieces that are not whole words).
    #[cfg(test)]
    pub(crate) fn insert_pieces(&mut self, pieces: Vec<String>, rule: CaseRule, value: T) {
        let length = pieces.len();
        self.push(pieces.join(" "), length, rule, value);
    }

    fn push(&mut self, original: String, length: usize, rule: CaseRule, value: T) {
        if length == 0 {
            return;
        }
        let lower = original.to_lowercase();
        let second = original.split(' ').nth(1).map(folded_hash);
        let first_folded = fold(original.split(' ').next().unwrap_or("")).into_owned();
        let key = first_folded.as_str();
        let pieces =
            (rule == CaseRule::AsWritten && lower != original).then(|| original.into_boxed_str());
        let index = self.phrases.len();
        // The bucket key is allocated only for a first piece not seen before.
        match self.by_first_piece.get_mut(key) {
            Some(bucket) => bucket.push(index),
            None => {
                self.by_first_piece.insert(key.to_owned(), vec![index]);
            }
        }
        self.phrases.push(IndexedPhrase {
            pieces,
            lower: lower.into_boxed_str(),
            length,
            second,
            rule,
            value,
        });
        self.sorted = false;
    }

    /// Orders every bucket longest first; must run after the last insert.
    pub(crate) fn finish(&mut self) {
        let phrases = &self.phrases;
        for bucket in self.by_first_piece.values_mut() {
            // A stable sort keeps file order among phrases of equal length,
            // which decides between identical phrases.
            bucket.sort_by_key(|index| {
                std::cmp::Reverse(phrases.get(*index).map_or(0, |phrase| phrase.length))
            });
        }
        self.sorted = true;
    }

    /// Number of phrases in the index.
    pub(crate) fn len(&self) -> usize {
        self.phrases.len()
    }

    /// The longest phrase that matches `text` from `start`: its length in
    /// pieces and every value stored under a phrase of that length.
    pub(crate) fn longest_at<'a>(
        &'a self,
        text: &[&str],
        start: usize,
    ) -> Option<(usize, Vec<&'a T>)> {
        debug_assert!(self.sorted, "PhraseIndex::finish was not called");
        let first = text.get(start)?;
        // Most words of running text are already in lower case and fold
        // without a copy (allocation is the matchers' main cost).
        let bucket = self.by_first_piece.get(fold(first).as_ref())?;
        let mut best_length = 0;
        let mut values = Vec::new();
        let mut text_second: Option<Option<u64>> = None;
        for index in bucket {
            let Some(phrase) = self.phrases.get(*index) else {
                continue;
            };
            let length = phrase.length;
            if length < best_length {
                break;
            }
            if let Some(second) = phrase.second {
                let text_key = *text_second
                    .get_or_insert_with(|| text.get(start + 1).map(|piece| folded_hash(piece)));
                if text_key != Some(second) {
                    continue;
                }
            }
            let Some(window) = text.get(start..start + length) else {
                continue;
            };
            // Without stored originals the phrase is all lower case (or
            // compared case-insensitively), so the lower-case form stands
            // for the original.
            let originals = phrase.pieces.as_deref().unwrap_or(&phrase.lower);
            let fits = originals
                .split(' ')
                .zip(phrase.lower.split(' '))
                .zip(window)
                .all(|((piece, lower), text_piece)| {
                    piece_matches(piece, lower, text_piece, phrase.rule)
                });
            if fits {
                best_length = length;
                values.push(&phrase.value);
            }
        }
        if values.is_empty() {
            None
        } else {
            Some((best_length, values))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_split_hyphens_and_possessives() {
        assert_eq!(token_pieces("U.S.-led"), vec!["U.S.", "-", "led"]);
        assert_eq!(token_pieces("Russia's"), vec!["Russia", "'s"]);
        assert_eq!(token_pieces("Zelensky’s"), vec!["Zelensky", "’s"]);
        assert_eq!(
            token_pieces("Zelensky–Putin"),
            vec!["Zelensky", "–", "Putin"]
        );
        assert_eq!(token_pieces("-"), vec!["-"]);
        assert_eq!(token_pieces("'s"), vec!["'s"]);
        assert!(token_pieces("").is_empty());
    }

    #[test]
    fn plurals() {
        assert_eq!(regular_plural("soldier"), "soldiers");
        assert_eq!(regular_plural("foreign minister"), "foreign ministers");
        assert_eq!(regular_plural("boss"), "bosses");
        assert_eq!(regular_plural("militia"), "militias");
        assert_eq!(regular_plural("deputy"), "deputies");
        assert_eq!(regular_plural("attorney"), "attorneys");
    }

    #[test]
    fn regression_oligarch_plural_is_oligarchs() {
        assert_eq!(regular_plural("oligarch"), "oligarchs");
        assert_eq!(regular_plural("monarch"), "monarchs");
        assert_eq!(regular_plural("patriarch"), "patriarchs");
        assert_eq!(regular_plural("church"), "churches");
        assert_eq!(regular_plural("researcher"), "researchers");
    }

    #[test]
    fn date_ranges() {
        let range = DateRange::parse("2025-05-06..").expect("valid");
        assert!(range.contains(Date::from_ymd_opt(2025, 5, 6).expect("date")));
        assert!(!range.contains(Date::from_ymd_opt(2025, 5, 5).expect("date")));
        assert_eq!(range.to_string(), "2025-05-06..");
        assert!(DateRange::parse("2025-05-06").is_none());
        assert!(DateRange::parse("2025-05-06..2024-01-01").is_none());
        assert!(DateRange::parse("2025-13-06..").is_none());
        assert_eq!(
            DateRange::parse("..").map(|range| range.is_always()),
            Some(true)
        );
    }

    #[test]
    fn case_rule_as_written() {
        assert!(piece_matches("US", "us", "US", CaseRule::AsWritten));
        assert!(!piece_matches("US", "us", "us", CaseRule::AsWritten));
        assert!(piece_matches(
            "Kremlin",
            "kremlin",
            "KREMLIN",
            CaseRule::AsWritten
        ));
        assert!(piece_matches("the", "the", "The", CaseRule::AsWritten));
        assert!(!piece_matches(
            "Kremlin",
            "kremlin",
            "kremlin",
            CaseRule::AsWritten
        ));
        assert!(piece_matches(
            "KREMLIN",
            "kremlin",
            "kremlin",
            CaseRule::Insensitive
        ));
    }

    #[test]
    fn regression_shouted_strasse_missed_the_phrase_strasse() {
        // The index was keyed by the lower-case first piece, and "STRASSE"
        // lower-cases to "strasse", not "straße", although the case rule
        // lets shouted text match.
        let mut index = PhraseIndex::default();
        index.insert("Straße Nord", CaseRule::AsWritten, 1);
        index.insert("Große Straße", CaseRule::AsWritten, 2);
        index.finish();
        assert_eq!(
            index
                .longest_at(&["STRASSE", "NORD"], 0)
                .map(|(length, _)| length),
            Some(2)
        );
        assert_eq!(
            index
                .longest_at(&["GROSSE", "STRASSE"], 0)
                .map(|(length, _)| length),
            Some(2)
        );
        assert!(index.longest_at(&["strasse", "Nord"], 0).is_none());
    }

    /// The simplest possible longest match: try every phrase at the
    /// position and keep the longest that fits.
    fn reference_longest(
        phrases: &[(Vec<String>, usize)],
        text: &[&str],
        start: usize,
    ) -> Option<(usize, Vec<usize>)> {
        let mut best: Option<(usize, Vec<usize>)> = None;
        for (pieces, value) in phrases {
            let Some(window) = text.get(start..start + pieces.len()) else {
                continue;
            };
            if pieces.is_empty() {
                continue;
            }
            let fits = pieces.iter().zip(window).all(|(piece, text_piece)| {
                piece_matches(
                    piece,
                    &piece.to_lowercase(),
                    text_piece,
                    CaseRule::AsWritten,
                )
            });
            if !fits {
                continue;
            }
            match &mut best {
                Some((length, values)) if *length == pieces.len() => values.push(*value),
                Some((length, _)) if *length > pieces.len() => {}
                _ => best = Some((pieces.len(), vec![*value])),
            }
        }
        best
    }

    proptest::proptest! {
        /// The indexed matcher finds the same longest phrases as the
        /// reference on generated dictionaries and texts.
        #[test]
        fn phrase_index_agrees_with_reference(
            phrases in proptest::collection::vec(proptest::collection::vec("(a|b|B|c|-|ß|Straße|Σ|σ)", 1..4), 0..20),
            text in proptest::collection::vec("(a|b|B|A|c|C|-|ß|SS|ss|STRASSE|Straße|Σ|σ|ς)", 0..10),
        ) {
            let mut index = PhraseIndex::default();
            let mut stored = Vec::new();
            for (value, pieces) in phrases.iter().enumerate() {
                index.insert_pieces(pieces.clone(), CaseRule::AsWritten, value);
                stored.push((pieces.clone(), value));
            }
            index.finish();
            let text: Vec<&str> = text.iter().map(String::as_str).collect();
            for start in 0..=text.len() {
                let found = index.longest_at(&text, start).map(|(length, values)| {
                    let mut values: Vec<usize> = values.into_iter().copied().collect();
                    values.sort_unstable();
                    (length, values)
                });
                let expected = reference_longest(&stored, &text, start).map(|(length, mut values)| {
                    values.sort_unstable();
                    (length, values)
                });
                proptest::prop_assert_eq!(found, expected);
            }
        }
    }
}
