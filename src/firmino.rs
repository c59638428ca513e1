//! Firmino.pl recurring documents: HTTP Basic, and the `{success, response}` envelope
//! unwrapped into the typed document or a typed [`ApiError`].
//!
//! ```no_run
//! # async fn run() -> Result<(), partner_clients::firmino::Error> {
//! use futures::TryStreamExt;
//! use partner_clients::firmino::{types, Client, Credentials, SERVER};
//!
//! let client = Client::new(SERVER, Credentials::new("login", "haslo"))?;
//! let created = client
//!     .add(&types::NewRecurringDocument {
//!         name: "Test".into(),
//!         id_sale_document: 19818500,
//!         interval_time_type: Some(types::IntervalTimeType::Week),
//!         start_date: None,
//!         active: Some(true),
//!         email: Some("klient@example.pl".into()),
//!         email_for_confirmation: None,
//!         hour_to_send: Some("8".into()),
//!     })
//!     .await?;
//! let weekly: Vec<_> = client.find_all(types::FindQuery::default()).try_collect().await?;
//! # Ok(()) }
//! ```

use std::num::NonZeroU32;

use futures::stream::{self, Stream, TryStreamExt};
use reqwest::StatusCode;
use secrecy::SecretString;

use crate::runtime::{self, Auth, Connection, ErrorPayload, Idempotency, Redactor, Session};

// Generated code keeps prettyplease's layout: rustfmt would make `generate --check` see a
// hand edit. `dead_code`: the spec may describe bodies the adapter never builds or decodes.
#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, dead_code, missing_docs, unused_imports)]
#[path = "../generated/firmino.rs"]
mod api;

/// The recurring-document types (the `{success, response}` envelopes are unwrapped by the client).
pub mod types {
    crate::runtime::consumer_types! {
        structs: [BlankRecurringDocument, FindFilter, FindParams, FindQuery, NewRecurringDocument, RecurringDocument, RecurringDocumentFields, RecurringDocumentListItem, RecurringDocumentPage, RecurringDocumentUpdate],
        others: [IntervalTimeType],
    }
}

/// The production API root named by the vendor document.
pub const SERVER: &str = "https://app.firmino.pl/app/services/rest/api";

/// Errors of this API; [`runtime::Error::Api`] carries the vendor's failure message.
pub type Error = runtime::Error<ApiError>;

/// `{"success": false, "response": "<message>"}`: the vendor refused the call and said why
/// (in Polish, e.g. "Brak wymaganych wartości", required values are missing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The vendor's message, credentials scrubbed.
    pub message: String,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Firmino refused the request: {}", self.message)
    }
}

impl ErrorPayload for ApiError {
    /// The failure envelope under whatever status it arrives with (the document shows none).
    fn decode(_: StatusCode, body: &[u8]) -> Option<Self> {
        // `{success: false, response: "<message>"}` is a MessageEnvelope.
        let envelope: api::types::MessageEnvelope = serde_json::from_slice(body).ok()?;
        (!envelope.success).then_some(ApiError {
            message: envelope.response,
        })
    }
}

/// The Firmino login and password (HTTP Basic).
pub struct Credentials {
    login: SecretString,
    password: SecretString,
}

impl Credentials {
    /// The Firmino login and password (sent on every call as HTTP Basic).
    pub fn new(login: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials {
            login: SecretString::from(login.into()),
            password: SecretString::from(password.into()),
        }
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials([REDACTED])")
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
        let Credentials { login, password } = self.credentials;
        let auth = Auth::basic(&login, &password);
        let session = Session::new(None, self.http.retry, Redactor::new([login, password]));
        Ok(Client {
            api: api::Client::new_with_client(&base_url, http, auth),
            session,
        })
    }
}

/// The Firmino client. Clones are cheap and share one connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    api: api::Client,
    session: Session,
}

const _: () = runtime::assert_client::<Client>();

impl Client {
    /// A client for `server` (normally [`SERVER`]) with default transport settings. `server`
    /// must be HTTPS (plain HTTP only towards loopback).
    pub fn new(server: &str, credentials: Credentials) -> Result<Self, Error> {
        Self::builder(server, credentials).build()
    }

    /// A [`ClientBuilder`] for `server`, to change settings before [`ClientBuilder::build`].
    pub fn builder(server: &str, credentials: Credentials) -> ClientBuilder {
        ClientBuilder::new(server, credentials)
    }

    /// Creates a recurring document (`add`). Never retried: a repeat would create a second one.
    pub async fn add(
        &self,
        document: &types::NewRecurringDocument,
    ) -> Result<types::RecurringDocument, Error> {
        const OPERATION: &str = "add";
        let envelope = self
            .session
            .call(OPERATION, Idempotency::NotIdempotent, || {
                self.api.add_recurring_document(document)
            })
            .await?;
        envelope.unwrap(OPERATION, &self.session)
    }

    /// The recurring document `id` (`get/{id}`).
    pub async fn get(&self, id: i64) -> Result<types::RecurringDocument, Error> {
        const OPERATION: &str = "get";
        let envelope = self
            .session
            .call(OPERATION, Idempotency::Idempotent, || {
                self.api.get_recurring_document(id)
            })
            .await?;
        envelope.unwrap(OPERATION, &self.session)
    }

    /// One page of recurring documents (`find`). See [`Client::find_all`] to walk every page.
    pub async fn find(
        &self,
        query: &types::FindQuery,
    ) -> Result<types::RecurringDocumentPage, Error> {
        const OPERATION: &str = "find";
        let envelope = self
            .session
            .call(OPERATION, Idempotency::Idempotent, || {
                self.api.find_recurring_documents(query)
            })
            .await?;
        envelope.unwrap(OPERATION, &self.session)
    }

    /// Every recurring document matching `query`, page after page from `query.page` (default
    /// 1), each page requested once. Stops after the page that reaches the reported `total`,
    /// or at the first empty page, whichever comes first.
    pub fn find_all(
        &self,
        query: types::FindQuery,
    ) -> impl Stream<Item = Result<types::RecurringDocumentListItem, Error>> + '_ {
        let first = query.page.unwrap_or(NonZeroU32::MIN);
        stream::try_unfold(Some(first), move |next| {
            let query = query.clone();
            async move {
                let Some(page) = next else { return Ok(None) };
                let found = self
                    .find(&types::FindQuery {
                        page: Some(page),
                        ..query
                    })
                    .await?;
                let after = next_page(page, &found);
                let items = stream::iter(found.list.into_iter().map(Ok));
                Ok(Some((items, after)))
            }
        })
        .try_flatten()
    }

    /// Changes the recurring document `update.id` (`update`). Sending the same change again
    /// leaves the same state, so transient failures are retried.
    pub async fn update(
        &self,
        update: &types::RecurringDocumentUpdate,
    ) -> Result<types::RecurringDocument, Error> {
        const OPERATION: &str = "update";
        let envelope = self
            .session
            .call(OPERATION, Idempotency::Idempotent, || {
                self.api.update_recurring_document(update)
            })
            .await?;
        envelope.unwrap(OPERATION, &self.session)
    }

    /// Deletes the recurring document `id` (`delete/{id}`); returns the vendor's confirmation
    /// ("Usunięto dokument").
    pub async fn delete(&self, id: i64) -> Result<String, Error> {
        const OPERATION: &str = "delete";
        let envelope = self
            .session
            .call(OPERATION, Idempotency::Idempotent, || {
                self.api.delete_recurring_document(id)
            })
            .await?;
        if envelope.success {
            Ok(envelope.response)
        } else {
            Err(refused(OPERATION, &envelope.response, &self.session))
        }
    }

    /// An empty recurring document with the server's defaults (`init`); nothing is stored.
    /// `fields` pre-fills it; what it leaves out (`idSaleDocument`, `name`) may come back
    /// null, and fields the document does not name (the sequence number) are kept in `extra`.
    pub async fn init(
        &self,
        fields: &types::RecurringDocumentFields,
    ) -> Result<types::BlankRecurringDocument, Error> {
        const OPERATION: &str = "init";
        let envelope = self
            .session
            .call(OPERATION, Idempotency::Idempotent, || {
                self.api.init_recurring_document(fields)
            })
            .await?;
        envelope.unwrap(OPERATION, &self.session)
    }
}

/// The page after `page`, if `found` says there is one. Uses the page size the server
/// applied (it may differ from the one asked for).
fn next_page(page: NonZeroU32, found: &types::RecurringDocumentPage) -> Option<NonZeroU32> {
    let seen_through = i64::from(page.get()) * i64::from(found.params.size.max(1));
    if found.list.is_empty() || seen_through >= found.params.total {
        return None;
    }
    page.checked_add(1)
}

/// The vendor's refusal as [`Error::Api`], its message scrubbed of credentials.
fn refused(operation: &'static str, message: &str, session: &Session) -> Error {
    Error::Api {
        operation,
        status: StatusCode::OK,
        error: ApiError {
            message: session.scrub(message),
        },
    }
}

/// `{success, response}` where `response` is the value on success and a message otherwise.
trait Envelope: Sized {
    type Value;
    fn parts(self) -> (bool, Result<Self::Value, String>);

    /// The value, or the vendor's refusal as [`Error::Api`]. A body that contradicts itself
    /// (success with a message, failure with a value) is a decode error, not a guess.
    fn unwrap(self, operation: &'static str, session: &Session) -> Result<Self::Value, Error> {
        match self.parts() {
            (true, Ok(value)) => Ok(value),
            (false, Err(message)) => Err(refused(operation, &message, session)),
            (true, Err(message)) => Err(Error::Decode {
                operation,
                message: "`success` is true but `response` is a message".into(),
                snippet: session.scrub(&message),
            }),
            (false, Ok(_)) => Err(Error::Decode {
                operation,
                message: "`success` is false but `response` is not a message".into(),
                snippet: String::new(),
            }),
        }
    }
}

macro_rules! envelope {
    ($envelope:ident, $response:ident, $variant:ident, $value:ty) => {
        impl Envelope for api::types::$envelope {
            type Value = $value;
            fn parts(self) -> (bool, Result<$value, String>) {
                let response = match self.response {
                    api::types::$response::$variant(value) => Ok(value),
                    api::types::$response::FailureMessage(message) => Err(message.0),
                };
                (self.success, response)
            }
        }
    };
}

envelope!(
    RecurringDocumentEnvelope,
    RecurringDocumentEnvelopeResponse,
    RecurringDocument,
    types::RecurringDocument
);
envelope!(
    BlankRecurringDocumentEnvelope,
    BlankRecurringDocumentEnvelopeResponse,
    BlankRecurringDocument,
    types::BlankRecurringDocument
);
envelope!(
    RecurringDocumentPageEnvelope,
    RecurringDocumentPageEnvelopeResponse,
    RecurringDocumentPage,
    types::RecurringDocumentPage
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec_examples::assert_examples_decode;

    #[test]
    fn every_spec_example_decodes_into_the_generated_types() {
        let decoders = crate::decoders! {
            NewRecurringDocument => types::NewRecurringDocument,
            RecurringDocumentFields => types::RecurringDocumentFields,
            RecurringDocumentUpdate => types::RecurringDocumentUpdate,
            RecurringDocumentEnvelope => api::types::RecurringDocumentEnvelope,
            BlankRecurringDocumentEnvelope => api::types::BlankRecurringDocumentEnvelope,
            RecurringDocumentPageEnvelope => api::types::RecurringDocumentPageEnvelope,
            MessageEnvelope => api::types::MessageEnvelope,
            FindQuery => types::FindQuery,
        };
        assert!(assert_examples_decode("firmino", &decoders) >= 12);
    }
}
