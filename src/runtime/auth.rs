//! How credentials reach the wire. Every generated client holds an [`Auth`] and calls
//! [`Auth::apply`] on each request just before it is sent (progenitor's pre-hook).

use std::sync::Arc;

use reqwest::header::{HeaderValue, AUTHORIZATION};
use secrecy::{ExposeSecret, SecretString};

use super::token::{Token, TokenCache};

/// The credential a generated client attaches to its requests.
#[derive(Clone, Default)]
pub struct Auth(AuthKind);

#[derive(Clone, Default)]
enum AuthKind {
    /// Nothing (login endpoints).
    #[default]
    Anonymous,
    /// `Authorization: Bearer <token>` from a token cache.
    Bearer(Arc<TokenCache>),
    /// A `?<name>=<token>` query parameter from a token cache (QuoParts).
    QueryToken {
        name: &'static str,
        tokens: Arc<TokenCache>,
    },
    /// `Authorization: Basic …`, computed once.
    Basic(HeaderValue),
}

impl Auth {
    pub fn anonymous() -> Self {
        Auth(AuthKind::Anonymous)
    }

    pub fn bearer(tokens: Arc<TokenCache>) -> Self {
        Auth(AuthKind::Bearer(tokens))
    }

    pub fn query_token(name: &'static str, tokens: Arc<TokenCache>) -> Self {
        Auth(AuthKind::QueryToken { name, tokens })
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
        match &self.0 {
            AuthKind::Anonymous => {}
            AuthKind::Basic(value) => {
                request.headers_mut().insert(AUTHORIZATION, value.clone());
            }
            AuthKind::Bearer(tokens) => {
                if let Some(bearer) = tokens.current().as_ref().and_then(Token::bearer) {
                    request.headers_mut().insert(AUTHORIZATION, bearer.clone());
                }
            }
            AuthKind::QueryToken { name, tokens } => {
                if let Some(token) = tokens.current() {
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
            AuthKind::Bearer(_) => "Bearer([REDACTED])",
            AuthKind::QueryToken { .. } => "QueryToken([REDACTED])",
            AuthKind::Basic(_) => "Basic([REDACTED])",
        };
        f.write_str(kind)
    }
}
