use crate::{Date, Span};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Version of the event record schema documented in
/// `docs/formats/event-record.md`. Fields may be added within a version;
/// none are renamed or removed.
pub const EVENT_RECORD_VERSION: u32 = 1;

/// What a date stands for: the day itself, or the period starting on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// A single day.
    Day,
    /// A week, starting on Monday.
    Week,
    /// A calendar month, starting on its first day.
    Month,
    /// A calendar year, starting on 1 January.
    Year,
}

/// How sure the text is that the event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Reported as having happened or happening.
    Asserted,
    /// Announced, arranged, scheduled or intended ("will meet", "plans to").
    Planned,
    /// Possible or conditional ("could", "if", "would").
    Hypothetical,
    /// Explicitly did not happen ("did not meet").
    Negated,
    /// A hedged or disputed claim ("claimed", "reportedly", "allegedly").
    Claimed,
}

impl Modality {
    /// The lower-case name used in records and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Planned => "planned",
            Modality::Hypothetical => "hypothetical",
            Modality::Negated => "negated",
            Modality::Claimed => "claimed",
        }
    }

    /// Parses the lower-case name.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "asserted" => Modality::Asserted,
            "planned" => Modality::Planned,
            "hypothetical" => Modality::Hypothetical,
            "negated" => Modality::Negated,
            "claimed" => Modality::Claimed,
            _ => return None,
        })
    }

    /// Every modality, in declaration order.
    pub const ALL: [Modality; 5] = [
        Modality::Asserted,
        Modality::Planned,
        Modality::Hypothetical,
        Modality::Negated,
        Modality::Claimed,
    ];
}

/// A reference from an event to an actor, as resolved by the dictionaries.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ActorRef {
    /// The words in the sentence that name the actor.
    pub text: String,
    /// CAMEO-style actor code, e.g. `USAGOV`, or what the loaded dictionary
    /// gives; `None` when the actor was not resolved.
    pub code: Option<String>,
    /// ISO 3166-1 alpha-3 country code.
    pub country: Option<String>,
    /// Short id of an international organisation (`NATO`, `EU`, `UN`).
    pub org: Option<String>,
    /// Sector or agent code (`GOV`, `MIL`, `CVL`, ...).
    pub sector: Option<String>,
    /// Canonical name of the resolved actor, e.g. "Vladimir Putin".
    pub name: Option<String>,
    /// Byte range of `text` in the document, when it is in the sentence
    /// (a coreferent pronoun keeps the pronoun's span).
    pub span: Option<Span>,
}

/// Who a reported event is credited to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The attributing phrase, e.g. "according to a source cited by AFP".
    pub text: String,
    /// The speaker or source, resolved as an actor where possible.
    pub actor: Option<ActorRef>,
    /// Byte range of the attributing phrase.
    pub span: Option<Span>,
}

/// Where an event took place, when the text states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// The place phrase, e.g. "at the White House".
    pub text: String,
    /// The place name, e.g. "White House", "Alaska".
    pub name: String,
    /// ISO 3166-1 alpha-3 code of the country the place is in, when known.
    pub country: Option<String>,
    /// Byte range of the phrase.
    pub span: Option<Span>,
}

/// The word or words that express the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// The trigger text.
    pub text: String,
    /// Byte offset of the trigger in the document text.
    pub start: usize,
    /// Byte offset one past the trigger's end.
    pub end: usize,
}

/// Why an event was coded: enough to reproduce the decision by hand.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// The coder rule that fired, e.g. `verb-subject-object`.
    pub rule: String,
    /// The dictionary pattern that matched, as written in the dictionary.
    pub pattern: String,
    /// Where the pattern is defined, `file:line`.
    pub pattern_origin: Option<String>,
    /// The dependency path from source through trigger to target, e.g.
    /// `Trump <nsubj called >dobj Putin`.
    pub dependency_path: String,
}

/// One coded event report: who did what to whom, when, where, how sure and
/// according to whom, with the evidence for it.
///
/// This is the stable record that `dyad code` writes as one JSON object per
/// line. See `docs/formats/event-record.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id of this report, derived from its document, trigger and
    /// coding (see [`Event::compute_id`]).
    pub event_id: String,
    /// Id of the document the report comes from.
    pub doc_id: String,
    /// 0-based index of the sentence within the document.
    pub sentence_index: usize,
    /// The sentence text.
    pub sentence: String,
    /// Byte range of the sentence in the document text.
    pub sentence_span: Span,
    /// CAMEO event code, leading zeros kept (`"036"`, `"190"`).
    pub cameo: String,
    /// PLOVER event category (`CONSULT`, `ASSAULT`, ...).
    pub plover: String,
    /// PLOVER mode, where the mapping gives one.
    pub plover_mode: Option<String>,
    /// PLOVER contexts, where the mapping gives them.
    #[serde(default)]
    pub plover_context: Vec<String>,
    /// Goldstein conflict-cooperation score of the CAMEO code (−10..+10).
    pub goldstein: f64,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation,
    /// 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// Who acted.
    pub source: ActorRef,
    /// Who was acted upon, when there is a target.
    pub target: Option<ActorRef>,
    /// How sure the text is that the event happened.
    pub modality: Modality,
    /// Who the report is credited to, if anyone.
    pub attribution: Option<Attribution>,
    /// When the event happened or is planned, if it can be determined. For
    /// a week, month or year ("last week", "in February") it is the first
    /// day of that period, and `date_precision` says so.
    pub date: Option<Date>,
    /// How precise `date` is, when it stands for a period rather than a
    /// day. Absent means a single day (or no date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_precision: Option<DatePrecision>,
    /// The time expression the date was derived from.
    pub date_text: Option<String>,
    /// Where the event happened, when stated.
    pub location: Option<Location>,
    /// People killed, from a casualty phrase.
    pub fatalities: Option<u32>,
    /// People injured, from a casualty phrase.
    #[serde(default)]
    pub injuries: Option<u32>,
    /// The words that express the action.
    pub trigger: Trigger,
    /// Why the event was coded.
    pub evidence: Evidence,
}

impl Event {
    /// Computes the stable report id: the first 16 hex digits of a SHA-256
    /// over the document id, trigger offsets, CAMEO code and actor codes.
    ///
    /// The same input coded by the same dictionaries always yields the same
    /// id, so re-running `dyad code` or re-ingesting gives identical ids.
    pub fn compute_id(&self) -> String {
        let mut hasher = Sha256::new();
        for part in [
            self.doc_id.as_str(),
            &self.trigger.start.to_string(),
            &self.trigger.end.to_string(),
            &self.cameo,
            self.source.code.as_deref().unwrap_or(&self.source.text),
            self.target
                .as_ref()
                .map_or("", |t| t.code.as_deref().unwrap_or(&t.text)),
        ] {
            hasher.update(part.as_bytes());
            hasher.update([0u8]);
        }
        let digest = hasher.finalize();
        digest
            .iter()
            .take(8)
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Event {
        Event {
            event_id: String::new(),
            doc_id: "doc-1".into(),
            sentence_index: 0,
            sentence: "Trump called Putin.".into(),
            sentence_span: Span::new(0, 19),
            cameo: "040".into(),
            plover: "CONSULT".into(),
            plover_mode: Some("phone".into()),
            plover_context: vec![],
            goldstein: 1.0,
            quad_class: 1,
            source: ActorRef {
                text: "Trump".into(),
                code: Some("USAGOV".into()),
                ..ActorRef::default()
            },
            target: Some(ActorRef {
                text: "Putin".into(),
                code: Some("RUSGOV".into()),
                ..ActorRef::default()
            }),
            modality: Modality::Asserted,
            attribution: None,
            date: None,
            date_precision: None,
            date_text: None,
            location: None,
            fatalities: None,
            injuries: None,
            trigger: Trigger {
                text: "called".into(),
                start: 6,
                end: 12,
            },
            evidence: Evidence::default(),
        }
    }

    #[test]
    fn record_round_trips_through_json_with_leading_zeros() {
        let mut event = sample();
        event.event_id = event.compute_id();
        let json = serde_json::to_string(&event).expect("serialize");
        assert!(json.contains(r#""cameo":"040""#), "{json}");
        assert!(json.contains(r#""modality":"asserted""#), "{json}");
        let back: Event = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, event);
    }

    #[test]
    fn ids_are_stable_and_depend_on_coding() {
        let a = sample();
        assert_eq!(a.compute_id(), sample().compute_id());
        assert_eq!(a.compute_id().len(), 16);
        let mut b = sample();
        b.cameo = "036".into();
        assert_ne!(a.compute_id(), b.compute_id());
    }

    #[test]
    fn modality_names_round_trip() {
        for modality in Modality::ALL {
            assert_eq!(Modality::from_name(modality.name()), Some(modality));
        }
    }
}
