//! The derive from a crate outside doku-partner: its own spec (optional parameters, a rule
//! checked at validation time, numbers, arrays of scalars) and the shipped one side by side.

use doku_partner::support::{Conformance, Endpoint, Violation};
use downstream_example::{get_business_data, list_settlements};
use serde_json::Value;

const SAMPLE: &str = include_str!("../spec/examples/list_settlements.json");

#[test]
fn two_derives_in_one_module_do_not_collide() {
    assert_eq!(
        <downstream_example::ListSettlements as Endpoint>::NAME,
        "list_settlements"
    );
    assert_eq!(
        <downstream_example::GetBusinessData as Endpoint>::NAME,
        "get_business_data"
    );
    // Same enum name in both specs? No: but both modules have `Request`, `Query`, `Response`.
    let _: Option<list_settlements::Request> = None;
    let _: Option<get_business_data::Request> = None;
    assert_eq!(
        <downstream_example::ListSettlements as Endpoint>::EXAMPLES.len(),
        1
    );
    assert_eq!(
        <downstream_example::GetBusinessData as Endpoint>::EXAMPLES.len(),
        2
    );
}

#[test]
fn typed_request_with_optional_parameters() {
    let request = list_settlements::Request::new(
        "BRN-0104 1678960841263".parse().unwrap(),
        list_settlements::SettlementType::Weekly,
        list_settlements::Query {
            status: Some(list_settlements::SettlementStatus::Paid),
            channel: None,
            page: Some("2".parse().unwrap()),
            from_date: "2024-01-01".parse().unwrap(),
        },
    );
    assert_eq!(
        request.path(),
        "/demo/v1/brands/BRN-0104%201678960841263/settlements/WEEKLY"
    );
    assert_eq!(
        request.query_string().unwrap(),
        "status=PAID&page=2&fromDate=2024-01-01"
    );
    assert!(request.validate().is_ok());
}

/// Issue 27: the client writes the path and the query into its URL buffer, after the base URL
/// and `?`: the first pair written gets no `&`, whether or not the optional ones before it are
/// there, and the text is the same as `path` and `query_string` give.
#[test]
fn path_and_query_are_written_after_what_the_buffer_holds() {
    for (status, channel) in [
        (None, None),
        (None, Some(list_settlements::Channel::Qris)),
        (Some(list_settlements::SettlementStatus::Paid), None),
    ] {
        let request = list_settlements::Request::new(
            "BRN-0104".parse().unwrap(),
            list_settlements::SettlementType::Weekly,
            list_settlements::Query {
                status,
                channel,
                page: None,
                from_date: "2024-01-01".parse().unwrap(),
            },
        );
        let mut url = String::from("https://example.test");
        request.write_path(&mut url);
        url.push('?');
        request.write_query(&mut url);
        let query = request.query_string().unwrap();
        assert!(!query.starts_with('&'), "{query}");
        assert_eq!(
            url,
            format!("https://example.test{}?{query}", request.path())
        );
    }
}

#[test]
fn a_rule_the_types_cannot_express_is_checked_before_sending() {
    let request = list_settlements::Request::new(
        "BRN-1".parse().unwrap(),
        list_settlements::SettlementType::Daily,
        list_settlements::Query {
            status: Some(list_settlements::SettlementStatus::OnHold),
            channel: Some(list_settlements::Channel::Qris),
            page: None,
            from_date: "2024-01-01".parse().unwrap(),
        },
    );
    let errors = request.validate().unwrap_err();
    assert_eq!(
        errors.to_string(),
        "invalid request: 1 problem(s)\n  - `channel` = \"QRIS\" is not allowed when `status` is ON_HOLD; \
         allowed: VIRTUAL_ACCOUNT, CREDIT_CARD"
    );
}

#[test]
fn raw_request_with_optional_parameters_reports_everything() {
    let ok = list_settlements::RawRequest {
        brand_id: "BRN-1",
        settlement_type: "DAILY",
        status: None,
        channel: Some("QRIS"),
        page: None,
        from_date: "2024-01-01",
    }
    .validate()
    .unwrap();
    assert_eq!(
        ok.query_string().unwrap(),
        "channel=QRIS&fromDate=2024-01-01"
    );

    let errors = list_settlements::RawRequest {
        brand_id: "BRN-1",
        settlement_type: "HOURLY",
        status: Some("ON_HOLD"),
        channel: Some("QRIS"),
        page: Some("12345"),
        from_date: "",
    }
    .validate()
    .unwrap_err();
    let kinds: Vec<String> = errors.violations.iter().map(ToString::to_string).collect();
    assert_eq!(kinds.len(), 4, "{kinds:#?}");
    assert!(
        matches!(&errors.violations[0], Violation::UnknownValue { field, .. } if field == "settlement_type")
    );
    assert!(
        kinds[1].starts_with("`page` is 5 characters long, more than the 4 allowed"),
        "{}",
        kinds[1]
    );
    assert_eq!(kinds[2], "`fromDate` is required");
    assert!(
        matches!(&errors.violations[3], Violation::NotAllowedWith { field, .. } if field == "channel")
    );
}

#[test]
fn response_round_trips_and_reports_what_breaks_the_spec() {
    let decoded: list_settlements::Response = serde_json::from_str(SAMPLE).unwrap();
    let original: Value = serde_json::from_str(SAMPLE).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), original);
    assert_eq!(decoded.total, 1_500_000);
    assert_eq!(decoded.settlements[0].amount.as_f64(), Some(150000.5));
    assert_eq!(decoded.settlements[1].extra["reversal_reason"], "duplicate");
    assert_eq!(decoded.extra["generated_by"], "demo");
    assert_eq!(decoded.settlements[0].type_, "DAILY");

    let findings: Vec<String> = decoded
        .conformance()
        .findings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        findings,
        [
            "settlements[1].id: has '-' at position 4 (AN(32), 8 characters)",
            "settlements[1].status: \"REVERSED\" is not a documented value (enum SettlementStatus)",
        ]
    );
}

/// A `json: number` field keeps the number exactly as sent, whatever its size.
#[test]
fn a_number_field_is_lossless() {
    let digits = "12345678901234567890123456789012345678901.25";
    let text = SAMPLE.replacen("150000.5", digits, 1);
    assert_ne!(text, SAMPLE, "the sample has the amount");
    let decoded: list_settlements::Response = serde_json::from_str(&text).unwrap();
    assert_eq!(decoded.settlements[0].amount.as_str(), digits);
    assert!(serde_json::to_string(&decoded).unwrap().contains(digits));
}
