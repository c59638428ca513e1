//! Per-property Rust overrides, written as extensions on a property of a component schema.
//!
//! - `x-rust-name: first_name`: vendors misspell field names (Autopiesa sends `fistName`).
//!   The published spec must keep the wire name; Rust users should not have to type the typo.
//!   The generated field is renamed and keeps `#[serde(rename = "<wire name>")]`.
//! - `x-rust-secret: true`: a string the vendor returns that is a credential (QuoParts'
//!   `TOKEN`, `COD_PWD`). The field becomes `crate::runtime::SecretText`, which never shows
//!   in `Debug`.

use serde_json::Value;

use crate::codegen::syntax;
use crate::error::{Error, Pointer, Result};
use crate::spec::Spec;

/// The overrides of one property: field `wire` of the struct generated for `schema`.
pub struct FieldOverride {
    schema: String,
    wire: String,
    rust_name: Option<String>,
    secret: bool,
    at: Pointer,
}

/// Every `x-rust-name` and `x-rust-secret` under `components.schemas.*.properties`.
pub fn collect(spec: &Spec) -> Result<Vec<FieldOverride>> {
    let mut overrides = Vec::new();
    let schemas = spec
        .json
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (schema, body) in schemas.into_iter().flatten() {
        let properties = body.get("properties").and_then(Value::as_object);
        for (wire, property) in properties.into_iter().flatten() {
            let at = Pointer::from_tokens(["components", "schemas", schema, "properties", wire]);
            let invalid = |extension: &str, message: String| Error::Invalid {
                file: spec.file.clone(),
                pointer: at.join(extension),
                message,
            };
            let rust_name = match property.get("x-rust-name") {
                None => None,
                Some(name) => match name.as_str().filter(|name| is_snake_case_ident(name)) {
                    Some(rust) => Some(rust.to_owned()),
                    None => {
                        return Err(invalid(
                            "x-rust-name",
                            format!("x-rust-name must be a snake_case identifier, not {name}"),
                        ))
                    }
                },
            };
            let secret = match property.get("x-rust-secret") {
                None | Some(Value::Bool(false)) => false,
                Some(Value::Bool(true))
                    if property.get("type").and_then(Value::as_str) == Some("string") =>
                {
                    true
                }
                Some(other) => {
                    return Err(invalid(
                        "x-rust-secret",
                        format!(
                            "x-rust-secret must be true on a `type: string` property, not {other}"
                        ),
                    ))
                }
            };
            if rust_name.is_some() || secret {
                overrides.push(FieldOverride {
                    schema: schema.clone(),
                    wire: wire.clone(),
                    rust_name,
                    secret,
                    at,
                });
            }
        }
    }
    Ok(overrides)
}

/// Applies the overrides; one that matches no generated field is an error, not a no-op.
pub fn apply(spec: &Spec, file: &mut syn::File, overrides: &[FieldOverride]) -> Result<()> {
    for wanted in overrides {
        let field = find_field(file, wanted).ok_or_else(|| Error::Codegen {
            file: spec.file.clone(),
            pointer: wanted.at.clone(),
            message: format!(
                "no generated field for property `{}` of `{}`",
                wanted.wire, wanted.schema
            ),
        })?;
        if let Some(rust) = &wanted.rust_name {
            if field
                .ident
                .as_ref()
                .is_some_and(|ident| *ident == wanted.wire)
            {
                let wire = &wanted.wire;
                field
                    .attrs
                    .push(syn::parse_quote!(#[serde(rename = #wire)]));
            }
            field.ident = Some(syn::Ident::new(rust, proc_macro2::Span::call_site()));
        }
        if wanted.secret {
            field.ty = secret_type(&field.ty).ok_or_else(|| Error::Codegen {
                file: spec.file.clone(),
                pointer: wanted.at.join("x-rust-secret"),
                message: "x-rust-secret: the generated field is not a String".into(),
            })?;
        }
    }
    Ok(())
}

/// `String` → `SecretText`, `Option<String>` → `Option<SecretText>`.
fn secret_type(ty: &syn::Type) -> Option<syn::Type> {
    if syntax::is_string(ty) {
        Some(syn::parse_quote!(crate::runtime::SecretText))
    } else if syntax::option_of(ty).is_some_and(syntax::is_string) {
        Some(syn::parse_quote!(
            ::std::option::Option<crate::runtime::SecretText>
        ))
    } else {
        None
    }
}

fn find_field<'a>(file: &'a mut syn::File, wanted: &FieldOverride) -> Option<&'a mut syn::Field> {
    syntax::field_mut(syntax::struct_mut(file, &wanted.schema)?, &wanted.wire)
}

fn is_snake_case_ident(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && syn::parse_str::<syn::Ident>(name).is_ok()
}
