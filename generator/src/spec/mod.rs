//! Reading a spec: YAML text → JSON tree (other files' `$ref`s inlined, OpenAPI 3.1
//! converted to the 3.0 model) → checked OpenAPI 3.0 document.
//!
//! The JSON tree is kept beside the typed `openapiv3` document because locations are
//! reported as JSON pointers and some checks (dangling `$ref`s, 3.1-only keywords) are
//! easier on the untyped tree. Every check reports all its problems at once.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Error, Pointer, Result};

mod bounds;
mod files;
mod locate;
mod required;
pub(crate) mod tree;
mod v31;
pub(crate) mod walk;
mod yaml;

/// A parsed spec and what the generator needs to know about its origin.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Path as shown in messages and generated headers (relative to the workspace root).
    pub file: PathBuf,
    /// API name: the file stem (`sis` for `specs/sis.yaml`).
    pub name: String,
    /// Hex sha256 of the file's bytes; generated headers record it.
    pub sha256: String,
    /// Every other file the spec loads through a `$ref` (a label like `file`, relative to
    /// the workspace root) with the hex sha256 of its bytes; generated headers record them
    /// too, so that `build.rs` notices a change to any file the client was generated from.
    pub referenced: Vec<(PathBuf, String)>,
    /// The document as codegen, lint and bundle read it: one tree, OpenAPI 3.0.
    pub json: Value,
    pub openapi: OpenAPI,
    /// What of the spec is deliberately left out of the generated code.
    pub skips: Vec<Skip>,
}

/// Something the spec says that generation leaves out on purpose, because OpenAPI 3.0 or
/// the generated client has no place for it. `generate` prints every skip and records it
/// in the generated file's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub pointer: Pointer,
    /// What was left out and why, the same text for every place of one kind.
    pub what: String,
}

/// `skips` grouped by kind, one line each: `<what> (at #/a, #/b and 3 more)`.
pub fn skip_lines(skips: &[Skip]) -> Vec<String> {
    const SHOWN: usize = 3;
    let mut kinds: Vec<(&str, Vec<&Pointer>)> = Vec::new();
    for skip in skips {
        match kinds.iter_mut().find(|(what, _)| *what == skip.what) {
            Some((_, pointers)) => pointers.push(&skip.pointer),
            None => kinds.push((&skip.what, vec![&skip.pointer])),
        }
    }
    kinds
        .into_iter()
        .map(|(what, pointers)| {
            let shown = pointers
                .iter()
                .take(SHOWN)
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let more = match pointers.len().saturating_sub(SHOWN) {
                0 => String::new(),
                more => format!(" and {more} more"),
            };
            format!("{what} (at {shown}{more})")
        })
        .collect()
}

/// Reads and parses `root/relative`; `$ref`s to other files resolve against the directory
/// of the file holding them, and are inlined.
pub fn load(root: &Path, relative: &Path) -> Result<Spec> {
    let text = std::fs::read_to_string(root.join(relative)).map_err(|source| Error::Io {
        file: relative.to_path_buf(),
        source,
    })?;
    parse_from(relative, &text, Some(root))
}

/// Parses spec text; `file` only labels errors. Never panics on any input. A `$ref` to
/// another file is refused with its location: only [`load`] reads files.
pub fn parse(file: &Path, text: &str) -> Result<Spec> {
    parse_from(file, text, None)
}

fn parse_from(file: &Path, text: &str, root: Option<&Path>) -> Result<Spec> {
    let mut json = yaml::parse(file, text)?;
    let version = check_version(file, &json)?;
    let mut skips = Vec::new();
    let inlined = files::inline(file, &mut json, root);
    let mut problems = inlined.problems;
    if version.starts_with("3.1.") {
        problems.extend(v31::to_3_0(file, &mut json, &mut skips));
    } else {
        v31::numeric_exclusive_bounds_in_3_0(&mut json, &mut skips);
    }
    bounds::fit_integer_bounds(&mut json, &mut skips);
    required::lift_booleans(&mut json, &mut skips);
    check_refs(file, &json, &json, &mut Pointer::root(), &mut problems);
    // A 3.1 document's keywords without a 3.0 spelling were refused by the conversion.
    if !version.starts_with("3.1.") {
        check_3_0_keywords(file, &json, &mut Pointer::root(), &mut problems);
    }
    Error::from_problems(problems)?;
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
        referenced: inlined.files.into_iter().collect(),
        json,
        openapi,
        skips,
    })
}

/// The hash recorded in generated headers and compared by `build.rs`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The `openapi` field, if it is 3.0.x or 3.1.x.
fn check_version(file: &Path, json: &Value) -> Result<String> {
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
    if found.starts_with("3.0.") || found.starts_with("3.1.") {
        Ok(found)
    } else {
        Err(Error::UnsupportedVersion {
            file: file.to_path_buf(),
            pointer,
            found,
        })
    }
}

/// Every `$ref` must be local (`#/...`) and resolve inside the document (other files' are
/// inlined by now).
fn check_refs(
    file: &Path,
    root: &Value,
    node: &Value,
    at: &mut Pointer,
    problems: &mut Vec<Error>,
) {
    match node {
        Value::Object(map) => {
            for (key, child) in map {
                let child_at = at.join(key);
                if is_data_value(at, key) {
                    continue;
                }
                if key == "$ref" {
                    if let Value::String(target) = child {
                        problems.extend(check_ref_target(file, root, target, &child_at).err());
                        continue;
                    }
                }
                check_refs(file, root, child, &mut child_at.clone(), problems);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                check_refs(
                    file,
                    root,
                    child,
                    &mut at.join(&index.to_string()),
                    problems,
                );
            }
        }
        _ => {}
    }
}

/// Whether `key` of the object at `at` holds data rather than OpenAPI: an example value
/// (`example` anywhere but as a property name, or `value` of an Example object,
/// `…/examples/<name>/value`), or an extension's value (`x-…` anywhere but as the name of
/// a property, component or other map entry). A `$ref` key there is a member of the data,
/// not a reference (GitHub's SCIM examples; Spotify's `x-spotify-policy`).
pub(crate) fn is_data_value(at: &Pointer, key: &str) -> bool {
    let mut parents = at.as_json_pointer().rsplit('/');
    let parent = parents.next();
    match key {
        "example" => parent != Some("properties"),
        "value" => parents.next() == Some("examples"),
        extension if extension.starts_with("x-") => !parent.is_some_and(names_entries),
        _ => false,
    }
}

/// Whether the members of an object under this key are named entries (a property, a
/// component, a media type…) rather than fixed fields and extensions.
fn names_entries(key: &str) -> bool {
    matches!(
        key,
        "properties"
            | "patternProperties"
            | "schemas"
            | "responses"
            | "parameters"
            | "examples"
            | "requestBodies"
            | "headers"
            | "securitySchemes"
            | "links"
            | "callbacks"
            | "pathItems"
            | "encoding"
            | "content"
            | "variables"
            | "mapping"
            | "definitions"
            | "$defs"
            | "scopes"
    )
}

fn check_ref_target(file: &Path, root: &Value, target: &str, at: &Pointer) -> Result<()> {
    // A reference to another file that is still here could not be inlined, and
    // `files::inline` has said why.
    let Some(local) = target.strip_prefix('#') else {
        return Ok(());
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

/// OpenAPI 3.1 constructs that `openapiv3` would otherwise reject with a misleading location:
/// in a 3.0 document they are mistakes (a 3.1 document has been converted by now).
fn check_3_0_keywords(file: &Path, node: &Value, at: &mut Pointer, problems: &mut Vec<Error>) {
    if let Value::Object(map) = node {
        for (key, child) in map {
            let child_at = at.join(key);
            if is_data_value(at, key) {
                continue;
            }
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
                problems.push(Error::Unsupported {
                    file: file.to_path_buf(),
                    pointer: child_at,
                    construct: format!(
                        "{construct} is OpenAPI 3.1 only (declare `openapi: 3.1.0` to have it converted)"
                    ),
                });
                continue;
            }
            check_3_0_keywords(file, child, &mut child_at.clone(), problems);
        }
    } else if let Value::Array(items) = node {
        for (index, child) in items.iter().enumerate() {
            check_3_0_keywords(file, child, &mut at.join(&index.to_string()), problems);
        }
    }
}

/// The typed document. Where `openapiv3` loses the place of its error (below a
/// `$ref`-or-value slot or inside a schema), [`locate`] finds every object at fault.
pub(crate) fn to_openapi(file: &Path, json: &Value) -> Result<OpenAPI> {
    serde_path_to_error::deserialize::<_, OpenAPI>(json).map_err(|err| {
        if let Some(located) = locate::problems(file, json) {
            return located;
        }
        Error::Invalid {
            file: file.to_path_buf(),
            pointer: Pointer::from_tokens(err.path().iter().filter_map(locate::segment_token)),
            message: err.into_inner().to_string(),
        }
    })
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
