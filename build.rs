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

// In its own file so that `tests/stale_check.rs` runs the same code.
#[path = "build/stale.rs"]
mod stale;

const REGENERATE: &str = "cargo run -p generator -- generate";

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
        let checked = stale::check(Path::new(""), spec);
        for file in &checked.watched {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        problems.extend(checked.problem);
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
