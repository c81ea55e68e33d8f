//! Decoding a response body, with the JSON path of the value that failed.

use serde::de::DeserializeOwned;

/// Why a body did not decode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at `{path}`: {message}")]
pub struct DecodeFailure {
    /// JSON path of the failing value (`brands[0].status`); `.` for the document itself.
    pub path: String,
    /// serde_json's message, with line and column.
    pub message: String,
}

/// Decodes `body` as `T`, naming the JSON path of the first value that does not fit.
///
/// ```
/// use doku_partner_support::__private::decode::decode;
///
/// #[derive(serde::Deserialize, Debug)]
/// struct Brand { id: String }
/// #[derive(serde::Deserialize, Debug)]
/// struct Business { brands: Vec<Brand> }
///
/// let err = decode::<Business>(br#"{"brands":[{"id":"B-1"},{"id":7}]}"#).unwrap_err();
/// assert_eq!(err.path, "brands[1].id");
/// ```
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeFailure> {
    // Tracking the path costs ~60 % on top of a plain decode, so only a failure pays for it:
    // decoding is deterministic, so the second pass fails at the same place.
    match serde_json::from_slice(body) {
        Ok(value) => Ok(value),
        Err(_) => decode_with_path(body),
    }
}

fn decode_with_path<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeFailure> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| DecodeFailure {
        path: e.path().to_string(),
        message: e.into_inner().to_string(),
    })?;
    de.end().map_err(|e| DecodeFailure {
        path: ".".to_owned(),
        message: e.to_string(),
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_bytes_and_truncation_are_failures_at_the_root_or_inside() {
        let err = decode::<serde_json::Value>(b"{} x").unwrap_err();
        assert_eq!(err.path, ".");
        let err =
            decode::<std::collections::BTreeMap<String, Vec<u32>>>(br#"{"a":[1,2"#).unwrap_err();
        assert!(err.message.contains("EOF"), "{err}");
    }
}
