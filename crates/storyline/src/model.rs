//! The storyline data model: what is written as JSON and shown by the CLI.

use dyad_types::{Date, Event, Modality};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What kind of planned occurrence a storyline follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StorylineKind {
    /// A meeting between leaders or officials.
    Meeting,
    /// A summit: a meeting announced as such.
    Summit,
    /// Talks or negotiations, usually between delegations.
    Talks,
    /// A visit of one party to another.
    Visit,
    /// A ceasefire or truce.
    Ceasefire,
    /// The signing of an agreement.
    AgreementSigning,
    /// A withdrawal of forces.
    Withdrawal,
    /// An exchange of prisoners.
    PrisonerExchange,
    /// A deadline or ultimatum.
    Deadline,
}

impl StorylineKind {
    /// The snake-case name used in records and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            StorylineKind::Meeting => "meeting",
            StorylineKind::Summit => "summit",
            StorylineKind::Talks => "talks",
            StorylineKind::Visit => "visit",
            StorylineKind::Ceasefire => "ceasefire",
            StorylineKind::AgreementSigning => "agreement_signing",
            StorylineKind::Withdrawal => "withdrawal",
            StorylineKind::PrisonerExchange => "prisoner_exchange",
            StorylineKind::Deadline => "deadline",
        }
    }

    /// True for the kinds that are one family of gatherings: meetings,
    /// summits, talks and visits.
    pub fn is_gathering(self) -> bool {
        matches!(
            self,
            StorylineKind::Meeting
                | StorylineKind::Summit
                | StorylineKind::Talks
                | StorylineKind::Visit
        )
    }

    /// Meetings, summits, talks and visits are reported with each other's
    /// words ("a peace summit between A and B" and "a meeting between A and
    /// B" in one article, "met" for a visit, "the talks" for a meeting of
    /// delegations), so they link to one another; other kinds link only to
    /// themselves.
    pub fn links_with(self, other: StorylineKind) -> bool {
        self == other || (self.is_gathering() && other.is_gathering())
    }

    /// How specific the word for a gathering is, used to break a tie
    /// between equally frequent mentions: "meeting" is the generic word
    /// every gathering is also called, a summit is the most particular.
    /// Kinds outside the family never compete, so they all rank 0.
    pub fn specificity(self) -> u8 {
        match self {
            StorylineKind::Summit => 4,
            StorylineKind::Talks => 3,
            StorylineKind::Visit => 2,
            StorylineKind::Meeting => 1,
            _ => 0,
        }
    }
}

/// Where a storyline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorylineStatus {
    /// Someone proposed or announced it.
    Proposed,
    /// Every participant said yes.
    Agreed,
    /// A date or a place is fixed.
    Scheduled,
    /// It happened.
    Held,
    /// It was put off to a later time.
    Postponed,
    /// It was called off.
    Cancelled,
    /// Nothing was reported about it for the configured number of days.
    Stalled,
}

impl StorylineStatus {
    /// The lower-case name used in records and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            StorylineStatus::Proposed => "proposed",
            StorylineStatus::Agreed => "agreed",
            StorylineStatus::Scheduled => "scheduled",
            StorylineStatus::Held => "held",
            StorylineStatus::Postponed => "postponed",
            StorylineStatus::Cancelled => "cancelled",
            StorylineStatus::Stalled => "stalled",
        }
    }

    /// Parses the lower-case name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.name() == name)
    }

    /// Every status, in declaration order.
    pub const ALL: [StorylineStatus; 7] = [
        StorylineStatus::Proposed,
        StorylineStatus::Agreed,
        StorylineStatus::Scheduled,
        StorylineStatus::Held,
        StorylineStatus::Postponed,
        StorylineStatus::Cancelled,
        StorylineStatus::Stalled,
    ];
}

/// An event report with the date it was reported on.
///
/// Event records carry the date of the event itself (for a planned event,
/// the planned date), not the date of the report, so the report date comes
/// beside it: from the document, the store, or the `document_date` field of
/// an event line.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportedEvent {
    /// The event record as the coder wrote it.
    pub event: Event,
    /// The date of the report (the document's date), when known.
    pub reported_on: Option<Date>,
}

/// One event report that backs a step of a storyline, with who said so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceItem {
    /// The report's event id.
    pub event_id: String,
    /// The document it comes from.
    pub doc_id: String,
    /// 0-based sentence index in the document.
    pub sentence_index: usize,
    /// The sentence text.
    pub sentence: String,
    /// The trigger words.
    pub trigger: String,
    /// CAMEO code of the report.
    pub cameo: String,
    /// The report's modality.
    pub modality: Modality,
    /// Who acted, by name or code or words.
    pub source: String,
    /// Who was acted upon, when there is a target.
    pub target: Option<String>,
    /// The attributing phrase ("according to a source cited by AFP").
    pub attribution: Option<String>,
    /// Who the report is credited to: the attribution's actor, by name or
    /// code, when it was resolved.
    pub attributed_to: Option<String>,
    /// When the report was made.
    pub reported_on: Option<Date>,
}

/// A change of status, with the reports that caused it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transition {
    /// The status before; `None` for the opening step.
    pub from: Option<StorylineStatus>,
    /// The status after.
    pub to: StorylineStatus,
    /// The report date of the change (for stalling: the day the quiet
    /// period ran out).
    pub date: Option<Date>,
    /// Why the status changed, in words.
    pub reason: String,
    /// The reports that caused it; for stalling, the last report heard.
    pub evidence: Vec<EvidenceItem>,
}

/// A value of an attribute (date, place, format, mediator, condition) with
/// the report it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeValue {
    /// The value, e.g. "2026-03-14", "to be determined", "trilateral", "USA".
    pub value: String,
    /// The report date it was learnt on.
    pub reported_on: Option<Date>,
    /// The report it came from.
    pub event_id: String,
}

/// Whether a claim supports or denies that a participant agreed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// The participant is reported as agreeing or ready.
    Supports,
    /// The participant is reported as denying, refusing or rejecting.
    Denies,
}

/// Who claimed what about one participant's consent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The participant the claim is about (country or organisation code).
    pub participant: String,
    /// Whether it says the participant agreed or not.
    pub stance: Stance,
    /// Who made the claim: the attribution, else the acting party.
    pub claimed_by: String,
    /// The report behind it.
    pub evidence: EvidenceItem,
}

/// A participant about whom supporting and denying claims were both
/// reported; both sides are kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// The participant the claims disagree about.
    pub participant: String,
    /// Claims that the participant agreed.
    pub supporting: Vec<Claim>,
    /// Claims that the participant did not agree.
    pub denying: Vec<Claim>,
}

/// A planned or proposed occurrence followed over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Storyline {
    /// Stable id: a hash of the opening report's kind, the sorted
    /// participants and the id of the report that opened it. Later reports
    /// may change `kind` but never the id.
    pub id: String,
    /// What kind of occurrence it is: among a family of gatherings, the
    /// kind most planning reports call it (see `kind_mentions`), ties going
    /// to the more specific word.
    pub kind: StorylineKind,
    /// How many proposals and consents named each kind, e.g.
    /// `{"meeting": 2, "summit": 1}`: the reason for `kind`.
    #[serde(default)]
    pub kind_mentions: BTreeMap<StorylineKind, usize>,
    /// Country or organisation codes of the parties, sorted.
    pub participants: Vec<String>,
    /// The current status.
    pub status: StorylineStatus,
    /// Report date of the opening report.
    pub opened_on: Option<Date>,
    /// Report date of the newest linked report.
    pub last_report_on: Option<Date>,
    /// The proposed date, newest last.
    pub proposed_date: Vec<AttributeValue>,
    /// The place ("to be determined" is a value), newest last.
    pub place: Vec<AttributeValue>,
    /// The format (bilateral, trilateral, multilateral, European-led), newest last.
    pub format: Vec<AttributeValue>,
    /// Conditions set by a party ("ceasefire first").
    pub conditions: Vec<AttributeValue>,
    /// A party arranging it without taking part, newest last.
    pub mediator: Vec<AttributeValue>,
    /// Participants reported as having said yes, sorted.
    pub agreed_by: Vec<String>,
    /// Every status change, oldest first.
    pub transitions: Vec<Transition>,
    /// Claims about consent, oldest first.
    pub claims: Vec<Claim>,
    /// Participants with both supporting and denying claims.
    pub conflicts: Vec<Conflict>,
    /// Every linked report, oldest first.
    pub reports: Vec<EvidenceItem>,
}

impl Storyline {
    /// The newest value of an attribute history.
    pub fn current(values: &[AttributeValue]) -> Option<&str> {
        values.last().map(|value| value.value.as_str())
    }

    /// True when `actor` (a country or organisation code, any case) is a
    /// participant or a mediator: the actor filter of the CLI and the API.
    pub fn involves(&self, actor: &str) -> bool {
        self.participants
            .iter()
            .any(|participant| participant.eq_ignore_ascii_case(actor))
            || self
                .mediator
                .iter()
                .any(|mediator| mediator.value.eq_ignore_ascii_case(actor))
    }
}

/// Settings of [`crate::build_storylines`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorylineOptions {
    /// A report links to a storyline only if it comes at most this many
    /// days after the storyline's newest report.
    pub link_window_days: i64,
    /// A storyline that is not held or cancelled and has had no report for
    /// more than this many days before the newest report of the input is
    /// stalled.
    pub stall_after_days: i64,
}

impl Default for StorylineOptions {
    fn default() -> Self {
        StorylineOptions {
            link_window_days: 90,
            stall_after_days: 30,
        }
    }
}
