//! Round trips: documents written in each of the five formats read back
//! with the same text, byte for byte, so that spans computed on the
//! original select the same words in what was read. Also checks the HTML
//! origin map on generated markup.

use dyad_intake::{read_bytes, ReadOptions};
use dyad_types::{Date, Document, InputFormat, Span};
use proptest::prelude::*;

/// A generated article: id, date and paragraphs of words.
#[derive(Debug, Clone)]
struct Article {
    id: String,
    date: Date,
    title: String,
    paragraphs: Vec<Vec<String>>,
}

impl Article {
    fn text(&self) -> String {
        self.paragraphs
            .iter()
            .map(|words| words.join(" "))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// Each word with its byte span in [`Article::text`].
    fn word_spans(&self) -> Vec<(Span, String)> {
        let mut spans = Vec::new();
        let mut offset = 0;
        for (paragraph_index, words) in self.paragraphs.iter().enumerate() {
            if paragraph_index > 0 {
                offset += 2;
            }
            for (word_index, word) in words.iter().enumerate() {
                if word_index > 0 {
                    offset += 1;
                }
                spans.push((Span::new(offset, offset + word.len()), word.clone()));
                offset += word.len();
            }
        }
        spans
    }
}

fn word() -> impl Strategy<Value = String> {
    // Words mix ASCII, accented and multi-byte letters with the characters
    // that markup must escape.
    prop_oneof![
        "[A-Za-z]{1,10}",
        "[a-zà-ÿ]{1,6}",
        Just("&".to_owned()),
        Just("<b>".to_owned()),
        Just("a<b".to_owned()),
        Just("AT&T".to_owned()),
        Just("\"quoted\"".to_owned()),
        Just("it's".to_owned()),
        Just("—".to_owned()),
        Just("Київ".to_owned()),
        Just("&amp;".to_owned()),
        Just("]]>".to_owned()),
        Just("20%".to_owned()),
    ]
}

fn article() -> impl Strategy<Value = Article> {
    (
        "[a-z0-9]{1,12}",
        1u32..=365,
        "[A-Z][a-z]{1,8}( [a-z]{1,8}){0,4}",
        prop::collection::vec(prop::collection::vec(word(), 1..12), 1..5),
    )
        .prop_map(|(id, day, title, paragraphs)| Article {
            id: format!("doc-{id}"),
            date: Date::from_yo_opt(2025, day).unwrap_or_default(),
            title,
            paragraphs,
        })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn html_body(article: &Article) -> String {
    article
        .paragraphs
        .iter()
        .map(|words| format!("<p>{}</p>\n", escape(&words.join(" "))))
        .collect()
}

fn write_html(article: &Article) -> String {
    format!(
        "<!DOCTYPE html>\n<html><head><title>{}</title><meta property=\"article:published_time\" content=\"{}T08:00:00Z\"></head>\n<body><nav><a href=\"/\">Home</a></nav><article>\n{}</article><footer>Footer</footer></body></html>\n",
        escape(&article.title),
        article.date,
        html_body(article)
    )
}

fn write_jsonl(articles: &[Article]) -> String {
    articles
        .iter()
        .map(|article| {
            let object = serde_json::json!({
                "id": article.id, "date": article.date.to_string(), "title": article.title, "text": article.text(),
            });
            format!("{object}\n")
        })
        .collect()
}

fn write_rss(articles: &[Article]) -> String {
    let items: String = articles
        .iter()
        .map(|article| {
            format!(
                "<item><title>{}</title><guid>{}</guid><pubDate>{}</pubDate><description>{}</description></item>\n",
                escape(&article.title),
                article.id,
                article.date.and_hms_opt(10, 0, 0).map(|t| t.and_utc().to_rfc2822()).unwrap_or_default(),
                escape(&html_body(article))
            )
        })
        .collect();
    format!("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire</title>\n{items}</channel></rss>\n")
}

fn write_atom(articles: &[Article]) -> String {
    let entries: String = articles
        .iter()
        .map(|article| {
            format!(
                "<entry><title>{}</title><id>{}</id><published>{}T10:00:00Z</published><content type=\"text\">{}</content></entry>\n",
                escape(&article.title),
                article.id,
                article.date,
                escape(&article.text())
            )
        })
        .collect();
    format!("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Wire</title>\n{entries}</feed>\n")
}

fn write_petrarch(articles: &[Article]) -> String {
    let sentences: String = articles
        .iter()
        .map(|article| {
            format!(
                "<Sentence date=\"{}\" id=\"{}\" source=\"Wire\">\n<Text>\n{}\n</Text>\n</Sentence>\n",
                article.date.format("%Y%m%d"),
                article.id,
                escape(&article.text())
            )
        })
        .collect();
    format!("<Sentences>\n{sentences}</Sentences>\n")
}

fn assert_same(document: &Document, article: &Article, check_id: bool) {
    assert_eq!(document.text, article.text());
    assert_eq!(document.date, Some(article.date));
    if check_id {
        assert_eq!(document.id, article.id);
    }
    for (span, word) in article.word_spans() {
        assert_eq!(document.slice(span), Some(word.as_str()), "span {span:?}");
    }
}

/// Every origin segment is in bounds; one of equal length copies the input
/// byte for byte; one of different length is a decoded reference.
fn assert_origin_is_exact(document: &Document, input: &str) {
    let mut previous_end = 0;
    for segment in &document.origin {
        assert!(segment.text.start >= previous_end, "segments out of order");
        previous_end = segment.text.end;
        let text = document.slice(segment.text).expect("text range");
        let source = segment.input.slice(input).expect("input range");
        if segment.text.len() == segment.input.len() {
            assert_eq!(text, source);
        } else {
            assert!(
                source.starts_with('&') && source.ends_with(';'),
                "{source:?} -> {text:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn plain_text_is_the_file_exactly(article in article()) {
        let text = article.text();
        // The format is named: a text that starts with "<b>" would
        // otherwise rightly be taken for markup.
        let options = ReadOptions { format: Some(InputFormat::Text), default_date: Some(article.date), ..ReadOptions::default() };
        let outcome = read_bytes(text.as_bytes(), "article.txt", &options);
        prop_assert_eq!(outcome.documents.len(), 1);
        assert_same(&outcome.documents[0], &Article { id: "article.txt".to_owned(), ..article }, true);
    }

    #[test]
    fn html_round_trips_with_exact_origin(article in article()) {
        let input = write_html(&article);
        let outcome = read_bytes(input.as_bytes(), "article.html", &ReadOptions::default());
        prop_assert_eq!(outcome.documents.len(), 1);
        let document = &outcome.documents[0];
        prop_assert_eq!(document.format, InputFormat::Html);
        assert_same(document, &article, false);
        prop_assert_eq!(document.title.as_deref(), Some(article.title.as_str()));
        assert_origin_is_exact(document, &input);
        // Every word of the text is covered by the origin map.
        let covered: usize = document.origin.iter().map(|segment| segment.text.len()).sum();
        let separators = article.paragraphs.len().saturating_sub(1) * 2;
        prop_assert_eq!(covered + separators, document.text.len());
    }

    #[test]
    fn jsonl_rss_atom_and_petrarch_round_trip(articles in prop::collection::vec(article(), 1..4)) {
        let mut unique = articles.clone();
        for (index, article) in unique.iter_mut().enumerate() {
            article.id = format!("{}-{index}", article.id);
        }
        for (format, input) in [
            (InputFormat::Jsonl, write_jsonl(&unique)),
            (InputFormat::Rss, write_rss(&unique)),
            (InputFormat::Atom, write_atom(&unique)),
            (InputFormat::PetrarchXml, write_petrarch(&unique)),
        ] {
            let outcome = read_bytes(input.as_bytes(), "input", &ReadOptions::default());
            prop_assert_eq!(outcome.documents.len(), unique.len(), "{:?}: {:?}", format, outcome.diagnostics);
            for (document, article) in outcome.documents.iter().zip(&unique) {
                prop_assert_eq!(document.format, format);
                assert_same(document, article, true);
            }
        }
    }

    #[test]
    fn messy_html_origin_is_exact(pieces in prop::collection::vec(prop_oneof![
        Just("<p>"), Just("</p>"), Just("<div class=\"share-bar\">"), Just("</div>"), Just("&amp;"), Just("&mdash;"),
        Just("&bogus;"), Just("  \n "), Just(" "), Just("Talks"), Just("é"), Just("<!-- note -->"), Just("<script>x<p>y</script>"),
        Just("<br/>"), Just("<"), Just("&"), Just(">"), Just("<b>"), Just("</b>"), Just("<article>"), Just("</article>"),
        Just("<li>"), Just("&#8217;"), Just("&#x1F600;"), Just("\u{feff}"), Just("<nav>"), Just("</nav>"), Just("Kyiv"),
    ], 0..60)) {
        let input: String = pieces.concat();
        let outcome = read_bytes(input.as_bytes(), "messy.html", &ReadOptions { format: Some(InputFormat::Html), ..ReadOptions::default() });
        for document in &outcome.documents {
            assert_origin_is_exact(document, &input);
            for span in &document.excluded {
                prop_assert!(document.slice(*span).is_some());
            }
        }
    }
}

#[test]
fn example_page_origin_is_exact() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/page-with-boilerplate.html");
    let input = std::fs::read_to_string(&path).expect("read example page");
    let outcome = read_bytes(input.as_bytes(), "page.html", &ReadOptions::default());
    let document = &outcome.documents[0];
    assert!(document.origin.len() > 10);
    assert_origin_is_exact(document, &input);
}
