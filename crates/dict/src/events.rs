//! Event expressions: which verbs and nouns express which CAMEO codes, from
//! dyad's `@event` entries and from PETRARCH verb dictionaries.

use crate::common::Origin;
use rustc_hash::FxHashMap as HashMap;

/// Whether an expression is headed by a verb or by an event noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordClass {
    /// A verb ("phone", "call off").
    Verb,
    /// An event noun ("talks", "phone call").
    Noun,
}

/// Where the target of an event is found relative to its trigger.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TargetRole {
    /// The direct object.
    Object,
    /// The indirect object.
    IndirectObject,
    /// The passive subject.
    PassiveSubject,
    /// The object of this preposition (`with`, `to`, `against`, ...).
    Preposition(String),
}

impl TargetRole {
    /// Parses `obj`, `iobj`, `subj-pass` or a preposition.
    pub fn parse(text: &str) -> TargetRole {
        match text {
            "obj" => TargetRole::Object,
            "iobj" => TargetRole::IndirectObject,
            "subj-pass" => TargetRole::PassiveSubject,
            preposition => TargetRole::Preposition(preposition.to_lowercase()),
        }
    }
}

/// One way of expressing an event: a head word (verb lemma or noun) with
/// the further words that must accompany it, the target roles and the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventExpression {
    /// Verb or noun.
    pub word_class: WordClass,
    /// Lower-case head: the verb lemma ("speak"), or the noun phrase's last
    /// word ("call" in "phone call"; "talks" as written).
    pub head: String,
    /// Further lower-case words, in the order written: particles,
    /// prepositions and words that must depend on the head ("by", "phone"
    /// in "speak by phone"; "off" in PETRARCH's `+CALL_OFF`; "phone" in
    /// "phone call").
    pub other_words: Vec<String>,
    /// The expression as written in the dictionary.
    pub phrase: String,
    /// CAMEO code of the event; `None` for PETRARCH's null code `---`
    /// (the bare verb codes nothing, only its patterns may).
    pub code: Option<String>,
    /// PETRARCH's second code in `[A:B]`: the event from target to source
    /// ("X visits Y" also gives "Y hosts X").
    pub reverse_code: Option<String>,
    /// Where the target is; empty means the direct object if it is an actor.
    pub targets: Vec<TargetRole>,
    /// CAMEO code to use when the verb is negated, when the dictionary gives one.
    pub negated_code: Option<String>,
    /// Inflected forms written in the dictionary (PETRARCH's `{...}`), lower
    /// case; useful when a lemmatiser misses the lemma.
    pub forms: Vec<String>,
    /// Where the expression is written.
    pub origin: Origin,
    /// For PETRARCH verbs, the index of the verb block whose patterns apply
    /// (see [`EventTable::petrarch_block`]).
    pub petrarch_block: Option<usize>,
}

/// A PETRARCH verb code: `[A]`, `[A:B]`, `[:B]` or `[---]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PetrarchCode {
    /// Code of the source→target event; `None` for `---` or an empty part.
    pub forward: Option<String>,
    /// Code of the reverse, target→source event (`B` in `A:B`).
    pub reverse: Option<String>,
    /// The code as written between the brackets.
    pub written: String,
}

/// A noun phrase in a PETRARCH pattern: head word plus modifiers, as in
/// `{FINANCIAL AID}` (head `AID`, modifier `FINANCIAL`). A word may be a
/// synset reference (`&MILITARY`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternNoun {
    /// The head word (upper case, `_` kept), or `&SYNSET`.
    pub head: String,
    /// Modifier words in the order written.
    pub modifiers: Vec<String>,
}

/// One element of a PETRARCH pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternElement {
    /// A noun phrase that must be present.
    Noun(PatternNoun),
    /// A prepositional phrase: `(PREP)` or `(PREP NOUN)`.
    Preposition {
        /// The preposition.
        preposition: String,
        /// The noun phrase it governs, if the pattern names one.
        object: Option<PatternNoun>,
    },
    /// `$`: the source actor is here.
    Source,
    /// `+`: the target actor is here.
    Target,
    /// `^`: skip this noun phrase; do not code it as an actor.
    Skip,
    /// `%`: a compound actor whose members code paired events.
    Compound,
}

/// One PETRARCH pattern line: `- PRE * POST [CODE] # comment`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PetrarchPattern {
    /// Elements before the verb (`*`).
    pub before_verb: Vec<PatternElement>,
    /// Elements after the verb.
    pub after_verb: Vec<PatternElement>,
    /// The pattern's code.
    pub code: PetrarchCode,
    /// The line as written, without its comment.
    pub text: String,
    /// Where the pattern is written.
    pub origin: Origin,
}

/// A PETRARCH verb block: `--- NAME [CODE] ---` with its verbs and patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbBlock {
    /// The block name (`VISIT`).
    pub name: String,
    /// The block's default code.
    pub code: PetrarchCode,
    /// Pattern lines of the block, in file order.
    pub patterns: Vec<PetrarchPattern>,
    /// Where the header is written.
    pub origin: Origin,
}

/// A PETRARCH synset (`&NAME` and its `+MEMBER` lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synset {
    /// The name including `&`.
    pub name: String,
    /// Members as noun phrases (multi-word members have a head and modifiers).
    pub members: Vec<PatternNoun>,
    /// Generated plural forms of single-word members (upper case).
    pub plurals: Vec<String>,
    /// Where the label is written.
    pub origin: Origin,
}

/// A PETRARCH transformation line (`~ a (b . ATTACK) SAY = a b 112`), kept
/// as written for the coder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transformation {
    /// The left-hand side, before `=`.
    pub pattern: String,
    /// The right-hand side: new source, new target, new code.
    pub result: String,
    /// Where the line is written.
    pub origin: Origin,
}

/// The compiled event-expression dictionary.
#[derive(Default)]
pub struct EventTable {
    expressions: Vec<EventExpression>,
    by_head: HashMap<(WordClass, String), Vec<usize>>,
    pub(crate) blocks: Vec<VerbBlock>,
    pub(crate) synsets: HashMap<String, Synset>,
    pub(crate) transformations: Vec<Transformation>,
    pub(crate) files: Vec<String>,
}

impl EventTable {
    pub(crate) fn add(&mut self, expression: EventExpression) {
        let index = self.expressions.len();
        self.by_head
            .entry((expression.word_class, expression.head.clone()))
            .or_default()
            .push(index);
        self.expressions.push(expression);
    }

    /// Every expression whose head is `head` (lower case: a verb lemma or an
    /// event noun), in file order. A PETRARCH verb that appears in several
    /// blocks gives one expression per block.
    pub fn expressions_for(&self, word_class: WordClass, head: &str) -> Vec<&EventExpression> {
        let key = (word_class, head.to_lowercase());
        self.by_head
            .get(&key)
            .map(|indices| {
                indices
                    .iter()
                    .filter_map(|index| self.expressions.get(*index))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Expressions headed by a verb lemma.
    pub fn verb(&self, lemma: &str) -> Vec<&EventExpression> {
        self.expressions_for(WordClass::Verb, lemma)
    }

    /// Expressions headed by a verb lemma, trying two repairs of a wrong
    /// lemma when nothing is found, as UniversalPetrarch does: the lemma plus
    /// `e` ("stag" → "stage"), or without its final `e`. Returns the lemma
    /// that matched with its expressions.
    pub fn verb_with_fallback(&self, lemma: &str) -> Option<(String, Vec<&EventExpression>)> {
        let lower = lemma.to_lowercase();
        let repaired = match lower.strip_suffix('e') {
            Some(stem) => stem.to_owned(),
            None => format!("{lower}e"),
        };
        for candidate in [lower, repaired] {
            let found = self.verb(&candidate);
            if !found.is_empty() {
                return Some((candidate, found));
            }
        }
        None
    }

    /// Expressions headed by an event noun.
    pub fn noun(&self, noun: &str) -> Vec<&EventExpression> {
        self.expressions_for(WordClass::Noun, noun)
    }

    /// Every expression.
    pub fn expressions(&self) -> &[EventExpression] {
        &self.expressions
    }

    /// A PETRARCH verb block by the index stored in
    /// [`EventExpression::petrarch_block`].
    pub fn petrarch_block(&self, index: usize) -> Option<&VerbBlock> {
        self.blocks.get(index)
    }

    /// Every PETRARCH verb block.
    pub fn petrarch_blocks(&self) -> &[VerbBlock] {
        &self.blocks
    }

    /// A PETRARCH synset by name, with or without its `&`.
    pub fn synset(&self, name: &str) -> Option<&Synset> {
        if name.starts_with('&') {
            self.synsets.get(name)
        } else {
            self.synsets.get(&format!("&{name}"))
        }
    }

    /// PETRARCH transformation lines.
    pub fn transformations(&self) -> &[Transformation] {
        &self.transformations
    }
}
