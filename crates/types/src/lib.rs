//! The data contract shared by every stage of dyad.
//!
//! This crate sits at the bottom of the workspace and depends on no other
//! dyad crate. Every stage speaks in these types: intake produces
//! [`Document`]s, the NLP stage produces [`AnnotatedDocument`]s, the coder
//! turns those into [`Event`] records, and the store persists them.
//!
//! # Offsets
//!
//! Every [`Span`] is a byte range into [`Document::text`], the text of the
//! document as dyad received it (for container formats such as JSON Lines,
//! XML, feeds and HTML, the text the container holds). Clean-up never
//! rewrites that text: it only selects which regions are analysed, and any
//! normalisation done for analysis replaces bytes one-for-one so that the
//! byte length, and therefore every offset, is unchanged. For HTML the
//! [`Document::origin`] alignment additionally maps text ranges back to the
//! markup they came from.

mod annotation;
mod diagnostic;
mod document;
mod event;
mod span;

pub use annotation::{AnnotatedDocument, AnnotatedSentence, Token};
pub use diagnostic::{Diagnostic, Severity};
pub use document::{Document, InputFormat, OriginSegment};
pub use event::{
    ActorRef, Attribution, DatePrecision, Event, Evidence, Location, Modality, Trigger,
    EVENT_RECORD_VERSION,
};
pub use span::Span;

/// A calendar date without time zone, as used for document and event dates.
pub type Date = chrono::NaiveDate;
