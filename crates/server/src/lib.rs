//! The HTTP API and web dashboard of dyad (`dyad serve`).
//!
//! This is the only async crate of dyad. [`app`] builds the axum router
//! from [`routes`], a single table that the OpenAPI document
//! ([`openapi::document`]) is checked against, so that every route is
//! documented and every documented path answers. Handlers read and write
//! through the [`dyad_store::Store`] trait, and analyse through the
//! [`dyad_engine::Engine`], on tokio's blocking pool; the server contains
//! no SQL and assembles no pipeline: it maps HTTP to engine and store calls.
//!
//! Modules: `resources/` holds one module per resource (events, clusters,
//! actors, network, documents, time series, storylines, health and
//! vocabulary); `params` parses query strings, `pagination` cuts pages and
//! cursors, `views` shapes stored records for display, `access` checks
//! tokens and sets security headers.
//!
//! Access: reads are open unless [`AccessRules::read_token_required`] is
//! set; writes (`POST /api/documents`) need the bearer token and are
//! refused when the server has none. Bodies are limited in size and
//! requests in time; no CORS headers are sent, so browsers only let pages
//! of the server's own origin call the API.

#![recursion_limit = "512"]

mod access;
mod dashboard;
mod error;
pub mod openapi;
mod pagination;
mod params;
mod resources;
mod state;
mod views;

pub use error::{Result, ServerError};
pub use state::{AccessRules, AppState, Limits, StorePool};

use access::{require_read, require_write, security_headers};
use axum::http::{Method, StatusCode};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use resources::{actors, clusters, documents, events, meta, network, storylines, timeseries};
use std::net::SocketAddr;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: the dashboard's static files and the API description.
    Public,
    /// Anyone, unless reads need the token.
    Read,
    /// Only holders of the bearer token.
    Write,
}

/// One route of the server.
pub struct RouteSpec {
    /// The HTTP method.
    pub method: Method,
    /// The path, in axum and OpenAPI syntax (`/api/events/{event_id}`).
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
    handler: MethodRouter<AppState>,
}

/// Every route of the server. [`app`] registers exactly these, and the
/// OpenAPI test compares them with the documented paths.
pub fn routes() -> Vec<RouteSpec> {
    let spec = |method: Method,
                path: &'static str,
                access: Access,
                handler: MethodRouter<AppState>| RouteSpec {
        method,
        path,
        access,
        handler,
    };
    vec![
        spec(Method::GET, "/", Access::Public, get(dashboard::index)),
        spec(
            Method::GET,
            "/assets/app.js",
            Access::Public,
            get(dashboard::script),
        ),
        spec(
            Method::GET,
            "/assets/style.css",
            Access::Public,
            get(dashboard::style),
        ),
        spec(
            Method::GET,
            "/openapi.json",
            Access::Public,
            get(openapi::serve),
        ),
        spec(Method::GET, "/api/health", Access::Read, get(meta::health)),
        spec(
            Method::GET,
            "/api/vocabulary",
            Access::Read,
            get(meta::vocabulary),
        ),
        spec(
            Method::GET,
            "/api/events",
            Access::Read,
            get(events::list_events),
        ),
        spec(
            Method::GET,
            "/api/events/{event_id}",
            Access::Read,
            get(events::get_event),
        ),
        spec(
            Method::GET,
            "/api/clusters",
            Access::Read,
            get(clusters::list_clusters),
        ),
        spec(
            Method::GET,
            "/api/clusters/{cluster_id}",
            Access::Read,
            get(clusters::get_cluster),
        ),
        spec(
            Method::GET,
            "/api/actors",
            Access::Read,
            get(actors::list_actors),
        ),
        spec(
            Method::GET,
            "/api/network",
            Access::Read,
            get(network::get_network),
        ),
        spec(
            Method::GET,
            "/api/documents",
            Access::Read,
            get(documents::list_documents),
        ),
        spec(
            Method::POST,
            "/api/documents",
            Access::Write,
            post(documents::ingest_documents),
        ),
        spec(
            Method::GET,
            "/api/documents/{content_sha256}",
            Access::Read,
            get(documents::get_document),
        ),
        spec(
            Method::GET,
            "/api/timeseries",
            Access::Read,
            get(timeseries::get_time_series),
        ),
        spec(
            Method::GET,
            "/api/storylines",
            Access::Read,
            get(storylines::list_storylines),
        ),
        spec(
            Method::GET,
            "/api/storylines/{storyline_id}",
            Access::Read,
            get(storylines::get_storyline),
        ),
    ]
}

async fn not_found() -> ServerError {
    ServerError::NotFound("no such route".into())
}

/// The router of the server over `state`.
pub fn app(state: AppState) -> Router {
    let mut router: Router<AppState> = Router::new();
    for route in routes() {
        let handler = match route.access {
            Access::Public => route.handler,
            Access::Read => route
                .handler
                .route_layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    require_read,
                )),
            Access::Write => route
                .handler
                .route_layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    require_write,
                )),
        };
        router = router.route(route.path, handler);
    }
    let limits = state.limits;
    router
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            limits.max_body_bytes,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(state)
}

/// Serves [`app`] on `address` until `shutdown` completes. Prints the
/// address actually bound (useful with port 0) on standard error.
pub async fn serve(
    state: AppState,
    address: &str,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|source| ServerError::Bind {
            address: address.to_string(),
            source,
        })?;
    serve_on(state, listener, shutdown).await
}

/// Serves [`app`] on an already bound listener until `shutdown` completes.
pub async fn serve_on(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let bound: SocketAddr = listener.local_addr().map_err(|source| ServerError::Bind {
        address: "listener".into(),
        source,
    })?;
    eprintln!("dyad serve: listening on http://{bound}/");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|source| ServerError::Serve {
            address: bound,
            source,
        })
}

/// Runs the server on its own multi-threaded tokio runtime until Ctrl-C or
/// SIGTERM, for callers that are not async themselves (the `dyad` binary).
pub fn serve_blocking(state: AppState, address: &str) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("dyad-serve")
        .build()
        .map_err(|source| ServerError::Bind {
            address: address.to_string(),
            source,
        })?;
    runtime.block_on(serve(state, address, shutdown_signal()))
}

/// Completes on Ctrl-C or, on Unix, SIGTERM, so that in-flight requests
/// finish before the process exits.
pub async fn shutdown_signal() {
    let interrupt = async {
        // If the handler cannot be installed the server simply runs until
        // killed, which is what it would do without graceful shutdown.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    eprintln!("dyad serve: shutting down");
}
