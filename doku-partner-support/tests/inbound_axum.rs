//! The axum route over a real socket on 127.0.0.1: a signed notification is handled once and
//! answered 200, its retry 200 without running again, a forged one 401 with its reason.

#![cfg(feature = "axum")]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use doku_partner_support::clock::FixedClock;
use doku_partner_support::inbound::{Event, Handler, HandlerError, Receiver};
use doku_partner_support::json::Json;
use support::notify::{KEY, NOW, PATH, Wire};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[derive(Default)]
struct Count(AtomicUsize);

impl Handler<Json> for Count {
    async fn handle(&self, _event: &Event<Json>) -> Result<(), HandlerError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

/// Sends `wire` as HTTP/1.1 and returns the status line's code and the body.
async fn post(addr: std::net::SocketAddr, wire: &Wire) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n",
        wire.method, wire.path
    );
    for (name, value) in &wire.headers {
        head.push_str(&format!("{name}: {}\r\n", String::from_utf8_lossy(value)));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", wire.body.len()));
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&wire.body).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8(answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer.split_once("\r\n\r\n").unwrap().1.to_owned();
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_axum_route_answers_as_the_receiver_decides() {
    let receiver = Receiver::builder(PATH)
        .key(KEY)
        .clock(FixedClock(NOW))
        .build()
        .unwrap();
    let count = Arc::new(Count::default());
    let app =
        doku_partner_support::inbound::axum::route::<Json, _, _>(Arc::new(receiver), count.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let wire = Wire::signed("axum-1", br#"{"order":{"invoice_number":"INV-1"}}"#, KEY);
    assert_eq!(post(addr, &wire).await, (200, "accepted".into()));
    assert_eq!(
        post(addr, &wire).await,
        (200, "duplicate: already handled".into())
    );
    let mut forged = wire.clone();
    forged.body = br#"{"order":{"invoice_number":"INV-2"}}"#.to_vec();
    let (status, reason) = post(addr, &forged).await;
    assert_eq!(status, 401);
    assert!(
        reason.starts_with("the signature does not match"),
        "{reason}"
    );
    let (status, _) = post(addr, &wire.clone().without("Request-Id")).await;
    assert_eq!(status, 400);
    assert_eq!(count.0.load(Ordering::SeqCst), 1);
}
