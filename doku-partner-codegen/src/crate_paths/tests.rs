//! The walk on crates written to a temporary folder: what it refuses, and what it leaves to
//! rustc.

use std::path::PathBuf;

use super::{Site, problems};

/// A spec whose enum `Kind` has `rust_path` (or none).
fn spec_yaml(name: &str, rust_path: Option<&str>) -> String {
    spec_yaml_of(name, "Kind", rust_path)
}

/// A spec whose enum `enum_name` has `rust_path` (or none).
fn spec_yaml_of(name: &str, enum_name: &str, rust_path: Option<&str>) -> String {
    let rust_path = rust_path
        .map(|p| format!("    rust_path: {p}\n"))
        .unwrap_or_default();
    format!(
        "name: {name}\ntitle: T\nsummary: S.\ndocs_url: https://example.invalid/x\n\
         method: GET\npath: /x\nhosts:\n  sandbox: https://sandbox.example.invalid\n  \
         production: https://api.example.invalid\nauth:\n  signature: non_snap_hmac_sha256\n\
         query:\n  - name: kind\n    format: string\n    enum: {enum_name}\nenums:\n  {enum_name}:\n\
         {rust_path}    values:\n      - value: PERSONAL\n      - value: CORPORATE\n\
         response:\n  fields:\n    - path: ok\n      format: boolean\n"
    )
}

/// A crate in a fresh folder: `files` are `(relative path, text)`; `src/main.rs` is the
/// root, and the spec `specs/list_users.yaml` names `rust_path`. Returns the problems of
/// the derive of `ListUsers` in `invoking` (a file of `files`).
fn walk(case: &str, files: &[(&str, &str)], invoking: &str, rust_path: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("doku-crate-paths-{}-{case}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("specs/list_owners.yaml", &spec_yaml("list_owners", None));
    write(
        "specs/list_sorts.yaml",
        &spec_yaml_of("list_sorts", "Sort", None),
    );
    write(
        "specs/list_users.yaml",
        &spec_yaml("list_users", Some(rust_path)),
    );
    for (rel, text) in files {
        write(rel, text);
    }
    let spec_path: PathBuf = dir.join("specs/list_users.yaml");
    let spec = crate::load_spec_file(&spec_path, "list_users.yaml").unwrap();
    let site = Site {
        root: &dir.join("src/main.rs"),
        invoking_file: &dir.join(invoking),
        manifest_dir: Some(&dir),
        target: "ListUsers",
    };
    let found = problems(&spec, &site).iter().map(|d| d.render()).collect();
    let _ = std::fs::remove_dir_all(&dir);
    found
}

const OWNERS: &str = "#[derive(doku_partner::Endpoint)]\n\
                      #[doku(spec = \"specs/list_owners.yaml\")]\npub struct ListOwners;\n";
const USERS: &str = "#[derive(doku_partner::Endpoint)]\n\
                     #[doku(spec = \"specs/list_users.yaml\")]\npub struct ListUsers;\n";

fn main_with(modules: &str) -> String {
    format!("{modules}\n{USERS}\nfn main() {{}}\n")
}

#[test]
fn a_path_through_module_files_that_exists_is_no_problem() {
    let main = main_with("mod api;");
    let found = walk(
        "exists",
        &[
            ("src/main.rs", &main),
            ("src/api/mod.rs", "pub mod v1;"),
            (
                "src/api/v1.rs",
                &format!("pub mod endpoints {{ {OWNERS} }}"),
            ),
        ],
        "src/main.rs",
        "crate::api::v1::endpoints::list_owners::Kind",
    );
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn a_typo_in_a_module_file_is_named_with_the_module_meant() {
    let main = main_with("mod api;");
    let found = walk(
        "typo",
        &[
            ("src/main.rs", &main),
            ("src/api.rs", "pub mod v1;"),
            (
                "src/api/v1.rs",
                &format!("pub mod endpoints {{ {OWNERS} }}"),
            ),
        ],
        "src/main.rs",
        "crate::api::v1::endpointz::list_owners::Kind",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("module `crate::api::v1` holds no `endpointz`")
            && found[0].contains("did you mean `endpoints`?")
            && found[0].contains("`crate::api::v1::endpoints::list_owners::Kind`"),
        "{}",
        found[0]
    );
}

#[test]
fn a_typo_in_the_enum_of_a_derive_module_names_its_enums() {
    // The derive of `Sorts` (module `sorts`) generates `Sort`, not `Kind`.
    let main = main_with(
        "#[derive(doku_partner::Endpoint)]\n\
         #[doku(spec = \"specs/list_sorts.yaml\")]\npub struct Sorts;",
    );
    let found = walk(
        "enum",
        &[("src/main.rs", &main)],
        "src/main.rs",
        "crate::sorts::Kind",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("`crate::sorts`, the module of `Sorts`'s derive")
            && found[0].contains("holds no enum `Kind`")
            && found[0].contains("generates `Sort`"),
        "{}",
        found[0]
    );
}

#[test]
fn super_is_the_module_holding_the_derive() {
    let main =
        format!("pub mod owners {{ {OWNERS} }}\npub mod users {{ {USERS} }}\nfn main() {{}}\n");
    let found = walk(
        "super",
        &[("src/main.rs", &main)],
        "src/main.rs",
        "super::list_owners::Kind",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("module `super` (`crate::users`, the module holding `ListUsers`)")
            && found[0].contains("`crate::owners::list_owners::Kind`"),
        "{}",
        found[0]
    );
}

#[test]
fn what_the_source_cannot_tell_is_left_to_rustc() {
    // Each module may hold more than its source shows: a glob import, a macro call, an
    // attribute macro, an unknown derive, a `#[path]` module; and a derive outside the
    // crate's tree (a doctest) reads nothing.
    let opened = [
        "use std::collections::*;",
        "some_macro!();",
        "#[some_attribute] pub struct S;",
        "#[derive(Unknown)] pub struct S;",
        "#[path = \"elsewhere.rs\"] pub mod endpointz;",
        "#[cfg(any())] pub mod endpointz {}",
    ];
    for (i, open) in opened.iter().enumerate() {
        let main = main_with(&format!("pub mod endpoints {{ {OWNERS} }}\n{open}"));
        let found = walk(
            &format!("open{i}"),
            &[("src/main.rs", &main)],
            "src/main.rs",
            "crate::endpointz::list_owners::Kind",
        );
        assert_eq!(found, Vec::<String>::new(), "{open}");
    }
    let main = main_with(&format!("pub mod endpoints {{ {OWNERS} }}"));
    let found = walk(
        "outside",
        &[("src/main.rs", &main), ("doc/other.rs", USERS)],
        "doc/other.rs",
        "crate::endpointz::list_owners::Kind",
    );
    assert_eq!(found, Vec::<String>::new());
    // An enum with a hand-written `WireEnum` is the build's to judge.
    let main = main_with(&format!(
        "pub mod endpoints {{ {OWNERS} }}\npub mod things {{ pub enum Kind {{ A }}\n\
         impl doku_partner::support::WireEnum for Kind {{}} }}"
    ));
    let found = walk(
        "by_hand",
        &[("src/main.rs", &main)],
        "src/main.rs",
        "crate::things::Kind",
    );
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn a_struct_a_function_and_an_enum_of_the_crate_are_no_spec_enums() {
    for (item, kind) in [
        ("pub struct Kind;", "names a struct"),
        (
            "#[allow(non_snake_case)] pub fn Kind() {}",
            "names a function",
        ),
        (
            "pub enum Kind { A }",
            "names an enum that no spec generates",
        ),
    ] {
        let main = main_with(&format!(
            "pub mod endpoints {{ {OWNERS} }}\npub mod things {{ {item} }}"
        ));
        let found = walk(
            "kinds",
            &[("src/main.rs", &main)],
            "src/main.rs",
            "crate::things::Kind",
        );
        assert_eq!(found.len(), 1, "{item}: {found:?}");
        assert!(
            found[0].contains(kind) && found[0].contains("`crate::endpoints::list_owners::Kind`"),
            "{}",
            found[0]
        );
    }
}
