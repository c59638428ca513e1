//! `x-rust-bool`: a string enum of exactly two values that Rust sees as `bool`.
//!
//! Vendors send flags as strings (Firmino's `"active": "true"`, QuoParts' `"FLG_ATV": "1"`).
//! The published spec must say so; Rust users should get a `bool`, not a two-variant enum. A
//! component schema marked `x-rust-bool: true` is not generated as a type: every field of that
//! type becomes `bool` (or `Option<bool>`) with `#[serde(with = "crate::runtime::flag::…")]`,
//! which writes and reads the two strings.

use serde_json::Value;
use syn::visit_mut::{self, VisitMut};

use crate::codegen::syntax::{is_path_to, mentions, option_of, pascal_case, remove_type};
use crate::error::{Error, Pointer, Result};
use crate::spec::Spec;

/// A component schema to generate as `bool`.
pub struct BoolSchema {
    type_name: String,
    /// The `crate::runtime::flag` module for its pair of strings.
    serde_module: &'static str,
    at: Pointer,
}

/// The string pairs `crate::runtime::flag` has a module for: (true, false, module).
const FLAG_ENCODINGS: [(&str, &str, &str); 2] = [
    ("true", "false", "crate::runtime::flag::bool_string"),
    ("1", "0", "crate::runtime::flag::bool_digit"),
];

/// Every component schema with `x-rust-bool: true`, checked to be a `"true"`/`"false"` enum.
pub fn collect(spec: &Spec) -> Result<Vec<BoolSchema>> {
    let schemas = spec
        .json
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let mut found = Vec::new();
    for (name, schema) in schemas.into_iter().flatten() {
        let Some(flag) = schema.get("x-rust-bool") else {
            continue;
        };
        let at = Pointer::from_tokens(["components", "schemas", name]);
        let invalid = |message: String| Error::Invalid {
            file: spec.file.clone(),
            pointer: at.join("x-rust-bool"),
            message,
        };
        match flag {
            Value::Bool(true) => {}
            Value::Bool(false) => continue,
            other => return Err(invalid(format!("must be true or false, not {other}"))),
        }
        let is_string = schema.get("type").and_then(Value::as_str) == Some("string");
        let values = schema.get("enum").and_then(Value::as_array);
        let encoding = FLAG_ENCODINGS.iter().find(|(yes, no, _)| {
            values.is_some_and(|values| {
                values.len() == 2
                    && values.contains(&Value::from(*yes))
                    && values.contains(&Value::from(*no))
            })
        });
        let nullable = schema.get("nullable") == Some(&Value::Bool(true));
        match encoding {
            Some((_, _, serde_module)) if is_string && !nullable => found.push(BoolSchema {
                type_name: pascal_case(name),
                serde_module,
                at,
            }),
            _ => {
                return Err(invalid(
                    "only a non-nullable `type: string` schema with `enum: ['true', 'false']` or \
                     `enum: ['1', '0']` can be a Rust bool"
                        .into(),
                ))
            }
        }
    }
    Ok(found)
}

/// Replaces each marked type by `bool` in every field, then deletes the type and its impls.
/// A use the rewrite cannot handle (a `Vec` of it, a parameter) is an error naming the schema.
pub fn apply(spec: &Spec, file: &mut syn::File, schemas: &[BoolSchema]) -> Result<()> {
    for schema in schemas {
        let mut rewrite = FieldTypes {
            name: &schema.type_name,
            serde_module: schema.serde_module,
            rewritten: 0,
        };
        rewrite.visit_file_mut(file);
        remove_type(file, &schema.type_name);
        if mentions(file, &schema.type_name) || rewrite.rewritten == 0 {
            return Err(Error::Codegen {
                file: spec.file.clone(),
                pointer: schema.at.clone(),
                message: format!(
                    "x-rust-bool: `{}` must be used only as a property (required or optional) of \
                     an object schema",
                    schema.type_name
                ),
            });
        }
    }
    Ok(())
}

struct FieldTypes<'a> {
    name: &'a str,
    serde_module: &'a str,
    rewritten: usize,
}

impl VisitMut for FieldTypes<'_> {
    fn visit_field_mut(&mut self, field: &mut syn::Field) {
        if is_path_to(&field.ty, self.name) {
            let with = self.serde_module;
            field.ty = syn::parse_quote!(bool);
            field.attrs.push(syn::parse_quote!(#[serde(with = #with)]));
            self.rewritten += 1;
        } else if option_of(&field.ty).is_some_and(|inner| is_path_to(inner, self.name)) {
            let with = format!("{}::option", self.serde_module);
            field.ty = syn::parse_quote!(::std::option::Option<bool>);
            // With `with`, serde no longer treats a missing Option field as None by itself.
            field
                .attrs
                .push(syn::parse_quote!(#[serde(default, with = #with)]));
            self.rewritten += 1;
        }
        visit_mut::visit_field_mut(self, field);
    }
}
