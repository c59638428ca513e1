//! `docs`: one static HTML reference per API, `dist/<api>.html`, rendered by Redoc and usable
//! offline.
//!
//! Redoc 2 (the open-source renderer behind Redocly) is pinned and taken from the npm
//! registry as its standalone bundle, which is inlined into the page together with the
//! bundled spec: opening the file needs no network. Redoc 2 renders every operation, with its
//! parameters, schemas, auth and examples, on one page (each under an anchor named after its
//! `operationId`), which suits a printed or offline reference better than the collapsed
//! layout of Redocly CLI 2's renderer. The page carries a Content-Security-Policy that lets it
//! load nothing but itself, and [`external_references`] re-checks every written page.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::bundle::{self, DIST_DIR};
use crate::error::{Error, Result};

/// The renderer, pinned.
pub const REDOC: &str = "redoc@2.5.0";

/// Where the renderer is cached between runs, relative to the workspace root.
const TOOLS_DIR: &str = "target/docs-tools";

/// The policy every page carries: inline scripts and styles, data: and blob: images, fonts
/// and workers (Redoc's search index), nothing from anywhere else.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; \
     style-src 'unsafe-inline'; img-src data: blob:; font-src data:; worker-src blob:; \
     connect-src 'none'; base-uri 'none'; form-action 'none'";

/// Redoc options: the documented examples of 200 responses open, the spec's
/// `x-doc-notes` (vendor-document decisions) shown where they sit.
const REDOC_OPTIONS: &str = r#"{"expandResponses": "200,201", "hideDownloadButton": true, "showExtensions": ["x-doc-notes"], "jsonSampleExpandLevel": 3}"#;

/// Bundles every spec, then writes `dist/<api>.html` from each bundle; returns the pages.
pub fn docs_workspace(root: &Path) -> Result<Vec<PathBuf>> {
    let bundles = bundle::bundle_workspace(root)?;
    let redoc = redoc_standalone(root)?;
    let mut pages = Vec::new();
    for json in bundles
        .iter()
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
    {
        let spec = read(&root.join(json), json)?;
        let page = json.with_extension("html");
        let html = render_page(&spec, &redoc).map_err(|message| Error::Tool {
            file: json.clone(),
            tool: REDOC.into(),
            message,
        })?;
        std::fs::write(root.join(&page), html).map_err(|source| Error::Io {
            file: page.clone(),
            source,
        })?;
        pages.push(page);
    }
    Ok(pages)
}

/// The page for one bundled spec (JSON text), with Redoc's script inlined.
pub fn render_page(spec_json: &str, redoc_js: &str) -> std::result::Result<String, String> {
    let mut spec: serde_json::Value =
        serde_json::from_str(spec_json).map_err(|err| format!("the bundle is not JSON: {err}"))?;
    add_schema_section(&mut spec);
    add_authentication_section(&mut spec);
    add_decisions_section(&mut spec);
    let title = spec
        .pointer("/info/title")
        .and_then(|title| title.as_str())
        .unwrap_or("API reference");
    // Inside <script>, `</` could close the element early; `<\/` is the same string in JS.
    let data = serde_json::to_string(&spec)
        .map_err(|err| err.to_string())?
        .replace("</", "<\\/");
    let redoc_js = redoc_js.replace("</script", "<\\/script");
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>body {{ margin: 0; padding: 0; }}</style>\n</head>\n<body>\n\
         <div id=\"redoc\"></div>\n<script>{redoc_js}</script>\n\
         <script>Redoc.init({data}, {REDOC_OPTIONS}, document.getElementById(\"redoc\"));</script>\n\
         </body>\n</html>\n",
        escape_html(title)
    );
    let external = external_references(&html);
    if !external.is_empty() {
        return Err(format!(
            "the page would load external resources: {}",
            external.join(", ")
        ));
    }
    Ok(html)
}

/// Redoc shows component schemas only where operations use them; partners also want them
/// listed. The page's copy of the spec gets a "Schemas" tag (a trait tag: no operations)
/// whose description places Redoc's `<SchemaDefinition>` for every component schema. The
/// bundles in `dist/` are not touched.
fn add_schema_section(spec: &mut serde_json::Value) {
    let names: Vec<String> = spec
        .pointer("/components/schemas")
        .and_then(|schemas| schemas.as_object())
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    if names.is_empty() {
        return;
    }
    let description: String = names
        .iter()
        .map(|name| {
            format!(
                "## {name}\n\n<SchemaDefinition schemaRef=\"#/components/schemas/{name}\" \
                 showReadOnly={{true}} showWriteOnly={{true}} />\n\n"
            )
        })
        .collect();
    let tag = serde_json::json!({
        "name": "Schemas",
        "description": description,
        "x-traitTag": true,
    });
    match spec.get_mut("tags").and_then(|tags| tags.as_array_mut()) {
        Some(tags) => tags.push(tag),
        None => spec["tags"] = serde_json::json!([tag]),
    }
}

/// Redoc lists the security schemes only where its `<SecurityDefinitions />` component
/// stands; the page's copy of the description ends with it.
fn add_authentication_section(spec: &mut serde_json::Value) {
    if spec.pointer("/components/securitySchemes").is_none() {
        return;
    }
    let description = spec
        .pointer("/info/description")
        .and_then(|text| text.as_str())
        .unwrap_or_default();
    let description = format!("{description}\n\n# Authentication\n\n<SecurityDefinitions />\n");
    spec["info"]["description"] = serde_json::Value::String(description);
}

/// The spec's `x-doc-notes` (every vendor-document contradiction and what the spec decided)
/// are root-level data Redoc does not show; the page lists them in a "Vendor-document
/// decisions" section.
fn add_decisions_section(spec: &mut serde_json::Value) {
    let Some(notes) = spec.get("x-doc-notes").and_then(|notes| notes.as_array()) else {
        return;
    };
    let field = |note: &serde_json::Value, key: &str| {
        note.get(key)
            .and_then(|value| value.as_str())
            .unwrap_or_default()
            .replace('\n', " ")
    };
    let mut section = String::from(
        "\n\n# Vendor-document decisions\n\nWhere the vendor's document contradicts itself or \
         leaves something open, this is what it says and what this spec decided.\n\n",
    );
    for note in notes {
        section.push_str(&format!(
            "- **`{}`**\n  - *The document:* {}\n  - *Decision:* {}\n",
            field(note, "pointer"),
            field(note, "doc"),
            field(note, "decision"),
        ));
    }
    let description = spec
        .pointer("/info/description")
        .and_then(|text| text.as_str())
        .unwrap_or_default();
    spec["info"]["description"] = serde_json::Value::String(format!("{description}{section}"));
}

/// Redoc's standalone bundle, fetched once with `npm pack` (which checks the registry's
/// integrity hash) and cached under `target/docs-tools/`.
fn redoc_standalone(root: &Path) -> Result<String> {
    let dir = root.join(TOOLS_DIR).join(REDOC.replace('@', "-"));
    let script = dir.join("package/bundles/redoc.standalone.js");
    if !script.exists() {
        std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
            file: dir.clone(),
            source,
        })?;
        let tool_error = |tool: &str, message: String| Error::Tool {
            file: dir.clone(),
            tool: tool.into(),
            message,
        };
        let packed = run(Command::new("npm")
            .args(["pack", REDOC, "--silent"])
            .current_dir(&dir))
        .map_err(|message| tool_error("npm pack", message))?;
        let tarball = packed.lines().last().unwrap_or_default().trim().to_owned();
        run(Command::new("tar")
            .args(["xzf", &tarball, "package/bundles/redoc.standalone.js"])
            .current_dir(&dir))
        .map_err(|message| tool_error("tar", message))?;
    }
    read(&script, &script)
}

fn run(command: &mut Command) -> std::result::Result<String, String> {
    let output = command
        .output()
        .map_err(|err| format!("cannot start: {err}"))?;
    if !output.status.success() {
        return Err(format!(
            "{}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn read(path: &Path, shown: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        file: shown.to_path_buf(),
        source,
    })
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
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
    fn a_page_inlines_the_renderer_and_the_spec_and_escapes_script_ends() {
        let spec = r#"{"info": {"title": "A <b> API"}, "x": "</script><script>alert(1)</script>"}"#;
        let page = render_page(spec, "var Redoc = {};").unwrap();
        assert!(page.contains(CONTENT_SECURITY_POLICY), "{page}");
        assert!(page.contains("<title>A &lt;b&gt; API</title>"), "{page}");
        assert_eq!(page.matches("</script>").count(), 2, "{page}");
        assert!(page.contains("var Redoc = {};"));
    }

    #[test]
    fn a_renderer_that_loads_remote_code_is_refused() {
        let err = render_page(
            "{}",
            r#"document.write('x')</script><script src="https://cdn.example/r.js">"#,
        )
        .unwrap_err();
        assert!(
            err.contains("https://cdn.example/r.js") || err.contains("external"),
            "{err}"
        );
    }
}
