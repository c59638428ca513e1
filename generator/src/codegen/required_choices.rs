//! A `oneOf` or `anyOf` whose members only say which properties are required.
//!
//! JSON Schema's way to say "give `category` or `categorySlug`" (readme's `docSchemaPost:
//! {properties: {…}, oneOf: [{required: [title, category]}, {required: [title,
//! categorySlug]}]}`) is a choice of `required` lists beside the properties. typify merges the
//! object into each member, fails, and makes each its never type (an empty enum): the
//! component is an untagged enum of two of them, for which no body can be built, and no
//! struct of the object's properties exists. The codegen copy leaves such a `oneOf`/`anyOf`
//! out, recorded as a skip: the object is a struct of its properties, and which of them the
//! vendor requires together is left to the caller, as the documentation states it.

use serde_json::Value;

use crate::spec::{tree, Skip};

const WHAT: &str = "`oneOf`/`anyOf` of `required` lists only, a choice of required \
                    properties Rust types do not state: left out, the object's properties \
                    typed as optional as declared";

/// The keywords a member may hold and still say nothing but which properties it requires.
const REQUIRED_ONLY: [&str; 3] = ["required", "title", "description"];

/// The `oneOf`s and `anyOf`s of `root` whose members only list required properties, each a
/// skip at its pointer.
pub fn unexpressible(root: &Value) -> Vec<Skip> {
    let mut skips = Vec::new();
    tree::visit_schemas(root, &mut |schema, at, _| {
        let Value::Object(schema) = schema else {
            return;
        };
        if !schema.contains_key("properties") || schema.contains_key("$ref") {
            return;
        }
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(members)) = schema.get(key) else {
                continue;
            };
            if !members.is_empty() && members.iter().all(requires_only) {
                skips.push(Skip {
                    pointer: at.join(key),
                    what: WHAT.into(),
                });
            }
        }
    });
    skips
}

fn requires_only(member: &Value) -> bool {
    member.as_object().is_some_and(|member| {
        member.contains_key("required") && member.keys().all(|key| REQUIRED_ONLY.contains(&&**key))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pointers(schema: Value) -> Vec<String> {
        let root = json!({"components": {"schemas": {"S": schema}}});
        unexpressible(&root)
            .into_iter()
            .map(|skip| skip.pointer.to_string())
            .collect()
    }

    #[test]
    fn a_choice_of_required_lists_beside_properties_goes() {
        let choice = json!({"type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
            "oneOf": [{"required": ["a"], "title": "By a"}, {"required": ["b"]}]});
        assert_eq!(pointers(choice), ["#/components/schemas/S/oneOf"]);
        let any = json!({"properties": {"a": {}}, "anyOf": [{"required": ["a"]}]});
        assert_eq!(pointers(any), ["#/components/schemas/S/anyOf"]);
    }

    #[test]
    fn members_that_say_more_are_kept() {
        for schema in [
            json!({"properties": {"a": {}},
                   "oneOf": [{"required": ["a"]}, {"type": "object", "required": ["b"]}]}),
            json!({"properties": {"a": {}}, "oneOf": [{"$ref": "#/components/schemas/T"}]}),
            json!({"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}),
        ] {
            assert_eq!(pointers(schema.clone()), Vec::<String>::new(), "{schema}");
        }
    }
}
