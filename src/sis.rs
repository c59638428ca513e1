//! SiS fullservice (vehicle stock): OAuth2 password grant, bearer token, four operations.
//!
//! ```no_run
//! # async fn run() -> Result<(), partner_clients::sis::Error> {
//! use partner_clients::sis::{types, Client, Credentials, SERVER};
//!
//! let client = Client::new(SERVER, Credentials::new("user", "secret"))?;
//! let outcome = client
//!     .cancel_contract(&types::CancelContractRequest { id_contratto: 2 })
//!     .await?;
//! assert!(!outcome.error);
//! # Ok(()) }
//! ```

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};

use crate::runtime::{
    self, login_response, Auth, Connection, Idempotency, IssuedToken, Login, LoginRefusal,
    Redactor, Session,
};

// Generated code keeps prettyplease's layout: rustfmt would make `generate --check` see a
// hand edit. `dead_code`: the spec also describes bodies the adapter never builds or decodes
// (SiS' 401 body).
#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, dead_code, missing_docs, unused_imports)]
#[path = "../generated/sis.rs"]
mod api;

/// The request and response bodies of the SiS operations (the token endpoint's are internal).
pub mod types {
    crate::runtime::consumer_types! {
        structs: [CancelContractRequest, DmsContractRequest, ErrorDescriptionEntry, OptionStockRequest, Outcome, StockExpense, StockOptional, VehicleStockItem],
        others: [StockExpenseTipoVariazione, StockStatus, StockTypology, VehicleStockItemOperation],
    }
}

/// The host the vendor document gives (production; no sandbox is documented).
pub const SERVER: &str = "https://sisapi.fullservice.private-cloud.online";

/// Errors of this API: [`runtime::Error`] carrying the error bodies the spec declares
/// ([`ApiError`], generated: 400's outcome object, 401's `{Message}`).
pub type Error = runtime::Error<ApiError>;

pub use api::responses::ApiError;

impl ApiError {
    /// The `{Key, Value}` pairs SiS gave as reasons (a 400's outcome object; none in a 401).
    pub fn descriptions(&self) -> &[types::ErrorDescriptionEntry] {
        match self {
            ApiError::BadRequest(outcome) => &outcome.error_description,
            ApiError::Unauthorized(_) => &[],
        }
    }
}

/// The user name and password of the password grant.
pub struct Credentials {
    username: String,
    password: SecretString,
}

impl Credentials {
    /// The SiS user name and password (sent only to the token endpoint).
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
        let Credentials { username, password } = self.credentials;
        let redactor = Redactor::new([password.clone()]);
        let anonymous = api::Client::new_with_client(&base_url, http.clone(), Auth::anonymous());
        let login = login(anonymous, username, password, redactor.clone());
        let session = Session::with_login(login, &self.http, redactor);
        Ok(Client {
            api: api::Client::new_with_client(&base_url, http, session.bearer_auth()),
            session,
        })
    }
}

/// The SiS client. Clones are cheap and share one token.
#[derive(Debug, Clone)]
pub struct Client {
    api: api::Client,
    session: Session,
}

const _: () = runtime::assert_client::<Client>();

impl Client {
    /// A client for `server` (normally [`SERVER`]) with default transport settings.
    /// `server` must be HTTPS (plain HTTP only towards loopback).
    pub fn new(server: &str, credentials: Credentials) -> Result<Self, Error> {
        Self::builder(server, credentials).build()
    }

    /// A [`ClientBuilder`] for `server`, to change transport settings before
    /// [`ClientBuilder::build`].
    pub fn builder(server: &str, credentials: Credentials) -> ClientBuilder {
        ClientBuilder::new(server, credentials)
    }

    /// Inserts, updates (`Operation` I/U) or withdraws (`D`) a vehicle of the stock
    /// (tracciato 3.5). Never retried except after a 401.
    pub async fn stock(&self, item: &types::VehicleStockItem) -> Result<types::Outcome, Error> {
        self.session
            .call("stock", Idempotency::NotIdempotent, || self.api.stock(item))
            .await
    }

    /// Options a vehicle until `DataFineOpzione`, or clears the option when it is `None`
    /// (tracciato 3.7).
    pub async fn option_stock(
        &self,
        option: &types::OptionStockRequest,
    ) -> Result<types::Outcome, Error> {
        self.session
            .call("option_stock", Idempotency::NotIdempotent, || {
                self.api.option_stock(option)
            })
            .await
    }

    /// Notifies the cancellation of a contract (tracciato 3.11).
    pub async fn cancel_contract(
        &self,
        contract: &types::CancelContractRequest,
    ) -> Result<types::Outcome, Error> {
        self.session
            .call("cancel_contract", Idempotency::NotIdempotent, || {
                self.api.cancel_contract(contract)
            })
            .await
    }

    /// Notifies that a quote became a contract in the DMS (tracciato 3.13).
    pub async fn dms_contract(
        &self,
        contract: &types::DmsContractRequest,
    ) -> Result<types::Outcome, Error> {
        self.session
            .call("dms_contract", Idempotency::NotIdempotent, || {
                self.api.dms_contract(contract)
            })
            .await
    }

    /// Successful logins so far (one per token lifetime, plus one per rejected token).
    pub fn login_count(&self) -> u64 {
        self.session.login_count()
    }
}

/// `POST /Authorization/Token` with the form body `username`, `password`,
/// `grant_type=password`; a 400 `invalid_grant` means wrong credentials.
fn login(
    anonymous: api::Client,
    username: String,
    password: SecretString,
    redactor: Redactor,
) -> Login {
    Arc::new(move || {
        let (api, redactor) = (anonymous.clone(), redactor.clone());
        let form = api::types::TokenRequest {
            username: username.clone(),
            password: password.expose_secret().to_owned(),
            grant_type: api::types::TokenRequestGrantType::Password,
        };
        Box::pin(async move {
            let token = login_response(
                "getToken",
                &redactor,
                api.get_token(&form).await,
                |status, refusal: api::types::TokenError| {
                    (status == StatusCode::BAD_REQUEST).then(|| LoginRefusal {
                        code: Some(refusal.error.to_string()),
                        message: refusal.error_description.unwrap_or_default(),
                    })
                },
            )
            .await?;
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
    fn every_example_in_the_spec_decodes_into_the_generated_types() {
        let decoders = crate::decoders! {
            TokenRequest => api::types::TokenRequest,
            TokenResponse => api::types::TokenResponse,
            TokenError => api::types::TokenError,
            VehicleStockItem => types::VehicleStockItem,
            OptionStockRequest => types::OptionStockRequest,
            CancelContractRequest => types::CancelContractRequest,
            DmsContractRequest => types::DmsContractRequest,
            Outcome => types::Outcome,
            Unauthorized => api::types::Unauthorized,
        };
        let count = assert_examples_decode("sis", &decoders);
        assert!(count >= 12, "only {count} examples found");
    }

    /// The token response's access_token is a credential: Debug never shows it.
    #[test]
    fn the_token_response_access_token_never_shows_in_debug() {
        const TOKEN: &str = "tok-AAA-first";
        let response: api::types::TokenResponse = serde_json::from_value(
            json!({"access_token": TOKEN, "token_type": "bearer", "expires_in": 599}),
        )
        .unwrap();
        assert_eq!(response.access_token.expose(), TOKEN);
        assert!(!format!("{response:?}").contains(TOKEN));
    }
}
