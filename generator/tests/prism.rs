//! Interoperability: partners mock our bundled specs with Prism. Each bundle (written by the
//! same code as `generator bundle`) is served by Prism (pinned, on loopback) and our
//! generated clients must get the documented examples back and decode them, with Prism
//! validating every request they send against the spec.
//!
//! QuoParts' operations share one URL and differ by a query key; the portable bundle has them
//! on the one path `/ws_quoparts.php` (GET `login`, one POST for `importCli` and `importPvt`),
//! which Prism routes. Two Prism limitations remain, both worked around in a copy of that
//! bundle: Prism drops empty query values before validating, so the required `?login=` is
//! "missing" (stoplightio/prism#499, still so in 5.14; the copy makes the empty-valued
//! selectors optional, our client sends them anyway; `prism_drops_the_empty_login_selector`
//! pins it down, so the workaround goes when Prism learns it), and Prism answers the POST
//! with its first example, a customers answer (the quote call is served from a copy whose
//! quote examples come first).

use std::net::TcpListener;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use partner_clients::{autopiesa, econt, firmino, quoparts, sis};
use serde_json::Value;

/// The Prism release partners are told to use.
const PRISM: &str = "@stoplight/prism-cli@5.14.2";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `dist/<api>.yaml` as `generator bundle` writes it, in `dir`.
fn bundle(api: &str, dir: &Path) -> PathBuf {
    let file = PathBuf::from(format!("specs/{api}.yaml"));
    let spec = generator::spec::load(&workspace(), &file).unwrap();
    let bundle = generator::publish::bundle::render(&spec).unwrap();
    let path = dir.join(format!("{api}.yaml"));
    std::fs::write(&path, bundle.yaml).unwrap();
    path
}

/// A Prism mock of `spec` on a free loopback port; killed on drop, with its whole process
/// group: `npx` runs Prism as a child node process that outlives a kill of `npx` alone.
struct Mock {
    child: Child,
    url: String,
}

impl Mock {
    fn start(spec: &Path) -> Mock {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("npx")
            .args(["--yes", PRISM, "mock", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .arg(spec)
            .env("NO_UPDATE_NOTIFIER", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("npx (Node.js) is needed to run Prism");
        let mock = Mock {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        // The first run downloads Prism from the npm registry.
        let deadline = Instant::now() + Duration::from_secs(180);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "Prism did not start for {}",
                spec.display()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        mock
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        // The group id is the child's pid (`process_group(0)`).
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.wait();
    }
}

/// The first example of the 200 response at `pointer` (what Prism answers by default).
fn first_example(api: &str, operation_pointer: &str) -> Value {
    let text = std::fs::read_to_string(workspace().join(format!("specs/{api}.yaml"))).unwrap();
    let spec: Value = yaml_serde::from_str(&text).unwrap();
    let mut response = spec
        .pointer(&format!("{operation_pointer}/responses/200"))
        .unwrap_or_else(|| panic!("no 200 at {operation_pointer}"));
    if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
        response = spec.pointer(reference.trim_start_matches('#')).unwrap();
    }
    let examples = response
        .pointer("/content/application~1json/examples")
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("no examples at {operation_pointer}"));
    examples.values().next().unwrap()["value"].clone()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn prism_serves_every_bundle_to_our_clients() {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();

    let mock = Mock::start(&bundle("sis", dir.path()));
    let client = sis::Client::new(&mock.url, sis::Credentials::new("user", "secret")).unwrap();
    let outcome = rt
        .block_on(client.cancel_contract(&sis::types::CancelContractRequest { id_contratto: 2 }))
        .unwrap();
    let expected = first_example("sis", "/paths/~1SiS~1CancelContract/post");
    assert_eq!(serde_json::to_value(&outcome).unwrap(), expected);
    drop(mock);

    let mock = Mock::start(&bundle("autopiesa", dir.path()));
    // Prism serves the paths at the root; the spec's `/api` prefix is a server variable.
    let client = autopiesa::Client::builder(
        &mock.url,
        autopiesa::Credentials::new("user", "secret", "AUTOPIESA-TEST"),
    )
    .base_path("")
    .build()
    .unwrap();
    let payment_types = rt.block_on(client.payment_types()).unwrap();
    let expected = first_example("autopiesa", "/paths/~1PaymentTypeList/get");
    assert_eq!(
        serde_json::to_value(payment_types.items()).unwrap(),
        expected
    );
    drop(mock);

    let mock = Mock::start(&bundle("firmino", dir.path()));
    let client =
        firmino::Client::new(&mock.url, firmino::Credentials::new("login", "haslo")).unwrap();
    let document = rt.block_on(client.get(29910)).unwrap();
    let expected = first_example("firmino", "/paths/~1recurring-documents~1get~1{id}/post");
    assert_eq!(
        serde_json::to_value(&document).unwrap(),
        expected["response"]
    );
    drop(mock);

    let mock = Mock::start(&bundle("econt", dir.path()));
    let client = econt::Client::new(&mock.url, econt::Credentials::api_key("key")).unwrap();
    let invoice = rt.block_on(client.invoice(46225, &["customer"])).unwrap();
    let expected = first_example("econt", "/paths/~1invoices~1{id}/get");
    assert_eq!(serde_json::to_value(&invoice).unwrap(), expected);
    let customers = rt
        .block_on(client.customers(&econt::ListQuery::default().metadata("account-rep", "Jan")))
        .unwrap();
    assert_eq!(customers[0].name.as_deref(), Some("Acme SRL"));
    drop(mock);
}

/// A copy of the QuoParts bundle Prism can serve: empty-valued selectors optional and, with
/// `quote_first`, the POST answering with its quote examples first.
fn quoparts_for_prism(bundle: &Path, dir: &Path, quote_first: bool) -> PathBuf {
    let mut spec: Value = yaml_serde::from_str(&std::fs::read_to_string(bundle).unwrap()).unwrap();
    for method in ["get", "post"] {
        let pointer = format!("/paths/~1ws_quoparts.php/{method}/parameters");
        for parameter in spec.pointer_mut(&pointer).unwrap().as_array_mut().unwrap() {
            if parameter["schema"]["enum"] == serde_json::json!([""]) {
                parameter["required"] = Value::Bool(false);
            }
        }
    }
    if quote_first {
        let examples = spec
            .pointer_mut(
                "/paths/~1ws_quoparts.php/post/responses/200/content/application~1json/examples",
            )
            .and_then(Value::as_object_mut)
            .unwrap();
        let (quote, others): (Vec<_>, Vec<_>) = std::mem::take(examples)
            .into_iter()
            .partition(|(name, _)| name.starts_with("importQuote_"));
        examples.extend(quote.into_iter().chain(others));
    }
    let path = dir.join(format!("quoparts-prism-{quote_first}.yaml"));
    std::fs::write(&path, yaml_serde::to_string(&spec).unwrap()).unwrap();
    path
}

fn quoparts_client(url: &str) -> quoparts::Client {
    quoparts::Client::new(
        url,
        quoparts::Credentials::new("CODICE_UTENTE", "PASSWORD_UTENTE"),
    )
    .unwrap()
}

#[test]
fn prism_serves_each_quoparts_operation_to_our_client() {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();
    let bundle = bundle("quoparts", dir.path());
    // The documented request wraps the customers in `data`; the client takes the customers.
    let example = example_request(
        "/paths/~1ws_quoparts.php#importCli/post/requestBody/content/application~1json/examples/rossi",
    );
    let customers: Vec<quoparts::types::Customer> =
        serde_json::from_value(example["data"].clone()).unwrap();

    let mock = Mock::start(&quoparts_for_prism(&bundle, dir.path(), false));
    let client = quoparts_client(&mock.url);
    let outcomes = rt.block_on(client.import_customers(&customers)).unwrap();
    assert_eq!(outcomes.len(), 1);
    let imported = outcomes[0].result.as_ref().unwrap();
    assert_eq!(imported.customer_code, "000015");
    assert_eq!(imported.password.expose(), "O8HMER");
    drop(mock);

    let mock = Mock::start(&quoparts_for_prism(&bundle, dir.path(), true));
    let client = quoparts_client(&mock.url);
    let article: quoparts::types::QuoteArticle = serde_json::from_value(example_request(
        "/paths/~1ws_quoparts.php#importPvt/post/requestBody/content/application~1json/examples/oilFilter",
    )["data"]["articoli"][0]
        .clone())
    .unwrap();
    let quote = quoparts::Quote::new(
        quoparts::CustomerRef::QuoParts("000015".into()),
        "TE001ST",
        "FORD B-Max 1.6 Ti-VCT Benzina",
        vec![article],
    );
    assert_eq!(rt.block_on(client.import_quote(&quote)).unwrap(), "000001");
}

fn example_request(pointer: &str) -> Value {
    let text = std::fs::read_to_string(workspace().join("specs/quoparts.yaml")).unwrap();
    let spec: Value = yaml_serde::from_str(&text).unwrap();
    spec.pointer(&format!("{pointer}/value"))
        .unwrap_or_else(|| panic!("no example at {pointer}"))
        .clone()
}

#[test]
fn prism_drops_the_empty_login_selector() {
    let dir = tempfile::tempdir().unwrap();
    let mock = Mock::start(&bundle("quoparts", dir.path()));
    let client = quoparts_client(&mock.url);
    let err = runtime()
        .block_on(client.import_customers(&[]))
        .unwrap_err();
    assert_eq!(
        err.status().map(|s| s.as_u16()),
        Some(422),
        "Prism now accepts `?login=` ({err:?}): serve the QuoParts bundle unmodified"
    );
}
