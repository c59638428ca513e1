//! Touch-ups on progenitor's output that typify has no setting for.
//!
//! Decimal fields: `rust_decimal::Decimal` serialises as a JSON *string* by default, while
//! every vendor sends and expects JSON *numbers* for prices and quantities. Each decimal
//! field gets `#[serde(with = "rust_decimal::serde::float")]` (or `float_option`): written as
//! the shortest f64 that round-trips, read through f64's shortest representation, so values
//! with up to 15 significant digits (all money and quantities these APIs carry) are exact.

use syn::visit_mut::{self, VisitMut};

pub fn apply(file: &mut syn::File) {
    DecimalAsNumber.visit_file_mut(file);
}

struct DecimalAsNumber;

impl VisitMut for DecimalAsNumber {
    fn visit_field_mut(&mut self, field: &mut syn::Field) {
        if is_decimal(&field.ty) {
            field
                .attrs
                .push(syn::parse_quote!(#[serde(with = "::rust_decimal::serde::float")]));
        } else if option_inner(&field.ty).is_some_and(is_decimal) {
            // `with` disables serde's implicit "missing Option field is None"; `default`
            // restores it.
            field.attrs.push(
                syn::parse_quote!(#[serde(default, with = "::rust_decimal::serde::float_option")]),
            );
        }
        visit_mut::visit_field_mut(self, field);
    }
}

fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last(),
        _ => None,
    }
}

fn is_decimal(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    let names = path
        .path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect::<Vec<_>>();
    names.ends_with(&["rust_decimal".to_owned(), "Decimal".to_owned()])
}

fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    let segment = last_segment(ty)?;
    if segment.ident != "Option" {
        return None;
    }
    match &segment.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|arg| match arg {
            syn::GenericArgument::Type(inner) => Some(inner),
            _ => None,
        }),
        _ => None,
    }
}
