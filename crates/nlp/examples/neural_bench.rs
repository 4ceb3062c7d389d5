//! Throughput of the neural components on the UD reference tokens.
//!
//! Prints tokens per second for the shared tok2vec, the tagger, the parser,
//! the NER (its own tok2vec plus decoding) and all of them together, on one
//! thread, and the peak resident memory. Run it in release mode:
//!
//! ```text
//! cargo run --release -p dyad-nlp --example neural_bench [-- REPEATS]
//! ```
//!
//! `crates/nlp/benches/neural_compare.sh` runs it next to spaCy and prints
//! the ratio.
#![allow(clippy::unwrap_used)]

#[path = "../tests/neural_support/mod.rs"]
mod neural_support;

use std::time::Instant;

use dyad_nlp::LexicalFeatures;
use neural_support::{lexicon, pipeline, shared_dir};

/// Peak resident set size in KiB, from `/proc/self/status` (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time of this thread in seconds, from `/proc/thread-self/schedstat`
/// (Linux only). The machine is shared, so CPU time is the fair measure;
/// wall time is printed too.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanoseconds: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanoseconds / 1e9)
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("memory") {
        memory_only();
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("instructions") {
        let documents: usize = std::env::args()
            .nth(2)
            .and_then(|a| a.parse().ok())
            .unwrap_or(200);
        let batched = std::env::args().nth(3).as_deref() == Some("batched");
        instructions_only(documents, batched);
        return;
    }
    // `batched [REPEATS]` times only the batched path, the one the
    // pipeline uses, for quick before/after comparisons.
    let only_batched = std::env::args().nth(1).as_deref() == Some("batched");
    let repeats: usize = std::env::args()
        .nth(if only_batched { 2 } else { 1 })
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let path = shared_dir().join("spacy-reference/ud-en.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let load_start = Instant::now();
    let pipeline = pipeline();
    let load_seconds = load_start.elapsed().as_secs_f64();
    let documents: Vec<Vec<LexicalFeatures>> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let doc: serde_json::Value = serde_json::from_str(line).unwrap();
            let tokens: Vec<(String, bool)> = doc["tokens"]
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
            lexicon().features_of(&tokens)
        })
        .collect();
    let tokens: usize = documents.iter().map(Vec::len).sum::<usize>() * repeats;
    println!(
        "documents: {}, tokens: {tokens} (×{repeats}), model load: {load_seconds:.2} s",
        documents.len()
    );

    let mut sink = 0usize;
    if only_batched {
        time_batched(pipeline, &documents, repeats, tokens, &mut sink);
        return;
    }
    let time = |name: &str, work: &mut dyn FnMut(&[LexicalFeatures])| {
        let start = Instant::now();
        let cpu_start = thread_cpu_seconds().unwrap_or(0.0);
        for _ in 0..repeats {
            for doc in &documents {
                work(doc);
            }
        }
        let wall = start.elapsed().as_secs_f64();
        let cpu = thread_cpu_seconds().map_or(wall, |end| end - cpu_start);
        println!(
            "{name:<28} {:>10.0} tokens/s of CPU time  ({cpu:.2} s CPU, {wall:.2} s wall)",
            tokens as f64 / cpu
        );
        cpu
    };

    // Inputs of the later stages, computed once outside their timings.
    let vectors: Vec<Vec<f32>> = documents.iter().map(|d| pipeline.run_tok2vec(d)).collect();
    let ner_vectors: Vec<Vec<f32>> = documents
        .iter()
        .map(|d| pipeline.run_ner_tok2vec(d))
        .collect();
    let parses: Vec<_> = documents
        .iter()
        .zip(&vectors)
        .map(|(d, v)| pipeline.run_parser(v, &d.iter().map(|f| f.is_space).collect::<Vec<_>>()))
        .collect();

    time("tok2vec (shared)", &mut |doc| {
        sink += pipeline.run_tok2vec(doc).len()
    });
    time("tok2vec + tagger", &mut |doc| {
        sink += pipeline.run_tagger_only(doc).len()
    });
    let mut index = 0;
    time("parser (given tok2vec)", &mut |doc| {
        let is_space: Vec<bool> = doc.iter().map(|f| f.is_space).collect();
        sink += pipeline
            .run_parser(&vectors[index % vectors.len()], &is_space)
            .heads
            .len();
        index += 1;
    });
    index = 0;
    time("NER tok2vec", &mut |doc| {
        sink += pipeline.run_ner_tok2vec(doc).len()
    });
    time("NER decoder (given tok2vec)", &mut |doc| {
        let i = index % ner_vectors.len();
        let is_space: Vec<bool> = doc.iter().map(|f| f.is_space).collect();
        sink += pipeline
            .run_ner(&ner_vectors[i], &parses[i].sent_starts, &is_space)
            .len();
        index += 1;
    });
    time("all neural, one doc at a time", &mut |doc| {
        sink += pipeline.run(doc).heads.len()
    });
    time_batched(pipeline, &documents, repeats, tokens, &mut sink);
}

/// Times the batched path: documents are handed over in groups of 16, as
/// the pipeline's batch path does, and the figure compared with spaCy.
fn time_batched(
    pipeline: &dyad_nlp::neural::NeuralPipeline,
    documents: &[Vec<LexicalFeatures>],
    repeats: usize,
    tokens: usize,
    sink: &mut usize,
) {
    let start = Instant::now();
    let cpu_start = thread_cpu_seconds().unwrap_or(0.0);
    for _ in 0..repeats {
        for group in documents.chunks(16) {
            let batch: Vec<&[LexicalFeatures]> = group.iter().map(Vec::as_slice).collect();
            *sink += pipeline.run_batch(&batch).len();
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let seconds = thread_cpu_seconds().map_or(wall, |end| end - cpu_start);
    println!(
        "{:<28} {:>10.0} tokens/s of CPU time  ({seconds:.2} s CPU, {wall:.2} s wall)",
        "all neural, batches of 16",
        tokens as f64 / seconds
    );
    println!("sink {sink}");
    println!("neural_words_per_second {:.0}", tokens as f64 / seconds);
}

/// Loads the pipeline and runs it document by document, as the real
/// pipeline does, then prints the peak resident memory.
fn memory_only() {
    let path = shared_dir().join("spacy-reference/ud-en.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let pipeline = pipeline();
    if let Some(kib) = peak_rss_kib() {
        println!(
            "peak RSS after loading the model: {:.1} MiB",
            kib as f64 / 1024.0
        );
    }
    let mut longest = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let tokens: Vec<(String, bool)> = doc["tokens"]
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
        let output = pipeline.run(&lexicon().features_of(&tokens));
        longest = longest.max(output.heads.len());
    }
    if let Some(kib) = peak_rss_kib() {
        println!(
            "peak RSS after the UD documents: {:.1} MiB",
            kib as f64 / 1024.0
        );
    }
    // One very long document, to show memory stays bounded.
    let long: Vec<(String, bool)> = (0..50_000)
        .map(|i| (["the", "talks", "resumed", "."][i % 4].to_string(), true))
        .collect();
    let output = pipeline.run(&lexicon().features_of(&long));
    longest = longest.max(output.heads.len());
    println!("longest document: {longest} tokens");
    if let Some(kib) = peak_rss_kib() {
        println!(
            "peak RSS (model + one document at a time): {:.1} MiB",
            kib as f64 / 1024.0
        );
    }
}

/// The measured part of [`instructions_only`], kept out of line so
/// `valgrind --toggle-collect=*measured_run*` counts only it, not the model
/// load.
#[inline(never)]
fn measured_run(
    pipeline: &dyad_nlp::neural::NeuralPipeline,
    documents: &[Vec<LexicalFeatures>],
    batched: bool,
) -> usize {
    if batched {
        let batch: Vec<&[LexicalFeatures]> = documents.iter().map(Vec::as_slice).collect();
        pipeline
            .run_batch(&batch)
            .iter()
            .map(|o| o.heads.len())
            .sum()
    } else {
        documents.iter().map(|d| pipeline.run(d).heads.len()).sum()
    }
}

/// Runs every neural component once over the first `limit` UD documents,
/// one document at a time, and nothing else: a fixed amount of work for
/// `valgrind --tool=callgrind`, whose instruction counts do not depend on
/// the load of the shared machine the way wall-clock time does.
fn instructions_only(limit: usize, batched: bool) {
    let path = shared_dir().join("spacy-reference/ud-en.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let pipeline = pipeline();
    let documents: Vec<Vec<LexicalFeatures>> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(limit)
        .map(|line| {
            let doc: serde_json::Value = serde_json::from_str(line).unwrap();
            let tokens: Vec<(String, bool)> = doc["tokens"]
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
            lexicon().features_of(&tokens)
        })
        .collect();
    let tokens: usize = documents.iter().map(Vec::len).sum();
    let heads = measured_run(pipeline, &documents, batched);
    println!(
        "documents: {}, tokens: {tokens}, heads: {heads}",
        documents.len()
    );
}
