//! The event coder: from an annotated document to event records.
//!
//! See `docs/coder.md` for the rules in prose. In short, for every sentence:
//! 1. actor mentions are resolved ([`crate::mentions`]), pronouns last;
//! 2. predicates are found: verbs and event nouns with a dictionary pattern;
//! 3. each predicate's source and target come from the dependency tree
//!    (subjects, objects, prepositions, passive "by", coordination,
//!    relative clauses, control, "between A and B");
//! 4. status, attribution, date, place and casualties are read from the
//!    predicate's governing chain;
//! 5. one event is written per (source, target) pair.

use crate::casualties::{casualty_verb, victims_of, Casualty};
use crate::dates::{
    find_time_expressions, resolve, resolve_with_precision, DatePrecision, TimeExpression,
    TimeMeaning,
};
use crate::lexicon::{ActorKind, EventPattern, Lexicon, PatternKind, PlaceMatch, TargetRole, Word};
use crate::mentions::{
    conjuncts, is_nominal, is_relative_pronoun, quotation_speaker, range_text, resolve_chunk,
    resolve_references, speaker_subject, Discourse, Mention, PhraseIndex, SPEECH_VERBS,
};
use crate::tree::SentenceTree;
use dyad_types::{
    ActorRef, AnnotatedDocument, Attribution, Date, Diagnostic, Event, Evidence, Location,
    Modality, Trigger,
};
use std::sync::Arc;

/// Settings of the coder.
#[derive(Debug, Clone, Default)]
pub struct CoderOptions {
    /// Code sentences that look like title-case headlines. Off by default:
    /// the tagger mislabels title-case words, and a skipped headline is
    /// better than a garbled event.
    pub code_headlines: bool,
    /// Path used in diagnostics.
    pub path: Option<String>,
}

/// Events and diagnostics for one document.
#[derive(Debug, Clone, Default)]
pub struct CodingOutcome {
    /// The coded events, in document order.
    pub events: Vec<Event>,
    /// Problems found in the input.
    pub diagnostics: Vec<Diagnostic>,
}

/// The event coder. Cheap to share between threads.
pub struct Coder {
    lexicon: Arc<dyn Lexicon>,
    options: CoderOptions,
}

/// Verbs that only carry an event noun ("held talks", "launched strikes").
///
/// "host" is not among them: hosting is an event of its own (CAMEO 043),
/// and a hosted meeting's participants are the host's guests.
const LIGHT_VERBS: [&str; 17] = [
    "hold", "have", "launch", "conduct", "carry", "stage", "begin", "start", "make", "give",
    "arrange", "plan", "resume", "continue", "mount", "unleash", "schedule",
];

/// Verbs that repeat, voice or strengthen an event expressed by their
/// object noun without being an event of their own ("reiterated pressure on
/// Kyiv", "voiced enthusiasm", "stepped up pressure").
const CARRIER_VERBS: [&str; 11] = [
    "reiterate",
    "repeat",
    "renew",
    "voice",
    "express",
    "step",
    "increase",
    "intensify",
    "ramp",
    "maintain",
    "keep",
];

/// Prepositions that set the time or circumstances of an event rather than
/// what it is about.
const CIRCUMSTANCE_PREPOSITIONS: [&str; 8] = [
    "before",
    "after",
    "during",
    "until",
    "since",
    "despite",
    "amid",
    "following",
];

/// Governing words whose complement is the thing denied, opposed or warned
/// against: "opposes Ukraine joining NATO" does not report Ukraine joining.
const DENIAL_WORDS: [&str; 6] = ["oppose", "reject", "deny", "veto", "block", "resist"];

/// Verbs whose "against" phrase holds what they caution against.
const CAUTION_VERBS: [&str; 5] = ["warn", "caution", "argue", "advise", "speak"];

/// Prepositions that make an event noun something the clause's subject took part in.
const ADJUNCT_PREPOSITIONS: [&str; 8] = [
    "after",
    "follow",
    "following",
    "during",
    "at",
    "amid",
    "in",
    "for",
];

/// Governing words that make what they govern planned.
const PLANNING_WORDS: [&str; 26] = [
    "decision",
    "decide",
    "plan",
    "intend",
    "arrange",
    "arrangement",
    "schedule",
    "expect",
    "prepare",
    "aim",
    "propose",
    "hope",
    "want",
    "seek",
    "promise",
    "vow",
    "pledge",
    "ready",
    "willing",
    "set",
    "due",
    "prospect",
    "proposal",
    "agree",
    "offer",
    "try",
];

/// Governing words that ask for what they govern; it has not happened.
const DESIRE_WORDS: [&str; 7] = [
    "urge", "demand", "appeal", "press", "push", "call", "request",
];

/// Governing words that keep what they govern from happening ("opposes
/// Ukraine joining NATO", "warned against forcing Ukraine").
const UNREALISED_WORDS: [&str; 8] = [
    "oppose", "reject", "refuse", "resist", "prevent", "block", "avoid", "fear",
];

/// Governing words that make what they govern a claim.
const CLAIM_WORDS: [&str; 4] = ["claim", "allege", "accuse", "rumor"];

/// Governing words that make what they govern possible but uncertain.
const POSSIBILITY_WORDS: [&str; 4] = ["likely", "unlikely", "possible", "may"];

/// Adverbs that hedge a report.
const HEDGES: [&str; 5] = [
    "reportedly",
    "allegedly",
    "purportedly",
    "apparently",
    "supposedly",
];

/// A predicate chosen for coding.
struct Predicate<'p> {
    trigger: usize,
    pattern: &'p EventPattern,
}

/// Everything the sentence-level passes share.
struct SentenceContext<'a> {
    tree: SentenceTree<'a>,
    text: &'a str,
    mentions: Vec<Vec<Mention>>,
    /// Country or organisation named by a modifier ("Russian" in "Russian strikes").
    modifiers: Vec<Option<Mention>>,
    times: Vec<TimeExpression>,
    /// First token after a headline line that was parsed into this sentence.
    body_start: usize,
}

impl Coder {
    /// A coder over the given dictionaries.
    pub fn new(lexicon: Arc<dyn Lexicon>, options: CoderOptions) -> Self {
        Coder { lexicon, options }
    }

    /// Codes one document. Never fails: broken annotations give diagnostics.
    pub fn code(&self, document: &AnnotatedDocument) -> CodingOutcome {
        let mut outcome = CodingOutcome::default();
        let path = self
            .options
            .path
            .as_deref()
            .or(Some(document.doc_id.as_str()));
        if let Err(problem) = document.validate() {
            outcome.diagnostics.push(Diagnostic::warning(
                path,
                format!("annotations are inconsistent ({problem}); affected tokens are skipped"),
            ));
        }
        let mut discourse = Discourse::default();
        let mut reference_date: Option<Date> = None;
        for (sentence_index, sentence) in document.sentences.iter().enumerate() {
            let tokens = document.sentence_tokens(sentence);
            if tokens.is_empty() {
                continue;
            }
            // Tokens whose span does not select their text cannot be trusted for offsets.
            if tokens
                .iter()
                .any(|token| token.span.slice(&document.text) != Some(token.text.as_str()))
            {
                outcome.diagnostics.push(Diagnostic::warning(
                    path,
                    format!(
                        "sentence {sentence_index} has tokens that do not match the text; skipped"
                    ),
                ));
                continue;
            }
            let tree = SentenceTree::new(tokens, sentence.first_token);
            // A headline on its own line is often parsed into the first sentence
            // of the body; the words before the line break are then left out.
            let body_start = if self.options.code_headlines {
                0
            } else {
                headline_prefix_end(&tree)
            };
            if body_start > 0 {
                outcome.diagnostics.push(Diagnostic::info(
                    path,
                    format!("sentence {sentence_index} starts with a headline line; the headline is not coded"),
                ));
            }
            if !self.options.code_headlines && looks_like_headline(&tree, 0, tree.len()) {
                outcome.diagnostics.push(Diagnostic::info(
                    path,
                    format!("sentence {sentence_index} looks like a headline; not coded"),
                ));
                continue;
            }
            let words = sentence_words(&tree);
            let index = PhraseIndex::new(self.lexicon.as_ref(), &words, document.date);
            let mut mentions: Vec<Vec<Mention>> = (0..tree.len())
                .map(|token| {
                    if token >= body_start && is_nominal(&tree, token) {
                        resolve_chunk(&tree, &index, &document.text, token)
                    } else {
                        Vec::new()
                    }
                })
                .collect();
            resolve_references(&tree, &document.text, &mut mentions, &discourse);
            let times = find_time_expressions(&tree);
            let modifiers = (0..tree.len())
                .map(|token| modifier_actor(&tree, &index, &document.text, token))
                .collect();
            let times = times
                .into_iter()
                .filter(|time| time.first >= body_start)
                .collect();
            let context = SentenceContext {
                tree,
                text: &document.text,
                mentions,
                modifiers,
                times,
                body_start,
            };
            let sentence_text = sentence.span.slice(&document.text).unwrap_or("").to_owned();
            let mut sentence_events = Vec::new();
            for predicate in self
                .predicates(&context)
                .iter()
                .filter(|p| p.trigger >= context.body_start)
            {
                self.code_predicate(
                    &context,
                    predicate,
                    document,
                    reference_date,
                    &mut sentence_events,
                );
            }
            for event in &mut sentence_events {
                event.sentence_index = sentence_index;
                event.sentence = sentence_text.clone();
                event.sentence_span = sentence.span;
                event.event_id = event.compute_id();
            }
            // The reference time moves on with the narrative: the first dated
            // asserted event sets it for undated events that follow.
            if let Some(date) = sentence_events
                .iter()
                .find(|event| {
                    event.date_text.is_some()
                        && event.date.is_some()
                        && event.modality == Modality::Asserted
                })
                .and_then(|event| event.date)
            {
                reference_date = Some(date);
            } else if reference_date.is_none() {
                if let Some(date) = context.times.iter().find_map(|time| match time.meaning {
                    TimeMeaning::Period => None,
                    meaning => resolve(meaning, document.date, false),
                }) {
                    reference_date = Some(date);
                }
            }
            for list in context.mentions {
                discourse.recent.extend(list);
            }
            outcome.events.extend(sentence_events);
        }
        outcome
    }

    /// The noun patterns for a token, looked up by lemma and, because
    /// dictionaries list some event nouns in the plural ("talks"), by its
    /// lower-case text.
    fn noun_patterns(&self, tree: &SentenceTree<'_>, token: usize) -> &[EventPattern] {
        let by_lemma = self.lexicon.noun_patterns(tree.lemma(token));
        if !by_lemma.is_empty() {
            return by_lemma;
        }
        self.lexicon.noun_patterns(tree.lower_text(token))
    }

    /// The predicates of a sentence: each verb or noun with a matching pattern.
    fn predicates<'s>(&'s self, context: &SentenceContext<'_>) -> Vec<Predicate<'s>> {
        let tree = &context.tree;
        let mut found = Vec::new();
        for token in 0..tree.len() {
            let lemma = tree.lemma(token);
            let patterns = match tree.pos(token) {
                "VERB" => self.lexicon.verb_patterns(lemma),
                "NOUN" | "PROPN" => self.noun_patterns(tree, token),
                _ => continue,
            };
            let best = patterns
                .iter()
                .filter(|pattern| extras_present(tree, token, pattern))
                .filter(|pattern| !transitive_use_of_phrasal_verb(context, token, pattern))
                .max_by_key(|pattern| pattern.specificity());
            let Some(pattern) = best else { continue };
            if pattern.kind == PatternKind::Verb && names_its_object(tree, token, pattern) {
                continue;
            }
            if pattern.kind == PatternKind::Verb {
                // A speech verb introducing a clause or a quotation is attribution, not an event.
                let introduces_clause = tree.child_with(token, &["ccomp", "parataxis"]).is_some()
                    || quotation_speaker(tree, 0).is_some_and(|(_, verb)| verb == token);
                if SPEECH_VERBS.contains(&lemma) && pattern.specificity() == 0 && introduces_clause
                {
                    continue;
                }
                // "would host a summit between India and Pakistan": the summit is
                // the event between its participants, and the host only its venue.
                if lemma == "host"
                    && tree.children_with(token, &["dobj"]).any(|object| {
                        !self.noun_patterns(tree, object).is_empty()
                            && tree
                                .children_with(object, &["prep"])
                                .any(|preposition| tree.lemma(preposition) == "between")
                    })
                {
                    continue;
                }
                // A light verb with an event noun object leaves the event to the
                // noun; so does a carrier verb ("reiterated pressure on Kyiv",
                // "voiced support") unless a longer pattern of its own matched
                // ("voiced concern").
                let carries = LIGHT_VERBS.contains(&lemma)
                    || (CARRIER_VERBS.contains(&lemma) && pattern.specificity() == 0);
                if carries
                    && tree
                        .children_with(token, &["dobj"])
                        .any(|object| !self.noun_patterns(tree, object).is_empty())
                {
                    continue;
                }
            }
            found.push(Predicate {
                trigger: token,
                pattern,
            });
        }
        // "thanked Trump for his support", "criticized Russia for its strikes":
        // a noun under the "for" of a judgement (praise, criticism, blame:
        // roots 01, 05, 11) is the reason for it, told in passing, not an
        // event reported on its own. A purpose is another matter ("visited
        // Japan for talks": the talks are held), and a pattern that names
        // "for" itself ("called for talks") takes the noun as its object.
        let reasons: Vec<usize> = found
            .iter()
            .filter(|predicate| predicate.pattern.kind == PatternKind::Noun)
            .filter(|predicate| {
                let Some(preposition) = tree
                    .head(predicate.trigger)
                    .filter(|_| tree.dep(predicate.trigger) == "pobj")
                    .filter(|preposition| tree.lemma(*preposition) == "for")
                else {
                    return false;
                };
                tree.head(preposition).is_some_and(|governor| {
                    found.iter().any(|other| {
                        other.trigger == governor
                            && other.pattern.kind == PatternKind::Verb
                            && matches!(other.pattern.cameo.get(..2), Some("01" | "05" | "11"))
                            && !other.pattern.extra_words.iter().any(|word| word == "for")
                    })
                })
            })
            .map(|predicate| predicate.trigger)
            .collect();
        found.retain(|predicate| !reasons.contains(&predicate.trigger));
        // "voiced enthusiasm": when the verb's own pattern names its object
        // noun ("voice enthusiasm"), the verb has coded the event; the noun
        // is not a second report of it.
        let named_objects: Vec<usize> = found
            .iter()
            .filter(|predicate| {
                predicate.pattern.kind == PatternKind::Noun && tree.dep(predicate.trigger) == "dobj"
            })
            .filter(|predicate| {
                tree.head(predicate.trigger).is_some_and(|verb| {
                    found.iter().any(|other| {
                        other.trigger == verb
                            && other.pattern.kind == PatternKind::Verb
                            && other.pattern.extra_words.iter().any(|word| {
                                word == tree.lemma(predicate.trigger)
                                    || word == tree.lower_text(predicate.trigger)
                            })
                    })
                })
            })
            .map(|predicate| predicate.trigger)
            .collect();
        found.retain(|predicate| !named_objects.contains(&predicate.trigger));
        // "shelled the town, killing four" and "strikes that killed seven":
        // the killing is the casualty count of the governing event, not a second event.
        let mut triggers: Vec<usize> = found.iter().map(|predicate| predicate.trigger).collect();
        // The light verb that carries an event noun stands for it ("launched strikes ... that killed").
        for predicate in &found {
            if predicate.pattern.kind == PatternKind::Noun && tree.dep(predicate.trigger) == "dobj"
            {
                if let Some(head) = tree.head(predicate.trigger) {
                    triggers.push(head);
                }
            }
        }
        found.retain(|predicate| {
            let attached = matches!(
                tree.dep(predicate.trigger),
                "advcl" | "relcl" | "acl" | "conj"
            ) && tree
                .head(predicate.trigger)
                .is_some_and(|head| triggers.contains(&head));
            !(attached && casualty_verb(tree.lemma(predicate.trigger)).is_some())
        });
        found
    }

    fn code_predicate(
        &self,
        context: &SentenceContext<'_>,
        predicate: &Predicate<'_>,
        document: &AnnotatedDocument,
        reference_date: Option<Date>,
        events: &mut Vec<Event>,
    ) {
        let tree = &context.tree;
        let trigger = predicate.trigger;
        let pattern = predicate.pattern;
        // What is opposed, denied or warned against is not reported as happening.
        if inside_denied_complement(tree, trigger) {
            return;
        }
        let (sources, targets, rule) = match pattern.kind {
            PatternKind::Verb => self.verb_arguments(context, trigger, pattern),
            PatternKind::Noun => self.noun_arguments(context, trigger, pattern),
        };
        let mut pairs: Vec<(Mention, Option<Mention>, &'static str)> = Vec::new();
        let cooperative_root = matches!(pattern.cameo.get(..2), Some("03" | "04" | "05" | "06"));
        if targets.is_empty() && sources.len() >= 2 && cooperative_root {
            // "A and B met": a reciprocal event, one report per direction.
            for source in &sources {
                for target in &sources {
                    if !same_actor(&source.actor, &target.actor) {
                        pairs.push((source.clone(), Some(target.clone()), "reciprocal"));
                    }
                }
            }
        } else {
            for source in &sources {
                if targets.is_empty() {
                    pairs.push((source.clone(), None, rule));
                }
                for target in &targets {
                    if !same_actor(&source.actor, &target.actor) {
                        pairs.push((source.clone(), Some(target.clone()), rule));
                    }
                }
            }
        }
        if pairs.is_empty() {
            return;
        }
        // One cannot meet, visit or host a thing: a consultation verb whose
        // object is no actor ("hosted a jazz festival") is not an event.
        if pattern.kind == PatternKind::Verb
            && pattern.cameo.starts_with("04")
            && targets.is_empty()
            && tree.children_with(trigger, &["dobj"]).next().is_some()
        {
            return;
        }
        let (mut modality, backshifted_future) = modality_of(tree, trigger);
        if backshifted_future && modality == Modality::Hypothetical {
            modality = Modality::Planned;
        }
        let mut cameo = pattern.cameo.clone();
        if modality == Modality::Negated {
            if let Some(code) = &pattern.negated_code {
                cameo = code.clone();
                modality = Modality::Asserted;
            }
        }
        // PETRARCH's `[A:B]`: the same words also report B from target to source.
        let mut codings: Vec<(String, bool)> = vec![(cameo, false)];
        if let Some(reverse) = &pattern.reverse_code {
            codings.push((reverse.clone(), true));
        }
        let attribution = attribution_of(context, trigger);
        let (date, date_text) =
            self.date_of(context, trigger, modality, document.date, reference_date);
        let location = location_of(context, self.lexicon.as_ref(), trigger, pattern);
        let (fatalities, injuries) = casualties_of(tree, trigger);
        let trigger_token = tree.token(trigger);
        let trigger_record = Trigger {
            text: trigger_token.map_or(String::new(), |token| token.text.clone()),
            start: trigger_token.map_or(0, |token| token.span.start),
            end: trigger_token.map_or(0, |token| token.span.end),
        };
        for (cameo, reversed) in codings {
            let Some(info) = dyad_ontology::cameo(&cameo) else {
                continue;
            };
            for (source, target, rule) in &pairs {
                let (source, target) = match (reversed, target) {
                    (false, _) => (source, target.as_ref()),
                    (true, Some(target)) => (target, Some(source)),
                    (true, None) => continue,
                };
                if source.actor.code.is_none() && source.actor.sector.is_none() {
                    continue;
                }
                let to_trigger = tree.path(source.head, trigger);
                let dependency_path = match target {
                    Some(target) => {
                        let from_trigger = tree.path(trigger, target.head);
                        let rest = from_trigger
                            .strip_prefix(tree.text(trigger))
                            .unwrap_or(&from_trigger)
                            .trim_start();
                        format!("{to_trigger} {rest}")
                    }
                    None => to_trigger,
                };
                events.push(Event {
                    event_id: String::new(),
                    doc_id: document.doc_id.clone(),
                    sentence_index: 0,
                    sentence: String::new(),
                    sentence_span: dyad_types::Span::new(0, 0),
                    cameo: cameo.clone(),
                    plover: info.plover.category.to_owned(),
                    plover_mode: info.plover.mode.map(str::to_owned),
                    plover_context: info
                        .plover
                        .context
                        .iter()
                        .map(|context| (*context).to_owned())
                        .collect(),
                    goldstein: info.goldstein,
                    quad_class: info.quad_class(),
                    source: source.actor.clone(),
                    target: target.map(|target| target.actor.clone()),
                    modality,
                    attribution: attribution.clone(),
                    date,
                    date_text: date_text.clone(),
                    location: location.clone(),
                    fatalities,
                    injuries,
                    trigger: trigger_record.clone(),
                    evidence: Evidence {
                        rule: if reversed {
                            "reverse-code".to_owned()
                        } else {
                            (*rule).to_owned()
                        },
                        pattern: pattern.text.clone(),
                        pattern_origin: pattern.origin.clone(),
                        dependency_path,
                    },
                });
            }
        }
    }

    /// Sources and targets of a verb predicate.
    fn verb_arguments(
        &self,
        context: &SentenceContext<'_>,
        verb: usize,
        pattern: &EventPattern,
    ) -> (Vec<Mention>, Vec<Mention>, &'static str) {
        let tree = &context.tree;
        let passive = tree.child_with(verb, &["nsubjpass", "auxpass"]).is_some();
        let mut rule = "verb-subject-object";
        let sources = if passive {
            rule = "verb-passive";
            let mut found = Vec::new();
            for agent in tree.children_with(verb, &["agent"]) {
                for object in tree.children_with(agent, &["pobj"]) {
                    found.extend(self.mentions_of(context, object));
                }
            }
            found
        } else {
            subjects_of(context, verb, 0)
        };
        let mut targets = Vec::new();
        let roles: Vec<TargetRole> = if pattern.target_roles.is_empty() {
            vec![TargetRole::Object, TargetRole::IndirectObject]
        } else {
            pattern.target_roles.clone()
        };
        for role in roles
            .iter()
            .chain(passive.then_some(&TargetRole::PassiveSubject))
        {
            match role {
                TargetRole::Object => {
                    for object in tree.children_with(verb, &["dobj"]) {
                        targets.extend(self.mentions_of(context, object));
                    }
                }
                TargetRole::IndirectObject => {
                    for object in tree.children_with(verb, &["dative"]) {
                        targets.extend(self.mentions_of(context, object));
                    }
                }
                TargetRole::PassiveSubject => {
                    for subject in tree.children_with(verb, &["nsubjpass"]) {
                        targets.extend(self.mentions_of(context, subject));
                    }
                }
                TargetRole::Preposition(word) => {
                    targets.extend(self.prepositional(context, verb, word));
                    // "called for a ceasefire with Russia": the object's own preposition counts too.
                    for object in tree.children_with(verb, &["dobj"]) {
                        targets.extend(self.prepositional(context, object, word));
                    }
                }
            }
            if !targets.is_empty() {
                break;
            }
        }
        if targets.is_empty() && roles.contains(&TargetRole::Object) {
            for object in tree.children_with(verb, &["dobj", "ccomp", "xcomp"]) {
                // "opposes Ukraine joining NATO": the subject of a clausal object.
                if matches!(tree.pos(object), "VERB" | "AUX") {
                    for subject in tree.children_with(object, &["nsubj"]) {
                        targets.extend(self.mentions_of(context, subject));
                    }
                } else {
                    // "praised Trump's initiative": the possessor of a non-actor object.
                    for possessor in possessors(tree, object) {
                        targets.extend(self.mentions_of(context, possessor));
                    }
                    // "condemned the attack on Israeli civilians": whom the object was aimed at.
                    if targets.is_empty() {
                        // "called off talks with Israel": the object's partner.
                        for word in ["on", "against", "with"] {
                            targets.extend(self.prepositional(context, object, word));
                        }
                    }
                    // "hosted a gathering that included A, B and C", "convened a
                    // meeting of A and B": one hosts or meets the participants.
                    if targets.is_empty() && pattern.cameo.starts_with("04") {
                        let participants = self.participants(context, object);
                        targets.extend(participants.into_iter().filter(|participant| {
                            // A host does not host itself ("the White House hosted
                            // a gathering that included Trump").
                            !sources.iter().any(|source| {
                                source.actor.code.is_some()
                                    && source.actor.code == participant.actor.code
                            })
                        }));
                    }
                }
            }
        }
        if targets.is_empty() && matches!(pattern.cameo.get(..2), Some("11" | "12")) {
            // "a proposal Ukraine has rejected", "rejected the plan he put forward":
            // rejecting or criticising a proposal is aimed at whoever made it.
            targets.extend(self.proposers(context, verb));
        }
        if passive && !pattern.target_roles.is_empty() && targets.is_empty() {
            for subject in tree.children_with(verb, &["nsubjpass"]) {
                targets.extend(self.mentions_of(context, subject));
            }
        }
        (sources, targets, rule)
    }

    /// Sources and targets of an event noun.
    fn noun_arguments(
        &self,
        context: &SentenceContext<'_>,
        noun: usize,
        pattern: &EventPattern,
    ) -> (Vec<Mention>, Vec<Mention>, &'static str) {
        let tree = &context.tree;
        // "a summit between A and B": the participants are both sides.
        let mut between = self.prepositional(context, noun, "between");
        if between.len() < 2 {
            // "began arrangements for a meeting, at a location to be determined, between A and B":
            // the parser often hangs the "between" phrase on the verb.
            if let Some(verb) = carrying_verb(tree, noun) {
                let on_verb = self.prepositional(context, verb, "between");
                if on_verb.len() >= 2 {
                    between = on_verb;
                }
            }
        }
        if between.len() >= 2 {
            // The participants are sources with no target; the reciprocal rule pairs them.
            return (between, Vec::new(), "noun-between");
        }
        let mut sources: Vec<Mention> = Vec::new();
        for possessor in possessors(tree, noun) {
            sources.extend(self.mentions_of(context, possessor));
        }
        if sources.is_empty() {
            // "Russian strikes": a nationality adjective in the noun's chunk.
            for modifier in tree.children_with(noun, &["amod", "compound"]) {
                if let Some(Some(mention)) = context.modifiers.get(modifier) {
                    sources.push(mention.clone());
                }
            }
        }
        let mut rule = "noun-modifier";
        if sources.is_empty() {
            rule = "noun-governing-subject";
            sources = governing_subjects(context, noun);
        }
        let mut targets = Vec::new();
        let roles: Vec<TargetRole> = if pattern.target_roles.is_empty() {
            vec![
                TargetRole::Preposition("with".into()),
                TargetRole::Preposition("against".into()),
            ]
        } else {
            pattern.target_roles.clone()
        };
        for role in &roles {
            if let TargetRole::Preposition(word) = role {
                targets.extend(self.prepositional(context, noun, word));
            }
            if !targets.is_empty() {
                break;
            }
        }
        if targets.is_empty() {
            // "a gathering that included A, B and C": the participants are the targets.
            for clause in tree.children_with(noun, &["relcl", "acl"]) {
                if matches!(tree.lemma(clause), "include" | "involve" | "bring") {
                    for object in tree.children_with(clause, &["dobj"]) {
                        targets.extend(self.mentions_of(context, object));
                    }
                }
            }
        }
        if targets.is_empty() && rule == "noun-governing-subject" {
            // "visited Japan for talks": the talks are with the verb's object.
            let purpose_verb = tree
                .head(noun)
                .filter(|preposition| tree.dep(noun) == "pobj" && tree.lemma(*preposition) == "for")
                .and_then(|preposition| tree.head(preposition))
                .filter(|verb| matches!(tree.pos(*verb), "VERB"));
            if let Some(verb) = purpose_verb {
                for object in tree.children_with(verb, &["dobj"]) {
                    targets.extend(self.mentions_of(context, object));
                }
            }
        }
        if targets.is_empty() && rule == "noun-governing-subject" {
            // "talks at the White House with Zelensky": a "with" on the governing verb.
            if let Some(head) = tree.head(noun) {
                if tree.dep(noun) == "dobj" {
                    targets.extend(self.prepositional(context, head, "with"));
                }
            }
        }
        (sources, targets, rule)
    }

    /// Who made the proposal a verb rejects or criticises: the thing is the
    /// verb's object, or the antecedent of the relative clause the verb
    /// heads ("a proposal Ukraine has rejected"); its maker is its
    /// possessor, or the subject of the verb it is the object of, directly
    /// or through an apposition ("He raised the prospect of ... — a proposal
    /// Ukraine has rejected"), or the verb a summarising noun hangs from
    /// ("Egypt proposed a truce, a plan Israel has rejected"). Only
    /// non-actor things count.
    fn proposers(&self, context: &SentenceContext<'_>, verb: usize) -> Vec<Mention> {
        let tree = &context.tree;
        let mut things: Vec<usize> = tree.children_with(verb, &["dobj"]).collect();
        if things.is_empty() && tree.dep(verb) == "relcl" {
            things.extend(tree.head(verb));
        }
        let mut found = Vec::new();
        for thing in things {
            if !matches!(tree.pos(thing), "NOUN") || !self.mentions_of(context, thing).is_empty() {
                continue;
            }
            for possessor in possessors(tree, thing) {
                found.extend(self.mentions_of(context, possessor));
            }
            if !found.is_empty() {
                continue;
            }
            let object = if tree.dep(thing) == "appos" {
                tree.head(thing).unwrap_or(thing)
            } else {
                thing
            };
            // "Egypt proposed a truce, a plan Israel has rejected": the parser
            // may hang the summarising noun on the clause itself.
            let maker_verb = tree.head(object).filter(|head| {
                *head != verb
                    && (tree.dep(object) == "dobj"
                        || tree.dep(object) == "npadvmod" && tree.pos(*head) == "VERB")
            });
            if let Some(maker_verb) = maker_verb {
                found.extend(subjects_of(context, maker_verb, 0));
            }
        }
        found
    }

    /// The participants a gathering noun names: the objects of a relative
    /// or participial clause that includes them ("a gathering that included
    /// A and B", "a summit bringing together A and B") or of an "of" or
    /// "between" phrase ("a meeting of A and B").
    fn participants(&self, context: &SentenceContext<'_>, noun: usize) -> Vec<Mention> {
        let tree = &context.tree;
        let mut found = Vec::new();
        for clause in tree.children_with(noun, &["relcl", "acl"]) {
            if matches!(
                tree.lemma(clause),
                "include" | "involve" | "bring" | "gather" | "feature" | "draw"
            ) {
                for object in tree.children_with(clause, &["dobj"]) {
                    found.extend(self.mentions_of(context, object));
                }
            }
        }
        if found.is_empty() {
            for word in ["of", "between"] {
                found.extend(self.prepositional(context, noun, word));
            }
        }
        found
    }

    /// The resolved mentions of a token and its conjuncts, following
    /// relative pronouns to their antecedent.
    fn mentions_of(&self, context: &SentenceContext<'_>, token: usize) -> Vec<Mention> {
        mentions_of(context, token)
    }

    /// Mentions in the objects of `head`'s prepositions spelled `word`.
    fn prepositional(
        &self,
        context: &SentenceContext<'_>,
        head: usize,
        word: &str,
    ) -> Vec<Mention> {
        let tree = &context.tree;
        let mut found = Vec::new();
        for preposition in tree.children_with(head, &["prep", "dative", "agent"]) {
            if tree.lemma(preposition) != word {
                continue;
            }
            for object in tree.children_with(preposition, &["pobj"]) {
                found.extend(mentions_of(context, object));
            }
        }
        found
    }

    /// The date of an event and the phrase it comes from.
    fn date_of(
        &self,
        context: &SentenceContext<'_>,
        trigger: usize,
        modality: Modality,
        document_date: Option<Date>,
        reference_date: Option<Date>,
    ) -> (Option<Date>, Option<String>) {
        let tree = &context.tree;
        let chain = tree.ancestors(trigger);
        let future = modality == Modality::Planned;
        let mut best: Option<(usize, &TimeExpression)> = None;
        for expression in &context.times {
            let attachment = attachment_of(tree, expression.anchor);
            let Some(distance) = chain.iter().position(|node| *node == attachment) else {
                continue;
            };
            // A date on a speech verb dates the speaking; a planned event said
            // on Monday is not planned for Monday.
            let crosses_speech = chain
                .iter()
                .take(distance)
                .skip(1)
                .any(|node| SPEECH_VERBS.contains(&tree.lemma(*node)))
                || (distance > 0 && SPEECH_VERBS.contains(&tree.lemma(attachment)));
            if future && crosses_speech {
                continue;
            }
            if best.is_none_or(|(current, _)| distance < current) {
                best = Some((distance, expression));
            }
        }
        match best {
            Some((_, expression)) => {
                let first = expression.first;
                // Keep a leading preposition ("in February", "on Monday") in the phrase.
                let first = match first.checked_sub(1) {
                    Some(previous)
                        if matches!(tree.lemma(previous), "in" | "on" | "since" | "until") =>
                    {
                        previous
                    }
                    _ => first,
                };
                let (text, _) = range_text(tree, context.text, first, expression.last);
                // A week, month or year resolves to its first day, but the event
                // record cannot yet say that the date stands for a period
                // (`date_precision`, requested from the lead); until it can, only
                // day-precise dates are given, so that "last week" is never read
                // as a known Monday.
                let date = resolve_with_precision(expression.meaning, document_date, future)
                    .filter(|(_, precision)| *precision == DatePrecision::Day)
                    .map(|(date, _)| date);
                (date, Some(text))
            }
            None if modality != Modality::Planned && modality != Modality::Hypothetical => {
                (reference_date, None)
            }
            None => (None, None),
        }
    }
}

/// The actor a nationality adjective or name modifier gives ("Russian" in
/// "Russian strikes"), as a country without sector.
fn modifier_actor(
    tree: &SentenceTree<'_>,
    index: &PhraseIndex,
    text: &str,
    token: usize,
) -> Option<Mention> {
    if !matches!(tree.dep(token), "amod" | "compound" | "npadvmod") {
        return None;
    }
    let (first, phrase) = index.phrase_at(token)?;
    let country_like = matches!(
        phrase.entry.kind,
        ActorKind::Country
            | ActorKind::CountryAdjective
            | ActorKind::Organisation
            | ActorKind::Group
    );
    if !country_like {
        return None;
    }
    let (phrase_text, span) = range_text(tree, text, first, token);
    let code = match phrase.entry.kind {
        ActorKind::Organisation | ActorKind::Group => phrase.entry.code.clone(),
        _ => phrase.entry.country.clone(),
    };
    Some(Mention {
        actor: ActorRef {
            text: phrase_text,
            code,
            country: phrase.entry.country.clone(),
            org: phrase.entry.org.clone(),
            sector: None,
            name: None,
            span,
        },
        head: token,
        is_person: false,
        title: None,
    })
}

/// The word a time expression modifies: its first ancestor that is not a
/// preposition ("on Monday" modifies the verb above "on").
fn attachment_of(tree: &SentenceTree<'_>, anchor: usize) -> usize {
    tree.ancestors(anchor)
        .into_iter()
        .skip(1)
        .find(|node| tree.pos(*node) != "ADP")
        .unwrap_or(anchor)
}

/// The light verb that carries an event noun, directly ("held talks") or
/// through a preposition ("began arrangements for a meeting").
fn carrying_verb(tree: &SentenceTree<'_>, noun: usize) -> Option<usize> {
    let mut current = noun;
    for _ in 0..4 {
        let head = tree.head(current)?;
        if matches!(tree.pos(head), "VERB" | "AUX") && tree.dep(head) != "prep" {
            return LIGHT_VERBS.contains(&tree.lemma(head)).then_some(head);
        }
        if !matches!(tree.dep(current), "pobj" | "prep" | "dobj") {
            return None;
        }
        current = head;
    }
    None
}

/// The possessors of a noun: `poss` children, and `nmod` children marked
/// with a possessive "'s" (a frequent parse of "Trump’s initiative").
fn possessors(tree: &SentenceTree<'_>, noun: usize) -> Vec<usize> {
    tree.children(noun)
        .iter()
        .copied()
        .filter(|child| {
            tree.dep(*child) == "poss"
                || (tree.dep(*child) == "nmod"
                    && tree
                        .children_with(*child, &["case"])
                        .any(|case| matches!(tree.text(case), "'s" | "’s" | "'" | "’")))
        })
        .collect()
}

/// Whether two actor references name the same actor.
fn same_actor(a: &ActorRef, b: &ActorRef) -> bool {
    match (&a.code, &b.code) {
        (Some(x), Some(y)) => x == y && a.name == b.name,
        _ => a.span.is_some() && a.span == b.span,
    }
}

/// The resolved mentions of a token and its conjuncts.
fn mentions_of(context: &SentenceContext<'_>, token: usize) -> Vec<Mention> {
    let tree = &context.tree;
    let mut found = Vec::new();
    for conjunct in conjuncts(tree, token) {
        let target = if is_relative_pronoun(tree, conjunct) {
            relative_antecedent(tree, conjunct)
        } else {
            Some(conjunct)
        };
        if let Some(mentions) = target.and_then(|target| context.mentions.get(target)) {
            found.extend(mentions.iter().cloned());
        }
    }
    found
}

/// The noun a relative pronoun stands for: the head of its relative clause.
fn relative_antecedent(tree: &SentenceTree<'_>, pronoun: usize) -> Option<usize> {
    let clause = tree.head(pronoun)?;
    (tree.dep(clause) == "relcl")
        .then(|| tree.head(clause))
        .flatten()
}

/// The subjects of a verb, inherited through coordination, control,
/// relative clauses and participial adjuncts when it has none of its own.
fn subjects_of(context: &SentenceContext<'_>, verb: usize, depth: usize) -> Vec<Mention> {
    let tree = &context.tree;
    if depth > 6 {
        return Vec::new();
    }
    let mut found = Vec::new();
    for subject in tree.children_with(verb, &["nsubj"]) {
        found.extend(mentions_of(context, subject));
    }
    if !found.is_empty()
        || tree
            .child_with(verb, &["nsubj"])
            .is_some_and(|s| !is_relative_pronoun(tree, s))
    {
        return found;
    }
    let Some(head) = tree.head(verb) else {
        return found;
    };
    match tree.dep(verb) {
        "xcomp" if tree.child_with(head, &["dobj"]).is_some() => {
            // Object control: in "forcing Ukraine to cede land" Ukraine cedes.
            tree.children_with(head, &["dobj"])
                .flat_map(|object| mentions_of(context, object))
                .collect()
        }
        "conj" | "xcomp" | "advcl" => {
            // "is ready to meet": the adjective's clause holds the subject.
            let mut governor = head;
            if matches!(tree.dep(governor), "acomp" | "oprd") {
                governor = tree.head(governor).unwrap_or(governor);
            }
            let inherited = subjects_of(context, governor, depth + 1);
            if inherited.is_empty() && tree.dep(verb) == "xcomp" {
                // Raising over a passive: "Germany is expected to sign" — Germany signs.
                tree.children_with(governor, &["nsubjpass"])
                    .flat_map(|subject| mentions_of(context, subject))
                    .collect()
            } else {
                inherited
            }
        }
        "relcl" | "acl" => mentions_of(context, head),
        // "warning against forcing Ukraine": whoever would force is left
        // open (arbitrary control); the warner is not the forcer.
        "pcomp" if tree.lemma(head) == "against" => Vec::new(),
        "pcomp" => {
            // "arranging" under a preposition: climb to the clause.
            tree.head(head)
                .map(|clause| subjects_of(context, clause, depth + 1))
                .unwrap_or_default()
        }
        _ => found,
    }
}

/// The subjects of the verb an event noun hangs from: the doer of "held
/// talks", "launched strikes", "began arrangements for a meeting", and of
/// adjuncts such as "following talks with Zelensky".
fn governing_subjects(context: &SentenceContext<'_>, noun: usize) -> Vec<Mention> {
    let tree = &context.tree;
    let mut current = noun;
    for _ in 0..6 {
        let Some(head) = tree.head(current) else {
            return Vec::new();
        };
        let dep = tree.dep(current);
        // "following talks": a participle used as a preposition is a preposition.
        let head_is_verb = matches!(tree.pos(head), "VERB" | "AUX") && tree.dep(head) != "prep";
        if head_is_verb {
            let light = LIGHT_VERBS.contains(&tree.lemma(head))
                || CARRIER_VERBS.contains(&tree.lemma(head));
            return match dep {
                "dobj" if light => subjects_of(context, head, 0),
                // "after talks with X" belongs to the subject; "before talks" does not.
                "prep" if ADJUNCT_PREPOSITIONS.contains(&tree.lemma(current)) => {
                    subjects_of(context, head, 0)
                }
                "npadvmod" | "advmod" => subjects_of(context, head, 0),
                "pobj" => subjects_of(context, head, 0),
                _ => Vec::new(),
            };
        }
        match dep {
            "pobj" => current = head,
            // A preposition on another noun ("the conclusion of the meetings") ties the
            // event to that noun, not to the clause, unless the noun is a plan for it.
            "prep"
                if matches!(tree.pos(head), "NOUN" | "PROPN")
                    && !PLANNING_WORDS.contains(&tree.lemma(head)) =>
            {
                return Vec::new()
            }
            "prep" => current = head,
            "dobj" | "conj" if tree.pos(head) == "NOUN" => current = head,
            _ => return Vec::new(),
        }
    }
    Vec::new()
}

/// Whether a bare verb pattern is used in a frame that says what its object
/// is rather than acting on it. "called X a liar" (an object predicate,
/// `oprd`) is a judgement, not a telephone call; "warned against forcing
/// Ukraine" cautions against a course of action and threatens no one. A
/// longer pattern ("warn against", "call lie") is not affected.
fn names_its_object(tree: &SentenceTree<'_>, verb: usize, pattern: &EventPattern) -> bool {
    if pattern.specificity() > 0 {
        return false;
    }
    let quoted_speaker = quotation_speaker(tree, verb).map(|(speaker, _)| speaker);
    // "“I called President Putin ...,” Trump posted": the parser may take the
    // speaker after the quotation for an object predicate; that is no naming.
    let names = pattern.cameo == "041"
        && tree
            .children_with(verb, &["oprd"])
            .any(|predicate| Some(predicate) != quoted_speaker);
    let cautions = pattern.cameo.starts_with("13")
        && CAUTION_VERBS.contains(&tree.lemma(verb))
        && tree
            .children_with(verb, &["prep"])
            .any(|preposition| tree.lemma(preposition) == "against");
    names || cautions
}

/// Whether a phrasal pattern made of the verb and prepositions ("call on",
/// "call for") is matched on a verb that has an actor as direct object: in
/// "called Putin on Saturday" the "on" is a time phrase, and the verb is
/// transitive, not the phrasal "call on X".
fn transitive_use_of_phrasal_verb(
    context: &SentenceContext<'_>,
    verb: usize,
    pattern: &EventPattern,
) -> bool {
    let tree = &context.tree;
    if pattern.kind != PatternKind::Verb
        || pattern.extra_words.is_empty()
        || !pattern.extra_choices.is_empty()
        || pattern.target_roles.contains(&TargetRole::Object)
    {
        return false;
    }
    let only_prepositions = pattern.extra_words.iter().all(|word| {
        tree.children(verb).iter().any(|child| {
            matches!(tree.pos(*child), "ADP" | "PART")
                && (tree.lemma(*child) == word || tree.lower_text(*child) == word)
        })
    });
    only_prepositions
        && tree
            .children_with(verb, &["dobj"])
            .any(|object| !mentions_of(context, object).is_empty())
}

/// Whether `trigger` lies inside the complement of a verb of opposing,
/// denying or warning: "Russia opposes Ukraine joining NATO", "warned
/// against forcing Ukraine to cede land", "ruled out sending troops". The
/// sentence reports the opposition, not the thing opposed. The walk stops
/// at clause boundaries that are not complements (adverbial and relative
/// clauses, coordination, parataxis) and at speech verbs.
fn inside_denied_complement(tree: &SentenceTree<'_>, trigger: usize) -> bool {
    let mut current = trigger;
    for _ in 0..8 {
        let Some(head) = tree.head(current) else {
            return false;
        };
        let step = tree.dep(current);
        let lemma = tree.lemma(head);
        if matches!(
            step,
            "advcl" | "relcl" | "conj" | "parataxis" | "ROOT" | "appos"
        ) || SPEECH_VERBS.contains(&lemma) && !CAUTION_VERBS.contains(&lemma)
        {
            return false;
        }
        let complement = matches!(step, "ccomp" | "xcomp" | "dobj" | "csubj");
        let ruled_out = lemma == "rule"
            && tree
                .children_with(head, &["prt"])
                .any(|particle| tree.lemma(particle) == "out");
        if complement && (DENIAL_WORDS.contains(&lemma) || ruled_out) {
            return true;
        }
        let against = step == "prep"
            && matches!(tree.lemma(current), "against" | "to")
            && (CAUTION_VERBS.contains(&lemma) && tree.lemma(current) == "against"
                || lemma == "object" && tree.lemma(current) == "to");
        if against {
            return true;
        }
        if !matches!(step, "ccomp" | "xcomp" | "dobj" | "pcomp" | "pobj" | "prep") {
            return false;
        }
        current = head;
    }
    false
}

/// Whether every extra word of a pattern depends on the trigger (up to three
/// levels down, not into another clause).
fn extras_present(tree: &SentenceTree<'_>, trigger: usize, pattern: &EventPattern) -> bool {
    if pattern.specificity() == 0 {
        return true;
    }
    // Each word below the trigger, with its depth.
    let mut nearby: Vec<(usize, usize)> = Vec::new();
    let mut frontier = vec![trigger];
    for depth in 1..=3 {
        let mut next = Vec::new();
        for node in frontier {
            for child in tree.children(node).iter().copied() {
                // An object clause may carry the pattern's words ("urged Kyiv to accept a ceasefire").
                if matches!(
                    tree.dep(child),
                    "ccomp" | "relcl" | "advcl" | "conj" | "parataxis"
                ) {
                    continue;
                }
                // A time or circumstance phrase is not what the verb acts on: in
                // "urged a ceasefire before broader peace talks" the appeal is
                // for a ceasefire, not for peace talks.
                if tree.dep(child) == "prep"
                    && CIRCUMSTANCE_PREPOSITIONS.contains(&tree.lemma(child))
                {
                    continue;
                }
                nearby.push((child, depth));
                next.push(child);
            }
        }
        frontier = next;
    }
    // A preposition or particle belongs to the verb it hangs from or to that
    // verb's object ("call on", "put pressure on", "pressed Kyiv to"); one
    // deeper down belongs to another phrase ("called Putin ... Trump posted
    // on Truth Social" is no "call on").
    let present = |word: &str| {
        nearby.iter().any(|(node, depth)| {
            let function_word = matches!(tree.pos(*node), "ADP" | "PART");
            (tree.lemma(*node) == word || tree.lower_text(*node) == word)
                && (!function_word || *depth <= 2)
        })
    };
    pattern.extra_words.iter().all(|word| present(word))
        && pattern
            .extra_choices
            .iter()
            .all(|choices| choices.iter().any(|word| present(word)))
}

/// The status of the event at `trigger`, and whether a "would" there is the
/// future of a past speech verb ("he said he would meet").
fn modality_of(tree: &SentenceTree<'_>, trigger: usize) -> (Modality, bool) {
    let chain = tree.ancestors(trigger);
    let mut negated = false;
    let mut hypothetical = false;
    let mut claimed = false;
    let mut planned = false;
    let mut would = false;
    let mut under_past_speech = false;
    let mut same_clause = true;
    let mut crossed_adjunct = false;
    for (position, node) in chain.iter().copied().enumerate() {
        let lemma = tree.lemma(node);
        let is_speech = SPEECH_VERBS.contains(&lemma) && position > 0;
        let step = position
            .checked_sub(1)
            .and_then(|previous| chain.get(previous))
            .map_or("", |child| tree.dep(*child));
        // "called for talks", "urged Kyiv to consider": the governed event is wished for.
        if position > 0 && DESIRE_WORDS.contains(&lemma) && same_clause {
            let via_for = step == "prep"
                && chain
                    .get(position - 1)
                    .is_some_and(|preposition| tree.lemma(*preposition) == "for");
            if via_for || (lemma != "call" && matches!(step, "xcomp" | "dobj" | "prep" | "ccomp")) {
                hypothetical = true;
            }
        }
        if position > 0 {
            // "He claimed X, even as Russia continues to oppose Y": an adverbial
            // clause is the writer's, not part of the claim.
            if CLAIM_WORDS.contains(&lemma) && !crossed_adjunct {
                claimed = true;
            }
            if !is_speech && PLANNING_WORDS.contains(&lemma) && same_clause {
                planned = true;
            }
            if lemma == "go" && tree.tag(node) == "VBG" {
                planned = true;
            }
            if POSSIBILITY_WORDS.contains(&lemma) && same_clause {
                hypothetical = true;
            }
            let warned_against = matches!(lemma, "warn" | "caution" | "argue")
                && step == "prep"
                && chain
                    .get(position.saturating_sub(1))
                    .is_some_and(|preposition| tree.lemma(*preposition) == "against");
            if UNREALISED_WORDS.contains(&lemma) || warned_against {
                hypothetical = true;
            }
        }
        if is_speech {
            under_past_speech = matches!(tree.tag(node), "VBD" | "VBN");
            break;
        }
        for child in tree.children(node).iter().copied() {
            let child_lemma = tree.lemma(child);
            // "began the arrangements for a meeting": the plan is a sibling object.
            if position > 0
                && same_clause
                && tree.dep(child) == "dobj"
                && PLANNING_WORDS.contains(&child_lemma)
            {
                planned = true;
            }
            match tree.dep(child) {
                "neg" if same_clause => negated = true,
                "det" if child_lemma == "no" && position == 0 => negated = true,
                "aux" if same_clause || position == 0 => match child_lemma {
                    "will" | "shall" | "'ll" => planned = true,
                    "would" => would = true,
                    "could" | "might" | "may" => hypothetical = true,
                    _ => {}
                },
                "mark" if matches!(child_lemma, "if" | "unless" | "whether") => hypothetical = true,
                "advmod" if HEDGES.contains(&child_lemma) => claimed = true,
                _ => {}
            }
        }
        if matches!(
            tree.dep(node),
            "ccomp" | "advcl" | "relcl" | "parataxis" | "acl"
        ) {
            same_clause = false;
        }
        if matches!(tree.dep(node), "advcl" | "relcl" | "acl") {
            crossed_adjunct = true;
        }
    }
    if would && !under_past_speech {
        hypothetical = true;
    }
    let modality = if negated {
        Modality::Negated
    } else if hypothetical {
        Modality::Hypothetical
    } else if claimed {
        Modality::Claimed
    } else if planned || would {
        Modality::Planned
    } else {
        Modality::Asserted
    };
    (modality, would && under_past_speech)
}

/// Who the event is credited to: the speaker of a governing speech verb, or
/// an "according to" phrase on its clause.
fn attribution_of(context: &SentenceContext<'_>, trigger: usize) -> Option<Attribution> {
    let tree = &context.tree;
    let chain = tree.ancestors(trigger);
    for node in chain.iter().copied() {
        for child in tree.children_with(node, &["prep"]) {
            if tree.lemma(child) == "accord" || tree.text(child).eq_ignore_ascii_case("according") {
                let (first, last) = tree.subtree_range(child);
                let (text, span) = range_text(tree, context.text, first, last);
                let actor = (first..=last)
                    .rev()
                    .find_map(|token| context.mentions.get(token).and_then(|list| list.first()))
                    .map(|mention| mention.actor.clone());
                return Some(Attribution { text, actor, span });
            }
        }
    }
    let (subject, verb) = match speaker_subject(tree, trigger) {
        Some(subject) => (subject, tree.head(subject)?),
        None => quotation_speaker(tree, trigger)?,
    };
    // "Merz reiterated pressure on Tehran": a carrier verb's object noun is
    // the event itself, not something reported by the verb's subject.
    if chain.first() == Some(&verb) || chain.get(1) == Some(&verb) && tree.dep(trigger) == "dobj" {
        return None;
    }
    let (first, _) = tree.subtree_range(subject);
    let mut last = verb.max(subject);
    for preposition in tree.children_with(verb, &["prep"]) {
        if preposition > verb && tree.lemma(preposition) == "on" {
            last = last.max(tree.subtree_range(preposition).1);
        }
    }
    if let Some(object) = tree
        .child_with(verb, &["dobj"])
        .filter(|object| *object > verb && !chain.contains(object))
    {
        last = last.max(tree.subtree_range(object).1);
    }
    let (text, span) = range_text(
        tree,
        context.text,
        first.min(verb).max(context.body_start),
        last,
    );
    let actor = context
        .mentions
        .get(subject)
        .and_then(|list| list.first())
        .map(|mention| mention.actor.clone());
    Some(Attribution { text, actor, span })
}

/// The words of a sentence as the lexicon sees them.
fn sentence_words<'t>(tree: &'t SentenceTree<'_>) -> Vec<Word<'t>> {
    (0..tree.len())
        .map(|position| Word {
            text: tree.text(position),
            lemma: tree
                .token(position)
                .map_or("", |token| token.lemma.as_str()),
            lower_text: tree.lower_text(position),
            lower_lemma: tree.lemma(position),
        })
        .collect()
}

/// A gazetteer place that covers exactly the tokens `first..=last`, or
/// starts somewhere in that range and ends on `last` ("the White House",
/// "Alaska").
fn place_ending_at(
    lexicon: &dyn Lexicon,
    words: &[Word<'_>],
    first: usize,
    last: usize,
) -> Option<(usize, PlaceMatch)> {
    (first..=last).find_map(|start| {
        let place = lexicon.place_at(words, start)?;
        let end = start.checked_add(place.word_count.max(1))?.checked_sub(1)?;
        (end == last).then_some((start, place))
    })
}

/// The stated place of an event: "at" or "in" a place on the trigger or
/// on the verb that carries an event noun; a place that modifies an event
/// noun ("an Oval Office meeting"); or, for a hosting event, the host when
/// it is itself a place ("the White House hosted").
fn location_of(
    context: &SentenceContext<'_>,
    lexicon: &dyn Lexicon,
    trigger: usize,
    pattern: &EventPattern,
) -> Option<Location> {
    let tree = &context.tree;
    // Built here rather than per sentence: only events ask for their place.
    let words = sentence_words(tree);
    let words = words.as_slice();
    let mut holders = vec![trigger];
    if let Some(head) = tree.head(trigger) {
        if matches!(tree.dep(trigger), "dobj" | "nsubjpass" | "nsubj") {
            holders.push(head);
        }
    }
    for holder in holders {
        for preposition in tree.children_with(holder, &["prep"]) {
            if !matches!(tree.lemma(preposition), "at" | "in") {
                continue;
            }
            for place in tree.children_with(preposition, &["pobj"]) {
                let token = tree.token(place)?;
                let first = crate::mentions::chunk_start(tree, place);
                let gazetteer = place_ending_at(lexicon, words, first, place);
                let mention = context.mentions.get(place).and_then(|list| list.first());
                let is_place = gazetteer.is_some()
                    || matches!(token.ent_type.as_str(), "GPE" | "LOC" | "FAC")
                    || mention.is_some_and(|m| {
                        m.actor.country.is_some() && m.actor.sector.as_deref() != Some("CVL")
                    });
                if !is_place {
                    continue;
                }
                let name_first = (first..=place)
                    .find(|index| tree.dep(*index) != "det")
                    .unwrap_or(place);
                let (written_name, _) = range_text(tree, context.text, name_first, place);
                let (text, span) =
                    range_text(tree, context.text, preposition, tree.subtree_range(place).1);
                let (name, country) = match gazetteer {
                    Some((_, found)) => (found.name, found.country),
                    None => (written_name, mention.and_then(|m| m.actor.country.clone())),
                };
                return Some(Location {
                    text,
                    name,
                    country,
                    span,
                });
            }
        }
    }
    // "his first Oval Office meeting with Trump": a place inside the event noun's chunk.
    if matches!(tree.pos(trigger), "NOUN" | "PROPN") {
        let first = crate::mentions::chunk_start(tree, trigger);
        for start in first..trigger {
            let Some(place) = lexicon.place_at(words, start) else {
                continue;
            };
            let Some(last) = start
                .checked_add(place.word_count.max(1))
                .and_then(|end| end.checked_sub(1))
                .filter(|last| *last < trigger)
            else {
                continue;
            };
            let (text, span) = range_text(tree, context.text, start, last);
            return Some(Location {
                text,
                name: place.name,
                country: place.country,
                span,
            });
        }
    }
    // "The White House hosted a gathering": the host is the place.
    if pattern.cameo.starts_with("043") && pattern.kind == PatternKind::Verb {
        for subject in tree.children_with(trigger, &["nsubj"]) {
            let first = crate::mentions::chunk_start(tree, subject);
            let gazetteer = place_ending_at(lexicon, words, first, subject);
            let is_place = gazetteer.is_some()
                || tree
                    .token(subject)
                    .is_some_and(|token| matches!(token.ent_type.as_str(), "GPE" | "LOC" | "FAC"));
            if !is_place {
                continue;
            }
            let (text, span) = range_text(tree, context.text, first, subject);
            let name_first = (first..=subject)
                .find(|index| tree.dep(*index) != "det")
                .unwrap_or(subject);
            let (written_name, _) = range_text(tree, context.text, name_first, subject);
            let mention = context.mentions.get(subject).and_then(|list| list.first());
            let (name, country) = match gazetteer {
                Some((_, found)) => (found.name, found.country),
                None => (written_name, mention.and_then(|m| m.actor.country.clone())),
            };
            return Some(Location {
                text,
                name,
                country,
                span,
            });
        }
    }
    None
}

/// Killed and injured counts for an event: on its trigger, on a relative
/// clause of an event noun ("strikes that killed seven"), or on a
/// participial adjunct ("shelled the town, killing seven").
fn casualties_of(tree: &SentenceTree<'_>, trigger: usize) -> (Option<u32>, Option<u32>) {
    let mut killed = None;
    let mut injured = None;
    let mut candidates = vec![trigger];
    candidates.extend(tree.children_with(trigger, &["relcl", "acl", "advcl", "conj"]));
    if tree.dep(trigger) == "dobj" && matches!(tree.pos(trigger), "NOUN" | "PROPN") {
        if let Some(verb) = tree.head(trigger) {
            candidates.extend(tree.children_with(verb, &["relcl", "advcl"]));
        }
    }
    for candidate in candidates {
        let verbs: Vec<usize> = std::iter::once(candidate)
            .chain(tree.children_with(candidate, &["conj"]))
            .collect();
        for verb in verbs {
            match casualty_verb(tree.lemma(verb)) {
                Some(Casualty::Killed) if killed.is_none() => killed = victims_of(tree, verb),
                Some(Casualty::Injured) if injured.is_none() => injured = victims_of(tree, verb),
                _ => {}
            }
        }
    }
    (killed, injured)
}

/// Whether a sentence looks like a title-case headline: most content words
/// capitalised and no closing punctuation.
fn looks_like_headline(tree: &SentenceTree<'_>, start: usize, end: usize) -> bool {
    let words: Vec<&str> = (start..end)
        .map(|index| tree.text(index))
        .filter(|word| word.chars().any(char::is_alphabetic))
        .collect();
    let long: Vec<&&str> = words
        .iter()
        .filter(|word| word.chars().count() > 3)
        .collect();
    if long.len() < 3 {
        return false;
    }
    let capitalised = long
        .iter()
        .filter(|word| word.chars().next().is_some_and(char::is_uppercase))
        .count();
    let ends_with_stop = (start..end)
        .rev()
        .map(|index| tree.text(index))
        .find(|text| !text.trim().is_empty())
        .is_some_and(|last| matches!(last, "." | "!" | "?" | "”" | "\"" | "'"));
    !ends_with_stop && capitalised * 10 >= long.len() * 7
}

/// When a sentence begins with a title-case line followed by a line break,
/// the index of the first token after the break; otherwise 0.
fn headline_prefix_end(tree: &SentenceTree<'_>) -> usize {
    let Some(line_break) = (0..tree.len()).find(|index| tree.text(*index).contains('\n')) else {
        return 0;
    };
    if line_break > 0 && line_break + 1 < tree.len() && looks_like_headline(tree, 0, line_break) {
        line_break + 1
    } else {
        0
    }
}
