//! Guards against a spec edited without regenerating its client.
//!
//! Compares the sha256 of every `specs/<api>.yaml` whose cargo feature `<api>` is enabled
//! with the hash recorded in the header of `generated/<api>.rs` (a spec without a feature
//! yet, still being written, is not compiled and so not checked), and likewise every other
//! file the spec `$ref`s, which the header lists one per `// spec-ref: <path> <sha256>`
//! line (paths relative to the workspace root, possibly outside `specs/`). It deliberately
//! depends on nothing but `sha2`: consumers never compile progenitor, typify, openapiv3 or
//! prettyplease.

use std::path::Path;

use sha2::{Digest, Sha256};

const REGENERATE: &str = "cargo run -p generator -- generate";
const HASH_PREFIX: &str = "// spec-sha256: ";
const REF_PREFIX: &str = "// spec-ref: ";

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

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// What is wrong with `spec`'s generated client, every problem on its own line.
fn check(spec: &Path) -> Option<String> {
    let stem = spec.file_stem()?.to_str()?;
    let generated = Path::new("generated").join(format!("{stem}.rs"));
    println!("cargo:rerun-if-changed={}", generated.display());
    let bytes = match std::fs::read(spec) {
        Ok(bytes) => bytes,
        Err(err) => return Some(format!("{}: cannot read: {err}", spec.display())),
    };
    let expected = sha256_hex(&bytes);
    let Ok(content) = std::fs::read_to_string(&generated) else {
        return Some(format!(
            "{} has no generated client: {} is missing.",
            spec.display(),
            generated.display()
        ));
    };
    // The header: the comment lines before the first blank one.
    let header = content
        .lines()
        .take_while(|line| line.starts_with("//"))
        .collect::<Vec<_>>();
    let recorded = header
        .iter()
        .find_map(|line| line.strip_prefix(HASH_PREFIX));
    let mut problems = Vec::new();
    if recorded != Some(expected.as_str()) {
        problems.push(format!(
            "{} changed since {} was generated (spec sha256 {expected}, header says {}).",
            spec.display(),
            generated.display(),
            recorded.unwrap_or("nothing")
        ));
    }
    let referenced = header
        .iter()
        .filter_map(|line| line.strip_prefix(REF_PREFIX)?.rsplit_once(' '));
    for (file, recorded) in referenced {
        println!("cargo:rerun-if-changed={file}");
        match std::fs::read(file) {
            Ok(bytes) if sha256_hex(&bytes) == recorded => {}
            Ok(bytes) => problems.push(format!(
                "{file}, which {} refers to, changed since {} was generated (sha256 {}, header says {recorded}).",
                spec.display(),
                generated.display(),
                sha256_hex(&bytes)
            )),
            Err(err) => problems.push(format!(
                "{file}, which {} refers to, cannot be read: {err}.",
                spec.display()
            )),
        }
    }
    (!problems.is_empty()).then(|| problems.join("\n"))
}
