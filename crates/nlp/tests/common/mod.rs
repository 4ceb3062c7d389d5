//! Helpers shared by the integration tests: where the shared test data and
//! the real model package are.

#![allow(dead_code)]

use std::path::PathBuf;

/// The shared read-only data directory: `DYAD_SHARED`, else
/// `<workspace root>/../shared`.
pub fn shared_dir() -> PathBuf {
    if let Some(path) = std::env::var_os("DYAD_SHARED").filter(|value| !value.is_empty()) {
        return PathBuf::from(path);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("..")
        .join("..")
        .join("shared")
}

/// Reads a JSON file of the shared NLP test vectors.
pub fn vectors(name: &str) -> serde_json::Value {
    let path = shared_dir().join("nlp-notes").join("vectors").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!("cannot read {} (set DYAD_SHARED): {error}", path.display())
    });
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Opens the real model package from `DYAD_MODEL` or the default location,
/// with a message saying how to get it when it is missing.
pub fn real_package() -> dyad_nlp::ModelPackage {
    dyad_nlp::ModelPackage::open_default(None).unwrap_or_else(|error| {
        panic!("these tests need the real en_core_web_sm 3.8.0 package (run scripts/setup.sh or set DYAD_MODEL): {error}")
    })
}

/// The full pipeline on the real package.
pub fn real_pipeline() -> dyad_nlp::Pipeline {
    dyad_nlp::Pipeline::from_package(&real_package(), dyad_nlp::Stages::All)
        .unwrap_or_else(|error| panic!("cannot load the real model package: {error}"))
}

/// The front end only (tokenizer, norms, ruler, lemmatizer) on the real package.
pub fn real_front_end() -> dyad_nlp::Pipeline {
    dyad_nlp::Pipeline::from_package(&real_package(), dyad_nlp::Stages::Tokenizer)
        .unwrap_or_else(|error| panic!("cannot load the real model package: {error}"))
}

/// Reads a JSONL file into values, one per non-empty line.
pub fn read_jsonl(path: &std::path::Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| {
        panic!("cannot read {} (set DYAD_SHARED): {error}", path.display())
    });
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .map(|(number, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("{}:{}: {error}", path.display(), number + 1))
        })
        .collect()
}

/// Byte offset → code-point offset in `text`.
pub fn code_point_offset(text: &str, byte_offset: usize) -> usize {
    text.get(..byte_offset)
        .map_or(0, |prefix| prefix.chars().count())
}

/// The fields of a reference token that are compared, besides the
/// tokenization (`text`, `idx`, `ws`).
pub const FIELDS: [&str; 8] = [
    "tag",
    "pos",
    "dep",
    "head",
    "lemma",
    "ent_iob",
    "ent_type",
    "is_sent_start",
];

/// Agreement counts between dyad and a spaCy reference file.
#[derive(Debug, Default)]
pub struct Agreement {
    /// Documents compared.
    pub documents: usize,
    /// Documents whose tokenization (text, idx, ws of every token) differs.
    pub tokenization_mismatches: Vec<String>,
    /// Tokens in documents with identical tokenization.
    pub tokens: usize,
    /// Per field of [`FIELDS`]: tokens that agree.
    pub agreeing: [usize; 8],
    /// A few examples of disagreements, for the failure message.
    pub examples: Vec<String>,
    /// Tokens where the ruler and lemmatizer, fed spaCy's tag and dep,
    /// give spaCy's POS and lemma.
    pub rule_agreeing: [usize; 2],
}

impl Agreement {
    /// The share of agreeing tokens for field `index` of [`FIELDS`].
    pub fn share(&self, index: usize) -> f64 {
        if self.tokens == 0 {
            return 0.0;
        }
        self.agreeing.get(index).copied().unwrap_or(0) as f64 / self.tokens as f64
    }

    /// Prints the per-field agreement.
    pub fn print(&self, name: &str) {
        println!(
            "{name}: {} documents, tokenization identical in {} ({} tokens)",
            self.documents,
            self.documents - self.tokenization_mismatches.len(),
            self.tokens
        );
        for (index, field) in FIELDS.iter().enumerate() {
            println!(
                "  {field:>14}: {:.4}% ({} / {})",
                100.0 * self.share(index),
                self.agreeing[index],
                self.tokens
            );
        }
        for (index, field) in ["pos (ruler given spaCy tags)", "lemma (given spaCy tags)"]
            .iter()
            .enumerate()
        {
            let share = if self.tokens == 0 {
                0.0
            } else {
                self.rule_agreeing[index] as f64 / self.tokens as f64
            };
            println!("  {field}: {:.4}%", 100.0 * share);
        }
        for example in self.examples.iter().take(20) {
            println!("  differs: {example}");
        }
    }
}

fn field_value(token: &dyad_types::Token, field: &str) -> serde_json::Value {
    use serde_json::Value;
    match field {
        "tag" => Value::from(token.tag.as_str()),
        "pos" => Value::from(token.pos.as_str()),
        "dep" => Value::from(token.dep.as_str()),
        "head" => Value::from(token.head),
        "lemma" => Value::from(token.lemma.as_str()),
        "ent_iob" => Value::from(token.ent_iob.as_str()),
        "ent_type" => Value::from(token.ent_type.as_str()),
        "is_sent_start" => Value::from(token.is_sent_start),
        _ => Value::Null,
    }
}

/// Runs `pipeline` over reference records (`{"doc", "text", "tokens"}`)
/// in parallel and counts agreement per field.
pub fn compare_with_reference(
    pipeline: &dyad_nlp::Pipeline,
    records: &[serde_json::Value],
) -> Agreement {
    use dyad_nlp::attribute_ruler::TokenAttributes;
    use rayon::prelude::*;
    let results: Vec<Agreement> = records
        .par_iter()
        .map(|record| {
            let mut agreement = Agreement {
                documents: 1,
                ..Agreement::default()
            };
            let doc_id = record["doc"].as_str().unwrap_or("?");
            let text = record["text"].as_str().unwrap_or("");
            let expected = record["tokens"].as_array().cloned().unwrap_or_default();
            let tokens = pipeline.annotate_text(text);
            let same_tokens = tokens.len() == expected.len()
                && tokens.iter().zip(&expected).all(|(token, reference)| {
                    reference["text"].as_str() == Some(token.text.as_str())
                        && reference["idx"].as_u64()
                            == Some(code_point_offset(text, token.span.start) as u64)
                        && reference["ws"].as_str()
                            == Some(if token.space_after { " " } else { "" })
                });
            if !same_tokens {
                agreement.tokenization_mismatches.push(doc_id.to_owned());
                return agreement;
            }
            agreement.tokens = tokens.len();
            for (index, field) in FIELDS.iter().enumerate() {
                for (position, (token, reference)) in tokens.iter().zip(&expected).enumerate() {
                    let ours = field_value(token, field);
                    if ours == reference[*field] {
                        agreement.agreeing[index] += 1;
                    } else if agreement.examples.len() < 3 {
                        agreement.examples.push(format!(
                            "{doc_id} token {position} {:?} {field}: ours {ours}, spaCy {}",
                            token.text, reference[*field]
                        ));
                    }
                }
            }
            // The ruler and lemmatizer alone, fed spaCy's own tags and
            // dependency labels (the tag before the ruler equals the final
            // tag except on whitespace, which the ruler forces to `_SP`).
            let texts: Vec<&str> = tokens.iter().map(|token| token.text.as_str()).collect();
            let mut attributes: Vec<TokenAttributes> = expected
                .iter()
                .map(|reference| TokenAttributes {
                    tag: reference["tag"].as_str().unwrap_or("").to_owned(),
                    dep: reference["dep"].as_str().unwrap_or("").to_owned(),
                    ..TokenAttributes::default()
                })
                .collect();
            pipeline.apply_ruler_and_lemmatizer(&texts, &mut attributes);
            for (attributes, reference) in attributes.iter().zip(&expected) {
                if reference["pos"].as_str() == Some(attributes.pos.as_str()) {
                    agreement.rule_agreeing[0] += 1;
                }
                if reference["lemma"].as_str() == Some(attributes.lemma.as_str()) {
                    agreement.rule_agreeing[1] += 1;
                }
            }
            agreement
        })
        .collect();
    let mut total = Agreement::default();
    for result in results {
        total.documents += result.documents;
        total
            .tokenization_mismatches
            .extend(result.tokenization_mismatches);
        total.tokens += result.tokens;
        for index in 0..FIELDS.len() {
            total.agreeing[index] += result.agreeing[index];
        }
        for index in 0..2 {
            total.rule_agreeing[index] += result.rule_agreeing[index];
        }
        if total.examples.len() < 40 {
            total.examples.extend(result.examples);
        }
    }
    total
}

/// Asserts the project's parity targets: identical tokenization in every
/// document and at least 99.9% agreement on every other field.
pub fn assert_parity(name: &str, agreement: &Agreement) {
    agreement.print(name);
    assert!(agreement.documents > 0, "{name}: no documents");
    assert!(
        agreement.tokenization_mismatches.is_empty(),
        "{name}: tokenization differs in {} documents, e.g. {:?}",
        agreement.tokenization_mismatches.len(),
        agreement
            .tokenization_mismatches
            .iter()
            .take(10)
            .collect::<Vec<_>>()
    );
    for (index, field) in FIELDS.iter().enumerate() {
        assert!(
            agreement.share(index) >= 0.999,
            "{name}: {field} agrees on only {:.4}%",
            100.0 * agreement.share(index)
        );
    }
    for (index, field) in ["pos", "lemma"].iter().enumerate() {
        assert_eq!(
            agreement.rule_agreeing[index], agreement.tokens,
            "{name}: ruler/lemmatizer given spaCy's tags disagree on {field}"
        );
    }
}
