//! The event coder of dyad: who did what to whom, when, where, how sure and
//! according to whom.
//!
//! The coder reads [`dyad_types::AnnotatedDocument`]s (spaCy-style tokens,
//! dependencies and entities) and the dictionaries, and writes
//! [`dyad_types::Event`] records with their evidence. It does not depend on
//! the NLP crate: its tests run on stored annotations. `docs/coder.md`
//! describes the rules.
//!
//! ```no_run
//! use std::sync::Arc;
//! use dyad_coder::{Coder, CoderOptions, TextLexicon};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut lexicon = TextLexicon::new();
//! let diagnostics = lexicon.add_file("events.dict", "@event 040 \"Consult\"\n  verb: meet => target with\n");
//! assert!(diagnostics.is_empty());
//! let coder = Coder::new(Arc::new(lexicon), CoderOptions::default());
//! let document: dyad_types::AnnotatedDocument =
//!     serde_json::from_str(&std::fs::read_to_string("annotations.json")?)?;
//! for event in coder.code(&document).events {
//!     println!("{}", serde_json::to_string(&event)?);
//! }
//! # Ok(())
//! # }
//! ```

mod casualties;
mod coder;
mod dates;
mod dict_lexicon;
mod error;
pub mod eval;
mod lexicon;
mod mentions;
mod text_lexicon;
mod tree;

pub use coder::{Coder, CoderOptions, CodingOutcome};
pub use dict_lexicon::DictLexicon;
pub use error::CoderError;
pub use lexicon::{
    ActorEntry, ActorKind, AgentMatch, EventPattern, Lexicon, PatternKind, PhraseMatch, PlaceMatch,
    SentencePhrases, TargetRole, Word,
};
pub use text_lexicon::TextLexicon;
