//! The dyad pipeline, assembled once, for every entry point.
//!
//! The stage crates (intake, nlp, dict, coder, storyline) each do one thing;
//! this crate puts them together so that the CLI, the HTTP server, the
//! Python package and Spark never do. The same document therefore gives the
//! same sentences and events whichever way it comes in.
//!
//! - [`Engine`]: the model and dictionaries loaded once
//!   ([`Engine::load`]), `Send + Sync` and cheap to clone; it analyses
//!   documents ([`Engine::analyse`], [`Engine::analyse_batch`]) and ingests
//!   inputs into any [`dyad_store::Store`] ([`Engine::ingest`]).
//! - [`documents`]: inputs read by intake, and received texts made into
//!   documents exactly as intake makes a text file into one
//!   ([`documents::text_document`]).
//! - [`storylines`]: storylines built from a store, and the cache a server
//!   keeps of them.
//! - [`eval`]: scoring on gold files; [`reference`]: spaCy-style token
//!   annotations.
//!
//! Everything here is synchronous: the server runs it on its blocking pool.

mod engine;
mod error;
mod ingest;

pub mod documents;
pub mod eval;
pub mod reference;
pub mod storylines;
pub mod vocabulary;

pub use dyad_intake::ReadOptions;
pub use engine::{Analysis, Annotation, Annotator, Engine, EngineOptions};
pub use error::{EngineError, Result};
pub use ingest::{IngestObserver, IngestOptions};
