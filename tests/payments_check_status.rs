//! Check Status (`spec/payments/check_status.yaml`): its samples decode and round-trip, the
//! page's cut-off Alfa sample decodes as far as it goes, and a call against the stand-in is
//! signed with the sub-merchant's credentials over the path as DOKU's formula says.

use base64::Engine as _;
use doku_partner::payments::CheckStatus;
use doku_partner::payments::check_status::{Request, Response, TransactionStatus};
use doku_partner::support::clock::format_timestamp;
use doku_partner::support::signature::{Components, signed_path};
use doku_partner::support::stand_in::StandIn;
use doku_partner::support::{Conformance, Endpoint, OrUnknown};
use doku_partner::{Client, Credentials, Environment};
use hmac::{KeyInit as _, Mac as _};
use serde_json::Value;

/// A sub-merchant's own credentials (its brand ID and shared key), not a partner's.
const BRAND_ID: &str = "BRN-0104-1678960841263";
const SHARED_KEY: &str = "SK-brand-7Hq2nWx";

/// Rendering A of the page, stored byte for byte: it ends inside the Alfa sample.
const ALFA_CUT_OFF: &str =
    include_str!("../spec/payments/examples/check_status.online_to_offline_alfa.cut_off.txt");

#[test]
fn every_sample_decodes_round_trips_and_conforms() {
    assert!(!CheckStatus::EXAMPLES.is_empty());
    for (name, json) in CheckStatus::EXAMPLES {
        let typed: <CheckStatus as Endpoint>::Response = serde_json::from_str(json)
            .unwrap_or_else(|e| panic!("sample {name} does not decode: {e}"));
        let original: Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            original,
            "sample {name}"
        );
        assert!(
            typed.conformance().is_clean(),
            "{name}: {}",
            typed.conformance()
        );
    }
    let (_, va) = CheckStatus::EXAMPLES
        .iter()
        .find(|(n, _)| *n == "virtual_account_mandiri")
        .unwrap();
    let typed: <CheckStatus as Endpoint>::Response = serde_json::from_str(va).unwrap();
    let Response::VirtualAccount(va) = typed else {
        panic!("the Mandiri sample is not the VA shape: {typed:?}")
    };
    assert_eq!(
        va.transaction.status,
        OrUnknown::Known(TransactionStatus::Success)
    );
    assert_eq!(va.channel.id, "VIRTUAL_ACCOUNT_BANK_MANDIRI");
    assert_eq!(va.order.amount, 150000);
    let va_info = va.virtual_account_info.as_ref().unwrap();
    assert_eq!(va_info.virtual_account_number, "8889940000000213");
    let identifiers = va
        .virtual_account_payment
        .as_ref()
        .unwrap()
        .identifier
        .as_ref()
        .unwrap();
    assert_eq!(identifiers[0].value, "8341422");
}

/// The page's Alfa sample is cut off inside the third `identifier` element. Cut back to the
/// end of the last complete element and closed (`]}}`, nothing else added), it decodes with
/// no unknown key: every key the page shows is in the spec.
#[test]
fn the_cut_off_alfa_sample_decodes_as_far_as_the_page_goes() {
    assert!(ALFA_CUT_OFF.ends_with("\"val"), "stored as the page ends");
    let last_complete = ALFA_CUT_OFF.rfind('}').unwrap();
    let closed = format!("{}\n]\n}}\n}}", &ALFA_CUT_OFF[..=last_complete]);
    let typed: <CheckStatus as Endpoint>::Response =
        serde_json::from_str(&closed).unwrap_or_else(|e| panic!("{e}\n{closed}"));
    assert_eq!(
        serde_json::to_value(&typed).unwrap(),
        serde_json::from_str::<Value>(&closed).unwrap()
    );
    assert!(typed.conformance().is_clean(), "{}", typed.conformance());
    let Response::OnlineToOffline(alfa) = typed else {
        panic!("the Alfa sample is not the Online to Offline shape: {typed:?}")
    };
    assert_eq!(alfa.channel.id, "ONLINE_TO_OFFLINE_ALFA");
    let info = alfa.online_to_offline_info.as_ref().unwrap();
    assert_eq!(info.created_date.to_string(), "20211229093735");
    assert_eq!(info.reusable_status, "false");
    let payment = alfa.online_to_offline_payment.as_ref().unwrap();
    assert_eq!(payment.identifier.len(), 2);
    assert_eq!(payment.identifier[1].name, "AGENT_STORE_ID");
}

#[tokio::test]
async fn a_call_is_signed_with_the_sub_merchants_key_over_the_path() {
    let mock = StandIn::builder()
        .client(BRAND_ID, SHARED_KEY)
        .endpoint::<CheckStatus>()
        .start()
        .await
        .expect("the stand-in starts");
    let client = Client::builder(
        Credentials::new(BRAND_ID, SHARED_KEY),
        Environment::base_url(mock.base_url()),
    )
    .build()
    .unwrap();
    let reply = client
        .send(Request::new("INV-20210124-0001".parse().unwrap()))
        .await
        .unwrap();
    let Response::VirtualAccount(va) = &reply.data else {
        panic!("the stand-in serves the VA sample: {:?}", reply.data)
    };
    assert_eq!(va.order.invoice_number, "INV-20210124-0001");

    let seen = &mock.requests()[0];
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, "/orders/v1/status/INV-20210124-0001");
    assert!(seen.body.is_empty());
    // DOKU's formula for a GET, computed here: four lines, no Digest.
    let ts = seen.header("Request-Timestamp").unwrap();
    Components::request(
        BRAND_ID,
        seen.header("Request-Id").unwrap(),
        ts,
        "/orders/v1/status/INV-20210124-0001",
        None,
    )
    .verify(&SHARED_KEY.into(), seen.header("Signature").unwrap())
    .unwrap();
}

/// The same endpoint with `target: raw`: the invoice number signed as it is.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "tests/specs/check_status_raw_target.yaml")]
pub struct CheckStatusRawTarget;

/// An invoice number with every character the page's format allows that a URL path cannot
/// carry as it is: `/`, a space, `#`, `?`, `%` and a non-ASCII letter.
const AWKWARD_INVOICE: &str = "INV/2021 #7?x=%20é";
/// It as one percent-encoded path segment (RFC 3986: all but `A-Z a-z 0-9 - . _ ~`).
const AWKWARD_PATH: &str = "/orders/v1/status/INV%2F2021%20%237%3Fx%3D%2520%C3%A9";

/// DOKU's formula, written out here with the HMAC crates alone: the four lines of a GET
/// joined by `\n`, HMAC-SHA256 with the secret key, base64, `HMACSHA256=` in front.
fn doku_formula(client_id: &str, request_id: &str, timestamp: &str, target: &str) -> String {
    let text = format!(
        "Client-Id:{client_id}\nRequest-Id:{request_id}\nRequest-Timestamp:{timestamp}\nRequest-Target:{target}"
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SHARED_KEY.as_bytes()).unwrap();
    mac.update(text.as_bytes());
    format!(
        "HMACSHA256={}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    )
}

async fn stand_in<E: Endpoint>() -> StandIn {
    StandIn::builder()
        .client(BRAND_ID, SHARED_KEY)
        .endpoint::<E>()
        .start()
        .await
        .expect("the stand-in starts")
}

fn sub_merchant(mock: &StandIn) -> Client {
    Client::builder(
        Credentials::new(BRAND_ID, SHARED_KEY),
        Environment::base_url(mock.base_url()),
    )
    .build()
    .unwrap()
}

/// A GET sent by hand to the stand-in, signed over `target`; its status and body.
async fn by_hand(mock: &StandIn, request_id: &str, target: &str) -> (u16, String) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let timestamp = format_timestamp(i64::try_from(now).unwrap());
    let answer = reqwest::Client::new()
        .get(format!("{}{AWKWARD_PATH}", mock.base_url()))
        .header("Client-Id", BRAND_ID)
        .header("Request-Id", request_id)
        .header("Request-Timestamp", &timestamp)
        .header(
            "Signature",
            doku_formula(BRAND_ID, request_id, &timestamp, target),
        )
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, answer.text().await.unwrap())
}

/// The page's own GET sample (signature page): nothing to encode, so both readings sign
/// `Request-Target:/orders/v1/status/INV-123123-12313`, the page's bytes.
#[test]
fn the_pages_get_sample_is_signed_over_its_path_either_way() {
    let request = Request::new("INV-123123-12313".parse().unwrap());
    let path = request.path();
    assert_eq!(path, "/orders/v1/status/INV-123123-12313");
    let template = CheckStatus::PATH_TEMPLATE;
    assert_eq!(
        signed_path(template, &path, CheckStatus::RAW_IN_TARGET),
        path
    );
    assert_eq!(
        signed_path(template, &path, CheckStatusRawTarget::RAW_IN_TARGET),
        path
    );
    let page = "Client-Id:MCH-0001-10791114622547\nRequest-Id:d895fb53-479c-4f77-a76a-ab81b40d77cb\n\
                Request-Timestamp:2020-08-11T08:45:42Z\nRequest-Target:/orders/v1/status/INV-123123-12313";
    let ours = Components::request(
        "MCH-0001-10791114622547",
        "d895fb53-479c-4f77-a76a-ab81b40d77cb",
        "2020-08-11T08:45:42Z",
        &path,
        None,
    )
    .component_string();
    assert_eq!(ours, page);
}

/// `target: encoded` (the spec): the URL carries the value as one percent-encoded segment and
/// Request-Target is that path, byte for byte; the stand-in verifies exactly that and refuses
/// the other reading.
#[tokio::test]
async fn an_awkward_invoice_number_is_sent_encoded_and_signed_as_sent() {
    assert!(CheckStatus::RAW_IN_TARGET.is_empty());
    let mock = stand_in::<CheckStatus>().await;
    let reply = sub_merchant(&mock)
        .send(Request::new(AWKWARD_INVOICE.parse().unwrap()))
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    let seen = &mock.requests()[0];
    assert_eq!(seen.path, AWKWARD_PATH, "one segment, nothing left raw");
    let expected = doku_formula(
        BRAND_ID,
        seen.header("Request-Id").unwrap(),
        seen.header("Request-Timestamp").unwrap(),
        AWKWARD_PATH,
    );
    assert_eq!(seen.header("Signature"), Some(expected.as_str()));

    let raw_target = format!("/orders/v1/status/{AWKWARD_INVOICE}");
    let (status, body) = by_hand(&mock, "by-hand-raw", &raw_target).await;
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("invalid_signature"), "{body}");
    let (status, body) = by_hand(&mock, "by-hand-encoded", AWKWARD_PATH).await;
    assert_eq!(status, 200, "{body}");
}

/// `target: raw`: the same URL, but Request-Target holds the invoice number as it is; the
/// stand-in decodes the segment to verify, and refuses a signature over the encoded path.
#[tokio::test]
async fn with_target_raw_the_value_is_signed_as_it_is() {
    assert_eq!(
        CheckStatusRawTarget::RAW_IN_TARGET,
        ["invoice_number_or_request_id"]
    );
    let mock = stand_in::<CheckStatusRawTarget>().await;
    let request = check_status_raw_target::Request::new(AWKWARD_INVOICE.parse().unwrap());
    let reply = sub_merchant(&mock).send(request).await.unwrap();
    assert_eq!(reply.status, 200);
    let seen = &mock.requests()[0];
    assert_eq!(seen.path, AWKWARD_PATH, "the URL is encoded all the same");
    let raw_target = format!("/orders/v1/status/{AWKWARD_INVOICE}");
    let expected = doku_formula(
        BRAND_ID,
        seen.header("Request-Id").unwrap(),
        seen.header("Request-Timestamp").unwrap(),
        &raw_target,
    );
    assert_eq!(seen.header("Signature"), Some(expected.as_str()));

    let (status, body) = by_hand(&mock, "by-hand-encoded", AWKWARD_PATH).await;
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("invalid_signature"), "{body}");
    let (status, body) = by_hand(&mock, "by-hand-raw", &raw_target).await;
    assert_eq!(status, 200, "{body}");
}

/// DOKU's two error envelopes come back as one typed error that says which it was and keeps
/// the body as received: the business form the stand-in answers when told to, and the
/// gateway's form for a signature made with the wrong key.
#[tokio::test]
async fn both_error_envelopes_decode_into_one_typed_error_with_the_body() {
    use doku_partner::Error;
    use doku_partner::support::error::EnvelopeForm;
    use doku_partner::support::stand_in::Fault;

    let mock = stand_in::<CheckStatus>().await;
    mock.push_fault(Fault::business_refusal(
        400,
        &["PAYMENT CHANNEL IS INACTIVE"],
    ));
    let request = Request::new("INV-20210124-0001".parse().unwrap());
    let error = sub_merchant(&mock).send(&request).await.unwrap_err();
    let Error::Http {
        status,
        envelope,
        body,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 400);
    let envelope = envelope.as_ref().expect("the business envelope");
    assert_eq!(envelope.form, EnvelopeForm::Message);
    assert_eq!(envelope.message, "PAYMENT CHANNEL IS INACTIVE");
    assert!(envelope.code.is_empty());
    assert_eq!(
        body.as_bytes(),
        br#"{"message":["PAYMENT CHANNEL IS INACTIVE"]}"#
    );

    let wrong_key = Client::builder(
        Credentials::new(BRAND_ID, "SK-not-the-brands-key"),
        Environment::base_url(mock.base_url()),
    )
    .build()
    .unwrap();
    let error = wrong_key.send(&request).await.unwrap_err();
    let envelope = error.doku_error().expect("the gateway envelope");
    assert_eq!(envelope.form, EnvelopeForm::Error);
    assert_eq!(envelope.code, "invalid_signature");
    assert_eq!(envelope.message, "Invalid Header Signature");
}

// -- One shape per channel (response.union on channel.id) -------------------------------------

/// The notification's samples of other channels: "The response will be similar to HTTP
/// notification" (Check Status's page).
const BCA_VA: &str = include_str!("../spec/examples/payment_notification.bca_va.json");
const BNI_VA: &str = include_str!("../spec/examples/payment_notification.bni_va.json");
const AKULAKU: &str = include_str!("../spec/examples/payment_notification.akulaku_p2p.json");

fn decode(bytes: &str) -> Response {
    serde_json::from_str(bytes).unwrap_or_else(|e| panic!("{e}\n{bytes}"))
}

/// The variant's name, as the test reads it.
fn shape(response: &Response) -> &'static str {
    match response {
        Response::VirtualAccount(_) => "VirtualAccount",
        Response::OnlineToOffline(_) => "OnlineToOffline",
        Response::PeerToPeer(_) => "PeerToPeer",
        Response::Other(_) => "Other",
    }
}

#[test]
fn each_channels_sample_decodes_into_its_variant_and_re_serialises_losslessly() {
    let (_, mandiri) = CheckStatus::EXAMPLES[0];
    let last_complete = ALFA_CUT_OFF.rfind('}').unwrap();
    let alfa = format!("{}\n]\n}}\n}}", &ALFA_CUT_OFF[..=last_complete]);
    let cases = [
        (mandiri, "VirtualAccount", "VIRTUAL_ACCOUNT_BANK_MANDIRI"),
        (BCA_VA, "VirtualAccount", "VIRTUAL_ACCOUNT_BCA"),
        (BNI_VA, "VirtualAccount", "VIRTUAL_ACCOUNT_BNI"),
        (alfa.as_str(), "OnlineToOffline", "ONLINE_TO_OFFLINE_ALFA"),
        (AKULAKU, "PeerToPeer", "PEER_TO_PEER_AKULAKU"),
    ];
    for (bytes, variant, channel) in cases {
        let typed = decode(bytes);
        assert_eq!(shape(&typed), variant, "{channel}");
        let channel_id = match &typed {
            Response::VirtualAccount(v) => &v.channel.id,
            Response::OnlineToOffline(v) => &v.channel.id,
            Response::PeerToPeer(v) => &v.channel.id,
            Response::Other(_) => unreachable!(),
        };
        assert_eq!(channel_id, channel);
        // Every key and value DOKU sent, nothing added (key order is the struct's).
        let again = serde_json::to_string(&typed).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&again).unwrap(),
            serde_json::from_str::<Value>(bytes).unwrap(),
            "{channel}"
        );
        assert_eq!(decode(&again), typed, "{channel}: decoding twice agrees");
    }
    // The Akulaku shape's own fields, typed.
    let Response::PeerToPeer(p2p) = decode(AKULAKU) else {
        unreachable!()
    };
    let info = p2p.peer_to_peer_info.as_ref().unwrap();
    assert_eq!(info.identifier[0].name, "AKULAKU_UNIQUE_REFERENCE");
    assert_eq!(
        p2p.payment.as_ref().unwrap().merchant_unique_reference,
        "MUR-20210707-0001"
    );
}

/// A channel the spec lists no variant for (BRI's VA: its tab is not captured) is kept byte
/// for byte, and the conformance check says why.
#[test]
fn an_unknown_channel_is_kept_byte_for_byte_with_its_finding() {
    let (_, mandiri) = CheckStatus::EXAMPLES[0];
    let bri = mandiri.replace("VIRTUAL_ACCOUNT_BANK_MANDIRI", "VIRTUAL_ACCOUNT_BRI");
    let bri = bri.trim();
    let typed = decode(bri);
    let Response::Other(unknown) = &typed else {
        panic!("not kept as unknown: {typed:?}")
    };
    assert_eq!(unknown.discriminator(), Some("VIRTUAL_ACCOUNT_BRI"));
    assert_eq!(unknown.body().as_text(), bri);
    assert_eq!(serde_json::to_string(&typed).unwrap(), bri, "byte for byte");
    let report = typed.conformance();
    assert_eq!(report.len(), 1, "{report}");
    let finding = &report.findings[0];
    assert_eq!(finding.path, "channel.id");
    assert_eq!(finding.rule, "variants of channel.id");
    assert_eq!(
        finding.to_string(),
        "channel.id: \"VIRTUAL_ACCOUNT_BRI\" names no variant (variants of channel.id)"
    );
    // The body may hold personal data the spec cannot mark: Debug shows its size only.
    // A shape's own personal fields are masked in printed bodies as the common ones are.
    assert!(
        CheckStatus::SENSITIVE
            .iter()
            .any(|s| s.path == "virtual_account_info.virtual_account_number"),
        "{:?}",
        CheckStatus::SENSITIVE
    );
    let debug = format!("{typed:?}");
    assert!(!debug.contains("8889940000000213"), "{debug}");
    assert!(debug.contains("VIRTUAL_ACCOUNT_BRI"), "{debug}");

    // No channel at all: the same, with the finding saying so.
    let none = r#"{"order":{"invoice_number":"INV-1","amount":1}}"#;
    let typed = decode(none);
    assert!(matches!(&typed, Response::Other(u) if u.discriminator().is_none()));
    assert_eq!(serde_json::to_string(&typed).unwrap(), none);
    assert_eq!(
        typed.conformance().findings[0].to_string(),
        "channel.id: absent or not a string (variants of channel.id)"
    );
}

/// A known channel without the objects its shape requires still decodes (DOKU: "some
/// parameters might not be presented in certain status cases"); each absence is a finding.
#[test]
fn a_known_channel_missing_its_objects_is_a_finding_not_a_failure() {
    let (_, mandiri) = CheckStatus::EXAMPLES[0];
    let mut body: Value = serde_json::from_str(mandiri).unwrap();
    body.as_object_mut().unwrap().remove("virtual_account_info");
    body.as_object_mut()
        .unwrap()
        .remove("virtual_account_payment");
    let typed = decode(&body.to_string());
    let Response::VirtualAccount(va) = &typed else {
        panic!("{typed:?}")
    };
    assert!(va.virtual_account_info.is_none());
    let report = typed.conformance();
    let texts: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    // virtual_account_payment is optional in the shape: only the info is missed.
    assert_eq!(
        texts,
        ["(body): key \"virtual_account_info\" is missing (variant VirtualAccount)"]
    );
    assert_eq!(serde_json::to_value(&typed).unwrap(), body);
}

/// The page's cut-off Alfa sample is listed (`cut_off: true`): `check` reads what it holds in
/// full as the Online to Offline shape its channel.id names, and the stand-in never serves it.
#[test]
fn the_cut_off_alfa_sample_is_checked_but_never_served() {
    let names: Vec<&str> = CheckStatus::EXAMPLES.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["virtual_account_mandiri"]);
    let spec_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/payments");
    doku_partner_codegen::check_spec_file(&spec_dir.join("check_status.yaml"), "check_status.yaml")
        .unwrap_or_else(|d| panic!("{d}"));
    // A copy whose Alfa text holds a member of the variant in full with the wrong JSON type.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("check_status_cut_off");
    std::fs::create_dir_all(dir.join("examples")).unwrap();
    for entry in std::fs::read_dir(spec_dir.join("examples")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join("examples").join(entry.file_name())).unwrap();
    }
    std::fs::copy(
        spec_dir.join("check_status.yaml"),
        dir.join("check_status.yaml"),
    )
    .unwrap();
    let wrong = ALFA_CUT_OFF.replace(
        "\"created_date\": \"20211229093735\"",
        "\"created_date\": 20211229093735",
    );
    assert_ne!(wrong, ALFA_CUT_OFF);
    std::fs::write(
        dir.join("examples/check_status.online_to_offline_alfa.cut_off.txt"),
        wrong,
    )
    .unwrap();
    let refused =
        doku_partner_codegen::check_spec_file(&dir.join("check_status.yaml"), "check_status.yaml")
            .unwrap_err()
            .to_string();
    assert!(
        refused.contains(
            "response sample `online_to_offline_alfa` (cut off) does not fit the field table \
             (variant `OnlineToOffline`): `online_to_offline_info.created_date` must be a JSON \
             string, found number"
        ),
        "{refused}"
    );
    // The keys the cut removed (the third identifier's value, what follows) are not reported.
    assert!(!refused.contains("is required"), "{refused}");
}
