//! `style: deepObject` query parameters, which progenitor 0.15.1 cannot serialise.
//!
//! The generator rewrites each deepObject parameter's `QueryParam::new(name, &value)` into
//! [`DeepObject::new`], so an object `{paid: 0, closed: 0}` named `filter` goes on the wire
//! as `filter[paid]=0&filter[closed]=0` (reqwest percent-encodes the brackets, which servers
//! treat as equivalent). Keys keep the order of the Rust struct's fields.

use serde::ser::{Error as _, Serialize, Serializer};
use serde_json::Value;

/// One deepObject query parameter; serialises as the list of its `name[key]=value` pairs.
pub struct DeepObject<'a, T> {
    name: &'a str,
    value: &'a T,
}

impl<'a, T> DeepObject<'a, T> {
    pub fn new(name: &'a str, value: &'a T) -> Self {
        DeepObject { name, value }
    }
}

impl<T: Serialize> Serialize for DeepObject<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = serde_json::to_value(self.value).map_err(S::Error::custom)?;
        let mut pairs = Vec::new();
        flatten(self.name.to_owned(), &value, &mut pairs).map_err(S::Error::custom)?;
        serializer.collect_seq(pairs)
    }
}

/// Absent (`null`) members are left out; nested objects nest their brackets
/// (`filter[date][from]`), the convention of the Rails/PHP servers that use deepObject.
fn flatten(key: String, value: &Value, pairs: &mut Vec<(String, String)>) -> Result<(), String> {
    match value {
        Value::Null => {}
        Value::Bool(flag) => pairs.push((key, flag.to_string())),
        Value::Number(number) => pairs.push((key, number.to_string())),
        Value::String(text) => pairs.push((key, text.clone())),
        Value::Object(members) => {
            for (member, value) in members {
                flatten(format!("{key}[{member}]"), value, pairs)?;
            }
        }
        Value::Array(_) => {
            return Err(format!(
                "query parameter `{key}`: deepObject defines no encoding for arrays"
            ))
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Filter {
        paid: u8,
        closed: u8,
        customer: Option<i64>,
        number: Option<String>,
    }

    fn query<T: Serialize>(name: &str, value: &T) -> String {
        serde_urlencoded::to_string(DeepObject::new(name, value)).unwrap()
    }

    #[test]
    fn members_become_bracketed_keys_in_field_order_and_absent_ones_are_left_out() {
        let filter = Filter {
            paid: 0,
            closed: 0,
            customer: Some(1234),
            number: None,
        };
        assert_eq!(
            query("filter", &filter),
            "filter%5Bpaid%5D=0&filter%5Bclosed%5D=0&filter%5Bcustomer%5D=1234"
        );
    }

    #[test]
    fn free_form_maps_and_absent_parameters() {
        let metadata = std::collections::BTreeMap::from([("account-rep", "Jan")]);
        assert_eq!(
            query("metadata", &metadata),
            "metadata%5Baccount-rep%5D=Jan"
        );
        assert_eq!(query("metadata", &None::<Filter>), "");
    }

    #[test]
    fn arrays_are_refused_with_the_parameter_name() {
        let err = serde_urlencoded::to_string(DeepObject::new("filter", &vec![1])).unwrap_err();
        assert!(err.to_string().contains("`filter`"), "{err}");
    }
}
