//! Helpers shared by the loopback HTTP tests.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use wiremock::{Request, Respond, ResponseTemplate};

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

/// Collects everything `tracing` prints at TRACE level while a test runs.
#[derive(Clone, Default)]
pub struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

impl CapturedLogs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    /// Installs a TRACE subscriber for the current thread until the guard drops.
    pub fn install(&self) -> tracing::subscriber::DefaultGuard {
        let sink = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .finish();
        tracing::subscriber::set_default(subscriber)
    }
}

impl std::io::Write for CapturedLogs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Asserts that none of `secrets` occurs in `text`.
pub fn assert_no_secret(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "secret {secret:?} leaked into: {text}");
    }
}

/// The `application/x-www-form-urlencoded` pairs of a request body, sorted.
pub fn form_pairs(request: &Request) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&request.body).unwrap();
    pairs.sort();
    pairs
}
