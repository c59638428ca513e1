//! Request media types progenitor 0.15.1 does not take: several per operation (it hits a
//! `todo!`), `multipart/form-data`, and raw bodies other than `application/octet-stream`
//! with a binary schema or `text/plain` with a string one (it refuses them).
//!
//! In the codegen copy each operation keeps one media type, the first of: JSON, a `+json`
//! type, form, XML, multipart, `application/octet-stream`, `text/plain`, any other. That
//! operation keeps its method name. Every other media type becomes a copy of the operation
//! under `<method>_<suffix>`, the suffix named after the media type ([`suffix`]: `form`,
//! `multipart`, `xml`, `octet_stream`, `plain`, `any` for `*/*`), at the path key
//! `<path>#<suffix>` so the copies are distinct path items for progenitor; [`rewrite`] strips
//! the fragment from the URL again. A name taken by another operation is a located refusal.
//! Each copy is a whole progenitor method: same parameters, the `crate::runtime::Auth::apply`
//! pre-hook, the responses typed by `codegen::responses`.
//!
//! What progenitor is told, by kind:
//! - JSON and form: as declared; a `+json` type as JSON, and [`rewrite`] sets its
//!   `Content-Type`.
//! - XML (`application/xml`, `text/xml`, `+xml`) whose schema is a component: as JSON, so
//!   the method takes the component's type; [`xml`] lays the body out as the spec's `xml`
//!   objects say and [`rewrite`] sends it with `crate::runtime::xml_body` (the client
//!   crate's `xml` feature). XML with an inline schema, or one the XML object gives no
//!   layout (a recorded skip), is raw.
//! - Raw (`*/*`, `text/x-markdown`, `application/sdp`, an octet stream or text with another
//!   schema…): `application/octet-stream` with a binary schema (the method takes any
//!   `Into<reqwest::Body>`), and [`rewrite`] puts the declared media type on the wire (a
//!   wildcard stays `application/octet-stream`).
//! - Multipart: no body; [`multipart`] emits a parts struct beside progenitor's output and
//!   [`rewrite`] adds it as the method's `body` and sends it as the form.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use openapiv3::{
    Components, MediaType, Operation, ReferenceOr, RequestBody, Schema, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};

use crate::error::{Error, Pointer, Result};
use crate::spec::{tree, Spec};

use super::responses::progenitor_method;

mod multipart;
mod rewrite;
mod xml;

pub use multipart::Parts;

/// How one method's request is changed after progenitor.
#[derive(Debug)]
struct MethodBody {
    method: String,
    at: Pointer,
    /// For a copy: the path key's `#<suffix>` to strip and the media type it sends.
    fragment: Option<(String, String)>,
    body: BodyRewrite,
}

#[derive(Debug)]
enum BodyRewrite {
    /// progenitor's output is right as it is.
    Kept,
    /// progenitor sends `application/octet-stream`; the spec declares this.
    ContentType(String),
    /// progenitor sends `.json(&body)` with `application/json`; the spec declares this.
    JsonContentType(String),
    /// The body is the parts struct of this index in [`Media::parts`].
    Multipart(usize),
    /// The body is a `reqwest::multipart::Form` the caller builds
    /// ([`multipart::caller_built`]).
    CallerForm,
    /// progenitor sends `.json(&body)`; the spec declares XML of this media type, laid out
    /// as the body of `component` in [`Media::xml`].
    Xml { media: String, component: String },
}

/// Every request body progenitor is not given as declared.
#[derive(Debug, Default)]
pub struct Media {
    methods: Vec<MethodBody>,
    parts: Vec<Parts>,
    xml: xml::Bodies,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Json,
    JsonLike,
    Form,
    Xml,
    Multipart,
    OctetStream,
    Text,
    Raw,
}

/// A media type without its parameters, lowercased: `Application/JSON; charset=utf-8` →
/// `application/json`.
pub(super) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// `application/json` or a `+json` type (`application/problem+json`), parameters aside.
pub(super) fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

fn kind(media: &str, schema: Option<&Schema>) -> Kind {
    match essence(media).as_str() {
        "application/json" => Kind::Json,
        // Without a schema there is no form to type: the caller's bytes are sent.
        "application/x-www-form-urlencoded" if schema.is_some() => Kind::Form,
        "multipart/form-data" => Kind::Multipart,
        "application/octet-stream" if schema.is_some_and(|s| is_plain_string(s, true)) => {
            Kind::OctetStream
        }
        "text/plain" | "text/x-markdown" if schema.is_some_and(|s| is_plain_string(s, false)) => {
            Kind::Text
        }
        other if other.ends_with("+json") => Kind::JsonLike,
        "application/xml" | "text/xml" => Kind::Xml,
        other if other.ends_with("+xml") => Kind::Xml,
        _ => Kind::Raw,
    }
}

/// What progenitor accepts for a raw body: a string without constraints, `format: binary`
/// for an octet stream and no format for text.
fn is_plain_string(schema: &Schema, binary: bool) -> bool {
    let data = &schema.schema_data;
    if data.nullable || data.default.is_some() || data.discriminator.is_some() {
        return false;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            let format_fits = match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => binary,
                VariantOrUnknownOrEmpty::Empty => !binary,
                _ => false,
            };
            format_fits
                && string.pattern.is_none()
                && string.enumeration.is_empty()
                && string.min_length.is_none()
                && string.max_length.is_none()
        }
        _ => false,
    }
}

/// The method-name suffix of a copy sending `media`: the subtype without its `x-` prefix
/// and `+suffix`, in snake case; `form` for form-urlencoded, `multipart` for form-data, `any`
/// for a wildcard.
pub fn suffix(media: &str) -> String {
    let essence = essence(media);
    match essence.as_str() {
        "application/x-www-form-urlencoded" => return "form".into(),
        "multipart/form-data" => return "multipart".into(),
        _ => {}
    }
    let subtype = essence.split('/').nth(1).unwrap_or(&essence);
    let subtype = subtype.split('+').next().unwrap_or(subtype);
    let subtype = subtype.strip_prefix("x-").unwrap_or(subtype);
    match subtype {
        "*" | "" => "any".into(),
        other => other.to_snake_case(),
    }
}

/// `schema`, following `$ref`s into `components.schemas`.
pub(super) fn resolve<'a>(
    components: &'a Option<Components>,
    schema: &'a ReferenceOr<Schema>,
) -> Option<&'a Schema> {
    let mut current = schema;
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(schema) => return Some(schema),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                current = components.as_ref()?.schemas.get(name)?;
            }
        }
    }
    None
}

/// The request body of `operation` and the pointer of its `content`; a `$ref`'d body
/// (`components/requestBodies/X`) is located where it is defined.
fn request_body(
    spec: &Spec,
    operation: &Operation,
    components: &Option<Components>,
    at: &Pointer,
) -> Result<Option<(RequestBody, Pointer)>> {
    match &operation.request_body {
        None => Ok(None),
        Some(ReferenceOr::Item(body)) => Ok(Some((body.clone(), at.join("requestBody")))),
        Some(ReferenceOr::Reference { reference }) => {
            let name = reference
                .strip_prefix("#/components/requestBodies/")
                .map(|name| crate::error::unescape(&crate::spec::percent_decode(name)));
            let found = name.as_deref().and_then(|name| {
                let body = components.as_ref()?.request_bodies.get(name)?;
                Some((name, body.as_item()?))
            });
            match found {
                Some((name, body)) => Ok(Some((
                    body.clone(),
                    Pointer::from_tokens(["components", "requestBodies", name]),
                ))),
                None => Err(Error::Unsupported {
                    file: spec.file.clone(),
                    pointer: at.join("requestBody").join("$ref"),
                    construct: format!(
                        "request body $ref {reference:?}: only a components.requestBodies entry that is not itself a $ref"
                    ),
                }),
            }
        }
    }
}

/// The component an XML body's schema references. An inline schema has no name for the
/// root element, and is sent as the caller's bytes.
fn xml_component(content: &MediaType) -> Option<String> {
    match content.schema.as_ref()? {
        ReferenceOr::Reference { reference } => xml::component(&tree::ref_pointer(reference)?),
        ReferenceOr::Item(_) => None,
    }
}

fn binary_schema() -> Schema {
    Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Type(Type::String(openapiv3::StringType {
            format: VariantOrUnknownOrEmpty::Item(StringFormat::Binary),
            ..Default::default()
        })),
    }
}

/// The method names every operation of `openapi` gets from progenitor.
pub fn method_names(openapi: &openapiv3::OpenAPI) -> BTreeSet<String> {
    openapi
        .paths
        .paths
        .values()
        .filter_map(ReferenceOr::as_item)
        .flat_map(|item| {
            item.iter()
                .map(|(_, operation)| progenitor_method(operation))
        })
        .collect()
}

/// The spec's path key of a path key of the codegen copy: a media-type copy of an
/// operation sits at `<path>#<suffix>`, a key the spec does not have.
pub fn declared_path<'a>(spec: &Spec, key: &'a str) -> &'a str {
    match spec.openapi.paths.paths.contains_key(key) {
        true => key,
        false => key.rsplit_once('#').map_or(key, |(path, _)| path),
    }
}

impl Media {
    /// What generation leaves out of the request bodies: the XML bodies sent as bytes.
    pub fn skips(&self) -> &[crate::spec::Skip] {
        self.xml.skips()
    }

    /// Gives `operation` (at `at`, on path key `path`) one request media type progenitor
    /// takes, and returns a copy of it for each other media type it declares, with the
    /// path key the copy goes under. `taken` holds every method name so far.
    pub fn adapt(
        &mut self,
        spec: &Spec,
        components: &mut Option<Components>,
        operation: &mut Operation,
        path: &str,
        at: &Pointer,
        taken: &mut BTreeSet<String>,
    ) -> Result<Vec<(String, Operation)>> {
        let Some((body, body_at)) = request_body(spec, operation, components, at)? else {
            return Ok(Vec::new());
        };
        let content_at = body_at.join("content");
        let mut declared = Vec::new();
        for (media, content) in &body.content {
            let schema = content
                .schema
                .as_ref()
                .and_then(|schema| resolve(components, schema));
            let kind = kind(media, schema);
            if kind != Kind::Multipart && !content.encoding.is_empty() {
                return Err(Error::Unsupported {
                    file: spec.file.clone(),
                    pointer: content_at.join(media).join("encoding"),
                    construct: "a request body `encoding` section (progenitor hits a todo!)".into(),
                });
            }
            declared.push((kind, media.clone(), content.clone()));
        }
        declared.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let original = operation.clone();
        let mut copies = Vec::new();
        for (index, (kind, media, content)) in declared.into_iter().enumerate() {
            let media_at = content_at.join(&media);
            let target = match index {
                0 => &mut *operation,
                _ => {
                    let mut copy = original.clone();
                    let name = format!(
                        "{}_{}",
                        original.operation_id.clone().unwrap_or_default(),
                        suffix(&media)
                    );
                    copy.operation_id = Some(name);
                    let method = progenitor_method(&copy);
                    if !taken.insert(method.clone()) {
                        return Err(Error::Unsupported {
                            file: spec.file.clone(),
                            pointer: media_at,
                            construct: format!(
                                "a method `{method}` for this media type: another operation has that name"
                            ),
                        });
                    }
                    copies.push((format!("{path}#{}", suffix(&media)), copy));
                    &mut copies.last_mut().expect("just pushed").1
                }
            };
            let method = progenitor_method(target);
            let fragment = (index > 0).then(|| (suffix(&media), media.clone()));
            let with = |media: &str, content: MediaType| {
                Some(ReferenceOr::Item(RequestBody {
                    content: std::iter::once((media.to_owned(), content)).collect(),
                    ..body.clone()
                }))
            };
            let raw = |target: &mut Operation, content: MediaType| {
                let raw = MediaType {
                    schema: Some(ReferenceOr::Item(binary_schema())),
                    ..content
                };
                target.request_body = with("application/octet-stream", raw);
                match essence(&media) {
                    wire if wire == "application/octet-stream" || wire.contains('*') => {
                        BodyRewrite::Kept
                    }
                    wire => BodyRewrite::ContentType(wire),
                }
            };
            let rewrite = match kind {
                Kind::Json | Kind::Form | Kind::OctetStream | Kind::Text => {
                    target.request_body = with(&media, content);
                    BodyRewrite::Kept
                }
                Kind::JsonLike => {
                    target.request_body = with("application/json", content);
                    BodyRewrite::JsonContentType(essence(&media))
                }
                Kind::Xml => match xml_component(&content) {
                    Some(component) if self.xml.body(spec, &component)? => {
                        target.request_body = with("application/json", content);
                        BodyRewrite::Xml {
                            media: essence(&media),
                            component,
                        }
                    }
                    _ => raw(target, content),
                },
                Kind::Raw => raw(target, content),
                Kind::Multipart if multipart::caller_built(components, &content) => {
                    target.request_body = None;
                    BodyRewrite::CallerForm
                }
                Kind::Multipart => {
                    target.request_body = None;
                    let parts = Parts::of(
                        spec,
                        components,
                        &content,
                        &method,
                        &media_at,
                        body.description.as_deref(),
                    )?;
                    let taken = self.parts.iter().flat_map(Parts::type_names);
                    if let Some(clash) = taken
                        .into_iter()
                        .find(|name| parts.type_names().any(|mine| mine == *name))
                    {
                        return Err(Error::Unsupported {
                            file: spec.file.clone(),
                            pointer: media_at,
                            construct: format!(
                                "a multipart parts type `{clash}` that another operation's body also gets"
                            ),
                        });
                    }
                    self.parts.push(parts);
                    BodyRewrite::Multipart(self.parts.len() - 1)
                }
            };
            if fragment.is_some() || !matches!(rewrite, BodyRewrite::Kept) {
                self.methods.push(MethodBody {
                    method,
                    at: media_at,
                    fragment,
                    body: rewrite,
                });
            }
        }
        Ok(copies)
    }
}
