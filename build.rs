//! Guards against a spec edited without regenerating its client.
//!
//! Compares the sha256 of every `specs/<api>.yaml` whose cargo feature `<api>` is enabled
//! with the hash recorded in the header of `generated/<api>.rs` (a spec without a feature
//! yet, still being written, is not compiled and so not checked). It deliberately depends on nothing but `sha2`: consumers never
//! compile progenitor, typify, openapiv3 or prettyplease.

use std::path::Path;

use sha2::{Digest, Sha256};

const REGENERATE: &str = "cargo run -p generator -- generate";
const HASH_PREFIX: &str = "// spec-sha256: ";

fn main() {
    println!("cargo:rerun-if-changed=specs");
    println!("cargo:rerun-if-changed=generated");
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir("specs") else {
        return;
    };
    let mut specs = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect::<Vec<_>>();
    specs.sort();
    for spec in specs.iter().filter(|spec| feature_enabled(spec)) {
        println!("cargo:rerun-if-changed={}", spec.display());
        if let Some(problem) = check(spec) {
            problems.push(problem);
        }
    }
    if !problems.is_empty() {
        panic!(
            "\n{}\nRegenerate with `{REGENERATE}` and commit generated/.\n",
            problems.join("\n")
        );
    }
}

fn feature_enabled(spec: &Path) -> bool {
    let stem = spec
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default();
    let variable = format!("CARGO_FEATURE_{}", stem.to_uppercase().replace('-', "_"));
    std::env::var_os(variable).is_some()
}

fn check(spec: &Path) -> Option<String> {
    let stem = spec.file_stem()?.to_str()?;
    let generated = Path::new("generated").join(format!("{stem}.rs"));
    println!("cargo:rerun-if-changed={}", generated.display());
    let bytes = match std::fs::read(spec) {
        Ok(bytes) => bytes,
        Err(err) => return Some(format!("{}: cannot read: {err}", spec.display())),
    };
    let expected = Sha256::digest(&bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect::<String>();
    let Ok(content) = std::fs::read_to_string(&generated) else {
        return Some(format!(
            "{} has no generated client: {} is missing.",
            spec.display(),
            generated.display()
        ));
    };
    let recorded = content
        .lines()
        .take(3)
        .find_map(|line| line.strip_prefix(HASH_PREFIX));
    (recorded != Some(expected.as_str())).then(|| {
        format!(
            "{} changed since {} was generated (spec sha256 {expected}, header says {}).",
            spec.display(),
            generated.display(),
            recorded.unwrap_or("nothing")
        )
    })
}
