//! The one error type of the storyline crate.

use std::path::PathBuf;

/// Why storylines could not be read or written. Content problems (a bad
/// JSON line, a record without actors) are never errors: they become
/// diagnostics and the rest of the input is used.
#[derive(Debug, thiserror::Error)]
pub enum StorylineError {
    /// Reading an event file failed.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file being read.
        path: PathBuf,
        /// The underlying failure.
        #[source]
        source: std::io::Error,
    },
    /// Writing storylines failed.
    #[error("cannot write storylines: {0}")]
    Write(#[from] std::io::Error),
}

/// Result with [`StorylineError`].
pub type Result<T> = std::result::Result<T, StorylineError>;
