//! `docs` pages, opened in headless Chromium (Debian's `chromium`): every operation, schema
//! and security scheme of every spec is rendered, offline.
//!
//! Chromium is not on a fresh machine; `.ci/run` installs it and sets
//! `REQUIRE_BROWSER=1`, which turns a missing browser into a failure. Elsewhere the test says
//! it was skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn chromium() -> Option<PathBuf> {
    let candidates = [
        std::env::var("CHROMIUM").ok(),
        Some("/usr/bin/chromium".into()),
        Some("/usr/bin/chromium-browser".into()),
    ];
    let found = candidates
        .into_iter()
        .flatten()
        .map(PathBuf::from)
        .find(|path| path.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("REQUIRE_BROWSER").is_none(),
            "REQUIRE_BROWSER is set but no Chromium was found (apt-get install chromium)"
        );
        eprintln!("SKIPPED: no Chromium (apt-get install chromium, or set CHROMIUM)");
    }
    found
}

/// The DOM after Redoc ran, and a screenshot beside the page for people to look at.
fn render(browser: &Path, page: &Path) -> String {
    let url = format!("file://{}", page.display());
    let headless = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--virtual-time-budget=15000",
    ];
    let output = Command::new(browser)
        .args(headless)
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let screenshot = page.with_extension("png");
    Command::new(browser)
        .args(headless)
        .arg("--window-size=1400,2400")
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(&url)
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

fn operation_ids(spec: &Value) -> Vec<String> {
    spec["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter_map(|operation| operation.get("operationId")?.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn every_operation_of_every_spec_is_rendered_offline() {
    let Some(browser) = chromium() else { return };
    let root = tempfile::tempdir().unwrap();
    let specs = root.path().join("specs");
    std::fs::create_dir(&specs).unwrap();
    for entry in std::fs::read_dir(workspace().join("specs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "yaml") {
            std::fs::copy(&path, specs.join(path.file_name().unwrap())).unwrap();
        }
    }
    let pages = generator::publish::docs::docs_workspace(root.path()).unwrap();
    assert_eq!(pages.len(), 5, "{pages:?}");
    for page in pages {
        let page = root.path().join(page);
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(
            generator::publish::docs::external_references(&html).is_empty(),
            "{}",
            page.display()
        );
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(page.with_extension("json")).unwrap())
                .unwrap();
        let dom = render(&browser, &page);
        let ids = operation_ids(&json);
        assert!(!ids.is_empty());
        for id in ids {
            // Redoc anchors each operation as `operation/<operationId>`.
            assert!(
                dom.contains(&format!("id=\"operation/{id}\"")),
                "{}: operation {id} not rendered",
                page.display()
            );
        }
        let schemas = json["components"]["schemas"].as_object().unwrap();
        for name in schemas.keys() {
            assert!(
                dom.contains(&format!("id=\"tag/Schemas/{name}\"")),
                "{}: schema {name} not rendered",
                page.display()
            );
        }
        for scheme in json["components"]["securitySchemes"]
            .as_object()
            .unwrap()
            .keys()
        {
            assert!(
                dom.contains(&format!("id=\"section/Authentication/{scheme}\"")),
                "{}: security scheme {scheme} not rendered",
                page.display()
            );
        }
        assert!(
            dom.contains("id=\"section/Vendor-document-decisions\""),
            "{}: no vendor-document decisions",
            page.display()
        );
        for note in json["x-doc-notes"].as_array().unwrap() {
            let decision = note["decision"].as_str().unwrap();
            // The first words of each decision, before any markdown markup.
            let start: String = decision
                .chars()
                .take_while(|c| !"`*_[".contains(*c))
                .take(25)
                .collect();
            assert!(
                dom.contains(start.trim()),
                "{}: decision {start:?} not rendered",
                page.display()
            );
        }
        let title = json["info"]["title"].as_str().unwrap();
        assert!(dom.contains(title), "{}: no title", page.display());
        // Keep the screenshot where a person can look at it.
        let keep = workspace().join("target/docs-screenshots");
        std::fs::create_dir_all(&keep).unwrap();
        let png = page.with_extension("png");
        if png.exists() {
            std::fs::copy(&png, keep.join(png.file_name().unwrap())).unwrap();
        }
    }
}
