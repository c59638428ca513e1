//! Struct layout that follows the spec, for every object schema in `components.schemas`:
//!
//! - fields in the order of the schema's `properties` (typify sorts them alphabetically), so
//!   a request body or a deepObject query serialises in the vendor's documented order
//!   (`filter[paid]=0&filter[closed]=0&filter[customer]=1234`);
//! - an open object (`additionalProperties: true`) keeps the members the spec does not list,
//!   in `#[serde(flatten)] pub extra: serde_json::Map<String, Value>` (typify drops them), so
//!   a vendor's undocumented fields survive a decode and a re-encode.

use std::collections::BTreeSet;

use serde_json::Value;
use syn::visit_mut::VisitMut;

use crate::codegen::component_names;
use crate::codegen::naming::type_name;
use crate::codegen::syntax::{struct_named, types_mut, wire_name};
use crate::error::{Error, Pointer, Result};
use crate::spec::Spec;

/// The field holding an open object's unlisted members.
const EXTRA: &str = "extra";

pub fn apply(spec: &Spec, file: &mut syn::File) -> Result<()> {
    let schemas = spec
        .json
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    // A component that repeats another under a name of the same Rust name is that one's
    // struct (`codegen::component_names`): laid out once.
    let struct_names = component_names::struct_names(&spec.json);
    let mut laid_out = BTreeSet::new();
    for (name, schema) in schemas.into_iter().flatten() {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        let rust = struct_names
            .get(name)
            .cloned()
            .unwrap_or_else(|| type_name(name));
        if !laid_out.insert(rust.clone()) {
            continue;
        }
        let open = schema.get("additionalProperties") == Some(&Value::Bool(true));
        let Some(item) = struct_named(file, &rust) else {
            if open {
                return Err(Error::Codegen {
                    file: spec.file.clone(),
                    pointer: Pointer::from_tokens(["components", "schemas", name])
                        .join("additionalProperties"),
                    message: format!(
                        "an open object, but no generated struct `{}` to keep its unlisted \
                         members in",
                        rust
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
        if open {
            default_with_extra(file, &rust);
        }
    }
    Ok(())
}

/// typify writes `impl Default` as a `Self { .. }` literal for a struct whose every field has
/// a default (Plaid's `ProductAccess`): the literal needs the `extra` field too.
fn default_with_extra(file: &mut syn::File, struct_name: &str) {
    struct WithExtra;
    impl VisitMut for WithExtra {
        fn visit_expr_struct_mut(&mut self, literal: &mut syn::ExprStruct) {
            if literal.path.is_ident("Self") {
                literal
                    .fields
                    .push(syn::parse_quote!(extra: ::std::default::Default::default()));
            }
        }
    }
    for item in types_mut(file).into_iter().flatten() {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let is_default = block.trait_.as_ref().is_some_and(|(_, path, _)| {
            path.segments
                .last()
                .is_some_and(|last| last.ident == "Default")
        });
        let is_for_struct =
            matches!(&*block.self_ty, syn::Type::Path(ty) if ty.path.is_ident(struct_name));
        if is_default && is_for_struct {
            WithExtra.visit_item_impl_mut(block);
        }
    }
}
