//! The storyline endpoints, in-process against a real SQLite store in a
//! temporary directory, filled with hand-written wire-style reports: the
//! list with its filters and pages, one storyline with its timeline and
//! evidence, conflicting claims, 404 and 400, and the cache following the
//! store when another connection ingests.

mod common;

use axum::http::StatusCode;
use common::*;
use dyad_engine::storylines::{build_storylines, ReportedEvent, StorylineOptions};
use dyad_server::{AppState, StorePool};
use dyad_store::{IngestItem, SqliteStore, Store};
use dyad_types::{
    ActorRef, Attribution, Document, Event, Evidence, Location, Modality, Span, Trigger,
};
use serde_json::Value;
use std::path::Path;

fn actor(country: &str, words: &str, text: &str) -> ActorRef {
    let start = text.find(words).expect("actor words in the text");
    ActorRef {
        text: words.to_owned(),
        code: Some(format!("{country}GOV")),
        country: Some(country.to_owned()),
        name: None,
        org: None,
        sector: Some("GOV".to_owned()),
        span: Some(Span::new(start, start + words.len())),
    }
}

/// What one hand-written report says.
struct Report<'a> {
    doc_id: &'a str,
    date: &'a str,
    text: &'a str,
    trigger: &'a str,
    cameo: &'a str,
    modality: Modality,
    source: (&'a str, &'a str),
    target: Option<(&'a str, &'a str)>,
}

/// A one-sentence document with one coded report.
fn item(report: Report<'_>) -> IngestItem {
    let text = report.text;
    let trigger_start = text.find(report.trigger).expect("trigger in the text");
    let mut event = Event {
        event_id: String::new(),
        doc_id: report.doc_id.to_owned(),
        sentence_index: 0,
        sentence: text.to_owned(),
        sentence_span: Span::new(0, text.len()),
        cameo: report.cameo.to_owned(),
        plover: "CONSULT".to_owned(),
        plover_mode: None,
        plover_context: vec![],
        goldstein: 1.0,
        quad_class: 1,
        source: actor(report.source.0, report.source.1, text),
        target: report
            .target
            .map(|(country, words)| actor(country, words, text)),
        modality: report.modality,
        attribution: None,
        date: None,
        date_precision: None,
        date_text: None,
        location: None,
        fatalities: None,
        injuries: None,
        trigger: Trigger {
            text: report.trigger.to_owned(),
            start: trigger_start,
            end: trigger_start + report.trigger.len(),
        },
        evidence: Evidence {
            rule: "verb-subject-object".to_owned(),
            pattern: format!("* {} *", report.trigger.to_uppercase()),
            pattern_origin: Some("test.dict:1".to_owned()),
            dependency_path: String::new(),
        },
    };
    event.event_id = event.compute_id();
    let mut document = Document::new(report.doc_id, text);
    document.date = report.date.parse().ok();
    IngestItem {
        document,
        sentences: vec![Span::new(0, text.len())],
        events: vec![event],
        diagnostics: vec![],
    }
}

/// Two storylines told in six reports: a Kenya–Somalia summit (proposed by
/// a Ugandan envoy at a venue yet to be decided, agreed by both, set for
/// Nairobi, then denied by Somalia: conflicting claims) and a Chile–Peru
/// meeting that is only proposed.
fn corpus() -> Vec<IngestItem> {
    let mut offer = item(Report {
        doc_id: "2026-04-01-summit-offer",
        date: "2026-04-01",
        text: "Kenya will host Somalia for a summit at a venue yet to be decided, a Ugandan envoy said.",
        trigger: "summit",
        cameo: "043",
        modality: Modality::Planned,
        source: ("KEN", "Kenya"),
        target: Some(("SOM", "Somalia")),
    });
    if let Some(event) = offer.events.first_mut() {
        let phrase = "a Ugandan envoy said";
        let start = offer.document.text.find(phrase).expect("attribution");
        event.attribution = Some(Attribution {
            text: phrase.to_owned(),
            actor: Some(actor("UGA", "a Ugandan envoy", &offer.document.text)),
            span: Some(Span::new(start, start + phrase.len())),
        });
    }
    let chile = item(Report {
        doc_id: "2026-04-02-andes",
        date: "2026-04-02",
        text: "Chile will meet Peru to discuss water rights, officials said.",
        trigger: "meet",
        cameo: "040",
        modality: Modality::Planned,
        source: ("CHL", "Chile"),
        target: Some(("PER", "Peru")),
    });
    let somalia_ready = item(Report {
        doc_id: "2026-04-03-mogadishu",
        date: "2026-04-03",
        text: "Somalia is ready for a summit with Kenya.",
        trigger: "summit",
        cameo: "040",
        modality: Modality::Planned,
        source: ("SOM", "Somalia"),
        target: Some(("KEN", "Kenya")),
    });
    let kenya_ready = item(Report {
        doc_id: "2026-04-04-nairobi",
        date: "2026-04-04",
        text: "Kenya is ready for a summit with Somalia.",
        trigger: "summit",
        cameo: "040",
        modality: Modality::Planned,
        source: ("KEN", "Kenya"),
        target: Some(("SOM", "Somalia")),
    });
    let mut venue = item(Report {
        doc_id: "2026-04-05-venue",
        date: "2026-04-05",
        text: "Kenya will host Somalia for the summit in Nairobi on April 20.",
        trigger: "summit",
        cameo: "043",
        modality: Modality::Planned,
        source: ("KEN", "Kenya"),
        target: Some(("SOM", "Somalia")),
    });
    if let Some(event) = venue.events.first_mut() {
        let start = venue.document.text.find("in Nairobi").expect("place");
        event.location = Some(Location {
            text: "in Nairobi".to_owned(),
            name: "Nairobi".to_owned(),
            country: Some("KEN".to_owned()),
            span: Some(Span::new(start, start + "in Nairobi".len())),
        });
        event.date = "2026-04-20".parse().ok();
        event.date_text = Some("April 20".to_owned());
    }
    let denial = item(Report {
        doc_id: "2026-04-06-denial",
        date: "2026-04-06",
        text: "Somalia denied any agreement on the summit.",
        trigger: "denied",
        cameo: "016",
        modality: Modality::Asserted,
        source: ("SOM", "Somalia"),
        target: None,
    });
    vec![offer, chile, somalia_ready, kenya_ready, venue, denial]
}

/// A state over a fresh SQLite file holding the corpus.
fn stored_state(directory: &Path) -> AppState {
    let path = directory.join("dyad.sqlite");
    let mut store = SqliteStore::open(&path).expect("open the store");
    store.ingest_batch(&corpus()).expect("ingest the corpus");
    drop(store);
    AppState::new(StorePool::open_sqlite(&path, 2).expect("pool"))
}

fn items(answer: &Answer) -> Vec<Value> {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.json["items"].as_array().expect("items").clone()
}

fn find<'a>(list: &'a [Value], participants: &str) -> &'a Value {
    list.iter()
        .find(|storyline| {
            storyline["participants"]
                .as_array()
                .map(|codes| {
                    codes
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join("-")
                })
                .as_deref()
                == Some(participants)
        })
        .unwrap_or_else(|| panic!("no {participants} storyline in {list:#?}"))
}

fn assert_error(answer: &Answer, status: StatusCode, code: &str) {
    assert_eq!(answer.status, status, "{}", answer.text);
    assert_eq!(answer.json["error"]["code"], code, "{}", answer.text);
    assert!(
        answer.json["error"]["message"]
            .as_str()
            .is_some_and(|message| !message.is_empty()),
        "{}",
        answer.text
    );
}

#[tokio::test]
async fn list_gives_each_storyline_with_attributes_dates_counts_and_steps() {
    let directory = tempfile::tempdir().expect("tempdir");
    let state = stored_state(directory.path());
    let list = items(&get(&state, "/api/storylines").await);
    assert_eq!(list.len(), 2, "{list:#?}");

    let summit = find(&list, "KEN-SOM");
    assert!(summit["id"]
        .as_str()
        .is_some_and(|id| id.starts_with("sl-")));
    assert_eq!(summit["kind"], "summit");
    assert_eq!(summit["status"], "scheduled");
    assert_eq!(summit["place"], "Nairobi");
    assert_eq!(summit["proposed_date"], "2026-04-20");
    assert_eq!(summit["mediator"], "UGA");
    assert_eq!(summit["format"], "bilateral");
    assert_eq!(summit["agreed_by"], serde_json::json!(["KEN", "SOM"]));
    assert_eq!(summit["conflicting"], serde_json::json!(["SOM"]));
    assert_eq!(summit["first_report_on"], "2026-04-01");
    assert_eq!(summit["last_report_on"], "2026-04-06");
    assert_eq!(summit["counts"]["reports"], 5);
    assert_eq!(summit["counts"]["documents"], 5);
    assert_eq!(summit["counts"]["conflicts"], 1);
    let steps: Vec<(String, String)> = summit["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|step| {
            (
                step["to"].as_str().unwrap_or("").to_owned(),
                step["date"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("proposed".to_owned(), "2026-04-01".to_owned()),
            ("agreed".to_owned(), "2026-04-04".to_owned()),
            ("scheduled".to_owned(), "2026-04-05".to_owned()),
        ]
    );
    assert_eq!(summit["steps"][0]["from"], Value::Null);
    assert_eq!(summit["steps"][1]["from"], "proposed");

    let meeting = find(&list, "CHL-PER");
    assert_eq!(meeting["kind"], "meeting");
    assert_eq!(meeting["status"], "proposed");
    assert_eq!(meeting["place"], Value::Null);
    assert_eq!(meeting["conditions"], serde_json::json!([]));
}

#[tokio::test]
async fn list_is_the_storylines_the_builder_gives_for_the_stored_reports() {
    let directory = tempfile::tempdir().expect("tempdir");
    let state = stored_state(directory.path());
    let listed: Vec<String> = items(&get(&state, "/api/storylines").await)
        .iter()
        .map(|storyline| storyline["id"].as_str().expect("id").to_owned())
        .collect();
    let reports: Vec<ReportedEvent> = corpus()
        .into_iter()
        .flat_map(|item| {
            let date = item.document.date;
            item.events.into_iter().map(move |event| ReportedEvent {
                event,
                reported_on: date,
            })
        })
        .collect();
    let built: Vec<String> = build_storylines(&reports, &StorylineOptions::default())
        .into_iter()
        .map(|storyline| storyline.id)
        .collect();
    assert_eq!(listed, built);
}

#[tokio::test]
async fn filters_select_by_status_and_participant_or_mediator() {
    let directory = tempfile::tempdir().expect("tempdir");
    let state = stored_state(directory.path());
    let participants = |list: Vec<Value>| -> Vec<String> {
        list.iter()
            .map(|storyline| {
                storyline["participants"]
                    .as_array()
                    .expect("participants")
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .collect()
    };
    for (query, expected) in [
        ("status=scheduled", vec!["KEN-SOM"]),
        ("status=proposed", vec!["CHL-PER"]),
        ("status=Proposed", vec!["CHL-PER"]),
        ("status=held", vec![]),
        ("actor=som", vec!["KEN-SOM"]),
        ("actor=PER", vec!["CHL-PER"]),
        ("actor=UGA", vec!["KEN-SOM"]),
        ("actor=XYZ", vec![]),
        ("status=proposed&actor=KEN", vec![]),
        ("status=&actor=", vec!["KEN-SOM", "CHL-PER"]),
    ] {
        let list = items(&get(&state, &format!("/api/storylines?{query}")).await);
        let mut found = participants(list);
        found.sort();
        let mut expected: Vec<String> = expected.into_iter().map(str::to_owned).collect();
        expected.sort();
        assert_eq!(found, expected, "{query}");
    }
}

#[tokio::test]
async fn limit_pages_through_every_storyline_once() {
    let directory = tempfile::tempdir().expect("tempdir");
    let state = stored_state(directory.path());
    let first = get(&state, "/api/storylines?limit=1").await;
    assert_eq!(items(&first).len(), 1);
    let cursor = first.json["next_cursor"].as_str().expect("a next page");
    let second = get(&state, &format!("/api/storylines?limit=1&cursor={cursor}")).await;
    assert_eq!(items(&second).len(), 1);
    assert_eq!(second.json["next_cursor"], Value::Null);
    assert_ne!(items(&first)[0]["id"], items(&second)[0]["id"]);
    let all = all_pages(&state, "/api/storylines?limit=1").await;
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn one_storyline_has_its_timeline_with_evidence_and_conflicts_side_by_side() {
    let directory = tempfile::tempdir().expect("tempdir");
    let state = stored_state(directory.path());
    let list = items(&get(&state, "/api/storylines?actor=KEN").await);
    let id = list[0]["id"].as_str().expect("id").to_owned();
    let answer = get(&state, &format!("/api/storylines/{id}")).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let detail = &answer.json;
    // Everything the list shows is there too.
    assert_eq!(detail["id"], id.as_str());
    assert_eq!(detail["status"], "scheduled");
    assert_eq!(detail["steps"], list[0]["steps"]);

    let places: Vec<&str> = detail["history"]["place"]
        .as_array()
        .expect("place history")
        .iter()
        .filter_map(|value| value["value"].as_str())
        .collect();
    assert_eq!(places, ["to be determined", "Nairobi"]);

    let timeline = detail["timeline"].as_array().expect("timeline");
    let statuses: Vec<&str> = timeline
        .iter()
        .filter_map(|step| step["to"].as_str())
        .collect();
    assert_eq!(statuses, ["proposed", "agreed", "scheduled"]);
    let texts: Vec<String> = corpus()
        .iter()
        .map(|item| item.document.text.clone())
        .collect();
    for step in timeline {
        assert!(
            step["reason"].as_str().is_some_and(|text| !text.is_empty()),
            "{step}"
        );
        let evidence = step["evidence"].as_array().expect("evidence");
        assert!(!evidence.is_empty(), "{step}");
        for report in evidence {
            let sentence = report["sentence"].as_str().expect("sentence");
            assert!(texts.iter().any(|text| text == sentence), "{report}");
            // The trigger span selects the trigger words in the sentence
            // (each test document is one sentence starting at byte 0).
            let start = report["trigger_span"]["start"].as_u64().expect("start") as usize;
            let end = report["trigger_span"]["end"].as_u64().expect("end") as usize;
            assert_eq!(sentence.get(start..end), report["trigger"].as_str());
            assert!(report["pattern"]
                .as_str()
                .is_some_and(|pattern| pattern.contains("SUMMIT")));
            assert_eq!(report["rule"], "verb-subject-object");
            let roles: Vec<&str> = report["highlights"]
                .as_array()
                .expect("highlights")
                .iter()
                .filter_map(|highlight| highlight["role"].as_str())
                .collect();
            assert!(roles.contains(&"trigger"), "{report}");
        }
    }
    let opening = &timeline[0]["evidence"][0];
    assert_eq!(opening["attribution"], "a Ugandan envoy said");
    assert_eq!(opening["doc_id"], "2026-04-01-summit-offer");
    assert!(opening["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .any(|highlight| highlight["role"] == "attribution"
            && highlight["text"] == "a Ugandan envoy said"));

    let conflicts = detail["conflicts"].as_array().expect("conflicts");
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0]["participant"], "SOM");
    assert_eq!(
        conflicts[0]["supporting"][0]["evidence"]["doc_id"],
        "2026-04-03-mogadishu"
    );
    assert_eq!(conflicts[0]["denying"][0]["stance"], "denies");
    assert_eq!(
        conflicts[0]["denying"][0]["evidence"]["sentence"],
        "Somalia denied any agreement on the summit."
    );
    assert_eq!(detail["reports"].as_array().map(Vec::len), Some(5));
}

#[tokio::test]
async fn unknown_storyline_is_not_found_and_bad_parameters_are_bad_requests() {
    let directory = tempfile::tempdir().expect("tempdir");
    let state = stored_state(directory.path());
    assert_error(
        &get(&state, "/api/storylines/sl-000000000000").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let bad_status = get(&state, "/api/storylines?status=happening").await;
    assert_error(&bad_status, StatusCode::BAD_REQUEST, "bad_request");
    assert!(
        bad_status.text.contains("proposed"),
        "the message lists the statuses: {}",
        bad_status.text
    );
    for query in ["limit=0", "limit=many", "cursor=e1", "cursor=s-4"] {
        assert_error(
            &get(&state, &format!("/api/storylines?{query}")).await,
            StatusCode::BAD_REQUEST,
            "bad_request",
        );
    }
}

#[tokio::test]
async fn an_empty_store_has_no_storylines() {
    let directory = tempfile::tempdir().expect("tempdir");
    let state = AppState::new(
        StorePool::open_sqlite(&directory.path().join("dyad.sqlite"), 1).expect("pool"),
    );
    let answer = get(&state, "/api/storylines").await;
    assert_eq!(items(&answer).len(), 0);
    assert_eq!(answer.json["next_cursor"], Value::Null);
}

#[tokio::test]
async fn storylines_follow_the_store_when_another_connection_ingests() {
    let directory = tempfile::tempdir().expect("tempdir");
    let state = stored_state(directory.path());
    assert_eq!(items(&get(&state, "/api/storylines").await).len(), 2);
    // Built once, the storylines are cached; a `dyad ingest` run on the
    // same file must still show up in the next answer.
    let mut other = SqliteStore::open(&directory.path().join("dyad.sqlite")).expect("store");
    other
        .ingest_batch(&[item(Report {
            doc_id: "2026-04-07-accra",
            date: "2026-04-07",
            text: "Ghana will hold talks with Togo on border trade.",
            trigger: "talks",
            cameo: "040",
            modality: Modality::Planned,
            source: ("GHA", "Ghana"),
            target: Some(("TGO", "Togo")),
        })])
        .expect("ingest");
    let list = items(&get(&state, "/api/storylines").await);
    assert_eq!(list.len(), 3);
    assert_eq!(find(&list, "GHA-TGO")["kind"], "talks");
    // Ingesting through the API changes the answer the same way.
    let state = self::state();
    assert_eq!(items(&get(&state, "/api/storylines").await).len(), 0);
    ingest_article(&state).await;
    // The stored diplomacy article proposes "a summit between Ukraine and
    // Russia in Paris".
    let after = items(&get(&state, "/api/storylines").await);
    assert_eq!(find(&after, "RUS-UKR")["kind"], "summit");
    assert_eq!(find(&after, "RUS-UKR")["place"], "Paris");
}
