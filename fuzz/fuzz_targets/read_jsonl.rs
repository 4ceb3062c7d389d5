#![no_main]
//! Reads arbitrary bytes as Jsonl and checks the reader's invariants.

mod check;

use dyad_intake::{read_bytes, ReadOptions};
use dyad_types::InputFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ReadOptions {
        format: Some(InputFormat::Jsonl),
        ..ReadOptions::default()
    };
    let outcome = read_bytes(data, "fuzz-input", &options);
    check::check_outcome(data, &outcome);
});
