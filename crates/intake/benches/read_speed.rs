//! Read throughput of the intake readers on 10,000 generated wire-style
//! articles per format.
//!
//! The reference is the floor any JSON Lines reader pays: `serde_json`
//! parsing each line into a generic value, measured in the same run on the
//! same data. The HTML, feed and PETRARCH figures are compared with it too,
//! as a yardstick for "how many times the cost of just parsing JSON".

use dyad_intake::{read_bytes, ReadOptions};
use dyad_types::InputFormat;
use std::hint::black_box;
use std::time::{Duration, Instant};

const ARTICLES: usize = 10_000;

const SENTENCES: &[&str] = &[
    "The foreign ministers of France and Germany met in Berlin on Tuesday to discuss support for Ukraine.",
    "Officials said the talks had been constructive & that a further meeting would be arranged next month.",
    "The United Nations Secretary-General urged both sides to respect the ceasefire agreed in Doha.",
    "Protesters gathered outside the embassy, demanding the release of two detained journalists.",
    "The army said it had shelled positions held by rebels near the border, killing at least 12 fighters.",
    "China's foreign ministry spokesperson told reporters that Beijing opposed any new sanctions.",
];

fn article_text(index: usize) -> String {
    let mut paragraphs = Vec::new();
    for paragraph in 0..6 {
        let sentences: Vec<&str> = (0..4)
            .map(|k| SENTENCES[(index + paragraph + k) % SENTENCES.len()])
            .collect();
        paragraphs.push(sentences.join(" "));
    }
    paragraphs.join("\n\n")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn time<F: Fn() -> usize>(run: F) -> (Duration, usize) {
    // The best of three runs, to keep noise from other processes out.
    let mut best = Duration::MAX;
    let mut count = 0;
    for _ in 0..3 {
        let start = Instant::now();
        count = black_box(run());
        best = best.min(start.elapsed());
    }
    (best, count)
}

fn main() {
    let texts: Vec<String> = (0..ARTICLES).map(article_text).collect();
    let total_text_bytes: usize = texts.iter().map(String::len).sum();
    let jsonl: String = texts
        .iter()
        .enumerate()
        .map(|(i, text)| format!("{}\n", serde_json::json!({"id": format!("a{i}"), "date": "2025-03-04", "title": "Talks", "text": text})))
        .collect();
    let pages: Vec<String> = texts
        .iter()
        .map(|text| {
            let body: String = text.split("\n\n").map(|p| format!("<p>{}</p>\n", escape(p))).collect();
            format!("<!DOCTYPE html><html><head><title>Talks</title><meta property=\"article:published_time\" content=\"2025-03-04\"><script>var a=1;</script></head><body><nav><a href=\"/\">Home</a></nav><article><h1>Talks</h1>{body}<p>Comments are closed.</p></article><footer>Footer</footer></body></html>")
        })
        .collect();
    let rss = format!(
        "<rss><channel><title>Wire</title>{}</channel></rss>",
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| format!("<item><guid>g{i}</guid><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate><description>{}</description></item>", escape(&escape(text))))
            .collect::<String>()
    );
    let petrarch = format!(
        "<Sentences>{}</Sentences>",
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| format!(
                "<Sentence id=\"s{i}\" date=\"20250304\" source=\"W\"><Text>{}</Text></Sentence>\n",
                escape(text)
            ))
            .collect::<String>()
    );
    let options = ReadOptions::default();

    let reference_run = || {
        jsonl
            .lines()
            .filter(|line| serde_json::from_str::<serde_json::Value>(line).is_ok())
            .count()
    };
    let html_options = ReadOptions {
        format: Some(InputFormat::Html),
        ..ReadOptions::default()
    };
    type Reader<'a> = Box<dyn Fn() -> usize + 'a>;
    let readers: Vec<(&str, Reader)> = vec![
        (
            "text",
            Box::new(|| {
                texts
                    .iter()
                    .map(|text| {
                        read_bytes(text.as_bytes(), "a.txt", &options)
                            .documents
                            .len()
                    })
                    .sum()
            }),
        ),
        (
            "jsonl",
            Box::new(|| {
                read_bytes(jsonl.as_bytes(), "a.jsonl", &options)
                    .documents
                    .len()
            }),
        ),
        (
            "html",
            Box::new(|| {
                pages
                    .iter()
                    .map(|page| {
                        read_bytes(page.as_bytes(), "a.html", &html_options)
                            .documents
                            .len()
                    })
                    .sum()
            }),
        ),
        (
            "rss",
            Box::new(|| {
                read_bytes(rss.as_bytes(), "a.rss", &options)
                    .documents
                    .len()
            }),
        ),
        (
            "petrarch-xml",
            Box::new(|| {
                read_bytes(petrarch.as_bytes(), "a.xml", &options)
                    .documents
                    .len()
            }),
        ),
    ];
    // The machine is shared, so the reference is measured right before each
    // reader and each ratio uses its own reference figure.
    println!(
        "articles: {ARTICLES}, article text: {:.1} MB in total",
        total_text_bytes as f64 / 1e6
    );
    println!("reference: serde_json::Value per JSONL line, measured right before each reader");
    for (name, run) in &readers {
        let (reference, parsed) = time(reference_run);
        assert_eq!(parsed, ARTICLES);
        let (duration, documents) = time(run);
        assert_eq!(documents, ARTICLES, "{name}");
        println!(
            "{name:>13}: {:8.1} ms for {ARTICLES} articles, {:6.1} MB/s of text, reference {:6.1} ms, {:5.2}x the reference",
            duration.as_secs_f64() * 1e3,
            total_text_bytes as f64 / 1e6 / duration.as_secs_f64(),
            reference.as_secs_f64() * 1e3,
            duration.as_secs_f64() / reference.as_secs_f64()
        );
    }
}
