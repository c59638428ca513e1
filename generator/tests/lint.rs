//! `lint` on fixture specs: a clean spec, legitimate constructs that no rule may flag, one
//! fixture per broken rule (each finding checked for rule, file and JSON pointer), the real
//! specs, and the command line's exit code and `file#pointer` output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use generator::publish::lint::{self, Finding, Rule};
use generator::spec;

/// Fixtures that every rule accepts.
const CLEAN: &[&str] = &["clean.yaml", "clean_constructs.yaml"];

/// Each fixture breaks exactly one rule: its findings are all of that rule, at exactly these
/// JSON pointers (RFC 6901, unescaped `{`, `#`), in this order.
const BROKEN: &[(&str, Rule, &[&str])] = &[
    ("info_version.yaml", Rule::InfoVersion, &["/info/version"]),
    ("servers.yaml", Rule::Servers, &["/servers"]),
    ("security_missing.yaml", Rule::Security, &["/security"]),
    (
        "security_no_schemes.yaml",
        Rule::Security,
        &["/components/securitySchemes"],
    ),
    (
        "security_undeclared.yaml",
        Rule::Security,
        &["/paths/~1items~1{id}/get/security/0/oauth"],
    ),
    (
        "operation_id_missing.yaml",
        Rule::OperationId,
        &["/paths/~1items~1{id}/get"],
    ),
    (
        "operation_id_case.yaml",
        Rule::OperationId,
        &["/paths/~1items/post/operationId"],
    ),
    (
        "operation_id_duplicate.yaml",
        Rule::OperationId,
        &["/paths/~1items/post/operationId"],
    ),
    (
        "operation_summary.yaml",
        Rule::OperationSummary,
        &["/paths/~1items/post"],
    ),
    (
        "operation_description.yaml",
        Rule::OperationDescription,
        &["/paths/~1items~1{id}/get"],
    ),
    (
        "error_response.yaml",
        Rule::ErrorResponse,
        &["/paths/~1items~1{id}/get/responses"],
    ),
    (
        "operation_example.yaml",
        Rule::OperationExample,
        &["/paths/~1items~1{id}/get"],
    ),
    (
        "inline_object_body.yaml",
        Rule::InlineObject,
        &["/paths/~1items/post/responses/400/content/application~1json/schema"],
    ),
    (
        "inline_object_property.yaml",
        Rule::InlineObject,
        &["/components/schemas/Item/properties/size"],
    ),
    (
        "inline_object_items.yaml",
        Rule::InlineObject,
        &["/components/schemas/Item/properties/parts/items"],
    ),
    (
        "description_schema.yaml",
        Rule::Description,
        &["/components/schemas/Error"],
    ),
    (
        "description_property.yaml",
        Rule::Description,
        &["/components/schemas/Item/properties/name"],
    ),
    (
        "english.yaml",
        Rule::English,
        &["/components/schemas/Item/properties/name/description"],
    ),
    (
        "english_quoting.yaml",
        Rule::English,
        &["/components/schemas/Item/properties/name/description"],
    ),
    (
        "example_valid_request.yaml",
        Rule::ExampleValid,
        &["/paths/~1items/post/requestBody/content/application~1json/examples/bolt/value"],
    ),
    (
        "example_valid_response.yaml",
        Rule::ExampleValid,
        &["/paths/~1items~1{id}/get/responses/404/content/application~1json/examples/missing/value"],
    ),
    (
        "example_valid_parameter.yaml",
        Rule::ExampleValid,
        &["/paths/~1items~1{id}/get/parameters/0/example"],
    ),
    (
        "example_valid_schema.yaml",
        Rule::ExampleValid,
        &["/components/schemas/Item/properties/code/example"],
    ),
    (
        "enum_names_count.yaml",
        Rule::EnumNames,
        &["/components/schemas/Item/properties/size/x-enum-varnames"],
    ),
    ("doc_notes_missing.yaml", Rule::DocNotes, &["/x-doc-notes"]),
    ("doc_notes_not_list.yaml", Rule::DocNotes, &["/x-doc-notes"]),
    (
        "doc_notes_pointer.yaml",
        Rule::DocNotes,
        &["/x-doc-notes/0/pointer"],
    ),
    ("doc_notes_decision.yaml", Rule::DocNotes, &["/x-doc-notes/0"]),
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint")
}

fn lint_fixture(name: &str) -> Vec<Finding> {
    lint::lint_files(&fixtures(), &[PathBuf::from(name)])
        .unwrap_or_else(|err| panic!("{name} does not parse: {err}"))
}

fn show(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|finding| format!("\n  {finding}"))
        .collect()
}

#[test]
fn clean_fixtures_have_no_findings() {
    for name in CLEAN {
        let findings = lint_fixture(name);
        assert!(findings.is_empty(), "{name}:{}", show(&findings));
    }
}

#[test]
fn each_broken_fixture_yields_exactly_its_rule_at_its_pointers() {
    let mut failures = Vec::new();
    for &(name, rule, pointers) in BROKEN {
        let findings = lint_fixture(name);
        let found: Vec<(Rule, &Path, &str)> = findings
            .iter()
            .map(|finding| {
                (
                    finding.rule,
                    finding.file.as_path(),
                    finding.pointer.as_json_pointer(),
                )
            })
            .collect();
        let expected: Vec<(Rule, &Path, &str)> = pointers
            .iter()
            .map(|&pointer| (rule, Path::new(name), pointer))
            .collect();
        if found != expected {
            failures.push(format!(
                "{name}: expected {rule} at {pointers:?}, found:{}",
                show(&findings)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_breaking_fixture() {
    for rule in Rule::ALL {
        assert!(
            BROKEN.iter().any(|&(_, broken, _)| broken == rule),
            "no fixture breaks {rule}"
        );
    }
}

#[test]
fn every_fixture_file_is_listed() {
    let mut unlisted = Vec::new();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let listed = CLEAN.contains(&name.as_str()) || BROKEN.iter().any(|(n, ..)| *n == name);
        if !listed {
            unlisted.push(name);
        }
    }
    assert!(unlisted.is_empty(), "fixtures not tested: {unlisted:?}");
}

#[test]
fn findings_name_the_file_given_to_parse_and_render_as_file_and_fragment() {
    let name = "example_valid_request.yaml";
    let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
    let file = Path::new("specs").join(name);
    let findings = lint::lint(&spec::parse(&file, &text).unwrap());
    assert_eq!(findings.len(), 1, "{}", show(&findings));
    let finding = &findings[0];
    assert_eq!(finding.file, file);
    let rendered = finding.to_string();
    assert!(
        rendered.starts_with(
            "specs/example_valid_request.yaml#/paths/~1items/post/requestBody/content/\
             application~1json/examples/bolt/value: "
        ),
        "{rendered}"
    );
    assert!(rendered.ends_with(" [example-valid]"), "{rendered}");
    assert!(
        rendered.contains("/code"),
        "names the bad member: {rendered}"
    );
}

#[test]
fn every_real_spec_lints_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs = Vec::new();
    for entry in std::fs::read_dir(root.join("specs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "yaml") {
            specs.push(path);
        }
    }
    specs.sort();
    assert!(!specs.is_empty(), "no specs/*.yaml found");
    let mut failures = String::new();
    for path in &specs {
        let text = std::fs::read_to_string(path).unwrap();
        let spec = spec::parse(path, &text)
            .unwrap_or_else(|err| panic!("{} does not parse: {err}", path.display()));
        failures.push_str(&show(&lint::lint(&spec)));
    }
    assert!(failures.is_empty(), "real specs have findings:{failures}");
    // The default file list (every specs/*.yaml under --root) agrees.
    let findings = lint::lint_files(&root, &[]).unwrap();
    assert!(findings.is_empty(), "{}", show(&findings));
}

fn run_lint(root: &Path, files: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .arg("--root")
        .arg(root)
        .arg("lint")
        .args(files)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A scratch workspace holding the given fixtures as its specs.
fn workspace_with(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("specs")).unwrap();
    for name in names {
        std::fs::copy(fixtures().join(name), dir.path().join("specs").join(name)).unwrap();
    }
    dir
}

#[test]
fn cli_fails_on_a_broken_file_argument_printing_file_and_pointer() {
    let output = run_lint(&fixtures(), &["clean.yaml", "error_response.yaml"]);
    let err = stderr(&output);
    assert!(!output.status.success(), "{err}");
    assert!(
        err.contains("error_response.yaml#/paths/~1items~1{id}/get/responses: "),
        "{err}"
    );
    assert!(err.contains("[error-response]"), "{err}");
    assert!(err.contains("1 finding(s)"), "{err}");
    assert!(!err.contains("clean.yaml"), "{err}");
}

#[test]
fn cli_succeeds_on_clean_file_arguments() {
    let output = run_lint(&fixtures(), CLEAN);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "no findings"
    );
}

#[test]
fn cli_lints_every_spec_under_root_by_default() {
    let dir = workspace_with(&["clean.yaml", "doc_notes_pointer.yaml", "english.yaml"]);
    let output = run_lint(dir.path(), &[]);
    let err = stderr(&output);
    assert!(!output.status.success(), "{err}");
    assert!(
        err.contains("specs/doc_notes_pointer.yaml#/x-doc-notes/0/pointer: "),
        "{err}"
    );
    assert!(
        err.contains("specs/english.yaml#/components/schemas/Item/properties/name/description: "),
        "{err}"
    );
    assert!(err.contains("2 finding(s)"), "{err}");

    let clean = workspace_with(CLEAN);
    let output = run_lint(clean.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn cli_fails_on_a_missing_file() {
    let output = run_lint(&fixtures(), &["no_such_spec.yaml"]);
    let err = stderr(&output);
    assert!(!output.status.success());
    assert!(err.contains("no_such_spec.yaml"), "{err}");
}

/// Codegen names an operation without an operationId (`codegen/operation_id.rs`); our own
/// specs must still declare one.
#[test]
fn a_missing_operation_id_generates_but_stays_a_lint_finding() {
    let file = fixtures().join("operation_id_missing.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let spec = spec::parse(Path::new("operation_id_missing.yaml"), &text).unwrap();
    let code = generator::codegen::render(&spec).unwrap().code;
    assert!(code.contains("pub async fn get_items_id<'a>("), "{code}");
    let findings = lint::lint(&spec);
    assert!(
        findings
            .iter()
            .any(|finding| finding.rule == Rule::OperationId
                && finding.pointer.as_json_pointer() == "/paths/~1items~1{id}/get"),
        "{}",
        show(&findings)
    );
}

/// `lint` reads a spec split over several files as one document, its other files'
/// definitions inlined into components.
#[test]
fn lint_reads_specs_split_over_several_files() {
    let root = fixtures().parent().unwrap().to_path_buf();
    let findings = lint::lint_files(&root, &[PathBuf::from("multi_file/main.yaml")]).unwrap();
    assert!(
        findings
            .iter()
            .any(|finding| finding.rule == Rule::Description
                && finding.pointer.as_json_pointer() == "/components/schemas/pet"),
        "{}",
        show(&findings)
    );
}
