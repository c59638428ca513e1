//! The portable view of a spec: the same truth in a form partners' tools (openapi-generator's
//! clients, Prism, Spectral, Swagger UI, Redoc) put on the wire correctly. `bundle` writes it
//! to `dist/`; our own codegen keeps reading the typed view in `specs/`.
//!
//! Two constructs of the typed view are rewritten, nothing is dropped:
//!
//! - **Fragment path keys** (`/ws_quoparts.php#login`): several operations on one URL, chosen
//!   by a query key. openapi-generator appends the query after the fragment (nothing reaches
//!   the server) and Prism routes by path only, so the portable view puts them on the plain
//!   path. An operation alone on its method there moves unchanged. Operations sharing a
//!   method become one operation whose selector parameters are optional (exactly one is
//!   sent), whose object bodies are merged property by property (`oneOf` where they differ,
//!   so structural checks such as typescript-fetch's tell them apart) and whose
//!   `x-operations` lists every original operation with its selector and its own request and
//!   response schemas.
//! - **deepObject query parameters with documented keys** (`filter[paid]`): openapi-generator's
//!   Python client sends such objects as JSON. Each documented key also gets its own query
//!   parameter named `filter[paid]`; the object stays, described as the carrier of any other
//!   key.
//!
//! - **`x-enum-varnames`** (names for the Rust variants) is left out: openapi-generator's
//!   Python client writes the default of such an enum as `NUMBER_Month`, a member that does
//!   not exist, and the generated package fails to import. The wire values stay.
//!
//! `x-doc-notes` pointers into rewritten operations are rewritten with them.

use std::collections::BTreeMap;

use crate::spec::tree::METHODS;
use serde_json::{json, Map, Value};

/// The portable document, or what could not be made portable (a message and the JSON
/// pointer of the construct).
pub fn portable(document: &Value) -> Result<Value, (String, String)> {
    let mut document = document.clone();
    let moves = unfragment_paths(&mut document)?;
    explode_deep_objects(&mut document);
    remove_enum_varnames(&mut document);
    rewrite_doc_note_pointers(&mut document, &moves)?;
    Ok(document)
}

/// Where a pointer prefix went (`/paths/~1a#x/post` → `/paths/~1a/post`) and how example
/// names of merged operations were prefixed.
struct Move {
    from: String,
    to: String,
    example_prefix: Option<String>,
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unfragment_paths(document: &mut Value) -> Result<Vec<Move>, (String, String)> {
    let Some(paths) = document.get("paths").and_then(Value::as_object).cloned() else {
        return Ok(Vec::new());
    };
    if !paths.keys().any(|key| key.contains('#')) {
        return Ok(Vec::new());
    }
    // (plain path, method) → the operations that land there, in document order.
    let mut order: Vec<String> = Vec::new();
    let mut landing: BTreeMap<(String, String), Vec<(String, Value)>> = BTreeMap::new();
    let mut path_level: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for (key, item) in &paths {
        let plain = key.split('#').next().unwrap_or(key).to_owned();
        if !order.contains(&plain) {
            order.push(plain.clone());
        }
        let Some(item) = item.as_object() else {
            continue;
        };
        for (field, value) in item {
            if METHODS.contains(&field.as_str()) {
                landing
                    .entry((plain.clone(), field.clone()))
                    .or_default()
                    .push((key.clone(), value.clone()));
            } else {
                let fields = path_level.entry(plain.clone()).or_default();
                if fields.get(field).is_some_and(|seen| seen != value) {
                    return Err((
                        format!("path-level `{field}` differs between keys sharing {plain}"),
                        format!("/paths/{}/{field}", escape(key)),
                    ));
                }
                fields.insert(field.clone(), value.clone());
            }
        }
    }
    let mut moves = Vec::new();
    let mut new_paths = Map::new();
    for plain in &order {
        let mut item = path_level.remove(plain).unwrap_or_default();
        for method in METHODS {
            let Some(operations) = landing.remove(&(plain.clone(), method.to_owned())) else {
                continue;
            };
            let operation = if let [(key, operation)] = operations.as_slice() {
                moves.push(Move {
                    from: format!("/paths/{}/{method}", escape(key)),
                    to: format!("/paths/{}/{method}", escape(plain)),
                    example_prefix: None,
                });
                operation.clone()
            } else {
                let merged = merge(document, plain, method, &operations)?;
                for (key, operation) in &operations {
                    moves.push(Move {
                        from: format!("/paths/{}/{method}", escape(key)),
                        to: format!("/paths/{}/{method}", escape(plain)),
                        example_prefix: Some(operation_id(operation).to_owned()),
                    });
                }
                merged
            };
            item.insert(method.to_owned(), operation);
        }
        new_paths.insert(plain.clone(), Value::Object(item));
    }
    for key in paths.keys().filter(|key| key.contains('#')) {
        moves.push(Move {
            from: format!("/paths/{}", escape(key)),
            to: format!("/paths/{}", escape(key.split('#').next().unwrap_or(key))),
            example_prefix: None,
        });
    }
    document["paths"] = Value::Object(new_paths);
    Ok(moves)
}

fn operation_id(operation: &Value) -> &str {
    operation
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or("operation")
}

/// `importCustomers` + `importQuote` → `importCustomersOrQuote`: the common lowerCamelCase
/// prefix once, then each remainder.
fn merged_id(ids: &[&str]) -> String {
    let first = ids[0];
    let prefix = first
        .char_indices()
        .map(|(index, _)| index)
        .chain([first.len()])
        .filter(|&end| ids.iter().all(|id| id.starts_with(&first[..end])))
        .rfind(|&end| {
            ids.iter()
                .all(|id| id[end..].starts_with(|c: char| c.is_ascii_uppercase()))
        })
        .unwrap_or(0);
    let rests: Vec<String> = ids
        .iter()
        .enumerate()
        .map(|(index, id)| {
            let rest = &id[prefix..];
            if index == 0 && prefix == 0 {
                rest.to_owned()
            } else {
                let mut chars = rest.chars();
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            }
        })
        .collect();
    format!("{}{}", &first[..prefix], rests.join("Or"))
}

fn pascal(id: &str) -> String {
    let mut chars = id.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// The operation the portable view puts where `operations` (same plain path and method)
/// stood.
fn merge(
    document: &mut Value,
    plain: &str,
    method: &str,
    operations: &[(String, Value)],
) -> Result<Value, (String, String)> {
    let at = |key: &str, rest: &str| format!("/paths/{}/{method}{rest}", escape(key));
    let ids: Vec<&str> = operations.iter().map(|(_, op)| operation_id(op)).collect();
    let id = merged_id(&ids);
    for field in ["security", "servers", "deprecated", "callbacks"] {
        let first = operations[0].1.get(field);
        if let Some((key, _)) = operations.iter().find(|(_, op)| op.get(field) != first) {
            return Err((
                format!("operations sharing {method} {plain} differ in `{field}`"),
                at(key, ""),
            ));
        }
    }

    // Parameters: shared ones as they are; the others (the selectors) optional.
    let parameter_lists: Vec<Vec<Value>> = operations
        .iter()
        .map(|(_, op)| {
            op.get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    let mut parameters: Vec<Value> = Vec::new();
    let mut selectors: Vec<Vec<String>> = vec![Vec::new(); operations.len()];
    for (index, list) in parameter_lists.iter().enumerate() {
        for parameter in list {
            let resolved = resolve(document, parameter).clone();
            let name = resolved["name"].as_str().unwrap_or_default().to_owned();
            let location = resolved["in"].clone();
            let same = |other: &Value| {
                let other = resolve(document, other);
                other["name"] == resolved["name"] && other["in"] == location
            };
            let everywhere = parameter_lists
                .iter()
                .all(|list| list.iter().any(|p| same(p) && p == parameter));
            if everywhere {
                if !parameters.contains(parameter) {
                    parameters.push(parameter.clone());
                }
                continue;
            }
            if parameter_lists
                .iter()
                .enumerate()
                .any(|(other, list)| other != index && list.iter().any(same))
            {
                return Err((
                    format!("parameter {name} differs between operations sharing {method} {plain}"),
                    at(&operations[index].0, "/parameters"),
                ));
            }
            let mut selector = resolved;
            selector["required"] = Value::Bool(false);
            let description = selector["description"].as_str().unwrap_or_default();
            selector["description"] = Value::String(format!(
                "{description} Send it for `{}` and leave it out otherwise; {}.",
                ids[index],
                exactly_one_of(&parameter_lists, document)
            ));
            parameters.push(selector);
            selectors[index].push(name);
        }
    }

    let mut merged = Map::new();
    merged.insert("operationId".into(), Value::String(id.clone()));
    let summaries: Vec<String> = operations
        .iter()
        .zip(&selectors)
        .map(|((_, op), selector)| {
            format!(
                "{} ({})",
                op["summary"].as_str().unwrap_or_default(),
                selector_label(selector)
            )
        })
        .collect();
    merged.insert("summary".into(), Value::String(summaries.join("; or ")));
    let mut description = format!(
        "{} operations share `{method} {plain}`; the query key chooses which runs. OpenAPI \
         has one operation per path and method, so partners' tools see them as this one \
         operation: send exactly one of its selectors, with the body of that operation. \
         `x-operations` lists each with its own request and answer schemas.\n",
        operations.len()
    );
    for (((_, op), selector), id) in operations.iter().zip(&selectors).zip(&ids) {
        description.push_str(&format!(
            "\n### `{id}` ({}): {}\n\n{}\n",
            selector_label(selector),
            op["summary"].as_str().unwrap_or_default(),
            op["description"].as_str().unwrap_or_default().trim_end()
        ));
    }
    merged.insert("description".into(), Value::String(description));
    // One tag: typescript-fetch emits an operation once per tag, and two copies of its
    // request types in one package do not compile.
    if let Some(tags) = operations[0].1.get("tags") {
        merged.insert("tags".into(), tags.clone());
    }
    if let Some(security) = operations[0].1.get("security") {
        merged.insert("security".into(), security.clone());
    }
    if !parameters.is_empty() {
        merged.insert("parameters".into(), Value::Array(parameters));
    }

    let bodies: Vec<Option<&Value>> = operations
        .iter()
        .map(|(_, op)| op.get("requestBody"))
        .collect();
    if bodies.iter().any(Option::is_some) {
        let bodies: Vec<Value> = bodies
            .iter()
            .map(|body| body.map(|body| resolve(document, body).clone()))
            .collect::<Option<_>>()
            .ok_or_else(|| {
                (
                    format!("some operations sharing {method} {plain} have no request body"),
                    at(&operations[0].0, "/requestBody"),
                )
            })?;
        let body = merge_content(
            document,
            &bodies,
            &ids,
            &format!("{}Request", pascal(&id)),
            &at(&operations[0].0, "/requestBody"),
        )?;
        let mut body = body;
        let required = bodies.iter().any(|body| body["required"] == json!(true));
        body.insert("required".into(), Value::Bool(required));
        merged.insert("requestBody".into(), Value::Object(body));
    }

    let mut responses = Map::new();
    let mut statuses: Vec<String> = Vec::new();
    for (_, op) in operations {
        for status in op["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(s, _)| s)
        {
            if !statuses.contains(status) {
                statuses.push(status.clone());
            }
        }
    }
    for status in statuses {
        let found: Vec<Option<&Value>> = operations
            .iter()
            .map(|(_, op)| op["responses"].get(&status))
            .collect();
        let Some(found) = found.into_iter().collect::<Option<Vec<&Value>>>() else {
            return Err((
                format!(
                    "response {status} is not declared by every operation sharing {method} {plain}"
                ),
                at(&operations[0].0, "/responses"),
            ));
        };
        if found.iter().all(|response| *response == found[0]) {
            responses.insert(status, found[0].clone());
            continue;
        }
        let resolved: Vec<Value> = found
            .iter()
            .map(|response| resolve(document, response).clone())
            .collect();
        let suffix = if status.starts_with('2') {
            "Response".to_owned()
        } else {
            format!("Response{status}")
        };
        let response = merge_content(
            document,
            &resolved,
            &ids,
            &format!("{}{suffix}", pascal(&id)),
            &at(&operations[0].0, &format!("/responses/{status}")),
        )?;
        responses.insert(status, Value::Object(response));
    }
    merged.insert("responses".into(), Value::Object(responses));

    let listed: Vec<Value> = operations
        .iter()
        .zip(&selectors)
        .map(|((_, op), selector)| {
            let mut entry = Map::new();
            entry.insert("operationId".into(), Value::String(operation_id(op).into()));
            entry.insert("summary".into(), op["summary"].clone());
            entry.insert("selectors".into(), json!(selector));
            if let Some(schema) = op.pointer("/requestBody/content/application~1json/schema") {
                entry.insert("requestBody".into(), schema.clone());
            }
            let answers: Map<String, Value> = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(status, response)| {
                    let schema = resolve(document, response)
                        .pointer("/content/application~1json/schema")?
                        .clone();
                    Some((status.clone(), schema))
                })
                .collect();
            entry.insert("responses".into(), Value::Object(answers));
            Value::Object(entry)
        })
        .collect();
    merged.insert("x-operations".into(), Value::Array(listed));
    Ok(Value::Object(merged))
}

fn selector_label(selector: &[String]) -> String {
    selector
        .iter()
        .map(|name| format!("`?{name}=`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn exactly_one_of(parameter_lists: &[Vec<Value>], document: &Value) -> String {
    let mut names: Vec<String> = Vec::new();
    for list in parameter_lists {
        for parameter in list {
            let name = resolve(document, parameter)["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let everywhere = parameter_lists.iter().all(|list| list.contains(parameter));
            if !everywhere && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    format!(
        "exactly one of {} is sent",
        names
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The object a `$ref` points to (one level, local), or `node` itself.
fn resolve<'a>(document: &'a Value, node: &'a Value) -> &'a Value {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(|target| target.strip_prefix('#'))
        .and_then(|pointer| document.pointer(&crate::spec::percent_decode(pointer)))
        .unwrap_or(node)
}

/// One request body or response from several (each with a description and JSON content):
/// the schemas merged property by property into component `name`, the examples kept, each
/// prefixed with its operation id.
fn merge_content(
    document: &mut Value,
    parts: &[Value],
    ids: &[&str],
    name: &str,
    at: &str,
) -> Result<Map<String, Value>, (String, String)> {
    let media_types: Vec<Vec<&String>> = parts
        .iter()
        .map(|part| {
            part["content"]
                .as_object()
                .map(|content| content.keys().collect())
                .unwrap_or_default()
        })
        .collect();
    if media_types.iter().any(|types| *types != media_types[0]) || media_types[0].len() != 1 {
        return Err((
            "operations sharing a URL need one and the same media type to be merged".into(),
            at.into(),
        ));
    }
    let media_type = media_types[0][0].clone();
    let schemas: Vec<Value> = parts
        .iter()
        .map(|part| part["content"][&media_type]["schema"].clone())
        .collect();
    let schema = merge_objects(document, &schemas, ids, at)?;
    document["components"]["schemas"][name] = schema;
    let mut examples = Map::new();
    for (part, id) in parts.iter().zip(ids) {
        for (example, value) in part["content"][&media_type]["examples"]
            .as_object()
            .into_iter()
            .flatten()
        {
            examples.insert(format!("{id}_{example}"), value.clone());
        }
    }
    let mut content = Map::new();
    content.insert(
        "schema".into(),
        json!({ "$ref": format!("#/components/schemas/{name}") }),
    );
    if !examples.is_empty() {
        content.insert("examples".into(), Value::Object(examples));
    }
    let description = parts
        .iter()
        .zip(ids)
        .filter_map(|(part, id)| Some(format!("`{id}`: {}", part["description"].as_str()?)))
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = Map::new();
    if !description.is_empty() {
        out.insert("description".into(), Value::String(description));
    }
    out.insert(
        "content".into(),
        json!({ media_type: Value::Object(content) }),
    );
    Ok(out)
}

/// Object schemas with the same properties and required set, merged property by property:
/// equal properties as they are, arrays into one array of `oneOf` items, anything else into
/// a `oneOf`.
fn merge_objects(
    document: &Value,
    schemas: &[Value],
    ids: &[&str],
    at: &str,
) -> Result<Value, (String, String)> {
    let objects: Vec<&Value> = schemas.iter().map(|s| resolve(document, s)).collect();
    let keys = |schema: &Value| -> Option<Vec<String>> {
        (schema["type"] == "object").then(|| {
            schema["properties"]
                .as_object()
                .map(|properties| properties.keys().cloned().collect())
                .unwrap_or_default()
        })
    };
    let first = keys(objects[0]);
    if first.is_none()
        || objects
            .iter()
            .any(|schema| keys(schema) != first || schema["required"] != objects[0]["required"])
    {
        return Err((
            "bodies of operations sharing a URL can only be merged when they are objects with \
             the same properties"
                .into(),
            at.into(),
        ));
    }
    let description = objects
        .iter()
        .zip(ids)
        .map(|(schema, id)| format!("`{id}`: {}", describe(document, schema)))
        .collect::<Vec<_>>()
        .join(" ");
    let mut properties = Map::new();
    for key in first.unwrap_or_default() {
        let alternatives: Vec<&Value> = objects.iter().map(|o| &o["properties"][&key]).collect();
        if alternatives.iter().all(|a| *a == alternatives[0]) {
            properties.insert(key, alternatives[0].clone());
            continue;
        }
        let described = alternatives
            .iter()
            .zip(ids)
            .map(|(schema, id)| format!("`{id}`: {}", describe(document, schema)))
            .collect::<Vec<_>>()
            .join(" ");
        let resolved: Vec<&Value> = alternatives.iter().map(|a| resolve(document, a)).collect();
        let merged = if resolved.iter().all(|schema| schema["type"] == "array") {
            let items: Vec<Value> = resolved.iter().map(|s| s["items"].clone()).collect();
            json!({ "type": "array", "description": described, "items": { "oneOf": items } })
        } else {
            let alternatives: Vec<Value> = alternatives.into_iter().cloned().collect();
            json!({ "description": described, "oneOf": alternatives })
        };
        properties.insert(key, merged);
    }
    let mut object = Map::new();
    object.insert("type".into(), json!("object"));
    object.insert("description".into(), Value::String(description));
    if let Some(required) = objects[0].get("required") {
        object.insert("required".into(), required.clone());
    }
    object.insert("properties".into(), Value::Object(properties));
    Ok(Value::Object(object))
}

fn describe(document: &Value, schema: &Value) -> String {
    let resolved = resolve(document, schema);
    let text = resolved["description"].as_str().unwrap_or_default();
    match schema.get("$ref").and_then(Value::as_str) {
        Some(target) => format!(
            "{} ({text})",
            target.rsplit('/').next().unwrap_or(target).to_owned()
        ),
        None => text.to_owned(),
    }
}

/// Adds `name[key]` query parameters beside every deepObject query parameter whose schema
/// documents keys.
fn explode_deep_objects(document: &mut Value) {
    let Some(paths) = document.get("paths").and_then(Value::as_object).cloned() else {
        return;
    };
    let mut new_paths = paths.clone();
    for (key, item) in &paths {
        for method in METHODS {
            let Some(list) = item
                .pointer(&format!("/{method}/parameters"))
                .and_then(Value::as_array)
            else {
                continue;
            };
            let mut out = Vec::new();
            for parameter in list {
                let resolved = resolve(document, parameter);
                let schema = resolve(document, &resolved["schema"]);
                let documented: Vec<(&String, &Value)> = schema["properties"]
                    .as_object()
                    .map(|properties| properties.iter().collect())
                    .unwrap_or_default();
                if resolved["in"] != "query"
                    || resolved["style"] != "deepObject"
                    || documented.is_empty()
                {
                    out.push(parameter.clone());
                    continue;
                }
                let name = resolved["name"].as_str().unwrap_or_default();
                let keys = documented
                    .iter()
                    .map(|(key, _)| format!("`{name}[{key}]`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                // The object keeps the open-ended rest. Its schema is that rest inline
                // (typescript-fetch does not import a named schema used only by a query
                // parameter); `x-object-schema` names the whole object's schema.
                let mut object = resolved.clone();
                object["description"] = Value::String(format!(
                    "{} The documented keys have their own parameters ({keys}), which every \
                     client sends as `{name}[key]=value`; this object carries any other key, \
                     sent as `{name}[<key>]=<value>`.",
                    resolved["description"].as_str().unwrap_or_default()
                ));
                let mut rest = json!({
                    "type": "object",
                    "description": format!(
                        "Keys of {} other than the documented ones.",
                        describe(document, &resolved["schema"])
                    ),
                });
                if let Some(additional) = schema.get("additionalProperties") {
                    rest["additionalProperties"] = additional.clone();
                }
                object["schema"] = rest;
                object["x-object-schema"] = resolved["schema"].clone();
                // The documented keys' example values move to their own parameters.
                if let Some(Value::Object(example)) = resolved.get("example") {
                    let others: Map<String, Value> = example
                        .iter()
                        .filter(|(key, _)| schema["properties"].get(key.as_str()).is_none())
                        .map(|(key, value)| (key.clone(), value.clone()))
                        .collect();
                    if let Some(object) = object.as_object_mut() {
                        object.remove("example");
                        if !others.is_empty() {
                            object.insert("example".into(), Value::Object(others));
                        }
                    }
                }
                out.push(object);
                for (property, property_schema) in documented {
                    let mut exploded = Map::new();
                    exploded.insert("name".into(), Value::String(format!("{name}[{property}]")));
                    exploded.insert("in".into(), json!("query"));
                    exploded.insert("required".into(), json!(false));
                    exploded.insert(
                        "description".into(),
                        Value::String(format!(
                            "`{name}[{property}]`, the documented key `{property}` of \
                             `{name}`: {}",
                            describe(document, property_schema)
                        )),
                    );
                    exploded.insert("schema".into(), property_schema.clone());
                    if let Some(example) = resolved.pointer(&format!("/example/{property}")) {
                        exploded.insert("example".into(), example.clone());
                    }
                    out.push(Value::Object(exploded));
                }
            }
            new_paths[key][method]["parameters"] = Value::Array(out);
        }
    }
    document["paths"] = Value::Object(new_paths);
}

fn remove_enum_varnames(node: &mut Value) {
    match node {
        Value::Object(map) => {
            map.remove("x-enum-varnames");
            for (key, child) in map.iter_mut() {
                if key != "example" && key != "examples" {
                    remove_enum_varnames(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(remove_enum_varnames),
        _ => {}
    }
}

fn rewrite_doc_note_pointers(document: &mut Value, moves: &[Move]) -> Result<(), (String, String)> {
    if moves.is_empty() {
        return Ok(());
    }
    let snapshot = document.clone();
    let Some(notes) = document
        .get_mut("x-doc-notes")
        .and_then(Value::as_array_mut)
    else {
        return Ok(());
    };
    for (index, note) in notes.iter_mut().enumerate() {
        let Some(pointer) = note.get("pointer").and_then(Value::as_str) else {
            continue;
        };
        let Some(found) = moves
            .iter()
            .find(|m| pointer == m.from || pointer.starts_with(&format!("{}/", m.from)))
        else {
            continue;
        };
        let mut rewritten = format!("{}{}", found.to, &pointer[found.from.len()..]);
        if let Some(prefix) = &found.example_prefix {
            if let Some((head, example)) = rewritten.rsplit_once("/examples/") {
                rewritten = format!("{head}/examples/{prefix}_{example}");
            }
        }
        if snapshot
            .pointer(&crate::spec::percent_decode(&rewritten))
            .is_none()
        {
            return Err((
                format!("x-doc-notes pointer {pointer} has no place in the portable view"),
                format!("/x-doc-notes/{index}/pointer"),
            ));
        }
        note["pointer"] = Value::String(rewritten);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_ids_keep_the_common_prefix_once() {
        assert_eq!(
            merged_id(&["importCustomers", "importQuote"]),
            "importCustomersOrQuote"
        );
        assert_eq!(merged_id(&["login", "logout"]), "loginOrLogout");
    }
}
