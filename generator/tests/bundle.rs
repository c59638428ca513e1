//! `bundle`: what partners receive is deterministic, self-contained and versioned.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn workspace_copy() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let specs = root.path().join("specs");
    std::fs::create_dir(&specs).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    for entry in std::fs::read_dir(source).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "yaml") {
            std::fs::copy(&path, specs.join(path.file_name().unwrap())).unwrap();
        }
    }
    root
}

fn contents(root: &Path, files: &[PathBuf]) -> Vec<(PathBuf, Vec<u8>)> {
    files
        .iter()
        .map(|file| (file.clone(), std::fs::read(root.join(file)).unwrap()))
        .collect()
}

/// Every `$ref` in `node`, with where it is.
fn refs<'a>(node: &'a Value, at: String, found: &mut Vec<(String, &'a str)>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => found.push((at.clone(), target)),
                    _ => refs(value, format!("{at}/{key}"), found),
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                refs(item, format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn bundles_are_byte_identical_self_contained_and_versioned() {
    let (first, second) = (workspace_copy(), workspace_copy());
    let written = generator::publish::bundle::bundle_workspace(first.path()).unwrap();
    let again = generator::publish::bundle::bundle_workspace(second.path()).unwrap();
    assert_eq!(
        written.len(),
        10,
        "yaml and json for five APIs: {written:?}"
    );
    assert_eq!(written, again);
    assert_eq!(
        contents(first.path(), &written),
        contents(second.path(), &again)
    );
    // A second run over the same directory changes nothing either.
    let before = contents(first.path(), &written);
    generator::publish::bundle::bundle_workspace(first.path()).unwrap();
    assert_eq!(before, contents(first.path(), &written));

    for json in written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let from_json: Value =
            serde_json::from_slice(&std::fs::read(first.path().join(json)).unwrap()).unwrap();
        let yaml = first.path().join(json.with_extension("yaml"));
        let from_yaml: Value =
            yaml_serde::from_str(&std::fs::read_to_string(yaml).unwrap()).unwrap();
        assert_eq!(
            from_json,
            from_yaml,
            "{}: YAML and JSON differ",
            json.display()
        );
        let version = from_json.pointer("/info/version").and_then(Value::as_str);
        assert!(
            version.is_some_and(semver_like),
            "{}: info.version {version:?}",
            json.display()
        );
        let mut found = Vec::new();
        refs(&from_json, String::new(), &mut found);
        assert!(!found.is_empty());
        for (at, target) in found {
            let pointer = target
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{}{at}: non-local $ref {target}", json.display()));
            let decoded = pointer
                .replace("%7B", "{")
                .replace("%7D", "}")
                .replace("%23", "#");
            assert!(
                from_json.pointer(&decoded).is_some(),
                "{}{at}: $ref {target} does not resolve",
                json.display()
            );
        }
    }
}

fn semver_like(version: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    parts.len() == 3 && parts.iter().all(|part| part.parse::<u64>().is_ok())
}

/// Every value under `key` anywhere in `node` (examples, operationIds, ...).
fn collect<'a>(node: &'a Value, key: &str, found: &mut Vec<&'a Value>) {
    match node {
        Value::Object(map) => {
            for (name, value) in map {
                if name == key {
                    found.push(value);
                }
                collect(value, key, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, key, found)),
        _ => {}
    }
}

#[test]
fn portable_bundles_say_everything_the_spec_says_and_pass_our_lint() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for file in generator::workspace::spec_files(&root).unwrap() {
        let spec = generator::spec::load(&root, &file).unwrap();
        let bundle = generator::publish::bundle::render(&spec).unwrap();
        let portable: Value = serde_json::from_str(&bundle.json).unwrap();
        let typed = &spec.json;
        let name = file.display();

        assert!(
            portable["paths"]
                .as_object()
                .unwrap()
                .keys()
                .all(|key| !key.contains('#') && !key.contains('?')),
            "{name}: a fragment or query in a portable path key"
        );
        let mut ids = Vec::new();
        collect(&portable, "operationId", &mut ids);
        let mut typed_ids = Vec::new();
        collect(&typed["paths"], "operationId", &mut typed_ids);
        for id in typed_ids {
            assert!(ids.contains(&id), "{name}: operation {id} lost");
        }
        for schema in typed["components"]["schemas"].as_object().unwrap().keys() {
            assert!(
                portable["components"]["schemas"].get(schema).is_some(),
                "{name}: schema {schema} lost"
            );
        }
        let mut values = Vec::new();
        collect(&portable, "value", &mut values);
        let mut typed_values = Vec::new();
        collect(&typed["paths"], "value", &mut typed_values);
        collect(&typed["components"], "value", &mut typed_values);
        for value in typed_values {
            assert!(values.contains(&value), "{name}: example {value} lost");
        }
        let mut parameters = Vec::new();
        collect(&portable, "name", &mut parameters);
        let mut typed_parameters = Vec::new();
        collect(&typed["paths"], "parameters", &mut typed_parameters);
        for list in typed_parameters {
            for parameter in list.as_array().unwrap() {
                if let Some(parameter_name) = parameter.get("name") {
                    assert!(
                        parameters.contains(&parameter_name),
                        "{name}: parameter {parameter_name} lost"
                    );
                }
            }
        }
        let notes = |document: &Value| -> Vec<(Value, Value)> {
            document["x-doc-notes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|note| (note["doc"].clone(), note["decision"].clone()))
                .collect()
        };
        assert_eq!(notes(typed), notes(&portable), "{name}: x-doc-notes differ");

        // The portable view meets the publishing rules too (pointers of x-doc-notes resolve,
        // every example validates against its schema).
        let reparsed = generator::spec::parse(&file, &bundle.json).unwrap();
        let findings = generator::publish::lint::lint(&reparsed);
        assert!(findings.is_empty(), "{name}: {findings:?}");
    }
}

#[test]
fn quoparts_portable_operations_share_the_one_path_with_their_selectors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = generator::spec::load(&root, Path::new("specs/quoparts.yaml")).unwrap();
    let bundle = generator::publish::bundle::render(&spec).unwrap();
    let portable: Value = serde_json::from_str(&bundle.json).unwrap();
    let item = &portable["paths"]["/ws_quoparts.php"];
    assert_eq!(item["get"]["operationId"], "login");
    let post = &item["post"];
    assert_eq!(post["operationId"], "importCustomersOrQuote");
    let selectors: Vec<(&str, bool)> = post["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap(),
                p["required"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(selectors, [("importCli", false), ("importPvt", false)]);
    let operations: Vec<(&str, &Value, &Value)> = post["x-operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["operationId"].as_str().unwrap(),
                &o["selectors"],
                &o["requestBody"],
            )
        })
        .collect();
    assert_eq!(
        operations,
        [
            (
                "importCustomers",
                &serde_json::json!(["importCli"]),
                &serde_json::json!({"$ref": "#/components/schemas/ImportCustomersRequest"})
            ),
            (
                "importQuote",
                &serde_json::json!(["importPvt"]),
                &serde_json::json!({"$ref": "#/components/schemas/ImportQuoteRequest"})
            ),
        ]
    );
}

#[test]
fn econt_portable_filters_have_one_parameter_per_documented_key() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = generator::spec::load(&root, Path::new("specs/econt.yaml")).unwrap();
    let bundle = generator::publish::bundle::render(&spec).unwrap();
    let portable: Value = serde_json::from_str(&bundle.json).unwrap();
    let names: Vec<&str> = portable["paths"]["/invoices"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "filter",
            "filter[paid]",
            "filter[closed]",
            "filter[customer]"
        ]
    );
}
