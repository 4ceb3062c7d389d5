//! Load time and memory of the built-in dictionaries and of the Phoenix
//! PETRARCH set.
//!
//! Run with `cargo bench -p dyad-dict --bench dictionary_load`. It prints,
//! for each set, the best and median wall time over several loads and the
//! resident memory the loaded dictionaries keep (growth of VmRSS from
//! `/proc/self/status`, Linux only), and compares against the goal of
//! 100 ms. PETRARCH2 itself (Python 2, not on PyPI) is run for comparison
//! only when `DYAD_PETRARCH2_COMMAND` names a command that loads the same
//! Phoenix files and prints its own load time in seconds on its last line;
//! otherwise the bench says that no reference was measured.

use dyad_dict::{Dictionaries, DictionaryOptions};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const GOAL: Duration = Duration::from_millis(100);

/// Resident set size in kibibytes, from /proc (Linux); `None` elsewhere.
fn resident_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time (user + system) this process has used, from /proc (Linux),
/// in clock ticks of 10 ms. On a shared machine the wall time of a load
/// includes waiting for a core; CPU time does not.
fn cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may
    // contain spaces: utime and stime are the 12th and 13th of them.
    let after_name = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(user + system)
}

fn measure(label: &str, runs: usize, load: impl Fn() -> Dictionaries) -> Duration {
    // Memory first, while the allocator holds nothing from earlier loads.
    let before = resident_kib("VmRSS:");
    let kept = load();
    let after = resident_kib("VmRSS:");
    let memory = match (before, after) {
        (Some(before), Some(after)) => format!(
            "{:.1} MiB resident kept",
            after.saturating_sub(before) as f64 / 1024.0
        ),
        _ => "memory not measured (no /proc)".to_owned(),
    };
    let mut times = Vec::with_capacity(runs);
    let cpu_before = cpu_ticks();
    for _ in 0..runs {
        let start = Instant::now();
        let dictionaries = load();
        times.push(start.elapsed());
        drop(dictionaries);
    }
    let cpu = match (cpu_before, cpu_ticks()) {
        (Some(before), Some(after)) => format!(
            "{:.0} ms CPU per load",
            after.saturating_sub(before) as f64 * 10.0 / runs as f64
        ),
        _ => "CPU time not measured".to_owned(),
    };
    times.sort();
    let best = times.first().copied().unwrap_or_default();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!(
        "{label}: wall best {:.1} ms, median {:.1} ms over {runs} loads; {cpu}; {memory}; {} actor entries, {} agent phrases, {} event expressions; goal {} ms (best wall): {}",
        best.as_secs_f64() * 1000.0,
        median.as_secs_f64() * 1000.0,
        kept.actors().entities().len(),
        kept.agents().phrase_count(),
        kept.events().expressions().len(),
        GOAL.as_millis(),
        if best < GOAL { "met" } else { "missed" }
    );
    best
}

/// The share of the built-in load that the gazetteer takes: reading and
/// indexing `dictionaries/places.dict` on its own.
fn measure_places() {
    let text = include_str!("../../../dictionaries/places.dict");
    let runs = 50;
    let cpu_before = cpu_ticks();
    let mut times = Vec::with_capacity(runs);
    let mut places = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let report = Dictionaries::check_text(text, "dictionaries/places.dict");
        times.push(start.elapsed());
        places = report.entries;
    }
    let cpu = match (cpu_before, cpu_ticks()) {
        (Some(before), Some(after)) => format!(
            "{:.1} ms CPU per load",
            after.saturating_sub(before) as f64 * 10.0 / runs as f64
        ),
        _ => "CPU time not measured".to_owned(),
    };
    times.sort();
    let best = times.first().copied().unwrap_or_default();
    println!(
        "places.dict alone: wall best {:.1} ms over {runs} loads; {cpu}; {places} places",
        best.as_secs_f64() * 1000.0
    );
}

fn main() {
    measure("built-in", 20, || Dictionaries::builtin().0);
    measure_places();

    let shared = std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let phoenix = shared.join("dictionaries/phoenix");
    if !phoenix.is_dir() {
        println!("Phoenix: {} not found; skipped", phoenix.display());
        return;
    }
    let options = DictionaryOptions {
        verbs: Some(phoenix.join("CAMEO.2.0.txt")),
        actors: vec![
            phoenix.join("Phoenix.Countries.actors.txt"),
            phoenix.join("Phoenix.International.actors.txt"),
            phoenix.join("Phoenix.MilNonState.actors.txt"),
        ],
        agents: Some(phoenix.join("Phoenix.agents.txt")),
        discards: Some(phoenix.join("Phoenix.discards.txt")),
    };
    // A floor for comparison on a busy machine: only reading the same files
    // and splitting them into words, which any loader must do.
    let files: Vec<PathBuf> = options
        .actors
        .iter()
        .chain(options.verbs.iter())
        .chain(options.agents.iter())
        .chain(options.discards.iter())
        .cloned()
        .collect();
    let mut floor = Vec::new();
    for _ in 0..10 {
        let start = Instant::now();
        let mut words = 0usize;
        for file in &files {
            let text = std::fs::read(file)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default();
            words += text
                .lines()
                .map(|line| line.split_whitespace().count())
                .sum::<usize>();
        }
        floor.push((start.elapsed(), words));
    }
    floor.sort();
    if let Some((time, words)) = floor.first() {
        println!(
            "floor: reading the Phoenix files and splitting them into {words} words takes {:.1} ms (best of 10)",
            time.as_secs_f64() * 1000.0
        );
    }
    let best = measure("Phoenix", 10, || match Dictionaries::load(&options) {
        Ok((dictionaries, _)) => dictionaries,
        Err(error) => panic!("cannot load the Phoenix set: {error}"),
    });
    if let Some(peak) = resident_kib("VmHWM:") {
        println!(
            "peak resident memory of the bench process: {:.1} MiB",
            peak as f64 / 1024.0
        );
    }

    match std::env::var("DYAD_PETRARCH2_COMMAND") {
        Ok(command) if !command.trim().is_empty() => {
            let output = std::process::Command::new("sh").arg("-c").arg(&command).output();
            let seconds = output.ok().and_then(|output| {
                String::from_utf8_lossy(&output.stdout).lines().last().and_then(|line| line.trim().parse::<f64>().ok())
            });
            match seconds {
                Some(seconds) => println!(
                    "PETRARCH2 loads the Phoenix set in {:.0} ms; dyad is {:.1}x faster",
                    seconds * 1000.0,
                    seconds / best.as_secs_f64().max(1e-9)
                ),
                None => println!("PETRARCH2 command did not print a load time; no ratio"),
            }
        }
        _ => println!(
            "PETRARCH2 reference not measured in this run (set DYAD_PETRARCH2_COMMAND); the task quotes about 2 s for the Phoenix set"
        ),
    }
}
