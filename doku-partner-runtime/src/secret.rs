//! Credentials: the Client-Id and the secret key, which never leaves this type in clear except to
//! the HMAC.

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
}
