//! Helpers shared by the loopback HTTP tests.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub mod examples;

/// Answers with a different JSON body on each call (the last one repeats).
pub struct Sequence {
    bodies: Vec<ResponseTemplate>,
    calls: AtomicUsize,
}

impl Sequence {
    pub fn new(bodies: Vec<ResponseTemplate>) -> Self {
        Sequence {
            bodies,
            calls: AtomicUsize::new(0),
        }
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        self.bodies[call.min(self.bodies.len() - 1)].clone()
    }
}

/// `<verb> <endpoint>` answered with `response`, matched only when it carries
/// `Bearer <token>`; wiremock verifies the `times` expectation when the server drops.
pub async fn mount_with_bearer(
    server: &MockServer,
    verb: &str,
    endpoint: &str,
    token: &str,
    response: ResponseTemplate,
    times: u64,
) {
    Mock::given(method(verb))
        .and(path(endpoint))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(response)
        .expect(times)
        .named(format!("{verb} {endpoint} with {token}"))
        .mount(server)
        .await;
}

/// Collects everything `tracing` prints at TRACE level on the test's thread while a test
/// runs (a `#[tokio::test]` runs the client on that thread).
///
/// One global subscriber per test binary, never a scoped one: tracing caches process-wide
/// which callsites any subscriber wants, and scoped subscribers installed and dropped by
/// tests on other threads race with that cache, so a test could see less output than it
/// checks. The global subscriber wants everything, always; each test's output is routed to
/// its own sink by thread.
#[derive(Clone, Default)]
pub struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

thread_local! {
    /// Where the global subscriber writes on this thread, while a test captures.
    static SINK: std::cell::RefCell<Option<CapturedLogs>> = const { std::cell::RefCell::new(None) };
}

/// Stops capturing on this thread when dropped.
pub struct CaptureGuard(());

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        SINK.with(|sink| sink.borrow_mut().take());
    }
}

/// What the global subscriber writes to: the capturing test's sink, or nothing.
struct ThreadSink;

impl std::io::Write for ThreadSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        SINK.with(|sink| {
            if let Some(logs) = sink.borrow().as_ref() {
                logs.0.lock().unwrap().extend_from_slice(buf);
            }
        });
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CapturedLogs {
    /// What was captured. Panics if nothing was: a secret check over no output proves nothing.
    pub fn text(&self) -> String {
        let text = String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned();
        assert!(
            !text.is_empty(),
            "no tracing output was captured, so there is nothing to check"
        );
        text
    }

    /// Captures this thread's TRACE output until the guard drops.
    pub fn install(&self) -> CaptureGuard {
        static GLOBAL: std::sync::Once = std::sync::Once::new();
        GLOBAL.call_once(|| {
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_ansi(false)
                // Closing spans are printed with every field they recorded, so span fields
                // are checked for secrets as well as events.
                .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
                .with_writer(|| ThreadSink)
                .finish();
            tracing::subscriber::set_global_default(subscriber)
                .expect("no other global subscriber in the test binary");
        });
        SINK.with(|sink| *sink.borrow_mut() = Some(self.clone()));
        CaptureGuard(())
    }
}

/// Asserts that none of `secrets` occurs in `text`.
pub fn assert_no_secret(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !text.contains(secret),
            "secret {secret:?} leaked into: {text}"
        );
    }
}

/// The `application/x-www-form-urlencoded` pairs of a request body, sorted.
pub fn form_pairs(request: &Request) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&request.body).unwrap();
    pairs.sort();
    pairs
}

/// Standard base64, as in an `Authorization: Basic` header.
pub fn base64(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// `http://127.0.0.1:<port>` with nothing listening: connections are refused.
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}", listener.local_addr().unwrap())
}

/// A 500 whose body is not the spec's (an HTML page or nothing) is a status error carrying
/// the status and a bounded snippet of what was sent, never a decode failure.
pub fn assert_bounded_500<E: std::fmt::Debug>(
    err: &partner_clients::runtime::Error<E>,
    body: &str,
    start: &str,
) {
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500), "{err:?}");
    match err {
        partner_clients::runtime::Error::UnexpectedStatus { snippet, .. } => {
            assert!(snippet.chars().count() <= 200, "{} chars", snippet.len());
            assert!(body.is_empty() || snippet.starts_with(start), "{snippet}");
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}
