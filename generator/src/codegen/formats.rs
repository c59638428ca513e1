//! `format`s on types no format is defined for.
//!
//! OpenAPI defines formats for strings, integers and numbers; typify takes a `format` only
//! there and stops with a `todo!` on any other schema that has one, such as Twilio's
//! `{type: object, format: uri-map}` or Lago's `{type: [object, null], format: object}`.
//! The codegen copy leaves such a format out, a skip at its pointer: the object, array or
//! boolean is typed as it would be without it.

use serde_json::Value;

use crate::spec::{tree, Skip};

/// The `format`s of `root` on an object, array or boolean schema, each a skip at its pointer.
pub fn untypable(root: &Value) -> Vec<Skip> {
    let mut skips = Vec::new();
    tree::visit_schemas(root, &mut |schema, at, _| {
        let Some(format) = schema.get("format").and_then(Value::as_str) else {
            return;
        };
        let Some(kind @ ("object" | "array" | "boolean")) =
            schema.get("type").and_then(Value::as_str)
        else {
            return;
        };
        skips.push(Skip {
            pointer: at.join("format"),
            what: format!(
                "`format: {format}` on {} {kind} schema, which OpenAPI defines no format for: \
                 typed as a plain {kind}",
                if kind == "boolean" { "a" } else { "an" }
            ),
        });
    });
    skips
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formats_of_objects_arrays_and_booleans_are_skips_and_others_stay() {
        let root = json!({"components": {"schemas": {
            "Links": {"type": "object", "format": "uri-map"},
            "Tags": {"type": "array", "format": "csv", "items": {"type": "string", "format": "uuid"}},
            "Flag": {"type": "boolean", "format": "yes-no"},
            "Count": {"type": "integer", "format": "int64"},
        }}});
        let mut pointers = untypable(&root)
            .into_iter()
            .map(|skip| skip.pointer.to_string())
            .collect::<Vec<_>>();
        pointers.sort();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/Flag/format",
                "#/components/schemas/Links/format",
                "#/components/schemas/Tags/format",
            ]
        );
    }
}
