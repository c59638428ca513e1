//! OAuth2 refresh-token grant (RFC 6749 §6) as a [`Login`] for the token cache: a client
//! that starts from an access token and a refresh token renews the access token when it
//! expires or the vendor rejects it, single-flight like any other login.
//!
//! The grant is a form POST to a token URL the adapter takes from configuration (e-Cont does
//! not publish its OAuth2 endpoints, so no generated client exists for it).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::error::Error;
use super::http::base_url;
use super::redact::Redactor;
use super::response::{login_failure, LoginRefusal};
use super::token::{IssuedToken, Login, LoginError};

const OPERATION: &str = "refreshToken";

/// What an OAuth2 client registered with the vendor holds.
pub struct RefreshGrant {
    token_url: String,
    client_id: String,
    client_secret: SecretString,
    /// Replaced when the vendor rotates it.
    refresh_token: Mutex<SecretString>,
}

impl RefreshGrant {
    /// `token_url` must be HTTPS (plain HTTP only towards loopback).
    pub fn new(
        token_url: &str,
        client_id: impl Into<String>,
        client_secret: SecretString,
        refresh_token: SecretString,
    ) -> Result<Self, Error> {
        Ok(RefreshGrant {
            token_url: base_url(token_url)?,
            client_id: client_id.into(),
            client_secret,
            refresh_token: Mutex::new(refresh_token),
        })
    }

    /// The login the token cache runs: one refresh-token grant.
    pub fn login(self: Arc<Self>, http: reqwest::Client, redactor: Redactor) -> Login {
        Arc::new(move || {
            let (grant, http, redactor) = (self.clone(), http.clone(), redactor.clone());
            Box::pin(async move { grant.refresh(&http, &redactor).await })
        })
    }

    async fn refresh(
        &self,
        http: &reqwest::Client,
        redactor: &Redactor,
    ) -> Result<IssuedToken, LoginError> {
        let refresh_token = self.current_refresh_token();
        let redactor = redactor.with(Some(refresh_token.clone()));
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose_secret()),
            ("client_id", &self.client_id),
            ("client_secret", self.client_secret.expose_secret()),
        ];
        let response = http
            .post(&self.token_url)
            .form(&form)
            .send()
            .await
            .map_err(|err| Error::from_reqwest(OPERATION, err))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|err| Error::from_reqwest(OPERATION, err))?;
        if !status.is_success() {
            return Err(refusal(status, &body, &redactor));
        }
        let issued: TokenResponse = serde_json::from_slice(&body).map_err(|err| Error::Decode {
            operation: OPERATION,
            message: err.to_string(),
            snippet: redactor.snippet(&body),
        })?;
        if let Some(rotated) = issued.refresh_token {
            if let Ok(mut current) = self.refresh_token.lock() {
                *current = SecretString::from(rotated);
            }
        }
        Ok(IssuedToken {
            value: SecretString::from(issued.access_token),
            lifetime: issued.expires_in.map(Duration::from_secs),
        })
    }

    fn current_refresh_token(&self) -> SecretString {
        match self.refresh_token.lock() {
            Ok(token) => token.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

impl std::fmt::Debug for RefreshGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshGrant")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: Option<u64>,
    refresh_token: Option<String>,
}

/// RFC 6749 §5.2: `{error, error_description}` with 400 (invalid_grant: the refresh token
/// is expired or revoked) or 401 (invalid_client).
#[derive(Deserialize)]
struct TokenError {
    error: String,
    error_description: Option<String>,
}

fn refusal(status: StatusCode, body: &[u8], redactor: &Redactor) -> Error {
    login_failure(OPERATION, redactor, status, body, |status, body| {
        if !matches!(status, StatusCode::BAD_REQUEST | StatusCode::UNAUTHORIZED) {
            return None;
        }
        let refused: TokenError = serde_json::from_slice(body).ok()?;
        Some(LoginRefusal {
            message: refused
                .error_description
                .unwrap_or_else(|| refused.error.clone()),
            code: Some(refused.error),
        })
    })
}
