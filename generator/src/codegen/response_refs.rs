//! Response `$ref`s to something other than `components/responses`.
//!
//! PagerDuty's REST description answers two operations with
//! `$ref: '#/components/requestBodies/OrchestrationCacheVariableDataPutResponse'`: a
//! request body object, which has a response's `description` and `content`. progenitor
//! and `codegen::responses` look response references up in `components.responses` only, so
//! the codegen copy puts a copy of such a target there, under its own name made unique, and
//! points the reference at it. What the target says is kept whole.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::spec::tree;

use super::naming::{comparable, free_name};

/// `json` with every operation's response `$ref` designating `components/responses`;
/// `None` when each already does.
pub fn to_responses(json: &Value) -> Option<Value> {
    let mut targets = BTreeMap::new();
    for operation in tree::operations(json) {
        let Some(Value::Object(responses)) = operation.node.get("responses") else {
            continue;
        };
        for (status, response) in responses {
            let Some(reference) = response.get("$ref").and_then(Value::as_str) else {
                continue;
            };
            let target = tree::ref_pointer(reference);
            let elsewhere = target.as_ref().is_some_and(|target| {
                let tokens = target.tokens().collect::<Vec<_>>();
                !(tokens.len() == 3 && tokens[0] == "components" && tokens[1] == "responses")
            });
            let found = target.and_then(|target| json.pointer(target.as_json_pointer()).cloned());
            if let (true, Some(found @ Value::Object(_))) = (elsewhere, found) {
                let at = operation.pointer.join("responses").join(status);
                targets.insert(at, (reference.to_owned(), found));
            }
        }
    }
    if targets.is_empty() {
        return None;
    }
    let mut copy = json.clone();
    let mut taken = copy
        .pointer("/components/responses")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|responses| responses.keys())
        .map(|name| comparable(name))
        .collect::<BTreeSet<_>>();
    let mut named = BTreeMap::new();
    for (at, (reference, target)) in targets {
        let name = named
            .entry(reference.clone())
            .or_insert_with(|| {
                let base = reference
                    .rsplit('/')
                    .next()
                    .unwrap_or("Response")
                    .to_owned();
                free_name(&base, &mut taken)
            })
            .clone();
        if let Some(root) = copy.as_object_mut() {
            let components = root.entry("components").or_insert_with(|| json!({}));
            if let Some(components) = components.as_object_mut() {
                let responses = components.entry("responses").or_insert_with(|| json!({}));
                if let Some(responses) = responses.as_object_mut() {
                    responses.entry(name.clone()).or_insert(target);
                }
            }
        }
        if let Some(slot) = copy.pointer_mut(at.as_json_pointer()) {
            *slot = json!({ "$ref": format!("#/components/responses/{name}") });
        }
    }
    Some(copy)
}
