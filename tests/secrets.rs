//! One sweep over every API's failure paths with tracing at TRACE: no configured password,
//! token, API key, client secret or returned `COD_PWD` appears in any captured log line, in
//! any error's `Display` or `Debug`, or in a client's or credential's `Debug`, in clear,
//! base64 (Basic headers) or percent-encoded (query strings) form.
#![cfg(all(
    feature = "autopiesa",
    feature = "econt",
    feature = "firmino",
    feature = "quoparts",
    feature = "sis"
))]

mod common;

use partner_clients::runtime::{HttpConfig, RetryPolicy};
use partner_clients::{autopiesa, econt, firmino, quoparts, sis};
use secrecy::SecretString;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{assert_no_secret, base64, closed_port_url, CapturedLogs, Sequence};

const SIS_PASSWORD: &str = "sis-pa$$word-1";
const SIS_TOKEN: &str = "sis-token-AAAA";
const AUTOPIESA_PASSWORD: &str = "autopiesa-pw-2";
const AUTOPIESA_TOKEN: &str = "eyJautopiesa.token.BBBB";
const FIRMINO_PASSWORD: &str = "firmino-haslo-3";
const QUOPARTS_PASSWORD: &str = "quoparts&pw=4";
const QUOPARTS_TOKEN: &str = "40919716769452007349723.39576135";
const COD_PWD: &str = "O8HMER-generated";
const ECONT_KEY: &str = "sk_live_econt_5";
const ECONT_CLIENT_SECRET: &str = "econt-client-secret-6";
const ECONT_REFRESH: &str = "econt-refresh-7";
const ECONT_ACCESS: &str = "econt-access-8";

/// Every secret, with the encodings it could travel in.
fn forms_of_every_secret() -> Vec<String> {
    let mut forms: Vec<String> = [
        SIS_PASSWORD,
        SIS_TOKEN,
        AUTOPIESA_PASSWORD,
        AUTOPIESA_TOKEN,
        FIRMINO_PASSWORD,
        QUOPARTS_PASSWORD,
        QUOPARTS_TOKEN,
        COD_PWD,
        ECONT_KEY,
        ECONT_CLIENT_SECRET,
        ECONT_REFRESH,
        ECONT_ACCESS,
    ]
    .iter()
    .flat_map(|secret| {
        [
            secret.to_string(),
            url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        ]
    })
    .collect();
    forms.push(base64(&format!("firmino:{FIRMINO_PASSWORD}")));
    forms.push(base64(&format!("{ECONT_KEY}:")));
    forms
}

/// A body that echoes `secrets` back, as a careless server might in an error page: under
/// keys that name a credential and, worse, inside free text. A client can only scrub the
/// secrets it was given (and values under credential-like keys), so each API's server echoes
/// that API's own secrets.
fn echo_body(secrets: &[&str]) -> String {
    let text = secrets.join(" ");
    format!(
        r#"{{"error": "bad", "password": "{}", "message": "rejected: {text}", "COD_PWD": "{COD_PWD}"}}"#,
        secrets[0]
    )
}

fn no_retries() -> HttpConfig {
    HttpConfig {
        retry: RetryPolicy::none(),
        ..HttpConfig::default()
    }
}

#[tokio::test]
async fn no_secret_escapes_any_failure_path_of_any_api() {
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let mut seen: Vec<String> = Vec::new();
    let mut record = |label: &str, text: String| seen.push(format!("--- {label}\n{text}"));

    // SiS: a refused login whose body echoes the password; then a 500 echoing the token.
    let server = MockServer::start().await;
    Mock::given(path("/Authorization/Token"))
        .respond_with(Sequence::new(vec![
            ResponseTemplate::new(400).set_body_string(echo_body(&[SIS_PASSWORD])),
            ResponseTemplate::new(200).set_body_json(
                json!({"access_token": SIS_TOKEN, "token_type": "bearer", "expires_in": 599}),
            ),
        ]))
        .mount(&server)
        .await;
    Mock::given(path("/SiS/CancelContract"))
        .respond_with(
            ResponseTemplate::new(500).set_body_string(echo_body(&[SIS_TOKEN, SIS_PASSWORD])),
        )
        .mount(&server)
        .await;
    let client = sis::Client::builder(&server.uri(), sis::Credentials::new("dealer", SIS_PASSWORD))
        .http(no_retries())
        .build()
        .unwrap();
    let cancel = sis::types::CancelContractRequest { id_contratto: 2 };
    for _ in 0..2 {
        let err = client.cancel_contract(&cancel).await.unwrap_err();
        record("sis", format!("{err}\n{err:?}\n{client:?}"));
    }
    let unreachable = sis::Client::new(
        &closed_port_url(),
        sis::Credentials::new("dealer", SIS_PASSWORD),
    )
    .unwrap();
    let err = unreachable.cancel_contract(&cancel).await.unwrap_err();
    record("sis unreachable", format!("{err}\n{err:?}"));

    // Autopiesa: a token rejected twice (re-login, then an authentication error), bodies
    // echoing it; and a decode failure on a 200 that echoes it.
    let server = MockServer::start().await;
    Mock::given(path("/api/Login"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": AUTOPIESA_TOKEN, "expires_in": 43200})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/api/PaymentTypeList"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_string(echo_body(&[AUTOPIESA_TOKEN, AUTOPIESA_PASSWORD])),
        )
        .mount(&server)
        .await;
    Mock::given(path("/api/LegalFormList"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(echo_body(&[AUTOPIESA_TOKEN, AUTOPIESA_PASSWORD])),
        )
        .mount(&server)
        .await;
    let client = autopiesa::Client::builder(
        &server.uri(),
        autopiesa::Credentials::new("user", AUTOPIESA_PASSWORD, "AUTOPIESA-TEST"),
    )
    .http(no_retries())
    .build()
    .unwrap();
    let err = client.payment_types().await.unwrap_err();
    record("autopiesa 401", format!("{err}\n{err:?}\n{client:?}"));
    let err = client.legal_forms().await.unwrap_err();
    record("autopiesa decode", format!("{err}\n{err:?}"));

    // Firmino: refused Basic credentials and a 500 failure envelope, both echoing secrets.
    let server = MockServer::start().await;
    Mock::given(path("/recurring-documents/get/1"))
        .respond_with(ResponseTemplate::new(401).set_body_string(echo_body(&[FIRMINO_PASSWORD])))
        .mount(&server)
        .await;
    Mock::given(path("/recurring-documents/get/2"))
        .respond_with(ResponseTemplate::new(500).set_body_json(
            json!({"success": false, "response": format!("Błąd {FIRMINO_PASSWORD}")}),
        ))
        .mount(&server)
        .await;
    let credentials = firmino::Credentials::new("firmino", FIRMINO_PASSWORD);
    record("firmino credentials", format!("{credentials:?}"));
    let client = firmino::Client::builder(&server.uri(), credentials)
        .http(no_retries())
        .build()
        .unwrap();
    for id in [1, 2] {
        let err = client.get(id).await.unwrap_err();
        record("firmino", format!("{err}\n{err:?}\n{client:?}"));
    }

    // QuoParts: the password travels in the login URL; an unreachable server, an in-band
    // login refusal, and an import answering 500 with the token and a generated password.
    let credentials = || quoparts::Credentials::new("CODICE", QUOPARTS_PASSWORD);
    record("quoparts credentials", format!("{:?}", credentials()));
    let unreachable = quoparts::Client::new(&closed_port_url(), credentials()).unwrap();
    let err = unreachable.import_customers(&[]).await.unwrap_err();
    record(
        "quoparts unreachable",
        format!("{err}\n{err:?}\n{unreachable:?}"),
    );
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("login", ""))
        .respond_with(Sequence::new(vec![
            ResponseTemplate::new(200).set_body_json(json!({
                "errorCode": "101", "error": format!("Utente non Accreditato {QUOPARTS_PASSWORD}"), "data": []
            })),
            ResponseTemplate::new(200).set_body_json(json!({
                "errorCode": "0", "error": "", "data": [{"TOKEN": QUOPARTS_TOKEN}]
            })),
        ]))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_string(echo_body(&[QUOPARTS_TOKEN, QUOPARTS_PASSWORD])),
        )
        .mount(&server)
        .await;
    let client = quoparts::Client::new(&server.uri(), credentials()).unwrap();
    for _ in 0..2 {
        let err = client.import_customers(&[]).await.unwrap_err();
        record("quoparts", format!("{err}\n{err:?}\n{client:?}"));
    }
    // A successful import hands back the generated password.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("login", ""))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "errorCode": "0", "error": "", "data": [{"TOKEN": QUOPARTS_TOKEN}]
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(query_param("importCli", ""))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "errorCode": "0", "error": "",
            "data": [{"errorCode": "0", "error": "", "COD_CLI_ERP": "CLI001", "COD_CLI": "1", "COD_USR": "u", "COD_PWD": COD_PWD}]
        })))
        .mount(&server)
        .await;
    let client = quoparts::Client::new(&server.uri(), credentials()).unwrap();
    let outcomes = client.import_customers(&[]).await.unwrap();
    let imported = outcomes[0].result.as_ref().unwrap();
    assert_eq!(imported.password.expose(), COD_PWD);
    record("quoparts outcome", format!("{outcomes:?}"));

    // e-Cont: a 401 on the API key; an OAuth2 refresh refused with a body echoing secrets.
    let server = MockServer::start().await;
    Mock::given(path("/customers/1"))
        .respond_with(ResponseTemplate::new(401).set_body_string(echo_body(&[ECONT_KEY])))
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_grant",
            "error_description": format!("{ECONT_REFRESH} {ECONT_CLIENT_SECRET} revoked")
        })))
        .mount(&server)
        .await;
    let client = econt::Client::new(&server.uri(), econt::Credentials::api_key(ECONT_KEY)).unwrap();
    let err = client.customer(1, &[]).await.unwrap_err();
    record("econt key", format!("{err}\n{err:?}\n{client:?}"));
    let oauth = || {
        econt::Credentials::OAuth2(econt::OAuth2 {
            token_url: format!("{}/oauth/token", server.uri()),
            client_id: "app".into(),
            client_secret: SecretString::from(ECONT_CLIENT_SECRET),
            access_token: SecretString::from(ECONT_ACCESS),
            access_token_lifetime: None,
            refresh_token: SecretString::from(ECONT_REFRESH),
        })
    };
    record("econt credentials", format!("{:?}", oauth()));
    let client = econt::Client::new(&server.uri(), oauth()).unwrap();
    let err = client.customer(1, &[]).await.unwrap_err();
    record("econt oauth", format!("{err}\n{err:?}\n{client:?}"));

    let logs = logs.text();
    assert!(
        logs.contains("api_call") && logs.contains("TRACE"),
        "TRACE output was captured: {logs}"
    );
    let everything = format!("{}\n{logs}", seen.join("\n"));
    for form in forms_of_every_secret() {
        assert_no_secret(&everything, &[&form]);
    }
}
