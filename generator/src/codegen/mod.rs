//! Spec → formatted Rust source: progenitor for the client and types, prettyplease for layout.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use openapiv3::OpenAPI;
use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle, TypeImpl};
use quote::quote;
use schemars::schema::{InstanceType, SchemaObject};

use crate::error::{Error, Pointer, Result};
use crate::header::Header;
use crate::spec::{Skip, Spec};

pub mod adapt;
mod component_names;
mod composition_cycles;
mod defaults;
mod enum_refs;
mod enum_values;
mod formats;
mod inline_names;
mod media;
mod message;
mod naming;
mod nullable_components;
mod operation_id;
mod passes;
mod path_templates;

pub use passes::code_list_misfits;
mod patterns;
mod required_choices;
mod response_refs;
mod responses;
mod schema_refs;
mod schemaless;
mod syntax;
mod uncompilable;
mod wire_names;

/// A generated file and what of its spec it leaves out.
#[derive(Debug)]
pub struct Rendered {
    /// The complete content of `generated/<spec.name>.rs`, header included.
    pub code: String,
    /// Everything left out: the spec's own skips (`Spec::skips`), then the codegen copy's,
    /// then the XML bodies the XML object gives no layout (`codegen::media`), then the code
    /// lists whose names do not fit them (the passes).
    pub skips: Vec<Skip>,
}

/// Generates the file for `generated/<spec.name>.rs`.
pub fn render(spec: &Spec) -> Result<Rendered> {
    let codegen = adapt::for_codegen(spec)?;
    uncompilable::check(spec, codegen.json(spec))?;
    let plan = passes::Plan::collect(spec, &codegen.openapi)?;
    let tokens = generate_tokens(spec, &codegen.openapi)?;
    let mut file = syn::parse2::<syn::File>(tokens).map_err(|err| Error::Codegen {
        file: spec.file.clone(),
        pointer: Pointer::root(),
        message: format!("progenitor emitted unparsable Rust: {err}"),
    })?;
    codegen.wire_names.restore(spec, &mut file)?;
    uncompilable::check_type_names(spec, &file)?;
    codegen.responses.apply(spec, &mut file)?;
    file.items.extend(codegen.responses.module());
    codegen.media.apply(spec, &mut file)?;
    plan.apply(spec, &mut file, &codegen.deep_objects)?;
    let body = prettyplease::unparse(&file);
    let skips = [
        spec.skips.as_slice(),
        &codegen.skips,
        codegen.media.skips(),
        &plan.skips,
    ]
    .concat();
    Ok(Rendered {
        code: format!("{}{body}", Header::new(spec, &skips).render()),
        skips,
    })
}

/// The settings every API shares. Auth is not generated (progenitor ignores
/// `securitySchemes`): each generated `Client` carries a `crate::runtime::Auth` and every
/// request passes through `crate::runtime::Auth::apply` before it is sent.
fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote!(crate::runtime::Auth))
        .with_pre_hook(quote!(crate::runtime::Auth::apply))
        .with_derive("PartialEq")
        // Deterministic order on the wire and in Debug output (HashMap's is random).
        .with_map_type("::std::collections::BTreeMap");
    for instance_type in [InstanceType::Number, InstanceType::String] {
        settings.with_conversion(
            SchemaObject {
                instance_type: Some(instance_type.into()),
                format: Some("decimal".into()),
                ..Default::default()
            },
            "::rust_decimal::Decimal",
            [TypeImpl::Display, TypeImpl::FromStr, TypeImpl::Default].into_iter(),
        );
    }
    settings
}

fn generate_tokens(spec: &Spec, openapi: &OpenAPI) -> Result<proc_macro2::TokenStream> {
    match run_progenitor(openapi) {
        Ok(Ok(tokens)) => Ok(tokens),
        _ => Err(locate_failures(spec, openapi)),
    }
}

/// Runs progenitor, turning a panic into `Err(message)` without printing it.
fn run_progenitor(
    openapi: &OpenAPI,
) -> std::result::Result<std::result::Result<proc_macro2::TokenStream, progenitor::Error>, String> {
    silence_panics_on_this_thread(|| {
        let mut generator = Generator::new(&settings());
        generator.generate_tokens(openapi)
    })
}

/// Why progenitor fails on `openapi`, if it does: its error or panic, cleaned for reading.
fn failure(openapi: &OpenAPI) -> Option<String> {
    match run_progenitor(openapi) {
        Ok(Ok(_)) => None,
        Ok(Err(err)) => Some(message::clean(&err.to_string())),
        Err(panic) => Some(format!("progenitor panicked: {}", message::clean(&panic))),
    }
}

/// progenitor's errors and panics do not say where. Generating subsets of the operations
/// (halving the failing ones) names every operation that fails on its own; a failure with
/// no operation at all is in `components.schemas`, found the same way by keeping subsets
/// of the schemas and making the others accept anything.
fn locate_failures(spec: &Spec, openapi: &OpenAPI) -> Error {
    let mut without_operations = openapi.clone();
    without_operations.paths.paths.clear();
    let mut problems = Vec::new();
    if failure(&without_operations).is_some() {
        let names = without_operations
            .components
            .iter()
            .flat_map(|components| components.schemas.keys().cloned())
            .collect::<Vec<_>>();
        let subset = |names: &[String]| failure(&keep_only_schemas(&without_operations, names));
        let at = |name: &String| Pointer::from_tokens(["components", "schemas", name]);
        let together = Pointer::from_tokens(["components", "schemas"]);
        bisect(&names, &subset, &at, &together, &mut problems);
    } else {
        let operations = openapi
            .paths
            .paths
            .iter()
            .filter_map(|(path, item)| Some((path, item.as_item()?)))
            .flat_map(|(path, item)| item.iter().map(move |(method, _)| (path.clone(), method)))
            .collect::<Vec<_>>();
        let subset = |operations: &[(String, &str)]| failure(&keep_only(openapi, operations));
        // A media-type copy's failure is the operation's.
        let at = |(path, method): &(String, &str)| {
            Pointer::from_tokens(["paths", media::declared_path(spec, path), method])
        };
        bisect(
            &operations,
            &subset,
            &at,
            &Pointer::from_tokens(["paths"]),
            &mut problems,
        );
    }
    let problems = problems
        .into_iter()
        .map(|(pointer, message)| Error::Codegen {
            file: spec.file.clone(),
            pointer,
            message,
        })
        .collect::<Vec<_>>();
    match Error::from_problems(problems) {
        Err(err) => err,
        // Every run fails or none does: progenitor is not deterministic here.
        Ok(()) => Error::Codegen {
            file: spec.file.clone(),
            pointer: Pointer::root(),
            message: "progenitor failed without a reproducible cause".into(),
        },
    }
}

/// Adds to `problems` each of `items` that fails on its own (`fails` generates a subset),
/// located by `at`, or `together` when only a combination fails (two operations clashing).
fn bisect<T>(
    items: &[T],
    fails: &dyn Fn(&[T]) -> Option<String>,
    at: &dyn Fn(&T) -> Pointer,
    together: &Pointer,
    problems: &mut Vec<(Pointer, String)>,
) {
    let Some(message) = fails(items) else {
        return;
    };
    match items {
        [] => return problems.push((together.clone(), message)),
        [item] => return problems.push((at(item), message)),
        _ => {}
    }
    let before = problems.len();
    let (first, second) = items.split_at(items.len() / 2);
    bisect(first, fails, at, together, problems);
    bisect(second, fails, at, together, problems);
    if problems.len() == before {
        problems.push((together.clone(), message));
    }
}

/// `openapi` with every schema but `names` replaced by one that accepts anything, so
/// that references to them still resolve.
fn keep_only_schemas(openapi: &OpenAPI, names: &[String]) -> OpenAPI {
    let mut subset = openapi.clone();
    for components in subset.components.iter_mut() {
        for (name, schema) in components.schemas.iter_mut() {
            if !names.contains(name) {
                *schema = openapiv3::ReferenceOr::Item(openapiv3::Schema {
                    schema_data: Default::default(),
                    schema_kind: openapiv3::SchemaKind::Any(Default::default()),
                });
            }
        }
    }
    subset
}

/// `openapi` with only the given operations.
fn keep_only(openapi: &OpenAPI, operations: &[(String, &str)]) -> OpenAPI {
    let mut subset = openapi.clone();
    subset
        .paths
        .paths
        .retain(|path, _| operations.iter().any(|(kept, _)| kept == path));
    for (path, item) in subset.paths.paths.iter_mut() {
        if let openapiv3::ReferenceOr::Item(item) = item {
            let methods = operations
                .iter()
                .filter(|(kept, _)| kept == path)
                .map(|(_, method)| *method)
                .collect::<Vec<_>>();
            keep_only_methods(item, &methods);
        }
    }
    subset
}

fn keep_only_methods(item: &mut openapiv3::PathItem, methods: &[&str]) {
    for method in crate::spec::tree::METHODS {
        if !methods.contains(&method) {
            if let Some(slot) = adapt::method_slot(item, method) {
                *slot = None;
            }
        }
    }
}

thread_local! {
    static SILENT: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Calls `f`, catching a panic as its message. The process-wide panic hook is wrapped once so
/// that panics on threads inside this function are recorded instead of printed, while every
/// other panic still reaches the previous hook.
fn silence_panics_on_this_thread<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if SILENT.with(Cell::get) {
                let message = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|text| text.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                let location = info
                    .location()
                    .map(|at| format!(" ({}:{})", at.file(), at.line()))
                    .unwrap_or_default();
                LAST_PANIC.with(|last| *last.borrow_mut() = format!("{message}{location}"));
            } else {
                previous(info);
            }
        }));
    });
    let was_silent = SILENT.with(|silent| silent.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    SILENT.with(|silent| silent.set(was_silent));
    result.map_err(|_| LAST_PANIC.with(|last| last.borrow().clone()))
}
