//! Forward compatibility: vendors add enum values without notice, and a response carrying one
//! must still decode, keeping the value as received. Requests stay strict.
//!
//! - String enums (all unit variants) get a last variant
//!   `#[serde(untagged)] Unknown(crate::runtime::UnknownValue)`. Deserialising falls back to
//!   it for any other string; `UnknownValue` cannot be built outside the crate, so a caller
//!   cannot put an invented value into a request (`FromStr`/`TryFrom` stay strict too). An
//!   unknown value received from the vendor can be sent back unchanged. `Copy` is dropped
//!   from the derives since the raw value is a `String`; `Display` prints it. An enum whose
//!   vendor values already make a variant `Unknown` (`UNKNOWN`, `unknown`) gets the first
//!   free name of `Unknown2`, `Unknown3`, …, so the name depends only on the enum itself.
//! - Client methods then take these enums by reference (`&'a T`, `Option<&'a T>`), as typify
//!   passes every enum that is not all unit variants: progenitor passed them by value
//!   because they were `Copy`, and its paginated `_stream` methods reuse each argument for
//!   every page, which compiles only for `Copy` arguments.
//! - Integer enums (typify's validated newtypes, `StockStatus(i32)`) deserialise any integer;
//!   `TryFrom<i32>`, the only way to build one, still checks the documented values.

use std::collections::BTreeMap;

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
    ByReference {
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

/// Adds the `Unknown` variant to every string enum and remembers, per enum name, what that
/// variant is called.
#[derive(Default)]
struct OpenEnums {
    string_enums: BTreeMap<String, syn::Ident>,
}

impl VisitMut for OpenEnums {
    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        let all_unit = item
            .variants
            .iter()
            .all(|variant| matches!(variant.fields, syn::Fields::Unit));
        if all_unit && derives(&item.attrs, "Deserialize") {
            drop_derive(&mut item.attrs, "Copy");
            let unknown = unknown_variant_name(item);
            item.variants.push(syn::parse_quote! {
                /// A value this client does not know (the vendor added it), kept as received.
                #[serde(untagged)]
                #unknown(crate::runtime::UnknownValue)
            });
            self.string_enums.insert(item.ident.to_string(), unknown);
        }
        visit_mut::visit_item_enum_mut(self, item);
    }
}

/// `Unknown`, or the first of `Unknown2`, `Unknown3`, … that is not a variant already.
fn unknown_variant_name(item: &syn::ItemEnum) -> syn::Ident {
    let taken = |name: &str| item.variants.iter().any(|variant| variant.ident == name);
    let name = std::iter::once("Unknown".to_owned())
        .chain((2..).map(|n| format!("Unknown{n}")))
        .find(|name| !taken(name))
        .expect("an enum has finitely many variants");
    syn::Ident::new(&name, proc_macro2::Span::call_site())
}

/// `impl Display` of an opened enum prints the raw unknown value.
struct OpenDisplays<'a> {
    enums: &'a BTreeMap<String, syn::Ident>,
}

impl VisitMut for OpenDisplays<'_> {
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let unknown = self_type_name(item).and_then(|name| self.enums.get(&name));
        if let (true, Some(unknown)) = (implements(item, "Display"), unknown) {
            for impl_item in &mut item.items {
                if let syn::ImplItem::Fn(function) = impl_item {
                    AddUnknownArm(unknown).visit_block_mut(&mut function.block);
                }
            }
        }
        visit_mut::visit_item_impl_mut(self, item);
    }
}

struct AddUnknownArm<'a>(&'a syn::Ident);

impl VisitMut for AddUnknownArm<'_> {
    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        let unknown = self.0;
        expr.arms
            .push(syn::parse_quote!(Self::#unknown(ref raw) => f.write_str(raw.as_str()),));
    }
}

/// Parameters of client methods (`fn name<'a>(&'a self, …)`) typed with an opened enum, or
/// an `Option` of one, become references with the method's lifetime.
struct ByReference<'a> {
    enums: &'a BTreeMap<String, syn::Ident>,
}

impl VisitMut for ByReference<'_> {
    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        let lifetime = function
            .sig
            .generics
            .lifetimes()
            .map(|param| param.lifetime.clone())
            .next();
        let takes_self = matches!(function.sig.inputs.first(), Some(syn::FnArg::Receiver(_)));
        if let (Some(lifetime), true) = (lifetime, takes_self) {
            for input in &mut function.sig.inputs {
                if let syn::FnArg::Typed(param) = input {
                    self.borrow(&mut param.ty, &lifetime);
                }
            }
        }
        visit_mut::visit_impl_item_fn_mut(self, function);
    }
}

impl ByReference<'_> {
    fn borrow(&self, ty: &mut syn::Type, lifetime: &syn::Lifetime) {
        if let Some(inner) = option_argument(ty) {
            self.borrow(inner, lifetime);
        } else if self.is_opened_enum(ty) {
            *ty = syn::parse_quote!(&#lifetime #ty);
        }
    }

    fn is_opened_enum(&self, ty: &syn::Type) -> bool {
        match ty {
            syn::Type::Path(path) => path.path.segments.last().is_some_and(|last| {
                last.arguments.is_none() && self.enums.contains_key(&last.ident.to_string())
            }),
            _ => false,
        }
    }
}

/// `T` of a type written `Option<T>` (any path ending in `Option`).
fn option_argument(ty: &mut syn::Type) -> Option<&mut syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last_mut()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &mut last.arguments else {
        return None;
    };
    if arguments.args.len() != 1 {
        return None;
    }
    match arguments.args.first_mut() {
        Some(syn::GenericArgument::Type(inner)) => Some(inner),
        _ => None,
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
