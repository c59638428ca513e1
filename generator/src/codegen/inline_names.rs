//! Inline property schemas whose derived type name is already a component's.
//!
//! typify names an untitled inline property schema after its parent type and the property
//! (`EnterpriseConfiguration.content_and_sharing` → `EnterpriseConfigurationContentAndSharing`).
//! When a component has that name too, typify either reuses the component's type for the
//! inline schema or emits two types of one name (Box's API does this dozens of times). In the
//! codegen copy each such inline schema is given a `title`, which typify prefers to its
//! suggestion: the suggestion plus `Property` (then `Property2`, …), a name no component and
//! no earlier title takes. A nullable `allOf`/`anyOf`/`oneOf` (Sentry's `Dashboard.permissions:
//! {nullable: true, allOf: [{type: object, …}]}`) reaches typify as progenitor's `oneOf` of
//! `null` and the inner schema without its annotations, where a title names nothing: its inner
//! schema becomes a component of that name instead, as `codegen::nullable_components` does for
//! components. Published specs are untouched.
//!
//! An inline schema anywhere whose `title` gives a component's type name (PagerDuty's
//! `team: {title: Team, …}` beside the component `Team`, inside an `allOf` and in request
//! bodies) would be a second type of that name: the copy drops the title, a name only, so
//! typify names the schema after where it is.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::{Map, Value};

use super::naming::type_name;
use super::nullable_components::{move_inner, names_its_inner_type};
use crate::error::Pointer;
use crate::spec::{tree, walk};

/// `json` without the titles of inline schemas that name a component's type; `None` when
/// no title does.
pub fn without_component_titles(json: &Value) -> Option<Value> {
    let components: BTreeSet<String> = json
        .pointer("/components/schemas")
        .and_then(Value::as_object)?
        .keys()
        .map(|name| type_name(name))
        .collect();
    let names_a_component = |schema: &Map<String, Value>, at: &Pointer| {
        at.tokens().count() != 3
            && schema
                .get("title")
                .and_then(Value::as_str)
                .is_some_and(|title| components.contains(&type_name(title)))
    };
    let mut any = false;
    tree::visit_schemas(json, &mut |schema, at, _| {
        any |= schema
            .as_object()
            .is_some_and(|schema| names_a_component(schema, at));
    });
    if !any {
        return None;
    }
    let mut copy = json.clone();
    walk::schemas_mut(&mut copy, &mut |schema, at, _| {
        if names_a_component(schema, at) {
            schema.remove("title");
        }
    });
    Some(copy)
}

/// The names taken so far, and the components made of nullable inline schemas.
struct Names {
    taken: BTreeSet<String>,
    moved: Vec<(String, ReferenceOr<Schema>)>,
}

/// Titles the inline property schemas of `openapi`'s components whose suggested type name is
/// taken (or moves them into components of that name).
pub fn disambiguate(openapi: &mut OpenAPI) {
    let Some(components) = openapi.components.as_mut() else {
        return;
    };
    let taken = components
        .schemas
        .keys()
        .map(|name| type_name(name))
        .collect::<BTreeSet<_>>();
    let mut names = Names {
        taken,
        moved: Vec::new(),
    };
    for (name, schema) in components.schemas.iter_mut() {
        if let ReferenceOr::Item(schema) = schema {
            let names_a_component = |title: &String| names.taken.contains(&type_name(title));
            if schema.schema_data.nullable
                && schema
                    .schema_data
                    .title
                    .as_ref()
                    .is_some_and(names_a_component)
            {
                schema.schema_data.title = None;
            }
            title_properties(&type_name(name), schema, &mut names);
        }
    }
    components.schemas.extend(names.moved);
}

/// Walks the properties of `schema`, whose type typify names `parent`, and those of its
/// inline object properties, as typify does when it names them.
fn title_properties(parent: &str, schema: &mut Schema, names: &mut Names) {
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
            None if names.taken.contains(&suggested) => {
                let unique = (1..)
                    .map(|n| match n {
                        1 => format!("{suggested}Property"),
                        n => format!("{suggested}Property{n}"),
                    })
                    .find(|name| !names.taken.contains(name))
                    .expect("an unbounded range has a free name");
                names.taken.insert(unique.clone());
                if names_its_inner_type(child) {
                    let moved = move_inner(child, &unique);
                    names.moved.push((unique.clone(), ReferenceOr::Item(moved)));
                } else {
                    child.schema_data.title = Some(unique.clone());
                }
                unique
            }
            None => suggested,
        };
        title_properties(&name, child, names);
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

    #[test]
    fn inline_schemas_titled_like_a_component_lose_the_title_anywhere() {
        let json = serde_json::json!({
            "paths": {"/services": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"properties": {"team": {"title": "Team", "type": "object"}}}
            }}}}}},
            "components": {"schemas": {
                "Team": {"title": "Team", "type": "object"},
                "Service": {"allOf": [{"properties": {
                    "team": {"title": "team", "type": "object"},
                    "owner": {"title": "Owner", "type": "object"}
                }}]}
            }}
        });
        let copy = super::without_component_titles(&json).expect("titles to drop");
        let titles: Vec<_> = [
            "/paths/~1services/post/requestBody/content/application~1json/schema/properties/team",
            "/components/schemas/Service/allOf/0/properties/team",
            "/components/schemas/Service/allOf/0/properties/owner",
            "/components/schemas/Team",
        ]
        .iter()
        .map(|at| copy.pointer(at).unwrap().get("title").cloned())
        .collect();
        assert_eq!(
            titles,
            [None, None, Some("Owner".into()), Some("Team".into())]
        );
        assert!(super::without_component_titles(&copy).is_none());
    }

    #[test]
    fn a_nullable_inline_all_of_named_like_a_component_becomes_a_component() {
        let mut api = openapi(
            r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Dashboard:
      type: object
      properties:
        permissions:
          nullable: true
          description: Who may edit.
          allOf: [{type: object, properties: {editable: {type: boolean}}}]
    DashboardPermissions:
      type: object
      properties: {is_editable: {type: boolean}}
"#,
        );
        disambiguate(&mut api);
        let json = serde_json::to_value(&api).unwrap();
        let schemas = &json["components"]["schemas"];
        assert_eq!(
            schemas["Dashboard"]["properties"]["permissions"],
            serde_json::json!({"nullable": true, "description": "Who may edit.",
                "allOf": [{"$ref": "#/components/schemas/DashboardPermissionsProperty"}]})
        );
        assert_eq!(
            schemas["DashboardPermissionsProperty"]["allOf"][0]["properties"]["editable"]["type"],
            "boolean"
        );
    }

    #[test]
    fn a_nullable_component_titled_like_a_component_loses_that_title() {
        let mut api = openapi(
            r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    auto_merge:
      title: Auto merge
      type: object
      nullable: true
      properties: {enabled: {type: boolean}}
    label:
      title: A label
      type: object
      nullable: true
      properties: {name: {type: string}}
"#,
        );
        disambiguate(&mut api);
        let json = serde_json::to_value(&api).unwrap();
        let schemas = &json["components"]["schemas"];
        assert!(schemas["auto_merge"].get("title").is_none(), "{schemas}");
        assert_eq!(schemas["label"]["title"], "A label");
    }
}
