//! The publishing side: what partners receive and the checks on it. `lint` enforces the
//! publishing rules on a spec, `bundle` writes the portable `dist/` files (the view
//! [`portable`] derives, which partners' tools read correctly), `docs` renders
//! them as reference pages, `diff` reports what changed between two versions of a spec and
//! `changelog` turns those reports into the partners' `dist/CHANGES.md`.

pub mod bundle;
pub mod changelog;
pub mod diff;
pub mod docs;
pub mod lint;
pub mod portable;
