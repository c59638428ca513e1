//! Error bodies a spec declares, decoded by the generated operations.
//!
//! A generated operation picks the schema by status (never by trying shapes in turn) and
//! calls [`declared_error`]. The body is scrubbed of the call's secrets before it is decoded,
//! as [`Session`](super::session::Session) runs each attempt inside [`with_redactor`]; a body
//! that does not match its declared schema is handed on as an undeclared response, so the
//! caller gets its status and a bounded, redacted snippet.

use std::future::Future;

use progenitor_client::{Error, ResponseValue};
use serde::de::DeserializeOwned;

use super::error::ErrorPayload;
use super::redact::Redactor;

tokio::task_local! {
    /// The secrets of the attempt being sent (set by [`with_redactor`]).
    static SECRETS: Redactor;
}

/// Runs `send` (one attempt of a generated operation) so that declared error bodies are
/// decoded with `redactor`'s secrets masked.
pub(crate) async fn with_redactor<F: Future>(redactor: Redactor, send: F) -> F::Output {
    SECRETS.scope(redactor, send).await
}

/// Decodes `response`, whose status the spec declares with a JSON body, into that status's
/// schema and wraps it with `variant` as the operation's error type.
pub async fn declared_error<T, E, R>(
    response: reqwest::Response,
    variant: impl FnOnce(T) -> E,
) -> Result<R, Error<E>>
where
    T: DeserializeOwned,
{
    declared_body(
        response,
        |body, scrubbed| match scrubbed {
            Some(text) => serde_json::from_str::<T>(text).ok(),
            None => serde_json::from_slice::<T>(body).ok(),
        },
        variant,
    )
    .await
}

/// Takes the body of `response`, whose status the spec declares with a body that is not
/// JSON (`text/plain`, `text/html`, …), as its text and wraps it with `variant`. A body that
/// is not UTF-8 is no text: it is handed on as an undeclared response.
#[cfg_attr(not(test), allow(dead_code))] // see its re-export in `runtime`
pub async fn declared_text_error<E, R>(
    response: reqwest::Response,
    variant: impl FnOnce(String) -> E,
) -> Result<R, Error<E>> {
    declared_body(
        response,
        |body, scrubbed| {
            let text = std::str::from_utf8(body).ok()?;
            Some(scrubbed.unwrap_or(text).to_owned())
        },
        variant,
    )
    .await
}

/// Reads `response`'s body and decodes it with `decode`, which gets the bytes and, inside
/// [`with_redactor`], the body as text with the call's secrets masked. What `decode` turns
/// down is handed on as an undeclared response, status, headers and bytes intact.
async fn declared_body<T, E, R>(
    response: reqwest::Response,
    decode: impl FnOnce(&[u8], Option<&str>) -> Option<T>,
    variant: impl FnOnce(T) -> E,
) -> Result<R, Error<E>> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(Error::ResponseBodyError)?;
    let scrubbed = SECRETS
        .try_with(|redactor| redactor.scrub(&String::from_utf8_lossy(&body)))
        .ok();
    match decode(&body, scrubbed.as_deref()) {
        Some(value) => Err(Error::ErrorResponse(ResponseValue::new(
            variant(value),
            status,
            headers,
        ))),
        None => {
            let mut undeclared = http::Response::new(body);
            *undeclared.status_mut() = status;
            *undeclared.headers_mut() = headers;
            Err(Error::UnexpectedResponse(reqwest::Response::from(
                undeclared,
            )))
        }
    }
}

/// What a generated operation decoded from a declared error response, as the adapter's
/// error payload. Operations that declare no error body have `()`, which gives none.
pub trait IntoPayload<E> {
    fn into_payload(self) -> Option<E>;
}

impl<E: ErrorPayload> IntoPayload<E> for E {
    fn into_payload(self) -> Option<E> {
        Some(self)
    }
}

impl<E> IntoPayload<E> for () {
    fn into_payload(self) -> Option<E> {
        None
    }
}

/// The generator's `responses.yaml` fixture (output checked in and kept current by the
/// generator's `tests/responses.rs`), over loopback: success types by status, error bodies
/// decoded into the schema their status declares, and what the spec does not declare kept
/// with its status and a bounded, redacted body.
#[cfg(test)]
#[rustfmt::skip]
#[allow(clippy::all, dead_code, unused_imports)]
#[path = "../../generator/tests/fixtures/generated/responses.rs"]
mod fixture;

#[cfg(test)]
mod tests {
    use secrecy::SecretString;
    use serde_json::json;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::fixture::{self as api, responses, types};
    use crate::runtime::{self, Error, Idempotency, Redactor, RetryPolicy, Session};

    const SECRET: &str = "s3cr3t-value";

    async fn answering(verb: &str, route: &str, response: ResponseTemplate) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(response)
            .mount(&server)
            .await;
        server
    }

    fn client(server: &MockServer) -> api::Client {
        let runtime::Connection { base_url, http } = runtime::HttpConfig::default()
            .connect(&server.uri())
            .unwrap();
        api::Client::new_with_client(&base_url, http, runtime::Auth::anonymous())
    }

    fn session() -> Session {
        Session::new(
            None,
            RetryPolicy::none(),
            Redactor::new([SecretString::from(SECRET)]),
        )
    }

    #[tokio::test]
    async fn each_success_status_is_its_own_variant() {
        let cases = [
            (
                ResponseTemplate::new(200).set_body_json(json!({"id": 7})),
                responses::PutOrderResponse::Ok(types::Order { id: 7 }),
            ),
            (
                ResponseTemplate::new(201).set_body_json(json!({"receipt": "r-1"})),
                responses::PutOrderResponse::Created(types::PutOrderStatus201 {
                    receipt: "r-1".into(),
                }),
            ),
            (
                ResponseTemplate::new(202),
                responses::PutOrderResponse::Accepted,
            ),
            (
                ResponseTemplate::new(204),
                responses::PutOrderResponse::NoContent,
            ),
        ];
        for (answer, expected) in cases {
            let server = answering("PUT", "/orders/7", answer).await;
            let value = client(&server).put_order(7).await.unwrap();
            assert_eq!(value.into_inner(), expected);
        }
    }

    #[tokio::test]
    async fn a_declared_error_status_decodes_into_its_own_schema() {
        // 404 declares `Missing`, not the `Problem` of 400 and 4XX: chosen by status.
        let server = answering(
            "PUT",
            "/orders/7",
            ResponseTemplate::new(404).set_body_json(json!({"missing": 7})),
        )
        .await;
        let Err(progenitor_client::Error::ErrorResponse(answer)) =
            client(&server).put_order(7).await
        else {
            panic!("expected the declared 404 body");
        };
        assert_eq!(answer.status().as_u16(), 404);
        assert_eq!(
            answer.into_inner(),
            responses::ApiError::NotFound(types::Missing { missing: 7 })
        );
    }

    #[tokio::test]
    async fn a_range_and_default_decode_what_no_code_claims() {
        let server = answering(
            "PUT",
            "/orders/7",
            ResponseTemplate::new(409).set_body_json(json!({"title": "conflict"})),
        )
        .await;
        let Err(progenitor_client::Error::ErrorResponse(answer)) =
            client(&server).put_order(7).await
        else {
            panic!("expected the 4XX body");
        };
        assert!(matches!(
            answer.into_inner(),
            responses::ApiError::ClientError(types::Problem { title, .. }) if title == "conflict"
        ));

        let server = answering(
            "GET",
            "/orders/7",
            ResponseTemplate::new(502).set_body_json(json!({"trace": "t-9"})),
        )
        .await;
        let Err(progenitor_client::Error::ErrorResponse(answer)) =
            client(&server).get_order(7).await
        else {
            panic!("expected the default body");
        };
        assert_eq!(answer.status().as_u16(), 502);
        assert_eq!(
            answer.into_inner(),
            responses::ApiError::Default(types::GetOrderDefault {
                trace: "t-9".into()
            })
        );
    }

    #[tokio::test]
    async fn through_the_session_a_declared_body_is_the_api_error_with_secrets_masked() {
        let server = answering(
            "PUT",
            "/orders/7",
            ResponseTemplate::new(400).set_body_json(json!({"title": format!("bad {SECRET}")})),
        )
        .await;
        let client = client(&server);
        let err = session()
            .call("put_order", Idempotency::Idempotent, || client.put_order(7))
            .await
            .unwrap_err();
        let Error::Api { status, error, .. } = &err else {
            panic!("expected Error::Api, got {err:?}");
        };
        assert_eq!(status.as_u16(), 400);
        assert_eq!(
            *error,
            responses::ApiError::BadRequest(types::Problem {
                title: "bad [REDACTED]".into(),
                detail: None
            })
        );
        assert!(!format!("{err} {err:?}").contains(SECRET));
    }

    #[tokio::test]
    async fn a_declared_text_body_is_its_text_with_secrets_masked() {
        // putOrder declares 422 with a text/plain body.
        let server = answering(
            "PUT",
            "/orders/7",
            ResponseTemplate::new(422).set_body_string(format!("quantity {SECRET} too high")),
        )
        .await;
        let client = client(&server);
        let err = session()
            .call("put_order", Idempotency::Idempotent, || client.put_order(7))
            .await
            .unwrap_err();
        let Error::Api { status, error, .. } = &err else {
            panic!("expected Error::Api, got {err:?}");
        };
        assert_eq!(status.as_u16(), 422);
        assert_eq!(
            *error,
            responses::ApiError::UnprocessableEntity("quantity [REDACTED] too high".into())
        );
        assert_eq!(error.to_string(), "quantity [REDACTED] too high");
        assert!(!format!("{err} {err:?}").contains(SECRET));
    }

    #[tokio::test]
    async fn a_declared_text_body_that_is_not_utf8_is_kept_as_undeclared() {
        let server = answering(
            "PUT",
            "/orders/7",
            ResponseTemplate::new(422).set_body_bytes(vec![0xff, 0xfe, b'x']),
        )
        .await;
        let Err(progenitor_client::Error::UnexpectedResponse(response)) =
            client(&server).put_order(7).await
        else {
            panic!("expected the body handed on as undeclared");
        };
        assert_eq!(response.status().as_u16(), 422);
        assert_eq!(response.bytes().await.unwrap().as_ref(), [0xff, 0xfe, b'x']);
    }

    #[tokio::test]
    async fn an_undeclared_status_or_body_keeps_the_status_and_a_bounded_redacted_body() {
        let long = format!("{SECRET} {}", "x".repeat(5000));
        // 503 is declared without a body; 400's body here is not its `Problem` schema.
        for (status, body) in [(503, long.clone()), (400, format!("[\"{SECRET}\"]"))] {
            let server = answering(
                "PUT",
                "/orders/7",
                ResponseTemplate::new(status).set_body_string(body),
            )
            .await;
            let client = client(&server);
            let err = session()
                .call::<_, _, responses::ApiError, _, _>(
                    "put_order",
                    Idempotency::Idempotent,
                    || client.put_order(7),
                )
                .await
                .unwrap_err();
            let Error::UnexpectedStatus {
                status: got,
                snippet,
                ..
            } = &err
            else {
                panic!("expected UnexpectedStatus, got {err:?}");
            };
            assert_eq!(got.as_u16(), status);
            assert!(snippet.contains("[REDACTED]"), "{snippet}");
            assert!(snippet.chars().count() <= 161, "{}", snippet.len());
            assert!(!format!("{err} {err:?}").contains(SECRET));
        }
    }
}
