//! `enum` values typify cannot take, and untyped nullable enums it cannot type.
//!
//! typify 0.8 converts a typed schema with `enum` values by converting it without them and
//! checking each value against the result (`convert_typed_enum`, `validate_value`); a string
//! enum takes strings and `null` only (`convert_enum_string`). One value of another type fails
//! the whole generation, without saying where: readme's `type: number, enum: ["", 0, 1, 2]`
//! ("value does not conform to the given schema"), Plaid's `type: string, enum: [4.1, 4,
//! null]` (YAML reads the unquoted versions as numbers: "unexpected value type"). Such a value
//! never validates against the schema's own `type`, so the codegen copy leaves it out, each a
//! skip at its pointer. When no value but `null` is left, the `enum` goes as a whole (one skip):
//! the declared type, not a type only `null` fits, is what the vendor's values are read as.
//! A value repeated in an `enum` is left out too: typify makes a variant of each (`Open`,
//! `Open2`), two Rust names for one wire value, of which decoding only ever gives the first.
//!
//! An untyped nullable enum (Ory's `pkce: {enum: [auto, never, force], nullable: true}`) is
//! given to typify as an enum of type `null` (progenitor infers the instance types of an
//! untyped nullable schema from its keywords, never from its values), which no value fits.
//! When its values share one JSON type, the codegen copy states that type; a typed enum that
//! lists `null` is made nullable (see [`Statement`]). The same values validate, and nothing
//! is left out.

use serde_json::{Map, Value};

use crate::spec::{tree, walk, Skip};

/// The `enum` values of `root` typify would refuse, each a skip at its pointer (or one at the
/// `enum` when no value but `null` fits).
pub fn unrepresentable(root: &Value) -> Vec<Skip> {
    let mut skips = Vec::new();
    tree::visit_schemas(root, &mut |schema, at, _| {
        let Value::Object(schema) = schema else {
            return;
        };
        let (Some(Value::String(type_name)), Some(Value::Array(values))) =
            (schema.get("type"), schema.get("enum"))
        else {
            return;
        };
        if schema.contains_key("$ref") {
            return;
        }
        let at = at.join("enum");
        let misfits = values
            .iter()
            .enumerate()
            .filter_map(|(index, value)| {
                let misfit = match fits(type_name, value) {
                    false => Misfit::NotOfType(type_name),
                    true if values[..index].contains(value) => Misfit::Repeated,
                    true => return None,
                };
                Some((index, misfit))
            })
            .collect::<Vec<_>>();
        let fitting = values
            .iter()
            .filter(|value| !value.is_null() && fits(type_name, value))
            .count();
        let of_another_type = misfits
            .iter()
            .any(|(_, misfit)| matches!(misfit, Misfit::NotOfType(_)));
        if fitting == 0 && of_another_type {
            skips.push(Skip {
                pointer: at,
                what: format!(
                    "`enum` of which no value is of the schema's `type: {type_name}`, which \
                     typify cannot take: left out of the generated code (the type stays)"
                ),
            });
        } else {
            skips.extend(misfits.into_iter().map(|(index, misfit)| Skip {
                pointer: at.join(&index.to_string()),
                what: misfit.what(),
            }));
        }
    });
    skips
}

/// Why an `enum` value goes.
enum Misfit<'a> {
    NotOfType(&'a str),
    Repeated,
}

impl Misfit<'_> {
    fn what(&self) -> String {
        let why = match self {
            Misfit::NotOfType(type_name) => format!("not of the schema's `type: {type_name}`"),
            Misfit::Repeated => "a repeat of an earlier value".to_owned(),
        };
        format!("`enum` value typify cannot take ({why}): left out of the generated code")
    }
}

/// Whether typify takes `value` in an enum of `type: type_name`: a value of that type (an
/// integral JSON number for `integer`, as `validate_value` has it), or `null`, which it
/// strips from a nullable enum ([`typed`] makes an enum listing `null` nullable).
fn fits(type_name: &str, value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(_) => type_name == "boolean",
        Value::Number(number) => match type_name {
            "number" => true,
            "integer" => number.is_i64() || number.is_u64(),
            _ => false,
        },
        Value::String(_) => type_name == "string",
        Value::Array(_) => type_name == "array",
        Value::Object(_) => type_name == "object",
    }
}

/// `root` with what each enum's values say stated (see [`Statement`]); `None` when there is
/// nothing to state.
pub fn typed(root: &Value) -> Option<Value> {
    let mut found = false;
    tree::visit_schemas(root, &mut |schema, _, _| {
        found |= schema.as_object().and_then(statement).is_some();
    });
    if !found {
        return None;
    }
    let mut copy = root.clone();
    walk::schemas_mut(&mut copy, &mut |schema, _, _| match statement(schema) {
        Some(Statement::Type(type_name)) => {
            schema.insert("type".into(), Value::String(type_name.into()));
        }
        Some(Statement::Nullable) => {
            schema.insert("nullable".into(), Value::Bool(true));
        }
        None => {}
    });
    Some(copy)
}

/// What the codegen copy states of an enum because its values say it.
enum Statement {
    /// The JSON type the non-null values of an untyped nullable enum share.
    Type(&'static str),
    /// `nullable` on a typed enum that lists `null` (Plaid's `PayFrequencyValue: {type:
    /// string, enum: [monthly, …, null]}`). typify makes a string enum listing `null` an
    /// `Option` anyway, and a component of it two types of the component's name (the enum
    /// and the newtype around its `Option`); nullable, it names the enum `<Name>Inner`.
    /// An enum of another type is refused with `null` listed, and takes it nullable.
    Nullable,
}

/// What to state of `schema`, an enum without subschemas or `$ref`, if anything.
fn statement(schema: &Map<String, Value>) -> Option<Statement> {
    let values = schema.get("enum")?.as_array()?;
    let plain = ["$ref", "allOf", "anyOf", "oneOf", "not"]
        .iter()
        .all(|key| !schema.contains_key(*key));
    let nullable = schema.get("nullable") == Some(&Value::Bool(true));
    if !plain {
        return None;
    }
    if schema.contains_key("type") {
        return (!nullable && values.iter().any(Value::is_null)).then_some(Statement::Nullable);
    }
    if !nullable {
        return None;
    }
    let mut types = values
        .iter()
        .filter(|value| !value.is_null())
        .map(json_type);
    let first = types.next()?;
    if !types.all(|other| other == first) {
        return None;
    }
    let integral = values
        .iter()
        .all(|value| value.is_null() || value.is_i64() || value.is_u64());
    Some(Statement::Type(match first {
        "number" if integral => "integer",
        other => other,
    }))
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn skips(schema: Value) -> Vec<(String, String)> {
        let root = json!({"components": {"schemas": {"S": schema}}});
        unrepresentable(&root)
            .into_iter()
            .map(|skip| (skip.pointer.to_string(), skip.what))
            .collect()
    }

    fn pointers(schema: Value) -> Vec<String> {
        skips(schema).into_iter().map(|(at, _)| at).collect()
    }

    #[test]
    fn values_of_another_type_than_the_schema_s_are_left_out() {
        assert_eq!(
            skips(json!({"type": "number", "enum": ["", 0, 1, 2]})),
            [(
                "#/components/schemas/S/enum/0".to_owned(),
                Misfit::NotOfType("number").what()
            )]
        );
        assert_eq!(
            pointers(json!({"type": "string", "nullable": true,
                            "enum": [4.1, 4, "3_lite", 3, null]})),
            [
                "#/components/schemas/S/enum/0",
                "#/components/schemas/S/enum/1",
                "#/components/schemas/S/enum/3"
            ]
        );
        assert_eq!(
            pointers(json!({"type": "integer", "enum": [1, 2.5, null]})),
            ["#/components/schemas/S/enum/1"]
        );
    }

    #[test]
    fn an_enum_with_no_value_of_its_type_goes_whole() {
        assert_eq!(
            pointers(json!({"type": "string", "nullable": true, "enum": [3, null]})),
            ["#/components/schemas/S/enum"]
        );
        assert_eq!(
            pointers(json!({"type": "boolean", "enum": ["true", "false"]})),
            ["#/components/schemas/S/enum"]
        );
    }

    #[test]
    fn repeated_values_are_left_out() {
        assert_eq!(
            pointers(json!({"type": "string", "enum": ["", "", "a", "a"]})),
            [
                "#/components/schemas/S/enum/1",
                "#/components/schemas/S/enum/3"
            ]
        );
    }

    #[test]
    fn fitting_enums_are_kept() {
        for schema in [
            json!({"type": "number", "enum": [0, 1.5]}),
            json!({"type": "integer", "enum": [1, 2], "nullable": true}),
            json!({"type": "string", "enum": ["a", null]}),
            json!({"type": "integer", "nullable": true, "enum": [1, null]}),
            json!({"type": "boolean", "enum": [true, false]}),
            json!({"enum": ["a", 1]}),
        ] {
            assert_eq!(pointers(schema.clone()), Vec::<String>::new(), "{schema}");
        }
    }

    #[test]
    fn the_copy_states_the_type_and_nullability_the_values_say() {
        let root = json!({"components": {"schemas": {
            "Pkce": {"enum": ["auto", "never", null], "nullable": true},
            "Level": {"enum": [1, 2], "nullable": true},
            "Ratio": {"enum": [1, 2.5], "nullable": true},
            "Mixed": {"enum": ["a", 1], "nullable": true},
            "Plain": {"enum": ["a"]},
        }}});
        let typed = typed(&root).expect("a schema to type");
        let schemas = &typed["components"]["schemas"];
        assert_eq!(schemas["Pkce"]["type"], "string");
        assert_eq!(schemas["Level"]["type"], "integer");
        assert_eq!(schemas["Ratio"]["type"], "number");
        assert!(schemas["Mixed"].get("type").is_none());
        assert!(schemas["Plain"].get("type").is_none());
        let listed_null = json!({"components": {"schemas": {
            "Frequency": {"type": "string", "enum": ["weekly", null]},
        }}});
        let restated = super::typed(&listed_null).expect("a schema to make nullable");
        assert_eq!(
            restated["components"]["schemas"]["Frequency"]["nullable"],
            true
        );
        let untouched = json!({"components": {"schemas": {
            "Plain": {"enum": ["a"]},
            "Nullable": {"type": "string", "enum": ["a", null], "nullable": true},
        }}});
        assert_eq!(super::typed(&untouched), None);
    }
}
