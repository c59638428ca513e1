//! The token cache every token-based API shares: one login serves all concurrent callers,
//! tokens are renewed before they expire, and a rejected token is dropped exactly once.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

// tokio's clock, so that expiry can be tested with paused time.
use tokio::time::Instant;

use futures::future::BoxFuture;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use super::error::Error;

/// A failed login. Logins carry no API-specific payload.
pub type LoginError = Error;

/// What a login returns: the token and how long the vendor says it lives.
pub struct IssuedToken {
    pub value: SecretString,
    /// `None` when the vendor does not say (the token is used until rejected).
    pub lifetime: Option<Duration>,
}

/// Performs one login. Built once per client by its adapter.
pub type Login = Arc<dyn Fn() -> BoxFuture<'static, Result<IssuedToken, LoginError>> + Send + Sync>;

/// A cached token. `generation` identifies it, so that a 401 observed with an old token does
/// not throw away a newer one another caller just fetched. Cheap to clone (every request
/// reads it), and it carries its `Authorization: Bearer` value ready-made.
#[derive(Clone)]
pub struct Token(Arc<Issued>);

struct Issued {
    value: SecretString,
    /// `Bearer <value>`, marked sensitive; `None` if the value cannot be a header.
    bearer: Option<HeaderValue>,
    generation: u64,
    refresh_at: Option<Instant>,
}

impl Token {
    fn new(value: SecretString, generation: u64, refresh_at: Option<Instant>) -> Self {
        let bearer = HeaderValue::from_str(&format!("Bearer {}", value.expose_secret()))
            .ok()
            .map(|mut header| {
                header.set_sensitive(true);
                header
            });
        Token(Arc::new(Issued {
            value,
            bearer,
            generation,
            refresh_at,
        }))
    }

    pub(crate) fn value(&self) -> &SecretString {
        &self.0.value
    }

    pub(crate) fn bearer(&self) -> Option<&HeaderValue> {
        self.0.bearer.as_ref()
    }

    fn generation(&self) -> u64 {
        self.0.generation
    }

    fn is_fresh(&self, now: Instant) -> bool {
        self.0.refresh_at.is_none_or(|at| now < at)
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("value", &"[REDACTED]")
            .field("generation", &self.generation())
            .finish()
    }
}

/// Single-flight token cache.
pub struct TokenCache {
    login: Login,
    /// How long before expiry a token stops being used (capped at half its lifetime, so a
    /// short-lived token is still used at all).
    refresh_margin: Duration,
    current: RwLock<Option<Token>>,
    /// Serialises logins: whoever holds it logs in, everyone else waits for the result.
    login_gate: tokio::sync::Mutex<()>,
    /// Counts login attempts, so that callers queued behind a failed attempt share its
    /// failure instead of each trying again (no login storm when the token endpoint is down).
    /// Login attempts started; numbers token generations.
    attempts: AtomicU64,
    /// Login attempts finished, successful or not. A caller notes it before queueing; a
    /// failure that finished later is one it queued behind (possibly already in flight when
    /// it arrived), so it shares that failure instead of trying again.
    finished: AtomicU64,
    /// The latest failure, numbered by `finished`.
    last_failure: Mutex<Option<(u64, LoginError)>>,
    logins: AtomicU64,
}

impl TokenCache {
    pub fn new(login: Login, refresh_margin: Duration) -> Self {
        TokenCache {
            login,
            refresh_margin,
            current: RwLock::new(None),
            login_gate: tokio::sync::Mutex::new(()),
            attempts: AtomicU64::new(0),
            finished: AtomicU64::new(0),
            last_failure: Mutex::new(None),
            logins: AtomicU64::new(0),
        }
    }

    /// Starts from a token obtained elsewhere (an OAuth2 access token the caller already
    /// holds): it is used until it expires or is rejected, then `login` runs.
    pub fn seed(&self, issued: IssuedToken) {
        // Logins number their tokens from 1.
        let token = Token::new(
            issued.value,
            0,
            self.refresh_at(Instant::now(), issued.lifetime),
        );
        if let Ok(mut current) = self.current.write() {
            *current = Some(token);
        }
    }

    /// The token to put on a request right now, if any (read by [`super::Auth::apply`]).
    pub(crate) fn current(&self) -> Option<Token> {
        self.current.read().ok()?.clone()
    }

    /// A fresh token, logging in if there is none or it is about to expire. Concurrent
    /// callers share one login.
    pub async fn token(&self) -> Result<Token, LoginError> {
        if let Some(token) = self.fresh_token() {
            return Ok(token);
        }
        let finished_seen = self.finished.load(Ordering::SeqCst);
        let _gate = self.login_gate.lock().await;
        if let Some(token) = self.fresh_token() {
            return Ok(token);
        }
        if let Some(failure) = self.failure_since(finished_seen) {
            return Err(failure);
        }
        let attempt = self.attempts.fetch_add(1, Ordering::SeqCst) + 1;
        let started = Instant::now();
        tracing::debug!(attempt, "logging in");
        let outcome = (self.login)().await;
        let finished = self.finished.fetch_add(1, Ordering::SeqCst) + 1;
        match outcome {
            Ok(issued) => {
                let token = Token::new(
                    issued.value,
                    attempt,
                    self.refresh_at(started, issued.lifetime),
                );
                self.logins.fetch_add(1, Ordering::SeqCst);
                if let Ok(mut current) = self.current.write() {
                    *current = Some(token.clone());
                }
                if let Ok(mut last) = self.last_failure.lock() {
                    *last = None;
                }
                Ok(token)
            }
            Err(err) => {
                tracing::debug!(attempt, error = %err, "login failed");
                if let Ok(mut last) = self.last_failure.lock() {
                    *last = Some((finished, err.clone()));
                }
                Err(err)
            }
        }
    }

    /// Drops `token` after the vendor rejected it, unless a newer one already replaced it.
    pub fn reject(&self, token: &Token) {
        if let Ok(mut current) = self.current.write() {
            if current
                .as_ref()
                .is_some_and(|held| held.generation() == token.generation())
            {
                *current = None;
            }
        }
    }

    /// How many successful logins this cache performed (for tests and metrics).
    pub fn login_count(&self) -> u64 {
        self.logins.load(Ordering::SeqCst)
    }

    /// When a token issued at `issued_at` stops being used.
    fn refresh_at(&self, issued_at: Instant, lifetime: Option<Duration>) -> Option<Instant> {
        lifetime.map(|lifetime| issued_at + lifetime - self.refresh_margin.min(lifetime / 2))
    }

    fn fresh_token(&self) -> Option<Token> {
        let now = Instant::now();
        self.current().filter(|token| token.is_fresh(now))
    }

    /// The failure of a login attempt that finished after `finished_seen`, i.e. one this
    /// caller queued behind.
    fn failure_since(&self, finished_seen: u64) -> Option<LoginError> {
        let last = self.last_failure.lock().ok()?;
        let (finished, err) = last.as_ref()?;
        (*finished > finished_seen).then(|| err.clone())
    }
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("token", &self.current().map(|_| "[REDACTED]"))
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}
