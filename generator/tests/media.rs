//! Request media types beyond progenitor's one per operation (`codegen::media`): the
//! outputs of `request_media.yaml`, `multipart_composed.yaml` and `xml_bodies.yaml` are
//! checked in under `tests/fixtures/generated/` so the client crate compiles them and sends
//! each body to a loopback server (`src/runtime/multipart.rs` and `src/runtime/xml.rs`,
//! features `multipart` and `xml`); this test keeps them current and reads their shape.

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

/// Compares the checked-in output of `fixture` (`request_media`) with a fresh rendering;
/// `BLESS=1` rewrites it.
fn current(fixture: &str) -> syn::File {
    let rendered = render(&format!("{fixture}.yaml")).unwrap();
    let path = tests_dir().join(format!("fixtures/generated/{fixture}.rs"));
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
    let file = current("request_media");
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
    let file = current("request_media");
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
    let file = current("request_media");
    let xml = method_source(&file, "create_pet_xml");
    assert!(
        xml.contains(
            r#"from_static("application/xml"),).body(crate::runtime::xml_body(&xml::PET,&body)"#
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
    let file = current("request_media");
    let sigs = methods(&file)
        .into_iter()
        .collect::<std::collections::BTreeMap<_, _>>();
    assert!(
        sigs["get_blob"].contains("ResponseValue<ByteStream>"),
        "{}",
        sigs["get_blob"]
    );
}

fn multipart_items(file: &syn::File) -> &[syn::Item] {
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == "multipart" => module.content.as_ref(),
            _ => None,
        })
        .map(|(_, items)| items.as_slice())
        .expect("module multipart")
}

/// The fields of the parts struct `name` as `field: Type` (fields of a tuple variant for an
/// enum: `Variant: Type`), without spaces in the type.
fn parts_fields(file: &syn::File, name: &str) -> Vec<String> {
    let field_list = |fields: &syn::Fields| {
        fields
            .iter()
            .map(|field| {
                let ty = &field.ty;
                // prettyplease breaks long generics with a trailing comma.
                let ty = quote::quote!(#ty)
                    .to_string()
                    .replace(' ', "")
                    .replace(",>", ">");
                match &field.ident {
                    Some(ident) => format!("{ident}: {ty}"),
                    None => ty,
                }
            })
            .collect::<Vec<_>>()
    };
    multipart_items(file)
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(item) if item.ident == name => Some(field_list(&item.fields)),
            syn::Item::Enum(item) if item.ident == name => Some(
                item.variants
                    .iter()
                    .map(|variant| {
                        format!(
                            "{}: {}",
                            variant.ident,
                            field_list(&variant.fields).join(", ")
                        )
                    })
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no multipart type {name}"))
}

#[test]
fn multipart_parts_are_typed_files_and_text() {
    let file = current("request_media");
    assert_eq!(
        parts_fields(&file, "UploadPhotoParts"),
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

/// What `fixture` with `from` replaced by `to` (which must occur once) generates, as
/// `media.yaml`.
fn changed(fixture: &str, from: &str, to: &str) -> Result<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(tests_dir().join("fixtures").join(fixture)).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from}");
    std::fs::write(dir.path().join("media.yaml"), text.replace(from, to)).unwrap();
    let spec = spec::load(dir.path(), Path::new("media.yaml")).unwrap();
    codegen::render(&spec)
        .map(|rendered| rendered.code)
        .map_err(|err| err.to_string())
}

/// The refusal of `fixture` with `from` replaced by `to`.
fn refusal(fixture: &str, from: &str, to: &str) -> String {
    changed(fixture, from, to).unwrap_err()
}

#[test]
fn a_multipart_schema_member_that_is_not_an_object_is_refused_where_it_is() {
    let err = refusal(
        "request_media.yaml",
        "            schema:\n              type: object\n              required: [caption, photo]",
        "            schema:\n              oneOf: [{type: object, properties: {a: {type: string}}}, {type: string}]\n              x-was: [caption, photo]",
    );
    assert!(
        err.starts_with(
            "media.yaml#/paths/~1pets~1{id}~1photo/post/requestBody/content/multipart~1form-data/schema/oneOf/1: unsupported construct: a multipart schema (or a member of its allOf, anyOf or oneOf) that is not an object with properties"
        ),
        "{err}"
    );
}

/// A multipart body whose schema names no parts (an array, a binary string, no schema, an
/// object without properties) or whose `encoding` gives a part headers: the method takes
/// the caller's `reqwest::multipart::Form`, no parts type is emitted, and the form goes
/// out as it is (`src/runtime/multipart.rs` sends each over loopback).
#[test]
fn a_multipart_body_naming_no_parts_takes_the_callers_form() {
    let file = current("multipart_caller_form");
    let signatures = methods(&file)
        .into_iter()
        .map(|(_, signature)| signature)
        .collect::<Vec<_>>();
    for expected in [
        "asyncfnset_columns<'a>(&'aself,id:i64,body:::reqwest::multipart::Form,)",
        "asyncfnadd_attachment<'a>(&'aself,body:::reqwest::multipart::Form,)",
        "asyncfnupload_documents<'a>(&'aself,body:::reqwest::multipart::Form,)",
        "asyncfnadd_note<'a>(&'aself,body:::reqwest::multipart::Form,)",
    ] {
        assert!(
            signatures
                .iter()
                .any(|signature| signature.starts_with(expected)),
            "{expected} not in {signatures:#?}"
        );
    }
    assert!(
        method_source(&file, "set_columns").contains(".multipart(body)"),
        "{}",
        method_source(&file, "set_columns")
    );
    let has_parts_module = file
        .items
        .iter()
        .any(|item| matches!(item, syn::Item::Mod(module) if module.ident == "multipart"));
    assert!(!has_parts_module);
    // An object without properties is one too.
    let emptied = changed(
        "multipart_composed.yaml",
        "              required: [kind]\n              properties:\n                kind:\n                  type: string\n              additionalProperties:\n                type: string\n",
        "",
    )
    .unwrap();
    assert!(
        emptied.contains("body: ::reqwest::multipart::Form"),
        "{emptied}"
    );
}

#[test]
fn all_of_members_are_one_set_of_parts_required_where_any_member_requires() {
    let file = current("multipart_composed");
    // Person's properties, then Profile's own, then the body's inline member's; `age` is
    // required by Profile's second member, `name` declared twice alike.
    assert_eq!(
        parts_fields(&file, "UpdateProfileParts"),
        [
            "name: ::std::string::String",
            "age: i32",
            "address: ::std::option::Option<types::Address>",
            "links: ::std::option::Option<::std::vec::Vec<types::Link>>",
            "avatar: crate::runtime::FilePart",
        ]
    );
}

#[test]
fn any_of_and_one_of_members_are_each_their_own_parts_struct() {
    let file = current("multipart_composed");
    assert_eq!(
        parts_fields(&file, "CreateInviteParts"),
        [
            "GroupInvite: CreateInviteGroupInviteParts",
            "GuildInvite: CreateInviteGuildInviteParts",
        ]
    );
    // The allOf's inline member is in both; `audience`, declared differently by the two
    // members, is a type of its own in each.
    assert_eq!(
        parts_fields(&file, "CreateInviteGroupInviteParts"),
        [
            "max_age: ::std::option::Option<i64>",
            "audience: ::std::option::Option<types::CreateInviteGroupInvitePartAudience>",
            "target_users_file: ::std::option::Option<crate::runtime::FilePart>",
        ]
    );
    assert_eq!(
        parts_fields(&file, "CreateInviteGuildInviteParts"),
        [
            "max_age: ::std::option::Option<i64>",
            "max_uses: i32",
            "audience: ::std::option::Option<types::CreateInviteGuildInvitePartAudience>",
            "temporary: ::std::option::Option<bool>",
            "role_ids: ::std::option::Option<types::CreateInvitePartRoleIds>",
            "target_users_file: ::std::option::Option<crate::runtime::FilePart>",
        ]
    );
    // Inline members are named by their titles; a property only one declares is lifted
    // under the operation's name.
    assert_eq!(
        parts_fields(&file, "FileReportParts"),
        [
            "ByFile: FileReportByFileParts",
            "ByLink: FileReportByLinkParts"
        ]
    );
    assert_eq!(
        parts_fields(&file, "FileReportByLinkParts"),
        [
            "url: ::std::string::String",
            "severity: ::std::option::Option<types::Severity>",
            "evidence: ::std::option::Option<::std::vec::Vec<types::FileReportPartEvidenceItem>>",
        ]
    );
    let sigs = methods(&file)
        .into_iter()
        .collect::<std::collections::BTreeMap<_, _>>();
    assert!(
        sigs["create_invite"].contains("body:&'amultipart::CreateInviteParts"),
        "{}",
        sigs["create_invite"]
    );
}

#[test]
fn additional_properties_are_parts_named_by_the_caller() {
    let file = current("multipart_composed");
    assert_eq!(
        parts_fields(&file, "SetLabelsParts"),
        [
            "kind: ::std::string::String",
            "extra: ::std::collections::BTreeMap<::std::string::String,::std::string::String>",
        ]
    );
}

#[test]
fn an_all_of_property_declared_twice_differently_is_refused_where_the_second_is() {
    let err = refusal(
        "multipart_composed.yaml",
        "                    name:\n                      type: string\n",
        "                    name:\n                      type: integer\n",
    );
    assert!(
        err.starts_with(
            "media.yaml#/paths/~1profiles~1{id}/put/requestBody/content/multipart~1form-data/schema/allOf/1/properties/name: unsupported construct: a multipart property `name` that allOf members declare with different schemas (here and at #/components/schemas/Person/properties/name)"
        ),
        "{err}"
    );
}

#[test]
fn a_required_property_no_member_declares_is_refused() {
    let err = refusal(
        "multipart_composed.yaml",
        "                  required: [avatar]",
        "                  required: [avatar, banner]",
    );
    assert!(
        err.starts_with(
            "media.yaml#/paths/~1profiles~1{id}/put/requestBody/content/multipart~1form-data/schema: unsupported construct: a multipart schema that requires the property `banner` and declares no schema for it"
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

/// The items of the generated module `xml` as source without spaces (nor the trailing
/// commas prettyplease adds where it breaks lines).
fn xml_layout(file: &syn::File) -> String {
    let module = file
        .items
        .iter()
        .find(|item| matches!(item, syn::Item::Mod(module) if module.ident == "xml"))
        .expect("module xml");
    quote::quote!(#module)
        .to_string()
        .replace(' ', "")
        .replace(",)", ")")
        .replace(",]", "]")
}

#[test]
fn an_xml_body_is_sent_as_its_component_s_layout() {
    let file = current("xml_bodies");
    let sigs = methods(&file)
        .into_iter()
        .collect::<std::collections::BTreeMap<_, _>>();
    assert!(sigs["add_book"].contains("body:&'atypes::Book"));
    let add_book = method_source(&file, "add_book");
    assert!(
        add_book.contains("crate::runtime::xml_body(&xml::BOOK,&body)"),
        "{add_book}"
    );
    let layout = xml_layout(&file);
    // The root named by the component's xml.name; a `$ref` to a component is its shared
    // fields, named by the referenced schema's xml.name, also when it leads back to itself.
    for expected in [
        r#"pub(super)staticBOOK:Node=Node::Object(Name::new("book").namespace("http://example.com/library"),&BOOK_FIELDS);"#,
        r#"Field::element("sequel",Node::Object(Name::new("book").namespace("http://example.com/library"),&BOOK_FIELDS))"#,
        r#"Field::element("authors",Node::Wrapped(Name::new("authors"),&Node::Object(Name::new("author"),&AUTHOR_FIELDS)))"#,
        r#"Field::attribute("edition",Name::new("ed"))"#,
        r#"Field::element("tags",Node::Repeated(&Node::Text(Name::new("tag"))))"#,
    ] {
        assert!(layout.contains(expected), "{expected} in {layout}");
    }
}

#[test]
fn an_xml_body_the_xml_object_gives_no_layout_is_a_recorded_skip_sent_as_bytes() {
    let file = current("xml_bodies");
    let sigs = methods(&file)
        .into_iter()
        .collect::<std::collections::BTreeMap<_, _>>();
    // The JSON method keeps the type; the XML one takes the caller's bytes.
    assert!(sigs["add_note"].contains("body:&'atypes::Note"));
    assert!(sigs["add_note_xml"].contains("B:Into<reqwest::Body>"));
    let header = render("xml_bodies.yaml").unwrap();
    assert!(
        header.contains(
            "// skipped: a typed XML request body: its schema reaches anyOf, oneOf or not, to which the XML object gives no layout; the method takes the body's bytes (at #/components/schemas/Note/properties/text/anyOf)\n"
        ),
        "{}",
        &header[..600]
    );
    assert!(!xml_layout(&file).contains("NOTE"));

    let free_form = changed(
        "xml_bodies.yaml",
        "      xml:\n        name: publishedBy\n",
        "      additionalProperties: true\n",
    )
    .unwrap();
    assert!(
        free_form.contains("its schema reaches a free-form object or array (additionalProperties, no properties, no items); the method takes the body's bytes (at #/components/schemas/Publisher/additionalProperties)"),
        "{}",
        &free_form[..900]
    );
    // The other bodies keep their layout; nothing of the skipped one is left.
    let file = syn::parse_file(&free_form).unwrap();
    let layout = xml_layout(&file);
    assert!(layout.contains("PERSON_FIELDS") && !layout.contains("BOOK"));

    let unwrapped_root = changed(
        "xml_bodies.yaml",
        "    NoXmlElementArray:\n      type: object\n      properties:\n        animals:\n          type: array\n          items:\n            type: string\n",
        "    NoXmlElementArray:\n      type: array\n      items:\n        type: string\n",
    )
    .unwrap();
    assert!(
        unwrapped_root.contains("an array without xml.wrapped as the root (its items would be several root elements); the method takes the body's bytes (at #/components/schemas/NoXmlElementArray)"),
        "{}",
        &unwrapped_root[..900]
    );
}

#[test]
fn an_attribute_that_is_not_a_scalar_is_refused_where_it_is_declared() {
    let err = refusal(
        "xml_bodies.yaml",
        "        tags:\n          type: array\n",
        "        tags:\n          type: array\n          xml:\n            attribute: true\n",
    );
    assert!(
        err.starts_with("media.yaml#/components/schemas/Book/properties/tags/xml/attribute: unsupported construct: xml.attribute on the property `tags`, which is not a scalar: an attribute holds text only"),
        "{err}"
    );
    let err = refusal(
        "xml_bodies.yaml",
        "    Person:\n      type: object\n",
        "    Person:\n      type: object\n      xml:\n        attribute: true\n",
    );
    assert!(
        err.starts_with("media.yaml#/components/schemas/Person/xml/attribute: unsupported construct: xml.attribute on a schema written as an element here"),
        "{err}"
    );
}

#[test]
fn a_namespaced_attribute_needs_a_prefix() {
    let err = refusal(
        "xml_bodies.yaml",
        "            attribute: true\n            prefix: geo\n",
        "            attribute: true\n",
    );
    assert!(
        err.starts_with("media.yaml#/components/schemas/Publisher/properties/country/xml/namespace: unsupported construct: xml.namespace on the attribute `country` without xml.prefix"),
        "{err}"
    );
}

#[test]
fn a_prefix_no_enclosing_element_declares_is_refused() {
    let err = refusal(
        "xml_bodies.yaml",
        "            prefix: dc\n            namespace: http://purl.org/dc/elements/1.1/\n            wrapped: true\n",
        "            prefix: dc\n            wrapped: true\n",
    );
    assert!(
        err.starts_with("media.yaml#/components/schemas/Book/properties/subjects/xml/prefix: unsupported construct: an xml.prefix `dc` without xml.namespace that no enclosing element declares"),
        "{err}"
    );
}

#[test]
fn an_xml_object_field_of_the_wrong_type_is_refused() {
    let err = refusal(
        "xml_bodies.yaml",
        "        name: publishedBy\n",
        "        name: [publishedBy]\n",
    );
    assert!(
        err.starts_with("media.yaml#/components/schemas/Publisher/xml/name: unsupported construct: xml.name that is not a string"),
        "{err}"
    );
}
