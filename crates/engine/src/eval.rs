//! Scoring the engine on a gold file (PETRARCH validation XML or PLOVER
//! JSON): the gold texts analysed and coded as any document is, then scored
//! by [`dyad_coder::eval::score`].

use crate::engine::{Engine, EngineOptions};
use dyad_types::{Date, Document, Event};
use std::collections::BTreeMap;
use std::path::Path;

pub use dyad_coder::eval::{read_gold, EvalReport, GoldSet};

/// `options` with the dictionary files that the gold file's
/// `<Environment>` block names, found in `dir`, filled in for every kind of
/// dictionary `options` does not already name.
pub fn with_environment(options: &EngineOptions, gold: &GoldSet, dir: &Path) -> EngineOptions {
    let mut options = options.clone();
    let mut environment_actors = Vec::new();
    for file in &gold.environment {
        let path = dir.join(&file.file);
        match file.kind.as_str() {
            "verbfile" if options.verbs.is_none() => options.verbs = Some(path),
            "agentfile" if options.agents.is_none() => options.agents = Some(path),
            "discardfile" if options.discards.is_none() => options.discards = Some(path),
            "actorfile" => environment_actors.push(path),
            _ => {}
        }
    }
    if options.actors.is_empty() {
        options.actors = environment_actors;
    }
    options
}

impl Engine {
    /// Codes every item of `gold` (dated by the item, else `default_date`)
    /// and scores the events against it. `path` names the gold file in the
    /// documents' provenance.
    pub fn evaluate(&self, gold: &GoldSet, path: &str, default_date: Option<Date>) -> EvalReport {
        let documents: Vec<Document> = gold
            .items
            .iter()
            .map(|item| {
                let mut document = Document::new(item.id.clone(), item.text.clone());
                document.path = Some(path.to_owned());
                document.date = item.date.or(default_date);
                document
            })
            .collect();
        let mut produced: BTreeMap<String, Vec<Event>> = BTreeMap::new();
        for (document, analysis) in documents.iter().zip(self.analyse_batch(&documents)) {
            produced
                .entry(document.id.clone())
                .or_default()
                .extend(analysis.events);
        }
        dyad_coder::eval::score(gold, &produced)
    }
}
