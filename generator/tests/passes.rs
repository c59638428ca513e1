//! One fixture per pass of `codegen/passes/`, the items it rewrites snapshotted (insta): a
//! progenitor or typify upgrade that changes what a pass sees shows up as a reviewed diff,
//! and one that leaves a pass nothing to rewrite fails generation (tested here too).

use std::path::Path;

use generator::error::Error;
use generator::{codegen, spec};

fn render_fixture(name: &str) -> Result<String, Error> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(file).unwrap();
    spec::parse(Path::new(name), &text)
        .and_then(|spec| codegen::render(&spec))
        .map(|rendered| rendered.code)
}

/// The named items of the generated `types` module (types and their impls), and the
/// inherent `impl Client` when `Client` is named, in generated order.
fn items(code: &str, names: &[&str]) -> String {
    let file = syn::parse_file(code).unwrap();
    let named = |ty: &syn::Type| {
        matches!(ty, syn::Type::Path(ty)
            if ty.path.segments.last().is_some_and(|last| names.iter().any(|name| last.ident == name)))
    };
    let wanted = |item: &syn::Item| match item {
        syn::Item::Struct(item) => names.iter().any(|name| item.ident == name),
        syn::Item::Enum(item) => names.iter().any(|name| item.ident == name),
        syn::Item::Impl(item) => named(&item.self_ty),
        _ => false,
    };
    let mut kept = Vec::new();
    for item in &file.items {
        match item {
            syn::Item::Mod(module) if module.ident == "types" => {
                let (_, content) = module.content.as_ref().unwrap();
                kept.extend(content.iter().filter(|item| wanted(item)).cloned());
            }
            syn::Item::Impl(item)
                if item.trait_.is_none() && wanted(&syn::Item::Impl(item.clone())) =>
            {
                kept.push(syn::Item::Impl(item.clone()))
            }
            _ => {}
        }
    }
    assert!(!kept.is_empty(), "none of {names:?} in:\n{code}");
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: kept,
    })
}

/// The generated `types::builder` module.
fn builder_module(code: &str) -> String {
    let file = syn::parse_file(code).unwrap();
    let types = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == "types" => module.content.as_ref(),
            _ => None,
        })
        .expect("a types module");
    let builder = types
        .1
        .iter()
        .find(|item| matches!(item, syn::Item::Mod(module) if module.ident == "builder"))
        .expect("a builder module");
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![builder.clone()],
    })
}

#[test]
fn decimal() {
    let code = render_fixture("decimal.yaml").unwrap();
    insta::assert_snapshot!(items(&code, &["Price"]));
}

#[test]
fn deep_object() {
    let code = render_fixture("deep_object.yaml").unwrap();
    insta::assert_snapshot!(items(&code, &["Client"]));
}

#[test]
fn api_version() {
    let code = render_fixture("api_version.yaml").unwrap();
    insta::assert_snapshot!(items(&code, &["Client"]));
}

#[test]
fn enum_names() {
    let code = render_fixture("enum_names.yaml").unwrap();
    insta::assert_snapshot!(items(
        &code,
        &["Interval", "Status", "ExpenseKind", "Expense"]
    ));
}

#[test]
fn forward() {
    let code = render_fixture("forward.yaml").unwrap();
    insta::assert_snapshot!(items(&code, &["Colour", "Priority"]));
}

#[test]
fn fields_rust_name() {
    let code = render_fixture("rust_name.yaml").unwrap();
    insta::assert_snapshot!(items(&code, &["Customer"]));
}

#[test]
fn fields_rust_secret() {
    let code = render_fixture("rust_secret.yaml").unwrap();
    insta::assert_snapshot!(items(&code, &["Session"]));
}

#[test]
fn flag() {
    let code = render_fixture("rust_bool.yaml").unwrap();
    insta::assert_snapshot!(items(&code, &["Document", "Flag"]));
}

#[test]
fn expandable() {
    let code = render_fixture("expandable.yaml").unwrap();
    insta::assert_snapshot!(items(&code, &["Invoice", "ExpandableCustomer"]));
}

#[test]
fn builder() {
    let code = render_fixture("builder.yaml").unwrap();
    insta::assert_snapshot!(builder_module(&code));
    assert!(
        code.contains("pub fn builder() -> builder::Vehicle {"),
        "{code}"
    );
}

#[test]
fn objects() {
    let code = render_fixture("objects.yaml").unwrap();
    insta::assert_snapshot!(items(&code, &["Note"]));
}

#[test]
fn an_open_object_is_found_by_typify_s_name_for_it() {
    let code = render_fixture("objects.yaml").unwrap();
    let key = items(&code, &["JwkPublicKey"]);
    assert!(key.contains("pub extra: ::serde_json::Map<"), "{key}");
}

#[test]
fn an_open_object_s_default_literal_has_its_extra_members() {
    let code = render_fixture("objects.yaml").unwrap();
    let access = items(&code, &["Access"]);
    assert!(
        access.contains("extra: ::std::default::Default::default(),"),
        "{access}"
    );
}

/// typify names the property's enum `ThingIdType`, not the `ThingIDType` the list expects:
/// generation stops at the list instead of keeping typify's names.
#[test]
fn enum_names_that_find_no_enum_are_an_error_at_the_list() {
    let err = render_fixture("enum_names_unmatched.yaml").unwrap_err();
    assert!(matches!(err, Error::Codegen { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "enum_names_unmatched.yaml#/components/schemas/Thing/properties/IDType/x-enum-varnames: \
         progenitor could not generate code: no generated enum `ThingIDType`"
    );
}

#[test]
fn a_name_for_null_alone_is_refused_where_it_is() {
    let err = render_fixture("enum_names_invalid.yaml").unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("enum_names_invalid.yaml#/components/schemas/Kind/x-enum-varnames:"),
        "{err}"
    );
}

/// The fixture's output is checked in under `tests/fixtures/generated/` so the client crate
/// sends it over loopback (`src/runtime/style.rs`); this test keeps it current (`BLESS=1`
/// rewrites it).
#[test]
fn simple_style() {
    let code = render_fixture("simple_style.yaml").unwrap();
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/generated/simple_style.rs");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &code).unwrap();
    }
    assert!(
        std::fs::read_to_string(&path).unwrap_or_default() == code,
        "{} is stale: run `BLESS=1 cargo test -p generator --test passes` and review the diff",
        path.display()
    );
    let client = items(&code, &["Client"]);
    // prettyplease lays out the arguments of `format!` loosely: compared without spaces.
    let compact = client.split_whitespace().collect::<String>();
    // The path parameter (a path-level `$ref`'d schema) keeps `explode: false`, the object
    // header its `explode: true`, the array header the default `explode: false`; the string
    // header keeps progenitor's `to_string`.
    for call in [
        "encode_path(&crate::runtime::style::simple_path(\"id\",id,false)?)",
        "\"X-Filter\",crate::runtime::style::simple_header(\"X-Filter\",value,true)?.try_into()?",
        "\"X-Trace\",x_trace.to_string().try_into()?",
        "\"X-Tags\",crate::runtime::style::simple_header(\"X-Tags\",value,false)?.try_into()?",
    ] {
        assert!(compact.contains(call), "{call} not in\n{client}");
    }
    insta::assert_snapshot!(client);
}
