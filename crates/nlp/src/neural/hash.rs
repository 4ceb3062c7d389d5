//! The hash-embedding hash: MurmurHash3 x64_128 of an 8-byte key (notes
//! §2.6, pitfall 3). thinc calls it `MurmurHash3_x86_128_uint64`, but it is
//! the x64 variant specialised to one 8-byte block-less input.

/// The final avalanche step of MurmurHash3's 64-bit variants.
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// MurmurHash3 x64_128 of the 8 little-endian bytes of `key` with `seed`,
/// returned as the four 32-bit words thinc uses to pick embedding rows.
pub fn hash_embed_words(key: u64, seed: u32) -> [u32; 4] {
    const C1: u64 = 0x87c3_7b91_1142_53d5;
    const C2: u64 = 0x4cf5_ad43_2745_937f;
    // An 8-byte input has no full 16-byte block; it is all "tail" k1.
    let mut k1 = key.wrapping_mul(C1);
    k1 = k1.rotate_left(31);
    k1 = k1.wrapping_mul(C2);
    let mut h1 = u64::from(seed) ^ k1 ^ 8;
    let mut h2 = u64::from(seed) ^ 8;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    [h1 as u32, (h1 >> 32) as u32, h2 as u32, (h2 >> 32) as u32]
}

/// The four embedding rows a key selects in a table of `rows` rows.
/// `rows` must be non-zero; the loader guarantees that.
pub fn hash_embed_rows(key: u64, seed: u32, rows: u32) -> [usize; 4] {
    let words = hash_embed_words(key, seed);
    let rows = rows.max(1);
    words.map(|w| (w % rows) as usize)
}
