//! Parse stage: YAML text → raw AST with a position on every value.
//!
//! The document is first deserialized by `serde-saphyr` into a generic tree in which every node
//! and every mapping key is a `serde_saphyr::Spanned` value (no `#[serde(flatten)]`, no untagged enums: those
//! lose positions). The raw AST ([`RawSpec`] and friends) is then read from that tree by hand,
//! so that *all* structural problems are collected at once instead of stopping at the first:
//! unknown keys (with "did you mean"), duplicate keys, values of the wrong shape and missing
//! required keys. Nothing here interprets values (formats, names, references): that is
//! [`crate::lower`].
//!
//! Scalars keep their source text: `value: 01` stays `01` and `value: NO` stays `NO` (only
//! `true`/`false` are booleans).

//!
//! Three steps: `yaml` (the text → a spanned YAML tree, with syntax errors located where the
//! mistake is), `map` (reading one mapping: its keys against its section's list, its values by
//! shape) and `sections` (one reader per section, its key list right above it), building the
//! raw AST of `ast`.

mod ast;
mod map;
mod sections;
mod union;
mod yaml;

pub use ast::*;
pub use sections::{ACCEPTED_KEYS, read_spec};
pub use union::{RawUnion, RawVariant};
pub use yaml::parse_yaml;

use crate::diagnostic::Ctxt;

/// Deepest YAML nesting accepted (also the deepest dotted field path).
pub const MAX_DEPTH: usize = 64;

/// Parse stage: YAML text → raw AST. `None` when the text is not YAML or not a mapping (the
/// reason is in `cx`); otherwise the raw AST, possibly with problems recorded in `cx`.
pub fn parse(source: &str, cx: &mut Ctxt<'_>) -> Option<RawSpec> {
    let tree = parse_yaml(source, cx)?;
    read_spec(&tree, cx)
}
