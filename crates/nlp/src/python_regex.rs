//! Fast, exact evaluation of the tokenizer's Python regular expressions.
//!
//! `fancy-regex` runs the package's patterns unchanged with Python's
//! results, but its backtracking search is slow (tens of microseconds per
//! call on the long affix alternations). Most alternatives have no
//! lookaround, so they can run on the `regex` crate's automata. This module
//! splits a pattern into its top-level alternatives and:
//!
//! - runs the lookaround-free alternatives with `regex`;
//! - for the alternatives with lookaround, runs a *relaxed* copy with the
//!   lookarounds removed. A relaxed alternative matches wherever the real
//!   one does (and more), so when no relaxed alternative matches anywhere,
//!   the lookaround alternatives cannot match either and the fast result is
//!   exact. Otherwise the full pattern runs on `fancy-regex`.
//! - for suffix patterns, where every alternative ends in `$` and the
//!   lookarounds are leading fixed-width lookbehinds, evaluates each
//!   `(?<=X)Y$` alternative exactly as `X(Y)$` on `regex` (see
//!   [`PythonPattern::suffix_start`]).
//!
//! The plain `fancy-regex` path stays available as the reference that tests
//! compare the fast path with.

use fancy_regex::Regex as FancyRegex;
use regex::Regex;

/// Splits `pattern` at its top-level `|`, respecting escapes, character
/// classes and groups. Returns `None` for unbalanced parentheses.
fn split_alternatives(pattern: &str) -> Option<Vec<&str>> {
    let mut alternatives = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut scanner = Scanner::default();
    for (offset, character) in pattern.char_indices() {
        match scanner.step(character) {
            Token::Open => depth += 1,
            Token::Close => depth = depth.checked_sub(1)?,
            Token::Bar if depth == 0 => {
                alternatives.push(pattern.get(start..offset)?);
                start = offset + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return None;
    }
    alternatives.push(pattern.get(start..)?);
    Some(alternatives)
}

/// What a pattern character means structurally.
#[derive(Debug, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    Bar,
    Other,
}

/// Tracks escapes and character classes while walking a pattern.
#[derive(Debug, Default)]
struct Scanner {
    escaped: bool,
    in_class: bool,
    /// Characters seen since the class opened (a `]` right after `[` or
    /// `[^` is a literal).
    class_length: usize,
    class_negated: bool,
}

impl Scanner {
    fn step(&mut self, character: char) -> Token {
        if self.escaped {
            self.escaped = false;
            if self.in_class {
                self.class_length += 1;
            }
            return Token::Other;
        }
        if character == '\\' {
            self.escaped = true;
            return Token::Other;
        }
        if self.in_class {
            let literal_bracket =
                self.class_length == 0 || (self.class_negated && self.class_length == 1);
            if character == '^' && self.class_length == 0 {
                self.class_negated = true;
            } else if character == ']' && !literal_bracket {
                self.in_class = false;
            }
            self.class_length += 1;
            return Token::Other;
        }
        match character {
            '[' => {
                self.in_class = true;
                self.class_length = 0;
                self.class_negated = false;
                Token::Other
            }
            '(' => Token::Open,
            ')' => Token::Close,
            '|' => Token::Bar,
            _ => Token::Other,
        }
    }
}

/// Byte ranges of the top-level lookaround groups of `alternative`, with
/// whether each is a lookbehind. `None` if the structure is unclear.
fn lookaround_groups(alternative: &str) -> Option<Vec<(usize, usize, bool)>> {
    let mut groups = Vec::new();
    let mut scanner = Scanner::default();
    let mut depth = 0usize;
    let mut open: Option<(usize, bool, usize)> = None;
    for (offset, character) in alternative.char_indices() {
        match scanner.step(character) {
            Token::Open => {
                let rest = alternative.get(offset..)?;
                if open.is_none() {
                    let kind = if rest.starts_with("(?<=") || rest.starts_with("(?<!") {
                        Some(true)
                    } else if rest.starts_with("(?=") || rest.starts_with("(?!") {
                        Some(false)
                    } else {
                        None
                    };
                    if let Some(behind) = kind {
                        open = Some((offset, behind, depth));
                    }
                }
                depth += 1;
            }
            Token::Close => {
                depth = depth.checked_sub(1)?;
                if let Some((start, behind, open_depth)) = open {
                    if depth == open_depth {
                        groups.push((start, offset + 1, behind));
                        open = None;
                    }
                }
            }
            _ => {}
        }
    }
    if open.is_some() || depth != 0 {
        return None;
    }
    Some(groups)
}

/// A lookbehind suffix alternative `(?<=X)Y`, compiled as `(?:X)(Y)`.
#[derive(Debug, Clone)]
struct LookbehindSuffix {
    regex: Regex,
}

/// One Python pattern with a fast exact path and the reference path.
#[derive(Debug, Clone)]
pub struct PythonPattern {
    full: FancyRegex,
    /// The lookaround-free alternatives; `None` when there are none.
    fast: Option<Regex>,
    /// The relaxed lookaround alternatives; `None` when there are none.
    guard: Option<Regex>,
    /// Set when the pattern has the suffix shape (see the module docs).
    suffix_parts: Option<Vec<LookbehindSuffix>>,
    /// False when the pattern could not be split; then only `full` is used.
    split: bool,
}

fn join(alternatives: &[String]) -> Option<Regex> {
    if alternatives.is_empty() {
        return None;
    }
    Regex::new(&alternatives.join("|")).ok()
}

impl PythonPattern {
    /// Compiles a Python pattern. Fails only if `fancy-regex` rejects it; if
    /// the fast path cannot be built, the pattern simply always runs on
    /// `fancy-regex`.
    pub fn new(pattern: &str) -> Result<PythonPattern, String> {
        let full = FancyRegex::new(pattern).map_err(|error| error.to_string())?;
        let mut compiled = PythonPattern {
            full,
            fast: None,
            guard: None,
            suffix_parts: None,
            split: false,
        };
        let Some(alternatives) = split_alternatives(pattern) else {
            return Ok(compiled);
        };
        let mut plain = Vec::new();
        let mut relaxed = Vec::new();
        let mut lookbehind_suffixes = Vec::new();
        let mut suffix_shape = alternatives
            .iter()
            .all(|alternative| alternative.ends_with('$'));
        for alternative in &alternatives {
            let Some(groups) = lookaround_groups(alternative) else {
                return Ok(compiled);
            };
            if groups.is_empty() {
                plain.push(format!("(?:{alternative})"));
                continue;
            }
            let mut without = String::new();
            let mut cursor = 0;
            for &(start, end, _) in &groups {
                without.push_str(alternative.get(cursor..start).unwrap_or(""));
                cursor = end;
            }
            without.push_str(alternative.get(cursor..).unwrap_or(""));
            relaxed.push(format!("(?:{without})"));
            match groups.as_slice() {
                [(0, end, true)] if alternative.starts_with("(?<=") => {
                    let behind = alternative.get(4..end - 1).unwrap_or("");
                    let rest = alternative.get(*end..).unwrap_or("");
                    match Regex::new(&format!("(?:{behind})({rest})")) {
                        Ok(regex) => lookbehind_suffixes.push(LookbehindSuffix { regex }),
                        Err(_) => suffix_shape = false,
                    }
                }
                _ => suffix_shape = false,
            }
        }
        let fast = join(&plain);
        let guard = join(&relaxed);
        if (!plain.is_empty() && fast.is_none()) || (!relaxed.is_empty() && guard.is_none()) {
            return Ok(compiled);
        }
        compiled.fast = fast;
        compiled.guard = guard;
        compiled.split = true;
        if suffix_shape {
            compiled.suffix_parts = Some(lookbehind_suffixes);
        }
        Ok(compiled)
    }

    /// Whether the fast path gives the exact answer on `s`.
    fn fast_is_exact(&self, s: &str) -> bool {
        self.split && !self.guard.as_ref().is_some_and(|guard| guard.is_match(s))
    }

    /// Python `re.search`: the leftmost match, as a byte range.
    pub fn search(&self, s: &str) -> Option<(usize, usize)> {
        if self.fast_is_exact(s) {
            return self
                .fast
                .as_ref()
                .and_then(|fast| fast.find(s))
                .map(|found| (found.start(), found.end()));
        }
        self.search_reference(s)
    }

    /// [`PythonPattern::search`] on `fancy-regex` alone.
    pub fn search_reference(&self, s: &str) -> Option<(usize, usize)> {
        match self.full.find(s) {
            Ok(Some(found)) => Some((found.start(), found.end())),
            _ => None,
        }
    }

    /// Python `re.finditer`: all non-overlapping matches, as byte ranges.
    pub fn find_all(&self, s: &str) -> Vec<(usize, usize)> {
        if self.fast_is_exact(s) {
            return match &self.fast {
                Some(fast) => fast
                    .find_iter(s)
                    .map(|found| (found.start(), found.end()))
                    .collect(),
                None => Vec::new(),
            };
        }
        self.find_all_reference(s)
    }

    /// [`PythonPattern::find_all`] on `fancy-regex` alone.
    pub fn find_all_reference(&self, s: &str) -> Vec<(usize, usize)> {
        self.full
            .find_iter(s)
            .filter_map(Result::ok)
            .map(|found| (found.start(), found.end()))
            .collect()
    }

    /// For a suffix pattern (every alternative ends in `$`): the start of
    /// the leftmost match. All alternatives end at the end of `s`, so only
    /// the start decides, and the order of alternatives does not matter.
    pub fn suffix_start(&self, s: &str) -> Option<usize> {
        let Some(parts) = &self.suffix_parts else {
            return self.search(s).map(|(start, _)| start);
        };
        let mut best = self
            .fast
            .as_ref()
            .and_then(|fast| fast.find(s))
            .map(|found| found.start());
        for part in parts {
            if let Some(start) = part
                .regex
                .captures(s)
                .and_then(|found| found.get(1))
                .map(|group| group.start())
            {
                best = Some(best.map_or(start, |current: usize| current.min(start)));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_at_top_level_bars_only() {
        let alternatives = split_alternatives(r"a|(b|c)|[|(]\||\[x|y").expect("balanced");
        assert_eq!(alternatives, [r"a", r"(b|c)", r"[|(]\|", r"\[x", "y"]);
        assert_eq!(
            split_alternatives(r"[]|]|x").expect("balanced"),
            [r"[]|]", "x"]
        );
        assert!(split_alternatives("(a").is_none());
    }

    #[test]
    fn finds_lookaround_groups() {
        let groups = lookaround_groups(r"(?<=[a-z(])\.(?=[A-Z])x").expect("balanced");
        assert_eq!(groups, [(0, 11, true), (13, 22, false)]);
        assert!(lookaround_groups(r"(?:ab)[(?=]")
            .expect("balanced")
            .is_empty());
    }

    const SUFFIX: &str =
        r"\.\.+$|…$|(?<=[0-9])\+$|(?<=[a-z])\.$|(?<=[A-Z][A-Z])\.$|(?<=[0-9])(?:km|m|%)$|'s$|\)$";
    const INFIX: &str = r"\.\.+|…|[!&:,()]|(?<=[0-9])[+\-\*^](?=[0-9-])|(?<=[a-z])\.(?=[A-Z])|(?<=[a-zA-Z]),(?=[a-zA-Z])|(?<=[a-zA-Z0-9])(?:-|–|--)(?=[a-zA-Z])";
    const PREFIX: &str = r"^§|^%|^\+(?![0-9])|^…|^……|^\.\.+|^\(|^\$";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The fast paths agree with fancy-regex on generated text.
        #[test]
        fn fast_paths_match_fancy_regex(s in "[a-zA-Z0-9.+\\-*^,!&:()%§$'…–]{0,12}") {
            let suffix = PythonPattern::new(SUFFIX).expect("compiles");
            prop_assert!(suffix.suffix_parts.is_some());
            prop_assert_eq!(suffix.suffix_start(&s), suffix.search_reference(&s).map(|(start, _)| start));
            let infix = PythonPattern::new(INFIX).expect("compiles");
            prop_assert_eq!(infix.find_all(&s), infix.find_all_reference(&s));
            let prefix = PythonPattern::new(PREFIX).expect("compiles");
            prop_assert_eq!(prefix.search(&s), prefix.search_reference(&s));
        }
    }
}
