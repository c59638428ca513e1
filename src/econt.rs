//! e-Cont (facturare.md): HTTP Basic with an API key or OAuth2 tokens, `expand`, deepObject
//! `filter` and `metadata`, and `{type, message, param}` errors.
//!
//! ```no_run
//! # async fn run() -> Result<(), partner_clients::econt::Error> {
//! use partner_clients::econt::{types, Client, Credentials, ListQuery, SANDBOX};
//!
//! let client = Client::new(SANDBOX, Credentials::api_key("sk_test_..."))?;
//! let outstanding = client
//!     .invoices(
//!         &ListQuery::default()
//!             .filter(types::InvoiceFilter { paid: Some(false), closed: Some(false), customer: Some(1234), extra: Default::default() })
//!             .expand("customer"),
//!     )
//!     .await?;
//! for invoice in &outstanding {
//!     let customer = invoice.customer.as_ref().and_then(|c| c.object());
//! }
//! # Ok(()) }
//! ```

use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use crate::runtime::{
    self, Auth, Connection, Idempotency, Identified, IssuedToken, Redactor, RefreshGrant, Session,
};

// Generated code keeps prettyplease's layout: rustfmt would make `generate --check` see a
// hand edit. `dead_code`: the spec may describe bodies the adapter never builds or decodes.
#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, dead_code, missing_docs, unused_imports)]
#[path = "../generated/econt.rs"]
mod api;

/// The invoice, customer and payment types and their filters (the error body is [`ApiError`]).
pub mod types {
    crate::runtime::consumer_types! {
        structs: [Customer, CustomerFilter, Invoice, InvoiceFilter, Payment, PaymentFilter],
        others: [BooleanOrZeroOne, BooleanOrZeroOneInt32, ErrorType, Metadata],
    }
}

/// Production.
pub const PRODUCTION: &str = "https://api.facturare.md";
/// The sandbox (test environment).
pub const SANDBOX: &str = "https://api.sandbox.facturare.md";

/// Errors of this API; [`runtime::Error::Api`] carries the documented error body.
pub type Error = runtime::Error<ApiError>;

/// The body of every 4xx/5xx, `{type, message, param?}` (generated: the spec declares it
/// under every error status of every operation).
pub use api::responses::ApiError;

/// `paid` / `closed` arrive as a JSON boolean or as the 0/1 of the document's
/// `filter[paid]=0`; the spec decodes both (`BooleanOrZeroOne`), this reads either as a bool.
impl types::BooleanOrZeroOne {
    /// The flag; `None` for an integer other than 0 or 1 (kept as received, never guessed).
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            types::BooleanOrZeroOne::Boolean(flag) => Some(*flag),
            types::BooleanOrZeroOne::Int32(number) => match **number {
                0 => Some(false),
                1 => Some(true),
                _ => None,
            },
        }
    }
}

impl Identified for types::Customer {
    fn id(&self) -> i64 {
        self.id
    }
}

impl Identified for types::Invoice {
    fn id(&self) -> i64 {
        self.id
    }
}

/// How the client authenticates.
pub enum Credentials {
    /// HTTP Basic with the key as user name and an empty password (`curl -u KEY:`).
    ApiKey(SecretString),
    /// OAuth2 tokens from the authorisation-code flow, renewed through the refresh token.
    OAuth2(OAuth2),
}

impl Credentials {
    /// An API key (`sk_live_…`, `sk_test_…`), sent as HTTP Basic user name.
    pub fn api_key(key: impl Into<String>) -> Self {
        Credentials::ApiKey(SecretString::from(key.into()))
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::ApiKey(_) => f.write_str("ApiKey([REDACTED])"),
            Credentials::OAuth2(oauth) => f
                .debug_struct("OAuth2")
                .field("token_url", &oauth.token_url)
                .field("client_id", &oauth.client_id)
                .finish_non_exhaustive(),
        }
    }
}

/// OAuth2 settings. The vendor document lists these details but not its endpoints, so the
/// token URL is configuration.
pub struct OAuth2 {
    /// Where the refresh-token grant is posted (HTTPS; plain HTTP only towards loopback).
    pub token_url: String,
    /// The OAuth2 client id the vendor registered.
    pub client_id: String,
    /// The OAuth2 client secret.
    pub client_secret: SecretString,
    /// The access token the authorisation-code flow returned; used until it expires or is
    /// rejected.
    pub access_token: SecretString,
    /// Seconds the access token has left, if known; otherwise it is used until rejected.
    pub access_token_lifetime: Option<Duration>,
    /// The refresh token; replaced whenever the vendor rotates it.
    pub refresh_token: SecretString,
}

/// Builds a [`Client`] with non-default transport settings ([`ClientBuilder::http`]).
pub type ClientBuilder = runtime::ClientBuilder<Credentials>;

impl ClientBuilder {
    /// Checks the server URL and builds the HTTP client (TLS with the system's roots plus
    /// [`HttpConfig::extra_root_certificates`](runtime::HttpConfig::extra_root_certificates));
    /// an unusable URL or TLS setup is an [`Error::Config`](runtime::Error::Config).
    pub fn build(self) -> Result<Client, Error> {
        let Connection { base_url, http } = self
            .http
            .connect(&self.server)
            .map_err(runtime::Error::widen)?;
        let (auth, session) = match self.credentials {
            Credentials::ApiKey(key) => {
                let auth = Auth::basic(&key, &SecretString::from(String::new()));
                let session = Session::new(None, self.http.retry, Redactor::new([key]));
                (auth, session)
            }
            Credentials::OAuth2(oauth) => {
                let redactor = Redactor::new([
                    oauth.client_secret.clone(),
                    oauth.access_token.clone(),
                    oauth.refresh_token.clone(),
                ]);
                let grant = RefreshGrant::new(
                    &oauth.token_url,
                    oauth.client_id,
                    oauth.client_secret,
                    oauth.refresh_token,
                )
                .map_err(runtime::Error::widen)?;
                let login = Arc::new(grant).login(http.clone(), redactor.clone());
                let session = Session::with_login(login, &self.http, redactor);
                if let Some(tokens) = session.tokens() {
                    tokens.seed(IssuedToken {
                        value: oauth.access_token,
                        lifetime: oauth.access_token_lifetime,
                    });
                }
                (session.bearer_auth(), session)
            }
        };
        Ok(Client {
            api: api::Client::new_with_client(&base_url, http, auth),
            session,
        })
    }
}

/// Optional `expand`, `filter` and `metadata` of a list call.
#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery<F> {
    expand: Vec<String>,
    filter: Option<F>,
    metadata: types::Metadata,
}

impl<F> Default for ListQuery<F> {
    fn default() -> Self {
        ListQuery {
            expand: Vec::new(),
            filter: None,
            metadata: types::Metadata(Default::default()),
        }
    }
}

impl<F> ListQuery<F> {
    /// Replace the id of `relation` (e.g. `customer`) with the object.
    pub fn expand(mut self, relation: impl Into<String>) -> Self {
        self.expand.push(relation.into());
        self
    }

    /// Exact-match constraints (`filter[paid]=0&...`).
    pub fn filter(mut self, filter: F) -> Self {
        self.filter = Some(filter);
        self
    }

    /// An exact-match metadata constraint (`metadata[account-rep]=Jan`).
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata.0.insert(key.into(), value.into());
        self
    }
}

/// The e-Cont client. Clones are cheap and share one connection pool (and, with OAuth2,
/// one token).
#[derive(Debug, Clone)]
pub struct Client {
    api: api::Client,
    session: Session,
}

const _: () = runtime::assert_client::<Client>();

impl Client {
    /// A client for `server` ([`PRODUCTION`] or [`SANDBOX`]). HTTPS only: the vendor ignores
    /// plain HTTP, so an `http://` URL is refused unless it points at loopback (tests).
    pub fn new(server: &str, credentials: Credentials) -> Result<Self, Error> {
        Self::builder(server, credentials).build()
    }

    /// A [`ClientBuilder`] for `server`, to change settings before [`ClientBuilder::build`].
    pub fn builder(server: &str, credentials: Credentials) -> ClientBuilder {
        ClientBuilder::new(server, credentials)
    }

    /// Invoices matching `query` (`GET /invoices`).
    pub async fn invoices(
        &self,
        query: &ListQuery<types::InvoiceFilter>,
    ) -> Result<Vec<types::Invoice>, Error> {
        const OPERATION: &str = "invoices";
        let expand = expand_list(OPERATION, &query.expand)?;
        self.read(OPERATION, || {
            self.api.list_invoices(
                expand.as_ref(),
                query.filter.as_ref(),
                metadata(&query.metadata),
            )
        })
        .await
    }

    /// The invoice `id` (`GET /invoices/{id}`), with `expand` relations as objects.
    pub async fn invoice(&self, id: i64, expand: &[&str]) -> Result<types::Invoice, Error> {
        const OPERATION: &str = "invoice";
        let expand = expand_list(OPERATION, expand)?;
        self.read(OPERATION, || self.api.get_invoice(id, expand.as_ref()))
            .await
    }

    /// Customers matching `query` (`GET /customers`).
    pub async fn customers(
        &self,
        query: &ListQuery<types::CustomerFilter>,
    ) -> Result<Vec<types::Customer>, Error> {
        const OPERATION: &str = "customers";
        let expand = expand_list(OPERATION, &query.expand)?;
        self.read(OPERATION, || {
            self.api.list_customers(
                expand.as_ref(),
                query.filter.as_ref(),
                metadata(&query.metadata),
            )
        })
        .await
    }

    /// The customer `id` (`GET /customers/{id}`).
    pub async fn customer(&self, id: i64, expand: &[&str]) -> Result<types::Customer, Error> {
        const OPERATION: &str = "customer";
        let expand = expand_list(OPERATION, expand)?;
        self.read(OPERATION, || self.api.get_customer(id, expand.as_ref()))
            .await
    }

    /// Payments matching `query` (`GET /payments`).
    pub async fn payments(
        &self,
        query: &ListQuery<types::PaymentFilter>,
    ) -> Result<Vec<types::Payment>, Error> {
        const OPERATION: &str = "payments";
        let expand = expand_list(OPERATION, &query.expand)?;
        self.read(OPERATION, || {
            self.api.list_payments(
                expand.as_ref(),
                query.filter.as_ref(),
                metadata(&query.metadata),
            )
        })
        .await
    }

    /// The payment `id` (`GET /payments/{id}`), e.g. with `&["customer", "invoice"]`.
    pub async fn payment(&self, id: i64, expand: &[&str]) -> Result<types::Payment, Error> {
        const OPERATION: &str = "payment";
        let expand = expand_list(OPERATION, expand)?;
        self.read(OPERATION, || self.api.get_payment(id, expand.as_ref()))
            .await
    }

    /// Successful token refreshes so far (OAuth2; always 0 with an API key).
    pub fn login_count(&self) -> u64 {
        self.session.login_count()
    }

    /// Every e-Cont operation here is a GET: retried on 429/503 within the retry policy.
    async fn read<T, F, Fut>(&self, operation: &'static str, send: F) -> Result<T, Error>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = runtime::Generated<T, ApiError>>,
    {
        self.session
            .call(operation, Idempotency::Idempotent, send)
            .await
    }
}

fn metadata(metadata: &types::Metadata) -> Option<&types::Metadata> {
    (!metadata.0.is_empty()).then_some(metadata)
}

/// `expand=a,b`; `None` when nothing is expanded. Names are checked against the spec's pattern.
fn expand_list<S: AsRef<str>>(
    operation: &'static str,
    relations: &[S],
) -> Result<Option<api::types::ExpandList>, Error> {
    if relations.is_empty() {
        return Ok(None);
    }
    let joined = relations
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(",");
    api::types::ExpandList::try_from(joined.as_str())
        .map(Some)
        .map_err(|_| Error::InvalidRequest {
            operation,
            field: "expand".into(),
            reason: format!("{joined:?} is not a comma-separated list of relation names"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec_examples::assert_examples_decode;

    #[test]
    fn an_unknown_error_type_still_decodes() {
        let body = br#"{"type": "rate_limit", "message": "later"}"#;
        let error: ApiError = serde_json::from_slice(body).unwrap();
        assert_eq!(error.kind.to_string(), "rate_limit");
    }

    #[test]
    fn every_spec_example_decodes_into_the_generated_types() {
        let decoders = crate::decoders! {
            Invoice => types::Invoice,
            Customer => types::Customer,
            Payment => types::Payment,
            Error => api::types::Error,
            InvoiceFilter => types::InvoiceFilter,
            CustomerFilter => types::CustomerFilter,
            PaymentFilter => types::PaymentFilter,
            ExpandList => api::types::ExpandList,
            Metadata => types::Metadata,
        };
        assert!(assert_examples_decode("econt", &decoders) >= 8);
    }
}
