//! Actors and agents: the compiled tables and the matcher that finds actor
//! mentions in a sentence's tokens, resolved at a date.

use crate::common::{
    continues_proper_name, for_each_token_piece, is_dash, is_possessive, CaseRule, DateRange,
    Origin, PhraseIndex, SentenceText,
};
use crate::places::{looks_like_headline, resolve_place, PlaceTable};
use dyad_types::{ActorRef, Date};
use rustc_hash::FxHashMap as HashMap;
use std::cell::OnceCell;
use std::ops::Range;

/// What kind of thing an actor entry describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    /// A state (`@country`).
    Country,
    /// A region used as an actor (`@region`).
    Region,
    /// An international organisation or one of its bodies (`@org`).
    Organization,
    /// A non-state armed group or movement (`@group`).
    Group,
    /// A person whose offices make them an actor (`@person`).
    Person,
    /// An entry of a PETRARCH/TABARI actor dictionary.
    PetrarchActor,
}

/// One dated office of a person: who they code as, from when to when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// ISO3 country code or organisation id the person acts for.
    pub actor: String,
    /// Sector code (`GOV`, `MIL`), or `None` for `-`.
    pub sector: Option<String>,
    /// When the person held the office (inclusive).
    pub dates: DateRange,
    /// The office in lower case ("president", "secretary general").
    pub title: String,
    /// Where the role is written.
    pub origin: Origin,
}

/// A code valid in a date range, as in PETRARCH's `[CODE >date]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    /// The actor code.
    pub code: String,
    /// When the code applies (inclusive); [`DateRange::ALWAYS`] when undated.
    pub dates: DateRange,
    /// Where the code is written.
    pub origin: Origin,
}

/// One actor entry: a country, region, organisation, group, person or
/// PETRARCH actor, with everything needed to code it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntity {
    /// The entry's id (ISO3, region code, organisation id, slug), or for a
    /// PETRARCH actor its primary phrase.
    pub id: String,
    /// Canonical display name.
    pub name: String,
    /// What kind of entry this is.
    pub kind: EntityKind,
    /// Explicit CAMEO-style code, when the entry gives one.
    pub code: Option<String>,
    /// ISO3 country the entry belongs to.
    pub country: Option<String>,
    /// Organisation id (for organisations, their own id).
    pub org: Option<String>,
    /// Sector code.
    pub sector: Option<String>,
    /// Parent organisation id (the European Commission's parent is `EU`).
    pub parent: Option<String>,
    /// Region codes a country belongs to.
    pub regions: Vec<String>,
    /// Dated offices of a person.
    pub roles: Vec<Role>,
    /// Dated codes of a PETRARCH actor.
    pub dated_codes: Vec<DatedCode>,
    /// When a group existed, if known.
    pub active: Option<DateRange>,
    /// Where the entry's header is written.
    pub origin: Origin,
}

/// How a phrase refers to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhraseRole {
    /// A name of the entry.
    Name,
    /// A short form of a person's name (usually the surname).
    Alias,
    /// A country's or region's adjective ("Ukrainian").
    Adjective,
    /// A word for a country's people ("Ukrainians"): codes as `CVL`.
    Demonym,
    /// A capital used for the government ("Kyiv").
    Capital,
    /// A seat of power used as a metonym; the index points into the actor
    /// table's list of seat sectors.
    Seat(usize),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ActorPhrase {
    pub(crate) entity: usize,
    pub(crate) role: PhraseRole,
    pub(crate) line: u64,
    /// The phrase was written with a leading "the" ("the West"); it is
    /// indexed with and without it, and must not run into a longer proper
    /// name ("West Virginia").
    pub(crate) article: bool,
    /// For a dated alias, the days on which the phrase names this entry
    /// ("the Pope" names each pope only while in office).
    pub(crate) dates: Option<DateRange>,
}

/// An agent noun: a role word that gives a sector code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentEntry {
    /// The sector code (`MIL`), or for PETRARCH agents the code without
    /// its `~` (`MIL`, `GOVLEG`).
    pub sector: String,
    /// True when the PETRARCH code is written `X~`: the code is put in
    /// front of the actor code instead of after it (`IGO~`).
    pub prefix: bool,
    /// Display name of the agent entry.
    pub name: String,
    /// Where the entry is written.
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct AgentPhrase {
    pub(crate) agent: usize,
    pub(crate) line: u64,
}

/// The compiled actor dictionary: entries and the phrase index over them.
#[derive(Default)]
pub struct ActorTable {
    pub(crate) entities: Vec<ActorEntity>,
    pub(crate) phrases: PhraseIndex<ActorPhrase>,
    pub(crate) by_id: HashMap<String, usize>,
    /// Sectors of the `seat:` metonyms, indexed by [`PhraseRole::Seat`].
    pub(crate) seat_sectors: Vec<String>,
    /// Phrases that are not actors (`@not-actor`, "Turkey sandwich"); no
    /// actor or agent match may start inside one. The value is the line.
    pub(crate) not_actors: PhraseIndex<u64>,
    /// Which files the entries come from.
    pub(crate) files: Vec<String>,
}

/// The compiled agent dictionary.
#[derive(Default)]
pub struct AgentTable {
    pub(crate) agents: Vec<AgentEntry>,
    pub(crate) phrases: PhraseIndex<AgentPhrase>,
    pub(crate) files: Vec<String>,
}

impl ActorTable {
    pub(crate) fn add_entity(&mut self, entity: ActorEntity) -> usize {
        let index = self.entities.len();
        // PETRARCH actors are never looked up by id (roles name countries
        // and organisations of dyad's format), so they are not indexed.
        if entity.kind != EntityKind::PetrarchActor && !self.by_id.contains_key(&entity.id) {
            self.by_id.insert(entity.id.clone(), index);
        }
        self.entities.push(entity);
        index
    }

    pub(crate) fn add_phrase(&mut self, phrase: &str, rule: CaseRule, value: ActorPhrase) {
        // "the Kremlin" is also written without its article ("Kremlin
        // officials"), so a leading "the" is optional.
        let rest = phrase
            .strip_prefix("the ")
            .or_else(|| phrase.strip_prefix("The "))
            .filter(|rest| !rest.trim().is_empty());
        let value = ActorPhrase {
            article: rest.is_some(),
            ..value
        };
        self.phrases.insert(phrase, rule, value);
        if let Some(rest) = rest {
            self.phrases.insert(rest, rule, value);
        }
    }

    pub(crate) fn finish(&mut self) {
        self.phrases.finish();
        self.not_actors.finish();
    }

    /// Every actor entry.
    pub fn entities(&self) -> &[ActorEntity] {
        &self.entities
    }

    /// The entry with this id (ISO3, organisation id, person slug).
    pub fn entity(&self, id: &str) -> Option<&ActorEntity> {
        self.by_id
            .get(id)
            .and_then(|index| self.entities.get(*index))
    }

    /// Number of phrases in the matcher.
    pub fn phrase_count(&self) -> usize {
        self.phrases.len()
    }
}

impl AgentTable {
    /// Every agent entry.
    pub fn agents(&self) -> &[AgentEntry] {
        &self.agents
    }

    /// Number of phrases in the matcher (plurals included).
    pub fn phrase_count(&self) -> usize {
        self.phrases.len()
    }
}

/// What a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// A state by name ("Ukraine") or adjective ("Ukrainian").
    Country,
    /// A region ("Europe", "the West").
    Region,
    /// An international organisation ("NATO", "the European Commission").
    Organization,
    /// A non-state armed group.
    Group,
    /// A person, with or without a title in front.
    Person,
    /// A capital or seat of power standing for a government ("Kyiv", "the Kremlin").
    Metonym,
    /// A word for a country's people ("Ukrainians").
    Demonym,
    /// An agent noun with its actor ("Ukrainian troops", "Russia's foreign
    /// minister") or on its own ("the army": sector only).
    AgentPhrase,
    /// An entry of a PETRARCH actor dictionary.
    PetrarchActor,
}

/// One actor found in a sentence, resolved at a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMention {
    /// Token range in the sentence (indices into the tokens passed in).
    pub tokens: Range<usize>,
    /// The matched words, joined by single spaces.
    pub text: String,
    /// What the mention names.
    pub kind: MentionKind,
    /// CAMEO-style actor code (`USAGOV`, `UKRMIL`, `IGOWSTNAT`), or `None`
    /// when nothing codes at the date (a person out of office, a bare agent).
    pub code: Option<String>,
    /// ISO3 country.
    pub country: Option<String>,
    /// Organisation id.
    pub org: Option<String>,
    /// Sector code.
    pub sector: Option<String>,
    /// Canonical name of the actor entry (for agent phrases, of the actor
    /// the agent belongs to, if any).
    pub name: Option<String>,
    /// The dictionary entry that decided the code (`file:line`): the role
    /// line for a person, the dated code for a PETRARCH actor, otherwise the
    /// phrase's line.
    pub entry: Option<Origin>,
    /// The date range of the deciding entry, for dated entries.
    pub date_range: Option<DateRange>,
    /// True when the mention is a modifier joined by a hyphen
    /// ("Russian-backed", "U.S.-led").
    pub hyphenated_modifier: bool,
    /// True when the mention is followed by a possessive `'s`.
    pub possessive: bool,
    /// Remarks on how the mention was resolved (ambiguities, a title that
    /// disagrees with the person's country, no role at the date).
    pub notes: Vec<String>,
    /// For a person, the title of the role valid at the date ("president").
    pub title: Option<String>,
    /// How the matched phrase refers to its entry (name, adjective, capital,
    /// ...), for mentions made of a single dictionary phrase; `None` for
    /// combined mentions (agent phrases, title plus person).
    pub phrase_role: Option<PhraseRole>,
}

impl ActorMention {
    /// The mention as an event record's actor reference. `span` is the
    /// mention's byte range in the document, which only the caller knows.
    pub fn to_actor_ref(&self, span: Option<dyad_types::Span>) -> ActorRef {
        ActorRef {
            text: self.text.clone(),
            code: self.code.clone(),
            country: self.country.clone(),
            org: self.org.clone(),
            sector: self.sector.clone(),
            name: self.name.clone(),
            span,
        }
    }
}

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

/// Codes an actor and a sector the way CAMEO codes are built: the sector is
/// appended unless the code already ends with it.
fn append_sector(code: &str, sector: Option<&str>) -> String {
    match sector {
        Some(sector) if !sector.is_empty() && !code.ends_with(sector) => format!("{code}{sector}"),
        _ => code.to_owned(),
    }
}

/// A resolved actor before it is attached to tokens.
#[derive(Debug, Clone, Default)]
struct Resolved {
    code: Option<String>,
    country: Option<String>,
    org: Option<String>,
    sector: Option<String>,
    name: Option<String>,
    entry: Option<Origin>,
    date_range: Option<DateRange>,
    notes: Vec<String>,
    title: Option<String>,
}

impl ActorTable {
    /// The code of an organisation or country id used in a person's role.
    fn resolve_role_actor(&self, role: &Role) -> Resolved {
        let sector = role.sector.clone();
        let mut resolved = Resolved {
            sector: sector.clone(),
            entry: Some(role.origin.clone()),
            date_range: Some(role.dates),
            title: Some(role.title.clone()).filter(|title| !title.is_empty()),
            ..Resolved::default()
        };
        match self.entity(&role.actor) {
            Some(entity) if entity.kind == EntityKind::Organization => {
                // An organisation's `code` is its complete actor code; the
                // role's sector is reported beside it, not appended.
                resolved.code = Some(entity.code.clone().unwrap_or_else(|| entity.id.clone()));
                resolved.org = Some(entity.id.clone());
                resolved.country = entity.country.clone();
            }
            _ => {
                resolved.code = Some(append_sector(&role.actor, sector.as_deref()));
                resolved.country = Some(role.actor.clone());
            }
        }
        resolved
    }

    /// Chooses the role of a person valid at `date`: among the roles whose
    /// dates contain it, the one that started last (the most recent
    /// appointment), ties broken by file order. Without a date, the open
    /// (current) role that started last.
    pub(crate) fn role_at<'a>(
        &self,
        entity: &'a ActorEntity,
        date: Option<Date>,
    ) -> Option<&'a Role> {
        let mut best: Option<&Role> = None;
        for role in &entity.roles {
            let applies = match date {
                Some(date) => role.dates.contains(date),
                None => role.dates.to.is_none(),
            };
            if !applies {
                continue;
            }
            let later = match best {
                None => true,
                Some(current) => role.dates.from > current.dates.from,
            };
            if later {
                best = Some(role);
            }
        }
        best
    }

    /// Chooses a PETRARCH dated code: the shortest two-sided range that
    /// contains the date, then a one-sided range, then the undated code;
    /// file order breaks ties. Both ends are inclusive.
    pub(crate) fn dated_code_at<'a>(
        &self,
        entity: &'a ActorEntity,
        date: Option<Date>,
    ) -> Option<&'a DatedCode> {
        let mut best: Option<(i64, &DatedCode)> = None;
        for code in &entity.dated_codes {
            let rank = if code.dates.is_always() {
                i64::MAX
            } else {
                let Some(date) = date else { continue };
                if !code.dates.contains(date) {
                    continue;
                }
                code.dates.length_in_days().unwrap_or(i64::MAX - 1)
            };
            if best.is_none_or(|(best_rank, _)| rank < best_rank) {
                best = Some((rank, code));
            }
        }
        best.map(|(_, code)| code)
    }

    fn resolve_entity(&self, phrase: &ActorPhrase, date: Option<Date>) -> (MentionKind, Resolved) {
        let Some(entity) = self.entities.get(phrase.entity) else {
            return (MentionKind::Country, Resolved::default());
        };
        let phrase_origin = Origin {
            file: entity.origin.file.clone(),
            line: phrase.line,
        };
        let mut resolved = Resolved {
            name: Some(entity.name.clone()),
            entry: Some(phrase_origin),
            ..Resolved::default()
        };
        let kind = match entity.kind {
            EntityKind::Country => {
                let iso = entity.id.clone();
                resolved.country = Some(iso.clone());
                match phrase.role {
                    PhraseRole::Capital => {
                        resolved.sector = Some("GOV".to_owned());
                        resolved.code = Some(format!("{iso}GOV"));
                        MentionKind::Metonym
                    }
                    PhraseRole::Seat(index) => {
                        let sector = self.seat_sectors.get(index).cloned();
                        resolved.code = Some(append_sector(&iso, sector.as_deref()));
                        resolved.sector = sector;
                        MentionKind::Metonym
                    }
                    PhraseRole::Demonym => {
                        resolved.sector = Some("CVL".to_owned());
                        resolved.code = Some(format!("{iso}CVL"));
                        MentionKind::Demonym
                    }
                    _ => {
                        resolved.code = Some(entity.code.clone().unwrap_or(iso));
                        MentionKind::Country
                    }
                }
            }
            EntityKind::Region => {
                resolved.code = Some(entity.code.clone().unwrap_or_else(|| entity.id.clone()));
                MentionKind::Region
            }
            EntityKind::Organization => {
                // The `code` of an organisation is complete as written (the
                // European Commission is IGOEUREEC with sector GOV).
                resolved.code = Some(entity.code.clone().unwrap_or_else(|| entity.id.clone()));
                resolved.org = Some(entity.id.clone());
                resolved.country = entity.country.clone();
                resolved.sector = entity.sector.clone();
                MentionKind::Organization
            }
            EntityKind::Group => {
                resolved.country = entity.country.clone();
                resolved.sector = entity.sector.clone();
                resolved.code =
                    entity
                        .code
                        .clone()
                        .or_else(|| match (&entity.country, &entity.sector) {
                            (Some(country), sector) => {
                                Some(append_sector(country, sector.as_deref()))
                            }
                            (None, Some(sector)) => Some(sector.clone()),
                            (None, None) => None,
                        });
                if let (Some(active), Some(date)) = (entity.active, date) {
                    if !active.contains(date) {
                        resolved
                            .notes
                            .push(format!("group not active on {date} (active {active})"));
                    }
                }
                MentionKind::Group
            }
            EntityKind::Person => {
                match self.role_at(entity, date) {
                    Some(role) => {
                        let role_resolved = self.resolve_role_actor(role);
                        resolved = Resolved {
                            name: resolved.name,
                            ..role_resolved
                        };
                    }
                    None => {
                        let when = date.map_or_else(|| "now".to_owned(), |date| date.to_string());
                        resolved.notes.push(format!("no role valid on {when}"));
                        resolved.entry = Some(entity.origin.clone());
                    }
                }
                MentionKind::Person
            }
            EntityKind::PetrarchActor => {
                match self.dated_code_at(entity, date) {
                    Some(code) => {
                        resolved.code = Some(code.code.clone());
                        resolved.entry = Some(code.origin.clone());
                        if !code.dates.is_always() {
                            resolved.date_range = Some(code.dates);
                        }
                        let (country, sector) = split_petrarch_code(&code.code);
                        resolved.country = country;
                        resolved.sector = sector;
                    }
                    None => resolved.notes.push("no code valid at the date".to_owned()),
                }
                MentionKind::PetrarchActor
            }
        };
        (kind, resolved)
    }
}

/// Prefixes of PETRARCH codes that are not countries.
const NON_COUNTRY_PREFIXES: [&str; 8] = ["IGO", "NGO", "IMG", "MNC", "---", "UNK", "INT", "MUL"];

/// Splits a PETRARCH code into a country (the first three letters unless
/// they are a non-country prefix such as `IGO`) and the first sector block.
pub(crate) fn split_petrarch_code(code: &str) -> (Option<String>, Option<String>) {
    let first = code.get(..3).filter(|block| block.len() == 3);
    let second = code.get(3..6).filter(|block| block.len() == 3);
    match first {
        Some(first)
            if !NON_COUNTRY_PREFIXES.contains(&first)
                && first.chars().all(|c| c.is_ascii_uppercase()) =>
        {
            (Some(first.to_owned()), second.map(str::to_owned))
        }
        _ => (None, None),
    }
}

/// Chooses one phrase among several of the same length: a person with a
/// role at the date beats one without; otherwise the first in file order.
/// Aliases shared by several people are ambiguous and resolve to nothing.
fn choose_actor<'a>(
    table: &ActorTable,
    phrases: &[&'a ActorPhrase],
    date: Option<Date>,
) -> Option<(&'a ActorPhrase, Vec<String>)> {
    let first = *phrases.first()?;
    if phrases.len() == 1 {
        return Some((first, Vec::new()));
    }
    // Entries valid at the date: a person with a role then, a group active
    // then; other entries are always valid.
    let people_with_role: Vec<&ActorPhrase> = phrases
        .iter()
        .copied()
        .filter(|phrase| {
            table
                .entities
                .get(phrase.entity)
                .is_some_and(|entity| match entity.kind {
                    EntityKind::Person => table.role_at(entity, date).is_some(),
                    EntityKind::Group => match (entity.active, date) {
                        (Some(active), Some(date)) => active.contains(date),
                        (Some(active), None) => active.to.is_none(),
                        (None, _) => true,
                    },
                    _ => true,
                })
        })
        .collect();
    let valid_entities = {
        let mut ids: Vec<usize> = people_with_role
            .iter()
            .map(|phrase| phrase.entity)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    let distinct_entities = {
        let mut ids: Vec<usize> = phrases.iter().map(|phrase| phrase.entity).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    if distinct_entities == 1 {
        return Some((first, Vec::new()));
    }
    if valid_entities == 1 {
        let chosen = *people_with_role.first()?;
        return Some((chosen, vec![format!("{distinct_entities} entries share this phrase; the one valid at the date was chosen")]));
    }
    if phrases
        .iter()
        .all(|phrase| phrase.role == PhraseRole::Alias)
    {
        return None;
    }
    let chosen = phrases
        .iter()
        .copied()
        .find(|phrase| phrase.role != PhraseRole::Alias)
        .unwrap_or(first);
    Some((
        chosen,
        vec![format!(
            "{distinct_entities} entries share this phrase; the first was chosen"
        )],
    ))
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
    let Some(place) = resolve_place(sentence, &same_token, start) else {
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

/// Adds agent sectors to an actor: `UKR` + `MIL` → `UKRMIL`. Without an
/// actor the result has the sector but no code ("the army").
fn combine_with_agents(mut actor: Resolved, agents: &[(String, bool, Origin)]) -> Resolved {
    let mut code = actor.code.clone();
    let mut last_sector = None;
    for (sector, prefix, origin) in agents {
        if let Some(current) = &code {
            if *prefix {
                if !current.starts_with(sector.as_str()) {
                    code = Some(format!("{sector}{current}"));
                }
            } else if !current.contains(sector.as_str()) {
                code = Some(format!("{current}{sector}"));
            }
        }
        last_sector = Some(sector.clone());
        if actor.entry.is_none() {
            actor.entry = Some(origin.clone());
        }
    }
    // Several agent words in a row ("defence minister spokesman") keep the
    // first sector as the sector and all of them in the code.
    if let Some((first, _, _)) = agents.first() {
        actor.sector = Some(first.clone());
    } else if let Some(sector) = last_sector {
        actor.sector = Some(sector);
    }
    // A bare agent noun ("the army") has no actor; it codes as its sector
    // alone, the way CAMEO writes an unknown actor's role.
    // Each sector is written once: "government spokesman" is two GOV nouns
    // and codes GOV, not GOVGOV.
    actor.code = code.or_else(|| {
        let mut sectors: Vec<&str> = Vec::new();
        for (sector, _, _) in agents {
            if !sectors.contains(&sector.as_str()) {
                sectors.push(sector);
            }
        }
        (!sectors.is_empty()).then(|| sectors.concat())
    });
    actor
}

/// Checks that a country adjective or name in front of a person's title
/// agrees with the person's resolved country, and notes it if not.
fn check_agreement(owner: &Resolved, person: &mut Resolved) {
    let owner_key = owner.country.as_ref().or(owner.org.as_ref());
    let person_key = person.country.as_ref().or(person.org.as_ref());
    if let (Some(owner_key), Some(person_key)) = (owner_key, person_key) {
        if owner_key != person_key && person.org.as_ref() != Some(owner_key) {
            person.notes.push(format!(
                "the title names {owner_key} but the person codes as {person_key}"
            ));
        }
    }
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
    use crate::places::place_in;
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
