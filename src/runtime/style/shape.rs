//! A parameter value as OpenAPI's style table sees it: a scalar's text, an array's items or
//! an object's members, read from the value's serde data model.
//!
//! Members keep the order of the Rust struct's fields (or the map's, or the array's); absent
//! (`null`) object members are left out, as `deepObject` queries do. A null array item is
//! refused, since leaving it out would shift the items after it; so is a nested object or
//! array, rather than JSON-encoded: no style defines an encoding for it, and a server would
//! read a JSON text's delimiters as more members.

use serde::Serialize;
use serde_json::Value;

/// What a style writes, before any delimiter or escape.
#[derive(Debug, PartialEq)]
pub(super) enum Shape {
    /// `null`: an optional parameter left out writes nothing.
    Absent,
    Scalar(String),
    Array(Vec<String>),
    /// Key and text of each present member.
    Object(Vec<(String, String)>),
}

impl Shape {
    /// The shape of parameter `name`'s `value`; errors name the parameter and the member.
    pub(super) fn of(name: &str, value: &impl Serialize) -> Result<Shape, String> {
        let value =
            serde_json::to_value(value).map_err(|err| format!("parameter `{name}`: {err}"))?;
        Ok(match value {
            Value::Null => Shape::Absent,
            Value::Array(items) => Shape::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        let member = format!("item {index}");
                        scalar(name, &member, item)?.ok_or_else(|| {
                            format!(
                                "parameter `{name}`: member `{member}` is null, which no style \
                                 can encode"
                            )
                        })
                    })
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(members) => {
                let mut present = Vec::new();
                for (key, member) in &members {
                    if let Some(text) = scalar(name, key, member)? {
                        present.push((key.clone(), text));
                    }
                }
                Shape::Object(present)
            }
            scalar_value => Shape::Scalar(scalar(name, "", &scalar_value)?.unwrap_or_default()),
        })
    }

    /// The name of each member (its key, or `item <index>`) with each text of it a style
    /// writes: an object member's key and value, an array item, a scalar's text.
    pub(super) fn texts(&self) -> Vec<(String, &str)> {
        match self {
            Shape::Absent => Vec::new(),
            Shape::Scalar(text) => vec![(String::new(), text.as_str())],
            Shape::Array(items) => items
                .iter()
                .enumerate()
                .map(|(index, item)| (format!("item {index}"), item.as_str()))
                .collect(),
            Shape::Object(members) => members
                .iter()
                .flat_map(|(key, text)| [(key.clone(), key.as_str()), (key.clone(), text.as_str())])
                .collect(),
        }
    }
}

/// The text of a member, `None` when it is absent (`null`); a nested one is refused.
fn scalar(name: &str, member: &str, value: &Value) -> Result<Option<String>, String> {
    Ok(Some(match value {
        Value::Null => return Ok(None),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.clone(),
        Value::Array(_) | Value::Object(_) => {
            return Err(format!(
                "parameter `{name}`: member `{member}` is nested, which no style can encode"
            ))
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_are_their_text_in_field_order_and_absent_members_are_left_out() {
        #[derive(serde::Serialize)]
        struct Selector {
            size: u32,
            active: bool,
            colour: Option<String>,
            price: f64,
        }
        let selector = Selector {
            size: 3,
            active: true,
            colour: None,
            price: 2.5,
        };
        assert_eq!(
            Shape::of("id", &selector).unwrap(),
            Shape::Object(vec![
                ("size".into(), "3".into()),
                ("active".into(), "true".into()),
                ("price".into(), "2.5".into()),
            ])
        );
        assert_eq!(Shape::of("id", &7).unwrap(), Shape::Scalar("7".into()));
        assert_eq!(Shape::of("id", &None::<u8>).unwrap(), Shape::Absent);
    }

    #[test]
    fn nested_members_and_null_items_are_refused_with_the_parameter_and_member() {
        for (value, member) in [
            (json!({"a": {"b": 1}}), "member `a` is nested"),
            (json!({"a": [1]}), "member `a` is nested"),
            (json!([[1]]), "member `item 0` is nested"),
            (json!(["a", null]), "member `item 1` is null"),
        ] {
            let err = Shape::of("id", &value).unwrap_err();
            assert!(err.contains("parameter `id`"), "{err}");
            assert!(err.contains(member), "{err}");
        }
    }
}
