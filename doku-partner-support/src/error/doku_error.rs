//! DOKU's error envelopes, parsed from an error body: the gateway's
//! `{"error":{"code","message","type"}}` and the business form `{"message":[...]}`, each text
//! cut at [`ENVELOPE_TEXT_CAP`] so a hostile body cannot grow an error.

use std::fmt;

/// DOKU's error envelope: `{"error":{"code","message","type"}}`, or the business form
/// `{"message":["PAYMENT CHANNEL IS INACTIVE"]}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DokuError {
    /// Machine code (`invalid_signature`); empty for the business form.
    pub code: String,
    /// Human message (`Invalid Header Signature`).
    pub message: String,
    /// Error type (`invalid_request_error`), when given.
    pub type_: Option<String>,
    /// Which of DOKU's two envelopes the body was.
    pub form: EnvelopeForm,
}

/// Which of DOKU's error envelopes a body is (response-codes-and-errors.txt, a third party's
/// live probe of Checkout: DOKU documents no Non-SNAP error body).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnvelopeForm {
    /// `{"error":{"code","message","type"}}`: the gateway's refusals (headers, timestamp,
    /// Client-Id, signature).
    Error,
    /// `{"message":["PAYMENT CHANNEL IS INACTIVE"]}`: the business answers, a list of
    /// messages and no code ([`DokuError::message`] joins them with `; `).
    Message,
}

impl EnvelopeForm {
    /// Both forms, in the order a spec lists them.
    pub const ALL: [EnvelopeForm; 2] = [EnvelopeForm::Error, EnvelopeForm::Message];

    /// The form's name in a spec's `errors.envelopes` (`error`, `message`).
    pub const fn spec_name(self) -> &'static str {
        match self {
            EnvelopeForm::Error => "error",
            EnvelopeForm::Message => "message",
        }
    }

    /// The form named `name` in a spec (`error`, `message`).
    pub fn from_spec_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.spec_name() == name)
    }

    /// `forms` as text (`error, message`; `none` when empty).
    pub fn list(forms: &[EnvelopeForm]) -> String {
        if forms.is_empty() {
            return "none".to_owned();
        }
        forms
            .iter()
            .map(|f| f.spec_name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The most bytes of each text field (`code`, `message`, `type`) an envelope keeps; longer
/// ones are cut at a character boundary and end with `…`.
pub const ENVELOPE_TEXT_CAP: usize = 4 * 1024;

impl DokuError {
    /// Parses one of DOKU's error envelopes; `None` when the body is something else.
    ///
    /// The body is read once, in order, and everything but the envelope's own fields is
    /// skipped without being kept (no tree of the document is built), so parsing a body of any
    /// size holds little more than the envelope's text, itself capped at
    /// [`ENVELOPE_TEXT_CAP`] bytes per field.
    pub fn parse(body: &[u8]) -> Option<Self> {
        let seen: envelope::Seen = serde_json::from_slice(body).ok()?;
        match seen.error {
            Some(Some(inner)) => {
                if inner.code.is_none() && inner.message.is_none() {
                    return None;
                }
                Some(DokuError {
                    code: inner.code.unwrap_or_default(),
                    message: inner.message.unwrap_or_default(),
                    type_: inner.type_,
                    form: EnvelopeForm::Error,
                })
            }
            // `error` is there but is not an envelope's object: the business form may still be.
            Some(None) | None => seen.message.flatten().map(|message| DokuError {
                code: String::new(),
                message,
                type_: None,
                form: EnvelopeForm::Message,
            }),
        }
    }
}

/// The streaming envelope parser behind [`DokuError::parse`]: serde visitors that keep the
/// fields of `{"error":{"code","message","type"}}` and `{"message":[...]}` and skip the rest
/// with [`IgnoredAny`](serde::de::IgnoredAny). (serde's `untagged` enums buffer the whole
/// document first, about ten times its size in memory.)
mod envelope {
    use std::fmt;

    use serde::Deserialize;
    use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

    use super::ENVELOPE_TEXT_CAP;

    /// `text` cut to the cap at a character boundary.
    pub(super) fn capped(mut text: String) -> String {
        if text.len() > ENVELOPE_TEXT_CAP {
            let mut end = ENVELOPE_TEXT_CAP;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
            text.push('…');
        }
        text
    }

    /// The root: `error` (`Some(None)`: there, but not an envelope object) and `message`
    /// (`Some(None)`: there, but not a list of strings).
    #[derive(Default)]
    pub(super) struct Seen {
        pub(super) error: Option<Option<Inner>>,
        pub(super) message: Option<Option<String>>,
    }

    #[derive(Default)]
    pub(super) struct Inner {
        pub(super) code: Option<String>,
        pub(super) message: Option<String>,
        pub(super) type_: Option<String>,
    }

    /// A string, a null, or anything else (skipped).
    enum Text {
        Some(String),
        Null,
        Other,
    }

    impl<'de> Deserialize<'de> for Text {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Text;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("any JSON value")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                    Ok(Text::Some(capped(v.to_owned())))
                }
                fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                    Ok(Text::Some(capped(v)))
                }
                fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                    Ok(Text::Null)
                }
                fn visit_none<E: de::Error>(self) -> Result<Text, E> {
                    Ok(Text::Null)
                }
                fn visit_bool<E: de::Error>(self, _: bool) -> Result<Text, E> {
                    Ok(Text::Other)
                }
                fn visit_i64<E: de::Error>(self, _: i64) -> Result<Text, E> {
                    Ok(Text::Other)
                }
                fn visit_u64<E: de::Error>(self, _: u64) -> Result<Text, E> {
                    Ok(Text::Other)
                }
                fn visit_f64<E: de::Error>(self, _: f64) -> Result<Text, E> {
                    Ok(Text::Other)
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    Ok(Text::Other)
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                    Ok(Text::Other)
                }
            }
            d.deserialize_any(V)
        }
    }

    /// A map key, kept only when it is one the envelope knows.
    enum Key {
        Error,
        Message,
        Code,
        Type,
        Other,
    }

    impl<'de> Deserialize<'de> for Key {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl Visitor<'_> for V {
                type Value = Key;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a key")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                    Ok(match v {
                        "error" => Key::Error,
                        "message" => Key::Message,
                        "code" => Key::Code,
                        "type" => Key::Type,
                        _ => Key::Other,
                    })
                }
            }
            d.deserialize_identifier(V)
        }
    }

    /// The `error` object; `None` when it is not an object of strings (or nulls).
    struct InnerSeen(Option<Inner>);

    impl<'de> Deserialize<'de> for InnerSeen {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = InnerSeen;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an error object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<InnerSeen, A::Error> {
                    let mut inner = Inner::default();
                    let mut valid = true;
                    while let Some(key) = map.next_key::<Key>()? {
                        let slot = match key {
                            Key::Code => &mut inner.code,
                            Key::Message => &mut inner.message,
                            Key::Type => &mut inner.type_,
                            Key::Error | Key::Other => {
                                map.next_value::<IgnoredAny>()?;
                                continue;
                            }
                        };
                        match map.next_value::<Text>()? {
                            Text::Some(text) => *slot = Some(text),
                            Text::Null => *slot = None,
                            Text::Other => valid = false,
                        }
                    }
                    Ok(InnerSeen(valid.then_some(inner)))
                }
                fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<InnerSeen, A::Error> {
                    Text::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                    Ok(InnerSeen(None))
                }
                fn visit_str<E: de::Error>(self, _: &str) -> Result<InnerSeen, E> {
                    Ok(InnerSeen(None))
                }
                fn visit_unit<E: de::Error>(self) -> Result<InnerSeen, E> {
                    Ok(InnerSeen(None))
                }
                fn visit_bool<E: de::Error>(self, _: bool) -> Result<InnerSeen, E> {
                    Ok(InnerSeen(None))
                }
                fn visit_i64<E: de::Error>(self, _: i64) -> Result<InnerSeen, E> {
                    Ok(InnerSeen(None))
                }
                fn visit_u64<E: de::Error>(self, _: u64) -> Result<InnerSeen, E> {
                    Ok(InnerSeen(None))
                }
                fn visit_f64<E: de::Error>(self, _: f64) -> Result<InnerSeen, E> {
                    Ok(InnerSeen(None))
                }
            }
            d.deserialize_any(V)
        }
    }

    /// The business form's `message` list, joined by `; ` (and capped); `None` when it is not
    /// a list of strings.
    struct MessagesSeen(Option<String>);

    impl<'de> Deserialize<'de> for MessagesSeen {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = MessagesSeen;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a list of messages")
                }
                fn visit_seq<A: SeqAccess<'de>>(
                    self,
                    mut seq: A,
                ) -> Result<MessagesSeen, A::Error> {
                    let mut joined = String::new();
                    let mut first = true;
                    let mut valid = true;
                    while let Some(item) = seq.next_element::<Text>()? {
                        match item {
                            Text::Some(text) if joined.len() <= ENVELOPE_TEXT_CAP => {
                                if !first {
                                    joined.push_str("; ");
                                }
                                joined.push_str(&text);
                            }
                            Text::Some(_) => {}
                            Text::Null | Text::Other => valid = false,
                        }
                        first = false;
                    }
                    Ok(MessagesSeen(valid.then(|| capped(joined))))
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<MessagesSeen, A::Error> {
                    Text::deserialize(de::value::MapAccessDeserializer::new(map))?;
                    Ok(MessagesSeen(None))
                }
                fn visit_str<E: de::Error>(self, _: &str) -> Result<MessagesSeen, E> {
                    Ok(MessagesSeen(None))
                }
                fn visit_unit<E: de::Error>(self) -> Result<MessagesSeen, E> {
                    Ok(MessagesSeen(None))
                }
                fn visit_bool<E: de::Error>(self, _: bool) -> Result<MessagesSeen, E> {
                    Ok(MessagesSeen(None))
                }
                fn visit_i64<E: de::Error>(self, _: i64) -> Result<MessagesSeen, E> {
                    Ok(MessagesSeen(None))
                }
                fn visit_u64<E: de::Error>(self, _: u64) -> Result<MessagesSeen, E> {
                    Ok(MessagesSeen(None))
                }
                fn visit_f64<E: de::Error>(self, _: f64) -> Result<MessagesSeen, E> {
                    Ok(MessagesSeen(None))
                }
            }
            d.deserialize_any(V)
        }
    }

    impl<'de> Deserialize<'de> for Seen {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Seen;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Seen, A::Error> {
                    let mut seen = Seen::default();
                    while let Some(key) = map.next_key::<Key>()? {
                        match key {
                            Key::Error => seen.error = Some(map.next_value::<InnerSeen>()?.0),
                            Key::Message => {
                                seen.message = Some(map.next_value::<MessagesSeen>()?.0);
                            }
                            _ => {
                                map.next_value::<IgnoredAny>()?;
                            }
                        }
                    }
                    Ok(seen)
                }
            }
            d.deserialize_map(V)
        }
    }
}

impl fmt::Display for DokuError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.code.is_empty(), self.message.is_empty()) {
            (false, false) => write!(f, "{} ({})", self.message, self.code),
            (false, true) => f.write_str(&self.code),
            _ => f.write_str(&self.message),
        }
    }
}
