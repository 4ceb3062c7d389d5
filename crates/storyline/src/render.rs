//! Showing storylines: a table for people, JSON Lines for programs, and a
//! timeline with evidence for one storyline.

use crate::error::Result;
use crate::model::{Storyline, StorylineStatus};
use std::io::Write;

/// Writes one storyline per line as JSON.
pub fn write_jsonl(storylines: &[Storyline], output: &mut dyn Write) -> Result<()> {
    for storyline in storylines {
        serde_json::to_writer(&mut *output, storyline).map_err(std::io::Error::from)?;
        output.write_all(b"\n")?;
    }
    Ok(())
}

/// A short summary of the newest attribute values, e.g.
/// `place=to be determined; mediator=USA`.
pub fn attribute_summary(storyline: &Storyline) -> String {
    let mut parts = Vec::new();
    for (name, values) in [
        ("date", &storyline.proposed_date),
        ("place", &storyline.place),
        ("format", &storyline.format),
        ("mediator", &storyline.mediator),
    ] {
        if let Some(value) = Storyline::current(values) {
            parts.push(format!("{name}={value}"));
        }
    }
    if !storyline.conditions.is_empty() {
        let conditions: Vec<&str> = storyline
            .conditions
            .iter()
            .map(|value| value.value.as_str())
            .collect();
        parts.push(format!("conditions={}", conditions.join(" | ")));
    }
    if !storyline.agreed_by.is_empty() {
        parts.push(format!("agreed_by={}", storyline.agreed_by.join(",")));
    }
    if !storyline.conflicts.is_empty() {
        let disputed: Vec<&str> = storyline
            .conflicts
            .iter()
            .map(|conflict| conflict.participant.as_str())
            .collect();
        parts.push(format!("CONFLICTING CLAIMS about {}", disputed.join(",")));
    }
    parts.join("; ")
}

/// Writes a table: id, kind, participants, status, dates and attributes.
pub fn write_table(storylines: &[Storyline], output: &mut dyn Write) -> Result<()> {
    writeln!(
        output,
        "{:<15} {:<17} {:<16} {:<10} {:<10} {:<10} attributes",
        "id", "kind", "participants", "status", "opened", "last"
    )?;
    for storyline in storylines {
        let date = |date: Option<dyad_types::Date>| {
            date.map_or_else(|| "-".to_owned(), |date| date.to_string())
        };
        writeln!(
            output,
            "{:<15} {:<17} {:<16} {:<10} {:<10} {:<10} {}",
            storyline.id,
            storyline.kind.name(),
            storyline.participants.join("-"),
            storyline.status.name(),
            date(storyline.opened_on),
            date(storyline.last_report_on),
            attribute_summary(storyline)
        )?;
    }
    Ok(())
}

/// Writes one storyline's timeline: every transition with the reports that
/// caused it and who they are credited to, then the claims in conflict.
pub fn write_timeline(storyline: &Storyline, output: &mut dyn Write) -> Result<()> {
    writeln!(
        output,
        "{} {} {} — {}",
        storyline.id,
        storyline.kind.name(),
        storyline.participants.join("-"),
        storyline.status.name()
    )?;
    let summary = attribute_summary(storyline);
    if !summary.is_empty() {
        writeln!(output, "  {summary}")?;
    }
    for transition in &storyline.transitions {
        let from = transition.from.map_or("(opened)", StorylineStatus::name);
        let date = transition
            .date
            .map_or_else(|| "undated".to_owned(), |date| date.to_string());
        writeln!(
            output,
            "{date}  {from} -> {}: {}",
            transition.to.name(),
            transition.reason
        )?;
        for item in &transition.evidence {
            let credited = match (&item.attribution, &item.attributed_to) {
                (Some(text), Some(actor)) => format!(" [{text}; {actor}]"),
                (Some(text), None) => format!(" [{text}]"),
                _ => String::new(),
            };
            writeln!(
                output,
                "    {} {} {} {}{}: {}",
                item.doc_id,
                item.cameo,
                item.modality.name(),
                item.trigger,
                credited,
                item.sentence
            )?;
        }
    }
    for claim in &storyline.claims {
        let stance = match claim.stance {
            crate::model::Stance::Supports => "agreed",
            crate::model::Stance::Denies => "did not agree",
        };
        writeln!(
            output,
            "claim: {} {stance} — {}",
            claim.participant, claim.claimed_by
        )?;
    }
    for conflict in &storyline.conflicts {
        writeln!(output, "conflicting claims about {}:", conflict.participant)?;
        for claim in conflict.supporting.iter().chain(&conflict.denying) {
            writeln!(
                output,
                "    {:?} by {} ({}): {}",
                claim.stance, claim.claimed_by, claim.evidence.doc_id, claim.evidence.sentence
            )?;
        }
    }
    Ok(())
}
