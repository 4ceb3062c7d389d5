//! Exports are read back with independent readers (serde_json, the csv
//! crate, the parquet crate's Arrow reader) and compared with the store.

use arrow_array::{Array, Int64Array, StringArray};
use dyad_store::export::{self, FLAT_COLUMNS, GDELT_COLUMNS, NULL_PARTITION};
use dyad_store::{synthetic, EventFilter, SqliteStore, Store, StoredEvent};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::collections::BTreeMap;
use std::path::Path;

fn store_with_corpus() -> (SqliteStore, Vec<StoredEvent>) {
    let mut store = SqliteStore::open_in_memory().expect("store");
    let mut items = synthetic::corpus(90);
    // One undated document, so that the null partition is exercised.
    if let Some(item) = items.last_mut() {
        item.document.date = None;
        for event in &mut item.events {
            event.date = None;
        }
    }
    store.ingest_batch(&items).expect("ingest");
    let events = store.query(&EventFilter::default()).expect("query");
    assert!(events.len() > 100);
    (store, events)
}

#[test]
fn jsonl_export_is_the_event_record_plus_cluster_id() {
    let (store, events) = store_with_corpus();
    let mut buffer = Vec::new();
    let summary = export::write_jsonl(&store, &EventFilter::default(), &mut buffer, Path::new("-"))
        .expect("export");
    assert_eq!(summary.events, events.len());
    let text = String::from_utf8(buffer).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), events.len());
    for (line, stored) in lines.iter().zip(&events) {
        let value: serde_json::Value = serde_json::from_str(line).expect("JSON");
        assert_eq!(
            value["cluster_id"],
            serde_json::Value::String(stored.cluster_id.clone())
        );
        // Every field of the event record is there, unchanged.
        let record = serde_json::to_value(&stored.event).expect("record");
        for (key, field) in record.as_object().expect("object") {
            assert_eq!(&value[key], field, "field {key}");
        }
        assert_eq!(
            value.as_object().expect("object").len(),
            record.as_object().expect("object").len() + 1
        );
    }
}

#[test]
fn csv_export_reads_back_with_the_csv_crate() {
    let (store, events) = store_with_corpus();
    let mut buffer = Vec::new();
    export::write_csv(&store, &EventFilter::default(), &mut buffer, Path::new("-"))
        .expect("export");
    let mut reader = csv::Reader::from_reader(buffer.as_slice());
    let headers: Vec<String> = reader
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        headers,
        FLAT_COLUMNS
            .iter()
            .map(|(name, _)| name.to_string())
            .collect::<Vec<_>>()
    );
    let column = |name: &str| {
        headers
            .iter()
            .position(|header| header == name)
            .expect("column")
    };
    let records: Vec<csv::StringRecord> = reader
        .records()
        .map(|record| record.expect("record"))
        .collect();
    assert_eq!(records.len(), events.len());
    for (record, stored) in records.iter().zip(&events) {
        assert_eq!(&record[column("event_id")], stored.event.event_id);
        assert_eq!(&record[column("cluster_id")], stored.cluster_id);
        assert_eq!(
            &record[column("cameo")],
            stored.event.cameo,
            "leading zeros survive"
        );
        assert_eq!(&record[column("sentence")], stored.event.sentence);
        assert_eq!(
            record[column("goldstein")].parse::<f64>().expect("number"),
            stored.event.goldstein
        );
        assert_eq!(
            &record[column("source_code")],
            stored.event.source.code.as_deref().unwrap_or("")
        );
        assert_eq!(
            record[column("trigger_start")]
                .parse::<usize>()
                .expect("number"),
            stored.event.trigger.start
        );
    }
}

#[test]
fn gdelt_export_has_the_61_gdelt_columns() {
    let (store, events) = store_with_corpus();
    let mut buffer = Vec::new();
    export::write_gdelt_tsv(&store, &EventFilter::default(), &mut buffer, Path::new("-"))
        .expect("export");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .quoting(false)
        .from_reader(buffer.as_slice());
    let column = |name: &str| {
        GDELT_COLUMNS
            .iter()
            .position(|header| *header == name)
            .expect("column")
    };
    let records: Vec<csv::StringRecord> = reader
        .records()
        .map(|record| record.expect("record"))
        .collect();
    assert_eq!(records.len(), events.len());
    for (record, stored) in records.iter().zip(&events) {
        assert_eq!(record.len(), 61);
        let event = &stored.event;
        assert_eq!(&record[column("EventCode")], event.cameo);
        assert_eq!(
            &record[column("EventRootCode")],
            event.cameo.get(..2).expect("root")
        );
        assert_eq!(
            &record[column("Actor1Code")],
            event.source.code.as_deref().unwrap_or("")
        );
        assert_eq!(&record[column("QuadClass")], event.quad_class.to_string());
        if let Some(date) = event.date {
            assert_eq!(&record[column("Day")], date.format("%Y%m%d").to_string());
        }
        let mentions: usize = record[column("NumMentions")].parse().expect("mentions");
        assert!(mentions >= 1);
        assert!(record[column("SOURCEURL")].starts_with("https://news.example/"));
    }
}

#[test]
fn parquet_export_is_date_partitioned_and_reads_back() {
    let (store, events) = store_with_corpus();
    let directory = tempfile::tempdir().expect("temporary directory");
    let output = directory.path().join("events");
    let summary = export::write_parquet(&store, &EventFilter::default(), &output).expect("export");
    assert_eq!(summary.events, events.len());
    let mut expected: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for stored in &events {
        let partition = stored
            .event
            .date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| NULL_PARTITION.to_string());
        expected
            .entry(partition)
            .or_default()
            .push((stored.event.event_id.clone(), stored.cluster_id.clone()));
    }
    let mut found: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut rows = 0;
    for entry in std::fs::read_dir(&output).expect("list") {
        let partition_directory = entry.expect("entry").path();
        let name = partition_directory
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name")
            .to_string();
        let date = name
            .strip_prefix("date=")
            .expect("Hive-style name")
            .to_string();
        let file =
            std::fs::File::open(partition_directory.join("part-0.parquet")).expect("part file");
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .expect("parquet")
            .build()
            .expect("reader");
        for batch in reader {
            let batch = batch.expect("batch");
            assert!(
                batch.schema().field_with_name("date").is_err(),
                "the partition key is not repeated in the file"
            );
            let ids = batch
                .column_by_name("event_id")
                .expect("event_id")
                .as_any()
                .downcast_ref::<StringArray>()
                .expect("text");
            let clusters = batch
                .column_by_name("cluster_id")
                .expect("cluster_id")
                .as_any()
                .downcast_ref::<StringArray>()
                .expect("text");
            let starts = batch
                .column_by_name("trigger_start")
                .expect("trigger_start")
                .as_any()
                .downcast_ref::<Int64Array>()
                .expect("integers");
            assert_eq!(starts.null_count(), 0);
            for row in 0..batch.num_rows() {
                found
                    .entry(date.clone())
                    .or_default()
                    .push((ids.value(row).to_string(), clusters.value(row).to_string()));
            }
            rows += batch.num_rows();
        }
    }
    assert_eq!(rows, events.len());
    assert_eq!(found, expected);
    assert!(found.contains_key(NULL_PARTITION));
    // A second export into the same directory is refused rather than
    // mixing with the first.
    assert!(export::write_parquet(&store, &EventFilter::default(), &output).is_err());
}
