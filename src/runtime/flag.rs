//! Serde for flags a vendor sends as strings: Firmino's `"active": "true"` / `"false"`,
//! QuoParts' `"FLG_ATV": "1"` / `"0"`. Generated fields use these modules through the spec
//! extension `x-rust-bool`, so Rust sees a `bool` while the wire keeps the strings.

/// Defines a serde `with` module (and its `option` submodule) for one pair of strings.
macro_rules! string_flag {
    ($(#[$doc:meta])* $module:ident, $true:literal, $false:literal) => {
        $(#[$doc])*
        pub mod $module {
            use serde::{Deserialize, Deserializer, Serializer};

            pub fn serialize<S: Serializer>(value: &bool, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(if *value { $true } else { $false })
            }

            pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
                match <std::borrow::Cow<'de, str>>::deserialize(deserializer)?.as_ref() {
                    $true => Ok(true),
                    $false => Ok(false),
                    other => Err(serde::de::Error::invalid_value(
                        serde::de::Unexpected::Str(other),
                        &concat!("\"", $true, "\" or \"", $false, "\""),
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
        }
    };
}

string_flag!(
    /// `"true"` / `"false"`.
    bool_string,
    "true",
    "false"
);
string_flag!(
    /// `"1"` / `"0"`.
    bool_digit,
    "1",
    "0"
);

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Flags {
        #[serde(with = "super::bool_string")]
        required: bool,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "super::bool_digit::option"
        )]
        optional: Option<bool>,
    }

    #[test]
    fn strings_on_the_wire_bools_in_rust() {
        let flags: Flags = serde_json::from_str(r#"{"required":"false","optional":"1"}"#).unwrap();
        assert_eq!(
            flags,
            Flags {
                required: false,
                optional: Some(true)
            }
        );
        assert_eq!(
            serde_json::to_string(&flags).unwrap(),
            r#"{"required":"false","optional":"1"}"#
        );
        let absent: Flags = serde_json::from_str(r#"{"required":"true"}"#).unwrap();
        assert_eq!(absent.optional, None);
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
            r#"{"required":"1"}"#,
            r#"{"required":"true","optional":"true"}"#,
        ] {
            assert!(serde_json::from_str::<Flags>(body).is_err(), "{body}");
        }
    }
}
