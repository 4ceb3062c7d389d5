//! Pieces shared by every dictionary kind: origins, date ranges, phrase
//! normalisation and the phrase index used by the matchers.

use dyad_types::Date;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};
use std::borrow::Cow;
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
    for_each_token_piece(token, |piece| pieces.push(piece));
    pieces
}

/// Calls `visit` with each piece of `token`, in order, as [`token_pieces`]
/// splits it. The matchers split every token of every sentence and every
/// phrase of every dictionary, so this form collects nothing into a vector.
pub(crate) fn for_each_token_piece<'a>(token: &'a str, mut visit: impl FnMut(&'a str)) {
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
        visit(rest);
    } else {
        let mut start = 0;
        for (index, character) in rest.char_indices() {
            if matches!(character, '-' | '–' | '—') {
                if let Some(before) = rest.get(start..index) {
                    if !before.is_empty() {
                        visit(before);
                    }
                }
                if let Some(dash) = rest.get(index..index + character.len_utf8()) {
                    visit(dash);
                }
                start = index + character.len_utf8();
            }
        }
        if let Some(after) = rest.get(start..) {
            if !after.is_empty() {
                visit(after);
            }
        }
    }
    if let Some(possessive) = possessive {
        visit(possessive);
    }
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

/// True for a sentence written in title case or in capitals (a headline),
/// where a capital letter does not mark a proper name: no lower-case word
/// of four letters or more among at least four words.
pub(crate) fn looks_like_headline(texts: &[&str]) -> bool {
    let words: Vec<&&str> = texts
        .iter()
        .filter(|text| text.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    words.len() >= 4
        && !words.iter().any(|word| {
            word.chars().count() >= 4 && word.chars().next().is_some_and(char::is_lowercase)
        })
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

#[cfg(test)]
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

/// A piece folded for the index: lower-cased, upper-cased and lower-cased
/// again, character by character, so that every spelling the case rules let
/// match folds the same ("Straße", "STRASSE" and "strasse" all fold to
/// "strasse"). The index only narrows the phrases to compare; the case rule
/// itself is applied by [`piece_matches`]. Lower-case ASCII, the common case,
/// is borrowed without copying.
pub(crate) fn fold(piece: &str) -> std::borrow::Cow<'_, str> {
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

/// The words of an index's phrases, each stored once and numbered, so that
/// a phrase is a short list of numbers instead of strings to split again
/// at every comparison.
#[derive(Default)]
struct Vocabulary {
    numbers: HashMap<Arc<str>, usize>,
    words: Vec<VocabularyWord>,
}

struct VocabularyWord {
    text: Arc<str>,
    /// True when the word has a capital letter: under [`CaseRule::AsWritten`]
    /// such a dictionary word matches only its own spelling or the text in
    /// capitals.
    has_capital: bool,
}

impl Vocabulary {
    /// The number of `word`, adding it when it is new.
    fn number(&mut self, word: &str) -> usize {
        if let Some(number) = self.numbers.get(word) {
            return *number;
        }
        let number = self.words.len();
        let text: Arc<str> = Arc::from(word);
        self.words.push(VocabularyWord {
            text: text.clone(),
            has_capital: word.chars().any(char::is_uppercase),
        });
        self.numbers.insert(text, number);
        number
    }

    fn word(&self, number: usize) -> Option<&VocabularyWord> {
        self.words.get(number)
    }
}

/// One piece of a dictionary phrase: the numbers of its lower-case form
/// and of its spelling as written (the same number when they agree, and
/// for [`CaseRule::Insensitive`] phrases, which never look at the spelling).
#[derive(Clone, Copy)]
struct PhrasePiece {
    lower: usize,
    written: usize,
}

struct IndexedPhrase<T> {
    /// Where the phrase's pieces start in [`PhraseIndex::pieces`].
    first_piece: usize,
    /// Number of pieces.
    length: usize,
    /// Hash of the folded second piece (see [`fold`]), for phrases of two
    /// pieces or more; compared before the pieces themselves, because
    /// buckets of common first words ("the") hold hundreds of phrases.
    second: Option<u64>,
    rule: CaseRule,
    value: T,
}

/// The text a phrase is matched against: a sentence's pieces, with their
/// lower-case forms and whether each is written without lower-case letters.
/// [`SentenceText`] computes these once per sentence; a plain slice of
/// pieces computes them on each use.
pub(crate) trait MatchText {
    /// Number of pieces.
    fn piece_count(&self) -> usize;
    /// Piece `index` as written.
    fn piece(&self, index: usize) -> Option<&str>;
    /// Piece `index` in lower case.
    fn lower(&self, index: usize) -> Option<Cow<'_, str>>;
    /// True when piece `index` has no lower-case letter.
    fn shouted(&self, index: usize) -> bool;
    /// Piece `index` folded (see [`fold`]).
    fn folded(&self, index: usize) -> Option<Cow<'_, str>>;
    /// The hash of piece `index` folded.
    fn folded_hash(&self, index: usize) -> Option<u64>;
}

/// The lower-case form of a piece, borrowed when it is already lower case
/// (most words of running text), so that nothing is allocated for it.
fn lower_case(piece: &str) -> Cow<'_, str> {
    if piece
        .bytes()
        .all(|byte| byte.is_ascii() && !byte.is_ascii_uppercase())
    {
        Cow::Borrowed(piece)
    } else {
        Cow::Owned(piece.to_lowercase())
    }
}

fn has_no_lower_case(piece: &str) -> bool {
    !piece.chars().any(char::is_lowercase)
}

impl MatchText for [&str] {
    fn piece_count(&self) -> usize {
        self.len()
    }

    fn piece(&self, index: usize) -> Option<&str> {
        self.get(index).copied()
    }

    fn lower(&self, index: usize) -> Option<Cow<'_, str>> {
        self.get(index).map(|piece| lower_case(piece))
    }

    fn shouted(&self, index: usize) -> bool {
        self.get(index)
            .is_some_and(|piece| has_no_lower_case(piece))
    }

    fn folded(&self, index: usize) -> Option<Cow<'_, str>> {
        self.get(index).map(|piece| fold(piece))
    }

    fn folded_hash(&self, index: usize) -> Option<u64> {
        self.get(index).map(|piece| folded_hash(piece))
    }
}

/// A sentence's pieces with everything the phrase indexes compare worked
/// out once: the lower-case form of each piece (in one buffer) and whether
/// it is written without lower-case letters. A sentence is matched against
/// several indexes at every piece, so doing this per comparison (as a plain
/// slice of pieces must) is most of the cost of matching.
pub(crate) struct SentenceText<'a> {
    pieces: Vec<&'a str>,
    lower: String,
    /// End of each piece's lower-case form in `lower`; a piece's form starts
    /// where the one before it ends.
    lower_ends: Vec<usize>,
    shouted: Vec<bool>,
    /// Each piece folded (see [`fold`]), in one buffer like `lower`.
    folded: String,
    folded_ends: Vec<usize>,
    folded_hashes: Vec<u64>,
    /// Tests set this to match with the straightforward reference code
    /// instead of the indexes and caches, to compare the two.
    #[cfg(test)]
    pub(crate) reference: bool,
}

impl<'a> SentenceText<'a> {
    /// Prepares the pieces of a sentence for matching.
    pub(crate) fn new(pieces: Vec<&'a str>) -> Self {
        let mut lower = String::with_capacity(pieces.iter().map(|piece| piece.len()).sum());
        let mut lower_ends = Vec::with_capacity(pieces.len());
        let mut shouted = Vec::with_capacity(pieces.len());
        let mut folded = String::with_capacity(lower.capacity());
        let mut folded_ends = Vec::with_capacity(pieces.len());
        let mut folded_hashes = Vec::with_capacity(pieces.len());
        for piece in &pieces {
            lower.push_str(&lower_case(piece));
            lower_ends.push(lower.len());
            shouted.push(has_no_lower_case(piece));
            let piece_folded = fold(piece);
            folded_hashes.push(FxBuildHasher.hash_one(piece_folded.as_ref()));
            folded.push_str(&piece_folded);
            folded_ends.push(folded.len());
        }
        SentenceText {
            pieces,
            lower,
            lower_ends,
            shouted,
            folded,
            folded_ends,
            folded_hashes,
            #[cfg(test)]
            reference: false,
        }
    }

    /// The pieces as written.
    pub(crate) fn pieces(&self) -> &[&'a str] {
        &self.pieces
    }

    /// True when the reference code is to be used (only tests set it).
    pub(crate) fn is_reference(&self) -> bool {
        #[cfg(test)]
        {
            self.reference
        }
        #[cfg(not(test))]
        {
            false
        }
    }
}

impl MatchText for SentenceText<'_> {
    fn piece_count(&self) -> usize {
        self.pieces.len()
    }

    fn piece(&self, index: usize) -> Option<&str> {
        self.pieces.get(index).copied()
    }

    fn lower(&self, index: usize) -> Option<Cow<'_, str>> {
        let end = *self.lower_ends.get(index)?;
        let start = match index.checked_sub(1) {
            Some(previous) => *self.lower_ends.get(previous)?,
            None => 0,
        };
        self.lower.get(start..end).map(Cow::Borrowed)
    }

    fn shouted(&self, index: usize) -> bool {
        self.shouted.get(index).copied().unwrap_or(false)
    }

    fn folded(&self, index: usize) -> Option<Cow<'_, str>> {
        let end = *self.folded_ends.get(index)?;
        let start = match index.checked_sub(1) {
            Some(previous) => *self.folded_ends.get(previous)?,
            None => 0,
        };
        self.folded.get(start..end).map(Cow::Borrowed)
    }

    fn folded_hash(&self, index: usize) -> Option<u64> {
        self.folded_hashes.get(index).copied()
    }
}

/// Phrases keyed by their first piece (lower-cased), each bucket sorted
/// longest phrase first, so that the longest match at a position is the
/// first one that fits. The phrases are split into pieces and their words
/// numbered when they are inserted, so matching splits and allocates
/// nothing.
pub(crate) struct PhraseIndex<T> {
    phrases: Vec<IndexedPhrase<T>>,
    /// The pieces of every phrase, one phrase after the other.
    pieces: Vec<PhrasePiece>,
    vocabulary: Vocabulary,
    /// Phrase numbers by their first piece folded (see [`fold`]), longest
    /// first (file order among phrases of equal length) once
    /// [`PhraseIndex::finish`] has run.
    by_first_piece: HashMap<Box<str>, Vec<usize>>,
    sorted: bool,
    /// Each phrase's pieces as written, for the reference matcher that the
    /// tests compare the index with.
    #[cfg(test)]
    reference_pieces: Vec<Vec<String>>,
}

impl<T> Default for PhraseIndex<T> {
    fn default() -> Self {
        PhraseIndex {
            phrases: Vec::new(),
            pieces: Vec::new(),
            vocabulary: Vocabulary::default(),
            by_first_piece: HashMap::default(),
            sorted: true,
            #[cfg(test)]
            reference_pieces: Vec::new(),
        }
    }
}

impl<T> PhraseIndex<T> {
    /// Adds a phrase; phrases with no pieces are ignored (the loaders report
    /// them as diagnostics before calling this).
    pub(crate) fn insert(&mut self, phrase: &str, rule: CaseRule, value: T) {
        let first_piece = self.pieces.len();
        for token in phrase.split_whitespace() {
            for_each_token_piece(token, |piece| self.push_piece(piece, rule));
        }
        self.push(first_piece, rule, value);
    }

    /// Adds a phrase given as pieces (used by tests that build pieces
    /// directly, including pieces that are not whole words).
    #[cfg(test)]
    pub(crate) fn insert_pieces(&mut self, pieces: Vec<String>, rule: CaseRule, value: T) {
        let first_piece = self.pieces.len();
        for piece in &pieces {
            self.push_piece(piece, rule);
        }
        self.push(first_piece, rule, value);
    }

    fn push_piece(&mut self, piece: &str, rule: CaseRule) {
        let lower = lower_case(piece);
        let lower_number = self.vocabulary.number(&lower);
        // PETRARCH phrases compare in lower case only, so their spelling is
        // not kept.
        let written = if rule == CaseRule::AsWritten && lower != piece {
            self.vocabulary.number(piece)
        } else {
            lower_number
        };
        self.pieces.push(PhrasePiece {
            lower: lower_number,
            written,
        });
    }

    /// Records the phrase whose pieces were pushed from `first_piece` on.
    fn push(&mut self, first_piece: usize, rule: CaseRule, value: T) {
        let length = self.pieces.len().saturating_sub(first_piece);
        let Some(first) = self.pieces.get(first_piece).copied() else {
            return;
        };
        let written_hash = |piece: Option<&PhrasePiece>| {
            piece
                .and_then(|piece| self.vocabulary.word(piece.written))
                .map(|word| folded_hash(&word.text))
        };
        let second = written_hash(self.pieces.get(first_piece + 1));
        let Some(first_word) = self.vocabulary.word(first.written) else {
            return;
        };
        let key = fold(&first_word.text).into_owned();
        let index = self.phrases.len();
        // The bucket key is allocated only for a first piece not seen before.
        match self.by_first_piece.get_mut(key.as_str()) {
            Some(bucket) => bucket.push(index),
            None => {
                self.by_first_piece
                    .insert(key.into_boxed_str(), vec![index]);
            }
        }
        #[cfg(test)]
        {
            let written = self
                .pieces
                .get(first_piece..)
                .unwrap_or(&[])
                .iter()
                .map(|piece| {
                    self.vocabulary
                        .word(piece.written)
                        .map_or_else(String::new, |word| word.text.to_string())
                })
                .collect();
            self.reference_pieces.push(written);
        }
        self.phrases.push(IndexedPhrase {
            first_piece,
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
        self.longest_before(text, start, text.len())
    }

    /// [`PhraseIndex::longest_at`] on a prepared sentence.
    pub(crate) fn longest_in<'a>(
        &'a self,
        text: &SentenceText,
        start: usize,
    ) -> Option<(usize, Vec<&'a T>)> {
        self.longest_in_before(text, start, text.piece_count())
    }

    /// [`PhraseIndex::longest_in`] on the sentence's pieces before `limit`
    /// only.
    pub(crate) fn longest_in_before<'a>(
        &'a self,
        text: &SentenceText,
        start: usize,
        limit: usize,
    ) -> Option<(usize, Vec<&'a T>)> {
        #[cfg(test)]
        if text.reference {
            return self.longest_reference(text.pieces().get(..limit)?, start);
        }
        self.longest_before(text, start, limit)
    }

    fn longest_before<'a, M: MatchText + ?Sized>(
        &'a self,
        text: &M,
        start: usize,
        limit: usize,
    ) -> Option<(usize, Vec<&'a T>)> {
        debug_assert!(self.sorted, "PhraseIndex::finish was not called");
        let available = limit.min(text.piece_count()).checked_sub(start)?;
        let bucket = self.by_first_piece.get(text.folded(start)?.as_ref())?;
        let text_second = if available > 1 {
            text.folded_hash(start + 1)
        } else {
            None
        };
        let mut best_length = 0;
        let mut values = Vec::new();
        for index in bucket {
            let Some(phrase) = self.phrases.get(*index) else {
                continue;
            };
            let length = phrase.length;
            if length < best_length {
                break;
            }
            if length > available {
                continue;
            }
            if phrase.second.is_some() && phrase.second != text_second {
                continue;
            }
            let Some(pieces) = self
                .pieces
                .get(phrase.first_piece..phrase.first_piece + length)
            else {
                continue;
            };
            let fits = pieces
                .iter()
                .enumerate()
                .all(|(offset, piece)| self.piece_fits(*piece, phrase.rule, text, start + offset));
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

    /// Whether a dictionary piece matches text piece `index` under `rule`;
    /// the same test as [`piece_matches`], on numbered words.
    fn piece_fits<M: MatchText + ?Sized>(
        &self,
        piece: PhrasePiece,
        rule: CaseRule,
        text: &M,
        index: usize,
    ) -> bool {
        let lower_fits = || match (self.vocabulary.word(piece.lower), text.lower(index)) {
            (Some(word), Some(lower)) => *word.text == *lower,
            _ => false,
        };
        match rule {
            CaseRule::Insensitive => lower_fits(),
            CaseRule::AsWritten => {
                let (Some(written), Some(text_piece)) =
                    (self.vocabulary.word(piece.written), text.piece(index))
                else {
                    return false;
                };
                if *written.text == *text_piece {
                    return true;
                }
                if !written.has_capital {
                    return lower_fits();
                }
                // `str::to_uppercase` maps each character on its own, so
                // comparing character by character is the same test without
                // building the upper-case string.
                text.shouted(index)
                    && written
                        .text
                        .chars()
                        .flat_map(char::to_uppercase)
                        .eq(text_piece.chars())
            }
        }
    }

    /// Each phrase's pieces as written, in the order they were inserted.
    #[cfg(test)]
    pub(crate) fn reference_phrases(&self) -> &[Vec<String>] {
        &self.reference_pieces
    }

    /// The straightforward longest match that the index must agree with:
    /// every phrase is tried at `start` with [`piece_matches`] on its
    /// pieces as written.
    #[cfg(test)]
    pub(crate) fn longest_reference<'a>(
        &'a self,
        text: &[&str],
        start: usize,
    ) -> Option<(usize, Vec<&'a T>)> {
        let mut best_length = 0;
        let mut values = Vec::new();
        for (phrase, pieces) in self.phrases.iter().zip(&self.reference_pieces) {
            if pieces.is_empty() || pieces.len() < best_length {
                continue;
            }
            let Some(window) = text.get(start..start + pieces.len()) else {
                continue;
            };
            let fits = pieces.iter().zip(window).all(|(piece, text_piece)| {
                piece_matches(piece, &piece.to_lowercase(), text_piece, phrase.rule)
            });
            if !fits {
                continue;
            }
            if pieces.len() > best_length {
                best_length = pieces.len();
                values.clear();
            }
            values.push(&phrase.value);
        }
        (!values.is_empty()).then_some((best_length, values))
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
