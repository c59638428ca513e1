//! The `kind` strings of `diff --format json` are a public contract, documented for partners
//! in `generator/DIFF.md`'s table "Change kinds". This test reads that table and checks it
//! against the code's list ([`ChangeKind::ALL`]) both ways: every kind the code can report
//! is documented with its bump and whether it breaks, and the page documents no kind the
//! code does not have.

use std::collections::BTreeMap;
use std::path::Path;

use generator::publish::diff::{Bump, ChangeKind};

/// The heading of the table, and its header row.
const HEADING: &str = "## Change kinds";
const HEADER: &str = "| kind | bump | breaking | what it means |";

/// One documented row: bump and breaking as written.
#[derive(Debug, PartialEq, Eq)]
struct Documented {
    bump: String,
    breaking: String,
}

/// The rows of the table under [`HEADING`], by kind.
fn documented_kinds() -> BTreeMap<String, Documented> {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("DIFF.md");
    let text = std::fs::read_to_string(&page).expect("generator/DIFF.md is readable");
    let section = text
        .split_once(&format!("\n{HEADING}\n"))
        .unwrap_or_else(|| panic!("DIFF.md has no `{HEADING}` section"))
        .1;
    let mut lines = section
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'));
    assert_eq!(lines.next(), Some(HEADER), "the table's header row");
    assert!(
        lines.next().is_some_and(|line| line.starts_with("|---")),
        "the table's separator row"
    );
    let mut kinds = BTreeMap::new();
    for line in lines {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        let [kind, bump, breaking, meaning] = cells[..] else {
            panic!("a row with four cells expected: {line}");
        };
        let kind = kind
            .strip_prefix('`')
            .and_then(|kind| kind.strip_suffix('`'))
            .unwrap_or_else(|| panic!("the kind is written as code: {line}"));
        assert!(!meaning.is_empty(), "{kind} says what it means");
        let previous = kinds.insert(
            kind.to_owned(),
            Documented {
                bump: bump.to_owned(),
                breaking: breaking.to_owned(),
            },
        );
        assert!(previous.is_none(), "{kind} is documented twice");
    }
    kinds
}

fn expected(kind: ChangeKind) -> Documented {
    let bump = match kind.bump() {
        Bump::None => "none",
        Bump::Patch => "patch",
        Bump::Minor => "minor",
        Bump::Major => "major",
    };
    Documented {
        bump: bump.to_owned(),
        breaking: if kind.breaking() { "yes" } else { "no" }.to_owned(),
    }
}

#[test]
fn every_kind_the_code_reports_is_documented_with_its_bump() {
    let documented = documented_kinds();
    for kind in ChangeKind::ALL {
        let row = documented
            .get(kind.as_str())
            .unwrap_or_else(|| panic!("`{kind}` is missing from DIFF.md's table"));
        assert_eq!(row, &expected(*kind), "`{kind}` in DIFF.md");
    }
}

#[test]
fn every_documented_kind_exists_in_the_code() {
    let known: Vec<&str> = ChangeKind::ALL.iter().map(|kind| kind.as_str()).collect();
    for kind in documented_kinds().keys() {
        assert!(
            known.contains(&kind.as_str()),
            "DIFF.md documents `{kind}`, which the code does not report"
        );
    }
}

#[test]
fn a_kind_breaks_exactly_when_it_demands_a_major_bump() {
    for kind in ChangeKind::ALL {
        assert_eq!(kind.breaking(), kind.bump() == Bump::Major, "{kind}");
        assert_ne!(kind.bump(), Bump::None, "{kind} demands some bump");
    }
}
