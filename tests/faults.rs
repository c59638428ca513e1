//! Hardening: what the clients do when the network or the vendor misbehaves. Every failure
//! is a typed error naming the operation, arrives in bounded time, never repeats a write and
//! never carries a secret.
#![cfg(all(feature = "sis", feature = "autopiesa"))]

mod common;

use std::time::{Duration, Instant};

use partner_clients::runtime::{Error, HttpConfig, RetryPolicy};
use partner_clients::{autopiesa, sis};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{assert_no_secret, CapturedLogs};

const PASSWORD: &str = "fault-injection-password";
const TOKEN: &str = "fault-injection-token";

/// No test may hang: every call gets this much wall time at most.
const GUARD: Duration = Duration::from_secs(10);

fn sis_login() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": TOKEN, "token_type": "bearer", "expires_in": 600
    }))
}

fn sis_client(uri: &str, http: HttpConfig) -> sis::Client {
    sis::Client::builder(uri, sis::Credentials::new("user", PASSWORD))
        .http(http)
        .build()
        .unwrap()
}

fn autopiesa_client(uri: &str, http: HttpConfig) -> autopiesa::Client {
    let credentials = autopiesa::Credentials::new("user", PASSWORD, "ORG");
    autopiesa::Client::builder(uri, credentials)
        .http(http)
        .build()
        .unwrap()
}

async fn sis_server_with_login() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/Authorization/Token"))
        .respond_with(sis_login())
        .mount(&server)
        .await;
    server
}

fn cancel() -> sis::types::CancelContractRequest {
    sis::types::CancelContractRequest { id_contratto: 1 }
}

async fn guarded<T>(call: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(GUARD, call)
        .await
        .expect("the client hung")
}

/// A loopback HTTP server that logs SiS clients in, then answers every other request with
/// headers announcing 500 bytes, 16 bytes of body, and a closed connection.
async fn server_closing_mid_body() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = vec![0; 8192];
                let read = socket.read(&mut request).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&request[..read]).into_owned();
                let response = if head.contains("/Authorization/Token") {
                    let body =
                        json!({"access_token": TOKEN, "token_type": "bearer", "expires_in": 600})
                            .to_string();
                    format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    )
                } else {
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"status_code\":2"
                        .to_owned()
                };
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_a_transport_error_of_the_operation() {
    let uri = server_closing_mid_body().await;
    let client = sis_client(&uri, HttpConfig::default());

    let err = guarded(client.cancel_contract(&cancel()))
        .await
        .unwrap_err();

    assert!(
        matches!(
            err,
            Error::Transport {
                operation: "cancel_contract",
                ..
            } | Error::Decode {
                operation: "cancel_contract",
                ..
            }
        ),
        "{err:?}"
    );
    assert_no_secret(&format!("{err} {err:?}"), &[PASSWORD, TOKEN]);
}

#[tokio::test]
async fn a_stalled_server_trips_the_request_timeout_instead_of_hanging() {
    let server = sis_server_with_login().await;
    Mock::given(path("/SiS/CancelContract"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let http = HttpConfig {
        request_timeout: Duration::from_millis(300),
        ..HttpConfig::default()
    };
    let client = sis_client(&server.uri(), http);

    let started = Instant::now();
    let err = guarded(client.cancel_contract(&cancel()))
        .await
        .unwrap_err();

    assert!(
        matches!(
            err,
            Error::Timeout {
                operation: "cancel_contract",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn html_or_truncated_json_on_200_is_a_decode_error_with_a_short_clean_snippet() {
    let html = format!(
        "<html><body><h1>Gateway</h1><p>login failed for password={PASSWORD}</p>{}</body></html>",
        "x".repeat(5000)
    );
    let truncated = r#"{"status_code": 200, "message": "OK", "dealer_id": 1"#.to_owned();
    for body in [html, truncated] {
        let server = sis_server_with_login().await;
        Mock::given(path("/SiS/CancelContract"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "text/html"))
            .mount(&server)
            .await;
        let client = sis_client(&server.uri(), HttpConfig::default());

        let err = guarded(client.cancel_contract(&cancel()))
            .await
            .unwrap_err();

        let Error::Decode {
            operation, snippet, ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(*operation, "cancel_contract");
        assert!(snippet.len() < 600, "snippet of {} bytes", snippet.len());
        assert!(snippet.starts_with(&body[..10]), "{snippet}");
        assert_no_secret(&format!("{err} {err:?}"), &[PASSWORD, TOKEN]);
    }
}

#[tokio::test]
async fn busy_reads_are_retried_a_bounded_number_of_times() {
    let server = MockServer::start().await;
    Mock::given(path("/api/Login"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": TOKEN, "expires_in": 600})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/LegalFormList"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .expect(4)
        .mount(&server)
        .await;
    let http = HttpConfig {
        retry: RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(10),
            ..RetryPolicy::default()
        },
        ..HttpConfig::default()
    };

    let err = guarded(autopiesa_client(&server.uri(), http).legal_forms())
        .await
        .unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(429), "{err:?}");
    assert_eq!(err.operation(), Some("legal_forms"));
}

#[tokio::test]
async fn writes_are_not_retried_on_500_429_or_503() {
    for status in [500, 429, 503] {
        let server = sis_server_with_login().await;
        Mock::given(path("/SiS/CancelContract"))
            .respond_with(ResponseTemplate::new(status).insert_header("retry-after", "0"))
            .expect(1)
            .mount(&server)
            .await;
        let http = HttpConfig {
            retry: RetryPolicy {
                max_attempts: 5,
                base_delay: Duration::from_millis(1),
                ..RetryPolicy::default()
            },
            ..HttpConfig::default()
        };
        let err = guarded(sis_client(&server.uri(), http).cancel_contract(&cancel()))
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{err:?}");
    }
}

#[tokio::test]
async fn a_token_endpoint_that_is_down_fails_fast_without_a_login_storm() {
    let server = MockServer::start().await;
    Mock::given(path("/Authorization/Token"))
        .respond_with(ResponseTemplate::new(503).set_delay(Duration::from_millis(200)))
        .mount(&server)
        .await;
    let client = sis_client(&server.uri(), HttpConfig::default());
    let logs = CapturedLogs::default();
    let _guard = logs.install();

    let request = cancel();
    let calls = (0..20).map(|_| client.cancel_contract(&request));
    let results = guarded(futures::future::join_all(calls)).await;

    let logins = server.received_requests().await.unwrap().len();
    assert_eq!(
        logins, 1,
        "20 concurrent callers queued behind one failed login"
    );
    for result in results {
        let err = result.unwrap_err();
        assert!(
            matches!(
                err,
                Error::UnexpectedStatus {
                    operation: "getToken",
                    ..
                }
            ),
            "{err:?}"
        );
    }
    assert_no_secret(&logs.text(), &[PASSWORD]);
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_a_transport_error_without_the_password() {
    let uri = common::closed_port_url();
    let client = sis_client(&uri, HttpConfig::default());

    let err = guarded(client.cancel_contract(&cancel()))
        .await
        .unwrap_err();

    assert!(
        matches!(
            err,
            Error::Transport {
                operation: "getToken",
                ..
            }
        ),
        "{err:?}"
    );
    assert_no_secret(&format!("{err} {err:?} {client:?}"), &[PASSWORD]);
}
