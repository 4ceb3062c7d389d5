//! The coder stage of dyad (being built).
