//! When a failed request may be sent again.
//!
//! Only idempotent requests are retried on transient statuses (429, 503): a write such as a
//! sales order or an import could otherwise be processed twice. The only retry every request
//! gets is the single one after a 401, which the vendor answers before processing anything.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;

/// Whether sending a request twice is harmless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Reads (GET, and POSTs that only query).
    Idempotent,
    /// Anything that may create or change something.
    NotIdempotent,
}

/// Bounded exponential backoff that honours `Retry-After`.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included.
    pub max_attempts: u32,
    /// The wait before the first retry; it doubles with each further attempt.
    pub base_delay: Duration,
    /// A single wait never exceeds this; a `Retry-After` asking for longer ends the retries.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// Never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// How long to wait before attempt number `attempt + 1`, or `None` to give up.
    pub(crate) fn delay(
        &self,
        idempotency: Idempotency,
        attempt: u32,
        status: StatusCode,
        headers: &HeaderMap,
    ) -> Option<Duration> {
        let transient = matches!(
            status,
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
        );
        if !transient || idempotency == Idempotency::NotIdempotent || attempt >= self.max_attempts {
            return None;
        }
        let backoff = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
        let wait = retry_after(headers).unwrap_or(backoff);
        (wait <= self.max_delay).then_some(wait)
    }
}

/// `Retry-After` as delay-seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, retry_after.parse().unwrap());
        headers
    }

    #[test]
    fn writes_are_never_retried() {
        let policy = RetryPolicy::default();
        let none = HeaderMap::new();
        for status in [
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::SERVICE_UNAVAILABLE,
        ] {
            assert_eq!(
                policy.delay(Idempotency::NotIdempotent, 1, status, &none),
                None
            );
        }
    }

    #[test]
    fn retry_after_seconds_win_over_backoff_and_attempts_are_bounded() {
        let policy = RetryPolicy::default();
        let status = StatusCode::TOO_MANY_REQUESTS;
        assert_eq!(
            policy.delay(Idempotency::Idempotent, 1, status, &headers("2")),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.delay(Idempotency::Idempotent, 2, status, &HeaderMap::new()),
            Some(Duration::from_millis(400))
        );
        assert_eq!(
            policy.delay(Idempotency::Idempotent, 3, status, &HeaderMap::new()),
            None
        );
        assert_eq!(
            policy.delay(Idempotency::Idempotent, 1, status, &headers("3600")),
            None
        );
        assert_eq!(
            policy.delay(
                Idempotency::Idempotent,
                1,
                StatusCode::INTERNAL_SERVER_ERROR,
                &HeaderMap::new()
            ),
            None
        );
    }

    #[test]
    fn retry_after_accepts_http_dates() {
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3));
        let delay = RetryPolicy::default()
            .delay(
                Idempotency::Idempotent,
                1,
                StatusCode::TOO_MANY_REQUESTS,
                &headers(&soon),
            )
            .unwrap();
        assert!(delay <= Duration::from_secs(3));
    }
}
