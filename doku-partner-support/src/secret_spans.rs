//! Where a response body's secret values lie, noted while the client decodes it, so that the
//! body's own buffer is wiped where the secrets are when it is dropped, rather than byte by
//! byte everywhere (issue 27: wiping the whole 10 KB body of Get Business Data to clear its
//! 23-byte shared key was a third of the client's cost over a hand-written call).
//!
//! [`noting`] runs a decode with a note open on this thread; [`Secret`](crate::Secret)'s
//! `Deserialize` adds to it. A secret read as a string borrowed from the body (no escapes: the
//! raw bytes between its quotes are the value) is noted as a range of the body. A secret the
//! decoder had to unescape or copy first, one from outside the body, or more secrets than a
//! note holds, make the note [`Wipe::Whole`], and so does anything noted outside [`noting`]
//! (nothing: there is no note). So the wipe covers every secret value the decode produced, or
//! the whole body.

use std::cell::Cell;

/// How many secret ranges a note holds; more make it [`Wipe::Whole`].
pub(crate) const MAX_SPANS: usize = 8;

/// What of a body to wipe when it is dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wipe {
    /// Every byte.
    Whole,
    /// Only these ranges of the body (start, length): every secret value decoded from it.
    Spans {
        /// The ranges, the first `len` of them used.
        spans: [(u32, u32); MAX_SPANS],
        /// How many are used.
        len: u8,
    },
}

impl Wipe {
    /// No secret at all (yet).
    const NONE: Wipe = Wipe::Spans {
        spans: [(0, 0); MAX_SPANS],
        len: 0,
    };

    /// The ranges to wipe in a body of `body_len` bytes: `None` for the whole body (or a range
    /// that would not fit, which cannot happen for the body it was noted on).
    pub(crate) fn ranges(&self, body_len: usize) -> Option<impl Iterator<Item = (usize, usize)>> {
        match self {
            Wipe::Whole => None,
            Wipe::Spans { spans, len } => {
                let spans = &spans[..usize::from(*len)];
                spans
                    .iter()
                    .all(|&(start, len)| (start as usize + len as usize) <= body_len)
                    .then(|| {
                        spans
                            .iter()
                            .map(|&(start, len)| (start as usize, len as usize))
                    })
            }
        }
    }
}

#[derive(Clone, Copy)]
struct Note {
    start: usize,
    end: usize,
    wipe: Wipe,
}

thread_local! {
    static NOTE: Cell<Option<Note>> = const { Cell::new(None) };
}

/// Runs `decode` on `body` with a note open on this thread, and returns what it decoded and
/// where in `body` the secret values it read lie.
#[cfg_attr(not(feature = "client"), allow(dead_code))]
pub(crate) fn noting<T>(body: &[u8], decode: impl FnOnce(&[u8]) -> T) -> (T, Wipe) {
    /// Closes the note (restoring the one before) even if `decode` panics.
    struct Open(Option<Note>);
    impl Drop for Open {
        fn drop(&mut self) {
            NOTE.with(|note| note.set(self.0));
        }
    }
    let start = body.as_ptr() as usize;
    let before = NOTE.with(|note| {
        note.replace(Some(Note {
            start,
            end: start + body.len(),
            wipe: Wipe::NONE,
        }))
    });
    let open = Open(before);
    let decoded = decode(body);
    let wipe = NOTE.with(Cell::get).map_or(Wipe::Whole, |note| note.wipe);
    drop(open);
    (decoded, wipe)
}

/// A secret read as `value`, borrowed from the input: noted as a range of the body when it
/// lies in it, otherwise the note becomes [`Wipe::Whole`].
pub(crate) fn borrowed(value: &[u8]) {
    NOTE.with(|cell| {
        let Some(mut note) = cell.get() else { return };
        let at = value.as_ptr() as usize;
        note.wipe = match note.wipe {
            Wipe::Spans { mut spans, len }
                if at >= note.start
                    && at + value.len() <= note.end
                    && usize::from(len) < MAX_SPANS =>
            {
                match (u32::try_from(at - note.start), u32::try_from(value.len())) {
                    (Ok(offset), Ok(length)) => {
                        spans[usize::from(len)] = (offset, length);
                        Wipe::Spans {
                            spans,
                            len: len + 1,
                        }
                    }
                    _ => Wipe::Whole,
                }
            }
            _ => Wipe::Whole,
        };
        cell.set(Some(note));
    });
}

/// A secret the decoder unescaped or copied before handing it over: its place in the body is
/// not known, so the whole body is wiped.
pub(crate) fn unplaced() {
    NOTE.with(|cell| {
        if let Some(mut note) = cell.get() {
            note.wipe = Wipe::Whole;
            cell.set(Some(note));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;

    #[derive(serde::Deserialize)]
    struct Brand {
        #[allow(dead_code)]
        name: String,
        key: Secret,
    }

    fn spans(wipe: Wipe, body: &[u8]) -> Vec<&[u8]> {
        wipe.ranges(body.len())
            .expect("ranges, not the whole body")
            .map(|(start, len)| &body[start..start + len])
            .collect()
    }

    #[test]
    fn each_secret_read_from_the_body_is_noted_as_its_raw_bytes() {
        let body = br#"[{"name":"SK-not-a-secret","key":"SK-one"},{"name":"b","key":"SK-two"}]"#;
        let (brands, wipe) = noting(body, |b| serde_json::from_slice::<Vec<Brand>>(b));
        let brands = brands.unwrap();
        assert_eq!(brands[1].key.expose_secret(), "SK-two");
        assert_eq!(spans(wipe, body), [&b"SK-one"[..], b"SK-two"]);
    }

    #[test]
    fn an_escaped_secret_or_too_many_make_the_whole_body_wiped() {
        let escaped = br#"[{"name":"a","key":"SK-\u0041"},{"name":"b","key":"SK-two"}]"#;
        let (brands, wipe) = noting(escaped, |b| serde_json::from_slice::<Vec<Brand>>(b));
        assert_eq!(brands.unwrap()[0].key.expose_secret(), "SK-A");
        assert_eq!(wipe, Wipe::Whole);

        let many: Vec<String> = (0..=MAX_SPANS)
            .map(|i| format!(r#"{{"name":"n","key":"SK-{i}"}}"#))
            .collect();
        let many = format!("[{}]", many.join(","));
        let (brands, wipe) = noting(many.as_bytes(), |b| serde_json::from_slice::<Vec<Brand>>(b));
        assert_eq!(brands.unwrap().len(), MAX_SPANS + 1);
        assert_eq!(wipe, Wipe::Whole);
    }

    #[test]
    fn a_secret_from_elsewhere_or_outside_a_note_changes_nothing_it_should_not() {
        // A secret decoded from another buffer while a note is open: the whole body.
        let other = br#"{"name":"a","key":"SK-elsewhere"}"#.to_vec();
        let (_, wipe) = noting(b"{}", |_| serde_json::from_slice::<Brand>(&other).unwrap());
        assert_eq!(wipe, Wipe::Whole);
        // No secret: nothing to wipe.
        let (_, wipe) = noting(br#"{"name":"a"}"#, |b| {
            serde_json::from_slice::<serde_json::Value>(b)
        });
        assert_eq!(spans(wipe, b""), Vec::<&[u8]>::new());
        // Outside a note, decoding a secret notes nothing (and does not panic).
        let brand: Brand = serde_json::from_slice(&other).unwrap();
        assert_eq!(brand.key.expose_secret(), "SK-elsewhere");
        assert!(NOTE.with(Cell::get).is_none());
    }
}
