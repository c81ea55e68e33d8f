//! Percent-encoding of path segments and query strings.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters is encoded, in path segments and in query
/// names and values alike.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `value` percent-encoded as one path segment or query component.
#[inline]
pub fn push_encoded(out: &mut String, value: &str) {
    out.extend(utf8_percent_encode(value, COMPONENT));
}

/// Appends `name=value` to a query string, with `&` before it unless it is the first pair.
#[inline]
pub fn push_query_pair(out: &mut String, name: &str, value: &str) {
    if !out.is_empty() {
        out.push('&');
    }
    push_encoded(out, name);
    out.push('=');
    push_encoded(out, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_and_non_ascii() {
        let mut q = String::new();
        push_query_pair(&mut q, "businessType", "PERSONAL");
        push_query_pair(&mut q, "x y", "a&b=c/é");
        assert_eq!(q, "businessType=PERSONAL&x%20y=a%26b%3Dc%2F%C3%A9");
    }
}
