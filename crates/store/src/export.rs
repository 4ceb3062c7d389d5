//! Exports of stored event reports: JSON Lines, CSV, GDELT-style TSV and
//! date-partitioned Parquet. The formats are documented in
//! `docs/formats/export.md`.

use crate::error::{Result, StoreError};
use crate::model::{EventContext, EventFilter, StoredEvent};
use crate::{EventOrder, Store};
use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use chrono::Datelike;
use dyad_types::{ActorRef, Date};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The event record of `dyad code`, one JSON object per line, plus
    /// `cluster_id`.
    Jsonl,
    /// One row per report with the flat columns of [`FLAT_COLUMNS`].
    Csv,
    /// Hive-style date partitions of Parquet files with the flat columns.
    Parquet,
    /// The 61 columns of the GDELT 2.0 event table, tab-separated.
    GdeltTsv,
}

impl ExportFormat {
    /// Parses `jsonl`, `csv`, `parquet` or `gdelt-tsv`.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "jsonl" | "json-lines" => ExportFormat::Jsonl,
            "csv" => ExportFormat::Csv,
            "parquet" => ExportFormat::Parquet,
            "gdelt-tsv" | "gdelt" => ExportFormat::GdeltTsv,
            _ => return None,
        })
    }
}

/// The type of a flat column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text.
    Text,
    /// A 64-bit integer.
    Integer,
    /// A 64-bit float.
    Float,
}

/// A value of a flat column; `None` is a null.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnValue {
    /// Text.
    Text(Option<String>),
    /// An integer.
    Integer(Option<i64>),
    /// A float.
    Float(Option<f64>),
}

impl ColumnValue {
    /// The value as CSV writes it: empty for null.
    fn to_text(&self) -> String {
        match self {
            ColumnValue::Text(value) => value.clone().unwrap_or_default(),
            ColumnValue::Integer(value) => value.map(|v| v.to_string()).unwrap_or_default(),
            ColumnValue::Float(value) => value.map(|v| v.to_string()).unwrap_or_default(),
        }
    }
}

/// The columns of the CSV and Parquet exports, in order. Nested fields of
/// the event record are flattened with `_` (`source_code`, `trigger_start`).
pub const FLAT_COLUMNS: &[(&str, ColumnType)] = &[
    ("event_id", ColumnType::Text),
    ("cluster_id", ColumnType::Text),
    ("doc_id", ColumnType::Text),
    ("sentence_index", ColumnType::Integer),
    ("date", ColumnType::Text),
    ("date_text", ColumnType::Text),
    ("cameo", ColumnType::Text),
    ("plover", ColumnType::Text),
    ("plover_mode", ColumnType::Text),
    ("plover_context", ColumnType::Text),
    ("goldstein", ColumnType::Float),
    ("quad_class", ColumnType::Integer),
    ("modality", ColumnType::Text),
    ("source_text", ColumnType::Text),
    ("source_code", ColumnType::Text),
    ("source_country", ColumnType::Text),
    ("source_org", ColumnType::Text),
    ("source_sector", ColumnType::Text),
    ("source_name", ColumnType::Text),
    ("target_text", ColumnType::Text),
    ("target_code", ColumnType::Text),
    ("target_country", ColumnType::Text),
    ("target_org", ColumnType::Text),
    ("target_sector", ColumnType::Text),
    ("target_name", ColumnType::Text),
    ("attribution_text", ColumnType::Text),
    ("location_name", ColumnType::Text),
    ("location_country", ColumnType::Text),
    ("fatalities", ColumnType::Integer),
    ("injuries", ColumnType::Integer),
    ("trigger_text", ColumnType::Text),
    ("trigger_start", ColumnType::Integer),
    ("trigger_end", ColumnType::Integer),
    ("sentence_start", ColumnType::Integer),
    ("sentence_end", ColumnType::Integer),
    ("sentence", ColumnType::Text),
    ("evidence_rule", ColumnType::Text),
    ("evidence_pattern", ColumnType::Text),
    ("evidence_pattern_origin", ColumnType::Text),
    ("evidence_dependency_path", ColumnType::Text),
];

fn int(value: usize) -> ColumnValue {
    ColumnValue::Integer(i64::try_from(value).ok())
}

fn text(value: impl Into<String>) -> ColumnValue {
    ColumnValue::Text(Some(value.into()))
}

fn optional_text(value: Option<&str>) -> ColumnValue {
    ColumnValue::Text(value.map(str::to_owned))
}

fn actor_columns(actor: Option<&ActorRef>) -> [ColumnValue; 6] {
    [
        optional_text(actor.map(|a| a.text.as_str())),
        optional_text(actor.and_then(|a| a.code.as_deref())),
        optional_text(actor.and_then(|a| a.country.as_deref())),
        optional_text(actor.and_then(|a| a.org.as_deref())),
        optional_text(actor.and_then(|a| a.sector.as_deref())),
        optional_text(actor.and_then(|a| a.name.as_deref())),
    ]
}

/// The flat row of one report, in the order of [`FLAT_COLUMNS`]. The
/// `date` column is the report's own date (as in the event record).
pub fn flat_row(stored: &StoredEvent) -> Vec<ColumnValue> {
    let event = &stored.event;
    let mut row = vec![
        text(event.event_id.as_str()),
        text(stored.cluster_id.as_str()),
        text(event.doc_id.as_str()),
        int(event.sentence_index),
        ColumnValue::Text(event.date.map(|date| date.format("%Y-%m-%d").to_string())),
        optional_text(event.date_text.as_deref()),
        text(event.cameo.as_str()),
        text(event.plover.as_str()),
        optional_text(event.plover_mode.as_deref()),
        text(event.plover_context.join(";")),
        ColumnValue::Float(Some(event.goldstein)),
        ColumnValue::Integer(Some(i64::from(event.quad_class))),
        text(event.modality.name()),
    ];
    row.extend(actor_columns(Some(&event.source)));
    row.extend(actor_columns(event.target.as_ref()));
    row.extend([
        optional_text(event.attribution.as_ref().map(|a| a.text.as_str())),
        optional_text(event.location.as_ref().map(|l| l.name.as_str())),
        optional_text(event.location.as_ref().and_then(|l| l.country.as_deref())),
        ColumnValue::Integer(event.fatalities.map(i64::from)),
        ColumnValue::Integer(event.injuries.map(i64::from)),
        text(event.trigger.text.as_str()),
        int(event.trigger.start),
        int(event.trigger.end),
        int(event.sentence_span.start),
        int(event.sentence_span.end),
        text(event.sentence.as_str()),
        text(event.evidence.rule.as_str()),
        text(event.evidence.pattern.as_str()),
        optional_text(event.evidence.pattern_origin.as_deref()),
        text(event.evidence.dependency_path.as_str()),
    ]);
    row
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Reports written.
    pub events: usize,
    /// Files written (Parquet partitions); empty for single-stream formats.
    pub files: Vec<PathBuf>,
}

fn write_error(label: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Write {
        path: label.to_path_buf(),
        source,
    }
}

/// Writes the matching reports as JSON Lines: each line is the event
/// record of `dyad code` with `cluster_id` added. `label` names the output
/// in errors.
pub fn write_jsonl(
    store: &dyn Store,
    filter: &EventFilter,
    output: &mut dyn Write,
    label: &Path,
) -> Result<ExportSummary> {
    let mut summary = ExportSummary::default();
    store.for_each_event(filter, EventOrder::Ingest, &mut |stored, _| {
        serde_json::to_writer(&mut *output, &stored).map_err(|error| StoreError::Encode {
            path: label.to_path_buf(),
            format: "JSON",
            message: error.to_string(),
        })?;
        output.write_all(b"\n").map_err(write_error(label))?;
        summary.events += 1;
        Ok(())
    })?;
    output.flush().map_err(write_error(label))?;
    Ok(summary)
}

/// Writes the matching reports as CSV with a header row of
/// [`FLAT_COLUMNS`].
pub fn write_csv(
    store: &dyn Store,
    filter: &EventFilter,
    output: &mut dyn Write,
    label: &Path,
) -> Result<ExportSummary> {
    let encode = |error: csv::Error| StoreError::Encode {
        path: label.to_path_buf(),
        format: "CSV",
        message: error.to_string(),
    };
    let mut writer = csv::Writer::from_writer(output);
    writer
        .write_record(FLAT_COLUMNS.iter().map(|(name, _)| *name))
        .map_err(encode)?;
    let mut summary = ExportSummary::default();
    store.for_each_event(filter, EventOrder::Ingest, &mut |stored, _| {
        writer
            .write_record(flat_row(&stored).iter().map(ColumnValue::to_text))
            .map_err(encode)?;
        summary.events += 1;
        Ok(())
    })?;
    writer.flush().map_err(write_error(label))?;
    Ok(summary)
}

/// The 61 columns of the GDELT 2.0 event table, in order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// A TSV field may not contain tabs or line breaks; they become spaces.
fn tsv_field(value: &str) -> String {
    value.replace(['\t', '\n', '\r'], " ")
}

fn gdelt_actor(actor: Option<&ActorRef>) -> [String; 10] {
    let field = |value: Option<&str>| tsv_field(value.unwrap_or_default());
    [
        field(actor.and_then(|a| a.code.as_deref())),
        field(actor.map(|a| a.name.as_deref().unwrap_or(&a.text))),
        field(actor.and_then(|a| a.country.as_deref())),
        field(actor.and_then(|a| a.org.as_deref())),
        String::new(),
        String::new(),
        String::new(),
        field(actor.and_then(|a| a.sector.as_deref())),
        String::new(),
        String::new(),
    ]
}

/// The GDELT 2.0 event-table row of one report (see
/// `docs/formats/export.md` for the mapping).
pub fn gdelt_row(stored: &StoredEvent, context: &EventContext) -> Vec<String> {
    let event = &stored.event;
    let date: Option<Date> = context.effective_date;
    let mut row = vec![
        context.row_id.to_string(),
        date.map(|d| d.format("%Y%m%d").to_string())
            .unwrap_or_default(),
        date.map(|d| d.format("%Y%m").to_string())
            .unwrap_or_default(),
        date.map(|d| d.year().to_string()).unwrap_or_default(),
        date.map(|d| {
            format!(
                "{:.4}",
                f64::from(d.year()) + f64::from(d.ordinal()) / 365.0
            )
        })
        .unwrap_or_default(),
    ];
    row.extend(gdelt_actor(Some(&event.source)));
    row.extend(gdelt_actor(event.target.as_ref()));
    row.extend([
        if event.sentence_index == 0 { "1" } else { "0" }.to_string(),
        tsv_field(&event.cameo),
        tsv_field(event.cameo.get(..3).unwrap_or(&event.cameo)),
        tsv_field(event.cameo.get(..2).unwrap_or(&event.cameo)),
        event.quad_class.to_string(),
        event.goldstein.to_string(),
        context.cluster_reports.to_string(),
        context.cluster_outlets.max(1).to_string(),
        context.cluster_documents.to_string(),
        String::new(),
    ]);
    // dyad does not geocode actors: the sixteen actor geography columns
    // stay empty.
    row.extend(std::iter::repeat_n(String::new(), 16));
    let location = event.location.as_ref();
    row.extend([
        String::new(),
        tsv_field(location.map(|l| l.name.as_str()).unwrap_or_default()),
        tsv_field(
            location
                .and_then(|l| l.country.as_deref())
                .unwrap_or_default(),
        ),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        date.map(|d| d.format("%Y%m%d000000").to_string())
            .unwrap_or_default(),
        tsv_field(context.url.as_deref().unwrap_or(&event.doc_id)),
    ]);
    row
}

/// Writes the matching reports as GDELT 2.0 event-table rows (no header,
/// as GDELT's own files).
pub fn write_gdelt_tsv(
    store: &dyn Store,
    filter: &EventFilter,
    output: &mut dyn Write,
    label: &Path,
) -> Result<ExportSummary> {
    let mut summary = ExportSummary::default();
    store.for_each_event(filter, EventOrder::Ingest, &mut |stored, context| {
        let line = gdelt_row(&stored, &context).join("\t");
        output
            .write_all(line.as_bytes())
            .map_err(write_error(label))?;
        output.write_all(b"\n").map_err(write_error(label))?;
        summary.events += 1;
        Ok(())
    })?;
    output.flush().map_err(write_error(label))?;
    Ok(summary)
}

/// Rows per Parquet row group: large enough for good compression and
/// scans, small enough to bound memory per open partition.
const PARQUET_BATCH_ROWS: usize = 8192;

/// The Hive partition directory name for reports without a date, as Hive
/// and Spark name a null partition value.
pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// The Arrow schema of the Parquet files: [`FLAT_COLUMNS`] without `date`,
/// which is the partition key in the directory name.
pub fn parquet_schema() -> Arc<Schema> {
    let fields: Vec<Field> = FLAT_COLUMNS
        .iter()
        .filter(|(name, _)| *name != "date")
        .map(|(name, kind)| {
            let data_type = match kind {
                ColumnType::Text => DataType::Utf8,
                ColumnType::Integer => DataType::Int64,
                ColumnType::Float => DataType::Float64,
            };
            Field::new(*name, data_type, true)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// One open partition file with its buffered rows.
struct Partition {
    path: PathBuf,
    writer: parquet::arrow::ArrowWriter<std::fs::File>,
    rows: Vec<Vec<ColumnValue>>,
}

fn encode_parquet(path: &Path) -> impl Fn(String) -> StoreError + '_ {
    move |message| StoreError::Encode {
        path: path.to_path_buf(),
        format: "Parquet",
        message,
    }
}

impl Partition {
    fn flush(&mut self, schema: &Arc<Schema>) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let date_column = FLAT_COLUMNS.iter().position(|(name, _)| *name == "date");
        let mut arrays: Vec<ArrayRef> = Vec::new();
        for (index, (_, kind)) in FLAT_COLUMNS.iter().enumerate() {
            if Some(index) == date_column {
                continue;
            }
            let values = self.rows.iter().map(|row| row.get(index));
            let array: ArrayRef = match kind {
                ColumnType::Text => {
                    let mut builder = StringBuilder::new();
                    for value in values {
                        match value {
                            Some(ColumnValue::Text(Some(text))) => builder.append_value(text),
                            _ => builder.append_null(),
                        }
                    }
                    Arc::new(builder.finish())
                }
                ColumnType::Integer => {
                    let mut builder = Int64Builder::new();
                    for value in values {
                        match value {
                            Some(ColumnValue::Integer(Some(number))) => {
                                builder.append_value(*number)
                            }
                            _ => builder.append_null(),
                        }
                    }
                    Arc::new(builder.finish())
                }
                ColumnType::Float => {
                    let mut builder = Float64Builder::new();
                    for value in values {
                        match value {
                            Some(ColumnValue::Float(Some(number))) => builder.append_value(*number),
                            _ => builder.append_null(),
                        }
                    }
                    Arc::new(builder.finish())
                }
            };
            arrays.push(array);
        }
        let batch = RecordBatch::try_new(schema.clone(), arrays)
            .map_err(|e| encode_parquet(&self.path)(e.to_string()))?;
        self.writer
            .write(&batch)
            .map_err(|e| encode_parquet(&self.path)(e.to_string()))?;
        self.rows.clear();
        Ok(())
    }

    fn close(mut self, schema: &Arc<Schema>) -> Result<PathBuf> {
        self.flush(schema)?;
        self.writer
            .close()
            .map_err(|e| encode_parquet(&self.path)(e.to_string()))?;
        Ok(self.path)
    }
}

/// Writes the matching reports as Hive-style date partitions under
/// `directory`: `date=YYYY-MM-DD/part-0.parquet`, with undated reports in
/// `date=__HIVE_DEFAULT_PARTITION__`. The partition date is the report's
/// effective date (its own, else its document's). The directory must be
/// new or empty, so that no stale partition is mistaken for part of this
/// export.
pub fn write_parquet(
    store: &dyn Store,
    filter: &EventFilter,
    directory: &Path,
) -> Result<ExportSummary> {
    let io_error = write_error(directory);
    if directory.exists() {
        let mut entries = std::fs::read_dir(directory).map_err(&io_error)?;
        if entries.next().is_some() {
            return Err(StoreError::Write {
                path: directory.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "the Parquet output directory is not empty; choose a new directory",
                ),
            });
        }
    }
    std::fs::create_dir_all(directory).map_err(&io_error)?;
    let schema = parquet_schema();
    let mut summary = ExportSummary::default();
    let mut current: Option<(Option<Date>, Partition)> = None;
    store.for_each_event(filter, EventOrder::Date, &mut |stored, context| {
        let date = context.effective_date;
        if current
            .as_ref()
            .is_none_or(|(open_date, _)| *open_date != date)
        {
            if let Some((_, partition)) = current.take() {
                summary.files.push(partition.close(&schema)?);
            }
            let name = match date {
                Some(date) => format!("date={}", date.format("%Y-%m-%d")),
                None => format!("date={NULL_PARTITION}"),
            };
            let partition_directory = directory.join(name);
            std::fs::create_dir_all(&partition_directory)
                .map_err(write_error(&partition_directory))?;
            let path = partition_directory.join("part-0.parquet");
            let file = std::fs::File::create(&path).map_err(write_error(&path))?;
            let writer = parquet::arrow::ArrowWriter::try_new(file, schema.clone(), None)
                .map_err(|e| encode_parquet(&path)(e.to_string()))?;
            current = Some((
                date,
                Partition {
                    path,
                    writer,
                    rows: Vec::new(),
                },
            ));
        }
        if let Some((_, partition)) = current.as_mut() {
            partition.rows.push(flat_row(&stored));
            if partition.rows.len() >= PARQUET_BATCH_ROWS {
                partition.flush(&schema)?;
            }
        }
        summary.events += 1;
        Ok(())
    })?;
    if let Some((_, partition)) = current.take() {
        summary.files.push(partition.close(&schema)?);
    }
    Ok(summary)
}
