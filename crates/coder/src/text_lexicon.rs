//! A [`Lexicon`] over dictionaries in dyad's `.dict` format.
//!
//! This reader exists so that the coder can be built and tested before the
//! `dyad-dict` crate offers its matcher; it covers the parts of the format
//! the coder queries (see `docs/formats/dictionary.md`). Anything it does
//! not understand becomes a diagnostic with `file:line`, never a failure.

use crate::lexicon::{
    ActorEntry, ActorKind, AgentMatch, EventPattern, Lexicon, PatternKind, PhraseMatch, TargetRole,
    Word,
};
use dyad_types::{Date, Diagnostic};
use std::collections::HashMap;

/// A person's office in a period.
#[derive(Debug, Clone)]
struct Role {
    actor: String,
    sector: Option<String>,
    from: Option<Date>,
    to: Option<Date>,
    title: String,
}

/// One phrase of an actor entry, split into words.
#[derive(Debug, Clone)]
struct ActorPhrase {
    words: Vec<String>,
    /// Index into `TextLexicon::actors`.
    actor: usize,
    /// The kind this phrase gives (a country's adjective differs from its name).
    kind: ActorKind,
    /// Sector the phrase itself gives (demonyms give `CVL`, seats their sector).
    sector: Option<String>,
}

/// An entry as read from the file, before phrases point at it.
#[derive(Debug, Clone)]
struct ActorRecord {
    kind: ActorKind,
    id: String,
    code: Option<String>,
    country: Option<String>,
    sector: Option<String>,
    name: Option<String>,
    roles: Vec<Role>,
    origin: String,
}

/// Dictionaries in dyad's `.dict` format, indexed for the coder.
#[derive(Debug, Default)]
pub struct TextLexicon {
    actors: Vec<ActorRecord>,
    /// Actor phrases by their first word in lower case.
    actor_phrases: HashMap<String, Vec<ActorPhrase>>,
    /// Agent phrases by their first word in lower case: (words, sector).
    agent_phrases: HashMap<String, Vec<(Vec<String>, String)>>,
    verb_patterns: HashMap<String, Vec<EventPattern>>,
    noun_patterns: HashMap<String, Vec<EventPattern>>,
}

/// Regular English plurals of a role noun ("soldier" → "soldiers", "party" → "parties").
fn regular_plural(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.ends_with('s')
        || lower.ends_with('x')
        || lower.ends_with("ch")
        || lower.ends_with("sh")
    {
        format!("{word}es")
    } else if lower.ends_with('y')
        && !lower.ends_with("ay")
        && !lower.ends_with("ey")
        && !lower.ends_with("oy")
    {
        format!("{}ies", &word[..word.len() - 1])
    } else {
        format!("{word}s")
    }
}

/// Whether a dictionary word matches a word of text, under the format's
/// case rule: a word with a capital matches only the same capitalisation or
/// the same word in all capitals; a lower-case word matches any case.
fn word_matches(dictionary_word: &str, text: &str) -> bool {
    if dictionary_word.chars().any(char::is_uppercase) {
        text == dictionary_word
            || (text.chars().any(char::is_alphabetic)
                && !text.chars().any(char::is_lowercase)
                && text == dictionary_word.to_uppercase())
    } else {
        text.eq_ignore_ascii_case(dictionary_word)
            || (!text.is_ascii() && text.to_lowercase() == dictionary_word)
    }
}

fn parse_date(text: &str) -> Result<Option<Date>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("bad date {text:?}"))
}

/// Splits a `FROM..TO` range.
fn parse_range(text: &str) -> Result<(Option<Date>, Option<Date>), String> {
    let (from, to) = text
        .split_once("..")
        .ok_or_else(|| format!("bad date range {text:?}"))?;
    Ok((parse_date(from.trim())?, parse_date(to.trim())?))
}

impl TextLexicon {
    /// An empty lexicon, to which files are added with [`TextLexicon::add_file`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads one `.dict` file's content. `path` is used only in diagnostics
    /// and pattern origins.
    pub fn add_file(&mut self, path: &str, content: &str) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        let mut current: Option<(String, String, Option<String>, u64)> = None;
        let mut fields: Vec<(String, String, u64)> = Vec::new();
        for (index, raw_line) in content.lines().enumerate() {
            let line_number = index as u64 + 1;
            let line = strip_comment(raw_line);
            if line.trim().is_empty() {
                continue;
            }
            if line.starts_with('@') {
                if let Some((kind, id, name, at)) = current.take() {
                    self.add_entry(path, &kind, &id, name, at, &fields, &mut diagnostics);
                }
                fields.clear();
                let mut parts = line.trim().splitn(2, char::is_whitespace);
                let kind = parts
                    .next()
                    .unwrap_or("")
                    .trim_start_matches('@')
                    .to_owned();
                let rest = parts.next().unwrap_or("").trim();
                let (id, name) = match rest.split_once('"') {
                    Some((id, name)) => (
                        id.trim().to_owned(),
                        Some(name.trim_end_matches('"').to_owned()),
                    ),
                    None => (rest.to_owned(), None),
                };
                if id.is_empty() {
                    diagnostics.push(
                        Diagnostic::error(Some(path), "entry header without an id")
                            .at_line(line_number),
                    );
                    continue;
                }
                current = Some((kind, id, name, line_number));
            } else if line.starts_with(char::is_whitespace) {
                match line.trim().split_once(':') {
                    Some((key, value)) => {
                        fields.push((key.trim().to_owned(), value.trim().to_owned(), line_number))
                    }
                    None => diagnostics.push(
                        Diagnostic::warning(Some(path), "field line without `key:`; skipped")
                            .at_line(line_number),
                    ),
                }
            } else {
                diagnostics.push(
                    Diagnostic::warning(Some(path), "line outside any entry; skipped")
                        .at_line(line_number),
                );
            }
        }
        if let Some((kind, id, name, at)) = current.take() {
            self.add_entry(path, &kind, &id, name, at, &fields, &mut diagnostics);
        }
        self.resolve_person_codes();
        diagnostics
    }

    /// Turns person roles into codes once all organisations are known; a
    /// role's actor may be an organisation id whose code differs from the id.
    fn resolve_person_codes(&mut self) {
        let org_codes: HashMap<String, Option<String>> = self
            .actors
            .iter()
            .filter(|record| record.kind == ActorKind::Organisation)
            .map(|record| (record.id.clone(), record.code.clone()))
            .collect();
        for record in &mut self.actors {
            for role in &mut record.roles {
                if let Some(Some(code)) = org_codes.get(&role.actor) {
                    // Keep the id in `actor` for the `org` field; the code is looked up at match time.
                    role.actor = format!("{}={}", role.actor, code);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add_entry(
        &mut self,
        path: &str,
        kind: &str,
        id: &str,
        name: Option<String>,
        line: u64,
        fields: &[(String, String, u64)],
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let origin = format!("{path}:{line}");
        let values = |key: &str| -> Vec<(String, u64)> {
            fields
                .iter()
                .filter(|(k, _, _)| k == key)
                .flat_map(|(_, v, at)| {
                    v.split('|')
                        .map(|s| (s.trim().to_owned(), *at))
                        .collect::<Vec<_>>()
                })
                .filter(|(v, _)| !v.is_empty())
                .collect()
        };
        let actor_kind = match kind {
            "country" => Some(ActorKind::Country),
            "region" => Some(ActorKind::Region),
            "org" => Some(ActorKind::Organisation),
            "group" => Some(ActorKind::Group),
            "person" => Some(ActorKind::Person),
            _ => None,
        };
        if let Some(actor_kind) = actor_kind {
            let first_value = |key: &str| values(key).into_iter().next().map(|(v, _)| v);
            let mut roles = Vec::new();
            for (role, at) in values("role") {
                let mut parts = role.split_whitespace();
                let (Some(actor), Some(sector), Some(range)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    diagnostics.push(
                        Diagnostic::error(Some(path), format!("malformed role {role:?}"))
                            .at_line(at),
                    );
                    continue;
                };
                match parse_range(range) {
                    Ok((from, to)) => roles.push(Role {
                        actor: actor.to_owned(),
                        sector: (sector != "-").then(|| sector.to_owned()),
                        from,
                        to,
                        title: parts.collect::<Vec<_>>().join(" ").to_lowercase(),
                    }),
                    Err(message) => {
                        diagnostics.push(Diagnostic::error(Some(path), message).at_line(at))
                    }
                }
            }
            let code = match actor_kind {
                ActorKind::Country | ActorKind::Region => Some(id.to_owned()),
                _ => first_value("code"),
            };
            let record = ActorRecord {
                kind: actor_kind,
                id: id.to_owned(),
                code,
                country: match actor_kind {
                    ActorKind::Country => Some(id.to_owned()),
                    _ => first_value("country"),
                },
                sector: first_value("sector"),
                name: name.clone().or_else(|| first_value("name")),
                roles,
                origin,
            };
            let index = self.actors.len();
            self.actors.push(record);
            let mut phrases: Vec<(String, ActorKind, Option<String>)> = Vec::new();
            for (value, _) in values("name").into_iter().chain(values("alias")) {
                phrases.push((value, actor_kind, None));
            }
            for (value, _) in values("adjective") {
                phrases.push((value, ActorKind::CountryAdjective, None));
            }
            for (value, _) in values("demonym") {
                phrases.push((value, actor_kind, Some("CVL".to_owned())));
            }
            for (value, _) in values("capital") {
                phrases.push((value, ActorKind::Seat, Some("GOV".to_owned())));
            }
            for (value, at) in values("seat") {
                match value.split_once("=>") {
                    Some((phrase, sector)) => phrases.push((
                        phrase.trim().to_owned(),
                        ActorKind::Seat,
                        Some(sector.trim().to_owned()),
                    )),
                    None => diagnostics.push(
                        Diagnostic::warning(
                            Some(path),
                            format!("seat {value:?} without `=> SECTOR`"),
                        )
                        .at_line(at),
                    ),
                }
            }
            for (phrase, kind, sector) in phrases {
                let words: Vec<String> = phrase.split_whitespace().map(str::to_owned).collect();
                let Some(first) = words.first() else { continue };
                self.actor_phrases
                    .entry(first.to_lowercase())
                    .or_default()
                    .push(ActorPhrase {
                        words,
                        actor: index,
                        kind,
                        sector,
                    });
            }
            return;
        }
        match kind {
            "agent" => {
                let sector = id.to_owned();
                let mut phrases: Vec<String> = Vec::new();
                for (noun, _) in values("noun") {
                    let plural = match noun.rsplit_once(' ') {
                        Some((front, last)) => format!("{front} {}", regular_plural(last)),
                        None => regular_plural(&noun),
                    };
                    phrases.push(noun);
                    phrases.push(plural);
                }
                phrases.extend(values("plural").into_iter().map(|(v, _)| v));
                phrases.extend(values("title").into_iter().map(|(v, _)| v));
                for phrase in phrases {
                    let words: Vec<String> =
                        phrase.split_whitespace().map(str::to_lowercase).collect();
                    let Some(first) = words.first().cloned() else {
                        continue;
                    };
                    self.agent_phrases
                        .entry(first)
                        .or_default()
                        .push((words, sector.clone()));
                }
            }
            "event" => {
                let negated = values("negated").into_iter().next().map(|(v, _)| v);
                for (key, pattern_kind) in
                    [("verb", PatternKind::Verb), ("noun", PatternKind::Noun)]
                {
                    for (key_name, value, at) in fields.iter() {
                        if key_name != key {
                            continue;
                        }
                        let (phrases, roles) = match value.split_once("=>") {
                            Some((phrases, roles)) => (phrases, parse_roles(roles)),
                            None => (value.as_str(), Vec::new()),
                        };
                        for phrase in phrases.split('|') {
                            let words: Vec<String> =
                                phrase.split_whitespace().map(str::to_lowercase).collect();
                            // A verb phrase is headed by its first word ("speak by phone"), a
                            // noun phrase by its last ("phone call").
                            let split = match pattern_kind {
                                PatternKind::Verb => words.split_first(),
                                PatternKind::Noun => words.split_last(),
                            };
                            let Some((head, extra)) = split else { continue };
                            let pattern = EventPattern {
                                kind: pattern_kind,
                                cameo: id.to_owned(),
                                head: head.clone(),
                                extra_words: extra.to_vec(),
                                extra_choices: Vec::new(),
                                target_roles: roles.clone(),
                                negated_code: negated.clone(),
                                reverse_code: None,
                                text: format!("{key}: {}", phrase.trim()),
                                origin: Some(format!("{path}:{at}")),
                            };
                            let table = match pattern_kind {
                                PatternKind::Verb => &mut self.verb_patterns,
                                PatternKind::Noun => &mut self.noun_patterns,
                            };
                            table.entry(head.clone()).or_default().push(pattern);
                        }
                    }
                }
            }
            other => diagnostics.push(
                Diagnostic::warning(Some(path), format!("unknown entry kind @{other}; skipped"))
                    .at_line(line),
            ),
        }
    }

    fn entry_for(&self, phrase: &ActorPhrase, date: Option<Date>) -> Option<ActorEntry> {
        let record = self.actors.get(phrase.actor)?;
        let mut entry = ActorEntry {
            kind: phrase.kind,
            code: record.code.clone(),
            country: record.country.clone(),
            org: (record.kind == ActorKind::Organisation).then(|| record.id.clone()),
            sector: phrase.sector.clone().or_else(|| record.sector.clone()),
            name: record.name.clone(),
            title: None,
            origin: Some(record.origin.clone()),
        };
        if record.kind == ActorKind::Person {
            let applicable = record.roles.iter().filter(|role| match date {
                Some(date) => {
                    role.from.is_none_or(|from| from <= date) && role.to.is_none_or(|to| date <= to)
                }
                None => role.to.is_none(),
            });
            // The shortest applicable range is the most specific office.
            let role = applicable.min_by_key(|role| match (role.from, role.to) {
                (Some(from), Some(to)) => (to - from).num_days(),
                _ => i64::MAX,
            });
            match role {
                Some(role) => {
                    let (actor_id, actor_code) = match role.actor.split_once('=') {
                        Some((id, code)) => (id.to_owned(), code.to_owned()),
                        None => (role.actor.clone(), role.actor.clone()),
                    };
                    let is_country =
                        actor_id.len() == 3 && actor_id.chars().all(|c| c.is_ascii_uppercase());
                    let org_like = actor_code != actor_id || !is_country;
                    entry.country = (!org_like).then(|| actor_id.clone());
                    entry.org = org_like.then(|| actor_id.clone());
                    entry.sector = role.sector.clone();
                    entry.code = Some(format!(
                        "{actor_code}{}",
                        role.sector.as_deref().unwrap_or("")
                    ));
                    entry.title = Some(role.title.clone());
                }
                None => {
                    entry.code = None;
                    entry.country = None;
                }
            }
        } else if let (Some(code), Some(sector)) = (&entry.code, &phrase.sector) {
            entry.code = Some(format!("{code}{sector}"));
        }
        Some(entry)
    }
}

/// Drops a `#` comment that starts a line or follows white space.
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (index, byte) in bytes.iter().enumerate() {
        if *byte == b'#'
            && (index == 0 || bytes.get(index - 1).is_some_and(u8::is_ascii_whitespace))
        {
            return line.get(..index).unwrap_or(line);
        }
    }
    line
}

fn parse_roles(text: &str) -> Vec<TargetRole> {
    let text = text.trim();
    let text = text.strip_prefix("target").unwrap_or(text);
    text.split('|')
        .map(str::trim)
        .filter(|role| !role.is_empty())
        .map(|role| match role {
            "obj" => TargetRole::Object,
            "iobj" => TargetRole::IndirectObject,
            "subj-pass" => TargetRole::PassiveSubject,
            preposition => TargetRole::Preposition(preposition.to_lowercase()),
        })
        .collect()
}

/// Whether `words` (dictionary words) match the text from `start`.
fn phrase_matches(
    phrase: &[String],
    words: &[Word<'_>],
    start: usize,
    case_sensitive: bool,
) -> bool {
    phrase.iter().enumerate().all(|(offset, dictionary_word)| {
        let Some(word) = start.checked_add(offset).and_then(|index| words.get(index)) else {
            return false;
        };
        if case_sensitive {
            word_matches(dictionary_word, word.text)
        } else {
            word.lower_text == dictionary_word || word.lower_lemma == dictionary_word
        }
    })
}

impl Lexicon for TextLexicon {
    fn actor_at(
        &self,
        words: &[Word<'_>],
        start: usize,
        date: Option<Date>,
    ) -> Option<PhraseMatch> {
        let first = words.get(start)?;
        let candidates = self.actor_phrases.get(first.lower_text)?;
        candidates
            .iter()
            .filter(|phrase| phrase_matches(&phrase.words, words, start, true))
            .max_by_key(|phrase| phrase.words.len())
            .and_then(|phrase| {
                Some(PhraseMatch {
                    word_count: phrase.words.len(),
                    entry: self.entry_for(phrase, date)?,
                })
            })
    }

    fn agent_at(&self, words: &[Word<'_>], start: usize) -> Option<AgentMatch> {
        let first = words.get(start)?;
        let mut candidates: Vec<&(Vec<String>, String)> = Vec::new();
        for key in [first.lower_text, first.lower_lemma] {
            if let Some(list) = self.agent_phrases.get(key) {
                candidates.extend(list.iter());
            }
        }
        candidates
            .into_iter()
            .filter(|(phrase, _)| phrase_matches(phrase, words, start, false))
            .max_by_key(|(phrase, _)| phrase.len())
            .map(|(phrase, sector)| AgentMatch {
                word_count: phrase.len(),
                sector: sector.clone(),
            })
    }

    fn verb_patterns(&self, lemma: &str) -> &[EventPattern] {
        self.verb_patterns.get(lemma).map_or(&[], Vec::as_slice)
    }

    fn noun_patterns(&self, lemma: &str) -> &[EventPattern] {
        self.noun_patterns.get(lemma).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
@country RUS \"Russia\"
  name: Russia | Russian Federation
  adjective: Russian
  seat: the Kremlin => GOV
@org NATO \"NATO\"
  name: NATO
  code: IGOWSTNAT
@person mark-rutte \"Mark Rutte\"
  name: Mark Rutte
  alias: Rutte
  role: NLD GOV 2010-10-14..2024-07-02 prime minister
  role: NATO - 2024-10-01.. secretary general
@agent MIL \"Military\"
  noun: troops | soldier
@event 041 \"Discuss by telephone\"
  verb: phone => target obj
  noun: phone call => target with | to
@bogus X
";

    fn words<'a>(texts: &[&'a str], lower: &'a [String]) -> Vec<Word<'a>> {
        texts
            .iter()
            .zip(lower)
            .map(|(text, lower)| Word {
                text,
                lemma: text,
                lower_text: lower,
                lower_lemma: lower,
            })
            .collect()
    }

    fn lower(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|text| text.to_lowercase()).collect()
    }

    #[test]
    fn person_codes_follow_the_dated_role() {
        let mut lexicon = TextLexicon::new();
        let diagnostics = lexicon.add_file("test.dict", SAMPLE);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].line, Some(18));
        let texts = ["Mark", "Rutte", "spoke"];
        let lowered = lower(&texts);
        let text = words(&texts, &lowered);
        let date = Date::from_ymd_opt(2025, 8, 19);
        let found = lexicon.actor_at(&text, 0, date).expect("match");
        assert_eq!(found.word_count, 2);
        assert_eq!(found.entry.code.as_deref(), Some("IGOWSTNAT"));
        assert_eq!(found.entry.org.as_deref(), Some("NATO"));
        let earlier = lexicon
            .actor_at(&text, 0, Date::from_ymd_opt(2020, 1, 1))
            .expect("match");
        assert_eq!(earlier.entry.code.as_deref(), Some("NLDGOV"));
        let between = lexicon
            .actor_at(&text, 0, Date::from_ymd_opt(2024, 8, 1))
            .expect("match");
        assert_eq!(between.entry.code, None);
    }

    #[test]
    fn case_rule_and_seats() {
        let mut lexicon = TextLexicon::new();
        lexicon.add_file("test.dict", SAMPLE);
        assert!(lexicon
            .actor_at(&words(&["RUSSIA"], &lower(&["RUSSIA"])), 0, None)
            .is_some());
        assert!(lexicon
            .actor_at(&words(&["russia"], &lower(&["russia"])), 0, None)
            .is_none());
        let seat = lexicon
            .actor_at(
                &words(&["the", "Kremlin"], &lower(&["the", "Kremlin"])),
                0,
                None,
            )
            .expect("seat");
        assert_eq!(seat.entry.code.as_deref(), Some("RUSGOV"));
        let agent = lexicon
            .agent_at(&words(&["soldiers"], &lower(&["soldiers"])), 0)
            .expect("plural");
        assert_eq!(agent.sector, "MIL");
        assert_eq!(
            lexicon.noun_patterns("call")[0].extra_words,
            vec!["phone".to_owned()]
        );
        assert_eq!(
            lexicon.noun_patterns("call")[0].target_roles,
            vec![
                TargetRole::Preposition("with".into()),
                TargetRole::Preposition("to".into())
            ]
        );
    }
}
