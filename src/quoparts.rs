//! QuoParts: one PHP endpoint, the token in the query string, errors inside HTTP-200 bodies.
//!
//! ```no_run
//! # async fn run() -> Result<(), partner_clients::quoparts::Error> {
//! use partner_clients::quoparts::{types, Client, Credentials, CustomerRef, Quote};
//! use rust_decimal::Decimal;
//!
//! let client = Client::new("https://quoparts.example.com", Credentials::new("CODICE", "secret"))?;
//! let code = client
//!     .import_quote(&Quote::new(
//!         CustomerRef::Erp("CLI001".into()),
//!         "TE001ST",
//!         "FORD B-Max 1.6 Ti-VCT Benzina",
//!         vec![types::QuoteArticle {
//!             des_rgr: "Filtro olio".into(),
//!             cod_art_pvt: "1883037".into(),
//!             des_art_pvt: None,
//!             imp_lst_pvt: Some(Decimal::new(1457, 2)),
//!             qta_det_pvt: Some(Decimal::ONE),
//!         }],
//!     ))
//!     .await?;
//! # Ok(()) }
//! ```

use std::collections::BTreeSet;
use std::sync::Arc;

use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};

use crate::runtime::{
    self, login_response, Auth, Connection, ErrorPayload, Idempotency, IssuedToken, Login,
    Redactor, SecretText, Session,
};

// Generated code keeps prettyplease's layout: rustfmt would make `generate --check` see a
// hand edit. `dead_code`: the spec may describe bodies the adapter never builds or decodes.
#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, dead_code, missing_docs, unused_imports)]
#[path = "../generated/quoparts.rs"]
mod api;

/// The customer and quote-article types a call takes (the request envelopes, answers and the
/// `?action=` selectors are internal; see [`Quote`] and
/// [`CustomerOutcome`]).
pub mod types {
    crate::runtime::consumer_types! {
        structs: [Customer, QuoteArticle],
        others: [],
    }
}

/// In-band error codes that mean "the token was not accepted" unless configured otherwise
/// ([`ClientBuilder::token_rejection_codes`]). The document names no code for an expired
/// token; "101" ("Utente non Accreditato") is the only authentication code it documents.
pub const DEFAULT_TOKEN_REJECTION_CODES: &[&str] = &["101"];

/// `errorCode` of a successful answer.
const SUCCESS: &str = "0";

/// Errors of this API; [`runtime::Error::Api`] carries the vendor's in-band error.
pub type Error = runtime::Error<ApiError>;

/// `{errorCode, error}` of an answer whose `errorCode` is not "0".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The vendor's code: "100" (importCli), "101" (login), "107" (importPvt), or another.
    pub code: String,
    /// The vendor's description, in Italian.
    pub message: String,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "QuoParts error {}: {}", self.code, self.message)
    }
}

impl ErrorPayload for ApiError {
    /// The envelope, when an error status carries one.
    fn decode(_: StatusCode, body: &[u8]) -> Option<Self> {
        // An error envelope has an empty `data`, so every answer schema reads it; login's
        // is the one any operation's error decodes as.
        let envelope: api::types::LoginResponse = serde_json::from_slice(body).ok()?;
        envelope.in_band_error()
    }
}

/// `{errorCode, error, data}`, shared by every answer.
trait Envelope {
    fn code(&self) -> &str;
    fn message(&self) -> &str;

    fn in_band_error(&self) -> Option<ApiError> {
        (self.code() != SUCCESS).then(|| ApiError {
            code: self.code().to_owned(),
            message: self.message().to_owned(),
        })
    }
}

macro_rules! envelope {
    ($($type:ident),*) => {$(
        impl Envelope for api::types::$type {
            fn code(&self) -> &str {
                &self.error_code
            }
            fn message(&self) -> &str {
                &self.error
            }
        }
    )*};
}

envelope!(
    LoginResponse,
    ImportCustomersResponse,
    ImportQuoteResponse,
    ImportedCustomer
);

/// User code and password for `login`.
pub struct Credentials {
    username: String,
    password: SecretString,
}

impl Credentials {
    /// The QuoParts user code and password (sent only to `login`).
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials {
            username: username.into(),
            password: SecretString::from(password.into()),
        }
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"[REDACTED]")
            .finish()
    }
}

/// Builds a [`Client`] with non-default settings ([`ClientBuilder::http`],
/// [`ClientBuilder::token_rejection_codes`]).
pub type ClientBuilder = runtime::ClientBuilder<Credentials, Options>;

/// QuoParts' own client options.
pub struct Options {
    token_rejection_codes: BTreeSet<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            token_rejection_codes: DEFAULT_TOKEN_REJECTION_CODES
                .iter()
                .map(|code| code.to_string())
                .collect(),
        }
    }
}

impl ClientBuilder {
    /// In-band `errorCode`s that mean the token was rejected: the client logs in again once
    /// and repeats the call, as after an HTTP 401. Default [`DEFAULT_TOKEN_REJECTION_CODES`].
    pub fn token_rejection_codes<I, S>(mut self, codes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.options.token_rejection_codes = codes.into_iter().map(Into::into).collect();
        self
    }

    /// Checks the server URL and builds the HTTP client (TLS with the system's roots plus
    /// [`HttpConfig::extra_root_certificates`](runtime::HttpConfig::extra_root_certificates));
    /// an unusable URL or TLS setup is an [`Error::Config`](runtime::Error::Config).
    pub fn build(self) -> Result<Client, Error> {
        let Connection { base_url, http } = self
            .http
            .connect(&self.server)
            .map_err(runtime::Error::widen)?;
        let redactor = Redactor::new([self.credentials.password.clone()]);
        let anonymous = api::Client::new_with_client(&base_url, http.clone(), Auth::anonymous());
        let login = login(anonymous, self.credentials, redactor.clone());
        let session = Session::with_login(login, &self.http, redactor);
        Ok(Client {
            api: api::Client::new_with_client(&base_url, http, Auth::query_token("token")),
            session,
            token_rejection_codes: Arc::new(self.options.token_rejection_codes),
        })
    }
}

/// The QuoParts client. Clones are cheap and share one token.
#[derive(Debug, Clone)]
pub struct Client {
    api: api::Client,
    session: Session,
    token_rejection_codes: Arc<BTreeSet<String>>,
}

const _: () = runtime::assert_client::<Client>();

impl Client {
    /// A client for the installation at `server` (the document's `{BASE_URL}`, without
    /// `/ws_quoparts.php`; the document names no host, so there is no server constant).
    /// HTTPS only, except towards loopback.
    pub fn new(server: &str, credentials: Credentials) -> Result<Self, Error> {
        Self::builder(server, credentials).build()
    }

    /// A builder for non-default transport settings and token-rejection codes.
    pub fn builder(server: &str, credentials: Credentials) -> ClientBuilder {
        ClientBuilder::new(server, credentials)
    }

    /// Imports customers (`importCli`) and returns one outcome per customer sent, in the
    /// order sent, plus any answer entry that matches none of them: a partial success is not
    /// an error, and no customer disappears. A request-level in-band error (e.g. 100) is an
    /// [`Error::Api`]. Never retried, except once after a rejected token.
    pub async fn import_customers(
        &self,
        customers: &[types::Customer],
    ) -> Result<Vec<CustomerOutcome>, Error> {
        const OPERATION: &str = "import_customers";
        let body = api::types::ImportCustomersRequest {
            data: customers.to_vec(),
        };
        let answer = self
            .call(OPERATION, || {
                self.api
                    .import_customers(&api::types::ImportCustomersImportCli::X, &body)
            })
            .await?;
        Ok(correlate(customers, answer.data, &self.session))
    }

    /// Submits a quote request (`importPvt`) and returns the QuoParts document code
    /// (`COD_DOC`). Refused locally, before anything is sent, without articles or with an
    /// empty customer code. Never retried, except once after a rejected token.
    pub async fn import_quote(&self, quote: &Quote) -> Result<String, Error> {
        const OPERATION: &str = "import_quote";
        let body = quote.to_request(OPERATION)?;
        let answer = self
            .call(OPERATION, || {
                self.api
                    .import_quote(&api::types::ImportQuoteImportPvt::X, &body)
            })
            .await?;
        answer
            .data
            .into_iter()
            .next()
            .map(|created| created.cod_doc)
            .ok_or_else(|| Error::Decode {
                operation: OPERATION,
                message: "errorCode is \"0\" but data holds no COD_DOC".into(),
                snippet: String::new(),
            })
    }

    /// Successful logins so far.
    pub fn login_count(&self) -> u64 {
        self.session.login_count()
    }

    /// Runs a write with the token, re-logging in once on a 401 or a token-rejection code,
    /// and turns any other in-band error into [`Error::Api`].
    async fn call<T, F, Fut>(&self, operation: &'static str, send: F) -> Result<T, Error>
    where
        T: Envelope,
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = runtime::Generated<T>>,
    {
        let rejects_token = |answer: &T| self.token_rejection_codes.contains(answer.code());
        let answer = self
            .session
            .call_checked(operation, Idempotency::NotIdempotent, send, rejects_token)
            .await?;
        let Some(ApiError { code, message }) = answer.in_band_error() else {
            return Ok(answer);
        };
        let message = self.session.scrub(&message);
        if self.token_rejection_codes.contains(&code) {
            return Err(Error::Authentication {
                operation,
                status: Some(StatusCode::OK),
                code: Some(code),
                message,
            });
        }
        Err(Error::Api {
            operation,
            status: StatusCode::OK,
            error: ApiError { code, message },
        })
    }
}

/// What happened to one customer of an `importCli` call.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerOutcome {
    /// `COD_CLI_ERP`, the key that correlates request and answer.
    pub erp_code: String,
    /// The customer as imported, or why not.
    pub result: Result<ImportedCustomer, CustomerRejected>,
}

/// A customer QuoParts created or associated, with its generated credentials.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedCustomer {
    /// `COD_CLI`, the QuoParts customer code.
    pub customer_code: String,
    /// `COD_USR`, the generated user name.
    pub username: String,
    /// `COD_PWD`, the generated password (never printed by `Debug`).
    pub password: SecretText,
}

/// Why a customer was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerRejected {
    /// The entry's own `errorCode`/`error`.
    Vendor(ApiError),
    /// The answer has no entry for this customer.
    NotInAnswer,
    /// The entry says success but lacks a field the document promises on success.
    Incomplete {
        /// The wire name of the missing field (`COD_CLI`, `COD_USR`, `COD_PWD`).
        missing: &'static str,
    },
}

/// One outcome per customer sent, in order, then the answers that match none of them.
/// Vendor messages are scrubbed of credentials.
fn correlate(
    sent: &[types::Customer],
    answers: Vec<api::types::ImportedCustomer>,
    session: &Session,
) -> Vec<CustomerOutcome> {
    let mut answers: Vec<Option<api::types::ImportedCustomer>> =
        answers.into_iter().map(Some).collect();
    let mut outcomes: Vec<CustomerOutcome> = sent
        .iter()
        .map(|customer| {
            let answer = answers
                .iter_mut()
                .find(|answer| {
                    answer
                        .as_ref()
                        .is_some_and(|answer| answer.cod_cli_erp == customer.cod_cli_erp)
                })
                .and_then(Option::take);
            match answer {
                Some(answer) => outcome(answer, session),
                None => CustomerOutcome {
                    erp_code: customer.cod_cli_erp.clone(),
                    result: Err(CustomerRejected::NotInAnswer),
                },
            }
        })
        .collect();
    outcomes.extend(
        answers
            .into_iter()
            .flatten()
            .map(|answer| outcome(answer, session)),
    );
    outcomes
}

fn outcome(answer: api::types::ImportedCustomer, session: &Session) -> CustomerOutcome {
    let result = match answer.in_band_error() {
        Some(ApiError { code, message }) => Err(CustomerRejected::Vendor(ApiError {
            code,
            message: session.scrub(&message),
        })),
        None => match (answer.cod_cli, answer.cod_usr, answer.cod_pwd) {
            (Some(customer_code), Some(username), Some(password)) => Ok(ImportedCustomer {
                customer_code,
                username,
                password,
            }),
            (None, _, _) => Err(CustomerRejected::Incomplete { missing: "COD_CLI" }),
            (_, None, _) => Err(CustomerRejected::Incomplete { missing: "COD_USR" }),
            (_, _, None) => Err(CustomerRejected::Incomplete { missing: "COD_PWD" }),
        },
    };
    CustomerOutcome {
        erp_code: answer.cod_cli_erp,
        result,
    }
}

/// How a quote names its customer: exactly one code, so "neither" cannot be written and
/// "both" (where QuoParts silently prefers `COD_CLI`) is not ambiguous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerRef {
    /// `COD_CLI`, the QuoParts customer code.
    QuoParts(String),
    /// `COD_CLI_ERP`, the customer code in the ERP.
    Erp(String),
}

/// Ship-to fields of a quote (`*_SPD`), all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shipping {
    /// `DES_NOM_SPD`, the recipient's name.
    pub name: Option<String>,
    /// `DES_IND_SPD`, the street address.
    pub address: Option<String>,
    /// `DES_CTA_SPD`, the city.
    pub city: Option<String>,
    /// `COD_PRN_SPD`, the province code, e.g. MI, RM.
    pub province: Option<String>,
    /// `COD_CAP_SPD`, the postcode.
    pub postcode: Option<String>,
}

/// A quote request (`importPvt`).
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The customer the quote is for.
    pub customer: CustomerRef,
    /// `COD_TGA`, the registration plate.
    pub plate: String,
    /// `DES_VCL`, the vehicle description.
    pub vehicle: String,
    /// `COD_TLO`, the chassis number.
    pub chassis: Option<String>,
    /// Where to ship, if not to the customer's address.
    pub shipping: Shipping,
    /// At least one (checked before sending).
    pub articles: Vec<types::QuoteArticle>,
}

impl Quote {
    /// A quote without chassis number or shipping details (set those fields afterwards).
    pub fn new(
        customer: CustomerRef,
        plate: impl Into<String>,
        vehicle: impl Into<String>,
        articles: Vec<types::QuoteArticle>,
    ) -> Self {
        Quote {
            customer,
            plate: plate.into(),
            vehicle: vehicle.into(),
            chassis: None,
            shipping: Shipping::default(),
            articles,
        }
    }

    fn to_request(&self, operation: &'static str) -> Result<api::types::ImportQuoteRequest, Error> {
        let invalid = |field: &str, reason: &str| Error::InvalidRequest {
            operation,
            field: field.into(),
            reason: reason.into(),
        };
        if self.articles.is_empty() {
            return Err(invalid("articoli", "at least one article is required"));
        }
        let (cod_cli, cod_cli_erp) = match &self.customer {
            CustomerRef::QuoParts(code) if code.trim().is_empty() => {
                return Err(invalid("COD_CLI", "the customer code is empty"))
            }
            CustomerRef::Erp(code) if code.trim().is_empty() => {
                return Err(invalid("COD_CLI_ERP", "the customer code is empty"))
            }
            CustomerRef::QuoParts(code) => (Some(code.clone()), None),
            CustomerRef::Erp(code) => (None, Some(code.clone())),
        };
        let shipping = self.shipping.clone();
        Ok(api::types::ImportQuoteRequest {
            data: api::types::QuoteData {
                testata: api::types::QuoteHeader {
                    cod_cli,
                    cod_cli_erp,
                    cod_tga: self.plate.clone(),
                    des_vcl: self.vehicle.clone(),
                    cod_tlo: self.chassis.clone(),
                    des_nom_spd: shipping.name,
                    des_ind_spd: shipping.address,
                    des_cta_spd: shipping.city,
                    cod_prn_spd: shipping.province,
                    cod_cap_spd: shipping.postcode,
                },
                articoli: self.articles.clone(),
            },
        })
    }
}

fn login(anonymous: api::Client, credentials: Credentials, redactor: Redactor) -> Login {
    let credentials = Arc::new(credentials);
    Arc::new(move || {
        let (api, redactor, credentials) =
            (anonymous.clone(), redactor.clone(), credentials.clone());
        Box::pin(async move {
            const OPERATION: &str = "login";
            let sent = api
                .login(
                    &api::types::LoginLogin::X,
                    credentials.password.expose_secret(),
                    &credentials.username,
                )
                .await;
            let answer = login_response(OPERATION, &redactor, sent, |_, _| None).await?;
            if let Some(ApiError { code, message }) = answer.in_band_error() {
                return Err(runtime::Error::Authentication {
                    operation: OPERATION,
                    status: Some(StatusCode::OK),
                    code: Some(code),
                    message: redactor.scrub(&message),
                });
            }
            let token = answer
                .data
                .into_iter()
                .next()
                .ok_or_else(|| runtime::Error::Decode {
                    operation: OPERATION,
                    message: "errorCode is \"0\" but data holds no TOKEN".into(),
                    snippet: String::new(),
                })?;
            Ok(IssuedToken {
                value: token.token.into(),
                // The document gives no lifetime: the token is used until rejected.
                lifetime: None,
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::spec_examples::assert_examples_decode;

    const TOKEN: &str = "40919716769452007349723.39576135";

    #[test]
    fn unknown_fields_in_an_answer_still_decode() {
        let mut body = crate::spec_examples::spec_example(
            "quoparts",
            "/paths/~1ws_quoparts.php#importCli/post/responses/200/content/application~1json/examples/success",
        );
        body["data"][0]["COD_NEW"] = json!("x");
        body["elapsed"] = json!(12);
        let decoded: api::types::ImportCustomersResponse = serde_json::from_value(body).unwrap();
        assert_eq!(decoded.data[0].cod_cli.as_deref(), Some("000015"));
    }

    #[test]
    fn every_spec_example_decodes_into_the_generated_types() {
        let decoders = crate::decoders! {
            LoginResponse => api::types::LoginResponse,
            ImportCustomersRequest => api::types::ImportCustomersRequest,
            ImportCustomersResponse => api::types::ImportCustomersResponse,
            ImportQuoteRequest => api::types::ImportQuoteRequest,
            ImportQuoteResponse => api::types::ImportQuoteResponse,
        };
        assert!(assert_examples_decode("quoparts", &decoders) >= 8);
    }

    /// The login's TOKEN is a credential: `format: password`, and Debug never shows it.
    #[test]
    fn the_login_token_is_marked_as_a_password_and_never_shows_in_debug() {
        let spec: serde_json::Value =
            yaml_serde::from_str(include_str!("../specs/quoparts.yaml")).unwrap();
        assert_eq!(
            spec.pointer("/components/schemas/LoginToken/properties/TOKEN/format"),
            Some(&json!("password"))
        );
        let decoded: api::types::LoginToken =
            serde_json::from_value(json!({"TOKEN": TOKEN})).unwrap();
        assert!(!format!("{decoded:?}").contains(TOKEN));
    }
}
