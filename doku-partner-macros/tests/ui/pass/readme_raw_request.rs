//! The string entry point as the README shows it: every violation is reported at once.
#![deny(warnings, missing_docs)]

use doku_partner::endpoints::get_business_data::RawRequest;

fn main() {
    let errors = RawRequest {
        client_id: "BRN-0104-1678960841263",
        business_type: "PERSONAL",
        business_legal_entity: "PT",
        brand_business_line: "MINING",
        business_contact_nationality: "ID",
    }
    .validate()
    .unwrap_err();
    assert_eq!(
        errors.to_string(),
        "invalid request: 2 problem(s)\n  \
         - `businessLegalEntity` = \"PT\" is not allowed when `businessType` is PERSONAL; allowed: PERSEORANGAN\n  \
         - `brandBusinessLine` = \"MINING\" is not allowed when `businessType` is PERSONAL; allowed: RETAIL"
    );

    let request = RawRequest {
        client_id: "BRN-0104-1678960841263",
        business_type: "CORPORATE",
        business_legal_entity: "PT",
        brand_business_line: "MINING",
        business_contact_nationality: "ID",
    }
    .validate()
    .expect("a valid CORPORATE combination");
    assert_eq!(request.client_id.as_str(), "BRN-0104-1678960841263");
}
