//! Places: the gazetteer that tells where an event happened ("in Alaska",
//! "at the White House", "in Kharkiv"). Places are not actors: a place
//! phrase never gives an actor code, it only locates events. A phrase that is
//! both (a capital such as "Moscow") is answered by both tables on its own.
//!
//! Resolving a place looks at the words around it, and a few of those
//! questions are about actors ("is this a longer actor name?", "does this
//! name the country?"). They are asked through [`PlaceContext`], which the
//! matcher's prepared sentence implements, so that this module does not
//! depend on the actor tables and the actor matcher can depend on it.

use crate::common::{is_dash, is_possessive, Origin, PhraseIndex, SentenceText};
use std::cell::OnceCell;
use std::ops::Range;

/// What resolving a place needs to know about the sentence it is in,
/// beyond the gazetteer: its pieces, and the answers that depend on the
/// actor and agent dictionaries.
pub(crate) trait PlaceContext {
    /// The sentence's pieces, prepared for matching.
    fn sentence_text(&self) -> &SentenceText<'_>;
    /// True when the words from piece `end` on continue a longer proper
    /// name, for phrases written with a leading "the".
    fn continues_name_at(&self, end: usize) -> bool;
    /// The length in pieces of the longest actor phrase at piece `start`.
    fn actor_phrase_length_at(&self, start: usize) -> Option<usize>;
    /// True when the longest actor phrase at piece `start` is a name of the
    /// country `country` ("Pakistan" in "Hyderabad , Pakistan").
    fn names_country_at(&self, start: usize, country: &str) -> bool;
}

/// Kinds of place the format knows. Other kinds are accepted with a warning,
/// so that a user dictionary can add its own.
pub const PLACE_KINDS: [&str; 10] = [
    "state-province",
    "city",
    "district",
    "region",
    "territory",
    "island",
    "landmark",
    "facility",
    "body-of-water",
    "mountain",
];

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceEntry {
    /// Canonical name ("Alaska", "White House", "Strait of Hormuz").
    pub name: String,
    /// ISO 3166-1 alpha-3 code of the country the place is in, or `None`
    /// for places outside any state (international waters) or whose
    /// country the dictionary does not decide (disputed places).
    pub country: Option<String>,
    /// What sort of place it is (`state-province`, `city`, `landmark` ...).
    pub kind: String,
    /// When set, every phrase of the place is ambiguous (the text says
    /// why) and names this place only with a disambiguator.
    pub ambiguous: Option<String>,
    /// Phrases of the place that are ambiguous on their own while its other
    /// phrases are not ("Washington" for Washington State).
    pub ambiguous_names: Vec<String>,
    /// Lower-case words that, right before the place, disambiguate it
    /// ("state of" before "Georgia").
    pub context: Vec<String>,
    /// Where the entry is written.
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct PlacePhrase {
    pub(crate) place: usize,
    /// The phrase was written with a leading "the" (it is indexed with and
    /// without it); such phrases must not run into a longer proper name.
    pub(crate) article: bool,
    /// The phrase names this place only with a disambiguator.
    pub(crate) ambiguous: bool,
}

/// The compiled gazetteer: places and the phrase index over them.
#[derive(Default)]
pub struct PlaceTable {
    pub(crate) places: Vec<PlaceEntry>,
    pub(crate) phrases: PhraseIndex<PlacePhrase>,
    /// Each place's context phrases split into lower-case pieces, in the
    /// order of [`PlaceTable::places`].
    context_pieces: Vec<Vec<Vec<String>>>,
    pub(crate) files: Vec<String>,
}

/// A place phrase found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceMention {
    /// Token range of the place phrase (indices into the tokens passed in);
    /// a disambiguator around it ("Atlanta ," before "Georgia") is not part
    /// of it.
    pub tokens: Range<usize>,
    /// The place's canonical name.
    pub name: String,
    /// ISO3 country, or `None` for places outside any state.
    pub country: Option<String>,
    /// The place's kind (`state-province`, `city`, `landmark` ...).
    pub kind: String,
}

impl PlaceTable {
    /// Adds a place with its phrases; returns its index.
    pub(crate) fn add_place(&mut self, entry: PlaceEntry, phrases: &[String]) -> usize {
        let index = self.places.len();
        let context = entry
            .context
            .iter()
            .map(|phrase| {
                crate::common::phrase_pieces(phrase)
                    .into_iter()
                    .map(|piece| piece.to_lowercase())
                    .collect()
            })
            .collect();
        self.context_pieces.push(context);
        let entry_ambiguous = entry.ambiguous.is_some();
        let ambiguous_names = entry.ambiguous_names.clone();
        self.places.push(entry);
        let all_ambiguous = entry_ambiguous;
        let mut seen: Vec<&str> = Vec::new();
        for phrase in phrases {
            if seen.contains(&phrase.as_str()) {
                continue;
            }
            seen.push(phrase);
            // Only a lower-case "the" is optional: "The Hague" keeps its
            // article, as "Hague" alone is a surname.
            let rest = phrase
                .strip_prefix("the ")
                .filter(|rest| !rest.trim().is_empty());
            // A phrase also listed with "the" in front ("Arctic" beside "the
            // Arctic") is that phrase without its article, and follows the
            // same rule.
            let article = rest.is_some()
                || phrases
                    .iter()
                    .any(|other| other.strip_prefix("the ") == Some(phrase.as_str()));
            let value = PlacePhrase {
                place: index,
                article,
                ambiguous: all_ambiguous || ambiguous_names.contains(phrase),
            };
            self.phrases
                .insert(phrase, crate::common::CaseRule::AsWritten, value);
            if let Some(rest) = rest {
                if !phrases.iter().any(|other| other == rest) {
                    let value = PlacePhrase {
                        ambiguous: all_ambiguous || ambiguous_names.iter().any(|name| name == rest),
                        ..value
                    };
                    self.phrases
                        .insert(rest, crate::common::CaseRule::AsWritten, value);
                }
            }
        }
        index
    }

    pub(crate) fn finish(&mut self) {
        self.phrases.finish();
    }

    /// Every place.
    pub fn places(&self) -> &[PlaceEntry] {
        &self.places
    }

    /// Number of phrases in the matcher.
    pub fn phrase_count(&self) -> usize {
        self.phrases.len()
    }

    /// The files the places were loaded from.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// The longest place phrase at `start`, after the rule for phrases
    /// written with "the": its length in pieces and the countries of the
    /// places it may name. The actor matcher uses it to keep actor names
    /// inside a longer place name ("New Mexico", "Gulf of Mexico") from
    /// coding as actors.
    /// Callers go through [`Sentence::place_phrase_at`], which asks this
    /// once per piece.
    pub(crate) fn phrase_at(
        &self,
        sentence: &impl PlaceContext,
        start: usize,
    ) -> Option<(usize, Vec<&str>)> {
        let (length, phrases) = self.phrases.longest_in(sentence.sentence_text(), start)?;
        // Whether the words after the phrase continue a name matters only
        // for phrases written with "the", and costs two more lookups.
        let continues = OnceCell::new();
        let mut countries = Vec::new();
        let mut any = false;
        for phrase in phrases {
            if phrase.article
                && *continues.get_or_init(|| sentence.continues_name_at(start + length))
            {
                continue;
            }
            any = true;
            if let Some(country) = self
                .places
                .get(phrase.place)
                .and_then(|place| place.country.as_deref())
            {
                countries.push(country);
            }
        }
        any.then_some((length, countries))
    }

    /// The places a phrase at `start` may name, each once, in file order,
    /// with whether the phrase needs a disambiguator for that place, and
    /// the phrase's end piece; `None` when no phrase fits or the match would
    /// end inside a word.
    ///
    /// Only the pieces before `limit` are matched ("Atlanta" before the
    /// comma of "Atlanta , Georgia"), but whether the words after the phrase
    /// continue a name is told from the whole sentence.
    fn candidates_at(
        &self,
        sentence: &impl PlaceContext,
        limit: usize,
        same_token: &dyn Fn(usize) -> bool,
        start: usize,
    ) -> Option<(usize, Vec<Candidate>)> {
        let text = sentence.sentence_text();
        let (length, phrases) = self.phrases.longest_in_before(text, start, limit)?;
        let end = start + length;
        if same_token(end) {
            let next = text
                .pieces()
                .get(..limit)
                .and_then(|texts| texts.get(end))
                .copied()
                .unwrap_or("");
            if !(is_dash(next) || is_possessive(next)) {
                // The phrase ends inside a word ("Niger" in "Nigeria-").
                return None;
            }
        }
        let continues = OnceCell::new();
        let mut candidates: Vec<Candidate> = Vec::new();
        for phrase in phrases {
            if phrase.article && *continues.get_or_init(|| sentence.continues_name_at(end)) {
                continue;
            }
            match candidates
                .iter_mut()
                .find(|candidate| candidate.place == phrase.place)
            {
                // One unambiguous phrase of the place at these words is
                // enough ("Washington state" though "Washington" alone is
                // ambiguous).
                Some(candidate) => candidate.ambiguous &= phrase.ambiguous,
                None => candidates.push(Candidate {
                    place: phrase.place,
                    ambiguous: phrase.ambiguous,
                }),
            }
        }
        (!candidates.is_empty()).then_some((end, candidates))
    }

    /// The country of the places that need no disambiguator among
    /// `candidates`, when there is at least one and they agree on it; the
    /// first such place.
    fn plain_choice(&self, candidates: &[Candidate]) -> Option<usize> {
        let plain: Vec<usize> = candidates
            .iter()
            .filter(|candidate| !candidate.ambiguous)
            .map(|candidate| candidate.place)
            .collect();
        let first = *plain.first()?;
        let country = &self.places.get(first)?.country;
        plain
            .iter()
            .all(|index| {
                self.places
                    .get(*index)
                    .is_some_and(|place| &place.country == country)
            })
            .then_some(first)
    }

    /// A place that needs no disambiguator at `start`: the phrase's end and
    /// the place.
    fn plain_place_at(
        &self,
        sentence: &impl PlaceContext,
        limit: usize,
        same_token: &dyn Fn(usize) -> bool,
        start: usize,
    ) -> Option<(usize, &PlaceEntry)> {
        let (end, candidates) = self.candidates_at(sentence, limit, same_token, start)?;
        let chosen = self.plain_choice(&candidates)?;
        Some((end, self.places.get(chosen)?))
    }
}

/// A place a phrase may name, and whether the phrase needs a disambiguator
/// to name it.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    place: usize,
    ambiguous: bool,
}

/// Whether the words around a place phrase (pieces `start..end`) say which
/// of several places it is:
/// - a context phrase of the place right before it ("state of Georgia");
/// - an unambiguous place of the same country and a comma before it
///   ("Atlanta, Georgia");
/// - a comma and an unambiguous place of the same country, or the name of
///   the place's country, after it ("Birmingham, Alabama", "Hyderabad,
///   Pakistan").
struct Surroundings<'s, C> {
    places: &'s PlaceTable,
    sentence: &'s C,
    same_token: &'s dyn Fn(usize) -> bool,
}

impl<C: PlaceContext> Surroundings<'_, C> {
    fn disambiguates(&self, place_index: usize, start: usize, end: usize) -> bool {
        let (places, sentence) = (self.places, self.sentence);
        let texts = sentence.sentence_text().pieces();
        let Some(place) = places.places.get(place_index) else {
            return false;
        };
        let contexts = places
            .context_pieces
            .get(place_index)
            .map_or(&[][..], Vec::as_slice);
        for context in contexts {
            let Some(context_start) = start.checked_sub(context.len()) else {
                continue;
            };
            let before = texts.get(context_start..start).unwrap_or(&[]);
            if !context.is_empty()
                && before.len() == context.len()
                && before
                    .iter()
                    .zip(context)
                    .all(|(text, word)| text.to_lowercase() == *word)
            {
                return true;
            }
        }
        let Some(country) = place.country.as_deref() else {
            return false;
        };
        // "Atlanta , Georgia": a place of the same country ends at the comma.
        if let Some(comma) = start.checked_sub(1) {
            if texts.get(comma) == Some(&",") {
                for before_start in comma.saturating_sub(8)..comma {
                    if let Some((before_end, before)) =
                        places.plain_place_at(sentence, comma, self.same_token, before_start)
                    {
                        if before_end == comma && before.country.as_deref() == Some(country) {
                            return true;
                        }
                    }
                }
            }
        }
        // "Birmingham , Alabama" and "Hyderabad , Pakistan".
        if texts.get(end) == Some(&",") {
            let after = end + 1;
            if let Some((_, next)) =
                places.plain_place_at(sentence, texts.len(), self.same_token, after)
            {
                if next.country.as_deref() == Some(country) {
                    return true;
                }
            }
            if sentence.names_country_at(after, country) {
                return true;
            }
        }
        false
    }
}

/// A place resolved at a position of a sentence's pieces.
pub(crate) struct ResolvedPlace {
    /// The piece after the place phrase.
    pub(crate) end: usize,
    /// Index of the place in [`PlaceTable::places`].
    pub(crate) place: usize,
    /// True when the phrase names the place only thanks to a disambiguator
    /// ("Georgia" in "Atlanta , Georgia").
    pub(crate) by_disambiguator: bool,
}

impl PlaceTable {
    /// The country of a place by index.
    pub(crate) fn country_of(&self, place: usize) -> Option<&str> {
        self.places.get(place)?.country.as_deref()
    }
}

/// Resolves the place phrase at piece `first_piece`; see
/// [`crate::Dictionaries::place_at`].
pub(crate) fn resolve_place(
    places: &PlaceTable,
    sentence: &impl PlaceContext,
    same_token: &dyn Fn(usize) -> bool,
    first_piece: usize,
) -> Option<ResolvedPlace> {
    let piece_count = sentence.sentence_text().pieces().len();
    let (end, candidates) = places.candidates_at(sentence, piece_count, same_token, first_piece)?;
    // A longer actor name at the same words is not this place: "Papua" in
    // "Papua New Guinea", "Baltic" in "Baltic states".
    if sentence
        .actor_phrase_length_at(first_piece)
        .is_some_and(|length| first_piece + length > end)
    {
        return None;
    }
    let surroundings = Surroundings {
        places,
        sentence,
        same_token,
    };
    // A phrase that needs a disambiguator and has one wins ("Seattle ,
    // Washington" is the state, though the city Washington is also in the
    // United States); then the places that need none, if they agree on the
    // country; then a place of several that its surroundings pick out.
    if let Some(candidate) = candidates.iter().find(|candidate| {
        candidate.ambiguous && surroundings.disambiguates(candidate.place, first_piece, end)
    }) {
        return Some(ResolvedPlace {
            end,
            place: candidate.place,
            by_disambiguator: true,
        });
    }
    if let Some(place) = places.plain_choice(&candidates) {
        return Some(ResolvedPlace {
            end,
            place,
            by_disambiguator: false,
        });
    }
    let place = candidates
        .iter()
        .filter(|candidate| !candidate.ambiguous)
        .find(|candidate| surroundings.disambiguates(candidate.place, first_piece, end))?
        .place;
    Some(ResolvedPlace {
        end,
        place,
        by_disambiguator: true,
    })
}
