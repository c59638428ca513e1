//! Relations a caller may ask the vendor to expand (e-Cont's `expand=customer,invoice`).

use serde::{Deserialize, Serialize};

/// An object with a numeric id.
pub trait Identified {
    /// The object's id, as other objects refer to it.
    fn id(&self) -> i64;
}

/// A relation: the related object's id, or the object itself when it was expanded. Generated
/// fields marked `x-rust-expandable` in the spec have this type; both shapes decode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Expandable<T> {
    /// Not expanded: the related object's id.
    Id(i64),
    /// Expanded: the related object itself.
    Object(T),
}

impl<T> Expandable<T> {
    /// The object, if the relation was expanded.
    pub fn object(&self) -> Option<&T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(object),
        }
    }

    /// The object, if the relation was expanded, by value.
    pub fn into_object(self) -> Option<T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(object),
        }
    }
}

impl<T: Identified> Expandable<T> {
    /// The related object's id, whichever shape arrived.
    pub fn id(&self) -> i64 {
        match self {
            Expandable::Id(id) => *id,
            Expandable::Object(object) => object.id(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Customer {
        id: i64,
        name: String,
    }

    impl Identified for Customer {
        fn id(&self) -> i64 {
            self.id
        }
    }

    #[test]
    fn an_id_or_the_object_both_decode() {
        let id: Expandable<Customer> = serde_json::from_str("1234").unwrap();
        assert_eq!((id.id(), id.object()), (1234, None));
        let object: Expandable<Customer> =
            serde_json::from_str(r#"{"id": 1234, "name": "Acme"}"#).unwrap();
        assert_eq!(object.id(), 1234);
        assert_eq!(object.object().map(|c| c.name.as_str()), Some("Acme"));
        assert!(serde_json::from_str::<Expandable<Customer>>(r#""1234""#).is_err());
    }
}
