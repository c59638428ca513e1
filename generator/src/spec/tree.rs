//! Walking the JSON tree of an OpenAPI 3.0 document: operations, local `$ref`s and every
//! place a schema or an example can sit. Shared by `lint`, `diff`, `changelog` and the
//! codegen checks, which all report JSON pointers into the document.

use serde_json::Value;

use crate::error::Pointer;

/// The HTTP methods a path item can hold, in the order OpenAPI lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of `paths`.
pub struct Operation<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub pointer: Pointer,
    pub node: &'a Value,
    pub path_item: &'a Value,
}

impl Operation<'_> {
    /// `POST /SiS/Stock`: how reports name an operation.
    pub fn label(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }

    pub fn operation_id(&self) -> Option<&str> {
        self.node.get("operationId").and_then(Value::as_str)
    }

    /// Path-item parameters overridden by the operation's own (same `name` and `in`),
    /// resolved, each with the pointer of its definition.
    pub fn parameters<'r>(&self, root: &'r Value) -> Vec<(&'r Value, Pointer)>
    where
        Self: 'r,
    {
        self.parameter_entries(root)
            .into_iter()
            .map(|(parameter, at, _)| (parameter, at))
            .collect()
    }

    /// [`Operation::parameters`], each also with the pointer of its entry in a
    /// `parameters` list (the `$ref`, for a referenced one).
    pub fn parameter_entries<'r>(&self, root: &'r Value) -> Vec<(&'r Value, Pointer, Pointer)>
    where
        Self: 'r,
    {
        let mut found: Vec<(&Value, Pointer, Pointer)> = Vec::new();
        let path_at = Pointer::from_tokens(["paths", self.path]);
        let sources = [
            (self.path_item, path_at.clone()),
            (self.node, self.pointer.clone()),
        ];
        for (owner, owner_at) in sources {
            let Some(Value::Array(list)) = owner.get("parameters") else {
                continue;
            };
            for (index, parameter) in list.iter().enumerate() {
                let entry = owner_at.join("parameters").join(&index.to_string());
                let Some((parameter, at)) = resolve(root, parameter, entry.clone()) else {
                    continue;
                };
                let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
                found.retain(|(existing, _, _)| key(existing) != key(parameter));
                found.push((parameter, at, entry));
            }
        }
        found
    }
}

/// Every operation, in document order.
pub fn operations(root: &Value) -> Vec<Operation<'_>> {
    let Some(Value::Object(paths)) = root.get("paths") else {
        return Vec::new();
    };
    let mut operations = Vec::new();
    for (path, item) in paths {
        let Value::Object(methods) = item else {
            continue;
        };
        for (method, node) in methods {
            if METHODS.contains(&method.as_str()) {
                operations.push(Operation {
                    path,
                    method,
                    pointer: Pointer::from_tokens(["paths", path.as_str(), method.as_str()]),
                    node,
                    path_item: item,
                });
            }
        }
    }
    operations
}

/// The pointer a local `$ref` (`#/components/schemas/X`) designates, or `None` for a
/// non-local reference.
pub fn ref_pointer(reference: &str) -> Option<Pointer> {
    let fragment = crate::spec::percent_decode(reference.strip_prefix('#')?);
    (fragment.is_empty() || fragment.starts_with('/'))
        .then(|| Pointer::from_json_pointer(&fragment))
}

/// The name of the `components/schemas` entry a local `$ref` designates, if it designates
/// one (`#/components/schemas/Pet` → `Pet`; not `#/components/schemas/Pet/properties/id`).
pub fn component_schema(reference: &str) -> Option<String> {
    let tokens = ref_pointer(reference)?.tokens().collect::<Vec<_>>();
    match <[String; 3]>::try_from(tokens) {
        Ok([components, schemas, name]) if components == "components" && schemas == "schemas" => {
            Some(name)
        }
        _ => None,
    }
}

/// Follows `$ref` chains from `node` (found at `at`). `None` when a reference does not
/// resolve or loops.
pub fn resolve<'a>(root: &'a Value, node: &'a Value, at: Pointer) -> Option<(&'a Value, Pointer)> {
    let (mut node, mut at) = (node, at);
    for _ in 0..32 {
        let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
            return Some((node, at));
        };
        at = ref_pointer(reference)?;
        node = root.pointer(at.as_json_pointer())?;
    }
    None
}

/// Where a schema sits, which decides what the rules expect of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaSite {
    /// `components/schemas/<name>`.
    Named,
    /// A value of a `properties` map.
    Property,
    /// Directly under a media type, parameter or header (`schema:`).
    Body,
    /// `items`, `additionalProperties`, `allOf`/`anyOf`/`oneOf` members, `not`.
    Nested,
}

/// Calls `visit` on every schema of the document (the `$ref` nodes included, but not
/// followed), with its location. Example values and `x-` extensions are not entered.
pub fn visit_schemas<'a>(root: &'a Value, visit: &mut dyn FnMut(&'a Value, &Pointer, SchemaSite)) {
    walk_document(root, &Pointer::root(), visit);
}

fn walk_document<'a>(
    node: &'a Value,
    at: &Pointer,
    visit: &mut dyn FnMut(&'a Value, &Pointer, SchemaSite),
) {
    match node {
        Value::Object(map) => {
            let is_components = at.as_json_pointer() == "/components";
            for (key, child) in map {
                let child_at = at.join(key);
                if key.starts_with("x-") || key == "example" || key == "examples" {
                    continue;
                }
                if is_components && key == "schemas" {
                    if let Value::Object(schemas) = child {
                        for (name, schema) in schemas {
                            walk_schema(schema, &child_at.join(name), SchemaSite::Named, visit);
                        }
                    }
                } else if key == "schema" {
                    walk_schema(child, &child_at, SchemaSite::Body, visit);
                } else {
                    walk_document(child, &child_at, visit);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                walk_document(child, &at.join(&index.to_string()), visit);
            }
        }
        _ => {}
    }
}

fn walk_schema<'a>(
    node: &'a Value,
    at: &Pointer,
    site: SchemaSite,
    visit: &mut dyn FnMut(&'a Value, &Pointer, SchemaSite),
) {
    visit(node, at, site);
    if node.get("$ref").is_some() {
        return;
    }
    if let Some(Value::Object(properties)) = node.get("properties") {
        for (name, property) in properties {
            let property_at = at.join("properties").join(name);
            walk_schema(property, &property_at, SchemaSite::Property, visit);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child @ Value::Object(_)) = node.get(key) {
            walk_schema(child, &at.join(key), SchemaSite::Nested, visit);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = node.get(key) {
            for (index, member) in members.iter().enumerate() {
                let member_at = at.join(key).join(&index.to_string());
                walk_schema(member, &member_at, SchemaSite::Nested, visit);
            }
        }
    }
}

/// An example value and the schema it illustrates.
pub struct Example<'a> {
    /// Where the value is (`…/examples/insert/value`, `…/example`).
    pub pointer: Pointer,
    pub value: &'a Value,
    /// The schema (possibly a `$ref`) and where it is.
    pub schema: &'a Value,
    pub schema_pointer: Pointer,
}

/// Every example of the document: those of media types, parameters and headers
/// (`example`, and `examples` entries including `$ref`'d ones), and schema-level `example`s.
pub fn examples(root: &Value) -> Vec<Example<'_>> {
    let mut found = Vec::new();
    collect_examples(root, root, &Pointer::root(), &mut found);
    visit_schemas(root, &mut |schema, at, _| {
        if let Some(value) = schema.get("example") {
            found.push(Example {
                pointer: at.join("example"),
                value,
                schema,
                schema_pointer: at.clone(),
            });
        }
    });
    found
}

/// The examples held directly by one media type, parameter or header object.
pub fn examples_of<'a>(root: &'a Value, holder: &'a Value, at: &Pointer) -> Vec<Example<'a>> {
    let mut found = Vec::new();
    let Some(schema) = holder.get("schema") else {
        return found;
    };
    let schema_pointer = at.join("schema");
    if let Some(value) = holder.get("example") {
        found.push(Example {
            pointer: at.join("example"),
            value,
            schema,
            schema_pointer: schema_pointer.clone(),
        });
    }
    if let Some(Value::Object(examples)) = holder.get("examples") {
        for (name, example) in examples {
            let Some((example, example_at)) =
                resolve(root, example, at.join("examples").join(name))
            else {
                continue;
            };
            if let Some(value) = example.get("value") {
                found.push(Example {
                    pointer: example_at.join("value"),
                    value,
                    schema,
                    schema_pointer: schema_pointer.clone(),
                });
            }
        }
    }
    found
}

fn collect_examples<'a>(
    root: &'a Value,
    node: &'a Value,
    at: &Pointer,
    found: &mut Vec<Example<'a>>,
) {
    match node {
        Value::Object(map) => {
            found.extend(examples_of(root, node, at));
            for (key, child) in map {
                let skip = key.starts_with("x-")
                    || matches!(key.as_str(), "example" | "examples" | "schema")
                    || (at.as_json_pointer() == "/components" && key == "schemas");
                if !skip {
                    collect_examples(root, child, &at.join(key), found);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_examples(root, child, &at.join(&index.to_string()), found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refs_become_pointers() {
        let at = ref_pointer("#/paths/~1a%7Bid%7D/get").unwrap();
        assert_eq!(at.as_json_pointer(), "/paths/~1a{id}/get");
        assert!(ref_pointer("other.yaml#/x").is_none());
    }

    #[test]
    fn resolve_follows_chains_and_stops_on_loops() {
        let root =
            json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": 1, "l": {"$ref": "#/l"}});
        let (value, at) = resolve(&root, &root["a"], Pointer::from_tokens(["a"])).unwrap();
        assert_eq!((value, at.as_json_pointer()), (&json!(1), "/c"));
        assert!(resolve(&root, &root["l"], Pointer::from_tokens(["l"])).is_none());
    }
}
