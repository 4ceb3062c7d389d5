//! Scoring the coder against gold files, in the field's two formats.
//!
//! - **PETRARCH validation XML**: `<Sentence id date>` records with
//!   `<EventCoding sourcecode targetcode eventcode/>` elements, or
//!   `noevents="True"`. dyad's own gold files may add `modality="planned"`
//!   (or another status) to an `<EventCoding>`; PETRARCH ignores it.
//! - **PLOVER gold-standard JSON**: a list of records with `id`, `date`,
//!   `text`, `event` (category), `source`/`target` lists of
//!   `{actorText, code, sector}`, and optional `context` and `comment`.
//!
//! Reading a gold file gives [`GoldSet`]; the caller annotates and codes
//! each item's text and hands the events back to [`score`], which is a pure
//! function. The report renders as text ([`EvalReport::render_text`]) or
//! serialises as JSON.

use crate::CoderError;
use dyad_types::{Date, Diagnostic, Event, Modality};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Which of the two gold formats a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoldFormat {
    /// PETRARCH validation XML; scored on CAMEO triples.
    PetrarchXml,
    /// PLOVER gold-standard JSON; scored on PLOVER categories.
    PloverJson,
}

/// One expected CAMEO coding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Triple {
    /// Source actor code (`---` when none).
    pub source: String,
    /// Target actor code (`---` when none).
    pub target: String,
    /// CAMEO event code.
    pub code: String,
}

/// An actor in a PLOVER gold record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PloverActor {
    /// The words naming the actor.
    #[serde(rename = "actorText", default)]
    pub actor_text: String,
    /// Its code (country or organisation).
    #[serde(default)]
    pub code: String,
    /// Its sector, if any.
    #[serde(default)]
    pub sector: String,
}

/// What a gold item expects.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Expected {
    /// CAMEO triples; empty with `no_events` for a sentence without events.
    Cameo {
        /// The expected triples.
        triples: Vec<Triple>,
        /// Statuses given by dyad's `modality` attribute, parallel to `triples`.
        modalities: Vec<Option<Modality>>,
        /// Whether the sentence is marked as having no events.
        no_events: bool,
    },
    /// One PLOVER event.
    Plover {
        /// The PLOVER category.
        category: String,
        /// Source actors.
        sources: Vec<PloverActor>,
        /// Target actors.
        targets: Vec<PloverActor>,
    },
}

/// One sentence or record of a gold file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldItem {
    /// The record's id.
    pub id: String,
    /// The text to code.
    pub text: String,
    /// The record's date.
    pub date: Option<Date>,
    /// What the coder should give.
    pub expected: Expected,
}

/// A dictionary file named by a PETRARCH `<Environment>` block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvironmentFile {
    /// The element name, lower case: `verbfile`, `actorfile`, `agentfile`, `discardfile`, `issuefile`.
    pub kind: String,
    /// The file name as written.
    pub file: String,
}

/// A gold file, read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldSet {
    /// Its format.
    pub format: GoldFormat,
    /// Its items, in file order.
    pub items: Vec<GoldItem>,
    /// Dictionary files its `<Environment>` names (PETRARCH XML only).
    pub environment: Vec<EnvironmentFile>,
}

#[derive(Deserialize)]
struct PloverRecord {
    id: serde_json::Value,
    #[serde(default)]
    date: Option<String>,
    text: String,
    event: String,
    #[serde(default)]
    source: Vec<PloverActor>,
    #[serde(default)]
    target: Vec<PloverActor>,
}

/// Reads a gold file; the format is chosen from the content (`<` starts XML,
/// `[` starts JSON). Problems with single records are diagnostics.
pub fn read_gold(path: &Path) -> Result<(GoldSet, Vec<Diagnostic>), CoderError> {
    let bytes = std::fs::read(path).map_err(|source| CoderError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse_gold(&bytes, &path.display().to_string()).map_err(|message| CoderError::GoldFormat {
        path: path.to_owned(),
        message,
    })
}

/// Parses gold-file content; `label` names it in diagnostics.
pub fn parse_gold(bytes: &[u8], label: &str) -> Result<(GoldSet, Vec<Diagnostic>), String> {
    let first = bytes.iter().copied().find(|byte| {
        !byte.is_ascii_whitespace() && *byte != 0xEF && *byte != 0xBB && *byte != 0xBF
    });
    match first {
        Some(b'[') => parse_plover(bytes, label),
        Some(b'<') => Ok(parse_petrarch(bytes, label)),
        _ => Err("neither PETRARCH XML nor PLOVER JSON (expected `<` or `[` first)".into()),
    }
}

fn parse_plover(bytes: &[u8], label: &str) -> Result<(GoldSet, Vec<Diagnostic>), String> {
    let values: Vec<serde_json::Value> =
        serde_json::from_slice(bytes).map_err(|error| format!("line {}: {error}", error.line()))?;
    let mut items = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, value) in values.into_iter().enumerate() {
        let record: PloverRecord = match serde_json::from_value(value) {
            Ok(record) => record,
            Err(error) => {
                diagnostics.push(Diagnostic::warning(
                    Some(label),
                    format!("record {index}: {error}; skipped"),
                ));
                continue;
            }
        };
        let id = match record.id {
            serde_json::Value::String(id) => id,
            other => other.to_string(),
        };
        let date = record.date.as_deref().and_then(dyad_intake::parse_date);
        items.push(GoldItem {
            id,
            text: record.text,
            date,
            expected: Expected::Plover {
                category: record.event.to_uppercase(),
                sources: record.source,
                targets: record.target,
            },
        });
    }
    Ok((
        GoldSet {
            format: GoldFormat::PloverJson,
            items,
            environment: Vec::new(),
        },
        diagnostics,
    ))
}

fn parse_petrarch(bytes: &[u8], label: &str) -> (GoldSet, Vec<Diagnostic>) {
    let options = dyad_intake::ReadOptions {
        format: Some(dyad_types::InputFormat::PetrarchXml),
        ..dyad_intake::ReadOptions::default()
    };
    let outcome = dyad_intake::read_bytes(bytes, label, &options);
    let mut diagnostics = outcome.diagnostics;
    let mut items = Vec::new();
    for document in outcome.documents {
        let mut triples = Vec::new();
        let mut modalities = Vec::new();
        if let Some(serde_json::Value::Array(codings)) =
            document.metadata.get(dyad_intake::CODINGS_KEY)
        {
            for coding in codings {
                let field = |name: &str| {
                    coding
                        .get(name)
                        .and_then(|value| value.as_str())
                        .map(str::trim)
                };
                let Some(code) = field("eventcode").filter(|code| !code.is_empty()) else {
                    diagnostics.push(Diagnostic::warning(
                        Some(label),
                        format!(
                            "sentence {}: <EventCoding> without eventcode; skipped",
                            document.id
                        ),
                    ));
                    continue;
                };
                triples.push(Triple {
                    source: field("sourcecode")
                        .filter(|c| !c.is_empty())
                        .unwrap_or("---")
                        .to_owned(),
                    target: field("targetcode")
                        .filter(|c| !c.is_empty())
                        .unwrap_or("---")
                        .to_owned(),
                    code: code.to_owned(),
                });
                modalities.push(field("modality").and_then(Modality::from_name));
            }
        }
        let no_events = document
            .metadata
            .get(dyad_intake::NOEVENTS_KEY)
            .is_some_and(|value| value == true);
        items.push(GoldItem {
            id: document.id.clone(),
            text: document.text.clone(),
            date: document.date,
            expected: Expected::Cameo {
                triples,
                modalities,
                no_events,
            },
        });
    }
    let environment = environment_files(&String::from_utf8_lossy(bytes));
    (
        GoldSet {
            format: GoldFormat::PetrarchXml,
            items,
            environment,
        },
        diagnostics,
    )
}

/// The dictionary files named in an `<Environment>` block.
pub fn environment_files(xml: &str) -> Vec<EnvironmentFile> {
    let lower = xml.to_ascii_lowercase();
    let Some(start) = lower.find("<environment>") else {
        return Vec::new();
    };
    let end = lower
        .get(start..)
        .and_then(|rest| rest.find("</environment>"))
        .map_or(lower.len(), |end| start + end);
    let mut found = Vec::new();
    for kind in [
        "verbfile",
        "actorfile",
        "agentfile",
        "discardfile",
        "issuefile",
    ] {
        let open = format!("<{kind}>");
        let close = format!("</{kind}>");
        let mut cursor = start;
        while let Some(position) = lower.get(cursor..end).and_then(|rest| rest.find(&open)) {
            let value_start = cursor + position + open.len();
            let Some(value_end) = lower
                .get(value_start..end)
                .and_then(|rest| rest.find(&close))
            else {
                break;
            };
            if let Some(value) = xml.get(value_start..value_start + value_end) {
                for file in value
                    .split([',', ' ', '\n', '\t'])
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                {
                    found.push(EnvironmentFile {
                        kind: kind.to_owned(),
                        file: file.to_owned(),
                    });
                }
            }
            cursor = value_start + value_end + close.len();
        }
    }
    found
}

/// The PETRARCH-style triple of an event: actor codes with `---` for a
/// missing side, and `---SECTOR` for a sector without a country.
pub fn triple_of(event: &Event) -> Triple {
    let code = |actor: Option<&dyad_types::ActorRef>| -> String {
        match actor {
            Some(actor) => actor
                .code
                .clone()
                .or_else(|| actor.sector.as_ref().map(|sector| format!("---{sector}")))
                .unwrap_or_else(|| "---".to_owned()),
            None => "---".to_owned(),
        }
    };
    Triple {
        source: code(Some(&event.source)),
        target: code(event.target.as_ref()),
        code: event.cameo.clone(),
    }
}

/// Counts for one category.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CategoryScore {
    /// The category (CAMEO root or PLOVER category).
    pub category: String,
    /// Expected items in this category.
    pub expected: usize,
    /// Produced items in this category.
    pub produced: usize,
    /// Items both expected and produced.
    pub correct: usize,
}

/// A sentence or record the coder got wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WrongItem {
    /// Its id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// What was expected, one line each.
    pub expected: Vec<String>,
    /// What the coder gave, one line each.
    pub produced: Vec<String>,
}

/// The result of scoring a gold file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// The gold format.
    pub format: GoldFormat,
    /// Items scored.
    pub items: usize,
    /// Items whose coding matched exactly (CAMEO: the set of triples and,
    /// where the gold file gives them, their statuses; PLOVER: the category
    /// was produced).
    pub exact: usize,
    /// `exact / items`.
    pub accuracy: f64,
    /// Triples expected (CAMEO).
    pub expected_triples: usize,
    /// Triples produced (CAMEO).
    pub produced_triples: usize,
    /// Triples both expected and produced (CAMEO).
    pub correct_triples: usize,
    /// Triple precision (CAMEO).
    pub precision: f64,
    /// Triple recall (CAMEO).
    pub recall: f64,
    /// Triple F1 (CAMEO).
    pub f1: f64,
    /// Of the matched triples with an expected status, how many had it.
    pub modality_checked: usize,
    /// Matched triples whose status was right.
    pub modality_correct: usize,
    /// Per-category counts (CAMEO roots or PLOVER categories).
    pub categories: Vec<CategoryScore>,
    /// Every item the coder got wrong.
    pub wrong: Vec<WrongItem>,
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

fn describe(triple: &Triple, modality: Option<Modality>) -> String {
    match modality {
        Some(modality) => format!(
            "{} {} {} ({})",
            triple.source,
            triple.target,
            triple.code,
            modality.name()
        ),
        None => format!("{} {} {}", triple.source, triple.target, triple.code),
    }
}

/// Scores produced events (by gold item id) against a gold set. Items
/// missing from `produced` count as coded with no events.
pub fn score(gold: &GoldSet, produced: &BTreeMap<String, Vec<Event>>) -> EvalReport {
    let mut report = EvalReport {
        format: gold.format,
        items: gold.items.len(),
        exact: 0,
        accuracy: 0.0,
        expected_triples: 0,
        produced_triples: 0,
        correct_triples: 0,
        precision: 0.0,
        recall: 0.0,
        f1: 0.0,
        modality_checked: 0,
        modality_correct: 0,
        categories: Vec::new(),
        wrong: Vec::new(),
    };
    let mut categories: BTreeMap<String, CategoryScore> = BTreeMap::new();
    let empty = Vec::new();
    for item in &gold.items {
        let events = produced.get(&item.id).unwrap_or(&empty);
        match &item.expected {
            Expected::Cameo {
                triples,
                modalities,
                ..
            } => {
                let uses_status = modalities.iter().any(Option::is_some);
                // Without statuses in the gold file, follow PETRARCH: a negated report is no event.
                let counted: Vec<&Event> = events
                    .iter()
                    .filter(|event| uses_status || event.modality != Modality::Negated)
                    .collect();
                let mut produced_triples: Vec<(Triple, Modality)> = counted
                    .iter()
                    .map(|event| (triple_of(event), event.modality))
                    .collect();
                produced_triples.sort();
                produced_triples.dedup_by(|a, b| a.0 == b.0);
                let mut unmatched: Vec<(Triple, Modality)> = produced_triples.clone();
                let mut correct = 0;
                let mut status_wrong = false;
                for (triple, modality) in triples.iter().zip(modalities.iter()) {
                    let root = triple.code.get(..2).unwrap_or(&triple.code).to_owned();
                    let entry = categories
                        .entry(root.clone())
                        .or_insert_with(|| CategoryScore {
                            category: root,
                            ..Default::default()
                        });
                    entry.expected += 1;
                    if let Some(position) = unmatched
                        .iter()
                        .position(|(candidate, _)| candidate == triple)
                    {
                        let (_, produced_modality) = unmatched.remove(position);
                        correct += 1;
                        entry.correct += 1;
                        if let Some(expected_modality) = modality {
                            report.modality_checked += 1;
                            if *expected_modality == produced_modality {
                                report.modality_correct += 1;
                            } else {
                                status_wrong = true;
                            }
                        }
                    }
                }
                for (triple, _) in &produced_triples {
                    let root = triple.code.get(..2).unwrap_or(&triple.code).to_owned();
                    categories
                        .entry(root.clone())
                        .or_insert_with(|| CategoryScore {
                            category: root,
                            ..Default::default()
                        })
                        .produced += 1;
                }
                report.expected_triples += triples.len();
                report.produced_triples += produced_triples.len();
                report.correct_triples += correct;
                // With statuses in the gold file, a sentence is exact only when they match too.
                let exact = correct == triples.len()
                    && produced_triples.len() == triples.len()
                    && !status_wrong;
                if exact {
                    report.exact += 1;
                } else {
                    report.wrong.push(WrongItem {
                        id: item.id.clone(),
                        text: item.text.clone(),
                        expected: if triples.is_empty() {
                            vec!["(no events)".into()]
                        } else {
                            triples
                                .iter()
                                .zip(modalities.iter())
                                .map(|(t, m)| describe(t, *m))
                                .collect()
                        },
                        produced: produced_triples
                            .iter()
                            .map(|(t, m)| describe(t, uses_status.then_some(*m)))
                            .collect(),
                    });
                }
            }
            Expected::Plover {
                category,
                sources,
                targets,
            } => {
                let entry = categories
                    .entry(category.clone())
                    .or_insert_with(|| CategoryScore {
                        category: category.clone(),
                        ..Default::default()
                    });
                entry.expected += 1;
                let hit = events
                    .iter()
                    .any(|event| event.plover.eq_ignore_ascii_case(category));
                if hit {
                    entry.correct += 1;
                    report.exact += 1;
                }
                for event in events {
                    let produced_category = event.plover.to_uppercase();
                    categories
                        .entry(produced_category.clone())
                        .or_insert_with(|| CategoryScore {
                            category: produced_category,
                            ..Default::default()
                        })
                        .produced += 1;
                }
                if !hit {
                    let actors = |list: &[PloverActor]| {
                        list.iter()
                            .map(|actor| format!("{}{}", actor.code, actor.sector))
                            .collect::<Vec<_>>()
                            .join("+")
                    };
                    report.wrong.push(WrongItem {
                        id: item.id.clone(),
                        text: item.text.clone(),
                        expected: vec![format!(
                            "{} {} {}",
                            actors(sources),
                            actors(targets),
                            category
                        )],
                        produced: events
                            .iter()
                            .map(|event| {
                                let triple = triple_of(event);
                                format!(
                                    "{} {} {} ({})",
                                    triple.source, triple.target, event.plover, event.cameo
                                )
                            })
                            .collect(),
                    });
                }
            }
        }
    }
    report.accuracy = ratio(report.exact, report.items);
    report.precision = ratio(report.correct_triples, report.produced_triples);
    report.recall = ratio(report.correct_triples, report.expected_triples);
    report.f1 = if report.precision + report.recall > 0.0 {
        2.0 * report.precision * report.recall / (report.precision + report.recall)
    } else {
        0.0
    };
    report.categories = categories.into_values().collect();
    report
}

impl EvalReport {
    /// The report as text for a terminal.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let label = match self.format {
            GoldFormat::PetrarchXml => "sentences",
            GoldFormat::PloverJson => "records",
        };
        out.push_str(&format!(
            "{label}: {}  exact: {}  accuracy: {:.1}%\n",
            self.items,
            self.exact,
            100.0 * self.accuracy
        ));
        match self.format {
            GoldFormat::PetrarchXml => {
                out.push_str(&format!(
                    "triples: expected {}  produced {}  correct {}  precision {:.1}%  recall {:.1}%  F1 {:.1}%\n",
                    self.expected_triples,
                    self.produced_triples,
                    self.correct_triples,
                    100.0 * self.precision,
                    100.0 * self.recall,
                    100.0 * self.f1
                ));
                if self.modality_checked > 0 {
                    out.push_str(&format!(
                        "status of matched triples: {} of {} right ({:.1}%)\n",
                        self.modality_correct,
                        self.modality_checked,
                        100.0 * ratio(self.modality_correct, self.modality_checked)
                    ));
                }
                out.push_str("\nroot  expected  produced  correct  precision  recall\n");
                for category in &self.categories {
                    out.push_str(&format!(
                        "{:<4}  {:>8}  {:>8}  {:>7}  {:>8.1}%  {:>5.1}%\n",
                        category.category,
                        category.expected,
                        category.produced,
                        category.correct,
                        100.0 * ratio(category.correct, category.produced),
                        100.0 * ratio(category.correct, category.expected)
                    ));
                }
            }
            GoldFormat::PloverJson => {
                out.push_str("\ncategory      expected  produced  correct  accuracy\n");
                for category in &self.categories {
                    out.push_str(&format!(
                        "{:<12}  {:>8}  {:>8}  {:>7}  {:>7.1}%\n",
                        category.category,
                        category.expected,
                        category.produced,
                        category.correct,
                        100.0 * ratio(category.correct, category.expected)
                    ));
                }
            }
        }
        if !self.wrong.is_empty() {
            out.push_str(&format!("\nwrong {label} ({}):\n", self.wrong.len()));
            for wrong in &self.wrong {
                out.push_str(&format!("- {}: {}\n", wrong.id, wrong.text));
                out.push_str(&format!("    expected: {}\n", wrong.expected.join("; ")));
                let produced = if wrong.produced.is_empty() {
                    "(nothing)".to_owned()
                } else {
                    wrong.produced.join("; ")
                };
                out.push_str(&format!("    produced: {produced}\n"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_types::{ActorRef, Evidence, Span, Trigger};

    fn event(
        source: &str,
        target: Option<&str>,
        cameo: &str,
        plover: &str,
        modality: Modality,
    ) -> Event {
        Event {
            event_id: String::new(),
            doc_id: "d".into(),
            sentence_index: 0,
            sentence: String::new(),
            sentence_span: Span::new(0, 0),
            cameo: cameo.into(),
            plover: plover.into(),
            plover_mode: None,
            plover_context: vec![],
            goldstein: 0.0,
            quad_class: 1,
            source: ActorRef {
                code: Some(source.into()),
                ..ActorRef::default()
            },
            target: target.map(|code| ActorRef {
                code: Some(code.into()),
                ..ActorRef::default()
            }),
            modality,
            attribution: None,
            date: None,
            date_precision: None,
            date_text: None,
            location: None,
            fatalities: None,
            injuries: None,
            trigger: Trigger {
                text: String::new(),
                start: 0,
                end: 0,
            },
            evidence: Evidence::default(),
        }
    }

    const XML: &str = r#"<Sentences>
<Environment><Verbfile>CAMEO.2.0.txt</Verbfile><Actorfile>A.txt, B.txt</Actorfile></Environment>
<Sentence id="s1" date="20250819" source="test">
<EventCoding sourcecode="USAGOV" targetcode="RUSGOV" eventcode="041"/>
<EventCoding sourcecode="RUS" targetcode="UKR" eventcode="190" modality="asserted"/>
<Text>Trump phoned Putin as Russia shelled Ukraine.</Text>
</Sentence>
<Sentence id="s2" date="20250819" source="test" noevents="True">
<Text>The weather was mild.</Text>
</Sentence>
</Sentences>"#;

    #[test]
    fn petrarch_gold_is_read_with_environment_and_statuses() {
        let (gold, diagnostics) = parse_gold(XML.as_bytes(), "gold.xml").expect("parse");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(gold.format, GoldFormat::PetrarchXml);
        assert_eq!(gold.items.len(), 2);
        assert_eq!(gold.environment.len(), 3);
        assert_eq!(gold.environment[2].file, "B.txt");
        match &gold.items[0].expected {
            Expected::Cameo {
                triples,
                modalities,
                no_events,
            } => {
                assert_eq!(triples.len(), 2);
                assert_eq!(modalities[1], Some(Modality::Asserted));
                assert!(!no_events);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            gold.items[1].expected,
            Expected::Cameo {
                no_events: true,
                ..
            }
        ));
        assert_eq!(gold.items[0].date, Date::from_ymd_opt(2025, 8, 19));
    }

    #[test]
    fn triple_scores_count_hits_misses_and_spurious_events() {
        let (gold, _) = parse_gold(XML.as_bytes(), "gold.xml").expect("parse");
        let mut produced = BTreeMap::new();
        produced.insert(
            "s1".to_owned(),
            vec![
                event(
                    "USAGOV",
                    Some("RUSGOV"),
                    "041",
                    "CONSULT",
                    Modality::Asserted,
                ),
                event("RUS", Some("UKR"), "190", "ASSAULT", Modality::Planned),
            ],
        );
        produced.insert(
            "s2".to_owned(),
            vec![event("USA", None, "010", "STATEMENT", Modality::Asserted)],
        );
        let report = score(&gold, &produced);
        assert_eq!(report.expected_triples, 2);
        assert_eq!(report.produced_triples, 3);
        assert_eq!(report.correct_triples, 2);
        assert!((report.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((report.recall - 1.0).abs() < 1e-9);
        assert_eq!(report.modality_checked, 1);
        assert_eq!(report.modality_correct, 0);
        // s1 has the right triples but a wrong status, s2 a spurious event.
        assert_eq!(report.exact, 0);
        assert_eq!(report.wrong.len(), 2);
        assert_eq!(report.wrong[1].id, "s2");
        let text = report.render_text();
        assert!(text.contains("F1 80.0%"), "{text}");
    }

    #[test]
    fn negated_reports_are_not_events_without_statuses() {
        let xml = r#"<Sentences><Sentence id="n" date="20250101" noevents="True"><Text>Iran did not attack.</Text></Sentence></Sentences>"#;
        let (gold, _) = parse_gold(xml.as_bytes(), "g.xml").expect("parse");
        let mut produced = BTreeMap::new();
        produced.insert(
            "n".to_owned(),
            vec![event("IRN", None, "190", "ASSAULT", Modality::Negated)],
        );
        let report = score(&gold, &produced);
        assert_eq!(report.exact, 1);
        assert_eq!(report.produced_triples, 0);
    }

    #[test]
    fn plover_records_score_by_category() {
        let json = r#"[
 {"id": 1, "date": "2025-08-19", "text": "Russia shelled Kharkiv.", "event": "assault",
  "source": [{"actorText": "Russia", "code": "RUS", "sector": ""}], "target": [], "comment": "x"},
 {"id": "r2", "date": "2025-08-19", "text": "Japan praised Kenya.", "event": "SUPPORT",
  "source": [], "target": [], "context": ["diplomatic"]},
 {"text": "missing fields"}
]"#;
        let (gold, diagnostics) = parse_gold(json.as_bytes(), "g.json").expect("parse");
        assert_eq!(gold.items.len(), 2);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(gold.items[0].id, "1");
        let mut produced = BTreeMap::new();
        produced.insert(
            "1".to_owned(),
            vec![event("RUS", None, "190", "ASSAULT", Modality::Asserted)],
        );
        produced.insert(
            "r2".to_owned(),
            vec![event(
                "JPN",
                Some("KEN"),
                "111",
                "ACCUSE",
                Modality::Asserted,
            )],
        );
        let report = score(&gold, &produced);
        assert_eq!(report.exact, 1);
        assert!((report.accuracy - 0.5).abs() < 1e-9);
        assert_eq!(report.wrong[0].id, "r2");
        assert!(report.render_text().contains("ASSAULT"));
    }

    #[test]
    fn unknown_content_is_an_error_not_a_panic() {
        assert!(parse_gold(b"hello", "x").is_err());
        assert!(parse_gold(b"[not json", "x").is_err());
        let (gold, _) = parse_gold(b"<Sentences><Sentence", "x").expect("tolerant xml");
        assert!(gold.items.is_empty());
    }
}
