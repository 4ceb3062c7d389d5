//! Progress display: a bar with rate and ETA on a terminal, nothing on a
//! pipe or file.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// A progress bar over documents that only draws when standard error is a
/// terminal and the run is not quiet.
pub fn documents_bar(total: Option<u64>, quiet: bool) -> ProgressBar {
    let bar = match total {
        Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    if quiet || !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
        return bar;
    }
    let template = if total.is_some() {
        "{spinner} {pos}/{len} documents [{elapsed_precise}] {per_sec} ETA {eta} {wide_msg}"
    } else {
        "{spinner} {pos} documents [{elapsed_precise}] {per_sec} {wide_msg}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}
