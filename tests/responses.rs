//! Every declared response typed, over loopback: the generator's `responses.yaml` fixture
//! (generated output checked in and kept current by the generator's `tests/responses.rs`).
//! Success types by status, error bodies decoded into the schema their status declares,
//! and what the spec does not declare kept with its status and a bounded, redacted body.

use partner_clients::runtime::{Error, Idempotency, Redactor, RetryPolicy, Session};
use secrecy::SecretString;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The generated code names `crate::runtime`, as inside the client crate.
mod runtime {
    pub use partner_clients::runtime::*;
}

#[rustfmt::skip]
#[allow(clippy::all, dead_code, unused_imports)]
#[path = "../generator/tests/fixtures/generated/responses.rs"]
mod api;

use api::{responses, types};

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
    let Err(progenitor_client::Error::ErrorResponse(answer)) = client(&server).put_order(7).await
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
    let Err(progenitor_client::Error::ErrorResponse(answer)) = client(&server).put_order(7).await
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
    let Err(progenitor_client::Error::ErrorResponse(answer)) = client(&server).get_order(7).await
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
            .call::<_, _, responses::ApiError, _, _>("put_order", Idempotency::Idempotent, || {
                client.put_order(7)
            })
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
