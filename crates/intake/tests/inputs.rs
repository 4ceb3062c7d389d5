//! Reading real inputs: the example articles, the shared PETRARCH sample,
//! and the expansion of command-line paths.

use dyad_intake::{
    expand_inputs, read_input, read_path, Input, ReadOptions, CODINGS_KEY, NOEVENTS_KEY,
};
use dyad_types::{Date, InputFormat, Severity};
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

fn shared_directory() -> PathBuf {
    std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("..").join("shared"))
}

#[test]
fn example_articles_read_cleanly_with_their_dates() {
    let directory = workspace_root().join("examples").join("articles");
    let inputs = expand_inputs(&[&directory]).expect("expand examples");
    assert!(inputs.len() >= 6, "{inputs:?}");
    let mut formats = Vec::new();
    let mut documents = Vec::new();
    for input in &inputs {
        let outcome = read_input(input, &ReadOptions::default()).expect("read example");
        let problems: Vec<String> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .map(ToString::to_string)
            .collect();
        assert!(problems.is_empty(), "{problems:?}");
        for document in outcome.documents {
            formats.push(document.format);
            documents.push(document);
        }
    }
    for format in [
        InputFormat::Text,
        InputFormat::Html,
        InputFormat::Jsonl,
        InputFormat::Rss,
        InputFormat::PetrarchXml,
    ] {
        assert!(formats.contains(&format), "no example in {format:?}");
    }
    assert!(documents.len() >= 14, "{}", documents.len());
    for document in &documents {
        let date = document
            .date
            .unwrap_or_else(|| panic!("{} has no date", document.id));
        assert_eq!(date.format("%Y").to_string(), "2025", "{}", document.id);
        assert!(!document.text.trim().is_empty());
    }
    // The HTML page's boilerplate is excluded, not removed.
    let page = documents
        .iter()
        .find(|d| d.format == InputFormat::Html)
        .expect("html example");
    let excluded: Vec<&str> = page
        .excluded
        .iter()
        .filter_map(|span| page.slice(*span))
        .collect();
    assert_eq!(excluded, ["Sign up for our newsletter"]);
    assert!(!page.text.contains("Comments are closed"));
    assert!(!page.text.contains("Share on"));
    assert!(!page.text.contains("Politics"));
}

#[test]
fn shared_petrarch_sample_reads_every_sentence() {
    let path = shared_directory()
        .join("text")
        .join("GigaWord.sample.PETR.xml");
    let outcome = read_path(&path, &ReadOptions::default()).expect("read shared sample");
    // The sample has nine test records with an empty <Text> and one id
    // used twice; each gives a warning with its line, and the rest is read.
    let messages: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(messages.len(), 10, "{messages:?}");
    assert!(
        messages[0].ends_with(":630: warning: record TEST_1 has an empty <Text>; skipped"),
        "{}",
        messages[0]
    );
    assert!(
        messages[9].contains("document id \"GOLD_9\" occurs more than once"),
        "{}",
        messages[9]
    );
    assert_eq!(outcome.documents.len(), 76 - 9);
    let first = &outcome.documents[0];
    assert_eq!(first.id, "AFP0808020625_4");
    assert_eq!(first.date, Date::from_ymd_opt(2008, 8, 4));
    assert_eq!(first.source.as_deref(), Some("AFP"));
    assert_eq!(first.format, InputFormat::PetrarchXml);
    assert!(
        first.text.starts_with("The stopover came as the US leader"),
        "{}",
        first.text
    );
    assert!(first.text.ends_with("out of the Games."), "{}", first.text);
    assert!(first.metadata.contains_key("petrarch_parse"));
    let last = outcome.documents.last().expect("documents");
    assert_eq!(last.id, "COOP_0");
    assert_eq!(last.text, "THe US, Russia, and Switzerland met yesterday");
}

#[test]
fn petrarch_validation_features_are_kept_in_metadata() {
    let input = r#"<!-- validation style -->
<Sentences>
<Environment><Verbfile>CAMEO.2.0.txt</Verbfile><Text>not a record</Text></Environment>
<Sentence date = "2025-02-01" id ="V-1" source = "Wire" category="CONSULT"/>
<EventCoding sourcecode="FRA" targetcode="DEU" eventcode="040" plover="CONSULT"/>
<EventCoding sourcecode="DEU" targetcode="FRA" eventcode="040"/>
<Text>France and Germany held talks.</Text>
<Parse>(S (NP France) (VP held talks))</Parse>
<Sentence date="20250202" id="V-2" noevents="True">
<Text>It rained.</Text>
</Sentence>
<Sentence date="20250203" id="V-3"><Text>Nobody met.</Text><EventCoding noevents="True"/></Sentence>
</Sentences>"#;
    let outcome =
        dyad_intake::read_bytes(input.as_bytes(), "validation.xml", &ReadOptions::default());
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    let ids: Vec<&str> = outcome.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["V-1", "V-2", "V-3"]);
    let first = &outcome.documents[0];
    assert_eq!(first.text, "France and Germany held talks.");
    assert_eq!(first.date, Date::from_ymd_opt(2025, 2, 1));
    assert_eq!(
        first.metadata.get(CODINGS_KEY),
        Some(&serde_json::json!([
            {"sourcecode": "FRA", "targetcode": "DEU", "eventcode": "040", "plover": "CONSULT"},
            {"sourcecode": "DEU", "targetcode": "FRA", "eventcode": "040"}
        ]))
    );
    assert_eq!(
        first.metadata.get("category"),
        Some(&serde_json::json!("CONSULT"))
    );
    assert_eq!(
        first.metadata.get("petrarch_parse"),
        Some(&serde_json::json!("(S (NP France) (VP held talks))"))
    );
    assert_eq!(
        outcome.documents[1].metadata.get(NOEVENTS_KEY),
        Some(&serde_json::json!(true))
    );
    assert_eq!(
        outcome.documents[2].metadata.get(NOEVENTS_KEY),
        Some(&serde_json::json!(true))
    );
    assert_eq!(outcome.documents[2].metadata.get(CODINGS_KEY), None);
}

#[test]
fn directories_expand_recursively_in_sorted_order() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let root = directory.path();
    for name in [
        "b.txt",
        "a.txt",
        ".hidden.txt",
        "sub/z.txt",
        "sub/deeper/y.txt",
        "c/x.txt",
        ".git/config",
    ] {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, "Talks.").expect("write");
    }
    let single = root.join("a.txt");
    let inputs =
        expand_inputs(&[root.to_path_buf(), PathBuf::from("-"), single.clone()]).expect("expand");
    let expected: Vec<Input> = ["a.txt", "b.txt", "c/x.txt", "sub/z.txt", "sub/deeper/y.txt"]
        .iter()
        .map(|name| Input::File(root.join(name)))
        .chain([Input::Stdin, Input::File(single)])
        .collect();
    assert_eq!(inputs, expected);
    assert_eq!(Input::Stdin.label(), "-");
}

#[test]
fn ids_fall_back_to_path_and_item_index_and_dates_to_the_default() {
    let default_date = Date::from_ymd_opt(2025, 4, 1);
    let options = ReadOptions {
        default_date,
        ..ReadOptions::default()
    };
    let feed = "<rss><channel><item><description>One.</description></item><item><description>Two.</description><pubDate>Thu, 03 Apr 2025 10:00:00 GMT</pubDate></item></channel></rss>";
    let outcome = dyad_intake::read_bytes(feed.as_bytes(), "feeds/world.rss", &options);
    let ids: Vec<&str> = outcome.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["feeds/world.rss#1", "feeds/world.rss#2"]);
    assert_eq!(outcome.documents[0].date, default_date);
    assert_eq!(outcome.documents[1].date, Date::from_ymd_opt(2025, 4, 3));
    let text = dyad_intake::read_bytes(b"Talks resumed.", "notes/a.txt", &ReadOptions::default());
    assert_eq!(text.documents[0].id, "notes/a.txt");
    assert_eq!(text.documents[0].date, None, "never the clock");
}

/// Regression: the feed and PETRARCH readers used to count the line of
/// every record from the start of the file, which made a file of 10,000
/// items take minutes. Lines are now counted incrementally; this checks
/// they are still right on a file with many records (the speed itself is
/// measured by `benches/read_speed.rs`).
#[test]
fn regression_line_numbers_of_many_records_are_counted_incrementally() {
    let records = 3000;
    let petrarch: String = std::iter::once("<Sentences>\n".to_owned())
        .chain((0..records).map(|i| format!("<Sentence id=\"s{i}\" date=\"20250101\">\n<Text>\nTalks {i}.\n</Text>\n</Sentence>\n")))
        .chain(std::iter::once("</Sentences>\n".to_owned()))
        .collect();
    let outcome = dyad_intake::read_bytes(petrarch.as_bytes(), "many.xml", &ReadOptions::default());
    assert_eq!(outcome.documents.len(), records);
    for (index, document) in outcome.documents.iter().enumerate() {
        assert_eq!(document.line, Some(2 + 5 * index as u64), "{}", document.id);
    }
    let rss: String = std::iter::once("<rss><channel>\n".to_owned())
        .chain((0..records).map(|i| {
            format!("<item>\n<guid>g{i}</guid>\n<description>Talks {i}.</description>\n</item>\n")
        }))
        .chain(std::iter::once("</channel></rss>\n".to_owned()))
        .collect();
    let outcome = dyad_intake::read_bytes(rss.as_bytes(), "many.rss", &ReadOptions::default());
    assert_eq!(outcome.documents.len(), records);
    for (index, document) in outcome.documents.iter().enumerate() {
        assert_eq!(document.line, Some(2 + 4 * index as u64), "{}", document.id);
    }
}

#[test]
fn petrarch_articles_give_one_document_per_article_or_sentence() {
    let input = r#"<Articles>
<Article id="A1" date="20250301" source="Wire"><Text>Chile and Peru signed a trade accord.</Text></Article>
<Article id="A2" date="20250302" source="Wire">
<Sentence id="A2-1"><Text>Ghana recalled its envoy.</Text></Sentence>
<Sentence id="A2-2" date="20250303"><Text>Togo protested.</Text></Sentence>
</Article>
</Articles>"#;
    let outcome =
        dyad_intake::read_bytes(input.as_bytes(), "articles.xml", &ReadOptions::default());
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    let ids: Vec<&str> = outcome.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["A1", "A2-1", "A2-2"]);
    assert_eq!(
        outcome.documents[0].text,
        "Chile and Peru signed a trade accord."
    );
    assert_eq!(
        outcome.documents[1].metadata.get(dyad_intake::ARTICLE_KEY),
        Some(&serde_json::json!("A2"))
    );
    assert_eq!(outcome.documents[2].date, Date::from_ymd_opt(2025, 3, 3));
    // A sentence without its own date and source takes the article's.
    assert_eq!(outcome.documents[1].date, Date::from_ymd_opt(2025, 3, 2));
    assert_eq!(outcome.documents[1].source.as_deref(), Some("Wire"));
}
