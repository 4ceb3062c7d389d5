//! The neural components: tok2vec, tagger, parser and NER.
