//! Storylines over the API: planned occurrences (summits, talks, visits,
//! ceasefires...) followed from proposal to outcome.
//!
//! Storylines are not stored. They are a deterministic function of the
//! stored event reports, built exactly as `dyad storylines --db` builds
//! them: every report, dated by its document's date (else the fallback of
//! [`dyad_storyline::report_date_fallback`]), through
//! [`dyad_storyline::build_storylines`] with the default options.
//!
//! Building reads every stored report, so the result is cached and keyed
//! on the store's document and report counts. The store only ever appends
//! (ingest skips documents it already holds and nothing deletes), so any
//! change to what storylines are built from changes those counts. The
//! counts are read *before* the reports: if an ingest commits in between,
//! the cache holds newer storylines under an older key and the next
//! request simply rebuilds, never the other way round.

use crate::api::{highlights, offset_page, page_size_of, Highlight, Page};
use crate::error::{Result, ServerError};
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use dyad_store::{EventFilter, EventOrder, Store};
use dyad_storyline::{
    AttributeValue, Claim, EvidenceItem, ReportedEvent, Stance, Storyline, StorylineKind,
    StorylineOptions, StorylineStatus,
};
use dyad_types::{Date, Event, Span};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// The storylines of one state of the store, with the reports they cite.
#[derive(Debug, Default)]
pub struct StorylineSnapshot {
    /// Every storyline, in the order they were opened.
    pub storylines: Vec<Storyline>,
    /// The stored reports the storylines cite, by event id, for the
    /// evidence spans and patterns the storyline records do not keep.
    pub events: HashMap<String, Event>,
}

/// The last built [`StorylineSnapshot`] and the store counts it was built
/// at. Shared by every request of a server.
#[derive(Debug, Default)]
pub struct StorylineCache {
    entry: Mutex<Option<CacheEntry>>,
}

/// What identifies a state of an append-only store: its document and
/// report counts.
type CacheKey = (usize, usize);

/// A built snapshot and the key it was built at.
type CacheEntry = (CacheKey, Arc<StorylineSnapshot>);

impl StorylineCache {
    /// The storylines of the store as it is now: the cached ones when the
    /// store has not changed since they were built, else freshly built.
    pub fn snapshot(&self, store: &dyn Store) -> Result<Arc<StorylineSnapshot>> {
        let counts = store.counts()?;
        let key = (counts.documents, counts.events);
        if let Some((cached_key, snapshot)) = self.lock()?.as_ref() {
            if *cached_key == key {
                return Ok(Arc::clone(snapshot));
            }
        }
        // Built without holding the lock, so that a slow rebuild does not
        // block requests that could be answered from the cache; two
        // requests may then build at once, and both results are right.
        let snapshot = Arc::new(build_snapshot(store)?);
        *self.lock()? = Some((key, Arc::clone(&snapshot)));
        Ok(snapshot)
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Option<CacheEntry>>> {
        self.entry
            .lock()
            .map_err(|_| ServerError::Internal("the storyline cache lock was poisoned".into()))
    }
}

/// Every stored report, dated by its document's date (else the date its
/// record gives): the input of storylines built from a store, shared by the
/// API and `dyad storylines --db`.
pub fn stored_reports(store: &dyn Store) -> dyad_store::Result<Vec<ReportedEvent>> {
    let document_dates: HashMap<String, Date> = store
        .documents()?
        .into_iter()
        .filter_map(|document| document.date.map(|date| (document.doc_id, date)))
        .collect();
    let mut reports = Vec::new();
    store.for_each_event(
        &EventFilter::default(),
        EventOrder::Ingest,
        &mut |stored, _context| {
            let reported_on = document_dates
                .get(&stored.event.doc_id)
                .copied()
                .or_else(|| dyad_storyline::report_date_fallback(&stored.event));
            reports.push(ReportedEvent {
                event: stored.event,
                reported_on,
            });
            Ok(())
        },
    )?;
    Ok(reports)
}

/// Reads every stored report with its document's date and builds the
/// storylines, as `dyad storylines --db` does.
pub fn build_snapshot(store: &dyn Store) -> Result<StorylineSnapshot> {
    let reports = stored_reports(store)?;
    let storylines = dyad_storyline::build_storylines(&reports, &StorylineOptions::default());
    let cited: HashSet<&str> = storylines
        .iter()
        .flat_map(|storyline| storyline.reports.iter())
        .map(|item| item.event_id.as_str())
        .collect();
    let events: HashMap<String, Event> = reports
        .iter()
        .filter(|report| cited.contains(report.event.event_id.as_str()))
        .map(|report| (report.event.event_id.clone(), report.event.clone()))
        .collect();
    Ok(StorylineSnapshot { storylines, events })
}

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
    let snapshot = state.run(move |store| cache.snapshot(store)).await?;
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
    let snapshot = state.run(move |store| cache.snapshot(store)).await?;
    snapshot
        .storylines
        .iter()
        .find(|storyline| storyline.id == storyline_id)
        .map(|storyline| Json(StorylineDetail::of(storyline, &snapshot.events)))
        .ok_or_else(|| ServerError::NotFound(format!("no storyline {storyline_id:?}")))
}

/// The names of the storyline statuses, for the dashboard's filter.
pub fn status_names() -> Vec<&'static str> {
    StorylineStatus::ALL
        .iter()
        .map(|status| status.name())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_store::{IngestItem, SqliteStore};
    use dyad_types::{ActorRef, Document, Evidence, Trigger};

    /// A one-report document proposing a meeting between two countries.
    fn proposal(doc_id: &str, first: &str, second: &str) -> IngestItem {
        let text = format!("{first} will meet {second} next week.");
        let party = |country: &str| ActorRef {
            text: country.to_owned(),
            code: Some(country.to_owned()),
            country: Some(country.to_owned()),
            ..ActorRef::default()
        };
        let start = first.len() + " will ".len();
        let mut event = Event {
            event_id: String::new(),
            doc_id: doc_id.to_owned(),
            sentence_index: 0,
            sentence: text.clone(),
            sentence_span: Span::new(0, text.len()),
            cameo: "040".to_owned(),
            plover: "CONSULT".to_owned(),
            plover_mode: None,
            plover_context: vec![],
            goldstein: 1.0,
            quad_class: 1,
            source: party(first),
            target: Some(party(second)),
            modality: dyad_types::Modality::Planned,
            attribution: None,
            date: None,
            date_precision: None,
            date_text: None,
            location: None,
            fatalities: None,
            injuries: None,
            trigger: Trigger {
                text: "meet".to_owned(),
                start,
                end: start + 4,
            },
            evidence: Evidence::default(),
        };
        event.event_id = event.compute_id();
        let mut document = Document::new(doc_id, text.clone());
        document.date = "2026-05-01".parse().ok();
        IngestItem {
            document,
            sentences: vec![Span::new(0, text.len())],
            events: vec![event],
            diagnostics: vec![],
        }
    }

    #[test]
    fn the_cache_is_reused_until_the_store_changes() {
        let mut store = SqliteStore::open_in_memory().expect("store");
        store
            .ingest_batch(&[proposal("a", "CHL", "PER")])
            .expect("ingest");
        let cache = StorylineCache::default();
        let first = cache.snapshot(&store).expect("snapshot");
        let again = cache.snapshot(&store).expect("snapshot");
        assert!(
            Arc::ptr_eq(&first, &again),
            "an unchanged store is not re-read"
        );
        assert_eq!(first.storylines.len(), 1);
        assert_eq!(first.events.len(), 1, "the cited report is kept");

        store
            .ingest_batch(&[proposal("b", "GHA", "TGO")])
            .expect("ingest");
        let changed = cache.snapshot(&store).expect("snapshot");
        assert!(!Arc::ptr_eq(&first, &changed));
        assert_eq!(changed.storylines.len(), 2);
        // The cached answer is the one a fresh build gives.
        let fresh = build_snapshot(&store).expect("build");
        assert_eq!(changed.storylines, fresh.storylines);
    }
}
