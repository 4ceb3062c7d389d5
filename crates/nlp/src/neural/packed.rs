//! Matrix products against fixed weights, with the weights packed once at
//! load time into the layout the multiply kernel reads.
//!
//! Every weight matrix of the networks is multiplied by many small inputs
//! (a ~40-token document, or a group of them). A general matrix multiply
//! copies ("packs") both operands into panels on every call; for these
//! shapes that copying cost about a third of the whole multiply (the
//! profile in `docs/nlp-performance.md`). Here the weights are packed once,
//! in [`PackedWeights::new`], and the input is read where it lies.
//!
//! # Arithmetic
//!
//! Every output is computed by one fixed rule, whatever the kernel, the
//! number of rows, or the position of a row in a batch:
//!
//! ```text
//! out[r][j] = fma(input[r][K-1], W[K-1][j], … fma(input[r][0], W[0][j], start[j]) …)
//! ```
//!
//! where `fma` is a fused multiply-add (one rounding) and `start` is the
//! bias, or zero. The vectorised kernel, the portable kernel and
//! [`PackedWeights::multiply_reference`] therefore give bit-identical
//! results, so batching documents never changes a result, and tests can
//! demand exact equality with the reference.

/// Output columns per packed panel: two 16-float AVX-512 vectors (or
/// four 8-float AVX2 vectors).
const PANEL: usize = 32;

/// A weight matrix `inner × outputs` (input index by output index) with an
/// optional bias, packed for [`PackedWeights::multiply`].
#[derive(Debug, Clone)]
pub struct PackedWeights {
    inner: usize,
    outputs: usize,
    /// `ceil(outputs / PANEL)` panels, each `inner × PANEL` row-major, the
    /// columns past `outputs` zero.
    panels: Vec<f32>,
    /// The starting value of each output (the bias or zeros), padded with
    /// zeros to whole panels.
    start: Vec<f32>,
}

impl PackedWeights {
    /// Packs `weights`, row-major `inner × outputs` (each row holds the
    /// weights of one input for all outputs), with `bias` (`outputs`
    /// values) or no bias. Missing values (a slice too short) count as
    /// zero; the loader checks shapes before this.
    pub fn new(weights: &[f32], inner: usize, outputs: usize, bias: Option<&[f32]>) -> Self {
        let panel_count = outputs.div_ceil(PANEL);
        let mut panels = vec![0.0f32; panel_count * inner * PANEL];
        // `max(1)`: with no inputs there are no panel values to fill.
        for (panel_index, panel) in panels.chunks_exact_mut((inner * PANEL).max(1)).enumerate() {
            for (k, panel_row) in panel.chunks_exact_mut(PANEL).enumerate() {
                for (column, slot) in panel_row.iter_mut().enumerate() {
                    let j = panel_index * PANEL + column;
                    if j < outputs {
                        *slot = weights.get(k * outputs + j).copied().unwrap_or(0.0);
                    }
                }
            }
        }
        let mut start = vec![0.0f32; panel_count * PANEL];
        if let Some(bias) = bias {
            for (slot, &b) in start.iter_mut().zip(bias.iter().take(outputs)) {
                *slot = b;
            }
        }
        PackedWeights {
            inner,
            outputs,
            panels,
            start,
        }
    }

    /// Packs weights given transposed, `outputs × inner` row-major (the
    /// layout of thinc's `W` parameters).
    pub fn from_transposed(
        weights: &[f32],
        outputs: usize,
        inner: usize,
        bias: Option<&[f32]>,
    ) -> Self {
        let row_major = super::linalg::transpose(weights, outputs, inner);
        PackedWeights::new(&row_major, inner, outputs, bias)
    }

    /// Number of inputs per row.
    pub fn inner(&self) -> usize {
        self.inner
    }

    /// Number of outputs per row.
    pub fn outputs(&self) -> usize {
        self.outputs
    }

    /// Computes `out = start + input · W` for `rows` rows by the rule in the
    /// module documentation. `input` holds at least `rows × inner` values
    /// and `out` at least `rows × outputs`; rows beyond what both hold are
    /// left out (a debug assertion reports it, as it is a bug in this
    /// crate).
    pub fn multiply(&self, input: &[f32], rows: usize, out: &mut [f32]) {
        let fits_input = rows
            .checked_mul(self.inner)
            .is_some_and(|n| n <= input.len());
        let fits_out = rows
            .checked_mul(self.outputs)
            .is_some_and(|n| n <= out.len());
        debug_assert!(fits_input && fits_out, "multiply: slices too short");
        let rows = if fits_input && fits_out {
            rows
        } else {
            let by_input = input.len().checked_div(self.inner).unwrap_or(rows);
            let by_out = out.len().checked_div(self.outputs).unwrap_or(rows);
            rows.min(by_input).min(by_out)
        };
        if rows == 0 || self.outputs == 0 {
            return;
        }
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
                let avx512 = std::is_x86_feature_detected!("avx512f");
                x86::multiply(self, input, rows, out, avx512);
                return;
            }
        }
        self.multiply_portable(input, rows, out);
    }

    /// The portable kernel: the same arithmetic in plain Rust, for CPUs
    /// without AVX2 and FMA (on those, `mul_add` may be a library call,
    /// which is slow but exact).
    fn multiply_portable(&self, input: &[f32], rows: usize, out: &mut [f32]) {
        let inner = self.inner;
        let mut accumulators = [0.0f32; PANEL];
        for (r, out_row) in out.chunks_exact_mut(self.outputs).take(rows).enumerate() {
            let input_row = input.get(r * inner..(r + 1) * inner).unwrap_or(&[]);
            for ((panel_index, start), out_panel) in self
                .start
                .chunks_exact(PANEL)
                .enumerate()
                .zip(out_row.chunks_mut(PANEL))
            {
                let panel = self
                    .panels
                    .get(panel_index * inner * PANEL..(panel_index + 1) * inner * PANEL)
                    .unwrap_or(&[]);
                accumulators.copy_from_slice(start);
                for (&x, weights) in input_row.iter().zip(panel.chunks_exact(PANEL)) {
                    for (accumulator, &w) in accumulators.iter_mut().zip(weights) {
                        *accumulator = x.mul_add(w, *accumulator);
                    }
                }
                for (slot, &value) in out_panel.iter_mut().zip(&accumulators) {
                    *slot = value;
                }
            }
        }
    }

    /// The literal definition, one output at a time, from the unpacked
    /// weights (`inner × outputs` row-major) and bias; tests compare
    /// [`PackedWeights::multiply`] with it for exact equality.
    #[allow(clippy::too_many_arguments)]
    pub fn multiply_reference(
        weights: &[f32],
        inner: usize,
        outputs: usize,
        bias: Option<&[f32]>,
        input: &[f32],
        rows: usize,
        out: &mut [f32],
    ) {
        for r in 0..rows {
            for j in 0..outputs {
                let mut sum = bias.and_then(|b| b.get(j)).copied().unwrap_or(0.0);
                for k in 0..inner {
                    let x = input.get(r * inner + k).copied().unwrap_or(0.0);
                    let w = weights.get(k * outputs + j).copied().unwrap_or(0.0);
                    sum = x.mul_add(w, sum);
                }
                if let Some(slot) = out.get_mut(r * outputs + j) {
                    *slot = sum;
                }
            }
        }
    }
}

/// The AVX2 + FMA and AVX-512 kernels.
///
/// This is the crate's only `unsafe` code. It is needed because the
/// vector intrinsics, inline assembly and the raw loads they take are
/// `unsafe` in Rust; a safe version (slices, bounds checks, left to the
/// compiler to vectorise) was not an option for the AVX-512 kernel at all
/// (its intrinsics need Rust 1.89, the workspace supports 1.85) and the
/// kernel is most of the pipeline's time. Safety rests on two things
/// checked in one place, [`multiply`]: the CPU has the instructions
/// (detected at run time before any call), and every pointer read or
/// written lies inside the slices (lengths checked before the loops; see
/// the comment on each `unsafe` block).
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod x86 {
    use super::{PackedWeights, PANEL};
    use std::arch::asm;
    use std::arch::x86_64::{
        __m256, _mm256_broadcast_ss, _mm256_fmadd_ps, _mm256_loadu_ps, _mm256_setzero_ps,
        _mm256_storeu_ps,
    };

    /// Rows per AVX2 tile: six rows times two 8-float vectors keep twelve
    /// accumulators, two weight vectors and a broadcast value in the
    /// sixteen AVX registers.
    const AVX2_ROWS: usize = 6;
    /// Rows per AVX-512 tile: twelve rows times two 16-float vectors are 24
    /// accumulators of the 32 registers.
    const AVX512_ROWS: usize = 12;
    /// Half a panel, the columns of one AVX2 kernel call.
    const HALF: usize = PANEL / 2;

    /// Runs the kernels over all row tiles and panels: AVX-512 tiles of
    /// twelve rows when `avx512` (the CPU has AVX-512F), AVX2 tiles for the
    /// rest. Both compute each output by the same FMA chain, so which
    /// kernel handles a row never changes its result. The caller has
    /// checked that the CPU has AVX2 and FMA.
    pub(super) fn multiply(
        weights: &PackedWeights,
        input: &[f32],
        rows: usize,
        out: &mut [f32],
        avx512: bool,
    ) {
        let inner = weights.inner;
        let outputs = weights.outputs;
        let panel_count = outputs.div_ceil(PANEL);
        // Re-check here what the kernels' pointer arithmetic relies on, so
        // this function is sound by itself.
        let fits = |length: usize, count: usize, size: usize| {
            count
                .checked_mul(size)
                .is_some_and(|needed| needed <= length)
        };
        if !fits(input.len(), rows, inner)
            || !fits(out.len(), rows, outputs)
            || !fits(weights.panels.len(), panel_count, inner * PANEL)
            || !fits(weights.start.len(), panel_count, PANEL)
        {
            return;
        }
        let mut row = 0;
        if avx512 {
            let mut tile = [0.0f32; AVX512_ROWS * PANEL];
            while rows - row >= AVX512_ROWS {
                for panel in 0..panel_count {
                    // SAFETY: AVX-512F was detected by the caller. The
                    // kernel reads input rows `row..row + 12` (each
                    // `inner` values at stride `inner`, inside `input` by
                    // the length check above), panel `panel` (`inner ×
                    // PANEL` values inside `panels`) and `PANEL` start
                    // values, and writes the whole local `tile`.
                    unsafe {
                        kernel_avx512(
                            input.as_ptr().add(row * inner),
                            inner,
                            weights.panels.as_ptr().add(panel * inner * PANEL),
                            weights.start.as_ptr().add(panel * PANEL),
                            tile.as_mut_ptr(),
                        );
                    }
                    let first = panel * PANEL;
                    let columns = (outputs - first).min(PANEL);
                    for (r, values) in tile.chunks_exact(PANEL).enumerate() {
                        let start = (row + r) * outputs + first;
                        if let (Some(target), Some(values)) =
                            (out.get_mut(start..start + columns), values.get(..columns))
                        {
                            target.copy_from_slice(values);
                        }
                    }
                }
                row += AVX512_ROWS;
            }
        }
        if rows - row == 1 {
            // One row alone (a parser or NER state's upper layer): the
            // tile kernel would keep only two accumulators, so each would
            // wait on its own FMA chain; this kernel keeps eight, over two
            // panels at a time.
            let mut panel = 0;
            while panel < panel_count {
                let pair = panel + 1 < panel_count;
                let first = panel * PANEL;
                let width = if pair { 2 * PANEL } else { PANEL };
                let columns = (outputs - first).min(width);
                // SAFETY: AVX2 and FMA were detected by the caller. The
                // kernel reads row `row` of the input (`inner` values inside
                // `input` by the length check above), panels `panel` and,
                // for a pair, `panel + 1` (`inner × PANEL` values each,
                // inside `panels` as both are below `panel_count`) and their
                // start values, and writes `columns` values of the row
                // inside `out` (`first + columns ≤ outputs`).
                unsafe {
                    let a = input.as_ptr().add(row * inner);
                    let b = weights.panels.as_ptr().add(panel * inner * PANEL);
                    let start = weights.start.as_ptr().add(first);
                    let c = out.as_mut_ptr().add(row * outputs + first);
                    if pair {
                        kernel_avx2_one_row::<2>(a, inner, b, start, c, columns);
                    } else {
                        kernel_avx2_one_row::<1>(a, inner, b, start, c, columns);
                    }
                }
                panel += if pair { 2 } else { 1 };
            }
            return;
        }
        while row < rows {
            let tile = (rows - row).min(AVX2_ROWS);
            for half in 0..panel_count * 2 {
                let first = half * HALF;
                if first >= outputs {
                    break;
                }
                let columns = (outputs - first).min(HALF);
                // SAFETY: AVX2 and FMA were detected by the caller. The
                // tile reads input rows `row..row + tile` (each `inner`
                // values, inside `input` by the length check above), half
                // `half % 2` of panel `half / 2` (`inner` steps of `PANEL`
                // values inside `panels`, of which it reads `HALF`) and
                // `HALF` start values, and writes `columns` values of each
                // of its rows inside `out` (row `r` starts at
                // `r × outputs`, and `first + columns ≤ outputs`).
                unsafe {
                    let a = input.as_ptr().add(row * inner);
                    let b = weights
                        .panels
                        .as_ptr()
                        .add((half / 2) * inner * PANEL + (half % 2) * HALF);
                    let start = weights.start.as_ptr().add(first);
                    let c = out.as_mut_ptr().add(row * outputs + first);
                    match tile {
                        6 => kernel_avx2::<6>(a, inner, b, start, c, outputs, columns),
                        5 => kernel_avx2::<5>(a, inner, b, start, c, outputs, columns),
                        4 => kernel_avx2::<4>(a, inner, b, start, c, outputs, columns),
                        3 => kernel_avx2::<3>(a, inner, b, start, c, outputs, columns),
                        2 => kernel_avx2::<2>(a, inner, b, start, c, outputs, columns),
                        _ => kernel_avx2::<1>(a, inner, b, start, c, outputs, columns),
                    }
                }
            }
            row += tile;
        }
    }

    /// Twelve input rows (stride `inner`) times one panel, in AVX-512: the
    /// accumulators start at the start values; for each of the `inner`
    /// steps the two weight vectors are loaded and each row's input value
    /// is broadcast and fused-multiply-added into that row's two
    /// accumulators (`vfmadd231ps`: one rounding, as `f32::mul_add`); the
    /// twelve rows of 32 results go to `tile`.
    ///
    /// It is written in inline assembly because the AVX-512 intrinsics
    /// need a newer compiler than the workspace supports.
    ///
    /// # Safety
    /// The CPU supports AVX-512F; `a` points to 12 rows of `inner`
    /// readable floats at stride `inner`; `b` to `inner × PANEL` readable
    /// floats; `start` to `PANEL`; `tile` to `12 × PANEL` writable floats.
    #[inline]
    unsafe fn kernel_avx512(
        a: *const f32,
        inner: usize,
        b: *const f32,
        start: *const f32,
        tile: *mut f32,
    ) {
        asm!(
            "vmovups zmm30, [r10]",
            "vmovups zmm31, [r10 + 64]",
            "vmovaps zmm0, zmm30",
            "vmovaps zmm1, zmm31",
            "vmovaps zmm2, zmm30",
            "vmovaps zmm3, zmm31",
            "vmovaps zmm4, zmm30",
            "vmovaps zmm5, zmm31",
            "vmovaps zmm6, zmm30",
            "vmovaps zmm7, zmm31",
            "vmovaps zmm8, zmm30",
            "vmovaps zmm9, zmm31",
            "vmovaps zmm10, zmm30",
            "vmovaps zmm11, zmm31",
            "vmovaps zmm12, zmm30",
            "vmovaps zmm13, zmm31",
            "vmovaps zmm14, zmm30",
            "vmovaps zmm15, zmm31",
            "vmovaps zmm16, zmm30",
            "vmovaps zmm17, zmm31",
            "vmovaps zmm18, zmm30",
            "vmovaps zmm19, zmm31",
            "vmovaps zmm20, zmm30",
            "vmovaps zmm21, zmm31",
            "vmovaps zmm22, zmm30",
            "vmovaps zmm23, zmm31",
            "lea rcx, [rax + rdi*2]",
            "add rcx, rdi",
            "lea rdx, [rcx + rdi*2]",
            "add rdx, rdi",
            "lea rsi, [rdx + rdi*2]",
            "add rsi, rdi",
            "test r9, r9",
            "jz 3f",
            "2:",
            "vmovups zmm24, [r8]",
            "vmovups zmm25, [r8 + 64]",
            "vbroadcastss zmm26, dword ptr [rax]",
            "vfmadd231ps zmm0, zmm26, zmm24",
            "vfmadd231ps zmm1, zmm26, zmm25",
            "vbroadcastss zmm27, dword ptr [rax + rdi]",
            "vfmadd231ps zmm2, zmm27, zmm24",
            "vfmadd231ps zmm3, zmm27, zmm25",
            "vbroadcastss zmm28, dword ptr [rax + rdi*2]",
            "vfmadd231ps zmm4, zmm28, zmm24",
            "vfmadd231ps zmm5, zmm28, zmm25",
            "vbroadcastss zmm29, dword ptr [rcx]",
            "vfmadd231ps zmm6, zmm29, zmm24",
            "vfmadd231ps zmm7, zmm29, zmm25",
            "vbroadcastss zmm26, dword ptr [rcx + rdi]",
            "vfmadd231ps zmm8, zmm26, zmm24",
            "vfmadd231ps zmm9, zmm26, zmm25",
            "vbroadcastss zmm27, dword ptr [rcx + rdi*2]",
            "vfmadd231ps zmm10, zmm27, zmm24",
            "vfmadd231ps zmm11, zmm27, zmm25",
            "vbroadcastss zmm28, dword ptr [rdx]",
            "vfmadd231ps zmm12, zmm28, zmm24",
            "vfmadd231ps zmm13, zmm28, zmm25",
            "vbroadcastss zmm29, dword ptr [rdx + rdi]",
            "vfmadd231ps zmm14, zmm29, zmm24",
            "vfmadd231ps zmm15, zmm29, zmm25",
            "vbroadcastss zmm26, dword ptr [rdx + rdi*2]",
            "vfmadd231ps zmm16, zmm26, zmm24",
            "vfmadd231ps zmm17, zmm26, zmm25",
            "vbroadcastss zmm27, dword ptr [rsi]",
            "vfmadd231ps zmm18, zmm27, zmm24",
            "vfmadd231ps zmm19, zmm27, zmm25",
            "vbroadcastss zmm28, dword ptr [rsi + rdi]",
            "vfmadd231ps zmm20, zmm28, zmm24",
            "vfmadd231ps zmm21, zmm28, zmm25",
            "vbroadcastss zmm29, dword ptr [rsi + rdi*2]",
            "vfmadd231ps zmm22, zmm29, zmm24",
            "vfmadd231ps zmm23, zmm29, zmm25",
            "add rax, 4",
            "add rcx, 4",
            "add rdx, 4",
            "add rsi, 4",
            "add r8, 128",
            "dec r9",
            "jnz 2b",
            "3:",
            "vmovups [r11 + 0], zmm0",
            "vmovups [r11 + 64], zmm1",
            "vmovups [r11 + 128], zmm2",
            "vmovups [r11 + 192], zmm3",
            "vmovups [r11 + 256], zmm4",
            "vmovups [r11 + 320], zmm5",
            "vmovups [r11 + 384], zmm6",
            "vmovups [r11 + 448], zmm7",
            "vmovups [r11 + 512], zmm8",
            "vmovups [r11 + 576], zmm9",
            "vmovups [r11 + 640], zmm10",
            "vmovups [r11 + 704], zmm11",
            "vmovups [r11 + 768], zmm12",
            "vmovups [r11 + 832], zmm13",
            "vmovups [r11 + 896], zmm14",
            "vmovups [r11 + 960], zmm15",
            "vmovups [r11 + 1024], zmm16",
            "vmovups [r11 + 1088], zmm17",
            "vmovups [r11 + 1152], zmm18",
            "vmovups [r11 + 1216], zmm19",
            "vmovups [r11 + 1280], zmm20",
            "vmovups [r11 + 1344], zmm21",
            "vmovups [r11 + 1408], zmm22",
            "vmovups [r11 + 1472], zmm23",
            "vzeroupper",
            inout("rax") a => _,
            out("rcx") _,
            out("rdx") _,
            out("rsi") _,
            in("rdi") inner * 4,
            inout("r8") b => _,
            inout("r9") inner => _,
            in("r10") start,
            in("r11") tile,
            // The registers are named in the template (rax: row 0, rcx:
            // row 3, rdx: row 6, rsi: row 9, rdi: the row stride in
            // bytes, r8: the panel, r9: steps left, r10: the start
            // values, r11: the tile).
            clobber_abi("C"),
            options(nostack)
        );
    }

    /// One input row times `PANELS` whole panels (one or two) in AVX2,
    /// with four accumulators per panel, so two panels keep eight FMA
    /// chains going at once (an FMA takes four cycles, and two can start
    /// per cycle); each output is the same FMA chain as in the other
    /// kernels.
    ///
    /// # Safety
    /// The CPU supports AVX2 and FMA; `a` points to `inner` readable
    /// floats; `b` to `PANELS` consecutive panels of `inner × PANEL`;
    /// `start` to `PANELS × PANEL`; `c` to `columns ≤ PANELS × PANEL`
    /// writable floats.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    unsafe fn kernel_avx2_one_row<const PANELS: usize>(
        a: *const f32,
        inner: usize,
        b: *const f32,
        start: *const f32,
        c: *mut f32,
        columns: usize,
    ) {
        let mut low = [_mm256_setzero_ps(); PANELS];
        let mut mid_low = [_mm256_setzero_ps(); PANELS];
        let mut mid_high = [_mm256_setzero_ps(); PANELS];
        let mut high = [_mm256_setzero_ps(); PANELS];
        for p in 0..PANELS {
            let start = start.add(p * PANEL);
            low[p] = _mm256_loadu_ps(start);
            mid_low[p] = _mm256_loadu_ps(start.add(8));
            mid_high[p] = _mm256_loadu_ps(start.add(16));
            high[p] = _mm256_loadu_ps(start.add(24));
        }
        for k in 0..inner {
            let x = _mm256_broadcast_ss(&*a.add(k));
            for p in 0..PANELS {
                let weights = b.add(p * inner * PANEL + k * PANEL);
                low[p] = _mm256_fmadd_ps(x, _mm256_loadu_ps(weights), low[p]);
                mid_low[p] = _mm256_fmadd_ps(x, _mm256_loadu_ps(weights.add(8)), mid_low[p]);
                mid_high[p] = _mm256_fmadd_ps(x, _mm256_loadu_ps(weights.add(16)), mid_high[p]);
                high[p] = _mm256_fmadd_ps(x, _mm256_loadu_ps(weights.add(24)), high[p]);
            }
        }
        let mut buffer = [0.0f32; 2 * PANEL];
        for p in 0..PANELS.min(2) {
            let target = buffer.as_mut_ptr().add(p * PANEL);
            _mm256_storeu_ps(target, low[p]);
            _mm256_storeu_ps(target.add(8), mid_low[p]);
            _mm256_storeu_ps(target.add(16), mid_high[p]);
            _mm256_storeu_ps(target.add(24), high[p]);
        }
        std::ptr::copy_nonoverlapping(buffer.as_ptr(), c, columns.min(PANELS.min(2) * PANEL));
    }

    /// `ROWS` input rows (stride `inner`) times half a panel in AVX2: for
    /// each of the `inner` steps, two weight vectors are loaded and each
    /// row's input value is broadcast and fused-multiply-added into that
    /// row's two accumulators, so each output is one FMA chain in input
    /// order, the same as in the AVX-512 kernel.
    ///
    /// # Safety
    /// The CPU supports AVX2 and FMA; `a` points to `ROWS` rows of `inner`
    /// readable floats at stride `inner`; `b` to `inner` steps of `PANEL`
    /// floats of which the first `HALF` are readable; `start` to `HALF`;
    /// `c` to `ROWS` rows at stride `ldc` with `columns ≤ HALF` writable
    /// floats each.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    unsafe fn kernel_avx2<const ROWS: usize>(
        a: *const f32,
        inner: usize,
        b: *const f32,
        start: *const f32,
        c: *mut f32,
        ldc: usize,
        columns: usize,
    ) {
        let start_low = _mm256_loadu_ps(start);
        let start_high = _mm256_loadu_ps(start.add(8));
        let mut low: [__m256; ROWS] = [start_low; ROWS];
        let mut high: [__m256; ROWS] = [start_high; ROWS];
        for k in 0..inner {
            let weights_low = _mm256_loadu_ps(b.add(k * PANEL));
            let weights_high = _mm256_loadu_ps(b.add(k * PANEL + 8));
            for r in 0..ROWS {
                let x = _mm256_broadcast_ss(&*a.add(r * inner + k));
                low[r] = _mm256_fmadd_ps(x, weights_low, low[r]);
                high[r] = _mm256_fmadd_ps(x, weights_high, high[r]);
            }
        }
        for r in 0..ROWS {
            let target = c.add(r * ldc);
            if columns == HALF {
                _mm256_storeu_ps(target, low[r]);
                _mm256_storeu_ps(target.add(8), high[r]);
            } else {
                let mut buffer = [0.0f32; HALF];
                _mm256_storeu_ps(buffer.as_mut_ptr(), low[r]);
                _mm256_storeu_ps(buffer.as_mut_ptr().add(8), high[r]);
                std::ptr::copy_nonoverlapping(buffer.as_ptr(), target, columns);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PackedWeights;
    use proptest::prelude::*;

    /// Values from a small deterministic generator, so shrinking stays
    /// simple; in [-2, 2) with all mantissa bits in play.
    fn values(seed: u64, count: usize) -> Vec<f32> {
        let mut state = seed | 1;
        (0..count)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                ((state >> 40) as f32 / (1u64 << 24) as f32) * 4.0 - 2.0
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// The kernels (AVX-512 tiles of twelve rows, AVX2 tiles for the
        /// rest, or the portable loop) give bit-identical results to the
        /// literal definition, for row counts on both sides of a tile and
        /// column counts that leave a partial panel.
        #[test]
        fn packed_products_equal_the_reference_bit_for_bit(
            rows in 0usize..42,
            inner in 0usize..80,
            outputs in 1usize..80,
            with_bias in any::<bool>(),
            seed in any::<u64>(),
        ) {
            let weights = values(seed, inner * outputs);
            let input = values(seed ^ 0x5555, rows * inner);
            let bias = values(seed ^ 0xaaaa, outputs);
            let bias = with_bias.then_some(bias.as_slice());
            let packed = PackedWeights::new(&weights, inner, outputs, bias);

            let mut expected = vec![f32::NAN; rows * outputs];
            PackedWeights::multiply_reference(
                &weights, inner, outputs, bias, &input, rows, &mut expected,
            );
            let mut fast = vec![f32::NAN; rows * outputs];
            packed.multiply(&input, rows, &mut fast);
            let mut portable = vec![f32::NAN; rows * outputs];
            packed.multiply_portable(&input, rows, &mut portable);

            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(&fast), bits(&expected));
            prop_assert_eq!(bits(&portable), bits(&expected));
        }

        /// A row's result does not depend on the rows around it or on how
        /// many rows the call has: each row alone equals the same row in a
        /// batch (the property batching documents relies on).
        #[test]
        fn a_row_alone_equals_the_row_in_a_batch(
            rows in 1usize..30,
            inner in 1usize..50,
            outputs in 1usize..70,
            seed in any::<u64>(),
        ) {
            let weights = values(seed, inner * outputs);
            let input = values(seed ^ 0x1234, rows * inner);
            let packed = PackedWeights::new(&weights, inner, outputs, None);
            let mut batch = vec![0.0f32; rows * outputs];
            packed.multiply(&input, rows, &mut batch);
            for r in 0..rows {
                let mut alone = vec![0.0f32; outputs];
                packed.multiply(&input[r * inner..(r + 1) * inner], 1, &mut alone);
                let row = &batch[r * outputs..(r + 1) * outputs];
                prop_assert!(row.iter().zip(&alone).all(|(a, b)| a.to_bits() == b.to_bits()));
            }
        }
    }

    /// Regression: packing weights with no inputs (`inner` 0) panicked,
    /// as the panels were cut into chunks of `inner × PANEL` = 0 values.
    /// With no inputs, every output is its start value.
    #[test]
    fn zero_inner_dimension_gives_the_start_values() {
        let bias = [0.5f32, -1.0, 2.0];
        for bias in [None, Some(&bias[..])] {
            let packed = PackedWeights::new(&[], 0, 3, bias);
            let mut out = vec![f32::NAN; 2 * 3];
            packed.multiply(&[], 2, &mut out);
            let expected: Vec<f32> = (0..2)
                .flat_map(|_| (0..3).map(|j| bias.map_or(0.0, |b| b[j])))
                .collect();
            assert_eq!(out, expected);
        }
    }

    /// Slices shorter than the shape are a bug in the caller; the multiply
    /// then covers only the rows both slices hold instead of reading or
    /// writing out of bounds (checked in release builds, where the debug
    /// assertion is off).
    #[test]
    #[cfg(not(debug_assertions))]
    fn short_slices_limit_the_rows_instead_of_overrunning() {
        let weights = values(7, 3 * 40);
        let packed = PackedWeights::new(&weights, 3, 40, None);
        let input = values(8, 14 * 3);
        let mut out = vec![f32::NAN; 13 * 40 + 5];
        packed.multiply(&input, 20, &mut out);
        assert!(out[..13 * 40].iter().all(|x| !x.is_nan()));
        assert!(out[13 * 40..].iter().all(|x| x.is_nan()));
    }
}
