// Code a user wrote against the shipped Get Business Data bindings, included beside a derive
// whose module is `get_business_data` (issue 23's build cross-check; see uses/generate_token.rs).

/// Reads the business ID and builds the next request, as the shipped bindings have them.
pub fn written_against_get_business_data(
    reply: &get_business_data::Response,
    client_id: doku_partner::support::Ans<50>,
) -> (&String, get_business_data::Request) {
    let request = get_business_data::Request::new(client_id, get_business_data::Query::Personal);
    (&reply.id, request)
}
