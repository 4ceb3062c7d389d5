//! Dictionaries for dyad: who is who, and which words express which events.
//!
//! Two formats are read, and the format of every file is detected from its
//! content:
//!
//! - dyad's own `.dict` format (`docs/formats/dictionary.md`): countries,
//!   regions, organisations, groups, people with dated offices, agent nouns,
//!   event expressions, places and phrases that are not actors. The built-in dictionaries in `dictionaries/` are
//!   in this format and are compiled into the crate.
//! - PETRARCH/TABARI dictionaries (`docs/formats/petrarch-dictionaries.md`):
//!   verb files with synsets, blocks and patterns, actor files with dated
//!   codes, agent files and discard files (and issue files, which are read
//!   and checked).
//!
//! Content never makes loading fail: every problem is a
//! [`Diagnostic`] with file and line, and the rest of the file is used.
//! `Err` is returned only when a file cannot be read.
//!
//! # What the event coder uses
//!
//! - [`Dictionaries::match_actors`]: every actor mention in a sentence's
//!   tokens, resolved at the document date.
//! - [`Dictionaries::lookup`]: one phrase resolved at a date.
//! - [`Dictionaries::events`]: verb and noun expressions
//!   ([`EventTable::verb`], [`EventTable::noun`]) and, for PETRARCH verb
//!   files, the blocks, patterns and synsets behind them.
//! - [`Dictionaries::discards`]: phrases that discard a sentence or story.
//! - [`Dictionaries::place_at`]: the place a phrase names ("in Alaska", "at
//!   the White House"), from the gazetteer of `@place` entries. Places are
//!   not actors; they only locate events.

mod actors;
mod common;
mod discards;
mod dyad_format;
mod error;
mod events;
mod matcher;
mod petrarch;
mod places;

pub use actors::{
    ActorEntity, ActorMention, ActorTable, AgentEntry, AgentTable, DatedCode, EntityKind,
    MentionKind, ModifierEntry, PhraseRole, Role,
};
pub use common::{DateRange, Origin};
pub use discards::{DiscardPhrase, DiscardScope, DiscardTable};
pub use dyad_format::DyadFileCounts;
pub use error::DictError;
pub use events::{
    EventExpression, EventTable, PatternElement, PatternNoun, PetrarchCode, PetrarchPattern,
    Synset, TargetRole, Transformation, VerbBlock, WordClass,
};
pub use petrarch::{IssuePhrase, IssueTable, PetrarchCounts};
pub use places::{PlaceEntry, PlaceMention, PlaceTable, PLACE_KINDS};

use dyad_types::{Date, Diagnostic, Severity};
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

/// The format of a dictionary file, as detected from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DictionaryFormat {
    /// dyad's own `.dict` format.
    Dyad,
    /// A PETRARCH/TABARI verb dictionary (synsets, verb blocks, patterns).
    PetrarchVerbs,
    /// A PETRARCH/TABARI actor dictionary.
    PetrarchActors,
    /// A PETRARCH/TABARI agent dictionary (`[~GOV]` codes).
    PetrarchAgents,
    /// A PETRARCH discard list.
    PetrarchDiscards,
    /// A PETRARCH issue dictionary (`<ISSUE>` groups).
    PetrarchIssues,
}

impl DictionaryFormat {
    /// A short lower-case name for messages.
    pub fn name(self) -> &'static str {
        match self {
            DictionaryFormat::Dyad => "dyad dictionary",
            DictionaryFormat::PetrarchVerbs => "PETRARCH verbs",
            DictionaryFormat::PetrarchActors => "PETRARCH actors",
            DictionaryFormat::PetrarchAgents => "PETRARCH agents",
            DictionaryFormat::PetrarchDiscards => "PETRARCH discards",
            DictionaryFormat::PetrarchIssues => "PETRARCH issues",
        }
    }
}

/// Detects a dictionary's format from its content.
///
/// A line `@country`, `@person`, ... at column 0 means dyad's format; a
/// verb-block header `--- NAME [CODE] ---` or the synset section marker
/// means PETRARCH verbs; `<ISSUE` means issues; bracketed codes that start
/// or end with `~` on most coded lines mean agents; other bracketed codes
/// mean actors; a file without codes is a discard list.
pub fn detect_format(text: &str) -> DictionaryFormat {
    let mut coded_lines = 0usize;
    let mut agent_lines = 0usize;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            if trimmed.starts_with("####### VERB PATTERNS")
                || trimmed.starts_with("####### SYNONYM SETS")
            {
                return DictionaryFormat::PetrarchVerbs;
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix('@') {
            let kind = rest.split_whitespace().next().unwrap_or("");
            if dyad_format::KINDS.contains(&kind) {
                return DictionaryFormat::Dyad;
            }
        }
        if line.starts_with("---") && line.contains('[') {
            return DictionaryFormat::PetrarchVerbs;
        }
        if trimmed.starts_with("<ISSUE") {
            return DictionaryFormat::PetrarchIssues;
        }
        let without_comment = trimmed.split('#').next().unwrap_or("");
        if let Some(open) = without_comment.find('[') {
            coded_lines += 1;
            let code = without_comment.get(open + 1..).unwrap_or("");
            if code.starts_with('~')
                || code
                    .split(']')
                    .next()
                    .is_some_and(|inner| inner.trim_end().ends_with('~'))
            {
                agent_lines += 1;
            }
        }
    }
    if coded_lines == 0 {
        DictionaryFormat::PetrarchDiscards
    } else if agent_lines * 2 > coded_lines {
        DictionaryFormat::PetrarchAgents
    } else {
        DictionaryFormat::PetrarchActors
    }
}

/// Replacement dictionary files. Each given kind replaces the built-in
/// dictionary of that kind; the format of each file is detected from its
/// content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DictionaryOptions {
    /// Verb (event expression) dictionary.
    pub verbs: Option<PathBuf>,
    /// Actor dictionaries; several files are merged.
    pub actors: Vec<PathBuf>,
    /// Agent dictionary.
    pub agents: Option<PathBuf>,
    /// Discard list.
    pub discards: Option<PathBuf>,
}

/// All loaded dictionaries, compiled for matching.
#[derive(Default)]
pub struct Dictionaries {
    actors: ActorTable,
    agents: AgentTable,
    events: EventTable,
    discards: DiscardTable,
    issues: IssueTable,
    places: PlaceTable,
}

/// What checking one file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// The file's detected format.
    pub format: DictionaryFormat,
    /// Number of entries read (of the kind the format holds).
    pub entries: usize,
    /// Detailed counts, for PETRARCH files.
    pub petrarch: Option<PetrarchCounts>,
    /// Problems found, with line numbers.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckReport {
    /// True when a diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|diagnostic| diagnostic.severity == Severity::Error)
    }
}

fn read_file(path: &Path) -> Result<String, DictError> {
    let bytes = std::fs::read(path).map_err(|source| DictError::Read {
        path: path.to_owned(),
        source,
    })?;
    // PETRARCH files are mostly ASCII but some carry Latin-1 bytes; they
    // are decoded lossily so that a stray byte costs one character, not the file.
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    })
}

impl Dictionaries {
    /// The built-in dictionaries, compiled into the crate from
    /// `dictionaries/*.dict`, with any diagnostics their files produce.
    pub fn builtin() -> (Dictionaries, Vec<Diagnostic>) {
        let mut dictionaries = Dictionaries::default();
        let mut diagnostics = Vec::new();
        dictionaries.load_builtin(true, true, true, &mut diagnostics);
        dictionaries.finish();
        (dictionaries, diagnostics)
    }

    fn load_builtin(
        &mut self,
        actors: bool,
        agents: bool,
        events: bool,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for (name, text) in BUILTIN_FILES {
            let mut targets = dyad_format::Targets {
                actors: actors.then_some(&mut self.actors),
                agents: agents.then_some(&mut self.agents),
                events: events.then_some(&mut self.events),
                // Places are not actors: the built-in gazetteer stays when
                // the actor dictionaries are replaced.
                places: Some(&mut self.places),
                report_skipped: false,
            };
            let counts = dyad_format::load_dyad_file(text, name, &mut targets, diagnostics);
            for (wanted, files) in [
                (actors, &mut self.actors.files),
                (agents, &mut self.agents.files),
                (events, &mut self.events.files),
                (counts.places > 0, &mut self.places.files),
            ] {
                if wanted && !files.iter().any(|file| file == name) {
                    files.push((*name).to_owned());
                }
            }
        }
    }

    /// Loads the built-in dictionaries, replacing each kind for which
    /// `options` names files. Fails only when a file cannot be read.
    pub fn load(options: &DictionaryOptions) -> Result<(Dictionaries, Vec<Diagnostic>), DictError> {
        let mut dictionaries = Dictionaries::default();
        let mut diagnostics = Vec::new();
        dictionaries.load_builtin(
            options.actors.is_empty(),
            options.agents.is_none(),
            options.verbs.is_none(),
            &mut diagnostics,
        );
        for path in &options.actors {
            let text = read_file(path)?;
            dictionaries.load_text(
                &text,
                &path.display().to_string(),
                Expected::Actors,
                &mut diagnostics,
            );
        }
        if let Some(path) = &options.agents {
            let text = read_file(path)?;
            dictionaries.load_text(
                &text,
                &path.display().to_string(),
                Expected::Agents,
                &mut diagnostics,
            );
        }
        if let Some(path) = &options.verbs {
            let text = read_file(path)?;
            dictionaries.load_text(
                &text,
                &path.display().to_string(),
                Expected::Verbs,
                &mut diagnostics,
            );
        }
        if let Some(path) = &options.discards {
            let text = read_file(path)?;
            dictionaries.load_text(
                &text,
                &path.display().to_string(),
                Expected::Discards,
                &mut diagnostics,
            );
        }
        dictionaries.finish();
        Ok((dictionaries, diagnostics))
    }

    /// Loads dictionaries from texts instead of files, replacing the
    /// built-in kinds the same way [`Dictionaries::load`] does. Each item is
    /// (file name for messages, text). Used by tests and benchmarks.
    pub fn from_texts(
        verbs: Option<(&str, &str)>,
        actors: &[(&str, &str)],
        agents: Option<(&str, &str)>,
        discards: Option<(&str, &str)>,
    ) -> (Dictionaries, Vec<Diagnostic>) {
        let mut dictionaries = Dictionaries::default();
        let mut diagnostics = Vec::new();
        dictionaries.load_builtin(
            actors.is_empty(),
            agents.is_none(),
            verbs.is_none(),
            &mut diagnostics,
        );
        for (name, text) in actors {
            dictionaries.load_text(text, name, Expected::Actors, &mut diagnostics);
        }
        if let Some((name, text)) = agents {
            dictionaries.load_text(text, name, Expected::Agents, &mut diagnostics);
        }
        if let Some((name, text)) = verbs {
            dictionaries.load_text(text, name, Expected::Verbs, &mut diagnostics);
        }
        if let Some((name, text)) = discards {
            dictionaries.load_text(text, name, Expected::Discards, &mut diagnostics);
        }
        dictionaries.finish();
        (dictionaries, diagnostics)
    }

    fn load_text(
        &mut self,
        text: &str,
        name: &str,
        expected: Expected,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (usize, Option<PetrarchCounts>) {
        let format = detect_format(text);
        let fits = matches!(
            (expected, format),
            (_, DictionaryFormat::Dyad)
                | (Expected::Actors, DictionaryFormat::PetrarchActors)
                | (Expected::Agents, DictionaryFormat::PetrarchAgents)
                | (Expected::Verbs, DictionaryFormat::PetrarchVerbs)
                | (Expected::Discards, DictionaryFormat::PetrarchDiscards)
                | (Expected::Any, _)
        );
        if !fits {
            diagnostics.push(Diagnostic::warning(
                Some(name),
                format!(
                    "file looks like {} but was given as {}; read as {}",
                    format.name(),
                    expected.name(),
                    format.name()
                ),
            ));
        }
        match format {
            DictionaryFormat::Dyad => {
                let any = expected == Expected::Any;
                let mut targets = dyad_format::Targets {
                    actors: (any || expected == Expected::Actors).then_some(&mut self.actors),
                    agents: (any || expected == Expected::Agents).then_some(&mut self.agents),
                    events: (any || expected == Expected::Verbs).then_some(&mut self.events),
                    places: (any || expected == Expected::Actors).then_some(&mut self.places),
                    report_skipped: true,
                };
                let counts = dyad_format::load_dyad_file(text, name, &mut targets, diagnostics);
                for (count, files) in [
                    (counts.actors + counts.not_actors, &mut self.actors.files),
                    (counts.agents, &mut self.agents.files),
                    (counts.events, &mut self.events.files),
                    (counts.places, &mut self.places.files),
                ] {
                    if count > 0 {
                        files.push(name.to_owned());
                    }
                }
                (
                    counts.actors
                        + counts.agents
                        + counts.events
                        + counts.places
                        + counts.not_actors,
                    None,
                )
            }
            DictionaryFormat::PetrarchVerbs => {
                self.events.files.push(name.to_owned());
                {
                    let counts = petrarch::read_verbs(text, name, &mut self.events, diagnostics);
                    (counts.entries, Some(counts))
                }
            }
            DictionaryFormat::PetrarchActors => {
                self.actors.files.push(name.to_owned());
                {
                    let counts = petrarch::read_actors(text, name, &mut self.actors, diagnostics);
                    (counts.entries, Some(counts))
                }
            }
            DictionaryFormat::PetrarchAgents => {
                self.agents.files.push(name.to_owned());
                {
                    let counts = petrarch::read_agents(text, name, &mut self.agents, diagnostics);
                    (counts.entries, Some(counts))
                }
            }
            DictionaryFormat::PetrarchDiscards => {
                self.discards.files.push(name.to_owned());
                {
                    let counts =
                        petrarch::read_discards(text, name, &mut self.discards, diagnostics);
                    (counts.entries, Some(counts))
                }
            }
            DictionaryFormat::PetrarchIssues => {
                self.issues.files.push(name.to_owned());
                {
                    let counts = petrarch::read_issues(text, name, &mut self.issues, diagnostics);
                    (counts.entries, Some(counts))
                }
            }
        }
    }

    fn finish(&mut self) {
        self.actors.finish();
        self.agents.phrases.finish();
        self.places.finish();
        self.discards.index.finish();
        self.issues.index.finish();
    }

    /// Reads one file on its own, detecting its format, and reports what it
    /// holds and every problem in it (what `dyad dict check` prints).
    pub fn check_file(path: &Path) -> Result<CheckReport, DictError> {
        let text = read_file(path)?;
        Ok(Self::check_text(&text, &path.display().to_string()))
    }

    /// Like [`Dictionaries::check_file`], for a text already in memory.
    pub fn check_text(text: &str, name: &str) -> CheckReport {
        let mut dictionaries = Dictionaries::default();
        let mut diagnostics = Vec::new();
        let format = detect_format(text);
        let (entries, petrarch) =
            dictionaries.load_text(text, name, Expected::Any, &mut diagnostics);
        CheckReport {
            format,
            entries,
            petrarch,
            diagnostics,
        }
    }

    /// Every actor mention in a sentence, longest match first and without
    /// overlaps, resolved at `date`.
    ///
    /// `tokens` are the sentence's token texts as they stand in the
    /// document. Names match across a split possessive (`Russia` `'s`) and
    /// hyphenated modifiers (`Russian-backed`, or `Russian` `-` `backed`).
    /// Agent nouns combine with a preceding country or organisation
    /// ("Ukrainian troops" → `UKRMIL`, "Russia's foreign minister" →
    /// `RUSGOV`); titles in front of a person resolve to the person
    /// ("President Putin", "NATO chief Mark Rutte"); a bare agent noun ("the
    /// army") gives only a sector. Without a date, a person resolves to their
    /// current (open-ended) role.
    pub fn match_actors<S: AsRef<str>>(
        &self,
        tokens: &[S],
        date: Option<Date>,
    ) -> Vec<ActorMention> {
        matcher::match_actors(&self.actors, &self.agents, &self.places, tokens, date)
    }

    /// The longest single actor phrase starting at token `start` of a
    /// sentence, resolved at `date`, not combined with the agents or titles
    /// around it (for coders that combine phrases themselves). The mention's
    /// `tokens` give its extent; `phrase_role` tells whether it was a name,
    /// an adjective, a capital, ...
    pub fn actor_at<S: AsRef<str>>(
        &self,
        tokens: &[S],
        start: usize,
        date: Option<Date>,
    ) -> Option<ActorMention> {
        matcher::actor_at(
            &self.actors,
            &self.agents,
            &self.places,
            tokens,
            start,
            date,
        )
    }

    /// The longest agent phrase (role noun or title) starting at token
    /// `start`: its token range and the agent entry with its sector.
    pub fn agent_at<S: AsRef<str>>(
        &self,
        tokens: &[S],
        start: usize,
    ) -> Option<(std::ops::Range<usize>, &AgentEntry)> {
        matcher::agent_at(&self.agents, tokens, start)
    }

    /// Resolves one phrase at a date, as `dyad dict lookup` does: the phrase
    /// is split on white space (a comma glued to a word becomes a token of
    /// its own), and the mention covering most of it is returned.
    pub fn lookup(&self, phrase: &str, date: Option<Date>) -> Option<ActorMention> {
        let tokens = lookup_tokens(phrase);
        let mentions =
            matcher::match_phrase(&self.actors, &self.agents, &self.places, &tokens, date);
        mentions.into_iter().max_by_key(|mention| {
            (
                mention.tokens.len(),
                std::cmp::Reverse(mention.tokens.start),
            )
        })
    }

    /// The place phrase starting at token `start` of a sentence ("Alaska",
    /// "the White House", "Strait of Hormuz"): the longest match, with the
    /// same optional-"the" and case rules as actor names. Places are not
    /// actors; a phrase that is both ("Moscow") is answered by this and by
    /// [`Dictionaries::actor_at`] independently. A place marked ambiguous
    /// ("Georgia" the US state) resolves only with a disambiguator around it
    /// ("Atlanta, Georgia", "the state of Georgia"); otherwise `None`.
    pub fn place_at<S: AsRef<str>>(&self, tokens: &[S], start: usize) -> Option<PlaceMention> {
        matcher::place_at(&self.places, &self.actors, &self.agents, tokens, start)
    }

    /// Resolves one phrase as a place, as `dyad dict lookup` does: the
    /// phrase is split on white space (a comma glued to a word becomes a
    /// token of its own) and the place covering most of it is returned.
    pub fn lookup_place(&self, phrase: &str) -> Option<PlaceMention> {
        let tokens = lookup_tokens(phrase);
        (0..tokens.len())
            .filter_map(|start| self.place_at(&tokens, start))
            .max_by_key(|place| (place.tokens.len(), std::cmp::Reverse(place.tokens.start)))
    }

    /// The gazetteer of places.
    pub fn places(&self) -> &PlaceTable {
        &self.places
    }

    /// The actor table (entries and counts).
    pub fn actors(&self) -> &ActorTable {
        &self.actors
    }

    /// The agent table.
    pub fn agents(&self) -> &AgentTable {
        &self.agents
    }

    /// Event expressions, PETRARCH verb blocks, patterns and synsets.
    pub fn events(&self) -> &EventTable {
        &self.events
    }

    /// Discard phrases.
    pub fn discards(&self) -> &DiscardTable {
        &self.discards
    }

    /// Issue phrases, when an issue file was checked or loaded.
    pub fn issues(&self) -> &IssueTable {
        &self.issues
    }

    /// The files each kind was loaded from: (actors, agents, events, discards).
    pub fn sources(&self) -> (&[String], &[String], &[String], &[String]) {
        (
            &self.actors.files,
            &self.agents.files,
            &self.events.files,
            &self.discards.files,
        )
    }
}

/// Splits a looked-up phrase into tokens the way a tokenizer would for the
/// matchers: on white space, with a comma glued to a word as a token of its
/// own ("Atlanta, Georgia" → `Atlanta` `,` `Georgia`), since commas
/// disambiguate places.
fn lookup_tokens(phrase: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    for word in phrase.split_whitespace() {
        match word.strip_suffix(',') {
            Some(rest) if !rest.is_empty() => {
                tokens.push(rest);
                tokens.push(",");
            }
            _ => tokens.push(word),
        }
    }
    tokens
}

/// Which kind of dictionary a file was given as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expected {
    Actors,
    Agents,
    Verbs,
    Discards,
    Any,
}

impl Expected {
    fn name(self) -> &'static str {
        match self {
            Expected::Actors => "actors",
            Expected::Agents => "agents",
            Expected::Verbs => "verbs",
            Expected::Discards => "discards",
            Expected::Any => "a dictionary",
        }
    }
}
