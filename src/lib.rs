//! Typed clients for five partner APIs, generated from the handwritten OpenAPI specs in
//! `specs/` and wrapped by thin adapters that handle each vendor's authentication.
//!
//! Enable one cargo feature per API (all are on by default).

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
