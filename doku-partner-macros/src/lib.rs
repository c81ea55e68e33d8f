//! `#[derive(Endpoint)]` for [doku-partner]: reads a YAML endpoint spec at build time and
//! generates the endpoint's typed request, response and value types.
//!
//! This crate is a thin shell: the work happens in `doku-partner-codegen`, an ordinary library
//! that the `doku-partner` CLI and the snapshot tests call too. See the `doku-partner` crate for
//! usage.
//!
//! [doku-partner]: https://crates.io/crates/doku-partner

use proc_macro::TokenStream;

/// Generates an endpoint's types from its spec.
///
/// ```ignore
/// #[derive(doku_partner::Endpoint)]
/// #[doku(spec = "spec/get_business_data.yaml")]
/// pub struct GetBusinessData;
/// ```
///
/// - `spec = "..."` (required): the YAML spec, relative to the crate root (the directory of
///   `Cargo.toml`), or else to the file holding the derive.
/// - `crate = "..."` (optional): path of the runtime in generated code; default
///   `::doku_partner::support`. Use `"::doku_partner_support"` when depending on
///   `doku-partner-support` and `doku-partner-macros` directly.
/// - `doc_path = "..."` (optional): the public path of the module holding the struct, as
///   another crate names it (`"my_crate::endpoints"`). The generated module's `# Example` is
///   then a `no_run` doctest that `cargo test` compiles; without it the example is shown but
///   not compiled (a doctest cannot reach a module whose path it does not know).
///
/// Generates a module named after the struct (`get_business_data`) holding `Request`,
/// `Query`, `RawRequest`, the value enums and `response::*`, and implements the runtime's
/// `Endpoint` trait for the struct. On an incoming spec (`direction: incoming`: a request DOKU
/// sends), the module holds the value enums, `response::*` and the `Event` alias, and the
/// struct implements the runtime's `inbound::IncomingSpec` instead. Editing the spec rebuilds
/// the crate.
#[proc_macro_derive(Endpoint, attributes(doku))]
pub fn derive_endpoint(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    let env = doku_partner_codegen::DeriveEnv {
        manifest_dir: std::env::var_os("CARGO_MANIFEST_DIR").map(Into::into),
        invoking_file: proc_macro::Span::call_site().local_file(),
        crate_root: crate_root(),
    };
    doku_partner_codegen::expand_endpoint(&input, &env).into()
}

/// The crate root rustc compiles: the one existing `.rs` file on its command line (the derive
/// runs inside rustc). `None` elsewhere (an IDE's macro server, an argument file), and the
/// derive then leaves a `rust_path` into the crate to rustc alone.
fn crate_root() -> Option<std::path::PathBuf> {
    let mut sources = std::env::args_os()
        .skip(1)
        .map(std::path::PathBuf::from)
        .filter(|a| a.extension().is_some_and(|e| e == "rs") && a.is_file());
    let root = sources.next()?;
    sources.next().is_none().then_some(root)
}

/// Decoding, encoding and the conformance walk of one generated response struct.
///
/// Generated code puts it on every response struct; it is not meant to be written by hand
/// (the facade re-exports it only under `support::__private`). See
/// `doku_partner_codegen::expand_response_object` (its attributes: the codegen crate's
/// `derive/response_object.rs`).
#[doc(hidden)]
#[proc_macro_derive(ResponseObject, attributes(doku))]
pub fn derive_response_object(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    doku_partner_codegen::expand_response_object(&input).into()
}

/// Decoding, encoding and the conformance walk of a response that is one shape per
/// discriminator value (`response.union`): the variant its discriminator names, or `Other`
/// keeping the body byte for byte.
///
/// Generated code puts it on the `Response` enum of a union spec; it is not meant to be
/// written by hand (the facade re-exports it only under `support::__private`). See
/// `doku_partner_codegen::expand_response_union`.
#[doc(hidden)]
#[proc_macro_derive(ResponseUnion, attributes(doku))]
pub fn derive_response_union(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    doku_partner_codegen::expand_response_union(&input).into()
}

/// `Debug` that masks the fields marked `#[doku(personal)]`.
///
/// Generated code puts it on a request body struct with personal data; it is not meant to be
/// written by hand (the facade re-exports it only under `support::__private`). See
/// `doku_partner_codegen::expand_masked_debug`.
#[doc(hidden)]
#[proc_macro_derive(MaskedDebug, attributes(doku))]
pub fn derive_masked_debug(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    doku_partner_codegen::expand_masked_debug(&input).into()
}

/// `ALL`, `as_str`, `WireEnum`, `Display`, `FromStr`, `TryFrom<&str>` and serde for one
/// generated value enum, each variant's wire value in `#[doku(wire = "...")]`; with
/// `#[doku(subset_of = Full)]`, the conversions between a rule's narrowed set and `Full`.
///
/// Generated code puts it on every value enum; it is not meant to be written by hand (the
/// facade re-exports it only under `support::__private`). See
/// `doku_partner_codegen::expand_value_enum` (its attributes: the codegen crate's
/// `derive/value_enum.rs`).
#[doc(hidden)]
#[proc_macro_derive(ValueEnum, attributes(doku))]
pub fn derive_value_enum(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    doku_partner_codegen::expand_value_enum(&input).into()
}
