//! spaCy-style token annotations in the project's reference JSON Lines
//! format (`dyad annotate`), for comparison with Python spaCy.

use crate::engine::DOCUMENTS_PER_GROUP;
use crate::error::Result;
use dyad_types::Document;
use rayon::prelude::*;
use std::path::Path;

/// Which components of the spaCy pipeline run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Components {
    /// The tokenizer only; tag, POS, dependency, lemma and entity fields
    /// stay empty.
    Tokenizer,
    /// Tokenizer, tagger, attribute ruler and lemmatizer.
    Tagger,
    /// The whole pipeline.
    All,
}

/// The spaCy-compatible pipeline loaded for annotation only (no coder).
pub struct ReferenceAnnotator {
    pipeline: dyad_nlp::Pipeline,
}

/// One document's reference line and its token count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceLine {
    /// The JSON object, without a line end.
    pub line: String,
    /// Tokens in the document.
    pub tokens: usize,
}

impl ReferenceAnnotator {
    /// Loads the components asked for from the model package (`None`: the
    /// default place). With `respect_blocks`, a headline or paragraph never
    /// runs into the next sentence, as when coding; without it the output
    /// equals spaCy's, which sees only the words.
    pub fn load(
        model: Option<&Path>,
        components: Components,
        respect_blocks: bool,
    ) -> Result<ReferenceAnnotator> {
        let stages = match components {
            Components::Tokenizer => dyad_nlp::Stages::Tokenizer,
            Components::Tagger => dyad_nlp::Stages::Tagger,
            Components::All => dyad_nlp::Stages::All,
        };
        let package = dyad_nlp::ModelPackage::open_default(model)?;
        let pipeline = dyad_nlp::Pipeline::from_package(&package, stages)?
            .with_stages(stages)
            .respecting_blocks(respect_blocks);
        Ok(ReferenceAnnotator { pipeline })
    }

    /// Annotates documents in parallel; one line per document, in order.
    pub fn annotate(&self, documents: &[Document]) -> Vec<ReferenceLine> {
        documents
            .par_chunks(DOCUMENTS_PER_GROUP)
            .flat_map_iter(|group| {
                self.pipeline
                    .annotate_documents(group)
                    .into_iter()
                    .map(|annotated| ReferenceLine {
                        line: dyad_nlp::reference_line(
                            &annotated.doc_id,
                            &annotated.text,
                            &annotated.tokens,
                        ),
                        tokens: annotated.tokens.len(),
                    })
            })
            .collect()
    }
}
