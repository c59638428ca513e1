//! `generate` and `generate --check` over a workspace: every `specs/*.yaml` ↔ `generated/*.rs`.
//!
//! All files are rendered in memory first; nothing is written unless every spec succeeded.
//! Changed files are then written to temporary files beside their targets and renamed into
//! place, so `generated/` never holds a half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::codegen;
use crate::error::{Error, Result, StaleReason, Staleness};
use crate::header::Header;
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
    target: PathBuf,
    content: String,
    on_disk: Option<String>,
    skipped: Vec<String>,
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

/// Renders every spec; fails with all errors at once if any spec fails.
fn render_all(root: &Path) -> Result<Vec<Rendered>> {
    let specs = spec_files(root)?;
    let mut rendered = Vec::new();
    let mut errors = Vec::new();
    for outcome in in_parallel(&specs, |spec_file| render_one(root, spec_file)) {
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
        target,
        content: rendered.code,
        skipped: spec::skip_lines(&rendered.skips)
            .into_iter()
            .map(|line| format!("{}: {line}", spec_file.display()))
            .collect(),
    })
}

/// The stack of a worker thread: progenitor and typify recurse along a spec's nesting, and
/// the main thread's 8 MiB is what they have been run with so far.
const WORKER_STACK: usize = 8 << 20;

/// `work` applied to every item, the items shared out over as many threads as there are
/// cores (specs are independent, and each takes milliseconds); results in `items`' order.
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let worker = || {
            let mut done = Vec::new();
            loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(item) = items.get(index) else {
                    return done;
                };
                done.push((index, work(item)));
            }
        };
        let threads = (0..workers)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, worker)
            })
            .collect::<Vec<_>>();
        threads
            .into_iter()
            .flat_map(|thread| match thread {
                Ok(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: this one does the share it would have done.
                Err(_) => worker(),
            })
            .collect()
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// Generated files (with our header) that no spec produces any more.
fn orphans(root: &Path, rendered: &[Rendered]) -> Result<Vec<PathBuf>> {
    let Ok(entries) = std::fs::read_dir(root.join(GENERATED_DIR)) else {
        return Ok(Vec::new());
    };
    let mut orphans = Vec::new();
    for entry in entries.filter_map(|entry| entry.ok()) {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let relative = Path::new(GENERATED_DIR).join(&name);
        let ours = rendered.iter().any(|file| file.target == relative);
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
/// `generate` would write.
pub fn check(root: &Path) -> Result<()> {
    let rendered = render_all(root)?;
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
    stale.extend(orphans(root, &rendered)?.into_iter().map(|file| Staleness {
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
    let rendered = render_all(root)?;
    let orphaned = orphans(root, &rendered)?;
    let dir = root.join(GENERATED_DIR);
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        file: PathBuf::from(GENERATED_DIR),
        source,
    })?;

    let mut report = Report::default();
    // Stage every changed file first, so a failure (disk full) leaves generated/ untouched.
    let mut staged = Vec::new();
    for file in rendered {
        report.skipped.extend(file.skipped);
        if file.on_disk.as_deref() == Some(file.content.as_str()) {
            report.unchanged.push(file.target);
            continue;
        }
        staged.push((stage(&dir, &file.target, &file.content)?, file.target));
    }
    for (temp, target) in staged {
        persist(temp, root, &target)?;
        report.written.push(target);
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
