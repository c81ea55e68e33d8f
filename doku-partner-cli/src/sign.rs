//! `doku-partner sign` and `doku-partner verify-notification`: DOKU's Non-SNAP signature by hand,
//! for curl sessions and for checking a notification copied from a log.
//!
//! Both take the secret key only from `DOKU_SECRET_KEY` or `--secret-key-file`, never from an
//! argument, and never print it (nor a byte of the key file). Exit codes: 0 success, 1 a
//! notification whose signature was rejected, 2 anything that stopped the command from signing
//! or verifying (missing key, bad input, unreadable, empty or oversized input, output that
//! cannot be written). A closed standard output is not an error (see [`crate::output`]).

use std::path::PathBuf;
use std::process::ExitCode;

use doku_partner_support::SecretKey;
use doku_partner_support::clock::{
    Clock as _, RequestId, SystemClock, format_timestamp, parse_timestamp,
};
use doku_partner_support::signature::{
    Components, NotificationHeaders, SignatureError, verify_notification,
};
use zeroize::Zeroize as _;

use crate::input::{
    BODY_LIMIT, InputError, SMALL_LIMIT, input_error, is_stdin, read_input, read_secret,
};
use crate::output::{errln, outln, stdout_failed};

/// The environment variable that holds the secret key.
pub const SECRET_KEY_ENV: &str = "DOKU_SECRET_KEY";

/// DOKU's timestamp format, as shown in error messages.
const TIMESTAMP_FORMAT: &str =
    "YYYY-MM-DDTHH:MM:SSZ (UTC, no fraction, no offset, e.g. 2020-08-11T08:45:42Z)";

/// How far DOKU lets a `Request-Timestamp` stray from its clock, in seconds.
const DOKU_TIMESTAMP_WINDOW: i64 = 3600;

/// Shown after `sign --help`.
const SIGN_AFTER_HELP: &str = "\
The secret key is read from the DOKU_SECRET_KEY environment variable, or from --secret-key-file
FILE (which wins when both are given; `--secret-key-file -` reads it from standard input). There
is deliberately no option that takes the key itself:
command-line arguments are visible to every user in `ps` and are saved in shell history.

Output: first, on stderr, the signed component string with its line breaks shown as `\n`
(unless --quiet); then, on stdout, the four headers to send, one `Name: value` per line
(Client-Id, Request-Id, Request-Timestamp, and last the Signature), ready for `curl -H`. Non-SNAP
requests send no Digest header: the digest of the body is only part of the signed string.

The body must be the exact bytes sent. Send a body file with `curl --data-binary @FILE`, not
`-d @FILE` (which strips newlines). An empty body signs like no body: no Digest line, as for GET.
`--body-file -` that reads nothing at all (a closed or forgotten standard input) is an error,
not an empty body; to sign an empty body on purpose, pass `--body-text ''` (or no body option).

Limits: a body of at most 8 MiB, a key file of at most 64 KiB; reading stops one byte past the
limit (so `/dev/zero` is refused at once). At most one input can be `-` (standard input).

Exit status: 0 signed; 2 missing key, invalid, unreadable or oversized input, or standard output
that cannot be written. A closed standard output (`| head -0`) is not an error: the rest of the
output is dropped and the status is the same as if it had been read (0 when signed).

Example:
  export DOKU_SECRET_KEY=...   # or --secret-key-file ~/.doku/sk
  doku-partner sign --client-id BRN-0001 --target /doku-virtual-account/v2/payment-code \\
      --body order.json";

/// Shown after `verify-notification --help`.
const VERIFY_AFTER_HELP: &str = "\
The secret key is read from the DOKU_SECRET_KEY environment variable, or from --secret-key-file
FILE (which wins when both are given; `-` reads it from standard input); never from an argument,
which `ps` and shell history would show.

The headers file holds the notification's headers as `Name: value` lines, copied from a request
log (names are case-insensitive; other headers, blank lines, the request line and curl's `> `
prefix are ignored). Client-Id, Request-Id, Request-Timestamp and Signature are used. The body
file must hold the raw body exactly as received: beware of an editor adding a final newline.
At most one input (headers, body, key file) may be `-` for standard input; `-` that reads
nothing at all (a closed standard input) is an error. An empty body file is verified as an
empty body.

Limits: a body of at most 8 MiB, a headers file and a key file of at most 64 KiB each; reading
stops one byte past the limit (so `/dev/zero` is refused at once).

Exit status: 0 `signature OK`; 1 the signature was rejected (the reason is printed; answer DOKU
with 401), including a notification missing one of the four headers; 2 the command could not
verify: missing key, unreadable, empty, oversized or malformed input (a headers file with no
`Name: value` line at all), or standard output that cannot be written. A closed standard output
(`| head -0`) is not an error: the status is still the verdict (0 authentic, 1 rejected).";

/// Arguments of `sign`.
#[derive(Debug, clap::Args)]
#[command(after_help = SIGN_AFTER_HELP)]
pub struct SignArgs {
    /// The Client-Id header (`BRN-...` for partner calls).
    #[arg(long, value_name = "ID")]
    client_id: String,
    /// The Request-Target: the endpoint's path without the host, e.g. /doku-virtual-account/v2/payment-code.
    #[arg(long, visible_alias = "target", value_name = "PATH")]
    request_target: String,
    /// The Request-Id header [default: a fresh UUID v4].
    #[arg(long, value_name = "ID")]
    request_id: Option<String>,
    /// The Request-Timestamp header, YYYY-MM-DDTHH:MM:SSZ in UTC [default: now].
    #[arg(long, value_name = "TS")]
    timestamp: Option<String>,
    /// The request body, read from FILE (`-` for standard input) exactly as it will be sent (at
    /// most 8 MiB).
    #[arg(
        long,
        visible_alias = "body",
        value_name = "FILE",
        conflicts_with = "body_text"
    )]
    body_file: Option<PathBuf>,
    /// The request body, given inline (`''` signs an empty body, like no body).
    #[arg(long, value_name = "STRING")]
    body_text: Option<String>,
    /// Print only the four headers, not the signed component string.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    key: KeyArgs,
}

/// Arguments of `verify-notification`.
#[derive(Debug, clap::Args)]
#[command(after_help = VERIFY_AFTER_HELP)]
pub struct VerifyNotificationArgs {
    /// The path of the notification URL DOKU called, e.g. /payments/notify (the Request-Target).
    #[arg(long, value_name = "PATH")]
    path: String,
    /// The notification's headers, `Name: value` per line (`-` for standard input; at most
    /// 64 KiB).
    #[arg(long, value_name = "FILE")]
    headers_file: PathBuf,
    /// The notification's raw body (`-` for standard input; at most 8 MiB).
    #[arg(long, value_name = "FILE")]
    body_file: PathBuf,
    #[command(flatten)]
    key: KeyArgs,
}

/// Where the secret key comes from, besides `DOKU_SECRET_KEY`.
#[derive(Debug, clap::Args)]
pub(crate) struct KeyArgs {
    /// Read the secret key from FILE instead of DOKU_SECRET_KEY (surrounding whitespace ignored;
    /// at most 64 KiB). There is no option taking the key itself: arguments show in `ps` and
    /// shell history.
    #[arg(long, value_name = "FILE")]
    secret_key_file: Option<PathBuf>,
}

/// Exit code for [`InputError`]s, as for command-line usage errors.
const EXIT_INPUT: u8 = 2;

/// Prints the input error and returns exit status 2.
fn fail(e: &InputError) -> ExitCode {
    errln!("error: {e}");
    ExitCode::from(EXIT_INPUT)
}

/// Runs `sign`: prints the component string to stderr (unless `--quiet`) and the request
/// headers to stdout, the signature last. Exits 2 on a missing key or invalid input.
pub fn run_sign(args: SignArgs) -> ExitCode {
    match sign(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn sign(args: &SignArgs) -> Result<(), InputError> {
    check_header_value("--client-id", &args.client_id)?;
    let stdin_inputs = [
        ("--body-file", args.body_file.as_deref()),
        ("--secret-key-file", args.key.secret_key_file.as_deref()),
    ];
    check_one_stdin(&stdin_inputs)?;
    check_target("--request-target", &args.request_target)?;
    let request_id = match &args.request_id {
        Some(id) => RequestId::try_from(id.as_str())
            .map_err(|e| input_error(format!("--request-id: {e}")))?,
        None => RequestId::new_v4(),
    };
    let now = SystemClock.now_unix();
    let timestamp = match &args.timestamp {
        Some(ts) => {
            let unix = parse_timestamp(ts).ok_or_else(|| {
                input_error(format!(
                    "--timestamp {ts:?} is not DOKU's timestamp format: expected {TIMESTAMP_FORMAT}"
                ))
            })?;
            let skew = unix - now;
            if skew.abs() > DOKU_TIMESTAMP_WINDOW {
                errln!(
                    "warning: --timestamp is {} seconds {} now; DOKU rejects a Request-Timestamp \
                     more than {DOKU_TIMESTAMP_WINDOW} seconds away (request_time_out_of_range)",
                    skew.abs(),
                    if skew < 0 { "before" } else { "after" },
                );
            }
            ts.clone()
        }
        None => format_timestamp(now),
    };
    if args.request_target.contains('?') {
        errln!(
            "note: the Request-Target includes a query string; DOKU's documentation never shows \
             whether it is signed: check what the endpoint's spec says"
        );
    }
    let body = match (&args.body_file, &args.body_text) {
        (Some(path), _) => Some(read_input(
            path,
            "--body-file",
            BODY_LIMIT,
            "to sign an empty body on purpose, pass --body-text ''",
        )?),
        (None, Some(text)) => Some(text.as_bytes().to_vec()),
        (None, None) => None,
    };
    // An empty body signs like no body, as `verify_notification` and DOKU's libraries do.
    let body = body.filter(|b| !b.is_empty());
    let key = load_key(&args.key)?;

    let components = Components::request(
        &args.client_id,
        request_id.as_str(),
        &timestamp,
        &args.request_target,
        body.as_deref(),
    );
    let signature = components.sign(&key);
    if !args.quiet {
        // On stderr, so stdout stays the four headers, ready for `curl -H`.
        errln!("Signed component string (lines joined by \\n, none after the last):");
        let signed = components.component_string();
        let mut lines = signed.split('\n').peekable();
        while let Some(line) = lines.next() {
            let end = if lines.peek().is_some() { "\\n" } else { "" };
            errln!("  {line}{end}");
        }
        errln!();
    }
    // One write: a reader that closes the pipe gets all four headers or none.
    outln!(
        "Client-Id: {}\nRequest-Id: {request_id}\nRequest-Timestamp: {timestamp}\nSignature: \
         {signature}",
        args.client_id
    )
    .map_err(|e| input_error(stdout_failed(&e)))
}

/// Runs `verify-notification`: exits 0 after printing `signature OK`, 1 with the reason when
/// the signature is rejected, 2 when it could not verify at all.
pub fn run_verify_notification(args: VerifyNotificationArgs) -> ExitCode {
    let (headers, body, key) = match verify_inputs(&args) {
        Ok(inputs) => inputs,
        Err(e) => return fail(&e),
    };
    let notification = headers.as_notification();
    match verify_notification(&key, &args.path, &notification, &body) {
        Ok(()) => match outln!("signature OK") {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&input_error(stdout_failed(&e))),
        },
        Err(e) => {
            errln!("signature rejected: {e}");
            if let Some(hint) = mismatch_hint(&e, &key, &args.path, &notification, &body) {
                errln!("hint: {hint}");
            }
            ExitCode::FAILURE
        }
    }
}

fn verify_inputs(
    args: &VerifyNotificationArgs,
) -> Result<(ParsedHeaders, Vec<u8>, SecretKey), InputError> {
    check_target("--path", &args.path)?;
    check_one_stdin(&[
        ("--headers-file", Some(&args.headers_file)),
        ("--body-file", Some(&args.body_file)),
        ("--secret-key-file", args.key.secret_key_file.as_deref()),
    ])?;
    let raw_headers = read_input(&args.headers_file, "--headers-file", SMALL_LIMIT, "")?;
    let headers = String::from_utf8(raw_headers).map_err(|e| {
        input_error(format!(
            "--headers-file {}: not UTF-8 text ({e})",
            args.headers_file.display()
        ))
    })?;
    let headers = parse_headers(&headers).map_err(|e| {
        input_error(format!(
            "--headers-file {}: {e}",
            args.headers_file.display()
        ))
    })?;
    if headers.header_lines == 0 {
        return Err(input_error(format!(
            "--headers-file {}: no `Name: value` header line; expected the notification's \
             headers (Client-Id, Request-Id, Request-Timestamp, Signature) copied from a log",
            args.headers_file.display()
        )));
    }
    let body = read_input(
        &args.body_file,
        "--body-file",
        BODY_LIMIT,
        "to verify an empty body, pass an empty file",
    )?;
    let key = load_key(&args.key)?;
    Ok((headers, body, key))
}

/// A likely cause of a mismatch that the user can fix, if one is detectable.
fn mismatch_hint(
    error: &SignatureError,
    key: &SecretKey,
    path: &str,
    headers: &NotificationHeaders<'_>,
    body: &[u8],
) -> Option<&'static str> {
    if *error != SignatureError::Mismatch {
        return None;
    }
    let trimmed = body
        .strip_suffix(b"\r\n")
        .or_else(|| body.strip_suffix(b"\n"))?;
    verify_notification(key, path, headers, trimmed)
        .is_ok()
        .then_some(
            "the signature matches the body without its final newline: the body file has a newline \
         the notification did not (editors add one); the notification itself is authentic only \
         if its raw body has none",
        )
}

/// The four headers `verify_notification` reads, from a `Name: value` text.
#[derive(Debug, Default, PartialEq, Eq)]
struct ParsedHeaders {
    client_id: Option<String>,
    request_id: Option<String>,
    request_timestamp: Option<String>,
    signature: Option<String>,
    /// How many `Name: value` lines the text has, known or not (0: it holds no headers).
    header_lines: usize,
}

impl ParsedHeaders {
    fn as_notification(&self) -> NotificationHeaders<'_> {
        NotificationHeaders {
            client_id: self.client_id.as_deref(),
            request_id: self.request_id.as_deref(),
            request_timestamp: self.request_timestamp.as_deref(),
            signature: self.signature.as_deref(),
        }
    }
}

/// Parses `Name: value` lines. Names are case-insensitive; values are trimmed; blank lines,
/// an HTTP request line and curl's `> ` prefix are skipped; unknown headers are ignored. A
/// header that matters and appears twice with different values is an error.
fn parse_headers(text: &str) -> Result<ParsedHeaders, String> {
    let mut parsed = ParsedHeaders::default();
    let mut seen_on = [0usize; 4];
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.strip_prefix("> ").unwrap_or(raw).trim();
        if line.is_empty() || is_request_line(line) {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("line {number} is not a `Name: value` header"));
        };
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(format!("line {number} is not a `Name: value` header"));
        }
        let value = value.trim();
        parsed.header_lines += 1;
        let (slot, seen) = match name.to_ascii_lowercase().as_str() {
            "client-id" => (&mut parsed.client_id, &mut seen_on[0]),
            "request-id" => (&mut parsed.request_id, &mut seen_on[1]),
            "request-timestamp" => (&mut parsed.request_timestamp, &mut seen_on[2]),
            "signature" => (&mut parsed.signature, &mut seen_on[3]),
            _ => continue,
        };
        match slot {
            Some(previous) if previous != value => {
                return Err(format!(
                    "the {name} header appears twice with different values (lines {} and \
                     {number})",
                    *seen
                ));
            }
            Some(_) => {}
            None => {
                *slot = Some(value.to_owned());
                *seen = number;
            }
        }
    }
    Ok(parsed)
}

/// `POST /path HTTP/1.1`.
fn is_request_line(line: &str) -> bool {
    let mut words = line.split_whitespace();
    matches!(
        (words.next(), words.next(), words.next(), words.next()),
        (Some(method), Some(_), Some(version), None)
            if method.bytes().all(|b| b.is_ascii_uppercase()) && version.starts_with("HTTP/")
    )
}

/// The secret key from `--secret-key-file`, else from `DOKU_SECRET_KEY`.
pub(crate) fn load_key(args: &KeyArgs) -> Result<SecretKey, InputError> {
    let mut key = match &args.secret_key_file {
        Some(path) => {
            // Wiped on drop; taken out only once it is known to be text.
            let mut bytes = read_secret(path, "--secret-key-file")?;
            if std::str::from_utf8(&bytes).is_err() {
                return Err(input_error(format!(
                    "--secret-key-file {}: the file is not UTF-8 text",
                    path.display()
                )));
            }
            String::from_utf8(std::mem::take(&mut *bytes)).map_err(|e| {
                // Unreachable (checked above); wipe the bytes all the same.
                e.into_bytes().zeroize();
                input_error(format!(
                    "--secret-key-file {}: the file is not UTF-8 text",
                    path.display()
                ))
            })?
        }
        None => match std::env::var(SECRET_KEY_ENV) {
            Ok(value) => value,
            Err(std::env::VarError::NotPresent) => String::new(),
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(input_error(format!("{SECRET_KEY_ENV} is not valid UTF-8")));
            }
        },
    };
    trim_in_place(&mut key);
    let multi_line = key.contains('\n');
    // `SecretKey::new` zeroes the string it is given (its whole buffer) once copied.
    let key = SecretKey::new(key);
    if multi_line {
        let source = args.secret_key_file.as_ref().map_or_else(
            || SECRET_KEY_ENV.to_owned(),
            |p| format!("--secret-key-file {}", p.display()),
        );
        return Err(input_error(format!(
            "{source} holds more than one line; it must contain the secret key only"
        )));
    }
    if key.is_empty() {
        return Err(input_error(match &args.secret_key_file {
            Some(path) => format!("--secret-key-file {} is empty", path.display()),
            None => format!(
                "no secret key: set the {SECRET_KEY_ENV} environment variable or pass \
                 --secret-key-file FILE (the key is never accepted as an argument: arguments \
                 show in `ps` and shell history)"
            ),
        }));
    }
    Ok(key)
}

/// Trims surrounding whitespace without reallocating, so no copy of the key is left behind.
pub(crate) fn trim_in_place(s: &mut String) {
    let end = s.trim_end().len();
    s.truncate(end);
    let start = s.len() - s.trim_start().len();
    s.drain(..start);
}

/// Standard input can feed one input only: `-` for two of them would give the first all of it.
fn check_one_stdin(inputs: &[(&str, Option<&std::path::Path>)]) -> Result<(), InputError> {
    let from_stdin: Vec<&str> = inputs
        .iter()
        .filter(|(_, path)| path.is_some_and(is_stdin))
        .map(|(option, _)| *option)
        .collect();
    if from_stdin.len() > 1 {
        return Err(input_error(format!(
            "only one of {} can be `-` (standard input)",
            from_stdin.join(" and ")
        )));
    }
    Ok(())
}

/// A header value must travel unchanged: visible ASCII, no spaces or line breaks.
fn check_header_value(option: &str, value: &str) -> Result<(), InputError> {
    if value.is_empty() {
        return Err(input_error(format!("{option} cannot be empty")));
    }
    if let Some((position, found)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_graphic())
    {
        return Err(input_error(format!(
            "{option} may contain only visible ASCII characters; found {found:?} at position \
             {position}"
        )));
    }
    Ok(())
}

/// A Request-Target is a path: `/...`, no scheme or host, no spaces or line breaks.
fn check_target(option: &str, target: &str) -> Result<(), InputError> {
    if let Some(rest) = target
        .strip_prefix("https://")
        .or_else(|| target.strip_prefix("http://"))
    {
        let path = rest.find('/').map_or("/", |i| &rest[i..]);
        return Err(input_error(format!(
            "{option} is the path only, without scheme and host: {path}"
        )));
    }
    if !target.starts_with('/') {
        return Err(input_error(format!(
            "{option} must be a path starting with `/`, e.g. /doku-virtual-account/v2/payment-code"
        )));
    }
    check_header_value(option, target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_parsed_case_insensitively_from_a_log() {
        let text = "POST /notify HTTP/1.1\r\n\
                    > Host: example.com\r\n\
                    client-id: BRN-1\r\n\
                    REQUEST-ID:  n-1 \r\n\
                    Request-Timestamp: 2026-11-24T10:00:00Z\r\n\
                    Signature: HMACSHA256=abc=\r\n\
                    \r\n\
                    Content-Type: application/json\r\n";
        let parsed = parse_headers(text).unwrap();
        assert_eq!(parsed.client_id.as_deref(), Some("BRN-1"));
        assert_eq!(parsed.request_id.as_deref(), Some("n-1"));
        assert_eq!(
            parsed.request_timestamp.as_deref(),
            Some("2026-11-24T10:00:00Z")
        );
        assert_eq!(parsed.signature.as_deref(), Some("HMACSHA256=abc="));
    }

    #[test]
    fn conflicting_duplicates_and_garbage_are_errors() {
        let err = parse_headers("Client-Id: A\nclient-id: B\n").unwrap_err();
        assert!(err.contains("lines 1 and 2"), "{err}");
        assert!(parse_headers("Client-Id: A\nClient-Id: A\n").is_ok());
        let err = parse_headers("Client-Id: A\nnot a header\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn trimming_in_place() {
        let mut s = String::from("  SK-abc \n");
        trim_in_place(&mut s);
        assert_eq!(s, "SK-abc");
    }

    #[test]
    fn targets() {
        assert!(check_target("--path", "/a/b").is_ok());
        let e = check_target("--path", "https://api.doku.com/a/b").unwrap_err();
        assert!(e.0.ends_with(": /a/b"), "{e}");
        assert!(check_target("--path", "a/b").is_err());
        assert!(check_target("--path", "/a b").is_err());
    }
}
