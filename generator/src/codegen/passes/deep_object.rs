//! deepObject query parameters: progenitor serialises every query parameter with
//! `progenitor_client::QueryParam` (form style). For the parameters that are deepObject in
//! the published spec (see [`crate::codegen::adapt`]) the call, in the method of each
//! operation declaring one, becomes `crate::runtime::DeepObject::new(name, value)`, which
//! writes `name[key]=value` pairs.

use std::collections::BTreeSet;

use syn::visit_mut::{self, VisitMut};

use crate::codegen::adapt::DeepObjects;
use crate::codegen::syntax::path_ends_with;

/// Rewrites the calls; returns the (method, wire name) pairs it found a call for.
pub fn apply(file: &mut syn::File, deep_objects: &DeepObjects) -> BTreeSet<(String, String)> {
    let mut pass = DeepObjectQueries {
        deep_objects,
        method: None,
        found: BTreeSet::new(),
    };
    pass.visit_file_mut(file);
    pass.found
}

struct DeepObjectQueries<'a> {
    deep_objects: &'a DeepObjects,
    /// The method being visited.
    method: Option<String>,
    found: BTreeSet<(String, String)>,
}

impl VisitMut for DeepObjectQueries<'_> {
    fn visit_impl_item_fn_mut(&mut self, method: &mut syn::ImplItemFn) {
        let outer = self.method.replace(method.sig.ident.to_string());
        visit_mut::visit_impl_item_fn_mut(self, method);
        self.method = outer;
    }

    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        if is_query_param_new(&call.func) {
            if let Some(key) = self.deep_object_named(call.args.first()) {
                *call.func = syn::parse_quote!(crate::runtime::DeepObject::new);
                self.found.insert(key);
            }
        }
        visit_mut::visit_expr_call_mut(self, call);
    }
}

impl DeepObjectQueries<'_> {
    fn deep_object_named(&self, first_argument: Option<&syn::Expr>) -> Option<(String, String)> {
        let method = self.method.clone()?;
        match first_argument {
            Some(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(name),
                ..
            })) => Some((method, name.value())).filter(|key| self.deep_objects.contains_key(key)),
            _ => None,
        }
    }
}

fn is_query_param_new(func: &syn::Expr) -> bool {
    matches!(func, syn::Expr::Path(call) if path_ends_with(&call.path, &["QueryParam", "new"]))
}
