//! Writes `doku-partner generate`'s output for every shipped spec into `OUT_DIR`, as a user
//! pasting it into their crate would have it.

use std::path::Path;

const SPECS: &[&str] = &[
    "check_requirements",
    "generate_token",
    "upload_file",
    "business_registration",
    "create_business_lite",
    "get_business_data",
    "payment_notification",
    "kyb_callback",
];

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let spec_dir = Path::new(&manifest).join("../../spec");
    for name in SPECS {
        let path = spec_dir.join(format!("{name}.yaml"));
        println!("cargo::rerun-if-changed={}", path.display());
        let display = format!("spec/{name}.yaml");
        let spec =
            doku_partner_codegen::load_spec_file(&path, &display).unwrap_or_else(|d| panic!("{d}"));
        let samples =
            doku_partner_codegen::read_examples(&spec, &spec_dir).unwrap_or_else(|e| panic!("{e}"));
        let file = doku_partner_codegen::generate_file_at(
            &spec,
            &display,
            samples,
            Some("strict_lints::pasted"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(Path::new(&out).join(format!("{name}.rs")), file)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    println!("cargo::rerun-if-changed=../../spec/examples");
}
