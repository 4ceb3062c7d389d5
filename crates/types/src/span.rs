use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's text.
///
/// Spans are always byte offsets into [`crate::Document::text`], never into
/// a cleaned or re-encoded copy, so that any piece of evidence can be shown
/// in its original context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// Creates a span; `start` must not exceed `end`.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    /// Length of the span in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when `other` lies entirely inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both spans.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text this span selects, or `None` when the span is out of bounds
    /// or does not fall on character boundaries. Never panics.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_is_total_on_bad_spans() {
        let text = "Kyiv – Kremlin";
        assert_eq!(Span::new(0, 4).slice(text), Some("Kyiv"));
        // Byte 6 is inside the three-byte en dash: no panic, just None.
        assert_eq!(Span::new(0, 6).slice(text), None);
        assert_eq!(Span::new(10, 100).slice(text), None);
    }

    #[test]
    fn cover_and_contains() {
        let a = Span::new(2, 5);
        let b = Span::new(4, 9);
        assert_eq!(a.cover(b), Span::new(2, 9));
        assert!(a.cover(b).contains(a));
        assert!(!a.contains(b));
        assert_eq!(b.len(), 5);
    }
}
