//! Samples that DOKU's page itself cuts off, stored as they are: the text up to where the page
//! ends (DOKU VA's request sample stops inside `"invoice_number": "INV-20210124-0`).
//!
//! Such a text is not JSON, so it is never parsed as a complete document. What it has is still
//! compared: [`is_start_of`] tells whether it is the start of a complete JSON text (a body the
//! generated types send), and [`present_values`] reads the members it holds in full, for the
//! body check (`doku-partner check` checks them, not the keys the cut removed).

use serde_json::{Map, Value};

/// Why a text is not the start of any JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAJsonStart {
    /// Byte offset of the first character that no JSON document could have there.
    pub offset: usize,
    /// What was expected.
    pub expected: &'static str,
}

impl std::fmt::Display for NotAJsonStart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at byte {}: expected {}", self.offset, self.expected)
    }
}

impl std::error::Error for NotAJsonStart {}

/// Whether `cut` is the start of the JSON text `full`, apart from whitespace between tokens
/// (a page prints one key per line, a client sends compact JSON). Inside strings every
/// character is compared; a cut inside a string, a number or a literal compares the
/// characters that are there.
///
/// ```
/// use doku_partner_support::cut_off::is_start_of;
///
/// let page = "{\n\"order\": {\n\"invoice_number\": \"INV-20210124-0";
/// assert!(is_start_of(page, r#"{"order":{"invoice_number":"INV-20210124-0001","amount":1}}"#));
/// assert!(!is_start_of(page, r#"{"order":{"invoice_number":"INV-20210125-0001"}}"#));
/// ```
pub fn is_start_of(cut: &str, full: &str) -> bool {
    let mut full = full.chars().peekable();
    let mut in_string = false;
    let mut escaped = false;
    for c in cut.chars() {
        if !in_string && c.is_whitespace() {
            continue;
        }
        if !in_string {
            while full.peek().is_some_and(|f| f.is_whitespace()) {
                full.next();
            }
        }
        if full.next() != Some(c) {
            return false;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        }
    }
    true
}

/// The JSON text `cut` holds in full, as a document: every member and item that is complete,
/// in its objects and arrays, which are closed where the cut left them open. A member or item
/// the cut falls inside (`"invoice_number": "INV-2021` , a key without its value) is left
/// out. `Err` when `cut` is complete JSON (it is not cut off) or cannot begin any JSON text.
///
/// ```
/// use doku_partner_support::cut_off::present_values;
/// use serde_json::json;
///
/// let page = "{\n\"order\": {\n\"amount\": 150000,\n\"invoice_number\": \"INV-20210124-0";
/// assert_eq!(present_values(page).unwrap(), json!({"order": {"amount": 150000}}));
/// assert!(present_values("{\"a\": 1}").is_err()); // complete: not cut off
/// assert!(present_values("{\"a\" 1").is_err()); // no JSON text starts so
/// ```
pub fn present_values(cut: &str) -> Result<Value, NotAJsonStart> {
    if serde_json::from_str::<serde::de::IgnoredAny>(cut).is_ok() {
        return Err(NotAJsonStart {
            offset: cut.len(),
            expected: "the end of the text: it is complete JSON, not cut off",
        });
    }
    let mut reader = Reader {
        text: cut.as_bytes(),
        at: 0,
    };
    reader.skip_ws();
    match reader.value()? {
        Partial::Complete(_) => {
            reader.skip_ws();
            Err(reader.fail("the end of the text after the document"))
        }
        Partial::Cut(Some(value)) => Ok(value),
        Partial::Cut(None) => Ok(Value::Null),
    }
}

/// A value read up to the end of the text: whole, or cut (with what it holds in full, for a
/// container; nothing for a scalar the cut falls inside).
enum Partial {
    Complete(Value),
    Cut(Option<Value>),
}

struct Reader<'a> {
    text: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn skip_ws(&mut self) {
        while self.text.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn at_end(&self) -> bool {
        self.at >= self.text.len()
    }

    fn fail(&self, expected: &'static str) -> NotAJsonStart {
        NotAJsonStart {
            offset: self.at,
            expected,
        }
    }

    fn value(&mut self) -> Result<Partial, NotAJsonStart> {
        match self.text.get(self.at) {
            None => Ok(Partial::Cut(None)),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => Ok(match self.string()? {
                Some(text) => Partial::Complete(Value::String(text)),
                None => Partial::Cut(None),
            }),
            Some(_) => self.scalar(),
        }
    }

    /// A string from its opening quote; `None` when the text ends inside it.
    fn string(&mut self) -> Result<Option<String>, NotAJsonStart> {
        let start = self.at;
        self.at += 1;
        while let Some(&b) = self.text.get(self.at) {
            self.at += 1;
            match b {
                b'\\' => self.at += 1,
                b'"' => {
                    let literal = std::str::from_utf8(&self.text[start..self.at])
                        .map_err(|_| self.fail("UTF-8 text"))?;
                    return serde_json::from_str(literal)
                        .map(Some)
                        .map_err(|_| NotAJsonStart {
                            offset: start,
                            expected: "a JSON string",
                        });
                }
                _ => {}
            }
        }
        Ok(None)
    }

    /// A number or `true` / `false` / `null`: complete only when something follows it (at the
    /// end of the text, `15` may be the start of `150000`).
    fn scalar(&mut self) -> Result<Partial, NotAJsonStart> {
        let start = self.at;
        while self
            .text
            .get(self.at)
            .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
        {
            self.at += 1;
        }
        let token = &self.text[start..self.at];
        if self.at_end() {
            let could_start = |word: &[u8]| word.starts_with(token);
            let numeric = token
                .iter()
                .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'));
            return if numeric
                || could_start(b"true")
                || could_start(b"false")
                || could_start(b"null")
            {
                Ok(Partial::Cut(None))
            } else {
                Err(NotAJsonStart {
                    offset: start,
                    expected: "a JSON value",
                })
            };
        }
        serde_json::from_slice(token)
            .map(Partial::Complete)
            .map_err(|_| NotAJsonStart {
                offset: start,
                expected: "a JSON value",
            })
    }

    fn object(&mut self) -> Result<Partial, NotAJsonStart> {
        self.at += 1;
        let mut map = Map::new();
        let cut = |map: Map<String, Value>| Ok(Partial::Cut(Some(Value::Object(map))));
        loop {
            self.skip_ws();
            match self.text.get(self.at) {
                None => return cut(map),
                Some(b'}') if map.is_empty() => {
                    self.at += 1;
                    return Ok(Partial::Complete(Value::Object(map)));
                }
                Some(b'"') => {}
                Some(_) => return Err(self.fail("a key in quotes")),
            }
            let Some(key) = self.string()? else {
                return cut(map);
            };
            self.skip_ws();
            match self.text.get(self.at) {
                None => return cut(map),
                Some(b':') => self.at += 1,
                Some(_) => return Err(self.fail("`:` after the key")),
            }
            self.skip_ws();
            match self.value()? {
                Partial::Complete(value) => {
                    map.insert(key, value);
                }
                Partial::Cut(held) => {
                    if let Some(held) = held {
                        map.insert(key, held);
                    }
                    return cut(map);
                }
            }
            self.skip_ws();
            match self.text.get(self.at) {
                None => return cut(map),
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Partial::Complete(Value::Object(map)));
                }
                Some(_) => return Err(self.fail("`,` or `}`")),
            }
        }
    }

    fn array(&mut self) -> Result<Partial, NotAJsonStart> {
        self.at += 1;
        let mut items = Vec::new();
        let cut = |items: Vec<Value>| Ok(Partial::Cut(Some(Value::Array(items))));
        loop {
            self.skip_ws();
            match self.text.get(self.at) {
                None => return cut(items),
                Some(b']') if items.is_empty() => {
                    self.at += 1;
                    return Ok(Partial::Complete(Value::Array(items)));
                }
                Some(_) => {}
            }
            match self.value()? {
                Partial::Complete(value) => items.push(value),
                Partial::Cut(held) => {
                    items.extend(held);
                    return cut(items);
                }
            }
            self.skip_ws();
            match self.text.get(self.at) {
                None => return cut(items),
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Partial::Complete(Value::Array(items)));
                }
                Some(_) => return Err(self.fail("`,` or `]`")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_members_a_cut_holds_in_full() {
        let cases = [
            ("{", json!({})),
            (
                "{\n\"order\": {\n\"invoice_number\": \"INV-20210124-0",
                json!({"order": {}}),
            ),
            ("{\"a\": 1, \"b\"", json!({"a": 1})),
            ("{\"a\": 1, \"b\":", json!({"a": 1})),
            ("{\"a\": 15", json!({})),
            ("{\"a\": 15,", json!({"a": 15})),
            ("{\"a\": tr", json!({})),
            (
                "{\"a\": [1, 2, {\"c\": \"d\"}, [3",
                json!({"a": [1, 2, {"c": "d"}, []]}),
            ),
            (
                "{\"a\": \"x\\\"y\", \"b\": {}, ",
                json!({"a": "x\"y", "b": {}}),
            ),
            ("[\"a\", \"b", json!(["a"])),
        ];
        for (cut, expected) in cases {
            assert_eq!(present_values(cut), Ok(expected), "{cut:?}");
        }
    }

    #[test]
    fn complete_json_and_impossible_starts_are_refused() {
        assert_eq!(
            present_values("{\"a\": 1}").unwrap_err().expected,
            "the end of the text: it is complete JSON, not cut off"
        );
        assert_eq!(present_values("{\"a\" 1").unwrap_err().offset, 5);
        assert_eq!(present_values("{a").unwrap_err().offset, 1);
        assert_eq!(present_values("{\"a\": xyz").unwrap_err().offset, 6);
        assert_eq!(present_values("{\"a\": 1 2").unwrap_err().offset, 8);
        assert_eq!(present_values("{} {").unwrap_err().offset, 3);
    }

    #[test]
    fn a_cut_is_compared_byte_for_byte_apart_from_layout() {
        let page = "{\n\"order\": {\n\"invoice_number\": \"INV-20210124-0";
        assert!(is_start_of(
            page,
            r#"{"order":{"invoice_number":"INV-20210124-0001"}}"#
        ));
        assert!(is_start_of(
            page,
            "{ \"order\" : { \"invoice_number\" : \"INV-20210124-0\" } }"
        ));
        // Inside a string, a space is a character like any other.
        assert!(!is_start_of("{\"a\": \"x y", r#"{"a":"xy"}"#));
        assert!(!is_start_of(
            page,
            r#"{"order":{"invoice":"INV-20210124-0001"}}"#
        ));
        assert!(!is_start_of(
            page,
            r#"{"order":{"invoice_number":"INV-2021"}}"#
        ));
    }
}
