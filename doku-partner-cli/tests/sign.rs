//! `doku-partner sign` and `doku-partner verify-notification` as a user runs them: the
//! known-answer vector, GET signing, secret-key handling, and the notification round trip.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// DOKU's sample secret key, from the known-answer vector.
const KAT_KEY: &str = "SK-hCJ42G28TA0MKG9LE2E_1";
const KAT_CLIENT_ID: &str = "MCH-0001-10791114622547";
const KAT_REQUEST_ID: &str = "cc682442-6c22-493e-8121-b9ef6b3fa728";
const KAT_TIMESTAMP: &str = "2020-08-11T08:45:42Z";
const KAT_TARGET: &str = "/doku-virtual-account/v2/payment-code";
const KAT_BODY: &str = r#"{"order":{"invoice_number":"INV-20210124-0001","amount":150000},"virtual_account_info":{"expired_time":60,"reusable_status":false,"info1":"Merchant Demo Store"},"customer":{"name":"Taufik Ismail","email":"taufik@example.com"}}"#;
const KAT_DIGEST: &str = "tHS3dAgYKCxLVZCzmL7FGXcEllf2nJn1gfG3duRqMn8=";
const KAT_SIGNATURE: &str = "HMACSHA256=5Lbom2CE/p3ZSFfuSzUSn1gWlzSvsU1CIbzrzYQMjP4=";

/// A distinctive key for the leak tests.
const LEAKY_KEY: &str = "SK-must-never-be-printed-7f3a9c";

/// Where the key comes from in one run.
enum Key<'a> {
    None,
    Env(&'a str),
    File(&'a Path),
}

/// Runs `doku-partner ARGS` with the given key source and optional stdin, with
/// `DOKU_SECRET_KEY` removed from the inherited environment unless set here.
fn run_with(args: &[&str], key: Key<'_>, stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_doku-partner"));
    cmd.args(args).env_remove("DOKU_SECRET_KEY");
    match key {
        Key::None => {}
        Key::Env(value) => {
            cmd.env("DOKU_SECRET_KEY", value);
        }
        Key::File(path) => {
            cmd.arg("--secret-key-file").arg(path);
        }
    }
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("doku-partner runs");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    child.wait_with_output().expect("doku-partner finishes")
}

fn run(args: &[&str], key: Key<'_>) -> Output {
    run_with(args, key, None)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// A scratch file for this test, outside the source tree, holding `contents`.
fn scratch(name: &str, contents: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-sign");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// The component string `sign` shows on stderr, one entry per line, without the visible `\n`
/// markers (stderr minus its heading, warnings and notes).
fn components(output: &Output) -> Vec<String> {
    let err = stderr(output);
    let lines: Vec<&str> = err.lines().filter_map(|l| l.strip_prefix("  ")).collect();
    // Every line but the last ends with a visible `\n`; the last has none.
    if let Some((last, rest)) = lines.split_last() {
        assert!(!last.ends_with("\\n"), "{err}");
        assert!(rest.iter().all(|l| l.ends_with("\\n")), "{err}");
    }
    lines
        .iter()
        .map(|l| l.strip_suffix("\\n").unwrap_or(l).to_owned())
        .collect()
}

/// The value of header `name` in `sign`'s output.
fn header<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(": "))
        .unwrap_or_else(|| panic!("no {name} in {out}"))
}

fn sign_kat(key: Key<'_>) -> Output {
    let body = scratch("kat-body.json", KAT_BODY.as_bytes());
    run(
        &[
            "sign",
            "--client-id",
            KAT_CLIENT_ID,
            "--request-target",
            KAT_TARGET,
            "--request-id",
            KAT_REQUEST_ID,
            "--timestamp",
            KAT_TIMESTAMP,
            "--body-file",
            body.to_str().unwrap(),
        ],
        key,
    )
}

#[test]
fn known_answer_vector_reproduces_exactly() {
    let output = sign_kat(Key::Env(KAT_KEY));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "Client-Id: {KAT_CLIENT_ID}\nRequest-Id: {KAT_REQUEST_ID}\n\
             Request-Timestamp: {KAT_TIMESTAMP}\nSignature: {KAT_SIGNATURE}\n"
        )
    );
    assert_eq!(
        components(&output),
        [
            format!("Client-Id:{KAT_CLIENT_ID}"),
            format!("Request-Id:{KAT_REQUEST_ID}"),
            format!("Request-Timestamp:{KAT_TIMESTAMP}"),
            format!("Request-Target:{KAT_TARGET}"),
            format!("Digest:{KAT_DIGEST}"),
        ]
    );
    // A timestamp from 2020 is far outside DOKU's window: say so.
    assert!(stderr(&output).contains("warning: --timestamp is"));

    // The same from a key file (with the newline an editor adds), from --body and from stdin.
    let key_file = scratch("kat-key", format!("{KAT_KEY}\n").as_bytes());
    let from_file = sign_kat(Key::File(&key_file));
    assert_eq!(from_file.status.code(), Some(0), "{}", stderr(&from_file));
    assert_eq!(header(&stdout(&from_file), "Signature"), KAT_SIGNATURE);
    let common = [
        "sign",
        "--client-id",
        KAT_CLIENT_ID,
        "--request-target",
        KAT_TARGET,
        "--request-id",
        KAT_REQUEST_ID,
        "--timestamp",
        KAT_TIMESTAMP,
    ];
    let inline = run(
        &[&common[..], &["--body-text", KAT_BODY]].concat(),
        Key::Env(KAT_KEY),
    );
    assert_eq!(header(&stdout(&inline), "Signature"), KAT_SIGNATURE);
    let piped = run_with(
        &[&common[..], &["--body-file", "-"]].concat(),
        Key::Env(KAT_KEY),
        Some(KAT_BODY.as_bytes()),
    );
    assert_eq!(header(&stdout(&piped), "Signature"), KAT_SIGNATURE);
}

#[test]
fn get_signs_four_components_and_prints_four_headers() {
    let output = run(
        &[
            "sign",
            "--client-id",
            "BRN-0001",
            "--request-target",
            "/adv-core-api/partner/v1.0/business/BRN-0001",
        ],
        Key::Env(KAT_KEY),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    let names: Vec<&str> = out
        .lines()
        .map(|l| l.split_once(": ").expect("Name: value").0)
        .collect();
    assert_eq!(
        names,
        ["Client-Id", "Request-Id", "Request-Timestamp", "Signature"]
    );
    // Defaults: a fresh UUID v4 and now, in DOKU's format.
    let request_id = header(&out, "Request-Id");
    assert_eq!(request_id.len(), 36, "{request_id}");
    assert_eq!(request_id.as_bytes()[14], b'4', "{request_id}");
    let timestamp = header(&out, "Request-Timestamp");
    assert!(
        timestamp.len() == 20 && timestamp.starts_with("20") && timestamp.ends_with('Z'),
        "{timestamp}"
    );
    assert!(header(&out, "Signature").starts_with("HMACSHA256="));

    let lines = components(&output);
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(lines.iter().all(|l| !l.starts_with("Digest")), "{lines:?}");
    assert_eq!(
        lines[3],
        "Request-Target:/adv-core-api/partner/v1.0/business/BRN-0001"
    );
    assert!(
        !stderr(&output).contains("warning"),
        "now is inside DOKU's window"
    );
    // A query string is signed as given, with a note that DOKU never documents it.
    let query = run(
        &[
            "sign",
            "--client-id",
            "BRN-0001",
            "--request-target",
            "/x?page=2",
        ],
        Key::Env(KAT_KEY),
    );
    assert_eq!(query.status.code(), Some(0), "{}", stderr(&query));
    assert_eq!(components(&query)[3], "Request-Target:/x?page=2");
    assert!(stderr(&query).contains("note: the Request-Target includes a query string"));
    // Two runs, two request ids.
    let again = run(
        &["sign", "--client-id", "BRN-0001", "--request-target", "/x"],
        Key::Env(KAT_KEY),
    );
    assert_ne!(header(&stdout(&again), "Request-Id"), request_id);
}

#[test]
fn missing_secret_exits_2_and_names_the_variable() {
    for key in [Key::None, Key::Env(""), Key::Env("  \n")] {
        let output = run(
            &["sign", "--client-id", "BRN-1", "--request-target", "/x"],
            key,
        );
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(stdout(&output), "");
        let err = stderr(&output);
        assert!(err.contains("DOKU_SECRET_KEY"), "{err}");
        assert!(err.contains("--secret-key-file"), "{err}");
    }
    let headers = scratch("nokey-headers.txt", b"Client-Id: BRN-1\n");
    let body = scratch("nokey-body.json", b"{}");
    let output = run(
        &[
            "verify-notification",
            "--path",
            "/notify",
            "--headers-file",
            headers.to_str().unwrap(),
            "--body-file",
            body.to_str().unwrap(),
        ],
        Key::None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("DOKU_SECRET_KEY"),
        "{}",
        stderr(&output)
    );
    // There is no option that takes the key itself.
    let output = run(
        &[
            "sign",
            "--client-id",
            "BRN-1",
            "--request-target",
            "/x",
            "--secret-key",
            "SK-x",
        ],
        Key::None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(!stderr(&output).contains("SK-x"), "{}", stderr(&output));
    let empty = scratch("empty-key", b"\n");
    let output = run(
        &["sign", "--client-id", "BRN-1", "--request-target", "/x"],
        Key::File(&empty),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is empty"), "{}", stderr(&output));
}

#[test]
fn the_secret_never_appears_in_the_output() {
    let body = scratch("leak-body.json", b"{\"a\":1}");
    let headers = scratch(
        "leak-headers.txt",
        b"Client-Id: BRN-1\nSignature: HMACSHA256=AAAA\n",
    );
    let base = ["sign", "--client-id", "BRN-1", "--request-target", "/x"];
    let cases: Vec<Vec<&str>> = vec![
        // Successes.
        base.to_vec(),
        [&base[..], &["--body-file", body.to_str().unwrap()]].concat(),
        // Input errors.
        [&base[..], &["--timestamp", "yesterday"]].concat(),
        [&base[..], &["--body-file", "/nonexistent/body"]].concat(),
        vec!["sign", "--client-id", "BRN 1", "--request-target", "/x"],
        // Rejected and failed verifications.
        vec![
            "verify-notification",
            "--path",
            "/x",
            "--headers-file",
            headers.to_str().unwrap(),
            "--body-file",
            body.to_str().unwrap(),
        ],
        vec![
            "verify-notification",
            "--path",
            "/x",
            "--headers-file",
            "-",
            "--body-file",
            "-",
        ],
    ];
    let key_file = scratch("leak-key", format!("{LEAKY_KEY}\n").as_bytes());
    let multi_line_key = scratch("leak-key-2", format!("{LEAKY_KEY}\nmore\n").as_bytes());
    for args in &cases {
        for key in [
            Key::Env(LEAKY_KEY),
            Key::File(&key_file),
            Key::File(&multi_line_key),
        ] {
            let output = run(args, key);
            for (stream, text) in [("stdout", stdout(&output)), ("stderr", stderr(&output))] {
                assert!(
                    !text.contains(LEAKY_KEY) && !text.contains("must-never"),
                    "{args:?} printed the key on {stream}: {text}"
                );
            }
        }
    }
    // The multi-line key file is refused without showing its contents.
    let output = run(&base, Key::File(&multi_line_key));
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("more than one line"));

    // The key itself pasted where its file's path belongs: refused, and not printed back.
    {
        let output = run(&base, Key::File(Path::new(LEAKY_KEY)));
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        let err = stderr(&output);
        assert!(err.contains("--secret-key-file"), "{err}");
        assert!(err.contains("cannot read"), "{err}");
        assert!(
            !err.contains(LEAKY_KEY) && !stdout(&output).contains(LEAKY_KEY),
            "{err}"
        );
    }
}

/// Signs `body` for `path` with `sign` and returns the printed headers.
fn sign_notification(path: &str, body: &Path, key: &str) -> String {
    let output = run(
        &[
            "sign",
            "--client-id",
            "BRN-0001",
            "--request-target",
            path,
            "--body-file",
            body.to_str().unwrap(),
        ],
        Key::Env(key),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

fn verify(path: &str, headers: &Path, body: &Path, key: &str) -> Output {
    run(
        &[
            "verify-notification",
            "--path",
            path,
            "--headers-file",
            headers.to_str().unwrap(),
            "--body-file",
            body.to_str().unwrap(),
        ],
        Key::Env(key),
    )
}

#[test]
fn verify_notification_round_trip_and_tampering() {
    let body_bytes = br#"{"order":{"invoice_number":"INV-1","amount":10000},"transaction":{"status":"SUCCESS"}}"#;
    let body = scratch("notify-body.json", body_bytes);
    let signed = sign_notification("/payments/notify", &body, KAT_KEY);
    // As copied from a log: a request line, lowercase names, other headers, CRLF.
    let log = format!(
        "POST /payments/notify HTTP/1.1\r\nHost: shop.example\r\ncontent-type: application/json\r\n{}",
        signed
            .lines()
            .map(|l| format!("{}\r\n", l.to_lowercase_name()))
            .collect::<String>()
    );
    let headers = scratch("notify-headers.txt", log.as_bytes());

    let ok = verify("/payments/notify", &headers, &body, KAT_KEY);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert_eq!(stdout(&ok), "signature OK\n");

    // Stdin for either file.
    let via_stdin = run_with(
        &[
            "verify-notification",
            "--path",
            "/payments/notify",
            "--headers-file",
            "-",
            "--body-file",
            body.to_str().unwrap(),
        ],
        Key::Env(KAT_KEY),
        Some(log.as_bytes()),
    );
    assert_eq!(via_stdin.status.code(), Some(0), "{}", stderr(&via_stdin));
    let via_stdin = run_with(
        &[
            "verify-notification",
            "--path",
            "/payments/notify",
            "--headers-file",
            headers.to_str().unwrap(),
            "--body-file",
            "-",
        ],
        Key::Env(KAT_KEY),
        Some(body_bytes),
    );
    assert_eq!(via_stdin.status.code(), Some(0), "{}", stderr(&via_stdin));

    // A tampered body.
    let tampered = scratch(
        "notify-body-tampered.json",
        &String::from_utf8_lossy(body_bytes)
            .replace("10000", "99999")
            .into_bytes(),
    );
    let rejected = verify("/payments/notify", &headers, &tampered, KAT_KEY);
    assert_eq!(rejected.status.code(), Some(1));
    assert_eq!(stdout(&rejected), "");
    assert!(
        stderr(&rejected).contains("signature rejected: the signature does not match"),
        "{}",
        stderr(&rejected)
    );

    // Another path, another key.
    assert_eq!(
        verify("/payments/other", &headers, &body, KAT_KEY)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        verify("/payments/notify", &headers, &body, "SK-other")
            .status
            .code(),
        Some(1)
    );

    // The editor's final newline gets a hint, and is still rejected.
    let with_newline = scratch(
        "notify-body-newline.json",
        &[&body_bytes[..], b"\n"].concat(),
    );
    let hinted = verify("/payments/notify", &headers, &with_newline, KAT_KEY);
    assert_eq!(hinted.status.code(), Some(1));
    assert!(
        stderr(&hinted).contains("hint: the signature matches the body without its final newline"),
        "{}",
        stderr(&hinted)
    );

    // A missing header is a rejection naming it.
    let no_signature: String = log
        .lines()
        .filter(|l| !l.starts_with("signature"))
        .map(|l| format!("{l}\n"))
        .collect();
    let no_signature = scratch("notify-headers-nosig.txt", no_signature.as_bytes());
    let missing = verify("/payments/notify", &no_signature, &body, KAT_KEY);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("the `Signature` header is missing"),
        "{}",
        stderr(&missing)
    );

    // Both files on stdin is an input error.
    let both = run(
        &[
            "verify-notification",
            "--path",
            "/p",
            "--headers-file",
            "-",
            "--body-file",
            "-",
        ],
        Key::Env(KAT_KEY),
    );
    assert_eq!(both.status.code(), Some(2));
    assert!(stderr(&both).contains("only one of"), "{}", stderr(&both));
}

/// Lowercases the header name of a `Name: value` line (names are case-insensitive).
trait LowercaseName {
    fn to_lowercase_name(&self) -> String;
}

impl LowercaseName for str {
    fn to_lowercase_name(&self) -> String {
        let (name, value) = self.split_once(": ").expect("Name: value");
        format!("{}: {value}", name.to_ascii_lowercase())
    }
}

#[test]
fn bad_timestamp_is_rejected_with_the_expected_format() {
    for bad in [
        "2020-08-11T08:45:42.000Z",
        "2020-08-11T15:45:42+07:00",
        "2020-08-11 08:45:42",
        "yesterday",
    ] {
        let output = run(
            &[
                "sign",
                "--client-id",
                "BRN-1",
                "--request-target",
                "/x",
                "--timestamp",
                bad,
            ],
            Key::Env(KAT_KEY),
        );
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert_eq!(stdout(&output), "", "{bad}");
        let err = stderr(&output);
        assert!(err.contains("YYYY-MM-DDTHH:MM:SSZ"), "{err}");
        assert!(err.contains(bad), "{err}");
    }
}

#[test]
fn other_invalid_input_exits_2() {
    let cases: [(&[&str], &str); 4] = [
        (
            &[
                "--client-id",
                "BRN-1",
                "--request-target",
                "https://api.doku.com/a/b",
            ],
            "the path only, without scheme and host: /a/b",
        ),
        (
            &["--client-id", "BRN-1", "--request-target", "a/b"],
            "must be a path starting with `/`",
        ),
        (
            &["--client-id", "BRN 1", "--request-target", "/a"],
            "--client-id may contain only visible ASCII",
        ),
        (
            &[
                "--client-id",
                "BRN-1",
                "--request-target",
                "/a",
                "--request-id",
                "",
            ],
            "--request-id: a Request-Id cannot be empty",
        ),
    ];
    for (args, message) in cases {
        let output = run(&[&["sign"][..], args].concat(), Key::Env(KAT_KEY));
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
    }
}
