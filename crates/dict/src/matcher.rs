//! The matcher: finds the actor, agent and place phrases of one sentence
//! and puts them together into mentions resolved at a date.
//!
//! It sits above the tables: the actor and agent tables (`actors.rs`) say
//! what one entry codes as, the gazetteer (`places.rs`) what a place phrase
//! names given its surroundings, and this module prepares a sentence once
//! ([`Sentence`]) and answers both from it.

use crate::actors::{
    check_agreement, choose_actor, combine_with_agents, ActorMention, ActorPhrase, ActorTable,
    AgentEntry, AgentPhrase, AgentTable, EntityKind, MentionKind, PhraseRole, Resolved,
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

/// [`match_actors`] on a prepared sentence.
fn match_actors_in(sentence: &Sentence, date: Option<Date>) -> Vec<ActorMention> {
    let (actors, agents) = (sentence.actors, sentence.agents);
    let pieces = sentence.pieces.as_slice();
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

    let ends_cleanly = |end: usize| -> (bool, bool) {
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
    };

    let mut mentions = Vec::new();
    let mut index = 0;
    while index < found.len() {
        let Some(item) = found.get(index) else { break };
        match item {
            Found::Possessive { .. } => {
                index += 1;
            }
            Found::Actor {
                pieces: range,
                phrases,
            } => {
                let (clean_end, hyphenated) = ends_cleanly(range.end);
                if !starts_token(range.start) || !clean_end {
                    index += 1;
                    continue;
                }
                let Some((phrase, notes)) = choose_actor(actors, phrases, date) else {
                    index += 1;
                    continue;
                };
                let (kind, mut resolved) = actors.resolve_entity(phrase, date);
                resolved.notes.extend(notes);
                let mut end_piece = range.end;
                let mut next = index + 1;
                let mut possessive = false;
                if let Some(Found::Possessive { piece }) = found.get(next) {
                    if *piece == end_piece {
                        possessive = true;
                        end_piece += 1;
                        next += 1;
                    }
                }
                let entity_kind = actors.entities.get(phrase.entity).map(|entity| entity.kind);
                // A country, region, organisation or group followed by agent
                // nouns and possibly a person: "Ukrainian troops", "Russia's
                // foreign minister", "French President Emmanuel Macron",
                // "NATO chief Mark Rutte".
                let can_own_agents = !hyphenated
                    && entity_kind != Some(EntityKind::Person)
                    && !matches!(kind, MentionKind::Demonym);
                if can_own_agents {
                    let (agent_sectors, mut agent_end_piece, after_agents) =
                        collect_agents(agents, &found, next, end_piece);
                    // "NATO chief Mark Rutte": a generic word for the head of
                    // something links the organisation to the person even
                    // though it is no agent noun on its own.
                    if agent_sectors.is_empty() {
                        let linking = pieces.get(agent_end_piece).is_some_and(|piece| {
                            LINKING_TITLES.contains(&piece.text.to_lowercase().as_str())
                        });
                        if linking {
                            agent_end_piece += 1;
                        }
                    }
                    if let Some(Found::Actor {
                        pieces: person_range,
                        phrases: person_phrases,
                    }) = found.get(after_agents)
                    {
                        let is_person = person_phrases.iter().any(|p| {
                            actors
                                .entities
                                .get(p.entity)
                                .is_some_and(|e| e.kind == EntityKind::Person)
                        });
                        if is_person
                            && person_range.start == agent_end_piece
                            && (agent_end_piece > end_piece || possessive)
                        {
                            if let Some((person_phrase, person_notes)) =
                                choose_actor(actors, person_phrases, date)
                            {
                                let (person_kind, mut person) =
                                    actors.resolve_entity(person_phrase, date);
                                person.notes.extend(person_notes);
                                check_agreement(&resolved, &mut person);
                                let (_, person_hyphen) = ends_cleanly(person_range.end);
                                mentions.push(build_mention(
                                    pieces,
                                    range.start..person_range.end,
                                    person_kind,
                                    person,
                                    person_hyphen,
                                    false,
                                ));
                                index = after_agents + 1;
                                continue;
                            }
                        }
                    }
                    if !agent_sectors.is_empty() {
                        let combined = combine_with_agents(resolved, &agent_sectors);
                        let (_, agent_hyphen) = ends_cleanly(agent_end_piece);
                        mentions.push(build_mention(
                            pieces,
                            range.start..agent_end_piece,
                            MentionKind::AgentPhrase,
                            combined,
                            agent_hyphen,
                            false,
                        ));
                        index = after_agents;
                        continue;
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
                mentions.push(mention);
                index = next;
            }
            Found::Agent { pieces: range, .. } => {
                if !starts_token(range.start) {
                    index += 1;
                    continue;
                }
                let (agent_sectors, agent_end_piece, after_agents) =
                    collect_agents(agents, &found, index, range.start);
                // A title before a person: "President Putin".
                if let Some(Found::Actor {
                    pieces: person_range,
                    phrases: person_phrases,
                }) = found.get(after_agents)
                {
                    let is_person = person_phrases.iter().any(|p| {
                        actors
                            .entities
                            .get(p.entity)
                            .is_some_and(|e| e.kind == EntityKind::Person)
                    });
                    if is_person && person_range.start == agent_end_piece {
                        if let Some((person_phrase, person_notes)) =
                            choose_actor(actors, person_phrases, date)
                        {
                            let (person_kind, mut person) =
                                actors.resolve_entity(person_phrase, date);
                            person.notes.extend(person_notes);
                            let (_, person_hyphen) = ends_cleanly(person_range.end);
                            mentions.push(build_mention(
                                pieces,
                                range.start..person_range.end,
                                person_kind,
                                person,
                                person_hyphen,
                                false,
                            ));
                            index = after_agents + 1;
                            continue;
                        }
                    }
                }
                let (clean_end, hyphenated) = ends_cleanly(agent_end_piece);
                if clean_end {
                    let bare = combine_with_agents(Resolved::default(), &agent_sectors);
                    mentions.push(build_mention(
                        pieces,
                        range.start..agent_end_piece,
                        MentionKind::AgentPhrase,
                        bare,
                        hyphenated,
                        false,
                    ));
                }
                index = after_agents.max(index + 1);
            }
        }
    }
    mentions
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

/// Collects consecutive agent matches starting at `found[start]` whose
/// first piece is `expected_piece`; returns their sectors (with the
/// prefix flag), the piece after the last one, and the index after them.
fn collect_agents(
    agents: &AgentTable,
    found: &[Found],
    start: usize,
    expected_piece: usize,
) -> (Vec<(String, bool, Origin)>, usize, usize) {
    let mut sectors = Vec::new();
    let mut piece = expected_piece;
    let mut index = start;
    while let Some(Found::Agent {
        pieces: range,
        phrases,
    }) = found.get(index)
    {
        if range.start != piece {
            break;
        }
        if let Some(phrase) = phrases.first() {
            if let Some(agent) = agents.agents.get(phrase.agent) {
                let origin = Origin {
                    file: agent.origin.file.clone(),
                    line: phrase.line,
                };
                sectors.push((agent.sector.clone(), agent.prefix, origin));
            }
        }
        piece = range.end;
        index += 1;
    }
    (sectors, piece, index)
}

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

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// On a small dictionary with every place rule in it.
        #[test]
        fn matcher_agrees_with_reference_on_fixture(
            choices in sentence(fixture_phrases().len()),
            day in 0i64..4000,
        ) {
            let tokens = build_tokens(fixture_phrases(), &choices);
            let date = Date::from_ymd_opt(2015, 1, 1)
                .and_then(|start| start.checked_add_signed(chrono::Duration::days(day)));
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
            let date = Date::from_ymd_opt(2015, 1, 1)
                .and_then(|start| start.checked_add_signed(chrono::Duration::days(day)));
            compare(builtin(), &tokens, date)?;
        }
    }
}
