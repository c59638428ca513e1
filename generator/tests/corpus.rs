//! The sixth-API path on documents nobody here tuned the generator to (`tests/corpus/`, see
//! its SOURCES): every file is generated exactly as published; each one that generates goes
//! into ONE scratch crate as its own module behind its own feature, beside the client crate's
//! runtime (`src/runtime/`, included as `crate::runtime` just as the adapters see it), and one
//! `cargo check --all-features` must compile them all. The files the generator refuses today
//! are listed in [`REFUSED`] with their located refusal; the list shrinks as constructs land.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::{codegen, spec};

/// Corpus file → the start of its refusal: the spec file, `#`, the JSON pointer at fault, and
/// the reason.
const REFUSED: &[(&str, &str)] = &[
    // `type: long` (and `float`, `double`) is no OpenAPI type; progenitor's `todo!` on it is
    // located to the schema that holds it.
    (
        "corpus/openapi-generator/rust-test.yaml",
        "corpus/openapi-generator/rust-test.yaml#/components/schemas/TypeTesting: progenitor could not generate code: progenitor panicked: not yet implemented: invalid type: long",
    ),
];

/// Fixtures of constructs the generator supports (`tests/fixtures/`), compiled in the same
/// scratch crate: each must generate code that compiles.
const COMPILED_FIXTURES: &[&str] = &[
    "openapi_3_1.yaml",
    "missing_operation_id.yaml",
    "multi_file/main.yaml",
    "unknown_enum_value.yaml",
    "inline_named_like_component.yaml",
    "formats.yaml",
    "wire_names.yaml",
    "request_media.yaml",
    "multipart_composed.yaml",
    "multipart_caller_form.yaml",
    "xml_bodies.yaml",
    "simple_style.yaml",
    "parameter_styles.yaml",
    "cookie_parameters.yaml",
    "content_parameters.yaml",
    "undeclared_parameters.yaml",
    "deep_object_two_styles.yaml",
    "defaults.yaml",
    "enum_beside_ref.yaml",
    "nullable_any_of.yaml",
    "schemaless_bodies.yaml",
    "schema_refs.yaml",
    "client_method_names.yaml",
    "composition_cycles.yaml",
    "patterns.yaml",
    "http_methods.yaml",
    "response_refs.yaml",
    "enum_values.yaml",
    "required_choices.yaml",
    "objects.yaml",
    "component_names.yaml",
];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every corpus document, relative to `tests/`, sorted.
fn corpus_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for group in [
        "oai",
        "oas-examples",
        "openapi-generator",
        "progenitor",
        "vendors",
    ] {
        let dir = manifest_dir().join("tests/corpus").join(group);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path
                .extension()
                .is_some_and(|ext| ext == "json" || ext == "yaml" || ext == "yml")
            {
                files.push(
                    Path::new("corpus")
                        .join(group)
                        .join(path.file_name().unwrap()),
                );
            }
        }
    }
    files.sort();
    files
}

/// `corpus/progenitor/api.github.com.json` → `progenitor_api_github_com_json`,
/// `fixtures/multi_file/main.yaml` → `fixtures_multi_file_main_yaml`.
fn module_name(file: &Path) -> String {
    file.strip_prefix("corpus")
        .unwrap_or(file)
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The client crate's `[dependencies]` section, verbatim: generated code needs exactly these.
fn client_dependencies(root: &Path) -> String {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let start = manifest
        .find("\n[dependencies]\n")
        .expect("root [dependencies]");
    let rest = &manifest[start + 1..];
    let end = rest[1..].find("\n[").map_or(rest.len(), |end| end + 2);
    rest[..end].to_owned()
}

/// The line of the client crate's `[features]` that declares `name`.
fn client_feature(root: &Path, name: &str) -> String {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .find(|line| line.starts_with(&format!("{name} = ")))
        .unwrap_or_else(|| panic!("feature {name} in the root Cargo.toml"));
    format!("{line}\n")
}

/// Writes the scratch crate: one module and one feature per generated file.
fn write_crate(root: &Path, dir: &Path, modules: &[(String, String)]) {
    std::fs::create_dir_all(dir.join("src/generated")).unwrap();
    // The client crate's features that turn on what generated code needs (reqwest's
    // multipart support, quick-xml), as the client declares them.
    let features = modules
        .iter()
        .map(|(name, _)| format!("{name} = []\n"))
        .chain(["multipart", "xml"].map(|name| client_feature(root, name)))
        .collect::<String>();
    let manifest = format!(
        "[package]\nname = \"corpus-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n[lib]\npath = \"src/lib.rs\"\n\n[features]\n{features}\n{}",
        client_dependencies(root)
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let runtime = root.join("src/runtime/mod.rs");
    let mut lib = format!(
        "#![allow(dead_code, unused_imports, clippy::all)]\n\
         #[path = {:?}]\npub mod runtime;\n",
        runtime.to_str().unwrap()
    );
    for (name, code) in modules {
        let file = dir.join("src/generated").join(format!("{name}.rs"));
        std::fs::write(&file, code).unwrap();
        lib.push_str(&format!(
            "#[cfg(feature = \"{name}\")]\n#[rustfmt::skip]\n#[path = {:?}]\npub mod {name};\n",
            file.to_str().unwrap()
        ));
    }
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
}

#[test]
fn every_corpus_file_compiles_or_is_refused_where_stated() {
    let tests = manifest_dir().join("tests");
    let root = manifest_dir().parent().unwrap();
    let mut modules = Vec::new();
    let mut problems = Vec::new();
    let mut refused = Vec::new();
    for file in corpus_files() {
        let label = file.to_string_lossy().into_owned();
        let expected = REFUSED
            .iter()
            .find(|(name, _)| *name == label)
            .map(|(_, why)| *why);
        match (
            spec::load(&tests, &file).and_then(|spec| codegen::render(&spec)),
            expected,
        ) {
            (Ok(rendered), None) => modules.push((module_name(&file), rendered.code)),
            (Ok(_), Some(_)) => {
                problems.push(format!("{label}: generates now; drop it from REFUSED"))
            }
            (Err(err), Some(why)) if err.to_string().starts_with(why) => refused.push(label),
            (Err(err), _) => problems.push(format!("{label}: refused with\n    {err}")),
        }
    }
    let corpus_modules = modules.len();
    for fixture in COMPILED_FIXTURES {
        let file = Path::new("fixtures").join(fixture);
        match spec::load(&tests, &file).and_then(|spec| codegen::render(&spec)) {
            Ok(rendered) => modules.push((module_name(&file), rendered.code)),
            Err(err) => problems.push(format!("{}: refused with\n    {err}", file.display())),
        }
    }
    eprintln!(
        "corpus: {corpus_modules} generated, {} refused as stated, {} unexpected",
        refused.len(),
        problems.len()
    );
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));

    // One build for all of them, in the workspace's target directory so the client's
    // dependencies compiled by `cargo test` are reused.
    let dir = root.join("target/corpus-check");
    let _ = std::fs::remove_dir_all(&dir);
    write_crate(root, &dir, &modules);
    let output = Command::new(env!("CARGO"))
        .args([
            "check",
            "--offline",
            "--all-features",
            "--quiet",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target"))
        // The crate is written afresh each run; its incremental cache would be ~700 MB of
        // disk for little gain.
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the generated corpus modules do not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
