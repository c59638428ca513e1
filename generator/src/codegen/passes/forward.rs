//! Forward compatibility: vendors add enum values without notice, and a response carrying one
//! must still decode, keeping the value as received. Requests stay strict.
//!
//! - String enums (all unit variants) get a last variant
//!   `#[serde(untagged)] Unknown(crate::runtime::UnknownValue)`. Deserialising falls back to
//!   it for any other string; `UnknownValue` cannot be built outside the crate, so a caller
//!   cannot put an invented value into a request (`FromStr`/`TryFrom` stay strict too). An
//!   unknown value received from the vendor can be sent back unchanged. `Copy` is dropped
//!   from the derives since the raw value is a `String`; `Display` prints it.
//! - Integer enums (typify's validated newtypes, `StockStatus(i32)`) deserialise any integer;
//!   `TryFrom<i32>`, the only way to build one, still checks the documented values.

use std::collections::{BTreeMap, BTreeSet};

use syn::visit::Visit;
use syn::visit_mut::{self, VisitMut};

use crate::codegen::syntax::{implements, self_type_name, trait_segment};

/// How many enums a run opened, by kind.
pub struct Opened {
    pub string_enums: usize,
    pub integer_enums: usize,
}

pub fn apply(file: &mut syn::File) -> Opened {
    let mut open = OpenEnums::default();
    open.visit_file_mut(file);
    OpenDisplays {
        enums: &open.string_enums,
    }
    .visit_file_mut(file);
    let mut integer_enums = IntegerEnumFinder::default();
    integer_enums.visit_file(file);
    OpenIntegerEnums {
        enums: &integer_enums.0,
    }
    .visit_file_mut(file);
    Opened {
        string_enums: open.string_enums.len(),
        integer_enums: integer_enums.0.len(),
    }
}

/// Adds the `Unknown` variant to every string enum and remembers their names.
#[derive(Default)]
struct OpenEnums {
    string_enums: BTreeSet<String>,
}

impl VisitMut for OpenEnums {
    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        let all_unit = item
            .variants
            .iter()
            .all(|variant| matches!(variant.fields, syn::Fields::Unit));
        if all_unit && derives(&item.attrs, "Deserialize") {
            drop_derive(&mut item.attrs, "Copy");
            item.variants.push(syn::parse_quote! {
                /// A value this client does not know (the vendor added it), kept as received.
                #[serde(untagged)]
                Unknown(crate::runtime::UnknownValue)
            });
            self.string_enums.insert(item.ident.to_string());
        }
        visit_mut::visit_item_enum_mut(self, item);
    }
}

/// `impl Display` of an opened enum prints the raw unknown value.
struct OpenDisplays<'a> {
    enums: &'a BTreeSet<String>,
}

impl VisitMut for OpenDisplays<'_> {
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let is_display = implements(item, "Display");
        if is_display && self_type_in(item, self.enums) {
            for impl_item in &mut item.items {
                if let syn::ImplItem::Fn(function) = impl_item {
                    AddUnknownArm.visit_block_mut(&mut function.block);
                }
            }
        }
        visit_mut::visit_item_impl_mut(self, item);
    }
}

struct AddUnknownArm;

impl VisitMut for AddUnknownArm {
    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        expr.arms
            .push(syn::parse_quote!(Self::Unknown(ref raw) => f.write_str(raw.as_str()),));
    }
}

/// Newtypes whose `TryFrom<integer>` checks membership in a list of documented values
/// (`if ![1_i32, 2_i32].contains(&value)`), by name, with their integer type.
#[derive(Default)]
struct IntegerEnumFinder(BTreeMap<String, syn::Ident>);

impl Visit<'_> for IntegerEnumFinder {
    fn visit_item_impl(&mut self, item: &syn::ItemImpl) {
        if let (Some(integer), Some(name)) = (try_from_integer(item), self_type_name(item)) {
            if checks_a_value_list(item) {
                self.0.insert(name, integer);
            }
        }
        syn::visit::visit_item_impl(self, item);
    }
}

/// `i32` of `impl TryFrom<i32> for …` (or `i64`).
fn try_from_integer(item: &syn::ItemImpl) -> Option<syn::Ident> {
    let segment = trait_segment(item).filter(|segment| segment.ident == "TryFrom")?;
    let syn::PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(syn::Type::Path(ty))
            if ty.path.is_ident("i32") || ty.path.is_ident("i64") =>
        {
            ty.path.get_ident().cloned()
        }
        _ => None,
    }
}

/// Whether the impl calls `.contains(..)` on an array literal.
fn checks_a_value_list(item: &syn::ItemImpl) -> bool {
    #[derive(Default)]
    struct Finder(bool);
    impl Visit<'_> for Finder {
        fn visit_expr_method_call(&mut self, call: &syn::ExprMethodCall) {
            self.0 |= call.method == "contains" && matches!(&*call.receiver, syn::Expr::Array(_));
            syn::visit::visit_expr_method_call(self, call);
        }
    }
    let mut finder = Finder::default();
    finder.visit_item_impl(item);
    finder.0
}

/// Their `Deserialize` keeps any integer instead of re-running the check.
struct OpenIntegerEnums<'a> {
    enums: &'a BTreeMap<String, syn::Ident>,
}

impl VisitMut for OpenIntegerEnums<'_> {
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let integer = self_type_name(item).and_then(|name| self.enums.get(&name));
        if let Some(integer) = integer.filter(|_| implements(item, "Deserialize")) {
            for impl_item in &mut item.items {
                if let syn::ImplItem::Fn(function) = impl_item {
                    function.block = syn::parse_quote!({
                        <#integer as ::serde::Deserialize>::deserialize(deserializer).map(Self)
                    });
                }
            }
        }
        visit_mut::visit_item_impl_mut(self, item);
    }
}

fn self_type_in(item: &syn::ItemImpl, names: &BTreeSet<String>) -> bool {
    self_type_name(item).is_some_and(|name| names.contains(&name))
}

type Paths = syn::punctuated::Punctuated<syn::Path, syn::Token![,]>;

fn derived(attr: &syn::Attribute) -> Vec<syn::Path> {
    if !attr.path().is_ident("derive") {
        return Vec::new();
    }
    attr.parse_args_with(Paths::parse_terminated)
        .map(|paths| paths.into_iter().collect())
        .unwrap_or_default()
}

fn is_named(path: &syn::Path, name: &str) -> bool {
    path.segments
        .last()
        .is_some_and(|segment| segment.ident == name)
}

fn derives(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs
        .iter()
        .flat_map(derived)
        .any(|path| is_named(&path, name))
}

fn drop_derive(attrs: &mut [syn::Attribute], name: &str) {
    for attr in attrs
        .iter_mut()
        .filter(|attr| attr.path().is_ident("derive"))
    {
        let kept = derived(attr)
            .into_iter()
            .filter(|path| !is_named(path, name))
            .collect::<Vec<_>>();
        *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
    }
}
