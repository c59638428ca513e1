//! QuoParts over loopback HTTP: the one PHP endpoint with its query selectors, the token in
//! the query string, in-band errors, and the secrets that travel in URLs and bodies.
#![cfg(feature = "quoparts")]

mod common;

use std::str::FromStr;

use partner_clients::quoparts::{
    types, ApiError, Client, Credentials, CustomerRef, CustomerRejected, Error, Quote,
};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use common::examples::spec_example;
use common::{assert_no_secret, CapturedLogs, Sequence};

const USER: &str = "CODICE_UTENTE";
const PASSWORD: &str = "p@ss&word=1 ?";
const TOKEN: &str = "40919716769452007349723.39576135";
const TOKEN_2: &str = "50919716769452007349723.11111111";
const ENDPOINT: &str = "/ws_quoparts.php";

fn client(server: &MockServer) -> Client {
    Client::new(&server.uri(), Credentials::new(USER, PASSWORD)).unwrap()
}

fn login_ok(token: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"errorCode": "0", "error": "", "data": [{"TOKEN": token}]}))
}

async fn mount_login(server: &MockServer, responder: impl wiremock::Respond + 'static, times: u64) {
    Mock::given(method("GET"))
        .and(path(ENDPOINT))
        .and(query_param("login", ""))
        .respond_with(responder)
        .expect(times)
        .mount(server)
        .await;
}

fn example(pointer: &str) -> Value {
    spec_example("quoparts", pointer)
}

fn answer(operation: &str, name: &str) -> Value {
    let verb = if operation == "login" { "get" } else { "post" };
    example(&format!(
        "/paths/~1ws_quoparts.php#{operation}/{verb}/responses/200/content/application~1json/examples/{name}"
    ))
}

fn rossi() -> types::Customer {
    types::Customer {
        des_nom: "Rossi S.r.l.".into(),
        des_ind: Some("Via Roma 123".into()),
        des_cta: Some("Milano".into()),
        cod_prn: Some("MI".into()),
        cod_cap: Some("20121".into()),
        cod_eml: Some("info@rossisrl.it".into()),
        cod_pta_iva: "12345678901".into(),
        flg_atv: Some(true),
        cod_cli_erp: "CLI001".into(),
    }
}

fn bianchi() -> types::Customer {
    types::Customer {
        des_nom: "Bianchi S.p.A.".into(),
        des_ind: None,
        des_cta: None,
        cod_prn: None,
        cod_cap: None,
        cod_eml: None,
        cod_pta_iva: "not-a-vat-number".into(),
        flg_atv: Some(false),
        cod_cli_erp: "CLI002".into(),
    }
}

fn oil_filter() -> types::QuoteArticle {
    types::QuoteArticle {
        des_rgr: "Filtro olio".into(),
        cod_art_pvt: "1883037".into(),
        des_art_pvt: Some("Filtro olio motore".into()),
        imp_lst_pvt: Some(Decimal::from_str("14.57").unwrap()),
        qta_det_pvt: Some(Decimal::ONE),
    }
}

#[tokio::test]
async fn login_and_import_put_the_documented_query_strings_on_the_wire() {
    let server = MockServer::start().await;
    mount_login(&server, login_ok(TOKEN), 1).await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .and(query_param("importCli", ""))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer("importCli", "success")))
        .expect(1)
        .mount(&server)
        .await;
    let outcomes = client(&server).import_customers(&[rossi()]).await.unwrap();
    assert!(outcomes[0].result.is_ok());

    let requests = server.received_requests().await.unwrap();
    let queries: Vec<&str> = requests.iter().map(|r| r.url.query().unwrap()).collect();
    // Form encoding of the password `p@ss&word=1 ?`.
    assert_eq!(
        queries,
        [
            "login=&password=p%40ss%26word%3D1+%3F&username=CODICE_UTENTE",
            &format!("importCli=&token={TOKEN}"),
        ]
    );
    assert!(requests
        .iter()
        .all(|r| r.url.path() == ENDPOINT && r.url.fragment().is_none()));
    // The document's request body, FLG_ATV as the string "1".
    let body: Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(
        body,
        example("/paths/~1ws_quoparts.php#importCli/post/requestBody/content/application~1json/examples/rossi")
    );
}

#[tokio::test]
async fn import_quote_sends_importpvt_with_the_token_and_returns_cod_doc() {
    let server = MockServer::start().await;
    mount_login(&server, login_ok(TOKEN), 1).await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .and(query_param("importPvt", ""))
        .and(query_param("token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer("importPvt", "success")))
        .expect(1)
        .mount(&server)
        .await;
    let quote = Quote::new(
        CustomerRef::Erp("CLI001".into()),
        "TE001ST",
        "FORD B-Max 1.6 Ti-VCT Benzina",
        vec![oil_filter()],
    );
    assert_eq!(
        client(&server).import_quote(&quote).await.unwrap(),
        "000001"
    );

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[1].url.query(),
        Some(format!("importPvt=&token={TOKEN}").as_str())
    );
    let body: Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(
        body,
        json!({"data": {
            "testata": {"COD_CLI_ERP": "CLI001", "COD_TGA": "TE001ST", "DES_VCL": "FORD B-Max 1.6 Ti-VCT Benzina"},
            "articoli": [{"DES_RGR": "Filtro olio", "COD_ART_PVT": "1883037", "DES_ART_PVT": "Filtro olio motore",
                          "IMP_LST_PVT": 14.57, "QTA_DET_PVT": 1.0}]
        }}),
        "COD_CLI_ERP only; no COD_CLI key at all"
    );
}

#[tokio::test]
async fn a_quote_without_articles_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let quote = Quote::new(
        CustomerRef::QuoParts("000015".into()),
        "TE001ST",
        "FORD",
        vec![],
    );
    let err = client(&server).import_quote(&quote).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest { field, .. } if field == "articoli"),
        "{err:?}"
    );
    let empty_code = Quote::new(CustomerRef::Erp(" ".into()), "T", "V", vec![oil_filter()]);
    let err = client(&server).import_quote(&empty_code).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest { field, .. } if field == "COD_CLI_ERP"),
        "{err:?}"
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "no login, no import"
    );
}

#[tokio::test]
async fn login_error_101_is_an_authentication_error_with_the_code() {
    let server = MockServer::start().await;
    let refusal = answer("login", "notAccredited");
    mount_login(
        &server,
        ResponseTemplate::new(200).set_body_json(refusal),
        1,
    )
    .await;
    let err = client(&server)
        .import_customers(&[rossi()])
        .await
        .unwrap_err();
    match &err {
        Error::Authentication { code, message, .. } => {
            assert_eq!(code.as_deref(), Some("101"));
            assert_eq!(message, "Utente non Accreditato");
        }
        other => panic!("expected an authentication error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_401_on_the_token_means_one_login_and_one_retry_then_an_error() {
    let server = MockServer::start().await;
    mount_login(
        &server,
        Sequence::new(vec![login_ok(TOKEN), login_ok(TOKEN_2)]),
        2,
    )
    .await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .and(query_param("importPvt", ""))
        .respond_with(ResponseTemplate::new(401))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let quote = Quote::new(
        CustomerRef::QuoParts("000015".into()),
        "T",
        "V",
        vec![oil_filter()],
    );
    let err = client.import_quote(&quote).await.unwrap_err();
    assert!(matches!(err, Error::Authentication { .. }), "{err:?}");
    let tokens: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method == wiremock::http::Method::POST)
        .map(|r| query(r, "token"))
        .collect();
    assert_eq!(
        tokens,
        [TOKEN, TOKEN_2],
        "the retry carries the fresh token"
    );
    assert_eq!(client.login_count(), 2);
}

fn query(request: &Request, name: &str) -> String {
    request
        .url
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn an_in_band_token_rejection_relogs_once_and_retries() {
    let server = MockServer::start().await;
    mount_login(
        &server,
        Sequence::new(vec![login_ok(TOKEN), login_ok(TOKEN_2)]),
        2,
    )
    .await;
    let rejected = json!({"errorCode": "101", "error": "Utente non Accreditato", "data": []});
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .and(query_param("importPvt", ""))
        .respond_with(Sequence::new(vec![
            ResponseTemplate::new(200).set_body_json(rejected),
            ResponseTemplate::new(200).set_body_json(answer("importPvt", "success")),
        ]))
        .expect(2)
        .mount(&server)
        .await;
    let quote = Quote::new(
        CustomerRef::QuoParts("000015".into()),
        "T",
        "V",
        vec![oil_filter()],
    );
    assert_eq!(
        client(&server).import_quote(&quote).await.unwrap(),
        "000001"
    );
}

#[tokio::test]
async fn the_token_rejection_codes_are_configurable_and_a_persistent_rejection_ends() {
    let server = MockServer::start().await;
    mount_login(
        &server,
        Sequence::new(vec![login_ok(TOKEN), login_ok(TOKEN_2)]),
        2,
    )
    .await;
    let expired = json!({"errorCode": "998", "error": "Token scaduto", "data": []});
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(ResponseTemplate::new(200).set_body_json(expired))
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::builder(&server.uri(), Credentials::new(USER, PASSWORD))
        .token_rejection_codes(["998"])
        .build()
        .unwrap();
    let err = client.import_customers(&[rossi()]).await.unwrap_err();
    assert!(
        matches!(&err, Error::Authentication { code: Some(code), .. } if code == "998"),
        "{err:?}"
    );
}

#[tokio::test]
async fn documented_in_band_errors_become_typed_errors() {
    for (operation, name, code) in [
        ("importCli", "badRequest", "100"),
        ("importPvt", "creationFailed", "107"),
    ] {
        let server = MockServer::start().await;
        mount_login(&server, login_ok(TOKEN), 1).await;
        let body = answer(operation, name);
        let message = body["error"].as_str().unwrap().to_owned();
        Mock::given(method("POST"))
            .and(path(ENDPOINT))
            .and(query_param(operation, ""))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
        let client = client(&server);
        let err = if operation == "importCli" {
            client.import_customers(&[rossi()]).await.unwrap_err()
        } else {
            let quote = Quote::new(
                CustomerRef::QuoParts("1".into()),
                "T",
                "V",
                vec![oil_filter()],
            );
            client.import_quote(&quote).await.unwrap_err()
        };
        assert_eq!(
            err.api_error(),
            Some(&ApiError {
                code: code.into(),
                message
            }),
            "{operation}"
        );
    }
}

#[tokio::test]
async fn a_partial_import_returns_every_customers_outcome() {
    let server = MockServer::start().await;
    mount_login(&server, login_ok(TOKEN), 1).await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .and(query_param("importCli", ""))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "errorCode": "0", "error": "",
            "data": [
                {"errorCode": "102", "error": "Partita IVA non valida", "COD_CLI_ERP": "CLI002"},
                {"errorCode": "0", "error": "", "COD_CLI_ERP": "CLI001", "COD_CLI": "000015", "COD_USR": "M00015", "COD_PWD": "O8HMER"}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let outcomes = client(&server)
        .import_customers(&[
            rossi(),
            bianchi(),
            types::Customer {
                cod_cli_erp: "CLI003".into(),
                ..bianchi()
            },
        ])
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 3);
    assert_eq!(outcomes[0].erp_code, "CLI001");
    let imported = outcomes[0].result.as_ref().unwrap();
    assert_eq!(imported.customer_code, "000015");
    assert_eq!(imported.username, "M00015");
    assert_eq!(imported.password.expose(), "O8HMER");
    assert_eq!(
        outcomes[1].result,
        Err(CustomerRejected::Vendor(ApiError {
            code: "102".into(),
            message: "Partita IVA non valida".into()
        }))
    );
    assert_eq!(outcomes[2].erp_code, "CLI003");
    assert_eq!(outcomes[2].result, Err(CustomerRejected::NotInAnswer));
    assert_no_secret(&format!("{outcomes:?}"), &["O8HMER"]);
}

#[tokio::test]
async fn a_transport_error_on_login_does_not_leak_the_password() {
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let client = Client::new(&common::closed_port_url(), Credentials::new(USER, PASSWORD)).unwrap();
    let err = client.import_customers(&[rossi()]).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let everything = format!("{err}\n{err:?}\n{client:?}\n{}", logs.text());
    assert!(!logs.text().is_empty(), "tracing output was captured");
    assert_no_secret(
        &everything,
        &[PASSWORD, "p%40ss%26word%3D1+%3F", "p%40ss", "ss&word"],
    );
}

#[tokio::test]
async fn a_server_error_snippet_never_shows_the_token_or_a_generated_password() {
    let server = MockServer::start().await;
    mount_login(&server, login_ok(TOKEN), 1).await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(ResponseTemplate::new(500).set_body_string(format!(
            r#"{{"trace": "token={TOKEN}", "COD_PWD": "O8HMER"}}"#
        )))
        .expect(1)
        .mount(&server)
        .await;
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let err = client(&server)
        .import_customers(&[rossi()])
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_no_secret(
        &format!("{err}\n{err:?}\n{}", logs.text()),
        &[TOKEN, "O8HMER", PASSWORD],
    );
}

#[test]
fn flg_atv_is_sent_as_the_documented_strings_and_left_out_for_the_vendor_default() {
    // "FLG_ATV: Stato (0=non attivo; 1=attivo). Default: 1" and "se omesso, viene
    // automaticamente impostato a 1".
    let inactive = serde_json::to_value(bianchi()).unwrap();
    assert_eq!(inactive["FLG_ATV"], json!("0"));
    let active = serde_json::to_value(rossi()).unwrap();
    assert_eq!(active["FLG_ATV"], json!("1"));
    let defaulted = serde_json::to_value(types::Customer {
        flg_atv: None,
        ..rossi()
    })
    .unwrap();
    assert!(defaulted.get("FLG_ATV").is_none(), "{defaulted}");
}

#[tokio::test]
async fn a_success_entry_without_the_promised_credentials_is_reported_not_dropped() {
    // COD_CLI, COD_USR and COD_PWD are "Solo se successo": a success without them is incomplete.
    let server = MockServer::start().await;
    mount_login(&server, login_ok(TOKEN), 1).await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .and(query_param("importCli", ""))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "errorCode": "0", "error": "",
            "data": [{"errorCode": "0", "error": "", "COD_CLI_ERP": "CLI001", "COD_CLI": "000015", "COD_USR": "M00015"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let outcomes = client(&server).import_customers(&[rossi()]).await.unwrap();
    assert_eq!(
        outcomes[0].result,
        Err(CustomerRejected::Incomplete { missing: "COD_PWD" })
    );
}

/// The document names no HTTP status; a PHP fatal error answers HTML or nothing. Such a 500
/// is an error carrying the status and a bounded snippet, not a decode failure.
#[tokio::test]
async fn a_500_with_an_html_or_empty_body_is_a_status_error_with_a_bounded_snippet() {
    let page = format!(
        "<br />\n<b>Fatal error</b>: Uncaught Error in ws_quoparts.php{}",
        "x".repeat(5000)
    );
    for body in [page.as_str(), ""] {
        let server = MockServer::start().await;
        mount_login(&server, login_ok(TOKEN), 1).await;
        Mock::given(method("POST"))
            .and(path(ENDPOINT))
            .respond_with(ResponseTemplate::new(500).set_body_string(body))
            .mount(&server)
            .await;
        let err = client(&server)
            .import_customers(&[rossi()])
            .await
            .unwrap_err();
        common::assert_bounded_500(&err, body, "<br />");
    }
}
