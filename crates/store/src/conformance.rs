//! The conformance suite every store backend must pass.
//!
//! Each check is a generic function over [`Store`], written once; the
//! [`conformance_suite!`] macro instantiates all of them as tests for one
//! backend, given an expression that makes a fresh, empty store. A new
//! backend (PostgreSQL) adds one line invoking the macro.

use crate::model::{Dyad, DyadDirection, EventFilter, Granularity, IngestItem};
use crate::{
    cluster_id_for, content_hash, same_occurrence, synthetic, ClusterReport, Store, StoreError,
};
use dyad_types::{ActorRef, Date, Document, Event, Evidence, Location, Modality, Span, Trigger};
use std::collections::{BTreeMap, BTreeSet};

/// One hand-described report for the checks below.
#[derive(Clone)]
pub struct Report {
    pub source: &'static str,
    pub target: Option<&'static str>,
    pub cameo: &'static str,
    pub plover: &'static str,
    pub quad_class: u8,
    pub goldstein: f64,
    pub modality: Modality,
    pub place: Option<(&'static str, &'static str)>,
    pub sentence: &'static str,
}

pub fn report(
    source: &'static str,
    target: Option<&'static str>,
    cameo: &'static str,
    sentence: &'static str,
) -> Report {
    let (plover, quad_class, goldstein) = match cameo.get(..2).unwrap_or("") {
        "04" | "03" => ("CONSULT", 1, 1.0),
        "05" => ("AGREE", 1, 3.5),
        "11" => ("ACCUSE", 3, -2.0),
        "16" => ("SANCTION", 4, -8.0),
        _ => ("ASSAULT", 4, -10.0),
    };
    Report {
        source,
        target,
        cameo,
        plover,
        quad_class,
        goldstein,
        modality: Modality::Asserted,
        place: None,
        sentence,
    }
}

fn actor(code: &str, span: Span) -> ActorRef {
    ActorRef {
        text: code.to_string(),
        code: Some(code.to_string()),
        country: code.get(..3).map(str::to_owned),
        org: None,
        sector: code.get(3..).filter(|s| !s.is_empty()).map(str::to_owned),
        name: None,
        span: Some(span),
    }
}

/// A document whose sentences are the reports' sentences, one report per
/// sentence, with spans that select the document's text.
pub fn item(
    doc_id: &str,
    date: Option<Date>,
    url: Option<&str>,
    outlet: &str,
    reports: &[Report],
) -> IngestItem {
    let mut text = String::new();
    let mut sentences = Vec::new();
    let mut events = Vec::new();
    for (index, report) in reports.iter().enumerate() {
        let start = text.len();
        text.push_str(report.sentence);
        let span = Span::new(start, text.len());
        text.push(' ');
        sentences.push(span);
        let mut event = Event {
            event_id: String::new(),
            doc_id: doc_id.to_string(),
            sentence_index: index,
            sentence: report.sentence.to_string(),
            sentence_span: span,
            cameo: report.cameo.to_string(),
            plover: report.plover.to_string(),
            plover_mode: None,
            plover_context: vec![],
            goldstein: report.goldstein,
            quad_class: report.quad_class,
            source: actor(report.source, Span::new(start, start)),
            target: report
                .target
                .map(|code| actor(code, Span::new(start, start))),
            modality: report.modality,
            attribution: None,
            date,
            date_precision: None,
            date_text: None,
            location: report.place.map(|(name, country)| Location {
                text: format!("in {name}"),
                name: name.to_string(),
                country: Some(country.to_string()),
                span: None,
            }),
            fatalities: None,
            injuries: None,
            trigger: Trigger {
                text: String::new(),
                start,
                end: start,
            },
            evidence: Evidence {
                rule: "test".into(),
                ..Evidence::default()
            },
        };
        event.event_id = event.compute_id();
        events.push(event);
    }
    let mut document = Document::new(doc_id, text);
    document.date = date;
    document.url = url.map(str::to_owned);
    document.source = Some(outlet.to_string());
    IngestItem {
        document,
        sentences,
        events,
        diagnostics: vec![],
    }
}

pub fn day(day: u32) -> Option<Date> {
    Date::from_ymd_opt(2025, 3, day)
}

/// Everything ingested comes back unchanged, with its sentences.
pub fn stores_documents_sentences_and_events<S: Store>(store: &mut S) {
    let items = synthetic::corpus(12);
    let summary = store.ingest_batch(&items).expect("ingest");
    let expected_events: usize = items.iter().map(|item| item.events.len()).sum();
    assert_eq!(summary.documents_new, 12);
    assert_eq!(summary.events_stored, expected_events);
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    let counts = store.counts().expect("counts");
    assert_eq!(counts.documents, 12);
    assert_eq!(counts.events, expected_events);
    assert_eq!(
        counts.sentences,
        items.iter().map(|item| item.sentences.len()).sum::<usize>()
    );
    let stored: Vec<Event> = store
        .query(&EventFilter::default())
        .expect("query")
        .into_iter()
        .map(|s| s.event)
        .collect();
    let original: Vec<Event> = items.iter().flat_map(|item| item.events.clone()).collect();
    assert_eq!(stored, original);
    let first = items.first().expect("corpus");
    let hash = content_hash(&first.document.text);
    assert_eq!(
        store.document_text(&hash).expect("text").as_deref(),
        Some(first.document.text.as_str())
    );
    let sentences = store.sentences(&hash).expect("sentences");
    assert_eq!(sentences.len(), first.sentences.len());
    for sentence in &sentences {
        assert_eq!(
            first.document.slice(sentence.span),
            Some(sentence.text.as_str())
        );
    }
    let documents = store.documents().expect("documents");
    assert_eq!(
        documents
            .iter()
            .map(|d| d.doc_id.as_str())
            .collect::<Vec<_>>(),
        items
            .iter()
            .map(|i| i.document.id.as_str())
            .collect::<Vec<_>>()
    );
}

/// Ingesting the same documents again changes nothing and counts them as
/// skipped.
pub fn reingest_is_a_no_op<S: Store>(store: &mut S) {
    let items = synthetic::corpus(10);
    store.ingest_batch(&items).expect("first ingest");
    let before = store.counts().expect("counts");
    let clusters_before = store.clusters().expect("clusters");
    let again = store.ingest_batch(&items).expect("second ingest");
    assert_eq!(again.documents_new, 0);
    assert_eq!(again.documents_skipped, 10);
    assert_eq!(again.events_stored, 0);
    assert_eq!(store.counts().expect("counts"), before);
    assert_eq!(store.clusters().expect("clusters"), clusters_before);
}

/// A document is known by its text (whatever its id) and by its URL
/// (whatever its text); a repeat within one batch is skipped too.
pub fn documents_are_identified_by_content_and_url<S: Store>(store: &mut S) {
    let a = item(
        "a",
        day(3),
        Some("https://example.test/a"),
        "Northwire",
        &[report(
            "USAGOV",
            Some("RUSGOV"),
            "043",
            "Envoys met in Vienna.",
        )],
    );
    let mut same_text_new_id = a.clone();
    same_text_new_id.document.id = "renamed".into();
    same_text_new_id.document.url = None;
    for event in &mut same_text_new_id.events {
        event.doc_id = "renamed".into();
    }
    let mut same_url_new_text = item(
        "a2",
        day(3),
        Some("https://example.test/a"),
        "Northwire",
        &[report(
            "USAGOV",
            Some("RUSGOV"),
            "043",
            "Envoys met in Vienna on Monday.",
        )],
    );
    same_url_new_text.document.id = "a2".into();
    let b = item(
        "b",
        day(4),
        None,
        "Harbor Daily",
        &[report(
            "FRAGOV",
            Some("DEUGOV"),
            "040",
            "Paris consulted Berlin.",
        )],
    );
    let summary = store
        .ingest_batch(&[a, same_text_new_id, same_url_new_text, b.clone(), b])
        .expect("ingest");
    assert_eq!(summary.documents_new, 2);
    assert_eq!(summary.documents_skipped, 3);
    assert_eq!(store.counts().expect("counts").documents, 2);
}

/// A document whose events contradict it is refused with a reason; the
/// rest of the batch is stored.
pub fn broken_documents_fail_with_a_reason<S: Store>(store: &mut S) {
    let good = item(
        "good",
        day(5),
        None,
        "Northwire",
        &[report(
            "USAGOV",
            Some("CHNGOV"),
            "112",
            "Washington accused Beijing.",
        )],
    );
    let mut bad = item(
        "bad",
        day(5),
        None,
        "Northwire",
        &[report("USAGOV", Some("CHNGOV"), "112", "Short.")],
    );
    if let Some(event) = bad.events.first_mut() {
        event.sentence_span = Span::new(0, 10_000);
    }
    let mut foreign = item(
        "foreign",
        day(5),
        None,
        "Northwire",
        &[report("USAGOV", Some("CHNGOV"), "112", "Other text.")],
    );
    if let Some(event) = foreign.events.first_mut() {
        event.doc_id = "someone-else".into();
    }
    let summary = store.ingest_batch(&[bad, good, foreign]).expect("ingest");
    assert_eq!(summary.documents_new, 1);
    assert_eq!(summary.failed.len(), 2);
    assert_eq!(summary.failed[0].doc_id, "bad");
    assert!(
        summary.failed[0].reason.contains("outside the text"),
        "{}",
        summary.failed[0].reason
    );
    assert!(
        summary.failed[1].reason.contains("someone-else"),
        "{}",
        summary.failed[1].reason
    );
    assert_eq!(store.counts().expect("counts").events, 1);
}

fn ids(store: &impl Store, filter: EventFilter) -> Vec<String> {
    store
        .query(&filter)
        .expect("query")
        .into_iter()
        .map(|s| s.event.doc_id)
        .collect()
}

/// Every filter narrows the result as documented.
pub fn filters_select_the_right_reports<S: Store>(store: &mut S) {
    let mut planned = report(
        "RUSGOV",
        Some("UKRGOV"),
        "036",
        "Moscow offered talks with Kyiv next week.",
    );
    planned.modality = Modality::Planned;
    let mut shelling = report(
        "RUSMIL",
        Some("UKRMIL"),
        "190",
        "Artillery struck positions near Kharkiv.",
    );
    shelling.place = Some(("Kharkiv", "UKR"));
    let items = vec![
        item(
            "meeting",
            day(1),
            None,
            "Northwire",
            &[report(
                "USAGOV",
                Some("RUSGOV"),
                "043",
                "The envoys met in Geneva.",
            )],
        ),
        item("plan", day(10), None, "Northwire", &[planned]),
        item("shelling", day(20), None, "Harbor Daily", &[shelling]),
        item(
            "sanction",
            day(25),
            None,
            "Harbor Daily",
            &[report(
                "USAGOV",
                Some("IRNGOV"),
                "163",
                "Washington imposed sanctions on Tehran.",
            )],
        ),
    ];
    store.ingest_batch(&items).expect("ingest");
    let all = EventFilter::default;
    assert_eq!(
        ids(
            store,
            EventFilter {
                actor: Some("rusmil".into()),
                ..all()
            }
        ),
        ["shelling"]
    );
    assert_eq!(
        ids(
            store,
            EventFilter {
                actor: Some("RUS".into()),
                ..all()
            }
        ),
        ["meeting", "plan", "shelling"]
    );
    assert_eq!(
        ids(
            store,
            EventFilter {
                country: Some("irn".into()),
                ..all()
            }
        ),
        ["sanction"]
    );
    assert_eq!(
        ids(
            store,
            EventFilter {
                dyad: Dyad::parse("RUS-USA"),
                ..all()
            }
        ),
        ["meeting"]
    );
    assert!(ids(
        store,
        EventFilter {
            dyad: Dyad::parse("RUS->USA"),
            ..all()
        }
    )
    .is_empty());
    assert_eq!(
        ids(
            store,
            EventFilter {
                dyad: Some(Dyad {
                    first: "RUS".into(),
                    second: "UKR".into(),
                    direction: DyadDirection::Directed
                }),
                ..all()
            }
        ),
        ["plan", "shelling"]
    );
    assert_eq!(
        ids(
            store,
            EventFilter {
                cameo: Some("04".into()),
                ..all()
            }
        ),
        ["meeting"]
    );
    assert_eq!(
        ids(
            store,
            EventFilter {
                cameo: Some("190".into()),
                ..all()
            }
        ),
        ["shelling"]
    );
    assert_eq!(
        ids(
            store,
            EventFilter {
                plover: Some("consult".into()),
                ..all()
            }
        ),
        ["meeting", "plan"]
    );
    assert_eq!(
        ids(
            store,
            EventFilter {
                modality: Some(Modality::Planned),
                ..all()
            }
        ),
        ["plan"]
    );
    assert_eq!(
        ids(
            store,
            EventFilter {
                date_from: day(10),
                date_to: day(20),
                ..all()
            }
        ),
        ["plan", "shelling"]
    );
    assert_eq!(
        ids(
            store,
            EventFilter {
                text: Some("geneva OR kharkiv".into()),
                ..all()
            }
        ),
        ["meeting", "shelling"]
    );
    assert_eq!(
        ids(
            store,
            EventFilter {
                text: Some("sanction*".into()),
                ..all()
            }
        ),
        ["sanction"]
    );
    assert_eq!(
        ids(
            store,
            EventFilter {
                limit: Some(2),
                ..all()
            }
        ),
        ["meeting", "plan"]
    );
    assert_eq!(
        ids(
            store,
            EventFilter {
                actor: Some("USA".into()),
                cameo: Some("16".into()),
                ..all()
            }
        ),
        ["sanction"]
    );
}

/// A malformed full-text query is the user's mistake, not a crash.
pub fn malformed_text_query_is_an_invalid_query<S: Store>(store: &mut S) {
    store.ingest_batch(&synthetic::corpus(2)).expect("ingest");
    for query in ["\"unbalanced", "AND OR", "(((", "col:umn"] {
        let result = store.query(&EventFilter {
            text: Some(query.into()),
            ..EventFilter::default()
        });
        assert!(
            matches!(result, Err(StoreError::InvalidQuery(_))),
            "{query}: {result:?}"
        );
    }
}

/// Reports of one occurrence from different articles share a cluster with
/// its report count, sources and report dates; other reports do not.
pub fn reports_of_one_occurrence_share_a_cluster<S: Store>(store: &mut S) {
    let items = vec![
        item(
            "wire-1",
            day(10),
            None,
            "Northwire",
            &[report(
                "USAGOV",
                Some("RUSGOV"),
                "043",
                "US and Russian envoys met in Riyadh.",
            )],
        ),
        item(
            "paper-2",
            day(11),
            None,
            "Capital Ledger",
            &[report(
                "RUSGOV",
                Some("USAGOV"),
                "040",
                "Moscow's envoy held talks with the Americans.",
            )],
        ),
        item(
            "paper-3",
            day(11),
            None,
            "Harbor Daily",
            &[report(
                "CHNGOV",
                Some("INDGOV"),
                "043",
                "Chinese and Indian ministers met.",
            )],
        ),
    ];
    store.ingest_batch(&items).expect("ingest");
    let events = store.query(&EventFilter::default()).expect("query");
    assert_eq!(events[0].cluster_id, events[1].cluster_id);
    assert_ne!(events[0].cluster_id, events[2].cluster_id);
    let cluster = store
        .cluster(&events[0].cluster_id)
        .expect("cluster")
        .expect("exists");
    assert_eq!(cluster.report_count, 2);
    assert_eq!(cluster.documents, ["paper-2", "wire-1"]);
    assert_eq!(cluster.outlets, ["Capital Ledger", "Northwire"]);
    assert_eq!(
        (cluster.first_report, cluster.last_report),
        (day(10), day(11))
    );
    assert_eq!(store.counts().expect("counts").clusters, 2);
}

/// Adding reports never renames a cluster; when a report joins two
/// clusters, the older id wins and the younger id still resolves.
pub fn cluster_ids_are_stable_and_the_older_wins_a_merge<S: Store>(store: &mut S) {
    let first = item(
        "early",
        day(1),
        None,
        "Northwire",
        &[report(
            "TURGOV",
            Some("EGYGOV"),
            "043",
            "Ankara and Cairo met.",
        )],
    );
    let second = item(
        "late",
        day(5),
        None,
        "Northwire",
        &[report(
            "TURGOV",
            Some("EGYGOV"),
            "043",
            "Turkish and Egyptian officials met.",
        )],
    );
    store.ingest_batch(&[first]).expect("ingest");
    let early_id = store.query(&EventFilter::default()).expect("query")[0]
        .cluster_id
        .clone();
    store.ingest_batch(&[second]).expect("ingest");
    let late_id = store.query(&EventFilter::default()).expect("query")[1]
        .cluster_id
        .clone();
    assert_ne!(early_id, late_id, "four days apart is outside the window");
    let again = item(
        "again",
        day(1),
        None,
        "Capital Ledger",
        &[report(
            "TURGOV",
            Some("EGYGOV"),
            "043",
            "The Turkish delegation met Egypt's.",
        )],
    );
    store.ingest_batch(&[again]).expect("ingest");
    assert_eq!(
        store.query(&EventFilter::default()).expect("query")[2].cluster_id,
        early_id
    );
    let bridge = item(
        "bridge",
        day(3),
        None,
        "Harbor Daily",
        &[report(
            "EGYGOV",
            Some("TURGOV"),
            "043",
            "Egypt and Turkey continued their talks.",
        )],
    );
    let summary = store.ingest_batch(&[bridge]).expect("ingest");
    assert_eq!(summary.clusters_merged, 1);
    let clusters: BTreeSet<String> = store
        .query(&EventFilter::default())
        .expect("query")
        .into_iter()
        .map(|s| s.cluster_id)
        .collect();
    assert_eq!(clusters, BTreeSet::from([early_id.clone()]));
    let resolved = store
        .cluster(&late_id)
        .expect("cluster")
        .expect("alias resolves");
    assert_eq!(resolved.cluster_id, early_id);
    assert_eq!(resolved.report_count, 4);
    assert!(store
        .cluster("c-no-such-cluster")
        .expect("lookup")
        .is_none());
}

/// The dyad time series agrees with counting the reports by hand.
pub fn dyad_time_series_matches_a_count_by_hand<S: Store>(store: &mut S) {
    let items = synthetic::corpus(200);
    store.ingest_batch(&items).expect("ingest");
    let dyad = Dyad::parse("USA-RUS").expect("dyad");
    for granularity in [Granularity::Day, Granularity::Week, Granularity::Month] {
        let series = store
            .dyad_time_series(&dyad, granularity, None, None)
            .expect("series");
        let mut expected: BTreeMap<Date, ([u64; 4], f64)> = BTreeMap::new();
        for event in items.iter().flat_map(|item| &item.events) {
            let source = event.source.code.as_deref().unwrap_or("");
            let target = event
                .target
                .as_ref()
                .and_then(|t| t.code.as_deref())
                .unwrap_or("");
            let matches = (source.starts_with("USA") && target.starts_with("RUS"))
                || (source.starts_with("RUS") && target.starts_with("USA"));
            let Some(date) = event.date.filter(|_| matches) else {
                continue;
            };
            let entry = expected
                .entry(granularity.bucket_start(date))
                .or_insert(([0; 4], 0.0));
            entry.0[usize::from(event.quad_class - 1)] += 1;
            entry.1 += event.goldstein;
        }
        assert!(!expected.is_empty());
        assert_eq!(series.len(), expected.len());
        for point in &series {
            let (quads, sum) = expected[&point.period];
            assert_eq!(point.quad_counts, quads);
            let total: u64 = quads.iter().sum();
            assert_eq!(point.total, total);
            assert!((point.mean_goldstein - sum / total as f64).abs() < 1e-9);
        }
    }
}

/// Incremental clustering, in batches of any size, gives the connected
/// components of the pairwise rule, each named after its earliest report.
pub fn clusters_equal_the_reference_whatever_the_batching<S: Store>(
    store: &mut S,
    batch_size: usize,
) {
    let items = synthetic::corpus(150);
    for batch in items.chunks(batch_size.max(1)) {
        store.ingest_batch(batch).expect("ingest");
    }
    let stored = store.query(&EventFilter::default()).expect("query");
    // Reference: union-find over all pairs, in ingest order.
    let reports: Vec<ClusterReport> = items
        .iter()
        .flat_map(|item| {
            item.events
                .iter()
                .map(|event| ClusterReport::from_event(event, item.document.date))
        })
        .collect();
    let first_report_ids: Vec<String> = items
        .iter()
        .flat_map(|item| {
            let hash = content_hash(&item.document.text);
            (0..item.events.len()).map(move |ordinal| cluster_id_for(&hash, ordinal))
        })
        .collect();
    let mut parent: Vec<usize> = (0..reports.len()).collect();
    fn root(parent: &mut [usize], mut index: usize) -> usize {
        while parent[index] != index {
            parent[index] = parent[parent[index]];
            index = parent[index];
        }
        index
    }
    for later in 0..reports.len() {
        for earlier in 0..later {
            if same_occurrence(&reports[later], &reports[earlier]) {
                let (a, b) = (root(&mut parent, later), root(&mut parent, earlier));
                let (low, high) = (a.min(b), a.max(b));
                parent[high] = low;
            }
        }
    }
    assert_eq!(stored.len(), reports.len());
    let mut reference_to_stored: BTreeMap<usize, String> = BTreeMap::new();
    for (index, event) in stored.iter().enumerate() {
        let component = root(&mut parent, index);
        // The component's root is its earliest report, whose id names it.
        let expected = reference_to_stored
            .entry(component)
            .or_insert_with(|| first_report_ids[component].clone());
        assert_eq!(
            &event.cluster_id, expected,
            "report {index} is in another cluster than the reference says"
        );
    }
    let distinct: BTreeSet<&String> = reference_to_stored.values().collect();
    assert_eq!(
        distinct.len(),
        reference_to_stored.len(),
        "two reference components share a cluster"
    );
    assert_eq!(store.counts().expect("counts").clusters, distinct.len());
    assert!(
        distinct.len() < reports.len(),
        "the corpus must exercise merging"
    );
}

/// Instantiates every conformance check as a test for one backend.
/// `$make` is an expression giving a fresh, empty store.
macro_rules! conformance_suite {
    ($make:expr) => {
        use $crate::conformance as suite;
        #[test]
        fn stores_documents_sentences_and_events() {
            suite::stores_documents_sentences_and_events(&mut $make);
        }
        #[test]
        fn reingest_is_a_no_op() {
            suite::reingest_is_a_no_op(&mut $make);
        }
        #[test]
        fn documents_are_identified_by_content_and_url() {
            suite::documents_are_identified_by_content_and_url(&mut $make);
        }
        #[test]
        fn broken_documents_fail_with_a_reason() {
            suite::broken_documents_fail_with_a_reason(&mut $make);
        }
        #[test]
        fn filters_select_the_right_reports() {
            suite::filters_select_the_right_reports(&mut $make);
        }
        #[test]
        fn malformed_text_query_is_an_invalid_query() {
            suite::malformed_text_query_is_an_invalid_query(&mut $make);
        }
        #[test]
        fn reports_of_one_occurrence_share_a_cluster() {
            suite::reports_of_one_occurrence_share_a_cluster(&mut $make);
        }
        #[test]
        fn cluster_ids_are_stable_and_the_older_wins_a_merge() {
            suite::cluster_ids_are_stable_and_the_older_wins_a_merge(&mut $make);
        }
        #[test]
        fn dyad_time_series_matches_a_count_by_hand() {
            suite::dyad_time_series_matches_a_count_by_hand(&mut $make);
        }
        #[test]
        fn clusters_equal_the_reference_whatever_the_batching() {
            for batch_size in [1, 7, 150] {
                suite::clusters_equal_the_reference_whatever_the_batching(&mut $make, batch_size);
            }
        }
    };
}

mod sqlite_in_memory {
    conformance_suite!(crate::SqliteStore::open_in_memory().expect("in-memory store"));
}
