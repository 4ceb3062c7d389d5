//! Reading one event report as a signal about a storyline: which kind of
//! occurrence it speaks of, between whom, and what it says (proposed,
//! agreed, held, postponed, cancelled, denied).

use crate::model::{ReportedEvent, StorylineKind};
use dyad_types::{ActorRef, Date, Event, Modality};
use std::collections::BTreeSet;

/// What a report says about its storyline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Role {
    /// Someone proposes, announces or arranges it.
    Proposal,
    /// A participant says yes.
    Agreement,
    /// It happened.
    Held,
    /// It was put off.
    Postponed,
    /// It was called off.
    Cancelled,
    /// A participant denies agreeing, refuses or rejects it.
    Denial,
}

/// One report read as a storyline signal.
#[derive(Debug, Clone)]
pub(crate) struct Signal {
    /// The kind of occurrence; `None` for a setback or denial whose
    /// sentence names no kind ("the Kremlin denied any agreement").
    pub kind: Option<StorylineKind>,
    /// What the report says.
    pub role: Role,
    /// Country or organisation codes of source and target.
    pub participants: BTreeSet<String>,
    /// Country or organisation codes of the source.
    pub sources: BTreeSet<String>,
    /// Country or organisation code of the attribution's actor.
    pub attributed_to: Option<String>,
    /// The planned date, for planned reports.
    pub planned_date: Option<Date>,
    /// The event's own date, whatever its modality: for a report of
    /// something held, the day it happened.
    pub event_date: Option<Date>,
    /// A named place.
    pub place: Option<String>,
    /// True when the sentence says the place is still open.
    pub place_to_be_determined: bool,
    /// "European-led" or "trilateral" when the sentence says so.
    pub format_words: Option<&'static str>,
    /// A condition set in the sentence.
    pub condition: Option<String>,
}

/// The country or organisation code that identifies an actor as a party,
/// or `None` when the actor was not resolved to one.
pub(crate) fn actor_key(actor: &ActorRef) -> Option<String> {
    actor.country.clone().or_else(|| actor.org.clone())
}

/// Words that say an occurrence was put off.
const POSTPONE_WORDS: [&str; 6] = [
    "postpone",
    "put off",
    "pushed back",
    "delayed",
    "delay the",
    "reschedul",
];
/// Words that say an occurrence was called off.
const CANCEL_WORDS: [&str; 5] = [
    "called off",
    "cancel",
    "scrapped",
    "abandoned plans",
    "call off",
];
/// Words that deny consent.
const DENY_WORDS: [&str; 6] = [
    "denied",
    "denies",
    "deny ",
    "no agreement",
    "rejected",
    "refused",
];
/// Words just before a trigger that say the actor consents.
const CONSENT_WORDS: [&str; 8] = [
    "ready to",
    "ready for",
    "agreed to",
    "agree to",
    "agrees to",
    "willing to",
    "accepted",
    "accepts",
];
/// Words that say the place is still open.
const OPEN_PLACE_WORDS: [&str; 5] = [
    "to be determined",
    "yet to be decided",
    "yet to be agreed",
    "not yet been set",
    "venue has not",
];

/// The kind named by a trigger word, if any.
fn kind_from_words(words: &str, sentence: &str) -> Option<StorylineKind> {
    // Whole words are compared by their start, so "signed" and "meetings"
    // count but "signal" is excluded explicitly and "metres" never matches "met".
    let has = |needle: &str| {
        words
            .split(|character: char| !(character.is_alphanumeric() || character == '-'))
            .any(|word| {
                if needle == "met" {
                    word == "met"
                } else {
                    word.starts_with(needle) && !word.starts_with("signal")
                }
            })
    };
    if has("summit") {
        Some(StorylineKind::Summit)
    } else if has("ceasefire") || has("cease-fire") || has("truce") {
        Some(StorylineKind::Ceasefire)
    } else if (has("exchange") || has("swap"))
        && (sentence.contains("prisoner") || sentence.contains("captive"))
    {
        Some(StorylineKind::PrisonerExchange)
    } else if has("talks") || has("negotiat") {
        Some(StorylineKind::Talks)
    } else if has("visit") {
        Some(StorylineKind::Visit)
    } else if has("deadline") || has("ultimatum") {
        Some(StorylineKind::Deadline)
    } else if has("withdraw") || has("pullout") || has("retreat") {
        Some(StorylineKind::Withdrawal)
    } else if has("sign") {
        Some(StorylineKind::AgreementSigning)
    } else if has("meet") || has("met") {
        Some(StorylineKind::Meeting)
    } else {
        None
    }
}

/// The kind named by a CAMEO code that stands for a storyline occurrence.
fn kind_from_cameo(cameo: &str, sentence: &str) -> Option<StorylineKind> {
    match cameo {
        "036" | "040" | "043" | "044" => Some(StorylineKind::Meeting),
        "042" => Some(StorylineKind::Visit),
        "046" => Some(StorylineKind::Talks),
        "057" => Some(StorylineKind::AgreementSigning),
        "0871" | "0356" => Some(StorylineKind::Ceasefire),
        "0874" | "0872" => Some(StorylineKind::Withdrawal),
        "0841" | "0353" if sentence.contains("exchange") || sentence.contains("swap") => {
            Some(StorylineKind::PrisonerExchange)
        }
        _ => None,
    }
}

/// True for CAMEO codes that say a party intends to meet or settle: a
/// participant's own intent counts as its consent.
fn is_intent_code(cameo: &str) -> bool {
    matches!(cameo, "036" | "0356" | "037" | "038")
}

/// True for CAMEO codes of refusals and denials.
fn is_refusal_code(cameo: &str) -> bool {
    matches!(cameo, "016" | "125" | "1246")
}

/// The lower-case text of the sentence from up to `before` bytes before the
/// trigger to the trigger's end, or the whole sentence when the offsets do
/// not fit (a record from another tool).
fn text_before_trigger(event: &Event, before: usize) -> String {
    let sentence = &event.sentence;
    let start_in_sentence = event.trigger.start.checked_sub(event.sentence_span.start);
    let end_in_sentence = event.trigger.end.checked_sub(event.sentence_span.start);
    let window = match (start_in_sentence, end_in_sentence) {
        (Some(start), Some(end)) => {
            let mut from = start.saturating_sub(before);
            while from > 0 && !sentence.is_char_boundary(from) {
                from -= 1;
            }
            sentence.get(from..end)
        }
        _ => None,
    };
    window.unwrap_or(sentence).to_lowercase()
}

/// The condition a sentence sets, if any ("ceasefire first", "on condition
/// that ...").
fn condition_in(sentence_lower: &str, sentence: &str) -> Option<String> {
    if sentence_lower.contains("ceasefire first")
        || sentence_lower.contains("ceasefire before")
        || sentence_lower.contains("truce first")
    {
        return Some("ceasefire first".to_owned());
    }
    for opener in [
        "on condition that ",
        "only if ",
        "provided that ",
        "only after ",
    ] {
        if let Some(position) = sentence_lower.find(opener) {
            // Lower-casing may change byte lengths outside ASCII, so the
            // clause is cut from the lower-case text, which is what was
            // searched; the original sentence is kept for the fallback.
            let rest = sentence_lower.get(position..).unwrap_or(sentence);
            let end = rest.find([',', '.', ';']).unwrap_or(rest.len());
            return rest.get(..end).map(|clause| clause.trim().to_owned());
        }
    }
    None
}

/// Reads one report as a signal, or `None` when it says nothing about a
/// planned occurrence or names no party.
pub(crate) fn classify(report: &ReportedEvent) -> Option<Signal> {
    let event = &report.event;
    let sentence_lower = event.sentence.to_lowercase();
    let trigger_lower = event.trigger.text.to_lowercase();
    let has_any = |words: &[&str]| words.iter().any(|word| sentence_lower.contains(word));

    let setback = if has_any(&POSTPONE_WORDS) {
        Some(Role::Postponed)
    } else if has_any(&CANCEL_WORDS) {
        Some(Role::Cancelled)
    } else if has_any(&DENY_WORDS)
        || is_refusal_code(&event.cameo)
        || event.modality == Modality::Negated
    {
        Some(Role::Denial)
    } else {
        None
    };

    let own_kind = kind_from_words(&trigger_lower, &sentence_lower)
        .or_else(|| kind_from_cameo(&event.cameo, &sentence_lower));
    let role = match setback {
        Some(role) => role,
        None => {
            // A phone call is a loose event, not something planned.
            if own_kind.is_none() || event.cameo == "041" {
                return None;
            }
            let consenting = event.evidence.rule != "noun-between"
                && (is_intent_code(&event.cameo)
                    || CONSENT_WORDS
                        .iter()
                        .any(|word| text_before_trigger(event, 40).contains(word)));
            match event.modality {
                Modality::Planned | Modality::Hypothetical if consenting => Role::Agreement,
                Modality::Planned | Modality::Hypothetical => Role::Proposal,
                Modality::Asserted | Modality::Claimed if consenting => Role::Agreement,
                Modality::Asserted | Modality::Claimed => Role::Held,
                Modality::Negated => Role::Denial,
            }
        }
    };
    // A setback may name its kind only in the sentence ("Moscow postponed
    // the summit"), so the sentence's words are read when the trigger has none.
    let kind = match role {
        Role::Postponed | Role::Cancelled | Role::Denial => {
            own_kind.or_else(|| kind_from_words(&sentence_lower, &sentence_lower))
        }
        _ => own_kind,
    };

    let mut sources = BTreeSet::new();
    let mut participants = BTreeSet::new();
    if let Some(key) = actor_key(&event.source) {
        sources.insert(key.clone());
        participants.insert(key);
    }
    if let Some(key) = event.target.as_ref().and_then(actor_key) {
        participants.insert(key);
    }
    if participants.is_empty() {
        return None;
    }
    let format_words = if sentence_lower.contains("european-led") {
        Some("European-led")
    } else if sentence_lower.contains("three-way") || sentence_lower.contains("trilateral") {
        Some("trilateral")
    } else {
        None
    };
    Some(Signal {
        kind,
        role,
        participants,
        sources,
        attributed_to: event
            .attribution
            .as_ref()
            .and_then(|attribution| attribution.actor.as_ref())
            .and_then(actor_key),
        planned_date: match event.modality {
            Modality::Planned => event.date,
            _ => None,
        },
        event_date: event.date,
        place: event
            .location
            .as_ref()
            .map(|location| location.name.clone()),
        place_to_be_determined: has_any(&OPEN_PLACE_WORDS),
        format_words,
        condition: condition_in(&sentence_lower, &event.sentence),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn condition_is_cut_at_the_clause_end() {
        let sentence = "Delhi will attend only if the shelling stops, officials said.";
        assert_eq!(
            condition_in(&sentence.to_lowercase(), sentence).as_deref(),
            Some("only if the shelling stops")
        );
        assert_eq!(
            condition_in("they want a ceasefire first.", "x").as_deref(),
            Some("ceasefire first")
        );
        assert_eq!(condition_in("nothing here.", "nothing here."), None);
    }

    #[test]
    fn trigger_kinds_prefer_the_specific_word() {
        assert_eq!(kind_from_words("summit", ""), Some(StorylineKind::Summit));
        assert_eq!(
            kind_from_words("exchange", "a prisoner exchange"),
            Some(StorylineKind::PrisonerExchange)
        );
        assert_eq!(kind_from_words("exchange", "an exchange of views"), None);
        assert_eq!(kind_from_words("met", ""), Some(StorylineKind::Meeting));
    }
}
