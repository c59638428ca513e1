//! The generator behind `cargo run -p generator -- <command>`: reads the handwritten
//! OpenAPI specs in `specs/` and writes the typed clients in `generated/`.
//!
//! The library entry points ([`spec::parse`], [`codegen::render`], [`workspace::generate`],
//! [`workspace::check`]) never panic on bad input: every failure is an [`Error`] naming the
//! spec file and a location in it.

pub mod codegen;
pub mod error;
pub mod fingerprint;
pub mod header;
mod parallel;
pub mod publish;
pub mod spec;
pub mod workspace;

pub use error::{Error, Pointer, Result};
