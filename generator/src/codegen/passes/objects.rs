//! Struct layout that follows the spec, for every object schema in `components.schemas`:
//!
//! - fields in the order of the schema's `properties` (typify sorts them alphabetically), so
//!   a request body or a deepObject query serialises in the vendor's documented order
//!   (`filter[paid]=0&filter[closed]=0&filter[customer]=1234`);
//! - an open object (`additionalProperties: true`) keeps the members the spec does not list,
//!   in `#[serde(flatten)] pub extra: serde_json::Map<String, Value>` (typify drops them), so
//!   a vendor's undocumented fields survive a decode and a re-encode.

use serde_json::Value;

use crate::codegen::naming::type_name;
use crate::codegen::syntax::{struct_mut, wire_name};
use crate::error::{Error, Pointer, Result};
use crate::spec::Spec;

/// The field holding an open object's unlisted members.
const EXTRA: &str = "extra";

pub fn apply(spec: &Spec, file: &mut syn::File) -> Result<()> {
    let schemas = spec
        .json
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (name, schema) in schemas.into_iter().flatten() {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        let open = schema.get("additionalProperties") == Some(&Value::Bool(true));
        let Some(item) = struct_mut(file, name) else {
            if open {
                return Err(Error::Codegen {
                    file: spec.file.clone(),
                    pointer: Pointer::from_tokens(["components", "schemas", name])
                        .join("additionalProperties"),
                    message: format!(
                        "an open object, but no generated struct `{}` to keep its unlisted \
                         members in",
                        type_name(name)
                    ),
                });
            }
            // Not generated as a struct (typify's choice for this shape): no field order.
            continue;
        };
        let syn::Fields::Named(fields) = &mut item.fields else {
            continue;
        };
        let position = |field: &syn::Field| {
            wire_name(field)
                .and_then(|wire| properties.keys().position(|key| *key == wire))
                .unwrap_or(usize::MAX)
        };
        let mut ordered: Vec<syn::Field> = fields.named.iter().cloned().collect();
        // Cached: a field's wire name is read from its attributes, too slow for each comparison.
        ordered.sort_by_cached_key(|field| position(field));
        if open {
            if properties.contains_key(EXTRA) {
                return Err(Error::Invalid {
                    file: spec.file.clone(),
                    pointer: Pointer::from_tokens([
                        "components",
                        "schemas",
                        name,
                        "properties",
                        EXTRA,
                    ]),
                    message: format!(
                        "an open object cannot have a property named `{EXTRA}`: it holds the \
                         unlisted members in Rust (use x-rust-name)"
                    ),
                });
            }
            ordered.push(syn::parse_quote! {
                /// Members the spec does not list, kept as received.
                #[serde(flatten)]
                pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>
            });
        }
        fields.named = ordered.into_iter().collect();
    }
    Ok(())
}
