//! The matcher: finds the actor, agent and place phrases of one sentence
//! and puts them together into mentions resolved at a date.
//!
//! It sits above the tables: the actor and agent tables (`actors.rs`) say
//! what one entry codes as, the gazetteer (`places.rs`) what a place phrase
//! names given its surroundings, and this module prepares a sentence once
//! ([`Sentence`]) and answers both from it.

use crate::actors::{
    check_agreement, choose_actor, combine_with_agents, ActorMention, ActorPhrase, ActorTable,
    AgentEntry, AgentForm, AgentPhrase, AgentTable, EntityKind, MentionKind, ModifierEntry,
    PhraseRole, Resolved,
};
use crate::common::{
    continues_proper_name, for_each_token_piece, is_dash, is_possessive, looks_like_headline,
    Origin, SentenceText,
};
use crate::places::{resolve_place, PlaceContext, PlaceMention, PlaceTable};
use dyad_types::Date;
use std::cell::OnceCell;
use std::ops::Range;

/// A piece of the sentence: part of a token, see
/// [`crate::common::token_pieces`].
pub(crate) struct Piece<'a> {
    pub(crate) text: &'a str,
    pub(crate) token: usize,
}

/// What one step of the scan found.
enum Found<'a> {
    Actor {
        pieces: Range<usize>,
        phrases: Vec<&'a ActorPhrase>,
    },
    Agent {
        pieces: Range<usize>,
        phrases: Vec<&'a AgentPhrase>,
    },
    Possessive {
        piece: usize,
    },
}

/// Splits every token of a sentence into pieces, remembering the token.
pub(crate) fn sentence_pieces<S: AsRef<str>>(tokens: &[S]) -> Vec<Piece<'_>> {
    let mut pieces = Vec::with_capacity(tokens.len() + tokens.len() / 4);
    for (token_index, token) in tokens.iter().enumerate() {
        for_each_token_piece(token.as_ref(), |piece| {
            pieces.push(Piece {
                text: piece,
                token: token_index,
            });
        });
    }
    pieces
}

/// A place phrase's length in pieces and the countries of the places it
/// may name, as [`PlaceTable::phrase_at`] gives them.
type PlacePhraseFound<'d> = (usize, Vec<&'d str>);

/// A sentence prepared for matching, once: its pieces with the token each
/// comes from, their lower-case forms ([`SentenceText`]), whether the
/// sentence looks like a headline, and the place phrase at each piece,
/// looked up at most once however many rules ask for it. Matching asks the
/// same questions of the same pieces many times (every actor position
/// checks the place phrases around it), so they are answered here once.
pub(crate) struct Sentence<'t, 'd> {
    pub(crate) pieces: Vec<Piece<'t>>,
    pub(crate) text: SentenceText<'t>,
    pub(crate) actors: &'d ActorTable,
    pub(crate) agents: &'d AgentTable,
    pub(crate) places: &'d PlaceTable,
    headline: bool,
    /// The answer of [`PlaceTable::phrase_at`] at each piece, once asked.
    place_phrases: Vec<OnceCell<Option<PlacePhraseFound<'d>>>>,
}

impl<'t, 'd> Sentence<'t, 'd> {
    /// Splits the tokens into pieces and prepares them for matching against
    /// the given tables.
    pub(crate) fn new<S: AsRef<str>>(
        actors: &'d ActorTable,
        agents: &'d AgentTable,
        places: &'d PlaceTable,
        tokens: &'t [S],
    ) -> Self {
        let pieces = sentence_pieces(tokens);
        let text = SentenceText::new(pieces.iter().map(|piece| piece.text).collect());
        let headline = looks_like_headline(text.pieces());
        let place_phrases = (0..pieces.len()).map(|_| OnceCell::new()).collect();
        Sentence {
            pieces,
            text,
            actors,
            agents,
            places,
            headline,
            place_phrases,
        }
    }

    /// The pieces as written.
    pub(crate) fn texts(&self) -> &[&'t str] {
        self.text.pieces()
    }

    /// True when piece `piece` is the first of its token (or the first of
    /// the sentence).
    pub(crate) fn starts_token(&self, piece: usize) -> bool {
        piece == 0
            || self.pieces.get(piece - 1).map(|p| p.token)
                != self.pieces.get(piece).map(|p| p.token)
    }

    /// Tells whether the words from piece `end` on continue a longer proper
    /// name, for the rule on phrases written with a leading "the" (see
    /// [`continues_proper_name`]). A word that begins an actor or agent
    /// phrase is a name or title of its own, not the rest of the name:
    /// "Kremlin Spokesman Dmitry Peskov", "West Bank Palestinians"; but "of"
    /// followed by a capitalised word always continues it ("Gulf of
    /// Mexico").
    pub(crate) fn continues_name_at(&self, end: usize) -> bool {
        let texts = self.texts();
        if !continues_proper_name(texts, end, self.headline) {
            return false;
        }
        if texts.get(end) == Some(&"of") {
            return true;
        }
        self.actors.phrases.longest_in(&self.text, end).is_none()
            && self.agents.phrases.longest_in(&self.text, end).is_none()
    }

    /// The longest place phrase at piece `start`, as
    /// [`PlaceTable::phrase_at`] finds it, looked up once per piece.
    pub(crate) fn place_phrase_at(&self, start: usize) -> Option<(usize, Vec<&'d str>)> {
        if self.text.is_reference() {
            return self.places.phrase_at(self, start);
        }
        match self.place_phrases.get(start) {
            Some(cell) => cell
                .get_or_init(|| self.places.phrase_at(self, start))
                .clone(),
            None => self.places.phrase_at(self, start),
        }
    }
}

impl PlaceContext for Sentence<'_, '_> {
    fn sentence_text(&self) -> &SentenceText<'_> {
        &self.text
    }

    fn continues_name_at(&self, end: usize) -> bool {
        Sentence::continues_name_at(self, end)
    }

    fn actor_phrase_length_at(&self, start: usize) -> Option<usize> {
        self.actors
            .phrases
            .longest_in(&self.text, start)
            .map(|(length, _)| length)
    }

    fn names_country_at(&self, start: usize, country: &str) -> bool {
        let actors = self.actors;
        actors
            .phrases
            .longest_in(&self.text, start)
            .is_some_and(|(_, phrases)| {
                phrases.iter().any(|phrase| {
                    phrase.role == PhraseRole::Name
                        && actors.entities.get(phrase.entity).is_some_and(|entity| {
                            entity.kind == EntityKind::Country && entity.id == country
                        })
                })
            })
    }
}

/// The place phrase starting at token `start`: the longest phrase, with the
/// optional-"the" and case rules of actor names. A place marked ambiguous,
/// or a phrase shared by places of different countries, resolves only when
/// its surroundings say which place it is.
pub(crate) fn place_at<S: AsRef<str>>(
    places: &PlaceTable,
    actors: &ActorTable,
    agents: &AgentTable,
    tokens: &[S],
    start: usize,
) -> Option<PlaceMention> {
    let sentence = Sentence::new(actors, agents, places, tokens);
    place_in(&sentence, start)
}

/// [`place_at`] on a prepared sentence.
pub(crate) fn place_in(sentence: &Sentence, start: usize) -> Option<PlaceMention> {
    let pieces = &sentence.pieces;
    let first_piece = pieces.iter().position(|piece| piece.token == start)?;
    let same_token = |piece: usize| {
        piece > 0 && pieces.get(piece).map(|p| p.token) == pieces.get(piece - 1).map(|p| p.token)
    };
    let resolved = resolve_place(sentence.places, sentence, &same_token, first_piece)?;
    let chosen = sentence.places.places.get(resolved.place)?;
    let last_token = pieces.get(resolved.end.checked_sub(1)?)?.token;
    Some(PlaceMention {
        tokens: start..last_token + 1,
        name: chosen.name.clone(),
        country: chosen.country.clone(),
        kind: chosen.kind.clone(),
    })
}

/// The longest single actor phrase that starts at token `start`, resolved
/// at `date`, without combining it with agents or titles around it.
pub(crate) fn actor_at<S: AsRef<str>>(
    actors: &ActorTable,
    agents: &AgentTable,
    places: &PlaceTable,
    tokens: &[S],
    start: usize,
    date: Option<Date>,
) -> Option<ActorMention> {
    let sentence = Sentence::new(actors, agents, places, tokens);
    actor_in(&sentence, start, date)
}

/// [`actor_at`] on a prepared sentence.
fn actor_in(sentence: &Sentence, start: usize, date: Option<Date>) -> Option<ActorMention> {
    let actors = sentence.actors;
    let pieces = sentence.pieces.as_slice();
    let first_piece = pieces.iter().position(|piece| piece.token == start)?;
    let (length, phrases) = actors.phrases.longest_in(&sentence.text, first_piece)?;
    let phrases = valid_at(
        without_article_runs(sentence, first_piece + length, phrases),
        date,
    );
    if phrases.is_empty()
        || inside_blocking_phrase(sentence, &phrases, first_piece, first_piece + length)
    {
        return None;
    }
    let end = first_piece + length;
    let (last, next) = (pieces.get(end.saturating_sub(1))?, pieces.get(end));
    let hyphenated = match next {
        Some(next) if next.token == last.token => {
            if !(is_dash(next.text) || is_possessive(next.text)) {
                // The phrase ends inside a word ("Niger" in "Nigeria-").
                return None;
            }
            is_dash(next.text)
        }
        Some(next) => {
            is_dash(next.text)
                && pieces
                    .get(end + 1)
                    .is_some_and(|after| !is_dash(after.text))
        }
        None => false,
    };
    let possessive = next.is_some_and(|next| is_possessive(next.text));
    let (phrase, notes) = choose_actor(actors, &phrases, date)?;
    let (kind, mut resolved) = actors.resolve_entity(phrase, date);
    resolved.notes.extend(notes);
    let mut mention = build_mention(
        pieces,
        first_piece..end,
        kind,
        resolved,
        hyphenated,
        possessive,
    );
    mention.phrase_role = Some(phrase.role);
    Some(mention)
}

/// The longest agent phrase that starts at token `start`: its token range
/// and entry.
pub(crate) fn agent_at<'a, S: AsRef<str>>(
    agents: &'a AgentTable,
    tokens: &[S],
    start: usize,
) -> Option<(Range<usize>, &'a AgentEntry)> {
    let pieces = sentence_pieces(tokens);
    let texts: Vec<&str> = pieces.iter().map(|piece| piece.text).collect();
    let first_piece = pieces.iter().position(|piece| piece.token == start)?;
    let (length, phrases) = agents.phrases.longest_at(&texts, first_piece)?;
    let last_token = pieces.get(first_piece + length - 1)?.token;
    let entry = agents.agents.get(phrases.first()?.agent)?;
    Some((start..last_token + 1, entry))
}

/// Finds every actor mention in a sentence.
pub(crate) fn match_actors<S: AsRef<str>>(
    actors: &ActorTable,
    agents: &AgentTable,
    places: &PlaceTable,
    tokens: &[S],
    date: Option<Date>,
) -> Vec<ActorMention> {
    let sentence = Sentence::new(actors, agents, places, tokens);
    match_actors_in(&sentence, date)
}

/// Like [`match_actors`], for a phrase looked up on its own (`dyad dict
/// lookup`): a phrase of capitalised words ("Minister Tran Xuan Gia") is
/// names, not a headline in title case.
pub(crate) fn match_phrase<S: AsRef<str>>(
    actors: &ActorTable,
    agents: &AgentTable,
    places: &PlaceTable,
    tokens: &[S],
    date: Option<Date>,
) -> Vec<ActorMention> {
    let mut sentence = Sentence::new(actors, agents, places, tokens);
    sentence.headline = false;
    match_actors_in(&sentence, date)
}

/// [`match_actors`] on a prepared sentence.
fn match_actors_in(sentence: &Sentence, date: Option<Date>) -> Vec<ActorMention> {
    let (actors, agents) = (sentence.actors, sentence.agents);
    let text = &sentence.text;
    let texts = sentence.texts();

    // A match must cover whole tokens, except that a hyphen may join a
    // modifier to the next word ("Russian-backed") and a possessive may
    // follow a name ("Russia's").
    let starts_token = |piece: usize| sentence.starts_token(piece);

    // First pass: the longest actor or agent phrase at each position, left
    // to right, without overlaps. An actor phrase wins over an agent phrase
    // of the same length, because names are more specific than role nouns.
    // No actor or agent may start inside a `@not-actor` phrase ("Turkey
    // sandwich") or inside a place name longer than the actor's phrase
    // ("New Mexico", "Gulf of Mexico", "Kyiv Oblast"): those words name
    // something else. A country's own name inside a place of that country
    // still names it ("southern Lebanon", "northern Gaza").
    let mut found: Vec<Found> = Vec::new();
    let mut position = 0;
    let mut blocked_until = 0;
    let mut place_countries: Vec<&str> = Vec::new();
    while position < texts.len() {
        let piece_text = texts.get(position).copied().unwrap_or("");
        if starts_token(position) {
            if let Some((length, _)) = actors.not_actors.longest_in(text, position) {
                blocked_until = blocked_until.max(position + length);
            }
        }
        let actor = actors
            .phrases
            .longest_in(text, position)
            .and_then(|(length, phrases)| {
                let kept = without_article_runs(sentence, position + length, phrases);
                let kept = valid_at(kept, date);
                (!kept.is_empty()).then_some((length, kept))
            });
        let agent = agents.phrases.longest_in(text, position);
        let actor_length = actor.as_ref().map_or(0, |(length, _)| *length);
        let agent_length = agent.as_ref().map_or(0, |(length, _)| *length);
        if starts_token(position) {
            if let Some((place_length, countries)) = sentence.place_phrase_at(position) {
                if place_length > actor_length.max(agent_length) {
                    blocked_until = blocked_until.max(position + place_length);
                    place_countries = countries;
                }
            }
        }
        // Words that a disambiguator makes a place name the place, not the
        // actor of the same spelling: "Georgia" in "Atlanta , Georgia" is no
        // GEO, "Tripoli" in "Tripoli , Lebanon" no LBYGOV. So does a place
        // in another country than the actor's.
        let actor = actor.filter(|(length, phrases)| {
            !starts_token(position)
                || !place_overrides_actor(sentence, position, position + length, phrases)
        });
        let actor_length = actor.as_ref().map_or(0, |(length, _)| *length);
        let names_country_of_place = actor.as_ref().is_some_and(|(length, phrases)| {
            position + length <= blocked_until
                && names_country_of(actors, phrases, &place_countries)
        });
        if position < blocked_until && !names_country_of_place {
            if is_possessive(piece_text) {
                found.push(Found::Possessive { piece: position });
            }
            position += 1;
            continue;
        }
        if actor_length > 0 && actor_length >= agent_length {
            if let Some((length, phrases)) = actor {
                found.push(Found::Actor {
                    pieces: position..position + length,
                    phrases,
                });
                position += length;
                continue;
            }
        }
        if agent_length > 0 {
            if let Some((length, phrases)) = agent {
                found.push(Found::Agent {
                    pieces: position..position + length,
                    phrases,
                });
                position += length;
                continue;
            }
        }
        if is_possessive(piece_text) {
            found.push(Found::Possessive { piece: position });
        }
        position += 1;
    }

    Combiner {
        sentence,
        found: &found,
        date,
        mentions: Vec::new(),
        taken_until: 0,
    }
    .run()
}

/// Whether a match ending before piece `end` ends cleanly (at a token
/// boundary, before a hyphen or before a possessive), and whether it is a
/// hyphenated modifier ("Russian-backed").
fn ends_cleanly(pieces: &[Piece], end: usize) -> (bool, bool) {
    let (Some(last), Some(next)) = (pieces.get(end.wrapping_sub(1)), pieces.get(end)) else {
        return (true, false);
    };
    if next.token != last.token {
        // A tokenizer that splits "Russian-backed" gives the hyphen as a
        // token of its own; a word right after it makes the match a
        // hyphenated modifier.
        let dash_then_word = is_dash(next.text)
            && pieces
                .get(end + 1)
                .is_some_and(|after| !is_dash(after.text));
        return (true, dash_then_word);
    }
    if is_dash(next.text) {
        return (true, true);
    }
    (is_possessive(next.text), false)
}

/// Agent phrases in a row, read as one role ("foreign ministry
/// spokesman"), possibly after modifiers ("deputy", "former", "Labour").
struct AgentRun<'d> {
    /// Each phrase's sector, whether it is a PETRARCH prefix code, and the
    /// line that gave it.
    sectors: Vec<(String, bool, Origin)>,
    /// The piece after the last phrase.
    end: usize,
    /// The index in the found items after the last phrase.
    next: usize,
    /// A modifier that gives the role a sector ("former" → `ELI`).
    modifier: Option<&'d ModifierEntry>,
    /// How the last phrase is written (a title or singular noun may stand
    /// before a name).
    last_form: Option<AgentForm>,
}

/// Longer runs of modifiers or portfolio words than this between a country
/// and its role noun are not read as one phrase.
const MAX_MODIFIER_PIECES: usize = 4;

/// Weekday and month names, which follow a title in news ("the minister
/// Monday said") without being a name.
const CALENDAR_WORDS: [&str; 19] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Today",
];

/// Lower-case words inside personal names ("Bashar al-Assad", "Ursula von
/// der Leyen", "Luiz Inácio Lula da Silva").
const NAME_PARTICLES: [&str; 22] = [
    "al", "bin", "ibn", "bint", "ben", "abu", "el", "de", "da", "das", "do", "dos", "du", "van",
    "von", "der", "den", "la", "le", "di", "del", "della",
];

/// Prepositions that give a bare role a country: "opposition groups in
/// Zimbabwe", "the president of Armenia", "refugees from Syria".
const COUNTRY_PREPOSITIONS: [&str; 3] = ["in", "of", "from"];

fn starts_with_capital(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

/// The second pass of [`match_actors_in`]: puts the phrases found in the
/// first pass together into mentions.
struct Combiner<'s, 't, 'd> {
    sentence: &'s Sentence<'t, 'd>,
    found: &'s [Found<'d>],
    date: Option<Date>,
    mentions: Vec<ActorMention>,
    /// The piece after the last mention: rules that look back (modifiers
    /// before a role, "ethnic" before a demonym) stop there.
    taken_until: usize,
}

impl<'s, 'd> Combiner<'s, '_, 'd> {
    fn pieces(&self) -> &[Piece<'_>] {
        &self.sentence.pieces
    }

    fn text_at(&self, piece: usize) -> &str {
        self.sentence.texts().get(piece).copied().unwrap_or("")
    }

    fn push(&mut self, mention: ActorMention, end_piece: usize) {
        self.taken_until = self.taken_until.max(end_piece);
        self.mentions.push(mention);
    }

    fn run(mut self) -> Vec<ActorMention> {
        let mut index = 0;
        while index < self.found.len() {
            index = match self.found.get(index) {
                Some(Found::Actor { pieces, phrases }) => {
                    self.actor(index, pieces.clone(), phrases)
                }
                Some(Found::Agent { pieces, .. }) => self.agent(index, pieces.clone()),
                _ => index + 1,
            };
        }
        self.mentions
    }

    /// True when the found item at `index` is a person's name starting at
    /// piece `piece`.
    fn person_at(
        &self,
        index: usize,
        piece: usize,
    ) -> Option<(Range<usize>, &'s [&'d ActorPhrase])> {
        let Some(Found::Actor { pieces, phrases }) = self.found.get(index) else {
            return None;
        };
        let actors = self.sentence.actors;
        let is_person = phrases.iter().any(|phrase| {
            actors
                .entities
                .get(phrase.entity)
                .is_some_and(|entity| entity.kind == EntityKind::Person)
        });
        (is_person && pieces.start == piece).then(|| (pieces.clone(), phrases.as_slice()))
    }

    /// Agent phrases in a row starting with the found item `start`; the
    /// first may come after a gap of modifiers when `gap_from` is before
    /// its first piece ("Serbian Labour Minister").
    fn agent_run(&self, start: usize, gap_from: usize) -> AgentRun<'d> {
        let agents = self.sentence.agents;
        let mut run = AgentRun {
            sectors: Vec::new(),
            end: gap_from,
            next: start,
            modifier: None,
            last_form: None,
        };
        let mut index = start;
        while let Some(Found::Agent { pieces, phrases }) = self.found.get(index) {
            if pieces.start != run.end {
                let gap_allowed = run.sectors.is_empty()
                    && match self.modifier_gap(run.end, pieces.start) {
                        Some(modifier) => {
                            run.modifier = modifier;
                            true
                        }
                        None => false,
                    };
                if !gap_allowed {
                    break;
                }
            }
            if let Some(phrase) = phrases.first() {
                if let Some(agent) = agents.agents.get(phrase.agent) {
                    let origin = Origin {
                        file: agent.origin.file.clone(),
                        line: phrase.line,
                    };
                    run.sectors
                        .push((agent.sector.clone(), agent.prefix, origin));
                    run.last_form = Some(phrase.form);
                }
            }
            run.end = pieces.end;
            index += 1;
        }
        if run.sectors.is_empty() {
            run.end = gap_from;
            run.modifier = None;
        }
        run.next = index;
        run
    }

    /// Whether pieces `from..to`, between a country and a role noun, are
    /// words that qualify the role: `@modifier` words ("deputy", "former"),
    /// a hyphen after one ("ex-"), or, before a capitalised role noun,
    /// capitalised words and "and" naming a portfolio ("Labour Minister",
    /// "Planning and Investment Minister"). Returns the modifier that gives
    /// a sector, if any.
    fn modifier_gap(&self, from: usize, to: usize) -> Option<Option<&'d ModifierEntry>> {
        if to <= from || to - from > MAX_MODIFIER_PIECES || !self.sentence.starts_token(from) {
            return None;
        }
        let agents = self.sentence.agents;
        let capital_role = starts_with_capital(self.text_at(to));
        let mut giving_sector = None;
        let mut previous_was_modifier = false;
        for piece in from..to {
            let text = self.text_at(piece);
            if let Some(modifier) = agents.modifier(text) {
                if modifier.sector.is_some() {
                    giving_sector = Some(modifier);
                }
                previous_was_modifier = true;
                continue;
            }
            let fits = (is_dash(text) && previous_was_modifier)
                || (capital_role
                    && !self.sentence.headline
                    && (starts_with_capital(text)
                        || ((text == "and" || text == "&") && piece > from)));
            if !fits {
                return None;
            }
            previous_was_modifier = false;
        }
        Some(giving_sector)
    }

    /// A modifier that gives a sector ("former", "ousted") in the few
    /// pieces before `start`, with capitalised words or other modifiers
    /// between ("former Socialist prime minister"); the piece it is at.
    fn sector_modifier_before(&self, start: usize) -> Option<(usize, &'d ModifierEntry)> {
        let agents = self.sentence.agents;
        let floor = self
            .taken_until
            .max(start.saturating_sub(MAX_MODIFIER_PIECES));
        let mut piece = start;
        while piece > floor {
            piece -= 1;
            let text = self.text_at(piece);
            match agents.modifier(text) {
                Some(modifier) if modifier.sector.is_some() => {
                    return self
                        .sentence
                        .starts_token(piece)
                        .then_some((piece, modifier));
                }
                Some(_) => continue,
                None if is_dash(text) || starts_with_capital(text) => continue,
                None => return None,
            }
        }
        None
    }

    /// A name of one to five words after a title that the dictionary does
    /// not know ("President Eduard Shevardnadze", "the mayor Luca
    /// Pastorino"): the piece after it, and whether a possessive follows.
    fn unknown_name_after(&self, run: &AgentRun, start: usize) -> Option<(usize, bool)> {
        if self.sentence.headline
            || !matches!(run.last_form, Some(AgentForm::Singular | AgentForm::Title))
            || !self.sentence.starts_token(start)
        {
            return None;
        }
        // No found item (an actor or role phrase) may start inside the name.
        let next_found_start = self
            .found
            .get(run.next)
            .map(|item| match item {
                Found::Actor { pieces, .. } | Found::Agent { pieces, .. } => pieces.start,
                Found::Possessive { piece } => *piece,
            })
            .unwrap_or(usize::MAX);
        let pieces = self.pieces();
        let mut end = start;
        let mut words = 0;
        while end < pieces.len() && end < next_found_start && words < 6 {
            let text = self.text_at(end);
            let next = self.text_at(end + 1);
            let is_word = starts_with_capital(text)
                && text.chars().any(char::is_alphabetic)
                && !CALENDAR_WORDS.contains(&text)
                && !(end == start && self.sentence.place_phrase_at(end).is_some());
            let is_particle =
                NAME_PARTICLES.contains(&text) && (starts_with_capital(next) || is_dash(next));
            let is_joint = is_dash(text) && end > start && starts_with_capital(next);
            if !(is_word || is_particle || is_joint) {
                break;
            }
            if is_word {
                words += 1;
            }
            end += 1;
        }
        // A particle or hyphen ends no name.
        while end > start
            && (NAME_PARTICLES.contains(&self.text_at(end - 1)) || is_dash(self.text_at(end - 1)))
        {
            end -= 1;
        }
        if words == 0 {
            return None;
        }
        // The name must end at a token boundary, or before a possessive.
        let (clean, hyphenated) = ends_cleanly(pieces, end);
        if !clean || hyphenated {
            return None;
        }
        let possessive = is_possessive(self.text_at(end));
        Some((end + usize::from(possessive), possessive))
    }

    /// The country that a bare role gets from "in", "of" or "from" and a
    /// country or place right after it ("opposition groups in Zimbabwe",
    /// "the government of Sindh province"): its resolved country, the piece
    /// after the phrase, the found item after it, and a note.
    fn country_after(&self, end: usize, next: usize) -> Option<(String, usize, usize, String)> {
        let preposition = self.text_at(end).to_lowercase();
        if !COUNTRY_PREPOSITIONS.contains(&preposition.as_str()) || !self.sentence.starts_token(end)
        {
            return None;
        }
        let mut start = end + 1;
        if self.text_at(start).eq_ignore_ascii_case("the") {
            start += 1;
        }
        let actors = self.sentence.actors;
        // A country by name or capital ("in Zimbabwe", "in Kabul").
        if let Some(Found::Actor { pieces, phrases }) = self.found.get(next) {
            if pieces.start == start {
                if let Some((phrase, _)) = choose_actor(actors, phrases, self.date) {
                    let country = actors.entities.get(phrase.entity).filter(|entity| {
                        entity.kind == EntityKind::Country
                            && matches!(phrase.role, PhraseRole::Name | PhraseRole::Capital)
                    });
                    let (clean, hyphenated) = ends_cleanly(self.pieces(), pieces.end);
                    if let (Some(country), true, false) = (country, clean, hyphenated) {
                        let mut after = next + 1;
                        let mut phrase_end = pieces.end;
                        if let Some(Found::Possessive { piece }) = self.found.get(after) {
                            if *piece == phrase_end {
                                after += 1;
                                phrase_end += 1;
                            }
                        }
                        return Some((
                            country.id.clone(),
                            phrase_end,
                            after,
                            format!("the country comes from \"{preposition} {}\"", country.name),
                        ));
                    }
                }
            }
        }
        // A place of a known country ("in Hebron", "of Sindh province").
        let sentence = self.sentence;
        let same_token = |piece: usize| piece > 0 && !sentence.starts_token(piece);
        let place = resolve_place(sentence.places, sentence, &same_token, start)?;
        let (clean, hyphenated) = ends_cleanly(self.pieces(), place.end);
        if !clean || hyphenated {
            return None;
        }
        let entry = sentence.places.places.get(place.place)?;
        let country = entry.country.clone()?;
        // Skip the found items inside the place name.
        let mut after = next;
        while let Some(item) = self.found.get(after) {
            let item_start = match item {
                Found::Actor { pieces, .. } | Found::Agent { pieces, .. } => pieces.start,
                Found::Possessive { piece } => *piece,
            };
            if item_start >= place.end {
                break;
            }
            after += 1;
        }
        Some((
            country.clone(),
            place.end,
            after,
            format!(
                "the country comes from \"{preposition} {}\", a place in {country}",
                entry.name
            ),
        ))
    }

    /// A person who holds no role at the date, named after a title: the
    /// title gives the sector and the country in front (or the person's)
    /// the country. "Georgian President Eduard Shevardnadze" in 2005 codes
    /// GEOGOV; "former President X" codes the country and `ELI`.
    fn title_for_out_of_office(
        &self,
        person: Resolved,
        owner: Option<&Resolved>,
        run: &AgentRun,
    ) -> Resolved {
        if !person.out_of_office || run.sectors.is_empty() {
            return person;
        }
        let country = owner
            .and_then(|owner| owner.country.clone())
            .or_else(|| person.country.clone());
        let Some(country) = country else {
            return person;
        };
        let base = Resolved {
            code: Some(country.clone()),
            country: Some(country),
            ..Resolved::default()
        };
        let mut titled = apply_modifier(combine_with_agents(base, &run.sectors), run.modifier);
        titled.name = person.name;
        titled.out_of_office = true;
        titled.notes = person.notes;
        titled
            .notes
            .push("out of office at the date; the title in front gives the sector".to_owned());
        titled.entry = person.entry.or(titled.entry);
        titled
    }

    /// Resolves the person phrase `phrases` after a title run, with the
    /// country or organisation in front (`owner`), if any.
    fn titled_person(
        &self,
        phrases: &[&'d ActorPhrase],
        owner: Option<&Resolved>,
        run: &AgentRun,
    ) -> Option<(MentionKind, Resolved)> {
        let actors = self.sentence.actors;
        let (phrase, notes) = choose_actor(actors, phrases, self.date)?;
        let (kind, mut person) = actors.resolve_entity(phrase, self.date);
        person.notes.extend(notes);
        if let Some(owner) = owner {
            check_agreement(owner, &mut person);
        }
        Some((kind, self.title_for_out_of_office(person, owner, run)))
    }

    fn actor(&mut self, index: usize, range: Range<usize>, phrases: &[&'d ActorPhrase]) -> usize {
        let sentence = self.sentence;
        let actors = sentence.actors;
        let pieces = sentence.pieces.as_slice();
        let (clean_end, hyphenated) = ends_cleanly(pieces, range.end);
        if !sentence.starts_token(range.start) || !clean_end {
            return index + 1;
        }
        let Some((phrase, notes)) = choose_actor(actors, phrases, self.date) else {
            return index + 1;
        };
        let (kind, mut resolved) = actors.resolve_entity(phrase, self.date);
        resolved.notes.extend(notes);
        let mut end_piece = range.end;
        let mut next = index + 1;
        let mut possessive = false;
        if let Some(Found::Possessive { piece }) = self.found.get(next) {
            if *piece == end_piece {
                possessive = true;
                end_piece += 1;
                next += 1;
            }
        }
        let entity_kind = actors.entities.get(phrase.entity).map(|entity| entity.kind);
        // A country, region, organisation or group followed by agent nouns
        // and possibly a person: "Ukrainian troops", "Russia's foreign
        // minister", "French President Emmanuel Macron", "NATO chief Mark
        // Rutte". A person's roles belong to the person's country or
        // organisation: "the Trump administration", "Putin's troops".
        let person_owner = entity_kind == Some(EntityKind::Person);
        let can_own_agents = !hyphenated
            && !matches!(kind, MentionKind::Demonym)
            && (!person_owner || resolved.country.is_some() || resolved.org.is_some());
        if can_own_agents {
            let mut run = self.agent_run(next, end_piece);
            // "Bosnian Serb forces", "Iraqi Kurdish fighters": a second
            // country's adjective between a country and its roles names
            // the people, not the state; the roles are the first country's.
            if run.sectors.is_empty()
                && entity_kind == Some(EntityKind::Country)
                && phrase.role == PhraseRole::Adjective
                && !possessive
            {
                if let Some(Found::Actor {
                    pieces: people_range,
                    phrases: people_phrases,
                }) = self.found.get(next)
                {
                    let people_adjective = people_range.start == end_piece
                        && people_phrases.iter().all(|people| {
                            people.role == PhraseRole::Adjective
                                && actors
                                    .entities
                                    .get(people.entity)
                                    .is_some_and(|entity| entity.kind == EntityKind::Country)
                        })
                        && ends_cleanly(pieces, people_range.end) == (true, false);
                    if people_adjective {
                        let qualified = self.agent_run(next + 1, people_range.end);
                        if !qualified.sectors.is_empty() {
                            run = qualified;
                        }
                    }
                }
            }
            // "former Georgian President X": a modifier before the country.
            if run.modifier.is_none() && !run.sectors.is_empty() {
                run.modifier = self
                    .sector_modifier_before(range.start)
                    .filter(|(piece, _)| *piece + 2 >= range.start)
                    .map(|(_, modifier)| modifier);
            }
            // "NATO chief Mark Rutte": a generic word for the head of
            // something links the organisation to the person even though
            // it is no agent noun on its own.
            let mut title_end = run.end;
            if run.sectors.is_empty() {
                let linking = pieces.get(title_end).is_some_and(|piece| {
                    LINKING_TITLES.contains(&piece.text.to_lowercase().as_str())
                });
                if linking {
                    title_end += 1;
                }
            }
            // An organisation's office named right before a person is a
            // title: "EU High Representative Kaja Kallas".
            let office = entity_kind == Some(EntityKind::Organization)
                && actors
                    .entities
                    .get(phrase.entity)
                    .is_some_and(|entity| entity.sector.is_some());
            if let Some((person_range, person_phrases)) = self.person_at(run.next, title_end) {
                if title_end > end_piece || (possessive && !person_owner) || office {
                    if let Some((person_kind, person)) =
                        self.titled_person(person_phrases, Some(&resolved), &run)
                    {
                        let (_, person_hyphen) = ends_cleanly(pieces, person_range.end);
                        let mention = build_mention(
                            pieces,
                            range.start..person_range.end,
                            person_kind,
                            person,
                            person_hyphen,
                            false,
                        );
                        self.push(mention, person_range.end);
                        return run.next + 1;
                    }
                }
            }
            if !run.sectors.is_empty() {
                let owner = if person_owner {
                    owner_of_person(&resolved)
                } else {
                    resolved
                };
                let combined =
                    apply_modifier(combine_with_agents(owner, &run.sectors), run.modifier);
                // "Georgian President Eduard Shevardnadze": a title and a
                // name the dictionary does not know.
                if let Some((name_end, name_possessive)) = self.unknown_name_after(&run, run.end) {
                    let mut person = combined;
                    person.notes.push(
                        "a title and a name the dictionary does not know: coded by the title"
                            .to_owned(),
                    );
                    let mut mention = build_mention(
                        pieces,
                        range.start..name_end,
                        MentionKind::Person,
                        person,
                        false,
                        name_possessive,
                    );
                    mention.name = None;
                    self.push(mention, name_end);
                    return run.next;
                }
                let (_, agent_hyphen) = ends_cleanly(pieces, run.end);
                let mention = build_mention(
                    pieces,
                    range.start..run.end,
                    MentionKind::AgentPhrase,
                    combined,
                    agent_hyphen,
                    false,
                );
                self.push(mention, run.end);
                return run.next;
            }
            // "the British Red Cross", "Iranian Red Crescent": a country's
            // adjective before an international NGO names its national
            // society, an NGO of that country.
            if entity_kind == Some(EntityKind::Country)
                && phrase.role == PhraseRole::Adjective
                && !possessive
            {
                if let Some(Found::Actor {
                    pieces: org_range,
                    phrases: org_phrases,
                }) = self.found.get(next)
                {
                    let ngo = choose_actor(actors, org_phrases, self.date).and_then(|(org, _)| {
                        actors.entities.get(org.entity).filter(|entity| {
                            entity.kind == EntityKind::Organization
                                && entity.country.is_none()
                                && entity
                                    .code
                                    .as_deref()
                                    .is_some_and(|code| code.starts_with("NGO"))
                        })
                    });
                    let (clean, org_hyphen) = ends_cleanly(pieces, org_range.end);
                    if let (Some(ngo), true, false, true) =
                        (ngo, clean, org_hyphen, org_range.start == end_piece)
                    {
                        let country = resolved.country.clone().unwrap_or_default();
                        let society = Resolved {
                            code: Some(format!("{country}NGO")),
                            country: Some(country.clone()),
                            sector: Some("NGO".to_owned()),
                            name: Some(ngo.name.clone()),
                            entry: resolved.entry.clone(),
                            notes: vec![format!(
                                "a national society of {}: an NGO of {country}",
                                ngo.name
                            )],
                            ..Resolved::default()
                        };
                        let mention = build_mention(
                            pieces,
                            range.start..org_range.end,
                            MentionKind::Organization,
                            society,
                            false,
                            false,
                        );
                        self.push(mention, org_range.end);
                        return next + 1;
                    }
                }
            }
            // "Bosnian Serbs", "Kosovo Albanians": a country, then the word
            // for another country's people, are people of the first country.
            let owner_is_country = entity_kind == Some(EntityKind::Country)
                && matches!(phrase.role, PhraseRole::Adjective | PhraseRole::Name)
                && !possessive;
            if owner_is_country {
                if let Some(Found::Actor {
                    pieces: people_range,
                    phrases: people_phrases,
                }) = self.found.get(next)
                {
                    let demonym = people_phrases
                        .iter()
                        .all(|people| people.role == PhraseRole::Demonym);
                    let (clean, people_hyphen) = ends_cleanly(pieces, people_range.end);
                    if demonym && people_range.start == end_piece && clean && !people_hyphen {
                        let mut people = resolved;
                        let country = people.country.clone().unwrap_or_default();
                        people.code = Some(format!("{country}CVL"));
                        people.sector = Some("CVL".to_owned());
                        people.notes.push(format!(
                            "people named by another country's word, living in {country}"
                        ));
                        let mention = build_mention(
                            pieces,
                            range.start..people_range.end,
                            MentionKind::Demonym,
                            people,
                            false,
                            false,
                        );
                        self.push(mention, people_range.end);
                        return next + 1;
                    }
                }
            }
        }
        // "ethnic Albanians": an ethnic group, whose country is the one
        // they live in, which the words do not say.
        if kind == MentionKind::Demonym && range.start > self.taken_until {
            let before = range.start - 1;
            if self.text_at(before).eq_ignore_ascii_case("ethnic") {
                let people = Resolved {
                    code: Some("CVL".to_owned()),
                    sector: Some("CVL".to_owned()),
                    name: resolved.name.clone(),
                    entry: resolved.entry.clone(),
                    notes: vec![format!(
                        "an ethnic group: {} is their origin, not the country they live in, \
                         which the words do not say",
                        resolved.country.as_deref().unwrap_or("-")
                    )],
                    ..Resolved::default()
                };
                let mention = build_mention(
                    pieces,
                    before..end_piece,
                    MentionKind::AgentPhrase,
                    people,
                    false,
                    possessive,
                );
                self.push(mention, end_piece);
                return next;
            }
        }
        let mut mention = build_mention(
            pieces,
            range.start..range.end,
            kind,
            resolved,
            hyphenated,
            possessive,
        );
        mention.phrase_role = Some(phrase.role);
        self.push(mention, end_piece);
        next
    }

    fn agent(&mut self, index: usize, range: Range<usize>) -> usize {
        let sentence = self.sentence;
        let pieces = sentence.pieces.as_slice();
        // A role may start inside a token only after a modifier joined to
        // it by a hyphen: "ex-President".
        let joined_modifier = range.start >= 2
            && is_dash(self.text_at(range.start - 1))
            && sentence.starts_token(range.start - 2)
            && sentence
                .agents
                .modifier(self.text_at(range.start - 2))
                .is_some();
        if !sentence.starts_token(range.start) && !joined_modifier {
            return index + 1;
        }
        let mut run = self.agent_run(index, range.start);
        // "former President X", "ousted President Y".
        let mut start = range.start;
        if let Some((piece, modifier)) = self.sector_modifier_before(range.start) {
            run.modifier = Some(modifier);
            start = piece;
        } else if joined_modifier {
            start = range.start - 2;
        }
        // A title before a person: "President Putin".
        if let Some((person_range, person_phrases)) = self.person_at(run.next, run.end) {
            if let Some((person_kind, person)) = self.titled_person(person_phrases, None, &run) {
                let (_, person_hyphen) = ends_cleanly(pieces, person_range.end);
                let mention = build_mention(
                    pieces,
                    start..person_range.end,
                    person_kind,
                    person,
                    person_hyphen,
                    false,
                );
                self.push(mention, person_range.end);
                return run.next + 1;
            }
        }
        let bare = apply_modifier(
            combine_with_agents(Resolved::default(), &run.sectors),
            run.modifier,
        );
        // "President Bill Clinton", "the mayor Luca Pastorino", and with
        // the country after the name, "King Hassan of Morocco".
        if let Some((name_end, name_possessive)) = self.unknown_name_after(&run, run.end) {
            let of_country = (!name_possessive)
                .then(|| self.country_after(name_end, run.next))
                .flatten()
                .filter(|(_, _, _, note)| note.starts_with("the country comes from \"of "));
            let (mut person, end, after) = match of_country {
                Some((country, phrase_end, after, note)) => {
                    let base = Resolved {
                        code: Some(country.clone()),
                        country: Some(country),
                        ..Resolved::default()
                    };
                    let mut located =
                        apply_modifier(combine_with_agents(base, &run.sectors), run.modifier);
                    located.notes.push(note);
                    (located, phrase_end, after)
                }
                None => (bare, name_end, run.next),
            };
            person.notes.push(
                "a title and a name the dictionary does not know: coded by the title".to_owned(),
            );
            let mention = build_mention(
                pieces,
                start..end,
                MentionKind::Person,
                person,
                false,
                name_possessive,
            );
            self.push(mention, end);
            return after.max(index + 1);
        }
        // "opposition groups in Zimbabwe", "the president of Armenia"; but
        // not the first of a list ("leaders of Britain, France and
        // Germany"), whose members the coder takes apart.
        let located = self
            .country_after(run.end, run.next)
            .filter(|(_, phrase_end, _, _)| {
                !matches!(self.text_at(*phrase_end), "," | "and" | "or" | "&")
            });
        if let Some((country, phrase_end, after, note)) = located {
            let base = Resolved {
                code: Some(country.clone()),
                country: Some(country),
                ..Resolved::default()
            };
            let mut located = apply_modifier(combine_with_agents(base, &run.sectors), run.modifier);
            located.notes.push(note);
            let mut mention = build_mention(
                pieces,
                start..phrase_end,
                MentionKind::AgentPhrase,
                located,
                false,
                false,
            );
            // The role noun ends the run, before the preposition: the
            // coder reads the sentence's syntax from that word, and the
            // place may belong to the verb instead ("detained journalists
            // in Cairo").
            mention.role_token = run
                .end
                .checked_sub(1)
                .and_then(|piece| pieces.get(piece))
                .map(|piece| piece.token)
                .or(mention.role_token);
            self.push(mention, phrase_end);
            return after.max(index + 1);
        }
        let (clean_end, hyphenated) = ends_cleanly(pieces, run.end);
        if clean_end {
            let mention = build_mention(
                pieces,
                start..run.end,
                MentionKind::AgentPhrase,
                bare,
                hyphenated,
                false,
            );
            self.push(mention, run.end);
        }
        run.next.max(index + 1)
    }
}

/// What a person's roles belong to: the country they code as (without
/// their own sector: "Putin's troops" are `RUSMIL`), or their
/// organisation's code.
fn owner_of_person(person: &Resolved) -> Resolved {
    let code = match (&person.country, &person.org) {
        (Some(country), _) => Some(country.clone()),
        (None, Some(_)) => person.code.clone(),
        (None, None) => None,
    };
    Resolved {
        code,
        country: person.country.clone(),
        org: person.org.clone(),
        notes: person.notes.clone(),
        entry: person.entry.clone(),
        date_range: person.date_range,
        ..Resolved::default()
    }
}

/// Gives a role the sector of a modifier in front of it, where the
/// modifier applies to the role's sector: "former President" is `ELI`, a
/// former office holder.
fn apply_modifier(mut resolved: Resolved, modifier: Option<&ModifierEntry>) -> Resolved {
    let Some(modifier) = modifier else {
        return resolved;
    };
    let Some(sector) = &modifier.sector else {
        return resolved;
    };
    let applies = resolved.sector.as_ref().is_some_and(|current| {
        modifier.applies_to.is_empty() || modifier.applies_to.contains(current)
    });
    if !applies {
        return resolved;
    }
    resolved.code = match (&resolved.country, &resolved.org, &resolved.code) {
        (Some(country), _, _) => Some(format!("{country}{sector}")),
        (None, Some(_), code) => code.clone(),
        (None, None, _) => Some(sector.clone()),
    };
    resolved.notes.push(format!(
        "{}: {} instead of {}",
        modifier.name,
        sector,
        resolved.sector.as_deref().unwrap_or("-")
    ));
    resolved.sector = Some(sector.clone());
    resolved
}

/// Keeps the phrases valid at `date`: all but the dated aliases whose range
/// does not contain it. Without a date, a dated alias counts while it is
/// open-ended (the current holder of a title).
fn valid_at(mut phrases: Vec<&ActorPhrase>, date: Option<Date>) -> Vec<&ActorPhrase> {
    phrases.retain(|phrase| match (phrase.dates, date) {
        (None, _) => true,
        (Some(range), Some(date)) => range.contains(date),
        (Some(range), None) => range.to.is_none(),
    });
    phrases
}

/// Drops the phrases written with a leading "the" ("the West", "the
/// Gulf") when the words after the match continue a longer proper name
/// ("West Virginia", "Gulf of Aden"): there the words name something else.
fn without_article_runs<'a>(
    sentence: &Sentence,
    end: usize,
    mut phrases: Vec<&'a ActorPhrase>,
) -> Vec<&'a ActorPhrase> {
    if phrases.iter().any(|phrase| phrase.article) && sentence.continues_name_at(end) {
        phrases.retain(|phrase| !phrase.article);
    }
    phrases
}

/// True when a place phrase covering exactly pieces `start..end` names a
/// place there that the actor phrases cannot stand for: a place that needs
/// a disambiguator and has one, or a place in a country none of the actor
/// phrases belongs to.
fn place_overrides_actor(
    sentence: &Sentence,
    start: usize,
    end: usize,
    phrases: &[&ActorPhrase],
) -> bool {
    let (actors, places) = (sentence.actors, sentence.places);
    // Cheap test first: most actor names are no place of the same length.
    if sentence
        .place_phrase_at(start)
        .is_none_or(|(length, _)| start + length != end)
    {
        return false;
    }
    let same_token = |piece: usize| piece > 0 && !sentence.starts_token(piece);
    let Some(place) = resolve_place(places, sentence, &same_token, start) else {
        return false;
    };
    if place.end != end {
        return false;
    }
    if place.by_disambiguator {
        return true;
    }
    let Some(place_country) = places.country_of(place.place) else {
        return false;
    };
    let actor_countries: Vec<&str> = phrases
        .iter()
        .filter_map(|phrase| actors.entities.get(phrase.entity))
        .filter_map(|entity| entity.country.as_deref())
        .collect();
    !actor_countries.is_empty() && !actor_countries.contains(&place_country)
}

/// True when every phrase names a country, by its name, adjective, word for
/// its people or seat of power ("10 Downing Street"), that is one of
/// `countries`. A capital inside a longer place name is not the government
/// ("Kyiv Oblast", "Moscow region").
fn names_country_of(actors: &ActorTable, phrases: &[&ActorPhrase], countries: &[&str]) -> bool {
    !phrases.is_empty()
        && phrases.iter().all(|phrase| {
            matches!(
                phrase.role,
                PhraseRole::Name
                    | PhraseRole::Adjective
                    | PhraseRole::Demonym
                    | PhraseRole::Seat(_)
            ) && actors.entities.get(phrase.entity).is_some_and(|entity| {
                entity.kind == EntityKind::Country && countries.contains(&entity.id.as_str())
            })
        })
}

/// True when an actor phrase at pieces `start..end` lies inside a
/// `@not-actor` phrase, or inside a longer place name, that starts at or
/// before it; such words are not an actor (see [`match_actors`]).
fn inside_blocking_phrase(
    sentence: &Sentence,
    phrases: &[&ActorPhrase],
    start: usize,
    end: usize,
) -> bool {
    let actors = sentence.actors;
    // Longer names than eight pieces do not occur in the dictionaries.
    for from in start.saturating_sub(8)..=start {
        if !sentence.starts_token(from) {
            continue;
        }
        if let Some((length, _)) = actors.not_actors.longest_in(&sentence.text, from) {
            if from + length > start {
                return true;
            }
        }
        if let Some((place_length, countries)) = sentence.place_phrase_at(from) {
            if from + place_length >= end
                && place_length > end - start
                && !names_country_of(actors, phrases, &countries)
            {
                return true;
            }
        }
    }
    false
}

/// Words for "the head of" that join a country or organisation to the
/// person after them ("NATO chief Mark Rutte", "UN boss António Guterres")
/// without coding anything by themselves.
const LINKING_TITLES: [&str; 4] = ["chief", "head", "boss", "leader"];

fn build_mention(
    pieces: &[Piece],
    piece_range: Range<usize>,
    kind: MentionKind,
    resolved: Resolved,
    hyphenated_modifier: bool,
    possessive: bool,
) -> ActorMention {
    let first_token = pieces.get(piece_range.start).map_or(0, |piece| piece.token);
    let last_token = pieces
        .get(piece_range.end.saturating_sub(1))
        .map_or(first_token, |piece| piece.token);
    let mut text = String::new();
    let mut previous_token = None;
    for piece in pieces.get(piece_range).unwrap_or(&[]) {
        if previous_token.is_some() && previous_token != Some(piece.token) {
            text.push(' ');
        }
        text.push_str(piece.text);
        previous_token = Some(piece.token);
    }
    ActorMention {
        tokens: first_token..last_token + 1,
        text,
        kind,
        code: resolved.code,
        country: resolved.country,
        org: resolved.org,
        sector: resolved.sector,
        name: resolved.name,
        entry: resolved.entry,
        date_range: resolved.date_range,
        hyphenated_modifier,
        possessive,
        notes: resolved.notes,
        title: resolved.title,
        phrase_role: None,
        role_token: (kind == MentionKind::AgentPhrase).then_some(last_token),
    }
}

#[cfg(test)]
mod tests {
    //! The matcher with its indexes and per-sentence caches must find
    //! exactly what the straightforward reference finds: every phrase
    //! tried at every piece with string comparisons, and the place phrase
    //! looked up anew each time it is asked for.

    use super::*;
    use crate::Dictionaries;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn builtin() -> &'static Dictionaries {
        static BUILTIN: OnceLock<Dictionaries> = OnceLock::new();
        BUILTIN.get_or_init(|| Dictionaries::builtin().0)
    }

    /// A small dictionary of fictional actors and places, with ambiguous
    /// places and disambiguators, on top of the built-in agents.
    fn fixture() -> &'static Dictionaries {
        static FIXTURE: OnceLock<Dictionaries> = OnceLock::new();
        FIXTURE.get_or_init(|| {
            let actors = include_str!("../tests/data/fixture.dict");
            let places = include_str!("../tests/data/places_fixture.dict");
            Dictionaries::from_texts(
                None,
                &[("fixture.dict", actors), ("places_fixture.dict", places)],
                None,
                None,
            )
            .0
        })
    }

    /// Every phrase of the actor, agent, not-actor and place indexes, as
    /// the pieces it is written with.
    fn dictionary_phrases(dictionaries: &Dictionaries) -> Vec<Vec<String>> {
        let mut phrases = Vec::new();
        phrases.extend_from_slice(dictionaries.actors.phrases.reference_phrases());
        phrases.extend_from_slice(dictionaries.actors.not_actors.reference_phrases());
        phrases.extend_from_slice(dictionaries.agents.phrases.reference_phrases());
        phrases.extend_from_slice(dictionaries.places.phrases.reference_phrases());
        phrases
    }

    /// Words around names in news text, and pieces that the case, hyphen,
    /// possessive and disambiguation rules look at.
    const NOISE: [&str; 24] = [
        ",",
        "the",
        "The",
        "of",
        "OF",
        "'s",
        "’s",
        "-",
        "–",
        "said",
        "in",
        "state",
        "province",
        "city",
        "troops",
        "minister",
        "President",
        "chief",
        "Ukraine's",
        "U.S.-led",
        "é",
        "ΣΑΣ",
        "",
        "talks",
    ];

    /// Writes a phrase's pieces as tokens: as written, in lower case or in
    /// capitals, and with its hyphens and possessives either glued to the
    /// word before or as tokens of their own.
    fn tokens_of(pieces: &[String], case: u8, glue: bool) -> Vec<String> {
        let mut tokens: Vec<String> = Vec::new();
        for piece in pieces {
            let piece = match case {
                1 => piece.to_lowercase(),
                2 => piece.to_uppercase(),
                _ => piece.clone(),
            };
            let attaches = is_dash(&piece) || is_possessive(&piece);
            match tokens.last_mut() {
                Some(last) if glue && attaches => last.push_str(&piece),
                _ => tokens.push(piece),
            }
        }
        tokens
    }

    /// A sentence made of dictionary phrases (in some spelling) and noise.
    fn sentence(phrase_count: usize) -> impl Strategy<Value = Vec<(bool, usize, u8, bool)>> {
        proptest::collection::vec(
            (
                proptest::bool::weighted(0.6),
                0..phrase_count.max(1),
                prop_oneof![4 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)],
                proptest::bool::ANY,
            ),
            0..9,
        )
    }

    fn build_tokens(phrases: &[Vec<String>], choices: &[(bool, usize, u8, bool)]) -> Vec<String> {
        let mut tokens = Vec::new();
        for (from_dictionary, index, case, glue) in choices {
            match phrases.get(*index) {
                Some(pieces) if *from_dictionary => tokens.extend(tokens_of(pieces, *case, *glue)),
                _ => tokens.push(
                    NOISE
                        .get(index % NOISE.len())
                        .copied()
                        .unwrap_or("")
                        .to_owned(),
                ),
            }
        }
        tokens
    }

    /// Matches the tokens with the indexes and with the reference, and
    /// compares every answer: the sentence's mentions, and the actor and
    /// place at each token.
    fn compare(
        dictionaries: &Dictionaries,
        tokens: &[String],
        date: Option<Date>,
    ) -> Result<(), TestCaseError> {
        let prepare = |reference: bool| {
            let mut sentence = Sentence::new(
                &dictionaries.actors,
                &dictionaries.agents,
                &dictionaries.places,
                tokens,
            );
            sentence.text.reference = reference;
            sentence
        };
        let (fast, reference) = (prepare(false), prepare(true));
        prop_assert_eq!(
            match_actors_in(&fast, date),
            match_actors_in(&reference, date),
            "{:?}",
            tokens
        );
        for start in 0..=tokens.len() {
            prop_assert_eq!(
                actor_in(&fast, start, date),
                actor_in(&reference, start, date),
                "actor at {} in {:?}",
                start,
                tokens
            );
            prop_assert_eq!(
                place_in(&fast, start),
                place_in(&reference, start),
                "place at {} in {:?}",
                start,
                tokens
            );
        }
        Ok(())
    }

    fn built_in_phrases() -> &'static [Vec<String>] {
        static PHRASES: OnceLock<Vec<Vec<String>>> = OnceLock::new();
        PHRASES.get_or_init(|| dictionary_phrases(builtin()))
    }

    fn fixture_phrases() -> &'static [Vec<String>] {
        static PHRASES: OnceLock<Vec<Vec<String>>> = OnceLock::new();
        PHRASES.get_or_init(|| dictionary_phrases(fixture()))
    }

    #[test]
    fn the_reference_is_not_the_index() {
        // The reference answers from its own copy of the phrases; a
        // sentence matched both ways must not share the place cache.
        let dictionaries = fixture();
        let tokens = ["Atlanta", ",", "Valoria"];
        let mut sentence = Sentence::new(
            &dictionaries.actors,
            &dictionaries.agents,
            &dictionaries.places,
            &tokens,
        );
        sentence.text.reference = true;
        assert!(sentence.text.is_reference());
        let _ = sentence.place_phrase_at(2);
        assert!(sentence
            .place_phrases
            .iter()
            .all(|cell| cell.get().is_none()));
        assert!(!dictionaries.actors.phrases.reference_phrases().is_empty());
    }

    /// A document date `day` days into 2015 and after, so that generated
    /// sentences fall on both sides of the dictionaries' date ranges.
    fn days_after_2015(day: i64) -> Option<Date> {
        Date::from_ymd_opt(2015, 1, 1)
            .and_then(|start| start.checked_add_signed(chrono::Duration::days(day)))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// On a small dictionary with every place rule in it.
        #[test]
        fn matcher_agrees_with_reference_on_fixture(
            choices in sentence(fixture_phrases().len()),
            day in 0i64..4000,
        ) {
            let tokens = build_tokens(fixture_phrases(), &choices);
            let date = days_after_2015(day);
            compare(fixture(), &tokens, date)?;
        }
    }

    proptest! {
        // The reference tries every built-in phrase at every piece, which
        // is slow; fewer cases keep the test short.
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// On the built-in dictionaries.
        #[test]
        fn matcher_agrees_with_reference_on_builtin(
            choices in sentence(built_in_phrases().len()),
            day in 0i64..4000,
        ) {
            let tokens = build_tokens(built_in_phrases(), &choices);
            let date = days_after_2015(day);
            compare(builtin(), &tokens, date)?;
        }
    }
}
