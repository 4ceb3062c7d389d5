//! The fixed vocabularies that filters accept and dashboards show.

use dyad_types::Modality;

/// The PLOVER categories (the 2021 mapping plus dyad's `STATEMENT`).
pub fn plover_categories() -> Vec<&'static str> {
    dyad_ontology::PLOVER_CATEGORIES.to_vec()
}

/// The modalities (event statuses), by name.
pub fn modalities() -> Vec<&'static str> {
    Modality::ALL
        .iter()
        .map(|modality| modality.name())
        .collect()
}

/// The QuadClass names; index 0 is QuadClass 1.
pub const QUAD_CLASSES: [&str; 4] = [
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
];

/// The storyline statuses, by name.
pub fn storyline_statuses() -> Vec<&'static str> {
    crate::storylines::status_names()
}
