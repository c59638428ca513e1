//! Schema `$ref`s to places other than `components/schemas`.
//!
//! A `$ref` may designate any schema of the document: PagerDuty's error responses reference
//! `#/components/responses/Conflict/content/application~1json/schema`, a recursive request
//! body references its own property under `paths`. typify resolves only
//! `#/components/schemas/<name>` (anything else is "missing" to it), so the codegen copy
//! moves each such target into `components/schemas`, leaves a `$ref` to it where it was, and
//! points every reference at it: one type for the schema, wherever it is used. The name is
//! the target's location without its structural tokens
//! (`#/components/responses/Conflict/content/application~1json/schema` → `ResponsesConflict`),
//! made unique with `2`, `3`, … .

use std::collections::{BTreeMap, BTreeSet};

use heck::ToPascalCase;
use serde_json::{json, Value};

use crate::error::Pointer;
use crate::spec::{tree, walk};

use super::naming::{comparable, free_name};

/// Location tokens that say what kind of place a schema is in, not which one.
const STRUCTURAL: [&str; 8] = [
    "components",
    "paths",
    "content",
    "schema",
    "properties",
    "items",
    "requestBody",
    "schemas",
];

/// `json` with every schema `$ref` designating a component; `None` when every one already
/// does.
pub fn to_components(json: &Value) -> Option<Value> {
    let targets = targets(json);
    if targets.is_empty() {
        return None;
    }
    let mut copy = json.clone();
    let mut names = existing_names(&copy);
    let mut moved = BTreeMap::new();
    // Innermost first: a target inside another moves before its container does.
    let mut ordered = targets.into_iter().collect::<Vec<_>>();
    ordered.sort_by_key(|target| std::cmp::Reverse(target.tokens().count()));
    for target in ordered {
        let Some(slot) = copy.pointer_mut(target.as_json_pointer()) else {
            continue;
        };
        let name = unique_name(&target, &mut names);
        let reference = format!("#/components/schemas/{name}");
        let schema = std::mem::replace(slot, json!({ "$ref": reference }));
        let schemas = copy
            .as_object_mut()
            .map(|root| root.entry("components").or_insert_with(|| json!({})))
            .and_then(Value::as_object_mut)
            .map(|components| components.entry("schemas").or_insert_with(|| json!({})))
            .and_then(Value::as_object_mut);
        if let Some(schemas) = schemas {
            schemas.insert(name, schema);
        }
        moved.insert(target.as_json_pointer().to_owned(), reference);
    }
    walk::schemas_mut(&mut copy, &mut |schema, _, _| {
        let target = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(tree::ref_pointer);
        if let Some(reference) = target.and_then(|target| moved.get(target.as_json_pointer())) {
            schema.insert("$ref".into(), reference.clone().into());
        }
    });
    Some(copy)
}

/// The locations that schema `$ref`s designate, other than `components/schemas/<name>`.
fn targets(json: &Value) -> BTreeSet<Pointer> {
    let mut targets = BTreeSet::new();
    tree::visit_schemas(json, &mut |schema, _, _| {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
            return;
        };
        if tree::component_schema(reference).is_none() {
            targets.extend(tree::ref_pointer(reference));
        }
    });
    targets
}

/// The component names as typify compares them (case and punctuation aside).
fn existing_names(json: &Value) -> BTreeSet<String> {
    json.pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|schemas| schemas.keys())
        .map(|name| comparable(name))
        .collect()
}

fn unique_name(target: &Pointer, taken: &mut BTreeSet<String>) -> String {
    let tokens = target.tokens().collect::<Vec<_>>();
    let base = tokens
        .iter()
        .enumerate()
        // A media type names no schema: `content/application~1json/schema`.
        .filter(|(index, token)| {
            let is_media_type = *index > 0 && tokens[index - 1] == "content";
            !STRUCTURAL.contains(&token.as_str()) && !is_media_type
        })
        .map(|(_, token)| token.to_pascal_case())
        .collect::<String>();
    let base = match base.is_empty() {
        true => "Schema".to_owned(),
        false => base,
    };
    free_name(&base, taken)
}
