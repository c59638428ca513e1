//! Issue 12's defect under load: after every token is invalidated, many concurrent calls
//! share one re-login, and no request may leave without its credential meanwhile. The
//! servers here are strict: a request without a credential is counted and refused.

mod common;

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use wiremock::{Request, ResponseTemplate};

const ROUNDS: usize = 25;
const CONCURRENT_CALLS: usize = 40;

/// A vendor's token rules: logins issue fresh tokens, `invalidate` revokes all of them,
/// and every API request is classified by the credential it carries.
#[derive(Default)]
struct StrictTokens {
    valid: Mutex<HashSet<String>>,
    issued: AtomicUsize,
    without_credential: AtomicUsize,
    rejected: AtomicUsize,
    accepted: AtomicUsize,
}

enum Verdict {
    Accepted,
    Rejected,
}

impl StrictTokens {
    fn issue(&self) -> String {
        let token = format!("tok-{}", self.issued.fetch_add(1, Ordering::SeqCst));
        self.valid.lock().unwrap().insert(token.clone());
        token
    }

    fn invalidate(&self) {
        self.valid.lock().unwrap().clear();
    }

    fn judge(&self, credential: Option<&str>) -> Verdict {
        let Some(token) = credential else {
            self.without_credential.fetch_add(1, Ordering::SeqCst);
            return Verdict::Rejected;
        };
        if self.valid.lock().unwrap().contains(token) {
            self.accepted.fetch_add(1, Ordering::SeqCst);
            Verdict::Accepted
        } else {
            self.rejected.fetch_add(1, Ordering::SeqCst);
            Verdict::Rejected
        }
    }

    fn report(&self) -> (usize, usize, usize) {
        (
            self.without_credential.load(Ordering::SeqCst),
            self.rejected.load(Ordering::SeqCst),
            self.accepted.load(Ordering::SeqCst),
        )
    }
}

/// Runs `ROUNDS` rounds of "invalidate every token, then `CONCURRENT_CALLS` calls at once";
/// every call must succeed and no request may lack its credential.
async fn hammer<F, Fut>(tokens: &StrictTokens, call: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    for round in 0..ROUNDS {
        tokens.invalidate();
        let outcomes = futures::future::join_all((0..CONCURRENT_CALLS).map(|_| call())).await;
        for outcome in outcomes {
            outcome.unwrap_or_else(|err| panic!("round {round}: {err}"));
        }
    }
    let (without_credential, rejected, accepted) = tokens.report();
    eprintln!(
        "{} requests: {accepted} accepted, {rejected} with a revoked token, {without_credential} without a credential",
        accepted + rejected + without_credential
    );
    assert_eq!(without_credential, 0, "requests sent without a credential");
    assert_eq!(accepted, ROUNDS * CONCURRENT_CALLS);
}

#[cfg(feature = "sis")]
mod sis {
    use std::sync::Arc;

    use partner_clients::sis::{types, Client, Credentials};
    use serde_json::json;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer};

    use super::*;

    struct Api(Arc<StrictTokens>);

    impl wiremock::Respond for Api {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            let bearer = request
                .headers
                .get("authorization")
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.strip_prefix("Bearer "));
            match self.0.judge(bearer) {
                Verdict::Accepted => ResponseTemplate::new(200).set_body_json(json!({
                    "status_code": 200, "message": "OK", "dealer_id": 17, "return_id": 0,
                    "error": false, "error_description": []
                })),
                Verdict::Rejected => ResponseTemplate::new(401)
                    .set_body_json(json!({"Message": "Authorization has been denied"})),
            }
        }
    }

    struct Login(Arc<StrictTokens>);

    impl wiremock::Respond for Login {
        fn respond(&self, _: &Request) -> ResponseTemplate {
            ResponseTemplate::new(200).set_body_json(json!({
                "access_token": self.0.issue(), "token_type": "bearer", "expires_in": 599
            }))
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_bearer_request_leaves_without_its_token_under_concurrent_relogins() {
        let tokens = Arc::new(StrictTokens::default());
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/Authorization/Token"))
            .respond_with(Login(tokens.clone()))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/SiS/CancelContract"))
            .respond_with(Api(tokens.clone()))
            .mount(&server)
            .await;
        let client = Client::new(&server.uri(), Credentials::new("dealer", "secret")).unwrap();
        hammer(&tokens, || {
            let client = client.clone();
            async move {
                client
                    .cancel_contract(&types::CancelContractRequest { id_contratto: 2 })
                    .await
                    .map(drop)
                    .map_err(|err| err.to_string())
            }
        })
        .await;
    }
}

#[cfg(feature = "quoparts")]
mod quoparts {
    use std::sync::Arc;

    use partner_clients::quoparts::{types, Client, Credentials, CustomerRef, Quote};
    use serde_json::json;
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer};

    use super::*;

    const ENDPOINT: &str = "/ws_quoparts.php";

    struct Api(Arc<StrictTokens>);

    impl wiremock::Respond for Api {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            let token = request
                .url
                .query_pairs()
                .find(|(name, _)| name == "token")
                .map(|(_, value)| value.into_owned());
            let body = match self.0.judge(token.as_deref()) {
                Verdict::Accepted => {
                    json!({"errorCode": "0", "error": "", "data": [{"COD_DOC": "000001"}]})
                }
                Verdict::Rejected => {
                    json!({"errorCode": "101", "error": "Utente non Accreditato", "data": []})
                }
            };
            ResponseTemplate::new(200).set_body_json(body)
        }
    }

    struct Login(Arc<StrictTokens>);

    impl wiremock::Respond for Login {
        fn respond(&self, _: &Request) -> ResponseTemplate {
            ResponseTemplate::new(200).set_body_json(
                json!({"errorCode": "0", "error": "", "data": [{"TOKEN": self.0.issue()}]}),
            )
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_query_token_request_leaves_without_its_token_under_concurrent_relogins() {
        let tokens = Arc::new(StrictTokens::default());
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(ENDPOINT))
            .and(query_param("login", ""))
            .respond_with(Login(tokens.clone()))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(ENDPOINT))
            .and(query_param("importPvt", ""))
            .respond_with(Api(tokens.clone()))
            .mount(&server)
            .await;
        let client = Client::new(&server.uri(), Credentials::new("CODICE", "secret")).unwrap();
        let quote = Quote::new(
            CustomerRef::QuoParts("000015".into()),
            "TE001ST",
            "FORD B-Max",
            vec![types::QuoteArticle {
                des_rgr: "Filtro olio".into(),
                cod_art_pvt: "1883037".into(),
                des_art_pvt: None,
                imp_lst_pvt: None,
                qta_det_pvt: None,
            }],
        );
        hammer(&tokens, || {
            let (client, quote) = (client.clone(), quote.clone());
            async move {
                client
                    .import_quote(&quote)
                    .await
                    .map(drop)
                    .map_err(|err| err.to_string())
            }
        })
        .await;
    }
}
