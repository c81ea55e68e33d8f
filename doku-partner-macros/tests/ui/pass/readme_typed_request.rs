//! The typed API as the README shows it: a CORPORATE request built from enums, encoded the
//! way DOKU expects.
#![deny(warnings, missing_docs)]

use doku_partner::endpoints::get_business_data::{
    BrandBusinessLine, CorporateBusinessLegalEntity, Query, Request,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let request = Request::new(
        "BRN-0104-1678960841263".parse()?,
        Query::Corporate {
            business_legal_entity: CorporateBusinessLegalEntity::Pt,
            brand_business_line: BrandBusinessLine::Education,
        },
    );
    assert_eq!(
        request.path(),
        "/adv-core-api/partner/v1.0/business/BRN-0104-1678960841263"
    );
    assert_eq!(
        request.query_string().as_deref(),
        Some(
            "businessType=CORPORATE&businessLegalEntity=PT&brandBusinessLine=EDUCATION\
             &businessContactNationality=ID"
        )
    );

    // A PERSONAL request has nothing to choose: the page fixes every other value.
    let personal = Request::new("BRN-1".parse()?, Query::Personal);
    assert_eq!(
        personal.query.business_legal_entity().as_str(),
        "PERSEORANGAN"
    );
    Ok(())
}
