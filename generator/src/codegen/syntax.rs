//! Small queries and edits over progenitor's output, shared by the post-processing steps
//! that follow a spec extension (`fields`, `flag`, `expandable`, `objects`).

/// The items of the generated `types` module.
pub fn types_mut(file: &mut syn::File) -> Option<&mut Vec<syn::Item>> {
    file.items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(module) if module.ident == "types" => {
            module.content.as_mut().map(|(_, items)| items)
        }
        _ => None,
    })
}

/// Every method of the file's `impl` blocks (the generated `Client`'s operations).
pub fn methods_mut(file: &mut syn::File) -> impl Iterator<Item = &mut syn::ImplItemFn> {
    file.items
        .iter_mut()
        .filter_map(|item| match item {
            syn::Item::Impl(block) => Some(block),
            _ => None,
        })
        .flat_map(|block| block.items.iter_mut())
        .filter_map(|member| match member {
            syn::ImplItem::Fn(method) => Some(method),
            _ => None,
        })
}

/// The struct typify generated for component schema `schema`, named by typify's rule
/// (`JWKPublicKey` is `JwkPublicKey`).
pub fn struct_mut<'a>(file: &'a mut syn::File, schema: &str) -> Option<&'a mut syn::ItemStruct> {
    struct_named(file, &super::naming::type_name(schema))
}

/// The generated struct named `name`.
pub fn struct_named<'a>(file: &'a mut syn::File, name: &str) -> Option<&'a mut syn::ItemStruct> {
    types_mut(file)?.iter_mut().find_map(|item| match item {
        syn::Item::Struct(item) if item.ident == name => Some(item),
        _ => None,
    })
}

/// The field of `item` that carries wire name `wire`.
pub fn field_mut<'a>(item: &'a mut syn::ItemStruct, wire: &str) -> Option<&'a mut syn::Field> {
    item.fields
        .iter_mut()
        .find(|field| wire_name(field).as_deref() == Some(wire))
}

/// The JSON name of a field: its `#[serde(rename = "...")]`, else its identifier.
pub fn wire_name(field: &syn::Field) -> Option<String> {
    serde_rename(&field.attrs).or_else(|| field.ident.as_ref().map(|ident| ident.to_string()))
}

/// typify's name for a component schema (`sales-order` → `SalesOrder`).
pub fn pascal_case(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// `T` of `::std::option::Option<T>`.
pub fn option_of(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => match args.args.first()? {
            syn::GenericArgument::Type(inner) => Some(inner),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `ty` is the bare path `name` (a type of the `types` module).
pub fn is_path_to(ty: &syn::Type, name: &str) -> bool {
    matches!(ty, syn::Type::Path(path) if path.qself.is_none() && path.path.is_ident(name))
}

/// Deletes the type `name` and every `impl` for it from the `types` module.
pub fn remove_type(file: &mut syn::File, name: &str) {
    let Some(items) = types_mut(file) else {
        return;
    };
    items.retain(|item| match item {
        syn::Item::Enum(item) => item.ident != name,
        syn::Item::Struct(item) => item.ident != name,
        syn::Item::Impl(item) => !is_path_to(&item.self_ty, name),
        _ => true,
    });
}

/// Whether the identifier `name` still occurs anywhere in `file`, token streams that syn
/// keeps unparsed (macro arguments, attribute lists, verbatim items) included.
///
/// A walk over the tree rather than over `file.to_token_stream()`: printing the whole file
/// to tokens for each query cost milliseconds per spec.
pub fn mentions(file: &syn::File, name: &str) -> bool {
    let mut finder = Mentions { name, found: false };
    syn::visit::Visit::visit_file(&mut finder, file);
    finder.found
}

struct Mentions<'a> {
    name: &'a str,
    found: bool,
}

impl Mentions<'_> {
    fn scan(&mut self, tokens: &proc_macro2::TokenStream) {
        fn in_tree(token: &proc_macro2::TokenTree, name: &str) -> bool {
            match token {
                proc_macro2::TokenTree::Ident(ident) => ident == name,
                proc_macro2::TokenTree::Group(group) => group
                    .stream()
                    .into_iter()
                    .any(|token| in_tree(&token, name)),
                _ => false,
            }
        }
        self.found |= tokens
            .clone()
            .into_iter()
            .any(|token| in_tree(&token, self.name));
    }
}

impl<'ast> syn::visit::Visit<'ast> for Mentions<'_> {
    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        self.found |= ident == self.name;
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.scan(&mac.tokens);
        syn::visit::visit_macro(self, mac);
    }

    fn visit_meta_list(&mut self, list: &'ast syn::MetaList) {
        self.scan(&list.tokens);
        syn::visit::visit_meta_list(self, list);
    }

    fn visit_item(&mut self, item: &'ast syn::Item) {
        if let syn::Item::Verbatim(tokens) = item {
            self.scan(tokens);
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        if let syn::ImplItem::Verbatim(tokens) = item {
            self.scan(tokens);
        }
        syn::visit::visit_impl_item(self, item);
    }

    fn visit_expr(&mut self, expr: &'ast syn::Expr) {
        if let syn::Expr::Verbatim(tokens) = expr {
            self.scan(tokens);
        }
        syn::visit::visit_expr(self, expr);
    }

    fn visit_type(&mut self, ty: &'ast syn::Type) {
        if let syn::Type::Verbatim(tokens) = ty {
            self.scan(tokens);
        }
        syn::visit::visit_type(self, ty);
    }
}

/// `path` ends with the segments `tail` (`rust_decimal::Decimal` ends with `["Decimal"]`).
pub fn path_ends_with(path: &syn::Path, tail: &[&str]) -> bool {
    let segments = path.segments.iter().rev().map(|segment| &segment.ident);
    path.segments.len() >= tail.len() && segments.zip(tail.iter().rev()).all(|(a, b)| a == b)
}

/// The enum typify generated for `name` (a type of the `types` module).
pub fn enum_mut<'a>(file: &'a mut syn::File, name: &str) -> Option<&'a mut syn::ItemEnum> {
    types_mut(file)?.iter_mut().find_map(|item| match item {
        syn::Item::Enum(item) if item.ident == name => Some(item),
        _ => None,
    })
}

/// The JSON value of a unit variant: its `#[serde(rename = "...")]`, else its identifier.
pub fn variant_wire_name(variant: &syn::Variant) -> String {
    serde_rename(&variant.attrs).unwrap_or_else(|| variant.ident.to_string())
}

/// The name the last `#[serde(rename = "...")]` among `attrs` gives.
fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut renamed = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                renamed = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
    }
    renamed
}

/// Whether `ty` is `::std::string::String` (or a shorter path to it).
pub fn is_string(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(ty) if ty.qself.is_none()
        && (ty.path.is_ident("String") || path_ends_with(&ty.path, &["string", "String"])))
}

/// Whether `expr` is the string literal `text`.
pub fn is_str_literal(expr: &syn::Expr, text: &str) -> bool {
    matches!(expr, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(lit), .. }) if lit.value() == text)
}

/// Whether `expr` is the local variable `name`.
pub fn is_variable(expr: &syn::Expr, name: &str) -> bool {
    matches!(expr, syn::Expr::Path(path) if path.qself.is_none() && path.path.is_ident(name))
}

/// Whether `item` implements a trait whose path ends in `name` (`Display`, `TryFrom`).
pub fn implements(item: &syn::ItemImpl, name: &str) -> bool {
    trait_segment(item).is_some_and(|segment| segment.ident == name)
}

/// The last segment of the trait `item` implements, with its generic arguments.
pub fn trait_segment(item: &syn::ItemImpl) -> Option<&syn::PathSegment> {
    item.trait_
        .as_ref()
        .and_then(|(_, path, _)| path.segments.last())
}

/// The name of the type an `impl` is for (`StockStatus` in `impl Deref for StockStatus`).
pub fn self_type_name(item: &syn::ItemImpl) -> Option<String> {
    match &*item.self_ty {
        syn::Type::Path(ty) => ty.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn mentions_finds_an_identifier_in_the_tree_and_in_unparsed_tokens_only() {
        let file = |code: &str| syn::parse_str::<syn::File>(code).unwrap();
        assert!(mentions(&file("struct A { b: Flag }"), "Flag"));
        assert!(mentions(&file("fn f() { g!(x, Flag::new()) }"), "Flag"));
        assert!(mentions(&file("#[derive(Flag)] struct A;"), "Flag"));
        assert!(!mentions(
            &file("/// Flag\nstruct A { b: &'static str }"),
            "Flag"
        ));
        assert!(!mentions(&file("const A: &str = \"Flag\";"), "Flag"));
        assert!(!mentions(&file("struct Flags;"), "Flag"));
    }
}
