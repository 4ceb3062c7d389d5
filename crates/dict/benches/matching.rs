//! Speed of the sentence matchers the coder calls for every sentence:
//! [`Dictionaries::match_actors`] and [`Dictionaries::place_at`] at every
//! token, over the sentences of the built-in lookup tables
//! (`dictionaries/tests/events.tsv`, written for dyad).
//!
//! Run with `cargo bench -p dyad-dict --bench matching`. It prints sentences
//! per second of wall time and of CPU time (the shared machine's load
//! distorts wall time). There is no reference tool for this step; to compare
//! with an earlier version, run the same bench on that version.

use dyad_dict::Dictionaries;
use dyad_types::Date;
use std::time::Instant;

/// CPU time (user + system) of this process in clock ticks of 10 ms.
fn cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(user + system)
}

/// Splits a sentence roughly as a tokenizer would: on white space, with
/// final punctuation and a possessive as tokens of their own.
fn tokens(sentence: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for word in sentence.split_whitespace() {
        let mut word = word;
        let mut after = Vec::new();
        while let Some(last) = word.chars().last().filter(|c| ",.;:!?\"".contains(*c)) {
            after.push(last.to_string());
            word = &word[..word.len() - last.len_utf8()];
        }
        if let Some(stem) = word.strip_suffix("'s").filter(|stem| !stem.is_empty()) {
            tokens.push(stem.to_owned());
            tokens.push("'s".to_owned());
        } else if !word.is_empty() {
            tokens.push(word.to_owned());
        }
        tokens.extend(after.into_iter().rev());
    }
    tokens
}

fn report(label: &str, sentences: usize, rounds: usize, run: impl Fn() -> usize) {
    let cpu_before = cpu_ticks();
    let start = Instant::now();
    let mut found = 0;
    for _ in 0..rounds {
        found = run();
    }
    let wall = start.elapsed().as_secs_f64();
    let total = (sentences * rounds) as f64;
    let cpu = match (cpu_before, cpu_ticks()) {
        (Some(before), Some(after)) if after > before => format!(
            "{:.0} sentences per CPU second",
            total / ((after - before) as f64 / 100.0)
        ),
        _ => "CPU time not measured".to_owned(),
    };
    println!(
        "{label}: {:.0} sentences per wall second, {cpu} ({sentences} sentences x {rounds} rounds, {found} found per round)",
        total / wall
    );
}

fn main() {
    let (dictionaries, _) = Dictionaries::builtin();
    let table = include_str!("../../../dictionaries/tests/events.tsv");
    let sentences: Vec<Vec<String>> = table
        .lines()
        .skip(1)
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| line.split('\t').next())
        .map(tokens)
        .collect();
    let date = Date::from_ymd_opt(2025, 8, 19);
    let rounds = 200;
    report("match_actors", sentences.len(), rounds, || {
        sentences
            .iter()
            .map(|sentence| dictionaries.match_actors(sentence, date).len())
            .sum()
    });
    report("place_at at every token", sentences.len(), rounds, || {
        sentences
            .iter()
            .map(|sentence| {
                (0..sentence.len())
                    .filter(|start| dictionaries.place_at(sentence, *start).is_some())
                    .count()
            })
            .sum()
    });
}
