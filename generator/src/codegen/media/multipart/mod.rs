//! The parts type of a `multipart/form-data` body, emitted beside progenitor's output in
//! the module `multipart`.
//!
//! The body's schema, through `$ref`s and `allOf`/`anyOf`/`oneOf` ([`alternatives`]), names
//! one or more sets of parts:
//! - one set (an object, or an `allOf` of objects): the struct `<Op>Parts`, one field per
//!   part ([`form`]);
//! - several (an `anyOf` or `oneOf`, also inside an `allOf`): the enum `<Op>Parts` with one
//!   variant per alternative, named after the members chosen, each holding its own struct
//!   `<Op><Variant>Parts` (and `From` it). An alternative's fields are exactly its parts,
//!   each required as that alternative requires it, so a caller cannot mix two members'
//!   parts; `oneOf` and `anyOf` are typed alike, since one member's parts satisfy both.

use std::collections::BTreeSet;

use openapiv3::{Components, MediaType, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::error::{Error, Pointer, Result};
use crate::spec::Spec;

use super::super::naming::type_name;

mod alternatives;
mod form;

use alternatives::{same, Alternative};
use form::{Form, Typing, Wire};

/// One operation's multipart body.
#[derive(Debug)]
pub struct Parts {
    /// The type the method takes: the struct, or the enum of the alternatives' structs.
    pub(super) name: syn::Ident,
    pub(super) method: String,
    doc: Option<String>,
    forms: Vec<Form>,
}

fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Item(schema) => ReferenceOr::Item((**schema).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    }
}

/// The wires that every alternative declaring them declares alike.
fn shared(alternatives: &[Alternative]) -> BTreeSet<Wire> {
    let mut seen = Vec::new();
    let mut differ = BTreeSet::new();
    for alternative in alternatives {
        let wires = alternative
            .properties
            .iter()
            .map(|(wire, declared)| (Wire::Named(wire.clone()), declared))
            .chain(
                alternative
                    .additional
                    .iter()
                    .map(|extra| (Wire::Keys, extra)),
            );
        for (wire, declared) in wires {
            match seen.iter().find(|(seen, _)| *seen == wire) {
                None => seen.push((wire, &declared.schema)),
                Some((_, first)) if !same(first, &declared.schema) => {
                    differ.insert(wire);
                }
                Some(_) => {}
            }
        }
    }
    seen.into_iter()
        .map(|(wire, _)| wire)
        .filter(|wire| !differ.contains(wire))
        .collect()
}

/// The enum variant of each alternative: the members it chose, in Pascal case; by position
/// (`Variant0`, …) when two alternatives would get one name.
fn variant_names(alternatives: &[Alternative]) -> Vec<syn::Ident> {
    let named = alternatives
        .iter()
        .map(|alternative| type_name(&alternative.choices.join("_")))
        .collect::<Vec<_>>();
    let distinct = named.iter().collect::<BTreeSet<_>>().len() == named.len();
    named
        .into_iter()
        .enumerate()
        .map(|(index, name)| match distinct {
            true => format_ident!("{name}"),
            false => format_ident!("Variant{index}"),
        })
        .collect()
}

/// Whether the caller builds the form of multipart body `content`: its schema names no parts
/// (none, a string, an array or another scalar, an object without properties; Jira's
/// `columns` is an array of strings, its attachment a binary string), or an `encoding`
/// gives a part headers (Camunda's), which no generated field can carry. The method then
/// takes a `reqwest::multipart::Form`; a schema composed of such members stays refused where
/// the member is ([`alternatives`]).
pub fn caller_built(components: &Option<Components>, content: &MediaType) -> bool {
    if content
        .encoding
        .values()
        .any(|encoding| !encoding.headers.is_empty())
    {
        return true;
    }
    let Some(schema) = content.schema.as_ref() else {
        return true;
    };
    let Some(schema) = super::resolve(components, schema) else {
        return false;
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            object.properties.is_empty() && object.additional_properties.is_none()
        }
        SchemaKind::Type(_) => true,
        _ => false,
    }
}

impl Parts {
    /// The parts type of `method`'s multipart body `content` (at `at`, the media type's
    /// pointer); lifts inline property schemas into `components`.
    pub fn of(
        spec: &Spec,
        components: &mut Option<Components>,
        content: &MediaType,
        method: &str,
        at: &Pointer,
        description: Option<&str>,
    ) -> Result<Parts> {
        let refuse = |pointer: Pointer, construct: String| Error::Unsupported {
            file: spec.file.clone(),
            pointer,
            construct,
        };
        let schema_at = at.join("schema");
        let Some(schema) = &content.schema else {
            return Err(refuse(
                at.clone(),
                "a multipart/form-data body without a schema: it names no parts".into(),
            ));
        };
        let alternatives = alternatives::of(spec, components, schema, &schema_at)?;
        if let Some(empty) = alternatives.iter().find(|alternative| {
            alternative.properties.is_empty() && alternative.additional.is_none()
        }) {
            let which = match empty.choices.is_empty() {
                true => String::new(),
                false => format!(" (its alternative {})", empty.choices.join(" + ")),
            };
            return Err(refuse(
                schema_at,
                format!("a multipart/form-data schema{which} that names no parts: an object without properties"),
            ));
        }
        for (property, encoding) in &content.encoding {
            if !encoding.headers.is_empty() {
                return Err(refuse(
                    at.join("encoding").join(property).join("headers"),
                    "per-part headers in a multipart `encoding` section".into(),
                ));
            }
        }
        let pascal = type_name(method);
        let mut typing = Typing {
            spec,
            components,
            content,
            pascal: pascal.clone(),
            shared: shared(&alternatives),
            lifted: BTreeSet::new(),
        };
        let forms = match alternatives.as_slice() {
            [one] if one.choices.is_empty() => {
                vec![typing.form(one, format_ident!("{pascal}Parts"), None)?]
            }
            _ => {
                let variants = variant_names(&alternatives);
                let mut forms = Vec::new();
                for (alternative, variant) in alternatives.iter().zip(variants) {
                    let name = format_ident!("{pascal}{variant}Parts");
                    let chosen = alternative.choices.join(" + ");
                    forms.push(typing.form(alternative, name, Some((variant, chosen)))?);
                }
                forms
            }
        };
        Ok(Parts {
            name: format_ident!("{pascal}Parts"),
            method: method.to_owned(),
            doc: description.map(str::to_owned),
            forms,
        })
    }

    /// Every type name this body puts into the module `multipart`.
    pub(super) fn type_names(&self) -> impl Iterator<Item = &syn::Ident> {
        std::iter::once(&self.name).chain(
            self.forms
                .iter()
                .map(|form| &form.name)
                .filter(|name| **name != self.name),
        )
    }

    /// The struct and its `form()`; for alternatives, their structs and the enum.
    pub fn emit(&self) -> TokenStream {
        let method = &self.method;
        let description = self.doc.as_deref();
        if let [form] = self.forms.as_slice() {
            if form.variant.is_none() {
                let summary =
                    format!("The `multipart/form-data` body of `{method}`: one field per part.");
                return form.emit(&summary, description);
            }
        }
        let structs = self.forms.iter().map(|form| {
            let chosen = form.variant.as_ref().map_or("", |(_, chosen)| chosen);
            let summary = format!(
                "The `multipart/form-data` body of `{method}` as `{chosen}`: one field per part."
            );
            form.emit(&summary, None)
        });
        let name = &self.name;
        let summary = format!(
            "The `multipart/form-data` body of `{method}`: the parts of one of its alternatives."
        );
        let description = description.into_iter();
        let variants = self.forms.iter().filter_map(|form| {
            let (variant, chosen) = form.variant.as_ref()?;
            let doc = format!("The parts of `{chosen}`.");
            let ty = &form.name;
            Some(quote!(#[doc = #doc] #variant(#ty),))
        });
        let arms = self.forms.iter().filter_map(|form| {
            let (variant, _) = form.variant.as_ref()?;
            Some(quote!(Self::#variant(parts) => parts.form(),))
        });
        let conversions = self.forms.iter().filter_map(|form| {
            let (variant, _) = form.variant.as_ref()?;
            let ty = &form.name;
            Some(quote! {
                impl ::std::convert::From<#ty> for #name {
                    fn from(parts: #ty) -> Self {
                        Self::#variant(parts)
                    }
                }
            })
        });
        quote! {
            #(#structs)*

            #[doc = #summary]
            #(#[doc = ""] #[doc = #description])*
            #[derive(Clone, Debug, PartialEq)]
            pub enum #name { #(#variants)* }

            impl #name {
                /// The form on the wire: the chosen alternative's parts.
                pub(crate) fn form(
                    &self,
                ) -> ::std::result::Result<::reqwest::multipart::Form, ::std::string::String> {
                    match self { #(#arms)* }
                }
            }

            #(#conversions)*
        }
    }
}
