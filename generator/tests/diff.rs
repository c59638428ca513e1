//! `diff <old> <new>`: one fixture pair per kind of change. `fixtures/diff/base.yaml` is
//! the old version of every pair; each other file there is a copy of it with one change,
//! named after the change (its first line says what it is).
//!
//! Each test asserts the whole list of changes (kind, whether breaking, the bump, which
//! spec and where), then what the report concludes: the bump the changes demand and
//! whether the version number made it. The CLI tests run the built binary for the exit
//! code and the JSON output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use generator::publish::diff::{self, Bump, Change, ChangeKind, Report};
use generator::spec::{self, Spec};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(format!("{name}.yaml"))
}

fn parse(file: &Path, text: &str) -> Spec {
    spec::parse(file, text).unwrap_or_else(|err| panic!("{}: {err}", file.display()))
}

fn load(name: &str) -> Spec {
    let file = fixture(name);
    let text =
        std::fs::read_to_string(&file).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
    parse(&file, &text)
}

/// `base` against the fixture `changed`.
fn against_base(changed: &str) -> Report {
    diff::diff(&load("base"), &load(changed))
}

/// What one change must be. `breaking` is spelt out rather than derived from `bump`, so a
/// change classified breaking with a minor bump (or the reverse) fails.
struct Expect<'a> {
    kind: &'a str,
    breaking: bool,
    bump: Bump,
    /// `old` for removals (the pointer is into the old spec), `new` otherwise.
    side: &'a str,
    pointer: &'a str,
    operations: &'a [&'a str],
}

/// The report holds exactly the `expected` changes, in any order.
fn assert_changes(report: &Report, expected: &[Expect]) {
    let shown = report.render_text();
    assert_eq!(
        report.changes.len(),
        expected.len(),
        "expected {} change(s), got:\n{shown}",
        expected.len()
    );
    for expect in expected {
        let found: Vec<&Change> = report
            .changes
            .iter()
            .filter(|change| {
                change.kind.as_str() == expect.kind && change.pointer == expect.pointer
            })
            .collect();
        assert_eq!(
            found.len(),
            1,
            "no single {} at {} in:\n{shown}",
            expect.kind,
            expect.pointer
        );
        let change = found[0];
        assert_eq!(change.breaking, expect.breaking, "breaking of {change:?}");
        assert_eq!(change.bump, expect.bump, "bump of {change:?}");
        assert_eq!(change.side, expect.side, "side of {change:?}");
        assert_eq!(
            change.operations, expect.operations,
            "operations of {change:?}"
        );
    }
}

/// The bump the changes demand, and whether the report passes (every fixture but the
/// versioned ones keeps `info.version` at 1.0.0, so a breaking change fails).
fn assert_verdict(report: &Report, required_bump: Bump, ok: bool) {
    let shown = report.render_text();
    assert_eq!(report.required_bump, required_bump, "{shown}");
    assert_eq!(report.ok, ok, "{shown}");
    assert_eq!(
        report.breaking().count() > 0,
        required_bump == Bump::Major,
        "{shown}"
    );
}

/// Every operation that returns an `Order`.
const ORDER_READERS: &[&str] = &["GET /orders", "POST /orders", "GET /orders/{id}"];

#[test]
fn identical_specs_have_no_changes() {
    let report = against_base("base");
    assert_changes(&report, &[]);
    assert_verdict(&report, Bump::None, true);
    assert_eq!(report.version_bump, Bump::None);
    assert_eq!(
        (report.old_version.as_str(), report.new_version.as_str()),
        ("1.0.0", "1.0.0")
    );
}

#[test]
fn operation_added_is_minor() {
    let report = against_base("operation_added");
    assert_changes(
        &report,
        &[Expect {
            kind: "operation-added",
            breaking: false,
            bump: Bump::Minor,
            side: "new",
            pointer: "/paths/~1orders~1{id}/delete",
            operations: &[],
        }],
    );
    assert_verdict(&report, Bump::Minor, true);
}

#[test]
fn operation_removed_is_breaking() {
    let report = against_base("operation_removed");
    assert_changes(
        &report,
        &[Expect {
            kind: "operation-removed",
            breaking: true,
            bump: Bump::Major,
            side: "old",
            pointer: "/paths/~1orders~1{id}/get",
            operations: &[],
        }],
    );
    assert_verdict(&report, Bump::Major, false);
}

#[test]
fn a_breaking_change_needs_a_major_version_bump() {
    let minor = against_base("operation_removed_minor_version");
    assert_eq!(minor.new_version, "1.1.0");
    assert_eq!(minor.version_bump, Bump::Minor);
    assert_verdict(&minor, Bump::Major, false);

    let major = against_base("operation_removed_major_version");
    assert_eq!(major.new_version, "2.0.0");
    assert_eq!(major.version_bump, Bump::Major);
    assert_verdict(&major, Bump::Major, true);
    // The version number changes the verdict, not the changes found.
    assert_eq!(major.changes, against_base("operation_removed").changes);
}

#[test]
fn optional_request_property_added_is_minor() {
    let report = against_base("request_property_added_optional");
    assert_changes(
        &report,
        &[Expect {
            kind: "request-property-added-optional",
            breaking: false,
            bump: Bump::Minor,
            side: "new",
            pointer: "/components/schemas/NewOrder/properties/coupon",
            operations: &["POST /orders"],
        }],
    );
    assert_verdict(&report, Bump::Minor, true);
}

#[test]
fn required_request_property_added_is_breaking() {
    let report = against_base("request_property_added_required");
    assert_changes(
        &report,
        &[Expect {
            kind: "request-property-added-required",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/schemas/NewOrder/properties/coupon",
            operations: &["POST /orders"],
        }],
    );
    assert_verdict(&report, Bump::Major, false);
}

#[test]
fn response_property_removed_is_breaking() {
    let report = against_base("response_property_removed");
    assert_changes(
        &report,
        &[Expect {
            kind: "response-property-removed",
            breaking: true,
            bump: Bump::Major,
            side: "old",
            pointer: "/components/schemas/Order/properties/total",
            operations: ORDER_READERS,
        }],
    );
    assert_verdict(&report, Bump::Major, false);
}

#[test]
fn response_property_added_is_minor() {
    let report = against_base("response_property_added");
    assert_changes(
        &report,
        &[Expect {
            kind: "response-property-added",
            breaking: false,
            bump: Bump::Minor,
            side: "new",
            pointer: "/components/schemas/Order/properties/currency",
            operations: ORDER_READERS,
        }],
    );
    assert_verdict(&report, Bump::Minor, true);
}

#[test]
fn property_renamed_with_the_same_schema_is_one_breaking_rename() {
    let report = against_base("property_renamed");
    assert_changes(
        &report,
        &[Expect {
            kind: "request-property-renamed",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/schemas/NewOrder/properties/comment",
            operations: &["POST /orders"],
        }],
    );
    assert!(report.changes[0]
        .message
        .contains("`note` renamed to `comment`"));
    assert_verdict(&report, Bump::Major, false);
}

#[test]
fn property_renamed_to_another_case_is_one_breaking_rename() {
    let report = against_base("property_renamed_case");
    assert_changes(
        &report,
        &[Expect {
            kind: "response-property-renamed",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/schemas/Order/properties/createdAt",
            operations: ORDER_READERS,
        }],
    );
    assert_verdict(&report, Bump::Major, false);
}

#[test]
fn property_replaced_by_one_of_another_type_is_removed_and_added() {
    let report = against_base("property_replaced");
    assert_changes(
        &report,
        &[
            Expect {
                kind: "request-property-removed",
                breaking: true,
                bump: Bump::Major,
                side: "old",
                pointer: "/components/schemas/NewOrder/properties/note",
                operations: &["POST /orders"],
            },
            Expect {
                kind: "request-property-added-optional",
                breaking: false,
                bump: Bump::Minor,
                side: "new",
                pointer: "/components/schemas/NewOrder/properties/reference",
                operations: &["POST /orders"],
            },
        ],
    );
    assert_verdict(&report, Bump::Major, false);
}

#[test]
fn type_change_is_breaking() {
    let report = against_base("type_changed");
    assert_changes(
        &report,
        &[Expect {
            kind: "type-changed",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/schemas/NewOrder/properties/quantity",
            operations: &["POST /orders"],
        }],
    );
    assert!(report.changes[0].message.contains("integer became string"));
    assert_verdict(&report, Bump::Major, false);
}

#[test]
fn format_change_is_breaking() {
    let report = against_base("format_changed");
    assert_changes(
        &report,
        &[Expect {
            kind: "format-changed",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/schemas/Order/properties/created_at",
            operations: ORDER_READERS,
        }],
    );
    assert!(report.changes[0].message.contains("date-time became date"));
    assert_verdict(&report, Bump::Major, false);
}

#[test]
fn request_enum_value_removed_is_breaking() {
    let report = against_base("request_enum_value_removed");
    assert_changes(
        &report,
        &[Expect {
            kind: "request-enum-value-removed",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/schemas/NewOrder/properties/priority/enum",
            operations: &["POST /orders"],
        }],
    );
    assert_verdict(&report, Bump::Major, false);
}

#[test]
fn parameter_enum_value_removed_is_breaking() {
    // `Status` is a query parameter's schema: what the client sends.
    let report = against_base("parameter_enum_value_removed");
    assert_changes(
        &report,
        &[Expect {
            kind: "request-enum-value-removed",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/schemas/Status/enum",
            operations: &["GET /orders"],
        }],
    );
    assert_verdict(&report, Bump::Major, false);
}

#[test]
fn request_enum_value_added_is_minor() {
    let report = against_base("request_enum_value_added");
    assert_changes(
        &report,
        &[Expect {
            kind: "request-enum-value-added",
            breaking: false,
            bump: Bump::Minor,
            side: "new",
            pointer: "/components/schemas/NewOrder/properties/priority/enum",
            operations: &["POST /orders"],
        }],
    );
    assert_verdict(&report, Bump::Minor, true);
}

/// diff.rs: "a removed enum value breaks them in a request, an added one in a response":
/// a generated Rust enum has no variant for the new value, so the response no longer
/// deserialises. oasdiff only warns (`response-property-enum-value-added`, WARN).
#[test]
fn response_enum_value_added_is_breaking() {
    let report = against_base("response_enum_value_added");
    assert_changes(
        &report,
        &[Expect {
            kind: "response-enum-value-added",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/schemas/Order/properties/state/enum",
            operations: ORDER_READERS,
        }],
    );
    assert!(report.changes[0].message.contains("\"cancelled\""));
    assert_verdict(&report, Bump::Major, false);
}

#[test]
fn response_enum_value_removed_is_minor() {
    let report = against_base("response_enum_value_removed");
    assert_changes(
        &report,
        &[Expect {
            kind: "response-enum-value-removed",
            breaking: false,
            bump: Bump::Minor,
            side: "new",
            pointer: "/components/schemas/Order/properties/state/enum",
            operations: ORDER_READERS,
        }],
    );
    assert_verdict(&report, Bump::Minor, true);
}

#[test]
fn every_removed_enum_value_is_named() {
    let base = std::fs::read_to_string(fixture("base")).unwrap();
    let changed = base.replace("enum: [low, normal, high]", "enum: [low]");
    assert_ne!(changed, base);
    let report = diff::diff(
        &parse(&fixture("base"), &base),
        &parse(Path::new("two_values_removed.yaml"), &changed),
    );
    assert_eq!(report.changes.len(), 1, "{}", report.render_text());
    let message = &report.changes[0].message;
    assert!(
        message.contains("\"normal\"") && message.contains("\"high\""),
        "{message}"
    );
}

#[test]
fn required_parameter_added_is_breaking() {
    let report = against_base("parameter_added_required");
    assert_changes(
        &report,
        &[Expect {
            kind: "parameter-added-required",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/paths/~1orders/get/parameters/1",
            operations: &["GET /orders"],
        }],
    );
    assert_verdict(&report, Bump::Major, false);
}

#[test]
fn error_response_removed_is_minor() {
    let report = against_base("response_status_removed");
    assert_changes(
        &report,
        &[Expect {
            kind: "response-non-success-status-removed",
            breaking: false,
            bump: Bump::Minor,
            side: "old",
            pointer: "/paths/~1orders~1{id}/get/responses/404",
            operations: &["GET /orders/{id}"],
        }],
    );
    assert_verdict(&report, Bump::Minor, true);
}

#[test]
fn security_scheme_changed_is_breaking() {
    // The API key moves from a header to the query string.
    let report = against_base("auth_scheme_changed");
    assert_changes(
        &report,
        &[Expect {
            kind: "security-scheme-changed",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/securitySchemes/apiKey",
            operations: &[],
        }],
    );
    assert_verdict(&report, Bump::Major, false);
}

#[test]
fn security_requirement_replaced_is_breaking() {
    // The API key gives way to a bearer token, a new scheme.
    let report = against_base("auth_requirement_changed");
    assert_changes(
        &report,
        &[
            Expect {
                kind: "security-changed",
                breaking: true,
                bump: Bump::Major,
                side: "new",
                pointer: "/security",
                operations: &[],
            },
            Expect {
                kind: "security-scheme-added",
                breaking: false,
                bump: Bump::Minor,
                side: "new",
                pointer: "/components/securitySchemes/bearer",
                operations: &[],
            },
        ],
    );
    assert_verdict(&report, Bump::Major, false);
}

/// A public operation (`security: []`) that now follows the root requirement: anonymous
/// clients are refused. (Once classified as relaxed: the empty set of alternatives is a
/// subset of every set.)
#[test]
fn authentication_required_where_there_was_none_is_breaking() {
    let report = against_base("auth_added");
    assert_changes(
        &report,
        &[Expect {
            kind: "security-changed",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/paths/~1health/get/security",
            operations: &["GET /health"],
        }],
    );
    assert_verdict(&report, Bump::Major, false);
}

#[test]
fn anonymous_access_allowed_is_minor() {
    let report = against_base("auth_relaxed");
    assert_changes(
        &report,
        &[Expect {
            kind: "security-relaxed",
            breaking: false,
            bump: Bump::Minor,
            side: "new",
            pointer: "/security",
            operations: &[],
        }],
    );
    assert!(report.changes[0].message.contains("became none or apiKey"));
    assert_verdict(&report, Bump::Minor, true);
}

/// Descriptions and examples are no contract: one patch-level change for the document.
#[test]
fn description_only_change_is_patch() {
    let report = against_base("description_changed");
    assert_changes(
        &report,
        &[Expect {
            kind: "documentation-changed",
            breaking: false,
            bump: Bump::Patch,
            side: "new",
            pointer: "",
            operations: &[],
        }],
    );
    assert_verdict(&report, Bump::Patch, true);
}

/// `Status` renamed `OrderStatus` and the inline `priority` enum moved to
/// `components/schemas/Priority`: `$ref`s are followed, so the contract is unchanged and
/// only the document differs (a patch, as for a description).
#[test]
fn schema_moved_between_components_is_no_contract_change() {
    let report = against_base("ref_moved");
    assert_changes(
        &report,
        &[Expect {
            kind: "documentation-changed",
            breaking: false,
            bump: Bump::Patch,
            side: "new",
            pointer: "",
            operations: &[],
        }],
    );
    assert_verdict(&report, Bump::Patch, true);
}

/// `/orders/{id}` became `/orders/{orderId}`: the same operation and the same parameter on
/// the wire. (Once reported as `path id` removed and a required `path orderId` added.)
#[test]
fn path_parameter_renamed_is_no_contract_change() {
    let report = against_base("path_parameter_renamed");
    assert_changes(
        &report,
        &[Expect {
            kind: "documentation-changed",
            breaking: false,
            bump: Bump::Patch,
            side: "new",
            pointer: "",
            operations: &[],
        }],
    );
    assert_verdict(&report, Bump::Patch, true);
}

/// Swapping old and new turns an addition into the matching removal, with the opposite
/// classification where direction matters.
#[test]
fn reversed_pairs_reverse_the_classification() {
    let reversed = |changed: &str| diff::diff(&load(changed), &load("base"));
    let cases = [
        ("operation_added", "operation-removed", Bump::Major),
        ("operation_removed", "operation-added", Bump::Minor),
        (
            "response_property_added",
            "response-property-removed",
            Bump::Major,
        ),
        (
            "request_enum_value_added",
            "request-enum-value-removed",
            Bump::Major,
        ),
        (
            "request_enum_value_removed",
            "request-enum-value-added",
            Bump::Minor,
        ),
        (
            "response_enum_value_added",
            "response-enum-value-removed",
            Bump::Minor,
        ),
        (
            "response_enum_value_removed",
            "response-enum-value-added",
            Bump::Major,
        ),
        ("auth_added", "security-relaxed", Bump::Minor),
        ("auth_relaxed", "security-changed", Bump::Major),
    ];
    for (changed, kind, bump) in cases {
        let report = reversed(changed);
        let kinds: Vec<(&str, Bump)> = report
            .changes
            .iter()
            .map(|change| (change.kind.as_str(), change.bump))
            .collect();
        assert_eq!(kinds, [(kind, bump)], "{changed} reversed");
    }
}

fn real_specs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 5, "specs/ holds {specs:?}");
    specs
}

#[test]
fn every_real_spec_is_unchanged_against_itself() {
    for file in real_specs() {
        let text = std::fs::read_to_string(&file).unwrap();
        let spec = parse(&file, &text);
        let report = diff::diff(&spec, &spec);
        assert_changes(&report, &[]);
        assert_verdict(&report, Bump::None, true);
    }
}

/// Unrelated APIs against each other: everything differs, nothing panics, and the verdict
/// follows from the changes.
#[test]
fn real_specs_against_each_other_do_not_panic() {
    let specs: Vec<Spec> = real_specs()
        .iter()
        .map(|file| parse(file, &std::fs::read_to_string(file).unwrap()))
        .collect();
    for old in &specs {
        for new in &specs {
            let report = diff::diff(old, new);
            let required = report.changes.iter().map(|c| c.bump).max();
            assert_eq!(report.required_bump, required.unwrap_or(Bump::None));
            assert_eq!(
                report.ok,
                report.required_bump < Bump::Major || report.version_bump == Bump::Major
            );
            if old.file != new.file {
                assert!(
                    report.required_bump == Bump::Major,
                    "{}",
                    report.render_text()
                );
            }
            serde_json::to_string(&report).expect("a report serialises");
        }
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(args)
        .output()
        .expect("the generator binary runs")
}

fn run_diff(old: &str, new: &str, json: bool) -> Output {
    let (old, new) = (fixture(old), fixture(new));
    let mut args = vec!["diff", old.to_str().unwrap(), new.to_str().unwrap()];
    if json {
        args.extend(["--format", "json"]);
    }
    run(&args)
}

fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "stdout is not JSON ({err}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

#[test]
fn cli_json_report() {
    let output = run_diff("base", "operation_removed_minor_version", true);
    assert_eq!(output.status.code(), Some(1));
    let report = stdout_json(&output);
    assert!(report["old_file"].as_str().unwrap().ends_with("base.yaml"));
    assert!(report["new_file"]
        .as_str()
        .unwrap()
        .ends_with("operation_removed_minor_version.yaml"));
    assert_eq!(report["old_version"], "1.0.0");
    assert_eq!(report["new_version"], "1.1.0");
    assert_eq!(report["required_bump"], "major");
    assert_eq!(report["version_bump"], "minor");
    assert_eq!(report["ok"], false);
    let changes = report["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{report:#}");
    let change = &changes[0];
    assert_eq!(change["kind"], "operation-removed");
    assert_eq!(change["breaking"], true);
    assert_eq!(change["bump"], "major");
    assert_eq!(change["pointer"], "/paths/~1orders~1{id}/get");
    assert_eq!(change["side"], "old");
    assert_eq!(change["operations"], Value::Array(Vec::new()));
    assert!(change["message"]
        .as_str()
        .unwrap()
        .contains("GET /orders/{id}"));
}

#[test]
fn cli_json_lists_operations_and_lowercase_bumps() {
    let output = run_diff("base", "request_property_added_optional", true);
    assert_eq!(output.status.code(), Some(0));
    let report = stdout_json(&output);
    assert_eq!(report["required_bump"], "minor");
    assert_eq!(report["version_bump"], "none");
    assert_eq!(report["ok"], true);
    assert_eq!(
        report["changes"][0]["kind"],
        "request-property-added-optional"
    );
    assert_eq!(report["changes"][0]["breaking"], false);
    assert_eq!(report["changes"][0]["operations"][0], "POST /orders");
}

#[test]
fn cli_fails_on_a_breaking_change_without_a_major_bump() {
    for changed in ["operation_removed", "operation_removed_minor_version"] {
        let output = run_diff("base", changed, false);
        assert_eq!(output.status.code(), Some(1), "{changed}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("FAIL"), "{text}");
        assert!(text.contains("BREAKING major operation-removed"), "{text}");
    }
}

#[test]
fn cli_passes_a_breaking_change_with_a_major_bump() {
    let output = run_diff("base", "operation_removed_major_version", false);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains("FAIL"), "{text}");
    assert!(text.contains("BREAKING major operation-removed"), "{text}");

    let json = stdout_json(&run_diff("base", "operation_removed_major_version", true));
    assert_eq!(
        (&json["ok"], &json["version_bump"]),
        (&Value::Bool(true), &"major".into())
    );
}

#[test]
fn cli_passes_non_breaking_changes_without_a_version_bump() {
    let output = run_diff("base", "operation_added", false);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn cli_passes_identical_specs() {
    let output = run_diff("base", "base", true);
    assert_eq!(output.status.code(), Some(0));
    let report = stdout_json(&output);
    assert_eq!(report["changes"], Value::Array(Vec::new()));
    assert_eq!(report["required_bump"], "none");
    assert_eq!(report["ok"], true);

    let text = run_diff("base", "base", false);
    assert_eq!(text.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&text.stdout).contains("0 change(s)"));
}

#[test]
fn cli_fails_on_a_file_that_is_not_a_spec() {
    let missing = fixture("no_such_file");
    let output = run(&[
        "diff",
        fixture("base").to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no_such_file.yaml"));
}

#[test]
fn a_changed_rust_binding_breaks_code_built_on_the_generated_client() {
    let report = against_base("rust_binding_added");
    assert_changes(
        &report,
        &[Expect {
            kind: "rust-binding-changed",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/schemas/NewOrder/properties/sku/x-rust-name",
            operations: &[],
        }],
    );
    assert!(!report.ok);
}

/// `relation/base` against `relation/<changed>`: the `oneOf` and `additionalProperties` pairs.
fn against_relation_base(changed: &str) -> Report {
    diff::diff(
        &load("relation/base"),
        &load(&format!("relation/{changed}")),
    )
}

#[test]
fn an_alternative_added_to_a_response_breaks_decoding() {
    assert_changes(
        &against_relation_base("response_alternative_added"),
        &[Expect {
            kind: "response-alternative-added",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/schemas/Invoice/properties/customer/oneOf/2",
            operations: &["GET /invoices/{id}"],
        }],
    );
}

#[test]
fn an_alternative_removed_from_a_request_breaks_senders() {
    assert_changes(
        &against_relation_base("request_alternative_removed"),
        &[Expect {
            kind: "request-alternative-removed",
            breaking: true,
            bump: Bump::Major,
            side: "old",
            pointer: "/components/schemas/NewInvoice/properties/customer/oneOf/1",
            operations: &["POST /invoices"],
        }],
    );
}

#[test]
fn a_change_inside_an_alternative_is_found() {
    assert_changes(
        &against_relation_base("alternative_member_changed"),
        &[Expect {
            kind: "type-changed",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/schemas/Customer/properties/name",
            operations: &["GET /invoices/{id}", "POST /invoices"],
        }],
    );
}

#[test]
fn closing_an_open_object_removes_the_generated_extra_field() {
    assert_changes(
        &against_relation_base("open_object_closed"),
        &[Expect {
            kind: "additional-properties-changed",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/schemas/Invoice",
            operations: &["GET /invoices/{id}"],
        }],
    );
}

#[test]
fn map_value_schemas_are_compared_like_schemas() {
    assert_changes(
        &against_relation_base("request_map_values_retyped"),
        &[Expect {
            kind: "type-changed",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/schemas/NewInvoice/properties/metadata/additionalProperties",
            operations: &["POST /invoices"],
        }],
    );
}

#[test]
fn a_default_added_to_a_request_field_documents_it() {
    assert_changes(
        &against_base("request_default_added"),
        &[Expect {
            kind: "request-default-added",
            breaking: false,
            bump: Bump::Minor,
            side: "new",
            pointer: "/components/schemas/NewOrder/properties/priority",
            operations: &["POST /orders"],
        }],
    );
}

#[test]
fn a_changed_request_default_changes_what_an_omitted_value_means() {
    let report = diff::diff(
        &load("request_default_added"),
        &load("request_default_changed"),
    );
    assert_changes(
        &report,
        &[Expect {
            kind: "request-default-changed",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/components/schemas/NewOrder/properties/priority",
            operations: &["POST /orders"],
        }],
    );
}

/// `headers/base` against `headers/<changed>`: the response-header pairs.
fn against_headers_base(changed: &str) -> Report {
    diff::diff(&load("headers/base"), &load(&format!("headers/{changed}")))
}

#[test]
fn response_headers_are_compared() {
    let cases = [
        (
            "required_header_removed",
            "response-required-header-removed",
            true,
            Bump::Major,
            "old",
            "/paths/~1invoices/get/responses/200/headers/X-Request-Id",
        ),
        (
            "optional_header_removed",
            "response-optional-header-removed",
            false,
            Bump::Minor,
            "old",
            "/components/responses/TooManyRequests/headers/Retry-After",
        ),
        (
            "header_became_optional",
            "response-header-became-optional",
            true,
            Bump::Major,
            "new",
            "/paths/~1invoices/get/responses/200/headers/X-Request-Id",
        ),
        (
            "header_retyped",
            "type-changed",
            true,
            Bump::Major,
            "new",
            "/components/responses/TooManyRequests/headers/retry-after/schema",
        ),
    ];
    for (fixture, kind, breaking, bump, side, pointer) in cases {
        assert_changes(
            &against_headers_base(fixture),
            &[Expect {
                kind,
                breaking,
                bump,
                side,
                pointer,
                operations: &["GET /invoices"],
            }],
        );
    }
}

#[test]
fn exclusive_bounds_tighten_and_relax() {
    let base = load("bounds/base");
    let cases = [
        (
            "request_minimum_made_exclusive",
            "request-constraint-tightened",
            "/components/schemas/NewOrder/properties/quantity/exclusiveMinimum",
        ),
        (
            "response_maximum_made_inclusive",
            "response-constraint-relaxed",
            "/components/schemas/Order/properties/total/exclusiveMaximum",
        ),
    ];
    for (fixture, kind, pointer) in cases {
        assert_changes(
            &diff::diff(&base, &load(&format!("bounds/{fixture}"))),
            &[Expect {
                kind,
                breaking: true,
                bump: Bump::Major,
                side: "new",
                pointer,
                operations: &["POST /orders"],
            }],
        );
    }
}

#[test]
fn a_body_that_loses_its_schema_breaks_readers() {
    assert_changes(
        &diff::diff(
            &load("bounds/base"),
            &load("bounds/response_schema_removed"),
        ),
        &[Expect {
            kind: "response-body-schema-removed",
            breaking: true,
            bump: Bump::Major,
            side: "old",
            pointer: "/paths/~1orders/post/responses/200/content/application~1json/schema",
            operations: &["POST /orders"],
        }],
    );
}

#[test]
fn a_request_body_that_becomes_optional_is_minor() {
    let report = against_base("request_body_optional");
    assert_changes(
        &report,
        &[Expect {
            kind: "request-body-became-optional",
            breaking: false,
            bump: Bump::Minor,
            side: "new",
            pointer: "/paths/~1orders/post/requestBody",
            operations: &["POST /orders"],
        }],
    );
    assert_verdict(&report, Bump::Minor, true);
}

/// The day the lifecycle fixtures are judged on: their 2030-01-01 sunsets are to come, their
/// 2020-01-01 and 2025-01-01 ones have passed.
fn fixture_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

/// `lifecycle/base` against `lifecycle/<changed>`, as on [`fixture_today`].
fn against_lifecycle_base(changed: &str) -> Report {
    diff::diff_on(
        &load("lifecycle/base"),
        &load(&format!("lifecycle/{changed}")),
        fixture_today(),
    )
}

#[test]
fn removing_a_deprecated_operation_breaks_only_before_its_sunset() {
    let report = against_lifecycle_base("operations_removed");
    assert_changes(
        &report,
        &[
            Expect {
                kind: "operation-removed-before-sunset",
                breaking: true,
                bump: Bump::Major,
                side: "old",
                pointer: "/paths/~1orders~1{id}/get",
                operations: &[],
            },
            Expect {
                kind: "deprecated-operation-removed",
                breaking: false,
                bump: Bump::Minor,
                side: "old",
                pointer: "/paths/~1orders~1{id}/delete",
                operations: &[],
            },
            Expect {
                kind: "deprecated-operation-removed",
                breaking: false,
                bump: Bump::Minor,
                side: "old",
                pointer: "/paths/~1legacy/get",
                operations: &[],
            },
        ],
    );
    assert_verdict(&report, Bump::Major, false);

    // Once the sunset has passed, the same removal is what the deprecation announced.
    let after_sunset = diff::diff_on(
        &load("lifecycle/base"),
        &load("lifecycle/operations_removed"),
        NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
    );
    assert_verdict(&after_sunset, Bump::Minor, true);
    assert!(after_sunset
        .changes
        .iter()
        .all(|change| change.kind == ChangeKind::DeprecatedOperationRemoved));
}

#[test]
fn removing_a_deprecated_parameter_breaks_only_before_its_sunset() {
    let report = against_lifecycle_base("parameters_removed");
    let at = |index: u8| format!("/paths/~1orders/get/parameters/{index}");
    let (status, legacy, page) = (at(0), at(1), at(2));
    assert_changes(
        &report,
        &[
            Expect {
                kind: "parameter-removed-before-sunset",
                breaking: true,
                bump: Bump::Major,
                side: "old",
                pointer: &status,
                operations: &["GET /orders"],
            },
            Expect {
                kind: "deprecated-parameter-removed",
                breaking: false,
                bump: Bump::Minor,
                side: "old",
                pointer: &legacy,
                operations: &["GET /orders"],
            },
            Expect {
                kind: "parameter-removed",
                breaking: true,
                bump: Bump::Major,
                side: "old",
                pointer: &page,
                operations: &["GET /orders"],
            },
        ],
    );
}

#[test]
fn removing_a_deprecated_property_breaks_only_before_its_sunset() {
    let report = against_lifecycle_base("properties_removed");
    assert_changes(
        &report,
        &[
            Expect {
                kind: "property-removed-before-sunset",
                breaking: true,
                bump: Bump::Major,
                side: "old",
                pointer: "/components/schemas/NewOrder/properties/note",
                operations: &["POST /orders"],
            },
            Expect {
                kind: "deprecated-property-removed",
                breaking: false,
                bump: Bump::Minor,
                side: "old",
                pointer: "/components/schemas/NewOrder/properties/code",
                operations: &["POST /orders"],
            },
        ],
    );
}

#[test]
fn a_deprecation_is_minor_unless_its_sunset_has_passed() {
    let report = against_lifecycle_base("deprecated");
    assert_changes(
        &report,
        &[
            Expect {
                kind: "operation-deprecated",
                breaking: false,
                bump: Bump::Minor,
                side: "new",
                pointer: "/paths/~1health/get",
                operations: &["GET /health"],
            },
            Expect {
                kind: "parameter-deprecated",
                breaking: false,
                bump: Bump::Minor,
                side: "new",
                pointer: "/paths/~1orders/get/parameters/2",
                operations: &["GET /orders"],
            },
            Expect {
                kind: "deprecated-with-past-sunset",
                breaking: true,
                bump: Bump::Major,
                side: "new",
                pointer: "/components/schemas/NewOrder/properties/sku",
                operations: &["POST /orders"],
            },
        ],
    );
}

#[test]
fn a_sunset_brought_forward_breaks_and_a_postponed_one_does_not() {
    let report = against_lifecycle_base("sunsets_changed");
    assert_changes(
        &report,
        &[
            Expect {
                kind: "sunset-brought-forward",
                breaking: true,
                bump: Bump::Major,
                side: "new",
                pointer: "/paths/~1orders~1{id}/get",
                operations: &["GET /orders/{id}"],
            },
            Expect {
                kind: "sunset-brought-forward",
                breaking: true,
                bump: Bump::Major,
                side: "new",
                pointer: "/paths/~1orders/get/parameters/0",
                operations: &["GET /orders"],
            },
            Expect {
                kind: "sunset-postponed",
                breaking: false,
                bump: Bump::Patch,
                side: "new",
                pointer: "/paths/~1orders/get/parameters/1",
                operations: &["GET /orders"],
            },
            Expect {
                kind: "sunset-postponed",
                breaking: false,
                bump: Bump::Patch,
                side: "new",
                pointer: "/components/schemas/NewOrder/properties/note",
                operations: &["POST /orders"],
            },
            Expect {
                kind: "sunset-invalid",
                breaking: true,
                bump: Bump::Major,
                side: "new",
                pointer: "/components/schemas/NewOrder/properties/code",
                operations: &["POST /orders"],
            },
            Expect {
                kind: "operation-reactivated",
                breaking: false,
                bump: Bump::Patch,
                side: "new",
                pointer: "/paths/~1legacy/get",
                operations: &["GET /legacy"],
            },
        ],
    );
    let invalid = report
        .changes
        .iter()
        .find(|change| change.kind == ChangeKind::SunsetInvalid)
        .unwrap();
    assert!(
        invalid.message.contains("\"next spring\""),
        "{}",
        invalid.message
    );
}

/// `<family>/base` against `<family>/<changed>`.
fn against_family_base(family: &str, changed: &str) -> Report {
    diff::diff(
        &load(&format!("{family}/base")),
        &load(&format!("{family}/{changed}")),
    )
}

/// Account is sent by POST /accounts and received from GET /accounts/{id}.
const ACCOUNT: &str = "/components/schemas/Account/properties";

#[test]
fn a_property_that_becomes_read_only_can_no_longer_be_sent() {
    let at = format!("{ACCOUNT}/name");
    assert_changes(
        &against_family_base("access", "name_read_only"),
        &[
            Expect {
                kind: "request-property-became-read-only",
                breaking: true,
                bump: Bump::Major,
                side: "new",
                pointer: &at,
                operations: &["POST /accounts"],
            },
            Expect {
                kind: "response-property-became-read-only",
                breaking: false,
                bump: Bump::Patch,
                side: "new",
                pointer: &at,
                operations: &["GET /accounts/{id}"],
            },
        ],
    );
}

#[test]
fn a_property_that_becomes_write_only_is_no_longer_received() {
    let at = format!("{ACCOUNT}/email");
    assert_changes(
        &against_family_base("access", "email_write_only"),
        &[
            Expect {
                kind: "response-property-became-write-only",
                breaking: true,
                bump: Bump::Major,
                side: "new",
                pointer: &at,
                operations: &["GET /accounts/{id}"],
            },
            Expect {
                kind: "request-property-became-write-only",
                breaking: false,
                bump: Bump::Patch,
                side: "new",
                pointer: &at,
                operations: &["POST /accounts"],
            },
        ],
    );
}

#[test]
fn read_only_and_write_only_removed_give_a_property_back() {
    let (id, password) = (format!("{ACCOUNT}/id"), format!("{ACCOUNT}/password"));
    let report = against_family_base("access", "flags_removed");
    assert_changes(
        &report,
        &[
            Expect {
                kind: "request-property-became-not-read-only",
                breaking: false,
                bump: Bump::Minor,
                side: "new",
                pointer: &id,
                operations: &["POST /accounts"],
            },
            Expect {
                kind: "response-property-became-not-read-only",
                breaking: false,
                bump: Bump::Patch,
                side: "new",
                pointer: &id,
                operations: &["GET /accounts/{id}"],
            },
            Expect {
                kind: "response-property-became-not-write-only",
                breaking: false,
                bump: Bump::Minor,
                side: "new",
                pointer: &password,
                operations: &["GET /accounts/{id}"],
            },
            Expect {
                kind: "request-property-became-not-write-only",
                breaking: false,
                bump: Bump::Patch,
                side: "new",
                pointer: &password,
                operations: &["POST /accounts"],
            },
        ],
    );
    assert_verdict(&report, Bump::Minor, true);
}

/// Pet is sent by POST /pets and received from GET /pets/{id}.
const DISCRIMINATOR: &str = "/components/schemas/Pet/discriminator";

/// The discriminator fixtures change Pet, which travels both ways: each change is one
/// `request-<kind>` and one `response-<kind>` change at the same place.
fn assert_both_ways(
    report: &Report,
    kind: &str,
    (side, pointer): (&str, &str),
    (request, response): (Bump, Bump),
) {
    let (request_kind, response_kind) = (format!("request-{kind}"), format!("response-{kind}"));
    assert_changes(
        report,
        &[
            Expect {
                kind: &request_kind,
                breaking: request == Bump::Major,
                bump: request,
                side,
                pointer,
                operations: &["POST /pets"],
            },
            Expect {
                kind: &response_kind,
                breaking: response == Bump::Major,
                bump: response,
                side,
                pointer,
                operations: &["GET /pets/{id}"],
            },
        ],
    );
}

#[test]
fn discriminator_changes_are_classified_like_enum_changes() {
    let cases = [
        // A value old clients cannot map breaks readers and extends what senders may send.
        (
            "mapping_added",
            "discriminator-mapping-added",
            ("new", "/mapping/kitten"),
            (Bump::Minor, Bump::Major),
        ),
        (
            "mapping_removed",
            "discriminator-mapping-removed",
            ("old", "/mapping/dog"),
            (Bump::Major, Bump::Minor),
        ),
        (
            "mapping_changed",
            "discriminator-mapping-changed",
            ("new", "/mapping/dog"),
            (Bump::Major, Bump::Major),
        ),
        (
            "property_renamed",
            "discriminator-property-changed",
            ("new", "/propertyName"),
            (Bump::Major, Bump::Major),
        ),
        (
            "removed",
            "discriminator-removed",
            ("old", ""),
            (Bump::Minor, Bump::Major),
        ),
    ];
    for (fixture, kind, (side, at), bumps) in cases {
        let report = against_family_base("discriminator", fixture);
        assert_both_ways(
            &report,
            kind,
            (side, &format!("{DISCRIMINATOR}{at}")),
            bumps,
        );
    }
    // Adding a discriminator is the reverse of removing one.
    let added = diff::diff(&load("discriminator/removed"), &load("discriminator/base"));
    let added_at = ("new", DISCRIMINATOR);
    assert_both_ways(
        &added,
        "discriminator-added",
        added_at,
        (Bump::Major, Bump::Minor),
    );
}

#[test]
fn a_discriminator_target_moved_between_components_is_no_change() {
    // Only the document changed, as when any schema moves (`ref_moved`).
    let report = against_family_base("discriminator", "target_moved");
    assert_changes(
        &report,
        &[Expect {
            kind: "documentation-changed",
            breaking: false,
            bump: Bump::Patch,
            side: "new",
            pointer: "",
            operations: &[],
        }],
    );
}

#[test]
fn a_scope_added_to_a_requirement_breaks_old_tokens() {
    let report = against_family_base("scopes", "requirement_scope_added");
    assert_changes(
        &report,
        &[Expect {
            kind: "security-scope-added",
            breaking: true,
            bump: Bump::Major,
            side: "new",
            pointer: "/paths/~1orders/post/security/0/oauth",
            operations: &["POST /orders"],
        }],
    );
    assert!(report.changes[0].message.contains("`admin`"));
    // The reverse asks for a scope less.
    let reversed = diff::diff(
        &load("scopes/requirement_scope_added"),
        &load("scopes/base"),
    );
    assert_eq!(reversed.changes[0].kind, ChangeKind::SecurityScopeRemoved);
    assert_verdict(&reversed, Bump::Minor, true);
}

#[test]
fn a_scope_removed_from_the_root_requirement_is_minor() {
    let report = against_family_base("scopes", "requirement_scope_removed");
    assert_changes(
        &report,
        &[Expect {
            kind: "security-scope-removed",
            breaking: false,
            bump: Bump::Minor,
            side: "new",
            pointer: "/security/0/oauth",
            operations: &[],
        }],
    );
}

#[test]
fn a_scope_a_flow_no_longer_offers_breaks_and_a_new_one_does_not() {
    let scopes = "/components/securitySchemes/oauth/flows/clientCredentials/scopes";
    assert_changes(
        &against_family_base("scopes", "flow_scope_removed"),
        &[Expect {
            kind: "security-scheme-scope-removed",
            breaking: true,
            bump: Bump::Major,
            side: "old",
            pointer: &format!("{scopes}/admin"),
            operations: &[],
        }],
    );
    assert_changes(
        &against_family_base("scopes", "flow_scope_added"),
        &[Expect {
            kind: "security-scheme-scope-added",
            breaking: false,
            bump: Bump::Minor,
            side: "new",
            pointer: &format!("{scopes}/export"),
            operations: &[],
        }],
    );
}

#[test]
fn a_scope_described_in_other_words_is_documentation() {
    let report = against_family_base("scopes", "scope_described");
    assert_changes(
        &report,
        &[Expect {
            kind: "documentation-changed",
            breaking: false,
            bump: Bump::Patch,
            side: "new",
            pointer: "",
            operations: &[],
        }],
    );
}

/// `stability/base` against `stability/<changed>`, as on [`fixture_today`], under `policy`.
fn against_stability_base(changed: &str, policy: diff::SunsetPolicy) -> Report {
    diff::diff_with(
        &load("stability/base"),
        &load(&format!("stability/{changed}")),
        fixture_today(),
        policy,
    )
}

#[test]
fn a_stability_level_lowered_from_beta_or_stable_breaks() {
    let report = against_stability_base("levels_changed", diff::SunsetPolicy::default());
    assert_changes(
        &report,
        &[
            // No level is `stable`.
            Expect {
                kind: "operation-stability-decreased",
                breaking: true,
                bump: Bump::Major,
                side: "new",
                pointer: "/paths/~1reports/get/x-stability-level",
                operations: &["GET /reports"],
            },
            Expect {
                kind: "operation-stability-changed",
                breaking: false,
                bump: Bump::Patch,
                side: "new",
                pointer: "/paths/~1previews/get/x-stability-level",
                operations: &["GET /previews"],
            },
            // oasdiff's default threshold leaves alpha and draft unchecked.
            Expect {
                kind: "operation-stability-changed",
                breaking: false,
                bump: Bump::Patch,
                side: "new",
                pointer: "/paths/~1drafts/get/x-stability-level",
                operations: &["GET /drafts"],
            },
            Expect {
                kind: "schema-stability-decreased",
                breaking: true,
                bump: Bump::Major,
                side: "new",
                pointer: "/components/schemas/Report/properties/score/x-stability-level",
                operations: &["GET /reports"],
            },
            Expect {
                kind: "stability-level-invalid",
                breaking: true,
                bump: Bump::Major,
                side: "new",
                pointer: "/components/schemas/NewReport/properties/note/x-stability-level",
                operations: &["POST /reports"],
            },
        ],
    );
    assert_verdict(&report, Bump::Major, false);
    let messages: Vec<&str> = report.changes.iter().map(|c| c.message.as_str()).collect();
    assert!(
        messages.contains(&"operation GET /reports: stability decreased from stable to beta"),
        "{messages:?}"
    );
    // Backwards, only GET /previews (stable to beta) is lowered from beta or stable.
    let reversed = diff::diff_on(
        &load("stability/levels_changed"),
        &load("stability/base"),
        fixture_today(),
    );
    let decreased: Vec<&str> = reversed
        .changes
        .iter()
        .filter(|c| c.kind.breaking())
        .map(|c| c.pointer.as_str())
        .collect();
    assert_eq!(
        decreased,
        ["/paths/~1previews/get/x-stability-level"],
        "{}",
        reversed.render_text()
    );
}

#[test]
fn a_value_removed_from_a_request_extensible_enum_breaks() {
    let report = against_stability_base("extensible_enum_changed", diff::SunsetPolicy::default());
    assert_changes(
        &report,
        &[
            Expect {
                kind: "request-extensible-enum-value-removed",
                breaking: true,
                bump: Bump::Major,
                side: "new",
                pointer: "/paths/~1reports/get/parameters/0/schema/x-extensible-enum",
                operations: &["GET /reports"],
            },
            Expect {
                kind: "extensible-enum-value-added",
                breaking: false,
                bump: Bump::Minor,
                side: "new",
                pointer: "/paths/~1reports/get/parameters/0/schema/x-extensible-enum",
                operations: &["GET /reports"],
            },
            Expect {
                kind: "response-extensible-enum-value-removed",
                breaking: false,
                bump: Bump::Minor,
                side: "new",
                pointer: "/components/schemas/Report/properties/status/x-extensible-enum",
                operations: &["GET /reports"],
            },
        ],
    );
    assert_verdict(&report, Bump::Major, false);
    let removed = report
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::RequestExtensibleEnumValueRemoved)
        .unwrap();
    assert!(
        removed
            .message
            .ends_with("x-extensible-enum value \"weekly\" removed"),
        "{}",
        removed.message
    );
}

#[test]
fn a_sunset_policy_asks_a_sunset_far_enough_ahead() {
    // oasdiff's `--deprecation-days-stable 180 --deprecation-days-beta 31`.
    let policy = diff::SunsetPolicy {
        stable_days: 180,
        beta_days: 31,
    };
    let report = against_stability_base("deprecated_under_policy", policy);
    assert_changes(
        &report,
        &[
            // 2026-08-01 is 61 days after 2026-06-01: too soon for a stable operation...
            Expect {
                kind: "sunset-too-soon",
                breaking: true,
                bump: Bump::Major,
                side: "new",
                pointer: "/paths/~1reports/get",
                operations: &["GET /reports"],
            },
            // ... whose parameters need a sunset too.
            Expect {
                kind: "deprecated-without-sunset",
                breaking: true,
                bump: Bump::Major,
                side: "new",
                pointer: "/paths/~1reports/get/parameters/0",
                operations: &["GET /reports"],
            },
            // Enough for a beta one.
            Expect {
                kind: "operation-deprecated",
                breaking: false,
                bump: Bump::Minor,
                side: "new",
                pointer: "/paths/~1previews/get",
                operations: &["GET /previews"],
            },
            // An alpha one needs no notice.
            Expect {
                kind: "operation-deprecated",
                breaking: false,
                bump: Bump::Minor,
                side: "new",
                pointer: "/paths/~1drafts/get",
                operations: &["GET /drafts"],
            },
        ],
    );
    assert_verdict(&report, Bump::Major, false);

    // Without a policy (oasdiff's default, 0 days) the same deprecations are minor.
    let report = against_stability_base("deprecated_under_policy", diff::SunsetPolicy::default());
    let kinds: std::collections::BTreeSet<&str> =
        report.changes.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(
        kinds,
        std::collections::BTreeSet::from(["operation-deprecated", "parameter-deprecated"]),
        "{}",
        report.render_text()
    );
    assert_verdict(&report, Bump::Minor, true);
}

#[test]
fn cli_takes_the_sunset_policy() {
    let (old, new) = (
        fixture("stability/base"),
        fixture("stability/deprecated_under_policy"),
    );
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    // The CLI judges on today's date; the parameter deprecated without a sunset breaks a
    // policy whatever the day.
    let strict = run(&[
        "diff",
        old,
        new,
        "--format",
        "json",
        "--deprecation-days-stable",
        "100000",
    ]);
    assert!(!strict.status.success());
    let kinds: Vec<String> = stdout_json(&strict)["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        kinds.iter().any(|k| k == "deprecated-without-sunset"),
        "{kinds:?}"
    );
}
