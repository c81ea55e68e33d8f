//! Percent-encoding of path segments and query strings.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters is encoded, in path segments and in query
/// names and values alike.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Whether `byte` is an RFC 3986 unreserved character (`[A-Za-z0-9._~-]`), sent as is.
#[inline]
pub const fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Whether every byte is unreserved: a branch-free test per byte, OR-ed over blocks of 32
/// bytes, so it vectorizes.
#[inline]
fn all_unreserved(bytes: &[u8]) -> bool {
    #[inline(always)]
    fn reserved(b: u8) -> bool {
        let digit = b.wrapping_sub(b'0') < 10;
        let letter = (b | 0x20).wrapping_sub(b'a') < 26;
        let mark = (b == b'-') | (b == b'.') | (b == b'_') | (b == b'~');
        !(digit | letter | mark)
    }
    let block = |block: &[u8]| {
        block
            .iter()
            .fold(0u8, |acc, &b| acc | u8::from(reserved(b)))
    };
    let mut blocks = bytes.chunks_exact(32);
    for b in &mut blocks {
        if block(b) != 0 {
            return false;
        }
    }
    block(blocks.remainder()) == 0
}

/// Appends `value` percent-encoded as one path segment or query component.
///
/// A value made only of unreserved characters (the usual case: IDs, codes, enum values) is
/// pushed as is, in one copy.
#[inline]
pub fn push_encoded(out: &mut String, value: &str) {
    if all_unreserved(value.as_bytes()) {
        out.push_str(value);
    } else {
        out.extend(utf8_percent_encode(value, COMPONENT));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_and_non_ascii() {
        let mut q = String::new();
        push_encoded(&mut q, "x y");
        q.push('=');
        push_encoded(&mut q, "a&b=c/é");
        assert_eq!(q, "x%20y=a%26b%3Dc%2F%C3%A9");
    }

    #[test]
    fn unreserved_bytes_are_exactly_the_ones_not_encoded() {
        for b in 0u8..=0x7F {
            let value = char::from(b).to_string();
            let encoded: String = utf8_percent_encode(&value, COMPONENT).collect();
            assert_eq!(is_unreserved(b), encoded == value, "{b:#x}");
            let mut out = String::new();
            push_encoded(&mut out, &value);
            assert_eq!(out, encoded, "{b:#x}");
        }
        let mut out = String::new();
        push_encoded(&mut out, "BRN-0104_1678960841263.~");
        assert_eq!(out, "BRN-0104_1678960841263.~");
        for b in 0u8..=0xFF {
            for n in [1, 31, 32, 33, 64, 70] {
                for at in [0, n / 2, n - 1] {
                    let mut bytes = vec![b'a'; n];
                    bytes[at] = b;
                    assert_eq!(
                        all_unreserved(&bytes),
                        bytes.iter().all(|&b| is_unreserved(b)),
                        "{b:#x} at {at} of {n}"
                    );
                }
            }
        }
    }
}
