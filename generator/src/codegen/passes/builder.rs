//! Struct builders, so that a consumer writes a 40-field request body field by field with
//! types instead of a JSON literal.
//!
//! typify has them (`TypeSpaceSettings::with_struct_builder`), but progenitor 0.15.1 turns
//! them on only with its builder-style client (`Generator::new` passes
//! `interface == InterfaceStyle::Builder`), and our clients keep positional methods. This
//! pass emits the same API typify would, from each struct's final shape (after renames,
//! secret types, flags, relations and `extra`): `X::builder()`, `types::builder::X` with one
//! setter per field, `TryFrom<builder::X> for X` whose error names the first required field
//! left unset, and `From<X> for builder::X` to start from an existing value.
//!
//! A field is optional when serde can do without it (`Option`, `#[serde(default)]`, the
//! flattened `extra` map); every other field is required, as the spec says.

use std::collections::BTreeSet;

use quote::{format_ident, ToTokens};
use syn::visit_mut::VisitMut;

use crate::codegen::syntax::{is_path_to, option_of, types_mut, wire_name};

/// Writes the builders; returns how many structs got one.
pub fn apply(file: &mut syn::File) -> usize {
    let Some(items) = types_mut(file) else {
        return 0;
    };
    let names: BTreeSet<String> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) => Some(item.ident.to_string()),
            syn::Item::Enum(item) => Some(item.ident.to_string()),
            syn::Item::Type(item) => Some(item.ident.to_string()),
            _ => None,
        })
        .collect();
    let structs: Vec<syn::ItemStruct> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) if matches!(item.fields, syn::Fields::Named(_)) => {
                Some(item.clone())
            }
            _ => None,
        })
        .collect();
    if structs.is_empty() {
        return 0;
    }
    let templates = Templates::new();
    let mut builders = Vec::new();
    for item in &structs {
        let mut constructor = templates.constructor.clone();
        Fill::name(&item.ident).visit_item_mut(&mut constructor);
        items.push(constructor);
        builders.extend(builder(item, &names, &templates));
    }
    // The module is parsed empty and given the builders as syntax trees: quoting them into
    // it would print every builder to tokens and parse it a second time (once was half the
    // time of `generate --check`).
    let mut module: syn::ItemMod = syn::parse_quote! {
        /// Builders for the types of this module: one setter per field, and `try_into()`
        /// (or `TryFrom`) fails naming the first required field left unset.
        pub mod builder {}
    };
    if let Some((_, content)) = module.content.as_mut() {
        *content = builders;
    }
    items.push(syn::Item::Mod(module));
    structs.len()
}

/// The placeholders of [`Templates`], replaced by [`Fill`].
const NAME: &str = "__NAME";
const FIELD: &str = "__FIELD";
const TYPE: &str = "__TYPE";
const MESSAGE: &str = "__MESSAGE";

/// A builder's pieces, parsed once per file and filled in for each struct and field by
/// [`Fill`]: quoting and parsing them anew for each of a file's hundreds of fields took
/// most of `generate --check`.
struct Templates {
    constructor: syn::Item,
    /// The builder struct, its impls and conversions, with no fields yet.
    skeleton: syn::File,
    /// The same when the struct has no fields: the conversions' argument is unused.
    empty: syn::File,
    field: syn::Field,
    setter: syn::ImplItemFn,
    required: syn::FieldValue,
    optional: syn::FieldValue,
    try_from: syn::FieldValue,
    from: syn::FieldValue,
}

impl Templates {
    fn new() -> Templates {
        let name = format_ident!("{NAME}");
        let field = format_ident!("{FIELD}");
        let ty = format_ident!("{TYPE}");
        let skeleton = |value: syn::Ident| -> syn::File {
            syn::parse_quote! {
                #[derive(Clone, Debug)]
                pub struct #name {}

                impl ::std::default::Default for #name {
                    fn default() -> Self {
                        Self {}
                    }
                }

                impl #name {}

                impl ::std::convert::TryFrom<#name> for super::#name {
                    type Error = super::error::ConversionError;

                    fn try_from(
                        #value: #name,
                    ) -> ::std::result::Result<Self, super::error::ConversionError> {
                        Ok(Self {})
                    }
                }

                impl ::std::convert::From<super::#name> for #name {
                    fn from(#value: super::#name) -> Self {
                        Self {}
                    }
                }
            }
        };
        let named: syn::FieldsNamed = syn::parse_quote!({
            #field: ::std::result::Result<#ty, ::std::string::String>
        });
        Templates {
            constructor: syn::parse_quote! {
                impl #name {
                    /// A builder with every required field unset.
                    pub fn builder() -> builder::#name {
                        Default::default()
                    }
                }
            },
            skeleton: skeleton(format_ident!("value")),
            empty: skeleton(format_ident!("_value")),
            field: named.named.into_iter().next().expect("one field"),
            setter: syn::parse_quote! {
                pub fn #field<T>(mut self, value: T) -> Self
                where
                    T: ::std::convert::TryInto<#ty>,
                    T::Error: ::std::fmt::Display,
                {
                    self.#field = value.try_into().map_err(|e| format!(#MESSAGE));
                    self
                }
            },
            required: syn::parse_quote!(#field: Err(#MESSAGE.to_string())),
            optional: syn::parse_quote!(#field: Ok(Default::default())),
            try_from: syn::parse_quote!(#field: value.#field?),
            from: syn::parse_quote!(#field: Ok(value.#field)),
        }
    }
}

/// Replaces the placeholders of a template: the struct's name, a field's name, its type
/// and a message (a string literal, also inside `format!`).
#[derive(Default)]
struct Fill<'a> {
    name: Option<&'a syn::Ident>,
    field: Option<&'a syn::Ident>,
    ty: Option<&'a syn::Type>,
    message: Option<String>,
}

impl<'a> Fill<'a> {
    fn name(name: &'a syn::Ident) -> Fill<'a> {
        Fill {
            name: Some(name),
            ..Fill::default()
        }
    }

    fn field(field: &'a syn::Ident, ty: &'a syn::Type, message: Option<String>) -> Fill<'a> {
        Fill {
            field: Some(field),
            ty: Some(ty),
            message,
            ..Fill::default()
        }
    }

    /// `template` filled in.
    fn to<T: Clone>(&mut self, template: &T, visit: fn(&mut Self, &mut T)) -> T {
        let mut filled = template.clone();
        visit(self, &mut filled);
        filled
    }
}

impl VisitMut for Fill<'_> {
    fn visit_ident_mut(&mut self, ident: &mut syn::Ident) {
        let replacement = match () {
            _ if ident == NAME => self.name,
            _ if ident == FIELD => self.field,
            _ => None,
        };
        if let Some(replacement) = replacement {
            *ident = replacement.clone();
        }
    }

    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        match self.ty {
            Some(replacement) if is_path_to(ty, TYPE) => *ty = replacement.clone(),
            _ => syn::visit_mut::visit_type_mut(self, ty),
        }
    }

    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        if let Some(message) = self.message.as_deref().filter(|_| lit.value() == MESSAGE) {
            *lit = syn::LitStr::new(message, lit.span());
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        syn::visit_mut::visit_macro_mut(self, mac);
        if let Ok(mut lit) = syn::parse2::<syn::LitStr>(mac.tokens.clone()) {
            self.visit_lit_str_mut(&mut lit);
            mac.tokens = lit.into_token_stream();
        }
    }
}

/// `builder::X` for `item`, its setters and its conversions.
fn builder(
    item: &syn::ItemStruct,
    names: &BTreeSet<String>,
    templates: &Templates,
) -> Vec<syn::Item> {
    let name = &item.ident;
    let fields: Vec<&syn::Field> = item.fields.iter().collect();
    let mut file = match fields.is_empty() {
        true => templates.empty.clone(),
        false => templates.skeleton.clone(),
    };
    Fill::name(name).visit_file_mut(&mut file);
    let doc = format!("Builds a [`super::{name}`] field by field; see [`super::{name}::builder`].");
    let mut parts = file.items.iter_mut();
    let (
        Some(syn::Item::Struct(declaration)),
        Some(syn::Item::Impl(default)),
        Some(syn::Item::Impl(setters)),
        Some(syn::Item::Impl(try_from)),
        Some(syn::Item::Impl(from)),
    ) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    )
    else {
        unreachable!("the skeleton is a struct and four impls")
    };
    declaration
        .attrs
        .insert(0, syn::parse_quote!(#[doc = #doc]));
    let syn::Fields::Named(declared) = &mut declaration.fields else {
        unreachable!("the skeleton's struct has named fields")
    };
    let mut defaults = Vec::new();
    let mut tries = Vec::new();
    let mut froms = Vec::new();
    for field in fields {
        let Some(ident) = field.ident.as_ref() else {
            continue;
        };
        let mut ty = field.ty.clone();
        InParent { names }.visit_type_mut(&mut ty);
        let conversion_error = format!(
            "error converting supplied value for {}: {{e}}",
            unraw(ident)
        );
        let mut fill = Fill::field(ident, &ty, Some(conversion_error));
        declared
            .named
            .push(fill.to(&templates.field, VisitMut::visit_field_mut));
        let mut setter = fill.to(&templates.setter, VisitMut::visit_impl_item_fn_mut);
        setter.attrs = field
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("doc"))
            .cloned()
            .collect();
        setters.items.push(syn::ImplItem::Fn(setter));
        defaults.push(initial_value(field, ident, &ty, templates));
        let mut fill = Fill::field(ident, &ty, None);
        tries.push(fill.to(&templates.try_from, VisitMut::visit_field_value_mut));
        froms.push(fill.to(&templates.from, VisitMut::visit_field_value_mut));
    }
    for (block, values) in [(default, defaults), (try_from, tries), (from, froms)] {
        let mut literal = SelfLiteral(Some(values));
        literal.visit_item_impl_mut(block);
        assert!(literal.0.is_none(), "each skeleton impl builds `Self {{}}`");
    }
    file.items
}

/// Gives the (only) `Self {}` literal of an impl its fields.
struct SelfLiteral(Option<Vec<syn::FieldValue>>);

impl VisitMut for SelfLiteral {
    fn visit_expr_struct_mut(&mut self, literal: &mut syn::ExprStruct) {
        if literal.path.is_ident("Self") {
            if let Some(values) = self.0.take() {
                literal.fields.extend(values);
            }
        }
    }
}

/// `Ok(default)` for a field serde can do without, else the error naming it.
fn initial_value(
    field: &syn::Field,
    ident: &syn::Ident,
    ty: &syn::Type,
    templates: &Templates,
) -> syn::FieldValue {
    let optional = match serde_default(field) {
        Some(Some(path)) => return syn::parse_quote!(#ident: Ok(super::#path())),
        Some(None) => true,
        None => option_of(&field.ty).is_some() || is_flattened(field),
    };
    if optional {
        return Fill::field(ident, ty, None)
            .to(&templates.optional, VisitMut::visit_field_value_mut);
    }
    let name = unraw(ident);
    let message = match wire_name(field) {
        Some(wire) if wire != name => format!("no value supplied for {name} (`{wire}`)"),
        _ => format!("no value supplied for {name}"),
    };
    Fill::field(ident, ty, Some(message)).to(&templates.required, VisitMut::visit_field_value_mut)
}

/// `Some(None)` for `#[serde(default)]`, `Some(Some(path))` for `#[serde(default = "path")]`.
fn serde_default(field: &syn::Field) -> Option<Option<syn::Path>> {
    let mut found = None;
    for attr in serde_attrs(field) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") {
                found = Some(match meta.input.peek(syn::Token![=]) {
                    true => Some(meta.value()?.parse::<syn::LitStr>()?.parse::<syn::Path>()?),
                    false => None,
                });
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
    }
    found
}

fn is_flattened(field: &syn::Field) -> bool {
    let mut flattened = false;
    for attr in serde_attrs(field) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("flatten") {
                flattened = true;
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
    }
    flattened
}

fn serde_attrs(field: &syn::Field) -> impl Iterator<Item = &syn::Attribute> {
    field
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
}

/// The field's name as a consumer reads it (`type_`, not `r#type`).
fn unraw(ident: &syn::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_owned()
}

/// Prefixes `super::` to the types of the `types` module, which the builder module (where
/// the same names are builders) sees from below.
struct InParent<'a> {
    names: &'a BTreeSet<String>,
}

impl VisitMut for InParent<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        syn::visit_mut::visit_path_mut(self, path);
        let local = path.leading_colon.is_none()
            && path
                .segments
                .first()
                .is_some_and(|first| self.names.contains(&first.ident.to_string()));
        if local {
            path.segments.insert(0, syn::parse_quote!(super));
        }
    }
}
