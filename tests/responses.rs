//! Get Business Data responses: both page samples decode into the generated types and encode
//! back to the same JSON value; nothing the server sends is lost.

use doku_partner::endpoints::get_business_data::{
    BrandBusinessLine, BusinessLegalEntity, BusinessType, Response,
};
use doku_partner::support::OrUnknown;
use serde_json::Value;

const PERSONAL: &str = include_str!("../spec/examples/get_business_data.personal.json");
const CORPORATE: &str = include_str!("../spec/examples/get_business_data.corporate.json");

fn round_trip(text: &str) -> (Response, Value) {
    let decoded: Response = serde_json::from_str(text).expect("sample decodes");
    let original: Value = serde_json::from_str(text).unwrap();
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(encoded, original, "re-encoding changed the JSON");
    (decoded, original)
}

#[test]
fn personal_sample_round_trips_losslessly() {
    let (business, _) = round_trip(PERSONAL);
    assert_eq!(business.id, "BSN-0104-1678960841263");
    assert_eq!(business.type_, BusinessType::Personal);
    assert_eq!(
        business.legal_entity.code,
        BusinessLegalEntity::Perseorangan
    );
    let brand = &business.brands[0];
    assert_eq!(brand.shared_key.expose_secret(), "SK-ViEeAojc5K0nBrL41ou4");
    assert_eq!(brand.category.as_deref(), Some("NON_RETAIL"));
    assert!(brand.business_line.is_none());
    assert_eq!(brand.minimum_transaction, 0);
    assert_eq!(brand.maximum_transaction, 100);
    assert_eq!(brand.products.len(), 6);
    assert_eq!(brand.social_media[1].code, "INSTAGRAM");
    assert!(brand.audit_logs.is_empty());
    assert!(business.contacts[0].liveness_image.is_some());
    assert_eq!(business.step_number, 10);
    assert_eq!(
        business.approval_uuid,
        "0fe9de0c-1879-4a32-a6a1-935043a2c648"
    );
    assert!(
        business.extra.is_empty(),
        "every sample field is in the spec: {:?}",
        business.extra
    );
}

#[test]
fn corporate_sample_round_trips_losslessly() {
    let (business, _) = round_trip(CORPORATE);
    assert_eq!(business.type_, BusinessType::Corporate);
    assert_eq!(business.legal_entity.code, BusinessLegalEntity::Pt);
    let line = business.brands[0]
        .business_line
        .as_ref()
        .expect("CORPORATE sends business_line");
    assert_eq!(line.code, BrandBusinessLine::Education);
    assert!(business.brands[0].category.is_none());
    assert_eq!(business.documents.len(), 7);
    assert_eq!(
        business
            .documents
            .iter()
            .filter(|d| d.relation.is_some())
            .count(),
        2
    );
    assert!(business.contacts[0].liveness_factor.is_none());
}

#[test]
fn unknown_keys_and_enum_values_survive_a_round_trip() {
    let mut value: Value = serde_json::from_str(PERSONAL).unwrap();
    value["type"] = "SOLE_PROPRIETOR".into();
    value["new_top_level"] = serde_json::json!({"nested": [1, 2.5, null]});
    value["brands"][0]["loyalty_tier"] = "GOLD".into();
    value["brands"][0]["photo_proofs"][0]["hash"] = "abc".into();
    let decoded: Response = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        decoded.type_,
        OrUnknown::<BusinessType>::Unknown("SOLE_PROPRIETOR".into())
    );
    assert!(!decoded.type_.is_known());
    assert_eq!(
        decoded.extra["new_top_level"],
        serde_json::json!({"nested": [1, 2.5, null]})
    );
    assert_eq!(decoded.brands[0].extra["loyalty_tier"], "GOLD");
    assert_eq!(serde_json::to_value(&decoded).unwrap(), value);
}

#[test]
fn a_missing_required_field_or_a_wrong_type_is_a_decode_error_naming_it() {
    let mut value: Value = serde_json::from_str(PERSONAL).unwrap();
    value.as_object_mut().unwrap().remove("status");
    let err = serde_json::from_value::<Response>(value).unwrap_err();
    assert!(err.to_string().contains("missing field `status`"), "{err}");

    let mut value: Value = serde_json::from_str(PERSONAL).unwrap();
    value["brands"][0]["minimum_transaction"] = "zero".into();
    let err = serde_json::from_value::<Response>(value).unwrap_err();
    assert!(
        err.to_string()
            .contains("invalid type: string \"zero\", expected i64"),
        "{err}"
    );
}

#[test]
fn a_duplicate_key_is_refused() {
    let text = PERSONAL.replacen(
        "\"status\": \"UPDATING\"\n}",
        "\"status\": \"UPDATING\", \"status\": \"X\"\n}",
        1,
    );
    assert_ne!(text, PERSONAL);
    let err = serde_json::from_str::<Response>(&text).unwrap_err();
    assert!(
        err.to_string().contains("duplicate field `status`"),
        "{err}"
    );
}

#[test]
fn optional_fields_may_be_null_or_absent() {
    let mut value: Value = serde_json::from_str(CORPORATE).unwrap();
    value["brands"][0]["business_line"] = Value::Null;
    let decoded: Response = serde_json::from_value(value.clone()).unwrap();
    assert!(decoded.brands[0].business_line.is_none());
    // The explicit null is not dropped: it comes back on re-encoding.
    assert_eq!(serde_json::to_value(&decoded).unwrap(), value);
}

/// Numbers survive exactly as sent: a 40-digit ID in a key the spec does not know comes back
/// digit for digit, and re-encoding gives back the same text (it used to become
/// `2.2252407120945332e+39`); a documented integer field too large for its type is an error,
/// never a rounded value.
#[test]
fn numbers_are_kept_exactly_as_sent() {
    let id = "22252407120945332000000000000000000000001";
    let text = PERSONAL.replacen('{', &format!("{{\"partner_numeric_id\": {id},"), 1);
    let decoded: Response = serde_json::from_str(&text).unwrap();
    assert_eq!(decoded.extra["partner_numeric_id"].as_text(), id);
    let again = serde_json::to_string(&decoded).unwrap();
    assert!(
        again.contains(&format!("\"partner_numeric_id\":{id}")),
        "{again}"
    );

    let too_big = PERSONAL.replacen(
        "\"minimum_transaction\": 0",
        &format!("\"minimum_transaction\": {id}"),
        1,
    );
    assert_ne!(too_big, PERSONAL, "the sample has the field");
    assert!(serde_json::from_str::<Response>(&too_big).is_err());
}

/// A response field holds the request's own enum type, wrapped in `OrUnknown`: a business
/// read from DOKU can be asked for again without going through strings, and there is one
/// `BusinessType` to name, not two.
#[test]
fn response_fields_hold_the_request_enum() {
    let decoded: Response = serde_json::from_str(PERSONAL).unwrap();
    assert!(decoded.type_ == BusinessType::Personal);
    let asked_again: BusinessType = decoded.type_.known().expect("a documented value");
    assert_eq!(asked_again, BusinessType::Personal);
    assert_eq!(
        OrUnknown::from(BusinessType::Corporate).as_str(),
        "CORPORATE"
    );
    let unknown = OrUnknown::<BusinessType>::from("FRANCHISE");
    assert_eq!(unknown.known(), None);
    assert_eq!(unknown.to_string(), "FRANCHISE");
    assert!(unknown != BusinessType::Corporate);
}
