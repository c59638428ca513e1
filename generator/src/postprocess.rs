//! Touch-ups on progenitor's output that typify has no setting for.
//!
//! Decimal fields: `rust_decimal::Decimal` serialises as a JSON *string* by default, while
//! every vendor sends and expects JSON *numbers* for prices and quantities. Each decimal
//! field gets `#[serde(with = "rust_decimal::serde::float")]` (or `float_option`): written as
//! the shortest f64 that round-trips, read through f64's shortest representation, so values
//! with up to 15 significant digits (all money and quantities these APIs carry) are exact.
//!
//! deepObject query parameters: progenitor serialises every query parameter with
//! `progenitor_client::QueryParam` (form style). For the parameters that are deepObject in
//! the published spec (see [`crate::adapt`]) the call becomes
//! `crate::runtime::DeepObject::new(name, value)`, which writes `name[key]=value` pairs.

use std::collections::BTreeSet;

use syn::visit_mut::{self, VisitMut};

use crate::syntax::option_of;

pub fn apply(file: &mut syn::File, deep_objects: &BTreeSet<String>) {
    DecimalAsNumber.visit_file_mut(file);
    DeepObjectQueries { deep_objects }.visit_file_mut(file);
    WithoutApiVersionHeader.visit_file_mut(file);
}

/// progenitor adds `api-version: <info.version>` to every request; no vendor documents such
/// a header (it would be our spec's version, not theirs), so the statement is dropped.
struct WithoutApiVersionHeader;

impl VisitMut for WithoutApiVersionHeader {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let before = block.stmts.len();
        block.stmts.retain(|stmt| !adds_api_version_header(stmt));
        if block.stmts.len() < before && !block.stmts.iter().any(mutates_header_map) {
            // The map stays empty: `let mut` would now warn.
            for stmt in &mut block.stmts {
                if let syn::Stmt::Local(syn::Local {
                    pat: syn::Pat::Ident(binding),
                    ..
                }) = stmt
                {
                    if binding.ident == "header_map" {
                        binding.mutability = None;
                    }
                }
            }
        }
        visit_mut::visit_block_mut(self, block);
    }
}

/// A statement that adds to `header_map` (a header parameter of the operation).
fn mutates_header_map(stmt: &syn::Stmt) -> bool {
    let text = quote::quote!(#stmt).to_string();
    text.contains("header_map . append") || text.contains("header_map . insert")
}

/// `header_map.append(HeaderName::from_static("api-version"), …);`
fn adds_api_version_header(stmt: &syn::Stmt) -> bool {
    let syn::Stmt::Expr(syn::Expr::MethodCall(call), _) = stmt else {
        return false;
    };
    call.method == "append"
        && call
            .args
            .first()
            .is_some_and(|name| quote::quote!(#name).to_string().contains("\"api-version\""))
}

struct DeepObjectQueries<'a> {
    deep_objects: &'a BTreeSet<String>,
}

impl VisitMut for DeepObjectQueries<'_> {
    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        if is_query_param_new(&call.func) && self.names_deep_object(call.args.first()) {
            *call.func = syn::parse_quote!(crate::runtime::DeepObject::new);
        }
        visit_mut::visit_expr_call_mut(self, call);
    }
}

impl DeepObjectQueries<'_> {
    fn names_deep_object(&self, first_argument: Option<&syn::Expr>) -> bool {
        match first_argument {
            Some(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(name),
                ..
            })) => self.deep_objects.contains(&name.value()),
            _ => false,
        }
    }
}

fn is_query_param_new(func: &syn::Expr) -> bool {
    matches!(func, syn::Expr::Path(call) if path_ends_with(&call.path, &["QueryParam", "new"]))
}

struct DecimalAsNumber;

impl VisitMut for DecimalAsNumber {
    fn visit_field_mut(&mut self, field: &mut syn::Field) {
        if is_decimal(&field.ty) {
            field
                .attrs
                .push(syn::parse_quote!(#[serde(with = "::rust_decimal::serde::float")]));
        } else if option_of(&field.ty).is_some_and(is_decimal) {
            // `with` disables serde's implicit "missing Option field is None"; `default`
            // restores it.
            field.attrs.push(
                syn::parse_quote!(#[serde(default, with = "::rust_decimal::serde::float_option")]),
            );
        }
        visit_mut::visit_field_mut(self, field);
    }
}

fn is_decimal(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(ty) if path_ends_with(&ty.path, &["rust_decimal", "Decimal"]))
}

fn path_ends_with(path: &syn::Path, tail: &[&str]) -> bool {
    let segments = path.segments.iter().rev().map(|segment| &segment.ident);
    path.segments.len() >= tail.len() && segments.zip(tail.iter().rev()).all(|(a, b)| a == b)
}
