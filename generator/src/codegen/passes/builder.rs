//! Struct builders, so that a consumer writes a 40-field request body field by field with
//! types instead of a JSON literal.
//!
//! typify has them (`TypeSpaceSettings::with_struct_builder`), but progenitor 0.15.1 turns
//! them on only with its builder-style client (`Generator::new` passes
//! `interface == InterfaceStyle::Builder`), and our clients keep positional methods. This
//! pass emits the same API typify would, from each struct's final shape (after renames,
//! secret types, flags, relations and `extra`): `X::builder()`, `types::builder::X` with one
//! setter per field, `TryFrom<builder::X> for X` whose error names the first required field
//! left unset, and `From<X> for builder::X` to start from an existing value.
//!
//! A field is optional when serde can do without it (`Option`, `#[serde(default)]`, the
//! flattened `extra` map); every other field is required, as the spec says.

use std::collections::BTreeSet;

use quote::{format_ident, quote};
use syn::visit_mut::VisitMut;

use crate::codegen::syntax::{option_of, types_mut, wire_name};

/// Writes the builders; returns how many structs got one.
pub fn apply(file: &mut syn::File) -> usize {
    let Some(items) = types_mut(file) else {
        return 0;
    };
    let names: BTreeSet<String> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) => Some(item.ident.to_string()),
            syn::Item::Enum(item) => Some(item.ident.to_string()),
            syn::Item::Type(item) => Some(item.ident.to_string()),
            _ => None,
        })
        .collect();
    let structs: Vec<syn::ItemStruct> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) if matches!(item.fields, syn::Fields::Named(_)) => {
                Some(item.clone())
            }
            _ => None,
        })
        .collect();
    if structs.is_empty() {
        return 0;
    }
    let mut builders = Vec::new();
    for item in &structs {
        let name = &item.ident;
        items.push(syn::parse_quote! {
            impl #name {
                /// A builder with every required field unset.
                pub fn builder() -> builder::#name {
                    Default::default()
                }
            }
        });
        builders.extend(builder(item, &names));
    }
    items.push(syn::parse_quote! {
        /// Builders for the types of this module: one setter per field, and `try_into()`
        /// (or `TryFrom`) fails naming the first required field left unset.
        pub mod builder {
            #(#builders)*
        }
    });
    structs.len()
}

/// `builder::X` for `item`, its setters and its conversions.
fn builder(item: &syn::ItemStruct, names: &BTreeSet<String>) -> Vec<syn::Item> {
    let name = &item.ident;
    let fields: Vec<&syn::Field> = item.fields.iter().collect();
    let idents: Vec<&syn::Ident> = fields.iter().filter_map(|f| f.ident.as_ref()).collect();
    let types: Vec<syn::Type> = fields
        .iter()
        .map(|field| {
            let mut ty = field.ty.clone();
            InParent { names }.visit_type_mut(&mut ty);
            ty
        })
        .collect();
    let initial = fields.iter().map(|field| initial_value(field));
    let docs = fields.iter().map(|field| {
        field
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("doc"))
            .collect::<Vec<_>>()
    });
    let conversion_errors = idents.iter().map(|ident| {
        format!(
            "error converting supplied value for {}: {{e}}",
            unraw(ident)
        )
    });
    let value = if idents.is_empty() {
        format_ident!("_value")
    } else {
        format_ident!("value")
    };
    let doc = format!("Builds a [`super::{name}`] field by field; see [`super::{name}::builder`].");
    let items: syn::File = syn::parse_quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct #name {
            #(#idents: ::std::result::Result<#types, ::std::string::String>,)*
        }

        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self {
                    #(#idents: #initial,)*
                }
            }
        }

        impl #name {
            #(
                #(#docs)*
                pub fn #idents<T>(mut self, value: T) -> Self
                where
                    T: ::std::convert::TryInto<#types>,
                    T::Error: ::std::fmt::Display,
                {
                    self.#idents = value.try_into().map_err(|e| format!(#conversion_errors));
                    self
                }
            )*
        }

        impl ::std::convert::TryFrom<#name> for super::#name {
            type Error = super::error::ConversionError;

            fn try_from(
                #value: #name,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    #(#idents: #value.#idents?,)*
                })
            }
        }

        impl ::std::convert::From<super::#name> for #name {
            fn from(#value: super::#name) -> Self {
                Self {
                    #(#idents: Ok(#value.#idents),)*
                }
            }
        }
    };
    items.items
}

/// `Ok(default)` for a field serde can do without, else the error naming it.
fn initial_value(field: &syn::Field) -> proc_macro2::TokenStream {
    if let Some(function) = serde_default(field) {
        return match function {
            Some(path) => quote!(Ok(super::#path())),
            None => quote!(Ok(Default::default())),
        };
    }
    if option_of(&field.ty).is_some() || is_flattened(field) {
        return quote!(Ok(Default::default()));
    }
    let ident = field.ident.as_ref().map(unraw).unwrap_or_default();
    let message = match wire_name(field) {
        Some(wire) if wire != ident => format!("no value supplied for {ident} (`{wire}`)"),
        _ => format!("no value supplied for {ident}"),
    };
    quote!(Err(#message.to_string()))
}

/// `Some(None)` for `#[serde(default)]`, `Some(Some(path))` for `#[serde(default = "path")]`.
fn serde_default(field: &syn::Field) -> Option<Option<syn::Path>> {
    let mut found = None;
    for attr in serde_attrs(field) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") {
                found = Some(match meta.input.peek(syn::Token![=]) {
                    true => Some(meta.value()?.parse::<syn::LitStr>()?.parse::<syn::Path>()?),
                    false => None,
                });
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
    }
    found
}

fn is_flattened(field: &syn::Field) -> bool {
    let mut flattened = false;
    for attr in serde_attrs(field) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("flatten") {
                flattened = true;
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
    }
    flattened
}

fn serde_attrs(field: &syn::Field) -> impl Iterator<Item = &syn::Attribute> {
    field
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
}

/// The field's name as a consumer reads it (`type_`, not `r#type`).
fn unraw(ident: &syn::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_owned()
}

/// Prefixes `super::` to the types of the `types` module, which the builder module (where
/// the same names are builders) sees from below.
struct InParent<'a> {
    names: &'a BTreeSet<String>,
}

impl VisitMut for InParent<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        syn::visit_mut::visit_path_mut(self, path);
        let local = path.leading_colon.is_none()
            && path
                .segments
                .first()
                .is_some_and(|first| self.names.contains(&first.ident.to_string()));
        if local {
            path.segments.insert(0, syn::parse_quote!(super));
        }
    }
}
