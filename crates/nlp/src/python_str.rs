//! Python `str` semantics that spaCy's lexical attributes rely on.
//!
//! spaCy computes SHAPE, IS_SPACE and the lemmatizer's checks with CPython's
//! character predicates, which differ from Rust's `char` methods in small
//! but output-changing ways (for example Rust's `is_alphabetic` also accepts
//! letter numbers and combining marks). These functions reproduce CPython.

use crate::digits::NON_DECIMAL_DIGITS;
use unicode_general_category::{get_general_category, GeneralCategory};

/// Python `c.isalpha()`: the general category is one of Lu, Ll, Lt, Lm, Lo.
pub fn is_alpha(c: char) -> bool {
    matches!(
        get_general_category(c),
        GeneralCategory::UppercaseLetter
            | GeneralCategory::LowercaseLetter
            | GeneralCategory::TitlecaseLetter
            | GeneralCategory::ModifierLetter
            | GeneralCategory::OtherLetter
    )
}

/// Python `c.isupper()` for a letter: the category is Lu. Titlecase letters
/// are not upper case in this sense, which is what `word_shape` needs.
pub fn is_upper_letter(c: char) -> bool {
    get_general_category(c) == GeneralCategory::UppercaseLetter
}

/// Python `c.isdigit()`: decimal digits (Nd) plus the Numeric_Type=Digit
/// characters such as superscripts and circled digits.
pub fn is_digit(c: char) -> bool {
    if get_general_category(c) == GeneralCategory::DecimalNumber {
        return true;
    }
    let code = c as u32;
    NON_DECIMAL_DIGITS
        .binary_search_by(|&(low, high)| {
            if high < code {
                std::cmp::Ordering::Less
            } else if low > code {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Python `c.isspace()`. Unlike Rust's `char::is_whitespace`, it includes
/// the information separators U+001C–U+001F.
pub fn is_space_char(c: char) -> bool {
    matches!(
        c,
        '\u{9}'..='\u{d}'
            | '\u{1c}'..='\u{20}'
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Python `s.isspace()`: non-empty and every character is whitespace.
pub fn is_space(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_space_char)
}

/// Python `s.isalpha()`: non-empty and every character is a letter.
pub fn is_alpha_str(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_alpha)
}

/// Python `s.lower()`. Rust's full lower-casing agrees with CPython for
/// every character assigned in Unicode 14, final sigma included.
pub fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// Number of code points, which is Python's `len(s)`.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Byte offset of code point `index` in `s`, or `s.len()` when `index` is at
/// or past the end. This turns Python code-point slicing into byte slicing.
pub fn byte_offset_of_char(s: &str, index: usize) -> usize {
    s.char_indices()
        .nth(index)
        .map_or(s.len(), |(offset, _)| offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates_follow_python_not_rust() {
        // Roman numeral one is a letter number (Nl): alphabetic for Rust, not for Python.
        assert!('\u{2160}'.is_alphabetic());
        assert!(!is_alpha('\u{2160}'));
        // Superscript two is a digit for Python.
        assert!(is_digit('²'));
        assert!(!is_digit('½'));
        assert!(is_digit('٣'));
        // Information separators are whitespace for Python.
        assert!(is_space_char('\u{1c}'));
        assert!(!is_space_char('\u{200b}'));
        // Titlecase dz is a letter but not upper case.
        assert!(is_alpha('ǅ') && !is_upper_letter('ǅ'));
        assert!(is_space("\n \t"));
        assert!(!is_space(""));
    }

    #[test]
    fn lower_handles_dotted_capital_i_and_final_sigma() {
        assert_eq!(lower("İ"), "i\u{307}");
        assert_eq!(lower("ΟΔΟΣ"), "οδος");
    }
}
