//! `x-rust-name`: a Rust field name for a property whose wire name is misleading.
//!
//! Vendors misspell field names (Autopiesa sends `fistName`). The published spec must keep
//! the wire name; Rust users should not have to type the typo. A property may say
//! `x-rust-name: first_name`; the generated struct field is renamed and keeps
//! `#[serde(rename = "<wire name>")]`, so the wire is unchanged.

use crate::error::{Error, Pointer, Result};
use crate::spec::Spec;

/// One requested rename: field `wire` of the struct generated for schema `schema`.
pub struct FieldRename {
    schema: String,
    wire: String,
    rust: String,
    at: Pointer,
}

/// Every `x-rust-name` under `components.schemas.*.properties`.
pub fn collect(spec: &Spec) -> Result<Vec<FieldRename>> {
    let mut renames = Vec::new();
    let schemas = spec
        .json
        .pointer("/components/schemas")
        .and_then(|s| s.as_object());
    for (schema, body) in schemas.into_iter().flatten() {
        let properties = body.get("properties").and_then(|p| p.as_object());
        for (wire, property) in properties.into_iter().flatten() {
            let Some(name) = property.get("x-rust-name") else {
                continue;
            };
            let at = Pointer::from_tokens([
                "components",
                "schemas",
                schema,
                "properties",
                wire,
                "x-rust-name",
            ]);
            match name.as_str().filter(|name| is_snake_case_ident(name)) {
                Some(rust) => renames.push(FieldRename {
                    schema: schema.clone(),
                    wire: wire.clone(),
                    rust: rust.to_owned(),
                    at,
                }),
                None => {
                    return Err(Error::Invalid {
                        file: spec.file.clone(),
                        pointer: at,
                        message: format!("x-rust-name must be a snake_case identifier, not {name}"),
                    })
                }
            }
        }
    }
    Ok(renames)
}

/// Renames the fields; a rename that matches no generated field is an error, not a no-op.
pub fn apply(spec: &Spec, file: &mut syn::File, renames: &[FieldRename]) -> Result<()> {
    for rename in renames {
        let field = find_field(file, rename).ok_or_else(|| Error::Codegen {
            file: spec.file.clone(),
            pointer: rename.at.clone(),
            message: format!(
                "no generated field for property `{}` of `{}`",
                rename.wire, rename.schema
            ),
        })?;
        if wire_name(field).is_none() {
            let wire = &rename.wire;
            field
                .attrs
                .push(syn::parse_quote!(#[serde(rename = #wire)]));
        }
        field.ident = Some(syn::Ident::new(
            &rename.rust,
            proc_macro2::Span::call_site(),
        ));
    }
    Ok(())
}

fn find_field<'a>(file: &'a mut syn::File, rename: &FieldRename) -> Option<&'a mut syn::Field> {
    let struct_name = pascal_case(&rename.schema);
    let fields = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == "types" => module.content.as_mut(),
            _ => None,
        })?
        .1
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Struct(item) if item.ident == struct_name => Some(&mut item.fields),
            _ => None,
        })?;
    fields.iter_mut().find(|field| {
        wire_name(field).as_deref() == Some(rename.wire.as_str())
            || field
                .ident
                .as_ref()
                .is_some_and(|ident| *ident == rename.wire)
    })
}

/// The value of the field's `#[serde(rename = "...")]`, if it has one.
fn wire_name(field: &syn::Field) -> Option<String> {
    let mut renamed = None;
    for attr in field
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
    {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                renamed = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
    }
    renamed
}

/// typify's name for a component schema (`sales-order` → `SalesOrder`).
pub(crate) fn pascal_case(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn is_snake_case_ident(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && syn::parse_str::<syn::Ident>(name).is_ok()
}
