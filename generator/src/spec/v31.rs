//! OpenAPI 3.1 → the 3.0 model, on the JSON tree, before `openapiv3` and progenitor read it.
//!
//! progenitor and `openapiv3` read OpenAPI 3.0 only. Most of what 3.1 (JSON Schema 2020-12)
//! says has a 3.0 spelling, and is rewritten to it:
//!
//! | 3.1 | 3.0 |
//! |---|---|
//! | `type: [T, "null"]` | `type: T`, `nullable: true` |
//! | `type: [A, B]` | `oneOf: [{type: A, …A's keywords}, {type: B, …}]` |
//! | `type: "null"` | `enum: [null]` |
//! | `oneOf`/`anyOf: [{type: "null"}, X]` | X, `nullable: true` |
//! | `const: v` | `enum: [v]` |
//! | `examples: [a, …]` (schema) | `example: a` |
//! | `exclusiveMinimum: n` | `minimum: n`, `exclusiveMinimum: true` (same for maximum) |
//! | `contentEncoding: base64` | `format: byte` |
//! | `contentEncoding: binary`, `contentMediaType` of a non-text type | `format: binary` |
//! | `$ref` beside constraints | `allOf: [{$ref}]` beside them (3.0 ignores `$ref` siblings) |
//! | `prefixItems: [A, B]` | `items` any of A, B and what may follow (positions not checked; a recorded skip) |
//! | `patternProperties: {p: S}` | `additionalProperties` any of S and what other keys may hold (keys not checked; a recorded skip) |
//! | `components.pathItems` | inlined where `paths` reference them |
//! | an operation without `responses` | `default`: any media type, the caller's bytes (a recorded skip) |
//!
//! What 3.0 cannot say and code generation does not need (`webhooks`, `info.summary`, a
//! `mutualTLS` security scheme,
//! `license.identifier`, `jsonSchemaDialect`, `$schema`, `$id`, validation-only keywords
//! such as `propertyNames`) is removed and recorded as a [`Skip`]. What changes the shape of
//! the data and has no 3.0 spelling (`if`/`then`/`else`, `$defs`, `dependentSchemas`, …) is
//! refused where it is.

use std::path::Path;

use serde_json::{json, Map, Value};

use super::walk::{self, Site};
use super::Skip;
use crate::error::{Error, Pointer};

/// The version the converted document declares.
const CONVERTED_VERSION: &str = "3.0.3";

/// Keywords with no 3.0 spelling that change what data a schema describes.
const REFUSED: [(&str, &str); 7] = [
    ("if", "`if`/`then`/`else`"),
    ("then", "`if`/`then`/`else`"),
    ("else", "`if`/`then`/`else`"),
    ("dependentSchemas", "`dependentSchemas`"),
    (
        "$defs",
        "`$defs` (move the definitions to components.schemas)",
    ),
    ("$dynamicRef", "`$dynamicRef`"),
    ("$dynamicAnchor", "`$dynamicAnchor`"),
];

/// Keywords removed because 3.0 and the generated types have no place for them.
const REMOVED: [(&str, &str); 11] = [
    (
        "$schema",
        "`$schema`: schemas are read as OpenAPI 3.0 schemas",
    ),
    ("$id", "`$id`: references are resolved by JSON pointer"),
    (
        "$anchor",
        "`$anchor`: references are resolved by JSON pointer",
    ),
    ("$comment", "`$comment` (a comment)"),
    (
        "propertyNames",
        "`propertyNames` (validation only: keys stay strings)",
    ),
    ("contains", "`contains` (validation only)"),
    ("minContains", "`minContains` (validation only)"),
    ("maxContains", "`maxContains` (validation only)"),
    ("dependentRequired", "`dependentRequired` (validation only)"),
    (
        "contentSchema",
        "`contentSchema` (the string stays a string)",
    ),
    ("unevaluatedItems", "`unevaluatedItems` (validation only)"),
];

/// Keywords that describe a schema without constraining it: beside a `$ref` they may stay,
/// 3.0 readers ignore them.
const ANNOTATIONS: [&str; 8] = [
    "description",
    "title",
    "summary",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "externalDocs",
];

/// Keywords that belong to one JSON type, when `type: [A, B]` splits into `oneOf` members.
const TYPE_KEYWORDS: [(&str, &[&str]); 5] = [
    ("string", &["minLength", "maxLength", "pattern", "format"]),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "format",
        ],
    ),
    (
        "integer",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "format",
        ],
    ),
    ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
    ),
];

/// Rewrites a 3.1 document into the 3.0 model; returns what cannot be rewritten, located.
pub(crate) fn to_3_0(file: &Path, document: &mut Value, skips: &mut Vec<Skip>) -> Vec<Error> {
    let mut converter = Converter {
        file,
        skips,
        problems: Vec::new(),
    };
    converter.document(document);
    walk::schemas_mut(document, &mut |schema, at, site| {
        converter.schema(schema, at, site)
    });
    converter.problems
}

struct Converter<'a> {
    file: &'a Path,
    skips: &'a mut Vec<Skip>,
    problems: Vec<Error>,
}

impl Converter<'_> {
    fn skip(&mut self, pointer: Pointer, what: impl Into<String>) {
        self.skips.push(Skip {
            pointer,
            what: what.into(),
        });
    }

    fn refuse(&mut self, pointer: Pointer, construct: String) {
        self.problems.push(Error::Unsupported {
            file: self.file.to_path_buf(),
            pointer,
            construct,
        });
    }

    /// The root-level differences: version, webhooks, `info`, path items in components.
    fn document(&mut self, document: &mut Value) {
        let Value::Object(root) = document else {
            return;
        };
        root.insert("openapi".into(), CONVERTED_VERSION.into());
        if root.remove("jsonSchemaDialect").is_some() {
            self.skip(
                Pointer::from_tokens(["jsonSchemaDialect"]),
                "`jsonSchemaDialect`: schemas are read as OpenAPI 3.0 schemas",
            );
        }
        if let Some(Value::Object(webhooks)) = root.remove("webhooks") {
            for name in webhooks.keys() {
                self.skip(
                    Pointer::from_tokens(["webhooks", name]),
                    "webhook: a request the API sends to you, which a client does not make",
                );
            }
        }
        if let Some(Value::Object(info)) = root.get_mut("info") {
            if info.remove("summary").is_some() {
                self.skip(
                    Pointer::from_tokens(["info", "summary"]),
                    "`info.summary` (no 3.0 field; `info.description` stays)",
                );
            }
            if let Some(Value::Object(license)) = info.get_mut("license") {
                if license.remove("identifier").is_some() {
                    self.skip(
                        Pointer::from_tokens(["info", "license", "identifier"]),
                        "`license.identifier` (SPDX; no 3.0 field, `license.name` stays)",
                    );
                }
            }
        }
        root.entry("paths").or_insert_with(|| json!({}));
        self.inline_path_items(root);
        self.mutual_tls(root);
        self.undeclared_responses(root);
    }

    /// A `mutualTLS` security scheme has no 3.0 type; the client certificate is the HTTP
    /// client's to present, so code generation loses nothing with it.
    fn mutual_tls(&mut self, root: &mut Map<String, Value>) {
        let Some(Value::Object(schemes)) = root
            .get_mut("components")
            .and_then(|components| components.get_mut("securitySchemes"))
        else {
            return;
        };
        schemes.retain(|name, scheme| {
            let mutual = scheme.get("type").and_then(Value::as_str) == Some("mutualTLS");
            if mutual {
                self.skips.push(Skip {
                    pointer: Pointer::from_tokens(["components", "securitySchemes", name]),
                    what: "`mutualTLS` security scheme (no 3.0 type): the client certificate is \
                           configured on the HTTP client"
                        .into(),
                });
            }
            !mutual
        });
    }

    /// 3.1 lets an operation leave out `responses`, which 3.0 requires: it gets a `default`
    /// response of any media type, so whatever answers reaches the caller as bytes.
    fn undeclared_responses(&mut self, root: &mut Map<String, Value>) {
        let Some(Value::Object(paths)) = root.get_mut("paths") else {
            return;
        };
        for (path, item) in paths.iter_mut() {
            let Value::Object(item) = item else {
                continue;
            };
            for (method, operation) in item.iter_mut() {
                let Value::Object(operation) = operation else {
                    continue;
                };
                if !super::tree::METHODS.contains(&method.as_str())
                    || operation.contains_key("responses")
                {
                    continue;
                }
                operation.insert(
                    "responses".into(),
                    json!({"default": {
                        "description": "Not declared by the document.",
                        "content": {"*/*": {}}
                    }}),
                );
                self.skip(
                    Pointer::from_tokens(["paths", path, method, "responses"]),
                    "no `responses` (optional in 3.1): any response is the caller's bytes",
                );
            }
        }
    }

    /// `paths: {/x: {$ref: '#/components/pathItems/X'}}` → the path item itself: 3.0 has
    /// no `pathItems` section.
    fn inline_path_items(&mut self, root: &mut Map<String, Value>) {
        let Some(Value::Object(components)) = root.get_mut("components") else {
            return;
        };
        let Some(Value::Object(items)) = components.remove("pathItems") else {
            return;
        };
        let mut used = std::collections::BTreeSet::new();
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            for (path, item) in paths.iter_mut() {
                let Some(reference) = item.get("$ref").and_then(Value::as_str) else {
                    continue;
                };
                let Some(name) = reference.strip_prefix("#/components/pathItems/") else {
                    continue;
                };
                let name = crate::error::unescape(name);
                match items.get(&name) {
                    Some(Value::Object(definition)) => {
                        let mut inlined = definition.clone();
                        if let Value::Object(siblings) = item {
                            for (key, value) in siblings.iter().filter(|(key, _)| *key != "$ref") {
                                inlined.insert(key.clone(), value.clone());
                            }
                        }
                        *item = Value::Object(inlined);
                        used.insert(name);
                    }
                    _ => self.problems.push(Error::UnresolvedRef {
                        file: self.file.to_path_buf(),
                        pointer: Pointer::from_tokens(["paths", path.as_str(), "$ref"]),
                        target: reference.to_owned(),
                    }),
                }
            }
        }
        for name in items.keys().filter(|name| !used.contains(*name)) {
            self.skip(
                Pointer::from_tokens(["components", "pathItems", name]),
                "path item no path uses",
            );
        }
    }

    /// One schema, whose subschemas are converted already.
    fn schema(&mut self, schema: &mut Map<String, Value>, at: &Pointer, site: Site<'_>) {
        self.tuple_items(schema, at);
        self.pattern_properties(schema, at);
        for (keyword, construct) in REFUSED {
            if schema.contains_key(keyword) {
                self.refuse(
                    at.join(keyword),
                    format!("{construct} has no OpenAPI 3.0 equivalent"),
                );
            }
        }
        for (keyword, what) in REMOVED {
            if schema.remove(keyword).is_some() {
                self.skip(at.join(keyword), what);
            }
        }
        if let Some(value) = schema.remove("unevaluatedProperties") {
            match value {
                Value::Bool(_) => self.skip(
                    at.join("unevaluatedProperties"),
                    "`unevaluatedProperties` (validation only)",
                ),
                _ => self.refuse(
                    at.join("unevaluatedProperties"),
                    "`unevaluatedProperties` with a schema has no OpenAPI 3.0 equivalent".into(),
                ),
            }
        }
        const_to_enum(schema);
        self.examples(schema, at);
        exclusive_bounds(schema);
        self.content(schema, at, site);
        self.null_members(schema);
        self.types(schema, at);
        ref_siblings(schema);
    }

    /// `prefixItems: [A, B]` (a tuple) → `items` any of A, B and the rest's `items`: 3.0
    /// has no positions, so each item is typed as any of them, a skip. `minItems` and
    /// `maxItems` stay. Items past the positions are any value unless `items` says otherwise
    /// (`false`: none) or `maxItems` allows none, so then any value is an item.
    fn tuple_items(&mut self, schema: &mut Map<String, Value>, at: &Pointer) {
        let Some(Value::Array(positions)) = schema.remove("prefixItems") else {
            return;
        };
        let bounded = schema
            .get("maxItems")
            .and_then(Value::as_u64)
            .is_some_and(|most| most <= positions.len() as u64);
        let rest = match schema.remove("items") {
            Some(items @ Value::Object(_)) => Some(items),
            Some(Value::Bool(false)) => None,
            _ if bounded => None,
            _ => Some(json!({})),
        };
        schema.insert("items".into(), any_of(positions.into_iter().chain(rest)));
        self.skip(
            at.join("prefixItems"),
            "`prefixItems` (a tuple), which 3.0 cannot say: each item is any of the positions' \
             schemas, its position not checked",
        );
    }

    /// `patternProperties: {p: S}` → `additionalProperties` any of the pattern schemas and
    /// what `additionalProperties` allows the other keys (any value when it is absent or
    /// `true`, nothing when `false`): 3.0 cannot constrain keys, so the patterns are not
    /// checked, a skip.
    fn pattern_properties(&mut self, schema: &mut Map<String, Value>, at: &Pointer) {
        let Some(Value::Object(patterns)) = schema.remove("patternProperties") else {
            return;
        };
        let other = match schema.remove("additionalProperties") {
            Some(values @ Value::Object(_)) => Some(values),
            Some(Value::Bool(false)) => None,
            _ => Some(json!({})),
        };
        let values = patterns.into_iter().map(|(_, value)| value).chain(other);
        schema.insert("additionalProperties".into(), any_of(values));
        self.skip(
            at.join("patternProperties"),
            "`patternProperties`, which 3.0 cannot say: `additionalProperties` any of their \
             schemas, the key patterns not checked",
        );
    }

    /// A schema's `examples` list → its first value as `example`.
    fn examples(&mut self, schema: &mut Map<String, Value>, at: &Pointer) {
        let Some(examples) = schema.remove("examples") else {
            return;
        };
        let mut values = match examples {
            Value::Array(values) => values,
            _ => {
                self.skip(at.join("examples"), "schema `examples` that is not a list");
                return;
            }
        };
        if values.len() > 1 {
            self.skip(
                at.join("examples"),
                "schema `examples` beyond the first (a 3.0 schema has one `example`)",
            );
        }
        if !values.is_empty() && !schema.contains_key("example") {
            schema.insert("example".into(), values.swap_remove(0));
        }
    }

    /// `contentEncoding`/`contentMediaType` → `format: byte`/`binary`.
    fn content(&mut self, schema: &mut Map<String, Value>, at: &Pointer, site: Site<'_>) {
        let encoding = schema.remove("contentEncoding");
        let media = schema.remove("contentMediaType");
        let format = match (encoding.as_ref().and_then(Value::as_str), media.as_ref()) {
            (Some("base64" | "base64url"), _) => Some("byte"),
            (Some("binary"), _) => Some("binary"),
            (Some(other), _) => {
                self.skip(
                    at.join("contentEncoding"),
                    format!("`contentEncoding: {other}` (the string stays a string)"),
                );
                None
            }
            (None, Some(Value::String(media))) if !is_text(media) => Some("binary"),
            // A 3.1 binary body is a string without a format: its media type says the rest.
            (None, _) => match site {
                Site::Body { media }
                    if !is_text(media) && is_string(schema) && !schema.contains_key("format") =>
                {
                    Some("binary")
                }
                _ => None,
            },
        };
        if let Some(format) = format {
            schema.entry("format").or_insert_with(|| format.into());
        }
    }

    /// `oneOf`/`anyOf` members that only allow `null` → `nullable` on the schema.
    fn null_members(&mut self, schema: &mut Map<String, Value>) {
        for keyword in ["oneOf", "anyOf"] {
            let Some(Value::Array(members)) = schema.get_mut(keyword) else {
                continue;
            };
            let before = members.len();
            members.retain(|member| !is_null_schema(member));
            if members.len() == before {
                continue;
            }
            schema.insert("nullable".into(), true.into());
            let Some(Value::Array(mut members)) = schema.remove(keyword) else {
                continue;
            };
            match members.len() {
                0 => {
                    schema.insert("enum".into(), json!([null]));
                }
                1 => absorb(schema, members.remove(0)),
                _ => {
                    schema.insert(keyword.into(), Value::Array(members));
                }
            }
        }
    }

    /// `type` lists and `type: "null"`.
    fn types(&mut self, schema: &mut Map<String, Value>, at: &Pointer) {
        let types = match schema.get("type") {
            Some(Value::String(single)) if single == "null" => Vec::new(),
            Some(Value::Array(types)) => {
                let mut names = Vec::new();
                for name in types.iter().filter_map(Value::as_str) {
                    if !names.contains(&name.to_owned()) {
                        names.push(name.to_owned());
                    }
                }
                names.retain(|name| name != "null");
                if names.len() < types.len() {
                    schema.insert("nullable".into(), true.into());
                }
                names
            }
            _ => return,
        };
        schema.remove("type");
        match types.as_slice() {
            [] => {
                schema.entry("enum").or_insert_with(|| json!([null]));
            }
            [single] => {
                schema.insert("type".into(), single.clone().into());
            }
            several if schema.contains_key("oneOf") => self.refuse(
                at.join("type"),
                format!(
                    "`type: {several:?}` beside a `oneOf`: write the alternatives in the oneOf"
                ),
            ),
            several => {
                let members = several
                    .iter()
                    .map(|name| {
                        let mut member = Map::new();
                        member.insert("type".into(), name.clone().into());
                        let keywords = TYPE_KEYWORDS
                            .iter()
                            .find(|(type_name, _)| type_name == name)
                            .map_or(&[][..], |(_, keywords)| keywords);
                        for keyword in keywords {
                            if let Some(value) = schema.get(*keyword) {
                                member.insert((*keyword).into(), value.clone());
                            }
                        }
                        Value::Object(member)
                    })
                    .collect();
                for (_, keywords) in TYPE_KEYWORDS {
                    for keyword in keywords {
                        schema.remove(*keyword);
                    }
                }
                schema.insert("oneOf".into(), Value::Array(members));
            }
        }
    }
}

fn const_to_enum(schema: &mut Map<String, Value>) {
    if let Some(value) = schema.remove("const") {
        if value.is_null() {
            schema.insert("nullable".into(), true.into());
        }
        schema.insert("enum".into(), Value::Array(vec![value]));
    }
}

/// One schema accepting any of `schemas`: the one schema when they are all alike, `{}` for
/// none or when one of them is `{}` (anything).
fn any_of(schemas: impl Iterator<Item = Value>) -> Value {
    let mut distinct: Vec<Value> = Vec::new();
    for schema in schemas {
        if schema.as_object().is_some_and(Map::is_empty) {
            return json!({});
        }
        if !distinct.contains(&schema) {
            distinct.push(schema);
        }
    }
    match distinct.len() {
        0 => json!({}),
        1 => distinct.remove(0),
        _ => json!({ "anyOf": distinct }),
    }
}

/// 3.1's numeric `exclusiveMinimum`/`exclusiveMaximum` in a 3.0 document, where the
/// keywords are booleans (Hugging Face's text-generation-inference writes `minimum: 0,
/// exclusiveMinimum: 0` under `openapi: 3.0.3`): read as 3.1 means them, a skip each, since
/// a number there has no 3.0 meaning and openapiv3 refuses it.
pub(crate) fn numeric_exclusive_bounds_in_3_0(document: &mut Value, skips: &mut Vec<Skip>) {
    walk::schemas_mut(document, &mut |schema, at, _| {
        let numeric = ["exclusiveMinimum", "exclusiveMaximum"]
            .into_iter()
            .filter(|key| schema.get(*key).is_some_and(Value::is_number))
            .collect::<Vec<_>>();
        if numeric.is_empty() {
            return;
        }
        exclusive_bounds(schema);
        skips.extend(numeric.into_iter().map(|key| {
            Skip {
                pointer: at.join(key),
                what: "a numeric exclusive bound in an OpenAPI 3.0 document (3.0's is a boolean): \
                   read as OpenAPI 3.1 defines it"
                    .into(),
            }
        }));
    });
}

/// 3.1's numeric `exclusiveMinimum: n` → 3.0's `minimum: n` + `exclusiveMinimum: true`;
/// an inclusive `minimum` that is stricter stays and the exclusive one goes.
fn exclusive_bounds(schema: &mut Map<String, Value>) {
    for (exclusive, inclusive, stricter) in [
        (
            "exclusiveMinimum",
            "minimum",
            f64::gt as fn(&f64, &f64) -> bool,
        ),
        ("exclusiveMaximum", "maximum", f64::lt),
    ] {
        let Some(Value::Number(bound)) = schema.get(exclusive).cloned() else {
            continue;
        };
        let existing = schema.get(inclusive).and_then(Value::as_f64);
        match (existing, bound.as_f64()) {
            (Some(existing), Some(bound)) if stricter(&existing, &bound) => {
                schema.remove(exclusive);
            }
            _ => {
                schema.insert(inclusive.into(), Value::Number(bound));
                schema.insert(exclusive.into(), true.into());
            }
        }
    }
}

/// `$ref` beside keywords that constrain the value: 3.0 ignores a `$ref`'s siblings, so the
/// reference moves into an `allOf` that the siblings then apply to.
fn ref_siblings(schema: &mut Map<String, Value>) {
    let Some(reference) = schema.get("$ref").cloned() else {
        return;
    };
    let constrains = schema
        .keys()
        .any(|key| key != "$ref" && !key.starts_with("x-") && !ANNOTATIONS.contains(&key.as_str()));
    if !constrains {
        return;
    }
    schema.remove("$ref");
    let member = json!({ "$ref": reference });
    match schema.get_mut("allOf") {
        Some(Value::Array(all_of)) => all_of.insert(0, member),
        _ => {
            schema.insert("allOf".into(), json!([member]));
        }
    }
}

/// Puts the one non-null alternative of a `oneOf`/`anyOf` in the place of the list: its
/// keywords merge into the schema, or it becomes an `allOf` member when it is a `$ref` or
/// when they clash.
fn absorb(schema: &mut Map<String, Value>, member: Value) {
    let mergeable = match &member {
        Value::Object(member) => {
            !member.contains_key("$ref")
                && member.iter().all(|(key, value)| {
                    ANNOTATIONS.contains(&key.as_str())
                        || schema.get(key).is_none_or(|own| own == value)
                })
        }
        _ => false,
    };
    match member {
        Value::Object(member) if mergeable => {
            for (key, value) in member {
                schema.entry(key).or_insert(value);
            }
        }
        member => match schema.get_mut("allOf") {
            Some(Value::Array(all_of)) => all_of.push(member),
            _ => {
                schema.insert("allOf".into(), Value::Array(vec![member]));
            }
        },
    }
}

/// `{type: "null"}` (or its converted form `{enum: [null]}`), annotations aside.
fn is_null_schema(member: &Value) -> bool {
    let Value::Object(member) = member else {
        return false;
    };
    let null_type = |value: &Value| match value {
        Value::String(name) => name == "null",
        Value::Array(names) => names.iter().all(|name| name == "null"),
        _ => false,
    };
    let mut says_null = false;
    for (key, value) in member {
        match key.as_str() {
            "type" if null_type(value) => says_null = true,
            "enum" if value == &json!([null]) => says_null = true,
            "nullable" => {}
            key if ANNOTATIONS.contains(&key) || key.starts_with("x-") => {}
            _ => return false,
        }
    }
    says_null
}

fn is_string(schema: &Map<String, Value>) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("string")
}

/// Media types whose content is text a Rust `String` holds.
fn is_text(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    media.starts_with("text/") || media.contains("json") || media.contains("xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The converted document, its skips and its problems (as text).
    fn convert(document: Value) -> (Value, Vec<Skip>, Vec<String>) {
        let mut document = document;
        let mut skips = Vec::new();
        let problems = to_3_0(Path::new("x.yaml"), &mut document, &mut skips);
        let problems = problems.iter().map(ToString::to_string).collect();
        (document, skips, problems)
    }

    /// One schema, converted as `components/schemas/S`.
    fn schema(schema: Value) -> Value {
        let (document, _, problems) = convert(json!({"components": {"schemas": {"S": schema}}}));
        assert!(problems.is_empty(), "{problems:?}");
        document["components"]["schemas"]["S"].clone()
    }

    #[test]
    fn a_type_list_with_null_is_the_type_made_nullable() {
        assert_eq!(
            schema(json!({"type": ["string", "null"], "maxLength": 3})),
            json!({"maxLength": 3, "nullable": true, "type": "string"})
        );
        assert_eq!(
            schema(json!({"type": ["null"]})),
            json!({"nullable": true, "enum": [null]})
        );
        assert_eq!(schema(json!({"type": "null"})), json!({"enum": [null]}));
    }

    #[test]
    fn a_type_list_of_several_types_is_a_one_of_with_each_types_keywords() {
        assert_eq!(
            schema(
                json!({"type": ["string", "integer", "null"], "description": "d", "maxLength": 3, "minimum": 1})
            ),
            json!({
                "description": "d",
                "nullable": true,
                "oneOf": [{"type": "string", "maxLength": 3}, {"type": "integer", "minimum": 1}]
            })
        );
    }

    #[test]
    fn null_alternatives_make_the_other_one_nullable() {
        assert_eq!(
            schema(
                json!({"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/T"}], "description": "d"})
            ),
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert_eq!(
            schema(
                json!({"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]})
            ),
            json!({"nullable": true, "type": "array", "items": {"type": "string"}})
        );
        assert_eq!(
            schema(json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]})),
            json!({"nullable": true, "anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn numeric_exclusive_bounds_in_a_3_0_document_are_read_as_3_1_means_them() {
        let mut document = json!({"components": {"schemas": {
            "BestOf": {"type": "integer", "minimum": 0, "exclusiveMinimum": 0},
            "Ratio": {"type": "number", "maximum": 1, "exclusiveMaximum": true},
        }}});
        let mut skips = Vec::new();
        numeric_exclusive_bounds_in_3_0(&mut document, &mut skips);
        assert_eq!(
            document["components"]["schemas"]["BestOf"],
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(
            document["components"]["schemas"]["Ratio"],
            json!({"type": "number", "maximum": 1, "exclusiveMaximum": true})
        );
        let pointers = skips
            .iter()
            .map(|skip| skip.pointer.to_string())
            .collect::<Vec<_>>();
        assert_eq!(pointers, ["#/components/schemas/BestOf/exclusiveMinimum"]);
    }

    #[test]
    fn tuples_and_pattern_properties_become_any_of_their_schemas_with_a_skip() {
        let (document, skips, problems) = convert(json!({"components": {"schemas": {
            "Swap": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}],
                     "minItems": 2, "maxItems": 2},
            "Pair": {"type": "array", "prefixItems": [{"type": "string"}], "items": {"type": "integer"}},
            "Open": {"type": "array", "prefixItems": [{"type": "string"}]},
            "Tags": {"type": "object", "patternProperties": {"^x-": {"type": "string"}}},
            "Labels": {"type": "object", "patternProperties": {"^x-": {"type": "string"}},
                       "additionalProperties": false},
        }}}));
        assert!(problems.is_empty(), "{problems:?}");
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["Swap"],
            json!({"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2})
        );
        assert_eq!(
            schemas["Pair"]["items"],
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
        // Past the positions, or under other keys, 3.1 allows any value.
        assert_eq!(schemas["Open"]["items"], json!({}));
        assert_eq!(schemas["Tags"]["additionalProperties"], json!({}));
        assert_eq!(
            schemas["Labels"],
            json!({"type": "object", "additionalProperties": {"type": "string"}})
        );
        let at = skips
            .iter()
            .map(|skip| skip.pointer.to_string())
            .collect::<Vec<_>>();
        assert_eq!(
            at,
            [
                "#/components/schemas/Swap/prefixItems",
                "#/components/schemas/Pair/prefixItems",
                "#/components/schemas/Open/prefixItems",
                "#/components/schemas/Tags/patternProperties",
                "#/components/schemas/Labels/patternProperties",
            ]
        );
    }

    #[test]
    fn const_is_a_one_value_enum() {
        assert_eq!(
            schema(json!({"type": "integer", "const": 3})),
            json!({"type": "integer", "enum": [3]})
        );
    }

    #[test]
    fn examples_become_the_first_example_and_the_rest_is_a_skip() {
        let (document, skips, _) = convert(
            json!({"components": {"schemas": {"S": {"type": "string", "examples": ["a", "b"]}}}}),
        );
        assert_eq!(
            document["components"]["schemas"]["S"],
            json!({"type": "string", "example": "a"})
        );
        assert_eq!(
            skips[0].pointer.to_string(),
            "#/components/schemas/S/examples"
        );
        assert_eq!(schema(json!({"examples": ["a"]})), json!({"example": "a"}));
    }

    #[test]
    fn numeric_exclusive_bounds_become_boolean_ones() {
        assert_eq!(
            schema(
                json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 5})
            ),
            json!({"type": "number", "exclusiveMinimum": true, "minimum": 0, "maximum": 5})
        );
        assert_eq!(
            schema(json!({"type": "number", "exclusiveMinimum": 0})),
            json!({"type": "number", "exclusiveMinimum": true, "minimum": 0})
        );
        assert_eq!(
            schema(json!({"type": "number", "exclusiveMinimum": true, "minimum": 0})),
            json!({"type": "number", "exclusiveMinimum": true, "minimum": 0})
        );
    }

    #[test]
    fn content_encoding_and_media_type_become_formats() {
        assert_eq!(
            schema(json!({"type": "string", "contentEncoding": "base64"})),
            json!({"type": "string", "format": "byte"})
        );
        assert_eq!(
            schema(json!({"type": "string", "contentEncoding": "binary"})),
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(
            schema(json!({"type": "string", "contentMediaType": "image/png"})),
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(
            schema(json!({"type": "string", "contentMediaType": "application/json"})),
            json!({"type": "string"})
        );
        let (document, _, _) = convert(
            json!({"paths": {"/x": {"post": {"requestBody": {"content": {
                "application/octet-stream": {"schema": {"type": "string"}}
            }}}}}}),
        );
        assert_eq!(
            document
                .pointer("/paths/~1x/post/requestBody/content/application~1octet-stream/schema"),
            Some(&json!({"type": "string", "format": "binary"}))
        );
    }

    #[test]
    fn a_ref_beside_constraints_moves_into_all_of_and_beside_annotations_stays() {
        assert_eq!(
            schema(json!({"$ref": "#/components/schemas/T", "default": "a", "description": "d"})),
            json!({"default": "a", "description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert_eq!(
            schema(json!({"$ref": "#/components/schemas/T", "description": "d"})),
            json!({"$ref": "#/components/schemas/T", "description": "d"})
        );
    }

    #[test]
    fn root_fields_without_a_3_0_place_are_skips() {
        let (document, skips, problems) = convert(json!({
            "openapi": "3.1.0", "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": {"title": "t", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"ping": {"post": {}}}
        }));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            document,
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1", "license": {"name": "MIT"}}, "paths": {}})
        );
        let at = skips
            .iter()
            .map(|skip| skip.pointer.to_string())
            .collect::<Vec<_>>();
        assert_eq!(
            at,
            [
                "#/jsonSchemaDialect",
                "#/webhooks/ping",
                "#/info/summary",
                "#/info/license/identifier"
            ]
        );
    }

    #[test]
    fn path_items_in_components_are_inlined_where_paths_use_them() {
        let (document, skips, problems) = convert(json!({
            "paths": {"/x": {"$ref": "#/components/pathItems/X", "summary": "here"}},
            "components": {"pathItems": {"X": {"get": {"operationId": "x", "responses": {}}}, "Unused": {}}}
        }));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            document["paths"]["/x"],
            json!({"get": {"operationId": "x", "responses": {}}, "summary": "here"})
        );
        assert_eq!(document["components"], json!({}));
        assert_eq!(
            skips[0].pointer.to_string(),
            "#/components/pathItems/Unused"
        );
    }

    #[test]
    fn schema_keywords_without_a_3_0_meaning_are_refused_or_skipped_where_they_are() {
        let (document, skips, problems) = convert(json!({"components": {"schemas": {"S": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "propertyNames": {"maxLength": 3},
            "properties": {"pair": {"type": "object", "if": {"required": ["a"]}}}
        }}}}));
        assert_eq!(
            problems,
            ["x.yaml#/components/schemas/S/properties/pair/if: unsupported construct: `if`/`then`/`else` has no OpenAPI 3.0 equivalent"]
        );
        assert_eq!(document["components"]["schemas"]["S"]["type"], "object");
        let at = skips
            .iter()
            .map(|skip| skip.pointer.to_string())
            .collect::<Vec<_>>();
        assert_eq!(
            at,
            [
                "#/components/schemas/S/$schema",
                "#/components/schemas/S/propertyNames"
            ]
        );
    }
}
