//! Storylines: planned occurrences — meetings, summits, talks, visits,
//! ceasefires, agreement signings, withdrawals, prisoner exchanges and
//! deadlines — followed from proposal to outcome.
//!
//! A storyline is a deterministic function of the event reports the coder
//! wrote: [`build_storylines`] sorts the reports by report date, document
//! and sentence, reads each as a signal (proposal, consent, held,
//! postponed, cancelled, denial), links it to a storyline of a compatible
//! kind and the same parties within a time window or opens a new one, and
//! keeps the attributes (date, place, format, conditions, mediator), the
//! status transitions with their evidence and the conflicting claims.
//! See `docs/storylines.md`.
//!
//! The crate is synchronous and knows neither SQL nor the NLP pipeline: the
//! command line reads the reports from the store or from an event file.

mod build;
mod classify;
mod error;
mod model;
mod read;
mod render;

pub use build::build_storylines;
pub use error::{Result, StorylineError};
pub use model::{
    AttributeValue, Claim, Conflict, EvidenceItem, ReportedEvent, Stance, Storyline, StorylineKind,
    StorylineOptions, StorylineStatus, Transition,
};
pub use read::{date_in_text, read_event_file, read_event_lines, report_date_fallback};
pub use render::{attribute_summary, write_jsonl, write_table, write_timeline};
