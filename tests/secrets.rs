//! Secrets and personal data in what DOKU returns never show where a reply is printed: every
//! response sample of every endpoint, decoded, printed with `Debug`, checked for conformance,
//! kept as the raw body of each error that keeps one, and sent through the real client to the
//! stand-in with TRACE traces on. The values come from the samples at the paths the specs
//! mark, so a new mark, or a sample with a new value, is scanned too.

use std::sync::{Arc, Mutex};

use doku_partner::endpoints::get_business_data::{Query, Request};
use doku_partner::endpoints::{
    BusinessRegistration, CheckRequirements, CreateBusinessLite, GenerateToken, GetBusinessData,
    UploadFile,
};
use doku_partner::support::client::ConformanceMode;
use doku_partner::support::error::RawBody;
use doku_partner::support::redact::{Sensitive, Sensitivity};
use doku_partner::support::signature::SignatureError;
use doku_partner::support::stand_in::{Fault, StandIn};
use doku_partner::support::{Conformance, Endpoint};
use doku_partner::{Client, Credentials, Environment, Error};

/// The values at the marked paths of one sample, as text.
fn marked_values(sample: &serde_json::Value, marks: &[Sensitive]) -> Vec<(Sensitivity, String)> {
    fn walk(
        value: &serde_json::Value,
        path: &str,
        marks: &[Sensitive],
        out: &mut Vec<(Sensitivity, String)>,
    ) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, child) in map {
                    let child_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(child, &child_path, marks, out);
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    walk(item, path, marks, out);
                }
            }
            serde_json::Value::Null => {}
            scalar => {
                if let Some(mark) = marks.iter().find(|m| m.path == path) {
                    let text = match scalar {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    out.push((mark.kind, text));
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(sample, "", marks, &mut out);
    out
}

/// Fails when `shown` holds a secret value, or a personal value unmasked. Values under four
/// characters are fully masked, but could occur in other text by chance, so they are not
/// searched for.
fn assert_hidden(what: &str, shown: &str, values: &[(Sensitivity, String)]) {
    for (kind, value) in values {
        if value.chars().count() < 4 {
            continue;
        }
        assert!(
            !shown.contains(value.as_str()),
            "{what}: a {kind:?} value `{}…` is printed:\n{shown}",
            value.chars().take(4).collect::<String>()
        );
    }
}

/// Every way a decoded sample, its conformance and its raw body in an error are printed.
fn printed_forms<E: Endpoint>(text: &str) -> Vec<(String, String)> {
    let data: E::Response = serde_json::from_str(text).expect("the sample decodes");
    let report = data.conformance();
    let body = || RawBody::new(text.as_bytes().to_vec()).with_sensitive_of::<E>();
    let errors = [
        Error::Http {
            status: 500,
            endpoint: E::NAME,
            request_id: "req-1".into(),
            envelope: None,
            body: body(),
        },
        Error::ResponseSignature {
            endpoint: E::NAME,
            request_id: "req-1".into(),
            error: SignatureError::Mismatch,
            body: body(),
        },
        Error::NonConforming {
            endpoint: E::NAME,
            request_id: "req-1".into(),
            report: report.clone(),
            body: body(),
        },
    ];
    let mut forms = vec![
        ("Debug".to_owned(), format!("{data:?}")),
        ("pretty Debug".to_owned(), format!("{data:#?}")),
        (
            "conformance report".to_owned(),
            format!("{report} {report:?}"),
        ),
        ("raw body Debug".to_owned(), format!("{:?}", body())),
        ("raw body preview".to_owned(), body().preview()),
    ];
    for finding in &report.findings {
        forms.push(("finding".to_owned(), format!("{finding} {finding:?}")));
    }
    for error in &errors {
        forms.push(("error".to_owned(), format!("{error} | {error:?}")));
    }
    forms
}

/// Scans every sample of `E`; returns how many marked values it held.
fn scan<E: Endpoint>() -> usize {
    let mut count = 0;
    for (name, text) in E::EXAMPLES {
        let sample: serde_json::Value = serde_json::from_str(text).unwrap();
        let values = marked_values(&sample, E::SENSITIVE);
        count += values.len();
        for (what, shown) in printed_forms::<E>(text) {
            assert_hidden(
                &format!("{} sample `{name}`, {what}", E::NAME),
                &shown,
                &values,
            );
        }
        // The raw bytes stay available, unmodified.
        let body = RawBody::new(text.as_bytes().to_vec()).with_sensitive_of::<E>();
        assert_eq!(body.as_bytes(), text.as_bytes());
    }
    count
}

#[test]
fn no_sample_of_any_endpoint_prints_a_marked_value() {
    let per_endpoint = [
        ("check_requirements", scan::<CheckRequirements>()),
        ("generate_token", scan::<GenerateToken>()),
        ("upload_file", scan::<UploadFile>()),
        ("business_registration", scan::<BusinessRegistration>()),
        ("create_business_lite", scan::<CreateBusinessLite>()),
        ("get_business_data", scan::<GetBusinessData>()),
    ];
    // The scan found what it scans for: the token, the link, and for Get Business Data the
    // shared key and the people's details of both samples.
    let found = |name: &str| per_endpoint.iter().find(|(n, _)| *n == name).unwrap().1;
    assert_eq!(found("generate_token"), 1);
    assert_eq!(found("upload_file"), 1);
    assert!(found("get_business_data") >= 20, "{per_endpoint:?}");
}

#[test]
fn the_shared_key_is_redacted_and_personal_data_masked_in_debug() {
    let (_, text) = GetBusinessData::EXAMPLES[0];
    let data: doku_partner::endpoints::get_business_data::Response =
        serde_json::from_str(text).unwrap();
    let shown = format!("{data:?}");
    assert!(shown.contains("shared_key: Secret([redacted])"), "{shown}");
    // A phone number keeps its last characters, so a person can still tell two apart.
    let phone = &data.phone_number;
    let tail: String = phone.chars().skip(phone.chars().count() - 2).collect();
    assert!(shown.contains("phone_number: \"*"), "{shown}");
    assert!(shown.contains(&format!("{tail}\"")), "{shown}");
    // Read as usual; round-trips to the same JSON.
    assert!(data.brands[0].shared_key.expose_secret().starts_with("SK-"));
    let again: serde_json::Value = serde_json::to_value(&data).unwrap();
    assert_eq!(
        again,
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
}

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

const CLIENT_ID: &str = "BRN-0104-1678960841263";
const SECRET: &str = "SK-test-QzL8v2Yk1";

/// Both Get Business Data samples through the real client: a good call, a strict call that
/// fails on conformance, a badly signed answer; TRACE traces captured.
#[tokio::test]
async fn calls_errors_and_traces_never_show_a_marked_value() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing_subscriber::util::SubscriberInitExt::set_default(subscriber);

    for (name, text) in GetBusinessData::EXAMPLES {
        let values = marked_values(
            &serde_json::from_str(text).unwrap(),
            GetBusinessData::SENSITIVE,
        );
        assert!(values.iter().any(|(k, _)| *k == Sensitivity::Secret));
        let mock = StandIn::builder()
            .client(CLIENT_ID, SECRET)
            .endpoint_example::<GetBusinessData>(name)
            .start()
            .await
            .unwrap();
        let builder = || {
            Client::builder(
                Credentials::new(CLIENT_ID, SECRET),
                Environment::base_url(mock.base_url()),
            )
        };
        let client = builder().build().unwrap();
        let request = || Request::new(CLIENT_ID.parse().unwrap(), Query::Personal);
        let mut shown = Vec::new();

        let reply = client.send(request()).await.unwrap();
        assert_eq!(reply.body.as_bytes(), text.as_bytes(), "raw bytes kept");
        shown.push(format!("{reply:?}"));
        shown.push(reply.conformance.to_string());

        let strict = builder()
            .conformance(ConformanceMode::Strict)
            .build()
            .unwrap();
        let err = strict.send(request()).await.unwrap_err();
        assert!(matches!(err, Error::NonConforming { .. }), "{err}");
        shown.push(format!("{err} | {err:?}"));

        mock.push_fault(Fault::WrongSignature);
        let err = client.send(request()).await.unwrap_err();
        assert!(matches!(err, Error::ResponseSignature { .. }), "{err}");
        assert_eq!(err.body().unwrap().as_bytes(), text.as_bytes());
        shown.push(format!("{err} | {err:?}"));

        for text in &shown {
            assert_hidden(&format!("sample `{name}`"), text, &values);
        }
    }
    let traces = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(traces.contains("doku_partner.call"), "{traces}");
    for (_, text) in GetBusinessData::EXAMPLES {
        let values = marked_values(
            &serde_json::from_str(text).unwrap(),
            GetBusinessData::SENSITIVE,
        );
        assert_hidden("TRACE output", &traces, &values);
    }
}
