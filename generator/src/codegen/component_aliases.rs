//! Components that are one schema under two names of one Rust name.
//!
//! Ory publishes `NullBool` and `nullBool`, both `{type: boolean, nullable: true}`; typify
//! names both `NullBool` and emits the type twice. When the schemas are equal, the later
//! name is an alias of the first: the codegen copy drops it and points its references at the
//! first, so both are the one type they describe. Components whose Rust names collide and
//! whose schemas differ stay, and `uncompilable::check_type_names` refuses them.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::Pointer;

use super::naming::type_name;

/// `root` with each component that repeats an earlier one's schema under the same Rust name
/// dropped and referred to as that one; `None` when there is none.
pub fn merged(root: &Value) -> Option<Value> {
    let schemas = root.pointer("/components/schemas")?.as_object()?;
    let mut first_of = BTreeMap::<String, &String>::new();
    let mut aliases = BTreeMap::new();
    for (name, schema) in schemas {
        match first_of.get(&type_name(name)) {
            Some(first) if schemas[*first] == *schema => {
                aliases.insert(reference(name), reference(first));
            }
            Some(_) => {}
            None => {
                first_of.insert(type_name(name), name);
            }
        }
    }
    if aliases.is_empty() {
        return None;
    }
    let mut copy = root.clone();
    if let Some(Value::Object(schemas)) = copy.pointer_mut("/components/schemas") {
        schemas.retain(|name, _| !aliases.contains_key(&reference(name)));
    }
    point_at_first(&mut copy, &aliases);
    Some(copy)
}

fn reference(name: &str) -> String {
    Pointer::from_tokens(["components", "schemas", name]).to_string()
}

/// Rewrites every `$ref` of `node` that names an alias.
fn point_at_first(node: &mut Value, aliases: &BTreeMap<String, String>) {
    match node {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(target) if key == "$ref" => {
                        if let Some(first) = aliases.get(target.as_str()) {
                            *target = first.clone();
                        }
                    }
                    child => point_at_first(child, aliases),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| point_at_first(item, aliases)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_equal_schema_under_a_name_of_the_same_rust_name_is_an_alias() {
        let root = json!({
        "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json":
            {"schema": {"$ref": "#/components/schemas/nullBool"}}}}}}}},
        "components": {"schemas": {
            "NullBool": {"type": "boolean", "nullable": true},
            "nullBool": {"type": "boolean", "nullable": true},
            "null_string": {"type": "string"},
            "NullString": {"type": "string", "nullable": true},
        }}});
        let merged = merged(&root).expect("an alias");
        let schemas = merged["components"]["schemas"].as_object().unwrap();
        assert!(!schemas.contains_key("nullBool"), "{schemas:?}");
        assert_eq!(schemas.len(), 3, "{schemas:?}");
        assert_eq!(
            merged.pointer("/paths/~1a/get/responses/200/content/application~1json/schema/$ref"),
            Some(&json!("#/components/schemas/NullBool"))
        );
        let distinct = json!({"components": {"schemas": {"A": {}, "B": {}}}});
        assert_eq!(super::merged(&distinct), None);
    }
}
