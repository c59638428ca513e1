//! Path parameters in OpenAPI's `simple`, `label` and `matrix` styles (OpenAPI 3.0.3, "Style
//! Examples"), which progenitor 0.15.1 does not write: it formats every path value with
//! `to_string` (which a JSON object or a `Vec` lacks) and refuses the other two styles.
//!
//! For `color` = `"blue"`, `["blue", "black", "brown"]` and `{"R": 100, "G": 200, "B": 150}`:
//!
//! | style  | explode | string        | array                                 | object                |
//! |--------|---------|---------------|---------------------------------------|-----------------------|
//! | simple | false   | `blue`        | `blue,black,brown`                    | `R,100,G,200,B,150`   |
//! | simple | true    | `blue`        | `blue,black,brown`                    | `R=100,G=200,B=150`   |
//! | label  | false   | `.blue`       | `.blue,black,brown`                   | `.R,100,G,200,B,150`  |
//! | label  | true    | `.blue`       | `.blue.black.brown`                   | `.R=100.G=200.B=150`  |
//! | matrix | false   | `;color=blue` | `;color=blue,black,brown`             | `;color=R,100,G,200,B,150` |
//! | matrix | true    | `;color=blue` | `;color=blue;color=black;color=brown` | `;R=100;G=200;B=150`  |
//!
//! The generator rewrites progenitor's `encode_path(&value.to_string())` of each such
//! parameter into one of these functions, which encode the segment themselves: every
//! character of a key or value but RFC 3986's unreserved ones is percent-encoded (RFC 6570's
//! rule), `,`, `=`, `;` and `/` included, so the delimiters stay unambiguous.

use serde::Serialize;

use super::expansion::{uri_encode, Expansion, LABEL, MATRIX, SIMPLE};
use super::shape::Shape;

/// The path segment of an object or array parameter in the `simple` style.
// progenitor's error type, because the generated method's `?` takes it as it is.
#[allow(clippy::result_large_err)]
pub(crate) fn simple_path<E>(
    name: &str,
    value: &impl Serialize,
    explode: bool,
) -> Result<String, progenitor_client::Error<E>> {
    segment(&SIMPLE, name, value, explode)
}

/// The path segment of a parameter in the `label` style.
#[allow(clippy::result_large_err)]
pub(crate) fn label_path<E>(
    name: &str,
    value: &impl Serialize,
    explode: bool,
) -> Result<String, progenitor_client::Error<E>> {
    segment(&LABEL, name, value, explode)
}

/// The path segment of a parameter in the `matrix` style.
#[allow(clippy::result_large_err)]
pub(crate) fn matrix_path<E>(
    name: &str,
    value: &impl Serialize,
    explode: bool,
) -> Result<String, progenitor_client::Error<E>> {
    segment(&MATRIX, name, value, explode)
}

#[allow(clippy::result_large_err)]
fn segment<E>(
    style: &Expansion,
    name: &str,
    value: &impl Serialize,
    explode: bool,
) -> Result<String, progenitor_client::Error<E>> {
    let shape = Shape::of(name, value).map_err(progenitor_client::Error::InvalidRequest)?;
    Ok(style.write(name, &shape, explode, &uri_encode, &uri_encode))
}

/// The generator's `parameter_styles.yaml` fixture (output checked in and kept current by
/// the generator's `tests/passes.rs`).
#[cfg(test)]
#[rustfmt::skip]
#[allow(clippy::all, dead_code, unused_imports)]
#[path = "../../../generator/tests/fixtures/generated/parameter_styles.rs"]
pub(super) mod fixture;

#[cfg(test)]
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn write(style: &Expansion, value: &Value, explode: bool) -> String {
        segment::<()>(style, "color", value, explode).unwrap()
    }

    /// OpenAPI 3.0.3's "Style Examples" table, every path row.
    #[test]
    fn the_openapi_style_examples() {
        let string = json!("blue");
        let array = json!(["blue", "black", "brown"]);
        let object = json!({"R": 100, "G": 200, "B": 150});
        let rows: [(&Expansion, bool, [&str; 3]); 6] = [
            (
                &SIMPLE,
                false,
                ["blue", "blue,black,brown", "R,100,G,200,B,150"],
            ),
            (
                &SIMPLE,
                true,
                ["blue", "blue,black,brown", "R=100,G=200,B=150"],
            ),
            (
                &LABEL,
                false,
                [".blue", ".blue,black,brown", ".R,100,G,200,B,150"],
            ),
            (
                &LABEL,
                true,
                [".blue", ".blue.black.brown", ".R=100.G=200.B=150"],
            ),
            (
                &MATRIX,
                false,
                [
                    ";color=blue",
                    ";color=blue,black,brown",
                    ";color=R,100,G,200,B,150",
                ],
            ),
            (
                &MATRIX,
                true,
                [
                    ";color=blue",
                    ";color=blue;color=black;color=brown",
                    ";R=100;G=200;B=150",
                ],
            ),
        ];
        for (style, explode, [for_string, for_array, for_object]) in rows {
            assert_eq!(write(style, &string, explode), for_string);
            assert_eq!(write(style, &array, explode), for_array);
            assert_eq!(write(style, &object, explode), for_object);
        }
        // The table's "empty" column: an empty string.
        assert_eq!(write(&SIMPLE, &json!(""), false), "");
        assert_eq!(write(&LABEL, &json!(""), false), ".");
        assert_eq!(write(&MATRIX, &json!(""), false), ";color");
    }

    #[test]
    fn members_escape_every_delimiter_and_path_character() {
        let object = json!({"a,b": "x=y", "q": "1/2 3;.5"});
        assert_eq!(
            write(&SIMPLE, &object, false),
            "a%2Cb,x%3Dy,q,1%2F2%203%3B.5"
        );
        assert_eq!(
            write(&MATRIX, &json!(["a;b", "é"]), true),
            ";color=a%3Bb;color=%C3%A9"
        );
        assert_eq!(write(&LABEL, &json!(7), true), ".7");
    }

    /// RFC 6570 §2.3: a list or object of no members is undefined and writes nothing.
    #[test]
    fn empty_arrays_and_objects_write_nothing() {
        for style in [&SIMPLE, &LABEL, &MATRIX] {
            assert_eq!(write(style, &json!([]), false), "");
            assert_eq!(write(style, &json!({}), true), "");
        }
    }

    #[test]
    fn a_value_no_style_can_encode_is_an_invalid_request_naming_the_parameter() {
        let err = matrix_path::<()>("color", &json!({"a": {"b": 1}}), false).unwrap_err();
        assert!(
            matches!(err, progenitor_client::Error::InvalidRequest(_)),
            "{err}"
        );
        assert!(err.to_string().contains("`color`"), "{err}");
    }

    /// What reaches the wire, over loopback: every path style of the fixture.
    #[tokio::test]
    async fn the_generated_operations_send_each_path_style() {
        use super::fixture::{self as api, types};
        use crate::runtime::{self, loopback};

        let server = loopback::answering(wiremock::ResponseTemplate::new(204)).await;
        let (base_url, http) = loopback::connect(&server);
        let client = api::Client::new_with_client(&base_url, http, runtime::Auth::anonymous());
        let colors = types::Colors(vec!["blue".into(), "black".into(), "brown".into()]);
        let rgb = types::Rgb {
            r: 100,
            g: 200,
            b: 150,
        };
        client.label("blue", &colors, &rgb).await.unwrap();
        client.matrix("blue", &colors, &rgb).await.unwrap();
        // One encoding, the runtime's: progenitor's `encode_path` is not applied over it.
        let slashed = types::Colors(vec!["blue".into(), "a/b".into()]);
        client.simple(&slashed, &rgb).await.unwrap();
        let paths = server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .map(|request| request.url.path().to_owned())
            .collect::<Vec<_>>();
        assert_eq!(
            paths,
            [
                "/label/.blue/.blue.black.brown/.R=100.G=200.B=150",
                "/matrix/;color=blue/;colors=blue;colors=black;colors=brown/;rgb=R,100,G,200,B,150",
                "/simple/blue,a%2Fb/R=100,G=200,B=150",
            ]
        );
    }
}
