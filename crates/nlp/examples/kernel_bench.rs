//! Speed of the packed multiply kernel against the general matrix multiply
//! (`ndarray`/`matrixmultiply`, which packs the weights on every call), on
//! the shapes the networks use. Prints GFLOP/s of CPU time for each.
//!
//! ```text
//! cargo run --release -p dyad-nlp --example kernel_bench
//! ```
#![allow(clippy::unwrap_used)]

use dyad_nlp::neural::linalg::matmul;
use dyad_nlp::neural::packed::PackedWeights;

/// CPU time of this thread in seconds (Linux only); the machine is shared,
/// so CPU time is the fairer measure.
fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|stat| stat.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |nanoseconds| nanoseconds / 1e9)
}

fn main() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        ((state >> 40) as f32 / (1u64 << 24) as f32) - 0.5
    };
    // (name, rows per call, inner, outputs)
    let shapes = [
        ("encoder block, 1024 rows", 1024, 288, 288),
        ("encoder block, 40 rows", 40, 288, 288),
        ("tagger, 40 rows", 40, 96, 50),
        ("projection, 40 rows", 40, 96, 64),
        ("parser lower, 40 rows", 40, 64, 1024),
        ("NER lower, 40 rows", 40, 64, 384),
    ];
    println!(
        "{:<28} {:>14} {:>14} {:>8}",
        "shape", "packed GFLOP/s", "general GFLOP/s", "ratio"
    );
    for (name, rows, inner, outputs) in shapes {
        let weights: Vec<f32> = (0..inner * outputs).map(|_| next()).collect();
        let input: Vec<f32> = (0..rows * inner).map(|_| next()).collect();
        let mut out = vec![0.0f32; rows * outputs];
        let packed = PackedWeights::new(&weights, inner, outputs, None);
        // About 1 GFLOP per round.
        let calls = (1e9 / (2.0 * (rows * inner * outputs) as f64)).ceil() as usize;
        let flops = 2.0 * (rows * inner * outputs * calls) as f64;

        // The best of five alternating rounds: other processes on the
        // machine only ever slow a round down.
        let mut packed_rate = 0.0f64;
        let mut general_rate = 0.0f64;
        for _ in 0..5 {
            let start = thread_cpu_seconds();
            for _ in 0..calls {
                packed.multiply(&input, rows, &mut out);
            }
            packed_rate = packed_rate.max(flops / (thread_cpu_seconds() - start) / 1e9);

            let start = thread_cpu_seconds();
            for _ in 0..calls {
                matmul(&input, rows, inner, &weights, outputs, &mut out, false);
            }
            general_rate = general_rate.max(flops / (thread_cpu_seconds() - start) / 1e9);
        }
        println!(
            "{name:<28} {packed_rate:>14.1} {general_rate:>14.1} {:>8.2}",
            packed_rate / general_rate
        );
    }
}
