// Invariants every reader must keep on any input, shared by the targets.
// A violated invariant panics, which libFuzzer reports as a crash.

use dyad_intake::ReadOutcome;
use dyad_types::InputFormat;

/// Checks the outcome of reading `input`: spans are in bounds and on
/// character boundaries, exclusions are sorted and disjoint, and every HTML
/// origin segment of equal length copies the input byte for byte.
pub fn check_outcome(input: &[u8], outcome: &ReadOutcome) {
    for document in &outcome.documents {
        let mut previous_end = 0;
        for span in &document.excluded {
            assert!(
                span.start >= previous_end,
                "exclusions overlap or are unsorted"
            );
            assert!(
                document.slice(*span).is_some(),
                "exclusion out of bounds or off a character boundary"
            );
            previous_end = span.end;
        }
        // Origin input offsets refer to the decoded input, which is the
        // input itself only when it is valid UTF-8.
        let input_is_utf8 = std::str::from_utf8(input).is_ok();
        for segment in &document.origin {
            let text = document
                .slice(segment.text)
                .expect("origin text range in bounds");
            if input_is_utf8 {
                let input_bytes = input
                    .get(segment.input.start..segment.input.end)
                    .expect("origin input range in bounds");
                if document.format == InputFormat::Html && segment.text.len() == segment.input.len()
                {
                    assert_eq!(
                        text.as_bytes(),
                        input_bytes,
                        "verbatim origin segment differs from the input"
                    );
                }
            }
        }
    }
    for diagnostic in &outcome.diagnostics {
        assert!(diagnostic.path.is_some(), "diagnostic without a file name");
    }
}
