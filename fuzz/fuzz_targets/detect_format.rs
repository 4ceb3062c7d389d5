#![no_main]
//! Detects the format of arbitrary bytes, reads them as detected, and
//! checks that reading with the detected format named explicitly gives the
//! same result as letting the reader detect it.

mod check;

use dyad_intake::{detect_format, read_bytes, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let format = detect_format(data);
    let detected = read_bytes(data, "fuzz-input", &ReadOptions::default());
    let named = read_bytes(
        data,
        "fuzz-input",
        &ReadOptions {
            format: Some(format),
            ..ReadOptions::default()
        },
    );
    assert_eq!(detected, named, "detection and explicit format disagree");
    check::check_outcome(data, &detected);
});
