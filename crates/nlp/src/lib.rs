//! spaCy-compatible English NLP in Rust: tokenizer, tagger, parser,
//! attribute ruler, lemmatizer and named-entity recognizer, running the
//! weights of spaCy's `en_core_web_sm` 3.8.0 package read directly from
//! the package files.
//!
//! This is the only crate that knows model formats. Start with
//! [`Pipeline::load`] and [`Pipeline::annotate`]; [`reference_line`]
//! writes annotations in the project's spaCy reference format.

pub mod attribute_ruler;
mod base_norms;
mod digits;
pub mod error;
pub mod features;
pub mod lemmatizer;
pub mod lexeme;
pub mod msgpack;
pub mod neural;
pub mod package;
pub mod pipeline;
pub mod python_regex;
pub mod python_str;
pub mod reference;
pub mod strings;
mod symbols;
pub mod tokenizer;

pub use error::NlpError;
pub use features::{EntityIob, LexicalFeatures, NeuralOutput};
pub use package::ModelPackage;
pub use pipeline::{Pipeline, Stages};
pub use reference::reference_line;
