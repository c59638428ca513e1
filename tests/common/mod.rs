//! Helpers shared by the loopback HTTP tests.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

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
            // Closing spans are printed with every field they recorded, so span fields are
            // checked for secrets as well as events.
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
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

/// One example found in a spec: where it is, the component schema it illustrates, its value.
pub struct SpecExample {
    pub pointer: String,
    pub schema: String,
    pub value: serde_json::Value,
}

/// The example at `pointer` in `specs/<api>.yaml` (the vendor document's request or answer).
pub fn spec_example(api: &str, pointer: &str) -> serde_json::Value {
    spec_examples(api)
        .into_iter()
        .find(|example| example.pointer == pointer)
        .unwrap_or_else(|| panic!("no example at {pointer} in specs/{api}.yaml"))
        .value
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

/// Every request and response example of `specs/<api>.yaml` whose schema is a `$ref` to a
/// component (the conventions require that of every body).
pub fn spec_examples(api: &str) -> Vec<SpecExample> {
    let file = format!("{}/specs/{api}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&file).unwrap();
    let spec: serde_json::Value = yaml_serde::from_str(&text).unwrap();
    let mut found = Vec::new();
    collect_examples(&spec, "", &mut found);
    found
}

fn collect_examples(node: &serde_json::Value, at: &str, found: &mut Vec<SpecExample>) {
    let serde_json::Value::Object(map) = node else {
        if let serde_json::Value::Array(items) = node {
            for (index, item) in items.iter().enumerate() {
                collect_examples(item, &format!("{at}/{index}"), found);
            }
        }
        return;
    };
    // A media type object: `schema` plus `example` or `examples`.
    if let Some(schema) = map
        .get("schema")
        .and_then(|schema| schema.get("$ref"))
        .and_then(|reference| reference.as_str())
    {
        let schema = schema.rsplit('/').next().unwrap().to_owned();
        if let Some(example) = map.get("example") {
            found.push(SpecExample {
                pointer: format!("{at}/example"),
                schema: schema.clone(),
                value: example.clone(),
            });
        }
        if let Some(serde_json::Value::Object(examples)) = map.get("examples") {
            for (name, example) in examples {
                if let Some(value) = example.get("value") {
                    found.push(SpecExample {
                        pointer: format!("{at}/examples/{name}"),
                        schema: schema.clone(),
                        value: value.clone(),
                    });
                }
            }
        }
    }
    for (key, child) in map {
        let key = key.replace('~', "~0").replace('/', "~1");
        collect_examples(child, &format!("{at}/{key}"), found);
    }
}

/// Checks, by schema name, that a JSON value decodes into the matching generated type.
pub type Decoders =
    std::collections::HashMap<&'static str, fn(serde_json::Value) -> Result<(), String>>;

/// Maps schema names to "does this JSON decode into the generated type" checks.
#[macro_export]
macro_rules! decoders {
    ($($name:ident => $ty:ty),* $(,)?) => {{
        let mut map: $crate::common::Decoders = std::collections::HashMap::new();
        $(
            map.insert(stringify!($name), |value| {
                serde_json::from_value::<$ty>(value).map(|_| ()).map_err(|err| err.to_string())
            });
        )*
        map
    }};
}

/// Decodes every example of `api`'s spec with `decoders`; fails naming each example that
/// does not decode or whose schema has no decoder.
pub fn assert_examples_decode(api: &str, decoders: &Decoders) -> usize {
    let examples = spec_examples(api);
    let failures = examples
        .iter()
        .filter_map(|example| match decoders.get(example.schema.as_str()) {
            None => Some(format!(
                "{}: no decoder for schema {}",
                example.pointer, example.schema
            )),
            Some(decode) => decode(example.value.clone())
                .err()
                .map(|err| format!("{} ({}): {err}", example.pointer, example.schema)),
        })
        .collect::<Vec<_>>();
    assert!(
        failures.is_empty(),
        "examples that do not decode:\n{}",
        failures.join("\n")
    );
    examples.len()
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
