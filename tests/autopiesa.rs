//! Autopiesa (bizpulse.ro) over loopback HTTP: one test per behaviour the vendor document
//! describes.
#![cfg(feature = "autopiesa")]

mod common;

use std::str::FromStr;

use partner_clients::autopiesa::{
    types, Client, Credentials, Error, DEFAULT_BASE_PATH, SALES_ORDER_SOURCE_WEB,
};
use partner_clients::runtime::{HttpConfig, RetryPolicy};
use rust_decimal::Decimal;
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{assert_no_secret, mount_with_bearer, CapturedLogs, Sequence};

const USER: &str = "autopiesa";
const PASSWORD: &str = "pa$$ \"word\" secret";
const ORGANIZATION: &str = "AUTOPIESA-TEST";
const TOKEN: &str = "eyJ-first-token";
const TOKEN_2: &str = "eyJ-second-token";

fn credentials() -> Credentials {
    Credentials::new(USER, PASSWORD, ORGANIZATION)
}

fn client(server: &MockServer) -> Client {
    Client::new(&server.uri(), credentials()).unwrap()
}

fn token(value: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"access_token": value, "expires_in": 43200}))
}

async fn mount_login(server: &MockServer, responder: impl wiremock::Respond + 'static, times: u64) {
    Mock::given(method("POST"))
        .and(path("/api/Login"))
        .respond_with(responder)
        .expect(times)
        .mount(server)
        .await;
}

fn payment_types() -> serde_json::Value {
    json!([
        {"paymentType_ID": "3c4d5e6f-0001", "paymentTypeCode": "NUM", "paymentTypeName": "Numerar"},
        {"paymentType_ID": "3c4d5e6f-0002", "paymentTypeCode": "CARD", "paymentTypeName": "Card online"}
    ])
}

/// The spec's example `name` of the request body of `operation_path` (e.g. `~1UpdateCustomer`).
fn request_example(operation_path: &str, name: &str) -> serde_json::Value {
    let pointer = format!(
        "/paths/{operation_path}/post/requestBody/content/application~1json/examples/{name}"
    );
    common::examples::spec_example("autopiesa", &pointer)
}

fn person() -> types::Customer {
    types::Customer {
        partner_name: None,
        fiscal_attribute: None,
        fiscal_reg_no: None,
        commercial_reg_no: None,
        pin: Some("1850312400123".into()),
        legal_form_id: None,
        first_name: "Andrei".into(),
        last_name: "Popescu".into(),
        email: "andrei.popescu@example.ro".into(),
        phone_number: Some("0722123456".into()),
        delivery_address_street_name: Some("Strada Lalelelor".into()),
        delivery_address_street_no: Some("12".into()),
        delivery_address_street_other: Some("Bl. A2, Sc. 1, Ap. 5".into()),
        delivery_address_district: Some("Bucuresti".into()),
        delivery_address_city: Some("Sector 2".into()),
        delivery_address_postal_code: Some("021234".into()),
        delivery_address_id: Some("WEB-ADDR-10045".into()),
        invoicing_address_street_name: Some("Strada Lalelelor".into()),
        invoicing_address_street_no: Some("12".into()),
        invoicing_address_street_other: Some("Bl. A2, Sc. 1, Ap. 5".into()),
        invoicing_address_district: Some("Bucuresti".into()),
        invoicing_address_city: Some("Sector 2".into()),
        invoicing_address_postal_code: "021234".into(),
        invoicing_address_id: "WEB-ADDR-10045".into(),
        contact_first_name: Some("Andrei".into()),
        contact_last_name: Some("Popescu".into()),
        contact_phone_number: Some("0722123456".into()),
        contact_external_id: "WEB-CUST-10045".into(),
    }
}

fn order(products: Vec<types::SalesOrderProduct>) -> types::SalesOrder {
    types::SalesOrder {
        external_number: Some("WEB-2024-000123".into()),
        date: Some("2024-05-14T07:30:00Z".parse().unwrap()),
        pin: Some("1850312400123".into()),
        fiscal_reg_no: None,
        delivery_address_id: "WEB-ADDR-10045".into(),
        invoicing_address_id: "WEB-ADDR-10045".into(),
        delivery_type_id: "0b8e4c1a-2f3d-4e5a-9b6c-7d8e9f0a1b2c".into(),
        payment_type_id: "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f".into(),
        sales_order_source_id: Some(SALES_ORDER_SOURCE_WEB.into()),
        requested_delivery_date: None,
        notes: None,
        external_id: Some("WEB-2024-000123".into()),
        products,
    }
}

fn product(quantity: &str, unit_price: &str, rate: Option<&str>) -> types::SalesOrderProduct {
    types::SalesOrderProduct {
        product_id: "BOSCH-0986494524".into(),
        quantity: Decimal::from_str(quantity).unwrap(),
        uom: None,
        unit_price: Decimal::from_str(unit_price).unwrap(),
        is_vat_included: true,
        currency_code: Some("EUR".parse().unwrap()),
        currency_rate: rate.map(|rate| Decimal::from_str(rate).unwrap()),
    }
}

#[tokio::test]
async fn login_posts_the_three_documented_fields_then_calls_carry_the_bearer_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/Login"))
        .and(body_json(json!({
            "UserName": USER, "Password": PASSWORD, "Organization": ORGANIZATION
        })))
        .respond_with(token(TOKEN))
        .expect(1)
        .mount(&server)
        .await;
    let lists = [
        "/api/LegalFormList",
        "/api/DeliveryTypeList",
        "/api/PaymentTypeList",
    ];
    for list in lists {
        mount_with_bearer(
            &server,
            "GET",
            list,
            TOKEN,
            ResponseTemplate::new(200).set_body_json(json!([])),
            1,
        )
        .await;
    }
    for write in ["/api/UpdateCustomer", "/api/CreateSalesOrder"] {
        mount_with_bearer(&server, "POST", write, TOKEN, ResponseTemplate::new(200), 1).await;
    }

    let client = client(&server);
    client.legal_forms().await.unwrap();
    client.delivery_types().await.unwrap();
    client.payment_types().await.unwrap();
    client.update_customer(&person()).await.unwrap();
    client
        .create_sales_order(&order(vec![product("1", "10", None)]))
        .await
        .unwrap();

    assert_eq!(client.login_count(), 1);
    let login = &server.received_requests().await.unwrap()[0];
    assert!(login.headers.get("authorization").is_none());
}

#[tokio::test]
async fn a_401_mid_session_logs_in_again_once_and_retries() {
    let server = MockServer::start().await;
    mount_login(
        &server,
        Sequence::new(vec![token(TOKEN), token(TOKEN_2)]),
        2,
    )
    .await;
    // The document: a token may be invalidated before it expires ("daca au fost restartate
    // anumite servicii"); a 401 means log in again and repeat the call.
    mount_with_bearer(
        &server,
        "POST",
        "/api/CreateSalesOrder",
        TOKEN,
        ResponseTemplate::new(401),
        1,
    )
    .await;
    mount_with_bearer(
        &server,
        "POST",
        "/api/CreateSalesOrder",
        TOKEN_2,
        ResponseTemplate::new(200),
        1,
    )
    .await;

    client(&server)
        .create_sales_order(&order(vec![product("2", "149.99", None)]))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_401_after_a_fresh_login_is_an_authentication_error_without_a_loop() {
    let server = MockServer::start().await;
    mount_login(
        &server,
        Sequence::new(vec![token(TOKEN), token(TOKEN_2)]),
        2,
    )
    .await;
    Mock::given(path("/api/PaymentTypeList"))
        .respond_with(ResponseTemplate::new(401))
        .expect(2)
        .mount(&server)
        .await;

    let err = client(&server).payment_types().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Authentication {
                operation: "payment_types",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn rejected_credentials_are_an_authentication_error_that_leaks_nothing() {
    let server = MockServer::start().await;
    // A server that echoes what it got must not get the password into our error either.
    mount_login(
        &server,
        ResponseTemplate::new(401).set_body_string(format!("bad password {PASSWORD}")),
        1,
    )
    .await;
    let logs = CapturedLogs::default();
    let _guard = logs.install();

    let client = client(&server);
    let err = client.legal_forms().await.unwrap_err();

    assert!(
        matches!(
            err,
            Error::Authentication { operation: "login", status: Some(status), .. } if status == 401
        ),
        "{err:?}"
    );
    let everything = format!("{err}\n{err:?}\n{client:?}\n{}", logs.text());
    assert_no_secret(&everything, &[PASSWORD]);
    assert!(
        server.received_requests().await.unwrap().len() == 1,
        "no list call after a failed login"
    );
}

#[tokio::test]
async fn update_customer_puts_a_person_on_the_wire_as_the_spec_example_with_explicit_nulls() {
    let server = MockServer::start().await;
    mount_login(&server, token(TOKEN), 1).await;
    Mock::given(path("/api/UpdateCustomer"))
        .and(body_json(request_example("~1UpdateCustomer", "person")))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    client(&server).update_customer(&person()).await.unwrap();

    let sent: serde_json::Value =
        serde_json::from_slice(&server.received_requests().await.unwrap()[1].body).unwrap();
    // "null daca partenerul este persoana fizica": sent as null, not left out.
    assert_eq!(sent["partnerName"], serde_json::Value::Null);
    assert_eq!(sent["fiscalAttribute"], serde_json::Value::Null);
    // The document's JSON spells it `fistName`; that is what goes on the wire.
    assert_eq!(sent["fistName"], "Andrei");
    assert!(sent.get("firstName").is_none());
}

#[tokio::test]
async fn update_customer_puts_a_company_on_the_wire_as_the_spec_example() {
    let server = MockServer::start().await;
    mount_login(&server, token(TOKEN), 1).await;
    let example = request_example("~1UpdateCustomer", "company");
    Mock::given(path("/api/UpdateCustomer"))
        .and(body_json(&example))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    let company: types::Customer = serde_json::from_value(example).unwrap();
    assert_eq!(company.first_name, "Maria");
    assert_eq!(
        company.partner_name.as_deref(),
        Some("Service Auto Exemplu SRL")
    );
    client(&server).update_customer(&company).await.unwrap();
}

#[tokio::test]
async fn fiscal_reg_no_or_pin_is_required_before_anything_is_sent() {
    let server = MockServer::start().await;
    let client = client(&server);
    let nameless = types::Customer {
        pin: Some("  ".into()),
        fiscal_reg_no: None,
        ..person()
    };
    let err = client.update_customer(&nameless).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest { operation: "update_customer", field, .. } if field == "fiscalRegNo/pin"),
        "{err:?}"
    );

    let anonymous_order = types::SalesOrder {
        pin: None,
        ..order(vec![product("1", "1", None)])
    };
    let err = client
        .create_sales_order(&anonymous_order)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidRequest {
                operation: "create_sales_order",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "not even a login"
    );
}

#[tokio::test]
async fn a_failed_sales_order_is_never_sent_twice() {
    for status in [500, 503] {
        let server = MockServer::start().await;
        mount_login(&server, token(TOKEN), 1).await;
        Mock::given(path("/api/CreateSalesOrder"))
            .respond_with(ResponseTemplate::new(status).insert_header("retry-after", "0"))
            .expect(1)
            .mount(&server)
            .await;
        let client = Client::builder(&server.uri(), credentials())
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
            .create_sales_order(&order(vec![product("1", "10", None)]))
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{err:?}");
        assert_eq!(err.operation(), Some("create_sales_order"));
    }
}

#[tokio::test]
async fn lookup_lists_are_retried_on_503_because_they_are_reads() {
    let server = MockServer::start().await;
    mount_login(&server, token(TOKEN), 1).await;
    let busy = ResponseTemplate::new(503).insert_header("retry-after", "0");
    let ok = ResponseTemplate::new(200).set_body_json(payment_types());
    Mock::given(path("/api/PaymentTypeList"))
        .respond_with(Sequence::new(vec![busy, ok]))
        .expect(2)
        .mount(&server)
        .await;

    assert_eq!(
        client(&server).payment_types().await.unwrap().items().len(),
        2
    );
}

#[tokio::test]
async fn decimals_survive_the_wire_exactly() {
    let server = MockServer::start().await;
    mount_login(&server, token(TOKEN), 1).await;
    Mock::given(path("/api/CreateSalesOrder"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let sum = Decimal::from_str("0.1").unwrap() + Decimal::from_str("0.2").unwrap();
    let mut line = product("0", "149.9999", Some("4.9764"));
    line.quantity = sum;

    client(&server)
        .create_sales_order(&order(vec![line.clone()]))
        .await
        .unwrap();

    let body = &server.received_requests().await.unwrap()[1].body;
    let text = String::from_utf8_lossy(body);
    for number in [
        r#""quantity":0.3"#,
        r#""unitPrice":149.9999"#,
        r#""currencyRate":4.9764"#,
    ] {
        assert!(text.contains(number), "{number} not in {text}");
    }
    let echoed: types::SalesOrder = serde_json::from_slice(body).unwrap();
    assert_eq!(echoed.products[0], line);
}

#[tokio::test]
async fn the_base_path_is_configurable_without_regenerating() {
    for (base_path, expected) in [
        ("/v2/api/", "/v2/api/PaymentTypeList"),
        ("", "/PaymentTypeList"),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(expected.replace("PaymentTypeList", "Login")))
            .respond_with(token(TOKEN))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(expected))
            .respond_with(ResponseTemplate::new(200).set_body_json(payment_types()))
            .expect(1)
            .mount(&server)
            .await;

        let client = Client::builder(&server.uri(), credentials())
            .base_path(base_path)
            .build()
            .unwrap();
        client.payment_types().await.unwrap();
    }
    assert_eq!(DEFAULT_BASE_PATH, "/api");
}

#[tokio::test]
async fn lookup_codes_resolve_to_the_ids_other_calls_take() {
    let server = MockServer::start().await;
    mount_login(&server, token(TOKEN), 1).await;
    Mock::given(path("/api/PaymentTypeList"))
        .respond_with(ResponseTemplate::new(200).set_body_json(payment_types()))
        .mount(&server)
        .await;

    let payment_types = client(&server).payment_types().await.unwrap();
    assert_eq!(payment_types.id_of("CARD"), Some("3c4d5e6f-0002"));
    assert_eq!(
        payment_types
            .by_code("NUM")
            .and_then(|item| item.payment_type_name.as_deref()),
        Some("Numerar")
    );
    assert_eq!(payment_types.id_of("card"), None, "codes match exactly");
}

#[test]
fn the_web_order_source_constant_is_the_documented_id() {
    // "Pentru comenzile de pe site, se va transmite intotdeauna id-ul
    // A05A5316-DC1C-E611-8100-00155D020A01"
    assert_eq!(
        SALES_ORDER_SOURCE_WEB,
        "A05A5316-DC1C-E611-8100-00155D020A01"
    );
    let web_order = request_example("~1CreateSalesOrder", "webOrderPerson");
    assert_eq!(web_order["salesOrderSource_ID"], SALES_ORDER_SOURCE_WEB);
}

#[test]
fn currency_codes_are_iso_4217_shaped_and_default_to_ron() {
    assert_eq!(types::CurrencyCode::default().to_string(), "RON");
    assert!("EUR".parse::<types::CurrencyCode>().is_ok());
    assert!("euro".parse::<types::CurrencyCode>().is_err());
}

#[test]
fn plain_http_is_refused_except_on_loopback() {
    let err = Client::new("http://api-autopiesa.bizpulse.ro", credentials()).unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(Client::new("http://127.0.0.1:9", credentials()).is_ok());
}

#[tokio::test]
async fn lookup_items_keep_fields_the_document_does_not_list() {
    let server = MockServer::start().await;
    mount_login(&server, token(TOKEN), 1).await;
    let mut items = payment_types();
    items[1]["isOnline"] = json!(true);
    items[1]["sortOrder"] = json!(2);
    mount_with_bearer(
        &server,
        "GET",
        "/api/PaymentTypeList",
        TOKEN,
        ResponseTemplate::new(200).set_body_json(items.clone()),
        1,
    )
    .await;
    let lookup = client(&server).payment_types().await.unwrap();
    let card = &lookup.items()[1];
    assert_eq!(card.extra["isOnline"], json!(true));
    assert_eq!(serde_json::to_value(lookup.items()).unwrap(), items);
}

/// "Pentru a putea transmite datele aferente unei comenzi, este necesar sa transmiteti corect
/// id-ul modalitatii de livrare (DeliveryType_ID)", and the same for the payment type: both
/// are always on the wire, and an order that lacks either cannot be built from JSON.
#[tokio::test]
async fn a_sales_order_always_carries_delivery_and_payment_type_ids() {
    let server = MockServer::start().await;
    mount_login(&server, token(TOKEN), 1).await;
    Mock::given(method("POST"))
        .and(path("/api/CreateSalesOrder"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .create_sales_order(&order(vec![product("1", "10", None)]))
        .await
        .unwrap();

    let sent: serde_json::Value =
        serde_json::from_slice(&server.received_requests().await.unwrap()[1].body).unwrap();
    assert_eq!(
        sent["deliveryType_ID"],
        "0b8e4c1a-2f3d-4e5a-9b6c-7d8e9f0a1b2c"
    );
    assert_eq!(
        sent["paymentType_ID"],
        "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"
    );
    for missing in ["deliveryType_ID", "paymentType_ID"] {
        let mut without = sent.clone();
        without.as_object_mut().unwrap().remove(missing);
        let err = serde_json::from_value::<types::SalesOrder>(without).unwrap_err();
        assert!(err.to_string().contains(missing), "{missing}: {err}");
    }
}

/// "requestedDeliveryDate - data solicitata pentru livrare": a calendar day. It goes on the
/// wire as `yyyy-mm-dd`, so no time-zone conversion can move it to the 15th.
#[tokio::test]
async fn the_requested_delivery_date_keeps_its_calendar_day_on_the_wire() {
    let server = MockServer::start().await;
    mount_login(&server, token(TOKEN), 1).await;
    Mock::given(path("/api/CreateSalesOrder"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let mut sales_order = order(vec![product("1", "10", None)]);
    sales_order.requested_delivery_date =
        Some(chrono::NaiveDate::from_ymd_opt(2024, 5, 16).unwrap());

    client(&server)
        .create_sales_order(&sales_order)
        .await
        .unwrap();

    let sent: serde_json::Value =
        serde_json::from_slice(&server.received_requests().await.unwrap()[1].body).unwrap();
    assert_eq!(sent["requestedDeliveryDate"], "2024-05-16");
    let example = request_example("~1CreateSalesOrder", "webOrderPerson");
    assert_eq!(example["requestedDeliveryDate"], "2024-05-16");
}

/// `fistName` (the document's spelling) is required: a customer built without it is refused
/// before anything is sent, and the error names the setter and the wire name.
#[test]
fn a_customer_built_without_a_required_field_is_refused_naming_that_field() {
    let customer: Result<types::Customer, _> = types::Customer::builder()
        .pin("1850312400123".to_owned())
        .last_name("Popescu")
        .try_into();
    assert_eq!(
        customer.unwrap_err().to_string(),
        "no value supplied for first_name (`fistName`)"
    );
}
