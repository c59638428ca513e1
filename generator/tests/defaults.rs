//! Schema defaults: typify checks each against the Rust type it makes of the schema and fails
//! the whole generation on one it refuses. The codegen copy leaves those out, each recorded
//! with its pointer (printed by `generate`, written in the header), and keeps every other as
//! a serde default (`tests/fixtures/defaults.yaml`, compiled by the corpus test).

use std::path::Path;

use generator::header::Header;
use generator::{codegen, spec};

fn refused(why: &str) -> String {
    format!("schema `default` typify cannot take ({why}): left out of the generated code")
}

#[test]
fn defaults_typify_refuses_are_skips_at_their_pointer() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/defaults.yaml");
    let spec = spec::parse(
        Path::new("defaults.yaml"),
        &std::fs::read_to_string(file).unwrap(),
    )
    .unwrap();
    let rendered = codegen::render(&spec).unwrap();
    let skips = rendered
        .skips
        .iter()
        .map(|skip| (skip.pointer.to_string(), skip.what.clone()))
        .collect::<Vec<_>>();
    let at = |property: &str| format!("#/components/schemas/ImageRequest/properties/{property}");
    let overlapping = "not an object, on an `anyOf` of overlapping schemas, which typify makes \
                       a struct of optional parts";
    assert_eq!(
        skips,
        [
            (at("model/default"), refused(overlapping)),
            (
                at("format/default"),
                refused("not one of the `enum` values")
            ),
            (at("count/default"), refused("outside the integer's bounds")),
            (
                at("modalities/items/default"),
                refused("not one of the `enum` values")
            ),
            (at("voice/default"), refused(overlapping)),
            (
                "#/components/schemas/Include/default".to_owned(),
                refused("not one of the `enum` values")
            ),
            (
                "#/components/schemas/Rule/allOf/1/properties/conditions/default".to_owned(),
                refused("not a string")
            ),
        ]
    );
    // The header says it, a line per kind; the published spec keeps its defaults.
    let header = Header::parse(&rendered.code).unwrap();
    assert_eq!(header.skipped, spec::skip_lines(&rendered.skips));
    assert!(
        spec.json
            .pointer("/components/schemas/ImageRequest/properties/model/default")
            .is_some(),
        "the published spec changed"
    );

    let code = &rendered.code;
    for kept in [
        // A string enum's value, a bounded integer, a boolean, a number, an array of enums.
        "#[serde(default = \"defaults::image_request_size\")]",
        "super::ImageRequestSize::Large",
        "#[serde(default = \"defaults::default_nzu64::<::std::num::NonZeroU64, 2>\")]",
        "#[serde(default = \"defaults::default_bool::<true>\")]",
        "0.5_f64",
        "super::ImageRequestModalitiesItem::Audio",
        // An object that fits its struct becomes the struct's `Default`.
        "unit: ImageRequestCropUnit::Percent",
        // The query parameter's enum.
        "impl ::std::default::Default for CreateImageQuality",
    ] {
        assert!(code.contains(kept), "{kept} not in\n{code}");
    }
    // What is left out leaves an optional field, without a serde default.
    for left_out in [
        "pub model: ::std::option::Option<ImageRequestModel>,",
        "pub format: ::std::option::Option<ImageRequestFormat>,",
        "pub count: ::std::option::Option<::std::num::NonZeroU64>,",
    ] {
        assert!(code.contains(left_out), "{left_out} not in\n{code}");
    }
    assert!(
        !code.contains("impl ::std::default::Default for Include"),
        "{code}"
    );
}
