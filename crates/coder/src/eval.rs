//! Scoring against gold files (being built).
