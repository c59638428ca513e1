//! Inline property schemas whose derived type name is already a component's.
//!
//! typify names an untitled inline property schema after its parent type and the property
//! (`EnterpriseConfiguration.content_and_sharing` → `EnterpriseConfigurationContentAndSharing`).
//! When a component has that name too, typify either reuses the component's type for the
//! inline schema or emits two types of one name (Box's API does this dozens of times). In the
//! codegen copy each such inline schema is given a `title`, which typify prefers to its
//! suggestion: the suggestion plus `Property` (then `Property2`, …), a name no component and
//! no earlier title takes. Published specs are untouched.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use super::naming::type_name;

/// Titles the inline property schemas of `openapi`'s components whose suggested type name is
/// taken.
pub fn disambiguate(openapi: &mut OpenAPI) {
    let Some(components) = openapi.components.as_mut() else {
        return;
    };
    let mut taken = components
        .schemas
        .keys()
        .map(|name| type_name(name))
        .collect::<BTreeSet<_>>();
    for (name, schema) in components.schemas.iter_mut() {
        if let ReferenceOr::Item(schema) = schema {
            title_properties(&type_name(name), schema, &mut taken);
        }
    }
}

/// Walks the properties of `schema`, whose type typify names `parent`, and those of its
/// inline object properties, as typify does when it names them.
fn title_properties(parent: &str, schema: &mut Schema, taken: &mut BTreeSet<String>) {
    let properties = match &mut schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => &mut object.properties,
        SchemaKind::Any(any) => &mut any.properties,
        _ => return,
    };
    for (property, child) in properties.iter_mut() {
        let ReferenceOr::Item(child) = child else {
            continue;
        };
        let suggested = type_name(&format!("{parent}_{}", property.to_snake_case()));
        let name = match &child.schema_data.title {
            Some(title) => type_name(title),
            None if taken.contains(&suggested) => {
                let unique = (1..)
                    .map(|n| match n {
                        1 => format!("{suggested}Property"),
                        n => format!("{suggested}Property{n}"),
                    })
                    .find(|name| !taken.contains(name))
                    .expect("an unbounded range has a free name");
                taken.insert(unique.clone());
                child.schema_data.title = Some(unique.clone());
                unique
            }
            None => suggested,
        };
        title_properties(&name, child, taken);
    }
}

#[cfg(test)]
mod tests {
    use super::disambiguate;

    fn openapi(yaml: &str) -> openapiv3::OpenAPI {
        yaml_serde::from_str(yaml).expect("a valid test document")
    }

    #[test]
    fn an_inline_property_named_like_a_component_gets_a_free_title() {
        let mut api = openapi(
            r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    EnterpriseConfiguration:
      type: object
      properties:
        content_and_sharing:
          allOf: [{$ref: '#/components/schemas/EnterpriseConfigurationContentAndSharing'}]
        other: {type: object, properties: {a: {type: string}}}
    EnterpriseConfigurationContentAndSharing:
      type: object
      properties: {x: {type: string}}
    EnterpriseConfigurationContentAndSharingProperty: {type: string}
"#,
        );
        disambiguate(&mut api);
        let json = serde_json::to_value(&api).unwrap();
        let properties = &json["components"]["schemas"]["EnterpriseConfiguration"]["properties"];
        assert_eq!(
            properties["content_and_sharing"]["title"],
            "EnterpriseConfigurationContentAndSharingProperty2"
        );
        assert!(properties["other"].get("title").is_none(), "{properties}");
    }
}
