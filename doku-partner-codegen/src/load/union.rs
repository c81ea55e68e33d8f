//! Load: `response.union` (and `event.union`, an incoming spec's), a body that is one shape per
//! discriminator value (issue 26: Check Status answers in the shape of the payment's channel,
//! chosen by `channel.id`, and DOKU's payment notification is sent in that channel's shape).
//! Both are read here and lowered by one code path: an incoming spec's `event` becomes its
//! `response` before lowering (lower/incoming.rs).
//!
//! ```yaml
//! response:
//!   fields: [...]            # the fields every shape has, the discriminator among them
//!   union:
//!     discriminator: channel.id
//!     variants:
//!       - name: VirtualAccount
//!         values: [VIRTUAL_ACCOUNT_BCA, VIRTUAL_ACCOUNT_BNI]
//!         description: Virtual Account channels.
//!         fields: [...]      # the root fields only this shape has (and their children)
//! ```

use super::ast::{RawField, Sp, Text};
use super::map::MapReader;
use super::yaml::YNode;
use crate::diagnostic::{Ctxt, Loc};

/// Keys accepted in `response.union` and `event.union`.
pub const UNION_KEYS: &[&str] = &["discriminator", "variants"];
/// Keys accepted in one entry of `response.union.variants`.
pub const VARIANT_KEYS: &[&str] = &["name", "values", "description", "fields"];

/// `response.union`.
#[derive(Debug, Clone, Default)]
pub struct RawUnion {
    /// The mapping.
    pub loc: Loc,
    /// `discriminator`: the dotted path of the field that picks the shape.
    pub discriminator: Text,
    /// `variants`.
    pub variants: Vec<RawVariant>,
}

/// One entry of `response.union.variants`.
#[derive(Debug, Clone, Default)]
pub struct RawVariant {
    /// The entry.
    pub loc: Loc,
    /// `name`: the variant's and its struct's Rust name.
    pub name: Text,
    /// `values`: the discriminator values it covers.
    pub values: Vec<Sp<String>>,
    /// `description`.
    pub description: Text,
    /// `fields`: its own fields, a field table of their own.
    pub fields: Vec<RawField>,
}

/// Reads the `union` of `section` (`response` or `event`: named in the messages).
pub(super) fn read_union(node: &YNode, section: &str, cx: &mut Ctxt<'_>) -> Option<RawUnion> {
    let m = MapReader::new(node, &format!("`{section}.union`"), UNION_KEYS, cx)?;
    let variants = m
        .list("variants", cx)
        .iter()
        .filter_map(|n| {
            let v = MapReader::new(n, "a variant", VARIANT_KEYS, cx)?;
            Some(RawVariant {
                loc: v.loc,
                name: v.required_text("name", cx),
                values: v.text_list("values", cx),
                description: v.text("description", cx),
                fields: super::sections::read_fields(&v, cx),
            })
        })
        .collect();
    if m.get("variants", cx).is_none() {
        m.missing("variants", cx);
    }
    Some(RawUnion {
        loc: m.loc,
        discriminator: m.required_text("discriminator", cx),
        variants,
    })
}
