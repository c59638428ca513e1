//! Decimal fields: `rust_decimal::Decimal` serialises as a JSON *string* by default, while
//! every vendor sends and expects JSON *numbers* for prices and quantities. Each decimal
//! field gets `#[serde(with = "rust_decimal::serde::float")]` (or `float_option`): written as
//! the shortest f64 that round-trips, read through f64's shortest representation, so values
//! with up to 15 significant digits (all money and quantities these APIs carry) are exact.

use syn::visit_mut::{self, VisitMut};

use crate::codegen::syntax::{option_of, path_ends_with};

/// Marks every decimal field; returns how many it marked.
pub fn apply(file: &mut syn::File) -> usize {
    let mut pass = DecimalAsNumber { marked: 0 };
    pass.visit_file_mut(file);
    pass.marked
}

struct DecimalAsNumber {
    marked: usize,
}

impl VisitMut for DecimalAsNumber {
    fn visit_field_mut(&mut self, field: &mut syn::Field) {
        if is_decimal(&field.ty) {
            field
                .attrs
                .push(syn::parse_quote!(#[serde(with = "::rust_decimal::serde::float")]));
            self.marked += 1;
        } else if option_of(&field.ty).is_some_and(is_decimal) {
            // `with` disables serde's implicit "missing Option field is None"; `default`
            // restores it.
            field.attrs.push(
                syn::parse_quote!(#[serde(default, with = "::rust_decimal::serde::float_option")]),
            );
            self.marked += 1;
        }
        visit_mut::visit_field_mut(self, field);
    }
}

fn is_decimal(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(ty) if path_ends_with(&ty.path, &["rust_decimal", "Decimal"]))
}
