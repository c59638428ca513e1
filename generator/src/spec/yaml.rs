//! YAML (or JSON, a subset of it) text → JSON tree.
//!
//! `serde_json::Value` refuses integers beyond 64 bits, and published specs carry them: the
//! OpenAI description bounds a seed with `minimum: -9223372036854776000`, a 64-bit bound
//! that went through a double. Such numbers are read as the double they came from; the
//! integer-bound check ([`super::bounds`]) then decides what they mean.
//!
//! A document that starts with `{` is read as JSON first: JSON is YAML 1.2 only nearly, and
//! published JSON documents use what YAML lacks (Twilio's `"\ud83d\udc4d"`, a surrogate
//! pair YAML's escapes cannot spell; SendGrid's raw C1 control characters, which YAML
//! forbids). It is also several times faster. What JSON refuses is read as YAML (a flow
//! mapping is YAML, not JSON); when both refuse, the JSON error is the one reported. A key
//! repeated within one mapping is refused either way, since one of the values would be lost.

use std::path::Path;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::{Error, Result};

/// Parses `text`; `file` labels errors, which carry line and column.
pub fn parse(file: &Path, text: &str) -> Result<Value> {
    let json = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
        .then(|| serde_json::from_str::<Tree>(text));
    let json_error = match json {
        Some(Ok(tree)) => return Ok(tree.0),
        Some(Err(err)) => Some(err),
        None => None,
    };
    yaml_serde::from_str::<Tree>(text)
        .map(|tree| tree.0)
        .map_err(|err| match json_error {
            Some(err) => Error::Yaml {
                file: file.to_path_buf(),
                line: err.line(),
                column: err.column(),
                syntax: "JSON",
                message: err.to_string(),
            },
            None => {
                let (line, column) = err
                    .location()
                    .map(|at| (at.line(), at.column()))
                    .unwrap_or((1, 1));
                Error::Yaml {
                    file: file.to_path_buf(),
                    line,
                    column,
                    syntax: "YAML",
                    message: err.to_string(),
                }
            }
        })
}

/// A JSON value read from YAML, with integers beyond 64 bits kept as doubles.
struct Tree(Value);

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor).map(Tree)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E: serde::de::Error>(self, value: i128) -> Result<Value, E> {
        match i64::try_from(value) {
            Ok(value) => self.visit_i64(value),
            Err(_) => self.visit_f64(value as f64),
        }
    }

    fn visit_u128<E: serde::de::Error>(self, value: u128) -> Result<Value, E> {
        match u64::try_from(value) {
            Ok(value) => self.visit_u64(value),
            Err(_) => self.visit_f64(value as f64),
        }
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Value, E> {
        Number::from_f64(value)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("{value} is not a JSON number")))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Tree::deserialize(deserializer).map(|tree| tree.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Tree(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some((key, Tree(value))) = access.next_entry::<Key, Tree>()? {
            if map.contains_key(&key.0) {
                return Err(serde::de::Error::custom(format!(
                    "duplicate key `{}` in one mapping",
                    key.0
                )));
            }
            map.insert(key.0, value);
        }
        Ok(Value::Object(map))
    }
}

/// A mapping key: YAML allows `200:` (an integer) where JSON has `"200"`.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Tree::deserialize(deserializer)?.0 {
            Value::String(key) => Ok(Key(key)),
            Value::Null => Ok(Key("null".into())),
            Value::Array(_) | Value::Object(_) => Err(serde::de::Error::custom(
                "a mapping key must be a string, number or boolean",
            )),
            scalar => Ok(Key(scalar.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_64_bits_become_doubles() {
        let tree = parse(
            Path::new("x.yaml"),
            "min: -9223372036854776000\nmax: 9223372036854776000\nn: 3\n",
        )
        .unwrap();
        assert_eq!(tree["min"].as_f64(), Some(-9.223372036854776e18));
        assert!(tree["min"].is_f64());
        assert_eq!(tree["max"].as_f64(), Some(9.223372036854776e18));
        assert_eq!(tree["n"].as_i64(), Some(3));
    }

    #[test]
    fn numeric_keys_are_strings() {
        let tree = parse(
            Path::new("x.yaml"),
            "responses:\n  200: {description: ok}\n",
        )
        .unwrap();
        assert_eq!(tree["responses"]["200"]["description"], "ok");
    }

    /// What JSON can say and YAML cannot: a surrogate pair escape and a raw C1 control
    /// character (U+009F); a flow mapping that is YAML only is still read.
    #[test]
    fn json_documents_are_read_as_json() {
        let tree = parse(
            Path::new("x.json"),
            "{\"body\": \"ok \\ud83d\\udc4d\", \"c1\": \"\u{9f}\"}",
        )
        .unwrap();
        assert_eq!(tree["body"], "ok \u{1f44d}");
        assert_eq!(tree["c1"], "\u{9f}");
        let tree = parse(
            Path::new("x.yaml"),
            "{openapi: 3.0.3, n: 99999999999999999999}",
        )
        .unwrap();
        assert_eq!(tree["openapi"], "3.0.3");
        assert!(tree["n"].is_f64());
    }

    #[test]
    fn a_repeated_key_is_refused_in_json_and_yaml() {
        let err = parse(Path::new("x.json"), "{\"a\": 1,\n \"a\": 2}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.json:2:8: JSON syntax error: duplicate key `a` in one mapping at line 2 column 8"
        );
        let err = parse(Path::new("x.yaml"), "a: 1\na: 2\n").unwrap_err();
        assert!(err.to_string().starts_with("x.yaml:"), "{err}");
        assert!(err.to_string().contains("duplicate"), "{err}");
    }
}
