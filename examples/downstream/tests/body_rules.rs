//! Rules over body fields, on a body with nested objects and arrays (this crate's Register
//! Outlet spec): every violation is listed, each with its JSON path, whether the body comes
//! from JSON or is built from types; a `one_of` rule is a type, so "both" cannot be built.

use doku_partner::support::{Endpoint, Violation};
use downstream_example::RegisterOutlet;
use downstream_example::register_outlet::body::{
    Body, Outlet, OutletAddress, OutletDocument, OutletDocumentFileIdOrFileUrl,
};
use downstream_example::register_outlet::{
    DocumentCategory, DocumentCode, LegalEntity, OutletType,
};
use serde_json::{Value, json};

fn sample() -> Value {
    serde_json::from_str(<RegisterOutlet as Endpoint>::REQUEST_EXAMPLES[0].1).unwrap()
}

fn violations(value: &Value) -> Vec<String> {
    match Body::from_value(value.clone()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.violations.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn the_sample_is_valid() {
    assert_eq!(violations(&sample()), Vec::<String>::new());
}

#[test]
fn every_violation_of_a_nested_body_at_once_with_json_paths() {
    let mut body = sample();
    let outlet = &mut body["outlet"];
    // A rule between siblings: PERSONAL allows only PERSEORANGAN.
    outlet["type"] = json!("PERSONAL");
    // Formats, on the text of a string and the digits of a number.
    outlet["name"] = json!("A name much longer than the forty characters allowed");
    outlet["phone_number"] = json!(12_345_678_901_234_u64);
    outlet["phone_calling_code"] = json!(62);
    outlet["address"]["country"] = json!("IDN");
    outlet["tags"][1] = json!("a tag of more than twenty characters");
    // Inside array elements: a rule per element, an unknown key, an undocumented value.
    outlet["documents"][0]
        .as_object_mut()
        .unwrap()
        .remove("code");
    outlet["documents"][1]["file_id"] = json!("DCM-1");
    outlet["documents"][1]["extra"] = json!(true);
    outlet["social_media"][0]["code"] = json!("TIKTOK");
    assert_eq!(
        violations(&body),
        [
            "`outlet.name` is 52 characters long, more than the 40 allowed (format string(40): any characters, 1 to 40 characters)",
            "`outlet.phone_calling_code` must be a JSON string, found number",
            "`outlet.phone_number` is 14 characters long, more than the 13 allowed (format N(13): ASCII digits, 1 to 13 characters)",
            "`outlet.tags[1]` is 36 characters long, more than the 20 allowed (format string(20): any characters, 1 to 20 characters)",
            "`outlet.address.country` is 3 characters long, more than the 2 allowed (format AN(2): ASCII letters and digits, 1 to 2 characters)",
            "`outlet.documents[0].code` is required when `outlet.documents[0].category` is DOCUMENT",
            "`outlet.documents[1].extra` is not a documented field; documented here: category, code, file_id, file_url",
            "exactly one of `outlet.documents[1].file_id`, `outlet.documents[1].file_url` must be given; 2 given",
            "`outlet.social_media[0].code` = \"TIKTOK\" is not a documented value; expected one of: INSTAGRAM, FACEBOOK",
            "`outlet.legal_entity` = \"PT\" is not allowed when `outlet.type` is PERSONAL; allowed: PERSEORANGAN",
        ]
    );
}

#[test]
fn violations_carry_the_json_path_the_rule_and_the_length() {
    let mut body = sample();
    body["outlet"]["address"]["line"] = json!("x".repeat(101));
    let errors = Body::from_value(body).unwrap_err();
    let [Violation::Format(e)] = errors.violations.as_slice() else {
        panic!("{errors}");
    };
    assert_eq!(e.field.as_deref(), Some("outlet.address.line"));
    assert_eq!(e.rule.to_string(), "ANS(100)");
    assert_eq!(e.len, 101);
}

#[test]
fn missing_and_mistyped_containers_are_reported_without_walking_into_them() {
    let body = json!({"outlet": {"type": "CORPORATE", "documents": {"category": "LOGO"}}});
    assert_eq!(
        violations(&body),
        [
            "`outlet.legal_entity` is required",
            "`outlet.name` is required",
            "`outlet.phone_calling_code` is required",
            "`outlet.phone_number` is required",
            "`outlet.address` is required",
            "`outlet.documents` must be a JSON array, found object",
        ]
    );
    assert_eq!(
        violations(&json!("text")),
        ["`(body)` must be a JSON object, found string"]
    );
    let errors = Body::from_json("{\"outlet\": ").unwrap_err();
    assert!(
        errors
            .to_string()
            .contains("the body is not JSON: EOF while parsing"),
        "{errors}"
    );
}

fn typed_body(outlet_type: OutletType, legal_entity: LegalEntity) -> Body {
    Body {
        outlet: Outlet {
            type_: outlet_type,
            legal_entity,
            name: "Toko Maju".parse().unwrap(),
            phone_calling_code: "62".parse().unwrap(),
            phone_number: 81_234_567_890,
            tags: None,
            address: OutletAddress::new(
                "Jalan Gatot Subroto No 20".parse().unwrap(),
                "ID".parse().unwrap(),
            ),
            documents: vec![
                OutletDocument::new(
                    DocumentCategory::Document,
                    OutletDocumentFileIdOrFileUrl::FileId("DCM-1".parse().unwrap()),
                )
                .with_code(DocumentCode::Ktp),
                OutletDocument::new(
                    DocumentCategory::Logo,
                    OutletDocumentFileIdOrFileUrl::FileUrl(
                        "https://example.invalid/l.png".parse().unwrap(),
                    ),
                ),
            ],
            social_media: None,
        },
        invited_email: None,
    }
}

#[test]
fn a_typed_body_is_checked_for_what_its_types_cannot_say() {
    assert!(
        typed_body(OutletType::Corporate, LegalEntity::Pt)
            .validate()
            .is_ok()
    );
    let errors = typed_body(OutletType::Personal, LegalEntity::Pt)
        .validate()
        .unwrap_err();
    assert_eq!(
        errors.to_string(),
        "invalid request: 1 problem(s)\n  - `outlet.legal_entity` = \"PT\" is not allowed when `outlet.type` is PERSONAL; allowed: PERSEORANGAN"
    );
    let mut body = typed_body(OutletType::Corporate, LegalEntity::Cv);
    body.outlet.documents[0].code = None;
    body.outlet.phone_number = 12_345_678_901_234;
    let errors = body.validate().unwrap_err();
    assert_eq!(errors.violations.len(), 2, "{errors}");
}

#[test]
fn a_one_of_choice_serialises_as_exactly_one_key() {
    let body = typed_body(OutletType::Corporate, LegalEntity::Pt);
    let value = serde_json::to_value(&body).unwrap();
    assert_eq!(
        value["outlet"]["documents"],
        json!([
            {"category": "DOCUMENT", "code": "KTP", "file_id": "DCM-1"},
            {"category": "LOGO", "file_url": "https://example.invalid/l.png"}
        ])
    );
    // And back, through the JSON entry point.
    assert_eq!(Body::from_value(value).unwrap(), body);
}

#[test]
fn the_request_type_runs_the_body_and_header_checks() {
    let request = downstream_example::register_outlet::Request::new(
        "BRN-1".parse().unwrap(),
        typed_body(OutletType::Personal, LegalEntity::Pt),
        "REF-1".parse().unwrap(),
    );
    let errors = request.validate().unwrap_err();
    assert_eq!(errors.violations.len(), 1, "{errors}");

    let raw = downstream_example::register_outlet::RawRequest {
        brand_id: "BRN-1",
        body: "{}",
        x_partner_ref: "REF\n1",
    };
    let errors = raw.validate().unwrap_err();
    let text = errors.to_string();
    assert!(text.contains("`outlet` is required"), "{text}");
    assert!(
        text.contains("header `X-Partner-Ref` may only hold visible ASCII"),
        "{text}"
    );
}
