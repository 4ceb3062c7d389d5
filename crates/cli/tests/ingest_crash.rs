//! Crash safety of the real `dyad ingest`: killed with SIGKILL at random
//! points during a run of 1,000 documents and rerun to completion, it must
//! leave every document stored exactly once and every event report exactly
//! once, as a clean single run does. The comparison goes through
//! `dyad export --format jsonl`, so the test needs nothing but the binary
//! (and the model package, which `dyad ingest` loads).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const DOCUMENTS: usize = 1_000;

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

/// A scratch directory removed when the test ends, without a dependency
/// the CLI crate does not have.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let path = std::env::temp_dir().join(format!("dyad-ingest-crash-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("scratch directory");
        Scratch(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A JSON Lines corpus written for this test: short wire-style reports
/// whose actors and verbs vary with the line number, all distinct.
fn write_corpus(path: &Path) {
    let actors = [
        "Russia", "Ukraine", "China", "France", "Germany", "Turkey", "Egypt", "India",
    ];
    let verbs = [
        "met",
        "accused",
        "criticized",
        "praised",
        "threatened",
        "thanked",
    ];
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("corpus file"));
    for index in 0..DOCUMENTS {
        let source = actors[index % actors.len()];
        let target = actors[(index / actors.len() + 1 + index) % actors.len()];
        let verb = verbs[index % verbs.len()];
        let text = format!(
            "{source} {verb} {target} on Monday, officials said in report number {index}. Talks are expected to continue."
        );
        let line = serde_json::json!({
            "id": format!("crash-{index:05}"),
            "date": format!("2025-03-{:02}", 1 + index % 28),
            "url": format!("https://wire.example/{index}"),
            "source": "Test Wire",
            "text": text,
        });
        writeln!(file, "{line}").expect("write corpus");
    }
    file.flush().expect("flush corpus");
}

fn ingest(database: &Path, corpus: &Path) -> Command {
    let mut command = dyad();
    command
        .arg("--quiet")
        .arg("ingest")
        .arg("--db")
        .arg(database)
        .arg("--batch-size")
        .arg("20")
        .arg(corpus);
    command
}

fn export(database: &Path) -> Vec<String> {
    let output = dyad()
        .arg("--quiet")
        .arg("export")
        .arg("--db")
        .arg(database)
        .arg("--format")
        .arg("jsonl")
        .output()
        .expect("export");
    assert!(
        output.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn killed_and_rerun_ingest_stores_everything_exactly_once() {
    let directory = Scratch::new();
    let corpus = directory.path().join("corpus.jsonl");
    write_corpus(&corpus);

    let clean = directory.path().join("clean.sqlite");
    let started = Instant::now();
    let output = ingest(&clean, &corpus).output().expect("clean run");
    assert!(
        output.status.success(),
        "clean run failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let clean_duration = started.elapsed();

    let crashed = directory.path().join("crashed.sqlite");
    // Kill points spread over the clean run's duration (model loading
    // included), chosen from a fixed seed so that failures reproduce.
    let mut state: u64 = 0x5EED_2026;
    let mut kills = 0;
    for _ in 0..5 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let fraction = 0.2 + 0.7 * ((state >> 33) as f64 / (1u64 << 31) as f64);
        let delay = clean_duration.mul_f64(fraction);
        let mut child = ingest(&crashed, &corpus)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(delay);
        if child.try_wait().expect("poll").is_none() {
            child.kill().expect("SIGKILL");
            kills += 1;
        }
        let _ = child.wait();
    }
    assert!(
        kills >= 3,
        "only {kills} of 5 runs were still running when killed"
    );

    let output = ingest(&crashed, &corpus).output().expect("final run");
    assert!(
        output.status.success(),
        "final run failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    // A further run (not quiet, so that it prints its summary) must find
    // every document already stored.
    let rerun = dyad()
        .arg("ingest")
        .arg("--db")
        .arg(&crashed)
        .arg(&corpus)
        .output()
        .expect("rerun");
    let summary = String::from_utf8_lossy(&rerun.stderr);
    assert!(
        summary.contains(&format!(
            "stored 0 new documents ({DOCUMENTS} already stored, 0 failed)"
        )),
        "{summary}"
    );

    let clean_events = export(&clean);
    let crashed_events = export(&crashed);
    assert!(
        !clean_events.is_empty(),
        "the corpus produced no events; the test would prove nothing"
    );
    assert_eq!(
        crashed_events.len(),
        clean_events.len(),
        "events lost or duplicated"
    );
    assert_eq!(
        crashed_events, clean_events,
        "events or clusters differ from the clean run"
    );
}
