//! Load, step 3a: reading one YAML mapping of a spec — its keys checked against the section's
//! list (unknown keys with "did you mean", duplicates, keys that would have no effect), its
//! values read by shape (text, flags, integers, lists, examples), every problem collected.

use super::ast::*;
use super::yaml::{ScalarKind, YKind, YNode};
use crate::diagnostic::{Ctxt, Diagnostic, FirstSeen, Loc, did_you_mean, list_or};

/// Keys a spec writer may reach for where they would have no effect, and what to do instead
/// (a key is only accepted where it changes the generated code, its docs or the stand-in).
const UNSUPPORTED_KEYS: &[(&str, &str)] = &[
    (
        "content_type",
        "a body is `application/json`, or `multipart/form-data` with `encoding: multipart`: \
         write that instead",
    ),
    (
        "notes",
        "notes are shown for the spec, headers, fields, the body and request samples; write \
         this one in the top-level `notes`",
    ),
    (
        "example",
        "examples are shown for parameters, headers and fields; describe this one in \
         `description` or the top-level `notes`",
    ),
    (
        "description",
        "a description is shown for the body, fields, parameters, headers, enums, values, \
         rules, samples and error cases; write this one in the top-level `notes`",
    ),
];

/// A mapping being read: its keys are checked once, values are looked up by key.
pub(super) struct MapReader<'a> {
    pub(super) loc: Loc,
    pub(super) what: String,
    pub(super) entries: Vec<(Sp<String>, &'a YNode)>,
    /// Keys refused as unknown (already reported).
    pub(super) unknown: Vec<String>,
    /// The section's key list (empty: any key, as the names of `enums`).
    allowed: &'static [&'static str],
}

impl<'a> MapReader<'a> {
    /// Reads `node` as a mapping of `what`, checking its keys against `allowed`.
    pub(super) fn new(
        node: &'a YNode,
        what: &str,
        allowed: &'static [&'static str],
        cx: &mut Ctxt<'_>,
    ) -> Option<Self> {
        let YKind::Map(entries) = &node.kind else {
            cx.emit(
                Diagnostic::error(format!(
                    "expected a mapping for {what}, found {}",
                    node.describe()
                ))
                .at(node.loc)
                .label("expected a mapping"),
            );
            return None;
        };
        let mut reader = MapReader {
            loc: node.loc,
            what: what.to_owned(),
            entries: Vec::with_capacity(entries.len()),
            allowed,
            unknown: Vec::new(),
        };
        let mut seen: FirstSeen<String> = FirstSeen::new();
        for (key, value) in entries {
            let Some(name) = key.text() else {
                cx.error(
                    key.loc,
                    format!("expected a plain key in {what}, found {}", key.describe()),
                    "not a key",
                );
                continue;
            };
            let name = Sp::new(name.to_owned(), key.loc);
            let subject = || format!("key `{}` in {what}", name.value);
            if !seen.declare(name.value.clone(), subject, name.loc, None, cx) {
                continue;
            }
            if !allowed.is_empty() && !allowed.contains(&name.as_str()) {
                if let Some((_, why)) = UNSUPPORTED_KEYS.iter().find(|(k, _)| *k == name.value) {
                    cx.emit(
                        Diagnostic::error(format!(
                            "key `{}` is not supported in {what}",
                            name.value
                        ))
                        .at(name.loc)
                        .label("not supported here")
                        .help(*why),
                    );
                    continue;
                }
                reader.unknown.push(name.value.clone());
                let d = Diagnostic::error(format!("unknown key `{}` in {what}", name.value))
                    .at(name.loc)
                    .label("unknown key");
                let suggestion = did_you_mean(&name.value, allowed.iter().copied());
                if let Some(s) = suggestion {
                    cx.note_misspelled(node.loc, s);
                }
                cx.emit(match suggestion {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!("expected {}", list_or(allowed))),
                });
                continue;
            }
            reader.entries.push((name, value));
        }
        Some(reader)
    }

    /// The value of `key`. A reader may only ask for a key of its section's list: asking for
    /// another one is a bug of the loader (the key could never be written), reported on every
    /// spec that has the section so that no test run misses it.
    pub(super) fn get(&self, key: &str, cx: &mut Ctxt<'_>) -> Option<&'a YNode> {
        if !self.allowed.is_empty() && !self.allowed.contains(&key) {
            cx.emit(
                Diagnostic::error(format!(
                    "internal error in doku-partner: the reader of {} asks for key `{key}`, \
                     which is not in its key list",
                    self.what
                ))
                .at(self.loc)
                .label("while reading this")
                .help("add the key to the section's list in load/sections.rs"),
            );
        }
        self.entries
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(_, v)| *v)
    }

    /// Where `key` is written, when it is.
    pub(super) fn key_loc(&self, key: &str) -> Option<Loc> {
        self.entries
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(k, _)| k.loc)
    }

    /// Optional text (`key: null` counts as absent).
    pub(super) fn text(&self, key: &str, cx: &mut Ctxt<'_>) -> Text {
        let node = self.get(key, cx)?;
        match &node.kind {
            YKind::Null => None,
            YKind::Scalar(s, _) => Some(Sp::new(s.clone(), node.loc)),
            _ => {
                cx.emit(
                    Diagnostic::error(format!(
                        "expected text for `{key}` in {}, found {}",
                        self.what,
                        node.describe()
                    ))
                    .at(node.loc)
                    .label("expected text"),
                );
                None
            }
        }
    }

    /// Text that must be present and non-empty.
    pub(super) fn required_text(&self, key: &str, cx: &mut Ctxt<'_>) -> Text {
        match self.get(key, cx) {
            None => {
                self.missing(key, cx);
                None
            }
            Some(node) if matches!(node.kind, YKind::Null) => {
                cx.emit(
                    Diagnostic::error(format!("`{key}` in {} has no value", self.what))
                        .at(node.loc)
                        .label("value missing"),
                );
                None
            }
            Some(_) => {
                let text = self.text(key, cx)?;
                if text.value.trim().is_empty() {
                    cx.emit(
                        Diagnostic::error(format!("`{key}` in {} is empty", self.what))
                            .at(text.loc)
                            .label("empty"),
                    );
                }
                Some(text)
            }
        }
    }

    /// An example: text as written, or a list/mapping rendered as JSON.
    pub(super) fn example(&self, key: &str, cx: &mut Ctxt<'_>) -> Text {
        let node = self.get(key, cx)?;
        match &node.kind {
            YKind::Null => None,
            YKind::Scalar(s, _) => Some(Sp::new(s.clone(), node.loc)),
            YKind::Seq(_) | YKind::Map(_) => Some(Sp::new(node.to_json(0).to_string(), node.loc)),
        }
    }

    pub(super) fn missing(&self, key: &str, cx: &mut Ctxt<'_>) {
        // A misspelled key was reported with "did you mean `key`?": its absence is the same
        // mistake, not a second one.
        if cx.misspelled(self.loc.pos(), key) {
            return;
        }
        cx.emit(
            Diagnostic::error(format!("missing required key `{key}` in {}", self.what))
                .at(self.loc)
                .label(format!("`{key}` missing here")),
        );
    }

    pub(super) fn required_node(&self, key: &str, cx: &mut Ctxt<'_>) -> Option<&'a YNode> {
        let node = self.get(key, cx);
        if node.is_none() {
            self.missing(key, cx);
        }
        node
    }

    pub(super) fn flag(&self, key: &str, cx: &mut Ctxt<'_>) -> Option<Sp<bool>> {
        let node = self.get(key, cx)?;
        match &node.kind {
            YKind::Null => None,
            YKind::Scalar(_, ScalarKind::Bool(b)) => Some(Sp::new(*b, node.loc)),
            YKind::Scalar(s, ScalarKind::Str) if matches!(s.trim(), "true" | "false") => {
                quoted(key, s, node, "`true` or `false`", "a boolean", cx);
                None
            }
            _ => {
                let found = node
                    .text()
                    .map_or_else(|| node.describe().to_owned(), |t| format!("`{t}`"));
                cx.emit(
                    Diagnostic::error(format!(
                        "expected `true` or `false` for `{key}`, found {found}"
                    ))
                    .at(node.loc)
                    .label("not a boolean"),
                );
                None
            }
        }
    }

    pub(super) fn integer(&self, key: &str, cx: &mut Ctxt<'_>) -> Option<Sp<i128>> {
        let node = self.get(key, cx)?;
        match &node.kind {
            YKind::Null => None,
            YKind::Scalar(_, ScalarKind::Int(i)) => Some(Sp::new(*i, node.loc)),
            YKind::Scalar(s, ScalarKind::Str) if s.trim().parse::<i128>().is_ok() => {
                quoted(key, s, node, "an integer", "an integer", cx);
                None
            }
            YKind::Scalar(s, ScalarKind::Str | ScalarKind::Float)
                if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) =>
            {
                cx.emit(
                    Diagnostic::error(format!("`{key}` is out of range: {} digits", s.len()))
                        .at(node.loc)
                        .label("too large")
                        .help(match key {
                            "status" => "an HTTP status has three digits, e.g. `200`",
                            "max_bytes" => {
                                "write the largest file size in bytes, e.g. `15728640` for 15 MiB"
                            }
                            _ => "write a smaller number",
                        }),
                );
                None
            }
            _ => {
                let found = node
                    .text()
                    .map_or_else(|| node.describe().to_owned(), |t| format!("`{t}`"));
                cx.emit(
                    Diagnostic::error(format!("expected an integer for `{key}`, found {found}"))
                        .at(node.loc)
                        .label("not an integer"),
                );
                None
            }
        }
    }

    /// A list of texts (`null` or absent: empty).
    pub(super) fn text_list(&self, key: &str, cx: &mut Ctxt<'_>) -> Vec<Sp<String>> {
        let Some(node) = self.get(key, cx) else {
            return Vec::new();
        };
        text_list(node, &format!("`{key}`"), cx)
    }

    /// A list of entries (`null` or absent: empty).
    pub(super) fn list(&self, key: &str, cx: &mut Ctxt<'_>) -> &'a [YNode] {
        let Some(node) = self.get(key, cx) else {
            return &[];
        };
        match &node.kind {
            YKind::Null => &[],
            YKind::Seq(items) => items,
            _ => {
                cx.emit(
                    Diagnostic::error(format!(
                        "expected a list for `{key}` in {}, found {}",
                        self.what,
                        node.describe()
                    ))
                    .at(node.loc)
                    .label("expected a list"),
                );
                &[]
            }
        }
    }
}

pub(super) fn text_list(node: &YNode, what: &str, cx: &mut Ctxt<'_>) -> Vec<Sp<String>> {
    match &node.kind {
        YKind::Null => Vec::new(),
        YKind::Seq(items) => items
            .iter()
            .filter_map(|item| match &item.kind {
                YKind::Scalar(s, _) => Some(Sp::new(s.clone(), item.loc)),
                _ => {
                    cx.emit(
                        Diagnostic::error(format!(
                            "expected text in {what}, found {}",
                            item.describe()
                        ))
                        .at(item.loc)
                        .label("expected text"),
                    );
                    None
                }
            })
            .collect(),
        _ => {
            cx.emit(
                Diagnostic::error(format!(
                    "expected a list of texts for {what}, found {}",
                    node.describe()
                ))
                .at(node.loc)
                .label("expected a list")
                .help("write a YAML list, e.g. `[\"...\"]`"),
            );
            Vec::new()
        }
    }
}

/// A boolean or integer written in quotes: YAML reads it as a string, so say so and show the
/// unquoted form.
pub(super) fn quoted(
    key: &str,
    s: &str,
    node: &YNode,
    expected: &str,
    kind: &str,
    cx: &mut Ctxt<'_>,
) {
    cx.emit(
        Diagnostic::error(format!(
            "expected {expected} for `{key}`, found the quoted string \"{s}\""
        ))
        .at(node.loc)
        .label(format!("a string, not {kind}"))
        .help(format!("drop the quotes: `{key}: {}`", s.trim())),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader asking for a key its list does not have is reported (a loader bug that every
    /// spec with the section would show), instead of silently reading nothing.
    #[test]
    fn a_reader_asking_for_an_unlisted_key_is_reported() {
        let source = "a: 1\n";
        let mut cx = Ctxt::new("t.yaml", source);
        let tree = super::super::parse_yaml(source, &mut cx).unwrap();
        let m = MapReader::new(&tree, "a test section", &["a"], &mut cx).unwrap();
        assert!(m.get("a", &mut cx).is_some());
        assert!(!cx.has_errors());
        assert!(m.get("b", &mut cx).is_none());
        let d = cx.into_diagnostics();
        assert_eq!(d.len(), 1);
        assert!(
            d.0[0].message.contains("asks for key `b`"),
            "{}",
            d.0[0].message
        );
    }
}
