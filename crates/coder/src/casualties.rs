//! Fatality and injury counts from casualty phrases.
//!
//! "killed at least seven civilians, including two children" gives 7: the
//! count is the number attached to the victims noun itself, and numbers
//! inside an "including" phrase are a subset of it, never added to it.

use crate::tree::SentenceTree;

/// Parses a cardinal written in digits ("1,200") or in words up to the
/// thousands ("seven", "twenty-one", "two hundred"). `None` when it is not one.
pub fn parse_cardinal(text: &str) -> Option<u32> {
    let cleaned: String = text.chars().filter(|c| *c != ',').collect();
    if let Ok(value) = cleaned.parse::<u32>() {
        return Some(value);
    }
    let mut total: u32 = 0;
    let mut current: u32 = 0;
    let mut any = false;
    for part in text.to_lowercase().split(['-', ' ']) {
        let value = match part {
            "a" | "an" if !any => 1,
            "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            "eleven" => 11,
            "twelve" => 12,
            "thirteen" => 13,
            "fourteen" => 14,
            "fifteen" => 15,
            "sixteen" => 16,
            "seventeen" => 17,
            "eighteen" => 18,
            "nineteen" => 19,
            "twenty" => 20,
            "thirty" => 30,
            "forty" => 40,
            "fifty" => 50,
            "sixty" => 60,
            "seventy" => 70,
            "eighty" => 80,
            "ninety" => 90,
            "dozen" => {
                current = current.max(1).checked_mul(12)?;
                any = true;
                continue;
            }
            "hundred" => {
                current = current.max(1).checked_mul(100)?;
                any = true;
                continue;
            }
            "thousand" => {
                total = total.checked_add(current.max(1).checked_mul(1000)?)?;
                current = 0;
                any = true;
                continue;
            }
            "" | "and" => continue,
            _ => return None,
        };
        current = current.checked_add(value)?;
        any = true;
    }
    any.then_some(total.checked_add(current)).flatten()
}

/// The count attached to a victims noun: its `nummod` child, where the
/// number may span several tokens ("two hundred").
pub fn count_of(tree: &SentenceTree<'_>, noun: usize) -> Option<u32> {
    let number = tree.child_with(noun, &["nummod"])?;
    let (left, right) = tree.subtree_range(number);
    let words: Vec<&str> = (left..=right)
        .filter(|index| tree.pos(*index) == "NUM" || tree.text(*index) == "-")
        .map(|index| tree.text(index))
        .collect();
    parse_cardinal(&words.join(" ").replace(" - ", "-"))
        .or_else(|| parse_cardinal(tree.text(number)))
}

/// Kind of casualty a verb reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Casualty {
    /// People killed.
    Killed,
    /// People injured.
    Injured,
}

/// Whether a lemma reports deaths or injuries.
pub fn casualty_verb(lemma: &str) -> Option<Casualty> {
    match lemma {
        "kill" | "slay" | "massacre" => Some(Casualty::Killed),
        "injure" | "wound" | "hurt" => Some(Casualty::Injured),
        _ => None,
    }
}

/// The number of victims of a casualty verb: its object, or its passive
/// subject ("seven people were killed").
pub fn victims_of(tree: &SentenceTree<'_>, verb: usize) -> Option<u32> {
    let victims = tree.child_with(verb, &["dobj", "nsubjpass"])?;
    count_of(tree, victims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_and_digits() {
        assert_eq!(parse_cardinal("seven"), Some(7));
        assert_eq!(parse_cardinal("twenty-one"), Some(21));
        assert_eq!(parse_cardinal("two hundred"), Some(200));
        assert_eq!(parse_cardinal("1,200"), Some(1200));
        assert_eq!(parse_cardinal("three thousand five hundred"), Some(3500));
        assert_eq!(parse_cardinal("several"), None);
        assert_eq!(parse_cardinal(""), None);
    }

    /// A simple reference spelling of numbers below a thousand.
    fn spell(value: u32) -> String {
        const UNITS: [&str; 20] = [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ];
        const TENS: [&str; 10] = [
            "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        ];
        let mut parts = Vec::new();
        if value >= 100 {
            parts.push(format!("{} hundred", UNITS[(value / 100) as usize]));
        }
        let rest = value % 100;
        if rest >= 20 {
            let tens = TENS[(rest / 10) as usize];
            parts.push(if rest % 10 == 0 {
                tens.to_owned()
            } else {
                format!("{tens}-{}", UNITS[(rest % 10) as usize])
            });
        } else if rest > 0 {
            parts.push(UNITS[rest as usize].to_owned());
        }
        parts.join(" ")
    }

    proptest! {
        #[test]
        fn spelled_numbers_round_trip(value in 1u32..1000) {
            prop_assert_eq!(parse_cardinal(&spell(value)), Some(value));
        }

        #[test]
        fn arbitrary_text_never_panics(text in ".{0,40}") {
            let _ = parse_cardinal(&text);
        }
    }
}
