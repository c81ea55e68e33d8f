//! Prints the code generated for a spec: `cargo run -p doku-partner-codegen --example emit -- spec/x.yaml`.
fn main() {
    let path = std::env::args().nth(1).expect("spec path");
    let spec = match doku_partner_codegen::load_spec_file(path.as_ref(), &path) {
        Ok(spec) => spec,
        Err(d) => {
            eprintln!("{d}");
            std::process::exit(1);
        }
    };
    let input = doku_partner_codegen::emit::EmitInput {
        spec: &spec,
        target: syn::parse_str("GetBusinessData").unwrap(),
        vis: syn::parse_str("pub").unwrap(),
        runtime: doku_partner_codegen::emit::default_runtime_path(),
        spec_display_path: path.clone(),
        track_files: vec![],
        examples: vec![],
    };
    match doku_partner_codegen::emit::emit_file(&input) {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("{e}");
            print!("{}", doku_partner_codegen::emit::emit(&input));
        }
    }
}
