//! A [`Lexicon`] over the `dyad-dict` tables: the built-in dictionaries and
//! any dyad or PETRARCH files the user loads.
//!
//! The dictionary crate matches a whole sentence at once and already joins
//! role nouns with their country ("Ukrainian troops" → `UKRMIL`) and titles
//! with their person, so this adapter answers the coder's sentence-level
//! questions directly and keeps the per-position ones for completeness.

use crate::lexicon::{
    ActorEntry, ActorKind, AgentMatch, EventPattern, Lexicon, PatternKind, PhraseMatch, PlaceMatch,
    SentencePhrases, TargetRole, Word,
};
use dyad_dict::{
    ActorMention, Dictionaries, EventTable, MentionKind, PatternElement, PatternNoun,
    PetrarchPattern, WordClass,
};
use dyad_types::Date;
use std::collections::HashMap;
use std::sync::Arc;

/// The `dyad-dict` dictionaries as the coder's [`Lexicon`].
pub struct DictLexicon {
    dictionaries: Arc<Dictionaries>,
    verb_patterns: HashMap<String, Vec<EventPattern>>,
    noun_patterns: HashMap<String, Vec<EventPattern>>,
}

fn convert_role(role: &dyad_dict::TargetRole) -> TargetRole {
    match role {
        dyad_dict::TargetRole::Object => TargetRole::Object,
        dyad_dict::TargetRole::IndirectObject => TargetRole::IndirectObject,
        dyad_dict::TargetRole::PassiveSubject => TargetRole::PassiveSubject,
        dyad_dict::TargetRole::Preposition(word) => TargetRole::Preposition(word.to_lowercase()),
    }
}

impl DictLexicon {
    /// Indexes the event expressions of the dictionaries by head word (and,
    /// for verbs, by the inflected forms the dictionary lists, for lemmas
    /// the lemmatiser misses).
    pub fn new(dictionaries: Arc<Dictionaries>) -> Self {
        let mut verb_patterns: HashMap<String, Vec<EventPattern>> = HashMap::new();
        let mut noun_patterns: HashMap<String, Vec<EventPattern>> = HashMap::new();
        let mut converted_blocks: HashMap<usize, Vec<EventPattern>> = HashMap::new();
        for expression in dictionaries.events().expressions() {
            // PETRARCH's null code `---` leaves the bare verb uncoded (an empty
            // code codes nothing) while its block's patterns still apply. A
            // reverse-only code (`[:110]`) reports only the reverse event.
            let (cameo, reverse_code) = match (&expression.code, &expression.reverse_code) {
                (Some(code), reverse) => (code.clone(), reverse.clone()),
                (None, reverse) => (String::new(), reverse.clone()),
            };
            let kind = match expression.word_class {
                WordClass::Verb => PatternKind::Verb,
                WordClass::Noun => PatternKind::Noun,
            };
            let pattern = EventPattern {
                kind,
                cameo,
                head: expression.head.to_lowercase(),
                extra_words: expression
                    .other_words
                    .iter()
                    .map(|w| w.to_lowercase())
                    .collect(),
                extra_choices: Vec::new(),
                target_roles: expression.targets.iter().map(convert_role).collect(),
                negated_code: expression.negated_code.clone(),
                reverse_code,
                text: expression.phrase.clone(),
                origin: Some(expression.origin.to_string()),
            };
            // A PETRARCH verb also carries its block's patterns ("- * TALKS [164:164]").
            let mut block_patterns = Vec::new();
            if let (WordClass::Verb, Some(block_index)) =
                (expression.word_class, expression.petrarch_block)
            {
                let converted = converted_blocks.entry(block_index).or_insert_with(|| {
                    dictionaries
                        .events()
                        .petrarch_block(block_index)
                        .map(|block| {
                            block
                                .patterns
                                .iter()
                                .filter_map(|line| convert_petrarch(line, dictionaries.events()))
                                .collect()
                        })
                        .unwrap_or_default()
                });
                for converted_pattern in converted.iter() {
                    let mut specific = converted_pattern.clone();
                    specific.head = pattern.head.clone();
                    let mut words = pattern.extra_words.clone();
                    words.append(&mut specific.extra_words);
                    specific.extra_words = words;
                    block_patterns.push(specific);
                }
            }
            let table = match kind {
                PatternKind::Verb => &mut verb_patterns,
                PatternKind::Noun => &mut noun_patterns,
            };
            let mut keys = vec![pattern.head.clone()];
            keys.extend(expression.forms.iter().map(|form| form.to_lowercase()));
            keys.sort();
            keys.dedup();
            for key in keys {
                let entry = table.entry(key).or_default();
                if !pattern.cameo.is_empty() || pattern.reverse_code.is_some() {
                    entry.push(pattern.clone());
                }
                entry.extend(block_patterns.iter().cloned());
            }
        }
        DictLexicon {
            dictionaries,
            verb_patterns,
            noun_patterns,
        }
    }

    /// The dictionaries behind this lexicon.
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dictionaries
    }
}

fn entry_of(mention: &ActorMention) -> ActorEntry {
    let kind = match mention.kind {
        MentionKind::Country | MentionKind::Demonym => ActorKind::Country,
        MentionKind::Region => ActorKind::Region,
        MentionKind::Organization => ActorKind::Organisation,
        MentionKind::Group | MentionKind::PetrarchActor => ActorKind::Group,
        MentionKind::Person => ActorKind::Person,
        MentionKind::Metonym => ActorKind::Seat,
        MentionKind::AgentPhrase => ActorKind::AgentPhrase,
    };
    ActorEntry {
        kind,
        code: mention.code.clone(),
        country: mention.country.clone(),
        org: mention.org.clone(),
        sector: mention.sector.clone(),
        name: mention.name.clone(),
        title: None,
        origin: mention.entry.as_ref().map(ToString::to_string),
    }
}

impl Lexicon for DictLexicon {
    fn actor_at(
        &self,
        words: &[Word<'_>],
        start: usize,
        date: Option<Date>,
    ) -> Option<PhraseMatch> {
        self.sentence_actors(words, date)
            .into_iter()
            .find(|(first, _)| *first == start)
            .map(|(_, phrase)| phrase)
    }

    fn agent_at(&self, words: &[Word<'_>], start: usize) -> Option<AgentMatch> {
        self.sentence_agents(words)
            .into_iter()
            .find(|(first, _)| *first == start)
            .map(|(_, agent)| agent)
    }

    fn verb_patterns(&self, lemma: &str) -> &[EventPattern] {
        self.verb_patterns.get(lemma).map_or(&[], Vec::as_slice)
    }

    fn noun_patterns(&self, lemma: &str) -> &[EventPattern] {
        self.noun_patterns.get(lemma).map_or(&[], Vec::as_slice)
    }

    fn place_at(&self, words: &[Word<'_>], start: usize) -> Option<PlaceMatch> {
        let texts: Vec<&str> = words.iter().map(|word| word.text).collect();
        let place = self.dictionaries.place_at(&texts, start)?;
        // The gazetteer may leave a disambiguator out of the phrase; the
        // coder asks about phrases that begin where it points.
        if place.tokens.start != start || place.tokens.is_empty() {
            return None;
        }
        Some(PlaceMatch {
            word_count: place.tokens.len(),
            name: place.name,
            country: place.country,
        })
    }

    fn sentence_phrases(&self, words: &[Word<'_>], date: Option<Date>) -> SentencePhrases {
        let texts: Vec<&str> = words.iter().map(|word| word.text).collect();
        let mentions = self.dictionaries.match_actors(&texts, date);
        (actors_of(&mentions), agents_of(&mentions))
    }

    fn sentence_actors(&self, words: &[Word<'_>], date: Option<Date>) -> Vec<(usize, PhraseMatch)> {
        let texts: Vec<&str> = words.iter().map(|word| word.text).collect();
        actors_of(&self.dictionaries.match_actors(&texts, date))
    }

    fn sentence_agents(&self, words: &[Word<'_>]) -> Vec<(usize, AgentMatch)> {
        let texts: Vec<&str> = words.iter().map(|word| word.text).collect();
        agents_of(&self.dictionaries.match_actors(&texts, None))
    }
}

/// A role noun without a country or organisation ("the army"): the
/// dictionary codes it as its sector alone, which names no actor.
fn is_bare_role(mention: &ActorMention) -> bool {
    mention.kind == MentionKind::AgentPhrase
        && mention.country.is_none()
        && mention.org.is_none()
        && (mention.code.is_none() || mention.code == mention.sector)
}

/// The mentions that name actors, as phrase matches.
fn actors_of(mentions: &[ActorMention]) -> Vec<(usize, PhraseMatch)> {
    mentions
        .iter()
        // A bare role noun ("the army") is a role, not an actor; the
        // coder gives it a country from its context when it can.
        .filter(|mention| !is_bare_role(mention))
        .filter(|mention| !mention.tokens.is_empty())
        .map(|mention| {
            (
                mention.tokens.start,
                PhraseMatch {
                    word_count: mention.tokens.len(),
                    entry: entry_of(mention),
                },
            )
        })
        .collect()
}

/// The role nouns among the mentions, each on its role noun's word.
fn agents_of(mentions: &[ActorMention]) -> Vec<(usize, AgentMatch)> {
    mentions
        .iter()
        .filter(|mention| mention.kind == MentionKind::AgentPhrase)
        .filter_map(|mention| {
            let sector = mention.sector.clone()?;
            // The role noun is where the dictionary says: the last word of
            // "Ukrainian troops", "groups" in "opposition groups in Zimbabwe".
            let role = mention.role_token?;
            Some((
                role,
                AgentMatch {
                    word_count: 1,
                    sector,
                },
            ))
        })
        .collect()
}

/// The lower-case words a PETRARCH pattern noun stands for: the word itself,
/// or every member (and generated plural) of a synset. `None` for a synset
/// the dictionary does not define, which can never match.
fn pattern_words(noun: &PatternNoun, events: &EventTable) -> Option<Vec<String>> {
    let clean = |word: &str| word.trim_end_matches('_').replace('_', " ").to_lowercase();
    if noun.head.starts_with('&') {
        let synset = events.synset(&noun.head)?;
        let mut words: Vec<String> = synset
            .members
            .iter()
            .map(|member| clean(&member.head))
            .chain(synset.plurals.iter().map(|plural| clean(plural)))
            .filter(|word| !word.is_empty() && !word.contains(' '))
            .collect();
        words.sort();
        words.dedup();
        (!words.is_empty()).then_some(words)
    } else {
        let word = clean(&noun.head);
        (!word.is_empty() && !word.contains(' ')).then(|| vec![word])
    }
}

/// Converts a PETRARCH verb pattern into the coder's pattern shape: the
/// nouns and prepositions after the verb become required words (a synset
/// becomes a set of alternatives), a bare `(PREP)` names where the target
/// is, and `+` the direct object. Patterns with words before the verb are
/// left out, because the coder's patterns do not constrain the subject.
fn convert_petrarch(pattern: &PetrarchPattern, events: &EventTable) -> Option<EventPattern> {
    let constrains_subject = pattern.before_verb.iter().any(|element| {
        matches!(
            element,
            PatternElement::Noun(_) | PatternElement::Preposition { .. }
        )
    });
    if constrains_subject {
        return None;
    }
    let forward = pattern.code.forward.clone();
    let reverse = pattern.code.reverse.clone();
    if forward.is_none() && reverse.is_none() {
        return None;
    }
    let mut extra_words = Vec::new();
    let mut extra_choices: Vec<Arc<[String]>> = Vec::new();
    let mut target_roles = Vec::new();
    for element in &pattern.after_verb {
        let noun = match element {
            PatternElement::Noun(noun) => Some(noun),
            PatternElement::Preposition {
                preposition,
                object,
            } => {
                let preposition = preposition.to_lowercase();
                extra_words.push(preposition.clone());
                if object.is_none() {
                    target_roles.push(TargetRole::Preposition(preposition));
                }
                object.as_ref()
            }
            PatternElement::Target => {
                target_roles.push(TargetRole::Object);
                None
            }
            PatternElement::Source | PatternElement::Skip | PatternElement::Compound => None,
        };
        if let Some(noun) = noun {
            let mut choices = pattern_words(noun, events)?;
            if choices.len() == 1 {
                extra_words.append(&mut choices);
            } else {
                extra_choices.push(Arc::from(choices));
            }
        }
    }
    Some(EventPattern {
        kind: PatternKind::Verb,
        cameo: forward.unwrap_or_default(),
        head: String::new(),
        extra_words,
        extra_choices,
        target_roles,
        negated_code: None,
        reverse_code: reverse,
        text: pattern
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        origin: Some(pattern.origin.to_string()),
    })
}
