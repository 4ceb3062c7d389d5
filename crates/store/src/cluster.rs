//! The rule that decides whether two event reports describe the same
//! occurrence. The store applies it incrementally as reports arrive (see
//! `docs/store.md`); it is a pure function here so that it can be measured
//! on hand-made report pairs.

use dyad_types::{ActorRef, Date, Event, Modality};
use serde::{Deserialize, Serialize};

/// Reports whose dates differ by more than this many days are never the
/// same occurrence. Wire reports of one occurrence typically appear on the
/// day and the next two days; a longer window starts joining repeated
/// meetings of the same pair.
pub const DATE_WINDOW_DAYS: i64 = 2;

/// An actor as the clustering rule sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterActor {
    /// Actor code (`USAGOV`).
    #[serde(default)]
    pub code: Option<String>,
    /// ISO alpha-3 country.
    #[serde(default)]
    pub country: Option<String>,
    /// Canonical name or, failing that, the words of the text.
    #[serde(default)]
    pub name: Option<String>,
}

impl ClusterActor {
    /// The clustering view of an event actor.
    pub fn from_actor(actor: &ActorRef) -> Self {
        ClusterActor {
            code: actor.code.clone().filter(|code| !code.is_empty()),
            country: actor.country.clone().filter(|country| !country.is_empty()),
            name: actor
                .name
                .clone()
                .or_else(|| Some(actor.text.clone()))
                .filter(|name| !name.trim().is_empty()),
        }
    }

    /// The country the actor belongs to: its country field, else the first
    /// three letters of a code that starts with a country (CAMEO codes put
    /// the country first).
    pub fn country_key(&self) -> Option<String> {
        if let Some(country) = &self.country {
            return Some(country.to_uppercase());
        }
        let code = self.code.as_deref()?;
        let prefix = code.get(..3)?;
        // International organisations and unknown groups start with these
        // CAMEO markers rather than a country.
        if matches!(prefix, "IGO" | "NGO" | "IMG" | "MNC" | "UIS" | "---") {
            return None;
        }
        Some(prefix.to_uppercase())
    }

    /// Whether two actors can be the same participant. Actors of two
    /// different countries never are; actors of the same country are
    /// (different sectors included, because wire reports name the same
    /// participant as "Moscow", "the Kremlin" and "Russian forces");
    /// otherwise equal names or one code refining the other (`IGOUNO` and
    /// `IGOUNOWFP`) decide.
    pub fn compatible(&self, other: &ClusterActor) -> bool {
        if let (Some(a), Some(b)) = (self.country_key(), other.country_key()) {
            return a == b;
        }
        if let (Some(a), Some(b)) = (&self.code, &other.code) {
            let (a, b) = (a.to_uppercase(), b.to_uppercase());
            if a == b || a.starts_with(&b) || b.starts_with(&a) {
                return true;
            }
        }
        match (&self.name, &other.name) {
            (Some(a), Some(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
            _ => false,
        }
    }
}

/// A place as the clustering rule sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterPlace {
    /// Place name.
    #[serde(default)]
    pub name: Option<String>,
    /// ISO alpha-3 country of the place.
    #[serde(default)]
    pub country: Option<String>,
}

/// The fields of an event report that decide whether it describes the same
/// occurrence as another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterReport {
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER category.
    pub plover: String,
    /// QuadClass (1–4).
    #[serde(default)]
    pub quad_class: u8,
    /// Modality.
    pub modality: Modality,
    /// The acting actor.
    pub source: ClusterActor,
    /// The actor acted upon.
    #[serde(default)]
    pub target: Option<ClusterActor>,
    /// The event's date, else the document's.
    #[serde(default)]
    pub date: Option<Date>,
    /// Where it happened.
    #[serde(default)]
    pub place: Option<ClusterPlace>,
}

impl ClusterReport {
    /// The clustering view of a stored report. `document_date` stands in
    /// when the event has no date of its own.
    pub fn from_event(event: &Event, document_date: Option<Date>) -> Self {
        ClusterReport {
            cameo: event.cameo.clone(),
            plover: event.plover.clone(),
            quad_class: event.quad_class,
            modality: event.modality,
            source: ClusterActor::from_actor(&event.source),
            target: event.target.as_ref().map(ClusterActor::from_actor),
            date: event.date.or(document_date),
            place: event.location.as_ref().map(|location| ClusterPlace {
                name: Some(location.name.clone()).filter(|name| !name.trim().is_empty()),
                country: location.country.clone(),
            }),
        }
    }

    /// The CAMEO root: the first two digits of the code.
    pub fn cameo_root(&self) -> &str {
        self.cameo.get(..2).unwrap_or(&self.cameo)
    }
}

/// Modalities that can describe the same occurrence: a claim and an
/// assertion can, a plan and a report that it happened cannot (the plan
/// may have been called off), and a denial matches only a denial.
fn modality_group(modality: Modality) -> u8 {
    match modality {
        Modality::Asserted | Modality::Claimed => 0,
        Modality::Planned | Modality::Hypothetical => 1,
        Modality::Negated => 2,
    }
}

/// Whether the participants of two reports can be the same: the same dyad
/// in the same direction, or reversed for verbal cooperation (where "A met
/// B" and "B met A" are one meeting), with a missing target compatible with
/// any target (overlapping actor sets).
fn actors_compatible(a: &ClusterReport, b: &ClusterReport) -> bool {
    let targets_match = |x: &Option<ClusterActor>, y: &Option<ClusterActor>| match (x, y) {
        (Some(x), Some(y)) => x.compatible(y),
        _ => true,
    };
    if a.source.compatible(&b.source) && targets_match(&a.target, &b.target) {
        return true;
    }
    let symmetric =
        a.quad_class == 1 || b.quad_class == 1 || a.plover == "CONSULT" || b.plover == "CONSULT";
    if symmetric {
        if let (Some(a_target), Some(b_target)) = (&a.target, &b.target) {
            return a.source.compatible(b_target) && a_target.compatible(&b.source);
        }
    }
    false
}

/// Whether two places can be the same: unknown places are compatible with
/// anything; known countries must agree; known names must agree or one
/// contain the other ("Kyiv" and "central Kyiv").
fn places_compatible(a: &Option<ClusterPlace>, b: &Option<ClusterPlace>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    if let (Some(x), Some(y)) = (&a.country, &b.country) {
        if !x.eq_ignore_ascii_case(y) {
            return false;
        }
    }
    match (&a.name, &b.name) {
        (Some(x), Some(y)) => {
            let (x, y) = (x.to_lowercase(), y.to_lowercase());
            x == y || x.contains(&y) || y.contains(&x)
        }
        _ => true,
    }
}

/// The clustering rule: two reports describe the same occurrence when
/// their modalities are compatible, they share the CAMEO root or the
/// PLOVER category, both are dated within [`DATE_WINDOW_DAYS`] of each
/// other, their actors are compatible and their places do not conflict.
/// Undated reports are never merged, because nothing bounds them in time.
pub fn same_occurrence(a: &ClusterReport, b: &ClusterReport) -> bool {
    if modality_group(a.modality) != modality_group(b.modality) {
        return false;
    }
    if a.cameo_root() != b.cameo_root() && a.plover != b.plover {
        return false;
    }
    let (Some(a_date), Some(b_date)) = (a.date, b.date) else {
        return false;
    };
    if (a_date - b_date).num_days().abs() > DATE_WINDOW_DAYS {
        return false;
    }
    actors_compatible(a, b) && places_compatible(&a.place, &b.place)
}

/// The id a new cluster gets: derived from its first report's document
/// content and the report's position in that document, so that clustering
/// the same reports in the same order always gives the same ids, on any
/// backend.
pub fn cluster_id_for(content_sha256: &str, ordinal: usize) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(content_sha256.as_bytes());
    hasher.update([0u8]);
    hasher.update(ordinal.to_string().as_bytes());
    let digest = hasher.finalize();
    let hex: String = digest
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("c{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(code: &str) -> ClusterActor {
        ClusterActor {
            code: Some(code.into()),
            country: None,
            name: None,
        }
    }

    fn report(cameo: &str, source: &str, target: Option<&str>, day: u32) -> ClusterReport {
        ClusterReport {
            cameo: cameo.into(),
            plover: "CONSULT".into(),
            quad_class: 1,
            modality: Modality::Asserted,
            source: actor(source),
            target: target.map(actor),
            date: Date::from_ymd_opt(2025, 3, day),
            place: None,
        }
    }

    #[test]
    fn a_meeting_reported_both_ways_round_is_one_occurrence() {
        let a = report("043", "USAGOV", Some("RUSGOV"), 10);
        let b = report("040", "RUS", Some("USA"), 11);
        assert!(same_occurrence(&a, &b));
    }

    #[test]
    fn reports_a_week_apart_are_different_occurrences() {
        let a = report("043", "USAGOV", Some("RUSGOV"), 10);
        let b = report("043", "USAGOV", Some("RUSGOV"), 17);
        assert!(!same_occurrence(&a, &b));
    }

    #[test]
    fn undated_reports_never_merge() {
        let mut a = report("043", "USAGOV", Some("RUSGOV"), 10);
        a.date = None;
        assert!(!same_occurrence(&a, &a.clone()));
    }

    #[test]
    fn conflicting_places_split_reports() {
        let mut a = report("190", "RUSMIL", Some("UKR"), 10);
        let mut b = a.clone();
        a.place = Some(ClusterPlace {
            name: Some("Kharkiv".into()),
            country: Some("UKR".into()),
        });
        b.place = Some(ClusterPlace {
            name: Some("Odesa".into()),
            country: Some("UKR".into()),
        });
        assert!(!same_occurrence(&a, &b));
        b.place = Some(ClusterPlace {
            name: Some("central Kharkiv".into()),
            country: None,
        });
        assert!(same_occurrence(&a, &b));
    }

    #[test]
    fn the_rule_is_symmetric() {
        let a = report("043", "USAGOV", None, 10);
        let b = report("042", "USA", Some("CHN"), 12);
        assert_eq!(same_occurrence(&a, &b), same_occurrence(&b, &a));
    }
}
