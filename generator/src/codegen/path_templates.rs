//! Path template variables that no path parameter declares.
//!
//! OpenAPI requires a path parameter for every `{name}` of a path template ("Path
//! Templating"), and progenitor panics on one without ("missing path name mapping"). Some
//! published documents leave them out (Svix declares none of its `{app_id}`s) or declare
//! them in the wrong place (Intercom's `{job_identifier}` is listed `in: query`). The
//! codegen copy gives each operation the path parameter its template needs, a skip at the
//! operation: a parameter of that name declared elsewhere becomes the path parameter (a
//! path cannot be sent without its segment, so that is where the value goes); otherwise a
//! required string parameter is added.

use serde_json::{json, Value};

use crate::error::Pointer;
use crate::spec::{tree, Skip};

/// `root` with a path parameter for every template variable of every operation, and the
/// skips that record them; `None` when every variable is declared.
pub fn declared(root: &Value) -> Option<(Value, Vec<Skip>)> {
    let mut changes = Vec::new();
    for operation in tree::operations(root) {
        let entries = operation.parameter_entries(root);
        let declared_in = |name: &str, location: &str| {
            entries.iter().any(|(parameter, _, _)| {
                parameter.get("name").and_then(Value::as_str) == Some(name)
                    && parameter.get("in").and_then(Value::as_str) == Some(location)
            })
        };
        for variable in template_variables(operation.path) {
            if declared_in(variable, "path") {
                continue;
            }
            let elsewhere = entries.iter().find(|(parameter, _, _)| {
                parameter.get("name").and_then(Value::as_str) == Some(variable)
            });
            changes.push(match elsewhere {
                Some((parameter, _, entry)) => Change::Moved {
                    entry: entry.clone(),
                    parameter: as_path_parameter(parameter),
                },
                None => Change::Added {
                    operation: operation.pointer.clone(),
                    parameter: json!({
                        "name": variable,
                        "in": "path",
                        "required": true,
                        "schema": {"type": "string"},
                    }),
                },
            });
        }
    }
    if changes.is_empty() {
        return None;
    }
    let mut copy = root.clone();
    let mut skips = Vec::new();
    for change in changes {
        let (at, what) = match change {
            Change::Moved { entry, parameter } => {
                if let Some(slot) = copy.pointer_mut(entry.as_json_pointer()) {
                    *slot = parameter;
                }
                let what = "a path template variable declared as a query, header or cookie \
                            parameter: it is the path parameter in the generated method";
                (entry, what)
            }
            Change::Added {
                operation,
                parameter,
            } => {
                let list = copy
                    .pointer_mut(operation.as_json_pointer())
                    .and_then(Value::as_object_mut)
                    .map(|operation| operation.entry("parameters").or_insert_with(|| json!([])));
                if let Some(Value::Array(list)) = list {
                    list.push(parameter);
                }
                let what = "a path template variable that no parameter declares (OpenAPI \
                            requires one): a required string path parameter in the generated \
                            method";
                (operation, what)
            }
        };
        // A misplaced path-level parameter is moved once for each of its operations.
        let skip = Skip {
            pointer: at,
            what: what.into(),
        };
        if !skips.contains(&skip) {
            skips.push(skip);
        }
    }
    Some((copy, skips))
}

enum Change {
    /// The `parameters` entry at `entry` is replaced by `parameter`.
    Moved { entry: Pointer, parameter: Value },
    /// `parameter` joins the list of the operation at `operation`.
    Added {
        operation: Pointer,
        parameter: Value,
    },
}

/// The `{name}`s of a path template, in order.
fn template_variables(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.is_empty())
        .collect()
}

/// `parameter` as a required path parameter in the `simple` style, its schema kept.
fn as_path_parameter(parameter: &Value) -> Value {
    let mut moved = parameter.clone();
    if let Some(fields) = moved.as_object_mut() {
        for key in ["style", "explode", "allowEmptyValue", "allowReserved"] {
            fields.remove(key);
        }
        fields.insert("in".into(), json!("path"));
        fields.insert("required".into(), json!(true));
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undeclared_variables_are_added_and_misplaced_ones_moved() {
        let root = json!({"paths": {
            "/apps/{app_id}/jobs/{job}": {
                "get": {"parameters": [
                    {"name": "job", "in": "query", "style": "form", "schema": {"type": "integer"}},
                ]},
            },
            "/ok/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {}}],
                "get": {},
            },
        }});
        let (copy, skips) = declared(&root).unwrap();
        assert_eq!(
            copy["paths"]["/apps/{app_id}/jobs/{job}"]["get"]["parameters"],
            json!([
                {"name": "job", "in": "path", "required": true, "schema": {"type": "integer"}},
                {"name": "app_id", "in": "path", "required": true, "schema": {"type": "string"}},
            ])
        );
        assert_eq!(copy["paths"]["/ok/{id}"], root["paths"]["/ok/{id}"]);
        let pointers = skips
            .iter()
            .map(|skip| skip.pointer.to_string())
            .collect::<Vec<_>>();
        assert_eq!(
            pointers,
            [
                "#/paths/~1apps~1{app_id}~1jobs~1{job}/get",
                "#/paths/~1apps~1{app_id}~1jobs~1{job}/get/parameters/0",
            ]
        );
        assert_eq!(template_variables("/a/{x}/b{y}.json"), ["x", "y"]);
    }

    #[test]
    fn a_misplaced_path_level_parameter_is_moved_once_for_all_its_operations() {
        let root = json!({"paths": {"/jobs/{job}": {
            "parameters": [{"name": "job", "in": "query", "schema": {"type": "string"}}],
            "get": {},
            "delete": {},
        }}});
        let (copy, skips) = declared(&root).unwrap();
        assert_eq!(
            copy["paths"]["/jobs/{job}"]["parameters"][0]["in"],
            json!("path")
        );
        let pointers = skips
            .iter()
            .map(|skip| skip.pointer.to_string())
            .collect::<Vec<_>>();
        assert_eq!(pointers, ["#/paths/~1jobs~1{job}/parameters/0"]);
    }

    #[test]
    fn a_document_declaring_every_variable_is_not_copied() {
        let root = json!({"paths": {"/ok/{id}": {"get": {
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {}}],
        }}}});
        assert!(declared(&root).is_none());
    }
}
