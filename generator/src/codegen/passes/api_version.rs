//! progenitor adds `api-version: <info.version>` to every request; no vendor documents such
//! a header (it would be our spec's version, not theirs), so the statement is dropped.

use syn::visit::Visit;
use syn::visit_mut::{self, VisitMut};

use crate::codegen::syntax::{is_str_literal, is_variable, path_ends_with};

/// Drops the header from every request; returns how many statements it removed (one per
/// operation while progenitor adds it).
pub fn apply(file: &mut syn::File) -> usize {
    let mut pass = WithoutApiVersionHeader { removed: 0 };
    pass.visit_file_mut(file);
    pass.removed
}

struct WithoutApiVersionHeader {
    removed: usize,
}

impl VisitMut for WithoutApiVersionHeader {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let before = block.stmts.len();
        block.stmts.retain(|stmt| !adds_api_version_header(stmt));
        let removed = before - block.stmts.len();
        self.removed += removed;
        if removed > 0 && !block.stmts.iter().any(mutates_header_map) {
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

/// A statement that calls `header_map.append(…)` or `header_map.insert(…)` anywhere inside
/// (a header parameter of the operation, optional ones within an `if let`), or lends it
/// `&mut header_map` (a cookie, which `parameter_styles` has the runtime add).
fn mutates_header_map(stmt: &syn::Stmt) -> bool {
    #[derive(Default)]
    struct Finder(bool);
    impl Visit<'_> for Finder {
        fn visit_expr_method_call(&mut self, call: &syn::ExprMethodCall) {
            self.0 |= is_variable(&call.receiver, "header_map")
                && (call.method == "append" || call.method == "insert");
            syn::visit::visit_expr_method_call(self, call);
        }
        fn visit_expr_reference(&mut self, reference: &syn::ExprReference) {
            self.0 |= reference.mutability.is_some() && is_variable(&reference.expr, "header_map");
            syn::visit::visit_expr_reference(self, reference);
        }
    }
    let mut finder = Finder::default();
    finder.visit_stmt(stmt);
    finder.0
}

/// `header_map.append(HeaderName::from_static("api-version"), …);`
fn adds_api_version_header(stmt: &syn::Stmt) -> bool {
    let syn::Stmt::Expr(syn::Expr::MethodCall(call), _) = stmt else {
        return false;
    };
    let names_api_version = |name: &syn::Expr| match name {
        syn::Expr::Call(from_static) => {
            matches!(&*from_static.func, syn::Expr::Path(func)
                if path_ends_with(&func.path, &["HeaderName", "from_static"]))
                && from_static.args.len() == 1
                && is_str_literal(&from_static.args[0], "api-version")
        }
        _ => false,
    };
    is_variable(&call.receiver, "header_map")
        && call.method == "append"
        && call.args.first().is_some_and(names_api_version)
}
