//! Dated aliases (`dated-alias:` on `@person`): a phrase that names a person
//! only while they hold a title ("the Pope", "the Supreme Leader").

use dyad_dict::Dictionaries;
use dyad_types::{Date, Severity};

const PEOPLE: &str = "@country VAL \"Valoria\"\n  name: Valoria\n\n\
@person anna-holm \"Anna Holm\"\n  name: Anna Holm\n  dated-alias: 2001-01-01..2010-12-31 the High Warden | the Warden\n  role: VAL GOV 2001-01-01..2010-12-31 high warden\n\n\
@person berit-sand \"Berit Sand\"\n  name: Berit Sand\n  dated-alias: 2010-12-31.. the High Warden | the Warden\n  role: VAL GOV 2010-12-31.. high warden\n";

fn people() -> Dictionaries {
    let (dictionaries, diagnostics) =
        Dictionaries::from_texts(None, &[("people.dict", PEOPLE)], None, None);
    assert!(
        diagnostics.iter().all(|d| d.severity != Severity::Error),
        "{diagnostics:?}"
    );
    dictionaries
}

fn name_at(dictionaries: &Dictionaries, phrase: &str, date: Option<Date>) -> Option<String> {
    dictionaries
        .lookup(phrase, date)
        .and_then(|mention| mention.name)
}

#[test]
fn a_dated_alias_names_the_holder_of_the_day() {
    let dictionaries = people();
    let day = |y, m, d| Date::from_ymd_opt(y, m, d);
    assert_eq!(
        name_at(&dictionaries, "the High Warden", day(2005, 5, 5)).as_deref(),
        Some("Anna Holm")
    );
    assert_eq!(
        name_at(&dictionaries, "the Warden said", day(2015, 5, 5)).as_deref(),
        Some("Berit Sand")
    );
    // Before the first holder the alias names no one.
    assert_eq!(
        name_at(&dictionaries, "the High Warden", day(1999, 1, 1)),
        None
    );
    // On the handover day both hold it, so the alias is ambiguous.
    assert_eq!(
        name_at(&dictionaries, "the High Warden", day(2010, 12, 31)),
        None
    );
    // Without a date the open-ended alias counts: the current holder.
    assert_eq!(
        name_at(&dictionaries, "the High Warden", None).as_deref(),
        Some("Berit Sand")
    );
    // Full names are not dated.
    assert_eq!(
        name_at(&dictionaries, "Anna Holm", day(2020, 1, 1)).as_deref(),
        Some("Anna Holm")
    );
    let mention = dictionaries
        .actor_at(&["the", "Warden"], 0, day(2005, 5, 5))
        .expect("matches");
    assert_eq!(mention.code.as_deref(), Some("VALGOV"));
    assert_eq!(
        dictionaries.actor_at(&["the", "Warden"], 0, day(1999, 5, 5)),
        None
    );
}

#[test]
fn a_malformed_dated_alias_is_an_error_with_its_line() {
    let text = "@person x \"X\"\n  name: X Y\n  dated-alias: 2001-13-01.. the Chief\n\n@person z \"Z\"\n  name: Z W\n  dated-alias: 2001-01-01..\n";
    let report = Dictionaries::check_text(text, "bad.dict");
    let lines: Vec<(Severity, Option<u64>)> = report
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.line))
        .collect();
    assert_eq!(
        lines,
        vec![(Severity::Error, Some(3)), (Severity::Error, Some(7))],
        "{:#?}",
        report.diagnostics
    );
    assert_eq!(report.entries, 0);
}
