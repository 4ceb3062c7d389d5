use crate::{Date, Span};
use serde::{Deserialize, Serialize};

/// One token with the annotations of a spaCy-style pipeline.
///
/// The field names and meanings follow spaCy so that annotations can be
/// compared with spaCy's own output field for field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// The token text, exactly as it stands in the document.
    pub text: String,
    /// Byte range of the token in the document text.
    pub span: Span,
    /// Whether a single space follows the token (spaCy's `whitespace_`).
    pub space_after: bool,
    /// Fine-grained Penn Treebank tag (`NNP`, `VBD`, ...).
    pub tag: String,
    /// Universal part of speech (`PROPN`, `VERB`, ...).
    pub pos: String,
    /// Dependency label (ClearNLP labels as used by spaCy's English models).
    pub dep: String,
    /// Document-relative index of the syntactic head; a root points to itself.
    pub head: usize,
    /// Lemma.
    pub lemma: String,
    /// Entity IOB tag: `B`, `I`, `O`, or empty when NER did not run.
    pub ent_iob: String,
    /// Entity type (`PERSON`, `GPE`, ...), empty outside entities.
    pub ent_type: String,
    /// Whether this token starts a sentence.
    pub is_sent_start: bool,
}

/// A sentence of an annotated document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnotatedSentence {
    /// Byte range of the sentence in the document text.
    pub span: Span,
    /// Index of the first token of the sentence in [`AnnotatedDocument::tokens`].
    pub first_token: usize,
    /// One past the index of the last token of the sentence.
    pub end_token: usize,
}

impl AnnotatedSentence {
    /// The sentences the tokens' `is_sent_start` flags mark: a sentence runs
    /// from one start to the next, and a first token without the flag still
    /// opens one.
    pub fn from_sentence_starts(tokens: &[Token]) -> Vec<AnnotatedSentence> {
        let mut sentences: Vec<AnnotatedSentence> = Vec::new();
        for (index, token) in tokens.iter().enumerate() {
            let continues = !token.is_sent_start && !sentences.is_empty();
            match sentences.last_mut() {
                Some(sentence) if continues => {
                    sentence.end_token = index + 1;
                    sentence.span =
                        Span::new(sentence.span.start, token.span.end.max(sentence.span.start));
                }
                _ => sentences.push(AnnotatedSentence {
                    span: token.span,
                    first_token: index,
                    end_token: index + 1,
                }),
            }
        }
        sentences
    }
}

/// A document after tokenization, tagging, parsing and entity recognition.
///
/// This is what the event coder consumes. It carries no model-specific
/// data, so coder tests can use stored annotations and need no model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnotatedDocument {
    /// The id of the [`crate::Document`] the annotations belong to.
    pub doc_id: String,
    /// The document text the token spans point into.
    pub text: String,
    /// Document date, used to resolve relative time expressions.
    pub date: Option<Date>,
    /// Headline, if known; it is not part of `text`.
    pub title: Option<String>,
    /// All tokens of the analysed regions, in document order.
    pub tokens: Vec<Token>,
    /// Sentences, in document order.
    pub sentences: Vec<AnnotatedSentence>,
}

impl AnnotatedDocument {
    /// The tokens of one sentence. Returns an empty slice for a sentence
    /// whose token range is out of bounds rather than panicking.
    pub fn sentence_tokens(&self, sentence: &AnnotatedSentence) -> &[Token] {
        self.tokens
            .get(sentence.first_token..sentence.end_token)
            .unwrap_or(&[])
    }

    /// Checks the structural invariants: every token span selects its text,
    /// heads are in bounds, sentences are ordered and cover their tokens.
    /// Returns a description of the first violation.
    pub fn validate(&self) -> Result<(), String> {
        for (i, token) in self.tokens.iter().enumerate() {
            if token.span.slice(&self.text) != Some(token.text.as_str()) {
                return Err(format!(
                    "token {i} {:?} does not match its span {:?}",
                    token.text, token.span
                ));
            }
            if token.head >= self.tokens.len() {
                return Err(format!("token {i} has head {} out of bounds", token.head));
            }
        }
        let mut previous_end = 0;
        for (i, sentence) in self.sentences.iter().enumerate() {
            if sentence.first_token < previous_end || sentence.end_token > self.tokens.len() {
                return Err(format!(
                    "sentence {i} has token range out of order or bounds"
                ));
            }
            previous_end = sentence.end_token;
        }
        Ok(())
    }
}
