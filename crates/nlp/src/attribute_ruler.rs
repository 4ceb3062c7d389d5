//! spaCy's `attribute_ruler`: token patterns that set POS, MORPH, LEMMA,
//! TAG and DEP after the tagger and parser have run.
//!
//! All rules are matched against the document as it was before the ruler;
//! then the matches are applied in (rule, start) order, so later rules
//! overwrite earlier ones and no rule sees another rule's changes.

use crate::msgpack;
use crate::python_str::{is_space, lower};
use fancy_regex::Regex;
use rmpv::Value;

/// The attributes the ruler reads and writes, per token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenAttributes {
    /// Fine-grained tag.
    pub tag: String,
    /// Universal POS (empty until the ruler sets it).
    pub pos: String,
    /// Morphological features in canonical `A=B|C=D` form; empty for none.
    pub morph: String,
    /// Dependency label (`ROOT` for roots; empty when there is no parse).
    pub dep: String,
    /// Lemma; empty until the ruler or the lemmatizer sets it.
    pub lemma: String,
}

/// Which token attribute a pattern condition looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Tag,
    Lower,
    Dep,
}

/// One condition of a token specification.
#[derive(Debug, Clone)]
enum Condition {
    Equals(Field, String),
    In(Field, Vec<String>),
    NotIn(Field, Vec<String>),
    Regex(Field, Regex),
    IsSpace(bool),
}

/// What a rule sets on its target token.
#[derive(Debug, Clone, Default)]
struct Assignments {
    tag: Option<String>,
    pos: Option<String>,
    morph: Option<String>,
    dep: Option<String>,
    lemma: Option<String>,
}

#[derive(Debug, Clone)]
struct Rule {
    /// Alternative patterns; each is a sequence of token specifications.
    patterns: Vec<Vec<Vec<Condition>>>,
    assignments: Assignments,
    /// Which token of the match receives the assignments.
    target: usize,
}

/// The rules of the package's `attribute_ruler/patterns` file.
#[derive(Debug, Clone)]
pub struct AttributeRuler {
    rules: Vec<Rule>,
}

fn parse_field(name: &str) -> Option<Field> {
    match name {
        "TAG" => Some(Field::Tag),
        "LOWER" => Some(Field::Lower),
        "DEP" => Some(Field::Dep),
        _ => None,
    }
}

fn string_list(value: &Value) -> Result<Vec<String>, String> {
    value
        .as_array()
        .ok_or("expected a list of strings")?
        .iter()
        .map(|item| {
            item.as_str()
                .map(str::to_owned)
                .ok_or_else(|| "expected a string".to_owned())
        })
        .collect()
}

fn parse_condition(key: &str, value: &Value) -> Result<Condition, String> {
    if key == "IS_SPACE" {
        return value
            .as_bool()
            .map(Condition::IsSpace)
            .ok_or_else(|| "IS_SPACE needs a boolean".to_owned());
    }
    let field = parse_field(key).ok_or_else(|| format!("unsupported pattern attribute {key}"))?;
    if let Some(text) = value.as_str() {
        return Ok(Condition::Equals(field, text.to_owned()));
    }
    let entries = value
        .as_map()
        .ok_or_else(|| format!("{key}: unsupported value {value}"))?;
    let [(operator, operand)] = entries.as_slice() else {
        return Err(format!("{key}: expected exactly one operator"));
    };
    match operator.as_str() {
        Some("IN") => Ok(Condition::In(field, string_list(operand)?)),
        Some("NOT_IN") => Ok(Condition::NotIn(field, string_list(operand)?)),
        Some("REGEX") => {
            let source = operand.as_str().ok_or("REGEX needs a string")?;
            let regex =
                Regex::new(source).map_err(|error| format!("bad REGEX {source:?}: {error}"))?;
            Ok(Condition::Regex(field, regex))
        }
        _ => Err(format!("{key}: unsupported operator {operator}")),
    }
}

fn parse_assignments(value: &Value) -> Result<Assignments, String> {
    let mut assignments = Assignments::default();
    for (key, value) in value.as_map().ok_or("attrs is not a map")? {
        let value = value
            .as_str()
            .ok_or("attribute value is not a string")?
            .to_owned();
        match key.as_str() {
            Some("TAG") => assignments.tag = Some(value),
            Some("POS") => assignments.pos = Some(value),
            // `_` is spaCy's spelling of "no features".
            Some("MORPH") => {
                assignments.morph = Some(if value == "_" { String::new() } else { value })
            }
            Some("DEP") => assignments.dep = Some(value),
            Some("LEMMA") => assignments.lemma = Some(value),
            _ => return Err(format!("unsupported attribute to set: {key}")),
        }
    }
    Ok(assignments)
}

/// The per-token values the conditions read, computed once.
struct MatchView<'a> {
    lower: String,
    is_space: bool,
    tag: &'a str,
    dep: &'a str,
}

impl Condition {
    fn holds(&self, token: &MatchView<'_>) -> bool {
        let field_value = |field: Field| match field {
            Field::Tag => token.tag,
            Field::Lower => token.lower.as_str(),
            Field::Dep => token.dep,
        };
        match self {
            Condition::Equals(field, expected) => field_value(*field) == expected,
            Condition::In(field, options) => {
                options.iter().any(|option| option == field_value(*field))
            }
            Condition::NotIn(field, options) => {
                options.iter().all(|option| option != field_value(*field))
            }
            Condition::Regex(field, regex) => {
                matches!(regex.is_match(field_value(*field)), Ok(true))
            }
            Condition::IsSpace(expected) => token.is_space == *expected,
        }
    }
}

impl AttributeRuler {
    /// Reads `attribute_ruler/patterns`: a list of `{patterns, attrs, index}`.
    pub fn from_msgpack(bytes: &[u8]) -> Result<AttributeRuler, String> {
        let root = msgpack::decode(bytes)?;
        let mut rules = Vec::new();
        for (number, rule) in root
            .as_array()
            .ok_or("the patterns file is not a list")?
            .iter()
            .enumerate()
        {
            let context = |message: String| format!("rule {number}: {message}");
            let mut patterns = Vec::new();
            for pattern in msgpack::get(rule, "patterns")
                .and_then(Value::as_array)
                .ok_or("rule without patterns")?
            {
                let mut specification = Vec::new();
                for token in pattern.as_array().ok_or("pattern is not a list")? {
                    let mut conditions = Vec::new();
                    for (key, value) in token.as_map().ok_or("token specification is not a map")? {
                        let key = key.as_str().ok_or("pattern key is not a string")?;
                        conditions.push(parse_condition(key, value).map_err(context)?);
                    }
                    specification.push(conditions);
                }
                patterns.push(specification);
            }
            let assignments =
                parse_assignments(msgpack::get(rule, "attrs").ok_or("rule without attrs")?)
                    .map_err(context)?;
            let target = msgpack::get(rule, "index")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            let target =
                usize::try_from(target).map_err(|_| context(format!("negative index {target}")))?;
            rules.push(Rule {
                patterns,
                assignments,
                target,
            });
        }
        Ok(AttributeRuler { rules })
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Applies the rules to one document; `texts[i]` is the text of token
    /// `i`, whose attributes are `attributes[i]`.
    pub fn apply(&self, texts: &[&str], attributes: &mut [TokenAttributes]) {
        let views: Vec<MatchView<'_>> = texts
            .iter()
            .zip(attributes.iter())
            .map(|(text, token)| MatchView {
                lower: lower(text),
                is_space: is_space(text),
                tag: &token.tag,
                dep: &token.dep,
            })
            .collect();
        // Matches come out ordered by rule, then start, which is the order
        // spaCy applies them in.
        let mut targets: Vec<(usize, usize)> = Vec::new();
        for (rule_number, rule) in self.rules.iter().enumerate() {
            let mut starts: Vec<usize> = Vec::new();
            for pattern in &rule.patterns {
                if pattern.is_empty() || pattern.len() > views.len() {
                    continue;
                }
                for start in 0..=(views.len() - pattern.len()) {
                    let matched = pattern.iter().enumerate().all(|(offset, conditions)| {
                        views
                            .get(start + offset)
                            .is_some_and(|view| conditions.iter().all(|c| c.holds(view)))
                    });
                    if matched {
                        starts.push(start);
                    }
                }
            }
            starts.sort_unstable();
            targets.extend(
                starts
                    .into_iter()
                    .filter_map(|start| start.checked_add(rule.target))
                    .map(|t| (rule_number, t)),
            );
        }
        drop(views);
        for (rule_number, target) in targets {
            let (Some(rule), Some(token)) =
                (self.rules.get(rule_number), attributes.get_mut(target))
            else {
                continue;
            };
            let assignments = &rule.assignments;
            if let Some(tag) = &assignments.tag {
                token.tag.clone_from(tag);
            }
            if let Some(pos) = &assignments.pos {
                token.pos.clone_from(pos);
            }
            if let Some(morph) = &assignments.morph {
                token.morph.clone_from(morph);
            }
            if let Some(dep) = &assignments.dep {
                token.dep.clone_from(dep);
            }
            if let Some(lemma) = &assignments.lemma {
                token.lemma.clone_from(lemma);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: Vec<(&str, Value)>) -> Value {
        Value::Map(
            entries
                .into_iter()
                .map(|(key, value)| (Value::from(key), value))
                .collect(),
        )
    }

    fn rule(pattern: Vec<Value>, attrs: Vec<(&str, &str)>, index: i64) -> Value {
        map(vec![
            ("patterns", Value::Array(vec![Value::Array(pattern)])),
            (
                "attrs",
                map(attrs
                    .into_iter()
                    .map(|(key, value)| (key, Value::from(value)))
                    .collect()),
            ),
            ("index", Value::from(index)),
        ])
    }

    fn tiny_ruler() -> AttributeRuler {
        let rules = Value::Array(vec![
            rule(
                vec![map(vec![("TAG", Value::from("NN"))])],
                vec![("POS", "NOUN"), ("MORPH", "Number=Sing")],
                0,
            ),
            rule(
                vec![map(vec![("TAG", Value::from("_SP"))])],
                vec![("POS", "SPACE"), ("MORPH", "_")],
                0,
            ),
            rule(
                vec![map(vec![(
                    "LOWER",
                    map(vec![("REGEX", Value::from("^n'?t$"))]),
                )])],
                vec![("POS", "PART"), ("LEMMA", "not")],
                0,
            ),
            rule(
                vec![
                    map(vec![("DEP", Value::from("expl"))]),
                    map(vec![(
                        "LOWER",
                        map(vec![("IN", Value::Array(vec![Value::from("is")]))]),
                    )]),
                ],
                vec![("POS", "VERB")],
                1,
            ),
            rule(
                vec![map(vec![("IS_SPACE", Value::Boolean(true))])],
                vec![("TAG", "_SP"), ("POS", "SPACE")],
                0,
            ),
        ]);
        let mut bytes = Vec::new();
        rmpv::encode::write_value(&mut bytes, &rules).expect("writing to a Vec cannot fail");
        AttributeRuler::from_msgpack(&bytes).expect("valid rules")
    }

    fn token(tag: &str, dep: &str) -> TokenAttributes {
        TokenAttributes {
            tag: tag.to_owned(),
            dep: dep.to_owned(),
            ..TokenAttributes::default()
        }
    }

    #[test]
    fn rules_match_once_and_later_rules_win() {
        let ruler = tiny_ruler();
        let texts = ["There", "is", "n't", "\n", "time"];
        let mut attributes = vec![
            token("EX", "expl"),
            token("VBZ", "ROOT"),
            token("RB", "neg"),
            token("NN", "dep"),
            token("NN", "attr"),
        ];
        ruler.apply(&texts, &mut attributes);
        assert_eq!(attributes[1].pos, "VERB");
        assert_eq!(
            (attributes[2].pos.as_str(), attributes[2].lemma.as_str()),
            ("PART", "not")
        );
        // The tagger said NN for the newline: rule 0 matched on that tag,
        // then the IS_SPACE rule overwrote tag and POS.
        assert_eq!(
            (attributes[3].tag.as_str(), attributes[3].pos.as_str()),
            ("_SP", "SPACE")
        );
        assert_eq!(attributes[3].morph, "Number=Sing");
        assert_eq!(attributes[4].morph, "Number=Sing");
    }
}
