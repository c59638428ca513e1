//! Which top-level properties a multipart body's schema has, through JSON Schema
//! composition. OpenAPI 3.0.3 makes each top-level property of the body's object one part
//! (an array one part per item); a composed schema says which properties those are:
//!
//! - `allOf` (and properties beside it): every member applies, so the body has the union of
//!   the members' properties, required where any member requires them. A property two members
//!   declare with different schemas (annotations aside) has no one type: refused where the
//!   second declaration is.
//! - `anyOf` / `oneOf`: each member is an [`Alternative`] of its own, with only its own
//!   properties. Members may declare one property differently (Discord's invite `max_age`
//!   has other bounds for a group DM than for a guild), which a union of the members could
//!   not type; and a value that satisfies one member satisfies an `anyOf` too.
//! - `$ref`s are followed and nested compositions distributed: `allOf: [{anyOf: [A, B]}, C]`
//!   is the alternatives A+C and B+C, named `A` and `B` (the members chosen).
//!
//! A member that is not an object (a string, an array, a `not`, a free-form schema) names
//! no parts: refused where it is. A whole body schema of that kind is the caller's form
//! instead (`multipart::caller_built`).

use std::collections::BTreeSet;

use openapiv3::{AdditionalProperties, Components, ReferenceOr, Schema, SchemaKind, Type};

use crate::error::{Error, Pointer, Result};
use crate::spec::Spec;

use super::unbox;

/// More alternatives than this (a product of `anyOf`s in an `allOf`) is refused: nobody
/// builds a request from a hundred parts structs.
const MOST: usize = 32;

/// One set of parts the body's schema accepts.
#[derive(Clone, Debug, Default)]
pub(super) struct Alternative {
    /// The `anyOf`/`oneOf` members chosen, outermost first, each named by its component,
    /// its title or `Variant<index>`; empty when the schema offers no choice.
    pub choices: Vec<String>,
    /// Wire name → its schema, in the spec's order (members in order).
    pub properties: Vec<(String, Declared)>,
    pub required: BTreeSet<String>,
    /// `additionalProperties` with a schema (or `true`): parts named by the caller.
    pub additional: Option<Declared>,
}

/// A schema and where the spec declares it.
#[derive(Clone, Debug)]
pub(super) struct Declared {
    /// `None` for `additionalProperties: true` (any JSON value).
    pub schema: Option<ReferenceOr<Schema>>,
    pub at: Pointer,
}

/// The alternatives of the body schema `schema`, declared at `at`.
pub(super) fn of(
    spec: &Spec,
    components: &Option<Components>,
    schema: &ReferenceOr<Schema>,
    at: &Pointer,
) -> Result<Vec<Alternative>> {
    let mut walk = Walk {
        spec,
        components,
        following: Vec::new(),
    };
    let alternatives = walk.schema(schema, at)?;
    for alternative in &alternatives {
        if let Some(missing) = alternative
            .required
            .iter()
            .find(|name| alternative.declared(name).is_none())
        {
            return Err(walk.refuse(
                at,
                format!("a multipart schema that requires the property `{missing}` and declares no schema for it"),
            ));
        }
    }
    Ok(alternatives)
}

impl Alternative {
    pub fn declared(&self, wire: &str) -> Option<&Declared> {
        self.properties
            .iter()
            .find(|(name, _)| name == wire)
            .map(|(_, declared)| declared)
    }
}

struct Walk<'a> {
    spec: &'a Spec,
    components: &'a Option<Components>,
    /// The components being followed, to refuse a schema that contains itself.
    following: Vec<String>,
}

impl Walk<'_> {
    fn refuse(&self, at: &Pointer, construct: String) -> Error {
        Error::Unsupported {
            file: self.spec.file.clone(),
            pointer: at.clone(),
            construct,
        }
    }

    fn schema(&mut self, schema: &ReferenceOr<Schema>, at: &Pointer) -> Result<Vec<Alternative>> {
        let reference = match schema {
            ReferenceOr::Item(schema) => return self.item(schema, at),
            ReferenceOr::Reference { reference } => reference,
        };
        let found = reference
            .strip_prefix("#/components/schemas/")
            .and_then(|name| {
                let schema = self.components.as_ref()?.schemas.get(name)?;
                Some((name, schema))
            });
        let Some((name, target)) = found else {
            return Err(self.refuse(
                at,
                format!(
                    "a multipart schema $ref {reference:?} that is not a components.schemas entry"
                ),
            ));
        };
        if self.following.iter().any(|followed| followed == name) {
            return Err(self.refuse(
                at,
                format!("a multipart schema that contains itself through {reference:?}"),
            ));
        }
        self.following.push(name.to_owned());
        let alternatives = self.schema(
            target,
            &Pointer::from_tokens(["components", "schemas", name]),
        );
        self.following.pop();
        alternatives
    }

    fn item(&mut self, schema: &Schema, at: &Pointer) -> Result<Vec<Alternative>> {
        let not_object = || {
            self.refuse(
                at,
                "a multipart schema (or a member of its allOf, anyOf or oneOf) that is not an object with properties: it names no parts".into(),
            )
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => Ok(vec![own(
                &object.properties,
                &object.required,
                object.additional_properties.as_ref(),
                at,
            )]),
            SchemaKind::AllOf { all_of } => self.all_of(all_of, &at.join("allOf"), Vec::new()),
            SchemaKind::AnyOf { any_of } => self.one_of(any_of, &at.join("anyOf")),
            SchemaKind::OneOf { one_of } => self.one_of(one_of, &at.join("oneOf")),
            // Composition beside other keywords (`allOf` and `properties` side by side).
            SchemaKind::Any(any) => {
                let object_like = any.typ.as_deref().is_none_or(|typ| typ == "object");
                let says_something = !any.properties.is_empty()
                    || !any.required.is_empty()
                    || any.additional_properties.is_some()
                    || !any.all_of.is_empty()
                    || !any.any_of.is_empty()
                    || !any.one_of.is_empty();
                if !object_like || any.not.is_some() || !says_something {
                    return Err(not_object());
                }
                let mut members = vec![vec![own(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    at,
                )]];
                for (keyword, choice) in [("anyOf", &any.any_of), ("oneOf", &any.one_of)] {
                    if !choice.is_empty() {
                        members.push(self.one_of(choice, &at.join(keyword))?);
                    }
                }
                self.all_of(&any.all_of, &at.join("allOf"), members)
            }
            SchemaKind::Type(_) | SchemaKind::Not { .. } => Err(not_object()),
        }
    }

    /// Every member of `all_of` (at `at`) applies, beside the alternatives of `members`.
    fn all_of(
        &mut self,
        all_of: &[ReferenceOr<Schema>],
        at: &Pointer,
        mut members: Vec<Vec<Alternative>>,
    ) -> Result<Vec<Alternative>> {
        for (index, member) in all_of.iter().enumerate() {
            members.push(self.schema(member, &at.join(&index.to_string()))?);
        }
        let mut product = vec![Alternative::default()];
        for member in members {
            let mut next = Vec::new();
            for left in &product {
                for right in &member {
                    next.push(self.both(left, right)?);
                }
            }
            if next.len() > MOST {
                return Err(self.refuse(
                    at,
                    format!("a multipart schema with more than {MOST} alternatives"),
                ));
            }
            product = next;
        }
        Ok(product)
    }

    /// One alternative per member of `choice` (and per alternative of each member).
    fn one_of(&mut self, choice: &[ReferenceOr<Schema>], at: &Pointer) -> Result<Vec<Alternative>> {
        let mut alternatives = Vec::new();
        for (index, member) in choice.iter().enumerate() {
            let name = match member {
                ReferenceOr::Reference { reference } => {
                    reference.rsplit('/').next().unwrap_or(reference).to_owned()
                }
                ReferenceOr::Item(schema) => schema
                    .schema_data
                    .title
                    .clone()
                    .unwrap_or_else(|| format!("Variant{index}")),
            };
            for mut alternative in self.schema(member, &at.join(&index.to_string()))? {
                alternative.choices.insert(0, name.clone());
                alternatives.push(alternative);
            }
        }
        if alternatives.len() > MOST {
            return Err(self.refuse(
                at,
                format!("a multipart schema with more than {MOST} alternatives"),
            ));
        }
        Ok(alternatives)
    }

    /// `left` and `right` together, as an `allOf` has them.
    fn both(&self, left: &Alternative, right: &Alternative) -> Result<Alternative> {
        let mut merged = left.clone();
        merged.choices.extend(right.choices.iter().cloned());
        for (wire, declared) in &right.properties {
            match left.declared(wire) {
                None => merged.properties.push((wire.clone(), declared.clone())),
                // The part is documented by the first declaration that says something.
                Some(first) if same(&first.schema, &declared.schema) => {
                    if described(first).is_none() && described(declared).is_some() {
                        let slot = merged.properties.iter_mut().find(|(name, _)| name == wire);
                        if let Some((_, slot)) = slot {
                            *slot = declared.clone();
                        }
                    }
                }
                Some(first) => {
                    return Err(self.refuse(
                        &declared.at,
                        format!(
                            "a multipart property `{wire}` that allOf members declare with different schemas (here and at {})",
                            first.at
                        ),
                    ))
                }
            }
        }
        merged.required.extend(right.required.iter().cloned());
        match (&left.additional, &right.additional) {
            (Some(first), Some(second)) if !same(&first.schema, &second.schema) => {
                return Err(self.refuse(
                    &second.at,
                    format!(
                        "multipart additionalProperties that allOf members declare with different schemas (here and at {})",
                        first.at
                    ),
                ))
            }
            (None, Some(second)) => merged.additional = Some(second.clone()),
            _ => {}
        }
        Ok(merged)
    }
}

/// The alternative an object's own keywords (at `at`) declare.
fn own<'a>(
    properties: impl IntoIterator<Item = (&'a String, &'a ReferenceOr<Box<Schema>>)>,
    required: &[String],
    additional: Option<&AdditionalProperties>,
    at: &Pointer,
) -> Alternative {
    let properties_at = at.join("properties");
    let additional_at = at.join("additionalProperties");
    Alternative {
        choices: Vec::new(),
        properties: properties
            .into_iter()
            .map(|(wire, schema)| {
                let declared = Declared {
                    schema: Some(unbox(schema)),
                    at: properties_at.join(wire),
                };
                (wire.clone(), declared)
            })
            .collect(),
        required: required.iter().cloned().collect(),
        additional: match additional {
            None | Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Any(true)) => Some(Declared {
                schema: None,
                at: additional_at,
            }),
            Some(AdditionalProperties::Schema(schema)) => Some(Declared {
                schema: Some((**schema).clone()),
                at: additional_at,
            }),
        },
    }
}

/// Whether two declarations describe the same values: equal but for the annotations at
/// their top (title, description, example, external docs, extensions).
pub(super) fn same(a: &Option<ReferenceOr<Schema>>, b: &Option<ReferenceOr<Schema>>) -> bool {
    fn bare(schema: &Option<ReferenceOr<Schema>>) -> Option<ReferenceOr<Schema>> {
        let mut schema = schema.clone();
        if let Some(ReferenceOr::Item(schema)) = &mut schema {
            let data = &mut schema.schema_data;
            data.title = None;
            data.description = None;
            data.example = None;
            data.external_docs = None;
            data.extensions.clear();
        }
        schema
    }
    bare(a) == bare(b)
}

/// The description an inline declaration carries.
fn described(declared: &Declared) -> Option<&str> {
    match &declared.schema {
        Some(ReferenceOr::Item(schema)) => schema.schema_data.description.as_deref(),
        _ => None,
    }
}
