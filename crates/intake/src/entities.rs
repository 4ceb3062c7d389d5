//! Decoding of HTML and XML character references.
//!
//! Only character references and a fixed table of well-known named
//! entities are decoded. Entities declared in a document type definition
//! are never expanded, which rules out "billion laughs" style expansion
//! attacks by construction: an unknown `&name;` is kept as written.

/// Named entities decoded in HTML text. The table covers what news pages
/// actually use; rarer names are kept literally, which loses nothing.
const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    // A non-breaking space becomes an ordinary space: it only controls line
    // wrapping and would otherwise glue words together for the tokenizer.
    ("nbsp", " "),
    ("ensp", " "),
    ("emsp", " "),
    ("thinsp", " "),
    ("ndash", "–"),
    ("mdash", "—"),
    ("hellip", "…"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("sbquo", "‚"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("bdquo", "„"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("lsaquo", "‹"),
    ("rsaquo", "›"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("deg", "°"),
    ("middot", "·"),
    ("bull", "•"),
    ("times", "×"),
    ("divide", "÷"),
    ("euro", "€"),
    ("pound", "£"),
    ("yen", "¥"),
    ("cent", "¢"),
    ("sect", "§"),
    ("para", "¶"),
    ("shy", "\u{ad}"),
    ("zwj", "\u{200d}"),
    ("zwnj", "\u{200c}"),
    ("lrm", "\u{200e}"),
    ("rlm", "\u{200f}"),
    ("aacute", "á"),
    ("Aacute", "Á"),
    ("agrave", "à"),
    ("Agrave", "À"),
    ("acirc", "â"),
    ("atilde", "ã"),
    ("auml", "ä"),
    ("Auml", "Ä"),
    ("aring", "å"),
    ("ccedil", "ç"),
    ("Ccedil", "Ç"),
    ("eacute", "é"),
    ("Eacute", "É"),
    ("egrave", "è"),
    ("ecirc", "ê"),
    ("euml", "ë"),
    ("iacute", "í"),
    ("igrave", "ì"),
    ("icirc", "î"),
    ("iuml", "ï"),
    ("ntilde", "ñ"),
    ("oacute", "ó"),
    ("ograve", "ò"),
    ("ocirc", "ô"),
    ("otilde", "õ"),
    ("ouml", "ö"),
    ("Ouml", "Ö"),
    ("oslash", "ø"),
    ("uacute", "ú"),
    ("ugrave", "ù"),
    ("ucirc", "û"),
    ("uuml", "ü"),
    ("Uuml", "Ü"),
    ("szlig", "ß"),
    ("scaron", "š"),
    ("Scaron", "Š"),
    ("zcaron", "ž"),
    ("Zcaron", "Ž"),
];

/// Longest entity name in [`NAMED`] plus room for numeric references; a
/// reference longer than this is not one.
const MAX_REFERENCE_BYTES: usize = 12;

/// Which references to decode.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntitySet {
    /// The five XML entities and character references.
    Xml,
    /// The XML set plus the named HTML entities of the table above.
    Html,
}

/// Decodes the reference starting at `text[0]` (which must be `&`).
/// Returns the replacement and the number of input bytes it replaces, or
/// `None` when this is not a reference dyad decodes.
pub(crate) fn decode_reference(text: &str, set: EntitySet) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'&') {
        return None;
    }
    let window = bytes.get(1..bytes.len().min(MAX_REFERENCE_BYTES + 2))?;
    let semicolon = window.iter().position(|&byte| byte == b';')?;
    let body = text.get(1..1 + semicolon)?;
    let consumed = semicolon + 2;
    if let Some(number) = body.strip_prefix('#') {
        let value = if let Some(hex) = number
            .strip_prefix('x')
            .or_else(|| number.strip_prefix('X'))
        {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            if !number.bytes().all(|byte| byte.is_ascii_digit()) {
                return None;
            }
            number.parse::<u32>().ok()?
        };
        // NUL, surrogates and out-of-range values become the replacement
        // character, as browsers do.
        let character = if value == 0 {
            '\u{fffd}'
        } else {
            char::from_u32(value).unwrap_or('\u{fffd}')
        };
        return Some((character.to_string(), consumed));
    }
    let replacement = match set {
        EntitySet::Xml => match body {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            _ => return None,
        },
        EntitySet::Html => NAMED
            .iter()
            .find(|(name, _)| *name == body)
            .map(|(_, value)| *value)?,
    };
    Some((replacement.to_owned(), consumed))
}

/// Decodes every reference in `text`, keeping unknown ones as written.
/// Returns the decoded text and how many references were left undecoded.
pub(crate) fn decode_all(text: &str, set: EntitySet) -> (String, usize) {
    let mut output = String::with_capacity(text.len());
    let mut unknown = 0usize;
    let mut rest = text;
    while let Some(position) = rest.find('&') {
        output.push_str(rest.get(..position).unwrap_or_default());
        let tail = rest.get(position..).unwrap_or_default();
        match decode_reference(tail, set) {
            Some((replacement, consumed)) => {
                output.push_str(&replacement);
                rest = tail.get(consumed..).unwrap_or_default();
            }
            None => {
                if looks_like_reference(tail) {
                    unknown += 1;
                }
                output.push('&');
                rest = tail.get(1..).unwrap_or_default();
            }
        }
    }
    output.push_str(rest);
    (output, unknown)
}

/// True for `&name;` shapes, so that a warning can say an entity was kept
/// literally, while a bare ampersand ("AT&T") raises nothing.
fn looks_like_reference(text: &str) -> bool {
    let body: String = text
        .chars()
        .skip(1)
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    !body.is_empty()
        && text
            .get(1 + body.len()..)
            .is_some_and(|rest| rest.starts_with(';'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_known_and_keeps_unknown() {
        assert_eq!(
            decode_all(
                "AT&T &amp; Kyiv&#8217;s &mdash; &lol9; &#x41;",
                EntitySet::Html
            ),
            ("AT&T & Kyiv’s — &lol9; A".to_owned(), 1)
        );
        assert_eq!(
            decode_all("&mdash;&amp;", EntitySet::Xml),
            ("&mdash;&".to_owned(), 1)
        );
        assert_eq!(
            decode_all("&#0;&#xD800;&#99999999999;", EntitySet::Xml).0,
            "\u{fffd}\u{fffd}&#99999999999;"
        );
    }
}
