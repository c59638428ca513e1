//! Running one API operation: credentials, the single re-login after a 401, bounded retries
//! of idempotent requests, and turning every failure into a typed [`Error`].

use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use progenitor_client::ResponseValue;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use tracing::Instrument;

use super::error::{Error, ErrorPayload};
use super::redact;
use super::retry::{Idempotency, RetryPolicy};
use super::token::{Token, TokenCache};

/// What a generated operation returns.
pub type Generated<T> = Result<ResponseValue<T>, progenitor_client::Error<()>>;

/// Per-client state shared by all operations of an adapter.
pub struct Session {
    tokens: Option<Arc<TokenCache>>,
    retry: RetryPolicy,
    /// Configured secrets (passwords, API keys), scrubbed from every message built from a
    /// response body.
    secrets: Vec<SecretString>,
}

/// A response that is not the operation's documented success.
pub(crate) struct Rejection {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// How one attempt ended, before deciding whether to try again.
enum Attempt<T> {
    Done(T),
    Rejected(Rejection),
    /// The body decoded, but the vendor says (in-band) that the token was not accepted.
    TokenRejectedInBand(T),
}

impl Session {
    /// `tokens` is `None` for APIs with static credentials (HTTP Basic).
    pub fn new(
        tokens: Option<Arc<TokenCache>>,
        retry: RetryPolicy,
        secrets: Vec<SecretString>,
    ) -> Self {
        Session {
            tokens,
            retry,
            secrets,
        }
    }

    /// The token cache, for adapters that expose it (tests, metrics).
    pub fn tokens(&self) -> Option<&Arc<TokenCache>> {
        self.tokens.as_ref()
    }

    /// Runs `send` (a generated operation) with a valid token, re-logging in once if the
    /// vendor answers 401.
    pub async fn call<T, E, F, Fut>(
        &self,
        operation: &'static str,
        idempotency: Idempotency,
        send: F,
    ) -> Result<T, Error<E>>
    where
        E: ErrorPayload,
        F: Fn() -> Fut,
        Fut: Future<Output = Generated<T>>,
    {
        self.call_checked(operation, idempotency, send, |_: &T| false)
            .await
    }

    /// Like [`Session::call`], for vendors that report a rejected token inside a 200 body:
    /// `token_rejected` inspects the decoded body, and a `true` counts as a 401.
    pub async fn call_checked<T, E, F, Fut, R>(
        &self,
        operation: &'static str,
        idempotency: Idempotency,
        send: F,
        token_rejected: R,
    ) -> Result<T, Error<E>>
    where
        E: ErrorPayload,
        F: Fn() -> Fut,
        Fut: Future<Output = Generated<T>>,
        R: Fn(&T) -> bool,
    {
        let span = tracing::debug_span!("api_call", operation);
        async {
            let mut attempt = 1;
            let mut relogged = false;
            loop {
                let token = self.token().await.map_err(Error::widen)?;
                let outcome = self.attempt(operation, &send, &token_rejected).await?;
                let rejected_token = match &outcome {
                    Attempt::Rejected(rejection) => rejection.status == StatusCode::UNAUTHORIZED,
                    Attempt::TokenRejectedInBand(_) => true,
                    Attempt::Done(_) => false,
                };
                if let (true, Some(token), false) = (rejected_token, &token, relogged) {
                    // The vendor rejected the token before processing the request, so sending
                    // it again cannot duplicate anything, whatever the operation.
                    tracing::debug!("token rejected; logging in again and retrying once");
                    self.reject(token);
                    relogged = true;
                    continue;
                }
                match outcome {
                    Attempt::Done(value) | Attempt::TokenRejectedInBand(value) => {
                        return Ok(value)
                    }
                    Attempt::Rejected(rejection) => {
                        match self.retry.delay(
                            idempotency,
                            attempt,
                            rejection.status,
                            &rejection.headers,
                        ) {
                            Some(wait) => {
                                tracing::debug!(status = %rejection.status, ?wait, "transient status; retrying");
                                tokio::time::sleep(wait).await;
                                attempt += 1;
                            }
                            None => return Err(self.error_for(operation, rejection)),
                        }
                    }
                }
            }
        }
        .instrument(span)
        .await
    }

    async fn token(&self) -> Result<Option<Token>, Error> {
        match &self.tokens {
            Some(tokens) => tokens.token().await.map(Some),
            None => Ok(None),
        }
    }

    fn reject(&self, token: &Token) {
        if let Some(tokens) = &self.tokens {
            tokens.reject(token);
        }
    }

    async fn attempt<T, E, F, Fut, R>(
        &self,
        operation: &'static str,
        send: &F,
        token_rejected: &R,
    ) -> Result<Attempt<T>, Error<E>>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Generated<T>>,
        R: Fn(&T) -> bool,
    {
        match send().await {
            Ok(value) => {
                tracing::debug!(status = %value.status(), "response");
                let value = value.into_inner();
                Ok(if token_rejected(&value) {
                    Attempt::TokenRejectedInBand(value)
                } else {
                    Attempt::Done(value)
                })
            }
            Err(err) => match self.rejection(operation, err).await? {
                rejection => {
                    tracing::debug!(status = %rejection.status, "error response");
                    Ok(Attempt::Rejected(rejection))
                }
            },
        }
    }

    /// Splits progenitor's error into "the server answered" (kept for retry decisions) and
    /// failures that end the call at once.
    pub(crate) async fn rejection<E>(
        &self,
        operation: &'static str,
        err: progenitor_client::Error<()>,
    ) -> Result<Rejection, Error<E>> {
        use progenitor_client::Error as P;
        match err {
            P::UnexpectedResponse(response) => {
                let status = response.status();
                let headers = response.headers().clone();
                let body = response
                    .bytes()
                    .await
                    .map_err(|err| Error::from_reqwest(operation, err))?;
                Ok(Rejection {
                    status,
                    headers,
                    body,
                })
            }
            P::ErrorResponse(value) => Err(Error::UnexpectedStatus {
                operation,
                status: value.status(),
                snippet: String::new(),
            }),
            P::CommunicationError(err) | P::ResponseBodyError(err) | P::InvalidUpgrade(err) => {
                Err(Error::from_reqwest(operation, err))
            }
            P::InvalidResponsePayload(body, err) => Err(Error::Decode {
                operation,
                message: self.scrub(&err.to_string()),
                snippet: self.snippet(&body),
            }),
            P::InvalidRequest(reason) | P::Custom(reason) => Err(Error::InvalidRequest {
                operation,
                field: "request".into(),
                reason: self.scrub(&reason),
            }),
        }
    }

    /// The final error for a response that was not a success.
    pub(crate) fn error_for<E: ErrorPayload>(
        &self,
        operation: &'static str,
        rejection: Rejection,
    ) -> Error<E> {
        let Rejection { status, body, .. } = rejection;
        if status == StatusCode::UNAUTHORIZED {
            return Error::Authentication {
                operation,
                status: Some(status),
                code: None,
                message: self.snippet(&body),
            };
        }
        match E::decode(status, &body) {
            Some(error) => Error::Api {
                operation,
                status,
                error,
            },
            None => Error::UnexpectedStatus {
                operation,
                status,
                snippet: self.snippet(&body),
            },
        }
    }

    /// A secret-free start of a response body, for error messages.
    pub fn snippet(&self, body: &[u8]) -> String {
        let secrets = self.exposed_secrets();
        let secrets = secrets.iter().map(String::as_str).collect::<Vec<_>>();
        redact::snippet(body, &secrets)
    }

    /// `message` with every configured secret and the current token masked.
    pub fn scrub(&self, message: &str) -> String {
        let secrets = self.exposed_secrets();
        let secrets = secrets.iter().map(String::as_str).collect::<Vec<_>>();
        redact::scrub(message, &secrets).into_owned()
    }

    fn exposed_secrets(&self) -> Vec<String> {
        let token = self
            .tokens
            .as_ref()
            .and_then(|tokens| tokens.current())
            .map(|token| token.value.expose_secret().to_owned());
        self.secrets
            .iter()
            .map(|secret| secret.expose_secret().to_owned())
            .chain(token)
            .collect()
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("tokens", &self.tokens)
            .field("retry", &self.retry)
            .field("secrets", &format_args!("[{} redacted]", self.secrets.len()))
            .finish()
    }
}
