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
use crate::spec::Spec;

pub mod adapt;
mod passes;
mod responses;
mod syntax;

/// Generates the complete file content for `generated/<spec.name>.rs`, header included.
pub fn render(spec: &Spec) -> Result<String> {
    let codegen = adapt::for_codegen(spec)?;
    let plan = passes::Plan::collect(spec)?;
    let tokens = generate_tokens(spec, &codegen.openapi)?;
    let mut file = syn::parse2::<syn::File>(tokens).map_err(|err| Error::Codegen {
        file: spec.file.clone(),
        pointer: Pointer::root(),
        message: format!("progenitor emitted unparsable Rust: {err}"),
    })?;
    codegen.responses.apply(spec, &mut file)?;
    file.items.extend(codegen.responses.module());
    plan.apply(spec, &mut file, &codegen.deep_objects)?;
    let body = prettyplease::unparse(&file);
    Ok(format!("{}{body}", Header::for_spec(spec).render()))
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
        Ok(Err(err)) => Err(Error::Codegen {
            file: spec.file.clone(),
            pointer: Pointer::root(),
            message: err.to_string(),
        }),
        Err(panic_message) => Err(Error::Codegen {
            file: spec.file.clone(),
            pointer: locate_panic(openapi),
            message: format!("progenitor panicked: {panic_message}"),
        }),
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

/// progenitor panics on some constructs without saying where. Retry with one operation at a
/// time to name the operation that triggers it.
fn locate_panic(openapi: &OpenAPI) -> Pointer {
    for (path, item) in &openapi.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, _) in item.iter() {
            let mut single = openapi.clone();
            single.paths.paths.retain(|candidate, _| candidate == path);
            if let Some(openapiv3::ReferenceOr::Item(kept)) = single.paths.paths.get_mut(path) {
                keep_only_method(kept, method);
            }
            if run_progenitor(&single).is_err() {
                return Pointer::from_tokens(["paths", path.as_str(), method]);
            }
        }
    }
    Pointer::from_tokens(["components", "schemas"])
}

fn keep_only_method(item: &mut openapiv3::PathItem, method: &str) {
    let slots = [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ];
    for (name, slot) in slots {
        if name != method {
            *slot = None;
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
