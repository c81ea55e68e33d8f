//! Get Business Data requests: every combination of the page's Possible Values tables is
//! accepted or refused exactly as the page says, through the string entry point; the typed
//! API encodes the path and query as DOKU expects.

use doku_partner::endpoints::get_business_data::{
    BrandBusinessLine, BusinessLegalEntity, BusinessType, CorporateBusinessLegalEntity, Query,
    RawRequest, Request,
};
use doku_partner::support::Violation;

// The page's Possible Values tables, written down here from the page (not from the spec).
const CORPORATE_ENTITIES: [&str; 11] = [
    "PT",
    "CV",
    "UD",
    "KOPERASI",
    "FIRMA",
    "PP",
    "BUMN",
    "PTN_BH",
    "YAYASAN",
    "PERKUMPULAN_BERBADAN_HUKUM",
    "BLU",
];
const BUSINESS_LINES: [&str; 23] = [
    "AGRICULTURE",
    "CAPITAL_MARKET",
    "CHARITY",
    "COMMUNICATION",
    "DIGITAL_AND_GAME",
    "EDUCATION",
    "EVENT_ORGANIZER",
    "FINANCIAL_SERVICE",
    "FOOD_AND_BEVERAGE",
    "GAS_STATION",
    "HOSPITALITY",
    "INSURANCE",
    "LOGISTICS",
    "MANUFACTURE",
    "MARKETPLACE",
    "MINING",
    "ONLINE_STORE",
    "P2P_LENDING",
    "PROPERTY",
    "PUBLIC_SERVICE",
    "RETAIL",
    "TRANSPORTATION",
    "TRAVEL_AGENT",
];

fn page_allows(business_type: &str, entity: &str, line: &str, nationality: &str) -> bool {
    nationality == "ID"
        && match business_type {
            "PERSONAL" => entity == "PERSEORANGAN" && line == "RETAIL",
            "CORPORATE" => CORPORATE_ENTITIES.contains(&entity) && BUSINESS_LINES.contains(&line),
            _ => false,
        }
}

fn raw<'a>(
    business_type: &'a str,
    entity: &'a str,
    line: &'a str,
    nationality: &'a str,
) -> RawRequest<'a> {
    RawRequest {
        client_id: "BRN-0104-1678960841263",
        business_type,
        business_legal_entity: entity,
        brand_business_line: line,
        business_contact_nationality: nationality,
    }
}

#[test]
fn every_combination_of_the_possible_values_is_accepted_or_refused_as_the_page_says() {
    let entities: Vec<&str> = std::iter::once("PERSEORANGAN")
        .chain(CORPORATE_ENTITIES)
        .collect();
    let mut accepted = 0;
    let mut refused = 0;
    for business_type in ["PERSONAL", "CORPORATE"] {
        for entity in &entities {
            for line in BUSINESS_LINES {
                for nationality in ["ID", "SG"] {
                    let result = raw(business_type, entity, line, nationality).validate();
                    let expected = page_allows(business_type, entity, line, nationality);
                    assert_eq!(
                        result.is_ok(),
                        expected,
                        "{business_type} {entity} {line} {nationality}: {result:?}"
                    );
                    match result {
                        Ok(request) => {
                            accepted += 1;
                            // What is sent is exactly what was given.
                            assert_eq!(
                                request.query_string().as_deref(),
                                Some(
                                    format!(
                                        "businessType={business_type}&businessLegalEntity={entity}\
                                         &brandBusinessLine={line}&businessContactNationality={nationality}"
                                    )
                                    .as_str()
                                )
                            );
                        }
                        Err(_) => refused += 1,
                    }
                }
            }
        }
    }
    // 1 PERSONAL combination, 11 × 23 CORPORATE ones.
    assert_eq!(accepted, 1 + 11 * 23);
    assert_eq!(refused, 2 * 12 * 23 * 2 - accepted);
}

#[test]
fn the_string_entry_point_reports_every_violation_at_once() {
    let errors = RawRequest {
        client_id: "",
        business_type: "PERSONAL",
        business_legal_entity: "PT",
        brand_business_line: "MINING",
        business_contact_nationality: "XX",
    }
    .validate()
    .unwrap_err();
    let messages: Vec<String> = errors.violations.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "`client_id` is required",
            "`businessContactNationality` = \"XX\" is not a documented value; expected one of: ID",
            "`businessLegalEntity` = \"PT\" is not allowed when `businessType` is PERSONAL; allowed: PERSEORANGAN",
            "`brandBusinessLine` = \"MINING\" is not allowed when `businessType` is PERSONAL; allowed: RETAIL",
        ]
    );
    assert!(matches!(errors.violations[0], Violation::Missing { .. }));
}

#[test]
fn a_corporate_request_refuses_the_personal_legal_entity() {
    let errors = raw("CORPORATE", "PERSEORANGAN", "EDUCATION", "ID")
        .validate()
        .unwrap_err();
    assert_eq!(errors.violations.len(), 1);
    assert!(
        matches!(&errors.violations[0], Violation::NotAllowedWith { field, value, .. }
            if field == "businessLegalEntity" && value == "PERSEORANGAN"),
        "{errors}"
    );
}

#[test]
fn unknown_values_and_bad_client_ids_are_refused_with_the_rule() {
    let errors = RawRequest {
        client_id: "BRN\n0104",
        business_type: "SOLE",
        business_legal_entity: "PT",
        brand_business_line: "RETAIL",
        business_contact_nationality: "ID",
    }
    .validate()
    .unwrap_err();
    let text = errors.to_string();
    assert!(
        text.contains("`client_id` has '\\n' at position 4"),
        "{text}"
    );
    assert!(
        text.contains("\"SOLE\" is not a documented value; expected one of: PERSONAL, CORPORATE"),
        "{text}"
    );
}

#[test]
fn typed_requests_encode_path_and_query() {
    let personal = Request::new("BRN-0104-1678960841263".parse().unwrap(), Query::Personal);
    assert_eq!(
        personal.path(),
        "/adv-core-api/partner/v1.0/business/BRN-0104-1678960841263"
    );
    assert_eq!(
        personal.query_string().unwrap(),
        "businessType=PERSONAL&businessLegalEntity=PERSEORANGAN&brandBusinessLine=RETAIL&businessContactNationality=ID"
    );
    assert_eq!(personal.query.business_type(), BusinessType::Personal);
    assert_eq!(
        personal.query.business_legal_entity(),
        BusinessLegalEntity::Perseorangan
    );

    let corporate = Request::new(
        "BRN 0111/1679387230274".parse().unwrap(),
        Query::Corporate {
            business_legal_entity: CorporateBusinessLegalEntity::PtnBh,
            brand_business_line: BrandBusinessLine::P2pLending,
        },
    );
    // Path parameters are percent-encoded.
    assert_eq!(
        corporate.path(),
        "/adv-core-api/partner/v1.0/business/BRN%200111%2F1679387230274"
    );
    assert_eq!(
        corporate.query_string().unwrap(),
        "businessType=CORPORATE&businessLegalEntity=PTN_BH&brandBusinessLine=P2P_LENDING&businessContactNationality=ID"
    );
    assert_eq!(
        BusinessLegalEntity::from(CorporateBusinessLegalEntity::PtnBh),
        BusinessLegalEntity::PtnBh
    );
    assert!(CorporateBusinessLegalEntity::try_from(BusinessLegalEntity::Perseorangan).is_err());
}

#[test]
fn enums_round_trip_through_their_wire_strings() {
    assert_eq!(BusinessLegalEntity::ALL.len(), 12);
    assert_eq!(CorporateBusinessLegalEntity::ALL.len(), 11);
    assert_eq!(BrandBusinessLine::ALL.len(), 23);
    for value in BrandBusinessLine::ALL {
        assert_eq!(value.as_str().parse::<BrandBusinessLine>().unwrap(), *value);
        assert_eq!(value.to_string(), value.as_str());
        assert_eq!(BrandBusinessLine::try_from(value.as_str()).unwrap(), *value);
    }
    assert_eq!(
        BusinessType::ALL
            .iter()
            .map(|v| v.as_str())
            .collect::<Vec<_>>(),
        ["PERSONAL", "CORPORATE"]
    );
    let err = "personal".parse::<BusinessType>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"personal\" is not a BusinessType value; expected one of: PERSONAL, CORPORATE"
    );
}
