//! The nlp stage of dyad (being built).
