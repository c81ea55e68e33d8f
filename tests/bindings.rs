//! The facade ships ready bindings for every spec in `spec/`: adding a spec without adding its
//! derive to `src/lib.rs` fails here.

#[test]
fn every_spec_in_the_spec_folder_has_ready_bindings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let facade = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let mut specs: Vec<String> = std::fs::read_dir(root.join("spec"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".yml"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty());
    for spec in specs {
        let attr = format!("#[doku(spec = \"spec/{spec}\")]");
        assert!(
            facade.contains(&attr),
            "src/lib.rs has no `{attr}`: add a derive for spec/{spec} to `endpoints`"
        );
    }
}
