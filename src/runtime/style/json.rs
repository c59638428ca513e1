//! Parameters declared with `content` instead of `schema` (OpenAPI 3.0.3, "Parameter
//! Object": "a map containing the representations for the parameter"), in a JSON media
//! type: the value on the wire is its JSON text, not a style's expansion. For `filter` =
//! `{"color": "blue", "size": 2}`:
//!
//! | in     | on the wire                                                   |
//! |--------|---------------------------------------------------------------|
//! | query  | `filter=%7B%22color%22%3A%22blue%22%2C%22size%22%3A2%7D`      |
//! | path   | `/items/%7B%22color%22%3A%22blue%22%2C%22size%22%3A2%7D`      |
//! | header | `X-Filter: {"color":"blue","size":2}`                         |
//!
//! In a query or path every character but RFC 3986's unreserved ones is percent-encoded, as
//! in the styles' expansions. progenitor 0.15.1 refuses `content` parameters; the generator
//! gives progenitor the media type's schema (so the method takes the typed value) and its
//! `parameter_styles` pass rewrites progenitor's handling of the value into these functions.
//! An absent optional parameter serialises as `null` and is left out, as the styles leave
//! out an absent value.

use reqwest::Request;
use serde::Serialize;

use super::expansion::uri_encode;
use super::query::append_pair;

/// Adds query parameter `name` as the JSON text of `value`.
// progenitor's error type, because the generated method's `?` takes it as it is.
#[allow(clippy::result_large_err)]
pub(crate) fn json_query<E>(
    request: &mut Request,
    name: &str,
    value: &(impl Serialize + ?Sized),
) -> Result<(), progenitor_client::Error<E>> {
    if let Some(text) = json_text(name, value)? {
        append_pair(
            request,
            format!("{}={}", uri_encode(name), uri_encode(&text)),
        );
    }
    Ok(())
}

/// The path segment of parameter `name`: the JSON text of `value`, percent-encoded.
#[allow(clippy::result_large_err)]
pub(crate) fn json_path<E>(
    name: &str,
    value: &(impl Serialize + ?Sized),
) -> Result<String, progenitor_client::Error<E>> {
    let text = json_text(name, value)?.ok_or_else(|| {
        progenitor_client::Error::InvalidRequest(format!(
            "path parameter `{name}` is null, which a path segment cannot carry"
        ))
    })?;
    Ok(uri_encode(&text))
}

/// The header value of parameter `name`: the JSON text of `value` (JSON escapes control
/// characters, so the text is one line).
#[allow(clippy::result_large_err)]
pub(crate) fn json_header<E>(
    name: &str,
    value: &(impl Serialize + ?Sized),
) -> Result<String, progenitor_client::Error<E>> {
    json_text(name, value)?.ok_or_else(|| {
        progenitor_client::Error::InvalidRequest(format!(
            "header parameter `{name}` is null, which a header value cannot carry"
        ))
    })
}

/// The JSON text of `value`, `None` when it is `null`.
#[allow(clippy::result_large_err)]
fn json_text<E>(
    name: &str,
    value: &(impl Serialize + ?Sized),
) -> Result<Option<String>, progenitor_client::Error<E>> {
    let value = serde_json::to_value(value).map_err(|err| {
        progenitor_client::Error::InvalidRequest(format!(
            "parameter `{name}` cannot be written as JSON: {err}"
        ))
    })?;
    Ok((!value.is_null()).then(|| value.to_string()))
}

/// The generator's `content_parameters.yaml` fixture (output checked in and kept current by
/// the generator's `tests/passes.rs`).
#[cfg(test)]
#[rustfmt::skip]
#[allow(clippy::all, dead_code, unused_imports)]
#[path = "../../../generator/tests/fixtures/generated/content_parameters.rs"]
mod fixture;

#[cfg(test)]
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn the_value_is_its_json_text_and_null_is_absent() {
        let filter = json!({"color": "blue", "size": 2});
        let text = |value: &Value| json_text::<()>("filter", value).unwrap();
        assert_eq!(
            text(&filter).as_deref(),
            Some(r#"{"color":"blue","size":2}"#)
        );
        assert_eq!(text(&json!("blue")).as_deref(), Some(r#""blue""#));
        assert_eq!(text(&Value::Null), None);
        assert_eq!(
            json_path::<()>("filter", &filter).unwrap(),
            "%7B%22color%22%3A%22blue%22%2C%22size%22%3A2%7D"
        );
        let err = json_header::<()>("X-Filter", &None::<u8>).unwrap_err();
        assert!(err.to_string().contains("`X-Filter` is null"), "{err}");
    }

    /// What reaches the wire, over loopback: the JSON text of each parameter, in the
    /// query, the path and a header, and an absent optional one left out.
    #[tokio::test]
    async fn the_generated_operation_sends_each_parameter_as_json() {
        use super::fixture::{self as api, types};
        use crate::runtime::{self, loopback};

        let server = loopback::answering(wiremock::ResponseTemplate::new(204)).await;
        let (base_url, http) = loopback::connect(&server);
        let client = api::Client::new_with_client(&base_url, http, runtime::Auth::anonymous());
        let filter = types::Filter {
            color: Some("blue".into()),
            size: Some(2),
        };
        client
            .find_items(&filter, &filter, Some(&vec![1, 2]), &filter, None)
            .await
            .unwrap();
        let request = loopback::received(&server).await;
        assert_eq!(
            request.url.path(),
            "/items/%7B%22color%22%3A%22blue%22%2C%22size%22%3A2%7D"
        );
        assert_eq!(
            request.url.query(),
            Some("filter=%7B%22color%22%3A%22blue%22%2C%22size%22%3A2%7D&ids=%5B1%2C2%5D")
        );
        assert_eq!(
            request.headers.get("X-Filter").unwrap(),
            r#"{"color":"blue","size":2}"#
        );
        assert!(request.headers.get("X-Trace").is_none());
    }
}
