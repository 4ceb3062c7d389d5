//! The dependency parser: spaCy's arc-eager transition system with a
//! rebuffer ("unshift"), greedy decoding, and the post-processing that
//! sets sentence starts and undoes projectivisation (notes §6.4–6.7).

use super::moves::Action;
use super::scorer::{StateScorer, TokenTable, HIDDEN};

/// Action types of the parser's moves file.
const SHIFT: u8 = 0;
const REDUCE: u8 = 1;
const LEFT: u8 = 2;
const RIGHT: u8 = 3;
const BREAK: u8 = 4;

/// Number of state features of the parser.
pub const PARSER_SLOTS: usize = 8;

/// One step of decoding, recorded when a trace is requested (tests compare
/// it with spaCy's own steps).
#[derive(Debug, Clone, PartialEq)]
pub struct ParseStep {
    /// The feature token ids, −1 where missing.
    pub features: Vec<i64>,
    /// The chosen action index.
    pub action: usize,
    /// Its score.
    pub score: f32,
    /// Number of valid actions.
    pub valid: usize,
    /// The hidden layer after maxout.
    pub hidden: Vec<f32>,
    /// The scores of all actions.
    pub scores: Vec<f32>,
}

/// The parser's decision for one document, before post-processing.
#[derive(Debug, Clone, Default)]
pub struct RawParse {
    /// Head of each token, `None` for tokens the parser left headless.
    pub heads: Vec<Option<usize>>,
    /// Label of each token's arc (possibly decorated `X||Y`), or empty.
    pub labels: Vec<String>,
}

/// The state of the arc-eager machine for one document.
struct ArcEagerState {
    n: usize,
    stack: Vec<usize>,
    /// Unshifted words; the top (next to read) is the last element.
    rebuffer: Vec<usize>,
    /// Next unread word of the original buffer.
    buffer_index: usize,
    heads: Vec<Option<usize>>,
    labels: Vec<usize>,
    /// Left children of each head, in the order the arcs were added.
    left_children: Vec<Vec<usize>>,
    /// Right children of each head, in the order the arcs were added.
    right_children: Vec<Vec<usize>>,
    unshiftable: Vec<bool>,
    /// Sentence starts created by Break actions.
    break_starts: Vec<bool>,
}

impl ArcEagerState {
    fn new(n: usize) -> ArcEagerState {
        ArcEagerState {
            n,
            stack: Vec::new(),
            rebuffer: Vec::new(),
            buffer_index: 0,
            heads: vec![None; n],
            labels: vec![usize::MAX; n],
            left_children: vec![Vec::new(); n],
            right_children: vec![Vec::new(); n],
            unshiftable: vec![false; n],
            break_starts: vec![false; n],
        }
    }

    /// Number of words left in the buffer, rebuffer included.
    fn buffer_length(&self) -> usize {
        self.n.saturating_sub(self.buffer_index) + self.rebuffer.len()
    }

    fn is_final(&self) -> bool {
        self.stack.is_empty() && self.buffer_length() == 0
    }

    /// The i-th buffer word: rebuffered words first, top first.
    fn buffer(&self, i: usize) -> Option<usize> {
        let unshifted = self.rebuffer.len();
        if i < unshifted {
            return self.rebuffer.get(unshifted - 1 - i).copied();
        }
        let word = self.buffer_index + (i - unshifted);
        (word < self.n).then_some(word)
    }

    /// The i-th stack word from the top.
    fn stack_word(&self, i: usize) -> Option<usize> {
        self.stack
            .len()
            .checked_sub(1 + i)
            .and_then(|k| self.stack.get(k).copied())
    }

    /// Token 0 is preset as a sentence start; Breaks add the others. No
    /// token is preset as "cannot start a sentence" in this pipeline.
    fn is_sent_start(&self, word: Option<usize>) -> bool {
        word.is_some_and(|w| w == 0 || self.break_starts.get(w).copied().unwrap_or(false))
    }

    /// The most recently attached left child that is still attached.
    fn last_left_child(&self, head: Option<usize>) -> Option<usize> {
        head.and_then(|h| self.left_children.get(h))
            .and_then(|c| c.last().copied())
    }

    fn last_right_child(&self, head: Option<usize>) -> Option<usize> {
        head.and_then(|h| self.right_children.get(h))
            .and_then(|c| c.last().copied())
    }

    /// `[B0, B1, S0, S1, S2, L(B0), L(S0), R(S0)]`, −1 where missing.
    fn features(&self, out: &mut [i64; PARSER_SLOTS]) {
        let b0 = self.buffer(0);
        let s0 = self.stack_word(0);
        let words = [
            b0,
            self.buffer(1),
            s0,
            self.stack_word(1),
            self.stack_word(2),
            self.last_left_child(b0),
            self.last_left_child(s0),
            self.last_right_child(s0),
        ];
        for (slot, word) in out.iter_mut().zip(words) {
            *slot = word.map_or(-1, |w| w as i64);
        }
    }

    fn is_valid(&self, kind: u8) -> bool {
        let buffer_length = self.buffer_length();
        let b0 = self.buffer(0);
        match kind {
            SHIFT => {
                self.stack.is_empty() && buffer_length > 0
                    || (buffer_length >= 2
                        && !self.is_sent_start(b0)
                        && !b0.is_some_and(|w| self.unshiftable.get(w).copied().unwrap_or(false)))
            }
            REDUCE => !self.stack.is_empty(),
            LEFT | RIGHT => !self.stack.is_empty() && buffer_length >= 1 && !self.is_sent_start(b0),
            BREAK => {
                let b1 = self.buffer(1);
                buffer_length >= 2
                    && matches!((b0, b1), (Some(x), Some(y)) if y == x + 1)
                    && !self.is_sent_start(b1)
            }
            _ => false,
        }
    }

    fn push_from_buffer(&mut self) {
        if let Some(word) = self.rebuffer.pop() {
            self.stack.push(word);
        } else if self.buffer_index < self.n {
            self.stack.push(self.buffer_index);
            self.buffer_index += 1;
        }
    }

    fn remove_arc(&mut self, head: usize, child: usize) {
        let list = if child < head {
            self.left_children.get_mut(head)
        } else {
            self.right_children.get_mut(head)
        };
        if let Some(list) = list {
            if let Some(position) = list.iter().rposition(|&c| c == child) {
                list.remove(position);
            }
        }
    }

    fn add_arc(&mut self, head: usize, child: usize, label: usize) {
        if let Some(old_head) = self.heads.get(child).copied().flatten() {
            self.remove_arc(old_head, child);
        }
        if let Some(slot) = self.heads.get_mut(child) {
            *slot = Some(head);
        }
        if let Some(slot) = self.labels.get_mut(child) {
            *slot = label;
        }
        let list = if child < head {
            self.left_children.get_mut(head)
        } else {
            self.right_children.get_mut(head)
        };
        if let Some(list) = list {
            list.push(child);
        }
    }

    fn apply(&mut self, kind: u8, action: usize) {
        match kind {
            SHIFT => self.push_from_buffer(),
            REDUCE => {
                let Some(s0) = self.stack_word(0) else { return };
                let has_head = self.heads.get(s0).copied().flatten().is_some();
                self.stack.pop();
                // A headless word on a deeper stack goes back to the buffer
                // (pitfall 9) so it can still receive a head.
                if !has_head && !self.stack.is_empty() {
                    if let Some(flag) = self.unshiftable.get_mut(s0) {
                        *flag = true;
                    }
                    self.rebuffer.push(s0);
                }
            }
            LEFT => {
                let (Some(s0), Some(b0)) = (self.stack_word(0), self.buffer(0)) else {
                    return;
                };
                self.add_arc(b0, s0, action);
                if let Some(flag) = self.unshiftable.get_mut(b0) {
                    *flag = false;
                }
                self.stack.pop();
            }
            RIGHT => {
                let (Some(s0), Some(b0)) = (self.stack_word(0), self.buffer(0)) else {
                    return;
                };
                self.add_arc(s0, b0, action);
                self.push_from_buffer();
            }
            BREAK => {
                if let Some(flag) = self.buffer(1).and_then(|b1| self.break_starts.get_mut(b1)) {
                    *flag = true;
                }
            }
            _ => {}
        }
    }
}

/// Runs the greedy arc-eager decoder over one document.
pub fn decode(
    scorer: &StateScorer,
    actions: &[Action],
    table: &mut TokenTable,
    n: usize,
    mut trace: Option<&mut Vec<ParseStep>>,
) -> RawParse {
    let mut state = ArcEagerState::new(n);
    let mut features = [0i64; PARSER_SLOTS];
    let mut hidden = [0.0f32; HIDDEN];
    let mut scores = vec![0.0f32; actions.len()];
    let mut valid_kinds = [false; 5];
    // Every step either consumes a buffer word, pops the stack, or marks a
    // Break (once per word); unshift is allowed once per word. So 4n + 4
    // steps bound a well-formed run; the cap only guards against a
    // malformed action list looping forever.
    let step_limit = n.saturating_mul(4).saturating_add(4);
    for _ in 0..step_limit {
        if state.is_final() {
            break;
        }
        state.features(&mut features);
        scorer.score(table, &features, &mut hidden, &mut scores);
        for (kind, valid) in valid_kinds.iter_mut().enumerate() {
            *valid = state.is_valid(kind as u8);
        }
        let mut best: Option<(usize, f32)> = None;
        let mut valid_count = 0;
        for (index, (action, &score)) in actions.iter().zip(&scores).enumerate() {
            if !valid_kinds
                .get(usize::from(action.kind))
                .copied()
                .unwrap_or(false)
            {
                continue;
            }
            valid_count += 1;
            if best.is_none_or(|(_, best_score)| score > best_score) {
                best = Some((index, score));
            }
        }
        let Some((chosen, score)) = best else { break };
        if let Some(trace) = trace.as_deref_mut() {
            trace.push(ParseStep {
                features: features.to_vec(),
                action: chosen,
                score,
                valid: valid_count,
                hidden: hidden.to_vec(),
                scores: scores.clone(),
            });
        }
        let kind = actions.get(chosen).map_or(u8::MAX, |a| a.kind);
        state.apply(kind, chosen);
    }
    let labels = state
        .labels
        .iter()
        .map(|&label| {
            actions
                .get(label)
                .map(|a| a.label.clone())
                .unwrap_or_default()
        })
        .collect();
    RawParse {
        heads: state.heads,
        labels,
    }
}

/// Left and right edges of every token's subtree, and the sentence
/// starts, computed from heads the way spaCy's `set_children_from_heads`
/// does (notes §6.7 step 2), including its limit of 12 passes.
pub fn edges_and_sentence_starts(heads: &[usize]) -> (Vec<usize>, Vec<usize>, Vec<bool>) {
    let n = heads.len();
    let mut left_edge: Vec<usize> = (0..n).collect();
    let mut right_edge: Vec<usize> = (0..n).collect();
    let mut is_root_start = vec![false; n];
    for _attempt in 0..12 {
        for i in 0..n {
            update_edges(heads, i, &mut left_edge, &mut right_edge);
        }
        for i in (0..n).rev() {
            update_edges(heads, i, &mut left_edge, &mut right_edge);
        }
        is_root_start.fill(false);
        for (r, &head) in heads.iter().enumerate() {
            if head == r {
                if let Some(flag) = left_edge.get(r).and_then(|&l| is_root_start.get_mut(l)) {
                    *flag = true;
                }
            }
        }
        let mut consistent = true;
        let mut current_start = 0;
        for i in 0..n {
            if (i > 0 && is_root_start.get(i).copied().unwrap_or(false)) || i + 1 == n {
                let inside = heads
                    .get(current_start..i)
                    .unwrap_or(&[])
                    .iter()
                    .all(|&h| h >= current_start && h <= i);
                if !inside {
                    consistent = false;
                    break;
                }
                current_start = i;
            }
        }
        if consistent {
            break;
        }
    }
    let mut starts = vec![false; n];
    for (r, &head) in heads.iter().enumerate() {
        if head == r {
            if let Some(flag) = left_edge.get(r).and_then(|&l| starts.get_mut(l)) {
                *flag = true;
            }
        }
    }
    if let Some(first) = starts.first_mut() {
        *first = true;
    }
    (left_edge, right_edge, starts)
}

/// One edge update of token `i` into its head (both edges).
fn update_edges(heads: &[usize], i: usize, left_edge: &mut [usize], right_edge: &mut [usize]) {
    let Some(&head) = heads.get(i) else { return };
    let (Some(&left_i), Some(&right_i)) = (left_edge.get(i), right_edge.get(i)) else {
        return;
    };
    if let Some(left_head) = left_edge.get_mut(head) {
        *left_head = (*left_head).min(left_i);
    }
    if let Some(right_head) = right_edge.get_mut(head) {
        *right_head = (*right_head).max(right_i);
    }
}

/// The finished parse of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parse {
    /// Head of each token; roots point to themselves.
    pub heads: Vec<usize>,
    /// Labels after de-projectivisation; `ROOT` for roots.
    pub labels: Vec<String>,
    /// Sentence starts from the final tree.
    pub sent_starts: Vec<bool>,
}

/// Turns the raw decision into spaCy's final heads, labels and sentence
/// starts: headless tokens become roots, decorated `X||Y` labels are
/// re-attached to the first `Y` found breadth-first below the head, and
/// sentence starts are recomputed from the final tree (notes §6.7).
pub fn finish(raw: &RawParse, is_space: &[bool]) -> Parse {
    let n = raw.heads.len();
    let mut heads: Vec<usize> = raw
        .heads
        .iter()
        .enumerate()
        .map(|(i, h)| h.filter(|&h| h < n).unwrap_or(i))
        .collect();
    let mut labels: Vec<String> = raw
        .labels
        .iter()
        .zip(&heads)
        .enumerate()
        .map(|(i, (label, &head))| {
            if head == i {
                "ROOT".to_string()
            } else {
                label.clone()
            }
        })
        .collect();
    let (left_edge, right_edge, _) = edges_and_sentence_starts(&heads);
    let mut visited = vec![false; n];
    let mut queue = Vec::new();
    let mut next_queue = Vec::new();
    for i in 0..n {
        let Some((new_label, head_label)) = labels.get(i).and_then(|l| l.split_once("||")) else {
            continue;
        };
        let (new_label, head_label) = (new_label.to_string(), head_label.to_string());
        let Some(&start) = heads.get(i) else { continue };
        visited.fill(false);
        queue.clear();
        queue.push(start);
        let mut found = None;
        'search: while !queue.is_empty() {
            next_queue.clear();
            for &q in &queue {
                if visited.get(q).copied().unwrap_or(true) {
                    continue;
                }
                if let Some(flag) = visited.get_mut(q) {
                    *flag = true;
                }
                let (Some(&left), Some(&right)) = (left_edge.get(q), right_edge.get(q)) else {
                    continue;
                };
                let children = (left..q).chain(q.saturating_add(1)..=right);
                for child in children {
                    if heads.get(child) != Some(&q)
                        || child == i
                        || is_space.get(child).copied().unwrap_or(false)
                    {
                        continue;
                    }
                    if labels.get(child).is_some_and(|l| *l == head_label) {
                        found = Some(child);
                        break 'search;
                    }
                    next_queue.push(child);
                }
            }
            std::mem::swap(&mut queue, &mut next_queue);
        }
        if let Some(new_head) = found {
            if let Some(slot) = heads.get_mut(i) {
                *slot = new_head;
            }
        }
        if let Some(slot) = labels.get_mut(i) {
            *slot = new_label;
        }
    }
    let (_, _, sent_starts) = edges_and_sentence_starts(&heads);
    Parse {
        heads,
        labels,
        sent_starts,
    }
}
