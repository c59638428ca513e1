//! deepObject query parameters: progenitor serialises every query parameter with
//! `progenitor_client::QueryParam` (form style). For the parameters that are deepObject in
//! the published spec (see [`crate::codegen::adapt`]) the call becomes
//! `crate::runtime::DeepObject::new(name, value)`, which writes `name[key]=value` pairs.

use std::collections::{BTreeMap, BTreeSet};

use syn::visit_mut::{self, VisitMut};

use crate::codegen::syntax::path_ends_with;
use crate::error::Pointer;

/// Rewrites the calls; returns the wire names it found a call for.
pub fn apply(file: &mut syn::File, deep_objects: &BTreeMap<String, Pointer>) -> BTreeSet<String> {
    let mut pass = DeepObjectQueries {
        deep_objects,
        found: BTreeSet::new(),
    };
    pass.visit_file_mut(file);
    pass.found
}

struct DeepObjectQueries<'a> {
    deep_objects: &'a BTreeMap<String, Pointer>,
    found: BTreeSet<String>,
}

impl VisitMut for DeepObjectQueries<'_> {
    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        if is_query_param_new(&call.func) {
            if let Some(name) = self.deep_object_named(call.args.first()) {
                *call.func = syn::parse_quote!(crate::runtime::DeepObject::new);
                self.found.insert(name);
            }
        }
        visit_mut::visit_expr_call_mut(self, call);
    }
}

impl DeepObjectQueries<'_> {
    fn deep_object_named(&self, first_argument: Option<&syn::Expr>) -> Option<String> {
        match first_argument {
            Some(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(name),
                ..
            })) => Some(name.value()).filter(|name| self.deep_objects.contains_key(name)),
            _ => None,
        }
    }
}

fn is_query_param_new(func: &syn::Expr) -> bool {
    matches!(func, syn::Expr::Path(call) if path_ends_with(&call.path, &["QueryParam", "new"]))
}
