//! An enum's `rust_path` resolved before any build: the module it names must be a spec's, the
//! enum one that spec generates, with the same values in the same order. rustc alone reports
//! a module that does not exist as an unresolved import at the derive, with no spec line.
//!
//! A `rust_path` is `<path>::<module>::<Enum>`: the module of the other spec's derive, named
//! after the deriving struct (`GetBusinessData` → `get_business_data`), which is the spec's
//! `name` for doku_partner's own specs and in `doku-partner generate`'s files. The spec is found
//! by that name among, in order: the specs checked together (`doku-partner check a.yaml
//! b.yaml`), the specs in the same folder as this one, and, for a path under
//! `doku_partner::endpoints`, the specs doku_partner ships ([`BUNDLED`]). A module under the
//! user's own path that names none of them is an error unless a spec beside this one generates
//! the enum (the struct may be named otherwise; rustc resolves the path and the build checks
//! the values at the enum's line) and the module is no near miss of a spec's name.
//!
//! The crate part of a path under `crate` or `super` is walked by the derive through the
//! crate's source (`crate_paths`); what the source cannot tell is resolved by the generated code
//! beside a stand-in for its first module (`emit::enums`): a module that is not there or other
//! values fail the build with one error that starts with the enum's `file:line:col`; a type
//! that is no spec's enum fails with such an error first.

use std::path::{Path, PathBuf};

use crate::diagnostic::{self, Diagnostic, Loc};
use crate::model::{EnumDef, Spec};

/// An enum of [`BUNDLED`]: its name and its wire values in order.
pub type BundledEnum = (&'static str, &'static [&'static str]);

/// Enum `BusinessLegalEntity`, the same in Check Requirements and Get Business Data.
const LEGAL_ENTITIES: &[&str] = &[
    "PERSEORANGAN",
    "PT",
    "CV",
    "UD",
    "KOPERASI",
    "FIRMA",
    "PP",
    "BUMN",
    "PTN_BH",
    "YAYASAN",
    "PERKUMPULAN_BERBADAN_HUKUM",
    "BLU",
];

/// Enum `BrandBusinessLine`, the same in Check Requirements and Get Business Data.
const BUSINESS_LINES: &[&str] = &[
    "AGRICULTURE",
    "CAPITAL_MARKET",
    "CHARITY",
    "COMMUNICATION",
    "DIGITAL_AND_GAME",
    "EDUCATION",
    "EVENT_ORGANIZER",
    "FINANCIAL_SERVICE",
    "FOOD_AND_BEVERAGE",
    "GAS_STATION",
    "HOSPITALITY",
    "INSURANCE",
    "LOGISTICS",
    "MANUFACTURE",
    "MARKETPLACE",
    "MINING",
    "ONLINE_STORE",
    "P2P_LENDING",
    "PROPERTY",
    "PUBLIC_SERVICE",
    "RETAIL",
    "TRANSPORTATION",
    "TRAVEL_AGENT",
];

/// The enums `doku_partner::endpoints` generates: for each spec of this repository's `spec/`
/// folder, its module and its generated enums with their wire values in order.
/// `tests/loader.rs` (`bundled_enums_are_the_shipped_specs`) keeps it equal to the specs.
pub const BUNDLED: &[(&str, &[BundledEnum])] = &[
    (
        "business_registration",
        &[
            ("BusinessType", &["PERSONAL"]),
            ("BusinessLegalEntity", &["PERSEORANGAN"]),
        ],
    ),
    (
        "check_requirements",
        &[
            ("BusinessType", &["PERSONAL", "CORPORATE"]),
            ("BusinessLegalEntity", LEGAL_ENTITIES),
            ("BrandBusinessLine", BUSINESS_LINES),
            ("BusinessContactNationality", &["ID"]),
        ],
    ),
    ("create_business_lite", &[]),
    ("generate_token", &[("GrantType", &["client_credentials"])]),
    (
        "get_business_data",
        &[
            ("BusinessType", &["PERSONAL", "CORPORATE"]),
            ("BusinessLegalEntity", LEGAL_ENTITIES),
            ("BrandBusinessLine", BUSINESS_LINES),
            ("BusinessContactNationality", &["ID"]),
        ],
    ),
    ("kyb_callback", &[]),
    (
        "payment_notification",
        &[("TransactionStatus", &["SUCCESS", "FAILED"])],
    ),
    (
        "upload_file",
        &[
            (
                "UploadCategory",
                &[
                    "OWNER_LIVENESS",
                    "PHOTO_PROOF",
                    "LOGO",
                    "DOCUMENT",
                    "SERVICE_AGREEMENT",
                    "BANK_ACCOUNT",
                ],
            ),
            (
                "DocumentCode",
                &[
                    "AKTA_PENDIRIAN_PERUSAHAAN",
                    "BPOM",
                    "COMPANY_REGISTRATION",
                    "IZIN_BLU",
                    "IZIN_BOPI",
                    "IZIN_DISPENDIK_KEMENDIKBUD",
                    "IZIN_DISTRIBUTOR_RESMI",
                    "IZIN_EDAR_ALAT_KESEHATAN",
                    "IZIN_KERAMAIAN",
                    "IZIN_KOPERASI_SIMPAN_PINJAM",
                    "IZIN_PENYELENGGARAAN_IBADAH_HAJI_DAN_UMRAH",
                    "IZIN_PMB",
                    "IZIN_PUB",
                    "IZIN_USAHA",
                    "IZIN_USAHA_PERSEORANGAN",
                    "KITAS_OR_KITAP",
                    "KTP",
                    "LICENSE_ASIC",
                    "LICENSE_CFTC",
                    "LICENSE_CYSEC",
                    "LICENSE_FCA",
                ],
            ),
        ],
    ),
];

/// A spec a `rust_path` may name, as far as this check needs it.
struct Target<'a> {
    /// Where it was found, for the notes: `checked together`, a file name, `doku_partner`.
    origin: String,
    /// Its generated enums and their wire values.
    enums: Vec<(&'a str, Vec<&'a str>)>,
    /// The enums it declares (some may be used nowhere, so not generated).
    declared: Vec<&'a str>,
}

/// The enums `spec` generates (those it uses somewhere), each with its wire values in order.
pub fn enums_of(spec: &Spec) -> Vec<(&str, Vec<&str>)> {
    crate::emit::generated_enums(spec)
        .into_iter()
        .map(|d| {
            (
                d.name.as_str(),
                d.values.iter().map(|v| v.wire.as_str()).collect(),
            )
        })
        .collect()
}

/// The specs beside `spec_file` (same folder, `.yaml` or `.yml`, not itself), loaded, with
/// their file names; a spec that does not load is left out (its own check reports it).
pub fn sibling_specs(spec_file: &Path) -> Vec<(String, Spec)> {
    let dir = match spec_file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .filter(|p| p.file_name() != spec_file.file_name())
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let name = path.file_name()?.to_string_lossy().into_owned();
            crate::load_spec_file(&path, &name).ok().map(|s| (name, s))
        })
        .collect()
}

/// Whether `segments` (without the module and the enum) is `doku_partner::endpoints`.
fn under_bundled(prefix: &[&str]) -> bool {
    prefix == ["doku_partner", "endpoints"]
}

/// Every `rust_path` of `spec` that does not name an enum of a spec found (see the module
/// docs): `together` are the specs checked at the same time, `siblings` those in its folder.
pub fn problems(spec: &Spec, together: &[&Spec], siblings: &[(String, Spec)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for def in &spec.enums {
        if let Some(path) = &def.rust_path
            && let Some(d) = problem(spec, def, path, together, siblings)
        {
            out.push(d);
        }
    }
    out
}

fn problem(
    spec: &Spec,
    def: &EnumDef,
    path: &str,
    together: &[&Spec],
    siblings: &[(String, Spec)],
) -> Option<Diagnostic> {
    let width = u32::try_from(def.name.chars().count()).unwrap_or(1);
    let at = Loc::new(def.pos.line, def.pos.column, width);
    let segments: Vec<&str> = path
        .split("::")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let (module, name, prefix) = match segments.as_slice() {
        [prefix @ .., module, name] => (*module, *name, prefix),
        _ => ("", segments.last().copied().unwrap_or_default(), &[][..]),
    };
    let bundled = under_bundled(prefix);
    let target = together
        .iter()
        .find(|o| o.name == module && o.name != spec.name)
        .map(|o| Target {
            origin: format!("spec `{module}`"),
            enums: enums_of(o),
            declared: o.enums.iter().map(|d| d.name.as_str()).collect(),
        })
        .or_else(|| {
            siblings
                .iter()
                .find(|(_, o)| o.name == module && o.name != spec.name)
                .map(|(file, o)| Target {
                    origin: format!("spec `{module}` ({file})"),
                    enums: enums_of(o),
                    declared: o.enums.iter().map(|d| d.name.as_str()).collect(),
                })
        })
        .or_else(|| {
            BUNDLED
                .iter()
                .find(|(m, _)| bundled && *m == module)
                .map(|(_, enums)| Target {
                    origin: format!("doku_partner's `{module}`"),
                    enums: enums.iter().map(|(n, v)| (*n, v.to_vec())).collect(),
                    declared: Vec::new(),
                })
        });
    let Some(target) = target else {
        let mut known: Vec<&str> = together
            .iter()
            .map(|o| o.name.as_str())
            .chain(siblings.iter().map(|(_, o)| o.name.as_str()))
            .filter(|m| *m != spec.name)
            .collect();
        if bundled {
            known.extend(BUNDLED.iter().map(|(m, _)| *m));
        }
        known.sort_unstable();
        known.dedup();
        let no_module = ["", "crate", "self", "super"].contains(&module);
        let near = diagnostic::did_you_mean(module, known.iter().copied());
        // A derive names its module after the deriving struct, which may differ from the
        // spec's `name`: a module that is no near miss, under the user's own path, is left to
        // rustc when a spec beside this one generates the enum (the build then checks the
        // values at this line).
        let generated_beside = together
            .iter()
            .copied()
            .chain(siblings.iter().map(|(_, o)| o))
            .filter(|o| o.name != spec.name)
            .any(|o| enums_of(o).iter().any(|(n, _)| *n == name));
        if !bundled && !no_module && near.is_none() && generated_beside {
            return None;
        }
        let message = if no_module {
            format!("`rust_path` `{path}` names no spec's module")
        } else {
            format!("`rust_path` `{path}` names module `{module}`, which no spec generates")
        };
        let mut d = Diagnostic::error(message)
            .at(at)
            .label("`rust_path` of this enum")
            .note(
                "a `rust_path` is `<path>::<module>::<Enum>`: the enum another spec \
                 generates, in the module of its derive (named after the deriving struct, \
                 usually the spec's `name`); that spec sits in this spec's folder, or is one of \
                 doku_partner's own (`::doku_partner::endpoints::get_business_data::BusinessType`)",
            );
        d = match near {
            Some(near) => d.help(format!("did you mean `{near}`?")),
            None if known.is_empty() => d.help(format!(
                "no spec beside this one generates enums; drop `rust_path` to generate `{name}` here"
            )),
            None => d.help(format!(
                "the modules there are {}",
                diagnostic::list_or(&known)
            )),
        };
        return Some(d);
    };
    let Some((_, theirs)) = target.enums.iter().find(|(n, _)| *n == name) else {
        let listed: Vec<&str> = target.enums.iter().map(|(n, _)| *n).collect();
        let mut d = Diagnostic::error(format!(
            "`rust_path` `{path}`: {} generates no enum `{name}`",
            target.origin
        ))
        .at(at)
        .label("`rust_path` of this enum");
        d = if target.declared.contains(&name) {
            d.note(format!(
                "{} declares `{name}` but uses it nowhere, so it is not generated",
                target.origin
            ))
        } else if listed.is_empty() {
            d.note(format!("{} generates no enum", target.origin))
        } else if let Some(near) = diagnostic::did_you_mean(name, listed.iter().copied()) {
            d.help(format!("did you mean `{near}`?"))
        } else {
            d.note(format!(
                "{} generates {}",
                target.origin,
                diagnostic::list_or(&listed)
            ))
        };
        return Some(d);
    };
    let ours: Vec<&str> = def.values.iter().map(|v| v.wire.as_str()).collect();
    (ours != *theirs).then(|| {
        Diagnostic::error(format!(
            "`rust_path` `{path}` does not have the values of enum `{}` in this spec",
            def.name
        ))
        .at(at)
        .label(format!("this spec: {}", ours.join(", ")))
        .note(format!("{} has: {}", target.origin, theirs.join(", ")))
        .help("make the lists agree (same values, same order), or drop `rust_path`")
    })
}

#[cfg(test)]
mod tests {
    use super::{BUNDLED, enums_of};

    /// [`BUNDLED`], what a derive or `check` knows of `doku_partner::endpoints`
    /// without building it, is what the shipped specs generate: each spec's module, its generated
    /// enums, their values in order.
    #[test]
    fn bundled_enums_are_the_shipped_specs() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let mut files: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        let mut expected = String::new();
        for path in files {
            let spec = crate::load_spec_file(&path, "spec.yaml").unwrap_or_else(|d| panic!("{d}"));
            let enums: Vec<String> = enums_of(&spec)
                .iter()
                .map(|(name, values)| {
                    let values: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
                    format!("(\"{name}\", &[{}])", values.join(", "))
                })
                .collect();
            expected.push_str(&format!("(\"{}\", &[{}]),\n", spec.name, enums.join(", ")));
        }
        let mut actual = String::new();
        for (module, enums) in BUNDLED {
            let enums: Vec<String> = enums
                .iter()
                .map(|(name, values)| {
                    let values: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
                    format!("(\"{name}\", &[{}])", values.join(", "))
                })
                .collect();
            actual.push_str(&format!("(\"{module}\", &[{}]),\n", enums.join(", ")));
        }
        assert_eq!(actual, expected, "make shared_enums::BUNDLED:\n{expected}");
    }
}
