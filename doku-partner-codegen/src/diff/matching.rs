//! Pairing the items of two versions, and finding where each was written.
//!
//! Items are paired by what identifies them on the wire: fields by their dotted wire path,
//! parameters and headers by name, enums by type name and their values by wire string, rules
//! by what they are about. Positions come from the model where it keeps one (`Pos`) and from
//! the raw AST otherwise (the exact key: a field's `format`, the `method` value).

use std::collections::BTreeMap;

use crate::diagnostic::Loc;
use crate::load::{RawField, RawSpec, Text};
use crate::model::{ArrayItems, Field, FieldKind, ObjectDef, Pos};

/// The two field tables a spec has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    /// `body.fields`: what the partner sends.
    Body,
    /// `response.fields`: what DOKU answers.
    Response,
}

impl Table {
    /// `request` or `response`, the first part of a rule id.
    pub fn side(self) -> &'static str {
        match self {
            Table::Body => "request",
            Table::Response => "response",
        }
    }

    /// The generated submodule holding the table's structs.
    pub fn module(self) -> &'static str {
        match self {
            Table::Body => "body",
            Table::Response => "response",
        }
    }
}

/// A field and the object (struct) it belongs to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldAt<'a> {
    /// The struct holding the field.
    pub parent: &'a ObjectDef,
    /// The field.
    pub field: &'a Field,
}

/// Every field of a table by wire path, in table order (iterative: specs nest deeply).
pub(crate) fn fields_by_path(root: &ObjectDef) -> BTreeMap<&str, FieldAt<'_>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root];
    while let Some(object) = stack.pop() {
        for field in &object.fields {
            out.insert(
                field.path.as_str(),
                FieldAt {
                    parent: object,
                    field,
                },
            );
            match &field.kind {
                FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) => stack.push(o),
                FieldKind::Scalar(_) | FieldKind::Array(_) => {}
            }
        }
    }
    out
}

/// Every object (struct) of a table by wire path (`""` for the root).
pub(crate) fn objects_by_path(root: &ObjectDef) -> BTreeMap<&str, &ObjectDef> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root];
    while let Some(object) = stack.pop() {
        out.insert(object.path.as_str(), object);
        for field in &object.fields {
            match &field.kind {
                FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) => stack.push(o),
                FieldKind::Scalar(_) | FieldKind::Array(_) => {}
            }
        }
    }
    out
}

/// A model position as a location.
pub(crate) fn at(pos: Pos) -> Loc {
    Loc::new(pos.line, pos.column, 1)
}

/// Where an optional key was written, else `fallback` (the entry holding it).
pub(crate) fn key_or(text: &Text, fallback: Loc) -> Loc {
    text.as_ref().map_or(fallback, |t| t.loc)
}

/// The raw entry of a field, by wire path.
pub(crate) fn raw_field<'a>(raw: &'a RawSpec, table: Table, path: &str) -> Option<&'a RawField> {
    let fields = match table {
        Table::Body => raw.body.as_ref().map(|b| b.fields.as_slice()),
        // An incoming spec's table is its `event`, read like a response.
        Table::Response => raw
            .response
            .as_ref()
            .or(raw.event.as_ref())
            .map(|r| r.fields.as_slice()),
    }?;
    fields
        .iter()
        .find(|f| f.path.as_ref().is_some_and(|p| p.value == path))
}

/// Which key of a field entry a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKey {
    /// The entry itself (its `path`).
    Entry,
    /// `format` (or `type` for a container).
    Format,
    /// `optional`.
    Optional,
    /// `enum`.
    Enum,
    /// `json`.
    Json,
    /// `rust_name` / `rust_type`.
    RustName,
    /// `extensions` (file fields).
    Extensions,
    /// `max_bytes` (file fields).
    MaxBytes,
    /// `secret` / `personal`.
    Sensitivity,
}

/// Where `key` of the field at `path` was written; the entry when the key is not written
/// (a default), the model's position when the entry cannot be found.
pub(crate) fn field_key(raw: &RawSpec, table: Table, field: &Field, key: FieldKey) -> Loc {
    let fallback = at(field.pos);
    let Some(entry) = raw_field(raw, table, &field.path) else {
        return fallback;
    };
    let entry_loc = key_or(&entry.path, fallback);
    match key {
        FieldKey::Entry => entry_loc,
        FieldKey::Format => key_or(&entry.format, key_or(&entry.ty, entry_loc)),
        FieldKey::Optional => entry.optional.as_ref().map_or(entry_loc, |o| o.loc),
        FieldKey::Enum => key_or(&entry.enum_ref, entry_loc),
        FieldKey::Json => key_or(&entry.json, key_or(&entry.format, entry_loc)),
        FieldKey::RustName => key_or(&entry.rust_name, key_or(&entry.rust_type, entry_loc)),
        FieldKey::Extensions => entry.extensions.first().map_or(entry_loc, |e| e.loc),
        FieldKey::MaxBytes => entry.max_bytes.as_ref().map_or(entry_loc, |m| m.loc),
        FieldKey::Sensitivity => key_or(&entry.secret, key_or(&entry.personal, entry_loc)),
    }
}

/// Where the value `wire` of enum `name` was written (else the enum, else `fallback`).
pub(crate) fn enum_value(raw: &RawSpec, name: &str, wire: &str, fallback: Loc) -> Loc {
    let Some(def) = raw.enums.iter().find(|e| e.name.value == name) else {
        return fallback;
    };
    def.values
        .iter()
        .find(|v| v.value.as_ref().is_some_and(|t| t.value == wire))
        .map_or(def.name.loc, |v| key_or(&v.value, v.loc))
}

/// Where the header `name` was written.
pub(crate) fn header(raw: &RawSpec, name: &str) -> Option<Loc> {
    raw.headers
        .iter()
        .find(|h| h.name.as_ref().is_some_and(|n| n.value == name))
        .map(|h| key_or(&h.name, h.loc))
}

/// The key under which two versions of a list entry are paired, with its position.
pub(crate) fn pair_by<'a, T, K: Ord>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> K,
) -> Paired<'a, T, K> {
    let mut both = Vec::new();
    let mut only_old = Vec::new();
    let new_keys: BTreeMap<K, &T> = new.iter().map(|n| (key(n), n)).collect();
    let old_keys: BTreeMap<K, &T> = old.iter().map(|o| (key(o), o)).collect();
    for o in old {
        match new_keys.get(&key(o)) {
            Some(n) => both.push((o, *n)),
            None => only_old.push(o),
        }
    }
    let only_new = new
        .iter()
        .filter(|n| !old_keys.contains_key(&key(n)))
        .collect();
    Paired {
        both,
        only_old,
        only_new,
        _key: std::marker::PhantomData,
    }
}

/// Two lists paired by a key.
pub(crate) struct Paired<'a, T, K> {
    /// Entries in both versions: (old, new).
    pub both: Vec<(&'a T, &'a T)>,
    /// Entries only in the old version (removed).
    pub only_old: Vec<&'a T>,
    /// Entries only in the new version (added).
    pub only_new: Vec<&'a T>,
    _key: std::marker::PhantomData<K>,
}
