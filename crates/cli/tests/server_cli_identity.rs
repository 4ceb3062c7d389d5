//! The server and the CLI code the same document identically (issue 14).
//!
//! The seed article is stored twice: by the `dyad ingest` binary into one
//! SQLite file, and by `POST /api/documents` (the server's router called
//! in-process, over an engine loaded as `dyad serve` loads it) into
//! another. Both must hold the same document, sentences, event records and
//! clusters, field for field.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use dyad_engine::{Engine, EngineOptions};
use dyad_server::{AccessRules, AppState, StorePool};
use dyad_store::{EventFilter, SqliteStore, Store, StoredEvent};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use tower::ServiceExt;

const TOKEN: &str = "identity-test-token";
const DATE: &str = "2025-08-19";

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seed_article() -> PathBuf {
    workspace().join("../shared/seed/article.txt")
}

/// Runs `dyad ingest` on the seed article into a new database.
fn ingest_with_the_cli(database: &std::path::Path) -> SqliteStore {
    let output = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["ingest", "--quiet", "--date", DATE, "--db"])
        .arg(database)
        .arg(seed_article())
        .current_dir(workspace())
        .output()
        .expect("the dyad binary runs");
    assert!(
        output.status.success(),
        "dyad ingest failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    SqliteStore::open(database).expect("open the CLI's database")
}

/// POSTs the seed article to a server over a new in-memory store, with the
/// id the CLI gave it, and returns the store.
async fn ingest_with_the_server(doc_id: &str) -> Arc<StorePool> {
    let text = std::fs::read_to_string(seed_article()).expect("read the seed article");
    let (engine, _) = Engine::load(&EngineOptions::default()).expect("load the engine");
    let store: Box<dyn Store + Send> =
        Box::new(SqliteStore::open_in_memory().expect("open a store"));
    let state = AppState::new(StorePool::new(vec![store]))
        .with_engine(engine)
        .with_access(AccessRules {
            token: Some(TOKEN.into()),
            read_token_required: false,
        });
    let body = json!({ "documents": [ { "id": doc_id, "text": text, "date": DATE } ] });
    let request = Request::post("/api/documents")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::from(body.to_string()))
        .expect("request");
    let response = dyad_server::app(state.clone())
        .oneshot(request)
        .await
        .expect("the router answers");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("read the body")
        .to_bytes();
    let answer: Value = serde_json::from_slice(&bytes).expect("a JSON answer");
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["summary"]["documents_new"], 1, "{answer}");
    state.store
}

fn events(store: &dyn Store) -> Vec<StoredEvent> {
    store
        .query(&EventFilter::default())
        .expect("read the events")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_and_the_cli_store_the_seed_identically() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let cli = ingest_with_the_cli(&directory.path().join("cli.sqlite"));
    let cli_documents = cli.documents().expect("documents");
    assert_eq!(cli_documents.len(), 1);
    let document = &cli_documents[0];

    let server = ingest_with_the_server(&document.doc_id).await;
    server
        .with(|store| {
            assert_eq!(store.documents()?, cli_documents, "the stored document");
            let hash = &document.content_sha256;
            assert_eq!(
                store.sentences(hash)?,
                cli.sentences(hash)?,
                "the stored sentences"
            );
            assert!(
                document.sentence_count > 1,
                "the seed is split into sentences"
            );
            let (from_server, from_cli) = (events(store), events(&cli));
            assert!(!from_cli.is_empty(), "the seed gives events");
            assert_eq!(from_server.len(), from_cli.len(), "event counts");
            for (server_event, cli_event) in from_server.iter().zip(&from_cli) {
                assert_eq!(
                    serde_json::to_value(server_event).expect("JSON"),
                    serde_json::to_value(cli_event).expect("JSON"),
                    "an event record"
                );
            }
            assert_eq!(store.clusters()?, cli.clusters()?, "the clusters");
            Ok(())
        })
        .expect("read the server's store");
}
