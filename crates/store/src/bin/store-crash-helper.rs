//! Test helper for the crash-safety test (`tests/crash.rs`): ingests a
//! generated corpus into a database through the batch writer, printing a
//! line after every committed batch, so that the test can kill it with
//! SIGKILL at chosen points and rerun it.
//!
//! Usage: `store-crash-helper DATABASE DOCUMENTS BATCH_SIZE`

use dyad_store::{synthetic, BatchWriter, SqliteStore};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().collect();
    let (Some(database), Some(documents), Some(batch_size)) = (
        arguments.get(1),
        arguments.get(2).and_then(|text| text.parse::<usize>().ok()),
        arguments.get(3).and_then(|text| text.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: store-crash-helper DATABASE DOCUMENTS BATCH_SIZE");
        return ExitCode::from(2);
    };
    let store = match SqliteStore::open(std::path::Path::new(database)) {
        Ok(store) => store,
        Err(error) => {
            eprintln!("store-crash-helper: {error}");
            return ExitCode::from(2);
        }
    };
    let writer = BatchWriter::spawn(store, 2, |summary| {
        let mut stdout = std::io::stdout().lock();
        // The test reads these lines to decide when to kill; a closed pipe
        // only means the test stopped listening.
        let _ = writeln!(
            stdout,
            "committed {} {}",
            summary.documents_new, summary.documents_skipped
        );
        let _ = stdout.flush();
    });
    let mut start = 0;
    while start < documents {
        let end = (start + batch_size.max(1)).min(documents);
        let batch: Vec<_> = (start..end)
            .map(|index| synthetic::document(index, synthetic::SENTENCES, 6))
            .collect();
        if !writer.send(batch) {
            break;
        }
        start = end;
    }
    let (_, result) = writer.finish();
    match result {
        Ok(summary) => {
            println!(
                "done new={} skipped={} failed={} events={}",
                summary.documents_new,
                summary.documents_skipped,
                summary.failed.len(),
                summary.events_stored
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("store-crash-helper: {error}");
            ExitCode::from(2)
        }
    }
}
