//! Schema `default`s typify cannot take.
//!
//! typify 0.8 checks each default it meets against the Rust type it makes of the schema
//! (`typify-impl/src/defaults.rs`, `validate_value`) and fails the whole generation on one
//! that does not fit, without saying where. OpenAI's `model: {anyOf: [string, enum],
//! default: gpt-image-1.5}` is the common case: the two strings overlap, so typify makes the
//! `anyOf` a struct of two optional flattened parts, and no string is such a struct. This
//! module mirrors typify's check on the spec's JSON tree; the codegen copy leaves out each
//! default that fails it, recorded as a skip, and keeps every other.
//!
//! When typify checks a default (a schema with a `$ref` has none: `openapiv3` drops a
//! `$ref`'s siblings, and a `null` default is read as none):
//! - on a component schema, which becomes a named type with that default;
//! - on an optional property of an object typify makes a struct (`#[serde(default = ..)]`);
//! - on a schema typify makes an enum, struct or newtype of with its own annotations (a string
//!   enum, an object with properties, an `anyOf` of overlapping schemas, an enum of numbers),
//!   wherever it is;
//! - on an integer, whose default typify compares with its bounds (and the range of its
//!   `format`) wherever it converts it (`convert_integer`).
//!
//! Not where typify merges schemas: the members of an `allOf` (and of an `anyOf` or `oneOf`
//! beside other keywords) lose their annotations.
//!
//! Anywhere, a default of another JSON type than the schema's `string`, `boolean`,
//! `integer` or `number` type (`{}` for a string, `"null"` for a number, as
//! text-generation-inference writes; a decimal's may be a string) is left out too: it contradicts its own schema, and typify panics rendering one
//! as the field of a struct it merged from an `allOf`.
//!
//! What fits a type, as `validate_value` has it: anything for a string (also one with a
//! `format` or constraints) and for a schema that accepts anything; `true`/`false` for a
//! boolean; an integral JSON number for an integer (`1.0` is not); any number for a number; one
//! of the string values for a string enum; for an array, an array whose items fit (no
//! duplicates under `uniqueItems`, the exact length when `minItems` equals `maxItems`); for a
//! map, an object whose values fit; for a struct, an object whose keys are its properties (or
//! fit its `additionalProperties` schema), every required one present; `null` where the schema
//! is `nullable`. typify's type is not modelled everywhere (a `oneOf`, an `allOf` of several
//! schemas, a schema that mixes a type with subschemas): there the default is kept, and if
//! typify still refuses it, `codegen::locate_failures` names the schema.

use serde_json::{Map, Value};

use crate::error::Pointer;
use crate::spec::{tree, Skip};

/// The defaults of `root` typify would refuse, each a skip at the pointer of its `default`
/// member.
pub fn unrepresentable(root: &Value) -> Vec<Skip> {
    let mut skips = Vec::new();
    let model = Model { root };
    tree::visit_schemas(root, &mut |schema, at, site| {
        let position = match site {
            tree::SchemaSite::Named => Position::Component,
            tree::SchemaSite::Body => Position::Other,
            // Nested schemas are reached from their parents, which know their position.
            tree::SchemaSite::Property | tree::SchemaSite::Nested => return,
        };
        model.visit(schema, at, position, &mut skips);
    });
    skips
}

/// Where a schema sits, as far as typify's checks go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Position {
    /// `components/schemas/<name>`.
    Component,
    /// A property of a struct that it does not require.
    OptionalProperty,
    /// A member of an `allOf`, or of an `anyOf`/`oneOf` beside other keywords, which typify
    /// merges without its annotations.
    Merged,
    Other,
}

/// Why typify refuses a default: the text of its skip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Misfit {
    NotInEnum,
    /// Anything but an object, for an `anyOf` typify makes a struct of flattened parts.
    NotAStructForAnyOf,
    /// An object, for such an `anyOf` with a part that is not a struct: typify panics.
    PartNotAStruct,
    NotA(&'static str),
    OutOfBounds,
    ArrayLength,
    DuplicateItems,
    UnknownProperty,
    MissingRequired,
}

impl Misfit {
    fn what(self) -> String {
        let why: String = match self {
            Misfit::NotA(kind) => format!("not {kind}"),
            Misfit::NotInEnum => "not one of the `enum` values".into(),
            Misfit::NotAStructForAnyOf => "not an object, on an `anyOf` of overlapping schemas, \
                                           which typify makes a struct of optional parts"
                .into(),
            Misfit::PartNotAStruct => "an object, on an `anyOf` of overlapping schemas that \
                                       are not all objects, which typify panics on"
                .into(),
            Misfit::OutOfBounds => "outside the integer's bounds".into(),
            Misfit::ArrayLength => "an array of another length than `minItems`/`maxItems`".into(),
            Misfit::DuplicateItems => "an array with duplicates under `uniqueItems`".into(),
            Misfit::UnknownProperty => {
                "an object with a property the schema does not declare".into()
            }
            Misfit::MissingRequired => "an object without a property the schema requires".into(),
        };
        format!("schema `default` typify cannot take ({why}): left out of the generated code")
    }
}

/// Whether a value fits typify's type for a schema.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Fits,
    Misfit(Misfit),
    /// typify's type for the schema is not modelled here.
    Unknown,
}

impl Verdict {
    fn when(fits: bool, misfit: Misfit) -> Self {
        match fits {
            true => Verdict::Fits,
            false => Verdict::Misfit(misfit),
        }
    }

    /// The verdict for a whole made of parts: the first misfit, else unknown if any part is.
    fn all(parts: impl IntoIterator<Item = Verdict>) -> Self {
        let mut verdict = Verdict::Fits;
        for part in parts {
            match part {
                Verdict::Misfit(misfit) => return Verdict::Misfit(misfit),
                Verdict::Unknown => verdict = Verdict::Unknown,
                Verdict::Fits => {}
            }
        }
        verdict
    }
}

/// What typify makes of a schema (through progenitor's conversion of `openapiv3`'s model),
/// for checking a value.
enum Kind<'a> {
    /// `String`, a format's type, a constrained string's newtype, `serde_json::Value`.
    Anything,
    /// The unit type of `{enum: [null]}`.
    Null,
    Boolean,
    Integer,
    Number,
    /// A string enum's variants.
    Variants(Vec<&'a str>),
    Array {
        items: Option<&'a Value>,
        unique: bool,
        length: Option<u64>,
    },
    Map(Option<&'a Value>),
    Struct(&'a Map<String, Value>),
    /// An `anyOf` with one `null` member, a `oneOf` with one, or a nullable single `allOf`.
    Optional(&'a Value),
    /// An `allOf` of one schema: that schema's type.
    Alias(&'a Value),
    /// An `anyOf` whose members overlap: a struct of flattened optional parts.
    OverlappingAnyOf(&'a [Value]),
    Unknown,
}

/// The keywords `openapiv3` reads into a schema's kind (its `RawAnySchema`); the others are
/// annotations or unknown to it.
const KIND_KEYWORDS: [&str; 24] = [
    "type",
    "pattern",
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minimum",
    "maximum",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "enum",
    "format",
    "minLength",
    "maxLength",
    "oneOf",
    "allOf",
    "anyOf",
    "not",
];

const SUBSCHEMAS: [&str; 4] = ["allOf", "anyOf", "oneOf", "not"];

/// The keywords `openapiv3` allows beside `type: <name>` for it to read a typed schema.
fn keywords_of_type(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "string" => &["pattern", "enum", "format", "minLength", "maxLength"],
        "number" | "integer" => &[
            "multipleOf",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minimum",
            "maximum",
            "enum",
            "format",
        ],
        "boolean" => &["enum"],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        _ => return None,
    })
}

/// A schema as `openapiv3` reads it: its kind keywords and whether it is nullable.
struct Schema<'a> {
    map: &'a Map<String, Value>,
    nullable: bool,
}

impl<'a> Schema<'a> {
    fn new(map: &'a Map<String, Value>) -> Self {
        Schema {
            map,
            nullable: map.get("nullable").and_then(Value::as_bool) == Some(true),
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|value| !value.is_null())
    }

    /// The kind keywords present; `openapiv3` reads `null` as absent.
    fn keywords(&self) -> impl Iterator<Item = &'static str> + '_ {
        KIND_KEYWORDS
            .into_iter()
            .filter(|keyword| self.get(keyword).is_some())
    }

    fn type_name(&self) -> Option<&'a str> {
        self.get("type").and_then(Value::as_str)
    }

    /// The `type` when `openapiv3` reads a typed schema (only that type's keywords beside
    /// it, enum values of that type), else `None`.
    fn typed(&self) -> Option<&'a str> {
        let name = self.type_name()?;
        let allowed = keywords_of_type(name)?;
        if !self
            .keywords()
            .all(|keyword| keyword == "type" || allowed.contains(&keyword))
        {
            return None;
        }
        let integral = |key: &str| self.get(key).is_none_or(|value| value.is_i64());
        let values_fit = |fits: fn(&Value) -> bool| {
            self.get("enum")
                .and_then(Value::as_array)
                .is_none_or(|values| values.iter().all(|v| v.is_null() || fits(v)))
        };
        let readable = match name {
            "string" => values_fit(Value::is_string),
            "number" => values_fit(Value::is_number),
            "integer" => {
                values_fit(Value::is_i64)
                    && integral("multipleOf")
                    && integral("minimum")
                    && integral("maximum")
            }
            "boolean" => values_fit(Value::is_boolean),
            _ => true,
        };
        readable.then_some(name)
    }

    /// The members of `oneOf`/`anyOf`/`allOf` when it is the only kind keyword.
    fn only_subschemas(&self, keyword: &str) -> Option<&'a [Value]> {
        let mut keywords = self.keywords();
        match (keywords.next(), keywords.next()) {
            (Some(only), None) if only == keyword => self
                .get(keyword)
                .and_then(Value::as_array)
                .map(Vec::as_slice),
            _ => None,
        }
    }

    /// Whether progenitor gives typify annotations (`Metadata`) for the schema.
    fn has_annotations(&self) -> bool {
        let flag = |key: &str| self.get(key).and_then(Value::as_bool) == Some(true);
        ["title", "description", "default", "example"]
            .iter()
            .any(|key| self.get(key).is_some())
            || ["deprecated", "readOnly", "writeOnly"]
                .iter()
                .any(|key| flag(key))
    }

    /// `enum: [null]` alone, or `nullable: true` alone, whose one instance type progenitor
    /// infers as `null` (Qdrant's `anyOf: [{$ref: WithPayloadInterface}, {nullable: true}]`
    /// is an `Option` of the referenced type to typify).
    fn is_null_schema(&self) -> bool {
        let mut keywords = self.keywords();
        match keywords.next() {
            None => self.nullable,
            Some("enum") => {
                keywords.next().is_none()
                    && self.get("enum") == Some(&Value::Array(vec![Value::Null]))
            }
            Some(_) => false,
        }
    }

    /// An object with properties, required names or `additionalProperties: false`: typify
    /// makes a struct of it, else a map.
    fn is_struct(&self) -> bool {
        let non_empty = |key: &str| {
            self.get(key).is_some_and(|value| {
                value.as_object().is_some_and(|m| !m.is_empty())
                    || value.as_array().is_some_and(|a| !a.is_empty())
            })
        };
        non_empty("properties")
            || non_empty("required")
            || self.get("additionalProperties") == Some(&Value::Bool(false))
    }

    fn is_required(&self, property: &str) -> bool {
        self.get("required")
            .and_then(Value::as_array)
            .is_some_and(|names| names.iter().any(|name| name == property))
    }
}

struct Model<'a> {
    root: &'a Value,
}

/// Whether `default` is of another JSON type than the string, boolean or integer `type`
/// the schema declares (null aside, where the schema is nullable).
fn contradicts_type(schema: &Schema<'_>, default: &Value) -> Option<Misfit> {
    if default.is_null() && schema.nullable {
        return None;
    }
    let (fits, kind) = match schema.typed()? {
        "string" => (default.is_string(), "a string"),
        "boolean" => (default.is_boolean(), "a boolean"),
        "integer" => (default.is_i64() || default.is_u64(), "an integer"),
        // A `format: decimal` default may be written as a string ("0.50"), which
        // `rust_decimal::Decimal` reads.
        "number" => (
            default.is_number()
                || (default.is_string()
                    && schema.get("format").and_then(Value::as_str) == Some("decimal")),
            "a number",
        ),
        _ => return None,
    };
    (!fits).then_some(Misfit::NotA(kind))
}

/// How deep `$ref`s and nested values are followed before a verdict is unknown.
const DEPTH: usize = 64;

impl<'a> Model<'a> {
    /// Checks the default of `node` (at `at`) and those of the schemas inside it.
    fn visit(&self, node: &'a Value, at: &Pointer, position: Position, skips: &mut Vec<Skip>) {
        let Value::Object(map) = node else { return };
        if map.contains_key("$ref") {
            return;
        }
        let schema = Schema::new(map);
        if let Some(default) = schema.get("default") {
            if let Some(misfit) = self.refuses(&schema, node, default, position) {
                skips.push(Skip {
                    pointer: at.join("default"),
                    what: misfit.what(),
                });
            }
        }
        if let Some(Value::Object(properties)) = schema.get("properties") {
            let is_struct =
                position != Position::Merged && matches!(self.kind(&schema), Kind::Struct(_));
            for (name, property) in properties {
                let position = match is_struct && !schema.is_required(name) {
                    true => Position::OptionalProperty,
                    false => Position::Other,
                };
                self.visit(property, &at.join("properties").join(name), position, skips);
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(child) = schema.get(key) {
                self.visit(child, &at.join(key), Position::Other, skips);
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            // typify makes types of the members of a lone `anyOf` or `oneOf`; it merges the
            // others into the schema.
            let position = match key != "allOf" && schema.only_subschemas(key).is_some() {
                true => Position::Other,
                false => Position::Merged,
            };
            for (index, member) in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let member_at = at.join(key).join(&index.to_string());
                self.visit(member, &member_at, position, skips);
            }
        }
    }

    /// Why typify refuses `default` on `schema` (the object `node`), if it does.
    fn refuses(
        &self,
        schema: &Schema<'a>,
        node: &'a Value,
        default: &Value,
        position: Position,
    ) -> Option<Misfit> {
        self.refuses_where_checked(schema, node, default, position)
            // A default of another JSON type than the schema declares is wrong wherever it
            // is, and typify panics rendering one as a merged struct's field (Okta's
            // `conditions: {type: string, nullable: true, default: {}}` in an `allOf`).
            .or_else(|| contradicts_type(schema, default))
    }

    /// Why typify's check of `default`, where it checks one, refuses it.
    fn refuses_where_checked(
        &self,
        schema: &Schema<'a>,
        node: &'a Value,
        default: &Value,
        position: Position,
    ) -> Option<Misfit> {
        let checked = match position {
            Position::Merged => return None,
            Position::Component | Position::OptionalProperty => true,
            Position::Other => self.is_named_type(schema),
        };
        if schema.typed() == Some("integer") {
            if let Some(misfit) = integer_bounds(schema, default) {
                return Some(misfit);
            }
        }
        match checked.then(|| self.fits(node, default, 0)) {
            Some(Verdict::Misfit(misfit)) => Some(misfit),
            _ => None,
        }
    }

    /// Whether typify makes an enum, struct or newtype of `schema` with its own annotations,
    /// a type that carries the default wherever the schema sits. (A nullable `anyOf`, `oneOf`
    /// or `allOf` is progenitor's `oneOf` of `null` and the schema without its annotations.)
    fn is_named_type(&self, schema: &Schema<'a>) -> bool {
        match schema.typed() {
            Some("string") => ["enum", "pattern", "minLength", "maxLength"]
                .iter()
                .any(|key| schema.get(key).is_some()),
            Some("integer" | "number") => schema.get("enum").is_some(),
            Some("object") => schema.is_struct(),
            Some(_) => false,
            None if schema.nullable => false,
            None => match self.kind(schema) {
                Kind::OverlappingAnyOf(_) => true,
                Kind::Alias(member) => member
                    .as_object()
                    .filter(|member| !member.contains_key("$ref"))
                    .is_some_and(|member| self.is_named_type(&Schema::new(member))),
                _ => false,
            },
        }
    }

    /// Whether `value` fits typify's type for `node` (`validate_value`).
    fn fits(&self, node: &'a Value, value: &Value, depth: usize) -> Verdict {
        if depth > DEPTH {
            return Verdict::Unknown;
        }
        let Some((Value::Object(map), _)) = tree::resolve(self.root, node, Pointer::root()) else {
            return Verdict::Unknown;
        };
        let schema = Schema::new(map);
        let kind = self.kind(&schema);
        if value.is_null() && schema.nullable && !matches!(kind, Kind::Unknown) {
            return Verdict::Fits;
        }
        let depth = depth + 1;
        match kind {
            Kind::Anything => Verdict::Fits,
            Kind::Null => Verdict::when(value.is_null(), Misfit::NotA("null")),
            Kind::Boolean => Verdict::when(value.is_boolean(), Misfit::NotA("a boolean")),
            Kind::Integer => {
                Verdict::when(value.is_u64() || value.is_i64(), Misfit::NotA("an integer"))
            }
            Kind::Number => Verdict::when(value.is_number(), Misfit::NotA("a number")),
            Kind::Variants(variants) => Verdict::when(
                value
                    .as_str()
                    .is_some_and(|value| variants.contains(&value)),
                Misfit::NotInEnum,
            ),
            Kind::Array {
                items,
                unique,
                length,
            } => {
                let Some(values) = value.as_array() else {
                    return Verdict::Misfit(Misfit::NotA("an array"));
                };
                if length.is_some_and(|length| length != values.len() as u64) {
                    return Verdict::Misfit(Misfit::ArrayLength);
                }
                let duplicates = unique
                    && values
                        .iter()
                        .enumerate()
                        .any(|(index, value)| values[index + 1..].contains(value));
                if duplicates {
                    return Verdict::Misfit(Misfit::DuplicateItems);
                }
                Verdict::all(
                    values
                        .iter()
                        .map(|value| self.fits_or_any(items, value, depth)),
                )
            }
            Kind::Map(values) => match value.as_object() {
                Some(entries) => Verdict::all(
                    entries
                        .values()
                        .map(|value| self.fits_or_any(values, value, depth)),
                ),
                None => Verdict::Misfit(Misfit::NotA("an object")),
            },
            Kind::Struct(map) => self.fits_struct(&Schema::new(map), value, depth),
            Kind::Optional(_) if value.is_null() => Verdict::Fits,
            Kind::Optional(inner) | Kind::Alias(inner) => self.fits(inner, value, depth),
            // typify's `all_props` reaches `unreachable!()` on a part that is not a struct.
            Kind::OverlappingAnyOf(members) if value.is_object() => {
                match members.iter().all(|member| self.makes_struct(member)) {
                    true => Verdict::Unknown,
                    false => Verdict::Misfit(Misfit::PartNotAStruct),
                }
            }
            Kind::OverlappingAnyOf(_) => Verdict::Misfit(Misfit::NotAStructForAnyOf),
            Kind::Unknown => Verdict::Unknown,
        }
    }

    fn fits_or_any(&self, schema: Option<&'a Value>, value: &Value, depth: usize) -> Verdict {
        match schema {
            Some(schema) => self.fits(schema, value, depth),
            None => Verdict::Fits,
        }
    }

    /// `validate_default_struct_props`: every key a property (or an entry of the flattened
    /// `additionalProperties` map), every required property present. An optional property
    /// without a default is an `Option` there, so `null` fits it.
    fn fits_struct(&self, schema: &Schema<'a>, value: &Value, depth: usize) -> Verdict {
        let Some(entries) = value.as_object() else {
            return Verdict::Misfit(Misfit::NotA("an object"));
        };
        let properties = schema.get("properties").and_then(Value::as_object);
        let extra = match schema.get("additionalProperties") {
            Some(extra @ Value::Object(_)) => Some(extra),
            _ => None,
        };
        let required = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        if required.clone().any(|name| !entries.contains_key(name)) {
            return Verdict::Misfit(Misfit::MissingRequired);
        }
        Verdict::all(entries.iter().map(|(key, value)| {
            match properties.and_then(|properties| properties.get(key)) {
                Some(property) => {
                    let optional = !required.clone().any(|name| name == key);
                    if value.is_null() && optional && self.is_option_property(property) {
                        Verdict::Fits
                    } else {
                        self.fits(property, value, depth)
                    }
                }
                None if required.clone().any(|name| name == key) => Verdict::Fits,
                None => match extra {
                    Some(extra) => self.fits(extra, value, depth),
                    None => Verdict::Misfit(Misfit::UnknownProperty),
                },
            }
        }))
    }

    /// Whether typify makes a struct of `node`.
    fn makes_struct(&self, node: &'a Value) -> bool {
        match tree::resolve(self.root, node, Pointer::root()) {
            Some((Value::Object(map), _)) => {
                matches!(self.kind(&Schema::new(map)), Kind::Struct(_))
            }
            _ => false,
        }
    }

    /// Whether typify wraps an optional property of this schema in an `Option` (`has_default`:
    /// it does unless the property has a default or is a `Vec` or a map, empty by default).
    fn is_option_property(&self, property: &'a Value) -> bool {
        let Some((Value::Object(map), _)) = tree::resolve(self.root, property, Pointer::root())
        else {
            return false;
        };
        let has_default = property.get("default").is_some_and(|d| !d.is_null());
        let empty_by_default = matches!(
            self.kind(&Schema::new(map)),
            Kind::Array {
                unique: false,
                length: None,
                ..
            } | Kind::Map(_)
        );
        !has_default && !empty_by_default
    }

    /// What typify makes of `schema` (not a `$ref`), nullability aside.
    fn kind(&self, schema: &Schema<'a>) -> Kind<'a> {
        if schema.map.contains_key("x-rust-type") {
            return Kind::Anything;
        }
        if let Some(name) = schema.typed() {
            return self.typed_kind(schema, name);
        }
        if let Some(members) = schema.only_subschemas("allOf") {
            return match members {
                [member] if schema.nullable => Kind::Optional(member),
                [member] => Kind::Alias(member),
                _ => Kind::Unknown,
            };
        }
        for keyword in ["anyOf", "oneOf"] {
            let Some(members) = schema.only_subschemas(keyword) else {
                continue;
            };
            if let Some(other) = self.the_non_null_of_two(members) {
                return Kind::Optional(other);
            }
            if keyword == "anyOf" && self.any_two_overlap(members) {
                return Kind::OverlappingAnyOf(members);
            }
            return Kind::Unknown;
        }
        let only_keywords_of = |name: &str| {
            let allowed = keywords_of_type(name).unwrap_or(&[]);
            schema.keywords().all(|keyword| allowed.contains(&keyword))
        };
        if schema.is_null_schema() {
            Kind::Null
        } else if schema.keywords().next().is_none() {
            Kind::Anything
        } else if schema.nullable {
            // progenitor guesses instance types for an untyped nullable schema: not modelled.
            Kind::Unknown
        } else if only_keywords_of("object") {
            self.object_kind(schema)
        } else if only_keywords_of("array") {
            array_kind(schema)
        } else {
            Kind::Unknown
        }
    }

    fn typed_kind(&self, schema: &Schema<'a>, name: &str) -> Kind<'a> {
        let format = schema.get("format").and_then(Value::as_str);
        // typify matches a conversion on the exact schema, extensions included.
        let only_format = schema
            .keywords()
            .all(|key| key == "type" || key == "format")
            && !schema.map.keys().any(|key| key.starts_with("x-"));
        match name {
            // progenitor's conversion of `format: decimal` (`codegen::settings`).
            "string" | "number" if format == Some("decimal") && only_format => Kind::Anything,
            "string" => match schema.get("enum").and_then(Value::as_array) {
                Some(values) => string_variants(schema, values),
                None => Kind::Anything,
            },
            "integer" => Kind::Integer,
            "number" => Kind::Number,
            "boolean" => Kind::Boolean,
            "object" => self.object_kind(schema),
            "array" => array_kind(schema),
            _ => Kind::Unknown,
        }
    }

    fn object_kind(&self, schema: &Schema<'a>) -> Kind<'a> {
        if schema.is_struct() {
            return Kind::Struct(schema.map);
        }
        match schema.get("additionalProperties") {
            Some(values @ Value::Object(_)) => Kind::Map(Some(values)),
            _ => Kind::Map(None),
        }
    }

    /// typify's `maybe_option`: two members, one of them `null`.
    fn the_non_null_of_two(&self, members: &'a [Value]) -> Option<&'a Value> {
        let is_null = |member: &Value| {
            member
                .as_object()
                .is_some_and(|map| !map.contains_key("$ref") && Schema::new(map).is_null_schema())
        };
        match members {
            [a, b] if is_null(a) && !is_null(b) => Some(b),
            [a, b] if is_null(b) && !is_null(a) => Some(a),
            _ => None,
        }
    }

    /// Whether typify's `all_mutually_exclusive` is false for `members`, because two of them
    /// surely overlap.
    fn any_two_overlap(&self, members: &'a [Value]) -> bool {
        let instances = members
            .iter()
            .map(|member| self.instance_types(member))
            .collect::<Vec<_>>();
        instances.iter().enumerate().any(|(index, a)| {
            instances[index + 1..]
                .iter()
                .any(|b| a.overlaps(b) == Some(true))
        })
    }

    /// How typify's `schemas_mutually_exclusive` sees an `anyOf` member: progenitor's
    /// instance types for it, a `$ref` followed once (typify's `resolve`).
    fn instance_types(&self, member: &'a Value) -> Instance<'a> {
        let member = match member.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let target = tree::ref_pointer(reference)
                    .and_then(|at| self.root.pointer(at.as_json_pointer()));
                match target {
                    // A reference to a reference has no instance type.
                    Some(target) if target.get("$ref").is_some() => return Instance::Untyped,
                    Some(target) => target,
                    None => return Instance::Complex,
                }
            }
            None => member,
        };
        let Some(map) = member.as_object() else {
            return Instance::Complex;
        };
        let schema = Schema::new(map);
        if let Some(name) = schema.type_name() {
            let mut types = vec![name];
            types.extend(schema.nullable.then_some("null"));
            return Instance::Types(types);
        }
        let subschemas = SUBSCHEMAS.iter().any(|key| schema.get(key).is_some());
        // typify looks into subschemas without annotations and checks untyped enum values
        // against the other member; neither is modelled.
        let looked_into = subschemas && !schema.has_annotations();
        if looked_into || schema.get("enum").is_some() || schema.nullable {
            Instance::Complex
        } else {
            Instance::Untyped
        }
    }
}

/// The instance types typify compares to tell whether two `anyOf` members overlap.
enum Instance<'a> {
    /// A `type`, with `null` when nullable.
    Types(Vec<&'a str>),
    /// No instance type: typify assumes the member overlaps anything.
    Untyped,
    /// typify decides from more than instance types.
    Complex,
}

impl Instance<'_> {
    /// `Some(true)` when typify finds the two overlapping, `Some(false)` when exclusive.
    fn overlaps(&self, other: &Self) -> Option<bool> {
        match (self, other) {
            (Instance::Complex, _) | (_, Instance::Complex) => None,
            (Instance::Untyped, _) | (_, Instance::Untyped) => Some(true),
            (Instance::Types(a), Instance::Types(b)) => match (a.as_slice(), b.as_slice()) {
                // Two objects or two arrays: typify compares their properties or items.
                ([a], [b]) if a == b && matches!(*a, "object" | "array") => None,
                ([a], [b]) => Some(a == b),
                (a, b) => Some(a.iter().any(|name| b.contains(name))),
            },
        }
    }
}

/// A string enum's variants: its string values that meet its length bounds (typify drops the
/// others; with a `pattern`, which this does not evaluate, the kind is unknown).
fn string_variants<'a>(schema: &Schema<'a>, values: &'a [Value]) -> Kind<'a> {
    if schema.get("pattern").is_some() {
        return Kind::Unknown;
    }
    let bound = |key: &str| schema.get(key).and_then(Value::as_u64);
    let (min, max) = (bound("minLength"), bound("maxLength"));
    let variants = values
        .iter()
        .filter_map(Value::as_str)
        .filter(|value| {
            let length = value.chars().count() as u64;
            min.is_none_or(|min| length >= min) && max.is_none_or(|max| length <= max)
        })
        .collect::<Vec<_>>();
    match variants.is_empty() {
        // No variant: typify's never type, not worth modelling.
        true => Kind::Unknown,
        false => Kind::Variants(variants),
    }
}

fn array_kind<'a>(schema: &Schema<'a>) -> Kind<'a> {
    let unique = schema.get("uniqueItems").and_then(Value::as_bool) == Some(true);
    let bound = |key: &str| schema.get(key).and_then(Value::as_u64);
    let length = match (bound("minItems"), bound("maxItems")) {
        (Some(min), Some(max)) if min == max && min > 0 && !unique => Some(min),
        _ => None,
    };
    Kind::Array {
        items: schema.get("items"),
        unique,
        length,
    }
}

/// typify's bounds check of an integer's default (`convert_integer`): within the range of
/// its `format` when the bounds fit that range, else within the bounds (the format's range
/// filling a missing one), and a number at all in that case.
fn integer_bounds(schema: &Schema<'_>, default: &Value) -> Option<Misfit> {
    const FORMATS: [(&str, f64, f64); 10] = [
        ("int8", i8::MIN as f64, i8::MAX as f64),
        ("uint8", u8::MIN as f64, u8::MAX as f64),
        ("int16", i16::MIN as f64, i16::MAX as f64),
        ("uint16", u16::MIN as f64, u16::MAX as f64),
        ("int", i32::MIN as f64, i32::MAX as f64),
        ("int32", i32::MIN as f64, i32::MAX as f64),
        ("uint", u32::MIN as f64, u32::MAX as f64),
        ("uint32", u32::MIN as f64, u32::MAX as f64),
        ("int64", i64::MIN as f64, i64::MAX as f64),
        ("uint64", u64::MIN as f64, u64::MAX as f64),
    ];
    let number = |key: &str| schema.get(key).and_then(Value::as_f64);
    let exclusive = |key: &str| schema.get(key).and_then(Value::as_bool) == Some(true);
    let mut min = number("minimum").map(|min| match exclusive("exclusiveMinimum") {
        true => min + 1.0,
        false => min,
    });
    let mut max = number("maximum").map(|max| match exclusive("exclusiveMaximum") {
        true => max - 1.0,
        false => max,
    });
    let format = schema.get("format").and_then(Value::as_str);
    if let Some((_, low, high)) = FORMATS.iter().find(|(name, ..)| Some(*name) == format) {
        let fits_format = min.is_none_or(|min| min >= *low) && max.is_none_or(|max| max <= *high);
        if schema.get("multipleOf").is_none() && fits_format {
            let outside = default
                .as_f64()
                .is_some_and(|value| value < *low || value > *high);
            return outside.then_some(Misfit::OutOfBounds);
        }
        min.get_or_insert(*low);
        max.get_or_insert(*high);
    }
    match default.as_f64() {
        None => Some(Misfit::NotA("a number")),
        Some(value) => {
            let inside = min.is_none_or(|min| value >= min) && max.is_none_or(|max| value <= max);
            (!inside).then_some(Misfit::OutOfBounds)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The skips of a document whose component `S` is `schema` (`T` its companion).
    fn skips(schemas: Value) -> Vec<(String, String)> {
        let root = json!({"components": {"schemas": schemas}});
        unrepresentable(&root)
            .into_iter()
            .map(|skip| (skip.pointer.to_string(), skip.what))
            .collect()
    }

    fn dropped(schemas: Value) -> Vec<String> {
        skips(schemas).into_iter().map(|(at, _)| at).collect()
    }

    fn property(schema: Value) -> Value {
        json!({"S": {"type": "object", "properties": {"p": schema}}})
    }

    #[test]
    fn a_string_default_on_an_anyof_of_two_strings_is_dropped() {
        let model = json!({"anyOf": [{"type": "string"}, {"type": "string", "enum": ["a"]}],
                           "default": "a"});
        assert_eq!(
            skips(property(model.clone())),
            [(
                "#/components/schemas/S/properties/p/default".to_owned(),
                Misfit::NotAStructForAnyOf.what()
            )]
        );
        let mut nullable = model;
        nullable["nullable"] = json!(true);
        assert_eq!(dropped(property(nullable.clone())).len(), 1);
        // Required, the nullable `anyOf` is an `Option` whose default typify never checks.
        let required = json!({"S": {"type": "object", "required": ["p"],
                                    "properties": {"p": nullable}}});
        assert_eq!(dropped(required), Vec::<String>::new());
    }

    /// Qdrant's `with_payload`: `anyOf: [{$ref}, {nullable: true}]` is an `Option` of the
    /// referenced type (progenitor types `{nullable: true}` alone as null), and `true` is
    /// no struct of the referenced overlapping `anyOf`'s flattened parts.
    #[test]
    fn a_default_beside_a_null_member_is_checked_against_the_other_member() {
        let payload = json!({"anyOf": [{"description": "all", "type": "boolean"},
                                       {"type": "array", "items": {"type": "string"}},
                                       {"description": "selector", "anyOf": [{"type": "object"}]}]});
        let lookup = json!({"type": "object", "properties": {"with_payload": {
            "default": true,
            "anyOf": [{"$ref": "#/components/schemas/Payload"}, {"nullable": true}],
        }}});
        assert_eq!(
            skips(json!({"Payload": payload, "Lookup": lookup})),
            [(
                "#/components/schemas/Lookup/properties/with_payload/default".to_owned(),
                Misfit::NotAStructForAnyOf.what()
            )]
        );
    }

    #[test]
    fn an_object_default_on_an_anyof_with_a_part_that_is_no_struct_is_dropped() {
        let union = |members: Value| property(json!({"anyOf": members, "default": {"a": 1}}));
        let strings = union(json!([{"type": "string"}, {"type": "string", "enum": ["a"]}]));
        assert_eq!(
            skips(strings)
                .into_iter()
                .map(|(_, what)| what)
                .collect::<Vec<_>>(),
            [Misfit::PartNotAStruct.what()]
        );
        // Two structs (untyped, so they overlap): typify checks the value, which this does
        // not model; kept.
        let structs = union(json!([{"description": "A", "properties": {"a": {}}},
                                   {"description": "B", "properties": {"b": {}}}]));
        assert_eq!(dropped(structs), Vec::<String>::new());
    }

    #[test]
    fn enum_defaults_must_be_values() {
        assert_eq!(
            dropped(json!({"S": {"type": "string", "enum": ["logprobs"], "default": []}})),
            ["#/components/schemas/S/default"]
        );
        let items = json!({"type": "array",
                           "items": {"type": "string", "enum": ["a", "b"], "default": ["a"]}});
        assert_eq!(
            dropped(property(items)),
            ["#/components/schemas/S/properties/p/items/default"]
        );
        let kept = json!({"type": "string", "enum": ["a", "b"], "default": "b", "nullable": true});
        assert_eq!(dropped(property(kept)), Vec::<String>::new());
    }

    #[test]
    fn types_that_take_anything_keep_their_default() {
        for schema in [
            json!({"type": "string", "pattern": "^[A-Z]{3}$", "default": "RON"}),
            json!({"description": "anything", "default": {"a": 1}}),
            json!({"type": "number", "format": "decimal", "default": "0.50"}),
            json!({"$ref": "#/components/schemas/T", "default": 5}),
            json!({"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["inf"]}],
                   "default": "inf"}),
        ] {
            let schemas = json!({"S": {"type": "object", "properties": {"p": schema}},
                                 "T": {"type": "string", "enum": ["t"]}});
            assert_eq!(dropped(schemas), Vec::<String>::new());
        }
    }

    #[test]
    fn scalar_types_take_values_of_their_type() {
        for (schema, dropped_too) in [
            // Another JSON type than the schema's: typify validates a string default of any
            // type, but panics rendering one that is no string.
            (json!({"type": "string", "default": 3}), true),
            (json!({"type": "boolean", "default": "true"}), true),
            (json!({"type": "boolean", "default": true}), false),
            (json!({"type": "integer", "default": 1.5}), true),
            (json!({"type": "integer", "default": 7}), false),
            (json!({"type": "number", "default": 1}), false),
            (json!({"type": "number", "default": "1"}), true),
            (
                json!({"type": "number", "nullable": true, "default": "null"}),
                true,
            ),
            (
                json!({"type": "integer", "minimum": 1, "maximum": 10, "default": 11}),
                true,
            ),
            (
                json!({"type": "integer", "format": "uint8", "default": 300}),
                true,
            ),
            (
                json!({"type": "integer", "format": "int32", "default": 300}),
                false,
            ),
        ] {
            let found = dropped(property(schema.clone()));
            assert_eq!(found.len(), usize::from(dropped_too), "{schema}: {found:?}");
        }
    }

    #[test]
    fn required_properties_and_merged_members_are_not_checked() {
        // A required plain property has no serde default: typify ignores its `default`.
        let duplicates = json!({"type": "array", "items": {"type": "string"},
                                "uniqueItems": true, "default": ["a", "a"]});
        let required = json!({"S": {"type": "object", "required": ["p"],
                                    "properties": {"p": duplicates.clone()}}});
        assert_eq!(dropped(required), Vec::<String>::new());
        let merged = json!({"S": {"allOf": [{"type": "object",
            "properties": {"p": duplicates}}]}});
        assert_eq!(dropped(merged), Vec::<String>::new());
        // A default of another JSON type than the schema's is dropped in either place.
        let mistyped = json!({"S": {"allOf": [{"type": "object",
            "properties": {"p": {"type": "boolean", "default": "no"}}}]}});
        assert_eq!(dropped(mistyped).len(), 1);
        // An enum is checked wherever it is: it is a type of its own.
        let enum_required = json!({"S": {"type": "object", "required": ["p"],
            "properties": {"p": {"type": "string", "enum": ["a"], "default": "b"}}}});
        assert_eq!(dropped(enum_required).len(), 1);
    }

    #[test]
    fn object_defaults_follow_the_struct() {
        let config = json!({"type": "object", "required": ["mode"],
            "properties": {"mode": {"type": "string", "enum": ["fast", "slow"]},
                           "level": {"type": "integer"}}});
        for (default, misfit) in [
            (json!({"mode": "fast"}), None),
            (json!({"mode": "fast", "level": null}), None),
            (json!({"level": 1}), Some(Misfit::MissingRequired)),
            (
                json!({"mode": "fast", "other": 1}),
                Some(Misfit::UnknownProperty),
            ),
            (json!({"mode": "quick"}), Some(Misfit::NotInEnum)),
            (json!("fast"), Some(Misfit::NotA("an object"))),
        ] {
            let mut schema = config.clone();
            schema["default"] = default.clone();
            let found = skips(property(schema));
            let expected = misfit
                .map(|misfit| {
                    (
                        "#/components/schemas/S/properties/p/default".to_owned(),
                        misfit.what(),
                    )
                })
                .into_iter()
                .collect::<Vec<_>>();
            assert_eq!(found, expected, "{default}");
        }
    }

    #[test]
    fn arrays_check_items_length_and_uniqueness() {
        for (schema, dropped_too) in [
            (
                json!({"type": "array", "items": {"type": "integer"}, "default": [1, "2"]}),
                true,
            ),
            (
                json!({"type": "array", "items": {"type": "integer"}, "default": [1, 2]}),
                false,
            ),
            (
                json!({"type": "array", "uniqueItems": true, "default": [1, 1]}),
                true,
            ),
            (
                json!({"type": "array", "minItems": 2, "maxItems": 2, "default": [1]}),
                true,
            ),
            (json!({"type": "array", "default": "a"}), true),
        ] {
            let found = dropped(property(schema.clone()));
            assert_eq!(found.len(), usize::from(dropped_too), "{schema}: {found:?}");
        }
    }
}
