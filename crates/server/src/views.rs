//! How stored records are shown: an event with what its document and
//! cluster add, and the byte spans of its evidence for highlighting. Shared
//! by the event, document and storyline resources.

use dyad_store::{EventContext, StoredEvent};
use dyad_types::{Date, Span};
use serde::Serialize;

/// One event in a list: the stored record plus what the document adds.
#[derive(Debug, Serialize)]
pub struct EventItem {
    /// The event record and its cluster id.
    #[serde(flatten)]
    pub stored: StoredEvent,
    /// The event's own date, else its document's.
    pub effective_date: Option<Date>,
    /// The outlet of the document.
    pub outlet: Option<String>,
    /// The document's URL.
    pub url: Option<String>,
    /// Reports in the event's cluster.
    pub cluster_reports: usize,
    /// Distinct documents in the event's cluster.
    pub cluster_documents: usize,
}

impl EventItem {
    pub(crate) fn new(stored: StoredEvent, context: EventContext) -> EventItem {
        EventItem {
            stored,
            effective_date: context.effective_date,
            outlet: context.outlet,
            url: context.url,
            cluster_reports: context.cluster_reports,
            cluster_documents: context.cluster_documents,
        }
    }
}

/// The spans of an event, relative to its sentence and to the document,
/// ready for highlighting.
#[derive(Debug, Clone, Serialize)]
pub struct Highlight {
    /// `source`, `target`, `trigger`, `attribution` or `location`.
    pub role: &'static str,
    /// Byte range in the document text.
    pub span: Span,
    /// The text the span selects in the sentence, when it lies inside it.
    pub text: Option<String>,
}

/// The byte spans of an event's evidence, in document offsets.
pub fn highlights(event: &dyad_types::Event) -> Vec<Highlight> {
    let mut found = Vec::new();
    let sentence_start = event.sentence_span.start;
    let mut add = |role: &'static str, span: Option<Span>| {
        if let Some(span) = span {
            // The sentence text starts at sentence_span.start, so a
            // document span is shifted by that much to slice it.
            let relative = span
                .start
                .checked_sub(sentence_start)
                .zip(span.end.checked_sub(sentence_start))
                .and_then(|(start, end)| (start <= end).then(|| Span::new(start, end)));
            let text = relative
                .and_then(|relative| relative.slice(&event.sentence))
                .map(str::to_owned);
            found.push(Highlight { role, span, text });
        }
    };
    add("source", event.source.span);
    add(
        "target",
        event.target.as_ref().and_then(|target| target.span),
    );
    add(
        "trigger",
        (event.trigger.start <= event.trigger.end)
            .then(|| Span::new(event.trigger.start, event.trigger.end)),
    );
    add(
        "attribution",
        event
            .attribution
            .as_ref()
            .and_then(|attribution| attribution.span),
    );
    add(
        "location",
        event.location.as_ref().and_then(|location| location.span),
    );
    found
}

pub(crate) fn actor_key(actor: &dyad_types::ActorRef) -> String {
    actor.code.clone().unwrap_or_else(|| actor.text.clone())
}
