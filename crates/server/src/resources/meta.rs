//! `/api/health` and `/api/vocabulary`: what the server holds and the
//! values its filters accept.

use crate::error::Result;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use dyad_engine::vocabulary;
use dyad_store::StoreCounts;
use serde::Serialize;

/// The answer of `GET /api/health`.
#[derive(Debug, Serialize)]
pub struct Health {
    /// Always `ok` when the store answers.
    pub status: &'static str,
    /// What the store holds.
    pub counts: StoreCounts,
    /// Whether `POST /api/documents` is available.
    pub ingest_available: bool,
}

/// `GET /api/health`: liveness and store counts.
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>> {
    let counts = state.run(|store| Ok(store.counts()?)).await?;
    Ok(Json(Health {
        status: "ok",
        counts,
        ingest_available: state.engine.is_some(),
    }))
}

/// The fixed vocabularies the filters accept.
#[derive(Debug, Serialize)]
pub struct Vocabulary {
    /// PLOVER categories.
    pub plover_categories: Vec<&'static str>,
    /// Modalities (event status).
    pub modalities: Vec<&'static str>,
    /// QuadClass names, index 0 is QuadClass 1.
    pub quad_classes: [&'static str; 4],
    /// Storyline statuses, the values of `GET /api/storylines?status=`.
    pub storyline_statuses: Vec<&'static str>,
}

/// `GET /api/vocabulary`: the values the category and status filters take,
/// and the storyline statuses.
pub async fn vocabulary() -> Json<Vocabulary> {
    Json(Vocabulary {
        plover_categories: vocabulary::plover_categories(),
        modalities: vocabulary::modalities(),
        quad_classes: vocabulary::QUAD_CLASSES,
        storyline_statuses: vocabulary::storyline_statuses(),
    })
}
