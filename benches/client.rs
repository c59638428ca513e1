//! Client overhead and token cache benchmark (`cargo bench --bench client`).
//!
//! One loopback HTTP/1.1 server (raw tokio, keep-alive, its own thread) answers every
//! `POST /SiS/Stock` carrying the right bearer token with the same fixed SiS outcome, and
//! counts logins on `POST /Authorization/Token`. Against it:
//!
//! 1. latency: N sequential `Stock` calls through `partner_clients::sis::Client::stock` and
//!    through a hand-written `reqwest` POST of the same JSON body with the same headers,
//!    decoding the same `types::Outcome`; the two alternate call by call, rounds flip who goes
//!    first, so noise hits both alike. Reported: median/p90/p99 and the ratio of medians.
//! 2. throughput: 64 concurrent callers, rounds alternating between the two clients; once
//!    with an instant server (the client's CPU is the limit) and once with a server that
//!    takes 5 ms per call (as a remote backend would; the server is the limit).
//! 3. token cache: 1000 concurrent `stock` calls on a fresh client (no token) and with an
//!    expired token; each burst must log in exactly once (the bench fails otherwise). The
//!    added latency is the expired burst against a burst with a valid token on the same warm
//!    connection pool, both after the same idle time, alternating; and the same for a single
//!    caller (one call that logs in against one that does not).
//!
//! Results: `target/bench-results/client.json` (or `$BENCH_RESULTS_DIR/client.json`).
//! Sizes: `BENCH_CALLS` (sequential calls per client per round, default 2000),
//! `BENCH_ROUNDS` (default 5), `BENCH_CLIENT_THREADS` (client runtime workers, default
//! cores - 1, the server has its own thread), `BENCH_QUICK=1` for a smoke run;
//! `BENCH_PROFILE=typed|hand` runs only one client's throughput loop (for a profiler).

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use partner_clients::runtime::HttpConfig;
use partner_clients::sis::{types, Client, Credentials};
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const USER: &str = "bench-dealer";
const PASSWORD: &str = "bench-password";
const TOKEN: &str = "bench-token-6f1c2a9e0d8b4e57a3c1";
const OUTCOME: &str = r#"{"status_code":200,"message":"Operazione eseguita correttamente","dealer_id":17,"return_id":4711,"error":false,"error_description":[]}"#;
const UNAUTHORIZED: &str = r#"{"Message":"Authorization has been denied for this request."}"#;
/// Concurrent callers of the throughput phase (the issue's figure).
const CONCURRENCY: usize = 64;
/// The server's processing time per `Stock` call in the server-bound throughput phase.
const SERVER_TIME: Duration = Duration::from_millis(5);
/// Concurrent callers of the token cache phase (the issue's figure).
const BURST: usize = 1000;
/// Token lifetimes the server announces in the expired-token phases: the client stops using
/// a token after half of it (its refresh margin is capped at half the lifetime).
const BURST_TOKEN_LIFETIME: Duration = Duration::from_secs(4);
const SINGLE_TOKEN_LIFETIME: Duration = Duration::from_secs(2);

// ---------------------------------------------------------------------------------------
// The loopback server
// ---------------------------------------------------------------------------------------

#[derive(Default)]
struct Counters {
    logins: AtomicU64,
    stock: AtomicU64,
    /// Stock requests without the expected bearer token (answered 401): must stay 0.
    rejected: AtomicU64,
    /// Anything else (answered 404): must stay 0.
    other: AtomicU64,
    /// `expires_in` of the next issued token, seconds.
    expires_in: AtomicU64,
    /// Connections accepted.
    connections: AtomicU64,
    /// Time the server takes before answering a `Stock` call, µs (0: none).
    stock_delay_us: AtomicU64,
}

struct Server {
    base_url: String,
    counters: Arc<Counters>,
}

/// Starts the server on its own thread with a single-threaded runtime, so that its cost is
/// the same whichever client calls it and it never competes with the client's scheduler.
fn start_server() -> Server {
    let counters = Arc::new(Counters::default());
    counters.expires_in.store(599, Ordering::SeqCst);
    let (sender, receiver) = std::sync::mpsc::channel::<SocketAddr>();
    let shared = counters.clone();
    std::thread::Builder::new()
        .name("bench-server".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let socket = TcpSocket::new_v4().expect("socket");
                socket.set_reuseaddr(true).expect("reuseaddr");
                socket
                    .bind("127.0.0.1:0".parse().unwrap())
                    .expect("bind loopback");
                // A burst of 1000 connects must not overflow the accept queue (std's 128
                // would make the kernel drop SYNs and add a one-second retransmit).
                let listener = socket.listen(4096).expect("listen");
                sender.send(listener.local_addr().unwrap()).unwrap();
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let _ = stream.set_nodelay(true);
                    shared.connections.fetch_add(1, Ordering::Relaxed);
                    tokio::spawn(serve_connection(stream, shared.clone()));
                }
            });
        })
        .expect("server thread");
    let addr = receiver.recv().expect("server address");
    Server {
        base_url: format!("http://{addr}"),
        counters,
    }
}

fn response(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// One keep-alive connection: parses request line, `content-length` and `authorization`,
/// reads the body, answers. Bodies are not inspected: both clients send the same bytes
/// (`serde_json` serialisation of the same `VehicleStockItem`).
async fn serve_connection(mut stream: TcpStream, counters: Arc<Counters>) {
    let ok = response("200 OK", OUTCOME);
    let unauthorized = response("401 Unauthorized", UNAUTHORIZED);
    let not_found = response("404 Not Found", "{}");
    let expected_auth = format!("Bearer {TOKEN}");
    let mut buffer: Vec<u8> = Vec::with_capacity(16 * 1024);
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        let head_end = loop {
            if let Some(at) = find(&buffer, b"\r\n\r\n") {
                break at + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(read) => buffer.extend_from_slice(&chunk[..read]),
            }
        };
        let Ok(head) = std::str::from_utf8(&buffer[..head_end]) else {
            return;
        };
        let mut lines = head.split("\r\n");
        let mut request_line = lines.next().unwrap_or_default().split(' ');
        let method = request_line.next().unwrap_or_default().to_owned();
        let path = request_line.next().unwrap_or_default().to_owned();
        let mut content_length = 0usize;
        let mut authorized = false;
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                content_length = value.parse().unwrap_or(0);
            } else if name.eq_ignore_ascii_case("authorization") {
                authorized = value == expected_auth;
            }
        }
        while buffer.len() < head_end + content_length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(read) => buffer.extend_from_slice(&chunk[..read]),
            }
        }
        buffer.drain(..head_end + content_length);
        let login;
        let answer: &[u8] = match (method.as_str(), path.as_str()) {
            ("POST", "/Authorization/Token") => {
                counters.logins.fetch_add(1, Ordering::SeqCst);
                let expires_in = counters.expires_in.load(Ordering::SeqCst);
                login = response(
                    "200 OK",
                    &json!({"access_token": TOKEN, "token_type": "bearer", "expires_in": expires_in})
                        .to_string(),
                );
                &login
            }
            ("POST", "/SiS/Stock") if authorized => {
                counters.stock.fetch_add(1, Ordering::Relaxed);
                let delay = counters.stock_delay_us.load(Ordering::Relaxed);
                if delay > 0 {
                    tokio::time::sleep(Duration::from_micros(delay)).await;
                }
                &ok
            }
            ("POST", "/SiS/Stock") => {
                counters.rejected.fetch_add(1, Ordering::SeqCst);
                &unauthorized
            }
            _ => {
                counters.other.fetch_add(1, Ordering::SeqCst);
                &not_found
            }
        };
        if stream.write_all(answer).await.is_err() {
            return;
        }
    }
}

// ---------------------------------------------------------------------------------------
// The two clients
// ---------------------------------------------------------------------------------------

/// The document's insert example with plausible values (about 1 KiB of JSON).
fn stock_item() -> types::VehicleStockItem {
    serde_json::from_str(STOCK_ITEM).expect("the insert example is a valid VehicleStockItem")
}

const STOCK_ITEM: &str = r#"{
    "IdDms": 120045, "CodInfocar": "IC-88231", "CodEurotax": "ET-1203344",
    "CodMarcaListino": 57, "CodModelloListino": "GOLF8", "CodVersioneListino": "GOLF8-15TSI",
    "WersVeicolo": "W-0042", "Dmarca": "Volkswagen", "Dmodello": "Golf",
    "Dversione": "1.5 TSI Life", "FkStockTipologia": 2, "FkStockStatus": 1,
    "TipologiaVeicolo": 0, "mnyPrezzo": 21490.50, "Targa": "GF123AB",
    "Telaio": "WVWZZZCDZMW123456", "Nordine": "ORD-2024-0815",
    "DataImmatricolazione": "2021-03-15", "Dataritiro": "2024-04-02",
    "DataFattura": null, "DataListino": "2021-01-01", "DataOpzione": null,
    "DataArrivo": "2024-04-03", "DataVendita": null, "DispVen": 0, "KmPerc": 38250,
    "AnnoImm": 2021, "MeseImm": 3, "ColoreInt": "Nero", "ColoreEst": "Grigio Urano",
    "Alimentazione": "Benzina", "Cilindrata": "1498", "Co2": "128", "Ubicazione": "Sede",
    "mnyPrezzoRitiro": 15800.00, "Foto": "https://example.invalid/foto/120045.jpg",
    "IvaE": 0, "Brand": 0,
    "Optionals": [
        {"CodOpt": "PK1", "WersOptional": "W-PK1", "DescOpt": "Pacchetto Comfort",
         "Mnyimporto": 950.00, "Omaggio": 0},
        {"CodOpt": "NAV", "WersOptional": "W-NAV", "DescOpt": "Navigatore Discover",
         "Mnyimporto": 1200.00, "Omaggio": 1}
    ],
    "Spese": [
        {"CodSpesa": "TRA", "DescSpesa": "Trasporto", "TipoVariazione": null,
         "ImportoSpesa": 350.00}
    ],
    "Operation": "I"
}"#;

/// The typed client and its hand-written `reqwest` counterpart, over the same server.
struct Clients {
    typed: Arc<Client>,
    hand: Arc<HandWritten>,
    item: Arc<types::VehicleStockItem>,
}

/// The `reqwest::Client` a caller would build: the same timeouts, user agent and TLS stack
/// (rustls with ring; plain HTTP on loopback never uses its roots).
fn hand_written_http(config: &HttpConfig) -> reqwest::Client {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("rustls protocol versions")
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(config.connect_timeout)
        .timeout(config.request_timeout)
        .user_agent(&config.user_agent)
        .build()
        .expect("reqwest client")
}

/// What a caller would write without the generated client: a `reqwest::Client` with the
/// same transport settings, the token already known, the same headers and body.
struct HandWritten {
    http: reqwest::Client,
    url: String,
    authorization: HeaderValue,
}

impl HandWritten {
    fn new(base_url: &str) -> Self {
        let mut authorization = HeaderValue::from_str(&format!("Bearer {TOKEN}")).unwrap();
        authorization.set_sensitive(true);
        HandWritten {
            http: hand_written_http(&HttpConfig::default()),
            url: format!("{base_url}/SiS/Stock"),
            authorization,
        }
    }

    async fn stock(&self, item: &types::VehicleStockItem) -> types::Outcome {
        let response = self
            .http
            .post(&self.url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(AUTHORIZATION, self.authorization.clone())
            .json(item)
            .send()
            .await
            .expect("hand-written call");
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        response
            .json::<types::Outcome>()
            .await
            .expect("hand-written decode")
    }
}

#[derive(Clone, Copy)]
enum Which {
    Typed,
    Hand,
}

impl Clients {
    fn new(server: &Server) -> Self {
        Clients {
            typed: Arc::new(
                Client::new(&server.base_url, Credentials::new(USER, PASSWORD))
                    .expect("sis client"),
            ),
            hand: Arc::new(HandWritten::new(&server.base_url)),
            item: Arc::new(stock_item()),
        }
    }

    /// One call through `which`, returning its latency.
    fn call(&self, which: Which) -> impl Future<Output = Duration> + Send + 'static {
        let (typed, hand, item) = (self.typed.clone(), self.hand.clone(), self.item.clone());
        async move {
            let started = Instant::now();
            let outcome = match which {
                Which::Typed => typed.stock(&item).await.expect("typed call"),
                Which::Hand => hand.stock(&item).await,
            };
            let elapsed = started.elapsed();
            assert!(!outcome.error && outcome.return_id == Some(4711));
            elapsed
        }
    }
}

// ---------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p / 100.0 * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    percentile(&sorted, 50.0)
}

/// Summary of latencies in microseconds.
fn summary(samples: &[f64]) -> Value {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mean = sorted.iter().sum::<f64>() / sorted.len().max(1) as f64;
    json!({
        "n": sorted.len(),
        "median_us": round2(percentile(&sorted, 50.0)),
        "p90_us": round2(percentile(&sorted, 90.0)),
        "p99_us": round2(percentile(&sorted, 99.0)),
        "mean_us": round2(mean),
        "min_us": round2(sorted.first().copied().unwrap_or(f64::NAN)),
        "max_us": round2(sorted.last().copied().unwrap_or(f64::NAN)),
    })
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

fn round4(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

// ---------------------------------------------------------------------------------------
// Phases
// ---------------------------------------------------------------------------------------

struct Settings {
    calls: usize,
    rounds: usize,
    warmup: usize,
    calls_per_caller: usize,
    client_threads: usize,
    token_rounds: usize,
    single_rounds: usize,
}

impl Settings {
    fn from_env(cores: usize) -> Self {
        let quick = std::env::var_os("BENCH_QUICK").is_some_and(|v| v != "0");
        let number = |name: &str, default: usize| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        Settings {
            calls: number("BENCH_CALLS", if quick { 200 } else { 2000 }),
            rounds: number("BENCH_ROUNDS", if quick { 2 } else { 5 }),
            warmup: if quick { 50 } else { 500 },
            calls_per_caller: if quick { 20 } else { 300 },
            client_threads: number("BENCH_CLIENT_THREADS", cores.saturating_sub(1).max(1)),
            token_rounds: if quick { 1 } else { 7 },
            single_rounds: if quick { 2 } else { 15 },
        }
    }
}

/// Sequential calls, alternating the two clients call by call.
async fn latency(clients: &Clients, settings: &Settings) -> Value {
    for _ in 0..settings.warmup {
        clients.call(Which::Typed).await;
        clients.call(Which::Hand).await;
    }
    let mut typed = Vec::with_capacity(settings.calls * settings.rounds);
    let mut hand = Vec::with_capacity(settings.calls * settings.rounds);
    let mut round_ratios = Vec::new();
    for round in 0..settings.rounds {
        let order = if round % 2 == 0 {
            [Which::Typed, Which::Hand]
        } else {
            [Which::Hand, Which::Typed]
        };
        let (mut round_typed, mut round_hand) = (Vec::new(), Vec::new());
        for _ in 0..settings.calls {
            for which in order {
                let elapsed = micros(clients.call(which).await);
                match which {
                    Which::Typed => round_typed.push(elapsed),
                    Which::Hand => round_hand.push(elapsed),
                }
            }
        }
        let ratio = median(&round_typed) / median(&round_hand);
        println!(
            "  latency round {}: typed median {:.1} µs, hand median {:.1} µs, ratio {:.3}",
            round + 1,
            median(&round_typed),
            median(&round_hand),
            ratio
        );
        round_ratios.push(ratio);
        typed.extend(round_typed);
        hand.extend(round_hand);
    }
    let ratio = median(&typed) / median(&hand);
    let mut sorted_typed = typed.clone();
    sorted_typed.sort_by(f64::total_cmp);
    let mut sorted_hand = hand.clone();
    sorted_hand.sort_by(f64::total_cmp);
    let p90_ratio = percentile(&sorted_typed, 90.0) / percentile(&sorted_hand, 90.0);
    json!({
        "calls_per_client_per_round": settings.calls,
        "rounds": settings.rounds,
        "warmup_calls_per_client": settings.warmup,
        "typed": summary(&typed),
        "hand_written": summary(&hand),
        "ratio_of_medians": round4(ratio),
        "ratio_of_p90": round4(p90_ratio),
        "per_round_ratio_of_medians": round_ratios.iter().map(|r| round4(*r)).collect::<Vec<_>>(),
        "overhead_median_us": round2(median(&typed) - median(&hand)),
        "target": "ratio_of_medians <= 1.05",
        "target_met": ratio <= 1.05,
    })
}

/// `CONCURRENCY` callers, each making `calls_per_caller` calls in a row; returns calls/s
/// and every call's latency.
async fn burst_of_callers(
    clients: &Clients,
    which: Which,
    callers: usize,
    calls_per_caller: usize,
) -> (f64, Vec<f64>) {
    let started = Instant::now();
    let tasks: Vec<_> = (0..callers)
        .map(|_| {
            let calls: Vec<_> = (0..calls_per_caller).map(|_| clients.call(which)).collect();
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(calls.len());
                for call in calls {
                    latencies.push(micros(call.await));
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(callers * calls_per_caller);
    for task in tasks {
        latencies.extend(task.await.expect("caller task"));
    }
    let wall = started.elapsed().as_secs_f64();
    ((callers * calls_per_caller) as f64 / wall, latencies)
}

/// `CONCURRENCY` callers, rounds alternating between the clients. With `server_time`, the
/// server waits that long before each answer (a remote backend's processing time), so the
/// server rather than the client's CPU bounds the throughput.
async fn throughput(
    clients: &Clients,
    server: &Server,
    server_time: Duration,
    calls_per_caller: usize,
    rounds: usize,
) -> Value {
    server
        .counters
        .stock_delay_us
        .store(server_time.as_micros() as u64, Ordering::SeqCst);
    // Warm-up: opens the 64 connections of each client.
    for which in [Which::Typed, Which::Hand] {
        burst_of_callers(clients, which, CONCURRENCY, calls_per_caller / 2).await;
    }
    let (mut typed_rates, mut hand_rates) = (Vec::new(), Vec::new());
    let (mut typed_latencies, mut hand_latencies) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let order = if round % 2 == 0 {
            [Which::Typed, Which::Hand]
        } else {
            [Which::Hand, Which::Typed]
        };
        for which in order {
            let (rate, latencies) =
                burst_of_callers(clients, which, CONCURRENCY, calls_per_caller).await;
            match which {
                Which::Typed => {
                    typed_rates.push(rate);
                    typed_latencies.extend(latencies);
                }
                Which::Hand => {
                    hand_rates.push(rate);
                    hand_latencies.extend(latencies);
                }
            }
        }
    }
    server.counters.stock_delay_us.store(0, Ordering::SeqCst);
    let ratio = median(&typed_rates) / median(&hand_rates);
    println!(
        "  throughput at {CONCURRENCY} callers, server time {server_time:?}: typed {:.0} calls/s, hand {:.0} calls/s, ratio {:.3}",
        median(&typed_rates),
        median(&hand_rates),
        ratio
    );
    json!({
        "concurrent_callers": CONCURRENCY,
        "server_time_us": server_time.as_micros() as u64,
        "calls_per_caller": calls_per_caller,
        "runs_per_client": typed_rates.len(),
        "typed_calls_per_s": {
            "median": median(&typed_rates).round(),
            "runs": typed_rates.iter().map(|r| r.round()).collect::<Vec<_>>(),
        },
        "hand_written_calls_per_s": {
            "median": median(&hand_rates).round(),
            "runs": hand_rates.iter().map(|r| r.round()).collect::<Vec<_>>(),
        },
        "ratio_typed_to_hand": round4(ratio),
        "typed_latency_under_load": summary(&typed_latencies),
        "hand_written_latency_under_load": summary(&hand_latencies),
        "target": "same throughput: ratio_typed_to_hand >= 0.95",
        "target_met": ratio >= 0.95,
    })
}

/// `BURST` concurrent `stock` calls on `client`; returns wall time (µs), every call's
/// latency from the common start (µs) and how many logins the server saw meanwhile.
async fn token_burst(
    client: &Arc<Client>,
    item: &Arc<types::VehicleStockItem>,
    server: &Server,
) -> (f64, Vec<f64>, u64) {
    let logins_before = server.counters.logins.load(Ordering::SeqCst);
    let started = Instant::now();
    let tasks: Vec<_> = (0..BURST)
        .map(|_| {
            let (client, item) = (client.clone(), item.clone());
            tokio::spawn(async move {
                let outcome = client.stock(&item).await.expect("burst call");
                assert!(!outcome.error);
                micros(started.elapsed())
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(BURST);
    for task in tasks {
        latencies.push(task.await.expect("burst task"));
    }
    let wall = micros(started.elapsed());
    let logins = server.counters.logins.load(Ordering::SeqCst) - logins_before;
    (wall, latencies, logins)
}

fn burst_summary(wall: f64, latencies: &[f64], logins: u64) -> Value {
    json!({"wall_us": round2(wall), "logins": logins, "latency": summary(latencies)})
}

async fn token_cache(server: &Server, settings: &Settings) -> Value {
    let item = Arc::new(stock_item());
    let mut failures = Vec::new();

    // (a) Fresh clients: no token yet, no connection yet.
    server.counters.expires_in.store(599, Ordering::SeqCst);
    let mut fresh_runs = Vec::new();
    for _ in 0..settings.token_rounds {
        let client =
            Arc::new(Client::new(&server.base_url, Credentials::new(USER, PASSWORD)).unwrap());
        let (wall, latencies, logins) = token_burst(&client, &item, server).await;
        if logins != 1 || client.login_count() != 1 {
            failures.push(format!(
                "fresh client: {logins} logins seen by the server, {} by the client",
                client.login_count()
            ));
        }
        let (warm_wall, warm_latencies, warm_logins) = token_burst(&client, &item, server).await;
        if warm_logins != 0 {
            failures.push(format!(
                "warm burst on a fresh client: {warm_logins} logins"
            ));
        }
        fresh_runs.push(json!({
            "cold": burst_summary(wall, &latencies, logins),
            "then_warm": burst_summary(warm_wall, &warm_latencies, warm_logins),
        }));
    }

    // (b) Expired token on a warm client (connections pooled): a burst with a valid token,
    // then, once the token is stale, a burst that must log in exactly once; both after the
    // same idle time, alternating, `token_rounds` times.
    let client = Arc::new(Client::new(&server.base_url, Credentials::new(USER, PASSWORD)).unwrap());
    let bursts = alternate_expiry(
        server,
        &client,
        BURST_TOKEN_LIFETIME,
        Duration::from_secs(1),
        settings.token_rounds,
        || token_burst(&client, &item, server),
    )
    .await;
    let mut expired_runs = Vec::new();
    let (mut valid_walls, mut expired_walls) = (Vec::new(), Vec::new());
    let (mut valid_medians, mut expired_medians) = (Vec::new(), Vec::new());
    for (valid, valid_logins, expired, expired_logins) in &bursts {
        if *valid_logins != 0 {
            failures.push(format!("valid-token burst: {valid_logins} logins"));
        }
        if *expired_logins != 1 {
            failures.push(format!("expired-token burst: {expired_logins} logins"));
        }
        valid_walls.push(valid.0);
        expired_walls.push(expired.0);
        valid_medians.push(median(&valid.1));
        expired_medians.push(median(&expired.1));
        expired_runs.push(json!({
            "valid_token": burst_summary(valid.0, &valid.1, *valid_logins),
            "expired_token": burst_summary(expired.0, &expired.1, *expired_logins),
        }));
    }
    let added_wall = median(&expired_walls) - median(&valid_walls);
    let added_median = median(&expired_medians) - median(&valid_medians);
    let paired_wall: Vec<f64> = expired_walls
        .iter()
        .zip(&valid_walls)
        .map(|(expired, valid)| expired - valid)
        .collect();

    // (c) One caller: a call with an expired token (login + call) against a call with a
    // valid token, both on a warm connection after the same idle time.
    let client = Arc::new(Client::new(&server.base_url, Credentials::new(USER, PASSWORD)).unwrap());
    let singles = alternate_expiry(
        server,
        &client,
        SINGLE_TOKEN_LIFETIME,
        Duration::from_millis(500),
        settings.single_rounds,
        || {
            let (client, item) = (client.clone(), item.clone());
            async move {
                let started = Instant::now();
                client.stock(&item).await.expect("single call");
                micros(started.elapsed())
            }
        },
    )
    .await;
    let (mut valid_singles, mut expired_singles) = (Vec::new(), Vec::new());
    for (valid, valid_logins, expired, expired_logins) in &singles {
        if (*valid_logins, *expired_logins) != (0, 1) {
            failures.push(format!(
                "single caller: {valid_logins} logins with a valid token, {expired_logins} with an expired one"
            ));
        }
        valid_singles.push(*valid);
        expired_singles.push(*expired);
    }
    server.counters.expires_in.store(599, Ordering::SeqCst);
    let added_single = median(&expired_singles) - median(&valid_singles);

    println!(
        "  token cache: {BURST} concurrent calls with an expired token: 1 login per burst ({} problem(s)); burst wall {:.1} ms vs {:.1} ms with a valid token (added {:.1} ms); one caller: {:.0} µs vs {:.0} µs (added {:.0} µs)",
        failures.len(),
        median(&expired_walls) / 1e3,
        median(&valid_walls) / 1e3,
        added_wall / 1e3,
        median(&expired_singles),
        median(&valid_singles),
        added_single,
    );
    json!({
        "concurrent_calls": BURST,
        "rounds": settings.token_rounds,
        "exactly_one_login_per_burst": failures.is_empty(),
        "failures": failures,
        "fresh_client": fresh_runs,
        "expired_token_burst": {
            "token_lifetime_s": BURST_TOKEN_LIFETIME.as_secs(),
            "idle_before_each_burst_ms": 1000,
            "median_wall_valid_us": round2(median(&valid_walls)),
            "median_wall_expired_us": round2(median(&expired_walls)),
            "added_wall_us": round2(added_wall),
            "added_wall_per_round_us": paired_wall.iter().map(|d| round2(*d)).collect::<Vec<_>>(),
            "added_wall_median_of_rounds_us": round2(median(&paired_wall)),
            "added_median_call_latency_us": round2(added_median),
            "runs": expired_runs,
        },
        "expired_token_single_caller": {
            "token_lifetime_s": SINGLE_TOKEN_LIFETIME.as_secs(),
            "idle_before_each_call_ms": 500,
            "valid_token": summary(&valid_singles),
            "expired_token": summary(&expired_singles),
            "added_median_latency_us": round2(added_single),
        },
    })
}

/// On a client whose tokens live `lifetime` (so are stale after half of it): `rounds` times,
/// waits `idle`, runs `measure` with a valid token, waits until the token is stale (at least
/// `idle`), runs `measure` again. Returns each pair with the logins the server saw during
/// each measurement.
async fn alternate_expiry<T, F, Fut>(
    server: &Server,
    client: &Client,
    lifetime: Duration,
    idle: Duration,
    rounds: usize,
    mut measure: F,
) -> Vec<(T, u64, T, u64)>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = T>,
{
    server
        .counters
        .expires_in
        .store(lifetime.as_secs(), Ordering::SeqCst);
    let logins = || server.counters.logins.load(Ordering::SeqCst);
    client.stock(&stock_item()).await.expect("first call");
    let stale_after = lifetime / 2 + Duration::from_millis(50);
    let mut last_login = Instant::now();
    let mut pairs = Vec::new();
    for _ in 0..rounds {
        tokio::time::sleep(idle).await;
        let before = logins();
        let valid = measure().await;
        let valid_logins = logins() - before;
        let stale_at = (last_login + stale_after).max(Instant::now() + idle);
        tokio::time::sleep_until(stale_at.into()).await;
        let before = logins();
        let expired = measure().await;
        let expired_logins = logins() - before;
        last_login = Instant::now();
        pairs.push((valid, valid_logins, expired, expired_logins));
    }
    pairs
}

// ---------------------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------------------

fn results_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("BENCH_RESULTS_DIR") {
        return PathBuf::from(dir);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(|dir| root.join(dir))
        .unwrap_or_else(|| root.join("target"));
    target.join("bench-results")
}

fn cpu_model() -> Option<String> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    cpuinfo
        .lines()
        .find(|line| line.starts_with("model name"))
        .and_then(|line| line.split_once(':'))
        .map(|(_, model)| model.trim().to_owned())
}

/// The soft limit on open files: each burst holds about 2 × 1000 sockets in this process.
fn open_files_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let settings = Settings::from_env(cores);
    if let Some(limit) = open_files_limit().filter(|limit| *limit < 2 * BURST as u64 + 256) {
        eprintln!(
            "warning: open files limit {limit} is below what a {BURST}-call burst needs; raise it with `ulimit -n 4096`"
        );
    }
    let server = start_server();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(settings.client_threads)
        .enable_all()
        .build()
        .expect("client runtime");
    println!(
        "client bench: SiS Stock over loopback, {} client worker thread(s) + 1 server thread, {} cores",
        settings.client_threads, cores
    );
    if let Ok(which) = std::env::var("BENCH_PROFILE") {
        profile(&runtime, &server, &which);
        return;
    }
    let (latency, cpu_bound, server_bound, token_cache) = runtime.block_on(async {
        let clients = Clients::new(&server);
        let latency = latency(&clients, &settings).await;
        let cpu_bound = throughput(
            &clients,
            &server,
            Duration::ZERO,
            settings.calls_per_caller,
            settings.rounds * 2,
        )
        .await;
        let server_bound = throughput(
            &clients,
            &server,
            SERVER_TIME,
            settings.calls_per_caller / 3,
            settings.rounds,
        )
        .await;
        let token_cache = token_cache(&server, &settings).await;
        (latency, cpu_bound, server_bound, token_cache)
    });
    let rejected = server.counters.rejected.load(Ordering::SeqCst);
    let other = server.counters.other.load(Ordering::SeqCst);
    let results = json!({
        "benchmark": "client",
        "unix_time": SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
        "machine": {
            "cores": cores,
            "cpu": cpu_model(),
            "os": std::env::consts::OS,
            "arch": std::env::consts::ARCH,
        },
        "setup": {
            "server": "raw tokio HTTP/1.1 keep-alive on 127.0.0.1, own thread, current-thread runtime",
            "client_worker_threads": settings.client_threads,
            "request_body_bytes": serde_json::to_vec(&stock_item()).map_or(0, |b| b.len()),
            "response_body_bytes": OUTCOME.len(),
            "typed": "partner_clients::sis::Client::stock (token cache, session, generated progenitor code)",
            "hand_written": "reqwest::Client (same HttpConfig), POST /SiS/Stock, same Accept and Bearer headers and JSON body, decoded into types::Outcome",
        },
        "latency": latency,
        "throughput": cpu_bound,
        "throughput_server_bound": server_bound,
        "token_cache": token_cache,
        "server_counters": {
            "logins": server.counters.logins.load(Ordering::SeqCst),
            "stock_calls": server.counters.stock.load(Ordering::SeqCst),
            "connections_accepted": server.counters.connections.load(Ordering::SeqCst),
            "rejected_401": rejected,
            "unexpected_404": other,
        },
    });
    let dir = results_dir();
    std::fs::create_dir_all(&dir).expect("results directory");
    let file = dir.join("client.json");
    std::fs::write(
        &file,
        serde_json::to_string_pretty(&results).unwrap() + "\n",
    )
    .expect("write results");

    let l = &results["latency"];
    let t = &results["throughput"];
    let k = &results["token_cache"];
    println!();
    println!("SiS Stock, typed client vs hand-written reqwest (loopback):");
    println!(
        "  latency median {} µs vs {} µs (p90 {} vs {}): ratio {} — target ≤ 1.05 {}",
        l["typed"]["median_us"],
        l["hand_written"]["median_us"],
        l["typed"]["p90_us"],
        l["hand_written"]["p90_us"],
        l["ratio_of_medians"],
        met(&l["target_met"])
    );
    println!(
        "  throughput at {CONCURRENCY} callers, client CPU-bound: {} vs {} calls/s: ratio {} — target ≥ 0.95 {}",
        t["typed_calls_per_s"]["median"],
        t["hand_written_calls_per_s"]["median"],
        t["ratio_typed_to_hand"],
        met(&t["target_met"])
    );
    let b = &results["throughput_server_bound"];
    println!(
        "  throughput at {CONCURRENCY} callers, {SERVER_TIME:?} server time: {} vs {} calls/s: ratio {} — target ≥ 0.95 {}",
        b["typed_calls_per_s"]["median"],
        b["hand_written_calls_per_s"]["median"],
        b["ratio_typed_to_hand"],
        met(&b["target_met"])
    );
    println!(
        "  token cache: {BURST} concurrent calls, fresh client or expired token → exactly one login per burst: {}",
        k["exactly_one_login_per_burst"]
    );
    println!(
        "    expired-token burst {} µs wall vs {} µs with a valid token (added {} µs); one caller: added {} µs",
        k["expired_token_burst"]["median_wall_expired_us"],
        k["expired_token_burst"]["median_wall_valid_us"],
        k["expired_token_burst"]["added_wall_us"],
        k["expired_token_single_caller"]["added_median_latency_us"]
    );
    println!("results: {}", file.display());

    if rejected != 0 || other != 0 || k["exactly_one_login_per_burst"] != json!(true) {
        eprintln!(
            "FAILED: {rejected} rejected, {other} unexpected requests, token cache failures: {}",
            k["failures"]
        );
        std::process::exit(1);
    }
}

/// `BENCH_PROFILE=typed|hand`: only the client-CPU-bound throughput loop of one client for
/// ten seconds, nothing written; for `perf record` and the like.
fn profile(runtime: &tokio::runtime::Runtime, server: &Server, which: &str) {
    let which = match which {
        "typed" => Which::Typed,
        "hand" => Which::Hand,
        other => panic!("BENCH_PROFILE must be `typed` or `hand`, not {other:?}"),
    };
    runtime.block_on(async {
        let clients = Clients::new(server);
        let started = Instant::now();
        let mut calls = 0;
        while started.elapsed() < Duration::from_secs(10) {
            burst_of_callers(&clients, which, CONCURRENCY, 100).await;
            calls += CONCURRENCY * 100;
        }
        println!(
            "profile: {calls} calls, {:.0} calls/s, {} connections",
            calls as f64 / started.elapsed().as_secs_f64(),
            server.counters.connections.load(Ordering::Relaxed)
        );
    });
}

fn met(flag: &Value) -> &'static str {
    if flag == &json!(true) {
        "met"
    } else {
        "NOT met"
    }
}
