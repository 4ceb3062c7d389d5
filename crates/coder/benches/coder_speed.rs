//! Speed of the coder alone, on stored annotations (no NLP).
//!
//! `cargo bench -p dyad-coder --bench coder_speed [-- SECONDS]`
//!
//! Codes the golden test documents (and the gold-file annotations, when
//! present) over and over on one thread for about the given number of
//! seconds (default 5), then prints sentences per second. The goal
//! is 20,000 sentences/s on one core. PETRARCH2 cannot be run here (it needs
//! Python 2 and a constituency parse), so the ratio printed is against the
//! figure the issue quotes for it (about 1,500 sentences/s without parsing),
//! labelled as quoted rather than measured.

use dyad_coder::{Coder, CoderOptions, TextLexicon};
use dyad_types::AnnotatedDocument;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// PETRARCH2's speed without parsing as quoted in issue 6 (not measured here).
const PETRARCH2_QUOTED_SENTENCES_PER_SECOND: f64 = 1_500.0;

/// CPU seconds this process has used (user + system), from `/proc/self/stat`
/// on Linux; `None` elsewhere. On a shared machine wall-clock rates drop
/// with the load, so the bench also reports sentences per CPU second.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields of the whole line, in clock ticks (100 per second).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / 100.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seconds: f64 = std::env::args()
        .skip(1)
        .find_map(|argument| argument.parse().ok())
        .unwrap_or(5.0);
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut lexicon = TextLexicon::new();
    let dictionary = crate_dir.join("test_data/dictionaries/test.dict");
    lexicon.add_file("test.dict", &std::fs::read_to_string(dictionary)?);
    let coder = Coder::new(Arc::new(lexicon), CoderOptions::default());
    let mut documents: Vec<AnnotatedDocument> = Vec::new();
    for entry in std::fs::read_dir(crate_dir.join("test_data"))? {
        let path = entry?.path().join("annotations.json");
        if path.exists() {
            documents.push(serde_json::from_str(&std::fs::read_to_string(path)?)?);
        }
    }
    let gold = crate_dir.join("../../eval/gold");
    if let Ok(entries) = std::fs::read_dir(&gold) {
        for entry in entries {
            let path = entry?.path();
            if path.to_string_lossy().ends_with(".annotations.jsonl") {
                for line in std::fs::read_to_string(&path)?
                    .lines()
                    .filter(|line| !line.trim().is_empty())
                {
                    documents.push(serde_json::from_str(line)?);
                }
            }
        }
    }
    let sentences_per_round: usize = documents
        .iter()
        .map(|document| document.sentences.len())
        .sum();
    if sentences_per_round == 0 {
        return Err("no annotated sentences found".into());
    }
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let mut sentences = 0usize;
    let mut events = 0usize;
    while started.elapsed().as_secs_f64() < seconds {
        for document in &documents {
            events += coder.code(document).events.len();
        }
        sentences += sentences_per_round;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu_used = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let rate = sentences as f64 / elapsed;
    println!("documents per round: {}", documents.len());
    println!("sentences coded:     {sentences} in {elapsed:.2} s ({events} events)");
    println!("coder alone, 1 thread: {rate:.0} sentences/s wall clock (goal 20000)");
    if let Some(cpu) = cpu_used.filter(|cpu| *cpu > 0.0) {
        println!(
            "                       {:.0} sentences per CPU second ({cpu:.2} CPU s; load on the machine lowers the wall-clock rate)",
            sentences as f64 / cpu
        );
    }
    println!(
        "ratio to PETRARCH2's quoted {PETRARCH2_QUOTED_SENTENCES_PER_SECOND:.0} sentences/s (quoted, not measured here): {:.1}x",
        rate / PETRARCH2_QUOTED_SENTENCES_PER_SECOND
    );
    Ok(())
}
