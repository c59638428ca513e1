//! Values a vendor added after the spec was written.

use serde::{Deserialize, Serialize};

/// An enum value the spec does not list, kept exactly as the vendor sent it.
///
/// Generated enums decode unknown values into their `Unknown(UnknownValue)` variant instead of
/// failing. Only decoding creates one: callers cannot invent values for requests, though a
/// value received can be sent back unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The value exactly as the vendor sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
