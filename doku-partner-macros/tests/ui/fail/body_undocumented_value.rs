// A request body cannot carry a value DOKU does not document: `grant_type` only takes
// `client_credentials`.

use doku_partner::endpoints::generate_token::GrantType;
use doku_partner::endpoints::generate_token::body::Body;

fn main() {
    let _ = Body::new(GrantType::Password);
}
