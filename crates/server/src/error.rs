//! The one error type of the server crate and how it becomes an HTTP
//! response.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// Everything that can go wrong in the server.
///
/// Request errors carry a message that is safe to show to a client. Errors
/// from the store or the runtime are logged on standard error with their
/// details and reach the client only as a generic message, so that no
/// paths, SQL or internal state leak out.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The request is malformed: a bad parameter, cursor or body.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The request body is larger than the server accepts.
    #[error("the request body is too large")]
    PayloadTooLarge,
    /// The request needs a bearer token and had none or a wrong one.
    #[error("a valid bearer token is required")]
    Unauthorized,
    /// The operation is switched off in this server's configuration.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The thing asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// Ingestion was requested but the server was started without an
    /// analysis pipeline.
    #[error("ingestion is not available: {0}")]
    Unavailable(String),
    /// The store failed; the details stay in the server log.
    #[error("store error: {0}")]
    Store(#[from] dyad_store::StoreError),
    /// The engine failed (for a server, only through its store).
    #[error("engine error: {0}")]
    Engine(dyad_engine::EngineError),
    /// A worker task failed or a lock was poisoned: a broken invariant.
    #[error("internal error: {0}")]
    Internal(String),
    /// The listening socket could not be opened.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address asked for.
        address: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// Serving stopped because of an I/O error.
    #[error("serving on {address} failed: {source}")]
    Serve {
        /// The address being served.
        address: SocketAddr,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
}

impl From<dyad_engine::EngineError> for ServerError {
    fn from(error: dyad_engine::EngineError) -> Self {
        match error {
            // A store failure is answered as one, whoever met it.
            dyad_engine::EngineError::Store(store) => ServerError::Store(store),
            other => ServerError::Engine(other),
        }
    }
}

/// Result type of the server crate.
pub type Result<T> = std::result::Result<T, ServerError>;

impl ServerError {
    /// The status code and the machine-readable error code for a response.
    pub fn status(&self) -> (StatusCode, &'static str) {
        match self {
            ServerError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ServerError::Store(dyad_store::StoreError::InvalidQuery(_)) => {
                (StatusCode::BAD_REQUEST, "bad_request")
            }
            ServerError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            ServerError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ServerError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ServerError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ServerError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ServerError::Store(_)
            | ServerError::Engine(_)
            | ServerError::Internal(_)
            | ServerError::Bind { .. }
            | ServerError::Serve { .. } => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// The message a client may see. Internal failures get a fixed text.
    pub fn public_message(&self) -> String {
        match self {
            ServerError::Store(dyad_store::StoreError::InvalidQuery(message)) => {
                // The store's message names the FTS5 error, which is the
                // user's own query; the SQLite wording is dropped.
                let cut = message.find(':').map_or(message.as_str(), |index| {
                    message.get(..index).unwrap_or(message)
                });
                format!("invalid query ({cut}); check the full-text syntax")
            }
            ServerError::Store(_)
            | ServerError::Engine(_)
            | ServerError::Internal(_)
            | ServerError::Bind { .. }
            | ServerError::Serve { .. } => "internal server error; see the server log".to_string(),
            other => other.to_string(),
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let (status, code) = self.status();
        if status.is_server_error() {
            // The full error goes to the operator, never to the client.
            eprintln!("dyad serve: {self}");
        }
        let body =
            serde_json::json!({ "error": { "code": code, "message": self.public_message() } });
        let mut response = (status, axum::Json(body)).into_response();
        if matches!(self, ServerError::Unauthorized) {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}
