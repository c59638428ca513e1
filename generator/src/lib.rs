//! The generator behind `cargo run -p generator -- <command>`: reads the handwritten
//! OpenAPI specs in `specs/` and writes the typed clients in `generated/`.
//!
//! The library entry points ([`spec::parse`], [`codegen::render`], [`workspace::generate`],
//! [`workspace::check`]) never panic on bad input: every failure is an [`Error`] naming the
//! spec file and a location in it.

pub mod adapt;
pub mod codegen;
pub mod error;
mod expandable;
mod fields;
mod flag;
mod forward;
pub mod header;
mod objects;
mod postprocess;
pub mod publish;
pub mod spec;
mod syntax;
pub mod workspace;

pub use error::{Error, Pointer, Result};
