//! Reading event records (JSON Lines, as `dyad code` writes them) with the
//! date each was reported on.

use crate::error::{Result, StorylineError};
use crate::model::ReportedEvent;
use dyad_types::{Date, Diagnostic, Event, Modality};
use std::io::BufRead;
use std::path::Path;

/// Reads event records, one JSON object per line, from a file.
///
/// See [`read_event_lines`] for what is read; only I/O fails.
pub fn read_event_file(path: &Path) -> Result<(Vec<ReportedEvent>, Vec<Diagnostic>)> {
    let file = std::fs::File::open(path).map_err(|source| StorylineError::Read {
        path: path.to_owned(),
        source,
    })?;
    read_event_lines(std::io::BufReader::new(file), &path.display().to_string()).map_err(|source| {
        StorylineError::Read {
            path: path.to_owned(),
            source,
        }
    })
}

/// Reads event records, one JSON object per line.
///
/// A line may carry a `document_date` field (`YYYY-MM-DD`) beside the
/// record's own fields: the date the report was published. Without it the
/// report date is read from a `YYYY-MM-DD` in the document id (file names
/// such as `2026-03-02-ankara.txt`), else taken from the event's own date
/// when the event is reported as having happened. Lines that are not event
/// records give a diagnostic with the file and line and are skipped.
pub fn read_event_lines(
    reader: impl BufRead,
    origin: &str,
) -> std::io::Result<(Vec<ReportedEvent>, Vec<Diagnostic>)> {
    let mut reports = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, line) in reader.lines().enumerate() {
        let line = line?;
        let line_number = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(1);
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_str(&line) {
            Ok(value) => value,
            Err(error) => {
                diagnostics.push(
                    Diagnostic::warning(Some(origin), format!("not JSON: {error}"))
                        .at_line(line_number),
                );
                continue;
            }
        };
        let document_date = match value.get("document_date") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(text)) => match text.parse::<Date>() {
                Ok(date) => Some(date),
                Err(_) => {
                    diagnostics.push(
                        Diagnostic::warning(
                            Some(origin),
                            format!("document_date {text:?} is not YYYY-MM-DD; ignored"),
                        )
                        .at_line(line_number),
                    );
                    None
                }
            },
            Some(other) => {
                diagnostics.push(
                    Diagnostic::warning(
                        Some(origin),
                        format!("document_date {other} is not a string; ignored"),
                    )
                    .at_line(line_number),
                );
                None
            }
        };
        match serde_json::from_value::<Event>(value) {
            Ok(event) => {
                let reported_on = document_date.or_else(|| report_date_fallback(&event));
                reports.push(ReportedEvent { event, reported_on });
            }
            Err(error) => {
                diagnostics.push(
                    Diagnostic::warning(Some(origin), format!("not an event record: {error}"))
                        .at_line(line_number),
                );
            }
        }
    }
    Ok((reports, diagnostics))
}

/// The report date when the line gives none: a date in the document id,
/// else the date of an event reported as having happened.
pub fn report_date_fallback(event: &Event) -> Option<Date> {
    date_in_text(&event.doc_id).or(match event.modality {
        Modality::Asserted => event.date,
        _ => None,
    })
}

/// The first `YYYY-MM-DD` date in a text, if any.
pub fn date_in_text(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find_map(|start| {
        let candidate = text.get(start..start.checked_add(10)?)?;
        let shape_fits = candidate
            .bytes()
            .enumerate()
            .all(|(position, byte)| match position {
                4 | 7 => byte == b'-',
                _ => byte.is_ascii_digit(),
            });
        if shape_fits {
            candidate.parse::<Date>().ok()
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_found_in_document_ids() {
        assert_eq!(
            date_in_text("articles/2026-03-02-ankara.txt#1"),
            "2026-03-02".parse().ok()
        );
        assert_eq!(date_in_text("articles/ankara.txt"), None);
        assert_eq!(date_in_text("2026-13-02"), None);
        assert_eq!(date_in_text("é2026-01-05"), "2026-01-05".parse().ok());
    }

    #[test]
    fn bad_lines_become_diagnostics_with_line_numbers() {
        let input = "not json\n\n{\"document_date\": 5}\n";
        let (reports, diagnostics) =
            read_event_lines(input.as_bytes(), "events.jsonl").expect("in memory");
        assert!(reports.is_empty());
        assert_eq!(diagnostics.len(), 3, "{diagnostics:?}");
        assert_eq!(
            diagnostics.first().and_then(|diagnostic| diagnostic.line),
            Some(1)
        );
        assert_eq!(
            diagnostics.get(1).and_then(|diagnostic| diagnostic.line),
            Some(3)
        );
        assert!(diagnostics
            .iter()
            .all(|diagnostic| diagnostic.path.as_deref() == Some("events.jsonl")));
    }
}
