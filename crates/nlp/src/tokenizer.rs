//! spaCy's rule-based tokenizer, reproduced exactly: whitespace chunking,
//! special cases, the prefix/suffix/infix loop, URL matching and the final
//! special-case pass (spaCy's `faster_heuristics`).
//!
//! Token boundaries are kept as byte offsets into the tokenized text; the
//! regular expressions are the package's own Python patterns, run with
//! `fancy-regex`, which gives the same matches on these patterns.

use crate::msgpack;
use crate::python_regex::PythonPattern;
use crate::python_str::is_space_char;
use rmpv::Value;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

/// msgpack integer key of ORTH in a special-case token map.
const ORTH_KEY: u64 = 65;
/// msgpack integer key of NORM in a special-case token map.
const NORM_KEY: u64 = 67;

/// One token of a special case: its text and, optionally, a token-level NORM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialToken {
    /// The token text; the texts of a special case concatenate to its key.
    pub orth: String,
    /// NORM set by the special case, which overrides the lexeme's norm.
    pub norm: Option<Arc<str>>,
}

/// A token found by the tokenizer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawToken {
    /// Byte offset of the first byte in the tokenized text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Whether one consumed ASCII space follows (spaCy's `whitespace_`).
    pub space_after: bool,
    /// The token-level NORM from a special case, if any.
    pub norm: Option<Arc<str>>,
}

/// The tokenizer's regular expressions, as Python pattern strings.
#[derive(Debug, Clone, Default)]
pub struct TokenizerPatterns {
    /// `prefix_search`: applied with `search`.
    pub prefix: Option<String>,
    /// `suffix_search`: applied with `search`.
    pub suffix: Option<String>,
    /// `infix_finditer`: applied with `finditer`.
    pub infix: Option<String>,
    /// `url_match`: applied with `match` (anchored at the start).
    pub url: Option<String>,
}

/// Number of independently locked parts of the chunk cache, so that
/// threads tokenizing different documents rarely wait for each other.
const CACHE_SHARDS: usize = 16;
/// Chunks remembered per shard. Once a shard is full it stops learning,
/// which bounds memory on large inputs.
const CACHE_CAPACITY_PER_SHARD: usize = 8192;

/// One token of a cached chunk, with offsets relative to the chunk.
#[derive(Debug, Clone)]
struct CachedToken {
    start: usize,
    end: usize,
    norm: Option<Arc<str>>,
}

/// One part of the chunk cache: chunk text → its tokens.
type CacheShard = Mutex<HashMap<Box<str>, Arc<[CachedToken]>>>;

/// Chunk text → its tokens. spaCy keeps the same kind of cache; a chunk is
/// always tokenized the same way wherever it occurs, so the cache only
/// saves time and never changes results.
struct ChunkCache {
    shards: Vec<CacheShard>,
}

impl ChunkCache {
    fn new() -> ChunkCache {
        ChunkCache {
            shards: (0..CACHE_SHARDS)
                .map(|_| Mutex::new(HashMap::new()))
                .collect(),
        }
    }

    fn shard(&self, chunk: &str) -> Option<&CacheShard> {
        let mut hasher = DefaultHasher::new();
        chunk.hash(&mut hasher);
        self.shards
            .get((hasher.finish() % CACHE_SHARDS as u64) as usize)
    }

    fn get(&self, chunk: &str) -> Option<Arc<[CachedToken]>> {
        let shard = self.shard(chunk)?;
        // A poisoned shard only means another thread panicked while holding
        // it; the map itself is always in a consistent state.
        let map = shard
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.get(chunk).cloned()
    }

    fn insert(&self, chunk: &str, tokens: Arc<[CachedToken]>) {
        let Some(shard) = self.shard(chunk) else {
            return;
        };
        let mut map = shard
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if map.len() < CACHE_CAPACITY_PER_SHARD {
            map.insert(chunk.into(), tokens);
        }
    }
}

impl std::fmt::Debug for ChunkCache {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ChunkCache")
            .field("shards", &self.shards.len())
            .finish()
    }
}

/// A tokenizer built from the package's `tokenizer` file (or from parts, in tests).
#[derive(Debug)]
pub struct Tokenizer {
    prefix: Option<PythonPattern>,
    suffix: Option<PythonPattern>,
    infix: Option<PythonPattern>,
    url: Option<PythonPattern>,
    specials: HashMap<String, Vec<SpecialToken>>,
    /// Token-text sequences that the final pass looks for, grouped by their
    /// first token text. Each is the special-case-free tokenization of a
    /// special-case key that the affix rules would split.
    final_pass_patterns: HashMap<String, Vec<Vec<String>>>,
    faster_heuristics: bool,
    cache: ChunkCache,
}

fn compile(pattern: Option<&str>, name: &str) -> Result<Option<PythonPattern>, String> {
    match pattern {
        None => Ok(None),
        Some(source) => PythonPattern::new(source)
            .map(Some)
            .map_err(|error| format!("cannot compile {name} pattern: {error}")),
    }
}

impl Tokenizer {
    /// Builds a tokenizer from its patterns and special cases.
    pub fn new(
        patterns: &TokenizerPatterns,
        specials: HashMap<String, Vec<SpecialToken>>,
        faster_heuristics: bool,
    ) -> Result<Tokenizer, String> {
        let mut tokenizer = Tokenizer {
            prefix: compile(patterns.prefix.as_deref(), "prefix_search")?,
            suffix: compile(patterns.suffix.as_deref(), "suffix_search")?,
            infix: compile(patterns.infix.as_deref(), "infix_finditer")?,
            url: compile(patterns.url.as_deref(), "url_match")?,
            specials,
            final_pass_patterns: HashMap::new(),
            faster_heuristics,
            cache: ChunkCache::new(),
        };
        for (key, tokens) in &tokenizer.specials {
            if tokens
                .iter()
                .map(|token| token.orth.as_str())
                .collect::<String>()
                != *key
            {
                return Err(format!(
                    "special case {key:?}: token texts do not add up to the key"
                ));
            }
        }
        tokenizer.final_pass_patterns = tokenizer.build_final_pass_patterns();
        Ok(tokenizer)
    }

    /// Reads the package's `tokenizer` msgpack file.
    pub fn from_msgpack(bytes: &[u8]) -> Result<Tokenizer, String> {
        let root = msgpack::decode(bytes)?;
        let pattern = |key: &str| {
            msgpack::get(&root, key)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let patterns = TokenizerPatterns {
            prefix: pattern("prefix_search"),
            suffix: pattern("suffix_search"),
            infix: pattern("infix_finditer"),
            url: pattern("url_match"),
        };
        if msgpack::get(&root, "token_match").is_some_and(|value| !value.is_nil()) {
            return Err("the package sets token_match, which dyad does not support".to_owned());
        }
        let faster_heuristics = msgpack::get(&root, "faster_heuristics")
            .and_then(Value::as_bool)
            .unwrap_or(true);
        let mut specials = HashMap::new();
        let exceptions = msgpack::get(&root, "exceptions")
            .and_then(Value::as_map)
            .ok_or("no exceptions map")?;
        for (key, tokens) in exceptions {
            let key = key.as_str().ok_or("special-case key is not a string")?;
            let tokens = tokens
                .as_array()
                .ok_or_else(|| format!("special case {key:?} is not a list"))?;
            let mut parsed = Vec::with_capacity(tokens.len());
            for token in tokens {
                let entries = token
                    .as_map()
                    .ok_or_else(|| format!("special case {key:?}: token is not a map"))?;
                let mut orth = None;
                let mut norm = None;
                for (attribute, value) in entries {
                    match msgpack::as_u64(attribute) {
                        Some(ORTH_KEY) => orth = value.as_str().map(str::to_owned),
                        Some(NORM_KEY) => norm = value.as_str().map(Arc::<str>::from),
                        _ => {
                            return Err(format!(
                                "special case {key:?}: unsupported attribute {attribute}"
                            ))
                        }
                    }
                }
                let orth =
                    orth.ok_or_else(|| format!("special case {key:?}: token without ORTH"))?;
                parsed.push(SpecialToken { orth, norm });
            }
            specials.insert(key.to_owned(), parsed);
        }
        Tokenizer::new(&patterns, specials, faster_heuristics)
    }

    /// The special cases, by exact chunk text.
    pub fn special_cases(&self) -> &HashMap<String, Vec<SpecialToken>> {
        &self.specials
    }

    /// Byte length of the prefix `prefix_search` finds at the start of `s`, or 0.
    pub fn prefix_length(&self, s: &str) -> usize {
        self.prefix_length_with(s, false)
    }

    fn prefix_length_with(&self, s: &str, reference: bool) -> usize {
        let Some(pattern) = &self.prefix else {
            return 0;
        };
        let found = if reference {
            pattern.search_reference(s)
        } else {
            pattern.search(s)
        };
        match found {
            Some((0, end)) => end,
            _ => 0,
        }
    }

    /// Byte length of the suffix `suffix_search` finds in `s`, or 0.
    pub fn suffix_length(&self, s: &str) -> usize {
        self.suffix_length_with(s, false)
    }

    fn suffix_length_with(&self, s: &str, reference: bool) -> usize {
        let Some(pattern) = &self.suffix else {
            return 0;
        };
        // spaCy takes the match length and cuts it off the end; every
        // suffix alternative ends in `$`, so the match ends there.
        if reference {
            pattern
                .search_reference(s)
                .map_or(0, |(start, end)| end - start)
        } else {
            pattern
                .suffix_start(s)
                .map_or(0, |start| s.len().saturating_sub(start))
        }
    }

    /// The non-overlapping infix matches in `s`, as byte ranges.
    pub fn infix_matches(&self, s: &str) -> Vec<(usize, usize)> {
        self.infix_matches_with(s, false)
    }

    fn infix_matches_with(&self, s: &str, reference: bool) -> Vec<(usize, usize)> {
        match &self.infix {
            Some(pattern) if reference => pattern.find_all_reference(s),
            Some(pattern) => pattern.find_all(s),
            None => Vec::new(),
        }
    }

    /// Whether `url_match` matches at the start of `s` (Python `re.match`).
    pub fn is_url(&self, s: &str) -> bool {
        self.is_url_with(s, false)
    }

    fn is_url_with(&self, s: &str, reference: bool) -> bool {
        let Some(pattern) = &self.url else {
            return false;
        };
        let found = if reference {
            pattern.search_reference(s)
        } else {
            pattern.search(s)
        };
        matches!(found, Some((0, _)))
    }

    /// Tokenizes `text` exactly as spaCy's tokenizer does.
    pub fn tokenize(&self, text: &str) -> Vec<RawToken> {
        self.tokenize_with(text, false)
    }

    /// The same as [`Tokenizer::tokenize`] without the chunk cache and
    /// with every regular expression run on `fancy-regex` alone: the plain
    /// reference path that tests and benchmarks compare against.
    pub fn tokenize_reference(&self, text: &str) -> Vec<RawToken> {
        self.tokenize_with(text, true)
    }

    fn tokenize_with(&self, text: &str, reference: bool) -> Vec<RawToken> {
        let mut tokens = self.tokenize_chunks(text, true, reference);
        if self.faster_heuristics && !self.final_pass_patterns.is_empty() {
            tokens = self.apply_final_special_cases(text, tokens);
        }
        tokens
    }

    /// Splits `text` into whitespace and non-whitespace runs and tokenizes
    /// each run, absorbing one ASCII space after a non-whitespace run.
    fn tokenize_chunks(&self, text: &str, with_specials: bool, reference: bool) -> Vec<RawToken> {
        let mut tokens = Vec::new();
        let mut characters = text.char_indices();
        let Some((_, first)) = characters.next() else {
            return tokens;
        };
        let mut in_whitespace = is_space_char(first);
        let mut start = 0;
        for (position, character) in text.char_indices() {
            if is_space_char(character) == in_whitespace {
                continue;
            }
            if start < position {
                self.tokenize_chunk_cached(
                    text,
                    start,
                    position,
                    with_specials,
                    reference,
                    &mut tokens,
                );
            }
            if character == ' ' {
                if let Some(last) = tokens.last_mut() {
                    last.space_after = true;
                }
                start = position + 1;
            } else {
                start = position;
            }
            in_whitespace = !in_whitespace;
        }
        if start < text.len() {
            self.tokenize_chunk_cached(
                text,
                start,
                text.len(),
                with_specials,
                reference,
                &mut tokens,
            );
        }
        tokens
    }

    /// [`Tokenizer::tokenize_chunk`] through the chunk cache, except on the
    /// reference path.
    fn tokenize_chunk_cached(
        &self,
        text: &str,
        chunk_start: usize,
        chunk_end: usize,
        with_specials: bool,
        reference: bool,
        tokens: &mut Vec<RawToken>,
    ) {
        if reference || !with_specials {
            self.tokenize_chunk(
                text,
                chunk_start,
                chunk_end,
                with_specials,
                reference,
                tokens,
            );
            return;
        }
        let chunk = text.get(chunk_start..chunk_end).unwrap_or("");
        if let Some(cached) = self.cache.get(chunk) {
            tokens.extend(cached.iter().map(|token| RawToken {
                start: chunk_start + token.start,
                end: chunk_start + token.end,
                space_after: false,
                norm: token.norm.clone(),
            }));
            return;
        }
        let first_new = tokens.len();
        self.tokenize_chunk(text, chunk_start, chunk_end, with_specials, false, tokens);
        let fresh: Arc<[CachedToken]> = tokens
            .get(first_new..)
            .unwrap_or(&[])
            .iter()
            .map(|token| CachedToken {
                start: token.start - chunk_start,
                end: token.end - chunk_start,
                norm: token.norm.clone(),
            })
            .collect();
        self.cache.insert(chunk, fresh);
    }

    fn push_special(tokens: &mut Vec<RawToken>, special: &[SpecialToken], mut offset: usize) {
        for token in special {
            let end = offset + token.orth.len();
            tokens.push(RawToken {
                start: offset,
                end,
                space_after: false,
                norm: token.norm.clone(),
            });
            offset = end;
        }
    }

    /// Tokenizes `text[chunk_start..chunk_end]`, a run without (or entirely
    /// of) whitespace, appending to `tokens`.
    fn tokenize_chunk(
        &self,
        text: &str,
        chunk_start: usize,
        chunk_end: usize,
        with_specials: bool,
        reference: bool,
        tokens: &mut Vec<RawToken>,
    ) {
        let special = |s: &str| {
            if with_specials {
                self.specials.get(s)
            } else {
                None
            }
        };
        let slice = |start: usize, end: usize| text.get(start..end).unwrap_or("");
        if let Some(found) = special(slice(chunk_start, chunk_end)) {
            Tokenizer::push_special(tokens, found, chunk_start);
            return;
        }
        let mut start = chunk_start;
        let mut end = chunk_end;
        let mut prefixes: Vec<(usize, usize)> = Vec::new();
        let mut suffixes: Vec<(usize, usize)> = Vec::new();
        let mut last_length = None;
        while start < end && last_length != Some(end - start) {
            let current = slice(start, end);
            if special(current).is_some() {
                break;
            }
            last_length = Some(end - start);
            let prefix = self.prefix_length_with(current, reference);
            if prefix > 0 {
                let rest = current.get(prefix..).unwrap_or("");
                if !rest.is_empty() && special(rest).is_some() {
                    prefixes.push((start, start + prefix));
                    start += prefix;
                    break;
                }
            }
            let suffix = self.suffix_length_with(current.get(prefix..).unwrap_or(""), reference);
            if suffix > 0 {
                let rest = current.get(..current.len() - suffix).unwrap_or("");
                if !rest.is_empty() && special(rest).is_some() {
                    suffixes.push((end - suffix, end));
                    end -= suffix;
                    break;
                }
            }
            if prefix > 0 && suffix > 0 && prefix + suffix <= current.len() {
                prefixes.push((start, start + prefix));
                suffixes.push((end - suffix, end));
                start += prefix;
                end -= suffix;
            } else if prefix > 0 {
                prefixes.push((start, start + prefix));
                start += prefix;
            } else if suffix > 0 {
                suffixes.push((end - suffix, end));
                end -= suffix;
            }
        }
        let plain = |start: usize, end: usize| RawToken {
            start,
            end,
            space_after: false,
            norm: None,
        };
        tokens.extend(prefixes.iter().map(|&(start, end)| plain(start, end)));
        if start < end {
            let middle = slice(start, end);
            if let Some(found) = special(middle) {
                Tokenizer::push_special(tokens, found, start);
            } else if self.is_url_with(middle, reference) {
                tokens.push(plain(start, end));
            } else {
                let infixes = self.infix_matches_with(middle, reference);
                let mut cursor = 0;
                for (infix_start, infix_end) in infixes {
                    // spaCy skips an infix at the very start of the string
                    // (it compares with 0, not with the moving cursor).
                    if infix_start == 0 {
                        continue;
                    }
                    if infix_start != cursor {
                        tokens.push(plain(start + cursor, start + infix_start));
                    }
                    if infix_start != infix_end {
                        tokens.push(plain(start + infix_start, start + infix_end));
                    }
                    cursor = infix_end;
                }
                if cursor < middle.len() {
                    tokens.push(plain(start + cursor, end));
                }
            }
        }
        tokens.extend(suffixes.iter().rev().map(|&(start, end)| plain(start, end)));
    }

    /// The special-case keys the affix rules would split (or that contain a
    /// space), each with the token texts it is split into without special cases.
    fn build_final_pass_patterns(&self) -> HashMap<String, Vec<Vec<String>>> {
        let mut patterns: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        let mut keys: Vec<&String> = self.specials.keys().collect();
        keys.sort();
        let mut seen = HashSet::new();
        for key in keys {
            let affected = self.prefix_length(key) > 0
                || self.suffix_length(key) > 0
                || self
                    .infix
                    .as_ref()
                    .is_some_and(|pattern| pattern.search(key).is_some())
                || key.contains(' ');
            if !affected {
                continue;
            }
            let pieces: Vec<String> = self
                .tokenize_chunks(key, false, true)
                .iter()
                .filter_map(|token| key.get(token.start..token.end).map(str::to_owned))
                .collect();
            let Some(first) = pieces.first().cloned() else {
                continue;
            };
            if seen.insert(pieces.clone()) {
                patterns.entry(first).or_default().push(pieces);
            }
        }
        patterns
    }

    /// spaCy's final pass: special cases whose text was split by the affix
    /// rules are found as token sequences and merged back.
    fn apply_final_special_cases(&self, text: &str, tokens: Vec<RawToken>) -> Vec<RawToken> {
        let token_text = |token: &RawToken| text.get(token.start..token.end).unwrap_or("");
        // Every (start, length) where some pattern matches the token texts.
        let mut matches: Vec<(usize, usize)> = Vec::new();
        for (index, token) in tokens.iter().enumerate() {
            let Some(candidates) = self.final_pass_patterns.get(token_text(token)) else {
                continue;
            };
            for pattern in candidates {
                let Some(window) = tokens.get(index..index + pattern.len()) else {
                    continue;
                };
                if window
                    .iter()
                    .zip(pattern)
                    .all(|(token, piece)| token_text(token) == piece)
                {
                    matches.push((index, pattern.len()));
                }
            }
        }
        if matches.is_empty() {
            return tokens;
        }
        matches.sort_unstable();
        matches.dedup();
        // Longest first, then leftmost; a match is kept when its first and
        // last tokens are not claimed yet, and claims all its tokens either way.
        matches.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut claimed = vec![false; tokens.len()];
        let mut kept = Vec::new();
        for &(start, length) in &matches {
            let last = start + length - 1;
            let free = !claimed.get(start).copied().unwrap_or(true)
                && !claimed.get(last).copied().unwrap_or(true);
            if free {
                kept.push((start, length));
            }
            for flag in claimed.iter_mut().skip(start).take(length) {
                *flag = true;
            }
        }
        kept.sort_unstable();
        let mut result = Vec::with_capacity(tokens.len());
        let mut next = 0;
        for (start, length) in kept {
            let (Some(first), Some(last)) = (tokens.get(start), tokens.get(start + length - 1))
            else {
                continue;
            };
            let span_text = text.get(first.start..last.end).unwrap_or("");
            let Some(special) = self.specials.get(span_text) else {
                continue;
            };
            result.extend(tokens.get(next..start).unwrap_or(&[]).iter().cloned());
            let before = result.len();
            Tokenizer::push_special(&mut result, special, first.start);
            if result.len() > before {
                if let Some(replacement_last) = result.last_mut() {
                    replacement_last.space_after = last.space_after;
                }
            }
            next = start + length;
        }
        result.extend(tokens.get(next..).unwrap_or(&[]).iter().cloned());
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny rule set in the style of spaCy's English one.
    fn tiny_tokenizer() -> Tokenizer {
        let patterns = TokenizerPatterns {
            prefix: Some(r#"^\(|^"|^\$"#.to_owned()),
            suffix: Some(r#"\)$|"$|,$|(?<=[a-z])\.$|:$|'s$"#.to_owned()),
            infix: Some(r"(?<=[a-z])-(?=[a-z])|(?<=[0-9])[+\-](?=[0-9])".to_owned()),
            url: Some(r"^https?://\S+$".to_owned()),
        };
        let mut specials = HashMap::new();
        let special = |parts: &[(&str, Option<&str>)]| {
            parts
                .iter()
                .map(|(orth, norm)| SpecialToken {
                    orth: (*orth).to_owned(),
                    norm: norm.map(Arc::from),
                })
                .collect::<Vec<_>>()
        };
        specials.insert(
            "don't".to_owned(),
            special(&[("do", None), ("n't", Some("not"))]),
        );
        specials.insert("Inc.".to_owned(), special(&[("Inc.", None)]));
        specials.insert(":)".to_owned(), special(&[(":)", None)]));
        specials.insert("\u{a0}".to_owned(), special(&[("\u{a0}", Some("  "))]));
        Tokenizer::new(&patterns, specials, true).expect("valid tiny rules")
    }

    fn texts(text: &str) -> Vec<(String, bool)> {
        tiny_tokenizer()
            .tokenize(text)
            .iter()
            .map(|token| (text[token.start..token.end].to_owned(), token.space_after))
            .collect()
    }

    #[test]
    fn splits_affixes_and_special_cases() {
        let got = texts("(I don't know,\" she said.");
        let words: Vec<&str> = got.iter().map(|(text, _)| text.as_str()).collect();
        assert_eq!(
            words,
            ["(", "I", "do", "n't", "know", ",", "\"", "she", "said", "."]
        );
        assert!(got[1].1 && !got[2].1 && got[3].1);
    }

    #[test]
    fn whitespace_runs_become_tokens() {
        let got = texts("a  b\n\nc ");
        assert_eq!(
            got,
            vec![
                ("a".to_owned(), true),
                (" ".to_owned(), false),
                ("b".to_owned(), false),
                ("\n\n".to_owned(), false),
                ("c".to_owned(), true)
            ]
        );
        assert_eq!(texts("  Hi")[0].0, "  ");
        assert!(texts("").is_empty());
    }

    #[test]
    fn infixes_and_urls() {
        let words: Vec<String> = texts("well-known 1-2 https://a.b/c-d")
            .into_iter()
            .map(|(text, _)| text)
            .collect();
        assert_eq!(
            words,
            ["well", "-", "known", "1", "-", "2", "https://a.b/c-d"]
        );
    }

    #[test]
    fn special_case_norms_are_kept() {
        let tokenizer = tiny_tokenizer();
        let tokens = tokenizer.tokenize("don't");
        assert_eq!(tokens[1].norm.as_deref(), Some("not"));
        let tokens = tokenizer.tokenize("a\u{a0}b");
        assert_eq!(tokens[1].norm.as_deref(), Some("  "));
    }

    #[test]
    fn final_pass_merges_split_special_cases() {
        // `family:)` is split into `family : )` by the affix rules; the final
        // pass finds `: )` as the special case `:)`.
        let got = texts("family:) ok");
        let words: Vec<&str> = got.iter().map(|(text, _)| text.as_str()).collect();
        assert_eq!(words, ["family", ":)", "ok"]);
        assert!(got[1].1);
    }

    proptest::proptest! {
        /// On arbitrary text the tokens tile the text (token + consumed
        /// space, in order), and the cached path equals the plain one.
        #[test]
        fn tokens_tile_the_text_and_the_cache_is_transparent(
            text in "[a-z\\.\\-\"(),:)' \n\u{a0}\u{e9}\u{4e2c}0-9]{0,40}"
        ) {
            let tokenizer = tiny_tokenizer();
            let plain = tokenizer.tokenize_reference(&text);
            let first = tokenizer.tokenize(&text);
            let second = tokenizer.tokenize(&text);
            proptest::prop_assert_eq!(&plain, &first);
            proptest::prop_assert_eq!(&plain, &second);
            let mut rebuilt = String::new();
            for token in &plain {
                proptest::prop_assert!(token.start < token.end);
                proptest::prop_assert_eq!(token.start, rebuilt.len());
                rebuilt.push_str(&text[token.start..token.end]);
                if token.space_after {
                    rebuilt.push(' ');
                }
            }
            proptest::prop_assert_eq!(rebuilt, text);
        }
    }

    #[test]
    fn multibyte_text_keeps_byte_offsets() {
        let text = "Zürich-based «x» 北京";
        for token in tiny_tokenizer().tokenize(text) {
            assert!(text.get(token.start..token.end).is_some());
        }
    }
}
