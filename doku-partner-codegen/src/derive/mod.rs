//! `#[derive(Endpoint)]`: attribute parsing, spec path resolution, loading and emitting.
//!
//! Lives here rather than in the proc-macro crate so it is an ordinary, testable function; the
//! macro only supplies what it alone knows (the manifest directory and the invoking file).
//!
//! Spec paths resolve against the crate root (`CARGO_MANIFEST_DIR`) first, then against the
//! directory of the file holding the derive (as `include_str!` does). The second rule is what
//! makes a derive inside trybuild's generated crate, or in a nested module file, find its spec.
//!
//! The derives the emitted items carry are the submodules: `ValueEnum`, `ResponseObject` and
//! `MaskedDebug`.

pub(crate) mod masked_debug;
pub(crate) mod response_object;
pub(crate) mod response_union;
pub(crate) mod value_enum;

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned as _;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::emit::{EmitInput, default_runtime_path, emit};

/// What the proc macro knows about where it runs.
#[derive(Debug, Clone, Default)]
pub struct DeriveEnv {
    /// `CARGO_MANIFEST_DIR` of the crate using the derive.
    pub manifest_dir: Option<PathBuf>,
    /// The file holding the derive (`Span::local_file`), when the compiler tells.
    pub invoking_file: Option<PathBuf>,
    /// The file rustc compiles as the crate root, when known: a `rust_path` into the crate is
    /// then walked through its modules' source before rustc sees it (`crate_paths`).
    pub crate_root: Option<PathBuf>,
}

/// The keys `#[doku(...)]` accepts.
const KEYS: &[&str] = &["spec", "crate", "doc_path"];

struct Attrs {
    spec: Option<LitStr>,
    runtime: Option<syn::Path>,
    doc_path: Option<String>,
}

/// Expands `#[derive(Endpoint)]`; every problem becomes a `compile_error!` at its place.
pub fn expand(input: &DeriveInput, env: &DeriveEnv) -> TokenStream {
    match try_expand(input, env) {
        Ok(tokens) => tokens,
        Err(errors) => {
            let errors = errors.into_iter().map(|e| e.into_compile_error());
            quote!(#(#errors)*)
        }
    }
}

fn try_expand(input: &DeriveInput, env: &DeriveEnv) -> Result<TokenStream, Vec<syn::Error>> {
    let mut errors = Vec::new();
    check_target(input, &mut errors);
    let before_attrs = errors.len();
    let attrs = parse_attrs(input, &mut errors);
    let Some(spec_lit) = attrs.spec else {
        // A malformed `#[doku(...)]` (a misspelled key, an unquoted path) already has its own
        // error at the attribute; "missing spec" on top of it would only mislead.
        if errors.len() == before_attrs {
            errors.push(syn::Error::new(
                Span::call_site(),
                "missing #[doku(spec = \"...\")]: name the endpoint's YAML spec, e.g. \
                 #[doku(spec = \"spec/get_business_data.yaml\")] (relative to the crate root)",
            ));
        }
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }

    let display = spec_lit.value();
    let path = resolve(&display, env).map_err(|msg| vec![syn::Error::new(spec_lit.span(), msg)])?;
    // `rust_path`s are resolved here too: rustc would report a module that does not exist
    // as an unresolved import at the derive, without the spec's line.
    let mut spec = crate::load_spec_file_for_build(&path, &display).map_err(|diagnostics| {
        vec![syn::Error::new(
            spec_lit.span(),
            invalid_spec(&display, &diagnostics),
        )]
    })?;

    // A `rust_path` into this crate, walked through the crate's source: a module or enum that
    // is not there fails here at the spec's line (rustc would report it at the derive only).
    // One the walk cannot show to be a spec's enum is marked, for the generated code to fail
    // once at its line if rustc finds it is none.
    let mut spec_enums = Vec::new();
    if let (Some(root), Some(invoking_file)) = (&env.crate_root, &env.invoking_file)
        && spec.enums.iter().any(|d| d.rust_path.is_some())
    {
        let site = crate::crate_paths::Site {
            root,
            invoking_file,
            manifest_dir: env.manifest_dir.as_deref(),
            target: &input.ident.to_string(),
        };
        let problems;
        (problems, spec_enums) = crate::crate_paths::problems_and_spec_enums(&spec, &site);
        if !problems.is_empty() {
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            let mut cx = crate::diagnostic::Ctxt::new(display.as_str(), &source);
            for problem in problems {
                cx.emit(problem);
            }
            return Err(vec![syn::Error::new(
                spec_lit.span(),
                invalid_spec(&display, &cx.into_diagnostics()),
            )]);
        }
    }
    for def in &mut spec.enums {
        def.rust_path_unseen = def.rust_path.is_some() && !spec_enums.contains(&def.name);
    }

    let spec_dir = path.parent().unwrap_or(Path::new("."));
    let samples = crate::generate::read_examples(&spec, spec_dir).map_err(|msg| {
        vec![syn::Error::new(
            spec_lit.span(),
            format!("{display}: {msg}"),
        )]
    })?;
    // A union's samples must each decode as the variant they name (lower/union.rs): checked
    // here too, so the derive fails at the spec rather than serving a sample of no shape.
    let problems = crate::lower::union::check_samples(&spec, &samples.response);
    if !problems.is_empty() {
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        let mut cx = crate::diagnostic::Ctxt::new(&display, &source);
        for problem in problems {
            cx.emit(problem);
        }
        let diagnostics = cx.into_diagnostics();
        return Err(vec![syn::Error::new(
            spec_lit.span(),
            invalid_spec(&display, &diagnostics),
        )]);
    }
    // The spec and its examples become inputs of the user's crate: editing them rebuilds it.
    let track_files = std::iter::once(path.clone())
        .chain(
            spec.response
                .examples
                .iter()
                .chain(spec.body.iter().flat_map(|b| &b.examples))
                .map(|e| spec_dir.join(&e.file)),
        )
        .map(|p| p.display().to_string())
        .collect();

    let input = EmitInput {
        spec: &spec,
        target: input.ident.clone(),
        vis: input.vis.clone(),
        runtime: attrs.runtime.unwrap_or_else(default_runtime_path),
        spec_display_path: display,
        track_files,
        examples: samples.response,
        request_examples: samples.request,
        response_cut_off: samples.response_cut_off,
        // The files are inputs of the build already (above): read, not copied.
        sample_files: crate::emit::SampleFiles::Absolute(spec_dir.display().to_string()),
        doc_path: attrs.doc_path,
    };
    Ok(emit(&input))
}

fn check_target(input: &DeriveInput, errors: &mut Vec<syn::Error>) {
    let name = &input.ident;
    match &input.data {
        Data::Struct(data) => {
            if let Fields::Unnamed(fields) = &data.fields {
                errors.push(syn::Error::new(
                    fields.span(),
                    format!(
                        "#[derive(Endpoint)] needs a unit struct: write `pub struct {name};` \
                         (it is a marker; the endpoint's types are generated beside it)"
                    ),
                ));
            } else if let Fields::Named(fields) = &data.fields
                && !fields.named.is_empty()
            {
                errors.push(syn::Error::new(
                    fields.span(),
                    format!("#[derive(Endpoint)] needs a unit struct without fields: write `pub struct {name};`"),
                ));
            }
        }
        Data::Enum(data) => errors.push(syn::Error::new(
            data.enum_token.span(),
            format!("#[derive(Endpoint)] works on a unit struct, not an enum: write `pub struct {name};`"),
        )),
        Data::Union(data) => errors.push(syn::Error::new(
            data.union_token.span(),
            format!("#[derive(Endpoint)] works on a unit struct, not a union: write `pub struct {name};`"),
        )),
    }
    if !matches!(input.vis, syn::Visibility::Public(_)) {
        // Rust refuses a less visible type as the associated type of a public trait impl
        // (E0446, "private type in public interface"), which would point at the derive.
        let span = match &input.vis {
            syn::Visibility::Inherited => input.ident.span(),
            vis => vis.span(),
        };
        errors.push(syn::Error::new(
            span,
            format!(
                "#[derive(Endpoint)] needs a `pub` struct: write `pub struct {name};` (the \
                 generated `Request` names it as its endpoint, which Rust allows only for a \
                 public type; the struct can still live in a private module)"
            ),
        ));
    }
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        errors.push(syn::Error::new(
            input.generics.span(),
            "#[derive(Endpoint)] does not take generics: an endpoint is one concrete marker type",
        ));
    }
}

fn parse_attrs(input: &DeriveInput, errors: &mut Vec<syn::Error>) -> Attrs {
    let mut attrs = Attrs {
        spec: None,
        runtime: None,
        doc_path: None,
    };
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("doku")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("spec") {
                let lit: LitStr = meta.value()?.parse().map_err(|e| {
                    syn::Error::new(
                        e.span(),
                        "the spec path must be a string literal: \
                         #[doku(spec = \"spec/get_business_data.yaml\")]",
                    )
                })?;
                if attrs.spec.is_some() {
                    errors.push(syn::Error::new(
                        lit.span(),
                        "duplicate #[doku(spec = ...)]: one derive describes one endpoint; \
                         derive on a second struct for a second spec",
                    ));
                } else {
                    attrs.spec = Some(lit);
                }
                Ok(())
            } else if meta.path.is_ident("crate") {
                let lit: LitStr = meta.value()?.parse().map_err(|e| {
                    syn::Error::new(
                        e.span(),
                        "the runtime path must be a string literal: \
                         #[doku(crate = \"::doku_partner_support\")]",
                    )
                })?;
                match lit.parse::<syn::Path>() {
                    Ok(path) if attrs.runtime.is_none() => attrs.runtime = Some(path),
                    Ok(_) => errors.push(syn::Error::new(lit.span(), "duplicate #[doku(crate = ...)]")),
                    Err(_) => errors.push(syn::Error::new(
                        lit.span(),
                        "#[doku(crate = ...)] takes a path to the support crate, e.g. \"::doku_partner_support\"",
                    )),
                }
                Ok(())
            } else if meta.path.is_ident("doc_path") {
                let lit: LitStr = meta.value()?.parse().map_err(|e| {
                    syn::Error::new(
                        e.span(),
                        "the doc path must be a string literal: \
                         #[doku(doc_path = \"my_crate::endpoints\")]",
                    )
                })?;
                match lit.parse::<syn::Path>() {
                    Ok(path) if path.leading_colon.is_none() => {
                        attrs.doc_path = Some(quote!(#path).to_string().replace(' ', ""));
                    }
                    _ => errors.push(syn::Error::new(
                        lit.span(),
                        "#[doku(doc_path = ...)] takes the public path of the module holding \
                         this struct, as another crate names it, e.g. \"my_crate::endpoints\"",
                    )),
                }
                Ok(())
            } else {
                let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
                let hint = crate::diagnostic::did_you_mean(&key, KEYS.iter().copied())
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_default();
                // Skip the value so the remaining keys are still read.
                if meta.input.peek(syn::Token![=]) {
                    let _ = meta.value()?.parse::<syn::Expr>();
                }
                errors.push(meta.error(format!(
                    "unknown key `{key}` in #[doku(...)]{hint} (expected `spec = \"path/to/spec.yaml\"`, \
                     `crate = \"path::to::support\"` or `doc_path = \"my_crate::module\"`)"
                )));
                Ok(())
            }
        });
        if let Err(e) = result {
            errors.push(e);
        }
    }
    attrs
}

/// The message for a spec that does not load: a header naming the spec and the number of
/// errors, then every diagnostic as `doku-partner check` prints it (rustc indents the lines
/// under the header).
fn invalid_spec(display: &str, diagnostics: &crate::Diagnostics) -> String {
    let errors = diagnostics.error_count().max(1);
    let plural = if errors == 1 { "" } else { "s" };
    let mut message = format!("invalid spec `{display}` ({errors} error{plural}):\n");
    for diagnostic in diagnostics.iter() {
        message.push('\n');
        message.push_str(diagnostic.render().trim_end());
        message.push('\n');
    }
    message
}

/// Resolves a spec path: absolute as is; relative against the crate root, then against the
/// invoking file's directory. The error names no absolute path, so it reads the same on every
/// machine.
pub(crate) fn resolve(path: &str, env: &DeriveEnv) -> Result<PathBuf, String> {
    let given = Path::new(path);
    let candidates: Vec<PathBuf> = if given.is_absolute() {
        vec![given.to_path_buf()]
    } else {
        env.manifest_dir
            .iter()
            .map(|dir| dir.join(given))
            .chain(
                env.invoking_file
                    .as_deref()
                    .and_then(Path::parent)
                    .map(|dir| dir.join(given)),
            )
            .collect()
    };
    candidates.into_iter().find(|c| c.is_file()).ok_or_else(|| {
        format!(
            "spec file not found: `{path}`\n\
             = help: a relative path is looked up from the crate root (the directory of \
             Cargo.toml), then from the directory of the file with the derive"
        )
    })
}
