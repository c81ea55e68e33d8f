//! The derive inside a function body (a test helper, a one-off script): the generated module
//! and the trait impls sit beside the struct, so nothing names it through `super::`.
#![deny(warnings, missing_docs)]

use doku_partner::support::{ApiRequest, Endpoint};

fn main() {
    #[derive(doku_partner::Endpoint)]
    #[doku(spec = "../../../../examples/downstream/spec/list_settlements.yaml")]
    pub struct LocalSettlements;

    assert_eq!(LocalSettlements::NAME, "list_settlements");
    let request = local_settlements::Request::new(
        "BRN-1".parse().unwrap(),
        local_settlements::SettlementType::Daily,
        local_settlements::Query {
            status: None,
            channel: None,
            page: None,
            from_date: "2024-01-01".parse().unwrap(),
        },
    );
    fn through_the_trait<R: ApiRequest>(request: &R) -> String {
        request.path()
    }
    assert_eq!(through_the_trait(&request), "/demo/v1/brands/BRN-1/settlements/DAILY");
}
