//! The loaded pipeline: an annotator (the NLP stage) and the event coder,
//! shared by every entry point.

use crate::error::Result;
use dyad_coder::{Coder, CoderOptions, DictLexicon};
use dyad_dict::{Dictionaries, DictionaryOptions};
use dyad_store::IngestItem;
use dyad_types::{AnnotatedDocument, Diagnostic, Document, Event, Span};
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// Documents annotated together in one call of [`Annotator::annotate`]:
/// enough for the networks' batches to pay off on short documents, few
/// enough that two threads share a batch evenly.
pub(crate) const DOCUMENTS_PER_GROUP: usize = 16;

/// What to load: the model package and the dictionary files. Kinds of
/// dictionary not named stay built in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EngineOptions {
    /// The spaCy model package (a wheel or an installed `en_core_web_sm`
    /// directory); `None` looks in `DYAD_MODEL`, then the default place.
    pub model: Option<PathBuf>,
    /// Verb dictionary replacing the built-in one.
    pub verbs: Option<PathBuf>,
    /// Actor dictionaries replacing the built-in ones.
    pub actors: Vec<PathBuf>,
    /// Agent dictionary replacing the built-in one.
    pub agents: Option<PathBuf>,
    /// Discard dictionary (PETRARCH format).
    pub discards: Option<PathBuf>,
}

impl EngineOptions {
    fn dictionary_options(&self) -> DictionaryOptions {
        DictionaryOptions {
            verbs: self.verbs.clone(),
            actors: self.actors.clone(),
            agents: self.agents.clone(),
            discards: self.discards.clone(),
        }
    }
}

/// One document's annotation and the problems found making it.
#[derive(Debug, Clone)]
pub struct Annotation {
    /// Tokens and sentences, every span a byte range of the document text.
    pub document: AnnotatedDocument,
    /// Problems the annotator found (the spaCy pipeline finds none; an
    /// annotator from stored annotations may lack some).
    pub diagnostics: Vec<Diagnostic>,
}

/// The NLP stage as the engine sees it: documents in, annotations out.
///
/// The engine's own annotator is the spaCy-compatible pipeline
/// ([`Engine::load`]); tests and tools may supply another (for instance
/// stored annotations) through [`Engine::from_parts`]. Implementations run
/// on the calling thread; the engine parallelises across calls.
pub trait Annotator: Send + Sync {
    /// Annotates `documents`, one result per document in the same order.
    /// The result for a document must not depend on the others.
    fn annotate(&self, documents: &[Document]) -> Vec<Annotation>;
}

impl Annotator for dyad_nlp::Pipeline {
    fn annotate(&self, documents: &[Document]) -> Vec<Annotation> {
        self.annotate_documents(documents)
            .into_iter()
            .map(|document| Annotation {
                document,
                diagnostics: Vec::new(),
            })
            .collect()
    }
}

/// What one document became.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Its annotations.
    pub annotated: AnnotatedDocument,
    /// The coded events, in document order.
    pub events: Vec<Event>,
    /// Problems found annotating or coding it.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// The byte ranges of the document's sentences.
    pub fn sentence_spans(&self) -> Vec<Span> {
        self.annotated
            .sentences
            .iter()
            .map(|sentence| sentence.span)
            .collect()
    }

    /// What the store keeps of `document` after this analysis.
    pub fn into_ingest_item(self, document: Document) -> IngestItem {
        IngestItem {
            sentences: self.sentence_spans(),
            document,
            events: self.events,
            diagnostics: self.diagnostics,
        }
    }
}

struct Parts {
    annotator: Box<dyn Annotator>,
    coder: Coder,
}

/// The model and dictionaries, loaded once, and the document → annotation
/// → events pipeline over them.
///
/// An `Engine` is `Send + Sync` and cheap to clone (the loaded parts are
/// shared), so a server hands one to every request and a batch job to
/// every worker thread. Analysis never fails: problems become diagnostics.
#[derive(Clone)]
pub struct Engine {
    parts: Arc<Parts>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").finish_non_exhaustive()
    }
}

impl Engine {
    /// Loads the model package and the dictionaries `options` name.
    /// Problems inside dictionary files are returned as diagnostics for the
    /// caller to report; an unreadable model or file is an error.
    pub fn load(options: &EngineOptions) -> Result<(Engine, Vec<Diagnostic>)> {
        let (coder, diagnostics) = load_coder(options)?;
        // Coding follows the layout of news text: a headline or a paragraph
        // never runs into the next sentence.
        let nlp = dyad_nlp::Pipeline::load(options.model.as_deref())?.respecting_blocks(true);
        Ok((Engine::from_parts(Box::new(nlp), coder), diagnostics))
    }

    /// An engine over an annotator and a coder built elsewhere (stored
    /// annotations in tests, a coder over a test dictionary).
    pub fn from_parts(annotator: Box<dyn Annotator>, coder: Coder) -> Engine {
        Engine {
            parts: Arc::new(Parts { annotator, coder }),
        }
    }

    /// Annotates and codes one document.
    pub fn analyse(&self, document: &Document) -> Analysis {
        self.analyse_group(std::slice::from_ref(document))
            .pop()
            .unwrap_or_else(|| self.unannotated(document))
    }

    /// Annotates and codes documents in parallel (rayon's pool), in input
    /// order. Each result equals [`Engine::analyse`] on that document
    /// alone, whatever the thread count.
    pub fn analyse_batch(&self, documents: &[Document]) -> Vec<Analysis> {
        documents
            .par_chunks(DOCUMENTS_PER_GROUP)
            .flat_map_iter(|group| self.analyse_group(group))
            .collect()
    }

    /// Analyses documents in parallel and pairs each with its analysis,
    /// ready for [`dyad_store::Store::ingest_batch`].
    pub fn ingest_items(&self, documents: Vec<Document>) -> Vec<IngestItem> {
        let analyses = self.analyse_batch(&documents);
        documents
            .into_iter()
            .zip(analyses)
            .map(|(document, analysis)| analysis.into_ingest_item(document))
            .collect()
    }

    /// Analyses a group of documents on this thread: one annotator call,
    /// then the coder on each.
    pub(crate) fn analyse_group(&self, documents: &[Document]) -> Vec<Analysis> {
        let mut annotations = self.parts.annotator.annotate(documents).into_iter();
        documents
            .iter()
            .map(|document| match annotations.next() {
                Some(annotation) => self.code(annotation),
                // An annotator that returned too few results broke its
                // contract; the document still gets an answer.
                None => self.unannotated(document),
            })
            .collect()
    }

    fn code(&self, annotation: Annotation) -> Analysis {
        let outcome = self.parts.coder.code(&annotation.document);
        let mut diagnostics = annotation.diagnostics;
        diagnostics.extend(outcome.diagnostics);
        Analysis {
            annotated: annotation.document,
            events: outcome.events,
            diagnostics,
        }
    }

    /// The analysis of a document the annotator gave no result for.
    fn unannotated(&self, document: &Document) -> Analysis {
        Analysis {
            annotated: AnnotatedDocument {
                doc_id: document.id.clone(),
                text: document.text.clone(),
                date: document.date,
                title: document.title.clone(),
                tokens: Vec::new(),
                sentences: Vec::new(),
            },
            events: Vec::new(),
            diagnostics: vec![Diagnostic::error(
                document.path.as_deref(),
                format!("document {:?} was not annotated", document.id),
            )],
        }
    }
}

/// Loads the dictionaries `options` name and builds the event coder on
/// them.
fn load_coder(options: &EngineOptions) -> Result<(Coder, Vec<Diagnostic>)> {
    let (dictionaries, diagnostics) = Dictionaries::load(&options.dictionary_options())?;
    let lexicon = DictLexicon::new(Arc::new(dictionaries));
    let coder = Coder::new(Arc::new(lexicon), CoderOptions::default());
    Ok((coder, diagnostics))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn an_engine_can_be_shared_between_threads() {
        assert_send_sync::<Engine>();
    }
}
