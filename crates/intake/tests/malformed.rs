//! The malformed-input suite: hostile or broken inputs give diagnostics that
//! name the file (and line where there is one), never a panic, and the
//! other documents of the same run still come out.

use dyad_intake::{expand_inputs, read_bytes, read_input, read_path, ReadOptions, ReadOutcome};
use dyad_types::{InputFormat, Severity};
use std::io::Write;
use std::path::Path;

fn options(format: InputFormat) -> ReadOptions {
    ReadOptions {
        format: Some(format),
        ..ReadOptions::default()
    }
}

fn errors(outcome: &ReadOutcome) -> Vec<String> {
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect()
}

fn assert_all_name_file(outcome: &ReadOutcome, label: &str) {
    assert!(
        !outcome.diagnostics.is_empty(),
        "expected a diagnostic for {label}"
    );
    for diagnostic in &outcome.diagnostics {
        assert_eq!(diagnostic.path.as_deref(), Some(label), "{diagnostic}");
    }
}

#[test]
fn invalid_utf8_is_decoded_as_windows_1252_with_a_warning() {
    let outcome = read_bytes(
        b"Envoys met in Z\xfcrich.\nThey agreed.\n",
        "zurich.txt",
        &ReadOptions::default(),
    );
    assert_eq!(outcome.documents.len(), 1);
    assert_eq!(
        outcome.documents[0].text,
        "Envoys met in Zürich.\nThey agreed.\n"
    );
    assert_all_name_file(&outcome, "zurich.txt");
    assert_eq!(outcome.diagnostics[0].line, Some(1));
    assert_eq!(outcome.diagnostics[0].severity, Severity::Warning);
}

#[test]
fn invalid_utf8_in_one_json_line_does_not_affect_others() {
    let input = b"{\"id\":\"a\",\"text\":\"Talks in Z\xfcrich.\"}\n{\"id\":\"b\",\"text\":\"Talks in Bern.\"}\n";
    let outcome = read_bytes(input, "mixed.jsonl", &ReadOptions::default());
    let texts: Vec<&str> = outcome.documents.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts, ["Talks in Zürich.", "Talks in Bern."]);
    assert_eq!(outcome.diagnostics.len(), 1);
    assert_eq!(outcome.diagnostics[0].line, Some(1));
}

#[test]
fn binary_junk_is_skipped_with_an_error() {
    // Pseudo-random bytes from a fixed linear congruential generator, with
    // the NULs any binary file has.
    let mut state: u32 = 12345;
    let junk: Vec<u8> = (0..4096)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (state >> 16) as u8
        })
        .collect();
    for format in [
        None,
        Some(InputFormat::Text),
        Some(InputFormat::Html),
        Some(InputFormat::PetrarchXml),
        Some(InputFormat::Rss),
    ] {
        let outcome = read_bytes(
            &junk,
            "junk.bin",
            &ReadOptions {
                format,
                ..ReadOptions::default()
            },
        );
        assert!(outcome.documents.is_empty(), "{format:?}");
        assert!(
            !errors(&outcome).is_empty(),
            "{format:?}: {:?}",
            outcome.diagnostics
        );
        assert_all_name_file(&outcome, "junk.bin");
    }
    let jsonl = read_bytes(&junk, "junk.bin", &options(InputFormat::Jsonl));
    assert!(jsonl.documents.is_empty());
    assert!(!errors(&jsonl).is_empty());
}

#[test]
fn empty_files_give_a_warning_and_no_document() {
    for format in [
        None,
        Some(InputFormat::Text),
        Some(InputFormat::Html),
        Some(InputFormat::Jsonl),
        Some(InputFormat::Rss),
        Some(InputFormat::Atom),
        Some(InputFormat::PetrarchXml),
    ] {
        for input in [&b""[..], b"  \n\n "] {
            let outcome = read_bytes(
                input,
                "empty.txt",
                &ReadOptions {
                    format,
                    ..ReadOptions::default()
                },
            );
            assert!(outcome.documents.is_empty());
            assert_all_name_file(&outcome, "empty.txt");
        }
    }
}

#[test]
fn truncated_html_keeps_the_text_before_the_cut() {
    let page = "<html><head><title>Talks</title></head><body><article><p>Egypt hosted talks on Monday.</p>\n<p>The delegations will return next week.</p>\n<p>Officials said the <a href=\"https://example.org/x";
    let outcome = read_bytes(page.as_bytes(), "cut.html", &ReadOptions::default());
    assert_eq!(outcome.documents.len(), 1);
    let document = &outcome.documents[0];
    assert_eq!(document.text, "Egypt hosted talks on Monday.\n\nThe delegations will return next week.\n\nOfficials said the");
    assert_all_name_file(&outcome, "cut.html");
    assert_eq!(outcome.diagnostics[0].line, Some(3));
    // Cut inside a comment, a script and a tag name too.
    for cut in [
        "<p>Talks.</p><!-- never closed",
        "<p>Talks.</p><script>var a = 1;",
        "<p>Talks.</p></di",
        "<p>Talks.</p><di",
    ] {
        let outcome = read_bytes(cut.as_bytes(), "cut.html", &options(InputFormat::Html));
        assert_eq!(
            outcome.documents.first().map(|d| d.text.as_str()),
            Some("Talks."),
            "{cut}"
        );
    }
}

#[test]
fn fifty_megabyte_single_line_is_bounded_and_reported() {
    let line = "a".repeat(50 * 1024 * 1024);
    let directory = tempfile::tempdir().expect("temporary directory");

    // Plain text: only the first max_document_bytes are read.
    let text_path = directory.path().join("long.txt");
    std::fs::write(&text_path, &line).expect("write");
    let outcome = read_path(&text_path, &ReadOptions::default()).expect("read");
    assert_eq!(outcome.documents.len(), 1);
    assert_eq!(
        outcome.documents[0].text.len(),
        dyad_intake::DEFAULT_MAX_DOCUMENT_BYTES
    );
    assert!(
        outcome
            .diagnostics
            .iter()
            .any(|d| d.message.contains("limit")),
        "{:?}",
        outcome.diagnostics
    );

    // JSON Lines: the long line is skipped, the next line is read.
    let jsonl_path = directory.path().join("long.jsonl");
    let mut file = std::fs::File::create(&jsonl_path).expect("create");
    writeln!(file, "{{\"id\":\"first\",\"text\":\"Talks began.\"}}").expect("write");
    writeln!(file, "{{\"id\":\"huge\",\"text\":\"{line}\"}}").expect("write");
    writeln!(file, "{{\"id\":\"last\",\"text\":\"Talks ended.\"}}").expect("write");
    drop(file);
    let outcome = read_path(&jsonl_path, &ReadOptions::default()).expect("read");
    let ids: Vec<&str> = outcome.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["first", "last"]);
    let error = errors(&outcome);
    assert_eq!(error.len(), 1, "{error:?}");
    assert!(error[0].contains(":2: error: line is"), "{}", error[0]);

    // HTML: the body text is cut at the document limit.
    let html_path = directory.path().join("long.html");
    std::fs::write(&html_path, format!("<p>{line}</p>")).expect("write");
    let outcome = read_path(&html_path, &ReadOptions::default()).expect("read");
    assert!(outcome.documents[0].text.len() <= dyad_intake::DEFAULT_MAX_DOCUMENT_BYTES);
    assert!(outcome
        .diagnostics
        .iter()
        .any(|d| d.message.contains("limit")));
}

#[test]
fn input_over_the_memory_limit_is_skipped() {
    let small = ReadOptions {
        max_input_bytes: 1000,
        max_document_bytes: 100,
        ..ReadOptions::default()
    };
    let page = format!("<p>{}</p>", "word ".repeat(500));
    let outcome = read_bytes(page.as_bytes(), "big.html", &small);
    assert!(outcome.documents.is_empty());
    assert_eq!(errors(&outcome).len(), 1);
}

#[test]
fn billion_laughs_entities_are_never_expanded() {
    let declarations = "<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n<!ENTITY lol9 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n]>\n";
    let petrarch = format!("<?xml version=\"1.0\"?>\n{declarations}<Sentences><Sentence id=\"s1\" date=\"20250101\"><Text>Laughs &lol9; here.</Text></Sentence></Sentences>");
    let rss = format!("<?xml version=\"1.0\"?>\n{declarations}<rss><channel><item><guid>g1</guid><title>&lol9;</title><description>Laughs &lol9; here.</description></item></channel></rss>");
    let atom = format!("<?xml version=\"1.0\"?>\n{declarations}<feed><entry><id>e1</id><content>Laughs &lol9; here.</content></entry></feed>");
    for (input, label) in [
        (petrarch, "laughs.xml"),
        (rss, "laughs.rss"),
        (atom, "laughs.atom"),
    ] {
        let outcome = read_bytes(input.as_bytes(), label, &ReadOptions::default());
        assert_eq!(
            outcome.documents.len(),
            1,
            "{label}: {:?}",
            outcome.diagnostics
        );
        assert_eq!(outcome.documents[0].text, "Laughs &lol9; here.", "{label}");
        assert!(
            outcome
                .diagnostics
                .iter()
                .any(|d| d.message.contains("not expanded")),
            "{label}"
        );
    }
    // HTML knows no DTD entities either.
    let html = read_bytes(
        b"<p>Laughs &lol9; here.</p>",
        "laughs.html",
        &ReadOptions::default(),
    );
    assert_eq!(html.documents[0].text, "Laughs &lol9; here.");
}

#[test]
fn deeply_nested_html_does_not_overflow_the_stack() {
    let depth = 100_000;
    let mut page = String::with_capacity(depth * 12);
    page.push_str("<html><body>");
    for _ in 0..depth {
        page.push_str("<div>");
    }
    page.push_str("Deep text.");
    for _ in 0..depth {
        page.push_str("</div>");
    }
    // Stray end tags for elements that are not open must stay cheap.
    for _ in 0..depth {
        page.push_str("</span>");
    }
    page.push_str("<p>After.</p></body></html>");
    let outcome = read_bytes(page.as_bytes(), "deep.html", &ReadOptions::default());
    assert_eq!(outcome.documents.len(), 1);
    assert_eq!(outcome.documents[0].text, "Deep text.\n\nAfter.");
    assert_all_name_file(&outcome, "deep.html");

    // The same through an RSS description and a PETRARCH text.
    let nested_xml = format!("<rss><channel><item><guid>x</guid><description>Feed text.</description>{}{}</item></channel></rss>", "<a>".repeat(depth), "</a>".repeat(depth));
    let outcome = read_bytes(nested_xml.as_bytes(), "deep.rss", &ReadOptions::default());
    assert_eq!(outcome.documents.len(), 1, "{:?}", outcome.diagnostics);
    let nested_petrarch = format!("<Sentences>{}<Sentence id=\"a\"><Text>Deep.</Text></Sentence>{}<Sentence id=\"b\"><Text>Shallow.</Text></Sentence></Sentences>", "<x>".repeat(depth), "</x>".repeat(depth));
    let outcome = read_bytes(
        nested_petrarch.as_bytes(),
        "deep.xml",
        &options(InputFormat::PetrarchXml),
    );
    let ids: Vec<&str> = outcome.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        ["b"],
        "sentences deeper than the tracked depth are skipped: {:?}",
        outcome.diagnostics
    );
}

#[test]
fn broken_json_lines_do_not_stop_the_others() {
    let input = "{\"id\":\"1\",\"text\":\"One.\"}\n{\"id\":\"2\",\"text\":\n{oops}\n\"just a string\"\n{\"id\":\"3\",\"text\":\"Three.\"}\n{\"id\":\"4\"}\n{\"id\":\"5\",\"text\":5}\n{\"id\":\"6\",\"text\":\"Six.\"}";
    let outcome = read_bytes(input.as_bytes(), "broken.jsonl", &ReadOptions::default());
    let ids: Vec<&str> = outcome.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["1", "3", "6"]);
    let lines: Vec<Option<u64>> = outcome.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(lines, [Some(2), Some(3), Some(4), Some(6), Some(7)]);
    assert_all_name_file(&outcome, "broken.jsonl");
}

#[test]
fn malformed_xml_keeps_the_records_before_the_error() {
    let input = "<Sentences>\n<Sentence id=\"a\" date=\"20250101\"><Text>First.</Text></Sentence>\n<Sentence id=\"b\"><Text>Second <!-- unclosed comment </Text></Sentence>\n";
    let outcome = read_bytes(input.as_bytes(), "bad.xml", &ReadOptions::default());
    assert_eq!(outcome.documents.first().map(|d| d.id.as_str()), Some("a"));
    assert_all_name_file(&outcome, "bad.xml");
    assert!(
        outcome.diagnostics.iter().all(|d| d.line.is_some()),
        "{:?}",
        outcome.diagnostics
    );

    let feed = "<rss><channel><item><guid>a</guid><description>One.</description></item>\n<item><guid>b</guid><description>Two.";
    let outcome = read_bytes(feed.as_bytes(), "cut.rss", &ReadOptions::default());
    let ids: Vec<&str> = outcome.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a"]);
    assert_eq!(errors(&outcome).len(), 1, "{:?}", outcome.diagnostics);
    assert_eq!(outcome.diagnostics[0].line, Some(2));
}

#[test]
fn one_bad_file_does_not_stop_a_run_of_several() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let root = directory.path();
    std::fs::write(
        root.join("a-good.txt"),
        "Ghana and Togo agreed to joint patrols.",
    )
    .expect("write");
    std::fs::write(root.join("b-junk.txt"), [0u8, 159, 146, 150, 0, 0, 1, 2]).expect("write");
    std::fs::create_dir(root.join("c-more")).expect("mkdir");
    std::fs::write(
        root.join("c-more").join("d.jsonl"),
        "{\"id\":\"x\",\"text\":\"Mali expelled an envoy.\"}\nnot json\n",
    )
    .expect("write");
    std::fs::write(root.join("c-more").join("e.html"), "").expect("write");
    let inputs = expand_inputs(&[root]).expect("expand");
    let mut all = ReadOutcome::default();
    for input in &inputs {
        all.extend(read_input(input, &ReadOptions::default()).expect("read"));
    }
    let ids: Vec<String> = all.documents.iter().map(|d| d.id.clone()).collect();
    assert_eq!(
        ids,
        [
            root.join("a-good.txt").display().to_string(),
            "x".to_owned()
        ]
    );
    let paths: Vec<String> = all
        .diagnostics
        .iter()
        .filter_map(|d| d.path.clone())
        .collect();
    assert!(paths.iter().any(|p| p.ends_with("b-junk.txt")));
    assert!(paths.iter().any(|p| p.ends_with("d.jsonl")));
    assert!(paths.iter().any(|p| p.ends_with("e.html")));
}

#[test]
fn missing_files_are_io_errors_naming_the_path() {
    let error = read_path(
        Path::new("/nonexistent/dyad/article.txt"),
        &ReadOptions::default(),
    )
    .expect_err("missing");
    assert!(
        error.to_string().contains("/nonexistent/dyad/article.txt"),
        "{error}"
    );
    let error = expand_inputs(&["/nonexistent/dyad"]).expect_err("missing");
    assert!(error.to_string().contains("/nonexistent/dyad"), "{error}");
}

/// Regression: reading only the head of a long text file could cut a UTF-8
/// character in two, and the text was then decoded as Windows-1252.
#[test]
fn regression_long_text_cut_inside_a_character_stays_utf8() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let path = directory.path().join("long.txt");
    std::fs::write(&path, "é".repeat(1000)).expect("write");
    for limit in 90..100 {
        let options = ReadOptions {
            max_document_bytes: limit,
            ..ReadOptions::default()
        };
        let outcome = read_path(&path, &options).expect("read");
        let text = &outcome.documents[0].text;
        assert!(text.chars().all(|c| c == 'é'), "{limit}: {text}");
        assert!(
            text.len() <= limit && text.len() + 2 > limit,
            "{limit}: {}",
            text.len()
        );
        assert_eq!(
            outcome.diagnostics.len(),
            1,
            "{limit}: {:?}",
            outcome.diagnostics
        );
        assert!(outcome.diagnostics[0].message.contains("limit"));
    }
}
