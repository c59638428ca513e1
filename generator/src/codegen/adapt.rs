//! The codegen-only copy of a spec.
//!
//! Published specs stay truthful; progenitor 0.15.1 cannot digest all of what they say
//! (see `shared/design.md`). This module rewrites a copy just before code generation, and
//! refuses, with a location, what it cannot rewrite.
//!
//! - Responses: each operation keeps one success type and no error response, since
//!   progenitor panics on more; `codegen::responses` types what is removed beside progenitor's
//!   output (a success enum by status, error bodies decoded by status). A websocket
//!   endpoint keeps its `101` (or a lone `default`, progenitor's stand-in for it).
//! - `style: deepObject` query parameters, which progenitor refuses, become `form` in the copy
//!   and are listed in [`Codegen::deep_objects`]; the `deep_object` pass then serialises them
//!   with `crate::runtime::DeepObject`, which writes `filter[paid]=0` as the spec says.
//! - Inline property schemas typify would name like a component get a title of their own
//!   (`codegen::inline_names`).
//! - Parameter and property names that give one Rust name are replaced by placeholders,
//!   restored in the generated code (`codegen::wire_names`).

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Parameter, QueryStyle, ReferenceOr};

use crate::error::{Error, Pointer, Result};
use crate::spec::{self, Spec};

use super::responses::{self, Responses};
use super::wire_names::{self, Renamed};
use super::{inline_names, operation_id};

/// What progenitor is given, and what its output needs afterwards.
pub struct Codegen {
    pub openapi: OpenAPI,
    /// The JSON tree of `openapi` when it differs from the spec's (renamed wire names).
    renamed_json: Option<serde_json::Value>,
    /// The wire names to put back into the generated code.
    pub wire_names: Renamed,
    /// Wire names of the query parameters that are deepObject in the published spec, each
    /// with the pointer of its first declaration.
    pub deep_objects: BTreeMap<String, Pointer>,
    /// The responses progenitor is not given, typed beside its output.
    pub responses: Responses,
}

/// Returns the copy of `spec.openapi` that progenitor is given.
pub fn for_codegen(spec: &Spec) -> Result<Codegen> {
    let (mut openapi, renamed_json, wire_names) = match wire_names::disambiguate(&spec.json) {
        Some((json, renamed)) => (spec::to_openapi(&spec.file, &json)?, Some(json), renamed),
        None => (spec.openapi.clone(), None, Renamed::default()),
    };
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
    inline_names::disambiguate(&mut openapi);
    let components = openapi.components.clone().unwrap_or_default();
    let mut problems = Vec::new();
    let mut responses = Responses::default();
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
            let typed = responses::adapt(
                spec,
                &mut openapi.components,
                operation,
                &at,
                &mut responses,
            );
            problems.extend(typed.err());
            problems.extend(check_request_body(spec, operation, &components, &at).err());
            query_styles.rewrite_all(&mut operation.parameters, &at);
        }
    }
    Error::from_problems(problems)?;
    let deep_objects = query_styles.deep_objects(spec)?;
    responses.finish(&openapi.components);
    Ok(Codegen {
        openapi,
        renamed_json,
        wire_names,
        deep_objects,
        responses,
    })
}

impl Codegen {
    /// The JSON tree progenitor's input is read from: the spec's, or its renamed copy.
    pub fn json<'a>(&'a self, spec: &'a Spec) -> &'a serde_json::Value {
        self.renamed_json.as_ref().unwrap_or(&spec.json)
    }
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
