//! `changelog <old> <new>`: the partner-facing `dist/CHANGES.md`, one section per API,
//! built from [`diff`] reports.
//!
//! `old` and `new` are two spec files (one section) or two git revisions of the workspace
//! (one section per `specs/*.yaml` at either revision; an API present at only one of them
//! is stated as new or removed).
//!
//! Within a section the changes are grouped by operation (method, path and operationId).
//! A change to a shared component is listed under *every* operation that reaches it, as the
//! diff attributes it, rather than once in a "shared schemas" group: a partner reads the
//! changelog for the calls they make, and a group of schema names would send them back to
//! the spec to find out whether their call is affected. Only changes no operation reaches
//! (servers, security schemes, Rust bindings) go to a final "Whole API" group. Each change
//! is marked with the semver bump it forces; breaking ones (those forcing a major bump)
//! say so in bold.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::bundle::DIST_DIR;
use super::diff::{self, Bump, Change, Report};
use crate::error::{Error, Pointer, Result};
use crate::spec::tree;
use crate::spec::{self, Spec};
use crate::workspace;

/// Where `changelog` writes, relative to the workspace root.
pub const CHANGES_FILE: &str = "CHANGES.md";

/// The group of changes that no operation reaches.
const WHOLE_API: &str = "Whole API";

/// Renders the changelog between `old` and `new`: two files (when both exist) or two git
/// revisions of the repository at `root`.
pub fn changelog(root: &Path, old: &str, new: &str) -> Result<String> {
    let (old_path, new_path) = (Path::new(old), Path::new(new));
    let sections = if old_path.is_file() && new_path.is_file() {
        let (old_spec, new_spec) = (load_file(old_path)?, load_file(new_path)?);
        vec![section(
            &new_spec.name,
            Some(&old_spec),
            Some(&new_spec),
            old,
            new,
        )]
    } else {
        for argument in [old, new] {
            if !Path::new(argument).is_file() {
                revision(root, argument)?;
            }
        }
        if let Some(file) = [old, new].into_iter().find(|arg| Path::new(arg).is_file()) {
            return Err(Error::MixedChangelogArguments {
                file: PathBuf::from(file),
            });
        }
        let old_specs = specs_at(root, old)?;
        let new_specs = specs_at(root, new)?;
        let mut names: Vec<&String> = old_specs.keys().chain(new_specs.keys()).collect();
        names.sort();
        names.dedup();
        names
            .into_iter()
            .map(|name| section(name, old_specs.get(name), new_specs.get(name), old, new))
            .collect()
    };
    Ok(format!(
        "# Changes from `{old}` to `{new}`\n\nEach change is marked with the semver bump it \
         forces; **breaking** changes force a major one.\n\n{}",
        sections.join("\n")
    ))
}

/// Writes `root/dist/CHANGES.md` atomically (a temporary file renamed over it); returns its
/// path relative to `root`.
pub fn write(root: &Path, markdown: &str) -> Result<PathBuf> {
    let target = Path::new(DIST_DIR).join(CHANGES_FILE);
    let dir = root.join(DIST_DIR);
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        file: PathBuf::from(DIST_DIR),
        source,
    })?;
    workspace::persist(workspace::stage(&dir, &target, markdown)?, root, &target)?;
    Ok(target)
}

fn load_file(file: &Path) -> Result<Spec> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::Io {
        file: file.to_path_buf(),
        source,
    })?;
    spec::parse(file, &text)
}

/// Checks that `argument` names a commit. An argument that looks like a file is reported as
/// a missing file, anything else as an unknown revision.
fn revision(root: &Path, argument: &str) -> Result<()> {
    if git(
        root,
        argument,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{argument}^{{commit}}"),
        ],
    )
    .is_ok()
    {
        return Ok(());
    }
    let looks_like_file = matches!(
        Path::new(argument).extension().and_then(|ext| ext.to_str()),
        Some("yaml" | "yml" | "json")
    );
    if looks_like_file {
        return Err(Error::Io {
            file: PathBuf::from(argument),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    Err(Error::UnknownRevision {
        root: root.to_path_buf(),
        revision: argument.to_owned(),
    })
}

/// Every `specs/*.yaml` at `revision`, parsed, by API name. A spec that does not parse fails
/// the whole changelog, named `<revision>:specs/<api>.yaml` with its pointer.
fn specs_at(root: &Path, revision: &str) -> Result<BTreeMap<String, Spec>> {
    let listing = git(
        root,
        revision,
        &["ls-tree", "--name-only", revision, "specs/"],
    )?;
    let mut specs = BTreeMap::new();
    for path in listing.lines().filter(|path| path.ends_with(".yaml")) {
        let object = format!("{revision}:{path}");
        let text = git(root, revision, &["show", &object])?;
        let spec = spec::parse(Path::new(&object), &text)?;
        let name = Path::new(path)
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or(path)
            .to_owned();
        specs.insert(name, spec);
    }
    Ok(specs)
}

/// Runs `git -C root <args>`; its stdout on success.
fn git(root: &Path, revision: &str, args: &[&str]) -> Result<String> {
    let failed = |message: String| Error::Git {
        root: root.to_path_buf(),
        revision: revision.to_owned(),
        message,
    };
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|err| failed(format!("cannot run git: {err}")))?;
    if !output.status.success() {
        return Err(failed(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    String::from_utf8(output.stdout).map_err(|err| failed(format!("output is not UTF-8: {err}")))
}

/// One API's section. `old_label` and `new_label` name the two sides for a new or removed API.
fn section(
    name: &str,
    old: Option<&Spec>,
    new: Option<&Spec>,
    old_label: &str,
    new_label: &str,
) -> String {
    let (old, new) = match (old, new) {
        (Some(old), Some(new)) => (old, new),
        (None, Some(new)) => {
            return format!(
                "## {name} (new) → {}\n\nNew API at `{new_label}`, with {} operation(s).\n",
                version(new),
                tree::operations(&new.json).len()
            )
        }
        (Some(old), None) => {
            return format!(
                "## {name} {} → (removed)\n\nRemoved at `{new_label}`: every operation is gone \
                 (a major change for its clients).\n",
                version(old)
            )
        }
        (None, None) => {
            return format!("## {name}\n\nAbsent at `{old_label}` and `{new_label}`.\n")
        }
    };
    let report = diff::diff(old, new);
    let mut out = format!(
        "## {name} {} → {}\n\n{}\n",
        report.old_version,
        report.new_version,
        summary(&report)
    );
    let ids = operation_ids(old, new);
    for (heading, changes) in groups(&report) {
        let title = match ids.get(&heading) {
            Some(id) => format!("`{heading}` (`{id}`)"),
            None if heading == WHOLE_API => heading.clone(),
            None => format!("`{heading}`"),
        };
        out.push_str(&format!("\n### {title}\n\n"));
        for change in changes {
            out.push_str(&format!("- {}\n", line(change)));
        }
    }
    out
}

fn version(spec: &Spec) -> &str {
    spec.json
        .pointer("/info/version")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("(no version)")
}

fn summary(report: &Report) -> String {
    if report.changes.is_empty() {
        return "No changes.".to_owned();
    }
    let version = match report.version_bump {
        Bump::None => "the version number makes none".to_owned(),
        bump => format!("the version number makes a {bump} one"),
    };
    let mut summary = format!(
        "{} change(s), {} breaking; they force a **{}** bump and {version}.",
        report.changes.len(),
        report.breaking().count(),
        report.required_bump,
    );
    if !report.ok {
        summary.push_str(" **The version number must get a major bump.**");
    }
    summary
}

fn line(change: &Change) -> String {
    let marker = if change.breaking {
        format!("**breaking, {}**", change.bump)
    } else {
        change.bump.to_string()
    };
    let pointer = if change.pointer.is_empty() {
        String::new()
    } else {
        format!(", {} `#{}`", change.side, change.pointer)
    };
    format!("{marker}: {} (`{}`{pointer})", change.message, change.kind)
}

/// The changes by operation label (`GET /orders`), operations in path then method order,
/// then the "Whole API" group. Within a group the diff's order holds (largest bump first).
fn groups(report: &Report) -> Vec<(String, Vec<&Change>)> {
    let mut by_operation: BTreeMap<(String, String), Vec<&Change>> = BTreeMap::new();
    let mut whole_api = Vec::new();
    for change in &report.changes {
        let labels = if change.operations.is_empty() {
            operation_of_pointer(&change.pointer).into_iter().collect()
        } else {
            change.operations.clone()
        };
        if labels.is_empty() {
            whole_api.push(change);
        }
        for label in labels {
            let (method, path) = label.split_once(' ').unwrap_or(("", &label));
            by_operation
                .entry((path.to_owned(), method.to_owned()))
                .or_default()
                .push(change);
        }
    }
    let mut groups: Vec<(String, Vec<&Change>)> = by_operation
        .into_iter()
        .map(|((path, method), changes)| (format!("{method} {path}"), changes))
        .collect();
    if !whole_api.is_empty() {
        groups.push((WHOLE_API.to_owned(), whole_api));
    }
    groups
}

/// `GET /orders` for a pointer at or inside `/paths/~1orders/get` (an added or removed
/// operation carries no operation list, only its pointer).
fn operation_of_pointer(pointer: &str) -> Option<String> {
    let pointer = Pointer::from_json_pointer(pointer);
    let mut tokens = pointer.tokens();
    if tokens.next()? != "paths" {
        return None;
    }
    let path = tokens.next()?;
    let method = tokens.next()?;
    tree::METHODS
        .contains(&method.as_str())
        .then(|| format!("{} {path}", method.to_uppercase()))
}

/// operationId by operation label, from the new spec, and the old one for removed
/// operations.
fn operation_ids(old: &Spec, new: &Spec) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    for spec in [old, new] {
        for operation in tree::operations(&spec.json) {
            if let Some(id) = operation.operation_id() {
                ids.insert(operation.label(), id.to_owned());
            }
        }
    }
    ids
}
