//! The ontology stage of dyad (being built).
