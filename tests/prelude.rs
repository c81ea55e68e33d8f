//! `use doku_partner::prelude::*;` is the one import a user needs besides the endpoint's
//! module: the derive, the traits its code implements and the types a call names.

use doku_partner::endpoints::get_business_data::{Query, Request};
use doku_partner::prelude::*;

/// The derive and the `Endpoint` trait share their name; the prelude brings both.
#[derive(Endpoint)]
#[doku(spec = "spec/generate_token.yaml")]
pub struct TokenAgain;

#[test]
fn the_prelude_names_the_derive_the_traits_and_the_credentials() {
    assert_eq!(<TokenAgain as Endpoint>::NAME, "generate_token");

    let request = Request::new("BRN-0104-1678960841263".parse().unwrap(), Query::Personal);
    assert_eq!(
        request.path(),
        "/adv-core-api/partner/v1.0/business/BRN-0104-1678960841263"
    );
    // No rule the types cannot express: `validate` is `ApiRequest`'s, through the prelude.
    assert!(request.validate().is_ok());

    let credentials = Credentials::new("BRN-0001-10791114622547", SecretKey::from("SK-test"));
    assert!(!format!("{credentials:?}").contains("SK-test"));
}
