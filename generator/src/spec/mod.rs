//! Reading a spec: YAML text → JSON tree → checked OpenAPI 3.0 document.
//!
//! The JSON tree is kept beside the typed `openapiv3` document because locations are
//! reported as JSON pointers and some checks (dangling `$ref`s, 3.1-only keywords) are
//! easier on the untyped tree.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Error, Pointer, Result};

/// A parsed spec and what the generator needs to know about its origin.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Path as shown in messages and generated headers (relative to the workspace root).
    pub file: PathBuf,
    /// API name: the file stem (`sis` for `specs/sis.yaml`).
    pub name: String,
    /// Hex sha256 of the file's bytes; generated headers record it.
    pub sha256: String,
    pub json: Value,
    pub openapi: OpenAPI,
}

/// Reads and parses `root/relative`.
pub fn load(root: &Path, relative: &Path) -> Result<Spec> {
    let text = std::fs::read_to_string(root.join(relative)).map_err(|source| Error::Io {
        file: relative.to_path_buf(),
        source,
    })?;
    parse(relative, &text)
}

/// Parses spec text; `file` only labels errors. Never panics on any input.
pub fn parse(file: &Path, text: &str) -> Result<Spec> {
    let json = parse_yaml(file, text)?;
    check_version(file, &json)?;
    check_refs(file, &json, &json, &mut Pointer::root())?;
    check_3_0_keywords(file, &json, &mut Pointer::root())?;
    let openapi = to_openapi(file, &json)?;
    let name = file
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or("api")
        .to_owned();
    Ok(Spec {
        file: file.to_path_buf(),
        name,
        sha256: sha256_hex(text.as_bytes()),
        json,
        openapi,
    })
}

/// The hash recorded in generated headers and compared by `build.rs`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn parse_yaml(file: &Path, text: &str) -> Result<Value> {
    yaml_serde::from_str::<Value>(text).map_err(|err| {
        let (line, column) = err
            .location()
            .map(|at| (at.line(), at.column()))
            .unwrap_or((1, 1));
        Error::Yaml {
            file: file.to_path_buf(),
            line,
            column,
            message: err.to_string(),
        }
    })
}

fn check_version(file: &Path, json: &Value) -> Result<()> {
    let pointer = Pointer::from_tokens(["openapi"]);
    let found = match json.get("openapi") {
        Some(Value::String(version)) => version.clone(),
        Some(other) => other.to_string(),
        None => {
            return Err(Error::Invalid {
                file: file.to_path_buf(),
                pointer: Pointer::root(),
                message: "missing the `openapi` version field (is this an OpenAPI document?)"
                    .into(),
            })
        }
    };
    if found.starts_with("3.0.") {
        Ok(())
    } else {
        Err(Error::UnsupportedVersion {
            file: file.to_path_buf(),
            pointer,
            found,
        })
    }
}

/// Every `$ref` must be local (`#/...`) and resolve inside the document.
fn check_refs(file: &Path, root: &Value, node: &Value, at: &mut Pointer) -> Result<()> {
    match node {
        Value::Object(map) => {
            for (key, child) in map {
                let child_at = at.join(key);
                if is_example_value(at, key) {
                    // Example values are data: a `$ref` key there (GitHub's SCIM examples)
                    // is a member of the example, not a reference.
                    continue;
                }
                if key == "$ref" {
                    if let Value::String(target) = child {
                        check_ref_target(file, root, target, &child_at)?;
                        continue;
                    }
                }
                check_refs(file, root, child, &mut child_at.clone())?;
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                check_refs(file, root, child, &mut at.join(&index.to_string()))?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether `key` of the object at `at` holds an example value: `example` anywhere but as a
/// property name, or `value` of an Example object (`…/examples/<name>/value`).
fn is_example_value(at: &Pointer, key: &str) -> bool {
    let mut parents = at.as_json_pointer().rsplit('/');
    let parent = parents.next();
    match key {
        "example" => parent != Some("properties"),
        "value" => parents.next() == Some("examples"),
        _ => false,
    }
}

fn check_ref_target(file: &Path, root: &Value, target: &str, at: &Pointer) -> Result<()> {
    let Some(local) = target.strip_prefix('#') else {
        return Err(Error::Unsupported {
            file: file.to_path_buf(),
            pointer: at.clone(),
            construct: format!("external $ref {target:?}: bundle it into this file"),
        });
    };
    let decoded = percent_decode(local);
    if root.pointer(&decoded).is_some() {
        Ok(())
    } else {
        Err(Error::UnresolvedRef {
            file: file.to_path_buf(),
            pointer: at.clone(),
            target: target.to_owned(),
        })
    }
}

/// `$ref` values are URI fragments, so `%7B` may stand for `{` in a path key.
pub(crate) fn percent_decode(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// OpenAPI 3.1 constructs that `openapiv3` would otherwise reject with a misleading location.
fn check_3_0_keywords(file: &Path, node: &Value, at: &mut Pointer) -> Result<()> {
    if let Value::Object(map) = node {
        for (key, child) in map {
            let child_at = at.join(key);
            let only_3_1 = match key.as_str() {
                "type" => child
                    .is_array()
                    .then_some("`type` as a list (use `nullable: true`)"),
                "const" => Some("`const` (use a one-value `enum`)"),
                "webhooks" if at.as_json_pointer().is_empty() => Some("`webhooks`"),
                "jsonSchemaDialect" if at.as_json_pointer().is_empty() => {
                    Some("`jsonSchemaDialect`")
                }
                "$schema" | "$defs" | "prefixItems" | "unevaluatedProperties" => {
                    Some("a JSON Schema 2020-12 keyword")
                }
                _ => None,
            };
            // Property names are user data, not keywords: `properties: {type: ...}` is fine.
            let is_property_name = at
                .as_json_pointer()
                .rsplit('/')
                .next()
                .is_some_and(|parent| parent == "properties");
            if let (Some(construct), false) = (only_3_1, is_property_name) {
                return Err(Error::Unsupported {
                    file: file.to_path_buf(),
                    pointer: child_at,
                    construct: format!("{construct} is OpenAPI 3.1 only"),
                });
            }
            check_3_0_keywords(file, child, &mut child_at.clone())?;
        }
    } else if let Value::Array(items) = node {
        for (index, child) in items.iter().enumerate() {
            check_3_0_keywords(file, child, &mut at.join(&index.to_string()))?;
        }
    }
    Ok(())
}

fn to_openapi(file: &Path, json: &Value) -> Result<OpenAPI> {
    serde_path_to_error::deserialize::<_, OpenAPI>(json).map_err(|err| {
        let pointer = pointer_from_path(err.path());
        Error::Invalid {
            file: file.to_path_buf(),
            pointer,
            message: err.into_inner().to_string(),
        }
    })
}

fn pointer_from_path(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    Pointer::from_tokens(path.iter().filter_map(|segment| match segment {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { variant } => Some(variant.clone()),
        Segment::Unknown => None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        let pointer = Pointer::from_tokens(["paths", "/SiS/Stock", "a~b"]);
        assert_eq!(pointer.to_string(), "#/paths/~1SiS~1Stock/a~0b");
    }

    #[test]
    fn percent_decoding_keeps_plain_text() {
        assert_eq!(percent_decode("/paths/~1a%7Bid%7D"), "/paths/~1a{id}");
        assert_eq!(percent_decode("/x%"), "/x%");
        assert_eq!(percent_decode("/x%4"), "/x%4");
    }
}
