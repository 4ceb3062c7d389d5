//! The storyline acceptance test on the seed article (dated 2025-08-19):
//! the real `dyad code` codes it, and `dyad storylines --events` must open
//! two storylines — the Putin–Zelensky meeting (proposed, place to be
//! determined, mediator USA, Putin's readiness credited to a source cited
//! by AFP) and the three-way summit.
//!
//! The seed text is read from the shared data directory
//! (`<workspace>/../shared`, or `DYAD_SHARED`), never from the repository,
//! and the model package is found as `dyad code` finds it.

use std::path::PathBuf;
use std::process::Command;

fn shared_directory() -> PathBuf {
    match std::env::var_os("DYAD_SHARED") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

fn run(arguments: &[&std::ffi::OsStr]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(arguments)
        .output()
        .expect("run dyad");
    assert!(
        output.status.success(),
        "dyad {:?} failed: {}",
        arguments,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn seed_article_opens_the_meeting_and_the_three_way_summit() {
    let seed = shared_directory().join("seed/article.txt");
    let scratch = std::env::temp_dir().join(format!("dyad-storyline-seed-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch directory");
    let events = scratch.join("events.jsonl");
    run(&[
        "code".as_ref(),
        "--quiet".as_ref(),
        "--date".as_ref(),
        "2025-08-19".as_ref(),
        "--output".as_ref(),
        events.as_os_str(),
        seed.as_os_str(),
    ]);
    let listing = run(&[
        "storylines".as_ref(),
        "--date".as_ref(),
        "2025-08-19".as_ref(),
        "--events".as_ref(),
        events.as_os_str(),
        "--format".as_ref(),
        "jsonl".as_ref(),
    ]);
    let _ = std::fs::remove_dir_all(&scratch);
    let storylines: Vec<serde_json::Value> = listing
        .lines()
        .map(|line| serde_json::from_str(line).expect("a storyline per line"))
        .collect();
    let participants = |storyline: &serde_json::Value| -> Vec<String> {
        storyline["participants"]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|code| code.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let newest = |storyline: &serde_json::Value, attribute: &str| -> Option<String> {
        storyline[attribute]
            .as_array()
            .and_then(|values| values.last())
            .and_then(|value| value["value"].as_str())
            .map(str::to_owned)
    };
    assert_eq!(storylines.len(), 2, "{listing}");

    let meeting = storylines
        .iter()
        .find(|storyline| participants(storyline) == ["RUS", "UKR"])
        .unwrap_or_else(|| panic!("no RUS-UKR storyline: {listing}"));
    assert!(
        matches!(meeting["kind"].as_str(), Some("meeting" | "summit")),
        "{meeting}"
    );
    assert_eq!(meeting["status"], "proposed");
    assert_eq!(meeting["opened_on"], "2025-08-19");
    assert_eq!(
        newest(meeting, "place").as_deref(),
        Some("to be determined")
    );
    assert_eq!(newest(meeting, "mediator").as_deref(), Some("USA"));
    let readiness = meeting["claims"]
        .as_array()
        .and_then(|claims| {
            claims
                .iter()
                .find(|claim| claim["participant"] == "RUS" && claim["stance"] == "supports")
        })
        .unwrap_or_else(|| panic!("no claim that Putin is ready: {meeting}"));
    assert!(
        readiness["claimed_by"]
            .as_str()
            .is_some_and(|text| text.contains("a source cited by AFP")),
        "{readiness}"
    );

    let summit = storylines
        .iter()
        .find(|storyline| participants(storyline) == ["RUS", "UKR", "USA"])
        .unwrap_or_else(|| panic!("no three-way storyline: {listing}"));
    assert_eq!(summit["kind"], "summit");
    assert_eq!(summit["status"], "proposed");
    assert_eq!(newest(summit, "format").as_deref(), Some("trilateral"));
}
