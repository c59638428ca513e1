//! Running one API operation: credentials, the single re-login after a 401, bounded retries
//! of idempotent requests, and turning every failure into a typed [`Error`].

use std::future::Future;
use std::sync::Arc;

use reqwest::StatusCode;
use tracing::Instrument;

use super::auth::{self, Auth};
use super::declared::{self, IntoPayload};
use super::error::{Error, ErrorPayload};
use super::http::HttpConfig;
use super::redact::Redactor;
use super::response::{self, Generated, Rejection};
use super::retry::{Idempotency, RetryPolicy};
use super::token::{Login, Token, TokenCache};

/// Per-client state shared by all operations of an adapter. Clones share the token cache.
#[derive(Clone)]
pub struct Session {
    tokens: Option<Arc<TokenCache>>,
    retry: RetryPolicy,
    /// Configured secrets (passwords, API keys), scrubbed from every message built from a
    /// response body.
    secrets: Redactor,
}

/// How one attempt ended, before deciding whether to try again.
enum Attempt<T, E> {
    Done(T),
    Rejected(Rejection<E>),
    /// The body decoded, but the vendor says (in-band) that the token was not accepted.
    TokenRejectedInBand(T),
}

impl Session {
    /// `tokens` is `None` for APIs with static credentials (HTTP Basic).
    pub fn new(tokens: Option<Arc<TokenCache>>, retry: RetryPolicy, secrets: Redactor) -> Self {
        Session {
            tokens,
            retry,
            secrets,
        }
    }

    /// A session for a token-based API: `login` runs on first use, before the token expires
    /// (by `http.token_refresh_margin`) and after a 401; retries follow `http.retry`.
    pub fn with_login(login: Login, http: &HttpConfig, secrets: Redactor) -> Self {
        let tokens = Arc::new(TokenCache::new(login, http.token_refresh_margin));
        Session::new(Some(tokens), http.retry, secrets)
    }

    /// The credential generated clients attach: the session's token as `Authorization:
    /// Bearer`, or anonymous for a session without tokens.
    pub fn bearer_auth(&self) -> Auth {
        match self.tokens {
            Some(_) => Auth::bearer(),
            None => Auth::anonymous(),
        }
    }

    /// Successful logins so far (one per token lifetime, plus one per rejected token).
    pub fn login_count(&self) -> u64 {
        self.tokens
            .as_ref()
            .map_or(0, |tokens| tokens.login_count())
    }

    /// The token cache, for adapters that expose it (tests, metrics).
    pub fn tokens(&self) -> Option<&Arc<TokenCache>> {
        self.tokens.as_ref()
    }

    /// Runs `send` (a generated operation) with a valid token, re-logging in once if the
    /// vendor answers 401. The error bodies the operation declares arrive decoded (`G`);
    /// any other body is offered to `E`'s own decoder before it is reported as unexpected.
    pub async fn call<T, G, E, F, Fut>(
        &self,
        operation: &'static str,
        idempotency: Idempotency,
        send: F,
    ) -> Result<T, Error<E>>
    where
        G: IntoPayload<E>,
        E: ErrorPayload,
        F: Fn() -> Fut,
        Fut: Future<Output = Generated<T, G>>,
    {
        self.call_checked(operation, idempotency, send, |_: &T| false)
            .await
    }

    /// Like [`Session::call`], for vendors that report a rejected token inside a 200 body:
    /// `token_rejected` inspects the decoded body, and a `true` counts as a 401.
    pub async fn call_checked<T, G, E, F, Fut, R>(
        &self,
        operation: &'static str,
        idempotency: Idempotency,
        send: F,
        token_rejected: R,
    ) -> Result<T, Error<E>>
    where
        G: IntoPayload<E>,
        E: ErrorPayload,
        F: Fn() -> Fut,
        Fut: Future<Output = Generated<T, G>>,
        R: Fn(&T) -> bool,
    {
        // `method` is recorded by `Auth::apply` as the request leaves, `status` per response,
        // `attempt` per request sent (re-logins and retries included), `duration_ms` at the end.
        let span = tracing::debug_span!(
            "api_call",
            operation,
            method = tracing::field::Empty,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = tokio::time::Instant::now();
        let call = async {
            let mut attempt = 1;
            let mut sent = 0u32;
            let mut relogged = false;
            loop {
                let token = self.token().await.map_err(Error::widen)?;
                sent += 1;
                tracing::Span::current().record("attempt", sent);
                let outcome = self
                    .attempt(operation, token.clone(), &send, &token_rejected)
                    .await?;
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
                    // A token still rejected in-band after the fresh login is handed back as
                    // decoded: the adapter turns the vendor's in-band error into its error.
                    Attempt::Done(value) | Attempt::TokenRejectedInBand(value) => return Ok(value),
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
        };
        let outcome = call.instrument(span.clone()).await;
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        outcome
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

    /// One request, carrying `token` (the one the retry decision will be about).
    async fn attempt<T, G, E, F, Fut, R>(
        &self,
        operation: &'static str,
        token: Option<Token>,
        send: &F,
        token_rejected: &R,
    ) -> Result<Attempt<T, E>, Error<E>>
    where
        G: IntoPayload<E>,
        F: Fn() -> Fut,
        Fut: Future<Output = Generated<T, G>>,
        R: Fn(&T) -> bool,
    {
        // The token on the wire is scrubbed too, even if the cache has moved on.
        let redactor = self
            .redactor()
            .with(token.as_ref().map(|token| token.value().clone()));
        let sent = declared::with_redactor(redactor.clone(), auth::with_token(token, send()));
        match sent.await {
            Ok(value) => {
                tracing::Span::current().record("status", value.status().as_u16());
                tracing::debug!(status = %value.status(), "response");
                let value = value.into_inner();
                Ok(if token_rejected(&value) {
                    Attempt::TokenRejectedInBand(value)
                } else {
                    Attempt::Done(value)
                })
            }
            Err(err) => {
                let rejection =
                    response::rejection(operation, &redactor, err, IntoPayload::into_payload)
                        .await?;
                tracing::Span::current().record("status", rejection.status.as_u16());
                tracing::debug!(status = %rejection.status, "error response");
                Ok(Attempt::Rejected(rejection))
            }
        }
    }

    /// The final error for a response that was not a success.
    pub(crate) fn error_for<E: ErrorPayload>(
        &self,
        operation: &'static str,
        rejection: Rejection<E>,
    ) -> Error<E> {
        let Rejection {
            status,
            body,
            declared,
            ..
        } = rejection;
        // Scrubbed before decoding too: a vendor payload's message may echo a credential.
        let body = self.redactor().scrub(&String::from_utf8_lossy(&body));
        let body = body.as_bytes();
        let payload = declared.or_else(|| E::decode(status, body));
        if status == StatusCode::UNAUTHORIZED {
            // The vendor's own explanation when the body is its documented error shape.
            let message = payload
                .map(|payload| self.redactor().scrub(&payload.to_string()))
                .unwrap_or_else(|| self.snippet(body));
            return Error::Authentication {
                operation,
                status: Some(status),
                code: None,
                message,
            };
        }
        match payload {
            Some(error) => Error::Api {
                operation,
                status,
                error,
            },
            None => Error::UnexpectedStatus {
                operation,
                status,
                snippet: self.snippet(body),
            },
        }
    }

    /// `text` with every configured secret and the current token masked, for adapters that
    /// build an error from a message the vendor sent in a successful response.
    pub fn scrub(&self, text: &str) -> String {
        self.redactor().scrub(text)
    }

    /// The configured secrets plus the current token, for scrubbing messages.
    fn redactor(&self) -> Redactor {
        let token = self
            .tokens
            .as_ref()
            .and_then(|tokens| tokens.current())
            .map(|token| token.value().clone());
        self.secrets.with(token)
    }

    fn snippet(&self, body: &[u8]) -> String {
        self.redactor().snippet(body)
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("tokens", &self.tokens)
            .field("retry", &self.retry)
            .field("secrets", &self.secrets)
            .finish()
    }
}

#[cfg(test)]
// `Generated` is progenitor's result type, whatever its size.
#[allow(clippy::result_large_err)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Mutex;

    use progenitor_client::ResponseValue;
    use reqwest::header::{HeaderMap, AUTHORIZATION};
    use secrecy::SecretString;
    use tokio::sync::Notify;

    use super::*;
    use crate::runtime::token::IssuedToken;

    /// What the fake server saw of one request.
    #[derive(Debug, Clone, PartialEq)]
    struct Sent {
        credential: Option<String>,
        cache_was_empty: bool,
    }

    /// The credential `auth` put on a request: the bearer header or the `token` parameter.
    fn credential(auth: &Auth) -> Option<String> {
        let mut request = reqwest::Request::new(
            reqwest::Method::POST,
            "http://127.0.0.1/op".parse().unwrap(),
        );
        auth.apply(&mut request);
        let header = request
            .headers()
            .get(AUTHORIZATION)
            .map(|value| value.to_str().unwrap().to_owned());
        let query = request
            .url()
            .query_pairs()
            .find(|(name, _)| name == "token")
            .map(|(_, value)| format!("Bearer {value}"));
        header.or(query)
    }

    fn ok() -> Generated<()> {
        Ok(ResponseValue::new((), StatusCode::OK, HeaderMap::new()))
    }

    fn unauthorized() -> Generated<()> {
        let response = http::Response::builder().status(401).body("").unwrap();
        Err(progenitor_client::Error::UnexpectedResponse(
            reqwest::Response::from(response),
        ))
    }

    /// Reproduces the interleaving of issue 12 step by step: call A decides with token t1
    /// but builds its request late; meanwhile call B gets a 401 for t1, rejects it (the cache
    /// is now empty) and starts a new login. A's request must still carry t1.
    async fn a_late_request_keeps_its_token(auth: Auth) {
        let a_may_build = Arc::new(Notify::new());
        let relogin_may_finish = Arc::new(Notify::new());
        let logins = Arc::new(AtomicU64::new(0));
        let login: Login = {
            let (a_may_build, relogin_may_finish, logins) = (
                a_may_build.clone(),
                relogin_may_finish.clone(),
                logins.clone(),
            );
            Arc::new(move || {
                let (a_may_build, relogin_may_finish) =
                    (a_may_build.clone(), relogin_may_finish.clone());
                let n = logins.fetch_add(1, Ordering::SeqCst) + 1;
                Box::pin(async move {
                    if n > 1 {
                        // B's re-login: the cache is empty until it finishes.
                        a_may_build.notify_one();
                        relogin_may_finish.notified().await;
                    }
                    Ok(IssuedToken {
                        value: SecretString::from(format!("t{n}")),
                        lifetime: None,
                    })
                })
            })
        };
        let session = Session::with_login(login, &HttpConfig::default(), Redactor::default());
        let tokens = session.tokens().unwrap().clone();
        let sent_by_a = Mutex::new(Vec::new());
        let sent_by_b = Mutex::new(Vec::new());

        let call_a = session.call::<(), (), std::convert::Infallible, _, _>(
            "a",
            Idempotency::NotIdempotent,
            || async {
                a_may_build.notified().await;
                sent_by_a.lock().unwrap().push(Sent {
                    credential: credential(&auth),
                    cache_was_empty: tokens.current().is_none(),
                });
                relogin_may_finish.notify_one();
                ok()
            },
        );
        let call_b = session.call::<(), (), std::convert::Infallible, _, _>(
            "b",
            Idempotency::NotIdempotent,
            || async {
                let credential = credential(&auth);
                let rejected = credential.as_deref() == Some("Bearer t1");
                sent_by_b.lock().unwrap().push(Sent {
                    credential,
                    cache_was_empty: false,
                });
                if rejected {
                    unauthorized()
                } else {
                    ok()
                }
            },
        );
        // A is polled first, so both decide with t1 before B's 401 arrives.
        let (a, b) = tokio::join!(call_a, call_b);
        a.unwrap();
        b.unwrap();

        assert_eq!(
            *sent_by_a.lock().unwrap(),
            [Sent {
                credential: Some("Bearer t1".into()),
                cache_was_empty: true,
            }],
            "A's request left while the cache was empty and must still carry t1"
        );
        let b: Vec<_> = sent_by_b
            .lock()
            .unwrap()
            .iter()
            .map(|sent| sent.credential.clone())
            .collect();
        assert_eq!(b, [Some("Bearer t1".into()), Some("Bearer t2".into())]);
        assert_eq!(session.login_count(), 2);
    }

    #[tokio::test]
    async fn a_bearer_request_carries_the_token_its_call_decided_with() {
        a_late_request_keeps_its_token(Auth::bearer()).await;
    }

    #[tokio::test]
    async fn a_query_token_request_carries_the_token_its_call_decided_with() {
        a_late_request_keeps_its_token(Auth::query_token("token")).await;
    }

    #[test]
    fn outside_a_call_no_token_is_attached() {
        assert_eq!(credential(&Auth::bearer()), None);
        assert_eq!(credential(&Auth::query_token("token")), None);
    }
}
