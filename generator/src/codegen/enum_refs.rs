//! An `enum` beside an `allOf` of one `$ref`, which typify panics on.
//!
//! Discord narrows a shared enum per use: `type: {type: string, enum: [channel], allOf:
//! [{$ref: SnowflakeSelectDefaultValueTypes}]}` (the 3.1 → 3.0 conversion writes a `$ref`
//! beside constraints the same way). typify converts a typed schema with `enum` values by
//! converting it without them and then checking each value against the result
//! (`convert_typed_enum`, before references are resolved). When what remains names nothing
//! but the reference, that result is the reference itself, and the check reaches
//! `unreachable!()` (typify-impl 0.8 `defaults.rs:325`). What remains is the reference:
//! - when the schema holds nothing but `type`, `enum` and the `allOf` (typify ignores the
//!   `type` beside subschemas and converts the lone member), or
//! - when the referenced schema states each constraint the schema holds besides `enum` (its
//!   `format`, bounds, …) alike and has no subschemas or `nullable` of its own (typify merges
//!   the two and, getting the referenced schema back, keeps the reference).
//!
//! The codegen copy drops that `allOf`, recorded as a skip: the enum's values, which the
//! referenced schema admits, type the value on their own (an enum of just those values).

use serde_json::{Map, Value};

use crate::error::Pointer;
use crate::spec::{tree, Skip};

const WHAT: &str = "`allOf` of a `$ref` beside `enum`, on which typify panics (it checks the \
                    values against the reference before resolving it): the enum alone types \
                    the value";

/// The keywords of a schema that constrain it (besides `enum` and subschemas), as
/// progenitor hands them to typify.
const CONSTRAINTS: [&str; 19] = [
    "type",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "multipleOf",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
];

const SUBSCHEMAS: [&str; 4] = ["allOf", "anyOf", "oneOf", "not"];

/// The `allOf`s of `root` typify would panic on, each a skip at its pointer.
pub fn unresolvable(root: &Value) -> Vec<Skip> {
    let mut skips = Vec::new();
    tree::visit_schemas(root, &mut |schema, at, _| {
        let Value::Object(schema) = schema else {
            return;
        };
        if panics_typify(root, schema) {
            skips.push(Skip {
                pointer: at.join("allOf"),
                what: WHAT.to_owned(),
            });
        }
    });
    skips
}

fn panics_typify(root: &Value, schema: &Map<String, Value>) -> bool {
    let present = |schema: &Map<String, Value>, key: &str| {
        schema.get(key).is_some_and(|value| !value.is_null())
    };
    let enumerated = schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| !values.is_empty());
    let typed = schema.get("type").is_some_and(Value::is_string);
    let other_subschemas = ["anyOf", "oneOf", "not"]
        .iter()
        .any(|key| present(schema, key));
    if !enumerated || !typed || other_subschemas {
        return false;
    }
    let reference = match schema.get("allOf").and_then(Value::as_array) {
        Some(members) if members.len() == 1 && members[0].get("$ref").is_some() => &members[0],
        _ => return false,
    };
    let constraints = CONSTRAINTS
        .iter()
        .filter(|key| **key != "type" && present(schema, key))
        .collect::<Vec<_>>();
    if constraints.is_empty() {
        return true;
    }
    let Some((Value::Object(target), _)) = tree::resolve(root, reference, Pointer::root()) else {
        return false;
    };
    let plain = !SUBSCHEMAS.iter().any(|key| present(target, key))
        && target.get("nullable").and_then(Value::as_bool) != Some(true);
    plain
        && std::iter::once(&"type")
            .chain(constraints)
            .all(|key| target.get(*key) == schema.get(*key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pointers(schemas: Value) -> Vec<String> {
        let root = json!({"components": {"schemas": schemas}});
        unresolvable(&root)
            .into_iter()
            .map(|skip| skip.pointer.to_string())
            .collect()
    }

    fn narrowed(target: Value, property: Value) -> Vec<String> {
        pointers(json!({"T": target, "S": {"type": "object", "properties": {"k": property}}}))
    }

    #[test]
    fn a_type_an_enum_and_a_lone_reference_lose_the_reference() {
        let property = json!({"type": "string", "enum": ["channel"], "nullable": true,
                              "allOf": [{"$ref": "#/components/schemas/T"}]});
        assert_eq!(
            narrowed(
                json!({"type": "string", "oneOf": [{"enum": ["channel"]}]}),
                property
            ),
            ["#/components/schemas/S/properties/k/allOf"]
        );
    }

    #[test]
    fn constraints_the_reference_restates_lose_it_too() {
        let property = json!({"type": "integer", "format": "int32", "enum": [1, 2],
                              "allOf": [{"$ref": "#/components/schemas/T"}]});
        let plain = json!({"type": "integer", "format": "int32", "description": "levels"});
        assert_eq!(narrowed(plain, property.clone()).len(), 1);
        // Subschemas of the target, or constraints it lacks, make typify merge: no panic.
        let documented = json!({"type": "integer", "format": "int32",
                                "oneOf": [{"enum": [1]}, {"enum": [2]}]});
        assert_eq!(narrowed(documented, property.clone()), Vec::<String>::new());
        let wider = json!({"type": "integer"});
        assert_eq!(narrowed(wider, property), Vec::<String>::new());
    }

    #[test]
    fn an_enum_without_type_or_with_more_subschemas_keeps_the_reference() {
        let target = json!({"type": "string"});
        for property in [
            json!({"enum": ["a"], "allOf": [{"$ref": "#/components/schemas/T"}]}),
            json!({"type": "string", "enum": ["a"],
                   "allOf": [{"$ref": "#/components/schemas/T"}, {"minLength": 1}]}),
            json!({"type": "string", "allOf": [{"$ref": "#/components/schemas/T"}]}),
        ] {
            assert_eq!(narrowed(target.clone(), property), Vec::<String>::new());
        }
    }
}
