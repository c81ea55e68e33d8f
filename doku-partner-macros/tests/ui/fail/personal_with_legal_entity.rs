// A PERSONAL business always has legal entity PERSEORANGAN: `Query::Personal` has no field
// to put a legal entity in.

use doku_partner::endpoints::get_business_data::{CorporateBusinessLegalEntity, Query};

fn main() {
    let _ = Query::Personal {
        business_legal_entity: CorporateBusinessLegalEntity::Pt,
    };
}
