//! A schema's XML layout, read from the spec's `xml` objects (OpenAPI 3.0.3 §4.7.26):
//!
//! - an element is named by its schema's `xml.name`, else by the property it is the value
//!   of (the root: the component the body references);
//! - `xml.attribute: true` makes a property an attribute of its object's element: a scalar
//!   only;
//! - an array is its items, each an element named by the items' `xml.name`, else like the
//!   array; `xml.wrapped: true` puts them inside an element named by the array's `xml.name`
//!   or property name, which then also names unnamed items (the spec's `<aliens><aliens>`
//!   example); unwrapped, the array's own `xml.name` is ignored;
//! - `xml.namespace` and `xml.prefix` qualify the name (checked in `namespaces`).
//!
//! A `$ref` is the referenced schema, its `xml` object included (its siblings are ignored,
//! as OpenAPI 3.0 says). An `allOf` is one object with its members' properties. What the
//! XML object gives no layout (`anyOf`, free-form objects) is [`Unwritable::Skipped`].

use serde_json::Value;

use crate::error::{Error, Pointer};
use crate::spec::{tree, Skip, Spec};

use super::{Bodies, Fields};

/// An element or attribute name, and where the spec states it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Name {
    pub local: String,
    pub prefix: Option<String>,
    pub namespace: Option<String>,
    pub at: Pointer,
}

#[derive(Clone, Debug)]
pub(super) enum Node {
    Text(Name),
    Object(Name, Fields),
    Repeated(Box<Node>),
    Wrapped(Name, Box<Node>),
}

#[derive(Clone, Debug)]
pub(super) struct Field {
    pub key: String,
    pub place: Place,
}

#[derive(Clone, Debug)]
pub(super) enum Place {
    Attribute(Name),
    Element(Node),
}

/// Why a body gets no layout: the spec contradicts itself (refused), or says what XML
/// cannot be written from (skipped, the method takes the body's bytes).
pub(super) enum Unwritable {
    Refused(Error),
    Skipped(Skip),
}

type Layout<T> = Result<T, Unwritable>;

/// The kinds of skip, one text each.
const COMPOSED: &str = "anyOf, oneOf or not, to which the XML object gives no layout";
const FREE_FORM: &str =
    "a free-form object or array (additionalProperties, no properties, no items)";
const ALL_OF: &str =
    "an allOf whose members are not all objects, or declare one property differently";
const NOT_A_NAME: &str = "a property or component name that is no XML name, without xml.name";
pub(super) const UNWRAPPED_ROOT: &str =
    "an array without xml.wrapped as the root (its items would be several root elements)";
const SELF_CONTAINED: &str = "a schema that contains itself other than through an object";

pub(super) fn skipped(at: &Pointer, why: &str) -> Unwritable {
    Unwritable::Skipped(Skip {
        pointer: at.clone(),
        what: format!(
            "a typed XML request body: its schema reaches {why}; the method takes the body's bytes"
        ),
    })
}

/// The `xml` object of one schema.
struct Xml {
    name: Option<String>,
    namespace: Option<String>,
    prefix: Option<String>,
    attribute: bool,
    wrapped: bool,
    at: Pointer,
}

/// What a schema holds, as far as its XML goes.
enum Shape {
    Scalar,
    Object,
    Array,
}

/// One body's walk through the schemas; object components it lays out are added to
/// `bodies` (and dropped again by the caller when the body is skipped).
pub(super) struct Walk<'a> {
    pub spec: &'a Spec,
    pub bodies: &'a mut Bodies,
    /// The components laid out by this walk.
    pub added: Vec<String>,
    /// The components being followed that are not objects, and the allOfs being merged.
    following: Vec<Pointer>,
}

impl<'a> Walk<'a> {
    pub fn new(spec: &'a Spec, bodies: &'a mut Bodies) -> Self {
        Walk {
            spec,
            bodies,
            added: Vec::new(),
            following: Vec::new(),
        }
    }

    fn refused(&self, at: Pointer, construct: String) -> Unwritable {
        Unwritable::Refused(Error::Unsupported {
            file: self.spec.file.clone(),
            pointer: at,
            construct,
        })
    }

    /// The schema `schema` (at `at`) designates, through `$ref`s, and where it is.
    fn resolve(&self, schema: &'a Value, at: &Pointer) -> Layout<(&'a Value, Pointer)> {
        tree::resolve(&self.spec.json, schema, at.clone()).ok_or_else(|| {
            Unwritable::Refused(Error::UnresolvedRef {
                file: self.spec.file.clone(),
                pointer: at.join("$ref"),
                target: schema["$ref"].as_str().unwrap_or_default().to_owned(),
            })
        })
    }

    /// The value of `schema` written as an element named `default` unless its `xml.name`
    /// says otherwise.
    pub fn element(&mut self, schema: &'a Value, at: &Pointer, default: &str) -> Layout<Node> {
        let (schema, at) = self.resolve(schema, at)?;
        let xml = self.xml(schema, &at)?;
        if xml.attribute {
            return Err(self.refused(
                xml.at.join("attribute"),
                "xml.attribute on a schema written as an element here (a body's root or an array's items)".into(),
            ));
        }
        match self.shape(schema, &at)? {
            Shape::Scalar => Ok(Node::Text(self.name(&xml, default, &at)?)),
            Shape::Object => {
                let name = self.name(&xml, default, &at)?;
                let fields = match component(&at) {
                    Some(component) => Fields::Component(self.component(component, schema, &at)?),
                    None => Fields::Inline(self.fields(schema, &at)?),
                };
                Ok(Node::Object(name, fields))
            }
            Shape::Array => {
                if self.following.contains(&at) {
                    return Err(skipped(&at, SELF_CONTAINED));
                }
                let Some(items) = schema.get("items") else {
                    return Err(skipped(&at, FREE_FORM));
                };
                self.following.push(at.clone());
                let node = match xml.wrapped {
                    true => self.name(&xml, default, &at).and_then(|wrapper| {
                        let item = self.element(items, &at.join("items"), &wrapper.local)?;
                        Ok(Node::Wrapped(wrapper, Box::new(item)))
                    }),
                    false => self
                        .element(items, &at.join("items"), default)
                        .map(|item| Node::Repeated(Box::new(item))),
                };
                self.following.pop();
                node
            }
        }
    }

    /// The fields of the object component `name`, laid out once for every body.
    fn component(&mut self, name: String, schema: &'a Value, at: &Pointer) -> Layout<String> {
        if self.bodies.objects.contains_key(&name) {
            return Ok(name);
        }
        // Registered before its properties are walked: a property that leads back to it is
        // a reference to its fields.
        self.bodies.objects.insert(name.clone(), Vec::new());
        self.added.push(name.clone());
        let fields = self.fields(schema, at)?;
        self.bodies.objects.insert(name.clone(), fields);
        Ok(name)
    }

    /// Where each property of the object `schema` goes, in the spec's order (`allOf`
    /// members first, in order, then its own properties).
    fn fields(&mut self, schema: &'a Value, at: &Pointer) -> Layout<Vec<Field>> {
        let mut properties = Vec::new();
        self.properties(schema, at, &mut properties)?;
        let mut fields = Vec::new();
        for (key, property, property_at) in properties {
            let (resolved, resolved_at) = self.resolve(property, &property_at)?;
            let xml = self.xml(resolved, &resolved_at)?;
            let place = match xml.attribute {
                true => {
                    if !matches!(self.shape(resolved, &resolved_at)?, Shape::Scalar) {
                        return Err(self.refused(
                            xml.at.join("attribute"),
                            format!("xml.attribute on the property `{key}`, which is not a scalar: an attribute holds text only"),
                        ));
                    }
                    let name = self.name(&xml, &key, &resolved_at)?;
                    if name.namespace.is_some() && name.prefix.is_none() {
                        return Err(self.refused(
                            xml.at.join("namespace"),
                            format!("xml.namespace on the attribute `{key}` without xml.prefix: an unprefixed attribute is in no namespace"),
                        ));
                    }
                    Place::Attribute(name)
                }
                false => Place::Element(self.element(property, &property_at, &key)?),
            };
            fields.push(Field { key, place });
        }
        Ok(fields)
    }

    /// Adds the properties `schema` declares, through its `allOf`, to `properties`.
    fn properties(
        &mut self,
        schema: &'a Value,
        at: &Pointer,
        properties: &mut Vec<(String, &'a Value, Pointer)>,
    ) -> Layout<()> {
        let closed = match schema.get("additionalProperties") {
            None => false,
            Some(Value::Bool(false)) => true,
            Some(_) => return Err(skipped(&at.join("additionalProperties"), FREE_FORM)),
        };
        let members = schema.get("allOf").and_then(Value::as_array);
        let own = schema.get("properties").and_then(Value::as_object);
        // `{type: object}` is any object (typify types it as a map), `{}` closed is none.
        if members.is_none() && own.is_none_or(|own| own.is_empty()) && !closed {
            return Err(skipped(at, FREE_FORM));
        }
        if self.following.contains(at) {
            return Err(skipped(at, SELF_CONTAINED));
        }
        self.following.push(at.clone());
        for (index, member) in members.into_iter().flatten().enumerate() {
            let (member, member_at) =
                self.resolve(member, &at.join("allOf").join(&index.to_string()))?;
            if says_nothing_of_shape(member) {
                continue;
            }
            if !matches!(self.shape(member, &member_at)?, Shape::Object) {
                return Err(skipped(&member_at, ALL_OF));
            }
            self.properties(member, &member_at, properties)?;
        }
        self.following.pop();
        for (key, property) in own.into_iter().flatten() {
            let property_at = at.join("properties").join(key);
            match properties.iter().find(|(seen, _, _)| seen == key) {
                None => properties.push((key.clone(), property, property_at)),
                Some((_, first, _)) if *first == property => {}
                Some(_) => return Err(skipped(&property_at, ALL_OF)),
            }
        }
        Ok(())
    }

    fn shape(&self, schema: &Value, at: &Pointer) -> Layout<Shape> {
        for keyword in ["anyOf", "oneOf", "not"] {
            if schema.get(keyword).is_some() {
                return Err(skipped(&at.join(keyword), COMPOSED));
            }
        }
        let scalar_enum = || {
            schema
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|values| {
                    values
                        .iter()
                        .all(|value| !value.is_array() && !value.is_object())
                })
        };
        Ok(match schema.get("type").and_then(Value::as_str) {
            Some("string" | "integer" | "number" | "boolean") => Shape::Scalar,
            Some("array") => Shape::Array,
            Some("object") => Shape::Object,
            _ if schema.get("items").is_some() => Shape::Array,
            _ if schema.get("properties").is_some() || schema.get("allOf").is_some() => {
                Shape::Object
            }
            _ if scalar_enum() => Shape::Scalar,
            _ => return Err(skipped(at, FREE_FORM)),
        })
    }

    /// The `xml` object of `schema` (at `at`); a field of the wrong type is refused.
    fn xml(&self, schema: &Value, at: &Pointer) -> Layout<Xml> {
        let at = at.join("xml");
        let none = Value::Object(Default::default());
        let xml = schema.get("xml").unwrap_or(&none);
        let wrong = |field: &str, kind: &str| {
            self.refused(at.join(field), format!("xml.{field} that is not {kind}"))
        };
        let text = |field: &str| match xml.get(field) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(wrong(field, "a string")),
        };
        let flag = |field: &str| match xml.get(field) {
            None => Ok(false),
            Some(Value::Bool(flag)) => Ok(*flag),
            Some(_) => Err(wrong(field, "a boolean")),
        };
        let namespace = text("namespace")?;
        if namespace
            .as_deref()
            .is_some_and(|uri| !is_absolute_uri(uri))
        {
            return Err(wrong("namespace", "an absolute URI"));
        }
        let prefix = text("prefix")?;
        if prefix.as_deref().is_some_and(|prefix| !is_xml_name(prefix)) {
            return Err(wrong("prefix", "an XML name"));
        }
        let name = text("name")?;
        if name.as_deref().is_some_and(|name| !is_xml_name(name)) {
            return Err(wrong("name", "an XML name without a colon"));
        }
        Ok(Xml {
            name,
            namespace,
            prefix,
            attribute: flag("attribute")?,
            wrapped: flag("wrapped")?,
            at,
        })
    }

    /// The name `xml` gives, else `default` (a property's or component's name).
    fn name(&self, xml: &Xml, default: &str, at: &Pointer) -> Layout<Name> {
        let local = xml.name.as_deref().unwrap_or(default);
        if !is_xml_name(local) {
            return Err(skipped(at, NOT_A_NAME));
        }
        Ok(Name {
            local: local.to_owned(),
            prefix: xml.prefix.clone(),
            namespace: xml.namespace.clone(),
            at: xml.at.clone(),
        })
    }
}

/// An allOf member like `{required: [name]}` or `{description: …}`: it adds no property.
fn says_nothing_of_shape(schema: &Value) -> bool {
    const SHAPING: [&str; 9] = [
        "type",
        "properties",
        "additionalProperties",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "items",
        "enum",
    ];
    SHAPING.iter().all(|keyword| schema.get(keyword).is_none())
}

/// The component a schema's pointer names: `#/components/schemas/<name>`.
pub(in super::super) fn component(at: &Pointer) -> Option<String> {
    let (parent, name) = at.split_last()?;
    (parent.as_json_pointer() == "/components/schemas").then_some(name)
}

/// An XML name without a colon (an NCName): a letter or `_`, then letters, digits, `_`,
/// `-` and `.`.
fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_alphabetic() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A URI with a scheme (`http:`, `urn:`), as the XML object's `namespace` must be.
fn is_absolute_uri(uri: &str) -> bool {
    uri.split_once(':').is_some_and(|(scheme, _)| {
        let mut chars = scheme.chars();
        chars
            .next()
            .is_some_and(|first| first.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}
