//! Deterministic generated documents and event reports, for tests,
//! benchmarks and the crash-test helper. Nothing here is used at run time
//! by `dyad`.
//!
//! Reports are built so that their spans select real text of their
//! document, and so that nearby documents share dyads, event types and
//! dates, which gives the clustering real work to do.

use crate::model::IngestItem;
use dyad_types::{
    ActorRef, Date, Document, Event, Evidence, InputFormat, Location, Modality, Span, Trigger,
};

/// A small, fast, deterministic pseudo-random sequence (SplitMix64), so
/// that generated corpora are identical on every run and machine without a
/// random-number dependency.
#[derive(Debug, Clone)]
pub struct Sequence(u64);

impl Sequence {
    /// A sequence starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Sequence(seed)
    }

    /// The next 64 pseudo-random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            return 0;
        }
        usize::try_from(self.next_u64() % u64::try_from(bound).unwrap_or(u64::MAX)).unwrap_or(0)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Actors of generated reports: code, country, name.
pub const ACTORS: &[(&str, &str, &str)] = &[
    ("USAGOV", "USA", "United States"),
    ("RUSGOV", "RUS", "Russia"),
    ("UKRGOV", "UKR", "Ukraine"),
    ("UKRMIL", "UKR", "Ukrainian forces"),
    ("CHNGOV", "CHN", "China"),
    ("FRAGOV", "FRA", "France"),
    ("DEUGOV", "DEU", "Germany"),
    ("TURGOV", "TUR", "Turkey"),
    ("IRNGOV", "IRN", "Iran"),
    ("ISRMIL", "ISR", "Israeli forces"),
    ("EGYGOV", "EGY", "Egypt"),
    ("INDGOV", "IND", "India"),
];

/// Event types of generated reports: CAMEO, PLOVER, Goldstein, QuadClass,
/// trigger word.
pub const EVENT_TYPES: &[(&str, &str, f64, u8, &str)] = &[
    ("040", "CONSULT", 1.0, 1, "consulted"),
    ("043", "CONSULT", 2.8, 1, "met"),
    ("036", "CONSULT", 4.0, 1, "offered talks"),
    ("057", "AGREE", 8.0, 1, "signed"),
    ("071", "AID", 7.4, 2, "sent aid"),
    ("112", "ACCUSE", -2.0, 3, "accused"),
    ("130", "THREATEN", -4.4, 3, "threatened"),
    ("163", "SANCTION", -8.0, 4, "sanctioned"),
    ("190", "ASSAULT", -10.0, 4, "attacked"),
    ("193", "ASSAULT", -10.0, 4, "fought"),
];

/// Places of generated reports: name, country.
pub const PLACES: &[(&str, &str)] = &[
    ("Geneva", "CHE"),
    ("Kyiv", "UKR"),
    ("Ankara", "TUR"),
    ("Cairo", "EGY"),
    ("Vienna", "AUT"),
    ("Doha", "QAT"),
];

/// Outlets of generated documents.
pub const OUTLETS: &[&str] = &[
    "Northwire",
    "Capital Ledger",
    "Harbor Daily",
    "Meridian News",
    "Plains Courier",
];

/// Sentences of generated documents when no other text is given, written
/// for dyad in the style of wire reports.
pub const SENTENCES: &[&str] = &[
    "Officials said the talks would continue later in the week.",
    "The ministry declined to comment on the reports.",
    "Diplomats described the meeting as frank and constructive.",
    "Residents reported heavy shelling near the border overnight.",
    "The agreement covers grain shipments and prisoner exchanges.",
    "A spokesman said further sanctions were under consideration.",
    "Aid convoys reached the city after a two-day delay.",
    "Analysts expect the dispute to dominate the summit agenda.",
];

fn actor(entry: &(&str, &str, &str), span: Span) -> ActorRef {
    ActorRef {
        text: entry.2.to_string(),
        code: Some(entry.0.to_string()),
        country: Some(entry.1.to_string()),
        org: None,
        sector: entry.0.get(3..).map(str::to_owned),
        name: Some(entry.2.to_string()),
        span: Some(span),
    }
}

/// Builds document number `index` of a generated corpus from `sentences`
/// (cycled as needed), with `sentences_per_document` sentences and about
/// one report for every two sentences. Thirty documents share each day
/// from 2025-01-01 on, so that documents close in number are close in time.
pub fn document(index: usize, sentences: &[&str], sentences_per_document: usize) -> IngestItem {
    document_spread(index, sentences, sentences_per_document, 30)
}

/// Like [`document`], with `documents_per_day` documents sharing each day
/// instead of thirty; fewer per day spreads a large corpus over more days.
pub fn document_spread(
    index: usize,
    sentences: &[&str],
    sentences_per_document: usize,
    documents_per_day: usize,
) -> IngestItem {
    let sentences = if sentences.is_empty() {
        SENTENCES
    } else {
        sentences
    };
    let mut sequence = Sequence::new(
        u64::try_from(index)
            .unwrap_or(0)
            .wrapping_mul(7919)
            .wrapping_add(17),
    );
    let base = Date::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let date = base
        .checked_add_days(chrono::Days::new(
            u64::try_from(index / documents_per_day.max(1)).unwrap_or(0),
        ))
        .unwrap_or(base);
    let doc_id = format!("generated-{index:07}");
    // A dateline-like first line makes every generated text unique, so that
    // no two documents of a corpus share a content hash.
    let mut text = format!("Dispatch {index}\n");
    let mut spans = Vec::new();
    let mut events = Vec::new();
    for position in 0..sentences_per_document.max(1) {
        let base_sentence = sentences
            .get((index * 7 + position) % sentences.len())
            .copied()
            .unwrap_or("Talks continued.");
        let emit = sequence.below(2) == 0;
        let source = ACTORS
            .get(sequence.below(4) + (index % 3) * 2)
            .or(ACTORS.first())
            .copied()
            .unwrap_or(("USAGOV", "USA", "United States"));
        let target = ACTORS
            .get(sequence.below(ACTORS.len()))
            .copied()
            .unwrap_or(("RUSGOV", "RUS", "Russia"));
        let kind = EVENT_TYPES
            .get(sequence.below(EVENT_TYPES.len()))
            .copied()
            .unwrap_or(("040", "CONSULT", 1.0, 1, "consulted"));
        let start = text.len();
        if emit {
            // The report sentence names both actors and the trigger, so that
            // every span of the event selects text of the document.
            let source_start = start;
            text.push_str(source.2);
            let source_span = Span::new(source_start, text.len());
            text.push(' ');
            let trigger_start = text.len();
            text.push_str(kind.4);
            let trigger = Trigger {
                text: kind.4.to_string(),
                start: trigger_start,
                end: text.len(),
            };
            text.push(' ');
            let target_start = text.len();
            text.push_str(target.2);
            let target_span = Span::new(target_start, text.len());
            let place = PLACES.get(sequence.below(PLACES.len())).copied();
            let location = place.map(|(name, country)| {
                text.push_str(" in ");
                let place_start = text.len();
                text.push_str(name);
                Location {
                    text: format!("in {name}"),
                    name: name.to_string(),
                    country: Some(country.to_string()),
                    span: Some(Span::new(place_start.saturating_sub(3), text.len())),
                }
            });
            text.push_str(". ");
            text.push_str(base_sentence);
            let sentence_span = Span::new(start, text.len());
            let sentence = text.get(start..).unwrap_or_default().to_string();
            let modality = match sequence.below(10) {
                0 => Modality::Planned,
                1 => Modality::Claimed,
                _ => Modality::Asserted,
            };
            let mut event = Event {
                event_id: String::new(),
                doc_id: doc_id.clone(),
                sentence_index: position,
                sentence,
                sentence_span,
                cameo: kind.0.to_string(),
                plover: kind.1.to_string(),
                plover_mode: None,
                plover_context: Vec::new(),
                goldstein: kind.2,
                quad_class: kind.3,
                source: actor(&source, source_span),
                target: Some(actor(&target, target_span)),
                modality,
                attribution: None,
                date: Some(date),
                date_precision: None,
                date_text: None,
                location,
                fatalities: None,
                injuries: None,
                trigger,
                evidence: Evidence {
                    rule: "generated".into(),
                    pattern: kind.4.to_string(),
                    pattern_origin: None,
                    dependency_path: String::new(),
                },
            };
            event.event_id = event.compute_id();
            events.push(event);
            spans.push(sentence_span);
        } else {
            text.push_str(base_sentence);
            spans.push(Span::new(start, text.len()));
        }
        text.push('\n');
    }
    let mut document = Document::new(doc_id, text);
    document.format = InputFormat::Jsonl;
    document.date = Some(date);
    document.source = OUTLETS
        .get(index % OUTLETS.len())
        .map(|outlet| outlet.to_string());
    document.url = Some(format!("https://news.example/{index}"));
    IngestItem {
        document,
        sentences: spans,
        events,
        diagnostics: Vec::new(),
    }
}

/// A generated corpus of `count` documents from the built-in sentences.
pub fn corpus(count: usize) -> Vec<IngestItem> {
    (0..count)
        .map(|index| document(index, SENTENCES, 6))
        .collect()
}

/// The sentences (`# text = ...` lines) of a CoNLL-U file.
pub fn conllu_sentences(conllu: &str) -> Vec<&str> {
    conllu
        .lines()
        .filter_map(|line| line.strip_prefix("# text = "))
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .collect()
}
