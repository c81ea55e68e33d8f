// A value from a response is an `OrUnknown<BusinessType>` (it may hold a value DOKU added
// later); a request takes the `BusinessType` itself, so the response value must be unwrapped
// with `.known()` first. The error names both types apart.

use doku_partner::endpoints::get_business_data::{BusinessType, Response};

fn resend(response: &Response) -> BusinessType {
    response.type_.clone()
}

fn main() {}
