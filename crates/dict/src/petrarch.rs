//! Readers for PETRARCH/TABARI dictionaries: verbs, actors, agents,
//! discards and issues. What is read and what is warned about is described
//! in `docs/formats/petrarch-dictionaries.md`.
//!
//! The readers follow PETRARCH2 and UniversalPetrarch where their behaviour
//! is what the dictionary authors intended, and deliberately differ where
//! the originals have bugs (the last actor entry of a file is kept; plurals
//! follow English rules; date ranges are inclusive at both ends).

use crate::actors::{
    ActorEntity, ActorPhrase, ActorTable, AgentEntry, AgentForm, AgentPhrase, AgentTable,
    DatedCode, EntityKind, PhraseRole,
};
use crate::common::{CaseRule, DateRange, Origin, PhraseIndex};
use crate::discards::{DiscardPhrase, DiscardScope, DiscardTable};
use crate::events::{
    EventExpression, EventTable, PatternElement, PatternNoun, PetrarchCode, PetrarchPattern,
    Synset, Transformation, VerbBlock, WordClass,
};
use dyad_types::{Date, Diagnostic};
use std::collections::HashMap;
use std::sync::Arc;

/// What a PETRARCH file contributed; which fields are filled depends on the
/// file's kind.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PetrarchCounts {
    /// Main entries: verbs (each verb word of a verb line), actor primary
    /// lines, agent lines, discard phrases, or coded issue lines.
    pub entries: usize,
    /// Verb files: synset labels.
    pub synsets: usize,
    /// Verb files: synset member lines.
    pub synset_members: usize,
    /// Verb files: verb block headers.
    pub blocks: usize,
    /// Verb files: pattern lines kept.
    pub patterns: usize,
    /// Verb files: transformation lines.
    pub transformations: usize,
    /// Actor files: synonym lines.
    pub synonyms: usize,
    /// Actor files: date-restricted code lines.
    pub date_lines: usize,
    /// Actor files: codes (on primary and date lines).
    pub codes: usize,
    /// Agent files: substitution-set definitions (`!PERSON! = ...`).
    pub substitution_sets: usize,
    /// Discard files: story-level discards (`+`).
    pub story_discards: usize,
    /// Issue files: ignore lines (`~`, `~~`).
    pub ignore_lines: usize,
}

fn warn(diagnostics: &mut Vec<Diagnostic>, file: &str, line: u64, message: impl Into<String>) {
    diagnostics.push(Diagnostic::warning(Some(file), message).at_line(line));
}

fn note(diagnostics: &mut Vec<Diagnostic>, file: &str, line: u64, message: impl Into<String>) {
    diagnostics.push(Diagnostic::info(Some(file), message).at_line(line));
}

/// Turns a PETRARCH phrase (`UNITED_NATIONS_`, `HEAD START`) into words
/// separated by single spaces. A trailing `_` (TABARI's "end of word") has
/// no effect because matching is always on whole tokens.
fn phrase_words(phrase: &str) -> String {
    phrase
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The English plural of an upper-case word (PETRARCH's own rule turns
/// TROOPS into TROOPES and ATTORNEY into ATTORNEIES; dyad does not copy that).
fn plural_upper(word: &str) -> String {
    crate::common::regular_plural(&word.to_lowercase()).to_uppercase()
}

/// Line reading shared by the actor, agent, discard and issue readers
/// (PETRARCH's `read_FIN_line`): `#` cuts the line anywhere, XML comments
/// `<!-- -->` are removed, including ones that span lines.
struct CommentStripper {
    in_xml_comment: bool,
}

/// The content lines of a PETRARCH file, with comments stripped and blank
/// lines skipped, each with its 1-based line number. Every reader walks its
/// file this way, so it lives here once.
struct ContentLines<'a> {
    lines: std::iter::Enumerate<std::str::Lines<'a>>,
    stripper: CommentStripper,
}

fn content_lines(text: &str) -> ContentLines<'_> {
    ContentLines {
        lines: text.lines().enumerate(),
        stripper: CommentStripper {
            in_xml_comment: false,
        },
    }
}

impl ContentLines<'_> {
    /// True when the file ended inside an XML comment.
    fn ended_in_comment(&self) -> bool {
        self.stripper.in_xml_comment
    }
}

impl<'a> Iterator for ContentLines<'a> {
    type Item = (u64, std::borrow::Cow<'a, str>);

    fn next(&mut self) -> Option<Self::Item> {
        for (index, raw_line) in self.lines.by_ref() {
            let line = self.stripper.strip(raw_line);
            if !line.is_empty() {
                return Some((index as u64 + 1, line));
            }
        }
        None
    }
}

impl CommentStripper {
    fn strip<'a>(&mut self, line: &'a str) -> std::borrow::Cow<'a, str> {
        // The common case, a line without XML comments, borrows the line.
        if !self.in_xml_comment && !line.contains("<!--") {
            let without_comment = line.split('#').next().unwrap_or("");
            return std::borrow::Cow::Borrowed(without_comment.trim());
        }
        let mut text = line.to_owned();
        if self.in_xml_comment {
            match text.find("-->") {
                Some(end) => {
                    text = text.get(end + 3..).unwrap_or("").to_owned();
                    self.in_xml_comment = false;
                }
                None => return std::borrow::Cow::Borrowed(""),
            }
        }
        while let Some(start) = text.find("<!--") {
            match text.get(start..).and_then(|rest| rest.find("-->")) {
                Some(length) => {
                    let before = text.get(..start).unwrap_or("");
                    let after = text.get(start + length + 3..).unwrap_or("");
                    text = format!("{before}{after}");
                }
                None => {
                    text = text.get(..start).unwrap_or("").to_owned();
                    self.in_xml_comment = true;
                }
            }
        }
        if let Some(hash) = text.find('#') {
            text.truncate(hash);
        }
        std::borrow::Cow::Owned(text.trim().to_owned())
    }
}

// ---------------------------------------------------------------- verbs

/// Parses a code written between brackets.
fn parse_code(
    written: &str,
    file: &str,
    line: u64,
    diagnostics: &mut Vec<Diagnostic>,
) -> PetrarchCode {
    let mut check = |part: &str| -> Option<String> {
        let part = part.trim();
        if part.is_empty() || part == "---" {
            return None;
        }
        let cleaned: String = part.chars().filter(char::is_ascii_digit).collect();
        if cleaned != part {
            warn(
                diagnostics,
                file,
                line,
                format!("code `{part}` has stray characters; read as `{cleaned}`"),
            );
        }
        if dyad_ontology::cameo(&cleaned).is_none() {
            warn(
                diagnostics,
                file,
                line,
                format!("`{cleaned}` is not a CAMEO event code"),
            );
        }
        if cleaned.is_empty() {
            None
        } else {
            Some(cleaned)
        }
    };
    let (forward, reverse) = match written.split_once(':') {
        Some((forward, reverse)) => (check(forward), check(reverse)),
        None => (check(written), None),
    };
    PetrarchCode {
        forward,
        reverse,
        written: written.to_owned(),
    }
}

/// Reads a noun phrase `{MOD MOD HEAD}` or a single word.
fn noun_from_words(words: &[&str]) -> Option<PatternNoun> {
    let (head, modifiers) = words.split_last()?;
    Some(PatternNoun {
        head: (*head).to_owned(),
        modifiers: modifiers.iter().map(|word| (*word).to_owned()).collect(),
    })
}

/// Splits a pattern body into elements; returns the elements before and
/// after `*`, or a description of what is wrong.
fn parse_pattern_body(body: &str) -> Result<(Vec<PatternElement>, Vec<PatternElement>), String> {
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut seen_verb = false;
    let mut characters = body.char_indices().peekable();
    let mut push = |element: PatternElement, seen_verb: bool| {
        if seen_verb {
            after.push(element);
        } else {
            before.push(element);
        }
    };
    while let Some((start, character)) = characters.next() {
        match character {
            c if c.is_whitespace() => {}
            '*' => {
                if seen_verb {
                    return Err("pattern has more than one `*`".to_owned());
                }
                seen_verb = true;
            }
            '$' => push(PatternElement::Source, seen_verb),
            '+' => push(PatternElement::Target, seen_verb),
            '^' => push(PatternElement::Skip, seen_verb),
            '%' => push(PatternElement::Compound, seen_verb),
            '{' => {
                let rest = body.get(start + 1..).unwrap_or("");
                let end = rest.find('}').ok_or("`{` without `}`")?;
                let words: Vec<&str> = rest.get(..end).unwrap_or("").split_whitespace().collect();
                let noun = noun_from_words(&words).ok_or("empty `{}` in pattern")?;
                push(PatternElement::Noun(noun), seen_verb);
                while characters
                    .peek()
                    .is_some_and(|(index, _)| *index <= start + 1 + end)
                {
                    characters.next();
                }
            }
            '(' => {
                let rest = body.get(start + 1..).unwrap_or("");
                let end = rest.find(')').ok_or("`(` without `)`")?;
                let inside = rest.get(..end).unwrap_or("").replace(['{', '}'], " ");
                let mut words = inside.split_whitespace();
                let preposition = words.next().ok_or("empty `()` in pattern")?.to_owned();
                let object_words: Vec<&str> = words.collect();
                push(
                    PatternElement::Preposition {
                        preposition,
                        object: noun_from_words(&object_words),
                    },
                    seen_verb,
                );
                while characters
                    .peek()
                    .is_some_and(|(index, _)| *index <= start + 1 + end)
                {
                    characters.next();
                }
            }
            '}' | ')' => return Err(format!("unbalanced `{character}`")),
            _ => {
                let rest = body.get(start..).unwrap_or("");
                let length = rest
                    .find(|c: char| c.is_whitespace() || "{}()*".contains(c))
                    .unwrap_or(rest.len());
                let word = rest.get(..length).unwrap_or("");
                push(
                    PatternElement::Noun(PatternNoun {
                        head: word.to_owned(),
                        modifiers: Vec::new(),
                    }),
                    seen_verb,
                );
                while characters
                    .peek()
                    .is_some_and(|(index, _)| *index < start + length)
                {
                    characters.next();
                }
            }
        }
    }
    if !seen_verb {
        return Err("pattern has no `*` for the verb".to_owned());
    }
    Ok((before, after))
}

/// Splits `BODY [CODE]` at the last bracketed code; tells whether the code
/// was glued to the previous token.
fn split_trailing_code(text: &str) -> Option<(&str, &str, bool)> {
    let text = text.trim_end();
    let inner_end = text.strip_suffix(']')?;
    let open = inner_end.rfind('[')?;
    let code = inner_end.get(open + 1..)?;
    let body = inner_end.get(..open)?;
    let glued = !body.is_empty() && !body.ends_with(char::is_whitespace);
    Some((body, code, glued))
}

/// Reads a PETRARCH verb dictionary into `events`.
pub(crate) fn read_verbs(
    text: &str,
    file: &str,
    events: &mut EventTable,
    diagnostics: &mut Vec<Diagnostic>,
) -> PetrarchCounts {
    let file_arc: Arc<str> = Arc::from(file);
    let mut counts = PetrarchCounts::default();
    let mut in_synset_section = true;
    let mut current_synset: Option<Synset> = None;
    let mut current_block: Option<usize> = None;
    let mut synset_references: Vec<(String, u64)> = Vec::new();
    for (index, raw_line) in text.lines().enumerate() {
        let line_number = index as u64 + 1;
        let origin = Origin {
            file: file_arc.clone(),
            line: line_number,
        };
        let line = raw_line.trim();
        if line.starts_with("####### VERB PATTERNS") {
            in_synset_section = false;
            if let Some(synset) = current_synset.take() {
                events.synsets.insert(synset.name.clone(), synset);
            }
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with("<!") {
            warn(
                diagnostics,
                file,
                line_number,
                "`<!` line ignored (PETRARCH would stop reading patterns here)",
            );
            continue;
        }
        if line.starts_with("---") {
            let after_dashes = line.trim_start_matches('-').trim_start();
            let name_end = after_dashes
                .find(|c: char| c.is_whitespace() || c == '[')
                .unwrap_or(after_dashes.len());
            let name = after_dashes.get(..name_end).unwrap_or("").to_owned();
            let code = match (line.find('['), line.find(']')) {
                (Some(open), Some(close)) if open < close => {
                    let written = line.get(open + 1..close).unwrap_or("");
                    let rest = line.get(close + 1..).unwrap_or("").trim();
                    if !rest.is_empty() && !rest.starts_with("---")
                        || rest.is_empty() && !line.ends_with("---")
                    {
                        note(diagnostics, file, line_number, "block header is not `--- NAME [CODE] ---`; read with the code in brackets");
                    }
                    parse_code(written, file, line_number, diagnostics)
                }
                _ => {
                    warn(
                        diagnostics,
                        file,
                        line_number,
                        "block header without a code; the block codes nothing by itself",
                    );
                    PetrarchCode {
                        forward: None,
                        reverse: None,
                        written: String::new(),
                    }
                }
            };
            if name.is_empty() {
                warn(
                    diagnostics,
                    file,
                    line_number,
                    "block header without a name",
                );
            }
            counts.blocks += 1;
            events.blocks.push(VerbBlock {
                name,
                code,
                patterns: Vec::new(),
                origin,
            });
            current_block = Some(events.blocks.len() - 1);
            continue;
        }
        if let Some(pattern_text) = line.strip_prefix('-') {
            let without_comment = pattern_text.split('#').next().unwrap_or("");
            let Some(block_index) = current_block else {
                warn(
                    diagnostics,
                    file,
                    line_number,
                    "pattern before any verb block; skipped",
                );
                continue;
            };
            let Some((body, code_text, glued)) = split_trailing_code(without_comment) else {
                warn(
                    diagnostics,
                    file,
                    line_number,
                    "pattern without a `[CODE]` at its end; skipped",
                );
                continue;
            };
            // A code glued to the previous token (`VISIT)[042:043]`) is a
            // typo in which a stray copy of earlier text precedes the code;
            // the stray token is dropped so the rest of the pattern reads.
            let body = if glued {
                let trimmed = body.trim_end();
                let stray_start = trimmed
                    .rfind(char::is_whitespace)
                    .map_or(0, |space| space + 1);
                let stray = trimmed.get(stray_start..).unwrap_or("");
                warn(
                    diagnostics,
                    file,
                    line_number,
                    format!("stray text `{stray}` glued to the code is dropped"),
                );
                trimmed.get(..stray_start).unwrap_or("")
            } else {
                body
            };
            let code = parse_code(code_text, file, line_number, diagnostics);
            match parse_pattern_body(body) {
                Ok((before_verb, after_verb)) => {
                    for element in before_verb.iter().chain(&after_verb) {
                        collect_synset_references(element, line_number, &mut synset_references);
                    }
                    if let Some(block) = events.blocks.get_mut(block_index) {
                        block.patterns.push(PetrarchPattern {
                            before_verb,
                            after_verb,
                            code,
                            text: format!("-{}", without_comment.trim_end()),
                            origin,
                        });
                        counts.patterns += 1;
                    }
                }
                Err(message) => warn(
                    diagnostics,
                    file,
                    line_number,
                    format!("{message}; pattern skipped"),
                ),
            }
            continue;
        }
        if in_synset_section && line.starts_with('&') {
            if let Some(synset) = current_synset.take() {
                events.synsets.insert(synset.name.clone(), synset);
            }
            let name = line
                .split(|c: char| c.is_whitespace() || c == '#')
                .next()
                .unwrap_or(line)
                .trim_end_matches('_')
                .to_owned();
            counts.synsets += 1;
            current_synset = Some(Synset {
                name,
                members: Vec::new(),
                plurals: Vec::new(),
                origin,
            });
            continue;
        }
        if in_synset_section && line.starts_with('+') {
            let member = line
                .trim_start_matches('+')
                .split('#')
                .next()
                .unwrap_or("")
                .trim();
            let Some(synset) = current_synset.as_mut() else {
                warn(
                    diagnostics,
                    file,
                    line_number,
                    "synset member before any `&NAME` label; skipped",
                );
                continue;
            };
            counts.synset_members += 1;
            let no_plural = member.ends_with('_');
            let words: Vec<&str> = member
                .split(|c: char| c == '_' || c.is_whitespace())
                .filter(|word| !word.is_empty())
                .collect();
            if let Some(noun) = noun_from_words(&words) {
                if words.len() == 1 && !no_plural {
                    synset.plurals.push(plural_upper(&noun.head));
                }
                synset.members.push(noun);
            } else {
                warn(
                    diagnostics,
                    file,
                    line_number,
                    "empty synset member; skipped",
                );
            }
            continue;
        }
        if line.starts_with('~') {
            let body = line
                .trim_start_matches('~')
                .split('#')
                .next()
                .unwrap_or("")
                .trim();
            match body.split_once('=') {
                Some((pattern, result))
                    if !pattern.trim().is_empty() && !result.trim().is_empty() =>
                {
                    counts.transformations += 1;
                    events.transformations.push(Transformation {
                        pattern: pattern.trim().to_owned(),
                        result: result.trim().to_owned(),
                        origin,
                    });
                }
                _ => warn(
                    diagnostics,
                    file,
                    line_number,
                    "transformation without `=`; skipped",
                ),
            }
            continue;
        }
        // A verb line: VERB {FORMS} [CODE] # comment. TABARI also used `;`
        // for comments on verb lines (`RIP {...};shan 7/11/93`).
        let without_hash = line.split('#').next().unwrap_or("");
        let without_comment = match without_hash.split_once(';') {
            Some((verb, comment)) => {
                note(
                    diagnostics,
                    file,
                    line_number,
                    format!("`;{}` read as a TABARI comment", comment.trim_end()),
                );
                verb.trim()
            }
            None => without_hash.trim(),
        };
        if without_comment.is_empty() {
            continue;
        }
        let Some(block_index) = current_block else {
            warn(
                diagnostics,
                file,
                line_number,
                format!("`{without_comment}` before any verb block; skipped"),
            );
            continue;
        };
        read_verb_line(
            without_comment,
            block_index,
            origin,
            events,
            diagnostics,
            &mut counts,
        );
    }
    if let Some(synset) = current_synset.take() {
        events.synsets.insert(synset.name.clone(), synset);
    }
    for (name, line) in synset_references {
        if !events.synsets.contains_key(&name) {
            warn(
                diagnostics,
                file,
                line,
                format!("pattern uses undefined synset {name}; that element never matches"),
            );
        }
    }
    counts
}

fn collect_synset_references(
    element: &PatternElement,
    line: u64,
    references: &mut Vec<(String, u64)>,
) {
    let mut check_noun = |noun: &PatternNoun| {
        for word in std::iter::once(&noun.head).chain(&noun.modifiers) {
            if let Some(position) = word.find('&') {
                let name = word
                    .get(position..)
                    .unwrap_or("")
                    .trim_end_matches('_')
                    .to_owned();
                references.push((name, line));
            }
        }
    };
    match element {
        PatternElement::Noun(noun) => check_noun(noun),
        PatternElement::Preposition {
            object: Some(noun), ..
        } => check_noun(noun),
        _ => {}
    }
}

fn read_verb_line(
    text: &str,
    block_index: usize,
    origin: Origin,
    events: &mut EventTable,
    diagnostics: &mut Vec<Diagnostic>,
    counts: &mut PetrarchCounts,
) {
    let file = origin.file.clone();
    let line_number = origin.line;
    let (text, line_code) = match split_trailing_code(text) {
        Some((body, code, _)) => (
            body.trim(),
            Some(parse_code(code, &file, line_number, diagnostics)),
        ),
        None => (text, None),
    };
    let (words_part, forms) = match (text.find('{'), text.find('}')) {
        (Some(open), Some(close)) if open < close => {
            let forms: Vec<String> = text
                .get(open + 1..close)
                .unwrap_or("")
                .split_whitespace()
                .map(|form| phrase_words(form.trim_start_matches('+')).to_lowercase())
                .collect();
            let after = text.get(close + 1..).unwrap_or("").trim();
            if !after.is_empty() {
                warn(
                    diagnostics,
                    &file,
                    line_number,
                    format!("text `{after}` after the forms is ignored"),
                );
            }
            (text.get(..open).unwrap_or("").trim(), forms)
        }
        (None, None) => (text, Vec::new()),
        _ => {
            warn(
                diagnostics,
                &file,
                line_number,
                "unbalanced `{` in verb line; forms ignored",
            );
            (text.split('{').next().unwrap_or(text).trim(), Vec::new())
        }
    };
    let block_code = events
        .blocks
        .get(block_index)
        .map(|block| block.code.clone())
        .unwrap_or_default();
    let code = line_code.unwrap_or(block_code);
    let verbs: Vec<&str> = words_part.split_whitespace().collect();
    if verbs.len() > 1 {
        note(
            diagnostics,
            &file,
            line_number,
            "several verbs on one line; each is read as a verb of the block",
        );
    }
    for verb in verbs {
        let parts: Vec<&str> = verb.split('_').filter(|part| !part.is_empty()).collect();
        let head_position = parts
            .iter()
            .position(|part| part.starts_with('+'))
            .unwrap_or(0);
        let Some(head) = parts.get(head_position) else {
            continue;
        };
        let head = head.trim_start_matches('+').to_lowercase();
        if head.is_empty() {
            continue;
        }
        let other_words: Vec<String> = parts
            .iter()
            .enumerate()
            .filter(|(position, _)| *position != head_position)
            .map(|(_, part)| part.to_lowercase())
            .collect();
        counts.entries += 1;
        events.add(EventExpression {
            word_class: WordClass::Verb,
            head,
            other_words,
            phrase: verb.to_owned(),
            code: code.forward.clone(),
            reverse_code: code.reverse.clone(),
            targets: Vec::new(),
            negated_code: None,
            forms: forms.clone(),
            origin: origin.clone(),
            petrarch_block: Some(block_index),
        });
    }
}

// ---------------------------------------------------------------- actors

/// Parses a PETRARCH date: `YYMMDD` (00–30 → 20YY) or `YYYYMMDD`. Longer
/// or shorter strings are read the way PETRARCH reads them, with a warning.
fn parse_petrarch_date(
    text: &str,
    file: &str,
    line: u64,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != text.len() || digits.is_empty() {
        warn(
            diagnostics,
            file,
            line,
            format!("date `{text}` is not a number; code skipped"),
        );
        return None;
    }
    let (year, month, day) = if digits.len() <= 7 {
        if digits.len() != 6 {
            warn(
                diagnostics,
                file,
                line,
                format!(
                    "date `{text}` is not YYMMDD; read as its first six digits, as PETRARCH does"
                ),
            );
        }
        let two_digit: i32 = digits.get(..2)?.parse().ok()?;
        let year = if two_digit <= 30 {
            2000 + two_digit
        } else {
            1900 + two_digit
        };
        (
            year,
            digits.get(2..4)?.parse().ok()?,
            digits.get(4..6)?.parse().ok()?,
        )
    } else {
        if digits.len() != 8 {
            warn(diagnostics, file, line, format!("date `{text}` is not YYYYMMDD; read as its first eight digits, as PETRARCH does"));
        }
        (
            digits.get(..4)?.parse().ok()?,
            digits.get(4..6)?.parse().ok()?,
            digits.get(6..8)?.parse().ok()?,
        )
    };
    let date = Date::from_ymd_opt(year, month, day);
    if date.is_none() {
        warn(
            diagnostics,
            file,
            line,
            format!("date `{text}` is not a calendar date; code skipped"),
        );
    }
    date
}

/// Parses the inside of `[CODE]`, `[CODE >D]`, `[CODE <D]`, `[CODE D1-D2]`.
fn parse_dated_code(
    inner: &str,
    origin: &Origin,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<DatedCode> {
    let file = origin.file.clone();
    let line = origin.line;
    let mut parts = inner.split_whitespace();
    let code = parts.next()?.to_owned();
    let restriction: String = parts.collect::<Vec<_>>().join("");
    let dates = if restriction.is_empty() {
        DateRange::ALWAYS
    } else if let Some(date) = restriction.strip_prefix('>') {
        DateRange {
            from: Some(parse_petrarch_date(date, &file, line, diagnostics)?),
            to: None,
        }
    } else if let Some(date) = restriction.strip_prefix('<') {
        DateRange {
            from: None,
            to: Some(parse_petrarch_date(date, &file, line, diagnostics)?),
        }
    } else if let Some((from, to)) = restriction.split_once('-') {
        let from = parse_petrarch_date(from, &file, line, diagnostics)?;
        let to = parse_petrarch_date(to, &file, line, diagnostics)?;
        if from > to {
            warn(
                diagnostics,
                &file,
                line,
                format!("date range `{restriction}` ends before it starts; code skipped"),
            );
            return None;
        }
        DateRange {
            from: Some(from),
            to: Some(to),
        }
    } else {
        warn(
            diagnostics,
            &file,
            line,
            format!(
                "bare date `{restriction}` read as `>{restriction}` (PETRARCH applies it always)"
            ),
        );
        DateRange {
            from: Some(parse_petrarch_date(&restriction, &file, line, diagnostics)?),
            to: None,
        }
    };
    Some(DatedCode {
        code,
        dates,
        origin: origin.clone(),
    })
}

/// Every `[...]` group of a line, with the text before the first one.
fn bracket_groups(text: &str) -> (&str, Vec<&str>) {
    let phrase_end = text.find('[').unwrap_or(text.len());
    let phrase = text.get(..phrase_end).unwrap_or("");
    let mut groups = Vec::new();
    let mut rest = text.get(phrase_end..).unwrap_or("");
    while let Some(open) = rest.find('[') {
        let after = rest.get(open + 1..).unwrap_or("");
        match after.find(']') {
            Some(close) => {
                groups.push(after.get(..close).unwrap_or(""));
                rest = after.get(close + 1..).unwrap_or("");
            }
            None => {
                groups.push(after);
                break;
            }
        }
    }
    (phrase, groups)
}

struct PendingActor {
    entity: ActorEntity,
    phrases: Vec<(String, u64)>,
}

fn commit_actor(pending: Option<PendingActor>, actors: &mut ActorTable) {
    let Some(pending) = pending else { return };
    let primary_line = pending.entity.origin.line;
    let entity = actors.add_entity(pending.entity);
    if let Some(stored) = actors.entities.get(entity) {
        // Borrowing the two fields separately lets the name be indexed
        // without copying it.
        actors.phrases.insert(
            &stored.name,
            CaseRule::Insensitive,
            ActorPhrase {
                entity,
                role: PhraseRole::Name,
                line: primary_line,
                article: false,
                dates: None,
            },
        );
    }
    for (phrase, line) in pending.phrases {
        actors.add_phrase(
            &phrase,
            CaseRule::Insensitive,
            ActorPhrase {
                entity,
                role: PhraseRole::Name,
                line,
                article: false,
                dates: None,
            },
        );
    }
}

/// Reads a PETRARCH actor dictionary into `actors`.
pub(crate) fn read_actors(
    text: &str,
    file: &str,
    actors: &mut ActorTable,
    diagnostics: &mut Vec<Diagnostic>,
) -> PetrarchCounts {
    let file_arc: Arc<str> = Arc::from(file);
    let mut counts = PetrarchCounts::default();
    let mut pending: Option<PendingActor> = None;
    let mut lines = content_lines(text);
    for (line_number, line) in lines.by_ref() {
        let origin = Origin {
            file: file_arc.clone(),
            line: line_number,
        };
        if let Some(synonym) = line.strip_prefix('+') {
            let Some(current) = pending.as_mut() else {
                warn(
                    diagnostics,
                    file,
                    line_number,
                    "synonym before any actor; skipped",
                );
                continue;
            };
            let (phrase, groups) = bracket_groups(synonym);
            if !groups.is_empty() {
                warn(
                    diagnostics,
                    file,
                    line_number,
                    "codes on a synonym line are ignored, as PETRARCH does",
                );
            }
            let words = phrase_words(phrase);
            if words.is_empty() {
                warn(diagnostics, file, line_number, "empty synonym; skipped");
                continue;
            }
            counts.synonyms += 1;
            current.phrases.push((words, line_number));
            continue;
        }
        if line.starts_with('[') {
            let Some(current) = pending.as_mut() else {
                warn(
                    diagnostics,
                    file,
                    line_number,
                    "date line before any actor; skipped",
                );
                continue;
            };
            let (_, groups) = bracket_groups(&line);
            counts.date_lines += 1;
            for group in groups {
                if let Some(code) = parse_dated_code(group, &origin, diagnostics) {
                    counts.codes += 1;
                    current.entity.dated_codes.push(code);
                }
            }
            continue;
        }
        // A primary line: commit the previous entry first. Unlike PETRARCH,
        // the last entry of the file is committed too (after the loop).
        commit_actor(pending.take(), actors);
        let (phrase, groups) = bracket_groups(&line);
        let words = phrase_words(phrase);
        if words.is_empty() {
            warn(
                diagnostics,
                file,
                line_number,
                "actor line without a phrase; skipped",
            );
            continue;
        }
        counts.entries += 1;
        let mut entity = ActorEntity {
            id: words.clone(),
            name: words,
            kind: EntityKind::PetrarchActor,
            code: None,
            country: None,
            org: None,
            sector: None,
            parent: None,
            regions: Vec::new(),
            roles: Vec::new(),
            dated_codes: Vec::new(),
            active: None,
            origin: origin.clone(),
        };
        for group in groups {
            if let Some(code) = parse_dated_code(group, &origin, diagnostics) {
                counts.codes += 1;
                entity.dated_codes.push(code);
            }
        }
        // The primary phrase is the entity's name; only synonyms are
        // collected separately, which saves two copies per entry.
        pending = Some(PendingActor {
            entity,
            phrases: Vec::new(),
        });
    }
    commit_actor(pending.take(), actors);
    if lines.ended_in_comment() {
        warn(
            diagnostics,
            file,
            text.lines().count() as u64,
            "XML comment `<!--` is not closed by the end of the file",
        );
    }
    counts
}

// ---------------------------------------------------------------- agents

/// Reads a PETRARCH agent dictionary into `agents`.
pub(crate) fn read_agents(
    text: &str,
    file: &str,
    agents: &mut AgentTable,
    diagnostics: &mut Vec<Diagnostic>,
) -> PetrarchCounts {
    let file_arc: Arc<str> = Arc::from(file);
    let mut counts = PetrarchCounts::default();
    let mut substitution_sets: HashMap<String, Vec<String>> = HashMap::new();
    for (line_number, line) in content_lines(text) {
        let origin = Origin {
            file: file_arc.clone(),
            line: line_number,
        };
        if line.contains('!') && line.contains('=') && !line.contains('[') {
            if let Some((name, items)) = line.split_once('=') {
                let items: Vec<String> = items
                    .split(',')
                    .map(|item| item.trim().to_owned())
                    .filter(|item| !item.is_empty())
                    .collect();
                substitution_sets.insert(name.trim().to_owned(), items);
                counts.substitution_sets += 1;
            }
            continue;
        }
        let Some(open) = line.find('[') else {
            warn(
                diagnostics,
                file,
                line_number,
                format!("agent `{line}` has no [CODE]; skipped, as PETRARCH does"),
            );
            continue;
        };
        let code = line
            .get(open + 1..)
            .and_then(|rest| rest.split(']').next())
            .unwrap_or("")
            .trim();
        let before_code = line.get(..open).unwrap_or("");
        let (phrase_part, plural) = match (before_code.find('{'), before_code.find('}')) {
            (Some(open_brace), Some(close_brace)) if open_brace < close_brace => (
                before_code.get(..open_brace).unwrap_or(""),
                Some(phrase_words(
                    before_code.get(open_brace + 1..close_brace).unwrap_or(""),
                )),
            ),
            _ => (before_code, None),
        };
        let (sector, prefix) = if let Some(sector) = code.strip_prefix('~') {
            (sector, false)
        } else if let Some(sector) = code.strip_suffix('~') {
            (sector, true)
        } else {
            warn(
                diagnostics,
                file,
                line_number,
                format!("agent code `{code}` has no `~`; read as appended to the actor code"),
            );
            (code, false)
        };
        if sector.is_empty() {
            warn(diagnostics, file, line_number, "empty agent code; skipped");
            continue;
        }
        let phrase_text = phrase_part.trim();
        let mut phrases: Vec<String> = Vec::new();
        let mut generate_plural = true;
        if let Some(marker_start) = phrase_text.find('!') {
            let marker_end = phrase_text
                .get(marker_start + 1..)
                .and_then(|rest| rest.find('!'))
                .map(|end| marker_start + 1 + end);
            let marker = marker_end.and_then(|end| phrase_text.get(marker_start..=end));
            match marker
                .and_then(|marker| substitution_sets.get(marker).map(|items| (marker, items)))
            {
                Some((marker, items)) => {
                    for item in items {
                        phrases.push(phrase_words(&phrase_text.replacen(marker, item, 1)));
                    }
                    generate_plural = false;
                }
                None => {
                    warn(
                        diagnostics,
                        file,
                        line_number,
                        "unknown `!SET!` marker; line skipped",
                    );
                    continue;
                }
            }
        } else {
            phrases.push(phrase_words(phrase_text));
        }
        phrases.retain(|phrase| !phrase.is_empty());
        if phrases.is_empty() {
            warn(
                diagnostics,
                file,
                line_number,
                "agent line without a phrase; skipped",
            );
            continue;
        }
        counts.entries += 1;
        let agent_index = agents.agents.len();
        agents.agents.push(AgentEntry {
            sector: sector.to_owned(),
            prefix,
            name: phrases.first().cloned().unwrap_or_default(),
            origin,
        });
        // PETRARCH agent files do not say which phrases are titles; any of
        // them may stand before a name, as in PETRARCH.
        let value = AgentPhrase {
            agent: agent_index,
            line: line_number,
            form: AgentForm::Singular,
        };
        for phrase in &phrases {
            agents.phrases.insert(phrase, CaseRule::Insensitive, value);
        }
        match plural {
            Some(plural) if !plural.is_empty() => {
                agents.phrases.insert(&plural, CaseRule::Insensitive, value)
            }
            Some(_) => {}
            None if generate_plural => {
                for phrase in &phrases {
                    agents.phrases.insert(
                        &plural_upper_phrase(phrase),
                        CaseRule::Insensitive,
                        value,
                    );
                }
            }
            None => {}
        }
    }
    counts
}

fn plural_upper_phrase(phrase: &str) -> String {
    crate::common::regular_plural(&phrase.to_lowercase()).to_uppercase()
}

// ---------------------------------------------------------------- discards

/// Reads a PETRARCH discard list into `discards`.
pub(crate) fn read_discards(
    text: &str,
    file: &str,
    discards: &mut DiscardTable,
    diagnostics: &mut Vec<Diagnostic>,
) -> PetrarchCounts {
    let file_arc: Arc<str> = Arc::from(file);
    let mut counts = PetrarchCounts::default();
    for (line_number, line) in content_lines(text) {
        let (scope, phrase) = match line.strip_prefix('+') {
            Some(rest) => (DiscardScope::Story, rest),
            None => (DiscardScope::Sentence, &*line),
        };
        if phrase.contains('[') {
            warn(
                diagnostics,
                file,
                line_number,
                "discard phrase contains `[`; read as words",
            );
        }
        let words = phrase_words(phrase);
        if words.is_empty() {
            warn(
                diagnostics,
                file,
                line_number,
                "empty discard phrase; skipped",
            );
            continue;
        }
        counts.entries += 1;
        if scope == DiscardScope::Story {
            counts.story_discards += 1;
        }
        discards.add(DiscardPhrase {
            phrase: words,
            scope,
            origin: Origin {
                file: file_arc.clone(),
                line: line_number,
            },
        });
    }
    counts
}

// ---------------------------------------------------------------- issues

/// One issue phrase: a phrase that tags a sentence with an issue code, or
/// (without a code) cancels all issues of the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuePhrase {
    /// The phrase after expansion, words separated by spaces.
    pub phrase: String,
    /// The issue code, or `None` for an ignore phrase (`~`, `~~`).
    pub code: Option<String>,
    /// The `<ISSUE CATEGORY="...">` the phrase is in, if any.
    pub category: Option<String>,
    /// Where it is written.
    pub origin: Origin,
}

/// The compiled issue dictionary.
#[derive(Default)]
pub struct IssueTable {
    pub(crate) phrases: Vec<IssuePhrase>,
    pub(crate) index: PhraseIndex<usize>,
    pub(crate) files: Vec<String>,
}

impl IssueTable {
    /// Every issue phrase after expansion.
    pub fn phrases(&self) -> &[IssuePhrase] {
        &self.phrases
    }

    /// Issue codes in a sentence with how often each occurs, in order of
    /// first occurrence; empty when an ignore phrase occurs.
    pub fn issues_in<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<(String, usize)> {
        let words: Vec<&str> = tokens.iter().map(AsRef::as_ref).collect();
        let mut found: Vec<(String, usize)> = Vec::new();
        let mut position = 0;
        while position < words.len() {
            let Some((length, values)) = self.index.longest_at(&words, position) else {
                position += 1;
                continue;
            };
            for value in values {
                match self.phrases.get(*value).map(|phrase| &phrase.code) {
                    Some(None) => return Vec::new(),
                    Some(Some(code)) => {
                        match found.iter_mut().find(|(existing, _)| existing == code) {
                            Some((_, count)) => *count += 1,
                            None => found.push((code.clone(), 1)),
                        }
                    }
                    None => {}
                }
            }
            position += length.max(1);
        }
        found
    }
}

/// Expands one word of an issue phrase: `n:` adds the plural, `v:` the verb
/// forms, and `a+b` gives both `a b` and `a-b`.
fn expand_issue_word(word: &str) -> Vec<String> {
    if let Some((left, right)) = word.split_once('+') {
        let mut expanded = Vec::new();
        for left in expand_issue_word(left) {
            for right in expand_issue_word(right) {
                expanded.push(format!("{left} {right}"));
                expanded.push(format!("{left}-{right}"));
            }
        }
        return expanded;
    }
    if let Some(noun) = word.strip_prefix("n:") {
        return vec![noun.to_owned(), crate::common::regular_plural(noun)];
    }
    if let Some(verb) = word.strip_prefix("v:") {
        let stem = verb.strip_suffix('e').unwrap_or(verb);
        let past = if verb.ends_with('e') {
            format!("{verb}d")
        } else {
            format!("{verb}ed")
        };
        return vec![
            verb.to_owned(),
            format!("{verb}s"),
            past,
            format!("{stem}ing"),
        ];
    }
    vec![word.to_owned()]
}

fn expand_issue_phrase(phrase: &str) -> Vec<String> {
    let mut expanded = vec![String::new()];
    for word in phrase.split_whitespace() {
        let forms = expand_issue_word(word);
        let mut next = Vec::with_capacity(expanded.len() * forms.len());
        for prefix in &expanded {
            for form in &forms {
                next.push(if prefix.is_empty() {
                    form.clone()
                } else {
                    format!("{prefix} {form}")
                });
            }
        }
        expanded = next;
    }
    expanded.retain(|phrase| !phrase.is_empty());
    expanded
}

/// Reads a PETRARCH issue dictionary into `issues`.
pub(crate) fn read_issues(
    text: &str,
    file: &str,
    issues: &mut IssueTable,
    diagnostics: &mut Vec<Diagnostic>,
) -> PetrarchCounts {
    let file_arc: Arc<str> = Arc::from(file);
    let mut counts = PetrarchCounts::default();
    let mut category: Option<String> = None;
    for (line_number, line) in content_lines(text) {
        let origin = Origin {
            file: file_arc.clone(),
            line: line_number,
        };
        if line.starts_with("<ISSUE") {
            category = line.split('"').nth(1).map(str::to_owned);
            continue;
        }
        if line.starts_with("</ISSUE") {
            category = None;
            continue;
        }
        let (phrase, code) = if let Some(ignored) = line.strip_prefix('~') {
            counts.ignore_lines += 1;
            (ignored.trim_start_matches('~').to_owned(), None)
        } else {
            let (phrase, groups) = bracket_groups(&line);
            match groups.first() {
                Some(code) if !code.trim().is_empty() => {
                    counts.entries += 1;
                    (phrase.to_owned(), Some(code.trim().to_owned()))
                }
                _ => {
                    warn(
                        diagnostics,
                        file,
                        line_number,
                        format!("issue line `{line}` has no [CODE]; skipped"),
                    );
                    continue;
                }
            }
        };
        for expanded in expand_issue_phrase(&phrase) {
            let index = issues.phrases.len();
            issues.index.insert(&expanded, CaseRule::Insensitive, index);
            issues.phrases.push(IssuePhrase {
                phrase: expanded,
                code: code.clone(),
                category: category.clone(),
                origin: origin.clone(),
            });
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_bodies() {
        let (before, after) = parse_pattern_body(" * (TO {BANNED PARTIES}) $ ").expect("parses");
        assert!(before.is_empty());
        assert_eq!(
            after,
            vec![
                PatternElement::Preposition {
                    preposition: "TO".into(),
                    object: Some(PatternNoun {
                        head: "PARTIES".into(),
                        modifiers: vec!["BANNED".into()]
                    })
                },
                PatternElement::Source
            ]
        );
        let (before, after) = parse_pattern_body("&MILITARY *").expect("parses");
        assert_eq!(
            before,
            vec![PatternElement::Noun(PatternNoun {
                head: "&MILITARY".into(),
                modifiers: vec![]
            })]
        );
        assert!(after.is_empty());
        assert!(parse_pattern_body("* *").is_err());
        assert!(parse_pattern_body("X (TO").is_err());
        assert!(parse_pattern_body("X Y").is_err());
    }

    #[test]
    fn trailing_codes() {
        assert_eq!(
            split_trailing_code(" * (TO) [042:043] "),
            Some((" * (TO) ", "042:043", false))
        );
        assert_eq!(
            split_trailing_code(" * (ON VISIT)[042:043]"),
            Some((" * (ON VISIT)", "042:043", true))
        );
        assert_eq!(split_trailing_code(" * X"), None);
    }

    #[test]
    fn petrarch_dates() {
        let mut diagnostics = Vec::new();
        assert_eq!(
            parse_petrarch_date("080508", "f", 1, &mut diagnostics),
            Date::from_ymd_opt(2008, 5, 8)
        );
        assert_eq!(
            parse_petrarch_date("991231", "f", 1, &mut diagnostics),
            Date::from_ymd_opt(1999, 12, 31)
        );
        assert_eq!(
            parse_petrarch_date("20250506", "f", 1, &mut diagnostics),
            Date::from_ymd_opt(2025, 5, 6)
        );
        assert!(diagnostics.is_empty());
        assert_eq!(
            parse_petrarch_date("2004017", "f", 1, &mut diagnostics),
            Date::from_ymd_opt(2020, 4, 1)
        );
        assert_eq!(
            parse_petrarch_date("990231", "f", 1, &mut diagnostics),
            None
        );
        assert_eq!(diagnostics.len(), 2);
    }

    #[test]
    fn issue_expansion() {
        assert_eq!(
            expand_issue_phrase("pre+n:school"),
            vec!["pre school", "pre-school", "pre schools", "pre-schools"]
        );
        assert_eq!(
            expand_issue_phrase("v:vote"),
            vec!["vote", "votes", "voted", "voting"]
        );
    }

    #[test]
    fn actor_file_ending_inside_an_xml_comment_is_reported() {
        let mut actors = ActorTable::default();
        let mut diagnostics = Vec::new();
        read_actors(
            "UKRAINE_ [UKR]\n<!-- never closed\nRUSSIA_ [RUS]\n",
            "open-comment.txt",
            &mut actors,
            &mut diagnostics,
        );
        assert!(
            diagnostics
                .iter()
                .any(|diagnostic| diagnostic.message.contains("not closed")),
            "{diagnostics:?}"
        );
    }

    #[test]
    fn comment_stripping() {
        let mut stripper = CommentStripper {
            in_xml_comment: false,
        };
        assert_eq!(stripper.strip("A_ [AAA] # note"), "A_ [AAA]");
        assert_eq!(stripper.strip("B_ <!-- x --> [BBB]"), "B_  [BBB]");
        assert_eq!(stripper.strip("<!-- start"), "");
        assert_eq!(stripper.strip("INSIDE_ [CCC]"), "");
        assert_eq!(stripper.strip("end --> D_ [DDD]"), "D_ [DDD]");
    }
}
