//! The analysis pipeline as the commands use it: model and dictionaries
//! loaded once, then documents annotated and coded in parallel.

use crate::Common;
use anyhow::Context;
use dyad_types::{AnnotatedDocument, Diagnostic, Document, Event};
use rayon::prelude::*;

/// What one document became.
pub struct Processed {
    /// The document's annotations.
    pub annotated: AnnotatedDocument,
    /// The coded events, in document order.
    pub events: Vec<Event>,
    /// Problems the coder found.
    pub diagnostics: Vec<Diagnostic>,
}

/// The loaded NLP pipeline and event coder.
pub struct Engine {
    nlp: dyad_nlp::Pipeline,
}

impl Engine {
    /// Loads the model package and the dictionaries the flags name.
    /// Dictionary diagnostics are returned for the caller to report.
    pub fn load(common: &Common) -> anyhow::Result<(Engine, Vec<Diagnostic>)> {
        let nlp = load_nlp(common)?;
        Ok((Engine { nlp }, Vec::new()))
    }

    /// The NLP pipeline.
    pub fn nlp(&self) -> &dyad_nlp::Pipeline {
        &self.nlp
    }

    /// Annotates and codes one document.
    pub fn process(&self, document: &Document) -> Processed {
        let annotated = self.nlp.annotate(document);
        Processed { annotated, events: Vec::new(), diagnostics: Vec::new() }
    }

    /// Annotates and codes documents in parallel, one document per task.
    /// The results are in input order whatever the thread count.
    pub fn process_batch(&self, documents: &[Document]) -> Vec<Processed> {
        documents.par_iter().map(|document| self.process(document)).collect()
    }
}

/// Loads the NLP pipeline from `--model`, `DYAD_MODEL` or the default
/// location.
pub fn load_nlp(common: &Common) -> anyhow::Result<dyad_nlp::Pipeline> {
    dyad_nlp::Pipeline::load(common.model.as_deref()).context("cannot load the spaCy model package")
}
