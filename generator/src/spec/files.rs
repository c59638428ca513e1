//! Specs split over several files: `$ref: other.yaml#/components/schemas/X` or
//! `$ref: ./schemas/x.json`, resolved against the directory of the file holding the
//! reference, and inlined into the main document's `components` so that everything after
//! loading (checks, codegen, lint, bundle) reads one self-contained tree.
//!
//! - A definition under `components/<section>/<Name>` in the other file keeps its section
//!   and name; anything else goes to the section the reference sits in (`schemas` for a
//!   schema, `responses` for a response, …) named after the last pointer token, or the
//!   file stem for a whole file. A name already taken by different content gets `_2`,
//!   `_3`, …; the same content reuses the entry.
//! - Path items (`paths: {/x: {$ref: paths/x.yaml}}`) and texts (`description: {$ref:
//!   intro.yml#/text}`) are inlined in place: 3.0 has no section for them.
//! - References inside an inlined definition are resolved against its own file, to any
//!   depth; cycles resolve to the same entry.
//! - A file that cannot be read is an error at the `$ref` naming it; remote (`http://`)
//!   references are refused: the spec must not change with a server.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use super::is_data_value;
use crate::error::{Error, Pointer};

/// What [`inline`] did: the other files it read and the problems, each at its `$ref`.
#[derive(Default)]
pub(crate) struct Inlined {
    /// Every other file the spec loads, by label (relative to `root`), with the sha256 of
    /// its bytes: generated headers record them, so that a change to any is noticed.
    pub files: BTreeMap<PathBuf, String>,
    pub problems: Vec<Error>,
}

/// Inlines every `$ref` to another file. `root` is the directory file labels are relative
/// to; `None` reads no file.
pub(crate) fn inline(file: &Path, document: &mut Value, root: Option<&Path>) -> Inlined {
    let mut references = Vec::new();
    collect_external(document, &Pointer::root(), &mut references);
    if references.is_empty() {
        return Inlined::default();
    }
    let mut inliner = Inliner {
        root,
        main: file.to_path_buf(),
        documents: BTreeMap::new(),
        hashes: BTreeMap::new(),
        imported: BTreeMap::new(),
        components: components_of(document),
        added: Vec::new(),
        problems: Vec::new(),
    };
    for (at, target) in references {
        let replacement = inliner.import_reference(file, &at, &target, &at);
        if let (Some(replacement), Some(slot)) =
            (replacement, document.pointer_mut(at.as_json_pointer()))
        {
            *slot = replacement;
        }
    }
    let added = std::mem::take(&mut inliner.added);
    if let Value::Object(root) = document {
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(components) = components {
            for (section, name, definition) in added {
                if let Value::Object(entries) = components
                    .entry(section)
                    .or_insert_with(|| Value::Object(Map::new()))
                {
                    entries.insert(name, definition);
                }
            }
        }
    }
    // The main document is hashed by the caller; a path item `$ref` to it reads it here.
    inliner.hashes.remove(&inliner.main);
    Inlined {
        files: inliner.hashes,
        problems: inliner.problems,
    }
}

struct Inliner<'a> {
    root: Option<&'a Path>,
    main: PathBuf,
    /// Other files read so far, by label (relative to `root`); `None` when unreadable.
    documents: BTreeMap<PathBuf, Option<Value>>,
    /// The sha256 of every other file read, by label.
    hashes: BTreeMap<PathBuf, String>,
    /// (file, pointer) → the local `$ref` it became.
    imported: BTreeMap<(PathBuf, String), String>,
    /// The main document's components and what was added: (section, name) → content.
    components: BTreeMap<(String, String), Value>,
    added: Vec<(String, String, Value)>,
    problems: Vec<Error>,
}

impl Inliner<'_> {
    /// The value replacing the `$ref` object at `at` of `holder` (a file label), which
    /// lands at `in_main` in the main document: a local `$ref`, or the inlined path item
    /// (operation, text…). `None` after a problem.
    fn import_reference(
        &mut self,
        holder: &Path,
        at: &Pointer,
        target: &str,
        in_main: &Pointer,
    ) -> Option<Value> {
        if target.contains("://") || target.starts_with("//") {
            self.problems.push(Error::Unsupported {
                file: holder.to_path_buf(),
                pointer: at.join("$ref"),
                construct: format!(
                    "remote $ref {target:?}: keep the referenced file beside the spec and refer to it by relative path"
                ),
            });
            return None;
        }
        let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
        let file = if path.is_empty() {
            holder.to_path_buf()
        } else {
            normalise(&holder.parent().unwrap_or(Path::new("")).join(path))
        };
        let pointer = super::percent_decode(fragment);
        let section = section_of(in_main);
        if section == "pathItems"
            || is_operation(in_main)
            || is_map_of_properties(in_main)
            || is_text_field(in_main)
        {
            let item = self.resolve(holder, at, target, &file, &pointer)?;
            return Some(self.rewrite(&file, item, in_main));
        }
        self.import(holder, at, target, &file, &pointer, section)
            .map(|reference| serde_json::json!({ "$ref": reference }))
    }

    /// Imports the definition at `file#pointer` into `components/<section>`; returns the
    /// local reference to it.
    fn import(
        &mut self,
        holder: &Path,
        at: &Pointer,
        target: &str,
        file: &Path,
        pointer: &str,
        section: &str,
    ) -> Option<String> {
        if file == self.main {
            return Some(format!("#{pointer}"));
        }
        let key = (file.to_path_buf(), pointer.to_owned());
        if let Some(reference) = self.imported.get(&key) {
            return Some(reference.clone());
        }
        let definition = self.resolve(holder, at, target, file, pointer)?;
        let tokens = Pointer::from_json_pointer(pointer)
            .tokens()
            .collect::<Vec<_>>();
        let (section, name) = match tokens.as_slice() {
            [components, section, name] if components == "components" => {
                (section.clone(), name.clone())
            }
            [.., last] => (section.to_owned(), last.clone()),
            [] => (
                section.to_owned(),
                file.file_stem()
                    .and_then(|stem| stem.to_str())
                    .unwrap_or("imported")
                    .to_owned(),
            ),
        };
        let local = |section: &str, name: &str| {
            format!(
                "#{}",
                Pointer::from_tokens(["components", section, name]).as_json_pointer()
            )
        };
        if self.components.get(&(section.clone(), name.clone())) == Some(&definition) {
            let reference = local(&section, &name);
            self.imported.insert(key, reference.clone());
            return Some(reference);
        }
        // Claimed before its own references are followed, so that cycles end here.
        let name = self.free_name(&section, &name);
        let reference = local(&section, &name);
        self.imported.insert(key, reference.clone());
        self.components
            .insert((section.clone(), name.clone()), Value::Null);
        let definition = self.rewrite(
            file,
            definition,
            &Pointer::from_tokens(["components", &section, &name]),
        );
        self.components
            .insert((section.clone(), name.clone()), definition.clone());
        self.added.push((section, name, definition));
        Some(reference)
    }

    /// `name`, or `name_2`, `name_3`, … when the section has it already.
    fn free_name(&self, section: &str, name: &str) -> String {
        let taken = |candidate: &str| {
            self.components
                .contains_key(&(section.to_owned(), candidate.to_owned()))
        };
        if !taken(name) {
            return name.to_owned();
        }
        (2..)
            .map(|index| format!("{name}_{index}"))
            .find(|candidate| !taken(candidate))
            .unwrap_or_default()
    }

    /// The value at `file#pointer`, read on first use.
    fn resolve(
        &mut self,
        holder: &Path,
        at: &Pointer,
        target: &str,
        file: &Path,
        pointer: &str,
    ) -> Option<Value> {
        let document = self.document(holder, at, target, file)?;
        match document.pointer(pointer) {
            Some(value) => Some(value.clone()),
            None => {
                self.problems.push(Error::UnresolvedRef {
                    file: holder.to_path_buf(),
                    pointer: at.join("$ref"),
                    target: target.to_owned(),
                });
                None
            }
        }
    }

    fn document(
        &mut self,
        holder: &Path,
        at: &Pointer,
        target: &str,
        file: &Path,
    ) -> Option<&Value> {
        if !self.documents.contains_key(file) {
            let read = match self.root {
                Some(root) => {
                    std::fs::read_to_string(root.join(file)).map_err(|source| Error::MissingFile {
                        file: holder.to_path_buf(),
                        pointer: at.join("$ref"),
                        target: target.to_owned(),
                        missing: file.to_path_buf(),
                        source,
                    })
                }
                None => Err(Error::Unsupported {
                    file: holder.to_path_buf(),
                    pointer: at.join("$ref"),
                    construct: format!(
                        "$ref {target:?} to another file, in a spec not read from disk"
                    ),
                }),
            };
            if let Ok(text) = &read {
                self.hashes
                    .insert(file.to_path_buf(), super::sha256_hex(text.as_bytes()));
            }
            let parsed = read.and_then(|text| super::yaml::parse(file, &text));
            let parsed = match parsed {
                Ok(tree) => Some(tree),
                Err(err) => {
                    self.problems.push(err);
                    None
                }
            };
            self.documents.insert(file.to_path_buf(), parsed);
        }
        self.documents.get(file).and_then(Option::as_ref)
    }

    /// `definition` (from `file`) with each of its references made local to the main
    /// document. `placed` is where the definition lands in the main document: what a
    /// reference in it stands for (a parameter, a schema…) depends on that.
    fn rewrite(&mut self, file: &Path, mut definition: Value, placed: &Pointer) -> Value {
        let mut references = Vec::new();
        collect_all(&definition, &Pointer::root(), &mut references);
        for (at, target) in references {
            let in_main = at
                .tokens()
                .fold(placed.clone(), |pointer, token| pointer.join(&token));
            let replacement = if let Some(local) = target.strip_prefix('#') {
                let pointer = super::percent_decode(local);
                let section = section_of(&in_main);
                self.import(file, &at, &target, file, &pointer, section)
                    .map(|reference| serde_json::json!({ "$ref": reference }))
            } else {
                self.import_reference(file, &at, &target, &in_main)
            };
            if let (Some(replacement), Some(slot)) =
                (replacement, definition.pointer_mut(at.as_json_pointer()))
            {
                *slot = replacement;
            }
        }
        definition
    }
}

/// The main document's components, by (section, name).
fn components_of(document: &Value) -> BTreeMap<(String, String), Value> {
    let mut found = BTreeMap::new();
    if let Some(Value::Object(components)) = document.get("components") {
        for (section, entries) in components {
            if let Value::Object(entries) = entries {
                for (name, value) in entries {
                    found.insert((section.clone(), name.clone()), value.clone());
                }
            }
        }
    }
    found
}

/// The objects holding a `$ref` to another file: (pointer of the object, target).
fn collect_external(node: &Value, at: &Pointer, found: &mut Vec<(Pointer, String)>) {
    collect(node, at, found, &|target| !target.starts_with('#'));
}

/// The objects holding any `$ref`.
fn collect_all(node: &Value, at: &Pointer, found: &mut Vec<(Pointer, String)>) {
    collect(node, at, found, &|_| true);
}

fn collect(
    node: &Value,
    at: &Pointer,
    found: &mut Vec<(Pointer, String)>,
    wanted: &dyn Fn(&str) -> bool,
) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                if wanted(target) {
                    found.push((at.clone(), target.clone()));
                }
                return;
            }
            for (key, child) in map {
                if !is_data_value(at, key) {
                    collect(child, &at.join(key), found, wanted);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect(child, &at.join(&index.to_string()), found, wanted);
            }
        }
        _ => {}
    }
}

/// The `components` section a `$ref` at `at` designates an entry of, from where it sits.
fn section_of(at: &Pointer) -> &'static str {
    let tokens = at.tokens().collect::<Vec<_>>();
    if tokens.iter().any(|token| token == "schema")
        || tokens.starts_with(&["components".into(), "schemas".into()])
    {
        return "schemas";
    }
    let is_index = |token: &str| token.parse::<usize>().is_ok();
    match tokens
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["paths", _] => "pathItems",
        ["components", section, _] => match *section {
            "responses" => "responses",
            "parameters" => "parameters",
            "examples" => "examples",
            "requestBodies" => "requestBodies",
            "headers" => "headers",
            "securitySchemes" => "securitySchemes",
            "links" => "links",
            "callbacks" => "callbacks",
            _ => "schemas",
        },
        [.., before, "parameters", index] if *before != "properties" && is_index(index) => {
            "parameters"
        }
        [.., before, "requestBody"] if *before != "properties" => "requestBodies",
        [.., before, "responses", _] if *before != "properties" => "responses",
        [.., before, "headers", _] if *before != "properties" => "headers",
        [.., before, "examples", _] if *before != "properties" => "examples",
        [.., before, "links", _] if *before != "properties" => "links",
        [.., before, "callbacks", _] if *before != "properties" => "callbacks",
        _ => "schemas",
    }
}

/// Whether a reference stands for an operation (`paths: {/x: {get: {$ref:
/// x_get.yml}}}`, DigitalOcean's layout). 3.0 allows no reference there and has no
/// section for operations: the operation goes in its place, as path items do.
fn is_operation(at: &Pointer) -> bool {
    let tokens = at.tokens().collect::<Vec<_>>();
    matches!(
        tokens.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
        ["paths", _, method] if super::tree::METHODS.contains(method)
    )
}

/// Whether a reference stands for a schema's whole `properties` map (`properties: {$ref:
/// attributes.yml#/load_balancer_droplet_ids}`, DigitalOcean again): a JSON Reference
/// where OpenAPI allows none, so its target, the map, goes in its place.
fn is_map_of_properties(at: &Pointer) -> bool {
    let tokens = at.tokens().collect::<Vec<_>>();
    match tokens.as_slice() {
        [.., before, last] => last == "properties" && before != "properties",
        _ => false,
    }
}

/// Whether a reference stands for a text field (`info.description: {$ref:
/// description.yml#/introduction}`, as DigitalOcean writes it): 3.0 has no component for
/// text, so the text goes in its place, as path items do.
fn is_text_field(at: &Pointer) -> bool {
    let tokens = at.tokens().collect::<Vec<_>>();
    match tokens.as_slice() {
        [.., before, last] => {
            matches!(last.as_str(), "description" | "summary") && before != "properties"
        }
        _ => false,
    }
}

/// `specs/./a/../b.yaml` → `specs/b.yaml`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_go_to_the_section_where_they_sit() {
        let section = |tokens: &[&str]| section_of(&Pointer::from_tokens(tokens));
        assert_eq!(section(&["paths", "/x"]), "pathItems");
        assert_eq!(
            section(&["paths", "/x", "get", "parameters", "0"]),
            "parameters"
        );
        assert_eq!(
            section(&["paths", "/x", "get", "responses", "200"]),
            "responses"
        );
        assert_eq!(
            section(&["paths", "/x", "get", "requestBody"]),
            "requestBodies"
        );
        assert_eq!(
            section(&[
                "paths",
                "/x",
                "get",
                "responses",
                "200",
                "content",
                "a/json",
                "schema"
            ]),
            "schemas"
        );
        assert_eq!(
            section(&["components", "schemas", "A", "properties", "responses"]),
            "schemas"
        );
        assert_eq!(section(&["properties", "headers", "items"]), "schemas");
        assert_eq!(
            section(&["components", "responses", "NotFound"]),
            "responses"
        );
    }

    #[test]
    fn paths_normalise_lexically() {
        assert_eq!(
            normalise(Path::new("specs/./a/../b.yaml")),
            Path::new("specs/b.yaml")
        );
        assert_eq!(normalise(Path::new("../x.yaml")), Path::new("../x.yaml"));
    }
}
