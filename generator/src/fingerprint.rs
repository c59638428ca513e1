//! The fingerprint cache behind `generate --check`: a record, outside the repository (under
//! the cargo target directory), that *this generator build* rendered *these inputs* into
//! *exactly the bytes on disk*, so that a check can skip rendering a spec nothing changed for.
//!
//! An entry holds one fingerprint: the build id (`build.rs`: a hash of the generator's
//! sources, `Cargo.lock`, compiler and profile), the spec's label and sha256, the label and
//! sha256 of every file it `$ref`s, and the sha256 of the generated file. It is written only
//! from a rendered file's own header and bytes, after rendering. A check rebuilds the same
//! fingerprint from the files as they are now (the spec and referenced files hashed anew,
//! the generated file hashed anew, the list of referenced files read from its header) and
//! trusts the entry only if it is byte for byte that text. Rendering is a function of the
//! generator build and those bytes (a spec only reads the files it names, and the header
//! names every one), so any changed input, output or build makes the texts differ, and a
//! corrupt, missing or unreadable entry is simply not trusted: the spec is rendered as
//! without a cache. Writing is best effort for the same reason: a cache that cannot be
//! written makes checks slower, never wrong.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::header::Header;
use crate::spec::sha256_hex;

/// Identifies this generator build (see `build.rs`).
pub const BUILD_ID: &str = env!("GENERATOR_BUILD_ID");

/// The directory name under the cargo target directory.
const CACHE_DIR: &str = "generate-cache";
/// The first line of every entry; a format change bumps it.
const FORMAT: &str = "generate-fingerprint 1";

/// A fingerprint cache in one directory, one subdirectory per generator build.
#[derive(Debug, Clone)]
pub struct Fingerprints {
    dir: PathBuf,
}

impl Fingerprints {
    /// The cache in `dir` (created when the first entry is written).
    pub fn in_dir(dir: impl Into<PathBuf>) -> Self {
        Fingerprints { dir: dir.into() }
    }

    /// `generate-cache/` in the workspace's cargo target directory: `$CARGO_TARGET_DIR`
    /// (relative to the current directory, as cargo reads it) or `<root>/target`.
    pub fn for_workspace(root: &Path) -> Self {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"));
        Fingerprints::in_dir(target.join(CACHE_DIR))
    }

    /// Whether an entry says this build renders `spec_file` (relative to `root`), with the
    /// files it references as they are now, into exactly the bytes of `target` on disk.
    pub fn vouches_for(&self, root: &Path, spec_file: &Path, target: &Path) -> bool {
        let current = || -> Option<String> {
            let generated = std::fs::read(root.join(target)).ok()?;
            let header = Header::parse(std::str::from_utf8(&generated).ok()?)?;
            let hash_of =
                |label: &str| std::fs::read(root.join(label)).ok().map(|b| sha256_hex(&b));
            let spec_sha = hash_of(&label(spec_file))?;
            let referenced = header
                .referenced
                .iter()
                .map(|(file, _)| Some((file.clone(), hash_of(file)?)))
                .collect::<Option<Vec<_>>>()?;
            Some(fingerprint(
                spec_file,
                &spec_sha,
                &referenced,
                target,
                &sha256_hex(&generated),
            ))
        };
        let entry = || std::fs::read(self.entry(root, spec_file)).ok();
        match (current(), entry()) {
            (Some(current), Some(entry)) => current.as_bytes() == entry,
            _ => false,
        }
    }

    /// Records that this build rendered `spec_file` into `content` (which `target` now
    /// holds), from the inputs its header names. Best effort: a failure leaves no entry.
    pub fn record(&self, root: &Path, spec_file: &Path, target: &Path, content: &str) {
        let Some(header) = Header::parse(content) else {
            return;
        };
        let text = fingerprint(
            spec_file,
            &header.sha256,
            &header.referenced,
            target,
            &sha256_hex(content.as_bytes()),
        );
        let entry = self.entry(root, spec_file);
        let write = || -> std::io::Result<()> {
            let dir = entry.parent().unwrap_or(&self.dir);
            std::fs::create_dir_all(dir)?;
            // Written beside and renamed, so a reader never sees half an entry.
            let mut temp = tempfile::NamedTempFile::new_in(dir)?;
            temp.write_all(text.as_bytes())?;
            temp.persist(&entry).map_err(|err| err.error)?;
            Ok(())
        };
        let _ = write();
    }

    /// One entry per build and spec; the root is in the name so that workspaces sharing a
    /// target directory do not overwrite each other's entries (it is no part of what makes
    /// an entry valid: that is all in its text).
    fn entry(&self, root: &Path, spec_file: &Path) -> PathBuf {
        let key = sha256_hex(format!("{}\0{}", root.display(), label(spec_file)).as_bytes());
        self.dir.join(&BUILD_ID[..16]).join(&key[..32])
    }
}

/// A path relative to the workspace root as headers write it, with `/` separators.
fn label(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The text of an entry. Labels are quoted, so that no file name can pass for another line.
fn fingerprint(
    spec_file: &Path,
    spec_sha: &str,
    referenced: &[(String, String)],
    target: &Path,
    output_sha: &str,
) -> String {
    let mut text = format!(
        "{FORMAT}\nbuild {BUILD_ID}\nspec {:?} {spec_sha}\n",
        label(spec_file)
    );
    for (file, sha) in referenced {
        text.push_str(&format!("ref {file:?} {sha}\n"));
    }
    text.push_str(&format!("output {:?} {output_sha}\n", label(target)));
    text
}
