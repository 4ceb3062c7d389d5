//! The few dense operations the networks need, in float32.
//!
//! The products of the running networks go through [`super::packed`],
//! whose weights are packed once at load. The general products here go
//! through `ndarray`'s matrix multiply (`matrixmultiply`'s vectorised
//! kernels, chosen at run time for the CPU) behind a safe interface; they
//! are used at load time (projecting the embedding tables) and as
//! references. Simple reference loops are kept next to them so tests can
//! check the fast path on generated inputs.

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2, ShapeBuilder};

/// Computes `out = input · weightsᵀ` (or adds it to `out` when
/// `accumulate`), where `input` is `rows × inner` and `weights` is
/// `outputs × inner`, both row-major, and `out` is `rows × outputs`.
///
/// Mismatched slice lengths are a programming error inside this crate; they
/// leave `out` untouched rather than panic, and a debug assertion reports
/// them in tests.
pub fn matmul_transposed(
    input: &[f32],
    rows: usize,
    inner: usize,
    weights: &[f32],
    outputs: usize,
    out: &mut [f32],
    accumulate: bool,
) {
    if rows == 0 || outputs == 0 {
        return;
    }
    let a = ArrayView2::from_shape((rows, inner), input);
    // `weights` is outputs × inner row-major; read it as inner × outputs with
    // column-major strides, which is its transpose without copying.
    let b = ArrayView2::from_shape((inner, outputs).f(), weights);
    let c = ArrayViewMut2::from_shape((rows, outputs), out);
    match (a, b, c) {
        (Ok(a), Ok(b), Ok(mut c)) => {
            let beta = if accumulate { 1.0 } else { 0.0 };
            general_mat_mul(1.0, &a, &b, beta, &mut c);
        }
        _ => debug_assert!(
            false,
            "matmul_transposed: slice lengths do not match the shapes"
        ),
    }
}

/// Transposes a row-major `rows × columns` matrix.
pub fn transpose(matrix: &[f32], rows: usize, columns: usize) -> Vec<f32> {
    let mut out = vec![0.0f32; rows * columns];
    for (r, row) in matrix.chunks_exact(columns.max(1)).take(rows).enumerate() {
        for (c, &value) in row.iter().enumerate() {
            if let Some(slot) = out.get_mut(c * rows + r) {
                *slot = value;
            }
        }
    }
    out
}

/// Computes `out = input · weights` (or adds it when `accumulate`), where
/// `input` is `rows × inner` and `weights` is `inner × outputs`, both
/// row-major. Weights used on every document are stored this way, already
/// transposed, because the matrix multiply packs them on every call and
/// packing contiguous rows is several times cheaper than strided columns.
pub fn matmul(
    input: &[f32],
    rows: usize,
    inner: usize,
    weights: &[f32],
    outputs: usize,
    out: &mut [f32],
    accumulate: bool,
) {
    if rows == 0 || outputs == 0 {
        return;
    }
    let a = ArrayView2::from_shape((rows, inner), input);
    let b = ArrayView2::from_shape((inner, outputs), weights);
    let c = ArrayViewMut2::from_shape((rows, outputs), out);
    match (a, b, c) {
        (Ok(a), Ok(b), Ok(mut c)) => {
            let beta = if accumulate { 1.0 } else { 0.0 };
            general_mat_mul(1.0, &a, &b, beta, &mut c);
        }
        _ => debug_assert!(false, "matmul: slice lengths do not match the shapes"),
    }
}

/// The plain triple loop `matmul_transposed` must agree with.
pub fn matmul_transposed_reference(
    input: &[f32],
    rows: usize,
    inner: usize,
    weights: &[f32],
    outputs: usize,
    out: &mut [f32],
    accumulate: bool,
) {
    for r in 0..rows {
        for o in 0..outputs {
            let mut sum = 0.0f32;
            for i in 0..inner {
                let x = input.get(r * inner + i).copied().unwrap_or(0.0);
                let w = weights.get(o * inner + i).copied().unwrap_or(0.0);
                sum += x * w;
            }
            if let Some(slot) = out.get_mut(r * outputs + o) {
                *slot = if accumulate { *slot + sum } else { sum };
            }
        }
    }
}

/// Adds `bias` to every row of `matrix` (row length = `bias.len()`).
pub fn add_bias_rows(matrix: &mut [f32], bias: &[f32]) {
    if bias.is_empty() {
        return;
    }
    for row in matrix.chunks_exact_mut(bias.len()) {
        for (x, b) in row.iter_mut().zip(bias) {
            *x += b;
        }
    }
}

/// Maxout over the innermost axis: `input` holds `outputs × pieces` values
/// (piece index fastest); `out` receives the maximum of each output.
pub fn maxout(input: &[f32], pieces: usize, out: &mut [f32]) {
    if pieces == 0 {
        return;
    }
    for (slot, group) in out.iter_mut().zip(input.chunks_exact(pieces)) {
        *slot = group.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    }
}

/// Layer normalisation as thinc does it: population variance, with the
/// epsilon 1e-8 added to the variance inside the inverse square root
/// (pitfall 13).
pub fn layer_norm(values: &mut [f32], gain: &[f32], bias: &[f32]) {
    let n = values.len();
    if n == 0 {
        return;
    }
    let mean = lane_sum(values, |x| x) / n as f32;
    let variance = lane_sum(values, |x| (x - mean) * (x - mean)) / n as f32;
    let scale = 1.0 / (variance + 1e-8).sqrt();
    for ((x, g), b) in values.iter_mut().zip(gain).zip(bias) {
        *x = (*x - mean) * scale * g + b;
    }
}

/// Sums `term(x)` over the values in eight interleaved partial sums, which
/// the compiler keeps in vector registers; a single running float sum is a
/// serial chain it may not reorder. (numpy also sums pairwise, not
/// serially, so neither order is "the" reference.)
fn lane_sum(values: &[f32], term: impl Fn(f32) -> f32) -> f32 {
    let mut lanes = [0.0f32; 8];
    let chunks = values.chunks_exact(8);
    let remainder = chunks.remainder();
    for chunk in chunks {
        for (lane, &x) in lanes.iter_mut().zip(chunk) {
            *lane += term(x);
        }
    }
    for (lane, &x) in lanes.iter_mut().zip(remainder) {
        *lane += term(x);
    }
    lanes.iter().sum()
}

/// Index of the first maximum (numpy's `argmax` tie rule), or 0 if empty.
pub fn argmax(values: &[f32]) -> usize {
    let mut best = 0;
    let mut best_value = f32::NEG_INFINITY;
    for (i, &v) in values.iter().enumerate() {
        if v > best_value {
            best = i;
            best_value = v;
        }
    }
    best
}
