//! Building the action lists from a component's `moves` file (notes §6.3).

use rmpv::Value;

use super::model_file::corrupt;
use crate::error::NlpError;

/// One action: its type number (as in the moves file) and label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// The action type key of the moves file (`0`, `1`, …).
    pub kind: u8,
    /// The label, possibly empty.
    pub label: String,
}

/// Reads `moves` (a msgpack map whose `moves` entry is a JSON string) and
/// returns the actions in score order: types by key, labels by frequency
/// descending with ties broken by label descending (pitfall 8).
/// `skip_kinds` lists action types that add no actions (the NER's MISSING).
pub fn read_actions(file: &str, bytes: &[u8], skip_kinds: &[u8]) -> Result<Vec<Action>, NlpError> {
    let mut reader = bytes;
    let value = rmpv::decode::read_value(&mut reader)
        .map_err(|e| corrupt(file, format!("not msgpack: {e}")))?;
    let Value::Map(entries) = value else {
        return Err(corrupt(file, "top level is not a map"));
    };
    let json_text = entries
        .iter()
        .find(|(k, _)| k.as_str() == Some("moves"))
        .and_then(|(_, v)| v.as_str())
        .ok_or_else(|| corrupt(file, "no `moves` string"))?;
    let moves: serde_json::Value = serde_json::from_str(json_text)
        .map_err(|e| corrupt(file, format!("`moves` is not JSON: {e}")))?;
    let serde_json::Value::Object(kinds) = moves else {
        return Err(corrupt(file, "`moves` is not a JSON object"));
    };
    let mut kind_keys: Vec<(u8, &serde_json::Value)> = Vec::new();
    for (key, labels) in &kinds {
        let kind: u8 = key
            .parse()
            .map_err(|_| corrupt(file, format!("action type `{key}` is not a number")))?;
        kind_keys.push((kind, labels));
    }
    // spaCy iterates the types in order of their string keys; for the
    // single-digit keys used here that is numeric order too.
    kind_keys.sort_by_key(|(kind, _)| kind.to_string());
    let mut actions = Vec::new();
    for (kind, labels) in kind_keys {
        if skip_kinds.contains(&kind) {
            continue;
        }
        let serde_json::Value::Object(labels) = labels else {
            return Err(corrupt(
                file,
                format!("action type {kind} has no label map"),
            ));
        };
        let mut counted: Vec<(i64, &str)> = Vec::new();
        for (label, frequency) in labels {
            let frequency = frequency.as_i64().ok_or_else(|| {
                corrupt(file, format!("frequency of `{label}` is not an integer"))
            })?;
            counted.push((frequency, label.as_str()));
        }
        // Sort ascending by (frequency, label) and reverse; labels with a
        // negative frequency would come after all others.
        counted.sort();
        counted.reverse();
        let (positive, negative): (Vec<_>, Vec<_>) =
            counted.into_iter().partition(|(f, _)| *f >= 0);
        for (_, label) in positive.into_iter().chain(negative) {
            actions.push(Action {
                kind,
                label: label.to_string(),
            });
        }
    }
    Ok(actions)
}
