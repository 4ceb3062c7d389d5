//! The streaming JSON Lines reader checked against a simple reference on
//! generated inputs: splitting the whole input on line breaks and parsing
//! each line with `serde_json` must give the same documents, whatever the
//! read buffer size (so lines split across buffer refills are handled).

use dyad_intake::{JsonlDocuments, ReadItem, ReadOptions};
use proptest::prelude::*;
use std::io::BufReader;

/// The reference: ids and texts of the lines that are objects with a
/// string `text`, by plain splitting.
fn reference(input: &str) -> Vec<(String, String)> {
    let mut documents = Vec::new();
    let mut item = 0;
    for line in input.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        item += 1;
        let Ok(serde_json::Value::Object(object)) = serde_json::from_str::<serde_json::Value>(line)
        else {
            continue;
        };
        let Some(serde_json::Value::String(text)) = object.get("text") else {
            continue;
        };
        // `id` wins over `doc`; an empty id falls back to the path and index.
        let given = match (object.get("id"), object.get("doc")) {
            (Some(serde_json::Value::String(id)), _) => Some(id.clone()),
            (None, Some(serde_json::Value::String(doc))) => Some(doc.clone()),
            _ => None,
        };
        let id = given
            .filter(|id| !id.trim().is_empty())
            .unwrap_or_else(|| format!("in.jsonl#{item}"));
        documents.push((id, text.clone()));
    }
    documents
}

fn streamed(input: &str, capacity: usize) -> Vec<(String, String)> {
    let reader = BufReader::with_capacity(capacity, input.as_bytes());
    JsonlDocuments::new(reader, "in.jsonl", &ReadOptions::default())
        .filter_map(|item| match item.expect("reading from memory") {
            ReadItem::Document(document) => Some((document.id, document.text)),
            ReadItem::Diagnostic(_) => None,
        })
        .collect()
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        ("[a-z0-9]{0,6}", "[ -~é—Київ]{0,40}")
            .prop_map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string()),
        "[ -~]{0,30}",
        Just(String::new()),
        Just("   ".to_owned()),
        Just("{\"text\": 5}".to_owned()),
        Just("{\"id\":\"x\"}".to_owned()),
        ("[ -~]{0,40}").prop_map(|text| serde_json::json!({"doc": "d", "text": text}).to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn streaming_matches_the_reference(lines in prop::collection::vec(line(), 0..20), crlf in any::<bool>(), capacity in 1usize..32) {
        let separator = if crlf { "\r\n" } else { "\n" };
        let input = lines.join(separator);
        let expected = reference(&input);
        prop_assert_eq!(streamed(&input, capacity), expected.clone());
        prop_assert_eq!(streamed(&input, 64 * 1024), expected);
    }
}
