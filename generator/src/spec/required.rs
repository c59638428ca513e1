//! `required: true` on a schema, JSON Schema draft 3's spelling, which vendors still write
//! (Spotify, DigitalOcean). OpenAPI lists required properties in the parent object's
//! `required`; `openapiv3` rejects the boolean and names only the enclosing `paths`.
//!
//! On a property, `required: true` moves into the parent's list (what draft 3 meant) and
//! `false` goes; anywhere else (a body or parameter schema) the boolean says nothing a 3.0
//! schema can, and goes. Each is a recorded skip.

use serde_json::{Map, Value};

use super::walk;
use super::Skip;

/// Rewrites every boolean `required` of `document`, recording each in `skips`.
pub(crate) fn lift_booleans(document: &mut Value, skips: &mut Vec<Skip>) {
    // First every boolean goes, so that a parent that is itself a draft-3 property has a
    // list to take its properties' names.
    let mut found = Vec::new();
    walk::schemas_mut(document, &mut |schema, at, _| {
        if let Some(required) = schema.get("required").and_then(Value::as_bool) {
            schema.remove("required");
            found.push((at.clone(), required));
        }
    });
    for (at, required) in found {
        let property = at.split_last().and_then(|(properties, name)| {
            let (parent, token) = properties.split_last()?;
            (token == "properties").then_some((parent, name))
        });
        let what = match (&property, required) {
            (Some((parent, name)), true) => {
                if let Some(Value::Object(parent)) = document.pointer_mut(parent.as_json_pointer())
                {
                    list(parent, name.clone());
                }
                "`required: true` on a property (JSON Schema draft 3): listed in the object's \
                 `required` instead"
            }
            (Some(_), false) => {
                "`required: false` on a property (JSON Schema draft 3): optional is the default"
            }
            (None, _) => {
                "a boolean `required` outside a property (JSON Schema draft 3): says nothing an \
                 OpenAPI 3.0 schema can"
            }
        };
        skips.push(Skip {
            pointer: at.join("required"),
            what: what.into(),
        });
    }
}

/// Adds `name` to the `required` list of `schema`.
fn list(schema: &mut Map<String, Value>, name: String) {
    let name = Value::String(name);
    match schema.get_mut("required") {
        Some(Value::Array(names)) if names.contains(&name) => {}
        Some(Value::Array(names)) => names.push(name),
        _ => {
            schema.insert("required".into(), Value::Array(vec![name]));
        }
    }
}
