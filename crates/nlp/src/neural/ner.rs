//! The named-entity recogniser's BILUO transition system and greedy
//! decoder (notes §6.4, §6.6).

use super::moves::Action;
use super::scorer::{StateScorer, TokenTable, HIDDEN};

/// Action types of the NER's moves file.
const BEGIN: u8 = 1;
const IN: u8 = 2;
const LAST: u8 = 3;
const UNIT: u8 = 4;
const OUT: u8 = 5;

/// Number of state features of the NER.
pub const NER_SLOTS: usize = 3;

/// One recognised entity: tokens `[start, end)` with a label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The entity type, e.g. `ORG`.
    pub label: String,
}

/// One decoding step, recorded for tests.
#[derive(Debug, Clone, PartialEq)]
pub struct NerStep {
    /// The three feature token ids, −1 where missing.
    pub features: Vec<i64>,
    /// The chosen action index.
    pub action: usize,
    /// Its score.
    pub score: f32,
    /// Number of valid actions.
    pub valid: usize,
}

/// Whether `action` is valid at buffer position `b` with the entity
/// `open` (its label) still open. `sent_starts` are the parser's.
fn is_valid(
    action: &Action,
    b: usize,
    n: usize,
    open: Option<&str>,
    sent_starts: &[bool],
    is_space: &[bool],
) -> bool {
    let remaining = n.saturating_sub(b);
    let next_starts_sentence = sent_starts.get(b + 1).copied().unwrap_or(false);
    let b0_is_space = is_space.get(b).copied().unwrap_or(false);
    match action.kind {
        BEGIN => open.is_none() && remaining >= 2 && !next_starts_sentence && !b0_is_space,
        IN => open == Some(action.label.as_str()) && remaining >= 2 && !next_starts_sentence,
        LAST => open == Some(action.label.as_str()),
        // The Unit action with an empty label exists in the action list
        // but is never valid without preset entities.
        UNIT => open.is_none() && !b0_is_space && !action.label.is_empty(),
        OUT => open.is_none(),
        _ => false,
    }
}

/// Runs the greedy BILUO decoder over one document.
pub fn decode(
    scorer: &StateScorer,
    actions: &[Action],
    table: &mut TokenTable,
    sent_starts: &[bool],
    is_space: &[bool],
    mut trace: Option<&mut Vec<NerStep>>,
) -> Vec<Entity> {
    let n = sent_starts.len();
    let mut entities = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut hidden = [0.0f32; HIDDEN];
    let mut scores = vec![0.0f32; actions.len()];
    let mut features = [0i64; NER_SLOTS];
    let mut b = 0;
    while b < n {
        let open_label = open
            .and_then(|(_, action)| actions.get(action))
            .map(|a| a.label.as_str());
        features[0] = b as i64;
        features[1] = open.map_or(-1, |(start, _)| start as i64);
        features[2] = if open.is_some() { b as i64 - 1 } else { -1 };
        scorer.score(table, &features, &mut hidden, &mut scores);
        let mut best: Option<(usize, f32)> = None;
        let mut valid_count = 0;
        for (index, (action, &score)) in actions.iter().zip(&scores).enumerate() {
            if !is_valid(action, b, n, open_label, sent_starts, is_space) {
                continue;
            }
            valid_count += 1;
            if best.is_none_or(|(_, best_score)| score > best_score) {
                best = Some((index, score));
            }
        }
        // The Out action is valid whenever no entity is open, and an open
        // entity can always be closed, so some action is always valid.
        let Some((chosen, score)) = best else { break };
        if let Some(trace) = trace.as_deref_mut() {
            trace.push(NerStep {
                features: features.to_vec(),
                action: chosen,
                score,
                valid: valid_count,
            });
        }
        let Some(action) = actions.get(chosen) else {
            break;
        };
        match action.kind {
            BEGIN => open = Some((b, chosen)),
            LAST => {
                if let Some((start, _)) = open.take() {
                    entities.push(Entity {
                        start,
                        end: b + 1,
                        label: action.label.clone(),
                    });
                }
            }
            UNIT => entities.push(Entity {
                start: b,
                end: b + 1,
                label: action.label.clone(),
            }),
            _ => {}
        }
        b += 1;
    }
    entities
}
