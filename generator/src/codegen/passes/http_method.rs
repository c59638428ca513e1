//! progenitor builds an `options` or `trace` request with `self.client.options(url)` /
//! `.trace(url)`, which `reqwest::Client` does not have (it has a method per verb only for
//! get, post, put, patch, delete and head); the call becomes
//! `self.client.request(::reqwest::Method::OPTIONS, url)`.

use quote::format_ident;
use syn::visit_mut::{self, VisitMut};

/// Rewrites every such call; returns how many.
pub fn apply(file: &mut syn::File) -> usize {
    let mut pass = GenericMethods { rewritten: 0 };
    pass.visit_file_mut(file);
    pass.rewritten
}

struct GenericMethods {
    rewritten: usize,
}

impl VisitMut for GenericMethods {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        visit_mut::visit_expr_method_call_mut(self, call);
        let is_client = matches!(&*call.receiver, syn::Expr::Field(field)
            if matches!(&field.member, syn::Member::Named(name) if name == "client"));
        let verb = call.method.to_string();
        if !is_client || !matches!(verb.as_str(), "options" | "trace") || call.args.len() != 1 {
            return;
        }
        let constant = format_ident!("{}", verb.to_uppercase());
        let url = call.args[0].clone();
        call.method = format_ident!("request");
        call.args = syn::parse_quote!(::reqwest::Method::#constant, #url);
        self.rewritten += 1;
    }
}
