//! Every declared response typed (`codegen::responses`): fixture outputs are checked in under
//! `tests/fixtures/generated/` so the client crate compiles them (`src/runtime/declared.rs`) and
//! runs them against a loopback server; this test keeps them current.

use std::path::{Path, PathBuf};

use generator::{codegen, spec};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn render(fixture: &str) -> String {
    let spec = spec::load(&tests_dir(), &Path::new("fixtures").join(fixture)).unwrap();
    codegen::render(&spec).unwrap().code
}

/// Compares the checked-in output with a fresh rendering; `BLESS=1` rewrites it.
fn assert_current(fixture: &str) -> String {
    let rendered = render(fixture);
    let stem = fixture.trim_end_matches(".yaml");
    let path = tests_dir().join(format!("fixtures/generated/{stem}.rs"));
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &rendered).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == rendered,
        "{} is stale: run `BLESS=1 cargo test -p generator --test responses` and review the diff",
        path.display()
    );
    rendered
}

#[test]
fn several_success_types_become_one_enum_keyed_by_status() {
    let code = assert_current("responses.yaml");
    let file = syn::parse_file(&code).unwrap();
    let responses = module(&file, "responses");
    assert_eq!(
        variants(responses, "PutOrderResponse"),
        [
            "Ok(types::Order)",
            "Created(types::PutOrderStatus201)",
            "Accepted",
            "NoContent"
        ]
    );
    assert!(code.contains(
        "Result<ResponseValue<responses::PutOrderResponse>, Error<responses::ApiError>>"
    ));
}

#[test]
fn error_bodies_are_typed_by_status_and_shared_where_operations_agree() {
    let code = assert_current("responses.yaml");
    let file = syn::parse_file(&code).unwrap();
    let responses = module(&file, "responses");
    // putOrder, getOrder and listOrders agree on every status: one type. The inline default
    // schema is lifted under a name from its operation.
    assert_eq!(
        variants(responses, "ApiError"),
        [
            "BadRequest(types::Problem)",
            "NotFound(types::Missing)",
            "UnprocessableEntity(::std::string::String)",
            "ClientError(types::Problem)",
            "Default(types::GetOrderDefault)"
        ]
    );
    // ping's 400 is another schema: its own type, the one object schema it declares.
    assert!(code.contains("pub type PingError = types::Missing;"));
    // By status, never first match: codes, then the 4XX range, then default; 422's
    // text/plain body is taken as text; 503 declares no body and stays an unexpected
    // response.
    let put = code.split("pub async fn put_order").nth(1).unwrap();
    let put = &put[..put.find("pub async fn").unwrap_or(put.len())];
    let order = [
        "400u16 =>",
        "404u16 =>",
        "422u16 =>",
        "400u16..=499u16 =>",
        "_ => Err(Error::UnexpectedResponse",
    ];
    let positions = order.map(|arm| put.find(arm).unwrap_or_else(|| panic!("{arm}\n{put}")));
    assert!(positions.is_sorted(), "{positions:?}");
    assert!(!put.contains("503"));
    let text_arm = &put[put.find("422u16 =>").unwrap()..put.find("400u16..=499u16").unwrap()];
    assert!(
        text_arm.contains("crate::runtime::declared_text_error("),
        "{text_arm}"
    );
}

fn module<'a>(file: &'a syn::File, name: &str) -> &'a [syn::Item] {
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == name => {
                module.content.as_ref().map(|(_, items)| items.as_slice())
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no module {name}"))
}

fn variants(items: &[syn::Item], name: &str) -> Vec<String> {
    let item = items
        .iter()
        .find_map(|item| match item {
            syn::Item::Enum(item) if item.ident == name => Some(item),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no enum {name}"));
    item.variants
        .iter()
        .map(|variant| {
            let fields = &variant.fields;
            quote::quote!(#fields)
                .to_string()
                .replace(' ', "")
                .replace("()", "")
                .split_once('(')
                .map(|(_, rest)| format!("{}({rest}", variant.ident))
                .unwrap_or_else(|| variant.ident.to_string())
        })
        .collect()
}
