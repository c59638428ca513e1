//! The examples of `specs/<api>.yaml` (the vendor document's requests and answers) and the
//! check that each decodes into the generated type of its schema. Shared by the loopback
//! tests (`tests/common`) and the crate's unit tests (`lib.rs`), which alone can name the
//! generated plumbing types (login bodies, envelopes).
#![allow(dead_code)]

/// One example found in a spec: where it is, the component schema it illustrates, its value.
pub struct SpecExample {
    pub pointer: String,
    pub schema: String,
    pub value: serde_json::Value,
}

/// The example at `pointer` in `specs/<api>.yaml` (the vendor document's request or answer).
pub fn spec_example(api: &str, pointer: &str) -> serde_json::Value {
    spec_examples(api)
        .into_iter()
        .find(|example| example.pointer == pointer)
        .unwrap_or_else(|| panic!("no example at {pointer} in specs/{api}.yaml"))
        .value
}

/// Every request and response example of `specs/<api>.yaml` whose schema is a `$ref` to a
/// component (the conventions require that of every body).
pub fn spec_examples(api: &str) -> Vec<SpecExample> {
    let file = format!("{}/specs/{api}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&file).unwrap();
    let spec: serde_json::Value = yaml_serde::from_str(&text).unwrap();
    let mut found = Vec::new();
    collect_examples(&spec, "", &mut found);
    found
}

fn collect_examples(node: &serde_json::Value, at: &str, found: &mut Vec<SpecExample>) {
    let serde_json::Value::Object(map) = node else {
        if let serde_json::Value::Array(items) = node {
            for (index, item) in items.iter().enumerate() {
                collect_examples(item, &format!("{at}/{index}"), found);
            }
        }
        return;
    };
    // A media type object: `schema` plus `example` or `examples`.
    if let Some(schema) = map
        .get("schema")
        .and_then(|schema| schema.get("$ref"))
        .and_then(|reference| reference.as_str())
    {
        let schema = schema.rsplit('/').next().unwrap().to_owned();
        if let Some(example) = map.get("example") {
            found.push(SpecExample {
                pointer: format!("{at}/example"),
                schema: schema.clone(),
                value: example.clone(),
            });
        }
        if let Some(serde_json::Value::Object(examples)) = map.get("examples") {
            for (name, example) in examples {
                if let Some(value) = example.get("value") {
                    found.push(SpecExample {
                        pointer: format!("{at}/examples/{name}"),
                        schema: schema.clone(),
                        value: value.clone(),
                    });
                }
            }
        }
    }
    for (key, child) in map {
        let key = key.replace('~', "~0").replace('/', "~1");
        collect_examples(child, &format!("{at}/{key}"), found);
    }
}

/// Checks, by schema name, that a JSON value decodes into the matching generated type.
pub type Decoders =
    std::collections::HashMap<&'static str, fn(serde_json::Value) -> Result<(), String>>;

/// Maps schema names to "does this JSON decode into the generated type" checks.
#[macro_export]
macro_rules! decoders {
    ($($name:ident => $ty:ty),* $(,)?) => {{
        let mut map: std::collections::HashMap<
            &'static str,
            fn(serde_json::Value) -> Result<(), String>,
        > = std::collections::HashMap::new();
        $(
            map.insert(stringify!($name), |value| {
                serde_json::from_value::<$ty>(value).map(|_| ()).map_err(|err| err.to_string())
            });
        )*
        map
    }};
}

/// Decodes every example of `api`'s spec with `decoders`; fails naming each example that
/// does not decode or whose schema has no decoder.
pub fn assert_examples_decode(api: &str, decoders: &Decoders) -> usize {
    let examples = spec_examples(api);
    let failures = examples
        .iter()
        .filter_map(|example| match decoders.get(example.schema.as_str()) {
            None => Some(format!(
                "{}: no decoder for schema {}",
                example.pointer, example.schema
            )),
            Some(decode) => decode(example.value.clone())
                .err()
                .map(|err| format!("{} ({}): {err}", example.pointer, example.schema)),
        })
        .collect::<Vec<_>>();
    assert!(
        failures.is_empty(),
        "examples that do not decode:\n{}",
        failures.join("\n")
    );
    examples.len()
}
