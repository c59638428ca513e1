//! JSON bodies declared without a schema.
//!
//! OpenAPI lets a media type object leave out `schema` (many published documents give only
//! `examples`); for JSON that says the body is some JSON value. progenitor 0.15.1 hits a
//! `todo!` on such a response and refuses such a request body, so the codegen copy gives
//! each of them the empty schema, which typify makes `serde_json::Value`: the value is
//! kept whole, nothing is dropped, and the published spec is unchanged.

use openapiv3::{Components, MediaType, OpenAPI, ReferenceOr, RequestBody, Response, Schema};

use super::adapt::OperationsMut;
use super::media;

/// Gives every JSON media type without a schema, in operations and in
/// `components.responses`/`components.requestBodies`, the schema of any JSON value.
pub fn fill(openapi: &mut OpenAPI) {
    for item in openapi.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (_, operation) in item.iter_mut() {
            if let Some(ReferenceOr::Item(body)) = &mut operation.request_body {
                fill_body(body);
            }
            let responses = &mut operation.responses;
            for response in responses
                .responses
                .values_mut()
                .chain(&mut responses.default)
            {
                if let ReferenceOr::Item(response) = response {
                    fill_response(response);
                }
            }
        }
    }
    if let Some(Components {
        responses,
        request_bodies,
        ..
    }) = &mut openapi.components
    {
        for response in responses.values_mut() {
            if let ReferenceOr::Item(response) = response {
                fill_response(response);
            }
        }
        for body in request_bodies.values_mut() {
            if let ReferenceOr::Item(body) = body {
                fill_body(body);
            }
        }
    }
}

fn fill_body(body: &mut RequestBody) {
    body.content.iter_mut().for_each(fill_media);
}

fn fill_response(response: &mut Response) {
    response.content.iter_mut().for_each(fill_media);
}

fn fill_media((media, content): (&String, &mut MediaType)) {
    if content.schema.is_none() && media::is_json(media) {
        content.schema = Some(ReferenceOr::Item(any_value()));
    }
}

/// `{}`: no constraint, any JSON value.
fn any_value() -> Schema {
    serde_json::from_value(serde_json::json!({})).expect("the empty schema is a schema")
}
