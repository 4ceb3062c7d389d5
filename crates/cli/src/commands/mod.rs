//! One module per subcommand. Each exposes `Args` (its flags) and `run`.

pub mod annotate;
pub mod code;
pub mod dict;
pub mod eval;
pub mod export;
pub mod ingest;
pub mod query;
pub mod serve;
pub mod storylines;
