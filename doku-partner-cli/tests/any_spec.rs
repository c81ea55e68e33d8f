//! Any spec, not only the family compiled into the crate: `doku-partner call --spec` and
//! `doku-partner serve --spec` with a spec of the user's own (`tests/fixtures/any_spec/`: a
//! POST with a path parameter, a query enum, a caller header, a bearer token from the issuing
//! spec beside it, a JSON body with formats, an enum and a rule), over real HTTP on 127.0.0.1:
//! a good call (token fetched from the issuer, signed, answer verified), a refused request with
//! every violation listed before any I/O, and the stand-in refusing a wrong signature, a
//! missing token and a body that breaks the spec's schema, exactly as for the family.

mod common;

use std::net::TcpListener;
use std::path::PathBuf;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use common::{Cli, Ran, Serving};
use doku_partner_support::clock::{Clock, SystemClock, format_timestamp};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha2::{Digest, Sha256};

const CLIENT_ID: &str = "BRN-0001-10791114622599";
const KEY: &str = "SK-any-spec-test-3f9a";
const TICKET_PATH: &str = "/helpdesk/v1/shops/SHOP0001/tickets";

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/any_spec")
        .join(name)
        .display()
        .to_string()
}

/// `serve --spec issue_token.yaml --spec open_ticket.yaml`, killed when dropped.
fn serve() -> Serving {
    let specs = ["issue_token.yaml", "open_ticket.yaml"];
    let args: Vec<String> = specs
        .iter()
        .flat_map(|spec| ["--spec".to_owned(), fixture(spec)])
        .collect();
    common::serve(&args, CLIENT_ID, KEY)
}

/// The good call's arguments: every parameter, the caller's header, the page-like sample body.
fn good_call() -> Vec<String> {
    vec![
        "call".into(),
        "--spec".into(),
        fixture("open_ticket.yaml"),
        "-p".into(),
        "shop_id=SHOP0001".into(),
        "-p".into(),
        "priority=HIGH".into(),
        "-H".into(),
        "X-Partner-Ref=REF20240001".into(),
        "--body".into(),
        fixture("examples/open_ticket.request.json"),
    ]
}

fn reply(ran: &Ran) -> Value {
    serde_json::from_str(&ran.stdout).unwrap_or_else(|e| panic!("{e}: {}", ran.all()))
}

/// What a good call prints: the token fetched from the issuer first and never shown, the call
/// answered with the spec's success status and a verified signature, the reply as JSON with
/// the personal field masked.
fn assert_good(ran: &Ran) {
    assert_eq!(ran.code(), Some(0), "{}", ran.all());
    let token_line = ran.stderr.find("/helpdesk/v1/token").expect("token call");
    let ticket_line = ran.stderr.find(TICKET_PATH).expect("ticket call");
    assert!(token_line < ticket_line, "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("bearer token: from `issue_token` (not printed)"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("status: 201"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("response signature: verified"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("?priority=HIGH"), "{}", ran.stderr);
    let data = reply(ran);
    assert_eq!(data["ticket_id"], "TCK000000001");
    assert_eq!(data["contact_email"], "*************.com");
    assert!(!ran.all().contains("owner@example.com"), "{}", ran.all());
    assert!(!ran.all().contains(KEY), "{}", ran.all());
    assert!(
        !ran.all().contains("eyJ"),
        "a token was printed: {}",
        ran.all()
    );
}

#[test]
fn a_call_to_a_spec_of_ones_own_against_serve_gets_its_token_and_a_verified_answer() {
    let serving = serve();
    let mut args = good_call();
    args.extend(["--base-url".into(), serving.base.clone()]);
    let ran = Cli::new(&args)
        .env("DOKU_CLIENT_ID", CLIENT_ID)
        .env("DOKU_SECRET_KEY", KEY)
        .run();
    assert_good(&ran);
}

#[test]
fn a_call_to_a_spec_of_ones_own_against_the_in_process_stand_in() {
    let mut args = good_call();
    args.push("--stand-in".into());
    let ran = Cli::new(&args).run();
    assert_good(&ran);
    // --spec-dir with the endpoint's name finds the same spec.
    let mut args = good_call();
    args.splice(
        1..3,
        ["--spec-dir".into(), fixture(""), "open_ticket".into()],
    );
    args.push("--stand-in".into());
    assert_good(&Cli::new(&args).run());
}

/// A listener standing in for DOKU that must never see a connection.
struct Untouched(TcpListener);

impl Untouched {
    fn new() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("nonblocking");
        Untouched(listener)
    }

    fn url(&self) -> String {
        format!("http://{}", self.0.local_addr().expect("addr"))
    }

    fn assert_untouched(&self) {
        match self.0.accept() {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => panic!("accept: {e}"),
            Ok((_, peer)) => panic!("a request was made (from {peer})"),
        }
    }
}

#[test]
fn a_bad_request_is_refused_with_every_violation_before_any_io() {
    let server = Untouched::new();
    let body = std::env::temp_dir().join(format!("any-spec-bad-{}.json", std::process::id()));
    std::fs::write(
        &body,
        r#"{"subject":"","amount":"150000","topic":"REFUND","extra":1}"#,
    )
    .unwrap();
    let ran = Cli::new(&[
        "call",
        "--spec",
        &fixture("open_ticket.yaml"),
        "--base-url",
        &server.url(),
        "-p",
        "shop_id=SHOP-0001",
        "-p",
        "priority=NOW",
        "--body",
        &body.display().to_string(),
    ])
    .env("DOKU_CLIENT_ID", CLIENT_ID)
    .env("DOKU_SECRET_KEY", KEY)
    .run();
    let _ = std::fs::remove_file(&body);
    assert_eq!(ran.code(), Some(2), "{}", ran.all());
    for expected in [
        "invalid request: 7 problem(s)",
        "`shop_id` has '-' at position 5 (format AN(10)",
        "`priority` = \"NOW\" is not a documented value; expected one of: LOW, HIGH",
        "header `X-Partner-Ref` is required",
        "`extra` is not a documented field",
        "`subject` is empty",
        "`amount` must be a JSON integer, found string",
        "`invoice_number` is required when `topic` is REFUND",
        "(nothing was sent)",
    ] {
        assert!(ran.stderr.contains(expected), "{expected}: {}", ran.stderr);
    }
    server.assert_untouched();
}

#[test]
fn usage_mistakes_with_a_spec_exit_2_naming_what_it_takes() {
    let server = Untouched::new();
    let ran = Cli::new(&[
        "call",
        "--spec",
        &fixture("open_ticket.yaml"),
        "--base-url",
        &server.url(),
        "-p",
        "shop=SHOP0001",
        "-H",
        "X-Other=1",
    ])
    .env("DOKU_CLIENT_ID", CLIENT_ID)
    .env("DOKU_SECRET_KEY", KEY)
    .run();
    assert_eq!(ran.code(), Some(2), "{}", ran.all());
    for expected in [
        "`open_ticket` has no parameter `shop`; it has: shop_id, priority",
        "`open_ticket` has no caller-supplied header `X-Other`; it has: X-Partner-Ref",
        "--param shop_id=VALUE (path, required)",
        "--header X-Partner-Ref=VALUE (required)",
    ] {
        assert!(ran.stderr.contains(expected), "{expected}: {}", ran.stderr);
    }
    // A name no spec of the folder has: the folder's endpoints are listed.
    let ran = Cli::new(&[
        "call",
        "--stand-in",
        "--spec-dir",
        &fixture(""),
        "open-tickets",
    ])
    .run();
    assert_eq!(ran.code(), Some(2), "{}", ran.all());
    assert!(
        ran.stderr.contains(
            "is named `open-tickets`; its endpoints are: attach_receipt, issue_token, open_ticket"
        ),
        "{}",
        ran.stderr
    );
    // An invalid spec fails at its file:line:col, before anything else.
    let broken = std::env::temp_dir().join(format!("any-spec-broken-{}.yaml", std::process::id()));
    std::fs::write(&broken, "name: broken\nmethod: FETCH\n").unwrap();
    let ran = Cli::new(&[
        "call",
        "--stand-in",
        "--spec",
        &broken.display().to_string(),
    ])
    .run();
    let _ = std::fs::remove_file(&broken);
    assert_eq!(ran.code(), Some(2), "{}", ran.all());
    assert!(ran.stderr.contains("any-spec-broken-"), "{}", ran.stderr);
    assert!(ran.stderr.contains(":2:"), "{}", ran.stderr);
    server.assert_untouched();
}

/// DOKU's Non-SNAP request signature by its documented formula (not the runtime's signer).
fn doku_signature(request_id: &str, timestamp: &str, target: &str, body: &[u8]) -> String {
    let component = format!(
        "Client-Id:{CLIENT_ID}\nRequest-Id:{request_id}\nRequest-Timestamp:{timestamp}\nRequest-Target:{target}\nDigest:{}",
        STANDARD.encode(Sha256::digest(body))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(KEY.as_bytes()).unwrap();
    mac.update(component.as_bytes());
    format!(
        "HMACSHA256={}",
        STANDARD.encode(mac.finalize().into_bytes())
    )
}

#[tokio::test]
async fn the_stand_in_refuses_a_wrong_signature_a_missing_token_and_a_bad_body() {
    let serving = serve();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let post =
        |path: &'static str, body: &'static [u8], signed: &'static [u8], token: Option<String>| {
            let http = http.clone();
            let base = serving.base.clone();
            async move {
                let request_id = doku_partner_support::clock::RequestId::new_v4()
                    .as_str()
                    .to_owned();
                let timestamp = format_timestamp(SystemClock.now_unix());
                let mut request = http
                    .post(format!("{base}{path}"))
                    .header("Client-Id", CLIENT_ID)
                    .header("Request-Id", &request_id)
                    .header("Request-Timestamp", &timestamp)
                    .header(
                        "Signature",
                        doku_signature(&request_id, &timestamp, path, signed),
                    )
                    .header("Content-Type", "application/json")
                    .header("X-Partner-Ref", "REF20240001")
                    .body(body.to_vec());
                if let Some(token) = token {
                    request = request.header("Authorization", format!("Bearer {token}"));
                }
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let text = response.text().await.unwrap();
                (
                    status,
                    serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text)),
                )
            }
        };
    let token_body: &[u8] = br#"{"grant":"client_credentials","minutes":"30"}"#;
    // The issuer answers a new token in its spec's token field.
    let (status, issued) = post("/helpdesk/v1/token", token_body, token_body, None).await;
    assert_eq!(status, 200, "{issued}");
    let token = issued["access_token"].as_str().expect("a token").to_owned();
    assert_ne!(
        token, "eyJ0eXAiOiJKV1QifQ.e30.c2ln",
        "the sample's token is not a new one"
    );

    let good: &[u8] = br#"{"subject":"Refund not received","amount":150000,"topic":"REFUND","invoice_number":"INV20240001"}"#;
    let other: &[u8] = br#"{"subject":"Refund not received","amount":150001,"topic":"REFUND","invoice_number":"INV20240001"}"#;
    // Signed over other bytes: refused at the door.
    let (status, body) = post(TICKET_PATH, good, other, Some(token.clone())).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"]["code"], "invalid_signature", "{body}");
    // No bearer token: refused.
    let (status, body) = post(TICKET_PATH, good, good, None).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"]["code"], "invalid_token", "{body}");
    // A body that breaks the spec's schema: every violation.
    let bad: &[u8] = br#"{"subject":"Refund not received","amount":"150000","topic":"REFUND"}"#;
    let (status, body) = post(TICKET_PATH, bad, bad, Some(token.clone())).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["code"], "invalid_request_body", "{body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("`amount` must be a JSON integer"),
        "{message}"
    );
    assert!(
        message.contains("`invoice_number` is required when `topic` is REFUND"),
        "{message}"
    );
    // The same request, right: the spec's sample, with its success status.
    let (status, body) = post(TICKET_PATH, good, good, Some(token)).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["ticket_id"], "TCK000000001", "{body}");
}

#[test]
fn a_multipart_form_of_ones_own_is_checked_built_and_accepted() {
    let dir = std::env::temp_dir().join(format!("any-spec-form-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("receipt.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\nnot really an image").unwrap();
    let gif = dir.join("receipt.gif");
    std::fs::write(&gif, vec![b'G'; 2000]).unwrap();
    let call = |kind: &str, file: &std::path::Path, base: Option<&str>| {
        let mut args = vec![
            "call".to_owned(),
            "--spec".to_owned(),
            fixture("attach_receipt.yaml"),
            "-p".to_owned(),
            format!("kind={kind}"),
            "--file".to_owned(),
            file.display().to_string(),
        ];
        match base {
            Some(url) => args.extend(["--base-url".to_owned(), url.to_owned()]),
            None => args.push("--stand-in".to_owned()),
        }
        Cli::new(&args)
            .env("DOKU_CLIENT_ID", CLIENT_ID)
            .env("DOKU_SECRET_KEY", KEY)
            .run()
    };
    // The stand-in checks the form part by part, the token and the Digest over the form bytes.
    let ran = call("RECEIPT", &png, None);
    assert_eq!(ran.code(), Some(0), "{}", ran.all());
    assert!(
        ran.stderr.contains("bearer token: from `issue_token`"),
        "{}",
        ran.stderr
    );
    assert_eq!(reply(&ran)["receipt_id"], "RCP000000001");
    // A wrong value and a file of a type and size the spec refuses: both, before any I/O.
    let server = Untouched::new();
    let ran = call("PHOTO", &gif, Some(&server.url()));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(ran.code(), Some(2), "{}", ran.all());
    assert!(ran.stderr.contains("`kind` = \"PHOTO\""), "{}", ran.stderr);
    assert!(ran.stderr.contains("file `file`"), "{}", ran.stderr);
    assert!(ran.stderr.contains("(nothing was sent)"), "{}", ran.stderr);
    server.assert_untouched();
}

/// One answer on 127.0.0.1 standing in for DOKU: reads one request (headers and its
/// `Content-Length` body) and answers `status` with `body`, the headers `headers(request_id)`
/// gives (`request_id`: the one the request sent). The request's head, as text, once answered.
fn answer_once(
    status: u16,
    body: &'static str,
    headers: impl Fn(&str) -> Vec<(&'static str, String)> + Send + 'static,
) -> (String, std::thread::JoinHandle<String>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("accept");
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("read");
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        let header = |name: &str| {
            head.lines().find_map(|l| {
                let (n, v) = l.split_once(':')?;
                n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
            })
        };
        let length: usize = header("content-length").map_or(0, |v| v.parse().expect("length"));
        let mut sent = vec![0; length];
        reader.read_exact(&mut sent).expect("body");
        let request_id = header("request-id").expect("Request-Id");
        let mut answer = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        for (name, value) in headers(&request_id) {
            answer.push_str(&format!("{name}: {value}\r\n"));
        }
        answer.push_str("\r\n");
        answer.push_str(body);
        let mut stream = stream;
        stream.write_all(answer.as_bytes()).expect("write");
        head
    });
    (url, handle)
}

/// `call --spec` checks the response headers and error envelopes a spec declares, as the
/// library's client does (Checkout declares `Client-Id`, `Request-Id` and a mandatory
/// `Signature`; DOKU VA declares only the `error` envelope).
#[test]
fn a_call_checks_the_declared_response_headers_and_envelopes() {
    let spec = format!(
        "{}/../spec/payments/checkout.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let body = format!(
        "{}/../spec/payments/examples/checkout.request.basic.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let call = |url: &str, spec: &str, body: &str| {
        Cli::new(&["call", "--spec", spec, "--base-url", url, "--body", body])
            .env("DOKU_CLIENT_ID", CLIENT_ID)
            .env("DOKU_SECRET_KEY", KEY)
            .run()
    };
    let success = r#"{"message":["SUCCESS"]}"#;

    // An answer echoing another Request-Id is for another request: refused.
    let (url, served) = answer_once(200, success, |_| {
        vec![
            ("Client-Id", CLIENT_ID.to_owned()),
            ("Request-Id", "someone-elses".to_owned()),
        ]
    });
    let ran = call(&url, &spec, &body);
    served.join().expect("served");
    assert_ne!(ran.code(), Some(0), "{}", ran.all());
    assert!(
        ran.stderr.contains("response header `Request-Id`")
            && ran.stderr.contains("the answer is for another request"),
        "{}",
        ran.stderr
    );
    assert!(ran.stdout.is_empty(), "{}", ran.stdout);

    // The right Request-Id but no Signature, which Checkout declares mandatory: refused.
    let (url, served) = answer_once(200, success, |request_id| {
        vec![
            ("Client-Id", CLIENT_ID.to_owned()),
            ("Request-Id", request_id.to_owned()),
        ]
    });
    let ran = call(&url, &spec, &body);
    served.join().expect("served");
    assert_ne!(ran.code(), Some(0), "{}", ran.all());
    assert!(
        ran.stderr
            .contains("carries no Signature, which the spec declares mandatory"),
        "{}",
        ran.stderr
    );

    // DOKU VA answers in the `message` envelope, which its spec does not declare: said so, and
    // the body is printed whole.
    let va = format!(
        "{}/../spec/payments/va_payment_code.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let va_body = format!(
        "{}/../doku-partner-cli/tests/fixtures/any_spec/va_payment_code.request.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let (url, served) = answer_once(
        400,
        r#"{"message":["PAYMENT CHANNEL IS INACTIVE"]}"#,
        |_| Vec::new(),
    );
    let ran = call(&url, &va, &va_body);
    served.join().expect("served");
    assert_ne!(ran.code(), Some(0), "{}", ran.all());
    assert!(
        ran.stderr.contains(
            "DOKU answered in the `message` envelope, which the spec does not declare \
             (`errors.envelopes`: error)"
        ),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("PAYMENT CHANNEL IS INACTIVE"),
        "{}",
        ran.stderr
    );
}

/// Against the stand-in, which sends exactly the declared headers, the same call is clean.
#[test]
fn a_call_to_checkout_against_the_stand_in_gets_the_declared_headers() {
    let spec = format!(
        "{}/../spec/payments/checkout.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let body = format!(
        "{}/../spec/payments/examples/checkout.request.basic.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let ran = Cli::new(&["call", "--stand-in", "--spec", &spec, "--body", &body]).run();
    assert_eq!(ran.code(), Some(0), "{}", ran.all());
    assert!(
        ran.stderr.contains("response signature: verified"),
        "{}",
        ran.stderr
    );
    assert!(!ran.stderr.contains("response header `"), "{}", ran.stderr);
}
