//! Serde for a code list where JSON null is one of the codes: SiS `TipoVariazione` lists
//! "NULL=ALTRO", read both as the string `"NULL"` and as JSON null, and both mean "other".
//! A field's `Option` would swallow null as "absent"; generated fields of such an enum (spec
//! extension `x-enum-varnames` naming `null`) use this module instead, so absent stays
//! `None` and null decodes as the variant the spec names.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A generated enum whose spec names the variant JSON null means.
pub trait NullVariant: Sized + PartialEq {
    /// Whether the variant goes on the wire as null (the spec lists null before its string).
    const SENT_AS_NULL: bool;

    /// The variant JSON null decodes as.
    fn null_variant() -> Self;
}

pub fn serialize<T, S>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error>
where
    T: NullVariant + Serialize,
    S: Serializer,
{
    match value {
        Some(value) if !(T::SENT_AS_NULL && *value == T::null_variant()) => {
            value.serialize(serializer)
        }
        _ => serializer.serialize_none(),
    }
}

pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: NullVariant + Deserialize<'de>,
    D: Deserializer<'de>,
{
    Ok(Some(
        Option::<T>::deserialize(deserializer)?.unwrap_or_else(T::null_variant),
    ))
}
