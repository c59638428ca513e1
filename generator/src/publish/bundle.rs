//! `bundle`: the files partners receive, `dist/<api>.yaml` and `dist/<api>.json`: the
//! portable view of each spec ([`super::portable`]), which partners' generators, mock
//! servers and linters read correctly.
//!
//! Each is self-contained (the parser already refuses any `$ref` that is not local and
//! resolving) and deterministic: the same spec gives the same bytes on every run and
//! machine. Keys keep the author's order, which is the reading order of the docs, except
//! where order carries no meaning: the document root and `info` follow the order of the
//! OpenAPI specification, and the entries of every `components` section are sorted by
//! name, so that two versions of a bundle diff cleanly.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Pointer, Result};
use crate::spec::{self, Spec};
use crate::workspace;

pub const DIST_DIR: &str = "dist";

const ROOT_ORDER: [&str; 8] = [
    "openapi",
    "info",
    "externalDocs",
    "servers",
    "tags",
    "security",
    "paths",
    "components",
];
const INFO_ORDER: [&str; 6] = [
    "title",
    "version",
    "description",
    "termsOfService",
    "contact",
    "license",
];
const COMPONENTS_ORDER: [&str; 9] = [
    "securitySchemes",
    "parameters",
    "requestBodies",
    "responses",
    "headers",
    "examples",
    "links",
    "callbacks",
    "schemas",
];

/// One API's bundle, rendered in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// The API name (`sis`).
    pub name: String,
    pub yaml: String,
    pub json: String,
}

impl Bundle {
    pub fn yaml_path(&self) -> PathBuf {
        Path::new(DIST_DIR).join(format!("{}.yaml", self.name))
    }

    pub fn json_path(&self) -> PathBuf {
        Path::new(DIST_DIR).join(format!("{}.json", self.name))
    }
}

/// Renders the bundle of a parsed spec: its portable view ([`super::portable`]).
pub fn render(spec: &Spec) -> Result<Bundle> {
    let invalid_at = |message: String, pointer: crate::Pointer| Error::Invalid {
        file: spec.file.clone(),
        pointer,
        message,
    };
    let portable = super::portable::portable(&spec.json).map_err(|(message, pointer)| {
        let pointer = Pointer::from_json_pointer(&pointer);
        let tokens = pointer.tokens();
        invalid_at(
            format!("no portable view: {message}"),
            crate::Pointer::from_tokens(tokens),
        )
    })?;
    let document = canonical(&portable);
    let invalid = |message: String| invalid_at(message, crate::Pointer::root());
    let yaml = yaml_serde::to_string(&document)
        .map_err(|err| invalid(format!("cannot write YAML: {err}")))?;
    let json = serde_json::to_string_pretty(&document)
        .map_err(|err| invalid(format!("cannot write JSON: {err}")))?;
    let source = spec.file.to_string_lossy().replace('\\', "/");
    Ok(Bundle {
        name: spec.name.clone(),
        yaml: format!(
            "# Bundled from {source} by `cargo run -p generator -- bundle`: do not edit.\n{yaml}"
        ),
        json: json + "\n",
    })
}

/// Bundles every `specs/*.yaml` into `root/dist/`; returns the files written. Nothing is
/// written unless every spec parses.
pub fn bundle_workspace(root: &Path) -> Result<Vec<PathBuf>> {
    let mut bundles = Vec::new();
    let mut errors = Vec::new();
    for file in workspace::spec_files(root)? {
        match spec::load(root, &file).and_then(|spec| render(&spec)) {
            Ok(bundle) => bundles.push(bundle),
            Err(err) => errors.push(err),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Specs(errors));
    }
    std::fs::create_dir_all(root.join(DIST_DIR)).map_err(|source| Error::Io {
        file: PathBuf::from(DIST_DIR),
        source,
    })?;
    let mut written = Vec::new();
    for bundle in &bundles {
        for (path, content) in [
            (bundle.yaml_path(), &bundle.yaml),
            (bundle.json_path(), &bundle.json),
        ] {
            std::fs::write(root.join(&path), content).map_err(|source| Error::Io {
                file: path.clone(),
                source,
            })?;
            written.push(path);
        }
    }
    Ok(written)
}

/// The document with the key order described in the module documentation.
fn canonical(document: &Value) -> Value {
    let Value::Object(root) = document else {
        return document.clone();
    };
    let mut root = ordered(root, &ROOT_ORDER);
    if let Some(Value::Object(info)) = root.get("info") {
        let info = ordered(info, &INFO_ORDER);
        root.insert("info".into(), Value::Object(info));
    }
    if let Some(Value::Object(components)) = root.get("components") {
        let mut sections = ordered(components, &COMPONENTS_ORDER);
        for (name, section) in sections.iter_mut() {
            if let (false, Value::Object(entries)) = (name.starts_with("x-"), &mut *section) {
                entries.sort_keys();
            }
        }
        root.insert("components".into(), Value::Object(sections));
    }
    Value::Object(root)
}

/// `map` with the keys of `order` first (in that order), then the others as they were.
fn ordered(map: &Map<String, Value>, order: &[&str]) -> Map<String, Value> {
    let mut out = Map::new();
    for key in order {
        if let Some(value) = map.get(*key) {
            out.insert((*key).to_owned(), value.clone());
        }
    }
    for (key, value) in map {
        if !out.contains_key(key) {
            out.insert(key.clone(), value.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn root_and_components_get_a_fixed_order() {
        let document = json!({
            "x-doc-notes": [], "paths": {"/b": {}, "/a": {}}, "info": {"version": "1.0.0", "title": "T"},
            "openapi": "3.0.3", "components": {"schemas": {"B": {}, "A": {}}, "responses": {}}
        });
        let out = canonical(&document);
        let keys = |value: &Value| {
            value
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(
            keys(&out),
            ["openapi", "info", "paths", "components", "x-doc-notes"]
        );
        assert_eq!(keys(&out["info"]), ["title", "version"]);
        assert_eq!(keys(&out["paths"]), ["/b", "/a"]);
        assert_eq!(keys(&out["components"]), ["responses", "schemas"]);
        assert_eq!(keys(&out["components"]["schemas"]), ["A", "B"]);
    }
}
