//! The command under hostile plumbing: a closed standard output, an empty or closed standard
//! input, endless inputs (`/dev/zero`), oversized inputs, an unwritable output, and key files
//! whose contents must never be echoed. Every run is bounded in time (see `common`).

mod common;

use std::path::Path;

use common::{Cli, Ran, assert_no_panic, scratch, workspace_root};

const KEY: &str = "SK-hCJ42G28TA0MKG9LE2E_1";
const BODY_LIMIT: usize = 8 * 1024 * 1024;
const SMALL_LIMIT: usize = 64 * 1024;

fn arg(path: &Path) -> String {
    path.to_str().expect("UTF-8 path").to_owned()
}

fn file(name: &str, contents: &[u8]) -> String {
    arg(&scratch("cli-reliability", name, contents))
}

const SIGN: [&str; 5] = [
    "sign",
    "--client-id",
    "BRN-0001",
    "--request-target",
    "/notify",
];

/// A notification signed by `sign`: (headers file, body file).
fn notification() -> (String, String) {
    let body = file("notification.json", br#"{"order":{"amount":10000}}"#);
    let ran = Cli::new(&[&SIGN[..], &["--body-file", &body]].concat())
        .env("DOKU_SECRET_KEY", KEY)
        .run();
    assert_eq!(ran.code(), Some(0), "{}", ran.stderr);
    (
        file("notification-headers.txt", ran.stdout.as_bytes()),
        body,
    )
}

fn verify(headers: &str, body: &str) -> Vec<String> {
    [
        "verify-notification",
        "--path",
        "/notify",
        "--headers-file",
        headers,
        "--body-file",
        body,
    ]
    .map(str::to_owned)
    .to_vec()
}

fn assert_input_error(ran: &Ran, expected: &str) {
    assert_no_panic(ran);
    assert_eq!(ran.code(), Some(2), "{}", ran.stderr);
    assert!(
        ran.stderr.contains(expected),
        "missing {expected:?} in {}",
        ran.stderr
    );
    assert!(!ran.stderr.contains("signature rejected"), "{}", ran.stderr);
}

#[test]
fn sign_with_a_closed_stdout_exits_0_without_panicking() {
    for quiet in [false, true] {
        let mut args = SIGN.to_vec();
        if quiet {
            args.push("--quiet");
        }
        let ran = Cli::new(&args)
            .env("DOKU_SECRET_KEY", KEY)
            .closed_stdout()
            .run();
        assert_no_panic(&ran);
        assert_eq!(ran.code(), Some(0), "{}", ran.stderr);
    }
}

#[test]
fn verify_notification_with_a_closed_stdout_keeps_its_verdict() {
    let (headers, body) = notification();
    let ran = Cli::new(&verify(&headers, &body))
        .env("DOKU_SECRET_KEY", KEY)
        .closed_stdout()
        .run();
    assert_no_panic(&ran);
    assert_eq!(ran.code(), Some(0), "{}", ran.stderr);
    let ran = Cli::new(&verify(&headers, &body))
        .env("DOKU_SECRET_KEY", "SK-another-key")
        .closed_stdout()
        .run();
    assert_no_panic(&ran);
    assert_eq!(ran.code(), Some(1), "{}", ran.stderr);
}

#[test]
fn check_generate_and_docs_with_a_closed_stdout_do_not_panic() {
    let spec = "spec/get_business_data.yaml";
    for args in [
        vec!["check", spec],
        vec!["generate", spec],
        vec!["docs", spec],
    ] {
        let ran = Cli::new(&args)
            .current_dir(workspace_root())
            .closed_stdout()
            .run();
        assert_no_panic(&ran);
        assert_eq!(ran.code(), Some(0), "{args:?}: {}", ran.stderr);
    }
}

#[test]
fn an_unwritable_stdout_is_an_error_not_a_panic() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let ran = Cli::new(&SIGN)
        .env("DOKU_SECRET_KEY", KEY)
        .stdout_file("/dev/full")
        .run();
    assert_input_error(&ran, "cannot write to standard output");
    let (headers, body) = notification();
    let ran = Cli::new(&verify(&headers, &body))
        .env("DOKU_SECRET_KEY", KEY)
        .stdout_file("/dev/full")
        .run();
    assert_input_error(&ran, "cannot write to standard output");
    let ran = Cli::new(&["docs", "spec/get_business_data.yaml"])
        .current_dir(workspace_root())
        .stdout_file("/dev/full")
        .run();
    assert_no_panic(&ran);
    assert_eq!(ran.code(), Some(1), "{}", ran.stderr);
}

#[test]
fn sign_refuses_a_body_from_an_empty_stdin_but_signs_an_explicit_empty_body() {
    let args = [&SIGN[..], &["--body-file", "-"]].concat();
    let closed = Cli::new(&args)
        .env("DOKU_SECRET_KEY", KEY)
        .closed_stdin()
        .run();
    assert_input_error(
        &closed,
        "--body-file - (standard input): standard input is empty",
    );
    assert_eq!(closed.stdout, "");
    assert!(
        closed
            .stderr
            .contains("to sign an empty body on purpose, pass --body-text ''"),
        "{}",
        closed.stderr
    );
    let null = Cli::new(&args).env("DOKU_SECRET_KEY", KEY).run();
    assert_input_error(&null, "standard input is empty");
    // On purpose: `--body-text ''` signs like no body (four lines, no Digest).
    let explicit = Cli::new(&[&SIGN[..], &["--body-text", ""]].concat())
        .env("DOKU_SECRET_KEY", KEY)
        .run();
    assert_eq!(explicit.code(), Some(0), "{}", explicit.stderr);
    assert!(!explicit.stderr.contains("Digest"), "{}", explicit.stderr);
    assert!(explicit.stdout.contains("Signature: HMACSHA256="));
    // Standard input feeds one input only.
    let both = Cli::new(&[&SIGN[..], &["--body-file", "-", "--secret-key-file", "-"]].concat())
        .stdin(format!("{KEY}\n"))
        .run();
    assert_input_error(
        &both,
        "only one of --body-file and --secret-key-file can be `-`",
    );
}

#[test]
fn verify_notification_exits_2_on_unreadable_input() {
    let (headers, body) = notification();
    // Headers from a closed or empty standard input, or a file that holds no header at all.
    let from_stdin = verify("-", &body);
    let ran = Cli::new(&from_stdin)
        .env("DOKU_SECRET_KEY", KEY)
        .closed_stdin()
        .run();
    assert_input_error(
        &ran,
        "--headers-file - (standard input): standard input is empty",
    );
    let ran = Cli::new(&from_stdin).env("DOKU_SECRET_KEY", KEY).run();
    assert_input_error(&ran, "standard input is empty");
    let ran = Cli::new(&verify("/dev/null", &body))
        .env("DOKU_SECRET_KEY", KEY)
        .run();
    assert_input_error(
        &ran,
        "--headers-file /dev/null: no `Name: value` header line",
    );
    let blank = file("blank-headers.txt", b"POST /notify HTTP/1.1\r\n\r\n\r\n");
    let ran = Cli::new(&verify(&blank, &body))
        .env("DOKU_SECRET_KEY", KEY)
        .run();
    assert_input_error(&ran, "no `Name: value` header line");
    // The body from a closed standard input.
    let ran = Cli::new(&verify(&headers, "-"))
        .env("DOKU_SECRET_KEY", KEY)
        .closed_stdin()
        .run();
    assert_input_error(
        &ran,
        "--body-file - (standard input): standard input is empty",
    );
    // The key from a closed standard input.
    let ran = Cli::new(
        &[
            &verify(&headers, &body)[..],
            &["--secret-key-file".into(), "-".into()],
        ]
        .concat(),
    )
    .closed_stdin()
    .run();
    assert_input_error(
        &ran,
        "--secret-key-file - (standard input): standard input is empty",
    );
    // Headers, but not DOKU's: a notification without them is not authentic (1).
    let foreign = file(
        "foreign-headers.txt",
        b"Host: shop.example\nContent-Type: application/json\n",
    );
    let ran = Cli::new(&verify(&foreign, &body))
        .env("DOKU_SECRET_KEY", KEY)
        .run();
    assert_eq!(ran.code(), Some(1), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("signature rejected: the `Client-Id` header is missing"),
        "{}",
        ran.stderr
    );
}

#[cfg(target_os = "linux")]
#[test]
fn endless_inputs_are_refused_at_their_cap() {
    let (headers, body) = notification();
    let body_zero = [&SIGN[..], &["--body-file", "/dev/zero"]].concat();
    let ran = Cli::new(&body_zero)
        .env("DOKU_SECRET_KEY", KEY)
        .memory_limited()
        .run();
    assert_input_error(&ran, "--body-file /dev/zero: larger than the 8 MiB limit");
    let ran = Cli::new(&[&SIGN[..], &["--body-file", "-"]].concat())
        .env("DOKU_SECRET_KEY", KEY)
        .stdin_file("/dev/zero")
        .memory_limited()
        .run();
    assert_input_error(
        &ran,
        "--body-file - (standard input): larger than the 8 MiB limit",
    );
    let ran = Cli::new(&verify("/dev/zero", &body))
        .env("DOKU_SECRET_KEY", KEY)
        .memory_limited()
        .run();
    assert_input_error(
        &ran,
        "--headers-file /dev/zero: larger than the 64 KiB limit",
    );
    let ran = Cli::new(&verify(&headers, "/dev/zero"))
        .env("DOKU_SECRET_KEY", KEY)
        .memory_limited()
        .run();
    assert_input_error(&ran, "--body-file /dev/zero: larger than the 8 MiB limit");
    let ran = Cli::new(&[&SIGN[..], &["--secret-key-file", "/dev/zero"]].concat())
        .memory_limited()
        .run();
    assert_input_error(
        &ran,
        "--secret-key-file /dev/zero: larger than the 64 KiB limit",
    );
}

#[test]
fn inputs_at_their_cap_are_read_and_one_byte_more_is_refused() {
    let at = file("body-at-cap", &vec![b'a'; BODY_LIMIT]);
    let over = file("body-over-cap", &vec![b'a'; BODY_LIMIT + 1]);
    let ran = Cli::new(&[&SIGN[..], &["--body-file", &at]].concat())
        .env("DOKU_SECRET_KEY", KEY)
        .run();
    assert_eq!(ran.code(), Some(0), "{}", ran.stderr);
    let ran = Cli::new(&[&SIGN[..], &["--body-file", &over]].concat())
        .env("DOKU_SECRET_KEY", KEY)
        .run();
    assert_input_error(&ran, "larger than the 8 MiB limit (8388608 bytes)");

    let (headers, body) = notification();
    let mut padded = std::fs::read(&headers).expect("headers");
    padded.resize(SMALL_LIMIT, b'\n');
    let headers_at = file("headers-at-cap", &padded);
    let ran = Cli::new(&verify(&headers_at, &body))
        .env("DOKU_SECRET_KEY", KEY)
        .run();
    assert_eq!(ran.code(), Some(0), "{}", ran.stderr);
    padded.push(b'\n');
    let headers_over = file("headers-over-cap", &padded);
    let ran = Cli::new(&verify(&headers_over, &body))
        .env("DOKU_SECRET_KEY", KEY)
        .run();
    assert_input_error(&ran, "larger than the 64 KiB limit (65536 bytes)");
}

#[test]
fn a_key_file_is_named_in_errors_but_its_contents_never_shown() {
    const MARKER: &str = "SK-marker-never-shown";
    let long_line = MARKER.repeat(SMALL_LIMIT / MARKER.len() + 1);
    let not_utf8 = [MARKER.as_bytes(), b"\xff\xfe"].concat();
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "key-too-large",
            long_line.into_bytes(),
            "larger than the 64 KiB limit",
        ),
        ("key-not-utf8", not_utf8, "is not UTF-8 text"),
        (
            "key-two-lines",
            format!("{MARKER}\n{MARKER}-2\n").into_bytes(),
            "holds more than one line",
        ),
        ("key-blank", b" \n\t\n".to_vec(), "is empty"),
    ];
    for (name, contents, expected) in cases {
        let path = file(name, &contents);
        let (headers, body) = notification();
        let mut verify_args = verify(&headers, &body);
        verify_args.extend(["--secret-key-file".to_owned(), path.clone()]);
        let sign_args: Vec<String> = SIGN
            .iter()
            .copied()
            .chain(["--secret-key-file", &path])
            .map(str::to_owned)
            .collect();
        for args in [sign_args, verify_args] {
            let ran = Cli::new(&args).env("DOKU_SECRET_KEY", KEY).run();
            assert_input_error(&ran, expected);
            assert!(
                ran.stderr.contains(&path),
                "{name}: no path in {}",
                ran.stderr
            );
            assert!(
                !ran.all().contains("marker-never"),
                "{name}: the key file's contents were printed: {}",
                ran.all()
            );
        }
    }
    // A key file under the cap signs as before, its contents on no stream.
    let good = file("key-good", format!("{MARKER}\n").as_bytes());
    let ran = Cli::new(&[&SIGN[..], &["--secret-key-file", &good]].concat()).run();
    assert_eq!(ran.code(), Some(0), "{}", ran.stderr);
    assert!(!ran.all().contains("marker-never"), "{}", ran.all());
}
