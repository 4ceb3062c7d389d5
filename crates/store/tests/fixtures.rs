//! Every committed fixture database (one per schema version) opens and
//! migrates to the current schema with its contents intact.

use dyad_store::{EventFilter, SqliteStore, Store, StoreCounts, SCHEMA_VERSION};
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

#[test]
fn every_schema_version_fixture_opens_and_migrates() {
    for version in 1..=SCHEMA_VERSION {
        let source = fixtures().join(format!("schema-v{version}.sqlite"));
        assert!(
            source.exists(),
            "missing fixture {}; see examples/make_fixture.rs",
            source.display()
        );
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(fixtures().join(format!("schema-v{version}.expected.json")))
                .expect("expected"),
        )
        .expect("expected JSON");
        // Migrating writes to the file, so work on a copy.
        let directory = tempfile::tempdir().expect("temporary directory");
        let copy = directory.path().join("fixture.sqlite");
        std::fs::copy(&source, &copy).expect("copy fixture");
        let store = SqliteStore::open(&copy).expect("open and migrate");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        let counts: StoreCounts =
            serde_json::from_value(expected["counts"].clone()).expect("counts");
        assert_eq!(store.counts().expect("counts"), counts);
        let events: Vec<(String, String)> =
            serde_json::from_value(expected["events"].clone()).expect("events");
        let stored: Vec<(String, String)> = store
            .query(&EventFilter::default())
            .expect("query")
            .into_iter()
            .map(|stored| (stored.event.event_id, stored.cluster_id))
            .collect();
        assert_eq!(stored, events);
        // The migrated store still answers full-text queries.
        let found = store
            .query(&EventFilter {
                text: Some("talks".into()),
                ..EventFilter::default()
            })
            .expect("search");
        assert!(found
            .iter()
            .all(|stored| stored.event.sentence.to_lowercase().contains("talks")));
    }
}

#[test]
fn a_database_from_a_newer_dyad_is_refused() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let path = directory.path().join("future.sqlite");
    drop(SqliteStore::open(&path).expect("create"));
    // Stamp the file as a later schema version, as a newer dyad would.
    let connection = rusqlite::Connection::open(&path).expect("open raw");
    connection
        .execute_batch(&format!("PRAGMA user_version = {};", SCHEMA_VERSION + 1))
        .expect("stamp");
    drop(connection);
    let error = SqliteStore::open(&path).expect_err("newer schema must be refused");
    assert!(
        error.to_string().contains("newer than this build"),
        "{error}"
    );
}
