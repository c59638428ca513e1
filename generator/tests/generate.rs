//! The generator on fixture specs: output snapshots, and one test per kind of bad input.

use std::path::{Path, PathBuf};

use generator::error::{Error, StaleReason};
use generator::fingerprint::Fingerprints;
use generator::header::Header;
use generator::{codegen, spec, workspace};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn parse_fixture(name: &str) -> Result<spec::Spec, Error> {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    spec::parse(Path::new(name), &text)
}

fn render_fixture(name: &str) -> Result<String, Error> {
    rendered_fixture(name).map(|rendered| rendered.code)
}

/// The code and the skips of `name`.
fn rendered_fixture(name: &str) -> Result<codegen::Rendered, Error> {
    parse_fixture(name).and_then(|spec| codegen::render(&spec))
}

/// The pointers of a rendering's skips, in the header's order.
fn skip_pointers(rendered: &codegen::Rendered) -> Vec<String> {
    rendered
        .skips
        .iter()
        .map(|skip| skip.pointer.to_string())
        .collect()
}

/// A rendering's skips: pointer and text.
fn skips_with_texts(rendered: &codegen::Rendered) -> Vec<(String, &str)> {
    rendered
        .skips
        .iter()
        .map(|skip| (skip.pointer.to_string(), skip.what.as_str()))
        .collect()
}

/// A scratch workspace holding the given fixtures as its specs.
fn workspace_with(fixtures: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("specs")).unwrap();
    for name in fixtures {
        std::fs::copy(fixture(name), dir.path().join("specs").join(name)).unwrap();
    }
    dir
}

/// Every file under `dir/generated`, with its content.
fn snapshot_dir(dir: &Path) -> Vec<(String, String)> {
    let mut files = std::fs::read_dir(dir.join("generated"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| {
                    (
                        entry.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(entry.path()).unwrap(),
                    )
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn petshop_client_snapshot() {
    insta::assert_snapshot!(render_fixture("petshop.yaml").unwrap());
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(
        render_fixture("petshop.yaml").unwrap(),
        render_fixture("petshop.yaml").unwrap()
    );
}

#[test]
fn header_names_the_spec_and_its_sha256() {
    let bytes = std::fs::read(fixture("petshop.yaml")).unwrap();
    let rendered = render_fixture("petshop.yaml").unwrap();
    let header = generator::header::Header::parse(&rendered).unwrap();
    assert_eq!(header.spec, "petshop.yaml");
    assert_eq!(header.sha256, spec::sha256_hex(&bytes));
}

#[test]
fn decimal_fields_travel_as_json_numbers() {
    let rendered = render_fixture("petshop.yaml").unwrap();
    assert!(rendered.contains("#[serde(with = \"::rust_decimal::serde::float\")]"));
    assert!(rendered.contains("with = \"::rust_decimal::serde::float_option\""));
    assert!(rendered.contains("pub price: ::rust_decimal::Decimal"));
}

#[test]
fn error_responses_decode_into_their_schemas_by_status() {
    // The fixture's createOrder has 400, 401 and default responses with different schemas,
    // which make progenitor 0.15.1 panic; the codegen copy keeps only the success and the
    // responses module types the rest (its bodiless default stays unexpected).
    let rendered = render_fixture("petshop.yaml").unwrap();
    assert!(rendered
        .contains("Result<ResponseValue<types::Outcome>, Error<responses::CreateOrderError>>"));
    assert!(rendered.contains("Unauthorized(types::Unauthorized)"));
}

#[test]
fn yaml_syntax_error_names_file_line_and_column() {
    let err = parse_fixture("bad_yaml.yaml").unwrap_err();
    let Error::Yaml {
        file, line, column, ..
    } = &err
    else {
        panic!("expected a YAML error, got {err:?}");
    };
    assert_eq!(file, Path::new("bad_yaml.yaml"));
    assert_eq!((*line, *column), (8, 16), "{err}");
    assert!(err
        .to_string()
        .starts_with("bad_yaml.yaml:8:16: YAML syntax error"));
}

#[test]
fn unknown_ref_names_the_pointer_of_the_ref() {
    let err = parse_fixture("unknown_ref.yaml").unwrap_err();
    assert!(matches!(err, Error::UnresolvedRef { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "unknown_ref.yaml#/paths/~1x/get/responses/200/content/application~1json/schema/$ref: \
         unresolved $ref \"#/components/schemas/Missing\""
    );
}

/// OpenAPI 3.0.3 §4.7.20: an Example's `value` (and a Media Type's `example`) is a literal;
/// a `$ref` key inside it (SCIM member objects, GitHub's description) is data, and so is an
/// extension's value (§4.9, Spotify's `x-spotify-policy-list`), while a property named
/// `example` or `x-owner` is still a schema whose `$ref` is resolved.
#[test]
fn ref_keys_inside_example_values_are_data() {
    let code = render_fixture("ref_in_example.yaml").unwrap();
    assert!(code.contains("pub struct Group"), "{code}");
    let text = std::fs::read_to_string(fixture("ref_in_example.yaml")).unwrap();
    let broken = text.replace(
        "example:\n          # A property *named* example is a schema: its $ref is still checked.\n          $ref: '#/components/schemas/Member'",
        "example:\n          $ref: '#/components/schemas/Missing'",
    );
    assert_ne!(broken, text, "the fixture changed; update the replacement");
    let err = spec::parse(Path::new("specs/ref_in_example.yaml"), &broken).unwrap_err();
    assert!(
        err.to_string()
            .contains("#/components/schemas/Group/properties/example/$ref"),
        "{err}"
    );
    let broken = text.replace(
        "x-owner:\n          # A property *named* like an extension is a schema: its $ref is still checked.\n          $ref: '#/components/schemas/Member'",
        "x-owner:\n          $ref: '#/components/schemas/Missing'",
    );
    assert_ne!(broken, text, "the fixture changed; update the replacement");
    let err = spec::parse(Path::new("specs/ref_in_example.yaml"), &broken).unwrap_err();
    assert!(
        err.to_string()
            .contains("#/components/schemas/Group/properties/x-owner/$ref"),
        "{err}"
    );
}

/// §4.7.14: a media type's `schema` is optional. Without one a JSON body is any JSON value,
/// and a form body is the caller's bytes (there is no form to type); progenitor alone hits a
/// `todo!` on the response and refuses the request.
#[test]
fn json_bodies_without_a_schema_are_any_json_value() {
    let code = render_fixture("schemaless_bodies.yaml").unwrap();
    let create = method(&code, "create_note");
    assert!(create.contains("body: &'a ::serde_json::Value"), "{create}");
    assert!(
        create.contains("Result<ResponseValue<::serde_json::Value>, Error<responses::ApiError>>"),
        "{create}"
    );
    assert!(
        code.contains("BadRequest(types::CreateNoteStatus400)"),
        "{code}"
    );
    assert!(
        code.contains("pub struct CreateNoteStatus400(pub ::serde_json::Value);"),
        "{code}"
    );
    let import = method(&code, "import_notes");
    assert!(import.contains("B: Into<reqwest::Body>"), "{import}");
}

/// A `$ref` may designate any schema by JSON pointer; typify resolves only
/// `components/schemas`, so the target moves there under the name of where it was, and
/// every reference (the recursive one included) names that one type.
#[test]
fn schema_refs_to_other_places_name_one_component() {
    let code = render_fixture("schema_refs.yaml").unwrap();
    assert!(code.contains("pub struct ResponsesConflict {"), "{code}");
    assert!(code.contains("pub struct TreePost {"), "{code}");
    assert!(
        code.contains("pub child: ::std::option::Option<::std::boxed::Box<TreePost>>,"),
        "{code}"
    );
    // 409 and 422 name the same schema: it is the operation's error type.
    assert!(
        code.contains("pub type ApiError = types::ResponsesConflict;"),
        "{code}"
    );
}

/// A method named like one every generated `Client` has would not compile (`new`) or would
/// shadow the hook every method calls (`post`): those operations get `_operation`.
#[test]
fn operations_named_like_client_methods_get_a_suffix() {
    let code = render_fixture("client_method_names.yaml").unwrap();
    for name in ["post_operation", "post_operation_2", "new_operation"] {
        assert!(
            code.contains(&format!("pub async fn {name}<'a>(")),
            "{name}\n{code}"
        );
    }
    assert!(!code.contains("pub async fn post<'a>("), "{code}");
    assert!(!code.contains("pub async fn new<'a>("), "{code}");
}

/// The text of one generated client method, from its `pub async fn` to its body.
fn method<'c>(code: &'c str, name: &str) -> &'c str {
    let start = code
        .find(&format!("pub async fn {name}<"))
        .unwrap_or_else(|| panic!("method {name}\n{code}"));
    let rest = &code[start..];
    &rest[..rest.find('{').unwrap()]
}

/// Loads a fixture from disk (`fixtures/<name>`), so that `$ref`s to other files resolve.
fn load_fixture(name: &str) -> Result<spec::Spec, Error> {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    spec::load(&tests, &Path::new("fixtures").join(name))
}

#[test]
fn versions_other_than_3_0_and_3_1_are_refused_at_the_version_field() {
    let text = "openapi: 3.2.0\ninfo: {title: t, version: 1.0.0}\npaths: {}\n";
    let err = spec::parse(Path::new("v.yaml"), text).unwrap_err();
    assert!(matches!(err, Error::UnsupportedVersion { .. }), "{err:?}");
    assert!(err.to_string().starts_with("v.yaml#/openapi:"), "{err}");
}

/// openapiv3 reads `$ref`-or-value slots and schemas through buffered content and reports
/// an error inside them at the slot's map (DigitalOcean's operation without `responses`
/// came out as `#/paths`). Each invalid object is named, all of them in one run.
#[test]
fn invalid_objects_below_paths_and_components_are_each_located() {
    let text = r##"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /ok:
    get:
      operationId: fine
      responses: {'200': {description: ok}}
  /droplets/{id}:
    get:
      operationId: noResponses
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
    post:
      operationId: badParameter
      parameters:
        - {name: id, in: nowhere, schema: {type: string}}
      responses: {'200': {description: ok}}
components:
  responses:
    Broken: {content: {application/json: {schema: {type: object}}}}
"##;
    let err = spec::parse(Path::new("l.yaml"), text).unwrap_err();
    let lines: Vec<String> = match &err {
        Error::Problems(problems) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("one problem, not three: {other}"),
    };
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines[0].starts_with("l.yaml#/paths/~1droplets~1{id}/get: ")
            && lines[0].contains("missing field `responses`"),
        "{lines:#?}"
    );
    assert!(
        lines[1].starts_with("l.yaml#/paths/~1droplets~1{id}/post/parameters/0")
            && lines[1].contains("nowhere"),
        "{lines:#?}"
    );
    assert!(
        lines[2].starts_with("l.yaml#/components/responses/Broken: ")
            && lines[2].contains("missing field `description`"),
        "{lines:#?}"
    );
}

/// OpenAPI 3.1 input is converted to the 3.0 model (spec/v31.rs, unit-tested construct by
/// construct); what has no 3.0 place is printed as a skip and recorded in the header.
#[test]
fn openapi_3_1_is_converted_and_what_is_left_out_is_in_the_header() {
    let spec = parse_fixture("openapi_3_1.yaml").unwrap();
    assert_eq!(spec.openapi.openapi, "3.0.3");
    let code = codegen::render(&spec).unwrap().code;
    let header = generator::header::Header::parse(&code).unwrap();
    for skipped in [
        "#/webhooks/thingChanged",
        "#/info/summary",
        "#/info/license/identifier",
        "#/jsonSchemaDialect",
        "Thing/properties/seed/maximum",
        "#/components/securitySchemes/clientCertificate",
        "#/paths/~1things~1{id}~1touch/post/responses",
    ] {
        assert!(
            header.skipped.iter().any(|line| line.contains(skipped)),
            "{skipped}: {:?}",
            header.skipped
        );
    }
    for field in [
        "pub name: ::std::option::Option<ThingName>,",
        "pub count: ::std::option::Option<::std::num::NonZeroU64>,",
        "pub parent: ::std::option::Option<::std::boxed::Box<Thing>>,",
        "pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,",
        "pub colour: ::std::option::Option<Colour>,",
        "pub seed: ::std::option::Option<i64>,",
    ] {
        assert!(code.contains(field), "{field}\n{code}");
    }
    assert!(code.contains("pub async fn get_thing<'a>("), "{code}");
    assert!(
        code.contains("pub async fn put_picture<'a, B: Into<reqwest::Body>>("),
        "{code}"
    );
    // No declared responses: whatever answers is the caller's bytes.
    let touch = &code[code.find("pub async fn touch_thing").expect("touch_thing")..];
    assert!(
        touch[..touch.find('{').unwrap()]
            .contains("Result<ResponseValue<ByteStream>, Error<ByteStream>>"),
        "{touch}"
    );
}

/// `get /users/{id}/repos` → `get_users_id_repos`; the colliding second one gets `_2`. The
/// repeated `createUser`s after the first are named from method and path, each a skip.
#[test]
fn operations_without_an_operation_id_are_named_after_method_and_path() {
    let rendered = rendered_fixture("missing_operation_id.yaml").unwrap();
    let skipped = skip_pointers(&rendered);
    assert_eq!(
        skipped,
        [
            // In the order of progenitor's model of a path item: put before post.
            "#/paths/~1v1~1users/put/operationId",
            "#/paths/~1v1~1users/post/operationId",
        ]
    );
    let code = rendered.code;
    for method in [
        "get_users_id_repos<'a>",
        "get_users_id_repos_2<'a>",
        "create_user<'a>",
        "post_v1_users<'a>",
        "put_v1_users<'a>",
    ] {
        assert!(
            code.contains(&format!("pub async fn {method}(")),
            "{method}\n{code}"
        );
    }
}

/// Relative `$ref`s to other files (a parameter, a response, whole-file schemas, and a
/// reference back into the main file) are inlined into components.
#[test]
fn specs_in_several_files_are_inlined_into_components() {
    let spec = load_fixture("multi_file/main.yaml").unwrap();
    let components = &spec.json["components"];
    assert!(components["parameters"]["PetId"].is_object());
    assert!(components["responses"]["NotFound"].is_object());
    assert_eq!(
        spec.json["info"]["description"],
        "Pets and their owners, in several files."
    );
    assert_eq!(
        components["schemas"]["pet"]["properties"]["owner"]["$ref"],
        "#/components/schemas/Owner"
    );
    assert_eq!(
        components["schemas"]["Owner"]["properties"]["pets"]["items"]["$ref"],
        "#/components/schemas/pet"
    );
    assert!(
        !spec.json.to_string().contains(".yaml"),
        "a reference to a file is left"
    );
    // An operation in a file of its own goes in its place; its parameter, taken from a
    // third file by a reference relative to the operation's, is a parameter component.
    let rename = &spec.json["paths"]["/owners/{name}"]["put"];
    assert_eq!(rename["operationId"], "renameOwner");
    assert_eq!(
        rename["parameters"][0]["$ref"],
        "#/components/parameters/OwnerName"
    );
    assert!(components["parameters"]["OwnerName"]["in"] == "path");
    // A `properties` map from another file is that map, not a property named `$ref`.
    let body = &rename["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(body["properties"]["name"]["type"], "string", "{body}");
    let code = codegen::render(&spec).unwrap().code;
    assert!(code.contains("pub struct Pet {"), "{code}");
    assert!(code.contains("pub async fn rename_owner<"), "{code}");
    let bundle = generator::publish::bundle::render(&spec).unwrap();
    assert!(bundle.json.contains("\"Problem\""), "{}", bundle.json);
}

#[test]
fn a_missing_file_a_remote_ref_and_a_missing_definition_are_each_located() {
    let err = load_fixture("multi_file/missing.yaml").unwrap_err();
    let Error::Problems(problems) = &err else {
        panic!("expected three problems, got {err:?}");
    };
    let lines = problems.iter().map(ToString::to_string).collect::<Vec<_>>();
    let at = "fixtures/multi_file/missing.yaml#/components/schemas";
    assert!(lines[0].starts_with(&format!("{at}/Pet/$ref: $ref \"schemas/nowhere.yaml#/Pet\" names fixtures/multi_file/schemas/nowhere.yaml, which cannot be read")), "{err}");
    assert!(
        lines[1].starts_with(&format!(
            "{at}/Remote/$ref: unsupported construct: remote $ref"
        )),
        "{err}"
    );
    assert!(
        lines[2].starts_with(&format!("{at}/Also/$ref: unresolved $ref")),
        "{err}"
    );
    assert_eq!(err.to_string().lines().count(), 3, "{err}");
}

#[test]
fn a_spec_not_read_from_disk_refuses_references_to_other_files() {
    let err = parse_fixture("multi_file/main.yaml").unwrap_err();
    assert!(
        err.to_string().starts_with("multi_file/main.yaml#/info/description/$ref: unsupported construct: $ref \"common/common.yaml#/texts/introduction\" to another file"),
        "{err}"
    );
}

/// progenitor's own errors name no operation and print a Debug dump of the parameter's
/// media type.
#[test]
fn progenitor_errors_name_every_failing_operation_without_dumps() {
    let err = render_fixture("parameter_content.yaml").unwrap_err();
    assert_eq!(
        err.to_string(),
        "parameter_content.yaml#/paths/~1a/get: progenitor could not generate code: unexpected or unhandled format in the OpenAPI document unexpected content { … }\n\
         parameter_content.yaml#/paths/~1b/post: progenitor could not generate code: unexpected or unhandled format in the OpenAPI document unexpected content { … }"
    );
}

/// A typify panic with no operation involved names the component schema behind it.
#[test]
fn a_panic_in_the_schemas_names_the_schema() {
    let err = render_fixture("schema_panic.yaml").unwrap_err();
    assert!(
        err.to_string().starts_with(
            "schema_panic.yaml#/components/schemas/Selection: progenitor could not generate code: progenitor panicked: internal error: entered unreachable code (typify-impl-"
        ),
        "{err}"
    );
    assert!(!err.to_string().contains("registry"), "{err}");
}

#[test]
fn a_refd_request_body_is_checked_where_it_is_defined() {
    let err = render_fixture("ref_request_body.yaml").unwrap_err();
    assert!(
        err.to_string().starts_with("ref_request_body.yaml#/components/requestBodies/Form/content/application~1x-www-form-urlencoded/encoding: unsupported construct"),
        "{err}"
    );
}

#[test]
fn one_run_reports_every_problem_of_a_spec() {
    let err = parse_fixture("many_problems.yaml").unwrap_err();
    assert!(matches!(err, Error::Problems(_)), "{err:?}");
    let at = "many_problems.yaml#/components/schemas";
    let lines = err
        .to_string()
        .lines()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].starts_with(&format!("{at}/A/$ref: unresolved")),
        "{err}"
    );
    assert!(
        lines[1].starts_with(&format!("{at}/B/properties/c/$ref: unresolved")),
        "{err}"
    );
    assert!(
        lines[2].starts_with(&format!("{at}/B/properties/d/type: unsupported construct")),
        "{err}"
    );
}

#[test]
fn openapi_3_1_type_lists_are_refused_where_they_are() {
    let err = parse_fixture("type_list.yaml").unwrap_err();
    assert!(matches!(err, Error::Unsupported { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("type_list.yaml#/components/schemas/Thing/properties/name/type:"),
        "{err}"
    );
}

#[test]
fn request_body_encoding_is_refused_with_its_location() {
    let err = render_fixture("encoding.yaml").unwrap_err();
    assert!(matches!(err, Error::Unsupported { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with(
            "encoding.yaml#/paths/~1x/post/requestBody/content/application~1x-www-form-urlencoded/encoding:"
        ),
        "{err}"
    );
}

#[test]
fn structurally_invalid_document_names_the_pointer() {
    let err = parse_fixture("not_openapi.yaml").unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with("not_openapi.yaml#/info:"),
        "{err}"
    );
}

#[test]
fn generate_writes_then_check_passes_and_second_run_changes_nothing() {
    let dir = workspace_with(&["petshop.yaml"]);
    let first = workspace::generate(dir.path()).unwrap();
    assert_eq!(first.written, vec![PathBuf::from("generated/petshop.rs")]);
    workspace::check(dir.path()).unwrap();
    let second = workspace::generate(dir.path()).unwrap();
    assert!(second.written.is_empty());
    assert_eq!(second.unchanged.len(), 1);
}

#[test]
fn check_names_stale_hand_edited_missing_and_orphaned_files() {
    let dir = workspace_with(&["petshop.yaml"]);
    let check = || match workspace::check(dir.path()) {
        Err(Error::Stale(stale)) => stale,
        other => panic!("expected stale files, got {other:?}"),
    };
    assert_eq!(check()[0].reason, StaleReason::Missing);

    workspace::generate(dir.path()).unwrap();
    let generated = dir.path().join("generated/petshop.rs");
    let original = std::fs::read_to_string(&generated).unwrap();
    std::fs::write(
        &generated,
        original.replace("pub struct Order", "pub struct Orders"),
    )
    .unwrap();
    assert_eq!(check()[0].reason, StaleReason::HandEdited);
    assert!(workspace::check(dir.path())
        .unwrap_err()
        .to_string()
        .contains("generated/petshop.rs"));

    let spec = dir.path().join("specs/petshop.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(
        &spec,
        text.replace("title: Pet shop fixture", "title: Pet shop"),
    )
    .unwrap();
    assert_eq!(check()[0].reason, StaleReason::SpecChanged);

    std::fs::write(dir.path().join("generated/gone.rs"), &original).unwrap();
    let stale = check();
    assert!(stale
        .iter()
        .any(|s| s.reason == StaleReason::Orphaned && s.file == Path::new("generated/gone.rs")));
}

/// The multi-file fixture as `specs/main.yaml` (its files refer to it by that name), with
/// its `common/` folder beside it.
fn multi_file_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(specs.join("common/schemas")).unwrap();
    std::fs::create_dir_all(specs.join("common/operations")).unwrap();
    std::fs::copy(fixture("multi_file/main.yaml"), specs.join("main.yaml")).unwrap();
    for file in [
        "common/common.yaml",
        "common/schemas/pet.yaml",
        "common/schemas/attributes.yaml",
        "common/operations/rename_owner.yaml",
    ] {
        std::fs::copy(fixture(&format!("multi_file/{file}")), specs.join(file)).unwrap();
    }
    dir
}

#[test]
fn the_header_records_every_file_a_spec_loads_and_check_notices_a_change_to_any() {
    let dir = multi_file_workspace();
    workspace::generate(dir.path()).unwrap();
    let generated = dir.path().join("generated/main.rs");
    let header = Header::parse(&std::fs::read_to_string(&generated).unwrap()).unwrap();
    let sha256 = |file: &str| spec::sha256_hex(&std::fs::read(dir.path().join(file)).unwrap());
    let pet = "specs/common/schemas/pet.yaml";
    assert_eq!(header.sha256, sha256("specs/main.yaml"));
    let recorded = |file: &str| (file.to_owned(), sha256(file));
    assert_eq!(
        header.referenced,
        vec![
            recorded("specs/common/common.yaml"),
            recorded("specs/common/operations/rename_owner.yaml"),
            recorded("specs/common/schemas/attributes.yaml"),
            recorded(pet),
        ]
    );
    workspace::check(dir.path()).unwrap();

    // Only a referenced file changes: the main spec's bytes, and so its hash, stay the same.
    let text = std::fs::read_to_string(dir.path().join(pet)).unwrap();
    std::fs::write(dir.path().join(pet), format!("{text}description: A pet.\n")).unwrap();
    match workspace::check(dir.path()) {
        Err(Error::Stale(stale)) => {
            assert_eq!(stale.len(), 1, "{stale:?}");
            assert_eq!(stale[0].file, Path::new("generated/main.rs"));
            assert_eq!(stale[0].reason, StaleReason::SpecChanged);
        }
        other => panic!("expected generated/main.rs to be stale, got {other:?}"),
    }
    workspace::generate(dir.path()).unwrap();
    let regenerated = Header::parse(&std::fs::read_to_string(&generated).unwrap()).unwrap();
    assert_eq!(regenerated.sha256, header.sha256);
    assert_eq!(regenerated.referenced[3], recorded(pet));
    assert_ne!(regenerated.referenced[3], header.referenced[3]);
    workspace::check(dir.path()).unwrap();
}

#[test]
fn a_spec_in_one_file_records_no_other_file() {
    let dir = workspace_with(&["petshop.yaml"]);
    workspace::generate(dir.path()).unwrap();
    let content = std::fs::read_to_string(dir.path().join("generated/petshop.rs")).unwrap();
    assert!(Header::parse(&content).unwrap().referenced.is_empty());
    assert!(!content.contains("// spec-ref:"));
}

#[test]
fn any_bad_spec_leaves_generated_untouched() {
    let dir = workspace_with(&["petshop.yaml"]);
    workspace::generate(dir.path()).unwrap();
    let before = snapshot_dir(dir.path());

    // A good spec changed and a broken spec added in the same run: nothing may be written.
    let spec = dir.path().join("specs/petshop.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(&spec, text.replace("Unit price.", "Unit price in RON.")).unwrap();
    std::fs::copy(
        fixture("unknown_ref.yaml"),
        dir.path().join("specs/broken.yaml"),
    )
    .unwrap();

    let err = workspace::generate(dir.path()).unwrap_err();
    assert!(
        err.to_string().contains("specs/broken.yaml#/paths"),
        "{err}"
    );
    assert_eq!(snapshot_dir(dir.path()), before);
}

#[test]
fn every_failing_spec_is_reported_at_once() {
    let dir = workspace_with(&["bad_yaml.yaml", "unknown_ref.yaml"]);
    let err = workspace::generate(dir.path()).unwrap_err();
    let Error::Many(errors) = &err else {
        panic!("expected both failures, got {err:?}");
    };
    assert_eq!(errors.len(), 2);
    assert!(!dir.path().join("generated").exists());
}

#[test]
fn deep_object_parameters_are_serialised_by_the_runtime() {
    let code = render_fixture("deep_object.yaml").unwrap();
    for name in ["filter", "metadata"] {
        assert!(
            code.contains(&format!("crate::runtime::DeepObject::new(\"{name}\"")),
            "{name} is not a DeepObject:\n{code}"
        );
    }
    assert!(
        code.contains("progenitor_client::QueryParam::new(\"expand\""),
        "{code}"
    );
}

#[test]
fn one_query_name_keeps_each_operation_s_own_style() {
    let code = render_fixture("deep_object_two_styles.yaml").unwrap();
    let method = |name: &str| {
        let start = code
            .find(&format!("pub async fn {name}<'a>("))
            .unwrap_or_else(|| panic!("no method {name} in:\n{code}"));
        let end = code[start..]
            .find("\n    }\n")
            .map_or(code.len(), |end| start + end);
        code[start..end].to_owned()
    };
    let a = method("a");
    assert!(
        a.contains("crate::runtime::DeepObject::new(\"filter\", &filter)"),
        "{a}"
    );
    let b = method("b");
    assert!(
        b.contains("progenitor_client::QueryParam::new(\"filter\", &filter)"),
        "{b}"
    );
}

#[test]
fn x_rust_name_renames_the_field_and_keeps_the_wire_name() {
    let code = render_fixture("rust_name.yaml").unwrap();
    let field =
        |wire: &str, rust: &str| format!("#[serde(rename = \"{wire}\")]\n        pub {rust}: ");
    assert!(code.contains(&field("fistName", "first_name")), "{code}");
    assert!(
        code.contains("pub customer_code: ::std::option::Option<"),
        "{code}"
    );
    assert!(code.contains("rename = \"code\""), "{code}");
    assert!(!code.contains("fist_name"), "{code}");
}

#[test]
fn invalid_x_rust_name_is_refused_where_it_is() {
    let err = render_fixture("rust_name_invalid.yaml").unwrap_err();
    assert!(
        err.to_string().starts_with(
            "rust_name_invalid.yaml#/components/schemas/Customer/properties/code/x-rust-name:"
        ),
        "{err}"
    );
}

#[test]
fn enums_decode_values_added_later_but_requests_stay_strict() {
    let code = render_fixture("petshop.yaml").unwrap();
    assert!(
        code.contains("#[serde(untagged)]\n        Unknown(crate::runtime::UnknownValue),"),
        "{code}"
    );
    assert!(
        code.contains("Self::Unknown(ref raw) => f.write_str(raw.as_str()),"),
        "{code}"
    );
    assert!(!code.contains("Copy"), "{code}");
}

#[test]
fn wire_names_that_give_one_rust_name_get_numbered_fields_and_keep_their_wire_names() {
    let code = render_fixture("wire_names.yaml").unwrap();
    // Properties: the first keeps `type_`, the others are numbered in document order, and
    // each field is (de)serialised under its own wire name.
    for field in [
        "#[serde(rename = \"type\", skip_serializing_if = \"::std::option::Option::is_none\")]\n        pub type_: ::std::option::Option<::std::string::String>,",
        "#[serde(rename = \"type_\")]\n        pub type_2: ::std::string::String,",
        "rename = \"-type\",",
        "pub type_3: ::std::option::Option<i64>,",
    ] {
        assert!(code.contains(field), "{field} missing in:\n{code}");
    }
    // Parameters: the path-level `type` keeps `type_`; the operation's own ones are
    // numbered and sent under their wire names.
    for call in [
        "header_map.append(\"_type\", value.to_string().try_into()?);",
        "QueryParam::new(\"-type\", &type_3)",
        "QueryParam::new(\"type\", &type_)",
    ] {
        assert!(code.contains(call), "{call} missing in:\n{code}");
    }
    // No placeholder is left anywhere.
    assert!(
        !code.contains("type_ 2") && !code.contains("type_ 3"),
        "{code}"
    );
}

#[test]
fn path_parameters_that_give_one_rust_name_are_refused_at_the_second() {
    let err = render_fixture("wire_names_path.yaml")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "wire_names_path.yaml#/paths/~1things~1{type}~1{_type}/get/parameters/1: unsupported construct: parameters `type` and `_type` both become the Rust name `type_`"
        ),
        "{err}"
    );
}

#[test]
fn each_format_becomes_its_own_rust_type() {
    let code = render_fixture("formats.yaml").unwrap();
    // uuid and the dates are parsed types; `byte` (base64) and `binary` stay the JSON string
    // they are on the wire (typify's mapping: decoding base64 is the caller's choice).
    for field in [
        "pub id: ::uuid::Uuid,",
        "pub day: ::chrono::naive::NaiveDate,",
        "pub at: ::chrono::DateTime<::chrono::offset::Utc>,",
        "pub blob: ::std::string::String,",
        "pub raw: ::std::string::String,",
        "pub tiny: i8,",
        "pub small: i16,",
        "pub normal: i32,",
        "pub big: i64,",
        "pub ubyte: u8,",
        "pub ushort: u16,",
        "pub uint: u32,",
        "pub ulong: u64,",
        "pub single: f32,",
        "pub double: f64,",
    ] {
        assert!(code.contains(field), "{field} missing in:\n{code}");
    }
    // Parameters keep their formats too, and a uuid goes into the path as its text.
    assert!(code.contains("id: &'a ::uuid::Uuid,"), "{code}");
    assert!(code.contains("limit: Option<i64>,"), "{code}");
    assert!(
        code.contains("since: Option<&'a ::chrono::naive::NaiveDate>,"),
        "{code}"
    );
    assert!(code.contains("encode_path(& id.to_string())"), "{code}");
}

#[test]
fn an_inline_schema_typify_would_name_like_a_component_gets_a_type_of_its_own() {
    let code = render_fixture("inline_named_like_component.yaml").unwrap();
    // The component keeps its name and its one field; the inline wrapper is a second type.
    assert_eq!(
        code.matches(
            "pub struct EnterpriseConfigurationContentAndSharing {\n        pub sharing_item_type: ::std::string::String,"
        )
        .count(),
        1,
        "{code}"
    );
    assert!(
        code.contains("pub enum EnterpriseConfigurationContentAndSharingProperty {"),
        "{code}"
    );
    assert!(
        code.contains(
            "pub content_and_sharing: ::std::option::Option<\n            EnterpriseConfigurationContentAndSharingProperty,\n        >,"
        ),
        "{code}"
    );
}

/// A title does not name the inner schema of a nullable `allOf` (progenitor hands it to typify
/// without annotations): that schema becomes a component of the free name instead.
#[test]
fn a_nullable_inline_all_of_named_like_a_component_gets_a_type_of_its_own() {
    let code = render_fixture("inline_named_like_component.yaml").unwrap();
    // Each once (and once its builder): the component with its camel-case wire name, the
    // inline object with its own.
    for (name, field) in [
        (
            "DashboardPermissions",
            "#[serde(rename = \"isEditableByEveryone\")]\n        pub is_editable_by_everyone",
        ),
        (
            "DashboardPermissionsProperty",
            "pub is_editable_by_everyone: bool,",
        ),
    ] {
        let declared = format!("pub struct {name} {{");
        assert_eq!(code.matches(&declared).count(), 2, "{code}");
        assert!(
            code.contains(&format!("{declared}\n        {field}")),
            "{code}"
        );
    }
    assert!(
        code.contains("pub permissions: ::std::option::Option<DashboardPermissionsProperty>,"),
        "{code}"
    );
}

/// Ory's `NullBool` and `nullBool`: one schema under two names typify names alike is one type;
/// two schemas under such names are two types, the later numbered, each laid out as declared.
#[test]
fn components_whose_names_give_one_rust_name_are_one_type_or_numbered() {
    let code = render_fixture("component_names.yaml").unwrap();
    assert_eq!(
        code.matches("pub struct NullBool(pub ::std::option::Option<bool>);")
            .count(),
        1,
        "{code}"
    );
    for field in [
        "pub enabled: ::std::option::Option<NullBool>,",
        "pub visible: ::std::option::Option<NullBool>,",
        "pub tag: ::std::option::Option<Tag>,",
        "pub label: ::std::option::Option<Tag2>,",
        "pub note: ::std::option::Option<String2>,",
    ] {
        assert!(code.contains(field), "{field} not in\n{code}");
    }
    for (name, field) in [("Tag", "name"), ("Tag2", "label")] {
        let declared = format!("pub struct {name} {{");
        let body = code
            .split(&declared)
            .nth(1)
            .unwrap()
            .split('}')
            .next()
            .unwrap();
        assert!(body.contains(&format!("pub {field}:")), "{body}");
        assert!(body.contains("pub extra: ::serde_json::Map<"), "{body}");
    }
}

/// typify panics on `enum` beside an `allOf` of one `$ref` (Discord's select defaults): the
/// copy drops that `allOf`, recorded where it is, and the enum alone types the value.
#[test]
fn an_enum_narrowing_a_referenced_one_becomes_an_enum_of_its_values() {
    let spec = parse_fixture("enum_beside_ref.yaml").unwrap();
    let rendered = codegen::render(&spec).unwrap();
    let skipped = skip_pointers(&rendered);
    assert_eq!(
        skipped,
        [
            "#/components/schemas/UserSelectDefault/properties/type/allOf",
            "#/components/schemas/ChannelSelectDefault/properties/type/allOf",
            "#/components/schemas/ChannelSelectDefault/properties/level/allOf",
        ]
    );
    assert!(
        rendered.skips[0].what.contains("typify panics"),
        "{:?}",
        rendered.skips
    );
    let code = &rendered.code;
    for narrowed in [
        "pub type_: UserSelectDefaultType,",
        "pub enum UserSelectDefaultType {\n        #[serde(rename = \"user\")]\n        User,",
        "pub type_: ::std::option::Option<ChannelSelectDefaultType>,",
        "pub struct ChannelSelectDefaultLevel(i32);",
        // The shared enum is still generated for whoever refers to it whole.
        "pub enum SelectType {",
    ] {
        assert!(code.contains(narrowed), "{narrowed} not in\n{code}");
    }
}

/// A nullable `anyOf` component (OpenAI's `ModelIdsCompaction`): typify would name its inner
/// type like the component; in the copy the `anyOf` is a component `<Name>Inner` of its own.
#[test]
fn a_nullable_any_of_component_wraps_an_inner_type_of_its_own() {
    // Rendered at all: two types of one name are refused (`codegen::uncompilable`).
    let code = render_fixture("nullable_any_of.yaml").unwrap();
    assert!(
        code.contains("pub struct ModelIds(pub ::std::option::Option<ModelIdsInner>);"),
        "{code}"
    );
    assert!(
        code.contains("pub subtype_0: ::std::option::Option<KnownModel>,"),
        "{code}"
    );
    assert!(
        code.contains("pub model: ::std::option::Option<ModelIds>,"),
        "{code}"
    );
}

#[test]
fn the_unknown_variant_takes_the_next_free_name_when_a_vendor_value_is_unknown() {
    let code = render_fixture("unknown_enum_value.yaml").unwrap();
    // `UNKNOWN` is a documented value of CallStatus: it keeps the variant `Unknown`.
    assert!(
        code.contains("#[serde(rename = \"UNKNOWN\")]\n        Unknown,"),
        "{code}"
    );
    assert!(
        code.contains("#[serde(untagged)]\n        Unknown2(crate::runtime::UnknownValue),"),
        "{code}"
    );
    assert!(
        code.contains("Self::Unknown2(ref raw) => f.write_str(raw.as_str()),"),
        "{code}"
    );
    // AnsweredBy has both `Unknown` and `Unknown2` from the spec.
    assert!(
        code.contains("#[serde(untagged)]\n        Unknown3(crate::runtime::UnknownValue),"),
        "{code}"
    );
    assert!(
        code.contains("Self::Unknown3(ref raw) => f.write_str(raw.as_str()),"),
        "{code}"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn x_rust_bool_makes_string_flags_rust_bools_and_drops_the_enum() {
    let code = render_fixture("rust_bool.yaml").unwrap();
    assert!(
        code.contains(
            "#[serde(with = \"crate::runtime::flag::bool_string\")]\n        pub active: bool,"
        ),
        "{code}"
    );
    assert!(
        code.contains(
            "#[serde(default, with = \"crate::runtime::flag::bool_string::option\")]\n        pub archived: ::std::option::Option<bool>,"
        ),
        "{code}"
    );
    assert!(!code.contains("Flag"), "{code}");
}

#[test]
fn x_rust_bool_on_anything_but_a_true_false_enum_is_refused_where_it_is() {
    let err = render_fixture("rust_bool_invalid.yaml").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("rust_bool_invalid.yaml#/components/schemas/Flag/x-rust-bool:"),
        "{err}"
    );
}

#[test]
fn x_rust_bool_used_where_a_bool_cannot_replace_it_is_refused() {
    let err = render_fixture("rust_bool_in_array.yaml").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("rust_bool_in_array.yaml#/components/schemas/Flag:"),
        "{err}"
    );
}

#[test]
fn x_rust_secret_makes_the_field_a_secret_text() {
    let code = render_fixture("rust_secret.yaml").unwrap();
    assert!(
        code.contains("pub token: crate::runtime::SecretText,"),
        "{code}"
    );
    assert!(
        code.contains("pub password: ::std::option::Option<crate::runtime::SecretText>,"),
        "{code}"
    );
    assert!(
        code.contains("pub user: ::std::option::Option<::std::string::String>,"),
        "{code}"
    );
}

#[test]
fn x_rust_secret_on_a_non_string_is_refused_where_it_is() {
    let err = render_fixture("rust_secret_invalid.yaml").unwrap_err();
    assert!(
        err.to_string().starts_with(
            "rust_secret_invalid.yaml#/components/schemas/Session/properties/password/x-rust-secret:"
        ),
        "{err}"
    );
}

#[test]
fn x_rust_expandable_relations_become_the_generic_expandable() {
    let code = render_fixture("expandable.yaml").unwrap();
    assert!(
        code.contains("pub customer: ::std::option::Option<crate::runtime::Expandable<Customer>>,"),
        "{code}"
    );
    assert!(!code.contains("ExpandableCustomer"), "{code}");
}

#[test]
fn x_rust_expandable_needs_an_integer_id_and_the_object() {
    let err = render_fixture("expandable_invalid.yaml").unwrap_err();
    assert!(
        err.to_string().starts_with(
            "expandable_invalid.yaml#/components/schemas/ExpandableCustomer/x-rust-expandable:"
        ),
        "{err}"
    );
}

#[test]
fn struct_fields_follow_the_spec_order_and_open_objects_keep_unlisted_members() {
    let code = render_fixture("expandable.yaml").unwrap();
    let invoice = &code[code.find("pub struct Invoice").unwrap()..];
    let position = |needle: &str| {
        invoice
            .find(needle)
            .unwrap_or_else(|| panic!("{needle}: {code}"))
    };
    assert!(position("pub zeta:") < position("pub id:"));
    assert!(position("pub id:") < position("pub customer:"));
    assert!(
        position("pub customer:")
            < position("#[serde(flatten)]\n        pub extra: ::serde_json::Map")
    );
}

#[test]
fn an_open_object_with_a_property_named_extra_is_refused_where_it_is() {
    let err = render_fixture("open_object_extra_clash.yaml").unwrap_err();
    assert!(
        err.to_string().starts_with(
            "open_object_extra_clash.yaml#/components/schemas/Thing/properties/extra:"
        ),
        "{err}"
    );
}

#[test]
fn no_request_carries_progenitors_api_version_header() {
    let code = render_fixture("petshop.yaml").unwrap();
    assert!(
        code.contains("header_map"),
        "the fixture has requests: {code}"
    );
    assert!(!code.contains("\"api-version\""), "{code}");
}

fn render_text(text: &str) -> Result<generator::codegen::Rendered, Error> {
    spec::parse(Path::new("t.yaml"), text).and_then(|spec| codegen::render(&spec))
}

/// The style table defines `spaceDelimited` and `pipeDelimited` only without `explode`: an
/// exploded array or object in them is refused where `explode` is said.
#[test]
fn an_exploded_space_delimited_array_is_refused_at_its_explode() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /x:\n    get:\n      \
                operationId: getX\n      parameters:\n        - {name: ids, in: query, \
                style: spaceDelimited, explode: true, schema: {type: array, items: {type: integer}}}\n      \
                responses: {'204': {description: ok}}\n";
    let err = render_text(text).unwrap_err();
    assert!(matches!(err, Error::Unsupported { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with(
            "t.yaml#/paths/~1x/get/parameters/0/explode: unsupported construct: an object- or \
             array-typed query parameter `ids` in the spaceDelimited style with `explode: true`"
        ),
        "{err}"
    );
}

/// A cookie and a header of one name would be two `header_map.append`s of that name in the
/// generated method: refused at the cookie.
#[test]
fn a_cookie_named_like_a_header_of_its_operation_is_refused_at_the_cookie() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /x:\n    get:\n      \
                operationId: getX\n      parameters:\n        - {name: token, in: header, \
                schema: {type: string}}\n        - {name: token, in: cookie, schema: {type: string}}\n      \
                responses: {'204': {description: ok}}\n";
    let err = render_text(text).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "t.yaml#/paths/~1x/get/parameters/1: unsupported construct: a cookie parameter `token` \
             beside a header parameter of the same name"
        ),
        "{err}"
    );
}

/// A cookie value has no encoding for JSON text (its quotes and commas are outside RFC
/// 6265's cookie-octet): a cookie described by `content` is refused at its `content`.
#[test]
fn a_cookie_described_by_json_content_is_refused_at_its_content() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /x:\n    get:\n      \
                operationId: getX\n      parameters:\n        - {name: prefs, in: cookie, \
                content: {application/json: {schema: {type: object}}}}\n      \
                responses: {'204': {description: ok}}\n";
    let err = render_text(text).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "t.yaml#/paths/~1x/get/parameters/0/content: unsupported construct: a cookie \
             parameter `prefs` described by `content`"
        ),
        "{err}"
    );
}

/// A path segment or header has no null: a required nullable one is asked for as a value,
/// and the header says that the spec's `nullable` was left out there, once per place (the
/// operation's second request media type is a copy sharing its parameters).
#[test]
fn a_required_nullable_path_or_header_parameter_is_a_value_and_the_skip_recorded() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  '/x/{id}':\n    put:\n      \
                operationId: putX\n      parameters:\n        - {name: id, in: path, required: true, \
                schema: {type: integer, nullable: true}}\n        - {name: X-Tag, in: header, \
                required: true, schema: {type: string, nullable: true}}\n        - {name: X-Note, \
                in: header, schema: {type: string, nullable: true}}\n      requestBody:\n        \
                content:\n          application/json: {schema: {type: string}}\n          \
                text/plain: {schema: {type: string}}\n      responses: {'204': {description: ok}}\n";
    let rendered = render_text(text).unwrap();
    let nullable = skip_pointers(&rendered);
    assert_eq!(
        nullable,
        [
            "#/paths/~1x~1{id}/put/parameters/0/schema/nullable",
            "#/paths/~1x~1{id}/put/parameters/1/schema/nullable"
        ]
    );
    assert!(
        rendered.code.contains(
            "// skipped: `nullable` of a required path, header or cookie parameter, which has no \
         null on the wire: the method asks for a value (at #/paths/~1x~1{id}/put/parameters/0/schema/\
         nullable, #/paths/~1x~1{id}/put/parameters/1/schema/nullable)"
        ),
        "{}",
        &rendered.code[..600]
    );
    assert!(rendered.code.contains("id: i64,"), "{}", rendered.code);
}

/// OpenAPI requires `required: true` of every path parameter (progenitor asserts it); one
/// without is asked for as a value, and the header says so at its `required`.
#[test]
fn a_path_parameter_not_marked_required_is_asked_for_and_the_skip_recorded() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  '/keys/{id}':\n    \
                get:\n      operationId: getKey\n      parameters:\n        - {name: id, in: path, \
                schema: {type: string}}\n      responses: {'204': {description: ok}}\n";
    let rendered = render_text(text).unwrap();
    let skipped = skips_with_texts(&rendered);
    assert_eq!(
        skipped,
        [(
            "#/paths/~1keys~1{id}/get/parameters/0/required".to_owned(),
            "a path parameter not marked `required: true`, which OpenAPI requires of every \
             one: the method asks for a value"
        )]
    );
    assert!(rendered.code.contains("id: &'a str,"), "{}", rendered.code);
}

/// OpenAPI requires a path parameter for every template variable and one Rust name per
/// parameter of an operation; a document breaking either still generates, with the path
/// segment asked for and sent, and the header saying what was done where.
#[test]
fn undeclared_and_colliding_parameters_generate_with_their_skips_recorded() {
    let rendered = rendered_fixture("undeclared_parameters.yaml").unwrap();
    let skipped = skips_with_texts(&rendered);
    assert_eq!(
        skipped,
        [
            (
                "#/components/schemas/Job/properties/links/format".to_owned(),
                "`format: uri-map` on an object schema, which OpenAPI defines no format for: \
                 typed as a plain object"
            ),
            (
                "#/paths/~1apps~1{app_id}~1jobs~1{job_id}/get".to_owned(),
                "a path template variable that no parameter declares (OpenAPI requires one): a \
                 required string path parameter in the generated method"
            ),
            (
                "#/paths/~1apps~1{app_id}~1jobs~1{job_id}/get/parameters/0".to_owned(),
                "a path template variable declared as a query, header or cookie parameter: it \
                 is the path parameter in the generated method"
            ),
        ]
    );
    let code = rendered.code.split_whitespace().collect::<String>();
    for expected in [
        // `job_id` moved to the path, `app_id` added as a string.
        "pubasyncfnget_job<'a>(&'aself,app_id:&'astr,job_id:i64,)",
        "\"{}/apps/{}/jobs/{}\",self.baseurl,encode_path(&app_id.to_string()),encode_path(&job_id.to_string()),",
        // The query `scroll_id` beside the path one is a second argument, sent under its
        // wire name; the operation without the path one keeps the plain name.
        "pubasyncfnscroll<'a>(&'aself,scroll_id:&'astr,scroll_id_2:Option<&'astr>,)",
        ".query(&progenitor_client::QueryParam::new(\"scroll_id\",&scroll_id_2))",
        "pubasyncfnscroll_by_query<'a>(&'aself,scroll_id:Option<&'astr>,)",
        // `format: uri-map` is left out: a plain map.
        "publinks:::std::collections::BTreeMap<::std::string::String,::std::string::String,>",
    ] {
        assert!(code.contains(expected), "{expected} not in\n{}", rendered.code);
    }
}

// ---------------------------------------------------------------------------------------
// The fingerprint cache of `generate --check` (src/fingerprint.rs)
// ---------------------------------------------------------------------------------------

/// A cache in a directory of its own, as the CLI keeps one in the target directory.
fn cache_in(dir: &tempfile::TempDir) -> Fingerprints {
    Fingerprints::in_dir(dir.path().join("target/generate-cache"))
}

fn stale_with_cache(dir: &Path, cache: &Fingerprints) -> Vec<generator::error::Staleness> {
    match workspace::check_with(dir, Some(cache)) {
        Err(Error::Stale(stale)) => stale,
        other => panic!("expected stale files, got {other:?}"),
    }
}

fn entries(cache_dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for build in std::fs::read_dir(cache_dir).unwrap() {
        for entry in std::fs::read_dir(build.unwrap().path()).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    files
}

#[test]
fn generate_and_check_record_what_they_rendered_and_a_warm_check_trusts_it() {
    let dir = workspace_with(&["petshop.yaml"]);
    let cache = cache_in(&dir);
    let (spec, target) = (
        Path::new("specs/petshop.yaml"),
        Path::new("generated/petshop.rs"),
    );
    workspace::generate_with(dir.path(), Some(&cache)).unwrap();
    assert!(cache.vouches_for(dir.path(), spec, target));
    workspace::check_with(dir.path(), Some(&cache)).unwrap();

    // A cold check (no entry yet) renders, finds the file up to date and records it.
    let cold = cache_in(&dir);
    std::fs::remove_dir_all(dir.path().join("target")).unwrap();
    assert!(!cold.vouches_for(dir.path(), spec, target));
    workspace::check_with(dir.path(), Some(&cold)).unwrap();
    assert!(cold.vouches_for(dir.path(), spec, target));
}

#[test]
fn a_hand_edited_generated_file_is_caught_with_a_warm_cache() {
    let dir = workspace_with(&["petshop.yaml"]);
    let cache = cache_in(&dir);
    workspace::generate_with(dir.path(), Some(&cache)).unwrap();
    let generated = dir.path().join("generated/petshop.rs");
    let original = std::fs::read_to_string(&generated).unwrap();
    // One byte in the body; the header, and so the inputs it names, unchanged.
    std::fs::write(
        &generated,
        original.replacen("pub struct Order", "pub struct Ordex", 1),
    )
    .unwrap();
    let stale = stale_with_cache(dir.path(), &cache);
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0].reason, StaleReason::HandEdited);
    // Undoing the edit makes the old entry good again.
    std::fs::write(&generated, &original).unwrap();
    workspace::check_with(dir.path(), Some(&cache)).unwrap();
}

#[test]
fn a_changed_spec_or_referenced_file_is_caught_with_a_warm_cache() {
    let dir = workspace_with(&["petshop.yaml"]);
    let cache = cache_in(&dir);
    workspace::generate_with(dir.path(), Some(&cache)).unwrap();
    let spec = dir.path().join("specs/petshop.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(
        &spec,
        text.replace("title: Pet shop fixture", "title: Pet shop"),
    )
    .unwrap();
    assert_eq!(
        stale_with_cache(dir.path(), &cache)[0].reason,
        StaleReason::SpecChanged
    );

    let dir = multi_file_workspace();
    let cache = cache_in(&dir);
    workspace::generate_with(dir.path(), Some(&cache)).unwrap();
    workspace::check_with(dir.path(), Some(&cache)).unwrap();
    for referenced in ["specs/common/common.yaml", "specs/common/schemas/pet.yaml"] {
        let file = dir.path().join(referenced);
        let original = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, format!("{original}\n# edited\n")).unwrap();
        let stale = stale_with_cache(dir.path(), &cache);
        assert_eq!(stale.len(), 1, "{referenced}: {stale:?}");
        assert_eq!(stale[0].reason, StaleReason::SpecChanged, "{referenced}");
        std::fs::write(&file, original).unwrap();
        workspace::check_with(dir.path(), Some(&cache)).unwrap();
        // A referenced file that is gone is caught too (the render says why).
        std::fs::rename(&file, file.with_extension("moved")).unwrap();
        assert!(
            workspace::check_with(dir.path(), Some(&cache)).is_err(),
            "{referenced}"
        );
        std::fs::rename(file.with_extension("moved"), &file).unwrap();
    }
}

#[test]
fn a_corrupt_or_unwritable_cache_is_ignored() {
    let dir = workspace_with(&["petshop.yaml"]);
    let cache = cache_in(&dir);
    let (spec, target) = (
        Path::new("specs/petshop.yaml"),
        Path::new("generated/petshop.rs"),
    );
    workspace::generate_with(dir.path(), Some(&cache)).unwrap();
    let entries = entries(&dir.path().join("target/generate-cache"));
    let [entry] = entries.as_slice() else {
        panic!("one entry per spec: {entries:?}");
    };
    let valid = std::fs::read_to_string(entry).unwrap();
    for corrupt in [
        String::new(),
        valid[..valid.len() / 2].to_owned(),
        valid.replace("output", "outpvt"),
        format!("{valid}ref \"specs/other.yaml\" {}\n", "0".repeat(64)),
        "\u{0}\u{ff}garbage".to_owned(),
    ] {
        std::fs::write(entry, &corrupt).unwrap();
        assert!(!cache.vouches_for(dir.path(), spec, target), "{corrupt:?}");
        // Not trusted, so rendered: the check passes on the up-to-date file, rewrites the
        // entry, and a hand edit is still caught.
        workspace::check_with(dir.path(), Some(&cache)).unwrap();
        assert_eq!(std::fs::read_to_string(entry).unwrap(), valid);
        std::fs::write(entry, &corrupt).unwrap();
        let generated = dir.path().join(target);
        let original = std::fs::read_to_string(&generated).unwrap();
        std::fs::write(&generated, original.replacen("Order", "Ordex", 1)).unwrap();
        assert_eq!(
            stale_with_cache(dir.path(), &cache)[0].reason,
            StaleReason::HandEdited
        );
        std::fs::write(&generated, original).unwrap();
    }

    // An entry where a directory should be, and a cache directory that is a file: checks
    // pass (just slower) and still catch a hand edit.
    std::fs::remove_file(entry).unwrap();
    std::fs::create_dir(entry).unwrap();
    workspace::check_with(dir.path(), Some(&cache)).unwrap();
    let blocked = Fingerprints::in_dir(dir.path().join("specs/petshop.yaml"));
    workspace::generate_with(dir.path(), Some(&blocked)).unwrap();
    workspace::check_with(dir.path(), Some(&blocked)).unwrap();
    let generated = dir.path().join(target);
    let original = std::fs::read_to_string(&generated).unwrap();
    std::fs::write(&generated, original.replacen("Order", "Ordex", 1)).unwrap();
    assert_eq!(
        stale_with_cache(dir.path(), &blocked)[0].reason,
        StaleReason::HandEdited
    );
}

#[test]
fn a_warm_cache_still_reports_missing_and_orphaned_files() {
    let dir = workspace_with(&["petshop.yaml"]);
    let cache = cache_in(&dir);
    workspace::generate_with(dir.path(), Some(&cache)).unwrap();
    let generated = dir.path().join("generated/petshop.rs");
    let content = std::fs::read_to_string(&generated).unwrap();
    std::fs::write(dir.path().join("generated/gone.rs"), &content).unwrap();
    let stale = stale_with_cache(dir.path(), &cache);
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0].reason, StaleReason::Orphaned);
    std::fs::remove_file(dir.path().join("generated/gone.rs")).unwrap();
    std::fs::remove_file(&generated).unwrap();
    assert_eq!(
        stale_with_cache(dir.path(), &cache)[0].reason,
        StaleReason::Missing
    );
}

/// A boolean `required` (JSON Schema draft 3, in Spotify's and DigitalOcean's published
/// documents): on a property it means what the object's `required` list says, elsewhere it
/// says nothing; each is a recorded skip rather than `openapiv3`'s refusal at `paths`.
#[test]
fn a_boolean_required_is_read_as_draft_3_meant_it() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      \
                operationId: getA\n      responses:\n        '200':\n          description: ok\n          \
                content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\n\
                components:\n  schemas:\n    A:\n      type: object\n      required: [id]\n      properties:\n        \
                id: {type: string}\n        name: {type: string, required: true}\n        \
                note: {type: string, required: false}\n        \
                tags: {type: array, items: {type: string, required: true}}\n";
    let spec = spec::parse(Path::new("r.yaml"), text).unwrap();
    assert_eq!(
        spec.json["components"]["schemas"]["A"]["required"],
        serde_json::json!(["id", "name"])
    );
    let rendered = codegen::render(&spec).unwrap();
    assert!(
        rendered.code.contains("pub name: ::std::string::String,"),
        "{}",
        rendered.code
    );
    assert!(
        rendered
            .code
            .contains("pub note: ::std::option::Option<::std::string::String>,"),
        "{}",
        rendered.code
    );
    let at = |skip: &spec::Skip| skip.pointer.to_string();
    let skipped = rendered.skips.iter().map(at).collect::<Vec<_>>();
    for pointer in [
        "#/components/schemas/A/properties/name/required",
        "#/components/schemas/A/properties/note/required",
        "#/components/schemas/A/properties/tags/items/required",
    ] {
        assert!(
            skipped.iter().any(|skip| skip == pointer),
            "{pointer}: {skipped:?}"
        );
    }
}

/// A base whose `oneOf` lists variants that inherit it through `allOf` (Okta's signing
/// keys): each variant inherits the base's fields (`SigningKeyFields`), the base stays the
/// choice of its variants, and generation no longer overflows typify's stack.
#[test]
fn variants_inheriting_the_base_that_lists_them_get_its_fields() {
    let code = render_fixture("composition_cycles.yaml").unwrap();
    assert!(code.contains("pub struct SigningKeyFields {"), "{code}");
    let ec = &code[code.find("pub struct EcKey {").expect("EcKey")..];
    let ec = &ec[..ec.find('}').unwrap()];
    for field in [
        "pub kid: ::std::string::String,",
        "pub x: ::std::string::String,",
    ] {
        assert!(ec.contains(field), "{field}\n{ec}");
    }
    assert!(code.contains("pub enum SigningKey {"), "{code}");
}

/// `allOf` alone going round (`A` made of `B`, `B` of `A`) describes no value: refused at
/// the member that closes the cycle, instead of overflowing typify's stack.
#[test]
fn an_all_of_cycle_is_refused_at_its_members() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    \
                A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    \
                B: {allOf: [{$ref: '#/components/schemas/A'}]}\n";
    let spec = spec::parse(Path::new("c.yaml"), text).unwrap();
    let err = codegen::render(&spec).unwrap_err().to_string();
    assert!(
        err.starts_with(
            "c.yaml#/components/schemas/A/allOf/0: unsupported construct: an `allOf` cycle"
        ),
        "{err}"
    );
}

/// typify compiles each `pattern` with regress (ECMAScript) and refuses the whole document
/// on one it rejects; that pattern is left out, a skip at its pointer, and the others stay
/// checked by the generated newtypes.
#[test]
fn a_pattern_the_regex_engine_rejects_is_a_skip() {
    let rendered = rendered_fixture("patterns.yaml").unwrap();
    let skipped = skip_pointers(&rendered);
    assert_eq!(skipped, ["#/components/schemas/App/properties/id/pattern"]);
    assert!(rendered.code.contains("^[A-Z]{3}$"), "{}", rendered.code);
    assert!(!rendered.code.contains("(?i)"), "{}", rendered.code);
}

/// reqwest::Client has no `options`/`trace` method: those requests go through
/// `request(Method::OPTIONS, url)`.
#[test]
fn options_and_trace_requests_use_the_generic_request_call() {
    let code = render_fixture("http_methods.yaml").unwrap();
    for verb in ["OPTIONS", "TRACE"] {
        assert!(
            code.contains(&format!(".request(::reqwest::Method::{verb}, url)")),
            "{verb}\n{code}"
        );
    }
    assert!(!code.contains("self.client.options("), "{code}");
}

/// A response `$ref` to a request body component reads that object as the response: the
/// method answers with the body's type instead of a refusal at the reference.
#[test]
fn a_response_ref_to_a_request_body_reads_it_as_the_response() {
    let code = render_fixture("response_refs.yaml").unwrap();
    let put = method(&code, "put_variable_data");
    assert!(
        put.contains("body: &'a types::PutVariableDataBody"),
        "{put}"
    );
    assert!(
        put.contains("Result<ResponseValue<types::PutVariableDataResponse>"),
        "{put}"
    );
}
