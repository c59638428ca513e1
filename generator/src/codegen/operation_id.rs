//! Names for operations without an `operationId`, which progenitor requires (it names the
//! client method after it).
//!
//! The name is the method and the path, lowercased, every run of other characters one `_`:
//! `get /users/{id}/repos` → `get_users_id_repos`. A name that another operation already
//! has, or would have after progenitor's snake-casing (`getUsersIdRepos`), gets `_2`, `_3`,
//! … in document order (paths as written, methods in OpenAPI's order). Only the codegen
//! copy gets these names: the published spec must declare its own (`lint`).

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr};

use super::adapt::OperationsMut;

/// Gives every operation of `openapi` without an `operationId` its synthesized one.
pub fn synthesize(openapi: &mut OpenAPI) {
    let mut taken = openapi
        .operations()
        .filter_map(|(_, _, operation)| operation.operation_id.as_deref())
        .map(comparable)
        .collect::<BTreeSet<_>>();
    for (path, item) in openapi.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            if operation.operation_id.is_none() {
                let base = name(method, path);
                let unique = std::iter::once(base.clone())
                    .chain((2..).map(|index| format!("{base}_{index}")))
                    .find(|candidate| !taken.contains(&comparable(candidate)))
                    .unwrap_or(base);
                taken.insert(comparable(&unique));
                operation.operation_id = Some(unique);
            }
        }
    }
}

/// `get`, `/users/{id}/repos` → `get_users_id_repos`.
pub fn name(method: &str, path: &str) -> String {
    let mut name = String::new();
    for c in format!("{method}/{path}").chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('_') {
            name.push('_');
        }
    }
    name.trim_end_matches('_').to_owned()
}

/// Two names progenitor would turn into the same method compare equal.
fn comparable(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_method_and_path() {
        assert_eq!(name("get", "/users/{id}/repos"), "get_users_id_repos");
        assert_eq!(name("post", "/"), "post");
        assert_eq!(name("delete", "/a-b/{c.d}/"), "delete_a_b_c_d");
    }

    #[test]
    fn collisions_get_a_number_in_document_order() {
        let mut openapi: OpenAPI = serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "/a/{b}": {"get": {"responses": {}}},
                "/a/b": {"get": {"responses": {}}, "post": {"operationId": "postAB", "responses": {}}},
                "/x": {"post": {"responses": {}}, "get": {"operationId": "get_x", "responses": {}}}
            }
        }))
        .unwrap();
        synthesize(&mut openapi);
        let ids = openapi
            .operations()
            .map(|(path, method, operation)| {
                (
                    path.to_owned(),
                    method,
                    operation.operation_id.clone().unwrap(),
                )
            })
            .collect::<Vec<_>>();
        assert_eq!(
            ids,
            [
                ("/a/{b}".into(), "get", "get_a_b".into()),
                ("/a/b".into(), "get", "get_a_b_2".into()),
                ("/a/b".into(), "post", "postAB".into()),
                ("/x".into(), "get", "get_x".into()),
                ("/x".into(), "post", "post_x".into()),
            ]
        );
    }
}
