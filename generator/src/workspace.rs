//! `generate` and `generate --check` over a workspace: every `specs/*.yaml` ↔ `generated/*.rs`.
//!
//! All files are rendered in memory first; nothing is written unless every spec succeeded.
//! Changed files are then written to temporary files beside their targets and renamed into
//! place, so `generated/` never holds a half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::codegen;
use crate::error::{Error, Result, StaleReason, Staleness};
use crate::fingerprint::Fingerprints;
use crate::header::Header;
use crate::parallel;
use crate::spec;

pub const SPECS_DIR: &str = "specs";
pub const GENERATED_DIR: &str = "generated";

/// What a `generate` run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Files (re)written because their content changed.
    pub written: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: Vec<PathBuf>,
    /// Generated files removed because their spec is gone.
    pub removed: Vec<PathBuf>,
    /// What the specs say that generation deliberately leaves out, one line per kind
    /// (`specs/x.yaml: <what> (at #/…)`), as recorded in the generated headers.
    pub skipped: Vec<String>,
}

/// One rendered file and how it compares to what is on disk.
struct Rendered {
    spec_file: PathBuf,
    target: PathBuf,
    content: String,
    on_disk: Option<String>,
    skipped: Vec<String>,
}

impl Rendered {
    /// Whether the file on disk is exactly what was rendered.
    fn is_up_to_date(&self) -> bool {
        self.on_disk.as_deref() == Some(self.content.as_str())
    }
}

/// The spec files of a workspace, sorted, relative to `root`.
pub fn spec_files(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join(SPECS_DIR);
    let entries = std::fs::read_dir(&dir).map_err(|source| Error::Io {
        file: PathBuf::from(SPECS_DIR),
        source,
    })?;
    let mut files = entries
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .filter_map(|path| path.file_name().map(|name| Path::new(SPECS_DIR).join(name)))
        .collect::<Vec<_>>();
    files.sort();
    Ok(files)
}

fn target_for(spec_file: &Path) -> PathBuf {
    let stem = spec_file.file_stem().unwrap_or_default();
    Path::new(GENERATED_DIR).join(stem).with_extension("rs")
}

fn read_optional(root: &Path, relative: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(root.join(relative)) {
        Ok(content) => Ok(Some(content)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io {
            file: relative.to_path_buf(),
            source,
        }),
    }
}

/// Renders every spec in `specs`; fails with all errors at once if any spec fails.
fn render_all(root: &Path, specs: &[PathBuf]) -> Result<Vec<Rendered>> {
    let mut rendered = Vec::new();
    let mut errors = Vec::new();
    for outcome in parallel::map(specs, |spec_file| render_one(root, spec_file)) {
        match outcome {
            Ok(file) => rendered.push(file),
            Err(err) => errors.push(err),
        }
    }
    match errors.len() {
        0 => Ok(rendered),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Many(errors)),
    }
}

fn render_one(root: &Path, spec_file: &Path) -> Result<Rendered> {
    let target = target_for(spec_file);
    let spec = spec::load(root, spec_file)?;
    let rendered = codegen::render(&spec)?;
    Ok(Rendered {
        on_disk: read_optional(root, &target)?,
        spec_file: spec_file.to_path_buf(),
        target,
        content: rendered.code,
        skipped: spec::skip_lines(&rendered.skips)
            .into_iter()
            .map(|line| format!("{}: {line}", spec_file.display()))
            .collect(),
    })
}

/// Generated files (with our header) that no spec produces any more.
fn orphans(root: &Path, targets: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let Ok(entries) = std::fs::read_dir(root.join(GENERATED_DIR)) else {
        return Ok(Vec::new());
    };
    let mut orphans = Vec::new();
    for entry in entries.filter_map(|entry| entry.ok()) {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let relative = Path::new(GENERATED_DIR).join(&name);
        let ours = targets.contains(&relative);
        if !ours && name.ends_with(".rs") {
            let content = read_optional(root, &relative)?.unwrap_or_default();
            if Header::parse(&content).is_some() {
                orphans.push(relative);
            }
        }
    }
    orphans.sort();
    Ok(orphans)
}

/// `generate --check`: changes nothing; fails naming every file that is not exactly what
/// `generate` would write. Renders every spec (no cache); see [`check_with`].
pub fn check(root: &Path) -> Result<()> {
    check_with(root, None)
}

/// `generate --check`, skipping the specs that `cache` vouches for (this generator build
/// rendered their current inputs into exactly the bytes on disk), and recording in it the
/// files it found up to date. Never writes in the workspace.
pub fn check_with(root: &Path, cache: Option<&Fingerprints>) -> Result<()> {
    let specs = spec_files(root)?;
    let targets = specs
        .iter()
        .map(|spec| target_for(spec))
        .collect::<Vec<_>>();
    let vouched = parallel::map(&specs, |spec| {
        cache.is_some_and(|cache| cache.vouches_for(root, spec, &target_for(spec)))
    });
    let to_render = specs
        .iter()
        .zip(&vouched)
        .filter(|(_, vouched)| !**vouched)
        .map(|(spec, _)| spec.clone())
        .collect::<Vec<_>>();
    let rendered = render_all(root, &to_render)?;
    if let Some(cache) = cache {
        for file in rendered.iter().filter(|file| file.is_up_to_date()) {
            cache.record(root, &file.spec_file, &file.target, &file.content);
        }
    }
    let mut stale = rendered
        .iter()
        .filter_map(|file| {
            let reason = match &file.on_disk {
                None => StaleReason::Missing,
                Some(on_disk) if on_disk == &file.content => return None,
                Some(on_disk) => match (Header::parse(on_disk), Header::parse(&file.content)) {
                    (Some(old), Some(new))
                        if old.sha256 == new.sha256 && old.referenced == new.referenced =>
                    {
                        StaleReason::HandEdited
                    }
                    (None, _) => StaleReason::HandEdited,
                    _ => StaleReason::SpecChanged,
                },
            };
            Some(Staleness {
                file: file.target.clone(),
                reason,
            })
        })
        .collect::<Vec<_>>();
    stale.extend(orphans(root, &targets)?.into_iter().map(|file| Staleness {
        file,
        reason: StaleReason::Orphaned,
    }));
    if stale.is_empty() {
        Ok(())
    } else {
        Err(Error::Stale(stale))
    }
}

/// `generate`: writes every file whose content changed, atomically, and removes orphans.
pub fn generate(root: &Path) -> Result<Report> {
    generate_with(root, None)
}

/// [`generate`], recording every file it wrote or found unchanged in `cache`, so that the
/// next `generate --check` need not render them. It renders every spec whatever the cache
/// says.
pub fn generate_with(root: &Path, cache: Option<&Fingerprints>) -> Result<Report> {
    let specs = spec_files(root)?;
    let rendered = render_all(root, &specs)?;
    let targets = rendered
        .iter()
        .map(|file| file.target.clone())
        .collect::<Vec<_>>();
    let orphaned = orphans(root, &targets)?;
    let dir = root.join(GENERATED_DIR);
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        file: PathBuf::from(GENERATED_DIR),
        source,
    })?;

    let mut report = Report::default();
    // Stage every changed file first, so a failure (disk full) leaves generated/ untouched.
    let mut staged = Vec::new();
    for file in &rendered {
        report.skipped.extend(file.skipped.iter().cloned());
        if file.is_up_to_date() {
            report.unchanged.push(file.target.clone());
            continue;
        }
        staged.push((stage(&dir, &file.target, &file.content)?, &file.target));
    }
    for (temp, target) in staged {
        persist(temp, root, target)?;
        report.written.push(target.clone());
    }
    if let Some(cache) = cache {
        // Every file now holds what was rendered.
        for file in &rendered {
            cache.record(root, &file.spec_file, &file.target, &file.content);
        }
    }
    for orphan in orphaned {
        std::fs::remove_file(root.join(&orphan)).map_err(|source| Error::Io {
            file: orphan.clone(),
            source,
        })?;
        report.removed.push(orphan);
    }
    Ok(report)
}

/// The first half of an atomic write: `content` in a synced temporary file in `dir` (the
/// directory of `target`, so the rename stays on one file system). `target`, relative to the
/// workspace root, names errors.
pub(crate) fn stage(dir: &Path, target: &Path, content: &str) -> Result<tempfile::NamedTempFile> {
    let io_error = |source| Error::Io {
        file: target.to_path_buf(),
        source,
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(io_error)?;
    temp.write_all(content.as_bytes()).map_err(io_error)?;
    temp.as_file().sync_all().map_err(io_error)?;
    Ok(temp)
}

/// The second half: renames the staged file over `root/target`.
pub(crate) fn persist(temp: tempfile::NamedTempFile, root: &Path, target: &Path) -> Result<()> {
    temp.persist(root.join(target))
        .map(drop)
        .map_err(|err| Error::Io {
            file: target.to_path_buf(),
            source: err.error,
        })
}
