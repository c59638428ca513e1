//! The names progenitor 0.15.1 and typify 0.8 give to wire names and to inline schemas,
//! restated so that checks and rewrites before code generation predict them exactly.

use heck::{ToPascalCase, ToSnakeCase};

/// The name progenitor (`_` prefix) or typify (`x` prefix) gives a wire name: snake case,
/// a prefix when it does not start like an identifier, `_` after a keyword.
pub fn rust_name(wire: &str, prefix: &str) -> String {
    sanitize(wire, |name| name.to_snake_case(), prefix)
}

/// The name typify gives a type it derives from `name` (a component's name, a title, or
/// its suggestion for an inline schema): typify's `sanitize` in Pascal case.
pub fn type_name(name: &str) -> String {
    sanitize(name, |name| name.to_pascal_case(), "X")
}

fn sanitize(wire: &str, to_case: impl Fn(&str) -> String, prefix: &str) -> String {
    let name = match wire {
        "+1" => "plus1".to_owned(),
        "-1" => "minus1".to_owned(),
        _ => to_case(
            &wire
                .replace('\'', "")
                .replace(|c: char| !unicode_ident::is_xid_continue(c), "-"),
        ),
    };
    let name = match name.chars().next() {
        None => to_case("x"),
        Some(first) if unicode_ident::is_xid_start(first) => name,
        Some(_) => format!("{prefix}{name}"),
    };
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// typify's `accept_as_ident` list (Rust's keywords, reserved words and `gen`).
fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// A name as progenitor and typify compare names: two names that give the same Rust name
/// after their case conversion compare equal (`getUsers`, `get_users`).
pub fn comparable(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `base`, or `base2`, `base3`, … : the first that compares unlike every name in `taken`,
/// which then holds it too.
pub fn free_name(base: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let name = std::iter::once(base.to_owned())
        .chain((2..).map(|index| format!("{base}{index}")))
        .find(|candidate| !taken.contains(&comparable(candidate)))
        .expect("an unbounded sequence of names has a free one");
    taken.insert(comparable(&name));
    name
}

#[cfg(test)]
mod tests {
    use super::{rust_name, type_name};

    #[test]
    fn wire_names_become_rust_names_the_way_progenitor_names_them() {
        for wire in ["type", "_type", "type_", "-type"] {
            assert_eq!(rust_name(wire, "_"), "type_", "{wire}");
        }
        assert_eq!(rust_name("firstName", "_"), "first_name");
        assert_eq!(rust_name("http_debug_option", "_"), "http_debug_option");
        assert_eq!(rust_name("1st", "_"), "_1st");
        assert_eq!(rust_name("1st", "x"), "x1st");
    }

    #[test]
    fn type_names_are_typify_s_pascal_case_of_the_suggestion() {
        assert_eq!(
            type_name("EnterpriseConfiguration_content_and_sharing"),
            "EnterpriseConfigurationContentAndSharing"
        );
        assert_eq!(type_name("file-version"), "FileVersion");
        assert_eq!(type_name("2fa"), "X2fa");
    }
}
