//! The `doku_partner.call` span records status, attempts, latency and outcome on every way
//! out, failures included (they are the calls one most needs to trace), before the last event.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::{Query, Request};
use doku_partner::support::client::RetryPolicy;
use doku_partner::support::stand_in::{Fault, StandIn};
use doku_partner::{Client, Credentials, Environment};

const CLIENT_ID: &str = "BRN-0104-1678960841263";
const SECRET: &str = "SK-reliability-traces";

fn request() -> Request {
    Request::new(CLIENT_ID.parse().unwrap(), Query::Personal)
}

/// A `tracing` writer that collects everything into a string.
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

impl Captured {
    fn take(&self) -> String {
        String::from_utf8(std::mem::take(&mut *self.0.lock().unwrap())).unwrap()
    }
}

/// The one "DOKU call failed" / "DOKU call succeeded" line of the last call.
fn last_line(traces: &str, what: &str) -> String {
    let lines: Vec<&str> = traces.lines().filter(|l| l.contains(what)).collect();
    assert_eq!(lines.len(), 1, "one final event per call: {traces}");
    lines[0].to_owned()
}

fn has_field(line: &str, field: &str) -> bool {
    line.contains(field) || line.contains(&field.replace('=', "=\""))
}

#[tokio::test]
async fn failed_calls_record_status_attempts_latency_and_outcome() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing_subscriber::util::SubscriberInitExt::set_default(subscriber);

    let mock = StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .endpoint::<GetBusinessData>()
        .start()
        .await
        .unwrap();
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .timeout(Duration::from_millis(300))
    .connect_timeout(Duration::from_millis(500))
    .retry(
        RetryPolicy::exponential(2)
            .with_initial_backoff(Duration::from_millis(10))
            .with_max_backoff(Duration::from_millis(10)),
    )
    .build()
    .unwrap();

    // Two attempts that time out: no status, two attempts, a latency of at least 600 ms.
    mock.push_fault(Fault::Hang);
    mock.push_fault(Fault::Hang);
    client.send(request()).await.unwrap_err();
    let line = last_line(&captured.take(), "DOKU call failed");
    assert!(line.contains("doku_partner.call{"), "{line}");
    assert!(line.contains("attempts=2"), "{line}");
    assert!(has_field(&line, "outcome=timeout"), "{line}");
    let latency: u64 = line
        .split("latency_ms=")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no latency_ms: {line}"));
    assert!(latency >= 600, "{line}");
    assert!(!line.contains("status="), "{line}");

    // An HTTP error: its status, one attempt.
    mock.push_fault(Fault::Status {
        status: 500,
        content_type: "text/plain".into(),
        body: "oops".into(),
    });
    client.send(request()).await.unwrap_err();
    let line = last_line(&captured.take(), "DOKU call failed");
    assert!(line.contains("status=500"), "{line}");
    assert!(line.contains("attempts=1"), "{line}");
    assert!(line.contains("latency_ms="), "{line}");
    assert!(has_field(&line, "outcome=http_error"), "{line}");

    // A bad response signature after a 200.
    mock.push_fault(Fault::WrongSignature);
    client.send(request()).await.unwrap_err();
    let line = last_line(&captured.take(), "DOKU call failed");
    assert!(line.contains("status=200"), "{line}");
    assert!(has_field(&line, "outcome=response_signature"), "{line}");

    // A success, for comparison.
    client.send(request()).await.unwrap();
    let line = last_line(&captured.take(), "DOKU call succeeded");
    assert!(
        line.contains("status=200") && line.contains("attempts=1"),
        "{line}"
    );
    assert!(has_field(&line, "outcome=ok"), "{line}");
}
