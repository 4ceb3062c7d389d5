//! `/api/clusters`: event clusters (occurrences) and one cluster.

use crate::error::{Result, ServerError};
use crate::pagination::{offset_page, page_size_of, Page, PageParams};
use crate::params::query;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use dyad_store::Cluster;

/// `GET /api/clusters`: event clusters (occurrences), oldest first.
pub async fn list_clusters(
    State(state): State<AppState>,
    params: std::result::Result<Query<PageParams>, QueryRejection>,
) -> Result<Json<Page<Cluster>>> {
    let params = query(params)?;
    let size = page_size_of(&params.limit, &state)?;
    let clusters = state.run(|store| Ok(store.clusters()?)).await?;
    Ok(Json(offset_page(clusters, 'c', &params.cursor, size)?))
}

/// `GET /api/clusters/{cluster_id}`: one cluster; merged ids resolve to
/// the cluster they were merged into.
pub async fn get_cluster(
    State(state): State<AppState>,
    Path(cluster_id): Path<String>,
) -> Result<Json<Cluster>> {
    let wanted = cluster_id.clone();
    state
        .run(move |store| Ok(store.cluster(&wanted)?))
        .await?
        .map(Json)
        .ok_or_else(|| ServerError::NotFound(format!("no cluster {cluster_id:?}")))
}
