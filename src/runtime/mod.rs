//! What every API adapter shares: credentials and how they reach the wire, the token cache,
//! the error type, retry and timeout policy, HTTP client construction.
//!
//! Adapters (`crate::sis`, …) only describe their vendor's login and error payloads; the
//! behaviour (single-flight login, refresh before expiry, one re-login after a 401, no retry
//! of writes) lives here once.

mod auth;
mod builder;
mod declared;
mod error;
mod expandable;
pub mod flag;
mod forward;
mod http;
mod oauth2;
mod query;
mod redact;
mod response;
mod retry;
mod secret;
mod session;
mod token;

pub use auth::Auth;
pub use builder::ClientBuilder;
pub use declared::{declared_error, IntoPayload};
pub use error::{Error, ErrorPayload};
pub use expandable::{Expandable, Identified};
pub use forward::UnknownValue;
pub use http::{base_url, CertificateDer, Connection, HttpConfig};
pub use oauth2::RefreshGrant;
pub use query::DeepObject;
pub use redact::Redactor;
pub use response::{login_response, Generated, LoginRefusal};
pub use retry::{Idempotency, RetryPolicy};
pub use secret::SecretText;
pub use session::Session;
pub use token::{IssuedToken, Login, LoginError, Token, TokenCache};

/// Compile-time check of what every adapter's `Client` promises: cheap clones sharing one
/// session, a redacting `Debug`, and use from any task or thread.
pub(crate) const fn assert_client<T: Clone + std::fmt::Debug + Send + Sync + 'static>() {}
