//! Serde for flags a vendor sends as the strings `"true"` / `"false"` (Firmino's `active`).
//! Generated fields use it through the spec extension `x-rust-bool`.

use serde::{Deserialize, Deserializer, Serializer};

pub fn serialize<S: Serializer>(value: &bool, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(if *value { "true" } else { "false" })
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    match <std::borrow::Cow<'de, str>>::deserialize(deserializer)?.as_ref() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(serde::de::Error::invalid_value(
            serde::de::Unexpected::Str(other),
            &r#""true" or "false""#,
        )),
    }
}

/// The same for an optional field (absent stays `None`).
pub mod option {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        value: &Option<bool>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => super::serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<bool>, D::Error> {
        #[derive(Deserialize)]
        struct Flag(#[serde(with = "super")] bool);
        Ok(Option::<Flag>::deserialize(deserializer)?.map(|Flag(value)| value))
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Flags {
        #[serde(with = "super")]
        required: bool,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "super::option"
        )]
        optional: Option<bool>,
    }

    #[test]
    fn strings_on_the_wire_bools_in_rust() {
        let flags: Flags =
            serde_json::from_str(r#"{"required":"false","optional":"true"}"#).unwrap();
        assert_eq!(
            flags,
            Flags {
                required: false,
                optional: Some(true)
            }
        );
        assert_eq!(
            serde_json::to_string(&flags).unwrap(),
            r#"{"required":"false","optional":"true"}"#
        );
        let absent: Flags = serde_json::from_str(r#"{"required":"true"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&absent).unwrap(),
            r#"{"required":"true"}"#
        );
    }

    #[test]
    fn anything_else_is_refused() {
        for body in [
            r#"{"required":true}"#,
            r#"{"required":"yes"}"#,
            r#"{"required":"True"}"#,
        ] {
            assert!(serde_json::from_str::<Flags>(body).is_err(), "{body}");
        }
    }
}
