// A required body field cannot be left out of a struct literal: `invited_user` is Mandatory.

use doku_partner::endpoints::create_business_lite::body::{Body, Business, BusinessContact};

fn main() {
    let _ = Body {
        business: Business::new(
            "13aa67f8",
            "John Store",
            BusinessContact::new("John", "john@example.invalid", "62", "81510229216"),
        ),
        referral: None,
    };
}
