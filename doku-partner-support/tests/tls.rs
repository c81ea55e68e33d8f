//! TLS failures over a real handshake: a rustls server on 127.0.0.1 with a self-signed
//! certificate for another name, generated at test time (rcgen). The client must report
//! `TransportKind::Tls` ("TLS failure"), not "cannot connect", and must not retry it.

#![cfg(feature = "client")]

use std::io::Read as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use doku_partner_support::client::{Client, Environment, RetryPolicy};
use doku_partner_support::conformance::{Conformance, Finding, JsonPath};
use doku_partner_support::error::TransportKind;
use doku_partner_support::{
    ApiRequest, ApiResponse, AuthOptions, Credentials, Endpoint, Error, HttpMethod, SignatureScheme,
};

#[derive(Debug)]
struct Ping;

#[derive(Debug, serde::Deserialize, serde::Serialize)]
struct Pong {}

impl Conformance for Pong {
    fn check_conformance(&self, _: &mut JsonPath, _: &mut Vec<Finding>) {}
}

impl ApiResponse for Pong {}

impl Endpoint for Ping {
    const NAME: &'static str = "ping";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH_TEMPLATE: &'static str = "/ping";
    const AUTH: AuthOptions = AuthOptions {
        signature: SignatureScheme::NonSnapHmacSha256,
        query_in_target: false,
        bearer_token: false,
    };
    const SANDBOX_URL: &'static str = "https://127.0.0.1:9";
    const PRODUCTION_URL: &'static str = "https://127.0.0.1:9";
    const SUCCESS_STATUS: u16 = 200;
    const EXAMPLES: &'static [(&'static str, &'static str)] = &[("ok", "{}")];
    type Request = Ping;
    type Response = Pong;
}

impl ApiRequest for Ping {
    type Endpoint = Ping;
    fn path(&self) -> String {
        "/ping".to_owned()
    }
    fn query_string(&self) -> Option<String> {
        None
    }
}

/// A TLS server on 127.0.0.1 whose certificate is self-signed for `wrong.example`; returns
/// its port and how many connections it accepted.
fn tls_server() -> (u16, Arc<AtomicUsize>) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let generated = rcgen::generate_simple_self_signed(vec!["wrong.example".to_owned()])
        .expect("rcgen makes a certificate");
    let cert = generated.cert.der().clone();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(generated.signing_key.serialize_der().into());
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap(),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&accepted);
    std::thread::spawn(move || {
        for socket in listener.incoming() {
            let Ok(socket) = socket else { return };
            count.fetch_add(1, Ordering::SeqCst);
            let _ = socket.set_read_timeout(Some(Duration::from_secs(5)));
            let config = Arc::clone(&config);
            std::thread::spawn(move || {
                let Ok(conn) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(conn, socket);
                // The client refuses the certificate with an alert: this read fails.
                let mut buf = [0u8; 1024];
                let _ = tls.read(&mut buf);
            });
        }
    });
    (port, accepted)
}

#[tokio::test]
async fn a_certificate_for_another_name_is_a_tls_failure_and_is_not_retried() {
    let (port, accepted) = tls_server();
    let client = Client::builder(
        Credentials::new("BRN-0001", "SK-tls-test"),
        Environment::base_url(format!("https://127.0.0.1:{port}")),
    )
    .timeout(Duration::from_secs(5))
    .connect_timeout(Duration::from_secs(5))
    .retry(
        RetryPolicy::exponential(3)
            .with_initial_backoff(Duration::from_millis(10))
            .with_max_backoff(Duration::from_millis(10)),
    )
    .build()
    .unwrap();
    let started = Instant::now();
    let err = client.send(Ping).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Tls,
                ..
            }
        ),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.starts_with("TLS failure"), "{text}");
    assert!(!text.contains("cannot connect"), "{text}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "a certificate failure is final: one connection, no retry"
    );
}
