//! Load, step 1: YAML text → a tree of [`YNode`]s with a position on every node.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use super::MAX_DEPTH;
use crate::diagnostic::{Ctxt, Diagnostic, Loc};

// ---------------------------------------------------------------------------------------------
// Generic spanned tree, as deserialized by serde-saphyr.

/// A YAML node as deserialized by serde-saphyr; children are [`Spanned`].
#[derive(Debug)]
enum Node {
    Null,
    Bool(bool),
    Int(i128),
    Float,
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Node>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NodeVisitor;

        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML node")
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Int(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Int(v.into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
                Ok(Node::Int(v))
            }
            fn visit_f64<E>(self, _v: f64) -> Result<Node, E> {
                Ok(Node::Float)
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Str(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Node, E> {
                Ok(Node::Str(v))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Node, E> {
                Ok(Node::Str(String::from_utf8_lossy(v).into_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = a.next_element()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = a.next_entry()? {
                    entries.push(entry);
                }
                Ok(Node::Map(entries))
            }
            fn visit_enum<A: de::EnumAccess<'de>>(self, _a: A) -> Result<Node, A::Error> {
                Err(de::Error::custom("unexpected tagged value"))
            }
        }

        d.deserialize_any(NodeVisitor)
    }
}

// ---------------------------------------------------------------------------------------------
// Positioned tree the raw AST is read from.

/// What kind of plain scalar YAML resolved a value to (its text is kept either way).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScalarKind {
    /// Text.
    Str,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i128),
    /// A floating-point number.
    Float,
}

/// A YAML node with its position.
#[derive(Debug, Clone)]
pub struct YNode {
    /// What the node holds.
    pub kind: YKind,
    /// Where it is.
    pub loc: Loc,
}

/// The shape of a [`YNode`].
#[derive(Debug, Clone)]
pub enum YKind {
    /// `~`, `null` or nothing.
    Null,
    /// A scalar: its text (as written for numbers and booleans) and how YAML resolved it.
    Scalar(String, ScalarKind),
    /// A sequence.
    Seq(Vec<YNode>),
    /// A mapping, entries in source order (duplicate keys kept).
    Map(Vec<(YNode, YNode)>),
}

impl YNode {
    /// A short description of the node's shape for messages (`a list`, `text`).
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            YKind::Null => "nothing",
            YKind::Scalar(_, ScalarKind::Str) => "text",
            YKind::Scalar(_, ScalarKind::Bool(_)) => "a boolean",
            YKind::Scalar(_, ScalarKind::Int(_)) => "an integer",
            YKind::Scalar(_, ScalarKind::Float) => "a number",
            YKind::Seq(_) => "a list",
            YKind::Map(_) => "a mapping",
        }
    }

    /// The scalar text, if this is a scalar.
    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            YKind::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    pub(super) fn to_json(&self, depth: usize) -> serde_json::Value {
        use serde_json::Value;
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        match &self.kind {
            YKind::Null => Value::Null,
            YKind::Scalar(_, ScalarKind::Bool(b)) => Value::Bool(*b),
            YKind::Scalar(s, ScalarKind::Int(_) | ScalarKind::Float) => {
                serde_json::from_str::<serde_json::Number>(s)
                    .map(Value::Number)
                    .unwrap_or_else(|_| Value::String(s.clone()))
            }
            YKind::Scalar(s, ScalarKind::Str) => Value::String(s.clone()),
            YKind::Seq(items) => Value::Array(items.iter().map(|i| i.to_json(depth + 1)).collect()),
            YKind::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let key = k
                            .text()
                            .map_or_else(|| k.describe().to_owned(), str::to_owned);
                        (key, v.to_json(depth + 1))
                    })
                    .collect(),
            ),
        }
    }
}

fn loc_of(location: &Location) -> Loc {
    let line = u32::try_from(location.line()).unwrap_or(u32::MAX);
    let column = u32::try_from(location.column()).unwrap_or(u32::MAX);
    let len = u32::try_from(location.span().len()).unwrap_or(u32::MAX);
    Loc::new(line, column, len)
}

/// The source text a node was read from (plain scalars: exactly what was written).
fn raw_text<'a>(location: &Location, source: &'a str) -> Option<&'a str> {
    let span = location.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    source.get(start..start.checked_add(len)?)
}

fn convert(node: Spanned<Node>, source: &str, depth: usize, diags: &mut Vec<Diagnostic>) -> YNode {
    let loc = loc_of(&node.referenced);
    if depth > MAX_DEPTH {
        diags.push(
            Diagnostic::error(format!("nesting deeper than {MAX_DEPTH} levels"))
                .at(loc)
                .label("too deep"),
        );
        return YNode {
            kind: YKind::Null,
            loc,
        };
    }
    let kind = match node.value {
        Node::Null => YKind::Null,
        Node::Str(s) => YKind::Scalar(s, ScalarKind::Str),
        Node::Bool(b) => YKind::Scalar(
            raw_text(&node.referenced, source).map_or_else(|| b.to_string(), str::to_owned),
            ScalarKind::Bool(b),
        ),
        Node::Int(i) => YKind::Scalar(
            raw_text(&node.referenced, source).map_or_else(|| i.to_string(), str::to_owned),
            ScalarKind::Int(i),
        ),
        Node::Float => YKind::Scalar(
            raw_text(&node.referenced, source).map_or_else(String::new, str::to_owned),
            ScalarKind::Float,
        ),
        Node::Seq(items) => YKind::Seq(
            items
                .into_iter()
                .map(|i| convert(i, source, depth + 1, diags))
                .collect(),
        ),
        Node::Map(entries) => YKind::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    (
                        convert(k, source, depth + 1, diags),
                        convert(v, source, depth + 1, diags),
                    )
                })
                .collect(),
        ),
    };
    YNode { kind, loc }
}

/// Stack of the thread the YAML is deserialized on. serde's recursive descent costs tens of
/// kilobytes per nesting level in unoptimised builds (proc macros are built that way), more
/// than a 2 MiB test thread offers at [`MAX_DEPTH`]; a dedicated thread makes the depth limit,
/// not the caller's stack, decide.
const PARSER_STACK: usize = 32 << 20;

/// Parses YAML text into a positioned tree. A syntax error becomes one diagnostic and `None`.
pub fn parse_yaml(source: &str, cx: &mut Ctxt<'_>) -> Option<YNode> {
    let joined = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("doku-spec-yaml".to_owned())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, || parse_yaml_here(source))
            .ok()
            .map(std::thread::ScopedJoinHandle::join)
    });
    let (tree, diags) = match joined {
        Some(Ok(result)) => result,
        Some(Err(_)) => (
            None,
            vec![Diagnostic::error(
                "internal error: the YAML parser panicked",
            )],
        ),
        // No thread available: parse here (the depth limit still applies).
        None => parse_yaml_here(source),
    };
    for d in diags {
        cx.emit(d);
    }
    tree
}

fn parse_yaml_here(source: &str) -> (Option<YNode>, Vec<Diagnostic>) {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    options.strict_booleans = true;
    options.with_snippet = false;
    let mut diags = Vec::new();
    match serde_saphyr::from_str_with_options::<Spanned<Node>>(source, options) {
        Ok(tree) => {
            let tree = convert(tree, source, 0, &mut diags);
            (Some(tree), diags)
        }
        Err(err) => {
            let err = err.without_snippet();
            let loc = err.location().map_or(Loc::UNKNOWN, |l| loc_of(&l));
            // The parser reports a tab where it gave up, often a line early and without a
            // word on what to do: point at the tabs themselves.
            let tabs = indentation_tabs(source, loc.line);
            if !tabs.is_empty() {
                for tab in tabs {
                    diags.push(
                        Diagnostic::error("a tab in the indentation")
                            .at(tab)
                            .label("tab here")
                            .help("YAML does not allow tabs for indentation; use spaces"),
                    );
                }
                return (None, diags);
            }
            let message = yaml_error_message(err, loc);
            let mut d = Diagnostic::error(format!("YAML syntax error: {message}")).at(loc);
            if loc.is_known() {
                d = d.label("here");
            }
            if message.contains("flow")
                && let Some((open, close)) = unclosed_bracket(source, loc)
            {
                d = d
                    .secondary(open, "opened here")
                    .help(format!("close it with `{close}` on the same line"));
            }
            diags.push(d);
            (None, diags)
        }
    }
}

/// The tabs in the leading whitespace of lines up to `last_line` (the parser's error line; a
/// tab after it is not the cause), at most 20.
fn indentation_tabs(source: &str, last_line: u32) -> Vec<Loc> {
    let mut out = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if number > last_line.saturating_add(1) || out.len() == 20 {
            break;
        }
        for (column, c) in line.chars().enumerate() {
            match c {
                '\t' => {
                    let column = u32::try_from(column + 1).unwrap_or(u32::MAX);
                    out.push(Loc::new(number, column, 1));
                    break;
                }
                ' ' => {}
                _ => break,
            }
        }
    }
    out
}

/// The last `[` or `{` before `at` that is not closed (outside quotes and comments), and the
/// bracket that closes it.
fn unclosed_bracket(source: &str, at: Loc) -> Option<(Loc, char)> {
    let mut open: Vec<(Loc, char)> = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if number > at.line {
            break;
        }
        let mut quote: Option<char> = None;
        for (column, c) in line.chars().enumerate() {
            let column = u32::try_from(column + 1).unwrap_or(u32::MAX);
            if number == at.line && column >= at.column {
                break;
            }
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[') => open.push((Loc::new(number, column, 1), ']')),
                (None, '{') => open.push((Loc::new(number, column, 1), '}')),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
        }
    }
    open.pop()
}

fn yaml_error_message(err: &serde_saphyr::Error, loc: Loc) -> String {
    use serde_saphyr::budget::BudgetBreach;
    match err {
        serde_saphyr::Error::MultipleDocuments { .. } => {
            return "more than one YAML document (`---`); a spec file holds exactly one".to_owned();
        }
        serde_saphyr::Error::Budget {
            breach: BudgetBreach::Depth { .. },
            ..
        } => return format!("nesting deeper than {MAX_DEPTH} levels"),
        _ => {}
    }
    let text = err.to_string();
    if text.starts_with("recursion limit exceeded") {
        return format!("nesting deeper than {MAX_DEPTH} levels");
    }
    if let Some(rest) = text.strip_prefix("budget breached: ") {
        let rest = rest.split(" at line ").next().unwrap_or(rest);
        // `Nodes { nodes: 250001 }` → "more nodes (250001) than the parser accepts".
        let readable = match rest.split_once(" { ") {
            Some((_, fields)) => fields
                .trim_end_matches(" }")
                .split(", ")
                .map(|f| match f.split_once(": ") {
                    Some((name, n)) => format!("{} {n}", name.replace('_', " ")),
                    None => f.to_owned(),
                })
                .collect::<Vec<_>>()
                .join(", "),
            None => rest.to_owned(),
        };
        return format!(
            "the file is too large for a spec ({readable}); the parser stops there so that a \
             hostile file cannot exhaust memory"
        );
    }
    let suffix = format!(" at line {}, column {}", loc.line, loc.column);
    let text = text.strip_suffix(&suffix).unwrap_or(&text);
    text.lines().next().unwrap_or_default().trim().to_owned()
}
