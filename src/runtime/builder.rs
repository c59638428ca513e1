//! The builder every adapter's client starts from: where the API is, the credentials, and
//! transport settings, plus the adapter's own options `O`. Each adapter adds its `build`
//! (and option setters) to its instantiation, e.g. `ClientBuilder<sis::Credentials>`.

use super::http::HttpConfig;

/// Builds an adapter's `Client`; see the adapter for `build` and its options.
pub struct ClientBuilder<C, O = ()> {
    pub(crate) server: String,
    pub(crate) credentials: C,
    pub(crate) http: HttpConfig,
    pub(crate) options: O,
}

impl<C, O: Default> ClientBuilder<C, O> {
    pub(crate) fn new(server: &str, credentials: C) -> Self {
        ClientBuilder {
            server: server.to_owned(),
            credentials,
            http: HttpConfig::default(),
            options: O::default(),
        }
    }
}

impl<C, O> ClientBuilder<C, O> {
    /// Timeouts, user agent, retry policy and token refresh margin.
    pub fn http(mut self, http: HttpConfig) -> Self {
        self.http = http;
        self
    }
}
