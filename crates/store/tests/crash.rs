//! Crash safety: a writer killed with SIGKILL at random points and then
//! rerun stores every document exactly once, and no report is duplicated
//! or lost, compared with a clean single run.
//!
//! The kills hit the helper binary `store-crash-helper`, which ingests a
//! generated corpus through the same batch writer `dyad ingest` uses.

use dyad_store::synthetic::Sequence;
use dyad_store::{EventFilter, SqliteStore, Store};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const DOCUMENTS: usize = 1_200;
const BATCH: usize = 25;

fn helper(database: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_store-crash-helper"));
    command
        .arg(database)
        .arg(DOCUMENTS.to_string())
        .arg(BATCH.to_string());
    command
}

/// Everything a run leaves in the store, in a comparable form.
fn contents(database: &Path) -> (Vec<(String, String, usize)>, Vec<String>) {
    let store = SqliteStore::open(database).expect("open");
    let documents = store
        .documents()
        .expect("documents")
        .into_iter()
        .map(|document| {
            (
                document.doc_id,
                document.content_sha256,
                document.event_count,
            )
        })
        .collect();
    let events = store
        .query(&EventFilter::default())
        .expect("events")
        .into_iter()
        .map(|stored| serde_json::to_string(&stored).expect("serialize"))
        .collect();
    (documents, events)
}

#[test]
fn killed_and_rerun_ingest_equals_a_clean_run() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let clean = directory.path().join("clean.sqlite");
    let status = helper(&clean)
        .stdout(Stdio::null())
        .status()
        .expect("clean run");
    assert!(status.success());

    let crashed = directory.path().join("crashed.sqlite");
    let mut sequence = Sequence::new(20_261_128);
    let mut kills = 0;
    for _ in 0..6 {
        let mut child = helper(&crashed)
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        // Let a random number of batches commit, then kill at a random
        // moment inside the following ones.
        let commits_before_kill = 1 + sequence.below(8);
        let mut finished = false;
        for _ in 0..commits_before_kill {
            match lines.next() {
                Some(Ok(line)) if line.starts_with("done") => {
                    finished = true;
                    break;
                }
                Some(Ok(_)) => {}
                _ => break,
            }
        }
        std::thread::sleep(Duration::from_millis(
            u64::try_from(sequence.below(30)).unwrap_or(0),
        ));
        child.kill().expect("SIGKILL");
        let status = child.wait().expect("wait");
        if !finished && !status.success() {
            kills += 1;
        }
    }
    assert!(kills >= 3, "only {kills} runs were killed before finishing");
    let partial = SqliteStore::open(&crashed)
        .expect("open")
        .counts()
        .expect("counts");
    assert!(
        partial.documents < DOCUMENTS,
        "the kills came too late to test anything"
    );

    let output = helper(&crashed).output().expect("final run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        report.contains(&format!("skipped={}", partial.documents)),
        "{report}"
    );

    let (clean_documents, clean_events) = contents(&clean);
    let (crashed_documents, crashed_events) = contents(&crashed);
    assert_eq!(clean_documents.len(), DOCUMENTS);
    assert_eq!(
        crashed_documents, clean_documents,
        "documents differ from the clean run"
    );
    assert_eq!(
        crashed_events.len(),
        clean_events.len(),
        "reports lost or duplicated"
    );
    assert_eq!(
        crashed_events, clean_events,
        "reports or their clusters differ from the clean run"
    );
}
