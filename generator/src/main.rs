//! `cargo run -p generator -- <command>`: see the workspace README.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Generate { check: true } => {
            generator::workspace::check(&cli.root).map(|()| "generated/ is up to date".to_owned())
        }
        Command::Generate { check: false } => {
            generator::workspace::generate(&cli.root).map(|report| {
                format!(
                    "{} written, {} unchanged, {} removed",
                    report.written.len(),
                    report.unchanged.len(),
                    report.removed.len()
                )
            })
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
