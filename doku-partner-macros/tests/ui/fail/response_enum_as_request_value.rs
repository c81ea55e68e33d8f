// A value from a response is a lenient `response::BusinessType` (it keeps values DOKU adds
// later); a request takes the strict `BusinessType`.

use doku_partner::endpoints::get_business_data::{self, BusinessType};

fn main() {
    let _: BusinessType = get_business_data::response::BusinessType::Personal;
}
