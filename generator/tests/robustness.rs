//! Property test: mutated and truncated specs never make the generator panic. Every input
//! either renders or fails with an error that names the spec and a location in it, and a
//! failing `generate` leaves `generated/` exactly as it was. `diff` of a spec against a
//! mutated copy of it reports or fails the same way.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use generator::publish::diff;
use generator::{codegen, spec, workspace, Error};
use proptest::prelude::*;

/// The real specs: together they exercise every code path and spec extension the
/// generator has (deepObject, fragment path keys, x-rust-*, open objects).
const SPECS: [&str; 5] = ["sis", "autopiesa", "firmino", "quoparts", "econt"];

fn read_spec(name: &str) -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../specs/{name}.yaml"));
    std::fs::read_to_string(file).unwrap()
}

/// The SiS spec, for the `generate` test.
fn seed() -> String {
    read_spec("sis")
}

/// Ways a spec gets broken by hand: truncated, a line dropped or duplicated, characters
/// replaced by YAML/JSON-significant ones, a value swapped for a wrong type.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    DropLine(usize),
    DuplicateLine(usize),
    Replace(usize, char),
    Retype(usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let significant = prop::sample::select(vec![
        ':', '-', '{', '[', '\'', '"', '#', ' ', '\t', '$', '&', '*',
    ]);
    let wrong_values = prop::sample::select(vec![
        "[]",
        "{}",
        "null",
        "42",
        "true",
        "'#/components/schemas/Nope'",
        "{$ref: '#/x'}",
    ]);
    prop_oneof![
        any::<prop::sample::Index>().prop_map(|i| Mutation::Truncate(i.index(usize::MAX))),
        any::<prop::sample::Index>().prop_map(|i| Mutation::DropLine(i.index(usize::MAX))),
        any::<prop::sample::Index>().prop_map(|i| Mutation::DuplicateLine(i.index(usize::MAX))),
        (any::<prop::sample::Index>(), significant)
            .prop_map(|(i, c)| Mutation::Replace(i.index(usize::MAX), c)),
        (any::<prop::sample::Index>(), wrong_values)
            .prop_map(|(i, v)| Mutation::Retype(i.index(usize::MAX), v)),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut text = text.to_owned();
    for mutation in mutations {
        let mut lines = text.lines().map(str::to_owned).collect::<Vec<_>>();
        let line = |at: usize| at % lines.len().max(1);
        match mutation {
            Mutation::Truncate(at) => {
                let mut cut = at % (text.len() + 1);
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.truncate(cut);
                continue;
            }
            Mutation::DropLine(at) if !lines.is_empty() => {
                lines.remove(line(*at));
            }
            Mutation::DuplicateLine(at) if !lines.is_empty() => {
                let copy = lines[line(*at)].clone();
                lines.insert(line(*at), copy);
            }
            Mutation::Replace(at, replacement) => {
                let chars = text.chars().collect::<Vec<_>>();
                if !chars.is_empty() {
                    let mut chars = chars;
                    let at = at % chars.len();
                    chars[at] = *replacement;
                    text = chars.into_iter().collect();
                }
                continue;
            }
            Mutation::Retype(at, value) if !lines.is_empty() => {
                let at = line(*at);
                if let Some((key, _)) = lines[at].split_once(": ") {
                    lines[at] = format!("{key}: {value}");
                }
            }
            _ => {}
        }
        text = lines.join("\n");
    }
    text
}

/// The error names the spec file and a location: `file:line:column` or `file#/pointer`.
fn assert_located(err: &Error, file: &str) {
    let message = err.to_string();
    let after_file = message
        .strip_prefix(file)
        .unwrap_or_else(|| panic!("error does not start with {file}: {message}"));
    let located = after_file.starts_with('#')
        || after_file
            .split(':')
            .take(3)
            .skip(1)
            .all(|part| part.chars().all(|c| c.is_ascii_digit()) && !part.is_empty());
    assert!(located, "error without a location: {message}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_render_or_fail_with_a_location(
        name in prop::sample::select(SPECS.to_vec()),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let text = apply(&read_spec(name), &mutations);
        let file = format!("specs/{name}.yaml");
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            spec::parse(Path::new(&file), &text).and_then(|spec| codegen::render(&spec))
        }));
        let result = outcome.map_err(|_| "the generator panicked").unwrap();
        match result {
            Ok(rendered) => prop_assert!(
                syn::parse_file(&rendered.code).is_ok(),
                "rendered code does not parse"
            ),
            Err(err) => assert_located(&err, &file),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn a_failing_generate_leaves_generated_untouched(cut in 0usize..4000) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("specs")).unwrap();
        std::fs::write(dir.path().join("specs/sis.yaml"), seed()).unwrap();
        workspace::generate(dir.path()).unwrap();
        let before = std::fs::read(dir.path().join("generated/sis.rs")).unwrap();

        let broken = apply(&seed(), &[Mutation::Truncate(cut)]);
        std::fs::write(dir.path().join("specs/sis.yaml"), &broken).unwrap();
        if workspace::generate(dir.path()).is_err() {
            let after = std::fs::read(dir.path().join("generated/sis.rs")).unwrap();
            prop_assert_eq!(before, after);
            let leftovers = std::fs::read_dir(dir.path().join("generated")).unwrap().count();
            prop_assert_eq!(leftovers, 1, "temporary files left behind");
        }
    }
}

/// The diff fixtures with the most to compare: deprecations and sunsets, `readOnly` and
/// `writeOnly`, discriminators, OAuth scopes, stability levels and extensible enums.
const DIFF_FIXTURES: [&str; 5] = [
    "lifecycle",
    "access",
    "discriminator",
    "scopes",
    "stability",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn a_spec_diffed_against_a_mutated_copy_reports_or_fails_with_a_location(
        family in prop::sample::select(DIFF_FIXTURES.to_vec()),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff").join(family);
        let text = std::fs::read_to_string(dir.join("base.yaml")).unwrap();
        let old = spec::parse(Path::new("base.yaml"), &text).unwrap();
        let file = "mutated.yaml";
        let mutated = apply(&text, &mutations);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            spec::parse(Path::new(file), &mutated).map(|new| {
                let report = diff::diff(&old, &new);
                let reversed = diff::diff(&new, &old);
                (report, reversed)
            })
        }));
        match outcome.map_err(|_| "diff panicked").unwrap() {
            Ok((report, reversed)) => {
                for report in [report, reversed] {
                    let required = report.changes.iter().map(|change| change.bump).max();
                    prop_assert_eq!(report.required_bump, required.unwrap_or(diff::Bump::None));
                    prop_assert!(serde_json::to_string(&report).is_ok());
                }
            }
            Err(err) => assert_located(&err, file),
        }
    }
}
