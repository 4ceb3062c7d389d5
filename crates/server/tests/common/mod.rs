//! Shared fixtures of the server tests: a real SQLite store, a
//! deterministic engine built from stored annotations and the real event
//! coder, and helpers to call the router in-process.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use dyad_coder::{Coder, CoderOptions, TextLexicon};
use dyad_engine::{Annotation, Annotator, Engine};
use dyad_server::{AccessRules, AppState, StorePool};
use dyad_store::{SqliteStore, Store};
use dyad_types::{AnnotatedDocument, Diagnostic, Document};
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;

/// The token the fixtures' servers accept.
pub const TOKEN: &str = "test-token-5b1f";

/// The coder crate's stored test article: its text, date and annotations.
pub fn coder_test_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../coder/test_data")
}

/// The text of the stored diplomacy article.
pub fn article_text() -> String {
    std::fs::read_to_string(coder_test_data().join("diplomacy-article/input.txt"))
        .expect("read the test article")
}

/// Annotations read from the coder crate's test data instead of the
/// model: the stored article's annotations for its text, and none (with a
/// diagnostic) for any other text.
struct StoredAnnotations {
    article: AnnotatedDocument,
}

impl Annotator for StoredAnnotations {
    fn annotate(&self, documents: &[Document]) -> Vec<Annotation> {
        documents
            .iter()
            .map(|document| {
                if document.text != self.article.text {
                    return Annotation {
                        document: AnnotatedDocument {
                            doc_id: document.id.clone(),
                            text: document.text.clone(),
                            date: document.date,
                            title: document.title.clone(),
                            tokens: Vec::new(),
                            sentences: Vec::new(),
                        },
                        diagnostics: vec![Diagnostic::warning(
                            Some("api"),
                            "no stored annotations for this text",
                        )],
                    };
                }
                let mut annotated = self.article.clone();
                annotated.doc_id = document.id.clone();
                annotated.date = document.date;
                Annotation {
                    document: annotated,
                    diagnostics: Vec::new(),
                }
            })
            .collect()
    }
}

/// An engine that codes documents whose text has stored annotations with
/// the real coder and the coder's test dictionary, and reports a
/// diagnostic (and no events) for any other text.
pub fn stored_annotation_engine() -> Engine {
    let article: AnnotatedDocument = serde_json::from_str(
        &std::fs::read_to_string(coder_test_data().join("diplomacy-article/annotations.json"))
            .expect("read annotations"),
    )
    .expect("parse annotations");
    let dictionary_path = coder_test_data().join("dictionaries/test.dict");
    let mut lexicon = TextLexicon::new();
    let diagnostics = lexicon.add_file(
        "test.dict",
        &std::fs::read_to_string(&dictionary_path).expect("read the test dictionary"),
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let coder = Coder::new(Arc::new(lexicon), CoderOptions::default());
    Engine::from_parts(Box::new(StoredAnnotations { article }), coder)
}

/// State over a fresh in-memory SQLite store with the engine and token.
pub fn state() -> AppState {
    let store: Box<dyn Store + Send> =
        Box::new(SqliteStore::open_in_memory().expect("open the store"));
    AppState::new(StorePool::new(vec![store]))
        .with_engine(stored_annotation_engine())
        .with_access(AccessRules {
            token: Some(TOKEN.to_string()),
            read_token_required: false,
        })
}

/// A response's status and JSON body (`Value::Null` when not JSON).
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub text: String,
    pub json: Value,
}

/// Sends one request to the router of `state`.
pub async fn send(state: &AppState, request: Request<Body>) -> Answer {
    let response = dyad_server::app(state.clone())
        .oneshot(request)
        .await
        .expect("the router answers");
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("read the body")
        .to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        content_type,
        text,
        json,
    }
}

/// `GET uri`.
pub async fn get(state: &AppState, uri: &str) -> Answer {
    send(
        state,
        Request::get(uri).body(Body::empty()).expect("request"),
    )
    .await
}

/// `GET uri` with the bearer token.
pub async fn get_with_token(state: &AppState, uri: &str, token: &str) -> Answer {
    send(
        state,
        Request::get(uri)
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .expect("request"),
    )
    .await
}

/// `POST uri` with a JSON body and, when given, a bearer token.
pub async fn post_json(state: &AppState, uri: &str, body: &Value, token: Option<&str>) -> Answer {
    let mut request = Request::post(uri).header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    send(
        state,
        request.body(Body::from(body.to_string())).expect("request"),
    )
    .await
}

/// Posts the diplomacy article, dated as its annotations expect.
pub async fn ingest_article(state: &AppState) -> Answer {
    let body = serde_json::json!({ "documents": [ {
        "id": "diplomacy-article", "text": article_text(), "date": "2025-09-10",
        "title": "Macron Urges Ceasefire Ahead Of Paris Summit", "source": "Test Wire", "url": "https://news.example/diplomacy"
    } ] });
    let answer = post_json(state, "/api/documents", &body, Some(TOKEN)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer
}

/// Follows `next_cursor` from `uri` (which already has a query string)
/// and returns every item.
pub async fn all_pages(state: &AppState, uri: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10_000 {
        let page_uri = match &cursor {
            Some(cursor) => format!("{uri}&cursor={cursor}"),
            None => uri.to_string(),
        };
        let answer = get(state, &page_uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        items.extend(
            answer.json["items"]
                .as_array()
                .expect("items")
                .iter()
                .cloned(),
        );
        match answer.json["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return items,
        }
    }
    panic!("pagination did not end");
}
