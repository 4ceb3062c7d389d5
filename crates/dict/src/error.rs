//! The error type of the dictionary crate.

use std::path::PathBuf;

/// Why dictionaries could not be loaded at all.
///
/// Problems inside a dictionary file are never errors of this type: they are
/// returned as [`dyad_types::Diagnostic`]s beside the loaded dictionaries.
/// This type is reserved for I/O failures.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    /// A dictionary file could not be read.
    #[error("cannot read dictionary file {path}: {source}")]
    Read {
        /// The file that could not be read.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
}
