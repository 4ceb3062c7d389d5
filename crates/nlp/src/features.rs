//! The contract between the rule-based front end (tokenizer, lexical
//! attributes) and the neural components (tok2vec, tagger, parser, NER).

/// The lexical features of one token, as the model's hash embeddings
/// consume them. Each attribute is a spaCy string id: the symbol id when
/// the string is a built-in symbol, else MurmurHash64A (seed 1) of its
/// UTF-8 bytes, and 0 for the empty string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LexicalFeatures {
    /// String id of NORM.
    pub norm: u64,
    /// String id of PREFIX (first character).
    pub prefix: u64,
    /// String id of SUFFIX (last three characters).
    pub suffix: u64,
    /// String id of SHAPE.
    pub shape: u64,
    /// Whether a single space follows the token (SPACY).
    pub spacy: bool,
    /// Whether the token is whitespace (IS_SPACE).
    pub is_space: bool,
}

/// Entity IOB tag of one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityIob {
    /// Begins an entity.
    Begin,
    /// Inside an entity.
    Inside,
    /// Outside any entity.
    Outside,
}

impl EntityIob {
    /// The one-letter form spaCy prints (`B`, `I`, `O`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityIob::Begin => "B",
            EntityIob::Inside => "I",
            EntityIob::Outside => "O",
        }
    }
}

/// What the neural components decide for one document: one entry per
/// token in every vector.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NeuralOutput {
    /// Fine-grained tags from the tagger, before the attribute ruler.
    pub tags: Vec<String>,
    /// Document-relative head index of each token; a root points to itself.
    /// After de-projectivisation.
    pub heads: Vec<usize>,
    /// Dependency labels from the parser, after de-projectivisation and
    /// before the attribute ruler.
    pub deps: Vec<String>,
    /// Sentence starts as spaCy sets them from the parse.
    pub sent_starts: Vec<bool>,
    /// Entity IOB tags from the NER.
    pub ent_iob: Vec<EntityIob>,
    /// Entity types from the NER, empty outside entities.
    pub ent_types: Vec<String>,
}
