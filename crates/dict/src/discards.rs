//! Discard phrases (PETRARCH `Phoenix.discards.txt` style): sentences or
//! whole stories that are not to be coded.

use crate::common::{CaseRule, Origin, PhraseIndex};

/// How much a discard phrase removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiscardScope {
    /// Skip the sentence that contains the phrase.
    Sentence,
    /// Skip the whole story (PETRARCH's `+` prefix).
    Story,
}

/// One discard phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscardPhrase {
    /// The phrase as written, words separated by spaces.
    pub phrase: String,
    /// What it discards.
    pub scope: DiscardScope,
    /// Where it is written.
    pub origin: Origin,
}

/// The compiled discard list.
#[derive(Default)]
pub struct DiscardTable {
    pub(crate) phrases: Vec<DiscardPhrase>,
    pub(crate) index: PhraseIndex<usize>,
    pub(crate) files: Vec<String>,
}

impl DiscardTable {
    pub(crate) fn add(&mut self, phrase: DiscardPhrase) {
        let index = self.phrases.len();
        self.index
            .insert(&phrase.phrase, CaseRule::Insensitive, index);
        self.phrases.push(phrase);
    }

    /// Every discard phrase.
    pub fn phrases(&self) -> &[DiscardPhrase] {
        &self.phrases
    }

    /// The first discard phrase found in the sentence's tokens, ignoring
    /// case. Unlike PETRARCH, a phrase at the end of the sentence matches,
    /// punctuation tokens do not block a match, and a story discard is
    /// preferred over a sentence discard.
    pub fn check<S: AsRef<str>>(&self, tokens: &[S]) -> Option<&DiscardPhrase> {
        let words: Vec<&str> = tokens
            .iter()
            .map(|token| {
                token
                    .as_ref()
                    .trim_matches(|c: char| c.is_ascii_punctuation() && c != '-')
            })
            .filter(|word| !word.is_empty())
            .collect();
        let mut first_sentence_discard = None;
        for start in 0..words.len() {
            if let Some((_, values)) = self.index.longest_at(&words, start) {
                for value in values {
                    let Some(phrase) = self.phrases.get(*value) else {
                        continue;
                    };
                    if phrase.scope == DiscardScope::Story {
                        return Some(phrase);
                    }
                    first_sentence_discard = first_sentence_discard.or(Some(phrase));
                }
            }
        }
        first_sentence_discard
    }
}
