//! Nullable components that typify names twice.
//!
//! A component that is a nullable `anyOf`, `oneOf` or `allOf` (OpenAI's `ModelIdsCompaction:
//! {nullable: true, anyOf: [{$ref: ModelIdsResponses}, {type: string}]}`) reaches typify as
//! progenitor's `oneOf` of `null` and the schema. typify gives the component's name to the
//! type of the schema, then again to the newtype around its `Option`, and emits both (for a
//! nullable object it names the inner type `<Name>Inner`). In the codegen copy the schema
//! becomes a component of its own, `<Name>Inner` (numbered when taken), and the component a
//! nullable `allOf` of a reference to it: `struct Name(Option<NameInner>)`. A lone `$ref`
//! member is left as it is: typify makes no type of it.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind};

use super::naming::type_name;

/// Moves the schema of each nullable subschema component of `openapi` into a component of
/// its own.
pub fn split(openapi: &mut OpenAPI) {
    let Some(components) = openapi.components.as_mut() else {
        return;
    };
    let mut taken = components
        .schemas
        .keys()
        .map(|name| type_name(name))
        .collect::<BTreeSet<_>>();
    let mut inner = Vec::new();
    for (name, schema) in components.schemas.iter_mut() {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        if !names_its_inner_type(schema) {
            continue;
        }
        let inner_name = (1..)
            .map(|n| match n {
                1 => format!("{name}Inner"),
                n => format!("{name}Inner{n}"),
            })
            .find(|candidate| !taken.contains(&type_name(candidate)))
            .expect("an unbounded range has a free name");
        taken.insert(type_name(&inner_name));
        let moved = move_inner(schema, &inner_name);
        inner.push((inner_name, ReferenceOr::Item(moved)));
    }
    components.schemas.extend(inner);
}

/// Makes `schema` a nullable `allOf` of a reference to the component `name`, and returns
/// what that component is to hold: the schema's kind and discriminator, without its
/// annotations (they stay on `schema`).
pub(super) fn move_inner(schema: &mut Schema, name: &str) -> Schema {
    let reference = ReferenceOr::Reference {
        reference: format!("#/components/schemas/{name}"),
    };
    let kind = std::mem::replace(
        &mut schema.schema_kind,
        SchemaKind::AllOf {
            all_of: vec![reference],
        },
    );
    Schema {
        schema_data: SchemaData {
            discriminator: schema.schema_data.discriminator.take(),
            ..SchemaData::default()
        },
        schema_kind: kind,
    }
}

/// A nullable `anyOf`, `oneOf` or `allOf` other than one `$ref`: progenitor hands typify
/// its inner schema without the annotations, so a `title` does not name that schema's type.
pub(super) fn names_its_inner_type(schema: &Schema) -> bool {
    let members = match &schema.schema_kind {
        SchemaKind::AnyOf { any_of: members }
        | SchemaKind::OneOf { one_of: members }
        | SchemaKind::AllOf { all_of: members } => members,
        _ => return false,
    };
    let lone_reference = matches!(members.as_slice(), [ReferenceOr::Reference { .. }]);
    schema.schema_data.nullable && !lone_reference
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn a_nullable_any_of_moves_into_a_component_the_nullable_one_refers_to() {
        let mut api: openapiv3::OpenAPI = yaml_serde::from_str(
            r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Model:
      nullable: true
      description: A model id.
      anyOf: [{$ref: '#/components/schemas/Known'}, {type: string}]
    Known: {type: string, enum: [a, b]}
    ModelInner: {type: integer}
    Alias:
      nullable: true
      allOf: [{$ref: '#/components/schemas/Known'}]
"##,
        )
        .expect("a valid test document");
        split(&mut api);
        let json = serde_json::to_value(&api).unwrap();
        let schemas = &json["components"]["schemas"];
        assert_eq!(
            schemas["Model"],
            serde_json::json!({"nullable": true, "description": "A model id.",
                               "allOf": [{"$ref": "#/components/schemas/ModelInner2"}]})
        );
        assert_eq!(
            schemas["ModelInner2"]["anyOf"][0]["$ref"],
            "#/components/schemas/Known"
        );
        assert_eq!(schemas["ModelInner"]["type"], "integer");
        assert!(schemas["Alias"]["allOf"][0]["$ref"] == "#/components/schemas/Known");
        assert!(schemas.get("AliasInner").is_none(), "{schemas}");
    }
}
