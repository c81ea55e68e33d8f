//! Editing only a spec rebuilds the crate that derives from it: the derive makes rustc record
//! the spec (and its example files) as inputs of the crate.
//!
//! Builds a scratch crate twice with cargo, changing only the YAML in between, and checks that
//! the binary sees the change. Offline, with this workspace's lock file.

use std::path::{Path, PathBuf};
use std::process::Command;

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn build_and_run(dir: &Path, target: &Path) -> String {
    let status = cargo()
        .args(["build", "--offline", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "scratch crate builds");
    let out = Command::new(target.join("debug").join("rebuild-probe"))
        .output()
        .expect("probe runs");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn editing_the_spec_rebuilds_the_user_crate() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target_root = root.join("target");
    let dir = target_root.join("rebuild-probe");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("spec/examples")).unwrap();

    let spec_src = root.join("examples/downstream/spec/list_settlements.yaml");
    let spec = std::fs::read_to_string(&spec_src).unwrap();
    std::fs::copy(
        root.join("examples/downstream/spec/examples/list_settlements.json"),
        dir.join("spec/examples/list_settlements.json"),
    )
    .unwrap();
    std::fs::write(dir.join("spec/probe.yaml"), &spec).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"rebuild-probe\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\ndoku-partner = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
            root.display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("src/main.rs"),
        "#[derive(doku_partner::Endpoint)]\n#[doku(spec = \"spec/probe.yaml\")]\npub struct Probe;\n\n\
         fn main() {\n    println!(\"{}\", <Probe as doku_partner::support::Endpoint>::PATH_TEMPLATE);\n}\n",
    )
    .unwrap();

    let target = target_root.join("rebuild-probe-target");
    let first = build_and_run(&dir, &target);
    assert_eq!(
        first.trim(),
        "/demo/v1/brands/{brand_id}/settlements/{settlement_type}"
    );

    let edited = spec.replace("path: /demo/v1/brands/", "path: /demo/v2/brands/");
    assert_ne!(edited, spec);
    std::fs::write(dir.join("spec/probe.yaml"), edited).unwrap();
    let second = build_and_run(&dir, &target);
    assert_eq!(
        second.trim(),
        "/demo/v2/brands/{brand_id}/settlements/{settlement_type}"
    );
}
