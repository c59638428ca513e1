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
//!   and are listed, per generated method, in [`Codegen::deep_objects`]; the `deep_object`
//!   pass then serialises them with `crate::runtime::DeepObject`, which writes
//!   `filter[paid]=0` as the spec says. One wire name may be deepObject in one operation and
//!   form in another (OpenAI's `metadata`).
//! - Path parameters are in the `simple` style in the copy, `spaceDelimited` and
//!   `pipeDelimited` query parameters in `form`, cookie parameters are header parameters
//!   (progenitor refuses the others and cookies), and a parameter described by `content`
//!   in a JSON media type has that media type's schema; the `parameter_styles` pass writes
//!   the declared style or the JSON text.
//! - A required path, header or cookie parameter is not `nullable` in the copy (a recorded
//!   [`Skip`]): there is no null on the wire there, and progenitor's `Option` for it does
//!   not compile. A path parameter not marked `required` is required in the copy (a skip
//!   too): OpenAPI requires it, and progenitor asserts on it.
//! - Request bodies: each operation keeps one media type progenitor takes, and each other
//!   declared one becomes a copy of the operation under its own path key; `codegen::media`
//!   says how, and sends what progenitor cannot (multipart, raw media types).
//! - A nullable `anyOf`/`oneOf`/`allOf` component, whose inner type typify names like the
//!   component, has that inner schema moved to a component `<Name>Inner`
//!   (`codegen::nullable_components`).
//! - A schema `$ref` to anywhere but `components/schemas` has its target moved there
//!   (`codegen::schema_refs`): typify resolves no other.
//! - A response `$ref` to anything but `components/responses` (PagerDuty's to a request
//!   body) has its target copied there (`codegen::response_refs`).
//! - An `allOf` member that composes its own holder (a base listing its variants in `oneOf`,
//!   each variant `allOf` the base), on which typify recurses until the stack overflows,
//!   points at the base's fields alone (`codegen::composition_cycles`).
//! - A JSON body declared without a schema gets the empty one: any JSON value
//!   (`codegen::schemaless`).
//! - Inline property schemas typify would name like a component get a title of their own
//!   (`codegen::inline_names`).
//! - A path template variable no path parameter declares gets one (`codegen::path_templates`):
//!   a parameter of its name declared elsewhere is moved to the path, or a required string
//!   is added, a skip each.
//! - Parameter and property names that give one Rust name are replaced by placeholders,
//!   restored in the generated code (`codegen::wire_names`).
//! - What typify checks and cannot take is left out, each a [`Skip`]: schema defaults that
//!   do not fit the type typify makes (`codegen::defaults`), `enum` values not of their
//!   schema's `type` and repeated ones (`codegen::enum_values`), and an `allOf` of one `$ref`
//!   beside `enum` values, which typify panics on (`codegen::enum_refs`), `pattern`s its
//!   regex engine rejects (`codegen::patterns`), and a `format` on an object, array or
//!   boolean (`codegen::formats`). An untyped nullable
//!   enum is given the type its values share (`codegen::enum_values`). A `oneOf`/`anyOf` of
//!   `required` lists beside properties, of which typify makes uninhabited types, is left
//!   out the same way (`codegen::required_choices`).
//! - Components whose names give one Rust name (Ory's `NullBool` and `nullBool`): one that
//!   repeats an earlier one's schema is dropped, its references pointing at the first, one
//!   with a schema of its own moves to a numbered key (`codegen::component_names`).

use std::collections::BTreeMap;

use openapiv3::{HeaderStyle, OpenAPI, Parameter, PathItem, PathStyle, QueryStyle, ReferenceOr};
use serde_json::Value;

use crate::error::{Error, Pointer, Result};
use crate::spec::{self, Skip, Spec};

use super::media::{self, Media};
use super::responses::{self, Responses};
use super::wire_names::{self, Renamed};
use super::{
    component_names, composition_cycles, defaults, enum_refs, enum_values, formats, inline_names,
    nullable_components, operation_id, path_templates, patterns, required_choices, response_refs,
    schema_refs, schemaless,
};

/// What progenitor is given, and what its output needs afterwards.
pub struct Codegen {
    pub openapi: OpenAPI,
    /// The JSON tree of `openapi` when it differs from the spec's (what typify refuses left
    /// out, wire names renamed).
    json: Option<Value>,
    /// What the copy leaves out of the spec: kept out of the generated code, and said so.
    pub skips: Vec<Skip>,
    /// The wire names to put back into the generated code.
    pub wire_names: Renamed,
    /// The query parameters that are deepObject in the published spec: (generated method,
    /// wire name) → where the parameter is declared.
    pub deep_objects: DeepObjects,
    /// The responses progenitor is not given, typed beside its output.
    pub responses: Responses,
    /// The request bodies progenitor is not given as declared, sent beside its output.
    pub media: Media,
}

/// Returns the copy of `spec.openapi` that progenitor is given.
pub fn for_codegen(spec: &Spec) -> Result<Codegen> {
    let (json, mut skips) = without_typify_refusals(&spec.json);
    // After the refusals, so that their skips name the spec's own locations.
    let json = schema_refs::to_components(json.as_ref().unwrap_or(&spec.json)).or(json);
    let json = response_refs::to_responses(json.as_ref().unwrap_or(&spec.json)).or(json);
    let json =
        composition_cycles::break_cycles(spec, json.as_ref().unwrap_or(&spec.json))?.or(json);
    let json = inline_names::without_component_titles(json.as_ref().unwrap_or(&spec.json)).or(json);
    let json = match path_templates::declared(json.as_ref().unwrap_or(&spec.json)) {
        Some((json, declared)) => {
            skips.extend(declared);
            Some(json)
        }
        None => json,
    };
    let (json, wire_names) = match wire_names::disambiguate(json.as_ref().unwrap_or(&spec.json)) {
        Some((json, renamed)) => (Some(json), renamed),
        None => (json, Renamed::default()),
    };
    let mut openapi = match &json {
        Some(json) => spec::to_openapi(&spec.file, json)?,
        None => spec.openapi.clone(),
    };
    let mut query_styles = QueryStyles::default();
    for (name, parameter) in openapi
        .components
        .iter_mut()
        .flat_map(|c| c.parameters.iter_mut())
    {
        if let ReferenceOr::Item(parameter) = parameter {
            let at = Pointer::from_tokens(["components", "parameters", name.as_str()]);
            query_styles.rewrite_component(name, parameter, at);
        }
    }
    skips.extend(operation_id::synthesize(&mut openapi));
    schemaless::fill(&mut openapi);
    inline_names::disambiguate(&mut openapi);
    let mut problems = Vec::new();
    let mut responses = Responses::default();
    let mut media = Media::default();
    let mut taken = media::method_names(&openapi);
    let mut copies = Vec::new();
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
        let path_queries = query_styles.rewrite_all(&mut item.parameters, &at);
        let path_parameters = item.parameters.clone();
        for (method, operation) in item.iter_mut() {
            let at = at.join(method);
            let split = media.adapt(
                spec,
                &mut openapi.components,
                operation,
                path,
                &at,
                &mut taken,
            );
            let split = split.unwrap_or_else(|err| {
                problems.push(err);
                Vec::new()
            });
            let mut adapted = vec![operation];
            let mut split_copies = split;
            adapted.extend(split_copies.iter_mut().map(|(_, copy)| copy));
            for operation in adapted {
                let typed = responses::adapt(
                    spec,
                    &mut openapi.components,
                    operation,
                    &at,
                    &mut responses,
                );
                problems.extend(typed.err());
                let own = query_styles.rewrite_all(&mut operation.parameters, &at);
                query_styles.record(operation, &path_queries, &own);
            }
            copies.extend(
                split_copies
                    .into_iter()
                    .map(|(key, copy)| (key, method, path_parameters.clone(), copy, at.clone())),
            );
        }
    }
    for (key, method, parameters, copy, at) in copies {
        let slot = openapi.paths.paths.entry(key).or_insert_with(|| {
            ReferenceOr::Item(PathItem {
                parameters,
                ..Default::default()
            })
        });
        let slot = match slot {
            ReferenceOr::Item(item) => method_slot(item, method),
            ReferenceOr::Reference { .. } => None,
        };
        match slot {
            Some(slot) if slot.is_none() => *slot = Some(copy),
            _ => problems.push(Error::Unsupported {
                file: spec.file.clone(),
                pointer: at,
                construct: "a media-type copy of this operation: its path key is taken".into(),
            }),
        }
    }
    Error::from_problems(problems)?;
    // After the operations: response and multipart schemas are components by now.
    nullable_components::split(&mut openapi);
    let deep_objects = query_styles.methods;
    skips.extend(query_styles.skips);
    responses.finish(&openapi.components);
    Ok(Codegen {
        openapi,
        json,
        skips,
        wire_names,
        deep_objects,
        responses,
        media,
    })
}

impl Codegen {
    /// The JSON tree progenitor's input is read from: the spec's, or its renamed copy.
    pub fn json<'a>(&'a self, spec: &'a Spec) -> &'a Value {
        self.json.as_ref().unwrap_or(&spec.json)
    }
}

/// `json` as typify can take it: untyped nullable enums typed (`codegen::enum_values`),
/// components whose names give one Rust name aliased or moved (`codegen::component_names`),
/// then
/// without the members and `enum` values it refuses or makes no usable type of
/// (`codegen::enum_refs`, `codegen::enum_values`, `codegen::required_choices`, then
/// `codegen::defaults`, `codegen::patterns` and `codegen::formats` on what remains), with
/// the skips that
/// record them; `None` when nothing changes.
fn without_typify_refusals(json: &Value) -> (Option<Value>, Vec<Skip>) {
    let typed = enum_values::typed(json);
    let merged = component_names::merged(typed.as_ref().unwrap_or(json));
    let mut adapted = merged.or(typed);
    let mut skips = Vec::new();
    for refused in [
        enum_refs::unresolvable,
        enum_values::unrepresentable,
        required_choices::unexpressible,
        defaults::unrepresentable,
        patterns::uncompilable,
        formats::untypable,
    ] {
        let found = refused(adapted.as_ref().unwrap_or(json));
        if found.is_empty() {
            continue;
        }
        let mut copy = adapted.take().unwrap_or_else(|| json.clone());
        // Last first: an array's later items keep their index until they go.
        for skip in found.iter().rev() {
            if let Some((parent, member)) = skip.pointer.split_last() {
                match copy.pointer_mut(parent.as_json_pointer()) {
                    Some(Value::Object(parent)) => {
                        parent.remove(&member);
                    }
                    Some(Value::Array(items)) => {
                        if let Some(index) = member.parse().ok().filter(|i| *i < items.len()) {
                            items.remove(index);
                        }
                    }
                    _ => {}
                }
            }
        }
        adapted = Some(copy);
        skips.extend(found);
    }
    (adapted, skips)
}

/// (generated method, wire name) → where the deepObject parameter is declared.
pub type DeepObjects = BTreeMap<(String, String), Pointer>;

/// A query parameter of an operation or path item, as declared.
struct Query {
    wire: String,
    /// Where it is declared, when its style is deepObject.
    deep_object: Option<Pointer>,
}

/// The deepObject query parameters, found while their style is rewritten to `form`.
#[derive(Default)]
struct QueryStyles {
    /// `components.parameters` query parameters, by component name.
    components: BTreeMap<String, Query>,
    methods: DeepObjects,
    /// The `nullable` of required path and header parameters, dropped (each place once,
    /// though an operation's media-type copies share its parameters).
    skips: Vec<Skip>,
}

impl QueryStyles {
    fn rewrite_component(&mut self, name: &str, parameter: &mut Parameter, at: Pointer) {
        if let Some(query) = self.rewrite(parameter, at) {
            self.components.insert(name.to_owned(), query);
        }
    }

    /// Rewrites the inline parameters; returns the query parameters of the list, `$ref`'d
    /// ones included.
    fn rewrite_all(
        &mut self,
        parameters: &mut [ReferenceOr<Parameter>],
        at: &Pointer,
    ) -> Vec<Query> {
        let mut queries = Vec::new();
        for (index, parameter) in parameters.iter_mut().enumerate() {
            match parameter {
                ReferenceOr::Item(parameter) => {
                    let at = at.join("parameters").join(&index.to_string());
                    queries.extend(self.rewrite(parameter, at));
                }
                ReferenceOr::Reference { reference } => {
                    let component = reference.strip_prefix("#/components/parameters/");
                    if let Some(query) = component.and_then(|name| self.components.get(name)) {
                        queries.push(Query {
                            wire: query.wire.clone(),
                            deep_object: query.deep_object.clone(),
                        });
                    }
                }
            }
        }
        queries
    }

    fn rewrite(&mut self, parameter: &mut Parameter, at: Pointer) -> Option<Query> {
        as_progenitor_takes(parameter);
        let found = [
            path_parameter_required(parameter, &at),
            required_value_not_null(parameter, &at),
        ];
        for skip in found.into_iter().flatten() {
            if !self.skips.contains(&skip) {
                self.skips.push(skip);
            }
        }
        let Parameter::Query {
            parameter_data,
            style,
            ..
        } = parameter
        else {
            return None;
        };
        let deep_object = (*style == QueryStyle::DeepObject).then(|| {
            *style = QueryStyle::Form;
            at
        });
        Some(Query {
            wire: parameter_data.name.clone(),
            deep_object,
        })
    }

    /// Records the deepObject parameters of `operation`'s method: its own, and those of its
    /// path item it does not redeclare (OpenAPI's override rule).
    fn record(&mut self, operation: &openapiv3::Operation, path: &[Query], own: &[Query]) {
        let method = responses::progenitor_method(operation);
        let inherited = path
            .iter()
            .filter(|query| own.iter().all(|mine| mine.wire != query.wire));
        for query in inherited.chain(own) {
            if let Some(at) = &query.deep_object {
                self.methods
                    .insert((method.clone(), query.wire.clone()), at.clone());
            }
        }
    }
}

/// `parameter` in the one style progenitor takes for its location (path `simple`, query
/// `form`), a cookie as a header, and a `content` one in a JSON media type by that media
/// type's schema: the `parameter_styles` pass writes the declared style or the JSON text.
fn as_progenitor_takes(parameter: &mut Parameter) {
    let (Parameter::Query {
        parameter_data: data,
        ..
    }
    | Parameter::Header {
        parameter_data: data,
        ..
    }
    | Parameter::Path {
        parameter_data: data,
        ..
    }
    | Parameter::Cookie {
        parameter_data: data,
        ..
    }) = parameter;
    if let Some(schema) = json_content_schema(&data.format) {
        data.format = openapiv3::ParameterSchemaOrContent::Schema(schema);
    }
    match parameter {
        Parameter::Path { style, .. } => *style = PathStyle::Simple,
        Parameter::Query { style, .. } if *style != QueryStyle::DeepObject => {
            *style = QueryStyle::Form
        }
        Parameter::Cookie { parameter_data, .. } => {
            *parameter = Parameter::Header {
                parameter_data: parameter_data.clone(),
                style: HeaderStyle::Simple,
            }
        }
        _ => {}
    }
}

/// The schema of a parameter's `content` when that is one JSON media type with a schema
/// (OpenAPI allows one entry only); progenitor refuses `content` of any kind.
fn json_content_schema(
    format: &openapiv3::ParameterSchemaOrContent,
) -> Option<ReferenceOr<openapiv3::Schema>> {
    let openapiv3::ParameterSchemaOrContent::Content(content) = format else {
        return None;
    };
    let [(media, media_type)] = content.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    media_type
        .schema
        .clone()
        .filter(|_| super::media::is_json(media))
}

/// A path parameter without `required: true`, which OpenAPI requires of each (Okta's
/// `hook-keys/{id}`): progenitor asserts on it. A path has no spelling for an absent
/// segment, so the copy makes it required, and says so.
fn path_parameter_required(parameter: &mut Parameter, at: &Pointer) -> Option<Skip> {
    let Parameter::Path { parameter_data, .. } = parameter else {
        return None;
    };
    if parameter_data.required {
        return None;
    }
    parameter_data.required = true;
    Some(Skip {
        pointer: at.join("required"),
        what: "a path parameter not marked `required: true`, which OpenAPI requires of every \
               one: the method asks for a value"
            .into(),
    })
}

/// A required path, header or cookie parameter with a `nullable` schema: progenitor takes it as an
/// `Option` and formats it with `to_string`, which does not compile. A header or path
/// segment has no spelling for null, so the copy asks for a value, and says so.
fn required_value_not_null(parameter: &mut Parameter, at: &Pointer) -> Option<Skip> {
    let data = match parameter {
        Parameter::Header { parameter_data, .. } | Parameter::Path { parameter_data, .. } => {
            parameter_data
        }
        _ => return None,
    };
    let openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &mut data.format
    else {
        return None;
    };
    if !(data.required && schema.schema_data.nullable) {
        return None;
    }
    schema.schema_data.nullable = false;
    Some(Skip {
        pointer: at.join("schema").join("nullable"),
        what: "`nullable` of a required path, header or cookie parameter, which has no null \
               on the wire: the method asks for a value"
            .into(),
    })
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

/// The slot of `item` for HTTP method `method` (lowercase), if OpenAPI has one.
pub(super) fn method_slot<'a>(
    item: &'a mut PathItem,
    method: &str,
) -> Option<&'a mut Option<openapiv3::Operation>> {
    Some(match method {
        "get" => &mut item.get,
        "put" => &mut item.put,
        "post" => &mut item.post,
        "delete" => &mut item.delete,
        "options" => &mut item.options,
        "head" => &mut item.head,
        "patch" => &mut item.patch,
        "trace" => &mut item.trace,
        _ => return None,
    })
}
