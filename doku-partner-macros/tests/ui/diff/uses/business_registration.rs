// Code a user wrote against the shipped Business Registration bindings, included beside a
// derive whose module is `business_registration` (issue 23's build cross-check; see
// uses/generate_token.rs). `Business` has more than six required fields, so it has no `new`:
// it is built as a struct literal.

use doku_partner::support::Num;

/// A `Business` as a struct literal, as the shipped bindings have it.
pub fn written_against_business_registration(
    phone_calling_code: Num<2>,
    phone_number: Num<13>,
) -> business_registration::body::Business {
    business_registration::body::Business {
        type_: business_registration::BusinessType::Personal,
        callback_url: String::new(),
        legal_entity: business_registration::BusinessLegalEntity::Perseorangan,
        name: String::new(),
        description: None,
        email: String::new(),
        phone_calling_code,
        phone_number,
        website_readiness: String::new(),
        mobile_app_readiness: String::new(),
        brands: Vec::new(),
        addresses: Vec::new(),
        contacts: Vec::new(),
    }
}
