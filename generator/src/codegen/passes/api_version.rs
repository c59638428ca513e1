//! progenitor adds `api-version: <info.version>` to every request; no vendor documents such
//! a header (it would be our spec's version, not theirs), so the statement is dropped.

use syn::visit_mut::{self, VisitMut};

pub fn apply(file: &mut syn::File) {
    WithoutApiVersionHeader.visit_file_mut(file);
}

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
