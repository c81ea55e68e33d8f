//! What a spec marks `secret` or `personal`, and how it is hidden wherever something is printed.
//!
//! A spec marks a field `secret` (a sub-merchant's shared key, a bearer token) or `personal`
//! (a person's name, identity number, phone, e-mail, bank account, address, document link).
//! The generated code carries the marks:
//!
//! - a secret field is a [`Secret`](crate::Secret): `[redacted]` in `Debug` and `Display`;
//! - a personal field keeps its plain type (read it as usual) and is [masked](mask) in the
//!   struct's `Debug`;
//! - each endpoint lists its marks in [`Endpoint::SENSITIVE`](crate::Endpoint::SENSITIVE), so
//!   that the raw body kept in a reply or an error is printed with the same values hidden
//!   ([`redact_json`]), and `doku-partner call` prints its JSON the same way
//!   ([`redact_value`]).
//!
//! The unmodified bytes stay available to code that asks for them
//! ([`RawBody::as_bytes`](crate::error::RawBody::as_bytes)).

use std::fmt;

/// How a marked value is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sensitivity {
    /// Never shown: printed as `[redacted]`.
    Secret,
    /// Personal data: masked, all but its last characters ([`mask`]).
    Personal,
}

/// One marked field of an endpoint: its dotted wire path (arrays are transparent, as in the
/// spec: `brands.shared_key` is the key of every brand) and how it is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sensitive {
    /// Dotted wire path from the body's root (`brands.shared_key`).
    pub path: &'static str,
    /// Secret or personal.
    pub kind: Sensitivity,
}

impl Sensitive {
    /// A secret field at `path`.
    pub const fn secret(path: &'static str) -> Self {
        Sensitive {
            path,
            kind: Sensitivity::Secret,
        }
    }

    /// A personal-data field at `path`.
    pub const fn personal(path: &'static str) -> Self {
        Sensitive {
            path,
            kind: Sensitivity::Personal,
        }
    }
}

/// What a secret is printed as.
pub const REDACTED: &str = "[redacted]";

/// Masks personal data for printing: every character but the last few becomes `*` (none kept
/// under 5 characters, then one per four characters, at most four): `81510229216` becomes
/// `*********16`, `john@example.com` becomes `************.com`.
pub fn mask(text: &str) -> String {
    let n = text.chars().count();
    let keep = if n < 5 { 0 } else { (n / 4).min(4) };
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        out.push(if i < n - keep { '*' } else { c });
    }
    out
}

/// The mark that applies at `path`, if any.
fn mark_at(marks: &[Sensitive], path: &str) -> Option<Sensitivity> {
    marks.iter().find(|m| m.path == path).map(|m| m.kind)
}

/// A JSON body as text, with every marked value hidden: a secret becomes `"[redacted]"`, a
/// personal value its [`mask`]. Lenient: it reads a truncated or broken body as far as it
/// goes and copies what is not JSON unchanged, so an error body can always be printed.
pub fn redact_json(bytes: &[u8], marks: &[Sensitive]) -> String {
    let text = String::from_utf8_lossy(bytes);
    if marks.is_empty() {
        return text.into_owned();
    }
    Redactor::new(&text, marks).run()
}

/// An open container while scanning: an object with the key being read, or an array.
enum Frame {
    Object {
        key: Option<String>,
        value_next: bool,
    },
    Array,
}

struct Redactor<'a> {
    text: &'a str,
    marks: &'a [Sensitive],
    stack: Vec<Frame>,
    out: String,
}

impl<'a> Redactor<'a> {
    fn new(text: &'a str, marks: &'a [Sensitive]) -> Self {
        Redactor {
            text,
            marks,
            stack: Vec::new(),
            out: String::with_capacity(text.len()),
        }
    }

    /// The dotted path of a value read now: the keys of the open objects.
    fn path(&self) -> String {
        let mut path = String::new();
        for frame in &self.stack {
            if let Frame::Object { key: Some(k), .. } = frame {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
        }
        path
    }

    fn reading_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Object {
                value_next: false,
                ..
            })
        )
    }

    fn run(mut self) -> String {
        let bytes = self.text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            match c {
                b'{' => {
                    self.stack.push(Frame::Object {
                        key: None,
                        value_next: false,
                    });
                    self.out.push('{');
                    i += 1;
                }
                b'[' => {
                    self.stack.push(Frame::Array);
                    self.out.push('[');
                    i += 1;
                }
                b'}' | b']' => {
                    self.stack.pop();
                    self.out.push(c as char);
                    i += 1;
                }
                b':' => {
                    if let Some(Frame::Object { value_next, .. }) = self.stack.last_mut() {
                        *value_next = true;
                    }
                    self.out.push(':');
                    i += 1;
                }
                b',' => {
                    if let Some(Frame::Object { value_next, .. }) = self.stack.last_mut() {
                        *value_next = false;
                    }
                    self.out.push(',');
                    i += 1;
                }
                b'"' => {
                    let end = string_end(bytes, i);
                    let token = &self.text[i..end];
                    if self.reading_key() {
                        let key = serde_json::from_str::<String>(token)
                            .unwrap_or_else(|_| token.trim_matches('"').to_owned());
                        if let Some(Frame::Object { key: slot, .. }) = self.stack.last_mut() {
                            *slot = Some(key);
                        }
                        self.out.push_str(token);
                    } else {
                        self.value(token, true);
                    }
                    i = end;
                }
                c if c.is_ascii_whitespace() => {
                    self.out.push(c as char);
                    i += 1;
                }
                _ => {
                    // A number, `true`, `false`, `null`, or text that is not JSON at all.
                    let end = scalar_end(bytes, i);
                    let token = &self.text[i..end];
                    self.value(token, false);
                    i = end;
                }
            }
        }
        self.out
    }

    fn value(&mut self, token: &str, quoted: bool) {
        match mark_at(self.marks, &self.path()) {
            None => self.out.push_str(token),
            Some(_) if token == "null" => self.out.push_str(token),
            Some(Sensitivity::Secret) => {
                self.out.push('"');
                self.out.push_str(REDACTED);
                self.out.push('"');
            }
            Some(Sensitivity::Personal) => {
                let inner = if quoted {
                    token
                        .strip_prefix('"')
                        .map(|t| t.strip_suffix('"').unwrap_or(t))
                        .unwrap_or(token)
                } else {
                    token
                };
                self.out.push('"');
                self.out.push_str(&mask(inner));
                self.out.push('"');
            }
        }
    }
}

/// The index just past the JSON string starting at `start` (its closing quote), or the end of
/// the text when it is cut off.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index just past a bare token (a number, a literal, or non-JSON text).
fn scalar_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b',' | b'}' | b']' | b':' | b'"' | b'{' | b'[' => break,
            c if c.is_ascii_whitespace() => break,
            _ => i += 1,
        }
    }
    // Always advance, and never split a UTF-8 character.
    let mut end = i.max(start + 1);
    while end < bytes.len() && (bytes[end] & 0xC0) == 0x80 {
        end += 1;
    }
    end
}

/// Hides the marked values of a JSON value in place: a secret becomes `"[redacted]"`, a
/// personal value its [`mask`]. What `doku-partner call` prints.
pub fn redact_value(value: &mut serde_json::Value, marks: &[Sensitive]) {
    fn walk(value: &mut serde_json::Value, path: &mut String, marks: &[Sensitive]) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                    walk(child, path, marks);
                    path.truncate(len);
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    walk(item, path, marks);
                }
            }
            serde_json::Value::Null => {}
            scalar => match mark_at(marks, path) {
                None => {}
                Some(Sensitivity::Secret) => *scalar = REDACTED.into(),
                Some(Sensitivity::Personal) => {
                    let text = match &mut *scalar {
                        serde_json::Value::String(s) => std::mem::take(s),
                        other => other.to_string(),
                    };
                    *scalar = mask(&text).into();
                }
            },
        }
    }
    if !marks.is_empty() {
        walk(value, &mut String::new(), marks);
    }
}

/// A decoding error's message for the value at `path` (`brands[0].shared_key`): serde quotes
/// the value it could not read (`invalid type: integer 81510229216`), so for a marked field
/// the message says what was wrong without it.
pub fn decode_message(path: &str, message: String, marks: &[Sensitive]) -> String {
    match mark_of(path, marks) {
        None => message,
        Some(Sensitivity::Secret) => {
            "the value does not have the documented type (not shown: the field is secret)".into()
        }
        Some(Sensitivity::Personal) => {
            "the value does not have the documented type (not shown: the field is personal data)"
                .into()
        }
    }
}

/// The mark of the value at a JSON path with indices (`brands[0].shared_key`), if any.
pub fn mark_of(path: &str, marks: &[Sensitive]) -> Option<Sensitivity> {
    if marks.is_empty() {
        return None;
    }
    let mut dotted = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            c if !in_index => dotted.push(c),
            _ => {}
        }
    }
    mark_at(marks, &dotted)
}

/// Printing a personal-data field masked, as the generated `Debug` does.
pub trait MaskedDebug {
    /// Writes the value as `Debug` would, masked.
    fn fmt_masked(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

/// A reference whose `Debug` is the masked one (what generated `Debug` impls pass to
/// `debug_struct`).
pub struct Masked<'a, T: ?Sized>(pub &'a T);

impl<T: MaskedDebug + ?Sized> fmt::Debug for Masked<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_masked(f)
    }
}

impl MaskedDebug for str {
    fn fmt_masked(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&mask(self), f)
    }
}

impl MaskedDebug for String {
    fn fmt_masked(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_str().fmt_masked(f)
    }
}

impl<T: MaskedDebug> MaskedDebug for Option<T> {
    fn fmt_masked(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            None => f.write_str("None"),
            Some(v) => f.debug_tuple("Some").field(&Masked(v)).finish(),
        }
    }
}

impl<T: MaskedDebug> MaskedDebug for Vec<T> {
    fn fmt_masked(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter().map(Masked)).finish()
    }
}

impl MaskedDebug for i64 {
    fn fmt_masked(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_string().fmt_masked(f)
    }
}

impl MaskedDebug for crate::json::Number {
    fn fmt_masked(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_str().fmt_masked(f)
    }
}

impl MaskedDebug for crate::json::Json {
    fn fmt_masked(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_str() {
            Some(text) => text.fmt_masked(f),
            None => self.as_text().fmt_masked(f),
        }
    }
}

impl<T: crate::WireEnum> MaskedDebug for crate::OrUnknown<T> {
    fn fmt_masked(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_str().fmt_masked(f)
    }
}

macro_rules! masked_format {
    ($($name:ident),*) => {$(
        impl<const N: usize> MaskedDebug for crate::format::$name<N> {
            fn fmt_masked(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.as_str().fmt_masked(f)
            }
        }
    )*};
}
masked_format!(An, Ans, Num, Text);

#[cfg(test)]
mod tests {
    use super::*;

    const MARKS: &[Sensitive] = &[
        Sensitive::secret("brands.shared_key"),
        Sensitive::personal("owner.phone"),
        Sensitive::personal("emails"),
    ];

    #[test]
    fn masks_all_but_the_last_characters() {
        assert_eq!(mask("81510229216"), "*********16");
        assert_eq!(mask("john@example.com"), "************.com");
        assert_eq!(mask("Budi"), "****");
        assert_eq!(mask(""), "");
    }

    #[test]
    fn redacts_marked_values_at_any_depth_and_keeps_the_rest() {
        let body = br#"{"brands":[{"id":"BRN-1","shared_key":"SK-aaaaaaaa"},{"shared_key":"SK-bbb\"b"}],"owner":{"phone":81510229216,"name":"x"},"emails":["a.person@example.com",null],"shared_key":"top"}"#;
        let shown = redact_json(body, MARKS);
        assert!(!shown.contains("SK-"), "{shown}");
        assert!(!shown.contains("81510229216"), "{shown}");
        assert!(!shown.contains("a.person"), "{shown}");
        assert!(shown.contains(r#""id":"BRN-1""#), "{shown}");
        // Only the marked path: a root `shared_key` is another field.
        assert!(shown.contains(r#""shared_key":"top""#), "{shown}");
        assert!(shown.contains(r#""phone":"*********16""#), "{shown}");
        let value: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(value["brands"][1]["shared_key"], REDACTED);
    }

    #[test]
    fn a_cut_off_body_is_still_redacted() {
        let body = br#"{"brands":[{"shared_key":"SK-cut-off-here"#;
        let shown = redact_json(body, MARKS);
        assert!(!shown.contains("SK-cut"), "{shown}");
        let html = b"<html><h1>Bad gateway</h1></html>";
        assert_eq!(
            redact_json(html, MARKS),
            "<html><h1>Bad gateway</h1></html>"
        );
    }

    #[test]
    fn a_decoding_error_does_not_quote_a_marked_value() {
        let message = "invalid type: integer `81510229216`, expected a string".to_owned();
        let hidden = decode_message("owner.phone", message.clone(), MARKS);
        assert!(!hidden.contains("8151"), "{hidden}");
        let hidden = decode_message("brands[3].shared_key", message.clone(), MARKS);
        assert!(hidden.contains("secret"), "{hidden}");
        assert_eq!(
            decode_message("brands[3].id", message.clone(), MARKS),
            message
        );
    }

    #[test]
    fn a_value_is_redacted_like_the_text() {
        let mut value = serde_json::json!({
            "brands": [{"shared_key": "SK-1"}],
            "owner": {"phone": "81510229216"},
        });
        redact_value(&mut value, MARKS);
        assert_eq!(value["brands"][0]["shared_key"], REDACTED);
        assert_eq!(value["owner"]["phone"], "*********16");
    }
}
