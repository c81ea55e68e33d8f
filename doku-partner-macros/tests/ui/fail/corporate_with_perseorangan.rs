// PERSEORANGAN is the PERSONAL legal entity: a CORPORATE query cannot hold it.

use doku_partner::endpoints::get_business_data::{
    BrandBusinessLine, CorporateBusinessLegalEntity, Query,
};

fn main() {
    let _ = Query::Corporate {
        business_legal_entity: CorporateBusinessLegalEntity::Perseorangan,
        brand_business_line: BrandBusinessLine::Retail,
    };
}
