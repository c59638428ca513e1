//! Wire names that give one Rust name.
//!
//! progenitor and typify derive an identifier from each parameter and property name
//! ([`rust_name`]), so `type`, `_type`, `type_` and `-type` all become `type_` and are
//! declared twice (openapi-generator's `rust-name-mapping-test.yaml` is made of them). In the
//! codegen copy every such name after the first of its group is replaced by a placeholder
//! whose Rust name is free (`type_2`, `type_3`, …) and which the generated code then carries
//! as a string literal (`#[serde(rename = "type_ 2")]`, `QueryParam::new("type_ 2", ..)`);
//! [`Renamed::restore`] puts the real wire name back into every such literal. A placeholder
//! is a string the spec holds nowhere else, so no other literal can match it.
//!
//! String enum values typify names alike (`add` and `Add` both give the variant `Add`, and
//! typify panics: GitHub's SCIM operations) are renamed the same way, their variants
//! numbered (`Add`, `Add2`).
//!
//! Renamed: the properties and enum values of every schema, and the query, header and cookie
//! parameters an operation lists, a `$ref`'d one as a renamed copy in its list (the
//! component may serve other operations under its own name; Elasticsearch's `scroll_id`
//! is a path and a query parameter of one operation). A collision among path parameters
//! (their name is also in the path template) or through a path-level parameter (shared
//! with other operations) is left for `codegen::uncompilable` to refuse where it is.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};
use syn::visit_mut::VisitMut;

use crate::error::{Error, Pointer, Result};
use crate::spec::{tree, walk, Spec};

use super::naming::{rust_name, type_name};

/// The placeholders of a codegen copy, to be replaced in the generated code.
#[derive(Default)]
pub struct Renamed {
    placeholders: Vec<Placeholder>,
}

struct Placeholder {
    placeholder: String,
    wire: String,
    /// Where the renamed name is declared in the spec.
    at: Pointer,
}

/// `root` with colliding names replaced, and what replaced them; `None` when nothing
/// collides (the common case, which costs one walk and no copy).
pub fn disambiguate(root: &Value) -> Option<(Value, Renamed)> {
    if !collides(root) {
        return None;
    }
    let mut strings = all_strings(root);
    let mut json = root.clone();
    let mut renamed = Renamed::default();
    walk::schemas_mut(&mut json, &mut |schema, at, _| {
        rename_properties(schema, at, &mut strings, &mut renamed);
        rename_enum_values(schema, at, &mut strings, &mut renamed);
    });
    rename_parameters(&mut json, &mut strings, &mut renamed);
    Some((json, renamed))
}

impl Renamed {
    /// Puts each real wire name back where the generated code carries its placeholder; a
    /// placeholder found nowhere is an error (the generated code would send it).
    pub fn restore(&self, spec: &Spec, file: &mut syn::File) -> Result<()> {
        let mut restore = Restore {
            wire: self
                .placeholders
                .iter()
                .map(|p| (p.placeholder.clone(), (p.wire.clone(), 0)))
                .collect(),
        };
        restore.visit_file_mut(file);
        let missing = self
            .placeholders
            .iter()
            .filter(|p| restore.wire[&p.placeholder].1 == 0)
            .map(|p| Error::Codegen {
                file: spec.file.clone(),
                pointer: p.at.clone(),
                message: format!(
                    "`{}` was renamed for code generation, but no generated code carries it",
                    p.wire
                ),
            })
            .collect();
        Error::from_problems(missing)
    }
}

struct Restore {
    /// Placeholder → (wire name, literals replaced).
    wire: BTreeMap<String, (String, usize)>,
}

impl VisitMut for Restore {
    fn visit_lit_str_mut(&mut self, literal: &mut syn::LitStr) {
        if let Some((wire, count)) = self.wire.get_mut(&literal.value()) {
            *literal = syn::LitStr::new(wire, literal.span());
            *count += 1;
        }
    }

    // Attribute arguments (`#[serde(rename = "..")]`) are token streams to syn, not
    // literals: parse them as name-value lists to reach the string.
    fn visit_attribute_mut(&mut self, attribute: &mut syn::Attribute) {
        if let syn::Meta::List(list) = &mut attribute.meta {
            let mut tokens = proc_macro2::TokenStream::new();
            let mut changed = false;
            for token in list.tokens.clone() {
                match token {
                    proc_macro2::TokenTree::Literal(literal) => {
                        let mut parsed: syn::Lit = syn::Lit::new(literal.clone());
                        if let syn::Lit::Str(text) = &mut parsed {
                            let before = text.value();
                            self.visit_lit_str_mut(text);
                            changed |= text.value() != before;
                        }
                        tokens.extend(quote::quote!(#parsed));
                    }
                    other => tokens.extend(std::iter::once(other)),
                }
            }
            if changed {
                list.tokens = tokens;
            }
        }
        syn::visit_mut::visit_attribute_mut(self, attribute);
    }
}

/// Whether any schema's properties or any operation's parameters collide.
fn collides(root: &Value) -> bool {
    fn repeats<'n>(names: impl Iterator<Item = &'n str>, prefix: &str) -> bool {
        let mut seen = BTreeSet::new();
        names
            .into_iter()
            .any(|name| !seen.insert(rust_name(name, prefix)))
    }
    let mut found = false;
    tree::visit_schemas(root, &mut |schema, _, _| {
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            found |= repeats(properties.keys().map(String::as_str), "x");
        }
        found |= !variant_names_unique(&string_values(schema.get("enum")));
    });
    found
        || tree::operations(root).iter().any(|operation| {
            let parameters = operation.parameters(root);
            repeats(
                parameters
                    .iter()
                    .filter_map(|(parameter, _)| parameter.get("name").and_then(Value::as_str)),
                "_",
            )
        })
}

fn rename_properties(
    schema: &mut Map<String, Value>,
    at: &Pointer,
    strings: &mut BTreeSet<String>,
    renamed: &mut Renamed,
) {
    let Some(Value::Object(properties)) = schema.get_mut("properties") else {
        return;
    };
    let mut taken = BTreeSet::new();
    let mut renames = Vec::new();
    for name in properties.keys() {
        if !taken.insert(rust_name(name, "x")) {
            renames.push(name.clone());
        }
    }
    if renames.is_empty() {
        return;
    }
    let mut replaced = Map::new();
    let mut names = BTreeMap::new();
    for (name, value) in std::mem::take(properties) {
        let key = match renames.contains(&name) {
            true => {
                let placeholder = free_placeholder(&name, "x", &mut taken, strings);
                renamed.placeholders.push(Placeholder {
                    placeholder: placeholder.clone(),
                    wire: name.clone(),
                    at: at.join("properties").join(&name),
                });
                names.insert(name, placeholder.clone());
                placeholder
            }
            false => name,
        };
        replaced.insert(key, value);
    }
    *properties = replaced;
    if let Some(Value::Array(required)) = schema.get_mut("required") {
        for entry in required.iter_mut() {
            if let Some(placeholder) = entry.as_str().and_then(|name| names.get(name)) {
                *entry = Value::String(placeholder.clone());
            }
        }
    }
}

/// The string values of a schema's `enum` (a `null` member is typify's `Option`).
fn string_values(values: Option<&Value>) -> Vec<&str> {
    values
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// typify's two tries at variant names: the values in Pascal case, then with `_` and
/// other non-identifier characters turned into `X` first. It panics when both collide.
fn variant_names_unique(values: &[&str]) -> bool {
    let unique = |names: Vec<String>| names.iter().collect::<BTreeSet<_>>().len() == names.len();
    unique(values.iter().map(|value| type_name(value)).collect())
        || unique(
            values
                .iter()
                .map(|value| {
                    type_name(
                        &value.replace(|c| c == '_' || !unicode_ident::is_xid_continue(c), "X"),
                    )
                })
                .collect(),
        )
}

fn rename_enum_values(
    schema: &mut Map<String, Value>,
    at: &Pointer,
    strings: &mut BTreeSet<String>,
    renamed: &mut Renamed,
) {
    if variant_names_unique(&string_values(schema.get("enum"))) {
        return;
    }
    let Some(Value::Array(values)) = schema.get_mut("enum") else {
        return;
    };
    let mut taken = BTreeSet::new();
    for (index, value) in values.iter_mut().enumerate() {
        let Value::String(text) = value else {
            continue;
        };
        let name = type_name(text);
        if taken.insert(name.clone()) {
            continue;
        }
        let number = (2..)
            .find(|n| !taken.contains(&format!("{name}{n}")))
            .expect("an unbounded range has a free number");
        let placeholder = (1..)
            .map(|spaces| format!("{name}{}{number}", " ".repeat(spaces)))
            .find(|candidate| !strings.contains(candidate))
            .expect("an unbounded range has an unused text");
        taken.insert(type_name(&placeholder));
        strings.insert(placeholder.clone());
        renamed.placeholders.push(Placeholder {
            placeholder: placeholder.clone(),
            wire: std::mem::replace(text, placeholder),
            at: at.join("enum").join(&index.to_string()),
        });
    }
}

fn rename_parameters(json: &mut Value, strings: &mut BTreeSet<String>, renamed: &mut Renamed) {
    let mut renames = Vec::new();
    for operation in tree::operations(json) {
        let own = format!("{}/parameters/", operation.pointer.as_json_pointer());
        let mut taken = BTreeSet::new();
        // Path-level parameters come first, so the operation's own one is the one renamed.
        for (parameter, at, entry) in operation.parameter_entries(json) {
            let field = |key: &str| parameter.get(key).and_then(Value::as_str);
            let (Some(name), Some(location)) = (field("name"), field("in")) else {
                continue;
            };
            if taken.insert(rust_name(name, "_")) {
                continue;
            }
            let listed_here = entry.as_json_pointer().starts_with(&own);
            if listed_here && location != "path" {
                let placeholder = free_placeholder(name, "_", &mut taken, strings);
                // A `$ref`'d one is renamed in a copy in the operation's list: the
                // component may serve other operations under its own name.
                let mut copy = parameter.clone();
                copy["name"] = Value::String(placeholder.clone());
                renames.push((at, entry, name.to_owned(), placeholder, copy));
            }
        }
    }
    for (at, entry, wire, placeholder, parameter) in renames {
        if let Some(slot) = json.pointer_mut(entry.as_json_pointer()) {
            *slot = parameter;
        }
        renamed.placeholders.push(Placeholder {
            placeholder,
            wire,
            at,
        });
    }
}

/// A placeholder for `wire`: its Rust name, spaces and a number (`type_ 2`), whose Rust
/// name (`type_2`) is not yet taken in its scope and whose text is neither a string of the
/// spec nor another placeholder (`strings` records it; more spaces keep the Rust name).
fn free_placeholder(
    wire: &str,
    prefix: &str,
    taken: &mut BTreeSet<String>,
    strings: &mut BTreeSet<String>,
) -> String {
    let base = rust_name(wire, prefix);
    let number = (2..)
        .find(|n| !taken.contains(&rust_name(&format!("{base} {n}"), prefix)))
        .expect("an unbounded range has a free number");
    let placeholder = (1..)
        .map(|spaces| format!("{base}{}{number}", " ".repeat(spaces)))
        .find(|candidate| !strings.contains(candidate))
        .expect("an unbounded range has an unused text");
    taken.insert(rust_name(&placeholder, prefix));
    strings.insert(placeholder.clone());
    placeholder
}

/// Every string of the document, keys included.
fn all_strings(node: &Value) -> BTreeSet<String> {
    fn collect(node: &Value, into: &mut BTreeSet<String>) {
        match node {
            Value::String(text) => {
                into.insert(text.clone());
            }
            Value::Array(items) => items.iter().for_each(|item| collect(item, into)),
            Value::Object(map) => {
                for (key, value) in map {
                    into.insert(key.clone());
                    collect(value, into);
                }
            }
            _ => {}
        }
    }
    let mut strings = BTreeSet::new();
    collect(node, &mut strings);
    strings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_no_generated_code_carries_is_an_error_at_its_declaration() {
        let spec = crate::spec::parse(
            std::path::Path::new("t.yaml"),
            "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\n",
        )
        .unwrap();
        let renamed = Renamed {
            placeholders: vec![Placeholder {
                placeholder: "type_ 2".into(),
                wire: "-type".into(),
                at: Pointer::from_tokens(["components", "schemas", "Thing", "properties", "-type"]),
            }],
        };
        let mut empty = syn::parse_quote!();
        let err = renamed.restore(&spec, &mut empty).unwrap_err().to_string();
        assert!(
            err.starts_with("t.yaml#/components/schemas/Thing/properties/-type:"),
            "{err}"
        );
    }

    #[test]
    fn nothing_colliding_means_no_copy() {
        let json = serde_json::json!({
            "paths": {"/x": {"get": {"parameters": [{"name": "type", "in": "query"}]}}},
            "components": {"schemas": {"T": {"properties": {"type": {}, "kind": {}}}}}
        });
        assert!(disambiguate(&json).is_none());
    }
}
