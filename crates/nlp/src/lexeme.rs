//! Lexical attributes of a token (NORM, PREFIX, SUFFIX, SHAPE, LOWER,
//! IS_SPACE), computed from its text with Python `str` semantics exactly as
//! spaCy's English vocabulary does.

use crate::base_norms::BASE_NORMS;
use crate::features::LexicalFeatures;
use crate::msgpack;
use crate::python_str::{
    byte_offset_of_char, char_len, is_alpha, is_digit, is_space, is_upper_letter, lower,
};
use crate::strings::string_id;
use std::borrow::Cow;
use std::collections::HashMap;

/// Shapes of texts this long (in code points) or longer collapse to `LONG`.
const LONG_SHAPE_LENGTH: usize = 100;
/// Runs of the same shape character are cut after this many repeats.
const MAX_SHAPE_RUN: usize = 4;

/// The lexeme NORM tables: the package's `lexeme_norm` (keyed by the string
/// id of the exact-case text) and spaCy's built-in `BASE_NORMS`.
#[derive(Debug, Clone, Default)]
pub struct NormTable {
    lexeme_norm: HashMap<u64, String>,
    base_norms: HashMap<&'static str, &'static str>,
}

impl NormTable {
    /// A table with only the built-in `BASE_NORMS` and the given package
    /// entries (string id of the exact text → norm).
    pub fn new(lexeme_norm: HashMap<u64, String>) -> NormTable {
        NormTable {
            lexeme_norm,
            base_norms: BASE_NORMS.iter().copied().collect(),
        }
    }

    /// Reads `vocab/lookups.bin`: `{"lexeme_norm": {string id: norm}}`.
    pub fn from_msgpack(bytes: &[u8]) -> Result<NormTable, String> {
        let root = msgpack::decode(bytes)?;
        let mut lexeme_norm = HashMap::new();
        if let Some(table) = msgpack::get(&root, "lexeme_norm") {
            let entries = table.as_map().ok_or("lexeme_norm is not a map")?;
            for (key, value) in entries {
                let key =
                    msgpack::as_u64(key).ok_or("lexeme_norm key is not an integer string id")?;
                let value = value.as_str().ok_or("lexeme_norm value is not a string")?;
                lexeme_norm.insert(key, value.to_owned());
            }
        }
        Ok(NormTable::new(lexeme_norm))
    }

    /// The lexeme NORM of `text`: the package table (exact case), else
    /// `BASE_NORMS`, else `text.lower()`.
    pub fn lexeme_norm<'a>(&'a self, text: &str) -> Cow<'a, str> {
        if let Some(norm) = self.lexeme_norm.get(&string_id(text)) {
            return Cow::Borrowed(norm.as_str());
        }
        if let Some(norm) = self.base_norms.get(text) {
            return Cow::Borrowed(norm);
        }
        Cow::Owned(lower(text))
    }

    /// The NORM of a token: its special-case norm when it has one, else the
    /// lexeme norm.
    pub fn norm<'a>(&'a self, text: &str, token_norm: Option<&'a str>) -> Cow<'a, str> {
        match token_norm {
            Some(norm) => Cow::Borrowed(norm),
            None => self.lexeme_norm(text),
        }
    }

    /// The hash-embedding features of a token.
    pub fn features(
        &self,
        text: &str,
        token_norm: Option<&str>,
        space_after: bool,
    ) -> LexicalFeatures {
        LexicalFeatures {
            norm: string_id(&self.norm(text, token_norm)),
            prefix: string_id(prefix(text)),
            suffix: string_id(suffix(text)),
            shape: string_id(&shape(text)),
            spacy: space_after,
            is_space: is_space(text),
        }
    }
}

/// PREFIX: the first code point (Python `s[0]`), or `""` for empty text.
pub fn prefix(text: &str) -> &str {
    text.get(..byte_offset_of_char(text, 1)).unwrap_or("")
}

/// SUFFIX: the last three code points (Python `s[-3:]`).
pub fn suffix(text: &str) -> &str {
    let length = char_len(text);
    let start = byte_offset_of_char(text, length.saturating_sub(3));
    text.get(start..).unwrap_or("")
}

/// SHAPE (spaCy's `word_shape`): letters become `X`/`x`, digits `d`, other
/// characters stay; runs of one shape character are capped at four.
pub fn shape(text: &str) -> String {
    if char_len(text) >= LONG_SHAPE_LENGTH {
        return "LONG".to_owned();
    }
    let mut result = String::with_capacity(text.len());
    let mut last = None;
    let mut repeats = 0;
    for character in text.chars() {
        let mapped = if is_alpha(character) {
            if is_upper_letter(character) {
                'X'
            } else {
                'x'
            }
        } else if is_digit(character) {
            'd'
        } else {
            character
        };
        if Some(mapped) == last {
            repeats += 1;
        } else {
            repeats = 0;
            last = Some(mapped);
        }
        if repeats < MAX_SHAPE_RUN {
            result.push(mapped);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_match_spacy_examples() {
        assert_eq!(shape("Brussels"), "Xxxxx");
        assert_eq!(shape("1,000"), "d,ddd");
        assert_eq!(shape("2.5%"), "d.d%");
        assert_eq!(shape("U.N."), "X.X.");
        assert_eq!(shape("²"), "d");
        assert_eq!(shape(&"a".repeat(100)), "LONG");
        assert_eq!(shape(""), "");
    }

    #[test]
    fn prefix_and_suffix_count_code_points() {
        assert_eq!(prefix("Émile"), "É");
        assert_eq!(suffix("Zürich"), "ich");
        assert_eq!(suffix("né"), "né");
        assert_eq!(suffix("北京市长"), "京市长");
        assert_eq!(prefix(""), "");
        assert_eq!(suffix(""), "");
    }

    #[test]
    fn norm_precedence() {
        let mut package = HashMap::new();
        package.insert(string_id("Colour"), "color".to_owned());
        let table = NormTable::new(package);
        assert_eq!(table.norm("Colour", None), "color");
        // The package table is exact-case: `COLOUR` falls through to lower().
        assert_eq!(table.norm("COLOUR", None), "colour");
        assert_eq!(table.norm("’", None), "'");
        assert_eq!(table.norm("n't", Some("not")), "not");
    }
}
