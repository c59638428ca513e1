//! Object- and array-typed header parameters in OpenAPI's `simple` style, the only style
//! of headers, which progenitor 0.15.1 formats with `to_string` (a JSON object or a `Vec`
//! has none): `{"role": "admin", "firstName": "Alex"}` is `role,admin,firstName,Alex`, or
//! `role=admin,firstName=Alex` with `explode: true`; `["blue", "black"]` is `blue,black`
//! either way. The generator rewrites each such parameter's `to_string()` into
//! [`simple_header`].

use serde::Serialize;

use super::expansion::SIMPLE;
use super::shape::Shape;

/// The header value of an object or array parameter. A header has no escape for the
/// delimiters, so a key or value containing `,` (or `=` in an exploded object) is refused
/// instead of sent as different members.
// progenitor's error type, because the generated method's `?` takes it as it is.
#[allow(clippy::result_large_err)]
pub(crate) fn simple_header<E>(
    name: &str,
    value: &impl Serialize,
    explode: bool,
) -> Result<String, progenitor_client::Error<E>> {
    let shape = Shape::of(name, value).map_err(progenitor_client::Error::InvalidRequest)?;
    let delimiters: &[char] = match (explode, &shape) {
        (true, Shape::Object(_)) => &[',', '='],
        _ => &[','],
    };
    let ambiguous = shape
        .texts()
        .into_iter()
        .find(|(_, text)| text.contains(delimiters));
    if let Some((member, _)) = ambiguous {
        return Err(progenitor_client::Error::InvalidRequest(format!(
            "header parameter `{name}`: member `{member}` holds a delimiter of the simple style \
             (its value is not shown: a header may carry a credential)"
        )));
    }
    Ok(SIMPLE.write(name, &shape, explode, &str::to_owned, &str::to_owned))
}

/// The generator's `simple_style.yaml` fixture (output checked in and kept current by the
/// generator's `tests/passes.rs`): an object path parameter, an exploded object header and an
/// array header.
#[cfg(test)]
#[rustfmt::skip]
#[allow(clippy::all, dead_code, unused_imports)]
#[path = "../../../generator/tests/fixtures/generated/simple_style.rs"]
mod fixture;

#[cfg(test)]
// The functions return progenitor's error type, whatever its size.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use serde_json::json;

    fn header(
        value: &serde_json::Value,
        explode: bool,
    ) -> Result<String, progenitor_client::Error<()>> {
        simple_header("X-Id", value, explode)
    }

    /// OpenAPI 3.0.3's "Style Examples" rows for `simple`, the object
    /// `{"role": "admin", "firstName": "Alex"}` and the array `["blue", "black", "brown"]`.
    #[test]
    fn the_openapi_examples() {
        let object = json!({"role": "admin", "firstName": "Alex"});
        assert_eq!(header(&object, false).unwrap(), "role,admin,firstName,Alex");
        assert_eq!(header(&object, true).unwrap(), "role=admin,firstName=Alex");
        let array = json!(["blue", "black", "brown"]);
        for explode in [false, true] {
            assert_eq!(header(&array, explode).unwrap(), "blue,black,brown");
        }
    }

    #[test]
    fn a_header_member_with_a_delimiter_is_refused() {
        let err = header(&json!({"tags": "a,b"}), false).unwrap_err();
        assert!(err.to_string().contains("`X-Id`"), "{err}");
        assert!(err.to_string().contains("member `tags`"), "{err}");
        // The value itself never shows: a header may carry a credential.
        assert!(!err.to_string().contains("a,b"), "{err}");
        // `=` separates only the members of an exploded object.
        assert_eq!(header(&json!({"k": "a=b"}), false).unwrap(), "k,a=b");
        assert!(header(&json!({"k": "a=b"}), true).is_err());
        assert_eq!(header(&json!(["a=b"]), true).unwrap(), "a=b");
        let err = header(&json!(["a", "b,c"]), false).unwrap_err();
        assert!(err.to_string().contains("member `item 1`"), "{err}");
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
