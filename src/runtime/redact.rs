//! Keeping secrets out of error messages built from response bodies.

use std::borrow::Cow;
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};

const SNIPPET_CHARS: usize = 160;
const MASK: &str = "[REDACTED]";

/// JSON keys whose values are credentials, whoever sends them (QuoParts returns generated
/// passwords as `COD_PWD`; token endpoints return `access_token`).
const SECRET_KEYS: &[&str] = &[
    "password",
    "pwd",
    "token",
    "secret",
    "authorization",
    "api_key",
    "apikey",
];

/// The start of `body` for an error message: at most 160 characters, every known secret
/// value replaced, and the values of JSON keys that look like credentials masked.
pub fn snippet(body: &[u8], secrets: &[&str]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut text = mask_secret_values(&text, secrets);
    text = mask_secret_keys(&text);
    let mut short = text.chars().take(SNIPPET_CHARS).collect::<String>();
    if text.chars().count() > SNIPPET_CHARS {
        short.push('…');
    }
    short.replace(['\n', '\r'], " ")
}

fn mask_secret_values(text: &str, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|secret| secret.len() >= 3)
        .fold(text.to_owned(), |text, secret| text.replace(secret, MASK))
}

/// Masks `"key": "value"` (and `"key":value`) pairs whose key names a credential.
fn mask_secret_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        let (before, from_quote) = rest.split_at(start);
        out.push_str(before);
        let Some(end) = from_quote[1..].find('"') else {
            out.push_str(from_quote);
            return out;
        };
        let key = &from_quote[1..=end];
        out.push_str(&from_quote[..end + 2]);
        rest = &from_quote[end + 2..];
        let lower = key.to_ascii_lowercase();
        if SECRET_KEYS.iter().any(|secret| lower.contains(secret)) {
            if let Some(after_colon) = rest.trim_start().strip_prefix(':') {
                let value = after_colon.trim_start();
                let consumed = rest.len() - value.len();
                out.push_str(&rest[..consumed]);
                let value_len = json_value_len(value);
                out.push_str(&format!("\"{MASK}\""));
                rest = &value[value_len..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Length of a scalar JSON value at the start of `text` (a string or a bare token).
fn json_value_len(text: &str) -> usize {
    if let Some(inner) = text.strip_prefix('"') {
        let mut escaped = false;
        for (index, ch) in inner.char_indices() {
            match ch {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => return index + 2,
                _ => escaped = false,
            }
        }
        text.len()
    } else {
        text.find([',', '}', ']', ' ', '\n']).unwrap_or(text.len())
    }
}

/// Replaces every occurrence of a secret in an arbitrary message.
pub fn scrub<'a>(message: &'a str, secrets: &[&str]) -> Cow<'a, str> {
    if secrets
        .iter()
        .any(|secret| secret.len() >= 3 && message.contains(secret))
    {
        Cow::Owned(mask_secret_values(message, secrets))
    } else {
        Cow::Borrowed(message)
    }
}

/// The secrets of one client (passwords, API keys, the current token), masked in every
/// message built from a response body or a third-party error.
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Arc<Vec<SecretString>>,
}

impl Redactor {
    pub fn new(secrets: impl IntoIterator<Item = SecretString>) -> Self {
        Redactor {
            secrets: Arc::new(secrets.into_iter().collect()),
        }
    }

    /// This redactor plus one more secret (typically the token in use).
    pub fn with(&self, extra: Option<SecretString>) -> Self {
        match extra {
            None => self.clone(),
            Some(secret) => Redactor::new(self.secrets.iter().cloned().chain([secret])),
        }
    }

    pub fn snippet(&self, body: &[u8]) -> String {
        snippet(body, &self.exposed())
    }

    pub fn scrub(&self, message: &str) -> String {
        scrub(message, &self.exposed()).into_owned()
    }

    fn exposed(&self) -> Vec<&str> {
        self.secrets
            .iter()
            .map(|secret| secret.expose_secret())
            .collect()
    }
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor([{} redacted])", self.secrets.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_known_values_and_credential_keys() {
        let body = br#"{"COD_USR":"M1","COD_PWD":"O8HMER","note":"hunter22 inside","access_token": "abc.def"}"#;
        let out = snippet(body, &["hunter22"]);
        assert!(!out.contains("O8HMER"), "{out}");
        assert!(!out.contains("hunter22"), "{out}");
        assert!(!out.contains("abc.def"), "{out}");
        assert!(out.contains("\"COD_USR\":\"M1\""), "{out}");
    }

    #[test]
    fn truncates_long_bodies_on_char_boundaries() {
        let body = "ł".repeat(500);
        let out = snippet(body.as_bytes(), &[]);
        assert_eq!(out.chars().count(), SNIPPET_CHARS + 1);
    }

    #[test]
    fn unterminated_strings_do_not_panic() {
        assert_eq!(snippet(br#"{"token"#, &[]), r#"{"token"#);
        assert!(snippet(br#"{"token": "abc"#, &[]).contains(MASK));
    }
}
