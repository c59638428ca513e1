//! `x-enum-varnames` (and `x-enum-descriptions`): the Rust names and meanings of a code list.
//!
//! typify names a variant after its wire value (`"PNE"` → `Pne`, `"NULL"` → `Null`), which
//! tells a reader nothing; the spec gives the names (CONVENTIONS.md, "Closed code lists").
//!
//! - String enums: each variant takes its name from the list (its `#[serde(rename)]` keeps
//!   the wire value), in every path naming it (`Display`, `FromStr`, `Default`), and its
//!   description as doc comment.
//! - `null` in a nullable enum, named like one of the string values (SiS `TipoVariazione`,
//!   "NULL=ALTRO"): JSON null decodes as that variant instead of `None`, through
//!   `crate::runtime::null_variant` on every field holding the enum; `None` stays "absent".
//!   Whichever of the two is listed first is what the variant is sent as.
//! - Integer enums (typify's validated newtypes, `StockStatus(i32)`) have no variants: each
//!   value becomes an associated constant, `StockStatus::IN_STOCK`.

use serde_json::Value;
use syn::visit_mut::{self, VisitMut};

use crate::codegen::syntax::{
    enum_mut, is_path_to, option_of, pascal_case, self_type_name, types_mut, variant_wire_name,
};
use crate::error::{Error, Pointer, Result};
use crate::spec::tree::visit_schemas;
use crate::spec::{Skip, Spec};

const VARNAMES: &str = "x-enum-varnames";
const DESCRIPTIONS: &str = "x-enum-descriptions";

/// The variant `forward` adds to every string enum.
const RESERVED: &str = "Unknown";

/// One named code list.
pub struct CodeList {
    type_name: String,
    entries: Vec<Entry>,
    integer: bool,
    at: Pointer,
}

struct Entry {
    value: Value,
    name: String,
    description: Option<String>,
}

/// Every `x-enum-varnames` of the spec that fits its `enum`, and each that does not, with
/// what is wrong. They are read on a component schema and on a property of one (typify
/// names those types `<Schema><Property>`).
pub fn collect(spec: &Spec) -> (Vec<CodeList>, Vec<Misfit>) {
    let mut lists = Vec::new();
    let mut misfits = Vec::new();
    visit_schemas(&spec.json, &mut |schema, at, _| {
        if schema.get(VARNAMES).is_none() {
            return;
        }
        let list = type_name_at(at)
            .ok_or_else(|| {
                (
                    at.join(VARNAMES),
                    "is read only on a component schema or one of its properties".to_owned(),
                )
            })
            .and_then(|type_name| code_list(type_name, at.clone(), schema));
        match list {
            Ok(list) => lists.push(list),
            Err((pointer, reason)) => misfits.push(Misfit { pointer, reason }),
        }
    });
    (lists, misfits)
}

/// An `x-enum-varnames` (or `x-enum-descriptions`) that cannot name its enum. `generate`
/// leaves it out, a skip (a vendor's document should still generate: Xero's lists 168
/// names for another number of values); `lint` refuses it in our own specs.
pub struct Misfit {
    pub pointer: Pointer,
    pub reason: String,
}

impl Misfit {
    pub fn skip(&self) -> Skip {
        Skip {
            pointer: self.pointer.clone(),
            what: format!(
                "a code list's names or descriptions that do not fit it ({}): left out, \
                 the variants keep their names from the values",
                self.reason
            ),
        }
    }
}

/// typify's type for the schema at `at`, where the pass knows it.
fn type_name_at(at: &Pointer) -> Option<String> {
    let tokens: Vec<String> = at.tokens().collect();
    match tokens.as_slice() {
        [components, schemas, schema] if components == "components" && schemas == "schemas" => {
            Some(pascal_case(schema))
        }
        [components, schemas, schema, properties, property]
            if components == "components" && schemas == "schemas" && properties == "properties" =>
        {
            Some(pascal_case(schema) + &pascal_case(property))
        }
        _ => None,
    }
}

fn code_list(
    type_name: String,
    at: Pointer,
    schema: &Value,
) -> std::result::Result<CodeList, (Pointer, String)> {
    let invalid = |extension: &str, message: String| (at.join(extension), message);
    let values = schema
        .get("enum")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid(VARNAMES, "needs an `enum` beside it".into()))?;
    let names = strings(schema.get(VARNAMES), values.len()).ok_or_else(|| {
        invalid(
            VARNAMES,
            format!("must list one name per `enum` value ({})", values.len()),
        )
    })?;
    let descriptions = match schema.get(DESCRIPTIONS) {
        None => vec![None; values.len()],
        Some(list) => strings(Some(list), values.len())
            .ok_or_else(|| {
                invalid(
                    DESCRIPTIONS,
                    format!(
                        "must list one description per `enum` value ({})",
                        values.len()
                    ),
                )
            })?
            .into_iter()
            .map(Some)
            .collect(),
    };
    if let Some(name) = names.iter().find(|name| !is_variant_name(name)) {
        return Err(invalid(
            VARNAMES,
            format!("`{name}` is not a PascalCase Rust identifier other than `{RESERVED}`"),
        ));
    }
    let integer = schema.get("type").and_then(Value::as_str) == Some("integer");
    let string_names: Vec<&String> = names
        .iter()
        .zip(values)
        .filter(|(_, value)| !value.is_null())
        .map(|(name, _)| name)
        .collect();
    let distinct = string_names
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if distinct < string_names.len() {
        return Err(invalid(VARNAMES, "two values share a name".into()));
    }
    let well_typed = values.iter().all(|value| {
        if integer {
            value.is_i64()
        } else {
            value.is_string() || value.is_null()
        }
    });
    if !well_typed {
        return Err(invalid(
            VARNAMES,
            "names string values (and null) of a string enum, or integers of an integer enum"
                .into(),
        ));
    }
    if let Some(index) = values.iter().position(Value::is_null) {
        if !string_names.contains(&&names[index]) {
            return Err(invalid(
                VARNAMES,
                format!(
                    "null is named `{}`, which no string value is: give null the name of the \
                     string value it means (without one, null is just `None`)",
                    names[index]
                ),
            ));
        }
    }
    let entries = values
        .iter()
        .zip(names)
        .zip(descriptions)
        .map(|((value, name), description)| Entry {
            value: value.clone(),
            name,
            description,
        })
        .collect();
    Ok(CodeList {
        type_name,
        entries,
        integer,
        at,
    })
}

fn strings(list: Option<&Value>, len: usize) -> Option<Vec<String>> {
    let list = list?.as_array().filter(|list| list.len() == len)?;
    list.iter()
        .map(|item| item.as_str().map(str::to_owned))
        .collect()
}

fn is_variant_name(name: &str) -> bool {
    name != RESERVED
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Names every variant (or constant) each list asks for; a value with no generated variant,
/// or a list whose type is not generated, is an error at its `x-enum-varnames`.
pub fn apply(spec: &Spec, file: &mut syn::File, lists: &[CodeList]) -> Result<()> {
    for list in lists {
        let missing = |message: String| Error::Codegen {
            file: spec.file.clone(),
            pointer: list.at.join(VARNAMES),
            message,
        };
        if list.integer {
            add_constants(file, list).ok_or_else(|| {
                missing(format!("no generated integer newtype `{}`", list.type_name))
            })?;
        } else {
            rename_variants(file, list).map_err(missing)?;
            if let Some(null) = list.entries.iter().position(|entry| entry.value.is_null()) {
                decode_null_as_variant(file, list, null).map_err(missing)?;
            }
        }
    }
    Ok(())
}

fn rename_variants(file: &mut syn::File, list: &CodeList) -> std::result::Result<(), String> {
    let item = enum_mut(file, &list.type_name)
        .ok_or_else(|| format!("no generated enum `{}`", list.type_name))?;
    let mut renames = Vec::new();
    for entry in &list.entries {
        let Some(wire) = entry.value.as_str() else {
            continue;
        };
        let variant = item
            .variants
            .iter_mut()
            .find(|variant| variant_wire_name(variant) == wire)
            .ok_or_else(|| format!("`{}` has no variant for {wire:?}", list.type_name))?;
        if variant.ident == wire && entry.name != wire {
            // typify wrote no rename because the identifier was the wire value.
            variant
                .attrs
                .push(syn::parse_quote!(#[serde(rename = #wire)]));
        }
        let name = syn::Ident::new(&entry.name, proc_macro2::Span::call_site());
        renames.push((variant.ident.clone(), name.clone()));
        variant.ident = name;
        // null shares this variant (and its description) when it shares the name.
        let description = list
            .entries
            .iter()
            .filter(|other| other.name == entry.name)
            .filter_map(|other| other.description.as_deref())
            .collect::<Vec<_>>()
            .join("; ");
        if !description.is_empty() {
            variant
                .attrs
                .insert(0, syn::parse_quote!(#[doc = #description]));
        }
    }
    RenamePaths {
        type_name: &list.type_name,
        renames: &renames,
        in_own_impl: false,
    }
    .visit_file_mut(file);
    Ok(())
}

/// Rewrites `Type::Old` everywhere and `Self::Old` inside the type's own impls.
struct RenamePaths<'a> {
    type_name: &'a str,
    renames: &'a [(syn::Ident, syn::Ident)],
    in_own_impl: bool,
}

impl VisitMut for RenamePaths<'_> {
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let outer = self.in_own_impl;
        self.in_own_impl = self_type_name(item).as_deref() == Some(self.type_name);
        visit_mut::visit_item_impl_mut(self, item);
        self.in_own_impl = outer;
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let len = path.segments.len();
        if len >= 2 {
            let owner = &path.segments[len - 2].ident;
            if owner == self.type_name || (self.in_own_impl && owner == "Self") {
                let last = &mut path.segments[len - 1].ident;
                if let Some((_, new)) = self.renames.iter().find(|(old, _)| old == last) {
                    *last = new.clone();
                }
            }
        }
        visit_mut::visit_path_mut(self, path);
    }
}

/// JSON null decodes as the variant named for it: every `Option<Type>` field goes through
/// `crate::runtime::null_variant`, and the enum says which variant null is.
fn decode_null_as_variant(
    file: &mut syn::File,
    list: &CodeList,
    null: usize,
) -> std::result::Result<(), String> {
    let type_name = &list.type_name;
    let mut fields = NullableFields {
        type_name,
        rewritten: 0,
        other_uses: 0,
    };
    fields.visit_file_mut(file);
    if fields.rewritten == 0 || fields.other_uses > 0 {
        return Err(format!(
            "null names a variant, so `{type_name}` must be used only as the type of optional \
             properties ({} found, {} other uses)",
            fields.rewritten, fields.other_uses
        ));
    }
    let name = &list.entries[null].name;
    let sent_as_null = list
        .entries
        .iter()
        .position(|entry| entry.name == *name)
        .is_some_and(|first| first == null);
    let ty = syn::Ident::new(type_name, proc_macro2::Span::call_site());
    let variant = syn::Ident::new(name, proc_macro2::Span::call_site());
    let items = types_mut(file).ok_or_else(|| "no generated `types` module".to_string())?;
    items.push(syn::parse_quote! {
        impl crate::runtime::NullVariant for #ty {
            const SENT_AS_NULL: bool = #sent_as_null;
            fn null_variant() -> Self {
                Self::#variant
            }
        }
    });
    Ok(())
}

struct NullableFields<'a> {
    type_name: &'a str,
    rewritten: usize,
    other_uses: usize,
}

impl VisitMut for NullableFields<'_> {
    fn visit_field_mut(&mut self, field: &mut syn::Field) {
        if option_of(&field.ty).is_some_and(|inner| is_path_to(inner, self.type_name)) {
            // `with` turns off serde's "a missing Option field is None"; `default` restores it.
            field
                .attrs
                .push(syn::parse_quote!(#[serde(default, with = "crate::runtime::null_variant")]));
            self.rewritten += 1;
        } else {
            visit_mut::visit_field_mut(self, field);
        }
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        // The enum's own impls name it as `Self`'s type; they are not uses.
        if self_type_name(item).as_deref() != Some(self.type_name) {
            visit_mut::visit_item_impl_mut(self, item);
        }
    }

    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if is_path_to(ty, self.type_name) {
            self.other_uses += 1;
        }
        visit_mut::visit_type_mut(self, ty);
    }
}

/// `impl StockStatus { pub const IN_STOCK: Self = Self(1); … }`.
fn add_constants(file: &mut syn::File, list: &CodeList) -> Option<()> {
    let items = types_mut(file)?;
    let is_newtype = items.iter().any(|item| {
        matches!(item, syn::Item::Struct(item)
            if item.ident == list.type_name && matches!(&item.fields, syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1))
    });
    if !is_newtype {
        return None;
    }
    let constants = list.entries.iter().map(|entry| {
        let name = syn::Ident::new(
            &screaming_snake_case(&entry.name),
            proc_macro2::Span::call_site(),
        );
        let value = proc_macro2::Literal::i64_unsuffixed(entry.value.as_i64().unwrap_or_default());
        let doc = match &entry.description {
            Some(description) => format!("`{}`: {description}", entry.value),
            None => format!("`{}`", entry.value),
        };
        quote::quote! {
            #[doc = #doc]
            pub const #name: Self = Self(#value);
        }
    });
    let ty = syn::Ident::new(&list.type_name, proc_macro2::Span::call_site());
    items.push(syn::parse_quote! {
        impl #ty {
            #(#constants)*
        }
    });
    Some(())
}

/// `InStock` → `IN_STOCK`, `Km0` → `KM0`.
fn screaming_snake_case(name: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_uppercase());
    }
    out
}
