//! The storyline builder on small hand-made reports: each rule once, and
//! on generated reports: no panic whatever the text and offsets, and the
//! same storylines whatever the input order.

use dyad_storyline::{
    build_storylines, ReportedEvent, Stance, StorylineKind, StorylineOptions, StorylineStatus,
};
use dyad_types::{ActorRef, Attribution, Event, Evidence, Location, Modality, Span, Trigger};
use proptest::prelude::*;

fn actor(country: &str) -> ActorRef {
    ActorRef {
        text: country.to_owned(),
        code: Some(format!("{country}GOV")),
        country: Some(country.to_owned()),
        ..ActorRef::default()
    }
}

/// A report whose trigger is found in the sentence.
fn report(
    day: &str,
    document: &str,
    sentence: &str,
    trigger: &str,
    cameo: &str,
    modality: Modality,
    (source, target): (&str, Option<&str>),
) -> ReportedEvent {
    let start = sentence.find(trigger).unwrap_or(0);
    let mut event = Event {
        event_id: String::new(),
        doc_id: document.to_owned(),
        sentence_index: 0,
        sentence: sentence.to_owned(),
        sentence_span: Span::new(0, sentence.len()),
        cameo: cameo.to_owned(),
        plover: "CONSULT".to_owned(),
        plover_mode: None,
        plover_context: vec![],
        goldstein: 1.0,
        quad_class: 1,
        source: actor(source),
        target: target.map(actor),
        modality,
        attribution: None,
        date: None,
        date_precision: None,
        date_text: None,
        location: None,
        fatalities: None,
        injuries: None,
        trigger: Trigger {
            text: trigger.to_owned(),
            start,
            end: start + trigger.len(),
        },
        evidence: Evidence::default(),
    };
    event.event_id = event.compute_id();
    ReportedEvent {
        event,
        reported_on: day.parse().ok(),
    }
}

#[test]
fn proposal_consent_place_and_outcome() {
    let mut offer = report(
        "2026-05-01",
        "a",
        "Chile will meet Peru at a place to be determined, a Brazilian envoy said.",
        "meet",
        "040",
        Modality::Planned,
        ("CHL", Some("PER")),
    );
    offer.event.attribution = Some(Attribution {
        text: "a Brazilian envoy said".to_owned(),
        actor: Some(actor("BRA")),
        span: None,
    });
    let chile = report(
        "2026-05-02",
        "b",
        "Chile is ready to meet Peru.",
        "meet",
        "040",
        Modality::Planned,
        ("CHL", Some("PER")),
    );
    let peru = report(
        "2026-05-03",
        "c",
        "Peru agreed to meet Chile.",
        "meet",
        "036",
        Modality::Asserted,
        ("PER", Some("CHL")),
    );
    let mut place = report(
        "2026-05-04",
        "d",
        "Peru will meet Chile in Lima.",
        "meet",
        "040",
        Modality::Planned,
        ("PER", Some("CHL")),
    );
    place.event.location = Some(Location {
        text: "in Lima".to_owned(),
        name: "Lima".to_owned(),
        country: Some("PER".to_owned()),
        span: None,
    });
    let held = report(
        "2026-05-20",
        "e",
        "Chile met Peru in Lima.",
        "met",
        "040",
        Modality::Asserted,
        ("CHL", Some("PER")),
    );
    let storylines = build_storylines(
        &[held, place, peru, chile, offer],
        &StorylineOptions::default(),
    );
    assert_eq!(storylines.len(), 1);
    let storyline = &storylines[0];
    assert_eq!(storyline.kind, StorylineKind::Meeting);
    let statuses: Vec<StorylineStatus> = storyline
        .transitions
        .iter()
        .map(|transition| transition.to)
        .collect();
    assert_eq!(
        statuses,
        [
            StorylineStatus::Proposed,
            StorylineStatus::Agreed,
            StorylineStatus::Scheduled,
            StorylineStatus::Held
        ]
    );
    let places: Vec<&str> = storyline
        .place
        .iter()
        .map(|value| value.value.as_str())
        .collect();
    assert_eq!(places, ["to be determined", "Lima"]);
    assert_eq!(
        storyline.mediator.last().map(|value| value.value.as_str()),
        Some("BRA")
    );
    assert!(storyline
        .transitions
        .iter()
        .all(|transition| !transition.evidence.is_empty()));
}

#[test]
fn a_denial_is_kept_beside_the_consent_and_stalling_uses_the_newest_report() {
    let consent = report(
        "2026-01-01",
        "a",
        "Mali is ready for talks with Niger.",
        "talks",
        "040",
        Modality::Planned,
        ("MLI", Some("NER")),
    );
    let denial = report(
        "2026-01-05",
        "b",
        "Mali denied any agreement on talks.",
        "denied",
        "016",
        Modality::Asserted,
        ("MLI", None),
    );
    let unrelated = report(
        "2026-03-01",
        "c",
        "Chad met Sudan in Abeche.",
        "met",
        "040",
        Modality::Asserted,
        ("TCD", Some("SDN")),
    );
    let storylines = build_storylines(&[consent, denial, unrelated], &StorylineOptions::default());
    assert_eq!(
        storylines.len(),
        1,
        "a meeting held without a plan opens nothing"
    );
    let storyline = &storylines[0];
    assert_eq!(storyline.kind, StorylineKind::Talks);
    assert_eq!(storyline.conflicts.len(), 1);
    assert_eq!(storyline.conflicts[0].supporting.len(), 1);
    assert_eq!(storyline.conflicts[0].denying[0].stance, Stance::Denies);
    assert_eq!(storyline.status, StorylineStatus::Stalled);
    assert_eq!(
        storyline
            .transitions
            .last()
            .and_then(|transition| transition.date),
        "2026-02-04".parse().ok()
    );
}

#[test]
fn postponement_then_a_new_date_reschedules() {
    let mut plan = report(
        "2026-02-01",
        "a",
        "Kenya will host Somalia for a summit.",
        "summit",
        "043",
        Modality::Planned,
        ("KEN", Some("SOM")),
    );
    plan.event.date = "2026-02-10".parse().ok();
    let off = report(
        "2026-02-08",
        "b",
        "The summit between Kenya and Somalia was postponed.",
        "summit",
        "040",
        Modality::Asserted,
        ("KEN", Some("SOM")),
    );
    let mut again = report(
        "2026-02-15",
        "c",
        "Kenya will host Somalia for the summit.",
        "summit",
        "043",
        Modality::Planned,
        ("KEN", Some("SOM")),
    );
    again.event.date = "2026-03-01".parse().ok();
    let storylines = build_storylines(&[plan, off, again], &StorylineOptions::default());
    let statuses: Vec<StorylineStatus> = storylines[0]
        .transitions
        .iter()
        .map(|transition| transition.to)
        .collect();
    assert_eq!(
        statuses,
        [
            StorylineStatus::Proposed,
            StorylineStatus::Scheduled,
            StorylineStatus::Postponed,
            StorylineStatus::Scheduled
        ]
    );
}

/// The same report as [`report`], placed at a sentence index of its
/// document, for several reports of one article.
fn sentence_report(
    index: usize,
    sentence: &str,
    trigger: &str,
    modality: Modality,
    parties: (&str, Option<&str>),
) -> ReportedEvent {
    let mut reported = report(
        "2025-08-19",
        "seed",
        sentence,
        trigger,
        "040",
        modality,
        parties,
    );
    reported.event.sentence_index = index;
    reported.event.event_id = reported.event.compute_id();
    reported
}

/// Issue 9: the seed article calls the Putin–Zelensky occurrence "a peace
/// summit between" the two, then "a meeting ... between" them, then says
/// Putin is "ready to meet" Zelensky. That is one storyline, a meeting by
/// two mentions to one, beside the separate three-way summit.
#[test]
fn seed_summit_and_meeting_between_the_same_leaders_are_one_meeting() {
    let summit = sentence_report(
        1,
        "Trump said he has begun arranging a peace summit between Zelensky and Putin.",
        "summit",
        Modality::Planned,
        ("UKR", Some("RUS")),
    );
    let meeting = sentence_report(
        3,
        "Trump began the arrangements for a meeting, at a location to be determined, between Putin and Zelensky.",
        "meeting",
        Modality::Planned,
        ("RUS", Some("UKR")),
    );
    let three_way_with_russia = sentence_report(
        4,
        "He added that he would later hold a three-way summit with both leaders.",
        "summit",
        Modality::Planned,
        ("USA", Some("RUS")),
    );
    let three_way_with_ukraine = sentence_report(
        4,
        "He added that he would later hold a three-way summit with both leaders.",
        "summit",
        Modality::Planned,
        ("USA", Some("UKR")),
    );
    let ready = sentence_report(
        5,
        "Putin told Trump he was ready to meet Zelensky.",
        "meet",
        Modality::Planned,
        ("RUS", Some("UKR")),
    );
    let storylines = build_storylines(
        &[
            ready,
            three_way_with_ukraine,
            meeting,
            summit,
            three_way_with_russia,
        ],
        &StorylineOptions::default(),
    );
    assert_eq!(storylines.len(), 2, "{storylines:#?}");
    let pair = storylines
        .iter()
        .find(|storyline| storyline.participants == ["RUS", "UKR"])
        .expect("the RUS-UKR storyline");
    assert_eq!(pair.kind, StorylineKind::Meeting);
    assert_eq!(
        pair.kind_mentions.get(&StorylineKind::Meeting).copied(),
        Some(2)
    );
    assert_eq!(
        pair.kind_mentions.get(&StorylineKind::Summit).copied(),
        Some(1)
    );
    assert_eq!(pair.status, StorylineStatus::Proposed);
    assert_eq!(
        pair.place.last().map(|value| value.value.as_str()),
        Some("to be determined")
    );
    assert_eq!(pair.agreed_by, ["RUS"]);
    let three_way = storylines
        .iter()
        .find(|storyline| storyline.participants == ["RUS", "UKR", "USA"])
        .expect("the three-way storyline");
    assert_eq!(three_way.kind, StorylineKind::Summit);
    assert_eq!(
        three_way.format.last().map(|value| value.value.as_str()),
        Some("trilateral")
    );
}

/// With the seed article stored, every report has the article's date as
/// its report date, so "Zelensky held an Oval Office meeting with Trump"
/// (on the day before) came after the three-way summit's proposal and,
/// naming two of its three parties, marked it held.
#[test]
fn held_report_dated_before_the_proposal_is_an_earlier_occurrence() {
    let proposal_with_russia = sentence_report(
        4,
        "He would later hold a three-way summit with both leaders.",
        "summit",
        Modality::Planned,
        ("USA", Some("RUS")),
    );
    let proposal_with_ukraine = sentence_report(
        4,
        "He would later hold a three-way summit with both leaders.",
        "summit",
        Modality::Planned,
        ("USA", Some("UKR")),
    );
    let mut earlier = sentence_report(
        9,
        "Zelensky also held an Oval Office meeting with Trump on Monday.",
        "meeting",
        Modality::Asserted,
        ("UKR", Some("USA")),
    );
    earlier.event.date = "2025-08-18".parse().ok();
    let storylines = build_storylines(
        &[
            proposal_with_russia.clone(),
            proposal_with_ukraine.clone(),
            earlier.clone(),
        ],
        &StorylineOptions::default(),
    );
    assert_eq!(storylines.len(), 1);
    assert_eq!(storylines[0].status, StorylineStatus::Proposed);
    assert_eq!(storylines[0].reports.len(), 2);

    // The same meeting on the day of the report (or undated) may be the
    // summit being held, as before.
    let mut same_day = earlier;
    same_day.event.date = "2025-08-19".parse().ok();
    let storylines = build_storylines(
        &[proposal_with_russia, proposal_with_ukraine, same_day],
        &StorylineOptions::default(),
    );
    assert_eq!(storylines[0].status, StorylineStatus::Held);
}

#[test]
fn equally_frequent_kinds_take_the_more_specific_word_and_keep_the_id() {
    let meeting = report(
        "2026-06-01",
        "a",
        "Ghana will meet Togo next month.",
        "meet",
        "040",
        Modality::Planned,
        ("GHA", Some("TGO")),
    );
    let summit = report(
        "2026-06-03",
        "b",
        "Ghana and Togo will hold a summit in Lome.",
        "summit",
        "040",
        Modality::Planned,
        ("GHA", Some("TGO")),
    );
    let talks = report(
        "2026-06-05",
        "c",
        "Ghana will hold talks with Togo.",
        "talks",
        "040",
        Modality::Planned,
        ("GHA", Some("TGO")),
    );
    let opened = build_storylines(std::slice::from_ref(&meeting), &StorylineOptions::default());
    assert_eq!(opened[0].kind, StorylineKind::Meeting);
    let both = build_storylines(
        &[summit.clone(), meeting.clone()],
        &StorylineOptions::default(),
    );
    assert_eq!(both.len(), 1);
    assert_eq!(both[0].kind, StorylineKind::Summit);
    assert_eq!(
        both[0].id, opened[0].id,
        "a later mention changes the kind, never the id"
    );
    // Talks are one family with meetings and summits.
    let all = build_storylines(&[meeting, summit, talks], &StorylineOptions::default());
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].kind, StorylineKind::Summit);
    assert_eq!(all[0].kind_mentions.values().sum::<usize>(), 3);
}

fn arbitrary_report() -> impl Strategy<Value = ReportedEvent> {
    let words = prop::sample::select(vec![
        "meet",
        "summit",
        "talks",
        "postponed",
        "called off",
        "denied",
        "ready to",
        "ceasefire",
        "visit",
        "é",
        "—",
        "",
    ]);
    (
        prop::collection::vec(words, 0..6),
        0usize..80,
        0usize..80,
        prop::sample::select(vec![
            "036", "040", "042", "046", "057", "0871", "016", "125", "164",
        ]),
        prop::sample::select(Modality::ALL.to_vec()),
        prop::sample::select(vec!["RUS", "UKR", "USA"]),
        prop::option::of(prop::sample::select(vec!["RUS", "UKR", "USA"])),
        prop::option::of(1u32..28),
    )
        .prop_map(
            |(words, start, length, cameo, modality, source, target, day)| {
                let sentence = words.join(" ");
                let mut made = report(
                    "2026-01-01",
                    "generated",
                    &sentence,
                    "",
                    cameo,
                    modality,
                    (source, target),
                );
                made.event.trigger = Trigger {
                    text: sentence.clone(),
                    start,
                    end: start + length,
                };
                // Records read from JSON may carry any offsets, even a start after the end.
                made.event.sentence_span = Span {
                    start: length,
                    end: start,
                };
                made.reported_on =
                    day.and_then(|day| chrono::NaiveDate::from_ymd_opt(2026, 1, day));
                made.event.doc_id = format!("doc-{}", day.unwrap_or(0));
                made.event.event_id = made.event.compute_id();
                made
            },
        )
}

proptest! {
    #[test]
    fn any_reports_build_without_panic_and_independent_of_order(
        reports in prop::collection::vec(arbitrary_report(), 0..30),
    ) {
        let forward = build_storylines(&reports, &StorylineOptions::default());
        let mut reversed = reports.clone();
        reversed.reverse();
        let backward = build_storylines(&reversed, &StorylineOptions::default());
        prop_assert_eq!(&forward, &backward);
        for storyline in &forward {
            prop_assert!(storyline.participants.len() >= 2);
            prop_assert_eq!(storyline.transitions.last().map(|transition| transition.to), Some(storyline.status));
        }
    }
}
