//! Parameters progenitor 0.15.1 does not put on the wire as their `style` and `explode` say
//! (OpenAPI 3.0.3, "Style Values"). The codegen copy (`codegen::adapt`) gives progenitor each
//! one in a form it takes: a path parameter in the `simple` style, a `spaceDelimited` or
//! `pipeDelimited` query parameter in `form`, a cookie parameter as a header parameter. In the
//! method of each operation declaring one, progenitor's handling of it then becomes a call of
//! `crate::runtime::style`, which writes the declared style:
//!
//! - a path parameter in the `label` or `matrix` style, or an object or array one in
//!   `simple`: `encode_path(&value.to_string())` becomes `label_path`, `matrix_path` or
//!   `simple_path(name, &value, explode)?`, which encode the segment themselves;
//! - an object or array header (`simple`, the only header style): the `to_string()` in
//!   `header_map.append(name, value.to_string().try_into()?)` becomes `simple_header`;
//! - an object or array query parameter in `form` with `explode: false`, `spaceDelimited` or
//!   `pipeDelimited`: its `.query(&QueryParam::new(name, &value))` leaves the request
//!   builder's chain, and `form_query`, `space_delimited_query` or
//!   `pipe_delimited_query(&mut request, name, &value)?` follows the built request
//!   (exploded `form`, the default, is progenitor's own and right; `deepObject` is the
//!   `deep_object` pass's);
//! - a cookie parameter: its header statement becomes `cookie(&mut header_map, name, &value,
//!   explode)?`, which adds it to the one `Cookie` header;
//! - a parameter described by `content` in a JSON media type (given to progenitor as that
//!   media type's schema): `json_path`, `json_header` or `json_query` in the same places,
//!   which write the value's JSON text.
//!
//! Refused where declared: an exploded `spaceDelimited` or `pipeDelimited` array or object
//! (the style table defines them only without `explode`), and a cookie named like a header
//! parameter of its operation (both would be one `header_map.append` of that name), and a
//! cookie described by `content`.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};
use serde_json::Value;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};

use crate::codegen::media::{declared_path, is_json};
use crate::codegen::naming::rust_name;
use crate::codegen::responses::progenitor_method;
use crate::codegen::syntax::{self, is_str_literal, is_variable, path_ends_with};
use crate::error::{Error, Pointer, Result};
use crate::spec::{tree, Spec};

/// One parameter of one generated method that the runtime writes.
pub struct StyledParameter {
    /// The wire name, as the generated statements carry it.
    name: String,
    writer: Writer,
    explode: bool,
    /// Where the parameter is declared (in the operation, its path item or a component).
    at: Pointer,
}

/// The `crate::runtime::style` function that writes the parameter, by where it goes.
#[derive(Clone, Copy, PartialEq)]
enum Writer {
    Path(&'static str),
    Header,
    Query(&'static str),
    Cookie,
    /// A `content` parameter's JSON text (`runtime::style::json`); in the query it is a
    /// `Query("json_query")`.
    JsonPath,
    JsonHeader,
}

impl Writer {
    fn location(self) -> &'static str {
        match self {
            Writer::Path(_) | Writer::JsonPath => "path",
            Writer::Header | Writer::JsonHeader => "header",
            Writer::Query(_) => "query",
            Writer::Cookie => "cookie",
        }
    }
}

/// The styled parameters of every generated method, by method: each operation's own and
/// those of its path item it does not redeclare, `$ref`s followed. An operation's
/// media-type copies (`codegen::media`, under `<path>#<suffix>` in `openapi`, the codegen
/// copy progenitor is given) share its parameters.
pub fn collect(spec: &Spec, openapi: &OpenAPI) -> Result<BTreeMap<String, Vec<StyledParameter>>> {
    let declared = tree::operations(&spec.json)
        .into_iter()
        .map(|operation| ((operation.path, operation.method), operation))
        .collect::<BTreeMap<_, _>>();
    let mut found = BTreeMap::new();
    for (key, item) in &openapi.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            let Some(declared) = declared.get(&(declared_path(spec, key), method)) else {
                continue;
            };
            let styled = styled_parameters(spec, declared)?;
            if !styled.is_empty() {
                found.insert(progenitor_method(operation), styled);
            }
        }
    }
    Ok(found)
}

fn styled_parameters(spec: &Spec, operation: &tree::Operation) -> Result<Vec<StyledParameter>> {
    let parameters = operation.parameters(&spec.json);
    let mut styled = Vec::new();
    for (parameter, at) in &parameters {
        let text = |key: &str| parameter.get(key).and_then(Value::as_str);
        let (Some(name), Some(location)) = (text("name"), text("in")) else {
            continue;
        };
        let structured = parameter
            .get("schema")
            .is_some_and(|schema| is_structured(&spec.json, schema, 0));
        let style = text("style");
        let explode = parameter.get("explode").and_then(Value::as_bool);
        let refuse = |pointer: Pointer, construct: String| Error::Unsupported {
            file: spec.file.clone(),
            pointer,
            construct,
        };
        if let Some(content) = parameter.get("content") {
            // A JSON media type's schema is what progenitor was given (`codegen::adapt`);
            // progenitor refuses any other `content`, located at its operation.
            if !is_json_content(content) {
                continue;
            }
            let writer = match location {
                "query" => Writer::Query("json_query"),
                "path" => Writer::JsonPath,
                "header" => Writer::JsonHeader,
                _ => {
                    return Err(refuse(
                        at.join("content"),
                        format!(
                            "a {location} parameter `{name}` described by `content` (a cookie \
                             value has no encoding for JSON text)"
                        ),
                    ))
                }
            };
            styled.push(StyledParameter {
                name: name.to_owned(),
                writer,
                explode: false,
                at: at.clone(),
            });
            continue;
        }
        // Each style's default `explode` is `true` for `form` only.
        let (writer, explode) = match (location, style.unwrap_or_default()) {
            ("path", "label") => (Writer::Path("label_path"), explode == Some(true)),
            ("path", "matrix") => (Writer::Path("matrix_path"), explode == Some(true)),
            ("path", _) if structured => (Writer::Path("simple_path"), explode == Some(true)),
            ("header", _) if structured => (Writer::Header, explode == Some(true)),
            ("query", "" | "form") if structured && explode == Some(false) => {
                (Writer::Query("form_query"), false)
            }
            ("query", style @ ("spaceDelimited" | "pipeDelimited")) if structured => {
                if explode == Some(true) {
                    return Err(refuse(
                        at.join("explode"),
                        format!(
                            "an object- or array-typed query parameter `{name}` in the {style} \
                             style with `explode: true` (OpenAPI's style table defines the style \
                             only without explode)"
                        ),
                    ));
                }
                let writer = match style {
                    "spaceDelimited" => "space_delimited_query",
                    _ => "pipe_delimited_query",
                };
                (Writer::Query(writer), false)
            }
            ("cookie", _) => {
                let is_header_named_alike = |(other, _): &(&Value, Pointer)| {
                    other.get("in").and_then(Value::as_str) == Some("header")
                        && other.get("name").and_then(Value::as_str) == Some(name)
                };
                if parameters.iter().any(is_header_named_alike) {
                    return Err(refuse(
                        at.clone(),
                        format!(
                            "a cookie parameter `{name}` beside a header parameter of the same \
                             name (the generated code could not tell their statements apart)"
                        ),
                    ));
                }
                (Writer::Cookie, explode != Some(false))
            }
            _ => continue,
        };
        styled.push(StyledParameter {
            name: name.to_owned(),
            writer,
            explode,
            at: at.clone(),
        });
    }
    Ok(styled)
}

/// Whether a parameter's `content` is one JSON media type with a schema, which
/// `codegen::adapt` gave progenitor as the parameter's schema.
fn is_json_content(content: &Value) -> bool {
    let Some(content) = content.as_object() else {
        return false;
    };
    let mut entries = content.iter();
    match (entries.next(), entries.next()) {
        (Some((media, media_type)), None) => is_json(media) && media_type.get("schema").is_some(),
        _ => false,
    }
}

/// Whether `schema` (its `$ref`s followed) is an object or an array, or composes one
/// (`allOf`/`anyOf`/`oneOf`): typify makes a struct, a `Vec` or an enum holding one of them,
/// which has no `to_string` and which no style writes as JSON.
fn is_structured(root: &Value, schema: &Value, depth: usize) -> bool {
    let Some((schema, _)) = tree::resolve(root, schema, Pointer::root()) else {
        return false;
    };
    let typed = matches!(
        schema.get("type").and_then(Value::as_str),
        Some("object" | "array")
    );
    let shaped = ["properties", "additionalProperties", "items"]
        .iter()
        .any(|key| schema.get(key).is_some());
    // Bounded: a composition may refer back to itself.
    let composed = depth < 8
        && ["allOf", "anyOf", "oneOf"].iter().any(|key| {
            schema
                .get(key)
                .and_then(Value::as_array)
                .is_some_and(|members| members.iter().any(|m| is_structured(root, m, depth + 1)))
        });
    typed || shaped || composed
}

/// Rewrites progenitor's handling of every styled parameter; the first one its method
/// holds no such statement for is an error at its declaration.
pub fn apply(
    spec: &Spec,
    file: &mut syn::File,
    parameters: &BTreeMap<String, Vec<StyledParameter>>,
) -> Result<()> {
    let mut rewritten = BTreeMap::new();
    for method in syntax::methods_mut(file) {
        let name = method.sig.ident.to_string();
        if let Some(parameters) = parameters.get(&name) {
            let mut rewrite = Rewrite {
                parameters,
                rewritten: vec![0; parameters.len()],
            };
            rewrite.visit_impl_item_fn_mut(method);
            rewritten.insert(name, rewrite.rewritten);
        }
    }
    for (method, parameters) in parameters {
        let counts = rewritten.get(method);
        let missing = parameters
            .iter()
            .enumerate()
            .find(|(index, _)| counts.is_none_or(|counts| counts[*index] == 0));
        if let Some((_, parameter)) = missing {
            return Err(Error::Codegen {
                file: spec.file.clone(),
                pointer: parameter.at.clone(),
                message: format!(
                    "{} parameter `{}`: no statement of progenitor's for it found in the \
                     generated method `{method}` to write in its style",
                    parameter.writer.location(),
                    parameter.name
                ),
            });
        }
    }
    Ok(())
}

struct Rewrite<'a> {
    parameters: &'a [StyledParameter],
    /// Statements rewritten, per parameter.
    rewritten: Vec<usize>,
}

impl VisitMut for Rewrite<'_> {
    /// progenitor builds the URL with `format!(template, client.baseurl, encode_path(..), ..)`,
    /// whose arguments syn keeps as tokens: they are parsed as expressions, visited, and put
    /// back.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        type Arguments = Punctuated<syn::Expr, syn::Token![,]>;
        if mac.path.is_ident("format") {
            if let Ok(mut arguments) = mac.parse_body_with(Arguments::parse_terminated) {
                let before = self.rewritten.iter().sum::<usize>();
                for argument in arguments.iter_mut() {
                    self.visit_expr_mut(argument);
                }
                if self.rewritten.iter().sum::<usize>() > before {
                    mac.tokens = arguments.to_token_stream();
                }
            }
        }
        visit_mut::visit_macro_mut(self, mac);
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        for (index, parameter) in self.parameters.iter().enumerate() {
            if let Some(replacement) = rewritten(parameter, expr) {
                *expr = replacement;
                self.rewritten[index] += 1;
                break;
            }
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    /// `let mut request = self.client.get(url).query(..)...build()?;` loses the styled
    /// queries of its chain, each then written into the built request.
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let mut index = 0;
        while index < block.stmts.len() {
            let written = self.styled_queries(&mut block.stmts[index]);
            let count = written.len();
            block.stmts.splice(index + 1..index + 1, written);
            index += 1 + count;
        }
        visit_mut::visit_block_mut(self, block);
    }
}

impl Rewrite<'_> {
    /// Takes the styled queries out of the request builder chain that `stmt` binds, and
    /// returns the statements that write them into the request.
    fn styled_queries(&mut self, stmt: &mut syn::Stmt) -> Vec<syn::Stmt> {
        let syn::Stmt::Local(syn::Local {
            pat: syn::Pat::Ident(binding),
            init: Some(init),
            ..
        }) = stmt
        else {
            return Vec::new();
        };
        let request = &binding.ident;
        let mut written = Vec::new();
        let mut expr = &mut *init.expr;
        // The chain is nested receivers: `a.query(x).headers(h).build()?` is
        // `Try(build(headers(query(a, x), h)))`.
        loop {
            let found = match &*expr {
                syn::Expr::MethodCall(call) => self.styled_query(call),
                _ => None,
            };
            if let Some((index, writer, value, receiver)) = found {
                let name = &self.parameters[index].name;
                written.push(syn::parse_quote!(
                    crate::runtime::style::#writer(&mut #request, #name, #value)?;
                ));
                self.rewritten[index] += 1;
                *expr = receiver;
                continue;
            }
            expr = match expr {
                syn::Expr::Try(tried) => &mut *tried.expr,
                syn::Expr::MethodCall(call) => &mut *call.receiver,
                _ => break,
            };
        }
        // In the order of progenitor's chain, which is the parameters' order.
        written.reverse();
        written
    }

    /// The styled query parameter `call` adds, its writer, its `&value`, and the chain before it.
    fn styled_query(
        &self,
        call: &syn::ExprMethodCall,
    ) -> Option<(usize, syn::Ident, syn::Expr, syn::Expr)> {
        self.parameters
            .iter()
            .enumerate()
            .find_map(|(index, parameter)| {
                let Writer::Query(writer) = parameter.writer else {
                    return None;
                };
                let value = query_value(call, &parameter.name)?;
                Some((
                    index,
                    format_ident!("{writer}"),
                    value,
                    (*call.receiver).clone(),
                ))
            })
    }
}

/// `&value` of `.query(&progenitor_client::QueryParam::new(name, &value))`.
fn query_value(call: &syn::ExprMethodCall, name: &str) -> Option<syn::Expr> {
    let [syn::Expr::Reference(reference)] = call.args.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let syn::Expr::Call(new) = &*reference.expr else {
        return None;
    };
    let is_query_param = matches!(&*new.func, syn::Expr::Path(func)
        if path_ends_with(&func.path, &["QueryParam", "new"]));
    let [wire, value] = new.args.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    (call.method == "query" && is_query_param && is_str_literal(wire, name)).then(|| value.clone())
}

/// `expr` as the runtime writes `parameter`, when it is progenitor's handling of it.
fn rewritten(parameter: &StyledParameter, expr: &syn::Expr) -> Option<syn::Expr> {
    let (name, explode) = (&parameter.name, parameter.explode);
    match parameter.writer {
        Writer::Path(writer) => {
            let value = encoded_path_value(expr, name)?;
            let writer = format_ident!("{writer}");
            Some(syn::parse_quote!(crate::runtime::style::#writer(#name, &#value, #explode)?))
        }
        Writer::JsonPath => {
            let value = encoded_path_value(expr, name)?;
            Some(syn::parse_quote!(crate::runtime::style::json_path(#name, &#value)?))
        }
        Writer::JsonHeader => {
            let (receiver, value) = header_append(expr, name)?;
            Some(syn::parse_quote!(
                #receiver.append(
                    #name,
                    crate::runtime::style::json_header(#name, #value)?.try_into()?,
                )
            ))
        }
        // `header_map.append("X-Filter", value.to_string().try_into()?)`
        Writer::Header => {
            let (receiver, value) = header_append(expr, name)?;
            Some(syn::parse_quote!(
                #receiver.append(
                    #name,
                    crate::runtime::style::simple_header(#name, #value, #explode)?.try_into()?,
                )
            ))
        }
        Writer::Cookie => {
            let (receiver, value) = header_append(expr, name)?;
            Some(syn::parse_quote!(
                crate::runtime::style::cookie(&mut #receiver, #name, &#value, #explode)?
            ))
        }
        // Taken out of the request builder's chain by `Rewrite::styled_queries`.
        Writer::Query(_) => None,
    }
}

/// `color` of `encode_path(&color.to_string())`, the variable of path parameter `name`.
fn encoded_path_value(expr: &syn::Expr, name: &str) -> Option<TokenStream> {
    let syn::Expr::Call(call) = expr else {
        return None;
    };
    let [syn::Expr::Reference(reference)] = call.args.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    if !is_encode_path(&call.func) {
        return None;
    }
    to_string_of(&reference.expr, Some(&rust_name(name, "_")))
}

/// The receiver and the value of `header_map.append(name, value.to_string().try_into()?)`.
fn header_append(expr: &syn::Expr, name: &str) -> Option<(TokenStream, TokenStream)> {
    let syn::Expr::MethodCall(call) = expr else {
        return None;
    };
    let [wire, syn::Expr::Try(tried)] = call.args.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    if call.method != "append" || !is_str_literal(wire, name) {
        return None;
    }
    let syn::Expr::MethodCall(try_into) = &*tried.expr else {
        return None;
    };
    if try_into.method != "try_into" {
        return None;
    }
    let value = to_string_of(&try_into.receiver, None)?;
    let receiver = &call.receiver;
    Some((quote!(#receiver), value))
}

/// `x` of `x.to_string()`, where `x` is a variable (named `variable` when given).
fn to_string_of(expr: &syn::Expr, variable: Option<&str>) -> Option<TokenStream> {
    let syn::Expr::MethodCall(call) = expr else {
        return None;
    };
    let is_variable_named = match variable {
        Some(name) => is_variable(&call.receiver, name),
        None => matches!(&*call.receiver, syn::Expr::Path(path) if path.path.get_ident().is_some()),
    };
    (call.method == "to_string" && call.args.is_empty() && is_variable_named).then(|| {
        let receiver = &call.receiver;
        quote!(#receiver)
    })
}

fn is_encode_path(func: &syn::Expr) -> bool {
    matches!(func, syn::Expr::Path(func) if path_ends_with(&func.path, &["encode_path"]))
}
