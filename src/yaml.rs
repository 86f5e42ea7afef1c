//! The one place placebook touches a YAML library.
//!
//! serde_yaml is unmaintained; everything else in placebook goes through this module, so
//! swapping it for a fork (serde_norway is a drop-in) is a one-file change.

use serde::de::DeserializeOwned;

/// A YAML value, for free-form maps such as `extra`.
pub type Value = serde_yaml::Value;

/// What went wrong while reading YAML into a typed structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// A key that the structure does not have.
    UnknownField(String),
    /// A required key that is absent.
    MissingField(String),
    /// The same key twice in one mapping.
    DuplicateField(String),
    /// A value of the wrong type, a bad enum variant, or broken YAML syntax.
    Other,
}

/// A YAML error with its position inside the YAML text (1-based), when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Which kind of problem.
    pub kind: YamlErrorKind,
    /// The message, without the " at line X column Y" tail.
    pub message: String,
    /// 1-based line and column in the YAML text, when the parser knows them.
    pub position: Option<(usize, usize)>,
}

/// Deserializes YAML text into `T`, turning the parser's error into a [`YamlError`].
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| convert(&e))
}

/// Reads YAML text as a free-form value, or `None` when it is not valid YAML.
pub fn value_from_str(text: &str) -> Option<Value> {
    serde_yaml::from_str(text).ok()
}

/// Converts a free-form value into `T`, turning the error into a [`YamlError`].
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, YamlError> {
    serde_yaml::from_value(value).map_err(|e| convert(&e))
}

fn convert(e: &serde_yaml::Error) -> YamlError {
    let full = e.to_string();
    let message = match full.find(" at line ") {
        Some(i) => full[..i].to_owned(),
        None => full.clone(),
    };
    let kind = if let Some(name) = backticked_after(&message, "unknown field `") {
        YamlErrorKind::UnknownField(name)
    } else if let Some(name) = backticked_after(&message, "missing field `") {
        YamlErrorKind::MissingField(name)
    } else if let Some(name) = backticked_after(&message, "duplicate field `") {
        YamlErrorKind::DuplicateField(name)
    } else {
        YamlErrorKind::Other
    };
    // serde_yaml reports missing and duplicate fields at the start of the document,
    // which is not where the fault is; callers locate those themselves.
    let position = match (&kind, e.location()) {
        (YamlErrorKind::MissingField(_) | YamlErrorKind::DuplicateField(_), _) => None,
        (_, Some(loc)) if full.contains(" at line ") => Some((loc.line(), loc.column())),
        _ => None,
    };
    YamlError {
        kind,
        message,
        position,
    }
}

/// The field name in a message of the form `...prefix name` ...`, where the prefix may
/// follow a `path: ` that serde_yaml puts in front.
fn backticked_after(message: &str, prefix: &str) -> Option<String> {
    let start = message.find(prefix)? + prefix.len();
    let end = message[start..].find('`')? + start;
    Some(message[start..end].to_owned())
}

/// A serialisable value as YAML (`Null` if it cannot be written as YAML).
pub fn to_value<T: serde::Serialize>(value: &T) -> Value {
    serde_yaml::to_value(value).unwrap_or(Value::Null)
}

/// Converts a YAML value into JSON, for templates (non-string keys become strings).
pub fn to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into()
            } else if let Some(u) = n.as_u64() {
                u.into()
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
        }
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Sequence(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Mapping(map) => serde_json::Value::Object(
            map.iter()
                .map(|(k, v)| (scalar_to_string(k), to_json(v)))
                .collect(),
        ),
        Value::Tagged(tagged) => to_json(&tagged.value),
    }
}

/// A scalar as plain text (strings unquoted); other values as compact YAML.
pub fn scalar_to_string(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => String::new(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        year: Option<i64>,
    }

    #[test]
    fn unknown_field_has_name_and_position() {
        let e = from_str::<T>("title: a\ntitel: b\n").unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::UnknownField("titel".into()));
        assert_eq!(e.position, Some((2, 1)));
        assert!(!e.message.contains(" at line "));
    }

    #[test]
    fn missing_and_duplicate_fields_have_no_false_position() {
        let e = from_str::<T>("year: 3\n").unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::MissingField("title".into()));
        assert_eq!(e.position, None);
        let e = from_str::<T>("title: a\ntitle: b\n").unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::DuplicateField("title".into()));
    }

    #[test]
    fn wrong_type_points_at_value() {
        let e = from_str::<T>("title: a\nyear: abc\n").unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::Other);
        assert_eq!(e.position, Some((2, 7)));
        assert!(e.message.starts_with("year: invalid type"), "{}", e.message);
    }
}
