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
