//! spaCy-compatible English NLP in Rust: tokenizer, tagger, parser,
//! attribute ruler, lemmatizer and named-entity recognizer, running the
//! weights of spaCy's `en_core_web_sm` 3.8.0 package read directly from
//! the package files.
//!
//! This is the only crate that knows model formats.

pub mod error;
pub mod features;
pub mod neural;

pub use error::NlpError;
pub use features::{EntityIob, LexicalFeatures, NeuralOutput};
