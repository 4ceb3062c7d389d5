//! A sentence's dependency tree with sentence-local indices.
//!
//! Annotations give document-relative head indices; a bad annotation may
//! point outside the sentence. The tree turns such heads into roots rather
//! than trusting them, so no input can make the coder index out of bounds
//! or loop forever.

use dyad_types::Token;

/// The dependency tree of one sentence.
pub struct SentenceTree<'a> {
    /// The sentence's tokens.
    pub tokens: &'a [Token],
    /// Sentence-local head of each token; `None` for a root.
    heads: Vec<Option<usize>>,
    /// Sentence-local children of each token, in token order.
    children: Vec<Vec<usize>>,
    /// Lower-case lemma of each token, computed once.
    lemmas: Vec<String>,
    /// Lower-case text of each token, computed once.
    lower_texts: Vec<String>,
}

impl<'a> SentenceTree<'a> {
    /// Builds the tree; `first_token` is the document index of `tokens[0]`.
    pub fn new(tokens: &'a [Token], first_token: usize) -> Self {
        let count = tokens.len();
        let mut heads: Vec<Option<usize>> = tokens
            .iter()
            .enumerate()
            .map(|(index, token)| {
                token
                    .head
                    .checked_sub(first_token)
                    .filter(|head| *head < count && *head != index)
            })
            .collect();
        // Break cycles: a token whose head chain does not reach a root within
        // `count` steps becomes a root itself.
        for index in 0..count {
            let mut current = index;
            let mut steps = 0;
            while let Some(head) = heads.get(current).copied().flatten() {
                current = head;
                steps += 1;
                if steps > count {
                    if let Some(slot) = heads.get_mut(index) {
                        *slot = None;
                    }
                    break;
                }
            }
        }
        let mut children = vec![Vec::new(); count];
        for (index, head) in heads.iter().enumerate() {
            if let Some(list) = head.and_then(|head| children.get_mut(head)) {
                list.push(index);
            }
        }
        let lemmas = tokens
            .iter()
            .map(|token| token.lemma.to_lowercase())
            .collect();
        let lower_texts = tokens
            .iter()
            .map(|token| token.text.to_lowercase())
            .collect();
        SentenceTree {
            tokens,
            heads,
            children,
            lemmas,
            lower_texts,
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// The token at `index`.
    pub fn token(&self, index: usize) -> Option<&'a Token> {
        self.tokens.get(index)
    }

    /// Its dependency label, or "" out of range.
    pub fn dep(&self, index: usize) -> &'a str {
        self.tokens
            .get(index)
            .map_or("", |token| token.dep.as_str())
    }

    /// Its universal part of speech, or "".
    pub fn pos(&self, index: usize) -> &'a str {
        self.tokens
            .get(index)
            .map_or("", |token| token.pos.as_str())
    }

    /// Its fine-grained tag, or "".
    pub fn tag(&self, index: usize) -> &'a str {
        self.tokens
            .get(index)
            .map_or("", |token| token.tag.as_str())
    }

    /// Its text, or "".
    pub fn text(&self, index: usize) -> &'a str {
        self.tokens
            .get(index)
            .map_or("", |token| token.text.as_str())
    }

    /// Its lower-case lemma, or "".
    pub fn lemma(&self, index: usize) -> &str {
        self.lemmas.get(index).map_or("", String::as_str)
    }

    /// Its text in lower case, or "".
    pub fn lower_text(&self, index: usize) -> &str {
        self.lower_texts.get(index).map_or("", String::as_str)
    }

    /// Its head, `None` for a root.
    pub fn head(&self, index: usize) -> Option<usize> {
        self.heads.get(index).copied().flatten()
    }

    /// Its children in token order.
    pub fn children(&self, index: usize) -> &[usize] {
        self.children.get(index).map_or(&[], Vec::as_slice)
    }

    /// Children with one of the given labels.
    pub fn children_with<'s>(
        &'s self,
        index: usize,
        deps: &'s [&str],
    ) -> impl Iterator<Item = usize> + 's {
        self.children(index)
            .iter()
            .copied()
            .filter(move |child| deps.contains(&self.dep(*child)))
    }

    /// The first child with one of the given labels.
    pub fn child_with(&self, index: usize, deps: &[&str]) -> Option<usize> {
        self.children_with(index, deps).next()
    }

    /// The token and its ancestors, nearest first.
    pub fn ancestors(&self, index: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = Some(index);
        while let Some(node) = current {
            if chain.len() > self.len() {
                break;
            }
            chain.push(node);
            current = self.head(node);
        }
        chain
    }

    /// The leftmost and rightmost token of the subtree of `index`.
    pub fn subtree_range(&self, index: usize) -> (usize, usize) {
        let mut left = index;
        let mut right = index;
        let mut stack = vec![index];
        let mut visited = 0;
        while let Some(node) = stack.pop() {
            visited += 1;
            if visited > self.len() {
                break;
            }
            left = left.min(node);
            right = right.max(node);
            stack.extend_from_slice(self.children(node));
        }
        (left, right)
    }

    /// The dependency path from `from` to `to`, e.g. `Trump <nsubj called >dobj Putin`.
    pub fn path(&self, from: usize, to: usize) -> String {
        let up = self.ancestors(from);
        let down = self.ancestors(to);
        let Some(common) = up.iter().copied().find(|node| down.contains(node)) else {
            return format!("{} … {}", self.text(from), self.text(to));
        };
        let mut parts = vec![self.text(from).to_owned()];
        for node in up.iter().copied().take_while(|node| *node != common) {
            if let Some(head) = self.head(node) {
                parts.push(format!("<{} {}", self.dep(node), self.text(head)));
            }
        }
        let descent: Vec<usize> = down
            .iter()
            .copied()
            .take_while(|node| *node != common)
            .collect();
        for node in descent.iter().rev() {
            parts.push(format!(">{} {}", self.dep(*node), self.text(*node)));
        }
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_types::Span;

    fn token(text: &str, dep: &str, head: usize) -> Token {
        Token {
            text: text.into(),
            span: Span::new(0, 0),
            space_after: true,
            tag: String::new(),
            pos: String::new(),
            dep: dep.into(),
            head,
            lemma: text.to_lowercase(),
            ent_iob: String::new(),
            ent_type: String::new(),
            is_sent_start: false,
        }
    }

    #[test]
    fn bad_heads_become_roots_and_cycles_are_broken() {
        // Token 0 points far outside the sentence; tokens 1 and 2 form a cycle.
        let tokens = vec![
            token("a", "nsubj", 99),
            token("b", "dobj", 12),
            token("c", "dobj", 11),
        ];
        let tree = SentenceTree::new(&tokens, 10);
        assert_eq!(tree.head(0), None);
        assert!(tree.ancestors(1).len() <= 3);
        assert!(tree.ancestors(2).len() <= 3);
    }

    #[test]
    fn path_goes_up_then_down() {
        let tokens = vec![
            token("Trump", "nsubj", 1),
            token("called", "ROOT", 1),
            token("Putin", "dobj", 1),
        ];
        let tree = SentenceTree::new(&tokens, 0);
        assert_eq!(tree.path(0, 2), "Trump <nsubj called >dobj Putin");
    }
}
