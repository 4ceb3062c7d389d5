//! Characters for which Python's `str.isdigit()` is true but which are not
//! decimal digits (Unicode Numeric_Type=Digit: superscripts, circled digits, ...).
//!
//! Generated once with CPython 3.11 (Unicode 14.0.0) by listing every code point
//! with `isdigit() and not isdecimal()`. Decimal digits (category Nd) are
//! recognised separately through the general category.

/// Inclusive code-point ranges, sorted.
pub(crate) const NON_DECIMAL_DIGITS: [(u32, u32); 20] = [
    (0x00B2, 0x00B3),
    (0x00B9, 0x00B9),
    (0x1369, 0x1371),
    (0x19DA, 0x19DA),
    (0x2070, 0x2070),
    (0x2074, 0x2079),
    (0x2080, 0x2089),
    (0x2460, 0x2468),
    (0x2474, 0x247C),
    (0x2488, 0x2490),
    (0x24EA, 0x24EA),
    (0x24F5, 0x24FD),
    (0x24FF, 0x24FF),
    (0x2776, 0x277E),
    (0x2780, 0x2788),
    (0x278A, 0x2792),
    (0x10A40, 0x10A43),
    (0x10E60, 0x10E68),
    (0x11052, 0x1105A),
    (0x1F100, 0x1F10A),
];
