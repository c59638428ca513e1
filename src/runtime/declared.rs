//! Error bodies a spec declares, decoded by the generated operations.
//!
//! A generated operation picks the schema by status (never by trying shapes in turn) and
//! calls [`declared_error`]. The body is scrubbed of the call's secrets before it is decoded,
//! as [`Session`](super::session::Session) runs each attempt inside [`with_redactor`]; a body
//! that does not match its declared schema is handed on as an undeclared response, so the
//! caller gets its status and a bounded, redacted snippet.

use std::future::Future;

use progenitor_client::{Error, ResponseValue};
use serde::de::DeserializeOwned;

use super::error::ErrorPayload;
use super::redact::Redactor;

tokio::task_local! {
    /// The secrets of the attempt being sent (set by [`with_redactor`]).
    static SECRETS: Redactor;
}

/// Runs `send` (one attempt of a generated operation) so that declared error bodies are
/// decoded with `redactor`'s secrets masked.
pub(crate) async fn with_redactor<F: Future>(redactor: Redactor, send: F) -> F::Output {
    SECRETS.scope(redactor, send).await
}

/// Decodes `response`, whose status the spec declares with a JSON body, into that status's
/// schema and wraps it with `variant` as the operation's error type.
pub async fn declared_error<T, E, R>(
    response: reqwest::Response,
    variant: impl FnOnce(T) -> E,
) -> Result<R, Error<E>>
where
    T: DeserializeOwned,
{
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(Error::ResponseBodyError)?;
    let scrubbed = SECRETS
        .try_with(|redactor| redactor.scrub(&String::from_utf8_lossy(&body)))
        .ok();
    let decoded = match &scrubbed {
        Some(text) => serde_json::from_str::<T>(text),
        None => serde_json::from_slice::<T>(&body),
    };
    match decoded {
        Ok(value) => Err(Error::ErrorResponse(ResponseValue::new(
            variant(value),
            status,
            headers,
        ))),
        Err(_) => {
            let mut undeclared = http::Response::new(body);
            *undeclared.status_mut() = status;
            *undeclared.headers_mut() = headers;
            Err(Error::UnexpectedResponse(reqwest::Response::from(
                undeclared,
            )))
        }
    }
}

/// What a generated operation decoded from a declared error response, as the adapter's
/// error payload. Operations that declare no error body have `()`, which gives none.
pub trait IntoPayload<E> {
    fn into_payload(self) -> Option<E>;
}

impl<E: ErrorPayload> IntoPayload<E> for E {
    fn into_payload(self) -> Option<E> {
        Some(self)
    }
}

impl<E> IntoPayload<E> for () {
    fn into_payload(self) -> Option<E> {
        None
    }
}
