//! Autopiesa (bizpulse.ro): JWT login, customers, sales orders and lookup lists.
//!
//! ```no_run
//! # async fn run() -> Result<(), partner_clients::autopiesa::Error> {
//! use partner_clients::autopiesa::{Client, Credentials, TEST_SERVER};
//!
//! let client = Client::new(TEST_SERVER, Credentials::new("user", "secret", "AUTOPIESA-TEST"))?;
//! let payment_types = client.payment_types().await?;
//! let card = payment_types.id_of("CARD");
//! # Ok(()) }
//! ```

use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use reqwest::StatusCode;

use crate::runtime::{
    self, login_response, Auth, Connection, ErrorPayload, Idempotency, IssuedToken, Login,
    Redactor, Session,
};

// Generated code keeps prettyplease's layout: rustfmt would make `generate --check` see a
// hand edit. `dead_code`: the spec may describe bodies the adapter never builds or decodes.
#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, dead_code, missing_docs, unused_imports)]
#[path = "../generated/autopiesa.rs"]
mod api;

/// The customer, sales order and lookup-list types (the login's are internal).
pub mod types {
    crate::runtime::consumer_types! {
        structs: [Customer, DeliveryType, LegalForm, PaymentType, SalesOrder, SalesOrderProduct],
        others: [CurrencyCode],
    }
}

/// The test server named by the vendor document (organization `AUTOPIESA-TEST`). Production
/// is on a host BizPulse communicates at go-live.
pub const TEST_SERVER: &str = "https://api-autopiesa.bizpulse.ro";

/// Route prefix in front of the method names. The document names methods, not paths: `/api`
/// is the spec's decision (its `basePath` server variable); override it with
/// [`ClientBuilder::base_path`] if the vendor's Swagger page shows otherwise.
pub const DEFAULT_BASE_PATH: &str = "/api";

/// `salesOrderSource_ID` of orders placed on the web site; the document says web orders send
/// this id "always".
pub const SALES_ORDER_SOURCE_WEB: &str = "A05A5316-DC1C-E611-8100-00155D020A01";

/// Errors of this API. Autopiesa documents no error bodies (401 and 500 carry none), so a
/// failure is a status with a redacted snippet of whatever came back.
pub type Error = runtime::Error<ApiError>;

/// Autopiesa's documented error payload: the document describes none, so no value exists
/// and [`Error::Api`](runtime::Error::Api) never occurs for this API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiError {}

impl std::fmt::Display for ApiError {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {}
    }
}

impl ErrorPayload for ApiError {
    fn decode(_: StatusCode, _: &[u8]) -> Option<Self> {
        None
    }
}

/// What `Login` takes: user name, password and organization.
pub struct Credentials {
    user_name: String,
    password: SecretString,
    organization: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user_name", &self.user_name)
            .field("password", &"[REDACTED]")
            .field("organization", &self.organization)
            .finish()
    }
}

impl Credentials {
    /// The `Login` user name, password and organization (e.g. `AUTOPIESA-TEST`).
    pub fn new(
        user_name: impl Into<String>,
        password: impl Into<String>,
        organization: impl Into<String>,
    ) -> Self {
        Credentials {
            user_name: user_name.into(),
            password: SecretString::from(password.into()),
            organization: organization.into(),
        }
    }
}

/// Builds a [`Client`] with a non-default base path ([`ClientBuilder::base_path`]) or
/// transport settings ([`ClientBuilder::http`]).
pub type ClientBuilder = runtime::ClientBuilder<Credentials, Options>;

/// Autopiesa's own client options.
pub struct Options {
    base_path: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            base_path: DEFAULT_BASE_PATH.to_owned(),
        }
    }
}

impl ClientBuilder {
    /// The route prefix the methods sit under (default [`DEFAULT_BASE_PATH`]; `""` for the
    /// host root). No regeneration needed when the vendor's routes differ.
    pub fn base_path(mut self, base_path: impl Into<String>) -> Self {
        self.options.base_path = base_path.into();
        self
    }

    /// Checks the server URL and builds the HTTP client (TLS with the system's roots plus
    /// [`HttpConfig::extra_root_certificates`](runtime::HttpConfig::extra_root_certificates));
    /// an unusable URL or TLS setup is an [`Error::Config`](runtime::Error::Config).
    pub fn build(self) -> Result<Client, Error> {
        let url = format!(
            "{}/{}",
            self.server.trim_end_matches('/'),
            self.options.base_path.trim_matches('/')
        );
        let Connection { base_url, http } =
            self.http.connect(&url).map_err(runtime::Error::widen)?;
        let redactor = Redactor::new([self.credentials.password.clone()]);
        let anonymous = api::Client::new_with_client(&base_url, http.clone(), Auth::anonymous());
        let login = login(anonymous, self.credentials, redactor.clone());
        let session = Session::with_login(login, &self.http, redactor);
        Ok(Client {
            api: api::Client::new_with_client(&base_url, http, session.bearer_auth()),
            session,
        })
    }
}

/// The Autopiesa client. Clones are cheap and share one token, renewed
/// before it expires and once more whenever the server answers 401 (the document warns it
/// may invalidate tokens early).
#[derive(Debug, Clone)]
pub struct Client {
    api: api::Client,
    session: Session,
}

const _: () = runtime::assert_client::<Client>();

impl Client {
    /// A client for `server` (e.g. [`TEST_SERVER`]) under [`DEFAULT_BASE_PATH`], with
    /// default transport settings. `server` must be HTTPS (plain HTTP only towards loopback).
    pub fn new(server: &str, credentials: Credentials) -> Result<Self, Error> {
        Self::builder(server, credentials).build()
    }

    /// A [`ClientBuilder`] for `server`, to change settings before [`ClientBuilder::build`].
    pub fn builder(server: &str, credentials: Credentials) -> ClientBuilder {
        ClientBuilder::new(server, credentials)
    }

    /// Creates or updates (keyed by `contact_External_ID`) a customer. Refused locally when
    /// neither `fiscalRegNo` nor `pin` has a value. Being an upsert by key, a repeat
    /// converges, so it counts as idempotent for 429/503 retries.
    pub async fn update_customer(&self, customer: &types::Customer) -> Result<(), Error> {
        require_fiscal_reg_no_or_pin("update_customer", &customer.fiscal_reg_no, &customer.pin)?;
        self.session
            .call("update_customer", Idempotency::Idempotent, || {
                self.api.update_customer(customer)
            })
            .await
    }

    /// Submits a sales order. The server refuses a repeated `external_ID`, and a failed
    /// attempt may still have created the order, so it is never retried, except after a 401
    /// (the order was not processed). Refused locally when neither `fiscalRegNo` nor `pin`
    /// has a value. Web-shop orders set `sales_order_source_id` to
    /// [`SALES_ORDER_SOURCE_WEB`].
    pub async fn create_sales_order(&self, order: &types::SalesOrder) -> Result<(), Error> {
        require_fiscal_reg_no_or_pin("create_sales_order", &order.fiscal_reg_no, &order.pin)?;
        self.session
            .call("create_sales_order", Idempotency::NotIdempotent, || {
                self.api.create_sales_order(order)
            })
            .await
    }

    /// The legal forms, for `Customer::legal_form_id`.
    pub async fn legal_forms(&self) -> Result<Lookup<types::LegalForm>, Error> {
        self.session
            .call("legal_forms", Idempotency::Idempotent, || {
                self.api.legal_form_list()
            })
            .await
            .map(Lookup)
    }

    /// The delivery types, for `SalesOrder::delivery_type_id`.
    pub async fn delivery_types(&self) -> Result<Lookup<types::DeliveryType>, Error> {
        self.session
            .call("delivery_types", Idempotency::Idempotent, || {
                self.api.delivery_type_list()
            })
            .await
            .map(Lookup)
    }

    /// The payment types, for `SalesOrder::payment_type_id`.
    pub async fn payment_types(&self) -> Result<Lookup<types::PaymentType>, Error> {
        self.session
            .call("payment_types", Idempotency::Idempotent, || {
                self.api.payment_type_list()
            })
            .await
            .map(Lookup)
    }

    /// Successful logins so far (one per token lifetime, plus one per rejected token).
    pub fn login_count(&self) -> u64 {
        self.session.login_count()
    }
}

/// "La fiecare apel, fiscalRegNo sau pin trebuie sa aiba o valoare, in mod obligatoriu."
fn require_fiscal_reg_no_or_pin(
    operation: &'static str,
    fiscal_reg_no: &Option<String>,
    pin: &Option<String>,
) -> Result<(), Error> {
    let has_value = |field: &Option<String>| field.as_deref().is_some_and(|v| !v.trim().is_empty());
    if has_value(fiscal_reg_no) || has_value(pin) {
        return Ok(());
    }
    Err(Error::InvalidRequest {
        operation,
        field: "fiscalRegNo/pin".into(),
        reason: "one of them must have a value (fiscalRegNo for a company, pin for a person)"
            .into(),
    })
}

/// An item of a lookup list: the ID other calls take, and the code and name people use.
pub trait LookupItem {
    /// The ID other calls take (`legal_form_id`, `delivery_type_id`, `payment_type_id`).
    fn id(&self) -> &str;
    /// The vendor's code (`CARD`, `CURIER`).
    fn code(&self) -> Option<&str>;
    /// The name shown to people.
    fn name(&self) -> Option<&str>;
}

macro_rules! lookup_item {
    ($type:ty, $id:ident, $code:ident, $name:ident) => {
        impl LookupItem for $type {
            fn id(&self) -> &str {
                &self.$id
            }
            fn code(&self) -> Option<&str> {
                self.$code.as_deref()
            }
            fn name(&self) -> Option<&str> {
                self.$name.as_deref()
            }
        }
    };
}

lookup_item!(
    types::LegalForm,
    legal_form_id,
    legal_form_code,
    legal_form_name
);
lookup_item!(
    types::DeliveryType,
    delivery_type_id,
    delivery_type_code,
    delivery_type_name
);
lookup_item!(
    types::PaymentType,
    payment_type_id,
    payment_type_code,
    payment_type_name
);

/// A lookup list as the server returned it, searchable by code.
#[derive(Debug, Clone, PartialEq)]
pub struct Lookup<T>(pub Vec<T>);

impl<T: LookupItem> Lookup<T> {
    /// The item whose code is `code` (exact match; codes are the vendor's).
    pub fn by_code(&self, code: &str) -> Option<&T> {
        self.0.iter().find(|item| item.code() == Some(code))
    }

    /// The ID to send for `code`, e.g. `delivery_type_id` for delivery type code `CURIER`.
    pub fn id_of(&self, code: &str) -> Option<&str> {
        self.by_code(code).map(LookupItem::id)
    }

    /// Every item, in the server's order.
    pub fn items(&self) -> &[T] {
        &self.0
    }
}

/// `POST /Login` with `UserName`, `Password`, `Organization`; 401 means wrong credentials.
fn login(anonymous: api::Client, credentials: Credentials, redactor: Redactor) -> Login {
    Arc::new(move || {
        let (api, redactor) = (anonymous.clone(), redactor.clone());
        let body = api::types::LoginRequest {
            user_name: credentials.user_name.clone(),
            password: credentials.password.expose_secret().to_owned(),
            organization: credentials.organization.clone(),
        };
        Box::pin(async move {
            let token =
                login_response("login", &redactor, api.login(&body).await, |_, _| None).await?;
            Ok(IssuedToken {
                value: token.access_token.into(),
                lifetime: Some(Duration::from_secs(token.expires_in.max(0) as u64)),
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::spec_examples::assert_examples_decode;

    #[test]
    fn every_spec_example_decodes_into_the_generated_types() {
        let decoders = crate::decoders! {
            LoginRequest => api::types::LoginRequest,
            LoginResponse => api::types::LoginResponse,
            Customer => types::Customer,
            SalesOrder => types::SalesOrder,
            LegalForm => types::LegalForm,
            DeliveryType => types::DeliveryType,
            PaymentType => types::PaymentType,
        };
        assert!(assert_examples_decode("autopiesa", &decoders) >= 4);
    }

    /// The login's `access_token` is a credential: the decoded response never shows it.
    #[test]
    fn the_login_access_token_never_shows_in_debug() {
        const TOKEN: &str = "eyJ-first-token";
        let response: api::types::LoginResponse =
            serde_json::from_value(json!({"access_token": TOKEN, "expires_in": 43200})).unwrap();
        assert_eq!(response.access_token.expose(), TOKEN);
        assert!(!format!("{response:?}").contains(TOKEN));
    }
}
