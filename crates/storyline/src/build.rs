//! Building storylines from event reports: linking, attributes and the
//! status machine.

use crate::classify::{classify, Role, Signal};
use crate::model::{
    AttributeValue, Claim, Conflict, EvidenceItem, ReportedEvent, Stance, Storyline, StorylineKind,
    StorylineOptions, StorylineStatus, Transition,
};
use dyad_types::{ActorRef, Date};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// Builds every storyline the reports tell, in the order they were opened.
///
/// The result depends only on the reports and the options, never on the
/// clock or the input order: reports are sorted by report date (undated
/// last), document, sentence and trigger first, so re-running gives the
/// same storylines with the same ids.
pub fn build_storylines(reports: &[ReportedEvent], options: &StorylineOptions) -> Vec<Storyline> {
    let mut ordered: Vec<&ReportedEvent> = reports.iter().collect();
    ordered.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));

    let mut storylines: Vec<Storyline> = Vec::new();
    for (signal, evidence) in grouped_signals(&ordered) {
        let reported_on = evidence.first().and_then(|item| item.reported_on);
        match find_storyline(&storylines, &signal, reported_on, options) {
            Some(index) => {
                if let Some(storyline) = storylines.get_mut(index) {
                    apply(storyline, &signal, &evidence);
                }
            }
            None => {
                if let Some(storyline) = open(&signal, &evidence) {
                    storylines.push(storyline);
                }
            }
        }
    }

    // Stalling is measured against the newest report of the input, never
    // the clock, so the same input always gives the same statuses.
    let newest = reports.iter().filter_map(|report| report.reported_on).max();
    if let Some(newest) = newest {
        for storyline in &mut storylines {
            mark_stalled(storyline, newest, options.stall_after_days);
        }
    }
    storylines
}

/// Reads the ordered reports as signals, merging the reports of one
/// trigger: the coder writes one report per pair of parties, so "a
/// three-way summit with both leaders" arrives as two reports that
/// together name the three parties of one summit.
fn grouped_signals(ordered: &[&ReportedEvent]) -> Vec<(Signal, Vec<EvidenceItem>)> {
    let mut groups: Vec<(Signal, Vec<EvidenceItem>)> = Vec::new();
    let mut previous_key: Option<(&str, usize, usize)> = None;
    for report in ordered {
        let Some(signal) = classify(report) else {
            continue;
        };
        let event = &report.event;
        let key = (
            event.doc_id.as_str(),
            event.sentence_index,
            event.trigger.start,
        );
        let evidence = evidence_of(report);
        if previous_key == Some(key) {
            if let Some((merged, items)) = groups.last_mut() {
                if merged.role == signal.role && merged.kind == signal.kind {
                    merged.participants.extend(signal.participants);
                    merged.sources.extend(signal.sources);
                    merged.place = merged.place.take().or(signal.place);
                    merged.planned_date = merged.planned_date.or(signal.planned_date);
                    merged.event_date = merged.event_date.or(signal.event_date);
                    merged.attributed_to = merged.attributed_to.take().or(signal.attributed_to);
                    items.push(evidence);
                    continue;
                }
            }
        }
        previous_key = Some(key);
        groups.push((signal, vec![evidence]));
    }
    groups
}

/// The order reports are read in.
fn sort_key(report: &ReportedEvent) -> (bool, Option<Date>, &str, usize, usize, &str) {
    let event = &report.event;
    (
        report.reported_on.is_none(),
        report.reported_on,
        event.doc_id.as_str(),
        event.sentence_index,
        event.trigger.start,
        event.event_id.as_str(),
    )
}

/// How an actor is shown: its canonical name, else its code, else its words.
fn actor_label(actor: &ActorRef) -> String {
    actor
        .name
        .clone()
        .or_else(|| actor.code.clone())
        .unwrap_or_else(|| actor.text.clone())
}

/// The evidence item for one report.
fn evidence_of(report: &ReportedEvent) -> EvidenceItem {
    let event = &report.event;
    EvidenceItem {
        event_id: event.event_id.clone(),
        doc_id: event.doc_id.clone(),
        sentence_index: event.sentence_index,
        sentence: event.sentence.clone(),
        trigger: event.trigger.text.clone(),
        cameo: event.cameo.clone(),
        modality: event.modality,
        source: actor_label(&event.source),
        target: event.target.as_ref().map(actor_label),
        attribution: event
            .attribution
            .as_ref()
            .map(|attribution| attribution.text.clone()),
        attributed_to: event
            .attribution
            .as_ref()
            .and_then(|attribution| attribution.actor.as_ref())
            .map(actor_label),
        reported_on: report.reported_on,
    }
}

/// True when a storyline in this status takes no new proposals: a new
/// proposal after a held or cancelled occurrence is a new storyline.
fn is_closed(status: StorylineStatus) -> bool {
    matches!(status, StorylineStatus::Held | StorylineStatus::Cancelled)
}

/// The storyline a signal belongs to, if any: compatible kind, fitting
/// participants and within the time window; the most recently active wins,
/// and among equals the one opened first.
fn find_storyline(
    storylines: &[Storyline],
    signal: &Signal,
    reported_on: Option<Date>,
    options: &StorylineOptions,
) -> Option<usize> {
    let mut best: Option<(usize, u8, Option<Date>)> = None;
    for (index, storyline) in storylines.iter().enumerate() {
        if let Some(kind) = signal.kind {
            if !kind.links_with(storyline.kind) {
                continue;
            }
        }
        if let (Some(now), Some(last)) = (reported_on, storyline.last_report_on) {
            if now.signed_duration_since(last).num_days() > options.link_window_days {
                continue;
            }
        }
        // Something reported as held on a day before the storyline was
        // first reported is an earlier occurrence ("talks at the White
        // House on Monday" in the article that proposes the next summit),
        // not the planned one happening.
        if signal.role == Role::Held
            && matches!((signal.event_date, storyline.opened_on), (Some(held), Some(opened)) if held < opened)
        {
            continue;
        }
        let participants: BTreeSet<String> = storyline.participants.iter().cloned().collect();
        let exact = participants == signal.participants;
        let subset = signal.participants.is_subset(&participants);
        let superset = participants.is_subset(&signal.participants);
        // Rank: 2 for the same parties, 1 for a partial fit the role allows.
        let rank = match signal.role {
            Role::Proposal | Role::Agreement if is_closed(storyline.status) => continue,
            Role::Proposal if exact => 2,
            Role::Proposal => continue,
            Role::Held if exact => 2,
            Role::Held if superset || subset => 1,
            Role::Held => continue,
            _ if exact => 2,
            _ if subset => 1,
            _ => continue,
        };
        let better = match best {
            None => true,
            Some((_, best_rank, best_last)) => {
                rank > best_rank || (rank == best_rank && storyline.last_report_on > best_last)
            }
        };
        if better {
            best = Some((index, rank, storyline.last_report_on));
        }
    }
    best.map(|(index, _, _)| index)
}

/// The stable id of a storyline.
fn storyline_id(
    kind: StorylineKind,
    participants: &BTreeSet<String>,
    opening_event_id: &str,
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(kind.name().as_bytes());
    for participant in participants {
        hasher.update([0u8]);
        hasher.update(participant.as_bytes());
    }
    hasher.update([1u8]);
    hasher.update(opening_event_id.as_bytes());
    let digest = hasher.finalize();
    let hex: String = digest
        .iter()
        .take(6)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("sl-{hex}")
}

/// Opens a storyline from a proposal or a consent that fits none, or
/// returns `None` when the signal cannot open one (a setback or a report
/// of something held with nothing planned before, or only one party).
fn open(signal: &Signal, evidence: &[EvidenceItem]) -> Option<Storyline> {
    let kind = signal.kind?;
    let first = evidence.first()?;
    if !matches!(signal.role, Role::Proposal | Role::Agreement) || signal.participants.len() < 2 {
        return None;
    }
    let mut storyline = Storyline {
        id: storyline_id(kind, &signal.participants, &first.event_id),
        kind,
        kind_mentions: BTreeMap::new(),
        participants: signal.participants.iter().cloned().collect(),
        status: StorylineStatus::Proposed,
        opened_on: first.reported_on,
        last_report_on: None,
        proposed_date: Vec::new(),
        place: Vec::new(),
        format: Vec::new(),
        conditions: Vec::new(),
        mediator: Vec::new(),
        agreed_by: Vec::new(),
        transitions: vec![Transition {
            from: None,
            to: StorylineStatus::Proposed,
            date: first.reported_on,
            reason: format!("{} proposed in a {}", kind.name(), opener_words(first)),
            evidence: evidence.to_vec(),
        }],
        claims: Vec::new(),
        conflicts: Vec::new(),
        reports: Vec::new(),
    };
    apply(&mut storyline, signal, evidence);
    Some(storyline)
}

/// Who the opening report is credited to, for the reason text.
fn opener_words(evidence: &EvidenceItem) -> String {
    match (&evidence.attributed_to, &evidence.attribution) {
        (Some(actor), _) => format!("report credited to {actor}"),
        (None, Some(text)) => format!("report \"{text}\""),
        (None, None) => format!("report by {}", evidence.source),
    }
}

/// Appends an attribute value when it differs from the newest one.
fn record(values: &mut Vec<AttributeValue>, value: String, evidence: &EvidenceItem) -> bool {
    if values.last().is_some_and(|last| last.value == value) {
        return false;
    }
    values.push(AttributeValue {
        value,
        reported_on: evidence.reported_on,
        event_id: evidence.event_id.clone(),
    });
    true
}

/// Who made a claim: the attributing phrase with its resolved actor
/// ("According to Pakistani officials (PAKGOV)"), else the acting party.
fn claimant(evidence: &EvidenceItem) -> String {
    match (&evidence.attribution, &evidence.attributed_to) {
        (Some(text), Some(actor)) => format!("{text} ({actor})"),
        (Some(text), None) => text.clone(),
        (None, Some(actor)) => actor.clone(),
        (None, None) => evidence.source.clone(),
    }
}

/// Moves the storyline to `to` with the reports as evidence, unless it is
/// there already.
fn transition(
    storyline: &mut Storyline,
    to: StorylineStatus,
    reason: String,
    evidence: &[EvidenceItem],
) {
    if storyline.status == to {
        return;
    }
    storyline.transitions.push(Transition {
        from: Some(storyline.status),
        to,
        date: evidence.first().and_then(|item| item.reported_on),
        reason,
        evidence: evidence.to_vec(),
    });
    storyline.status = to;
}

/// Applies one linked report: attributes, claims and the status machine.
fn apply(storyline: &mut Storyline, signal: &Signal, all_evidence: &[EvidenceItem]) {
    let Some(evidence) = all_evidence.first() else {
        return;
    };
    if evidence.reported_on.is_some() && evidence.reported_on > storyline.last_report_on {
        storyline.last_report_on = evidence.reported_on;
    }
    storyline.reports.extend(all_evidence.iter().cloned());
    let participants: BTreeSet<String> = storyline.participants.iter().cloned().collect();

    // Attributes: format from the parties and the sentence's words, place
    // and date from planned reports, a mediator from whoever arranges it
    // without taking part.
    let counted_format = match participants.len() {
        0..=2 => "bilateral",
        3 => "trilateral",
        _ => "multilateral",
    };
    let format = signal.format_words.unwrap_or(counted_format);
    if storyline.format.is_empty() || signal.format_words.is_some() {
        record(&mut storyline.format, format.to_owned(), evidence);
    }
    if let Some(condition) = &signal.condition {
        if !storyline
            .conditions
            .iter()
            .any(|known| &known.value == condition)
        {
            record(&mut storyline.conditions, condition.clone(), evidence);
        }
    }
    let planning = matches!(signal.role, Role::Proposal | Role::Agreement);
    if planning {
        if let Some(kind) = signal.kind {
            count_kind_mention(storyline, kind);
        }
    }
    let mut fixed = Vec::new();
    if planning {
        if let Some(mediator) = &signal.attributed_to {
            if !participants.contains(mediator) {
                record(&mut storyline.mediator, mediator.clone(), evidence);
            }
        }
        if let Some(date) = signal.planned_date {
            if record(&mut storyline.proposed_date, date.to_string(), evidence) {
                fixed.push(format!("date set for {date}"));
            }
        }
        if let Some(place) = &signal.place {
            if record(&mut storyline.place, place.clone(), evidence) {
                fixed.push(format!("place set: {place}"));
            }
        } else if signal.place_to_be_determined {
            record(
                &mut storyline.place,
                "to be determined".to_owned(),
                evidence,
            );
        }
    }

    match signal.role {
        Role::Proposal => {}
        Role::Agreement => {
            for participant in signal.sources.intersection(&participants) {
                push_claim(
                    &mut storyline.claims,
                    Claim {
                        participant: participant.clone(),
                        stance: Stance::Supports,
                        claimed_by: claimant(evidence),
                        evidence: evidence.clone(),
                    },
                );
                if !storyline.agreed_by.contains(participant) {
                    storyline.agreed_by.push(participant.clone());
                    storyline.agreed_by.sort();
                }
            }
            let everyone = participants
                .iter()
                .all(|participant| storyline.agreed_by.contains(participant));
            if everyone
                && matches!(
                    storyline.status,
                    StorylineStatus::Proposed | StorylineStatus::Stalled
                )
            {
                let who = storyline.agreed_by.join(", ");
                transition(
                    storyline,
                    StorylineStatus::Agreed,
                    format!("every participant said yes ({who})"),
                    all_evidence,
                );
            }
        }
        Role::Held => {
            if !is_closed(storyline.status) {
                transition(
                    storyline,
                    StorylineStatus::Held,
                    format!("reported as held ({})", evidence.trigger),
                    all_evidence,
                );
            }
        }
        Role::Postponed => {
            if !is_closed(storyline.status) {
                transition(
                    storyline,
                    StorylineStatus::Postponed,
                    "reported as postponed".to_owned(),
                    all_evidence,
                );
            }
        }
        Role::Cancelled => {
            if storyline.status != StorylineStatus::Held {
                transition(
                    storyline,
                    StorylineStatus::Cancelled,
                    "reported as called off".to_owned(),
                    all_evidence,
                );
            }
        }
        Role::Denial => {
            let deniers: Vec<String> = signal
                .sources
                .intersection(&participants)
                .cloned()
                .collect();
            for participant in deniers {
                push_claim(
                    &mut storyline.claims,
                    Claim {
                        participant,
                        stance: Stance::Denies,
                        claimed_by: claimant(evidence),
                        evidence: evidence.clone(),
                    },
                );
            }
        }
    }
    // A fixed date or place schedules a storyline that is still open,
    // including one that was postponed and is now given a new date.
    if !fixed.is_empty()
        && matches!(
            storyline.status,
            StorylineStatus::Proposed
                | StorylineStatus::Agreed
                | StorylineStatus::Postponed
                | StorylineStatus::Stalled
        )
    {
        transition(
            storyline,
            StorylineStatus::Scheduled,
            fixed.join("; "),
            all_evidence,
        );
    }
    storyline.conflicts = conflicts_of(&storyline.claims);
}

/// Adds a claim unless the same sentence already made it: "India agreed
/// to talks" is coded twice (the intent "agreed" and the planned "talks"),
/// and both reports belong to the storyline, but it is one claim.
fn push_claim(claims: &mut Vec<Claim>, claim: Claim) {
    let already = claims.iter().any(|known| {
        known.participant == claim.participant
            && known.stance == claim.stance
            && known.claimed_by == claim.claimed_by
            && known.evidence.doc_id == claim.evidence.doc_id
            && known.evidence.sentence_index == claim.evidence.sentence_index
    });
    if !already {
        claims.push(claim);
    }
}

/// Counts one planning report's word for the occurrence and names the
/// storyline after the kind most planning reports use.
///
/// One article may call the same planned occurrence "a peace summit
/// between A and B" and then "a meeting ... between A and B"; the reports
/// link into one storyline, and its kind is the most frequent mention, a
/// tie going to the more specific word (summit, talks, visit, meeting).
/// Only proposals and consents count: they say what was planned, while a
/// report that it was held, put off or denied uses whatever word comes to
/// hand ("the leaders met"). Kinds outside the gathering family only ever
/// link to themselves, so for them the count changes nothing.
fn count_kind_mention(storyline: &mut Storyline, kind: StorylineKind) {
    let count = storyline.kind_mentions.entry(kind).or_insert(0);
    *count = count.saturating_add(1);
    let leading = storyline
        .kind_mentions
        .iter()
        .max_by_key(|(kind, count)| (**count, kind.specificity()))
        .map(|(kind, _)| *kind);
    if let Some(leading) = leading {
        storyline.kind = leading;
    }
}

/// Participants with both supporting and denying claims, both sides kept.
fn conflicts_of(claims: &[Claim]) -> Vec<Conflict> {
    let disputed: BTreeSet<&str> = claims
        .iter()
        .filter(|claim| claim.stance == Stance::Denies)
        .map(|claim| claim.participant.as_str())
        .filter(|participant| {
            claims
                .iter()
                .any(|claim| claim.stance == Stance::Supports && claim.participant == *participant)
        })
        .collect();
    disputed
        .into_iter()
        .map(|participant| {
            let of = |stance: Stance| {
                claims
                    .iter()
                    .filter(|claim| claim.participant == participant && claim.stance == stance)
                    .cloned()
                    .collect::<Vec<_>>()
            };
            Conflict {
                participant: participant.to_owned(),
                supporting: of(Stance::Supports),
                denying: of(Stance::Denies),
            }
        })
        .collect()
}

/// Marks a storyline stalled when it is still open and nothing was
/// reported on it for more than `stall_after_days` before `newest`.
fn mark_stalled(storyline: &mut Storyline, newest: Date, stall_after_days: i64) {
    if is_closed(storyline.status) || storyline.status == StorylineStatus::Stalled {
        return;
    }
    let Some(last) = storyline.last_report_on else {
        return;
    };
    if newest.signed_duration_since(last).num_days() <= stall_after_days {
        return;
    }
    let stalled_on = last.checked_add_signed(chrono::Duration::days(stall_after_days));
    let last_report = storyline.reports.last().cloned();
    storyline.transitions.push(Transition {
        from: Some(storyline.status),
        to: StorylineStatus::Stalled,
        date: stalled_on,
        reason: format!("no report for more than {stall_after_days} days"),
        evidence: last_report.into_iter().collect(),
    });
    storyline.status = StorylineStatus::Stalled;
}
