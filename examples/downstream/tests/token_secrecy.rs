//! The bearer token goes only to endpoints whose spec asks for it and never shows in
//! `Debug`, errors or TRACE-level traces. Alone in its test binary: the traces are captured
//! with a thread-local subscriber, which other tests running at the same time would bypass.

use std::sync::{Arc, Mutex};

use doku_partner::support::stand_in::StandIn;
use doku_partner::support::{Endpoint, Error};
use doku_partner::tokens::GenerateTokenSource;
use doku_partner::{Client, Credentials, Environment};
use downstream_example::{
    CreateBusinessLite, GenerateToken, RegisterOutlet, create_business_lite, register_outlet,
};

const CLIENT_ID: &str = "BRN-0001-10791114622547";
const SECRET: &str = "SK-downstream-token-test";

fn outlet(reference: &str) -> register_outlet::Request {
    let body =
        register_outlet::body::Body::from_json(RegisterOutlet::REQUEST_EXAMPLES[0].1).unwrap();
    register_outlet::Request::new("BRN-1".parse().unwrap(), body, reference.parse().unwrap())
}

#[tokio::test]
async fn the_token_goes_only_where_the_spec_asks_and_never_shows() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing_subscriber::util::SubscriberInitExt::set_default(subscriber);

    let mock = StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .endpoint::<GenerateToken>()
        .endpoint::<RegisterOutlet>()
        .endpoint::<CreateBusinessLite>()
        .start()
        .await
        .unwrap();
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .token_source(GenerateTokenSource::new())
    .build()
    .unwrap();
    client.send(outlet("REF-1")).await.unwrap();
    let sample = CreateBusinessLite::REQUEST_EXAMPLES[0].1;
    let lite = create_business_lite::RawRequest { body: sample }
        .validate()
        .unwrap();
    client.send(&lite).await.unwrap();

    let seen = mock.requests();
    let authorization = |i: usize| seen[i].header("Authorization");
    assert_eq!(
        authorization(0),
        None,
        "Generate Token itself needs no token"
    );
    let token = authorization(1)
        .unwrap()
        .strip_prefix("Bearer ")
        .unwrap()
        .to_owned();
    assert!(token.len() > 40);
    assert_eq!(
        authorization(2),
        None,
        "Create Business Lite does not ask for one"
    );

    // A failed bearer call: the error and everything traced keep the token out.
    mock.expire_tokens();
    drop(mock);
    let err: Error = client.send(outlet("REF-2")).await.unwrap_err();
    let texts = [
        format!("{client:?}"),
        format!("{err}"),
        format!("{err:?}"),
        String::from_utf8(captured.0.lock().unwrap().clone()).unwrap(),
    ];
    for text in &texts {
        assert!(!text.contains(&token), "the token leaked: {text}");
        assert!(!text.contains(SECRET), "the secret leaked: {text}");
    }
    assert!(
        texts[3].contains("doku_partner.call"),
        "traces were captured"
    );
}

/// A `tracing` writer that collects everything into a buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
