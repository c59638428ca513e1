//! Where an invalid document is wrong, when `openapiv3` cannot say.
//!
//! `openapiv3` reads `$ref`-or-value slots (`ReferenceOr`) and schemas (flattened) through
//! serde's buffered content, which forgets the path below them: DigitalOcean's one
//! operation without `responses` was reported at `#/paths`, out of ~300 files. So when the
//! whole document fails, each OpenAPI object below the reported place is read alone, as
//! the type its position gives it, and the deepest objects that still fail are the
//! problems, all of them in one run.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Pointer};

/// The OpenAPI objects a position in the document can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Object {
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Header,
    MediaType,
    Encoding,
    Schema,
    Components,
    Callback,
    Example,
    Link,
    SecurityScheme,
}

impl Object {
    /// Reads `node` as this object, `Err` with the path inside it and serde's message.
    fn read(self, node: &Value) -> Result<(), (Vec<String>, String)> {
        use openapiv3 as v3;
        match self {
            Object::Paths => read::<v3::Paths>(node),
            Object::PathItem => read::<v3::PathItem>(node),
            Object::Operation => read::<v3::Operation>(node),
            Object::Parameter => read::<v3::Parameter>(node),
            Object::RequestBody => read::<v3::RequestBody>(node),
            Object::Responses => read::<v3::Responses>(node),
            Object::Response => read::<v3::Response>(node),
            Object::Header => read::<v3::Header>(node),
            Object::MediaType => read::<v3::MediaType>(node),
            Object::Encoding => read::<v3::Encoding>(node),
            Object::Schema => read::<v3::Schema>(node),
            Object::Components => read::<v3::Components>(node),
            Object::Callback => read::<v3::Callback>(node),
            Object::Example => read::<v3::Example>(node),
            Object::Link => read::<v3::Link>(node),
            Object::SecurityScheme => read::<v3::SecurityScheme>(node),
        }
    }
}

fn read<T: DeserializeOwned>(node: &Value) -> Result<(), (Vec<String>, String)> {
    serde_path_to_error::deserialize::<_, T>(node)
        .map(drop)
        .map_err(|err| {
            let path = err.path().iter().filter_map(segment_token).collect();
            (path, err.into_inner().to_string())
        })
}

/// A path segment of `serde_path_to_error` as a reference token.
pub(super) fn segment_token(segment: &serde_path_to_error::Segment) -> Option<String> {
    use serde_path_to_error::Segment;
    match segment {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { variant } => Some(variant.clone()),
        Segment::Unknown => None,
    }
}

/// The members of an object that are themselves OpenAPI objects: fixed fields, named
/// map entries (a path, a property, a status code) and list items, by reference token.
fn children(object: Object, node: &Value) -> Vec<(Vec<String>, Object, &Value)> {
    use Object::*;
    let Value::Object(map) = node else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (key, value) in map.iter().filter(|(key, _)| !key.starts_with("x-")) {
        let field = |kind| vec![(vec![key.clone()], kind, value)];
        let entries = |kind| match value {
            Value::Object(map) => map
                .iter()
                .filter(|(name, _)| !name.starts_with("x-"))
                .map(|(name, entry)| (vec![key.clone(), name.clone()], kind, entry))
                .collect(),
            _ => Vec::new(),
        };
        let items = |kind| match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(index, item)| (vec![key.clone(), index.to_string()], kind, item))
                .collect(),
            _ => Vec::new(),
        };
        found.extend(match (object, key.as_str()) {
            (Paths | Callback, _) => field(PathItem),
            (Responses, _) => field(Response),
            (PathItem, method) if super::tree::METHODS.contains(&method) => field(Operation),
            (PathItem | Operation, "parameters") => items(Parameter),
            (Operation, "requestBody") => field(RequestBody),
            (Operation, "responses") => field(Responses),
            (Operation, "callbacks") => entries(Callback),
            (Response | Encoding, "headers") => entries(Header),
            (Response, "links") => entries(Link),
            (RequestBody | Response | Parameter | Header, "content") => entries(MediaType),
            (MediaType, "encoding") => entries(Encoding),
            (MediaType | Parameter | Header, "examples") => entries(Example),
            (MediaType | Parameter | Header, "schema") => field(Schema),
            (Schema, "items" | "not" | "additionalProperties") => field(Schema),
            (Schema, "properties") => entries(Schema),
            (Schema, "allOf" | "oneOf" | "anyOf") => items(Schema),
            (Components, "schemas") => entries(Schema),
            (Components, "responses") => entries(Response),
            (Components, "parameters") => entries(Parameter),
            (Components, "examples") => entries(Example),
            (Components, "requestBodies") => entries(RequestBody),
            (Components, "headers") => entries(Header),
            (Components, "securitySchemes") => entries(SecurityScheme),
            (Components, "links") => entries(Link),
            (Components, "callbacks") => entries(Callback),
            _ => Vec::new(),
        });
    }
    found
}

/// Collects the deepest objects at or below `node` that fail to read alone, each with its
/// pointer and serde's message.
fn failures(object: Object, node: &Value, at: &Pointer, found: &mut Vec<(Pointer, String)>) {
    // A reference is checked where it points; `additionalProperties: true` is no schema.
    if !node.is_object() || node.get("$ref").is_some() {
        return;
    }
    let Err((path, message)) = object.read(node) else {
        return;
    };
    let before = found.len();
    for (tokens, kind, child) in children(object, node) {
        let child_at = tokens.iter().fold(at.clone(), |at, token| at.join(token));
        failures(kind, child, &child_at, found);
    }
    if found.len() == before {
        let inside = path.iter().fold(at.clone(), |at, token| at.join(token));
        found.push((inside, message));
    }
}

/// The located problems of a document `openapiv3` refused, or `None` when reading its
/// paths and components alone finds nothing (the fault is elsewhere).
pub(super) fn problems(file: &Path, json: &Value) -> Option<Error> {
    let mut found = Vec::new();
    for (key, object) in [("paths", Object::Paths), ("components", Object::Components)] {
        if let Some(node) = json.get(key) {
            failures(object, node, &Pointer::from_tokens([key]), &mut found);
        }
    }
    let problems = found.into_iter().map(|(pointer, message)| Error::Invalid {
        file: file.to_path_buf(),
        pointer,
        message,
    });
    Error::from_problems(problems.collect()).err()
}
