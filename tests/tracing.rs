//! The per-call tracing span. Captured through the one global subscriber of the test
//! binary (`common::CapturedLogs`): tracing caches process-wide which callsites a
//! subscriber wants, so scoped per-test subscribers raced with that cache and a test that
//! needs a span to *appear* could miss it.
#![cfg(feature = "sis")]

mod common;

use partner_clients::sis::{types, Client, Credentials};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{assert_no_secret, mount_with_bearer, CapturedLogs, Sequence};

const PASSWORD: &str = "p&ss w0rd=secret";
const TOKEN: &str = "tok-AAA-first";
const TOKEN_2: &str = "tok-BBB-second";

fn token_response(token: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": token, "token_type": "bearer", "expires_in": 599
    }))
}

/// One span per call, named after the Rust method, with the HTTP method, the final status,
/// the number of requests sent (here 2: the 401 and the retry after the fresh login) and the
/// duration; neither the password nor either token shows in it.
#[tokio::test]
async fn each_call_is_one_span_with_operation_method_status_attempt_and_duration() {
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/Authorization/Token"))
        .respond_with(Sequence::new(vec![
            token_response(TOKEN),
            token_response(TOKEN_2),
        ]))
        .expect(2)
        .mount(&server)
        .await;
    let denied = ResponseTemplate::new(401).set_body_json(json!({"Message": "negata"}));
    mount_with_bearer(&server, "POST", "/SiS/CancelContract", TOKEN, denied, 1).await;
    let ok = ResponseTemplate::new(200).set_body_json(json!({"status_code": 200,
        "message": "OK", "dealer_id": 17, "return_id": 0, "error": false, "error_description": []}));
    mount_with_bearer(&server, "POST", "/SiS/CancelContract", TOKEN_2, ok, 1).await;
    let client = Client::new(&server.uri(), Credentials::new("dealer-42", PASSWORD)).unwrap();
    client
        .cancel_contract(&types::CancelContractRequest { id_contratto: 2 })
        .await
        .unwrap();

    let text = logs.text();
    let closed: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("api_call") && line.contains("close"))
        .collect();
    assert_eq!(closed.len(), 1, "{text}");
    let span = closed[0];
    for field in [
        "operation=\"cancel_contract\"",
        "method=\"POST\"",
        "status=200",
        "attempt=2",
        "duration_ms=",
    ] {
        assert!(span.contains(field), "{field} missing in {span}");
    }
    assert_no_secret(&text, &[PASSWORD, TOKEN, TOKEN_2]);
}
