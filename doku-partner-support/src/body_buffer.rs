//! One spare response-body buffer per thread, so that the copy the client keeps of a body with
//! secrets (to wipe them when the reply is dropped) does not cost a large allocation and its
//! free on every call (issue 27: glibc serves a 10 KB block from its large bins and first
//! merges its fast bins, about 4,000 instructions for Get Business Data's body, a quarter of
//! the client's cost over a hand-written call).
//!
//! A body buffer given back goes to the dropping thread's spare slot (one buffer, at most
//! [`MAX_SPARE`] bytes); the next copy on that thread reuses it when it fits. Only a buffer
//! whose secrets have been wiped is given back (`RawBody`'s `Drop`), so the spare holds what a
//! freed block would: the body's other bytes. Nothing is shared between threads: no lock, no
//! atomic.

use std::cell::Cell;

#[cfg(feature = "client")]
use bytes::Bytes;
use bytes::BytesMut;

/// The largest buffer kept as a spare; a larger one is freed.
pub(crate) const MAX_SPARE: usize = 64 * 1024;

thread_local! {
    static SPARE: Cell<Option<BytesMut>> = const { Cell::new(None) };
}

/// Whether a spare of `capacity` bytes is used for a body of `len` bytes: large enough, and
/// not so much larger that a small body would hold a large buffer for its lifetime.
#[cfg(feature = "client")]
fn fits(capacity: usize, len: usize) -> bool {
    capacity >= len && capacity <= len.saturating_mul(2).max(4096)
}

/// A copy of `bytes` in a buffer of the client's own: the thread's spare when it fits, else a
/// new one of exactly `bytes.len()` bytes.
#[cfg(feature = "client")]
pub(crate) fn copy_of(bytes: &[u8]) -> Bytes {
    let spare = SPARE
        .try_with(|slot| {
            let spare = slot.take()?;
            if fits(spare.capacity(), bytes.len()) {
                Some(spare)
            } else {
                slot.set(Some(spare));
                None
            }
        })
        .ok()
        .flatten();
    match spare {
        Some(mut buf) => {
            buf.clear();
            buf.extend_from_slice(bytes);
            buf.freeze()
        }
        // `to_vec` allocates exactly the length, so `Bytes` takes the buffer without a header.
        None => Bytes::from(bytes.to_vec()),
    }
}

/// Keeps `buf`, **its secrets already wiped**, as this thread's spare (replacing the one
/// before), unless it is larger than [`MAX_SPARE`] or the thread is exiting: then it is freed.
pub(crate) fn give_back(buf: BytesMut) {
    if buf.capacity() == 0 || buf.capacity() > MAX_SPARE {
        return;
    }
    let _ = SPARE.try_with(|slot| slot.set(Some(buf)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "client")]
    #[test]
    fn a_buffer_given_back_is_reused_by_the_next_copy_that_fits() {
        let body = vec![7u8; 10_199];
        let first = copy_of(&body);
        assert_eq!(&first[..], &body[..]);
        let at = first.as_ptr();
        let mut owned = first.try_into_mut().expect("the copy is not shared");
        owned.fill(0);
        give_back(owned);
        let second = copy_of(&[9u8; 10_000]);
        assert_eq!(second.as_ptr(), at, "the spare is reused");
        assert_eq!(&second[..], &[9u8; 10_000][..]);
        // A small body does not take a large spare: it gets a buffer of its own.
        give_back(second.try_into_mut().expect("not shared"));
        let small = copy_of(b"{}");
        assert_ne!(small.as_ptr(), at);
        assert_eq!(&small[..], b"{}");
        // Nor does a body larger than the spare.
        let large = copy_of(&[1u8; 20_000]);
        assert_ne!(large.as_ptr(), at);
        assert_eq!(large.len(), 20_000);
    }

    #[test]
    fn a_buffer_larger_than_the_limit_is_not_kept() {
        SPARE.with(|slot| slot.set(None));
        give_back(BytesMut::with_capacity(MAX_SPARE + 1));
        assert!(SPARE.with(|slot| slot.take()).is_none());
        give_back(BytesMut::with_capacity(MAX_SPARE));
        assert!(SPARE.with(|slot| slot.take()).is_some());
    }
}
