//! Secrets that arrive in response bodies (QuoParts' login `TOKEN`, the generated customer
//! password `COD_PWD`). Generated fields marked `x-rust-secret` in the spec have this type.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A string that never shows in `Debug` (it prints `[REDACTED]`) and has no `Display`;
/// read it deliberately with [`SecretText::expose`]. Serialising writes the value, so a
/// secret can be stored or forwarded on purpose.
#[derive(Clone)]
pub struct SecretText(SecretString);

impl SecretText {
    /// Wraps `value` (to send a secret received earlier, or in tests).
    pub fn new(value: impl Into<String>) -> Self {
        SecretText(SecretString::from(value.into()))
    }

    /// The secret itself; every call site is a deliberate disclosure.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl From<SecretText> for SecretString {
    fn from(value: SecretText) -> Self {
        value.0
    }
}

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl PartialEq for SecretText {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for SecretText {}

impl Serialize for SecretText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose())
    }
}

impl<'de> Deserialize<'de> for SecretText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(SecretText::new)
    }
}

#[cfg(test)]
mod tests {
    use super::SecretText;

    #[test]
    fn debug_hides_the_value_serde_keeps_it() {
        let secret: SecretText = serde_json::from_str(r#""O8HMER""#).unwrap();
        assert_eq!(format!("{secret:?}"), "[REDACTED]");
        assert_eq!(secret.expose(), "O8HMER");
        assert_eq!(serde_json::to_string(&secret).unwrap(), r#""O8HMER""#);
    }
}
