//! Request media types beyond progenitor's one per operation (`codegen::media`): the
//! `request_media.yaml` output is checked in under `tests/fixtures/generated/` so the client
//! crate compiles it and sends each body to a loopback server (`src/runtime/multipart.rs`,
//! feature `multipart`); this test keeps it current and reads its shape.

use std::path::{Path, PathBuf};

use generator::{codegen, spec};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn render(fixture: &str) -> Result<String, String> {
    let spec = spec::load(&tests_dir(), &Path::new("fixtures").join(fixture)).unwrap();
    codegen::render(&spec)
        .map(|rendered| rendered.code)
        .map_err(|err| err.to_string())
}

/// Compares the checked-in output with a fresh rendering; `BLESS=1` rewrites it.
fn current() -> syn::File {
    let rendered = render("request_media.yaml").unwrap();
    let path = tests_dir().join("fixtures/generated/request_media.rs");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &rendered).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == rendered,
        "{} is stale: run `BLESS=1 cargo test -p generator --test media` and review the diff",
        path.display()
    );
    syn::parse_file(&rendered).unwrap()
}

/// The client's methods by name, as `name(arguments) -> output` without spaces.
fn methods(file: &syn::File) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for item in &file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        if !matches!(&*block.self_ty, syn::Type::Path(ty) if ty.path.is_ident("Client")) {
            continue;
        }
        for member in &block.items {
            if let syn::ImplItem::Fn(method) = member {
                let sig = &method.sig;
                let text = quote::quote!(#sig).to_string().replace(' ', "");
                found.push((sig.ident.to_string(), text));
            }
        }
    }
    found
}

fn method_source(file: &syn::File, name: &str) -> String {
    for item in &file.items {
        if let syn::Item::Impl(block) = item {
            for member in &block.items {
                if let syn::ImplItem::Fn(method) = member {
                    if method.sig.ident == name {
                        return quote::quote!(#method).to_string().replace(' ', "");
                    }
                }
            }
        }
    }
    panic!("no method {name}")
}

#[test]
fn each_declared_media_type_gets_its_own_method_named_after_it() {
    let file = current();
    let names = methods(&file)
        .into_iter()
        .map(|(name, _)| name)
        .collect::<Vec<_>>();
    for expected in [
        "create_pet",
        "create_pet_form",
        "create_pet_xml",
        "render_markdown",
        "render_markdown_markdown",
        "upload_photo",
        "put_blob",
        "patch_pet",
    ] {
        assert!(
            names.contains(&expected.to_owned()),
            "{expected} in {names:?}"
        );
    }
    // JSON keeps the operation's own name; form and XML of a component are typed, XML of an
    // inline schema is the caller's bytes.
    let sigs = methods(&file)
        .into_iter()
        .collect::<std::collections::BTreeMap<_, _>>();
    assert!(
        sigs["create_pet"].contains("body:&'atypes::Pet"),
        "{}",
        sigs["create_pet"]
    );
    assert!(sigs["create_pet_form"].contains("body:&'atypes::Pet"));
    assert!(sigs["create_pet_xml"].contains("body:&'atypes::Pet"));
    assert!(
        sigs["put_card"].contains("B:Into<reqwest::Body>"),
        "{}",
        sigs["put_card"]
    );
    assert!(sigs["upload_photo"].contains("body:&'amultipart::UploadPhotoParts"));
}

#[test]
fn copies_share_the_url_and_typed_responses_of_their_operation() {
    let file = current();
    for name in ["create_pet", "create_pet_form", "create_pet_xml"] {
        let source = method_source(&file, name);
        assert!(
            source.contains(r#"format!("{}/pets",self.baseurl,)"#),
            "{source}"
        );
        assert!(source.contains("crate::runtime::Auth::apply"), "{name}");
        assert!(
            source.contains("Error<responses::ApiError>"),
            "{name}: {source}"
        );
        assert!(
            source.contains("identity::<types::Problem>"),
            "{name}: {source}"
        );
    }
}

#[test]
fn raw_bodies_carry_their_declared_content_type() {
    let file = current();
    let xml = method_source(&file, "create_pet_xml");
    assert!(
        xml.contains(
            r#"from_static("application/xml"),).body(crate::runtime::xml_body("Pet",&body)"#
        ),
        "{xml}"
    );
    let card = method_source(&file, "put_card");
    assert!(card.contains(r#"from_static("text/xml")"#), "{card}");
    let markdown = method_source(&file, "render_markdown_markdown");
    assert!(
        markdown.contains(r#"from_static("text/x-markdown")"#),
        "{markdown}"
    );
    // `*/*` names no media type to send: the bytes go as an octet stream.
    let any = method_source(&file, "put_blob");
    assert!(
        any.contains(r#"from_static("application/octet-stream")"#),
        "{any}"
    );
    let patch = method_source(&file, "patch_pet");
    assert!(
        patch.contains(r#"from_static("application/merge-patch+json",),).json(&body)"#),
        "{patch}"
    );
}

#[test]
fn a_byte_stream_response_stays_a_stream() {
    let file = current();
    let sigs = methods(&file)
        .into_iter()
        .collect::<std::collections::BTreeMap<_, _>>();
    assert!(
        sigs["get_blob"].contains("ResponseValue<ByteStream>"),
        "{}",
        sigs["get_blob"]
    );
}

#[test]
fn multipart_parts_are_typed_files_and_text() {
    let file = current();
    let module = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == "multipart" => module.content.as_ref(),
            _ => None,
        })
        .expect("module multipart");
    let parts = module
        .1
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(item) if item.ident == "UploadPhotoParts" => Some(item),
            _ => None,
        })
        .expect("UploadPhotoParts");
    let fields = parts
        .fields
        .iter()
        .map(|field| {
            let ty = &field.ty;
            format!(
                "{}: {}",
                field.ident.as_ref().unwrap(),
                quote::quote!(#ty).to_string().replace(' ', "")
            )
        })
        .collect::<Vec<_>>();
    assert_eq!(
        fields,
        [
            "caption: ::std::string::String",
            "photo: crate::runtime::FilePart",
            "thumbnails: ::std::option::Option<::std::vec::Vec<crate::runtime::FilePart>>",
            "tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>",
            "rank: ::std::option::Option<i32>",
            "kind: ::std::option::Option<types::UploadPhotoPartKind>",
            "owner: ::std::option::Option<types::Pet>",
        ]
    );
}

#[test]
fn a_multipart_schema_without_properties_is_refused_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let spec = std::fs::read_to_string(tests_dir().join("fixtures/request_media.yaml"))
        .unwrap()
        .replace(
            "            schema:\n              type: object\n              required: [caption, photo]",
            "            schema:\n              oneOf: [{type: object}, {type: string}]\n              x-was: [caption, photo]",
        );
    std::fs::write(dir.path().join("media.yaml"), spec).unwrap();
    let spec = spec::load(dir.path(), Path::new("media.yaml")).unwrap();
    let err = codegen::render(&spec).unwrap_err().to_string();
    assert!(
        err.starts_with(
            "media.yaml#/paths/~1pets~1{id}~1photo/post/requestBody/content/multipart~1form-data/schema: unsupported construct: a multipart/form-data schema that is not one object"
        ),
        "{err}"
    );
}

#[test]
fn a_copy_whose_name_is_taken_is_refused_where_its_media_type_is() {
    let dir = tempfile::tempdir().unwrap();
    let spec = std::fs::read_to_string(tests_dir().join("fixtures/request_media.yaml"))
        .unwrap()
        .replace("operationId: patchPet", "operationId: createPetXml");
    std::fs::write(dir.path().join("media.yaml"), spec).unwrap();
    let spec = spec::load(dir.path(), Path::new("media.yaml")).unwrap();
    let err = codegen::render(&spec).unwrap_err().to_string();
    assert!(
        err.starts_with(
            "media.yaml#/paths/~1pets/post/requestBody/content/application~1xml: unsupported construct: a method `create_pet_xml`"
        ),
        "{err}"
    );
}
