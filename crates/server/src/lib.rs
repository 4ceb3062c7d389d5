//! The server stage of dyad (being built).
