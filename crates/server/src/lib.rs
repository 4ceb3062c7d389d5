//! The HTTP API and web dashboard of dyad (`dyad serve`).
//!
//! This is the only async crate of dyad. [`app`] builds the axum router
//! from [`routes`], a single table that the OpenAPI document
//! ([`openapi::document`]) is checked against, so that every route is
//! documented and every documented path answers. Handlers read and write
//! through the [`dyad_store::Store`] trait on tokio's blocking pool; the
//! server contains no SQL.
//!
//! Access: reads are open unless [`AccessRules::read_token_required`] is
//! set; writes (`POST /api/documents`) need the bearer token and are
//! refused when the server has none. Bodies are limited in size and
//! requests in time; no CORS headers are sent, so browsers only let pages
//! of the server's own origin call the API.

#![recursion_limit = "512"]

pub mod api;
mod dashboard;
mod error;
pub mod openapi;
mod state;
pub mod storylines;

pub use error::{Result, ServerError};
pub use state::{AccessRules, AppState, DocumentAnalyser, Limits, StorePool};

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
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
        spec(Method::GET, "/api/health", Access::Read, get(api::health)),
        spec(
            Method::GET,
            "/api/vocabulary",
            Access::Read,
            get(api::vocabulary),
        ),
        spec(
            Method::GET,
            "/api/events",
            Access::Read,
            get(api::list_events),
        ),
        spec(
            Method::GET,
            "/api/events/{event_id}",
            Access::Read,
            get(api::get_event),
        ),
        spec(
            Method::GET,
            "/api/clusters",
            Access::Read,
            get(api::list_clusters),
        ),
        spec(
            Method::GET,
            "/api/clusters/{cluster_id}",
            Access::Read,
            get(api::get_cluster),
        ),
        spec(
            Method::GET,
            "/api/actors",
            Access::Read,
            get(api::list_actors),
        ),
        spec(
            Method::GET,
            "/api/network",
            Access::Read,
            get(api::get_network),
        ),
        spec(
            Method::GET,
            "/api/documents",
            Access::Read,
            get(api::list_documents),
        ),
        spec(
            Method::POST,
            "/api/documents",
            Access::Write,
            post(api::ingest_documents),
        ),
        spec(
            Method::GET,
            "/api/documents/{content_sha256}",
            Access::Read,
            get(api::get_document),
        ),
        spec(
            Method::GET,
            "/api/timeseries",
            Access::Read,
            get(api::get_time_series),
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

/// Compares two byte strings in time that depends only on their lengths,
/// so that response times do not reveal how much of a guessed token was
/// right.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    if given.len() != expected.len() {
        return false;
    }
    given
        .iter()
        .zip(expected)
        .fold(0u8, |difference, (a, b)| difference | (a ^ b))
        == 0
}

/// Checks the request's `Authorization: Bearer` header against the token.
fn authorised(state: &AppState, request: &Request) -> std::result::Result<(), ServerError> {
    let Some(token) = state.access.token.as_deref() else {
        return Err(ServerError::Forbidden(
            "writes are disabled: start the server with DYAD_TOKEN or --token-file".into(),
        ));
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(given) if same_secret(given.as_bytes(), token.as_bytes()) => Ok(()),
        _ => Err(ServerError::Unauthorized),
    }
}

async fn require_write(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match authorised(&state, &request) {
        Ok(()) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

async fn require_read(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !state.access.read_token_required {
        return next.run(request).await;
    }
    match authorised(&state, &request) {
        Ok(()) => next.run(request).await,
        // A server that requires tokens for reads but has none configured
        // cannot be read at all; that is a configuration the CLI refuses,
        // and here it answers 401 like any missing token.
        Err(ServerError::Forbidden(_)) => ServerError::Unauthorized.into_response(),
        Err(error) => error.into_response(),
    }
}

async fn not_found() -> ServerError {
    ServerError::NotFound("no such route".into())
}

/// Adds headers that keep browsers from sniffing types, framing the
/// dashboard or loading anything from other origins.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
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
