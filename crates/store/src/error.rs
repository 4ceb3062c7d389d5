//! The one error type of the store crate.

use std::path::PathBuf;

/// Everything that can go wrong in the store. Content problems in what is
/// ingested are not errors: they are reported per document in the
/// [`crate::IngestSummary`]. These variants are for I/O, the database and
/// broken invariants.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be opened or created.
    #[error("cannot open the database {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// What SQLite reported.
        #[source]
        source: rusqlite::Error,
    },
    /// A statement failed; `context` says which operation ran it.
    #[error("database error while {context}: {source}")]
    Database {
        /// The operation, e.g. "storing a batch".
        context: &'static str,
        /// What SQLite reported.
        #[source]
        source: rusqlite::Error,
    },
    /// The database was written by a newer dyad whose schema this build does
    /// not know; opening it could corrupt it.
    #[error("the database {path} has schema version {found}, newer than this build's {supported}; upgrade dyad")]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// The version found in the file.
        found: i64,
        /// The newest version this build can migrate to.
        supported: i64,
    },
    /// A stored record could not be decoded: the database is damaged or was
    /// edited by hand.
    #[error("stored record {what} is damaged: {message}")]
    Corrupt {
        /// Which record.
        what: String,
        /// What is wrong with it.
        message: String,
    },
    /// Writing an export file failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file being written (`-` for standard output).
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Encoding an export (CSV, JSON, Parquet) failed.
    #[error("cannot encode {path} as {format}: {message}")]
    Encode {
        /// The file being written.
        path: PathBuf,
        /// The export format.
        format: &'static str,
        /// The encoder's message.
        message: String,
    },
    /// A query filter is not usable, e.g. a malformed full-text query.
    #[error("invalid query: {0}")]
    InvalidQuery(String),
}

/// Result type of the store crate.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Attaches an operation name to SQLite errors.
pub(crate) trait DatabaseContext<T> {
    /// Wraps the error in [`StoreError::Database`] with `context`.
    fn context(self, context: &'static str) -> Result<T>;
}

impl<T> DatabaseContext<T> for std::result::Result<T, rusqlite::Error> {
    fn context(self, context: &'static str) -> Result<T> {
        self.map_err(|source| StoreError::Database { context, source })
    }
}
