//! One parts struct: the fields of one [`Alternative`] of a multipart body, and its
//! `form()`.
//!
//! Each property is a field named as typify would (`snake_case`), in the spec's order:
//! - `format: binary` is a `crate::runtime::FilePart` (bytes, file name, media type), an array
//!   of them a `Vec`; the media type defaults to the property's `encoding.contentType` when
//!   that names one type;
//! - a plain string, integer, number or boolean (or an array of them) is `String`, `i32`/`i64`,
//!   `f64`, `bool`; a `$ref` is the component's type, and so is a lone `allOf: [$ref]` (3.1's
//!   nullable reference, converted); any other inline schema is lifted into
//!   `components/schemas` of the copy as `<Op>Part<Property>` (`<Op><Alternative>Part<Property>`
//!   when alternatives declare the property differently) so typify generates it. These go
//!   out through `crate::runtime::text_part`: strings as they are, objects and arrays of
//!   objects as JSON parts with `Content-Type: application/json`, OpenAPI's default;
//! - a property the alternative does not require is an `Option`; an array is one part per item;
//!   a part has no spelling for null, so `nullable` only lets the part be left out (lifted
//!   schemas are not nullable);
//! - `additionalProperties` with a schema (or `true`, any JSON value) is the map `extra`
//!   (typify's name for it beside properties): each entry is a part named by its key.

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};
use openapiv3::{
    Components, IntegerFormat, MediaType, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::error::{Error, Pointer, Result};
use crate::spec::Spec;

use super::super::super::naming::type_name;
use super::super::super::responses::rust_ident;
use super::super::resolve;
use super::alternatives::{Alternative, Declared};
use super::unbox;

/// What names a field's parts.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Wire {
    /// A declared property: one part (or one per item) of this name.
    Named(String),
    /// `additionalProperties`: a part per map entry, named by its key.
    Keys,
}

#[derive(Debug)]
enum FieldKind {
    File,
    Files,
    Text(TokenStream),
    Texts(TokenStream),
}

#[derive(Debug)]
struct Field {
    ident: syn::Ident,
    wire: Wire,
    kind: FieldKind,
    required: bool,
    doc: Option<String>,
    /// `encoding.<property>.contentType`, when it names one media type.
    declared: Option<String>,
}

/// One parts struct.
#[derive(Debug)]
pub(super) struct Form {
    pub name: syn::Ident,
    /// The enum variant that holds it, and the `anyOf`/`oneOf` members it stands for.
    pub variant: Option<(syn::Ident, String)>,
    fields: Vec<Field>,
}

/// Types the fields of a body's alternatives, lifting inline schemas into `components`.
pub(super) struct Typing<'a> {
    pub spec: &'a Spec,
    pub components: &'a mut Option<Components>,
    pub content: &'a MediaType,
    /// The method's name in Pascal case, the start of every lifted type's name.
    pub pascal: String,
    /// The wires every alternative that has them declares alike: their lifted types are
    /// shared and named without the alternative.
    pub shared: BTreeSet<Wire>,
    /// The names lifted so far for this body.
    pub lifted: BTreeSet<String>,
}

fn is_binary(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(string))
            if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
    )
}

/// The Rust type of a scalar schema that needs no generated type.
fn primitive(schema: &Schema) -> Option<TokenStream> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string))
            if string.format == VariantOrUnknownOrEmpty::Empty && string.enumeration.is_empty() =>
        {
            Some(quote!(::std::string::String))
        }
        SchemaKind::Type(Type::Integer(integer)) if integer.enumeration.is_empty() => {
            match &integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Some(quote!(i32)),
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64)
                | VariantOrUnknownOrEmpty::Empty => Some(quote!(i64)),
                _ => None,
            }
        }
        SchemaKind::Type(Type::Number(number)) if number.enumeration.is_empty() => {
            match &number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Double)
                | VariantOrUnknownOrEmpty::Empty => Some(quote!(f64)),
                _ => None,
            }
        }
        SchemaKind::Type(Type::Boolean(_)) => Some(quote!(bool)),
        _ => None,
    }
}

/// A lone `allOf: [$ref]` is its reference: OpenAPI 3.1's `oneOf: [{type: null}, $ref]`,
/// converted, says the part may be left out, which an unset `Option` does.
fn through_wrapper(schema: &ReferenceOr<Schema>) -> &ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::AllOf { all_of },
            ..
        }) if all_of.len() == 1 && matches!(all_of[0], ReferenceOr::Reference { .. }) => &all_of[0],
        _ => schema,
    }
}

fn single_media(encoding: Option<&openapiv3::Encoding>) -> Option<String> {
    let media = encoding?.content_type.as_deref()?.trim();
    (!media.contains(['*', ','])).then(|| media.to_owned())
}

impl Typing<'_> {
    fn refuse(&self, pointer: Pointer, construct: String) -> Error {
        Error::Unsupported {
            file: self.spec.file.clone(),
            pointer,
            construct,
        }
    }

    /// The parts struct `name` of `alternative`, the variant `variant` of its body's enum
    /// when there is one.
    pub fn form(
        &mut self,
        alternative: &Alternative,
        name: syn::Ident,
        variant: Option<(syn::Ident, String)>,
    ) -> Result<Form> {
        let own_prefix = match &variant {
            Some((ident, _)) => format!("{}{ident}", self.pascal),
            None => self.pascal.clone(),
        };
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
        let mut fields: Vec<Field> = Vec::new();
        for (wire, declared) in wires {
            let ident = match &wire {
                Wire::Named(wire) => format_ident!("{}", rust_ident(&wire.to_snake_case())),
                Wire::Keys => format_ident!("extra"),
            };
            if let Some(other) = fields.iter().find(|field| field.ident == ident) {
                return Err(self.refuse(
                    declared.at.clone(),
                    format!(
                        "multipart parts {} and {} both become the Rust field `{ident}`",
                        other.wire, wire
                    ),
                ));
            }
            let prefix = match self.shared.contains(&wire) {
                true => self.pascal.clone(),
                false => own_prefix.clone(),
            };
            let lifted = match &wire {
                Wire::Named(wire) => format!("{prefix}Part{}", wire.to_pascal_case()),
                Wire::Keys => format!("{prefix}PartExtra"),
            };
            let (kind, doc) = self.kind(declared, &lifted)?;
            let (required, declared) = match &wire {
                Wire::Named(name) => (
                    alternative.required.contains(name),
                    single_media(self.content.encoding.get(name)),
                ),
                Wire::Keys => (true, None),
            };
            fields.push(Field {
                ident,
                wire,
                kind,
                required,
                doc,
                declared,
            });
        }
        Ok(Form {
            name,
            variant,
            fields,
        })
    }

    /// The kind of the field `declared` types and its doc; `lifted` names an inline schema.
    fn kind(&mut self, declared: &Declared, lifted: &str) -> Result<(FieldKind, Option<String>)> {
        let Some(property) = &declared.schema else {
            return Ok((FieldKind::Text(quote!(::serde_json::Value)), None));
        };
        let own_doc = property
            .as_item()
            .and_then(|schema| schema.schema_data.description.clone());
        let property = through_wrapper(property);
        let resolved = resolve(self.components, property).cloned().ok_or_else(|| {
            self.refuse(
                declared.at.clone(),
                "a multipart property whose $ref is not a local schema".into(),
            )
        })?;
        let doc = own_doc.or_else(|| resolved.schema_data.description.clone());
        let items = match &resolved.schema_kind {
            SchemaKind::Type(Type::Array(array)) => array.items.as_ref().map(unbox),
            _ => None,
        };
        let resolved_items = items
            .as_ref()
            .and_then(|items| resolve(self.components, through_wrapper(items)).cloned());
        let kind = if is_binary(&resolved) {
            FieldKind::File
        } else if resolved_items.as_ref().is_some_and(is_binary) {
            FieldKind::Files
        } else if let (Some(items), Some(resolved_items)) = (&items, &resolved_items) {
            let at = declared.at.join("items");
            let name = format!("{lifted}Item");
            let items = through_wrapper(items);
            FieldKind::Texts(self.text_type(items, resolved_items, &name, &at)?)
        } else {
            FieldKind::Text(self.text_type(property, &resolved, lifted, &declared.at)?)
        };
        Ok((kind, doc))
    }

    /// The type of a non-file part: a primitive, a component's type, or a lifted inline
    /// schema (lifted once per name: the alternatives sharing a name declare it alike).
    fn text_type(
        &mut self,
        schema: &ReferenceOr<Schema>,
        resolved: &Schema,
        lifted: &str,
        at: &Pointer,
    ) -> Result<TokenStream> {
        if let ReferenceOr::Reference { reference } = schema {
            let name = reference
                .strip_prefix("#/components/schemas/")
                .unwrap_or(reference);
            let ty = format_ident!("{}", type_name(name));
            return Ok(quote!(types::#ty));
        }
        if let Some(ty) = primitive(resolved) {
            return Ok(ty);
        }
        let ty = format_ident!("{}", type_name(lifted));
        if self.lifted.contains(lifted) {
            return Ok(quote!(types::#ty));
        }
        let schemas = &mut self.components.get_or_insert_with(Default::default).schemas;
        if schemas.contains_key(lifted) {
            return Err(self.refuse(
                at.clone(),
                format!(
                    "an inline multipart property schema whose generated name {lifted} is already a component"
                ),
            ));
        }
        // A part has no spelling for null: an unset `Option` leaves it out. typify would
        // also name a nullable component's inner type like the component itself.
        let mut schema = resolved.clone();
        schema.schema_data.nullable = false;
        schemas.insert(lifted.to_owned(), ReferenceOr::Item(schema));
        self.lifted.insert(lifted.to_owned());
        Ok(quote!(types::#ty))
    }
}

impl std::fmt::Display for Wire {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Wire::Named(wire) => write!(f, "`{wire}`"),
            Wire::Keys => f.write_str("additionalProperties"),
        }
    }
}

impl Form {
    /// The struct, documented by `summary` and `description`, and its `form()`.
    pub fn emit(&self, summary: &str, description: Option<&str>) -> TokenStream {
        let name = &self.name;
        let description = description.into_iter();
        let fields = self.fields.iter().map(|field| {
            let ident = &field.ident;
            let ty = match &field.kind {
                FieldKind::File => quote!(crate::runtime::FilePart),
                FieldKind::Files => quote!(::std::vec::Vec<crate::runtime::FilePart>),
                FieldKind::Text(ty) => ty.clone(),
                FieldKind::Texts(ty) => quote!(::std::vec::Vec<#ty>),
            };
            let (ty, wire) = match (&field.wire, field.required) {
                (Wire::Keys, _) => (
                    quote!(::std::collections::BTreeMap<::std::string::String, #ty>),
                    "One part per entry, named by its key.".to_owned(),
                ),
                (Wire::Named(wire), true) => (ty, format!("Part `{wire}`.")),
                (Wire::Named(wire), false) => (
                    quote!(::std::option::Option<#ty>),
                    format!("Part `{wire}`."),
                ),
            };
            let doc = field.doc.iter();
            quote!(#[doc = #wire] #(#[doc = ""] #[doc = #doc])* pub #ident: #ty,)
        });
        let adds = self.fields.iter().map(|field| {
            let ident = &field.ident;
            let declared = match &field.declared {
                Some(media) => quote!(::std::option::Option::Some(#media)),
                None => quote!(::std::option::Option::None),
            };
            let wire = match &field.wire {
                Wire::Named(wire) => quote!(#wire),
                Wire::Keys => quote!(name.clone()),
            };
            let one = |value: TokenStream| match &field.kind {
                FieldKind::File | FieldKind::Files => quote! {
                    form = form.part(#wire, #value.to_part(#declared)?);
                },
                FieldKind::Text(_) | FieldKind::Texts(_) => quote! {
                    form = form.part(#wire, crate::runtime::text_part(#value)?);
                },
            };
            let each = match &field.kind {
                FieldKind::Files | FieldKind::Texts(_) => {
                    let add = one(quote!(item));
                    quote!(for item in value { #add })
                }
                FieldKind::File | FieldKind::Text(_) => one(quote!(value)),
            };
            match (&field.wire, field.required) {
                (Wire::Keys, _) => quote! { for (name, value) in &self.#ident { #each } },
                (Wire::Named(_), true) => quote! { { let value = &self.#ident; #each } },
                (Wire::Named(_), false) => {
                    quote! { if let ::std::option::Option::Some(value) = &self.#ident { #each } }
                }
            }
        });
        quote! {
            #[doc = #summary]
            #(#[doc = ""] #[doc = #description])*
            #[derive(Clone, Debug, PartialEq)]
            pub struct #name { #(#fields)* }

            impl #name {
                /// The form on the wire: the fields set, in the spec's order, an array one
                /// part per item.
                pub(crate) fn form(
                    &self,
                ) -> ::std::result::Result<::reqwest::multipart::Form, ::std::string::String> {
                    let mut form = ::reqwest::multipart::Form::new();
                    #(#adds)*
                    Ok(form)
                }
            }
        }
    }
}
