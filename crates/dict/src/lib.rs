//! The dict stage of dyad (being built).
