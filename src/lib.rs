//! Typed clients for five partner APIs, generated from the handwritten OpenAPI specs in
//! `specs/` and wrapped by thin adapters that handle each vendor's authentication.
//!
//! Enable one cargo feature per API (all are on by default).

#![deny(missing_docs)]

pub mod runtime;

#[cfg(feature = "autopiesa")]
pub mod autopiesa;
#[cfg(feature = "econt")]
pub mod econt;
#[cfg(feature = "firmino")]
pub mod firmino;
#[cfg(feature = "quoparts")]
pub mod quoparts;
#[cfg(feature = "sis")]
pub mod sis;

// The spec examples check, shared with the loopback tests; here it can reach the generated
// plumbing types consumers never see.
#[cfg(test)]
#[path = "../tests/common/examples.rs"]
mod spec_examples;
