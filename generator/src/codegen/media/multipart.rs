//! The parts struct of a `multipart/form-data` body, emitted beside progenitor's output in
//! the module `multipart`.
//!
//! The body's schema must be one object with properties (after `$ref`s). Each property is a
//! field named as typify would (`snake_case`), in the spec's order:
//! - `format: binary` is a `crate::runtime::FilePart` (bytes, file name, media type), an array
//!   of them a `Vec`; the media type defaults to the property's `encoding.contentType` when
//!   that names one type;
//! - a plain string, integer, number or boolean (or an array of them) is `String`, `i32`/`i64`,
//!   `f64`, `bool`; a `$ref` is the component's type; any other inline schema is lifted into
//!   `components/schemas` of the copy as `<Op>Part<Property>` so typify generates it. These
//!   go out through `crate::runtime::text_part` (strings as they are, objects as JSON);
//! - a property the schema does not require is an `Option`; an array is one part per item.

use heck::{ToPascalCase, ToSnakeCase};
use openapiv3::{
    Components, IntegerFormat, MediaType, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::error::{Error, Pointer, Result};
use crate::spec::Spec;

use super::super::naming::type_name;
use super::super::responses::rust_ident;
use super::resolve;

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
    wire: String,
    kind: FieldKind,
    required: bool,
    doc: Option<String>,
    /// `encoding.<property>.contentType`, when it names one media type.
    declared: Option<String>,
}

/// One operation's multipart body.
#[derive(Debug)]
pub struct Parts {
    pub(super) name: syn::Ident,
    pub(super) method: String,
    doc: Option<String>,
    fields: Vec<Field>,
}

fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Item(schema) => ReferenceOr::Item((**schema).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    }
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

fn single_media(encoding: Option<&openapiv3::Encoding>) -> Option<String> {
    let media = encoding?.content_type.as_deref()?.trim();
    (!media.contains(['*', ','])).then(|| media.to_owned())
}

impl Parts {
    /// The parts struct of `method`'s multipart body `content` (at `at`, the media type's
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
        let object = content
            .schema
            .as_ref()
            .and_then(|schema| resolve(components, schema))
            .and_then(|schema| match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                    Some(object.clone())
                }
                _ => None,
            })
            .ok_or_else(|| {
                refuse(
                    schema_at.clone(),
                    "a multipart/form-data schema that is not one object with properties (allOf, anyOf, oneOf or a free-form object name no parts)".into(),
                )
            })?;
        for (property, encoding) in &content.encoding {
            if !encoding.headers.is_empty() {
                return Err(refuse(
                    at.join("encoding").join(property).join("headers"),
                    "per-part headers in a multipart `encoding` section".into(),
                ));
            }
        }
        let pascal = type_name(method);
        let mut fields: Vec<Field> = Vec::new();
        for (wire, property) in &object.properties {
            let property_at = schema_at.join("properties").join(wire);
            let property = unbox(property);
            let resolved = resolve(components, &property).cloned().ok_or_else(|| {
                refuse(
                    property_at.clone(),
                    "a multipart property whose $ref is not a local schema".into(),
                )
            })?;
            let items = match &resolved.schema_kind {
                SchemaKind::Type(Type::Array(array)) => array.items.as_ref().map(unbox),
                _ => None,
            };
            let resolved_items = items
                .as_ref()
                .and_then(|items| resolve(components, items).cloned());
            let kind = if is_binary(&resolved) {
                FieldKind::File
            } else if resolved_items.as_ref().is_some_and(is_binary) {
                FieldKind::Files
            } else if let (Some(items), Some(resolved_items)) = (&items, &resolved_items) {
                let at = property_at.join("items");
                let name = format!("{pascal}Part{}Item", wire.to_pascal_case());
                FieldKind::Texts(text_type(
                    spec,
                    components,
                    items,
                    resolved_items,
                    &name,
                    &at,
                )?)
            } else {
                let name = format!("{pascal}Part{}", wire.to_pascal_case());
                FieldKind::Text(text_type(
                    spec,
                    components,
                    &property,
                    &resolved,
                    &name,
                    &property_at,
                )?)
            };
            let ident = format_ident!("{}", rust_ident(&wire.to_snake_case()));
            if let Some(other) = fields.iter().find(|field| field.ident == ident) {
                return Err(refuse(
                    property_at,
                    format!(
                        "multipart properties `{}` and `{wire}` both become the Rust field `{ident}`",
                        other.wire
                    ),
                ));
            }
            fields.push(Field {
                ident,
                wire: wire.clone(),
                kind,
                required: object.required.contains(wire),
                doc: resolved.schema_data.description.clone(),
                declared: single_media(content.encoding.get(wire)),
            });
        }
        Ok(Parts {
            name: format_ident!("{pascal}Parts"),
            method: method.to_owned(),
            doc: description.map(str::to_owned),
            fields,
        })
    }

    /// The struct and its `form()`.
    pub fn emit(&self) -> TokenStream {
        let name = &self.name;
        let summary = format!(
            "The `multipart/form-data` body of `{}`: one field per part.",
            self.method
        );
        let description = self.doc.iter();
        let fields = self.fields.iter().map(|field| {
            let ident = &field.ident;
            let ty = match &field.kind {
                FieldKind::File => quote!(crate::runtime::FilePart),
                FieldKind::Files => quote!(::std::vec::Vec<crate::runtime::FilePart>),
                FieldKind::Text(ty) => ty.clone(),
                FieldKind::Texts(ty) => quote!(::std::vec::Vec<#ty>),
            };
            let ty = match field.required {
                true => ty,
                false => quote!(::std::option::Option<#ty>),
            };
            let wire = format!("Part `{}`.", field.wire);
            let doc = field.doc.iter();
            quote!(#[doc = #wire] #(#[doc = ""] #[doc = #doc])* pub #ident: #ty,)
        });
        let adds = self.fields.iter().map(|field| {
            let ident = &field.ident;
            let wire = &field.wire;
            let declared = match &field.declared {
                Some(media) => quote!(::std::option::Option::Some(#media)),
                None => quote!(::std::option::Option::None),
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
            match field.required {
                true => quote! { { let value = &self.#ident; #each } },
                false => {
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

/// The type of a non-file part: a primitive, a component's type, or a lifted inline schema.
fn text_type(
    spec: &Spec,
    components: &mut Option<Components>,
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
    let schemas = &mut components.get_or_insert_with(Default::default).schemas;
    if schemas.contains_key(lifted) {
        return Err(Error::Unsupported {
            file: spec.file.clone(),
            pointer: at.clone(),
            construct: format!(
                "an inline multipart property schema whose generated name {lifted} is already a component"
            ),
        });
    }
    schemas.insert(lifted.to_owned(), ReferenceOr::Item(resolved.clone()));
    let ty = format_ident!("{}", type_name(lifted));
    Ok(quote!(types::#ty))
}
