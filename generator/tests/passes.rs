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

/// A code list whose names do not fit its `enum` (here a name for null that no string
/// value has) is left out: the enum keeps typify's names, and the skip says why, in the
/// header. A vendor's document still generates; `lint` refuses it in our own specs.
#[test]
fn a_code_list_that_does_not_fit_is_left_out_as_a_skip() {
    let code = render_fixture("enum_names_invalid.yaml").unwrap();
    let header = generator::header::Header::parse(&code).unwrap();
    let skip = header
        .skipped
        .iter()
        .find(|line| line.contains("#/components/schemas/Kind/x-enum-varnames"))
        .unwrap_or_else(|| panic!("no skip at the list: {:?}", header.skipped));
    assert!(skip.contains("null is named `Nothing`"), "{skip}");
    let kind = items(&code, &["KindInner"]);
    assert!(kind.contains("A,") && !kind.contains("Alpha"), "{kind}");
}

/// `fixture`'s output, checked in under `tests/fixtures/generated/` so the client crate
/// sends it over loopback (`src/runtime/style/`): compared with a fresh rendering (`BLESS=1`
/// rewrites it); returns the inherent `impl Client` and the same without spaces (prettyplease
/// lays out the arguments of `format!` loosely).
fn checked_in_client(fixture: &str) -> (String, String) {
    let code = render_fixture(&format!("{fixture}.yaml")).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/generated/{fixture}.rs"));
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &code).unwrap();
    }
    assert!(
        std::fs::read_to_string(&path).unwrap_or_default() == code,
        "{} is stale: run `BLESS=1 cargo test -p generator --test passes` and review the diff",
        path.display()
    );
    let client = items(&code, &["Client"]);
    let compact = client.split_whitespace().collect::<String>();
    (client, compact)
}

fn assert_calls(client: &str, compact: &str, calls: &[&str]) {
    for call in calls {
        assert!(compact.contains(call), "{call} not in\n{client}");
    }
}

#[test]
fn simple_style() {
    let (client, compact) = checked_in_client("simple_style");
    // The path parameter (a path-level `$ref`'d schema) keeps `explode: false`, the object
    // header its `explode: true`, the array header the default `explode: false`; the string
    // header keeps progenitor's `to_string`.
    assert_calls(
        &client,
        &compact,
        &[
            "crate::runtime::style::simple_path(\"id\",&id,false)?",
            "\"X-Filter\",crate::runtime::style::simple_header(\"X-Filter\",value,true)?.try_into()?",
            "\"X-Trace\",x_trace.to_string().try_into()?",
            "\"X-Tags\",crate::runtime::style::simple_header(\"X-Tags\",value,false)?.try_into()?",
        ],
    );
    // The runtime encodes the segment: no `encode_path` over it again.
    assert!(!compact.contains("encode_path(&crate"), "{client}");
    insta::assert_snapshot!(client);
}

/// Each path style with its `explode` (the matrix `color` a path-level `$ref`'d component),
/// each query style (`shade` an object by its `allOf`, without `type`), written into the
/// built request; the exploded `form` query `tags` and the scalar `spaceDelimited` `page`
/// stay in progenitor's chain.
#[test]
fn parameter_styles() {
    let (client, compact) = checked_in_client("parameter_styles");
    assert_calls(
        &client,
        &compact,
        &[
            "crate::runtime::style::label_path(\"color\",&color,false)?",
            "crate::runtime::style::label_path(\"colors\",&colors,true)?",
            "crate::runtime::style::label_path(\"rgb\",&rgb,true)?",
            "crate::runtime::style::matrix_path(\"color\",&color,false)?",
            "crate::runtime::style::matrix_path(\"colors\",&colors,true)?",
            "crate::runtime::style::matrix_path(\"rgb\",&rgb,false)?",
            "crate::runtime::style::simple_path(\"colors\",&colors,false)?",
            "crate::runtime::style::simple_path(\"rgb\",&rgb,true)?",
            ".query(&progenitor_client::QueryParam::new(\"page\",&page)).query(&progenitor_client::QueryParam::new(\"tags\",&tags)).headers(header_map).build()?;\
             crate::runtime::style::form_query(&mutrequest,\"colors\",&colors)?;\
             crate::runtime::style::pipe_delimited_query(&mutrequest,\"ids\",&ids)?;\
             crate::runtime::style::form_query(&mutrequest,\"rgb\",&rgb)?;\
             crate::runtime::style::form_query(&mutrequest,\"shade\",&shade)?;\
             crate::runtime::style::space_delimited_query(&mutrequest,\"words\",&words)?;",
        ],
    );
    assert!(!compact.contains("encode_path"), "{client}");
    insta::assert_snapshot!(client);
}

/// A `content` parameter in a JSON media type is written as its JSON text wherever it is:
/// the path segment, the query (the `$ref`'d component `ids` too) and both headers leave
/// progenitor's `to_string` and its query chain.
#[test]
fn content_parameters() {
    let (client, compact) = checked_in_client("content_parameters");
    assert_calls(
        &client,
        &compact,
        &[
            "crate::runtime::style::json_path(\"selector\",&selector)?",
            "crate::runtime::style::json_query(&mutrequest,\"filter\",&filter)?;\
             crate::runtime::style::json_query(&mutrequest,\"ids\",&ids)?;",
            "\"X-Filter\",crate::runtime::style::json_header(\"X-Filter\",x_filter)?.try_into()?",
            "\"X-Trace\",crate::runtime::style::json_header(\"X-Trace\",value)?.try_into()?",
        ],
    );
    assert!(!compact.contains("QueryParam::new"), "{client}");
    insta::assert_snapshot!(client);
}

/// Every cookie of an operation goes into one `Cookie` header, the path item's required
/// `session` included, in both methods of the two-media-type operation; the header
/// parameter stays progenitor's.
#[test]
fn cookie_parameters() {
    let (client, compact) = checked_in_client("cookie_parameters");
    assert_calls(
        &client,
        &compact,
        &[
            "crate::runtime::style::cookie(&mutheader_map,\"limit\",&value,true)?",
            "crate::runtime::style::cookie(&mutheader_map,\"preferences\",&value,true)?",
            "crate::runtime::style::cookie(&mutheader_map,\"tags\",&value,false)?",
            "\"X-Trace\",x_trace.to_string().try_into()?",
        ],
    );
    let session = "crate::runtime::style::cookie(&mutheader_map,\"session\",&session,true)?";
    assert_eq!(compact.matches(session).count(), 3, "{client}");
    insta::assert_snapshot!(client);
}
