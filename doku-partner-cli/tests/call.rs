//! `doku-partner call` as a user runs it: every endpoint against the local stand-in
//! (`--stand-in`), the usage and validation errors (exit 2, nothing sent), missing credentials,
//! failed calls (exit 1) and the secret key never printed. No test touches the internet: only
//! `--stand-in` or a listener of the test's own on 127.0.0.1.

mod common;

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::PathBuf;
use std::thread;
use std::time::{Duration, Instant};

use common::{Cli, Ran, assert_no_panic, scratch, workspace_root};
use serde_json::Value;

/// A real-looking key for the leak tests.
const LEAKY_KEY: &str = "SK-hCJ42G28TA0MKG9LE2E_1-leak-check-5d1e";
const CLIENT_ID: &str = "BRN-0001-10791114622547";

fn example(name: &str) -> PathBuf {
    workspace_root().join("spec/examples").join(name)
}

fn arg(path: &std::path::Path) -> String {
    path.to_str().expect("UTF-8 path").to_owned()
}

/// The reply on stdout, parsed; asserts exit 0 first.
fn reply(ran: &Ran) -> Value {
    assert_eq!(ran.code(), Some(0), "{}", ran.stderr);
    serde_json::from_str(&ran.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", ran.stdout))
}

/// The stderr lines every successful call prints.
fn assert_reply_metadata(ran: &Ran) {
    let err = &ran.stderr;
    let request_id = err
        .lines()
        .find_map(|l| l.strip_prefix("Request-Id: "))
        .unwrap_or_else(|| panic!("no Request-Id in {err}"));
    assert_eq!(request_id.len(), 36, "{err}");
    assert!(err.lines().any(|l| l == "status: 200"), "{err}");
    assert!(err.lines().any(|l| l == "attempts: 1"), "{err}");
    assert!(err.contains("(local DOKU stand-in)"), "{err}");
}

const PERSONAL: [&str; 8] = [
    "--param",
    "businessType=PERSONAL",
    "--param",
    "businessLegalEntity=PERSEORANGAN",
    "--param",
    "brandBusinessLine=RETAIL",
    "--param",
    "businessContactNationality=ID",
];

#[test]
fn list_shows_every_endpoint_with_method_and_path() {
    let ran = Cli::new(&["call", "--list"]).run();
    assert_eq!(ran.code(), Some(0), "{}", ran.stderr);
    for (name, method, path) in [
        (
            "check_requirements",
            "GET",
            "/adv-core-api/partner/v1.0/file",
        ),
        ("generate_token", "POST", "/adv-core-api/partner/v1.0/token"),
        ("upload_file", "POST", "/adv-core-api/partner/v1.0/file"),
        (
            "create_business_lite",
            "POST",
            "/adv-core-api/partner/v1.0/business/lite/registration",
        ),
        (
            "business_registration",
            "POST",
            "/adv-core-api/partner/v1.0/business",
        ),
        (
            "get_business_data",
            "GET",
            "/adv-core-api/partner/v1.0/business/{client_id}",
        ),
    ] {
        let line = ran
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{name} missing from {}", ran.stdout));
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words, [name, method, path], "{line}");
    }
    assert!(
        ran.stdout
            .contains("--param client_id=VALUE (path, required)"),
        "{}",
        ran.stdout
    );
    // Upload File: its form's text fields, and its file or a URL instead.
    let upload = ran
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("upload_file "))
        .nth(1)
        .unwrap_or_else(|| panic!("no upload_file in {}", ran.stdout));
    for expected in [
        "--param category=VALUE (form, required)",
        "--param code=VALUE (form, optional)",
        "--file PATH or --param file_url=VALUE (exactly one; a file of at most 15 MiB)",
    ] {
        assert!(
            upload.contains(expected),
            "missing {expected:?} in {upload}"
        );
    }
    assert!(!upload.contains("--body"), "{upload}");
}

#[test]
fn stand_in_check_requirements() {
    // `--mock`, the flag's name before 0.2, still works.
    for flag in ["--stand-in", "--mock"] {
        check_requirements_against_the_stand_in(flag);
    }
}

fn check_requirements_against_the_stand_in(flag: &str) {
    let args = [&["call", flag, "check_requirements"][..], &PERSONAL].concat();
    let ran = Cli::new(&args).run();
    let data = reply(&ran);
    assert_eq!(
        data["business"]["brand"]["photo_proof"]["code"], "PHOTO_PROOF",
        "{data}"
    );
    assert_reply_metadata(&ran);
    assert!(
        ran.stderr
            .contains("?businessType=PERSONAL&businessLegalEntity=PERSEORANGAN"),
        "{}",
        ran.stderr
    );
}

#[test]
fn mock_generate_token() {
    let body = example("generate_token.request.json");
    let ran = Cli::new(&[
        "call",
        "--stand-in",
        "generate_token",
        "--body",
        &arg(&body),
    ])
    .run();
    // The token is a secret: redacted unless asked for by name.
    assert_eq!(reply(&ran)["token"], "[redacted]", "{}", ran.stdout);
    assert_reply_metadata(&ran);
    let ran = Cli::new(&[
        "call",
        "--stand-in",
        "generate_token",
        "--reveal-secrets",
        "--body",
        &arg(&body),
    ])
    .run();
    let data = reply(&ran);
    let token = data["token"].as_str().unwrap_or_else(|| panic!("{data}"));
    assert!(token.starts_with("eyJ"), "{data}");
}

/// The values at the paths the spec marks, in the sample the stand-in serves.
fn marked_in_sample() -> (String, Vec<String>) {
    let sample: Value = serde_json::from_str(
        &std::fs::read_to_string(example("get_business_data.personal.json")).expect("sample"),
    )
    .expect("sample is JSON");
    let key = sample["brands"][0]["shared_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let personal = [
        &sample["email"],
        &sample["phone_number"],
        &sample["contacts"][0]["name"],
        &sample["contacts"][0]["email"],
        &sample["contacts"][0]["phone_number"],
        &sample["banks"][0]["account_number"],
        &sample["banks"][0]["account_name"],
        &sample["documents"][0]["link"],
    ]
    .iter()
    .map(|v| v.as_str().unwrap_or_else(|| panic!("{v}")).to_owned())
    .collect();
    (key, personal)
}

#[test]
fn call_redacts_secrets_and_masks_personal_data_unless_asked() {
    let (key, personal) = marked_in_sample();
    let args = [
        &[
            "call",
            "--stand-in",
            "get_business_data",
            "--param",
            "client_id=BRN-0104-1678960841263",
        ][..],
        &PERSONAL,
    ]
    .concat();
    let ran = Cli::new(&args).run();
    let data = reply(&ran);
    assert_eq!(data["brands"][0]["shared_key"], "[redacted]", "{data}");
    let phone = data["phone_number"].as_str().unwrap();
    assert!(phone.starts_with("****"), "{phone}");
    assert!(!ran.all().contains(&key), "the shared key is printed");
    for value in &personal {
        assert!(
            !ran.all().contains(value.as_str()),
            "`{value}` is printed unmasked"
        );
    }
    // Not personal: the business's ID stays readable.
    assert_eq!(data["id"], "BSN-0104-1678960841263");

    // Asked for the secrets by name: the key, and still no personal data.
    let revealed = [&args[..], &["--reveal-secrets"]].concat();
    let ran = Cli::new(&revealed).run();
    let data = reply(&ran);
    assert_eq!(data["brands"][0]["shared_key"], key.as_str());
    for value in &personal {
        assert!(
            !ran.stdout.contains(value.as_str()),
            "`{value}` is printed unmasked"
        );
    }
}

#[test]
fn mock_create_business_lite() {
    let body = example("create_business_lite.request.json");
    let ran = Cli::new(&[
        "call",
        "--stand-in",
        "create_business_lite",
        "--body",
        &arg(&body),
    ])
    .run();
    let data = reply(&ran);
    assert_eq!(data["business"]["id"], "BSN-0103-1700206906468", "{data}");
    assert_eq!(
        data["business"]["brands"][0]["id"], "BRN-0103-1700206906471",
        "{data}"
    );
    assert_reply_metadata(&ran);
    assert!(
        ran.stderr
            .contains("conformance: all values keep to their documented formats"),
        "{}",
        ran.stderr
    );
}

/// The page's sample is cut off before `addresses` and `contacts`, which the schema requires.
fn business_registration_body() -> Vec<u8> {
    let text = std::fs::read_to_string(example("business_registration.request.json"))
        .expect("sample body");
    let mut body: Value = serde_json::from_str(&text).expect("sample is JSON");
    let business = body["business"].as_object_mut().expect("business object");
    business.insert(
        "addresses".into(),
        serde_json::json!([{
            "area": "17133 - Kali Baru",
            "country": "ID",
            "name": "Jalan Gatot Subroto No 20",
            "primary": true
        }]),
    );
    business.insert("contacts".into(), serde_json::json!([{ "name": "Owner" }]));
    // The page's own sample breaks its PERSONAL rules: the brand's name and description are
    // the business's.
    body["business"]["brands"][0]["name"] = body["business"]["name"].clone();
    body["business"]["brands"][0]["description"] = body["business"]["description"].clone();
    serde_json::to_vec_pretty(&body).expect("JSON")
}

#[test]
fn mock_business_registration() {
    let body = scratch(
        "cli-call",
        "business_registration.json",
        &business_registration_body(),
    );
    let ran = Cli::new(&[
        "call",
        "--stand-in",
        "business_registration",
        "--body",
        &arg(&body),
    ])
    .run();
    let data = reply(&ran);
    // The spec's only response sample is `{}` (the page shows none).
    assert!(data.is_object(), "{data}");
    assert_reply_metadata(&ran);

    // The cut-off sample itself is refused before sending, naming both missing fields.
    let sample = example("business_registration.request.json");
    let ran = Cli::new(&[
        "call",
        "--stand-in",
        "business_registration",
        "--body",
        &arg(&sample),
    ])
    .run();
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("`business.addresses` is required"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("`business.contacts` is required"),
        "{}",
        ran.stderr
    );
}

#[test]
fn mock_get_business_data() {
    let args = [
        &[
            "call",
            "--stand-in",
            "get_business_data",
            "--reveal-secrets",
            "--reveal-personal-data",
            "--param",
            "client_id=BRN-0104-1678960841263",
        ][..],
        &PERSONAL,
    ]
    .concat();
    let ran = Cli::new(&args).run();
    let data = reply(&ran);
    assert_eq!(data["id"], "BSN-0104-1678960841263", "{data}");
    assert_eq!(data["legal_entity"]["code"], "PERSEORANGAN", "{data}");
    // Lossless: the typed reply re-encodes to the sample the stand-in served.
    let sample: Value = serde_json::from_str(
        &std::fs::read_to_string(example("get_business_data.personal.json")).expect("sample"),
    )
    .expect("sample is JSON");
    assert_eq!(data, sample);
    assert_reply_metadata(&ran);
    assert!(
        ran.stderr
            .contains("/adv-core-api/partner/v1.0/business/BRN-0104-1678960841263?"),
        "{}",
        ran.stderr
    );
    // The sample breaks its documented formats: one `finding:` line each, with its JSON path.
    let findings: Vec<&str> = ran
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("finding: "))
        .collect();
    assert!(
        findings
            .iter()
            .any(|f| f.starts_with("brands[0].name: is 38 characters long")),
        "{}",
        ran.stderr
    );
    let count = format!(
        "conformance: {} value(s) break their documented format",
        findings.len()
    );
    assert!(ran.stderr.contains(&count), "{}", ran.stderr);
}

#[test]
fn kebab_case_names_and_a_body_from_stdin() {
    let body = std::fs::read(example("generate_token.request.json")).expect("sample");
    let ran = Cli::new(&["call", "--stand-in", "generate-token", "--body", "-"])
        .stdin(body)
        .run();
    assert!(reply(&ran)["token"].is_string());
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

/// `call` against `server` with credentials set, so only validation can stop it.
fn call_untouched(server: &Untouched, args: &[&str]) -> Ran {
    let url = server.url();
    let args = [&["call", "--base-url", &url][..], args].concat();
    Cli::new(&args)
        .env("DOKU_CLIENT_ID", CLIENT_ID)
        .env("DOKU_SECRET_KEY", LEAKY_KEY)
        .run()
}

#[test]
fn invalid_params_exit_2_with_every_violation_and_send_nothing() {
    let server = Untouched::new();
    let ran = call_untouched(
        &server,
        &[
            "get_business_data",
            "--param",
            "client_id=BRN-1",
            "--param",
            "businessType=PERSONAL",
            "--param",
            "businessLegalEntity=PT",
            "--param",
            "brandBusinessLine=MINING",
            "--param",
            "businessContactNationality=ID",
        ],
    );
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    let err = &ran.stderr;
    assert!(err.contains("invalid request: 2 problem(s)"), "{err}");
    assert!(
        err.contains(
            "`businessLegalEntity` = \"PT\" is not allowed when `businessType` is PERSONAL; \
             allowed: PERSEORANGAN"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "`brandBusinessLine` = \"MINING\" is not allowed when `businessType` is PERSONAL; \
             allowed: RETAIL"
        ),
        "{err}"
    );
    server.assert_untouched();
}

#[test]
fn invalid_body_exits_2_with_every_violation_and_sends_nothing() {
    let server = Untouched::new();
    let body = scratch(
        "cli-call",
        "bad-token.json",
        br#"{"grant_type":"password","valid_time":360}"#,
    );
    let ran = call_untouched(&server, &["generate_token", "--body", &arg(&body)]);
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    let err = &ran.stderr;
    assert!(err.contains("invalid request: 2 problem(s)"), "{err}");
    assert!(
        err.contains(
            "`grant_type` = \"password\" is not a documented value; expected one of: \
             client_credentials"
        ),
        "{err}"
    );
    assert!(
        err.contains("`valid_time` must be a JSON string, found number"),
        "{err}"
    );
    // Not JSON at all, and a rule between fields of a nested body.
    let not_json = scratch("cli-call", "not-json.json", b"{\"business\": ");
    let ran = call_untouched(
        &server,
        &["create_business_lite", "--body", &arg(&not_json)],
    );
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert!(ran.stderr.contains("invalid request"), "{}", ran.stderr);
    server.assert_untouched();
}

#[test]
fn usage_errors_exit_2_and_list_what_the_endpoint_takes() {
    let server = Untouched::new();
    // Unknown and missing parameters and a body where there is none, all at once.
    let ran = call_untouched(
        &server,
        &[
            "get_business_data",
            "--param",
            "businesstype=PERSONAL",
            "--param",
            "colour=red",
            "--body",
            "-",
        ],
    );
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    let err = &ran.stderr;
    for expected in [
        "`get_business_data` has no parameter `businesstype` (did you mean `businessType`?)",
        "`get_business_data` has no parameter `colour`",
        "`get_business_data` needs --param client_id=VALUE",
        "`get_business_data` needs --param businessContactNationality=VALUE",
        "`get_business_data` (GET) takes no body",
        "usage: doku-partner call get_business_data (GET /adv-core-api/partner/v1.0/business/{client_id}) takes:",
        "--param client_id=VALUE (path, required)",
        "--param businessType=VALUE (query, required)",
        "no body",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in {err}");
    }

    // No body for an endpoint that needs one; a parameter it does not take.
    let ran = call_untouched(&server, &["create_business_lite", "--param", "a=b"]);
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("`create_business_lite` needs a JSON body: --body FILE"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .contains("`create_business_lite` has no parameter `a`"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("no parameters"), "{}", ran.stderr);

    // Malformed and repeated parameters.
    let args = [
        &[
            "check_requirements",
            "--param",
            "businessType",
            "--param",
            "businessType=PERSONAL",
            "--param",
            "businessType=CORPORATE",
        ][..],
        &PERSONAL[2..],
    ]
    .concat();
    let ran = call_untouched(&server, &args);
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("--param \"businessType\" is not NAME=VALUE"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .contains("--param businessType is given more than once"),
        "{}",
        ran.stderr
    );

    // An unknown endpoint lists the known ones.
    let ran = call_untouched(&server, &["get_businesses"]);
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert!(
        ran.stderr.contains(
            "the endpoints are: check_requirements, generate_token, upload_file, \
             create_business_lite, business_registration, get_business_data"
        ),
        "{}",
        ran.stderr
    );

    // An empty standard input, a missing file, a body that is not UTF-8.
    let args = [
        "call",
        "--base-url",
        &server.url(),
        "generate_token",
        "--body",
        "-",
    ];
    let ran = Cli::new(&args)
        .env("DOKU_CLIENT_ID", CLIENT_ID)
        .env("DOKU_SECRET_KEY", LEAKY_KEY)
        .closed_stdin()
        .run();
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("standard input is empty"),
        "{}",
        ran.stderr
    );
    let ran = call_untouched(&server, &["generate_token", "--body", "/nonexistent/body"]);
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert!(ran.stderr.contains("cannot read"), "{}", ran.stderr);
    let latin1 = scratch("cli-call", "latin1.json", b"{\"grant_type\":\"\xe9\"}");
    let ran = call_untouched(&server, &["generate_token", "--body", &arg(&latin1)]);
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert!(ran.stderr.contains("is not UTF-8 text"), "{}", ran.stderr);

    // A file for an endpoint that uploads none.
    let png = arg(&png_file("usage.png"));
    let ran = call_untouched(&server, &["generate_token", "--body", "-", "--file", &png]);
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("`generate_token` uploads no file; leave out --file"),
        "{}",
        ran.stderr
    );

    // Options that exclude each other, and no endpoint at all.
    for args in [
        vec![
            "call",
            "--stand-in",
            "--env",
            "production",
            "generate_token",
        ],
        vec![
            "call",
            "--stand-in",
            "--base-url",
            "http://127.0.0.1:1",
            "generate_token",
        ],
        vec!["call"],
    ] {
        let ran = Cli::new(&args).run();
        assert_eq!(ran.code(), Some(2), "{args:?}: {}", ran.stderr);
    }
    server.assert_untouched();
}

#[test]
fn no_credentials_and_no_mock_exits_2() {
    let body = example("generate_token.request.json");
    let server = Untouched::new();
    for env in [
        vec![],
        vec![("DOKU_CLIENT_ID", CLIENT_ID)],
        vec![("DOKU_SECRET_KEY", LEAKY_KEY)],
        vec![("DOKU_CLIENT_ID", CLIENT_ID), ("DOKU_SECRET_KEY", " \n")],
    ] {
        let mut cli = Cli::new(&[
            "call",
            "--base-url",
            &server.url(),
            "generate_token",
            "--body",
            &arg(&body),
        ]);
        for (name, value) in &env {
            cli = cli.env(name, value);
        }
        let ran = cli.run();
        assert_eq!(ran.code(), Some(2), "{env:?}: {}", ran.stderr);
        assert_eq!(ran.stdout, "");
        let err = &ran.stderr;
        assert!(
            err.contains("set DOKU_CLIENT_ID and DOKU_SECRET_KEY"),
            "{err}"
        );
        assert!(err.contains("--stand-in"), "{err}");
        assert!(!err.contains(LEAKY_KEY), "{err}");
    }
    // The default target is DOKU's sandbox: without credentials nothing is attempted.
    let ran = Cli::new(&["call", "generate_token", "--body", &arg(&body)]).run();
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    server.assert_untouched();
}

/// A port nothing listens on.
fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    url
}

/// Answers one request with HTTP 401 and DOKU's `invalid_signature` envelope, on 127.0.0.1.
fn refusing_server() -> (String, thread::JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    listener.set_nonblocking(true).expect("nonblocking");
    let handle = thread::spawn(move || {
        // Bounded: a command that never connects leaves the test with nothing, not hanging.
        let deadline = Instant::now() + common::DEADLINE;
        let mut stream = loop {
            match listener.accept() {
                Ok((stream, _)) => break stream,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    if Instant::now() > deadline {
                        return Vec::new();
                    }
                    thread::sleep(Duration::from_millis(10));
                }
                Err(e) => panic!("accept: {e}"),
            }
        };
        stream.set_nonblocking(false).expect("blocking");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        // Read the request head and its body (Content-Length), then answer.
        let mut request = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = stream.read(&mut chunk).unwrap_or(0);
            if n == 0 {
                break;
            }
            request.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&request).to_ascii_lowercase();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if request.len() >= end + 4 + length {
                    break;
                }
            }
        }
        let body = br#"{"error":{"code":"invalid_signature","message":"Invalid Header Signature","type":"invalid_request_error"}}"#;
        let head = format!(
            "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
        request
    });
    (url, handle)
}

#[test]
fn a_refused_call_exits_1_with_the_error_and_the_raw_body() {
    let (url, server) = refusing_server();
    let body = example("generate_token.request.json");
    let ran = Cli::new(&[
        "call",
        "--base-url",
        &url,
        "generate_token",
        "--body",
        &arg(&body),
    ])
    .env("DOKU_CLIENT_ID", CLIENT_ID)
    .env("DOKU_SECRET_KEY", LEAKY_KEY)
    .run();
    let request = String::from_utf8_lossy(&server.join().expect("server")).into_owned();
    assert_eq!(ran.code(), Some(1), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    let err = &ran.stderr;
    assert!(
        err.contains("generate_token answered HTTP 401 (Request-Id "),
        "{err}"
    );
    assert!(
        err.contains("Invalid Header Signature (invalid_signature)"),
        "{err}"
    );
    assert!(err.contains("response body (106 bytes):"), "{err}");
    assert!(
        err.contains(r#"{"error":{"code":"invalid_signature""#),
        "{err}"
    );
    // What was sent: signed, with the Client-Id from the environment, never the key.
    assert!(
        request.starts_with("POST /adv-core-api/partner/v1.0/token HTTP/1.1"),
        "{request}"
    );
    assert!(
        request.contains(&format!("client-id: {CLIENT_ID}")),
        "{request}"
    );
    assert!(request.contains("signature: HMACSHA256="), "{request}");
    assert!(!request.contains(LEAKY_KEY), "{request}");
    assert!(!ran.all().contains(LEAKY_KEY), "{}", ran.all());
}

#[test]
fn the_secret_key_never_appears_in_the_output() {
    let body = example("generate_token.request.json");
    let bad = scratch("cli-call", "leak-bad.json", br#"{"grant_type":"x"}"#);
    // A transport failure: nothing listens there.
    let ran = Cli::new(&[
        "call",
        "--base-url",
        &closed_port(),
        "generate_token",
        "--body",
        &arg(&body),
    ])
    .env("DOKU_CLIENT_ID", CLIENT_ID)
    .env("DOKU_SECRET_KEY", LEAKY_KEY)
    .run();
    assert_eq!(ran.code(), Some(1), "{}", ran.stderr);
    assert!(ran.stderr.contains("cannot connect"), "{}", ran.stderr);
    let mut runs = vec![ran];
    let (bad, body) = (arg(&bad), arg(&body));
    // A validation error, a usage error, a bad base URL, a multi-line key, and --stand-in (which
    // ignores the environment's credentials).
    for (args, key) in [
        (
            vec![
                "call",
                "--base-url",
                "http://127.0.0.1:1",
                "generate_token",
                "--body",
                &bad,
            ],
            LEAKY_KEY.to_owned(),
        ),
        (
            vec!["call", "--base-url", "http://127.0.0.1:1", "generate_token"],
            LEAKY_KEY.to_owned(),
        ),
        (
            vec![
                "call",
                "--base-url",
                "ftp://doku",
                "generate_token",
                "--body",
                &body,
            ],
            LEAKY_KEY.to_owned(),
        ),
        (
            vec![
                "call",
                "--base-url",
                "http://127.0.0.1:1",
                "generate_token",
                "--body",
                &body,
            ],
            format!("{LEAKY_KEY}\nsecond-line"),
        ),
        (
            vec!["call", "--stand-in", "generate_token", "--body", &body],
            LEAKY_KEY.to_owned(),
        ),
    ] {
        let ran = Cli::new(&args)
            .env("DOKU_CLIENT_ID", CLIENT_ID)
            .env("DOKU_SECRET_KEY", &key)
            .run();
        assert!(
            matches!(ran.code(), Some(0 | 2)),
            "{args:?}: {}",
            ran.stderr
        );
        runs.push(ran);
    }
    for ran in &runs {
        assert_no_panic(ran);
        let all = ran.all();
        assert!(
            !all.contains(LEAKY_KEY) && !all.contains("leak-check"),
            "the key was printed: {all}"
        );
    }
}

#[test]
fn a_closed_stdout_does_not_panic() {
    let body = example("create_business_lite.request.json");
    let ran = Cli::new(&[
        "call",
        "--stand-in",
        "create_business_lite",
        "--body",
        &arg(&body),
    ])
    .closed_stdout()
    .run();
    assert_no_panic(&ran);
    // The call succeeded; the reader took all it wanted.
    assert_eq!(ran.code(), Some(0), "{}", ran.stderr);
    let ran = Cli::new(&["call", "--list"]).closed_stdout().run();
    assert_no_panic(&ran);
    assert_eq!(ran.code(), Some(0), "{}", ran.stderr);
}

#[cfg(target_os = "linux")]
#[test]
fn an_endless_body_is_refused_at_the_cap() {
    let ran = Cli::new(&[
        "call",
        "--stand-in",
        "generate_token",
        "--body",
        "/dev/zero",
    ])
    .memory_limited()
    .run();
    assert_no_panic(&ran);
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("--body /dev/zero: larger than the 8 MiB limit"),
        "{}",
        ran.stderr
    );
    let ran = Cli::new(&["call", "--stand-in", "generate_token", "--body", "-"])
        .stdin_file("/dev/zero")
        .memory_limited()
        .run();
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("larger than the 8 MiB limit"),
        "{}",
        ran.stderr
    );
}

/// A 1x1 PNG.
const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H', b'D', b'R', 0, 0, 0,
    1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde, 0, 0, 0, 0x0c, b'I', b'D', b'A', b'T',
    0x08, 0xd7, 0x63, 0xf8, 0xff, 0xff, 0x3f, 0, 0x05, 0xfe, 0x02, 0xfe, 0xdc, 0xcc, 0x59, 0xe7, 0,
    0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82,
];

/// A small PNG under this test binary's temporary folder.
fn png_file(name: &str) -> PathBuf {
    scratch("cli-call-upload", name, PNG)
}

/// The stand-in's bearer tokens are JWTs, whose base64 header starts `eyJ`: never printed.
fn assert_no_token(ran: &Ran) {
    assert!(
        !ran.all().contains("eyJ"),
        "a token was printed: {}",
        ran.all()
    );
}

#[test]
fn mock_upload_file_with_a_file() {
    let png = png_file("ktp.png");
    let ran = Cli::new(&[
        "call",
        "--stand-in",
        "upload_file",
        "-p",
        "category=DOCUMENT",
        "-p",
        "code=KTP",
        "--file",
        &arg(&png),
    ])
    .run();
    let data = reply(&ran);
    // The stand-in answers the category sent.
    assert_eq!(data["category"], "DOCUMENT", "{data}");
    let id = data["id"].as_str().unwrap_or_else(|| panic!("{data}"));
    assert!(!id.is_empty(), "{data}");
    assert!(data["link"].is_string(), "{data}");
    assert_reply_metadata(&ran);
    assert!(
        ran.stderr.contains("POST http://127.0.0.1:")
            && ran
                .stderr
                .contains("/adv-core-api/partner/v1.0/file (local DOKU stand-in)"),
        "{}",
        ran.stderr
    );
    assert_no_token(&ran);
}

#[test]
fn mock_upload_file_by_url_and_kebab_case() {
    let ran = Cli::new(&[
        "call",
        "--stand-in",
        "upload-file",
        "-p",
        "file_url=https://example.invalid/logo.png",
        "-p",
        "category=LOGO",
    ])
    .run();
    let data = reply(&ran);
    assert_eq!(data["category"], "LOGO", "{data}");
    assert!(
        data["id"].as_str().is_some_and(|id| !id.is_empty()),
        "{data}"
    );
    assert_reply_metadata(&ran);
    assert_no_token(&ran);
}

#[test]
fn upload_file_violations_exit_2_and_send_nothing() {
    let server = Untouched::new();
    let png = arg(&png_file("document.png"));

    // A DOCUMENT without its code.
    let ran = call_untouched(
        &server,
        &["upload_file", "-p", "category=DOCUMENT", "--file", &png],
    );
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    let err = &ran.stderr;
    assert!(err.contains("invalid request: 1 problem(s)"), "{err}");
    assert!(
        err.contains("`code` is required when `category` is DOCUMENT"),
        "{err}"
    );
    assert!(err.contains("(nothing was sent)"), "{err}");

    // A file type DOKU does not take.
    let gif = arg(&scratch(
        "cli-call-upload",
        "logo.gif",
        b"GIF89a\x01\x00\x01\x00",
    ));
    let ran = call_untouched(
        &server,
        &["upload_file", "-p", "category=LOGO", "--file", &gif],
    );
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    assert!(
        ran.stderr
            .contains("file `file` is named \"logo.gif\"; allowed: .JPG, .JPEG, .PNG, .PDF"),
        "{}",
        ran.stderr
    );

    // An unknown category, with the documented ones, listed with every other problem.
    let empty = arg(&scratch("cli-call-upload", "empty.pdf", b""));
    let ran = call_untouched(
        &server,
        &["upload_file", "-p", "category=PASSPORT", "--file", &empty],
    );
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    let err = &ran.stderr;
    assert!(err.contains("invalid request: 2 problem(s)"), "{err}");
    assert!(
        err.contains(
            "`category` = \"PASSPORT\" is not a documented value; expected one of: \
             OWNER_LIVENESS, PHOTO_PROOF, LOGO, DOCUMENT, SERVICE_AGREEMENT, BANK_ACCOUNT"
        ),
        "{err}"
    );
    assert!(err.contains("file `file` is empty"), "{err}");

    for ran in [
        // A file too large (sparse: nothing is written), refused after reading one byte past
        // the limit, and a file that cannot be read.
        {
            let big = scratch("cli-call-upload", "big.png", b"");
            std::fs::File::options()
                .write(true)
                .open(&big)
                .and_then(|f| f.set_len(15 * 1024 * 1024 + 1))
                .expect("sparse file");
            let ran = call_untouched(
                &server,
                &["upload_file", "-p", "category=LOGO", "--file", &arg(&big)],
            );
            assert!(
                ran.stderr.contains(&format!(
                    "--file {}: larger than the 15 MiB limit (15728640 bytes)",
                    big.display()
                )),
                "{}",
                ran.stderr
            );
            ran
        },
        {
            let ran = call_untouched(
                &server,
                &[
                    "upload_file",
                    "-p",
                    "category=LOGO",
                    "--file",
                    "/nonexistent/ktp.png",
                ],
            );
            assert!(
                ran.stderr
                    .contains("--file /nonexistent/ktp.png: cannot read: "),
                "{}",
                ran.stderr
            );
            ran
        },
    ] {
        assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
        assert_eq!(ran.stdout, "");
    }
    server.assert_untouched();
}

#[test]
fn upload_file_usage_errors_exit_2_and_send_nothing() {
    let server = Untouched::new();
    let png = arg(&png_file("usage-upload.png"));
    let url = "file_url=https://example.invalid/logo.png";
    for (args, expected) in [
        (
            vec![
                "upload_file",
                "-p",
                "category=LOGO",
                "--file",
                &png,
                "-p",
                url,
            ],
            "`upload_file` takes --file PATH or --param file_url=VALUE, not both",
        ),
        (
            vec!["upload_file", "-p", "category=LOGO"],
            "`upload_file` needs --file PATH or --param file_url=VALUE",
        ),
        (
            vec!["upload_file", "--file", &png],
            "`upload_file` needs --param category=VALUE",
        ),
        (
            vec![
                "upload_file",
                "-p",
                "category=LOGO",
                "-p",
                url,
                "--body",
                "-",
            ],
            "`upload_file` sends a multipart form, not a JSON body; leave out --body",
        ),
    ] {
        let ran = call_untouched(&server, &args);
        assert_eq!(ran.code(), Some(2), "{args:?}: {}", ran.stderr);
        assert_eq!(ran.stdout, "");
        let err = &ran.stderr;
        assert!(err.contains(expected), "missing {expected:?} in {err}");
        assert!(
            err.contains(
                "usage: doku-partner call upload_file (POST /adv-core-api/partner/v1.0/file) \
                 takes:"
            ),
            "{err}"
        );
        assert!(
            err.contains(
                "--file PATH or --param file_url=VALUE (exactly one; a file of at most 15 MiB)"
            ),
            "{err}"
        );
    }
    server.assert_untouched();
}

#[cfg(target_os = "linux")]
#[test]
fn an_endless_file_is_refused_at_the_cap() {
    let ran = Cli::new(&[
        "call",
        "--stand-in",
        "upload_file",
        "-p",
        "category=LOGO",
        "--file",
        "/dev/zero",
    ])
    .memory_limited()
    .run();
    assert_no_panic(&ran);
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("--file /dev/zero: larger than the 15 MiB limit"),
        "{}",
        ran.stderr
    );
}
