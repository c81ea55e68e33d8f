// The client ID is a checked `Ans<50>`, not a `&str`: parse it (`"BRN-1".parse()?`) or use
// `RawRequest` for unchecked strings.

use doku_partner::endpoints::get_business_data::{Query, Request};

fn main() {
    let _ = Request::new("BRN-1", Query::Personal);
}
