//! Integer bounds that are not 64-bit integers.
//!
//! `openapiv3` reads an integer schema's `minimum`/`maximum` as `i64`. Published specs write
//! 64-bit limits through a double (OpenAI's `minimum: -9223372036854776000`, which is
//! -2^63 rounded for display) or as fractions (`minimum: 0.5`). A bound that is a whole
//! number within `i64` is read as that integer; one beyond `i64` says nothing an `i64`
//! field does not already enforce and is dropped; a fraction is rounded towards the
//! allowed range. Each is recorded as a skip, never changed silently.

use serde_json::{Map, Value};

use super::walk::{self, Site};
use super::Skip;
use crate::error::Pointer;

/// Rewrites the bounds of every integer schema so that they are `i64`s.
pub(crate) fn fit_integer_bounds(document: &mut Value, skips: &mut Vec<Skip>) {
    walk::schemas_mut(document, &mut |schema, at, _: Site<'_>| {
        if schema.get("type").and_then(Value::as_str) == Some("integer") {
            for (key, lower) in [("minimum", true), ("maximum", false)] {
                fit(schema, key, lower, at, skips);
            }
        }
    });
}

fn fit(
    schema: &mut Map<String, Value>,
    key: &str,
    lower: bool,
    at: &Pointer,
    skips: &mut Vec<Skip>,
) {
    let Some(Value::Number(bound)) = schema.get(key) else {
        return;
    };
    if bound.is_i64() {
        return;
    }
    let Some(value) = bound.as_f64() else { return };
    let whole = if lower { value.ceil() } else { value.floor() };
    // -2^63 and 2^63 are exact doubles; i64 holds the first, not the second.
    let fits = whole >= i64::MIN as f64 && whole < i64::MAX as f64;
    let pointer = at.join(key);
    if fits {
        let integer = whole as i64;
        skips.push(Skip {
            pointer,
            what: format!(
                "integer `{key}` {value} is not an exact 64-bit integer; read as {integer}"
            ),
        });
        schema.insert(key.to_owned(), Value::from(integer));
    } else {
        skips.push(Skip {
            pointer,
            what: format!(
                "integer `{key}` beyond the 64-bit range dropped (an i64 field holds no more)"
            ),
        });
        schema.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fitted(schema: Value) -> (Value, Vec<Skip>) {
        let mut document = json!({"components": {"schemas": {"Seed": schema}}});
        let mut skips = Vec::new();
        fit_integer_bounds(&mut document, &mut skips);
        (document["components"]["schemas"]["Seed"].clone(), skips)
    }

    #[test]
    fn the_64_bit_limits_written_as_doubles() {
        let (schema, skips) = fitted(json!({
            "type": "integer", "minimum": -9.223372036854776e18, "maximum": 9.223372036854776e18
        }));
        assert_eq!(schema, json!({"type": "integer", "minimum": i64::MIN}));
        assert_eq!(skips.len(), 2);
        assert_eq!(
            skips[0].pointer.to_string(),
            "#/components/schemas/Seed/minimum"
        );
        assert!(skips[1].what.contains("dropped"), "{skips:?}");
    }

    #[test]
    fn fractions_round_into_the_range_and_other_types_are_left_alone() {
        let (schema, skips) = fitted(json!({"type": "integer", "minimum": 0.5, "maximum": 9.5}));
        assert_eq!(
            schema,
            json!({"type": "integer", "minimum": 1, "maximum": 9})
        );
        assert_eq!(skips.len(), 2);
        let (schema, skips) = fitted(json!({"type": "number", "minimum": 0.5}));
        assert_eq!(schema, json!({"type": "number", "minimum": 0.5}));
        assert!(skips.is_empty());
    }
}
