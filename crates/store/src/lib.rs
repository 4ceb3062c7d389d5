//! The store stage of dyad (being built).
