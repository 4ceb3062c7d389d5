//! `/api/storylines`: planned occurrences (summits, talks, visits,
//! ceasefires...) followed from proposal to outcome.
//!
//! Storylines are built from the stored reports by the engine
//! ([`dyad_engine::storylines`]), exactly as `dyad storylines --db` builds
//! them, and cached until the store changes. This module only shows them:
//! summaries for the list, timelines with their evidence for one.

use crate::error::{Result, ServerError};
use crate::pagination::{offset_page, page_size_of, Page};
use crate::state::AppState;
use crate::views::{highlights, Highlight};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use dyad_engine::storylines::{
    AttributeValue, Claim, EvidenceItem, Stance, Storyline, StorylineKind, StorylineStatus,
};
use dyad_types::{Date, Event, Span};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Parameters of `GET /api/storylines`.
#[derive(Debug, Default, Deserialize)]
pub struct StorylineParams {
    /// Only storylines in this status.
    pub status: Option<String>,
    /// Only storylines with this participant or mediator (a country or
    /// organisation code, case-insensitive).
    pub actor: Option<String>,
    /// Page size.
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// One step of a storyline's lane: a change of status on a date.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StepSummary {
    /// The status before; `null` for the opening step.
    pub from: Option<StorylineStatus>,
    /// The status after.
    pub to: StorylineStatus,
    /// The report date of the change.
    pub date: Option<Date>,
    /// How many reports caused it.
    pub evidence_count: usize,
}

/// How much a storyline rests on.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StorylineCounts {
    /// Linked reports.
    pub reports: usize,
    /// Distinct documents among them.
    pub documents: usize,
    /// Status changes, the opening included.
    pub transitions: usize,
    /// Claims about consent.
    pub claims: usize,
    /// Participants with conflicting claims.
    pub conflicts: usize,
}

/// A storyline as the list shows it: its newest attribute values, dates,
/// counts and the steps of its lane.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StorylineSummary {
    /// Stable id (`sl-` and 12 hex digits).
    pub id: String,
    /// What kind of occurrence it is.
    pub kind: StorylineKind,
    /// How many planning reports named each kind.
    pub kind_mentions: BTreeMap<StorylineKind, usize>,
    /// Country or organisation codes of the parties, sorted.
    pub participants: Vec<String>,
    /// The current status.
    pub status: StorylineStatus,
    /// The newest mediator: a party arranging it without taking part.
    pub mediator: Option<String>,
    /// The newest proposed date.
    pub proposed_date: Option<String>,
    /// The newest place; "to be determined" is a value.
    pub place: Option<String>,
    /// The newest format (bilateral, trilateral, multilateral, European-led).
    pub format: Option<String>,
    /// Every condition set.
    pub conditions: Vec<String>,
    /// Participants reported as having said yes.
    pub agreed_by: Vec<String>,
    /// Participants about whom supporting and denying claims disagree.
    pub conflicting: Vec<String>,
    /// Report date of the opening report.
    pub first_report_on: Option<Date>,
    /// Report date of the newest linked report.
    pub last_report_on: Option<Date>,
    /// Sizes.
    pub counts: StorylineCounts,
    /// The status changes, oldest first, without their evidence.
    pub steps: Vec<StepSummary>,
}

impl StorylineSummary {
    /// The summary of a storyline.
    pub fn of(storyline: &Storyline) -> StorylineSummary {
        let current = |values: &[AttributeValue]| Storyline::current(values).map(str::to_owned);
        let documents: BTreeSet<&str> = storyline
            .reports
            .iter()
            .map(|item| item.doc_id.as_str())
            .collect();
        StorylineSummary {
            id: storyline.id.clone(),
            kind: storyline.kind,
            kind_mentions: storyline.kind_mentions.clone(),
            participants: storyline.participants.clone(),
            status: storyline.status,
            mediator: current(&storyline.mediator),
            proposed_date: current(&storyline.proposed_date),
            place: current(&storyline.place),
            format: current(&storyline.format),
            conditions: storyline
                .conditions
                .iter()
                .map(|value| value.value.clone())
                .collect(),
            agreed_by: storyline.agreed_by.clone(),
            conflicting: storyline
                .conflicts
                .iter()
                .map(|conflict| conflict.participant.clone())
                .collect(),
            first_report_on: storyline.opened_on,
            last_report_on: storyline.last_report_on,
            counts: StorylineCounts {
                reports: storyline.reports.len(),
                documents: documents.len(),
                transitions: storyline.transitions.len(),
                claims: storyline.claims.len(),
                conflicts: storyline.conflicts.len(),
            },
            steps: storyline
                .transitions
                .iter()
                .map(|transition| StepSummary {
                    from: transition.from,
                    to: transition.to,
                    date: transition.date,
                    evidence_count: transition.evidence.len(),
                })
                .collect(),
        }
    }
}

/// Parses the `status` parameter; an unknown value is the client's error.
fn parse_status(value: &Option<String>) -> Result<Option<StorylineStatus>> {
    match value
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
    {
        None => Ok(None),
        Some(text) => StorylineStatus::from_name(&text.to_lowercase())
            .map(Some)
            .ok_or_else(|| {
                let names: Vec<&str> = StorylineStatus::ALL
                    .iter()
                    .map(|status| status.name())
                    .collect();
                ServerError::BadRequest(format!(
                    "status must be one of {}; got {text:?}",
                    names.join(", ")
                ))
            }),
    }
}

/// `GET /api/storylines`: storylines in the order they were opened,
/// filtered by status and actor, a page at a time.
pub async fn list_storylines(
    State(state): State<AppState>,
    params: std::result::Result<Query<StorylineParams>, QueryRejection>,
) -> Result<Json<Page<StorylineSummary>>> {
    let params = params
        .map(|Query(value)| value)
        .map_err(|rejection| ServerError::BadRequest(rejection.body_text()))?;
    let status = parse_status(&params.status)?;
    let actor = params
        .actor
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned);
    let size = page_size_of(&params.limit, &state)?;
    let cache = Arc::clone(&state.storylines);
    let snapshot = state.run(move |store| Ok(cache.snapshot(store)?)).await?;
    let selected: Vec<StorylineSummary> = snapshot
        .storylines
        .iter()
        .filter(|storyline| status.is_none_or(|status| storyline.status == status))
        .filter(|storyline| {
            actor
                .as_deref()
                .is_none_or(|actor| storyline.involves(actor))
        })
        .map(StorylineSummary::of)
        .collect();
    Ok(Json(offset_page(selected, 's', &params.cursor, size)?))
}

/// One report behind a step or a claim, with what the storyline record
/// keeps (sentence, trigger words, attribution) and what the stored report
/// adds (byte spans for highlighting, the coder's rule and pattern).
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceDetail {
    /// The storyline's record of the report.
    #[serde(flatten)]
    pub item: EvidenceItem,
    /// Byte range of the sentence in its document; `null` when the report
    /// is no longer stored.
    pub sentence_span: Option<Span>,
    /// Byte range of the trigger in the document.
    pub trigger_span: Option<Span>,
    /// Evidence spans (source, target, trigger, attribution, place) in
    /// document byte offsets, as `GET /api/events/{event_id}` gives them.
    pub highlights: Vec<Highlight>,
    /// PLOVER category of the report.
    pub plover: Option<String>,
    /// The coder rule that fired.
    pub rule: Option<String>,
    /// The dictionary pattern that matched.
    pub pattern: Option<String>,
    /// Where the pattern is defined, `file:line`.
    pub pattern_origin: Option<String>,
}

impl EvidenceDetail {
    fn of(item: &EvidenceItem, events: &HashMap<String, Event>) -> EvidenceDetail {
        let event = events.get(&item.event_id);
        EvidenceDetail {
            item: item.clone(),
            sentence_span: event.map(|event| event.sentence_span),
            trigger_span: event
                .filter(|event| event.trigger.start <= event.trigger.end)
                .map(|event| Span::new(event.trigger.start, event.trigger.end)),
            highlights: event.map(highlights).unwrap_or_default(),
            plover: event.map(|event| event.plover.clone()),
            rule: event.map(|event| event.evidence.rule.clone()),
            pattern: event.map(|event| event.evidence.pattern.clone()),
            pattern_origin: event.and_then(|event| event.evidence.pattern_origin.clone()),
        }
    }
}

/// A step of the timeline with the reports that caused it.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineStep {
    /// The status before; `null` for the opening step.
    pub from: Option<StorylineStatus>,
    /// The status after.
    pub to: StorylineStatus,
    /// The report date of the change (for stalling: the day the quiet
    /// period ran out).
    pub date: Option<Date>,
    /// Why the status changed, in words.
    pub reason: String,
    /// The reports behind it; for stalling, the last report heard.
    pub evidence: Vec<EvidenceDetail>,
}

/// Who claimed what about a participant's consent.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimDetail {
    /// The participant the claim is about.
    pub participant: String,
    /// `supports` or `denies`.
    pub stance: Stance,
    /// Who made the claim.
    pub claimed_by: String,
    /// The report behind it.
    pub evidence: EvidenceDetail,
}

impl ClaimDetail {
    fn of(claim: &Claim, events: &HashMap<String, Event>) -> ClaimDetail {
        ClaimDetail {
            participant: claim.participant.clone(),
            stance: claim.stance,
            claimed_by: claim.claimed_by.clone(),
            evidence: EvidenceDetail::of(&claim.evidence, events),
        }
    }
}

/// Supporting and denying claims about one participant, side by side.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictDetail {
    /// The participant the claims disagree about.
    pub participant: String,
    /// Claims that it agreed.
    pub supporting: Vec<ClaimDetail>,
    /// Claims that it did not.
    pub denying: Vec<ClaimDetail>,
}

/// Every value each attribute took, oldest first, with the report it came
/// from.
#[derive(Debug, Clone, Serialize)]
pub struct AttributeHistory {
    /// Proposed dates.
    pub proposed_date: Vec<AttributeValue>,
    /// Places ("to be determined" is a value).
    pub place: Vec<AttributeValue>,
    /// Formats.
    pub format: Vec<AttributeValue>,
    /// Conditions.
    pub conditions: Vec<AttributeValue>,
    /// Mediators.
    pub mediator: Vec<AttributeValue>,
}

/// One storyline with its timeline and evidence.
#[derive(Debug, Clone, Serialize)]
pub struct StorylineDetail {
    /// Everything the list shows.
    #[serde(flatten)]
    pub summary: StorylineSummary,
    /// Every value of every attribute.
    pub history: AttributeHistory,
    /// The status changes, oldest first, each with its reports.
    pub timeline: Vec<TimelineStep>,
    /// Claims about consent, oldest first.
    pub claims: Vec<ClaimDetail>,
    /// Conflicting claims, both sides kept.
    pub conflicts: Vec<ConflictDetail>,
    /// Every linked report, oldest first.
    pub reports: Vec<EvidenceDetail>,
}

impl StorylineDetail {
    /// The detail of a storyline, completing its evidence from `events`.
    pub fn of(storyline: &Storyline, events: &HashMap<String, Event>) -> StorylineDetail {
        let evidence = |items: &[EvidenceItem]| -> Vec<EvidenceDetail> {
            items
                .iter()
                .map(|item| EvidenceDetail::of(item, events))
                .collect()
        };
        let claims = |claims: &[Claim]| -> Vec<ClaimDetail> {
            claims
                .iter()
                .map(|claim| ClaimDetail::of(claim, events))
                .collect()
        };
        StorylineDetail {
            summary: StorylineSummary::of(storyline),
            history: AttributeHistory {
                proposed_date: storyline.proposed_date.clone(),
                place: storyline.place.clone(),
                format: storyline.format.clone(),
                conditions: storyline.conditions.clone(),
                mediator: storyline.mediator.clone(),
            },
            timeline: storyline
                .transitions
                .iter()
                .map(|transition| TimelineStep {
                    from: transition.from,
                    to: transition.to,
                    date: transition.date,
                    reason: transition.reason.clone(),
                    evidence: evidence(&transition.evidence),
                })
                .collect(),
            claims: claims(&storyline.claims),
            conflicts: storyline
                .conflicts
                .iter()
                .map(|conflict| ConflictDetail {
                    participant: conflict.participant.clone(),
                    supporting: claims(&conflict.supporting),
                    denying: claims(&conflict.denying),
                })
                .collect(),
            reports: evidence(&storyline.reports),
        }
    }
}

/// `GET /api/storylines/{storyline_id}`: one storyline with its timeline,
/// each step's reports with their evidence, and conflicting claims.
pub async fn get_storyline(
    State(state): State<AppState>,
    Path(storyline_id): Path<String>,
) -> Result<Json<StorylineDetail>> {
    let cache = Arc::clone(&state.storylines);
    let snapshot = state.run(move |store| Ok(cache.snapshot(store)?)).await?;
    snapshot
        .storylines
        .iter()
        .find(|storyline| storyline.id == storyline_id)
        .map(|storyline| Json(StorylineDetail::of(storyline, &snapshot.events)))
        .ok_or_else(|| ServerError::NotFound(format!("no storyline {storyline_id:?}")))
}
