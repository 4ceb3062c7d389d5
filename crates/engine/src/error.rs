//! The error type of the engine.

/// Why the engine could not do what it was asked.
///
/// Content never causes one of these: a document that cannot be analysed
/// gives a [`dyad_types::Diagnostic`] and the run goes on. These are for a
/// missing or broken model package, unreadable dictionary or input files
/// and store failures.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// The spaCy model package could not be loaded.
    #[error("cannot load the spaCy model package: {0}")]
    Model(#[from] dyad_nlp::NlpError),
    /// A dictionary file could not be read.
    #[error("cannot load the dictionaries: {0}")]
    Dictionaries(#[from] dyad_dict::DictError),
    /// An input could not be listed or read.
    #[error(transparent)]
    Input(#[from] dyad_intake::IntakeError),
    /// The store failed.
    #[error("the store failed: {0}")]
    Store(#[from] dyad_store::StoreError),
    /// A gold file could not be read.
    #[error(transparent)]
    Gold(#[from] dyad_coder::CoderError),
    /// Reading or writing storylines failed.
    #[error(transparent)]
    Storyline(#[from] dyad_storyline::StorylineError),
    /// A worker thread of the engine stopped unexpectedly (a broken
    /// invariant, never a document's content).
    #[error("internal error: {0}")]
    Internal(String),
}

/// Result with [`EngineError`].
pub type Result<T> = std::result::Result<T, EngineError>;
