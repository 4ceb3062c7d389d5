//! `/api/documents`: stored documents, one document with its sentences and
//! events, and ingestion through the engine (`POST`).

use crate::error::{Result, ServerError};
use crate::pagination::{offset_page, page_size_of, scan_events, Page, PageParams};
use crate::params::{non_empty, parse_date, query};
use crate::state::AppState;
use crate::views::{highlights, EventItem, Highlight};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::Json;
use dyad_engine::documents::{text_document, TextDocument};
use dyad_engine::ReadOptions;
use dyad_store::{EventFilter, FailedDocument, IngestSummary, Store, StoredDocument};
use dyad_types::{Document, Span};
use serde::{Deserialize, Serialize};

/// `GET /api/documents`: stored documents in ingest order.
pub async fn list_documents(
    State(state): State<AppState>,
    params: std::result::Result<Query<PageParams>, QueryRejection>,
) -> Result<Json<Page<StoredDocument>>> {
    let params = query(params)?;
    let size = page_size_of(&params.limit, &state)?;
    let documents = state.run(|store| Ok(store.documents()?)).await?;
    Ok(Json(offset_page(documents, 'd', &params.cursor, size)?))
}

/// A stored sentence as the API shows it.
#[derive(Debug, Serialize)]
pub struct SentenceItem {
    /// 0-based index in the document.
    pub index: usize,
    /// Byte range in the document text.
    pub span: Span,
    /// The sentence text.
    pub text: String,
}

/// An event of a document with its evidence spans.
#[derive(Debug, Serialize)]
pub struct DocumentEvent {
    /// The event as listed.
    #[serde(flatten)]
    pub event: EventItem,
    /// Its evidence spans, in document byte offsets.
    pub highlights: Vec<Highlight>,
}

/// A document with its text, sentences and events.
#[derive(Debug, Serialize)]
pub struct DocumentDetail {
    /// Identity and metadata.
    pub document: StoredDocument,
    /// The text every span points into.
    pub text: String,
    /// Its sentences.
    pub sentences: Vec<SentenceItem>,
    /// Its event reports, each with its spans.
    pub events: Vec<DocumentEvent>,
}

/// Looks a document up by its content hash.
pub fn document_detail(store: &dyn Store, content_sha256: &str) -> Result<Option<DocumentDetail>> {
    let Some(document) = store
        .documents()?
        .into_iter()
        .find(|document| document.content_sha256 == content_sha256)
    else {
        return Ok(None);
    };
    let text = store.document_text(content_sha256)?.unwrap_or_default();
    let sentences = store
        .sentences(content_sha256)?
        .into_iter()
        .map(|sentence| SentenceItem {
            index: sentence.index,
            span: sentence.span,
            text: sentence.text,
        })
        .collect();
    let mut events = Vec::new();
    scan_events(store, &EventFilter::default(), 0, |event, context| {
        if event.event.doc_id == document.doc_id && event.event.sentence_span.end <= text.len() {
            let highlights = highlights(&event.event);
            events.push(DocumentEvent {
                event: EventItem::new(event, context),
                highlights,
            });
        }
        true
    })?;
    Ok(Some(DocumentDetail {
        document,
        text,
        sentences,
        events,
    }))
}

/// `GET /api/documents/{content_sha256}`: a document with its sentences
/// and each event's spans.
pub async fn get_document(
    State(state): State<AppState>,
    Path(hash): Path<String>,
) -> Result<Json<DocumentDetail>> {
    let wanted = hash.clone();
    state
        .run(move |store| document_detail(store, &wanted))
        .await?
        .map(Json)
        .ok_or_else(|| ServerError::NotFound(format!("no document with content hash {hash:?}")))
}

/// One document sent for ingestion.
#[derive(Debug, Deserialize)]
pub struct IncomingDocument {
    /// The document's id; derived from its text when missing.
    pub id: Option<String>,
    /// The text.
    pub text: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Outlet or agency.
    pub source: Option<String>,
}

/// The body of `POST /api/documents`.
#[derive(Debug, Deserialize)]
pub struct IngestRequest {
    /// The documents to analyse and store.
    pub documents: Vec<IncomingDocument>,
}

/// What happened to one ingested document.
#[derive(Debug, Serialize)]
pub struct IngestedDocument {
    /// The document's id.
    pub doc_id: String,
    /// Its content hash, the key of `GET /api/documents/{content_sha256}`.
    pub content_sha256: String,
    /// Events the analysis found.
    pub events: usize,
    /// Problems found while reading and analysing it, as
    /// `path:line: severity: message`.
    pub diagnostics: Vec<String>,
}

/// The answer of `POST /api/documents`.
#[derive(Debug, Serialize)]
pub struct IngestResponse {
    /// What the store did.
    pub summary: IngestSummary,
    /// Per document, in request order.
    pub documents: Vec<IngestedDocument>,
}

/// The request's documents with their dates checked, as the engine takes
/// them.
fn received_texts(request: IngestRequest) -> Result<Vec<TextDocument>> {
    request
        .documents
        .into_iter()
        .enumerate()
        .map(|(index, incoming)| {
            Ok(TextDocument {
                date: parse_date(
                    &format!("documents[{index}].date"),
                    incoming.date.as_deref(),
                )?,
                id: non_empty(&incoming.id),
                title: non_empty(&incoming.title),
                url: non_empty(&incoming.url),
                source: non_empty(&incoming.source),
                text: incoming.text,
            })
        })
        .collect()
}

/// `POST /api/documents`: makes each text a document as `dyad ingest`
/// makes a text file one, analyses them with the server's engine and
/// stores them. A text with nothing to analyse is reported as failed, with
/// the reason. Needs the bearer token.
pub async fn ingest_documents(
    State(state): State<AppState>,
    body: std::result::Result<Json<IngestRequest>, JsonRejection>,
) -> Result<Json<IngestResponse>> {
    let Json(request) = body.map_err(|rejection| {
        // The body limit surfaces as a JSON rejection; it is the client's
        // size, not its syntax, that is wrong.
        if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ServerError::PayloadTooLarge
        } else {
            ServerError::BadRequest(rejection.body_text())
        }
    })?;
    let engine = state.engine.clone().ok_or_else(|| {
        ServerError::Unavailable("this server was started without an analysis pipeline".into())
    })?;
    let received = received_texts(request)?;
    // Reading and analysis are CPU-bound and synchronous, so they run on
    // the blocking pool like store work.
    let (items, report, failed) = tokio::task::spawn_blocking(move || {
        let mut documents: Vec<Document> = Vec::new();
        let mut report: Vec<IngestedDocument> = Vec::new();
        let mut failed: Vec<FailedDocument> = Vec::new();
        // Which report each analysed document fills in.
        let mut report_of: Vec<usize> = Vec::new();
        for text in received {
            let doc_id = text.effective_id();
            let content_sha256 = dyad_store::content_hash(&text.text);
            let (document, diagnostics) = text_document(text, "api", &ReadOptions::default());
            let diagnostics: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            match document {
                Some(document) => {
                    report_of.push(report.len());
                    documents.push(document);
                }
                None => failed.push(FailedDocument {
                    doc_id: doc_id.clone(),
                    reason: diagnostics
                        .first()
                        .cloned()
                        .unwrap_or_else(|| "no text to analyse".into()),
                }),
            }
            report.push(IngestedDocument {
                doc_id,
                content_sha256,
                events: 0,
                diagnostics,
            });
        }
        let items = engine.ingest_items(documents);
        for (item, &index) in items.iter().zip(&report_of) {
            if let Some(entry) = report.get_mut(index) {
                entry.content_sha256 = dyad_store::content_hash(&item.document.text);
                entry.events = item.events.len();
                entry
                    .diagnostics
                    .extend(item.diagnostics.iter().map(ToString::to_string));
            }
        }
        (items, report, failed)
    })
    .await
    .map_err(|error| ServerError::Internal(format!("analysis failed: {error}")))?;
    let mut summary = state
        .run(move |store| Ok(store.ingest_batch(&items)?))
        .await?;
    summary.failed.extend(failed);
    Ok(Json(IngestResponse {
        summary,
        documents: report,
    }))
}
