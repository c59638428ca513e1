//! Every declared response typed, where progenitor 0.15.1 panics (`method.rs:1220`: more
//! than one success type, or more than one error type, per operation).
//!
//! progenitor is given a copy in which each operation has one success type and no error
//! response; beside its output this module emits the module `responses`, and rewrites each
//! affected method's status `match`:
//!
//! - **Several success types** become `responses::<Op>Response`, one variant per status,
//!   named by the status's reason phrase (`Ok(T)`, `Created(U)`, `NoContent`; a range is
//!   `Success`); bodiless statuses are unit variants, non-JSON bodies a `ByteStream`.
//! - **Error responses with a JSON body** decode into the schema the spec gives that status,
//!   chosen by status (codes, then ranges such as `4XX`, then `default`), through
//!   `crate::runtime::declared_error`; a declared body of any other media type (or JSON
//!   without a schema) is its text, through `crate::runtime::declared_text_error`. Operations whose declared errors agree (no status
//!   with two schemas) share one enum; the group with the most operations is `ApiError`,
//!   any other is named after its first operation (`<Op>Error`). When every status of a
//!   group names the same object schema, that schema's type is the error type itself.
//!   Variants are named like success variants (`BadRequest(T)`, `ClientError(T)` for
//!   `4XX`, `Default(T)`, `UnprocessableEntity(String)` for a text body).
//! - A status the operation does not declare with a body (a bodiless declared status
//!   carries nothing but its status), and a body that is not its status's schema (or, for a
//!   text body, not UTF-8), stay progenitor's `Error::UnexpectedResponse`: the runtime
//!   reports the status and a bounded, redacted snippet.
//!
//! Inline response schemas are lifted into `components/schemas` of the copy (typify then
//! generates them) under `<Op>Status<code>`, `<Op>Status<n>xx` or `<Op>Default`.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToPascalCase, ToSnakeCase};
use openapiv3::{Components, Operation, ReferenceOr, Response, Schema, StatusCode};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::error::{Error, Pointer, Result};
use crate::spec::Spec;

use super::media::is_json;
use super::naming::type_name;
use super::syntax;

/// A response status as a spec declares it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Code(u16),
    Range(u16),
    Default,
}

impl Status {
    fn of(status: &StatusCode) -> Status {
        match status {
            StatusCode::Code(code) => Status::Code(*code),
            StatusCode::Range(range) => Status::Range(*range),
        }
    }

    fn is_success(&self) -> bool {
        matches!(self, Status::Code(101 | 200..=299) | Status::Range(2))
    }

    /// The variant name: the reason phrase of a code, the class of a range.
    fn variant(&self) -> syn::Ident {
        let name = match self {
            Status::Code(code) => http::StatusCode::from_u16(*code)
                .ok()
                .and_then(|status| status.canonical_reason())
                .map(|reason| reason.replace('\'', "").to_pascal_case())
                .unwrap_or_else(|| format!("Status{code}")),
            Status::Range(1) => "Informational".into(),
            Status::Range(2) => "Success".into(),
            Status::Range(3) => "Redirection".into(),
            Status::Range(4) => "ClientError".into(),
            Status::Range(5) => "ServerError".into(),
            Status::Range(range) => format!("Status{range}xx"),
            Status::Default => "Default".into(),
        };
        format_ident!("{name}")
    }

    fn pattern(&self) -> TokenStream {
        match self {
            Status::Code(code) => quote!(#code),
            Status::Range(range) => {
                let (low, high) = (range * 100, range * 100 + 99);
                quote!(#low..=#high)
            }
            Status::Default => quote!(_),
        }
    }

    /// The suffix of a lifted inline schema's name.
    fn schema_suffix(&self) -> String {
        match self {
            Status::Code(code) => format!("Status{code}"),
            Status::Range(range) => format!("Status{range}xx"),
            Status::Default => "Default".into(),
        }
    }

    fn label(&self) -> String {
        match self {
            Status::Code(code) => code.to_string(),
            Status::Range(range) => format!("{range}XX"),
            Status::Default => "default".into(),
        }
    }
}

/// What a response carries.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Body {
    /// JSON decoding into the `types` item of this name.
    Json(String),
    Empty,
    /// Any other media type: the bytes as they come.
    Raw,
}

#[derive(Clone, Debug)]
struct Declared {
    status: Status,
    body: Body,
    description: String,
}

/// One response of an operation, before it is known whether progenitor keeps it.
struct Found {
    response: ReferenceOr<Response>,
    declared: Declared,
    /// An inline JSON schema, added to `components` under the `Body::Json` name only if
    /// this module types the response.
    inline: Option<(Schema, Pointer)>,
    /// What progenitor would compare: the body's media and schema.
    kind: String,
}

/// The responses of one operation that progenitor is not given.
#[derive(Debug)]
struct OperationResponses {
    /// progenitor's method name, e.g. `get_token`.
    method: String,
    /// Used in the names of this operation's enums, e.g. `GetToken`.
    pascal: String,
    at: Pointer,
    /// Set when the operation has several success types.
    successes: Option<Vec<Declared>>,
    /// Declared error statuses with a body (JSON or raw).
    errors: Vec<Declared>,
}

/// Status → what its error body decodes into (a `types` item, or text for a raw body), and
/// the response's description.
type ErrorMap = BTreeMap<Status, (Body, String)>;

/// One error type shared by operations whose declared errors agree.
#[derive(Debug)]
struct ErrorGroup {
    name: syn::Ident,
    statuses: ErrorMap,
    /// When every status names the same object schema: that type, used as the error type.
    single: Option<String>,
    methods: Vec<String>,
}

/// Every operation's responses beyond what progenitor handles, and the error types.
#[derive(Debug, Default)]
pub struct Responses {
    operations: Vec<OperationResponses>,
    groups: Vec<ErrorGroup>,
}

/// Rewrites the responses of `operation` in the codegen copy so that progenitor sees at most
/// one success type and no error response; what it removes is recorded in `responses`.
/// A `default` is the success of an operation that declares no other, else an error.
pub fn adapt(
    spec: &Spec,
    components: &mut Option<Components>,
    operation: &mut Operation,
    at: &Pointer,
    responses: &mut Responses,
) -> Result<()> {
    let default = operation.responses.default.take();
    let listed = std::mem::take(&mut operation.responses.responses);
    let all = listed
        .iter()
        .map(|(status, response)| (Status::of(status), response))
        .chain(default.iter().map(|response| (Status::Default, response)));
    let pascal = operation_pascal(operation);
    let mut found = Vec::new();
    for (status, response) in all {
        let at = at.join("responses").join(&status.label());
        found.push(body_of(spec, components, response, &pascal, status, &at)?);
    }
    let has_success = found.iter().any(|item| item.declared.status.is_success());
    // `default` is the success of an operation that declares no other.
    let is_success = |item: &Found| item.declared.status.is_success() || !has_success;

    let (successes, others): (Vec<Found>, Vec<Found>) = found.into_iter().partition(is_success);
    let kinds = successes
        .iter()
        .map(|item| item.kind.as_str())
        .collect::<BTreeSet<_>>();
    let several = kinds.len() > 1;
    // progenitor keeps one success; with several kinds the rewrite replaces its arms, and
    // the first JSON one keeps progenitor's `Accept: application/json`.
    let kept = match several {
        false => successes.iter().collect::<Vec<_>>(),
        true => successes
            .iter()
            .find(|item| matches!(item.declared.body, Body::Json(_)))
            .or(successes.first())
            .into_iter()
            .collect(),
    };
    for item in kept {
        restore(operation, &item.declared.status, item.response.clone());
    }
    let errors = others
        .into_iter()
        .filter(|item| item.declared.body != Body::Empty)
        .collect::<Vec<_>>();
    let typed = errors.iter().chain(successes.iter().filter(|_| several));
    for item in typed {
        if let (Some((schema, at)), Body::Json(name)) = (&item.inline, &item.declared.body) {
            lift(spec, components, schema, name, at)?;
        }
    }
    let successes = several.then(|| {
        successes
            .into_iter()
            .map(|item| item.declared)
            .collect::<Vec<_>>()
    });
    let errors = errors
        .into_iter()
        .map(|item| item.declared)
        .collect::<Vec<_>>();
    if successes.is_some() || !errors.is_empty() {
        responses.operations.push(OperationResponses {
            method: progenitor_method(operation),
            pascal,
            at: at.clone(),
            successes,
            errors,
        });
    }
    Ok(())
}

fn restore(operation: &mut Operation, status: &Status, response: ReferenceOr<Response>) {
    match status {
        Status::Code(code) => {
            operation
                .responses
                .responses
                .insert(StatusCode::Code(*code), response);
        }
        Status::Range(range) => {
            operation
                .responses
                .responses
                .insert(StatusCode::Range(*range), response);
        }
        Status::Default => operation.responses.default = Some(response),
    }
}

/// progenitor's name for an operation's method (its `sanitize(.., Case::Snake)`).
pub(crate) fn progenitor_method(operation: &Operation) -> String {
    rust_ident(
        &operation
            .operation_id
            .clone()
            .unwrap_or_default()
            .to_snake_case(),
    )
}

fn operation_pascal(operation: &Operation) -> String {
    rust_ident(&type_name(
        &operation.operation_id.clone().unwrap_or_default(),
    ))
}

pub(crate) fn rust_ident(name: &str) -> String {
    if syn::parse_str::<syn::Ident>(name).is_ok() {
        name.to_owned()
    } else {
        format!("{name}_")
    }
}

/// The body of one response (a `$ref`'d response resolved).
fn body_of(
    spec: &Spec,
    components: &Option<Components>,
    original: &ReferenceOr<Response>,
    pascal: &str,
    status: Status,
    at: &Pointer,
) -> Result<Found> {
    let response = match original {
        ReferenceOr::Item(response) => response.clone(),
        ReferenceOr::Reference { reference } => components
            .as_ref()
            .and_then(|components| {
                let name = reference.strip_prefix("#/components/responses/")?;
                components.responses.get(name)?.as_item().cloned()
            })
            .ok_or_else(|| Error::Unsupported {
                file: spec.file.clone(),
                pointer: at.clone(),
                construct: format!("response reference {reference} (not a local response)"),
            })?,
    };
    let found = |body, inline, kind: String| Found {
        response: original.clone(),
        declared: Declared {
            status: status.clone(),
            body,
            description: response.description.clone(),
        },
        inline,
        kind,
    };
    let Some((media, content)) = response
        .content
        .iter()
        .find(|(media, _)| is_json(media))
        .or_else(|| response.content.first())
    else {
        return Ok(found(Body::Empty, None, String::new()));
    };
    let kind = format!(
        "{media} {}",
        serde_json::to_string(&content.schema).unwrap_or_default()
    );
    if !is_json(media) {
        return Ok(found(Body::Raw, None, kind));
    }
    let at = at.join("content").join(media).join("schema");
    match &content.schema {
        None => Ok(found(Body::Raw, None, kind)),
        Some(ReferenceOr::Reference { reference }) => {
            match reference.strip_prefix("#/components/schemas/") {
                Some(name) => Ok(found(Body::Json(type_name(name)), None, kind)),
                None => Err(Error::Unsupported {
                    file: spec.file.clone(),
                    pointer: at,
                    construct: format!("response schema reference {reference}"),
                }),
            }
        }
        Some(ReferenceOr::Item(schema)) => {
            let name = format!("{pascal}{}", status.schema_suffix());
            Ok(found(Body::Json(name), Some((schema.clone(), at)), kind))
        }
    }
}

/// Adds an inline response schema to `components/schemas` under `name`.
fn lift(
    spec: &Spec,
    components: &mut Option<Components>,
    schema: &Schema,
    name: &str,
    at: &Pointer,
) -> Result<()> {
    let schemas = &mut components.get_or_insert_with(Default::default).schemas;
    match schemas.get(name) {
        None => {
            schemas.insert(name.to_owned(), ReferenceOr::Item(schema.clone()));
            Ok(())
        }
        Some(_) => Err(Error::Unsupported {
            file: spec.file.clone(),
            pointer: at.clone(),
            construct: format!(
                "an inline response schema whose generated name {name} is already a component"
            ),
        }),
    }
}

impl Responses {
    /// Groups the operations' error types; call once every operation is adapted.
    pub fn finish(&mut self, components: &Option<Components>) {
        let mut groups: Vec<(ErrorMap, Vec<usize>)> = Vec::new();
        for (index, operation) in self.operations.iter().enumerate() {
            if operation.errors.is_empty() {
                continue;
            }
            let own = operation
                .errors
                .iter()
                .map(|declared| {
                    (
                        declared.status.clone(),
                        (declared.body.clone(), declared.description.clone()),
                    )
                })
                .collect::<BTreeMap<_, _>>();
            let fits = |group: &ErrorMap| {
                own.iter().all(|(status, (name, _))| {
                    group.get(status).is_none_or(|(other, _)| other == name)
                })
            };
            match groups.iter_mut().find(|(group, _)| fits(group)) {
                Some((group, members)) => {
                    for (status, entry) in own {
                        group.entry(status).or_insert(entry);
                    }
                    members.push(index);
                }
                None => groups.push((own, vec![index])),
            }
        }
        let largest = groups
            .iter()
            .enumerate()
            .max_by_key(|(index, (_, members))| (members.len(), usize::MAX - index))
            .map(|(index, _)| index);
        self.groups = groups
            .into_iter()
            .enumerate()
            .map(|(index, (statuses, members))| {
                let name = if Some(index) == largest {
                    format_ident!("ApiError")
                } else {
                    format_ident!("{}Error", self.operations[members[0]].pascal)
                };
                let bodies = statuses
                    .values()
                    .map(|(body, _)| body)
                    .collect::<BTreeSet<_>>();
                let single = match bodies.into_iter().collect::<Vec<_>>()[..] {
                    [Body::Json(name)] if is_object_component(components, name) => {
                        Some(name.clone())
                    }
                    _ => None,
                };
                ErrorGroup {
                    name,
                    statuses,
                    single,
                    methods: members
                        .iter()
                        .map(|&member| self.operations[member].method.clone())
                        .collect(),
                }
            })
            .collect();
    }

    /// The `responses` module: success enums and error types.
    pub fn module(&self) -> Option<syn::Item> {
        if self.operations.is_empty() {
            return None;
        }
        let successes = self.operations.iter().filter_map(success_enum);
        let errors = self.groups.iter().map(error_type);
        Some(syn::parse_quote! {
            /// Every declared response typed: success enums of operations with several
            /// success types, and the error bodies the spec declares, by status.
            pub mod responses {
                #[allow(unused_imports)]
                use super::types;
                #(#successes)*
                #(#errors)*
            }
        })
    }

    /// Rewrites each recorded operation's method: its return type and its status `match`.
    pub fn apply(&self, spec: &Spec, file: &mut syn::File) -> Result<()> {
        let mut pending = self
            .operations
            .iter()
            .map(|operation| (operation.method.as_str(), operation))
            .collect::<BTreeMap<_, _>>();
        for method in syntax::methods_mut(file) {
            let name = method.sig.ident.to_string();
            if let Some(operation) = pending.remove(name.as_str()) {
                let error = self.error_of(operation);
                rewrite(spec, method, operation, error)?;
            } else if let Some(paged) = name
                .strip_suffix("_stream")
                .and_then(|base| self.operations.iter().find(|op| op.method == base))
            {
                // progenitor's paginated `<op>_stream` yields the errors of `<op>`.
                if let Some(group) = self.error_of(paged) {
                    let name = &group.name;
                    let error: syn::Type = syn::parse_quote!(responses::#name);
                    syn::visit_mut::VisitMut::visit_return_type_mut(
                        &mut StreamError(error),
                        &mut method.sig.output,
                    );
                }
            }
        }
        match pending.into_values().next() {
            None => Ok(()),
            Some(operation) => Err(Error::Codegen {
                file: spec.file.clone(),
                pointer: operation.at.clone(),
                message: format!(
                    "the responses pass found no generated method `{}` to type its responses",
                    operation.method
                ),
            }),
        }
    }

    fn error_of(&self, operation: &OperationResponses) -> Option<&ErrorGroup> {
        self.groups
            .iter()
            .find(|group| group.methods.contains(&operation.method))
    }
}

fn is_object_component(components: &Option<Components>, name: &str) -> bool {
    let Some(components) = components else {
        return false;
    };
    components.schemas.iter().any(|(component, schema)| {
        type_name(component) == name
            && matches!(schema, ReferenceOr::Item(schema) if matches!(
                &schema.schema_kind,
                openapiv3::SchemaKind::Type(openapiv3::Type::Object(object))
                    if !object.properties.is_empty()
            ))
    })
}

fn doc(declared: &Declared) -> String {
    let description = declared.description.trim();
    if description.is_empty() {
        format!("{}.", declared.status.label())
    } else {
        format!("{}: {description}", declared.status.label())
    }
}

fn success_enum(operation: &OperationResponses) -> Option<TokenStream> {
    let successes = operation.successes.as_ref()?;
    let name = format_ident!("{}Response", operation.pascal);
    let raw = successes.iter().any(|item| item.body == Body::Raw);
    let derives = if raw {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Clone, Debug, PartialEq)])
    };
    let variants = successes.iter().map(|item| {
        let variant = item.status.variant();
        let doc = doc(item);
        match &item.body {
            Body::Json(type_name) => {
                let ty = format_ident!("{type_name}");
                quote!(#[doc = #doc] #variant(types::#ty),)
            }
            Body::Empty => quote!(#[doc = #doc] #variant,),
            Body::Raw => quote!(#[doc = #doc] #variant(super::ByteStream),),
        }
    });
    let summary = format!(
        "The success responses of `{}`, by status.",
        operation.method
    );
    Some(quote! {
        #[doc = #summary]
        #derives
        pub enum #name { #(#variants)* }
    })
}

fn error_type(group: &ErrorGroup) -> TokenStream {
    let name = &group.name;
    let methods = group
        .methods
        .iter()
        .map(|method| format!("`{method}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if let Some(single) = &group.single {
        let ty = format_ident!("{single}");
        let summary = format!("The error body of {methods}, under every declared error status.");
        return quote! {
            #[doc = #summary]
            pub type #name = types::#ty;
            impl ::std::fmt::Display for types::#ty {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    let text = ::serde_json::to_string(self).map_err(|_| ::std::fmt::Error)?;
                    f.write_str(&text)
                }
            }
            impl crate::runtime::ErrorPayload for types::#ty {}
        };
    }
    let variants = group.statuses.iter().map(|(status, (body, description))| {
        let variant = status.variant();
        let doc = doc(&Declared {
            status: status.clone(),
            body: body.clone(),
            description: description.clone(),
        });
        match body {
            Body::Json(type_name) => {
                let ty = format_ident!("{type_name}");
                quote!(#[doc = #doc] #variant(types::#ty),)
            }
            _ => quote!(#[doc = #doc] #variant(::std::string::String),),
        }
    });
    let arms = group.statuses.iter().map(|(status, (body, _))| {
        let variant = status.variant();
        match body {
            Body::Json(_) => quote!(Self::#variant(body) => ::serde_json::to_string(body),),
            // Typed: an enum of text variants alone leaves nothing else to infer it from.
            _ => quote!(Self::#variant(text) => Ok::<_, ::serde_json::Error>(text.clone()),),
        }
    });
    let summary = format!("The error bodies declared by {methods}, one variant per status.");
    let display = match group
        .statuses
        .values()
        .all(|(body, _)| matches!(body, Body::Json(_)))
    {
        true => " The body as JSON.",
        false => " The body as JSON, or as the text it is.",
    };
    quote! {
        #[doc = #summary]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name { #(#variants)* }
        #[doc = #display]
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let text = match self { #(#arms)* }.map_err(|_| ::std::fmt::Error)?;
                f.write_str(&text)
            }
        }
        impl crate::runtime::ErrorPayload for #name {}
    }
}

/// How the method wraps one declared error status's body.
fn error_constructor(group: &ErrorGroup, declared: &Declared) -> TokenStream {
    let name = &group.name;
    match &group.single {
        Some(single) => {
            let ty = format_ident!("{single}");
            quote!(::std::convert::identity::<types::#ty>)
        }
        None => {
            let variant = declared.status.variant();
            quote!(responses::#name::#variant)
        }
    }
}

fn rewrite(
    spec: &Spec,
    method: &mut syn::ImplItemFn,
    operation: &OperationResponses,
    error: Option<&ErrorGroup>,
) -> Result<()> {
    let unexpected = |what: &str| Error::Codegen {
        file: spec.file.clone(),
        pointer: operation.at.clone(),
        message: format!(
            "the responses pass did not find {what} in the generated method `{}`",
            operation.method
        ),
    };
    let success = match &operation.successes {
        Some(_) => {
            let name = format_ident!("{}Response", operation.pascal);
            Some(quote!(responses::#name))
        }
        None => None,
    };
    let error_ty = error.map(|group| {
        let name = &group.name;
        quote!(responses::#name)
    });
    retype(&mut method.sig.output, success.as_ref(), error_ty.as_ref())
        .ok_or_else(|| unexpected("the return type `Result<ResponseValue<_>, Error<_>>`"))?;
    let status_match = method
        .block
        .stmts
        .iter_mut()
        .rev()
        .find_map(|stmt| match stmt {
            syn::Stmt::Expr(syn::Expr::Match(status_match), None) => Some(status_match),
            _ => None,
        })
        .ok_or_else(|| unexpected("the status `match`"))?;
    let response = match &*status_match.expr {
        syn::Expr::MethodCall(as_u16) if as_u16.method == "as_u16" => match &*as_u16.receiver {
            syn::Expr::MethodCall(status) if status.method == "status" => status.receiver.clone(),
            _ => return Err(unexpected("`response.status().as_u16()`")),
        },
        _ => return Err(unexpected("`response.status().as_u16()`")),
    };

    let mut arms: Vec<syn::Arm> = match (&operation.successes, success.as_ref()) {
        (Some(successes), Some(enum_path)) => ordered(successes)
            .map(|item| {
                let pattern = item.status.pattern();
                let variant = item.status.variant();
                let value = match &item.body {
                    Body::Json(type_name) => {
                        let ty = format_ident!("{type_name}");
                        quote!(ResponseValue::<types::#ty>::from_response(#response).await?.map(#enum_path::#variant))
                    }
                    Body::Empty => {
                        quote!(ResponseValue::empty(#response).map(|()| #enum_path::#variant))
                    }
                    Body::Raw => quote!(ResponseValue::stream(#response).map(#enum_path::#variant)),
                };
                syn::parse_quote!(#pattern => #value,)
            })
            .collect(),
        _ => status_match
            .arms
            .iter()
            .filter(|arm| !matches!(arm.pat, syn::Pat::Wild(_)))
            .cloned()
            .collect(),
    };
    let mut has_default = false;
    if let Some(group) = error {
        for declared in ordered(&operation.errors) {
            let pattern = declared.status.pattern();
            let constructor = error_constructor(group, declared);
            has_default |= declared.status == Status::Default;
            let decode = match declared.body {
                Body::Json(_) => quote!(crate::runtime::declared_error),
                _ => quote!(crate::runtime::declared_text_error),
            };
            arms.push(syn::parse_quote! {
                #pattern => #decode(#response, #constructor).await,
            });
        }
    }
    if !has_default {
        arms.push(syn::parse_quote!(_ => Err(Error::UnexpectedResponse(#response)),));
    }
    status_match.arms = arms;
    Ok(())
}

/// Codes first, then ranges, then `default`: the order a `match` needs.
fn ordered(items: &[Declared]) -> impl Iterator<Item = &Declared> {
    let mut sorted = items.iter().collect::<Vec<_>>();
    sorted.sort_by(|a, b| a.status.cmp(&b.status));
    sorted.into_iter()
}

/// Replaces `()` in every `Error<()>` of a paginated stream's item type.
struct StreamError(syn::Type);

impl syn::visit_mut::VisitMut for StreamError {
    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if let Some(inner) = inner_mut(ty, "Error") {
            if matches!(inner, syn::Type::Tuple(unit) if unit.elems.is_empty()) {
                *inner = self.0.clone();
                return;
            }
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }
}

/// `Result<ResponseValue<T>, Error<()>>` with `T` and `()` replaced where given.
fn retype(
    output: &mut syn::ReturnType,
    success: Option<&TokenStream>,
    error: Option<&TokenStream>,
) -> Option<()> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let syn::Type::Path(result) = &mut **ty else {
        return None;
    };
    let last = result.path.segments.last_mut()?;
    let syn::PathArguments::AngleBracketed(args) = &mut last.arguments else {
        return None;
    };
    let mut args = args.args.iter_mut();
    let (Some(syn::GenericArgument::Type(ok)), Some(syn::GenericArgument::Type(err))) =
        (args.next(), args.next())
    else {
        return None;
    };
    if let Some(success) = success {
        *inner_mut(ok, "ResponseValue")? = syn::parse2(success.clone()).ok()?;
    }
    if let Some(error) = error {
        *inner_mut(err, "Error")? = syn::parse2(error.clone()).ok()?;
    }
    Some(())
}

/// `T` of `name<T>`.
fn inner_mut<'a>(ty: &'a mut syn::Type, name: &str) -> Option<&'a mut syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last_mut()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &mut last.arguments else {
        return None;
    };
    match args.args.first_mut()? {
        syn::GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}
