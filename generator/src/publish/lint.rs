//! `lint`: the publishing rules a spec must meet before partners receive it, each finding
//! located by file and JSON pointer. The rules are those of `specs/CONVENTIONS.md` that a
//! machine can check; `openapi-spec-validator` and Redocly check OpenAPI itself.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, Pointer, Result};
use crate::spec::tree::{self, SchemaSite};
use crate::spec::{self, Spec};
use crate::workspace;

/// One publishing rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// `info.version` is a semantic version (`diff` compares them).
    InfoVersion,
    /// Root `servers` lists at least one server.
    Servers,
    /// Root `security` applies declared `securitySchemes`; every requirement names one.
    Security,
    /// Every operation has a unique lowerCamelCase `operationId`.
    OperationId,
    OperationSummary,
    OperationDescription,
    /// At least one 4xx/5xx response per operation.
    ErrorResponse,
    /// At least one request or response example per operation.
    OperationExample,
    /// Objects with properties are named `components.schemas` entries, `$ref`'d elsewhere.
    InlineObject,
    /// Every named schema and every property has a `description`.
    Description,
    /// Schema and property descriptions are in English.
    English,
    /// Every example validates against its schema.
    ExampleValid,
    /// Every `x-enum-varnames`/`x-enum-descriptions` fits its `enum` (`generate` would
    /// leave a misfit out, a skip).
    EnumNames,
    /// Root `x-doc-notes` records the vendor-document decisions; entries are complete and
    /// their pointers resolve.
    DocNotes,
}

impl Rule {
    pub const ALL: [Rule; 14] = [
        Rule::InfoVersion,
        Rule::Servers,
        Rule::Security,
        Rule::OperationId,
        Rule::OperationSummary,
        Rule::OperationDescription,
        Rule::ErrorResponse,
        Rule::OperationExample,
        Rule::InlineObject,
        Rule::Description,
        Rule::English,
        Rule::ExampleValid,
        Rule::EnumNames,
        Rule::DocNotes,
    ];

    /// The kebab-case name shown in findings.
    pub fn name(self) -> &'static str {
        match self {
            Rule::InfoVersion => "info-version",
            Rule::Servers => "servers",
            Rule::Security => "security",
            Rule::OperationId => "operation-id",
            Rule::OperationSummary => "operation-summary",
            Rule::OperationDescription => "operation-description",
            Rule::ErrorResponse => "error-response",
            Rule::OperationExample => "operation-example",
            Rule::InlineObject => "inline-object",
            Rule::Description => "description",
            Rule::English => "english",
            Rule::ExampleValid => "example-valid",
            Rule::EnumNames => "enum-names",
            Rule::DocNotes => "doc-notes",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A broken rule and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub file: std::path::PathBuf,
    pub pointer: Pointer,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}{}: {} [{}]",
            self.file.display(),
            self.pointer,
            self.message,
            self.rule
        )
    }
}

/// Lints the given spec files (relative to `root`), or every `specs/*.yaml` when empty.
/// A spec that does not even parse fails the whole run with its location.
pub fn lint_files(root: &Path, files: &[std::path::PathBuf]) -> Result<Vec<Finding>> {
    let files = if files.is_empty() {
        workspace::spec_files(root)?
    } else {
        files.to_vec()
    };
    let mut findings = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match spec::load(root, &file) {
            Ok(spec) => findings.extend(lint(&spec)),
            Err(err) => errors.push(err),
        }
    }
    match errors.len() {
        0 => Ok(findings),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Many(errors)),
    }
}

/// Every finding of one parsed spec, in rule order.
pub fn lint(spec: &Spec) -> Vec<Finding> {
    let mut lint = Linter {
        spec,
        root: &spec.json,
        findings: Vec::new(),
    };
    lint.info_version();
    lint.servers();
    lint.security();
    lint.operations();
    lint.schemas();
    lint.examples();
    for (pointer, reason) in crate::codegen::code_list_misfits(spec) {
        lint.report(Rule::EnumNames, pointer, reason);
    }
    lint.doc_notes();
    lint.findings.sort_by_key(|finding| finding.rule);
    lint.findings
}

struct Linter<'a> {
    spec: &'a Spec,
    root: &'a Value,
    findings: Vec<Finding>,
}

fn text<'v>(node: &'v Value, key: &str) -> Option<&'v str> {
    node.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

impl Linter<'_> {
    fn report(&mut self, rule: Rule, pointer: Pointer, message: impl Into<String>) {
        self.findings.push(Finding {
            rule,
            file: self.spec.file.clone(),
            pointer,
            message: message.into(),
        });
    }

    fn info_version(&mut self) {
        let at = Pointer::from_tokens(["info", "version"]);
        match self
            .root
            .pointer(at.as_json_pointer())
            .and_then(Value::as_str)
        {
            Some(version) if semver::Version::parse(version).is_ok() => {}
            Some(version) => self.report(
                Rule::InfoVersion,
                at,
                format!("info.version {version:?} is not a semantic version (MAJOR.MINOR.PATCH)"),
            ),
            None => self.report(Rule::InfoVersion, at, "info.version is missing"),
        }
    }

    fn servers(&mut self) {
        let declared = self
            .root
            .get("servers")
            .and_then(Value::as_array)
            .is_some_and(|servers| servers.iter().any(|server| text(server, "url").is_some()));
        if !declared {
            self.report(
                Rule::Servers,
                Pointer::from_tokens(["servers"]),
                "no servers declared: list every host the vendor document names",
            );
        }
    }

    fn security(&mut self) {
        let schemes = self
            .root
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object);
        if schemes.is_none_or(Map::is_empty) {
            self.report(
                Rule::Security,
                Pointer::from_tokens(["components", "securitySchemes"]),
                "no security schemes declared",
            );
        }
        match self.root.get("security").and_then(Value::as_array) {
            Some(requirements) if !requirements.is_empty() => {}
            _ => self.report(
                Rule::Security,
                Pointer::from_tokens(["security"]),
                "no root security requirement: say how every operation authenticates \
                 (operations that need none say `security: []`)",
            ),
        }
        let mut sites = vec![(self.root, Pointer::root())];
        sites.extend(
            tree::operations(self.root)
                .into_iter()
                .map(|operation| (operation.node, operation.pointer)),
        );
        for (owner, at) in sites {
            let Some(Value::Array(requirements)) = owner.get("security") else {
                continue;
            };
            for (index, requirement) in requirements.iter().enumerate() {
                for name in requirement.as_object().into_iter().flat_map(Map::keys) {
                    if !schemes.is_some_and(|schemes| schemes.contains_key(name)) {
                        let at = at.join("security").join(&index.to_string()).join(name);
                        self.report(
                            Rule::Security,
                            at,
                            format!("security requirement names undeclared scheme {name:?}"),
                        );
                    }
                }
            }
        }
    }

    fn operations(&mut self) {
        let mut seen: BTreeMap<String, Pointer> = BTreeMap::new();
        for operation in tree::operations(self.root) {
            let at = &operation.pointer;
            let label = operation.label();
            match text(operation.node, "operationId") {
                None => self.report(
                    Rule::OperationId,
                    at.clone(),
                    format!("{label} has no operationId"),
                ),
                Some(id) => {
                    if !is_lower_camel_case(id) {
                        self.report(
                            Rule::OperationId,
                            at.join("operationId"),
                            format!("operationId {id:?} is not lowerCamelCase"),
                        );
                    }
                    if let Some(first) = seen.insert(id.to_owned(), at.clone()) {
                        self.report(
                            Rule::OperationId,
                            at.join("operationId"),
                            format!("operationId {id:?} is also used by {first}"),
                        );
                    }
                }
            }
            if text(operation.node, "summary").is_none() {
                self.report(
                    Rule::OperationSummary,
                    at.clone(),
                    format!("{label} has no summary"),
                );
            }
            if text(operation.node, "description").is_none() {
                self.report(
                    Rule::OperationDescription,
                    at.clone(),
                    format!("{label} has no description"),
                );
            }
            let responses = operation.node.get("responses").and_then(Value::as_object);
            let has_error = responses.is_some_and(|responses| {
                responses.keys().any(|status| {
                    let status = status.as_bytes();
                    status.len() == 3 && matches!(status[0], b'4' | b'5')
                })
            });
            if !has_error {
                self.report(
                    Rule::ErrorResponse,
                    at.join("responses"),
                    format!("{label} documents no error (4xx/5xx) response"),
                );
            }
            if !self.has_example(&operation) {
                self.report(
                    Rule::OperationExample,
                    at.clone(),
                    format!("{label} has no request or response example"),
                );
            }
        }
    }

    fn has_example(&self, operation: &tree::Operation<'_>) -> bool {
        let root = self.root;
        let mut holders: Vec<(&Value, Pointer)> = operation.parameters(root);
        let mut bodies = Vec::new();
        if let Some(body) = operation.node.get("requestBody") {
            bodies.extend(tree::resolve(
                root,
                body,
                operation.pointer.join("requestBody"),
            ));
        }
        if let Some(Value::Object(responses)) = operation.node.get("responses") {
            for (status, response) in responses {
                let at = operation.pointer.join("responses").join(status);
                bodies.extend(tree::resolve(root, response, at));
            }
        }
        for (body, at) in bodies {
            if let Some(Value::Object(content)) = body.get("content") {
                for (media, holder) in content {
                    holders.push((holder, at.join("content").join(media)));
                }
            }
        }
        holders
            .iter()
            .any(|(holder, at)| !tree::examples_of(root, holder, at).is_empty())
    }

    fn schemas(&mut self) {
        let mut found = Vec::new();
        tree::visit_schemas(self.root, &mut |schema, at, site| {
            if schema.get("$ref").is_some() {
                return;
            }
            let has_properties = schema
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|properties| !properties.is_empty());
            let bare_object = schema.get("type").and_then(Value::as_str) == Some("object")
                && schema.get("additionalProperties").is_none()
                && schema.get("allOf").is_none()
                && schema.get("oneOf").is_none()
                && schema.get("anyOf").is_none();
            if site != SchemaSite::Named
                && !is_named_composition_member(at)
                && (has_properties || bare_object)
            {
                found.push((
                    Rule::InlineObject,
                    at.clone(),
                    "anonymous inline object schema: move it to components.schemas and $ref it"
                        .to_owned(),
                ));
            }
            let described = text(schema, "description");
            if matches!(site, SchemaSite::Named | SchemaSite::Property) && described.is_none() {
                let what = if site == SchemaSite::Named {
                    "schema"
                } else {
                    "property"
                };
                found.push((
                    Rule::Description,
                    at.clone(),
                    format!("{what} has no description"),
                ));
            }
            if let (Some(description), SchemaSite::Named | SchemaSite::Property) = (described, site)
            {
                if let Some(language) = foreign_language(description) {
                    found.push((
                        Rule::English,
                        at.join("description"),
                        format!("description reads as {language}, not English: {description:?}"),
                    ));
                }
            }
        });
        for (rule, at, message) in found {
            self.report(rule, at, message);
        }
    }

    fn examples(&mut self) {
        let definitions = json_schema_definitions(self.root);
        let mut found = Vec::new();
        for example in tree::examples(self.root) {
            let mut schema = json_schema(example.schema);
            if let Value::Object(map) = &mut schema {
                map.insert("definitions".into(), definitions.clone());
            }
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .should_validate_formats(true)
                .build(&schema);
            let validator = match validator {
                Ok(validator) => validator,
                Err(err) => {
                    found.push((
                        example.schema_pointer.clone(),
                        format!("the schema of this example cannot be used to validate: {err}"),
                    ));
                    continue;
                }
            };
            for error in validator.iter_errors(example.value) {
                let within = error.instance_path().as_str().to_owned();
                let within = if within.is_empty() {
                    String::new()
                } else {
                    format!(" at {within}")
                };
                found.push((
                    example.pointer.clone(),
                    format!(
                        "example does not match its schema ({}){within}: {error}",
                        example.schema_pointer
                    ),
                ));
            }
        }
        for (at, message) in found {
            self.report(Rule::ExampleValid, at, message);
        }
    }

    fn doc_notes(&mut self) {
        let at = Pointer::from_tokens(["x-doc-notes"]);
        let Some(notes) = self.root.get("x-doc-notes") else {
            self.report(
                Rule::DocNotes,
                at,
                "no x-doc-notes: record every vendor-document discrepancy you decided on \
                 (an empty list states there is none)",
            );
            return;
        };
        let Some(notes) = notes.as_array() else {
            self.report(Rule::DocNotes, at, "x-doc-notes must be a list");
            return;
        };
        for (index, note) in notes.iter().enumerate() {
            let note_at = at.join(&index.to_string());
            for key in ["pointer", "doc", "decision"] {
                if text(note, key).is_none() {
                    self.report(
                        Rule::DocNotes,
                        note_at.clone(),
                        format!("doc note lacks `{key}`"),
                    );
                }
            }
            if let Some(pointer) = text(note, "pointer") {
                // `#/…` is the URI-fragment form `$ref`s use (percent-encoded, `%23` for a
                // `#` in a path key); `/…` is a plain JSON pointer.
                let resolves = match pointer.strip_prefix('#') {
                    Some(_) => tree::ref_pointer(pointer)
                        .is_some_and(|at| self.root.pointer(at.as_json_pointer()).is_some()),
                    None => pointer.starts_with('/') && self.root.pointer(pointer).is_some(),
                };
                if !resolves {
                    self.report(
                        Rule::DocNotes,
                        note_at.join("pointer"),
                        format!("doc note pointer {pointer:?} does not resolve in this spec"),
                    );
                }
            }
        }
    }
}

/// `components/schemas/<name>/allOf/<i>`: a member of a named schema's composition
/// (`allOf: [$ref Base, {properties: …}]`) is part of that named schema, not anonymous.
fn is_named_composition_member(at: &Pointer) -> bool {
    let tokens: Vec<&str> = at.as_json_pointer().split('/').collect();
    matches!(
        tokens.as_slice(),
        ["", "components", "schemas", _, "allOf", _]
    )
}

fn is_lower_camel_case(id: &str) -> bool {
    id.chars()
        .next()
        .is_some_and(|first| first.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The language a description is written in when it is reliably not English. Short texts
/// and code-heavy ones are not judged: only prose of five words or more that the detector
/// is sure about.
fn foreign_language(description: &str) -> Option<&'static str> {
    // Backticked code and wire names say nothing about the prose language, nor do quoted
    // vendor words and messages (`e.g. "Utente non Accreditato"`): English descriptions
    // quote the vendor's Italian, Polish or Romanian.
    let prose = outside(description, '`', '`');
    let prose = outside(&prose, '"', '"');
    let prose = outside(&prose, '\u{201c}', '\u{201d}');
    let prose = outside(&prose, '\u{201e}', '\u{201d}');
    let prose = outside(&prose, '\u{ab}', '\u{bb}');
    let words = prose
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphabetic))
        .count();
    if words < 5 {
        return None;
    }
    let info = whatlang::detect(&prose)?;
    (info.is_reliable() && info.lang() != whatlang::Lang::Eng).then(|| info.lang().eng_name())
}

/// `text` without the spans between `open` and `close` (an unclosed span runs to the end).
fn outside(text: &str, open: char, close: char) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        if inside {
            if c == close {
                inside = false;
                kept.push(' ');
            }
        } else if c == open {
            inside = true;
            kept.push(' ');
        } else {
            kept.push(c);
        }
    }
    kept
}

/// `components.schemas`, as JSON Schema draft 4 `definitions`.
fn json_schema_definitions(root: &Value) -> Value {
    let schemas = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| {
            schemas
                .iter()
                .map(|(name, schema)| (name.clone(), json_schema(schema)))
                .collect::<Map<_, _>>()
        })
        .unwrap_or_default();
    Value::Object(schemas)
}

/// An OpenAPI 3.0 schema as JSON Schema draft 4 (which it extends): `nullable: true` adds
/// `null` to `type` and `enum` (an untyped composition accepts `null` beside it), `$ref`s
/// to components become `#/definitions/…`. The OpenAPI-only keywords (`example`,
/// `discriminator`, `x-…`) are annotations a validator ignores.
pub fn json_schema(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    let nullable = map.get("nullable") == Some(&Value::Bool(true));
    for (key, value) in map {
        let converted = match key.as_str() {
            "nullable" => continue,
            "$ref" => match value.as_str() {
                Some(reference) => {
                    Value::String(reference.replacen("#/components/schemas/", "#/definitions/", 1))
                }
                None => value.clone(),
            },
            "type" if nullable => match value {
                Value::String(kind) => Value::Array(vec![kind.clone().into(), "null".into()]),
                other => other.clone(),
            },
            "enum" if nullable => {
                let mut values = value.as_array().cloned().unwrap_or_default();
                if !values.contains(&Value::Null) {
                    values.push(Value::Null);
                }
                Value::Array(values)
            }
            "properties" | "patternProperties" => match value {
                Value::Object(properties) => Value::Object(
                    properties
                        .iter()
                        .map(|(name, property)| (name.clone(), json_schema(property)))
                        .collect(),
                ),
                other => other.clone(),
            },
            "items" | "additionalProperties" | "not" => json_schema(value),
            "allOf" | "anyOf" | "oneOf" => match value {
                Value::Array(members) => Value::Array(members.iter().map(json_schema).collect()),
                other => other.clone(),
            },
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    let composed = ["allOf", "anyOf", "oneOf", "not"]
        .iter()
        .any(|key| map.contains_key(*key));
    if nullable && composed && !map.contains_key("type") {
        // `nullable: true, allOf: [$ref]` is how OpenAPI 3.0 writes a nullable reference;
        // progenitor reads it as "null or the composition", so the examples may send null.
        return serde_json::json!({"anyOf": [{"type": "null"}, out]});
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nullable_becomes_a_null_type_and_enum_member() {
        let schema = json!({"type": "string", "nullable": true, "enum": ["A"],
            "properties": {"x": {"$ref": "#/components/schemas/X"}}});
        assert_eq!(
            json_schema(&schema),
            json!({"type": ["string", "null"], "enum": ["A", null],
                "properties": {"x": {"$ref": "#/definitions/X"}}})
        );
    }

    #[test]
    fn a_nullable_composition_also_accepts_null() {
        let schema = json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/X"}]});
        assert_eq!(
            json_schema(&schema),
            json!({"anyOf": [{"type": "null"}, {"allOf": [{"$ref": "#/definitions/X"}]}]})
        );
    }

    #[test]
    fn quoted_vendor_words_are_not_prose() {
        assert_eq!(
            foreign_language(
                "Error message in Italian, e.g. \"Utente non Accreditato\" or \"Errore \
                 durante la creazione del preventivo\"."
            ),
            None
        );
        assert_eq!(
            foreign_language(
                "Failure message, e.g. \u{201e}Brak wymaganych warto\u{15b}ci w dokumencie\u{201d}."
            ),
            None
        );
    }

    #[test]
    fn language_is_judged_only_on_enough_prose() {
        assert_eq!(foreign_language("Vehicle id in the DMS."), None);
        assert_eq!(
            foreign_language(
                "Data di immatricolazione del veicolo, se disponibile nel gestionale."
            ),
            Some("Italian")
        );
        assert_eq!(
            foreign_language("Registration date of the vehicle, when the DMS knows it."),
            None
        );
    }
}
