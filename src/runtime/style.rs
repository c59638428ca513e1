//! Object- and array-typed path and header parameters in OpenAPI's `simple` style, which
//! progenitor 0.15.1 formats with `to_string` (a JSON object or a `Vec` has none).
//!
//! `simple` is the only style OpenAPI allows for headers and the default for path
//! parameters. An object `{"role": "admin", "firstName": "Alex"}` is written
//! `role,admin,firstName,Alex`, or `role=admin,firstName=Alex` with `explode: true`; an
//! array `["blue", "black"]` is `blue,black` either way (OpenAPI 3.0.3, "Style Examples").
//! The generator rewrites each such parameter's `to_string()` into [`simple_path`] or
//! [`simple_header`].
//!
//! Members keep the order of the Rust struct's fields (or the map's, or the array's); absent
//! (`null`) object members are left out, as `deepObject` queries do. A null array item is
//! refused, since leaving it out would shift the items after it; so is a nested object or
//! array, rather than JSON-encoded: the style defines no encoding for it, and a server would
//! read a JSON text's commas as more members.

use serde::Serialize;
use serde_json::Value;

/// The path segment of an object or array parameter: each key and value percent-encoded, `,` and
/// `=` included (RFC 6570's simple expansion, which OpenAPI's style follows), so that the
/// delimiters between them stay unambiguous.
// progenitor's error type, because the generated method's `?` takes it as it is.
#[allow(clippy::result_large_err)]
pub(crate) fn simple_path<E>(
    name: &str,
    value: &impl Serialize,
    explode: bool,
) -> Result<String, progenitor_client::Error<E>> {
    let escape = |_member: &str, text: &str| {
        progenitor_client::encode_path(text)
            .replace(',', "%2C")
            .replace('=', "%3D")
    };
    simple(name, value, explode, escape).map_err(progenitor_client::Error::InvalidRequest)
}

/// The header value of an object or array parameter. A header has no escape for the
/// delimiters, so a key or value containing `,` (or `=` when exploded) is refused instead of
/// sent as different members.
// progenitor's error type, because the generated method's `?` takes it as it is.
#[allow(clippy::result_large_err)]
pub(crate) fn simple_header<E>(
    name: &str,
    value: &impl Serialize,
    explode: bool,
) -> Result<String, progenitor_client::Error<E>> {
    let mut ambiguous = None;
    let text = simple(name, value, explode, |member: &str, text: &str| {
        if text.contains(',') || (explode && text.contains('=')) {
            ambiguous.get_or_insert_with(|| member.to_owned());
        }
        text.to_owned()
    })
    .map_err(progenitor_client::Error::InvalidRequest)?;
    match ambiguous {
        None => Ok(text),
        Some(member) => Err(progenitor_client::Error::InvalidRequest(format!(
            "header parameter `{name}`: member `{member}` holds a delimiter of the simple style \
             (its value is not shown: a header may carry a credential)"
        ))),
    }
}

/// `value` as the simple style writes it: an object `key,value,…` (exploded `key=value,…`),
/// an array `item,…`; each key and scalar passed through `escape` with the name of its member
/// (its key, or `item <index>`).
fn simple(
    name: &str,
    value: &impl Serialize,
    explode: bool,
    mut escape: impl FnMut(&str, &str) -> String,
) -> Result<String, String> {
    let value = serde_json::to_value(value).map_err(|err| format!("parameter `{name}`: {err}"))?;
    let mut parts = Vec::new();
    match &value {
        Value::Object(members) => {
            for (key, member) in members {
                if let Some(text) = scalar(name, key, member)? {
                    let (key, text) = (escape(key, key), escape(key, &text));
                    parts.push(match explode {
                        true => format!("{key}={text}"),
                        false => format!("{key},{text}"),
                    });
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let member = format!("item {index}");
                let text = scalar(name, &member, item)?.ok_or_else(|| {
                    format!(
                        "parameter `{name}`: member `{member}` is null, which the simple style \
                         cannot encode"
                    )
                })?;
                parts.push(escape(&member, &text));
            }
        }
        _ => {
            return Err(format!(
                "parameter `{name}`: the simple style of an object or array parameter needs an \
                 object or an array"
            ))
        }
    }
    Ok(parts.join(","))
}

/// The text of a member, `None` when it is absent (`null`); a nested one is refused.
fn scalar(name: &str, member: &str, value: &Value) -> Result<Option<String>, String> {
    Ok(Some(match value {
        Value::Null => return Ok(None),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.clone(),
        Value::Array(_) | Value::Object(_) => {
            return Err(format!(
            "parameter `{name}`: member `{member}` is nested, which the simple style cannot encode"
        ))
        }
    }))
}

/// The generator's `simple_style.yaml` fixture (output checked in and kept current by the
/// generator's `tests/passes.rs`): an object path parameter, an exploded object header and an
/// array header.
#[cfg(test)]
#[rustfmt::skip]
#[allow(clippy::all, dead_code, unused_imports)]
#[path = "../../generator/tests/fixtures/generated/simple_style.rs"]
mod fixture;

#[cfg(test)]
// The functions return progenitor's error type, whatever its size.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use serde_json::json;

    type Error = progenitor_client::Error<()>;

    fn path(value: &Value, explode: bool) -> Result<String, Error> {
        simple_path("id", value, explode)
    }

    fn header(value: &Value, explode: bool) -> Result<String, Error> {
        simple_header("X-Id", value, explode)
    }

    /// OpenAPI 3.0.3's "Style Examples" row for `simple` and the object
    /// `{"role": "admin", "firstName": "Alex"}`.
    #[test]
    fn the_openapi_examples() {
        let object = json!({"role": "admin", "firstName": "Alex"});
        assert_eq!(path(&object, false).unwrap(), "role,admin,firstName,Alex");
        assert_eq!(path(&object, true).unwrap(), "role=admin,firstName=Alex");
        assert_eq!(header(&object, false).unwrap(), "role,admin,firstName,Alex");
        assert_eq!(header(&object, true).unwrap(), "role=admin,firstName=Alex");
    }

    #[test]
    fn scalars_are_their_text_in_field_order_and_absent_members_are_left_out() {
        #[derive(serde::Serialize)]
        struct Selector {
            size: u32,
            active: bool,
            colour: Option<String>,
            price: f64,
        }
        let selector = Selector {
            size: 3,
            active: true,
            colour: None,
            price: 2.5,
        };
        assert_eq!(
            simple_path::<()>("id", &selector, true).unwrap(),
            "size=3,active=true,price=2.5"
        );
        assert_eq!(path(&json!({}), false).unwrap(), "");
    }

    #[test]
    fn path_members_escape_the_delimiters_and_path_characters() {
        let object = json!({"a,b": "x=y", "q": "1/2 3"});
        assert_eq!(path(&object, false).unwrap(), "a%2Cb,x%3Dy,q,1%2F2%203");
    }

    #[test]
    fn a_header_member_with_a_delimiter_is_refused() {
        let err = header(&json!({"tags": "a,b"}), false).unwrap_err();
        assert!(err.to_string().contains("`X-Id`"), "{err}");
        assert!(err.to_string().contains("member `tags`"), "{err}");
        // The value itself never shows: a header may carry a credential.
        assert!(!err.to_string().contains("a,b"), "{err}");
        // `=` separates only when exploded.
        assert_eq!(header(&json!({"k": "a=b"}), false).unwrap(), "k,a=b");
        assert!(header(&json!({"k": "a=b"}), true).is_err());
    }

    /// The same table's row for the array `["blue", "black", "brown"]`: exploded or not.
    #[test]
    fn arrays_are_their_items_in_order() {
        let array = json!(["blue", "black", "brown"]);
        for explode in [false, true] {
            assert_eq!(path(&array, explode).unwrap(), "blue,black,brown");
            assert_eq!(header(&array, explode).unwrap(), "blue,black,brown");
        }
        assert_eq!(path(&json!(["a,b", 1]), false).unwrap(), "a%2Cb,1");
        let err = path(&json!(["a", null, "b"]), false).unwrap_err();
        assert!(err.to_string().contains("member `item 1` is null"), "{err}");
        let err = header(&json!(["a", "b,c"]), false).unwrap_err();
        assert!(err.to_string().contains("member `item 1`"), "{err}");
    }

    #[test]
    fn nested_members_and_scalars_are_refused_with_the_parameter_name() {
        for value in [
            json!({"a": {"b": 1}}),
            json!({"a": [1]}),
            json!([[1]]),
            json!("text"),
        ] {
            let err = path(&value, false).unwrap_err();
            assert!(matches!(err, Error::InvalidRequest(_)), "{err}");
            assert!(err.to_string().contains("`id`"), "{err}");
        }
    }

    /// What reaches the wire, over loopback.
    #[tokio::test]
    async fn the_generated_operation_sends_the_path_and_header_in_the_simple_style() {
        use super::fixture::{self as api, types};
        use crate::runtime;
        use wiremock::{matchers::any, Mock, MockServer, ResponseTemplate};

        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json("ok"))
            .mount(&server)
            .await;
        let runtime::Connection { base_url, http } = runtime::HttpConfig::default()
            .connect(&server.uri())
            .unwrap();
        let client = api::Client::new_with_client(&base_url, http, runtime::Auth::anonymous());
        let selector = types::Selector {
            role: "admin".into(),
            first_name: Some("Alex".into()),
        };
        let filter = std::collections::BTreeMap::from([
            ("role".to_string(), "admin".to_string()),
            ("firstName".to_string(), "Alex".to_string()),
        ]);
        let tags = vec!["new".to_string(), "vip".to_string()];
        client
            .get_user(&selector, Some(&filter), Some(&tags), "t-1")
            .await
            .unwrap();

        let received = server.received_requests().await.unwrap();
        let [request] = received.as_slice() else {
            panic!("expected one request, got {received:?}");
        };
        assert_eq!(request.url.path(), "/users/role,admin,firstName,Alex");
        // A map's members go in key order.
        assert_eq!(request.headers["X-Filter"], "firstName=Alex,role=admin");
        assert_eq!(request.headers["X-Trace"], "t-1");
        assert_eq!(request.headers["X-Tags"], "new,vip");
    }
}
