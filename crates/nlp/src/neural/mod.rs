//! The neural components: tok2vec, tagger, parser and NER, running the
//! weights of `en_core_web_sm` 3.8.0 read from the package files.
//!
//! [`NeuralPipeline::load`] reads everything through a closure over the
//! package, and [`NeuralPipeline::run`] turns the lexical features of one
//! document into tags, a dependency tree, sentence starts and entities.
//! Results depend only on the document: each one is processed alone, with
//! its own padding, exactly as spaCy's batches behave (notes §9).
//!
//! Where the time goes (`examples/neural_bench.rs` under `perf`, UD
//! reference text): about half is the matrix-multiply kernel of the two
//! tok2vec encoders (4 blocks of 288×288 per token each), 15% is the
//! multiply packing the weights on every call (documents average ~40
//! tokens, so the weights are packed for few rows; batching several
//! documents into one product is the next step), 15% is the hash-embedding
//! row sums, which wait on memory, and the parser and NER decoders together
//! take under 10%.

pub mod hash;
pub mod linalg;
pub mod model_file;
pub mod moves;
pub mod ner;
pub mod packed;
pub mod parser;
pub mod scorer;
pub mod tok2vec;

use crate::error::NlpError;
use crate::features::{EntityIob, LexicalFeatures, NeuralOutput};
use model_file::{corrupt, ModelFile};
use moves::Action;
use packed::PackedWeights;
use scorer::{StateScorer, TokenTable};
use tok2vec::{Tok2Vec, WIDTH};

pub use ner::{Entity, NerStep};
pub use parser::{Parse, ParseStep};

/// Number of feature columns of the shared tok2vec.
const SHARED_COLUMNS: usize = 6;
/// Number of feature columns of the NER's own tok2vec.
const NER_COLUMNS: usize = 4;
/// Tokens per group in [`NeuralPipeline::run_batch`]: enough documents of
/// typical length that packing the weights is a small part of each
/// product, few enough that the group's vectors stay small (about 0.4 KiB
/// per token).
const BATCH_TOKENS: usize = 1024;

/// The tagger's output layer.
#[derive(Debug, Clone)]
struct Tagger {
    labels: Vec<String>,
    /// Output weights and bias (`WIDTH` inputs, one output per label),
    /// packed for the multiply kernel.
    weights: PackedWeights,
}

/// All four neural components, loaded and ready to run.
#[derive(Debug, Clone)]
pub struct NeuralPipeline {
    tok2vec: Tok2Vec,
    tagger: Tagger,
    parser: StateScorer,
    parser_actions: Vec<Action>,
    ner_tok2vec: Tok2Vec,
    ner: StateScorer,
    ner_actions: Vec<Action>,
}

/// Intermediate results of one document, for tests and benchmarks.
#[derive(Debug, Clone, Default)]
pub struct NeuralTrace {
    /// The shared tok2vec output, `n × 96`.
    pub token_vectors: Vec<f32>,
    /// The NER's tok2vec output, `n × 96`.
    pub ner_token_vectors: Vec<f32>,
    /// Raw tagger scores, `n × labels`.
    pub tag_scores: Vec<f32>,
    /// Every parser step.
    pub parse_steps: Vec<ParseStep>,
    /// The parser's raw heads (`None` = headless) and labels, before
    /// post-processing.
    pub raw_heads: Vec<Option<usize>>,
    /// The raw labels.
    pub raw_labels: Vec<String>,
    /// Every NER step.
    pub ner_steps: Vec<NerStep>,
    /// The entities found.
    pub entities: Vec<Entity>,
}

/// Reads a JSON file of the package.
fn read_json(
    read: &dyn Fn(&str) -> Result<Vec<u8>, NlpError>,
    file: &str,
) -> Result<serde_json::Value, NlpError> {
    let bytes = read(file)?;
    serde_json::from_slice(&bytes).map_err(|e| corrupt(file, format!("not JSON: {e}")))
}

impl NeuralPipeline {
    /// Loads the four components. `read("tok2vec/model")` must return the
    /// bytes of that package-relative file.
    pub fn load(
        read: &dyn Fn(&str) -> Result<Vec<u8>, NlpError>,
    ) -> Result<NeuralPipeline, NlpError> {
        let tok2vec_model = ModelFile::parse("tok2vec/model", &read("tok2vec/model")?)?;
        let tok2vec = Tok2Vec::from_model(&tok2vec_model, SHARED_COLUMNS)?;
        drop(tok2vec_model);

        let tagger_cfg = read_json(read, "tagger/cfg")?;
        let labels: Vec<String> = tagger_cfg
            .get("labels")
            .and_then(|l| l.as_array())
            .map(|l| {
                l.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .ok_or_else(|| corrupt("tagger/cfg", "no `labels` list"))?;
        if labels.is_empty() {
            return Err(corrupt("tagger/cfg", "empty `labels` list"));
        }
        let tagger_model = ModelFile::parse("tagger/model", &read("tagger/model")?)?;
        let softmax = tagger_model
            .nodes_named("softmax")
            .into_iter()
            .next()
            .ok_or_else(|| corrupt("tagger/model", "no softmax layer"))?;
        let tagger = Tagger {
            weights: PackedWeights::from_transposed(
                &tagger_model.param(softmax, "W", &[labels.len(), WIDTH])?,
                labels.len(),
                WIDTH,
                Some(&tagger_model.param(softmax, "b", &[labels.len()])?),
            ),
            labels,
        };

        let parser_actions = moves::read_actions("parser/moves", &read("parser/moves")?, &[])?;
        check_cfg(read, "parser/cfg")?;
        let parser_model = ModelFile::parse("parser/model", &read("parser/model")?)?;
        let parser =
            StateScorer::from_model(&parser_model, parser::PARSER_SLOTS, parser_actions.len())?;
        drop(parser_model);

        // The NER's MISSING type (0) adds no actions.
        let ner_actions = moves::read_actions("ner/moves", &read("ner/moves")?, &[0])?;
        check_cfg(read, "ner/cfg")?;
        let ner_model = ModelFile::parse("ner/model", &read("ner/model")?)?;
        let ner = StateScorer::from_model(&ner_model, ner::NER_SLOTS, ner_actions.len())?;
        let ner_tok2vec = Tok2Vec::from_model(&ner_model, NER_COLUMNS)?;

        Ok(NeuralPipeline {
            tok2vec,
            tagger,
            parser,
            parser_actions,
            ner_tok2vec,
            ner,
            ner_actions,
        })
    }

    /// The tagger's labels in score order.
    pub fn tag_labels(&self) -> &[String] {
        &self.tagger.labels
    }

    /// The parser's action names in score order (`S`, `D`, `L-det`, …).
    pub fn parser_action_names(&self) -> Vec<String> {
        let letters = ["S", "D", "L", "R", "B"];
        self.parser_actions
            .iter()
            .map(|a| {
                action_name(
                    letters.get(usize::from(a.kind)).copied().unwrap_or("?"),
                    &a.label,
                    false,
                )
            })
            .collect()
    }

    /// The NER's action names in score order (`B-ORG`, …, `U-`, `O`).
    pub fn ner_action_names(&self) -> Vec<String> {
        let letters = ["M", "B", "I", "L", "U", "O"];
        self.ner_actions
            .iter()
            .map(|a| {
                let letter = letters.get(usize::from(a.kind)).copied().unwrap_or("?");
                action_name(letter, &a.label, a.kind == 4)
            })
            .collect()
    }

    /// Runs all components on one document's tokens.
    pub fn run(&self, features: &[LexicalFeatures]) -> NeuralOutput {
        self.run_traced(features, None)
    }

    /// Runs all components on several documents and returns one output per
    /// document, identical to [`NeuralPipeline::run`] on each alone.
    ///
    /// The documents are taken in groups of about `BATCH_TOKENS` tokens;
    /// both tok2vec networks run each group as one batch (see
    /// [`Tok2Vec::forward_batch`]), and the tagger, parser and NER run per
    /// document, as they do not gain from batching.
    pub fn run_batch(&self, documents: &[&[LexicalFeatures]]) -> Vec<NeuralOutput> {
        let mut outputs = Vec::with_capacity(documents.len());
        let mut group_start = 0;
        while group_start < documents.len() {
            let mut group_end = group_start;
            let mut tokens = 0usize;
            while let Some(features) = documents.get(group_end) {
                if group_end > group_start && tokens + features.len() > BATCH_TOKENS {
                    break;
                }
                tokens += features.len();
                group_end += 1;
            }
            let group = documents.get(group_start..group_end).unwrap_or(&[]);
            self.run_group(group, &mut outputs);
            group_start = group_end;
        }
        outputs
    }

    /// [`NeuralPipeline::run_batch`] on one group of documents.
    fn run_group(&self, group: &[&[LexicalFeatures]], outputs: &mut Vec<NeuralOutput>) {
        let is_space: Vec<Vec<bool>> = group
            .iter()
            .map(|features| features.iter().map(|f| f.is_space).collect())
            .collect();
        let mut tag_scores = Vec::new();
        let tagged: Vec<(Vec<String>, Parse)> = self
            .tok2vec
            .forward_batch(group)
            .iter()
            .zip(&is_space)
            .map(|(vectors, is_space)| {
                if is_space.is_empty() {
                    return (Vec::new(), Parse::default());
                }
                let tags = self.tag(vectors, is_space.len(), &mut tag_scores);
                (tags, self.run_parser(vectors, is_space))
            })
            .collect();
        // The shared vectors are dropped above, before the NER's tok2vec
        // runs, as in `run_traced`.
        let ner_vectors = self.ner_tok2vec.forward_batch(group);
        for (((tags, parse), ner_vectors), is_space) in
            tagged.into_iter().zip(&ner_vectors).zip(&is_space)
        {
            if is_space.is_empty() {
                outputs.push(NeuralOutput::default());
                continue;
            }
            let entities = self.run_ner(ner_vectors, &parse.sent_starts, is_space);
            outputs.push(output_of(tags, parse, &entities));
        }
    }

    /// Runs only tok2vec and the tagger; the tags, as in [`NeuralOutput::tags`].
    pub fn run_tagger_only(&self, features: &[LexicalFeatures]) -> Vec<String> {
        let mut vectors = Vec::new();
        self.tok2vec.forward(features, &mut vectors);
        let mut scores = Vec::new();
        self.tag(&vectors, features.len(), &mut scores)
    }

    /// Runs only the shared tok2vec (for benchmarks and tests).
    pub fn run_tok2vec(&self, features: &[LexicalFeatures]) -> Vec<f32> {
        let mut vectors = Vec::new();
        self.tok2vec.forward(features, &mut vectors);
        vectors
    }

    /// Runs only the NER's own tok2vec (for benchmarks and tests).
    pub fn run_ner_tok2vec(&self, features: &[LexicalFeatures]) -> Vec<f32> {
        let mut vectors = Vec::new();
        self.ner_tok2vec.forward(features, &mut vectors);
        vectors
    }

    /// The shared tok2vec on several documents as one batch (for tests and
    /// benchmarks); each result equals [`NeuralPipeline::run_tok2vec`].
    pub fn run_tok2vec_batch(&self, documents: &[&[LexicalFeatures]]) -> Vec<Vec<f32>> {
        self.tok2vec.forward_batch(documents)
    }

    /// The NER's tok2vec on several documents as one batch.
    pub fn run_ner_tok2vec_batch(&self, documents: &[&[LexicalFeatures]]) -> Vec<Vec<f32>> {
        self.ner_tok2vec.forward_batch(documents)
    }

    /// The shared tok2vec computed the slow, literal way (tests compare it
    /// with the fast path).
    pub fn run_tok2vec_reference(&self, features: &[LexicalFeatures]) -> Vec<f32> {
        self.tok2vec.forward_reference(features)
    }

    /// The NER's tok2vec computed the slow, literal way.
    pub fn run_ner_tok2vec_reference(&self, features: &[LexicalFeatures]) -> Vec<f32> {
        self.ner_tok2vec.forward_reference(features)
    }

    /// Runs the parser alone on given token vectors and returns the parse
    /// (for benchmarks).
    pub fn run_parser(&self, token_vectors: &[f32], is_space: &[bool]) -> Parse {
        let n = is_space.len();
        let mut table = TokenTable::default();
        self.parser.prepare(token_vectors, n, &mut table);
        let raw = parser::decode(&self.parser, &self.parser_actions, &mut table, n, None);
        parser::finish(&raw, is_space)
    }

    /// [`NeuralPipeline::run_parser`] with the lower layer precomputed in
    /// windows of `window_tokens` tokens (the default is 2,048); tests
    /// compare a small moving window with one covering the document.
    pub fn run_parser_with_window(
        &self,
        token_vectors: &[f32],
        is_space: &[bool],
        window_tokens: usize,
    ) -> Parse {
        let n = is_space.len();
        let mut table = TokenTable::default();
        self.parser
            .prepare_with_window(token_vectors, n, &mut table, window_tokens);
        let raw = parser::decode(&self.parser, &self.parser_actions, &mut table, n, None);
        parser::finish(&raw, is_space)
    }

    /// Runs the NER alone on its token vectors and given sentence starts
    /// (for benchmarks).
    pub fn run_ner(
        &self,
        ner_token_vectors: &[f32],
        sent_starts: &[bool],
        is_space: &[bool],
    ) -> Vec<Entity> {
        let mut table = TokenTable::default();
        self.ner
            .prepare(ner_token_vectors, sent_starts.len(), &mut table);
        ner::decode(
            &self.ner,
            &self.ner_actions,
            &mut table,
            sent_starts,
            is_space,
            None,
        )
    }

    /// Runs all components and records the intermediate results in
    /// `trace` when given.
    pub fn run_traced(
        &self,
        features: &[LexicalFeatures],
        trace: Option<&mut NeuralTrace>,
    ) -> NeuralOutput {
        let n = features.len();
        if n == 0 {
            return NeuralOutput::default();
        }
        let is_space: Vec<bool> = features.iter().map(|f| f.is_space).collect();

        let mut vectors = Vec::new();
        self.tok2vec.forward(features, &mut vectors);
        let mut tag_scores = Vec::new();
        let tags = self.tag(&vectors, n, &mut tag_scores);

        let mut table = TokenTable::default();
        self.parser.prepare(&vectors, n, &mut table);
        let mut parse_steps = Vec::new();
        let raw = parser::decode(
            &self.parser,
            &self.parser_actions,
            &mut table,
            n,
            trace.is_some().then_some(&mut parse_steps),
        );
        let parse = parser::finish(&raw, &is_space);
        // The shared vectors, the parser's token table and its raw decision
        // are no longer needed unless traced; free them before the NER's
        // tok2vec runs, which roughly halves the peak for long documents.
        // (Shadowing a binding would not free the old value; `drop` does.)
        drop(table);
        let mut table = TokenTable::default();
        let (vectors, raw, tag_scores) = if trace.is_some() {
            (vectors, raw, tag_scores)
        } else {
            drop(vectors);
            drop(raw);
            drop(tag_scores);
            (Vec::new(), parser::RawParse::default(), Vec::new())
        };

        let mut ner_vectors = Vec::new();
        self.ner_tok2vec.forward(features, &mut ner_vectors);
        self.ner.prepare(&ner_vectors, n, &mut table);
        let mut ner_steps = Vec::new();
        let entities = ner::decode(
            &self.ner,
            &self.ner_actions,
            &mut table,
            &parse.sent_starts,
            &is_space,
            trace.is_some().then_some(&mut ner_steps),
        );

        let output = output_of(tags, parse, &entities);
        if let Some(trace) = trace {
            trace.token_vectors = vectors;
            trace.ner_token_vectors = ner_vectors;
            trace.tag_scores = tag_scores;
            trace.parse_steps = parse_steps;
            trace.raw_heads = raw.heads;
            trace.raw_labels = raw.labels;
            trace.ner_steps = ner_steps;
            trace.entities = entities;
        }
        output
    }

    /// Raw affine tagger scores (no softmax; pitfall 11) and the argmax tags.
    fn tag(&self, vectors: &[f32], n: usize, scores: &mut Vec<f32>) -> Vec<String> {
        let classes = self.tagger.labels.len();
        scores.clear();
        scores.resize(n * classes, 0.0);
        self.tagger.weights.multiply(vectors, n, scores);
        scores
            .chunks_exact(classes)
            .map(|row| {
                self.tagger
                    .labels
                    .get(linalg::argmax(row))
                    .cloned()
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// The output of one document from its tags, parse and entities.
fn output_of(tags: Vec<String>, parse: Parse, entities: &[Entity]) -> NeuralOutput {
    let n = parse.heads.len();
    let mut ent_iob = vec![EntityIob::Outside; n];
    let mut ent_types = vec![String::new(); n];
    for entity in entities {
        for t in entity.start..entity.end.min(n) {
            if let (Some(iob), Some(kind)) = (ent_iob.get_mut(t), ent_types.get_mut(t)) {
                *iob = if t == entity.start {
                    EntityIob::Begin
                } else {
                    EntityIob::Inside
                };
                kind.clone_from(&entity.label);
            }
        }
    }
    NeuralOutput {
        tags,
        heads: parse.heads,
        deps: parse.labels,
        sent_starts: parse.sent_starts,
        ent_iob,
        ent_types,
    }
}

/// The printed name of an action: `L-det`, `S`, `O`, or `U-` for the
/// Unit action with the empty label.
fn action_name(letter: &str, label: &str, keep_dash_when_empty: bool) -> String {
    if label.is_empty() && !keep_dash_when_empty {
        letter.to_string()
    } else {
        format!("{letter}-{label}")
    }
}

/// Checks that a parser/NER `cfg` asks for greedy decoding, the only mode
/// implemented.
fn check_cfg(read: &dyn Fn(&str) -> Result<Vec<u8>, NlpError>, file: &str) -> Result<(), NlpError> {
    let cfg = read_json(read, file)?;
    match cfg.get("beam_width").and_then(|b| b.as_u64()) {
        Some(1) | None => Ok(()),
        Some(other) => Err(corrupt(
            file,
            format!("beam_width {other}; only greedy decoding (1) is supported"),
        )),
    }
}
