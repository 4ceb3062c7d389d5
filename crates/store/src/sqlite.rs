//! The SQLite backend, the embedded default.

use crate::cluster::{cluster_id_for, same_occurrence, ClusterReport, DATE_WINDOW_DAYS};
use crate::error::{DatabaseContext, Result, StoreError};
use crate::model::{
    Cluster, Dyad, DyadDirection, EventContext, EventFilter, FailedDocument, Granularity,
    IngestItem, IngestSummary, StoreCounts, StoredDocument, StoredEvent, TimeSeriesPoint,
};
use crate::schema::{MIGRATIONS, SCHEMA_VERSION};
use crate::{content_hash, EventOrder, Store, StoredSentence};
use dyad_types::{Date, Document, Event, Span};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The SQLite store: one database file in WAL mode.
pub struct SqliteStore {
    connection: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish()
    }
}

/// Dates are stored as ISO text so that they sort and compare as dates.
fn date_text(date: Option<Date>) -> Option<String> {
    date.map(|date| date.format("%Y-%m-%d").to_string())
}

fn parse_date(text: Option<String>) -> Option<Date> {
    text.and_then(|text| Date::parse_from_str(&text, "%Y-%m-%d").ok())
}

/// An upper bound for the strings that start with `prefix`, so that a
/// prefix test can use an index as a range. U+10FFFF is the largest scalar
/// value, so its UTF-8 bytes sort after any continuation of the prefix.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

fn to_i64(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn to_usize(value: i64) -> usize {
    usize::try_from(value).unwrap_or(0)
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path`, switches it to
    /// WAL mode and migrates it to the current schema.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let connection = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Self::prepare(connection, path.to_path_buf(), true)
    }

    /// An empty store in memory, for tests.
    pub fn open_in_memory() -> Result<SqliteStore> {
        let connection = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: PathBuf::from(":memory:"),
            source,
        })?;
        Self::prepare(connection, PathBuf::from(":memory:"), false)
    }

    fn prepare(mut connection: Connection, path: PathBuf, wal: bool) -> Result<SqliteStore> {
        // A second process (a reader, or a rerun after a crash) may hold the
        // lock briefly; waiting is better than failing.
        connection
            .busy_timeout(std::time::Duration::from_secs(30))
            .context("setting the busy timeout")?;
        if wal {
            // WAL keeps readers working while a batch commits; with
            // synchronous=NORMAL a committed batch survives a killed process
            // (only a power cut can lose the last commits).
            let _mode: String = connection
                .query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))
                .context("enabling WAL")?;
            connection
                .execute_batch("PRAGMA synchronous=NORMAL;")
                .context("setting synchronous")?;
        }
        connection
            .execute_batch("PRAGMA foreign_keys=ON;")
            .context("enabling foreign keys")?;
        migrate(&mut connection, &path)?;
        Ok(SqliteStore { connection, path })
    }

    /// The database file (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        self.connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .context("reading the schema version")
    }

    /// Copies the database's write-ahead log into the main file and switches
    /// it to a single-file journal, so that the file can be copied alone
    /// (used to make the committed fixture databases).
    pub fn checkpoint_to_single_file(&self) -> Result<()> {
        let _mode: String = self
            .connection
            .query_row("PRAGMA journal_mode=DELETE", [], |row| row.get(0))
            .context("leaving WAL mode")?;
        self.connection
            .execute_batch("VACUUM;")
            .context("compacting the database")
    }
}

/// Applies the missing migrations in order, each in its own transaction.
fn migrate(connection: &mut Connection, path: &Path) -> Result<()> {
    let found: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .context("reading the schema version")?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(to_usize(found)) {
        let version = to_i64(index + 1);
        let transaction = connection.transaction().context("starting a migration")?;
        transaction
            .execute_batch(migration)
            .context("migrating the schema")?;
        // PRAGMA does not take parameters; the version is our own integer.
        transaction
            .execute_batch(&format!("PRAGMA user_version = {version};"))
            .context("recording the schema version")?;
        transaction.commit().context("committing a migration")?;
    }
    Ok(())
}

/// Checks what the store relies on: every event belongs to this document
/// and its sentence span selects text of the document. Returns the reason
/// for refusing the document.
fn validate(item: &IngestItem) -> std::result::Result<(), String> {
    let document = &item.document;
    for (position, event) in item.events.iter().enumerate() {
        if event.doc_id != document.id {
            return Err(format!(
                "event {position} ({}) names document {:?}, not {:?}",
                event.event_id, event.doc_id, document.id
            ));
        }
        if document.slice(event.sentence_span).is_none() {
            return Err(format!(
                "event {position} ({}) has sentence span {}..{} outside the text",
                event.event_id, event.sentence_span.start, event.sentence_span.end
            ));
        }
    }
    for (index, span) in item.sentences.iter().enumerate() {
        if document.slice(*span).is_none() {
            return Err(format!(
                "sentence {index} has span {}..{} outside the text",
                span.start, span.end
            ));
        }
    }
    Ok(())
}

/// Whether a document with this content or URL is already stored.
fn already_stored(transaction: &Transaction<'_>, hash: &str, url: Option<&str>) -> Result<bool> {
    let by_hash: Option<i64> = transaction
        .query_row(
            "SELECT id FROM documents WHERE content_sha256 = ?1",
            [hash],
            |row| row.get(0),
        )
        .optional()
        .context("looking up a document by content")?;
    if by_hash.is_some() {
        return Ok(true);
    }
    if let Some(url) = url {
        let by_url: Option<i64> = transaction
            .query_row("SELECT id FROM documents WHERE url = ?1", [url], |row| {
                row.get(0)
            })
            .optional()
            .context("looking up a document by URL")?;
        return Ok(by_url.is_some());
    }
    Ok(false)
}

fn insert_document(transaction: &Transaction<'_>, document: &Document, hash: &str) -> Result<i64> {
    let excluded = serde_json::to_string(&document.excluded).unwrap_or_else(|_| "[]".into());
    let metadata = serde_json::to_string(&document.metadata).unwrap_or_else(|_| "{}".into());
    transaction
        .execute(
            "INSERT INTO documents (doc_id, content_sha256, url, path, line, format, date, title, source, text, excluded, metadata)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                document.id,
                hash,
                document.url.as_deref().filter(|url| !url.is_empty()),
                document.path,
                document.line.and_then(|line| i64::try_from(line).ok()),
                document.format.name(),
                date_text(document.date),
                document.title,
                document.source,
                document.text,
                excluded,
                metadata,
            ],
        )
        .context("storing a document")?;
    Ok(transaction.last_insert_rowid())
}

/// Stores the sentences of one document and returns their row ids by index.
fn insert_sentences(
    transaction: &Transaction<'_>,
    document_row: i64,
    item: &IngestItem,
) -> Result<BTreeMap<usize, i64>> {
    let mut spans: BTreeMap<usize, Span> = item.sentences.iter().copied().enumerate().collect();
    for event in &item.events {
        spans
            .entry(event.sentence_index)
            .or_insert(event.sentence_span);
    }
    let mut rows = BTreeMap::new();
    let mut insert = transaction
        .prepare_cached("INSERT INTO sentences (document, sentence_index, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)")
        .context("preparing to store sentences")?;
    let mut index_text = transaction
        .prepare_cached("INSERT INTO sentence_search (rowid, text) VALUES (?1, ?2)")
        .context("preparing the sentence index")?;
    for (index, span) in spans {
        let text = item.document.slice(span).unwrap_or_default();
        insert
            .execute(params![
                document_row,
                to_i64(index),
                to_i64(span.start),
                to_i64(span.end),
                text
            ])
            .context("storing a sentence")?;
        let row = transaction.last_insert_rowid();
        index_text
            .execute(params![row, text])
            .context("indexing a sentence")?;
        rows.insert(index, row);
    }
    Ok(rows)
}

/// Narrows the cluster search to reports whose source can match this
/// report's source (same country, or unknown country) or, for reversed
/// dyads, this report's target. It only removes reports that the rule in
/// `cluster.rs` would reject anyway (actors of different countries are
/// never compatible), so results equal an exhaustive search.
const ACTOR_PREFILTER: &str =
    "e.source_key IS NULL OR ?5 IS NULL OR e.source_key = ?5 OR e.source_key = ?6 OR ?7";

/// Assigns one new report to a cluster: a new one when it matches no
/// earlier report, the matching cluster when it matches one, and the
/// oldest of several matching clusters (which then absorbs the others)
/// when it joins them.
fn assign_cluster(
    transaction: &Transaction<'_>,
    report: &ClusterReport,
    content_sha256: &str,
    ordinal: usize,
    summary: &mut IngestSummary,
) -> Result<String> {
    let mut matched_ids: BTreeSet<String> = BTreeSet::new();
    if let Some(date) = report.date {
        let window = chrono::Days::new(DATE_WINDOW_DAYS.unsigned_abs());
        let low = date.checked_sub_days(window).unwrap_or(date);
        let high = date.checked_add_days(window).unwrap_or(date);
        let source_key = report.source.country_key();
        let target_key = report
            .target
            .as_ref()
            .and_then(|target| target.country_key());
        let target_without_key = report.target.is_some() && target_key.is_none();
        // The search reads the events table alone, so that SQLite drives it
        // from the (type, date, source country) indexes; joining the
        // clusters table here let the planner scan every cluster instead.
        let mut candidates = transaction
            .prepare_cached(&format!(
                "SELECT e.cluster_key, e.cluster_id FROM events e
                 WHERE e.cameo_root = ?1 AND e.date BETWEEN ?3 AND ?4 AND ({ACTOR_PREFILTER})
                 UNION
                 SELECT e.cluster_key, e.cluster_id FROM events e
                 WHERE e.plover = ?2 AND e.date BETWEEN ?3 AND ?4 AND ({ACTOR_PREFILTER})"
            ))
            .context("preparing the cluster search")?;
        let rows = candidates
            .query_map(
                params![
                    report.cameo_root(),
                    report.plover,
                    date_text(Some(low)),
                    date_text(Some(high)),
                    source_key,
                    target_key,
                    target_without_key
                ],
                |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
            )
            .context("searching for matching reports")?;
        for row in rows {
            let (key, cluster_id) = row.context("reading a candidate report")?;
            if matched_ids.contains(&cluster_id) {
                continue;
            }
            let candidate: ClusterReport =
                serde_json::from_str(&key).map_err(|error| StoreError::Corrupt {
                    what: format!("cluster key of {cluster_id}"),
                    message: error.to_string(),
                })?;
            if same_occurrence(report, &candidate) {
                matched_ids.insert(cluster_id);
            }
        }
    }
    // Order the matched clusters by creation, oldest first.
    let mut matching: BTreeSet<(i64, String)> = BTreeSet::new();
    for cluster_id in matched_ids {
        let created: i64 = transaction
            .query_row(
                "SELECT id FROM clusters WHERE cluster_id = ?1",
                [&cluster_id],
                |row| row.get(0),
            )
            .context("looking up a cluster")?;
        matching.insert((created, cluster_id));
    }
    let mut clusters = matching.into_iter();
    let Some((_, survivor)) = clusters.next() else {
        let cluster_id = cluster_id_for(content_sha256, ordinal);
        transaction
            .execute(
                "INSERT INTO clusters (cluster_id) VALUES (?1)",
                [&cluster_id],
            )
            .context("creating a cluster")?;
        summary.clusters_created += 1;
        return Ok(cluster_id);
    };
    for (_, absorbed) in clusters {
        transaction
            .execute(
                "UPDATE events SET cluster_id = ?1 WHERE cluster_id = ?2",
                [&survivor, &absorbed],
            )
            .context("merging clusters")?;
        transaction
            .execute(
                "UPDATE cluster_aliases SET cluster_id = ?1 WHERE cluster_id = ?2",
                [&survivor, &absorbed],
            )
            .context("merging clusters")?;
        transaction
            .execute(
                "INSERT INTO cluster_aliases (old_id, cluster_id) VALUES (?1, ?2)",
                [&absorbed, &survivor],
            )
            .context("merging clusters")?;
        transaction
            .execute("DELETE FROM clusters WHERE cluster_id = ?1", [&absorbed])
            .context("merging clusters")?;
        summary.clusters_merged += 1;
    }
    Ok(survivor)
}

fn insert_events(
    transaction: &Transaction<'_>,
    document_row: i64,
    hash: &str,
    item: &IngestItem,
    sentence_rows: &BTreeMap<usize, i64>,
    summary: &mut IngestSummary,
) -> Result<()> {
    for (ordinal, event) in item.events.iter().enumerate() {
        let report = ClusterReport::from_event(event, item.document.date);
        let cluster_id = assign_cluster(transaction, &report, hash, ordinal, summary)?;
        let record = serde_json::to_string(event).map_err(|error| StoreError::Corrupt {
            what: format!("event {}", event.event_id),
            message: error.to_string(),
        })?;
        let key = serde_json::to_string(&report).map_err(|error| StoreError::Corrupt {
            what: format!("event {}", event.event_id),
            message: error.to_string(),
        })?;
        let mut insert = transaction
            .prepare_cached(
                "INSERT INTO events (document, ordinal, sentence, event_id, cameo, cameo_root, plover, quad_class, goldstein,
                    modality, source_code, source_name, source_country, source_key, target_code, target_name,
                    target_country, location_country, date, cluster_id, cluster_key, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
            )
            .context("preparing to store events")?;
        let target = event.target.as_ref();
        insert
            .execute(params![
                document_row,
                to_i64(ordinal),
                sentence_rows.get(&event.sentence_index),
                event.event_id,
                event.cameo,
                report.cameo_root(),
                event.plover,
                i64::from(event.quad_class),
                event.goldstein,
                event.modality.name(),
                event.source.code,
                event.source.name.as_deref().unwrap_or(&event.source.text),
                event.source.country,
                report.source.country_key(),
                target.and_then(|target| target.code.clone()),
                target.map(|target| target.name.clone().unwrap_or_else(|| target.text.clone())),
                target.and_then(|target| target.country.clone()),
                event
                    .location
                    .as_ref()
                    .and_then(|location| location.country.clone()),
                date_text(report.date),
                cluster_id,
                key,
                record,
            ])
            .context("storing an event")?;
        summary.events_stored += 1;
    }
    Ok(())
}

fn insert_diagnostics(
    transaction: &Transaction<'_>,
    document_row: i64,
    item: &IngestItem,
) -> Result<()> {
    let mut insert = transaction
        .prepare_cached("INSERT INTO diagnostics (document, severity, path, line, message) VALUES (?1, ?2, ?3, ?4, ?5)")
        .context("preparing to store diagnostics")?;
    for diagnostic in &item.diagnostics {
        let severity = match diagnostic.severity {
            dyad_types::Severity::Info => "info",
            dyad_types::Severity::Warning => "warning",
            dyad_types::Severity::Error => "error",
        };
        insert
            .execute(params![
                document_row,
                severity,
                diagnostic.path,
                diagnostic.line.and_then(|line| i64::try_from(line).ok()),
                diagnostic.message
            ])
            .context("storing a diagnostic")?;
    }
    Ok(())
}

/// Builds the WHERE clause and parameters of an event filter.
fn filter_sql(filter: &EventFilter) -> (String, Vec<Value>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let push = |value: Value, values: &mut Vec<Value>| {
        values.push(value);
        values.len()
    };
    if let Some(actor) = filter.actor.as_deref().filter(|actor| !actor.is_empty()) {
        let n = push(Value::Text(actor.to_lowercase()), &mut values);
        clauses.push(format!(
            "(instr(lower(coalesce(e.source_code,'')), ?{n}) > 0 OR instr(lower(coalesce(e.source_name,'')), ?{n}) > 0
              OR instr(lower(coalesce(e.target_code,'')), ?{n}) > 0 OR instr(lower(coalesce(e.target_name,'')), ?{n}) > 0)"
        ));
    }
    if let Some(country) = filter
        .country
        .as_deref()
        .filter(|country| !country.is_empty())
    {
        let n = push(Value::Text(country.to_uppercase()), &mut values);
        clauses.push(format!(
            "(e.source_country = ?{n} OR e.target_country = ?{n} OR e.location_country = ?{n}
              OR substr(e.source_code, 1, 3) = ?{n} OR substr(e.target_code, 1, 3) = ?{n})"
        ));
    }
    if let Some(dyad) = &filter.dyad {
        let a = push(Value::Text(dyad.first.clone()), &mut values);
        let a_end = push(Value::Text(prefix_end(&dyad.first)), &mut values);
        let b = push(Value::Text(dyad.second.clone()), &mut values);
        let b_end = push(Value::Text(prefix_end(&dyad.second)), &mut values);
        let forward = format!("(e.source_code >= ?{a} AND e.source_code < ?{a_end} AND e.target_code >= ?{b} AND e.target_code < ?{b_end})");
        let backward = format!("(e.target_code >= ?{a} AND e.target_code < ?{a_end} AND e.source_code >= ?{b} AND e.source_code < ?{b_end})");
        clauses.push(match dyad.direction {
            DyadDirection::Directed => forward,
            DyadDirection::Either => format!("({forward} OR {backward})"),
        });
    }
    if let Some(cameo) = filter.cameo.as_deref().filter(|cameo| !cameo.is_empty()) {
        let start = push(Value::Text(cameo.to_string()), &mut values);
        let end = push(Value::Text(prefix_end(cameo)), &mut values);
        clauses.push(format!("(e.cameo >= ?{start} AND e.cameo < ?{end})"));
    }
    if let Some(plover) = filter.plover.as_deref().filter(|plover| !plover.is_empty()) {
        let n = push(Value::Text(plover.to_uppercase()), &mut values);
        clauses.push(format!("upper(e.plover) = ?{n}"));
    }
    if let Some(modality) = filter.modality {
        let n = push(Value::Text(modality.name().to_string()), &mut values);
        clauses.push(format!("e.modality = ?{n}"));
    }
    if let Some(from) = filter.date_from {
        let n = push(
            Value::Text(date_text(Some(from)).unwrap_or_default()),
            &mut values,
        );
        clauses.push(format!("e.date >= ?{n}"));
    }
    if let Some(to) = filter.date_to {
        let n = push(
            Value::Text(date_text(Some(to)).unwrap_or_default()),
            &mut values,
        );
        clauses.push(format!("e.date <= ?{n}"));
    }
    if let Some(text) = filter
        .text
        .as_deref()
        .filter(|text| !text.trim().is_empty())
    {
        let n = push(Value::Text(text.to_string()), &mut values);
        clauses.push(format!(
            "e.sentence IN (SELECT rowid FROM sentence_search WHERE sentence_search MATCH ?{n})"
        ));
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    (sql, values)
}

/// Turns an SQLite error from a filtered query into an invalid-query error
/// when it comes from the user's full-text query (FTS5 reports a malformed
/// query as a generic SQL error: "fts5: syntax error", "unterminated
/// string", "no such column"), which is the user's mistake rather than a
/// database failure. The rest of the statement is dyad's own, fixed SQL.
fn query_error(has_text: bool) -> impl Fn(rusqlite::Error) -> StoreError {
    move |source| match &source {
        rusqlite::Error::SqliteFailure(error, message) if has_text && error.extended_code == 1 => {
            StoreError::InvalidQuery(format!(
                "full-text search: {}",
                message.as_deref().unwrap_or("malformed query")
            ))
        }
        _ => StoreError::Database {
            context: "querying events",
            source,
        },
    }
}

impl Store for SqliteStore {
    fn ingest_batch(&mut self, items: &[IngestItem]) -> Result<IngestSummary> {
        let mut summary = IngestSummary::default();
        let transaction = self.connection.transaction().context("starting a batch")?;
        for item in items {
            if let Err(reason) = validate(item) {
                summary.failed.push(FailedDocument {
                    doc_id: item.document.id.clone(),
                    reason,
                });
                continue;
            }
            let hash = content_hash(&item.document.text);
            let url = item.document.url.as_deref().filter(|url| !url.is_empty());
            if already_stored(&transaction, &hash, url)? {
                summary.documents_skipped += 1;
                continue;
            }
            let document_row = insert_document(&transaction, &item.document, &hash)?;
            let sentence_rows = insert_sentences(&transaction, document_row, item)?;
            insert_events(
                &transaction,
                document_row,
                &hash,
                item,
                &sentence_rows,
                &mut summary,
            )?;
            insert_diagnostics(&transaction, document_row, item)?;
            summary.documents_new += 1;
        }
        transaction.commit().context("committing a batch")?;
        Ok(summary)
    }

    fn counts(&self) -> Result<StoreCounts> {
        let count = |sql: &str| -> Result<usize> {
            self.connection
                .query_row(sql, [], |row| row.get::<_, i64>(0))
                .map(to_usize)
                .context("counting")
        };
        Ok(StoreCounts {
            documents: count("SELECT count(*) FROM documents")?,
            sentences: count("SELECT count(*) FROM sentences")?,
            events: count("SELECT count(*) FROM events")?,
            clusters: count("SELECT count(*) FROM clusters")?,
        })
    }

    fn documents(&self) -> Result<Vec<StoredDocument>> {
        let mut statement = self
            .connection
            .prepare(
                "SELECT d.doc_id, d.content_sha256, d.url, d.source, d.date, d.title,
                    (SELECT count(*) FROM sentences s WHERE s.document = d.id),
                    (SELECT count(*) FROM events e WHERE e.document = d.id)
                 FROM documents d ORDER BY d.id",
            )
            .context("listing documents")?;
        let rows = statement
            .query_map([], |row| {
                Ok(StoredDocument {
                    doc_id: row.get(0)?,
                    content_sha256: row.get(1)?,
                    url: row.get(2)?,
                    source: row.get(3)?,
                    date: parse_date(row.get(4)?),
                    title: row.get(5)?,
                    sentence_count: to_usize(row.get(6)?),
                    event_count: to_usize(row.get(7)?),
                })
            })
            .context("listing documents")?;
        rows.collect::<std::result::Result<Vec<_>, _>>()
            .context("listing documents")
    }

    fn document_text(&self, content_sha256: &str) -> Result<Option<String>> {
        self.connection
            .query_row(
                "SELECT text FROM documents WHERE content_sha256 = ?1",
                [content_sha256],
                |row| row.get(0),
            )
            .optional()
            .context("reading a document")
    }

    fn sentences(&self, content_sha256: &str) -> Result<Vec<StoredSentence>> {
        let mut statement = self
            .connection
            .prepare(
                "SELECT s.sentence_index, s.start, s.end, s.text FROM sentences s JOIN documents d ON d.id = s.document
                 WHERE d.content_sha256 = ?1 ORDER BY s.sentence_index",
            )
            .context("reading sentences")?;
        let rows = statement
            .query_map([content_sha256], |row| {
                Ok(StoredSentence {
                    index: to_usize(row.get(0)?),
                    span: Span {
                        start: to_usize(row.get(1)?),
                        end: to_usize(row.get(2)?),
                    },
                    text: row.get(3)?,
                })
            })
            .context("reading sentences")?;
        rows.collect::<std::result::Result<Vec<_>, _>>()
            .context("reading sentences")
    }

    fn for_each_event(
        &self,
        filter: &EventFilter,
        order: EventOrder,
        visit: &mut dyn FnMut(StoredEvent, EventContext) -> Result<()>,
    ) -> Result<()> {
        let (where_sql, values) = filter_sql(filter);
        let order_sql = match order {
            EventOrder::Ingest => "ORDER BY e.id",
            EventOrder::Date => "ORDER BY e.date IS NULL, e.date, e.id",
        };
        let limit_sql = filter
            .limit
            .map(|limit| format!("LIMIT {limit}"))
            .unwrap_or_default();
        let sql = format!(
            "SELECT e.id, e.record, e.cluster_id, e.date, d.url, d.source,
                (SELECT count(*) FROM events m WHERE m.cluster_id = e.cluster_id),
                (SELECT count(DISTINCT m.document) FROM events m WHERE m.cluster_id = e.cluster_id),
                (SELECT count(DISTINCT md.source) FROM events m JOIN documents md ON md.id = m.document WHERE m.cluster_id = e.cluster_id)
             FROM events e JOIN documents d ON d.id = e.document {where_sql} {order_sql} {limit_sql}"
        );
        let query_error = query_error(filter.text.is_some());
        let mut statement = self.connection.prepare(&sql).map_err(&query_error)?;
        let mut rows = statement
            .query(rusqlite::params_from_iter(values))
            .map_err(&query_error)?;
        while let Some(row) = rows.next().map_err(&query_error)? {
            let row_id: i64 = row.get(0).context("reading an event")?;
            let record: String = row.get(1).context("reading an event")?;
            let event: Event =
                serde_json::from_str(&record).map_err(|error| StoreError::Corrupt {
                    what: format!("event row {row_id}"),
                    message: error.to_string(),
                })?;
            let context = EventContext {
                row_id,
                effective_date: parse_date(row.get(3).context("reading an event")?),
                url: row.get(4).context("reading an event")?,
                outlet: row.get(5).context("reading an event")?,
                cluster_reports: to_usize(row.get(6).context("reading an event")?),
                cluster_documents: to_usize(row.get(7).context("reading an event")?),
                cluster_outlets: to_usize(row.get(8).context("reading an event")?),
            };
            let stored = StoredEvent {
                event,
                cluster_id: row.get(2).context("reading an event")?,
            };
            visit(stored, context)?;
        }
        Ok(())
    }

    fn cluster(&self, cluster_id: &str) -> Result<Option<Cluster>> {
        let resolved: Option<String> = self
            .connection
            .query_row(
                "SELECT cluster_id FROM clusters WHERE cluster_id = ?1
                 UNION ALL SELECT cluster_id FROM cluster_aliases WHERE old_id = ?1",
                [cluster_id],
                |row| row.get(0),
            )
            .optional()
            .context("looking up a cluster")?;
        match resolved {
            Some(id) => self.cluster_by_live_id(&id).map(Some),
            None => Ok(None),
        }
    }

    fn clusters(&self) -> Result<Vec<Cluster>> {
        let ids: Vec<String> = {
            let mut statement = self
                .connection
                .prepare("SELECT cluster_id FROM clusters ORDER BY id")
                .context("listing clusters")?;
            let rows = statement
                .query_map([], |row| row.get(0))
                .context("listing clusters")?;
            rows.collect::<std::result::Result<Vec<_>, _>>()
                .context("listing clusters")?
        };
        ids.iter().map(|id| self.cluster_by_live_id(id)).collect()
    }

    fn dyad_time_series(
        &self,
        dyad: &Dyad,
        granularity: Granularity,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<TimeSeriesPoint>> {
        let filter = EventFilter {
            dyad: Some(dyad.clone()),
            date_from: from,
            date_to: to,
            ..EventFilter::default()
        };
        let (where_sql, values) = filter_sql(&filter);
        // Grouping by day in SQL keeps the rows returned small; days are then
        // folded into weeks or months here, where calendar arithmetic is
        // simple and the same for every backend.
        let sql = format!(
            "SELECT e.date, e.quad_class, count(*), sum(e.goldstein) FROM events e {where_sql}
             {} e.date IS NOT NULL GROUP BY e.date, e.quad_class ORDER BY e.date",
            if where_sql.is_empty() { "WHERE" } else { "AND" }
        );
        let mut statement = self
            .connection
            .prepare(&sql)
            .context("preparing a time series")?;
        let mut rows = statement
            .query(rusqlite::params_from_iter(values))
            .context("computing a time series")?;
        let mut buckets: BTreeMap<Date, ([u64; 4], u64, f64)> = BTreeMap::new();
        while let Some(row) = rows.next().context("computing a time series")? {
            let Some(date) = parse_date(row.get(0).context("reading a time series")?) else {
                continue;
            };
            let quad: i64 = row.get(1).context("reading a time series")?;
            let count =
                u64::try_from(row.get::<_, i64>(2).context("reading a time series")?).unwrap_or(0);
            let goldstein_sum: f64 = row.get(3).context("reading a time series")?;
            let bucket = buckets
                .entry(granularity.bucket_start(date))
                .or_insert(([0; 4], 0, 0.0));
            if let Some(slot) = usize::try_from(quad - 1)
                .ok()
                .and_then(|index| bucket.0.get_mut(index))
            {
                *slot += count;
            }
            bucket.1 += count;
            bucket.2 += goldstein_sum;
        }
        Ok(buckets
            .into_iter()
            .map(|(period, (quad_counts, total, sum))| TimeSeriesPoint {
                period,
                quad_counts,
                total,
                mean_goldstein: if total == 0 { 0.0 } else { sum / total as f64 },
            })
            .collect())
    }
}

impl SqliteStore {
    fn cluster_by_live_id(&self, cluster_id: &str) -> Result<Cluster> {
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT e.event_id, d.doc_id, d.source, d.date FROM events e JOIN documents d ON d.id = e.document
                 WHERE e.cluster_id = ?1 ORDER BY e.id",
            )
            .context("reading a cluster")?;
        let mut rows = statement.query([cluster_id]).context("reading a cluster")?;
        let mut cluster = Cluster {
            cluster_id: cluster_id.to_string(),
            report_count: 0,
            documents: Vec::new(),
            outlets: Vec::new(),
            first_report: None,
            last_report: None,
            event_ids: Vec::new(),
        };
        let mut documents = BTreeSet::new();
        let mut outlets = BTreeSet::new();
        while let Some(row) = rows.next().context("reading a cluster")? {
            cluster
                .event_ids
                .push(row.get(0).context("reading a cluster")?);
            documents.insert(row.get::<_, String>(1).context("reading a cluster")?);
            if let Some(outlet) = row
                .get::<_, Option<String>>(2)
                .context("reading a cluster")?
            {
                outlets.insert(outlet);
            }
            if let Some(date) = parse_date(row.get(3).context("reading a cluster")?) {
                cluster.first_report = Some(
                    cluster
                        .first_report
                        .map_or(date, |first: Date| first.min(date)),
                );
                cluster.last_report = Some(
                    cluster
                        .last_report
                        .map_or(date, |last: Date| last.max(date)),
                );
            }
        }
        cluster.report_count = cluster.event_ids.len();
        cluster.documents = documents.into_iter().collect();
        cluster.outlets = outlets.into_iter().collect();
        Ok(cluster)
    }
}
