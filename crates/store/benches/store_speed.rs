//! Store benchmarks: ingest throughput on a synthetic corpus built from the
//! Universal Dependencies English text, and the latency of one dyad's
//! monthly time series over a million generated reports.
//!
//! Run with `cargo bench -p dyad-store --bench store_speed`. Sizes can be
//! changed with `DYAD_BENCH_ARTICLES` (default 10000) and
//! `DYAD_BENCH_EVENTS` (default 1000000). The UD text is read from
//! `$DYAD_SHARED/ud` (default: `../shared/ud` next to the workspace).
//!
//! The reference is the simplest possible SQLite store of the same
//! records: one table, one JSON row per document and per report, no
//! indexes, no clustering, batches of the same size in one transaction.
//! The ratio says how much the real store's identity checks, sentence
//! index, query indexes and clustering cost on top of that.

use dyad_store::{synthetic, Dyad, Granularity, IngestItem, SqliteStore, Store};
use std::path::PathBuf;
use std::time::Instant;

const BATCH: usize = 200;

/// Documents per day in the million-report corpus: about 100 reports a
/// day, so that the corpus spans decades as a long-running archive does.
const QUERY_DOCUMENTS_PER_DAY: usize = 10;

fn shared() -> PathBuf {
    std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Sentences of every UD English file, in file order.
fn ud_sentences() -> Vec<String> {
    let directory = shared().join("ud");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&directory)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", directory.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "conllu")
        })
        .collect();
    files.sort();
    let mut sentences = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        sentences.extend(
            synthetic::conllu_sentences(&text)
                .into_iter()
                .map(str::to_owned),
        );
    }
    sentences
}

/// The reference: every document and report as one JSON row in an
/// unindexed table.
fn reference_ingest(path: &std::path::Path, items: &[IngestItem]) -> f64 {
    let mut connection = rusqlite::Connection::open(path).expect("open reference");
    connection.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE rows (kind TEXT, body TEXT);").expect("schema");
    let start = Instant::now();
    for batch in items.chunks(BATCH) {
        let transaction = connection.transaction().expect("transaction");
        {
            let mut insert = transaction
                .prepare_cached("INSERT INTO rows (kind, body) VALUES (?1, ?2)")
                .expect("prepare");
            for item in batch {
                insert
                    .execute((
                        "document",
                        serde_json::to_string(&item.document).expect("json"),
                    ))
                    .expect("insert");
                for event in &item.events {
                    insert
                        .execute(("event", serde_json::to_string(event).expect("json")))
                        .expect("insert");
                }
            }
        }
        transaction.commit().expect("commit");
    }
    start.elapsed().as_secs_f64()
}

fn ingest(store: &mut SqliteStore, items: &[IngestItem]) -> f64 {
    let start = Instant::now();
    for batch in items.chunks(BATCH) {
        store.ingest_batch(batch).expect("ingest");
    }
    start.elapsed().as_secs_f64()
}

fn main() {
    let directory = tempfile::tempdir().expect("temporary directory");

    // Ingest throughput on UD text grouped into articles.
    let sentences = ud_sentences();
    let sentence_refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let articles = setting("DYAD_BENCH_ARTICLES", 10_000);
    let items: Vec<IngestItem> = (0..articles)
        .map(|index| synthetic::document(index, &sentence_refs, 10))
        .collect();
    let events: usize = items.iter().map(|item| item.events.len()).sum();
    let bytes: usize = items.iter().map(|item| item.document.text.len()).sum();
    println!(
        "corpus: {articles} articles, {} UD sentences, {events} reports, {:.1} MB of text",
        sentences.len(),
        bytes as f64 / 1e6
    );
    let reference_seconds = reference_ingest(&directory.path().join("reference.sqlite"), &items);
    let mut store = SqliteStore::open(&directory.path().join("ingest.sqlite")).expect("store");
    let seconds = ingest(&mut store, &items);
    let rerun_seconds = ingest(&mut store, &items);
    println!(
        "ingest: {:.0} documents/s ({seconds:.2} s, {:.0} reports/s)",
        articles as f64 / seconds,
        events as f64 / seconds
    );
    println!(
        "reference (unindexed JSON rows): {:.0} documents/s ({reference_seconds:.2} s)",
        articles as f64 / reference_seconds
    );
    println!(
        "ratio store/reference time: {:.2}",
        seconds / reference_seconds
    );
    println!(
        "re-ingest of the same corpus (all skipped): {:.0} documents/s",
        articles as f64 / rerun_seconds
    );
    drop(store);

    // Query latency over a million generated reports.
    let target_events = setting("DYAD_BENCH_EVENTS", 1_000_000);
    let mut store = SqliteStore::open(&directory.path().join("query.sqlite")).expect("store");
    let start = Instant::now();
    let mut stored = 0usize;
    let mut index = 0usize;
    while stored < target_events {
        let batch: Vec<IngestItem> = (index..index + 1000)
            .map(|i| {
                synthetic::document_spread(i, synthetic::SENTENCES, 20, QUERY_DOCUMENTS_PER_DAY)
            })
            .collect();
        index += 1000;
        stored += store.ingest_batch(&batch).expect("ingest").events_stored;
        if stored / 100_000 != (stored - stored.min(1)) / 100_000 || index % 20_000 == 0 {
            println!(
                "  loaded {stored} reports ({:.0} reports/s so far)",
                stored as f64 / start.elapsed().as_secs_f64()
            );
        }
    }
    let load_seconds = start.elapsed().as_secs_f64();
    let counts = store.counts().expect("counts");
    println!(
        "loaded {} reports in {} documents ({} clusters) in {load_seconds:.1} s ({:.0} reports/s)",
        counts.events,
        counts.documents,
        counts.clusters,
        counts.events as f64 / load_seconds
    );
    let dyad = Dyad::parse("USA-RUS").expect("dyad");
    let mut timings = Vec::new();
    let mut points = 0;
    for _ in 0..20 {
        let start = Instant::now();
        let series = store
            .dyad_time_series(&dyad, Granularity::Month, None, None)
            .expect("series");
        timings.push(start.elapsed().as_secs_f64() * 1000.0);
        points = series.len();
    }
    timings.sort_by(f64::total_cmp);
    let median = timings.get(timings.len() / 2).copied().unwrap_or_default();
    let max = timings.last().copied().unwrap_or_default();
    println!("monthly time series USA-RUS over {} reports: {points} months, median {median:.1} ms, max {max:.1} ms (20 runs)", counts.events);
}
