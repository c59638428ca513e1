//! Names for operations without an `operationId`, which progenitor requires (it names the
//! client method after it).
//!
//! The name is the method and the path, lowercased, every run of other characters one `_`:
//! `get /users/{id}/repos` → `get_users_id_repos`. A name that another operation already
//! has, or would have after progenitor's snake-casing (`getUsersIdRepos`), gets `_2`, `_3`,
//! … in document order (paths as written, methods in OpenAPI's order). Only the codegen
//! copy gets these names: the published spec must declare its own (`lint`).
//!
//! An `operationId` an earlier operation already has, or has after snake-casing (OpenAPI
//! requires them unique; Temporal's gateway lists `RespondActivityTaskCompletedById` under
//! two paths, and progenitor refuses the document), is replaced the same way, a skip at it:
//! the first operation keeps the name.
//!
//! An operation whose method would be one the generated `Client` already has (`new`,
//! `new_with_client`, or `pre`/`post`/`exec`, the `ClientHooks` methods every generated
//! method calls on `self`, which an inherent method of that name would shadow) is named
//! `<name>_operation` instead (`post` → `post_operation`), made unique the same way.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr};

use super::adapt::OperationsMut;
use crate::error::Pointer;
use crate::spec::Skip;
use heck::ToSnakeCase;

use super::naming::comparable;
use super::responses::rust_ident;

/// The methods of a generated `Client` that no operation's method may be named.
const CLIENT_METHODS: [&str; 5] = ["new", "new_with_client", "pre", "post", "exec"];

/// Gives every operation of `openapi` without an `operationId` its synthesized one, one
/// named like a `Client` method another, and one repeating an earlier one's the synthesized
/// one; returns a skip for each repeated one.
pub fn synthesize(openapi: &mut OpenAPI) -> Vec<Skip> {
    let mut taken = openapi
        .operations()
        .filter_map(|(_, _, operation)| operation.operation_id.as_deref())
        .map(comparable)
        .collect::<BTreeSet<_>>();
    let mut declared = BTreeSet::new();
    let mut skips = Vec::new();
    for (path, item) in openapi.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            let repeated = operation
                .operation_id
                .as_deref()
                .is_some_and(|id| !declared.insert(comparable(id)));
            let base = match &operation.operation_id {
                None => name(method, path),
                Some(_) if repeated => {
                    skips.push(Skip {
                        pointer: Pointer::from_tokens(["paths", path, method, "operationId"]),
                        what: "an `operationId` an earlier operation already has (OpenAPI \
                               requires them unique): the method is named from the HTTP \
                               method and path"
                            .into(),
                    });
                    name(method, path)
                }
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
    skips
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
