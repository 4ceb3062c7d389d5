//! Speed of event coding on the UD English text, in sentences per second,
//! on one core and on two (issue 6):
//!
//! - **coder alone**: the coder with the built-in dictionaries on stored
//!   annotations — spaCy's own annotations of the UD text from
//!   `../shared/spacy-reference/ud-en.jsonl`, so no model is needed;
//! - **end to end**: documents → NLP pipeline (the real model) → coder, as
//!   `dyad code` runs them (model loading excluded), when the model package
//!   is installed.
//!
//! `cargo bench -p dyad --bench code_speed [-- SECONDS]` (default 5 seconds
//! per measurement). PETRARCH2 cannot run here (Python 2 and a CoreNLP
//! server), so the ratios printed are against the figures issue 6 quotes
//! for it on these machines (about 1,500 sentences/s without parsing, about
//! 40 with the CoreNLP parse it needs), labelled as quoted, not measured.
//! Rates are given per wall-clock second and per CPU second, because other
//! work on a shared machine lowers the wall-clock rate.

use dyad_types::{AnnotatedDocument, AnnotatedSentence, Document, Span, Token};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// PETRARCH2 without parsing, as quoted in issue 6.
const PETRARCH2_QUOTED_CODER: f64 = 1_500.0;
/// PETRARCH2 with the CoreNLP parse it needs, as quoted in issue 6.
const PETRARCH2_QUOTED_END_TO_END: f64 = 40.0;

/// CPU seconds this process has used (user + system, all threads), from
/// `/proc/self/stat`; `None` where that file does not exist.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / 100.0)
}

fn shared_dir() -> PathBuf {
    std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

/// One record of the spaCy reference file as an annotated document. The
/// reference gives code-point offsets (`idx`); dyad's spans are bytes.
fn annotated_from_reference(record: &serde_json::Value) -> Option<AnnotatedDocument> {
    let text = record.get("text")?.as_str()?.to_owned();
    let doc_id = record.get("doc")?.as_str()?.to_owned();
    let byte_of_code_point: Vec<usize> = text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(text.len()))
        .collect();
    let field = |token: &serde_json::Value, name: &str| {
        token
            .get(name)
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let mut tokens = Vec::new();
    for token in record.get("tokens")?.as_array()? {
        let word = field(token, "text");
        let start = *byte_of_code_point.get(usize::try_from(token.get("idx")?.as_u64()?).ok()?)?;
        tokens.push(Token {
            span: Span::new(start, start + word.len()),
            space_after: !field(token, "ws").is_empty(),
            tag: field(token, "tag"),
            pos: field(token, "pos"),
            dep: field(token, "dep"),
            head: usize::try_from(token.get("head")?.as_u64()?).ok()?,
            lemma: field(token, "lemma"),
            ent_iob: field(token, "ent_iob"),
            ent_type: field(token, "ent_type"),
            is_sent_start: token.get("is_sent_start")?.as_bool()?,
            text: word,
        });
    }
    let sentences = AnnotatedSentence::from_sentence_starts(&tokens);
    Some(AnnotatedDocument {
        doc_id,
        text,
        date: chrono::NaiveDate::from_ymd_opt(2025, 8, 19),
        title: None,
        tokens,
        sentences,
    })
}

/// A measured rate: sentences per wall-clock second and per CPU second.
struct Rate {
    wall: f64,
    cpu: Option<f64>,
}

/// Runs `round` (which returns sentences and events done) over and over for
/// about `seconds`, at least once, in a rayon pool of `threads` threads.
fn measure(threads: usize, seconds: f64, round: &(dyn Fn() -> (usize, usize) + Sync)) -> Rate {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a rayon pool");
    pool.install(|| {
        let cpu_before = cpu_seconds();
        let started = Instant::now();
        let mut sentences = 0usize;
        loop {
            let (done, _events) = round();
            sentences += done;
            if started.elapsed().as_secs_f64() >= seconds {
                break;
            }
        }
        let elapsed = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds()
            .zip(cpu_before)
            .map(|(after, before)| after - before)
            .filter(|cpu| *cpu > 0.0);
        Rate {
            wall: sentences as f64 / elapsed,
            cpu: cpu.map(|cpu| sentences as f64 / cpu),
        }
    })
}

fn print_rates(label: &str, one: &Rate, two: &Rate, goal: f64, quoted: f64) {
    let per_cpu = |rate: &Rate| {
        rate.cpu
            .map(|cpu| format!("{cpu:>9.0}"))
            .unwrap_or_else(|| "        -".into())
    };
    println!(
        "{label:<12} 1 thread {:>9.0}/s wall {}/CPU-s | 2 threads {:>9.0}/s wall {}/CPU-s | scaling {:.2}x | goal {goal:.0}/s on one core | {:.1}x PETRARCH2's quoted {quoted:.0}/s",
        one.wall,
        per_cpu(one),
        two.wall,
        per_cpu(two),
        two.wall / one.wall,
        one.wall / quoted,
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seconds: f64 = std::env::args()
        .skip(1)
        .find_map(|argument| argument.parse().ok())
        .unwrap_or(5.0);
    let reference_path = shared_dir().join("spacy-reference/ud-en.jsonl");
    let reference = std::fs::read_to_string(&reference_path)
        .map_err(|error| format!("cannot read {}: {error}", reference_path.display()))?;
    let annotated: Vec<AnnotatedDocument> = reference
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|record| annotated_from_reference(&record))
        .collect();
    let sentence_count: usize = annotated.iter().map(|d| d.sentences.len()).sum();
    println!(
        "input: {} UD documents, {} sentences (spaCy's sentences), {} tokens",
        annotated.len(),
        sentence_count,
        annotated.iter().map(|d| d.tokens.len()).sum::<usize>()
    );

    let (dictionaries, _) = dyad_dict::Dictionaries::builtin();
    let lexicon = dyad_coder::DictLexicon::new(Arc::new(dictionaries));
    let coder = dyad_coder::Coder::new(Arc::new(lexicon), dyad_coder::CoderOptions::default());
    let code_round = || {
        let events: usize = annotated
            .par_iter()
            .map(|document| coder.code(document).events.len())
            .sum();
        (sentence_count, events)
    };
    let (_, events_per_pass) = code_round();
    println!("coder: {events_per_pass} events per pass over the input");
    let one = measure(1, seconds, &code_round);
    let two = measure(2, seconds, &code_round);
    print_rates("coder alone", &one, &two, 20_000.0, PETRARCH2_QUOTED_CODER);

    let pipeline = match dyad_nlp::Pipeline::load(None) {
        Ok(pipeline) => pipeline.respecting_blocks(true),
        Err(error) => {
            println!("end to end: skipped, the model package is not installed ({error}); run scripts/setup.sh");
            return Ok(());
        }
    };
    let documents: Vec<Document> = annotated
        .iter()
        .map(|document| {
            let mut plain = Document::new(document.doc_id.clone(), document.text.clone());
            plain.date = document.date;
            plain
        })
        .collect();
    // The sentences counted are the ones the pipeline itself finds, which
    // equal spaCy's on this text (the parity test shows it).
    let end_to_end_round = || {
        let results: Vec<(usize, usize)> = pipeline
            .annotate_batch(&documents)
            .into_par_iter()
            .map(|annotated| {
                (
                    annotated.sentences.len(),
                    coder.code(&annotated).events.len(),
                )
            })
            .collect();
        results
            .iter()
            .fold((0, 0), |(s, e), (ds, de)| (s + ds, e + de))
    };
    let one = measure(1, seconds, &end_to_end_round);
    let two = measure(2, seconds, &end_to_end_round);
    print_rates(
        "end to end",
        &one,
        &two,
        1_000.0,
        PETRARCH2_QUOTED_END_TO_END,
    );
    Ok(())
}
