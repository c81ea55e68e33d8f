//! A response that is one shape per discriminator value (`response.union`).

use super::{ObjectDef, Pos};

/// `response.union`: which field picks the shape, and the shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// Dotted wire path of the discriminator, a string field of the common table
    /// (`channel.id`).
    pub discriminator: String,
    /// The shapes, in spec order.
    pub variants: Vec<Variant>,
    /// Where `discriminator` is written.
    pub pos: Pos,
}

/// One shape of a [`Union`].
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Rust name of the enum variant and of its struct (`VirtualAccount`).
    pub name: String,
    /// Description.
    pub description: String,
    /// The discriminator values it covers, as sent.
    pub values: Vec<String>,
    /// The whole body of this shape: the common fields, then its own (named `name`). Its own
    /// required fields are `optional` here and listed in `expected`: DOKU may leave them out
    /// ("some parameters might not be presented in certain status cases"), which is a
    /// conformance finding, not a decoding failure.
    pub root: ObjectDef,
    /// Wire names of its own root fields (the rest of `root.fields` is common).
    pub own: Vec<String>,
    /// Wire names of its own root fields the spec requires.
    pub expected: Vec<String>,
    /// Where the entry is written.
    pub pos: Pos,
}

impl Variant {
    /// Whether the root field `wire` is one of this variant's own.
    pub fn is_own(&self, wire: &str) -> bool {
        self.own.iter().any(|o| o == wire)
    }
}
