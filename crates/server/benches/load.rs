//! Bounded load test of the API on loopback: 50 concurrent clients for 30
//! seconds against the events and time-series endpoints, over a generated
//! SQLite store. Prints p50/p99 latency, throughput and the error count.
//!
//! `cargo bench -p dyad-server --bench load` (release build). Environment:
//! `DYAD_LOAD_SECONDS` (default 30), `DYAD_LOAD_CLIENTS` (default 50),
//! `DYAD_LOAD_DOCUMENTS` (default 2000 documents of 5 events each).
//! The server binds 127.0.0.1 on a free port and the run stops by itself.

use dyad_server::{AppState, StorePool};
use dyad_store::{IngestItem, SqliteStore, Store};
use dyad_types::{ActorRef, Document, Event, Evidence, Modality, Span, Trigger};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::{Duration, Instant};

const ACTORS: [(&str, &str); 8] = [
    ("USAGOV", "USA"),
    ("RUSGOV", "RUS"),
    ("UKRGOV", "UKR"),
    ("CHNGOV", "CHN"),
    ("FRAGOV", "FRA"),
    ("DEUGOV", "DEU"),
    ("RUSMIL", "RUS"),
    ("UKRMIL", "UKR"),
];
const CODES: [(&str, &str, f64, u8); 6] = [
    ("040", "CONSULT", 1.0, 1),
    ("051", "SUPPORT", 3.4, 1),
    ("070", "AID", 7.0, 2),
    ("111", "ACCUSE", -2.0, 3),
    ("138", "THREATEN", -7.0, 3),
    ("190", "ASSAULT", -10.0, 4),
];

/// A small deterministic generator, so that every run loads the same data.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

fn actor(code: &str, country: &str, span: Span) -> ActorRef {
    ActorRef {
        text: code.to_string(),
        code: Some(code.to_string()),
        country: Some(country.to_string()),
        span: Some(span),
        ..ActorRef::default()
    }
}

/// One generated document with five events, one per sentence.
fn generated_item(index: usize, sequence: &mut Sequence) -> IngestItem {
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let date = start + chrono::Days::new(sequence.next(365) as u64);
    let mut text = String::new();
    let mut events = Vec::new();
    let mut sentences = Vec::new();
    for sentence_index in 0..5 {
        let (source_code, source_country) = ACTORS[sequence.next(ACTORS.len())];
        let (target_code, target_country) = ACTORS[sequence.next(ACTORS.len())];
        let (cameo, plover, goldstein, quad_class) = CODES[sequence.next(CODES.len())];
        let sentence_start = text.len();
        let sentence = format!("{source_code} acted on {target_code} in report {index}.");
        text.push_str(&sentence);
        text.push(' ');
        let source_span = Span::new(sentence_start, sentence_start + source_code.len());
        let trigger_start = source_span.end + 1;
        let target_start = trigger_start + "acted on ".len();
        let mut event = Event {
            event_id: String::new(),
            doc_id: format!("load-{index}"),
            sentence_index,
            sentence: sentence.clone(),
            sentence_span: Span::new(sentence_start, sentence_start + sentence.len()),
            cameo: cameo.to_string(),
            plover: plover.to_string(),
            plover_mode: None,
            plover_context: Vec::new(),
            goldstein,
            quad_class,
            source: actor(source_code, source_country, source_span),
            target: Some(actor(
                target_code,
                target_country,
                Span::new(target_start, target_start + target_code.len()),
            )),
            modality: Modality::Asserted,
            attribution: None,
            date: Some(date),
            date_precision: None,
            date_text: None,
            location: None,
            fatalities: None,
            injuries: None,
            trigger: Trigger {
                text: "acted".to_string(),
                start: trigger_start,
                end: trigger_start + 5,
            },
            evidence: Evidence::default(),
        };
        event.event_id = event.compute_id();
        sentences.push(event.sentence_span);
        events.push(event);
    }
    let mut document = Document::new(format!("load-{index}"), text);
    document.date = Some(date);
    document.source = Some(format!("Outlet {}", index % 7));
    IngestItem {
        document,
        sentences,
        events,
        diagnostics: Vec::new(),
    }
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo bench` passes `--bench`; nothing else is accepted.
    let seconds = setting("DYAD_LOAD_SECONDS", 30);
    let clients = setting("DYAD_LOAD_CLIENTS", 50);
    let documents = setting("DYAD_LOAD_DOCUMENTS", 2000);
    let directory = tempfile::tempdir()?;
    let path = directory.path().join("load.sqlite");
    let loading = Instant::now();
    let mut store = SqliteStore::open(&path)?;
    let mut sequence = Sequence(20250819);
    let items: Vec<IngestItem> = (0..documents)
        .map(|index| generated_item(index, &mut sequence))
        .collect();
    for batch in items.chunks(500) {
        store.ingest_batch(batch)?;
    }
    let counts = store.counts()?;
    drop(store);
    println!(
        "store: {} documents, {} events, {} clusters (loaded in {:.1} s)",
        counts.documents,
        counts.events,
        counts.clusters,
        loading.elapsed().as_secs_f64()
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let state = AppState::new(StorePool::open_sqlite(&path, 4)?);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(dyad_server::serve_on(state, listener, async move {
            let _ = stopped.await;
        }));
        let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
        let deadline = Instant::now() + Duration::from_secs(seconds as u64);
        let paths = [
            "/api/events?limit=50".to_string(),
            "/api/events?dyad=USA-RUS&limit=50".to_string(),
            "/api/events?plover=ASSAULT&from=2025-03-01&to=2025-06-30&limit=100".to_string(),
            "/api/timeseries?dyad=USA-RUS&granularity=week".to_string(),
            "/api/timeseries?dyad=RUS-UKR&granularity=month".to_string(),
        ];
        let mut tasks = Vec::new();
        for client_index in 0..clients {
            let client = client.clone();
            let paths = paths.clone();
            tasks.push(tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0usize;
                let mut request_index = client_index;
                while Instant::now() < deadline {
                    let path = &paths[request_index % paths.len()];
                    request_index += 1;
                    let uri: hyper::Uri = match format!("http://{address}{path}").parse() {
                        Ok(uri) => uri,
                        Err(_) => {
                            errors += 1;
                            continue;
                        }
                    };
                    let started = Instant::now();
                    let outcome = tokio::time::timeout(Duration::from_secs(10), async {
                        let response = client.get(uri).await.map_err(|error| error.to_string())?;
                        let status = response.status();
                        response.into_body().collect().await.map_err(|error| error.to_string())?;
                        Ok::<_, String>(status)
                    })
                    .await;
                    match outcome {
                        Ok(Ok(status)) if status.is_success() => latencies.push(started.elapsed()),
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            }));
        }
        let mut latencies = Vec::new();
        let mut errors = 0;
        for task in tasks {
            let (mine, my_errors) = task.await?;
            latencies.extend(mine);
            errors += my_errors;
        }
        let _ = stop.send(());
        server.await??;
        latencies.sort();
        println!(
            "load: {clients} clients, {seconds} s on {address}: {} requests ({:.0}/s), p50 {:.1} ms, p99 {:.1} ms, errors {errors}",
            latencies.len(),
            latencies.len() as f64 / seconds.max(1) as f64,
            percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
            percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        );
        Ok::<(), Box<dyn std::error::Error>>(())
    })
}
