//! `changelog <old> <new>`: the partners' `dist/CHANGES.md`, built from the diff fixtures
//! (`fixtures/diff/`, each a copy of `base.yaml` with one change) and from a temporary git
//! repository for the revision form.
//!
//! The snapshots pin the whole text: which operations a change is listed under (a change to
//! the shared `Order` schema under every operation that returns it; a security-scheme
//! change, which no operation's own tree holds, under "Whole API"), and the bump marker of
//! every line (`**breaking, major**`, `minor`, `patch`).

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::publish::changelog;
use generator::Error;

const FIXTURES: &str = "tests/fixtures/diff";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}.yaml")
}

/// The changelog from `base.yaml` to the fixture `changed` (paths relative to the crate,
/// the test's working directory, so the snapshot does not depend on the checkout's place).
fn against_base(changed: &str) -> String {
    changelog::changelog(Path::new("."), &fixture("base"), &fixture(changed))
        .unwrap_or_else(|err| panic!("{changed}: {err}"))
}

#[test]
fn a_shared_schema_change_is_listed_under_every_operation_using_it() {
    insta::assert_snapshot!(against_base("response_property_removed"));
}

#[test]
fn a_breaking_change_with_a_major_version_bump_says_the_version_is_right() {
    insta::assert_snapshot!(against_base("operation_removed_major_version"));
}

#[test]
fn an_added_operation_is_its_own_group_with_a_minor_bump() {
    insta::assert_snapshot!(against_base("operation_added"));
}

#[test]
fn a_request_change_marks_only_the_operations_sending_it() {
    insta::assert_snapshot!(against_base("request_property_added_required"));
}

#[test]
fn a_change_no_operation_holds_goes_to_whole_api() {
    insta::assert_snapshot!(against_base("auth_scheme_changed"));
}

#[test]
fn wording_only_changes_are_a_patch() {
    insta::assert_snapshot!(against_base("description_changed"));
}

#[test]
fn identical_specs_say_no_changes() {
    let text = against_base("base");
    assert!(
        text.contains("## base 1.0.0 → 1.0.0\n\nNo changes.\n"),
        "{text}"
    );
    assert!(!text.contains("###"), "{text}");
}

#[test]
fn a_missing_file_is_named() {
    let err = changelog::changelog(Path::new("."), &fixture("base"), "no/such/spec.yaml")
        .expect_err("a missing file");
    match err {
        Error::Io { file, source } => {
            assert_eq!(file, PathBuf::from("no/such/spec.yaml"));
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected Io, got {other:?}"),
    }
}

#[test]
fn an_invalid_spec_file_is_named_with_its_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /x:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Nope'}\n").unwrap();
    let err = changelog::changelog(Path::new("."), &fixture("base"), bad.to_str().unwrap())
        .expect_err("an invalid spec");
    let shown = err.to_string();
    assert!(matches!(err, Error::UnresolvedRef { .. }), "{err:?}");
    assert!(
        shown.contains("bad.yaml#/paths/~1x/get/responses/200"),
        "{shown}"
    );
}

/// A git repository in a temporary directory, committing as a fixed author.
struct Repo(tempfile::TempDir);

impl Repo {
    fn new() -> Self {
        let repo = Repo(tempfile::tempdir().unwrap());
        repo.git(&["init", "-q", "-b", "main"]);
        std::fs::create_dir(repo.path().join("specs")).unwrap();
        repo
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(self.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    /// Writes `specs/<api>.yaml` as a copy of a diff fixture.
    fn spec(&self, api: &str, fixture_name: &str) {
        std::fs::copy(
            fixture(fixture_name),
            self.path().join("specs").join(format!("{api}.yaml")),
        )
        .unwrap();
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }
}

#[test]
fn revisions_give_one_section_per_api_new_and_removed_ones_stated() {
    let repo = Repo::new();
    repo.spec("orders", "base");
    repo.spec("legacy", "base");
    repo.commit("first");
    repo.spec("orders", "response_property_removed");
    std::fs::remove_file(repo.path().join("specs/legacy.yaml")).unwrap();
    repo.spec("shop", "operation_added");
    repo.commit("second");

    let text = changelog::changelog(repo.path(), "HEAD~1", "HEAD").unwrap();
    insta::assert_snapshot!(text);

    // The CLI writes it to dist/CHANGES.md under --root.
    let output = Command::new(env!("CARGO_BIN_EXE_generator"))
        .arg("--root")
        .arg(repo.path())
        .args(["changelog", "HEAD~1", "HEAD"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "wrote dist/CHANGES.md\n"
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join("dist/CHANGES.md")).unwrap(),
        text
    );
}

#[test]
fn an_unknown_revision_is_named() {
    let repo = Repo::new();
    repo.spec("orders", "base");
    repo.commit("only");
    // The first commit has no parent: HEAD~1 does not exist.
    let err = changelog::changelog(repo.path(), "HEAD~1", "HEAD").expect_err("no HEAD~1");
    match err {
        Error::UnknownRevision { revision, .. } => assert_eq!(revision, "HEAD~1"),
        other => panic!("expected UnknownRevision, got {other:?}"),
    }
    let output = Command::new(env!("CARGO_BIN_EXE_generator"))
        .arg("--root")
        .arg(repo.path())
        .args(["changelog", "HEAD", "no-such-branch"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("generator::unknown_revision"), "{stderr}");
    assert!(stderr.contains("\"no-such-branch\" is neither"), "{stderr}");
    assert!(!repo.path().join("dist/CHANGES.md").exists());
}

#[test]
fn an_invalid_spec_at_a_revision_is_named_by_revision_file_and_pointer() {
    let repo = Repo::new();
    repo.spec("orders", "base");
    repo.commit("first");
    std::fs::write(
        repo.path().join("specs/orders.yaml"),
        "openapi: 3.2.0\ninfo: {title: t, version: 1.0.0}\npaths: {}\n",
    )
    .unwrap();
    repo.commit("second");
    let err = changelog::changelog(repo.path(), "HEAD~1", "HEAD").expect_err("3.2 is refused");
    assert!(matches!(err, Error::UnsupportedVersion { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("HEAD:specs/orders.yaml#/openapi:"),
        "{err}"
    );
}

#[test]
fn a_file_compared_with_a_revision_is_refused() {
    let repo = Repo::new();
    repo.spec("orders", "base");
    repo.commit("only");
    let err = changelog::changelog(repo.path(), &fixture("base"), "HEAD").expect_err("mixed");
    match err {
        Error::MixedChangelogArguments { file } => assert_eq!(file, PathBuf::from(fixture("base"))),
        other => panic!("expected MixedChangelogArguments, got {other:?}"),
    }
}

#[test]
fn writing_replaces_dist_changes_md_whole() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("dist")).unwrap();
    std::fs::write(
        dir.path().join("dist/CHANGES.md"),
        "old text, much longer than the new\n",
    )
    .unwrap();
    let written = changelog::write(dir.path(), "# new\n").unwrap();
    assert_eq!(written, PathBuf::from("dist/CHANGES.md"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("dist/CHANGES.md")).unwrap(),
        "# new\n"
    );
    // Only CHANGES.md is left: the temporary file was renamed, not copied.
    let entries: Vec<_> = std::fs::read_dir(dir.path().join("dist"))
        .unwrap()
        .collect();
    assert_eq!(entries.len(), 1);
}
