//! Reader for dyad's own dictionary format (`.dict`), described in
//! `docs/formats/dictionary.md`.

use crate::actors::{
    ActorEntity, ActorPhrase, ActorTable, AgentEntry, AgentForm, AgentPhrase, AgentTable,
    EntityKind, ModifierEntry, PhraseRole, Role,
};
use crate::common::{phrase_pieces, regular_plural, CaseRule, DateRange, Origin};
use crate::events::{EventExpression, EventTable, TargetRole, WordClass};
use crate::places::{PlaceEntry, PlaceTable, PLACE_KINDS};
use dyad_types::Diagnostic;
use std::sync::Arc;

/// Entry kinds of the format.
pub(crate) const KINDS: [&str; 10] = [
    "country",
    "region",
    "org",
    "group",
    "person",
    "agent",
    "modifier",
    "event",
    "place",
    "not-actor",
];

/// Sector codes the format accepts (the CAMEO agent codes listed in the
/// format description, plus the few further CAMEO role codes that appear in
/// actor codes).
pub(crate) const KNOWN_SECTORS: [&str; 34] = [
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL",
    "HLH", "REF", "LAB", "LEG", "ELI", "NGO", "IGO", "REL", "AGR", "ENV", "UAF", "INS", "SEP",
    "HRI", "MOD", "RAD", "DEV", "ATH", "AMN", "IRC", "PPL",
];

/// One field line of an entry.
struct Field {
    key: String,
    value: String,
    line: u64,
}

/// One entry as written: header and fields.
struct RawEntry {
    kind: String,
    id: String,
    display: Option<String>,
    line: u64,
    fields: Vec<Field>,
}

/// Removes a comment: `#` at the first non-blank character, or preceded by
/// white space.
fn strip_comment(line: &str) -> &str {
    let mut previous_is_space = true;
    for (index, character) in line.char_indices() {
        if character == '#' && previous_is_space {
            return line.get(..index).unwrap_or("");
        }
        previous_is_space = character.is_whitespace();
    }
    line
}

/// Parses a header line `@KIND ID "Display name"`.
fn parse_header(text: &str) -> Result<(String, String, Option<String>), String> {
    let rest = text
        .strip_prefix('@')
        .ok_or("header does not start with @")?;
    let (kind, rest) = rest
        .split_once(char::is_whitespace)
        .ok_or("header has no id")?;
    let kind = kind.trim();
    if !KINDS.contains(&kind) {
        return Err(format!("unknown entry kind @{kind}"));
    }
    let rest = rest.trim();
    // A `@not-actor` entry has no id, only the phrase: `@not-actor "Georgia
    // Tech"`.
    let rest_with_id;
    let rest = if kind == "not-actor" && rest.starts_with('"') {
        rest_with_id = format!("- {rest}");
        rest_with_id.as_str()
    } else {
        rest
    };
    let (id, display) = match rest.split_once(char::is_whitespace) {
        Some((id, display)) => (id, Some(display.trim())),
        None => (rest, None),
    };
    if id.is_empty() || id.starts_with('"') {
        return Err("header has no id".to_owned());
    }
    let display = match display {
        None | Some("") => None,
        Some(quoted) => {
            let inner = quoted
                .strip_prefix('"')
                .and_then(|inner| inner.strip_suffix('"'))
                .ok_or_else(|| format!("display name {quoted} is not in double quotes"))?;
            Some(inner.to_owned())
        }
    };
    Ok((kind.to_owned(), id.to_owned(), display))
}

/// Splits a file into entries, reporting malformed lines.
fn parse_entries(text: &str, file: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawEntry> {
    let mut entries: Vec<RawEntry> = Vec::new();
    // After a malformed header, its field lines belong to a dropped entry
    // and are skipped without further diagnostics.
    let mut in_dropped_entry = false;
    for (index, raw_line) in text.lines().enumerate() {
        let line_number = index as u64 + 1;
        let line = strip_comment(raw_line.trim_start_matches('\u{feff}'));
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with(char::is_whitespace);
        if !indented {
            match parse_header(line.trim_end()) {
                Ok((kind, id, display)) => {
                    entries.push(RawEntry {
                        kind,
                        id,
                        display,
                        line: line_number,
                        fields: Vec::new(),
                    });
                    in_dropped_entry = false;
                }
                Err(message) => {
                    diagnostics.push(
                        Diagnostic::error(Some(file), format!("{message}; entry skipped"))
                            .at_line(line_number),
                    );
                    in_dropped_entry = true;
                }
            }
            continue;
        }
        if in_dropped_entry {
            continue;
        }
        let Some(entry) = entries.last_mut() else {
            diagnostics.push(
                Diagnostic::error(Some(file), "field line before any entry header")
                    .at_line(line_number),
            );
            continue;
        };
        match line.trim().split_once(':') {
            Some((key, value)) if !key.trim().is_empty() && !key.contains(char::is_whitespace) => {
                entry.fields.push(Field {
                    key: key.trim().to_owned(),
                    value: value.trim().to_owned(),
                    line: line_number,
                });
            }
            _ => diagnostics.push(
                Diagnostic::warning(
                    Some(file),
                    format!("line is not `key: value`: {}", line.trim()),
                )
                .at_line(line_number),
            ),
        }
    }
    entries
}

/// Splits `a | b | c` into trimmed, non-empty phrases with single spaces.
fn split_values(value: &str) -> Vec<String> {
    value
        .split('|')
        .map(|part| part.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|part| !part.is_empty())
        .collect()
}

/// What a `.dict` file contributed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DyadFileCounts {
    /// Actor entries (countries, regions, organisations, groups, people).
    pub actors: usize,
    /// Agent entries.
    pub agents: usize,
    /// Event entries.
    pub events: usize,
    /// Place entries (`@place`).
    pub places: usize,
    /// Entries that say a phrase is not an actor (`@not-actor`).
    pub not_actors: usize,
}

/// Where the entries of one file go.
pub(crate) struct Targets<'a> {
    pub(crate) actors: Option<&'a mut ActorTable>,
    pub(crate) agents: Option<&'a mut AgentTable>,
    pub(crate) events: Option<&'a mut EventTable>,
    pub(crate) places: Option<&'a mut PlaceTable>,
    /// Whether entries of a kind without a table are reported. The built-in
    /// files skip them silently: that kind was replaced on purpose.
    pub(crate) report_skipped: bool,
}

fn check_sector(sector: &str, file: &str, line: u64, diagnostics: &mut Vec<Diagnostic>) {
    if !KNOWN_SECTORS.contains(&sector) {
        diagnostics.push(
            Diagnostic::warning(Some(file), format!("unknown sector code {sector}")).at_line(line),
        );
    }
}

/// The warning for a key that an entry kind does not take; the entry is
/// still loaded without that key.
fn unknown_key(kind: &str, field: &Field, file: &str) -> Diagnostic {
    Diagnostic::warning(
        Some(file),
        format!("unknown key `{}` for @{kind}; skipped", field.key),
    )
    .at_line(field.line)
}

fn check_phrase(phrase: &str, file: &str, line: u64, diagnostics: &mut Vec<Diagnostic>) -> bool {
    if phrase_pieces(phrase).is_empty() {
        diagnostics.push(Diagnostic::warning(Some(file), "empty phrase skipped").at_line(line));
        return false;
    }
    true
}

/// Loads one `.dict` file into the tables given in `targets`. Entries of a
/// kind whose table is not given (for example actors while only the agent
/// dictionary is being replaced) are skipped with a warning.
pub(crate) fn load_dyad_file(
    text: &str,
    file: &str,
    targets: &mut Targets,
    diagnostics: &mut Vec<Diagnostic>,
) -> DyadFileCounts {
    let file_arc: Arc<str> = Arc::from(file);
    let mut counts = DyadFileCounts::default();
    for entry in parse_entries(text, file, diagnostics) {
        let origin = Origin {
            file: file_arc.clone(),
            line: entry.line,
        };
        match entry.kind.as_str() {
            "agent" | "modifier" => match targets.agents.as_deref_mut() {
                Some(agents) => {
                    counts.agents += usize::from(if entry.kind == "agent" {
                        load_agent(&entry, origin, agents, file, diagnostics)
                    } else {
                        load_modifier(&entry, origin, agents, file, diagnostics)
                    })
                }
                None if targets.report_skipped => diagnostics.push(
                    Diagnostic::warning(
                        Some(file),
                        "agent entry in a file loaded as another kind; skipped",
                    )
                    .at_line(entry.line),
                ),
                None => {}
            },
            "event" => match targets.events.as_deref_mut() {
                Some(events) => {
                    counts.events +=
                        usize::from(load_event(&entry, origin, events, file, diagnostics))
                }
                None if targets.report_skipped => diagnostics.push(
                    Diagnostic::warning(
                        Some(file),
                        "event entry in a file loaded as another kind; skipped",
                    )
                    .at_line(entry.line),
                ),
                None => {}
            },
            "place" => match targets.places.as_deref_mut() {
                Some(places) => {
                    counts.places +=
                        usize::from(load_place(&entry, origin, places, file, diagnostics))
                }
                None if targets.report_skipped => diagnostics.push(
                    Diagnostic::warning(
                        Some(file),
                        "place entry in a file loaded as another kind; skipped",
                    )
                    .at_line(entry.line),
                ),
                None => {}
            },
            "not-actor" => match targets.actors.as_deref_mut() {
                Some(actors) => {
                    counts.not_actors +=
                        usize::from(load_not_actor(&entry, actors, file, diagnostics))
                }
                None if targets.report_skipped => diagnostics.push(
                    Diagnostic::warning(
                        Some(file),
                        "not-actor entry in a file loaded as another kind; skipped",
                    )
                    .at_line(entry.line),
                ),
                None => {}
            },
            _ => match targets.actors.as_deref_mut() {
                Some(actors) => {
                    counts.actors +=
                        usize::from(load_actor(&entry, origin, actors, file, diagnostics))
                }
                None if targets.report_skipped => diagnostics.push(
                    Diagnostic::warning(
                        Some(file),
                        "actor entry in a file loaded as another kind; skipped",
                    )
                    .at_line(entry.line),
                ),
                None => {}
            },
        }
    }
    counts
}

fn load_actor(
    entry: &RawEntry,
    origin: Origin,
    actors: &mut ActorTable,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let kind = match entry.kind.as_str() {
        "country" => EntityKind::Country,
        "region" => EntityKind::Region,
        "org" => EntityKind::Organization,
        "group" => EntityKind::Group,
        _ => EntityKind::Person,
    };
    if kind == EntityKind::Country
        && !(entry.id.len() == 3 && entry.id.chars().all(|c| c.is_ascii_uppercase()))
    {
        diagnostics.push(
            Diagnostic::error(
                Some(file),
                format!(
                    "country id {} is not an ISO 3166 alpha-3 code; entry skipped",
                    entry.id
                ),
            )
            .at_line(entry.line),
        );
        return false;
    }
    let mut entity = ActorEntity {
        id: entry.id.clone(),
        name: entry.display.clone().unwrap_or_default(),
        kind,
        code: None,
        country: if kind == EntityKind::Country {
            Some(entry.id.clone())
        } else {
            None
        },
        org: if kind == EntityKind::Organization {
            Some(entry.id.clone())
        } else {
            None
        },
        sector: None,
        parent: None,
        regions: Vec::new(),
        roles: Vec::new(),
        dated_codes: Vec::new(),
        active: None,
        origin,
    };
    let mut phrases: Vec<(String, PhraseRole, u64)> = Vec::new();
    let mut seats: Vec<(String, String, u64)> = Vec::new();
    let mut dated_aliases: Vec<(String, PhraseRole, DateRange, u64)> = Vec::new();
    let mut broken = false;
    for field in &entry.fields {
        let allowed: &[&str] = match kind {
            EntityKind::Country => &[
                "name",
                "adjective",
                "demonym",
                "capital",
                "seat",
                "region",
                "active",
                "dated-name",
                "dated-adjective",
                "dated-demonym",
            ],
            EntityKind::Region => &["name", "adjective"],
            EntityKind::Organization => &[
                "name",
                "adjective",
                "code",
                "sector",
                "parent",
                "country",
                "active",
                "dated-name",
            ],
            EntityKind::Group => &["name", "code", "country", "sector", "active", "adjective"],
            _ => &["name", "alias", "dated-alias", "role", "country", "sector"],
        };
        if !allowed.contains(&field.key.as_str()) {
            diagnostics.push(unknown_key(&entry.kind, field, file));
            continue;
        }
        match field.key.as_str() {
            "name" => phrases.extend(
                split_values(&field.value)
                    .into_iter()
                    .map(|value| (value, PhraseRole::Name, field.line)),
            ),
            "dated-alias" | "dated-name" | "dated-adjective" | "dated-demonym" => {
                let role = match field.key.as_str() {
                    "dated-alias" => PhraseRole::Alias,
                    "dated-adjective" => PhraseRole::Adjective,
                    "dated-demonym" => PhraseRole::Demonym,
                    _ => PhraseRole::Name,
                };
                let value = field.value.trim();
                let (range, rest) = value.split_once(char::is_whitespace).unwrap_or((value, ""));
                match DateRange::parse(range) {
                    Some(range) if !rest.trim().is_empty() => dated_aliases.extend(
                        split_values(rest)
                            .into_iter()
                            .map(|phrase| (phrase, role, range, field.line)),
                    ),
                    _ => {
                        diagnostics.push(
                            Diagnostic::error(
                                Some(file),
                                format!(
                                    "{} `{value}` is not `FROM..TO PHRASE | PHRASE`; entry skipped",
                                    field.key
                                ),
                            )
                            .at_line(field.line),
                        );
                        broken = true;
                    }
                }
            }
            "alias" => phrases.extend(
                split_values(&field.value)
                    .into_iter()
                    .map(|value| (value, PhraseRole::Alias, field.line)),
            ),
            "adjective" => phrases.extend(
                split_values(&field.value)
                    .into_iter()
                    .map(|value| (value, PhraseRole::Adjective, field.line)),
            ),
            "demonym" => phrases.extend(
                split_values(&field.value)
                    .into_iter()
                    .map(|value| (value, PhraseRole::Demonym, field.line)),
            ),
            "capital" => phrases.extend(
                split_values(&field.value)
                    .into_iter()
                    .map(|value| (value, PhraseRole::Capital, field.line)),
            ),
            "seat" => {
                for value in split_values(&field.value) {
                    match value.split_once("=>") {
                        Some((phrase, sector))
                            if !phrase.trim().is_empty() && !sector.trim().is_empty() =>
                        {
                            let sector = sector.trim().to_owned();
                            check_sector(&sector, file, field.line, diagnostics);
                            seats.push((phrase.trim().to_owned(), sector, field.line));
                        }
                        _ => diagnostics.push(
                            Diagnostic::error(
                                Some(file),
                                format!("seat `{value}` is not `PHRASE => SECTOR`; skipped"),
                            )
                            .at_line(field.line),
                        ),
                    }
                }
            }
            "region" => entity.regions.extend(split_values(&field.value)),
            "code" => entity.code = Some(field.value.trim().to_owned()),
            "sector" => {
                let sector = field.value.trim().to_owned();
                check_sector(&sector, file, field.line, diagnostics);
                entity.sector = Some(sector);
            }
            "parent" => entity.parent = Some(field.value.trim().to_owned()),
            "country" => entity.country = Some(field.value.trim().to_owned()),
            "active" => match DateRange::parse(field.value.trim()) {
                Some(range) => entity.active = Some(range),
                None => {
                    diagnostics.push(
                        Diagnostic::error(
                            Some(file),
                            format!("malformed date range `{}`; entry skipped", field.value),
                        )
                        .at_line(field.line),
                    );
                    broken = true;
                }
            },
            "role" => match parse_role(&field.value, &entity.origin.file, field.line) {
                Ok(role) => {
                    if let Some(sector) = &role.sector {
                        check_sector(sector, file, field.line, diagnostics);
                    }
                    entity.roles.push(role);
                }
                Err(message) => {
                    diagnostics.push(
                        Diagnostic::error(Some(file), format!("{message}; entry skipped"))
                            .at_line(field.line),
                    );
                    broken = true;
                }
            },
            _ => {}
        }
    }
    if broken {
        return false;
    }
    if entity.name.is_empty() {
        entity.name = phrases
            .iter()
            .find(|(_, role, _)| *role == PhraseRole::Name)
            .map(|(value, _, _)| value.clone())
            .unwrap_or_else(|| entity.id.clone());
    }
    if phrases.is_empty() && seats.is_empty() && dated_aliases.is_empty() {
        diagnostics.push(
            Diagnostic::warning(
                Some(file),
                format!(
                    "@{} {} has no names; it can never match",
                    entry.kind, entry.id
                ),
            )
            .at_line(entry.line),
        );
    }
    let entity_index = actors.add_entity(entity);
    for (phrase, role, line) in phrases {
        if check_phrase(&phrase, file, line, diagnostics) {
            actors.add_phrase(
                &phrase,
                CaseRule::AsWritten,
                ActorPhrase {
                    entity: entity_index,
                    role,
                    line,
                    article: false,
                    dates: None,
                },
            );
        }
    }
    for (phrase, role, range, line) in dated_aliases {
        if check_phrase(&phrase, file, line, diagnostics) {
            actors.add_phrase(
                &phrase,
                CaseRule::AsWritten,
                ActorPhrase {
                    entity: entity_index,
                    role,
                    line,
                    article: false,
                    dates: Some(range),
                },
            );
        }
    }
    for (phrase, sector, line) in seats {
        if check_phrase(&phrase, file, line, diagnostics) {
            let seat_index = actors.seat_sectors.len();
            actors.seat_sectors.push(sector);
            actors.add_phrase(
                &phrase,
                CaseRule::AsWritten,
                ActorPhrase {
                    entity: entity_index,
                    role: PhraseRole::Seat(seat_index),
                    line,
                    article: false,
                    dates: None,
                },
            );
        }
    }
    true
}

/// True for an ISO 3166-1 alpha-3 shaped code: three capital letters.
fn is_iso3(code: &str) -> bool {
    code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())
}

/// Loads a `@place ISO3 "Name"` entry (`-` instead of ISO3 for no country).
fn load_place(
    entry: &RawEntry,
    origin: Origin,
    places: &mut PlaceTable,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let country = match entry.id.as_str() {
        "-" => None,
        id if is_iso3(id) => Some(id.to_owned()),
        id => {
            diagnostics.push(
                Diagnostic::error(
                    Some(file),
                    format!(
                        "place country {id} is neither an ISO 3166 alpha-3 code nor `-`; entry skipped"
                    ),
                )
                .at_line(entry.line),
            );
            return false;
        }
    };
    let Some(name) = entry.display.clone().filter(|name| !name.trim().is_empty()) else {
        diagnostics.push(
            Diagnostic::error(
                Some(file),
                "place has no canonical name in double quotes; entry skipped",
            )
            .at_line(entry.line),
        );
        return false;
    };
    let mut phrases = vec![name.split_whitespace().collect::<Vec<_>>().join(" ")];
    let mut kind: Option<String> = None;
    let mut ambiguous = None;
    let mut ambiguous_names = Vec::new();
    let mut context = Vec::new();
    for field in &entry.fields {
        match field.key.as_str() {
            "name" => {
                for phrase in split_values(&field.value) {
                    if check_phrase(&phrase, file, field.line, diagnostics) {
                        phrases.push(phrase);
                    }
                }
            }
            "kind" => {
                let value = field.value.trim().to_owned();
                if value.is_empty() {
                    continue;
                }
                if !PLACE_KINDS.contains(&value.as_str()) {
                    diagnostics.push(
                        Diagnostic::warning(
                            Some(file),
                            format!(
                                "unknown place kind `{value}` (known: {}); kept as written",
                                PLACE_KINDS.join(", ")
                            ),
                        )
                        .at_line(field.line),
                    );
                }
                if kind.is_some() {
                    diagnostics.push(
                        Diagnostic::warning(
                            Some(file),
                            "place has more than one kind; the last one is used",
                        )
                        .at_line(field.line),
                    );
                }
                kind = Some(value);
            }
            "ambiguous" => {
                let reason = field.value.trim();
                ambiguous = Some(if reason.is_empty() {
                    "ambiguous".to_owned()
                } else {
                    reason.to_owned()
                });
            }
            "ambiguous-name" => {
                for phrase in split_values(&field.value) {
                    if check_phrase(&phrase, file, field.line, diagnostics) {
                        if !phrases.contains(&phrase) {
                            phrases.push(phrase.clone());
                        }
                        ambiguous_names.push(phrase);
                    }
                }
            }
            "context" => {
                for phrase in split_values(&field.value) {
                    if check_phrase(&phrase, file, field.line, diagnostics) {
                        context.push(phrase);
                    }
                }
            }
            _ => diagnostics.push(unknown_key("place", field, file)),
        }
    }
    let Some(kind) = kind else {
        diagnostics.push(
            Diagnostic::error(
                Some(file),
                format!("place {name} has no `kind`; entry skipped"),
            )
            .at_line(entry.line),
        );
        return false;
    };
    places.add_place(
        PlaceEntry {
            name,
            country,
            kind,
            ambiguous,
            ambiguous_names,
            context,
            origin,
        },
        &phrases,
    );
    true
}

/// Loads a `@not-actor "PHRASE"` entry, with further phrases in `phrase:`
/// fields.
fn load_not_actor(
    entry: &RawEntry,
    actors: &mut ActorTable,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let mut phrases: Vec<(String, u64)> = entry
        .display
        .iter()
        .map(|display| (display.clone(), entry.line))
        .collect();
    for field in &entry.fields {
        if field.key == "phrase" {
            phrases.extend(
                split_values(&field.value)
                    .into_iter()
                    .map(|phrase| (phrase, field.line)),
            );
        } else {
            diagnostics.push(unknown_key("not-actor", field, file));
        }
    }
    let mut added = false;
    for (phrase, line) in phrases {
        if check_phrase(&phrase, file, line, diagnostics) {
            actors.not_actors.insert(&phrase, CaseRule::AsWritten, line);
            added = true;
        }
    }
    if !added {
        diagnostics.push(
            Diagnostic::warning(Some(file), "@not-actor entry without a phrase")
                .at_line(entry.line),
        );
    }
    added
}

/// Parses `ACTOR SECTOR FROM..TO TITLE`.
fn parse_role(value: &str, file: &Arc<str>, line: u64) -> Result<Role, String> {
    let mut words = value.split_whitespace();
    let actor = words.next().ok_or("role has no actor")?;
    let sector = words.next().ok_or("role has no sector")?;
    let dates = words.next().ok_or("role has no date range")?;
    let dates =
        DateRange::parse(dates).ok_or_else(|| format!("malformed date range `{dates}` in role"))?;
    let title: Vec<&str> = words.collect();
    Ok(Role {
        actor: actor.to_owned(),
        sector: if sector == "-" {
            None
        } else {
            Some(sector.to_owned())
        },
        dates,
        title: title.join(" ").to_lowercase(),
        origin: Origin {
            file: file.clone(),
            line,
        },
    })
}

fn load_agent(
    entry: &RawEntry,
    origin: Origin,
    agents: &mut AgentTable,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    check_sector(&entry.id, file, entry.line, diagnostics);
    let agent_index = agents.agents.len();
    agents.agents.push(AgentEntry {
        sector: entry.id.clone(),
        prefix: false,
        name: entry.display.clone().unwrap_or_else(|| entry.id.clone()),
        origin,
    });
    let mut count = 0;
    for field in &entry.fields {
        match field.key.as_str() {
            "noun" => {
                for noun in split_values(&field.value) {
                    if !check_phrase(&noun, file, field.line, diagnostics) {
                        continue;
                    }
                    let plural = regular_plural(&noun);
                    agents.phrases.insert(
                        &noun,
                        CaseRule::AsWritten,
                        AgentPhrase {
                            agent: agent_index,
                            line: field.line,
                            form: AgentForm::Singular,
                        },
                    );
                    agents.phrases.insert(
                        &plural,
                        CaseRule::AsWritten,
                        AgentPhrase {
                            agent: agent_index,
                            line: field.line,
                            form: AgentForm::Plural,
                        },
                    );
                    count += 1;
                }
            }
            "plural" | "title" => {
                let form = if field.key == "title" {
                    AgentForm::Title
                } else {
                    AgentForm::Plural
                };
                for phrase in split_values(&field.value) {
                    if check_phrase(&phrase, file, field.line, diagnostics) {
                        agents.phrases.insert(
                            &phrase,
                            CaseRule::AsWritten,
                            AgentPhrase {
                                agent: agent_index,
                                line: field.line,
                                form,
                            },
                        );
                        count += 1;
                    }
                }
            }
            _ => diagnostics.push(unknown_key("agent", field, file)),
        }
    }
    if count == 0 {
        diagnostics.push(
            Diagnostic::warning(Some(file), format!("@agent {} has no nouns", entry.id))
                .at_line(entry.line),
        );
    }
    true
}

/// Loads a `@modifier SECTOR "Name"` entry (`-` for words that leave the
/// role's sector as it is): its `word:` values and, for a sector, the
/// sectors it replaces (`applies-to:`).
fn load_modifier(
    entry: &RawEntry,
    origin: Origin,
    agents: &mut AgentTable,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let sector = (entry.id != "-").then(|| entry.id.clone());
    if let Some(sector) = &sector {
        check_sector(sector, file, entry.line, diagnostics);
    }
    let mut words = Vec::new();
    let mut applies_to = Vec::new();
    for field in &entry.fields {
        match field.key.as_str() {
            "word" => {
                for word in split_values(&field.value) {
                    if word.contains(' ') {
                        diagnostics.push(
                            Diagnostic::warning(
                                Some(file),
                                format!("modifier `{word}` is not one word; skipped"),
                            )
                            .at_line(field.line),
                        );
                    } else if check_phrase(&word, file, field.line, diagnostics) {
                        words.push(word.to_lowercase());
                    }
                }
            }
            "applies-to" => {
                for applied in split_values(&field.value) {
                    check_sector(&applied, file, field.line, diagnostics);
                    applies_to.push(applied);
                }
            }
            _ => diagnostics.push(unknown_key("modifier", field, file)),
        }
    }
    if words.is_empty() {
        diagnostics
            .push(Diagnostic::warning(Some(file), "@modifier has no words").at_line(entry.line));
    }
    let index = agents.modifiers.len();
    agents.modifiers.push(ModifierEntry {
        sector,
        applies_to,
        name: entry.display.clone().unwrap_or_else(|| entry.id.clone()),
        origin,
    });
    for word in words {
        agents.modifier_words.insert(word, index);
    }
    true
}

fn parse_target_roles(text: &str) -> Result<Vec<TargetRole>, String> {
    let text = text.trim();
    let roles = text
        .strip_prefix("target")
        .ok_or_else(|| format!("expected `target ROLE`, found `{text}`"))?;
    let mut parsed = Vec::new();
    for role in roles.split('|') {
        let role = role.trim();
        if role.is_empty() {
            continue;
        }
        parsed.push(TargetRole::parse(role));
    }
    if parsed.is_empty() {
        return Err("`target` without a role".to_owned());
    }
    Ok(parsed)
}

fn load_event(
    entry: &RawEntry,
    origin: Origin,
    events: &mut EventTable,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let code = entry.id.clone();
    if dyad_ontology::cameo(&code).is_none() {
        diagnostics.push(
            Diagnostic::error(
                Some(file),
                format!("{code} is not a CAMEO event code; entry skipped"),
            )
            .at_line(entry.line),
        );
        return false;
    }
    let mut negated_code = None;
    for field in &entry.fields {
        if field.key == "negated" {
            let value = field.value.trim();
            if dyad_ontology::cameo(value).is_some() {
                negated_code = Some(value.to_owned());
            } else {
                diagnostics.push(
                    Diagnostic::error(
                        Some(file),
                        format!("negated code {value} is not a CAMEO event code"),
                    )
                    .at_line(field.line),
                );
            }
        }
    }
    for field in &entry.fields {
        let word_class = match field.key.as_str() {
            "verb" => WordClass::Verb,
            "noun" => WordClass::Noun,
            "negated" => continue,
            _ => {
                diagnostics.push(unknown_key("event", field, file));
                continue;
            }
        };
        let (phrases, targets) = match field.value.split_once("=>") {
            Some((phrases, targets)) => match parse_target_roles(targets) {
                Ok(roles) => (phrases, roles),
                Err(message) => {
                    diagnostics.push(
                        Diagnostic::error(Some(file), format!("{message}; line skipped"))
                            .at_line(field.line),
                    );
                    continue;
                }
            },
            None => (field.value.as_str(), Vec::new()),
        };
        for phrase in split_values(phrases) {
            let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
            let head_position = match word_class {
                WordClass::Verb => 0,
                WordClass::Noun => words.len().saturating_sub(1),
            };
            let Some(head) = words.get(head_position).cloned() else {
                continue;
            };
            let other_words: Vec<String> = words
                .iter()
                .enumerate()
                .filter(|(position, _)| *position != head_position)
                .map(|(_, word)| word.clone())
                .collect();
            events.add(EventExpression {
                word_class,
                head,
                other_words,
                phrase: phrase.clone(),
                code: Some(code.clone()),
                reverse_code: None,
                targets: targets.clone(),
                negated_code: negated_code.clone(),
                forms: Vec::new(),
                origin: Origin {
                    file: origin.file.clone(),
                    line: field.line,
                },
                petrarch_block: None,
            });
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_need_white_space_before_them() {
        assert_eq!(
            strip_comment("  name: C# fans # a comment"),
            "  name: C# fans "
        );
        assert_eq!(strip_comment("# whole line"), "");
    }

    #[test]
    fn headers() {
        assert_eq!(
            parse_header("@country UKR \"Ukraine\""),
            Ok(("country".into(), "UKR".into(), Some("Ukraine".into())))
        );
        assert_eq!(
            parse_header("@person mark-rutte"),
            Ok(("person".into(), "mark-rutte".into(), None))
        );
        assert!(parse_header("@planet X").is_err());
        assert!(parse_header("@country").is_err());
        assert!(parse_header("@country UKR Ukraine").is_err());
    }
}
