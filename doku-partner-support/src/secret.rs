//! Credentials: the Client-Id and the secret key, which never leaves this type in clear except to
//! the HMAC; and [`Secret`], the type of every field a spec marks `secret` (a sub-merchant's
//! shared key, a bearer token), which never shows in `Debug`, `Display` or logs either.

use std::fmt;

use zeroize::Zeroizing;

/// DOKU's secret key (`SK-...`).
///
/// `Debug` and `Display` print `[redacted]`; the bytes are zeroed when the key is dropped. The
/// only way to read it is [`SecretKey::expose_secret`], which the signer calls.
#[derive(Clone)]
pub struct SecretKey(Zeroizing<Box<str>>);

impl SecretKey {
    /// Wraps a secret key.
    pub fn new(key: impl Into<String>) -> Self {
        // `into_boxed_str` may reallocate; zero the spare copy explicitly.
        let mut owned: String = key.into();
        let boxed: Box<str> = owned.as_str().into();
        zeroize::Zeroize::zeroize(&mut owned);
        SecretKey(Zeroizing::new(boxed))
    }

    /// The key in clear. Use it only to compute a MAC.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// `true` for an empty key, which DOKU never issues.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<Secret> for SecretKey {
    /// A sub-merchant's shared key, read from DOKU, as the key that signs its calls. The
    /// zeroizing buffer moves; the key is never copied into a plain `String`.
    fn from(secret: Secret) -> Self {
        SecretKey(secret.0)
    }
}

impl From<String> for SecretKey {
    fn from(key: String) -> Self {
        SecretKey::new(key)
    }
}

impl From<&str> for SecretKey {
    fn from(key: &str) -> Self {
        SecretKey::new(key)
    }
}

/// A value a spec marks `secret` (`brands.shared_key`, a bearer token), as DOKU sent it.
///
/// `Debug` and `Display` print `[redacted]`; the bytes are zeroed when the value is dropped; the
/// only way to read it is [`Secret::expose_secret`]. It decodes from and encodes to the JSON
/// string DOKU sends, unchanged, so a reply still round-trips to the wire. Equality is
/// compared in constant time. A shared key becomes the [`SecretKey`] of a sub-merchant's
/// [`Credentials`] with `SecretKey::from(secret)`, without passing through a `String`.
#[derive(Clone, Default)]
pub struct Secret(Zeroizing<Box<str>>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(SecretKey::new(value).0)
    }

    /// The value in clear. Name the call where you read it: it is the only way out.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `true` for an empty value.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        constant_time_eq(self.0.as_bytes(), other.0.as_bytes())
    }
}

impl Eq for Secret {}

/// Compares in time that depends on the lengths only, not on where the bytes differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SecretVisitor;

        impl<'de> serde::de::Visitor<'de> for SecretVisitor {
            type Value = Secret;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Secret, E> {
                // The raw bytes of the input: the client wipes its body's copy of them when
                // the body is dropped (`secret_spans`).
                crate::secret_spans::borrowed(value.as_bytes());
                Ok(Secret(Zeroizing::new(value.into())))
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Secret, E> {
                // Unescaped or copied by the decoder: where it lies in the body is not known.
                crate::secret_spans::unplaced();
                Ok(Secret(Zeroizing::new(value.into())))
            }

            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Secret, E> {
                crate::secret_spans::unplaced();
                // An unescaped copy made by the decoder: wipe it once the box holds the value.
                Ok(Secret::new(value))
            }
        }

        deserializer.deserialize_str(SecretVisitor)
    }
}

/// A Client-Id (Brand ID, `BRN-...` for partner calls) and its secret key.
#[derive(Clone)]
pub struct Credentials {
    client_id: String,
    secret_key: SecretKey,
}

impl Credentials {
    /// Credentials from a Client-Id and a secret key.
    pub fn new(client_id: impl Into<String>, secret_key: impl Into<SecretKey>) -> Self {
        Credentials {
            client_id: client_id.into(),
            secret_key: secret_key.into(),
        }
    }

    /// Reads `DOKU_CLIENT_ID` and `DOKU_SECRET_KEY`; `None` unless both are set and non-empty.
    pub fn from_env() -> Option<Self> {
        let client_id = std::env::var("DOKU_CLIENT_ID")
            .ok()
            .filter(|v| !v.is_empty())?;
        let secret = std::env::var("DOKU_SECRET_KEY")
            .ok()
            .filter(|v| !v.is_empty())?;
        Some(Credentials::new(client_id, secret))
    }

    /// The Client-Id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The secret key.
    pub fn secret_key(&self) -> &SecretKey {
        &self.secret_key
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("secret_key", &self.secret_key)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_key() {
        let creds = Credentials::new("BRN-0001", "SK-very-secret-123");
        for shown in [
            format!("{creds:?}"),
            format!("{creds:#?}"),
            format!("{:?}", creds.secret_key()),
            format!("{}", creds.secret_key()),
        ] {
            assert!(!shown.contains("very-secret"), "{shown}");
            assert!(shown.contains("redacted"), "{shown}");
        }
        assert!(format!("{creds:?}").contains("BRN-0001"));
        assert_eq!(creds.secret_key().expose_secret(), "SK-very-secret-123");
    }

    #[test]
    fn a_secret_field_is_redacted_round_trips_and_becomes_a_key() {
        let secret: Secret = serde_json::from_str(r#""SK-shared\u002Dkey""#).unwrap();
        assert_eq!(secret.expose_secret(), "SK-shared-key");
        for shown in [format!("{secret:?}"), format!("{secret}")] {
            assert!(!shown.contains("shared"), "{shown}");
            assert!(shown.contains("redacted"), "{shown}");
        }
        assert_eq!(
            serde_json::to_string(&secret).unwrap(),
            r#""SK-shared-key""#
        );
        assert_eq!(secret, Secret::from("SK-shared-key"));
        assert_ne!(secret, Secret::from("SK-shared-kez"));
        let creds = Credentials::new("BRN-0002", SecretKey::from(secret));
        assert_eq!(creds.secret_key().expose_secret(), "SK-shared-key");
    }
}
