//! The check of `build.rs`: is `generated/<api>.rs` still what `specs/<api>.yaml`, and every
//! file it `$ref`s, were when it was generated? Only `std` and `sha2`, like `build.rs`.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

const HASH_PREFIX: &str = "// spec-sha256: ";
const REF_PREFIX: &str = "// spec-ref: ";

/// What [`check`] found.
pub struct Checked {
    /// The files the result depends on besides the spec (the generated file and every
    /// file its header lists), for `cargo:rerun-if-changed`.
    pub watched: Vec<PathBuf>,
    /// What is wrong, every problem on its own line.
    pub problem: Option<String>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Checks `spec` (relative to `root`, as are the paths in headers and messages).
pub fn check(root: &Path, spec: &Path) -> Checked {
    let mut watched = Vec::new();
    let problem = problems(root, spec, &mut watched);
    Checked { watched, problem }
}

fn problems(root: &Path, spec: &Path, watched: &mut Vec<PathBuf>) -> Option<String> {
    let stem = spec.file_stem()?.to_str()?;
    let generated = Path::new("generated").join(format!("{stem}.rs"));
    watched.push(generated.clone());
    let bytes = match std::fs::read(root.join(spec)) {
        Ok(bytes) => bytes,
        Err(err) => return Some(format!("{}: cannot read: {err}", spec.display())),
    };
    let expected = sha256_hex(&bytes);
    let Ok(content) = std::fs::read_to_string(root.join(&generated)) else {
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
        watched.push(PathBuf::from(file));
        match std::fs::read(root.join(file)) {
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
