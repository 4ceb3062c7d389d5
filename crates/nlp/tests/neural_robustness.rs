//! Long and pathological documents finish and give well-formed output:
//! every head in bounds, no cycles, heads inside their sentence, and
//! entities that never cross a sentence start. Not timed.
#![allow(clippy::unwrap_used)]

mod neural_support;

use dyad_nlp::{EntityIob, LexicalFeatures, NeuralOutput};
use neural_support::{lexicon, pipeline};
use proptest::prelude::*;

/// A small deterministic pseudo-random generator, so the generated
/// documents are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[(self.next() as usize) % words.len()]
    }
}

const WORDS: [&str; 24] = [
    "the",
    "minister",
    "said",
    "on",
    "Tuesday",
    "that",
    "talks",
    "with",
    "rebels",
    "in",
    "Geneva",
    "would",
    "resume",
    "after",
    "a",
    "ceasefire",
    "agreed",
    "by",
    "both",
    "sides",
    "United",
    "Nations",
    "officials",
    "reported",
];

/// Features of a document made of the given token texts, each followed by
/// a space except the last.
fn features_of(texts: &[String]) -> Vec<LexicalFeatures> {
    let tokens: Vec<(String, bool)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (t.clone(), i + 1 < texts.len() && !t.trim().is_empty()))
        .collect();
    lexicon().features_of(&tokens)
}

/// Checks the structural invariants of one output.
fn assert_well_formed(output: &NeuralOutput, n: usize) {
    assert_eq!(output.tags.len(), n);
    assert_eq!(output.heads.len(), n);
    assert_eq!(output.deps.len(), n);
    assert_eq!(output.sent_starts.len(), n);
    assert_eq!(output.ent_iob.len(), n);
    assert_eq!(output.ent_types.len(), n);
    if n == 0 {
        return;
    }
    assert!(output.sent_starts[0], "token 0 must start a sentence");
    // Sentence index of every token.
    let mut sentence = vec![0usize; n];
    for i in 1..n {
        sentence[i] = sentence[i - 1] + usize::from(output.sent_starts[i]);
    }
    let sentences = sentence[n - 1] + 1;
    let mut roots_per_sentence = vec![0usize; sentences];
    for (i, &head) in output.heads.iter().enumerate() {
        assert!(head < n, "token {i} head {head} out of bounds");
        assert_eq!(
            sentence[head], sentence[i],
            "token {i} has its head {head} in another sentence"
        );
        assert!(!output.tags[i].is_empty(), "token {i} has no tag");
        assert!(!output.deps[i].is_empty(), "token {i} has no dep");
        if head == i {
            roots_per_sentence[sentence[i]] += 1;
            assert_eq!(output.deps[i], "ROOT");
        } else {
            assert!(
                !output.deps[i].contains("||"),
                "token {i} keeps a decorated label"
            );
        }
        // Following heads reaches a root within n steps: no cycles.
        let mut current = i;
        let mut steps = 0;
        while output.heads[current] != current {
            current = output.heads[current];
            steps += 1;
            assert!(steps <= n, "cycle through token {i}");
        }
    }
    assert!(
        roots_per_sentence.iter().all(|&r| r >= 1),
        "a sentence without a root"
    );
    for i in 0..n {
        match output.ent_iob[i] {
            EntityIob::Outside => assert!(output.ent_types[i].is_empty()),
            EntityIob::Begin => assert!(!output.ent_types[i].is_empty()),
            EntityIob::Inside => {
                assert!(
                    i > 0 && output.ent_iob[i - 1] != EntityIob::Outside,
                    "I without B at {i}"
                );
                assert_eq!(output.ent_types[i], output.ent_types[i - 1]);
                assert!(
                    !output.sent_starts[i],
                    "entity crosses a sentence start at {i}"
                );
            }
        }
    }
}

fn run_and_check(texts: &[String]) -> NeuralOutput {
    let features = features_of(texts);
    let output = pipeline().run(&features);
    assert_well_formed(&output, texts.len());
    output
}

#[test]
fn a_50000_token_document_finishes_with_a_valid_tree() {
    let mut random = Lcg(7);
    let mut texts = Vec::with_capacity(50_000);
    while texts.len() < 50_000 {
        let length = 5 + (random.next() % 30) as usize;
        for _ in 0..length {
            texts.push(random.pick(&WORDS).to_string());
        }
        texts.push(".".to_string());
    }
    texts.truncate(50_000);
    let output = run_and_check(&texts);
    assert!(output.sent_starts.iter().filter(|&&s| s).count() > 100);
}

#[test]
fn a_2000_token_sentence_without_punctuation_finishes() {
    let mut random = Lcg(11);
    let texts: Vec<String> = (0..2000).map(|_| random.pick(&WORDS).to_string()).collect();
    run_and_check(&texts);
}

#[test]
fn all_capitals_only_symbols_and_whitespace_documents_finish() {
    let mut random = Lcg(13);
    let capitals: Vec<String> = (0..3000)
        .map(|_| random.pick(&WORDS).to_uppercase())
        .collect();
    run_and_check(&capitals);
    let symbols = [
        "%", "$", "#", "@", "&", "*", "(", ")", "--", "/", "+", "=", "§", "…", "!!", "??",
    ];
    let symbol_texts: Vec<String> = (0..2500)
        .map(|_| random.pick(&symbols).to_string())
        .collect();
    run_and_check(&symbol_texts);
    let spaces: Vec<String> = ["\n", "\n\n", "  ", "\t"]
        .iter()
        .cycle()
        .take(400)
        .map(|s| s.to_string())
        .collect();
    let output = run_and_check(&spaces);
    assert!(
        output.ent_iob.iter().all(|&i| i == EntityIob::Outside),
        "entities on whitespace"
    );
    run_and_check(&["Hello".to_string()]);
    run_and_check(&[]);
}

#[test]
fn results_do_not_depend_on_what_else_was_processed() {
    // Processing is per document: the same document gives the same result
    // alone, after another document, and on another thread.
    let texts: Vec<String> = WORDS.iter().map(|w| w.to_string()).collect();
    let features = features_of(&texts);
    let alone = pipeline().run(&features);
    let _other = pipeline().run(&features_of(&texts[3..]));
    assert_eq!(pipeline().run(&features), alone);
    let threaded = std::thread::spawn(move || pipeline().run(&features))
        .join()
        .unwrap();
    assert_eq!(threaded, alone);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn arbitrary_feature_ids_never_break_the_tree(
        ids in proptest::collection::vec((any::<u64>(), any::<u64>(), any::<u64>(), any::<u64>(), any::<bool>(), any::<bool>()), 0..80)
    ) {
        let features: Vec<LexicalFeatures> = ids
            .iter()
            .map(|&(norm, prefix, suffix, shape, spacy, is_space)| LexicalFeatures { norm, prefix, suffix, shape, spacy, is_space })
            .collect();
        let output = pipeline().run(&features);
        assert_well_formed(&output, features.len());
    }
}

#[test]
fn the_moving_precompute_window_gives_the_same_parse_as_a_whole_document_window() {
    let mut random = Lcg(17);
    let mut texts = Vec::new();
    while texts.len() < 1500 {
        let length = 3 + (random.next() % 40) as usize;
        for _ in 0..length {
            texts.push(random.pick(&WORDS).to_string());
        }
        if random.next() % 3 > 0 {
            texts.push(".".to_string());
        }
    }
    let features = features_of(&texts);
    let is_space: Vec<bool> = features.iter().map(|f| f.is_space).collect();
    let vectors = pipeline().run_tok2vec(&features);
    let whole = pipeline().run_parser_with_window(&vectors, &is_space, texts.len());
    // A 64-token window moves many times and leaves stack words outside it.
    let moving = pipeline().run_parser_with_window(&vectors, &is_space, 64);
    assert_eq!(moving, whole);
}
