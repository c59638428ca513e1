//! Parameters in the styles of OpenAPI 3.0.3 (`style` and `explode`, "Style Values") that
//! progenitor 0.15.1 does not write: path parameters in every style but a scalar's `simple`
//! ([`path`]), object and array headers ([`header`]), query arrays and objects in the
//! non-exploded `form`, `spaceDelimited` and `pipeDelimited` styles ([`query`]), cookies
//! ([`cookie`]), and parameters described by a JSON `content` ([`json`]). The generator
//! (its `parameter_styles` pass) rewrites progenitor's own handling of each such parameter
//! into a call of the function here.
//!
//! One model serves them all: the value's [`shape`] (scalar, items or members, read from its
//! serde data model), written by the style's row of RFC 6570's expansion table
//! ([`expansion`]), which OpenAPI's styles are defined by, with each location's escapes.

mod cookie;
mod expansion;
mod header;
mod json;
mod path;
mod query;
mod shape;

// What generated code calls; none of the five specs needs it yet, so outside the tests (the
// generator's fixtures) nothing here does.
#[cfg_attr(not(test), allow(unused_imports))]
pub(crate) use cookie::cookie;
#[cfg_attr(not(test), allow(unused_imports))]
pub(crate) use header::simple_header;
#[cfg_attr(not(test), allow(unused_imports))]
pub(crate) use json::{json_header, json_path, json_query};
#[cfg_attr(not(test), allow(unused_imports))]
pub(crate) use path::{label_path, matrix_path, simple_path};
#[cfg_attr(not(test), allow(unused_imports))]
pub(crate) use query::{form_query, pipe_delimited_query, space_delimited_query};
