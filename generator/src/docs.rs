//! `docs`: one static HTML reference per API, `dist/<api>.html`, rendered from the bundle by
//! Redoc (Redocly CLI, pinned) and usable offline.
//!
//! Redocly's `--inlineBundle` embeds Redoc's script instead of loading it from its CDN.
//! Redoc still tries to load an attribution logo and to send telemetry to redocly.com, so
//! the page template carries a Content-Security-Policy that lets the page load nothing but
//! itself, and telemetry is switched off at build time. [`external_references`] re-checks
//! every written page.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bundle::{self, DIST_DIR};
use crate::error::{Error, Result};

/// The renderer, pinned: the same version `.ci/run` lints the specs with.
pub const REDOCLY_CLI: &str = "@redocly/cli@2.77.0";

/// The page template: Redocly's default plus the offline Content-Security-Policy.
const TEMPLATE: &str = include_str!("../assets/redoc.hbs");

/// The policy every page must carry.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; \
     style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; \
     base-uri 'none'; form-action 'none'";

/// Bundles every spec, then renders `dist/<api>.html` from each bundle; returns the pages.
pub fn docs_workspace(root: &Path) -> Result<Vec<PathBuf>> {
    let bundles = bundle::bundle_workspace(root)?;
    let template = tempfile::Builder::new()
        .suffix(".hbs")
        .tempfile()
        .and_then(|mut file| {
            std::io::Write::write_all(&mut file, TEMPLATE.as_bytes())?;
            Ok(file)
        })
        .map_err(|source| Error::Io {
            file: PathBuf::from("redoc.hbs"),
            source,
        })?;
    let mut pages = Vec::new();
    for yaml in bundles
        .iter()
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
    {
        let page = yaml.with_extension("html");
        render(root, yaml, &page, template.path())?;
        pages.push(page);
    }
    Ok(pages)
}

/// Runs Redocly's `build-docs` on one bundle and checks the page it wrote.
fn render(root: &Path, yaml: &Path, page: &Path, template: &Path) -> Result<()> {
    let tool_error = |message: String| Error::Tool {
        file: yaml.to_path_buf(),
        tool: format!("npx {REDOCLY_CLI} build-docs"),
        message,
    };
    let output = Command::new("npx")
        .current_dir(root)
        .env("REDOCLY_TELEMETRY", "off")
        .env("NO_UPDATE_NOTIFIER", "1")
        .args(["--yes", REDOCLY_CLI, "build-docs"])
        .arg(yaml)
        .arg("--inlineBundle")
        .arg("--template")
        .arg(template)
        // Lists every component schema in a "Schemas" section, not only inside operations.
        .arg("--openapi.schemaDefinitionsTagName=Schemas")
        .arg("--output")
        .arg(page)
        .output()
        .map_err(|err| tool_error(format!("cannot start npx: {err}")))?;
    if !output.status.success() {
        return Err(tool_error(format!(
            "{}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let html = std::fs::read_to_string(root.join(page)).map_err(|source| Error::Io {
        file: page.to_path_buf(),
        source,
    })?;
    if !html.contains(CONTENT_SECURITY_POLICY) {
        return Err(tool_error(
            "the page lacks the offline Content-Security-Policy of the template".into(),
        ));
    }
    let external = external_references(&html);
    if !external.is_empty() {
        return Err(tool_error(format!(
            "the page loads external resources: {}",
            external.join(", ")
        )));
    }
    Ok(())
}

/// Resources the markup of a page would fetch from elsewhere: `src` of scripts, images,
/// frames and media, `href` of stylesheets and preloads, CSS `url()` and `@import`. Plain
/// links (`<a href>`) are not fetched and are not reported.
pub fn external_references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    let mut offset = 0;
    while let Some(start) = rest.find('<') {
        let tag_start = offset + start;
        let Some(end) = lower[tag_start..].find('>') else {
            break;
        };
        let tag = &lower[tag_start..tag_start + end];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let attribute = match name.as_str() {
            "script" | "img" | "iframe" | "frame" | "embed" | "audio" | "video" | "source"
            | "track" | "input" => Some("src="),
            "link" => Some("href="),
            "object" => Some("data="),
            _ => None,
        };
        if let Some(url) = attribute.and_then(|attribute| attribute_value(tag, attribute)) {
            if is_remote(&url) {
                found.push(format!("<{name}> {url}"));
            }
        }
        offset = tag_start + end + 1;
        rest = &lower[offset..];
    }
    for marker in ["url(", "@import"] {
        for (index, _) in lower.match_indices(marker) {
            let after = lower[index + marker.len()..].trim_start_matches([' ', '"', '\'', '(']);
            if is_remote(after) && is_in_style(&lower, index) {
                let url: String = after
                    .chars()
                    .take_while(|c| !"\"') ;".contains(*c))
                    .collect();
                found.push(format!("css {url}"));
            }
        }
    }
    found
}

fn attribute_value(tag: &str, attribute: &str) -> Option<String> {
    let at = tag
        .match_indices(attribute)
        .find(|(index, _)| tag[..*index].ends_with(|c: char| c.is_whitespace()))?
        .0;
    let value = &tag[at + attribute.len()..];
    let (quote, value) = match value.chars().next()? {
        quote @ ('"' | '\'') => (quote, &value[1..]),
        _ => (' ', value),
    };
    Some(value.split(quote).next().unwrap_or_default().to_owned())
}

fn is_remote(url: &str) -> bool {
    url.starts_with("http:") || url.starts_with("https:") || url.starts_with("//")
}

/// Whether `index` lies inside a `<style>` element (CSS in scripts is only data).
fn is_in_style(lower: &str, index: usize) -> bool {
    let before = &lower[..index];
    match (before.rfind("<style"), before.rfind("</style")) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Where `docs` writes the page of API `name`.
pub fn page_path(name: &str) -> PathBuf {
    Path::new(DIST_DIR).join(format!("{name}.html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_scripts_styles_and_images_are_found_links_are_not() {
        let html = r#"<html><head><script type="module" src="https://cdn.example/x.js"></script>
            <link rel="stylesheet" href='//fonts.example/css'><style>body{background:url("https://i.example/b.png")}</style>
            </head><body><a href="https://vendor.example/">vendor</a><img src="data:image/png;base64,AA">
            <script>const logo = "https://cdn.example/logo.svg";</script></body></html>"#;
        assert_eq!(
            external_references(html),
            [
                "<script> https://cdn.example/x.js",
                "<link> //fonts.example/css",
                "css https://i.example/b.png"
            ]
        );
    }

    #[test]
    fn the_template_carries_the_policy() {
        assert!(TEMPLATE.contains(CONTENT_SECURITY_POLICY.split("; ").next().unwrap()));
        for directive in CONTENT_SECURITY_POLICY.split("; ") {
            assert!(TEMPLATE.contains(directive), "{directive}");
        }
    }
}
