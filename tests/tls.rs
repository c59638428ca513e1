//! HTTPS end to end on loopback: the clients' rustls stack (ring provider, platform verifier)
//! completes a real handshake, trusts an extra root when configured, and refuses a
//! certificate it cannot verify with a transport error.
#![cfg(feature = "econt")]

use std::sync::Arc;

use partner_clients::econt::{Client, Credentials, Error};
use partner_clients::runtime::{CertificateDer, HttpConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls;

/// A TLS server on 127.0.0.1 with a fresh self-signed certificate for `localhost`, answering
/// every request with `{"id": 1}`. Returns its port and the certificate.
async fn tls_server() -> (u16, CertificateDer<'static>) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let certificate = certified.cert.der().clone();
    let key =
        rustls::pki_types::PrivateKeyDer::try_from(certified.signing_key.serialize_der()).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![certificate.clone()], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let (tcp, _) = listener.accept().await.unwrap();
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A refused handshake is the client's verdict; nothing to answer.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut request = Vec::new();
                let mut buffer = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let body = br#"{"id": 1}"#;
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = tls.write_all(head.as_bytes()).await;
                let _ = tls.write_all(body).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, certificate)
}

fn client(port: u16, extra_roots: Vec<CertificateDer<'static>>) -> Client {
    Client::builder(
        &format!("https://localhost:{port}"),
        Credentials::api_key("key"),
    )
    .http(HttpConfig {
        extra_root_certificates: extra_roots,
        ..HttpConfig::default()
    })
    .build()
    .unwrap()
}

#[tokio::test]
async fn https_works_with_a_configured_extra_root() {
    let (port, certificate) = tls_server().await;
    let customer = client(port, vec![certificate])
        .customer(1, &[])
        .await
        .unwrap();
    assert_eq!(customer.id, 1);
}

#[tokio::test]
async fn an_unverifiable_certificate_is_a_transport_error() {
    let (port, _) = tls_server().await;
    let err = client(port, Vec::new()).customer(1, &[]).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}
