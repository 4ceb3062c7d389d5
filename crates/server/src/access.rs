//! Who may call what: bearer-token checks for reads and writes, and the
//! security headers every response carries.

use crate::error::ServerError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

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

pub(crate) async fn require_write(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    match authorised(&state, &request) {
        Ok(()) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

pub(crate) async fn require_read(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
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

/// Adds headers that keep browsers from sniffing types, framing the
/// dashboard or loading anything from other origins.
pub(crate) async fn security_headers(request: Request, next: Next) -> Response {
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
