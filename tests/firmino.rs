//! Firmino.pl recurring documents over loopback HTTP: one test per behaviour the vendor
//! document describes, with the document's own requests and answers (from the spec).
#![cfg(feature = "firmino")]

mod common;

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use chrono::NaiveDate;
use futures::TryStreamExt;
use partner_clients::firmino::{types, ApiError, Client, Credentials, Error};
use partner_clients::runtime::{HttpConfig, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use common::examples::spec_example;
use common::{assert_no_secret, base64, CapturedLogs};

const LOGIN: &str = "biuro@example.pl";
const PASSWORD: &str = "haslo-tajne\"123";

fn client(server: &MockServer) -> Client {
    Client::new(&server.uri(), Credentials::new(LOGIN, PASSWORD)).unwrap()
}

fn example(pointer: &str) -> Value {
    spec_example("firmino", pointer)
}

fn answer(operation_path: &str, name: &str) -> Value {
    example(&format!(
        "/paths/{operation_path}/post/responses/200/content/application~1json/examples/{name}"
    ))
}

fn request(operation_path: &str, name: &str) -> Value {
    example(&format!(
        "/paths/{operation_path}/post/requestBody/content/application~1json/examples/{name}"
    ))
}

async fn mount(server: &MockServer, endpoint: &str, body: Option<Value>, answer: Value) {
    let mock = Mock::given(method("POST")).and(path(endpoint));
    let mock = match body {
        Some(body) => mock.and(body_json(body)),
        None => mock,
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(server)
        .await;
}

fn document_29910() -> types::RecurringDocument {
    types::RecurringDocument {
        id: Some(29910),
        id_sale_document: 19818500,
        interval_time_type: types::IntervalTimeType::Month,
        name: "CYKLICZNA - Test".into(),
        start_date: NaiveDate::from_ymd_opt(2022, 8, 25).unwrap(),
        active: true,
        email: None,
        email_for_confirmation: None,
        hour_to_send: "10".into(),
    }
}

#[tokio::test]
async fn every_call_sends_http_basic_with_login_and_password() {
    let server = MockServer::start().await;
    // base64("biuro@example.pl:haslo-tajne\"123")
    let expected = format!("Basic {}", base64(&format!("{LOGIN}:{PASSWORD}")));
    Mock::given(method("POST"))
        .and(path("/recurring-documents/get/29910"))
        .and(header("authorization", expected.as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(answer("~1recurring-documents~1get~1{id}", "found")),
        )
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(client(&server).get(29910).await.unwrap(), document_29910());
}

#[tokio::test]
async fn add_sends_the_documents_request_and_unwraps_the_created_document() {
    let server = MockServer::start().await;
    let endpoint = "~1recurring-documents~1add";
    mount(
        &server,
        "/recurring-documents/add",
        Some(request(endpoint, "minimal")),
        answer(endpoint, "created"),
    )
    .await;
    let created = client(&server)
        .add(&types::NewRecurringDocument {
            name: "Test".into(),
            id_sale_document: 19818500,
            interval_time_type: None,
            start_date: None,
            active: None,
            email: None,
            email_for_confirmation: None,
            hour_to_send: None,
        })
        .await
        .unwrap();
    assert_eq!(created, document_29910());
}

#[tokio::test]
async fn success_false_becomes_a_typed_error_with_the_vendor_message() {
    let server = MockServer::start().await;
    let endpoint = "~1recurring-documents~1add";
    mount(
        &server,
        "/recurring-documents/add",
        None,
        answer(endpoint, "missingValues"),
    )
    .await;
    let err = client(&server)
        // The types make a missing name unrepresentable; an empty one still reaches the vendor.
        .add(&types::NewRecurringDocument {
            name: String::new(),
            id_sale_document: 0,
            interval_time_type: None,
            start_date: None,
            active: None,
            email: None,
            email_for_confirmation: None,
            hour_to_send: None,
        })
        .await
        .unwrap_err();
    assert_eq!(
        err.api_error(),
        Some(&ApiError {
            message: "Brak wymaganych wartości".into()
        })
    );
    assert_eq!(err.operation(), Some("add"));
    assert!(
        err.to_string().contains("Brak wymaganych wartości"),
        "{err}"
    );
}

#[tokio::test]
async fn a_failure_envelope_under_an_error_status_is_the_same_typed_error_and_add_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/recurring-documents/add"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("retry-after", "0")
                .set_body_json(json!({"success": false, "response": "Serwis niedostępny"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(&server.uri(), Credentials::new(LOGIN, PASSWORD))
        .http(HttpConfig {
            retry: RetryPolicy {
                max_attempts: 5,
                ..RetryPolicy::default()
            },
            ..HttpConfig::default()
        })
        .build()
        .unwrap();
    let err = client
        .add(&types::NewRecurringDocument {
            name: "Test".into(),
            id_sale_document: 1,
            interval_time_type: None,
            start_date: None,
            active: None,
            email: None,
            email_for_confirmation: None,
            hour_to_send: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.api_error().unwrap().message, "Serwis niedostępny");
}

#[tokio::test]
async fn update_sends_active_as_a_string_and_reads_it_back_as_bool() {
    let server = MockServer::start().await;
    let endpoint = "~1recurring-documents~1update";
    let sent = request(endpoint, "weekly");
    assert_eq!(sent["active"], json!("true"), "the document sends a string");
    mount(
        &server,
        "/recurring-documents/update",
        Some(sent),
        answer(endpoint, "updated"),
    )
    .await;
    let updated = client(&server)
        .update(&types::RecurringDocumentUpdate {
            id: 29893,
            id_sale_document: Some(19818500),
            interval_time_type: Some(types::IntervalTimeType::Week),
            name: Some("ZMIANA".into()),
            start_date: Some(NaiveDate::from_ymd_opt(2022, 7, 24).unwrap()),
            active: Some(true),
            email: Some("zmiana@email.pl".into()),
            email_for_confirmation: None,
            hour_to_send: Some("8".into()),
        })
        .await
        .unwrap();
    assert!(updated.active);
    assert_eq!(updated.interval_time_type, types::IntervalTimeType::Week);
    assert_eq!(updated.email.as_deref(), Some("zmiana@email.pl;"));
}

#[test]
fn active_false_round_trips_as_the_string_false() {
    let listed: types::RecurringDocumentListItem = serde_json::from_value(
        answer("~1recurring-documents~1find", "weekly")["response"]["list"][0].clone(),
    )
    .unwrap();
    assert!(!listed.active);
    assert_eq!(
        serde_json::to_value(&listed).unwrap()["active"],
        json!("false")
    );
    let bad = json!({"id": 1, "name": "x", "idSaleDocument": 2, "startDate": "2022-01-01", "active": "tak"});
    assert!(serde_json::from_value::<types::RecurringDocumentListItem>(bad).is_err());
}

#[tokio::test]
async fn delete_returns_the_vendor_confirmation() {
    let server = MockServer::start().await;
    mount(
        &server,
        "/recurring-documents/delete/29892",
        None,
        answer("~1recurring-documents~1delete~1{id}", "deleted"),
    )
    .await;
    assert_eq!(
        client(&server).delete(29892).await.unwrap(),
        "Usunięto dokument"
    );
}

#[tokio::test]
async fn delete_refused_is_a_typed_error() {
    let server = MockServer::start().await;
    mount(
        &server,
        "/recurring-documents/delete/1",
        None,
        json!({"success": false, "response": "Nie znaleziono dokumentu"}),
    )
    .await;
    let err = client(&server).delete(1).await.unwrap_err();
    assert_eq!(err.api_error().unwrap().message, "Nie znaleziono dokumentu");
}

#[tokio::test]
async fn init_returns_a_blank_document_without_id() {
    let server = MockServer::start().await;
    let endpoint = "~1recurring-documents~1init";
    mount(
        &server,
        "/recurring-documents/init",
        Some(request(endpoint, "prefilled")),
        answer(endpoint, "blank"),
    )
    .await;
    let blank = client(&server)
        .init(&types::RecurringDocumentFields {
            name: Some("Test".into()),
            id_sale_document: Some(19818500),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(blank.id, None);
    assert_eq!(blank.id_sale_document, Some(19818500));
    assert_eq!(
        blank.interval_time_type,
        Some(types::IntervalTimeType::Month)
    );
    assert_eq!(blank.hour_to_send.as_deref(), Some("10"));
}

/// "init - inicjalizowanie pustego dokumentu (zwraca dostępny numer porządkowy i domyślne
/// ustawienia)": an empty document comes back with idSaleDocument and name null, and the
/// available sequence number (a field the document does not name) is kept, not dropped.
#[tokio::test]
async fn init_of_an_empty_document_decodes_nulls_and_keeps_undocumented_fields() {
    let server = MockServer::start().await;
    mount(
        &server,
        "/recurring-documents/init",
        Some(json!({})),
        answer("~1recurring-documents~1init", "empty"),
    )
    .await;
    let empty = client(&server)
        .init(&types::RecurringDocumentFields::default())
        .await
        .unwrap();
    assert_eq!(empty.id, None);
    assert_eq!(empty.id_sale_document, None);
    assert_eq!(empty.name, None);
    assert_eq!(empty.active, Some(true));
    assert_eq!(empty.extra.get("number"), Some(&json!(7)));
}

/// The document names no HTTP status: a 500 whose body is an HTML error page, or nothing,
/// is an error carrying the status and a bounded snippet, not a decode failure.
#[tokio::test]
async fn a_500_with_an_html_or_empty_body_is_a_status_error_with_a_bounded_snippet() {
    let page = format!(
        "<html><body><h1>HTTP Status 500</h1>{}</body></html>",
        "x".repeat(5000)
    );
    for body in [page.as_str(), ""] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/recurring-documents/get/29910"))
            .respond_with(ResponseTemplate::new(500).set_body_string(body))
            .mount(&server)
            .await;
        let err = client(&server).get(29910).await.unwrap_err();
        common::assert_bounded_500(&err, body, "<html>");
    }
}

/// "Dostępne: week, month, two months, three months, six months, year": each name of the
/// spec's x-enum-varnames sends the field table's string, spaces kept (only "week" and
/// "month" appear in the document's requests and answers).
#[tokio::test]
async fn interval_names_send_the_documents_wire_strings() {
    let server = MockServer::start().await;
    let intervals = [
        (types::IntervalTimeType::Week, "week"),
        (types::IntervalTimeType::Month, "month"),
        (types::IntervalTimeType::TwoMonths, "two months"),
        (types::IntervalTimeType::ThreeMonths, "three months"),
        (types::IntervalTimeType::SixMonths, "six months"),
        (types::IntervalTimeType::Year, "year"),
    ];
    Mock::given(method("POST"))
        .and(path("/recurring-documents/update"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(answer("~1recurring-documents~1update", "updated")),
        )
        .expect(intervals.len() as u64)
        .mount(&server)
        .await;
    let client = client(&server);
    for (interval, _) in &intervals {
        let mut change: types::RecurringDocumentUpdate =
            serde_json::from_value(json!({"id": 29893})).unwrap();
        change.interval_time_type = Some(interval.clone());
        client.update(&change).await.unwrap();
    }
    let sent: Vec<Value> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| {
            serde_json::from_slice::<Value>(&request.body).unwrap()["intervalTimeType"].clone()
        })
        .collect();
    let wire: Vec<Value> = intervals.iter().map(|(_, wire)| json!(wire)).collect();
    assert_eq!(sent, wire);
}

#[tokio::test]
async fn find_sends_paging_text_and_filters_and_returns_the_page() {
    let server = MockServer::start().await;
    let endpoint = "~1recurring-documents~1find";
    mount(
        &server,
        "/recurring-documents/find",
        Some(request(endpoint, "weekly")),
        answer(endpoint, "weekly"),
    )
    .await;
    let page = client(&server)
        .find(&types::FindQuery {
            page: NonZeroU32::new(1),
            size: NonZeroU32::new(10),
            text: Some(String::new()),
            filters: vec![types::FindFilter {
                name: "intervalTimeType".into(),
                value: "week".into(),
            }],
        })
        .await
        .unwrap();
    assert_eq!(page.params.total, 1);
    assert_eq!(page.list.len(), 1);
    assert_eq!(page.list[0].interval_type_name.as_deref(), Some("Tydzień"));
}

/// A server holding `total` documents, `size` per page, that records the pages asked for.
fn paged_server(
    total: i64,
    size: i64,
    asked: Arc<std::sync::Mutex<Vec<i64>>>,
) -> impl Fn(&Request) -> ResponseTemplate {
    move |request: &Request| {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let page = body["page"].as_i64().unwrap();
        asked.lock().unwrap().push(page);
        let first = (page - 1) * size;
        let list: Vec<Value> = (first..total.min(first + size))
            .map(|id| json!({"id": id, "name": "Test", "idSaleDocument": 1, "startDate": "2022-08-25", "active": "true"}))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "response": {
                "params": {"total": total, "page": page, "size": size, "sortField": null, "sortOrder": null, "text": null, "filters": null},
                "list": list
            }
        }))
    }
}

#[tokio::test]
async fn find_all_visits_every_page_exactly_once() {
    for (total, size, pages) in [(7, 3, vec![1, 2, 3]), (6, 3, vec![1, 2]), (0, 15, vec![1])] {
        let server = MockServer::start().await;
        let asked = Arc::new(std::sync::Mutex::new(Vec::new()));
        Mock::given(method("POST"))
            .and(path("/recurring-documents/find"))
            .respond_with(paged_server(total, size, asked.clone()))
            .mount(&server)
            .await;
        let all: Vec<_> = client(&server)
            .find_all(types::FindQuery::default())
            .try_collect()
            .await
            .unwrap();
        let ids: Vec<i64> = all.iter().map(|item| item.id).collect();
        assert_eq!(
            ids,
            (0..total).collect::<Vec<_>>(),
            "total {total}, size {size}"
        );
        assert_eq!(*asked.lock().unwrap(), pages, "total {total}, size {size}");
    }
}

#[tokio::test]
async fn find_all_stops_at_the_first_failing_page_with_its_error() {
    let server = MockServer::start().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    Mock::given(method("POST"))
        .and(path("/recurring-documents/find"))
        .respond_with(move |request: &Request| {
            counter.fetch_add(1, Ordering::SeqCst);
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            if body["page"] == json!(1) {
                paged_server(4, 2, Default::default())(request)
            } else {
                ResponseTemplate::new(200)
                    .set_body_json(json!({"success": false, "response": "Błąd"}))
            }
        })
        .mount(&server)
        .await;
    let client = client(&server);
    let mut stream = Box::pin(client.find_all(types::FindQuery::default()));
    assert_eq!(stream.try_next().await.unwrap().unwrap().id, 0);
    assert_eq!(stream.try_next().await.unwrap().unwrap().id, 1);
    let err = stream.try_next().await.unwrap_err();
    assert_eq!(err.api_error().unwrap().message, "Błąd");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn an_unknown_interval_and_unknown_fields_still_decode() {
    let server = MockServer::start().await;
    let mut found = answer("~1recurring-documents~1get~1{id}", "found");
    found["response"]["intervalTimeType"] = json!("two weeks");
    found["response"]["currency"] = json!({"code": "EUR"});
    mount(&server, "/recurring-documents/get/29910", None, found).await;
    let document = client(&server).get(29910).await.unwrap();
    assert_eq!(document.interval_time_type.to_string(), "two weeks");
    assert!(matches!(
        document.interval_time_type,
        types::IntervalTimeType::Unknown(_)
    ));
    // Requests stay strict: an invented interval cannot be built from a string.
    assert!("two weeks".parse::<types::IntervalTimeType>().is_err());
}

#[tokio::test]
async fn a_contradictory_envelope_is_a_decode_error() {
    let server = MockServer::start().await;
    mount(
        &server,
        "/recurring-documents/get/5",
        None,
        json!({"success": true, "response": "OK?"}),
    )
    .await;
    let err = client(&server).get(5).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn refused_credentials_are_an_authentication_error_without_the_password() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/recurring-documents/get/1"))
        .respond_with(
            ResponseTemplate::new(401).set_body_string(format!("bad login {LOGIN}:{PASSWORD}")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let client = client(&server);
    let err = client.get(1).await.unwrap_err();
    assert!(matches!(err, Error::Authentication { .. }), "{err:?}");
    let everything = format!(
        "{err}\n{err:?}\n{client:?}\n{:?}\n{}",
        Credentials::new(LOGIN, PASSWORD),
        logs.text()
    );
    assert_no_secret(
        &everything,
        &[PASSWORD, &base64(&format!("{LOGIN}:{PASSWORD}"))],
    );
}
