//! Object- and array-typed path and header parameters: progenitor formats every path and
//! header value with `to_string()`, which a JSON object (a `serde_json::Map` or a typify
//! struct) and a `Vec` lack.
//! In the method of each operation that has one, the call becomes the runtime's
//! `crate::runtime::style::simple_path` (inside progenitor's `encode_path`) or
//! `simple_header`, which write OpenAPI's `simple` style with the parameter's `explode`.
//!
//! Path parameters of another style (`label`, `matrix`) stay refused by
//! `codegen::uncompilable`: progenitor places every path value in the template as it is.

use openapiv3::{OpenAPI, ReferenceOr};
use quote::{quote, ToTokens};
use serde_json::Value;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};

use crate::codegen::naming::rust_name;
use crate::codegen::syntax::{self, is_str_literal, is_variable, path_ends_with};
use crate::error::{Error, Pointer, Result};
use crate::spec::{tree, Spec};

/// One object- or array-typed path or header parameter of one operation.
pub struct StyledParameter {
    /// progenitor's name for the operation's method.
    method: String,
    location: Location,
    /// The wire name, as the generated header statement carries it.
    name: String,
    explode: bool,
    /// Where the parameter is declared (in the operation, its path item or a component).
    at: Pointer,
}

#[derive(Clone, Copy, PartialEq)]
enum Location {
    Path,
    Header,
}

/// The object- and array-typed path and header parameters of every operation of `spec` (its
/// `$ref`s followed, path-item parameters overridden by the operation's own). Method names
/// come from `openapi`, the codegen copy progenitor is given, where an operation without an
/// `operationId` has its synthesized one.
pub fn collect(spec: &Spec, openapi: &OpenAPI) -> Vec<StyledParameter> {
    let mut found = Vec::new();
    for operation in tree::operations(&spec.json) {
        let Some(operation_id) = operation_id(openapi, operation.path, operation.method) else {
            continue;
        };
        for (parameter, at) in operation.parameters(&spec.json) {
            let text = |key: &str| parameter.get(key).and_then(Value::as_str);
            let location = match text("in") {
                Some("path") => Location::Path,
                Some("header") => Location::Header,
                _ => continue,
            };
            let schema = parameter
                .get("schema")
                .and_then(|schema| tree::resolve(&spec.json, schema, at.join("schema")));
            let structured = schema.is_some_and(|(schema, _)| {
                matches!(
                    schema.get("type").and_then(Value::as_str),
                    Some("object" | "array")
                )
            });
            let (Some(name), true) = (text("name"), structured) else {
                continue;
            };
            found.push(StyledParameter {
                // progenitor names the method as it names parameters.
                method: rust_name(operation_id, "_"),
                location,
                name: name.to_owned(),
                // `simple`, the style of both, defaults to `explode: false`.
                explode: parameter.get("explode").and_then(Value::as_bool) == Some(true),
                at,
            });
        }
    }
    found
}

fn operation_id<'a>(openapi: &'a OpenAPI, path: &str, method: &str) -> Option<&'a str> {
    let ReferenceOr::Item(item) = openapi.paths.paths.get(path)? else {
        return None;
    };
    let (_, operation) = item.iter().find(|(name, _)| *name == method)?;
    operation.operation_id.as_deref()
}

/// Rewrites the `to_string()` of every parameter in `parameters`; the first one whose
/// method holds no such call is an error at its declaration.
pub fn apply(spec: &Spec, file: &mut syn::File, parameters: &[StyledParameter]) -> Result<()> {
    for parameter in parameters {
        let mut rewrite = Rewrite {
            parameter,
            rewritten: 0,
        };
        for method in syntax::methods_mut(file) {
            if method.sig.ident == parameter.method {
                rewrite.visit_impl_item_fn_mut(method);
            }
        }
        if rewrite.rewritten == 0 {
            let location = match parameter.location {
                Location::Path => "path",
                Location::Header => "header",
            };
            return Err(Error::Codegen {
                file: spec.file.clone(),
                pointer: parameter.at.clone(),
                message: format!(
                    "object- or array-typed {location} parameter `{}`: no `to_string()` of it found in \
                     the generated method `{}` to write in the simple style",
                    parameter.name, parameter.method
                ),
            });
        }
    }
    Ok(())
}

struct Rewrite<'a> {
    parameter: &'a StyledParameter,
    rewritten: usize,
}

impl VisitMut for Rewrite<'_> {
    /// progenitor builds the URL with `format!(template, client.baseurl, encode_path(..), ..)`,
    /// whose arguments syn keeps as tokens: they are parsed as expressions, visited, and put
    /// back.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        type Arguments = Punctuated<syn::Expr, syn::Token![,]>;
        if self.parameter.location == Location::Path && mac.path.is_ident("format") {
            if let Ok(mut arguments) = mac.parse_body_with(Arguments::parse_terminated) {
                let before = self.rewritten;
                for argument in arguments.iter_mut() {
                    self.visit_expr_mut(argument);
                }
                if self.rewritten > before {
                    mac.tokens = arguments.to_token_stream();
                }
            }
        }
        visit_mut::visit_macro_mut(self, mac);
    }

    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        // `encode_path(&selector.to_string())`
        if self.parameter.location == Location::Path && is_encode_path(&call.func) {
            let variable = rust_name(&self.parameter.name, "_");
            if let Some(syn::Expr::Reference(reference)) = call.args.first_mut() {
                if let Some(value) = to_string_of(&reference.expr, Some(&variable)) {
                    let (name, explode) = (&self.parameter.name, self.parameter.explode);
                    *reference.expr = syn::parse_quote!(
                        crate::runtime::style::simple_path(#name, #value, #explode)?
                    );
                    self.rewritten += 1;
                }
            }
        }
        visit_mut::visit_expr_call_mut(self, call);
    }

    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        // `header_map.append("X-Filter", value.to_string().try_into()?)`
        let is_append = call.method == "append" && call.args.len() == 2;
        if self.parameter.location == Location::Header
            && is_append
            && is_str_literal(&call.args[0], &self.parameter.name)
        {
            if let syn::Expr::Try(tried) = &mut call.args[1] {
                if let syn::Expr::MethodCall(try_into) = &mut *tried.expr {
                    if try_into.method == "try_into" {
                        if let Some(value) = to_string_of(&try_into.receiver, None) {
                            let (name, explode) = (&self.parameter.name, self.parameter.explode);
                            *try_into.receiver = syn::parse_quote!(
                                crate::runtime::style::simple_header(#name, #value, #explode)?
                            );
                            self.rewritten += 1;
                        }
                    }
                }
            }
        }
        visit_mut::visit_expr_method_call_mut(self, call);
    }
}

/// `x` of `x.to_string()`, where `x` is a variable (named `variable` when given).
fn to_string_of(expr: &syn::Expr, variable: Option<&str>) -> Option<proc_macro2::TokenStream> {
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
