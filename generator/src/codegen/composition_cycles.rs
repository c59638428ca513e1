//! `allOf` members that compose the schema holding them: the "oneOf inheritance" pattern.
//!
//! A base schema lists its variants (`oneOf: [EC, RSA]`) and each variant inherits the
//! base (`EC: {allOf: [Base], properties: …}`); Okta's and many generated documents are
//! written so. To merge `EC`'s `allOf`, typify merges all of `Base`, its `oneOf` too, which
//! holds `EC` again: it recurses until the stack overflows, and the process aborts. What
//! a variant inherits is the base's own fields, not the choice among its variants, so the
//! codegen copy gives the base a twin without `oneOf`/`anyOf` (and their `discriminator`),
//! `<Base>Fields`, and points the variants' `allOf` at it. Every field stays typed; the base
//! stays the choice of its variants.
//!
//! A cycle of `allOf` alone (`A: {allOf: [B]}`, `B: {allOf: [A]}`) says nothing a type can
//! be, and is refused at the member that closes it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::error::{Error, Pointer, Result};
use crate::spec::{tree, Spec};

use super::naming::{comparable, free_name};

const COMPOSITIONS: [&str; 3] = ["allOf", "oneOf", "anyOf"];

/// `json` with every `allOf` member that composes its own holder pointed at the member's
/// fields; `None` when no member does.
pub fn break_cycles(spec: &Spec, json: &Value) -> Result<Option<Value>> {
    let Some(schemas) = json
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Ok(None);
    };
    let graph = Graph::of(schemas, |_| true);
    // (holder, allOf index, base) for every member whose base reaches the holder again.
    let cyclic = schemas
        .keys()
        .flat_map(|holder| {
            members(schemas, holder, "allOf")
                .into_iter()
                .filter(|(_, base)| graph.reaches(base, holder))
                .map(|(index, base)| (holder.clone(), index, base))
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>();
    if cyclic.is_empty() {
        return Ok(None);
    }
    let mut copy = json.clone();
    let schemas = copy
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .expect("components.schemas was read above");
    let mut taken = schemas
        .keys()
        .map(|name| comparable(name))
        .collect::<BTreeSet<_>>();
    let mut fields = BTreeMap::new();
    for (holder, index, base) in cyclic {
        let twin = match fields.get(&base) {
            Some(twin) => twin,
            None => {
                let name = free_name(&format!("{base}Fields"), &mut taken);
                let mut twin = schemas[&base].as_object().cloned().unwrap_or_default();
                for keyword in ["oneOf", "anyOf", "discriminator", "title"] {
                    twin.remove(keyword);
                }
                schemas.insert(name.clone(), Value::Object(twin));
                fields.entry(base.clone()).or_insert(name)
            }
        };
        let reference = format!("#/components/schemas/{twin}");
        if let Some(member) = schemas
            .get_mut(&holder)
            .and_then(|schema| schema.get_mut("allOf"))
            .and_then(|members| members.get_mut(index))
        {
            *member = serde_json::json!({ "$ref": reference });
        }
    }
    refuse_allof_cycles(spec, schemas)?;
    Ok(Some(copy))
}

/// A cycle left after the twins is one of `allOf` alone.
fn refuse_allof_cycles(spec: &Spec, schemas: &Map<String, Value>) -> Result<()> {
    let graph = Graph::of(schemas, |keyword| keyword == "allOf");
    let problems = schemas
        .keys()
        .flat_map(|holder| {
            members(schemas, holder, "allOf")
                .into_iter()
                .filter(|(_, base)| graph.reaches(base, holder))
                .map(|(index, _)| Error::Unsupported {
                    file: spec.file.clone(),
                    pointer: Pointer::from_tokens([
                        "components",
                        "schemas",
                        holder,
                        "allOf",
                        &index.to_string(),
                    ]),
                    construct: "an `allOf` cycle: the schema is made of itself".into(),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    Error::from_problems(problems)
}

/// The component edges of `allOf`/`oneOf`/`anyOf` members that are `$ref`s.
struct Graph(BTreeMap<String, BTreeSet<String>>);

impl Graph {
    fn of(schemas: &Map<String, Value>, follows: impl Fn(&str) -> bool) -> Graph {
        Graph(
            schemas
                .keys()
                .map(|name| {
                    let targets = COMPOSITIONS
                        .into_iter()
                        .filter(|keyword| follows(keyword))
                        .flat_map(|keyword| members(schemas, name, keyword))
                        .map(|(_, target)| target)
                        .collect();
                    (name.clone(), targets)
                })
                .collect(),
        )
    }

    /// Whether `to` is `from` or is reached from it.
    fn reaches(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut next = vec![from.to_owned()];
        while let Some(name) = next.pop() {
            if name == to {
                return true;
            }
            if seen.insert(name.clone()) {
                next.extend(self.0.get(&name).into_iter().flatten().cloned());
            }
        }
        false
    }
}

/// The members of `schemas[name][keyword]` that are `$ref`s to components: (index, name).
fn members(schemas: &Map<String, Value>, name: &str, keyword: &str) -> Vec<(usize, String)> {
    schemas
        .get(name)
        .and_then(|schema| schema.get(keyword))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(index, member)| {
            let target = tree::component_schema(member.get("$ref")?.as_str()?)?;
            schemas.contains_key(&target).then_some((index, target))
        })
        .collect()
}
