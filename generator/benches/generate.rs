//! Generator benchmark (`cargo bench -p generator --bench generate`, release build).
//!
//! Times, over the real workspace (every `specs/*.yaml`):
//! - `generate --check` as the CLI runs it (the release binary, wall time including process
//!   start; issue 14: at most 50 ms) and in process (`workspace::check_with`), each cold
//!   (`--no-cache`: every spec rendered) and warm (the fingerprint cache vouching for every
//!   file, `src/fingerprint.rs`);
//! - `generate` from scratch (empty `generated/`) into a temporary copy, in process and as
//!   the CLI;
//! - per spec: parse, render (adapt + progenitor + post-processing + prettyplease), and
//!   progenitor alone with default settings on the adapted spec;
//! - corpus documents from 11 KB to 3.7 MB (GitHub's REST description last): load, render
//!   and the CLI's `generate`, or up to the refusal where the generator refuses one;
//! - GitHub's REST description (3.7 MB, 767 operations) generated end to end by the release
//!   binary (target: at most 2 s), `BENCH_GITHUB_RUNS` times (default 5);
//! - openapi-generator's Rust client generator (`openapi-generator-cli generate -g rust`,
//!   installed by `bench/setup.sh` into `target/bench-venv`, or `$OPENAPI_GENERATOR_CLI`) on
//!   the same specs, one JVM per spec as its CLI is normally used, and the ratio. Without it
//!   the results say `"openapi_generator": null`.
//!
//! Results: `target/bench-results/generate.json` (or `$BENCH_RESULTS_DIR/generate.json`).
//! `BENCH_RUNS` (default 20) sets the in-process runs, `BENCH_CORPUS_RUNS` (default 3) the
//! corpus documents' runs, `BENCH_OAG_RUNS` (default 3) the openapi-generator runs; `BENCH_QUICK=1` for a smoke run.

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use generator::codegen::{self, adapt};
use generator::fingerprint::Fingerprints;
use generator::spec;
use generator::workspace::{self, GENERATED_DIR, SPECS_DIR};
use serde_json::{json, Value};

const CHECK_TARGET_MS: f64 = 50.0;
const GITHUB_TARGET_MS: f64 = 2000.0;
const GITHUB: &str = "corpus/progenitor/api.github.com.json";

/// The CLI's allocator, so that in-process figures are the CLI's minus process start.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p / 100.0 * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    percentile(&sorted, 50.0)
}

/// Summary of durations in milliseconds.
fn summary(samples: &[f64]) -> Value {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    json!({
        "runs": sorted.len(),
        "median_ms": round2(percentile(&sorted, 50.0)),
        "p90_ms": round2(percentile(&sorted, 90.0)),
        "min_ms": round2(sorted.first().copied().unwrap_or(f64::NAN)),
        "max_ms": round2(sorted.last().copied().unwrap_or(f64::NAN)),
    })
}

/// Runs `body` `warmup + runs` times and returns the durations of the last `runs`, in ms.
fn time_runs(warmup: usize, runs: usize, mut body: impl FnMut() -> Duration) -> Vec<f64> {
    for _ in 0..warmup {
        body();
    }
    (0..runs).map(|_| millis(body())).collect()
}

/// The 1-minute load average (Linux), to record beside wall times on a shared machine.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn timed<T>(body: impl FnOnce() -> T) -> (Duration, T) {
    let started = Instant::now();
    let value = body();
    (started.elapsed(), value)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ sits in the workspace root")
        .to_path_buf()
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(|dir| root.join(dir))
        .unwrap_or_else(|| root.join("target"))
}

fn results_dir(root: &Path) -> PathBuf {
    std::env::var_os("BENCH_RESULTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir(root).join("bench-results"))
}

/// A copy of `specs/` with an empty `generated/`, to regenerate from scratch.
fn scratch_copy(root: &Path, specs: &[PathBuf]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::create_dir_all(dir.path().join(SPECS_DIR)).unwrap();
    std::fs::create_dir_all(dir.path().join(GENERATED_DIR)).unwrap();
    for spec in specs {
        std::fs::copy(root.join(spec), dir.path().join(spec)).expect("copy spec");
    }
    dir
}

fn empty_generated(root: &Path) {
    for entry in std::fs::read_dir(root.join(GENERATED_DIR)).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
}

/// Runs the release generator binary; panics if it fails.
fn run_cli(args: &[&str], root: &Path) -> Duration {
    let (elapsed, output) = timed(|| {
        Command::new(env!("CARGO_BIN_EXE_generator"))
            .args(args)
            .arg("--root")
            .arg(root)
            .stdin(Stdio::null())
            .output()
            .expect("run the generator binary")
    });
    assert!(
        output.status.success(),
        "generator {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    elapsed
}

/// progenitor alone, default settings, on the adapted spec (the copy our generator hands
/// it); `None` if it refuses or panics.
fn progenitor_only(openapi: &openapiv3::OpenAPI) -> Option<Duration> {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        timed(|| {
            let mut generator =
                progenitor::Generator::new(&progenitor::GenerationSettings::default());
            generator.generate_tokens(openapi).is_ok()
        })
    }));
    panic::set_hook(previous);
    match outcome {
        Ok((elapsed, true)) => Some(elapsed),
        _ => None,
    }
}

fn per_spec(root: &Path, specs: &[PathBuf], runs: usize) -> Vec<Value> {
    specs
        .iter()
        .map(|file| {
            let parse = time_runs(1, runs, || {
                timed(|| spec::load(root, file).expect("spec parses")).0
            });
            let loaded = spec::load(root, file).unwrap();
            let render = time_runs(1, runs, || {
                timed(|| codegen::render(&loaded).expect("spec renders")).0
            });
            let adapted = adapt::for_codegen(&loaded).unwrap().openapi;
            let progenitor: Option<Vec<f64>> = (0..runs + 1)
                .map(|_| progenitor_only(&adapted).map(millis))
                .collect::<Option<Vec<_>>>()
                .map(|mut samples| samples.split_off(1));
            let yaml_bytes = std::fs::metadata(root.join(file)).map_or(0, |m| m.len());
            json!({
                "spec": file.display().to_string(),
                "yaml_bytes": yaml_bytes,
                "paths": loaded.openapi.paths.paths.len(),
                "schemas": loaded.openapi.components.as_ref().map_or(0, |c| c.schemas.len()),
                "parse": summary(&parse),
                "render": summary(&render),
                "progenitor_default_settings": progenitor.as_deref().map(summary),
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Corpus documents of growing size
// ---------------------------------------------------------------------------------------

/// Corpus documents (`tests/corpus/`, see its SOURCES) from 11 KB to 3.7 MB, to show how
/// generation time grows with spec size; the last is GitHub's REST description (issue
/// target: at most 2 s with the release binary).
const SCALING_CORPUS: &[&str] = &[
    "corpus/progenitor/keeper.json",
    "corpus/progenitor/buildomat.json",
    "corpus/vendors/twilio_accounts_v1.json",
    "corpus/vendors/box-openapi-v2025.0.json",
    "corpus/progenitor/nexus.json",
    "corpus/vendors/discord-openapi.json",
    "corpus/vendors/openai-openapi.yaml",
    "corpus/progenitor/api.github.com.json",
];

/// Each document as published: load (read + parse + checks) and render (adapt, progenitor,
/// passes, prettyplease) in process, and the release binary's `generate` on a workspace
/// holding only it. A document the generator refuses is timed up to its refusal, which the
/// results state.
fn corpus_scaling(runs: usize) -> Vec<Value> {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    SCALING_CORPUS
        .iter()
        .map(|file| {
            let file = Path::new(file);
            let bytes = std::fs::metadata(tests.join(file)).map_or(0, |m| m.len());
            let load = time_runs(1, runs, || {
                timed(|| spec::load(&tests, file).expect("corpus file loads")).0
            });
            let loaded = spec::load(&tests, file).unwrap();
            let outcome = codegen::render(&loaded).map(|rendered| rendered.code.lines().count());
            let render = time_runs(1, runs, || timed(|| codegen::render(&loaded).is_ok()).0);
            let workspace = tempfile::tempdir().expect("temporary directory");
            std::fs::create_dir_all(workspace.path().join(SPECS_DIR)).unwrap();
            std::fs::copy(
                tests.join(file),
                workspace.path().join(SPECS_DIR).join("api.yaml"),
            )
            .expect("copy the corpus file");
            let cli = time_runs(1, runs.min(5), || {
                timed(|| {
                    Command::new(env!("CARGO_BIN_EXE_generator"))
                        .args(["generate", "--no-cache", "--root"])
                        .arg(workspace.path())
                        .stdin(Stdio::null())
                        .output()
                        .expect("run the generator binary")
                })
                .0
            });
            let operations = loaded
                .openapi
                .paths
                .paths
                .values()
                .filter_map(|item| item.as_item())
                .map(|item| item.iter().count())
                .sum::<usize>();
            println!(
                "  {}: {} KB, {operations} operations, load {:.0} ms + render {:.0} ms; CLI {:.0} ms ({})",
                file.display(),
                bytes / 1000,
                median(&load),
                median(&render),
                median(&cli),
                outcome.as_ref().map_or("refused".into(), |lines| format!("{lines} lines")),
            );
            json!({
                "file": file.display().to_string(),
                "bytes": bytes,
                "operations": operations,
                "outcome": match &outcome {
                    Ok(lines) => json!({ "generated_lines": lines }),
                    Err(err) => json!({ "refused": err.to_string().lines().next().unwrap_or_default() }),
                },
                "load": summary(&load),
                "render": summary(&render),
                "cli_generate_wall": summary(&cli),
            })
        })
        .collect()
}

/// The release binary's `generate` on a workspace holding only GitHub's description (as
/// `specs/github.yaml`, unchanged), from scratch each run (no generated file, no cache).
fn github_end_to_end(runs: usize) -> Value {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(GITHUB);
    let workspace = tempfile::tempdir().expect("temporary directory");
    std::fs::create_dir_all(workspace.path().join(SPECS_DIR)).unwrap();
    std::fs::copy(
        &source,
        workspace.path().join(SPECS_DIR).join("github.yaml"),
    )
    .expect("copy GitHub's description");
    let samples = time_runs(1, runs, || {
        let _ = std::fs::remove_dir_all(workspace.path().join(GENERATED_DIR));
        run_cli(&["generate", "--no-cache"], workspace.path())
    });
    let lines = std::fs::read_to_string(workspace.path().join("generated/github.rs"))
        .map_or(0, |code| code.lines().count());
    println!(
        "  GitHub end to end (CLI generate): median {:.0} ms, max {:.0} ms, {lines} lines",
        median(&samples),
        samples.iter().copied().fold(f64::NAN, f64::max),
    );
    json!({
        "file": GITHUB,
        "generated_lines": lines,
        "cli_generate_wall": summary(&samples),
        "target": format!("generated end to end in <= {GITHUB_TARGET_MS} ms with the release binary"),
        "target_met": median(&samples) <= GITHUB_TARGET_MS,
    })
}

// ---------------------------------------------------------------------------------------
// openapi-generator
// ---------------------------------------------------------------------------------------

fn openapi_generator_cli(root: &Path) -> Option<PathBuf> {
    if let Some(cli) = std::env::var_os("OPENAPI_GENERATOR_CLI") {
        return Some(PathBuf::from(cli));
    }
    let venv = target_dir(root).join("bench-venv/bin/openapi-generator-cli");
    venv.exists().then_some(venv)
}

fn first_line(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// The last ERROR/Exception line of openapi-generator's output, to say why a spec failed.
fn failure_reason(stdout: &[u8], stderr: &[u8]) -> String {
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(stdout),
        String::from_utf8_lossy(stderr)
    );
    text.lines()
        .rfind(|line| line.contains("ERROR") || line.contains("Exception"))
        .or_else(|| text.lines().rfind(|line| !line.trim().is_empty()))
        .unwrap_or_default()
        .trim()
        .chars()
        .take(300)
        .collect()
}

fn openapi_generator(root: &Path, specs: &[PathBuf], runs: usize) -> Value {
    let Some(cli) = openapi_generator_cli(root) else {
        println!("  openapi-generator: not installed (run bench/setup.sh); skipped");
        return Value::Null;
    };
    let version = Command::new(&cli)
        .arg("version")
        .stdin(Stdio::null())
        .output();
    let version = match version {
        Ok(output) if output.status.success() => first_line(&output.stdout),
        Ok(output) => {
            println!(
                "  openapi-generator: `{} version` failed; skipped",
                cli.display()
            );
            return json!({"cli": cli.display().to_string(), "error": failure_reason(&output.stdout, &output.stderr)});
        }
        Err(err) => {
            println!(
                "  openapi-generator: cannot run {}: {err}; skipped",
                cli.display()
            );
            return Value::Null;
        }
    };
    let out = tempfile::tempdir().expect("temporary directory");
    let mut totals = Vec::new();
    let mut per_spec: Vec<(String, Vec<f64>, bool, String, usize)> = specs
        .iter()
        .map(|spec| {
            (
                spec.display().to_string(),
                Vec::new(),
                true,
                String::new(),
                0,
            )
        })
        .collect();
    for run in 0..runs {
        let mut total = Duration::ZERO;
        for (spec, entry) in specs.iter().zip(per_spec.iter_mut()) {
            let api = spec.file_stem().unwrap().to_string_lossy().into_owned();
            let dir = out.path().join(&api);
            let _ = std::fs::remove_dir_all(&dir);
            let (elapsed, output) = timed(|| {
                Command::new(&cli)
                    .args(["generate", "-g", "rust", "-i"])
                    .arg(root.join(spec))
                    .arg("-o")
                    .arg(&dir)
                    .stdin(Stdio::null())
                    .output()
                    .expect("run openapi-generator-cli")
            });
            total += elapsed;
            entry.1.push(millis(elapsed));
            let produced = dir.join("src/lib.rs").exists();
            if !output.status.success() || !produced {
                entry.2 = false;
                entry.3 = failure_reason(&output.stdout, &output.stderr);
            }
            if run == 0 {
                entry.4 = String::from_utf8_lossy(&output.stdout)
                    .lines()
                    .filter(|line| line.contains(" WARN "))
                    .count();
            }
        }
        println!(
            "  openapi-generator run {}: {:.0} ms for {} specs",
            run + 1,
            millis(total),
            specs.len()
        );
        totals.push(millis(total));
    }
    let batch = batch(&cli, root, specs, out.path(), runs);
    json!({
        "cli": cli.display().to_string(),
        "version": version,
        "invocation": "openapi-generator-cli generate -g rust -i specs/<api>.yaml -o <tmp>/<api> (one JVM per spec)",
        "total_wall": summary(&totals),
        "batch_one_jvm": batch,
        "per_spec": per_spec.into_iter().map(|(spec, samples, ok, reason, warnings)| json!({
            "spec": spec,
            "success": ok,
            "failure": (!ok).then_some(reason),
            "warnings_first_run": warnings,
            "wall": summary(&samples),
        })).collect::<Vec<_>>(),
    })
}

/// All specs in one JVM, one thread (`batch --threads 1`), to separate JVM start-up and
/// warm-up from generation proper.
fn batch(cli: &Path, root: &Path, specs: &[PathBuf], out: &Path, runs: usize) -> Value {
    let configs: Vec<PathBuf> = specs
        .iter()
        .map(|spec| {
            let api = spec.file_stem().unwrap().to_string_lossy().into_owned();
            let config = out.join(format!("batch-{api}.json"));
            let body = json!({
                "generatorName": "rust",
                "inputSpec": root.join(spec),
                "outputDir": out.join("batch").join(&api),
            });
            std::fs::write(&config, body.to_string()).expect("write batch config");
            config
        })
        .collect();
    let mut samples = Vec::new();
    let mut success = true;
    let mut failure = None;
    for run in 0..runs {
        let _ = std::fs::remove_dir_all(out.join("batch"));
        let (elapsed, output) = timed(|| {
            Command::new(cli)
                .args(["batch", "--threads", "1"])
                .args(&configs)
                .stdin(Stdio::null())
                .output()
                .expect("run openapi-generator-cli batch")
        });
        let produced = specs.iter().all(|spec| {
            let api = spec.file_stem().unwrap().to_string_lossy().into_owned();
            out.join("batch").join(api).join("src/lib.rs").exists()
        });
        if !output.status.success() || !produced {
            success = false;
            failure = Some(failure_reason(&output.stdout, &output.stderr));
        }
        println!(
            "  openapi-generator batch (one JVM) run {}: {:.0} ms",
            run + 1,
            millis(elapsed)
        );
        samples.push(millis(elapsed));
    }
    json!({
        "invocation": "openapi-generator-cli batch --threads 1 <one config per spec>",
        "success": success,
        "failure": failure,
        "wall": summary(&samples),
    })
}

// ---------------------------------------------------------------------------------------

fn main() {
    let quick = std::env::var_os("BENCH_QUICK").is_some_and(|v| v != "0");
    let number = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let runs = number("BENCH_RUNS", if quick { 3 } else { 20 });
    let cli_runs = number("BENCH_CLI_RUNS", if quick { 3 } else { 10 });
    let oag_runs = number("BENCH_OAG_RUNS", if quick { 1 } else { 3 });
    let root = workspace_root();
    let specs = workspace::spec_files(&root).expect("list specs");
    println!(
        "generate bench: {} specs in {}, release build",
        specs.len(),
        root.join(SPECS_DIR).display()
    );

    // generate --check over the real workspace, cold (every spec rendered) and warm (the
    // fingerprint cache, in a directory of the bench's own, vouching for every file).
    let check_status = workspace::check(&root);
    let check_ok = check_status.is_ok();
    if let Err(err) = &check_status {
        println!("  note: generated/ is not up to date ({err}); timing it anyway");
    }
    let cache_dir = tempfile::tempdir().expect("temporary directory");
    let cache = Fingerprints::in_dir(cache_dir.path());
    let check_in_process = time_runs(2, runs, || {
        timed(|| {
            let _ = workspace::check(&root);
        })
        .0
    });
    let warm_in_process = time_runs(2, runs, || {
        timed(|| {
            let _ = workspace::check_with(&root, Some(&cache));
        })
        .0
    });
    let cache_arg = cache_dir.path().to_str().expect("a UTF-8 temporary path");
    let (check_cli, warm_cli) = if check_ok {
        (
            Some(time_runs(1, cli_runs, || {
                run_cli(&["generate", "--check", "--no-cache"], &root)
            })),
            Some(time_runs(1, cli_runs, || {
                run_cli(&["generate", "--check", "--cache-dir", cache_arg], &root)
            })),
        )
    } else {
        (None, None)
    };
    let cli_median = |samples: &Option<Vec<f64>>| {
        samples
            .as_deref()
            .map_or("n/a (stale)".into(), |s| format!("{:.1} ms", median(s)))
    };
    println!(
        "  generate --check, cold (--no-cache): CLI median {}, in process median {:.1} ms",
        cli_median(&check_cli),
        median(&check_in_process)
    );
    println!(
        "  generate --check, warm cache: CLI median {}, in process median {:.1} ms",
        cli_median(&warm_cli),
        median(&warm_in_process)
    );

    // generate from scratch into a temporary copy.
    let scratch = scratch_copy(&root, &specs);
    let generate_in_process = time_runs(1, runs, || {
        empty_generated(scratch.path());
        let (elapsed, report) =
            timed(|| workspace::generate(scratch.path()).expect("generate into the copy"));
        assert_eq!(report.written.len(), specs.len());
        elapsed
    });
    let generate_cli = time_runs(1, cli_runs, || {
        empty_generated(scratch.path());
        run_cli(&["generate", "--no-cache"], scratch.path())
    });
    // The copy regenerated from scratch must equal the checked-in files.
    let identical = specs.iter().all(|spec| {
        let name = Path::new(GENERATED_DIR)
            .join(spec.file_stem().unwrap())
            .with_extension("rs");
        std::fs::read(scratch.path().join(&name)).ok() == std::fs::read(root.join(&name)).ok()
    });
    println!(
        "  generate (all {} files from scratch): CLI median {:.1} ms, in process median {:.1} ms",
        specs.len(),
        median(&generate_cli),
        median(&generate_in_process)
    );

    let per_spec = per_spec(&root, &specs, runs);
    let scaling = corpus_scaling(number("BENCH_CORPUS_RUNS", if quick { 1 } else { 3 }));
    let github = github_end_to_end(number("BENCH_GITHUB_RUNS", if quick { 3 } else { 5 }));
    let openapi_generator = openapi_generator(&root, &specs, oag_runs);
    let ratio = openapi_generator["total_wall"]["median_ms"]
        .as_f64()
        .map(|theirs| round2(theirs / median(&generate_cli)));
    let batch_ratio = openapi_generator["batch_one_jvm"]["wall"]["median_ms"]
        .as_f64()
        .filter(|_| openapi_generator["batch_one_jvm"]["success"] == json!(true))
        .map(|theirs| round2(theirs / median(&generate_cli)));
    if let Some(ratio) = ratio {
        println!(
            "  openapi-generator median {} ms for all specs: {ratio}× our CLI generate",
            openapi_generator["total_wall"]["median_ms"]
        );
    }
    if let Some(ratio) = batch_ratio {
        println!(
            "  openapi-generator in one JVM median {} ms: {ratio}× our CLI generate",
            openapi_generator["batch_one_jvm"]["wall"]["median_ms"]
        );
    }

    let check_wall = check_cli.as_deref().map(median);
    let warm_wall = warm_cli.as_deref().map(median);
    let results = json!({
        "benchmark": "generate",
        "unix_time": SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
        "machine": {
            "cores": std::thread::available_parallelism().map_or(1, |n| n.get()),
            "os": std::env::consts::OS,
            "arch": std::env::consts::ARCH,
        },
        "specs": specs.iter().map(|s| s.display().to_string()).collect::<Vec<_>>(),
        "generated_up_to_date": check_ok,
        "load_average_1min_at_end": load_average(),
        "check": {
            "cli_wall": check_cli.as_deref().map(summary),
            "in_process": summary(&check_in_process),
            "target": format!("generate --check of all specs <= {CHECK_TARGET_MS} ms wall, cold (--no-cache)"),
            "target_met": check_wall.map(|wall| wall <= CHECK_TARGET_MS),
        },
        "check_warm_cache": {
            "cli_wall": warm_cli.as_deref().map(summary),
            "in_process": summary(&warm_in_process),
            "target_met": warm_wall.map(|wall| wall <= CHECK_TARGET_MS),
        },
        "github_end_to_end": github,
        "generate_from_scratch": {
            "cli_wall": summary(&generate_cli),
            "in_process": summary(&generate_in_process),
            "identical_to_checked_in": identical,
        },
        "per_spec": per_spec,
        "corpus_scaling": scaling,
        "openapi_generator": openapi_generator,
        "ratio_openapi_generator_to_ours": ratio.map(|ratio| json!({
            "value": ratio,
            "meaning": "openapi-generator median total wall (one JVM per spec) / our CLI `generate` from scratch median wall",
        })),
        "ratio_openapi_generator_batch_to_ours": batch_ratio.map(|ratio| json!({
            "value": ratio,
            "meaning": "openapi-generator `batch --threads 1` (all specs, one JVM) median wall / our CLI `generate` from scratch median wall",
        })),
    });
    let dir = results_dir(&root);
    std::fs::create_dir_all(&dir).expect("results directory");
    let file = dir.join("generate.json");
    std::fs::write(
        &file,
        serde_json::to_string_pretty(&results).unwrap() + "\n",
    )
    .expect("write results");
    let verdict = |met: &Value| match met.as_bool() {
        Some(true) => "met",
        Some(false) => "NOT met",
        None => "not measured (generated/ stale)",
    };
    println!(
        "  target generate --check <= {CHECK_TARGET_MS} ms: cold {}, warm {}",
        verdict(&results["check"]["target_met"]),
        verdict(&results["check_warm_cache"]["target_met"]),
    );
    println!(
        "  target GitHub end to end <= {GITHUB_TARGET_MS} ms: {}",
        verdict(&results["github_end_to_end"]["target_met"]),
    );
    println!("results: {}", file.display());
    assert!(
        identical || !check_ok,
        "regenerating from scratch differs from generated/"
    );
}
