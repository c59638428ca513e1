//! `enum` values: typify checks each against the type of its schema and fails the whole
//! generation on one of another type. The codegen copy leaves those out, and repeats, each
//! recorded with its pointer (printed by `generate`, written in the header); an untyped
//! nullable enum gets the type its values share, a typed one listing `null` is nullable (`tests/fixtures/enum_values.yaml`, compiled
//! by the corpus test).

use std::path::Path;

use generator::header::Header;
use generator::{codegen, spec};

fn rendered() -> (spec::Spec, codegen::Rendered) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/enum_values.yaml");
    let spec = spec::parse(
        Path::new("enum_values.yaml"),
        &std::fs::read_to_string(file).unwrap(),
    )
    .unwrap();
    let rendered = codegen::render(&spec).unwrap();
    (spec, rendered)
}

fn left_out(why: &str) -> String {
    format!("`enum` value typify cannot take ({why}): left out of the generated code")
}

#[test]
fn enum_values_of_another_type_and_repeats_are_skips_at_their_pointer() {
    let (spec, rendered) = rendered();
    let skips = rendered
        .skips
        .iter()
        .map(|skip| (skip.pointer.to_string(), skip.what.clone()))
        .collect::<Vec<_>>();
    let at = |rest: &str| format!("#/components/schemas/Rating/properties/{rest}");
    let not = |type_name: &str| left_out(&format!("not of the schema's `type: {type_name}`"));
    assert_eq!(
        skips,
        [
            (at("stars/enum/0"), not("number")),
            (at("level/enum/1"), not("integer")),
            (
                at("status/enum/1"),
                left_out("a repeat of an earlier value")
            ),
            (
                at("status/enum/3"),
                left_out("a repeat of an earlier value")
            ),
            (at("version/enum/0"), not("string")),
            (at("version/enum/1"), not("string")),
            (
                at("first_version/enum"),
                "`enum` of which no value is of the schema's `type: string`, which typify \
                 cannot take: left out of the generated code (the type stays)"
                    .to_owned()
            ),
        ]
    );
    let header = Header::parse(&rendered.code).unwrap();
    assert_eq!(header.skipped, spec::skip_lines(&rendered.skips));
    assert!(
        spec.json
            .pointer("/components/schemas/Rating/properties/stars/enum/3")
            .is_some(),
        "the published spec changed"
    );
}

#[test]
fn what_remains_stays_typed() {
    let (_, rendered) = rendered();
    let code = &rendered.code;
    for kept in [
        // A number enum and an integer enum: newtypes checking the remaining values.
        "pub struct RatingStars(f64);",
        "[1.0_f64, 2.0_f64, 3.0_f64]",
        "pub struct RatingLevel(i64);",
        "[1_i64, 3_i64]",
        // The string enums, each value once; the untyped one typed by its values.
        "pub enum RatingStatus {",
        "pub enum RatingVersion {",
        "#[serde(rename = \"3_lite\")]",
        "pub enum RatingPkce {",
        "#[serde(rename = \"force\")]",
        // An enum listing null: an `Option` of the enum, each its own name.
        "pub struct Frequency(pub ::std::option::Option<FrequencyInner>);",
        "pub enum FrequencyInner {",
        // No value of its type left: the nullable string.
        "pub first_version: ::std::option::Option<::std::string::String>,",
    ] {
        assert!(code.contains(kept), "{kept} not in\n{code}");
    }
    let status = code
        .split("pub enum RatingStatus {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .unwrap();
    assert_eq!(
        status.matches("#[serde(rename = \"open\")]").count(),
        1,
        "{status}"
    );
}
