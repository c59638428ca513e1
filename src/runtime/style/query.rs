//! Array- and object-typed query parameters in the styles progenitor 0.15.1 does not write:
//! `form` with `explode: false`, `spaceDelimited` and `pipeDelimited` (progenitor writes
//! every query parameter as exploded `form` and refuses the other two styles).
//!
//! For `color` = `["blue", "black", "brown"]` and `{"R": 100, "G": 200, "B": 150}`
//! (OpenAPI 3.0.4's "Style Examples", which adds the `color=` that 3.0.3's table leaves out
//! of the two delimited rows and writes the pipe percent-encoded):
//!
//! | style          | array                        | object                          |
//! |----------------|------------------------------|---------------------------------|
//! | form           | `color=blue,black,brown`     | `color=R,100,G,200,B,150`       |
//! | spaceDelimited | `color=blue%20black%20brown` | `color=R%20100%20G%20200%20B%20150` |
//! | pipeDelimited  | `color=blue%7Cblack%7Cbrown` | `color=R%7C100%7CG%7C200%7CB%7C150` |
//!
//! The delimiter is written as the table writes it and every character of an item but RFC
//! 3986's unreserved ones is percent-encoded (RFC 6570's rule), so an item's own `,` is
//! `%2C` and cannot be read as two items. The space and the pipe have no such escape: their
//! percent-encoding is the delimiter itself (3.0.4, Appendix E), so an item holding one is
//! refused rather than sent as more items. reqwest's `query` cannot write that (it
//! form-encodes the whole value, `,` included), so the pair is appended to the built
//! request's URL: the generator takes progenitor's `.query(&QueryParam::new(name, &value))`
//! of each such parameter out of the request builder's chain and calls one of these
//! functions on the built request.

use reqwest::Request;
use serde::Serialize;

use super::expansion::{uri_encode, Expansion, FORM, PIPE_DELIMITED, SPACE_DELIMITED};
use super::shape::Shape;

/// One query style: its expansion, and the character an item cannot hold since its
/// percent-encoding is the delimiter.
struct QueryStyle {
    name: &'static str,
    expansion: Expansion,
    unescapable: Option<char>,
}

const FORM_STYLE: QueryStyle = QueryStyle {
    name: "form",
    expansion: FORM,
    unescapable: None,
};

const SPACE_DELIMITED_STYLE: QueryStyle = QueryStyle {
    name: "spaceDelimited",
    expansion: SPACE_DELIMITED,
    unescapable: Some(' '),
};

const PIPE_DELIMITED_STYLE: QueryStyle = QueryStyle {
    name: "pipeDelimited",
    expansion: PIPE_DELIMITED,
    unescapable: Some('|'),
};

/// Adds parameter `name` in the `form` style with `explode: false`.
// progenitor's error type, because the generated method's `?` takes it as it is.
#[allow(clippy::result_large_err)]
pub(crate) fn form_query<E>(
    request: &mut Request,
    name: &str,
    value: &impl Serialize,
) -> Result<(), progenitor_client::Error<E>> {
    append(&FORM_STYLE, request, name, value)
}

/// Adds parameter `name` in the `spaceDelimited` style.
#[allow(clippy::result_large_err)]
pub(crate) fn space_delimited_query<E>(
    request: &mut Request,
    name: &str,
    value: &impl Serialize,
) -> Result<(), progenitor_client::Error<E>> {
    append(&SPACE_DELIMITED_STYLE, request, name, value)
}

/// Adds parameter `name` in the `pipeDelimited` style.
#[allow(clippy::result_large_err)]
pub(crate) fn pipe_delimited_query<E>(
    request: &mut Request,
    name: &str,
    value: &impl Serialize,
) -> Result<(), progenitor_client::Error<E>> {
    append(&PIPE_DELIMITED_STYLE, request, name, value)
}

#[allow(clippy::result_large_err)]
fn append<E>(
    style: &QueryStyle,
    request: &mut Request,
    name: &str,
    value: &impl Serialize,
) -> Result<(), progenitor_client::Error<E>> {
    let pair = pair(style, name, value).map_err(progenitor_client::Error::InvalidRequest)?;
    append_pair(request, pair);
    Ok(())
}

/// Appends `name=value` text, already encoded, to the request's query; nothing when empty.
pub(super) fn append_pair(request: &mut Request, pair: String) {
    if pair.is_empty() {
        return;
    }
    let url = request.url_mut();
    let query = match url.query() {
        Some(before) if !before.is_empty() => format!("{before}&{pair}"),
        _ => pair,
    };
    url.set_query(Some(&query));
}

/// The `name=value` text of the parameter, empty when it is absent.
fn pair(style: &QueryStyle, name: &str, value: &impl Serialize) -> Result<String, String> {
    let shape = Shape::of(name, value)?;
    if let Some(delimiter) = style.unescapable {
        let holding = shape
            .texts()
            .into_iter()
            .find(|(_, text)| text.contains(delimiter));
        if let Some((member, _)) = holding {
            return Err(format!(
                "query parameter `{name}`: member `{member}` holds `{delimiter}`, which the \
                 {} style cannot tell apart from its delimiter",
                style.name
            ));
        }
    }
    Ok(style
        .expansion
        .write(name, &shape, false, &uri_encode, &uri_encode))
}

/// The generator's `parameter_styles.yaml` fixture, shared with `path`'s tests.
#[cfg(test)]
use super::path::fixture;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The table above, every cell, and the scalar and empty cases.
    #[test]
    fn the_openapi_style_examples() {
        let array = json!(["blue", "black", "brown"]);
        let object = json!({"R": 100, "G": 200, "B": 150});
        let rows = [
            (
                &FORM_STYLE,
                "color=blue,black,brown",
                "color=R,100,G,200,B,150",
            ),
            (
                &SPACE_DELIMITED_STYLE,
                "color=blue%20black%20brown",
                "color=R%20100%20G%20200%20B%20150",
            ),
            (
                &PIPE_DELIMITED_STYLE,
                "color=blue%7Cblack%7Cbrown",
                "color=R%7C100%7CG%7C200%7CB%7C150",
            ),
        ];
        for (style, for_array, for_object) in rows {
            assert_eq!(pair(style, "color", &array).unwrap(), for_array);
            assert_eq!(pair(style, "color", &object).unwrap(), for_object);
            assert_eq!(pair(style, "color", &"blue").unwrap(), "color=blue");
            assert_eq!(pair(style, "color", &"").unwrap(), "color=");
            assert_eq!(pair(style, "color", &None::<Vec<u8>>).unwrap(), "");
        }
        assert_eq!(
            pair(&FORM_STYLE, "q", &json!(["a,b", "c d", "é&"])).unwrap(),
            "q=a%2Cb,c%20d,%C3%A9%26"
        );
        assert_eq!(
            pair(&PIPE_DELIMITED_STYLE, "q", &json!(["a b", "c,d"])).unwrap(),
            "q=a%20b%7Cc%2Cd"
        );
    }

    /// Appendix E: `%20` and `%7C` are the delimiters, so no item can hold a space or a pipe.
    #[test]
    fn an_item_holding_the_delimiter_of_its_style_is_refused() {
        let err = pair(&SPACE_DELIMITED_STYLE, "words", &json!(["red car"])).unwrap_err();
        assert!(
            err.contains("`words`") && err.contains("member `item 0`"),
            "{err}"
        );
        let err = pair(&PIPE_DELIMITED_STYLE, "rgb", &json!({"R": "1|2"})).unwrap_err();
        assert!(err.contains("member `R`"), "{err}");
    }

    /// What reaches the wire, over loopback: the fixture's query styles after the query
    /// parameters progenitor writes itself (exploded `form`, a scalar).
    #[tokio::test]
    async fn the_generated_operation_sends_each_query_style() {
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
        let words = vec!["red".to_string(), "a,b".into()];
        let tags = vec!["x".to_string(), "y".into()];
        client
            .search(
                Some(&colors),
                Some(&vec![1, 2]),
                Some(2),
                Some(&rgb),
                Some(&rgb),
                Some(&tags),
                Some(&words),
            )
            .await
            .unwrap();
        assert_eq!(
            loopback::received(&server).await.url.query(),
            Some(
                "page=2&tags=x&tags=y&colors=blue,black,brown&ids=1%7C2&rgb=R,100,G,200,B,150&shade=R,100,G,200,B,150\
                 &words=red%20a%2Cb"
            )
        );
    }
}
