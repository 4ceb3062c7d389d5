#![no_main]
//! Reads arbitrary bytes as RSS and as Atom and checks the invariants.

mod check;

use dyad_intake::{read_bytes, ReadOptions};
use dyad_types::InputFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for format in [InputFormat::Rss, InputFormat::Atom] {
        let options = ReadOptions {
            format: Some(format),
            ..ReadOptions::default()
        };
        let outcome = read_bytes(data, "fuzz-input", &options);
        check::check_outcome(data, &outcome);
    }
});
