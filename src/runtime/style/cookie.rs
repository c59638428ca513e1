//! Cookie parameters (`in: cookie`), which progenitor 0.15.1 refuses. `form` is the only
//! cookie style (OpenAPI 3.0.3, `style` values): each parameter is one `name=value` cookie of
//! the request's `Cookie` header, the cookies joined with `; ` (RFC 6265 §4.2.1). An array or
//! object follows the form rows of the style table with the cookie separator: for `color` =
//! `["blue", "black"]`, `color=blue,black` (`explode: false`) or `color=blue; color=black`
//! (`explode: true`, form's default); for `{"R": 100, "G": 200}`, `color=R,100,G,200` or
//! `R=100; G=200`.
//!
//! RFC 6265's cookie-value allows no space, `"`, `,`, `;`, `\`, control or non-ASCII
//! character: each one in a value is percent-encoded (UTF-8), and so is `%` itself, so that a
//! server decoding percent-escapes gets the value back; every other character, `=` and `/`
//! included (base64 session tokens), is written as it is. Names (the parameter's, an
//! exploded object's keys) are encoded to RFC 7230 tokens the same way. The delimiter `,`
//! of a non-exploded array or object is written as the style table writes it, though it is
//! outside cookie-value: servers split the header at `;`, and an item's own `,` is `%2C`.
//!
//! The generator turns each cookie parameter into a header parameter of the codegen copy (so
//! that progenitor types it and takes it as an argument) and rewrites that header's
//! `header_map.append(name, value.to_string().try_into()?)` into [`cookie`].

use reqwest::header::{HeaderMap, HeaderValue, COOKIE};
use serde::Serialize;

use super::expansion::{percent_encode, COOKIE as STYLE};
use super::shape::Shape;

/// Adds parameter `name`'s cookie(s) to the request's `Cookie` header; an absent optional
/// parameter adds none.
// progenitor's error type, because the generated method's `?` takes it as it is.
#[allow(clippy::result_large_err)]
pub(crate) fn cookie<E>(
    headers: &mut HeaderMap,
    name: &str,
    value: &impl Serialize,
    explode: bool,
) -> Result<(), progenitor_client::Error<E>> {
    let cookies =
        cookies(name, value, explode).map_err(progenitor_client::Error::InvalidRequest)?;
    if cookies.is_empty() {
        return Ok(());
    }
    let joined = match headers.get(COOKIE).map(HeaderValue::to_str) {
        Some(Ok(before)) => format!("{before}; {cookies}"),
        _ => cookies,
    };
    headers.insert(COOKIE, HeaderValue::try_from(joined)?);
    Ok(())
}

/// The `name=value` cookies of one parameter, joined with `; `.
fn cookies(name: &str, value: &impl Serialize, explode: bool) -> Result<String, String> {
    let shape = Shape::of(name, value)?;
    Ok(STYLE.write(name, &shape, explode, &token, &cookie_value))
}

/// RFC 7230's `tchar`, `%` excepted.
fn token(text: &str) -> String {
    percent_encode(text, |byte| {
        byte.is_ascii_alphanumeric() || b"!#$&'*+-.^_`|~".contains(&byte)
    })
}

/// RFC 6265's `cookie-octet`, `%` excepted.
fn cookie_value(text: &str) -> String {
    percent_encode(text, |byte| {
        matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E) && byte != b'%'
    })
}

/// The generator's `cookie_parameters.yaml` fixture (output checked in and kept current by
/// the generator's `tests/passes.rs`).
#[cfg(test)]
#[rustfmt::skip]
#[allow(clippy::all, dead_code, unused_imports)]
#[path = "../../../generator/tests/fixtures/generated/cookie_parameters.rs"]
mod fixture;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_form_rows_of_the_style_table_with_the_cookie_separator() {
        let array = json!(["blue", "black", "brown"]);
        let object = json!({"R": 100, "G": 200, "B": 150});
        assert_eq!(cookies("color", &"blue", false).unwrap(), "color=blue");
        assert_eq!(cookies("color", &"blue", true).unwrap(), "color=blue");
        assert_eq!(
            cookies("color", &array, false).unwrap(),
            "color=blue,black,brown"
        );
        assert_eq!(
            cookies("color", &array, true).unwrap(),
            "color=blue; color=black; color=brown"
        );
        assert_eq!(
            cookies("color", &object, false).unwrap(),
            "color=R,100,G,200,B,150"
        );
        assert_eq!(
            cookies("color", &object, true).unwrap(),
            "R=100; G=200; B=150"
        );
        assert_eq!(cookies("color", &"", true).unwrap(), "color=");
        assert_eq!(cookies("color", &None::<String>, true).unwrap(), "");
    }

    #[test]
    fn what_a_cookie_value_cannot_hold_is_percent_encoded() {
        assert_eq!(
            cookies("session", &"a b;c,d\"e\\f%g", true).unwrap(),
            "session=a%20b%3Bc%2Cd%22e%5Cf%25g"
        );
        // `=` and `/` are cookie-octets: a base64 token goes as it is.
        assert_eq!(
            cookies("session", &"ab/c+d==", true).unwrap(),
            "session=ab/c+d=="
        );
        assert_eq!(cookies("lang", &"ü", true).unwrap(), "lang=%C3%BC");
        assert_eq!(
            cookies("tags", &json!(["a,b", "c"]), false).unwrap(),
            "tags=a%2Cb,c"
        );
        // Names are tokens: an exploded object's key cannot end the name early.
        assert_eq!(cookies("x", &json!({"a=b": 1}), true).unwrap(), "a%3Db=1");
    }

    #[test]
    fn cookies_join_one_header() {
        let mut headers = HeaderMap::new();
        cookie::<()>(&mut headers, "a", &1, true).unwrap();
        cookie::<()>(&mut headers, "b", &None::<u8>, true).unwrap();
        cookie::<()>(&mut headers, "c", &json!(["x", "y"]), true).unwrap();
        assert_eq!(headers.get_all(COOKIE).iter().count(), 1);
        assert_eq!(headers[COOKIE], "a=1; c=x; c=y");
    }

    /// What reaches the wire, over loopback: every cookie of the operation in one `Cookie`
    /// header, beside a header parameter.
    #[tokio::test]
    async fn the_generated_operation_sends_its_cookies_in_one_header() {
        use super::fixture::{self as api, types};
        use crate::runtime::{self, loopback};

        let server = loopback::answering(wiremock::ResponseTemplate::new(204)).await;
        let (base_url, http) = loopback::connect(&server);
        let client = api::Client::new_with_client(&base_url, http, runtime::Auth::anonymous());
        let preferences = types::Preferences {
            theme: "dark".into(),
            lang: Some("pt BR".into()),
        };
        let tags = vec!["new".to_string(), "vip".into()];
        client
            .list_orders("t-1", Some(3), Some(&preferences), "s3/cr+t=", Some(&tags))
            .await
            .unwrap();
        let request = loopback::received(&server).await;
        assert_eq!(request.headers.get_all("cookie").iter().count(), 1);
        assert_eq!(
            request.headers["cookie"],
            "limit=3; theme=dark; lang=pt%20BR; session=s3/cr+t=; tags=new,vip"
        );
        assert_eq!(request.headers["x-trace"], "t-1");
    }

    /// The second media type's method is a copy of the operation: it sends the path item's
    /// cookie too.
    #[tokio::test]
    async fn a_media_type_copy_of_an_operation_sends_its_cookies() {
        use super::fixture as api;
        use crate::runtime::{self, loopback};

        let server = loopback::answering(wiremock::ResponseTemplate::new(204)).await;
        let (base_url, http) = loopback::connect(&server);
        let client = api::Client::new_with_client(&base_url, http, runtime::Auth::anonymous());
        client
            .create_order_plain("s 1", "note".to_string())
            .await
            .unwrap();
        let request = loopback::received(&server).await;
        assert_eq!(request.headers["cookie"], "session=s%201");
        assert_eq!(request.body, b"note");
    }
}
