//! The SQLite schema and its migrations.
//!
//! The schema version is kept in `PRAGMA user_version`. Migration `n`
//! (1-based) takes a database from version `n - 1` to version `n`; opening
//! a database applies the missing migrations in order, each in its own
//! transaction, so that an interrupted migration leaves the previous
//! version intact. A migration, once released, is never edited: changes
//! come as a new migration with a committed fixture database (see
//! `docs/store.md`).

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The migrations, in order. Index 0 creates version 1.
pub const MIGRATIONS: &[&str] = &[VERSION_1];

/// Version 1: documents, sentences with full-text search, event reports,
/// event clusters and diagnostics.
const VERSION_1: &str = r#"
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    content_sha256 TEXT NOT NULL UNIQUE,
    url TEXT UNIQUE,
    path TEXT,
    line INTEGER,
    format TEXT NOT NULL,
    date TEXT,
    title TEXT,
    source TEXT,
    text TEXT NOT NULL,
    excluded TEXT NOT NULL,
    metadata TEXT NOT NULL
);
CREATE INDEX documents_doc_id ON documents(doc_id);

CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id),
    sentence_index INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (document, sentence_index)
);

CREATE VIRTUAL TABLE sentence_search USING fts5(text, content='sentences', content_rowid='id');

CREATE TABLE clusters (
    id INTEGER PRIMARY KEY,
    cluster_id TEXT NOT NULL UNIQUE
);

CREATE TABLE cluster_aliases (
    old_id TEXT PRIMARY KEY,
    cluster_id TEXT NOT NULL
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id),
    ordinal INTEGER NOT NULL,
    sentence INTEGER REFERENCES sentences(id),
    event_id TEXT NOT NULL,
    cameo TEXT NOT NULL,
    cameo_root TEXT NOT NULL,
    plover TEXT NOT NULL,
    quad_class INTEGER NOT NULL,
    goldstein REAL NOT NULL,
    modality TEXT NOT NULL,
    source_code TEXT,
    source_name TEXT,
    source_country TEXT,
    source_key TEXT,
    target_code TEXT,
    target_name TEXT,
    target_country TEXT,
    location_country TEXT,
    date TEXT,
    cluster_id TEXT NOT NULL,
    cluster_key TEXT NOT NULL,
    record TEXT NOT NULL,
    UNIQUE (document, ordinal)
);
CREATE INDEX events_event_id ON events(event_id);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_root_date ON events(cameo_root, date, source_key);
CREATE INDEX events_plover_date ON events(plover, date, source_key);
CREATE INDEX events_dyad ON events(source_code, target_code, date);
CREATE INDEX events_dyad_reversed ON events(target_code, source_code, date);
CREATE INDEX events_cluster ON events(cluster_id);

CREATE TABLE diagnostics (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id),
    severity TEXT NOT NULL,
    path TEXT,
    line INTEGER,
    message TEXT NOT NULL
);
CREATE INDEX diagnostics_document ON diagnostics(document);
"#;
