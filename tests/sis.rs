//! SiS fullservice over loopback HTTP: one test per behaviour the vendor document describes.
#![cfg(feature = "sis")]

mod common;

use std::sync::Arc;
use std::time::Duration;

use partner_clients::runtime::{self, HttpConfig};
use partner_clients::sis::{types, ApiError, Client, Credentials};
use rust_decimal::Decimal;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{assert_no_secret, form_pairs, mount_with_bearer, CapturedLogs, Sequence};

const USER: &str = "dealer-42";
const PASSWORD: &str = "p&ss w0rd=secret";
const TOKEN: &str = "tok-AAA-first";
const TOKEN_2: &str = "tok-BBB-second";

fn token_response(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": token, "token_type": "bearer", "expires_in": expires_in
    }))
}

fn ok_outcome() -> serde_json::Value {
    json!({"status_code": 200, "message": "OK", "dealer_id": 17, "return_id": 0,
           "error": false, "error_description": []})
}

async fn mount_login(server: &MockServer, responder: impl wiremock::Respond + 'static, times: u64) {
    Mock::given(method("POST"))
        .and(path("/Authorization/Token"))
        .respond_with(responder)
        .expect(times)
        .mount(server)
        .await;
}

fn client(server: &MockServer) -> Client {
    Client::new(&server.uri(), Credentials::new(USER, PASSWORD)).unwrap()
}

fn cancel(id: i64) -> types::CancelContractRequest {
    types::CancelContractRequest { id_contratto: id }
}

#[tokio::test]
async fn login_posts_the_documented_form_body() {
    let server = MockServer::start().await;
    mount_login(&server, token_response(TOKEN, 599), 1).await;
    Mock::given(path("/SiS/CancelContract"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ok_outcome()))
        .mount(&server)
        .await;

    client(&server).cancel_contract(&cancel(2)).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let login = &requests[0];
    assert_eq!(login.url.path(), "/Authorization/Token");
    assert_eq!(
        login.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        form_pairs(login),
        vec![
            ("grant_type".into(), "password".into()),
            ("password".into(), PASSWORD.into()),
            ("username".into(), USER.into()),
        ]
    );
    assert!(login.headers.get("authorization").is_none());
    assert!(login.headers.get("api-version").is_none());
}

#[tokio::test]
async fn every_operation_sends_the_bearer_token() {
    let server = MockServer::start().await;
    mount_login(&server, token_response(TOKEN, 599), 1).await;
    for endpoint in [
        "/SiS/Stock",
        "/SiS/OptionStock",
        "/SiS/CancelContract",
        "/SiS/DmsContract",
    ] {
        mount_with_bearer(
            &server,
            "POST",
            endpoint,
            TOKEN,
            ResponseTemplate::new(200).set_body_json(ok_outcome()),
            1,
        )
        .await;
    }
    let client = client(&server);
    client.stock(&delete_variant()).await.unwrap();
    client
        .option_stock(&types::OptionStockRequest {
            id_dms: 1,
            id_funz_dms: 2,
            data_fine_opzione: None,
        })
        .await
        .unwrap();
    client.cancel_contract(&cancel(2)).await.unwrap();
    client
        .dms_contract(&types::DmsContractRequest {
            id_preventivo: 2,
            data_vendita: None,
        })
        .await
        .unwrap();
}

fn delete_variant() -> types::VehicleStockItem {
    serde_json::from_value(json!({"IdDms": 77, "DataVendita": "2024-05-02", "Operation": "D"}))
        .unwrap()
}

#[tokio::test]
async fn fifty_concurrent_calls_share_one_login() {
    let server = MockServer::start().await;
    mount_login(
        &server,
        token_response(TOKEN, 599).set_delay(Duration::from_millis(200)),
        1,
    )
    .await;
    Mock::given(path("/SiS/CancelContract"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ok_outcome()))
        .expect(50)
        .mount(&server)
        .await;
    let client = Arc::new(client(&server));
    let calls = (0..50).map(|id| {
        let client = client.clone();
        tokio::spawn(async move { client.cancel_contract(&cancel(id)).await })
    });
    for call in futures::future::join_all(calls).await {
        call.unwrap().unwrap();
    }
    assert_eq!(client.login_count(), 1);
}

#[tokio::test]
async fn a_token_near_expiry_is_renewed_before_use() {
    let server = MockServer::start().await;
    // A 2 s token: with the refresh margin capped at half the lifetime, it is renewed
    // after 1 s, while still valid on the vendor's side.
    mount_login(
        &server,
        Sequence::new(vec![token_response(TOKEN, 2), token_response(TOKEN_2, 2)]),
        2,
    )
    .await;
    mount_with_bearer(
        &server,
        "POST",
        "/SiS/CancelContract",
        TOKEN,
        ResponseTemplate::new(200).set_body_json(ok_outcome()),
        1,
    )
    .await;
    mount_with_bearer(
        &server,
        "POST",
        "/SiS/CancelContract",
        TOKEN_2,
        ResponseTemplate::new(200).set_body_json(ok_outcome()),
        1,
    )
    .await;
    let client = client(&server);
    client.cancel_contract(&cancel(1)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.cancel_contract(&cancel(2)).await.unwrap();
    assert_eq!(client.login_count(), 2);
}

#[tokio::test]
async fn a_401_causes_one_relogin_and_one_retry() {
    let server = MockServer::start().await;
    mount_login(
        &server,
        Sequence::new(vec![
            token_response(TOKEN, 599),
            token_response(TOKEN_2, 599),
        ]),
        2,
    )
    .await;
    let denied = ResponseTemplate::new(401)
        .set_body_json(json!({"Message": "Autorizzazione negata per la richiesta."}));
    mount_with_bearer(&server, "POST", "/SiS/CancelContract", TOKEN, denied, 1).await;
    mount_with_bearer(
        &server,
        "POST",
        "/SiS/CancelContract",
        TOKEN_2,
        ResponseTemplate::new(200).set_body_json(ok_outcome()),
        1,
    )
    .await;
    let outcome = client(&server).cancel_contract(&cancel(2)).await.unwrap();
    assert!(!outcome.error);
}

#[tokio::test]
async fn a_second_401_is_an_authentication_error_not_a_loop() {
    let server = MockServer::start().await;
    mount_login(&server, token_response(TOKEN, 599), 2).await;
    Mock::given(path("/SiS/Stock"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"Message": "Autorizzazione negata per la richiesta."})),
        )
        .expect(2)
        .mount(&server)
        .await;
    let err = client(&server).stock(&delete_variant()).await.unwrap_err();
    assert!(
        matches!(&err, runtime::Error::Authentication { operation: "stock", status: Some(s), .. } if s.as_u16() == 401),
        "{err:?}"
    );
    assert!(err.to_string().contains("Autorizzazione negata"), "{err}");
}

#[tokio::test]
async fn a_400_becomes_a_typed_error_with_its_key_value_descriptions() {
    let server = MockServer::start().await;
    mount_login(&server, token_response(TOKEN, 599), 1).await;
    Mock::given(path("/SiS/Stock"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status_code": 400, "message": "BadRequest", "dealer_id": 17, "return_id": 0,
            "error": true,
            "error_description": [
                {"Key": "Telaio", "Value": "Telaio obbligatorio"},
                {"Key": "Targa", "Value": "Targa non valida"}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server).stock(&delete_variant()).await.unwrap_err();
    let Some(api_error @ ApiError::BadRequest(outcome)) = err.api_error() else {
        panic!("expected the documented 400 payload, got {err:?}");
    };
    assert_eq!(err.status().unwrap().as_u16(), 400);
    assert!(outcome.error);
    let pairs = api_error
        .descriptions()
        .iter()
        .map(|entry| (entry.key.as_str(), entry.value.as_str()))
        .collect::<Vec<_>>();
    assert_eq!(
        pairs,
        [
            ("Telaio", "Telaio obbligatorio"),
            ("Targa", "Targa non valida")
        ]
    );
    assert!(
        err.to_string()
            .contains(r#""Key":"Telaio","Value":"Telaio obbligatorio""#),
        "{err}"
    );
}

#[tokio::test]
async fn invalid_grant_is_an_authentication_error() {
    let server = MockServer::start().await;
    mount_login(
        &server,
        ResponseTemplate::new(400).set_body_json(
            json!({"error": "invalid_grant", "error_description": "Wrong credentials Used"}),
        ),
        1,
    )
    .await;
    Mock::given(path("/SiS/CancelContract"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ok_outcome()))
        .expect(0)
        .mount(&server)
        .await;
    let err = client(&server)
        .cancel_contract(&cancel(2))
        .await
        .unwrap_err();
    let runtime::Error::Authentication { code, message, .. } = &err else {
        panic!("expected an authentication error, got {err:?}");
    };
    assert_eq!(code.as_deref(), Some("invalid_grant"));
    assert_eq!(message, "Wrong credentials Used");
}

#[tokio::test]
async fn stock_body_carries_decimals_as_exact_json_numbers() {
    let server = MockServer::start().await;
    mount_login(&server, token_response(TOKEN, 599), 1).await;
    Mock::given(path("/SiS/Stock"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ok_outcome()))
        .mount(&server)
        .await;
    let mut item = delete_variant();
    item.mny_prezzo = Some(Decimal::new(1, 1) + Decimal::new(2, 1)); // 0.1 + 0.2
    item.mny_prezzo_ritiro = Some("12345.6789".parse().unwrap());
    client(&server).stock(&item).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let body = String::from_utf8(requests[1].body.clone()).unwrap();
    assert!(body.contains(r#""mnyPrezzo":0.3"#), "{body}");
    assert!(body.contains(r#""mnyPrezzoRitiro":12345.6789"#), "{body}");
    let echoed: types::VehicleStockItem = serde_json::from_str(&body).unwrap();
    assert_eq!(echoed, item);
}

#[tokio::test]
async fn plain_http_base_url_is_refused_except_loopback() {
    let err = Client::new("http://sisapi.example", Credentials::new(USER, PASSWORD)).unwrap_err();
    assert!(matches!(err, runtime::Error::Config(_)), "{err:?}");
    assert!(Client::new("http://127.0.0.1:9", Credentials::new(USER, PASSWORD)).is_ok());
}

#[tokio::test]
async fn no_password_or_token_in_debug_display_or_logs() {
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let server = MockServer::start().await;
    mount_login(&server, token_response(TOKEN, 599), 2).await;
    Mock::given(path("/SiS/Stock"))
        .respond_with(ResponseTemplate::new(401).set_body_string(format!("bad token {TOKEN}")))
        .mount(&server)
        .await;
    let client = client(&server);
    let auth_error = client.stock(&delete_variant()).await.unwrap_err();

    // A transport failure: nothing listens on the login URL any more.
    let closed = Client::builder("http://127.0.0.1:9", Credentials::new(USER, PASSWORD))
        .http(HttpConfig {
            connect_timeout: Duration::from_millis(200),
            ..HttpConfig::default()
        })
        .build()
        .unwrap();
    let transport_error = closed.cancel_contract(&cancel(1)).await.unwrap_err();
    assert!(matches!(
        transport_error,
        runtime::Error::Transport { .. } | runtime::Error::Timeout { .. }
    ));

    let texts = [
        format!("{client:?}"),
        format!("{auth_error:?}"),
        auth_error.to_string(),
        format!("{transport_error:?}"),
        transport_error.to_string(),
        logs.text(),
    ];
    for text in &texts {
        assert_no_secret(text, &[PASSWORD, TOKEN, "p%26ss"]);
    }
}

#[test]
fn values_and_fields_the_vendor_adds_later_still_decode_and_keep_their_raw_value() {
    let item: types::VehicleStockItem = serde_json::from_value(json!({
        "IdDms": 41, "Operation": "R", "FkStockStatus": 7, "FkStockTipologia": 1,
        "NewField": {"added": "by SiS"}
    }))
    .unwrap();
    assert_eq!(*item.fk_stock_status.clone().unwrap(), 7);
    let types::VehicleStockItemOperation::Unknown(raw) = &item.operation else {
        panic!("{:?}", item.operation)
    };
    assert_eq!(raw.as_str(), "R");
    assert_eq!(item.operation.to_string(), "R");
    // Sent back unchanged...
    let echoed = serde_json::to_value(&item).unwrap();
    assert_eq!(
        (echoed["Operation"].clone(), echoed["FkStockStatus"].clone()),
        (json!("R"), json!(7))
    );
    // ...but a caller cannot build undocumented values for a request.
    assert!(types::StockStatus::try_from(7).is_err());
    assert!("R".parse::<types::VehicleStockItemOperation>().is_err());
}

/// A server that logs in once and accepts one `/SiS/Stock` call.
async fn stock_server() -> MockServer {
    let server = MockServer::start().await;
    mount_login(&server, token_response(TOKEN, 599), 1).await;
    Mock::given(method("POST"))
        .and(path("/SiS/Stock"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ok_outcome()))
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// The JSON body of the call after the login.
async fn body_after_login(server: &MockServer) -> serde_json::Value {
    serde_json::from_slice(&server.received_requests().await.unwrap()[1].body).unwrap()
}

/// "TipoVariazione": "" //... | NULL=ALTRO: the literal string "NULL" and JSON null are both
/// "altro" (other), one variant; it is sent as null (the spec's reading), an absent
/// TipoVariazione stays absent, and the other codes go back as their three letters.
#[tokio::test]
async fn tipo_variazione_null_string_and_json_null_both_decode_as_altro() {
    let server = stock_server().await;
    let item: types::VehicleStockItem = serde_json::from_value(json!({
        "IdDms": 77, "Operation": "U",
        "Spese": [
            {"CodSpesa": "S1", "TipoVariazione": "NULL", "ImportoSpesa": 10.0},
            {"CodSpesa": "S2", "TipoVariazione": null, "ImportoSpesa": 5.0},
            {"CodSpesa": "S3", "TipoVariazione": "CAR", "ImportoSpesa": 1.0},
            {"CodSpesa": "S4", "ImportoSpesa": 2.0}
        ]
    }))
    .unwrap();
    let kinds: Vec<_> = item
        .spese
        .iter()
        .map(|s| s.tipo_variazione.clone())
        .collect();
    assert_eq!(
        kinds,
        [
            Some(types::StockExpenseTipoVariazione::Other),
            Some(types::StockExpenseTipoVariazione::Other),
            Some(types::StockExpenseTipoVariazione::Bodywork),
            None
        ]
    );

    client(&server).stock(&item).await.unwrap();

    let sent = body_after_login(&server).await;
    let spese = &sent["Spese"];
    assert_eq!(spese[0].get("TipoVariazione"), Some(&json!(null)));
    assert_eq!(spese[1].get("TipoVariazione"), Some(&json!(null)));
    assert_eq!(spese[2]["TipoVariazione"], "CAR");
    assert_eq!(spese[3].get("TipoVariazione"), None);
}

/// The document's code lists, under the spec's x-enum-varnames: "Operation" I=INSERT,
/// U=UPDATE, D=DELETE; FkStockStatus 1(Presente); FkStockTipologia 4(Usato);
/// TipoVariazione PNE=PNEUMATICI. Each name sends the documented code.
#[tokio::test]
async fn named_codes_send_the_documented_values() {
    let server = stock_server().await;
    let mut item = delete_variant();
    item.operation = types::VehicleStockItemOperation::Insert;
    item.fk_stock_status = Some(types::StockStatus::IN_STOCK);
    item.fk_stock_tipologia = Some(types::StockTypology::USED);
    item.spese = vec![types::StockExpense {
        tipo_variazione: Some(types::StockExpenseTipoVariazione::Tyres),
        ..Default::default()
    }];

    client(&server).stock(&item).await.unwrap();

    let sent = body_after_login(&server).await;
    assert_eq!(
        (
            &sent["Operation"],
            &sent["FkStockStatus"],
            &sent["FkStockTipologia"],
            &sent["Spese"][0]["TipoVariazione"]
        ),
        (&json!("I"), &json!(1), &json!(4), &json!("PNE"))
    );
    assert_eq!(
        types::StockStatus::IN_STOCK,
        types::StockStatus::try_from(1).unwrap()
    );
    assert_eq!(
        types::VehicleStockItemOperation::Delete,
        "D".parse().unwrap()
    );
}

/// "return_id": [last-identity] only "se l'operazione è INSERT"; the other answers show 0.
/// Dates travel as yyyy-mm-dd (the spec's reading; the document writes 02/04/2020).
#[tokio::test]
async fn a_non_insert_answers_return_id_zero_and_dates_travel_as_iso_days() {
    let server = MockServer::start().await;
    mount_login(&server, token_response(TOKEN, 599), 1).await;
    let not_insert = common::examples::spec_example(
        "sis",
        "/components/responses/Ok/content/application~1json/examples/notInsert",
    );
    Mock::given(method("POST"))
        .and(path("/SiS/DmsContract"))
        .respond_with(ResponseTemplate::new(200).set_body_json(not_insert))
        .expect(1)
        .mount(&server)
        .await;

    let outcome = client(&server)
        .dms_contract(&types::DmsContractRequest {
            id_preventivo: 2,
            data_vendita: Some(chrono::NaiveDate::from_ymd_opt(2020, 4, 2).unwrap()),
        })
        .await
        .unwrap();

    assert_eq!(outcome.return_id, Some(0));
    let sent = body_after_login(&server).await;
    assert_eq!(sent["DataVendita"], "2020-04-02");
}

/// `IdDms` and `Operation` are required by the spec: a builder missing one is refused, and
/// the error names the field (its Rust setter and its wire name).
#[test]
fn a_vehicle_built_without_a_required_field_is_refused_naming_that_field() {
    let without_operation: Result<types::VehicleStockItem, _> =
        types::VehicleStockItem::builder().id_dms(77).try_into();
    let err = without_operation.unwrap_err().to_string();
    assert_eq!(err, "no value supplied for operation (`Operation`)");
    let without_id: Result<types::VehicleStockItem, _> = types::VehicleStockItem::builder()
        .operation(types::VehicleStockItemOperation::Delete)
        .try_into();
    assert_eq!(
        without_id.unwrap_err().to_string(),
        "no value supplied for id_dms (`IdDms`)"
    );
}

/// A withdrawal built field by field goes on the wire exactly as the document's `delete`
/// body: IdDms, DataVendita and Operation, and nothing else.
#[tokio::test]
async fn a_withdrawal_built_field_by_field_is_the_documented_delete_body_on_the_wire() {
    let server = MockServer::start().await;
    mount_login(&server, token_response(TOKEN, 599), 1).await;
    mount_with_bearer(
        &server,
        "POST",
        "/SiS/Stock",
        TOKEN,
        ResponseTemplate::new(200).set_body_json(ok_outcome()),
        1,
    )
    .await;
    let withdrawal: types::VehicleStockItem = types::VehicleStockItem::builder()
        .id_dms(0)
        .data_vendita(chrono::NaiveDate::from_ymd_opt(2020, 4, 2))
        .operation(types::VehicleStockItemOperation::Delete)
        .try_into()
        .unwrap();
    client(&server).stock(&withdrawal).await.unwrap();

    let sent: serde_json::Value =
        serde_json::from_slice(&server.received_requests().await.unwrap()[1].body).unwrap();
    let documented = common::examples::spec_example(
        "sis",
        "/paths/~1SiS~1Stock/post/requestBody/content/application~1json/examples/delete",
    );
    assert_eq!(sent, documented);
}
