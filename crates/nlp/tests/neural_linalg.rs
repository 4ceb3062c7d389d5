//! The optimised dense operations agree with simple reference loops on
//! generated inputs.
#![allow(clippy::unwrap_used)]

use dyad_nlp::neural::linalg::{matmul, matmul_transposed, matmul_transposed_reference, transpose};
use proptest::prelude::*;

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= 1e-4 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn matrix_products_agree_with_the_triple_loop(
        rows in 0usize..40,
        inner in 1usize..70,
        outputs in 1usize..50,
        seed in any::<u64>(),
        accumulate in any::<bool>(),
    ) {
        // Values from a small deterministic generator keep shrinking simple.
        let mut state = seed | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ((state >> 40) as f32 / (1u64 << 24) as f32) * 4.0 - 2.0
        };
        let input: Vec<f32> = (0..rows * inner).map(|_| next()).collect();
        let weights: Vec<f32> = (0..outputs * inner).map(|_| next()).collect();
        let start: Vec<f32> = (0..rows * outputs).map(|_| next()).collect();

        let mut expected = start.clone();
        matmul_transposed_reference(&input, rows, inner, &weights, outputs, &mut expected, accumulate);

        let mut fast = start.clone();
        matmul_transposed(&input, rows, inner, &weights, outputs, &mut fast, accumulate);
        prop_assert!(fast.iter().zip(&expected).all(|(a, b)| close(*a, *b)));

        let transposed = transpose(&weights, outputs, inner);
        let mut via_transposed = start.clone();
        matmul(&input, rows, inner, &transposed, outputs, &mut via_transposed, accumulate);
        prop_assert!(via_transposed.iter().zip(&expected).all(|(a, b)| close(*a, *b)));
    }

    #[test]
    fn transpose_twice_is_the_identity(rows in 0usize..20, columns in 1usize..20) {
        let matrix: Vec<f32> = (0..rows * columns).map(|i| i as f32).collect();
        prop_assert_eq!(transpose(&transpose(&matrix, rows, columns), columns, rows), matrix);
    }
}
