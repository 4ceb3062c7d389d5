//! The intake stage of dyad (being built).
