//! Actors and agents: the compiled tables, and how one dictionary entry
//! resolves to a code at a date. Finding the entries in a sentence is the
//! matcher's work (`matcher.rs`); this module knows nothing of sentences or
//! places.

use crate::common::{CaseRule, DateRange, Origin, PhraseIndex};
use dyad_types::{ActorRef, Date};
use rustc_hash::FxHashMap as HashMap;
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
    /// ISO3 country the entry belongs to; for a person, the country they
    /// code as when no role is valid (their nationality).
    pub country: Option<String>,
    /// Organisation id (for organisations, their own id).
    pub org: Option<String>,
    /// Sector code; for a person, the sector they code as when no role is
    /// valid.
    pub sector: Option<String>,
    /// Parent organisation id (the European Commission's parent is `EU`).
    pub parent: Option<String>,
    /// Region codes a country belongs to.
    pub regions: Vec<String>,
    /// Dated offices of a person.
    pub roles: Vec<Role>,
    /// Dated codes of a PETRARCH actor.
    pub dated_codes: Vec<DatedCode>,
    /// When a state, organisation or group existed, if known. Entries that
    /// share a phrase are told apart by it ("Yugoslavia" before and after
    /// 1992).
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
    /// How the phrase is written: only a singular noun or a title can stand
    /// before a person's name ("President Eduard Shevardnadze", "the mayor
    /// Luca Pastorino"); a plural cannot ("officials Monday").
    pub(crate) form: AgentForm,
}

/// How an agent phrase is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AgentForm {
    /// A singular noun ("president", "soldier").
    Singular,
    /// A plural, regular or listed ("soldiers", "police").
    Plural,
    /// A title written before names ("President", "General").
    Title,
}

/// Words that qualify a role noun without being one (`@modifier`):
/// "senior officials", "deputy foreign minister", "former President".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModifierEntry {
    /// The sector the words give the role, if any: `ELI` for "former" and
    /// "ousted" (a former office holder is one of the elites, as CAMEO
    /// codes them); `None` for words that leave the role as it is.
    pub sector: Option<String>,
    /// The sectors of the roles the `sector` replaces (`GOV`, `MIL`, ...);
    /// other roles keep theirs ("former rebels" stay rebels).
    pub applies_to: Vec<String>,
    /// Display name of the entry.
    pub name: String,
    /// Where the entry is written.
    pub origin: Origin,
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
    /// Modifier entries (`@modifier`), and each of their words in lower case
    /// with the entry it belongs to.
    pub(crate) modifiers: Vec<ModifierEntry>,
    pub(crate) modifier_words: HashMap<String, usize>,
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

    /// Every modifier entry.
    pub fn modifiers(&self) -> &[ModifierEntry] {
        &self.modifiers
    }

    /// The modifier entry a word belongs to, in any capitalisation.
    pub(crate) fn modifier(&self, word: &str) -> Option<&ModifierEntry> {
        let index = match self.modifier_words.get(word) {
            Some(index) => *index,
            None => *self.modifier_words.get(&word.to_lowercase())?,
        };
        self.modifiers.get(index)
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
    /// For an agent phrase, the token of its role noun: the last word of
    /// "Ukrainian troops", but "groups" in "opposition groups in Zimbabwe",
    /// where the country comes after the role. `None` for other kinds.
    pub role_token: Option<usize>,
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

/// Codes an actor and a sector the way CAMEO codes are built: the sector is
/// appended unless the code already ends with it.
pub(crate) fn append_sector(code: &str, sector: Option<&str>) -> String {
    match sector {
        Some(sector) if !sector.is_empty() && !code.ends_with(sector) => format!("{code}{sector}"),
        _ => code.to_owned(),
    }
}

/// A resolved actor before it is attached to tokens.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolved {
    /// A person who holds no role at the date: the code is their country
    /// (and recorded sector), and a title in front may give the sector.
    pub(crate) out_of_office: bool,
    pub(crate) code: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) org: Option<String>,
    pub(crate) sector: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) entry: Option<Origin>,
    pub(crate) date_range: Option<DateRange>,
    pub(crate) notes: Vec<String>,
    pub(crate) title: Option<String>,
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

    /// A person out of office at `date` still has a country: the one the
    /// entry records (`country:`), else the country of the role nearest to
    /// the date (the last one before it, or the first after it). The sector
    /// is the one the entry records for such times (`sector:`), if any; a
    /// title in front of the name may give one (see the matcher).
    fn resolve_out_of_office(
        &self,
        entity: &ActorEntity,
        date: Option<Date>,
        resolved: &mut Resolved,
    ) {
        let (country, reason) = match &entity.country {
            Some(country) => (
                Some(country.clone()),
                "the country the entry records".to_owned(),
            ),
            None => match self.nearest_country_role(entity, date) {
                Some(role) => (
                    Some(role.actor.clone()),
                    format!("the country of the {} role ({})", role.title, role.dates),
                ),
                None => (None, String::new()),
            },
        };
        let Some(country) = country else {
            resolved
                .notes
                .push("no country recorded for the person; no code".to_owned());
            return;
        };
        resolved.code = Some(append_sector(&country, entity.sector.as_deref()));
        resolved.sector = entity.sector.clone();
        resolved.notes.push(format!(
            "out of office: codes as {country}, {reason}{}",
            entity
                .sector
                .as_ref()
                .map(|sector| format!(", with the recorded sector {sector}"))
                .unwrap_or_default()
        ));
        resolved.country = Some(country);
    }

    /// The role held for a country (not an organisation) that is nearest to
    /// `date`: the one that ended last before it, else the one that starts
    /// first after it. Without a date, the one that ended last.
    fn nearest_country_role<'a>(
        &self,
        entity: &'a ActorEntity,
        date: Option<Date>,
    ) -> Option<&'a Role> {
        let for_country = |role: &&Role| {
            role.actor.len() == 3
                && self
                    .entity(&role.actor)
                    .is_none_or(|actor| actor.kind == EntityKind::Country)
        };
        let before = entity
            .roles
            .iter()
            .filter(for_country)
            .filter(|role| match (date, role.dates.to) {
                (Some(date), Some(to)) => to < date,
                (Some(_), None) => false,
                (None, _) => true,
            })
            .max_by_key(|role| role.dates.to);
        before.or_else(|| {
            entity
                .roles
                .iter()
                .filter(for_country)
                .min_by_key(|role| role.dates.from)
        })
    }

    /// The country a person codes as at `date`: that of the role valid then
    /// (none for a role in an organisation), else the one they code as out
    /// of office.
    pub(crate) fn person_country_at<'a>(
        &self,
        entity: &'a ActorEntity,
        date: Option<Date>,
    ) -> Option<&'a str> {
        if entity.kind != EntityKind::Person {
            return None;
        }
        match self.role_at(entity, date) {
            Some(role) => (role.actor.len() == 3
                && self
                    .entity(&role.actor)
                    .is_none_or(|actor| actor.kind == EntityKind::Country))
            .then_some(role.actor.as_str()),
            None => entity.country.as_deref().or_else(|| {
                self.nearest_country_role(entity, date)
                    .map(|role| role.actor.as_str())
            }),
        }
    }

    pub(crate) fn resolve_entity(
        &self,
        phrase: &ActorPhrase,
        date: Option<Date>,
    ) -> (MentionKind, Resolved) {
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
                let kind = match phrase.role {
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
                };
                note_inactive(entity, date, "state", &mut resolved);
                kind
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
                note_inactive(entity, date, "organisation", &mut resolved);
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
                note_inactive(entity, date, "group", &mut resolved);
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
                        resolved.out_of_office = true;
                        self.resolve_out_of_office(entity, date, &mut resolved);
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

/// Notes that an entry with an `active` range did not exist at the date; it
/// still codes (a text may speak of the Soviet Union in 2005).
fn note_inactive(entity: &ActorEntity, date: Option<Date>, what: &str, resolved: &mut Resolved) {
    let (Some(active), Some(date)) = (entity.active, date) else {
        return;
    };
    if !active.contains(date) {
        resolved
            .notes
            .push(format!("{what} not active on {date} (active {active})"));
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
pub(crate) fn choose_actor<'a>(
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
                    EntityKind::Group | EntityKind::Country | EntityKind::Organization => {
                        match (entity.active, date) {
                            (Some(active), Some(date)) => active.contains(date),
                            (Some(active), None) => active.to.is_none(),
                            (None, _) => true,
                        }
                    }
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
        // A surname shared by several people of one country ("Bush",
        // "Sharif") still names that country, whoever is meant. A dated
        // alias on a handover day ("the Pope") stays ambiguous: it names
        // an office, and the day has two holders.
        if phrases.iter().any(|phrase| phrase.dates.is_some()) {
            return None;
        }
        let candidates: Vec<&ActorPhrase> = if valid_entities > 1 {
            people_with_role
        } else {
            phrases.to_vec()
        };
        let countries: Vec<Option<&str>> = candidates
            .iter()
            .map(|phrase| {
                table
                    .entities
                    .get(phrase.entity)
                    .and_then(|entity| table.person_country_at(entity, date))
            })
            .collect();
        let chosen = *candidates.first()?;
        let country = (*countries.first()?)?;
        if countries.iter().all(|other| *other == Some(country)) {
            return Some((
                chosen,
                vec![format!(
                    "{distinct_entities} people share this name, all of {country} at the date; the first was taken"
                )],
            ));
        }
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

/// Adds agent sectors to an actor: `UKR` + `MIL` → `UKRMIL`. Without an
/// actor the result has the sector but no code ("the army").
pub(crate) fn combine_with_agents(
    mut actor: Resolved,
    agents: &[(String, bool, Origin)],
) -> Resolved {
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
pub(crate) fn check_agreement(owner: &Resolved, person: &mut Resolved) {
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
