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

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicU64;

    use futures::future::join_all;
    use tokio::time::{advance, sleep};

    use super::*;

    const MARGIN: Duration = Duration::from_secs(60);

    /// A login that takes `delay`, counts its runs and issues `t<run>` living `lifetime`, or
    /// fails with an authentication error when `fails` says so for that run.
    fn fake_login(
        runs: Arc<AtomicU64>,
        delay: Duration,
        lifetime: Option<Duration>,
        fails: fn(u64) -> bool,
    ) -> Login {
        Arc::new(move || {
            let run = runs.fetch_add(1, Ordering::SeqCst) + 1;
            Box::pin(async move {
                sleep(delay).await;
                if fails(run) {
                    return Err(Error::Authentication {
                        operation: "login",
                        status: None,
                        code: Some("invalid_grant".into()),
                        message: format!("refused (run {run})"),
                    });
                }
                Ok(IssuedToken {
                    value: SecretString::from(format!("t{run}")),
                    lifetime,
                })
            })
        })
    }

    fn never(_: u64) -> bool {
        false
    }

    fn value(token: &Token) -> &str {
        token.value().expose_secret()
    }

    #[tokio::test(start_paused = true)]
    async fn a_token_is_renewed_the_refresh_margin_before_it_expires() {
        let runs = Arc::new(AtomicU64::new(0));
        let lifetime = Some(Duration::from_secs(600));
        let cache = TokenCache::new(
            fake_login(runs.clone(), Duration::ZERO, lifetime, never),
            MARGIN,
        );
        assert_eq!(value(&cache.token().await.unwrap()), "t1");
        // Fresh until 600 - 60 = 540 s after it was issued.
        advance(Duration::from_secs(539)).await;
        assert_eq!(value(&cache.token().await.unwrap()), "t1");
        advance(Duration::from_secs(1)).await;
        assert_eq!(value(&cache.token().await.unwrap()), "t2");
        assert_eq!((runs.load(Ordering::SeqCst), cache.login_count()), (2, 2));
    }

    #[tokio::test(start_paused = true)]
    async fn a_token_shorter_lived_than_twice_the_margin_is_used_for_half_its_lifetime() {
        let runs = Arc::new(AtomicU64::new(0));
        let lifetime = Some(Duration::from_secs(80));
        let cache = TokenCache::new(
            fake_login(runs.clone(), Duration::ZERO, lifetime, never),
            MARGIN,
        );
        cache.token().await.unwrap();
        advance(Duration::from_secs(39)).await;
        assert_eq!(value(&cache.token().await.unwrap()), "t1");
        advance(Duration::from_secs(1)).await;
        assert_eq!(value(&cache.token().await.unwrap()), "t2");
    }

    #[tokio::test(start_paused = true)]
    async fn the_lifetime_counts_from_when_the_login_started() {
        // A login taking 30 s of a 600 s lifetime leaves 510 s before the refresh.
        let runs = Arc::new(AtomicU64::new(0));
        let login = fake_login(
            runs.clone(),
            Duration::from_secs(30),
            Some(Duration::from_secs(600)),
            never,
        );
        let cache = TokenCache::new(login, MARGIN);
        cache.token().await.unwrap();
        advance(Duration::from_secs(509)).await;
        assert_eq!(value(&cache.token().await.unwrap()), "t1");
        advance(Duration::from_secs(1)).await;
        assert_eq!(value(&cache.token().await.unwrap()), "t2");
    }

    #[tokio::test(start_paused = true)]
    async fn a_token_without_a_lifetime_is_used_until_rejected() {
        let runs = Arc::new(AtomicU64::new(0));
        let cache = TokenCache::new(
            fake_login(runs.clone(), Duration::ZERO, None, never),
            MARGIN,
        );
        let first = cache.token().await.unwrap();
        advance(Duration::from_secs(365 * 24 * 3600)).await;
        assert_eq!(value(&cache.token().await.unwrap()), "t1");
        cache.reject(&first);
        assert_eq!(value(&cache.token().await.unwrap()), "t2");
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_one_login() {
        let runs = Arc::new(AtomicU64::new(0));
        let login = fake_login(runs.clone(), Duration::from_secs(2), None, never);
        let cache = TokenCache::new(login, MARGIN);
        let tokens = join_all((0..50).map(|_| cache.token())).await;
        assert!(tokens
            .iter()
            .all(|token| value(token.as_ref().unwrap()) == "t1"));
        assert_eq!((runs.load(Ordering::SeqCst), cache.login_count()), (1, 1));
    }

    #[tokio::test(start_paused = true)]
    async fn callers_queued_behind_a_failed_login_share_its_failure() {
        let runs = Arc::new(AtomicU64::new(0));
        let login = fake_login(runs.clone(), Duration::from_secs(2), None, |run| run == 1);
        let cache = TokenCache::new(login, MARGIN);
        let outcomes = join_all((0..50).map(|_| cache.token())).await;
        for outcome in &outcomes {
            let err = outcome.as_ref().unwrap_err();
            assert!(err.to_string().contains("refused (run 1)"), "{err}");
        }
        assert_eq!((runs.load(Ordering::SeqCst), cache.login_count()), (1, 0));
        // A caller arriving after the failure tries again.
        assert_eq!(value(&cache.token().await.unwrap()), "t2");
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_rejection_of_an_old_token_keeps_the_newer_one() {
        let runs = Arc::new(AtomicU64::new(0));
        let cache = TokenCache::new(
            fake_login(runs.clone(), Duration::ZERO, None, never),
            MARGIN,
        );
        let first = cache.token().await.unwrap();
        cache.reject(&first);
        let second = cache.token().await.unwrap();
        // Another caller's 401 for the first token arrives after the re-login.
        cache.reject(&first);
        assert_eq!(value(&cache.token().await.unwrap()), value(&second));
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }
}
