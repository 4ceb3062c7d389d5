//! End-to-end tests of the `dyad` binary with the real model package and
//! the built-in dictionaries: intake → NLP → coder → JSON Lines.
//!
//! They read the shared data beside the repository (`../shared`, or
//! `DYAD_SHARED`) and the model package fetched by `scripts/setup.sh`.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> PathBuf {
    std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared"))
}

fn dyad(arguments: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(arguments)
        .current_dir(workspace())
        .output()
        .expect("the dyad binary runs");
    assert!(
        output.status.success(),
        "dyad {arguments:?} failed with {:?}:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .expect("UTF-8 output")
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

fn code(actor: &Value) -> &str {
    actor.get("code").and_then(Value::as_str).unwrap_or("")
}

/// The seed article, dated 2025-08-19, gives the events a careful human
/// coder records, and every span in every record selects its text.
#[test]
fn seed_article_codes_the_key_events_with_exact_spans() {
    let article = shared().join("seed/article.txt");
    let text = std::fs::read_to_string(&article).expect("the seed article is in ../shared/seed");
    let events = json_lines(&dyad(&[
        "code",
        "--quiet",
        "--date",
        "2025-08-19",
        article.to_str().expect("UTF-8 path"),
    ]));
    assert!(!events.is_empty());

    for event in &events {
        let trigger = &event["trigger"];
        let (start, end) = (
            trigger["start"].as_u64().expect("start") as usize,
            trigger["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(
            text.get(start..end),
            trigger["text"].as_str(),
            "trigger span of {event}"
        );
        let sentence = &event["sentence_span"];
        let (start, end) = (
            sentence["start"].as_u64().expect("start") as usize,
            sentence["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(
            text.get(start..end),
            event["sentence"].as_str(),
            "sentence span of {event}"
        );
        assert_eq!(event["event_id"].as_str().map(str::len), Some(16));
    }

    let find = |predicate: &dyn Fn(&Value) -> bool, what: &str| -> Value {
        events
            .iter()
            .find(|event| predicate(event))
            .cloned()
            .unwrap_or_else(|| {
                panic!(
                    "no event for {what} among:\n{}",
                    events
                        .iter()
                        .map(Value::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            })
    };
    // Trump's call to Putin, on Monday 2025-08-18.
    let call = find(
        &|e| {
            e["cameo"] == "041" && code(&e["source"]) == "USAGOV" && code(&e["target"]) == "RUSGOV"
        },
        "Trump phoning Putin",
    );
    assert_eq!(call["modality"], "asserted");
    assert_eq!(call["date"], "2025-08-18");
    // The planned Putin–Zelensky meeting.
    find(
        &|e| {
            e["modality"] == "planned"
                && e["cameo"]
                    .as_str()
                    .is_some_and(|c| c.starts_with("04") || c.starts_with("03"))
                && code(&e["source"]) == "RUSGOV"
                && code(&e["target"]) == "UKRGOV"
        },
        "the planned Putin–Zelensky meeting",
    );
    // Putin's readiness to meet, credited to a source cited by AFP.
    find(
        &|e| {
            code(&e["source"]) == "RUSGOV"
                && e["attribution"]["text"]
                    .as_str()
                    .is_some_and(|text| text.contains("AFP"))
        },
        "Putin's readiness attributed to AFP's source",
    );
    // Ukraine's rejection and European praise.
    find(
        &|e| {
            e["cameo"].as_str().is_some_and(|c| c.starts_with("12")) && code(&e["source"]) == "UKR"
        },
        "Ukraine rejecting",
    );
    find(
        &|e| e["cameo"] == "051" && code(&e["target"]) == "USAGOV",
        "European praise of Trump",
    );
    // Macron's and Merz's calls (appeals, root 02).
    find(
        &|e| {
            e["cameo"].as_str().is_some_and(|c| c.starts_with("02"))
                && code(&e["source"]) == "FRAGOV"
        },
        "Macron's call",
    );
    find(
        &|e| {
            e["cameo"].as_str().is_some_and(|c| c.starts_with("02"))
                && code(&e["source"]) == "DEUGOV"
        },
        "Merz's call",
    );
    // The overnight strikes that killed at least seven civilians.
    let strikes = find(
        &|e| {
            e["cameo"].as_str().is_some_and(|c| c.starts_with("19")) && code(&e["source"]) == "RUS"
        },
        "Russian strikes",
    );
    assert_eq!(strikes["fatalities"], 7);
    // Issue 6 review, one check per construction fixed in the coder.
    let pairs_of = |cameo: &str, trigger: &str| -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = events
            .iter()
            .filter(|e| e["cameo"] == cameo && e["trigger"]["text"] == trigger)
            .map(|e| (code(&e["source"]).to_owned(), code(&e["target"]).to_owned()))
            .collect();
        found.sort();
        found.dedup();
        found
    };
    let pair = |source: &str, target: &str| (source.to_owned(), target.to_owned());
    // "talks at the White House with Zelensky and European leaders": one event per target.
    assert_eq!(
        pairs_of("040", "talks"),
        vec![pair("USAGOV", "EURGOV"), pair("USAGOV", "UKRGOV")]
    );
    let talks = find(
        &|e| e["trigger"]["text"] == "talks" && code(&e["target"]) == "UKRGOV",
        "the Trump–Zelensky talks",
    );
    assert_eq!(talks["modality"], "asserted");
    assert_eq!(talks["date"], "2025-08-18");
    assert_eq!(talks["location"]["country"], "USA");
    // The speaker is Trump, not the headline before him.
    assert_eq!(
        talks["attribution"]["actor"]["text"],
        "US President Donald Trump"
    );
    // "“... I called President Putin ...,” Trump posted": a phone call by Trump.
    let quoted_call = find(
        &|e| e["trigger"]["text"] == "called" && e["source"]["text"] == "I",
        "the quoted call",
    );
    assert_eq!(quoted_call["cameo"], "041");
    assert_eq!(code(&quoted_call["source"]), "USAGOV");
    assert_eq!(code(&quoted_call["target"]), "RUSGOV");
    assert_eq!(quoted_call["modality"], "asserted");
    // The White House hosted the gathering: USA hosts every participant but itself.
    assert_eq!(
        pairs_of("043", "hosted"),
        vec![
            pair("USAGOV", "DEUGOV"),
            pair("USAGOV", "FINGOV"),
            pair("USAGOV", "FRAGOV"),
            pair("USAGOV", "GBRGOV"),
            pair("USAGOV", "IGOEUREEC"),
            pair("USAGOV", "IGOWSTNAT"),
            pair("USAGOV", "ITAGOV"),
            pair("USAGOV", "UKRGOV"),
        ]
    );
    let hosted = find(&|e| e["cameo"] == "043", "the hosted gathering");
    assert_eq!(hosted["location"]["name"], "White House");
    assert_eq!(hosted["location"]["country"], "USA");
    assert_eq!(hosted["modality"], "asserted");
    // "whom he met in Alaska last week": the place has its country.
    let alaska = find(&|e| e["trigger"]["text"] == "met", "the Alaska meeting");
    assert_eq!(alaska["location"]["country"], "USA");
    assert_eq!(alaska["date_text"], "last week");
    // "his first one-on-one Oval Office meeting with Trump".
    let oval = find(
        &|e| {
            e["cameo"] == "040" && code(&e["source"]) == "UKRGOV" && code(&e["target"]) == "USAGOV"
        },
        "the Oval Office meeting",
    );
    assert_eq!(oval["location"]["name"], "Oval Office");
    // "Russia continues to oppose Ukraine joining NATO": the opposition, not the joining.
    let opposition = find(&|e| e["trigger"]["text"] == "oppose", "Russia's opposition");
    assert_eq!(code(&opposition["source"]), "RUS");
    assert_eq!(code(&opposition["target"]), "UKR");
    assert!(events.iter().all(|e| e["trigger"]["text"] != "joining"));
    // "He also raised the prospect of “exchanges of territory” with Russia — a
    // proposal Ukraine has rejected": Ukraine rejects Trump's proposal.
    let rejection = find(
        &|e| e["trigger"]["text"] == "rejected",
        "Ukraine's rejection",
    );
    assert_eq!(code(&rejection["source"]), "UKR");
    assert_eq!(code(&rejection["target"]), "USAGOV");
    // "he reiterated pressure on Kyiv to consider concessions": a demand that
    // Kyiv yields, carried by "reiterated", which is no statement of its own.
    let pressure = find(&|e| e["trigger"]["text"] == "pressure", "pressure on Kyiv");
    assert_eq!(pressure["cameo"], "105");
    assert_eq!(code(&pressure["source"]), "USAGOV");
    assert_eq!(code(&pressure["target"]), "UKRGOV");
    assert_eq!(pressure["modality"], "asserted");
    assert!(events.iter().all(|e| e["trigger"]["text"] != "reiterated"));
    // "NATO chief Mark Rutte voiced enthusiasm": praise with no invented target, once.
    let enthusiasm: Vec<&Value> = events
        .iter()
        .filter(|e| code(&e["source"]) == "IGOWSTNAT")
        .collect();
    assert_eq!(enthusiasm.len(), 1, "{enthusiasm:?}");
    assert_eq!(enthusiasm[0]["cameo"], "051");
    assert!(enthusiasm[0]["target"].is_null());
    // "Merz urged a ceasefire before broader peace talks": an appeal for a
    // ceasefire; the talks are only when.
    let urged = find(&|e| e["trigger"]["text"] == "urged", "Merz's appeal");
    assert_eq!(urged["cameo"], "0256");
    assert_eq!(code(&urged["source"]), "DEUGOV");
    // "warning against ...": disapproval, not a threat.
    let warning = find(&|e| e["trigger"]["text"] == "warning", "Merz's warning");
    assert_eq!(warning["cameo"], "110");
    assert_eq!(code(&warning["source"]), "DEUGOV");
    // "warning against forcing Ukraine to cede land": nothing inside the warning,
    // and Merz is not the one forcing.
    assert!(events
        .iter()
        .all(|e| e["trigger"]["text"] != "forcing" && e["trigger"]["text"] != "cede"));
    // The headline is not turned into events.
    assert!(events
        .iter()
        .all(|e| e["sentence_index"].as_u64() != Some(0)
            || e["trigger"]["start"].as_u64() > Some(80)));
}

/// `dyad annotate` reproduces spaCy's output byte for byte on our own
/// parity fixtures.
#[test]
fn annotate_matches_spacy_on_our_fixtures() {
    let fixtures = workspace().join("crates/nlp/test_data/parity");
    let output = dyad(&[
        "annotate",
        "--quiet",
        fixtures.join("input.jsonl").to_str().expect("UTF-8 path"),
    ]);
    let expected =
        std::fs::read_to_string(fixtures.join("expected.jsonl")).expect("expected output");
    let produced = String::from_utf8(output.stdout).expect("UTF-8 output");
    let differing: Vec<usize> = expected
        .lines()
        .zip(produced.lines())
        .enumerate()
        .filter(|(_, (want, got))| want != got)
        .map(|(index, _)| index + 1)
        .collect();
    assert_eq!(expected.lines().count(), produced.lines().count());
    assert!(
        differing.is_empty(),
        "lines differing from spaCy: {differing:?}"
    );
}

/// `dyad eval` scores our own gold files end to end (real NLP, built-in
/// dictionaries). The floors are the scores measured when the test was
/// written, less a small margin: a drop below them is a regression.
#[test]
fn eval_scores_our_gold_files() {
    let petrarch = json_report(&dyad(&[
        "eval",
        "--quiet",
        "--json",
        "eval/gold/dyad-petrarch.xml",
    ]));
    assert!(petrarch["items"].as_u64() >= Some(250), "{petrarch}");
    let f1 = petrarch["f1"].as_f64().expect("f1");
    assert!(
        f1 >= PETRARCH_F1_FLOOR,
        "triple F1 {f1} fell below {PETRARCH_F1_FLOOR}"
    );

    let plover = json_report(&dyad(&[
        "eval",
        "--quiet",
        "--json",
        "eval/gold/dyad-plover.json",
    ]));
    assert!(plover["items"].as_u64() >= Some(120), "{plover}");
    let accuracy = plover["accuracy"].as_f64().expect("accuracy");
    assert!(
        accuracy >= PLOVER_ACCURACY_FLOOR,
        "PLOVER accuracy {accuracy} fell below {PLOVER_ACCURACY_FLOOR}"
    );
}

const PETRARCH_F1_FLOOR: f64 = 0.75;
const PLOVER_ACCURACY_FLOOR: f64 = 0.95;

fn json_report(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("a JSON report")
}
