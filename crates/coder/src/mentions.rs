//! Actor mentions: which noun phrases of a sentence name actors, and who.
//!
//! Every noun head is resolved from its noun chunk (the head with its
//! compounds, adjectives, determiners and possessives):
//! - a dictionary phrase ending on the head names the actor directly
//!   ("Ukrainian President Volodymyr Zelensky", "the White House");
//! - a role noun takes its country from an adjective or name in the chunk
//!   ("Russian troops", "Russia's foreign minister") or from an "of" phrase
//!   ("the leaders of Britain, France and Germany", one actor each);
//! - an unresolved head may be named by its apposition ("Mark Rutte, NATO's chief");
//! - pronouns and definite descriptions ("he", "the president", "both
//!   leaders") are resolved by light coreference (see [`resolve_references`]).

use crate::lexicon::{ActorKind, Lexicon, PhraseMatch, Word};
use crate::tree::SentenceTree;
use dyad_types::{ActorRef, Date, Span};

/// One resolved actor mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The actor.
    pub actor: ActorRef,
    /// Sentence-local head token of the mention.
    pub head: usize,
    /// Whether the actor is a person (for "he", "she", "the leaders").
    pub is_person: bool,
    /// The person's office title, for "the president".
    pub title: Option<String>,
}

/// Words whose presence in a subject or object marks a relative pronoun.
const RELATIVE_PRONOUNS: [&str; 5] = ["that", "who", "whom", "which", "whose"];

/// Lemmas of verbs that report speech; their clausal complement is what was said.
pub const SPEECH_VERBS: [&str; 26] = [
    "say",
    "tell",
    "add",
    "post",
    "write",
    "announce",
    "state",
    "claim",
    "insist",
    "note",
    "report",
    "declare",
    "allege",
    "assert",
    "tweet",
    "stress",
    "argue",
    "explain",
    "confirm",
    "suggest",
    "reiterate",
    "maintain",
    "acknowledge",
    "remark",
    "warn",
    "predict",
];

/// Whether a token is a relative pronoun.
pub fn is_relative_pronoun(tree: &SentenceTree<'_>, index: usize) -> bool {
    RELATIVE_PRONOUNS.contains(&tree.lemma(index))
        && matches!(tree.tag(index), "WDT" | "WP" | "WP$" | "IN")
}

/// Per-sentence phrase matches of the lexicon, computed once.
pub struct PhraseIndex {
    /// For each token, the phrase match covering it: (first token, match).
    covering: Vec<Option<(usize, usize)>>,
    matches: Vec<PhraseMatch>,
    /// For each token, the agent sector and first token of the role noun covering it.
    agents: Vec<Option<(usize, String)>>,
}

impl PhraseIndex {
    /// Scans the sentence left to right, longest phrase first.
    pub fn new(lexicon: &dyn Lexicon, words: &[Word<'_>], date: Option<Date>) -> Self {
        let mut covering = vec![None; words.len()];
        let mut matches = Vec::new();
        let (actors, role_nouns) = lexicon.sentence_phrases(words, date);
        for (start, found) in actors {
            let count = found.word_count.max(1);
            for slot in covering.iter_mut().skip(start).take(count) {
                *slot = Some((start, matches.len()));
            }
            matches.push(found);
        }
        let mut agents = vec![None; words.len()];
        for (start, found) in role_nouns {
            let count = found.word_count.max(1);
            for slot in agents.iter_mut().skip(start).take(count) {
                *slot = Some((start, found.sector.clone()));
            }
        }
        PhraseIndex {
            covering,
            matches,
            agents,
        }
    }

    /// The phrase covering a token, with the phrase's first token.
    pub fn phrase_at(&self, index: usize) -> Option<(usize, &PhraseMatch)> {
        let (first, which) = self.covering.get(index).copied().flatten()?;
        Some((first, self.matches.get(which)?))
    }

    /// The agent sector of the role noun covering a token.
    pub fn agent_at(&self, index: usize) -> Option<&str> {
        self.agents
            .get(index)
            .and_then(|slot| slot.as_ref())
            .map(|(_, sector)| sector.as_str())
    }

    /// Whether `index` is the last token of its phrase.
    fn phrase_ends_at(&self, index: usize) -> bool {
        match (
            self.covering.get(index).copied().flatten(),
            self.covering.get(index + 1).copied().flatten(),
        ) {
            (Some((first, _)), Some((next_first, _))) => first != next_first,
            (Some(_), None) => true,
            _ => false,
        }
    }
}

/// Labels that keep a modifier inside its head's noun chunk.
const CHUNK_DEPS: [&str; 9] = [
    "compound", "amod", "det", "nmod", "nummod", "poss", "case", "npadvmod", "punct",
];

/// Whether `child` is an item of a list that the parser hung on the next
/// noun as a modifier: in "talks with Zelensky and European leaders" and
/// "included Trump, Zelensky and the leaders of ..." the tagger often makes
/// the first name an `nmod` of the following noun. Such an item is joined
/// to its neighbour by "and" or a comma, which a real modifier never is.
pub fn is_list_item(tree: &SentenceTree<'_>, child: usize) -> bool {
    // A person's name tagged as an adjective ("meetings with Merz and Italian
    // counterparts") is the same misparse; a real adjective is no person.
    let misparsed_name = tree.dep(child) == "amod"
        && tree
            .token(child)
            .is_some_and(|token| token.ent_type == "PERSON");
    if tree.dep(child) != "nmod" && !misparsed_name {
        return false;
    }
    let Some(head) = tree.head(child) else {
        return false;
    };
    if child >= head {
        return false;
    }
    let joined_by_and = tree.child_with(child, &["cc"]).is_some();
    let subtree_end = tree.subtree_range(child).1;
    let joined_by_comma = (subtree_end + 1..head).any(|between| tree.text(between) == ",");
    joined_by_and || joined_by_comma
}

/// Whether `child`, an apposition of `head`, is really the next item of a
/// list ("included Xi, Odhiambo, and the leaders of ..."): a name between
/// commas after a head that has further conjuncts.
fn is_list_apposition(tree: &SentenceTree<'_>, head: usize, child: usize) -> bool {
    tree.dep(child) == "appos"
        && tree.pos(child) == "PROPN"
        && tree.pos(head) == "PROPN"
        && child > head
        && tree
            .child_with(head, &["conj"])
            .is_some_and(|conjunct| conjunct > child)
        && child
            .checked_add(1)
            .is_some_and(|next| tree.text(next) == ",")
}

/// The first token of the noun chunk headed by `head`. A chunk never
/// crosses a line break (a headline line is not part of the next
/// sentence's subject) and never takes in the other items of a list.
pub fn chunk_start(tree: &SentenceTree<'_>, head: usize) -> usize {
    let line_start = (0..head)
        .rev()
        .find(|token| tree.text(*token).contains('\n'))
        .map_or(0, |line_break| line_break + 1);
    let mut left = head;
    let mut stack = vec![head];
    let mut visited = 0;
    while let Some(node) = stack.pop() {
        visited += 1;
        if visited > tree.len() {
            break;
        }
        for child in tree.children(node).iter().copied() {
            if child < node && CHUNK_DEPS.contains(&tree.dep(child)) {
                if is_list_item(tree, child) {
                    // "Zelensky and European leaders": the adjective the parser
                    // coordinated with the list item modifies the head.
                    for adjective in tree.children_with(child, &["conj"]) {
                        if tree.pos(adjective) == "ADJ" && adjective < node {
                            left = left.min(adjective);
                            stack.push(adjective);
                        }
                    }
                    continue;
                }
                left = left.min(child);
                stack.push(child);
            }
        }
    }
    left.max(line_start.min(head))
}

/// The text of a token range and its byte span.
pub fn range_text(
    tree: &SentenceTree<'_>,
    text: &str,
    first: usize,
    last: usize,
) -> (String, Option<Span>) {
    let (Some(start), Some(end)) = (tree.token(first), tree.token(last)) else {
        return (String::new(), None);
    };
    let span = Span::new(start.span.start, end.span.end.max(start.span.start));
    (span.slice(text).unwrap_or("").to_owned(), Some(span))
}

fn actor_from_entry(phrase: &PhraseMatch, text: String, span: Option<Span>) -> ActorRef {
    ActorRef {
        text,
        code: phrase.entry.code.clone(),
        country: phrase.entry.country.clone(),
        org: phrase.entry.org.clone(),
        sector: phrase.entry.sector.clone(),
        name: phrase.entry.name.clone(),
        span,
    }
}

/// The country-like phrase (country, adjective, region, organisation) that
/// modifies a role noun inside its chunk, skipping the head itself.
fn chunk_country(index: &PhraseIndex, first: usize, head: usize) -> Option<&PhraseMatch> {
    (first..head)
        .rev()
        .filter_map(|token| index.phrase_at(token).map(|(_, phrase)| phrase))
        .find(|phrase| {
            matches!(
                phrase.entry.kind,
                ActorKind::Country
                    | ActorKind::CountryAdjective
                    | ActorKind::Region
                    | ActorKind::Organisation
                    | ActorKind::Group
                    | ActorKind::Seat
            )
        })
}

/// Joins a country or organisation with a role sector, as CAMEO codes do ("RUS" + "MIL").
fn with_sector(base: &PhraseMatch, sector: &str, text: String, span: Option<Span>) -> ActorRef {
    let mut actor = actor_from_entry(base, text, span);
    let base_code = match base.entry.kind {
        // An organisation's own code already says what it is.
        ActorKind::Organisation => base.entry.code.clone(),
        _ => base
            .entry
            .country
            .clone()
            .or_else(|| base.entry.code.clone()),
    };
    actor.sector = Some(sector.to_owned());
    actor.code = base_code.map(|code| match base.entry.kind {
        ActorKind::Organisation => code,
        _ => format!("{code}{sector}"),
    });
    actor.name = None;
    actor
}

/// Resolves the noun chunk headed by `head` to zero or more actors, without
/// coreference. `text` is the document text.
pub fn resolve_chunk(
    tree: &SentenceTree<'_>,
    index: &PhraseIndex,
    text: &str,
    head: usize,
) -> Vec<Mention> {
    let first = chunk_start(tree, head);
    // The chunk's words are copied only once the head turns out to be an actor.
    let chunk = || range_text(tree, text, first, head);
    // A dictionary phrase that ends on the head names the actor. So does one
    // that goes on past the head within the head's own subtree: the
    // dictionaries know role nouns with a place after them ("police in
    // France", "rebels in the Ivory Coast") as one phrase, whose head is its
    // first word.
    if let Some((phrase_first, phrase)) = index.phrase_at(head) {
        let bare_role = phrase.entry.kind == ActorKind::AgentPhrase && phrase.entry.code.is_none();
        let phrase_last = phrase_first.saturating_add(phrase.word_count.max(1) - 1);
        let names_head = index.phrase_ends_at(head)
            || (phrase_last > head
                && phrase_first >= first
                && phrase_last <= tree.subtree_range(head).1);
        if names_head && phrase.entry.kind != ActorKind::CountryAdjective && !bare_role {
            let is_person = phrase.entry.kind == ActorKind::Person
                || (phrase.entry.kind == ActorKind::AgentPhrase && tree.tag(head) == "NN");
            return vec![Mention {
                actor: {
                    let (chunk_text, span) = range_text(tree, text, first, phrase_last.max(head));
                    actor_from_entry(phrase, chunk_text, span)
                },
                head,
                is_person,
                title: phrase.entry.title.clone(),
            }];
        }
    }
    // A role noun on the head, or a person's title before an unknown name.
    let is_person_name = tree
        .token(head)
        .is_some_and(|token| token.ent_type == "PERSON");
    let sector = index.agent_at(head).map(str::to_owned).or_else(|| {
        if is_person_name {
            (first..head)
                .find_map(|t| index.agent_at(t))
                .map(str::to_owned)
        } else {
            None
        }
    });
    if let Some(sector) = sector {
        if let Some(base) = chunk_country(index, first, head) {
            return vec![Mention {
                actor: {
                    let (chunk_text, span) = chunk();
                    with_sector(base, &sector, chunk_text, span)
                },
                head,
                is_person: is_person_name || tree.tag(head) == "NN",
                title: None,
            }];
        }
        // "the leaders of Britain, France and Germany": one actor per country.
        let mut found = Vec::new();
        for preposition in tree.children_with(head, &["prep"]) {
            // "the leaders of Britain", "rebels in Yemen", "soldiers from Nigeria".
            if !matches!(tree.lemma(preposition), "of" | "in" | "from") {
                continue;
            }
            for object in tree.children_with(preposition, &["pobj"]) {
                for conjunct in conjuncts(tree, object) {
                    if let Some((_, phrase)) = index.phrase_at(conjunct) {
                        let (of_text, of_span) =
                            range_text(tree, text, first, tree.subtree_range(conjunct).1);
                        let actor = match phrase.entry.kind {
                            ActorKind::Organisation | ActorKind::Person | ActorKind::Group => {
                                actor_from_entry(phrase, of_text, of_span)
                            }
                            _ => with_sector(phrase, &sector, of_text, of_span),
                        };
                        // Plural role nouns ("the leaders of ...") are not antecedents of "he" or "she".
                        let is_person = tree.tag(head) == "NN";
                        found.push(Mention {
                            actor,
                            head: conjunct,
                            is_person,
                            title: None,
                        });
                    }
                }
            }
        }
        if !found.is_empty() {
            return found;
        }
        let (chunk_text, span) = chunk();
        return vec![Mention {
            actor: ActorRef {
                text: chunk_text,
                sector: Some(sector),
                span,
                ..ActorRef::default()
            },
            head,
            is_person: tree.tag(head) == "NN" && tree.lemma(head) != "civilian",
            title: Some(tree.lemma(head).to_owned()),
        }];
    }
    // A nationality or group modifier on a noun that is no role ("Israeli
    // aircraft", "Hamas fighters", "Russian strikes") names that country or group.
    if !is_person_name && matches!(tree.pos(head), "NOUN") {
        let modifier = (first..head)
            .filter_map(|token| index.phrase_at(token))
            .find(|(_, phrase)| {
                matches!(
                    phrase.entry.kind,
                    ActorKind::CountryAdjective
                        | ActorKind::Country
                        | ActorKind::Group
                        | ActorKind::Organisation
                )
            });
        if let Some((_, phrase)) = modifier {
            let (chunk_text, span) = chunk();
            let mut actor = actor_from_entry(phrase, chunk_text, span);
            if matches!(
                phrase.entry.kind,
                ActorKind::CountryAdjective | ActorKind::Country
            ) {
                actor.code = phrase.entry.country.clone();
                actor.sector = None;
            }
            actor.name = None;
            return vec![Mention {
                actor,
                head,
                is_person: false,
                title: None,
            }];
        }
    }
    // An apposition can name an unresolved head ("the chief, Mark Rutte").
    for apposition in tree.children_with(head, &["appos"]) {
        let resolved = resolve_chunk(tree, index, text, apposition);
        if !resolved.is_empty() {
            return resolved;
        }
    }
    Vec::new()
}

/// The token and its coordinated conjuncts ("Britain, France and Germany").
pub fn conjuncts(tree: &SentenceTree<'_>, index: usize) -> Vec<usize> {
    let mut found = vec![index];
    let mut cursor = 0;
    while let Some(node) = found.get(cursor).copied() {
        cursor += 1;
        if found.len() > tree.len() {
            break;
        }
        for child in tree.children(node).iter().copied() {
            // A list item hung on its neighbour as a modifier is a conjunct;
            // an adjective coordinated with a noun is a misparsed modifier.
            let is_conjunct = (tree.dep(child) == "conj" && tree.pos(child) != "ADJ")
                || is_list_item(tree, child)
                || is_list_apposition(tree, node, child);
            if is_conjunct && !found.contains(&child) {
                found.push(child);
            }
        }
    }
    found
}

/// Whether a token can head an actor mention.
pub fn is_nominal(tree: &SentenceTree<'_>, index: usize) -> bool {
    match tree.pos(index) {
        "NOUN" | "PROPN" | "PRON" | "NUM" => tree.dep(index) != "compound",
        // A name the tagger took for an adjective, in a list (see `is_list_item`).
        "ADJ" => is_list_item(tree, index),
        _ => false,
    }
}

/// Actors recently mentioned in the document, most recent last.
#[derive(Debug, Default, Clone)]
pub struct Discourse {
    /// Mentions in document order.
    pub recent: Vec<Mention>,
}

/// Personal pronouns that refer to a person.
const PERSON_PRONOUNS: [&str; 6] = ["he", "she", "him", "her", "his", "hers"];
/// First-person pronouns, resolved to the speaker of a quotation.
const FIRST_PERSON: [&str; 4] = ["i", "me", "my", "mine"];

/// The subject of the speech verb that governs `index` through a clausal
/// complement, if any: the speaker of the clause the token is in.
pub fn speaker_subject(tree: &SentenceTree<'_>, index: usize) -> Option<usize> {
    let chain = tree.ancestors(index);
    for pair in chain.windows(2) {
        let (child, head) = (pair[0], pair[1]);
        // An adverbial clause ("even as Russia continues ...") is the writer's voice.
        if tree.dep(child) == "advcl" {
            return None;
        }
        if SPEECH_VERBS.contains(&tree.lemma(head))
            && matches!(tree.dep(child), "ccomp" | "parataxis" | "dobj")
        {
            return tree.child_with(head, &["nsubj"]);
        }
    }
    None
}

/// The speaker of a sentence that opens with a quotation and names the
/// speaker after it ("“...,” Trump posted."), for parses that do not hang
/// the quotation under the speech verb.
pub fn quotation_speaker(tree: &SentenceTree<'_>, index: usize) -> Option<(usize, usize)> {
    let opens_with_quote = (0..tree.len())
        .find(|token| !tree.text(*token).trim().is_empty())
        .is_some_and(|first| matches!(tree.text(first), "“" | "\"" | "``" | "‘"));
    if !opens_with_quote {
        return None;
    }
    let verb = (index..tree.len()).find(|token| {
        SPEECH_VERBS.contains(&tree.lemma(*token))
            && (0..*token).any(|earlier| matches!(tree.text(earlier), "”" | "\"" | "''" | "’"))
    })?;
    let speaker = tree
        .child_with(verb, &["nsubj"])
        .or_else(|| (tree.dep(verb) == "acl").then(|| tree.head(verb)).flatten())?;
    Some((speaker, verb))
}

/// Resolves pronouns and definite descriptions against the mentions of
/// this sentence (`found`, by head token) and the discourse so far.
pub fn resolve_references(
    tree: &SentenceTree<'_>,
    text: &str,
    found: &mut [Vec<Mention>],
    discourse: &Discourse,
) {
    for index in 0..tree.len() {
        // Role nouns without a country ("the president") are worth resolving;
        // mentions that already have a code are not.
        if found
            .get(index)
            .is_some_and(|list| list.iter().any(|mention| mention.actor.code.is_some()))
        {
            continue;
        }
        // Only pronouns and nouns with a determiner can refer back; checking
        // first keeps the common case free of allocation.
        let is_pronoun = tree.pos(index) == "PRON";
        let lower_text = tree.lower_text(index);
        if is_pronoun
            && !PERSON_PRONOUNS.contains(&lower_text)
            && !FIRST_PERSON.contains(&lower_text)
        {
            continue;
        }
        if !is_pronoun && tree.pos(index) != "NOUN" {
            continue;
        }
        let lemma = tree.lemma(index).to_owned();
        let lower = lower_text.to_owned();
        let (_, span) = range_text(tree, text, index, index);
        let surface = tree.text(index).to_owned();
        let mut resolved: Vec<Mention> = Vec::new();
        let earlier_person = |found: &[Vec<Mention>], before: usize| -> Option<Mention> {
            found
                .iter()
                .take(before)
                .rev()
                .flat_map(|list| list.iter().rev())
                .find(|mention| mention.is_person && mention.actor.code.is_some())
                .cloned()
                .or_else(|| {
                    discourse
                        .recent
                        .iter()
                        .rev()
                        .find(|m| m.is_person && m.actor.code.is_some())
                        .cloned()
                })
        };
        if tree.pos(index) == "PRON"
            && (PERSON_PRONOUNS.contains(&lower.as_str()) || FIRST_PERSON.contains(&lower.as_str()))
        {
            let speaker = speaker_subject(tree, index)
                .or_else(|| quotation_speaker(tree, index).map(|(speaker, _)| speaker))
                .filter(|subject| *subject != index)
                .and_then(|subject| found.get(subject).and_then(|list| list.first()).cloned());
            let first_person = FIRST_PERSON.contains(&lower.as_str());
            let is_subject = tree.dep(index) == "nsubj" || tree.dep(index) == "nsubjpass";
            let candidate = if first_person || is_subject {
                speaker.filter(|mention| mention.is_person).or_else(|| {
                    if first_person {
                        None
                    } else {
                        earlier_person(found, index)
                    }
                })
            } else {
                earlier_person(found, index)
            };
            if let Some(mention) = candidate {
                resolved.push(mention);
            }
        } else if matches!(tree.pos(index), "NOUN")
            && tree
                .child_with(index, &["det", "predet", "nummod"])
                .is_some()
        {
            let determiners: Vec<String> = tree
                .children_with(index, &["det", "predet", "nummod"])
                .map(|child| tree.lemma(child).to_owned())
                .collect();
            let has_country = tree.children(index).iter().any(|child| {
                matches!(tree.dep(*child), "amod" | "compound" | "poss" | "prep")
                    && tree.pos(*child) != "NUM"
            });
            if has_country {
                // "the Russian president" is resolved by the dictionary, not by coreference.
            } else if lemma == "leader" && (determiners.iter().any(|d| d == "both" || d == "two")) {
                let mut people: Vec<Mention> = Vec::new();
                let all_earlier = found
                    .iter()
                    .take(index)
                    .flat_map(|list| list.iter())
                    .cloned()
                    .collect::<Vec<_>>();
                // "he would hold a summit with both leaders": the subject is not one of them.
                let clause_verb = tree
                    .ancestors(index)
                    .into_iter()
                    .skip(1)
                    .find(|node| matches!(tree.pos(*node), "VERB" | "AUX"));
                let subject_actors: Vec<ActorRef> = clause_verb
                    .filter(|_| !matches!(tree.dep(index), "nsubj" | "nsubjpass"))
                    .into_iter()
                    .flat_map(|verb| tree.children_with(verb, &["nsubj"]).collect::<Vec<_>>())
                    .filter_map(|subject| found.get(subject).and_then(|list| list.first()))
                    .map(|mention| mention.actor.clone())
                    .collect();
                for mention in discourse.recent.iter().chain(all_earlier.iter()).rev() {
                    if subject_actors.iter().any(|actor| {
                        actor.code == mention.actor.code && actor.name == mention.actor.name
                    }) {
                        continue;
                    }
                    if mention.is_person
                        && mention.actor.code.is_some()
                        && !people.iter().any(|p| {
                            p.actor.code == mention.actor.code && p.actor.name == mention.actor.name
                        })
                    {
                        people.push(mention.clone());
                    }
                    if people.len() == 2 {
                        break;
                    }
                }
                if people.len() == 2 {
                    resolved = people;
                }
            } else if determiners.iter().any(|d| d == "the") {
                let wanted = lemma.clone();
                let matching = found
                    .iter()
                    .take(index)
                    .rev()
                    .flat_map(|list| list.iter().rev())
                    .chain(discourse.recent.iter().rev())
                    .find(|mention| {
                        mention
                            .title
                            .as_deref()
                            .is_some_and(|title| title.split(' ').any(|w| w == wanted))
                            && mention.actor.code.is_some()
                    })
                    .cloned();
                if let Some(mention) = matching {
                    resolved.push(mention);
                }
            }
        }
        if !resolved.is_empty() {
            if let Some(slot) = found.get_mut(index) {
                slot.clear();
            }
        }
        for mut mention in resolved {
            // A coreferent keeps its own words and span, and the antecedent's identity.
            mention.actor.text = if tree.pos(index) == "PRON" {
                surface.clone()
            } else {
                let first = chunk_start(tree, index);
                range_text(tree, text, first, index).0
            };
            mention.actor.span = if tree.pos(index) == "PRON" {
                span
            } else {
                range_text(tree, text, chunk_start(tree, index), index).1
            };
            mention.head = index;
            if let Some(slot) = found.get_mut(index) {
                slot.push(mention);
            }
        }
    }
}
