//! Time expressions and the dates they give.
//!
//! A time expression is found on tokens ("Monday", "yesterday", "last week",
//! "in February", "on August 15, 2025") and resolved against the document
//! date. Weekdays point back to the most recent such day on or before the
//! document date for past events and forward to the next one for planned
//! events. Periods ("last week", "in February") resolve to their first day
//! with a precision (week, month, year), so that no made-up day passes for
//! a known one.

use crate::tree::SentenceTree;
use chrono::{Datelike, Duration, Weekday};
use dyad_types::Date;

/// A time expression in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeExpression {
    /// First token (sentence-local).
    pub first: usize,
    /// Last token (sentence-local, inclusive).
    pub last: usize,
    /// The token the expression hangs from in the tree.
    pub anchor: usize,
    /// What it means.
    pub meaning: TimeMeaning,
}

/// The meaning of a time expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeMeaning {
    /// A weekday name.
    Weekday(Weekday),
    /// A signed number of days from the document date (yesterday = −1).
    RelativeDays(i64),
    /// A month and day, with a year when written.
    MonthDay {
        month: u32,
        day: u32,
        year: Option<i32>,
    },
    /// A week, month or year counted from the document date's own
    /// ("last week" is the week before, "this year" the current one).
    RelativePeriod {
        /// Week, month or year.
        unit: DatePrecision,
        /// How many such periods after the document date's (negative: before).
        offset: i32,
    },
    /// A month named without a day ("in February"), with its year when written.
    Month { month: u32, year: Option<i32> },
    /// A period with no defined start ("last weekend", "the past week").
    Period,
}

/// How precise a resolved date is: the day itself, or the first day of the
/// week (Monday), month or year the text names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    /// A single day.
    Day,
    /// A week starting on Monday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

fn weekday(word: &str) -> Option<Weekday> {
    Some(match word.to_lowercase().as_str() {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// The month number of a month name or common abbreviation.
pub fn month(word: &str) -> Option<u32> {
    let lower = word.trim_end_matches('.').to_lowercase();
    const NAMES: [&str; 12] = [
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
    NAMES
        .iter()
        .position(|name| {
            *name == lower
                || (lower.len() >= 3
                    && lower != "may"
                    && name.starts_with(&lower)
                    && lower.len() <= 4)
        })
        .map(|index| index as u32 + 1)
}

/// Finds the time expressions of a sentence.
pub fn find_time_expressions(tree: &SentenceTree<'_>) -> Vec<TimeExpression> {
    let mut found = Vec::new();
    let mut index = 0;
    while index < tree.len() {
        let text = tree.text(index);
        let lower = text.to_lowercase();
        let previous = index
            .checked_sub(1)
            .map(|p| tree.text(p).to_lowercase())
            .unwrap_or_default();
        let mut expression: Option<(usize, usize, TimeMeaning)> = None;
        if let Some(day) = weekday(text) {
            expression = Some((index, index, TimeMeaning::Weekday(day)));
        } else if let Some(days) = match lower.as_str() {
            "yesterday" => Some(-1),
            "today" | "tonight" | "overnight" => Some(0),
            "tomorrow" => Some(1),
            _ => None,
        } {
            expression = Some((index, index, TimeMeaning::RelativeDays(days)));
        } else if matches!(lower.as_str(), "week" | "month" | "year" | "weekend")
            && matches!(previous.as_str(), "last" | "next" | "this" | "past")
        {
            let unit = match lower.as_str() {
                "week" => Some(DatePrecision::Week),
                "month" => Some(DatePrecision::Month),
                "year" => Some(DatePrecision::Year),
                _ => None,
            };
            let offset = match previous.as_str() {
                "last" => Some(-1),
                "next" => Some(1),
                "this" => Some(0),
                // "the past week" is the seven days before, not a calendar week.
                _ => None,
            };
            let meaning = match (unit, offset) {
                (Some(unit), Some(offset)) => TimeMeaning::RelativePeriod { unit, offset },
                _ => TimeMeaning::Period,
            };
            expression = index.checked_sub(1).map(|first| (first, index, meaning));
        } else if tree.tag(index) == "NNP"
            && month(text).is_some()
            && text.chars().next().is_some_and(char::is_uppercase)
        {
            let month_number = month(text).unwrap_or(1);
            let day = tree
                .token(index + 1)
                .and_then(|token| token.text.parse::<u32>().ok())
                .filter(|day| (1..=31).contains(day));
            if let Some(day) = day {
                let mut last = index + 1;
                let mut year = None;
                let comma = usize::from(tree.text(index + 2) == ",");
                if let Ok(value) = tree.text(index + 2 + comma).parse::<i32>() {
                    if (1900..=2100).contains(&value) {
                        year = Some(value);
                        last = index + 2 + comma;
                    }
                }
                expression = Some((
                    index,
                    last,
                    TimeMeaning::MonthDay {
                        month: month_number,
                        day,
                        year,
                    },
                ));
            } else {
                let day_before = index
                    .checked_sub(1)
                    .and_then(|p| tree.text(p).parse::<u32>().ok())
                    .filter(|day| (1..=31).contains(day));
                match day_before {
                    Some(day) => {
                        let first = index.saturating_sub(1);
                        let mut year = None;
                        let mut last = index;
                        if let Ok(value) = tree.text(index + 1).parse::<i32>() {
                            if (1900..=2100).contains(&value) {
                                year = Some(value);
                                last = index + 1;
                            }
                        }
                        expression = Some((
                            first,
                            last,
                            TimeMeaning::MonthDay {
                                month: month_number,
                                day,
                                year,
                            },
                        ));
                    }
                    None if matches!(
                        previous.as_str(),
                        "in" | "since" | "until" | "by" | "last" | "next"
                    ) =>
                    {
                        // "in February 2025": a year right after the month.
                        let year = tree
                            .text(index + 1)
                            .parse::<i32>()
                            .ok()
                            .filter(|value| (1900..=2100).contains(value));
                        let last = if year.is_some() { index + 1 } else { index };
                        expression = Some((
                            index,
                            last,
                            TimeMeaning::Month {
                                month: month_number,
                                year,
                            },
                        ));
                    }
                    None => {}
                }
            }
        } else if let Some(date) = parse_iso(text) {
            expression = Some((
                index,
                index,
                TimeMeaning::MonthDay {
                    month: date.month(),
                    day: date.day(),
                    year: Some(date.year()),
                },
            ));
        }
        if let Some((first, last, meaning)) = expression {
            let anchor = (first..=last)
                .find(|token| {
                    tree.head(*token)
                        .is_none_or(|head| head < first || head > last)
                })
                .unwrap_or(last);
            found.push(TimeExpression {
                first,
                last,
                anchor,
                meaning,
            });
            index = last + 1;
        } else {
            index += 1;
        }
    }
    found
}

fn parse_iso(text: &str) -> Option<Date> {
    if text.len() == 10 && text.as_bytes().get(4) == Some(&b'-') {
        Date::parse_from_str(text, "%Y-%m-%d").ok()
    } else {
        None
    }
}

/// Resolves a meaning against the document date. `future` says whether the
/// event is planned, which sends weekdays forward.
pub fn resolve(meaning: TimeMeaning, document_date: Option<Date>, future: bool) -> Option<Date> {
    let base = document_date?;
    match meaning {
        TimeMeaning::Weekday(day) => {
            let today = base.weekday().num_days_from_monday() as i64;
            let target = day.num_days_from_monday() as i64;
            let offset = if future {
                (target - today).rem_euclid(7)
            } else {
                -((today - target).rem_euclid(7))
            };
            base.checked_add_signed(Duration::days(offset))
        }
        TimeMeaning::RelativeDays(days) => base.checked_add_signed(Duration::days(days)),
        TimeMeaning::MonthDay { month, day, year } => match year {
            Some(year) => Date::from_ymd_opt(year, month, day),
            None => {
                // Without a year the nearest reading in the event's direction wins.
                let this_year = Date::from_ymd_opt(base.year(), month, day)?;
                if future && this_year < base {
                    Date::from_ymd_opt(base.year() + 1, month, day)
                } else if !future && this_year > base + Duration::days(1) {
                    Date::from_ymd_opt(base.year() - 1, month, day)
                } else {
                    Some(this_year)
                }
            }
        },
        TimeMeaning::RelativePeriod { .. } | TimeMeaning::Month { .. } | TimeMeaning::Period => {
            None
        }
    }
}

/// Resolves a meaning to a date and its precision: a day for days, the
/// first day of the period for weeks (Monday), months and years. A month
/// named without a year is the latest such month up to the document date,
/// or the next one from it for planned events. `None` when there is no
/// document date or the period has no defined start.
pub fn resolve_with_precision(
    meaning: TimeMeaning,
    document_date: Option<Date>,
    future: bool,
) -> Option<(Date, DatePrecision)> {
    let base = document_date?;
    match meaning {
        TimeMeaning::RelativePeriod { unit, offset } => match unit {
            DatePrecision::Day => base
                .checked_add_signed(Duration::days(i64::from(offset)))
                .map(|day| (day, DatePrecision::Day)),
            DatePrecision::Week => {
                let monday = base.checked_sub_signed(Duration::days(i64::from(
                    base.weekday().num_days_from_monday(),
                )))?;
                monday
                    .checked_add_signed(Duration::weeks(i64::from(offset)))
                    .map(|start| (start, DatePrecision::Week))
            }
            DatePrecision::Month => {
                let months =
                    i64::from(base.year()) * 12 + i64::from(base.month0()) + i64::from(offset);
                let year = i32::try_from(months.div_euclid(12)).ok()?;
                let month = u32::try_from(months.rem_euclid(12)).ok()? + 1;
                Date::from_ymd_opt(year, month, 1).map(|start| (start, DatePrecision::Month))
            }
            DatePrecision::Year => base
                .year()
                .checked_add(offset)
                .and_then(|year| Date::from_ymd_opt(year, 1, 1))
                .map(|start| (start, DatePrecision::Year)),
        },
        TimeMeaning::Month { month, year } => {
            let year = match year {
                Some(year) => year,
                None if future && month < base.month() => base.year().checked_add(1)?,
                None if !future && month > base.month() => base.year().checked_sub(1)?,
                None => base.year(),
            };
            Date::from_ymd_opt(year, month, 1).map(|start| (start, DatePrecision::Month))
        }
        TimeMeaning::Period => None,
        day => resolve(day, document_date, future).map(|date| (date, DatePrecision::Day)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_go_back_for_past_and_forward_for_plans() {
        // 2025-08-19 is a Tuesday.
        let date = Date::from_ymd_opt(2025, 8, 19);
        assert_eq!(
            resolve(TimeMeaning::Weekday(Weekday::Mon), date, false),
            Date::from_ymd_opt(2025, 8, 18)
        );
        assert_eq!(
            resolve(TimeMeaning::Weekday(Weekday::Tue), date, false),
            date
        );
        assert_eq!(
            resolve(TimeMeaning::Weekday(Weekday::Fri), date, true),
            Date::from_ymd_opt(2025, 8, 22)
        );
        assert_eq!(
            resolve(TimeMeaning::Weekday(Weekday::Fri), date, false),
            Date::from_ymd_opt(2025, 8, 15)
        );
        assert_eq!(
            resolve(TimeMeaning::RelativeDays(-1), date, false),
            Date::from_ymd_opt(2025, 8, 18)
        );
        assert_eq!(resolve(TimeMeaning::Period, date, false), None);
        assert_eq!(
            resolve(TimeMeaning::Weekday(Weekday::Mon), None, false),
            None
        );
    }

    #[test]
    fn month_days_without_year_take_the_nearest_year() {
        let date = Date::from_ymd_opt(2025, 1, 3);
        let december = TimeMeaning::MonthDay {
            month: 12,
            day: 30,
            year: None,
        };
        assert_eq!(
            resolve(december, date, false),
            Date::from_ymd_opt(2024, 12, 30)
        );
        let invalid = TimeMeaning::MonthDay {
            month: 2,
            day: 31,
            year: None,
        };
        assert_eq!(resolve(invalid, date, false), None);
    }

    #[test]
    fn periods_resolve_to_their_first_day_with_precision() {
        // 2025-08-19 is a Tuesday.
        let date = Date::from_ymd_opt(2025, 8, 19);
        let day = |y, m, d| Date::from_ymd_opt(y, m, d).expect("valid");
        let week = |offset| TimeMeaning::RelativePeriod {
            unit: DatePrecision::Week,
            offset,
        };
        assert_eq!(
            resolve_with_precision(week(-1), date, false),
            Some((day(2025, 8, 11), DatePrecision::Week))
        );
        assert_eq!(
            resolve_with_precision(week(0), date, false),
            Some((day(2025, 8, 18), DatePrecision::Week))
        );
        assert_eq!(
            resolve_with_precision(week(1), date, true),
            Some((day(2025, 8, 25), DatePrecision::Week))
        );
        let month = |offset| TimeMeaning::RelativePeriod {
            unit: DatePrecision::Month,
            offset,
        };
        assert_eq!(
            resolve_with_precision(month(-1), date, false),
            Some((day(2025, 7, 1), DatePrecision::Month))
        );
        // Across a year boundary.
        assert_eq!(
            resolve_with_precision(month(-1), Date::from_ymd_opt(2025, 1, 9), false),
            Some((day(2024, 12, 1), DatePrecision::Month))
        );
        assert_eq!(
            resolve_with_precision(
                TimeMeaning::RelativePeriod {
                    unit: DatePrecision::Year,
                    offset: 0
                },
                date,
                false
            ),
            Some((day(2025, 1, 1), DatePrecision::Year))
        );
        // "in February" said in August: this February for the past, next for plans.
        let february = TimeMeaning::Month {
            month: 2,
            year: None,
        };
        assert_eq!(
            resolve_with_precision(february, date, false),
            Some((day(2025, 2, 1), DatePrecision::Month))
        );
        assert_eq!(
            resolve_with_precision(february, date, true),
            Some((day(2026, 2, 1), DatePrecision::Month))
        );
        let november = TimeMeaning::Month {
            month: 11,
            year: None,
        };
        assert_eq!(
            resolve_with_precision(november, date, false),
            Some((day(2024, 11, 1), DatePrecision::Month))
        );
        assert_eq!(
            resolve_with_precision(TimeMeaning::Weekday(Weekday::Mon), date, false),
            Some((day(2025, 8, 18), DatePrecision::Day))
        );
        assert_eq!(
            resolve_with_precision(TimeMeaning::Period, date, false),
            None
        );
        assert_eq!(resolve_with_precision(week(-1), None, false), None);
        // Extreme offsets give nothing rather than panicking.
        assert_eq!(
            resolve_with_precision(
                TimeMeaning::RelativePeriod {
                    unit: DatePrecision::Year,
                    offset: i32::MAX
                },
                date,
                false
            ),
            None
        );
    }

    #[test]
    fn month_names() {
        assert_eq!(month("August"), Some(8));
        assert_eq!(month("Aug."), Some(8));
        assert_eq!(month("May"), Some(5));
        assert_eq!(month("Mayor"), None);
    }
}
