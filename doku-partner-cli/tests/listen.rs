//! `doku-partner listen` end to end over 127.0.0.1: a signed notification is answered 200 and
//! printed once as a JSON line (and forwarded byte for byte with `--forward-to`); its duplicate
//! is answered 200 and not printed; a forged or unsigned one gets 401 and is not printed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use doku_partner_support::SecretKey;
use doku_partner_support::clock::{Clock, SystemClock, format_timestamp};
use doku_partner_support::signature::Components;

const KEY: &str = "SK-listen-test-4d1e";
const PATH: &str = "/payments/notifications";
const CLIENT_ID: &str = "MCH-0001-10791114622547";

/// The running command, killed (by its own id) when dropped.
struct Listening {
    child: Child,
    address: String,
    stdout: mpsc::Receiver<String>,
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn listen(extra: &[&str]) -> Listening {
    listen_with(&["listen", "--port", "0", "--path", PATH], extra)
}

fn listen_with(base: &[&str], extra: &[&str]) -> Listening {
    let mut child = Command::new(env!("CARGO_BIN_EXE_doku-partner"))
        .args(base)
        .args(extra)
        .env("DOKU_SECRET_KEY", KEY)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let address = first
        .trim()
        .strip_prefix("listening on http://")
        .and_then(|rest| rest.strip_suffix(PATH))
        .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
        .to_owned();
    // Keep draining stderr so the child never blocks on it.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    let (tx, stdout) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    Listening {
        child,
        address,
        stdout,
    }
}

/// A signed notification: its header lines and body.
fn notification(request_id: &str, body: &str, key: &str) -> (Vec<(String, String)>, String) {
    let timestamp = format_timestamp(SystemClock.now_unix());
    let signature = Components::request(
        CLIENT_ID,
        request_id,
        &timestamp,
        PATH,
        Some(body.as_bytes()),
    )
    .sign(&SecretKey::new(key));
    (
        vec![
            ("Client-Id".into(), CLIENT_ID.into()),
            ("Request-Id".into(), request_id.into()),
            ("Request-Timestamp".into(), timestamp),
            ("Signature".into(), signature.into_string()),
            ("Content-Type".into(), "application/json".into()),
        ],
        body.into(),
    )
}

/// POSTs over a plain socket; returns the status.
fn post(address: &str, headers: &[(String, String)], body: &str) -> u16 {
    let mut stream = TcpStream::connect(address).unwrap();
    let mut request = format!("POST {PATH} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer[9..12].parse().unwrap()
}

#[test]
fn listen_answers_prints_once_and_refuses_forgeries() {
    let server = listen(&[]);
    let body = r#"{"order":{"invoice_number":"INV-1","amount":150000},"brand_new_key":true}"#;
    let (headers, body) = notification("listen-1", body, KEY);
    assert_eq!(post(&server.address, &headers, &body), 200);
    let line = server.stdout.recv_timeout(Duration::from_secs(10)).unwrap();
    let event: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(event["request_id"], "listen-1");
    assert_eq!(event["client_id"], CLIENT_ID);
    assert_eq!(event["body"]["order"]["invoice_number"], "INV-1");
    assert_eq!(event["body"]["brand_new_key"], true);
    // The duplicate: 200, nothing printed.
    assert_eq!(post(&server.address, &headers, &body), 200);
    // Forged (another key), tampered body, unsigned: 401, nothing printed.
    let (forged, _) = notification("listen-2", &body, "SK-someone-else");
    assert_eq!(post(&server.address, &forged, &body), 401);
    assert_eq!(
        post(&server.address, &headers, &body.replace("INV-1", "INV-9")),
        401
    );
    let unsigned: Vec<_> = headers
        .iter()
        .filter(|(n, _)| n != "Signature")
        .cloned()
        .collect();
    assert_eq!(post(&server.address, &unsigned, &body), 401);
    // A second, distinct notification is printed: proves the silence above is not a dead pipe.
    let (headers, body) = notification("listen-3", "{}", KEY);
    assert_eq!(post(&server.address, &headers, &body), 200);
    let line = server.stdout.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(line.contains("\"listen-3\""), "{line}");
    assert!(
        server
            .stdout
            .recv_timeout(Duration::from_millis(300))
            .is_err()
    );
}

#[test]
fn listen_forwards_the_verified_request() {
    let app = TcpListener::bind("127.0.0.1:0").unwrap();
    let app_address = app.local_addr().unwrap();
    let (tx, forwarded) = mpsc::channel();
    std::thread::spawn(move || {
        let (mut stream, _) = app.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = Vec::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
            head.push(line);
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        stream
            .write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
            .unwrap();
        tx.send((head, body)).unwrap();
    });
    let server = listen(&["--forward-to", &format!("http://{app_address}/doku")]);
    let body = r#"{"transaction":{"status":"SUCCESS"}}"#;
    let (headers, body) = notification("fwd-1", body, KEY);
    assert_eq!(post(&server.address, &headers, &body), 200);
    let (head, forwarded_body) = forwarded.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(forwarded_body, body.as_bytes());
    let head = head.concat().to_ascii_lowercase();
    assert!(head.starts_with("post /doku "), "{head}");
    for (name, value) in &headers[..4] {
        assert!(
            head.contains(&format!(
                "{}: {}",
                name.to_ascii_lowercase(),
                value.to_ascii_lowercase()
            )),
            "{name} not forwarded: {head}"
        );
    }
    assert!(
        server
            .stdout
            .recv_timeout(Duration::from_secs(10))
            .unwrap()
            .contains("fwd-1")
    );
}

#[test]
fn listen_without_a_key_is_a_usage_error() {
    let ran = Command::new(env!("CARGO_BIN_EXE_doku-partner"))
        .args(["listen", "--port", "0", "--path", PATH])
        .env_remove("DOKU_SECRET_KEY")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(ran.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&ran.stderr);
    assert!(stderr.contains("no secret key"), "{stderr}");
    assert!(ran.stdout.is_empty());
    let ran = Command::new(env!("CARGO_BIN_EXE_doku-partner"))
        .args(["listen", "--port", "0", "--path", "payments"])
        .env("DOKU_SECRET_KEY", KEY)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(ran.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&ran.stderr);
    assert!(stderr.contains("must start with `/`"), "{stderr}");
    assert!(!stderr.contains(KEY), "{stderr}");
}

/// The next event `listen` prints.
fn next_event(server: &Listening) -> serde_json::Value {
    let line = server.stdout.recv_timeout(Duration::from_secs(10)).unwrap();
    serde_json::from_str(&line).unwrap()
}

/// An event's conformance findings.
fn conformance(event: &serde_json::Value) -> Vec<&str> {
    event["conformance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect()
}

fn spec_path(name: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    root.join("spec").join(name).display().to_string()
}

/// With an incoming spec: the path is the spec's, each line carries the body and one
/// conformance finding per drift from the spec's field table, and the fields the spec marks
/// personal are masked in the printed body.
#[test]
fn listen_with_a_spec_reports_each_drift_from_its_field_table() {
    let spec = spec_path("payment_notification.yaml");
    let server = listen_with(&["listen", &spec, "--port", "0"], &[]);
    let sample =
        std::fs::read_to_string(spec_path("examples/payment_notification.bca_va.json")).unwrap();
    // DOKU's own sample: no finding.
    let (headers, body) = notification("spec-1", &sample, KEY);
    assert_eq!(post(&server.address, &headers, &body), 200);
    let line = server.stdout.recv_timeout(Duration::from_secs(10)).unwrap();
    let event: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(event["spec"], "payment_notification");
    assert_eq!(event["conformance"], serde_json::json!([]), "{line}");
    assert_eq!(
        event["body"]["order"]["invoice_number"],
        "INV-20210124-0001"
    );
    // `virtual_account_number` is marked personal: masked, its last characters kept.
    let number = event["body"]["virtual_account_info"]["virtual_account_number"]
        .as_str()
        .unwrap();
    assert_ne!(number, "1900600000000046", "{line}");
    assert!(
        number.starts_with('*') && number.ends_with("46"),
        "{number}"
    );

    // A key DOKU added and a status it never documented: one finding each.
    let drifted = sample.replacen("\"SUCCESS\"", "\"PENDING\"", 1).replacen(
        '{',
        "{\"settlement\":{\"date\":\"2021-01-28\"},",
        1,
    );
    let (headers, body) = notification("spec-2", &drifted, KEY);
    assert_eq!(post(&server.address, &headers, &body), 200);
    let event = next_event(&server);
    let findings = conformance(&event);
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert!(
        findings
            .iter()
            .any(|f| f.contains("`settlement` is not a documented field")),
        "{findings:?}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f.contains("transaction.status") && f.contains("PENDING")),
        "{findings:?}"
    );
    assert_eq!(event["body"]["settlement"]["date"], "2021-01-28", "kept");

    // A channel the spec has no shape for (`event.union`): answered 200, the body printed as
    // sent (the VA number masked all the same), one finding naming the channel, and the keys
    // no shape of the spec documents for it.
    let bri = sample.replace("VIRTUAL_ACCOUNT_BCA", "VIRTUAL_ACCOUNT_BRI");
    let (headers, body) = notification("spec-3", &bri, KEY);
    assert_eq!(post(&server.address, &headers, &body), 200);
    let event = next_event(&server);
    let findings = conformance(&event);
    assert_eq!(
        findings[0],
        "channel.id: \"VIRTUAL_ACCOUNT_BRI\" names no variant (kept whole as `Event::Other`)"
    );
    assert_eq!(findings.len(), 3, "{findings:?}");
    assert!(
        findings[1..]
            .iter()
            .all(|f| f.contains("virtual_account_") && f.contains("is not a documented field")),
        "{findings:?}"
    );
    let number = event["body"]["virtual_account_info"]["virtual_account_number"]
        .as_str()
        .unwrap();
    assert!(number.starts_with('*'), "{number}");
}

#[test]
fn listen_refuses_a_spec_that_describes_an_endpoint_to_call() {
    let ran = Command::new(env!("CARGO_BIN_EXE_doku-partner"))
        .args([
            "listen",
            &spec_path("get_business_data.yaml"),
            "--port",
            "0",
        ])
        .env("DOKU_SECRET_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(ran.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&ran.stderr);
    assert!(stderr.contains("direction: incoming"), "{stderr}");
    let ran = Command::new(env!("CARGO_BIN_EXE_doku-partner"))
        .args(["listen", "--port", "0"])
        .env("DOKU_SECRET_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(ran.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&ran.stderr).contains("--path is required without a spec"),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
}
