//! The engine as the commands load it: the model and the dictionaries the
//! common flags name.

use crate::Common;
use dyad_engine::{Engine, EngineOptions};
use dyad_types::Diagnostic;

impl Common {
    /// What the engine loads, from `--model` and the dictionary flags.
    pub fn engine_options(&self) -> EngineOptions {
        EngineOptions {
            model: self.model.clone(),
            verbs: self.verbs.clone(),
            actors: self.actors.clone(),
            agents: self.agents.clone(),
            discards: self.discards.clone(),
        }
    }
}

/// Loads the engine `options` describe. Dictionary diagnostics are
/// returned for the caller to report.
pub fn load_engine(options: &EngineOptions) -> anyhow::Result<(Engine, Vec<Diagnostic>)> {
    // The engine's errors already say what could not be loaded.
    Ok(Engine::load(options)?)
}
