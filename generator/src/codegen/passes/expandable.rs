//! `x-rust-expandable: <Schema>`: a relation that is either an id or, when the caller asks for
//! it (e-Cont's `expand=customer`), the object itself.
//!
//! The published spec says `oneOf: [<id schema>, <Schema>]`; typify would generate one
//! two-variant enum per relation. Marked with `x-rust-expandable: Customer`, every field of
//! that type becomes `crate::runtime::Expandable<Customer>` (one generic type with `id()` and
//! `object()`), and the per-relation enum disappears.

use serde_json::Value;
use syn::visit_mut::{self, VisitMut};

use crate::codegen::syntax::{is_path_to, mentions, pascal_case, remove_type};
use crate::error::{Error, Pointer, Result};
use crate::spec::Spec;

/// A relation schema and the object it expands to.
pub struct Relation {
    type_name: String,
    object: String,
    at: Pointer,
}

/// Every component schema with `x-rust-expandable`, checked to be `oneOf` [id, that object].
pub fn collect(spec: &Spec) -> Result<Vec<Relation>> {
    let schemas = spec
        .json
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let mut found = Vec::new();
    for (name, schema) in schemas.into_iter().flatten() {
        let Some(object) = schema.get("x-rust-expandable") else {
            continue;
        };
        let at = Pointer::from_tokens(["components", "schemas", name]);
        let target = format!(
            "#/components/schemas/{}",
            object.as_str().unwrap_or_default()
        );
        let refs: Vec<&str> = schema
            .get("oneOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|variant| variant.get("$ref").and_then(Value::as_str))
            .collect();
        let id_variant = refs.iter().find(|reference| **reference != target);
        let id_is_integer = id_variant
            .and_then(|reference| reference.strip_prefix("#/"))
            .and_then(|path| spec.json.pointer(&format!("/{path}")))
            .and_then(|id| id.get("type"))
            .and_then(Value::as_str)
            == Some("integer");
        if refs.len() != 2 || !refs.contains(&target.as_str()) || !id_is_integer {
            return Err(Error::Invalid {
                file: spec.file.clone(),
                pointer: at.join("x-rust-expandable"),
                message: format!(
                    "x-rust-expandable: {object} needs `oneOf` of exactly two `$ref`s: an integer id \
                     schema and {target}"
                ),
            });
        }
        found.push(Relation {
            type_name: pascal_case(name),
            object: pascal_case(object.as_str().unwrap_or_default()),
            at,
        });
    }
    Ok(found)
}

/// Replaces each relation type by `Expandable<Object>` wherever it is used, then deletes it.
pub fn apply(spec: &Spec, file: &mut syn::File, relations: &[Relation]) -> Result<()> {
    for relation in relations {
        let object = syn::Ident::new(&relation.object, proc_macro2::Span::call_site());
        let mut replace = ReplaceType {
            name: &relation.type_name,
            with: syn::parse_quote!(crate::runtime::Expandable<#object>),
            replaced: 0,
        };
        replace.visit_file_mut(file);
        if replace.replaced == 0 {
            return Err(Error::Codegen {
                file: spec.file.clone(),
                pointer: relation.at.join("x-rust-expandable"),
                message: format!("no generated field has the type `{}`", relation.type_name),
            });
        }
        remove_type(file, &relation.type_name);
        if mentions(file, &relation.type_name) {
            return Err(Error::Codegen {
                file: spec.file.clone(),
                pointer: relation.at.clone(),
                message: format!(
                    "`{}` is still referenced after the rewrite",
                    relation.type_name
                ),
            });
        }
    }
    Ok(())
}

struct ReplaceType<'a> {
    name: &'a str,
    with: syn::Type,
    replaced: usize,
}

impl VisitMut for ReplaceType<'_> {
    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if is_path_to(ty, self.name) {
            *ty = self.with.clone();
            self.replaced += 1;
        } else {
            visit_mut::visit_type_mut(self, ty);
        }
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        // The relation's own impls are deleted afterwards; leave them alone.
        if !is_path_to(&item.self_ty, self.name) {
            visit_mut::visit_item_impl_mut(self, item);
        }
    }
}
