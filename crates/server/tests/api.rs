//! The JSON API, tested in-process against a real SQLite store filled
//! through the ingest endpoint.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use dyad_server::{AccessRules, AppState, Limits, StorePool};
use dyad_store::{IngestItem, SqliteStore, Store};
use dyad_types::{ActorRef, Document, Event, Evidence, Modality, Span, Trigger};
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|item| item["event_id"].as_str().expect("event_id").to_string())
        .collect()
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
async fn ingest_stores_coded_events_and_reports_them() {
    let state = state();
    let answer = ingest_article(&state).await;
    assert_eq!(answer.json["summary"]["documents_new"], 1);
    assert_eq!(
        answer.json["summary"]["events_stored"], 16,
        "{}",
        answer.text
    );
    assert_eq!(answer.json["documents"][0]["doc_id"], "diplomacy-article");
    assert_eq!(answer.json["documents"][0]["events"], 16);
    // Posting the same text again is recognised and skipped.
    let again = ingest_article(&state).await;
    assert_eq!(again.json["summary"]["documents_skipped"], 1);
    assert_eq!(again.json["summary"]["events_stored"], 0);
    let health = get(&state, "/api/health").await;
    assert_eq!(health.json["counts"]["events"], 16);
    assert_eq!(health.json["ingest_available"], true);
}

#[tokio::test]
async fn writes_need_the_bearer_token() {
    let state = state();
    let body = json!({ "documents": [ { "text": "Talks began." } ] });
    assert_error(
        &post_json(&state, "/api/documents", &body, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    assert_error(
        &post_json(&state, "/api/documents", &body, Some("wrong-token")).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    // A server without a token refuses every write.
    let open = AppState::new(StorePool::new(vec![Box::new(
        SqliteStore::open_in_memory().expect("store"),
    )]))
    .with_engine(stored_annotation_engine());
    assert_error(
        &post_json(&open, "/api/documents", &body, Some(TOKEN)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    // A text without annotations is stored with a diagnostic, not refused.
    let answer = post_json(&state, "/api/documents", &body, Some(TOKEN)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.json["documents"][0]["events"], 0);
    assert!(answer.json["documents"][0]["diagnostics"][0]
        .as_str()
        .is_some_and(|text| text.contains("no stored annotations")));
}

#[tokio::test]
async fn ingest_without_a_pipeline_is_unavailable() {
    let state = AppState::new(StorePool::new(vec![Box::new(
        SqliteStore::open_in_memory().expect("store"),
    )]))
    .with_access(AccessRules {
        token: Some(TOKEN.into()),
        read_token_required: false,
    });
    let body = json!({ "documents": [ { "text": "Talks began." } ] });
    assert_error(
        &post_json(&state, "/api/documents", &body, Some(TOKEN)).await,
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
    );
}

#[tokio::test]
async fn malformed_ingest_bodies_are_bad_requests() {
    let state = state();
    for body in [
        json!({}),
        json!({ "documents": [ { "id": "x" } ] }),
        json!({ "documents": [ { "text": "x", "date": "19 Aug" } ] }),
    ] {
        assert_error(
            &post_json(&state, "/api/documents", &body, Some(TOKEN)).await,
            StatusCode::BAD_REQUEST,
            "bad_request",
        );
    }
}

#[tokio::test]
async fn reads_can_require_the_token() {
    let mut state = state();
    ingest_article(&state).await;
    state.access.read_token_required = true;
    assert_error(
        &get(&state, "/api/events").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    assert_eq!(
        get_with_token(&state, "/api/events", TOKEN).await.status,
        StatusCode::OK
    );
    assert_error(
        &get_with_token(&state, "/api/events", "nope").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    // The dashboard's files and the API description stay public; the page
    // asks for the token when the API answers 401.
    assert_eq!(get(&state, "/").await.status, StatusCode::OK);
    assert_eq!(get(&state, "/openapi.json").await.status, StatusCode::OK);
}

#[tokio::test]
async fn events_filters_match_dyad_query_semantics() {
    let state = state();
    ingest_article(&state).await;
    let all = all_pages(&state, "/api/events?limit=1000").await;
    assert_eq!(all.len(), 16);

    let call = get(&state, "/api/events?dyad=USA-RUS").await;
    let calls = call.json["items"].as_array().expect("items");
    assert_eq!(calls.len(), 1, "{}", call.text);
    assert_eq!(calls[0]["trigger"]["text"], "called");
    assert_eq!(calls[0]["source"]["code"], "USAGOV");
    assert_eq!(calls[0]["target"]["code"], "RUSGOV");
    assert_eq!(calls[0]["modality"], "claimed");
    assert_eq!(calls[0]["outlet"], "Test Wire");

    // Each filter, checked against the same predicate applied to the whole list.
    let check = |uri: &'static str, keep: &dyn Fn(&Value) -> bool| {
        let expected: Vec<String> = ids(&all
            .iter()
            .filter(|item| keep(item))
            .cloned()
            .collect::<Vec<_>>());
        (uri, expected)
    };
    let cases = vec![
        check("/api/events?cameo=04", &|e| {
            e["cameo"].as_str().is_some_and(|c| c.starts_with("04"))
        }),
        check("/api/events?category=accuse", &|e| e["plover"] == "ACCUSE"),
        check("/api/events?plover=CONSULT", &|e| e["plover"] == "CONSULT"),
        check("/api/events?status=negated", &|e| {
            e["modality"] == "negated"
        }),
        check("/api/events?modality=planned", &|e| {
            e["modality"] == "planned"
        }),
        check("/api/events?dyad=USA-%3ERUS", &|e| {
            e["source"]["code"]
                .as_str()
                .is_some_and(|c| c.starts_with("USA"))
                && e["target"]["code"]
                    .as_str()
                    .is_some_and(|c| c.starts_with("RUS"))
        }),
        check("/api/events?actor=rusgov", &|e| {
            e["source"]["code"] == "RUSGOV" || e["target"]["code"] == "RUSGOV"
        }),
        check("/api/events?from=2025-09-09&to=2025-09-10", &|e| {
            e["effective_date"]
                .as_str()
                .is_some_and(|d| ("2025-09-09"..="2025-09-10").contains(&d))
        }),
    ];
    for (uri, expected) in cases {
        assert!(!expected.is_empty(), "{uri} selects nothing in the fixture");
        let answer = get(&state, uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text);
        assert_eq!(
            ids(answer.json["items"].as_array().expect("items")),
            expected,
            "{uri}"
        );
    }
    let text = get(&state, "/api/events?q=Kharkiv").await;
    let found = text.json["items"].as_array().expect("items");
    assert!(
        !found.is_empty()
            && found.iter().all(|e| e["sentence"]
                .as_str()
                .is_some_and(|s| s.contains("Kharkiv")))
    );
    let nothing = get(&state, "/api/events?actor=nobody-at-all").await;
    assert_eq!(nothing.json["items"], json!([]));
    assert_eq!(nothing.json["next_cursor"], Value::Null);
}

#[tokio::test]
async fn pagination_returns_every_event_once_for_every_page_size() {
    let state = state();
    ingest_article(&state).await;
    let reference = ids(&get(&state, "/api/events?limit=1000").await.json["items"]
        .as_array()
        .expect("items")
        .clone());
    for size in 1..=17 {
        let paged = ids(&all_pages(&state, &format!("/api/events?limit={size}")).await);
        assert_eq!(paged, reference, "page size {size}");
    }
    // A filtered list pages the same way.
    let filtered = ids(&get(&state, "/api/events?plover=ACCUSE&limit=1000")
        .await
        .json["items"]
        .as_array()
        .expect("items")
        .clone());
    assert_eq!(
        ids(&all_pages(&state, "/api/events?plover=ACCUSE&limit=2").await),
        filtered
    );
    // Documents and clusters page too.
    assert_eq!(
        all_pages(&state, "/api/clusters?limit=3").await.len(),
        get(&state, "/api/health").await.json["counts"]["clusters"]
            .as_u64()
            .expect("n") as usize
    );
    assert_eq!(all_pages(&state, "/api/documents?limit=1").await.len(), 1);
}

#[tokio::test]
async fn bad_parameters_are_bad_requests_without_internals() {
    let state = state();
    ingest_article(&state).await;
    for uri in [
        "/api/events?dyad=USA",
        "/api/events?from=yesterday",
        "/api/events?cursor=zzz",
        "/api/events?cursor=c3",
        "/api/events?limit=0",
        "/api/events?limit=-4",
        "/api/events?status=maybe",
        "/api/events?cameo=04a",
        "/api/events?q=%22unbalanced",
        "/api/events?q=AND",
        "/api/timeseries",
        "/api/timeseries?dyad=USA-RUS&granularity=hour",
        "/api/network?level=planet",
        "/api/clusters?cursor=e1",
    ] {
        let answer = get(&state, uri).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, "bad_request");
        let lower = answer.text.to_lowercase();
        assert!(
            !lower.contains("sqlite") && !lower.contains("select") && !lower.contains("rusqlite"),
            "{uri}: {}",
            answer.text
        );
    }
    assert_error(
        &get(&state, "/api/events/0000000000000000").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_error(
        &get(&state, "/api/clusters/unknown").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_error(
        &get(&state, "/api/documents/abc").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_error(
        &get(&state, "/api/no-such-thing").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test]
async fn event_detail_has_evidence_spans_document_and_cluster() {
    let state = state();
    ingest_article(&state).await;
    let list = get(&state, "/api/events?dyad=USA-RUS").await;
    let event_id = list.json["items"][0]["event_id"]
        .as_str()
        .expect("id")
        .to_string();
    let detail = get(&state, &format!("/api/events/{event_id}")).await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.text);
    let roles: Vec<(String, String)> = detail.json["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|h| {
            (
                h["role"].as_str().expect("role").to_string(),
                h["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(
        roles.contains(&("source".into(), "Trump".into())),
        "{roles:?}"
    );
    assert!(
        roles.contains(&("target".into(), "Putin".into())),
        "{roles:?}"
    );
    assert!(
        roles.contains(&("trigger".into(), "called".into())),
        "{roles:?}"
    );
    assert_eq!(
        detail.json["document"]["title"],
        "Macron Urges Ceasefire Ahead Of Paris Summit"
    );
    let members = detail.json["cluster_members"].as_array().expect("members");
    assert!(members.iter().any(|m| m["event_id"] == event_id.as_str()));
    assert_eq!(
        detail.json["cluster"]["report_count"].as_u64(),
        Some(members.len() as u64)
    );
    // Every highlight span selects its text in the document.
    let hash = detail.json["document"]["content_sha256"]
        .as_str()
        .expect("hash")
        .to_string();
    let document = get(&state, &format!("/api/documents/{hash}")).await;
    let text = document.json["text"].as_str().expect("text");
    for highlight in detail.json["highlights"].as_array().expect("highlights") {
        let span = Span::new(
            highlight["span"]["start"].as_u64().expect("start") as usize,
            highlight["span"]["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(span.slice(text), highlight["text"].as_str(), "{highlight}");
    }
}

#[tokio::test]
async fn document_detail_lists_sentences_and_event_spans() {
    let state = state();
    ingest_article(&state).await;
    let documents = get(&state, "/api/documents").await;
    let hash = documents.json["items"][0]["content_sha256"]
        .as_str()
        .expect("hash")
        .to_string();
    assert_eq!(hash, dyad_store::content_hash(&article_text()));
    let detail = get(&state, &format!("/api/documents/{hash}")).await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.text);
    let text = detail.json["text"].as_str().expect("text");
    let sentences = detail.json["sentences"].as_array().expect("sentences");
    assert!(sentences.len() >= 10, "{}", sentences.len());
    for sentence in sentences {
        let span = Span::new(
            sentence["span"]["start"].as_u64().expect("s") as usize,
            sentence["span"]["end"].as_u64().expect("e") as usize,
        );
        assert_eq!(span.slice(text), sentence["text"].as_str());
    }
    let events = detail.json["events"].as_array().expect("events");
    assert_eq!(events.len(), 16);
    for event in events {
        let source_span = &event["source"]["span"];
        if source_span.is_object() {
            let span = Span::new(
                source_span["start"].as_u64().expect("s") as usize,
                source_span["end"].as_u64().expect("e") as usize,
            );
            assert_eq!(
                span.slice(text),
                event["source"]["text"].as_str(),
                "{event}"
            );
        }
    }
}

#[tokio::test]
async fn time_series_counts_quad_classes_per_period() {
    let state = state();
    ingest_article(&state).await;
    let answer = get(&state, "/api/timeseries?dyad=USA-RUS&granularity=day").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let points = answer.json["points"].as_array().expect("points");
    assert_eq!(points.len(), 1, "{}", answer.text);
    assert_eq!(points[0]["period"], "2025-09-06");
    assert_eq!(points[0]["quad_counts"], json!([1, 0, 0, 0]));
    assert_eq!(points[0]["total"], 1);
    assert_eq!(points[0]["mean_goldstein"].as_f64(), Some(1.0));
    // Weeks start on Monday: 2025-09-06 is a Saturday in the week of 1 September.
    let weekly = get(&state, "/api/timeseries?dyad=USA-RUS").await;
    assert_eq!(weekly.json["granularity"], "week");
    assert_eq!(weekly.json["points"][0]["period"], "2025-09-01");
    let monthly = get(&state, "/api/timeseries?dyad=RUS-UKR&granularity=month").await;
    assert_eq!(monthly.status, StatusCode::OK);
    let empty = get(&state, "/api/timeseries?dyad=CHN-BRA").await;
    assert_eq!(empty.json["points"], json!([]));
}

#[tokio::test]
async fn actors_and_network_count_who_acted_on_whom() {
    let state = state();
    ingest_article(&state).await;
    let actors = get(&state, "/api/actors").await;
    let items = actors.json["items"].as_array().expect("actors");
    let usa = items
        .iter()
        .find(|actor| actor["key"] == "USAGOV")
        .expect("USAGOV is listed");
    assert_eq!(usa["as_source"], 1);
    let counts: Vec<u64> = items
        .iter()
        .map(|a| a["as_source"].as_u64().unwrap_or(0) + a["as_target"].as_u64().unwrap_or(0))
        .collect();
    assert!(
        counts.windows(2).all(|pair| pair[0] >= pair[1]),
        "{counts:?}"
    );

    let network = get(&state, "/api/network").await;
    let edges = network.json["edges"].as_array().expect("edges");
    assert!(edges.iter().any(|edge| edge["source"] == "USAGOV"
        && edge["target"] == "RUSGOV"
        && edge["weight"] == 1));
    // Events without a target add no edge; the total weight is the number of targeted reports.
    let targeted = all_pages(&state, "/api/events?limit=100")
        .await
        .iter()
        .filter(|e| !e["target"].is_null())
        .count() as u64;
    assert_eq!(
        edges
            .iter()
            .map(|edge| edge["weight"].as_u64().expect("w"))
            .sum::<u64>(),
        targeted
    );
    let by_country = get(&state, "/api/network?level=country").await;
    assert!(by_country.json["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .any(|edge| edge["source"] == "USA" && edge["target"] == "RUS"));
    let nodes: BTreeSet<&str> = by_country.json["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["id"].as_str())
        .collect();
    assert!(nodes.contains("USA") && nodes.contains("RUS"));
}

#[tokio::test]
async fn clusters_resolve_and_list_their_reports() {
    let state = state();
    ingest_article(&state).await;
    let clusters = all_pages(&state, "/api/clusters?limit=100").await;
    assert!(!clusters.is_empty());
    let reports: usize = clusters
        .iter()
        .map(|c| c["report_count"].as_u64().expect("count") as usize)
        .sum();
    assert_eq!(reports, 16);
    let id = clusters[0]["cluster_id"].as_str().expect("id");
    let one = get(&state, &format!("/api/clusters/{id}")).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.json, clusters[0]);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let mut state = state();
    state.limits = Limits {
        max_body_bytes: 1024,
        ..Limits::default()
    };
    let body = json!({ "documents": [ { "text": "x".repeat(4096) } ] });
    let answer = post_json(&state, "/api/documents", &body, Some(TOKEN)).await;
    assert_eq!(
        answer.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        answer.text
    );
}

/// A hand-written report in a sentence with multi-byte characters, to
/// check that spans stay byte offsets through the API.
fn non_ascii_item() -> IngestItem {
    let text = "Zelensky–Putin talks: “Very good,” Trump said. Kyiv’s envoy met Moscow’s envoy.";
    let sentence_start = text.find("Kyiv").expect("sentence");
    let sentence = &text[sentence_start..];
    let at = |word: &str| {
        let start = text.find(word).expect("word");
        Span::new(start, start + word.len())
    };
    let trigger = at("met");
    let mut event = Event {
        event_id: String::new(),
        doc_id: "non-ascii".into(),
        sentence_index: 1,
        sentence: sentence.into(),
        sentence_span: Span::new(sentence_start, text.len()),
        cameo: "040".into(),
        plover: "CONSULT".into(),
        plover_mode: None,
        plover_context: vec![],
        goldstein: 1.0,
        quad_class: 1,
        source: ActorRef {
            text: "Kyiv’s envoy".into(),
            code: Some("UKRGOV".into()),
            span: Some(at("Kyiv’s envoy")),
            ..ActorRef::default()
        },
        target: Some(ActorRef {
            text: "Moscow’s envoy".into(),
            code: Some("RUSGOV".into()),
            span: Some(at("Moscow’s envoy")),
            ..ActorRef::default()
        }),
        modality: Modality::Asserted,
        attribution: None,
        date: chrono::NaiveDate::from_ymd_opt(2025, 8, 19),
        date_precision: None,
        date_text: None,
        location: None,
        fatalities: None,
        injuries: None,
        trigger: Trigger {
            text: "met".into(),
            start: trigger.start,
            end: trigger.end,
        },
        evidence: Evidence::default(),
    };
    event.event_id = event.compute_id();
    let mut document = Document::new("non-ascii", text);
    document.date = event.date;
    IngestItem {
        document,
        sentences: vec![
            Span::new(0, sentence_start - 1),
            Span::new(sentence_start, text.len()),
        ],
        events: vec![event],
        diagnostics: vec![],
    }
}

#[tokio::test]
async fn non_ascii_spans_stay_byte_offsets() {
    let directory = tempfile::tempdir().expect("tempdir");
    let path = directory.path().join("dyad.sqlite");
    let mut store = SqliteStore::open(&path).expect("store");
    store.ingest_batch(&[non_ascii_item()]).expect("ingest");
    drop(store);
    // Two connections to one file, as `dyad serve` opens them.
    let state = AppState::new(StorePool::open_sqlite(&path, 2).expect("pool"));
    let list = get(&state, "/api/events").await;
    let id = list.json["items"][0]["event_id"]
        .as_str()
        .expect("id")
        .to_string();
    let detail = get(&state, &format!("/api/events/{id}")).await;
    let texts: Vec<(&str, &str)> = detail.json["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|h| {
            (
                h["role"].as_str().unwrap_or(""),
                h["text"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        texts,
        vec![
            ("source", "Kyiv’s envoy"),
            ("target", "Moscow’s envoy"),
            ("trigger", "met")
        ]
    );
}

#[tokio::test]
async fn concurrent_requests_share_the_pool() {
    let directory = tempfile::tempdir().expect("tempdir");
    let path = directory.path().join("dyad.sqlite");
    let mut store = SqliteStore::open(&path).expect("store");
    store.ingest_batch(&[non_ascii_item()]).expect("ingest");
    drop(store);
    let state = AppState::new(StorePool::open_sqlite(&path, 3).expect("pool"));
    let mut tasks = Vec::new();
    for index in 0..40 {
        let state = state.clone();
        tasks.push(tokio::spawn(async move {
            let uri = if index % 2 == 0 {
                "/api/events"
            } else {
                "/api/timeseries?dyad=UKR-RUS&granularity=month"
            };
            send(
                &state,
                Request::get(uri).body(Body::empty()).expect("request"),
            )
            .await
            .status
        }));
    }
    for task in tasks {
        assert_eq!(task.await.expect("task"), StatusCode::OK);
    }
}
