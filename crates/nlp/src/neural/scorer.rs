//! The network of `TransitionBasedParser.v2` shared by the parser and the
//! NER: token projection, precomputable lower layer, maxout, upper layer
//! (notes §6.1).

use super::model_file::{corrupt, ModelFile};
use super::packed::PackedWeights;
use super::tok2vec::WIDTH;
use crate::error::NlpError;

/// Width of the projected token vectors and of the hidden layer.
pub const HIDDEN: usize = 64;
/// Maxout pieces of the lower layer.
const PIECES: usize = 2;
/// Values per feature slot in the precomputed table (hidden × pieces).
pub const SLOT_WIDTH: usize = HIDDEN * PIECES;

/// The weights that score a parser or NER state.
#[derive(Debug, Clone)]
pub struct StateScorer {
    /// Number of state feature slots (8 for the parser, 3 for the NER).
    pub slots: usize,
    /// Number of actions (score outputs).
    pub actions: usize,
    /// Projection weights and bias (`WIDTH` inputs, `HIDDEN` outputs),
    /// packed for the multiply kernel.
    projection: PackedWeights,
    /// Lower weights `(slots × SLOT_WIDTH) × HIDDEN`, row-major, which is
    /// the file's `(nF, nO, nP, nI)` layout read as a matrix.
    lower_weights: Vec<f32>,
    /// The lower weights (`HIDDEN` inputs, `slots × SLOT_WIDTH` outputs, no
    /// bias) packed for the multiply kernel.
    lower_packed: PackedWeights,
    lower_bias: Vec<f32>,
    /// One padding vector per slot, used for missing tokens.
    lower_padding: Vec<f32>,
    /// Upper weights and bias (`HIDDEN` inputs, one output per action),
    /// packed for the multiply kernel.
    upper: PackedWeights,
}

impl StateScorer {
    /// Reads the three parameterised layers of a `parser_model` file:
    /// `linear` with nI 96 (projection), `precomputable_affine` (lower) and
    /// `linear` with nI 64 (upper).
    pub fn from_model(
        model: &ModelFile,
        slots: usize,
        actions: usize,
    ) -> Result<StateScorer, NlpError> {
        let linears = model.nodes_named("linear");
        let projection = linears
            .iter()
            .find(|n| model.param_shape(n, "W") == Some(&[HIDDEN, WIDTH][..]))
            .ok_or_else(|| corrupt(&model.file, "no 64×96 token projection layer"))?;
        let upper = linears
            .iter()
            .find(|n| model.param_shape(n, "W").and_then(|s| s.get(1).copied()) == Some(HIDDEN))
            .ok_or_else(|| corrupt(&model.file, "no upper layer with 64 inputs"))?;
        let lower = model
            .nodes_named("precomputable_affine")
            .into_iter()
            .next()
            .ok_or_else(|| corrupt(&model.file, "no precomputable_affine layer"))?;
        let lower_weights = model.param(lower, "W", &[slots, HIDDEN, PIECES, HIDDEN])?;
        Ok(StateScorer {
            slots,
            actions,
            projection: PackedWeights::from_transposed(
                &model.param(projection, "W", &[HIDDEN, WIDTH])?,
                HIDDEN,
                WIDTH,
                Some(&model.param(projection, "b", &[HIDDEN])?),
            ),
            lower_packed: PackedWeights::from_transposed(
                &lower_weights,
                slots * SLOT_WIDTH,
                HIDDEN,
                None,
            ),
            lower_weights,
            lower_bias: model.param(lower, "b", &[HIDDEN, PIECES])?,
            lower_padding: model.param(lower, "pad", &[1, slots, HIDDEN, PIECES])?,
            upper: PackedWeights::from_transposed(
                &model.param(upper, "W", &[actions, HIDDEN])?,
                actions,
                HIDDEN,
                Some(&model.param(upper, "b", &[actions])?),
            ),
        })
    }

    /// Projects the token vectors (`n × WIDTH`) to `n × HIDDEN`.
    fn project(&self, token_vectors: &[f32], n: usize, out: &mut Vec<f32>) {
        out.clear();
        out.resize(n * HIDDEN, 0.0);
        self.projection.multiply(token_vectors, n, out);
    }

    /// Prepares the token table of one document: projects every token and
    /// precomputes the lower layer for the first window of tokens.
    pub fn prepare(&self, token_vectors: &[f32], n: usize, table: &mut TokenTable) {
        self.prepare_with_window(token_vectors, n, table, WINDOW_TOKENS);
    }

    /// [`StateScorer::prepare`] with a given window size; tests use a
    /// window covering the whole document as the reference for the moving
    /// window.
    pub fn prepare_with_window(
        &self,
        token_vectors: &[f32],
        n: usize,
        table: &mut TokenTable,
        window_tokens: usize,
    ) {
        self.project(token_vectors, n, &mut table.projected);
        table.n = n;
        table.window_start = 0;
        table.window_length = 0;
        table.window_capacity = window_tokens.max(2 * WINDOW_LOOKAHEAD);
        self.fill_window(table, 0);
    }

    /// Precomputes the lower layer (the slots' weights times the projected
    /// token, no bias) for the tokens `[start, start + WINDOW_TOKENS)`.
    /// Each state then only sums `slots` rows of this table.
    fn fill_window(&self, table: &mut TokenTable, start: usize) {
        let start = start.min(table.n);
        let length = (table.n - start).min(table.window_capacity);
        let row_width = self.slots * SLOT_WIDTH;
        table.window.clear();
        table.window.resize(length * row_width, 0.0);
        let input = table
            .projected
            .get(start * HIDDEN..(start + length) * HIDDEN)
            .unwrap_or(&[]);
        self.lower_packed.multiply(input, length, &mut table.window);
        table.window_start = start;
        table.window_length = length;
    }

    /// Scores one state from its feature token ids (−1 = missing), writing
    /// the maxout hidden layer into `hidden` and the action scores into
    /// `scores`. The first id is the buffer head, around which the
    /// precomputed window is kept.
    pub fn score(
        &self,
        table: &mut TokenTable,
        token_ids: &[i64],
        hidden: &mut [f32; HIDDEN],
        scores: &mut [f32],
    ) {
        if let Some(anchor) = token_ids.first().and_then(|&id| usize::try_from(id).ok()) {
            let window_end = table.window_start + table.window_length;
            let ahead_missing = anchor + WINDOW_LOOKAHEAD >= window_end && window_end < table.n;
            if anchor < table.window_start || ahead_missing {
                let behind = WINDOW_BEHIND.min(table.window_capacity / 4);
                self.fill_window(table, anchor.saturating_sub(behind));
            }
        }
        let row_width = self.slots * SLOT_WIDTH;
        let mut summed = [0.0f32; SLOT_WIDTH];
        let mut computed = [0.0f32; SLOT_WIDTH];
        // Slots are added in order into a zero vector, then the bias, as
        // spaCy does; the order only matters in the last float bits.
        for (slot, &id) in token_ids.iter().enumerate().take(self.slots) {
            let offset = slot * SLOT_WIDTH;
            let token = usize::try_from(id).ok().filter(|&t| t < table.n);
            let source = match token {
                None => self.lower_padding.get(offset..offset + SLOT_WIDTH),
                Some(t)
                    if t >= table.window_start && t < table.window_start + table.window_length =>
                {
                    let start = (t - table.window_start) * row_width + offset;
                    table.window.get(start..start + SLOT_WIDTH)
                }
                Some(t) => {
                    // Outside the window (a word deep in the stack of a very
                    // long document): compute this one slot row directly,
                    // by the multiply kernel's rule (one fused multiply-add
                    // chain in input order from zero), so the value is
                    // bit-identical to the window's.
                    let input = table
                        .projected
                        .get(t * HIDDEN..(t + 1) * HIDDEN)
                        .unwrap_or(&[]);
                    let weights = self
                        .lower_weights
                        .get(offset * HIDDEN..(offset + SLOT_WIDTH) * HIDDEN)
                        .unwrap_or(&[]);
                    for (value, row) in computed.iter_mut().zip(weights.chunks_exact(HIDDEN)) {
                        *value = row
                            .iter()
                            .zip(input)
                            .fold(0.0f32, |sum, (&w, &x)| x.mul_add(w, sum));
                    }
                    Some(&computed[..])
                }
            };
            if let Some(source) = source {
                for (s, v) in summed.iter_mut().zip(source) {
                    *s += v;
                }
            }
        }
        for (s, b) in summed.iter_mut().zip(&self.lower_bias) {
            *s += b;
        }
        for (h, pair) in hidden.iter_mut().zip(summed.chunks_exact(PIECES)) {
            *h = pair.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        }
        // The scores through the multiply kernel (bias, then one fused
        // multiply-add per hidden unit, in order), as a row of one.
        let actions = scores.len().min(self.actions);
        self.upper
            .multiply(hidden, 1, scores.get_mut(..actions).unwrap_or(&mut []));
    }
}

/// Tokens precomputed at once. Documents up to this length (nearly all)
/// are precomputed whole; longer ones use a moving window so memory stays
/// bounded.
const WINDOW_TOKENS: usize = 2048;
/// How many tokens behind the buffer head a new window keeps.
const WINDOW_BEHIND: usize = 512;
/// The window moves before the buffer head comes this close to its end.
const WINDOW_LOOKAHEAD: usize = 8;

/// The per-document token data of a parser or NER: projected token
/// vectors, and the precomputed lower layer for a window of tokens.
#[derive(Debug, Clone, Default)]
pub struct TokenTable {
    n: usize,
    projected: Vec<f32>,
    window_start: usize,
    window_length: usize,
    /// Most tokens precomputed at once.
    window_capacity: usize,
    window: Vec<f32>,
}
