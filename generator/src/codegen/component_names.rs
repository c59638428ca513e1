//! Components whose names give one Rust name.
//!
//! typify names a component after its key in Pascal case, so Ory's `NullBool` and `nullBool`
//! are both `NullBool`, and it emits two types of that name. In the codegen copy:
//! - a component that repeats an earlier one's schema (`NullBool`, `nullBool`: both
//!   `{type: boolean, nullable: true}`) is an alias of it: dropped, its references pointing
//!   at the first, so both are the one type they describe;
//! - one with a schema of its own (`NullString` nullable, `nullString` not) moves to the
//!   first free numbered key (`NullString2`), its references following it.
//!
//! A component named like a standard type typify's output names unqualified (Ory's `String`)
//! moves the same way (`String2`): in `types` it would shadow that type.
//!
//! The passes that find a component's struct ask [`struct_names`] for its Rust name.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::Pointer;

use super::naming::type_name;

/// Names typify's output uses unqualified for a standard type (`impl TryFrom<String>` of a
/// newtype over a string), which a type of the name would shadow in `types`.
const UNQUALIFIED: [&str; 1] = ["String"];

/// Where the codegen copy keeps a component whose Rust name an earlier component has.
enum Place {
    /// The earlier component of the same schema, by key.
    AliasOf(String),
    /// A free key of its own.
    MovedTo(String),
}

/// The components of `root` that do not keep their key, in document order.
fn places(root: &Value) -> Vec<(String, Place)> {
    let Some(schemas) = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let mut taken = schemas
        .keys()
        .map(|name| type_name(name))
        .collect::<BTreeSet<_>>();
    let mut first_of = BTreeMap::<String, Vec<&String>>::new();
    let mut places = Vec::new();
    for (name, schema) in schemas {
        let rust = type_name(name);
        let earlier = first_of.entry(rust.clone()).or_default();
        if earlier.is_empty() && !UNQUALIFIED.contains(&rust.as_str()) {
            earlier.push(name);
            continue;
        }
        let place = match earlier.iter().find(|first| schemas[**first] == *schema) {
            Some(first) => Place::AliasOf((*first).clone()),
            None => {
                let free = (2..)
                    .map(|n| format!("{rust}{n}"))
                    .find(|candidate| !taken.contains(&type_name(candidate)))
                    .expect("an unbounded range has a free name");
                taken.insert(type_name(&free));
                earlier.push(name);
                Place::MovedTo(free)
            }
        };
        places.push((name.clone(), place));
    }
    places
}

/// `root` with each component whose Rust name an earlier one has aliased or moved (see the
/// module); `None` when there is none.
pub fn merged(root: &Value) -> Option<Value> {
    let places = places(root);
    if places.is_empty() {
        return None;
    }
    let mut copy = root.clone();
    let mut references = BTreeMap::new();
    if let Some(Value::Object(schemas)) = copy.pointer_mut("/components/schemas") {
        for (name, place) in &places {
            let target = match place {
                Place::AliasOf(first) => {
                    schemas.shift_remove(name);
                    first
                }
                Place::MovedTo(free) => {
                    if let Some(schema) = schemas.shift_remove(name) {
                        schemas.insert(free.clone(), schema);
                    }
                    free
                }
            };
            references.insert(reference(name), reference(target));
        }
    }
    point_at(&mut copy, &references);
    Some(copy)
}

/// Each component key of `root` → the Rust name of its type in the generated code.
pub fn struct_names(root: &Value) -> BTreeMap<String, String> {
    let schemas = root
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let mut names = schemas
        .into_iter()
        .flatten()
        .map(|(name, _)| (name.clone(), type_name(name)))
        .collect::<BTreeMap<_, _>>();
    for (name, place) in places(root) {
        let key = match place {
            Place::AliasOf(first) => first,
            Place::MovedTo(free) => free,
        };
        names.insert(name, type_name(&key));
    }
    names
}

fn reference(name: &str) -> String {
    Pointer::from_tokens(["components", "schemas", name]).to_string()
}

/// Rewrites every `$ref` of `node` found in `references`.
fn point_at(node: &mut Value, references: &BTreeMap<String, String>) {
    match node {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(target) if key == "$ref" => {
                        if let Some(moved) = references.get(target.as_str()) {
                            *target = moved.clone();
                        }
                    }
                    child => point_at(child, references),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| point_at(item, references)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn root() -> Value {
        json!({
        "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json":
            {"schema": {"items": [{"$ref": "#/components/schemas/nullBool"},
                                  {"$ref": "#/components/schemas/nullString"}]}}}}}}}},
        "components": {"schemas": {
            "NullBool": {"type": "boolean", "nullable": true},
            "nullBool": {"type": "boolean", "nullable": true},
            "NullString": {"type": "string", "nullable": true},
            "nullString": {"type": "string"},
        }}})
    }

    #[test]
    fn an_equal_schema_is_an_alias_and_another_moves_to_a_free_name() {
        let merged = merged(&root()).expect("a component to alias");
        let schemas = merged["components"]["schemas"].as_object().unwrap();
        assert_eq!(
            schemas.keys().collect::<Vec<_>>(),
            ["NullBool", "NullString", "NullString2"]
        );
        assert_eq!(schemas["NullString2"], json!({"type": "string"}));
        let items = merged
            .pointer("/paths/~1a/get/responses/200/content/application~1json/schema/items")
            .unwrap();
        assert_eq!(
            items,
            &json!([{"$ref": "#/components/schemas/NullBool"},
                    {"$ref": "#/components/schemas/NullString2"}])
        );
        let distinct = json!({"components": {"schemas": {"A": {}, "B": {}}}});
        assert_eq!(super::merged(&distinct), None);
    }

    #[test]
    fn a_component_named_like_a_standard_type_moves() {
        let root = json!({"components": {"schemas": {"String": {"type": "string"}}}});
        let merged = merged(&root).expect("a component to move");
        assert_eq!(
            merged["components"]["schemas"],
            json!({"String2": {"type": "string"}})
        );
    }

    #[test]
    fn struct_names_follow_the_copy() {
        let names = struct_names(&root());
        assert_eq!(names["nullBool"], "NullBool");
        assert_eq!(names["nullString"], "NullString2");
        assert_eq!(names["NullString"], "NullString");
    }
}
