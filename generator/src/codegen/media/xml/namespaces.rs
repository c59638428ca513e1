//! Whether every prefix a body's layout writes is bound where it is written.
//!
//! `xml.prefix` without `xml.namespace` names a namespace an enclosing element declares;
//! the runtime declares each namespace on the element that uses it (`xmlns:p="…"`, or
//! `xmlns="…"` without a prefix) unless it is in scope already. This follows the layout
//! from its root as the runtime will write it, so a prefix bound nowhere, or one element
//! binding a prefix to two namespaces, is refused where the spec states it rather than
//! failing every request.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Pointer;

use super::layout::{Field, Name, Node, Place};
use super::Fields;

/// Prefix (`None`: the default namespace) → namespace, as in scope at one element.
type Scope = BTreeMap<Option<String>, String>;

/// The first name of `root`'s layout whose prefix is not bound where it is written: where
/// the spec states it, and why.
pub(super) fn unbound(
    root: &Node,
    objects: &BTreeMap<String, Vec<Field>>,
) -> Option<(Pointer, String)> {
    let mut check = Check {
        objects,
        visited: BTreeSet::new(),
    };
    check.node(root, &Scope::new()).err()
}

struct Check<'a> {
    objects: &'a BTreeMap<String, Vec<Field>>,
    /// The components already checked, with the scope they were reached in (recursive
    /// schemas reach the same ones again).
    visited: BTreeSet<(String, Scope)>,
}

impl Check<'_> {
    fn node(&mut self, node: &Node, scope: &Scope) -> Result<(), (Pointer, String)> {
        match node {
            Node::Text(name) => element(name, &[], scope).map(drop),
            Node::Repeated(item) => self.node(item, scope),
            Node::Wrapped(name, item) => self.node(item, &element(name, &[], scope)?),
            Node::Object(name, fields) => {
                let fields = match fields {
                    Fields::Inline(fields) => fields,
                    Fields::Component(component) => {
                        if !self.visited.insert((component.clone(), scope.clone())) {
                            return Ok(());
                        }
                        &self.objects[component]
                    }
                };
                let attributes = fields
                    .iter()
                    .filter_map(|field| match &field.place {
                        Place::Attribute(name) => Some(name),
                        Place::Element(_) => None,
                    })
                    .collect::<Vec<_>>();
                let inner = element(name, &attributes, scope)?;
                for field in fields {
                    if let Place::Element(node) = &field.place {
                        self.node(node, &inner)?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// The scope inside the element `name` with `attributes`, opened in `scope`.
fn element(name: &Name, attributes: &[&Name], scope: &Scope) -> Result<Scope, (Pointer, String)> {
    let mut declared = Scope::new();
    for name in std::iter::once(name).chain(attributes.iter().copied()) {
        if let Some(namespace) = &name.namespace {
            match declared.insert(name.prefix.clone(), namespace.clone()) {
                Some(other) if other != *namespace => {
                    return Err((
                        name.at.join("namespace"),
                        format!(
                            "an xml.namespace for the prefix {:?} beside another one on the same element ({other})",
                            name.prefix.as_deref().unwrap_or("")
                        ),
                    ))
                }
                _ => {}
            }
        }
    }
    let mut inner = scope.clone();
    inner.extend(declared);
    for name in std::iter::once(name).chain(attributes.iter().copied()) {
        if let (Some(prefix), None) = (&name.prefix, &name.namespace) {
            if !inner.contains_key(&Some(prefix.clone())) {
                return Err((
                    name.at.join("prefix"),
                    format!("an xml.prefix `{prefix}` without xml.namespace that no enclosing element declares"),
                ));
            }
        }
    }
    Ok(inner)
}
