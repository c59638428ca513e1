//! The one error type every adapter returns.

use std::convert::Infallible;
use std::sync::Arc;

use reqwest::StatusCode;

/// An API call failed. `E` is the vendor's documented error payload for that API (for example
/// SiS's outcome object with its `error_description` list); variants that cannot carry it
/// (transport, login) are the same for every API.
///
/// No variant's `Debug` or `Display` contains a credential: URLs are stripped from transport
/// errors, and response snippets have every configured secret and token masked.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E = Infallible> {
    /// The client was configured with something unusable (e.g. a plain-HTTP base URL).
    #[error("invalid client configuration: {0}")]
    Config(String),

    /// The request was rejected locally, before anything was sent.
    #[error("{operation}: invalid request: {field}: {reason}")]
    InvalidRequest {
        /// The client method that failed (the login for a failed login).
        operation: &'static str,
        /// The request field at fault, as the vendor names it (`fiscalRegNo/pin`, `COD_CLI_ERP`).
        field: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The vendor rejected the credentials: a failed login, or a 401 that persisted after one
    /// fresh login.
    #[error("{operation}: authentication failed{}{}: {message}",
        status.map(|s| format!(" (HTTP {})", s.as_u16())).unwrap_or_default(),
        code.as_ref().map(|c| format!(" [{c}]")).unwrap_or_default())]
    Authentication {
        /// The client method that failed (the login for a failed login).
        operation: &'static str,
        /// The HTTP status; `None` when the request never got an answer.
        status: Option<StatusCode>,
        /// The vendor's error code (`invalid_grant`, QuoParts `101`), when it sends one.
        code: Option<String>,
        /// The vendor's explanation, secrets redacted.
        message: String,
    },

    /// The vendor answered with its documented error payload.
    #[error("{operation}: HTTP {}: {error}", status.as_u16())]
    Api {
        /// The client method that failed (the login for a failed login).
        operation: &'static str,
        /// The HTTP status (200 for vendors that report errors inside a success body).
        status: StatusCode,
        /// The vendor's documented error payload.
        error: E,
    },

    /// A status the spec does not document, or a documented one with an unexpected body.
    #[error("{operation}: unexpected HTTP {}: {snippet}", status.as_u16())]
    UnexpectedStatus {
        /// The client method that failed (the login for a failed login).
        operation: &'static str,
        /// The HTTP status.
        status: StatusCode,
        /// The start of the body, secrets redacted.
        snippet: String,
    },

    /// A success response whose body does not match the spec.
    #[error("{operation}: cannot decode the response: {message}; body starts with: {snippet}")]
    Decode {
        /// The client method that failed (the login for a failed login).
        operation: &'static str,
        /// What did not match.
        message: String,
        /// The start of the body, secrets redacted.
        snippet: String,
    },

    /// No complete response arrived in time (connect or request timeout).
    #[error("{operation}: timed out: {source}")]
    Timeout {
        /// The client method that failed (the login for a failed login).
        operation: &'static str,
        /// reqwest's error, without the URL.
        source: Arc<reqwest::Error>,
    },

    /// The connection failed or broke (refused, reset, closed mid-body).
    #[error("{operation}: transport error: {source}")]
    Transport {
        /// The client method that failed (the login for a failed login).
        operation: &'static str,
        /// reqwest's error, without the URL.
        source: Arc<reqwest::Error>,
    },
}

impl<E> Error<E> {
    /// The operation that failed, named as the consumer calls it (the client method, e.g.
    /// `cancel_contract`; the login for a failed login); `None` for configuration errors.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Config(_) => None,
            Error::InvalidRequest { operation, .. }
            | Error::Authentication { operation, .. }
            | Error::Api { operation, .. }
            | Error::UnexpectedStatus { operation, .. }
            | Error::Decode { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Transport { operation, .. } => Some(operation),
        }
    }

    /// The HTTP status, when the failure came with a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Authentication { status, .. } => *status,
            Error::Api { status, .. } | Error::UnexpectedStatus { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The vendor's documented error payload, if this is an [`Error::Api`].
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Wraps a transport failure, keeping its kind and dropping its URL (which may carry a
    /// token or password in the query string).
    pub(crate) fn from_reqwest(operation: &'static str, err: reqwest::Error) -> Self {
        let source = Arc::new(err.without_url());
        if source.is_timeout() {
            Error::Timeout { operation, source }
        } else {
            Error::Transport { operation, source }
        }
    }
}

impl Error<Infallible> {
    /// Login failures carry no API payload; this lifts them into any API's error type.
    pub(crate) fn widen<E>(self) -> Error<E> {
        match self {
            Error::Config(message) => Error::Config(message),
            Error::InvalidRequest {
                operation,
                field,
                reason,
            } => Error::InvalidRequest {
                operation,
                field,
                reason,
            },
            Error::Authentication {
                operation,
                status,
                code,
                message,
            } => Error::Authentication {
                operation,
                status,
                code,
                message,
            },
            Error::Api { error, .. } => match error {},
            Error::UnexpectedStatus {
                operation,
                status,
                snippet,
            } => Error::UnexpectedStatus {
                operation,
                status,
                snippet,
            },
            Error::Decode {
                operation,
                message,
                snippet,
            } => Error::Decode {
                operation,
                message,
                snippet,
            },
            Error::Timeout { operation, source } => Error::Timeout { operation, source },
            Error::Transport { operation, source } => Error::Transport { operation, source },
        }
    }
}

/// A vendor's error payload: generated from the error responses its spec declares, or
/// handwritten for what a spec cannot say (an error envelope under any status).
/// Its `Display` is the vendor's message, used where the payload cannot be kept (a 401
/// becomes [`Error::Authentication`]).
pub trait ErrorPayload: Sized + std::fmt::Display {
    /// Decodes a body the generated operation did not recognise as declared (an
    /// undeclared status, or a body that is not its declared schema). `None` when it is not
    /// the vendor's error shape either; generated payloads recognise nothing more.
    fn decode(status: StatusCode, body: &[u8]) -> Option<Self> {
        let _ = (status, body);
        None
    }
}

impl ErrorPayload for Infallible {
    fn decode(_: StatusCode, _: &[u8]) -> Option<Self> {
        None
    }
}
