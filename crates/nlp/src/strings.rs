//! spaCy string ids: MurmurHash64A with seed 1, except for the empty string
//! (id 0) and spaCy's built-in symbols (their small ids).

use crate::symbols::SYMBOL_NAMES;
use std::collections::HashMap;
use std::sync::OnceLock;

/// MurmurHash64A (Austin Appleby's 64-bit MurmurHash2, variant A) of `bytes`.
pub fn murmurhash64a(bytes: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4a7935bd1e995;
    const R: u32 = 47;
    let mut hash = seed ^ (bytes.len() as u64).wrapping_mul(M);
    let mut blocks = bytes.chunks_exact(8);
    for block in &mut blocks {
        let mut word = [0u8; 8];
        word.copy_from_slice(block);
        let mut k = u64::from_le_bytes(word);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        hash ^= k;
        hash = hash.wrapping_mul(M);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        for (position, &byte) in tail.iter().enumerate().rev() {
            hash ^= u64::from(byte) << (8 * position);
        }
        hash = hash.wrapping_mul(M);
    }
    hash ^= hash >> R;
    hash = hash.wrapping_mul(M);
    hash ^= hash >> R;
    hash
}

fn symbol_ids() -> &'static HashMap<&'static str, u64> {
    static TABLE: OnceLock<HashMap<&'static str, u64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        SYMBOL_NAMES
            .iter()
            .enumerate()
            .map(|(id, name)| (*name, id as u64))
            .collect()
    })
}

/// The id of a built-in symbol, if `s` is one.
pub fn symbol_id(s: &str) -> Option<u64> {
    symbol_ids().get(s).copied()
}

/// The name of built-in symbol `id`, if there is one.
pub fn symbol_name(id: u64) -> Option<&'static str> {
    usize::try_from(id)
        .ok()
        .and_then(|index| SYMBOL_NAMES.get(index).copied())
}

/// The spaCy string id of `s`: 0 for `""`, the symbol id for a built-in
/// symbol, otherwise MurmurHash64A of the UTF-8 bytes with seed 1.
pub fn string_id(s: &str) -> u64 {
    if s.is_empty() {
        return 0;
    }
    match symbol_id(s) {
        Some(id) => id,
        None => murmurhash64a(s.as_bytes(), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_take_precedence_over_hashes() {
        assert_eq!(string_id("X"), 101);
        assert_eq!(string_id("_"), 456);
        assert_eq!(string_id("punct"), 445);
        assert_eq!(string_id("number"), 432);
        assert_eq!(string_id(""), 0);
        assert_eq!(symbol_name(445), Some("punct"));
        assert_eq!(SYMBOL_NAMES.len(), 457);
    }

    #[test]
    fn hash_of_single_letter() {
        // Value from spaCy's StringStore (shared test vectors), also checked
        // in the integration test that reads all of them.
        assert_eq!(string_id("a"), 11901859001352538922);
    }
}
