//! progenitor's and typify's error and panic texts, made fit for a one-line located error.
//!
//! They carry the absolute path of the crate in the cargo registry
//! (`/root/.cargo/registry/src/index.crates.io-…/typify-impl-0.8.0/src/merge.rs:412`),
//! which says nothing about the spec and leaks the build machine's layout, and sometimes a
//! `{:#?}` dump of the whole schema, dozens of lines long. The path keeps only the crate
//! and file; a dump keeps only the name of the construct it prints.

/// Characters of a message kept before a dump is cut.
const LIMIT: usize = 240;

/// `message` without registry paths, on one line, a dump cut to its type name.
pub fn clean(message: &str) -> String {
    let message = strip_registry_paths(message);
    let single_line = message.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    if single_line.len() <= LIMIT && !message.contains('\n') {
        return single_line;
    }
    // `… Schema { schema_data: … }` → `… Schema { … }`; the same for `(` and `[`.
    let cut = single_line
        .char_indices()
        .find(|(_, c)| matches!(c, '{' | '(' | '['));
    let (kept, close) = match cut {
        Some((index, open)) => (
            &single_line[..index],
            match open {
                '{' => "{ … }",
                '(' => "(…)",
                _ => "[…]",
            },
        ),
        None => (single_line.as_str(), "…"),
    };
    let kept = truncate(kept.trim_end(), LIMIT);
    format!("{kept} {close}")
}

/// `…/.cargo/registry/src/<index>/typify-impl-0.8.0/src/x.rs` → `typify-impl-0.8.0/src/x.rs`.
fn strip_registry_paths(message: &str) -> String {
    const MARKER: &str = "/registry/src/";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(MARKER) {
        // The path starts after the last delimiter before the marker.
        let start = rest[..at]
            .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '\'' | '`'))
            .map_or(0, |index| index + 1);
        out.push_str(&rest[..start]);
        let after_marker = &rest[at + MARKER.len()..];
        // Skip the index directory (`index.crates.io-1949cf8c6b5b557f/`).
        rest = after_marker
            .find('/')
            .map_or(after_marker, |slash| &after_marker[slash + 1..]);
    }
    out.push_str(rest);
    out
}

fn truncate(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((index, _)) => format!("{}…", &text[..index]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_paths_keep_the_crate_and_file() {
        assert_eq!(
            clean("not yet implemented (/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/typify-impl-0.8.0/src/merge.rs:412)"),
            "not yet implemented (typify-impl-0.8.0/src/merge.rs:412)"
        );
    }

    #[test]
    fn debug_dumps_keep_the_construct_name() {
        let dump = format!(
            "unhandled schema Schema {{\n{}}} (/home/u/.cargo/registry/src/i/progenitor-impl-0.15.1/src/a.rs:9)",
            "    schema_data: SchemaData {\n        nullable: false,\n    },\n".repeat(20)
        );
        assert_eq!(clean(&dump), "unhandled schema Schema { … }");
        assert_eq!(clean("short (1, 2)"), "short (1, 2)");
    }
}
