//! A `oneOf` of `required` lists beside an object's properties: typify makes uninhabited
//! types of it, so the codegen copy leaves it out, recorded with its pointer, and the object
//! is a struct of its properties (`tests/fixtures/required_choices.yaml`, compiled by the
//! corpus test).

use std::path::Path;

use generator::{codegen, spec};

#[test]
fn a_choice_of_required_lists_is_a_skip_and_the_object_a_struct() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/required_choices.yaml");
    let spec = spec::parse(
        Path::new("required_choices.yaml"),
        &std::fs::read_to_string(file).unwrap(),
    )
    .unwrap();
    let rendered = codegen::render(&spec).unwrap();
    let skips = rendered
        .skips
        .iter()
        .map(|skip| skip.pointer.to_string())
        .collect::<Vec<_>>();
    assert_eq!(skips, ["#/components/schemas/NewDoc/oneOf"]);
    let code = &rendered.code;
    for kept in [
        "pub struct NewDoc {",
        "pub category_slug: ::std::option::Option<::std::string::String>,",
        "pub extra: ::serde_json::Map<",
    ] {
        assert!(code.contains(kept), "{kept} not in\n{code}");
    }
    assert!(!code.contains("pub enum NewDoc"), "{code}");
}
