//! The token-to-vector network: MultiHashEmbed, a maxout mixer with layer
//! normalisation, and four residual maxout window blocks (notes §4).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use super::hash::hash_embed_rows;
use super::linalg::{layer_norm, matmul_transposed, maxout};
use super::model_file::{corrupt, ModelFile, ModelNode};
use super::packed::PackedWeights;
use crate::error::NlpError;
use crate::features::LexicalFeatures;

/// Most feature columns a network reads (the shared tok2vec's six).
const MAX_COLUMNS: usize = 6;
/// Width of every token vector.
pub const WIDTH: usize = 96;
/// Maxout pieces in the mixer and the encoder blocks.
const PIECES: usize = 3;
/// Rows of padding on each side of a document (window 1 × depth 4; pitfall 1).
const PAD_ROWS: usize = 4;
/// Number of residual encoder blocks.
const DEPTH: usize = 4;
/// Width of the concatenated window `[previous | current | next]`.
const WINDOW_WIDTH: usize = 3 * WIDTH;
/// Rows per encoder chunk: a multiple of the multiply kernel's twelve-row
/// tile, and small enough that the chunk's window and hidden buffers
/// (144 × 288 floats each, 166 KiB) stay in the L2 cache next to a block's
/// weights (324 KiB), which the kernel reads again for every tile. With
/// 1,024 rows the buffers pushed the weights out and the whole
/// tok2vec was measurably slower. It also bounds memory on very long
/// documents.
const ENCODER_CHUNK_ROWS: usize = 144;

/// Most entries of one thread's [`EmbedCache`], shared by the two
/// networks: 32,768 rows of 96 floats are 12 MiB, enough for the
/// frequent words of running text (the 2,751 UD documents have about
/// 14,000 distinct words).
const EMBED_CACHE_ROWS: usize = 32_768;

/// The mixed embedding rows of recently seen tokens, per thread, keyed by
/// the network's id and the token's feature values.
#[derive(Default)]
struct EmbedCache {
    /// Key → index of the row in `values`.
    index: HashMap<[u64; MAX_COLUMNS + 1], usize>,
    /// The rows, `WIDTH` floats each.
    values: Vec<f32>,
}

impl EmbedCache {
    /// The cached row of `key`, if any.
    fn get(&self, key: &[u64; MAX_COLUMNS + 1]) -> Option<&[f32]> {
        let row = *self.index.get(key)?;
        self.values.get(row * WIDTH..(row + 1) * WIDTH)
    }

    /// Remembers `row` for `key`. A full cache starts over rather than
    /// tracking recency: frequent tokens come back within a few
    /// sentences, and starting over costs nothing per lookup.
    fn insert(&mut self, key: [u64; MAX_COLUMNS + 1], row: &[f32]) {
        if self.index.len() >= EMBED_CACHE_ROWS {
            self.index.clear();
            self.values.clear();
        }
        self.index.insert(key, self.index.len());
        self.values.extend_from_slice(row);
    }
}

thread_local! {
    /// This thread's embedding cache. Per thread, so threads never wait
    /// on each other for it.
    static EMBED_CACHE: RefCell<EmbedCache> = RefCell::new(EmbedCache::default());
}

/// The source of [`Tok2Vec`] ids.
static NEXT_TOK2VEC_ID: AtomicU64 = AtomicU64::new(0);

/// One hash-embedding table.
#[derive(Debug, Clone)]
struct EmbedTable {
    /// The murmur seed stored with the table.
    seed: u32,
    /// Number of rows.
    rows: u32,
    /// The embedding rows, `rows × WIDTH`.
    embeddings: Vec<f32>,
    /// The rows already multiplied by this table's slice of the mixer
    /// weights, `rows × (WIDTH × PIECES)`. The mixer is linear before its
    /// maximum, so summing these rows equals multiplying the concatenated
    /// embedding, and a token costs a few row additions instead of a
    /// 576-wide product.
    projected: Vec<f32>,
}

/// A maxout layer followed by layer normalisation.
#[derive(Debug, Clone)]
struct MaxoutNorm {
    /// Weights `(WIDTH × PIECES) × inputs`, row-major.
    weights: Vec<f32>,
    /// The same weights and the bias packed for the multiply kernel.
    packed: PackedWeights,
    /// Bias `WIDTH × PIECES`.
    bias: Vec<f32>,
    /// Layer-norm gain.
    gain: Vec<f32>,
    /// Layer-norm bias.
    norm_bias: Vec<f32>,
    /// Number of inputs.
    inputs: usize,
}

/// A loaded tok2vec network (the shared one or the NER's own).
#[derive(Debug, Clone)]
pub struct Tok2Vec {
    /// A number unique to this loaded network (clones share it, as they
    /// share the weights), which keys its rows in the embedding cache.
    id: u64,
    tables: Vec<EmbedTable>,
    mixer: MaxoutNorm,
    blocks: Vec<MaxoutNorm>,
}

/// The column values of one token, in the model's column order.
fn column_value(features: &LexicalFeatures, column: usize) -> u64 {
    match column {
        0 => features.norm,
        1 => features.prefix,
        2 => features.suffix,
        3 => features.shape,
        4 => u64::from(features.spacy),
        _ => u64::from(features.is_space),
    }
}

/// Reads a maxout node and the layernorm node that follows it.
fn read_maxout_norm(
    model: &ModelFile,
    maxout_node: &ModelNode,
    norm_node: &ModelNode,
    inputs: usize,
) -> Result<MaxoutNorm, NlpError> {
    let weights = model.param(maxout_node, "W", &[WIDTH, PIECES, inputs])?;
    let bias = model.param(maxout_node, "b", &[WIDTH, PIECES])?;
    Ok(MaxoutNorm {
        packed: PackedWeights::from_transposed(&weights, WIDTH * PIECES, inputs, Some(&bias)),
        weights,
        bias,
        gain: model.param(norm_node, "G", &[WIDTH])?,
        norm_bias: model.param(norm_node, "b", &[WIDTH])?,
        inputs,
    })
}

/// A table's embedding rows (`rows × WIDTH`) multiplied by its slice of
/// the mixer weights (the table's column), `rows × (WIDTH × PIECES)`.
fn project_table(embeddings: &[f32], rows: usize, mixer: &MaxoutNorm, column: usize) -> Vec<f32> {
    // The slice is copied out so the product reads a contiguous
    // `outputs × WIDTH` matrix.
    let outputs = WIDTH * PIECES;
    let mut slice = vec![0.0f32; outputs * WIDTH];
    for (o, target) in slice.chunks_exact_mut(WIDTH).enumerate() {
        let start = o * mixer.inputs + column * WIDTH;
        if let Some(source) = mixer.weights.get(start..start + WIDTH) {
            target.copy_from_slice(source);
        }
    }
    let mut projected = vec![0.0f32; rows * outputs];
    matmul_transposed(
        embeddings,
        rows,
        WIDTH,
        &slice,
        outputs,
        &mut projected,
        false,
    );
    projected
}

impl Tok2Vec {
    /// Reads a tok2vec network from a model file that contains one: the
    /// `hashembed`, `maxout` and `layernorm` nodes, selected by name and
    /// checked by shape (notes §1.3).
    pub fn from_model(model: &ModelFile, expected_columns: usize) -> Result<Tok2Vec, NlpError> {
        let mut table_nodes = model.nodes_named("hashembed");
        let mut columns = Vec::new();
        for node in &table_nodes {
            columns.push(model.int_attr(node, "column")?);
        }
        if table_nodes.len() != expected_columns || expected_columns > MAX_COLUMNS {
            return Err(corrupt(
                &model.file,
                format!(
                    "{} hashembed tables, expected {expected_columns}",
                    table_nodes.len()
                ),
            ));
        }
        // Tables appear in column order; sort defensively by their column attr.
        let mut order: Vec<usize> = (0..table_nodes.len()).collect();
        order.sort_by_key(|&i| columns.get(i).copied().unwrap_or(u64::MAX));
        table_nodes = order
            .iter()
            .filter_map(|&i| table_nodes.get(i).copied())
            .collect();
        for (expected, &i) in order.iter().enumerate() {
            if columns.get(i).copied() != Some(expected as u64) {
                return Err(corrupt(&model.file, "hashembed columns are not 0, 1, 2, …"));
            }
        }

        let maxouts = model.nodes_named("maxout");
        let norms = model.nodes_named("layernorm");
        if maxouts.len() != DEPTH + 1 || norms.len() != DEPTH + 1 {
            return Err(corrupt(
                &model.file,
                format!(
                    "{} maxout and {} layernorm layers, expected {} of each",
                    maxouts.len(),
                    norms.len(),
                    DEPTH + 1
                ),
            ));
        }
        let mixer_inputs = WIDTH * expected_columns;
        let (Some(mixer_node), Some(mixer_norm_node)) = (maxouts.first(), norms.first()) else {
            return Err(corrupt(&model.file, "no mixer layer"));
        };
        let mixer = read_maxout_norm(model, mixer_node, mixer_norm_node, mixer_inputs)?;
        let mut blocks = Vec::with_capacity(DEPTH);
        for (maxout_node, norm_node) in maxouts.iter().zip(&norms).skip(1) {
            blocks.push(read_maxout_norm(
                model,
                maxout_node,
                norm_node,
                WINDOW_WIDTH,
            )?);
        }

        let mut tables = Vec::with_capacity(expected_columns);
        for (column, node) in table_nodes.iter().enumerate() {
            let seed = u32::try_from(model.int_attr(node, "seed")?)
                .map_err(|_| corrupt(&model.file, "hashembed seed does not fit 32 bits"))?;
            let rows = model
                .param_shape(node, "E")
                .and_then(|s| s.first().copied())
                .unwrap_or(0);
            if rows == 0 || rows > u32::MAX as usize {
                return Err(corrupt(&model.file, "hashembed table has no rows"));
            }
            let embeddings = model.param(node, "E", &[rows, WIDTH])?;
            let projected = project_table(&embeddings, rows, &mixer, column);
            tables.push(EmbedTable {
                seed,
                rows: rows as u32,
                embeddings,
                projected,
            });
        }
        Ok(Tok2Vec {
            id: NEXT_TOK2VEC_ID.fetch_add(1, Ordering::Relaxed),
            tables,
            mixer,
            blocks,
        })
    }

    /// Number of feature columns this network reads.
    pub fn columns(&self) -> usize {
        self.tables.len()
    }

    /// Runs the network: one `WIDTH`-vector per token, row-major, in `out`.
    pub fn forward(&self, features: &[LexicalFeatures], out: &mut Vec<f32>) {
        let n = features.len();
        out.clear();
        if n == 0 {
            return;
        }
        let padded = n + 2 * PAD_ROWS;
        // The padded rows are built in `out` itself and the pad rows cut
        // off at the end, so a long document needs one buffer, not two.
        out.resize(padded * WIDTH, 0.0);
        let rows = out;
        let whole = 0..padded;
        self.embed(&[features], rows, std::slice::from_ref(&whole));
        self.encode(rows, std::slice::from_ref(&whole));
        rows.copy_within(PAD_ROWS * WIDTH..(PAD_ROWS + n) * WIDTH, 0);
        rows.truncate(n * WIDTH);
    }

    /// Runs the network on several documents at once and returns each
    /// document's vectors, identical to [`Tok2Vec::forward`] on that
    /// document alone.
    ///
    /// Each document keeps its own padding, and no window reaches across
    /// two documents, but the encoder rows of all documents go through one
    /// matrix product per block and chunk. The product packs the weights
    /// on every call, which for a short document costs as much as the
    /// arithmetic; a batch packs them once for all of its documents.
    pub fn forward_batch(&self, documents: &[&[LexicalFeatures]]) -> Vec<Vec<f32>> {
        let mut segments = Vec::with_capacity(documents.len());
        let mut total = 0usize;
        for features in documents {
            // An empty document has no rows at all, as in `forward`.
            let padded = if features.is_empty() {
                0
            } else {
                features.len() + 2 * PAD_ROWS
            };
            segments.push(total..total + padded);
            total += padded;
        }
        let mut rows = vec![0.0f32; total * WIDTH];
        self.embed(documents, &mut rows, &segments);
        self.encode(&mut rows, &segments);
        documents
            .iter()
            .zip(&segments)
            .map(|(features, segment)| {
                let start = (segment.start + PAD_ROWS) * WIDTH;
                rows.get(start..start + features.len() * WIDTH)
                    .filter(|_| !features.is_empty())
                    .map(<[f32]>::to_vec)
                    .unwrap_or_default()
            })
            .collect()
    }

    /// Embedding and mixer of every token of `documents` into the middle
    /// of its document's padded rows (`segments`, as in [`Tok2Vec::encode`]).
    ///
    /// A token's row depends only on its feature values, so a token seen
    /// before copies the earlier token's row from this thread's
    /// [`EmbedCache`] instead of summing its hash rows again: the sums
    /// read 24 scattered rows of 288 floats from tables of several
    /// megabytes and wait on memory, while most tokens of running text
    /// repeat a recent one. The copy is bit-identical to recomputing, so
    /// results do not depend on what the thread processed before.
    fn embed(
        &self,
        documents: &[&[LexicalFeatures]],
        rows: &mut [f32],
        segments: &[std::ops::Range<usize>],
    ) {
        EMBED_CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            for (features, segment) in documents.iter().zip(segments) {
                for (t, token) in features.iter().enumerate() {
                    let row = segment.start + PAD_ROWS + t;
                    let Some(target) = rows.get_mut(row * WIDTH..(row + 1) * WIDTH) else {
                        continue;
                    };
                    let mut key = [0u64; MAX_COLUMNS + 1];
                    key[0] = self.id;
                    for (column, slot) in key.iter_mut().skip(1).enumerate().take(self.tables.len())
                    {
                        *slot = column_value(token, column);
                    }
                    if let Some(cached) = cache.get(&key) {
                        target.copy_from_slice(cached);
                    } else {
                        self.embed_token(token, target);
                        cache.insert(key, target);
                    }
                }
            }
        });
    }

    /// Embedding and mixer of one token into `target` (`WIDTH` values).
    fn embed_token(&self, token: &LexicalFeatures, target: &mut [f32]) {
        let mut mixed = [0.0f32; WIDTH * PIECES];
        mixed.copy_from_slice(&self.mixer.bias);
        for (column, table) in self.tables.iter().enumerate() {
            for row in hash_embed_rows(column_value(token, column), table.seed, table.rows) {
                let start = row * WIDTH * PIECES;
                if let Some(source) = table.projected.get(start..start + WIDTH * PIECES) {
                    for (m, s) in mixed.iter_mut().zip(source) {
                        *m += s;
                    }
                }
            }
        }
        maxout(&mixed, PIECES, target);
        layer_norm(target, &self.mixer.gain, &self.mixer.norm_bias);
    }

    /// The four residual window blocks over the padded rows of every
    /// document (`segments` are the documents' row ranges in `rows`), pad
    /// rows included, so the pad rows become non-zero after the first block
    /// exactly as in thinc (pitfall 1).
    ///
    /// The rows to update are processed in chunks of at most
    /// `ENCODER_CHUNK_ROWS`, which may span several documents, so the
    /// window and hidden buffers stay small for very long documents while
    /// short documents share one product. A chunk's first window needs the
    /// previous row as it was before this block updated it, which
    /// `previous_old` keeps.
    fn encode(&self, rows: &mut [f32], segments: &[std::ops::Range<usize>]) {
        let total: usize = segments.iter().map(|segment| segment.len()).sum();
        let chunk = ENCODER_CHUNK_ROWS.min(total.max(1));
        let mut window = vec![0.0f32; chunk * WINDOW_WIDTH];
        let mut hidden = vec![0.0f32; chunk * WIDTH * PIECES];
        let mut targets: Vec<usize> = Vec::with_capacity(chunk);
        let mut update = [0.0f32; WIDTH];
        let mut previous_old = [0.0f32; WIDTH];
        for (depth, block) in self.blocks.iter().enumerate() {
            // Block `depth` (0-based) only needs to update rows
            // `[depth + 1, padded - depth - 1)` of each document: the output
            // rows `[PAD_ROWS, PAD_ROWS + n)` after the last block depend on
            // one more row on each side per earlier block, and no further.
            // The rows left out are the outermost pad rows, whose values
            // cannot reach the output; skipping them saves 20 of the
            // 4n + 32 row updates, which matters for short documents. It
            // also means a window never reaches outside its document.
            let mut pending = segments.iter().flat_map(|segment| {
                (segment.start + depth + 1)..segment.end.saturating_sub(depth + 1)
            });
            // The row whose value before this block `previous_old` holds.
            let mut saved: Option<usize> = None;
            loop {
                targets.clear();
                targets.extend(pending.by_ref().take(chunk));
                let length = targets.len();
                if length == 0 {
                    break;
                }
                for (target, &j) in window.chunks_exact_mut(WINDOW_WIDTH).zip(&targets) {
                    let (previous, rest) = target.split_at_mut(WIDTH);
                    let (current, next) = rest.split_at_mut(WIDTH);
                    let row = |k: usize| rows.get(k * WIDTH..(k + 1) * WIDTH);
                    let before = j.checked_sub(1);
                    if before.is_some() && before == saved {
                        previous.copy_from_slice(&previous_old);
                    } else {
                        match before.and_then(row) {
                            Some(source) => previous.copy_from_slice(source),
                            None => previous.fill(0.0),
                        }
                    }
                    match row(j) {
                        Some(source) => current.copy_from_slice(source),
                        None => current.fill(0.0),
                    }
                    match row(j + 1) {
                        Some(source) => next.copy_from_slice(source),
                        None => next.fill(0.0),
                    }
                }
                let hidden_rows = &mut hidden[..length * WIDTH * PIECES];
                block.packed.multiply(&window, length, hidden_rows);
                if let Some(&last) = targets.last() {
                    if let Some(source) = rows.get(last * WIDTH..(last + 1) * WIDTH) {
                        previous_old.copy_from_slice(source);
                        saved = Some(last);
                    }
                }
                for (&j, pieces) in targets.iter().zip(hidden_rows.chunks_exact(WIDTH * PIECES)) {
                    maxout(pieces, PIECES, &mut update);
                    layer_norm(&mut update, &block.gain, &block.norm_bias);
                    if let Some(row) = rows.get_mut(j * WIDTH..(j + 1) * WIDTH) {
                        for (r, u) in row.iter_mut().zip(&update) {
                            *r += u;
                        }
                    }
                }
            }
        }
    }

    /// The same computation done the slow, literal way: concatenate the
    /// embeddings, multiply by the full mixer weights, and build each
    /// window by hand. Tests compare [`Tok2Vec::forward`] with it.
    pub fn forward_reference(&self, features: &[LexicalFeatures]) -> Vec<f32> {
        let n = features.len();
        let padded = n + 2 * PAD_ROWS;
        let mut rows = vec![0.0f32; padded * WIDTH];
        for (t, token) in features.iter().enumerate() {
            let mut concat = vec![0.0f32; self.mixer.inputs];
            for (column, table) in self.tables.iter().enumerate() {
                for row in hash_embed_rows(column_value(token, column), table.seed, table.rows) {
                    for i in 0..WIDTH {
                        concat[column * WIDTH + i] += table.embeddings[row * WIDTH + i];
                    }
                }
            }
            let mut pieces = self.mixer.bias.clone();
            for (o, p) in pieces.iter_mut().enumerate() {
                for (i, x) in concat.iter().enumerate() {
                    *p += self.mixer.weights[o * self.mixer.inputs + i] * x;
                }
            }
            let mut mixed = vec![0.0f32; WIDTH];
            maxout(&pieces, PIECES, &mut mixed);
            layer_norm(&mut mixed, &self.mixer.gain, &self.mixer.norm_bias);
            rows[(t + PAD_ROWS) * WIDTH..(t + PAD_ROWS + 1) * WIDTH].copy_from_slice(&mixed);
        }
        for block in &self.blocks {
            let previous_rows = rows.clone();
            for j in 0..padded {
                let mut pieces = block.bias.clone();
                for (o, p) in pieces.iter_mut().enumerate() {
                    for i in 0..WINDOW_WIDTH {
                        let source_row = (j + i / WIDTH).checked_sub(1).filter(|&r| r < padded);
                        let x = source_row.map_or(0.0, |r| previous_rows[r * WIDTH + i % WIDTH]);
                        *p += block.weights[o * WINDOW_WIDTH + i] * x;
                    }
                }
                let mut update = vec![0.0f32; WIDTH];
                maxout(&pieces, PIECES, &mut update);
                layer_norm(&mut update, &block.gain, &block.norm_bias);
                for i in 0..WIDTH {
                    rows[j * WIDTH + i] += update[i];
                }
            }
        }
        rows[PAD_ROWS * WIDTH..(PAD_ROWS + n) * WIDTH].to_vec()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Deterministic values in [-0.5, 0.5).
    fn values(seed: u64, count: usize) -> Vec<f32> {
        let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        (0..count)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5
            })
            .collect()
    }

    fn layer(seed: u64, inputs: usize) -> MaxoutNorm {
        let weights = values(seed, WIDTH * PIECES * inputs);
        let bias = values(seed + 1, WIDTH * PIECES);
        MaxoutNorm {
            packed: PackedWeights::from_transposed(&weights, WIDTH * PIECES, inputs, Some(&bias)),
            weights,
            bias,
            gain: values(seed + 2, WIDTH).iter().map(|g| g + 1.0).collect(),
            norm_bias: values(seed + 3, WIDTH),
            inputs,
        }
    }

    /// A small network with random weights (tables of 50 rows).
    fn network(seed: u64, columns: usize) -> Tok2Vec {
        let mixer = layer(seed, WIDTH * columns);
        let tables = (0..columns)
            .map(|column| {
                let embeddings = values(seed + 10 + column as u64, 50 * WIDTH);
                EmbedTable {
                    seed: column as u32 + 7,
                    rows: 50,
                    projected: project_table(&embeddings, 50, &mixer, column),
                    embeddings,
                }
            })
            .collect();
        Tok2Vec {
            id: NEXT_TOK2VEC_ID.fetch_add(1, Ordering::Relaxed),
            tables,
            mixer,
            blocks: (0..DEPTH as u64)
                .map(|d| layer(seed + 100 + d, WINDOW_WIDTH))
                .collect(),
        }
    }

    /// A document whose tokens repeat (so the cache is used within it).
    fn document(length: u64) -> Vec<LexicalFeatures> {
        (0..length)
            .map(|t| LexicalFeatures {
                norm: t % 7,
                prefix: t % 3,
                suffix: t % 5,
                shape: t % 2,
                spacy: t % 4 != 0,
                is_space: false,
            })
            .collect()
    }

    /// The embedding cache never changes a result: a cold and a warm
    /// cache give the same bits, both agree with the literal reference,
    /// and two networks never see each other's rows for the same tokens.
    #[test]
    fn cached_embedding_rows_equal_recomputed_ones() {
        let first = network(1, 6);
        let second = network(2, 6);
        let features = document(30);
        let fresh = |net: &Tok2Vec| {
            std::thread::scope(|scope| {
                scope
                    .spawn(|| {
                        let mut out = Vec::new();
                        net.forward(&features, &mut out);
                        out
                    })
                    .join()
                    .unwrap()
            })
        };
        let cold_first = fresh(&first);
        let cold_second = fresh(&second);
        let mut warm = Vec::new();
        first.forward(&features, &mut warm);
        first.forward(&features, &mut warm);
        assert_eq!(warm, cold_first);
        second.forward(&features, &mut warm);
        assert_eq!(warm, cold_second);
        let reference = second.forward_reference(&features);
        for (fast, slow) in warm.iter().zip(&reference) {
            assert!(
                (fast - slow).abs() <= 1e-4 * slow.abs().max(1.0),
                "{fast} vs {slow}"
            );
        }
    }

    /// A full cache starts over and keeps giving the same rows.
    #[test]
    fn a_full_cache_starts_over() {
        let net = network(3, 4);
        let long: Vec<LexicalFeatures> = (0..(EMBED_CACHE_ROWS as u64 + 500))
            .map(|t| LexicalFeatures {
                norm: t,
                prefix: t % 11,
                suffix: t % 13,
                shape: 1,
                spacy: true,
                is_space: false,
            })
            .collect();
        let mut out = Vec::new();
        net.forward(&long, &mut out);
        let head = &long[..40];
        let mut again = Vec::new();
        net.forward(head, &mut again);
        let mut alone = Vec::new();
        std::thread::scope(|scope| {
            scope.spawn(|| net.forward(head, &mut alone));
        });
        assert_eq!(again, alone);
        EMBED_CACHE.with(|cache| assert!(cache.borrow().index.len() <= EMBED_CACHE_ROWS));
    }
}
