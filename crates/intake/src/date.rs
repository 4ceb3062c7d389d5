//! Parsing of the date forms found in news metadata.
//!
//! Only the calendar date is kept. A timestamp with a time zone keeps the
//! date as the publisher wrote it, because that is the day the outlet
//! considered the story published, and converting to UTC would move late
//! evening stories to the next day.

use dyad_types::Date;

/// Parses a publication date written in one of the common forms:
/// ISO 8601 / RFC 3339 (`2025-03-04`, `2025-03-04T10:00:00Z`), RFC 2822
/// (`Tue, 4 Mar 2025 10:00:00 +0000`), compact `20250304`, slashed
/// `2025/03/04`, and English forms such as `4 March 2025` or
/// `March 4, 2025`. Returns `None` for anything else; never panics.
pub fn parse_date(input: &str) -> Option<Date> {
    let trimmed = input.trim();
    if trimmed.is_empty() || trimmed.len() > 100 {
        return None;
    }
    if let Some(date) = parse_compact(trimmed) {
        return Some(date);
    }
    if let Some(date) = parse_iso_prefix(trimmed) {
        return Some(date);
    }
    if let Ok(date_time) = chrono::DateTime::parse_from_rfc2822(trimmed) {
        return Some(date_time.date_naive());
    }
    parse_english(trimmed)
}

/// `YYYYMMDD`, the form PETRARCH files use.
fn parse_compact(text: &str) -> Option<Date> {
    if text.len() != 8 || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let year = text.get(0..4)?.parse().ok()?;
    let month = text.get(4..6)?.parse().ok()?;
    let day = text.get(6..8)?.parse().ok()?;
    Date::from_ymd_opt(year, month, day)
}

/// `YYYY-MM-DD` or `YYYY/MM/DD`, optionally followed by a time (`T...` or a
/// space), which is ignored.
fn parse_iso_prefix(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() < 10 {
        return None;
    }
    let separator = *bytes.get(4)?;
    if !(separator == b'-' || separator == b'/') || bytes.get(7) != Some(&separator) {
        return None;
    }
    let digits_ok = [0, 1, 2, 3, 5, 6, 8, 9]
        .iter()
        .all(|&index| bytes.get(index).is_some_and(u8::is_ascii_digit));
    if !digits_ok {
        return None;
    }
    if let Some(next) = bytes.get(10) {
        if !(matches!(next, b'T' | b't' | b' ') || next.is_ascii_whitespace()) {
            return None;
        }
    }
    let year = text.get(0..4)?.parse().ok()?;
    let month = text.get(5..7)?.parse().ok()?;
    let day = text.get(8..10)?.parse().ok()?;
    Date::from_ymd_opt(year, month, day)
}

/// English forms: `4 March 2025`, `March 4, 2025`, `Mar 4 2025`, with an
/// optional leading weekday.
fn parse_english(text: &str) -> Option<Date> {
    let cleaned: String = text
        .chars()
        .map(|c| if c == ',' || c == '.' { ' ' } else { c })
        .collect();
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.first().is_some_and(|word| weekday(word)) {
        words.remove(0);
    }
    let (first, second, third) = (words.first()?, words.get(1)?, words.get(2)?);
    let (day_word, month_word, year_word) = if month_number(first).is_some() {
        (second, first, third)
    } else {
        (first, second, third)
    };
    let day: u32 = day_word
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()?;
    let month = month_number(month_word)?;
    let year: i32 = year_word.parse().ok()?;
    if !(1000..=9999).contains(&year) {
        return None;
    }
    Date::from_ymd_opt(year, month, day)
}

fn weekday(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .any(|prefix| lower.starts_with(prefix))
}

fn month_number(word: &str) -> Option<u32> {
    let lower = word.to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .position(|month| month.starts_with(&lower))
        .and_then(|index| u32::try_from(index + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        Date::from_ymd_opt(year, month, day)
    }

    #[test]
    fn common_forms_parse() {
        assert_eq!(parse_date("20080801"), ymd(2008, 8, 1));
        assert_eq!(parse_date("2008-08-01"), ymd(2008, 8, 1));
        assert_eq!(parse_date(" 2025-03-04T23:30:00-05:00 "), ymd(2025, 3, 4));
        assert_eq!(parse_date("2025-03-04T10:00:00Z"), ymd(2025, 3, 4));
        assert_eq!(parse_date("2025/03/04"), ymd(2025, 3, 4));
        assert_eq!(
            parse_date("Tue, 4 Mar 2025 10:00:00 +0000"),
            ymd(2025, 3, 4)
        );
        assert_eq!(parse_date("Tue, 04 Mar 2025 10:00:00 GMT"), ymd(2025, 3, 4));
        assert_eq!(parse_date("4 March 2025"), ymd(2025, 3, 4));
        assert_eq!(parse_date("March 4, 2025"), ymd(2025, 3, 4));
        assert_eq!(parse_date("Tuesday, March 4th, 2025"), ymd(2025, 3, 4));
    }

    #[test]
    fn nonsense_gives_none() {
        for input in [
            "",
            "yesterday",
            "2025-13-01",
            "20251340",
            "2025-02-30",
            "Ma 4 2025",
            "٢٠٢٥",
            "2025-03-0٤",
        ] {
            assert_eq!(parse_date(input), None, "{input}");
        }
    }
}

/// Finds a date written in the dateline of a plain-text article: the start
/// of the first non-blank line, up to a dash or an opening parenthesis
/// within its first 100 bytes, as in "GENEVA, March 4, 2025 (Wire) — ..."
/// or "NAIROBI, 2025-03-04 — ...". A first line without such a dateline
/// gives `None`, so body text that mentions a date is not taken for the
/// publication date.
pub fn date_in_first_line(text: &str) -> Option<Date> {
    let line = text.lines().find(|line| !line.trim().is_empty())?;
    let mut prefix_end = line.len().min(100);
    while !line.is_char_boundary(prefix_end) {
        prefix_end -= 1;
    }
    let prefix = line.get(..prefix_end)?;
    let dateline_end = ["—", "–", " - ", "("]
        .iter()
        .filter_map(|marker| prefix.find(marker))
        .min()?;
    let line = prefix.get(..dateline_end)?;
    let cleaned: String = line
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '/' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    for (index, word) in words.iter().enumerate() {
        if word.len() >= 10 {
            if let Some(date) = parse_iso_prefix(word) {
                return Some(date);
            }
        }
        if let Some(window) = words.get(index..index + 3) {
            if window.iter().any(|word| month_number(word).is_some()) {
                if let Some(date) = parse_english(&window.join(" ")) {
                    return Some(date);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod dateline_tests {
    use super::*;

    #[test]
    fn datelines_are_found_and_body_dates_are_not() {
        assert_eq!(
            date_in_first_line("GENEVA, March 4, 2025 (Wire) — Envoys met."),
            Date::from_ymd_opt(2025, 3, 4)
        );
        assert_eq!(
            date_in_first_line("\nNAIROBI, 2025-06-12 — Talks."),
            Date::from_ymd_opt(2025, 6, 12)
        );
        assert_eq!(
            date_in_first_line("Envoys met in Geneva.\nOn March 4, 2025 they left."),
            None
        );
        assert_eq!(date_in_first_line("May the talks go on."), None);
        assert_eq!(
            date_in_first_line("The talks on March 4, 2025 failed."),
            None
        );
        let long = format!(
            "BERLIN, 3 March 2025 — {}",
            "Germany and Poland agreed. ".repeat(20)
        );
        assert_eq!(date_in_first_line(&long), Date::from_ymd_opt(2025, 3, 3));
    }
}
