//! deepObject query parameters: progenitor serialises every query parameter with
//! `progenitor_client::QueryParam` (form style). For the parameters that are deepObject in
//! the published spec (see [`crate::codegen::adapt`]) the call becomes
//! `crate::runtime::DeepObject::new(name, value)`, which writes `name[key]=value` pairs.

use std::collections::BTreeSet;

use syn::visit_mut::{self, VisitMut};

use crate::codegen::syntax::path_ends_with;

pub fn apply(file: &mut syn::File, deep_objects: &BTreeSet<String>) {
    DeepObjectQueries { deep_objects }.visit_file_mut(file);
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
