//! Embeds `GENERATOR_BUILD_ID`: a hash of everything that decides what this generator build
//! writes (its sources, its manifest, the workspace's `Cargo.lock` and manifest, which pin
//! progenitor, typify, syn and prettyplease, the compiler and the profile). The fingerprint
//! cache (`src/fingerprint.rs`) trusts an entry only when it was written by the same id.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let workspace = manifest_dir
        .parent()
        .expect("generator/ sits in the workspace");
    let mut inputs = vec![
        manifest_dir.join("build.rs"),
        manifest_dir.join("Cargo.toml"),
        workspace.join("Cargo.toml"),
        workspace.join("Cargo.lock"),
    ];
    files_under(&manifest_dir.join("src"), &mut inputs);
    inputs.sort();

    let mut hash = Sha256::new();
    for file in &inputs {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = file.strip_prefix(workspace).unwrap_or(file);
        let bytes = std::fs::read(file).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
        hash.update(relative.to_string_lossy().as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    // A new file in src/ must change the id even before a module names it.
    println!(
        "cargo:rerun-if-changed={}",
        manifest_dir.join("src").display()
    );
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = Command::new(rustc)
        .arg("-vV")
        .output()
        .map(|output| output.stdout)
        .unwrap_or_default();
    hash.update(&version);
    for variable in ["PROFILE", "OPT_LEVEL", "DEBUG", "TARGET"] {
        hash.update(variable.as_bytes());
        hash.update(std::env::var(variable).unwrap_or_default().as_bytes());
    }
    let id: String = hash
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    println!("cargo:rustc-env=GENERATOR_BUILD_ID={id}");
}

fn files_under(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|err| panic!("{}: {err}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files_under(&path, files);
        } else {
            files.push(path);
        }
    }
}
