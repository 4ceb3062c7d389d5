//! Neural-only parity: run the UD reference's own tokens (text and
//! whitespace from `shared/spacy-reference/ud-en.jsonl`) through the
//! neural components and compare every neural field with spaCy's output.
//!
//! Lexical features come from the test-only lexicon in `neural_support`,
//! so this checks the networks and decoders, not the front end.
#![allow(clippy::unwrap_used)]

mod neural_support;

use dyad_nlp::EntityIob;
use neural_support::{lexicon, pipeline, shared_dir};

/// Agreement counts of one field.
#[derive(Default)]
struct Agreement {
    same: usize,
    total: usize,
}

impl Agreement {
    fn add(&mut self, same: bool) {
        self.total += 1;
        self.same += usize::from(same);
    }

    fn ratio(&self) -> f64 {
        self.same as f64 / self.total.max(1) as f64
    }
}

#[test]
fn neural_fields_agree_with_spacy_on_the_ud_reference_tokens() {
    let path = shared_dir().join("spacy-reference/ud-en.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut tags = Agreement::default();
    let mut heads = Agreement::default();
    let mut deps = Agreement::default();
    let mut starts = Agreement::default();
    let mut iobs = Agreement::default();
    let mut types = Agreement::default();
    let mut documents = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let reference = doc["tokens"].as_array().unwrap();
        let tokens: Vec<(String, bool)> = reference
            .iter()
            .map(|t| {
                (
                    t["text"].as_str().unwrap().to_string(),
                    t["ws"].as_str().unwrap() == " ",
                )
            })
            .collect();
        let features = lexicon().features_of(&tokens);
        let output = pipeline().run(&features);
        documents += 1;
        for (t, expected) in reference.iter().enumerate() {
            let is_space = features[t].is_space;
            // The attribute ruler, which runs after the neural components,
            // forces TAG `_SP` and DEP `dep` on whitespace tokens.
            let tag = if is_space {
                "_SP"
            } else {
                output.tags[t].as_str()
            };
            tags.add(tag == expected["tag"].as_str().unwrap());
            heads.add(output.heads[t] as u64 == expected["head"].as_u64().unwrap());
            let dep = if is_space {
                "dep"
            } else {
                output.deps[t].as_str()
            };
            deps.add(dep == expected["dep"].as_str().unwrap());
            starts.add(output.sent_starts[t] == expected["is_sent_start"].as_bool().unwrap());
            let iob = match expected["ent_iob"].as_str().unwrap() {
                "B" => EntityIob::Begin,
                "I" => EntityIob::Inside,
                _ => EntityIob::Outside,
            };
            iobs.add(output.ent_iob[t] == iob);
            types.add(output.ent_types[t] == expected["ent_type"].as_str().unwrap());
        }
    }
    let report = [
        ("tag", &tags),
        ("head", &heads),
        ("dep", &deps),
        ("is_sent_start", &starts),
        ("ent_iob", &iobs),
        ("ent_type", &types),
    ];
    for (name, agreement) in &report {
        println!(
            "{name}: {}/{} = {:.5}",
            agreement.same,
            agreement.total,
            agreement.ratio()
        );
    }
    assert!(documents > 1000, "only {documents} documents read");
    for (name, agreement) in &report {
        assert!(
            agreement.ratio() >= 0.999,
            "{name} agreement {:.5} is below 99.9%",
            agreement.ratio()
        );
    }
}
