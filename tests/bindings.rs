//! The facade ships ready bindings for every spec in `spec/`: adding a spec without adding its
//! derive to `src/lib.rs` fails here, as does a derive without the `doc_path` that makes its
//! module's example a doctest.

#[test]
fn every_spec_in_the_spec_folder_has_ready_bindings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let facade = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    // rustfmt breaks a long attribute over lines: compare without whitespace.
    let facade: String = facade.split_whitespace().collect();
    let mut specs: Vec<String> = std::fs::read_dir(root.join("spec"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".yml"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty());
    for spec in specs {
        let attr =
            format!("#[doku(spec = \"spec/{spec}\", doc_path = \"doku_partner::endpoints\")]");
        let compact: String = attr.split_whitespace().collect();
        assert!(
            facade.contains(&compact),
            "src/lib.rs has no `{attr}`: add a derive for spec/{spec} to `endpoints`"
        );
    }
}

/// Check Requirements and Get Business Data share their query enums (one type each, as the
/// pages agree on the values): a value built for one is sent to the other as it is.
#[test]
fn shared_query_enums_are_one_type() {
    use doku_partner::endpoints::{check_requirements, get_business_data};
    let business_type: check_requirements::BusinessType =
        get_business_data::BusinessType::Corporate;
    let line: get_business_data::BrandBusinessLine =
        check_requirements::BrandBusinessLine::Education;
    let entity: check_requirements::BusinessLegalEntity =
        get_business_data::BusinessLegalEntity::Pt;
    assert_eq!(business_type.as_str(), "CORPORATE");
    assert_eq!(line.as_str(), "EDUCATION");
    assert_eq!(entity.as_str(), "PT");
}

/// The same for the payment specs (issue 26): every spec in `spec/payments/` has its derive in
/// `src/payments.rs`.
#[test]
fn every_payment_spec_has_ready_bindings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let facade = std::fs::read_to_string(root.join("src/payments.rs")).unwrap();
    let facade: String = facade.split_whitespace().collect();
    let mut specs: Vec<String> = std::fs::read_dir(root.join("spec/payments"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".yml"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty());
    for spec in specs {
        let attr = format!(
            "#[doku(spec = \"spec/payments/{spec}\", doc_path = \"doku_partner::payments\")]"
        );
        let compact: String = attr.split_whitespace().collect();
        assert!(
            facade.contains(&compact),
            "src/payments.rs has no `{attr}`: add a derive for spec/payments/{spec}"
        );
    }
}
