//! The rewrites applied to progenitor's output, one module each, and the order they run in.
//!
//! Each pass does one thing typify or progenitor has no setting for. The order matters where
//! a pass looks for what another one writes or removes:
//!
//! 0. Before these, `codegen::responses` rewrites each method's status `match` and adds the
//!    `responses` module; its error types print their bodies through serde, so the renames
//!    of [`fields`] keep the wire names there.
//! 1. [`decimal`], [`deep_object`], [`api_version`] work on progenitor's own output and are
//!    independent of each other.
//! 2. [`forward`] adds the `Unknown` variant to every string enum, the two-value enums that
//!    [`flag`] turns into `bool` included: [`flag`] removes those types whole afterwards.
//! 3. [`fields`] renames fields and makes credentials secret; [`flag`] and [`expandable`]
//!    retype fields by the schema type they name, which a rename does not touch.
//! 4. [`objects`] reorders fields by the spec and adds `extra` maps last, when every field
//!    has its final name and type.
//! 5. [`builder`] writes a builder for every struct in its final shape.

use std::collections::BTreeSet;

use crate::error::Result;
use crate::spec::Spec;

mod api_version;
mod builder;
mod decimal;
mod deep_object;
mod expandable;
mod fields;
mod flag;
mod forward;
mod objects;

/// What the passes read from the spec, collected before progenitor runs so a spec error is
/// reported even when progenitor would fail too.
pub struct Plan {
    field_overrides: Vec<fields::FieldOverride>,
    bool_schemas: Vec<flag::BoolSchema>,
    relations: Vec<expandable::Relation>,
}

impl Plan {
    pub fn collect(spec: &Spec) -> Result<Plan> {
        Ok(Plan {
            field_overrides: fields::collect(spec)?,
            bool_schemas: flag::collect(spec)?,
            relations: expandable::collect(spec)?,
        })
    }

    /// Runs every pass, in the order above, on progenitor's parsed output.
    pub fn apply(
        &self,
        spec: &Spec,
        file: &mut syn::File,
        deep_objects: &BTreeSet<String>,
    ) -> Result<()> {
        decimal::apply(file);
        deep_object::apply(file, deep_objects);
        api_version::apply(file);
        forward::apply(file);
        fields::apply(spec, file, &self.field_overrides)?;
        flag::apply(spec, file, &self.bool_schemas)?;
        expandable::apply(spec, file, &self.relations)?;
        objects::apply(spec, file)?;
        builder::apply(file);
        Ok(())
    }
}
