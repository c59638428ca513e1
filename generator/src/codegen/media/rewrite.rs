//! The changes to progenitor's methods that [`Media`](super::Media) records: the copies'
//! URL fragment, the declared `Content-Type`, the multipart and XML bodies. Each one matches the
//! syntax of progenitor 0.15.1's request chain
//! (`self.client.post(url).header(..).json(&body).headers(header_map).build()?`) and is an
//! error when it finds nothing to change.

use quote::quote;
use syn::visit_mut::VisitMut;

use crate::codegen::syntax;
use crate::error::{Error, Result};
use crate::spec::Spec;

use super::{BodyRewrite, Media, MethodBody};

impl Media {
    /// Applies every recorded change to the methods of `file`, and adds the `multipart`
    /// module when an operation sends a multipart body, the `xml` module when one sends a
    /// typed XML body.
    pub fn apply(&self, spec: &Spec, file: &mut syn::File) -> Result<()> {
        let mut pending = self.methods.iter().collect::<Vec<_>>();
        for method in syntax::methods_mut(file) {
            let name = method.sig.ident.to_string();
            if let Some(index) = pending.iter().position(|body| body.method == name) {
                let body = pending.remove(index);
                self.rewrite(spec, method, body)?;
            }
        }
        if let Some(body) = pending.first() {
            return Err(Error::Codegen {
                file: spec.file.clone(),
                pointer: body.at.clone(),
                message: format!(
                    "the media-type pass found no generated method `{}` to send its body",
                    body.method
                ),
            });
        }
        if !self.parts.is_empty() {
            let parts = self.parts.iter().map(|parts| parts.emit());
            file.items.push(syn::parse_quote! {
                /// Request bodies sent as `multipart/form-data`, one struct per operation;
                /// file fields are `crate::runtime::FilePart`s.
                pub mod multipart {
                    #[allow(unused_imports)]
                    use super::types;
                    #(#parts)*
                }
            });
        }
        file.items.extend(self.xml.module());
        Ok(())
    }

    fn rewrite(&self, spec: &Spec, method: &mut syn::ImplItemFn, body: &MethodBody) -> Result<()> {
        let missing = |what: &str| Error::Codegen {
            file: spec.file.clone(),
            pointer: body.at.clone(),
            message: format!(
                "the media-type pass did not find {what} in the generated method `{}`",
                body.method
            ),
        };
        if let Some((suffix, media)) = &body.fragment {
            let fragment = format!("#{suffix}");
            let mut strip = StripFragment {
                fragment: &fragment,
                hits: 0,
            };
            strip.visit_block_mut(&mut method.block);
            if strip.hits != 1 {
                return Err(missing(&format!(
                    "the URL `format!` ending in `{fragment}`"
                )));
            }
            document(method, &fragment, media);
        }
        let hits = match &body.body {
            BodyRewrite::Kept => 1,
            BodyRewrite::ContentType(media) => {
                let mut visit = ChainCall {
                    name: "header",
                    hits: 0,
                    change: &mut |call| set_content_type(call, media),
                };
                visit.visit_block_mut(&mut method.block);
                visit.hits
            }
            BodyRewrite::JsonContentType(media) => {
                let mut visit = ChainCall {
                    name: "json",
                    hits: 0,
                    change: &mut |call| {
                        let receiver = &call.receiver;
                        *call.receiver = syn::parse_quote! {
                            #receiver.header(
                                ::reqwest::header::CONTENT_TYPE,
                                ::reqwest::header::HeaderValue::from_static(#media),
                            )
                        };
                        true
                    },
                };
                visit.visit_block_mut(&mut method.block);
                visit.hits
            }
            BodyRewrite::Xml { media, component } => {
                let root = self.xml.root(component);
                let mut visit = ChainCall {
                    name: "json",
                    hits: 0,
                    change: &mut |call| {
                        let receiver = &call.receiver;
                        let Some(body) = call.args.first() else {
                            return false;
                        };
                        *call = syn::parse_quote! {
                            #receiver
                                .header(
                                    ::reqwest::header::CONTENT_TYPE,
                                    ::reqwest::header::HeaderValue::from_static(#media),
                                )
                                .body(crate::runtime::xml_body(&xml::#root, #body).map_err(Error::InvalidRequest)?)
                        };
                        true
                    },
                };
                visit.visit_block_mut(&mut method.block);
                visit.hits
            }
            BodyRewrite::Multipart(index) => {
                let parts = &self.parts[*index].name;
                let Some(hits) = send_body(
                    method,
                    syn::parse_quote!(&'a multipart::#parts),
                    syn::parse_quote!(body.form().map_err(Error::InvalidRequest)?),
                ) else {
                    return Err(missing("a free parameter name `body` (a parameter has it)"));
                };
                hits
            }
            BodyRewrite::CallerForm => {
                let Some(hits) = send_body(
                    method,
                    syn::parse_quote!(::reqwest::multipart::Form),
                    syn::parse_quote!(body),
                ) else {
                    return Err(missing("a free parameter name `body` (a parameter has it)"));
                };
                hits
            }
        };
        match (&body.body, hits) {
            (_, 1) => Ok(()),
            (BodyRewrite::ContentType(_), _) => Err(missing(
                "one `.header(CONTENT_TYPE, HeaderValue::from_static(\"application/octet-stream\"))`",
            )),
            (BodyRewrite::JsonContentType(_) | BodyRewrite::Xml { .. }, _) => {
                Err(missing("one `.json(&body)`"))
            }
            _ => Err(missing("one request `.build()`")),
        }
    }
}

/// Says in the method's docs which media type it sends, and drops the fragment from the
/// path progenitor prints there.
fn document(method: &mut syn::ImplItemFn, fragment: &str, media: &str) {
    for attr in &mut method.attrs {
        let syn::Meta::NameValue(doc) = &mut attr.meta else {
            continue;
        };
        if !doc.path.is_ident("doc") {
            continue;
        }
        if let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) = &mut doc.value
        {
            let fixed = text.value().replace(&format!("{fragment}`"), "`");
            let fixed = format!(
                "{}\n\nSends the request body as `{media}`.",
                fixed.trim_end()
            );
            *text = syn::LitStr::new(&fixed, text.span());
        }
    }
}

/// `format!("{}/path#suffix", ..)` → `format!("{}/path", ..)`.
struct StripFragment<'a> {
    fragment: &'a str,
    hits: usize,
}

impl VisitMut for StripFragment<'_> {
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if !mac.path.is_ident("format") {
            return;
        }
        let Ok(mut args) = mac.parse_body_with(
            syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
        ) else {
            return;
        };
        let Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(template),
            ..
        })) = args.first_mut()
        else {
            return;
        };
        let Some(stripped) = template
            .value()
            .strip_suffix(self.fragment)
            .map(str::to_owned)
        else {
            return;
        };
        *template = syn::LitStr::new(&stripped, template.span());
        mac.tokens = quote!(#args);
        self.hits += 1;
    }
}

/// Calls `change` on every method call named `name`; counts those it changed.
/// Adds the parameter `body: ty` to `method` and has its request builder send `form` as
/// the multipart body before `.build()`; how many builds it found, `None` when a parameter
/// is named `body` already.
fn send_body(method: &mut syn::ImplItemFn, ty: syn::Type, form: syn::Expr) -> Option<usize> {
    let taken = method.sig.inputs.iter().any(|input| {
        matches!(input, syn::FnArg::Typed(typed)
            if matches!(&*typed.pat, syn::Pat::Ident(ident) if ident.ident == "body"))
    });
    if taken {
        return None;
    }
    method.sig.inputs.push(syn::parse_quote!(body: #ty));
    let mut visit = ChainCall {
        name: "build",
        hits: 0,
        change: &mut |call| {
            let receiver = &call.receiver;
            *call.receiver = syn::parse_quote!(#receiver.multipart(#form));
            true
        },
    };
    visit.visit_block_mut(&mut method.block);
    Some(visit.hits)
}

struct ChainCall<'a> {
    name: &'a str,
    hits: usize,
    change: &'a mut dyn FnMut(&mut syn::ExprMethodCall) -> bool,
}

impl VisitMut for ChainCall<'_> {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        syn::visit_mut::visit_expr_method_call_mut(self, call);
        if call.method == self.name && (self.change)(call) {
            self.hits += 1;
        }
    }
}

/// `.header(CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"))` gets
/// `media` instead.
fn set_content_type(call: &mut syn::ExprMethodCall, media: &str) -> bool {
    let mut args = call.args.iter_mut();
    let (Some(syn::Expr::Path(name)), Some(syn::Expr::Call(value))) = (args.next(), args.next())
    else {
        return false;
    };
    let is_content_type = name
        .path
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "CONTENT_TYPE");
    let is_from_static = matches!(&*value.func, syn::Expr::Path(func)
        if func.path.segments.last().is_some_and(|segment| segment.ident == "from_static"));
    match value.args.first_mut() {
        Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(literal),
            ..
        })) if is_content_type
            && is_from_static
            && literal.value() == "application/octet-stream" =>
        {
            *literal = syn::LitStr::new(media, literal.span());
            true
        }
        _ => false,
    }
}
