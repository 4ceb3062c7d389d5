//! spaCy's English rule lemmatizer (`mode = "rule"`), reading the package's
//! `lemmatizer/lookups/lookups.bin` tables.

use crate::msgpack;
use crate::python_str::{is_alpha_str, lower};
use crate::strings::string_id;
use rmpv::Value;
use std::collections::{HashMap, HashSet};

/// The lemma tables of one part of speech.
#[derive(Debug, Clone, Default)]
struct PosTables {
    /// Ordered (old suffix, new suffix) rewrite rules.
    rules: Vec<(String, String)>,
    /// Irregular forms: lower-case form → lemmas.
    exceptions: HashMap<String, Vec<String>>,
    /// Known lemmas.
    index: HashSet<String>,
}

impl PosTables {
    fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.exceptions.is_empty() && self.index.is_empty()
    }
}

/// The rule lemmatizer with its tables, keyed by the string id of the
/// lower-case UPOS name.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    tables: HashMap<u64, PosTables>,
}

fn table<'a>(root: &'a Value, name: &str) -> Result<&'a [(Value, Value)], String> {
    match msgpack::get(root, name) {
        Some(value) => value
            .as_map()
            .map(Vec::as_slice)
            .ok_or_else(|| format!("{name} is not a map")),
        None => Ok(&[]),
    }
}

fn pos_key(key: &Value, name: &str) -> Result<u64, String> {
    msgpack::as_u64(key).ok_or_else(|| format!("{name}: key is not a string id"))
}

fn strings(value: &Value, name: &str) -> Result<Vec<String>, String> {
    value
        .as_array()
        .ok_or_else(|| format!("{name}: expected a list"))?
        .iter()
        .map(|item| {
            item.as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("{name}: expected strings"))
        })
        .collect()
}

/// Parses `A=B|C=D` into feature → value.
fn morph_features(morph: &str) -> HashMap<&str, &str> {
    morph
        .split('|')
        .filter_map(|feature| feature.split_once('='))
        .collect()
}

/// spaCy's `EnglishLemmatizer.is_base_form`.
fn is_base_form(pos: &str, morph: &str) -> bool {
    let features = morph_features(morph);
    let feature = |name: &str| features.get(name).copied();
    (pos == "noun" && feature("Number") == Some("Sing"))
        || (pos == "verb" && feature("VerbForm") == Some("Inf"))
        || (pos == "verb"
            && feature("VerbForm") == Some("Fin")
            && feature("Tense") == Some("Pres")
            && feature("Number").is_none())
        || (pos == "adj" && feature("Degree") == Some("Pos"))
        || feature("VerbForm") == Some("Inf")
        || feature("VerbForm") == Some("None")
        || feature("Degree") == Some("Pos")
}

impl Lemmatizer {
    /// Reads `lemmatizer/lookups/lookups.bin`.
    pub fn from_msgpack(bytes: &[u8]) -> Result<Lemmatizer, String> {
        let root = msgpack::decode(bytes)?;
        let mut tables: HashMap<u64, PosTables> = HashMap::new();
        for (key, rules) in table(&root, "lemma_rules")? {
            let entry = tables.entry(pos_key(key, "lemma_rules")?).or_default();
            for rule in rules.as_array().ok_or("lemma_rules: expected a list")? {
                match strings(rule, "lemma_rules")?.as_slice() {
                    [old, new] => entry.rules.push((old.clone(), new.clone())),
                    _ => return Err("lemma_rules: a rule is not a pair".to_owned()),
                }
            }
        }
        for (key, exceptions) in table(&root, "lemma_exc")? {
            let entry = tables.entry(pos_key(key, "lemma_exc")?).or_default();
            for (form, lemmas) in exceptions.as_map().ok_or("lemma_exc: expected a map")? {
                let form = form.as_str().ok_or("lemma_exc: form is not a string")?;
                entry
                    .exceptions
                    .insert(form.to_owned(), strings(lemmas, "lemma_exc")?);
            }
        }
        for (key, index) in table(&root, "lemma_index")? {
            let entry = tables.entry(pos_key(key, "lemma_index")?).or_default();
            entry.index.extend(strings(index, "lemma_index")?);
        }
        Ok(Lemmatizer { tables })
    }

    /// The lemma of a token with the given text, universal POS and MORPH
    /// (as the attribute ruler left them).
    pub fn lemmatize(&self, text: &str, pos: &str, morph: &str) -> String {
        let pos = lower(pos);
        if pos.is_empty() || pos == "eol" || pos == "space" {
            return lower(text);
        }
        if is_base_form(&pos, morph) {
            return lower(text);
        }
        let tables = match self.tables.get(&string_id(&pos)) {
            Some(tables) if !tables.is_empty() => tables,
            _ => {
                return if pos == "propn" {
                    text.to_owned()
                } else {
                    lower(text)
                }
            }
        };
        let lowered = lower(text);
        let mut forms: Vec<String> = Vec::new();
        let mut out_of_vocabulary: Vec<String> = Vec::new();
        for (old, new) in &tables.rules {
            let Some(stem) = lowered.strip_suffix(old.as_str()) else {
                continue;
            };
            let form = format!("{stem}{new}");
            if form.is_empty() {
                continue;
            }
            if tables.index.contains(&form) {
                forms.insert(0, form);
            } else if !is_alpha_str(&form) {
                forms.push(form);
            } else {
                out_of_vocabulary.push(form);
            }
        }
        let mut seen = HashSet::new();
        forms.retain(|form| seen.insert(form.clone()));
        if let Some(exceptions) = tables.exceptions.get(&lowered) {
            for lemma in exceptions {
                if !forms.contains(lemma) {
                    forms.insert(0, lemma.clone());
                }
            }
        }
        if forms.is_empty() {
            forms = out_of_vocabulary;
        }
        forms.into_iter().next().unwrap_or_else(|| text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny_lemmatizer() -> Lemmatizer {
        let pair = |old: &str, new: &str| Value::Array(vec![Value::from(old), Value::from(new)]);
        let noun = Value::from(string_id("noun"));
        let verb = Value::from(string_id("verb"));
        let root = Value::Map(vec![
            (
                Value::from("lemma_rules"),
                Value::Map(vec![
                    (
                        noun.clone(),
                        Value::Array(vec![pair("s", ""), pair("ies", "y")]),
                    ),
                    (
                        verb.clone(),
                        Value::Array(vec![pair("ed", ""), pair("ed", "e")]),
                    ),
                ]),
            ),
            (
                Value::from("lemma_exc"),
                Value::Map(vec![(
                    verb.clone(),
                    Value::Map(vec![(
                        Value::from("went"),
                        Value::Array(vec![Value::from("go")]),
                    )]),
                )]),
            ),
            (
                Value::from("lemma_index"),
                Value::Map(vec![
                    (noun, Value::Array(vec![Value::from("city")])),
                    (verb, Value::Array(vec![Value::from("vote")])),
                ]),
            ),
        ]);
        let mut bytes = Vec::new();
        rmpv::encode::write_value(&mut bytes, &root).expect("writing to a Vec cannot fail");
        Lemmatizer::from_msgpack(&bytes).expect("valid tables")
    }

    #[test]
    fn rules_index_and_exceptions() {
        let lemmatizer = tiny_lemmatizer();
        assert_eq!(
            lemmatizer.lemmatize("Cities", "NOUN", "Number=Plur"),
            "city"
        );
        assert_eq!(
            lemmatizer.lemmatize("voted", "VERB", "Tense=Past|VerbForm=Fin"),
            "vote"
        );
        assert_eq!(
            lemmatizer.lemmatize("went", "VERB", "Tense=Past|VerbForm=Fin"),
            "go"
        );
        // Unknown plural: the out-of-vocabulary form is used.
        assert_eq!(lemmatizer.lemmatize("Dogs", "NOUN", "Number=Plur"), "dog");
        // Base forms are only lower-cased.
        assert_eq!(
            lemmatizer.lemmatize("Officials", "NOUN", "Number=Sing"),
            "officials"
        );
        // No tables: PROPN keeps its case, other POS are lower-cased.
        assert_eq!(
            lemmatizer.lemmatize("Paris", "PROPN", "Number=Sing"),
            "Paris"
        );
        assert_eq!(lemmatizer.lemmatize("Could", "AUX", ""), "could");
        assert_eq!(lemmatizer.lemmatize("\n", "SPACE", ""), "\n");
    }
}
