//! XML request bodies as the spec's `xml` objects lay them out, emitted beside progenitor's
//! output in the module `xml`.
//!
//! The generated types' serde attributes serve JSON, so XML is not derived from them: for
//! each component an XML body references, [`layout`] reads from the spec where each value
//! goes (element or attribute, its name, namespace and prefix, arrays wrapped or not), and
//! this module emits that as data for `crate::runtime::xml`: a static `Node` per body
//! (`PET`), a static `Fields` per object component it reaches (`PET_FIELDS`, shared and
//! recursive through `$ref`s). The runtime writes the body's serde data model by it.
//!
//! A body the XML object gives no layout (`anyOf`, a free-form object, an unwrapped array
//! as root) is a recorded skip and its method takes the body's bytes; an `xml` object that
//! contradicts its schema (an attribute that is not a scalar, an unbound prefix) is refused
//! where it is.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::error::{Error, Pointer, Result};
use crate::spec::{Skip, Spec};

use super::super::naming::rust_name;

mod layout;
mod namespaces;

pub(super) use layout::component;
use layout::{skipped, Field, Name, Node, Place, Unwritable, Walk, UNWRAPPED_ROOT};

/// Where an object's fields are: a component's, shared, or inline (an inline schema).
#[derive(Clone, Debug)]
enum Fields {
    Component(String),
    Inline(Vec<Field>),
}

/// Every XML body's layout.
#[derive(Debug, Default)]
pub(super) struct Bodies {
    /// Each body's root by the component its schema references; `None` when skipped.
    roots: BTreeMap<String, Option<Node>>,
    /// The fields of every object component a root reaches.
    objects: BTreeMap<String, Vec<Field>>,
    skips: Vec<Skip>,
}

/// A generated static.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Static {
    Root(String),
    Fields(String),
}

impl Bodies {
    /// Lays out the XML body whose schema is the component `component`; whether it is
    /// typed (else skipped, and sent as the caller's bytes).
    pub fn body(&mut self, spec: &Spec, component: &str) -> Result<bool> {
        if let Some(root) = self.roots.get(component) {
            return Ok(root.is_some());
        }
        let at = Pointer::from_tokens(["components", "schemas", component]);
        let Some(schema) = spec.json.pointer(at.as_json_pointer()) else {
            return Err(Error::UnresolvedRef {
                file: spec.file.clone(),
                pointer: at.clone(),
                target: format!("#{}", at.as_json_pointer()),
            });
        };
        let mut walk = Walk::new(spec, self);
        let laid_out = walk.element(schema, &at, component);
        let added = std::mem::take(&mut walk.added);
        let checked = laid_out.and_then(|root| match root {
            Node::Repeated(_) => Err(skipped(&at, UNWRAPPED_ROOT)),
            root => match namespaces::unbound(&root, &self.objects) {
                Some((pointer, construct)) => Err(Unwritable::Refused(Error::Unsupported {
                    file: spec.file.clone(),
                    pointer,
                    construct,
                })),
                None => Ok(root),
            },
        });
        match checked {
            Ok(root) => {
                self.roots.insert(component.to_owned(), Some(root));
                Ok(true)
            }
            Err(unwritable) => {
                for component in added {
                    self.objects.remove(&component);
                }
                match unwritable {
                    Unwritable::Refused(err) => Err(err),
                    Unwritable::Skipped(skip) => {
                        self.skips.push(skip);
                        self.roots.insert(component.to_owned(), None);
                        Ok(false)
                    }
                }
            }
        }
    }

    /// The bodies skipped, each where its schema says what has no XML layout.
    pub fn skips(&self) -> &[Skip] {
        &self.skips
    }

    /// The name of the static that lays out the body of `component`.
    pub fn root(&self, component: &str) -> syn::Ident {
        self.idents()[&Static::Root(component.to_owned())].clone()
    }

    /// Every static's identifier: the component's name in upper snake case (`_FIELDS` after
    /// an object's fields), `_2`, `_3`, … after one two components would share.
    fn idents(&self) -> BTreeMap<Static, syn::Ident> {
        let statics = self
            .roots
            .iter()
            .filter(|(_, root)| root.is_some())
            .map(|(component, _)| Static::Root(component.clone()))
            .chain(self.objects.keys().cloned().map(Static::Fields));
        let mut taken = BTreeSet::new();
        statics
            .map(|which| {
                let base = match &which {
                    Static::Root(component) => rust_name(component, "x").to_uppercase(),
                    Static::Fields(component) => {
                        format!("{}_FIELDS", rust_name(component, "x").to_uppercase())
                    }
                };
                let mut name = base.clone();
                for n in 2.. {
                    if taken.insert(name.clone()) {
                        break;
                    }
                    name = format!("{base}_{n}");
                }
                (which, format_ident!("{name}"))
            })
            .collect()
    }

    /// The module `xml`, if a body is typed.
    pub fn module(&self) -> Option<syn::Item> {
        if self.roots.values().all(Option::is_none) {
            return None;
        }
        let idents = self.idents();
        let emit = Emit { idents: &idents };
        let roots = self.roots.iter().filter_map(|(component, root)| {
            let root = root.as_ref()?;
            let ident = &idents[&Static::Root(component.clone())];
            let doc = format!("The request body `{component}` as XML.");
            let node = emit.node(root);
            Some(quote! {
                #[doc = #doc]
                pub(super) static #ident: Node = #node;
            })
        });
        let objects = self.objects.iter().map(|(component, fields)| {
            let ident = &idents[&Static::Fields(component.clone())];
            let doc = format!("Where the properties of `{component}` go.");
            let fields = fields.iter().map(|field| emit.field(field));
            quote! {
                #[doc = #doc]
                static #ident: Fields = Fields(&[#(#fields),*]);
            }
        });
        Some(syn::parse_quote! {
            /// How the request bodies sent as XML are written: each property an element or
            /// an attribute, named as the spec's `xml` objects say.
            mod xml {
                #[allow(unused_imports)]
                use crate::runtime::xml::{Field, Fields, Name, Node};
                #(#roots)*
                #(#objects)*
            }
        })
    }
}

struct Emit<'a> {
    idents: &'a BTreeMap<Static, syn::Ident>,
}

impl Emit<'_> {
    fn name(&self, name: &Name) -> TokenStream {
        let local = &name.local;
        let prefix = name.prefix.iter().map(|prefix| quote!(.prefix(#prefix)));
        let namespace = name
            .namespace
            .iter()
            .map(|namespace| quote!(.namespace(#namespace)));
        quote!(Name::new(#local) #(#prefix)* #(#namespace)*)
    }

    fn node(&self, node: &Node) -> TokenStream {
        match node {
            Node::Text(name) => {
                let name = self.name(name);
                quote!(Node::Text(#name))
            }
            Node::Object(name, fields) => {
                let name = self.name(name);
                let fields = match fields {
                    Fields::Component(component) => {
                        let ident = &self.idents[&Static::Fields(component.clone())];
                        quote!(&#ident)
                    }
                    Fields::Inline(fields) => {
                        let fields = fields.iter().map(|field| self.field(field));
                        quote!(&Fields(&[#(#fields),*]))
                    }
                };
                quote!(Node::Object(#name, #fields))
            }
            Node::Repeated(item) => {
                let item = self.node(item);
                quote!(Node::Repeated(&#item))
            }
            Node::Wrapped(name, item) => {
                let name = self.name(name);
                let item = self.node(item);
                quote!(Node::Wrapped(#name, &#item))
            }
        }
    }

    fn field(&self, field: &Field) -> TokenStream {
        let key = &field.key;
        match &field.place {
            Place::Attribute(name) => {
                let name = self.name(name);
                quote!(Field::attribute(#key, #name))
            }
            Place::Element(node) => {
                let node = self.node(node);
                quote!(Field::element(#key, #node))
            }
        }
    }
}
