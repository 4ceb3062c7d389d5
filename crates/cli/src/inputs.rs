//! Reading command-line inputs into documents, with diagnostics reported
//! as they are found.

use crate::Common;
use anyhow::Context;
use dyad_engine::documents::Input;
use dyad_engine::ReadOptions;
use dyad_types::{Diagnostic, Document, Severity};
use std::path::PathBuf;

/// Counts what diagnostics a run reported, for the exit code and summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct DiagnosticCounts {
    /// Diagnostics of severity error.
    pub errors: usize,
    /// Diagnostics of severity warning.
    pub warnings: usize,
}

impl DiagnosticCounts {
    /// Prints a diagnostic on standard error (warnings and notes only when
    /// not quiet) and counts it.
    pub fn report(&mut self, diagnostic: &Diagnostic, quiet: bool) {
        match diagnostic.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => {}
        }
        if diagnostic.severity == Severity::Error || !quiet {
            eprintln!("dyad: {diagnostic}");
        }
    }
}

/// The read options the common flags ask for.
pub fn read_options(common: &Common) -> ReadOptions {
    ReadOptions {
        format: common.input_format,
        default_date: common.date,
        ..ReadOptions::default()
    }
}

/// Expands paths (files, directories, `-`) into inputs; no paths means
/// standard input.
pub fn expand(paths: &[PathBuf]) -> anyhow::Result<Vec<Input>> {
    if paths.is_empty() {
        return Ok(vec![Input::Stdin]);
    }
    dyad_engine::documents::expand_inputs(paths).context("cannot list the inputs")
}

/// Reads one input into documents, reporting its diagnostics. An input that
/// cannot be read at all is reported as an error diagnostic and yields no
/// documents, so that the other inputs of the run are still processed.
pub fn read(
    input: &Input,
    options: &ReadOptions,
    counts: &mut DiagnosticCounts,
    quiet: bool,
) -> Vec<Document> {
    match dyad_engine::documents::read_input(input, options) {
        Ok(outcome) => {
            for diagnostic in &outcome.diagnostics {
                counts.report(diagnostic, quiet);
            }
            outcome.documents
        }
        Err(error) => {
            counts.report(
                &Diagnostic::error(Some(&input.label()), error.to_string()),
                quiet,
            );
            Vec::new()
        }
    }
}
