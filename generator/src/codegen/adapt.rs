//! The codegen-only copy of a spec.
//!
//! Published specs stay truthful; progenitor 0.15.1 cannot digest all of what they say
//! (see `shared/design.md`). This module rewrites a copy just before code generation, and
//! refuses, with a location, what it cannot rewrite.
//!
//! - Error responses (`4XX`, `5XX`, `default`) are removed: progenitor panics when an
//!   operation has more than one error schema. Their schemas stay in `components` and are
//!   still generated; the handwritten adapters decode error bodies into them, so callers get
//!   errors at least as precise as a per-operation error enum. A websocket endpoint keeps its
//!   `101` (or `default`, progenitor's stand-in for it), as stock progenitor needs.
//! - `style: deepObject` query parameters, which progenitor refuses, become `form` in the copy
//!   and are listed in [`Codegen::deep_objects`]; the `deep_object` pass then serialises them
//!   with `crate::runtime::DeepObject`, which writes `filter[paid]=0` as the spec says.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Parameter, QueryStyle, ReferenceOr, StatusCode};

use crate::error::{Error, Pointer, Result};
use crate::spec::Spec;

use super::operation_id;

/// What progenitor is given, and what its output needs afterwards.
pub struct Codegen {
    pub openapi: OpenAPI,
    /// Wire names of the query parameters that are deepObject in the published spec, each
    /// with the pointer of its first declaration.
    pub deep_objects: BTreeMap<String, Pointer>,
}

/// Returns the copy of `spec.openapi` that progenitor is given.
pub fn for_codegen(spec: &Spec) -> Result<Codegen> {
    let mut openapi = spec.openapi.clone();
    let mut query_styles = QueryStyles::default();
    for (name, parameter) in openapi
        .components
        .iter_mut()
        .flat_map(|c| c.parameters.iter_mut())
    {
        if let ReferenceOr::Item(parameter) = parameter {
            let at = Pointer::from_tokens(["components", "parameters", name.as_str()]);
            query_styles.rewrite(parameter, at);
        }
    }
    operation_id::synthesize(&mut openapi);
    let components = openapi.components.clone().unwrap_or_default();
    let mut problems = Vec::new();
    for (path, item) in openapi.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            problems.push(Error::Unsupported {
                file: spec.file.clone(),
                pointer: Pointer::from_tokens(["paths", path]),
                construct: "a $ref path item".into(),
            });
            continue;
        };
        let at = Pointer::from_tokens(["paths", path.as_str()]);
        query_styles.rewrite_all(&mut item.parameters, &at);
        for (method, operation) in item.iter_mut() {
            let at = at.join(method);
            problems.extend(keep_success_responses(spec, operation, &at).err());
            problems.extend(check_request_body(spec, operation, &components, &at).err());
            query_styles.rewrite_all(&mut operation.parameters, &at);
        }
    }
    Error::from_problems(problems)?;
    let deep_objects = query_styles.deep_objects(spec)?;
    Ok(Codegen {
        openapi,
        deep_objects,
    })
}

/// The query parameters seen so far, by wire name and style.
#[derive(Default)]
struct QueryStyles {
    deep_object: Vec<(String, Pointer)>,
    form: Vec<(String, Pointer)>,
}

impl QueryStyles {
    fn rewrite_all(&mut self, parameters: &mut [ReferenceOr<Parameter>], at: &Pointer) {
        for (index, parameter) in parameters.iter_mut().enumerate() {
            if let ReferenceOr::Item(parameter) = parameter {
                self.rewrite(parameter, at.join("parameters").join(&index.to_string()));
            }
        }
    }

    fn rewrite(&mut self, parameter: &mut Parameter, at: Pointer) {
        if let Parameter::Query {
            parameter_data,
            style,
            ..
        } = parameter
        {
            let name = parameter_data.name.clone();
            match style {
                QueryStyle::DeepObject => {
                    *style = QueryStyle::Form;
                    self.deep_object.push((name, at));
                }
                _ => self.form.push((name, at)),
            }
        }
    }

    /// The post-processor recognises a deepObject parameter by its wire name, so one name
    /// must mean one style throughout the spec.
    fn deep_objects(self, spec: &Spec) -> Result<BTreeMap<String, Pointer>> {
        let mut names = BTreeMap::new();
        for (name, at) in self.deep_object {
            names.entry(name).or_insert(at);
        }
        match self
            .form
            .into_iter()
            .find(|(name, _)| names.contains_key(name))
        {
            Some((name, pointer)) => Err(Error::Unsupported {
                file: spec.file.clone(),
                pointer,
                construct: format!(
                    "query parameter `{name}` as both deepObject and another style; rename one"
                ),
            }),
            None => Ok(names),
        }
    }
}

/// `PathItem::iter` only lends shared references; this is its mutable twin.
pub(super) trait OperationsMut {
    fn iter_mut(&mut self) -> Vec<(&'static str, &mut openapiv3::Operation)>;
}

impl OperationsMut for openapiv3::PathItem {
    fn iter_mut(&mut self) -> Vec<(&'static str, &mut openapiv3::Operation)> {
        [
            ("get", self.get.as_mut()),
            ("put", self.put.as_mut()),
            ("post", self.post.as_mut()),
            ("delete", self.delete.as_mut()),
            ("options", self.options.as_mut()),
            ("head", self.head.as_mut()),
            ("patch", self.patch.as_mut()),
            ("trace", self.trace.as_mut()),
        ]
        .into_iter()
        .filter_map(|(method, operation)| operation.map(|operation| (method, operation)))
        .collect()
    }
}

fn is_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(range) => *range == 2,
    }
}

/// A dropshot websocket endpoint: progenitor generates its upgrade method from the `101`
/// response, or from `default`, which it reads as 101 (what older dropshot wrote), and
/// refuses the endpoint without either. Both stay in the copy.
fn is_websocket(operation: &openapiv3::Operation) -> bool {
    operation.extensions.contains_key("x-dropshot-websocket")
}

fn is_upgrade(status: &StatusCode) -> bool {
    *status == StatusCode::Code(101)
}

fn keep_success_responses(
    spec: &Spec,
    operation: &mut openapiv3::Operation,
    at: &Pointer,
) -> Result<()> {
    let websocket = is_websocket(operation);
    if !websocket {
        operation.responses.default = None;
    }
    operation
        .responses
        .responses
        .retain(|status, _| is_success(status) || (websocket && is_upgrade(status)));

    // progenitor asserts a single success type; the same schema under 200 and 201 is fine.
    let mut bodies = operation
        .responses
        .responses
        .values()
        .map(|response| serde_json::to_string(&success_body(response)).unwrap_or_default())
        .collect::<Vec<_>>();
    bodies.sort();
    bodies.dedup();
    if bodies.len() > 1 {
        return Err(Error::Unsupported {
            file: spec.file.clone(),
            pointer: at.join("responses"),
            construct: "success responses with different bodies; give every 2xx the same schema"
                .into(),
        });
    }
    Ok(())
}

/// What distinguishes one success response from another for progenitor: its content.
fn success_body(response: &ReferenceOr<openapiv3::Response>) -> serde_json::Value {
    match response {
        ReferenceOr::Reference { reference } => serde_json::json!({ "$ref": reference }),
        ReferenceOr::Item(response) => response
            .content
            .iter()
            .map(|(media, content)| (media.clone(), serde_json::to_value(&content.schema)))
            .filter_map(|(media, schema)| schema.ok().map(|schema| (media, schema)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

/// A `$ref`'d body (`components/requestBodies/X`) is checked, and located, where it is
/// defined.
fn check_request_body(
    spec: &Spec,
    operation: &openapiv3::Operation,
    components: &openapiv3::Components,
    at: &Pointer,
) -> Result<()> {
    let (body, at) = match &operation.request_body {
        None => return Ok(()),
        Some(ReferenceOr::Item(body)) => (body, at.join("requestBody")),
        Some(ReferenceOr::Reference { reference }) => {
            let name = reference
                .strip_prefix("#/components/requestBodies/")
                .map(|name| {
                    crate::spec::percent_decode(name)
                        .replace("~1", "/")
                        .replace("~0", "~")
                });
            match name.as_deref().and_then(|name| components.request_bodies.get(name).map(|body| (name, body))) {
                Some((name, ReferenceOr::Item(body))) => (
                    body,
                    Pointer::from_tokens(["components", "requestBodies", name]),
                ),
                _ => {
                    return Err(Error::Unsupported {
                        file: spec.file.clone(),
                        pointer: at.join("requestBody").join("$ref"),
                        construct: format!(
                            "request body $ref {reference:?}: only a components.requestBodies entry that is not itself a $ref"
                        ),
                    })
                }
            }
        }
    };
    let at = at.join("content");
    if body.content.len() > 1 {
        return Err(Error::Unsupported {
            file: spec.file.clone(),
            pointer: at,
            construct: "more than one request media type (progenitor hits a todo!)".into(),
        });
    }
    for (media, content) in &body.content {
        if !content.encoding.is_empty() {
            return Err(Error::Unsupported {
                file: spec.file.clone(),
                pointer: at.join(media).join("encoding"),
                construct: "a request body `encoding` section (progenitor hits a todo!)".into(),
            });
        }
    }
    Ok(())
}
