//! The network of `TransitionBasedParser.v2` shared by the parser and the
//! NER: token projection, precomputable lower layer, maxout, upper layer
//! (notes §6.1).

use super::linalg::{add_bias_rows, matmul_transposed};
use super::model_file::{corrupt, ModelFile};
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
    projection_weights: Vec<f32>,
    projection_bias: Vec<f32>,
    /// Lower weights `(slots × SLOT_WIDTH) × HIDDEN`, row-major, which is
    /// the file's `(nF, nO, nP, nI)` layout read as a matrix.
    lower_weights: Vec<f32>,
    lower_bias: Vec<f32>,
    /// One padding vector per slot, used for missing tokens.
    lower_padding: Vec<f32>,
    upper_weights: Vec<f32>,
    upper_bias: Vec<f32>,
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
        Ok(StateScorer {
            slots,
            actions,
            projection_weights: model.param(projection, "W", &[HIDDEN, WIDTH])?,
            projection_bias: model.param(projection, "b", &[HIDDEN])?,
            lower_weights: model.param(lower, "W", &[slots, HIDDEN, PIECES, HIDDEN])?,
            lower_bias: model.param(lower, "b", &[HIDDEN, PIECES])?,
            lower_padding: model.param(lower, "pad", &[1, slots, HIDDEN, PIECES])?,
            upper_weights: model.param(upper, "W", &[actions, HIDDEN])?,
            upper_bias: model.param(upper, "b", &[actions])?,
        })
    }

    /// Projects the token vectors (`n × WIDTH`) to `n × HIDDEN`.
    pub fn project(&self, token_vectors: &[f32], n: usize, out: &mut Vec<f32>) {
        out.clear();
        out.resize(n * HIDDEN, 0.0);
        matmul_transposed(
            token_vectors,
            n,
            WIDTH,
            &self.projection_weights,
            HIDDEN,
            out,
            false,
        );
        add_bias_rows(out, &self.projection_bias);
    }

    /// The precomputed lower layer: for every token and slot, the slot's
    /// weights times the projected token (no bias), `n × slots × SLOT_WIDTH`.
    /// Each state then only sums `slots` rows of this table.
    pub fn precompute(&self, token_vectors: &[f32], n: usize, out: &mut Vec<f32>) {
        let mut projected = Vec::new();
        self.project(token_vectors, n, &mut projected);
        out.clear();
        out.resize(n * self.slots * SLOT_WIDTH, 0.0);
        matmul_transposed(
            &projected,
            n,
            HIDDEN,
            &self.lower_weights,
            self.slots * SLOT_WIDTH,
            out,
            false,
        );
    }

    /// Scores one state from its feature token ids (−1 = missing), writing
    /// the maxout hidden layer into `hidden` and the action scores into
    /// `scores`.
    pub fn score(
        &self,
        precomputed: &[f32],
        token_ids: &[i64],
        hidden: &mut [f32; HIDDEN],
        scores: &mut [f32],
    ) {
        let row_width = self.slots * SLOT_WIDTH;
        let mut summed = [0.0f32; SLOT_WIDTH];
        // Slots are added in order into a zero vector, then the bias, as
        // spaCy does; the order only matters in the last float bits.
        for (slot, &id) in token_ids.iter().enumerate().take(self.slots) {
            let offset = slot * SLOT_WIDTH;
            let source = usize::try_from(id)
                .ok()
                .and_then(|t| t.checked_mul(row_width))
                .and_then(|start| precomputed.get(start + offset..start + offset + SLOT_WIDTH))
                .or_else(|| self.lower_padding.get(offset..offset + SLOT_WIDTH));
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
        for ((score, weights), bias) in scores
            .iter_mut()
            .zip(self.upper_weights.chunks_exact(HIDDEN))
            .zip(&self.upper_bias)
        {
            let mut sum = 0.0f32;
            for (w, h) in weights.iter().zip(hidden.iter()) {
                sum += w * h;
            }
            *score = sum + bias;
        }
    }
}
