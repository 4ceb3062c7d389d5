//! The coder's view of the dictionaries.
//!
//! The coder asks three questions of the dictionaries: which actor a run of
//! words names, which sector a role noun gives, and which CAMEO codes a verb
//! or event noun expresses. They are gathered in the [`Lexicon`] trait so
//! that the clause analysis does not depend on how dictionaries are stored;
//! [`crate::TextLexicon`] implements it over dyad's `.dict` format.

use dyad_types::Date;

/// One word of a sentence as the lexicon sees it.
#[derive(Debug, Clone, Copy)]
pub struct Word<'a> {
    /// The word exactly as written.
    pub text: &'a str,
    /// Its lemma, as the tagger gave it.
    pub lemma: &'a str,
    /// The word in lower case, computed once per sentence because every
    /// dictionary lookup needs it.
    pub lower_text: &'a str,
    /// The lemma in lower case.
    pub lower_lemma: &'a str,
}

/// What kind of thing an actor phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    /// A state named by its name ("Ukraine").
    Country,
    /// A state named by its adjective ("Ukrainian"); it modifies a role noun.
    CountryAdjective,
    /// A state's capital or seat of power used as a metonym ("Kyiv", "the Kremlin").
    Seat,
    /// A region ("Europe").
    Region,
    /// An international organisation.
    Organisation,
    /// A non-state group.
    Group,
    /// A person with dated offices.
    Person,
    /// A role noun with the actor it belongs to ("Ukrainian troops",
    /// "Russia's foreign minister"), already combined by the dictionary.
    AgentPhrase,
}

/// An actor resolved from a phrase, before it is tied to a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    /// What kind of actor the phrase names.
    pub kind: ActorKind,
    /// The full actor code (country or organisation code joined with the sector), if known.
    pub code: Option<String>,
    /// ISO 3166-1 alpha-3 country.
    pub country: Option<String>,
    /// Organisation id.
    pub org: Option<String>,
    /// Sector code.
    pub sector: Option<String>,
    /// Canonical name.
    pub name: Option<String>,
    /// The office title that applies on the date ("president"), for persons.
    pub title: Option<String>,
    /// Where the entry is defined, `file:line`.
    pub origin: Option<String>,
}

/// A phrase match: how many words it covers, and what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Number of words covered, at least one.
    pub word_count: usize,
    /// The actor named.
    pub entry: ActorEntry,
}

/// A role noun or title match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentMatch {
    /// Number of words covered, at least one.
    pub word_count: usize,
    /// The sector code the role gives (`GOV`, `MIL`, ...).
    pub sector: String,
}

/// A place name found in a sentence ("Alaska", "the Oval Office", "Crimea").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceMatch {
    /// Number of words covered, at least one.
    pub word_count: usize,
    /// The canonical name of the place.
    pub name: String,
    /// ISO 3166-1 alpha-3 code of the country the place is in, when the
    /// gazetteer knows it (a disputed region may have none).
    pub country: Option<String>,
}

/// Where an event pattern looks for its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetRole {
    /// The direct object.
    Object,
    /// The indirect object (spaCy `dative`).
    IndirectObject,
    /// The subject of a passive verb.
    PassiveSubject,
    /// The object of this preposition ("with", "between", "against").
    Preposition(String),
}

/// Whether a pattern is keyed on a verb or on an event noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternKind {
    /// A verb lemma.
    Verb,
    /// An event noun lemma.
    Noun,
}

/// One way of expressing a CAMEO event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventPattern {
    /// Verb or noun.
    pub kind: PatternKind,
    /// The CAMEO code, leading zeros kept; empty when the pattern reports
    /// only the reverse event (PETRARCH's `[:B]`).
    pub cameo: String,
    /// Lower-case lemma of the head word.
    pub head: String,
    /// Further lower-case words that must depend on the head (particles,
    /// prepositions, object nouns), in the order written.
    pub extra_words: Vec<String>,
    /// Further required words given as alternatives: one word of each set
    /// must depend on the head (a PETRARCH synset such as `&MILITARY`).
    pub extra_choices: Vec<std::sync::Arc<[String]>>,
    /// Where the target is found; empty means "the direct object, if it is an actor".
    pub target_roles: Vec<TargetRole>,
    /// The code to use when the head is negated, when the dictionary gives one.
    pub negated_code: Option<String>,
    /// PETRARCH's reverse code in `[A:B]`: the event from target to source.
    pub reverse_code: Option<String>,
    /// The pattern as written in the dictionary.
    pub text: String,
    /// Where the pattern is defined, `file:line`.
    pub origin: Option<String>,
}

impl EventPattern {
    /// How many required words the pattern names: more is more specific.
    pub fn specificity(&self) -> usize {
        self.extra_words.len() + self.extra_choices.len()
    }
}

/// The actor phrases and role nouns of one sentence, each with its first word.
pub type SentencePhrases = (Vec<(usize, PhraseMatch)>, Vec<(usize, AgentMatch)>);

/// The dictionaries, as the coder queries them.
pub trait Lexicon: Send + Sync {
    /// The longest actor phrase that starts at `start` in `words`, with the
    /// codes valid on `date` (the latest codes when the date is unknown).
    fn actor_at(&self, words: &[Word<'_>], start: usize, date: Option<Date>)
        -> Option<PhraseMatch>;

    /// The longest role noun or title that starts at `start`.
    fn agent_at(&self, words: &[Word<'_>], start: usize) -> Option<AgentMatch>;

    /// The event patterns whose head is this verb lemma (lower case).
    fn verb_patterns(&self, lemma: &str) -> &[EventPattern];

    /// The event patterns whose head is this noun lemma (lower case).
    fn noun_patterns(&self, lemma: &str) -> &[EventPattern];

    /// The longest place name (gazetteer entry) that starts at `start` in
    /// `words`. The default knows no places.
    fn place_at(&self, words: &[Word<'_>], start: usize) -> Option<PlaceMatch> {
        let _ = (words, start);
        None
    }

    /// All actor phrases of a sentence, left to right and without overlaps,
    /// each with its first word. The default scans with [`Lexicon::actor_at`],
    /// longest phrase first.
    fn sentence_actors(&self, words: &[Word<'_>], date: Option<Date>) -> Vec<(usize, PhraseMatch)> {
        let mut found = Vec::new();
        let mut index = 0;
        while index < words.len() {
            match self.actor_at(words, index, date) {
                Some(phrase) => {
                    let count = phrase.word_count.max(1);
                    found.push((index, phrase));
                    index += count;
                }
                None => index += 1,
            }
        }
        found
    }

    /// Both [`Lexicon::sentence_actors`] and [`Lexicon::sentence_agents`];
    /// a lexicon that finds both in one pass overrides this.
    fn sentence_phrases(&self, words: &[Word<'_>], date: Option<Date>) -> SentencePhrases {
        (
            self.sentence_actors(words, date),
            self.sentence_agents(words),
        )
    }

    /// All role nouns of a sentence, left to right, each with its first word.
    fn sentence_agents(&self, words: &[Word<'_>]) -> Vec<(usize, AgentMatch)> {
        let mut found = Vec::new();
        let mut index = 0;
        while index < words.len() {
            match self.agent_at(words, index) {
                Some(agent) => {
                    let count = agent.word_count.max(1);
                    found.push((index, agent));
                    index += count;
                }
                None => index += 1,
            }
        }
        found
    }
}
