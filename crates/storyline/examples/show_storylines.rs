//! Prints the storylines of an event file (JSON Lines, as `dyad code`
//! writes it) as a table followed by every timeline, for looking at
//! results before the `dyad storylines` command is wired in.
//!
//! Usage: `cargo run -p dyad-storyline --example show_storylines -- EVENTS.jsonl`

use dyad_storyline::{
    build_storylines, read_event_file, write_table, write_timeline, StorylineOptions,
};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: show_storylines EVENTS.jsonl");
        return ExitCode::from(2);
    };
    let (reports, diagnostics) = match read_event_file(&path) {
        Ok(read) => read,
        Err(error) => {
            eprintln!("show_storylines: {error}");
            return ExitCode::from(2);
        }
    };
    for diagnostic in &diagnostics {
        eprintln!("{diagnostic}");
    }
    let storylines = build_storylines(&reports, &StorylineOptions::default());
    let mut output = std::io::stdout().lock();
    let mut result = write_table(&storylines, &mut output);
    for storyline in &storylines {
        result = result.and_then(|()| write_timeline(storyline, &mut output));
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("show_storylines: {error}");
            ExitCode::from(2)
        }
    }
}
