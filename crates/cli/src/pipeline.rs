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
    coder: dyad_coder::Coder,
}

impl Engine {
    /// Loads the model package and the dictionaries the flags name.
    /// Dictionary diagnostics are returned for the caller to report.
    pub fn load(common: &Common) -> anyhow::Result<(Engine, Vec<Diagnostic>)> {
        let (coder, diagnostics) = load_coder(common)?;
        // Coding follows the layout of news text: a headline or a paragraph
        // never runs into the next sentence (`dyad annotate` keeps spaCy's
        // own behaviour unless asked).
        let nlp = load_nlp(common)?.respecting_blocks(true);
        Ok((Engine { nlp, coder }, diagnostics))
    }

    /// Annotates and codes one document.
    pub fn process(&self, document: &Document) -> Processed {
        let annotated = self.nlp.annotate(document);
        let outcome = self.coder.code(&annotated);
        Processed {
            annotated,
            events: outcome.events,
            diagnostics: outcome.diagnostics,
        }
    }

    /// Annotates and codes documents in parallel. The NLP pipeline batches
    /// documents internally (one matrix product per batch instead of per
    /// document); the results are identical to [`Engine::process`] and in
    /// input order whatever the thread count.
    pub fn process_batch(&self, documents: &[Document]) -> Vec<Processed> {
        self.nlp
            .annotate_batch(documents)
            .into_par_iter()
            .map(|annotated| {
                let outcome = self.coder.code(&annotated);
                Processed {
                    annotated,
                    events: outcome.events,
                    diagnostics: outcome.diagnostics,
                }
            })
            .collect()
    }
}

/// Loads the NLP pipeline from `--model`, `DYAD_MODEL` or the default
/// location.
pub fn load_nlp(common: &Common) -> anyhow::Result<dyad_nlp::Pipeline> {
    dyad_nlp::Pipeline::load(common.model.as_deref()).context("cannot load the spaCy model package")
}

/// The dictionary files the flags name; kinds not named stay built in.
pub fn dictionary_options(common: &Common) -> dyad_dict::DictionaryOptions {
    dyad_dict::DictionaryOptions {
        verbs: common.verbs.clone(),
        actors: common.actors.clone(),
        agents: common.agents.clone(),
        discards: common.discards.clone(),
    }
}

/// Loads the dictionaries the flags name and builds the event coder on
/// them. Dictionary diagnostics are returned for the caller to report.
pub fn load_coder(common: &Common) -> anyhow::Result<(dyad_coder::Coder, Vec<Diagnostic>)> {
    let (dictionaries, diagnostics) = dyad_dict::Dictionaries::load(&dictionary_options(common))
        .context("cannot load the dictionaries")?;
    let lexicon = dyad_coder::DictLexicon::new(std::sync::Arc::new(dictionaries));
    let coder = dyad_coder::Coder::new(
        std::sync::Arc::new(lexicon),
        dyad_coder::CoderOptions::default(),
    );
    Ok((coder, diagnostics))
}
