//! Visiting every schema of a document to rewrite it, innermost first.
//!
//! Unlike `spec::tree` (read-only, 3.0 keywords only), this walk knows the JSON Schema
//! 2020-12 keywords that hold subschemas in OpenAPI 3.1, because the 3.1 → 3.0 conversion
//! must reach schemas inside them too. Example values and `x-` extensions are not entered.

use serde_json::{Map, Value};

use crate::error::{unescape, Pointer};

/// Keywords whose value is one subschema.
const ONE: [&str; 11] = [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
];
/// Keywords whose value is a list of subschemas.
const LISTS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value maps names to subschemas.
const MAPS: [&str; 4] = [
    "properties",
    "patternProperties",
    "$defs",
    "dependentSchemas",
];

/// What is called on each schema object, with its location.
pub type Visit<'v> = dyn FnMut(&mut Map<String, Value>, &Pointer, Site<'_>) + 'v;

/// Where a schema sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site<'a> {
    /// Directly under a media type: the body of a request or response of that type.
    Body { media: &'a str },
    /// Anywhere else.
    Other,
}

/// Calls `visit` on every schema object of `document`, each after the schemas inside it.
pub fn schemas_mut(document: &mut Value, visit: &mut Visit<'_>) {
    walk_document(document, &Pointer::root(), visit);
}

fn walk_document(node: &mut Value, at: &Pointer, visit: &mut Visit<'_>) {
    match node {
        Value::Object(map) => {
            let is_components = at.as_json_pointer() == "/components";
            // `…/content/<media>/schema`: the media type names the body's schema.
            let mut tokens = at.as_json_pointer().rsplit('/');
            let media = tokens.next().map(unescape);
            let media = (tokens.next() == Some("content"))
                .then_some(media)
                .flatten();
            for (key, child) in map.iter_mut() {
                let child_at = at.join(key);
                if key.starts_with("x-") || key == "example" || key == "examples" {
                    continue;
                }
                if is_components && key == "schemas" {
                    if let Value::Object(schemas) = child {
                        for (name, schema) in schemas.iter_mut() {
                            walk_schema(schema, &child_at.join(name), Site::Other, visit);
                        }
                    }
                } else if key == "schema" {
                    let site = match &media {
                        Some(media) => Site::Body { media },
                        None => Site::Other,
                    };
                    walk_schema(child, &child_at, site, visit);
                } else {
                    walk_document(child, &child_at, visit);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                walk_document(child, &at.join(&index.to_string()), visit);
            }
        }
        _ => {}
    }
}

fn walk_schema(node: &mut Value, at: &Pointer, site: Site<'_>, visit: &mut Visit<'_>) {
    let Value::Object(schema) = node else { return };
    for (key, child) in schema.iter_mut() {
        let child_at = at.join(key);
        match (key.as_str(), child) {
            (key, child @ Value::Object(_)) if ONE.contains(&key) => {
                walk_schema(child, &child_at, Site::Other, visit);
            }
            (key, Value::Array(members)) if LISTS.contains(&key) => {
                for (index, member) in members.iter_mut().enumerate() {
                    walk_schema(
                        member,
                        &child_at.join(&index.to_string()),
                        Site::Other,
                        visit,
                    );
                }
            }
            (key, Value::Object(entries)) if MAPS.contains(&key) => {
                for (name, member) in entries.iter_mut() {
                    walk_schema(member, &child_at.join(name), Site::Other, visit);
                }
            }
            _ => {}
        }
    }
    visit(schema, at, site);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schemas_are_visited_innermost_first_with_their_body_media_type() {
        let mut document = json!({
            "paths": {"/x": {"post": {"requestBody": {"content": {"application/octet-stream": {
                "schema": {"type": "string", "example": {"properties": {"no": {}}}}
            }}}}}},
            "components": {"schemas": {"A": {"properties": {"b": {"items": {"type": "string"}}}}}}
        });
        let mut seen = Vec::new();
        schemas_mut(&mut document, &mut |_, at, site| {
            seen.push((
                at.to_string(),
                site == Site::Body {
                    media: "application/octet-stream",
                },
            ))
        });
        assert_eq!(
            seen,
            [
                (
                    "#/paths/~1x/post/requestBody/content/application~1octet-stream/schema"
                        .to_owned(),
                    true
                ),
                (
                    "#/components/schemas/A/properties/b/items".to_owned(),
                    false
                ),
                ("#/components/schemas/A/properties/b".to_owned(), false),
                ("#/components/schemas/A".to_owned(), false),
            ]
        );
    }
}
