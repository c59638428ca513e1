//! How credentials reach the wire. Every generated client holds an [`Auth`] and calls
//! [`Auth::apply`] on each request just before it is sent (progenitor's pre-hook).
//!
//! A token-based request carries the token its call was decided with, never whatever the
//! cache holds when the request happens to be built: [`Session`](super::session::Session)
//! runs each attempt inside [`with_token`], and `apply` reads that token. A concurrent
//! caller that rejects the token (and empties the cache) therefore cannot strip the
//! credential from a request already decided, and the token a 401 is blamed on is the one
//! that was sent.

use std::future::Future;

use reqwest::header::{HeaderValue, AUTHORIZATION};
use secrecy::{ExposeSecret, SecretString};

use super::token::Token;

tokio::task_local! {
    /// The token of the attempt being sent (set by [`with_token`]).
    static DECIDED: Token;
}

/// Runs `send` (one attempt of a generated operation) so that every request it builds
/// carries `token`.
pub(crate) async fn with_token<F: Future>(token: Option<Token>, send: F) -> F::Output {
    match token {
        Some(token) => DECIDED.scope(token, send).await,
        None => send.await,
    }
}

/// The token of the attempt being sent, if this request is built inside [`with_token`].
fn decided() -> Option<Token> {
    DECIDED.try_with(Token::clone).ok()
}

/// The credential a generated client attaches to its requests.
#[derive(Clone, Default)]
pub struct Auth(AuthKind);

#[derive(Clone, Default)]
enum AuthKind {
    /// Nothing (login endpoints).
    #[default]
    Anonymous,
    /// `Authorization: Bearer <token>`, the token the call was decided with.
    Bearer,
    /// A `?<name>=<token>` query parameter, the token the call was decided with (QuoParts).
    QueryToken { name: &'static str },
    /// `Authorization: Basic …`, computed once.
    Basic(HeaderValue),
}

impl Auth {
    /// No credential (login endpoints).
    pub fn anonymous() -> Self {
        Auth(AuthKind::Anonymous)
    }

    /// `Authorization: Bearer` with the token of the attempt being sent.
    pub fn bearer() -> Self {
        Auth(AuthKind::Bearer)
    }

    /// `?<name>=<token>` with the token of the attempt being sent.
    pub fn query_token(name: &'static str) -> Self {
        Auth(AuthKind::QueryToken { name })
    }

    /// HTTP Basic; `password` may be empty (e-Cont sends the API key as user, `KEY:`).
    pub fn basic(username: &SecretString, password: &SecretString) -> Self {
        use base64::Engine as _;
        let credentials = format!("{}:{}", username.expose_secret(), password.expose_secret());
        let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
        let mut value = HeaderValue::from_str(&format!("Basic {encoded}"))
            .expect("base64 output is a valid header value");
        value.set_sensitive(true);
        Auth(AuthKind::Basic(value))
    }

    /// Attaches the credential to `request`.
    pub fn apply(&self, request: &mut reqwest::Request) {
        // The method only: the URL may carry a query token.
        tracing::Span::current().record("method", request.method().as_str());
        match &self.0 {
            AuthKind::Anonymous => {}
            AuthKind::Basic(value) => {
                request.headers_mut().insert(AUTHORIZATION, value.clone());
            }
            AuthKind::Bearer => {
                if let Some(bearer) = decided().as_ref().and_then(Token::bearer) {
                    request.headers_mut().insert(AUTHORIZATION, bearer.clone());
                }
            }
            AuthKind::QueryToken { name } => {
                if let Some(token) = decided() {
                    request
                        .url_mut()
                        .query_pairs_mut()
                        .append_pair(name, token.value().expose_secret());
                }
            }
        }
    }
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.0 {
            AuthKind::Anonymous => "Anonymous",
            AuthKind::Bearer => "Bearer",
            AuthKind::QueryToken { .. } => "QueryToken",
            AuthKind::Basic(_) => "Basic([REDACTED])",
        };
        f.write_str(kind)
    }
}
