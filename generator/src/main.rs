//! `cargo run -p generator -- <command>`: see the workspace README.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use generator::fingerprint::Fingerprints;

/// Generation allocates and frees millions of small syntax-tree nodes, on several threads:
/// with glibc's allocator, `malloc` and `free` took about a quarter of `generate --check`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Specs in, typed clients and partner artefacts out")]
struct Cli {
    /// Workspace root (the directory holding specs/ and generated/).
    #[arg(long, global = true, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/.."))]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate generated/<api>.rs from every specs/<api>.yaml.
    Generate {
        /// Change nothing; fail naming every stale, missing or hand-edited generated file.
        #[arg(long)]
        check: bool,
        /// Render every spec, ignoring the fingerprint cache (what this generator build
        /// rendered from which inputs, kept in the cargo target directory), and do not
        /// update it.
        #[arg(long)]
        no_cache: bool,
        /// Where the fingerprint cache lives (default: `$CARGO_TARGET_DIR/generate-cache`,
        /// or `<root>/target/generate-cache`).
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<PathBuf>,
    },
    /// Check the publishing rules; fail listing every finding with file and JSON pointer.
    Lint {
        /// Spec files relative to --root (default: every specs/*.yaml).
        files: Vec<PathBuf>,
    },
    /// Write dist/<api>.yaml and dist/<api>.json for every spec.
    Bundle,
    /// Bundle, then write dist/<api>.html, an offline reference page per API (needs npx).
    Docs,
    /// Report the changes between two versions of a spec; fail on a breaking change
    /// without a major version bump.
    Diff {
        old: PathBuf,
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Sunset policy (oasdiff's): the minimum days between deprecating something of a
        /// stable operation and its x-sunset; 0, the default, asks none.
        #[arg(long, default_value_t = 0)]
        deprecation_days_stable: u32,
        /// The same for beta operations (draft and alpha ones need no notice).
        #[arg(long, default_value_t = 0)]
        deprecation_days_beta: u32,
    },
    /// Write dist/CHANGES.md: the changes between two spec files, or between two git
    /// revisions of specs/*.yaml (`HEAD~1 HEAD`), per API and operation, with semver bumps.
    Changelog { old: String, new: String },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = &cli.root;
    let outcome = match cli.command {
        Command::Generate {
            check,
            no_cache,
            cache_dir,
        } => {
            let cache = match (no_cache, cache_dir) {
                (true, _) => None,
                (false, Some(dir)) => Some(Fingerprints::in_dir(dir)),
                (false, None) => Some(Fingerprints::for_workspace(root)),
            };
            generate(root, check, cache.as_ref())
        }
        Command::Lint { files } => match generator::publish::lint::lint_files(root, &files) {
            Ok(findings) if !findings.is_empty() => {
                for finding in &findings {
                    eprintln!("{finding}");
                }
                eprintln!("{} finding(s)", findings.len());
                return ExitCode::FAILURE;
            }
            other => other.map(|_| "no findings".to_owned()),
        },
        Command::Bundle => {
            generator::publish::bundle::bundle_workspace(root).map(|written| list(&written))
        }
        Command::Docs => generator::publish::docs::docs_workspace(root).map(|pages| list(&pages)),
        Command::Changelog { old, new } => {
            generator::publish::changelog::changelog(root, &old, &new)
                .and_then(|markdown| generator::publish::changelog::write(root, &markdown))
                .map(|file| format!("wrote {}", file.display()))
        }
        Command::Diff {
            old,
            new,
            format,
            deprecation_days_stable,
            deprecation_days_beta,
        } => {
            // Paths as given, relative to the current directory like any command-line file.
            let load = |file: &PathBuf| generator::spec::load(std::path::Path::new(""), file);
            match load(&old).and_then(|old| Ok((old, load(&new)?))) {
                Ok((old, new)) => {
                    let policy = generator::publish::diff::SunsetPolicy {
                        stable_days: deprecation_days_stable,
                        beta_days: deprecation_days_beta,
                    };
                    let today = chrono::Utc::now().date_naive();
                    let report = generator::publish::diff::diff_with(&old, &new, today, policy);
                    match format {
                        Format::Text => print!("{}", report.render_text()),
                        Format::Json => println!(
                            "{}",
                            serde_json::to_string_pretty(&report).expect("a report serialises")
                        ),
                    }
                    return if report.ok {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    };
                }
                Err(err) => Err(err),
            }
        }
    };
    match outcome {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{:?}", miette::Report::new(err));
            ExitCode::FAILURE
        }
    }
}

/// `generate [--check]`: the summary line to print.
fn generate(root: &Path, check: bool, cache: Option<&Fingerprints>) -> generator::Result<String> {
    if check {
        return generator::workspace::check_with(root, cache)
            .map(|()| "generated/ is up to date".to_owned());
    }
    generator::workspace::generate_with(root, cache).map(|report| {
        for skipped in &report.skipped {
            eprintln!("skipped: {skipped}");
        }
        format!(
            "{} written, {} unchanged, {} removed",
            report.written.len(),
            report.unchanged.len(),
            report.removed.len()
        )
    })
}

fn list(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|file| format!("wrote {}", file.display()))
        .collect::<Vec<_>>()
        .join("\n")
}
