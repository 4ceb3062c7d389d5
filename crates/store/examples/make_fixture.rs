//! Writes the fixture database of the current schema version and the
//! summary the migration test expects from it:
//!
//! ```text
//! cargo run -p dyad-store --example make_fixture -- crates/store/tests/fixtures
//! ```
//!
//! This writes `schema-vN.sqlite` and `schema-vN.expected.json` for the
//! current version N. Fixtures of older versions are never regenerated:
//! they are what older releases wrote, and the test checks that this
//! build still opens and migrates them.

use dyad_store::{synthetic, EventFilter, SqliteStore, Store, SCHEMA_VERSION};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let directory = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: make_fixture DIRECTORY")?,
    );
    std::fs::create_dir_all(&directory)?;
    let database = directory.join(format!("schema-v{SCHEMA_VERSION}.sqlite"));
    for suffix in ["", "-wal", "-shm"] {
        let mut path = database.clone().into_os_string();
        path.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(path));
    }
    let mut store = SqliteStore::open(&database)?;
    let summary = store.ingest_batch(&synthetic::corpus(8))?;
    let events: Vec<(String, String)> = store
        .query(&EventFilter::default())?
        .into_iter()
        .map(|stored| (stored.event.event_id, stored.cluster_id))
        .collect();
    let expected = serde_json::json!({
        "schema_version": SCHEMA_VERSION,
        "counts": store.counts()?,
        "documents_new": summary.documents_new,
        "events": events,
    });
    // A single self-contained file is what gets committed.
    store.checkpoint_to_single_file()?;
    drop(store);
    std::fs::write(
        directory.join(format!("schema-v{SCHEMA_VERSION}.expected.json")),
        serde_json::to_string_pretty(&expected)? + "\n",
    )?;
    println!("wrote {}", database.display());
    Ok(())
}
