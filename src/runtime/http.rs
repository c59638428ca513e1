//! HTTP client construction and base-URL rules shared by every adapter.

use std::sync::Arc;
use std::time::Duration;

pub use rustls::pki_types::CertificateDer;

use url::Url;

use super::error::Error;
use super::retry::RetryPolicy;

/// Transport settings every client builder exposes.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Time allowed to establish a connection (TCP + TLS).
    pub connect_timeout: Duration,
    /// Time allowed for a whole request, body included.
    pub request_timeout: Duration,
    /// The `User-Agent` header (default `partner-clients/<version>`).
    pub user_agent: String,
    /// Retries of idempotent requests on 429/503 (never of writes).
    pub retry: RetryPolicy,
    /// How long before a token's announced expiry it is renewed.
    pub token_refresh_margin: Duration,
    /// Certificate authorities to trust besides the operating system's (a company proxy,
    /// a vendor's private CA), DER-encoded.
    pub extra_root_certificates: Vec<CertificateDer<'static>>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).into(),
            retry: RetryPolicy::default(),
            token_refresh_margin: Duration::from_secs(60),
            extra_root_certificates: Vec::new(),
        }
    }
}

impl HttpConfig {
    /// One pooled `reqwest::Client` per API client (rustls, timeouts, user agent).
    pub(crate) fn build_client(&self) -> Result<reqwest::Client, Error> {
        let config_error = |err: &dyn std::fmt::Display| {
            Error::Config(format!("cannot build the HTTP client: {err}"))
        };
        reqwest::Client::builder()
            .tls_backend_preconfigured(
                tls_config(&self.extra_root_certificates).map_err(|err| config_error(&err))?,
            )
            .connect_timeout(self.connect_timeout)
            .timeout(self.request_timeout)
            .user_agent(&self.user_agent)
            .build()
            .map_err(|err| config_error(&err))
    }
}

/// rustls with the ring provider and the operating system's certificate verifier. reqwest's
/// default provider, aws-lc-rs, dominated a consumer's clean build (its C build script took
/// about 60 of 95 s, see BENCHMARKS.md); configuring the provider here instead of installing
/// a process-wide default leaves the application free to choose its own elsewhere.
/// (`dangerous()` is merely rustls' door for supplying a verifier; the one supplied is the
/// platform verifier, with the configured extra roots.)
fn tls_config(
    extra_roots: &[CertificateDer<'static>],
) -> Result<rustls::ClientConfig, rustls::Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(
        extra_roots.iter().cloned(),
        provider.clone(),
    )?;
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}

/// What every generated client of one adapter shares: the checked base URL and one pooled
/// HTTP client.
pub struct Connection {
    pub base_url: String,
    pub http: reqwest::Client,
}

impl HttpConfig {
    /// Checks `base_url` (see [`base_url`]) and builds the HTTP client.
    pub(crate) fn connect(&self, base_url: &str) -> Result<Connection, Error> {
        Ok(Connection {
            base_url: self::base_url(base_url)?,
            http: self.build_client()?,
        })
    }
}

/// Checks a base URL: `https`, or `http` only towards a loopback address (tests, local
/// mocks), without credentials, query or fragment. Returns it without a trailing slash, as
/// the generated clients expect.
pub fn base_url(raw: &str) -> Result<String, Error> {
    let url = Url::parse(raw)
        .map_err(|err| Error::Config(format!("base URL {raw:?} is not a URL: {err}")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::Config(format!(
                "base URL {raw:?} uses plain HTTP; HTTPS is required except for loopback hosts"
            )))
        }
        other => {
            return Err(Error::Config(format!(
                "base URL {raw:?} has unsupported scheme {other:?}"
            )))
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(
            "the base URL must not carry credentials; pass them to the client builder".into(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "base URL {raw:?} must not have a query or fragment"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_and_loopback_http_are_accepted() {
        assert_eq!(
            base_url("https://api.example/").unwrap(),
            "https://api.example"
        );
        assert_eq!(
            base_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(base_url("http://[::1]:1/x/").unwrap(), "http://[::1]:1/x");
        assert!(base_url("http://localhost").is_ok());
    }

    #[test]
    fn plain_http_elsewhere_and_credentials_are_refused() {
        for bad in [
            "http://api.example",
            "http://10.0.0.1",
            "ftp://api.example",
            "https://user:pw@api.example",
            "https://api.example/?token=x",
            "not a url",
        ] {
            assert!(matches!(base_url(bad), Err(Error::Config(_))), "{bad}");
        }
    }

    #[test]
    fn the_tls_client_builds_without_a_process_wide_crypto_provider() {
        assert!(rustls::crypto::CryptoProvider::get_default().is_none());
        HttpConfig::default().build_client().unwrap();
        assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    }

    #[test]
    fn refusal_does_not_echo_embedded_credentials() {
        let err = base_url("https://user:hunter22@api.example").unwrap_err();
        assert!(!err.to_string().contains("hunter22"));
    }
}
