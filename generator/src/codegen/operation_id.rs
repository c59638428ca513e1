//! Names for operations without an `operationId`, which progenitor requires (it names the
//! client method after it).
//!
//! The name is the method and the path, lowercased, every run of other characters one `_`:
//! `get /users/{id}/repos` → `get_users_id_repos`. A name that another operation already
//! has, or would have after progenitor's snake-casing (`getUsersIdRepos`), gets `_2`, `_3`,
//! … in document order (paths as written, methods in OpenAPI's order). Only the codegen
//! copy gets these names: the published spec must declare its own (`lint`).
//!
//! An operation whose method would be one the generated `Client` already has (`new`,
//! `new_with_client`, or `pre`/`post`/`exec`, the `ClientHooks` methods every generated
//! method calls on `self`, which an inherent method of that name would shadow) is named
//! `<name>_operation` instead (`post` → `post_operation`), made unique the same way.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr};

use super::adapt::OperationsMut;
use heck::ToSnakeCase;

use super::naming::comparable;
use super::responses::rust_ident;

/// The methods of a generated `Client` that no operation's method may be named.
const CLIENT_METHODS: [&str; 5] = ["new", "new_with_client", "pre", "post", "exec"];

/// Gives every operation of `openapi` without an `operationId` its synthesized one, and one
/// named like a `Client` method another.
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
            let base = match &operation.operation_id {
                None => name(method, path),
                Some(id) if is_client_method(id) => id.clone(),
                Some(_) => continue,
            };
            let base = match is_client_method(&base) {
                true => format!("{base}_operation"),
                false => base,
            };
            let unique = std::iter::once(base.clone())
                .chain((2..).map(|index| format!("{base}_{index}")))
                .find(|candidate| !taken.contains(&comparable(candidate)))
                .unwrap_or(base);
            taken.insert(comparable(&unique));
            operation.operation_id = Some(unique);
        }
    }
}

/// Whether progenitor would name the method of operation `id` like a `Client` method.
fn is_client_method(id: &str) -> bool {
    CLIENT_METHODS.contains(&rust_ident(&id.to_snake_case()).as_str())
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
