//! e-Cont (facturare.md) over loopback HTTP: the document's conventions (Basic with an API
//! key, OAuth2 refresh, expand, deepObject filter and metadata, error bodies, 429).
#![cfg(feature = "econt")]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use partner_clients::econt::{types, Client, Credentials, Error, ListQuery, OAuth2};
use partner_clients::runtime::{Expandable, HttpConfig, RetryPolicy};
use secrecy::SecretString;
use serde_json::{json, Value};
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::examples::spec_example;
use common::{assert_no_secret, base64, CapturedLogs};

const API_KEY: &str = "sk_live_9f8e7d6c5b4a";
const CLIENT_SECRET: &str = "client-secret-abc";
const REFRESH_TOKEN: &str = "refresh-token-xyz";
const OLD_ACCESS: &str = "access-old-123";
const NEW_ACCESS: &str = "access-new-456";

fn client(server: &MockServer) -> Client {
    Client::new(&server.uri(), Credentials::api_key(API_KEY)).unwrap()
}

fn example(pointer: &str) -> Value {
    spec_example("econt", pointer)
}

fn invoice_example(name: &str) -> Value {
    example(&format!(
        "/paths/~1invoices~1{{id}}/get/responses/200/content/application~1json/examples/{name}"
    ))
}

async fn respond(server: &MockServer, endpoint: &str, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(endpoint))
        .respond_with(response)
        .mount(server)
        .await;
}

async fn raw_queries(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| request.url.query().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn the_api_key_is_the_basic_user_name_with_an_empty_password() {
    let server = MockServer::start().await;
    let expected = format!("Basic {}", base64(&format!("{API_KEY}:")));
    Mock::given(method("GET"))
        .and(path("/invoices/46225"))
        .and(header("authorization", expected.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(invoice_example("unexpanded")))
        .expect(1)
        .mount(&server)
        .await;
    let invoice = client(&server).invoice(46225, &[]).await.unwrap();
    assert_eq!(invoice.id, 46225);
}

#[tokio::test]
async fn filter_and_expand_go_on_the_wire_as_the_document_shows() {
    let server = MockServer::start().await;
    respond(
        &server,
        "/invoices",
        ResponseTemplate::new(200).set_body_json(json!([])),
    )
    .await;
    let filter = types::InvoiceFilter {
        paid: Some(false),
        closed: Some(false),
        customer: Some(1234),
        extra: Default::default(),
    };
    let client = client(&server);
    client
        .invoices(&ListQuery::default().filter(filter.clone()))
        .await
        .unwrap();
    client
        .invoices(&ListQuery::default().filter(filter).expand("customer"))
        .await
        .unwrap();
    // The document: `filter%5Bpaid%5D=0&filter%5Bclosed%5D=0&filter%5Bcustomer%5D=1234`.
    assert_eq!(
        raw_queries(&server).await,
        [
            "filter%5Bpaid%5D=0&filter%5Bclosed%5D=0&filter%5Bcustomer%5D=1234",
            "expand=customer&filter%5Bpaid%5D=0&filter%5Bclosed%5D=0&filter%5Bcustomer%5D=1234",
        ]
    );
}

#[tokio::test]
async fn metadata_and_a_list_of_expansions_go_on_the_wire_as_the_document_shows() {
    let server = MockServer::start().await;
    respond(
        &server,
        "/customers",
        ResponseTemplate::new(200).set_body_json(json!([])),
    )
    .await;
    respond(
        &server,
        "/payments/501",
        ResponseTemplate::new(200).set_body_json(example(
            "/paths/~1payments~1{id}/get/responses/200/content/application~1json/examples/expanded",
        )),
    )
    .await;
    let client = client(&server);
    client
        .customers(&ListQuery::default().metadata("account-rep", "Jan"))
        .await
        .unwrap();
    let payment = client.payment(501, &["customer", "invoice"]).await.unwrap();
    let queries = raw_queries(&server).await;
    // The document: `metadata%5Baccount-rep%5D=Jan`; `expand=customer,invoice` (the comma
    // percent-encoded, which form decoding treats the same).
    assert_eq!(queries[0], "metadata%5Baccount-rep%5D=Jan");
    assert_eq!(queries[1], "expand=customer%2Cinvoice");
    let customer = payment.customer.unwrap();
    assert_eq!(customer.id(), 1234);
    assert_eq!(customer.object().unwrap().name.as_deref(), Some("Acme SRL"));
    let invoice = payment.invoice.unwrap();
    assert_eq!(invoice.id(), 46225);
    assert!(matches!(
        invoice.object().unwrap().customer,
        Some(Expandable::Id(1234))
    ));
}

#[tokio::test]
async fn an_invalid_relation_name_is_refused_before_sending() {
    let server = MockServer::start().await;
    let err = client(&server)
        .invoice(1, &["customer", "x&y=1"])
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest { field, .. } if field == "expand"),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn expanded_and_unexpanded_invoices_both_decode() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/invoices/46225"))
        .respond_with(ResponseTemplate::new(200).set_body_json(invoice_example("expanded")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    respond(
        &server,
        "/invoices/46225",
        ResponseTemplate::new(200).set_body_json(invoice_example("unexpanded")),
    )
    .await;
    let client = client(&server);
    let expanded = client.invoice(46225, &["customer"]).await.unwrap();
    let unexpanded = client.invoice(46225, &[]).await.unwrap();
    let (expanded, unexpanded) = (expanded.customer.unwrap(), unexpanded.customer.unwrap());
    assert_eq!(expanded.id(), unexpanded.id());
    assert!(expanded.object().is_some());
    assert_eq!(unexpanded, Expandable::Id(1234));
}

#[tokio::test]
async fn fields_the_spec_does_not_list_survive_decode_and_reencode() {
    let server = MockServer::start().await;
    let mut body = invoice_example("unexpanded");
    body["total"] = json!(1250.5);
    body["currency"] = json!("MDL");
    body["items"] = json!([{"name": "Consultanță", "quantity": 2}]);
    respond(
        &server,
        "/invoices/46225",
        ResponseTemplate::new(200).set_body_json(body.clone()),
    )
    .await;
    let invoice = client(&server).invoice(46225, &[]).await.unwrap();
    assert_eq!(invoice.extra["currency"], json!("MDL"));
    assert_eq!(invoice.extra["items"][0]["quantity"], json!(2));
    assert_eq!(serde_json::to_value(&invoice).unwrap(), body);
}

#[tokio::test]
async fn each_documented_error_status_maps_to_a_typed_error() {
    for (status, kind, param) in [
        (400, "invalid_request", Some("filter")),
        (403, "invalid_request", None),
        (404, "invalid_request", Some("id")),
        (429, "api", None),
        (500, "api", None),
    ] {
        let server = MockServer::start().await;
        let mut body = json!({"type": kind, "message": format!("failure {status}")});
        if let Some(param) = param {
            body["param"] = json!(param);
        }
        respond(
            &server,
            "/invoices/1",
            ResponseTemplate::new(status).set_body_json(body),
        )
        .await;
        let client = Client::builder(&server.uri(), Credentials::api_key(API_KEY))
            .http(HttpConfig {
                retry: RetryPolicy::none(),
                ..HttpConfig::default()
            })
            .build()
            .unwrap();
        let err = client.invoice(1, &[]).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        let api = err
            .api_error()
            .unwrap_or_else(|| panic!("{status}: {err:?}"));
        assert_eq!(api.kind.to_string(), kind);
        assert_eq!(api.message, format!("failure {status}"));
        assert_eq!(api.param.as_deref(), param, "{status}");
    }
}

#[tokio::test]
async fn a_401_is_an_authentication_error_without_the_key() {
    let server = MockServer::start().await;
    respond(
        &server,
        "/invoices/1",
        ResponseTemplate::new(401).set_body_json(
            json!({"type": "invalid_request", "message": format!("Incorrect API key {API_KEY}")}),
        ),
    )
    .await;
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let client = client(&server);
    let err = client.invoice(1, &[]).await.unwrap_err();
    match &err {
        Error::Authentication { message, .. } => {
            // The declared 401 body, decoded into the spec's `Error` and shown as JSON.
            assert_eq!(
                message,
                r#"{"type":"invalid_request","message":"Incorrect API key [REDACTED]"}"#
            );
        }
        other => panic!("expected an authentication error, got {other:?}"),
    }
    assert_no_secret(
        &format!("{err}\n{err:?}\n{client:?}\n{}", logs.text()),
        &[API_KEY, &base64(&format!("{API_KEY}:"))],
    );
}

#[tokio::test]
async fn a_429_then_200_on_a_read_succeeds_after_honouring_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/customers/1234"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(
                    json!({"type": "api", "message": "You're moving too fast! Slow down!"}),
                ),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    respond(
        &server,
        "/customers/1234",
        ResponseTemplate::new(200).set_body_json(json!({"id": 1234, "name": "Acme SRL"})),
    )
    .await;
    let started = Instant::now();
    let customer = client(&server).customer(1234, &[]).await.unwrap();
    assert_eq!(customer.name.as_deref(), Some("Acme SRL"));
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited only {:?}",
        started.elapsed()
    );
}

#[test]
fn a_plain_http_base_url_is_refused_unless_it_is_loopback() {
    for url in ["http://api.facturare.md", "http://10.1.2.3:8080"] {
        let err = Client::new(url, Credentials::api_key(API_KEY)).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{url}: {err:?}");
    }
    assert!(Client::new("http://127.0.0.1:9", Credentials::api_key(API_KEY)).is_ok());
    assert!(Client::new(
        partner_clients::econt::SANDBOX,
        Credentials::api_key(API_KEY)
    )
    .is_ok());
}

fn oauth(server: &MockServer) -> Credentials {
    Credentials::OAuth2(OAuth2 {
        token_url: format!("{}/oauth/token", server.uri()),
        client_id: "app-1".into(),
        client_secret: SecretString::from(CLIENT_SECRET),
        access_token: SecretString::from(OLD_ACCESS),
        access_token_lifetime: None,
        refresh_token: SecretString::from(REFRESH_TOKEN),
    })
}

#[tokio::test]
async fn a_rejected_access_token_is_refreshed_once_for_all_concurrent_callers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains(format!(
            "refresh_token={REFRESH_TOKEN}"
        )))
        .and(body_string_contains("client_id=app-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": NEW_ACCESS, "token_type": "Bearer", "expires_in": 3600
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/customers/1"))
        .and(header(
            "authorization",
            format!("Bearer {OLD_ACCESS}").as_str(),
        ))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"type": "invalid_request", "message": "expired"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/customers/1"))
        .and(header(
            "authorization",
            format!("Bearer {NEW_ACCESS}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 1})))
        .mount(&server)
        .await;
    let client = Arc::new(Client::new(&server.uri(), oauth(&server)).unwrap());
    let calls = (0..20).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.customer(1, &[]).await })
    });
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().id, 1);
    }
    assert_eq!(client.login_count(), 1);
}

#[tokio::test]
async fn a_refused_refresh_is_an_authentication_error_without_any_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_grant", "error_description": format!("refresh token {REFRESH_TOKEN} revoked")
        })))
        .expect(1)
        .mount(&server)
        .await;
    respond(&server, "/customers/1", ResponseTemplate::new(401)).await;
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let client = Client::new(&server.uri(), oauth(&server)).unwrap();
    let err = client.customer(1, &[]).await.unwrap_err();
    match &err {
        Error::Authentication {
            code, operation, ..
        } => {
            assert_eq!(code.as_deref(), Some("invalid_grant"));
            assert_eq!(*operation, "refreshToken");
        }
        other => panic!("expected an authentication error, got {other:?}"),
    }
    assert_no_secret(
        &format!(
            "{err}\n{err:?}\n{client:?}\n{:?}\n{}",
            oauth(&server),
            logs.text()
        ),
        &[REFRESH_TOKEN, CLIENT_SECRET, OLD_ACCESS],
    );
}

#[tokio::test]
async fn a_rotated_refresh_token_is_used_for_the_next_refresh() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains(format!(
            "refresh_token={REFRESH_TOKEN}"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": NEW_ACCESS, "refresh_token": "rotated-1"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("refresh_token=rotated-1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"access_token": "access-third"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    // Every access token is rejected until the third one.
    Mock::given(method("GET"))
        .and(path("/customers/1"))
        .and(header("authorization", "Bearer access-third"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 1})))
        .mount(&server)
        .await;
    respond(&server, "/customers/1", ResponseTemplate::new(401)).await;
    let client = Client::new(&server.uri(), oauth(&server)).unwrap();
    // First call: old token rejected, refresh, new token rejected again → error (no loop).
    assert!(matches!(
        client.customer(1, &[]).await.unwrap_err(),
        Error::Authentication { .. }
    ));
    // Second call: the rejected token is dropped, so it refreshes with the rotated token.
    assert_eq!(client.customer(1, &[]).await.unwrap().id, 1);
    assert_eq!(client.login_count(), 2);
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_before_the_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": NEW_ACCESS, "expires_in": 3600
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/customers/1"))
        .and(header(
            "authorization",
            format!("Bearer {NEW_ACCESS}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 1})))
        .expect(2)
        .mount(&server)
        .await;
    let Credentials::OAuth2(mut settings) = oauth(&server) else {
        unreachable!()
    };
    // The caller's access token has already run out.
    settings.access_token_lifetime = Some(Duration::ZERO);
    let client = Client::new(&server.uri(), Credentials::OAuth2(settings)).unwrap();
    client.customer(1, &[]).await.unwrap();
    client.customer(1, &[]).await.unwrap();
    assert_eq!(
        client.login_count(),
        1,
        "one refresh, then the new token is used"
    );
}

/// The document's only trace of paid/closed is `filter[paid]=0`; responses may carry JSON
/// booleans. Both forms decode, over HTTP, and read as the same flag.
#[tokio::test]
async fn paid_and_closed_decode_from_booleans_and_from_zero_or_one() {
    let server = MockServer::start().await;
    respond(
        &server,
        "/invoices",
        ResponseTemplate::new(200).set_body_json(json!([
            {"id": 1, "customer": 1234, "paid": true, "closed": false},
            {"id": 2, "customer": 1234, "paid": 1, "closed": 0}
        ])),
    )
    .await;
    let invoices = client(&server)
        .invoices(&ListQuery::default())
        .await
        .unwrap();
    for invoice in &invoices {
        assert_eq!(
            invoice.paid.as_ref().unwrap().as_bool(),
            Some(true),
            "{invoice:?}"
        );
        assert_eq!(
            invoice.closed.as_ref().unwrap().as_bool(),
            Some(false),
            "{invoice:?}"
        );
    }
    // An integer other than 0/1 is not silently read as false.
    let two: types::BooleanOrZeroOne = serde_json::from_value(json!(2)).unwrap();
    assert_eq!(two.as_bool(), None);
}

/// "The filter parameter is an object whose keys are the properties that should be matched":
/// any property, not only the example's, goes on the wire as `filter[<key>]=<value>`.
#[tokio::test]
async fn any_filter_property_is_sent_as_filter_key() {
    let server = MockServer::start().await;
    respond(
        &server,
        "/invoices",
        ResponseTemplate::new(200).set_body_json(json!([])),
    )
    .await;
    let filter = types::InvoiceFilter {
        paid: None,
        closed: Some(false),
        customer: None,
        extra: [("currency".to_owned(), "MDL".to_owned())]
            .into_iter()
            .collect(),
    };
    client(&server)
        .invoices(&ListQuery::default().filter(filter))
        .await
        .unwrap();
    assert_eq!(
        raw_queries(&server).await,
        ["filter%5Bclosed%5D=0&filter%5Bcurrency%5D=MDL"]
    );
}

/// "400 Bad Request – Invalid request parameters" applies to retrieve calls too (they take
/// `expand`): the documented error object decodes on each of them.
#[tokio::test]
async fn a_400_on_a_retrieve_operation_is_the_typed_api_error() {
    for endpoint in ["/invoices/7", "/customers/7", "/payments/7"] {
        let server = MockServer::start().await;
        respond(
            &server,
            endpoint,
            ResponseTemplate::new(400).set_body_json(json!({
                "type": "invalid_request", "message": "Unknown relation colour", "param": "expand"
            })),
        )
        .await;
        let client = client(&server);
        let err = match endpoint {
            "/invoices/7" => client.invoice(7, &["colour"]).await.map(drop),
            "/customers/7" => client.customer(7, &["colour"]).await.map(drop),
            _ => client.payment(7, &["colour"]).await.map(drop),
        }
        .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{endpoint}");
        let api = err
            .api_error()
            .unwrap_or_else(|| panic!("{endpoint}: {err:?}"));
        assert_eq!(api.param.as_deref(), Some("expand"), "{endpoint}");
    }
}

/// One list answer is either expanded or not: the spec's two list examples are uniform.
#[test]
fn each_list_example_is_uniformly_expanded_or_not() {
    let spec: Value = yaml_serde::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/econt.yaml")).unwrap(),
    )
    .unwrap();
    for (name, expanded) in [("outstanding", false), ("expanded", true)] {
        let pointer = format!(
            "/paths/~1invoices/get/responses/200/content/application~1json/examples/{name}/value"
        );
        for invoice in spec.pointer(&pointer).unwrap().as_array().unwrap() {
            assert_eq!(invoice["customer"].is_object(), expanded, "{name}");
        }
    }
}
