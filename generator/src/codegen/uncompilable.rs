//! Constructs progenitor 0.15.1 and typify 0.8 accept but emit Rust for that does not
//! compile. They are refused before code generation, where they are in the spec:
//!
//! - Two parameters of one operation, or two properties of one schema, whose wire names give
//!   the same Rust name (`type`, `_type`, `type_` and `-type` all become `type_`), where
//!   `codegen::wire_names` cannot rename them: path parameters, and parameters shared through
//!   a `$ref` or the path item ([`rust_name`] is progenitor's and typify's rule).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{Error, Pointer, Result};
use crate::spec::{tree, Spec};

use super::naming::{rust_name, type_name};

/// The first uncompilable construct of `root`, the JSON tree progenitor is given (the
/// spec's, or its copy with renamed wire names).
pub fn check(spec: &Spec, root: &Value) -> Result<()> {
    let refuse = |pointer, construct| Error::Unsupported {
        file: spec.file.clone(),
        pointer,
        construct,
    };
    if let Some(Value::Object(paths)) = root.get("paths") {
        for (path, item) in paths {
            let at = Pointer::from_tokens(["paths", path.as_str()]);
            for method in tree::METHODS {
                if let Some(operation) = item.get(method) {
                    if let Some((pointer, construct)) =
                        check_parameters(root, item, operation, &at, method)
                    {
                        return Err(refuse(pointer, construct));
                    }
                }
            }
        }
    }
    match colliding_properties(root, &Pointer::root(), false) {
        Some((pointer, construct)) => Err(refuse(pointer, construct)),
        None => Ok(()),
    }
}

/// `node` with its `$ref` chain followed, or `node` itself when a reference does not
/// resolve (the dangling-reference check reports those).
fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    tree::resolve(root, node, Pointer::root()).map_or(node, |(target, _)| target)
}

fn check_parameters(
    root: &Value,
    item: &Value,
    operation: &Value,
    at: &Pointer,
    method: &str,
) -> Option<(Pointer, String)> {
    // Path-level parameters first; an operation's own one with the same name and location
    // replaces it (OpenAPI's override rule).
    let mut parameters: Vec<(Pointer, &Value)> = Vec::new();
    for (list, list_at) in [
        (item.get("parameters"), at.join("parameters")),
        (
            operation.get("parameters"),
            at.join(method).join("parameters"),
        ),
    ] {
        for (index, parameter) in list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let parameter = resolve(root, parameter);
            let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
            parameters.retain(|(_, seen)| key(seen) != key(parameter));
            parameters.push((list_at.join(&index.to_string()), parameter));
        }
    }
    let mut by_rust_name: BTreeMap<String, &str> = BTreeMap::new();
    for (pointer, parameter) in &parameters {
        let Some(name) = parameter.get("name").and_then(Value::as_str) else {
            continue;
        };
        let rust = rust_name(name, "_");
        if let Some(first) = by_rust_name.insert(rust.clone(), name) {
            return Some((
                pointer.clone(),
                format!(
                    "parameters `{first}` and `{name}` both become the Rust name `{rust}`, \
                     which progenitor declares twice"
                ),
            ));
        }
    }
    None
}

/// Walks the document for `properties` maps. `in_properties` says that `node` is one, so
/// its keys are property names rather than keywords; example and enum values are data.
fn colliding_properties(
    node: &Value,
    at: &Pointer,
    in_properties: bool,
) -> Option<(Pointer, String)> {
    let Value::Object(map) = node else {
        return match node {
            Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
                colliding_properties(item, &at.join(&index.to_string()), false)
            }),
            _ => None,
        };
    };
    if !in_properties {
        if let Some(Value::Object(properties)) = map.get("properties") {
            if let Some(found) = collision(properties, &at.join("properties")) {
                return Some(found);
            }
        }
    }
    map.iter().find_map(|(key, child)| {
        let child_at = at.join(key);
        match key.as_str() {
            _ if in_properties => colliding_properties(child, &child_at, false),
            "properties" => colliding_properties(child, &child_at, true),
            "example" | "examples" | "enum" | "default" | "const" => None,
            _ => colliding_properties(child, &child_at, false),
        }
    })
}

fn collision(properties: &Map<String, Value>, at: &Pointer) -> Option<(Pointer, String)> {
    let mut by_rust_name: BTreeMap<String, &str> = BTreeMap::new();
    properties.keys().find_map(|name| {
        let rust = rust_name(name, "x");
        by_rust_name.insert(rust.clone(), name).map(|first| {
            (
                at.join(name),
                format!(
                    "properties `{first}` and `{name}` both become the Rust field `{rust}`, \
                     which typify declares twice"
                ),
            )
        })
    })
}

/// typify names an inline schema after where it sits (`EnterpriseConfiguration` →
/// `content_and_sharing` → `EnterpriseConfigurationContentAndSharing`) without checking
/// that a component schema already has that name, and then emits both types. Such a file
/// cannot compile, so it is refused at the component that owns the name.
pub fn check_type_names(spec: &Spec, file: &syn::File) -> Result<()> {
    let Some(types) = file.items.iter().find_map(|item| match item {
        syn::Item::Mod(module) if module.ident == "types" => module.content.as_ref(),
        _ => None,
    }) else {
        return Ok(());
    };
    let mut seen = std::collections::BTreeSet::new();
    for item in &types.1 {
        let name = match item {
            syn::Item::Struct(item) => &item.ident,
            syn::Item::Enum(item) => &item.ident,
            syn::Item::Type(item) => &item.ident,
            _ => continue,
        };
        if !seen.insert(name.to_string()) {
            return Err(Error::Unsupported {
                file: spec.file.clone(),
                pointer: component_named(spec, &name.to_string()),
                construct: format!(
                    "typify names two schemas `{name}` (an inline schema is named like this component)"
                ),
            });
        }
    }
    Ok(())
}

/// The component schema typify names `rust_name` (a type name), or `#/components/schemas` when none does.
fn component_named(spec: &Spec, rust_name: &str) -> Pointer {
    let schemas = spec
        .json
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let owner = schemas
        .into_iter()
        .flat_map(|schemas| schemas.keys())
        .find(|name| type_name(name) == rust_name);
    match owner {
        Some(name) => Pointer::from_tokens(["components", "schemas", name.as_str()]),
        None => Pointer::from_tokens(["components", "schemas"]),
    }
}
