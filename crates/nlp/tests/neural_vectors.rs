//! The neural components checked against the test vectors spaCy itself
//! produced (`shared/nlp-notes/vectors`), step by step: weights layout,
//! hash-embedding hash, tok2vec, tagger, parser and NER.
#![allow(clippy::unwrap_used)]

mod neural_support;

use dyad_nlp::neural::hash::hash_embed_words;
use dyad_nlp::neural::model_file::ModelFile;
use dyad_nlp::neural::NeuralTrace;
use dyad_nlp::EntityIob;
use neural_support::{f32_of, lexicon, package, pipeline, sentence_features, vectors};

/// Float32 agreement good enough for different summation orders.
fn assert_close(actual: f32, expected: f32, tolerance: f32, what: &str) {
    let scale = expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tolerance * scale,
        "{what}: got {actual}, expected {expected}"
    );
}

#[test]
fn loader_finds_every_node_and_param_of_layout_json() {
    let layout = vectors("layout.json");
    for component in ["tok2vec", "tagger", "parser", "ner"] {
        let file = format!("{component}/model");
        let model = ModelFile::parse(&file, &package().read(&file).unwrap()).unwrap();
        let expected = layout[component].as_array().unwrap();
        assert_eq!(model.nodes.len(), expected.len(), "{component}: node count");
        for (node, expected) in model.nodes.iter().zip(expected) {
            assert_eq!(node.index as u64, expected["index"].as_u64().unwrap());
            assert_eq!(
                node.name,
                expected["name"].as_str().unwrap(),
                "{component} node {}",
                node.index
            );
            let expected_params = expected["params"].as_object().unwrap();
            assert_eq!(
                node.params.len(),
                expected_params.len(),
                "{component} node {} params",
                node.index
            );
            for (name, spec) in expected_params {
                let shape: Vec<usize> = spec["shape"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d.as_u64().unwrap() as usize)
                    .collect();
                let param = &node.params[name];
                assert_eq!(
                    param.shape, shape,
                    "{component} node {} param {name}",
                    node.index
                );
                assert_eq!(param.data.len(), shape.iter().product::<usize>());
            }
            // Integer attrs (seeds, columns, pad) decode to the same values.
            for (name, value) in expected["attrs"].as_object().unwrap() {
                if let Some(expected_int) = value.as_u64() {
                    if value.is_boolean() {
                        continue;
                    }
                    assert_eq!(
                        node.attrs.get(name).and_then(|v| v.as_u64()),
                        Some(expected_int),
                        "{component} node {} attr {name}",
                        node.index
                    );
                }
            }
        }
    }
}

#[test]
fn truncated_or_foreign_model_files_are_errors_not_panics() {
    let bytes = package().read("parser/model").unwrap();
    for cut in [0, 1, 10, 1000, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            ModelFile::parse("parser/model", &bytes[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    assert!(ModelFile::parse("parser/model", b"{\"json\": true}").is_err());
    // A whole pipeline whose parser file is the tagger's must be rejected.
    let files = package();
    let swapped = dyad_nlp::neural::NeuralPipeline::load(&|name: &str| {
        if name == "parser/model" {
            files.read("tagger/model")
        } else {
            files.read(name)
        }
    });
    assert!(swapped.is_err());
}

#[test]
fn hash_embedding_rows_match_thinc() {
    let hashes = vectors("hashes.json");
    let mut checked = 0;
    for token in hashes["tokens"].as_array().unwrap() {
        for table_set in ["tok2vec", "ner"] {
            for table in token["hashembed"][table_set].as_array().unwrap() {
                let key = table["input_id"].as_u64().unwrap();
                let seed = table["seed"].as_u64().unwrap() as u32;
                let rows = table["rows_in_table"].as_u64().unwrap() as u32;
                let words = hash_embed_words(key, seed);
                let expected: Vec<u32> = table["hash_words_u32"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|w| w.as_u64().unwrap() as u32)
                    .collect();
                assert_eq!(words.to_vec(), expected, "key {key} seed {seed}");
                let expected_rows: Vec<usize> = table["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_u64().unwrap() as usize)
                    .collect();
                assert_eq!(
                    dyad_nlp::neural::hash::hash_embed_rows(key, seed, rows).to_vec(),
                    expected_rows
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 100, "only {checked} tables checked");
}

#[test]
fn test_lexicon_reproduces_the_feature_ids_of_hashes_json() {
    // The other tests rely on the test-only feature code; check it first.
    let hashes = vectors("hashes.json");
    let tokens: Vec<(String, bool)> = hashes["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["text"].as_str().unwrap().to_string(),
                t["ws"].as_str().unwrap() == " ",
            )
        })
        .collect();
    let all_features = lexicon().features_of(&tokens);
    for (token, features) in hashes["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .zip(all_features)
    {
        let text = token["text"].as_str().unwrap();
        let ids = &token["ids"];
        assert_eq!(
            features.norm,
            ids["NORM"].as_u64().unwrap(),
            "NORM of {text}"
        );
        assert_eq!(
            features.prefix,
            ids["PREFIX"].as_u64().unwrap(),
            "PREFIX of {text}"
        );
        assert_eq!(
            features.suffix,
            ids["SUFFIX"].as_u64().unwrap(),
            "SUFFIX of {text}"
        );
        assert_eq!(
            features.shape,
            ids["SHAPE"].as_u64().unwrap(),
            "SHAPE of {text}"
        );
        assert_eq!(u64::from(features.spacy), ids["SPACY"].as_u64().unwrap());
        assert_eq!(
            u64::from(features.is_space),
            ids["IS_SPACE"].as_u64().unwrap()
        );
    }
}

#[test]
fn tok2vec_outputs_match_spacy() {
    let data = vectors("tok2vec.json");
    for sentence in data["sentences"].as_array().unwrap() {
        let features = sentence_features(sentence);
        let shared = pipeline().run_tok2vec(&features);
        let ner = pipeline().run_ner_tok2vec(&features);
        for (t, token) in sentence["tokens"].as_array().unwrap().iter().enumerate() {
            for (name, output, key, l2_key) in [
                ("shared", &shared, "tok2vec_first8", "tok2vec_l2"),
                ("ner", &ner, "ner_tok2vec_first8", "ner_tok2vec_l2"),
            ] {
                let row = &output[t * 96..(t + 1) * 96];
                for (k, expected) in token[key].as_array().unwrap().iter().enumerate() {
                    assert_close(
                        row[k],
                        f32_of(expected),
                        1e-4,
                        &format!("{name} token {t} value {k}"),
                    );
                }
                let l2 = row
                    .iter()
                    .map(|x| f64::from(*x) * f64::from(*x))
                    .sum::<f64>()
                    .sqrt();
                let expected_l2 = token[l2_key].as_f64().unwrap();
                assert!(
                    (l2 - expected_l2).abs() < 1e-3 * expected_l2,
                    "{name} token {t} l2 {l2} vs {expected_l2}"
                );
            }
        }
    }
}

#[test]
fn tok2vec_fast_path_agrees_with_the_literal_reference() {
    let data = vectors("tok2vec.json");
    let sentence = &data["sentences"][1];
    let features = sentence_features(sentence);
    for (fast, reference) in [
        (
            pipeline().run_tok2vec(&features),
            pipeline().run_tok2vec_reference(&features),
        ),
        (
            pipeline().run_ner_tok2vec(&features),
            pipeline().run_ner_tok2vec_reference(&features),
        ),
    ] {
        assert_eq!(fast.len(), reference.len());
        for (i, (a, b)) in fast.iter().zip(&reference).enumerate() {
            assert_close(*a, *b, 1e-4, &format!("value {i}"));
        }
    }
}

#[test]
fn tagger_matches_spacy_tags_and_raw_scores() {
    let data = vectors("tagger.json");
    let labels: Vec<&str> = data["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(pipeline().tag_labels(), labels.as_slice());
    for sentence in data["sentences"].as_array().unwrap() {
        let features = sentence_features(sentence);
        let mut trace = NeuralTrace::default();
        let output = pipeline().run_traced(&features, Some(&mut trace));
        assert_eq!(output.tags, pipeline().run_tagger_only(&features));
        for (t, token) in sentence["tokens"].as_array().unwrap().iter().enumerate() {
            assert_eq!(
                output.tags[t],
                token["tag"].as_str().unwrap(),
                "token {t} {}",
                token["text"]
            );
            let id = token["tag_id"].as_u64().unwrap() as usize;
            assert_close(
                trace.tag_scores[t * 50 + id],
                f32_of(&token["score"]),
                1e-4,
                &format!("top score of token {t} {}", token["text"]),
            );
        }
    }
}

#[test]
fn parser_matches_spacy_step_by_step() {
    let data = vectors("parser.json");
    let actions: Vec<String> = data["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    assert_eq!(pipeline().parser_action_names(), actions);
    for (s, sentence) in data["sentences"].as_array().unwrap().iter().enumerate() {
        let features = sentence_features(sentence);
        let mut trace = NeuralTrace::default();
        let output = pipeline().run_traced(&features, Some(&mut trace));
        let steps = sentence["steps"].as_array().unwrap();
        for (k, (step, expected)) in trace.parse_steps.iter().zip(steps).enumerate() {
            let expected_features: Vec<i64> = expected["features"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_i64().unwrap())
                .collect();
            assert_eq!(
                step.features, expected_features,
                "sentence {s} step {k} features"
            );
            assert_eq!(
                step.valid as u64,
                expected["n_valid"].as_u64().unwrap(),
                "sentence {s} step {k} valid"
            );
            assert_eq!(
                actions[step.action],
                expected["action"].as_str().unwrap(),
                "sentence {s} step {k}"
            );
            assert_close(
                step.score,
                f32_of(&expected["score"]),
                1e-4,
                &format!("sentence {s} step {k} score"),
            );
        }
        assert_eq!(
            trace.parse_steps.len(),
            steps.len(),
            "sentence {s} step count"
        );
        for (t, token) in sentence["tokens"].as_array().unwrap().iter().enumerate() {
            let raw_head = token["raw_head"].as_u64().unwrap() as usize;
            assert_eq!(
                trace.raw_heads[t].unwrap_or(t),
                raw_head,
                "sentence {s} token {t} raw head"
            );
            if trace.raw_heads[t].is_some() {
                assert_eq!(
                    trace.raw_labels[t],
                    token["raw_dep"].as_str().unwrap(),
                    "sentence {s} token {t} raw dep"
                );
            }
            assert_eq!(
                output.heads[t],
                token["head"].as_u64().unwrap() as usize,
                "sentence {s} token {t} head"
            );
            assert_eq!(
                output.deps[t],
                token["dep_after_parser"].as_str().unwrap(),
                "sentence {s} token {t} dep"
            );
            assert_eq!(
                output.sent_starts[t],
                token["is_sent_start"].as_bool().unwrap(),
                "sentence {s} token {t} start"
            );
        }
    }
}

#[test]
fn parser_step_zero_hidden_layer_and_scores_match() {
    let data = vectors("parser.json");
    let sentence = &data["sentences"][0];
    let step = &sentence["steps"][0];
    let features = sentence_features(sentence);
    let mut trace = NeuralTrace::default();
    pipeline().run_traced(&features, Some(&mut trace));
    let step_zero = &trace.parse_steps[0];
    let expected_hidden = step["hidden_after_maxout"].as_array().unwrap();
    assert_eq!(step_zero.hidden.len(), expected_hidden.len());
    for (i, (a, b)) in step_zero.hidden.iter().zip(expected_hidden).enumerate() {
        assert_close(*a, f32_of(b), 1e-4, &format!("hidden {i}"));
    }
    let expected_scores = step["all_scores"].as_array().unwrap();
    assert_eq!(step_zero.scores.len(), expected_scores.len());
    for (i, (a, b)) in step_zero.scores.iter().zip(expected_scores).enumerate() {
        assert_close(*a, f32_of(b), 1e-4, &format!("score {i}"));
    }
}

#[test]
fn ner_matches_spacy_step_by_step() {
    let data = vectors("ner.json");
    let actions: Vec<String> = data["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    assert_eq!(pipeline().ner_action_names(), actions);
    for (s, sentence) in data["sentences"].as_array().unwrap().iter().enumerate() {
        let features = sentence_features(sentence);
        let mut trace = NeuralTrace::default();
        let output = pipeline().run_traced(&features, Some(&mut trace));
        let steps = sentence["steps"].as_array().unwrap();
        for (k, (step, expected)) in trace.ner_steps.iter().zip(steps).enumerate() {
            let expected_features: Vec<i64> = expected["features"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_i64().unwrap())
                .collect();
            assert_eq!(
                step.features, expected_features,
                "sentence {s} step {k} features"
            );
            assert_eq!(
                step.valid as u64,
                expected["n_valid"].as_u64().unwrap(),
                "sentence {s} step {k} valid"
            );
            assert_eq!(
                actions[step.action],
                expected["action"].as_str().unwrap(),
                "sentence {s} step {k}"
            );
            assert_close(
                step.score,
                f32_of(&expected["score"]),
                1e-4,
                &format!("sentence {s} step {k} score"),
            );
        }
        assert_eq!(trace.ner_steps.len(), steps.len());
        for (t, token) in sentence["tokens"].as_array().unwrap().iter().enumerate() {
            let iob = match token["ent_iob"].as_str().unwrap() {
                "B" => EntityIob::Begin,
                "I" => EntityIob::Inside,
                _ => EntityIob::Outside,
            };
            assert_eq!(output.ent_iob[t], iob, "sentence {s} token {t}");
            assert_eq!(
                output.ent_types[t],
                token["ent_type"].as_str().unwrap(),
                "sentence {s} token {t}"
            );
            assert_eq!(
                output.sent_starts[t],
                token["is_sent_start"].as_bool().unwrap(),
                "sentence {s} token {t}"
            );
        }
        let entities = sentence["entities"].as_array().unwrap();
        assert_eq!(trace.entities.len(), entities.len());
        for (found, expected) in trace.entities.iter().zip(entities) {
            assert_eq!(found.start as u64, expected["start"].as_u64().unwrap());
            assert_eq!(found.end as u64, expected["end"].as_u64().unwrap());
            assert_eq!(found.label, expected["label"].as_str().unwrap());
        }
    }
}
