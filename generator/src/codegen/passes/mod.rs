//! The rewrites applied to progenitor's output, one module each, and the order they run in.
//!
//! Each pass does one thing typify or progenitor has no setting for. The order matters where
//! a pass looks for what another one writes or removes:
//!
//! 0. Before these, `codegen::responses` rewrites each method's status `match` and adds the
//!    `responses` module; its error types print their bodies through serde, so the renames
//!    of [`fields`] keep the wire names there.
//! 1. [`decimal`], [`deep_object`], [`parameter_styles`], [`api_version`], [`http_method`]
//!    work on progenitor's own output and are independent of each other.
//! 2. [`enum_names`] finds typify's variants by their wire value and renames them before
//!    [`forward`] adds the `Unknown` variant (whose name the lists may not take) to every
//!    string enum, the two-value enums that [`flag`] turns into `bool` included: [`flag`]
//!    removes those types whole afterwards.
//! 3. [`fields`] renames fields and makes credentials secret; [`flag`] and [`expandable`]
//!    retype fields by the schema type they name, which a rename does not touch.
//! 4. [`objects`] reorders fields by the spec and adds `extra` maps last, when every field
//!    has its final name and type.
//! 5. [`builder`] writes a builder for every struct in its final shape.
//!
//! A pass matches the syntax tree (helpers in [`crate::codegen::syntax`]), never printed
//! tokens, and a rewrite the spec asks for that finds nothing to rewrite is an error at the
//! spec's pointer: a progenitor or typify upgrade that changes their output must fail
//! generation, not switch a pass off.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::codegen::adapt::DeepObjects;
use crate::error::{Error, Pointer, Result};
use crate::spec::tree::{operations, visit_schemas};
use crate::spec::{Skip, Spec};

mod api_version;
mod builder;
mod decimal;
mod deep_object;
mod enum_names;
mod expandable;
mod fields;
mod flag;
mod forward;
mod http_method;
mod objects;
mod parameter_styles;

/// Where each `x-enum-varnames` or `x-enum-descriptions` that does not fit its `enum` is,
/// and what is wrong: `lint` refuses them.
pub fn code_list_misfits(spec: &Spec) -> Vec<(Pointer, String)> {
    let (_, misfits) = enum_names::collect(spec);
    misfits
        .into_iter()
        .map(|misfit| (misfit.pointer, misfit.reason))
        .collect()
}

/// What the passes read from the spec, collected before progenitor runs so a spec error is
/// reported even when progenitor would fail too.
pub struct Plan {
    field_overrides: Vec<fields::FieldOverride>,
    bool_schemas: Vec<flag::BoolSchema>,
    relations: Vec<expandable::Relation>,
    code_lists: Vec<enum_names::CodeList>,
    /// The code lists left out (`enum_names::Misfit`), recorded as skips.
    pub skips: Vec<Skip>,
    styled_parameters: BTreeMap<String, Vec<parameter_styles::StyledParameter>>,
    asked: Asked,
}

/// Where the spec asks for the rewrites of the passes that apply to every spec: the first
/// schema or operation each one must find something for.
struct Asked {
    decimal: Option<Pointer>,
    string_enum: Option<Pointer>,
    integer_enum: Option<Pointer>,
    object: Option<Pointer>,
    operation: Option<Pointer>,
    /// The first `options` or `trace` operation.
    generic_method: Option<Pointer>,
}

impl Asked {
    fn of(spec: &Spec) -> Asked {
        let mut asked = Asked {
            decimal: None,
            string_enum: None,
            integer_enum: None,
            object: None,
            operation: operations(&spec.json).first().map(|op| op.pointer.clone()),
            generic_method: operations(&spec.json)
                .into_iter()
                .find(|op| matches!(op.method, "options" | "trace"))
                .map(|op| op.pointer),
        };
        visit_schemas(&spec.json, &mut |schema, at, _| {
            let is =
                |key: &str, value: &str| schema.get(key).and_then(Value::as_str) == Some(value);
            let first = |slot: &mut Option<Pointer>| {
                slot.get_or_insert_with(|| at.clone());
            };
            let in_components = at.as_json_pointer().starts_with("/components/schemas/");
            if in_components && is("format", "decimal") {
                first(&mut asked.decimal);
            }
            let properties = schema.get("properties").and_then(Value::as_object);
            if in_components && properties.is_some_and(|properties| !properties.is_empty()) {
                first(&mut asked.object);
            }
            let values = schema.get("enum").and_then(Value::as_array);
            if in_components && values.is_some_and(|values| values.len() > 1) {
                if is("type", "string") {
                    first(&mut asked.string_enum);
                } else if is("type", "integer") {
                    first(&mut asked.integer_enum);
                }
            }
        });
        asked
    }
}

impl Plan {
    /// `openapi` is the codegen copy progenitor is given (`codegen::adapt`).
    pub fn collect(spec: &Spec, openapi: &openapiv3::OpenAPI) -> Result<Plan> {
        let (code_lists, misfits) = enum_names::collect(spec);
        Ok(Plan {
            field_overrides: fields::collect(spec)?,
            bool_schemas: flag::collect(spec)?,
            relations: expandable::collect(spec)?,
            code_lists,
            skips: misfits.iter().map(enum_names::Misfit::skip).collect(),
            styled_parameters: parameter_styles::collect(spec, openapi)?,
            asked: Asked::of(spec),
        })
    }

    /// Runs every pass, in the order above, on progenitor's parsed output.
    pub fn apply(
        &self,
        spec: &Spec,
        file: &mut syn::File,
        deep_objects: &DeepObjects,
    ) -> Result<()> {
        let nothing = |at: &Option<Pointer>, rewrites: usize, message: &str| match at {
            Some(at) if rewrites == 0 => Err(Error::Codegen {
                file: spec.file.clone(),
                pointer: at.clone(),
                message: message.to_owned(),
            }),
            _ => Ok(()),
        };
        nothing(
            &self.asked.decimal,
            decimal::apply(file),
            "format: decimal, but no generated field is a rust_decimal::Decimal to send as a JSON number",
        )?;
        let found = deep_object::apply(file, deep_objects);
        if let Some(((method, name), at)) =
            deep_objects.iter().find(|(key, _)| !found.contains(*key))
        {
            return Err(Error::Codegen {
                file: spec.file.clone(),
                pointer: at.clone(),
                message: format!(
                    "deepObject parameter `{name}`: no generated QueryParam for it in `{method}`"
                ),
            });
        }
        parameter_styles::apply(spec, file, &self.styled_parameters)?;
        nothing(
            &self.asked.generic_method,
            http_method::apply(file),
            "an options or trace operation, but no `self.client.options(url)` call to rewrite",
        )?;
        nothing(
            &self.asked.operation,
            api_version::apply(file),
            "no api-version header statement found to drop (progenitor adds one per request)",
        )?;
        enum_names::apply(spec, file, &self.code_lists)?;
        let opened = forward::apply(file);
        nothing(
            &self.asked.string_enum,
            opened.string_enums,
            "a string enum, but no generated enum got the Unknown variant",
        )?;
        nothing(
            &self.asked.integer_enum,
            opened.integer_enums,
            "an integer enum, but no generated newtype checking a value list was found to open",
        )?;
        fields::apply(spec, file, &self.field_overrides)?;
        flag::apply(spec, file, &self.bool_schemas)?;
        expandable::apply(spec, file, &self.relations)?;
        objects::apply(spec, file)?;
        nothing(
            &self.asked.object,
            builder::apply(file),
            "an object schema, but no generated struct was found to write a builder for",
        )
    }
}

#[cfg(test)]
mod tests {
    //! What a progenitor or typify upgrade would do to a pass: output without the constructs
    //! it rewrites. Simulated by running the plan on an empty file.

    use super::*;

    fn failure_on_empty_output(components: &str, paths: &str) -> String {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: 1.0.0}}\npaths: {paths}\n\
             components:\n  schemas:\n{components}"
        );
        let spec = crate::spec::parse(std::path::Path::new("t.yaml"), &text).unwrap();
        let plan = Plan::collect(&spec, &spec.openapi).unwrap();
        let mut empty = syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: Vec::new(),
        };
        let deep_objects = DeepObjects::new();
        let err = plan.apply(&spec, &mut empty, &deep_objects).unwrap_err();
        assert!(matches!(err, Error::Codegen { .. }), "{err:?}");
        err.to_string()
    }

    #[test]
    fn a_decimal_property_with_no_decimal_field_is_an_error_at_the_property() {
        let err = failure_on_empty_output(
            "    Price: {type: object, properties: {amount: {type: number, format: decimal}}}\n",
            "{}",
        );
        assert!(
            err.starts_with("t.yaml#/components/schemas/Price/properties/amount:"),
            "{err}"
        );
    }

    #[test]
    fn operations_without_the_api_version_header_are_an_error_at_the_first() {
        let err = failure_on_empty_output(
            "    X: {type: string}\n",
            "{/x: {get: {operationId: x, responses: {'204': {description: ok}}}}}",
        );
        assert!(err.starts_with("t.yaml#/paths/~1x/get:"), "{err}");
    }

    #[test]
    fn an_options_operation_without_its_request_call_is_an_error_at_it() {
        let err = failure_on_empty_output(
            "    X: {type: string}\n",
            "{/x: {options: {operationId: x, responses: {'204': {description: ok}}}}}",
        );
        assert!(
            err.starts_with("t.yaml#/paths/~1x/options: ") && err.contains("options or trace"),
            "{err}"
        );
    }

    #[test]
    fn enums_that_no_generated_type_opens_are_an_error_at_the_schema() {
        let err = failure_on_empty_output("    Colour: {type: string, enum: [red, green]}\n", "{}");
        assert!(
            err.starts_with("t.yaml#/components/schemas/Colour:"),
            "{err}"
        );
        let err = failure_on_empty_output("    Level: {type: integer, enum: [1, 2]}\n", "{}");
        assert!(
            err.starts_with("t.yaml#/components/schemas/Level:"),
            "{err}"
        );
    }

    #[test]
    fn objects_that_no_generated_struct_builds_are_an_error_at_the_schema() {
        let err = failure_on_empty_output(
            "    Note: {type: object, properties: {text: {type: string}}}\n",
            "{}",
        );
        assert!(err.starts_with("t.yaml#/components/schemas/Note:"), "{err}");
    }

    #[test]
    fn an_object_path_parameter_without_its_to_string_is_an_error_at_the_parameter() {
        let err = failure_on_empty_output(
            "    X: {type: string}\n",
            "{'/x/{id}': {get: {operationId: x, parameters: [{name: id, in: path, required: true, \
             schema: {type: object}}], responses: {'204': {description: ok}}}}}",
        );
        assert!(
            err.starts_with("t.yaml#/paths/~1x~1{id}/get/parameters/0: progenitor could not generate code: path parameter `id`: no statement"),
            "{err}"
        );
    }

    #[test]
    fn a_deep_object_parameter_without_its_query_call_is_an_error_at_the_parameter() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\n";
        let spec = crate::spec::parse(std::path::Path::new("t.yaml"), text).unwrap();
        let plan = Plan::collect(&spec, &spec.openapi).unwrap();
        let mut empty = syn::parse_quote!();
        let at = Pointer::from_tokens(["paths", "/x", "get", "parameters", "0"]);
        let deep_objects = DeepObjects::from([(("list".to_string(), "filter".to_string()), at)]);
        let err = plan.apply(&spec, &mut empty, &deep_objects).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.yaml#/paths/~1x/get/parameters/0:"),
            "{err}"
        );
    }
}
