//! The whole English pipeline: tokenizer → tok2vec → tagger → parser →
//! attribute_ruler → lemmatizer → NER, as spaCy's `en_core_web_sm` runs it.

use crate::attribute_ruler::{AttributeRuler, TokenAttributes};
use crate::error::NlpError;
use crate::features::{LexicalFeatures, NeuralOutput};
use crate::lemmatizer::Lemmatizer;
use crate::lexeme::NormTable;
use crate::neural::NeuralPipeline;
use crate::package::ModelPackage;
use crate::tokenizer::{RawToken, Tokenizer};
use dyad_types::{AnnotatedDocument, AnnotatedSentence, Document, Span, Token};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// How far the pipeline runs. Spared stages leave their fields empty, as
/// spaCy does when the component is disabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stages {
    /// Only the tokenizer (and lexical attributes).
    Tokenizer,
    /// Tokenizer, tok2vec, tagger, attribute ruler and lemmatizer; no parser
    /// and no NER (spaCy with `disable=["parser", "ner"]`).
    Tagger,
    /// Every component.
    All,
}

/// The loaded pipeline. It is immutable and shareable across threads.
#[derive(Debug)]
pub struct Pipeline {
    model_path: PathBuf,
    tokenizer: Tokenizer,
    norms: NormTable,
    ruler: AttributeRuler,
    lemmatizer: Lemmatizer,
    neural: Option<NeuralPipeline>,
    stages: Stages,
    /// Whether a document's block starts cut it into separate spaCy
    /// documents (see [`Pipeline::respecting_blocks`]).
    respect_blocks: bool,
}

/// Turns a component's own error message into a model error naming the file.
fn part_error<'a>(package: &'a ModelPackage, part: &str) -> impl Fn(String) -> NlpError + 'a {
    let part = part.to_owned();
    move |message| package.corrupt(&part, message)
}

impl Pipeline {
    /// Loads the full pipeline from the package at `model`, or from the
    /// default location (`DYAD_MODEL`, then `$DYAD_HOME/models`).
    pub fn load(model: Option<&Path>) -> Result<Pipeline, NlpError> {
        let package = ModelPackage::open_default(model)?;
        Pipeline::from_package(&package, Stages::All)
    }

    /// Loads the components needed for `stages` from an opened package.
    pub fn from_package(package: &ModelPackage, stages: Stages) -> Result<Pipeline, NlpError> {
        let tokenizer = Tokenizer::from_msgpack(&package.read("tokenizer")?)
            .map_err(part_error(package, "tokenizer"))?;
        let norms = NormTable::from_msgpack(&package.read("vocab/lookups.bin")?)
            .map_err(part_error(package, "vocab/lookups.bin"))?;
        let ruler = AttributeRuler::from_msgpack(&package.read("attribute_ruler/patterns")?)
            .map_err(part_error(package, "attribute_ruler/patterns"))?;
        let lemmatizer = Lemmatizer::from_msgpack(&package.read("lemmatizer/lookups/lookups.bin")?)
            .map_err(part_error(package, "lemmatizer/lookups/lookups.bin"))?;
        let neural = if stages > Stages::Tokenizer {
            let read = package.reader();
            Some(NeuralPipeline::load(&read)?)
        } else {
            None
        };
        Ok(Pipeline {
            model_path: package.path().to_path_buf(),
            tokenizer,
            norms,
            ruler,
            lemmatizer,
            neural,
            stages,
            respect_blocks: false,
        })
    }

    /// The same pipeline, cutting each document at its block starts
    /// ([`Document::block_starts`]: a headline, a paragraph) when `respect`
    /// is true. Each block is then parsed as a spaCy document of its own,
    /// so no sentence runs from a headline into the story. Off by default,
    /// because spaCy itself sees only the text: with it off, `annotate`
    /// equals spaCy's output token for token.
    pub fn respecting_blocks(mut self, respect: bool) -> Pipeline {
        self.respect_blocks = respect;
        self
    }

    /// The same pipeline restricted to fewer stages (it cannot add stages
    /// whose weights were not loaded).
    pub fn with_stages(mut self, stages: Stages) -> Pipeline {
        self.stages = if self.neural.is_none() {
            Stages::Tokenizer
        } else {
            stages
        };
        self
    }

    /// The stages this pipeline runs.
    pub fn stages(&self) -> Stages {
        self.stages
    }

    /// Where the model package was read from.
    pub fn model_path(&self) -> &Path {
        &self.model_path
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// The lexeme norm tables.
    pub fn norms(&self) -> &NormTable {
        &self.norms
    }

    /// Tokenizes one text as one spaCy document.
    pub fn tokenize(&self, text: &str) -> Vec<RawToken> {
        self.tokenizer.tokenize(text)
    }

    /// The hash-embedding features of tokenized text.
    pub fn lexical_features(&self, text: &str, tokens: &[RawToken]) -> Vec<LexicalFeatures> {
        tokens
            .iter()
            .map(|token| {
                let token_text = text.get(token.start..token.end).unwrap_or("");
                self.norms
                    .features(token_text, token.norm.as_deref(), token.space_after)
            })
            .collect()
    }

    /// Runs the attribute ruler and then the lemmatizer on one document's
    /// tokens, given their tags and dependency labels.
    pub fn apply_ruler_and_lemmatizer(&self, texts: &[&str], attributes: &mut [TokenAttributes]) {
        self.ruler.apply(texts, attributes);
        for (token, text) in attributes.iter_mut().zip(texts) {
            if token.lemma.is_empty() {
                token.lemma = self.lemmatizer.lemmatize(text, &token.pos, &token.morph);
            }
        }
    }

    /// Annotates one text as one spaCy document. Token spans are byte
    /// ranges into `text`; heads are indexes into the returned tokens.
    pub fn annotate_text(&self, text: &str) -> Vec<Token> {
        self.annotate_texts(&[text]).pop().unwrap_or_default()
    }

    /// Annotates several texts, each as one spaCy document, with the
    /// neural networks run in batches; the result for each text is the
    /// same as [`Pipeline::annotate_text`] gives for it alone.
    pub fn annotate_texts(&self, texts: &[&str]) -> Vec<Vec<Token>> {
        let raw_tokens: Vec<Vec<RawToken>> = texts
            .iter()
            .map(|text| self.tokenizer.tokenize(text))
            .collect();
        let features = || -> Vec<Vec<LexicalFeatures>> {
            texts
                .iter()
                .zip(&raw_tokens)
                .map(|(text, tokens)| self.lexical_features(text, tokens))
                .collect()
        };
        let neural: Vec<NeuralOutput> = match (&self.neural, self.stages) {
            (Some(neural), Stages::All) => {
                let features = features();
                let documents: Vec<&[LexicalFeatures]> =
                    features.iter().map(Vec::as_slice).collect();
                neural.run_batch(&documents)
            }
            (Some(neural), Stages::Tagger) => features()
                .iter()
                .map(|features| NeuralOutput {
                    tags: neural.run_tagger_only(features),
                    ..NeuralOutput::default()
                })
                .collect(),
            _ => Vec::new(),
        };
        let mut neural = neural.into_iter();
        texts
            .iter()
            .zip(&raw_tokens)
            .map(|(text, raw_tokens)| {
                self.assemble_tokens(text, raw_tokens, neural.next().unwrap_or_default())
            })
            .collect()
    }

    /// Builds one text's tokens from its raw tokens and the networks'
    /// output, running the attribute ruler and lemmatizer on the way.
    fn assemble_tokens(
        &self,
        text: &str,
        raw_tokens: &[RawToken],
        neural: NeuralOutput,
    ) -> Vec<Token> {
        let count = raw_tokens.len();
        let texts: Vec<&str> = raw_tokens
            .iter()
            .map(|token| text.get(token.start..token.end).unwrap_or(""))
            .collect();
        let mut attributes: Vec<TokenAttributes> = (0..count)
            .map(|index| TokenAttributes {
                tag: neural.tags.get(index).cloned().unwrap_or_default(),
                dep: neural.deps.get(index).cloned().unwrap_or_default(),
                ..TokenAttributes::default()
            })
            .collect();
        if self.stages > Stages::Tokenizer {
            self.apply_ruler_and_lemmatizer(&texts, &mut attributes);
        }
        let parsed = self.stages == Stages::All && neural.heads.len() == count;
        raw_tokens
            .iter()
            .zip(attributes)
            .enumerate()
            .map(|(index, (raw, attributes))| Token {
                text: texts.get(index).copied().unwrap_or("").to_owned(),
                span: Span::new(raw.start, raw.end),
                space_after: raw.space_after,
                tag: attributes.tag,
                pos: attributes.pos,
                dep: attributes.dep,
                head: if parsed {
                    neural.heads.get(index).copied().unwrap_or(index)
                } else {
                    index
                },
                lemma: attributes.lemma,
                ent_iob: if parsed {
                    neural
                        .ent_iob
                        .get(index)
                        .map(|iob| iob.as_str().to_owned())
                        .unwrap_or_default()
                } else {
                    String::new()
                },
                ent_type: neural.ent_types.get(index).cloned().unwrap_or_default(),
                is_sent_start: if parsed {
                    neural.sent_starts.get(index).copied().unwrap_or(index == 0)
                } else {
                    index == 0
                },
            })
            .collect()
    }

    /// Annotates a document: each analysed region (the text outside
    /// [`Document::excluded`]), or each block of it when the pipeline is
    /// [respecting blocks](Pipeline::respecting_blocks), is one spaCy
    /// document; spans and heads are shifted to refer to the whole
    /// document. A document without exclusions is annotated exactly as
    /// spaCy annotates its text, unless blocks are respected.
    pub fn annotate(&self, document: &Document) -> AnnotatedDocument {
        self.annotate_documents(std::slice::from_ref(document))
            .pop()
            .unwrap_or_else(|| assemble_document(document, Vec::new()))
    }

    /// Annotates several documents on this thread, running the networks
    /// on all their regions as batches; each result equals
    /// [`Pipeline::annotate`] on that document alone.
    pub fn annotate_documents(&self, documents: &[Document]) -> Vec<AnnotatedDocument> {
        // Every region of every document, remembering whose it is.
        let mut owners: Vec<(usize, usize)> = Vec::new();
        let mut region_texts: Vec<&str> = Vec::new();
        for (index, document) in documents.iter().enumerate() {
            let regions = if self.respect_blocks {
                document.analysed_blocks()
            } else {
                document.analysed_regions()
            };
            for region in regions {
                if let Some(region_text) = region.slice(&document.text) {
                    owners.push((index, region.start));
                    region_texts.push(region_text);
                }
            }
        }
        let mut tokens_of: Vec<Vec<Token>> = vec![Vec::new(); documents.len()];
        for ((index, offset), region_tokens) in
            owners.into_iter().zip(self.annotate_texts(&region_texts))
        {
            let Some(tokens) = tokens_of.get_mut(index) else {
                continue;
            };
            let base = tokens.len();
            for mut token in region_tokens {
                token.span = Span::new(token.span.start + offset, token.span.end + offset);
                token.head += base;
                tokens.push(token);
            }
        }
        documents
            .iter()
            .zip(tokens_of)
            .map(|(document, tokens)| assemble_document(document, tokens))
            .collect()
    }

    /// Annotates many documents in parallel (rayon), in groups of
    /// `DOCUMENTS_PER_GROUP` whose networks run as batches. The result for
    /// each document does not depend on the others, on the grouping or on
    /// the number of threads.
    pub fn annotate_batch(&self, documents: &[Document]) -> Vec<AnnotatedDocument> {
        documents
            .par_chunks(DOCUMENTS_PER_GROUP)
            .flat_map_iter(|group| self.annotate_documents(group))
            .collect()
    }
}

/// Documents per rayon task in [`Pipeline::annotate_batch`]: enough for the
/// networks' batches to pay off on short documents, few enough that two
/// threads share the work evenly.
const DOCUMENTS_PER_GROUP: usize = 16;

/// An annotated document from its tokens.
fn assemble_document(document: &Document, tokens: Vec<Token>) -> AnnotatedDocument {
    let sentences = AnnotatedSentence::from_sentence_starts(&tokens);
    AnnotatedDocument {
        doc_id: document.id.clone(),
        text: document.text.clone(),
        date: document.date,
        title: document.title.clone(),
        tokens,
        sentences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(start: usize, end: usize, is_sent_start: bool) -> Token {
        Token {
            text: String::new(),
            span: Span::new(start, end),
            space_after: false,
            tag: String::new(),
            pos: String::new(),
            dep: String::new(),
            head: 0,
            lemma: String::new(),
            ent_iob: String::new(),
            ent_type: String::new(),
            is_sent_start,
        }
    }

    #[test]
    fn sentences_follow_sentence_starts() {
        let tokens = vec![
            token(0, 5, true),
            token(6, 9, false),
            token(10, 12, true),
            token(12, 13, false),
        ];
        let sentences = AnnotatedSentence::from_sentence_starts(&tokens);
        assert_eq!(sentences.len(), 2);
        assert_eq!(
            (
                sentences[0].first_token,
                sentences[0].end_token,
                sentences[0].span
            ),
            (0, 2, Span::new(0, 9))
        );
        assert_eq!(
            (
                sentences[1].first_token,
                sentences[1].end_token,
                sentences[1].span
            ),
            (2, 4, Span::new(10, 13))
        );
        assert!(AnnotatedSentence::from_sentence_starts(&[]).is_empty());
    }
}
