//! The walk on crates written to a temporary folder: what it refuses, and what it leaves to
//! rustc.

use std::path::PathBuf;

use super::{Site, problems_and_spec_enums};

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
    walk_both(case, files, invoking, rust_path).0
}

/// [`walk`], and the enums whose `rust_path` the walk shows to be a spec's enum.
fn walk_both(
    case: &str,
    files: &[(&str, &str)],
    invoking: &str,
    rust_path: &str,
) -> (Vec<String>, Vec<String>) {
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
    let (problems, spec_enums) = problems_and_spec_enums(&spec, &site);
    let found = problems.iter().map(|d| d.render()).collect();
    let _ = std::fs::remove_dir_all(&dir);
    (found, spec_enums)
}

#[test]
fn only_a_path_the_walk_follows_to_a_spec_enum_counts_as_seen() {
    // Seen: the generated code names the path as it is. Not seen (a module with a macro
    // call): the generated code guards it with a stand-in (`EnumDef::rust_path_unseen`).
    let main = main_with(&format!("pub mod endpoints {{ {OWNERS} }}"));
    let seen = walk_both(
        "seen",
        &[("src/main.rs", &main)],
        "src/main.rs",
        "crate::endpoints::list_owners::Kind",
    );
    assert_eq!(seen, (Vec::new(), vec!["Kind".to_string()]));
    let main = main_with(&format!(
        "pub mod endpoints {{ {OWNERS} }}\npub mod things {{ some_macro!(); }}"
    ));
    let unseen = walk_both(
        "unseen",
        &[("src/main.rs", &main)],
        "src/main.rs",
        "crate::things::Kind",
    );
    assert_eq!(unseen, (Vec::new(), Vec::new()));
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
    // Each module may hold more than its source shows: a glob import of another crate, a macro
    // call, an attribute macro, an unknown derive, a `#[path]` module whose file is missing, an
    // item under `cfg`; and a derive outside the crate's tree (a doctest) reads nothing.
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

#[test]
fn a_re_export_or_alias_is_followed_to_the_item_it_names() {
    // Each: the crate's modules, the `rust_path`, and the item the error must name.
    let cases = [
        (
            "pub mod things { mod inner { pub struct Kind; } pub use inner::Kind; }",
            "crate::things::Kind",
            "names a struct (`crate::things::inner::Kind`, in `main.rs`)",
        ),
        (
            "pub mod things { mod inner { pub struct Thing; } pub use self::inner::Thing as Kind; }",
            "crate::things::Kind",
            "names a struct (`crate::things::inner::Thing`",
        ),
        (
            "pub mod things { pub mod inner { pub enum Kind { A } } }\npub use things::inner;",
            "crate::inner::Kind",
            "names an enum that no spec generates (in `main.rs`)",
        ),
        (
            "pub mod things { pub type Kind = super::other::Thing; }\n\
             pub mod other { #[allow(non_snake_case)] pub fn Thing() {} pub struct Thing; }",
            "crate::things::Kind",
            "names a struct (`crate::other::Thing`",
        ),
        (
            "pub mod things { use crate::other::{self as o}; pub use o::Kind; }\n\
             pub mod other { pub trait Kind {} }",
            "crate::things::Kind",
            "names a trait (`crate::other::Kind`",
        ),
    ];
    for (i, (modules, rust_path, expected)) in cases.iter().enumerate() {
        let main = main_with(&format!("pub mod endpoints {{ {OWNERS} }}\n{modules}"));
        let found = walk(
            &format!("reexport{i}"),
            &[("src/main.rs", &main)],
            "src/main.rs",
            rust_path,
        );
        assert_eq!(found.len(), 1, "{modules}: {found:?}");
        assert!(
            found[0].contains(expected)
                && found[0].contains("`crate::endpoints::list_owners::Kind`"),
            "{modules}: {}",
            found[0]
        );
    }
}

#[test]
fn a_re_export_of_a_spec_enum_or_its_module_is_no_problem() {
    let fine = [
        (
            "pub mod shared { pub use crate::endpoints::list_owners::Kind; }",
            "crate::shared::Kind",
        ),
        (
            "pub mod shared { pub type Kind = super::endpoints::list_owners::Kind; }",
            "crate::shared::Kind",
        ),
        (
            "pub mod shared { pub use super::endpoints::list_owners; }",
            "crate::shared::list_owners::Kind",
        ),
        (
            "pub use endpoints::list_owners as owners;",
            "crate::owners::Kind",
        ),
    ];
    for (i, (modules, rust_path)) in fine.iter().enumerate() {
        let main = main_with(&format!("pub mod endpoints {{ {OWNERS} }}\n{modules}"));
        let found = walk(
            &format!("fine{i}"),
            &[("src/main.rs", &main)],
            "src/main.rs",
            rust_path,
        );
        assert_eq!(found, Vec::<String>::new(), "{modules}");
    }
    // Through a re-exported derive module, an enum its spec does not generate is named so.
    let main = main_with(&format!(
        "pub mod endpoints {{ {OWNERS}\n#[derive(doku_partner::Endpoint)]\n\
         #[doku(spec = \"specs/list_sorts.yaml\")]\npub struct Sorts; }}\n\
         pub use endpoints::sorts as owners;"
    ));
    let found = walk(
        "reexported_derive",
        &[("src/main.rs", &main)],
        "src/main.rs",
        "crate::owners::Kind",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("`crate::owners`, the module of `Sorts`'s derive")
            && found[0].contains("holds no enum `Kind`")
            && found[0].contains("generates `Sort`"),
        "{}",
        found[0]
    );
}

#[test]
fn a_re_export_the_source_cannot_follow_is_left_to_rustc() {
    // Another crate's item, a cycle of re-exports, a generic alias, a re-export out of a
    // module a macro may add to.
    let unknown = [
        "pub mod things { pub use std::string::String as Kind; }",
        "pub mod things { pub use ::std::string::String as Kind; }",
        "pub mod things { pub use super::others::Kind; }\n\
         pub mod others { pub use super::things::Kind; }",
        "pub mod things { pub use self::Kind as Other; pub use self::Other as Kind; }",
        "pub mod things { pub type Kind = Vec<u8>; }",
        "pub mod things { pub use super::others::Kind; }\n\
         pub mod others { some_macro!(); }",
    ];
    for (i, modules) in unknown.iter().enumerate() {
        let main = main_with(&format!("pub mod endpoints {{ {OWNERS} }}\n{modules}"));
        let found = walk(
            &format!("unknown{i}"),
            &[("src/main.rs", &main)],
            "src/main.rs",
            "crate::things::Kind",
        );
        assert_eq!(found, Vec::<String>::new(), "{modules}");
    }
}

#[test]
fn check_walks_from_each_derive_of_the_spec_in_the_crate_above_it() {
    let dir = std::env::temp_dir().join(format!("doku-crate-paths-{}-check", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("Cargo.toml", "[package]\nname = \"c\"\n");
    write("specs/list_owners.yaml", &spec_yaml("list_owners", None));
    let typo = "crate::endpointz::list_owners::Kind";
    write(
        "specs/list_users.yaml",
        &spec_yaml("list_users", Some(typo)),
    );
    write("specs/unused.yaml", &spec_yaml("unused", Some(typo)));
    write(
        "src/lib.rs",
        &format!("pub mod endpoints {{ {OWNERS} }}\npub mod users {{ {USERS} }}"),
    );
    let spec_path = dir.join("specs/list_users.yaml");
    assert_eq!(
        super::crate_of(&spec_path).map(|d| d.canonicalize().unwrap()),
        Some(dir.canonicalize().unwrap())
    );
    let spec = crate::load_spec_file(&spec_path, "list_users.yaml").unwrap();
    let found: Vec<String> = super::crate_problems(&spec, &spec_path, &dir)
        .iter()
        .map(|d| d.render())
        .collect();
    // A spec no derive of the crate names: nothing to walk from.
    let unused_path = dir.join("specs/unused.yaml");
    let unused = crate::load_spec_file(&unused_path, "unused.yaml").unwrap();
    let unused = super::crate_problems(&unused, &unused_path, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("module `crate` holds no `endpointz`")
            && found[0].contains("did you mean `endpoints`?"),
        "{}",
        found[0]
    );
    assert!(unused.is_empty());
}

#[test]
fn a_glob_import_is_followed_to_what_it_brings() {
    // (modules, rust_path, what the one error says, or `None`: no problem).
    let cases: [(&str, &str, Option<&str>); 6] = [
        (
            "pub mod things { mod inner { pub struct Kind; } pub use inner::*; }",
            "crate::things::Kind",
            Some("names a struct (`crate::things::inner::Kind`, in `main.rs`)"),
        ),
        // A private item is not brought by a glob of another module: the name is missing.
        (
            "pub mod things { mod inner { struct Kind; } pub use inner::*; }",
            "crate::things::Kind",
            Some("module `crate::things` holds no `Kind`"),
        ),
        (
            "pub mod shared { pub use super::endpoints::*; }",
            "crate::shared::list_ownerz::Kind",
            Some("module `crate::shared` holds no `list_ownerz`"),
        ),
        (
            "pub mod shared { pub use super::endpoints::*; }",
            "crate::shared::list_owners::Kind",
            None,
        ),
        // A cycle of globs, and two globs bringing the name: left to rustc.
        (
            "pub mod things { pub use super::others::*; }\n\
             pub mod others { pub use super::things::*; }",
            "crate::things::Kind",
            None,
        ),
        (
            "pub mod things { pub use self::a::*; pub use self::b::*;\n\
             pub mod a { pub struct Kind; } pub mod b { pub struct Kind; } }",
            "crate::things::Kind",
            None,
        ),
    ];
    for (i, (modules, rust_path, expected)) in cases.iter().enumerate() {
        let main = main_with(&format!("pub mod endpoints {{ {OWNERS} }}\n{modules}"));
        let found = walk(
            &format!("glob{i}"),
            &[("src/main.rs", &main)],
            "src/main.rs",
            rust_path,
        );
        match expected {
            Some(expected) => {
                assert_eq!(found.len(), 1, "{modules}: {found:?}");
                assert!(
                    found[0].contains(expected)
                        && found[0].contains("`crate::endpoints::list_owners::Kind`"),
                    "{modules}: {}",
                    found[0]
                );
            }
            None => assert_eq!(found, Vec::<String>::new(), "{modules}"),
        }
    }
}

#[test]
fn a_path_attribute_module_is_read_from_its_file() {
    // Relative to the declaring file's folder; inside an inline module, to the folder it
    // stands for. The file's own `mod x;` children sit beside it.
    let main = main_with(&format!(
        "pub mod endpoints {{ {OWNERS} }}\n#[path = \"gen/things_impl.rs\"] pub mod things;\n\
         pub mod nested {{ #[path = \"more.rs\"] pub mod more; }}"
    ));
    let files = [
        ("src/main.rs", main.as_str()),
        (
            "src/gen/things_impl.rs",
            "pub struct Kind;\npub mod deeper;",
        ),
        ("src/gen/deeper.rs", "pub struct Other;"),
        ("src/nested/more.rs", "pub struct Kind;"),
    ];
    for (i, (rust_path, expected)) in [
        (
            "crate::things::Kind",
            "names a struct (in `things_impl.rs`)",
        ),
        (
            "crate::things::deeper::Kind",
            "module `crate::things::deeper` holds no `Kind`",
        ),
        ("crate::nested::more::Kind", "names a struct (in `more.rs`)"),
    ]
    .iter()
    .enumerate()
    {
        let found = walk(&format!("path_attr{i}"), &files, "src/main.rs", rust_path);
        assert_eq!(found.len(), 1, "{rust_path}: {found:?}");
        assert!(found[0].contains(expected), "{rust_path}: {}", found[0]);
    }
}

#[test]
fn globs_that_import_each_other_end_without_an_answer() {
    // Six modules, each glob-importing the five others: without a bound the lookup of a name
    // none of them holds would branch five ways at each of its hops.
    let modules: String = (0..6)
        .map(|i| {
            let globs: String = (0..6)
                .filter(|j| *j != i)
                .map(|j| format!("pub use super::m{j}::*; "))
                .collect();
            format!("pub mod m{i} {{ {globs}}}\n")
        })
        .collect();
    let main = main_with(&format!("pub mod endpoints {{ {OWNERS} }}\n{modules}"));
    let found = walk(
        "glob_mesh",
        &[("src/main.rs", &main)],
        "src/main.rs",
        "crate::m0::Kind",
    );
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn a_near_miss_below_a_macro_call_is_a_typo_a_far_name_is_left_to_rustc() {
    // `api` calls a macro, so it may hold more than its source shows; but `endpointz` is one
    // letter from `endpoints`, a module it shows: a typo, reported here (below the first
    // module rustc's own error would carry no spec location).
    let main = main_with(&format!(
        "pub mod api {{ some_macro!();\npub mod endpoints {{ {OWNERS} }} }}"
    ));
    let found = walk(
        "near_macro",
        &[("src/main.rs", &main)],
        "src/main.rs",
        "crate::api::endpointz::list_owners::Kind",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("module `crate::api` holds no `endpointz`")
            && found[0].contains("did you mean `endpoints`?")
            && found[0].contains("calls a macro"),
        "{}",
        found[0]
    );
    // A name no module of the source is one edit from may be the macro's: left to rustc.
    for far in ["made_by_macro", "endpontz"] {
        let found = walk(
            "far_macro",
            &[("src/main.rs", &main)],
            "src/main.rs",
            &format!("crate::api::{far}::list_owners::Kind"),
        );
        assert_eq!(found, Vec::<String>::new(), "{far}");
    }
    // So is the right name.
    let found = walk(
        "right_macro",
        &[("src/main.rs", &main)],
        "src/main.rs",
        "crate::api::endpoints::list_owners::Kind",
    );
    assert_eq!(found, Vec::<String>::new());
}
